//! A lesson's (or a quiz text's) Markdown as HTML for the printed page.
//! pulldown-cmark's own HTML writer does the escaping; what reaches it is
//! filtered first, since the Markdown is untrusted: raw HTML becomes text,
//! only http, https and mailto links stay links, images come from the
//! package as `data:` URIs or not at all, and every text is neutralised as
//! the player neutralises it.

use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use base64::Engine as _;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use crate::course::Source;
use crate::course::source::{ReadError, parent, resolve};
use crate::text::sanitize;

/// The most one image may weigh: a photograph for paper, not a poster.
pub const MAX_IMAGE_BYTES: u64 = 5 * 1024 * 1024;
/// The most all the images on one page may weigh, counted at each use (an
/// image shown twice is embedded twice), so that the page stays within a
/// fixed multiple of the package.
pub const MAX_IMAGES_TOTAL: u64 = 32 * 1024 * 1024;

/// Images read from the package, and what could not be embedded.
pub struct Media<'a> {
    source: &'a Source,
    /// Bytes of images embedded so far.
    embedded: u64,
    /// Each package path read: its `data:` URI and size, or why not.
    cache: HashMap<String, Result<(Rc<str>, u64), String>>,
    /// For stderr: one line per image left out.
    pub notes: Vec<String>,
    /// The word shown before an image's alt text in its place.
    image_label: String,
}

impl<'a> Media<'a> {
    pub fn new(source: &'a Source, image_label: String) -> Self {
        Media {
            source,
            embedded: 0,
            cache: HashMap::new(),
            notes: Vec::new(),
            image_label,
        }
    }

    /// The `data:` URI of the image `dest` written in the package file
    /// `file`, or why it is not embedded.
    fn image(&mut self, file: &str, dest: &str) -> Result<Rc<str>, String> {
        let dest = dest.trim();
        if dest.starts_with("//") || has_scheme(dest) {
            return Err(
                "it is not in the package, and the page loads nothing from elsewhere".into(),
            );
        }
        let path = dest.split(['#', '?']).next().unwrap_or(dest);
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let rel = resolve(parent(file), &path)?;
        let source = self.source;
        let (uri, size) = self
            .cache
            .entry(rel.clone())
            .or_insert_with(|| read_image(source, &rel))
            .clone()?;
        if self.embedded.saturating_add(size) > MAX_IMAGES_TOTAL {
            return Err(format!(
                "the page already holds {} MiB of images, the most it takes",
                MAX_IMAGES_TOTAL / (1024 * 1024)
            ));
        }
        self.embedded += size;
        Ok(uri)
    }
}

fn read_image(source: &Source, rel: &str) -> Result<(Rc<str>, u64), String> {
    let bytes = source.read(rel, MAX_IMAGE_BYTES).map_err(|e| match e {
        ReadError::Missing => format!("`{rel}` is not in the package"),
        ReadError::TooLarge(n) => format!(
            "it is {} KiB; at most {} MiB is embedded",
            n.div_ceil(1024),
            MAX_IMAGE_BYTES / (1024 * 1024)
        ),
        other => other.to_string(),
    })?;
    let mime =
        image_type(&bytes).ok_or("it is not a PNG, JPEG, GIF, WebP or SVG image".to_string())?;
    let uri = format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&bytes)
    );
    Ok((uri.into(), bytes.len() as u64))
}

/// The media type of an image, from its first bytes (never from its
/// name). An SVG is only ever shown through `<img>`, where browsers run
/// none of its scripts and load nothing it names.
fn image_type(b: &[u8]) -> Option<&'static str> {
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if b.starts_with(&[0xff, 0xd8, 0xff]) {
        return Some("image/jpeg");
    }
    if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        return Some("image/gif");
    }
    if b.len() >= 12 && b.starts_with(b"RIFF") && b.get(8..12) == Some(b"WEBP") {
        return Some("image/webp");
    }
    let head = b.get(..b.len().min(4096))?;
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    (text.starts_with('<') && text.contains("<svg")).then_some("image/svg+xml")
}

/// `scheme:` at the start of a link, as RFC 3986 writes one.
fn has_scheme(dest: &str) -> bool {
    dest.split_once(':').is_some_and(|(s, _)| {
        let mut c = s.chars();
        c.next().is_some_and(|f| f.is_ascii_alphabetic())
            && c.all(|x| x.is_ascii_alphanumeric() || matches!(x, '+' | '-' | '.'))
    })
}

