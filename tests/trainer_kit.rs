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

/// A new course with an image a lesson links (a Vietnamese file name),
/// and the junk a trainer's folder collects.
fn course_with_junk(tmp: &std::path::Path) -> std::path::PathBuf {
    let dir = tmp.join("khoa-hoc");
    let run = slate(tmp, &["new", dir.to_str().unwrap(), "--language", "vi"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(
        dir.join("assets/ảnh-mẫu.png"),
        b"\x89PNG\r\n\x1a\nnot really",
    )
    .unwrap();
    let lesson = dir.join("lessons/welcome.md");
    let mut text = std::fs::read_to_string(&lesson).unwrap();
    text.push_str("\n![Ảnh mẫu](../assets/ảnh-mẫu.png)\n");
    std::fs::write(&lesson, text).unwrap();
    for junk in [
        ".DS_Store",
        "Thumbs.db",
        "lessons/welcome.md.bak",
        "lessons/welcome.md~",
        "lessons/.welcome.md.swp",
        "notes.txt",
    ] {
        std::fs::write(dir.join(junk), "junk").unwrap();
    }
    std::fs::create_dir_all(dir.join("__MACOSX/lessons")).unwrap();
    std::fs::write(dir.join("__MACOSX/lessons/._welcome.md"), "junk").unwrap();
    dir
}

#[test]
fn packing_twice_gives_the_same_bytes_and_only_the_course() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = course_with_junk(tmp.path());
    let first = slate(tmp.path(), &["pack", "khoa-hoc", "-o", "a.zip"]);
    assert_eq!(first.code, Some(0), "{}{}", first.stdout, first.stderr);
    // Time passes, and the folder's times change: the bytes do not.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let lesson = dir.join("lessons/welcome.md");
    std::fs::write(&lesson, std::fs::read(&lesson).unwrap()).unwrap();
    let second = slate(tmp.path(), &["pack", "khoa-hoc", "-o", "b.zip"]);
    assert_eq!(second.code, Some(0), "{}", second.stderr);
    let a = std::fs::read(tmp.path().join("a.zip")).unwrap();
    assert_eq!(a, std::fs::read(tmp.path().join("b.zip")).unwrap());

    // Every piece of junk is named as left out, and none is in the zip.
    for left in [
        ".DS_Store",
        "Thumbs.db",
        "__MACOSX/",
        "lessons/welcome.md.bak",
        "lessons/welcome.md~",
        "lessons/.welcome.md.swp",
        "notes.txt (nothing in the course reaches it)",
    ] {
        assert!(
            first.stdout.contains(left),
            "{left} not listed:\n{}",
            first.stdout
        );
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&a)).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    let files: Vec<&String> = names
        .iter()
        .filter(|n| !n.contains("slate-manifest"))
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted, "entries sorted");
    assert_eq!(
        names,
        [
            "khoa-hoc/assets/ảnh-mẫu.png",
            "khoa-hoc/course.toml",
            "khoa-hoc/lessons/welcome.md",
            "khoa-hoc/quizzes/check.toml",
            "khoa-hoc/slate-manifest.json",
        ]
    );
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        assert_eq!(
            f.last_modified(),
            Some(zip::DateTime::default()),
            "{:?}",
            f.name()
        );
        assert_eq!(f.unix_mode().map(|m| m & 0o777), Some(0o644));
    }
    // The non-ASCII name carries the UTF-8 flag (general purpose bit 11)
    // in its local header.
    let name = "khoa-hoc/assets/ảnh-mẫu.png".as_bytes();
    let at = a.windows(name.len()).position(|w| w == name).unwrap();
    let header = at - 30;
    assert_eq!(&a[header..header + 4], b"PK\x03\x04");
    assert_ne!(
        u16::from_le_bytes([a[header + 6], a[header + 7]]) & 0x0800,
        0
    );

    // The manifest lists every file with its hash.
    let manifest: serde_json::Value =
        serde_json::from_reader(zip.by_name("khoa-hoc/slate-manifest.json").unwrap()).unwrap();
    assert_eq!(manifest["files"].as_object().unwrap().len(), 4);
    assert_eq!(manifest["course"], "khoa-hoc");

    // The zip opens as the player opens it: no problem at all, and its
    // digest (the one records carry) is the folder's packed digest.
    let zip_path = tmp.path().join("a.zip");
    let (source, loaded) = slate::course::load_path(&zip_path);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let source = source.unwrap();
    assert!(
        source
            .entries()
            .iter()
            .all(|e| !e.path.contains("slate-manifest"))
    );
    let (folder, folder_loaded) = slate::course::load_path(&dir);
    let folder = folder.unwrap();
    assert_eq!(
        slate::course::package_digest(&source).unwrap(),
        slate::course::packed_digest(&folder, folder_loaded.files.as_ref().unwrap()).unwrap()
    );
    let check = slate(tmp.path(), &["check", "--deny-warnings", "a.zip"]);
    assert_eq!(check.code, Some(0), "{}", check.stdout);
    assert!(
        check.stdout.contains("a.zip: packed, not signed"),
        "{}",
        check.stdout
    );
    let list = slate(tmp.path(), &["list", "--courses", "a.zip"]);
    assert!(list.stdout.contains("khoa-hoc"), "{}", list.stdout);
}

