//! The outline cache: a package's loaded and checked course, kept in the
//! data folder and keyed by every file's size and modification time, so
//! that opening the player on a large course reads one file instead of
//! every lesson and quiz. Lessons are still read when opened.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::load::{Loaded, load};
use super::model::{Course, ItemKind};
use super::source::{Listing, Source};

/// A cache file larger than this is not one of ours.
const MAX_CACHE_BYTES: u64 = 256 * 1024 * 1024;

/// What a cached outline is still right for.
#[derive(Serialize, Deserialize)]
enum Key {
    /// A folder: every file's size and time, every folder's time.
    Dir(Listing),
    /// A zip: the zip file's own size and time.
    Zip(String),
    /// A course embedded in the binary: the fingerprint of its files, so
    /// that a Slate rebuilt with changed courses (the same version number)
    /// never shows an outline of the old ones.
    Embedded(u64),
}

#[derive(Serialize, Deserialize)]
struct Cached {
    /// The Slate that wrote it: another version reads the package again.
    slate: String,
    key: Key,
    /// The course with each quiz's questions left in the package.
    course: Course,
}

fn file_for(path: &Path, dir: &Path) -> std::path::PathBuf {
    let name = Sha256::digest(path.display().to_string().as_bytes());
    dir.join(format!("outline-{}.bin", &crate::util::hex(&name)[..32]))
}

/// Opens and loads the package at `path`, from the outline cache in `dir`
/// while it is still right; a package that loads without problems is
/// cached for next time. Any problem with the cache (missing, stale,
/// damaged, unwritable) just means a full load.
pub fn open_and_load(
    path: &Path,
    dir: Option<&Path>,
) -> Result<(Source, Loaded), Vec<super::Diagnostic>> {
    let Some(dir) = dir else {
        let source = Source::open(path)?;
        let loaded = load(&source);
        return Ok((source, loaded));
    };
    let file = file_for(path, dir);
    let cached = read(&file);
    if let Some(Cached {
        key: Key::Dir(listing),
        course,
        ..
    }) = cached
    {
        if let Some(source) = Source::from_listing(path, listing) {
            return Ok((source, outline_loaded(course)));
        }
        let source = Source::open(path)?;
        return Ok(load_and_cache(source, &file));
    }
    let source = Source::open(path)?;
    if let Some(Cached {
        key: Key::Zip(fingerprint),
        course,
        ..
    }) = cached
        && source.zip_fingerprint().as_ref() == Some(&fingerprint)
    {
        return Ok((source, outline_loaded(course)));
    }
    Ok(load_and_cache(source, &file))
}

/// Loads a course embedded in the binary, from the cache in `dir` when this
/// Slate wrote it.
pub fn load_embedded(source: Source, dir: Option<&Path>) -> (Source, Loaded) {
    let Some(dir) = dir else {
        let loaded = load(&source);
        return (source, loaded);
    };
    let file = file_for(Path::new(&format!("embedded:{}", source.display())), dir);
    let fingerprint = source.embedded_fingerprint();
    if let Some(Cached {
        key: Key::Embedded(seen),
        course,
        ..
    }) = read(&file)
        && Some(seen) == fingerprint
    {
        return (source, outline_loaded(course));
    }
    load_and_cache(source, &file)
}

fn outline_loaded(course: Course) -> Loaded {
    Loaded {
        course: Some(course),
        diagnostics: Vec::new(),
        files: None,
    }
}

/// The course without its quizzes' questions, which stay in the package.
fn outline_of(course: &Course) -> Course {
    Course {
        items: course
            .items
            .iter()
            .map(|item| super::model::Item {
                id: item.id.clone(),
                path: item.path.clone(),
                kind: match &item.kind {
                    ItemKind::Quiz(q) => ItemKind::Quiz(q.outline()),
                    ItemKind::Lesson(l) => ItemKind::Lesson(l.clone()),
                    ItemKind::Unavailable(u) => ItemKind::Unavailable(u.clone()),
                },
            })
            .collect(),
        modules: course.modules.clone(),
        id: course.id.clone(),
        version: course.version.clone(),
        language: course.language.clone(),
        languages: course.languages.clone(),
        title: course.title.clone(),
        summary: course.summary.clone(),
        authors: course.authors.clone(),
        license: course.license.clone(),
        minutes: course.minutes,
        completion: course.completion.clone(),
        credential: course.credential.clone(),
    }
}

/// Loads `source` in full and caches its outline; what comes back is the
/// outline too (the questions are read when a quiz is opened), so that a
/// large course costs the same memory on its first start as on later ones.
fn load_and_cache(source: Source, file: &Path) -> (Source, Loaded) {
    let mut loaded = load(&source);
    let key = if source.is_bundled() {
        source.embedded_fingerprint().map(Key::Embedded)
    } else {
        match source.listing() {
            Some(listing) => Some(Key::Dir(listing)),
            None => source.zip_fingerprint().map(Key::Zip),
        }
    };
    if let Some(course) = &loaded.course
        && loaded.diagnostics.is_empty()
    {
        let outline = outline_of(course);
        if let Some(key) = key {
            let cached = Cached {
                slate: env!("CARGO_PKG_VERSION").to_string(),
                key,
                course: outline,
            };
            if let Ok(bytes) = postcard::to_allocvec(&cached)
                && let Some(dir) = file.parent()
                && std::fs::create_dir_all(dir).is_ok()
            {
                let _ = crate::util::write_file(file, &bytes);
            }
            loaded.course = Some(cached.course);
        } else {
            loaded.course = Some(outline);
        }
    }
    (source, loaded)
}

