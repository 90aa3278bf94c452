//! A learner's progress in a course, and the events that change it. Plain
//! data shared by the player (which keeps it in memory and emits the
//! events) and the store (which persists the events and rebuilds it).

use std::collections::{HashMap, HashSet};

use crate::course::{Course, ItemKind};
use crate::quiz::Attempt;

mod event;
pub mod history;

pub use event::LearnerEvent;

/// A finished attempt at a quiz, as the outline and results show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Finished {
    pub attempt: Attempt,
    pub points: f64,
    pub max: f64,
    pub passed: bool,
}

/// One learner's progress in one course (kept in memory here; the store
/// makes it durable from the events the update emits).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    pub opened: HashSet<String>,
    pub read: HashSet<String>,
    pub finished: HashMap<String, Vec<Finished>>,
    /// Attempts started and not finished, resumed as they were.
    pub open_attempts: HashMap<String, Attempt>,
    /// Attempts set aside unfinished because the quiz changed under them:
    /// kept with their answers, counted nowhere.
    pub set_aside: HashMap<String, Vec<Attempt>>,
    /// Reading positions: (top-level block, line offset within it).
    pub positions: HashMap<String, (u32, usize)>,
    pub last_item: Option<String>,
    /// Seconds spent on each item in earlier sessions.
    pub time_spent: HashMap<String, u64>,
    /// The learner's notes, per lesson.
    pub notes: HashMap<String, String>,
    /// Bookmarked blocks, per lesson.
    pub bookmarks: HashMap<String, std::collections::BTreeSet<u32>>,
}

impl Progress {
    /// Folds one event into the progress: the only code that changes
    /// progress in memory. The player applies each event it emits, and the
    /// store keeps the same events, so what it loads back is what this
    /// makes of them (a test replays a session to check it).
    pub fn apply(&mut self, event: &LearnerEvent) {
        match event {
            LearnerEvent::ItemOpened { item, .. } => {
                self.opened.insert(item.clone());
                self.last_item = Some(item.clone());
            }
            LearnerEvent::LessonRead { item, .. } => {
                self.read.insert(item.clone());
            }
            LearnerEvent::AttemptStarted { quiz, attempt, .. } => {
                self.open_attempts.insert(quiz.clone(), attempt.clone());
            }
            LearnerEvent::AnswerSubmitted {
                quiz,
                attempt,
                position,
                response,
                grade,
                ..
            } => {
                if let Some(open) = self.open_attempts.get_mut(quiz)
                    && open.number == *attempt
                    && let Some(slot) = open.answers.get_mut(*position)
                {
                    *slot = Some((response.clone(), *grade));
                }
            }
            LearnerEvent::QuizFinished {
                quiz,
                attempt,
                points,
                max,
                passed,
                ..
            } => {
                if self
                    .open_attempts
                    .get(quiz)
                    .is_some_and(|a| a.number == *attempt)
                    && let Some(open) = self.open_attempts.remove(quiz)
                {
                    self.finished
                        .entry(quiz.clone())
                        .or_default()
                        .push(Finished {
                            attempt: open,
                            points: *points,
                            max: *max,
                            passed: *passed,
                        });
                }
            }
            LearnerEvent::AttemptSetAside { quiz, attempt, .. } => {
                if self
                    .open_attempts
                    .get(quiz)
                    .is_some_and(|a| a.number == *attempt)
                    && let Some(open) = self.open_attempts.remove(quiz)
                {
                    self.set_aside.entry(quiz.clone()).or_default().push(open);
                }
            }
            LearnerEvent::PositionSaved {
                item,
                block,
                offset,
                ..
            } => {
                self.positions.insert(item.clone(), (*block, *offset));
            }
            LearnerEvent::NoteSaved { item, text, .. } => {
                if text.trim().is_empty() {
                    self.notes.remove(item);
                } else {
                    self.notes.insert(item.clone(), text.clone());
                }
            }
            LearnerEvent::BookmarkToggled {
                item, block, on, ..
            } => {
                let marks = self.bookmarks.entry(item.clone()).or_default();
                if *on {
                    marks.insert(*block);
                } else {
                    marks.remove(block);
                    if marks.is_empty() {
                        self.bookmarks.remove(item);
                    }
                }
            }
            LearnerEvent::TimeSpent { item, seconds, .. } => {
                *self.time_spent.entry(item.clone()).or_default() += seconds;
            }
        }
    }

