//! The library: every course package a learner can open (the bundled
//! sample courses and the packages found in the folders given), each
//! loaded or with the reason it cannot be. The player, `slate list` and
//! `slate export` all start from it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::load::Loaded;
use super::model::Course;
use super::source::{self, Source};

/// A course in the library: loaded (perhaps with items that cannot be
/// opened, counted in `errors`), or why it cannot be opened.
#[derive(Debug, Clone)]
pub struct Entry {
    pub course: Option<Arc<Course>>,
    /// Where it came from, as the learner would recognise it.
    pub origin: String,
    pub bundled: bool,
    pub errors: usize,
    /// Why the course cannot be opened (its first error), when it cannot.
    pub reason: Option<String>,
    /// The package's manifest and signature, when it was packed with one.
    /// Shared with its source, which notes each file read that does not
    /// match: the player shows what is known so far, and checks each file
    /// as it is read rather than hashing the package before the first
    /// frame.
    pub seal: Option<Arc<super::seal::Seal>>,
}

impl PartialEq for Entry {
    /// A seal is the same when it is the one read from the same opening.
    fn eq(&self, other: &Entry) -> bool {
        self.course == other.course
            && self.origin == other.origin
            && self.bundled == other.bundled
            && self.errors == other.errors
            && self.reason == other.reason
            && match (&self.seal, &other.seal) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
    }
}

impl Entry {
    /// The entry for a package just loaded.
    pub fn of(source: &Source, loaded: Loaded, bundled: bool) -> Entry {
        Entry {
            reason: loaded.closed_reason(),
            errors: loaded.errors(),
            course: loaded.course.map(Arc::new),
            origin: source.display().to_string(),
            bundled,
            seal: source.seal().cloned(),
        }
    }
}

/// The courses of the library and where their files are read from
/// (`sources[i]` is the package of `entries[i]`).
pub struct Library {
    pub sources: Vec<Option<Source>>,
    pub entries: Vec<Entry>,
    cache: Option<PathBuf>,
}

impl Library {
    /// Loads every package: the bundled ones (unless `only` is given), and
    /// each package found in `dirs` (a folder holding course folders or
    /// zips, or a package itself). Packages unchanged since they were last
    /// loaded come from the outline cache in `cache`.
    pub fn load(
        dirs: &[PathBuf],
        only: Option<&PathBuf>,
        bundled: bool,
        cache: Option<&Path>,
    ) -> Library {
        let mut lib = Library {
            sources: Vec::new(),
            entries: Vec::new(),
            cache: cache.map(Path::to_path_buf),
        };
        if let Some(path) = only {
            lib.add_path(path);
            return lib;
        }
        if bundled {
            for source in Source::bundled() {
                let (source, loaded) = super::cache::load_embedded(source, lib.cache.as_deref());
                lib.push(source, loaded, true);
            }
        }
        for dir in dirs {
            if dir.join(source::MANIFEST).is_file() || dir.is_file() {
                lib.add_path(dir);
                continue;
            }
            for c in source::packages_in(dir) {
                lib.add_path(&c);
            }
        }
        lib.drop_doubles();
        lib
    }

    /// A course found twice (a bundled course also in a folder given, the
    /// same folder given twice) is listed once: the copy in a folder the
    /// learner named, else the first.
    fn drop_doubles(&mut self) {
        let named: Vec<(String, String)> = self
            .entries
            .iter()
            .filter(|e| !e.bundled)
            .filter_map(|e| e.course.as_ref().map(|c| (c.id.clone(), c.version.clone())))
            .collect();
        let mut seen: Vec<(String, String)> = Vec::new();
        let mut keep = Vec::with_capacity(self.entries.len());
        for e in &self.entries {
            let Some(c) = &e.course else {
                keep.push(true);
                continue;
            };
            let key = (c.id.clone(), c.version.clone());
            let shadowed = e.bundled && named.contains(&key);
            keep.push(!shadowed && !seen.contains(&key));
            if !shadowed {
                seen.push(key);
            }
        }
        let mut k = keep.iter();
        self.entries.retain(|_| k.next().copied().unwrap_or(true));
        let mut k = keep.iter();
        self.sources.retain(|_| k.next().copied().unwrap_or(true));
    }

    /// The loaded course of each entry, in library order.
    pub fn courses(&self) -> Vec<Option<Arc<Course>>> {
        self.entries.iter().map(|e| e.course.clone()).collect()
    }

    /// Adds the package at `path` when its course passes `keep`.
    pub fn add_if(&mut self, path: &Path, keep: impl Fn(&Course) -> bool) {
        if let Ok((source, loaded)) = super::cache::open_and_load(path, self.cache.as_deref())
            && loaded.course.as_ref().is_some_and(keep)
        {
            self.push(source, loaded, false);
        }
    }

    fn add_path(&mut self, path: &Path) {
        match super::cache::open_and_load(path, self.cache.as_deref()) {
            Ok((source, loaded)) => self.push(source, loaded, false),
            Err(d) => {
                let reason = d
                    .iter()
                    .find(|d| d.is_error())
                    .map(|d| crate::text::one_line(&d.message).into_owned());
                self.push_unopened(path.display().to_string(), d.len(), reason)
            }
        }
    }

    fn push(&mut self, source: Source, loaded: Loaded, bundled: bool) {
        self.entries.push(Entry::of(&source, loaded, bundled));
        self.sources.push(Some(source));
    }

    /// A package that could not be opened at all: listed with its error
    /// count, so the library says to check it.
    fn push_unopened(&mut self, origin: String, errors: usize, reason: Option<String>) {
        self.entries.push(Entry {
            course: None,
            origin,
            bundled: false,
            errors,
            reason,
            seal: None,
        });
        self.sources.push(None);
    }
}
