//! Control characters written into a package's files: each place is a
//! warning (the player and every command neutralise them), named after
//! what really puts them there, and the text is read on as if each were a
//! space, so that one invisible character pasted from Word neither closes
//! a lesson nor hides the rest of a quiz behind a TOML syntax error. Also
//! what counts as a control or bidirectional character, and the fast
//! searches for them that every check runs on every text.

use super::diagnostic::Code;
use super::toml_read::FileCtx;

/// Characters that reorder the text around them (bidirectional embeddings,
/// overrides and isolates): a title with one can read otherwise than it is
/// written.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The first bidirectional control in `s`. Scans bytes: every one is
/// `0xE2 0x80 0xAA..=0xAE` or `0xE2 0x81 0xA6..=0xA9` in UTF-8, so text
/// without a 0xE2 byte (most Vietnamese and Lao) costs one `memchr`.
pub fn first_bidi_control(s: &str) -> Option<char> {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(i) = b.get(from..)?.iter().position(|&x| x == 0xE2) {
        let at = from + i;
        if let Some(c) = s.get(at..).and_then(|t| t.chars().next())
            && is_bidi_control(c)
        {
            return Some(c);
        }
        from = at + 1;
    }
    None
}

pub fn bidi_message(c: char) -> String {
    format!(
        "text contains the bidirectional control U+{:04X}, which can make it read in another order than it is written",
        c as u32
    )
}

pub const BIDI_HINT: &str = "remove it; Slate shows text without it";

/// C0 and C1 controls other than tab, line feed and carriage return.
pub fn is_forbidden_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}'
}

/// The first forbidden control character and its byte offset. Scans bytes:
/// C0 and DEL are single bytes, C1 controls are `0xC2 0x80..=0x9F`.
pub fn first_forbidden_control(s: &str) -> Option<(usize, char)> {
    let b = s.as_bytes();
    let mut from = 0;
    // A tight search for the few bytes that may start one, then a look.
    while let Some(i) = b
        .get(from..)?
        .iter()
        .position(|&x| x < 0x20 || x == 0x7f || x == 0xc2)
    {
        let at = from + i;
        let hit = match b.get(at).copied() {
            Some(b'\t' | b'\n' | b'\r') => false,
            Some(0xc2) => b.get(at + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
            _ => true,
        };
        if hit {
            return s.get(at..)?.chars().next().map(|c| (at, c));
        }
        from = at + 1;
    }
    None
}

/// What a control character is, in the words of a trainer who never
/// typed it, and how to get rid of it.
pub fn describe(c: char) -> (String, &'static str) {
    let code = c as u32;
    let what = match c {
        '\u{b}' => "a line break pasted from Word (Shift+Enter)",
        '\u{c}' => "a page break pasted from Word (Ctrl+Enter)",
        '\u{1b}' => "an escape, which starts a terminal command",
        '\u{0}' => "a NUL byte, often left by a file saved as UTF-16",
        '\u{8}' => "a backspace",
        '\u{7f}' => "a delete character",
        '\u{80}'..='\u{9f}' => "a C1 control, often a Windows-1252 quote or dash read as Latin-1",
        _ => "an invisible control character",
    };
    let hint = match c {
        '\u{b}' | '\u{c}' => {
            "delete it and press Enter instead; when copying from Word, paste as plain text (Ctrl+Shift+V)"
        }
        '\u{80}'..='\u{9f}' => {
            "retype the quote or dash; the text was copied through a program that misread it"
        }
        _ => "delete it; Slate shows it as a visible symbol, never as the character itself",
    };
    (format!("U+{code:04X}, {what}"), hint)
}

/// Reports every control character written in `ctx.src` (up to the per-
/// file cap, then counted), and returns the text with each one replaced by
/// as many spaces as it has bytes, so that every line and column stays
/// where it was. `None` when the text has none.
pub fn report_and_blank(ctx: &mut FileCtx<'_>, what: &str) -> Option<String> {
    let src = ctx.src;
    first_forbidden_control(src)?;
    let mut out = String::with_capacity(src.len());
    for (at, c) in src.char_indices() {
        if !is_forbidden_control(c) {
            out.push(c);
            continue;
        }
        out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        if ctx.listing(Code::ControlCharacter) {
            let (name, hint) = describe(c);
            ctx.report(
                Code::ControlCharacter,
                at..at + c.len_utf8(),
                format!("{what} contains the control character {name}"),
                hint,
            );
        } else {
            ctx.unlisted(Code::ControlCharacter);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_forbidden_but_newlines_are_not() {
        assert!(is_forbidden_control('\u{1b}'));
        assert!(is_forbidden_control('\u{9b}'));
        assert!(!is_forbidden_control('\n'));
        assert!(!is_forbidden_control('đ'));
        assert_eq!(first_forbidden_control("ab\u{1b}[2J"), Some((2, '\u{1b}')));
        assert_eq!(first_forbidden_control("x\u{9b}y"), Some((1, '\u{9b}')));
        assert_eq!(first_forbidden_control("Tiếng Việt\tok\r\n"), None);
    }

    #[test]
    fn bidirectional_controls_are_found_by_their_bytes() {
        assert_eq!(first_bidi_control("a\u{202e}b"), Some('\u{202e}'));
        assert_eq!(
            first_bidi_control("— dấu gạch — \u{2067}"),
            Some('\u{2067}')
        );
        assert_eq!(first_bidi_control("Tiếng Việt — ພາສາລາວ"), None);
    }

    #[test]
    fn each_place_is_reported_and_blanked_byte_for_byte() {
        let src = "a\u{b}b\nc\u{85}d\u{c}";
        let mut ctx = FileCtx::new("f.md".into(), src, "en");
        let blanked = report_and_blank(&mut ctx, "the lesson").unwrap();
        assert_eq!(blanked.len(), src.len());
        assert_eq!(blanked, "a b\nc  d ");
        let diags = ctx.take_diags();
        assert_eq!(diags.len(), 3);
        assert!(diags.iter().all(|d| !d.is_error()));
        assert_eq!((diags[1].line, diags[1].column), (2, 2));
        assert!(
            diags[0]
                .message
                .contains("U+000B, a line break pasted from Word")
        );
    }

    #[test]
    fn past_the_cap_the_rest_are_counted() {
        let src = "\u{b}".repeat(50);
        let mut ctx = FileCtx::new("f.md".into(), &src, "en");
        report_and_blank(&mut ctx, "the lesson");
        let diags = ctx.take_diags();
        let more = diags.last().unwrap();
        assert!(more.message.starts_with("and 30 more"), "{}", more.message);
    }
}
