//! The answer commits that `benches/store.rs` times and
//! `examples/commit-answer.rs` counts the fsyncs of: a store with one open
//! attempt, and the n-th answer to it, recorded as the player does.

use std::path::Path;

use slate::course::{FeedbackMode, Quiz, Text};
use slate::progress::LearnerEvent;
use slate::quiz::{Attempt, Grade, Response};
use slate::store::{DB_NAME, Store};

/// A store in `dir` with one learner and one attempt open; the learner id.
pub fn store_with_attempt(dir: &Path) -> Result<(Store, i64), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut store = Store::open(&dir.join(DB_NAME)).map_err(|e| e.to_string())?;
    let learner = store.learner("bench", None).map_err(|e| e.to_string())?;
    let quiz = Quiz {
        title: Text::plain("q", "en"),
        pass_score: 0.5,
        max_attempts: 0,
        shuffle: false,
        feedback: FeedbackMode::Immediate,
        questions: vec![],
        lazy: false,
        points: 0.0,
    };
    store
        .record(
            learner.id,
            &LearnerEvent::AttemptStarted {
                course: "c".into(),
                quiz: "q".into(),
                attempt: Attempt::new(&quiz, 1, 1),
            },
        )
        .map_err(|e| e.to_string())?;
    Ok((store, learner.id))
}

/// The `n`-th answer (to one of 20 questions, so answers are replaced as
/// well as added).
pub fn answer(n: u64) -> LearnerEvent {
    LearnerEvent::AnswerSubmitted {
        course: "c".into(),
        quiz: "q".into(),
        attempt: 1,
        position: (n % 20) as usize,
        question: format!("q{}", n % 20),
        response: Response::Text("mật khẩu".into()),
        grade: Grade {
            points: 1.0,
            max: 1.0,
            correct: true,
        },
    }
}
