//! One broken package per diagnostic code, each with the exact output of
//! `slate check` asserted. Run with `SLATE_BLESS=1` to rewrite the expected
//! files after an intended change of wording (then read the diff).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use slate::course::Code;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken")
}

fn check_output(dir: &Path, target: &str, json: bool) -> (String, i32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_slate"));
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .arg("check")
        .arg(target);
    if json {
        cmd.args(["--format", "json"]);
    }
    let out = cmd.output().expect("run slate");
    (
        String::from_utf8(out.stdout).expect("utf-8 output"),
        out.status.code().unwrap_or(-1),
    )
}

fn fixture_dirs() -> Vec<PathBuf> {
    dirs_in(&fixtures())
}

/// The folders in `root`, sorted.
fn dirs_in(root: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn target_of(dir: &Path) -> &'static str {
    if dir.join("package").exists() {
        "package"
    } else {
        "course.zip"
    }
}

#[test]
fn every_fixture_prints_exactly_its_expected_diagnostics() {
    let bless = std::env::var_os("SLATE_BLESS").is_some();
    let mut failures = Vec::new();
    for dir in fixture_dirs() {
        let (out, code) = check_output(&dir, target_of(&dir), false);
        let expected_path = dir.join("expected.txt");
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let with_code = format!("{out}exit code: {code}\n");
        if bless {
            std::fs::write(&expected_path, &with_code).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != with_code {
            failures.push(format!(
                "--- {name}: expected\n{expected}\n--- {name}: got\n{with_code}"
            ));
        }
        // The fixture is named after the code it demonstrates.
        assert!(
            out.contains(&format!("[{name}]")),
            "fixture {name} does not report its own code:\n{out}"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Codes whose fixtures are built at run time (too large or binary to keep
/// in git); `tests/hostile.rs` covers them.
const BUILT_AT_RUN_TIME: &[Code] = &[
    Code::ReadError,
    Code::FileTooLarge,
    Code::TooManyFiles,
    Code::ZipTooLarge,
    Code::ZipBomb,
];

#[test]
fn every_code_has_a_fixture() {
    let names: Vec<String> = fixture_dirs()
        .iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    // A code first shown by a scenario fixture (tests/fixtures/check) is
    // covered there.
    let scenarios: String = scenario_dirs()
        .iter()
        .map(|d| std::fs::read_to_string(d.join("expected.txt")).unwrap_or_default())
        .collect();
    for code in Code::ALL {
        if BUILT_AT_RUN_TIME.contains(code) {
            continue;
        }
        assert!(
            names.iter().any(|n| n == code.name())
                || scenarios.contains(&format!("[{}]", code.name())),
            "no fixture for `{}` in tests/fixtures/broken or tests/fixtures/check",
            code.name()
        );
    }
}

fn scenario_dirs() -> Vec<PathBuf> {
    dirs_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check"))
}

/// The scenario fixtures: one per finding of a walk through a trainer's
/// mistakes (tests/fixtures/check/NN-what/), each a package, the command
/// run on it (`args`, one argument a line; `check package` when absent)
/// and its exact output, standard output then standard error.
#[test]
fn every_scenario_prints_exactly_its_expected_output() {
    let bless = std::env::var_os("SLATE_BLESS").is_some();
    let mut failures = Vec::new();
    for dir in scenario_dirs() {
        let args: Vec<String> = match std::fs::read_to_string(dir.join("args")) {
            Ok(a) => a
                .lines()
                .map(str::to_string)
                .filter(|l| !l.is_empty())
                .collect(),
            Err(_) => vec!["check".into(), target_of(&dir).into()],
        };
        let out = Command::new(env!("CARGO_BIN_EXE_slate"))
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .args(&args)
            .output()
            .expect("run slate");
        let got = format!(
            "{}{}exit code: {}\n",
            String::from_utf8(out.stdout).expect("utf-8 output"),
            String::from_utf8(out.stderr).expect("utf-8 errors"),
            out.status.code().unwrap_or(-1)
        );
        let expected_path = dir.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != got {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            failures.push(format!(
                "--- {name}: expected\n{expected}\n--- {name}: got\n{got}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn json_output_carries_every_field() {
    let dir = fixtures().join("unknown-key");
    let (out, code) = check_output(&dir, "package", true);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first = &v["diagnostics"][0];
    assert_eq!(first["file"], "package/course.toml");
    assert_eq!(first["line"], 5);
    assert_eq!(first["column"], 1);
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "unknown-key");
    assert_eq!(
        first["message"],
        "unknown key `author` in course.toml; checked as `authors`"
    );
    // Where the span ends, for editors and CI annotations.
    assert_eq!(first["end_line"], 5);
    assert_eq!(first["end_column"], 7);
    assert_eq!(first["hint"], "did you mean `authors`?");
    assert_eq!(v["errors"], 2);
    assert_eq!(v["warnings"], 0);
    assert_eq!(v["packages"], 1);
}

#[test]
fn warnings_alone_exit_zero() {
    let dir = fixtures().join("unreachable-file");
    let (out, code) = check_output(&dir, "package", false);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with("checked 1 package: 0 errors, 1 warning\n"),
        "{out}"
    );
}
