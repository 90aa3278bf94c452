//! One budget for anything within the limits: hostile packages, generated
//! here at their worst, are checked and laid out in bounded work. These
//! tests count the work (diagnostics kept, the heap's peak in bytes, with
//! dhat as the allocator), never seconds; the times are in
//! `cargo bench --bench load` and docs/performance.md.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
#[path = "../benches/support/gen_course.rs"]
mod gen_course;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use common::{MANIFEST, write_package};
use slate::course::limits::MAX_SAME_DIAGNOSTICS;
use slate::course::{Code, Diagnostic, Loaded, load_path};
use slate::markdown::{Labels, Symbols, layout, parse};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

/// dhat measures one thing at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The most the heap held while `f` ran, in bytes.
fn peak_bytes<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let _profiler = dhat::Profiler::builder().testing().build();
    let out = f();
    let stats = dhat::HeapStats::get();
    (out, stats.max_bytes as u64)
}

const MIB: u64 = 1024 * 1024;
/// What a file at its size limit may cost, however hostile.
const BUDGET: u64 = 100 * MIB;

fn manifest_with_items(items: &str) -> String {
    MANIFEST.replace(
        r#"items = ["lessons/intro.md"]"#,
        &format!("items = [{items}]"),
    )
}

fn lesson_package(dir: &Path, lesson: &str) {
    write_package(
        dir,
        &[
            ("course.toml", MANIFEST.as_bytes()),
            ("lessons/intro.md", lesson.as_bytes()),
        ],
    );
}

/// No file lists more than the cap of one kind of mistake, plus the line
/// that counts the rest; returns how many the rest were.
fn capped(diags: &[Diagnostic], code: Code) -> usize {
    let mut per_file: HashMap<&str, usize> = HashMap::new();
    let mut more = 0;
    for d in diags.iter().filter(|d| d.code == code) {
        if let Some(n) = d.message.strip_prefix("and ") {
            more += n.split(' ').next().unwrap().parse::<usize>().unwrap();
            continue;
        }
        *per_file.entry(&d.file).or_default() += 1;
    }
    for (file, n) in per_file {
        assert!(n <= MAX_SAME_DIAGNOSTICS, "{file}: {n} {code:?} listed");
    }
    more
}

fn check(dir: &Path) -> (Loaded, u64) {
    peak_bytes(|| load_path(dir).1)
}

#[test]
fn one_mistake_repeated_on_one_long_line_is_listed_once_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, String, Code, usize)> = vec![
        (
            "20,000 broken links on one line",
            format!(
                "# Links\n\n{}\n",
                (0..20_000)
                    .map(|i| format!("[x](m{i}.md)"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            Code::BrokenLink,
            20_000,
        ),
        (
            "30,000 nested images",
            format!(
                "# Images\n\n{}a{}\n",
                "![".repeat(30_000),
                (0..30_000)
                    .map(|i| format!("](i{i}.png)"))
                    .collect::<String>()
            ),
            Code::BrokenLink,
            30_000,
        ),
        (
            "50,000 reference links",
            format!(
                "# Refs\n\n{}\n\n{}",
                (0..50_000)
                    .map(|i| format!("[x][r{i}]"))
                    .collect::<Vec<_>>()
                    .join(" "),
                (0..50_000)
                    .map(|i| format!("[r{i}]: m{i}.md\n"))
                    .collect::<String>()
            ),
            Code::BrokenLink,
            50_000,
        ),
    ];
    for (what, lesson, code, n) in cases {
        let p = dir.path().join(what.replace([' ', ','], "-"));
        lesson_package(&p, &lesson);
        let (loaded, peak) = check(&p);
        let more = capped(&loaded.diagnostics, code);
        assert_eq!(more + MAX_SAME_DIAGNOSTICS, n, "{what}: all counted");
        assert!(peak < BUDGET, "{what}: {} MiB", peak / MIB);
    }

    let items = (0..20_000)
        .map(|i| format!("\"lessons/missing-{i}.md\""))
        .collect::<Vec<_>>()
        .join(", ");
    let p = dir.path().join("items");
    write_package(
        &p,
        &[
            ("course.toml", manifest_with_items(&items).as_bytes()),
            ("lessons/intro.md", b"# Intro\n\nText.\n"),
        ],
    );
    let (loaded, peak) = check(&p);
    assert_eq!(
        capped(&loaded.diagnostics, Code::MissingFile),
        20_000 - MAX_SAME_DIAGNOSTICS
    );
    assert!(peak < BUDGET, "20,000 missing items: {} MiB", peak / MIB);
}

#[test]
fn suggestions_stay_within_a_budget_however_many_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p");
    let names: Vec<String> = (0..8_000)
        .map(|i| format!("lessons/lesson-{i:05}.md"))
        .collect();
    let mut files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"# L\n"[..])).collect();
    let items = (0..2_000)
        .map(|i| format!("\"lessons/lesson-{i:05}x.md\""))
        .collect::<Vec<_>>()
        .join(", ");
    let manifest = manifest_with_items(&items);
    files.push(("course.toml", manifest.as_bytes()));
    write_package(&p, &files);
    let (loaded, peak) = check(&p);
    // Suggestions for the listed ones only; the rest counted.
    let listed: Vec<&Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::MissingFile && !d.message.starts_with("and "))
        .collect();
    assert_eq!(listed.len(), MAX_SAME_DIAGNOSTICS);
    assert!(
        listed.iter().all(|d| d
            .hint
            .as_deref()
            .is_some_and(|h| h.starts_with("did you mean"))),
        "{:?}",
        listed.first()
    );
    assert_eq!(
        capped(&loaded.diagnostics, Code::MissingFile),
        2_000 - MAX_SAME_DIAGNOSTICS
    );
    // 8,000 stray files: named up to the cap, then counted.
    assert_eq!(
        capped(&loaded.diagnostics, Code::UnreachableFile),
        8_000 - MAX_SAME_DIAGNOSTICS
    );
    assert!(peak < BUDGET, "{} MiB", peak / MIB);
}

