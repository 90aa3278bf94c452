//! Opening an image of a lesson in the system viewer. Only images are
//! opened (by their first bytes, not only their name), never through a
//! shell, and always as a fresh copy read through the package, so that no
//! file outside it and nothing executable reaches the viewer.

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
    // Read through the package, which holds only listed files inside it
    // (never a file behind a linked folder), and checked to be an image by
    // its first bytes, whatever its name says.
    let bytes = source
        .read(rel, MAX_IMAGE_BYTES)
        .map_err(|e| Arg::read_error(&e))?;
    if !looks_like_an_image(&ext, &bytes) {
        return Err(Arg::Message("media-not-an-image", Vec::new()));
    }
    // A fresh file of the temporary folder, created new (never following a
    // planted link) and without the execute bit, whatever the package's
    // own file had.
    let path = std::env::temp_dir().join(format!("slate-{:016x}.{ext}", fastrand::u64(..)));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(io)?;
    f.write_all(&bytes).map_err(io)?;
    drop(f);
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

/// Whether `bytes` begin as an image of the kind `ext` names would.
fn looks_like_an_image(ext: &str, bytes: &[u8]) -> bool {
    match ext {
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "jpg" | "jpeg" => bytes.starts_with(&[0xff, 0xd8, 0xff]),
        "gif" => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
        "webp" => bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"),
        "bmp" => bytes.starts_with(b"BM"),
        "svg" => {
            let head =
                String::from_utf8_lossy(bytes.get(..1024).unwrap_or(bytes)).to_ascii_lowercase();
            head.contains("<svg")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_begins_as_an_image_is_one() {
        assert!(looks_like_an_image("png", b"\x89PNG\r\n\x1a\n...."));
        assert!(!looks_like_an_image("png", b"#!/bin/sh\nrm -rf ~\n"));
        assert!(looks_like_an_image("jpg", &[0xff, 0xd8, 0xff, 0xe0]));
        assert!(looks_like_an_image(
            "svg",
            b"<?xml version=\"1.0\"?><svg></svg>"
        ));
        assert!(!looks_like_an_image("gif", b"GIF"));
    }
}
