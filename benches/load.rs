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
}

criterion_group!(benches, loading);
criterion_main!(benches);
