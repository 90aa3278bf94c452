//! The lesson reader: the lesson laid out for the window, the reading
//! place (kept across widths and sessions), "read" once its end has been on
//! screen, the learner's note and bookmarks, and the overlay of its images
//! and links.

mod draw;
mod media;

pub use draw::{LinkRegion, draw, link_regions};
pub use media::{MediaView, file_read};

use std::sync::Arc;

use crate::course::source::ReadError;
use crate::markdown::{Doc, Line, layout};
use crate::tui::action::{Action, Effect, LearnerEvent};
use crate::tui::nav::{Go, Step};
use crate::tui::state::{Arg, Flash, Session, clamp_scroll};
use crate::tui::text_field::{Edit, TextField, limit};

#[derive(Debug, Clone)]
pub struct LessonView {
    pub entry: usize,
    pub item: usize,
    pub doc: Option<Arc<Doc>>,
    /// Why the lesson could not be read, in the learner's language.
    pub error: Option<String>,
    /// The doc laid out for `width` columns.
    pub lines: Vec<Line>,
    pub width: usize,
    pub scroll: usize,
    /// The images-and-links overlay, when open.
    pub media: Option<MediaView>,
    /// The note being written (the note field has the keys).
    pub note: Option<TextField>,
    /// Only the first screens are laid out yet (a long lesson just
    /// opened); the rest follows right after the first frame.
    pub partial: bool,
}

/// Lines the reader shows after the text: a blank and "End of the lesson",
/// so the learner sees where the lesson stops.
pub const END_LINES: usize = 2;

impl LessonView {
    /// A lesson being read from the package.
    pub fn new(entry: usize, item: usize) -> LessonView {
        LessonView {
            entry,
            item,
            doc: None,
            error: None,
            lines: Vec::new(),
            width: 0,
            scroll: 0,
            media: None,
            note: None,
            partial: false,
        }
    }

    /// The item id and course id of the lesson.
    fn ids(&self, s: &Session) -> Option<(String, String)> {
        let course = s.course(self.entry)?;
        let item = course.items.get(self.item)?;
        Some((course.id.clone(), item.id.clone()))
    }

    fn clamp(&mut self, page: usize) {
        self.scroll = clamp_scroll(self.scroll, self.lines.len() + END_LINES, page);
    }
}

/// The lesson's text arrived from the package (or why it could not).
pub fn loaded(
    v: &mut LessonView,
    s: &mut Session,
    doc: Result<Arc<Doc>, ReadError>,
) -> Vec<Effect> {
    match doc {
        Ok(doc) => v.doc = Some(doc),
        Err(e) => {
            v.error = Some(s.message("lesson-cannot-read", &[("reason", Arg::read_error(&e))]))
        }
    }
    let saved = s.course(v.entry).and_then(|c| {
        let id = &c.items.get(v.item)?.id;
        s.progress.get(&c.id)?.positions.get(id).copied()
    });
    // A long lesson: lay out what the first screen needs (up to the saved
    // place), draw it, then the rest (Action::FinishLayout).
    if let Some(doc) = v.doc.clone()
        && doc.blocks.len() >= crate::markdown::PARALLEL_BLOCKS
    {
        let through = saved.map_or(0, |(block, _)| block as usize);
        let (lines, complete) = crate::markdown::layout_prefix(
            &doc,
            s.text_width(),
            &s.labels,
            s.symbols(),
            through,
            s.page() + saved.map_or(0, |(_, offset)| offset) + 1,
        );
        v.lines = lines;
        v.width = s.text_width();
        v.partial = !complete;
    }
    let mut effects = if v.partial {
        Vec::new()
    } else {
        relayout(v, s)
    };
    // Back where the learner was.
    if let Some((block, offset)) = saved {
        v.scroll = scroll_for_anchor(&v.lines, block, offset);
    }
    effects.extend(check_read(v, s));
    effects
}

/// The reading place on view: the top line's block and lines into it.
pub fn reading_place(v: &LessonView) -> Option<(u32, usize)> {
    anchor_at(&v.lines, v.scroll)
}

/// Back at a reading place, once the lesson is laid out again.
pub fn keep_place(v: &mut LessonView, s: &Session, block: u32, offset: usize) {
    v.scroll = scroll_for_anchor(&v.lines, block, offset);
    v.clamp(s.page());
}

/// The reading place at `scroll`: the top line's block and how many lines
/// into it, which survives any change of width.
fn anchor_at(lines: &[Line], scroll: usize) -> Option<(u32, usize)> {
    let line = lines.get(scroll)?;
    let first = lines
        .iter()
        .position(|l| l.block == line.block)
        .unwrap_or(0);
    Some((line.block, scroll - first))
}

/// Where the reading place `(block, offset)` is in re-laid-out lines.
fn scroll_for_anchor(lines: &[Line], block: u32, offset: usize) -> usize {
    let first = lines.iter().position(|l| l.block >= block).unwrap_or(0);
    let len = lines
        .iter()
        .skip(first)
        .take_while(|l| l.block == block)
        .count();
    first + offset.min(len.saturating_sub(1))
}

