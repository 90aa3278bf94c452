//! TOML syntax errors said in a trainer's words: the parser knows what it
//! expected, the trainer what they meant to write (a decimal comma, a
//! Windows path, `tru`).

use std::ops::Range;

/// Keys whose value is a number, and of them those a whole number.
const NUMBER_KEYS: &[&str] = &[
    "answer",
    "tolerance",
    "points",
    "pass_score",
    "minutes",
    "max_attempts",
    "format",
];
const WHOLE_KEYS: &[&str] = &["minutes", "max_attempts", "format"];
/// Keys whose value is `true` or `false`.
const BOOL_KEYS: &[&str] = &[
    "answer",
    "correct",
    "shuffle",
    "partial",
    "ignore_diacritics",
    "require_all_lessons",
];

/// The message and hint for a syntax error the parser reported at `span`
/// of `src` with `message`.
pub fn explain(src: &str, span: Range<usize>, message: &str) -> (String, String) {
    let key = key_before(src, span.start);
    if NUMBER_KEYS.contains(&key)
        && let Some(number) = decimal_comma(src, span.start)
    {
        let (whole, fraction) = number.split_once(',').unwrap_or((number, ""));
        let sign = if whole.starts_with('-') { "-" } else { "" };
        let digits = whole.trim_start_matches('-').trim_start_matches('0');
        let digits = if digits.is_empty() { "0" } else { digits };
        let fixed = format!("{sign}{digits}.{fraction}");
        let hint = if WHOLE_KEYS.contains(&key) {
            format!("`{key}` is a whole number: write it without a comma, e.g. `{key} = {digits}`")
        } else if matches!(key, "answer" | "tolerance") {
            format!("write {fixed} in the file; learners may still type {number}")
        } else {
            format!("write {fixed} in the file, with a point")
        };
        return (
            format!("TOML syntax: `{number}` is not a number; TOML writes decimals with a point"),
            hint,
        );
    }
    if message.contains("escape") {
        return (
            format!("TOML syntax: {message}"),
            "`\\` starts an escape in a TOML string: in a path write `/` (`lessons/intro.md`); for a backslash itself write `\\\\`, or use single quotes ('C:\\like\\this')".into(),
        );
    }
    if BOOL_KEYS.contains(&key)
        && (message.contains("invalid boolean") || message.contains("must be quoted"))
    {
        return (
            format!("TOML syntax: {message}"),
            format!("`{key}` is `true` or `false`, in lowercase and without quotes"),
        );
    }
    (
        format!("TOML syntax: {message}"),
        "see https://toml.io for the syntax; strings need double quotes".into(),
    )
}

/// The key whose value the place `at` is in: the name before the last `=`
/// before it on its line (`answer` in `answer = 8,17`, `vi` in
/// `hint = { vi = 1,5 }`).
fn key_before(src: &str, at: usize) -> &str {
    let line_start = src
        .get(..at)
        .and_then(|s| s.rfind('\n'))
        .map_or(0, |i| i + 1);
    let Some(before) = src.get(line_start..at) else {
        return "";
    };
    let Some(eq) = before.rfind('=') else {
        return "";
    };
    let name = before.get(..eq).unwrap_or_default().trim_end();
    let start = name
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .map_or(0, |i| i + 1);
    name.get(start..).unwrap_or_default()
}

/// `8,17` where the parser stopped at its comma: the number as written.
fn decimal_comma(src: &str, at: usize) -> Option<&str> {
    let b = src.as_bytes();
    // The parser stops at the comma, or just after the number before it.
    let comma = [at, at.checked_sub(1)?]
        .into_iter()
        .find(|&i| b.get(i) == Some(&b','))?;
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if !digit(comma.checked_sub(1)?) || !digit(comma + 1) {
        return None;
    }
    let start = (0..comma)
        .rev()
        .take_while(|&i| digit(i) || b.get(i) == Some(&b'-'))
        .last()?;
    // Not a list of numbers: `[1,2]` is fine TOML and never gets here, but
    // a key's value has `=` before it.
    let before = src.get(..start)?.trim_end();
    if !before.ends_with('=') {
        return None;
    }
    let end = (comma + 1..b.len()).take_while(|&i| digit(i)).last()? + 1;
    // The number ends the value: `8,17a` is something else.
    if b.get(end)
        .is_some_and(|c| !matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'#'))
    {
        return None;
    }
    src.get(start..end)
}

/// Whether the backslash at `at` in `b` writes a character on purpose: a
/// quote, or a Unicode code point in full (`\u1ec7`, `\U0001F600`).
pub fn deliberate_escape(b: &[u8], at: usize) -> bool {
    match b.get(at + 1) {
        Some(b'"') => true,
        Some(b'u') => hex(b, at + 2, 4),
        Some(b'U') => hex(b, at + 2, 8),
        _ => false,
    }
}

