//! `slate progress`, `slate reset` and `slate learners`: the progress
//! database for scripts and school administrators, read without any
//! course package.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use super::ProgressFormat as Format;
use super::out::{say, tell};
use crate::store::{DB_NAME, Store};
use crate::text::quote;

/// Opens the database to change it (`reset`, `learners --delete`), or
/// only to read it (which never repairs or migrates anything).
fn open(dir: &Path, write: bool) -> Result<Store, ExitCode> {
    let path = dir.join(DB_NAME);
    if !path.exists() {
        tell(format!(
            "slate: no progress yet in {} (nothing has been studied with this data folder)",
            dir.display()
        ));
        return Err(ExitCode::FAILURE);
    }
    let store = if write {
        Store::open(&path)
    } else {
        Store::open_read_only(&path)
    };
    store.map_err(|e| {
        tell(format!("slate: {}: {e}", path.display()));
        ExitCode::FAILURE
    })
}

/// Time as a teacher reads it: minutes, rounded; "< 1 min" for seconds.
fn minutes(seconds: u64) -> String {
    match seconds {
        0 => "0 min".into(),
        1..=59 => "< 1 min".into(),
        s => format!("{} min", (s + 30) / 60),
    }
}

pub fn progress(dir: &Path, learner: Option<&str>, format: Format) -> ExitCode {
    let store = match open(dir, false) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let reports = match store.report(learner) {
        Ok(r) => r,
        Err(e) => {
            tell(format!("slate: {e}"));
            return ExitCode::FAILURE;
        }
    };
    if let Some(name) = learner
        && reports.is_empty()
    {
        tell(format!("slate: no learner called {}", quote(name)));
        return ExitCode::FAILURE;
    }
    if format == Format::Json {
        let mut out = std::io::stdout().lock();
        let _ = crate::util::json::to_writer_pretty(&mut out, &reports);
        let _ = writeln!(out);
        return ExitCode::SUCCESS;
    }
    for r in &reports {
        say(format!(
            "{}{}",
            r.learner,
            r.email
                .as_ref()
                .map(|e| format!(" <{e}>"))
                .unwrap_or_default()
        ));
        for c in &r.courses {
            say(format!(
                "  {} {} — {}: {}, lessons read {}/{}, quiz score {:.0}% (needs {:.0}%), time {}",
                c.course_id,
                c.version,
                c.title,
                if c.complete {
                    "complete"
                } else {
                    "not complete"
                },
                c.lessons_read,
                c.lessons_total,
                c.quiz_score * 100.0,
                c.pass_score * 100.0,
                minutes(c.time_spent_seconds)
            ));
            for i in &c.items {
                let status = match (i.kind.as_str(), i.done, i.best_score) {
                    ("lesson", true, _) => "read".to_string(),
                    ("lesson", false, _) if i.opened => "opened".to_string(),
                    ("quiz", _, Some(b)) => format!(
                        "best {:.0}%, {} attempt{}{}",
                        b * 100.0,
                        i.attempts,
                        if i.attempts == 1 { "" } else { "s" },
                        if i.done { ", passed" } else { "" }
                    ),
                    ("unavailable", _, _) => "cannot be opened".to_string(),
                    _ => "not started".to_string(),
                };
                // Six columns like "lesson": an item that could not be
                // opened is shown as "broken".
                let kind = if i.kind == "unavailable" {
                    "broken"
                } else {
                    i.kind.as_str()
                };
                say(format!(
                    "    {:<6} {:<28} {:<36} {}",
                    kind,
                    i.id,
                    status,
                    minutes(i.time_spent_seconds)
                ));
            }
        }
    }
    ExitCode::SUCCESS
}

/// Asks on the terminal; `--yes` answers for scripts.
fn confirm(question: &str, yes: bool) -> bool {
    if yes {
        return true;
    }
    if !std::io::stdin().is_terminal() {
        tell(format!(
            "slate: {question} Refused: add --yes to confirm without a terminal."
        ));
        return false;
    }
    let _ = write!(std::io::stderr(), "{question} [y/N] ");
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    matches!(line.trim(), "y" | "Y" | "yes" | "có" | "ແມ່ນ" | "是")
}

