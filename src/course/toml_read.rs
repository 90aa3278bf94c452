//! Reading TOML with spans, reporting every problem instead of stopping at
//! the first (which a serde derive would do). Each getter checks the type,
//! reports a diagnostic with the exact place when it is wrong, and returns
//! `None` so the caller carries on with the rest of the file.

use std::collections::BTreeSet;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::controls::{BIDI_HINT, bidi_message, first_bidi_control, first_forbidden_control};
use super::diagnostic::{Code, Diagnostic, Snippet};
use super::limits::{MAX_SAME_DIAGNOSTICS, MAX_TOML_DEPTH};
use super::model::Text;
use crate::text::nfc;

pub type Span = Range<usize>;
pub type Value<'i> = Spanned<DeValue<'i>>;

/// Where a text table was written and which languages it has, kept until
/// every file is read and the package's languages are known. A large course
/// has a hundred thousand of these, so they stay small: the language set is
/// an index into [`FileCtx::lang_sets`].
#[derive(Debug, Clone, Copy)]
pub struct TextTable {
    pub key: &'static str,
    pub line: u32,
    pub column: u32,
    pub set: u32,
}

/// The keys a table may have, and the tables under it, for
/// [`FileCtx::fix_typos`].
pub struct Schema {
    pub keys: &'static [&'static str],
    /// How messages name the table.
    pub within: &'static str,
    pub children: &'static [(&'static str, &'static Schema)],
    /// The keys of this very table, where they depend on what it says (a
    /// question's on its `type`); `keys` when it says nothing readable.
    pub refine: Option<KeysOf>,
}

/// The keys a table may have, as its own content says.
pub type KeysOf = fn(&DeTable<'_>) -> Option<Vec<&'static str>>;

/// One file being read: its name for diagnostics, its text for line and
/// column numbers, and the diagnostics found so far.
pub struct FileCtx<'s> {
    pub file: String,
    pub src: &'s str,
    /// Byte offset of the TOML inside `src` (front matter starts past `+++`).
    pub offset: usize,
    line_starts: Vec<usize>,
    /// The last place asked for (byte, line, column): diagnostics come in
    /// order, so the next column is counted from there, not from the start
    /// of a long line again.
    last_place: std::cell::Cell<(usize, u32, u32)>,
    pub default_language: String,
    pub diags: Vec<Diagnostic>,
    /// Diagnostics kept per code, and those past the cap not kept.
    kept: std::collections::HashMap<Code, usize>,
    hidden: std::collections::BTreeMap<Code, usize>,
    /// Lines holding a TOML syntax error: what the recovered document says
    /// there is not to be trusted, so nothing else is reported on them.
    syntax_lines: std::collections::HashSet<u32>,
    /// Errors reported, listed or not, and the last of them.
    errors: usize,
    last_error: Option<Diagnostic>,
    /// Offsets of backslashes in item paths patched to `/` before parsing
    /// (see [`super::toml_hints::windows_path_escapes`]).
    pub patched: Vec<usize>,
    pub languages: BTreeSet<String>,
    pub text_tables: Vec<TextTable>,
    /// Distinct language sets of the text tables of this file.
    pub lang_sets: Vec<Vec<String>>,
    /// The package's `format`, for the keys a later format added: the
    /// loader sets it from course.toml; a quiz read again from a package
    /// already checked keeps the newest.
    pub package_format: i64,
}

