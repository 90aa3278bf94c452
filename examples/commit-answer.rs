//! Commits answers to a progress store the way the player does (one event,
//! one transaction), between two markers that `strace` can see, so that
//! `benches/suite.py` counts the fsyncs of ONE answer commit:
//!
//! ```text
//! strace -f -e trace=openat,fsync,fdatasync target/release/examples/commit-answer DIR N
//! ```
//!
//! The markers are failed opens of `/nonexistent/slate-commit-answer-begin`
//! and `...-end`; the N answers are committed between them. The store
//! calls are those of `benches/store.rs` (`benches/support/answers.rs`).

use std::path::PathBuf;
use std::process::ExitCode;

#[path = "../benches/support/answers.rs"]
mod answers;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(dir), count) = (args.next().map(PathBuf::from), args.next()) else {
        eprintln!("usage: commit-answer DIR [N]");
        return ExitCode::from(2);
    };
    let count: u64 = match count.map(|c| c.parse()) {
        None => 10,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("commit-answer: N: {e}");
            return ExitCode::from(2);
        }
    };
    match run(&dir, count) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("commit-answer: {e}");
            ExitCode::FAILURE
        }
    }
}

fn marker(name: &str) {
    // Fails (ENOENT) by design: only its trace line matters.
    let _ = std::fs::File::open(format!("/nonexistent/slate-commit-answer-{name}"));
}

fn run(dir: &std::path::Path, count: u64) -> Result<(), String> {
    let (mut store, learner) = answers::store_with_attempt(dir)?;
    marker("begin");
    for n in 0..count {
        store
            .record(learner, &answers::answer(n))
            .map_err(|e| e.to_string())?;
    }
    marker("end");
    Ok(())
}
