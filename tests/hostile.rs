//! Hostile packages, built at run time (too large or binary to keep in
//! git): each must produce its diagnostic, never a panic or a hang.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{MANIFEST, slate, write_package, zip_entries};
use zip::CompressionMethod;

const LESSON: &[u8] = b"+++\nid = \"intro\"\ntitle = \"Intro\"\n+++\n# Intro\n\nText.\n";

/// Runs `slate check` on `target` inside `dir` and returns its output,
/// asserting it exited with 1 (errors) rather than crashing.
fn check_fails(dir: &std::path::Path, target: &str, code: &str) -> String {
    let run = slate(dir, &["check", target]);
    assert_eq!(
        run.code,
        Some(1),
        "stdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
    assert!(run.stderr.is_empty(), "stderr: {}", run.stderr);
    assert!(
        run.stdout.contains(&format!("[{code}]")),
        "expected a `{code}` diagnostic, got:\n{}",
        run.stdout
    );
    run.stdout
}

#[test]
fn a_50_mib_lesson_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let big = vec![b'a'; 50 * 1024 * 1024];
    write_package(
        dir.path().join("p").as_path(),
        &[
            ("course.toml", MANIFEST.as_bytes()),
            ("lessons/intro.md", &big),
        ],
    );
    let out = check_fails(dir.path(), "p", "file-too-large");
    assert!(out.contains("p/lessons/intro.md: error[file-too-large]: the file is 52428800 bytes; at most 4 MiB is read"), "{out}");
}

#[test]
fn a_huge_manifest_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut manifest = MANIFEST.to_string();
    manifest.push_str(&"# padding\n".repeat(200_000));
    write_package(
        dir.path().join("p").as_path(),
        &[
            ("course.toml", manifest.as_bytes()),
            ("lessons/intro.md", LESSON),
        ],
    );
    check_fails(dir.path(), "p", "file-too-large");
}

#[test]
fn ten_thousand_deep_lists_and_quotes_are_refused() {
    for body in [
        "- ".repeat(10_000) + "x",
        ">".repeat(10_000) + " y",
        "*".repeat(10_000) + "x" + &"*".repeat(10_000),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let lesson = format!("# Deep\n\n{body}\n");
        write_package(
            dir.path().join("p").as_path(),
            &[
                ("course.toml", MANIFEST.as_bytes()),
                ("lessons/intro.md", lesson.as_bytes()),
            ],
        );
        let out = check_fails(dir.path(), "p", "nesting-too-deep");
        assert!(out.contains("p/lessons/intro.md:3:"), "{out}");
    }
}

#[test]
fn deeply_nested_toml_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = format!("{MANIFEST}\nsummary = {}\n", "[".repeat(10_000));
    write_package(
        dir.path().join("p").as_path(),
        &[
            ("course.toml", manifest.as_bytes()),
            ("lessons/intro.md", LESSON),
        ],
    );
    check_fails(dir.path(), "p", "nesting-too-deep");
}

#[test]
fn a_zip_bomb_is_refused_without_inflating_it() {
    let dir = tempfile::tempdir().unwrap();
    let zeros = vec![0u8; 8 * 1024 * 1024];
    zip_entries(
        &dir.path().join("bomb.zip"),
        &[
            ("course.toml", MANIFEST.as_bytes()),
            ("lessons/intro.md", LESSON),
            ("assets/zeros.bin", &zeros),
        ],
        CompressionMethod::Deflated,
    );
    let out = check_fails(dir.path(), "bomb.zip", "zip-bomb");
    assert!(
        out.contains("bomb.zip/assets/zeros.bin: error[zip-bomb]: entry expands"),
        "{out}"
    );
}

#[test]
fn a_zip_too_large_in_total_is_refused() {
    // 600 copies of an entry just under the ratio check's floor: 600 MiB.
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.zip");
    let chunk = vec![0u8; 1024 * 1024 - 1];
    zip_entries(&one, &[("chunk.bin", &chunk)], CompressionMethod::Deflated);
    let mut src = zip::ZipArchive::new(std::fs::File::open(&one).unwrap()).unwrap();
    let out = std::fs::File::create(dir.path().join("huge.zip")).unwrap();
    let mut zip = zip::ZipWriter::new(out);
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("course.toml", opts).unwrap();
    std::io::Write::write_all(&mut zip, MANIFEST.as_bytes()).unwrap();
    for i in 0..600 {
        let f = src.by_index_raw(0).unwrap();
        zip.raw_copy_file_rename(f, format!("assets/chunk-{i}.bin"))
            .unwrap();
    }
    zip.finish().unwrap();
    let out = check_fails(dir.path(), "huge.zip", "zip-too-large");
    assert!(
        out.contains("the archive expands to 599 MiB; at most 512 MiB are accepted"),
        "{out}"
    );
}

