//! Diagnostics for mistakes trainers really make, beyond the one-per-code
//! fixtures: each asserts the whole message and that no false alarm joins it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{MANIFEST, write_package};
use slate::course::{Code, Diagnostic, load_path};

fn check(files: &[(&str, &[u8])]) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().unwrap();
    write_package(dir.path(), files);
    let (_, loaded) = load_path(dir.path());
    loaded.diagnostics
}

fn codes(d: &[Diagnostic]) -> Vec<Code> {
    d.iter().map(|d| d.code).collect()
}

const LESSON: &[u8] = b"# Intro\n\nText.\n";

#[test]
fn a_single_bracket_module_gets_one_clear_error() {
    let manifest = MANIFEST.replace("[[module]]", "[module]");
    let d = check(&[
        ("course.toml", manifest.as_bytes()),
        ("lessons/intro.md", LESSON),
    ]);
    let errors: Vec<_> = d.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{d:#?}");
    assert_eq!(errors[0].code, Code::WrongType);
    assert_eq!(
        errors[0].message,
        "`module` must be a list of tables, found a single table"
    );
    assert_eq!(
        errors[0].hint.as_deref(),
        Some("write `[[module]]` with double brackets, once for each")
    );
}

#[test]
fn a_bad_id_in_front_matter_is_reported_where_it_is_written() {
    let lesson = b"+++\nid = \"Intro Lesson\"\n+++\n# Intro\n\nText.\n";
    let d = check(&[
        ("course.toml", MANIFEST.as_bytes()),
        ("lessons/intro.md", lesson),
    ]);
    assert_eq!(codes(&d), [Code::BadId], "{d:#?}");
    assert!(d[0].file.ends_with("lessons/intro.md"));
    assert_eq!((d[0].line, d[0].column), (2, 6));
    assert_eq!(d[0].message, "`Intro Lesson` is not a valid lesson id");
}

#[test]
fn a_quiz_that_does_not_parse_invents_no_id_clash() {
    let manifest = MANIFEST.replace(
        "[\"lessons/intro.md\"]",
        "[\"lessons/intro.md\", \"quizzes/intro.toml\"]",
    );
    let d = check(&[
        ("course.toml", manifest.as_bytes()),
        ("lessons/intro.md", LESSON),
        ("quizzes/intro.toml", b"title = \"unclosed\n"),
    ]);
    assert_eq!(codes(&d), [Code::TomlSyntax], "{d:#?}");
}

#[test]
fn words_that_are_not_languages_do_not_make_translations() {
    let d = check(&[
        ("course.toml", MANIFEST.as_bytes()),
        ("lessons/intro.md", LESSON),
        ("lessons/intro.draft.md", LESSON),
    ]);
    assert_eq!(codes(&d), [Code::UnreachableFile], "{d:#?}");
    assert!(d[0].file.ends_with("lessons/intro.draft.md"));
}

#[test]
fn an_unreadable_lesson_does_not_make_its_files_look_unreachable() {
    let big = vec![b'a'; 5 * 1024 * 1024];
    let d = check(&[
        ("course.toml", MANIFEST.as_bytes()),
        ("lessons/intro.md", &big),
        ("lessons/intro.vi.md", LESSON),
        ("assets/picture.png", b"png"),
    ]);
    assert_eq!(codes(&d), [Code::FileTooLarge], "{d:#?}");
}

#[test]
fn a_question_without_choices_reads_well() {
    let manifest = MANIFEST.replace(
        "[\"lessons/intro.md\"]",
        "[\"lessons/intro.md\", \"quizzes/q.toml\"]",
    );
    let quiz = b"title = \"Q\"\n[[question]]\nid = \"a\"\ntype = \"single\"\nprompt = \"?\"\nchoice = []\n";
    let d = check(&[
        ("course.toml", manifest.as_bytes()),
        ("lessons/intro.md", LESSON),
        ("quizzes/q.toml", quiz),
    ]);
    assert_eq!(codes(&d), [Code::ChoiceRule], "{d:#?}");
    assert_eq!(
        d[0].message,
        "question `a` has 0 choices; a `single` question needs at least 2"
    );
}

#[test]
fn folders_nested_too_deep_are_reported() {
    let deep = format!("{}/x.txt", vec!["d"; 20].join("/"));
    let d = check(&[
        ("course.toml", MANIFEST.as_bytes()),
        ("lessons/intro.md", LESSON),
        (&deep, b"x"),
    ]);
    assert_eq!(codes(&d), [Code::NestingTooDeep], "{d:#?}");
}

#[test]
fn a_lesson_whose_front_matter_does_not_parse_invents_no_id_clash() {
    let manifest = MANIFEST.replace(
        "[\"lessons/intro.md\"]",
        "[\"lessons/intro.md\", \"quizzes/intro.toml\"]",
    );
    let d = check(&[
        ("course.toml", manifest.as_bytes()),
        ("lessons/intro.md", b"+++\ntitle = \"unclosed\n+++\n# Intro\n\nText.\n"),
        ("quizzes/intro.toml", b"title = \"Q\"\n[[question]]\nid = \"a\"\ntype = \"true_false\"\nprompt = \"?\"\nanswer = true\n"),
    ]);
    assert_eq!(codes(&d), [Code::TomlSyntax], "{d:#?}");
}

#[test]
fn order_and_match_counts_read_well() {
    let manifest = MANIFEST.replace(
        "[\"lessons/intro.md\"]",
        "[\"lessons/intro.md\", \"quizzes/q.toml\"]",
    );
    let quiz =
        b"title = \"Q\"\n[[question]]\nid = \"o\"\ntype = \"order\"\nprompt = \"?\"\nitems = []\n";
    let d = check(&[
        ("course.toml", manifest.as_bytes()),
        ("lessons/intro.md", LESSON),
        ("quizzes/q.toml", quiz),
    ]);
    assert_eq!(
        d[0].message,
        "question `o` is `order` with 0 items; it needs at least 2"
    );
}

#[test]
fn a_single_bracket_choice_names_its_full_header() {
    let manifest = MANIFEST.replace(
        "[\"lessons/intro.md\"]",
        "[\"lessons/intro.md\", \"quizzes/q.toml\"]",
    );
    let quiz = b"title = \"Q\"\n[[question]]\nid = \"a\"\ntype = \"single\"\nprompt = \"?\"\n[question.choice]\ntext = \"x\"\n";
    let d = check(&[
        ("course.toml", manifest.as_bytes()),
        ("lessons/intro.md", LESSON),
        ("quizzes/q.toml", quiz),
    ]);
    assert_eq!(
        d[0].hint.as_deref(),
        Some("write `[[question.choice]]` with double brackets, once for each"),
        "{d:#?}"
    );
}

#[test]
fn zip_folders_nested_too_deep_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("{}/x.txt", vec!["d"; 20].join("/"));
    common::zip_entries(
        &dir.path().join("deep.zip"),
        &[
            ("course.toml", MANIFEST.as_bytes()),
            ("lessons/intro.md", LESSON),
            (&deep, b"x"),
        ],
        zip::CompressionMethod::Deflated,
    );
    let (_, loaded) = load_path(&dir.path().join("deep.zip"));
    assert_eq!(
        codes(&loaded.diagnostics),
        [Code::NestingTooDeep],
        "{:#?}",
        loaded.diagnostics
    );
}
