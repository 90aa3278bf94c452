//! The loop: the only code that touches the terminal. It sets the player
//! up (language, look, the progress store, the learner), then reads an
//! event, maps it to an action, lets `update` decide, has the runner carry
//! out the effects, and draws. It blocks on input, so an idle player uses
//! no CPU.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;

use super::action::{Action, Effect};
use super::keymap::action_for;
use super::links;
use super::runner::{Runner, dispatch, notice_flash};
use super::screens;
use super::screens::learners::LearnersView;
use super::state::{Arg, Screen, State};
use super::theme::Theme;
use super::update::update;
use crate::course::Library;
use crate::i18n::I18n;
use crate::store::{Store, StoreError};

/// How the player starts, as the command line and configuration decided.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    /// The language asked for; else the environment's.
    pub lang: Option<String>,
    pub learner: Option<String>,
    pub ascii: bool,
    /// Where the progress database lives.
    pub data_dir: Option<PathBuf>,
    /// `slate play PATH`: straight into the one course of the library.
    pub play: bool,
    /// Whose signed packages are shown as "signed by NAME".
    pub trusted_publishers: Vec<String>,
    /// `slate preview PATH`: the package watched and read again on saves.
    pub preview: Option<PreviewSetup>,
}

#[derive(Debug, Clone, Default)]
pub struct PreviewSetup {
    pub path: PathBuf,
    /// Poll the folder even where file events arrive.
    pub poll: bool,
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

pub fn run(setup: Setup, library: Library) -> ExitCode {
    let ui_lang = setup
        .lang
        .clone()
        .or_else(crate::i18n::from_env)
        .unwrap_or_else(|| "en".into());
    let i18n = I18n::new(&ui_lang);
    let term = std::env::var("TERM").unwrap_or_default();
    if term == "dumb" {
        let _ = writeln!(std::io::stderr(), "{}", i18n.t("term-dumb"));
        return ExitCode::FAILURE;
    }
    let colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let ascii = setup.ascii || !crate::i18n::env_is_utf8();
    let mut theme = Theme::new(colour, ascii);
    // Where strikethrough is not drawn, struck text is marked in the text.
    theme.symbols.strike_marks |= !colour || term == "linux" || term.starts_with("linux-");

    let courses = library.courses();
    let mut state = State::new(i18n, theme, library.entries);
    state.session.trusted_publishers = setup.trusted_publishers.clone();
    state.session.seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    state.session.export_dir = std::env::current_dir()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    let mut runner = Runner::new(library.sources, courses);
    runner.lang = state.session.ui_lang().to_string();

    // The store: opened (checked, repaired, migrated) before anything is shown.
    match setup.data_dir.as_deref().map(open_store) {
        Some(Ok(store)) => {
            state.session.flash = store.notices.iter().find_map(notice_flash);
            state.session.learners = store
                .learners()
                .map(|v| v.into_iter().map(|l| l.name).collect())
                .unwrap_or_default();
            runner.store = Some(store);
        }
        Some(Err(StoreOpen::TooNew(msg))) => {
            let _ = writeln!(std::io::stderr(), "slate: {msg}");
            return ExitCode::FAILURE;
        }
        Some(Err(StoreOpen::Unwritable(reason))) => {
            // A write-protected stick: its progress is read and shown, and
            // nothing is saved (which every screen says).
            let read = setup
                .data_dir
                .as_deref()
                .map(|d| Store::open_read_only(&d.join(crate::store::DB_NAME)));
            match read {
                Some(Ok(store)) => {
                    state.session.learners = store
                        .learners()
                        .map(|v| v.into_iter().map(|l| l.name).collect())
                        .unwrap_or_default();
                    runner.store = Some(store);
                    runner.save_nothing(Arg::Message("save-folder-read-only", Vec::new()));
                }
                Some(Err(_)) | None => runner.save_nothing(Arg::Text(reason)),
            }
        }
        None => {}
    }
    state.session.saving = runner.status();
    match &setup.learner {
        Some(name) => {
            let (next, _) = runner.run(Effect::ChooseLearner {
                name: name.clone(),
                email: None,
                read_only: false,
            });
            if let Some(a) = next {
                update(&mut state, a);
            }
        }
        None if runner.store.is_some() => {
            state.screen = Screen::Learners(LearnersView::default());
        }
        None => {}
    }
    if setup.play && matches!(state.screen, Screen::Library) {
        // `slate play PATH` goes straight into the course (keeping any
        // message about the store on screen).
        let flash = state.session.flash.take();
        dispatch(&mut state, &mut runner, Action::Enter);
        state.session.flash = state.session.flash.take().or(flash);
    }

    // `slate preview`: watched, and read once more now for its problems.
    let watch = match &setup.preview {
        Some(p) => {
            let dir = if p.path.is_dir() {
                p.path.clone()
            } else {
                p.path
                    .parent()
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
            };
            let watch = match super::watch::watch(&dir, p.poll) {
                Ok(w) => w,
                Err(e) => {
                    let _ = writeln!(std::io::stderr(), "slate preview: cannot watch {e}");
                    return ExitCode::FAILURE;
                }
            };
            let watching = match &watch.mode {
                super::watch::Mode::Events => state.session.t("preview-watch-events"),
                super::watch::Mode::Polling(why) => state.session.t_args(
                    "preview-watch-poll",
                    &[
                        ("ms", (super::watch::POLL_EVERY.as_millis() as u64).into()),
                        ("why", why.as_str().into()),
                    ],
                ),
            };
            state.session.preview = Some(crate::tui::state::Preview {
                watching,
                ..Default::default()
            });
            let action = runner.reload(0, &p.path);
            update(&mut state, action);
            Some((watch, p.path.clone()))
        }
        None => None,
    };

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
    let result = event_loop(
        &mut terminal,
        &mut state,
        &mut runner,
        theme,
        watch.as_ref(),
    );
    runner.finish();
    drop(modes);
    ratatui::restore();
    let _ = std::io::stdout().flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "slate: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Clears the terminal and makes the next frame draw every cell. Not
/// `Terminal::clear`, which asks the terminal where its cursor is and,
/// where nothing answers (a serial console, a test's pseudo-terminal),
/// waits and fails.
fn clear_whole(terminal: &mut ratatui::DefaultTerminal) -> std::io::Result<()> {
    use ratatui::backend::Backend;
    terminal.backend_mut().clear()?;
    // The frame last drawn is forgotten: the next one is drawn against an
    // empty screen, as the terminal now is.
    terminal.swap_buffers();
    Ok(())
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    state: &mut State,
    runner: &mut Runner,
    theme: Theme,
    watch: Option<&(super::watch::Watch, PathBuf)>,
) -> std::io::Result<()> {
    let hyperlinks = links::supported();
    let mut last_links = None;
    let mut last_screen = None;
    loop {
        // A new screen is drawn whole, not as a difference from the last:
        // terminals disagree on some graphemes (Lao and Thai SARA AM), and
        // a cell one of them kept must not outlive its screen.
        let screen = std::mem::discriminant(&state.screen);
        let mut clear = last_screen.is_some_and(|s| s != screen);
        last_screen = Some(screen);
        if hyperlinks {
            let now = links::layout(state);
            clear |= now != last_links && last_links.is_some();
            last_links = now;
        }
        if clear {
            clear_whole(terminal)?;
        }
        terminal.draw(|frame| screens::draw(frame, state))?;
        if hyperlinks && !state.help {
            links::overlay(state, theme)?;
        }
        if state.layout_pending() {
            if dispatch(state, runner, Action::FinishLayout) {
                return Ok(());
            }
            continue;
        }
        // While the player waits for something (another Slate to let a
        // learner go), a second without a key is an action too; otherwise
        // it blocks, and an idle player uses no CPU.
        if state.wants_tick() && !crossterm::event::poll(std::time::Duration::from_secs(1))? {
            if dispatch(state, runner, Action::Tick) {
                return Ok(());
            }
            continue;
        }
        // `slate preview`: keys are looked for every few milliseconds, and
        // between them the folder's changes; a save (often several writes)
        // is read once it has been quiet for a moment.
        if let Some((w, path)) = watch
            && !crossterm::event::poll(std::time::Duration::from_millis(25))?
        {
            if w.changed() {
                let settle = std::time::Instant::now();
                while settle.elapsed() < std::time::Duration::from_millis(150) {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    if !w.changed() {
                        break;
                    }
                }
                let action = runner.reload(0, path);
                if dispatch(state, runner, action) {
                    return Ok(());
                }
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
fn open_store(dir: &Path) -> Result<Store, StoreOpen> {
    std::fs::create_dir_all(dir).map_err(|e| {
        StoreOpen::Unwritable(format!("{}: {}", dir.display(), crate::util::io_reason(&e)))
    })?;
    match Store::open(&dir.join(crate::store::DB_NAME)) {
        Ok(s) => Ok(s),
        Err(e @ StoreError::TooNew { .. }) => Err(StoreOpen::TooNew(e.to_string())),
        Err(e) => Err(StoreOpen::Unwritable(format!("{}: {e}", dir.display()))),
    }
}
