//! Markdown events (pulldown-cmark) to width-free blocks.

use pulldown_cmark::{BlockQuoteKind, Event, Parser, Tag, TagEnd};

use super::{Piece, Role, Style};
use crate::course::lesson::markdown_options;
use crate::course::limits::MAX_MARKDOWN_DEPTH;
use crate::text::sanitize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Callout {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        text: Vec<Piece>,
    },
    Paragraph(Vec<Piece>),
    List {
        start: Option<u64>,
        items: Vec<ListItem>,
    },
    Quote {
        callout: Option<Callout>,
        blocks: Vec<Block>,
    },
    Code {
        lines: Vec<String>,
    },
    Table {
        header: Vec<Vec<Piece>>,
        rows: Vec<Vec<Vec<Piece>>>,
    },
    Rule,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListItem {
    /// `Some(done)` for a task list item.
    pub task: Option<bool>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    Link,
    Image,
}

/// A link or image of the lesson, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub kind: TargetKind,
    pub text: String,
    pub dest: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Doc {
    pub blocks: Vec<Block>,
    /// Footnote definitions, numbered in order of definition.
    pub footnotes: Vec<(String, Vec<Block>)>,
    pub targets: Vec<Target>,
}

enum Frame {
    Root(Vec<Block>),
    Quote(Option<Callout>, Vec<Block>),
    List(Option<u64>, Vec<ListItem>),
    Item(ListItem),
    Footnote(String, Vec<Block>),
    Table {
        header: Vec<Vec<Piece>>,
        rows: Vec<Vec<Vec<Piece>>>,
        in_head: bool,
    },
    /// Content nested past the depth limit is kept, flattened into its parent.
    Flattened,
}

struct Builder {
    stack: Vec<Frame>,
    inline: Option<Vec<Piece>>,
    code: Option<String>,
    emphasis: u32,
    strong: u32,
    strike: u32,
    /// Open links: (destination, first inline piece, index in targets).
    links: Vec<(String, usize, usize)>,
    image: Option<(String, String)>,
    footnote_labels: Vec<String>,
    targets: Vec<Target>,
    footnotes: Vec<(String, Vec<Block>)>,
    heading: Option<u8>,
    row: Vec<Vec<Piece>>,
}

impl Builder {
    /// The block list of the innermost container; the root frame is never
    /// popped, so there always is one.
    fn blocks_mut(&mut self) -> Option<&mut Vec<Block>> {
        self.stack.iter_mut().rev().find_map(|frame| match frame {
            Frame::Root(b) | Frame::Quote(_, b) | Frame::Footnote(_, b) => Some(b),
            Frame::Item(item) => Some(&mut item.blocks),
            Frame::List(..) | Frame::Table { .. } | Frame::Flattened => None,
        })
    }

    fn push_block(&mut self, b: Block) {
        if let Some(blocks) = self.blocks_mut() {
            blocks.push(b);
        }
    }

    /// Text that arrived outside a paragraph (tight list items) becomes one.
    fn flush_inline(&mut self) {
        if self.heading.is_none()
            && let Some(pieces) = self.inline.take()
            && !pieces.is_empty()
        {
            self.push_block(Block::Paragraph(pieces));
        }
    }

    fn text(&mut self, t: &str, role: Role) {
        if let Some((_, alt)) = &mut self.image {
            alt.push_str(t);
            return;
        }
        if let Some(code) = &mut self.code {
            code.push_str(t);
            return;
        }
        let style = Style {
            role: if role == Role::Text && !self.links.is_empty() {
                Role::Link
            } else {
                role
            },
            bold: self.strong > 0,
            italic: self.emphasis > 0,
            link: self
                .links
                .last()
                .map_or(0, |l| u16::try_from(l.2 + 1).unwrap_or(0)),
            strike: self.strike > 0,
        };
        let text = sanitize(t).into_owned();
        let inline = self.inline.get_or_insert_with(Vec::new);
        match inline.last_mut() {
            Some(last) if last.style == style => last.text.push_str(&text),
            _ => inline.push(Piece { text, style }),
        }
    }

    fn depth(&self) -> usize {
        self.stack.len()
    }
}

fn callout(kind: Option<BlockQuoteKind>) -> Option<Callout> {
    kind.map(|k| match k {
        BlockQuoteKind::Note => Callout::Note,
        BlockQuoteKind::Tip => Callout::Tip,
        BlockQuoteKind::Important => Callout::Important,
        BlockQuoteKind::Warning => Callout::Warning,
        BlockQuoteKind::Caution => Callout::Caution,
    })
}

