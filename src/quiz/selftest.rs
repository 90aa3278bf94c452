//! `slate check --answers`: each question graded by its own answer key
//! (which must get full marks) and by a wrong answer (which must get
//! less), as rustlings runs its solutions. A key that does not grade as
//! its trainer meant is found before a learner finds it.

use super::grade::{Response, grade, normalize_typed};
use crate::course::{Answer, Question};

/// A tolerance this many times the answer (or 1) accepts nearly anything.
const WIDE_TOLERANCE: f64 = 10.0;

/// What is wrong with a question's key, in words for the trainer; `None`
/// when the key gets full marks and a wrong answer gets less.
pub fn key_problem(q: &Question) -> Option<String> {
    for (what, key) in keys(q) {
        let g = grade(q, &key);
        if !g.correct {
            return Some(format!(
                "its answer key ({what}) gets {} of {} points, not full marks",
                round(g.points),
                round(g.max)
            ));
        }
    }
    let (what, wrong) = match wrong_answer(q) {
        Ok(w) => w,
        Err(why) => return Some(why),
    };
    let g = grade(q, &wrong);
    if g.correct || g.points >= g.max {
        return Some(format!(
            "a wrong answer ({what}) gets full marks, so any answer does"
        ));
    }
    None
}

/// Every answer the key names as right: each accepted text in each of its
/// languages (each must be accepted as typed), else the one right answer.
fn keys(q: &Question) -> Vec<(String, Response)> {
    match &q.answer {
        Answer::Single { choices } => choices
            .iter()
            .position(|c| c.correct)
            .map(|i| vec![(format!("choice {}", i + 1), Response::Choice(i))])
            .unwrap_or_default(),
        Answer::Multiple { choices, .. } => {
            let right: Vec<usize> = crate::course::Choice::correct_indices(choices);
            vec![("every correct choice".into(), Response::Choices(right))]
        }
        Answer::TrueFalse { answer, .. } => vec![(answer.to_string(), Response::Bool(*answer))],
        Answer::Text { accept, .. } => accept
            .iter()
            .flat_map(|t| t.0.iter())
            .map(|(lang, text)| {
                (
                    format!("`{}` in {lang}", crate::text::one_line(text)),
                    Response::Text(text.clone()),
                )
            })
            .collect(),
        Answer::Number { answer, .. } => {
            vec![(answer.to_string(), Response::Number(answer.to_string()))]
        }
        Answer::Order { items } => vec![(
            "the items as listed".into(),
            Response::Order((0..items.len()).collect()),
        )],
        Answer::Match { pairs } => vec![(
            "the pairs as listed".into(),
            Response::Match((0..pairs.len()).collect()),
        )],
    }
}

