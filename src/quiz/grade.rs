//! What an answer is worth, for each of the seven question types.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::course::{Answer, Question};

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
            Response::Choice(i) => hit(choices.get(*i).is_some_and(|c| c.correct)),
            _ => 0.0,
        },
        Answer::Multiple { choices, partial } => match r {
            Response::Choices(picked) => multiple_share(choices, *partial, picked),
            _ => 0.0,
        },
        Answer::TrueFalse { answer } => match r {
            Response::Bool(b) => hit(answer == b),
            _ => 0.0,
        },
        Answer::Text {
            accept,
            ignore_diacritics,
        } => match r {
            Response::Text(typed) => {
                let typed = normalize_answer(typed, *ignore_diacritics);
                hit(!typed.is_empty()
                    && accept
                        .iter()
                        .flat_map(|t| t.variants())
                        .any(|a| normalize_answer(a, *ignore_diacritics) == typed))
            }
            _ => 0.0,
        },
        Answer::Number { answer, tolerance } => match r {
            Response::Number(typed) => {
                hit(parse_number(typed).is_some_and(|n| (n - answer).abs() <= tolerance + 1e-9))
            }
            _ => 0.0,
        },
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

/// Every one of `n` indices, each where it belongs.
fn in_place(given: &[usize], n: usize) -> bool {
    given.len() == n && given.iter().enumerate().all(|(i, &x)| i == x)
}

fn multiple_share(choices: &[crate::course::Choice], partial: bool, picked: &[usize]) -> f64 {
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
    let folded: String = s.nfc().flat_map(char::to_lowercase).collect();
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
        let q = q(Answer::TrueFalse { answer: false });
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
        });
        assert!(grade(&q2, &Response::Text("danh gia qua trinh".into())).correct);
        assert!(grade(&q2, &Response::Text("Đánh Giá Quá Trình".into())).correct);
    }

    #[test]
    fn numbers_with_tolerance_and_decimal_commas() {
        let q = q(Answer::Number {
            answer: 51.7,
            tolerance: 0.5,
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
        let q = q(Answer::TrueFalse { answer: true });
        assert_eq!(grade(&q, &Response::Choice(0)).points, 0.0);
    }
}
