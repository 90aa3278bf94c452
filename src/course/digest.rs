//! The SHA-256 digest of a package's content. It names every file by its
//! path inside the package, so a folder and a zip of the same files have
//! the same digest, and any changed byte, renamed or added file changes it.

use sha2::{Digest, Sha256};

use super::Source;
use super::limits::MAX_ZIP_TOTAL_BYTES;
use super::source::ReadError;
use crate::util::hex;

/// `sha256:<hex>` over every file in path order: for each, its path, a NUL,
/// its length as 8 big-endian bytes, then its bytes. A packed package's
/// manifest and signature are not among its files ([`super::seal`]).
pub fn package_digest(source: &Source) -> Result<String, (String, ReadError)> {
    let paths: Vec<&str> = source.entries().iter().map(|e| e.path.as_str()).collect();
    digest_of_files(source, &paths)
}

/// The digest of what `slate pack` keeps of a package (its own files,
/// [`super::Loaded::files`]): the digest of the packed zip, so that
/// records made on a packed copy issue against the trainer's folder, with
/// its backups and stray files, too.
pub fn packed_digest(source: &Source, files: &[String]) -> Result<String, (String, ReadError)> {
    let paths: Vec<&str> = files.iter().map(String::as_str).collect();
    digest_of_files(source, &paths)
}

fn digest_of_files(source: &Source, paths: &[&str]) -> Result<String, (String, ReadError)> {
    let mut paths = paths.to_vec();
    paths.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    let mut hasher = Sha256::new();
    for path in paths {
        let bytes = source
            .read(path, MAX_ZIP_TOTAL_BYTES)
            .map_err(|e| (path.to_string(), e))?;
        hasher.update(path.as_bytes());
        hasher.update([0u8]);
        hasher.update((bytes.len() as u64).to_be_bytes());
        hasher.update(&bytes);
    }
    Ok(format!("sha256:{}", hex(&hasher.finalize())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest_of(files: &[(&str, &str)]) -> String {
        let dir = tempfile::tempdir().unwrap();
        for (p, c) in files {
            let path = dir.path().join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, c).unwrap();
        }
        package_digest(&Source::open(dir.path()).unwrap()).unwrap()
    }

    #[test]
    fn any_changed_byte_or_name_changes_the_digest() {
        let base = digest_of(&[("course.toml", "a"), ("lessons/x.md", "b")]);
        assert_eq!(
            base,
            digest_of(&[("lessons/x.md", "b"), ("course.toml", "a")])
        );
        assert_ne!(
            base,
            digest_of(&[("course.toml", "a"), ("lessons/x.md", "c")])
        );
        assert_ne!(
            base,
            digest_of(&[("course.toml", "a"), ("lessons/y.md", "b")])
        );
        assert_ne!(
            base,
            digest_of(&[("course.toml", "a"), ("lessons/x.md", "b"), ("z", "")])
        );
        assert!(base.starts_with("sha256:") && base.len() == 7 + 64);
    }
}
