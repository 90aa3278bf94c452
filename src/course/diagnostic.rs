//! Problems found in a course package, each with a place and a hint, and the
//! two ways of printing them: like a compiler for people, JSON for scripts.

use std::fmt::Write as _;

use serde::Serialize;

use crate::text::one_line;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($( $variant:ident = $name:literal, $sev:ident; )*) => {
        /// Every kind of problem `slate check` reports. The names are stable:
        /// trainers' CI scripts and `docs/course-format.md` refer to them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            pub fn name(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }
        }
    };
}

codes! {
    PackageNotFound = "package-not-found", Error;
    ReadError = "read-error", Error;
    FileTooLarge = "file-too-large", Error;
    InvalidUtf8 = "invalid-utf8", Error;
    TomlSyntax = "toml-syntax", Error;
    FrontMatter = "front-matter", Error;
    UnknownKey = "unknown-key", Error;
    WrongType = "wrong-type", Error;
    MissingField = "missing-field", Error;
    UnsupportedFormat = "unsupported-format", Error;
    NeedsFormat2 = "needs-format-2", Error;
    BadId = "bad-id", Error;
    DuplicateId = "duplicate-id", Error;
    BadVersion = "bad-version", Error;
    BadLanguage = "bad-language", Error;
    MissingDefaultLanguage = "missing-default-language", Error;
    BadUrl = "bad-url", Error;
    BadValue = "bad-value", Error;
    OutOfRange = "out-of-range", Error;
    MissingFile = "missing-file", Error;
    PathOutside = "path-outside", Error;
    WindowsPath = "windows-path", Error;
    BadItem = "bad-item", Error;
    EmptyList = "empty-list", Error;
    BadQuestionType = "bad-question-type", Error;
    ChoiceRule = "choice-rule", Error;
    AnswerKey = "answer-key", Error;
    NestingTooDeep = "nesting-too-deep", Error;
    TooManyFiles = "too-many-files", Error;
    ZipInvalid = "zip-invalid", Error;
    ZipTooLarge = "zip-too-large", Error;
    ZipBomb = "zip-bomb", Error;
    ZipNames = "zip-names", Warning;
    MissingTranslation = "missing-translation", Warning;
    ControlCharacter = "control-character", Warning;
    BidiControl = "bidi-control", Warning;
    EmptyLesson = "empty-lesson", Warning;
    UnclosedFence = "unclosed-fence", Warning;
    HtmlInText = "html-in-text", Warning;
    BrokenLink = "broken-link", Warning;
    UnreachableFile = "unreachable-file", Warning;
    AlignmentWithoutUrl = "alignment-without-url", Warning;
    ChangedAfterSigning = "changed-after-signing", Warning;
    BadSignature = "bad-signature", Warning;
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// The line of source a diagnostic points at, kept so that it can be shown
/// under the message with a caret, as rustc does. Only a window of the line
/// around the place is kept: a diagnostic's size never depends on how long
/// its line is (20,000 broken links on one 140 KB line must not make
/// 20,000 copies of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The window shown, with `...` where the line goes on.
    pub text: String,
    /// 1-based column (in chars) in `text` where the underline starts.
    pub column: u32,
    /// Underline length in chars, at least 1.
    pub len: u32,
}

/// Characters of a line a snippet shows.
const WINDOW: usize = 100;

