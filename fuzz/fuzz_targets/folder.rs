//! A package folder of files the fuzzer names and fills: each file is
//! `path NUL content`, files separated by a 0xFF byte. Paths that would leave
//! the temporary folder are skipped (the harness's own care; Slate's is
//! what is under test).
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for part in data.split(|&b| b == 0xff).take(64) {
        let mut it = part.splitn(2, |&b| b == 0);
        let (Some(name), content) = (it.next(), it.next()) else {
            continue;
        };
        let name = String::from_utf8_lossy(name).into_owned();
        let inside = !name.is_empty()
            && !name.starts_with('/')
            && !name.contains('\\')
            && name
                .split('/')
                .all(|c| !c.is_empty() && c != ".." && c != ".");
        if inside {
            files.push((name, content.unwrap_or_default().to_vec()));
        }
    }
    if !files.iter().any(|(n, _)| n == "course.toml") {
        files.push(("course.toml".into(), common::MANIFEST.as_bytes().to_vec()));
    }
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_slice()))
        .collect();
    let dir = common::package(&refs);
    let (_, loaded) = slate::course::load_path(dir.path());
    common::assert_loaded_is_safe(&loaded);
});
