//! A lesson file, however it is written: checked, then laid out.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let dir = common::package(&[
        ("course.toml", common::MANIFEST.as_bytes()),
        ("lessons/a.md", data),
        ("quizzes/q.toml", common::QUIZ.as_bytes()),
    ]);
    let (_, loaded) = slate::course::load_path(dir.path());
    common::assert_loaded_is_safe(&loaded);
    if loaded.course.is_some() {
        common::assert_layout(&String::from_utf8_lossy(data));
    }
});