impl Snippet {
    /// The window of `line` around byte `at` (a char boundary), as it is
    /// shown: `WINDOW` chars with the place 49 chars in where the line
    /// allows, control and bidirectional characters shown as U+FFFD (one
    /// cell each, so the caret stays under its place). Costs the window,
    /// not the line.
    pub fn around(line: &str, at: usize, len: u32) -> Snippet {
        let at = (0..=at.min(line.len()))
            .rev()
            .find(|&i| line.is_char_boundary(i))
            .unwrap_or(0);
        let back = |from: usize, n: usize| -> usize {
            line.get(..from)
                .unwrap_or_default()
                .char_indices()
                .rev()
                .take(n)
                .last()
                .map_or(from, |(i, _)| i)
        };
        let mut start = back(at, WINDOW / 2 - 1);
        let rest = line.get(start..).unwrap_or_default();
        let taken = rest.chars().take(WINDOW).count();
        if taken < WINDOW {
            // Near the end of the line: the window starts earlier instead.
            start = back(start, WINDOW - taken);
        }
        let shown = line.get(start..).unwrap_or_default();
        let end = start
            + shown
                .char_indices()
                .nth(WINDOW)
                .map_or(shown.len(), |(i, _)| i);
        let visible = |c: char| {
            if c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
                '\u{FFFD}'
            } else {
                c
            }
        };
        let mut text = String::new();
        let mut column = line.get(start..at).map_or(0, |s| s.chars().count()) + 1;
        if start > 0 {
            text.push_str("...");
            column += 3;
        }
        text.extend(
            line.get(start..end)
                .unwrap_or_default()
                .chars()
                .map(visible),
        );
        if end < line.len() {
            text.push_str("...");
        }
        Snippet {
            text,
            column: column as u32,
            len: len.max(1),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file as the user would open it: the package path joined with the
    /// file's path inside the package.
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: u32,
    pub column: u32,
    /// Where the span ends (the character after it), for editors and CI
    /// annotations; the start when the problem is at one place.
    pub end_line: u32,
    pub end_column: u32,
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub hint: Option<String>,
    #[serde(skip)]
    pub snippet: Option<Snippet>,
    /// How many problems this one stands for: 1, or the number a line
    /// such as "and 4,980 more problems like the ones above" counts.
    #[serde(skip)]
    pub stands_for: usize,
    /// An error in the course itself (not confined to one item), which
    /// keeps the course closed.
    #[serde(skip)]
    pub closes_course: bool,
}

impl Diagnostic {
    pub fn new(code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
            severity: code.severity(),
            code,
            message: message.into(),
            hint: None,
            snippet: None,
            stands_for: 1,
            closes_course: false,
        }
    }

    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.line = line;
        self.column = column;
        self.end_line = line;
        self.end_column = column;
        self
    }

    /// Where the span ends.
    pub fn to(mut self, line: u32, column: u32) -> Self {
        self.end_line = line;
        self.end_column = column;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn location(&self) -> String {
        if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.column)
        }
    }
}

/// Colours for the human format; `Style::default()` everywhere gives plain
/// text, and anstream strips styles anyway where colour is not wanted.
#[derive(Debug, Clone, Copy, Default)]
pub struct Palette {
    pub error: anstyle::Style,
    pub warning: anstyle::Style,
    pub emphasis: anstyle::Style,
    pub gutter: anstyle::Style,
    pub help: anstyle::Style,
}

impl Palette {
    pub fn coloured() -> Self {
        use anstyle::{AnsiColor, Style};
        Palette {
            error: Style::new()
                .bold()
                .fg_color(Some(AnsiColor::BrightRed.into())),
            warning: Style::new()
                .bold()
                .fg_color(Some(AnsiColor::BrightYellow.into())),
            emphasis: Style::new().bold(),
            gutter: Style::new()
                .bold()
                .fg_color(Some(AnsiColor::BrightBlue.into())),
            help: Style::new()
                .bold()
                .fg_color(Some(AnsiColor::BrightCyan.into())),
        }
    }
}

