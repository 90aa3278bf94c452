//! `slate export` and `slate sync`: a learner's records out of the machine,
//! as a bundle file for the issuer, xAPI statements, or straight to a
//! learning record store.

use std::path::Path;
use std::process::ExitCode;

use super::options::Options;
use super::out::{say, tell};
use crate::course::Library;
use crate::records::export::{bundle, now, packages};
use crate::records::sync::{BATCH, Lrs};
use crate::records::xapi;
use crate::store::{DB_NAME, Learner, Store};
use crate::text::quote;
use crate::util::write_file;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The record bundle the issuer re-grades and signs (`slate issue`).
    Bundle,
    /// xAPI 1.0.3 statements, for a learning record store.
    Xapi,
    /// Credly's bulk-issue CSV, filled into its template (--template).
    Credly,
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    tell(format!("slate: {msg}"));
    ExitCode::FAILURE
}

/// Opens the database: only to read it for `export` (which never repairs
/// or migrates, and works on a write-protected stick), to change it for
/// `sync` (which remembers what the record store took).
pub(super) fn open_store(dir: &Path, write: bool) -> Result<Store, String> {
    let path = dir.join(DB_NAME);
    if !path.exists() {
        return Err(format!(
            "no progress yet in {} (nothing has been studied with this data folder)",
            dir.display()
        ));
    }
    if write {
        // A damaged database is repaired by the player, which shows the
        // learner what it kept; sync never repairs one behind their back.
        if let Err(e @ crate::store::StoreError::Damaged) = Store::open_read_only(&path) {
            return Err(format!("{}: {e}", path.display()));
        }
    }
    let store = if write {
        Store::open(&path)
    } else {
        Store::open_read_only(&path)
    };
    let store = store.map_err(|e| format!("{}: {e}", path.display()))?;
    for notice in &store.notices {
        use crate::store::Notice;
        tell(match notice {
            Notice::Migrated { from, to } => {
                format!("slate: note: the progress database was updated from schema {from} to {to}")
            }
            Notice::Restored {
                damaged, backup, ..
            } => format!(
                "slate: the progress database was damaged: it was set aside as {} and its backup {} restored",
                damaged.display(),
                backup.display()
            ),
            Notice::StartedAfresh { damaged, .. } => format!(
                "slate: the progress database was damaged and had no backup: it was set aside as {}",
                damaged.display()
            ),
        });
    }
    Ok(store)
}