impl<'s> FileCtx<'s> {
    pub fn new(file: String, src: &'s str, default_language: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        FileCtx {
            file,
            src,
            offset: 0,
            line_starts,
            last_place: std::cell::Cell::new((0, 1, 1)),
            default_language: default_language.to_string(),
            diags: Vec::new(),
            kept: std::collections::HashMap::new(),
            hidden: std::collections::BTreeMap::new(),
            syntax_lines: std::collections::HashSet::new(),
            errors: 0,
            last_error: None,
            patched: Vec::new(),
            languages: BTreeSet::new(),
            text_tables: Vec::new(),
            lang_sets: Vec::new(),
            package_format: super::manifest::FORMAT,
        }
    }

    /// 1-based line and column (in chars) of a byte offset in `src`.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.src.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or_default();
        let count = |from: usize| {
            self.src
                .get(from..offset)
                .map_or(offset - from, |s| s.chars().count())
        };
        let (last, last_line, last_col) = self.last_place.get();
        let col = if last_line as usize == line && (start..=offset).contains(&last) {
            last_col as usize + count(last)
        } else {
            count(start) + 1
        };
        self.last_place.set((offset, line as u32, col as u32));
        (line as u32, col as u32)
    }

    /// A diagnostic pointing at `span` (relative to the TOML being read).
    pub fn diag(&self, code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        self.diag_abs(
            code,
            span.start + self.offset..span.end + self.offset,
            message,
        )
    }

    /// A diagnostic pointing at `span` in the whole file.
    pub fn diag_abs(&self, code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.position(span.start);
        let line_start = self
            .line_starts
            .get(line as usize - 1)
            .copied()
            .unwrap_or_default();
        // The next line's start is known: no search along a long line.
        let line_end = self
            .line_starts
            .get(line as usize)
            .map_or(self.src.len(), |next| next.saturating_sub(1));
        let text = self
            .src
            .get(line_start..line_end)
            .unwrap_or("")
            .trim_end_matches('\r');
        // The line as written: a `\` read as `/` to parse it is shown.
        // (Only on lines of ordinary length: a copy per diagnostic of a
        // line of 20,000 paths would cost the square of the line.)
        let restored: String;
        let here = self.patched_in(line_start..line_start + text.len());
        let text = if !here.is_empty() && text.len() <= 4096 {
            let mut t = text.to_string();
            for &p in here {
                t.replace_range(p - line_start..p - line_start + 1, "\\");
            }
            restored = t;
            restored.as_str()
        } else {
            text
        };
        // The underline is at most as long as a snippet shows.
        let end = span.end.clamp(span.start, line_end);
        let len = self.src.get(span.start..end).map_or(1, |s| {
            s.char_indices()
                .nth(200)
                .map_or_else(|| s.chars().count(), |_| 200)
                .max(1)
        });
        let end = span.end.max(span.start).min(self.src.len());
        let (end_line, end_column) = if end == span.start {
            (line, column)
        } else {
            self.position(end)
        };
        // The next lookups start from the place, not from the span's end.
        self.position(span.start);
        let mut d = Diagnostic::new(code, self.file.clone(), message)
            .at(line, column)
            .to(end_line, end_column);
        d.snippet = Some(Snippet::around(
            text,
            span.start.saturating_sub(line_start),
            len as u32,
        ));
        d
    }

    /// Keeps a diagnostic, unless this file already has as many of its kind
    /// as are listed ([`MAX_SAME_DIAGNOSTICS`]): the rest are counted, and
    /// said in one line by [`FileCtx::take_diags`].
    pub fn push(&mut self, d: Diagnostic) {
        if d.code != Code::TomlSyntax && self.syntax_lines.contains(&d.line) {
            return;
        }
        // A field is often "missing" because its line is the broken one.
        if d.code == Code::MissingField && !self.syntax_lines.is_empty() {
            return;
        }
        if d.is_error() {
            self.errors += 1;
            self.last_error = Some(d.clone());
        }
        let kept = self.kept.entry(d.code).or_default();
        if *kept >= MAX_SAME_DIAGNOSTICS {
            *self.hidden.entry(d.code).or_default() += 1;
            return;
        }
        *kept += 1;
        self.diags.push(d);
    }

    /// The patched offsets (sorted, as found) within `range`.
    pub fn patched_in(&self, range: Range<usize>) -> &[usize] {
        let from = self.patched.partition_point(|&p| p < range.start);
        let to = self.patched.partition_point(|&p| p < range.end);
        self.patched.get(from..to).unwrap_or_default()
    }

    /// Counts a diagnostic of `code` that is not listed (past the cap),
    /// without the cost of building it.
    pub fn unlisted(&mut self, code: Code) {
        *self.hidden.entry(code).or_default() += 1;
        if code.severity() == super::diagnostic::Severity::Error {
            self.errors += 1;
        }
    }

    /// Takes in diagnostics found in a first pass over the same file.
    pub fn adopt(&mut self, diags: Vec<Diagnostic>) {
        for d in diags {
            if d.is_error() {
                self.errors += 1;
                self.last_error = Some(d.clone());
            }
            *self.kept.entry(d.code).or_default() += 1;
            self.diags.push(d);
        }
    }

    /// Errors reported so far, listed or not.
    pub fn errors(&self) -> usize {
        self.errors
    }

    /// The last error reported, listed or not.
    pub fn last_error(&self) -> Option<&Diagnostic> {
        self.last_error.as_ref()
    }

    /// Whether a diagnostic of `code` would still be listed (so whether a
    /// costly hint for it is worth finding).
    pub fn listing(&self, code: Code) -> bool {
        self.kept.get(&code).copied().unwrap_or(0) < MAX_SAME_DIAGNOSTICS
    }

    /// The diagnostics kept so far, with a line for each kind that had more
    /// than were listed.
    pub fn take_diags(&mut self) -> Vec<Diagnostic> {
        let mut out = std::mem::take(&mut self.diags);
        // In the order of the file, whatever order the checks ran in; a
        // line that counts those not listed comes after them.
        out.sort_by_key(|d| (d.stands_for > 1, d.line, d.column));
        for (code, n) in std::mem::take(&mut self.hidden) {
            out.push(more_like_this(code, &self.file, n));
        }
        out
    }

    pub fn report(
        &mut self,
        code: Code,
        span: Span,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let hint = hint.into();
        let mut d = self.diag(code, span, message);
        if !hint.is_empty() {
            d = d.hint(hint);
        }
        self.push(d);
    }

    /// Whether the file had a TOML syntax error (so that what was read of
    /// it is a recovery, and an id missing may just be unreadable).
    pub fn had_syntax_errors(&self) -> bool {
        !self.syntax_lines.is_empty()
    }

    /// Parses a whole TOML document, reporting every syntax error, and
    /// returns what could be read of it all the same, so that one typo
    /// does not hide the rest of the file's problems. `None` only when it
    /// nests too deep to read at all.
    pub fn parse<'i>(&mut self, toml_src: &'i str) -> Option<Spanned<DeTable<'i>>> {
        if let Some(at) = too_deep(toml_src) {
            self.report(
                Code::NestingTooDeep,
                at..at + 1,
                format!("arrays and tables are nested more than {MAX_TOML_DEPTH} deep"),
                "flatten the structure; no course field needs this depth",
            );
            return None;
        }
        let (table, errors) = DeTable::parse_recoverable(toml_src);
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().trim().replace('\n', "; ");
            let (message, hint) = super::toml_hints::explain(toml_src, span.clone(), &message);
            let (line, _) = self.position(span.start + self.offset);
            // One mistake, one report: the parser can say several things
            // about a single broken line.
            if self.syntax_lines.contains(&line) {
                continue;
            }
            self.report(Code::TomlSyntax, span, message, hint);
            self.syntax_lines.insert(line);
        }
        Some(table)
    }

    /// Renames, in `table` and the tables under it, each unknown key that
    /// is close to a known one absent from its table (`itmes` → `items`),
    /// reporting it: the rest is then checked as if it were the known
    /// key, so that one typo does not hide the errors under it.
    pub fn fix_typos(&mut self, table: &mut DeTable<'_>, schema: &Schema) {
        let refined = schema.refine.and_then(|f| f(table));
        let keys: &[&'static str] = refined.as_deref().unwrap_or(schema.keys);
        let unknown: Vec<String> = table
            .keys()
            .map(|k| k.get_ref().to_string())
            .filter(|k| !keys.contains(&k.as_str()))
            .collect();
        for k in unknown {
            let Some(known) = did_you_mean(&k, keys) else {
                continue;
            };
            if table.contains_key(known) {
                continue;
            }
            let Some((key, value)) = table.remove_entry(k.as_str()) else {
                continue;
            };
            self.report(
                Code::UnknownKey,
                key.span(),
                format!(
                    "unknown key `{k}` in {}; checked as `{known}`",
                    schema.within
                ),
                format!("did you mean `{known}`?"),
            );
            table.insert(
                Spanned::new(key.span(), std::borrow::Cow::Borrowed(known)),
                value,
            );
        }
        for (name, child) in schema.children {
            let Some(v) = table.get_mut(*name) else {
                continue;
            };
            match v.get_mut() {
                DeValue::Table(t) => self.fix_typos(t, child),
                DeValue::Array(items) => {
                    for item in items.iter_mut() {
                        if let DeValue::Table(t) = item.get_mut() {
                            self.fix_typos(t, child);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Reports keys of `table` that are not in `allowed`, suggesting the
    /// closest allowed key.
    pub fn check_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], within: &str) {
        for (key, _) in table.iter() {
            let k: &str = key.get_ref();
            if allowed.contains(&k) {
                continue;
            }
            let hint = match did_you_mean(k, allowed) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the keys allowed here are: {}", allowed.join(", ")),
            };
            self.report(
                Code::UnknownKey,
                key.span(),
                format!("unknown key `{}` in {within}", k),
                hint,
            );
        }
    }

    pub fn missing(&mut self, span: Span, key: &str, within: &str, example: &str) {
        self.report(
            Code::MissingField,
            span.start..span.start + 1,
            format!("missing required field `{key}` in {within}"),
            format!("add `{example}`"),
        );
    }

    pub fn wrong_type(&mut self, v: &Value<'_>, key: &str, expected: &str) {
        let hint = match expected {
            "a string" | "a path (string)" => "write it in double quotes, e.g. `\"...\"`",
            "a whole number" => "write digits without quotes, e.g. `90`",
            "a number" => "write a number without quotes, e.g. `1` or `0.5`",
            "`true` or `false`" => "write `true` or `false` without quotes",
            "an array" => "write a list in brackets, e.g. `[\"a\", \"b\"]`",
            "a table" => "write a table: `[name]` or `{ key = value }`",
            _ => "write `\"text\"` or a table such as `{ en = \"...\", vi = \"...\" }`",
        };
        self.report(
            Code::WrongType,
            v.span(),
            format!(
                "`{key}` must be {expected}, found {}",
                type_name(v.get_ref())
            ),
            hint,
        );
    }

    pub fn string(&mut self, table: &DeTable<'_>, key: &str) -> Option<(String, Span)> {
        let v = get(table, key)?;
        match v.get_ref() {
            DeValue::String(s) => {
                let s = self.clean(s, v.span());
                Some((s, v.span()))
            }
            _ => {
                self.wrong_type(v, key, "a string");
                None
            }
        }
    }

    pub fn required_string(
        &mut self,
        table: &DeTable<'_>,
        span: &Span,
        key: &str,
        within: &str,
        example: &str,
    ) -> Option<(String, Span)> {
        if get(table, key).is_none() {
            self.missing(span.clone(), key, within, example);
            return None;
        }
        self.string(table, key)
    }

    pub fn bool(&mut self, table: &DeTable<'_>, key: &str) -> Option<bool> {
        let v = get(table, key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(v, key, "`true` or `false`");
                None
            }
        }
    }

    pub fn integer(&mut self, table: &DeTable<'_>, key: &str) -> Option<(i64, Span)> {
        let v = get(table, key)?;
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some((n, v.span())),
                Err(_) => {
                    self.report(
                        Code::OutOfRange,
                        v.span(),
                        format!("`{key}` is too large"),
                        "use a smaller number",
                    );
                    None
                }
            },
            _ => {
                self.wrong_type(v, key, "a whole number");
                None
            }
        }
    }

    /// A whole number in `0..=max`, reported as out of range otherwise.
    pub fn count(&mut self, table: &DeTable<'_>, key: &str, max: i64) -> Option<u32> {
        let (n, span) = self.integer(table, key)?;
        if !(0..=max).contains(&n) {
            self.report(
                Code::OutOfRange,
                span,
                format!("`{key}` is {n}, but must be between 0 and {max}"),
                format!("write a whole number from 0 to {max}"),
            );
            return None;
        }
        u32::try_from(n).ok()
    }

    pub fn number(&mut self, table: &DeTable<'_>, key: &str) -> Option<(f64, Span)> {
        let v = get(table, key)?;
        let n = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => {
                self.wrong_type(v, key, "a number");
                return None;
            }
        };
        match n {
            Some(n) if n.is_finite() => Some((n, v.span())),
            _ => {
                self.report(
                    Code::OutOfRange,
                    v.span(),
                    format!("`{key}` must be a finite number"),
                    "write an ordinary number, not `inf` or `nan`",
                );
                None
            }
        }
    }

    /// A share in `0..=1` (pass scores).
    pub fn share(&mut self, table: &DeTable<'_>, key: &str) -> Option<f64> {
        let (n, span) = self.number(table, key)?;
        if !(0.0..=1.0).contains(&n) {
            self.report(
                Code::OutOfRange,
                span,
                format!("`{key}` is {n}, but must be between 0 and 1"),
                format!("write a share of the points, e.g. `{key} = 0.8` for 80%"),
            );
            return None;
        }
        Some(n)
    }

    pub fn array<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        key: &str,
    ) -> Option<(&'t DeArray<'i>, Span)> {
        let v = get(table, key)?;
        match v.get_ref() {
            DeValue::Array(a) => Some((a, v.span())),
            _ => {
                self.wrong_type(v, key, "an array");
                None
            }
        }
    }

    /// The tables of an array of tables (`[[module]]`), skipping and
    /// reporting any element that is not a table.
    /// The tables of an array of tables (`[[module]]`), skipping and
    /// reporting any element that is not a table. `None` when the key is
    /// absent or not an array (reported).
    pub fn tables<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        key: &str,
    ) -> Option<Vec<(&'t DeTable<'i>, Span)>> {
        self.tables_named(table, key, key)
    }

    /// As [`FileCtx::tables`], for a nested array whose header is written
    /// with its full name (`[[question.choice]]`).
    pub fn tables_named<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        key: &str,
        header: &str,
    ) -> Option<Vec<(&'t DeTable<'i>, Span)>> {
        let v = get(table, key)?;
        let arr = match v.get_ref() {
            DeValue::Array(a) => a,
            DeValue::Table(_) => {
                self.report(
                    Code::WrongType,
                    v.span(),
                    format!("`{key}` must be a list of tables, found a single table"),
                    format!("write `[[{header}]]` with double brackets, once for each"),
                );
                return None;
            }
            _ => {
                self.wrong_type(v, key, "an array");
                return None;
            }
        };
        let mut out = Vec::new();
        for v in arr.iter() {
            match v.get_ref() {
                DeValue::Table(t) => out.push((t, v.span())),
                _ => self.wrong_type(v, key, "a table"),
            }
        }
        Some(out)
    }

    pub fn table<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        key: &str,
    ) -> Option<(&'t DeTable<'i>, Span)> {
        let v = get(table, key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some((t, v.span())),
            _ => {
                self.wrong_type(v, key, "a table");
                None
            }
        }
    }

    pub fn text(&mut self, table: &DeTable<'_>, key: &'static str) -> Option<Text> {
        let v = get(table, key)?;
        self.text_value(v, key)
    }

    pub fn required_text(
        &mut self,
        table: &DeTable<'_>,
        span: &Span,
        key: &'static str,
        within: &str,
    ) -> Option<Text> {
        if get(table, key).is_none() {
            let example = format!("{key} = \"...\"");
            self.missing(span.clone(), key, within, &example);
            return None;
        }
        self.text(table, key)
    }

    /// A text field: a string in the default language, or a table keyed by
    /// language tag that must hold the default language.
    pub fn text_value(&mut self, v: &Value<'_>, key: &'static str) -> Option<Text> {
        match v.get_ref() {
            DeValue::String(s) => {
                let s = self.clean(s, v.span());
                self.check_html(&s, v.span());
                Some(Text::plain(s, &self.default_language))
            }
            DeValue::Table(t) => {
                let mut pairs: Vec<(String, String)> = Vec::new();
                let mut ok = true;
                for (lang, val) in t.iter() {
                    let lang_s: &str = lang.get_ref();
                    if !valid_language_tag(lang_s) {
                        self.report(
                            Code::BadLanguage,
                            lang.span(),
                            format!("`{lang_s}` is not a BCP 47 language tag"),
                            "use tags such as `en`, `vi`, `lo`, `zh-CN`",
                        );
                        ok = false;
                        continue;
                    }
                    match val.get_ref() {
                        DeValue::String(s) => {
                            let s = self.clean(s, val.span());
                            self.check_html(&s, val.span());
                            pairs.push((lang_s.to_string(), s));
                        }
                        _ => {
                            self.wrong_type(val, &format!("{key}.{lang_s}"), "a string");
                            ok = false;
                        }
                    }
                }
                let default = self.default_language.clone();
                let Some(pos) = pairs
                    .iter()
                    .position(|(l, _)| l.eq_ignore_ascii_case(&default))
                else {
                    if ok {
                        self.report(
                            Code::MissingDefaultLanguage,
                            v.span(),
                            format!("`{key}` has no text in the default language `{default}`"),
                            format!("add `{default} = \"...\"` to the table"),
                        );
                    }
                    return None;
                };
                let first = pairs.remove(pos);
                pairs.insert(0, first);
                for (l, _) in &pairs {
                    self.languages.insert(l.clone());
                }
                let set: Vec<String> = pairs.iter().map(|(l, _)| l.clone()).collect();
                let set = match self.lang_sets.iter().position(|s| *s == set) {
                    Some(i) => i,
                    None => {
                        self.lang_sets.push(set);
                        self.lang_sets.len() - 1
                    }
                };
                let (line, column) = self.position(v.span().start + self.offset);
                self.text_tables.push(TextTable {
                    key,
                    line,
                    column,
                    set: set as u32,
                });
                ok.then_some(Text(pairs))
            }
            _ => {
                self.wrong_type(v, key, "a string or a table of languages");
                None
            }
        }
    }

    /// Warns of an HTML tag in a text, which learners would see as written
    /// (quiz and course texts are Markdown; Moodle's exports are HTML).
    pub fn check_html(&mut self, s: &str, span: Span) {
        if !s.contains('<') || !self.listing(Code::HtmlInText) {
            return;
        }
        if let Some(tag) = super::html::first_tag(s) {
            let hint = match super::html::markdown_for(&tag) {
                Some(md) => format!(
                    "write it in Markdown instead ({md}); other tags and their attributes can be removed"
                ),
                None => "remove the tag; texts are Markdown, where `**bold**`, `*italic*` and a blank line for a new paragraph do the same".to_string(),
            };
            self.report(
                Code::HtmlInText,
                span,
                format!("this text holds the HTML tag `{tag}`, which Slate shows as written, not as formatting"),
                hint,
            );
        }
    }

    /// NFC-normalises a string from the file and reports control characters
    /// (an escaped `\u001b` gets past the TOML parser).
    pub fn clean(&mut self, s: &str, span: Span) -> String {
        if let Some((_, c)) = first_forbidden_control(s) {
            let (name, hint) = super::controls::describe(c);
            self.report(
                Code::ControlCharacter,
                span,
                format!("text contains the control character {name} (written with a `\\` escape)"),
                hint,
            );
        } else if let Some(c) = first_bidi_control(s) {
            self.report(Code::BidiControl, span, bidi_message(c), BIDI_HINT);
        }
        nfc(s)
    }
}