#[test]
fn a_zip_with_too_many_entries_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..20_001).map(|i| format!("f/{i}.txt")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    zip_entries(
        &dir.path().join("many.zip"),
        &entries,
        CompressionMethod::Stored,
    );
    check_fails(dir.path(), "many.zip", "too-many-files");
}

#[test]
fn zip_entries_leading_outside_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    zip_entries(
        &dir.path().join("evil.zip"),
        &[
            ("course.toml", MANIFEST.as_bytes()),
            ("lessons/intro.md", LESSON),
            ("../../evil.sh", b"rm -rf ~\n"),
        ],
        CompressionMethod::Deflated,
    );
    check_fails(dir.path(), "evil.zip", "path-outside");
    assert!(!dir.path().parent().unwrap().join("evil.sh").exists());
}

#[test]
fn a_corrupt_zip_entry_is_a_read_error() {
    let dir = tempfile::tempdir().unwrap();
    let lesson = format!(
        "# Intro\n\n{}\n",
        "Mật khẩu mạnh bảo vệ tài khoản. ".repeat(2000)
    );
    let path = dir.path().join("corrupt.zip");
    zip_entries(
        &path,
        &[
            ("course.toml", MANIFEST.as_bytes()),
            ("lessons/intro.md", lesson.as_bytes()),
        ],
        CompressionMethod::Deflated,
    );
    // Damage the middle of the lesson's compressed data (it follows the
    // manifest's entry), leaving the headers intact.
    let mut bytes = std::fs::read(&path).unwrap();
    let name_at = bytes
        .windows(16)
        .position(|w| w == b"lessons/intro.md")
        .unwrap();
    for b in &mut bytes[name_at + 200..name_at + 260] {
        *b ^= 0x5a;
    }
    std::fs::write(&path, bytes).unwrap();
    check_fails(dir.path(), "corrupt.zip", "read-error");
}

#[test]
fn control_characters_in_every_place_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = MANIFEST.replace(
        "title = \"Fixture course\"",
        "title = \"Fixture\\u009b2J course\"",
    );
    let lesson = "# Intro\n\nA bell \u{7} and an escape \u{1b}]8;;http://evil\u{7}.\n";
    write_package(
        dir.path().join("p").as_path(),
        &[
            ("course.toml", manifest.as_bytes()),
            ("lessons/intro.md", lesson.as_bytes()),
        ],
    );
    // Warnings, not errors: the player and every command neutralise them.
    let run = slate(dir.path(), &["check", "p"]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    let out = run.stdout;
    assert!(out.contains("U+009B"), "{out}");
    // Every place is listed, each named by what it is.
    assert_eq!(
        out.matches("warning[control-character]").count(),
        4,
        "{out}"
    );
    assert_eq!(
        out.matches("U+0007, an invisible control character")
            .count(),
        2,
        "{out}"
    );
    assert!(
        out.contains("intro.md:3:8: warning[control-character]"),
        "{out}"
    );
    // Nothing from the content reaches the terminal raw.
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{7}') && !out.contains('\u{9b}'),
        "{out:?}"
    );
}

#[test]
fn a_missing_path_and_a_file_instead_of_a_folder_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
    let out = check_fails(dir.path(), "nowhere", "package-not-found");
    assert!(
        out.contains(
            "nowhere: error[package-not-found]: cannot open package: no such file or folder"
        ),
        "{out}"
    );
    check_fails(dir.path(), "notes.txt", "package-not-found");
}