fn read(file: &Path) -> Option<Cached> {
    let bytes = crate::util::read_regular(file, MAX_CACHE_BYTES).ok()?;
    let cached: Cached = postcard::from_bytes(&bytes).ok()?;
    (cached.slate == env!("CARGO_PKG_VERSION")).then_some(cached)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(dir: &Path) {
        std::fs::create_dir_all(dir.join("lessons")).unwrap();
        std::fs::write(
            dir.join("course.toml"),
            "format = 1\nid = \"c\"\nversion = \"1.0.0\"\nlanguage = \"en\"\ntitle = \"C\"\n\n[[module]]\nid = \"m\"\ntitle = \"M\"\nitems = [\"lessons/a.md\"]\n",
        )
        .unwrap();
        std::fs::write(dir.join("lessons/a.md"), "# First title\n\nText.\n").unwrap();
    }

    #[test]
    fn the_cache_is_used_while_right_and_renewed_when_a_file_changes() {
        let tmp = tempfile::tempdir().unwrap();
        let pkg = tmp.path().join("pkg");
        let cache = tmp.path().join("cache");
        package(&pkg);
        let (_, first) = open_and_load(&pkg, Some(&cache)).unwrap();
        let course = first.course.unwrap();
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 1);

        // Unchanged: the cache answers.
        let (_, again) = open_and_load(&pkg, Some(&cache)).unwrap();
        assert_eq!(again.course.as_ref(), Some(&course));

        // A changed file (new size) is read again.
        std::fs::write(pkg.join("lessons/a.md"), "# A new title\n\nMore text.\n").unwrap();
        let (_, changed) = open_and_load(&pkg, Some(&cache)).unwrap();
        assert_eq!(
            changed.course.unwrap().items[0].title().default_text(),
            "A new title"
        );

        // A damaged cache is ignored, never trusted.
        for f in std::fs::read_dir(&cache).unwrap() {
            std::fs::write(f.unwrap().path(), b"garbage").unwrap();
        }
        let (_, repaired) = open_and_load(&pkg, Some(&cache)).unwrap();
        assert!(repaired.course.is_some());
    }

    #[test]
    fn a_cached_quiz_keeps_its_questions_in_the_package_until_opened() {
        let tmp = tempfile::tempdir().unwrap();
        let pkg = tmp.path().join("pkg");
        let cache = tmp.path().join("cache");
        let fixture =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/quiz-only");
        std::fs::create_dir_all(pkg.join("quizzes")).unwrap();
        for f in ["course.toml", "quizzes/all-types.toml"] {
            std::fs::copy(fixture.join(f), pkg.join(f)).unwrap();
        }
        let full = load(&Source::open(&pkg).unwrap()).course.unwrap();
        // The first start already keeps only the outline in memory.
        let (_, first) = open_and_load(&pkg, Some(&cache)).unwrap();
        let (source, outline) = open_and_load(&pkg, Some(&cache)).unwrap();
        assert_eq!(
            first.course.as_ref(),
            Some(&outline.course.clone().unwrap())
        );
        let outline = outline.course.unwrap();
        let (ItemKind::Quiz(f), ItemKind::Quiz(o)) = (&full.items[0].kind, &outline.items[0].kind)
        else {
            panic!("the fixture is one quiz")
        };
        assert!(o.lazy && o.questions.is_empty() && !f.lazy);
        assert_eq!(o.total_points(), f.total_points());
        let read = crate::course::load::quiz_body(&source, &outline.items[0].path, "en").unwrap();
        assert_eq!(&read, f);

        // A new file in a folder of the package: listed again.
        std::fs::write(pkg.join("quizzes/notes.txt"), "x").unwrap();
        let (source, _) = open_and_load(&pkg, Some(&cache)).unwrap();
        assert!(source.contains("quizzes/notes.txt"));
    }

    #[test]
    fn a_package_with_errors_is_never_cached() {
        let tmp = tempfile::tempdir().unwrap();
        let pkg = tmp.path().join("pkg");
        let cache = tmp.path().join("cache");
        package(&pkg);
        std::fs::remove_file(pkg.join("lessons/a.md")).unwrap();
        let (_, loaded) = open_and_load(&pkg, Some(&cache)).unwrap();
        // The course opens with its one lesson unavailable, and is not
        // cached: a full load each time says again what is wrong.
        let course = loaded.course.as_ref().unwrap();
        assert!(loaded.errors() > 0);
        assert!(matches!(course.items[0].kind, ItemKind::Unavailable(_)));
        assert!(!cache.exists());
        // Nor is a course that cannot be opened at all.
        std::fs::write(pkg.join("course.toml"), "format = 1\nid = \n").unwrap();
        let (_, loaded) = open_and_load(&pkg, Some(&cache)).unwrap();
        assert!(loaded.course.is_none() && loaded.errors() > 0);
        assert!(!cache.exists());
    }

    #[test]
    fn a_bundled_course_cached_from_other_files_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let source = Source::bundled().into_iter().next().unwrap();
        let file = file_for(
            Path::new(&format!("embedded:{}", source.display())),
            dir.path(),
        );
        let (_, first) = load_embedded(source, Some(dir.path()));
        let mut stale = first.course.clone().unwrap();
        stale.languages = vec!["en".into()];
        // An outline cached by a Slate of the same version built with
        // other course files.
        let cached = Cached {
            slate: env!("CARGO_PKG_VERSION").to_string(),
            key: Key::Embedded(0),
            course: stale,
        };
        std::fs::write(&file, postcard::to_allocvec(&cached).unwrap()).unwrap();
        let source = Source::bundled().into_iter().next().unwrap();
        let (_, again) = load_embedded(source, Some(dir.path()));
        assert_eq!(again.course, first.course, "the stale outline is not used");
    }
}
