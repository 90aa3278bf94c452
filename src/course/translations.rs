//! Which file translates which: a lesson `lessons/a.md` by
//! `lessons/a.<tag>.md`, and any file a lesson links the same way
//! (`assets/checklist.lo.txt` beside `assets/checklist.txt`).

use super::source::Source;
use super::toml_read::valid_language_tag;

/// The file `path` translates, and into which language: `assets/a.lo.txt`
/// gives (`assets/a.txt`, `lo`).
pub fn translated_from(path: &str) -> Option<(String, String)> {
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let (stem, ext) = name.rsplit_once('.')?;
    let (base, tag) = stem.rsplit_once('.')?;
    if base.is_empty()
        || !tag.contains(|c: char| c.is_ascii_alphabetic())
        || !valid_language_tag(tag)
    {
        return None;
    }
    let file = format!("{base}.{ext}");
    let original = if dir.is_empty() {
        file
    } else {
        format!("{dir}/{file}")
    };
    Some((original, tag.to_string()))
}

/// The package's translation of the file `path` into `lang`, if it has one:
/// `assets/a.txt` in `lo` is `assets/a.lo.txt`.
pub fn translation_of(source: &Source, path: &str, lang: &str) -> Option<String> {
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let (stem, ext) = name.rsplit_once('.')?;
    let file = format!("{stem}.{lang}.{ext}");
    let candidate = if dir.is_empty() {
        file
    } else {
        format!("{dir}/{file}")
    };
    source
        .entries()
        .iter()
        .find(|e| e.path.eq_ignore_ascii_case(&candidate))
        .map(|e| e.path.clone())
}

/// The translations of `path` the package has, by language tag:
/// `lessons/a.md` is translated by `lessons/a.<tag>.md`.
pub(super) fn translation_files(source: &Source, path: &str) -> Vec<(String, String)> {
    source
        .entries()
        .iter()
        .filter_map(|e| {
            let (original, tag) = translated_from(&e.path)?;
            (original == path).then(|| (tag, e.path.clone()))
        })
        .collect()
}
