//! One answer committed to the progress store (its own transaction, WAL,
//! synchronous=FULL: one fsync), on the disk where `target/` lives.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use slate::course::{FeedbackMode, Quiz, Text};
use slate::progress::LearnerEvent;
use slate::quiz::{Attempt, Grade, Response};
use slate::store::{DB_NAME, Store};

fn commit(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/store");
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        return;
    }
    let Ok(mut store) = Store::open(&dir.join(DB_NAME)) else {
        eprintln!("cannot open the store");
        return;
    };
    let Ok(learner) = store.learner("Lan", None) else {
        return;
    };
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
    let attempt = Attempt::new(&quiz, 1, 1);
    let _ = store.record(
        learner.id,
        &LearnerEvent::AttemptStarted {
            course: "c".into(),
            quiz: "q".into(),
            attempt,
        },
    );
    let mut n = 0u64;
    c.bench_function("commit one answer (fsync)", |b| {
        b.iter(|| {
            n += 1;
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
            black_box(store.record(learner.id, &event)).ok();
        })
    });
}

criterion_group!(benches, commit);
criterion_main!(benches);
