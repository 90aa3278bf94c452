//! Everything the player knows, in one place. Which screen or overlay has
//! the keys is derived from it (`mode`, `Screen`), never kept in loose
//! flags.

use std::collections::HashMap;
use std::sync::Arc;

use crate::course::{Course, ItemKind, Quiz};
use crate::markdown::{Doc, Labels, Line, Symbols};
pub use crate::progress::{Finished, Progress};
use crate::quiz::{Grade, Response};

use super::keymap::Mode;

/// A course in the library: loaded, or why it cannot be opened.
#[derive(Debug, Clone)]
pub struct Entry {
    pub course: Option<Arc<Course>>,
    /// Where it came from, as the learner would recognise it.
    pub origin: String,
    pub bundled: bool,
    pub errors: usize,
}

#[derive(Debug, Clone)]
pub struct LessonView {
    pub entry: usize,
    pub item: usize,
    pub doc: Option<Arc<Doc>>,
    pub error: Option<String>,
    /// The doc laid out for `width` columns.
    pub lines: Vec<Line>,
    pub width: usize,
    pub scroll: usize,
    /// The images-and-links overlay is open.
    pub media: bool,
    /// The note being written (the note field has the keys).
    pub note: Option<String>,
    /// Only the first screens are laid out yet (a long lesson just
    /// opened); the rest follows right after the first frame.
    pub partial: bool,
}

/// The answer shown after submitting, in immediate-feedback quizzes.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    pub response: Response,
    pub grade: Grade,
}

#[derive(Debug, Clone)]
pub struct QuizView {
    pub entry: usize,
    pub item: usize,
    /// Position in the attempt's shown order.
    pub pos: usize,
    /// Typed text (text and number questions).
    pub input: String,
    /// Shown option indices: chosen (single, multiple), in order (order),
    /// or per left side (match); `true_false`: 0 true, 1 false.
    pub picks: Vec<usize>,
    /// Highlighted option (arrows and mouse).
    pub cursor: usize,
    /// The answer field has the keys.
    pub focus: bool,
    pub hint: bool,
    pub feedback: Option<Feedback>,
    pub scroll: usize,
    /// The attempt this answer finished (already recorded): its last
    /// feedback is on screen, and Enter shows the results.
    pub finished: Option<Finished>,
}

/// The form for a new learner: a name, then an optional email.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LearnerForm {
    pub name: String,
    pub email: String,
    /// 0: typing the name, 1: typing the email.
    pub field: u8,
}

#[derive(Debug, Clone)]
pub enum Screen {
    /// Who is studying: the learners of this machine and "new learner".
    Learners {
        selected: usize,
        form: Option<LearnerForm>,
    },
    Library,
    Outline {
        entry: usize,
        selected: usize,
    },
    Lesson(LessonView),
    Quiz(QuizView),
    Results {
        entry: usize,
        item: usize,
        result: Finished,
        scroll: usize,
    },
    CourseResults {
        entry: usize,
        scroll: usize,
        /// The file the records are about to be written to (the path field
        /// has the keys).
        export: Option<String>,
    },
}

/// A row of the course outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Module(usize),
    Item(usize),
    Results,
}

pub fn outline_rows(course: &Course) -> Vec<Row> {
    let mut rows = Vec::new();
    for (mi, m) in course.modules.iter().enumerate() {
        rows.push(Row::Module(mi));
        rows.extend(m.items.iter().map(|&i| Row::Item(i)));
    }
    rows.push(Row::Results);
    rows
}

/// A one-line message in the status bar until the next key: a message id
/// and its arguments, translated when drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Flash {
    pub fn new(id: &'static str) -> Flash {
        Flash {
            id,
            args: Vec::new(),
        }
    }

    pub fn with(mut self, key: &'static str, value: impl Into<String>) -> Flash {
        self.args.push((key, value.into()));
        self
    }
}

#[derive(Debug)]
pub struct State {
    pub ui_lang: String,
    pub entries: Vec<Entry>,
    pub progress: HashMap<String, Progress>,
    pub screen: Screen,
    pub library_selected: usize,
    pub help: bool,
    pub flash: Option<Flash>,
    pub width: u16,
    pub height: u16,
    pub labels: Labels,
    pub symbols: Symbols,
    pub learner: Option<String>,
    /// The learners known on this machine, for the learner screen.
    pub learners: Vec<String>,
    /// Mixed into every attempt's shuffle seed (the clock at start; fixed
    /// in tests).
    pub seed: u64,
    /// The folder records are exported to unless the learner types another
    /// (the working folder: on a stick, the stick).
    pub export_dir: String,
}

impl State {
    pub fn new(ui_lang: &str, entries: Vec<Entry>, labels: Labels, symbols: Symbols) -> State {
        State {
            ui_lang: ui_lang.to_string(),
            entries,
            progress: HashMap::new(),
            screen: Screen::Library,
            library_selected: 0,
            help: false,
            flash: None,
            width: 80,
            height: 24,
            labels,
            symbols,
            learner: None,
            learners: Vec::new(),
            seed: 0,
            export_dir: String::new(),
        }
    }

    pub fn course(&self, entry: usize) -> Option<&Arc<Course>> {
        self.entries.get(entry)?.course.as_ref()
    }

    /// The content language for a course: the learner's where the course
    /// has it, else its default.
    pub fn content_lang<'a>(&'a self, course: &'a Course) -> &'a str {
        course.content_language(&self.ui_lang)
    }

    pub fn progress_of(&self, course: &Course) -> Option<&Progress> {
        self.progress.get(&course.id)
    }

    /// Who has the keys: an answer field being typed in, or the rest.
    pub fn mode(&self) -> Mode {
        match &self.screen {
            Screen::Quiz(v) if v.focus && v.feedback.is_none() && !self.help => Mode::Typing,
            Screen::Learners { form: Some(_), .. } if !self.help => Mode::Typing,
            Screen::Lesson(v) if v.note.is_some() && !self.help => Mode::Typing,
            Screen::CourseResults {
                export: Some(_), ..
            } if !self.help => Mode::Typing,
            _ => Mode::Normal,
        }
    }

    /// A long lesson was drawn from its first lines; the loop lays out the
    /// rest before waiting for a key.
    pub fn layout_pending(&self) -> bool {
        matches!(&self.screen, Screen::Lesson(v) if v.partial)
    }

    pub fn quiz_of(&self, entry: usize, item: usize) -> Option<(&Course, &Quiz)> {
        let course = self.course(entry)?;
        match &course.items.get(item)?.kind {
            ItemKind::Quiz(q) => Some((course, q)),
            ItemKind::Lesson(_) => None,
        }
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

    /// Lines the library gives each course.
    pub const LIBRARY_ROWS_PER_COURSE: u16 = 4;
}
