//! Moving between screens. A screen's update says where to go ([`Go`]);
//! the router carries it out here, because leaving one screen and opening
//! another touch the whole state: the reading place of a lesson left is
//! kept, an item opened is recorded, a quiz opens on its attempt.

use super::action::{Effect, LearnerEvent};
use super::screens::course_results::CourseResultsView;
use super::screens::lesson::{self, LessonView};
use super::screens::outline::{self, OutlineView, Row};
use super::screens::quiz;
use super::state::{Flash, Screen, State};
use crate::course::{Course, ItemKind};
use crate::progress::Progress;

/// Where a screen asks to go.
#[derive(Debug, Clone)]
pub enum Go {
    Library,
    /// The course's outline, on the item to continue with; `jump` opens
    /// that item too (`c`), else the one the learner was on last.
    Course {
        entry: usize,
        jump: bool,
    },
    /// The outline with `item` selected (`None`: the results row).
    Outline {
        entry: usize,
        item: Option<usize>,
    },
    Item {
        entry: usize,
        item: usize,
    },
    /// A new attempt at the quiz `item`, which the learner asked for.
    Start {
        entry: usize,
        item: usize,
    },
    /// The item after (or before) `item` in study order; after the last
    /// one, the course results.
    Neighbour {
        entry: usize,
        item: usize,
        forward: bool,
    },
    CourseResults {
        entry: usize,
    },
    /// A screen the current one has made (a quiz's results).
    To(Box<Screen>),
}

/// What a screen's update returns: effects for the loop, and where to go.
#[derive(Debug, Default)]
pub struct Step {
    pub effects: Vec<Effect>,
    pub go: Option<Go>,
}

impl Step {
    pub fn none() -> Step {
        Step::default()
    }

    pub fn go(go: Go) -> Step {
        Step {
            effects: Vec::new(),
            go: Some(go),
        }
    }

    pub fn effects(effects: Vec<Effect>) -> Step {
        Step { effects, go: None }
    }
}

/// Carries out `go`.
pub fn go(s: &mut State, go: Go) -> Vec<Effect> {
    match go {
        Go::Library => {
            let effects = leave(s);
            s.screen = Screen::Library;
            effects
        }
        Go::Course { entry, jump } => open_course(s, entry, jump),
        Go::Outline { entry, item } => {
            let effects = leave(s);
            let Some(course) = s.session.course(entry) else {
                s.screen = Screen::Library;
                return effects;
            };
            let rows = outline::rows(course);
            let selected = match item {
                Some(i) => rows.iter().position(|r| *r == Row::Item(i)).unwrap_or(0),
                None => rows.len().saturating_sub(1),
            };
            s.screen = Screen::Outline(OutlineView { entry, selected });
            effects
        }
        Go::Item { entry, item } => {
            let mut effects = leave(s);
            effects.extend(open_item(s, entry, item));
            effects
        }
        Go::Start { entry, item } => {
            let mut effects = leave(s);
            effects.extend(open(s, entry, item, true));
            effects
        }
        Go::Neighbour {
            entry,
            item,
            forward,
        } => {
            let Some(course) = s.session.course(entry) else {
                return Vec::new();
            };
            match (neighbour(course, item, forward), forward) {
                (Some(next), _) => {
                    let mut effects = leave(s);
                    effects.extend(open_item(s, entry, next));
                    effects
                }
                (None, true) => {
                    let effects = leave(s);
                    s.screen = Screen::CourseResults(CourseResultsView::new(&s.session, entry));
                    effects
                }
                (None, false) => Vec::new(),
            }
        }
        Go::CourseResults { entry } => {
            let effects = leave(s);
            s.screen = Screen::CourseResults(CourseResultsView::new(&s.session, entry));
            effects
        }
        Go::To(screen) => {
            let effects = leave(s);
            s.screen = *screen;
            effects
        }
    }
}

/// What leaving the current screen keeps: the reading place of a lesson.
pub fn leave(s: &mut State) -> Vec<Effect> {
    match &s.screen {
        Screen::Lesson(view) => lesson::remember_position(view, &mut s.session),
        Screen::Learners(_)
        | Screen::Library
        | Screen::Outline(_)
        | Screen::Quiz(_)
        | Screen::QuizStart(_)
        | Screen::Results(_)
        | Screen::CourseResults(_) => Vec::new(),
    }
}

