//! Course results: lessons read, quiz score against the pass mark, and
//! what is still to do; and writing the learner's records to a file. The
//! lines are laid out when the screen opens and when the window changes.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line as TLine, Span};

use super::{body, footer, header, percent, wrap_plain};
use crate::course::ItemKind;
use crate::tui::action::{Action, Effect};
use crate::tui::nav::{Go, Step};
use crate::tui::state::{Progress, Session, clamp_scroll, geometry, scroll_keys};
use crate::tui::text_field::{Edit, TextField, limit};

#[derive(Debug, Clone)]
pub struct CourseResultsView {
    pub entry: usize,
    pub scroll: usize,
    /// The file the records are about to be written to (the path field
    /// has the keys).
    pub export: Option<TextField>,
    lines: Vec<TLine<'static>>,
}

impl CourseResultsView {
    pub fn new(s: &Session, entry: usize) -> CourseResultsView {
        let mut v = CourseResultsView {
            entry,
            scroll: 0,
            export: None,
            lines: Vec::new(),
        };
        v.relayout(s);
        v
    }

    pub fn relayout(&mut self, s: &Session) {
        self.lines = lines(s, self.entry);
        self.scroll = clamp_scroll(self.scroll, self.lines.len(), s.page());
    }
}

pub fn update(v: &mut CourseResultsView, s: &mut Session, action: Action) -> Step {
    let entry = v.entry;
    if let Some(path) = &mut v.export {
        match path.edit(&action) {
            Edit::Cancel => v.export = None,
            Edit::Submit if !path.trimmed().is_empty() => {
                let path = path.trimmed().to_string();
                v.export = None;
                return Step::effects(vec![Effect::Export { entry, path }]);
            }
            Edit::Submit | Edit::Changed | Edit::Ignored => {}
        }
        return Step::none();
    }
    if scroll_keys(&mut v.scroll, &action, v.lines.len(), s.page()) {
        return Step::none();
    }
    match action {
        Action::Export => {
            v.export = Some(TextField::with_text(&export_path(s, entry), limit::PATH))
        }
        Action::Back | Action::Enter => return Step::go(Go::Outline { entry, item: None }),
        Action::Continue => return Step::go(Go::Course { entry, jump: true }),
        _ => {}
    }
    Step::none()
}

/// Where records go unless the learner types another path: a file named
/// for the course and the learner, in the export folder.
fn export_path(s: &Session, entry: usize) -> String {
    let course = s.course(entry).map_or("course", |c| c.id.as_str());
    let learner = s
        .learner
        .as_deref()
        .map(crate::records::export::file_slug)
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| "learner".into());
    let name = format!("slate-records-{course}-{learner}.json");
    if s.export_dir.is_empty() {
        name
    } else {
        std::path::Path::new(&s.export_dir)
            .join(name)
            .display()
            .to_string()
    }
}

pub fn draw(buf: &mut Buffer, area: Rect, s: &Session, v: &CourseResultsView) {
    header(buf, area, s, &s.t("course-results-title"), "");
    super::scrolled(buf, body(area), &v.lines, v.scroll);
    super::more_below(buf, body(area), s, v.lines.len(), v.scroll);
    footer(buf, area, s, &s.t("bar-course-results"));
    if let Some(path) = &v.export {
        super::text_field(buf, area, s, &s.t("export-prompt"), path);
    }
}

