//! What an answer is worth, for each of the seven question types.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::course::{Answer, Choice, Question, Text};

/// An answer as the learner gave it. Indices refer to the package's own
/// order (choices, order items, right sides of match pairs), never to the
/// shuffled order shown, so a record means the same whatever the shuffle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Response {
    /// `single`: the choice picked.
    Choice(usize),
    /// `multiple`: the choices picked, sorted.
    Choices(Vec<usize>),
    /// `true_false`.
    Bool(bool),
    /// `text`, as typed.
    Text(String),
    /// `number`, as typed (decimal point or comma).
    Number(String),
    /// `order`: item indices in the order the learner put them.
    Order(Vec<usize>),
    /// `match`: for each left side in package order, the right side chosen.
    Match(Vec<usize>),
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Grade {
    /// Points earned, between 0 and the question's points.
    pub points: f64,
    pub max: f64,
    /// Fully right.
    pub correct: bool,
}

impl Grade {
    fn of(q: &Question, share: f64) -> Grade {
        let share = share.clamp(0.0, 1.0);
        Grade {
            points: q.points * share,
            max: q.points,
            correct: share >= 1.0,
        }
    }
}

/// Grades a response; a response of the wrong shape for the question
/// (which the player never builds) earns nothing.
pub fn grade(q: &Question, r: &Response) -> Grade {
    let hit = |right: bool| f64::from(u8::from(right));
    let share = match &q.answer {
        Answer::Single { choices } => match r {
            // Without credits a choice's share is 1 or 0, as it always was.
            Response::Choice(i) => choices.get(*i).map_or(0.0, |c| c.share().max(0.0)),
            _ => 0.0,
        },
        Answer::Multiple { choices, partial } => match r {
            Response::Choices(picked) if Choice::credited(choices) => {
                credited_share(choices, picked)
            }
            Response::Choices(picked) => multiple_share(choices, *partial, picked),
            _ => 0.0,
        },
        Answer::TrueFalse { answer, .. } => match r {
            Response::Bool(b) => hit(answer == b),
            _ => 0.0,
        },
        Answer::Text { .. } | Answer::Number { .. } => typed(q, r).map_or(0.0, |(c, _)| c),
        Answer::Order { items } => match r {
            Response::Order(order) => hit(in_place(order, items.len())),
            _ => 0.0,
        },
        Answer::Match { pairs } => match r {
            Response::Match(chosen) => hit(in_place(chosen, pairs.len())),
            _ => 0.0,
        },
    };
    Grade::of(q, share)
}

/// What a typed answer earns (the best credit among the answers it
/// matches) and the feedback of the answer that gave it; `None` when it
/// matches none.
fn typed<'q>(q: &'q Question, r: &Response) -> Option<(f64, Option<&'q Text>)> {
    let mut best: Option<(f64, Option<&Text>)> = None;
    let mut consider = |credit: f64, feedback: Option<&'q Text>| {
        if best.is_none_or(|(b, _)| credit > b) {
            best = Some((credit, feedback));
        }
    };
    match (&q.answer, r) {
        (
            Answer::Text {
                accept,
                ignore_diacritics,
                case_sensitive,
                accepted,
            },
            Response::Text(typed),
        ) => {
            let norm = |s: &str| normalize_typed(s, *ignore_diacritics, *case_sensitive);
            let typed = norm(typed);
            if typed.is_empty() {
                return None;
            }
            let matches = |t: &Text| t.variants().any(|a| norm(a) == typed);
            for a in accepted.iter().filter(|a| matches(&a.value)) {
                consider(a.credit, a.feedback.as_ref());
            }
            if accept.iter().any(matches) {
                consider(1.0, None);
            }
        }
        (
            Answer::Number {
                answer,
                tolerance,
                accepted,
            },
            Response::Number(typed),
        ) => {
            let n = parse_number(typed)?;
            let within = |answer: f64, tolerance: f64| (n - answer).abs() <= tolerance + 1e-9;
            for a in accepted
                .iter()
                .filter(|a| within(a.value.answer, a.value.tolerance))
            {
                consider(a.credit, a.feedback.as_ref());
            }
            if within(*answer, *tolerance) {
                consider(1.0, None);
            }
        }
        _ => {}
    }
    best
}

