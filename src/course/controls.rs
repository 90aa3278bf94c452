//! Control characters written into a package's files: each place is a
//! warning (the player and every command neutralise them), named after
//! what really puts them there, and the text is read on as if each were a
//! space, so that one invisible character pasted from Word neither closes
//! a lesson nor hides the rest of a quiz behind a TOML syntax error.

use super::diagnostic::Code;
use super::toml_read::{FileCtx, first_forbidden_control, is_forbidden_control};

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
