//! `slate list`: the library as text, for scripts and for running without
//! a terminal.

use std::io::Write;
use std::process::ExitCode;

use super::options::Options;

pub fn run(opts: &Options) -> ExitCode {
    let library = opts.library();
    let lang = crate::i18n::negotiate(
        &opts
            .lang
            .clone()
            .or_else(crate::i18n::from_env)
            .unwrap_or_default(),
    );
    let mut out = std::io::stdout().lock();
    for entry in &library.entries {
        let line = match &entry.course {
            Some(c) => {
                let l = c.content_language(lang);
                format!(
                    "{}\t{}\t{}\t{} lessons, {} quizzes\t{}\t{}",
                    c.id,
                    c.version,
                    crate::text::sanitize(c.title.get(l)),
                    c.lessons().count(),
                    c.quizzes().count(),
                    c.languages.join(","),
                    entry.origin
                )
            }
            None => format!(
                "-\t-\tcannot be opened ({} errors): slate check {}",
                entry.errors, entry.origin
            ),
        };
        let _ = writeln!(out, "{line}");
    }
    ExitCode::SUCCESS
}