/// Links that may stay links on the page: they leave it only when a
/// reader follows them, and run nothing.
fn is_external(dest: &str) -> bool {
    let lower = dest.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Where a piece of Markdown stands, and how it fits the page.
pub struct Place<'a> {
    /// Its package file, against whose folder links and images resolve.
    pub file: &'a str,
    /// Added to each heading's level, below the page's own headings.
    pub heading_shift: usize,
    /// A first heading with this text is left out: the page shows the title.
    pub title: Option<&'a str>,
    /// Prefix of footnote names, unique on the page.
    pub scope: &'a str,
}

fn clean(s: &str) -> CowStr<'static> {
    CowStr::from(sanitize(s).into_owned())
}

/// `md` as HTML blocks, streamed from the parser through the filter into
/// the writer (a large lesson is never held as events).
pub fn render(md: &str, place: &Place<'_>, media: &mut Media<'_>) -> String {
    let mut parser = Parser::new_ext(md, crate::course::lesson::markdown_options()).peekable();
    // The first heading, read ahead to see whether it only repeats the title.
    let mut head = Vec::new();
    if place.title.is_some() && matches!(parser.peek(), Some(Event::Start(Tag::Heading { .. }))) {
        for e in parser.by_ref() {
            let end = matches!(e, Event::End(TagEnd::Heading(_)));
            head.push(e);
            if end {
                break;
            }
        }
        if repeats(&head, place.title) {
            head.clear();
        }
    }
    let mut out = String::with_capacity(md.len() + md.len() / 4);
    let filter = Filter {
        events: head.into_iter().chain(parser),
        place,
        media,
        image: None,
        links: Vec::new(),
        pending: VecDeque::new(),
    };
    pulldown_cmark::html::push_html(&mut out, filter);
    out
}

/// `md` as inline HTML, for a choice or an answer: one paragraph loses its
/// `<p>`.
pub fn render_inline(md: &str, place: &Place<'_>, media: &mut Media<'_>) -> String {
    let html = render(md, place, media);
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        Some(_) | None => html,
    }
}

/// Whether a heading's events (start to end) say only `title`.
fn repeats(heading: &[Event<'_>], title: Option<&str>) -> bool {
    let Some(title) = title else { return false };
    let text: String = heading
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    text.trim() == title.trim()
}

fn shifted(level: HeadingLevel, by: usize) -> HeadingLevel {
    HeadingLevel::try_from((level as usize + by).min(6)).unwrap_or(HeadingLevel::H6)
}

/// An image being read: its destination, title and alt text so far.
struct OpenImage {
    dest: String,
    title: String,
    alt: String,
    /// Images nested in its alt text.
    depth: usize,
}

/// The parser's events made safe, one by one (an image or a link that is
/// dropped yields its events at its end).
struct Filter<'p, 'm, 's, I> {
    events: I,
    place: &'p Place<'p>,
    media: &'m mut Media<'s>,
    image: Option<OpenImage>,
    /// For each open link: the text to add after it when it is not kept
    /// as a link (`None`: kept).
    links: Vec<Option<String>>,
    pending: VecDeque<Event<'static>>,
}

impl<'e, I: Iterator<Item = Event<'e>>> Iterator for Filter<'_, '_, '_, I> {
    type Item = Event<'e>;

    fn next(&mut self) -> Option<Event<'e>> {
        loop {
            if let Some(e) = self.pending.pop_front() {
                return Some(e);
            }
            match self.events.next() {
                Some(event) => {
                    if let Some(kept) = self.feed(event) {
                        return Some(kept);
                    }
                }
                None => {
                    // An image still open at the end (it cannot be, but
                    // nothing is lost).
                    let open = self.image.take()?;
                    self.pending
                        .extend(image_events(open, self.place, self.media));
                }
            }
        }
    }
}

