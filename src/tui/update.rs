//! `update(&mut State, Action) -> Vec<Effect>`: every change the learner
//! makes, with no I/O. Reading lessons, recording progress and opening
//! files are effects the loop carries out.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use crate::course::{Answer, Course, ItemKind, Quiz};
use crate::markdown::layout;
use crate::quiz::{Attempt, Response, normalize_answer};
use crate::text::sanitize;

use super::action::{Action, Effect, LearnerEvent};
use super::state::{
    Feedback, Finished, Flash, LearnerForm, LessonView, QuizView, Row, Screen, State, geometry,
    outline_rows,
};

pub fn update(s: &mut State, action: Action) -> Vec<Effect> {
    // A message stays until the learner does something.
    if !matches!(
        action,
        Action::LessonLoaded { .. }
            | Action::Resize(..)
            | Action::Flash(_)
            | Action::LearnerReady { .. }
    ) {
        s.flash = None;
    }
    match action {
        Action::Quit => {
            let mut effects = remember_position(s);
            effects.push(Effect::Quit);
            return effects;
        }
        Action::Resize(w, h) => {
            s.width = w;
            s.height = h;
            return relayout(s);
        }
        Action::Flash(msg) => {
            s.flash = Some(msg);
            return Vec::new();
        }
        Action::LessonLoaded { entry, item, doc } => return lesson_loaded(s, entry, item, doc),
        Action::QuizLoaded { entry, item, quiz } => return quiz_loaded(s, entry, item, quiz),
        Action::FinishLayout => return relayout(s),
        Action::LearnerReady {
            name,
            progress,
            flash,
        } => {
            s.learner = Some(name);
            s.progress = progress;
            if flash.is_some() {
                s.flash = flash;
            }
            s.screen = Screen::Library;
            return Vec::new();
        }
        _ => {}
    }
    if s.help {
        if matches!(action, Action::Help | Action::Back | Action::Enter) {
            s.help = false;
        }
        return Vec::new();
    }
    if action == Action::Help && s.mode() == super::keymap::Mode::Normal {
        s.help = true;
        return Vec::new();
    }
    match s.screen.clone() {
        Screen::Learners { selected, form } => learners(s, selected, form, action),
        Screen::Library => library(s, action),
        Screen::Outline { entry, selected } => outline(s, entry, selected, action),
        Screen::Lesson(_) => lesson(s, action),
        Screen::Quiz(_) => quiz(s, action),
        Screen::Results { entry, item, .. } => results(s, entry, item, action),
        Screen::CourseResults { entry, .. } => course_results(s, entry, action),
    }
}

// ---------------------------------------------------------------- learners

fn learners(
    s: &mut State,
    selected: usize,
    form: Option<LearnerForm>,
    action: Action,
) -> Vec<Effect> {
    let rows = s.learners.len() + 1;
    if let Some(mut f) = form {
        let field = if f.field == 0 {
            &mut f.name
        } else {
            &mut f.email
        };
        match action {
            Action::Char(c) => field.push(c),
            Action::Paste(t) => field.push_str(&sanitize(&t).replace(['\n', '\r'], " ")),
            Action::Backspace => {
                field.pop();
            }
            Action::Back => {
                s.screen = Screen::Learners {
                    selected,
                    form: None,
                };
                return Vec::new();
            }
            Action::Enter => {
                let name = f.name.trim().to_string();
                if name.is_empty() {
                    s.flash = Some(Flash::new("learners-name-needed"));
                } else if f.field == 0 {
                    f.field = 1;
                } else {
                    let email = Some(f.email.trim().to_string()).filter(|e| !e.is_empty());
                    return vec![Effect::ChooseLearner { name, email }];
                }
            }
            _ => {}
        }
        s.screen = Screen::Learners {
            selected,
            form: Some(f),
        };
        return Vec::new();
    }
    let mut sel = selected;
    match action {
        Action::Up => sel = sel.saturating_sub(1),
        Action::Down => sel = (sel + 1).min(rows - 1),
        Action::Home => sel = 0,
        Action::End => sel = rows - 1,
        Action::Click { row, .. } if row >= geometry::HEADER => {
            let i = (row - geometry::HEADER) as usize + learners_top(s, selected);
            if i < rows {
                sel = i;
            }
        }
        Action::Digit(d) if usize::from(d) <= s.learners.len() => {
            return vec![Effect::ChooseLearner {
                name: s.learners[usize::from(d) - 1].clone(),
                email: None,
            }];
        }
        Action::Enter => {
            if let Some(name) = s.learners.get(sel) {
                return vec![Effect::ChooseLearner {
                    name: name.clone(),
                    email: None,
                }];
            }
            s.screen = Screen::Learners {
                selected: sel,
                form: Some(LearnerForm::default()),
            };
            return Vec::new();
        }
        _ => {}
    }
    s.screen = Screen::Learners {
        selected: sel,
        form: None,
    };
    Vec::new()
}

/// The first learner row shown, so that the selected one is on screen.
pub fn learners_top(s: &State, selected: usize) -> usize {
    let fit = geometry::body_height(s.height).max(1);
    selected.saturating_sub(fit - 1)
}

// ---------------------------------------------------------------- library

fn library(s: &mut State, action: Action) -> Vec<Effect> {
    let n = s.entries.len();
    if n == 0 {
        return Vec::new();
    }
    match action {
        Action::Up => s.library_selected = s.library_selected.saturating_sub(1),
        Action::Down => s.library_selected = (s.library_selected + 1).min(n - 1),
        Action::Home => s.library_selected = 0,
        Action::End => s.library_selected = n - 1,
        Action::Click { row, .. } => {
            let first = geometry::HEADER;
            if row >= first {
                let i =
                    ((row - first) / geometry::LIBRARY_ROWS_PER_COURSE) as usize + library_top(s);
                if i < n {
                    s.library_selected = i;
                }
            }
        }
        Action::Enter => return open_course(s, s.library_selected, false),
        Action::Continue => return open_course(s, s.library_selected, true),
        _ => {}
    }
    Vec::new()
}

/// The first course shown, so that the selected one is on screen.
pub fn library_top(s: &State) -> usize {
    let per = geometry::LIBRARY_ROWS_PER_COURSE as usize;
    let fit = (geometry::body_height(s.height) / per).max(1);
    s.library_selected.saturating_sub(fit - 1)
}

fn open_course(s: &mut State, entry: usize, jump: bool) -> Vec<Effect> {
    let Some(course) = s.course(entry).cloned() else {
        return Vec::new();
    };
    let progress = s.progress.entry(course.id.clone()).or_default();
    let next = progress.next_unfinished(&course);
    let rows = outline_rows(&course);
    let selected = next
        .and_then(|i| rows.iter().position(|r| *r == Row::Item(i)))
        .unwrap_or(rows.len() - 1);
    s.screen = Screen::Outline { entry, selected };
    let mut effects = vec![Effect::CourseOpened { entry }];
    // Back to the item the learner was on when they stopped, if any.
    let last = s
        .progress
        .get(&course.id)
        .and_then(|p| p.last_item.as_ref())
        .and_then(|id| course.items.iter().position(|i| &i.id == id));
    match (jump, next, last) {
        (true, Some(item), _) => effects.extend(open_item(s, entry, item)),
        (false, _, Some(item)) => effects.extend(open_item(s, entry, item)),
        _ => {}
    }
    effects
}

// ---------------------------------------------------------------- outline

