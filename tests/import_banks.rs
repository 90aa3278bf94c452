//! `slate import`: real Moodle GIFT exports (tests/fixtures/gift) become
//! packages `slate check` passes, with a report whose counts are the
//! file's; and hostile banks get a clear message, never a hang.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use slate::cli::import::{BankFormat, convert};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gift")
}

/// The questions of a GIFT file counted as Moodle splits them, without
/// the parser: blocks of lines between blank lines, comment lines left
/// out, `$CATEGORY` blocks not questions.
fn count_blocks(text: &str) -> usize {
    let mut n = 0;
    let mut block: Vec<&str> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        let t = line.trim();
        if t.starts_with("//") {
            continue;
        }
        if !t.is_empty() {
            block.push(t);
            continue;
        }
        if let Some(first) = block.first()
            && !first.starts_with("$CATEGORY:")
        {
            n += 1;
        }
        block.clear();
    }
    n
}

/// The summary line's numbers: imported, total, quizzes, not importable.
fn summary(stdout: &str) -> (usize, usize, usize, usize) {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("imported "))
        .unwrap_or_else(|| panic!("no summary in:\n{stdout}"));
    let nums: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    (nums[0], nums[1], nums[2], nums[3])
}

#[test]
fn moodles_own_gift_files_import_and_pass_the_check() {
    let out = tempfile::tempdir().unwrap();
    let mut seen = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        seen += 1;
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let dir = out.path().join(&name);
        let run = common::slate(
            out.path(),
            &[
                "import",
                "gift",
                path.to_str().unwrap(),
                "-o",
                dir.to_str().unwrap(),
            ],
        );
        assert_eq!(run.code, Some(0), "{name}: {}{}", run.stdout, run.stderr);
        let text = std::fs::read_to_string(&path).unwrap();
        let (imported, total, quizzes, not) = summary(&run.stdout);
        assert_eq!(total, count_blocks(&text), "{name}:\n{}", run.stdout);
        assert_eq!(imported + not, total, "{name}");
        assert!(quizzes >= 1);
        // One report line per question, each at its line of the file.
        let entries = run
            .stdout
            .lines()
            .filter(|l| l.contains(" → ") || l.contains(" not importable: "))
            .count();
        assert_eq!(entries, total, "{name}:\n{}", run.stdout);
        let check = common::slate(
            out.path(),
            &[
                "check",
                "--answers",
                "--deny-warnings",
                dir.to_str().unwrap(),
            ],
        );
        assert_eq!(
            check.code,
            Some(0),
            "{name}: {}{}",
            check.stdout,
            check.stderr
        );
        let source = slate::course::Source::open(&dir).unwrap();
        let loaded = slate::course::load(&source);
        let course = loaded.course.expect("the package loads");
        let questions: usize = course.quizzes().map(|(_, q)| q.questions.len()).sum();
        assert_eq!(questions, imported, "{name}");
    }
    assert!(seen >= 3, "the fixtures are missing");
}

#[test]
fn moodles_fixture_reports_what_is_lost() {
    let text = std::fs::read_to_string(fixtures().join("moodle-questions.gift.txt")).unwrap();
    let out = convert(BankFormat::Gift, &text, "questions", "en");
    let lines = out.report.lines("q.gift");
    let all = lines.join("\n");
    assert!(
        all.contains("q.gift:2: \"Q8\" not importable: an essay question"),
        "{all}"
    );
    assert!(all.contains("the extra right side \"Chat\""), "{all}");
    assert!(all.contains("the catch-all answer `*`"), "{all}");
    assert!(all.contains("feedback for wrong answers"), "{all}");
    assert!(all.contains("question 2-08-tsl-2 (true_false)"), "{all}");
    assert_eq!(
        lines.last().unwrap(),
        "imported 8 of 9 questions into 1 quiz; 1 not importable"
    );
    assert_eq!(out.format, 2);
}