#[test]
fn a_package_with_errors_is_not_packed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    assert_eq!(slate(tmp.path(), &["new", "c"]).code, Some(0));
    let manifest = dir.join("course.toml");
    let text = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace("version = \"0.1.0\"", "version = \"one\"");
    std::fs::write(&manifest, text).unwrap();
    let run = slate(tmp.path(), &["pack", "c", "-o", "c.zip"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.contains("error[bad-version]"), "{}", run.stdout);
    assert!(run.stderr.contains("not packed"), "{}", run.stderr);
    assert!(!tmp.path().join("c.zip").exists());
    let run = slate(tmp.path(), &["pack", "c", "-o", "c.tar"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("must end in .zip"), "{}", run.stderr);
}

#[test]
fn a_signed_pack_names_its_publisher_and_each_file_changed_since() {
    let tmp = tempfile::tempdir().unwrap();
    course_with_junk(tmp.path());
    let keygen = slate(
        tmp.path(),
        &[
            "keygen",
            "-o",
            "college.key",
            "--name",
            "Trường CĐSP Hà Nội",
        ],
    );
    assert_eq!(keygen.code, Some(0), "{}", keygen.stderr);
    let did = keygen.stdout.trim().to_string();
    let pack = slate(
        tmp.path(),
        &[
            "pack",
            "khoa-hoc",
            "-o",
            "signed.zip",
            "--sign",
            "college.key",
        ],
    );
    assert_eq!(pack.code, Some(0), "{}", pack.stderr);
    assert!(
        pack.stdout.contains("signed by Trường CĐSP Hà Nội"),
        "{}",
        pack.stdout
    );

    let trusted = slate(
        tmp.path(),
        &["check", "signed.zip", "--trust-publisher", &did],
    );
    assert_eq!(trusted.code, Some(0), "{}", trusted.stdout);
    assert!(
        trusted
            .stdout
            .contains("signed.zip: signed by Trường CĐSP Hà Nội\n"),
        "{}",
        trusted.stdout
    );
    let unknown = slate(tmp.path(), &["check", "signed.zip"]);
    assert!(
        unknown.stdout.contains("signed by an unknown publisher"),
        "{}",
        unknown.stdout
    );
    assert!(
        !unknown.stdout.contains("Trường"),
        "an unknown key's name is not shown: {}",
        unknown.stdout
    );
    // Trust from the configuration, as a school sets it once.
    std::fs::write(
        tmp.path().join("config.toml"),
        format!("[publishers]\ntrust = [\"{did}\"]\n"),
    )
    .unwrap();
    let configured = slate(
        tmp.path(),
        &["check", "signed.zip", "--config", "config.toml"],
    );
    assert!(
        configured.stdout.contains("signed by Trường CĐSP Hà Nội"),
        "{}",
        configured.stdout
    );

    // One lesson edited, one file added: each named; the course still opens.
    common::rewrite_zip(
        &tmp.path().join("signed.zip"),
        &tmp.path().join("edited.zip"),
        |name, bytes| {
            if name.ends_with("lessons/welcome.md") {
                let mut b = bytes;
                b.extend_from_slice(b"\nMot dong them vao.\n");
                Some(b)
            } else {
                Some(bytes)
            }
        },
    );
    let edited = slate(
        tmp.path(),
        &["check", "edited.zip", "--trust-publisher", &did],
    );
    assert_eq!(
        edited.code,
        Some(0),
        "a warning, not an error: {}",
        edited.stdout
    );
    assert!(
        edited.stdout.contains(
            "warning[changed-after-signing]: changed after it was signed: lessons/welcome.md"
        ),
        "{}",
        edited.stdout
    );
    assert!(
        edited.stdout.contains("but 1 file is not as it was packed"),
        "{}",
        edited.stdout
    );
    let denied = slate(tmp.path(), &["check", "--deny-warnings", "edited.zip"]);
    assert_eq!(denied.code, Some(1));

    // The manifest edited to match: the signature no longer holds.
    common::rewrite_zip(
        &tmp.path().join("signed.zip"),
        &tmp.path().join("forged.zip"),
        |name, bytes| {
            if name.ends_with("slate-manifest.json") {
                Some(
                    String::from_utf8(bytes)
                        .unwrap()
                        .replace("Hà Nội", "Hà Nam")
                        .into_bytes(),
                )
            } else {
                Some(bytes)
            }
        },
    );
    let forged = slate(
        tmp.path(),
        &["check", "forged.zip", "--trust-publisher", &did],
    );
    assert!(
        forged.stdout.contains("warning[bad-signature]"),
        "{}",
        forged.stdout
    );
    assert!(
        forged
            .stdout
            .contains("forged.zip: the signature does not hold"),
        "{}",
        forged.stdout
    );
    assert!(
        !forged.stdout.contains("forged.zip: signed by"),
        "{}",
        forged.stdout
    );

    // A signature file dropped leaves a manifest that names a publisher.
    common::rewrite_zip(
        &tmp.path().join("signed.zip"),
        &tmp.path().join("unsigned.zip"),
        |name, bytes| (!name.ends_with("slate-manifest.sig")).then_some(bytes),
    );
    let unsigned = slate(tmp.path(), &["check", "unsigned.zip"]);
    assert!(
        unsigned.stdout.contains("warning[bad-signature]"),
        "{}",
        unsigned.stdout
    );

    let bad = slate(
        tmp.path(),
        &["check", "signed.zip", "--trust-publisher", "did:key:zzz"],
    );
    assert_eq!(bad.code, Some(2), "{}", bad.stderr);
}

#[test]
fn keygen_refuses_a_name_with_control_characters() {
    let tmp = tempfile::tempdir().unwrap();
    let run = slate(
        tmp.path(),
        &["keygen", "-o", "k.key", "--name", "Evil\u{1b}[2J College"],
    );
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("control characters"), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'));
    assert!(!tmp.path().join("k.key").exists());
}
