//! `update(&mut State, Action) -> Vec<Effect>`: every change the learner
//! makes, with no I/O. This is the router: it handles what is shared by
//! every screen (quitting, the window's size, messages, help, what the loop
//! read), hands every other action to the screen on view, by `&mut` on it,
//! and carries out where that screen asks to go.

use std::sync::Arc;

use super::action::{Action, Effect};
use super::keymap::Mode;
use super::nav::{self, Go, Step};
use super::screens::{course_results, learners, lesson, library, outline, preview, quiz, results};
use super::state::{Arg, Flash, Screen, Session, State};
use crate::course::ItemKind;
use crate::course::load::QuizReadError;

pub fn update(s: &mut State, action: Action) -> Vec<Effect> {
    // A message stays until the learner does something.
    let from_the_learner = !matches!(
        action,
        Action::LessonLoaded { .. }
            | Action::Resize(..)
            | Action::Flash(_)
            | Action::LearnerReady { .. }
            | Action::Saving(_)
            | Action::Tick
            | Action::Reloaded { .. }
    );
    if from_the_learner {
        s.session.flash = None;
    }
    let armed = std::mem::take(&mut s.session.quit_armed) && from_the_learner;
    match action {
        Action::Quit => {
            // Steps that could not be saved are lost on quitting: said,
            // and a second `q` quits all the same.
            let pending = s.session.saving.pending;
            if pending > 0 && !armed {
                s.session.quit_armed = true;
                s.session.flash =
                    Some(Flash::new("quit-unsaved").with_arg("count", Arg::Count(pending as u64)));
                return Vec::new();
            }
            let mut effects = nav::leave(s);
            effects.push(Effect::Quit);
            return effects;
        }
        Action::Saving(saving) => {
            s.session.saving = saving;
            // The answer on screen may have been saved (or not) meanwhile.
            return relayout(&mut s.screen, &mut s.session);
        }
        Action::LearnerBusy {
            name,
            email,
            elsewhere,
        } => {
            let busy = Some(learners::Busy {
                name,
                email,
                elsewhere,
                waiting: matches!(&s.screen, Screen::Learners(v) if v.busy.as_ref().is_some_and(|b| b.waiting)),
            });
            match &mut s.screen {
                Screen::Learners(v) => v.busy = busy,
                _ => {
                    s.screen = Screen::Learners(learners::LearnersView {
                        busy,
                        ..Default::default()
                    })
                }
            }
            return Vec::new();
        }
        Action::Resize(w, h) => {
            s.session.width = w;
            s.session.height = h;
            return relayout(&mut s.screen, &mut s.session);
        }
        Action::FinishLayout => return relayout(&mut s.screen, &mut s.session),
        Action::Flash(msg) => {
            s.session.flash = Some(msg);
            return Vec::new();
        }
        Action::LessonLoaded { entry, item, doc } => {
            let effects = match &mut s.screen {
                Screen::Lesson(v) if v.entry == entry && v.item == item => {
                    let mut effects = lesson::loaded(v, &mut s.session, doc);
                    // A save in `slate preview`: back at the same place.
                    let keep = s.session.preview.as_mut().and_then(|p| p.keep.take());
                    if let Some(preview::Keep::Lesson(block, offset)) = keep {
                        effects.extend(lesson::relayout(v, &mut s.session));
                        lesson::keep_place(v, &s.session, block, offset);
                    }
                    effects
                }
                // The learner has moved on meanwhile.
                _ => Vec::new(),
            };
            warn_if_changed(&mut s.session, entry, item);
            return effects;
        }
        Action::QuizLoaded { entry, item, quiz } => {
            let effects = quiz_loaded(s, entry, item, quiz);
            warn_if_changed(&mut s.session, entry, item);
            return effects;
        }
        Action::FileRead { path, text } => {
            if let Screen::Lesson(v) = &mut s.screen {
                lesson::file_read(v, &s.session, path, text);
            }
            return Vec::new();
        }
        Action::LearnerReady {
            name,
            progress,
            flash,
            saving,
        } => {
            s.session.learner = Some(name);
            s.session.progress = progress;
            s.session.saving = saving;
            if flash.is_some() {
                s.session.flash = flash;
            }
            s.screen = Screen::Library;
            return Vec::new();
        }
        Action::Reloaded {
            entry,
            now,
            problems,
        } => return preview::reloaded(s, entry, *now, problems),
        _ => {}
    }
    if s.session.preview.is_some() {
        if preview::key_update(s, &action) {
            return Vec::new();
        }
        if action == Action::AnswerKey && s.mode() == Mode::Normal && !s.help {
            preview::toggle_key(s);
            return Vec::new();
        }
    }
    if s.help {
        if matches!(action, Action::Help | Action::Back | Action::Enter) {
            s.help = false;
        }
        return Vec::new();
    }
    if action == Action::Help && s.mode() == Mode::Normal {
        s.help = true;
        return Vec::new();
    }
    let session = &mut s.session;
    let Step { mut effects, go } = match &mut s.screen {
        Screen::Learners(v) => learners::update(v, session, action),
        Screen::Library => library::update(session, action),
        Screen::Outline(v) => outline::update(v, session, action),
        Screen::Lesson(v) => lesson::update(v, session, action),
        Screen::QuizStart(v) => quiz::update_start(v, session, action),
        Screen::Quiz(v) => quiz::update(v, session, action),
        Screen::Results(v) => results::update(v, session, action),
        Screen::CourseResults(v) => course_results::update(v, session, action),
    };
    if let Some(go) = go {
        effects.extend(nav::go(s, go));
    }
    effects
}

