//! One attempt at a quiz: the order questions and options are shown in
//! (fixed when the attempt starts, so resuming shows the same order), the
//! answers given and their grades.

use serde::{Deserialize, Serialize};

use super::grade::{Grade, Response, grade};
use crate::course::{Arrangement, Quiz};

/// How one question is shown: its index in the quiz, and the package
/// indices of its options in the order shown (choices, order items, or the
/// right sides of match pairs; empty for other types).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Presented {
    pub question: usize,
    pub options: Vec<usize>,
    /// The question's id, to tell a stored attempt from a changed quiz.
    #[serde(default)]
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// 1 for the first attempt.
    pub number: u32,
    pub seed: u64,
    pub shown: Vec<Presented>,
    /// Per shown position: the answer submitted and its grade.
    pub answers: Vec<Option<(Response, Grade)>>,
}

impl Attempt {
    /// Starts attempt `number`. Questions and choices are shuffled when the
    /// quiz asks; `order` items and `match` right sides are always shown
    /// scrambled (in order they would give the answer away).
    pub fn new(quiz: &Quiz, number: u32, seed: u64) -> Attempt {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut order: Vec<usize> = (0..quiz.questions.len()).collect();
        if quiz.shuffle {
            rng.shuffle(&mut order);
        }
        let shown = order
            .into_iter()
            .filter_map(|qi| Some((qi, quiz.questions.get(qi)?)))
            .map(|(qi, q)| {
                let mut options: Vec<usize> = (0..q.answer.arranged()).collect();
                match q.answer.arrangement() {
                    Arrangement::Scrambled => scramble(&mut rng, &mut options),
                    Arrangement::Shuffled if quiz.shuffle => rng.shuffle(&mut options),
                    Arrangement::Shuffled | Arrangement::Fixed => {}
                }
                Presented {
                    question: qi,
                    options,
                    id: q.id.clone(),
                }
            })
            .collect::<Vec<_>>();
        let answers = vec![None; shown.len()];
        Attempt {
            number,
            seed,
            shown,
            answers,
        }
    }

    /// Records the answer at shown position `pos` and returns its grade.
    pub fn answer(&mut self, quiz: &Quiz, pos: usize, response: Response) -> Option<Grade> {
        let qi = self.shown.get(pos)?.question;
        let g = grade(quiz.questions.get(qi)?, &response);
        *self.answers.get_mut(pos)? = Some((response, g));
        Some(g)
    }

    /// Whether this attempt still fits the quiz: a stored attempt from an
    /// earlier version of the course may name questions or options that no
    /// longer exist, and is then started afresh rather than resumed.
    pub fn fits(&self, quiz: &Quiz) -> bool {
        let mut seen: Vec<usize> = self.shown.iter().map(|p| p.question).collect();
        seen.sort_unstable();
        // Every question of the quiz, each once.
        let all_questions = seen.iter().copied().eq(0..quiz.questions.len());
        all_questions
            && self.answers.len() == self.shown.len()
            && self.shown.iter().all(|p| {
                quiz.questions.get(p.question).is_some_and(|q| {
                    if !p.id.is_empty() && p.id != q.id {
                        return false;
                    }
                    let n = q.answer.arranged();
                    p.options.len() == n && p.options.iter().all(|&o| o < n)
                })
            })
    }

    pub fn answered(&self) -> usize {
        self.answers.iter().filter(|a| a.is_some()).count()
    }

    pub fn is_complete(&self) -> bool {
        self.answers.iter().all(Option::is_some)
    }

    /// (points earned, points possible).
    pub fn score(&self, quiz: &Quiz) -> (f64, f64) {
        let earned = self.answers.iter().flatten().map(|(_, g)| g.points).sum();
        (earned, quiz.total_points())
    }

    /// Score as a share of the quiz's points (0 for a quiz worth nothing).
    pub fn share(&self, quiz: &Quiz) -> f64 {
        let (earned, max) = self.score(quiz);
        if max > 0.0 { earned / max } else { 0.0 }
    }

    pub fn passed(&self, quiz: &Quiz) -> bool {
        self.share(quiz) + 1e-9 >= quiz.pass_score
    }
}

