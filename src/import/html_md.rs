//! A question bank's texts (HTML, Moodle's auto-format, plain text or
//! Markdown) as the Markdown Slate shows, with a list of what could not be
//! carried over. Moodle's editor writes simple HTML; what has no
//! Markdown form (tables, styling, scripts, media) is named in the list
//! rather than passed through, as the player would show raw tags.

use std::collections::BTreeSet;

/// The text formats GIFT names in `[...]` before a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    /// Moodle's own: HTML in which a line break is a break.
    Moodle,
    Plain,
    Markdown,
}

impl Format {
    pub fn from_marker(m: &str) -> Option<Format> {
        match m.to_ascii_lowercase().as_str() {
            "html" => Some(Format::Html),
            "moodle" => Some(Format::Moodle),
            "plain" => Some(Format::Plain),
            "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// Stands for the blank of a missing-word question until the text is
/// converted (it is taken out of every input first).
pub const BLANK: char = '\u{F0010}';
const BLANK_MD: &str = "\\_\\_\\_\\_\\_";

/// Bold and italics nested deeper than this are written at this depth.
const MAX_EMPHASIS: usize = 3;
/// Lists deeper than this are written at this depth.
const MAX_LIST_DEPTH: usize = 8;

/// `src` in `format` as Markdown; what was lost is added to `lost`.
pub fn to_markdown(src: &str, format: Format, lost: &mut BTreeSet<String>) -> String {
    let md = match format {
        Format::Markdown => src.to_string(),
        Format::Plain => {
            let mut c = Converter::new(lost, true);
            c.text(src);
            c.finish()
        }
        Format::Html | Format::Moodle => {
            let mut c = Converter::new(lost, format == Format::Moodle);
            c.html(src);
            c.finish()
        }
    };
    md.replace(BLANK, BLANK_MD)
}

/// `&amp;`, `&#233;`, `&eacute;` … as characters; an unknown or broken
/// reference stays as written. Control characters from references are
/// dropped.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at + 1..).unwrap_or("");
        let end = after
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|e| entity(after.get(..e).unwrap_or("")).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                if !c.is_control() || c == '\n' {
                    out.push(c);
                }
                rest = after.get(e + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(n).filter(|c| !super::gift::is_placeholder(*c));
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "deg" => '°',
        "times" => '×',
        "divide" => '÷',
        "copy" => '©',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "aacute" => 'á',
        "ccedil" => 'ç',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "szlig" => 'ß',
        _ => return None,
    })
}

struct Converter<'a> {
    out: String,
    lost: &'a mut BTreeSet<String>,
    /// A line break in the source is a break (Moodle, plain text, `<pre>`).
    breaks: bool,
    pending_space: bool,
    lists: Vec<Option<u32>>,
    links: Vec<Option<String>>,
    /// Inside `<script>`, `<style>` …: text dropped until this tag closes.
    skip: Option<String>,
    pre: usize,
    /// Inside a table: cells are separated on one line.
    table: usize,
    /// Bold and italics open around this point.
    emphasis: usize,
}

impl<'a> Converter<'a> {
    fn new(lost: &'a mut BTreeSet<String>, breaks: bool) -> Self {
        Converter {
            out: String::new(),
            lost,
            breaks,
            pending_space: false,
            lists: Vec::new(),
            links: Vec::new(),
            skip: None,
            pre: 0,
            table: 0,
            emphasis: 0,
        }
    }

    /// Bold or italics; nested deeper than Markdown reads well (Moodle's
    /// editor nests them freely), the inner ones are left out.
    fn emphasis(&mut self, marker: &str, close: bool) {
        if close {
            self.emphasis = self.emphasis.saturating_sub(1);
        }
        if self.emphasis < MAX_EMPHASIS {
            self.raw(marker);
        }
        if !close {
            self.emphasis += 1;
        }
    }

    fn lose(&mut self, what: impl Into<String>) {
        self.lost.insert(what.into());
    }

    fn at_line_start(&self) -> bool {
        self.out.is_empty() || self.out.ends_with('\n')
    }

