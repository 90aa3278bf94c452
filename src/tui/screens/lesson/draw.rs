//! Drawing the lesson reader, and its overlay listing the lesson's images
//! (which open in the system viewer) and links.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line as TLine, Span};

use super::LessonView;
use crate::text::sanitize;
use crate::tui::screens::{body, footer, header, scrolled, styled_line, wrap_plain};
use crate::tui::state::{Session, geometry};

pub fn draw(buf: &mut Buffer, area: Rect, s: &Session, view: &LessonView) {
    let Some(course) = s.course(view.entry) else {
        return;
    };
    let lang = s.content_lang(course);
    let Some(item) = course.items.get(view.item) else {
        return;
    };
    let b = body(area);
    let total = view.lines.len();
    let page = b.height as usize;
    let pct = if total <= page {
        100
    } else {
        ((view.scroll + page).min(total) * 100 / total) as i64
    };
    // While the rest of a long lesson is laid out, the share is unknown.
    let pct = if view.partial {
        "…".to_string()
    } else {
        format!("{pct}%")
    };
    header(buf, area, s, item.title().get(lang), &format!("{pct} "));

    if let Some(msg) = &view.error {
        scrolled(
            buf,
            Rect {
                x: b.x + 2,
                width: b.width.saturating_sub(4),
                ..b
            },
            &wrap_plain(msg, (b.width as usize).saturating_sub(4), s.theme.bad()),
            0,
        );
    } else if view.doc.is_none() {
        buf.set_line(
            b.x + 2,
            b.y,
            &TLine::styled(s.t("lesson-loading"), s.theme.dim()),
            b.width,
        );
    } else {
        // Centre the text column on wide windows.
        let margin = geometry::margin(b.width, view.width);
        // A bookmarked block shows a mark in the margin of its first line.
        let marks = s
            .progress_of(course)
            .and_then(|p| p.bookmarks.get(&item.id));
        let mark = if s.theme.symbols.ascii { "*" } else { "★" };
        let mut lines: Vec<TLine<'static>> = view
            .lines
            .iter()
            .enumerate()
            .skip(view.scroll)
            .take(page)
            .map(|(i, l)| {
                let first_of_block = i
                    .checked_sub(1)
                    .and_then(|before| view.lines.get(before))
                    .is_none_or(|before| before.block != l.block);
                let mut line = styled_line(&l.pieces, margin, &s.theme);
                if first_of_block
                    && marks.is_some_and(|m| m.contains(&l.block))
                    && margin >= 2
                    && let Some(indent) = line.spans.first_mut()
                {
                    *indent = Span::styled(
                        format!("{mark}{}", " ".repeat(margin - 1)),
                        s.theme.accent(),
                    );
                }
                line
            })
            .collect();
        // The end marker sits right after the last line of text.
        if view.scroll + page > total {
            lines.push(TLine::raw(""));
            lines.push(TLine::styled(
                format!("{}{}", " ".repeat(margin), s.t("lesson-end")),
                s.theme.dim(),
            ));
        }
        scrolled(buf, b, &lines, 0);
    }
    let hint = match &view.media {
        Some(m) if m.reading.is_some() => s.t("bar-reader"),
        Some(_) => s.t("bar-media"),
        None => s.t("bar-lesson"),
    };
    footer(buf, area, s, &hint);
    if let Some(note) = &view.note {
        crate::tui::screens::text_field(buf, area, s, &s.t("note-prompt"), note);
    }
    if let Some(m) = &view.media {
        super::media::draw(buf, s, m);
    }
}

/// A run of link text on screen, for laying a terminal hyperlink (OSC 8)
/// over what was drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRegion {
    pub x: u16,
    pub y: u16,
    pub text: String,
    pub url: String,
    pub style: crate::markdown::Style,
}

/// Where the open lesson's links are on a `width` x `height` screen, for
/// absolute URLs only (a package path is not something a terminal opens).
pub fn link_regions(view: &LessonView, width: u16, height: u16) -> Vec<LinkRegion> {
    let Some(doc) = &view.doc else {
        return Vec::new();
    };
    if view.media.is_some() || view.note.is_some() {
        return Vec::new();
    }
    let page = geometry::body_height(height);
    let margin = geometry::margin(width, view.width);
    let mut out = Vec::new();
    for (row, line) in view.lines.iter().skip(view.scroll).take(page).enumerate() {
        let mut x = margin;
        for p in &line.pieces {
            let w = crate::text::width(&p.text);
            let target = usize::from(p.style.link)
                .checked_sub(1)
                .and_then(|i| doc.targets.get(i));
            if let Some(t) = target
                && (t.dest.starts_with("https://")
                    || t.dest.starts_with("http://")
                    || t.dest.starts_with("mailto:"))
                && x + w <= width as usize
            {
                out.push(LinkRegion {
                    x: x as u16,
                    y: geometry::HEADER + row as u16,
                    text: p.text.clone(),
                    url: sanitize(&t.dest).replace(['\u{1b}', '\u{7}'], ""),
                    style: p.style,
                });
            }
            x += w;
        }
    }
    out
}