fn outline(s: &mut State, entry: usize, selected: usize, action: Action) -> Vec<Effect> {
    let Some(course) = s.course(entry).cloned() else {
        s.screen = Screen::Library;
        return Vec::new();
    };
    let rows = outline_rows(&course);
    let selectable = |i: usize| !matches!(rows.get(i), Some(Row::Module(_)) | None);
    let step = |from: usize, down: bool| -> usize {
        let mut i = from;
        loop {
            let next = if down { i + 1 } else { i.wrapping_sub(1) };
            if next >= rows.len() {
                return from;
            }
            i = next;
            if selectable(i) {
                return i;
            }
        }
    };
    let mut sel = selected;
    match action {
        Action::Up | Action::Prev | Action::ScrollUp => sel = step(sel, false),
        Action::Down | Action::Next | Action::ScrollDown => sel = step(sel, true),
        Action::Home => sel = step(0, true).min(if selectable(0) { 0 } else { usize::MAX }),
        Action::End => sel = rows.len() - 1,
        Action::PageUp => (0..10).for_each(|_| sel = step(sel, false)),
        Action::PageDown | Action::Space => (0..10).for_each(|_| sel = step(sel, true)),
        Action::Click { row, .. } => {
            let top = outline_top(s, sel, rows.len());
            if row > geometry::HEADER {
                let i = (row - geometry::HEADER - 1) as usize + top;
                if selectable(i) {
                    sel = i;
                }
            }
        }
        Action::Back => {
            s.screen = Screen::Library;
            return Vec::new();
        }
        Action::Continue => {
            let next = s
                .progress
                .get(&course.id)
                .and_then(|p| p.next_unfinished(&course));
            return match next {
                Some(item) => open_item(s, entry, item),
                None => {
                    s.screen = Screen::CourseResults {
                        entry,
                        scroll: 0,
                        export: None,
                    };
                    Vec::new()
                }
            };
        }
        Action::Enter => {
            return match rows.get(sel) {
                Some(Row::Item(i)) => open_item(s, entry, *i),
                Some(Row::Results) => {
                    s.screen = Screen::CourseResults {
                        entry,
                        scroll: 0,
                        export: None,
                    };
                    Vec::new()
                }
                _ => Vec::new(),
            };
        }
        _ => {}
    }
    s.screen = Screen::Outline {
        entry,
        selected: sel,
    };
    Vec::new()
}

/// First outline row shown (one line above the rows holds "continue").
pub fn outline_top(s: &State, selected: usize, rows: usize) -> usize {
    let fit = geometry::body_height(s.height).saturating_sub(1).max(1);
    if rows <= fit {
        0
    } else {
        selected.saturating_sub(fit - 1).min(rows - fit)
    }
}

fn back_to_outline(s: &mut State, entry: usize, item: usize) -> Vec<Effect> {
    let effects = remember_position(s);
    let selected = s
        .course(entry)
        .map(|c| {
            outline_rows(c)
                .iter()
                .position(|r| *r == Row::Item(item))
                .unwrap_or(0)
        })
        .unwrap_or(0);
    s.screen = Screen::Outline { entry, selected };
    effects
}

/// The item before or after `item` in study order.
fn neighbour(course: &Course, item: usize, forward: bool) -> Option<usize> {
    let order: Vec<usize> = course
        .modules
        .iter()
        .flat_map(|m| m.items.iter().copied())
        .collect();
    let at = order.iter().position(|&i| i == item)?;
    if forward {
        order.get(at + 1).copied()
    } else {
        at.checked_sub(1).map(|p| order[p])
    }
}

fn go_neighbour(s: &mut State, entry: usize, item: usize, forward: bool) -> Vec<Effect> {
    let Some(course) = s.course(entry).cloned() else {
        return Vec::new();
    };
    match neighbour(&course, item, forward) {
        Some(next) => {
            let mut effects = remember_position(s);
            effects.extend(open_item(s, entry, next));
            effects
        }
        None if forward => {
            let effects = remember_position(s);
            s.screen = Screen::CourseResults {
                entry,
                scroll: 0,
                export: None,
            };
            effects
        }
        None => Vec::new(),
    }
}

fn open_item(s: &mut State, entry: usize, item: usize) -> Vec<Effect> {
    let Some(course) = s.course(entry).cloned() else {
        return Vec::new();
    };
    let Some(it) = course.items.get(item) else {
        return Vec::new();
    };
    let progress = s.progress.entry(course.id.clone()).or_default();
    progress.opened.insert(it.id.clone());
    progress.last_item = Some(it.id.clone());
    let mut effects = vec![Effect::Record(LearnerEvent::ItemOpened {
        course: course.id.clone(),
        item: it.id.clone(),
    })];
    match &it.kind {
        ItemKind::Lesson(lesson) => {
            let lang = s.content_lang(&course).to_string();
            let path = lesson.path_for(it, &lang).to_string();
            s.screen = Screen::Lesson(LessonView {
                entry,
                item,
                doc: None,
                error: None,
                lines: Vec::new(),
                width: 0,
                scroll: 0,
                media: false,
                note: None,
                partial: false,
            });
            effects.push(Effect::LoadLesson { entry, item, path });
        }
        ItemKind::Quiz(quiz) if quiz.lazy => effects.push(Effect::LoadQuiz {
            entry,
            item,
            path: it.path.clone(),
        }),
        ItemKind::Quiz(quiz) => effects.extend(open_quiz(s, entry, item, &course, quiz)),
    }
    effects
}

/// A quiz's questions arrived: they take the outline's place (for the rest
/// of the session) and the quiz opens.
fn quiz_loaded(
    s: &mut State,
    entry: usize,
    item: usize,
    quiz: Result<Box<Quiz>, String>,
) -> Vec<Effect> {
    let quiz = match quiz {
        Ok(q) => *q,
        Err(reason) => {
            s.flash = Some(Flash::new("quiz-cannot-open").with("reason", reason));
            return Vec::new();
        }
    };
    let Some(Some(course)) = s.entries.get_mut(entry).map(|e| e.course.as_mut()) else {
        return Vec::new();
    };
    let course = Arc::make_mut(course);
    let Some(it) = course.items.get_mut(item) else {
        return Vec::new();
    };
    it.kind = ItemKind::Quiz(quiz.clone());
    let Some(course) = s.course(entry).cloned() else {
        return Vec::new();
    };
    open_quiz(s, entry, item, &course, &quiz)
}

fn attempt_seed(s: &State, course: &str, quiz: &str, number: u32) -> u64 {
    let mut h = DefaultHasher::new();
    (s.seed, course, quiz, number).hash(&mut h);
    h.finish()
}

