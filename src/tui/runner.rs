//! Carrying out effects: the only place the player reads the package,
//! writes the progress store, opens files and looks at the clock. Used by
//! the real loop and by tests that drive the player without a terminal.

use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

use super::action::{Action, Effect, LearnerEvent};
use super::state::{Arg, Flash, State};
use super::update::update;
use super::viewer;
use crate::course::load::QuizReadError;
use crate::course::source::ReadError;
use crate::course::{Course, Source, lesson_body};
use crate::markdown::parse;
use crate::store::{Learner, Store};

pub struct Runner {
    pub sources: Vec<Option<Source>>,
    /// The course of each library entry (for version notes).
    pub courses: Vec<Option<Arc<Course>>>,
    /// Every learner event, in order.
    pub recorded: Vec<LearnerEvent>,
    /// Really open files with the system viewer (off in tests).
    pub open_files: bool,
    /// Where progress is kept; `None` when it cannot be written.
    pub store: Option<Store>,
    pub learner: Option<Learner>,
    /// The item being studied and since when, for time spent.
    studying: Option<(String, String, Instant)>,
    /// Test instrumentation (`SLATE_TEST_CONFIRM_LOG`): one line per answer,
    /// written after its commit and before the screen shows it.
    confirm_log: Option<std::fs::File>,
}

