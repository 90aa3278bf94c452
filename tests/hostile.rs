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
    let out = check_fails(dir.path(), "p", "control-character");
    assert!(out.contains("U+009B"), "{out}");
    assert!(
        out.contains("U+0007 (3 control characters in all)"),
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
