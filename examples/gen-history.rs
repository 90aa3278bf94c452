//! Fills a progress database with the history of many learners in many
//! courses, to measure start-up with a busy database:
//! `cargo run --release --example gen-history -- DATA_DIR [LEARNERS] [COURSES]`

use slate::progress::LearnerEvent;
use slate::quiz::{Attempt, Grade, Presented, Response};
use slate::store::{DB_NAME, Store};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1) else {
        eprintln!("usage: gen-history DATA_DIR [LEARNERS=50] [COURSES=20]");
        std::process::exit(2);
    };
    let learners: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(50);
    let courses: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(20);
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("{dir}: {e}");
        std::process::exit(1);
    }
    let mut store = match Store::open(&std::path::Path::new(dir).join(DB_NAME)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    // One big transaction per learner would be faster, but this is how the
    // player writes: one event at a time.
    let _ = store.connection().execute_batch("PRAGMA synchronous = OFF");
    let mut events = 0;
    for l in 0..learners {
        let Ok(learner) = store.learner(&format!("learner-{l:02}"), None) else {
            continue;
        };
        for c in 0..courses {
            let course = format!("course-{c:02}");
            for i in 0..30 {
                let item = format!("lesson-{i:02}");
                for e in [
                    LearnerEvent::ItemOpened {
                        course: course.clone(),
                        item: item.clone(),
                    },
                    LearnerEvent::LessonRead {
                        course: course.clone(),
                        item: item.clone(),
                    },
                    LearnerEvent::PositionSaved {
                        course: course.clone(),
                        item: item.clone(),
                        block: 3,
                        offset: 1,
                    },
                    LearnerEvent::TimeSpent {
                        course: course.clone(),
                        item,
                        seconds: 300,
                    },
                ] {
                    let _ = store.record(learner.id, &e);
                    events += 1;
                }
            }
            for q in 0..5 {
                let quiz = format!("quiz-{q}");
                for number in 1..=2 {
                    let shown: Vec<Presented> = (0..20)
                        .map(|question| Presented {
                            id: String::new(),
                            question,
                            options: vec![0, 1, 2, 3],
                        })
                        .collect();
                    let attempt = Attempt {
                        number,
                        seed: 7,
                        answers: vec![None; shown.len()],
                        shown,
                    };
                    let _ = store.record(
                        learner.id,
                        &LearnerEvent::AttemptStarted {
                            course: course.clone(),
                            quiz: quiz.clone(),
                            attempt,
                        },
                    );
                    for position in 0..20 {
                        let _ = store.record(
                            learner.id,
                            &LearnerEvent::AnswerSubmitted {
                                course: course.clone(),
                                quiz: quiz.clone(),
                                attempt: number,
                                position,
                                question: format!("q{position}"),
                                response: Response::Choice(position % 4),
                                grade: Grade {
                                    points: 1.0,
                                    max: 1.0,
                                    correct: true,
                                },
                            },
                        );
                    }
                    let _ = store.record(
                        learner.id,
                        &LearnerEvent::QuizFinished {
                            course: course.clone(),
                            quiz: quiz.clone(),
                            attempt: number,
                            points: 18.0,
                            max: 20.0,
                            passed: true,
                        },
                    );
                    events += 22;
                }
            }
        }
    }
    store.checkpoint();
    println!("{learners} learners x {courses} courses: {events} events in {dir}/{DB_NAME}");
}
