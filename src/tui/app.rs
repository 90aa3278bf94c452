//! The loop: the only code that touches the terminal, the files and the
//! clock. It reads an event, maps it to an action, lets `update` decide,
//! carries out the effects, and draws. It blocks on input, so an idle
//! player uses no CPU.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::Instant;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;

use super::action::{Action, Effect, LearnerEvent};
use super::keymap::action_for;
use super::screens::{self, Ctx};
use super::state::{Entry, Flash, Screen, State};
use super::theme::Theme;
use super::update::update;
use crate::course::{Source, lesson_body};
use crate::i18n::I18n;
use crate::markdown::{Labels, parse};
use crate::store::{Learner, Notice, Store};

/// The courses of the library and where their files are read from.
pub struct Library {
    pub sources: Vec<Option<Source>>,
    pub entries: Vec<Entry>,
    cache: Option<PathBuf>,
}

impl Library {
    /// Loads every package: the bundled ones (unless `only` is given), and
    /// each package found in `dirs` (a folder holding course folders or
    /// zips, or a package itself). Packages unchanged since they were last
    /// loaded come from the outline cache in `cache`.
    pub fn load(
        dirs: &[PathBuf],
        only: Option<&PathBuf>,
        bundled: bool,
        cache: Option<&std::path::Path>,
    ) -> Library {
        let mut lib = Library {
            sources: Vec::new(),
            entries: Vec::new(),
            cache: cache.map(std::path::Path::to_path_buf),
        };
        if let Some(path) = only {
            lib.add_path(path);
            return lib;
        }
        if bundled {
            for source in Source::bundled() {
                let (source, loaded) =
                    crate::course::cache::load_embedded(source, lib.cache.as_deref());
                lib.push(source, loaded, true);
            }
        }
        for dir in dirs {
            if dir.join(crate::course::source::MANIFEST).is_file() || dir.is_file() {
                lib.add_path(dir);
                continue;
            }
            let children = crate::course::source::packages_in(dir);
            for c in children {
                lib.add_path(&c);
            }
        }
        lib
    }

    fn add_path(&mut self, path: &std::path::Path) {
        match crate::course::cache::open_and_load(path, self.cache.as_deref()) {
            Ok((source, loaded)) => self.push(source, loaded, false),
            Err(d) => self.push_unopened(path.display().to_string(), d.len()),
        }
    }

    fn push(&mut self, source: Source, loaded: crate::course::Loaded, bundled: bool) {
        self.entries.push(Entry {
            course: loaded.course.map(Arc::new),
            origin: source.display().to_string(),
            bundled,
            errors: loaded.diagnostics.iter().filter(|d| d.is_error()).count(),
        });
        self.sources.push(Some(source));
    }

    /// A package that could not be opened at all: listed with its error
    /// count, so the library says to check it.
    fn push_unopened(&mut self, origin: String, errors: usize) {
        self.entries.push(Entry {
            course: None,
            origin,
            bundled: false,
            errors,
        });
        self.sources.push(None);
    }
}