#[test]
fn a_vietnamese_bank_with_categories_and_hostile_text() {
    let bank = "\u{feff}$CATEGORY: $course$/top/Mặc định cho Tin học/Chương 1: Mật khẩu\r\n\r\n::Câu 1::Mật khẩu nào \u{1b}[31mmạnh nhất?{=correct horse battery staple ~%50%Tr0ub4dor&3 ~123456}\r\n\r\n::Câu 1::Đúng hay sai: ổ khóa là an toàn.{F#Sai rồi.#Đúng.}\r\n\r\n::数字::数字能力是什么？{=能力}\r\n\r\n$CATEGORY: $course$/top/Вопросы\r\rВопрос 1{T}\r";
    let out = convert(BankFormat::Gift, bank, "Ngân hàng câu hỏi", "vi");
    let r = &out.report;
    assert_eq!((r.imported(), r.total(), r.quizzes), (4, 4, 2));
    let became: Vec<_> = r
        .entries
        .iter()
        .map(|e| e.became.clone().unwrap())
        .collect();
    assert_eq!(became[0].0, "quizzes/chuong-1-mat-khau.toml");
    assert_eq!(became[0].1, "cau-1");
    assert_eq!(became[1].1, "cau-1-2");
    assert_eq!(became[2].1, "q-3");
    assert_eq!(became[3].0, "quizzes/voprosy.toml");
    assert_eq!(became[3].1, "q-4");
    assert!(
        r.entries[0]
            .lost
            .iter()
            .any(|l| l.contains("control character"))
    );
    for (_, body) in &out.quizzes {
        assert!(!body.chars().any(|c| c.is_control() && c != '\n'), "{body}");
    }
    assert!(out.course_toml.contains("id = \"ngan-hang-cau-hoi\""));
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("pkg");
    std::fs::create_dir_all(pkg.join("quizzes")).unwrap();
    std::fs::write(pkg.join("course.toml"), &out.course_toml).unwrap();
    for (p, body) in &out.quizzes {
        std::fs::write(pkg.join(p), body).unwrap();
    }
    let run = common::slate(
        dir.path(),
        &["check", "--answers", "--deny-warnings", "pkg"],
    );
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
}

#[test]
fn aiken_imports_and_reports_errors_by_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bank.txt"),
        "Mật khẩu nào mạnh nhất?\nA. 123456\nB) correct horse battery staple\nANSWER: B\n\nBroken?\nA. x\nB. y\nANSWER: Z\n",
    )
    .unwrap();
    let run = common::slate(
        dir.path(),
        &[
            "import",
            "aiken",
            "bank.txt",
            "-o",
            "out",
            "--language",
            "vi",
        ],
    );
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("bank.txt:6: not importable: line 9: `ANSWER: Z`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("imported 1 of 2 questions into 1 quiz; 1 not importable")
    );
    let check = common::slate(
        dir.path(),
        &["check", "--answers", "--deny-warnings", "out"],
    );
    assert_eq!(check.code, Some(0), "{}{}", check.stdout, check.stderr);
}

