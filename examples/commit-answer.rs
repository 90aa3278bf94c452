//! Commits answers to a progress store the way the player does (one event,
//! one transaction), between two markers that `strace` can see, so that
//! `benches/suite.py` counts the fsyncs of ONE answer commit:
//!
//! ```text
//! strace -f -e trace=openat,fsync,fdatasync target/release/examples/commit-answer DIR N
//! ```
//!
//! The markers are failed opens of `/nonexistent/slate-commit-answer-begin`
//! and `...-end`; the N answers are committed between them. Same store
//! calls as `benches/store.rs`.

use std::path::PathBuf;
use std::process::ExitCode;

use slate::course::{FeedbackMode, Quiz, Text};
use slate::progress::LearnerEvent;
use slate::quiz::{Attempt, Grade, Response};
use slate::store::{DB_NAME, Store};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(dir), count) = (args.next().map(PathBuf::from), args.next()) else {
        eprintln!("usage: commit-answer DIR [N]");
        return ExitCode::from(2);
    };
    let count: u64 = match count.map(|c| c.parse()) {
        None => 10,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("commit-answer: N: {e}");
            return ExitCode::from(2);
        }
    };
    match run(&dir, count) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("commit-answer: {e}");
            ExitCode::FAILURE
        }
    }
}

fn marker(name: &str) {
    // Fails (ENOENT) by design: only its trace line matters.
    let _ = std::fs::File::open(format!("/nonexistent/slate-commit-answer-{name}"));
}

fn run(dir: &std::path::Path, count: u64) -> Result<(), String> {
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
    marker("begin");
    for n in 0..count {
        let event = LearnerEvent::AnswerSubmitted {
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
        };
        store
            .record(learner.id, &event)
            .map_err(|e| e.to_string())?;
    }
    marker("end");
    Ok(())
}