    pub fn best(&self, quiz: &str) -> Option<&Finished> {
        self.finished.get(quiz)?.iter().max_by(|a, b| {
            let sa = if a.max > 0.0 { a.points / a.max } else { 0.0 };
            let sb = if b.max > 0.0 { b.points / b.max } else { 0.0 };
            sa.total_cmp(&sb)
        })
    }

    /// Finished attempts, the ones that count against a quiz's limit.
    pub fn attempts_used(&self, quiz: &str) -> u32 {
        self.finished.get(quiz).map_or(0, |v| v.len() as u32)
    }

    /// The number the next attempt at `quiz` takes: after every attempt
    /// recorded, finished, open or set aside (numbers are never reused).
    pub fn next_attempt_number(&self, quiz: &str) -> u32 {
        let finished = self
            .finished
            .get(quiz)
            .into_iter()
            .flatten()
            .map(|f| f.attempt.number);
        let aside = self
            .set_aside
            .get(quiz)
            .into_iter()
            .flatten()
            .map(|a| a.number);
        let open = self.open_attempts.get(quiz).map(|a| a.number);
        finished.chain(aside).chain(open).max().unwrap_or(0) + 1
    }

    pub fn is_done(&self, course: &Course, item: usize) -> bool {
        let Some(it) = course.items.get(item) else {
            return false;
        };
        match &it.kind {
            ItemKind::Lesson(_) => self.read.contains(&it.id),
            ItemKind::Quiz(_) => self.best(&it.id).is_some_and(|b| b.passed),
            ItemKind::Unavailable(_) => false,
        }
    }

    /// The first item not done that can be opened, in study order.
    pub fn next_unfinished(&self, course: &Course) -> Option<usize> {
        course
            .modules
            .iter()
            .flat_map(|m| m.items.iter().copied())
            .filter(|&i| {
                course
                    .items
                    .get(i)
                    .is_some_and(|it| !matches!(it.kind, ItemKind::Unavailable(_)))
            })
            .find(|&i| !self.is_done(course, i))
    }

    /// Share of all quiz points, best attempt of each quiz (1 when the
    /// course has no quiz points).
    pub fn quiz_share(&self, course: &Course) -> f64 {
        let (mut earned, mut max) = (0.0, 0.0);
        for (item, quiz) in course.quizzes() {
            max += quiz.total_points();
            if let Some(b) = self.best(&item.id) {
                earned += if b.max > 0.0 {
                    b.points / b.max * quiz.total_points()
                } else {
                    0.0
                };
            }
        }
        // No points to earn: full marks, unless the quizzes that have them
        // cannot be opened.
        if max > 0.0 {
            earned / max
        } else if course.unavailable().any(|(_, u)| u.quiz) {
            0.0
        } else {
            1.0
        }
    }

    pub fn lessons_read(&self, course: &Course) -> usize {
        course
            .lessons()
            .filter(|(i, _)| self.read.contains(&i.id))
            .count()
    }

    pub fn complete(&self, course: &Course) -> bool {
        if !course.completable() {
            return false;
        }
        let lessons_ok = !course.completion.require_all_lessons
            || self.lessons_read(course) == course.lessons().count();
        lessons_ok && self.quiz_share(course) + 1e-9 >= course.completion.pass_score
    }

    pub fn done_count(&self, course: &Course) -> usize {
        (0..course.items.len())
            .filter(|&i| self.is_done(course, i))
            .count()
    }
}
