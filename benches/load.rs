//! Loading and checking course packages: the 2,000-lesson generated course
//! (target: median under 300 ms on a 2-core machine), the sample course,
//! and hostile packages (each must be refused well within a second).
//!
//! Run with `cargo bench --bench load`; `benches/run.sh` also records peak
//! memory of the real binary.

use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use slate::course::load_path;

#[path = "support/gen_course.rs"]
mod gen_course;

fn bench_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data")
}

/// The generated course, made once and reused by later runs.
fn large_course() -> PathBuf {
    let dir = bench_dir().join("course-2000");
    if !dir.join("course.toml").exists() {
        let opts = gen_course::GenOptions::default();
        if let Err(e) = gen_course::generate(&dir, &opts) {
            eprintln!(
                "cannot generate the benchmark course in {}: {e}",
                dir.display()
            );
            std::process::exit(1);
        }
    }
    dir
}

const MANIFEST: &str = "format = 1\nid = \"hostile\"\nversion = \"1.0.0\"\nlanguage = \"en\"\ntitle = \"Hostile\"\n\n[[module]]\nid = \"m\"\ntitle = \"M\"\nitems = [\"lessons/a.md\"]\n";

fn hostile_package(name: &str, lesson: &[u8]) -> PathBuf {
    let dir = bench_dir().join(name);
    let _ = std::fs::create_dir_all(dir.join("lessons"));
    let _ = std::fs::write(dir.join("course.toml"), MANIFEST);
    let _ = std::fs::write(dir.join("lessons/a.md"), lesson);
    dir
}

fn zip_bomb() -> PathBuf {
    let path = bench_dir().join("bomb.zip");
    if path.exists() {
        return path;
    }
    let write = || -> zip::result::ZipResult<()> {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path)?);
        let opts = zip::write::SimpleFileOptions::default().large_file(true);
        zip.start_file("course.toml", opts)?;
        zip.write_all(MANIFEST.as_bytes())?;
        zip.start_file("lessons/a.md", opts)?;
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..1024 {
            zip.write_all(&zeros)?;
        }
        zip.finish()?;
        Ok(())
    };
    if let Err(e) = write() {
        eprintln!("cannot write {}: {e}", path.display());
    }
    path
}

fn loading(c: &mut Criterion) {
    let large = large_course();
    let mut g = c.benchmark_group("check");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function("generated 2000 lessons + 500 quizzes", |b| {
        b.iter(|| {
            let (_, loaded) = load_path(black_box(&large));
            assert!(loaded.course.is_some());
        })
    });
    let sample =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("courses/digital-competence-foundations");
    g.bench_function("sample course", |b| {
        b.iter(|| load_path(black_box(&sample)))
    });
    g.finish();

    let mut g = c.benchmark_group("hostile");
    g.sample_size(10);
    let cases = [
        (
            "50 MiB lesson",
            hostile_package("big", &vec![b'a'; 50 * 1024 * 1024]),
        ),
        (
            "10,000-deep list",
            hostile_package(
                "deep-list",
                format!("{}x\n", "- ".repeat(10_000)).as_bytes(),
            ),
        ),
        (
            "10,000-deep quote",
            hostile_package(
                "deep-quote",
                format!("{} y\n", ">".repeat(10_000)).as_bytes(),
            ),
        ),
        ("1 GiB zip bomb", zip_bomb()),
    ];
    for (name, path) in cases {
        g.bench_function(name, |b| {
            b.iter(|| {
                let (_, loaded) = load_path(black_box(&path));
                assert!(loaded.errors() > 0);
            })
        });
    }
    g.finish();

    // Within the limits, however hostile: one mistake repeated on one
    // line, a lesson nested deep at its size limit, a package of 8,000
    // files naming 2,000 that are not there (tests/budgets.rs counts the
    // work of the same attacks).
    let mut g = c.benchmark_group("hostile within the limits");
    g.sample_size(10);
    let links = (0..20_000)
        .map(|i| format!("[x](m{i}.md)"))
        .collect::<Vec<_>>()
        .join(" ");
    let images = format!(
        "{}a{}",
        "![".repeat(30_000),
        (0..30_000)
            .map(|i| format!("](i{i}.png)"))
            .collect::<String>()
    );
    let refs = format!(
        "{}\n\n{}",
        (0..50_000)
            .map(|i| format!("[x][r{i}]"))
            .collect::<Vec<_>>()
            .join(" "),
        (0..50_000)
            .map(|i| format!("[r{i}]: m{i}.md\n"))
            .collect::<String>()
    );
    let cases = [
        (
            "20,000 broken links on one line",
            hostile_package("links", format!("# A\n\n{links}\n").as_bytes()),
        ),
        (
            "30,000 nested images",
            hostile_package("images", format!("# A\n\n{images}\n").as_bytes()),
        ),
        (
            "50,000 reference links",
            hostile_package("refs", format!("# A\n\n{refs}").as_bytes()),
        ),
        (
            "4 MiB lesson 15 quotes deep",
            hostile_package("deep-15", gen_course::deep_quote_lesson().as_bytes()),
        ),
        ("2,000 missing items among 8,000 files", missing_items()),
    ];
    for (name, path) in cases {
        g.bench_function(name, |b| b.iter(|| load_path(black_box(&path))));
    }
    g.finish();
}

/// 8,000 lessons, and a module naming 2,000 that are not there.
fn missing_items() -> PathBuf {
    let dir = bench_dir().join("missing-items");
    if dir.join("course.toml").exists() {
        return dir;
    }
    let _ = std::fs::create_dir_all(dir.join("lessons"));
    for i in 0..8_000 {
        let _ = std::fs::write(dir.join(format!("lessons/lesson-{i:05}.md")), "# L\n");
    }
    let items = (0..2_000)
        .map(|i| format!("\"lessons/lesson-{i:05}x.md\""))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = std::fs::write(
        dir.join("course.toml"),
        MANIFEST.replace(r#"items = ["lessons/a.md"]"#, &format!("items = [{items}]")),
    );
    dir
}

criterion_group!(benches, loading);
criterion_main!(benches);
