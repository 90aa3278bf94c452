//! What the player does between a key and its frame, in process: a
//! ~200 KiB lesson parsed and laid out at 80 and at 200 columns (opening
//! it), laid out again at a new width (a resize), and a generated quiz of
//! 20 questions (all seven types) graded, right and wrong answers.
//!
//! Run with `cargo bench --bench render`; `benches/suite.py` puts the
//! medians in `docs/performance.md`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use slate::course::{Answer, ItemKind, Question, Quiz, load_path};
use slate::markdown::{Labels, Symbols, layout, parse};
use slate::quiz::{Response, grade};

#[path = "support/gen_course.rs"]
mod gen_course;

/// Size of the big lesson, as in the suite's `--big-lesson-kib 200`.
const BIG_LESSON_KIB: usize = 200;

fn bench_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data")
}

fn lesson(c: &mut Criterion) {
    let text = gen_course::big_lesson(BIG_LESSON_KIB, 1);
    let labels = Labels::default();
    let sym = Symbols::UNICODE;
    let doc = parse(&text);
    let mut g = c.benchmark_group(format!("lesson {} KiB", text.len() / 1024));
    g.sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    g.bench_function("parse", |b| b.iter(|| parse(black_box(&text))));
    for width in [80, 200] {
        g.bench_function(format!("parse + layout at {width} columns"), |b| {
            b.iter(|| {
                let doc = parse(black_box(&text));
                layout(&doc, width, &labels, sym)
            })
        });
        g.bench_function(format!("layout at {width} columns (resize)"), |b| {
            b.iter(|| layout(black_box(&doc), width, &labels, sym))
        });
    }
    g.finish();

    // The most a lesson `check` accepts can ask of the layout.
    let deep = parse(&gen_course::deep_quote_lesson());
    let mut g = c.benchmark_group("lesson 4 MiB, 15 quotes deep");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for width in [36, 76] {
        g.bench_function(format!("layout at {width} columns"), |b| {
            b.iter(|| layout(black_box(&deep), width, &labels, sym))
        });
    }
    g.finish();
}

/// A one-quiz package of 20 questions, generated once.
fn quiz() -> Option<Quiz> {
    let dir = bench_dir().join("quiz-20");
    if !dir.join("course.toml").exists() {
        let opts = gen_course::GenOptions {
            lessons: 1,
            quizzes: 1,
            questions: 20,
            ..gen_course::GenOptions::default()
        };
        if let Err(e) = gen_course::generate(&dir, &opts) {
            eprintln!("cannot generate {}: {e}", dir.display());
            return None;
        }
    }
    let (_, loaded) = load_path(&dir);
    loaded
        .course?
        .items
        .into_iter()
        .find_map(|item| match item.kind {
            ItemKind::Quiz(q) => Some(q),
            ItemKind::Lesson(_) | ItemKind::Unavailable(_) => None,
        })
}

/// A right and a wrong response to `q`, as the player builds them (typed
/// answers in another case, with extra spaces and a decimal comma, so that
/// normalisation is part of the cost).
fn responses(q: &Question) -> [Response; 2] {
    let correct = slate::course::Choice::correct_indices;
    match &q.answer {
        Answer::Single { choices } => {
            let right = correct(choices).first().copied().unwrap_or(0);
            [
                Response::Choice(right),
                Response::Choice((right + 1) % choices.len().max(1)),
            ]
        }
        Answer::Multiple { choices, .. } => {
            let right = correct(choices);
            let wrong = (0..choices.len()).filter(|i| !right.contains(i)).collect();
            [Response::Choices(right), Response::Choices(wrong)]
        }
        Answer::TrueFalse { answer, .. } => [Response::Bool(*answer), Response::Bool(!answer)],
        Answer::Text { accept, .. } => {
            let typed = accept
                .first()
                .map(|t| format!("  {}  ", t.default_text().to_uppercase()))
                .unwrap_or_default();
            [Response::Text(typed), Response::Text("không biết".into())]
        }
        Answer::Number { answer, .. } => [
            Response::Number(answer.to_string().replace('.', ",")),
            Response::Number(format!("{}", answer + 1000.0)),
        ],
        Answer::Order { items } => {
            let right: Vec<usize> = (0..items.len()).collect();
            let wrong = right.iter().rev().copied().collect();
            [Response::Order(right), Response::Order(wrong)]
        }
        Answer::Match { pairs } => {
            let right: Vec<usize> = (0..pairs.len()).collect();
            let wrong = right.iter().rev().copied().collect();
            [Response::Match(right), Response::Match(wrong)]
        }
    }
}

fn grading(c: &mut Criterion) {
    let Some(quiz) = quiz() else {
        eprintln!("no generated quiz: grading skipped");
        return;
    };
    let answers: Vec<(&Question, [Response; 2])> =
        quiz.questions.iter().map(|q| (q, responses(q))).collect();
    let mut g = c.benchmark_group("quiz");
    g.sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    g.bench_function(
        format!("grade {} questions, right and wrong answers", answers.len()),
        |b| {
            b.iter(|| {
                let mut points = 0.0;
                for (q, rs) in &answers {
                    for r in rs {
                        points += grade(q, black_box(r)).points;
                    }
                }
                points
            })
        },
    );
    g.finish();
}

criterion_group!(benches, lesson, grading);
criterion_main!(benches);
