//! A `.zip` package, whatever its bytes: opened in place and loaded.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let path = dir.path().join("course.zip");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let (_, loaded) = slate::course::load_path(&path);
    common::assert_loaded_is_safe(&loaded);
});
