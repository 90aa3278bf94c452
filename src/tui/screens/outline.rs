//! The course outline: modules and their items with done/passed marks, a
//! "continue" line, and the course results at the end.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line as TLine, Span};

use super::{body, footer, header, percent};
use crate::course::{Course, ItemKind};
use crate::text::{sanitize, truncate, width};
use crate::tui::action::Action;
use crate::tui::nav::{Go, Step};
use crate::tui::state::{Progress, Session, geometry};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineView {
    pub entry: usize,
    /// The row highlighted (never a module's title).
    pub selected: usize,
}

/// A row of the course outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Module(usize),
    Item(usize),
    Results,
}

pub fn rows(course: &Course) -> Vec<Row> {
    let mut rows = Vec::new();
    for (mi, m) in course.modules.iter().enumerate() {
        rows.push(Row::Module(mi));
        rows.extend(m.items.iter().map(|&i| Row::Item(i)));
    }
    rows.push(Row::Results);
    rows
}

pub fn update(v: &mut OutlineView, s: &mut Session, action: Action) -> Step {
    let entry = v.entry;
    let Some(course) = s.course(entry) else {
        return Step::go(Go::Library);
    };
    let rows = rows(course);
    let selectable = |i: usize| matches!(rows.get(i), Some(Row::Item(_) | Row::Results));
    // The next selectable row up or down, or `from` if there is none.
    let step = |from: usize, down: bool| -> usize {
        let mut i = from;
        loop {
            let next = if down {
                i.checked_add(1)
            } else {
                i.checked_sub(1)
            };
            match next {
                Some(n) if n < rows.len() => {
                    i = n;
                    if selectable(i) {
                        return i;
                    }
                }
                Some(_) | None => return from,
            }
        }
    };
    let sel = &mut v.selected;
    match action {
        Action::Up | Action::Prev | Action::ScrollUp => *sel = step(*sel, false),
        Action::Down | Action::Next | Action::ScrollDown => *sel = step(*sel, true),
        Action::Home => *sel = if selectable(0) { 0 } else { step(0, true) },
        Action::End => *sel = rows.len() - 1,
        Action::PageUp => (0..10).for_each(|_| *sel = step(*sel, false)),
        Action::PageDown | Action::Space => (0..10).for_each(|_| *sel = step(*sel, true)),
        Action::Click { row, .. } if row > geometry::HEADER => {
            let i = usize::from(row - geometry::HEADER - 1) + top(s, *sel, rows.len());
            if selectable(i) {
                *sel = i;
            }
        }
        Action::Back => return Step::go(Go::Library),
        Action::Continue => {
            let none = Progress::default();
            let next = s
                .progress_of(course)
                .unwrap_or(&none)
                .next_unfinished(course);
            return Step::go(match next {
                Some(item) => Go::Item { entry, item },
                None => Go::CourseResults { entry },
            });
        }
        Action::Enter => match rows.get(*sel) {
            Some(Row::Item(item)) => return Step::go(Go::Item { entry, item: *item }),
            Some(Row::Results) => return Step::go(Go::CourseResults { entry }),
            Some(Row::Module(_)) | None => {}
        },
        _ => {}
    }
    Step::none()
}

/// First outline row shown (one line above the rows holds "continue").
/// The rows of items that fit: the body less the "continue" line above
/// them and the two lines below (the legend of the marks, or why the item
/// selected cannot be opened).
fn fit(page: usize) -> usize {
    page.saturating_sub(3).max(1)
}

fn top(s: &Session, selected: usize, rows: usize) -> usize {
    let fit = fit(s.page());
    if rows <= fit {
        0
    } else {
        selected.saturating_sub(fit - 1).min(rows - fit)
    }
}

