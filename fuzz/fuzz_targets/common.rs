//! What every target asserts of what Slate would show or print.
#![allow(dead_code)]

use slate::course::Loaded;
use slate::course::diagnostic::{Palette, render_human};

/// A manifest naming one lesson and one quiz, for targets that fuzz one
/// file of a package.
pub const MANIFEST: &str = "format = 1\nid = \"fuzz\"\nversion = \"1.0.0\"\nlanguage = \"en\"\ntitle = \"Fuzz\"\n\n[[module]]\nid = \"m\"\ntitle = \"M\"\nitems = [\"lessons/a.md\", \"quizzes/q.toml\"]\n";

pub const LESSON: &str = "# A lesson\n\nSome text.\n";

pub const QUIZ: &str = "title = \"Q\"\n\n[[question]]\nid = \"q1\"\ntype = \"true_false\"\nprompt = \"Yes?\"\nanswer = true\n";

/// No character a terminal would take as a command.
pub fn assert_terminal_safe(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|&c| {
        (c.is_control() && !matches!(c, '\n' | '\t'))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }) {
        panic!(
            "{what}: U+{:04X} would reach the terminal: {text:?}",
            c as u32
        );
    }
}

/// Every diagnostic prints safely, and a loaded course's lessons lay out.
pub fn assert_loaded_is_safe(loaded: &Loaded) {
    for d in &loaded.diagnostics {
        assert_terminal_safe("a diagnostic", &render_human(d, &Palette::default()));
    }
}

/// Laid out at several widths: no line wider than its width, nothing a
/// terminal would take as a command.
pub fn assert_layout(markdown: &str) {
    let doc = slate::markdown::parse(markdown);
    let labels = slate::markdown::Labels::default();
    for width in [10, 23, 36, 80] {
        for sym in [
            slate::markdown::Symbols::UNICODE,
            slate::markdown::Symbols::ASCII,
        ] {
            for line in slate::markdown::layout(&doc, width, &labels, sym) {
                let text = line.text();
                assert!(
                    slate::text::width(&text) <= width,
                    "a line wider than {width}: {text:?}"
                );
                assert_terminal_safe("a laid-out line", &text);
            }
        }
    }
}

/// Writes `files` as a package folder in a new temporary folder.
pub fn package(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (rel, bytes) in files {
        let p = dir.path().join(rel);
        if let Some(parent) = p.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(p, bytes);
    }
    dir
}