pub fn get<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<&'t Value<'i>> {
    table.get(key)
}

pub fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // The distance costs the product of the lengths: a word longer than
    // any name anyone means is not compared at all, and a candidate whose
    // length alone puts it too far is skipped.
    // And the search stops after a budget of compared characters (about
    // 10 ms), however many files the package has.
    const BUDGET: usize = 1_000_000;
    let len = word.chars().count();
    if len > 256 {
        return None;
    }
    let mut spent = 0;
    candidates
        .iter()
        .take_while(|c| {
            spent += len * c.len();
            spent <= BUDGET
        })
        .filter_map(|c| {
            let max = 2.max(c.len() / 4);
            let c_len = c.chars().count();
            (len.abs_diff(c_len) <= max)
                .then(|| (strsim::osa_distance(word, c), *c))
                .filter(|(d, _)| *d <= max)
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// A BCP 47 tag whose language is a two- or three-letter code (`vi`,
/// `zh-CN`, `fil`). Longer primary subtags are valid BCP 47 in theory but
/// unused in practice, and words like `draft` or `english` would pass.
pub fn valid_language_tag(tag: &str) -> bool {
    let primary = tag.split(['-', '_']).next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && !tag.contains('_')
        && tag.parse::<unic_langid::LanguageIdentifier>().is_ok()
        && tag != "und"
}

/// The line that stands for `n` diagnostics of one kind in one file that
/// were not listed.
pub fn more_like_this(code: Code, file: &str, n: usize) -> Diagnostic {
    let mut d = Diagnostic::new(
        code,
        file.to_string(),
        format!(
            "and {n} more {} like the ones above in this file (the first {MAX_SAME_DIAGNOSTICS} are listed)",
            if n == 1 { "problem" } else { "problems" }
        ),
    )
    .hint("fix those listed and check again to see the rest");
    d.stands_for = n;
    d
}

/// Finds where arrays/inline tables nest deeper than the limit, skipping
/// strings and comments, before the recursive parser sees the text.
fn too_deep(src: &str) -> Option<usize> {
    let b = src.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    let mut line_start = true;
    let at = |i: usize| b.get(i).copied();
    while let Some(c) = at(i) {
        match c {
            b'#' => {
                while at(i).is_some_and(|c| c != b'\n') {
                    i += 1;
                }
                continue;
            }
            q @ (b'"' | b'\'') => {
                let triple = b.get(i..i + 3) == Some(&[q, q, q][..]);
                i += if triple { 3 } else { 1 };
                while let Some(c) = at(i) {
                    if q == b'"' && c == b'\\' {
                        i += 2;
                        continue;
                    }
                    if triple {
                        if b.get(i..i + 3) == Some(&[q, q, q][..]) {
                            i += 3;
                            break;
                        }
                    } else if c == q || c == b'\n' {
                        i += 1;
                        break;
                    }
                    i += 1;
                }
                line_start = false;
                continue;
            }
            // `[table]` and `[[array]]` headers at the start of a line are not nesting.
            b'[' if line_start && depth == 0 => {
                while at(i).is_some_and(|c| c != b'\n' && c != b'#') {
                    i += 1;
                }
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_TOML_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            _ => {}
        }
        line_start = false;
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_chars_not_bytes() {
        let ctx = FileCtx::new("f".into(), "a = 1\ntiêu = \"đề\"\n", "en");
        let off = "a = 1\ntiêu = ".len();
        assert_eq!(ctx.position(off), (2, 8));
        assert_eq!(ctx.position(0), (1, 1));
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("titel", &["title", "id"]), Some("title"));
        assert_eq!(
            did_you_mean("pass-score", &["pass_score"]),
            Some("pass_score")
        );
        assert_eq!(did_you_mean("zzzzzz", &["title", "id"]), None);
    }

    #[test]
    fn deep_nesting_found_outside_strings() {
        assert!(too_deep(&format!("a = {}", "[".repeat(100))).is_some());
        assert!(too_deep(&format!("a = \"{}\"", "[".repeat(100))).is_none());
        assert!(too_deep("[[question.choice]]\ntext = \"[x]\"\n").is_none());
        assert!(too_deep("a = [[1, 2], [3]]\n").is_none());
    }

    #[test]
    fn language_tags() {
        assert!(valid_language_tag("vi"));
        assert!(valid_language_tag("zh-CN"));
        assert!(!valid_language_tag("vietnamese!"));
        assert!(!valid_language_tag("english"));
        assert!(!valid_language_tag("draft"));
        assert!(!valid_language_tag("en_US"));
        assert!(valid_language_tag("fil"));
        assert!(!valid_language_tag(""));
    }
}