impl Runner {
    pub fn new(sources: Vec<Option<Source>>, courses: Vec<Option<Arc<Course>>>) -> Runner {
        let confirm_log = std::env::var_os("SLATE_TEST_CONFIRM_LOG").and_then(|p| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
                .ok()
        });
        Runner {
            sources,
            courses,
            recorded: Vec::new(),
            open_files: true,
            store: None,
            learner: None,
            studying: None,
            confirm_log,
        }
    }

    /// Commits one event (its own transaction) before anything is drawn.
    fn record(&mut self, event: LearnerEvent) -> Option<Action> {
        if let LearnerEvent::ItemOpened { course, item } = &event {
            let finished = self
                .studying
                .replace((course.clone(), item.clone(), Instant::now()));
            if let Some(ev) = finished.and_then(time_spent) {
                let _ = self.commit(&ev);
                self.recorded.push(ev);
            }
        }
        let flash = self
            .commit(&event)
            .err()
            .map(|e| Action::Flash(Flash::new("store-save-failed").with("reason", e)));
        // Only what really reached the database counts as confirmed.
        let persisted = flash.is_none() && self.store.is_some() && self.learner.is_some();
        if persisted
            && let (
                Some(log),
                LearnerEvent::AnswerSubmitted {
                    course,
                    quiz,
                    attempt,
                    question,
                    ..
                },
            ) = (self.confirm_log.as_mut(), &event)
        {
            let _ = writeln!(log, "{course}\t{quiz}\t{attempt}\t{question}");
        }
        self.recorded.push(event);
        flash
    }

    fn commit(&mut self, event: &LearnerEvent) -> Result<(), String> {
        match (self.store.as_mut(), &self.learner) {
            (Some(store), Some(learner)) => {
                store.record(learner.id, event).map_err(|e| e.to_string())
            }
            _ => Ok(()),
        }
    }

    /// Saves the time on the current item and folds the log into the
    /// database file, on a clean exit.
    pub fn finish(&mut self) {
        if let Some(ev) = self.studying.take().and_then(time_spent) {
            let _ = self.commit(&ev);
            self.recorded.push(ev);
        }
        if let Some(store) = &self.store {
            store.checkpoint();
            let _ = store.backup_if_due();
        }
    }

    fn source(&self, entry: usize) -> Option<&Source> {
        self.sources.get(entry).and_then(Option::as_ref)
    }

    /// Returns the action an effect answers with, if any, and whether to quit.
    pub fn run(&mut self, effect: Effect) -> (Option<Action>, bool) {
        let next = match effect {
            Effect::Quit => return (None, true),
            Effect::Record(event) => self.record(event),
            Effect::LoadLesson { entry, item, path } => {
                let doc = match self.source(entry) {
                    Some(source) => lesson_body(source, &path).map(|body| Arc::new(parse(&body))),
                    None => Err(ReadError::Missing),
                };
                Some(Action::LessonLoaded { entry, item, doc })
            }
            Effect::LoadQuiz { entry, item, path } => {
                let course = self.courses.get(entry).and_then(Option::as_ref);
                let quiz = match (self.source(entry), course) {
                    (Some(source), Some(course)) => {
                        crate::course::load::quiz_body(source, &path, &course.language)
                            .map(Box::new)
                    }
                    _ => Err(QuizReadError::Changed),
                };
                Some(Action::QuizLoaded { entry, item, quiz })
            }
            Effect::ChooseLearner { name, email } => Some(self.choose_learner(name, email)),
            Effect::CourseOpened { entry } => self.course_opened(entry).map(Action::Flash),
            Effect::Export { entry, path } => {
                let flash = match self.export(entry, &path) {
                    Ok(()) => Flash::new("export-done").with("path", path),
                    Err(reason) => Flash::new("export-failed").with_arg("reason", reason),
                };
                Some(Action::Flash(flash))
            }
            Effect::OpenFile { entry, path } => {
                let result = match self.source(entry) {
                    Some(source) if self.open_files => viewer::open(source, &path),
                    Some(_) => Ok(()),
                    None => Err(Arg::read_error(&ReadError::Missing)),
                };
                let flash = match result {
                    Ok(()) => Flash::new("media-opened").with("path", path),
                    Err(reason) => Flash::new("media-cannot-open")
                        .with("path", path)
                        .with_arg("reason", reason),
                };
                Some(Action::Flash(flash))
            }
        };
        (next, false)
    }

    /// Chooses (or creates) the learner and reads their progress. A record
    /// that cannot be read is said, and nothing is saved over it.
    fn choose_learner(&mut self, name: String, email: Option<String>) -> Action {
        let ready = |progress, flash| Action::LearnerReady {
            name: name.clone(),
            progress,
            flash,
        };
        let Some(store) = self.store.as_mut() else {
            return ready(Default::default(), None);
        };
        let learner = match store.learner(&name, email.as_deref()) {
            Ok(l) => l,
            Err(e) => {
                return Action::Flash(
                    Flash::new("store-save-failed").with("reason", e.to_string()),
                );
            }
        };
        match store.load_progress(learner.id) {
            Ok(progress) => {
                self.learner = Some(learner);
                ready(progress, None)
            }
            Err(e) => {
                self.store = None;
                self.learner = None;
                let flash = Flash::new("store-read-only").with("reason", e.to_string());
                ready(Default::default(), Some(flash))
            }
        }
    }

    /// Notes the course's version in the store, and says what changed
    /// since the learner last saw it.
    fn course_opened(&mut self, entry: usize) -> Option<Flash> {
        let (Some(store), Some(learner), Some(Some(course))) =
            (self.store.as_mut(), &self.learner, self.courses.get(entry))
        else {
            return None;
        };
        match store.course_seen(learner.id, course) {
            Ok(Some((old, old_items))) => {
                let added = course
                    .items
                    .iter()
                    .filter(|i| !old_items.contains(&i.id))
                    .count();
                let removed = old_items
                    .iter()
                    .filter(|id| course.item(id).is_none())
                    .count();
                Some(
                    Flash::new("course-updated")
                        .with("old", old)
                        .with("new", course.version.clone())
                        .with("added", added.to_string())
                        .with("removed", removed.to_string()),
                )
            }
            Ok(None) => None,
            Err(e) => Some(Flash::new("store-save-failed").with("reason", e.to_string())),
        }
    }

    /// Writes the learner's record bundle for one course (the screen's
    /// export): the same file `slate export --course` writes.
    fn export(&self, entry: usize, path: &str) -> Result<(), Arg> {
        let (Some(store), Some(learner)) = (&self.store, &self.learner) else {
            return Err(Arg::Message("export-not-saved", Vec::new()));
        };
        let course = self
            .courses
            .get(entry)
            .and_then(Option::as_ref)
            .ok_or(Arg::Message("export-no-course", Vec::new()))?;
        let packages = crate::records::export::packages(&self.courses, &self.sources);
        let bytes =
            crate::records::export::bundle_file(store, learner, &packages, Some(&course.id))
                .map_err(Arg::Text)?;
        crate::util::write_file(std::path::Path::new(path), &bytes).map_err(Arg::Text)
    }
}

fn time_spent((course, item, since): (String, String, Instant)) -> Option<LearnerEvent> {
    let seconds = since.elapsed().as_secs();
    (seconds > 0).then_some(LearnerEvent::TimeSpent {
        course,
        item,
        seconds,
    })
}

/// Lets `update` decide on an action, carries out its effects, and feeds
/// the actions they answer with back in, until none is left. Returns
/// whether to quit. The loop and the tests drive the player through this.
pub fn dispatch(state: &mut State, runner: &mut Runner, action: Action) -> bool {
    let mut queue = vec![action];
    while let Some(action) = queue.pop() {
        for effect in update(state, action) {
            let (next, quit) = runner.run(effect);
            if quit {
                return true;
            }
            queue.extend(next);
        }
    }
    false
}