/// The feedback a question gives for an answer beyond its choices' own
/// (format 2): true/false feedback, or a typed answer's.
pub fn answer_feedback<'q>(q: &'q Question, r: &Response) -> Option<&'q Text> {
    match (&q.answer, r) {
        (
            Answer::TrueFalse {
                feedback_true,
                feedback_false,
                ..
            },
            Response::Bool(b),
        ) => {
            if *b {
                feedback_true.as_ref()
            } else {
                feedback_false.as_ref()
            }
        }
        (Answer::Text { .. } | Answer::Number { .. }, _) => typed(q, r).and_then(|(_, f)| f),
        _ => None,
    }
}

/// `multiple` with credits: the picked choices' credits added up, within
/// [0, 1]; a sum within the checker's tolerance of 1 is full marks.
fn credited_share(choices: &[Choice], picked: &[usize]) -> f64 {
    let mut picked = picked.to_vec();
    picked.sort_unstable();
    picked.dedup();
    let sum: f64 = picked
        .iter()
        .filter_map(|&i| choices.get(i))
        .map(Choice::share)
        .sum();
    if sum >= 1.0 - crate::course::quiz::CREDIT_SUM_TOLERANCE {
        1.0
    } else {
        sum.clamp(0.0, 1.0)
    }
}

/// Every one of `n` indices, each where it belongs.
fn in_place(given: &[usize], n: usize) -> bool {
    given.len() == n && given.iter().enumerate().all(|(i, &x)| i == x)
}

fn multiple_share(choices: &[Choice], partial: bool, picked: &[usize]) -> f64 {
    // A choice picked twice counts once.
    let mut picked = picked.to_vec();
    picked.sort_unstable();
    picked.dedup();
    let right = picked
        .iter()
        .filter(|&&i| choices.get(i).is_some_and(|c| c.correct))
        .count();
    let wrong = picked.len() - right;
    let correct_total = choices.iter().filter(|c| c.correct).count();
    if right == correct_total && wrong == 0 {
        1.0
    } else if partial && correct_total > 0 {
        (right as f64 - wrong as f64).max(0.0) / correct_total as f64
    } else {
        0.0
    }
}

/// The comparison form of a typed answer: trimmed, NFC, case-folded, inner
/// spaces collapsed, and without diacritics where the question asks.
/// Vietnamese typed with an IME in composed or combining form compares
/// equal after this.
pub fn normalize_answer(s: &str, ignore_diacritics: bool) -> String {
    normalize_typed(s, ignore_diacritics, false)
}

/// [`normalize_answer`], with case kept when `case_sensitive`.
pub fn normalize_typed(s: &str, ignore_diacritics: bool, case_sensitive: bool) -> String {
    let folded: String = if case_sensitive {
        s.nfc().collect()
    } else {
        s.nfc().flat_map(char::to_lowercase).collect()
    };
    let collapsed = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    if !ignore_diacritics {
        return collapsed.nfc().collect();
    }
    crate::text::without_diacritics(&collapsed)
}

