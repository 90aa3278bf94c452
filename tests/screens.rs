//! Snapshots of every screen (ratatui TestBackend + insta) at 80x24 and a
//! small window, in English and Vietnamese, driven through `update` with
//! the same effect runner the real loop uses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use slate::course::Library;
use slate::i18n::I18n;
use slate::tui::action::Action;
use slate::tui::runner::{Runner, dispatch};
use slate::tui::screens::draw;
use slate::tui::screens::learners::LearnersView;
use slate::tui::state::State;
use slate::tui::theme::Theme;

fn showcase() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/showcase")
}

struct Player {
    state: State,
    runner: Runner,
    /// The data folder of this player's progress (removed with it).
    _data: tempfile::TempDir,
}

impl Player {
    fn new(lang: &str, w: u16, h: u16) -> Player {
        Player::on(showcase(), lang, w, h)
    }

    /// The player on the package at `path`.
    fn on(path: PathBuf, lang: &str, w: u16, h: u16) -> Player {
        let lib = Library::load(&[path], None, false, None);
        let courses = lib.courses();
        let state = State::new(I18n::new(lang), Theme::new(false, false), lib.entries);
        let mut runner = Runner::new(lib.sources, courses);
        runner.open_files = false;
        runner.lang = lang.to_string();
        // Progress is saved, as in the real player: the learner Lan.
        let data = tempfile::tempdir().unwrap();
        runner.store =
            Some(slate::store::Store::open(&data.path().join(slate::store::DB_NAME)).unwrap());
        let mut p = Player {
            state,
            runner,
            _data: data,
        };
        let (ready, _) = p.runner.run(slate::tui::action::Effect::ChooseLearner {
            name: "Lan".into(),
            email: None,
            read_only: false,
        });
        p.act(ready.unwrap());
        p.act(Action::Resize(w, h));
        p
    }

    fn act(&mut self, action: Action) {
        dispatch(&mut self.state, &mut self.runner, action);
    }

    fn keys(&mut self, actions: &[Action]) -> &mut Self {
        for a in actions {
            self.act(a.clone());
        }
        self
    }

    fn typed(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.act(Action::Char(c));
        }
        self
    }

    fn screen(&self) -> String {
        let (w, h) = (self.state.session.width, self.state.session.height);
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| draw(f, &self.state)).unwrap();
        format!("{}", t.backend())
    }
}

use Action::*;

/// Snapshots live in `tests/snapshots/screens/`, named by screen only.
fn snapshots() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/screens");
    settings.set_prepend_module_to_snapshot(false);
    settings
}