/// Whether `n` hex digits start at `from`.
fn hex(b: &[u8], from: usize, n: usize) -> bool {
    b.get(from..from + n)
        .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
}

/// Whether the backslash at `at` starts an escape TOML knows.
fn known_escape(b: &[u8], at: usize) -> bool {
    match b.get(at + 1) {
        Some(b'b' | b't' | b'n' | b'f' | b'r' | b'\\' | b'e') => true,
        Some(b'x') => hex(b, at + 2, 2),
        _ => deliberate_escape(b, at),
    }
}

/// Byte offsets of the backslashes in `items = [...]` arrays that start
/// no escape TOML knows (`"lessons\\intro.md"`, where `\\i` is none): Windows
/// paths. Patched to `/` before parsing, each is reported as one item's
/// `windows-path` instead of a syntax error that would close the course.
/// Only one-line basic strings are looked at.
pub fn windows_path_escapes(src: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let b = line.as_bytes();
        let mut i = 0;
        if depth == 0 {
            let t = line.trim_start();
            let key = t.strip_prefix("items").map(str::trim_start);
            match key.and_then(|k| k.strip_prefix('=')).map(str::trim_start) {
                Some(rest) if rest.starts_with('[') => {
                    i = line.len() - rest.len();
                }
                _ => {
                    offset += line.len();
                    continue;
                }
            }
        }
        while let Some(&c) = b.get(i) {
            match c {
                b'#' => break,
                b'[' => depth += 1,
                b']' => depth = depth.saturating_sub(1),
                b'\'' => {
                    i += 1;
                    while b.get(i).is_some_and(|&c| c != b'\'' && c != b'\n') {
                        i += 1;
                    }
                }
                b'"' => {
                    i += 1;
                    while let Some(&c) = b.get(i) {
                        if c == b'"' || c == b'\n' {
                            break;
                        }
                        if c == b'\\' {
                            if !known_escape(b, i) {
                                out.push(offset + i);
                            }
                            i += 1;
                        }
                        i += 1;
                    }
                }
                _ => {}
            }
            i += 1;
            if depth == 0 {
                break;
            }
        }
        offset += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backslashes_in_item_paths_that_start_no_escape_are_found() {
        let src =
            "title = \"a\\qb\"\nitems = [\"lessons\\intro.md\", \"a\\tb.md\",\n  \"x\\d.md\"]\n";
        let found = windows_path_escapes(src);
        let at: Vec<&str> = found.iter().map(|&i| &src[i..i + 2]).collect();
        assert_eq!(at, ["\\i", "\\d"]);
    }

    #[test]
    fn a_decimal_comma_is_named_with_what_its_key_takes() {
        let src = "answer = 8,17\n";
        let (m, h) = explain(src, 10..10, "unexpected key or value");
        assert!(m.contains("`8,17` is not a number"), "{m}");
        assert_eq!(h, "write 8.17 in the file; learners may still type 8,17");
        let (_, h) = explain("answer = 08,17\n", 11..11, "x");
        assert_eq!(h, "write 8.17 in the file; learners may still type 08,17");
        let (_, h) = explain("pass_score = 0,8\n", 14..14, "x");
        assert_eq!(h, "write 0.8 in the file, with a point");
        let (_, h) = explain("minutes = 1,5\n", 11..11, "x");
        assert!(h.starts_with("`minutes` is a whole number"), "{h}");
        // Not a decimal: a list, a number with letters after it, a text.
        assert!(decimal_comma("items = [1,2]", 10).is_none());
        assert!(decimal_comma("answer = 8,17a\n", 10).is_none());
        let (m, _) = explain("hint = { vi = 1,5 }\n", 15..15, "expected `'`");
        assert!(!m.contains("not a number"), "{m}");
    }

    #[test]
    fn true_or_false_is_suggested_only_where_a_key_takes_it() {
        let (_, h) = explain("answer = tru\n", 9..9, "invalid boolean, expected `true`");
        assert!(h.starts_with("`answer` is `true` or `false`"), "{h}");
        let (_, h) = explain("shuffle = yes\n", 10..10, "string values must be quoted");
        assert!(h.starts_with("`shuffle` is `true` or `false`"), "{h}");
        let (_, h) = explain("title = tru\n", 8..8, "invalid boolean, expected `true`");
        assert!(h.contains("strings need double quotes"), "{h}");
    }

    #[test]
    fn a_backslash_is_explained() {
        let (_, h) = explain("p = \"a\\q\"", 7..7, "missing escaped value");
        assert!(h.contains("in a path write `/`"), "{h}");
    }
}