/// Text neutralised, without a copy when there was nothing to change.
fn cleaned(t: CowStr<'_>) -> CowStr<'_> {
    let changed = match sanitize(&t) {
        std::borrow::Cow::Owned(s) => Some(s),
        std::borrow::Cow::Borrowed(_) => None,
    };
    changed.map_or(t, CowStr::from)
}

impl<'e, I: Iterator<Item = Event<'e>>> Filter<'_, '_, '_, I> {
    /// What `event` becomes, if anything yet.
    fn feed(&mut self, event: Event<'e>) -> Option<Event<'e>> {
        let place = self.place;
        if let Some(open) = self.image.as_mut() {
            match event {
                Event::Start(Tag::Image { .. }) => open.depth += 1,
                Event::End(TagEnd::Image) if open.depth > 0 => open.depth -= 1,
                Event::End(TagEnd::Image) => {
                    if let Some(open) = self.image.take() {
                        self.pending.extend(image_events(open, place, self.media));
                    }
                }
                Event::Text(t) | Event::Code(t) => open.alt.push_str(&sanitize(&t)),
                _ => {}
            }
            return None;
        }
        Some(match event {
            Event::Start(tag) => match tag {
                Tag::Image {
                    dest_url, title, ..
                } => {
                    self.image = Some(OpenImage {
                        dest: dest_url.to_string(),
                        title: title.to_string(),
                        alt: String::new(),
                        depth: 0,
                    });
                    return None;
                }
                Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    ..
                } => {
                    if link_type == LinkType::Email || is_external(&dest_url) {
                        self.links.push(None);
                        Event::Start(Tag::Link {
                            link_type,
                            dest_url: clean(dest_url.trim()),
                            title: clean(&title),
                            id: CowStr::Borrowed(""),
                        })
                    } else {
                        self.links
                            .push(Some(link_note(&dest_url, link_type, place.file)));
                        return None;
                    }
                }
                Tag::Heading { level, .. } => Event::Start(Tag::Heading {
                    level: shifted(level, place.heading_shift),
                    id: None,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }),
                // Shown as written, in a block of its own.
                Tag::HtmlBlock | Tag::CodeBlock(_) | Tag::MetadataBlock(_) => {
                    Event::Start(Tag::CodeBlock(CodeBlockKind::Indented))
                }
                Tag::FootnoteDefinition(name) => Event::Start(Tag::FootnoteDefinition(
                    format!("{}-{}", place.scope, sanitize(&name)).into(),
                )),
                other => Event::Start(other),
            },
            Event::End(end) => match end {
                TagEnd::Link => match self.links.pop() {
                    Some(None) => Event::End(TagEnd::Link),
                    Some(Some(note)) if !note.is_empty() => Event::Text(note.into()),
                    Some(Some(_)) | None => return None,
                },
                TagEnd::Heading(level) => {
                    Event::End(TagEnd::Heading(shifted(level, place.heading_shift)))
                }
                TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => Event::End(TagEnd::CodeBlock),
                other => Event::End(other),
            },
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => Event::Text(cleaned(t)),
            Event::Code(t) | Event::InlineMath(t) => Event::Code(cleaned(t)),
            Event::DisplayMath(t) => Event::Text(cleaned(t)),
            Event::FootnoteReference(name) => {
                Event::FootnoteReference(format!("{}-{}", place.scope, sanitize(&name)).into())
            }
            // Boxes to tick with a pen, not form fields.
            Event::TaskListMarker(done) => {
                Event::Text(CowStr::Borrowed(if done { "☑ " } else { "☐ " }))
            }
            Event::SoftBreak => Event::SoftBreak,
            Event::HardBreak => Event::HardBreak,
            Event::Rule => Event::Rule,
        })
    }
}

/// What a link that stays no link leaves after its text: the package file
/// it names, or what was written; nothing for an anchor or when the text
/// is the address itself.
fn link_note(dest: &str, link_type: LinkType, file: &str) -> String {
    let dest = dest.trim();
    if dest.is_empty() || dest.starts_with('#') || link_type == LinkType::Autolink {
        return String::new();
    }
    let shown = if has_scheme(dest) || dest.starts_with("//") {
        dest.to_string()
    } else {
        let path = dest.split(['#', '?']).next().unwrap_or(dest);
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        resolve(parent(file), &path).unwrap_or_else(|_| dest.to_string())
    };
    format!(" ({})", sanitize(&shown))
}

fn image_events(open: OpenImage, place: &Place<'_>, media: &mut Media<'_>) -> Vec<Event<'static>> {
    match media.image(place.file, &open.dest) {
        Ok(uri) => vec![
            Event::Start(Tag::Image {
                link_type: LinkType::Inline,
                dest_url: uri.to_string().into(),
                title: clean(&open.title),
                id: CowStr::Borrowed(""),
            }),
            Event::Text(open.alt.into()),
            Event::End(TagEnd::Image),
        ],
        Err(why) => {
            media.notes.push(format!(
                "{}: image `{}` is not embedded: {why}; its alt text is printed instead",
                media.source.file_name(place.file),
                open.dest
            ));
            vec![Event::Text(
                format!("[{}: {}]", media.image_label, open.alt).into(),
            )]
        }
    }
}
