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

#[cfg(test)]
mod tests {
    use super::*;

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