pub fn draw(buf: &mut Buffer, area: Rect, s: &Session, v: &OutlineView) {
    let (entry, selected) = (v.entry, v.selected);
    let Some(course) = s.course(entry) else {
        return;
    };
    let lang = s.content_lang(course);
    let empty = Progress::default();
    let p = s.progress_of(course).unwrap_or(&empty);
    let done = p.done_count(course);
    let right = s.t_args(
        "library-progress",
        &[("done", done.into()), ("total", course.items.len().into())],
    );
    header(buf, area, s, course.title.get(lang), &format!("{right} "));
    let b = body(area);
    let w = b.width as usize;

    let next = p.next_unfinished(course);
    let cont = match next.and_then(|i| course.items.get(i)) {
        Some(it) => s.t_args(
            "outline-continue",
            &[("title", sanitize(it.title().get(lang)).as_ref().into())],
        ),
        None if course.completable() => s.t("outline-complete"),
        None => s.t("outline-results"),
    };
    let cont = format!(" c: {cont}");
    buf.set_line(
        b.x,
        b.y,
        &TLine::styled(truncate(&cont, w, "…"), s.theme.accent()),
        b.width,
    );

    let rows = rows(course);
    let fit = fit(b.height as usize);
    let top = top(s, selected, rows.len());
    for (k, (i, row)) in rows.iter().enumerate().skip(top).take(fit).enumerate() {
        let y = b.y + 1 + k as u16;
        let is_sel = i == selected;
        let line = match *row {
            Row::Module(mi) => {
                let Some(m) = course.modules.get(mi) else {
                    continue;
                };
                TLine::styled(
                    format!(
                        " {}",
                        truncate(&sanitize(m.title.get(lang)), w.saturating_sub(1), "…")
                    ),
                    s.theme.title(),
                )
            }
            Row::Item(ii) => {
                let Some(it) = course.items.get(ii) else {
                    continue;
                };
                let (mark, status, status_style) = match &it.kind {
                    ItemKind::Lesson(_) => {
                        let read = p.read.contains(&it.id);
                        let opened = p.opened.contains(&it.id);
                        if read {
                            (
                                if s.theme.symbols.ascii { "[x]" } else { "✓" },
                                s.t("outline-read"),
                                s.theme.good(),
                            )
                        } else if opened {
                            (
                                if s.theme.symbols.ascii { "[-]" } else { "◐" },
                                s.t("outline-in-progress"),
                                s.theme.accent(),
                            )
                        } else {
                            (
                                if s.theme.symbols.ascii { "[ ]" } else { "○" },
                                String::new(),
                                s.theme.dim(),
                            )
                        }
                    }
                    ItemKind::Quiz(_) => match p.best(&it.id) {
                        Some(b) if b.passed => (
                            if s.theme.symbols.ascii { "[x]" } else { "✓" },
                            s.t_args(
                                "outline-passed",
                                &[("percent", percent(b.points / b.max.max(1e-9)).into())],
                            ),
                            s.theme.good(),
                        ),
                        Some(b) => (
                            if s.theme.symbols.ascii { "[!]" } else { "✗" },
                            s.t_args(
                                "outline-not-passed",
                                &[("percent", percent(b.points / b.max.max(1e-9)).into())],
                            ),
                            s.theme.bad(),
                        ),
                        None if p.open_attempts.contains_key(&it.id) => (
                            if s.theme.symbols.ascii { "[-]" } else { "◐" },
                            s.t("outline-in-progress"),
                            s.theme.accent(),
                        ),
                        None => (
                            if s.theme.symbols.ascii { "[ ]" } else { "○" },
                            String::new(),
                            s.theme.dim(),
                        ),
                    },
                    ItemKind::Unavailable(_) => (
                        unavailable_mark(s),
                        s.t("outline-unavailable"),
                        s.theme.bad(),
                    ),
                };
                let is_quiz = match &it.kind {
                    ItemKind::Lesson(_) => false,
                    ItemKind::Quiz(_) => true,
                    ItemKind::Unavailable(u) => u.quiz,
                };
                // Not `?`, which is the help key.
                let kind = match (is_quiz, s.theme.symbols.ascii) {
                    (false, _) => "  ",
                    (true, true) => "Q ",
                    (true, false) => "✎ ",
                };
                let title = sanitize(it.title().get(lang)).into_owned();
                let status = if status.is_empty() {
                    String::new()
                } else {
                    format!(" {status} ")
                };
                let avail = w.saturating_sub(width(mark) + width(kind) + width(&status) + 6);
                let title = truncate(&title, avail, "…");
                let pad = w
                    .saturating_sub(width(mark) + width(kind) + width(&title) + width(&status) + 6);
                let title_style = if is_sel {
                    s.theme.selected()
                } else {
                    ratatui::style::Style::new()
                };
                TLine::from(vec![
                    Span::styled(
                        if is_sel { " › " } else { "   " }.to_string(),
                        s.theme.accent(),
                    ),
                    Span::styled(format!("{mark} "), status_style),
                    Span::raw(format!("{kind} ")),
                    Span::styled(format!("{title}{}", " ".repeat(pad)), title_style),
                    Span::styled(status, status_style),
                ])
            }
            Row::Results => {
                let style = if is_sel {
                    s.theme.selected()
                } else {
                    s.theme.bold()
                };
                TLine::from(vec![
                    Span::styled(
                        if is_sel { " › " } else { "   " }.to_string(),
                        s.theme.accent(),
                    ),
                    Span::styled(s.t("outline-results"), style),
                ])
            }
        };
        buf.set_line(b.x, y, &line, b.width);
    }
    // On the body's last rows: why the item selected cannot be opened,
    // else that the course cannot be completed, else what the marks mean.
    if b.height > 3 {
        let selected_item = match rows.get(selected) {
            Some(Row::Item(i)) => course.items.get(*i),
            _ => None,
        };
        let broken = course.unavailable().count();
        let (text, style) = match selected_item.map(|it| &it.kind) {
            Some(ItemKind::Unavailable(u)) => (
                s.t_args(
                    "outline-unavailable-reason",
                    &[("reason", u.reason.as_str().into())],
                ),
                s.theme.bad(),
            ),
            _ if !course.completable() => (
                s.t_args("outline-not-completable", &[("count", broken.into())]),
                s.theme.bad(),
            ),
            _ => (
                s.t(if s.theme.symbols.ascii {
                    "outline-legend-ascii"
                } else {
                    "outline-legend"
                }),
                s.theme.dim(),
            ),
        };
        // Up to two lines, the last one on the body's last row.
        let mut lines = super::wrap_plain(&text, w.saturating_sub(2), style);
        if lines.len() > 2 {
            lines.truncate(2);
            if let Some(last) = lines.last_mut() {
                let t: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
                *last = TLine::styled(truncate(&format!("{t} …"), w.saturating_sub(2), "…"), style);
            }
        }
        let first_row = b.y + b.height - lines.len() as u16;
        for (k, line) in lines.iter().enumerate() {
            let mut spans = vec![Span::raw(" ")];
            spans.extend(line.spans.iter().cloned());
            buf.set_line(b.x, first_row + k as u16, &TLine::from(spans), b.width);
        }
    }
    footer(buf, area, s, &s.t("bar-outline"));
}

/// The mark of an item that cannot be opened.
pub fn unavailable_mark(s: &Session) -> &'static str {
    if s.theme.symbols.ascii { "[/]" } else { "⊘" }
}