/// Whether text would reach a terminal as anything but text: an escape,
/// another C0 or C1 control (but line breaks and tabs), or a bidirectional
/// control.
fn unsafe_for_a_terminal(s: &str) -> Option<char> {
    s.chars().find(|&c| {
        (c.is_control() && !matches!(c, '\n' | '\t'))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

fn assert_terminal_safe(what: &str, run: &common::Run) {
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        if let Some(c) = unsafe_for_a_terminal(text) {
            panic!("{what}: U+{:04X} on {stream}:\n{text}", c as u32);
        }
    }
}

#[test]
fn no_control_character_reaches_the_terminal_from_any_command() {
    let dir = tempfile::tempdir().unwrap();
    let osc = "\u{1b}]0;pwned\u{7}";
    let osc52 = "\u{1b}]52;c;cm0gLXJmIH4K\u{7}";
    // A package whose file names, item paths, link targets (as character
    // references) and titles carry escapes.
    let manifest = MANIFEST.replace(
        r#"items = ["lessons/intro.md"]"#,
        &format!(
            r#"items = ["lessons/intro.md", "lessons/{}.md"]"#,
            "\\u001b[2J"
        ),
    );
    let lesson = format!(
        "# Intro &#27;]0;title&#7; &#155;2J\n\nSee [this](&#27;]52;c;eA==&#7;.md) and [that](x{osc}.md).\n"
    );
    let p = dir.path().join("p");
    write_package(
        &p,
        &[
            ("course.toml", manifest.as_bytes()),
            ("lessons/intro.md", lesson.as_bytes()),
            (&format!("assets/{osc52}.png"), b"x"),
        ],
    );
    let run = slate(dir.path(), &["check", "p"]);
    assert_terminal_safe("check", &run);
    assert!(run.stdout.contains("[control-character]"), "{}", run.stdout);
    assert!(
        run.stdout.contains("written as a character reference"),
        "decoded entities are checked: {}",
        run.stdout
    );
    let run = slate(dir.path(), &["check", "--format", "json", "p"]);
    assert_terminal_safe("check --format json", &run);
    serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap();

    // `list` on a folder of packages whose names carry escapes.
    let shelf = dir.path().join("shelf");
    write_package(
        &shelf.join(format!("course{osc}")),
        &[
            ("course.toml", MANIFEST.as_bytes()),
            ("lessons/intro.md", LESSON),
        ],
    );
    write_package(
        &shelf.join(format!("broken{osc52}")),
        &[("course.toml", b"x = ")],
    );
    let run = slate(dir.path(), &["--courses", "shelf", "list"]);
    assert_terminal_safe("list", &run);
    assert_eq!(
        run.stdout.lines().filter(|l| l.contains("fixture")).count(),
        1,
        "{}",
        run.stdout
    );

    // A bidirectional override in a title opens (with a warning), and the
    // records carry it escaped.
    let title = "Bài \u{202e}học\u{202c}";
    let rtl = dir.path().join("rtl");
    write_package(
        &rtl,
        &[
            (
                "course.toml",
                MANIFEST.replace("Fixture course", title).as_bytes(),
            ),
            ("lessons/intro.md", LESSON),
        ],
    );
    let run = slate(dir.path(), &["check", "rtl"]);
    assert_terminal_safe("check rtl", &run);
    assert!(
        run.stdout.contains("[bidi-control]") && run.code == Some(0),
        "{}",
        run.stdout
    );

    // A learner named with escapes, through progress, learners and export.
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let name = format!("Lan{osc}");
    {
        let mut store = slate::store::Store::open(&data.join(slate::store::DB_NAME)).unwrap();
        let l = store.learner(&name, None).unwrap();
        store
            .record(
                l.id,
                &slate::progress::LearnerEvent::ItemOpened {
                    course: "fixture".into(),
                    item: "intro".into(),
                },
            )
            .unwrap();
    }
    let data_arg = data.to_string_lossy().into_owned();
    for args in [
        vec!["progress"],
        vec!["learners"],
        vec!["progress", "--learner", "nobody\u{1b}[2J"],
        vec!["--courses", "rtl", "export", "--format", "xapi", "-o", "-"],
        vec!["--courses", "rtl", "export", "-o", "-"],
    ] {
        let mut all = vec!["--data-dir", &data_arg];
        all.extend(args.iter().copied());
        let run = slate(dir.path(), &all);
        assert_terminal_safe(&args.join(" "), &run);
    }
}

#[cfg(unix)]
#[test]
fn a_named_pipe_anywhere_is_refused_and_nothing_waits_for_it() {
    let mkfifo = |p: &std::path::Path| {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        assert!(
            std::process::Command::new("mkfifo")
                .arg(p)
                .status()
                .unwrap()
                .success()
        );
    };
    let dir = tempfile::tempdir().unwrap();
    // As a lesson, as course.toml, behind a link, as a stray asset, and as
    // a "zip" in a folder of courses. `common::slate` fails on a hang.
    let lesson = dir.path().join("lesson");
    write_package(&lesson, &[("course.toml", MANIFEST.as_bytes())]);
    mkfifo(&lesson.join("lessons/intro.md"));
    let manifest = dir.path().join("manifest");
    write_package(&manifest, &[("lessons/intro.md", LESSON)]);
    mkfifo(&manifest.join("course.toml"));
    let linked = dir.path().join("linked");
    write_package(&linked, &[("course.toml", MANIFEST.as_bytes())]);
    mkfifo(&dir.path().join("elsewhere/pipe"));
    std::fs::create_dir_all(linked.join("lessons")).unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("elsewhere/pipe"),
        linked.join("lessons/intro.md"),
    )
    .unwrap();
    for p in ["lesson", "manifest", "linked"] {
        let run = slate(dir.path(), &["check", p]);
        assert_eq!(run.code, Some(1), "{p}: {}", run.stdout);
        assert!(
            run.stdout.contains("not a file") || run.stdout.contains("not read"),
            "{p}: {}",
            run.stdout
        );
    }
    let shelf = dir.path().join("shelf");
    mkfifo(&shelf.join("course.zip"));
    let run = slate(dir.path(), &["--courses", "shelf", "list"]);
    assert_eq!(run.code, Some(0));
    assert!(run.stdout.contains("cannot be opened"), "{}", run.stdout);
    let run = slate(dir.path(), &["check", "shelf/course.zip"]);
    assert!(run.stdout.contains("named pipe"), "{}", run.stdout);

    // A stray pipe among the assets: the course opens, and exporting its
    // records (which reads every file for the digest) says why it cannot.
    let stray = dir.path().join("stray");
    write_package(
        &stray,
        &[
            ("course.toml", MANIFEST.as_bytes()),
            ("lessons/intro.md", LESSON),
        ],
    );
    mkfifo(&stray.join("assets/pipe.png"));
    let run = slate(dir.path(), &["check", "stray"]);
    assert!(run.stdout.contains("pipe.png"), "{}", run.stdout);
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    {
        let mut store = slate::store::Store::open(&data.join(slate::store::DB_NAME)).unwrap();
        let l = store.learner("Lan", None).unwrap();
        let ev = slate::progress::LearnerEvent::ItemOpened {
            course: "fixture".into(),
            item: "intro".into(),
        };
        store.record(l.id, &ev).unwrap();
    }
    let data_arg = data.to_string_lossy().into_owned();
    let run = slate(
        dir.path(),
        &[
            "--data-dir",
            &data_arg,
            "--courses",
            "stray",
            "export",
            "-o",
            "-",
        ],
    );
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(run.stderr.contains("not a file"), "{}", run.stderr);
}

#[test]
fn a_zip_with_a_file_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let other = MANIFEST.replace("Fixture course", "The other one");
    let zip = dir.path().join("c.zip");
    // The zip crate writes no such archive: the second name is written
    // different, then made the same (names are not in the CRC).
    common::zip_entries(
        &zip,
        &[
            ("course.toml", MANIFEST.as_bytes()),
            ("lessons/intro.md", LESSON),
            ("course.tomX", other.as_bytes()),
        ],
        CompressionMethod::Deflated,
    );
    let bytes = std::fs::read(&zip).unwrap();
    let patched = replace_all(&bytes, b"course.tomX", b"course.toml");
    std::fs::write(&zip, patched).unwrap();
    let out = check_fails(dir.path(), "c.zip", "zip-invalid");
    assert!(out.contains("lists a file twice"), "{out}");
}