/// A shuffle that never leaves the items in their correct order (when
/// there are at least two).
fn scramble(rng: &mut fastrand::Rng, v: &mut [usize]) {
    if v.len() < 2 {
        return;
    }
    for _ in 0..8 {
        rng.shuffle(v);
        if v.iter().enumerate().any(|(i, &x)| i != x) {
            return;
        }
    }
    v.rotate_left(1);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::{Answer, Choice, FeedbackMode, Question, Text};

    fn quiz(shuffle: bool) -> Quiz {
        let t = |s: &str| Text::plain(s, "en");
        let question = |id: &str, answer| Question {
            id: id.into(),
            prompt: t(id),
            points: 1.0,
            hint: None,
            explanation: None,
            answer,
        };
        Quiz {
            title: t("Q"),
            pass_score: 0.5,
            max_attempts: 0,
            shuffle,
            feedback: FeedbackMode::Immediate,
            lazy: false,
            points: 0.0,
            questions: vec![
                question(
                    "a",
                    Answer::Single {
                        choices: (0..4)
                            .map(|i| Choice {
                                text: t(&i.to_string()),
                                correct: i == 0,
                                feedback: None,
                                credit: None,
                            })
                            .collect(),
                    },
                ),
                question(
                    "b",
                    Answer::Order {
                        items: vec![t("1"), t("2"), t("3")],
                    },
                ),
                question(
                    "c",
                    Answer::TrueFalse {
                        answer: true,
                        feedback_false: None,
                        feedback_true: None,
                    },
                ),
                question(
                    "d",
                    Answer::Match {
                        pairs: vec![(t("l1"), t("r1")), (t("l2"), t("r2"))],
                    },
                ),
            ],
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_order() {
        let q = quiz(true);
        assert_eq!(Attempt::new(&q, 1, 42), Attempt::new(&q, 1, 42));
        let orders: std::collections::HashSet<_> =
            (0..20).map(|s| Attempt::new(&q, 1, s).shown).collect();
        assert!(orders.len() > 1, "different seeds shuffle differently");
    }

    #[test]
    fn without_shuffle_questions_and_choices_keep_their_order() {
        let a = Attempt::new(&quiz(false), 1, 7);
        assert_eq!(
            a.shown.iter().map(|p| p.question).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
        assert_eq!(a.shown[0].options, [0, 1, 2, 3]);
    }

    #[test]
    fn order_and_match_options_are_never_shown_solved() {
        let q = quiz(false);
        for seed in 0..200 {
            let a = Attempt::new(&q, 1, seed);
            assert_ne!(a.shown[1].options, [0, 1, 2], "seed {seed}");
            assert_ne!(a.shown[3].options, [0, 1], "seed {seed}");
        }
    }

    #[test]
    fn scoring_and_passing() {
        let q = quiz(false);
        let mut a = Attempt::new(&q, 1, 1);
        assert!(!a.is_complete());
        a.answer(&q, 0, Response::Choice(0));
        a.answer(&q, 1, Response::Order(vec![0, 1, 2]));
        assert_eq!(a.score(&q), (2.0, 4.0));
        assert!(a.passed(&q));
        a.answer(&q, 2, Response::Bool(false));
        a.answer(&q, 3, Response::Match(vec![1, 0]));
        assert!(a.is_complete());
        assert_eq!(a.answered(), 4);
        assert_eq!(a.share(&q), 0.5);
        assert!(a.answer(&q, 9, Response::Bool(true)).is_none());
    }

    #[test]
    fn an_attempt_from_another_version_of_the_quiz_does_not_fit() {
        let q = quiz(true);
        let a = Attempt::new(&q, 1, 3);
        assert!(a.fits(&q));
        let mut fewer = q.clone();
        fewer.questions.truncate(2);
        assert!(!a.fits(&fewer));
        let mut changed = q.clone();
        if let Answer::Order { items } = &mut changed.questions[1].answer {
            items.pop();
        }
        assert!(!a.fits(&changed));
        let mut more = q.clone();
        more.questions.push(more.questions[2].clone());
        assert!(!a.fits(&more), "a question added since");
        let mut renamed = q.clone();
        renamed.questions[0].id = "other".into();
        assert!(!a.fits(&renamed), "a question replaced since");
    }
}
