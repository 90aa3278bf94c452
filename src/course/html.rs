//! HTML tags in quiz and course texts: Moodle question banks and text
//! pasted from web pages bring them, and the player shows them as written.

/// Tags people paste (Moodle's editor writes most of these).
const TAGS: &[&str] = &[
    "a",
    "b",
    "big",
    "blockquote",
    "br",
    "center",
    "code",
    "div",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "table",
    "td",
    "th",
    "tr",
    "u",
    "ul",
];

/// The first HTML tag in `s`, as written up to its name (`<strong>`,
/// `<p style=...>` gives `<p>`, `</em>`). `a < b` and `<3` are no tags.
pub fn first_tag(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(at) = s.get(from..)?.find('<').map(|i| i + from) {
        from = at + 1;
        // In Markdown code (`` `<br>` ``, or a fenced block) it is shown
        // as written, as meant.
        if in_code(s, at) {
            continue;
        }
        let close = b.get(at + 1) == Some(&b'/');
        let start = at + 1 + usize::from(close);
        let len = b
            .get(start..)?
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let name = s.get(start..start + len)?.to_ascii_lowercase();
        let after = b.get(start + len).copied();
        let ends = matches!(after, Some(b'>' | b' ' | b'/' | b'\t' | b'\n'));
        if len > 0 && ends && TAGS.contains(&name.as_str()) {
            return Some(format!("<{}{name}>", if close { "/" } else { "" }));
        }
    }
    None
}

/// Whether byte `at` of the Markdown `s` is inside a code span (an odd
/// number of backticks before it on its line) or a fenced code block.
fn in_code(s: &str, at: usize) -> bool {
    let before = s.get(..at).unwrap_or_default();
    let fences = before
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            t.starts_with("```") || t.starts_with("~~~")
        })
        .count();
    if fences % 2 == 1 {
        return true;
    }
    let line = before.rsplit('\n').next().unwrap_or_default();
    line.matches('`').count() % 2 == 1
}

/// The Markdown that does what a tag did, where there is one.
pub fn markdown_for(tag: &str) -> Option<&'static str> {
    let name = tag.trim_matches(['<', '>', '/']);
    Some(match name {
        "b" | "strong" => "`**bold**`",
        "i" | "em" => "`*italic*`",
        "s" | "strike" => "`~~struck~~`",
        "code" => "`` `code` ``",
        "br" | "p" | "div" => "a blank line between paragraphs",
        "a" => "`[text](https://...)`",
        "ul" | "ol" | "li" => "lines starting with `- ` or `1. `",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_found_and_comparisons_are_not() {
        assert_eq!(
            first_tag("Pick <strong>one</strong>"),
            Some("<strong>".into())
        );
        assert_eq!(
            first_tag("<p style=\"color:red\">Hi</p>"),
            Some("<p>".into())
        );
        assert_eq!(first_tag("x</EM>"), Some("</em>".into()));
        assert_eq!(first_tag("a < b and b<3 and <x>"), None);
        assert_eq!(first_tag("<"), None);
        assert_eq!(first_tag("Tiếng <br/>Việt"), Some("<br>".into()));
        // Code shows tags as written, on purpose.
        assert_eq!(first_tag("Write `<br>` for a break"), None);
        assert_eq!(
            first_tag("```html\n<p>Hi</p>\n```\nthen <b>x</b>"),
            Some("<b>".into())
        );
    }
}