/// Parses a lesson body (front matter already removed).
pub fn parse(markdown: &str) -> Doc {
    let mut b = Builder {
        stack: vec![Frame::Root(Vec::new())],
        inline: None,
        code: None,
        emphasis: 0,
        strong: 0,
        strike: 0,
        links: Vec::new(),
        image: None,
        footnote_labels: Vec::new(),
        targets: Vec::new(),
        footnotes: Vec::new(),
        heading: None,
        row: Vec::new(),
    };
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Start(tag) => start(&mut b, tag),
            Event::End(tag) => end(&mut b, tag),
            Event::Text(t) => b.text(&t, Role::Text),
            Event::Code(t) => b.text(&t, Role::Code),
            Event::InlineMath(t) | Event::DisplayMath(t) => b.text(&t, Role::Code),
            Event::Html(t) | Event::InlineHtml(t) => b.text(&t, Role::Text),
            Event::SoftBreak => b.text(" ", Role::Text),
            Event::HardBreak => b.text("\n", Role::Text),
            Event::Rule => {
                b.flush_inline();
                b.push_block(Block::Rule);
            }
            Event::TaskListMarker(done) => {
                if let Some(Frame::Item(item)) = b.stack.last_mut() {
                    item.task = Some(done);
                }
            }
            Event::FootnoteReference(label) => {
                let n = footnote_number(&mut b.footnote_labels, &label);
                b.text(&format!("[{n}]"), Role::Footnote);
            }
        }
    }
    b.flush_inline();
    while b.stack.len() > 1 {
        close_frame(&mut b);
    }
    let blocks = match b.stack.pop() {
        Some(Frame::Root(blocks)) => blocks,
        _ => Vec::new(),
    };
    let mut footnotes = b.footnotes;
    // Definitions are shown in the order of their numbers.
    footnotes.sort_by_key(|(label, _)| {
        b.footnote_labels
            .iter()
            .position(|l| l == label)
            .unwrap_or(usize::MAX)
    });
    Doc {
        blocks,
        footnotes,
        targets: b.targets,
    }
}

fn footnote_number(labels: &mut Vec<String>, label: &str) -> usize {
    match labels.iter().position(|l| l == label) {
        Some(i) => i + 1,
        None => {
            labels.push(label.to_string());
            labels.len()
        }
    }
}

fn is_block_container(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_)
    )
}

fn start(b: &mut Builder, tag: Tag<'_>) {
    if is_block_container(&tag) && b.depth() > MAX_MARKDOWN_DEPTH * 2 {
        b.flush_inline();
        b.stack.push(Frame::Flattened);
        return;
    }
    match tag {
        Tag::Paragraph => {
            b.flush_inline();
            b.inline = Some(Vec::new());
        }
        Tag::Heading { level, .. } => {
            b.flush_inline();
            b.heading = Some(level as u8);
            b.inline = Some(Vec::new());
        }
        Tag::BlockQuote(kind) => {
            b.flush_inline();
            b.stack.push(Frame::Quote(callout(kind), Vec::new()));
        }
        Tag::CodeBlock(_) => {
            b.flush_inline();
            b.code = Some(String::new());
        }
        Tag::List(start) => {
            b.flush_inline();
            b.stack.push(Frame::List(start, Vec::new()));
        }
        Tag::Item => {
            b.flush_inline();
            b.stack.push(Frame::Item(ListItem::default()));
        }
        Tag::FootnoteDefinition(label) => {
            b.flush_inline();
            footnote_number(&mut b.footnote_labels, &label);
            b.stack.push(Frame::Footnote(label.to_string(), Vec::new()));
        }
        Tag::Table(_) => {
            b.flush_inline();
            b.stack.push(Frame::Table {
                header: Vec::new(),
                rows: Vec::new(),
                in_head: false,
            });
        }
        Tag::TableHead => {
            if let Some(Frame::Table { in_head, .. }) = b.stack.last_mut() {
                *in_head = true;
            }
            b.row.clear();
        }
        Tag::TableRow => b.row.clear(),
        Tag::TableCell => b.inline = Some(Vec::new()),
        Tag::Emphasis => b.emphasis += 1,
        Tag::Strong => b.strong += 1,
        Tag::Strikethrough => b.strike += 1,
        Tag::Link { dest_url, .. } => {
            let at = b.inline.as_ref().map_or(0, |i| i.len());
            // The target is listed now (its text is filled in at the end),
            // so the link's pieces can carry its index.
            b.targets.push(Target {
                kind: TargetKind::Link,
                text: String::new(),
                dest: dest_url.to_string(),
            });
            b.links
                .push((dest_url.to_string(), at, b.targets.len() - 1));
        }
        Tag::Image { dest_url, .. } => b.image = Some((dest_url.to_string(), String::new())),
        _ => {}
    }
}

