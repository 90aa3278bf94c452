//! `slate check PATH...`: every problem in every package, then a summary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use super::Format;
use crate::course::diagnostic::{Palette, render_human, summary_line};
use crate::course::source::{MANIFEST, packages_in};
use crate::course::{Diagnostic, load_path};

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: &'a [Diagnostic],
    packages: usize,
    errors: usize,
    warnings: usize,
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

pub fn check_paths(paths: &[PathBuf]) -> (usize, Vec<Diagnostic>) {
    let packages = expand(paths);
    let mut all = Vec::new();
    for p in &packages {
        let (_, loaded) = load_path(Path::new(p));
        all.extend(loaded.diagnostics);
    }
    (packages.len(), all)
}

pub fn run(paths: &[PathBuf], format: Format) -> ExitCode {
    let (packages, diags) = check_paths(paths);
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    match format {
        Format::Json => {
            let report = JsonReport {
                diagnostics: &diags,
                packages,
                errors,
                warnings,
            };
            let mut out = std::io::stdout().lock();
            let _ = serde_json::to_writer_pretty(&mut out, &report);
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
            let _ = writeln!(out, "{}", summary_line(packages, errors, warnings));
        }
    }
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
