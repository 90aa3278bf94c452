//! A property of the lesson layout, over generated Markdown: no laid-out
//! line is ever wider than the width it was laid out for, however deep
//! lists, quotes, footnotes and tables nest, with long words, wide numbers,
//! CJK, Lao and combining marks.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use slate::markdown::{Labels, Symbols, layout, parse};

const WORDS: &[&str] = &[
    "mật",
    "khẩu",
    "Ma\u{323}\u{302}t",
    "数字能力",
    "ກິນເຂົ້າ",
    "ຄຳຖາມ",
    "a",
    "supercalifragilisticexpialidocious-and-then-some",
    "`code`",
    "**bold**",
    "_it_",
    "[link](https://example.org/a/very/long/path)",
    "![image](assets/x.png)",
    "[^1]",
    "ừ",
    "—",
];

fn words(rng: &mut fastrand::Rng, n: std::ops::Range<usize>) -> String {
    let n = rng.usize(n);
    (0..n)
        .map(|_| WORDS[rng.usize(..WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

/// A block of Markdown, nested up to `depth` more levels, each line
/// starting with `indent`.
fn block(rng: &mut fastrand::Rng, depth: usize, indent: &str, out: &mut String) {
    match rng.usize(..9) {
        0 | 1 => {
            out.push_str(indent);
            out.push_str(&words(rng, 1..40));
            out.push_str("\n\n");
        }
        2 if depth > 0 => {
            let marker = match rng.usize(..3) {
                0 => "- ".to_string(),
                1 => format!("{}. ", rng.u64(1..=u64::MAX / 2)),
                _ => "- [x] ".to_string(),
            };
            for _ in 0..rng.usize(1..4) {
                out.push_str(indent);
                out.push_str(&marker);
                out.push_str(&words(rng, 1..12));
                out.push('\n');
                let inner = format!("{indent}{}", " ".repeat(marker.len()));
                block(rng, depth - 1, &inner, out);
            }
            out.push('\n');
        }
        3 if depth > 0 => {
            let inner = format!("{indent}> ");
            if rng.bool() {
                out.push_str(&inner);
                out.push_str("[!WARNING]\n");
            }
            block(rng, depth - 1, &inner, out);
        }
        4 => {
            out.push_str(indent);
            out.push_str("```\n");
            out.push_str(indent);
            out.push_str(&"x".repeat(rng.usize(1..200)));
            out.push('\n');
            out.push_str(indent);
            out.push_str("```\n\n");
        }
        5 => {
            let cols = rng.usize(1..7);
            for row in 0..rng.usize(2..5) {
                out.push_str(indent);
                out.push('|');
                for _ in 0..cols {
                    out.push_str(&words(rng, 1..4));
                    out.push('|');
                }
                out.push('\n');
                if row == 0 {
                    out.push_str(indent);
                    out.push('|');
                    out.push_str(&"---|".repeat(cols));
                    out.push('\n');
                }
            }
            out.push('\n');
        }
        6 => {
            out.push_str(indent);
            out.push_str(&"#".repeat(rng.usize(1..7)));
            out.push(' ');
            out.push_str(&words(rng, 1..10));
            out.push_str("\n\n");
        }
        7 => {
            out.push_str(indent);
            out.push_str("---\n\n");
        }
        _ => {
            out.push_str(indent);
            out.push_str("[^1]: ");
            out.push_str(&words(rng, 1..20));
            out.push_str("\n\n");
        }
    }
}

#[test]
fn no_line_is_wider_than_its_width() {
    let labels = Labels::default();
    for seed in 0..400 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut md = String::new();
        for _ in 0..rng.usize(1..8) {
            let depth = rng.usize(..20);
            block(&mut rng, depth, "", &mut md);
        }
        let doc = parse(&md);
        for width in [10, 11, 17, 36, 48, 80, 100] {
            for sym in [Symbols::UNICODE, Symbols::ASCII] {
                for line in layout(&doc, width, &labels, sym) {
                    let w = slate::text::width(&line.text());
                    assert!(
                        w <= width,
                        "seed {seed}, width {width}: a line of {w} columns: {:?}\n--- the Markdown:\n{md}",
                        line.text()
                    );
                }
            }
        }
    }
}
