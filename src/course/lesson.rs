//! Checking one lesson file: front matter, Markdown structure, links.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::controls::{BIDI_HINT, bidi_message, first_forbidden_control, is_bidi_control};
use super::diagnostic::{Code, Diagnostic};
use super::limits::MAX_MARKDOWN_DEPTH;
use super::source::{self, Source};
use super::toml_read::FileCtx;
use crate::text::nfc;

/// Where the `+++` front matter and the Markdown body sit in a lesson file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the TOML between the `+++` lines.
    pub front: Option<std::ops::Range<usize>>,
    /// Byte offset where the Markdown body starts.
    pub body: usize,
    /// The opening `+++` has no closing line.
    pub unclosed: bool,
}

/// Finds the front matter: `+++` as the very first line, up to the next
/// line that is exactly `+++`. A UTF-8 byte order mark is skipped.
pub fn split_front_matter(src: &str) -> Split {
    let start = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &src[start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "+++" {
        return Split {
            front: None,
            body: start,
            unclosed: false,
        };
    }
    let toml_start = start + first_line_end;
    let mut pos = toml_start;
    while pos < src.len() {
        let end = src[pos..].find('\n').map_or(src.len(), |i| pos + i + 1);
        if src[pos..end].trim_end() == "+++" {
            return Split {
                front: Some(toml_start..pos),
                body: end,
                unclosed: false,
            };
        }
        pos = end;
    }
    Split {
        front: None,
        body: src.len(),
        unclosed: true,
    }
}

/// What the rest of the loader needs to know about a checked lesson file.
#[derive(Debug, Default)]
pub struct LessonInfo {
    /// The front matter (if any) parsed, so the id (or its absence) is known.
    pub front_ok: bool,
    pub id: Option<(String, std::ops::Range<usize>)>,
    pub title: Option<String>,
    pub minutes: Option<u32>,
    /// Package paths of the files its links and images reach.
    pub reached: Vec<String>,
}

/// The Markdown dialect of lessons: CommonMark with tables, task lists,
/// strikethrough, footnotes and GitHub's `> [!NOTE]` callouts.
pub fn markdown_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM
}

const FRONT_KEYS: &[&str] = &["id", "title", "minutes"];
const FRONT_SCHEMA: super::toml_read::Schema = super::toml_read::Schema {
    keys: FRONT_KEYS,
    within: "the lesson's front matter",
    children: &[],
    refine: None,
};

