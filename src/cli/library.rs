//! `slate` with no subcommand: lists the courses bundled in the binary.
//! (The interactive player will open here.)

use std::io::Write;
use std::process::ExitCode;

use crate::course::{Source, load};

pub fn run() -> ExitCode {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "Bundled courses:");
    for source in Source::bundled() {
        let loaded = load(&source);
        match &loaded.course {
            Some(c) => {
                let lessons = c.lessons().count();
                let quizzes = c.quizzes().count();
                let _ = writeln!(
                    out,
                    "  {} {} ({}): {} — {} modules, {} lessons, {} quizzes, languages: {}",
                    c.id,
                    c.version,
                    c.minutes.map_or(String::new(), |m| format!("{m} min")),
                    c.title.default_text(),
                    c.modules.len(),
                    lessons,
                    quizzes,
                    c.languages.join(", ")
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "  {}: cannot be opened ({} errors; run `slate check` on its folder)",
                    source.display(),
                    loaded.errors()
                );
            }
        }
    }
    let _ = writeln!(out, "\nCheck a course package with: slate check PATH");
    ExitCode::SUCCESS
}
