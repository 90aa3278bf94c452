//! Moodle question banks (GIFT and Aiken) made into Slate quizzes. The
//! parsers read a bank into drafts; `write` turns the drafts into quiz
//! files and a course.toml; the report says, for every question of the
//! bank, what it became and what was lost. Files are untrusted: every
//! problem is a line in the report, never a panic, and nothing is kept
//! that the checker would refuse.

pub mod aiken;
pub mod gift;
pub mod html_md;
pub mod slug;
pub mod write;

/// The largest bank read (a Moodle export of a whole course is a few
/// MiB; this leaves room and keeps memory bounded).
pub const MAX_BANK_BYTES: u64 = 64 * 1024 * 1024;

/// A question as the bank gave it, before ids and files are chosen. Texts
/// are Markdown, as Slate's prompts are.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// Its `::title::`, if it had one.
    pub title: Option<String>,
    pub prompt: String,
    /// General feedback (GIFT `####`): Slate's `explanation`.
    pub explanation: Option<String>,
    pub kind: Kind,
}

/// One choice of a choice question: its share of the points (GIFT
/// `%50%`, `=` is 1, `~` 0) and the feedback for picking it.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftChoice {
    pub text: String,
    pub credit: f64,
    pub feedback: Option<String>,
}

/// A typed answer that earns `credit`, with its feedback.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed<T> {
    pub value: T,
    pub credit: f64,
    pub feedback: Option<String>,
}

/// A number and how far from it still counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num {
    pub answer: f64,
    pub tolerance: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// One choice is fully right; others may earn part (or nothing).
    Single(Vec<DraftChoice>),
    /// Several choices, each worth its credit.
    Multiple(Vec<DraftChoice>),
    TrueFalse {
        answer: bool,
        /// Shown after answering true / false.
        feedback_true: Option<String>,
        feedback_false: Option<String>,
    },
    Text(Vec<Typed<String>>),
    Number(Vec<Typed<Num>>),
    Match(Vec<(String, String)>),
}

impl Kind {
    pub fn type_name(&self) -> &'static str {
        match self {
            Kind::Single(_) => "single",
            Kind::Multiple(_) => "multiple",
            Kind::TrueFalse { .. } => "true_false",
            Kind::Text(_) => "text",
            Kind::Number(_) => "number",
            Kind::Match(_) => "match",
        }
    }
}

/// One question of the bank as read: a draft, or why it cannot be one;
/// and what was lost on the way either way.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    /// Line in the bank where the question starts (1-based).
    pub line: usize,
    /// The quiz it belongs to (the bank's category, else `None`).
    pub category: Option<String>,
    pub title: Option<String>,
    pub outcome: Result<Draft, String>,
    pub lost: Vec<String>,
}

/// A bank as its parser read it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Bank {
    pub questions: Vec<Read>,
    /// Problems that belong to no question (the file's encoding, a
    /// category line that says nothing).
    pub notes: Vec<(usize, String)>,
}

/// What a question of the bank became, for the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub line: usize,
    pub title: Option<String>,
    /// (quiz file, question id, type), or why it was not imported.
    pub became: Result<(String, String, &'static str), String>,
    pub lost: Vec<String>,
}

/// The report of one import.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Report {
    pub entries: Vec<Entry>,
    pub notes: Vec<(usize, String)>,
    pub quizzes: usize,
}

impl Report {
    pub fn imported(&self) -> usize {
        self.entries.iter().filter(|e| e.became.is_ok()).count()
    }

    pub fn total(&self) -> usize {
        self.entries.len()
    }

    /// The report's lines, for people, with `file` as the bank's name.
    /// Texts from the bank are made safe for the terminal by the caller's
    /// output (`cli::out`), and kept on one line here.
    pub fn lines(&self, file: &str) -> Vec<String> {
        let one = |s: &str| crate::text::one_line(s).into_owned();
        let mut out = Vec::new();
        for (line, note) in &self.notes {
            out.push(format!("{file}:{line}: {}", one(note)));
        }
        for e in &self.entries {
            let title = e
                .title
                .as_deref()
                .map(|t| format!(" {}", crate::text::quote(t)))
                .unwrap_or_default();
            let head = match &e.became {
                Ok((quiz, id, kind)) => format!(
                    "{file}:{}:{title} → {quiz} question {} ({kind})",
                    e.line,
                    one(id)
                ),
                Err(why) => format!("{file}:{}:{title} not importable: {}", e.line, one(why)),
            };
            out.push(head);
            for l in &e.lost {
                out.push(format!("    lost: {}", one(l)));
            }
        }
        let imported = self.imported();
        let not = self.total() - imported;
        out.push(format!(
            "imported {imported} of {} {} into {} {}; {not} not importable",
            self.total(),
            plural(self.total(), "question", "questions"),
            self.quizzes,
            plural(self.quizzes, "quiz", "quizzes"),
        ));
        out
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// Why a bank's bytes are no text Slate can read, with the line of the
/// first byte that is not UTF-8.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = 1 + bytes
                .get(..at)
                .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
            let guess = crate::course::encoding::guess(bytes);
            Err(format!(
                "line {line}: the file is not UTF-8: {}; {}",
                guess.what(),
                crate::course::encoding::HOW_TO_SAVE_UTF8
            ))
        }
    }
}

/// The text with its line ends made `\n` (Windows' CR LF and old Macs'
/// CR) and with every control character but tab and line feed taken out
/// (tabs become spaces): such characters could drive the learner's
/// terminal. Returns the lines where some were removed, and how many.
pub fn clean(text: &str) -> (String, Vec<(usize, usize)>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    let mut removed: Vec<(usize, usize)> = Vec::new();
    let mut line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
                line += 1;
            }
            '\n' => {
                out.push('\n');
                line += 1;
            }
            '\t' => out.push(' '),
            c if is_unsafe(c) => match removed.last_mut() {
                Some((l, n)) if *l == line => *n += 1,
                _ => removed.push((line, 1)),
            },
            c => out.push(c),
        }
    }
    (out, removed)
}

/// Control characters, bidirectional controls, and the private-use
/// characters the GIFT parser uses for escapes.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
        || gift::is_placeholder(c)
}

/// Adds, to every question read from a line in `removed`'s ranges, that
/// control characters were taken out of it; the rest go to the notes.
pub fn note_removed(bank: &mut Bank, removed: &[(usize, usize)]) {
    for &(line, n) in removed {
        // The question whose lines hold `line`: the last one starting at
        // or before it.
        let at = bank.questions.partition_point(|q| q.line <= line);
        let what = format!(
            "{n} control {} removed at line {line}",
            plural(n, "character", "characters")
        );
        match at.checked_sub(1).and_then(|i| bank.questions.get_mut(i)) {
            Some(q) => q.lost.push(what),
            None => bank.notes.push((line, what)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_and_control_characters() {
        let (t, removed) = clean("a\r\nb\rc\u{1b}[2J\u{7}\nd\u{202e}e\tf");
        assert_eq!(t, "a\nb\nc[2J\nde f");
        assert_eq!(removed, vec![(3, 2), (4, 1)]);
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        let e = decode(b"ok\nok\nbad \xE2\x28\n").unwrap_err();
        assert!(e.starts_with("line 3: the file is not UTF-8"), "{e}");
        assert_eq!(decode(b"\xEF\xBB\xBFhi").unwrap(), "hi");
    }
}
