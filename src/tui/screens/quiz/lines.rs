//! The lines of a quiz question: the prompt, the options (or the answer
//! field) with what is picked, the hint, and the feedback on an answer. The
//! feedback and the answers in words are shared with the quiz results.

use ratatui::text::{Line as TLine, Span};

use super::{Current, QuizView};
use crate::course::{Answer, AnswerForm, Question};
use crate::markdown::{Line, Piece, Role, Style as TextStyle, layout, parse};
use crate::quiz::{Grade, Response};
use crate::text::{sanitize, wrap};
use crate::tui::screens::{points, styled_line, wrap_plain};
use crate::tui::state::{Session, geometry};

fn plain(text: &str, style: TextStyle) -> Piece {
    Piece {
        text: text.to_string(),
        style,
    }
}

/// The question's prompt (Markdown), laid out for `w` columns.
pub fn prompt(s: &Session, q: &Question, lang: &str, w: usize) -> Vec<Line> {
    layout(&parse(q.prompt.get(lang)), w, &s.labels, s.symbols())
}

/// Course text with inline Markdown, laid out for `w` columns: the pieces
/// of each line.
fn inline(s: &Session, text: &str, w: usize) -> Vec<Vec<Piece>> {
    let lines: Vec<Vec<Piece>> = layout(&parse(text), w, &s.labels, s.symbols())
        .into_iter()
        .map(|l| l.pieces)
        .collect();
    if lines.is_empty() {
        vec![Vec::new()]
    } else {
        lines
    }
}

/// Course text with inline Markdown as terminal lines, each span on
/// `base` (the author's own styles over it).
pub fn markdown_lines(
    s: &Session,
    text: &str,
    w: usize,
    base: ratatui::style::Style,
) -> Vec<TLine<'static>> {
    inline(s, text, w)
        .iter()
        .map(|pieces| {
            let mut line = styled_line(pieces, 0, &s.theme);
            for span in &mut line.spans {
                span.style = base.patch(span.style);
            }
            line
        })
        .collect()
}

