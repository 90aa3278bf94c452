//! A quiz file, checked with nothing else read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use slate::course::diagnostic::{Palette, render_human};
use slate::course::toml_read::FileCtx;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut ctx = FileCtx::new("quizzes/q.toml".into(), text, "en");
    let _ = slate::course::quiz::check(&mut ctx);
    for d in ctx.take_diags() {
        common::assert_terminal_safe("a diagnostic", &render_human(&d, &Palette::default()));
    }
});
