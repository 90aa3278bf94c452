//! Opening a file a lesson links. Text files are read into Slate's own
//! reader; images and documents that only show (PDF, office documents)
//! open in the system viewer, checked by their first bytes, not only their
//! name, never through a shell, and always as a fresh copy read through the
//! package (removed when Slate quits), so that no file outside it and
//! nothing executable reaches the viewer. Anything else (a script, a
//! program, a shortcut) is never opened.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::state::Arg;
use crate::course::Source;

/// Read into the reader, as text.
const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md", "csv", "tsv"];

/// Images, which the system viewer is asked to show.
const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "bmp", "svg"];

/// Documents that only show, opened with the system viewer too.
const DOCUMENT_EXTENSIONS: &[&str] = &["pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "epub"];

/// The largest file copied out of a package for the viewer.
const MAX_VIEWER_BYTES: u64 = 64 * 1024 * 1024;

/// The largest text file read into the reader.
const MAX_TEXT_BYTES: u64 = 1024 * 1024;

/// What opening a file gave.
#[derive(Debug)]
pub enum Opened {
    /// Shown by the system viewer, from this temporary copy.
    Viewer(PathBuf),
    /// A text file, for the reader.
    Text(String),
}

fn extension(rel: &str) -> String {
    rel.rsplit_once('.')
        .filter(|(stem, _)| !stem.ends_with('/'))
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Opens the package's file at `rel`; the error says why not, in the
/// learner's language where Slate knows the reason. Without `launch` (in
/// tests) a file for the viewer is checked but not copied or shown.
pub fn open(source: &Source, rel: &str, launch: bool) -> Result<Opened, Arg> {
    let ext = extension(rel);
    if TEXT_EXTENSIONS.contains(&ext.as_str()) {
        let bytes = source
            .read(rel, MAX_TEXT_BYTES)
            .map_err(|e| Arg::read_error(&e))?;
        // Old-Mac line endings read like any other.
        let text = crate::text::unix_line_ends(String::from_utf8_lossy(&bytes).into_owned());
        return Ok(Opened::Text(
            text.trim_start_matches('\u{feff}').to_string(),
        ));
    }
    let image = IMAGE_EXTENSIONS.contains(&ext.as_str());
    if !image && !DOCUMENT_EXTENSIONS.contains(&ext.as_str()) {
        return Err(Arg::Message(
            "media-not-opened",
            vec![("ext", format!(".{ext}"))],
        ));
    }
    let io = |e: std::io::Error| Arg::Text(crate::util::io_reason(&e));
    // Read through the package, which holds only listed files inside it
    // (never a file behind a linked folder), and checked by its first
    // bytes, whatever its name says.
    let bytes = source
        .read(rel, MAX_VIEWER_BYTES)
        .map_err(|e| Arg::read_error(&e))?;
    let fits = if image {
        looks_like_an_image(&ext, &bytes)
    } else {
        looks_like_a_document(&ext, &bytes)
    };
    if !fits {
        return Err(Arg::Message("media-not-what-it-says", Vec::new()));
    }
    if !launch {
        return Ok(Opened::Viewer(PathBuf::new()));
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
    let spawned = Command::new(program)
        .arg(&path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            // The viewer is what is missing, not the file.
            return Err(if e.kind() == std::io::ErrorKind::NotFound {
                Arg::Message("media-no-viewer", vec![("viewer", program.to_string())])
            } else {
                io(e)
            });
        }
    };
    // Reap the viewer launcher when it exits, without waiting for it here.
    std::thread::spawn(move || child.wait());
    Ok(Opened::Viewer(path))
}

/// Copies the package's file at `rel` to `to`, a new file (never over one
/// that is there), read through the package and without the execute bit.
pub fn copy_out(source: &Source, rel: &str, to: &str) -> Result<(), Arg> {
    let io = |e: std::io::Error| Arg::Text(crate::util::io_reason(&e));
    let bytes = source
        .read(rel, MAX_VIEWER_BYTES)
        .map_err(|e| Arg::read_error(&e))?;
    let to = std::path::Path::new(to);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(to)
        .map_err(io)?;
    let written = f.write_all(&bytes).and_then(|()| f.sync_all());
    if let Err(e) = written {
        drop(f);
        let _ = std::fs::remove_file(to);
        return Err(io(e));
    }
    Ok(())
}

/// Whether `bytes` begin as a document of the kind `ext` names would.
fn looks_like_a_document(ext: &str, bytes: &[u8]) -> bool {
    match ext {
        "pdf" => bytes.starts_with(b"%PDF-"),
        _ => bytes.starts_with(b"PK\x03\x04"),
    }
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
        assert!(looks_like_a_document("pdf", b"%PDF-1.7\n"));
        assert!(!looks_like_a_document("pdf", b"MZ\x90\x00"));
        assert!(!looks_like_a_document("docx", b"#!/bin/sh"));
    }

    #[test]
    fn only_text_images_and_documents_are_opened() {
        for ext in ["sh", "exe", "bat", "desktop", "lnk", "html", "js", ""] {
            assert!(
                !TEXT_EXTENSIONS.contains(&ext)
                    && !IMAGE_EXTENSIONS.contains(&ext)
                    && !DOCUMENT_EXTENSIONS.contains(&ext),
                "{ext}"
            );
        }
        assert_eq!(extension("assets/a.TXT"), "txt");
        assert_eq!(extension("assets/.hidden/x"), "");
    }
}
