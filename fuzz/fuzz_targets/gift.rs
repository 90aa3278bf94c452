//! A GIFT or Aiken bank (the first byte picks which), imported in memory:
//! the report prints safely, and every quiz file written passes the
//! checker with no error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use slate::cli::import::{BankFormat, convert};
use slate::course::toml_read::FileCtx;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let format = if pick % 2 == 0 { BankFormat::Gift } else { BankFormat::Aiken };
    let out = convert(format, text, "fuzz", "en");
    for line in out.report.lines("bank.txt") {
        common::assert_terminal_safe("a report line", &line);
    }
    for (path, body) in &out.quizzes {
        let mut ctx = FileCtx::new(path.clone(), body, "en");
        ctx.package_format = 2;
        let _ = slate::course::quiz::check(&mut ctx);
        let errors: Vec<_> = ctx.take_diags().into_iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{path} does not check: {errors:?}\n{body}");
    }
});
