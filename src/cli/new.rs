//! `slate new DIR`: a course skeleton a trainer edits, which passes
//! `slate check --deny-warnings` as written.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::out::{say, tell};
use crate::course::skeleton::skeleton;
use crate::course::toml_read::valid_language_tag;
use crate::text::{quote, slug};
use crate::util::io_reason;

pub fn new_course(dir: &Path, language: &str, translations: &[String]) -> ExitCode {
    match write_skeleton(dir, language, translations) {
        Ok(written) => {
            say(format!("wrote a new course in {}:", dir.display()));
            for path in written {
                say(format!("  {path}"));
            }
            say(format!(
                "next: edit course.toml, then run `slate check {}`",
                dir.display()
            ));
            ExitCode::SUCCESS
        }
        Err(e) => {
            tell(format!("slate new: {e}"));
            ExitCode::FAILURE
        }
    }
}

/// The tags as given, checked; `--translations en,lo` and
/// `--translations en --translations lo` are the same.
fn language_tags(language: &str, translations: &[String]) -> Result<Vec<String>, String> {
    let mut tags = Vec::new();
    for t in std::iter::once(language).chain(translations.iter().flat_map(|t| t.split(','))) {
        let t = t.trim();
        if t.is_empty() {
            continue;
        }
        if !valid_language_tag(t) {
            return Err(format!(
                "{} is not a language tag; write one like `vi`, `en`, `lo` or `zh-CN`",
                quote(t)
            ));
        }
        tags.push(t.to_string());
    }
    Ok(tags)
}

fn write_skeleton(
    dir: &Path,
    language: &str,
    translations: &[String],
) -> Result<Vec<String>, String> {
    let tags = language_tags(language, translations)?;
    let (default, others) = tags
        .split_first()
        .ok_or("give the course's language with --language")?;
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if !meta.is_dir() => {
            return Err(format!(
                "{} is {}, not a folder",
                dir.display(),
                crate::util::kind_of(&meta)
            ));
        }
        Ok(_) => {
            let mut entries = std::fs::read_dir(dir)
                .map_err(|e| format!("{}: {}", dir.display(), io_reason(&e)))?;
            if entries.next().is_some() {
                return Err(format!(
                    "{} is not empty; give a new folder, or an empty one, so that nothing of yours is overwritten",
                    dir.display()
                ));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("{}: {}", dir.display(), io_reason(&e))),
    }
    // The id is the folder's name as an id (`Khóa học AI` → `khoa-hoc-ai`).
    let name = dir
        .canonicalize()
        .ok()
        .or_else(|| std::path::absolute(dir).ok())
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let id = match slug(&name) {
        s if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_alphanumeric()) => {
            "new-course".to_string()
        }
        s => s
            .chars()
            .take(64)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string(),
    };
    let files = skeleton(&id, default, others)?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {}", dir.display(), io_reason(&e)))?;
    let mut written = Vec::new();
    for f in &files {
        let path = dir.join(&f.path);
        let result = (|| {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            // Never over a file that appeared since the folder was found
            // empty.
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)?;
            file.write_all(f.text.as_bytes())?;
            file.sync_all()
        })();
        if let Err(e) = result {
            // Half a skeleton is no course: take back what was written.
            for done in &written {
                let _ = std::fs::remove_file(dir.join(done));
            }
            for sub in ["lessons", "quizzes"] {
                let _ = std::fs::remove_dir(dir.join(sub));
            }
            return Err(format!("{}: {}", path.display(), io_reason(&e)));
        }
        written.push(f.path.clone());
    }
    Ok(written)
}
