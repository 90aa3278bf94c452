//! What can happen (actions, from keys, the mouse, the terminal or a
//! finished effect) and what the loop must do about it (effects).

use std::collections::HashMap;
use std::sync::Arc;

use crate::course::Quiz;
use crate::course::load::QuizReadError;
use crate::course::source::ReadError;
use crate::markdown::Doc;
pub use crate::progress::LearnerEvent;
use crate::progress::Progress;

use super::state::{Flash, Saving};
use crate::store::Elsewhere;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    /// Space: scrolls a page, or toggles the highlighted answer.
    Space,
    Home,
    End,
    /// Opens, submits and continues.
    Enter,
    /// Esc: back, or out of the answer field.
    Back,
    Next,
    Prev,
    /// 1-9.
    Digit(u8),
    Backspace,
    Hint,
    Help,
    Quit,
    Continue,
    Media,
    Retry,
    /// `b`: bookmark the block at the top of the lesson (or remove it).
    Bookmark,
    /// `m`: write a note on the lesson.
    Note,
    /// `x`: write the learner's records to a file (course results).
    Export,
    /// A character typed into a text field.
    Char(char),
    Paste(String),
    Resize(u16, u16),
    Click {
        column: u16,
        row: u16,
    },
    ScrollUp,
    ScrollDown,
    /// A text file the loop read for [`Effect::OpenFile`].
    FileRead {
        path: String,
        text: String,
    },
    /// The lesson text the loop read for [`Effect::LoadLesson`].
    LessonLoaded {
        entry: usize,
        item: usize,
        doc: Result<Arc<Doc>, ReadError>,
    },
    /// Lay out the rest of a long lesson whose first screen is drawn.
    FinishLayout,
    /// The questions the loop read for [`Effect::LoadQuiz`].
    QuizLoaded {
        entry: usize,
        item: usize,
        quiz: Result<Box<Quiz>, QuizReadError>,
    },
    /// The chosen learner's progress, read from the store.
    LearnerReady {
        name: String,
        progress: HashMap<String, Progress>,
        /// What went wrong reading it, if anything.
        flash: Option<Flash>,
        saving: Saving,
    },
    /// A message from the loop (e.g. an image could not be opened).
    Flash(Flash),
    /// Whether the learner's steps are being saved, after the loop tried.
    Saving(Saving),
    /// The learner chosen studies in another Slate now.
    LearnerBusy {
        name: String,
        email: Option<String>,
        elsewhere: Elsewhere,
    },
    /// A second passed while the player waits for something (the other
    /// Slate to let a learner go).
    Tick,
    /// `a` in `slate preview`: the answer-key view of the quiz at hand.
    AnswerKey,
    /// `slate preview`: the package was saved and read again.
    Reloaded {
        entry: usize,
        /// The library entry as the package now is.
        now: Box<crate::course::library::Entry>,
        problems: Vec<super::state::Problem>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Read and parse a lesson, answering with [`Action::LessonLoaded`].
    LoadLesson {
        entry: usize,
        item: usize,
        path: String,
    },
    /// Read a quiz's questions (its outline came from the cache),
    /// answering with [`Action::QuizLoaded`].
    LoadQuiz {
        entry: usize,
        item: usize,
        path: String,
    },
    Record(LearnerEvent),
    /// Choose (or create) the learner and load their progress; read-only
    /// studies without saving (another Slate has the learner).
    ChooseLearner {
        name: String,
        email: Option<String>,
        read_only: bool,
    },
    /// A course was opened: the store notes its version and says what
    /// changed since the learner last saw it.
    CourseOpened {
        entry: usize,
    },
    /// Open a file of the package a lesson links, in `lang`'s translation
    /// where the package has one: a text file in the reader (answered with
    /// [`Action::FileRead`]), an image or a document in the system viewer.
    OpenFile {
        entry: usize,
        path: String,
        lang: String,
    },
    /// Copy a file of the package out to `to` (never over a file there).
    CopyFile {
        entry: usize,
        path: String,
        to: String,
    },
    /// Write the learner's record bundle for a course to `path`; the loop
    /// answers with a flash saying where, or why not.
    Export {
        entry: usize,
        path: String,
    },
    Quit,
}
