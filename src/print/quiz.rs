//! A quiz on paper: each question with boxes, circles and lines to write
//! on, and with `--answers` the trainer's key beside them.

use std::fmt::Write as _;

use fluent_bundle::FluentValue;

use super::markdown::{Media, Place, render, render_inline};
use super::{Options, esc};
use crate::course::{Answer, Choice, Question, Quiz, Text};
use crate::i18n::I18n;

/// The mark of the key: absent from a page printed without `--answers`.
pub const KEY_MARK: &str = "✔";

/// What every question of one quiz shares.
pub struct QuizPage<'p, 'm, 's> {
    pub opts: &'p Options,
    pub i18n: &'p I18n,
    pub media: &'m mut Media<'s>,
    /// The quiz file, for images in its texts and the order of its options.
    pub file: &'p str,
}

impl QuizPage<'_, '_, '_> {
    fn lang(&self) -> &str {
        &self.opts.lang
    }

    fn place<'a>(&self, file: &'a str, scope: &'a str) -> Place<'a> {
        Place {
            file,
            heading_shift: 4,
            title: None,
            scope,
        }
    }

    fn block(&mut self, text: &Text, scope: &str) -> String {
        let file = self.file;
        let md = text.get(self.lang()).to_string();
        render(&md, &self.place(file, scope), self.media)
    }

    fn inline(&mut self, text: &Text, scope: &str) -> String {
        let file = self.file;
        let md = text.get(self.lang()).to_string();
        render_inline(&md, &self.place(file, scope), self.media)
    }

    pub fn quiz(&mut self, out: &mut String, quiz: &Quiz, scope: &str) {
        let percent = (quiz.pass_score * 100.0).round();
        let _ = writeln!(
            out,
            "<p class=\"meta\">{}</p>",
            esc(&self.i18n.t_args(
                "quiz-start-pass",
                &[("percent", FluentValue::from(percent))]
            ))
        );
        let total = quiz.questions.len();
        for (n, q) in quiz.questions.iter().enumerate() {
            self.question(out, q, n + 1, total, &format!("{scope}-q{}", n + 1));
        }
    }

    fn question(&mut self, out: &mut String, q: &Question, n: usize, total: usize, scope: &str) {
        let heading = self.i18n.t_args(
            "quiz-question",
            &[
                ("n", FluentValue::from(n)),
                ("total", FluentValue::from(total)),
            ],
        );
        let points = self
            .i18n
            .t_args("quiz-points", &[("count", FluentValue::from(q.points))]);
        let _ = writeln!(
            out,
            "<section class=\"question\">\n<h4>{} <span class=\"points\">({})</span></h4>",
            esc(&heading),
            esc(&points)
        );
        let prompt = self.block(&q.prompt, scope);
        let _ = writeln!(out, "<div class=\"prompt\">{prompt}</div>");
        self.answer_form(out, q, scope);
        if let (true, Some(hint)) = (self.opts.hints, &q.hint) {
            let hint = self.inline(hint, scope);
            let _ = writeln!(
                out,
                "<p class=\"hint\"><b>{}:</b> {hint}</p>",
                esc(&self.i18n.t("quiz-hint"))
            );
        }
        if self.opts.answers {
            self.key(out, q, scope);
        }
        out.push_str("</section>\n");
    }

    /// What the learner fills in.
    fn answer_form(&mut self, out: &mut String, q: &Question, scope: &str) {
        match &q.answer {
            Answer::Single { choices } => self.choices(out, choices, "○", "●", scope),
            Answer::Multiple { choices, .. } => self.choices(out, choices, "☐", "☑", scope),
            Answer::TrueFalse { answer, .. } => {
                out.push_str("<ul class=\"choices\">\n");
                for (value, id) in [(true, "quiz-true"), (false, "quiz-false")] {
                    let right = self.opts.answers && value == *answer;
                    let _ = writeln!(
                        out,
                        "<li{}><span class=\"box\">{}</span> {}{}</li>",
                        if right { " class=\"right\"" } else { "" },
                        if right { "●" } else { "○" },
                        esc(&self.i18n.t(id)),
                        if right { key_mark() } else { String::new() }
                    );
                }
                out.push_str("</ul>\n");
            }
            Answer::Text { .. } | Answer::Number { .. } => {
                out.push_str("<div class=\"write\"></div>\n");
            }
            Answer::Order { items } => {
                let _ = writeln!(
                    out,
                    "<p class=\"how\">{}</p>\n<ul class=\"order\">",
                    esc(&self.i18n.t("print-order-help"))
                );
                for i in mixed(self.file, &q.id, items.len()) {
                    let Some(item) = items.get(i) else { continue };
                    let text = self.inline(item, scope);
                    let _ = writeln!(out, "<li><span class=\"blank\"></span> {text}</li>");
                }
                out.push_str("</ul>\n");
            }
            Answer::Match { pairs } => {
                let _ = writeln!(
                    out,
                    "<p class=\"how\">{}</p>\n<table class=\"match\">",
                    esc(&self.i18n.t("print-match-help"))
                );
                let order = mixed(self.file, &q.id, pairs.len());
                for (row, (left, _)) in pairs.iter().enumerate() {
                    let left = self.inline(left, scope);
                    let right = order
                        .get(row)
                        .and_then(|&i| pairs.get(i))
                        .map(|(_, r)| self.inline(r, scope))
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "<tr><td class=\"n\">{}.</td><td>{left}</td><td class=\"blank\"></td><td class=\"n\">{}.</td><td>{right}</td></tr>",
                        row + 1,
                        letter(row)
                    );
                }
                out.push_str("</table>\n");
            }
        }
    }

    fn choices(
        &mut self,
        out: &mut String,
        choices: &[Choice],
        open: &str,
        marked: &str,
        scope: &str,
    ) {
        out.push_str("<ul class=\"choices\">\n");
        for c in choices {
            let right = self.opts.answers && c.correct;
            let text = self.inline(&c.text, scope);
            let _ = write!(
                out,
                "<li{}><span class=\"box\">{}</span> {text}{}",
                if right { " class=\"right\"" } else { "" },
                if right { marked } else { open },
                if right { key_mark() } else { String::new() }
            );
            if let (true, Some(feedback)) = (self.opts.answers, &c.feedback) {
                let feedback = self.inline(feedback, scope);
                let _ = write!(out, "<div class=\"feedback\">{feedback}</div>");
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }

    /// The trainer's key: the right answer in words, and the explanation.
    fn key(&mut self, out: &mut String, q: &Question, scope: &str) {
        let right = |s: &str| {
            esc(&self
                .i18n
                .t_args("quiz-right-answer", &[("answer", FluentValue::from(s))]))
        };
        let answer = match &q.answer {
            // Marked on the choices themselves.
            Answer::Single { .. } | Answer::Multiple { .. } | Answer::TrueFalse { .. } => None,
            Answer::Text {
                accept,
                ignore_diacritics,
                ..
            } => {
                let words: Vec<String> = accept
                    .iter()
                    .map(|t| format!("“{}”", t.get(&self.opts.lang)))
                    .collect();
                let mut s = esc(&self.i18n.t_args(
                    "print-accepted",
                    &[("answers", FluentValue::from(words.join(" · ")))],
                ));
                if *ignore_diacritics {
                    let _ = write!(s, " {}", esc(&self.i18n.t("print-ignore-diacritics")));
                }
                Some(s)
            }
            Answer::Number {
                answer, tolerance, ..
            } => Some(if *tolerance > 0.0 {
                right(&format!("{answer} ± {tolerance}"))
            } else {
                right(&answer.to_string())
            }),
            Answer::Order { items } => {
                let mut s = format!("{}<ol>", right(""));
                for item in items {
                    let _ = write!(s, "<li>{}</li>", self.inline(item, scope));
                }
                s.push_str("</ol>");
                Some(s)
            }
            Answer::Match { pairs } => {
                let order = mixed(self.file, &q.id, pairs.len());
                let mut s = format!("{}<ul>", right(""));
                for (i, (left, r)) in pairs.iter().enumerate() {
                    let at = order.iter().position(|&o| o == i).unwrap_or(i);
                    let _ = write!(
                        s,
                        "<li>{}. {} → {}. {}</li>",
                        i + 1,
                        self.inline(left, scope),
                        letter(at),
                        self.inline(r, scope)
                    );
                }
                s.push_str("</ul>");
                Some(s)
            }
        };
        let explanation = q.explanation.as_ref().map(|e| self.block(e, scope));
        if answer.is_none() && explanation.is_none() {
            return;
        }
        out.push_str("<div class=\"key\">");
        if let Some(a) = answer {
            let _ = write!(out, "<div>{} {a}</div>", key_mark());
        }
        if let Some(e) = explanation {
            let _ = write!(
                out,
                "<div class=\"explanation\"><b>{}:</b> {e}</div>",
                esc(&self.i18n.t("quiz-explanation"))
            );
        }
        out.push_str("</div>\n");
    }
}

fn key_mark() -> String {
    format!(" <span class=\"mark\">{KEY_MARK}</span>")
}

/// A, B, … Z, then 27, 28, …: the names of a match's right sides.
fn letter(i: usize) -> String {
    match u8::try_from(i) {
        Ok(n) if n < 26 => char::from(b'A' + n).to_string(),
        _ => (i + 1).to_string(),
    }
}

/// A mixed order of `n` options, the same on every printing of the same
/// question (seeded by its file and id), and never the order written when
/// there are two or more: the order written is the answer.
pub fn mixed(file: &str, id: &str, n: usize) -> Vec<usize> {
    // FNV-1a: a seed that stays the same across Rust versions.
    let seed = file
        .bytes()
        .chain([0])
        .chain(id.bytes())
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    let mut order: Vec<usize> = (0..n).collect();
    fastrand::Rng::with_seed(seed).shuffle(&mut order);
    if n >= 2 && order.iter().enumerate().all(|(i, &o)| i == o) {
        order.rotate_left(1);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mixed_order_is_stable_and_never_the_answer() {
        for n in 2..12 {
            let a = mixed("quizzes/q.toml", "order-steps", n);
            assert_eq!(a, mixed("quizzes/q.toml", "order-steps", n));
            assert_ne!(a, (0..n).collect::<Vec<_>>());
            let mut sorted = a.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..n).collect::<Vec<_>>());
        }
        assert_eq!(mixed("f", "x", 1), vec![0]);
        assert!(mixed("f", "x", 0).is_empty());
    }

    #[test]
    fn right_sides_are_lettered_then_numbered() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "27");
    }
}
