//! One answer committed to the progress store (its own transaction, WAL,
//! synchronous=FULL: one fsync), on the disk where `target/` lives.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "support/answers.rs"]
mod answers;

fn commit(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/store");
    let _ = std::fs::remove_dir_all(&dir);
    let (mut store, learner) = match answers::store_with_attempt(&dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot set up the store: {e}");
            return;
        }
    };
    let mut n = 0u64;
    c.bench_function("commit one answer (fsync)", |b| {
        b.iter(|| {
            n += 1;
            black_box(store.record(learner, &answers::answer(n))).ok();
        })
    });
}

criterion_group!(benches, commit);
criterion_main!(benches);