#[test]
fn memory_does_not_grow_with_the_number_of_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut peaks = Vec::new();
    for n in [500, 8_000] {
        let p = dir.path().join(format!("p{n}"));
        let names: Vec<String> = (0..n).map(|i| format!("lessons/l{i:05}.md")).collect();
        let lesson = format!("# Lesson\n\n{}\n", "Một đoạn văn bài học. ".repeat(200));
        let mut files: Vec<(&str, &[u8])> = names
            .iter()
            .map(|name| (name.as_str(), lesson.as_bytes()))
            .collect();
        let items = names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let manifest = manifest_with_items(&items);
        files.push(("course.toml", manifest.as_bytes()));
        write_package(&p, &files);
        let (loaded, peak) = check(&p);
        assert!(loaded.course.is_some(), "{:?}", loaded.diagnostics.first());
        peaks.push(peak);
    }
    // 16 times the files (and 60 MB of lessons): the listing and the
    // outline grow, the lessons read are not kept.
    let (small, large) = (peaks[0], peaks[1]);
    assert!(
        large < small + 24 * MIB,
        "{} MiB for 500 files, {} MiB for 8,000",
        small / MIB,
        large / MIB
    );
}

#[test]
fn a_lesson_nested_deep_at_its_size_limit_checks_and_lays_out_in_budget() {
    let lesson = gen_course::deep_quote_lesson();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p");
    lesson_package(&p, &lesson);
    let (loaded, peak) = check(&p);
    assert!(
        loaded.course.is_some(),
        "it is a valid lesson: {:?}",
        loaded.diagnostics
    );
    assert!(peak < BUDGET, "check: {} MiB", peak / MIB);

    let doc = parse(&lesson);
    for width in [36, 76, 100] {
        let (lines, peak) =
            peak_bytes(|| layout(&doc, width, &Labels::default(), Symbols::UNICODE));
        assert!(peak < BUDGET, "layout at {width}: {} MiB", peak / MIB);
        let pieces: usize = lines.iter().map(|l| l.pieces.len()).sum();
        assert!(
            pieces <= 3 * lines.len(),
            "{pieces} pieces on {} lines",
            lines.len()
        );
        // The text keeps half the width however deep it is nested.
        let most = lesson.len() / (width / 2 - 2);
        assert!(lines.len() < most, "{} lines at {width}", lines.len());
        let widest = lines
            .iter()
            .map(|l| slate::text::width(&l.text()))
            .max()
            .unwrap();
        assert!(widest <= width, "{widest} columns at {width}");
    }
}
