//! Gathering a learner's records from the store and the course packages
//! into a bundle, and writing files so that a pulled stick never leaves a
//! half-written one behind.

use std::cell::OnceCell;

use super::bundle::{Bundle, CourseRecord, LearnerRecord};
use crate::course::{Course, Source, package_digest};
use crate::store::{Learner, Store};

/// A course package the learner may have studied.
pub struct Package<'a> {
    pub course: &'a Course,
    pub source: &'a Source,
    /// Its content digest, read once however many learners' records
    /// need it (`sync` goes through every learner).
    digest: OnceCell<Result<String, String>>,
}

impl Package<'_> {
    pub fn digest(&self) -> Result<String, String> {
        self.digest
            .get_or_init(|| {
                package_digest(self.source)
                    .map_err(|(file, e)| format!("{}: {file}: {e}", self.source.display()))
            })
            .clone()
    }
}

/// The packages among a library's courses and sources (entries that
/// could not be loaded are left out).
pub fn packages<'a>(
    courses: &'a [Option<std::sync::Arc<Course>>],
    sources: &'a [Option<Source>],
) -> Vec<Package<'a>> {
    courses
        .iter()
        .zip(sources)
        .filter_map(|(c, s)| {
            Some(Package {
                course: c.as_deref()?,
                source: s.as_ref()?,
                digest: OnceCell::new(),
            })
        })
        .collect()
}

/// The learner's bundle as the JSON file the issuer takes.
pub fn bundle_file(
    store: &Store,
    learner: &Learner,
    packages: &[Package],
    only: Option<&str>,
) -> Result<Vec<u8>, String> {
    let (bundle, _) = bundle(store, learner, packages, only, now())?;
    if bundle.courses.is_empty() {
        return Err(format!("{} has no progress here yet", learner.name));
    }
    let mut bytes = crate::util::json::to_vec_pretty(&bundle).map_err(|e| e.to_string())?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The learner's bundle over `packages` (only the courses they opened).
/// Courses they studied whose package is not among `packages` are named in
/// the second value, so the caller can say what was left out.
pub fn bundle(
    store: &Store,
    learner: &Learner,
    packages: &[Package],
    only: Option<&str>,
    now: String,
) -> Result<(Bundle, Vec<String>), String> {
    let studied = store.courses_of(learner.id).map_err(|e| e.to_string())?;
    let mut courses = Vec::new();
    let mut missing = Vec::new();
    for id in studied
        .iter()
        .filter(|id| only.is_none_or(|o| o == id.as_str()))
    {
        let Some(p) = packages.iter().find(|p| &p.course.id == id) else {
            missing.push(id.clone());
            continue;
        };
        let history = store.history(learner.id, id).map_err(|e| e.to_string())?;
        let digest = p.digest()?;
        courses.push(CourseRecord::new(p.course, digest, history));
    }
    let record = LearnerRecord {
        id: learner.uid.clone(),
        name: learner.name.clone(),
        email: learner.email.clone(),
    };
    Ok((Bundle::new(record, courses, now), missing))
}

/// A file name part from a learner's name: ASCII letters and digits only.
pub fn file_slug(name: &str) -> String {
    crate::text::slug(name).chars().take(40).collect()
}

/// Now, as the records write times: RFC 3339, UTC, whole seconds.
pub fn now() -> String {
    let t = time::OffsetDateTime::now_utc();
    t.replace_nanosecond(0)
        .unwrap_or(t)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_whole_seconds_in_utc() {
        let t = now();
        assert_eq!(t.len(), "2026-11-23T10:00:00Z".len(), "{t}");
        assert!(t.ends_with('Z'));
    }

    #[test]
    fn file_names_are_plain_ascii() {
        assert_eq!(file_slug("Nguyễn Thị Đào"), "nguyen-thi-dao");
        assert_eq!(file_slug("../../etc"), "etc");
        assert_eq!(file_slug("李明"), "");
    }
}
