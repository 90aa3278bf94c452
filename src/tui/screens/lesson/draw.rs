//! Drawing the lesson reader, and its overlay listing the lesson's images
//! (which open in the system viewer) and links.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line as TLine, Span};
use ratatui::widgets::{Clear, Widget};

use super::LessonView;
use crate::markdown::TargetKind;
use crate::text::{sanitize, truncate};
use crate::tui::screens::{body, footer, header, key_hint, scrolled, styled_line, wrap_plain};
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
    let hint = key_hint(s, &["key-scroll", "key-next-prev", "key-media"]);
    footer(buf, area, s, &hint);
    if let Some(note) = &view.note {
        crate::tui::screens::text_field(buf, area, s, &s.t("note-prompt"), note);
    }
    if view.media {
        media(buf, b, s, view);
    }
}

fn media(buf: &mut Buffer, area: Rect, s: &Session, view: &LessonView) {
    let w = area.width.saturating_sub(8).max(20).min(area.width);
    let h = area.height.saturating_sub(2).max(5).min(area.height);
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + 1,
        width: w,
        height: h,
    };
    Clear.render(r, buf);
    let block = s.theme.overlay(s.t("media-title"));
    let inner = block.inner(r);
    block.render(r, buf);
    let iw = inner.width as usize;
    let mut lines = wrap_plain(&s.t("media-help"), iw, s.theme.dim());
    lines.push(TLine::raw(""));
    if let Some(course) = s.course(view.entry)
        && let Some(item) = course.items.get(view.item)
        && let Some(p) = s.progress_of(course)
    {
        if let Some(note) = p.notes.get(&item.id) {
            lines.push(TLine::styled(s.t("media-note"), s.theme.bold()));
            lines.extend(wrap_plain(
                note,
                iw.saturating_sub(2),
                ratatui::style::Style::new(),
            ));
            lines.push(TLine::raw(""));
        }
        if let Some(marks) = p.bookmarks.get(&item.id).filter(|m| !m.is_empty()) {
            lines.push(TLine::styled(s.t("media-bookmarks"), s.theme.bold()));
            for block in marks {
                let first = view
                    .lines
                    .iter()
                    .find(|l| l.block == *block)
                    .map(|l| l.text())
                    .unwrap_or_default();
                lines.push(TLine::raw(format!(
                    "  {}",
                    truncate(first.trim(), iw.saturating_sub(4), "…")
                )));
            }
            lines.push(TLine::raw(""));
        }
    }
    let targets = view
        .doc
        .as_ref()
        .map(|d| d.targets.clone())
        .unwrap_or_default();
    if targets.is_empty() {
        lines.push(TLine::raw(s.t("media-none")));
    }
    let mut image_n = 0;
    for t in &targets {
        let label = match t.kind {
            TargetKind::Image => {
                image_n += 1;
                format!("{image_n}. {} ", s.t("media-image"))
            }
            TargetKind::Link => format!("·  {} ", s.t("media-link")),
        };
        let text = sanitize(&t.text).into_owned();
        let dest = sanitize(&t.dest).into_owned();
        lines.push(TLine::from(vec![
            Span::styled(label, s.theme.accent()),
            Span::raw(truncate(&text, iw.saturating_sub(12), "…")),
        ]));
        lines.push(TLine::styled(
            format!("      {}", truncate(&dest, iw.saturating_sub(6), "…")),
            s.theme.dim(),
        ));
    }
    scrolled(buf, inner, &lines, 0);
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
    if view.media || view.note.is_some() {
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