/// Checks a lesson whose text is `src` and whose package path is `rel`,
/// reporting into `ctx`.
pub fn check(ctx: &mut FileCtx<'_>, source: &Source, rel: &str) -> LessonInfo {
    let src = ctx.src;
    let mut info = LessonInfo {
        front_ok: true,
        ..LessonInfo::default()
    };
    let split = split_front_matter(src);
    if split.unclosed {
        ctx.report(
            Code::FrontMatter,
            0..3,
            "front matter opened with `+++` is never closed",
            "end the front matter with a line holding only `+++`",
        );
        info.front_ok = false;
        return info;
    }

    if let Some(front) = split.front.clone()
        && front.len() as u64 > super::limits::MAX_TOML_BYTES
    {
        // As large as a whole quiz may be: TOML's recovery from its errors
        // would cost memory in proportion to them.
        ctx.report(
            Code::FrontMatter,
            0..3,
            format!(
                "the front matter is {} KiB; at most {} KiB is read",
                front.len() / 1024,
                super::limits::MAX_TOML_BYTES / 1024
            ),
            "keep `id`, `title` and `minutes` there, and the lesson itself below `+++`",
        );
        info.front_ok = false;
        return info;
    }
    if let Some(front) = split.front.clone() {
        ctx.offset = front.start;
        let parsed = ctx.parse(&src[front.clone()]);
        info.front_ok = parsed.is_some();
        if let Some(mut table) = parsed {
            ctx.fix_typos(table.get_mut(), &FRONT_SCHEMA);
            let table = table.get_ref();
            ctx.check_keys(table, FRONT_KEYS, "the lesson's front matter");
            if let Some((id, span)) = ctx.string(table, "id") {
                super::manifest::check_id(ctx, &id, span.clone(), "lesson");
                info.id = Some((id, span.start + front.start..span.end + front.start));
            }
            info.title = ctx.string(table, "title").map(|(t, _)| t);
            info.minutes = ctx.count(table, "minutes", 100_000);
            // An id missing after a syntax error may be on the broken line.
            info.front_ok = !ctx.had_syntax_errors() || info.id.is_some();
        }
        ctx.offset = 0;
    }

    let body = &src[split.body..];
    let mut depth = 0usize;
    let mut has_text = false;
    let mut heading: Option<String> = None;
    let mut heading_at = None;
    let mut in_first_heading = false;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        let at = split.body + range.start;
        match event {
            Event::Start(tag) => {
                let container = is_container(&tag);
                depth += usize::from(container);
                if container && depth > MAX_MARKDOWN_DEPTH {
                    ctx.report(
                        Code::NestingTooDeep,
                        at..at + 1,
                        format!("lists, quotes or emphasis are nested more than {MAX_MARKDOWN_DEPTH} deep"),
                        "flatten the structure; readers cannot follow this depth anyway",
                    );
                    return info;
                }
                match tag {
                    // Unclosed and running to the end of the lesson (inside
                    // a list or a quote, the block ends with it).
                    Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(_))
                        if body[range.end..].trim().is_empty()
                            && !fence_closed(&body[range.clone()]) =>
                    {
                        let line_end = body[range.start..]
                            .find('\n')
                            .map_or(body.len(), |n| range.start + n);
                        let d = ctx.diag_abs(Code::UnclosedFence, at..split.body + line_end, "");
                        let line = d.line;
                        let d = Diagnostic {
                            message: format!(
                                "the code fence opened on line {line} is never closed: the rest of the lesson is shown as code"
                            ),
                            ..d
                        }
                        .hint(format!(
                            "end the code with a line holding only {}",
                            fence_of(&body[range.clone()])
                        ));
                        ctx.push(d);
                    }
                    Tag::Heading { .. } if heading.is_none() => {
                        in_first_heading = true;
                        heading = Some(String::new());
                        heading_at = Some(at);
                    }
                    Tag::Link {
                        dest_url, title, ..
                    }
                    | Tag::Image {
                        dest_url, title, ..
                    } => {
                        let span = at..split.body + range.end;
                        check_decoded(ctx, &dest_url, span.clone());
                        check_decoded(ctx, &title, span);
                        check_link(
                            ctx,
                            source,
                            rel,
                            &dest_url,
                            at..split.body + range.end,
                            &mut info,
                        );
                    }
                    _ => {}
                }
            }
            Event::End(end) => {
                depth = depth.saturating_sub(usize::from(ends_container(end)));
                if matches!(end, TagEnd::Heading(_)) {
                    in_first_heading = false;
                }
            }
            Event::Text(t) | Event::Code(t) => {
                // What the reader will show, after `&#27;` and the like
                // are decoded: checked as the raw text is.
                check_decoded(ctx, &t, at..split.body + range.end);
                if !t.trim().is_empty() {
                    has_text = true;
                }
                if in_first_heading && let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            _ => {}
        }
    }
    if !has_text {
        let d = ctx
            .diag_abs(
                Code::EmptyLesson,
                split.body..split.body,
                "the lesson has no text",
            )
            .hint("write the lesson, or remove it from the module's items");
        ctx.push(d);
    }
    if info.title.is_none() {
        if let (Some(h), Some(at)) = (&heading, heading_at)
            && let Some(c) = h.chars().find(|&c| is_bidi_control(c))
        {
            ctx.report(Code::BidiControl, at..at + 1, bidi_message(c), BIDI_HINT);
        }
        info.title = heading.map(|h| nfc(h.trim())).filter(|h| !h.is_empty());
    }
    info
}

/// The fence that opens a fenced code block (```` ``` ```` or `~~~`, as
/// many as were written).
fn fence_of(block: &str) -> &str {
    let first = block.trim_start();
    let c = first.chars().next().unwrap_or('`');
    let n = first.chars().take_while(|&x| x == c).count();
    first.get(..n).unwrap_or("```")
}

