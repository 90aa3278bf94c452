//! `slate check PATH...`: every problem in every package, then a summary.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::Format;
use crate::course::diagnostic::{Palette, render_github, render_human, summary_line, tally};
use crate::course::load::load_counting;
use crate::course::seal::{Standing, seal_diagnostics};
use crate::course::source::{MANIFEST, packages_in};
use crate::course::{Diagnostic, Loaded, Source, load};

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: &'a [Diagnostic],
    packages: usize,
    errors: usize,
    warnings: usize,
    /// Each packed package: who signed it, as the player says it.
    signatures: &'a [Signature],
}

/// A packed package's seal, as `check` reports it.
#[derive(Serialize)]
pub struct Signature {
    pub package: String,
    /// `unsigned`, `trusted`, `unknown` or `broken`.
    pub standing: &'static str,
    pub message: String,
}

/// A folder without course.toml that holds packages (like `courses/`)
/// stands for those packages.
fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() && !p.join(MANIFEST).exists() {
            let children = packages_in(p);
            if !children.is_empty() {
                out.extend(children);
                continue;
            }
        }
        out.push(p.clone());
    }
    out
}

/// With `answers`, also grades every question by its own key and by a
/// wrong answer ([`crate::quiz::key_problem`]).
pub fn check_paths(
    paths: &[PathBuf],
    answers: bool,
    trusted: &[String],
) -> (usize, Vec<Diagnostic>, Vec<Signature>) {
    let packages = expand(paths);
    let bar = std::io::stderr().is_terminal();
    let mut all = Vec::new();
    let mut signatures = Vec::new();
    for p in &packages {
        match Source::open(p) {
            Ok(source) => {
                let loaded = if bar {
                    with_progress_bar(&source)
                } else {
                    load(&source)
                };
                all.extend(loaded.diagnostics);
                if let (true, Some(course)) = (answers, &loaded.course) {
                    all.extend(answer_keys(&source, course));
                }
                if let Some(seal) = source.seal() {
                    // Every file, images too, against the manifest.
                    source.read_all_sealed();
                    all.extend(seal_diagnostics(&source));
                    let standing = Standing::of(seal, trusted);
                    signatures.push(Signature {
                        package: source.display().to_string(),
                        standing: match standing {
                            Standing::Unsigned => "unsigned",
                            Standing::Trusted(_) => "trusted",
                            Standing::Unknown(_) => "unknown",
                            Standing::Broken(_) => "broken",
                        },
                        message: match seal.problems().len() {
                            0 => standing.describe(),
                            1 => format!(
                                "{}, but 1 file is not as it was packed",
                                standing.describe()
                            ),
                            n => format!(
                                "{}, but {n} files are not as they were packed",
                                standing.describe()
                            ),
                        },
                    });
                }
            }
            Err(diagnostics) => all.extend(diagnostics),
        }
    }
    (packages.len(), all, signatures)
}

/// `check --answers`: a diagnostic for each question whose key does not
/// grade as intended, at the question's `id` line in its quiz file.
fn answer_keys(source: &Source, course: &crate::course::Course) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for item in &course.items {
        let crate::course::ItemKind::Quiz(quiz) = &item.kind else {
            continue;
        };
        let text = source
            .read(&item.path, crate::course::limits::MAX_TOML_BYTES)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        for q in &quiz.questions {
            let Some(problem) = crate::quiz::key_problem(q) else {
                continue;
            };
            let (line, column) = id_line(&text, &q.id);
            out.push(
                Diagnostic::new(
                    crate::course::diagnostic::Code::AnswerKey,
                    source.file_name(&item.path),
                    format!("question `{}`: {problem}", crate::text::one_line(&q.id)),
                )
                .at(line, column)
                .hint("correct the question's key, so that its right answer gets full marks and a wrong one less"),
            );
        }
    }
    out
}

/// Where `id = "<id>"` of a `[[question]]` is in a quiz file: 1-based line
/// and column, or (0, 0) when it is not written there (an id from the
/// file's order).
fn id_line(text: &str, id: &str) -> (u32, u32) {
    let mut in_question = false;
    for (n, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with('[') {
            in_question = t.starts_with("[[question]]");
            continue;
        }
        let Some(rest) = t.strip_prefix("id") else {
            continue;
        };
        let value = rest.trim_start().strip_prefix('=').map(str::trim);
        let quoted = |q: char| {
            value.is_some_and(|v| v.strip_prefix(q).and_then(|v| v.strip_suffix(q)) == Some(id))
        };
        if in_question && (quoted('"') || quoted('\'')) {
            let column = line.len() - t.len() + 1;
            return (
                u32::try_from(n + 1).unwrap_or(0),
                u32::try_from(column).unwrap_or(1),
            );
        }
    }
    (0, 0)
}

