//! Opening an image of a lesson in the system viewer. Only images are
//! opened, never through a shell, and an image inside a zip or the binary
//! is copied to a fresh file first.

use std::io::Write;
use std::process::{Command, Stdio};

use super::state::Arg;
use crate::course::Source;

/// Extensions the system viewer is asked to open: images only. Anything
/// else in a package (a script, a program, a shortcut) could run.
const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "bmp", "svg"];

/// The largest image copied out of a package for the viewer.
const MAX_IMAGE_BYTES: u64 = 64 * 1024 * 1024;

/// Opens the package's image at `rel`; the error says why not, in the
/// learner's language where Slate knows the reason.
pub fn open(source: &Source, rel: &str) -> Result<(), Arg> {
    let ext = rel
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !IMAGE_EXTENSIONS.contains(&ext.as_str()) {
        return Err(Arg::Message(
            "media-only-images",
            vec![("extensions", IMAGE_EXTENSIONS.join(", "))],
        ));
    }
    let io = |e: std::io::Error| Arg::Text(crate::util::io_reason(&e));
    let path = match source.disk_path(rel) {
        Some(p) if p.is_file() && source.check_inside(rel).is_ok() => p,
        _ => {
            let bytes = source
                .read(rel, MAX_IMAGE_BYTES)
                .map_err(|e| Arg::read_error(&e))?;
            // A fresh name, created new: never follows a planted link.
            let p = std::env::temp_dir().join(format!("slate-{:016x}.{ext}", fastrand::u64(..)));
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&p)
                .map_err(io)?;
            f.write_all(&bytes).map_err(io)?;
            p
        }
    };
    // No shell in between: the path is one argument, whatever its characters.
    let program = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let mut child = Command::new(program)
        .arg(&path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(io)?;
    // Reap the viewer launcher when it exits, without waiting for it here.
    std::thread::spawn(move || child.wait());
    Ok(())
}
