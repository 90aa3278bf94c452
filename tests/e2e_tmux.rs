//! End to end: the real `slate` binary in a pseudo-terminal (tmux), driven
//! by keys and checked by what is on screen, the way a teacher uses it.
//!
//! Quizzes shuffle their choices, so every answer is found by reading the
//! option lines on screen and pressing the number shown next to the text
//! the quiz file marks right (or a wrong one, on purpose). Across the first
//! two tests every question type is answered once right and once wrong.
//!
//! Each test has its own tmux server (a private socket) and session, killed
//! when the test ends, also on failure. Slate runs with a fresh, empty home
//! folder, so no configuration or saved progress of the machine leaks in.
//! Without tmux the tests print "skipped: tmux not found" and pass.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::cell::RefCell;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use unicode_normalization::UnicodeNormalization;

/// How long a screen may take to show what is expected.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How long a check that does not steer the session waits before it is
/// recorded as failed (the session then goes on, to find later problems).
const SOFT_TIMEOUT: Duration = Duration::from_millis(1500);
const POLL: Duration = Duration::from_millis(50);

fn slate_bin() -> PathBuf {
    std::env::var_os("SLATE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_slate")))
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `s` as one word for `sh`.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The screen as one line: NFC, lines joined, runs of spaces collapsed, so
/// that a needle is found whatever the wrapping.
fn flat(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The bottom row (the status line: the keys of the screen, or a message).
fn footer(screen: &str) -> &str {
    screen.lines().last().unwrap_or("")
}

// ------------------------------------------------------------------ tmux

/// A tmux session running Slate. Dropping it kills the session and its
/// private server.
struct Session {
    /// The private server's socket, in `home` (so nothing is left behind).
    socket: String,
    name: String,
    /// Soft failures: checks that did not hold, reported at `finish`.
    failures: RefCell<Vec<String>>,
    home: tempfile::TempDir,
}

impl Session {
    /// Starts `slate ARGS` in an 80x24 window, or `None` without tmux.
    fn start(test: &str, args: &[&str]) -> Option<Session> {
        if !tmux_available() {
            println!("skipped: tmux not found");
            return None;
        }
        let name = format!("slate-e2e-{}-{test}", std::process::id());
        let home = tempfile::tempdir().expect("a temporary home folder");
        let session = Session {
            socket: home.path().join("tmux.sock").display().to_string(),
            name,
            failures: RefCell::new(Vec::new()),
            home,
        };
        let home = session.home.path().to_str().expect("UTF-8 temp path");
        let mut cmd = String::from(
            "env -u LC_ALL -u LC_CTYPE -u LC_MESSAGES -u LANGUAGE \
             LANG=en_US.UTF-8 TERM=xterm-256color NO_COLOR=1",
        );
        for (var, sub) in [
            ("HOME", ""),
            ("XDG_CONFIG_HOME", "/.config"),
            ("XDG_DATA_HOME", "/.local/share"),
            ("XDG_STATE_HOME", "/.local/state"),
            ("XDG_CACHE_HOME", "/.cache"),
        ] {
            cmd.push_str(&format!(" {var}={}", sh_quote(&format!("{home}{sub}"))));
        }
        cmd.push(' ');
        cmd.push_str(&sh_quote(slate_bin().to_str().expect("UTF-8 binary path")));
        for a in args {
            cmd.push(' ');
            cmd.push_str(&sh_quote(a));
        }
        // tmux 3.3 does not always report a dead pane's exit status, so the
        // shell writes it down as Slate exits (and the pane closes with it).
        cmd.push_str(&format!(
            "; echo $? > {}",
            sh_quote(&format!("{home}/exit-status"))
        ));
        // remain-on-exit: the pane stays after Slate exits, so that its end
        // (exit status, terminal modes) can still be inspected.
        let name = session.name.clone();
        session.run(&[
            "new-session",
            "-d",
            "-s",
            &name,
            "-x",
            "80",
            "-y",
            "24",
            // Slate's working folder (where records are exported by default).
            "-c",
            home,
            &cmd,
            ";",
            "set-option",
            "-t",
            &name,
            "remain-on-exit",
            "on",
        ]);
        Some(session)
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-S", &self.socket, "-f", "/dev/null"])
            .args(args)
            .env("LANG", "en_US.UTF-8")
            // The pane command is quoted for sh, whatever the login shell.
            .env("SHELL", "/bin/sh")
            .env_remove("LC_ALL")
            .env_remove("LC_CTYPE")
            .env_remove("TMUX")
            .output()
            .expect("run tmux")
    }

    /// Runs a tmux command that must succeed; its standard output.
    fn run(&self, args: &[&str]) -> String {
        let out = self.tmux(args);
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// What the pane shows now, NFC.
    fn screen(&self) -> String {
        let out = self.tmux(&["capture-pane", "-p", "-t", &self.name]);
        if out.status.success() {
            String::from_utf8_lossy(&out.stdout).nfc().collect()
        } else {
            format!(
                "(no screen: {})",
                String::from_utf8_lossy(&out.stderr).trim()
            )
        }
    }

    /// Presses keys: tmux key names (Enter, Escape, End, Down) or
    /// characters.
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.name];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Types `text` as it is (every character, combining marks included).
    fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", &self.name, "-l", text]);
    }

    /// Polls the screen until `ok` holds; `Err` after `timeout`, with
    /// the last screen.
    fn poll(&self, timeout: Duration, ok: impl Fn(&str) -> bool) -> Result<String, String> {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return Ok(screen);
            }
            if start.elapsed() > timeout {
                return Err(screen);
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until `ok` holds, and panics after `TIMEOUT` with the screen.
    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        self.poll(TIMEOUT, ok).unwrap_or_else(|screen| {
            panic!(
                "waited {TIMEOUT:?} for {what}; the screen:\n{screen}{}",
                self.soft_failures()
            )
        })
    }

    /// Waits until the screen shows `needle` (wrapping and spacing aside),
    /// polling every 50 ms; panics after `timeout` with the last screen.
    fn wait_for(&self, needle: &str, timeout: Duration) -> String {
        let want = flat(needle);
        self.poll(timeout, |s| flat(s).contains(&want))
            .unwrap_or_else(|screen| {
                panic!(
                    "waited {timeout:?} for {needle:?}; the screen:\n{screen}{}",
                    self.soft_failures()
                )
            })
    }

    /// A check that does not steer the session: if it does not hold soon,
    /// it is recorded and the test goes on (and fails at `finish`).
    fn check(&self, what: &str, ok: impl Fn(&str) -> bool) -> bool {
        match self.poll(SOFT_TIMEOUT, ok) {
            Ok(_) => true,
            Err(screen) => {
                self.fail(format!("{what}; the screen:\n{screen}"));
                false
            }
        }
    }

    /// `check` that the screen shows `needle`.
    fn check_shows(&self, needle: &str) -> bool {
        let want = flat(needle);
        self.check(&format!("expected {needle:?} on screen"), |s| {
            flat(s).contains(&want)
        })
    }

    fn fail(&self, msg: String) {
        self.failures.borrow_mut().push(msg);
    }

    fn soft_failures(&self) -> String {
        let f = self.failures.borrow();
        if f.is_empty() {
            String::new()
        } else {
            format!(
                "\n\nEarlier failed checks:\n\n{}",
                f.join("\n----------------------------------------\n")
            )
        }
    }

    /// Waits until Slate has exited (its pane is dead, or the session is
    /// gone); its exit status.
    fn wait_exited(&self) -> String {
        self.wait_exited_within(TIMEOUT)
    }

    fn wait_exited_within(&self, limit: Duration) -> String {
        let file = self.home.path().join("exit-status");
        let start = Instant::now();
        loop {
            let out = self.tmux(&["list-panes", "-t", &self.name, "-F", "#{pane_dead}"]);
            let pane = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if !out.status.success() || pane == "1" {
                return std::fs::read_to_string(&file)
                    .map_or_else(|e| format!("(no exit status: {e})"), |s| s.trim().into());
            }
            if start.elapsed() > limit {
                panic!(
                    "slate has not exited after {limit:?}; the screen:\n{}{}",
                    self.screen(),
                    self.soft_failures()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Fails the test if a soft check failed.
    fn finish(self) {
        let f = self.failures.take();
        if !f.is_empty() {
            panic!(
                "{} check(s) failed:\n\n{}",
                f.len(),
                f.join("\n----------------------------------------\n")
            );
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-session", "-t", &self.name]);
        let _ = self.tmux(&["kill-server"]);
        let f = self.failures.borrow();
        if std::thread::panicking() && !f.is_empty() {
            eprintln!("also failed before the panic:\n\n{}", f.join("\n---\n"));
        }
    }
}

// ------------------------------------------------------------ the screens

/// The selected outline row (marked `›`).
fn selected_row(screen: &str) -> Option<&str> {
    screen.lines().skip(2).find(|l| l.starts_with(" › "))
}

impl Session {
    /// Moves down the outline with `j` until `title` is selected.
    fn select(&self, title: &str) {
        for _ in 0..30 {
            let screen = self.wait_until("a selected outline row", |s| selected_row(s).is_some());
            let row = selected_row(&screen).unwrap_or("").to_string();
            if row.contains(title) {
                return;
            }
            self.keys(&["j"]);
            self.wait_until(&format!("the selection to move from {row:?}"), |s| {
                selected_row(s).is_some_and(|r| r != row)
            });
        }
        panic!(
            "{title:?} never got selected; the screen:\n{}",
            self.screen()
        );
    }
}

/// One answer option as drawn: `  1 ( ) text`, `  2 [x] text`, or
/// `  3  text` (order items and the right side of match).
#[derive(Debug, Clone)]
struct Opt {
    n: u8,
    mark: String,
    text: String,
}

fn parse_option(line: &str) -> Option<(Opt, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    // The cursor's pointer, before the number of the option it is on.
    let pointed = rest.strip_prefix('›').or_else(|| rest.strip_prefix('>'));
    if indent < 3 && pointed.is_none() {
        return None; // prompt lines start at the margin
    }
    let rest = pointed.map_or(rest, |r| r.trim_start_matches(' '));
    let n = rest.chars().next()?.to_digit(10)?;
    let rest = rest.get(1..)?.strip_prefix(' ')?;
    let (mark, text) = ["( ) ", "(•) ", "(*) ", "[ ] ", "[x] "]
        .iter()
        .find_map(|m| rest.strip_prefix(m).map(|t| (m.trim(), t)))
        .or_else(|| rest.strip_prefix(' ').map(|t| ("", t)))?;
    if n == 0 || text.is_empty() || text.starts_with(' ') {
        return None;
    }
    let column = line.chars().count() - text.chars().count();
    Some((
        Opt {
            n: n as u8,
            mark: mark.to_string(),
            text: text.trim_end().to_string(),
        },
        column,
    ))
}

/// The options of the question on screen, each with its wrapped lines
/// joined.
fn options(screen: &str) -> Vec<Opt> {
    let lines: Vec<&str> = screen.lines().collect();
    let body = &lines[2.min(lines.len())..lines.len().saturating_sub(1)];
    let mut out: Vec<Opt> = Vec::new();
    let mut column = None;
    for line in body {
        if let Some((opt, col)) = parse_option(line) {
            out.push(opt);
            column = Some(col);
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        match (column, out.last_mut()) {
            (Some(c), Some(last)) if !line.trim().is_empty() && indent == c => {
                last.text.push(' ');
                last.text.push_str(line.trim());
            }
            _ => column = None,
        }
    }
    out
}

/// The left sides of a match question (`› A. left → 2`): the number
/// chosen for each, in order.
fn match_lefts(screen: &str) -> Vec<Option<u8>> {
    let lines: Vec<&str> = screen.lines().collect();
    let body = &lines[2.min(lines.len())..lines.len().saturating_sub(1)];
    body.iter()
        .filter_map(|line| {
            let t = line.trim_start();
            let t = t.strip_prefix("› ").unwrap_or(t).trim_start();
            let mut c = t.chars();
            let letter = c.next()?;
            (letter.is_ascii_uppercase() && c.as_str().starts_with(". ")).then(|| {
                line.rsplit_once(" → ")
                    .and_then(|(_, n)| n.trim().parse::<u8>().ok())
            })
        })
        .collect()
}

// ----------------------------------------------------------------- quizzes

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Single,
    Multiple,
    TrueFalse,
    Text,
    Number,
    Order,
    Match,
}

/// How to answer one question, found on screen by words of its prompt.
struct Step {
    prompt: &'static str,
    kind: Kind,
    /// Choices: words of the options to press, in the order to press them
    /// (order: the order given; match: the right side for A, B, ...).
    /// Text and number: the one text to type.
    answer: Vec<String>,
    /// Whether that answer is right.
    right: bool,
    /// More the feedback must show.
    shows: Vec<String>,
}

fn step(prompt: &'static str, kind: Kind, answer: &[&str], right: bool) -> Step {
    Step {
        prompt,
        kind,
        answer: answer.iter().map(|s| s.to_string()).collect(),
        right,
        shows: Vec::new(),
    }
}

/// The words of one UI language the quiz screens are read by.
struct Words {
    question: &'static str, // "{n}" and "{total}" are replaced
    attempt: &'static str,  // "{n}"
    correct: &'static str,
    incorrect: &'static str,
    /// Help lines of the answer field (text, number): it has the keys.
    typing: [&'static str; 2],
    /// Help lines once an answer is shown: continue, or see the results.
    answered: [&'static str; 2],
    /// The start page's key line: "{n}" is the attempt it starts.
    start: &'static str,
}

const EN: Words = Words {
    question: "Question {n} of {total}",
    attempt: "Attempt {n}",
    correct: "✓ Correct",
    incorrect: "✗ Not correct",
    typing: [
        "Type your answer, then press Enter.",
        "Type a number, then press Enter.",
    ],
    answered: [
        "Press Enter to continue.",
        "Press Enter to see your results.",
    ],
    start: "Press Enter to start attempt {n}.",
};

const VI: Words = Words {
    question: "Câu hỏi {n}/{total}",
    attempt: "Lần làm bài thứ {n}",
    correct: "✓ Đúng",
    incorrect: "✗ Chưa đúng",
    typing: [
        "Nhập câu trả lời, rồi nhấn Enter.",
        "Nhập một số, rồi nhấn Enter.",
    ],
    answered: ["Nhấn Enter để tiếp tục.", "Nhấn Enter để xem kết quả."],
    start: "Nhấn Enter để bắt đầu lượt {n}.",
};

fn answered(w: &Words, screen: &str) -> bool {
    let f = flat(footer(screen));
    w.answered.iter().any(|a| f.contains(a))
}

fn typing(w: &Words, screen: &str) -> bool {
    let f = flat(footer(screen));
    w.typing.iter().any(|a| f.contains(a))
}

impl Session {
    /// On a quiz's start page (opening a quiz starts nothing): waits for
    /// it, checks that no question is on screen, and starts attempt `n`.
    fn start_attempt(&self, w: &Words, n: u32) {
        let key = w.start.replace("{n}", &n.to_string());
        let screen = self.wait_for(&key, TIMEOUT);
        let first = w.question.replace("{n}", "1");
        let first = first.split("{total}").next().unwrap_or_default();
        assert!(
            !flat(&screen).contains(&flat(first)),
            "a question before the attempt was started:\n{screen}"
        );
        self.keys(&["Enter"]);
    }

    /// Answers every question of the open quiz attempt (immediate
    /// feedback), checking each verdict. Questions without a step are
    /// answered with whatever comes first when `others` is true.
    fn answer_quiz(&self, w: &Words, total: usize, attempt: u32, steps: &[Step], others: bool) {
        let mut done = vec![false; steps.len()];
        for n in 1..=total {
            let header = w
                .question
                .replace("{n}", &n.to_string())
                .replace("{total}", &total.to_string());
            // The whole new question is drawn once its help line is, and
            // no line of the screen before it (the results review lists
            // every prompt) is left: exactly one planned prompt, or none.
            let planned = |s: &str| {
                let text = flat(s);
                steps
                    .iter()
                    .filter(|st| text.contains(&flat(st.prompt)))
                    .count()
            };
            let screen = self.wait_until(&format!("{header:?} with its help line"), |s| {
                s.lines().next().is_some_and(|l| flat(l).contains(&header))
                    && !answered(w, s)
                    && !footer(s).trim().is_empty()
                    && (planned(s) == 1 || (others && planned(s) == 0))
            });
            let head = screen.lines().next().unwrap_or("");
            let want_attempt = w.attempt.replace("{n}", &attempt.to_string());
            assert!(
                head.contains(&want_attempt),
                "expected {want_attempt:?} in the header; the screen:\n{screen}"
            );
            let text = flat(&screen);
            let found: Vec<usize> = (0..steps.len())
                .filter(|&i| text.contains(&flat(steps[i].prompt)))
                .collect();
            match found[..] {
                [i] => {
                    assert!(!done[i], "question {:?} asked twice", steps[i].prompt);
                    done[i] = true;
                    self.answer(w, &steps[i], &screen);
                }
                [] if others => self.answer_anything(w, &screen),
                _ => panic!("no single planned question on screen ({found:?}):\n{screen}"),
            }
            self.keys(&["Enter"]);
        }
        let missing: Vec<&str> = steps
            .iter()
            .zip(&done)
            .filter(|(_, d)| !**d)
            .map(|(s, _)| s.prompt)
            .collect();
        assert!(missing.is_empty(), "never asked: {missing:?}");
    }

    fn answer(&self, w: &Words, st: &Step, screen: &str) {
        match st.kind {
            Kind::Text | Kind::Number => {
                let screen = self.wait_until("the answer field to have the keys", |s| typing(w, s));
                assert!(options(&screen).is_empty(), "{screen}");
                let typed = &st.answer[0];
                self.type_text(typed);
                let want = flat(typed);
                self.wait_until(&format!("{typed:?} in the answer field"), |s| {
                    s.lines()
                        .any(|l| l.trim_start().starts_with('>') && flat(l).contains(&want))
                });
            }
            kind => {
                let opts = options(screen);
                let digits: Vec<u8> = st
                    .answer
                    .iter()
                    .map(|words| {
                        let hits: Vec<&Opt> = opts
                            .iter()
                            .filter(|o| o.text.contains(words.as_str()))
                            .collect();
                        match hits[..] {
                            [o] => o.n,
                            _ => panic!(
                                "{} options contain {words:?}: {opts:#?}\n{screen}",
                                hits.len()
                            ),
                        }
                    })
                    .collect();
                let keys: Vec<String> = digits.iter().map(|d| d.to_string()).collect();
                self.keys(&keys.iter().map(String::as_str).collect::<Vec<_>>());
                let joined = keys.join(" ");
                self.wait_until(&format!("the picks {joined} to show"), |s| match kind {
                    Kind::Order => s
                        .lines()
                        .any(|l| l.trim_end().ends_with(&format!(": {joined}"))),
                    Kind::Match => {
                        match_lefts(s) == digits.iter().map(|&d| Some(d)).collect::<Vec<_>>()
                    }
                    _ => {
                        let mut picked: Vec<u8> = options(s)
                            .iter()
                            .filter(|o| matches!(o.mark.as_str(), "(•)" | "(*)" | "[x]"))
                            .map(|o| o.n)
                            .collect();
                        let mut want = digits.clone();
                        picked.sort_unstable();
                        want.sort_unstable();
                        picked == want
                    }
                });
            }
        }
        self.keys(&["Enter"]);
        let screen = self.wait_until("the answer's feedback", |s| answered(w, s));
        let (want, not) = if st.right {
            (w.correct, w.incorrect)
        } else {
            (w.incorrect, w.correct)
        };
        let verdict = flat(&screen);
        if !verdict.contains(want) || verdict.contains(not) {
            self.fail(format!(
                "{:?} answered {:?} ({:?}): expected {want:?}; the screen:\n{screen}",
                st.prompt, st.answer, st.kind
            ));
        }
        for more in &st.shows {
            if !verdict.contains(&flat(more)) {
                self.fail(format!(
                    "{:?}: expected {more:?} in the feedback; the screen:\n{screen}",
                    st.prompt
                ));
            }
        }
    }

    /// Answers a question the test does not care about: option 1, or "1".
    fn answer_anything(&self, w: &Words, screen: &str) {
        if typing(w, screen) {
            self.type_text("1");
        } else {
            self.keys(&["1"]);
        }
        self.keys(&["Enter"]);
        self.wait_until("the answer's feedback", |s| answered(w, s));
    }
}

// ------------------------------------------------------------------- tests

const COURSE: &str = "Digital competence foundations for teachers";

/// accounts-check (shuffled), 8 questions of 1 point: single, multiple,
/// true/false, text and number, some right, some wrong.
fn accounts_steps() -> Vec<Step> {
    use Kind::*;
    vec![
        step(
            "hardest for an attacker to crack",
            Single,
            &["lemon stairs kettle orbit fog"],
            true,
        ),
        // Right: the authenticator app.
        step(
            "second steps is the hardest",
            Single,
            &["A code sent to you by SMS"],
            false,
        ),
        step(
            "\"Zalo support\"",
            Single,
            &["Hang up without sharing the code"],
            true,
        ),
        step(
            "shared computer in the staff room",
            Multiple,
            &[
                "Open a private (Incognito or InPrivate) window",
                "Click \"Never\"",
                "Sign out and close all browser windows",
            ],
            true,
        ),
        // Right: change the password, check recovery details, warn parents.
        step(
            "Facebook account has been taken over",
            Multiple,
            &[
                "Change the password and sign out all other sessions",
                "Pay an \"account recovery service\"",
            ],
            false,
        ),
        // Right: false.
        step("every 30 days", TrueFalse, &["True"], false),
        // Right: credential stuffing.
        step(
            "What is this attack called?",
            Text,
            &["password spraying"],
            false,
        ),
        step(
            "how many bits of entropy does it have",
            Number,
            &["51.7"],
            true,
        ),
    ]
}

#[test]
fn study_session_through_the_sample_course() {
    let Some(s) = Session::start("study", &[]) else {
        return;
    };
    // A new machine: the learner creates a profile (name, optional email).
    s.wait_for("Who is studying?", TIMEOUT);
    s.keys(&["Enter"]);
    s.wait_for("Name:", TIMEOUT);
    s.type_text("Lan");
    s.keys(&["Enter"]);
    s.type_text("lan@example.org");
    s.keys(&["Enter"]);
    s.wait_for(COURSE, TIMEOUT);
    s.wait_for("Learner: Lan", TIMEOUT);
    s.wait_for("0 of 12 done", TIMEOUT);

    // The outline, with the first lesson selected; then the lesson.
    s.keys(&["Enter"]);
    s.wait_for("Continue: Strong passwords and passphrases", TIMEOUT);
    s.wait_until("the first lesson selected", |sc| {
        selected_row(sc).is_some_and(|r| r.contains("Strong passwords and passphrases"))
    });
    s.keys(&["Enter"]);
    s.wait_for("What attackers actually do", TIMEOUT);
    s.keys(&["End"]);
    s.wait_until("the lesson scrolled to its end (100%)", |sc| {
        sc.lines().next().is_some_and(|l| {
            l.contains("Strong passwords and passphrases") && l.trim_end().ends_with("100%")
        })
    });
    s.check_shows("End of the lesson");

    // Back in the outline, the lesson is read.
    s.keys(&["Escape"]);
    s.wait_for("Continue: Securing your accounts", TIMEOUT);
    s.check("the first lesson marked \"read\" in the outline", |sc| {
        sc.lines().any(|l| {
            l.contains("Strong passwords and passphrases") && l.trim_end().ends_with("read")
        })
    });
    s.check_shows("1 of 12 done");

    // The first quiz, every question answered.
    s.select("Check: safe passwords and accounts");
    s.keys(&["Enter"]);
    s.start_attempt(&EN, 1);
    s.answer_quiz(&EN, 8, 1, &accounts_steps(), false);

    // 4 of the 8 one-point questions are right.
    s.wait_for("Results: Check: safe passwords and accounts", TIMEOUT);
    s.check_shows("4 of 8 points (50%)");
    s.check_shows("Not passed yet: 70% is needed.");
    s.check_shows("Press r to try again.");

    // The records, exported from the course results into the working folder.
    s.keys(&["Escape"]);
    s.select("Course results");
    s.keys(&["Enter"]);
    s.wait_for("x: export", TIMEOUT);
    s.keys(&["x"]);
    s.wait_for("Write your records to", TIMEOUT);
    s.check_shows("foundations-lan.json");
    s.keys(&["Enter"]);
    s.wait_for("Records written to", TIMEOUT);
    let file = s
        .home
        .path()
        .join("slate-records-digital-competence-foundations-lan.json");
    let bundle: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap_or_default())
            .unwrap_or(serde_json::Value::Null);
    assert_eq!(
        bundle["format"],
        "slate-record-bundle",
        "{}",
        file.display()
    );
    assert_eq!(bundle["learner"]["email"], "lan@example.org");
    assert_eq!(
        bundle["courses"][0]["attempts"][0]["answers"]
            .as_array()
            .map_or(0, Vec::len),
        8
    );

    s.keys(&["q"]);
    let status = s.wait_exited();
    assert_eq!(status, "0", "exit status of slate");
    s.finish();
}

/// information-check (not shuffled, but order and match options always
/// are), 8 questions of 1 point.
fn information_steps(right: bool) -> Vec<Step> {
    use Kind::*;
    let order = [
        "Stop",
        "Investigate the source",
        "Find better coverage",
        "Trace claims",
    ];
    let matches = [
        "Reverse image search",
        "The agency's own website",
        "The sender address after the @",
        "Call back on a number",
    ];
    let (order, matches): (Vec<&str>, Vec<&str>) = if right {
        (order.to_vec(), matches.to_vec())
    } else {
        // Reversed; and each left side given the next one's match.
        (
            order.iter().rev().copied().collect(),
            (0..4).map(|i| matches[(i + 1) % 4]).collect(),
        )
    };
    let pick = |right_words: &str, wrong_words: &str| {
        if right { right_words } else { wrong_words }.to_string()
    };
    vec![
        Step {
            prompt: "What tells you most reliably who really sent it?",
            kind: Single,
            answer: vec![pick(
                "The sender address, especially",
                "The display name shown in the inbox",
            )],
            right,
            shows: Vec::new(),
        },
        Step {
            prompt: "really leads to the website",
            kind: Single,
            answer: vec![pick("moet.gov.vn/van-ban", "rnoet-gov.vn")],
            right,
            shows: Vec::new(),
        },
        Step {
            prompt: "Which are warning signs of phishing?",
            kind: Multiple,
            answer: if right {
                vec![
                    "A deadline of today".into(),
                    "confirm bank details through a link".into(),
                    "real domain is".into(),
                ]
            } else {
                vec!["no spelling mistakes".into()]
            },
            right,
            shows: Vec::new(),
        },
        Step {
            prompt: "shows a padlock",
            kind: TrueFalse,
            answer: vec![pick("False", "True")],
            right,
            shows: Vec::new(),
        },
        Step {
            prompt: "Which action is lateral reading?",
            kind: Single,
            answer: vec![pick("Open new tabs and search", "\"About us\"")],
            right,
            shows: Vec::new(),
        },
        step(
            "Put the four moves of the SIFT method in order.",
            Order,
            &order,
            right,
        ),
        step(
            "Match each thing you see with the first check to make.",
            Match,
            &matches,
            right,
        ),
        Step {
            prompt: "looking closely at the picture",
            kind: TrueFalse,
            answer: vec![pick("False", "True")],
            right,
            shows: Vec::new(),
        },
    ]
}

#[test]
fn order_and_match_right_and_wrong() {
    {
        let Some(s) = Session::start("order-match", &["--learner", "Lan"]) else {
            return;
        };
        s.wait_for(COURSE, TIMEOUT);
        s.keys(&["Enter"]);
        s.wait_for("Continue: Strong passwords and passphrases", TIMEOUT);
        s.select("Check: phishing and misinformation");
        s.keys(&["Enter"]);

        // Attempt 1: all right, order and match included.
        s.start_attempt(&EN, 1);
        s.answer_quiz(&EN, 8, 1, &information_steps(true), false);
        s.wait_for("Results: Check: phishing and misinformation", TIMEOUT);
        s.check_shows("8 of 8 points (100%)");
        s.check_shows("Passed: 70% was needed.");
        s.check_shows("Press r to try again. (2 attempts left)");

        // Attempt 2: all wrong, order and match included.
        s.keys(&["r"]);
        s.answer_quiz(&EN, 8, 2, &information_steps(false), false);
        s.wait_for("Results: Check: phishing and misinformation", TIMEOUT);
        s.check_shows("0 of 8 points (0%)");
        s.check_shows("Not passed yet: 70% is needed.");
        s.check_shows("(1 attempt left)");

        // The outline keeps the best attempt.
        s.keys(&["Escape"]);
        s.check("the quiz passed at 100% in the outline", |sc| {
            sc.lines().any(|l| {
                l.contains("Check: phishing and misinformation")
                    && l.trim_end().ends_with("passed, 100%")
            })
        });
        s.keys(&["q"]);
        assert_eq!(s.wait_exited(), "0", "exit status of slate");
        s.finish();
    }

    // In Vietnamese: the text question of accounts-check answered with an
    // accepted answer typed with combining marks (NFD), the number question
    // wrong.
    let Some(s) = Session::start("order-match-vi", &["--lang", "vi", "--learner", "Lan"]) else {
        return;
    };
    let accepted = "nhồi thông tin đăng nhập";
    let nfd: String = accepted.nfd().collect();
    assert_ne!(nfd, accepted, "the typed answer has combining marks");
    let steps = vec![
        Step {
            prompt: "Kiểu tấn công này gọi là gì?",
            kind: Kind::Text,
            answer: vec![nfd],
            right: true,
            // As typed, composed like the accepted answer.
            shows: vec![format!("Câu trả lời của bạn: {accepted}")],
        },
        // Right: 51.7 ± 0.5.
        step("khoảng bao nhiêu bit entropy", Kind::Number, &["40"], false),
    ];
    s.wait_for("Năng lực số nền tảng cho giáo viên", TIMEOUT);
    s.keys(&["Enter"]);
    s.wait_for("Mật khẩu và tài khoản an toàn", TIMEOUT);
    s.select("Kiểm tra: mật khẩu và tài khoản an toàn");
    s.keys(&["Enter"]);
    s.start_attempt(&VI, 1);
    s.answer_quiz(&VI, 8, 1, &steps, true);
    s.wait_for("Kết quả: Kiểm tra: mật khẩu và tài khoản an toàn", TIMEOUT);
    s.keys(&["q"]);
    assert_eq!(s.wait_exited(), "0", "exit status of slate");
    s.finish();
}

#[test]
fn help_overlay_and_small_window() {
    let Some(s) = Session::start("help-small", &["--learner", "Lan"]) else {
        return;
    };
    s.wait_for(COURSE, TIMEOUT);
    s.keys(&["?"]);
    s.wait_for("Keys on this screen", TIMEOUT);
    s.check_shows("Enter: open");
    s.check_shows("Press ? or Esc to close this help.");
    s.keys(&["Escape"]);
    s.wait_until("the help to close", |sc| {
        !sc.contains("Keys on this screen") && sc.contains(COURSE)
    });

    s.run(&["resize-window", "-t", &s.name, "-x", "30", "-y", "10"]);
    s.wait_for("needs at least 40×12", TIMEOUT);
    s.check_shows("This window is 30×10.");
    s.run(&["resize-window", "-t", &s.name, "-x", "80", "-y", "24"]);
    s.wait_until("the library back at 80x24", |sc| {
        sc.contains(COURSE) && sc.contains("Courses") && !sc.contains("needs at least")
    });

    s.keys(&["q"]);
    assert_eq!(s.wait_exited(), "0", "exit status of slate");
    let alt = s.run(&["display-message", "-p", "-t", &s.name, "#{alternate_on}"]);
    assert_eq!(alt.trim(), "0", "the pane is still in the alternate screen");
    s.finish();
}

#[path = "../benches/support/gen_course.rs"]
mod gen_course;

#[test]
fn a_long_check_shows_a_progress_bar_then_erases_it() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let course = dir.path().join("big-course");
    // Large enough that checking it takes well over the bar's delay
    // (250 ms) on a fast machine too.
    let opts = gen_course::GenOptions {
        lessons: 12000,
        quizzes: 200,
        questions: 5,
        seed: 3,
        big_lesson_kib: 0,
    };
    gen_course::generate(&course, &opts).expect("the generated course");
    // Every lesson and quiz, and course.toml.
    let files = format!("/{} files", opts.lessons + opts.quizzes + 1);
    let path = course.to_str().expect("UTF-8 temp path");
    let Some(s) = Session::start("check-bar", &["check", path]) else {
        return;
    };
    let bar = s.wait_until("a progress bar", |sc| {
        sc.contains("checking") && sc.contains(&files) && sc.contains("[#")
            || sc.contains("checked 1 package")
    });
    assert!(bar.contains(&files), "no progress bar was seen:\n{bar}");
    // The pane closes when the check ends (tmux then scrolls its last line
    // away for its notice), so the end is read from the pane's history.
    assert_eq!(
        s.wait_exited_within(Duration::from_secs(120)),
        "0",
        "exit status of slate check"
    );
    let out = s.tmux(&["capture-pane", "-p", "-S", "-100", "-t", &s.name]);
    let end = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        end.contains("checked 1 package: no problems found"),
        "{end}"
    );
    assert!(!end.contains("files"), "the bar was not erased:\n{end}");
    s.finish();
}

/// SARA AM (Lao U+0EB3, Thai U+0E33) follows a consonant; after a space
/// or at a line's start it is a glyph a terminal kept from an earlier
/// screen.
fn stray_sara_am(screen: &str) -> Option<&str> {
    screen.lines().find(|l| {
        let mut before = ' ';
        l.chars().any(|c| {
            let stray = matches!(c, '\u{eb3}' | '\u{e33}') && before == ' ';
            before = c;
            stray
        })
    })
}

#[test]
fn a_walk_through_the_sample_course_in_every_language_leaves_no_stray_glyph() {
    for lang in ["lo", "vi", "zh-CN", "en"] {
        let Some(s) = Session::start(
            &format!("walk-{lang}"),
            &["--learner", "Lan", "--lang", lang],
        ) else {
            return;
        };
        let settle = |what: &str| {
            // Each screen once it is drawn whole: the status line is there.
            s.wait_until(what, |sc| {
                sc.lines().last().is_some_and(|l| !l.trim().is_empty())
            });
            std::thread::sleep(POLL * 2);
            let screen = s.screen();
            if let Some(line) = stray_sara_am(&screen) {
                panic!("{lang} {what}: a stray SARA AM in {line:?}:\n{screen}");
            }
            let status = screen.lines().last().unwrap_or_default();
            assert!(
                ["n:", "n：", "Enter", "Esc"]
                    .iter()
                    .any(|k| status.contains(k)),
                "{lang} {what}: the next key is not on the status line:\n{screen}"
            );
            screen
        };
        settle("the library");
        s.keys(&["Enter"]);
        settle("the outline");
        s.keys(&["Enter"]);
        settle("the first item");
        // Every item in study order, a lesson read a page in and to its
        // end, a quiz on its start page; then the course results.
        // A key that changes the screen's title line is waited for, so that
        // keys never run ahead of a slow (debug, loaded) player: queued
        // behind a lesson's layout, Esc and q arrive together and read as
        // Alt+q.
        let title = |sc: &str| sc.lines().next().unwrap_or_default().to_string();
        let moved = |key: &str, what: &str| {
            let before = title(&s.screen());
            s.keys(&[key]);
            s.wait_until(what, |sc| title(sc) != before);
            settle(what)
        };
        for k in 0..12 {
            s.keys(&["PageDown"]);
            settle(&format!("item {k}, a page in"));
            s.keys(&["End"]);
            settle(&format!("item {k}, at its end"));
            moved("n", &format!("item {}", k + 1));
        }
        moved("Escape", "the outline again");
        moved("Escape", "the library again");
        s.keys(&["q"]);
        assert_eq!(s.wait_exited(), "0", "{lang}: exit status of slate");
        s.finish();
    }
}

/// A course with four broken items (a missing lesson, a bad id, a quiz that
/// is not TOML, a question with no right answer), studied in Vietnamese:
/// the healthy lesson and quiz open and are recorded, the broken ones are
/// listed with why, open nothing, and the course says it cannot be
/// completed. Progress survives a restart.
#[test]
fn a_partly_broken_course_is_studied_item_by_item() {
    let package = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/check/01-one-broken-item/package");
    let package = package.to_str().expect("UTF-8 path");
    let data = tempfile::tempdir().expect("a data folder");
    let data = data.path().to_str().expect("UTF-8 path");
    let args = [
        "--lang",
        "vi",
        "--learner",
        "Lan",
        "--data-dir",
        data,
        "play",
        package,
    ];
    let Some(s) = Session::start("partly-broken", &args) else {
        return;
    };
    s.wait_for("đã hoàn thành 0/6", TIMEOUT);
    s.check_shows("missing.md");
    s.check_shows("Chưa thể hoàn thành khóa học: 4 mục không mở được");
    s.check("four items marked as not openable", |sc| {
        sc.lines()
            .filter(|l| l.contains('⊘') && l.trim_end().ends_with("không mở được"))
            .count()
            == 4
    });

    // A broken item, selected: why, in full; Enter (twice) opens nothing.
    s.select("Bài kiểm tra hỏng");
    s.wait_for("Không mở được: quizzes/broken.toml:2: TOML syntax", TIMEOUT);
    s.keys(&["Enter", "Enter"]);
    s.wait_for("Mục này không mở được", TIMEOUT);
    s.check("still on the outline", |sc| sc.contains("Kết quả khóa học"));

    // The healthy lesson, read to its end.
    s.keys(&["c"]);
    s.wait_for("Nội dung của bài học.", TIMEOUT);
    s.keys(&["End", "Escape"]);
    s.wait_for("đã hoàn thành 1/6", TIMEOUT);
    // "Continue" passes over the broken items to the healthy quiz.
    s.wait_for("Tiếp tục: Kiểm tra nhanh", TIMEOUT);
    s.keys(&["c"]);
    s.wait_for("Nhấn Enter để bắt đầu lượt 1.", TIMEOUT);
    s.keys(&["Enter"]);
    s.wait_for("Chọn một", TIMEOUT);
    s.keys(&["1", "Enter"]);
    s.wait_for("Đúng", TIMEOUT);
    s.keys(&["Enter"]);
    s.wait_for("Kết quả: Kiểm tra nhanh", TIMEOUT);
    s.check_shows("1 trên 1 điểm (100%)");

    // Every healthy item done, and yet the course says why it is not.
    s.keys(&["Escape"]);
    s.wait_for("đã hoàn thành 2/6", TIMEOUT);
    s.keys(&["c"]);
    s.wait_for("Kết quả khóa học", TIMEOUT);
    s.check_shows("Khóa học này chưa thể hoàn thành: 4 mục không mở được.");
    s.check_shows("Bạn chưa hoàn thành khóa học này.");
    s.keys(&["q"]);
    assert_eq!(s.wait_exited(), "0", "exit status of slate");
    s.finish();

    // Opened again, where the learner left off: what was recorded is
    // still there.
    let Some(again) = Session::start("partly-broken-again", &args) else {
        return;
    };
    again.wait_for("Kết quả: Kiểm tra nhanh", TIMEOUT);
    again.keys(&["Escape"]);
    again.wait_for("đã hoàn thành 2/6", TIMEOUT);
    again.keys(&["q"]);
    assert_eq!(again.wait_exited(), "0", "exit status of slate");
    again.finish();
}

/// `slate preview` as a trainer uses it: a save shows on screen at the same
/// place, a broken course.toml puts its problem in the panel (and the fix
/// brings the lesson back), and `a` shows the answer key. Once with file
/// events and once polling, each saying which it uses.
#[test]
fn preview_shows_each_save_where_the_trainer_is() {
    for poll in [false, true] {
        let dir = tempfile::tempdir().expect("a folder");
        let course = dir.path().join("kh");
        let made = Command::new(slate_bin())
            .args(["new", course.to_str().expect("UTF-8"), "--language", "vi"])
            .output()
            .expect("slate new");
        assert!(made.status.success());
        // Long enough to scroll in.
        let lesson = course.join("lessons/welcome.md");
        let mut text = std::fs::read_to_string(&lesson).expect("the lesson");
        text.push_str("\n## Phần thêm\n\n");
        for n in 1..=40 {
            text.push_str(&format!("Dòng {n}.\n\n"));
        }
        std::fs::write(&lesson, &text).expect("the lesson");
        let data = dir.path().join("data");
        let mut args = vec![
            "--data-dir",
            data.to_str().expect("UTF-8"),
            "preview",
            course.to_str().expect("UTF-8"),
            "--lang",
            "vi",
        ];
        if poll {
            args.push("--poll");
        }
        let Some(s) = Session::start(if poll { "preview-poll" } else { "preview" }, &args) else {
            return;
        };
        s.wait_for("Chào mừng", TIMEOUT);
        s.wait_for(
            if poll {
                "tìm lần lưu mới mỗi 200 ms (--poll)"
            } else {
                "thấy ngay mỗi lần lưu"
            },
            TIMEOUT,
        );
        s.check_shows("0 lỗi, 0 cảnh báo");
        s.keys(&["Enter"]);
        s.wait_for("Đây là bài học đầu tiên", TIMEOUT);
        s.keys(&["PageDown", "PageDown"]);
        s.wait_for("Dòng 12.", TIMEOUT);

        std::fs::write(&lesson, text.replace("Dòng 14.", "Dòng mười bốn đã sửa.")).expect("a save");
        s.wait_for("Dòng mười bốn đã sửa.", TIMEOUT);
        s.check("still scrolled down, not back at the top", |sc| {
            !sc.contains("Đây là bài học đầu tiên")
        });

        // A broken manifest: the course closes, the panel says why.
        let manifest = course.join("course.toml");
        let good = std::fs::read_to_string(&manifest).expect("course.toml");
        std::fs::write(&manifest, format!("{good}titel = \"x\"\n")).expect("a save");
        s.wait_for("course.toml:", TIMEOUT);
        s.check_shows("1 lỗi, 0 cảnh báo");
        s.check_shows("unknown key `titel`");
        std::fs::write(&manifest, &good).expect("a save");
        s.wait_for("Dòng mười bốn đã sửa.", TIMEOUT);
        s.check_shows("0 lỗi, 0 cảnh báo");

        // The answer key of the quiz selected in the outline.
        s.keys(&["Escape"]);
        s.wait_for("Kết quả khóa học", TIMEOUT);
        s.keys(&["Down"]);
        s.wait_for("› ○ ✎", TIMEOUT);
        s.keys(&["a"]);
        s.wait_for("Đáp án (a hoặc Esc: đóng)", TIMEOUT);
        s.check_shows("[đúng] `course.toml`");
        s.keys(&["Escape"]);
        s.wait_for("Kết quả khóa học", TIMEOUT);
        s.keys(&["q"]);
        assert_eq!(s.wait_exited(), "0", "exit status of slate");
        s.finish();
    }
}

/// A packed, signed course opens in the player, which says who signed it;
/// the same zip with a lesson edited says so, in the library and when the
/// lesson is opened.
#[test]
fn a_signed_pack_opens_in_the_player_and_a_changed_lesson_is_said() {
    let dir = tempfile::tempdir().expect("a folder");
    let run = |args: &[&str]| {
        let out = Command::new(slate_bin())
            .current_dir(dir.path())
            .args(args)
            .output()
            .expect("slate");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run(&["new", "kh", "--language", "vi"]);
    let did = run(&[
        "keygen",
        "-o",
        "college.key",
        "--name",
        "Trường CĐSP Hà Nội",
    ]);
    let did = did.trim();
    std::fs::create_dir(dir.path().join("lib")).expect("lib");
    run(&["pack", "kh", "-o", "lib/kh.zip", "--sign", "college.key"]);
    let lib = dir.path().join("lib");
    let data = dir.path().join("data");
    let args = [
        "--courses",
        lib.to_str().expect("UTF-8"),
        "--trust-publisher",
        did,
        "--data-dir",
        data.to_str().expect("UTF-8"),
        "--learner",
        "Lan",
        "--lang",
        "vi",
    ];
    let Some(s) = Session::start("signed-pack", &args) else {
        return;
    };
    s.wait_for("được ký bởi Trường CĐSP Hà Nội", TIMEOUT);
    s.keys(&["Down"]);
    s.wait_for("› Khóa học mới của tôi", TIMEOUT);
    s.keys(&["Enter"]);
    s.wait_for("Kiểm tra: một khóa học Slate", TIMEOUT);
    s.keys(&["Enter"]);
    s.wait_for("Đây là bài học đầu tiên", TIMEOUT);
    s.keys(&["q"]);
    assert_eq!(s.wait_exited(), "0", "exit status of slate");
    s.finish();

    // The lesson edited inside the zip, as a stranger would.
    let zip_path = lib.join("kh.zip");
    let original = dir.path().join("signed.zip");
    std::fs::rename(&zip_path, &original).expect("move the zip");
    common::rewrite_zip(&original, &zip_path, |name, mut b| {
        if name.ends_with("lessons/welcome.md") {
            b.extend_from_slice("\nMột dòng lạ.\n".as_bytes());
        }
        Some(b)
    });
    let Some(s) = Session::start("signed-pack-changed", &args) else {
        return;
    };
    s.wait_for("được ký bởi Trường CĐSP Hà Nội", TIMEOUT);
    s.keys(&["Down"]);
    s.wait_for("› Khóa học mới của tôi", TIMEOUT);
    // Back in the lesson where Lan left it, told that it changed.
    s.keys(&["Enter"]);
    s.wait_for("Đã bị sửa sau đóng gói: lessons/welcome.md", TIMEOUT);
    s.keys(&["Escape"]);
    s.wait_for("Kết quả khóa học", TIMEOUT);
    s.keys(&["Escape"]);
    s.wait_for("⚠ Đã bị sửa sau khi ký: lessons/welcome.md", TIMEOUT);
    s.keys(&["q"]);
    assert_eq!(s.wait_exited(), "0", "exit status of slate");
    s.finish();
}