/// Carries out effects. Used by the real loop and by tests that drive the
/// player without a terminal.
pub struct Runner {
    pub sources: Vec<Option<Source>>,
    /// The course of each library entry (for version notes).
    pub courses: Vec<Option<Arc<crate::course::Course>>>,
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
    pub fn new(
        sources: Vec<Option<Source>>,
        courses: Vec<Option<Arc<crate::course::Course>>>,
    ) -> Runner {
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
        }
        if let Some(store) = &self.store {
            store.checkpoint();
            let _ = store.backup_if_due();
        }
    }

    /// Returns the action an effect answers with, if any, and whether to quit.
    pub fn run(&mut self, effect: Effect) -> (Option<Action>, bool) {
        match effect {
            Effect::Quit => (None, true),
            Effect::Record(event) => (self.record(event), false),
            Effect::LoadLesson { entry, item, path } => {
                let doc = match self.sources.get(entry).and_then(Option::as_ref) {
                    Some(source) => lesson_body(source, &path)
                        .map(|body| Arc::new(parse(&body)))
                        .map_err(|e| format!("{e:?}")),
                    None => Err("the course is no longer available".into()),
                };
                (Some(Action::LessonLoaded { entry, item, doc }), false)
            }
            Effect::LoadQuiz { entry, item, path } => {
                let source = self.sources.get(entry).and_then(Option::as_ref);
                let course = self.courses.get(entry).and_then(Option::as_ref);
                let quiz = match (source, course) {
                    (Some(source), Some(course)) => {
                        crate::course::load::quiz_body(source, &path, &course.language)
                            .map(Box::new)
                    }
                    _ => Err("the course is no longer available".into()),
                };
                (Some(Action::QuizLoaded { entry, item, quiz }), false)
            }
            Effect::ChooseLearner { name, email } => {
                let progress = match self.store.as_mut() {
                    Some(store) => match store.learner(&name, email.as_deref()) {
                        Ok(l) => {
                            let loaded = store.load_progress(l.id);
                            self.learner = Some(l);
                            match loaded {
                                Ok(p) => p,
                                Err(e) => {
                                    // Say so, and save nothing over a record
                                    // that could not be read.
                                    self.store = None;
                                    self.learner = None;
                                    let flash =
                                        Flash::new("store-read-only").with("reason", e.to_string());
                                    let ready = Action::LearnerReady {
                                        name,
                                        progress: Default::default(),
                                        flash: Some(flash),
                                    };
                                    return (Some(ready), false);
                                }
                            }
                        }
                        Err(e) => {
                            return (
                                Some(Action::Flash(
                                    Flash::new("store-save-failed").with("reason", e.to_string()),
                                )),
                                false,
                            );
                        }
                    },
                    None => Default::default(),
                };
                (
                    Some(Action::LearnerReady {
                        name,
                        progress,
                        flash: None,
                    }),
                    false,
                )
            }
            Effect::CourseOpened { entry } => {
                let (Some(store), Some(learner), Some(Some(course))) =
                    (self.store.as_mut(), &self.learner, self.courses.get(entry))
                else {
                    return (None, false);
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
                        let flash = Flash::new("course-updated")
                            .with("old", old)
                            .with("new", course.version.clone())
                            .with("added", added.to_string())
                            .with("removed", removed.to_string());
                        (Some(Action::Flash(flash)), false)
                    }
                    Ok(None) => (None, false),
                    Err(e) => (
                        Some(Action::Flash(
                            Flash::new("store-save-failed").with("reason", e.to_string()),
                        )),
                        false,
                    ),
                }
            }
            Effect::Export { entry, path } => {
                let flash = match self.export(entry, &path) {
                    Ok(()) => Flash::new("export-done").with("path", path),
                    Err(reason) => Flash::new("export-failed").with("reason", reason),
                };
                (Some(Action::Flash(flash)), false)
            }
            Effect::OpenFile { entry, path } => {
                let result = match self.sources.get(entry).and_then(Option::as_ref) {
                    Some(source) if self.open_files => open_with_viewer(source, &path),
                    Some(_) => Ok(()),
                    None => Err("-".into()),
                };
                let flash = match result {
                    Ok(()) => Flash::new("media-opened").with("path", path),
                    Err(reason) => Flash::new("media-cannot-open")
                        .with("path", path)
                        .with("reason", reason),
                };
                (Some(Action::Flash(flash)), false)
            }
        }
    }
}

impl Runner {
    /// Writes the learner's record bundle for one course (the screen's
    /// export): the same file `slate export --course` writes.
    fn export(&self, entry: usize, path: &str) -> Result<(), String> {
        let (Some(store), Some(learner)) = (&self.store, &self.learner) else {
            return Err("progress is not being saved on this computer".into());
        };
        let course = self
            .courses
            .get(entry)
            .and_then(Option::as_ref)
            .ok_or("the course could not be loaded")?;
        let packages = crate::records::export::packages(&self.courses, &self.sources);
        let bytes =
            crate::records::export::bundle_file(store, learner, &packages, Some(&course.id))?;
        crate::records::export::write_file(std::path::Path::new(path), &bytes)
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

/// Extensions the system viewer is asked to open: images only. Anything
/// else in a package (a script, a program, a shortcut) could run.
const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "bmp", "svg"];

/// Opens an image of the package in the system viewer. Images inside a zip
/// or the binary are copied to a new file of the temporary folder first
/// (one file, never the package).
fn open_with_viewer(source: &Source, rel: &str) -> Result<(), String> {
    let ext = rel
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !IMAGE_EXTENSIONS.contains(&ext.as_str()) {
        return Err(format!(
            "only images ({}) are opened",
            IMAGE_EXTENSIONS.join(", ")
        ));
    }
    let path = match source.disk_path(rel) {
        Some(p) if p.is_file() && source.check_inside(rel).is_ok() => p,
        _ => {
            let bytes = source
                .read(rel, 64 * 1024 * 1024)
                .map_err(|e| format!("{e:?}"))?;
            // A fresh name, created new: never follows a planted link.
            let p = std::env::temp_dir().join(format!("slate-{:016x}.{ext}", fastrand::u64(..)));
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&p)
                .map_err(|e| e.to_string())?;
            f.write_all(&bytes).map_err(|e| e.to_string())?;
            p
        }
    };
    // No shell in between: the path is one argument, whatever its characters.
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = Command::new("explorer");
        c.arg(&path);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(&path);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(&path);
        c
    };
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    // Reap the viewer launcher when it exits, without waiting for it here.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// Labels the lesson layout writes, in the UI language.
pub fn labels(i18n: &I18n) -> Labels {
    Labels {
        note: i18n.t("callout-note"),
        tip: i18n.t("callout-tip"),
        important: i18n.t("callout-important"),
        warning: i18n.t("callout-warning"),
        caution: i18n.t("callout-caution"),
        footnotes: i18n.t("footnotes"),
    }
}