    /// Text, escaped for Markdown, its spaces collapsed.
    fn text(&mut self, s: &str) {
        if self.skip.is_some() {
            return;
        }
        for c in s.chars() {
            if c == '\n' && (self.breaks || self.pre > 0) {
                self.hard_break();
                continue;
            }
            if c.is_whitespace() {
                self.pending_space = !self.at_line_start();
                continue;
            }
            if self.pending_space {
                self.out.push(' ');
                self.pending_space = false;
            }
            match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' | '|' | '&' => {
                    self.out.push('\\');
                    self.out.push(c);
                }
                '<' => self.out.push_str("&lt;"),
                '>' | '-' | '+' if self.at_line_start() => {
                    self.out.push('\\');
                    self.out.push(c);
                }
                c => self.out.push(c),
            }
        }
    }

    fn raw(&mut self, s: &str) {
        if self.skip.is_some() {
            return;
        }
        if self.pending_space {
            self.out.push(' ');
            self.pending_space = false;
        }
        self.out.push_str(s);
    }

    fn trim_end(&mut self) {
        loop {
            let t = self.out.trim_end_matches([' ', '\n']).len();
            self.out.truncate(t);
            // An odd run of backslashes ends in a hard break's, which
            // means nothing at the end of a paragraph (and would show).
            let run = self.out.len() - self.out.trim_end_matches('\\').len();
            if run % 2 == 1 {
                self.out.truncate(self.out.len() - 1);
            } else {
                break;
            }
        }
    }

    fn hard_break(&mut self) {
        self.pending_space = false;
        if self.out.trim_end().is_empty() || self.out.ends_with("\n\n") {
            return;
        }
        // Two breaks in a row (`<br><br>`, a blank line) end a paragraph.
        if let Some(s) = self.out.strip_suffix("\\\n") {
            let l = s.len();
            self.out.truncate(l);
            self.out.push_str("\n\n");
            return;
        }
        if self.out.ends_with('\n') {
            return;
        }
        self.out.push_str("\\\n");
    }

    fn paragraph(&mut self) {
        self.pending_space = false;
        self.trim_end();
        if !self.out.is_empty() {
            self.out.push_str("\n\n");
        }
    }

    fn finish(mut self) -> String {
        self.trim_end();
        self.out.trim_start().to_string()
    }

    fn html(&mut self, src: &str) {
        let mut rest = src;
        while let Some(at) = rest.find('<') {
            let (before, from) = rest.split_at(at);
            self.text(&decode_entities(before));
            match tag(from) {
                Some((t, len)) => {
                    self.tag(&t);
                    rest = from.get(len..).unwrap_or("");
                }
                None => {
                    self.text("<");
                    rest = from.get(1..).unwrap_or("");
                }
            }
        }
        self.text(&decode_entities(rest));
    }

    fn tag(&mut self, t: &Tag) {
        if let Some(skipping) = &self.skip {
            if t.close && &t.name == skipping {
                self.skip = None;
            }
            return;
        }
        let name = t.name.as_str();
        match (name, t.close) {
            ("!", _) => {}
            ("b" | "strong", close) => self.emphasis("**", close),
            ("i" | "em", close) => self.emphasis("*", close),
            ("br", _) => self.hard_break(),
            ("p" | "div" | "blockquote" | "center" | "hr" | "section" | "article", _) => {
                self.paragraph()
            }
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", close) => {
                if close {
                    self.raw("**");
                    self.paragraph();
                } else {
                    self.paragraph();
                    self.raw("**");
                }
            }
            ("ul" | "ol", false) => {
                if self.lists.len() < MAX_LIST_DEPTH {
                    self.lists.push((name == "ol").then_some(0));
                }
                self.paragraph();
            }
            ("ul" | "ol", true) => {
                self.lists.pop();
                self.paragraph();
            }
            ("li", false) => {
                self.pending_space = false;
                let kept = self.out.trim_end_matches(' ').len();
                self.out.truncate(kept);
                if let Some(s) = self.out.strip_suffix("\\\n") {
                    let l = s.len();
                    self.out.truncate(l);
                }
                if !self.out.is_empty() && !self.out.ends_with('\n') {
                    self.out.push('\n');
                }
                let depth = self.lists.len().saturating_sub(1);
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{n}. ")
                    }
                    _ => "- ".to_string(),
                };
                self.raw(&format!("{}{marker}", "  ".repeat(depth)));
            }
            ("li", true) => {}
            ("a", false) => {
                let href = t.attr("href").filter(|h| {
                    let l = h.to_ascii_lowercase();
                    l.starts_with("http://")
                        || l.starts_with("https://")
                        || l.starts_with("mailto:")
                });
                if let Some(h) = t.attr("href")
                    && href.is_none()
                {
                    self.lose(format!("a link to {h}"));
                }
                if href.is_some() {
                    self.raw("[");
                }
                self.links.push(href.map(str::to_string));
            }
            ("a", true) => {
                if let Some(Some(h)) = self.links.pop() {
                    self.raw(&format!("]({})", url(&h)));
                }
            }
            ("img", _) => self.image(t),
            ("table", false) => {
                self.lose("a table (its cells are kept, one row a line)");
                self.table += 1;
                self.paragraph();
            }
            ("table", true) => {
                self.table = self.table.saturating_sub(1);
                self.paragraph();
            }
            ("tr", true) => self.hard_break(),
            ("td" | "th", true) => self.raw(" | "),
            ("tr" | "td" | "th" | "tbody" | "thead" | "tfoot" | "caption", _) => {}
            ("pre", close) => {
                self.paragraph();
                if close {
                    self.pre = self.pre.saturating_sub(1);
                } else {
                    self.pre += 1;
                }
            }
            ("span" | "font", false) => {
                if t.attr("style").is_some()
                    || t.attr("color").is_some()
                    || t.attr("face").is_some()
                {
                    self.lose(format!("text styling (<{name} style>)"));
                }
            }
            ("span" | "font", true) => {}
            ("script" | "style" | "noscript" | "svg" | "math" | "object" | "template", false) => {
                self.lose(format!("a <{name}> and what it holds"));
                self.skip = Some(name.to_string());
            }
            ("iframe" | "video" | "audio" | "embed" | "source", false) => {
                let src = t.attr("src").unwrap_or("");
                self.lose(format!("a <{name}> {src}").trim_end().to_string());
            }
            (
                "u" | "ins" | "s" | "strike" | "del" | "sub" | "sup" | "code" | "tt" | "kbd",
                false,
            ) => {
                self.lose(format!("the formatting of <{name}> (its text is kept)"));
            }
            (_, true) => {}
            (other, false) => self.lose(format!("<{other}> tags (their text is kept)")),
        }
    }

    fn image(&mut self, t: &Tag) {
        let src = t.attr("src").unwrap_or("");
        let alt = t.attr("alt").unwrap_or("").trim().to_string();
        let lower = src.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            let mut a = Converter::new(self.lost, false);
            a.text(&alt);
            let alt = a.finish();
            self.raw(&format!("![{alt}]({})", url(src)));
            return;
        }
        let name = src.rsplit('/').next().unwrap_or(src);
        if src.contains("@@PLUGINFILE@@") {
            self.lose(format!(
                "the image {} (the export does not carry its files)",
                percent_encoding::percent_decode_str(name).decode_utf8_lossy()
            ));
        } else if lower.starts_with("data:") {
            self.lose("an image embedded in the text (data: URL)");
        } else {
            self.lose(format!("the image {name}"));
        }
        if !alt.is_empty() {
            self.text(&format!("[{alt}]"));
        }
    }
}