/// Lays the lesson out again for the current width (or whole, after its
/// first screens), keeping the line at the top of the screen in view.
pub fn relayout(v: &mut LessonView, s: &mut Session) -> Vec<Effect> {
    let width = s.text_width();
    let Some(doc) = v.doc.clone() else {
        return Vec::new();
    };
    if v.width == width && !v.lines.is_empty() && !v.partial {
        return check_read(v, s);
    }
    let anchor = anchor_at(&v.lines, v.scroll);
    v.lines = layout(&doc, width, &s.labels, s.symbols());
    v.width = width;
    v.partial = false;
    if let Some((block, offset)) = anchor {
        v.scroll = scroll_for_anchor(&v.lines, block, offset);
    }
    v.clamp(s.page());
    if let Some(mut m) = v.media.take() {
        m.relayout(v, s);
        v.media = Some(m);
    }
    check_read(v, s)
}

/// Marks the lesson read once its last line has been on screen.
fn check_read(v: &LessonView, s: &mut Session) -> Vec<Effect> {
    if v.doc.is_none() || v.partial || v.scroll + s.page() < v.lines.len() {
        return Vec::new();
    }
    let Some((course, item)) = v.ids(s) else {
        return Vec::new();
    };
    if s.progress
        .get(&course)
        .is_some_and(|p| p.read.contains(&item))
    {
        return Vec::new();
    }
    vec![s.record(LearnerEvent::LessonRead { course, item })]
}

/// Keeps the reading place of the lesson (in memory and, through the
/// effect, in the store) when the learner leaves it.
pub fn remember_position(v: &LessonView, s: &mut Session) -> Vec<Effect> {
    let Some((block, offset)) = anchor_at(&v.lines, v.scroll) else {
        return Vec::new();
    };
    let Some((course, item)) = v.ids(s) else {
        return Vec::new();
    };
    let known = s
        .progress
        .get(&course)
        .and_then(|p| p.positions.get(&item))
        .copied();
    if known == Some((block, offset)) {
        return Vec::new();
    }
    vec![s.record(LearnerEvent::PositionSaved {
        course,
        item,
        block,
        offset,
    })]
}

pub fn update(v: &mut LessonView, s: &mut Session, action: Action) -> Step {
    if v.note.is_some() || matches!(action, Action::Note | Action::Bookmark) {
        let effects = notes_and_bookmarks(v, s, action);
        // The overlay lists the note and the bookmarks.
        if let Some(mut m) = v.media.take() {
            m.relayout(v, s);
            v.media = Some(m);
        }
        return Step::effects(effects);
    }
    if v.media.is_some() {
        return media::update(v, s, action);
    }
    let page = s.page().max(1);
    let leap = page.saturating_sub(1).max(1);
    let (entry, item) = (v.entry, v.item);
    match action {
        Action::Up => v.scroll = v.scroll.saturating_sub(1),
        Action::Down => v.scroll += 1,
        Action::ScrollUp => v.scroll = v.scroll.saturating_sub(3),
        Action::ScrollDown => v.scroll += 3,
        Action::PageUp => v.scroll = v.scroll.saturating_sub(leap),
        Action::PageDown | Action::Space => v.scroll += leap,
        Action::Home => v.scroll = 0,
        Action::End => v.scroll = usize::MAX,
        Action::Media => v.media = Some(MediaView::new(v, s)),
        Action::Enter => {
            // Enter reads on; at the end it says how to go on rather than
            // walk into the next item (a quiz) unasked.
            if v.scroll + page >= v.lines.len() + END_LINES || v.doc.is_none() {
                s.flash = Some(Flash::new("lesson-end-next"));
                return Step::none();
            }
            v.scroll += leap;
        }
        Action::Next | Action::Prev => {
            return Step::go(Go::Neighbour {
                entry,
                item,
                forward: action == Action::Next,
            });
        }
        Action::Back => {
            return Step::go(Go::Outline {
                entry,
                item: Some(item),
            });
        }
        _ => return Step::none(),
    }
    v.clamp(page);
    Step::effects(check_read(v, s))
}

/// The learner's own note on the lesson (`m`, then type, Enter) and
/// bookmarks on its blocks (`b` marks the block at the top of the screen).
fn notes_and_bookmarks(v: &mut LessonView, s: &mut Session, action: Action) -> Vec<Effect> {
    let Some((course, item)) = v.ids(s) else {
        return Vec::new();
    };
    if let Some(note) = &mut v.note {
        match note.edit(&action) {
            Edit::Cancel => v.note = None,
            Edit::Submit => {
                let text = note.trimmed().to_string();
                v.note = None;
                s.flash = Some(Flash::new("note-saved"));
                return vec![s.record(LearnerEvent::NoteSaved { course, item, text })];
            }
            Edit::Changed | Edit::Ignored => {}
        }
        return Vec::new();
    }
    match action {
        Action::Note => {
            let existing = s
                .progress
                .get(&course)
                .and_then(|p| p.notes.get(&item))
                .map_or("", String::as_str);
            v.note = Some(TextField::with_text(existing, limit::NOTE));
            Vec::new()
        }
        Action::Bookmark => {
            let Some(block) = v.lines.get(v.scroll).map(|l| l.block) else {
                return Vec::new();
            };
            let on = !s
                .progress
                .get(&course)
                .and_then(|p| p.bookmarks.get(&item))
                .is_some_and(|marks| marks.contains(&block));
            s.flash = Some(Flash::new(if on {
                "bookmark-set"
            } else {
                "bookmark-removed"
            }));
            vec![s.record(LearnerEvent::BookmarkToggled {
                course,
                item,
                block,
                on,
            })]
        }
        _ => Vec::new(),
    }
}