/// "slate: <what>", with the closest of `ids` if one is close, else the
/// ids there are.
fn unknown(what: &str, typed: &str, ids: &[&str], kind: &str) -> String {
    match crate::course::toml_read::did_you_mean(typed, ids) {
        Some(close) => format!("slate: {what}; did you mean {}?", quote(close)),
        None if ids.is_empty() => format!("slate: {what} (there are no {kind})."),
        None => format!("slate: {what}. {}: {}", capital(kind), ids.join(", ")),
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The learner named `name`, or an error said with the names there are.
fn find_learner(store: &Store, name: &str) -> Option<crate::store::Learner> {
    match store.find_learner(name) {
        Ok(Some(l)) => Some(l),
        Ok(None) => {
            let names: Vec<String> = store
                .learners()
                .map(|ls| ls.into_iter().map(|l| l.name).collect())
                .unwrap_or_default();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            tell(unknown(
                &format!("no learner called {}", quote(name)),
                name,
                &names,
                "learners",
            ));
            None
        }
        Err(e) => {
            tell(format!("slate: {e}"));
            None
        }
    }
}

pub fn reset(dir: &Path, learner: &str, course: &str, quiz: Option<&str>, yes: bool) -> ExitCode {
    let mut store = match open(dir, true) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let Some(l) = find_learner(&store, learner) else {
        return ExitCode::FAILURE;
    };
    // What is to be forgotten must exist: a mistyped id is an error with
    // the ids there are, never a "Done." that did nothing.
    let progress = match store.load_progress(l.id) {
        Ok(p) => p,
        Err(e) => {
            tell(format!("slate: {e}"));
            return ExitCode::FAILURE;
        }
    };
    let Some(in_course) = progress.get(course) else {
        let mut ids: Vec<&str> = progress.keys().map(String::as_str).collect();
        ids.sort_unstable();
        tell(unknown(
            &format!(
                "{} has no progress in a course {}",
                quote(learner),
                quote(course)
            ),
            course,
            &ids,
            "courses with progress",
        ));
        return ExitCode::FAILURE;
    };
    if let Some(q) = quiz {
        let mut ids: Vec<&str> = in_course
            .finished
            .keys()
            .chain(in_course.open_attempts.keys())
            .chain(in_course.set_aside.keys())
            .map(String::as_str)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        if !ids.contains(&q) {
            tell(unknown(
                &format!(
                    "{} has no attempt at a quiz {} in {course}",
                    quote(learner),
                    quote(q)
                ),
                q,
                &ids,
                "quizzes attempted",
            ));
            return ExitCode::FAILURE;
        }
    }
    let what = match quiz {
        Some(q) => format!("Forget {learner}'s attempts at quiz {q} of {course}?"),
        None => format!("Forget all of {learner}'s progress in {course}?"),
    };
    if !confirm(&what, yes) {
        return ExitCode::FAILURE;
    }
    match store.reset(l.id, course, quiz) {
        Ok(rows) => {
            say(match quiz {
                Some(q) => format!("Forgot {learner}'s attempts at {q} ({rows} records)."),
                None => format!("Forgot {learner}'s progress in {course} ({rows} records)."),
            });
            ExitCode::SUCCESS
        }
        Err(e) => {
            tell(format!("slate: {e}"));
            ExitCode::FAILURE
        }
    }
}

pub fn learners(dir: &Path, delete: Option<&str>, yes: bool) -> ExitCode {
    let mut store = match open(dir, delete.is_some()) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let Some(name) = delete {
        let Some(l) = find_learner(&store, name) else {
            return ExitCode::FAILURE;
        };
        if !confirm(
            &format!("Delete learner {name} and all their progress?"),
            yes,
        ) {
            return ExitCode::FAILURE;
        }
        return match store.delete_learner(l.id) {
            Ok(()) => {
                say("Deleted.");
                ExitCode::SUCCESS
            }
            Err(e) => {
                tell(format!("slate: {e}"));
                ExitCode::FAILURE
            }
        };
    }
    for l in store.learners().unwrap_or_default() {
        say(format!(
            "{}{}",
            l.name,
            l.email.map(|e| format!("\t{e}")).unwrap_or_default()
        ));
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::minutes;

    #[test]
    fn seconds_are_not_a_minute() {
        assert_eq!(minutes(0), "0 min");
        assert_eq!(minutes(3), "< 1 min");
        assert_eq!(minutes(89), "1 min");
        assert_eq!(minutes(91), "2 min");
    }
}
