//! Which file translates which: a lesson `lessons/a.md` by
//! `lessons/a.<tag>.md`, and any file a lesson links the same way
//! (`assets/checklist.lo.txt` beside `assets/checklist.txt`).

use std::collections::HashMap;

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

/// The name a translation of `path` into `lang` has: `lessons/a.md` in
/// `vi` is `lessons/a.vi.md`.
pub fn example_name(path: &str, lang: &str) -> String {
    match path.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') => format!("{stem}.{lang}.{ext}"),
        _ => format!("{path}.{lang}"),
    }
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

/// The languages a suffix may name for a file to be a translation: those
/// the course uses (its default, and those of its titles) and those Slate
/// has a user interface in. `intro.bak.md` is well-formed BCP 47 but no
/// translation: it is a stray copy.
#[derive(Debug, Clone, Default)]
pub struct KnownLanguages(Vec<String>);

impl KnownLanguages {
    pub fn new(course: impl IntoIterator<Item = String>) -> Self {
        KnownLanguages(course.into_iter().collect())
    }

    /// A language to show in an example translation's name: one the
    /// course uses besides its default, else one Slate speaks.
    pub fn example(&self, default: &str) -> String {
        self.0
            .iter()
            .find(|l| !l.eq_ignore_ascii_case(default))
            .cloned()
            .unwrap_or_else(|| if default == "vi" { "en" } else { "vi" }.into())
    }

    pub fn contains(&self, tag: &str) -> bool {
        self.0.iter().any(|l| l.eq_ignore_ascii_case(tag)) || crate::i18n::supports(tag)
    }
}

/// Every translation file of the package, by the file it translates:
/// `lessons/a.md` → [(`vi`, `lessons/a.vi.md`), ...]. Built once per
/// package (one pass over its files), so that finding a lesson's
/// translations costs a lookup, not a pass: a 2,000-lesson course would
/// otherwise look at every file 2,000 times.
#[derive(Debug, Default)]
pub struct TranslationIndex(HashMap<String, Vec<(String, String)>>);

impl TranslationIndex {
    pub fn new(source: &Source, known: &KnownLanguages) -> Self {
        let mut map: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for e in source.entries() {
            if let Some((original, tag)) = translated_from(&e.path)
                && known.contains(&tag)
            {
                map.entry(original).or_default().push((tag, e.path.clone()));
            }
        }
        TranslationIndex(map)
    }

    /// The translations of `path` the package has, by language tag:
    /// `lessons/a.md` is translated by `lessons/a.<tag>.md`.
    pub fn of(&self, path: &str) -> &[(String, String)] {
        self.0.get(path).map_or(&[], Vec::as_slice)
    }
}
