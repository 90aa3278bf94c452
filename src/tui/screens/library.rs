//! The library: every course with its title, summary, languages, minutes
//! and progress; broken packages with how to find out what is wrong.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line as TLine, Span};

use super::{body, footer, header};
use crate::text::{sanitize, truncate, width};
use crate::tui::action::Action;
use crate::tui::nav::{Go, Step};
use crate::tui::state::{Session, geometry};

pub fn update(s: &mut Session, action: Action) -> Step {
    let n = s.entries.len();
    if n == 0 {
        return Step::none();
    }
    match action {
        Action::Up => s.library_selected = s.library_selected.saturating_sub(1),
        Action::Down => s.library_selected = (s.library_selected + 1).min(n - 1),
        Action::Home => s.library_selected = 0,
        Action::End => s.library_selected = n - 1,
        Action::Click { row, .. } if row >= geometry::HEADER => {
            let i =
                usize::from((row - geometry::HEADER) / geometry::LIBRARY_ROWS_PER_COURSE) + top(s);
            if i < n {
                s.library_selected = i;
            }
        }
        Action::Enter => {
            return Step::go(Go::Course {
                entry: s.library_selected,
                jump: false,
            });
        }
        Action::Continue => {
            return Step::go(Go::Course {
                entry: s.library_selected,
                jump: true,
            });
        }
        _ => {}
    }
    Step::none()
}

/// The first course shown, so that the selected one is on screen.
fn top(s: &Session) -> usize {
    let per = geometry::LIBRARY_ROWS_PER_COURSE as usize;
    let fit = (s.page() / per).max(1);
    s.library_selected.saturating_sub(fit - 1)
}

/// What the library says of a packed course: who signed it (a fact, for
/// the facts line), and a warning when its signature does not hold or a
/// file read so far is not as it was packed.
fn seal_lines(
    s: &Session,
    entry: &crate::course::library::Entry,
) -> (Option<String>, Option<String>) {
    use crate::course::seal::Standing;
    let Some(seal) = &entry.seal else {
        return (None, None);
    };
    let mark = if s.theme.symbols.ascii { "!" } else { "⚠" };
    let standing = Standing::of(seal, &s.trusted_publishers);
    let publisher = match &standing {
        Standing::Trusted(name) => {
            Some(s.t_args("library-signed-by", &[("name", name.as_str().into())]))
        }
        Standing::Unknown(_) => Some(s.t("library-signed-unknown")),
        Standing::Unsigned | Standing::Broken(_) => None,
    };
    let problems = seal.problems();
    let warning = if let Standing::Broken(_) = standing {
        Some(format!("{mark} {}", s.t("library-seal-broken")))
    } else {
        problems.first().map(|(file, _)| {
            let signed = if publisher.is_some() { "yes" } else { "no" };
            format!(
                "{mark} {}",
                s.t_args(
                    "library-changed",
                    &[
                        ("signed", signed.into()),
                        ("file", file.as_str().into()),
                        ("more", (problems.len() - 1).into())
                    ]
                )
            )
        })
    };
    (publisher, warning)
}