/// A screen's name and how to get there from the library.
type Journey = (&'static str, Box<dyn Fn(&mut Player)>);

fn journeys() -> Vec<Journey> {
    vec![
        ("library", Box::new(|_| {})),
        (
            "outline",
            Box::new(|p| {
                p.keys(&[Enter]);
            }),
        ),
        (
            "lesson-top",
            Box::new(|p| {
                p.keys(&[Enter, Enter]);
            }),
        ),
        (
            "lesson-table-callout-cjk-lao",
            Box::new(|p| {
                p.keys(&[Enter, Enter, Down, Down, Down, Down, Down, Down]);
            }),
        ),
        (
            "lesson-end",
            Box::new(|p| {
                p.keys(&[Enter, Enter, End]);
            }),
        ),
        (
            "lesson-media",
            Box::new(|p| {
                p.keys(&[Enter, Enter, Media]);
            }),
        ),
        (
            "quiz-start",
            Box::new(|p| {
                p.keys(&[Enter, Enter, Next]);
            }),
        ),
        (
            "quiz-single",
            Box::new(|p| {
                p.keys(&[Enter, Enter, Next, Enter, Digit(2)]);
            }),
        ),
        (
            "quiz-single-feedback-wrong",
            Box::new(|p| {
                p.keys(&[Enter, Enter, Next, Enter, Digit(1), Enter]);
            }),
        ),
        (
            "quiz-multiple-hint",
            Box::new(|p| {
                p.keys(&[
                    Enter,
                    Enter,
                    Next,
                    Enter,
                    Digit(2),
                    Enter,
                    Enter,
                    Digit(1),
                    Hint,
                ]);
            }),
        ),
        (
            "quiz-true-false-right",
            Box::new(|p| {
                p.keys(&[
                    Enter,
                    Enter,
                    Next,
                    Enter,
                    Digit(2),
                    Enter,
                    Enter,
                    Digit(1),
                    Digit(2),
                    Enter,
                    Enter,
                    Digit(2),
                    Enter,
                ]);
            }),
        ),
        (
            "quiz-text-typing",
            Box::new(|p| {
                p.keys(&[
                    Enter,
                    Enter,
                    Next,
                    Enter,
                    Digit(2),
                    Enter,
                    Enter,
                    Digit(1),
                    Digit(2),
                    Enter,
                    Enter,
                    Digit(2),
                    Enter,
                    Enter,
                ]);
                p.typed("mật khẩu");
            }),
        ),
        (
            "quiz-order",
            Box::new(|p| {
                p.keys(&[
                    Enter,
                    Enter,
                    Next,
                    Enter,
                    Digit(2),
                    Enter,
                    Enter,
                    Digit(1),
                    Digit(2),
                    Enter,
                    Enter,
                    Digit(2),
                    Enter,
                    Enter,
                ]);
                p.typed("mật khẩu");
                p.keys(&[Enter, Enter]);
                p.typed("14");
                p.keys(&[Enter, Enter, Digit(2), Digit(1)]);
            }),
        ),
        (
            "quiz-match",
            Box::new(|p| {
                p.keys(&[
                    Enter,
                    Enter,
                    Next,
                    Enter,
                    Digit(2),
                    Enter,
                    Enter,
                    Digit(1),
                    Digit(2),
                    Enter,
                    Enter,
                    Digit(2),
                    Enter,
                    Enter,
                ]);
                p.typed("mật khẩu");
                p.keys(&[Enter, Enter]);
                p.typed("14");
                p.keys(&[
                    Enter,
                    Enter,
                    Digit(1),
                    Digit(2),
                    Digit(3),
                    Digit(4),
                    Enter,
                    Enter,
                    Digit(1),
                ]);
            }),
        ),
        (
            "quiz-results",
            Box::new(|p| {
                p.keys(&[
                    Enter,
                    Enter,
                    Next,
                    Enter,
                    Digit(2),
                    Enter,
                    Enter,
                    Digit(1),
                    Digit(2),
                    Enter,
                    Enter,
                    Digit(2),
                    Enter,
                    Enter,
                ]);
                p.typed("mật khẩu");
                p.keys(&[Enter, Enter]);
                p.typed("14");
                p.keys(&[
                    Enter,
                    Enter,
                    Digit(1),
                    Digit(2),
                    Digit(3),
                    Digit(4),
                    Enter,
                    Enter,
                    Digit(1),
                    Digit(2),
                    Enter,
                    Enter,
                ]);
            }),
        ),
        (
            "course-results",
            Box::new(|p| {
                p.keys(&[Enter, End, Enter]);
            }),
        ),
        (
            "help",
            Box::new(|p| {
                p.keys(&[Enter, Enter, Help]);
            }),
        ),
    ]
}

#[test]
fn every_screen_in_english_and_vietnamese_at_two_sizes() {
    snapshots().bind(|| {
        for lang in ["en", "vi"] {
            for (w, h) in [(80, 24), (48, 14)] {
                for (name, go) in journeys() {
                    let mut p = Player::new(lang, w, h);
                    go(&mut p);
                    insta::assert_snapshot!(format!("{name}-{lang}-{w}x{h}"), p.screen());
                }
            }
        }
    });
}

#[test]
fn a_window_below_the_minimum_says_what_it_needs() {
    let p = Player::new("en", 30, 10);
    let screen = p.screen();
    assert!(screen.contains("30×10"), "{screen}");
    assert!(screen.contains("40×12"), "{screen}");
}

#[test]
fn resizing_rewraps_and_keeps_the_reading_place() {
    let mut p = Player::new("en", 80, 24);
    p.keys(&[Enter, Enter, Down, Down, Down, Down, Down, Down, Down, Down]);
    let top_before = top_line(&p);
    p.act(Resize(50, 20));
    let top_after = top_line(&p);
    // The same block is at the top after re-wrapping to another width.
    assert_eq!(
        top_before.split_whitespace().next(),
        top_after.split_whitespace().next(),
        "{top_before:?} / {top_after:?}"
    );
    // Wider, but still too short to show the whole lesson.
    p.act(Resize(120, 20));
    assert_eq!(
        top_before.split_whitespace().next(),
        top_line(&p).split_whitespace().next()
    );
}

fn top_line(p: &Player) -> String {
    let slate::tui::state::Screen::Lesson(v) = &p.state.screen else {
        panic!()
    };
    v.lines[v.scroll].text()
}

#[test]
fn the_quiz_journey_records_every_event() {
    let mut p = Player::new("en", 80, 24);
    for (name, go) in journeys() {
        if name == "quiz-results" {
            go(&mut p);
        }
    }
    use slate::tui::action::LearnerEvent::*;
    let kinds: Vec<&str> = p
        .runner
        .recorded
        .iter()
        .map(|e| match e {
            ItemOpened { .. } => "opened",
            LessonRead { .. } => "read",
            AnswerSubmitted { .. } => "answer",
            QuizFinished { .. } => "finished",
            AttemptStarted { .. } => "started",
            AttemptSetAside { .. } => "set aside",
            PositionSaved { .. } => "position",
            TimeSpent { .. } => "time",
            NoteSaved { .. } => "note",
            BookmarkToggled { .. } => "bookmark",
        })
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "answer").count(),
        7,
        "{kinds:?}"
    );
    assert_eq!(kinds.last(), Some(&"finished"));
    assert!(kinds.contains(&"opened"));
    assert!(kinds.contains(&"started"));
}

#[test]
fn notes_and_bookmarks_are_events_and_show_in_the_overlay() {
    let mut p = Player::new("en", 80, 24);
    p.keys(&[Enter, Enter, Down, Down, Bookmark, Note]);
    assert_eq!(p.state.mode(), slate::tui::keymap::Mode::Typing);
    p.typed("Ask the ICT teacher about 2FA");
    assert!(
        p.screen()
            .contains("Your note (Enter saves, Esc cancels): Ask the ICT teacher about 2FA")
    );
    p.keys(&[Enter, Media]);
    let screen = p.screen();
    assert!(screen.contains("Your note"), "{screen}");
    assert!(screen.contains("Ask the ICT teacher about 2FA"), "{screen}");
    assert!(screen.contains("Your bookmarks"), "{screen}");
    use slate::tui::action::LearnerEvent::*;
    assert!(
        p.runner
            .recorded
            .iter()
            .any(|e| matches!(e, BookmarkToggled { on: true, .. }))
    );
    assert!(
        p.runner.recorded.iter().any(
            |e| matches!(e, NoteSaved { text, .. } if text == "Ask the ICT teacher about 2FA")
        )
    );
    // The mark in the margin, after closing the overlay.
    p.keys(&[Back]);
    assert!(p.screen().contains('★'));
}