/// A URL made safe inside Markdown's `(...)`.
fn url(u: &str) -> String {
    u.trim()
        .replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
        .replace('<', "%3C")
        .replace('>', "%3E")
}

#[derive(Debug)]
struct Tag {
    name: String,
    close: bool,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The tag at the start of `s` (which starts with `<`) and its length in
/// bytes, or `None` when the `<` starts no tag (`a < b`, `<3`).
fn tag(s: &str) -> Option<(Tag, usize)> {
    let b = s.as_bytes();
    if s.starts_with("<!--") {
        let end = s.find("-->").map_or(s.len(), |e| e + 3);
        return Some((named("!", false), end));
    }
    let close = b.get(1) == Some(&b'/');
    let start = 1 + usize::from(close);
    let first = *b.get(start)?;
    if first == b'!' || first == b'?' {
        let end = s.find('>')? + 1;
        return Some((named("!", false), end));
    }
    if !first.is_ascii_alphabetic() {
        return None;
    }
    // The tag's end: the first `>` outside quotes.
    let mut quote = None;
    let mut end = None;
    for (i, &c) in b.iter().enumerate().skip(start) {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => {
                end = Some(i);
                break;
            }
            _ => {}
        }
    }
    let end = end?;
    let inner = s.get(start..end)?;
    let name_len = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    let name = inner.get(..name_len)?.to_ascii_lowercase();
    let mut t = named(&name, close);
    t.attrs = attributes(inner.get(name_len..).unwrap_or(""));
    Some((t, end + 1))
}

fn named(name: &str, close: bool) -> Tag {
    Tag {
        name: name.to_string(),
        close,
        attrs: Vec::new(),
    }
}

fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s.trim_start_matches(['/', ' ', '\n']);
    while !rest.is_empty() && out.len() < 32 {
        let name_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest.get(..name_len).unwrap_or("").to_ascii_lowercase();
        rest = rest.get(name_len..).unwrap_or("").trim_start();
        let mut value = String::new();
        if let Some(r) = rest.strip_prefix('=') {
            let r = r.trim_start();
            let (v, after) = match r.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = r.get(1..).unwrap_or("");
                    let e = body.find(q).unwrap_or(body.len());
                    (body.get(..e).unwrap_or(""), body.get(e + 1..).unwrap_or(""))
                }
                _ => {
                    let e = r.find(char::is_whitespace).unwrap_or(r.len());
                    (r.get(..e).unwrap_or(""), r.get(e..).unwrap_or(""))
                }
            };
            value = decode_entities(v);
            rest = after;
        }
        if !name.is_empty() {
            out.push((name, value));
        }
        rest = rest.trim_start_matches(['/', ' ', '\n']);
        if name_len == 0 && !rest.is_empty() {
            // A character that starts no name: skip it.
            let skip = rest.chars().next().map_or(1, char::len_utf8);
            rest = rest.get(skip..).unwrap_or("");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(s: &str, f: Format) -> (String, Vec<String>) {
        let mut lost = BTreeSet::new();
        let out = to_markdown(s, f, &mut lost);
        (out, lost.into_iter().collect())
    }

    #[test]
    fn simple_html_becomes_markdown() {
        let (out, lost) = md(
            "<p>Match the <b>activity</b> to <i>its</i> description.</p><p>Then <a href=\"https://moodle.org/x\">read</a>.</p>",
            Format::Html,
        );
        assert_eq!(
            out,
            "Match the **activity** to *its* description.\n\nThen [read](https://moodle.org/x)."
        );
        assert!(lost.is_empty());
        let (out, _) = md(
            "<ul><li>one</li><li>two</li></ul><ol><li>a</li></ol>",
            Format::Html,
        );
        assert_eq!(out, "- one\n- two\n\n1. a");
        let (out, _) = md("Line one<br />line two &amp; 2 &lt; 3 &#233;", Format::Html);
        assert_eq!(out, "Line one\\\nline two \\& 2 &lt; 3 é");
    }

    #[test]
    fn what_cannot_be_converted_is_listed() {
        let (out, lost) = md(
            "<span style=\"font-style: italic;\">Modular</span><script>alert(1)</script> <table><tr><td>a</td><td>b</td></tr></table><img src=\"@@PLUGINFILE@@/cat%20photo.png\" alt=\"cat\">",
            Format::Html,
        );
        assert!(!out.contains("alert"), "{out}");
        assert!(!out.contains('<'), "{out}");
        assert!(
            out.contains("Modular") && out.contains("\\[cat\\]"),
            "{out}"
        );
        assert_eq!(lost.len(), 4, "{lost:?}");
        assert!(lost.iter().any(|l| l.contains("cat photo.png")));
        assert!(lost.iter().any(|l| l.contains("table")));
        assert!(lost.iter().any(|l| l.contains("script")));
    }

    #[test]
    fn markdown_characters_in_text_are_escaped() {
        let (out, _) = md("2*3*4 = 24, a_b, [x]", Format::Plain);
        assert_eq!(out, "2\\*3\\*4 = 24, a\\_b, \\[x\\]");
        let (out, _) = md("a\\\nb\\\n\n<br><br>c<br>", Format::Moodle);
        assert_eq!(out, "a\\\\\\\nb\\\\\n\nc");
        let (out, _) = md("first\nsecond", Format::Moodle);
        assert_eq!(out, "first\\\nsecond");
        let (out, _) = md("a < b and 3<4", Format::Html);
        assert_eq!(out, "a &lt; b and 3&lt;4", "{out}");
        let (out, _) = md("**kept** as written", Format::Markdown);
        assert_eq!(out, "**kept** as written");
    }

    #[test]
    fn broken_and_deep_html_does_not_hang_or_panic() {
        let (out, _) = md(
            &("<b><i>".repeat(40) + "x" + &"</i></b>".repeat(40)),
            Format::Html,
        );
        assert_eq!(out, "*****x*****", "{out}");
        let deep = "<ul><li>".repeat(10_000) + "x";
        let (out, _) = md(&deep, Format::Html);
        assert!(out.ends_with('x'));
        for s in [
            "<",
            "<a",
            "<a href=\"x",
            "&#xFFFFFFFF;",
            "&#1;",
            "<!--",
            "</",
        ] {
            let _ = md(s, Format::Html);
        }
        assert_eq!(decode_entities("&#27;[2J"), "[2J");
    }
}