fn end(b: &mut Builder, tag: TagEnd) {
    if matches!(
        tag,
        TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition
    ) && matches!(b.stack.last(), Some(Frame::Flattened))
    {
        b.flush_inline();
        b.stack.pop();
        return;
    }
    match tag {
        TagEnd::Paragraph => b.flush_inline(),
        TagEnd::Heading(_) => {
            let level = b.heading.take().unwrap_or(1);
            let text = b.inline.take().unwrap_or_default();
            b.push_block(Block::Heading { level, text });
        }
        TagEnd::CodeBlock => {
            let code = b.code.take().unwrap_or_default();
            let lines = code
                .trim_end_matches('\n')
                .split('\n')
                .map(|l| sanitize(l).into_owned())
                .collect();
            b.push_block(Block::Code { lines });
        }
        TagEnd::BlockQuote(_)
        | TagEnd::List(_)
        | TagEnd::Item
        | TagEnd::FootnoteDefinition
        | TagEnd::Table => {
            b.flush_inline();
            close_frame(b);
        }
        TagEnd::TableHead => {
            let row = std::mem::take(&mut b.row);
            if let Some(Frame::Table {
                header, in_head, ..
            }) = b.stack.last_mut()
            {
                *header = row;
                *in_head = false;
            }
        }
        TagEnd::TableRow => {
            let row = std::mem::take(&mut b.row);
            if let Some(Frame::Table { rows, .. }) = b.stack.last_mut() {
                rows.push(row);
            }
        }
        TagEnd::TableCell => {
            let cell = b.inline.take().unwrap_or_default();
            b.row.push(cell);
        }
        TagEnd::Emphasis => b.emphasis = b.emphasis.saturating_sub(1),
        TagEnd::Strong => b.strong = b.strong.saturating_sub(1),
        TagEnd::Strikethrough => b.strike = b.strike.saturating_sub(1),
        TagEnd::Link => {
            if let Some((dest, at, index)) = b.links.last().cloned() {
                let text: String = b
                    .inline
                    .as_ref()
                    .map(|i| i.iter().skip(at).map(|p| p.text.as_str()).collect())
                    .unwrap_or_default();
                if !dest.is_empty() && text.trim() != dest.trim() && !dest.starts_with('#') {
                    b.text(&format!(" ⟨{dest}⟩"), Role::LinkTarget);
                }
                b.links.pop();
                if let Some(t) = b.targets.get_mut(index) {
                    t.text = text;
                }
            }
        }
        TagEnd::Image => {
            if let Some((dest, alt)) = b.image.take() {
                let shown = if alt.trim().is_empty() {
                    dest.clone()
                } else {
                    alt.clone()
                };
                b.targets.push(Target {
                    kind: TargetKind::Image,
                    text: alt,
                    dest: dest.clone(),
                });
                let n = b
                    .targets
                    .iter()
                    .filter(|t| t.kind == TargetKind::Image)
                    .count();
                b.text(&format!("[img {n}: {shown}] ⟨{dest}⟩"), Role::Image);
            }
        }
        _ => {}
    }
}

