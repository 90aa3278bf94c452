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
    // Fields are separated by tabs: each is made safe (and kept free of
    // tabs and line breaks) on its own.
    let field = |s: &str| crate::text::one_line(s).replace('\t', " ");
    for entry in &library.entries {
        let line = match &entry.course {
            Some(c) => {
                let l = c.content_language(lang);
                let broken = c.unavailable().count();
                let broken = match broken {
                    0 => String::new(),
                    1 => ", 1 item cannot be opened".into(),
                    n => format!(", {n} items cannot be opened"),
                };
                format!(
                    "{}\t{}\t{}\t{} lessons, {} quizzes{broken}\t{}\t{}",
                    field(&c.id),
                    field(&c.version),
                    field(c.title.get(l)),
                    c.lessons().count(),
                    c.quizzes().count(),
                    field(&c.languages.join(",")),
                    field(&entry.origin)
                )
            }
            None => format!(
                "-\t-\tcannot be opened ({} {}{}): slate check {}",
                entry.errors,
                if entry.errors == 1 { "error" } else { "errors" },
                entry
                    .reason
                    .as_deref()
                    .map(|r| format!("; {}", field(r)))
                    .unwrap_or_default(),
                field(&entry.origin)
            ),
        };
        let _ = writeln!(out, "{line}");
    }
    ExitCode::SUCCESS
}