fn open_quiz(
    s: &mut State,
    entry: usize,
    item: usize,
    course: &Course,
    quiz: &Quiz,
) -> Vec<Effect> {
    let qid = course.items[item].id.clone();
    let mut effects = Vec::new();
    let progress = s.progress.entry(course.id.clone()).or_default();
    // An unfinished attempt from an earlier version of the quiz that no
    // longer fits it is started afresh.
    if progress
        .open_attempts
        .get(&qid)
        .is_some_and(|a| !a.fits(quiz))
    {
        progress.open_attempts.remove(&qid);
    }
    // One that has every answer (left on its last screen by an older Slate,
    // or a crash before it was marked finished) is finished now.
    if progress
        .open_attempts
        .get(&qid)
        .is_some_and(|a| a.is_complete())
    {
        return advance(s, fresh_question(entry, item, 0), course, quiz);
    }
    let used = progress.attempts_used(&qid);
    if !progress.open_attempts.contains_key(&qid) {
        if quiz.max_attempts > 0 && used >= quiz.max_attempts {
            if let Some(best) = progress.best(&qid).cloned() {
                s.screen = Screen::Results {
                    entry,
                    item,
                    result: best,
                    scroll: 0,
                };
            }
            return Vec::new();
        }
        let seed = attempt_seed(s, &course.id, &qid, used + 1);
        let attempt = Attempt::new(quiz, used + 1, seed);
        effects.push(Effect::Record(LearnerEvent::AttemptStarted {
            course: course.id.clone(),
            quiz: qid.clone(),
            attempt: attempt.clone(),
        }));
        s.progress
            .entry(course.id.clone())
            .or_default()
            .open_attempts
            .insert(qid.clone(), attempt);
    }
    let pos = s
        .progress
        .get(&course.id)
        .and_then(|p| p.open_attempts.get(&qid))
        .and_then(|a| a.answers.iter().position(Option::is_none))
        .unwrap_or(0);
    s.screen = Screen::Quiz(fresh_question(entry, item, pos));
    set_focus_for_question(s);
    effects
}

fn fresh_question(entry: usize, item: usize, pos: usize) -> QuizView {
    QuizView {
        entry,
        item,
        pos,
        input: String::new(),
        picks: Vec::new(),
        cursor: 0,
        focus: false,
        hint: false,
        feedback: None,
        scroll: 0,
        finished: None,
    }
}

// ---------------------------------------------------------------- lesson

fn lesson_loaded(
    s: &mut State,
    entry: usize,
    item: usize,
    doc: Result<Arc<crate::markdown::Doc>, String>,
) -> Vec<Effect> {
    let Screen::Lesson(view) = &mut s.screen else {
        return Vec::new();
    };
    if view.entry != entry || view.item != item {
        return Vec::new();
    }
    match doc {
        Ok(doc) => view.doc = Some(doc),
        Err(e) => view.error = Some(e),
    }
    let saved = s.course(entry).and_then(|c| {
        let id = &c.items.get(item)?.id;
        s.progress.get(&c.id)?.positions.get(id).copied()
    });
    // A long lesson: lay out what the first screen needs (up to the saved
    // place), draw it, then the rest (Action::FinishLayout).
    let page = geometry::body_height(s.height);
    let width = geometry::text_width(s.width);
    let (labels, symbols) = (s.labels.clone(), s.symbols);
    if let Screen::Lesson(view) = &mut s.screen
        && let Some(doc) = view.doc.clone()
        && doc.blocks.len() >= crate::markdown::PARALLEL_BLOCKS
    {
        let through = saved.map_or(0, |(block, _)| block as usize);
        let (lines, complete) = crate::markdown::layout_prefix(
            &doc,
            width,
            &labels,
            symbols,
            through,
            page + saved.map_or(0, |(_, offset)| offset) + 1,
        );
        view.lines = lines;
        view.width = width;
        view.partial = !complete;
    }
    let mut effects = if s.layout_pending() {
        Vec::new()
    } else {
        relayout(s)
    };
    // Back where the learner was.
    if let (Some((block, offset)), Screen::Lesson(view)) = (saved, &mut s.screen) {
        view.scroll = scroll_for_anchor(&view.lines, block, offset);
    }
    effects.extend(check_read(s));
    effects
}

/// The reading place at `scroll`: the top line's block and how many lines
/// into it, which survives any change of width.
fn anchor_at(lines: &[crate::markdown::Line], scroll: usize) -> Option<(u32, usize)> {
    let line = lines.get(scroll)?;
    let first = lines
        .iter()
        .position(|l| l.block == line.block)
        .unwrap_or(0);
    Some((line.block, scroll - first))
}

/// Where the reading place `(block, offset)` is in re-laid-out lines.
fn scroll_for_anchor(lines: &[crate::markdown::Line], block: u32, offset: usize) -> usize {
    let first = lines.iter().position(|l| l.block >= block).unwrap_or(0);
    let len = lines[first..]
        .iter()
        .take_while(|l| l.block == block)
        .count();
    first + offset.min(len.saturating_sub(1))
}

/// Lays the open lesson out again for the current width, keeping the line
/// at the top of the screen in view.
fn relayout(s: &mut State) -> Vec<Effect> {
    let width = geometry::text_width(s.width);
    let (labels, symbols) = (s.labels.clone(), s.symbols);
    let Screen::Lesson(view) = &mut s.screen else {
        return Vec::new();
    };
    let Some(doc) = view.doc.clone() else {
        return Vec::new();
    };
    if view.width == width && !view.lines.is_empty() && !view.partial {
        return check_read(s);
    }
    let anchor = anchor_at(&view.lines, view.scroll);
    view.lines = layout(&doc, width, &labels, symbols);
    view.width = width;
    view.partial = false;
    if let Some((block, offset)) = anchor {
        view.scroll = scroll_for_anchor(&view.lines, block, offset);
    }
    clamp_scroll(view, geometry::body_height(s.height));
    check_read(s)
}

/// Lines the reader shows after the text: a blank and "End of the lesson",
/// so the learner sees where the lesson stops.
pub const END_LINES: usize = 2;

fn clamp_scroll(view: &mut LessonView, page: usize) {
    let max = (view.lines.len() + END_LINES).saturating_sub(page);
    view.scroll = view.scroll.min(max);
}

/// Marks the lesson read once its last line has been on screen.
fn check_read(s: &mut State) -> Vec<Effect> {
    let page = geometry::body_height(s.height);
    let Screen::Lesson(view) = &s.screen else {
        return Vec::new();
    };
    if view.doc.is_none() || view.partial || view.scroll + page < view.lines.len() {
        return Vec::new();
    }
    let (entry, item) = (view.entry, view.item);
    let Some(course) = s.course(entry).cloned() else {
        return Vec::new();
    };
    let id = course.items[item].id.clone();
    let progress = s.progress.entry(course.id.clone()).or_default();
    if progress.read.insert(id.clone()) {
        vec![Effect::Record(LearnerEvent::LessonRead {
            course: course.id.clone(),
            item: id,
        })]
    } else {
        Vec::new()
    }
}

/// Keeps the reading place of the open lesson (in memory and, through the
/// effect, in the store).
fn remember_position(s: &mut State) -> Vec<Effect> {
    let Screen::Lesson(view) = &s.screen else {
        return Vec::new();
    };
    let Some((block, offset)) = anchor_at(&view.lines, view.scroll) else {
        return Vec::new();
    };
    let (entry, item) = (view.entry, view.item);
    let Some(course) = s.course(entry).cloned() else {
        return Vec::new();
    };
    let Some(it) = course.items.get(item) else {
        return Vec::new();
    };
    let progress = s.progress.entry(course.id.clone()).or_default();
    if progress.positions.insert(it.id.clone(), (block, offset)) == Some((block, offset)) {
        return Vec::new();
    }
    vec![Effect::Record(LearnerEvent::PositionSaved {
        course: course.id.clone(),
        item: it.id.clone(),
        block,
        offset,
    })]
}