fn close_frame(b: &mut Builder) {
    let Some(frame) = b.stack.pop() else { return };
    match frame {
        Frame::Root(blocks) => b.stack.push(Frame::Root(blocks)),
        Frame::Quote(callout, blocks) => b.push_block(Block::Quote { callout, blocks }),
        Frame::List(start, items) => b.push_block(Block::List { start, items }),
        Frame::Item(item) => {
            if let Some(Frame::List(_, items)) = b.stack.last_mut() {
                items.push(item);
            } else {
                for block in item.blocks {
                    b.push_block(block);
                }
            }
        }
        Frame::Footnote(label, blocks) => b.footnotes.push((label, blocks)),
        Frame::Table { header, rows, .. } => b.push_block(Block::Table { header, rows }),
        Frame::Flattened => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &[Piece]) -> String {
        p.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn paragraphs_headings_and_emphasis() {
        let d = parse("# Title\n\nSome *soft* and **strong** ~~old~~ `code`.\n");
        assert!(
            matches!(&d.blocks[0], Block::Heading { level: 1, text } if texts(text) == "Title")
        );
        let Block::Paragraph(p) = &d.blocks[1] else {
            panic!()
        };
        assert_eq!(texts(p), "Some soft and strong old code.");
        assert!(p.iter().any(|x| x.text == "soft" && x.style.italic));
        assert!(p.iter().any(|x| x.text == "strong" && x.style.bold));
        assert!(p.iter().any(|x| x.text == "old" && x.style.strike));
        assert!(
            p.iter()
                .any(|x| x.text == "code" && x.style.role == Role::Code)
        );
    }

    #[test]
    fn tight_nested_and_task_lists() {
        let d = parse("1. one\n2. two\n   - inner\n\n- [x] done\n- [ ] todo\n");
        let Block::List {
            start: Some(1),
            items,
        } = &d.blocks[0]
        else {
            panic!("{:?}", d.blocks)
        };
        assert_eq!(items.len(), 2);
        assert!(matches!(
            &items[1].blocks[1],
            Block::List { start: None, .. }
        ));
        let Block::List { items, .. } = &d.blocks[1] else {
            panic!()
        };
        assert_eq!(items[0].task, Some(true));
        assert_eq!(items[1].task, Some(false));
    }

    #[test]
    fn callouts_tables_code_and_footnotes() {
        let d = parse(
            "> [!WARNING]\n> Careful.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nlet x = 1;\n```\n\nSee[^n].\n\n[^n]: The note.\n",
        );
        assert!(matches!(
            &d.blocks[0],
            Block::Quote {
                callout: Some(Callout::Warning),
                ..
            }
        ));
        let Block::Table { header, rows } = &d.blocks[1] else {
            panic!()
        };
        assert_eq!(header.len(), 2);
        assert_eq!(texts(&rows[0][1]), "2");
        assert_eq!(
            d.blocks[2],
            Block::Code {
                lines: vec!["let x = 1;".into()]
            }
        );
        let Block::Paragraph(p) = &d.blocks[3] else {
            panic!()
        };
        assert_eq!(texts(p), "See[1].");
        assert_eq!(d.footnotes.len(), 1);
    }

    #[test]
    fn links_show_their_target_and_images_their_alt_text() {
        let d = parse(
            "Read [the guide](https://unesco.org/g) or <https://x.org>.\n\n![A phishing SMS](../assets/sms.png)\n",
        );
        let Block::Paragraph(p) = &d.blocks[0] else {
            panic!()
        };
        assert_eq!(
            texts(p),
            "Read the guide ⟨https://unesco.org/g⟩ or https://x.org."
        );
        let Block::Paragraph(p) = &d.blocks[1] else {
            panic!()
        };
        assert_eq!(texts(p), "[img 1: A phishing SMS] ⟨../assets/sms.png⟩");
        assert_eq!(d.targets.len(), 3);
        assert_eq!(d.targets[2].kind, TargetKind::Image);
        // Link text and its shown target carry the link's index.
        let Block::Paragraph(p) = &d.blocks[0] else {
            panic!()
        };
        assert!(p.iter().any(|x| x.text == "the guide" && x.style.link == 1));
        assert!(p.iter().any(|x| x.text.contains("unesco")
            && x.style.link == 1
            && x.style.role == Role::LinkTarget));
        assert_eq!(d.targets[0].text, "the guide");
    }

    #[test]
    fn control_characters_never_survive() {
        let d = parse("Bad \u{1b}[2J text\n\n```\n\u{1b}]0;title\u{7}\n```\n");
        let all = format!("{:?}", d);
        assert!(!all.contains('\u{1b}') && !all.contains('\u{7}'));
    }

    #[test]
    fn absurd_nesting_is_flattened_without_recursion() {
        let d = parse(&format!("{}deep\n", "> ".repeat(5000)));
        let mut depth = 0;
        let mut blocks = &d.blocks;
        while let Some(Block::Quote { blocks: inner, .. }) = blocks.first() {
            depth += 1;
            blocks = inner;
        }
        assert!(depth <= MAX_MARKDOWN_DEPTH * 2, "{depth}");
        assert!(format!("{d:?}").contains("deep"));
    }
}