/// A packed course's item just read whose file (or its translation) is
/// not as it was packed: the learner is told at once, in the status line.
fn warn_if_changed(session: &mut Session, entry: usize, item: usize) {
    let Some(seal) = session.entries.get(entry).and_then(|e| e.seal.as_ref()) else {
        return;
    };
    let Some(path) = session
        .course(entry)
        .and_then(|c| c.items.get(item))
        .map(|i| i.path.clone())
    else {
        return;
    };
    let changed = seal.problems().into_iter().find(|(file, _)| {
        *file == path
            || crate::course::translations::translated_from(file)
                .is_some_and(|(base, _)| base == path)
    });
    if let Some((file, _)) = changed {
        session.flash = Some(Flash::new("item-changed").with("file", file));
    }
}

/// Lays the screen on view out again, for a new window size (or, for a
/// long lesson, whole after its first screens).
fn relayout(screen: &mut Screen, s: &mut Session) -> Vec<Effect> {
    match screen {
        Screen::Lesson(v) => return lesson::relayout(v, s),
        Screen::Quiz(v) => v.refresh(s),
        Screen::QuizStart(v) => v.relayout(s),
        Screen::Results(v) => v.relayout(s),
        Screen::CourseResults(v) => v.relayout(s),
        Screen::Learners(_) | Screen::Library | Screen::Outline(_) => {}
    }
    Vec::new()
}

