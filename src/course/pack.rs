//! `slate pack`: a course folder as the zip a trainer hands out. Only the
//! package's own files go in ([`super::Loaded::files`]), under one folder
//! named after the course, sorted, with UTF-8 names, fixed times and
//! permissions, so that packing the same folder twice gives the same
//! bytes; last, the manifest of every file's SHA-256 ([`super::seal`])
//! and, when a key is given, its signature.

use std::io::{Seek, Write};
use std::path::Path;

use ed25519_dalek::SigningKey;
use zip::write::SimpleFileOptions;

use super::limits::MAX_ZIP_TOTAL_BYTES;
use super::seal::{MANIFEST_FILE, Manifest, Publisher, SIGNATURE_FILE, sha256_hex, sign};
use super::{Course, Source};

/// A file of the folder that is not packed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// Inside the package, `/`-separated; a folder ends with `/`.
    pub path: String,
    pub why: Why,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// A dot file, `__MACOSX/`, `Thumbs.db`, a backup or swap file.
    Junk,
    /// Nothing in the course reaches it.
    Unreached,
}

impl Why {
    pub fn describe(self) -> &'static str {
        match self {
            Why::Junk => "an editor's or system's file",
            Why::Unreached => "nothing in the course reaches it",
        }
    }
}

/// Who signs the manifest.
pub struct Signer<'a> {
    pub key: &'a SigningKey,
    pub did: String,
    pub name: Option<String>,
}

/// A file name editors, backups and operating systems leave behind.
pub fn is_junk(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name == "__MACOSX"
        || lower == "thumbs.db"
        || lower == "desktop.ini"
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".bak", ".swp", ".swo", ".tmp", ".orig", ".part"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

/// What is left out of packing `source` as `files`: its other files, and,
/// for a folder, what the package walk never lists (dot files,
/// `__MACOSX/`, `Thumbs.db`), each folder of those once. Sorted by path.
pub fn left_out(source: &Source, files: &[String]) -> Vec<LeftOut> {
    let kept: std::collections::HashSet<&str> = files.iter().map(String::as_str).collect();
    let mut out: Vec<LeftOut> = source
        .entries()
        .iter()
        .filter(|e| !kept.contains(e.path.as_str()))
        .map(|e| {
            let name = e.path.rsplit('/').next().unwrap_or(&e.path);
            LeftOut {
                path: e.path.clone(),
                why: if is_junk(name) {
                    Why::Junk
                } else {
                    Why::Unreached
                },
            }
        })
        .collect();
    if let Some(root) = source.location().filter(|p| p.is_dir()) {
        hidden(&root, "", 0, &mut out);
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out.dedup();
    out
}

/// The names the package walk skips, found the same way (no link
/// followed, as deep as a package may be); a few hundred at most.
fn hidden(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<LeftOut>) {
    const MAX_LISTED: usize = 500;
    if depth > super::limits::MAX_DIR_DEPTH || out.len() > MAX_LISTED {
        return;
    }
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut children: Vec<_> = read.flatten().collect();
    children.sort_by_key(|c| c.file_name());
    for child in children {
        let name = child.file_name().to_string_lossy().into_owned();
        let Ok(ft) = child.file_type() else { continue };
        let path = format!("{prefix}{name}");
        let skipped = name.starts_with('.') || name == "__MACOSX" || name == "Thumbs.db";
        if skipped && !super::seal::is_seal_file(&path) {
            let shown = if ft.is_dir() {
                format!("{path}/")
            } else {
                path
            };
            out.push(LeftOut {
                path: shown,
                why: Why::Junk,
            });
        } else if ft.is_dir() {
            hidden(&child.path(), &format!("{path}/"), depth + 1, out);
        }
    }
}

/// Writes the zip of `files` of `source` to `out` and returns the manifest
/// it holds.
pub fn write_zip<W: Write + Seek>(
    source: &Source,
    course: &Course,
    files: &[String],
    signer: Option<&Signer<'_>>,
    out: W,
) -> Result<Manifest, String> {
    let mut files: Vec<&str> = files.iter().map(String::as_str).collect();
    files.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    let mut manifest = Manifest {
        slate_manifest: 1,
        course: course.id.clone(),
        version: course.version.clone(),
        publisher: signer.map(|s| Publisher {
            name: s.name.clone(),
            key: s.did.clone(),
        }),
        files: Default::default(),
    };
    // Every entry the same: deflated at one level, 1980-01-01 00:00 (the
    // zip format's first day), rw-r--r--. The zip crate sets the UTF-8
    // flag on every name that is not ASCII (an ASCII name is the same in
    // every code page).
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(out);
    let top = &course.id;
    let put = |zip: &mut zip::ZipWriter<W>, path: &str, bytes: &[u8]| {
        zip.start_file(format!("{top}/{path}"), options)
            .map_err(|e| e.to_string())?;
        zip.write_all(bytes).map_err(|e| e.to_string())
    };
    // One file in memory at a time; the manifest and its signature come
    // last, once every hash is known.
    let mut total = 0u64;
    for path in &files {
        let bytes = source
            .read(path, MAX_ZIP_TOTAL_BYTES)
            .map_err(|e| format!("{}: {e}", source.file_name(path)))?;
        total += bytes.len() as u64;
        if total > MAX_ZIP_TOTAL_BYTES {
            return Err(format!(
                "the course's files come to more than {} MiB, more than a package may hold",
                MAX_ZIP_TOTAL_BYTES / 1024 / 1024
            ));
        }
        manifest
            .files
            .insert((*path).to_string(), sha256_hex(&bytes));
        put(&mut zip, path, &bytes)?;
    }
    let manifest_bytes = manifest.to_bytes()?;
    put(&mut zip, MANIFEST_FILE, &manifest_bytes)?;
    if let Some(s) = signer {
        put(
            &mut zip,
            SIGNATURE_FILE,
            sign(&manifest_bytes, s.key).as_bytes(),
        )?;
    }
    zip.finish().map_err(|e| e.to_string())?;
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_is_what_editors_and_systems_leave() {
        for junk in [
            ".DS_Store",
            "Thumbs.db",
            "thumbs.db",
            "desktop.ini",
            "intro.md~",
            "#intro.md#",
            "intro.md.bak",
            "intro.BAK",
            ".intro.md.swp",
            "intro.md.swo",
            "__MACOSX",
        ] {
            assert!(is_junk(junk), "{junk}");
        }
        for kept in ["intro.md", "bak.md", "photo.png", "course.toml"] {
            assert!(!is_junk(kept), "{kept}");
        }
    }
}
