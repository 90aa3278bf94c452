//! Quiz results: score, passed or not, and every answer reviewed with its
//! explanation. The review is laid out when the screen opens (and when the
//! window changes), and the scroll is kept to it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line as TLine, Span};

use super::quiz::{attempts, feedback_lines};
use super::{body, footer, header, percent, points};
use crate::tui::action::Action;
use crate::tui::nav::{Go, Step};
use crate::tui::state::{Finished, Session, clamp_scroll, geometry, scroll_keys};

#[derive(Debug, Clone)]
pub struct ResultsView {
    pub entry: usize,
    pub item: usize,
    pub result: Finished,
    pub scroll: usize,
    lines: Vec<TLine<'static>>,
}

impl ResultsView {
    pub fn new(s: &Session, entry: usize, item: usize, result: Finished) -> ResultsView {
        let mut v = ResultsView {
            entry,
            item,
            result,
            scroll: 0,
            lines: Vec::new(),
        };
        v.relayout(s);
        v
    }

    pub fn relayout(&mut self, s: &Session) {
        self.lines = lines(s, self.entry, self.item, &self.result);
        self.scroll = clamp_scroll(self.scroll, self.lines.len(), s.page());
    }
}

pub fn update(v: &mut ResultsView, s: &mut Session, action: Action) -> Step {
    let (entry, item) = (v.entry, v.item);
    if scroll_keys(&mut v.scroll, &action, v.lines.len(), s.page()) {
        return Step::none();
    }
    match action {
        Action::Retry if attempts(s, entry, item).1 != Some(0) => {
            return Step::go(Go::Start { entry, item });
        }
        Action::Enter | Action::Next => {
            return Step::go(Go::Neighbour {
                entry,
                item,
                forward: true,
            });
        }
        Action::Prev => {
            return Step::go(Go::Neighbour {
                entry,
                item,
                forward: false,
            });
        }
        Action::Back => {
            return Step::go(Go::Outline {
                entry,
                item: Some(item),
            });
        }
        _ => {}
    }
    Step::none()
}

pub fn draw(buf: &mut Buffer, area: Rect, s: &Session, v: &ResultsView) {
    let title = s
        .quiz_of(v.entry, v.item)
        .map(|(course, quiz)| quiz.title.get(s.content_lang(course)))
        .unwrap_or_default();
    let title = s.t_args("results-title", &[("title", title.into())]);
    header(buf, area, s, &title, "");
    super::scrolled(buf, body(area), &v.lines, v.scroll);
    super::more_below(buf, body(area), s, v.lines.len(), v.scroll);
    footer(buf, area, s, &s.t("bar-results"));
}

/// Score, pass mark, attempts left, and the review of every answer.
fn lines(s: &Session, entry: usize, item: usize, result: &Finished) -> Vec<TLine<'static>> {
    let Some((course, quiz)) = s.quiz_of(entry, item) else {
        return Vec::new();
    };
    let lang = s.content_lang(course);
    let w = s.text_width();
    let margin = geometry::margin(s.width, w);
    let share = if result.max > 0.0 {
        result.points / result.max
    } else {
        0.0
    };
    let mut lines: Vec<TLine<'static>> = Vec::new();
    lines.push(TLine::styled(
        s.t_args(
            "results-score",
            &[
                ("points", points(result.points).into()),
                ("max", result.max.into()),
                ("percent", percent(share).into()),
            ],
        ),
        s.theme.bold(),
    ));
    let needed = percent(quiz.pass_score);
    if result.passed {
        lines.push(TLine::styled(
            s.t_args("results-passed", &[("needed", needed.into())]),
            s.theme.good(),
        ));
    } else {
        lines.push(TLine::styled(
            s.t_args("results-not-passed", &[("needed", needed.into())]),
            s.theme.bad(),
        ));
    }
    let left = attempts(s, entry, item).1;
    if left != Some(0) {
        let mut line = s.t("results-retry");
        if let Some(left) = left {
            line = format!(
                "{line} ({})",
                s.t_args("quiz-attempts-left", &[("count", left.into())])
            );
        }
        lines.push(TLine::styled(line, s.theme.accent()));
    } else {
        lines.push(TLine::styled(
            s.t_args("quiz-no-attempts", &[("count", quiz.max_attempts.into())]),
            s.theme.dim(),
        ));
    }
    lines.push(TLine::raw(""));
    lines.push(TLine::styled(s.t("results-review"), s.theme.title()));
    for (n, (shown, answer)) in result
        .attempt
        .shown
        .iter()
        .zip(&result.attempt.answers)
        .enumerate()
    {
        // A finished attempt from an earlier version may name a question
        // that is gone: it is left out of the review.
        let Some(q) = quiz.questions.get(shown.question) else {
            continue;
        };
        lines.push(TLine::raw(""));
        let prompt = format!("{}\\. {}", n + 1, q.prompt.get(lang));
        lines.extend(super::quiz::markdown_lines(s, &prompt, w, s.theme.bold()));
        match answer {
            Some((r, g)) => lines.extend(feedback_lines(s, q, r, g, lang, w)),
            None => lines.push(TLine::from(Span::styled(
                s.t("quiz-no-answer"),
                s.theme.dim(),
            ))),
        }
    }
    super::indent(lines, margin)
}
