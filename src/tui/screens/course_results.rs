//! Course results: lessons read, quiz score against the pass mark, and
//! what is still to do.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line as TLine, Span};

use super::{Ctx, body, footer, header, key_hint, percent, wrap_plain};
use crate::course::ItemKind;
use crate::tui::state::{Progress, geometry};

pub fn draw(
    buf: &mut Buffer,
    area: Rect,
    cx: &Ctx<'_>,
    entry: usize,
    scroll: usize,
    export: Option<&str>,
) {
    let s = cx.state;
    let Some(course) = s.course(entry) else {
        return;
    };
    let lang = s.content_lang(course);
    header(buf, area, cx, &cx.t("course-results-title"), "");
    let b = body(area);
    let w = geometry::text_width(s.width);
    let margin = (b.width as usize).saturating_sub(w) / 2;
    let empty = Progress::default();
    let p = s.progress_of(course).unwrap_or(&empty);
    let mut lines: Vec<TLine<'static>> = Vec::new();
    lines.extend(wrap_plain(course.title.get(lang), w, cx.theme.title()));
    lines.push(TLine::raw(""));
    if p.complete(course) {
        lines.push(TLine::styled(cx.t("course-complete"), cx.theme.good()));
    } else {
        lines.push(TLine::styled(cx.t("course-incomplete"), cx.theme.accent()));
    }
    lines.push(TLine::raw(cx.t_args(
        "course-lessons-read",
        &[
            ("read", p.lessons_read(course).into()),
            ("total", course.lessons().count().into()),
        ],
    )));
    lines.push(TLine::raw(cx.t_args(
        "course-quiz-score",
        &[
            ("percent", percent(p.quiz_share(course)).into()),
            ("needed", percent(course.completion.pass_score).into()),
        ],
    )));
    // Every item, module by module: status, best score, attempts, time.
    lines.push(TLine::raw(""));
    let (ok, bad, open) = if cx.theme.symbols.ascii {
        ("[x]", "[!]", "[ ]")
    } else {
        ("✓", "✗", "○")
    };
    for m in &course.modules {
        lines.push(TLine::styled(
            crate::text::sanitize(m.title.get(lang)).into_owned(),
            cx.theme.title(),
        ));
        for &i in &m.items {
            let it = &course.items[i];
            let (mark, style, status) = match &it.kind {
                ItemKind::Lesson(_) if p.read.contains(&it.id) => {
                    (ok, cx.theme.good(), cx.t("outline-read"))
                }
                ItemKind::Lesson(_) if p.opened.contains(&it.id) => {
                    (open, cx.theme.accent(), cx.t("outline-in-progress"))
                }
                ItemKind::Lesson(_) => (open, cx.theme.dim(), cx.t("course-item-not-started")),
                ItemKind::Quiz(_) => match p.best(&it.id) {
                    Some(b) => (
                        if b.passed { ok } else { bad },
                        if b.passed {
                            cx.theme.good()
                        } else {
                            cx.theme.bad()
                        },
                        cx.t_args(
                            "course-item-best",
                            &[
                                (
                                    "percent",
                                    percent(if b.max > 0.0 { b.points / b.max } else { 0.0 })
                                        .into(),
                                ),
                                ("count", p.attempts_used(&it.id).into()),
                            ],
                        ),
                    ),
                    None => (open, cx.theme.dim(), cx.t("course-item-not-started")),
                },
            };
            let minutes = p.time_spent.get(&it.id).copied().unwrap_or(0).div_ceil(60);
            let time = if minutes > 0 {
                format!(
                    " · {}",
                    cx.t_args("course-item-time", &[("count", minutes.into())])
                )
            } else {
                String::new()
            };
            let title = crate::text::truncate(
                &crate::text::sanitize(it.title().get(lang)),
                w.saturating_sub(6),
                "…",
            );
            lines.push(TLine::from(vec![
                Span::styled(format!("  {mark} "), style),
                Span::raw(title),
            ]));
            lines.push(TLine::styled(
                format!("      {status}{time}"),
                cx.theme.dim(),
            ));
        }
    }
    let todo: Vec<String> = course
        .modules
        .iter()
        .flat_map(|m| m.items.iter())
        .filter(|&&i| !p.is_done(course, i))
        .map(|&i| {
            let it = &course.items[i];
            let title = it.title().get(lang);
            match it.kind {
                ItemKind::Lesson(_) => cx.t_args("course-read-lesson", &[("title", title.into())]),
                ItemKind::Quiz(_) => cx.t_args("course-pass-quiz", &[("title", title.into())]),
            }
        })
        .collect();
    if !todo.is_empty() {
        lines.push(TLine::raw(""));
        lines.push(TLine::styled(cx.t("course-still-to-do"), cx.theme.bold()));
        let bullet = if cx.theme.symbols.ascii { "* " } else { "• " };
        for t in todo {
            lines.extend(wrap_plain(
                &format!("{bullet}{t}"),
                w,
                ratatui::style::Style::new(),
            ));
        }
    }
    let lines = super::indent(lines, margin);
    let scroll = scroll.min(lines.len().saturating_sub(b.height as usize));
    super::scrolled(buf, b, &lines, scroll);
    footer(
        buf,
        area,
        cx,
        &key_hint(cx, &["key-continue", "key-export", "key-back"]),
    );
    if let Some(path) = export {
        super::text_field(buf, area, cx, &cx.t("export-prompt"), path);
    }
}
