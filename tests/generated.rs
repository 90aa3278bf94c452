//! The synthetic course generator (used by the benchmarks) makes packages
//! that load without a single diagnostic, with the counts asked for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../benches/support/gen_course.rs"]
mod gen_course;

use slate::course::{ItemKind, load_path};

#[test]
fn a_generated_course_is_clean_and_complete() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("course");
    let opts = gen_course::GenOptions {
        lessons: 60,
        quizzes: 12,
        questions: 14,
        seed: 7,
        big_lesson_kib: 0,
    };
    let summary = gen_course::generate(&out, &opts).unwrap();
    assert_eq!(
        (summary.lessons, summary.quizzes, summary.questions),
        (60, 12, 12 * 14)
    );

    let (_, loaded) = load_path(&out);
    assert!(
        loaded.diagnostics.is_empty(),
        "{:#?}",
        &loaded.diagnostics[..loaded.diagnostics.len().min(5)]
    );
    let course = loaded.course.unwrap();
    assert_eq!(course.lessons().count(), 60);
    assert_eq!(course.quizzes().count(), 12);
    let questions: usize = course
        .items
        .iter()
        .map(|i| match &i.kind {
            ItemKind::Quiz(q) => q.questions.len(),
            ItemKind::Lesson(_) | ItemKind::Unavailable(_) => 0,
        })
        .sum();
    assert_eq!(questions, 12 * 14);
}

#[test]
fn the_same_seed_gives_the_same_course() {
    let dir = tempfile::tempdir().unwrap();
    let opts = gen_course::GenOptions {
        lessons: 5,
        quizzes: 2,
        questions: 7,
        seed: 3,
        big_lesson_kib: 0,
    };
    gen_course::generate(&dir.path().join("a"), &opts).unwrap();
    gen_course::generate(&dir.path().join("b"), &opts).unwrap();
    for rel in ["course.toml", "quizzes/quiz-0001.toml"] {
        assert_eq!(
            std::fs::read(dir.path().join("a").join(rel)).unwrap(),
            std::fs::read(dir.path().join("b").join(rel)).unwrap(),
            "{rel}"
        );
    }
}
