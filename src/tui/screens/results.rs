//! Quiz results: score, passed or not, and every answer reviewed with its
//! explanation.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line as TLine, Span};

use super::quiz::feedback_lines;
use super::{Ctx, body, footer, header, key_hint, percent, points, wrap_plain};
use crate::tui::state::{Finished, geometry};

pub fn draw(
    buf: &mut Buffer,
    area: Rect,
    cx: &Ctx<'_>,
    entry: usize,
    item: usize,
    result: &Finished,
    scroll: usize,
) {
    let s = cx.state;
    let Some((course, quiz)) = s.quiz_of(entry, item) else {
        return;
    };
    let lang = s.content_lang(course);
    let title = cx.t_args("results-title", &[("title", quiz.title.get(lang).into())]);
    header(buf, area, cx, &title, "");
    let b = body(area);
    let w = geometry::text_width(s.width);
    let margin = (b.width as usize).saturating_sub(w) / 2;
    let share = if result.max > 0.0 {
        result.points / result.max
    } else {
        0.0
    };
    let mut lines: Vec<TLine<'static>> = Vec::new();
    lines.push(TLine::styled(
        cx.t_args(
            "results-score",
            &[
                ("points", points(result.points).into()),
                ("max", points(result.max).into()),
                ("percent", percent(share).into()),
            ],
        ),
        cx.theme.bold(),
    ));
    let needed = percent(quiz.pass_score);
    if result.passed {
        lines.push(TLine::styled(
            cx.t_args("results-passed", &[("needed", needed.into())]),
            cx.theme.good(),
        ));
    } else {
        lines.push(TLine::styled(
            cx.t_args("results-not-passed", &[("needed", needed.into())]),
            cx.theme.bad(),
        ));
    }
    let used = s
        .progress_of(course)
        .map_or(0, |p| p.attempts_used(&course.items[item].id));
    if quiz.max_attempts == 0 || used < quiz.max_attempts {
        let mut line = cx.t("results-retry");
        if quiz.max_attempts > 0 {
            line = format!(
                "{line} ({})",
                cx.t_args(
                    "quiz-attempts-left",
                    &[("count", (quiz.max_attempts - used).into())]
                )
            );
        }
        lines.push(TLine::styled(line, cx.theme.accent()));
    } else {
        lines.push(TLine::styled(
            cx.t_args("quiz-no-attempts", &[("count", quiz.max_attempts.into())]),
            cx.theme.dim(),
        ));
    }
    lines.push(TLine::raw(""));
    lines.push(TLine::styled(cx.t("results-review"), cx.theme.title()));
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
        let prompt = format!("{}. {}", n + 1, q.prompt.get(lang));
        lines.extend(wrap_plain(&prompt, w, cx.theme.bold()));
        match answer {
            Some((r, g)) => lines.extend(feedback_lines(cx, q, r, g, lang, w)),
            None => lines.push(TLine::from(Span::styled(
                cx.t("quiz-no-answer"),
                cx.theme.dim(),
            ))),
        }
    }
    let lines = super::indent(lines, margin);
    let scroll = scroll.min(lines.len().saturating_sub(b.height as usize));
    super::scrolled(buf, b, &lines, scroll);
    footer(
        buf,
        area,
        cx,
        &key_hint(cx, &["key-retry", "key-open", "key-back"]),
    );
}
