//! The progress store under the real binary in a pseudo-terminal: killed
//! with SIGKILL at random points of a study session (200 times), two
//! processes on one database, a course on read-only media, and a data
//! folder that cannot be written.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};
use rusqlite::{Connection, OpenFlags};

fn bin() -> PathBuf {
    std::env::var_os("SLATE_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_slate")), PathBuf::from)
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("courses/digital-competence-foundations")
}

/// A course that is one quiz of every question type, unlimited attempts.
fn quiz_only() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/quiz-only")
}

/// A running slate in a pty, its output collected in the background.
struct Running {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Vec<u8>>>,
    _master: Box<dyn MasterPty + Send>,
}

impl Running {
    fn start(args: &[&str], home: &Path, confirm_log: &Path) -> Running {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(bin());
        cmd.args(args);
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("LANG", "en_US.UTF-8");
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        cmd.env("SLATE_TEST_CONFIRM_LOG", confirm_log);
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = output.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Running {
            child,
            writer,
            output,
            _master: pair.master,
        }
    }

    fn shows(&self, needle: &str) -> bool {
        String::from_utf8_lossy(&self.output.lock().unwrap()).contains(needle)
    }

    fn wait_shows(&self, needle: &str) {
        let start = Instant::now();
        while !self.shows(needle) {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{needle:?} never appeared"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn keys(&mut self, k: &str) {
        let _ = self.writer.write_all(k.as_bytes());
        let _ = self.writer.flush();
    }

    fn kill9(&mut self) {
        if let Some(pid) = self.child.process_id() {
            let _ = std::process::Command::new("kill")
                .args(["-9", &pid.to_string()])
                .status();
        }
        let _ = self.child.wait();
    }

    /// Esc first (an answer field would take `q` as a letter), then `q`.
    fn quit(&mut self) -> bool {
        std::thread::sleep(Duration::from_millis(100));
        self.keys("\x1b");
        std::thread::sleep(Duration::from_millis(150));
        let before = self.output.lock().unwrap().len();
        self.keys("q");
        let start = Instant::now();
        let mut confirmed = false;
        while start.elapsed() < Duration::from_secs(60) {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.success();
            }
            // Steps not saved: Slate says they will be lost and asks for
            // a second q.
            let asked = String::from_utf8_lossy(
                self.output
                    .lock()
                    .unwrap()
                    .get(before..)
                    .unwrap_or_default(),
            )
            .contains("again");
            if asked && !confirmed {
                confirmed = true;
                self.keys("q");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        self.kill9();
        false
    }
}

/// Answers questions as fast as a script can: `1234` picks, types, orders
/// or matches (whatever the question takes), Enter submits, Enter goes on;
/// `r` starts a new attempt on the results screen.
const ANSWER: &str = "1234\r\r";

/// Every answer the screen confirmed (the log is written after the commit,
/// before drawing) must be in the database, and the database must be sound.
fn check_database(data: &Path, log: &Path, learner: &str) -> usize {
    let db = data.join("progress.db");
    let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_WRITE).unwrap();
    conn.busy_timeout(Duration::from_secs(10)).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let confirmed = std::fs::read_to_string(log).unwrap_or_default();
    let mut n = 0;
    for line in confirmed.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let [course, quiz, attempt, question] = f[..] else {
            panic!("bad log line {line:?}")
        };
        let found: i64 = conn
            .query_row(
                "SELECT count(*) FROM answer a JOIN attempt t ON a.attempt_id = t.id JOIN learner l ON t.learner_id = l.id
                 WHERE l.name = ?1 AND t.course_id = ?2 AND t.quiz_id = ?3 AND t.number = ?4 AND a.question_id = ?5",
                rusqlite::params![learner, course, quiz, attempt.parse::<i64>().unwrap(), question],
                |r| r.get(0),
            )
            .unwrap();
        if found != 1 {
            let files: Vec<String> = std::fs::read_dir(data)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            let rows: Vec<String> = conn
                .prepare("SELECT l.name, t.number, a.question_id FROM answer a JOIN attempt t ON a.attempt_id = t.id JOIN learner l ON t.learner_id = l.id")
                .unwrap()
                .query_map([], |r| Ok(format!("{}:{}:{}", r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            panic!(
                "confirmed answer missing from the database: {line}\nfiles: {files:?}\nanswers: {rows:?}"
            );
        }
        n += 1;
    }
    n
}

#[test]
fn two_hundred_kills_lose_no_confirmed_answer() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let log = tmp.path().join("confirmed.log");
    let course = quiz_only();
    let args = [
        "--data-dir",
        data.to_str().unwrap(),
        "--learner",
        "Lan",
        "play",
        course.to_str().unwrap(),
    ];
    let mut rng = fastrand::Rng::with_seed(20261123);
    let mut confirmed = 0;
    for round in 0..200 {
        let mut s = Running::start(&args, tmp.path(), &log);
        // The first frame, then answers (the quiz opens from the outline
        // the first time, and is resumed directly after that) until killed.
        s.wait_shows("quit");
        let stop = Instant::now() + Duration::from_millis(rng.u64(20..250));
        while Instant::now() < stop {
            s.keys(if rng.u8(..10) == 0 { "r" } else { ANSWER });
            std::thread::sleep(Duration::from_millis(rng.u64(0..6)));
        }
        s.kill9();
        confirmed = check_database(&data, &log, "Lan");
        if round == 0 {
            assert!(data.join("progress.db").exists());
        }
    }
    assert!(
        confirmed > 50,
        "the session confirmed only {confirmed} answers: it never got going"
    );
}

#[test]
fn two_processes_on_one_database_wait_for_each_other() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let course = quiz_only();
    let mut runs: Vec<(Running, PathBuf, &str)> = ["Lan", "Minh"]
        .into_iter()
        .map(|name| {
            let log = tmp.path().join(format!("{name}.log"));
            let args = [
                "--data-dir",
                data.to_str().unwrap(),
                "--learner",
                name,
                "play",
                course.to_str().unwrap(),
            ];
            (Running::start(&args, tmp.path(), &log), log, name)
        })
        .collect();
    for (r, _, _) in &mut runs {
        r.wait_shows("quit");
    }
    // Both answer at once, about as fast as each commits (a faster stream
    // would only queue keys for minutes).
    for _ in 0..120 {
        for (r, _, _) in &mut runs {
            r.keys(ANSWER);
        }
        std::thread::sleep(Duration::from_millis(15));
    }
    for (r, _, _) in &mut runs {
        assert!(r.quit(), "slate did not exit cleanly");
        assert!(
            !r.shows("could not be saved"),
            "a save failed while the other process wrote"
        );
    }
    for (_, log, name) in &runs {
        let n = check_database(&data, log, name);
        assert!(n > 5, "{name} confirmed only {n} answers");
    }
}

fn tree_digest(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_course_on_read_only_media_is_never_written() {
    let tmp = tempfile::tempdir().unwrap();
    let course = tmp.path().join("course");
    copy_dir(&sample(), &course);
    set_read_only(&course, true);
    let before = tree_digest(&course);
    let data = tmp.path().join("data");
    let log = tmp.path().join("log");
    let args = [
        "--data-dir",
        data.to_str().unwrap(),
        "--learner",
        "Lan",
        "play",
        course.to_str().unwrap(),
    ];
    let mut s = Running::start(&args, tmp.path(), &log);
    s.wait_shows("Strong");
    s.keys("\r"); // the first lesson
    s.wait_shows("attackers");
    s.keys("\x1b[F"); // End: the lesson is read
    s.keys("nn"); // the next lesson, then the quiz
    std::thread::sleep(Duration::from_millis(100));
    for _ in 0..10 {
        s.keys(ANSWER);
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(s.quit());
    set_read_only(&course, false);
    assert_eq!(tree_digest(&course), before, "the course package changed");
    assert!(check_database(&data, &log, "Lan") > 0);
}

#[test]
fn an_unwritable_data_folder_still_lets_the_learner_study() {
    let tmp = tempfile::tempdir().unwrap();
    // A file where the data folder should be: it can never be created.
    let data = tmp.path().join("not-a-folder");
    std::fs::write(&data, "x").unwrap();
    let log = tmp.path().join("log");
    let course = sample();
    let args = [
        "--data-dir",
        data.to_str().unwrap(),
        "--learner",
        "Lan",
        "play",
        course.to_str().unwrap(),
    ];
    let mut s = Running::start(&args, tmp.path(), &log);
    // The warning says progress is not being saved (words are drawn
    // apart; that it lasts is tested in tests/screens.rs).
    s.wait_shows("Not");
    s.wait_shows("saving");
    s.keys("\r");
    s.wait_shows("attackers");
    assert!(s.quit());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

fn set_read_only(dir: &Path, ro: bool) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            set_read_only(&p, ro);
        }
        let mut perm = std::fs::metadata(&p).unwrap().permissions();
        perm.set_readonly(ro);
        std::fs::set_permissions(&p, perm).unwrap();
    }
}