/// A number as a learner types it: `51.7`, `51,7`, ` 14 `, `-3`.
pub fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim().replace(' ', "");
    let t = if t.contains(',') && !t.contains('.') {
        t.replace(',', ".")
    } else {
        t.replace(',', "")
    };
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::{Choice, Text};

    fn q(answer: Answer) -> Question {
        Question {
            id: "q".into(),
            prompt: Text::plain("?", "en"),
            points: 2.0,
            hint: None,
            explanation: None,
            answer,
        }
    }

    fn choices(correct: &[bool]) -> Vec<Choice> {
        correct
            .iter()
            .enumerate()
            .map(|(i, &c)| Choice {
                text: Text::plain(format!("c{i}"), "en"),
                correct: c,
                feedback: None,
                credit: None,
            })
            .collect()
    }

    #[test]
    fn single() {
        let q = q(Answer::Single {
            choices: choices(&[false, true, false]),
        });
        assert_eq!(
            grade(&q, &Response::Choice(1)),
            Grade {
                points: 2.0,
                max: 2.0,
                correct: true
            }
        );
        assert_eq!(grade(&q, &Response::Choice(0)).points, 0.0);
        assert_eq!(grade(&q, &Response::Choice(9)).points, 0.0);
    }

    #[test]
    fn multiple_exact_and_partial() {
        let exact = q(Answer::Multiple {
            choices: choices(&[true, true, false, false]),
            partial: false,
        });
        assert!(grade(&exact, &Response::Choices(vec![0, 1])).correct);
        assert_eq!(grade(&exact, &Response::Choices(vec![0])).points, 0.0);
        assert_eq!(grade(&exact, &Response::Choices(vec![0, 1, 2])).points, 0.0);
        let partial = q(Answer::Multiple {
            choices: choices(&[true, true, false, false]),
            partial: true,
        });
        assert_eq!(grade(&partial, &Response::Choices(vec![0])).points, 1.0);
        assert_eq!(grade(&partial, &Response::Choices(vec![0, 2])).points, 0.0);
        assert_eq!(grade(&partial, &Response::Choices(vec![2, 3])).points, 0.0);
        assert!(!grade(&partial, &Response::Choices(vec![0])).correct);
    }

    #[test]
    fn true_false() {
        let q = q(Answer::TrueFalse {
            answer: false,
            feedback_false: None,
            feedback_true: None,
        });
        assert!(grade(&q, &Response::Bool(false)).correct);
        assert!(!grade(&q, &Response::Bool(true)).correct);
    }

    #[test]
    fn text_answers_compare_after_normalising() {
        let q1 = q(Answer::Text {
            accept: vec![Text(vec![
                ("en".into(), "password".into()),
                ("vi".into(), "Mật khẩu".into()),
            ])],
            ignore_diacritics: false,
            accepted: Vec::new(),
            case_sensitive: false,
        });
        assert!(grade(&q1, &Response::Text("  PASSWORD ".into())).correct);
        assert!(grade(&q1, &Response::Text("mật   khẩu".into())).correct);
        // Typed with combining marks (as some IMEs send it).
        assert!(
            grade(
                &q1,
                &Response::Text("ma\u{323}\u{302}t kha\u{302}\u{309}u".into())
            )
            .correct
        );
        assert!(!grade(&q1, &Response::Text("mat khau".into())).correct);
        assert!(!grade(&q1, &Response::Text("".into())).correct);
        let q2 = q(Answer::Text {
            accept: vec![Text::plain("đánh giá quá trình", "vi")],
            ignore_diacritics: true,
            accepted: Vec::new(),
            case_sensitive: false,
        });
        assert!(grade(&q2, &Response::Text("danh gia qua trinh".into())).correct);
        assert!(grade(&q2, &Response::Text("Đánh Giá Quá Trình".into())).correct);
    }

    #[test]
    fn numbers_with_tolerance_and_decimal_commas() {
        let q = q(Answer::Number {
            answer: 51.7,
            tolerance: 0.5,
            accepted: Vec::new(),
        });
        assert!(grade(&q, &Response::Number("51.7".into())).correct);
        assert!(grade(&q, &Response::Number("51,7".into())).correct);
        assert!(grade(&q, &Response::Number("52".into())).correct);
        assert!(!grade(&q, &Response::Number("53".into())).correct);
        assert!(!grade(&q, &Response::Number("fifty".into())).correct);
        assert_eq!(parse_number("1,000.5"), Some(1000.5));
        assert_eq!(parse_number(" -3 "), Some(-3.0));
    }

    #[test]
    fn order_and_match() {
        let items = vec![
            Text::plain("a", "en"),
            Text::plain("b", "en"),
            Text::plain("c", "en"),
        ];
        let oq = q(Answer::Order {
            items: items.clone(),
        });
        assert!(grade(&oq, &Response::Order(vec![0, 1, 2])).correct);
        assert!(!grade(&oq, &Response::Order(vec![1, 0, 2])).correct);
        assert!(!grade(&oq, &Response::Order(vec![0, 1])).correct);
        let pairs = items.iter().map(|t| (t.clone(), t.clone())).collect();
        let mq = q(Answer::Match { pairs });
        assert!(grade(&mq, &Response::Match(vec![0, 1, 2])).correct);
        assert!(!grade(&mq, &Response::Match(vec![0, 2, 1])).correct);
    }

    #[test]
    fn a_response_of_the_wrong_shape_earns_nothing() {
        let q = q(Answer::TrueFalse {
            answer: true,
            feedback_false: None,
            feedback_true: None,
        });
        assert_eq!(grade(&q, &Response::Choice(0)).points, 0.0);
    }

    fn credited(credits: &[f64]) -> Vec<Choice> {
        credits
            .iter()
            .enumerate()
            .map(|(i, &c)| Choice {
                text: Text::plain(format!("c{i}"), "en"),
                correct: c > 0.0,
                feedback: None,
                credit: Some(c),
            })
            .collect()
    }

    #[test]
    fn single_choice_credits_earn_their_share_and_never_less_than_nothing() {
        let mut cs = credited(&[1.0, 0.5, -1.0]);
        cs[0].correct = true;
        cs[1].correct = false;
        let q = q(Answer::Single { choices: cs });
        assert!(grade(&q, &Response::Choice(0)).correct);
        let half = grade(&q, &Response::Choice(1));
        assert_eq!((half.points, half.correct), (1.0, false));
        assert_eq!(grade(&q, &Response::Choice(2)).points, 0.0);
    }

    #[test]
    fn multiple_choice_credits_add_up_within_zero_and_one() {
        let third = 0.333_333_33;
        let q = q(Answer::Multiple {
            choices: credited(&[third, third, third, -1.0, 0.0]),
            partial: false,
        });
        // GIFT's thirds add up to 0.99999999: full marks.
        let all = grade(&q, &Response::Choices(vec![0, 1, 2]));
        assert!(all.correct && all.points == 2.0);
        // A choice worth nothing takes nothing away.
        assert!(grade(&q, &Response::Choices(vec![0, 1, 2, 4])).correct);
        let two = grade(&q, &Response::Choices(vec![0, 1, 1]));
        assert!((two.points - 4.0 * third).abs() < 1e-9 && !two.correct);
        assert_eq!(grade(&q, &Response::Choices(vec![0, 3])).points, 0.0);
        assert_eq!(grade(&q, &Response::Choices(vec![0, 1, 2, 3])).points, 0.0);
    }

    #[test]
    fn true_false_feedback_follows_the_answer_given() {
        let q = q(Answer::TrueFalse {
            answer: false,
            feedback_true: Some(Text::plain("no", "en")),
            feedback_false: Some(Text::plain("yes", "en")),
        });
        assert!(grade(&q, &Response::Bool(false)).correct);
        let fb = |b| answer_feedback(&q, &Response::Bool(b)).map(|t| t.default_text().to_string());
        assert_eq!(fb(true).as_deref(), Some("no"));
        assert_eq!(fb(false).as_deref(), Some("yes"));
    }

    fn accepted_text(t: &str, credit: f64, fb: &str) -> crate::course::Accepted<Text> {
        crate::course::Accepted {
            value: Text::plain(t, "en"),
            credit,
            feedback: Some(Text::plain(fb, "en")),
        }
    }

    #[test]
    fn typed_answers_earn_their_best_credit_and_show_its_feedback() {
        let q = q(Answer::Text {
            accept: vec![Text::plain("cat", "en")],
            ignore_diacritics: false,
            case_sensitive: false,
            accepted: vec![
                accepted_text("cat", 1.0, "yes"),
                accepted_text("kitten", 0.5, "close"),
            ],
        });
        assert!(grade(&q, &Response::Text("Cat".into())).correct);
        let kitten = Response::Text(" KITTEN ".into());
        assert_eq!(grade(&q, &kitten).points, 1.0);
        assert_eq!(
            answer_feedback(&q, &kitten).map(Text::default_text),
            Some("close")
        );
        assert_eq!(grade(&q, &Response::Text("dog".into())).points, 0.0);
        assert_eq!(answer_feedback(&q, &Response::Text("dog".into())), None);

        let n = q_num();
        assert!(grade(&n, &Response::Number("1822".into())).correct);
        let near = Response::Number("1823,5".into());
        assert_eq!(grade(&n, &near).points, 1.0);
        assert_eq!(
            answer_feedback(&n, &near).map(Text::default_text),
            Some("close")
        );
        assert_eq!(grade(&n, &Response::Number("1830".into())).points, 0.0);
    }

    fn q_num() -> Question {
        q(Answer::Number {
            answer: 1822.0,
            tolerance: 0.0,
            accepted: vec![
                crate::course::Accepted {
                    value: crate::course::NumberKey {
                        answer: 1822.0,
                        tolerance: 0.0,
                    },
                    credit: 1.0,
                    feedback: None,
                },
                crate::course::Accepted {
                    value: crate::course::NumberKey {
                        answer: 1822.0,
                        tolerance: 2.0,
                    },
                    credit: 0.5,
                    feedback: Some(Text::plain("close", "en")),
                },
            ],
        })
    }

    #[test]
    fn case_sensitive_text_tells_case_apart() {
        let q = q(Answer::Text {
            accept: vec![Text::plain("NaCl", "en")],
            ignore_diacritics: false,
            case_sensitive: true,
            accepted: Vec::new(),
        });
        assert!(grade(&q, &Response::Text(" NaCl ".into())).correct);
        assert!(!grade(&q, &Response::Text("nacl".into())).correct);
    }
}
