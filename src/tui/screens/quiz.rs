//! A quiz question: prompt, options or answer field, hint, and feedback
//! after answering (immediately, or at the end, as the quiz says).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line as TLine, Span};

use super::{Ctx, body, footer, header, points, styled_line, wrap_plain};
use crate::course::{Answer, Question};
use crate::markdown::{Piece, Role, Style as TextStyle, layout, parse};
use crate::quiz::Response;
use crate::text::{sanitize, wrap};
use crate::tui::state::{QuizView, State, geometry};

/// One line of the question part, and the option it belongs to (for
/// mouse clicks).
type QLine = (Vec<Piece>, Option<usize>);

fn plain(text: &str, style: TextStyle) -> Piece {
    Piece {
        text: text.to_string(),
        style,
    }
}

/// The attempt a quiz view shows: the open one, or the one its last
/// answer just finished.
fn attempt_of<'a>(s: &'a State, v: &'a QuizView) -> Option<&'a crate::quiz::Attempt> {
    let course = s.course(v.entry)?;
    s.progress
        .get(&course.id)
        .and_then(|p| p.open_attempts.get(&course.items.get(v.item)?.id))
        .or(v.finished.as_ref().map(|f| &f.attempt))
}

/// Prompt and options, laid out for `w` columns. Shared by drawing and by
/// the mouse, so a click lands on the option drawn there.
pub fn question_lines(s: &State, v: &QuizView, w: usize, tf: (&str, &str)) -> Vec<QLine> {
    let Some((course, quiz)) = s.quiz_of(v.entry, v.item) else {
        return Vec::new();
    };
    let Some(attempt) = attempt_of(s, v) else {
        return Vec::new();
    };
    let Some(shown) = attempt.shown.get(v.pos) else {
        return Vec::new();
    };
    let Some(q) = quiz.questions.get(shown.question) else {
        return Default::default();
    };
    let lang = s.content_lang(course);
    let mut out: Vec<QLine> = layout(&parse(q.prompt.get(lang)), w, &s.labels, s.symbols)
        .into_iter()
        .map(|l| (l.pieces, None))
        .collect();
    out.push((Vec::new(), None));
    let marker = TextStyle::role(Role::Marker);
    let option = |out: &mut Vec<QLine>, i: usize, mark: &str, text: &str, picked: bool| {
        let head = format!("{:>3} {mark} ", i + 1);
        let indent = " ".repeat(crate::text::width(&head));
        let style = TextStyle {
            bold: picked,
            ..TextStyle::default()
        };
        for (k, l) in wrap(
            &[plain(&sanitize(text), style)],
            w.saturating_sub(indent.len()).max(4),
        )
        .into_iter()
        .enumerate()
        {
            let mut line = vec![plain(if k == 0 { &head } else { &indent }, marker)];
            line.extend(l);
            out.push((line, Some(i)));
        }
    };
    let ascii = s.symbols.ascii;
    match &q.answer {
        Answer::Single { choices } | Answer::Multiple { choices, .. } => {
            let multi = matches!(q.answer, Answer::Multiple { .. });
            for (i, &ci) in shown.options.iter().enumerate() {
                let picked = v.picks.contains(&i);
                let mark = match (multi, picked, ascii) {
                    (true, true, _) => "[x]",
                    (true, false, _) => "[ ]",
                    (false, true, false) => "(•)",
                    (false, true, true) => "(*)",
                    (false, false, _) => "( )",
                };
                option(&mut out, i, mark, choices[ci].text.get(lang), picked);
            }
        }
        Answer::TrueFalse { .. } => {
            for (i, label) in [tf.0, tf.1].iter().enumerate() {
                let picked = v.picks.first() == Some(&i);
                option(
                    &mut out,
                    i,
                    if picked {
                        if ascii { "(*)" } else { "(•)" }
                    } else {
                        "( )"
                    },
                    label,
                    picked,
                );
            }
        }
        Answer::Order { items } => {
            for (i, &ii) in shown.options.iter().enumerate() {
                option(&mut out, i, "", items[ii].get(lang), v.picks.contains(&i));
            }
        }
        Answer::Match { pairs } => {
            let arrow = if ascii { "->" } else { "→" };
            for (li, (left, _)) in pairs.iter().enumerate() {
                let letter = char::from(b'A' + (li % 26) as u8);
                let current = li == v.picks.len() && v.feedback.is_none();
                let chosen = v
                    .picks
                    .get(li)
                    .map(|r| format!(" {arrow} {}", r + 1))
                    .unwrap_or_default();
                let head = format!(
                    "{} {letter}. ",
                    if current {
                        if ascii { ">" } else { "›" }
                    } else {
                        " "
                    }
                );
                let style = TextStyle {
                    bold: current,
                    ..TextStyle::default()
                };
                let mut line = vec![
                    plain(&head, marker),
                    plain(&sanitize(left.get(lang)), style),
                ];
                line.push(plain(&chosen, TextStyle::role(Role::Marker)));
                for l in wrap(&line, w) {
                    out.push((l, None));
                }
            }
            out.push((Vec::new(), None));
            for (i, &ri) in shown.options.iter().enumerate() {
                option(&mut out, i, "", pairs[ri].1.get(lang), false);
            }
        }
        Answer::Text { .. } | Answer::Number { .. } => {
            let cursor = if v.focus && v.feedback.is_none() {
                if ascii { "_" } else { "▏" }
            } else {
                ""
            };
            let field = format!("{}{cursor}", sanitize(&v.input));
            for (k, l) in wrap(
                &[plain(
                    &field,
                    TextStyle {
                        bold: true,
                        ..TextStyle::default()
                    },
                )],
                w.saturating_sub(6),
            )
            .into_iter()
            .enumerate()
            {
                let mut line = vec![plain(if k == 0 { "  >  " } else { "     " }, marker)];
                line.extend(l);
                out.push((line, None));
            }
        }
    }
    out
}