/// What the command line and configuration decided.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub courses: Vec<PathBuf>,
    pub play: Option<PathBuf>,
    pub lang: Option<String>,
    pub learner: Option<String>,
    pub ascii: bool,
    /// Where the progress database lives.
    pub data_dir: Option<PathBuf>,
}

impl Options {
    /// Where loaded course outlines are cached: beside the progress.
    pub fn cache_dir(&self) -> Option<PathBuf> {
        self.data_dir.as_ref().map(|d| d.join("cache"))
    }
}

/// Restores mouse and paste modes when dropped (on a panic, the hook set
/// in `run` does it).
struct Modes;

impl Modes {
    fn enable() -> Modes {
        let _ = execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste);
        Modes
    }
}

impl Drop for Modes {
    fn drop(&mut self) {
        let _ = execute!(
            std::io::stdout(),
            DisableBracketedPaste,
            DisableMouseCapture
        );
    }
}

pub fn run(opts: Options) -> ExitCode {
    let ui_lang = opts
        .lang
        .clone()
        .or_else(crate::i18n::from_env)
        .unwrap_or_else(|| "en".into());
    let i18n = I18n::new(&ui_lang);
    let term = std::env::var("TERM").unwrap_or_default();
    if term == "dumb" {
        eprintln!("{}", i18n.t("term-dumb"));
        return ExitCode::FAILURE;
    }
    let colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let ascii = opts.ascii || !crate::i18n::env_is_utf8();
    let theme = Theme::new(colour, ascii);

    let library = Library::load(
        &opts.courses,
        opts.play.as_ref(),
        true,
        opts.cache_dir().as_deref(),
    );
    let courses: Vec<_> = library.entries.iter().map(|e| e.course.clone()).collect();
    let mut state = State::new(i18n.lang(), library.entries, labels(&i18n), theme.symbols);
    state.seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    state.export_dir = std::env::current_dir()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    let mut runner = Runner::new(library.sources, courses);

    // The store: opened (checked, repaired, migrated) before anything is shown.
    match opts.data_dir.as_deref().map(open_store) {
        Some(Ok(store)) => {
            state.flash = store.notices.iter().find_map(notice_flash);
            state.learners = store
                .learners()
                .map(|v| v.into_iter().map(|l| l.name).collect())
                .unwrap_or_default();
            runner.store = Some(store);
        }
        Some(Err(StoreOpen::TooNew(msg))) => {
            eprintln!("slate: {msg}");
            return ExitCode::FAILURE;
        }
        Some(Err(StoreOpen::Unwritable(reason))) => {
            state.flash = Some(Flash::new("store-read-only").with("reason", reason));
        }
        None => {}
    }
    match &opts.learner {
        Some(name) => {
            let (next, _) = runner.run(Effect::ChooseLearner {
                name: name.clone(),
                email: None,
            });
            if let Some(a) = next {
                update(&mut state, a);
            }
        }
        None if runner.store.is_some() => {
            state.screen = Screen::Learners {
                selected: 0,
                form: None,
            }
        }
        None => {}
    }
    if opts.play.is_some() && matches!(state.screen, Screen::Library) {
        // `slate play PATH` goes straight into the course (keeping any
        // message about the store on screen).
        let flash = state.flash.take();
        dispatch(&mut state, &mut runner, Action::Enter);
        state.flash = state.flash.take().or(flash);
    }

    let mut terminal = ratatui::init();
    // Release builds abort on a panic, so `Modes` is never dropped then:
    // the panic hook (after ratatui's, which leaves raw mode and the
    // alternate screen) turns mouse and paste modes off too.
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(
            std::io::stdout(),
            DisableMouseCapture,
            DisableBracketedPaste
        );
        ratatui_hook(info);
    }));
    let modes = Modes::enable();
    if let Ok(size) = terminal.size() {
        update(&mut state, Action::Resize(size.width, size.height));
    }
    let result = event_loop(&mut terminal, &mut state, &mut runner, &i18n, theme);
    runner.finish();
    drop(modes);
    ratatui::restore();
    let _ = std::io::stdout().flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("slate: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Whether the terminal shows OSC 8 hyperlinks (`SLATE_HYPERLINKS=0/1`
/// overrides). Terminals that do not know them may print them, so only
/// those known to are used; the Linux console never.
pub fn hyperlinks_supported() -> bool {
    if let Ok(v) = std::env::var("SLATE_HYPERLINKS") {
        return v == "1";
    }
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let term = var("TERM");
    if term == "linux" || term == "dumb" {
        return false;
    }
    !var("WT_SESSION").is_empty()
        || !var("KITTY_WINDOW_ID").is_empty()
        || var("VTE_VERSION").parse::<u32>().is_ok_and(|v| v >= 5000)
        || ["iTerm.app", "WezTerm", "vscode", "ghostty"].contains(&var("TERM_PROGRAM").as_str())
        || ["kitty", "alacritty", "foot", "wezterm"]
            .iter()
            .any(|t| term.contains(t))
}

/// Lays OSC 8 hyperlinks over the links of the lesson just drawn: each
/// link's text is written again, the same, inside the hyperlink.
fn overlay_links(state: &State, theme: Theme) -> std::io::Result<()> {
    use crossterm::QueueableCommand;
    use crossterm::cursor::MoveTo;
    use crossterm::style::{Print, ResetColor, SetAttribute, SetStyle};
    use ratatui::backend::IntoCrossterm;
    let Screen::Lesson(view) = &state.screen else {
        return Ok(());
    };
    let regions = screens::lesson::link_regions(view, state.width, state.height);
    if regions.is_empty() {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    for r in regions {
        let style: crossterm::style::ContentStyle = theme.text(r.style).into_crossterm();
        out.queue(MoveTo(r.x, r.y))?
            .queue(SetStyle(style))?
            .queue(Print(format!(
                "\x1b]8;;{}\x1b\\{}\x1b]8;;\x1b\\",
                r.url, r.text
            )))?
            .queue(SetAttribute(crossterm::style::Attribute::Reset))?
            .queue(ResetColor)?;
    }
    out.flush()
}

/// What decides where links are on screen; when it changes, the screen is
/// repainted so that no cell keeps a hyperlink it no longer shows.
fn link_layout(state: &State) -> Option<(usize, usize, usize, usize, bool)> {
    match &state.screen {
        Screen::Lesson(v) => Some((
            v.entry,
            v.item,
            v.scroll,
            v.width,
            v.media || v.note.is_some(),
        )),
        _ => None,
    }
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

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    state: &mut State,
    runner: &mut Runner,
    i18n: &I18n,
    theme: Theme,
) -> std::io::Result<()> {
    let hyperlinks = hyperlinks_supported();
    let mut last_links = None;
    loop {
        if hyperlinks {
            let now = link_layout(state);
            if now != last_links && last_links.is_some() {
                terminal.clear()?;
            }
            last_links = now;
        }
        terminal.draw(|frame| screens::draw(frame, &Ctx { state, i18n, theme }))?;
        if hyperlinks && !state.help {
            overlay_links(state, theme)?;
        }
        if state.layout_pending() {
            if dispatch(state, runner, Action::FinishLayout) {
                return Ok(());
            }
            continue;
        }
        let event = crossterm::event::read()?;
        let Some(action) = action_for(&event, state.mode()) else {
            continue;
        };
        if dispatch(state, runner, action) {
            return Ok(());
        }
    }
}

enum StoreOpen {
    TooNew(String),
    Unwritable(String),
}

/// Opens the progress database in `dir`, creating the folder.
fn open_store(dir: &std::path::Path) -> Result<Store, StoreOpen> {
    std::fs::create_dir_all(dir)
        .map_err(|e| StoreOpen::Unwritable(format!("{}: {e}", dir.display())))?;
    match Store::open(&dir.join(crate::store::DB_NAME)) {
        Ok(s) => Ok(s),
        Err(e @ crate::store::StoreError::TooNew { .. }) => Err(StoreOpen::TooNew(e.to_string())),
        Err(e) => Err(StoreOpen::Unwritable(format!("{}: {e}", dir.display()))),
    }
}

fn notice_flash(n: &Notice) -> Option<Flash> {
    Some(match n {
        Notice::Restored { backup, .. } => {
            Flash::new("store-restored").with("backup", backup.display().to_string())
        }
        Notice::StartedAfresh { damaged } => {
            Flash::new("store-afresh").with("damaged", damaged.display().to_string())
        }
        Notice::Migrated { .. } => Flash::new("store-migrated"),
    })
}
