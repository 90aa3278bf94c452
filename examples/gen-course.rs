//! Writes a large synthetic course package, for benchmarks and tests.
//!
//! ```text
//! cargo run --release --example gen-course -- --lessons 2000 --quizzes 500 \
//!     --questions 20 [--seed N] [--big-lesson-kib N] --out DIR
//! ```

#[path = "../benches/support/gen_course.rs"]
mod gen_course;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use gen_course::{GenOptions, big_lesson, generate};

const USAGE: &str = "\
Usage: gen-course [OPTIONS] --out DIR

Writes a synthetic course package (course.toml, lessons/, quizzes/) into DIR.

Options:
  --lessons N          number of lessons (default 2000)
  --quizzes N          number of quizzes (default 500)
  --questions N        questions per quiz (default 20)
  --seed N             seed; the same seed gives the same bytes (default 1)
  --big-lesson-kib N   also write big-lesson.md of about N KiB beside DIR
  --out DIR            package folder: new, empty, or an earlier generated course
  -h, --help           print this help

Example:
  cargo run --release --example gen-course -- --lessons 2000 --quizzes 500 --questions 20 --out /tmp/big-course";

enum Parsed {
    Run(GenOptions, PathBuf),
    Help,
}

fn parse(args: &[String]) -> Result<Parsed, String> {
    let mut opts = GenOptions::default();
    let mut out: Option<PathBuf> = None;
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        if arg == "-h" || arg == "--help" {
            return Ok(Parsed::Help);
        }
        // Accept both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg, None),
        };
        let value = match inline {
            Some(v) => v,
            None => {
                i += 1;
                args.get(i)
                    .cloned()
                    .ok_or_else(|| format!("{flag} needs a value"))?
            }
        };
        match flag {
            "--lessons" => opts.lessons = number(flag, &value)?,
            "--quizzes" => opts.quizzes = number(flag, &value)?,
            "--questions" => opts.questions = number(flag, &value)?,
            "--seed" => opts.seed = number(flag, &value)?,
            "--big-lesson-kib" => opts.big_lesson_kib = number(flag, &value)?,
            "--out" if !value.is_empty() => out = Some(PathBuf::from(value)),
            "--out" => return Err("--out needs a folder".to_string()),
            _ => return Err(format!("unknown argument {arg:?}")),
        }
        i += 1;
    }
    if opts.lessons + opts.quizzes == 0 {
        return Err("a course needs at least one lesson or quiz".to_string());
    }
    if opts.quizzes > 0 && opts.questions == 0 {
        return Err("--questions must be at least 1 when there are quizzes".to_string());
    }
    let out = out.ok_or("--out DIR is required")?;
    Ok(Parsed::Run(opts, out))
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{flag} takes a non-negative whole number, not {value:?}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (opts, out) = match parse(&args) {
        Ok(Parsed::Run(opts, out)) => (opts, out),
        Ok(Parsed::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("gen-course: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };

    let started = Instant::now();
    let summary = match generate(&out, &opts) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("gen-course: cannot write {}: {e}", out.display());
            return ExitCode::FAILURE;
        }
    };
    let elapsed = started.elapsed();
    let mut report = format!(
        "package    {}\nlessons    {}\nquizzes    {}\nquestions  {}\n\
         markdown   {} bytes ({:.1} MB, {:.0} bytes per lesson)\ntime       {:.2} s\n",
        out.display(),
        summary.lessons,
        summary.quizzes,
        summary.questions,
        summary.markdown_bytes,
        summary.markdown_bytes as f64 / 1e6,
        summary.markdown_bytes as f64 / summary.lessons.max(1) as f64,
        elapsed.as_secs_f64()
    );

    if opts.big_lesson_kib > 0 {
        // Beside the package folder, never inside it.
        let abs = std::fs::canonicalize(&out).unwrap_or_else(|_| out.clone());
        let parent = abs
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let path = parent.join("big-lesson.md");
        let text = big_lesson(opts.big_lesson_kib, opts.seed);
        if let Err(e) = std::fs::write(&path, &text) {
            eprintln!("gen-course: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        report.push_str(&format!(
            "big lesson {} ({} bytes)\n",
            path.display(),
            text.len()
        ));
    }
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = std::io::stdout().write_all(report.as_bytes());
    ExitCode::SUCCESS
}