/// The course's state, every item's, and what is still to do.
fn lines(s: &Session, entry: usize) -> Vec<TLine<'static>> {
    let Some(course) = s.course(entry) else {
        return Vec::new();
    };
    let lang = s.content_lang(course);
    let w = s.text_width();
    let margin = geometry::margin(s.width, w);
    let empty = Progress::default();
    let p = s.progress_of(course).unwrap_or(&empty);
    let mut lines: Vec<TLine<'static>> = Vec::new();
    lines.extend(wrap_plain(course.title.get(lang), w, s.theme.title()));
    lines.push(TLine::raw(""));
    if p.complete(course) {
        lines.push(TLine::styled(s.t("course-complete"), s.theme.good()));
    } else {
        lines.push(TLine::styled(s.t("course-incomplete"), s.theme.accent()));
    }
    if !course.completable() {
        lines.extend(wrap_plain(
            &s.t_args(
                "course-not-completable",
                &[("count", course.unavailable().count().into())],
            ),
            w,
            s.theme.bad(),
        ));
    }
    lines.push(TLine::raw(s.t_args(
        "course-lessons-read",
        &[
            ("read", p.lessons_read(course).into()),
            ("total", course.lessons().count().into()),
        ],
    )));
    lines.push(TLine::raw(s.t_args(
        "course-quiz-score",
        &[
            ("percent", percent(p.quiz_share(course)).into()),
            ("needed", percent(course.completion.pass_score).into()),
        ],
    )));
    // Every item, module by module: status, best score, attempts, time.
    lines.push(TLine::raw(""));
    let (ok, bad, open) = if s.theme.symbols.ascii {
        ("[x]", "[!]", "[ ]")
    } else {
        ("✓", "✗", "○")
    };
    for m in &course.modules {
        lines.push(TLine::styled(
            crate::text::sanitize(m.title.get(lang)).into_owned(),
            s.theme.title(),
        ));
        for (_, it) in course.items_of(m) {
            let (mark, style, status) = match &it.kind {
                ItemKind::Lesson(_) if p.read.contains(&it.id) => {
                    (ok, s.theme.good(), s.t("outline-read"))
                }
                ItemKind::Lesson(_) if p.opened.contains(&it.id) => {
                    (open, s.theme.accent(), s.t("outline-in-progress"))
                }
                ItemKind::Lesson(_) => (open, s.theme.dim(), s.t("course-item-not-started")),
                ItemKind::Quiz(_) => match p.best(&it.id) {
                    Some(b) => (
                        if b.passed { ok } else { bad },
                        if b.passed {
                            s.theme.good()
                        } else {
                            s.theme.bad()
                        },
                        s.t_args(
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
                    None => match p.open_attempts.get(&it.id) {
                        // An attempt begun is not "not started".
                        Some(a) => (
                            open,
                            s.theme.accent(),
                            s.t_args(
                                "course-item-attempt-open",
                                &[
                                    ("n", a.number.into()),
                                    ("answered", a.answered().into()),
                                    ("total", a.shown.len().into()),
                                ],
                            ),
                        ),
                        None => (open, s.theme.dim(), s.t("course-item-not-started")),
                    },
                },
                ItemKind::Unavailable(u) => (
                    super::outline::unavailable_mark(s),
                    s.theme.bad(),
                    s.t_args(
                        "outline-unavailable-reason",
                        &[("reason", u.reason.as_str().into())],
                    ),
                ),
            };
            // Whole minutes, rounded: a glance of seconds is no minute.
            let minutes = (p.time_spent.get(&it.id).copied().unwrap_or(0) + 30) / 60;
            let time = if minutes > 0 {
                format!(
                    " · {}",
                    s.t_args("course-item-time", &[("count", minutes.into())])
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
            for l in wrap_plain(
                &format!("{status}{time}"),
                w.saturating_sub(6),
                s.theme.dim(),
            ) {
                let mut spans = vec![Span::raw("      ")];
                spans.extend(l.spans);
                lines.push(TLine::from(spans));
            }
        }
    }
    let todo: Vec<String> = course
        .modules
        .iter()
        .flat_map(|m| course.items_of(m))
        .filter(|&(i, _)| !p.is_done(course, i))
        .map(|(_, it)| {
            let title = it.title().get(lang);
            match &it.kind {
                ItemKind::Lesson(_) => s.t_args("course-read-lesson", &[("title", title.into())]),
                // With no attempt left, there is no score to improve.
                ItemKind::Quiz(q)
                    if q.max_attempts > 0 && p.attempts_used(&it.id) >= q.max_attempts =>
                {
                    s.t_args("course-quiz-no-attempts", &[("title", title.into())])
                }
                ItemKind::Quiz(_) => s.t_args("course-pass-quiz", &[("title", title.into())]),
                ItemKind::Unavailable(_) => {
                    s.t_args("course-item-unavailable", &[("title", title.into())])
                }
            }
        })
        .collect();
    if !todo.is_empty() {
        lines.push(TLine::raw(""));
        lines.push(TLine::styled(s.t("course-still-to-do"), s.theme.bold()));
        let bullet = if s.theme.symbols.ascii { "* " } else { "• " };
        for t in todo {
            lines.extend(wrap_plain(
                &format!("{bullet}{t}"),
                w,
                ratatui::style::Style::new(),
            ));
        }
    }
    super::indent(lines, margin)
}