/// A learner's typed text, to be shown inside course text: Markdown's
/// marks in it are the learner's characters, not formatting.
fn literal(typed: &str) -> String {
    let mut out = String::with_capacity(typed.len());
    for c in typed.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One line of the question part, and the option it belongs to.
type QLine = (Vec<Piece>, Option<usize>);

/// The options, or the answer field, laid out for `w` columns.
fn options(s: &Session, v: &QuizView, c: &Current<'_>, lang: &str, w: usize) -> Vec<QLine> {
    let mut out: Vec<QLine> = Vec::new();
    let marker = TextStyle::role(Role::Marker);
    let option = |out: &mut Vec<QLine>, i: usize, mark: &str, text: &str, picked: bool| {
        let head = format!("{:>3} {mark} ", i + 1);
        let indent = " ".repeat(crate::text::width(&head));
        // The author's inline Markdown (`code`, **bold**) is shown as the
        // prompt's is, never as raw backticks and stars.
        let laid = inline(s, text, w.saturating_sub(indent.len()).max(4));
        for (k, mut l) in laid.into_iter().enumerate() {
            for p in &mut l {
                p.style.bold |= picked;
            }
            let mut line = vec![plain(if k == 0 { &head } else { &indent }, marker)];
            line.extend(l);
            out.push((line, Some(i)));
        }
    };
    let ascii = s.symbols().ascii;
    let dot = if ascii { "(*)" } else { "(•)" };
    match &c.question.answer {
        Answer::Single { choices } | Answer::Multiple { choices, .. } => {
            let multi = c.question.answer.form() == AnswerForm::PickMany;
            for (i, choice) in c
                .options
                .iter()
                .filter_map(|&ci| choices.get(ci))
                .enumerate()
            {
                let picked = v.picks.contains(&i);
                let mark = match (multi, picked) {
                    (true, true) => "[x]",
                    (true, false) => "[ ]",
                    (false, true) => dot,
                    (false, false) => "( )",
                };
                option(&mut out, i, mark, choice.text.get(lang), picked);
            }
        }
        Answer::TrueFalse { .. } => {
            for (i, label) in [s.t("quiz-true"), s.t("quiz-false")].iter().enumerate() {
                let picked = v.picks.first() == Some(&i);
                option(&mut out, i, if picked { dot } else { "( )" }, label, picked);
            }
        }
        Answer::Order { items } => {
            for (i, text) in c.options.iter().filter_map(|&ii| items.get(ii)).enumerate() {
                option(&mut out, i, "", text.get(lang), v.picks.contains(&i));
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
                    match (current, ascii) {
                        (false, _) => " ",
                        (true, true) => ">",
                        (true, false) => "›",
                    }
                );
                let style = TextStyle {
                    bold: current,
                    ..TextStyle::default()
                };
                let mut line = vec![plain(&head, marker)];
                for mut p in inline(s, left.get(lang), w).into_iter().flatten() {
                    p.style.bold |= style.bold;
                    line.push(p);
                }
                line.push(plain(&chosen, marker));
                for l in wrap(&line, w) {
                    out.push((l, None));
                }
            }
            out.push((Vec::new(), None));
            for (i, (_, right)) in c.options.iter().filter_map(|&ri| pairs.get(ri)).enumerate() {
                option(&mut out, i, "", right.get(lang), false);
            }
        }
        Answer::Text { .. } | Answer::Number { .. } => {
            let cursor = match (v.typing(), ascii) {
                (false, _) => "",
                (true, true) => "_",
                (true, false) => "▏",
            };
            let field = format!("{}{cursor}", sanitize(v.input.text()));
            let bold = TextStyle {
                bold: true,
                ..TextStyle::default()
            };
            for (k, l) in wrap(&[plain(&field, bold)], w.saturating_sub(6))
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

/// The whole body of the question screen, centred in the window: prompt,
/// options, the order given so far, the hint and the feedback; with the
/// option each line shows, so a click lands on the option drawn there.
pub fn body(
    s: &Session,
    v: &QuizView,
    c: &Current<'_>,
    prompt: &[Line],
    feedback: Option<&[TLine<'static>]>,
) -> (Vec<TLine<'static>>, Vec<Option<usize>>) {
    let lang = s.content_lang(c.course);
    let w = s.text_width();
    let margin = geometry::margin(s.width, w);
    let mut question: Vec<QLine> = prompt.iter().map(|l| (l.pieces.clone(), None)).collect();
    question.push((Vec::new(), None));
    question.extend(options(s, v, c, lang, w));
    let (mut lines, options): (Vec<TLine<'static>>, Vec<Option<usize>>) = question
        .into_iter()
        .map(|(pieces, opt)| (styled_line(&pieces, margin, &s.theme), opt))
        .unzip();
    let pad = |l: TLine<'static>| {
        let mut spans = vec![Span::raw(" ".repeat(margin))];
        spans.extend(l.spans);
        TLine::from(spans)
    };
    if c.question.answer.form() == AnswerForm::Sequence {
        let order = v
            .picks
            .iter()
            .map(|p| (p + 1).to_string())
            .collect::<Vec<_>>()
            .join(" ");
        lines.push(TLine::raw(""));
        lines.push(pad(TLine::styled(
            s.t_args("quiz-your-order", &[("order", order.into())]),
            s.theme.accent(),
        )));
    }
    if v.hint {
        lines.push(TLine::raw(""));
        let hint = match &c.question.hint {
            Some(h) => format!("{}: {}", s.t("quiz-hint"), h.get(lang)),
            None => s.t("quiz-no-hint"),
        };
        lines.extend(
            markdown_lines(s, &hint, w, s.theme.accent())
                .into_iter()
                .map(pad),
        );
    } else if c.question.hint.is_some() && feedback.is_none() {
        // A hint nobody knows of is no help: the key is said.
        lines.push(TLine::raw(""));
        lines.extend(
            wrap_plain(&s.t("quiz-has-hint"), w, s.theme.dim())
                .into_iter()
                .map(pad),
        );
    }
    if let Some(fb) = feedback {
        lines.push(TLine::raw(""));
        // Shown, graded, and not yet in the store: the learner knows.
        let key = (
            c.course.id.clone(),
            c.course
                .items
                .get(v.item)
                .map(|i| i.id.clone())
                .unwrap_or_default(),
            c.attempt.number,
            v.pos,
        );
        if s.saving.answers.contains(&key) {
            lines.extend(
                wrap_plain(&s.t("quiz-unsaved"), w, s.theme.bad())
                    .into_iter()
                    .map(pad),
            );
        }
        lines.extend(fb.iter().cloned().map(pad));
    }
    (lines, options)
}

/// The learner's answer in words.
pub fn answer_text(s: &Session, q: &Question, r: &Response, lang: &str) -> String {
    let arrow = if s.symbols().ascii { " -> " } else { " → " };
    let none = || s.t("quiz-no-answer");
    match &q.answer {
        Answer::Single { choices } => match r {
            Response::Choice(i) => choices
                .get(*i)
                .map(|c| c.text.get(lang).to_string())
                .unwrap_or_default(),
            _ => none(),
        },
        Answer::Multiple { choices, .. } => match r {
            Response::Choices(v) => v
                .iter()
                .filter_map(|i| choices.get(*i))
                .map(|c| c.text.get(lang))
                .collect::<Vec<_>>()
                .join("; "),
            _ => none(),
        },
        Answer::TrueFalse { .. } => match r {
            Response::Bool(b) => s.t(if *b { "quiz-true" } else { "quiz-false" }),
            _ => none(),
        },
        Answer::Text { .. } | Answer::Number { .. } => match r {
            Response::Text(t) | Response::Number(t) => literal(t),
            _ => none(),
        },
        Answer::Order { items } => match r {
            Response::Order(v) => v
                .iter()
                .filter_map(|i| items.get(*i))
                .map(|t| t.get(lang))
                .collect::<Vec<_>>()
                .join(arrow),
            _ => none(),
        },
        Answer::Match { pairs } => match r {
            Response::Match(v) => pairs
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
            _ => none(),
        },
    }
}

/// The right answer in words.
pub fn right_text(s: &Session, q: &Question, lang: &str) -> String {
    let arrow = if s.symbols().ascii { " -> " } else { " → " };
    match &q.answer {
        Answer::Single { choices } | Answer::Multiple { choices, .. } => choices
            .iter()
            .filter(|c| c.correct)
            .map(|c| c.text.get(lang))
            .collect::<Vec<_>>()
            .join("; "),
        Answer::TrueFalse { answer, .. } => s.t(if *answer { "quiz-true" } else { "quiz-false" }),
        Answer::Text { accept, .. } => accept
            .first()
            .map(|t| t.get(lang).to_string())
            .unwrap_or_default(),
        Answer::Number {
            answer, tolerance, ..
        } => {
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
    s: &Session,
    q: &Question,
    r: &Response,
    g: &Grade,
    lang: &str,
    w: usize,
) -> Vec<TLine<'static>> {
    let mut out = Vec::new();
    let verdict = if g.correct {
        (s.t("quiz-correct"), s.theme.good())
    } else if g.points > 0.0 {
        (
            s.t_args(
                "quiz-partly",
                &[
                    ("points", points(g.points).into()),
                    ("max", points(g.max).into()),
                ],
            ),
            s.theme.accent(),
        )
    } else {
        (s.t("quiz-incorrect"), s.theme.bad())
    };
    let mark = match (s.symbols().ascii, g.correct) {
        (true, true) => "[ok] ",
        (true, false) => "[x] ",
        (false, true) => "✓ ",
        (false, false) => "✗ ",
    };
    out.push(TLine::from(Span::styled(
        format!("{mark}{}", verdict.0),
        verdict.1,
    )));
    let picked: &[usize] = match r {
        Response::Choice(i) => std::slice::from_ref(i),
        Response::Choices(v) => v,
        _ => &[],
    };
    if let Answer::Single { choices } | Answer::Multiple { choices, .. } = &q.answer {
        for choice in picked.iter().filter_map(|&i| choices.get(i)) {
            if let Some(fb) = &choice.feedback {
                let text = format!("“{}”: {}", choice.text.get(lang), fb.get(lang));
                out.extend(markdown_lines(s, &text, w, ratatui::style::Style::new()));
            }
        }
    }
    // Format 2: true/false feedback, or the typed answer's own.
    if let Some(fb) = crate::quiz::answer_feedback(q, r) {
        out.extend(markdown_lines(
            s,
            fb.get(lang),
            w,
            ratatui::style::Style::new(),
        ));
    }
    out.extend(markdown_lines(
        s,
        &s.t_args(
            "quiz-your-answer",
            &[("answer", answer_text(s, q, r, lang).into())],
        ),
        w,
        s.theme.dim(),
    ));
    if !g.correct {
        out.extend(markdown_lines(
            s,
            &s.t_args(
                "quiz-right-answer",
                &[("answer", right_text(s, q, lang).into())],
            ),
            w,
            s.theme.good(),
        ));
    }
    if let Some(ex) = &q.explanation {
        out.push(TLine::styled(s.t("quiz-explanation"), s.theme.bold()));
        out.extend(
            layout(&parse(ex.get(lang)), w, &s.labels, s.symbols())
                .iter()
                .map(|l| styled_line(&l.pieces, 0, &s.theme)),
        );
    }
    out
}
