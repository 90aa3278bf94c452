//! `slate print` as a teacher uses it: the page printed to PDF by headless
//! Chromium, and the PDF's text read back with pdftotext. What the test
//! looks for is read from the loaded course, never written here.
//!
//! Chromium is `$SLATE_CHROMIUM`, else `chromium` or `chromium-browser`;
//! pdftotext comes with poppler-utils. Without them the test is skipped on
//! a developer's machine, but fails where `SLATE_REQUIRE_CHROMIUM` is set
//! (`.ci/run` sets it and installs both): there a missing browser is a
//! broken CI, never a pass.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use slate::course::{Answer, Course, Source, load};
use unicode_normalization::UnicodeNormalization;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("courses/digital-competence-foundations")
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Chromium and pdftotext, or `None` (skip) where they need not be.
fn tools() -> Option<(String, String)> {
    let chromium = std::env::var("SLATE_CHROMIUM")
        .ok()
        .filter(|c| !c.is_empty())
        .into_iter()
        .chain(["chromium".to_string(), "chromium-browser".to_string()])
        .find(|c| runs(c, "--version"));
    let pdftotext = runs("pdftotext", "-v").then(|| "pdftotext".to_string());
    match (chromium, pdftotext) {
        (Some(c), Some(p)) => Some((c, p)),
        (c, p) => {
            let missing = [(c.is_none(), "chromium"), (p.is_none(), "pdftotext")]
                .iter()
                .filter(|(m, _)| *m)
                .map(|(_, n)| *n)
                .collect::<Vec<_>>()
                .join(" and ");
            assert!(
                std::env::var_os("SLATE_REQUIRE_CHROMIUM").is_none(),
                "SLATE_REQUIRE_CHROMIUM is set but {missing} cannot be run: the print test must run here (apt-get install chromium poppler-utils, or set SLATE_CHROMIUM)"
            );
            println!("note: {missing} not found; skipping the print-to-PDF test");
            None
        }
    }
}

/// Runs `cmd`, killed should it take longer than `limit`.
fn run_for(cmd: &mut Command, limit: Duration) -> std::process::Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("{cmd:?} took more than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// The text of the printed course: `slate print`, Chromium to PDF,
/// pdftotext; NFKC and with every run of white space one space, since the
/// PDF breaks lines where the page does.
fn printed_text(tools: &(String, String), dir: &Path, args: &[&str], name: &str) -> String {
    let html = dir.join(format!("{name}.html"));
    let pdf = dir.join(format!("{name}.pdf"));
    let out = Command::new(env!("CARGO_BIN_EXE_slate"))
        .arg("print")
        .arg(sample())
        .arg("-o")
        .arg(&html)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "slate print {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let profile = dir.join(format!("{name}-profile"));
    let out = run_for(
        Command::new(&tools.0)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                "--no-first-run",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", html.display())),
        Duration::from_secs(180),
    );
    assert!(
        pdf.exists(),
        "chromium wrote no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(&tools.1).arg(&pdf).arg("-").output().unwrap();
    assert!(out.status.success(), "pdftotext failed");
    squeeze(&String::from_utf8_lossy(&out.stdout))
}

fn squeeze(s: &str) -> String {
    s.nfkc()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A correct choice without Markdown in it, and its feedback (which only
/// the key shows).
fn correct_choice(course: &Course, lang: &str) -> (String, String) {
    course
        .quizzes()
        .flat_map(|(_, q)| &q.questions)
        .filter_map(|q| match &q.answer {
            Answer::Single { choices } | Answer::Multiple { choices, .. } => Some(choices),
            _ => None,
        })
        .flatten()
        .filter(|c| c.correct)
        .filter_map(|c| Some((c.text.get(lang), c.feedback.as_ref()?.get(lang))))
        .find(|(t, f)| {
            let plain = |s: &str| !s.contains(['*', '`', '_', '[', '<', '\\']);
            plain(t) && plain(f)
        })
        .map(|(t, f)| (squeeze(t), squeeze(f)))
        .expect("the sample course has a correct choice in plain words")
}

#[test]
fn the_sample_course_prints_to_pdf_with_every_lesson_and_the_key_only_when_asked() {
    let Some(tools) = tools() else { return };
    let source = Source::open(&sample()).unwrap();
    let loaded = load(&source);
    let course = loaded.course.as_ref().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for lang in [course.language.as_str(), "vi"] {
        assert!(course.languages.iter().any(|l| l == lang));
        let lang_args: &[&str] = if lang == "vi" { &["--lang", "vi"] } else { &[] };
        let blank = printed_text(&tools, dir.path(), lang_args, &format!("{lang}-blank"));
        let key = printed_text(
            &tools,
            dir.path(),
            &[lang_args, &["--answers"]].concat(),
            &format!("{lang}-key"),
        );
        for (item, lesson) in course.lessons() {
            let title = squeeze(lesson.title.get(lang));
            assert!(
                blank.contains(&title) && key.contains(&title),
                "{lang}: the lesson {} ({title}) is not in the PDF",
                item.id
            );
        }
        let (choice, feedback) = correct_choice(course, lang);
        assert!(
            key.contains(&format!("{choice} ✔")),
            "{lang}: the correct choice {choice:?} is not marked in the key"
        );
        assert!(key.contains(&feedback), "{lang}: no feedback in the key");
        assert!(blank.contains(&choice), "{lang}: the choice is not offered");
        assert!(
            !blank.contains('✔') && !blank.contains(&feedback),
            "{lang}: the page without --answers gives the key away"
        );
        let banner = squeeze(&slate::i18n::I18n::new(lang).t("print-answer-key"));
        assert!(key.contains(&banner) && !blank.contains(&banner));
    }
}
