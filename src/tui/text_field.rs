//! One text field for every place the learner types: a name, an email, a
//! note, a typed answer, a file path. Typed and pasted text follow the same
//! rule, and a field never grows past its limit, however much is pasted.

use unicode_segmentation::UnicodeSegmentation;

use super::action::Action;
use crate::text::{grapheme_width, width};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextField {
    text: String,
    /// At most this many characters are kept.
    limit: usize,
}

/// What a key did to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The text changed (or the key was a field key with nothing to do).
    Changed,
    /// Enter: the learner is done.
    Submit,
    /// Esc: leave the field.
    Cancel,
    /// Not a key for the field.
    Ignored,
}

/// Limits by what a field holds.
pub mod limit {
    pub const NAME: usize = 200;
    pub const EMAIL: usize = 320;
    pub const ANSWER: usize = 1_000;
    pub const PATH: usize = 4_096;
    pub const NOTE: usize = 10_000;
}

impl TextField {
    pub fn new(limit: usize) -> TextField {
        TextField {
            text: String::new(),
            limit,
        }
    }

    pub fn with_text(text: &str, limit: usize) -> TextField {
        let mut field = TextField::new(limit);
        field.insert(text);
        field
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text without the spaces around it.
    pub fn trimmed(&self) -> &str {
        self.text.trim()
    }

    /// Applies a key: characters and pastes are typed, Backspace removes
    /// the last character as the learner sees it (a letter with all its
    /// marks), Enter submits and Esc cancels.
    pub fn edit(&mut self, action: &Action) -> Edit {
        match action {
            Action::Char(c) => {
                self.insert(c.encode_utf8(&mut [0; 4]));
                Edit::Changed
            }
            Action::Paste(text) => {
                self.insert(text);
                Edit::Changed
            }
            Action::Backspace => {
                if let Some((at, _)) = self.text.grapheme_indices(true).next_back() {
                    self.text.truncate(at);
                }
                Edit::Changed
            }
            Action::Enter => Edit::Submit,
            Action::Back => Edit::Cancel,
            _ => Edit::Ignored,
        }
    }

    /// Adds text at the end. Line breaks and tabs become one space (a
    /// field is one line); other control characters and bidirectional
    /// overrides are dropped, so nothing typed or pasted can reach the
    /// terminal as a command or reorder what is shown.
    pub fn insert(&mut self, text: &str) {
        let mut room = self.limit.saturating_sub(self.text.chars().count());
        let mut last_cr = false;
        for c in text.chars() {
            if room == 0 {
                break;
            }
            let keep = match c {
                // \r\n is one line break.
                '\n' if last_cr => None,
                '\n' | '\r' | '\t' => Some(' '),
                c if c.is_control() => None,
                '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => None,
                c => Some(c),
            };
            last_cr = c == '\r';
            if let Some(c) = keep {
                self.text.push(c);
                room -= 1;
            }
        }
    }

    /// The end of the text that fits in `cols` columns: what a one-line
    /// field shows while the learner types at its end.
    pub fn tail(&self, cols: usize) -> &str {
        if width(&self.text) <= cols {
            return &self.text;
        }
        let mut used = 0;
        let mut start = self.text.len();
        for (i, g) in self.text.grapheme_indices(true).rev() {
            used += grapheme_width(g);
            if used > cols {
                break;
            }
            start = i;
        }
        self.text.get(start..).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(text: &str) -> TextField {
        TextField::with_text(text, 100)
    }

    #[test]
    fn typed_and_pasted_text_follow_one_rule() {
        let mut f = TextField::new(100);
        f.edit(&Action::Char('a'));
        f.edit(&Action::Paste("\u{1b}[2Jb\r\nc\nd\te\u{202e}f\u{7}".into()));
        f.edit(&Action::Char('\u{1b}'));
        assert_eq!(f.text(), "a[2Jb c d ef");
    }

    #[test]
    fn backspace_removes_a_whole_letter_with_its_marks() {
        let mut f = field("Ma\u{323}\u{302}");
        f.edit(&Action::Backspace);
        assert_eq!(f.text(), "M");
        f.edit(&Action::Backspace);
        f.edit(&Action::Backspace);
        assert_eq!(f.text(), "");
    }

    #[test]
    fn a_field_keeps_to_its_limit() {
        let mut f = TextField::new(5);
        f.edit(&Action::Paste("x".repeat(1_000_000)));
        f.edit(&Action::Char('y'));
        assert_eq!(f.text(), "xxxxx");
    }

    #[test]
    fn keys_submit_cancel_or_pass_through() {
        let mut f = field("");
        assert_eq!(f.edit(&Action::Enter), Edit::Submit);
        assert_eq!(f.edit(&Action::Back), Edit::Cancel);
        assert_eq!(f.edit(&Action::Up), Edit::Ignored);
    }

    #[test]
    fn the_tail_fits_in_columns() {
        let f = field("Nguyễn 数字能力");
        assert_eq!(f.tail(100), "Nguyễn 数字能力");
        assert_eq!(f.tail(5), "能力");
        assert_eq!(f.tail(4), "能力");
        assert_eq!(f.tail(3), "力");
        assert_eq!(field("abc").tail(0), "");
    }
}
