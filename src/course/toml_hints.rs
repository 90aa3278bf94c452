//! TOML syntax errors said in a trainer's words: the parser knows what it
//! expected, the trainer what they meant to write (a decimal comma, a
//! Windows path, `tru`).

use std::ops::Range;

/// The message and hint for a syntax error the parser reported at `span`
/// of `src` with `message`.
pub fn explain(src: &str, span: Range<usize>, message: &str) -> (String, String) {
    if let Some(number) = decimal_comma(src, span.start) {
        let fixed = number.replace(',', ".");
        return (
            format!("TOML syntax: `{number}` is not a number; TOML writes decimals with a point"),
            format!("write {fixed} in the file; learners may still type {number}"),
        );
    }
    if message.contains("escape") {
        return (
            format!("TOML syntax: {message}"),
            "`\\` starts an escape in a TOML string: in a path write `/` (`lessons/intro.md`); for a backslash itself write `\\\\`, or use single quotes ('C:\\like\\this')".into(),
        );
    }
    if message.contains("invalid boolean") {
        return (
            format!("TOML syntax: {message}"),
            "write `true` or `false`, in lowercase and without quotes".into(),
        );
    }
    (
        format!("TOML syntax: {message}"),
        "see https://toml.io for the syntax; strings need double quotes".into(),
    )
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
    src.get(start..end)
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
                            let next = b.get(i + 1).copied();
                            if !matches!(
                                next,
                                Some(
                                    b'b' | b't'
                                        | b'n'
                                        | b'f'
                                        | b'r'
                                        | b'"'
                                        | b'\\'
                                        | b'e'
                                        | b'u'
                                        | b'U'
                                        | b'x'
                                )
                            ) {
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
    fn a_decimal_comma_is_named() {
        let src = "answer = 8,17\n";
        let (m, h) = explain(src, 10..10, "unexpected key or value");
        assert!(m.contains("`8,17` is not a number"), "{m}");
        assert_eq!(h, "write 8.17 in the file; learners may still type 8,17");
        // A list is not a decimal.
        assert!(decimal_comma("items = [1,2]", 10).is_none());
    }

    #[test]
    fn a_backslash_is_explained() {
        let (_, h) = explain("p = \"a\\q\"", 7..7, "missing escaped value");
        assert!(h.contains("in a path write `/`"), "{h}");
    }
}