/// Opens a course on its outline, at the item to continue with.
fn open_course(s: &mut State, entry: usize, jump: bool) -> Vec<Effect> {
    let Some(course) = s.session.course(entry).cloned() else {
        // A course that cannot be opened at all: say why, where the key
        // was pressed.
        if let Some(e) = s.session.entries.get(entry) {
            let reason = e.reason.clone().unwrap_or_default();
            s.session.flash = Some(Flash::new("library-closed-reason").with("reason", reason));
        }
        return Vec::new();
    };
    let none = Progress::default();
    let progress = s.session.progress.get(&course.id).unwrap_or(&none);
    let next = progress.next_unfinished(&course);
    // Back to the item the learner was on when they stopped, if any.
    let last = progress
        .last_item
        .as_ref()
        .and_then(|id| course.items.iter().position(|i| &i.id == id));
    let rows = outline::rows(&course);
    let selected = next
        .and_then(|i| rows.iter().position(|r| *r == Row::Item(i)))
        .unwrap_or(rows.len().saturating_sub(1));
    let mut effects = leave(s);
    s.screen = Screen::Outline(OutlineView { entry, selected });
    effects.push(Effect::CourseOpened { entry });
    match (jump, next, last) {
        (true, Some(item), _) | (false, _, Some(item)) => {
            effects.extend(open_item(s, entry, item));
        }
        _ => {}
    }
    effects
}

/// Opens an item: a lesson is read from the package, a quiz opens on its
/// attempt (its questions read first when only its outline is loaded).
pub fn open_item(s: &mut State, entry: usize, item: usize) -> Vec<Effect> {
    open(s, entry, item, false)
}

/// Opens an item; a quiz with `start` on a new attempt.
fn open(s: &mut State, entry: usize, item: usize, start: bool) -> Vec<Effect> {
    let Some(course) = s.session.course(entry).cloned() else {
        return Vec::new();
    };
    let Some(it) = course.items.get(item) else {
        return Vec::new();
    };
    if let ItemKind::Unavailable(u) = &it.kind {
        // Nothing is recorded: the learner stays where they were, told why.
        s.session.flash = Some(Flash::new("item-unavailable").with("reason", u.reason.clone()));
        return Vec::new();
    }
    // A quiz being started is on view already (its start page, its
    // results): it was opened then.
    let mut effects = Vec::new();
    if !start {
        effects.push(s.session.record(LearnerEvent::ItemOpened {
            course: course.id.clone(),
            item: it.id.clone(),
        }));
    }
    match &it.kind {
        ItemKind::Lesson(l) => {
            let path = l.path_for(it, s.session.content_lang(&course)).to_string();
            s.screen = Screen::Lesson(LessonView::new(entry, item));
            effects.push(Effect::LoadLesson { entry, item, path });
        }
        ItemKind::Quiz(q) if q.lazy => effects.push(Effect::LoadQuiz {
            entry,
            item,
            path: it.path.clone(),
        }),
        ItemKind::Quiz(q) => {
            let (screen, more) = quiz::open(&mut s.session, entry, item, &course, q, start);
            if let Some(screen) = screen {
                s.screen = screen;
            }
            effects.extend(more);
        }
        ItemKind::Unavailable(_) => {}
    }
    effects
}

/// The item before or after `item` in study order.
/// The item before or after `item` in study order, passing over those that
/// cannot be opened.
fn neighbour(course: &Course, item: usize, forward: bool) -> Option<usize> {
    let mut order = course
        .modules
        .iter()
        .flat_map(|m| m.items.iter().copied())
        .filter(|&i| {
            i == item
                || course
                    .items
                    .get(i)
                    .is_some_and(|it| !matches!(it.kind, ItemKind::Unavailable(_)))
        });
    let mut before = None;
    while let Some(i) = order.next() {
        if i == item {
            return if forward { order.next() } else { before };
        }
        before = Some(i);
    }
    None
}