/// Renders one diagnostic the way a compiler does:
///
/// ```text
/// course.toml:12:1: error[unknown-key]: unknown key `titel` in `[[module]]`
///    |
/// 12 | titel = "Passwords"
///    | ^^^^^
///    = help: did you mean `title`?
/// ```
/// A GitHub Actions workflow command, so that each problem shows on the
/// line it concerns in a pull request: `::error file=…,line=…::message`.
pub fn render_github(d: &Diagnostic) -> String {
    // Values are escaped as the runner reads them: `%`, CR and LF in the
    // message, and `:` and `,` too in a property.
    let data = |s: &str| {
        one_line(s)
            .replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let property = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let mut props = vec![format!("file={}", property(&d.file))];
    if d.line > 0 {
        props.push(format!("line={}", d.line));
        props.push(format!("col={}", d.column));
        if d.end_line > 0 {
            props.push(format!("endLine={}", d.end_line));
            props.push(format!("endColumn={}", d.end_column));
        }
    }
    props.push(format!("title={}", property(d.code.name())));
    let mut message = data(&d.message);
    if let Some(h) = &d.hint {
        message.push_str("%0Ahelp: ");
        message.push_str(&data(h));
    }
    format!("::{} {}::{message}", d.severity.as_str(), props.join(","))
}

pub fn render_human(d: &Diagnostic, p: &Palette) -> String {
    let mut out = String::new();
    let sev = match d.severity {
        Severity::Error => p.error,
        Severity::Warning => p.warning,
    };
    // File names, messages and hints carry what the package wrote (a
    // link target, a file name): never raw to the terminal.
    let _ = writeln!(
        out,
        "{}: {sev}{}[{}]{sev:#}: {}{}{:#}",
        one_line(&d.location()),
        d.severity.as_str(),
        d.code.name(),
        p.emphasis,
        one_line(&d.message),
        p.emphasis
    );
    let number = d.line.to_string();
    let pad = " ".repeat(number.len());
    let g = p.gutter;
    if let Some(s) = &d.snippet {
        let shown = &s.text;
        // Placed in columns, not characters: a Chinese character takes
        // two, a Lao vowel sign none.
        let before: String = shown
            .chars()
            .take((s.column as usize).saturating_sub(1))
            .collect();
        let under: String = shown
            .chars()
            .skip((s.column as usize).saturating_sub(1))
            .take(s.len.clamp(1, 80) as usize)
            .collect();
        let underline = format!(
            "{}{}",
            " ".repeat(crate::text::width(&before)),
            "^".repeat(crate::text::width(&under).clamp(1, 80))
        );
        let _ = writeln!(out, "{pad} {g}|{g:#}");
        let _ = writeln!(out, "{g}{number} |{g:#} {shown}");
        let _ = writeln!(out, "{pad} {g}|{g:#} {sev}{underline}{sev:#}");
    }
    if let Some(h) = &d.hint {
        let h_style = p.help;
        let _ = writeln!(
            out,
            "{pad} {g}={g:#} {h_style}help{h_style:#}: {}",
            one_line(h)
        );
    }
    out
}

/// The one-line summary after the diagnostics.
/// How many errors and warnings `diags` stand for, counting those that
/// were not listed one by one.
pub fn tally(diags: &[Diagnostic]) -> (usize, usize) {
    diags.iter().fold((0, 0), |(e, w), d| {
        if d.is_error() {
            (e + d.stands_for, w)
        } else {
            (e, w + d.stands_for)
        }
    })
}

pub fn summary_line(packages: usize, errors: usize, warnings: usize) -> String {
    let pkgs = plural(packages, "package", "packages");
    if errors == 0 && warnings == 0 {
        return format!("checked {pkgs}: no problems found");
    }
    format!(
        "checked {pkgs}: {}, {}",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings")
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_a_compiler() {
        let mut d = Diagnostic::new(Code::UnknownKey, "c/course.toml", "unknown key `titel`")
            .at(12, 1)
            .hint("did you mean `title`?");
        d.snippet = Some(Snippet {
            text: "titel = \"x\"".into(),
            column: 1,
            len: 5,
        });
        assert_eq!(
            render_human(&d, &Palette::default()),
            "c/course.toml:12:1: error[unknown-key]: unknown key `titel`\n   |\n12 | titel = \"x\"\n   | ^^^^^\n   = help: did you mean `title`?\n"
        );
    }

    #[test]
    fn long_lines_are_clipped_around_the_column() {
        let line = "- ".repeat(5000);
        let s = Snippet::around(&line, 9000, 1);
        assert!(s.text.chars().count() <= 106);
        assert!(s.text.starts_with("...") && s.text.ends_with("..."));
        assert!(s.column > 3 && s.column <= 106);
        assert_eq!(s.text.chars().nth(s.column as usize - 1), Some('-'));
        // Near the end: the window ends with the line.
        let s = Snippet::around(&line, line.len() - 2, 1);
        assert!(s.text.starts_with("...") && !s.text.ends_with("..."));
        assert_eq!(s.text.chars().count(), 103);
        // A short line is shown whole, at its own column.
        let s = Snippet::around("titel = \"x\"", 0, 5);
        assert_eq!((s.text.as_str(), s.column), ("titel = \"x\"", 1));
        // Columns are chars, and marks stay one cell.
        let vi = format!("{}tiêu đề = 1", "ạ".repeat(300));
        let at = vi.find("tiêu").unwrap();
        let s = Snippet::around(&vi, at, 4);
        assert_eq!(
            s.text
                .chars()
                .skip(s.column as usize - 1)
                .take(4)
                .collect::<String>(),
            "tiêu"
        );
        let s = Snippet::around("a\u{1b}[2J\u{202e}b", 0, 1);
        assert_eq!(s.text, "a\u{fffd}[2J\u{fffd}b");
    }

    #[test]
    fn every_code_has_a_unique_name() {
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }

    #[test]
    fn summary_counts() {
        assert_eq!(
            summary_line(1, 0, 0),
            "checked 1 package: no problems found"
        );
        assert_eq!(
            summary_line(2, 1, 3),
            "checked 2 packages: 1 error, 3 warnings"
        );
    }
}
