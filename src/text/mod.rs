//! The only place that measures, wraps, truncates and pads text. Widths are
//! terminal columns over grapheme clusters: a Vietnamese letter with stacked
//! diacritics is one column, a CJK ideograph two, a Lao combining vowel
//! none of its own.

mod wrap;

pub use wrap::{Piece, wrap};

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Columns one grapheme cluster takes (0, 1 or 2).
pub fn grapheme_width(g: &str) -> usize {
    g.width().min(2)
}

/// Columns a string takes on a terminal.
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.graphemes(true).map(grapheme_width).sum()
}

/// The longest prefix of `s` that fits in `max` columns, and its width.
pub fn take_width(s: &str, max: usize) -> (&str, usize) {
    let mut used = 0;
    for (i, g) in s.grapheme_indices(true) {
        let w = grapheme_width(g);
        if used + w > max {
            return (&s[..i], used);
        }
        used += w;
    }
    (s, used)
}

/// `s` cut to `max` columns, ending in `…` (or `marker`) when cut.
pub fn truncate(s: &str, max: usize, marker: &str) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mw = width(marker);
    if max < mw {
        return take_width(s, max).0.to_string();
    }
    let (head, _) = take_width(s, max - mw);
    format!("{head}{marker}")
}

/// `s` padded with spaces to exactly `cols` columns (cut if longer).
pub fn pad(s: &str, cols: usize) -> String {
    let (head, w) = take_width(s, cols);
    format!("{head}{}", " ".repeat(cols - w))
}

/// `s` in Unicode normal form C, so that a Vietnamese letter typed with
/// combining marks and the same letter precomposed are one and the same.
pub fn nfc(s: &str) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

/// `s` with old-Mac line endings (a carriage return alone) made line
/// feeds; Windows' CR LF stays as it is. Byte for byte, so that every
/// offset into the text still points where it did.
pub fn unix_line_ends(s: String) -> String {
    // Most files have no carriage return at all: one fast search.
    if !s.contains('\r') {
        return s;
    }
    let b = s.as_bytes();
    let lone = |i: usize| b.get(i) == Some(&b'\r') && b.get(i + 1) != Some(&b'\n');
    if !(0..b.len()).any(lone) {
        return s;
    }
    let mut bytes = s.into_bytes();
    for i in 0..bytes.len() {
        let lone = bytes.get(i) == Some(&b'\r') && bytes.get(i + 1) != Some(&b'\n');
        if lone && let Some(x) = bytes.get_mut(i) {
            *x = b'\n';
        }
    }
    // One ASCII byte for another: still UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

/// `s` without the marks on its letters (`Câu` → `Cau`, `đơn` → `don`),
/// as someone typing without diacritics writes it. đ is a letter of its
/// own, not d with a mark, but it is written d then.
pub fn without_diacritics(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .nfc()
        .collect()
}

/// `s` as lowercase ASCII letters and digits, each run of anything else
/// one `-`, none at either end: `Nguyễn Thị Lan` → `nguyen-thi-lan`,
/// `Câu_1` → `cau-1`. For ids and file names made from people's words.
pub fn slug(s: &str) -> String {
    let plain = without_diacritics(s);
    let mut out = String::with_capacity(plain.len());
    for c in plain.chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let end = out.trim_end_matches('-').len();
    out.truncate(end);
    out
}

/// `s` in quotation marks and made safe for the terminal: how a message
/// names an id, a name or a value someone wrote (never `{:?}`, which
/// shows a Vietnamese letter typed with combining marks as escapes).
pub fn quote(s: &str) -> String {
    format!("\"{}\"", one_line(s))
}

/// `s` made safe for the terminal and kept on one line (a line break shows
/// as ␊): for a file name, a message or a field printed by a command.
pub fn one_line(s: &str) -> Cow<'_, str> {
    match sanitize(s) {
        Cow::Borrowed(b) if !b.contains('\n') => Cow::Borrowed(b),
        clean => Cow::Owned(clean.replace('\n', "\u{240a}")),
    }
}

/// Makes content safe for the terminal: control characters become visible
/// symbols (C0 as their Unicode control pictures, others as `�`), tabs
/// become spaces. Nothing from a package reaches the terminal raw.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_care) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push_str("    "),
            '\n' => out.push('\n'),
            c if (c as u32) < 0x20 => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'))
            }
            '\u{7f}' => out.push('\u{2421}'),
            c if c.is_control() => out.push('\u{fffd}'),
            // Bidirectional overrides could reorder what the learner sees.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_care(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_words_joined_by_one_dash() {
        assert_eq!(slug("Nguyễn Thị Đào"), "nguyen-thi-dao");
        assert_eq!(slug("  Câu_1 -- (a) "), "cau-1-a");
        assert_eq!(slug("李明"), "");
        assert_eq!(slug("--x--"), "x");
    }

    #[test]
    fn widths_are_columns() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("Mật khẩu"), 8);
        // The same word typed with combining marks still takes 8 columns.
        assert_eq!(width("Ma\u{323}\u{302}t kha\u{302}\u{309}u"), 8);
        assert_eq!(width("数字能力"), 8);
        // Lao: ກ + combining vowel sign is one column.
        assert_eq!(width("ກິນ"), 2);
    }

    #[test]
    fn truncation_and_padding_respect_graphemes() {
        assert_eq!(truncate("数字能力", 5, "…"), "数字…");
        assert_eq!(truncate("Tiếng Việt", 6, "…"), "Tiếng…");
        assert_eq!(pad("数字", 6), "数字  ");
        assert_eq!(pad("数字能", 5), "数字 ");
    }

    #[test]
    fn a_quoted_value_is_safe_and_reads_as_typed() {
        // Debug formatting would show the combining marks as \u{323}.
        assert_eq!(quote("Ma\u{323}\u{302}t"), "\"Ma\u{323}\u{302}t\"");
        assert_eq!(quote("a\u{1b}[2J\nb"), "\"a\u{241b}[2J\u{240a}b\"");
    }

    #[test]
    fn control_characters_are_made_visible() {
        assert_eq!(sanitize("a\u{1b}[2Jb"), "a\u{241b}[2Jb");
        assert_eq!(sanitize("x\u{9b}y"), "x\u{fffd}y");
        assert_eq!(sanitize("tab\there"), "tab    here");
        assert_eq!(sanitize("abc\u{202e}def"), "abcdef");
        assert!(matches!(sanitize("plain Tiếng Việt"), Cow::Borrowed(_)));
    }
}
