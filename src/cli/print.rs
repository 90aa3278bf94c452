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

pub fn run(args: &PrintArgs<'_>) -> ExitCode {
    let source = match Source::open(args.path) {
        Ok(s) => s,
        Err(diagnostics) => {
            return fail(match diagnostics.first() {
                Some(d) => format!("{}: {}", d.file, d.message),
                None => format!("{}: cannot open the package", args.path.display()),
            });
        }
    };
    let loaded = load(&source);
    let Some(course) = &loaded.course else {
        return fail(format!(
            "{}: the course cannot be opened: {}",
            source.display(),
            loaded
                .closed_reason()
                .unwrap_or_else(|| "it has errors".into())
        ));
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
            Ok(()) => ExitCode::SUCCESS,
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