pub fn draw(buf: &mut Buffer, area: Rect, s: &Session) {
    header(buf, area, s, &s.t("library-title"), "Slate");
    let b = body(area);
    let w = b.width as usize;
    if s.entries.is_empty() {
        let lines = super::wrap_plain(&s.t("library-empty"), w.saturating_sub(2), s.theme.dim());
        super::scrolled(buf, Rect { x: b.x + 1, ..b }, &lines, 0);
    }
    let per = geometry::LIBRARY_ROWS_PER_COURSE;
    let top = top(s);
    for (row, (i, entry)) in s.entries.iter().enumerate().skip(top).enumerate() {
        let y = b.y + row as u16 * per;
        if y + per > b.y + b.height + 1 {
            break;
        }
        let selected = i == s.library_selected;
        let marker = match (selected, s.theme.symbols.ascii) {
            (false, _) => " ",
            (true, false) => "›",
            (true, true) => ">",
        };
        let mut lines: Vec<TLine<'static>> = Vec::new();
        match &entry.course {
            Some(course) => {
                let lang = s.content_lang(course);
                let title = sanitize(course.title.get(lang)).into_owned();
                let lessons = course.lessons().count();
                let quizzes = course.quizzes().count();
                let progress = s.progress_of(course);
                let done = progress.map_or(0, |p| p.done_count(course));
                let mut facts = vec![
                    s.t_args("library-lessons", &[("count", lessons.into())]),
                    s.t_args("library-quizzes", &[("count", quizzes.into())]),
                ];
                let broken = course.unavailable().count();
                if broken > 0 {
                    facts.insert(
                        0,
                        s.t_args("library-unavailable", &[("count", broken.into())]),
                    );
                }
                if let Some(m) = course.minutes {
                    facts.push(s.t_args("library-minutes", &[("count", m.into())]));
                }
                let (publisher, warning) = seal_lines(s, entry);
                if let Some(p) = publisher {
                    facts.insert(0, p);
                }
                facts.push(s.t_args(
                    "library-languages",
                    &[("languages", course.languages.join(", ").into())],
                ));
                let progress_text = s.t_args(
                    "library-progress",
                    &[("done", done.into()), ("total", course.items.len().into())],
                );
                let title_style = if selected {
                    s.theme.selected().patch(s.theme.bold())
                } else {
                    s.theme.bold()
                };
                let right = format!(" {progress_text} ");
                let title_w = w.saturating_sub(width(&right) + 3);
                let title = truncate(&title, title_w, "…");
                let pad = w.saturating_sub(width(&title) + width(&right) + 3);
                lines.push(TLine::from(vec![
                    Span::styled(format!("{marker} "), s.theme.accent()),
                    Span::styled(format!("{title}{}", " ".repeat(pad)), title_style),
                    Span::styled(
                        right,
                        if done == course.items.len() {
                            s.theme.good()
                        } else {
                            s.theme.dim()
                        },
                    ),
                ]));
                let summary = course
                    .summary
                    .as_ref()
                    .map(|t| sanitize(t.get(lang)).into_owned())
                    .unwrap_or_default();
                let mut summary_lines =
                    super::wrap_plain(&summary, w.saturating_sub(4), ratatui::style::Style::new());
                summary_lines.truncate(1);
                if let Some(warning) = warning {
                    // In the summary's place: a learner must see it.
                    lines.push(TLine::styled(
                        format!(
                            "    {}",
                            truncate(&sanitize(&warning), w.saturating_sub(4), "…")
                        ),
                        s.theme.bad(),
                    ));
                } else if let Some(first) = summary_lines.into_iter().next() {
                    let text: String = first.spans.iter().map(|s| s.content.as_ref()).collect();
                    let shown = if width(&summary) > width(&text) {
                        truncate(&format!("{text} …"), w.saturating_sub(4), "…")
                    } else {
                        text
                    };
                    lines.push(TLine::from(format!("    {shown}")));
                }
                let mut facts_line = facts.join(" · ");
                if entry.bundled {
                    facts_line = format!("{facts_line} · {}", s.t("library-built-in"));
                }
                lines.push(TLine::styled(
                    format!("    {}", truncate(&facts_line, w.saturating_sub(4), "…")),
                    s.theme.dim(),
                ));
            }
            None => {
                lines.push(TLine::from(vec![
                    Span::styled(format!("{marker} "), s.theme.accent()),
                    Span::styled(
                        truncate(&sanitize(&entry.origin), w.saturating_sub(3), "…"),
                        s.theme.bad(),
                    ),
                ]));
                // Why, on one line, then how to see every problem.
                if let Some(reason) = &entry.reason {
                    let why = s.t_args(
                        "library-closed-reason",
                        &[("reason", reason.as_str().into())],
                    );
                    lines.push(TLine::styled(
                        format!(
                            "    {}",
                            truncate(&sanitize(&why), w.saturating_sub(4), "…")
                        ),
                        s.theme.bad(),
                    ));
                }
                let msg = s.t_args(
                    "library-broken",
                    &[
                        ("count", entry.errors.into()),
                        ("path", entry.origin.as_str().into()),
                    ],
                );
                let room = if entry.reason.is_some() { 1 } else { 2 };
                for l in super::wrap_plain(&msg, w.saturating_sub(4), s.theme.dim())
                    .into_iter()
                    .take(room)
                {
                    let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                    lines.push(TLine::styled(format!("    {text}"), s.theme.dim()));
                }
            }
        }
        for (k, line) in lines.iter().enumerate().take(per as usize - 1) {
            let yy = y + k as u16;
            if yy < b.y + b.height {
                buf.set_line(b.x, yy, line, b.width);
            }
        }
    }
    footer(buf, area, s, &s.t("bar-library"));
}
