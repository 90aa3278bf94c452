//! Grading every question type, and the state of one attempt at a quiz
//! (its shuffled order and the answers given). Pure: no UI, no I/O.

mod attempt;
mod grade;
mod selftest;

pub use attempt::{Attempt, Presented};
pub use grade::{Grade, Response, answer_feedback, grade, normalize_answer, parse_number};
pub use selftest::key_problem;
