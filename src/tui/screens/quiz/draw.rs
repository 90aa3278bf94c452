//! Drawing a quiz question from its laid-out lines, with the highlighted
//! option marked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{QuizView, current};
use crate::course::{Answer, AnswerForm};
use crate::tui::screens::{body, footer, header, more_below, scrolled};
use crate::tui::state::Session;

pub fn draw(buf: &mut Buffer, area: Rect, s: &Session, v: &QuizView) {
    let Some(c) = current(s, v) else {
        return;
    };
    let lang = s.content_lang(c.course);
    let right = format!(
        "{} · {} · {} ",
        s.t_args(
            "quiz-question",
            &[
                ("n", (v.pos + 1).into()),
                ("total", c.attempt.shown.len().into())
            ]
        ),
        s.t_args("quiz-points", &[("count", c.question.points.into())]),
        s.t_args("quiz-attempt", &[("n", c.attempt.number.into())]),
    );
    header(buf, area, s, c.quiz.title.get(lang), &right);
    let b = body(area);
    let form = c.question.answer.form();
    let page = b.height as usize;
    let mut lines: Vec<_> = v
        .lines()
        .iter()
        .skip(v.scroll)
        .take(page)
        .cloned()
        .collect();
    // The cursor (arrows, mouse), while there is a choice to make: a
    // pointer before the option's number, never a look a marked option has
    // (a filled mark, bold text), so it is not taken for an answer.
    if v.feedback.is_none() && matches!(form, AnswerForm::PickOne | AnswerForm::PickMany) {
        let pointer = if s.symbols().ascii { '>' } else { '›' };
        let mut first = true;
        for (k, line) in lines.iter_mut().enumerate() {
            if v.option_on(v.scroll + k) != Some(v.cursor) {
                continue;
            }
            if let Some(span) = line.spans.get_mut(1) {
                if first && span.content.starts_with(' ') {
                    let rest: String = span.content.chars().skip(1).collect();
                    span.content = format!("{pointer}{rest}").into();
                }
                span.style = span.style.patch(s.theme.accent());
            }
            first = false;
        }
    }
    scrolled(buf, b, &lines, 0);
    more_below(buf, b, s, v.lines().len(), v.scroll);

    let help = if v.feedback.is_some() {
        if c.attempt.is_complete() {
            s.t("quiz-finish")
        } else {
            s.t("quiz-continue")
        }
    } else {
        match &c.question.answer {
            _ if form == AnswerForm::Typed && !v.focus => s.t("quiz-field-left"),
            Answer::Single { .. } => s.t("quiz-help-single"),
            Answer::Multiple { .. } => s.t("quiz-help-multiple"),
            Answer::TrueFalse { .. } => s.t("quiz-help-true-false"),
            Answer::Text { .. } => s.t("quiz-help-text"),
            Answer::Number { .. } => s.t("quiz-help-number"),
            Answer::Order { .. } => s.t("quiz-help-order"),
            Answer::Match { .. } => s.t("quiz-help-match"),
        }
    };
    footer(buf, area, s, &help);
}
