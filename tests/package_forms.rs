//! The same course read from a folder, from a zip (at the root or inside
//! one top folder) and from the copy embedded in the binary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;

use common::{sample_course, slate, write_package, zip_dir};
use slate::course::{Answer, ItemKind, Source, load, load_path};

#[test]
fn the_sample_course_loads_identically_in_every_form() {
    let (_, from_dir) = load_path(&sample_course());
    assert!(
        from_dir.diagnostics.is_empty(),
        "{:#?}",
        from_dir.diagnostics
    );
    let course = from_dir.course.unwrap();

    let tmp = tempfile::tempdir().unwrap();
    for (name, prefix) in [
        ("root.zip", ""),
        ("folder.zip", "digital-competence-foundations/"),
    ] {
        let zip = tmp.path().join(name);
        zip_dir(&sample_course(), &zip, prefix);
        let (_, loaded) = load_path(&zip);
        assert!(
            loaded.diagnostics.is_empty(),
            "{name}: {:#?}",
            loaded.diagnostics
        );
        assert_eq!(loaded.course.as_ref(), Some(&course), "{name}");
    }

    let bundled = Source::bundled();
    let embedded = bundled
        .iter()
        .find(|s| s.display().ends_with("digital-competence-foundations"))
        .unwrap();
    assert!(embedded.is_bundled());
    let loaded = load(embedded);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    assert_eq!(loaded.course.as_ref(), Some(&course));
}

#[test]
fn the_sample_course_is_complete() {
    let (_, loaded) = load_path(&sample_course());
    let c = loaded.course.unwrap();
    assert_eq!(c.id, "digital-competence-foundations");
    // The sample course speaks to every teacher Slate's screens speak to.
    assert_eq!(c.languages, ["en", "lo", "vi", "zh-CN"]);
    assert!(c.modules.len() >= 3);
    assert!(c.lessons().count() >= 8);
    assert!(c.quizzes().count() >= 3);
    for (item, lesson) in c.lessons() {
        for lang in ["vi", "lo", "zh-CN"] {
            assert!(
                lesson.translations.iter().any(|(l, _)| l == lang),
                "{} has no {lang}",
                item.id
            );
            assert_ne!(
                lesson.title.get(lang),
                lesson.title.get("en"),
                "{} {lang} title",
                item.id
            );
        }
    }
    // And so do the checklists the lessons link.
    let assets = sample_course().join("assets");
    for entry in std::fs::read_dir(&assets).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".txt") else {
            continue;
        };
        if stem.contains('.') {
            continue;
        }
        for lang in ["lo", "zh-CN"] {
            assert!(
                assets.join(format!("{stem}.{lang}.txt")).is_file(),
                "{name} has no {lang} copy"
            );
        }
    }
    let types: BTreeSet<&str> = c
        .quizzes()
        .flat_map(|(_, q)| q.questions.iter().map(|q| q.answer.type_name()))
        .collect();
    assert_eq!(types.len(), 7, "{types:?}");
    let credential = c.credential.as_ref().unwrap();
    assert!(!credential.alignment.is_empty());
}

#[test]
fn slate_check_passes_the_shipped_courses_without_warnings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = slate(root, &["check", "courses"]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert!(
        run.stdout.ends_with(": no problems found\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn text_is_nfc_normalised_on_load() {
    let tmp = tempfile::tempdir().unwrap();
    // "Mật khẩu" typed with combining marks (NFD).
    let nfd = "Ma\u{323}\u{302}t kha\u{302}\u{309}u";
    let manifest =
        common::MANIFEST.replace("title = \"Fixture course\"", &format!("title = \"{nfd}\""));
    let lesson = format!("+++\ntitle = \"{nfd}\"\n+++\n{nfd} là gì?\n");
    let quiz = format!(
        "title = \"Q\"\n[[question]]\nid = \"a\"\ntype = \"text\"\nprompt = \"?\"\naccept = [\"{nfd}\"]\n"
    );
    let manifest = manifest.replace(
        "items = [\"lessons/intro.md\"]",
        "items = [\"lessons/intro.md\", \"quizzes/q.toml\"]",
    );
    write_package(
        tmp.path(),
        &[
            ("course.toml", manifest.as_bytes()),
            ("lessons/intro.md", lesson.as_bytes()),
            ("quizzes/q.toml", quiz.as_bytes()),
        ],
    );
    let (source, loaded) = load_path(tmp.path());
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let c = loaded.course.unwrap();
    assert_eq!(c.title.default_text(), "Mật khẩu");
    assert_eq!(c.items[0].title().default_text(), "Mật khẩu");
    let ItemKind::Quiz(q) = &c.items[1].kind else {
        panic!()
    };
    let Answer::Text { accept, .. } = &q.questions[0].answer else {
        panic!()
    };
    assert_eq!(accept[0].default_text(), "Mật khẩu");
    let body = slate::course::lesson_body(&source.unwrap(), "lessons/intro.md").unwrap();
    assert_eq!(body, "Mật khẩu là gì?\n");
}

#[test]
fn translations_titles_and_defaults_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    let manifest = common::MANIFEST.replace(
        "title = \"Fixture course\"",
        "title = { en = \"Fixture course\", vi = \"Khoá học mẫu\" }",
    );
    write_package(
        tmp.path(),
        &[
            ("course.toml", manifest.as_bytes()),
            ("lessons/intro.md", b"# Welcome\n\nHello.\n"),
            ("lessons/intro.vi.md", b"+++\ntitle = \"Ch\xc3\xa0o m\xe1\xbb\xabng\"\n+++\n# Ch\xc3\xa0o m\xe1\xbb\xabng\n\nXin ch\xc3\xa0o.\n"),
        ],
    );
    let (_, loaded) = load_path(tmp.path());
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let c = loaded.course.unwrap();
    let item = &c.items[0];
    // Without front matter, the id is the file stem and the title the first heading.
    assert_eq!(item.id, "intro");
    assert_eq!(item.title().get("en"), "Welcome");
    assert_eq!(item.title().get("vi"), "Chào mừng");
    assert_eq!(item.title().get("lo"), "Welcome");
    let ItemKind::Lesson(lesson) = &item.kind else {
        panic!()
    };
    assert_eq!(lesson.path_for(item, "vi"), "lessons/intro.vi.md");
    assert_eq!(lesson.path_for(item, "zh-CN"), "lessons/intro.md");
    assert_eq!(c.content_language("vi-VN"), "vi");
    assert_eq!(c.content_language("lo"), "en");
    assert_eq!(c.completion.pass_score, 0.7);
    assert!(c.completion.require_all_lessons);
}