fn lesson(s: &mut State, action: Action) -> Vec<Effect> {
    let page = geometry::body_height(s.height).max(1);
    let Screen::Lesson(view) = &mut s.screen else {
        return Vec::new();
    };
    let (entry, item) = (view.entry, view.item);
    if view.note.is_some() || matches!(action, Action::Note | Action::Bookmark) {
        return notes_and_bookmarks(s, entry, item, action);
    }
    let Screen::Lesson(view) = &mut s.screen else {
        return Vec::new();
    };
    if view.media {
        match action {
            Action::Back | Action::Media | Action::Enter => view.media = false,
            Action::Digit(d) => {
                let images: Vec<String> = view
                    .doc
                    .iter()
                    .flat_map(|d| d.targets.iter())
                    .filter(|t| t.kind == crate::markdown::TargetKind::Image)
                    .map(|t| t.dest.clone())
                    .collect();
                if let Some(dest) = images.get(usize::from(d).saturating_sub(1)) {
                    let base = s
                        .course(entry)
                        .and_then(|c| c.items.get(item))
                        .map(|i| crate::course::source::parent(&i.path).to_string())
                        .unwrap_or_default();
                    let plain = dest.split(['#', '?']).next().unwrap_or(dest);
                    let decoded = percent_encoding::percent_decode_str(plain).decode_utf8_lossy();
                    return match crate::course::source::resolve(&base, &decoded) {
                        Ok(path) => vec![Effect::OpenFile { entry, path }],
                        Err(why) => {
                            s.flash = Some(
                                Flash::new("media-cannot-open")
                                    .with("path", dest.clone())
                                    .with("reason", why),
                            );
                            Vec::new()
                        }
                    };
                }
            }
            _ => {}
        }
        return Vec::new();
    }
    match action {
        Action::Up => view.scroll = view.scroll.saturating_sub(1),
        Action::Down => view.scroll += 1,
        Action::ScrollUp => view.scroll = view.scroll.saturating_sub(3),
        Action::ScrollDown => view.scroll += 3,
        Action::PageUp => view.scroll = view.scroll.saturating_sub(page.saturating_sub(1).max(1)),
        Action::PageDown | Action::Space => view.scroll += page.saturating_sub(1).max(1),
        Action::Home => view.scroll = 0,
        Action::End => view.scroll = usize::MAX,
        Action::Media => view.media = true,
        Action::Enter => {
            if view.scroll + page >= view.lines.len() + END_LINES || view.doc.is_none() {
                return go_neighbour(s, entry, item, true);
            }
            view.scroll += page.saturating_sub(1).max(1);
        }
        Action::Next => return go_neighbour(s, entry, item, true),
        Action::Prev => return go_neighbour(s, entry, item, false),
        Action::Back => return back_to_outline(s, entry, item),
        _ => return Vec::new(),
    }
    clamp_scroll(view, page);
    check_read(s)
}

