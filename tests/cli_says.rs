//! Commands say plainly what happened: a command that did nothing says so
//! and fails, a mistyped id gets a "did you mean", and no command panics
//! when its output is closed early. The real binary, as a teacher or a
//! school's script runs it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::slate;
use slate::progress::LearnerEvent;
use slate::store::{DB_NAME, Store};

const COURSE: &str = "digital-competence-foundations";

/// A data folder where Lan has opened a lesson and started a quiz.
fn data_with_progress(dir: &Path) {
    let mut store = Store::open(&dir.join(DB_NAME)).unwrap();
    let lan = store.learner("Nguyễn Thị Lan", None).unwrap();
    store
        .record(
            lan.id,
            &LearnerEvent::ItemOpened {
                course: COURSE.into(),
                item: "passwords".into(),
            },
        )
        .unwrap();
    let course = slate::course::load_path(&common::sample_course())
        .1
        .course
        .unwrap();
    let Some(slate::course::ItemKind::Quiz(quiz)) = course
        .items
        .iter()
        .find(|i| i.id == "accounts-check")
        .map(|i| i.kind.clone())
    else {
        panic!("the sample course has the accounts quiz")
    };
    store
        .record(
            lan.id,
            &LearnerEvent::AttemptStarted {
                course: COURSE.into(),
                quiz: "accounts-check".into(),
                attempt: slate::quiz::Attempt::new(&quiz, 1, 7),
            },
        )
        .unwrap();
}

#[test]
fn reset_with_a_mistyped_id_fails_and_says_what_there_is() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    data_with_progress(&data);
    let d = data.to_str().unwrap();
    let base = ["reset", "--data-dir", d, "--yes", "--learner"];

    let run = |extra: &[&str]| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        slate(dir.path(), &args)
    };
    // A course id one letter off.
    let r = run(&[
        "Nguyễn Thị Lan",
        "--course",
        "digital-competence-foundation",
    ]);
    assert_eq!(r.code, Some(1), "{}{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains("Done"), "{}", r.stdout);
    assert!(
        r.stderr.contains("did you mean") && r.stderr.contains(COURSE),
        "{}",
        r.stderr
    );
    // A quiz id one letter off.
    let r = run(&[
        "Nguyễn Thị Lan",
        "--course",
        COURSE,
        "--quiz",
        "acounts-check",
    ]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("accounts-check"), "{}", r.stderr);
    // A learner name one letter off.
    let r = run(&["Nguyễn Thi Lan", "--course", COURSE]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("Nguyễn Thị Lan"), "{}", r.stderr);
    // Nothing was forgotten by any of them; the right ids work, and say
    // what they did.
    let r = run(&[
        "Nguyễn Thị Lan",
        "--course",
        COURSE,
        "--quiz",
        "accounts-check",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout.contains("Forgot") && r.stdout.contains("1 record"),
        "{}",
        r.stdout
    );
    let r = run(&["Nguyễn Thị Lan", "--course", COURSE]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("Forgot"), "{}", r.stdout);
    // Once forgotten, there is nothing left to forget: said, exit 1.
    let r = run(&["Nguyễn Thị Lan", "--course", COURSE]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
}

/// Runs slate with its standard output a pipe whose reader is gone, as in
/// `slate … | head -1` once head has its line.
fn closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_slate"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn no_command_panics_when_its_output_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    // Enough lines to fill any pipe's buffer.
    let files: Vec<String> = (0..3000)
        .map(|i| {
            dir.path()
                .join(format!("missing-{i}.json"))
                .display()
                .to_string()
        })
        .collect();
    let mut verify = vec!["verify"];
    verify.extend(files.iter().map(String::as_str));
    let sample = common::sample_course();
    let sample = sample.to_str().unwrap();
    for args in [
        verify,
        vec!["check", sample],
        vec!["check", "--format", "json", sample],
        vec!["list", "--courses", sample],
        vec!["--help"],
    ] {
        let (code, stderr) = closed_stdout(&args);
        assert!(
            !stderr.contains("panicked") && code != Some(101),
            "slate {:?}: {code:?} {stderr}",
            &args[..1]
        );
    }
}
