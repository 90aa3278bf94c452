//! The course outline: modules and their items with done/passed marks, a
//! "continue" line, and the course results at the end.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line as TLine, Span};

use super::{Ctx, body, footer, header, key_hint, percent};
use crate::course::ItemKind;
use crate::text::{sanitize, truncate, width};
use crate::tui::state::{Row, outline_rows};
use crate::tui::update::outline_top;

pub fn draw(buf: &mut Buffer, area: Rect, cx: &Ctx<'_>, entry: usize, selected: usize) {
    let s = cx.state;
    let Some(course) = s.course(entry) else {
        return;
    };
    let lang = s.content_lang(course);
    let progress = s.progress_of(course);
    let done = progress.map_or(0, |p| p.done_count(course));
    let right = cx.t_args(
        "library-progress",
        &[("done", done.into()), ("total", course.items.len().into())],
    );
    header(buf, area, cx, course.title.get(lang), &format!("{right} "));
    let b = body(area);
    let w = b.width as usize;

    let next = progress.and_then(|p| p.next_unfinished(course));
    let cont = match next {
        Some(i) => cx.t_args(
            "outline-continue",
            &[(
                "title",
                sanitize(course.items[i].title().get(lang)).as_ref().into(),
            )],
        ),
        None if progress.is_some_and(|p| p.complete(course)) => cx.t("outline-complete"),
        None => cx.t("outline-complete"),
    };
    let cont = format!(" c: {cont}");
    buf.set_line(
        b.x,
        b.y,
        &TLine::styled(truncate(&cont, w, "…"), cx.theme.accent()),
        b.width,
    );

    let rows = outline_rows(course);
    let fit = (b.height as usize).saturating_sub(1);
    let top = outline_top(s, selected, rows.len());
    for (k, (i, row)) in rows.iter().enumerate().skip(top).take(fit).enumerate() {
        let y = b.y + 1 + k as u16;
        let is_sel = i == selected;
        let line = match *row {
            Row::Module(mi) => {
                let m = &course.modules[mi];
                TLine::styled(
                    format!(
                        " {}",
                        truncate(&sanitize(m.title.get(lang)), w.saturating_sub(1), "…")
                    ),
                    cx.theme.title(),
                )
            }
            Row::Item(ii) => {
                let it = &course.items[ii];
                let (mark, status, status_style) = match &it.kind {
                    ItemKind::Lesson(_) => {
                        let read = progress.is_some_and(|p| p.read.contains(&it.id));
                        let opened = progress.is_some_and(|p| p.opened.contains(&it.id));
                        if read {
                            (
                                if cx.theme.symbols.ascii { "[x]" } else { "✓" },
                                cx.t("outline-read"),
                                cx.theme.good(),
                            )
                        } else if opened {
                            (
                                if cx.theme.symbols.ascii { "[-]" } else { "◐" },
                                cx.t("outline-in-progress"),
                                cx.theme.accent(),
                            )
                        } else {
                            (
                                if cx.theme.symbols.ascii { "[ ]" } else { "○" },
                                String::new(),
                                cx.theme.dim(),
                            )
                        }
                    }
                    ItemKind::Quiz(_) => match progress.and_then(|p| p.best(&it.id)) {
                        Some(b) if b.passed => (
                            if cx.theme.symbols.ascii { "[x]" } else { "✓" },
                            cx.t_args(
                                "outline-passed",
                                &[("percent", percent(b.points / b.max.max(1e-9)).into())],
                            ),
                            cx.theme.good(),
                        ),
                        Some(b) => (
                            if cx.theme.symbols.ascii { "[!]" } else { "✗" },
                            cx.t_args(
                                "outline-not-passed",
                                &[("percent", percent(b.points / b.max.max(1e-9)).into())],
                            ),
                            cx.theme.bad(),
                        ),
                        None if progress.is_some_and(|p| p.open_attempts.contains_key(&it.id)) => (
                            if cx.theme.symbols.ascii { "[-]" } else { "◐" },
                            cx.t("outline-in-progress"),
                            cx.theme.accent(),
                        ),
                        None => (
                            if cx.theme.symbols.ascii { "[ ]" } else { "○" },
                            String::new(),
                            cx.theme.dim(),
                        ),
                    },
                };
                let kind = match &it.kind {
                    ItemKind::Lesson(_) => "  ".to_string(),
                    ItemKind::Quiz(_) => "? ".to_string(),
                };
                let title = sanitize(it.title().get(lang)).into_owned();
                let status = if status.is_empty() {
                    String::new()
                } else {
                    format!(" {status} ")
                };
                let avail = w.saturating_sub(width(mark) + width(&kind) + width(&status) + 6);
                let title = truncate(&title, avail, "…");
                let pad = w.saturating_sub(
                    width(mark) + width(&kind) + width(&title) + width(&status) + 6,
                );
                let title_style = if is_sel {
                    cx.theme.selected()
                } else {
                    ratatui::style::Style::new()
                };
                TLine::from(vec![
                    Span::styled(
                        if is_sel { " › " } else { "   " }.to_string(),
                        cx.theme.accent(),
                    ),
                    Span::styled(format!("{mark} "), status_style),
                    Span::raw(format!("{kind} ")),
                    Span::styled(format!("{title}{}", " ".repeat(pad)), title_style),
                    Span::styled(status, status_style),
                ])
            }
            Row::Results => {
                let style = if is_sel {
                    cx.theme.selected()
                } else {
                    cx.theme.bold()
                };
                TLine::from(vec![
                    Span::styled(
                        if is_sel { " › " } else { "   " }.to_string(),
                        cx.theme.accent(),
                    ),
                    Span::styled(cx.t("outline-results"), style),
                ])
            }
        };
        buf.set_line(b.x, y, &line, b.width);
    }
    footer(
        buf,
        area,
        cx,
        &key_hint(cx, &["key-open", "key-continue", "key-back"]),
    );
}
