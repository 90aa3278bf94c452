//! What a learner does that is kept: the events the player emits, the store
//! commits, and [`super::Progress::apply`] folds into progress in memory.

use crate::quiz::{Attempt, Grade, Response};

/// A learner's event: what the progress store keeps. Routed through
/// effects so that the screen only confirms what the loop has recorded.
#[derive(Debug, Clone, PartialEq)]
pub enum LearnerEvent {
    ItemOpened {
        course: String,
        item: String,
    },
    LessonRead {
        course: String,
        item: String,
    },
    AnswerSubmitted {
        course: String,
        quiz: String,
        attempt: u32,
        /// Where the question stands in the attempt's shown order.
        position: usize,
        question: String,
        response: Response,
        grade: Grade,
    },
    QuizFinished {
        course: String,
        quiz: String,
        attempt: u32,
        points: f64,
        max: f64,
        passed: bool,
    },
    /// A new attempt, with the order it is shown in, so that resuming it
    /// (even after a restart) shows the same order.
    AttemptStarted {
        course: String,
        quiz: String,
        attempt: Attempt,
    },
    /// An unfinished attempt from an earlier version of the quiz, which no
    /// longer fits it, closed with its answers kept (not counted, never
    /// deleted), so that a new attempt can begin.
    AttemptSetAside {
        course: String,
        quiz: String,
        attempt: u32,
    },
    /// Where the learner was in a lesson when leaving it.
    PositionSaved {
        course: String,
        item: String,
        block: u32,
        offset: usize,
    },
    /// The learner's own note on a lesson (empty text removes it).
    NoteSaved {
        course: String,
        item: String,
        text: String,
    },
    /// A bookmark on a block of a lesson, set or removed.
    BookmarkToggled {
        course: String,
        item: String,
        block: u32,
        on: bool,
    },
    /// Time spent on an item, added up by the store.
    TimeSpent {
        course: String,
        item: String,
        seconds: u64,
    },
}

impl LearnerEvent {
    /// The course the event belongs to.
    pub fn course(&self) -> &str {
        match self {
            LearnerEvent::ItemOpened { course, .. }
            | LearnerEvent::LessonRead { course, .. }
            | LearnerEvent::AnswerSubmitted { course, .. }
            | LearnerEvent::QuizFinished { course, .. }
            | LearnerEvent::AttemptStarted { course, .. }
            | LearnerEvent::AttemptSetAside { course, .. }
            | LearnerEvent::PositionSaved { course, .. }
            | LearnerEvent::NoteSaved { course, .. }
            | LearnerEvent::BookmarkToggled { course, .. }
            | LearnerEvent::TimeSpent { course, .. } => course,
        }
    }
}
