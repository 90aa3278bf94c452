//! `slate print PATH -o FILE.html`: the whole course as one printable page.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::out::tell;
use crate::course::{Course, Source, load};
use crate::print::{Options, print};

/// At most this many lines about what was left out; then how many more.
const MAX_NOTES: usize = 50;

pub struct PrintArgs<'a> {
    pub path: &'a Path,
    pub output: &'a Path,
    pub lang: Option<&'a str>,
    pub answers: bool,
    pub hints: bool,
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    tell(format!("slate: {msg}"));
    ExitCode::FAILURE
}

/// The content language to print: the one asked for, when the course has
/// it (by its exact tag or its language alone, as the player matches),
/// else why not.
fn language(course: &Course, wanted: Option<&str>) -> Result<String, String> {
    let Some(wanted) = wanted else {
        return Ok(course.language.clone());
    };
    let got = course.content_language(wanted);
    let primary = |t: &str| t.split('-').next().unwrap_or(t).to_ascii_lowercase();
    if got.eq_ignore_ascii_case(wanted) || primary(got) == primary(wanted) {
        Ok(got.to_string())
    } else {
        Err(format!(
            "the course has no content in {}; it has: {}",
            crate::text::quote(wanted),
            course.languages.join(", ")
        ))
    }
}

/// A diagnostic on one line, where it is: `file:line:column: message`.
fn located(d: &crate::course::Diagnostic) -> String {
    let message = crate::text::one_line(&d.message);
    if d.line > 0 {
        format!("{}:{}:{}: {message}", d.file, d.line, d.column)
    } else {
        format!("{}: {message}", d.file)
    }
}

pub fn run(args: &PrintArgs<'_>) -> ExitCode {
    if args.output.is_dir() {
        return fail(format!(
            "{}: is a folder; give the name of the HTML file to write",
            args.output.display()
        ));
    }
    let source = match Source::open(args.path) {
        Ok(s) => s,
        Err(diagnostics) => {
            return fail(match diagnostics.first() {
                Some(d) => located(d),
                None => format!("{}: cannot open the package", args.path.display()),
            });
        }
    };
    let loaded = load(&source);
    let Some(course) = &loaded.course else {
        let first = loaded
            .diagnostics
            .iter()
            .find(|d| d.closes_course)
            .or_else(|| loaded.diagnostics.iter().find(|d| d.is_error()));
        return fail(match first {
            Some(d) => format!("the course cannot be opened: {}", located(d)),
            None => format!("{}: the course cannot be opened", source.display()),
        });
    };
    let lang = match language(course, args.lang) {
        Ok(l) => l,
        Err(why) => return fail(why),
    };
    let printed = print(
        &source,
        course,
        &Options {
            lang,
            answers: args.answers,
            hints: args.hints,
        },
    );
    let errors = loaded.errors();
    if errors > 0 {
        tell(format!(
            "slate: {}: {errors} error(s) in the package; what cannot be opened is left out (`slate check {}` lists them)",
            source.display(),
            args.path.display()
        ));
    }
    for note in printed.notes.iter().take(MAX_NOTES) {
        tell(format!("slate: {note}"));
    }
    if printed.notes.len() > MAX_NOTES {
        tell(format!(
            "slate: and {} more left out",
            printed.notes.len() - MAX_NOTES
        ));
    }
    let bytes = printed.html.as_bytes();
    if args.output == Path::new("-") {
        return match std::io::stdout().lock().write_all(bytes) {
            // A reader that stops early (`| head`) took what it wanted.
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => fail(format!("standard output: {}", crate::util::io_reason(&e))),
        };
    }
    match crate::util::write_file(args.output, bytes) {
        Ok(()) => {
            tell(format!(
                "slate: wrote {} ({} KiB)",
                args.output.display(),
                bytes.len().div_ceil(1024)
            ));
            ExitCode::SUCCESS
        }
        Err(e) => fail(format!("{e}; nothing was written")),
    }
}
