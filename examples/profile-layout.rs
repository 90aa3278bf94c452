//! Lays out a generated ~200 KiB lesson as the player does on opening it
//! and on resizes, printing each time, and for a profiler
//! (`perf record target/profiling/examples/profile-layout`).

#[path = "../benches/support/gen_course.rs"]
mod gen_course;

use std::time::Instant;

fn main() {
    let text = gen_course::big_lesson(200, 1);
    let labels = slate::markdown::Labels::default();
    let sym = slate::markdown::Symbols::UNICODE;
    let t = Instant::now();
    let doc = slate::markdown::parse(&text);
    let parsed = t.elapsed();
    let lines = slate::markdown::layout(&doc, 80, &labels, sym).len();
    println!(
        "open: parse {parsed:.1?}, parse + layout at 80 columns {:.1?} ({lines} lines)",
        t.elapsed()
    );
    for width in [200, 120, 80, 200] {
        let t = Instant::now();
        let lines = slate::markdown::layout(&doc, width, &labels, sym).len();
        println!(
            "resize to {width} columns: {:.1?} ({lines} lines)",
            t.elapsed()
        );
    }
}
