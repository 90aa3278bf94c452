//! Forgiving where a teacher studies: a package with errors confined to
//! some items opens with those items unavailable, and what a learner
//! recorded for them is kept; `slate export` finds the package a course
//! was studied from. (The exact `slate check` output of each finding is in
//! tests/fixtures/check, asserted by tests/check_fixtures.rs.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

use common::copy_dir;
use slate::course::{Course, ItemKind, Unavailable, lesson_body, load_path};
use slate::progress::{LearnerEvent, Progress};
use slate::quiz::{Attempt, Response};
use slate::store::Store;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/check")
        .join(name)
        .join("package")
}

fn slate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_slate"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("SLATE_DATA_DIR")
        .output()
        .unwrap()
}

/// `slate export` of Lan's records from `data`, with `extra` options.
fn export(data: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "export",
        "--data-dir",
        data.to_str().unwrap(),
        "--learner",
        "Lan",
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    slate(&args)
}

fn unavailable(course: &Course) -> Vec<(String, Unavailable)> {
    course
        .unavailable()
        .map(|(i, u)| (i.id.clone(), u.clone()))
        .collect()
}

#[test]
fn a_package_with_broken_items_opens_with_them_listed() {
    let (_, loaded) = load_path(&fixture("01-one-broken-item"));
    assert_eq!(loaded.errors(), 4);
    let course = loaded.course.expect("the course opens");
    let broken = unavailable(&course);
    let ids: Vec<&str> = broken.iter().map(|(id, _)| id.as_str()).collect();
    // By id where it could be read, else by path (which no id can equal).
    assert_eq!(
        ids,
        [
            "lessons/missing.md",
            "lessons/bai-1.md",
            "broken",
            "no-right"
        ]
    );
    let reasons: Vec<&str> = broken.iter().map(|(_, u)| u.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "course.toml:10: `lessons/missing.md` does not exist in the package",
            "lessons/bai-1.md:2: `Bài_1` is not a valid lesson id",
            "quizzes/broken.toml:2: TOML syntax: invalid basic string, expected `\"`",
            "quizzes/no-right.toml:4: question `a` is `single` but has 0 correct choices; it needs exactly 1",
        ]
    );
    assert_eq!(broken[1].1.title.default_text(), "Bài một");
    assert_eq!(broken[0].1.title.default_text(), "missing.md");
    assert!(broken[3].1.quiz && !broken[0].1.quiz);
    assert_eq!(course.lessons().count(), 1);
    assert_eq!(course.quizzes().count(), 1);

    // Every healthy item done: still not complete, since a quiz is missing.
    assert!(!course.completable());
    let mut p = Progress::default();
    for it in &course.items {
        match &it.kind {
            ItemKind::Lesson(_) => {
                p.read.insert(it.id.clone());
            }
            ItemKind::Quiz(_) | ItemKind::Unavailable(_) => {}
        }
    }
    assert!(!p.complete(&course));
    // "Continue" never lands on an item that cannot be opened.
    let next = p.next_unfinished(&course).unwrap();
    assert!(matches!(course.items[next].kind, ItemKind::Quiz(_)));
}

#[test]
fn a_course_whose_structure_is_unknown_stays_closed_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("p");
    copy_dir(&fixture("01-one-broken-item"), &pkg);
    std::fs::write(pkg.join("course.toml"), "format = 1\nid = \"x\"\n").unwrap();
    let (_, loaded) = load_path(&pkg);
    assert!(loaded.course.is_none());
    assert_eq!(
        loaded.closed_reason().as_deref(),
        Some("missing required field `language` in course.toml")
    );
}

/// The quiz `no-right` of the fixture with its first choice marked right.
fn healthy_no_right(pkg: &Path) {
    let file = pkg.join("quizzes/no-right.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let fixed = text.replacen("text = \"Một\"\n", "text = \"Một\"\ncorrect = true\n", 1);
    std::fs::write(&file, fixed).unwrap();
}