/// The learner named, else the only one there is.
fn pick_learner(store: &Store, name: Option<&str>) -> Result<Learner, String> {
    if let Some(name) = name {
        return store
            .find_learner(name)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("no learner called {} (see `slate learners`)", quote(name)));
    }
    let mut all = store.learners().map_err(|e| e.to_string())?;
    match all.len() {
        1 => Ok(all.remove(0)),
        0 => Err("no learners yet".into()),
        _ => Err(format!(
            "several learners study here; say which with --learner NAME ({})",
            all.iter()
                .map(|l| quote(&l.name))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Adds to the library, for each course the learner studied that it lacks,
/// the package the course was last opened from (`slate play PATH`), when
/// that package is still there and is still that course.
fn add_last_opened(store: &Store, learner: &Learner, library: &mut Library) {
    let Ok(studied) = store.courses_of(learner.id) else {
        return;
    };
    for id in studied {
        let present = |l: &Library| {
            l.entries
                .iter()
                .any(|e| e.course.as_ref().is_some_and(|c| c.id == id))
        };
        if present(library) {
            continue;
        }
        if let Ok(Some((_, Some(origin)))) = store.course_origin(learner.id, &id) {
            let path = std::path::PathBuf::from(origin);
            if path.exists() {
                library.add_if(&path, |c| c.id == id);
            }
        }
    }
}

/// What to say of a course a learner studied whose package is not in the
/// library: which course and version, where it was last opened, and the
/// option that brings it in.
fn not_in_library(store: &Store, learner: &Learner, id: &str) -> String {
    let seen = store.course_origin(learner.id, id).ok().flatten();
    let (version, origin) = match seen {
        Some((v, o)) => (format!(" version {}", quote(&v)), o),
        None => (String::new(), None),
    };
    let place = match origin {
        Some(o) if std::path::Path::new(&o).exists() => format!(
            ", last opened from {} (it cannot be opened now: see `slate check {}`)",
            quote(&o),
            crate::text::one_line(&o)
        ),
        Some(o) => format!(", last opened from {} (not found there now)", quote(&o)),
        None => String::new(),
    };
    format!(
        "{} studied the course {}{version}{place}, whose package is not in the library: give its folder or zip with --courses PATH",
        quote(&learner.name),
        quote(id)
    )
}

/// Says, for each course of `bundle`, how many rows of the store were left
/// out as unreadable (damaged by hand or by a disk): the records carried
/// out are what could be read, and the learner is told so.
pub(super) fn tell_unreadable(bundle: &crate::records::bundle::Bundle) {
    for c in bundle.courses.iter().filter(|c| c.unreadable > 0) {
        tell(format!(
            "slate: warning: {} rows of {} in {} cannot be read (damaged) and are left out",
            c.unreadable,
            quote(&bundle.learner.name),
            quote(&c.id)
        ));
    }
}

pub(super) fn courses(library: &Library) -> Vec<Option<std::sync::Arc<crate::course::Course>>> {
    library.entries.iter().map(|e| e.course.clone()).collect()
}

/// The file `slate export` writes.
pub fn export_bytes(
    store: &Store,
    learner: &Learner,
    library: &Library,
    course: Option<&str>,
    format: ExportFormat,
    ndjson: bool,
    home_page: &str,
) -> Result<(Vec<u8>, Vec<String>), String> {
    let courses = courses(library);
    let packages = packages(&courses, &library.sources);
    if let Some(id) = course
        && !packages.iter().any(|p| p.course.id == id)
    {
        if store.course_origin(learner.id, id).ok().flatten().is_some() {
            return Err(not_in_library(store, learner, id));
        }
        return Err(format!(
            "no course {} in the library (add its folder with --courses DIR)",
            quote(id)
        ));
    }
    let (bundle, missing) = bundle(store, learner, &packages, course, now())?;
    tell_unreadable(&bundle);
    if bundle.courses.is_empty() {
        if !missing.is_empty() {
            let all: Vec<String> = missing
                .iter()
                .map(|id| not_in_library(store, learner, id))
                .collect();
            return Err(all.join("\nslate: "));
        }
        return Err(match course {
            Some(id) => format!(
                "{} has no progress in {} yet",
                quote(&learner.name),
                quote(id)
            ),
            None => format!("{} has no progress in any course yet", quote(&learner.name)),
        });
    }
    let mut bytes = match format {
        // Written by `credly::export`, for every learner.
        ExportFormat::Credly => return Err("--format credly needs --template FILE".into()),
        ExportFormat::Bundle => {
            crate::util::json::to_vec_pretty(&bundle).map_err(|e| e.to_string())?
        }
        ExportFormat::Xapi => {
            let mut all = Vec::new();
            for record in &bundle.courses {
                if let Some(p) = packages.iter().find(|p| p.course.id == record.id) {
                    all.extend(xapi::statements(
                        &bundle.learner,
                        record,
                        p.course,
                        home_page,
                    ));
                }
            }
            if ndjson {
                let mut out = Vec::new();
                for s in &all {
                    out.extend(crate::util::json::to_vec(s).map_err(|e| e.to_string())?);
                    out.push(b'\n');
                }
                out
            } else {
                crate::util::json::to_vec_pretty(&all).map_err(|e| e.to_string())?
            }
        }
    };
    if !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    Ok((bytes, missing))
}

pub fn export(
    opts: &Options,
    course: Option<&str>,
    format: ExportFormat,
    ndjson: bool,
    out: &Path,
) -> ExitCode {
    let Some(dir) = &opts.data_dir else {
        return fail("no data folder: give one with --data-dir DIR");
    };
    let store = match open_store(dir, false) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let learner = match pick_learner(&store, opts.learner.as_deref()) {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    let home_page = match opts.home_page() {
        Ok(h) => h,
        Err(e) => return fail(e),
    };
    // Full loads: statements need every question, which cached outlines leave out.
    let mut library = Library::load(&opts.courses, None, true, None);
    add_last_opened(&store, &learner, &mut library);
    let (bytes, missing) = match export_bytes(
        &store, &learner, &library, course, format, ndjson, &home_page,
    ) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    for id in missing {
        tell(format!(
            "slate: note: {}; left out",
            not_in_library(&store, &learner, &id)
        ));
    }
    if out == Path::new("-") {
        use std::io::Write as _;
        return match std::io::stdout().lock().write_all(&bytes) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(e),
        };
    }
    match write_file(out, &bytes) {
        Ok(()) => {
            tell(format!(
                "slate: wrote {} ({} bytes)",
                out.display(),
                bytes.len()
            ));
            ExitCode::SUCCESS
        }
        Err(e) => fail(format!("{e}; nothing was written")),
    }
}

pub fn sync(
    opts: &Options,
    endpoint: &str,
    user: &str,
    password: &str,
    only: Option<&str>,
) -> ExitCode {
    let Some(dir) = &opts.data_dir else {
        return fail("no data folder: give one with --data-dir DIR");
    };
    let mut store = match open_store(dir, true) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let home_page = match opts.home_page() {
        Ok(h) => h,
        Err(e) => return fail(e),
    };
    let lrs = match Lrs::new(endpoint, user, password) {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    if lrs.unencrypted() {
        tell(format!(
            "slate: warning: {} is not https: the password and the records cross the network unencrypted",
            lrs.endpoint()
        ));
    }
    let key = lrs.endpoint().to_string();
    let learners = match only {
        Some(name) => match pick_learner(&store, Some(name)) {
            Ok(l) => vec![l],
            Err(e) => return fail(e),
        },
        None => match store.learners() {
            Ok(v) => v,
            Err(e) => return fail(e),
        },
    };
    // Full loads: statements need every question, which cached outlines leave out.
    let library = Library::load(&opts.courses, None, true, None);
    let courses = courses(&library);
    let packages = packages(&courses, &library.sources);
    let already = match store.sent_to(&key) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let mut unsent = Vec::new();
    let mut before = 0;
    for learner in &learners {
        let (bundle, missing) = match bundle(&store, learner, &packages, None, now()) {
            Ok(b) => b,
            Err(e) => return fail(e),
        };
        tell_unreadable(&bundle);
        for id in missing {
            tell(format!(
                "slate: note: {} ({}) is not in the library; its statements wait until it is (--courses DIR)",
                quote(&id),
                quote(&learner.name)
            ));
        }
        for record in &bundle.courses {
            let Some(p) = packages.iter().find(|p| p.course.id == record.id) else {
                continue;
            };
            for st in xapi::statements(&bundle.learner, record, p.course, &home_page) {
                let id = st.get("id").and_then(serde_json::Value::as_str);
                if id.is_some_and(|id| already.contains(id)) {
                    before += 1;
                } else {
                    unsent.push(st);
                }
            }
        }
    }
    let mut accepted = 0;
    let mut conflicting: Vec<String> = Vec::new();
    let mut refused: Vec<(String, String)> = Vec::new();
    for batch in unsent.chunks(BATCH) {
        match lrs.send(batch) {
            Ok(sent) => {
                accepted += sent.accepted.len();
                conflicting.extend(sent.conflicting);
                refused.extend(sent.refused);
                // Remembered batch by batch: an interrupted sync resumes
                // where it stopped. Only what the store holds is done.
                if let Err(e) = store.mark_sent(&key, &sent.accepted) {
                    return fail(format!("sent, but could not remember it: {e}"));
                }
            }
            Err(e) => {
                tell(format!(
                    "slate: {accepted} statements sent before this error:"
                ));
                return fail(e);
            }
        }
    }
    say(format!(
        "{accepted} statements sent to {key}; {before} had been sent before"
    ));
    if let Some(id) = conflicting.first() {
        tell(format!(
            "slate: the record store holds other statements under the ids of {} of these, so it did not store them (tried again next time); the first: {id}",
            conflicting.len()
        ));
        if refused.is_empty() {
            return ExitCode::FAILURE;
        }
    }
    if let Some((id, why)) = refused.first() {
        tell(format!(
            "slate: the record store refused {} statements (sent again next time); the first, {id}: {why}",
            refused.len()
        ));
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