/// A wrong answer a learner could give: the first wrong choice, the other
/// truth value, a text no accepted answer is, a number outside the
/// tolerance, the first two items or right sides swapped. Where there is
/// none (every choice right), or the tolerance takes in nearly every
/// number, that is the problem.
fn wrong_answer(q: &Question) -> Result<(String, Response), String> {
    match &q.answer {
        Answer::Single { choices } => {
            // A wrong choice that reads as the right one: the learner
            // cannot tell which of the two the key means.
            let same = |a: &crate::course::Choice, b: &crate::course::Choice| {
                a.text.variants().zip(b.text.variants()).any(|(x, y)| {
                    super::grade::normalize_answer(x, false)
                        == super::grade::normalize_answer(y, false)
                })
            };
            for (i, c) in choices.iter().enumerate().filter(|(_, c)| c.correct) {
                if let Some(j) = choices
                    .iter()
                    .enumerate()
                    .position(|(j, d)| j != i && !d.correct && same(c, d))
                {
                    return Err(format!(
                        "choice {} reads the same as the right choice {}, so nobody can tell which is meant",
                        j + 1,
                        i + 1
                    ));
                }
            }
            choices
                .iter()
                .position(|c| !c.correct)
                .map(|i| (format!("choice {}", i + 1), Response::Choice(i)))
                .ok_or_else(|| "every choice is right, so any answer gets full marks".to_string())
        }
        Answer::Multiple { choices, .. } if crate::course::Choice::credited(choices) => {
            // With credits a choice worth 0 adds nothing: the key without
            // its first right choice is what must earn less.
            let mut picked = crate::course::Choice::correct_indices(choices);
            if picked.is_empty() {
                return Err("no choice earns credit".into());
            }
            let dropped = picked.remove(0);
            Ok((
                format!("every correct choice but choice {}", dropped + 1),
                Response::Choices(picked),
            ))
        }
        Answer::Multiple { choices, .. } => {
            let Some(wrong) = choices.iter().position(|c| !c.correct) else {
                return Err(
                    "every choice is right, so picking them all always gets full marks".into(),
                );
            };
            // The key with one wrong choice picked too.
            let mut picked = crate::course::Choice::correct_indices(choices);
            picked.push(wrong);
            picked.sort_unstable();
            Ok((
                format!("every correct choice and choice {}", wrong + 1),
                Response::Choices(picked),
            ))
        }
        Answer::TrueFalse { answer, .. } => Ok(((!answer).to_string(), Response::Bool(!answer))),
        Answer::Text {
            accept,
            ignore_diacritics,
            case_sensitive,
            accepted,
        } => {
            let norm = |s: &str| normalize_typed(s, *ignore_diacritics, *case_sensitive);
            let taken: Vec<String> = accept
                .iter()
                .chain(accepted.iter().map(|a| &a.value))
                .flat_map(|t| t.variants())
                .map(norm)
                .collect();
            let probe = (0..)
                .map(|n| format!("not the answer {n}"))
                .find(|p| !taken.contains(&norm(p)))
                .unwrap_or_default();
            Ok((format!("`{probe}`"), Response::Text(probe)))
        }
        Answer::Number {
            answer,
            tolerance,
            accepted,
        } => {
            let scale = answer.abs().max(1.0);
            if *tolerance >= WIDE_TOLERANCE * scale {
                return Err(format!(
                    "its tolerance {} accepts every number from {} to {}, nearly anything",
                    round(*tolerance),
                    round(answer - tolerance),
                    round(answer + tolerance)
                ));
            }
            // Above every accepted range, so that no other answer takes it.
            let top = accepted
                .iter()
                .map(|a| a.value.answer + a.value.tolerance)
                .fold(answer + tolerance, f64::max);
            let outside = top + scale;
            // A range that reaches past the largest number there is
            // (`answer = 1e308, tolerance = 1e308`) has no number above it.
            if !outside.is_finite() {
                return Err(format!(
                    "its tolerance {} reaches past the largest number, so every number from {} up is accepted",
                    round(*tolerance),
                    round(answer - tolerance)
                ));
            }
            Ok((
                round(outside).to_string(),
                Response::Number(outside.to_string()),
            ))
        }
        Answer::Order { items } => {
            let mut order: Vec<usize> = (0..items.len()).collect();
            if order.len() < 2 {
                return Err("it has one item, so any order is right".into());
            }
            order.swap(0, 1);
            Ok(("the first two items swapped".into(), Response::Order(order)))
        }
        Answer::Match { pairs } => {
            let mut chosen: Vec<usize> = (0..pairs.len()).collect();
            if chosen.len() < 2 {
                return Err("it has one pair, so any matching is right".into());
            }
            chosen.swap(0, 1);
            Ok((
                "the first two right sides swapped".into(),
                Response::Match(chosen),
            ))
        }
    }
}

fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::{Choice, Text};

    fn q(answer: Answer) -> Question {
        Question {
            id: "q".into(),
            prompt: Text::plain("?", "vi"),
            points: 1.0,
            hint: None,
            explanation: None,
            answer,
        }
    }

    fn choice(correct: bool) -> Choice {
        Choice {
            text: Text::plain(if correct { "right" } else { "wrong" }, "vi"),
            correct,
            feedback: None,
            credit: None,
        }
    }

    #[test]
    fn a_sound_key_passes() {
        for answer in [
            Answer::Single {
                choices: vec![choice(false), choice(true)],
            },
            Answer::Multiple {
                choices: vec![choice(true), choice(false), choice(true)],
                partial: true,
            },
            Answer::TrueFalse {
                answer: true,
                feedback_false: None,
                feedback_true: None,
            },
            Answer::Text {
                accept: vec![Text::plain("Mật khẩu", "vi")],
                ignore_diacritics: true,
                accepted: Vec::new(),
                case_sensitive: false,
            },
            Answer::Number {
                answer: 51.7,
                tolerance: 0.5,
                accepted: Vec::new(),
            },
            Answer::Order {
                items: vec![Text::plain("a", "vi"), Text::plain("b", "vi")],
            },
            Answer::Match {
                pairs: vec![
                    (Text::plain("a", "vi"), Text::plain("1", "vi")),
                    (Text::plain("b", "vi"), Text::plain("2", "vi")),
                ],
            },
        ] {
            assert_eq!(key_problem(&q(answer.clone())), None, "{answer:?}");
        }
    }

    #[test]
    fn keys_that_accept_anything_are_named() {
        let all_right = q(Answer::Multiple {
            choices: vec![choice(true), choice(true)],
            partial: false,
        });
        assert!(
            key_problem(&all_right)
                .unwrap()
                .contains("every choice is right")
        );
        let wide = q(Answer::Number {
            answer: 52.0,
            tolerance: 1000.0,
            accepted: Vec::new(),
        });
        assert!(key_problem(&wide).unwrap().contains("nearly anything"));
        // Ten times the answer is not reached, but no number lies above.
        let huge = q(Answer::Number {
            answer: 1e308,
            tolerance: 1e308,
            accepted: Vec::new(),
        });
        assert!(
            key_problem(&huge)
                .unwrap()
                .contains("past the largest number")
        );
        // Two choices that read the same, one right: which is meant?
        let mut twin = choice(false);
        twin.text = choice(true).text.clone();
        let twins = q(Answer::Single {
            choices: vec![choice(true), twin, choice(false)],
        });
        assert!(
            key_problem(&twins)
                .unwrap()
                .contains("reads the same as the right choice 1")
        );
        // An accepted answer that normalizes to nothing is never accepted.
        let blank = q(Answer::Text {
            accept: vec![Text::plain("   ", "vi")],
            ignore_diacritics: false,
            accepted: Vec::new(),
            case_sensitive: false,
        });
        assert!(key_problem(&blank).unwrap().contains("not full marks"));
    }

    #[test]
    fn format_2_keys_pass_by_their_key_and_fail_a_wrong_answer() {
        let credited = |c: f64| Choice {
            text: Text::plain(format!("{c}"), "vi"),
            correct: c > 0.0,
            feedback: None,
            credit: Some(c),
        };
        let third = 0.33333;
        let multiple = q(Answer::Multiple {
            choices: vec![
                credited(third),
                credited(third),
                credited(third),
                credited(0.0),
            ],
            partial: false,
        });
        assert_eq!(key_problem(&multiple), None);
        let mut half = credited(0.5);
        half.correct = false;
        let mut full = credited(1.0);
        full.correct = true;
        assert_eq!(
            key_problem(&q(Answer::Single {
                choices: vec![half, full]
            })),
            None
        );
        let number = q(Answer::Number {
            answer: 4.0,
            tolerance: 0.0,
            accepted: vec![crate::course::Accepted {
                value: crate::course::NumberKey {
                    answer: 9.0,
                    tolerance: 1.0,
                },
                credit: 1.0,
                feedback: None,
            }],
        });
        // The wrong answer is looked for above every accepted range.
        assert_eq!(key_problem(&number), None);
        let text = q(Answer::Text {
            accept: vec![Text::plain("Cat", "vi")],
            ignore_diacritics: false,
            case_sensitive: true,
            accepted: vec![crate::course::Accepted {
                value: Text::plain("not the answer 0", "vi"),
                credit: 0.5,
                feedback: None,
            }],
        });
        assert_eq!(key_problem(&text), None);
    }
}
