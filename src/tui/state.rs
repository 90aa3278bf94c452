//! Everything the player knows, in one place: the screen on view (each
//! screen's own state lives with the screen, in `screens/`) and the
//! session around it. Which screen or overlay has the keys is derived from
//! it ([`State::mode`]), never kept in loose flags.

use std::collections::HashMap;
use std::sync::Arc;

use fluent_bundle::FluentValue;

use crate::course::library::Entry;
use crate::course::load::QuizReadError;
use crate::course::source::ReadError;
use crate::course::{Course, ItemKind, Quiz};
use crate::i18n::I18n;
use crate::markdown::{Labels, Symbols};
pub use crate::progress::{Finished, LearnerEvent, Progress};

use super::keymap::Mode;
use super::screens::course_results::CourseResultsView;
use super::screens::learners::LearnersView;
use super::screens::lesson::LessonView;
use super::screens::outline::OutlineView;
use super::screens::quiz::{QuizStartView, QuizView};
use super::screens::results::ResultsView;
use super::theme::Theme;

/// The screen on view, each with its own state. One exists at a time, so
/// the size of its largest variant costs nothing.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)]
pub enum Screen {
    /// Who is studying: the learners of this machine and "new learner".
    Learners(LearnersView),
    Library,
    Outline(OutlineView),
    Lesson(LessonView),
    /// A quiz before an attempt: what it is, and the key that starts one.
    QuizStart(QuizStartView),
    Quiz(QuizView),
    Results(ResultsView),
    CourseResults(CourseResultsView),
}

impl Screen {
    /// Whether a text field of the screen has the keys.
    fn typing(&self) -> bool {
        match self {
            Screen::Learners(v) => v.form.is_some(),
            Screen::Library | Screen::Outline(_) | Screen::Results(_) | Screen::QuizStart(_) => {
                false
            }
            Screen::Lesson(v) => {
                v.note.is_some() || v.media.as_ref().is_some_and(|m| m.copy.is_some())
            }
            Screen::Quiz(v) => v.typing(),
            Screen::CourseResults(v) => v.export.is_some(),
        }
    }
}

/// A one-line message in the status bar until the next key: a message id
/// and its arguments, translated when drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// An argument of a message: text shown as it is (a path, a name, a reason
/// the system gave), or another message, translated with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    /// A count, so that the message says "1 step" or "3 steps".
    Count(u64),
    Message(&'static str, Vec<(&'static str, String)>),
}

impl Arg {
    /// Why a file of a package could not be read, as the learner reads it.
    pub fn read_error(e: &ReadError) -> Arg {
        match e {
            ReadError::Missing => Arg::Message("read-missing", Vec::new()),
            ReadError::Outside(why) => Arg::Message("read-outside", vec![("why", why.clone())]),
            ReadError::TooLarge(bytes) => Arg::Message(
                "read-too-large",
                vec![("size", bytes.div_ceil(1024 * 1024).to_string())],
            ),
            ReadError::NotAFile(_) => Arg::Message("read-not-a-file", Vec::new()),
            ReadError::Io(why) => Arg::Text(why.clone()),
        }
    }

    pub fn quiz_read_error(e: &QuizReadError) -> Arg {
        match e {
            QuizReadError::Read(e) => Arg::read_error(e),
            QuizReadError::Changed => Arg::Message("quiz-changed", Vec::new()),
        }
    }
}

impl Flash {
    pub fn new(id: &'static str) -> Flash {
        Flash {
            id,
            args: Vec::new(),
        }
    }

    pub fn with(mut self, key: &'static str, value: impl Into<String>) -> Flash {
        self.args.push((key, Arg::Text(value.into())));
        self
    }

    pub fn with_arg(mut self, key: &'static str, arg: Arg) -> Flash {
        self.args.push((key, arg));
        self
    }
}

/// An answer, by where it stands: (course, quiz, attempt, position).
pub type AnswerKey = (String, String, u32, usize);

/// Whether what the learner does is being saved, as the loop last found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Saving {
    /// Steps not saved yet (saved as soon as writing works again).
    pub pending: usize,
    /// The answers among them.
    pub answers: Vec<AnswerKey>,
    /// Why nothing is being saved now; `None` while saving works.
    pub problem: Option<Arg>,
}