/// The learner's own note on the lesson (`m`, then type, Enter) and
/// bookmarks on its blocks (`b` marks the block at the top of the screen).
fn notes_and_bookmarks(s: &mut State, entry: usize, item: usize, action: Action) -> Vec<Effect> {
    let Some(course) = s.course(entry).cloned() else {
        return Vec::new();
    };
    let Some(id) = course.items.get(item).map(|i| i.id.clone()) else {
        return Vec::new();
    };
    let Screen::Lesson(view) = &mut s.screen else {
        return Vec::new();
    };
    if let Some(note) = view.note.as_mut() {
        match action {
            Action::Char(c) => note.push(c),
            Action::Paste(t) => note.push_str(&sanitize(&t).replace(['\n', '\r'], " ")),
            Action::Backspace => {
                note.pop();
            }
            Action::Back => view.note = None,
            Action::Enter => {
                let text = view.note.take().unwrap_or_default().trim().to_string();
                let notes = &mut s.progress.entry(course.id.clone()).or_default().notes;
                if text.is_empty() {
                    notes.remove(&id);
                } else {
                    notes.insert(id.clone(), text.clone());
                }
                s.flash = Some(Flash::new("note-saved"));
                return vec![Effect::Record(LearnerEvent::NoteSaved {
                    course: course.id.clone(),
                    item: id,
                    text,
                })];
            }
            _ => {}
        }
        return Vec::new();
    }
    match action {
        Action::Note => {
            let existing = s
                .progress
                .get(&course.id)
                .and_then(|p| p.notes.get(&id).cloned())
                .unwrap_or_default();
            if let Screen::Lesson(view) = &mut s.screen {
                view.note = Some(existing);
            }
            Vec::new()
        }
        Action::Bookmark => {
            let Some(block) = view.lines.get(view.scroll).map(|l| l.block) else {
                return Vec::new();
            };
            let marks = s
                .progress
                .entry(course.id.clone())
                .or_default()
                .bookmarks
                .entry(id.clone())
                .or_default();
            let on = marks.insert(block);
            if !on {
                marks.remove(&block);
            }
            s.flash = Some(Flash::new(if on {
                "bookmark-set"
            } else {
                "bookmark-removed"
            }));
            vec![Effect::Record(LearnerEvent::BookmarkToggled {
                course: course.id.clone(),
                item: id,
                block,
                on,
            })]
        }
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------- quiz

fn current<'a>(s: &'a State, v: &QuizView) -> Option<(&'a Course, &'a Quiz, &'a Attempt)> {
    let (course, quiz) = s.quiz_of(v.entry, v.item)?;
    let attempt = s
        .progress
        .get(&course.id)?
        .open_attempts
        .get(&course.items[v.item].id)?;
    Some((course, quiz, attempt))
}

fn set_focus_for_question(s: &mut State) {
    let Screen::Quiz(v) = &s.screen else { return };
    let typed = current(s, v)
        .and_then(|(_, quiz, a)| {
            a.shown
                .get(v.pos)
                .and_then(|p| quiz.questions.get(p.question))
                .map(|q| &q.answer)
        })
        .is_some_and(|a| matches!(a, Answer::Text { .. } | Answer::Number { .. }));
    if let Screen::Quiz(v) = &mut s.screen {
        v.focus = typed;
    }
}

fn quiz(s: &mut State, action: Action) -> Vec<Effect> {
    let Screen::Quiz(v) = s.screen.clone() else {
        return Vec::new();
    };
    // The attempt is finished and recorded; its last feedback is shown.
    if let Some(result) = v.finished.clone() {
        let (entry, item) = (v.entry, v.item);
        match action {
            Action::Enter | Action::Space => {
                s.screen = Screen::Results {
                    entry,
                    item,
                    result,
                    scroll: 0,
                }
            }
            Action::Next => return go_neighbour(s, entry, item, true),
            Action::Prev => return go_neighbour(s, entry, item, false),
            Action::Back => return back_to_outline(s, entry, item),
            _ => {}
        }
        return Vec::new();
    }
    // The course is shared (an Arc), not copied: a key press must not clone
    // every quiz of a large course. Only the small attempt is copied.
    let Some(course) = s.course(v.entry).cloned() else {
        s.screen = Screen::Library;
        return Vec::new();
    };
    let Some(ItemKind::Quiz(quiz)) = course.items.get(v.item).map(|i| &i.kind) else {
        s.screen = Screen::Library;
        return Vec::new();
    };
    let Some(attempt) = current(s, &v).map(|(_, _, a)| a.clone()) else {
        s.screen = Screen::Library;
        return Vec::new();
    };
    let Some(shown) = attempt.shown.get(v.pos).cloned() else {
        return Vec::new();
    };
    let Some(question) = quiz.questions.get(shown.question) else {
        return Vec::new();
    };
    let n_options = match &question.answer {
        Answer::TrueFalse { .. } => 2,
        _ => shown.options.len(),
    };
    let mut v = v;

    // After an answer with immediate feedback: continue, or move around.
    if v.feedback.is_some() {
        match action {
            Action::Enter | Action::Space => return advance(s, v, &course, quiz),
            Action::Up | Action::ScrollUp => v.scroll = v.scroll.saturating_sub(1),
            Action::Down | Action::ScrollDown => v.scroll += 1,
            Action::Hint => v.hint = !v.hint,
            Action::Next => return go_neighbour(s, v.entry, v.item, true),
            Action::Prev => return go_neighbour(s, v.entry, v.item, false),
            Action::Back => return back_to_outline(s, v.entry, v.item),
            _ => {}
        }
        s.screen = Screen::Quiz(v);
        return Vec::new();
    }

    let typed = matches!(question.answer, Answer::Text { .. } | Answer::Number { .. });
    if typed && v.focus {
        match action {
            Action::Char(c) => v.input.push(c),
            Action::Paste(text) => {
                let clean = sanitize(&text).replace(['\n', '\r'], " ");
                v.input.push_str(&clean);
            }
            Action::Backspace => {
                v.input.pop();
            }
            Action::Back => v.focus = false,
            Action::Enter => return submit(s, v, &course, quiz, &attempt),
            _ => {}
        }
        s.screen = Screen::Quiz(v);
        return Vec::new();
    }

    match action {
        Action::Back => return back_to_outline(s, v.entry, v.item),
        Action::Next => return go_neighbour(s, v.entry, v.item, true),
        Action::Prev => return go_neighbour(s, v.entry, v.item, false),
        Action::Hint => v.hint = !v.hint,
        Action::Up => v.cursor = v.cursor.saturating_sub(1),
        Action::Down => v.cursor = (v.cursor + 1).min(n_options.saturating_sub(1)),
        Action::ScrollUp => v.scroll = v.scroll.saturating_sub(1),
        Action::ScrollDown => {
            // Kept to what can be scrolled, so a click lands where drawn.
            let w = geometry::text_width(s.width);
            let n = super::screens::quiz::question_lines(s, &v, w, ("", "")).len();
            v.scroll = (v.scroll + 1).min(n.saturating_sub(geometry::body_height(s.height)));
        }
        Action::Digit(d) if usize::from(d) <= n_options && !typed => {
            pick(&mut v, &question.answer, usize::from(d) - 1, n_options);
        }
        Action::Space
            if matches!(
                question.answer,
                Answer::Multiple { .. } | Answer::Single { .. } | Answer::TrueFalse { .. }
            ) =>
        {
            let cursor = v.cursor;
            pick(&mut v, &question.answer, cursor, n_options);
        }
        Action::Click { row, .. } => {
            if let Some(i) = super::screens::quiz::option_at_row(s, &v, row) {
                v.cursor = i;
                pick(&mut v, &question.answer, i, n_options);
            }
        }
        Action::Backspace => {
            v.picks.pop();
        }
        Action::Paste(text) if typed => {
            v.focus = true;
            v.input
                .push_str(&sanitize(&text).replace(['\n', '\r'], " "));
        }
        Action::Enter => {
            if typed && v.input.trim().is_empty() {
                v.focus = true;
            } else if matches!(
                question.answer,
                Answer::Single { .. } | Answer::TrueFalse { .. }
            ) && v.picks.is_empty()
            {
                // Enter on a highlighted option picks it and submits.
                let cursor = v.cursor;
                pick(&mut v, &question.answer, cursor, n_options);
                return submit(s, v, &course, quiz, &attempt);
            } else {
                return submit(s, v, &course, quiz, &attempt);
            }
        }
        _ => {}
    }
    s.screen = Screen::Quiz(v);
    Vec::new()
}

fn pick(v: &mut QuizView, answer: &Answer, i: usize, n: usize) {
    if i >= n {
        return;
    }
    match answer {
        Answer::Single { .. } | Answer::TrueFalse { .. } => v.picks = vec![i],
        Answer::Multiple { .. } => {
            if let Some(at) = v.picks.iter().position(|&p| p == i) {
                v.picks.remove(at);
            } else {
                v.picks.push(i);
            }
        }
        Answer::Order { .. } => {
            if !v.picks.contains(&i) && v.picks.len() < n {
                v.picks.push(i);
            }
        }
        Answer::Match { .. } => {
            if v.picks.len() < n {
                v.picks.push(i);
            }
        }
        Answer::Text { .. } | Answer::Number { .. } => {}
    }
}

/// The learner's answer in package terms, or `None` if not complete.
fn response(v: &QuizView, answer: &Answer, options: &[usize]) -> Option<Response> {
    let pkg = |shown: usize| options.get(shown).copied();
    match answer {
        Answer::Single { .. } => Some(Response::Choice(pkg(*v.picks.first()?)?)),
        Answer::Multiple { .. } => {
            if v.picks.is_empty() {
                return None;
            }
            let mut picked: Vec<usize> = v.picks.iter().filter_map(|&p| pkg(p)).collect();
            picked.sort_unstable();
            Some(Response::Choices(picked))
        }
        Answer::TrueFalse { .. } => Some(Response::Bool(*v.picks.first()? == 0)),
        Answer::Text { .. } => {
            let t = v.input.trim();
            (!normalize_answer(t, false).is_empty()).then(|| Response::Text(t.to_string()))
        }
        Answer::Number { .. } => {
            let t = v.input.trim();
            (!t.is_empty()).then(|| Response::Number(t.to_string()))
        }
        Answer::Order { items } => (v.picks.len() == items.len())
            .then(|| Response::Order(v.picks.iter().filter_map(|&p| pkg(p)).collect())),
        Answer::Match { pairs } => (v.picks.len() == pairs.len())
            .then(|| Response::Match(v.picks.iter().filter_map(|&p| pkg(p)).collect())),
    }
}

fn submit(
    s: &mut State,
    mut v: QuizView,
    course: &Course,
    quiz: &Quiz,
    attempt: &Attempt,
) -> Vec<Effect> {
    let Some(shown) = attempt.shown.get(v.pos) else {
        return Vec::new();
    };
    let Some(question) = quiz.questions.get(shown.question) else {
        return Vec::new();
    };
    let Some(resp) = response(&v, &question.answer, &shown.options) else {
        s.flash = Some(Flash::new("quiz-give-answer"));
        s.screen = Screen::Quiz(v);
        return Vec::new();
    };
    let qid = course.items[v.item].id.clone();
    let Some(open) = s
        .progress
        .get_mut(&course.id)
        .and_then(|p| p.open_attempts.get_mut(&qid))
    else {
        return Vec::new();
    };
    let Some(grade) = open.answer(quiz, v.pos, resp.clone()) else {
        return Vec::new();
    };
    let effects = vec![Effect::Record(LearnerEvent::AnswerSubmitted {
        course: course.id.clone(),
        quiz: qid,
        attempt: open.number,
        position: v.pos,
        question: question.id.clone(),
        response: resp.clone(),
        grade,
    })];
    v.focus = false;
    // The last answer finishes the attempt at once (its feedback is in the
    // results review): an attempt left open with every answer given could
    // otherwise be re-answered after seeing the right answers.
    let complete = open.is_complete();
    if quiz.feedback == crate::course::FeedbackMode::Immediate && complete {
        let mut effects = effects;
        effects.extend(advance(s, v.clone(), course, quiz));
        if let Screen::Results { result, .. } = &s.screen {
            v.finished = Some(result.clone());
            v.feedback = Some(Feedback {
                response: resp,
                grade,
            });
            s.screen = Screen::Quiz(v);
        }
        return effects;
    }
    if quiz.feedback == crate::course::FeedbackMode::Immediate {
        v.feedback = Some(Feedback {
            response: resp,
            grade,
        });
        s.screen = Screen::Quiz(v);
        effects
    } else {
        let mut effects = effects;
        effects.extend(advance(s, v, course, quiz));
        if matches!(s.screen, Screen::Quiz(_)) {
            s.flash = Some(Flash::new("quiz-saved"));
        }
        effects
    }
}

fn advance(s: &mut State, v: QuizView, course: &Course, quiz: &Quiz) -> Vec<Effect> {
    let qid = course.items[v.item].id.clone();
    let Some(progress) = s.progress.get_mut(&course.id) else {
        return Vec::new();
    };
    let Some(attempt) = progress.open_attempts.get(&qid) else {
        return Vec::new();
    };
    if let Some(next) = (v.pos + 1..attempt.shown.len())
        .chain(0..v.pos)
        .find(|&p| attempt.answers[p].is_none())
    {
        s.screen = Screen::Quiz(fresh_question(v.entry, v.item, next));
        set_focus_for_question(s);
        return Vec::new();
    }
    // Every question answered: the attempt is finished.
    let Some(attempt) = progress.open_attempts.remove(&qid) else {
        return Vec::new();
    };
    let (points, max) = attempt.score(quiz);
    let passed = attempt.passed(quiz);
    let number = attempt.number;
    let finished = Finished {
        attempt,
        points,
        max,
        passed,
    };
    progress
        .finished
        .entry(qid.clone())
        .or_default()
        .push(finished.clone());
    s.screen = Screen::Results {
        entry: v.entry,
        item: v.item,
        result: finished,
        scroll: 0,
    };
    vec![Effect::Record(LearnerEvent::QuizFinished {
        course: course.id.clone(),
        quiz: qid,
        attempt: number,
        points,
        max,
        passed,
    })]
}

// ---------------------------------------------------------------- results

fn results(s: &mut State, entry: usize, item: usize, action: Action) -> Vec<Effect> {
    let Screen::Results { scroll, .. } = &mut s.screen else {
        return Vec::new();
    };
    match action {
        Action::Up | Action::ScrollUp => *scroll = scroll.saturating_sub(1),
        Action::Down | Action::ScrollDown => *scroll += 1,
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        Action::PageDown | Action::Space => *scroll += 10,
        Action::Home => *scroll = 0,
        Action::Retry => {
            let can = s.quiz_of(entry, item).is_some_and(|(c, q)| {
                q.max_attempts == 0
                    || s.progress
                        .get(&c.id)
                        .map_or(0, |p| p.attempts_used(&c.items[item].id))
                        < q.max_attempts
            });
            if can {
                return open_item(s, entry, item);
            }
        }
        Action::Enter | Action::Next => return go_neighbour(s, entry, item, true),
        Action::Prev => return go_neighbour(s, entry, item, false),
        Action::Back => return back_to_outline(s, entry, item),
        _ => {}
    }
    Vec::new()
}

fn course_results(s: &mut State, entry: usize, action: Action) -> Vec<Effect> {
    let default_path = export_path(s, entry);
    let Screen::CourseResults { scroll, export, .. } = &mut s.screen else {
        return Vec::new();
    };
    if let Some(path) = export {
        match action {
            Action::Char(c) => path.push(c),
            Action::Paste(text) => path.extend(text.chars().filter(|c| !c.is_control())),
            Action::Backspace => {
                path.pop();
            }
            Action::Back => *export = None,
            Action::Enter if !path.trim().is_empty() => {
                let path = path.trim().to_string();
                *export = None;
                return vec![Effect::Export { entry, path }];
            }
            _ => {}
        }
        return Vec::new();
    }
    match action {
        Action::Export => *export = Some(default_path),
        Action::Up | Action::ScrollUp => *scroll = scroll.saturating_sub(1),
        Action::Down | Action::ScrollDown => *scroll += 1,
        Action::Back | Action::Enter => {
            let rows = s.course(entry).map_or(1, |c| outline_rows(c).len());
            s.screen = Screen::Outline {
                entry,
                selected: rows - 1,
            };
        }
        Action::Continue => return open_course(s, entry, true),
        _ => {}
    }
    Vec::new()
}

/// Where records go unless the learner types another path: a file named
/// for the course and the learner, in the export folder.
fn export_path(s: &State, entry: usize) -> String {
    let course = s.course(entry).map_or("course", |c| c.id.as_str());
    let learner = s
        .learner
        .as_deref()
        .map(crate::records::export::file_slug)
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| "learner".into());
    let name = format!("slate-records-{course}-{learner}.json");
    if s.export_dir.is_empty() {
        name
    } else {
        std::path::Path::new(&s.export_dir)
            .join(name)
            .display()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::{Choice, FeedbackMode, Item, Module, Question, Text};
    use crate::markdown::{Labels, Symbols};
    use crate::tui::state::Entry;

    fn t(s: &str) -> Text {
        Text::plain(s, "en")
    }

    fn q(id: &str, answer: Answer) -> Question {
        Question {
            id: id.into(),
            prompt: t(id),
            points: 1.0,
            hint: Some(t("think")),
            explanation: None,
            answer,
        }
    }

    fn course(feedback: FeedbackMode) -> Course {
        let quiz = Quiz {
            title: t("Quiz"),
            pass_score: 0.5,
            max_attempts: 2,
            shuffle: false,
            feedback,
            lazy: false,
            points: 0.0,
            questions: vec![
                q(
                    "single",
                    Answer::Single {
                        choices: vec![
                            Choice {
                                text: t("a"),
                                correct: false,
                                feedback: None,
                            },
                            Choice {
                                text: t("b"),
                                correct: true,
                                feedback: None,
                            },
                        ],
                    },
                ),
                q(
                    "multiple",
                    Answer::Multiple {
                        choices: (0..3)
                            .map(|i| Choice {
                                text: t(&i.to_string()),
                                correct: i < 2,
                                feedback: None,
                            })
                            .collect(),
                        partial: false,
                    },
                ),
                q("tf", Answer::TrueFalse { answer: false }),
                q(
                    "text",
                    Answer::Text {
                        accept: vec![t("mật khẩu")],
                        ignore_diacritics: false,
                    },
                ),
                q(
                    "number",
                    Answer::Number {
                        answer: 14.0,
                        tolerance: 0.0,
                    },
                ),
                q(
                    "order",
                    Answer::Order {
                        items: vec![t("x"), t("y"), t("z")],
                    },
                ),
                q(
                    "match",
                    Answer::Match {
                        pairs: vec![(t("l1"), t("r1")), (t("l2"), t("r2"))],
                    },
                ),
            ],
        };
        Course {
            id: "c".into(),
            version: "1.0.0".into(),
            language: "en".into(),
            languages: vec!["en".into()],
            title: t("Course"),
            summary: None,
            authors: vec![],
            license: None,
            minutes: None,
            completion: Default::default(),
            credential: None,
            modules: vec![Module {
                id: "m".into(),
                title: t("M"),
                items: vec![0],
            }],
            items: vec![Item {
                id: "quiz".into(),
                path: "quizzes/q.toml".into(),
                kind: ItemKind::Quiz(quiz),
            }],
        }
    }

    fn state(feedback: FeedbackMode) -> State {
        let entry = Entry {
            course: Some(Arc::new(course(feedback))),
            origin: "x".into(),
            bundled: false,
            errors: 0,
        };
        State::new("en", vec![entry], Labels::default(), Symbols::UNICODE)
    }

    fn run(s: &mut State, actions: &[Action]) -> Vec<Effect> {
        actions.iter().flat_map(|a| update(s, a.clone())).collect()
    }

    fn shown_option(s: &State, pos: usize, pkg: usize) -> u8 {
        let a = &s.progress["c"].open_attempts["quiz"];
        a.shown[pos].options.iter().position(|&o| o == pkg).unwrap() as u8 + 1
    }

    fn grades(effects: &[Effect]) -> Vec<bool> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Record(LearnerEvent::AnswerSubmitted { grade, .. }) => Some(grade.correct),
                _ => None,
            })
            .collect()
    }

    fn type_text(s: &mut State, text: &str) -> Vec<Effect> {
        let mut e: Vec<Effect> = text
            .chars()
            .flat_map(|c| update(s, Action::Char(c)))
            .collect();
        e.extend(update(s, Action::Enter));
        e
    }

    /// Answers every question right (or wrong) through the keys.
    fn answer_all(s: &mut State, right: bool) -> Vec<Effect> {
        let mut e = run(s, &[Action::Enter, Action::Enter]); // open course, open quiz
        let pos = |s: &State| match &s.screen {
            Screen::Quiz(v) => v.pos,
            _ => usize::MAX,
        };
        // single
        let d = shown_option(s, pos(s), if right { 1 } else { 0 });
        e.extend(run(s, &[Action::Digit(d), Action::Enter, Action::Enter]));
        // multiple
        let (a, b) = (
            shown_option(s, pos(s), 0),
            shown_option(s, pos(s), if right { 1 } else { 2 }),
        );
        e.extend(run(
            s,
            &[
                Action::Digit(a),
                Action::Digit(b),
                Action::Enter,
                Action::Enter,
            ],
        ));
        // true_false (answer false = 2)
        e.extend(run(
            s,
            &[
                Action::Digit(if right { 2 } else { 1 }),
                Action::Enter,
                Action::Enter,
            ],
        ));
        // text, typed with combining marks
        e.extend(type_text(
            s,
            if right {
                "Ma\u{323}\u{302}t kha\u{302}\u{309}u"
            } else {
                "mat khau"
            },
        ));
        e.extend(run(s, &[Action::Enter]));
        // number
        e.extend(type_text(s, if right { "14" } else { "15" }));
        e.extend(run(s, &[Action::Enter]));
        // order
        let order: Vec<u8> = if right { vec![0, 1, 2] } else { vec![2, 1, 0] }
            .into_iter()
            .map(|i| shown_option(s, pos(s), i))
            .collect();
        e.extend(run(
            s,
            &order.iter().map(|&d| Action::Digit(d)).collect::<Vec<_>>(),
        ));
        e.extend(run(s, &[Action::Enter, Action::Enter]));
        // match
        let m: Vec<u8> = if right { vec![0, 1] } else { vec![1, 0] }
            .into_iter()
            .map(|i| shown_option(s, pos(s), i))
            .collect();
        e.extend(run(
            s,
            &m.iter().map(|&d| Action::Digit(d)).collect::<Vec<_>>(),
        ));
        // The last answer finishes the attempt; Enter shows the results.
        e.extend(run(s, &[Action::Enter, Action::Enter]));
        e
    }

    #[test]
    fn every_question_type_answered_right() {
        let mut s = state(FeedbackMode::Immediate);
        let e = answer_all(&mut s, true);
        assert_eq!(grades(&e), [true; 7]);
        let Screen::Results { result, .. } = &s.screen else {
            panic!("{:?}", s.screen)
        };
        assert!(result.passed);
        assert_eq!(result.points, 7.0);
        assert!(e.iter().any(|x| matches!(
            x,
            Effect::Record(LearnerEvent::QuizFinished { passed: true, .. })
        )));
    }

    #[test]
    fn every_question_type_answered_wrong() {
        let mut s = state(FeedbackMode::Immediate);
        let e = answer_all(&mut s, false);
        assert_eq!(grades(&e), [false; 7]);
        let Screen::Results { result, .. } = &s.screen else {
            panic!()
        };
        assert!(!result.passed);
    }

    #[test]
    fn the_last_answer_finishes_the_attempt_even_if_the_learner_leaves() {
        let mut s = state(FeedbackMode::Immediate);
        let e = answer_all(&mut s, false);
        assert!(
            e.iter()
                .any(|x| matches!(x, Effect::Record(LearnerEvent::QuizFinished { .. })))
        );
        // Again, but leave on the last feedback screen instead of Enter.
        let mut s = state(FeedbackMode::Immediate);
        run(&mut s, &[Action::Enter, Action::Enter]);
        answer_prefix_to(&mut s, 6);
        let m: Vec<Action> = [0, 1]
            .into_iter()
            .map(|i| Action::Digit(shown_option(&s, 6, i)))
            .collect();
        let mut e = run(&mut s, &m);
        e.extend(run(&mut s, &[Action::Enter]));
        assert!(
            e.iter()
                .any(|x| matches!(x, Effect::Record(LearnerEvent::QuizFinished { .. }))),
            "finished at once"
        );
        let Screen::Quiz(v) = &s.screen else { panic!() };
        assert!(v.feedback.is_some(), "the last feedback is still shown");
        run(&mut s, &[Action::Back]);
        assert!(s.progress["c"].open_attempts.is_empty());
        assert_eq!(s.progress["c"].attempts_used("quiz"), 1);
    }

    #[test]
    fn end_of_quiz_feedback_saves_and_moves_on() {
        let mut s = state(FeedbackMode::End);
        run(&mut s, &[Action::Enter, Action::Enter]);
        let d = shown_option(&s, 0, 1);
        run(&mut s, &[Action::Digit(d), Action::Enter]);
        let Screen::Quiz(v) = &s.screen else { panic!() };
        assert_eq!(v.pos, 1);
        assert!(v.feedback.is_none());
        assert_eq!(s.flash, Some(Flash::new("quiz-saved")));
    }

    #[test]
    fn typing_keeps_q_and_esc_leaves_the_field() {
        let mut s = state(FeedbackMode::Immediate);
        answer_prefix(&mut s, 3);
        assert_eq!(s.mode(), crate::tui::keymap::Mode::Typing);
        run(&mut s, &[Action::Char('q'), Action::Back]);
        let Screen::Quiz(v) = &s.screen else { panic!() };
        assert_eq!(v.input, "q");
        assert!(!v.focus);
        assert_eq!(s.mode(), crate::tui::keymap::Mode::Normal);
        run(&mut s, &[Action::Paste("\u{1b}[2Jx\ny".into())]);
        let Screen::Quiz(v) = &s.screen else { panic!() };
        assert!(
            v.focus && !v.input.contains('\u{1b}') && !v.input.contains('\n'),
            "{:?}",
            v.input
        );
    }

    fn answer_prefix(s: &mut State, n: usize) {
        run(s, &[Action::Enter, Action::Enter]);
        for _ in 0..n {
            let Screen::Quiz(v) = &s.screen else { panic!() };
            let pos = v.pos;
            let kind = s.progress["c"].open_attempts["quiz"].shown[pos].question;
            let acts: Vec<Action> = match kind {
                0 | 2 => vec![Action::Digit(1), Action::Enter, Action::Enter],
                1 => vec![Action::Digit(1), Action::Enter, Action::Enter],
                _ => unreachable!(),
            };
            run(s, &acts);
        }
    }

    #[test]
    fn leaving_and_coming_back_resumes_the_same_attempt() {
        let mut s = state(FeedbackMode::Immediate);
        answer_prefix(&mut s, 2);
        let before = s.progress["c"].open_attempts["quiz"].clone();
        run(&mut s, &[Action::Back, Action::Enter]);
        let Screen::Quiz(v) = &s.screen else { panic!() };
        assert_eq!(v.pos, 2);
        assert_eq!(s.progress["c"].open_attempts["quiz"], before);
    }

    #[test]
    fn attempts_are_limited_and_retry_starts_a_new_one() {
        let mut s = state(FeedbackMode::Immediate);
        answer_all(&mut s, false);
        run(&mut s, &[Action::Retry]);
        let Screen::Quiz(_) = &s.screen else {
            panic!("{:?}", s.screen)
        };
        assert_eq!(s.progress["c"].open_attempts["quiz"].number, 2);
        // Finish the second attempt, then no third one is possible.
        s.screen = Screen::Library;
        answer_all(&mut s, false);
        assert_eq!(s.progress["c"].attempts_used("quiz"), 2);
        run(&mut s, &[Action::Retry]);
        assert!(matches!(s.screen, Screen::Results { .. }));
    }

    #[test]
    fn hints_toggle_and_help_overlays() {
        let mut s = state(FeedbackMode::Immediate);
        run(&mut s, &[Action::Enter, Action::Enter, Action::Hint]);
        let Screen::Quiz(v) = &s.screen else { panic!() };
        assert!(v.hint);
        run(&mut s, &[Action::Help]);
        assert!(s.help);
        run(&mut s, &[Action::Digit(1)]);
        assert!(s.help, "keys do not reach the screen under the help");
        run(&mut s, &[Action::Back]);
        assert!(!s.help);
    }

    #[test]
    fn records_are_exported_to_the_path_the_learner_confirms() {
        let mut s = state(FeedbackMode::Immediate);
        s.learner = Some("Nguyễn Lan".into());
        s.export_dir = "/media/stick".into();
        s.screen = Screen::CourseResults {
            entry: 0,
            scroll: 0,
            export: None,
        };
        assert!(update(&mut s, Action::Export).is_empty());
        assert_eq!(s.mode(), crate::tui::keymap::Mode::Typing);
        let Screen::CourseResults {
            export: Some(path), ..
        } = &s.screen
        else {
            panic!("no export field")
        };
        assert_eq!(path, "/media/stick/slate-records-c-nguyen-lan.json");
        // Esc leaves the field and writes nothing.
        assert!(update(&mut s, Action::Back).is_empty());
        assert_eq!(s.mode(), crate::tui::keymap::Mode::Normal);
        // A path typed over the default, then Enter.
        update(&mut s, Action::Export);
        for _ in 0..60 {
            update(&mut s, Action::Backspace);
        }
        let effects = type_text(&mut s, "lan.json");
        assert_eq!(
            effects,
            vec![Effect::Export {
                entry: 0,
                path: "lan.json".into()
            }]
        );
        assert_eq!(s.mode(), crate::tui::keymap::Mode::Normal);
    }

    #[test]
    fn a_quiz_from_the_outline_cache_is_read_when_opened() {
        let mut s = state(FeedbackMode::Immediate);
        let full = match &s.course(0).unwrap().items[0].kind {
            ItemKind::Quiz(q) => q.clone(),
            ItemKind::Lesson(_) => panic!("the test course starts with its quiz"),
        };
        // The outline, as the cache gives it: same points, no questions.
        let course = Arc::make_mut(s.entries[0].course.as_mut().unwrap());
        course.items[0].kind = ItemKind::Quiz(full.outline());
        assert_eq!(full.outline().total_points(), full.total_points());

        let effects = run(&mut s, &[Action::Enter, Action::Enter]);
        assert!(
            effects.iter().any(|e| matches!(
                e,
                Effect::LoadQuiz {
                    entry: 0,
                    item: 0,
                    ..
                }
            )),
            "{effects:?}"
        );
        assert!(!matches!(s.screen, Screen::Quiz(_)));
        let effects = update(
            &mut s,
            Action::QuizLoaded {
                entry: 0,
                item: 0,
                quiz: Ok(Box::new(full.clone())),
            },
        );
        assert!(matches!(s.screen, Screen::Quiz(_)));
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::Record(LearnerEvent::AttemptStarted { .. })))
        );
        assert_eq!(s.quiz_of(0, 0).unwrap().1, &full);

        // A quiz file that changed underneath: said, nothing opened.
        let mut s = state(FeedbackMode::Immediate);
        update(
            &mut s,
            Action::QuizLoaded {
                entry: 0,
                item: 0,
                quiz: Err("quiz.toml changed".into()),
            },
        );
        assert_eq!(s.flash.as_ref().map(|f| f.id), Some("quiz-cannot-open"));
    }

    #[test]
    fn a_long_lesson_is_drawn_from_its_first_lines_then_laid_out_whole() {
        let mut s = state(FeedbackMode::Immediate);
        let md: String = (0..400)
            .map(|i| format!("Paragraph {i} of a very long lesson, long enough to wrap once.\n\n"))
            .collect();
        let doc = Arc::new(crate::markdown::parse(&md));
        s.screen = Screen::Lesson(LessonView {
            entry: 0,
            item: 0,
            doc: None,
            error: None,
            lines: Vec::new(),
            width: 0,
            scroll: 0,
            media: false,
            note: None,
            partial: false,
        });
        update(
            &mut s,
            Action::LessonLoaded {
                entry: 0,
                item: 0,
                doc: Ok(doc.clone()),
            },
        );
        assert!(s.layout_pending());
        let full =
            crate::markdown::layout(&doc, geometry::text_width(s.width), &s.labels, s.symbols);
        let Screen::Lesson(view) = &s.screen else {
            panic!("not reading")
        };
        assert!(
            view.lines.len() < full.len() / 4,
            "{} of {}",
            view.lines.len(),
            full.len()
        );
        assert_eq!(view.lines[..], full[..view.lines.len()]);
        // Scrolled to the end of what is there: not yet "read".
        let effects = update(&mut s, Action::End);
        assert!(
            !effects
                .iter()
                .any(|e| matches!(e, Effect::Record(LearnerEvent::LessonRead { .. })))
        );

        update(&mut s, Action::FinishLayout);
        assert!(!s.layout_pending());
        let Screen::Lesson(view) = &s.screen else {
            panic!("not reading")
        };
        assert_eq!(view.lines, full);
    }

    #[test]
    fn an_incomplete_answer_is_not_submitted() {
        let mut s = state(FeedbackMode::Immediate);
        run(&mut s, &[Action::Enter, Action::Enter]);
        // Skip to the order question through the keys of the others.
        answer_prefix_to(&mut s, 5);
        let e = run(&mut s, &[Action::Digit(1), Action::Enter]);
        assert!(grades(&e).is_empty());
        assert_eq!(s.flash, Some(Flash::new("quiz-give-answer")));
    }

    fn answer_prefix_to(s: &mut State, target: usize) {
        loop {
            let Screen::Quiz(v) = &s.screen else { panic!() };
            let qi = s.progress["c"].open_attempts["quiz"].shown[v.pos].question;
            if qi == target {
                return;
            }
            let acts = match qi {
                3 | 4 => vec![Action::Char('1'), Action::Enter, Action::Enter],
                5 => vec![
                    Action::Digit(1),
                    Action::Digit(2),
                    Action::Digit(3),
                    Action::Enter,
                    Action::Enter,
                ],
                _ => vec![Action::Digit(1), Action::Enter, Action::Enter],
            };
            run(s, &acts);
        }
    }
}
