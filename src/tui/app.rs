//! The loop: the only code that touches the terminal, the files and the
//! clock. It reads an event, maps it to an action, lets `update` decide,
//! carries out the effects, and draws. It blocks on input, so an idle
//! player uses no CPU.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;

use super::action::{Action, Effect, LearnerEvent};
use super::keymap::action_for;
use super::screens::{self, Ctx};
use super::state::{Entry, Flash, State};
use super::theme::Theme;
use super::update::update;
use crate::course::{Source, lesson_body, load};
use crate::i18n::I18n;
use crate::markdown::{Labels, parse};

/// The courses of the library and where their files are read from.
pub struct Library {
    pub sources: Vec<Option<Source>>,
    pub entries: Vec<Entry>,
}

impl Library {
    /// Loads every package: the bundled ones (unless `only` is given), and
    /// each package found in `dirs` (a folder holding course folders or
    /// zips, or a package itself).
    pub fn load(dirs: &[PathBuf], only: Option<&PathBuf>, bundled: bool) -> Library {
        let mut lib = Library {
            sources: Vec::new(),
            entries: Vec::new(),
        };
        if let Some(path) = only {
            lib.add_path(path);
            return lib;
        }
        if bundled {
            for source in Source::bundled() {
                lib.add(Ok(source), true);
            }
        }
        for dir in dirs {
            if dir.join(crate::course::source::MANIFEST).is_file() || dir.is_file() {
                lib.add_path(dir);
                continue;
            }
            let mut children: Vec<PathBuf> = std::fs::read_dir(dir)
                .map(|rd| {
                    rd.flatten()
                        .map(|e| e.path())
                        .filter(|p| {
                            p.join(crate::course::source::MANIFEST).is_file()
                                || p.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"))
                        })
                        .collect()
                })
                .unwrap_or_default();
            children.sort();
            for c in children {
                lib.add_path(&c);
            }
        }
        lib
    }

    fn add_path(&mut self, path: &std::path::Path) {
        self.add(
            Source::open(path).map_err(|d| (path.display().to_string(), d.len())),
            false,
        );
    }

    fn add(&mut self, source: Result<Source, (String, usize)>, bundled: bool) {
        match source {
            Ok(source) => {
                let loaded = load(&source);
                self.entries.push(Entry {
                    course: loaded.course.map(Arc::new),
                    origin: source.display().to_string(),
                    bundled,
                    errors: loaded.diagnostics.iter().filter(|d| d.is_error()).count(),
                });
                self.sources.push(Some(source));
            }
            Err((origin, errors)) => {
                self.entries.push(Entry {
                    course: None,
                    origin,
                    bundled,
                    errors,
                });
                self.sources.push(None);
            }
        }
    }
}

/// Carries out effects. Used by the real loop and by tests that drive the
/// player without a terminal.
pub struct Runner {
    pub sources: Vec<Option<Source>>,
    /// Every learner event, in order (the store persists them).
    pub recorded: Vec<LearnerEvent>,
    /// Really open files with the system viewer (off in tests).
    pub open_files: bool,
}

impl Runner {
    /// Returns the action an effect answers with, if any, and whether to quit.
    pub fn run(&mut self, effect: Effect) -> (Option<Action>, bool) {
        match effect {
            Effect::Quit => (None, true),
            Effect::Record(event) => {
                self.recorded.push(event);
                (None, false)
            }
            Effect::LoadLesson { entry, item, path } => {
                let doc = match self.sources.get(entry).and_then(Option::as_ref) {
                    Some(source) => lesson_body(source, &path)
                        .map(|body| Arc::new(parse(&body)))
                        .map_err(|e| format!("{e:?}")),
                    None => Err("the course is no longer available".into()),
                };
                (Some(Action::LessonLoaded { entry, item, doc }), false)
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

/// Opens a package file in the system viewer. Files inside a zip or the
/// binary are copied to the temporary folder first (one file, never the
/// package).
fn open_with_viewer(source: &Source, rel: &str) -> Result<(), String> {
    let path = match source.disk_path(rel) {
        Some(p) if p.is_file() => p,
        _ => {
            let bytes = source
                .read(rel, 64 * 1024 * 1024)
                .map_err(|e| format!("{e:?}"))?;
            let name = rel.rsplit('/').next().unwrap_or("file");
            let p = std::env::temp_dir().join(format!("slate-{}-{name}", std::process::id()));
            std::fs::write(&p, bytes).map_err(|e| e.to_string())?;
            p
        }
    };
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]).arg(&path);
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
}

/// Restores mouse and paste modes when dropped, also on panic unwinding.
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

    let library = Library::load(&opts.courses, opts.play.as_ref(), true);
    let mut state = State::new(i18n.lang(), library.entries, labels(&i18n), theme.symbols);
    state.learner = opts.learner.clone();
    state.seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut runner = Runner {
        sources: library.sources,
        recorded: Vec::new(),
        open_files: true,
    };
    if opts.play.is_some() {
        // `slate play PATH` goes straight into the course.
        for effect in update(&mut state, Action::Enter) {
            runner.run(effect);
        }
    }

    let mut terminal = ratatui::init();
    let modes = Modes::enable();
    if let Ok(size) = terminal.size() {
        update(&mut state, Action::Resize(size.width, size.height));
    }
    let result = event_loop(&mut terminal, &mut state, &mut runner, &i18n, theme);
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

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    state: &mut State,
    runner: &mut Runner,
    i18n: &I18n,
    theme: Theme,
) -> std::io::Result<()> {
    loop {
        terminal.draw(|frame| screens::draw(frame, &Ctx { state, i18n, theme }))?;
        let event = crossterm::event::read()?;
        let Some(action) = action_for(&event, state.mode()) else {
            continue;
        };
        let mut queue = vec![action];
        while let Some(action) = queue.pop() {
            for effect in update(state, action) {
                let (next, quit) = runner.run(effect);
                if quit {
                    return Ok(());
                }
                queue.extend(next);
            }
        }
    }
}