#[test]
fn what_cannot_be_read_or_written_is_said_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fail = |args: &[&str], says: &str| {
        let run = common::slate(d, args);
        assert_eq!(run.code, Some(1), "{args:?}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    };
    std::fs::write(d.join("ok.gift"), "Sky is blue.{T}\n").unwrap();
    std::fs::create_dir(d.join("full")).unwrap();
    std::fs::write(d.join("full/x"), "").unwrap();
    fail(&["import", "gift", "ok.gift", "-o", "full"], "not empty");
    fail(
        &["import", "gift", "ok.gift", "-o", "ok.gift"],
        "it is a file",
    );
    fail(
        &["import", "gift", "missing.gift", "-o", "new"],
        "missing.gift",
    );
    fail(
        &["import", "gift", "full", "-o", "new"],
        "a folder, not a file",
    );
    std::fs::write(d.join("latin1.gift"), b"ok\nok\ncaf\xe9 {T}\n").unwrap();
    fail(
        &["import", "gift", "latin1.gift", "-o", "new"],
        "line 3: the file is not UTF-8",
    );
    std::fs::write(d.join("essay.gift"), "Tell me. {}\n").unwrap();
    fail(
        &["import", "gift", "essay.gift", "-o", "new"],
        "nothing could be imported",
    );
    assert!(!d.join("new").exists());
    let big = std::fs::File::create(d.join("big.gift")).unwrap();
    big.set_len(65 * 1024 * 1024).unwrap();
    fail(
        &["import", "gift", "big.gift", "-o", "new"],
        "at most 64 MiB",
    );
    #[cfg(unix)]
    {
        let fifo = d.join("pipe.gift");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            fail(&["import", "gift", "pipe.gift", "-o", "new"], "named pipe");
        }
    }
    // An empty folder is fine.
    std::fs::create_dir(d.join("empty")).unwrap();
    let run = common::slate(d, &["import", "gift", "ok.gift", "-o", "empty"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert!(d.join("empty/course.toml").exists());
}

/// What the `gift` fuzz target asserts, over banks made of GIFT's own
/// characters: the report is terminal-safe, the counts add up, and every
/// quiz file written checks without error.
fn assert_imports_cleanly(format: BankFormat, text: &str) {
    let out = convert(format, text, "prop", "en");
    for line in out.report.lines("bank.txt") {
        assert!(
            !line.chars().any(|c| c.is_control()),
            "unsafe report line: {line:?}"
        );
    }
    let imported: usize = out
        .quizzes
        .iter()
        .map(|(path, body)| {
            let mut ctx = slate::course::toml_read::FileCtx::new(path.clone(), body, "en");
            ctx.package_format = out.format;
            let info = slate::course::quiz::check(&mut ctx);
            let errors: Vec<_> = ctx
                .take_diags()
                .into_iter()
                .filter(|d| d.is_error())
                .collect();
            assert!(
                errors.is_empty(),
                "{path}: {errors:?}\n{body}\nfrom {text:?}"
            );
            info.quiz.map_or(0, |q| q.questions.len())
        })
        .sum();
    assert_eq!(imported, out.report.imported(), "from {text:?}");
}

fn tokens() -> impl proptest::strategy::Strategy<Value = Vec<&'static str>> {
    proptest::collection::vec(
        proptest::sample::select(vec![
            "{",
            "}",
            "=",
            "~",
            "#",
            "####",
            "->",
            "::",
            "%50%",
            "%-100%",
            "%33.3%",
            "%100%",
            "\\",
            "\\=",
            "\\{",
            "\\:",
            "\n",
            "\n\n",
            "\r",
            "T",
            "FALSE",
            "#1..5",
            "#3:2",
            "[html]",
            "[plain]",
            "[markdown]",
            "<b>",
            "</p>",
            "<img src=\"@@PLUGINFILE@@/a.png\">",
            "&amp;",
            "&#27;",
            "\u{1b}",
            "Câu 1",
            "数字",
            "Вопрос",
            " ",
            "x",
            "y",
            "*",
            "_",
            "$CATEGORY: a/b",
            "A. ",
            "B) ",
            "ANSWER: A",
            "1822",
            ":",
            "..",
            "%",
        ]),
        0..24,
    )
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, failure_persistence: None, ..Default::default() })]

    #[test]
    fn questions_shaped_from_gift_characters_import_into_quizzes_that_check(
        title in tokens(), prompt in tokens(), answers in tokens(), after in tokens(),
    ) {
        let text = format!(
            "::{}::{} {{{}}} {}\n\nSecond {{=x ~y}}\n",
            title.concat(),
            prompt.concat(),
            answers.concat(),
            after.concat()
        );
        assert_imports_cleanly(BankFormat::Gift, &text);
    }

    #[test]
    fn any_bank_of_gift_characters_imports_into_quizzes_that_check(
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "{", "}", "=", "~", "#", "####", "->", "::", "%50%", "%-100%", "%33.3%",
                "\\", "\\=", "\\{", "\\:", "\n", "\n\n", "\r", "T", "FALSE", "#1..5",
                "#3:2", "[html]", "[plain]", "<b>", "</p>", "<img src=\"@@PLUGINFILE@@/a.png\">",
                "&amp;", "&#27;", "\u{1b}", "Câu 1", "数字", "Вопрос", " ", "x", "*", "_", "$CATEGORY: a/b",
                "A. ", "B) ", "ANSWER: A",
            ]),
            0..40,
        ),
        aiken in proptest::bool::ANY,
    ) {
        let text: String = parts.concat();
        let format = if aiken { BankFormat::Aiken } else { BankFormat::Gift };
        assert_imports_cleanly(format, &text);
    }
}
