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
        vec!["print", sample, "-o", "-"],
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

#[test]
fn arguments_that_name_nothing_are_errors_that_name_them() {
    let dir = tempfile::tempdir().unwrap();
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = readme.to_str().unwrap();
    for (args, says) in [
        (
            vec!["play", "/nonexistent"],
            "/nonexistent: no such course folder",
        ),
        (vec!["play", readme], "not a course package"),
        (
            vec!["--courses", "/nonexistent"],
            "--courses /nonexistent: no such folder",
        ),
        (
            vec!["list", "--courses", "/nonexistent"],
            "--courses /nonexistent",
        ),
        (
            vec!["--lang", "la"],
            "--lang la: Slate's screens are in en, vi, lo, zh-CN",
        ),
        (vec!["play", "--lang", "xx", readme], "not a course package"),
    ] {
        let r = slate(dir.path(), &args);
        assert_eq!(r.code, Some(1), "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
    }
    // Languages as people write them are understood.
    for lang in ["vi", "vi-VN", "zh", "lo_LA.UTF-8", "EN"] {
        let r = slate(dir.path(), &["--lang", lang, "list"]);
        assert_eq!(r.code, Some(0), "{lang}: {}", r.stderr);
    }
}

#[test]
fn a_course_given_twice_is_listed_once() {
    let dir = tempfile::tempdir().unwrap();
    let courses = Path::new(env!("CARGO_MANIFEST_DIR")).join("courses");
    let courses = courses.to_str().unwrap();
    let sample = common::sample_course();
    let sample = sample.to_str().unwrap();
    let r = slate(
        dir.path(),
        &["list", "--courses", courses, "--courses", sample],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().filter(|l| l.contains(COURSE)).collect();
    assert_eq!(lines.len(), 1, "{}", r.stdout);
    assert!(
        !lines[0].contains("<bundled>"),
        "the folder's copy is kept: {}",
        r.stdout
    );
}

#[test]
fn each_subcommand_shows_its_own_options_each_described() {
    let dir = tempfile::tempdir().unwrap();
    let player_only = ["--lang", "--ascii"];
    for (sub, own, foreign) in [
        (
            "play",
            &["--lang", "--data-dir", "--learner"][..],
            &["--courses", "--trust"][..],
        ),
        ("check", &["--format"][..], &player_only[..]),
        (
            "list",
            &["--courses"][..],
            &["--lang", "--data-dir", "--learner"][..],
        ),
        (
            "progress",
            &["--learner", "--format", "--data-dir"][..],
            &player_only[..],
        ),
        (
            "reset",
            &["--learner", "--course", "--quiz", "--data-dir"][..],
            &player_only[..],
        ),
        (
            "learners",
            &["--delete", "--data-dir"][..],
            &player_only[..],
        ),
        (
            "export",
            &["--learner", "--courses", "--data-dir", "-o"][..],
            &player_only[..],
        ),
        (
            "sync",
            &["--lrs", "--user", "--data-dir"][..],
            &player_only[..],
        ),
        (
            "keygen",
            &["-o"][..],
            &["--lang", "--learner", "--data-dir", "--courses"][..],
        ),
        (
            "issue",
            &["--key", "--course"][..],
            &["--lang", "--learner", "--data-dir"][..],
        ),
        (
            "print",
            &["-o", "--lang", "--answers", "--hints"][..],
            &["--learner", "--data-dir", "--courses"][..],
        ),
        (
            "verify",
            &["--trust"][..],
            &["--lang", "--learner", "--data-dir", "--courses"][..],
        ),
    ] {
        let r = slate(dir.path(), &[sub, "-h"]);
        assert_eq!(r.code, Some(0), "{sub}: {}", r.stderr);
        let help = &r.stdout;
        for o in own {
            assert!(help.contains(o), "{sub} --help lacks {o}:\n{help}");
        }
        for o in foreign {
            assert!(
                !help.contains(&format!("{o} ")),
                "{sub} --help shows {o}:\n{help}"
            );
        }
        // Every option and argument says what it is for.
        for line in help.lines().filter(|l| {
            let t = l.trim_start();
            (t.starts_with('-') || t.starts_with('<')) && l.starts_with("  ")
        }) {
            let parts: Vec<&str> = line
                .trim()
                .split("  ")
                .filter(|p| !p.trim().is_empty())
                .collect();
            assert!(parts.len() >= 2, "{sub}: no description: {line:?}\n{help}");
        }
    }
    // The help of progress describes its own format.
    let r = slate(dir.path(), &["progress", "--help"]);
    assert!(!r.stdout.contains("compiler"), "{}", r.stdout);
}