/// Which option a click on screen row `row` chose.
pub fn option_at_row(s: &State, v: &QuizView, row: u16) -> Option<usize> {
    let w = geometry::text_width(s.width);
    let lines = question_lines(s, v, w, ("", ""));
    let at = (row.checked_sub(geometry::HEADER)? as usize) + v.scroll;
    lines.get(at)?.1
}

/// The learner's answer in words.
pub fn answer_text(cx: &Ctx<'_>, q: &Question, r: &Response, lang: &str) -> String {
    let arrow = if cx.theme.symbols.ascii {
        " -> "
    } else {
        " → "
    };
    match (&q.answer, r) {
        (Answer::Single { choices }, Response::Choice(i)) => choices
            .get(*i)
            .map(|c| c.text.get(lang).to_string())
            .unwrap_or_default(),
        (Answer::Multiple { choices, .. }, Response::Choices(v)) => v
            .iter()
            .filter_map(|i| choices.get(*i))
            .map(|c| c.text.get(lang))
            .collect::<Vec<_>>()
            .join("; "),
        (Answer::TrueFalse { .. }, Response::Bool(b)) => {
            cx.t(if *b { "quiz-true" } else { "quiz-false" })
        }
        (_, Response::Text(t)) | (_, Response::Number(t)) => t.clone(),
        (Answer::Order { items }, Response::Order(v)) => v
            .iter()
            .filter_map(|i| items.get(*i))
            .map(|t| t.get(lang))
            .collect::<Vec<_>>()
            .join(arrow),
        (Answer::Match { pairs }, Response::Match(v)) => pairs
            .iter()
            .zip(v)
            .map(|((l, _), r)| {
                format!(
                    "{}{arrow}{}",
                    l.get(lang),
                    pairs.get(*r).map_or("", |p| p.1.get(lang))
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        _ => cx.t("quiz-no-answer"),
    }
}

/// The right answer in words.
pub fn right_text(cx: &Ctx<'_>, q: &Question, lang: &str) -> String {
    let arrow = if cx.theme.symbols.ascii {
        " -> "
    } else {
        " → "
    };
    match &q.answer {
        Answer::Single { choices } | Answer::Multiple { choices, .. } => choices
            .iter()
            .filter(|c| c.correct)
            .map(|c| c.text.get(lang))
            .collect::<Vec<_>>()
            .join("; "),
        Answer::TrueFalse { answer } => cx.t(if *answer { "quiz-true" } else { "quiz-false" }),
        Answer::Text { accept, .. } => accept
            .first()
            .map(|t| t.get(lang).to_string())
            .unwrap_or_default(),
        Answer::Number { answer, tolerance } => {
            if *tolerance > 0.0 {
                format!("{answer} ± {tolerance}")
            } else {
                format!("{answer}")
            }
        }
        Answer::Order { items } => items
            .iter()
            .map(|t| t.get(lang))
            .collect::<Vec<_>>()
            .join(arrow),
        Answer::Match { pairs } => pairs
            .iter()
            .map(|(l, r)| format!("{}{arrow}{}", l.get(lang), r.get(lang)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// Verdict, per-choice feedback, right answer and explanation.
pub fn feedback_lines(
    cx: &Ctx<'_>,
    q: &Question,
    r: &Response,
    g: &crate::quiz::Grade,
    lang: &str,
    w: usize,
) -> Vec<TLine<'static>> {
    let mut out = Vec::new();
    let verdict = if g.correct {
        (cx.t("quiz-correct"), cx.theme.good())
    } else if g.points > 0.0 {
        (
            cx.t_args(
                "quiz-partly",
                &[
                    ("points", points(g.points).into()),
                    ("max", points(g.max).into()),
                ],
            ),
            cx.theme.accent(),
        )
    } else {
        (cx.t("quiz-incorrect"), cx.theme.bad())
    };
    let mark = if cx.theme.symbols.ascii {
        if g.correct { "[ok] " } else { "[x] " }
    } else if g.correct {
        "✓ "
    } else {
        "✗ "
    };
    out.push(TLine::from(Span::styled(
        format!("{mark}{}", verdict.0),
        verdict.1,
    )));
    let picked: Vec<usize> = match r {
        Response::Choice(i) => vec![*i],
        Response::Choices(v) => v.clone(),
        _ => Vec::new(),
    };
    if let Answer::Single { choices } | Answer::Multiple { choices, .. } = &q.answer {
        for &i in &picked {
            if let Some(fb) = choices.get(i).and_then(|c| c.feedback.as_ref()) {
                let text = format!("“{}”: {}", choices[i].text.get(lang), fb.get(lang));
                out.extend(wrap_plain(&text, w, ratatui::style::Style::new()));
            }
        }
    }
    out.extend(wrap_plain(
        &cx.t_args(
            "quiz-your-answer",
            &[("answer", answer_text(cx, q, r, lang).into())],
        ),
        w,
        cx.theme.dim(),
    ));
    if !g.correct {
        out.extend(wrap_plain(
            &cx.t_args(
                "quiz-right-answer",
                &[("answer", right_text(cx, q, lang).into())],
            ),
            w,
            cx.theme.good(),
        ));
    }
    if let Some(ex) = &q.explanation {
        out.push(TLine::styled(cx.t("quiz-explanation"), cx.theme.bold()));
        out.extend(
            layout(&parse(ex.get(lang)), w, &cx.state.labels, cx.state.symbols)
                .iter()
                .map(|l| styled_line(&l.pieces, 0, &cx.theme)),
        );
    }
    out
}

pub fn draw(buf: &mut Buffer, area: Rect, cx: &Ctx<'_>, v: &QuizView) {
    let s = cx.state;
    let Some((course, quiz)) = s.quiz_of(v.entry, v.item) else {
        return;
    };
    let Some(attempt) = attempt_of(s, v) else {
        return;
    };
    let Some(shown) = attempt.shown.get(v.pos) else {
        return;
    };
    let Some(q) = quiz.questions.get(shown.question) else {
        return Default::default();
    };
    let lang = s.content_lang(course);
    let right = format!(
        "{} · {} · {} ",
        cx.t_args(
            "quiz-question",
            &[
                ("n", (v.pos + 1).into()),
                ("total", attempt.shown.len().into())
            ]
        ),
        cx.t_args("quiz-points", &[("count", q.points.into())]),
        cx.t_args("quiz-attempt", &[("n", attempt.number.into())]),
    );
    header(buf, area, cx, quiz.title.get(lang), &right);
    let b = body(area);
    let w = geometry::text_width(s.width);
    let margin = (b.width as usize).saturating_sub(w) / 2;
    let (t, f) = (cx.t("quiz-true"), cx.t("quiz-false"));
    let mut lines: Vec<TLine<'static>> = question_lines(s, v, w, (&t, &f))
        .into_iter()
        .map(|(pieces, opt)| {
            let mut line = styled_line(&pieces, margin, &cx.theme);
            if opt.is_some()
                && opt == Some(v.cursor)
                && v.feedback.is_none()
                && !matches!(q.answer, Answer::Match { .. })
                && let Some(span) = line.spans.get_mut(1)
            {
                span.style = span.style.patch(cx.theme.selected());
            }
            line
        })
        .collect();
    let pad = |l: TLine<'static>| {
        let mut spans = vec![Span::raw(" ".repeat(margin))];
        spans.extend(l.spans);
        TLine::from(spans)
    };
    if let Answer::Order { .. } = q.answer {
        let order = v
            .picks
            .iter()
            .map(|p| (p + 1).to_string())
            .collect::<Vec<_>>()
            .join(" ");
        lines.push(TLine::raw(""));
        lines.push(pad(TLine::styled(
            cx.t_args("quiz-your-order", &[("order", order.into())]),
            cx.theme.accent(),
        )));
    }
    if v.hint {
        lines.push(TLine::raw(""));
        let hint = match &q.hint {
            Some(h) => format!("{}: {}", cx.t("quiz-hint"), h.get(lang)),
            None => cx.t("quiz-no-hint"),
        };
        lines.extend(wrap_plain(&hint, w, cx.theme.accent()).into_iter().map(pad));
    }
    if let Some(fb) = &v.feedback {
        lines.push(TLine::raw(""));
        lines.extend(
            feedback_lines(cx, q, &fb.response, &fb.grade, lang, w)
                .into_iter()
                .map(pad),
        );
    }
    let scroll = v.scroll.min(lines.len().saturating_sub(b.height as usize));
    super::scrolled(buf, b, &lines, scroll);

    let help = if v.feedback.is_some() {
        if attempt.answers.iter().filter(|a| a.is_some()).count() == attempt.shown.len() {
            cx.t("quiz-finish")
        } else {
            cx.t("quiz-continue")
        }
    } else {
        let typed = matches!(q.answer, Answer::Text { .. } | Answer::Number { .. });
        match &q.answer {
            _ if typed && !v.focus => cx.t("quiz-field-left"),
            Answer::Single { .. } => cx.t("quiz-help-single"),
            Answer::Multiple { .. } => cx.t("quiz-help-multiple"),
            Answer::TrueFalse { .. } => cx.t("quiz-help-true-false"),
            Answer::Text { .. } => cx.t("quiz-help-text"),
            Answer::Number { .. } => cx.t("quiz-help-number"),
            Answer::Order { .. } => cx.t("quiz-help-order"),
            Answer::Match { .. } => cx.t("quiz-help-match"),
        }
    };
    footer(buf, area, cx, &help);
}
