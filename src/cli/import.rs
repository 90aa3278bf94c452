//! `slate import gift|aiken FILE -o DIR`: a Moodle question bank as a new
//! course of quizzes, with a report of what each question became.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::out::{say, tell};
use crate::import::{self, MAX_BANK_BYTES, write::Output};
use crate::util::{ReadFileError, read_regular, write_file};

/// The bank formats `slate import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BankFormat {
    Gift,
    Aiken,
}

/// Reads, converts, reports and writes; the exit code says whether
/// anything was imported.
pub fn run(format: BankFormat, file: &Path, out_dir: &Path, language: &str) -> ExitCode {
    let shown = file.display().to_string();
    if !crate::course::toml_read::valid_language_tag(language) {
        tell(format!(
            "slate: `{language}` is not a language tag; use tags such as en, vi, lo, zh-CN"
        ));
        return ExitCode::FAILURE;
    }
    if let Err(why) = usable_output(out_dir) {
        tell(format!("slate: {}: {why}", out_dir.display()));
        return ExitCode::FAILURE;
    }
    let bytes = match read_regular(file, MAX_BANK_BYTES) {
        Ok(b) => b,
        Err(ReadFileError::TooLarge(n)) => {
            tell(format!(
                "slate: {shown}: the file is too large ({} MiB); a bank may be at most {} MiB",
                n.div_ceil(1024 * 1024),
                MAX_BANK_BYTES / (1024 * 1024)
            ));
            return ExitCode::FAILURE;
        }
        Err(e) => {
            tell(format!("slate: {shown}: {e}"));
            return ExitCode::FAILURE;
        }
    };
    let text = match import::decode(&bytes) {
        Ok(t) => t,
        Err(why) => {
            tell(format!("slate: {shown}: {why}"));
            return ExitCode::FAILURE;
        }
    };
    drop(bytes);
    let output = convert(format, &text, &name_of(file), language);
    for line in output.report.lines(&shown) {
        say(line);
    }
    if output.report.imported() == 0 {
        tell("slate: nothing could be imported, so nothing was written");
        return ExitCode::FAILURE;
    }
    match write_package(out_dir, &output) {
        Ok(()) => {
            say(format!(
                "wrote {} (package format {}) and {} quiz {}; check it with: slate check --answers {}",
                out_dir.join("course.toml").display(),
                output.format,
                output.quizzes.len(),
                if output.quizzes.len() == 1 {
                    "file"
                } else {
                    "files"
                },
                out_dir.display()
            ));
            ExitCode::SUCCESS
        }
        Err(why) => {
            tell(format!("slate: cannot write {why}"));
            ExitCode::FAILURE
        }
    }
}

/// The package a bank's text makes: decoding aside, the whole import.
pub fn convert(format: BankFormat, text: &str, name: &str, language: &str) -> Output {
    let (text, removed) = import::clean(text);
    let mut bank = match format {
        BankFormat::Gift => import::gift::parse(&text),
        BankFormat::Aiken => import::aiken::parse(&text),
    };
    import::note_removed(&mut bank, &removed);
    import::write::build(bank, name, language)
}

/// The course's title: the bank's file name without its endings.
fn name_of(file: &Path) -> String {
    let stem = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem.split('.').next().unwrap_or("").trim().to_string();
    let (clean, _) = import::clean(&stem);
    if clean.is_empty() {
        "Imported questions".into()
    } else {
        clean
    }
}

/// The output folder must not exist, or be an empty folder: an import
/// never mixes its files with others, nor replaces any.
fn usable_output(dir: &Path) -> Result<(), String> {
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(crate::util::io_reason(&e)),
        Ok(m) if !m.is_dir() => Err(format!(
            "it is {}; give a new or empty folder with -o",
            if m.is_file() {
                "a file"
            } else {
                crate::util::kind_of(&m)
            }
        )),
        Ok(_) => match std::fs::read_dir(dir) {
            Ok(mut entries) => match entries.next() {
                None => Ok(()),
                Some(_) => {
                    Err("the folder is not empty; give a new or empty folder with -o".into())
                }
            },
            Err(e) => Err(crate::util::io_reason(&e)),
        },
    }
}

fn write_package(dir: &Path, output: &Output) -> Result<(), String> {
    let quizzes: PathBuf = dir.join("quizzes");
    std::fs::create_dir_all(&quizzes)
        .map_err(|e| format!("{}: {}", quizzes.display(), crate::util::io_reason(&e)))?;
    for (path, body) in &output.quizzes {
        write_file(&dir.join(path), body.as_bytes())?;
    }
    write_file(&dir.join("course.toml"), output.course_toml.as_bytes())
}