#[test]
fn the_learner_screen_in_english_and_vietnamese() {
    snapshots().bind(|| {
        for lang in ["en", "vi"] {
            for (w, h) in [(80, 24), (48, 14)] {
                let mut p = Player::new(lang, w, h);
                p.state.session.learners = vec!["Lan".into(), "Minh".into()];
                p.state.screen = slate::tui::state::Screen::Learners(LearnersView::default());
                insta::assert_snapshot!(format!("learners-{lang}-{w}x{h}"), p.screen());
                p.keys(&[End, Enter]);
                p.typed("Hoa");
                p.keys(&[Enter]);
                p.typed("hoa@example.org");
                insta::assert_snapshot!(format!("learners-new-{lang}-{w}x{h}"), p.screen());
            }
        }
    });
}

#[test]
fn a_long_learner_list_keeps_the_selection_and_the_form_in_view() {
    let mut p = Player::new("en", 40, 12);
    p.state.session.learners = (1..=30).map(|i| format!("Teacher {i:02}")).collect();
    p.state.screen = slate::tui::state::Screen::Learners(LearnersView::default());
    p.keys(&[End]);
    assert!(p.screen().contains("New learner"), "{}", p.screen());
    p.keys(&[Up]);
    assert!(p.screen().contains("Teacher 30"), "{}", p.screen());
    p.keys(&[Down, Enter]);
    p.typed("Hoa");
    let screen = p.screen();
    assert!(screen.contains("Name: Hoa"), "{screen}");
}

#[test]
fn links_on_screen_are_found_for_terminal_hyperlinks() {
    let mut p = Player::new("en", 80, 24);
    p.keys(&[Enter, Enter, End]);
    let slate::tui::state::Screen::Lesson(v) = &p.state.screen else {
        panic!()
    };
    let regions = slate::tui::screens::lesson::link_regions(v, 80, 24);
    assert!(
        regions
            .iter()
            .any(|r| r.text == "a link" && r.url == "https://www.unesco.org"),
        "{regions:?}"
    );
    // Each region is exactly where that text was drawn.
    let screen = p.screen();
    let rows: Vec<&str> = screen.lines().map(|l| l.trim_matches('"')).collect();
    for r in &regions {
        let row = rows[r.y as usize];
        let col: String = row
            .chars()
            .skip(r.x as usize)
            .take(r.text.chars().count())
            .collect();
        assert_eq!(col, r.text, "{r:?} in {row:?}");
    }
    // Package paths (the image) are not hyperlinks.
    assert!(regions.iter().all(|r| r.url.starts_with("http")));
}

#[test]
fn replaying_a_sessions_events_gives_what_the_store_loads_back() {
    use slate::tui::action::Effect;
    let dir = tempfile::tempdir().unwrap();
    let mut p = Player::new("vi", 80, 24);
    p.runner.store = Some(slate::store::Store::open(&dir.path().join("progress.db")).unwrap());
    let (ready, _) = p.runner.run(Effect::ChooseLearner {
        name: "Nguyễn Thị Lan".into(),
        email: None,
        read_only: false,
    });
    p.act(ready.unwrap());
    // A quiz answered whole (some right, some wrong), then a second attempt
    // left half done.
    for (name, go) in journeys() {
        if name == "quiz-results" {
            go(&mut p);
        }
    }
    p.keys(&[Retry, Digit(1), Enter, Enter, Back]);
    // A lesson read to its end, a bookmark set and one set and taken away,
    // a note, the reading place kept.
    p.keys(&[
        Up, Enter, Down, Down, Bookmark, Down, Bookmark, Bookmark, Note,
    ]);
    p.typed("Hỏi thầy về xác thực hai lớp");
    p.keys(&[Enter, End, Home, Down, Down, Down, Back]);
    p.act(Quit);
    p.runner.finish();

    let mut replayed: std::collections::HashMap<String, slate::progress::Progress> =
        Default::default();
    for event in &p.runner.recorded {
        replayed
            .entry(event.course().to_string())
            .or_default()
            .apply(event);
    }
    let store = p.runner.store.as_ref().unwrap();
    let learner = store.find_learner("Nguyễn Thị Lan").unwrap().unwrap();
    let loaded = store.load_progress(learner.id).unwrap();
    assert_eq!(replayed, loaded);
    let progress = &loaded["showcase"];
    assert_eq!(progress.finished["all-types"].len(), 1);
    assert_eq!(progress.open_attempts["all-types"].answered(), 1);
    assert_eq!(progress.notes.len(), 1);
    assert_eq!(
        progress.bookmarks.values().map(|b| b.len()).sum::<usize>(),
        1
    );
    assert!(!progress.positions.is_empty() && !progress.read.is_empty());
    // What the player holds in memory is the same (it applies each event it
    // emits), but for the time spent, which the runner measures.
    let mut in_memory = p.state.session.progress["showcase"].clone();
    in_memory.time_spent = progress.time_spent.clone();
    assert_eq!(&in_memory, progress);
}

/// After Down pressed far past the end, one Up moves the screen: the
/// scroll is kept to what the screen shows, not only clamped when drawn.
fn up_moves_at_once(p: &mut Player, what: &str) {
    // From the top (an answer's feedback opens scrolled to itself).
    p.act(Home);
    let top = p.screen();
    for _ in 0..200 {
        p.act(Down);
    }
    let bottom = p.screen();
    assert_ne!(top, bottom, "{what}: Down scrolls");
    p.act(Down);
    assert_eq!(p.screen(), bottom, "{what}: the end stays the end");
    p.act(Up);
    assert_ne!(p.screen(), bottom, "{what}: one Up moves at once");
}