fn width() -> usize {
    crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w))
}

/// `checking NAME [####------] n/total files`, fitted into `width` columns
/// less one (a full line would wrap, and only the last line is redrawn).
fn bar_line(name: &str, n: usize, total: usize, width: usize) -> String {
    let counts = format!("{n}/{total} files");
    let room = width.saturating_sub(1 + "checking  [] ".len() + counts.len());
    if room < 4 {
        return counts;
    }
    let bar = (room / 2).min(30);
    let name = crate::text::truncate(&crate::text::sanitize(name), room - bar, "…");
    let filled = n * bar / total.max(1);
    format!(
        "checking {name} [{}{}] {counts}",
        "#".repeat(filled),
        "-".repeat(bar - filled)
    )
}

/// Loads `source`, drawing a progress bar on the terminal (standard error)
/// once the check has taken longer than a moment; it is erased at the end.
fn with_progress_bar(source: &Source) -> Loaded {
    const DELAY: Duration = Duration::from_millis(250);
    const TICK: Duration = Duration::from_millis(100);
    let total = source
        .entries()
        .iter()
        .filter(|e| e.path.ends_with(".md") || e.path.ends_with(".toml"))
        .count()
        .max(1);
    let count = AtomicUsize::new(0);
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let drawer = scope.spawn(|| {
            let start = Instant::now();
            let mut drawn = false;
            while !done.load(Ordering::Relaxed) {
                // The first bar at the delay itself, then one a tick.
                let wait = if drawn {
                    TICK
                } else {
                    DELAY
                        .saturating_sub(start.elapsed())
                        .max(Duration::from_millis(1))
                };
                std::thread::park_timeout(wait);
                if done.load(Ordering::Relaxed) || start.elapsed() < DELAY {
                    continue;
                }
                let n = count.load(Ordering::Relaxed).min(total);
                let _ = write!(
                    std::io::stderr(),
                    "\r\x1b[2K{}",
                    bar_line(source.display(), n, total, width())
                );
                drawn = true;
            }
            if drawn {
                let _ = write!(std::io::stderr(), "\r\x1b[2K");
            }
        });
        let loaded = load_counting(source, &count);
        done.store(true, Ordering::Relaxed);
        drawer.thread().unpark();
        loaded
    })
}

pub fn run(
    paths: &[PathBuf],
    format: Format,
    deny_warnings: bool,
    answers: bool,
    trusted: &[String],
) -> ExitCode {
    let (packages, diags, signatures) = check_paths(paths, answers, trusted);
    let (errors, warnings) = tally(&diags);
    match format {
        Format::Json => {
            let report = JsonReport {
                diagnostics: &diags,
                packages,
                errors,
                warnings,
                signatures: &signatures,
            };
            let mut out = std::io::stdout().lock();
            let _ = crate::util::json::to_writer_pretty(&mut out, &report);
            let _ = writeln!(out);
        }
        Format::Human => {
            // anstream drops the colours when stdout is not a terminal or
            // NO_COLOR is set.
            let mut out = anstream::stdout().lock();
            let palette = Palette::coloured();
            for d in &diags {
                let _ = writeln!(out, "{}", render_human(d, &palette));
            }
            for s in &signatures {
                let _ = writeln!(
                    out,
                    "{}",
                    crate::text::one_line(&format!("{}: {}", s.package, s.message))
                );
            }
            let _ = writeln!(out, "{}", summary_line(packages, errors, warnings));
        }
        Format::Github => {
            let mut out = std::io::stdout().lock();
            for d in &diags {
                let _ = writeln!(out, "{}", render_github(d));
            }
            let _ = writeln!(out, "{}", summary_line(packages, errors, warnings));
        }
    }
    if deny_warnings && errors == 0 && warnings > 0 {
        crate::cli::out::tell("slate: failing: warnings are denied (--deny-warnings)");
    }
    if errors > 0 || deny_warnings && warnings > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_bar_fits_the_terminal() {
        for width in [20, 40, 80, 200] {
            let line = bar_line(
                "/media/usb/courses/a-very-long-course-folder-name",
                1234,
                8101,
                width,
            );
            assert!(crate::text::width(&line) < width, "{width}: {line}");
            assert!(line.ends_with("1234/8101 files"));
        }
        let done = bar_line("c", 8101, 8101, 80);
        assert!(
            done.contains("#] 8101/8101") && !done.contains('-'),
            "{done}"
        );
    }
}