/// Everything but the screen on view: the library, who is studying and
/// their progress, the window, the language and the look. Screens read it
/// and change it; the router swaps screens around it.
#[derive(Debug)]
pub struct Session {
    pub i18n: I18n,
    pub theme: Theme,
    /// Labels the lesson layout writes (callouts, footnotes), translated.
    pub labels: Labels,
    pub entries: Vec<Entry>,
    pub progress: HashMap<String, Progress>,
    /// The course highlighted in the library (kept while away from it).
    pub library_selected: usize,
    pub flash: Option<Flash>,
    pub width: u16,
    pub height: u16,
    pub learner: Option<String>,
    /// The learners known on this machine, for the learner screen.
    pub learners: Vec<String>,
    /// Mixed into every attempt's shuffle seed (the clock at start; fixed
    /// in tests).
    pub seed: u64,
    /// The folder records are exported to unless the learner types another
    /// (the working folder: on a stick, the stick).
    pub export_dir: String,
    pub saving: Saving,
    /// `q` was pressed with steps not saved: a second `q` quits.
    pub quit_armed: bool,
    /// Publishers' keys (`did:key`) whose signed packages are named.
    pub trusted_publishers: Vec<String>,
    /// `slate preview`: the course being written, watched.
    pub preview: Option<Preview>,
}

/// What `slate preview` adds to the player: how saves are noticed, the
/// package's problems as of the last save, and the answer-key view.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preview {
    /// How saves are noticed, as the header says it.
    pub watching: String,
    /// The diagnostics of the last load, one line each (`file:line:
    /// message`), errors first.
    pub problems: Vec<Problem>,
    /// How many times the package was read again.
    pub reloads: u64,
    /// The answer-key view, when open: its top line.
    pub key: Option<usize>,
    /// Where to be once the item reopened after a save is read.
    pub keep: Option<super::screens::preview::Keep>,
    /// The item (by id) and place the learner was at when a save left the
    /// course unopenable: where the save that mends it goes back to.
    pub parked: Option<(String, Option<super::screens::preview::Keep>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub error: bool,
    /// `lessons/x.md:12`, or the file alone.
    pub place: String,
    pub message: String,
}