#[test]
fn every_scrolling_screen_keeps_its_scroll_to_its_lines() {
    for (name, w, h) in [
        ("lesson-top", 48, 14),
        ("quiz-single-feedback-wrong", 48, 14),
        ("quiz-results", 80, 24),
        ("quiz-results", 48, 14),
        ("course-results", 48, 14),
    ] {
        let mut p = Player::new("vi", w, h);
        for (journey, go) in journeys() {
            if journey == name {
                go(&mut p);
            }
        }
        up_moves_at_once(&mut p, &format!("{name} at {w}x{h}"));
    }
}

#[test]
fn a_resize_keeps_the_results_scroll_within_the_new_lines() {
    let mut p = Player::new("en", 48, 14);
    for (journey, go) in journeys() {
        if journey == "quiz-results" {
            go(&mut p);
        }
    }
    for _ in 0..200 {
        p.act(Down);
    }
    // Wider and taller: fewer lines to scroll; the last is still the last.
    p.act(Resize(80, 24));
    let bottom = p.screen();
    p.act(Down);
    assert_eq!(p.screen(), bottom);
    p.act(Up);
    assert_ne!(p.screen(), bottom);
}

#[test]
fn the_images_and_links_overlay_scrolls_past_a_long_note() {
    let mut p = Player::new("en", 80, 24);
    p.keys(&[Enter, Enter, Note]);
    p.act(Paste("a long note ".repeat(400)));
    p.keys(&[Enter, Media]);
    assert!(!p.screen().contains("unesco"), "{}", p.screen());
    up_moves_at_once(&mut p, "the overlay");
    p.act(End);
    assert!(
        p.screen().contains("https://www.unesco.org"),
        "{}",
        p.screen()
    );
    // Still the overlay: Esc closes it and the lesson is back.
    p.act(Back);
    assert!(!p.screen().contains("Images and links"));
}

#[cfg(unix)]
#[test]
fn the_viewer_gets_only_images_the_package_holds() {
    use slate::tui::action::Effect;
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.png"), b"\x89PNG\r\n\x1a\nnot yours").unwrap();
    let p = dir.path().join("p");
    std::fs::create_dir_all(p.join("lessons")).unwrap();
    std::fs::create_dir_all(p.join("assets")).unwrap();
    std::fs::copy(showcase().join("course.toml"), p.join("course.toml")).unwrap();
    for f in ["features.md", "features.vi.md"] {
        std::fs::copy(
            showcase().join("lessons").join(f),
            p.join("lessons").join(f),
        )
        .unwrap();
    }
    std::fs::copy(showcase().join("quizzes/all-types.toml"), {
        std::fs::create_dir_all(p.join("quizzes")).unwrap();
        p.join("quizzes/all-types.toml")
    })
    .unwrap();
    std::fs::write(p.join("assets/sms.png"), b"#!/bin/sh\necho not an image\n").unwrap();
    std::fs::write(p.join("assets/run.sh"), b"#!/bin/sh\necho hi\n").unwrap();
    std::fs::write(p.join("assets/report.pdf"), b"MZ not a pdf").unwrap();
    // A folder of the package that is a link to one outside it.
    std::os::unix::fs::symlink(&outside, p.join("linked")).unwrap();
    let mut runner = runner_on(p, true);
    for (path, why) in [
        ("linked/secret.png", "read-missing"),
        ("assets/sms.png", "media-not-what-it-says"),
        ("assets/report.pdf", "media-not-what-it-says"),
        ("course.toml", "media-not-opened"),
        ("assets/run.sh", "media-not-opened"),
    ] {
        let (answer, _) = runner.run(Effect::OpenFile {
            entry: 0,
            path: path.into(),
            lang: "en".into(),
        });
        let Some(Action::Flash(flash)) = answer else {
            panic!("{path}: {answer:?}")
        };
        assert_eq!(flash.id, "media-cannot-open", "{path}");
        let reason = format!("{:?}", flash.args);
        assert!(reason.contains(why), "{path}: {reason}");
    }
}

#[test]
fn a_linked_text_file_opens_in_the_reader_in_the_learners_language() {
    use slate::tui::action::Effect;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p");
    common::write_package(
        &p,
        &[
            ("course.toml", common::MANIFEST.as_bytes()),
            (
                "lessons/intro.md",
                "# Intro\n\nPrint the [checklist](../assets/list.txt).\n".as_bytes(),
            ),
            (
                "assets/list.txt",
                "CHECKLIST\n[ ] one\n\x1b[2J[ ] two\n".as_bytes(),
            ),
            ("assets/list.lo.txt", "ລາຍການ\n[ ] ໜຶ່ງ\n".as_bytes()),
        ],
    );
    let mut runner = runner_on(p, false);
    let read = |runner: &mut Runner, lang: &str| {
        let (answer, _) = runner.run(Effect::OpenFile {
            entry: 0,
            path: "assets/list.txt".into(),
            lang: lang.into(),
        });
        match answer {
            Some(Action::FileRead { path, text }) => (path, text),
            other => panic!("{lang}: {other:?}"),
        }
    };
    let (path, text) = read(&mut runner, "en");
    assert_eq!(path, "assets/list.txt");
    assert!(text.contains("CHECKLIST"));
    let (path, text) = read(&mut runner, "lo");
    assert_eq!(path, "assets/list.lo.txt");
    assert!(text.contains("ລາຍການ"));
    // In the reader, what the file holds is shown safe: no escape reaches
    // the terminal.
    let mut player = Player::new("en", 80, 24);
    player.keys(&[Enter, Enter, Media]);
    player.act(Action::FileRead {
        path: "assets/list.txt".into(),
        text: "CHECKLIST\n\x1b[2J[ ] two\n".into(),
    });
    let screen = player.screen();
    assert!(
        screen.contains("CHECKLIST") && screen.contains("[ ] two"),
        "{screen}"
    );
    assert!(!screen.contains('\x1b'), "{screen}");
    player.keys(&[Back]);
    assert!(
        !player.screen().contains("CHECKLIST"),
        "Esc: back to the list"
    );
}

