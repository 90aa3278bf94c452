//! The trainer's kit as a trainer uses it, through the real binary:
//! `slate new` writes a course that checks clean, `slate pack` makes the
//! same zip twice, and a signed pack says who signed it and which file
//! changed since.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::slate;

/// `new` in each language set, then `check --deny-warnings --answers`:
/// no problem at all, and the lesson is there in every language.
#[test]
fn a_new_course_checks_clean_in_every_language() {
    let sets: &[&[&str]] = &[
        &["--language", "vi", "--translations", "en,lo"],
        &["--language", "en"],
        &[
            "--language",
            "zh-CN",
            "--translations",
            "vi",
            "--translations",
            "en",
        ],
        &["--language", "lo", "--translations", "zh-CN"],
        // A language Slate has no words for gets the English ones.
        &["--language", "km", "--translations", "en"],
    ];
    for args in sets {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("Khóa học AI");
        let mut new_args = vec!["new", dir.to_str().unwrap()];
        new_args.extend_from_slice(args);
        let run = slate(tmp.path(), &new_args);
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
        assert!(run.stdout.contains("course.toml"), "{}", run.stdout);
        let check = slate(
            tmp.path(),
            &[
                "check",
                "--deny-warnings",
                "--answers",
                dir.to_str().unwrap(),
            ],
        );
        assert_eq!(
            check.code,
            Some(0),
            "{args:?}:\n{}{}",
            check.stdout,
            check.stderr
        );
        assert!(
            check.stdout.contains("no problems found"),
            "{}",
            check.stdout
        );
        let manifest = std::fs::read_to_string(dir.join("course.toml")).unwrap();
        assert!(manifest.contains("id = \"khoa-hoc-ai\""), "{manifest}");
        // Every key has a comment above it.
        let lines: Vec<&str> = manifest.lines().collect();
        for (n, line) in lines.iter().enumerate() {
            let is_key = !line.starts_with('#') && line.contains(" = ");
            if is_key && !line.starts_with("title") && !line.starts_with("format") {
                assert!(
                    lines[..n]
                        .iter()
                        .rev()
                        .take_while(|l| !l.is_empty())
                        .any(|l| l.starts_with('#')),
                    "no comment above `{line}`"
                );
            }
        }
        let (_, loaded) = slate::course::load_path(&dir);
        let course = loaded.course.unwrap();
        let types: std::collections::BTreeSet<_> = course
            .quizzes()
            .flat_map(|(_, q)| q.questions.iter().map(|q| q.answer.type_name()))
            .collect();
        assert_eq!(
            types.len(),
            slate::course::QUESTION_TYPES.len(),
            "one question of each type"
        );
        let translations = args
            .iter()
            .skip_while(|a| **a != "--translations")
            .skip(1)
            .step_by(2);
        for tag in translations.flat_map(|t| t.split(',')) {
            assert!(
                dir.join(format!("lessons/welcome.{tag}.md")).is_file(),
                "{tag}"
            );
            assert!(
                course.languages.iter().any(|l| l == tag),
                "{tag}: {:?}",
                course.languages
            );
        }
    }
}

/// A folder with anything in it (even a dot file) is never written into,
/// and what was there is left as it was.
#[test]
fn new_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mine");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join(".notes"), "my notes").unwrap();
    let run = slate(tmp.path(), &["new", "mine"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    assert_eq!(
        std::fs::read_to_string(dir.join(".notes")).unwrap(),
        "my notes"
    );

    std::fs::write(tmp.path().join("file"), "x").unwrap();
    let run = slate(tmp.path(), &["new", "file"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("not a folder"), "{}", run.stderr);

    let run = slate(tmp.path(), &["new", "bad", "--language", "tiếng việt"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("is not a language tag"),
        "{}",
        run.stderr
    );
    assert!(!tmp.path().join("bad").exists());

    // An empty folder is fine.
    std::fs::create_dir(tmp.path().join("empty")).unwrap();
    let run = slate(tmp.path(), &["new", "empty", "--language", "vi"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}
