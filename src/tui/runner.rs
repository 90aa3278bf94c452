//! Carrying out effects: the only place the player reads the package,
//! writes the progress store, opens files and looks at the clock. Used by
//! the real loop and by tests that drive the player without a terminal.

use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

use super::action::{Action, Effect, LearnerEvent};
use super::state::{Arg, Flash, Saving, State};
use super::update::update;
use super::viewer;
use crate::course::load::QuizReadError;
use crate::course::source::ReadError;
use crate::course::{Course, Source, lesson_body};
use crate::markdown::parse;
use crate::store::{Holder, Learner, Notice, Store, StoreError};

pub struct Runner {
    pub sources: Vec<Option<Source>>,
    /// The course of each library entry (for version notes).
    pub courses: Vec<Option<Arc<Course>>>,
    /// Every learner event, in order.
    pub recorded: Vec<LearnerEvent>,
    /// Really open files with the system viewer (off in tests).
    pub open_files: bool,
    /// Where progress is kept; `None` when there is no data folder.
    pub store: Option<Store>,
    pub learner: Option<Learner>,
    /// Why nothing is written, whatever is tried: the learner studies
    /// read-only, the data folder cannot be written, there is none, or
    /// another Slate took the learner over.
    saving_off: Option<Arg>,
    /// The learner to create once writing works (it failed when chosen).
    learner_to_create: Option<(String, Option<String>)>,
    /// Steps not saved yet, in order, saved as soon as writing works again.
    pending: Vec<LearnerEvent>,
    /// Why the last write failed, while steps are pending.
    failing: Option<String>,
    /// This Slate, as the lease on a learner names it.
    holder: Holder,
    /// The item being studied and since when, for time spent.
    studying: Option<(String, String, Instant)>,
    /// The learner's language: each step is saved with the course's content
    /// language for it (the language the item was studied in).
    pub lang: String,
    /// Copies of package files handed to the system viewer, removed when
    /// Slate quits.
    temp_copies: Vec<std::path::PathBuf>,
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
            saving_off: None,
            learner_to_create: None,
            pending: Vec::new(),
            failing: None,
            holder: Holder::this_process(),
            studying: None,
            lang: "en".to_string(),
            temp_copies: Vec::new(),
            confirm_log,
        }
    }

    /// Nothing will be saved this session, for `why`.
    pub fn save_nothing(&mut self, why: Arg) {
        self.saving_off = Some(why);
    }

    /// Commits one event (its own transaction) before anything is drawn;
    /// one that cannot be committed now waits with the others, and the
    /// screen is told.
    fn record(&mut self, event: LearnerEvent) -> Option<Action> {
        let before = self.status();
        // A visit ends when another item opens, and also when an attempt
        // at the quiz being studied starts or finishes, so that an
        // attempt's time is the visits inside it.
        let visit_ends = match &event {
            LearnerEvent::ItemOpened { course, item } => {
                Some((course.clone(), item.clone(), Instant::now()))
            }
            LearnerEvent::AttemptStarted { course, quiz, .. }
            | LearnerEvent::QuizFinished { course, quiz, .. } => self
                .studying
                .as_ref()
                .filter(|(c, i, _)| c == course && i == quiz)
                .map(|(c, i, _)| (c.clone(), i.clone(), Instant::now())),
            _ => None,
        };
        if let Some(next) = visit_ends {
            let finished = self.studying.replace(next);
            if let Some(ev) = finished.and_then(time_spent) {
                self.recorded.push(ev.clone());
                self.save(ev);
            }
        }
        self.recorded.push(event.clone());
        self.save(event);
        let after = self.status();
        (after != before || after.problem.is_some()).then_some(Action::Saving(after))
    }

    /// Saves what is pending and then `event`, in order, as far as writing
    /// works; the rest waits.
    fn save(&mut self, event: LearnerEvent) {
        self.pending.push(event);
        self.flush();
    }

    /// Writes the pending steps, oldest first, until one fails.
    fn flush(&mut self) {
        if self.saving_off.is_some() || self.pending.is_empty() {
            return;
        }
        if self.learner.is_none() && !self.create_learner() {
            return;
        }
        let (Some(store), Some(learner)) = (self.store.as_mut(), &self.learner) else {
            return;
        };
        let mut saved = 0;
        for event in &self.pending {
            let lang = self
                .courses
                .iter()
                .flatten()
                .find(|c| c.id == event.course())
                .map(|c| c.content_language(&self.lang));
            match store.record_in(learner.id, event, lang) {
                Ok(()) => {
                    saved += 1;
                    if let (
                        Some(log),
                        LearnerEvent::AnswerSubmitted {
                            course,
                            quiz,
                            attempt,
                            question,
                            ..
                        },
                    ) = (self.confirm_log.as_mut(), event)
                    {
                        let _ = writeln!(log, "{course}\t{quiz}\t{attempt}\t{question}");
                    }
                }
                Err(StoreError::Refused(_)) => {
                    // Another Slate has the learner now: nothing more is
                    // written here, and what waits is kept on screen.
                    self.saving_off = Some(Arg::Message("save-lease-lost", Vec::new()));
                    break;
                }
                Err(e) => {
                    self.failing = Some(e.to_string());
                    break;
                }
            }
        }
        self.pending.drain(..saved);
        if self.pending.is_empty() {
            self.failing = None;
        }
    }

    /// Creates the learner whose creation failed when chosen.
    fn create_learner(&mut self) -> bool {
        let (Some(store), Some((name, email))) = (self.store.as_mut(), &self.learner_to_create)
        else {
            return false;
        };
        match store.learner(name, email.as_deref()) {
            Ok(l) => {
                let _ = store.take_lease(l.id, &self.holder);
                self.learner = Some(l);
                self.learner_to_create = None;
                true
            }
            Err(e) => {
                self.failing = Some(e.to_string());
                false
            }
        }
    }

    /// Tries the pending steps again (the disk may have room now); says so
    /// when that changed anything.
    pub fn retry(&mut self) -> Option<Action> {
        if self.pending.is_empty() {
            return None;
        }
        let before = self.status();
        self.flush();
        let after = self.status();
        (after != before).then_some(Action::Saving(after))
    }

    /// What the screen shows of saving.
    pub fn status(&self) -> Saving {
        let answers = self
            .pending
            .iter()
            .filter_map(|e| match e {
                LearnerEvent::AnswerSubmitted {
                    course,
                    quiz,
                    attempt,
                    position,
                    ..
                } => Some((course.clone(), quiz.clone(), *attempt, *position)),
                _ => None,
            })
            .collect();
        let problem = self.saving_off.clone().or_else(|| {
            self.failing
                .clone()
                .filter(|_| !self.pending.is_empty())
                .map(Arg::Text)
                .or_else(|| {
                    self.store
                        .is_none()
                        .then(|| Arg::Message("save-no-folder", Vec::new()))
                })
        });
        Saving {
            pending: self.pending.len(),
            answers,
            problem,
        }
    }

    /// Saves the time on the current item, tries once more what waits,
    /// lets the learner go and folds the log into the database file, on a
    /// clean exit.
    pub fn finish(&mut self) {
        if let Some(ev) = self.studying.take().and_then(time_spent) {
            self.recorded.push(ev.clone());
            self.save(ev);
        }
        if let Some(store) = &mut self.store {
            store.leave();
            let _ = store.backup_if_due();
        }
        // The viewer has had them open long since; a viewer that still
        // reads keeps its open file on Unix.
        for copy in self.temp_copies.drain(..) {
            let _ = std::fs::remove_file(copy);
        }
    }

    /// `slate preview`: the package at `path` read again, whole (no
    /// outline cache), for library entry `entry`; its problems as lines.
    pub fn reload(&mut self, entry: usize, path: &std::path::Path) -> Action {
        use crate::course::library::Entry;
        let (now, diagnostics) = match Source::open(path) {
            Ok(source) => {
                let loaded = crate::course::load(&source);
                let diagnostics = loaded.diagnostics.clone();
                let now = Entry::of(&source, loaded, false);
                if let Some(slot) = self.sources.get_mut(entry) {
                    *slot = Some(source);
                }
                (now, diagnostics)
            }
            Err(diagnostics) => {
                let now = Entry {
                    course: None,
                    origin: path.display().to_string(),
                    bundled: false,
                    errors: diagnostics.len(),
                    reason: diagnostics
                        .first()
                        .map(|d| crate::text::one_line(&d.message).into_owned()),
                    seal: None,
                };
                if let Some(slot) = self.sources.get_mut(entry) {
                    *slot = None;
                }
                (now, diagnostics)
            }
        };
        if let Some(slot) = self.courses.get_mut(entry) {
            *slot = now.course.clone();
        }
        let shown = path.display().to_string();
        let mut problems: Vec<super::state::Problem> = diagnostics
            .iter()
            .map(|d| {
                let file = d
                    .file
                    .strip_prefix(&shown)
                    .map(|f| f.trim_start_matches('/'))
                    .filter(|f| !f.is_empty())
                    .unwrap_or(&d.file);
                super::state::Problem {
                    error: d.is_error(),
                    place: if d.line > 0 {
                        format!("{file}:{}", d.line)
                    } else {
                        file.to_string()
                    },
                    message: crate::text::one_line(&d.message).into_owned(),
                }
            })
            .collect();
        // Errors first, each group in file order.
        problems.sort_by_key(|p| !p.error);
        Action::Reloaded {
            entry,
            now: Box::new(now),
            problems,
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
            Effect::ChooseLearner {
                name,
                email,
                read_only,
            } => Some(self.choose_learner(name, email, read_only)),
            Effect::CourseOpened { entry } => self.course_opened(entry).map(Action::Flash),
            Effect::Export { entry, path } => {
                let flash = match self.export(entry, &path) {
                    Ok(()) => Flash::new("export-done").with("path", path),
                    Err(reason) => Flash::new("export-failed").with_arg("reason", reason),
                };
                Some(Action::Flash(flash))
            }
            Effect::CopyFile { entry, path, to } => {
                let flash = match self.source(entry).map(|s| viewer::copy_out(s, &path, &to)) {
                    Some(Ok(())) => Flash::new("media-copied").with("path", to),
                    Some(Err(reason)) => Flash::new("media-cannot-copy")
                        .with("path", to)
                        .with_arg("reason", reason),
                    None => Flash::new("media-cannot-copy")
                        .with("path", to)
                        .with_arg("reason", Arg::read_error(&ReadError::Missing)),
                };
                Some(Action::Flash(flash))
            }
            Effect::OpenFile { entry, path, lang } => {
                // The learner's language's copy of the file, where the
                // package has one (`checklist.lo.txt`).
                let path = self
                    .source(entry)
                    .and_then(|source| {
                        crate::course::translations::translation_of(source, &path, &lang)
                    })
                    .unwrap_or(path);
                let result = match self.source(entry) {
                    Some(source) => viewer::open(source, &path, self.open_files),
                    None => Err(Arg::read_error(&ReadError::Missing)),
                };
                let flash = match result {
                    Ok(viewer::Opened::Text(text)) => {
                        return (Some(Action::FileRead { path, text }), false);
                    }
                    Ok(viewer::Opened::Viewer(copy)) => {
                        if !copy.as_os_str().is_empty() {
                            self.temp_copies.push(copy);
                        }
                        Flash::new("media-opened").with("path", path)
                    }
                    Err(reason) => Flash::new("media-cannot-open")
                        .with("path", path)
                        .with_arg("reason", reason),
                };
                Some(Action::Flash(flash))
            }
        };
        (next, false)
    }

    /// Chooses (or creates) the learner, takes their lease and reads their
    /// progress. Another Slate studying as them is said (the learner may
    /// wait, or study read-only); a learner that cannot be created now is
    /// created when writing works; a damaged database is repaired first.
    fn choose_learner(&mut self, name: String, email: Option<String>, read_only: bool) -> Action {
        if let Some(store) = &mut self.store {
            store.release_lease();
        }
        self.learner = None;
        self.learner_to_create = None;
        if read_only {
            self.saving_off = Some(Arg::Message("save-read-only-choice", Vec::new()));
        }
        let mut flash = None;
        let progress = match self.find_or_create(&name, email.as_deref(), read_only) {
            Chosen::Busy(elsewhere) => {
                return Action::LearnerBusy {
                    name,
                    email,
                    elsewhere,
                };
            }
            Chosen::Ready(progress) => progress,
            Chosen::Damaged => match self.repair() {
                Some(notice) => {
                    flash = Some(notice);
                    match self.find_or_create(&name, email.as_deref(), read_only) {
                        Chosen::Ready(progress) => progress,
                        Chosen::Busy(elsewhere) => {
                            return Action::LearnerBusy {
                                name,
                                email,
                                elsewhere,
                            };
                        }
                        Chosen::Damaged | Chosen::Unreadable => Default::default(),
                    }
                }
                None => Default::default(),
            },
            Chosen::Unreadable => Default::default(),
        };
        Action::LearnerReady {
            name,
            progress,
            flash,
            saving: self.status(),
        }
    }

    fn find_or_create(&mut self, name: &str, email: Option<&str>, read_only: bool) -> Chosen {
        let Some(store) = self.store.as_mut() else {
            return Chosen::Ready(Default::default());
        };
        let learner = match store.find_learner(name) {
            Ok(Some(l)) => l,
            Ok(None) if store.is_read_only() => {
                self.saving_off = Some(Arg::Message("save-folder-read-only", Vec::new()));
                return Chosen::Ready(Default::default());
            }
            Ok(None) => match store.learner(name, email) {
                Ok(l) => l,
                Err(e) => {
                    // Studied unsaved for now; the learner and their steps
                    // are written once the disk takes them.
                    self.failing = Some(e.to_string());
                    self.learner_to_create = Some((name.to_string(), email.map(String::from)));
                    return Chosen::Ready(Default::default());
                }
            },
            Err(e) if e.is_damage() => return Chosen::Damaged,
            Err(e) => {
                self.saving_off = Some(Arg::Text(e.to_string()));
                return Chosen::Unreadable;
            }
        };
        if !read_only && !store.is_read_only() {
            match store.take_lease(learner.id, &self.holder) {
                Ok(Some(elsewhere)) => return Chosen::Busy(elsewhere),
                Ok(None) => {}
                // Not even the lease could be written: the steps wait.
                Err(e) => self.failing = Some(e.to_string()),
            }
        }
        match store.load_progress(learner.id) {
            Ok(progress) => {
                self.learner = Some(learner);
                Chosen::Ready(progress)
            }
            Err(e) if e.is_damage() => Chosen::Damaged,
            Err(e) => {
                // Saving over a record that could not be read would lose it.
                self.saving_off = Some(Arg::Text(e.to_string()));
                Chosen::Unreadable
            }
        }
    }

    /// Sets a database found damaged while studying aside, as a start
    /// would (the backup restored, what can be read put back), and says so.
    fn repair(&mut self) -> Option<Flash> {
        let path = self.store.take()?.damaged();
        match Store::open(&path) {
            Ok(store) => {
                let notice = store.notices.iter().find_map(notice_flash);
                self.store = Some(store);
                notice
            }
            Err(e) => {
                self.saving_off = Some(Arg::Text(e.to_string()));
                None
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
        let origin = self
            .sources
            .get(entry)
            .and_then(Option::as_ref)
            .and_then(Source::location)
            .map(|p| p.display().to_string());
        match store.course_seen(learner.id, course, origin.as_deref()) {
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

/// What choosing a learner came to.
enum Chosen {
    Ready(std::collections::HashMap<String, crate::progress::Progress>),
    Busy(crate::store::Elsewhere),
    Damaged,
    Unreadable,
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
    // Steps that could not be saved are tried again at every key (the
    // stick may be back, the disk may have room).
    queue.extend(runner.retry());
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

/// What the learner is told of how the database was found at start.
pub fn notice_flash(n: &Notice) -> Option<Flash> {
    Some(match n {
        Notice::Restored { salvaged, .. } => {
            Flash::new("store-restored").with("answers", salvaged.answers.to_string())
        }
        Notice::StartedAfresh { salvaged, .. } => {
            Flash::new("store-afresh").with("answers", salvaged.answers.to_string())
        }
        Notice::Migrated { .. } => Flash::new("store-migrated"),
    })
}
