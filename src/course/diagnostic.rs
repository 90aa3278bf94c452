//! Problems found in a course package, each with a place and a hint, and the
//! two ways of printing them: like a compiler for people, JSON for scripts.

use std::fmt::Write as _;

use serde::Serialize;

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
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    ControlCharacter = "control-character", Error;
    TomlSyntax = "toml-syntax", Error;
    FrontMatter = "front-matter", Error;
    UnknownKey = "unknown-key", Error;
    WrongType = "wrong-type", Error;
    MissingField = "missing-field", Error;
    UnsupportedFormat = "unsupported-format", Error;
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
    BadItem = "bad-item", Error;
    EmptyList = "empty-list", Error;
    BadQuestionType = "bad-question-type", Error;
    ChoiceRule = "choice-rule", Error;
    NestingTooDeep = "nesting-too-deep", Error;
    TooManyFiles = "too-many-files", Error;
    ZipInvalid = "zip-invalid", Error;
    ZipTooLarge = "zip-too-large", Error;
    ZipBomb = "zip-bomb", Error;
    MissingTranslation = "missing-translation", Warning;
    EmptyLesson = "empty-lesson", Warning;
    BrokenLink = "broken-link", Warning;
    UnreachableFile = "unreachable-file", Warning;
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// The line of source a diagnostic points at, kept so that it can be shown
/// under the message with a caret, as rustc does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// 1-based column (in chars) where the underline starts.
    pub column: u32,
    /// Underline length in chars, at least 1.
    pub len: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file as the user would open it: the package path joined with the
    /// file's path inside the package.
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub hint: Option<String>,
    #[serde(skip)]
    pub snippet: Option<Snippet>,
}

impl Diagnostic {
    pub fn new(code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: 0,
            column: 0,
            severity: code.severity(),
            code,
            message: message.into(),
            hint: None,
            snippet: None,
        }
    }

    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.line = line;
        self.column = column;
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
pub fn render_human(d: &Diagnostic, p: &Palette) -> String {
    let mut out = String::new();
    let sev = match d.severity {
        Severity::Error => p.error,
        Severity::Warning => p.warning,
    };
    let _ = writeln!(
        out,
        "{}: {sev}{}[{}]{sev:#}: {}{}{:#}",
        d.location(),
        d.severity.as_str(),
        d.code.name(),
        p.emphasis,
        d.message,
        p.emphasis
    );
    let number = d.line.to_string();
    let pad = " ".repeat(number.len());
    let g = p.gutter;
    if let Some(s) = &d.snippet {
        let (shown, col) = clip_line(&s.text, s.column as usize);
        let underline = format!(
            "{}{}",
            " ".repeat(col.saturating_sub(1)),
            "^".repeat(s.len.clamp(1, 80) as usize)
        );
        let _ = writeln!(out, "{pad} {g}|{g:#}");
        let _ = writeln!(out, "{g}{number} |{g:#} {shown}");
        let _ = writeln!(out, "{pad} {g}|{g:#} {sev}{underline}{sev:#}");
    }
    if let Some(h) = &d.hint {
        let h_style = p.help;
        let _ = writeln!(out, "{pad} {g}={g:#} {h_style}help{h_style:#}: {h}");
    }
    out
}

/// Long lines (minified TOML, a 10,000-deep list) are cut to a window around
/// the column, so one diagnostic never floods the screen.
fn clip_line(text: &str, column: usize) -> (String, usize) {
    const WINDOW: usize = 100;
    let chars: Vec<char> = text.chars().collect();
    let visible = |c: &char| if c.is_control() { '\u{FFFD}' } else { *c };
    if chars.len() <= WINDOW {
        return (chars.iter().map(visible).collect(), column);
    }
    let start = column.saturating_sub(WINDOW / 2).min(chars.len() - WINDOW);
    let mut shown = String::new();
    let mut col = column - start;
    if start > 0 {
        shown.push_str("...");
        col += 3;
    }
    shown.extend(chars.iter().skip(start).take(WINDOW).map(visible));
    if start + WINDOW < chars.len() {
        shown.push_str("...");
    }
    (shown, col)
}

/// The one-line summary after the diagnostics.
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
        let (shown, col) = clip_line(&line, 9000);
        assert!(shown.chars().count() <= 106);
        assert!(shown.starts_with("..."));
        assert!(col > 3 && col <= 106);
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