/// A quiz's questions arrived: they take the outline's place (for the rest
/// of the session) and the quiz opens.
fn quiz_loaded(
    s: &mut State,
    entry: usize,
    item: usize,
    quiz: Result<Box<crate::course::Quiz>, QuizReadError>,
) -> Vec<Effect> {
    let quiz = match quiz {
        Ok(q) => *q,
        Err(e) => {
            s.session.flash =
                Some(Flash::new("quiz-cannot-open").with_arg("reason", Arg::quiz_read_error(&e)));
            return Vec::new();
        }
    };
    let Some(course) = s
        .session
        .entries
        .get_mut(entry)
        .and_then(|e| e.course.as_mut())
    else {
        return Vec::new();
    };
    let Some(it) = Arc::make_mut(course).items.get_mut(item) else {
        return Vec::new();
    };
    it.kind = ItemKind::Quiz(quiz);
    let Some(course) = s.session.course(entry).cloned() else {
        return Vec::new();
    };
    let Some(ItemKind::Quiz(quiz)) = course.items.get(item).map(|i| &i.kind) else {
        return Vec::new();
    };
    let (screen, effects) = quiz::open(&mut s.session, entry, item, &course, quiz, false);
    if let Some(screen) = screen {
        let mut all = nav::go(s, Go::To(Box::new(screen)));
        all.extend(effects);
        return all;
    }
    effects
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::library::Entry;
    use crate::course::{Answer, Choice, Course, FeedbackMode, Item, Module, Question, Quiz, Text};
    use crate::i18n::I18n;
    use crate::tui::action::LearnerEvent;
    use crate::tui::screens::course_results::CourseResultsView;
    use crate::tui::screens::lesson::LessonView;
    use crate::tui::state::geometry;
    use crate::tui::theme::Theme;

    fn t(s: &str) -> Text {
        Text::plain(s, "en")
    }

    fn q(id: &str, answer: Answer) -> Question {
        Question {
            id: id.into(),
            prompt: t(id),
            points: 1.0,
            hint: Some(t("think")),
            explanation: None,
            answer,
        }
    }

    fn course(feedback: FeedbackMode) -> Course {
        let quiz = Quiz {
            title: t("Quiz"),
            pass_score: 0.5,
            max_attempts: 2,
            shuffle: false,
            feedback,
            lazy: false,
            points: 0.0,
            questions: vec![
                q(
                    "single",
                    Answer::Single {
                        choices: vec![
                            Choice {
                                text: t("a"),
                                correct: false,
                                feedback: None,
                                credit: None,
                            },
                            Choice {
                                text: t("b"),
                                correct: true,
                                feedback: None,
                                credit: None,
                            },
                        ],
                    },
                ),
                q(
                    "multiple",
                    Answer::Multiple {
                        choices: (0..3)
                            .map(|i| Choice {
                                text: t(&i.to_string()),
                                correct: i < 2,
                                feedback: None,
                                credit: None,
                            })
                            .collect(),
                        partial: false,
                    },
                ),
                q(
                    "tf",
                    Answer::TrueFalse {
                        answer: false,
                        feedback_false: None,
                        feedback_true: None,
                    },
                ),
                q(
                    "text",
                    Answer::Text {
                        accept: vec![t("mật khẩu")],
                        ignore_diacritics: false,
                        accepted: Vec::new(),
                        case_sensitive: false,
                    },
                ),
                q(
                    "number",
                    Answer::Number {
                        answer: 14.0,
                        tolerance: 0.0,
                        accepted: Vec::new(),
                    },
                ),
                q(
                    "order",
                    Answer::Order {
                        items: vec![t("x"), t("y"), t("z")],
                    },
                ),
                q(
                    "match",
                    Answer::Match {
                        pairs: vec![(t("l1"), t("r1")), (t("l2"), t("r2"))],
                    },
                ),
            ],
        };
        Course {
            id: "c".into(),
            version: "1.0.0".into(),
            language: "en".into(),
            languages: vec!["en".into()],
            title: t("Course"),
            summary: None,
            authors: vec![],
            license: None,
            minutes: None,
            completion: Default::default(),
            credential: None,
            modules: vec![Module {
                id: "m".into(),
                title: t("M"),
                items: vec![0],
            }],
            items: vec![Item {
                id: "quiz".into(),
                path: "quizzes/q.toml".into(),
                kind: ItemKind::Quiz(quiz),
            }],
        }
    }

    fn state(feedback: FeedbackMode) -> State {
        let entry = Entry {
            course: Some(Arc::new(course(feedback))),
            origin: "x".into(),
            bundled: false,
            errors: 0,
            reason: None,
            seal: None,
        };
        State::new(I18n::new("en"), Theme::new(false, false), vec![entry])
    }

    fn run(s: &mut State, actions: &[Action]) -> Vec<Effect> {
        actions.iter().flat_map(|a| update(s, a.clone())).collect()
    }

    fn started(effects: &[Effect]) -> usize {
        effects
            .iter()
            .filter(|e| matches!(e, Effect::Record(LearnerEvent::AttemptStarted { .. })))
            .count()
    }

    /// From the library: opens the course, the quiz, and (on its start
    /// page, when there is no attempt to resume) starts an attempt.
    fn open_quiz(s: &mut State) -> Vec<Effect> {
        let mut e = run(s, &[Action::Enter, Action::Enter]);
        if matches!(s.screen, Screen::QuizStart(_)) {
            assert_eq!(started(&e), 0, "opening a quiz starts nothing");
            e.extend(run(s, &[Action::Enter]));
            assert_eq!(started(&e), 1, "the start page's key starts one");
        }
        e
    }

    fn shown_option(s: &State, pos: usize, pkg: usize) -> u8 {
        let a = &s.session.progress["c"].open_attempts["quiz"];
        a.shown[pos].options.iter().position(|&o| o == pkg).unwrap() as u8 + 1
    }

    fn grades(effects: &[Effect]) -> Vec<bool> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Record(LearnerEvent::AnswerSubmitted { grade, .. }) => Some(grade.correct),
                _ => None,
            })
            .collect()
    }

    fn type_text(s: &mut State, text: &str) -> Vec<Effect> {
        let mut e: Vec<Effect> = text
            .chars()
            .flat_map(|c| update(s, Action::Char(c)))
            .collect();
        e.extend(update(s, Action::Enter));
        e
    }

    /// Answers every question right (or wrong) through the keys.
    fn answer_all(s: &mut State, right: bool) -> Vec<Effect> {
        let mut e = open_quiz(s);
        let pos = |s: &State| match &s.screen {
            Screen::Quiz(v) => v.pos,
            _ => usize::MAX,
        };
        // single
        let d = shown_option(s, pos(s), if right { 1 } else { 0 });
        e.extend(run(s, &[Action::Digit(d), Action::Enter, Action::Enter]));
        // multiple
        let (a, b) = (
            shown_option(s, pos(s), 0),
            shown_option(s, pos(s), if right { 1 } else { 2 }),
        );
        e.extend(run(
            s,
            &[
                Action::Digit(a),
                Action::Digit(b),
                Action::Enter,
                Action::Enter,
            ],
        ));
        // true_false (answer false = 2)
        e.extend(run(
            s,
            &[
                Action::Digit(if right { 2 } else { 1 }),
                Action::Enter,
                Action::Enter,
            ],
        ));
        // text, typed with combining marks
        e.extend(type_text(
            s,
            if right {
                "Ma\u{323}\u{302}t kha\u{302}\u{309}u"
            } else {
                "mat khau"
            },
        ));
        e.extend(run(s, &[Action::Enter]));
        // number
        e.extend(type_text(s, if right { "14" } else { "15" }));
        e.extend(run(s, &[Action::Enter]));
        // order
        let order: Vec<u8> = if right { vec![0, 1, 2] } else { vec![2, 1, 0] }
            .into_iter()
            .map(|i| shown_option(s, pos(s), i))
            .collect();
        e.extend(run(
            s,
            &order.iter().map(|&d| Action::Digit(d)).collect::<Vec<_>>(),
        ));
        e.extend(run(s, &[Action::Enter, Action::Enter]));
        // match
        let m: Vec<u8> = if right { vec![0, 1] } else { vec![1, 0] }
            .into_iter()
            .map(|i| shown_option(s, pos(s), i))
            .collect();
        e.extend(run(
            s,
            &m.iter().map(|&d| Action::Digit(d)).collect::<Vec<_>>(),
        ));
        // The last answer finishes the attempt; Enter shows the results.
        e.extend(run(s, &[Action::Enter, Action::Enter]));
        e
    }

    /// The test course with its quiz unavailable and a lesson after it.
    fn partly_broken() -> State {
        let mut c = course(FeedbackMode::Immediate);
        c.items[0].kind = ItemKind::Unavailable(crate::course::Unavailable {
            title: t("Broken quiz"),
            quiz: true,
            reason: "quizzes/q.toml:3: TOML syntax: oops".into(),
        });
        c.items.push(Item {
            id: "lesson".into(),
            path: "lessons/l.md".into(),
            kind: ItemKind::Lesson(crate::course::Lesson {
                title: t("Lesson"),
                minutes: None,
                translations: vec![],
            }),
        });
        c.modules[0].items.push(1);
        let entry = Entry {
            course: Some(Arc::new(c)),
            origin: "x".into(),
            bundled: false,
            errors: 1,
            reason: None,
            seal: None,
        };
        State::new(I18n::new("en"), Theme::new(false, false), vec![entry])
    }

    #[test]
    fn an_unavailable_item_opens_nothing_and_records_nothing() {
        let mut s = partly_broken();
        run(&mut s, &[Action::Enter]);
        assert!(matches!(s.screen, Screen::Outline(_)));
        // "Continue" passes over it to the lesson.
        let Screen::Outline(v) = &s.screen else {
            unreachable!()
        };
        assert_eq!(
            outline::rows(s.session.course(0).unwrap())[v.selected],
            outline::Row::Item(1)
        );
        // Selected anyway and opened, twice in a hurry: nothing recorded.
        let effects = run(&mut s, &[Action::Up, Action::Enter, Action::Enter]);
        assert!(effects.is_empty(), "{effects:?}");
        assert!(matches!(s.screen, Screen::Outline(_)));
        assert_eq!(
            s.session.flash.as_ref().map(|f| f.id),
            Some("item-unavailable")
        );
        // The lesson after it still opens.
        let effects = run(&mut s, &[Action::Down, Action::Enter]);
        assert!(matches!(s.screen, Screen::Lesson(_)), "{effects:?}");
    }

    #[test]
    fn a_course_that_cannot_be_opened_says_why_when_opened() {
        let entry = Entry {
            course: None,
            origin: "pkg".into(),
            bundled: false,
            errors: 2,
            reason: Some("missing required field `version` in course.toml".into()),
            seal: None,
        };
        let mut s = State::new(I18n::new("en"), Theme::new(false, false), vec![entry]);
        let effects = run(&mut s, &[Action::Enter]);
        assert!(effects.is_empty());
        assert!(matches!(s.screen, Screen::Library));
        let flash = s.session.flash.clone().unwrap();
        assert_eq!(flash.id, "library-closed-reason");
        assert!(
            s.session
                .message(flash.id, &flash.args)
                .contains("missing required field `version`")
        );
    }

    #[test]
    fn every_question_type_answered_right() {
        let mut s = state(FeedbackMode::Immediate);
        let e = answer_all(&mut s, true);
        assert_eq!(grades(&e), [true; 7]);
        let Screen::Results(results) = &s.screen else {
            panic!("{:?}", s.screen)
        };
        let result = &results.result;
        assert!(result.passed);
        assert_eq!(result.points, 7.0);
        assert!(e.iter().any(|x| matches!(
            x,
            Effect::Record(LearnerEvent::QuizFinished { passed: true, .. })
        )));
    }

    #[test]
    fn every_question_type_answered_wrong() {
        let mut s = state(FeedbackMode::Immediate);
        let e = answer_all(&mut s, false);
        assert_eq!(grades(&e), [false; 7]);
        let Screen::Results(results) = &s.screen else {
            panic!()
        };
        let result = &results.result;
        assert!(!result.passed);
    }

    #[test]
    fn the_last_answer_finishes_the_attempt_even_if_the_learner_leaves() {
        let mut s = state(FeedbackMode::Immediate);
        let e = answer_all(&mut s, false);
        assert!(
            e.iter()
                .any(|x| matches!(x, Effect::Record(LearnerEvent::QuizFinished { .. })))
        );
        // Again, but leave on the last feedback screen instead of Enter.
        let mut s = state(FeedbackMode::Immediate);
        open_quiz(&mut s);
        answer_prefix_to(&mut s, 6);
        let m: Vec<Action> = [0, 1]
            .into_iter()
            .map(|i| Action::Digit(shown_option(&s, 6, i)))
            .collect();
        let mut e = run(&mut s, &m);
        e.extend(run(&mut s, &[Action::Enter]));
        assert!(
            e.iter()
                .any(|x| matches!(x, Effect::Record(LearnerEvent::QuizFinished { .. }))),
            "finished at once"
        );
        let Screen::Quiz(v) = &s.screen else { panic!() };
        assert!(v.feedback.is_some(), "the last feedback is still shown");
        run(&mut s, &[Action::Back]);
        assert!(s.session.progress["c"].open_attempts.is_empty());
        assert_eq!(s.session.progress["c"].attempts_used("quiz"), 1);
    }

    #[test]
    fn end_of_quiz_feedback_saves_and_moves_on() {
        let mut s = state(FeedbackMode::End);
        open_quiz(&mut s);
        let d = shown_option(&s, 0, 1);
        run(&mut s, &[Action::Digit(d), Action::Enter]);
        let Screen::Quiz(v) = &s.screen else { panic!() };
        assert_eq!(v.pos, 1);
        assert!(v.feedback.is_none());
        assert_eq!(s.session.flash, Some(Flash::new("quiz-saved")));
    }

    #[test]
    fn typing_keeps_q_and_esc_leaves_the_field() {
        let mut s = state(FeedbackMode::Immediate);
        answer_prefix(&mut s, 3);
        assert_eq!(s.mode(), crate::tui::keymap::Mode::Typing);
        run(&mut s, &[Action::Char('q'), Action::Back]);
        let Screen::Quiz(v) = &s.screen else { panic!() };
        assert_eq!(v.input.text(), "q");
        assert!(!v.focus);
        assert_eq!(s.mode(), crate::tui::keymap::Mode::Normal);
        run(&mut s, &[Action::Paste("\u{1b}[2Jx\ny".into())]);
        let Screen::Quiz(v) = &s.screen else { panic!() };
        assert!(
            v.focus && !v.input.text().contains('\u{1b}') && !v.input.text().contains('\n'),
            "{:?}",
            v.input
        );
    }

    fn answer_prefix(s: &mut State, n: usize) {
        open_quiz(s);
        for _ in 0..n {
            let Screen::Quiz(v) = &s.screen else { panic!() };
            let pos = v.pos;
            let kind = s.session.progress["c"].open_attempts["quiz"].shown[pos].question;
            let acts: Vec<Action> = match kind {
                0 | 2 => vec![Action::Digit(1), Action::Enter, Action::Enter],
                1 => vec![Action::Digit(1), Action::Enter, Action::Enter],
                _ => unreachable!(),
            };
            run(s, &acts);
        }
    }

    #[test]
    fn leaving_and_coming_back_resumes_the_same_attempt() {
        let mut s = state(FeedbackMode::Immediate);
        answer_prefix(&mut s, 2);
        let before = s.session.progress["c"].open_attempts["quiz"].clone();
        run(&mut s, &[Action::Back, Action::Enter]);
        let Screen::Quiz(v) = &s.screen else { panic!() };
        assert_eq!(v.pos, 2);
        assert_eq!(s.session.progress["c"].open_attempts["quiz"], before);
    }

    #[test]
    fn attempts_are_limited_and_retry_starts_a_new_one() {
        let mut s = state(FeedbackMode::Immediate);
        answer_all(&mut s, false);
        run(&mut s, &[Action::Retry]);
        let Screen::Quiz(_) = &s.screen else {
            panic!("{:?}", s.screen)
        };
        assert_eq!(s.session.progress["c"].open_attempts["quiz"].number, 2);
        // Finish the second attempt, then no third one is possible.
        s.screen = Screen::Library;
        answer_all(&mut s, false);
        assert_eq!(s.session.progress["c"].attempts_used("quiz"), 2);
        run(&mut s, &[Action::Retry]);
        assert!(matches!(s.screen, Screen::Results(_)));
    }

    #[test]
    fn hints_toggle_and_help_overlays() {
        let mut s = state(FeedbackMode::Immediate);
        open_quiz(&mut s);
        run(&mut s, &[Action::Hint]);
        let Screen::Quiz(v) = &s.screen else { panic!() };
        assert!(v.hint);
        run(&mut s, &[Action::Help]);
        assert!(s.help);
        run(&mut s, &[Action::Digit(1)]);
        assert!(s.help, "keys do not reach the screen under the help");
        run(&mut s, &[Action::Back]);
        assert!(!s.help);
    }

    #[test]
    fn records_are_exported_to_the_path_the_learner_confirms() {
        let mut s = state(FeedbackMode::Immediate);
        s.session.learner = Some("Nguyễn Lan".into());
        s.session.export_dir = "/media/stick".into();
        s.screen = Screen::CourseResults(CourseResultsView::new(&s.session, 0));
        assert!(update(&mut s, Action::Export).is_empty());
        assert_eq!(s.mode(), crate::tui::keymap::Mode::Typing);
        let Screen::CourseResults(CourseResultsView {
            export: Some(path), ..
        }) = &s.screen
        else {
            panic!("no export field")
        };
        assert_eq!(path.text(), "/media/stick/slate-records-c-nguyen-lan.json");
        // Esc leaves the field and writes nothing.
        assert!(update(&mut s, Action::Back).is_empty());
        assert_eq!(s.mode(), crate::tui::keymap::Mode::Normal);
        // A path typed over the default, then Enter.
        update(&mut s, Action::Export);
        for _ in 0..60 {
            update(&mut s, Action::Backspace);
        }
        let effects = type_text(&mut s, "lan.json");
        assert_eq!(
            effects,
            vec![Effect::Export {
                entry: 0,
                path: "lan.json".into()
            }]
        );
        assert_eq!(s.mode(), crate::tui::keymap::Mode::Normal);
    }

    #[test]
    fn a_quiz_from_the_outline_cache_is_read_when_opened() {
        let mut s = state(FeedbackMode::Immediate);
        let full = match &s.session.course(0).unwrap().items[0].kind {
            ItemKind::Quiz(q) => q.clone(),
            ItemKind::Lesson(_) | ItemKind::Unavailable(_) => {
                panic!("the test course starts with its quiz")
            }
        };
        // The outline, as the cache gives it: same points, no questions.
        let course = Arc::make_mut(s.session.entries[0].course.as_mut().unwrap());
        course.items[0].kind = ItemKind::Quiz(full.outline());
        assert_eq!(full.outline().total_points(), full.total_points());

        let effects = run(&mut s, &[Action::Enter, Action::Enter]);
        assert!(
            effects.iter().any(|e| matches!(
                e,
                Effect::LoadQuiz {
                    entry: 0,
                    item: 0,
                    ..
                }
            )),
            "{effects:?}"
        );
        assert!(!matches!(s.screen, Screen::Quiz(_)));
        let effects = update(
            &mut s,
            Action::QuizLoaded {
                entry: 0,
                item: 0,
                quiz: Ok(Box::new(full.clone())),
            },
        );
        // Read, it opens on its start page: no attempt yet.
        assert!(matches!(s.screen, Screen::QuizStart(_)), "{:?}", s.screen);
        assert!(
            !effects
                .iter()
                .any(|e| matches!(e, Effect::Record(LearnerEvent::AttemptStarted { .. })))
        );
        assert_eq!(s.session.quiz_of(0, 0).unwrap().1, &full);
        let effects = update(&mut s, Action::Enter);
        assert!(matches!(s.screen, Screen::Quiz(_)));
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::Record(LearnerEvent::AttemptStarted { .. })))
        );

        // A quiz file that changed underneath: said, nothing opened.
        let mut s = state(FeedbackMode::Immediate);
        update(
            &mut s,
            Action::QuizLoaded {
                entry: 0,
                item: 0,
                quiz: Err(QuizReadError::Changed),
            },
        );
        assert_eq!(
            s.session.flash.as_ref().map(|f| f.id),
            Some("quiz-cannot-open")
        );
    }

    #[test]
    fn a_long_lesson_is_drawn_from_its_first_lines_then_laid_out_whole() {
        let mut s = state(FeedbackMode::Immediate);
        let md: String = (0..400)
            .map(|i| format!("Paragraph {i} of a very long lesson, long enough to wrap once.\n\n"))
            .collect();
        let doc = Arc::new(crate::markdown::parse(&md));
        s.screen = Screen::Lesson(LessonView::new(0, 0));
        update(
            &mut s,
            Action::LessonLoaded {
                entry: 0,
                item: 0,
                doc: Ok(doc.clone()),
            },
        );
        assert!(s.layout_pending());
        let full = crate::markdown::layout(
            &doc,
            geometry::text_width(s.session.width),
            &s.session.labels,
            s.session.symbols(),
        );
        let Screen::Lesson(view) = &s.screen else {
            panic!("not reading")
        };
        assert!(
            view.lines.len() < full.len() / 4,
            "{} of {}",
            view.lines.len(),
            full.len()
        );
        assert_eq!(view.lines[..], full[..view.lines.len()]);
        // Scrolled to the end of what is there: not yet "read".
        let effects = update(&mut s, Action::End);
        assert!(
            !effects
                .iter()
                .any(|e| matches!(e, Effect::Record(LearnerEvent::LessonRead { .. })))
        );

        update(&mut s, Action::FinishLayout);
        assert!(!s.layout_pending());
        let Screen::Lesson(view) = &s.screen else {
            panic!("not reading")
        };
        assert_eq!(view.lines, full);
    }

    #[test]
    fn an_incomplete_answer_is_not_submitted() {
        let mut s = state(FeedbackMode::Immediate);
        open_quiz(&mut s);
        // Skip to the order question through the keys of the others.
        answer_prefix_to(&mut s, 5);
        let e = run(&mut s, &[Action::Digit(1), Action::Enter]);
        assert!(grades(&e).is_empty());
        assert_eq!(s.session.flash, Some(Flash::new("quiz-give-answer")));
    }

    fn answer_prefix_to(s: &mut State, target: usize) {
        loop {
            let Screen::Quiz(v) = &s.screen else { panic!() };
            let qi = s.session.progress["c"].open_attempts["quiz"].shown[v.pos].question;
            if qi == target {
                return;
            }
            let acts = match qi {
                3 | 4 => vec![Action::Char('1'), Action::Enter, Action::Enter],
                5 => vec![
                    Action::Digit(1),
                    Action::Digit(2),
                    Action::Digit(3),
                    Action::Enter,
                    Action::Enter,
                ],
                _ => vec![Action::Digit(1), Action::Enter, Action::Enter],
            };
            run(s, &acts);
        }
    }

    #[test]
    fn enter_submits_only_what_is_marked() {
        let mut s = state(FeedbackMode::Immediate);
        open_quiz(&mut s);
        // Whatever question comes first, arrows only move the cursor.
        loop {
            let Screen::Quiz(v) = &s.screen else { panic!() };
            let qi = s.session.progress["c"].open_attempts["quiz"].shown[v.pos].question;
            if qi > 2 {
                break;
            }
            let e = run(
                &mut s,
                &[Action::Down, Action::Up, Action::Down, Action::Enter],
            );
            assert!(grades(&e).is_empty(), "question {qi}: nothing was marked");
            assert_eq!(s.session.flash, Some(Flash::new("quiz-mark-first")));
            let Screen::Quiz(v) = &s.screen else { panic!() };
            assert!(v.picks.is_empty(), "the cursor is not a mark");
            assert!(v.feedback.is_none());
            // Space marks the option under the cursor; Enter submits it.
            let e = run(&mut s, &[Action::Space, Action::Enter]);
            assert_eq!(grades(&e).len(), 1, "question {qi}");
            run(&mut s, &[Action::Enter]);
        }
    }

    #[test]
    fn reopening_a_finished_quiz_shows_its_results_and_starts_nothing() {
        let mut s = state(FeedbackMode::Immediate);
        // Not passed, one attempt left: the outline offers the quiz again.
        answer_all(&mut s, false);
        // Quit on the results, come back: the course reopens where the
        // learner was, on the quiz: its results, not a new attempt.
        s.screen = Screen::Library;
        let e = run(&mut s, &[Action::Enter]);
        assert_eq!(started(&e), 0);
        assert!(matches!(s.screen, Screen::Results(_)), "{:?}", s.screen);
        assert!(s.session.progress["c"].open_attempts.is_empty());
        assert_eq!(s.session.progress["c"].attempts_used("quiz"), 1);
        // Enter there moves on; it does not start an attempt either.
        let e = run(&mut s, &[Action::Enter, Action::Enter]);
        assert_eq!(started(&e), 0);
    }

    #[test]
    fn the_start_page_says_what_the_quiz_is_and_esc_leaves_it() {
        let mut s = state(FeedbackMode::Immediate);
        let e = run(&mut s, &[Action::Enter, Action::Enter]);
        assert_eq!(started(&e), 0);
        let Screen::QuizStart(v) = &s.screen else {
            panic!("{:?}", s.screen)
        };
        let text: String = v_text(v);
        assert!(text.contains("7 questions"), "{text}");
        assert!(text.contains("Pass mark"), "{text}");
        assert!(text.contains("0 used, 2 left"), "{text}");
        assert!(text.contains("attempt 1"), "{text}");
        // Space scrolls, as on every page: it starts nothing.
        let e = run(&mut s, &[Action::Space, Action::Space]);
        assert_eq!(started(&e), 0);
        assert!(matches!(s.screen, Screen::QuizStart(_)));
        let e = run(&mut s, &[Action::Back, Action::Down, Action::Up]);
        assert_eq!(started(&e), 0);
        assert!(matches!(s.screen, Screen::Outline(_)));
    }

    fn v_text(v: &crate::tui::screens::quiz::QuizStartView) -> String {
        v.lines()
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_number_with_a_unit_is_refused_with_a_hint_not_graded() {
        let mut s = state(FeedbackMode::Immediate);
        open_quiz(&mut s);
        answer_prefix_to(&mut s, 4);
        let e = type_text(&mut s, "14 points");
        assert!(grades(&e).is_empty(), "not graded");
        assert_eq!(s.session.flash, Some(Flash::new("quiz-not-a-number")));
        assert_eq!(s.mode(), crate::tui::keymap::Mode::Typing, "still typing");
        // The teacher corrects it; now it is graded (and right).
        for _ in 0.."points".len() + 1 {
            update(&mut s, Action::Backspace);
        }
        let e = run(&mut s, &[Action::Enter]);
        assert_eq!(grades(&e), [true]);
    }

    #[test]
    fn enter_at_the_end_of_a_lesson_says_how_to_go_on_and_opens_nothing() {
        let mut s = state(FeedbackMode::Immediate);
        let doc = Arc::new(crate::markdown::parse("A short lesson.\n\nTwo paragraphs."));
        s.screen = Screen::Lesson(LessonView::new(0, 0));
        update(
            &mut s,
            Action::LessonLoaded {
                entry: 0,
                item: 0,
                doc: Ok(doc),
            },
        );
        // A hurried reader presses Enter again and again.
        let e = run(&mut s, &[Action::Enter, Action::Enter, Action::Enter]);
        assert!(matches!(s.screen, Screen::Lesson(_)), "{:?}", s.screen);
        assert_eq!(started(&e), 0);
        assert_eq!(s.session.flash, Some(Flash::new("lesson-end-next")));
        // `n` is the way on.
        run(&mut s, &[Action::Next]);
        assert!(!matches!(s.screen, Screen::Lesson(_)));
    }

    #[test]
    fn a_new_learner_with_a_taken_name_is_asked_not_merged() {
        use crate::tui::screens::learners::LearnersView;
        let mut s = state(FeedbackMode::Immediate);
        s.session.learners = vec!["Nguyễn Lan".into()];
        s.screen = Screen::Learners(LearnersView::default());
        run(&mut s, &[Action::End, Action::Enter]);
        // Typed with combining marks, in small letters: the same name.
        let e = type_text(&mut s, " nguye\u{302}\u{303}n lan ");
        assert!(e.is_empty(), "nothing chosen yet: {e:?}");
        let Screen::Learners(v) = &s.screen else {
            panic!()
        };
        assert_eq!(
            v.form.as_ref().and_then(|f| f.existing.clone()),
            Some("Nguyễn Lan".into())
        );
        // Esc: back to the name, to type another.
        run(&mut s, &[Action::Back]);
        let Screen::Learners(v) = &s.screen else {
            panic!()
        };
        assert!(v.form.as_ref().is_some_and(|f| f.existing.is_none()));
        // Enter again, then Enter: study as the learner who exists.
        let e = run(&mut s, &[Action::Enter, Action::Enter]);
        assert_eq!(
            e,
            vec![Effect::ChooseLearner {
                name: "Nguyễn Lan".into(),
                email: None,
                read_only: false
            }]
        );
    }

    #[test]
    fn an_email_that_is_not_one_is_refused() {
        use crate::tui::screens::learners::LearnersView;
        let mut s = state(FeedbackMode::Immediate);
        s.screen = Screen::Learners(LearnersView::default());
        run(&mut s, &[Action::Enter]);
        type_text(&mut s, "Hoa");
        for bad in [
            "hoa",
            "hoa@",
            "hoa@school",
            "hoa @school.vn",
            "a@b@c.vn",
            "hoa@x..vn",
        ] {
            let e = type_text(&mut s, bad);
            assert!(e.is_empty(), "{bad}: {e:?}");
            assert_eq!(
                s.session.flash,
                Some(Flash::new("learners-email-invalid")),
                "{bad}"
            );
            for _ in 0..bad.chars().count() {
                update(&mut s, Action::Backspace);
            }
        }
        let e = type_text(&mut s, "hoa@school.edu.vn");
        assert_eq!(
            e,
            vec![Effect::ChooseLearner {
                name: "Hoa".into(),
                email: Some("hoa@school.edu.vn".into()),
                read_only: false
            }]
        );
    }
}