#[test]
fn what_was_recorded_for_an_item_that_breaks_is_kept_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("course");
    let data = dir.path().join("data");
    copy_dir(&fixture("01-one-broken-item"), &pkg);
    std::fs::create_dir_all(&data).unwrap();
    healthy_no_right(&pkg);

    // Studied while the quiz was healthy: one attempt, answered right.
    let course = load_path(&pkg).1.course.unwrap();
    let quiz = course
        .quizzes()
        .find(|(i, _)| i.id == "no-right")
        .map(|(_, q)| q.clone())
        .unwrap();
    let origin = std::fs::canonicalize(&pkg).unwrap();
    let origin = origin.to_str().unwrap();
    {
        let mut store = Store::open(&data.join("progress.db")).unwrap();
        let learner = store.learner("Lan", None).unwrap();
        store
            .course_seen(learner.id, &course, Some(origin))
            .unwrap();
        let mut attempt = Attempt::new(&quiz, 1, 7);
        store
            .record(
                learner.id,
                &LearnerEvent::AttemptStarted {
                    course: "fixture".into(),
                    quiz: "no-right".into(),
                    attempt: attempt.clone(),
                },
            )
            .unwrap();
        let g = attempt.answer(&quiz, 0, Response::Choice(0)).unwrap();
        store
            .record(
                learner.id,
                &LearnerEvent::AnswerSubmitted {
                    course: "fixture".into(),
                    quiz: "no-right".into(),
                    attempt: 1,
                    position: 0,
                    question: "a".into(),
                    response: Response::Choice(0),
                    grade: g,
                },
            )
            .unwrap();
        let (points, max) = attempt.score(&quiz);
        store
            .record(
                learner.id,
                &LearnerEvent::QuizFinished {
                    course: "fixture".into(),
                    quiz: "no-right".into(),
                    attempt: 1,
                    points,
                    max,
                    passed: true,
                },
            )
            .unwrap();
    }

    // The trainer's next copy breaks the quiz again; the learner opens it.
    copy_dir(&fixture("01-one-broken-item"), &pkg);
    let broken = load_path(&pkg).1.course.unwrap();
    assert!(broken.unavailable().any(|(i, _)| i.id == "no-right"));
    let mut store = Store::open(&data.join("progress.db")).unwrap();
    let learner = store.learner("Lan", None).unwrap();
    store
        .course_seen(learner.id, &broken, Some(origin))
        .unwrap();
    let history = store.history(learner.id, "fixture").unwrap();
    assert_eq!(history.attempts.len(), 1, "the attempt is kept");
    assert_eq!(history.attempts[0].answers.len(), 1, "with its answer");
    drop(store);

    // `slate export` finds the package where it was last opened (no
    // --courses), and exports what was studied.
    let out_file = dir.path().join("lan.json");
    let out = export(&data, &out_file, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bundle: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    assert_eq!(bundle["courses"][0]["id"], "fixture");
    assert_eq!(
        bundle["courses"][0]["attempts"][0]["quiz"], "no-right",
        "{bundle:#}"
    );
    // As xAPI too: the statements of what can be described.
    let xapi_file = dir.path().join("lan.xapi.json");
    let out = export(&data, &xapi_file, &["--format", "xapi"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let statements: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&xapi_file).unwrap()).unwrap();
    assert!(statements.as_array().is_some_and(|a| !a.is_empty()));

    // The package moved away: the export names the course, its version,
    // where it was, and the option that brings it back.
    let moved = dir.path().join("elsewhere");
    std::fs::rename(&pkg, &moved).unwrap();
    let out = export(&data, &out_file, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.trim_end(),
        format!(
            "slate: \"Lan\" studied the course \"fixture\" version \"1.0.0\", last opened from \"{origin}\" (not found there now), whose package is not in the library: give its folder or zip with --courses PATH"
        )
    );
    // And with --courses it is found again.
    let out = export(&data, &out_file, &["--courses", moved.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn old_mac_line_endings_are_read_like_any_other() {
    let pkg = fixture("03-old-mac-line-endings");
    let (source, loaded) = load_path(&pkg);
    assert_eq!(loaded.diagnostics, Vec::new());
    let course = loaded.course.unwrap();
    let (item, lesson) = course.lessons().next().unwrap();
    assert_eq!(lesson.title.default_text(), "Bài mở đầu");
    assert_eq!(lesson.minutes, Some(5));
    // The front matter is not shown to learners as text.
    let body = lesson_body(&source.unwrap(), &item.path).unwrap();
    assert!(!body.contains("+++") && !body.contains("title"), "{body:?}");
    assert!(body.contains("Nội dung của bài học."));
    assert_eq!(course.quizzes().next().unwrap().1.questions.len(), 1);
}

/// A package written from `files` (path, text) into a new folder.
fn package(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

const HEAD: &str =
    "format = 1\nid = \"c\"\nversion = \"1.0.0\"\nlanguage = \"en\"\ntitle = \"C\"\n\n";
const QUIZ_A: &str = "id = \"a\"\ntitle = \"Quiz A\"\n\n[[question]]\nid = \"q\"\ntype = \"true_false\"\nprompt = \"P\"\nanswer = true\n";

#[test]
fn an_item_listed_twice_is_listed_twice_and_the_second_cannot_be_opened() {
    let manifest = format!(
        "{HEAD}[[module]]\nid = \"m\"\ntitle = \"M\"\nitems = [\"lessons/a.md\", \"lessons/a.md\"]\n"
    );
    let dir = package(&[
        ("course.toml", &manifest),
        ("lessons/a.md", "# A\n\nText.\n"),
    ]);
    let course = load_path(dir.path()).1.course.unwrap();
    assert_eq!(course.items.len(), 2);
    assert!(matches!(course.items[0].kind, ItemKind::Lesson(_)));
    let broken = unavailable(&course);
    assert_eq!(broken.len(), 1);
    assert!(
        broken[0].1.reason.contains("is listed twice"),
        "{}",
        broken[0].1.reason
    );
    // Every lesson must be read, and one cannot be: not completable.
    assert!(!course.completable());
}

#[test]
fn two_items_with_one_id_both_cannot_be_opened() {
    // The quiz takes the id `a` that the lesson has from its file name:
    // whose progress `a` holds cannot be told.
    let manifest = format!(
        "{HEAD}[[module]]\nid = \"m\"\ntitle = \"M\"\nitems = [\"quizzes/q.toml\", \"lessons/a.md\", \"lessons/b.md\"]\n"
    );
    let dir = package(&[
        ("course.toml", &manifest),
        ("quizzes/q.toml", QUIZ_A),
        ("lessons/a.md", "# A\n\nText.\n"),
        ("lessons/b.md", "# B\n\nText.\n"),
    ]);
    let course = load_path(dir.path()).1.course.unwrap();
    let broken = unavailable(&course);
    let ids: Vec<&str> = broken.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["quizzes/q.toml", "lessons/a.md"]);
    assert_eq!(
        broken[0].1.reason,
        "quizzes/q.toml: its id `a` is also the id of `lessons/a.md`"
    );
    assert!(course.item("a").is_none(), "no item keeps the shared id");
    assert!(course.item("b").is_some());
}

#[test]
fn slate_progress_never_calls_complete_a_course_whose_quiz_cannot_be_opened() {
    let manifest = format!(
        "{HEAD}[[module]]\nid = \"m\"\ntitle = \"M\"\nitems = [\"lessons/a.md\", \"quizzes/q.toml\"]\n\n[completion]\nrequire_all_lessons = false\n"
    );
    let dir = package(&[
        ("course.toml", &manifest),
        ("lessons/a.md", "# A\n\nText.\n"),
        ("quizzes/q.toml", "id = \"q\"\ntitle = \"Q\n"),
    ]);
    let course = load_path(dir.path()).1.course.unwrap();
    assert!(!course.completable());
    let data = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(&data.path().join("progress.db")).unwrap();
        let learner = store.learner("Lan", None).unwrap();
        store.course_seen(learner.id, &course, None).unwrap();
        store
            .record(
                learner.id,
                &LearnerEvent::LessonRead {
                    course: "c".into(),
                    item: "a".into(),
                },
            )
            .unwrap();
    }
    let out = slate(&[
        "progress",
        "--format",
        "json",
        "--data-dir",
        data.path().to_str().unwrap(),
    ]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = &report[0]["courses"][0];
    assert_eq!(c["complete"], false, "{report:#}");
    assert_eq!(c["quiz_score"], 0.0, "no made-up full marks");
    // And the table shows it as broken, in its column.
    let out = slate(&["progress", "--data-dir", data.path().to_str().unwrap()]);
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.lines().any(|l| l.starts_with("    broken q ")),
        "{table}"
    );
}

#[test]
fn a_check_counts_the_problems_it_does_not_list() {
    let items: Vec<String> = (0..300)
        .map(|i| format!("\"lessons/gone-{i}.md\""))
        .collect();
    let manifest = format!(
        "{HEAD}[[module]]\nid = \"m\"\ntitle = \"M\"\nitems = [\"lessons/a.md\", {}]\n",
        items.join(", ")
    );
    let dir = package(&[
        ("course.toml", &manifest),
        ("lessons/a.md", "# A\n\nText.\n"),
    ]);
    let out = slate(&["check", dir.path().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.ends_with("checked 1 package: 300 errors, 0 warnings\n"),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn a_course_whose_course_toml_is_a_pipe_is_listed_and_said_so() {
    let lib = tempfile::tempdir().unwrap();
    let pkg = lib.path().join("piped");
    std::fs::create_dir_all(&pkg).unwrap();
    let status = Command::new("mkfifo")
        .arg(pkg.join("course.toml"))
        .status()
        .unwrap();
    assert!(status.success());
    let out = slate(&["check", lib.path().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "piped/course.toml: error[read-error]: not read: it is a named pipe (FIFO), not a file"
        ),
        "{text}"
    );
}