#[test]
fn a_file_slate_never_opens_can_be_copied_out_but_never_over_another() {
    use slate::tui::action::Effect;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p");
    common::write_package(
        &p,
        &[
            ("course.toml", common::MANIFEST.as_bytes()),
            (
                "lessons/intro.md",
                "# Intro\n\nThe [setup script](../assets/setup.sh).\n".as_bytes(),
            ),
            ("assets/setup.sh", b"#!/bin/sh\necho set up\n"),
        ],
    );
    let mut runner = runner_on(p, false);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let to = out.join("setup.sh").display().to_string();
    let copy = |runner: &mut Runner| {
        let (answer, _) = runner.run(Effect::CopyFile {
            entry: 0,
            path: "assets/setup.sh".into(),
            to: to.clone(),
        });
        match answer {
            Some(Action::Flash(f)) => f.id,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(copy(&mut runner), "media-copied");
    assert_eq!(
        std::fs::read(out.join("setup.sh")).unwrap(),
        b"#!/bin/sh\necho set up\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join("setup.sh"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0, "not executable");
    }
    std::fs::write(out.join("setup.sh"), b"mine").unwrap();
    assert_eq!(copy(&mut runner), "media-cannot-copy", "never over a file");
    assert_eq!(std::fs::read(out.join("setup.sh")).unwrap(), b"mine");
    // In the overlay: c asks where, in a field; Esc leaves it.
    let mut player = Player::new("en", 80, 24);
    player.keys(&[Enter, Enter, Media, Continue]);
    assert_eq!(player.state.mode(), slate::tui::keymap::Mode::Typing);
    assert!(player.screen().contains("Copy to"), "{}", player.screen());
    player.keys(&[Back]);
    assert_eq!(player.state.mode(), slate::tui::keymap::Mode::Normal);
}

#[test]
fn a_quiz_changed_under_an_open_attempt_keeps_its_answers() {
    use slate::course::ItemKind;
    use slate::tui::action::Effect;
    let dir = tempfile::tempdir().unwrap();
    let mut p = Player::new("en", 80, 24);
    p.runner.store = Some(slate::store::Store::open(&dir.path().join("progress.db")).unwrap());
    let (ready, _) = p.runner.run(Effect::ChooseLearner {
        name: "Lan".into(),
        email: None,
        read_only: false,
    });
    p.act(ready.unwrap());
    // Two answers given, then the course changes: a question is gone.
    p.keys(&[
        Enter,
        Enter,
        Next,
        Enter,
        Digit(2),
        Enter,
        Enter,
        Digit(1),
        Enter,
        Enter,
        Back,
    ]);
    let course = std::sync::Arc::make_mut(p.state.session.entries[0].course.as_mut().unwrap());
    let quiz = course
        .items
        .iter_mut()
        .find_map(|i| match &mut i.kind {
            ItemKind::Quiz(q) => Some(q),
            ItemKind::Lesson(_) | ItemKind::Unavailable(_) => None,
        })
        .unwrap();
    quiz.questions.pop();
    // Opened again: the old attempt is set aside, and the start page
    // waits for the learner to begin a new one.
    p.keys(&[Enter]);
    assert!(
        matches!(p.state.screen, slate::tui::state::Screen::QuizStart(_)),
        "{}",
        p.screen()
    );
    assert!(
        !p.state.session.progress["showcase"]
            .open_attempts
            .contains_key("all-types")
    );
    p.keys(&[Enter]);
    let progress = &p.state.session.progress["showcase"];
    assert_eq!(
        progress.open_attempts["all-types"].number, 2,
        "a new attempt"
    );
    assert_eq!(progress.set_aside["all-types"][0].answered(), 2);
    assert_eq!(
        progress.attempts_used("all-types"),
        0,
        "the old one does not count"
    );
    let store = p.runner.store.as_ref().unwrap();
    let kept: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM answer JOIN attempt ON attempt.id = answer.attempt_id
             WHERE attempt.number = 1 AND attempt.outdated = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 2, "the confirmed answers are still in the store");
    let learner = store.find_learner("Lan").unwrap().unwrap();
    assert_eq!(
        &store.load_progress(learner.id).unwrap()["showcase"],
        progress
    );
}

/// Every write to the database fails (as on a full disk or a pulled
/// stick: SQLite refuses the write), or works again.
fn disk_full(p: &Player, full: bool) {
    let c = p.runner.store.as_ref().unwrap().connection();
    c.pragma_update(None, "query_only", full).unwrap();
}

fn answers_in_store(p: &Player) -> i64 {
    p.runner
        .store
        .as_ref()
        .unwrap()
        .connection()
        .query_row("SELECT count(*) FROM answer", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_full_disk_is_said_on_every_screen_and_the_answers_are_saved_when_it_can() {
    let mut p = Player::new("en", 80, 24);
    p.keys(&[Enter, Enter, Next, Enter]);
    disk_full(&p, true);
    // Answered while nothing can be written: graded and shown, marked.
    p.keys(&[Digit(2), Enter]);
    let screen = p.screen();
    assert!(screen.contains("This answer is not saved yet"), "{screen}");
    assert!(screen.contains("⚠ Not saved: 1 step ("), "{screen}");
    assert_eq!(answers_in_store(&p), 0);
    // It lasts, screen after screen, key after key.
    for keys in [&[Enter][..], &[Back], &[Down, Down]] {
        p.keys(keys);
        assert!(p.screen().contains("⚠ Not saved: "), "{}", p.screen());
    }
    // Quitting now would lose it: said, and q again is needed.
    assert!(!dispatch(&mut p.state, &mut p.runner, Quit));
    assert!(
        p.screen()
            .contains("Not saved: 1 step would be lost. q again"),
        "{}",
        p.screen()
    );
    assert!(
        !dispatch(&mut p.state, &mut p.runner, Down),
        "any other key stays"
    );
    // Room again: the next key saves what waited, and the warning goes.
    disk_full(&p, false);
    p.keys(&[Up]);
    assert_eq!(answers_in_store(&p), 1);
    assert!(!p.screen().contains("Not saved"), "{}", p.screen());
    assert!(
        dispatch(&mut p.state, &mut p.runner, Quit),
        "nothing waits: q quits"
    );
}

fn langs_in(p: &Player, table: &str) -> Vec<Option<String>> {
    let conn = p.runner.store.as_ref().unwrap().connection();
    conn.prepare(&format!("SELECT lang FROM {table}"))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn each_step_is_saved_with_the_language_it_was_studied_in() {
    // The bundled course is in Vietnamese, Lao, Chinese and English.
    let bundled =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("courses/digital-competence-foundations");
    for lang in ["vi", "lo", "en"] {
        let mut p = Player::on(bundled.clone(), lang, 80, 24);
        p.keys(&[Enter, Enter]);
        let langs = langs_in(&p, "item_event");
        assert!(!langs.is_empty());
        assert!(
            langs.iter().all(|l| l.as_deref() == Some(lang)),
            "{lang}: {langs:?}"
        );
    }
    // Attempts and answers too: in the language the course has for the
    // learner (Chinese is not among the showcase's, so its default).
    for lang in ["vi", "zh-CN"] {
        let mut p = Player::new(lang, 80, 24);
        let want = p.state.session.entries[0]
            .course
            .as_ref()
            .unwrap()
            .content_language(lang)
            .to_string();
        p.keys(&[Enter, Enter, Next, Enter, Digit(2), Enter]);
        assert_eq!(answers_in_store(&p), 1);
        for table in ["item_event", "attempt", "answer"] {
            let langs = langs_in(&p, table);
            assert!(!langs.is_empty(), "{table}");
            assert!(
                langs.iter().all(|l| l.as_deref() == Some(want.as_str())),
                "{lang} {table}: {langs:?}"
            );
        }
    }
}

/// An attempt's time is the visits inside it: the visit to a quiz ends
/// when an attempt at it starts, so the time before belongs to no attempt.
#[test]
fn a_visit_ends_when_an_attempt_starts() {
    use slate::progress::LearnerEvent;
    let mut p = Player::new("vi", 80, 24);
    p.keys(&[Enter, Enter, Next]);
    // Over a second on the quiz's first screen (time is kept in seconds).
    std::thread::sleep(std::time::Duration::from_millis(1100));
    p.keys(&[Enter]);
    let events = &p.runner.recorded;
    let started = events
        .iter()
        .position(|e| matches!(e, LearnerEvent::AttemptStarted { .. }))
        .expect("an attempt started");
    let LearnerEvent::AttemptStarted { quiz, .. } = &events[started] else {
        unreachable!()
    };
    assert!(
        matches!(&events[started - 1], LearnerEvent::TimeSpent { item, seconds, .. } if item == quiz && *seconds >= 1),
        "{events:#?}"
    );
    let visits: i64 = p
        .runner
        .store
        .as_ref()
        .unwrap()
        .connection()
        .query_row(
            "SELECT count(*) FROM visit WHERE item_id = ?1",
            [quiz],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(visits, 1);
}

#[test]
fn a_new_learner_on_a_full_disk_is_saved_with_their_steps_later() {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::load(&[showcase()], None, false, None);
    let courses = lib.courses();
    let state = State::new(I18n::new("vi"), Theme::new(false, false), lib.entries);
    let mut runner = Runner::new(lib.sources, courses);
    runner.open_files = false;
    runner.store =
        Some(slate::store::Store::open(&dir.path().join(slate::store::DB_NAME)).unwrap());
    let mut p = Player {
        state,
        runner,
        _data: dir,
    };
    p.act(Resize(80, 24));
    disk_full(&p, true);
    let (ready, _) = p.runner.run(slate::tui::action::Effect::ChooseLearner {
        name: "Hoa".into(),
        email: None,
        read_only: false,
    });
    p.act(ready.unwrap());
    p.keys(&[Enter, Enter, Next, Enter, Digit(2), Enter]);
    assert!(p.screen().contains("Chưa lưu"), "{}", p.screen());
    disk_full(&p, false);
    p.keys(&[Enter]);
    let store = p.runner.store.as_ref().unwrap();
    assert!(store.find_learner("Hoa").unwrap().is_some());
    assert_eq!(answers_in_store(&p), 1);
}

#[test]
fn two_slates_never_study_as_one_learner_at_once() {
    use slate::tui::action::Effect;
    let choose = |p: &mut Player, read_only: bool| {
        let (answer, _) = p.runner.run(Effect::ChooseLearner {
            name: "Lan".into(),
            email: None,
            read_only,
        });
        answer.unwrap()
    };
    let first = Player::new("en", 80, 24);
    let db = first.runner.store.as_ref().unwrap().path().to_path_buf();
    let mut second = Player::new("en", 80, 24);
    second.runner.store = Some(slate::store::Store::open(&db).unwrap());
    // The second Slate is told where Lan studies, and waits or reads.
    let busy = choose(&mut second, false);
    assert!(matches!(busy, Action::LearnerBusy { .. }), "{busy:?}");
    second.act(busy);
    assert!(
        second.screen().contains("is studying in another Slate"),
        "{}",
        second.screen()
    );
    second.act(Retry);
    assert!(second.screen().contains("read-only"), "{}", second.screen());
    second.keys(&[Enter, Enter, Next, Enter, Digit(1), Enter]);
    assert_eq!(
        answers_in_store(&second),
        0,
        "the read-only Slate writes nothing"
    );
    // The first one goes on saving; its answer is the one kept.
    let mut first = first;
    first.keys(&[Enter, Enter, Next, Enter, Digit(2), Enter]);
    assert_eq!(answers_in_store(&first), 1);
    // The first Slate killed (its process gone): the lease is taken over,
    // and the first one, were it still there, could no longer save.
    first
        .runner
        .store
        .as_ref()
        .unwrap()
        .connection()
        .execute("UPDATE lease SET pid = 999999999", [])
        .unwrap();
    let mut third = Player::new("en", 80, 24);
    third.runner.store = Some(slate::store::Store::open(&db).unwrap());
    let ready = choose(&mut third, false);
    assert!(matches!(ready, Action::LearnerReady { .. }), "{ready:?}");
    first.keys(&[Enter, Digit(1), Digit(2), Enter]);
    assert!(
        first.screen().contains("another Slate has this learner"),
        "{}",
        first.screen()
    );
    assert_eq!(answers_in_store(&first), 1, "no confirmed answer replaced");
}

/// The runner alone (no screens) on the package at `path`; `open_files`
/// lets it start the system viewer.
fn runner_on(path: PathBuf, open_files: bool) -> Runner {
    let lib = Library::load(&[path], None, false, None);
    let courses = lib.courses();
    let mut runner = Runner::new(lib.sources, courses);
    runner.open_files = open_files;
    runner
}

/// A course whose quiz has a hint and feedback far longer than a screen.
fn long_feedback_course(dir: &Path) -> PathBuf {
    let p = dir.join("long");
    let explanation = "Because ".to_string() + &"the reason goes on and on. ".repeat(60);
    let quiz = format!(
        r#"id = "check"
title = "Check"
pass_score = 0.5
feedback = "immediate"

[[question]]
id = "one"
type = "single"
prompt = "Which is right?"
hint = "Think of the second."
explanation = "{explanation}"

[[question.choice]]
text = "This one"

[[question.choice]]
text = "That one"
correct = true

[[question]]
id = "two"
type = "true_false"
prompt = "Is it so?"
answer = true
"#
    );
    common::write_package(
        &p,
        &[
            (
                "course.toml",
                common::MANIFEST
                    .replace(
                        r#"items = ["lessons/intro.md"]"#,
                        r#"items = ["lessons/intro.md", "quizzes/check.toml"]"#,
                    )
                    .as_bytes(),
            ),
            ("lessons/intro.md", "# Intro\n\nRead this.\n".as_bytes()),
            ("quizzes/check.toml", quiz.as_bytes()),
        ],
    );
    p
}

#[test]
fn the_feedback_of_an_answer_is_brought_into_view_and_more_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Player::on(long_feedback_course(dir.path()), "en", 80, 24);
    p.keys(&[Enter, Enter, Next, Enter]);
    let screen = p.screen();
    // The hint is there to be asked for, and says how.
    assert!(screen.contains("h: show a hint"), "{screen}");
    p.keys(&[Digit(1), Enter]);
    let screen = p.screen();
    // The verdict is on screen at once, and the rest is said to be below.
    assert!(screen.contains("Not correct"), "{screen}");
    assert!(screen.contains("▼ more"), "{screen}");
    for _ in 0..80 {
        p.act(Down);
    }
    let screen = p.screen();
    assert!(!screen.contains("▼ more"), "at the end: {screen}");
    assert!(screen.contains("Press Enter to continue."), "{screen}");
}

#[test]
fn the_keys_a_teacher_needs_next_fit_the_status_line_at_80_columns() {
    for lang in ["en", "vi", "lo", "zh-CN"] {
        // A question: how to answer, Enter included, fits.
        let mut p = Player::new(lang, 80, 24);
        p.keys(&[Enter, Enter, Next, Enter, Down]);
        let screen = p.screen();
        let status = screen.lines().last().unwrap_or_default();
        assert!(status.contains("Enter"), "{lang}: {status}");
        p.keys(&[Enter]);
        let screen = p.screen();
        let status = screen.lines().last().unwrap_or_default();
        assert!(
            status.contains("Enter") && !status.contains('…'),
            "{lang}: {status}"
        );
        let mut p = Player::new(lang, 80, 24);
        p.keys(&[Enter, Enter]);
        let screen = p.screen();
        let status = screen.lines().last().unwrap_or_default();
        for key in ["n", "Esc", "o"] {
            assert!(
                status.contains(&format!("{key}:")) || status.contains(&format!("{key}：")),
                "{lang}: {key} not on the status line: {status}"
            );
        }
    }
}

#[test]
fn scroll_keys_listed_in_help_move_the_results_screens() {
    for journey in ["quiz-results", "course-results"] {
        let mut p = Player::new("vi", 80, 12);
        for (name, go) in journeys() {
            if name == journey {
                go(&mut p);
            }
        }
        let top = p.screen();
        p.act(PageDown);
        assert_ne!(p.screen(), top, "{journey}: PgDn");
        p.act(Home);
        assert_eq!(p.screen(), top, "{journey}: Home");
        p.act(End);
        let end = p.screen();
        assert_ne!(end, top, "{journey}: End");
        p.act(PageUp);
        assert_ne!(p.screen(), end, "{journey}: PgUp");
        p.act(Home);
        p.act(Space);
        assert_ne!(p.screen(), top, "{journey}: Space");
    }
}

#[test]
fn authors_markdown_is_rendered_in_choices_feedback_and_the_review() {
    let sample =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("courses/digital-competence-foundations");
    let mut p = Player::on(sample, "en", 80, 24);
    p.keys(&[Enter]);
    // The outline: down to the first quiz (passwords and accounts).
    for _ in 0..20 {
        let on_quiz = p
            .screen()
            .lines()
            .any(|l| l.contains('›') && l.contains("Check: safe passwords"));
        if on_quiz {
            break;
        }
        p.act(Down);
    }
    p.keys(&[Enter, Enter]);
    let raw = |screen: &str| screen.lines().any(|l| l.contains('`') || l.contains("**"));
    // Answer every question with its first option (or a typed word), and
    // look at each screen on the way.
    for _ in 0..8 {
        let screen = p.screen();
        assert!(!raw(&screen), "raw Markdown on the question:\n{screen}");
        if screen.contains("Type") {
            p.typed("1");
            p.keys(&[Enter]);
        } else {
            p.keys(&[Digit(1), Digit(2), Digit(3), Digit(4), Enter]);
        }
        let screen = p.screen();
        assert!(!raw(&screen), "raw Markdown in the feedback:\n{screen}");
        p.keys(&[Enter]);
    }
    let screen = p.screen();
    assert!(screen.contains("Results"), "{screen}");
    for _ in 0..40 {
        assert!(
            !raw(&p.screen()),
            "raw Markdown in the review:\n{}",
            p.screen()
        );
        p.act(PageDown);
    }
}

#[test]
fn course_results_and_the_outline_say_what_each_mark_and_state_is() {
    let mut p = Player::new("en", 80, 24);
    // One answer given, then off to the course results.
    p.keys(&[Enter, Enter, Next, Enter, Digit(2), Enter, Back]);
    let outline = p.screen();
    assert!(
        outline.contains("✓ done") && outline.contains("✎ quiz"),
        "{outline}"
    );
    let quiz_row = outline
        .lines()
        .find(|l| l.contains("Every question type"))
        .unwrap_or_default();
    assert!(
        !quiz_row.contains('?'),
        "the quiz mark is not the help key: {outline}"
    );
    p.keys(&[End, Enter]);
    let screen = p.screen();
    assert!(
        screen.contains("attempt 1 in progress: 1 of 7 answered"),
        "{screen}"
    );
}

#[test]
fn with_ascii_every_screen_draws_plain_ascii_marks_and_marks_struck_text() {
    for (name, go) in journeys() {
        let mut p = Player::new("en", 80, 24);
        p.state.session.theme = Theme::new(false, true);
        p.act(Resize(80, 24));
        go(&mut p);
        let screen = p.screen();
        for mark in [
            "·", "…", "›", "—", "“", "”", "✓", "✗", "◐", "○", "▼", "✎", "─", "│",
        ] {
            assert!(
                !screen.contains(mark),
                "{name}: {mark} with --ascii:\n{screen}"
            );
        }
    }
    // The showcase's struck text, marked in the text.
    let mut p = Player::new("en", 80, 24);
    p.state.session.theme = Theme::new(false, true);
    p.act(Resize(80, 24));
    p.keys(&[Enter, Enter]);
    let mut seen = String::new();
    for _ in 0..30 {
        seen.push_str(&p.screen());
        p.act(PageDown);
    }
    assert!(seen.contains("~~"), "{seen}");
}

/// A format 2 course: a choice worth half the points, and true/false
/// feedback for each answer.
fn format_2_course(dir: &Path) -> PathBuf {
    let p = dir.join("format2");
    let quiz = r#"id = "check"
title = "Check"
feedback = "immediate"

[[question]]
id = "one"
type = "single"
prompt = "Which password is strongest?"

[[question.choice]]
text = "correct horse battery staple"
correct = true

[[question.choice]]
text = "Tr0ub4dor&3"
credit = 0.5

[[question]]
id = "two"
type = "true_false"
prompt = "A padlock means the site is safe."
answer = false
feedback_true = "The padlock only says the connection is encrypted."
feedback_false = "Right: anyone can get a padlock."
"#;
    common::write_package(
        &p,
        &[
            (
                "course.toml",
                common::MANIFEST
                    .replace("format = 1", "format = 2")
                    .replace(
                        r#"items = ["lessons/intro.md"]"#,
                        r#"items = ["lessons/intro.md", "quizzes/check.toml"]"#,
                    )
                    .as_bytes(),
            ),
            ("lessons/intro.md", "# Intro\n\nRead this.\n".as_bytes()),
            ("quizzes/check.toml", quiz.as_bytes()),
        ],
    );
    p
}

#[test]
fn a_choice_credit_and_true_false_feedback_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Player::on(format_2_course(dir.path()), "en", 80, 24);
    p.keys(&[Enter, Enter, Next, Enter]);
    p.keys(&[Digit(2), Enter]);
    let screen = p.screen();
    assert!(
        screen.contains("Partly correct: 0.5 of 1 points"),
        "{screen}"
    );
    p.keys(&[Enter, Digit(1), Enter]);
    let screen = p.screen();
    assert!(screen.contains("Not correct"), "{screen}");
    assert!(
        screen.contains("The padlock only says the connection is encrypted."),
        "{screen}"
    );
    assert!(!screen.contains("anyone can get a padlock"), "{screen}");
}