/// Whether a fenced code block (its source, opening line first) ends with
/// a closing fence, rather than at the end of its container.
fn fence_closed(block: &str) -> bool {
    let fence = fence_of(block);
    let Some(c) = fence.chars().next() else {
        return true;
    };
    let mut lines = block.trim_end_matches(['\n', '\r']).lines();
    lines.next();
    lines.next_back().is_some_and(|last| {
        // Inside a list or a quote the closing fence has their markers.
        let last = last.trim_start_matches(|x: char| x == '>' || x.is_whitespace());
        let t = last.trim_end();
        t.len() >= fence.len() && t.chars().all(|x| x == c)
    })
}

/// Reports a control character in text as Markdown decodes it (an entity
/// such as `&#27;` or `&#155;` is not one in the file, but is one on
/// screen).
fn check_decoded(ctx: &mut FileCtx<'_>, text: &str, span: std::ops::Range<usize>) {
    let Some((_, c)) = first_forbidden_control(text) else {
        return;
    };
    // One written as itself was reported where it stands (and the text
    // checked has it blanked, so it is not found again here).
    if ctx.listing(Code::ControlCharacter) {
        let (name, hint) = super::controls::describe(c);
        ctx.report(
            Code::ControlCharacter,
            span,
            format!(
                "the lesson's text contains the control character {name} (written as a character reference)"
            ),
            hint,
        );
    }
}

/// Tags that nest: the depth limit counts these (a list and its item are
/// one level).
fn is_container(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::List(_)
            | Tag::BlockQuote(_)
            | Tag::FootnoteDefinition(_)
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
    )
}

fn ends_container(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::List(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
    )
}

fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    // `C:` is a Windows drive, not a scheme.
    scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn check_link(
    ctx: &mut FileCtx<'_>,
    source: &Source,
    rel: &str,
    dest: &str,
    span: std::ops::Range<usize>,
    info: &mut LessonInfo,
) {
    let dest = dest.trim();
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
        return;
    }
    let path = dest.split(['#', '?']).next().unwrap_or(dest);
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    match source::resolve(source::parent(rel), &path) {
        Err(why) => {
            let d = ctx
                .diag_abs(
                    Code::PathOutside,
                    span,
                    format!("the link target `{dest}` is not allowed: {why}"),
                )
                .hint("link only to files inside the package, relative to this lesson");
            ctx.push(d);
        }
        Ok(target) => {
            if !source.contains(&target) {
                // A zip whose names are in a legacy code page was said
                // once (`zip-names`): its non-ASCII names cannot match.
                if source.has_legacy_names() && !target.is_ascii() {
                    return;
                }
                let d = ctx
                    .diag_abs(
                        Code::BrokenLink,
                        span,
                        format!("the link target `{dest}` does not exist (looked for `{target}`)"),
                    )
                    .hint("check the file name; links are relative to the lesson's own folder");
                ctx.push(d);
            } else if let Err(why) = source.check_inside(&target) {
                let d = ctx
                    .diag_abs(
                        Code::PathOutside,
                        span,
                        format!("the link target `{dest}` is not allowed: {why}"),
                    )
                    .hint("put the file itself in the package instead of a link to it");
                ctx.push(d);
            } else {
                info.reached.push(target);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_found() {
        let s = "+++\nid = \"a\"\n+++\n# Hi\n";
        let sp = split_front_matter(s);
        assert_eq!(&s[sp.front.clone().unwrap()], "id = \"a\"\n");
        assert_eq!(&s[sp.body..], "# Hi\n");
        assert!(split_front_matter("+++\nid = 1\n").unclosed);
        assert_eq!(split_front_matter("# Hi").body, 0);
        assert!(
            split_front_matter("\u{feff}+++\r\n+++\r\nx")
                .front
                .is_some()
        );
    }

    #[test]
    fn schemes() {
        assert!(has_scheme("https://example.org"));
        assert!(has_scheme("mailto:a@b.c"));
        assert!(!has_scheme("C:/x"));
        assert!(!has_scheme("../assets/a.png"));
    }
}