fn replace_all(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

/// Inputs whose every line is a TOML mistake, or a line of 20,000 Windows
/// paths: each is reported, and the check's work grows with the input,
/// not with its square (these took minutes before; the watchdog only
/// catches hangs, the time is the benchmarks' business).
#[test]
fn many_mistakes_cost_in_proportion_to_them() {
    let dir = tempfile::tempdir().unwrap();
    let quotes = "\"\n".repeat(400_000);
    let paths: Vec<String> = (0..20_000)
        .map(|i| format!("\"lessons\\g{i}.md\""))
        .collect();
    let manifest = MANIFEST.replace(
        "items = [\"lessons/intro.md\"]",
        &format!(
            "items = [\"lessons/intro.md\", \"quizzes/q.toml\", {}]",
            paths.join(", ")
        ),
    );
    assert!(manifest.contains("lessons\\g19999.md"));
    write_package(
        dir.path().join("p").as_path(),
        &[
            ("course.toml", manifest.as_bytes()),
            ("lessons/intro.md", LESSON),
            ("quizzes/q.toml", quotes.as_bytes()),
        ],
    );
    let out = check_fails(dir.path(), "p", "windows-path");
    assert!(
        out.contains("[toml-syntax]"),
        "{}",
        &out[..out.len().min(2000)]
    );
    assert!(
        out.ends_with("checked 1 package: 420000 errors, 0 warnings\n"),
        "{}",
        &out[out.len().saturating_sub(500)..]
    );
}
