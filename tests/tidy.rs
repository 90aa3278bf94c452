//! Rules about the shape of the code, kept by reading `src/` (as
//! rust-analyzer's tidy tests do), so that a change that breaks one fails
//! CI instead of slowly undoing the architecture (docs/architecture.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, bottom first. A module names only modules of its own layer
/// or below it, and no two modules name each other, however indirectly.
const LAYERS: &[&[&str]] = &[
    &["util", "text", "i18n", "did_key"],
    &["course"],
    &["markdown", "quiz", "progress", "print"],
    &["store"],
    &["records", "credential", "import"],
    &["tui", "cli"],
];

/// Modules that hold the domain: no terminal library in them.
const DOMAIN: &[&str] = &[
    "util",
    "text",
    "i18n",
    "did_key",
    "course",
    "markdown",
    "quiz",
    "progress",
    "print",
    "store",
    "records",
    "credential",
    "import",
];

/// The longest a source file may be, in lines of code before its tests.
const MAX_CODE_LINES: usize = 800;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every source file: its path under `src/`, its top-level module
/// (`None` for lib.rs and main.rs) and its code before its tests, without
/// comment lines.
fn sources() -> Vec<(String, Option<String>, String)> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let rel = path
                .strip_prefix(src())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let module = match rel.split_once('/') {
                Some((dir, _)) => Some(dir.to_string()),
                None if rel == "lib.rs" || rel == "main.rs" => None,
                None => Some(rel.trim_end_matches(".rs").to_string()),
            };
            let text = std::fs::read_to_string(&path).unwrap();
            let code: String = text
                .lines()
                .take_while(|l| !l.trim_start().starts_with("#[cfg(test)]"))
                .filter(|l| !l.trim_start().starts_with("//"))
                .flat_map(|l| [l, "\n"])
                .collect();
            (rel, module, code)
        })
        .collect()
}

/// The top-level modules a piece of code names through `crate::`,
/// including those in grouped imports (`use crate::{a::X, b};`).
fn named_modules(code: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Each item of the group at its own depth starts with a module.
            let mut depth = 0;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_ascii_alphabetic() || c == '_') => {
                        out.insert(ident(&group[i..]));
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident(rest));
        }
    }
    out
}

fn layer_of(module: &str) -> usize {
    LAYERS
        .iter()
        .position(|l| l.contains(&module))
        .unwrap_or_else(|| {
            panic!("src/{module} is in no layer: add it to LAYERS (and docs/architecture.md)")
        })
}

#[test]
fn the_layers_point_one_way() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut wrong = Vec::new();
    for (rel, module, code) in sources() {
        let Some(module) = module else { continue };
        for named in named_modules(&code) {
            if named == module {
                continue;
            }
            if layer_of(&named) > layer_of(&module) {
                wrong.push(format!("{rel}: {module} names {named}, a layer above it"));
            }
            graph.entry(module.clone()).or_default().insert(named);
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // No cycle among the top-level modules (a depth-first walk).
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if let Some(at) = path.iter().position(|p| p == m) {
            panic!(
                "a cycle between modules: {} -> {m}",
                path[at..].join(" -> ")
            );
        }
        if done.contains(m) {
            return;
        }
        path.push(m.to_string());
        for next in graph.get(m).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
        done.insert(m.to_string());
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        visit(m, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn only_the_play_command_names_the_player() {
    let named: Vec<String> = sources()
        .into_iter()
        .filter(|(_, module, code)| {
            module.as_deref() != Some("tui") && named_modules(code).contains("tui")
        })
        .map(|(rel, _, _)| rel)
        .collect();
    assert_eq!(named, ["cli/play.rs"]);
}

#[test]
fn the_domain_knows_no_terminal() {
    let mut wrong = Vec::new();
    for (rel, module, code) in sources() {
        if module.is_some_and(|m| DOMAIN.contains(&m.as_str()))
            && (code.contains("ratatui") || code.contains("crossterm"))
        {
            wrong.push(rel);
        }
    }
    assert!(wrong.is_empty(), "terminal types in the domain: {wrong:?}");
}

#[test]
fn no_source_file_is_too_long() {
    let long: Vec<String> = sources()
        .into_iter()
        .map(|(rel, _, code)| (rel, code.lines().filter(|l| !l.trim().is_empty()).count()))
        .filter(|(_, n)| *n > MAX_CODE_LINES)
        .map(|(rel, n)| format!("{rel}: {n} lines of code"))
        .collect();
    assert!(
        long.is_empty(),
        "split these (at most {MAX_CODE_LINES} lines of code before the tests): {long:?}"
    );
}

/// Message ids as the player writes them: a string literal of lower-case
/// words joined by hyphens, right after one of the calls that take one.
fn message_ids(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for call in [
        "Flash::new(\"",
        ".t(\"",
        ".t_args(\"",
        "Arg::Message(\"",
        ".message(\"",
        "Flash::new(if ",
    ] {
        for (at, _) in code.match_indices(call) {
            let rest = &code[at + call.len()..];
            // `Flash::new(if on { "a" } else { "b" })`: both ids.
            let span = if call.ends_with("if ") {
                &rest[..rest.find("})").unwrap_or(0)]
            } else {
                &rest[..rest.find('"').unwrap_or(0)]
            };
            if call.ends_with("if ") {
                for lit in span.split('"').skip(1).step_by(2) {
                    out.insert(lit.to_string());
                }
            } else {
                out.insert(span.to_string());
            }
        }
    }
    out
}

#[test]
fn every_message_the_player_shows_is_in_the_english_file() {
    let english =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/en/slate.ftl"))
            .unwrap();
    let known: BTreeSet<&str> = english
        .lines()
        .filter_map(|l| l.split_once(" ="))
        .map(|(id, _)| id.trim())
        .collect();
    let mut unknown = Vec::new();
    let mut seen = 0;
    for (rel, _, code) in sources() {
        for id in message_ids(&code) {
            seen += 1;
            if !known.contains(id.as_str()) {
                unknown.push(format!("{rel}: {id}"));
            }
        }
    }
    assert!(
        seen > 50,
        "only {seen} message ids found: is the scan broken?"
    );
    assert!(
        unknown.is_empty(),
        "not in locales/en/slate.ftl: {unknown:?}"
    );
}

#[test]
fn the_scan_sees_grouped_imports() {
    let found =
        named_modules("use crate::{course::{Course, Quiz}, quiz::grade};\nx = crate::store::Y;");
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        ["course", "quiz", "store"]
    );
}