impl Session {
    pub fn ui_lang(&self) -> &'static str {
        self.i18n.lang()
    }

    pub fn symbols(&self) -> Symbols {
        self.theme.symbols
    }

    pub fn t(&self, id: &str) -> String {
        self.i18n.t(id)
    }

    pub fn t_args(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.i18n.t_args(id, args)
    }

    /// A message with its arguments, each translated too where it is one.
    pub fn message(&self, id: &str, args: &[(&'static str, Arg)]) -> String {
        let texts: Vec<(&str, String)> = args.iter().map(|(k, a)| (*k, self.arg(a))).collect();
        let values: Vec<(&str, FluentValue<'_>)> = args
            .iter()
            .zip(&texts)
            .map(|((_, a), (k, v))| match a {
                Arg::Count(n) => (*k, (*n).into()),
                Arg::Text(_) | Arg::Message(..) => (*k, v.as_str().into()),
            })
            .collect();
        self.t_args(id, &values)
    }

    pub fn arg(&self, arg: &Arg) -> String {
        match arg {
            Arg::Text(t) => t.clone(),
            Arg::Count(n) => n.to_string(),
            Arg::Message(id, args) => {
                let values: Vec<(&str, FluentValue<'_>)> =
                    args.iter().map(|(k, v)| (*k, v.as_str().into())).collect();
                self.t_args(id, &values)
            }
        }
    }

    pub fn course(&self, entry: usize) -> Option<&Arc<Course>> {
        self.entries.get(entry)?.course.as_ref()
    }

    /// The content language for a course: the learner's where the course
    /// has it, else its default.
    pub fn content_lang<'a>(&self, course: &'a Course) -> &'a str {
        course.content_language(self.i18n.lang())
    }

    pub fn progress_of(&self, course: &Course) -> Option<&Progress> {
        self.progress.get(&course.id)
    }

    pub fn quiz_of(&self, entry: usize, item: usize) -> Option<(&Arc<Course>, &Quiz)> {
        let course = self.course(entry)?;
        match &course.items.get(item)?.kind {
            ItemKind::Quiz(q) => Some((course, q)),
            ItemKind::Lesson(_) | ItemKind::Unavailable(_) => None,
        }
    }

    /// Folds a learner event into progress in memory (through the one
    /// writer, [`Progress::apply`]) and returns the effect that records it.
    pub fn record(&mut self, event: LearnerEvent) -> super::action::Effect {
        self.progress
            .entry(event.course().to_string())
            .or_default()
            .apply(&event);
        super::action::Effect::Record(event)
    }

    /// Rows of the window between the header and the status line.
    pub fn page(&self) -> usize {
        geometry::body_height(self.height)
    }

    /// Columns text is laid out in.
    pub fn text_width(&self) -> usize {
        geometry::text_width(self.width)
    }
}

#[derive(Debug)]
pub struct State {
    pub screen: Screen,
    /// The help overlay is open (over any screen).
    pub help: bool,
    pub session: Session,
}

impl State {
    pub fn new(i18n: I18n, theme: Theme, entries: Vec<Entry>) -> State {
        let labels = labels(&i18n);
        State {
            screen: Screen::Library,
            help: false,
            session: Session {
                i18n,
                theme,
                labels,
                entries,
                progress: HashMap::new(),
                library_selected: 0,
                flash: None,
                width: 80,
                height: 24,
                learner: None,
                learners: Vec::new(),
                seed: 0,
                export_dir: String::new(),
                saving: Saving::default(),
                quit_armed: false,
                trusted_publishers: Vec::new(),
                preview: None,
            },
        }
    }

    /// Who has the keys: a text field being typed in, or the rest.
    pub fn mode(&self) -> Mode {
        if !self.help && self.screen.typing() {
            Mode::Typing
        } else {
            Mode::Normal
        }
    }

    /// Whether the player waits for something besides keys (and so wants
    /// a tick every second).
    pub fn wants_tick(&self) -> bool {
        matches!(&self.screen, Screen::Learners(v) if v.busy.as_ref().is_some_and(|b| b.waiting))
    }

    /// A long lesson was drawn from its first lines; the loop lays out the
    /// rest before waiting for a key.
    pub fn layout_pending(&self) -> bool {
        matches!(&self.screen, Screen::Lesson(v) if v.partial)
    }
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

/// Screen geometry shared by the views and by the update (for mouse clicks
/// and for knowing when a lesson has been read to its end).
pub mod geometry {
    /// Rows above a screen's body (title and rule) and below it (status).
    pub const HEADER: u16 = 2;
    pub const FOOTER: u16 = 1;
    pub const MIN_WIDTH: u16 = 40;
    pub const MIN_HEIGHT: u16 = 12;

    pub fn body_height(height: u16) -> usize {
        height.saturating_sub(HEADER + FOOTER) as usize
    }

    /// Reading width of lessons: the window less margins, at most 100
    /// columns so that lines stay readable on wide screens.
    pub fn text_width(width: u16) -> usize {
        (width.saturating_sub(4) as usize).clamp(10, 100)
    }

    /// Columns left of a text column of `text` columns, centred in a
    /// window `width` wide.
    pub fn margin(width: u16, text: usize) -> usize {
        (width as usize).saturating_sub(text) / 2
    }

    /// Lines the library gives each course.
    pub const LIBRARY_ROWS_PER_COURSE: u16 = 4;
}

/// A scroll position kept within `lines` lines shown `page` at a time.
pub fn clamp_scroll(scroll: usize, lines: usize, page: usize) -> usize {
    scroll.min(lines.saturating_sub(page))
}

/// The scrolling keys of a screen of `lines` lines shown `page` at a time
/// (a line, ten lines, to either end), kept within them. Whether the
/// action was one of them.
pub fn scroll_keys(
    scroll: &mut usize,
    action: &super::action::Action,
    lines: usize,
    page: usize,
) -> bool {
    use super::action::Action;
    let max = lines.saturating_sub(page);
    *scroll = match action {
        Action::Up | Action::ScrollUp => scroll.saturating_sub(1),
        Action::Down | Action::ScrollDown => (*scroll + 1).min(max),
        Action::PageUp => scroll.saturating_sub(10),
        Action::PageDown | Action::Space => (*scroll + 10).min(max),
        Action::Home => 0,
        Action::End => max,
        _ => return false,
    };
    true
}
