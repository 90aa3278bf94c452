//! The overlay over a lesson (`o`): every file the lesson shows or links
//! (images first, numbered as the lesson numbers them, then the other
//! files), the learner's bookmarks, the learner's note, and the web links.
//! A digit, or Enter on the selected row, opens a file (a text file in the
//! reader here, an image or a document in the system viewer) or jumps to a
//! bookmark. Its lines are laid out when it opens and when the window
//! changes, and it scrolls within them: a long note never pushes the files
//! out of reach.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line as TLine, Span};
use ratatui::widgets::{Clear, Widget};

use super::LessonView;
use crate::markdown::TargetKind;
use crate::text::{sanitize, truncate};
use crate::tui::action::{Action, Effect};
use crate::tui::nav::Step;
use crate::tui::screens::{body, scrolled, wrap_plain};
use crate::tui::state::{Session, clamp_scroll, scroll_keys};
use crate::tui::text_field::{Edit, TextField, limit};

#[derive(Debug, Clone)]
pub struct MediaView {
    pub scroll: usize,
    lines: Vec<TLine<'static>>,
    /// What a digit or Enter acts on, in the order numbered, each with the
    /// line it is listed on.
    picks: Vec<(usize, Pick)>,
    /// The row of `picks` Enter acts on.
    pub selected: usize,
    /// A text file of the package, open in the reader.
    pub reading: Option<Reading>,
    /// Copying a file of the package out (`c`): which, and where to.
    pub copy: Option<(String, TextField)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Pick {
    /// A file of the package, by its package path.
    File(String),
    /// A bookmarked block of the lesson.
    Bookmark(u32),
}

/// A text file shown in the overlay, wrapped to it.
#[derive(Debug, Clone)]
pub struct Reading {
    pub title: String,
    text: String,
    lines: Vec<TLine<'static>>,
    pub scroll: usize,
}

/// Where the overlay sits over the body of a window `width` x `height`.
fn frame(width: u16, height: u16) -> Rect {
    let area = body(Rect::new(0, 0, width, height));
    let w = area.width.saturating_sub(8).max(20).min(area.width);
    let h = area.height.saturating_sub(2).max(5).min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + 1,
        width: w,
        height: h,
    }
}

/// The rows and columns inside the overlay's border.
fn inside(s: &Session) -> (usize, usize) {
    let r = frame(s.width, s.height);
    (
        r.height.saturating_sub(2) as usize,
        r.width.saturating_sub(2) as usize,
    )
}

impl MediaView {
    pub fn new(v: &LessonView, s: &Session) -> MediaView {
        let mut m = MediaView {
            scroll: 0,
            lines: Vec::new(),
            picks: Vec::new(),
            selected: 0,
            reading: None,
            copy: None,
        };
        m.relayout(v, s);
        m
    }

    pub fn relayout(&mut self, v: &LessonView, s: &Session) {
        let (rows, cols) = inside(s);
        let (lines, picks) = lines(v, s, cols, self.selected);
        self.lines = lines;
        self.picks = picks;
        self.selected = self.selected.min(self.picks.len().saturating_sub(1));
        self.scroll = clamp_scroll(self.scroll, self.lines.len(), rows);
        if let Some(r) = &mut self.reading {
            r.lines = text_lines(&r.text, cols);
            r.scroll = clamp_scroll(r.scroll, r.lines.len(), rows);
        }
    }

    /// Shows a text file of the package in the overlay.
    pub fn read(&mut self, s: &Session, title: String, text: String) {
        let (_, cols) = inside(s);
        self.reading = Some(Reading {
            title,
            lines: text_lines(&text, cols),
            text,
            scroll: 0,
        });
    }
}

/// A text file's lines, made safe and wrapped to `cols` (its own line
/// breaks kept: checklists are laid out by their authors).
fn text_lines(text: &str, cols: usize) -> Vec<TLine<'static>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let safe = sanitize(line.trim_end());
        if safe.is_empty() {
            out.push(TLine::raw(""));
            continue;
        }
        out.extend(wrap_plain(&safe, cols.max(4), ratatui::style::Style::new()));
    }
    out
}

/// Whether a link's target is a web address (or another scheme), not a
/// file of the package.
fn is_external(dest: &str) -> bool {
    dest.starts_with('#')
        || dest
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains('/') && scheme.len() > 1)
}

/// The package path a lesson's link names, or why it names none.
fn package_path(v: &LessonView, s: &Session, dest: &str) -> Result<String, String> {
    let base = s
        .course(v.entry)
        .and_then(|c| c.items.get(v.item))
        .map(|i| crate::course::source::parent(&i.path).to_string())
        .unwrap_or_default();
    let plain = dest.split(['#', '?']).next().unwrap_or(dest);
    let decoded = percent_encoding::percent_decode_str(plain).decode_utf8_lossy();
    crate::course::source::resolve(&base, &decoded)
}

/// The first words of a bookmarked block, as the lesson shows them.
fn block_text(v: &LessonView, block: u32) -> String {
    v.lines
        .iter()
        .filter(|l| l.block == block)
        .map(|l| l.text())
        .find(|t| !t.trim().is_empty())
        .map(|t| t.trim().to_string())
        .unwrap_or_default()
}

type Listed = (Vec<TLine<'static>>, Vec<(usize, Pick)>);

fn lines(view: &LessonView, s: &Session, iw: usize, selected: usize) -> Listed {
    let mut lines = wrap_plain(&s.t("media-help"), iw, s.theme.dim());
    let mut picks: Vec<(usize, Pick)> = Vec::new();
    let targets = view.doc.as_ref().map_or(&[][..], |d| d.targets.as_slice());
    // Images first, numbered as the lesson numbers them; then the other
    // files the lesson links, once each.
    let images = targets.iter().filter(|t| t.kind == TargetKind::Image);
    let files = targets
        .iter()
        .filter(|t| t.kind == TargetKind::Link && !is_external(&t.dest));
    let mut listed: Vec<String> = Vec::new();
    let mut unreachable = Vec::new();
    for t in images.chain(files) {
        match package_path(view, s, &t.dest) {
            Ok(path) if t.kind == TargetKind::Link && listed.contains(&path) => {}
            Ok(path) => {
                listed.push(path.clone());
                if picks.is_empty() {
                    lines.push(TLine::raw(""));
                    lines.push(TLine::styled(s.t("media-files"), s.theme.bold()));
                }
                let n = picks.len() + 1;
                let mark = if picks.len() == selected { "›" } else { " " };
                let kind = s.t(if t.kind == TargetKind::Image {
                    "media-image"
                } else {
                    "media-file"
                });
                lines.push(TLine::from(vec![
                    Span::styled(format!("{mark}{n:>2}. {kind} "), s.theme.accent()),
                    Span::raw(truncate(&sanitize(&t.text), iw.saturating_sub(14), "…")),
                ]));
                picks.push((lines.len() - 1, Pick::File(path.clone())));
                lines.push(TLine::styled(
                    format!(
                        "      {}",
                        truncate(&sanitize(&path), iw.saturating_sub(6), "…")
                    ),
                    s.theme.dim(),
                ));
            }
            Err(why) => unreachable.push((t, why)),
        }
    }
    if let Some(course) = s.course(view.entry)
        && let Some(item) = course.items.get(view.item)
        && let Some(p) = s.progress_of(course)
    {
        if let Some(marks) = p.bookmarks.get(&item.id).filter(|m| !m.is_empty()) {
            lines.push(TLine::raw(""));
            lines.push(TLine::styled(s.t("media-bookmarks"), s.theme.bold()));
            for &block in marks {
                let n = picks.len() + 1;
                let mark = if picks.len() == selected { "›" } else { " " };
                lines.push(TLine::from(vec![
                    Span::styled(format!("{mark}{n:>2}. "), s.theme.accent()),
                    Span::raw(truncate(
                        &sanitize(&block_text(view, block)),
                        iw.saturating_sub(6),
                        "…",
                    )),
                ]));
                picks.push((lines.len() - 1, Pick::Bookmark(block)));
            }
        }
        if let Some(note) = p.notes.get(&item.id) {
            lines.push(TLine::raw(""));
            lines.push(TLine::styled(s.t("media-note"), s.theme.bold()));
            lines.extend(wrap_plain(
                &sanitize(note),
                iw.saturating_sub(2),
                ratatui::style::Style::new(),
            ));
        }
    }
    let web: Vec<_> = targets
        .iter()
        .filter(|t| t.kind == TargetKind::Link && is_external(&t.dest))
        .collect();
    if !web.is_empty() {
        lines.push(TLine::raw(""));
        lines.push(TLine::styled(s.t("media-links"), s.theme.bold()));
        for t in web {
            lines.push(TLine::raw(format!(
                "   {}",
                truncate(&sanitize(&t.text), iw.saturating_sub(4), "…")
            )));
            lines.push(TLine::styled(
                format!(
                    "      {}",
                    truncate(&sanitize(&t.dest), iw.saturating_sub(6), "…")
                ),
                s.theme.dim(),
            ));
        }
    }
    for (t, why) in unreachable {
        lines.push(TLine::styled(
            format!(
                "   {}: {}",
                truncate(&sanitize(&t.dest), iw.saturating_sub(8) / 2, "…"),
                sanitize(&why)
            ),
            s.theme.dim(),
        ));
    }
    if targets.is_empty() && picks.is_empty() {
        lines.push(TLine::raw(""));
        lines.push(TLine::raw(s.t("media-none")));
    }
    (lines, picks)
}

/// Keys while the overlay is open: a digit (or Enter on the selected row)
/// opens that file or jumps to that bookmark; Up and Down select; the
/// other scrolling keys scroll; Esc or `o` close it (or the reader).
pub fn update(v: &mut LessonView, s: &mut Session, action: Action) -> Step {
    let (rows, _) = inside(s);
    let Some(mut m) = v.media.take() else {
        return Step::none();
    };
    if let Some((path, to)) = &mut m.copy {
        match to.edit(&action) {
            Edit::Cancel => m.copy = None,
            Edit::Submit if !to.trimmed().is_empty() => {
                let effect = Effect::CopyFile {
                    entry: v.entry,
                    path: path.clone(),
                    to: to.trimmed().to_string(),
                };
                m.copy = None;
                v.media = Some(m);
                return Step::effects(vec![effect]);
            }
            Edit::Submit | Edit::Changed | Edit::Ignored => {}
        }
        v.media = Some(m);
        return Step::none();
    }
    if let Some(r) = &mut m.reading {
        match action {
            Action::Back | Action::Media | Action::Enter => m.reading = None,
            _ => {
                scroll_keys(&mut r.scroll, &action, r.lines.len(), rows);
            }
        }
        v.media = Some(m);
        return Step::none();
    }
    let pick = match action {
        Action::Back | Action::Media => return Step::none(),
        Action::Enter if m.picks.is_empty() => return Step::none(),
        // Up and Down move the selection while there is a row to move to,
        // then scroll (past a long note, to the links below).
        Action::Up | Action::Down
            if (action == Action::Up && m.selected > 0)
                || (action == Action::Down && m.selected + 1 < m.picks.len()) =>
        {
            m.selected = if action == Action::Up {
                m.selected - 1
            } else {
                m.selected + 1
            };
            let line = m.picks.get(m.selected).map_or(0, |(l, _)| *l);
            // The selected row stays in view.
            if line < m.scroll + 1 {
                m.scroll = line.saturating_sub(1);
            } else if line + 2 > m.scroll + rows {
                m.scroll = (line + 2).saturating_sub(rows);
            }
            None
        }
        Action::Enter => m.picks.get(m.selected).map(|(_, p)| p.clone()),
        // `c`: the selected file copied to a folder the learner chooses
        // (what Slate never opens, a script or a program, is still theirs).
        Action::Continue => {
            if let Some((_, Pick::File(path))) = m.picks.get(m.selected) {
                let name = path.rsplit('/').next().unwrap_or(path);
                let dir = &s.export_dir;
                let to = if dir.is_empty() {
                    name.to_string()
                } else {
                    format!("{}/{name}", dir.trim_end_matches('/'))
                };
                m.copy = Some((path.clone(), TextField::with_text(&to, limit::PATH)));
            }
            None
        }
        Action::Digit(d) => {
            let i = usize::from(d).saturating_sub(1);
            let pick = m.picks.get(i).map(|(_, p)| p.clone());
            if pick.is_some() {
                m.selected = i;
            }
            pick
        }
        _ => {
            scroll_keys(&mut m.scroll, &action, m.lines.len(), rows);
            None
        }
    };
    // The selection mark moves with the selection.
    m.relayout(v, s);
    match pick {
        Some(Pick::File(path)) => {
            v.media = Some(m);
            Step::effects(vec![Effect::OpenFile {
                entry: v.entry,
                path,
                lang: s
                    .course(v.entry)
                    .map(|c| s.content_lang(c).to_string())
                    .unwrap_or_default(),
            }])
        }
        Some(Pick::Bookmark(block)) => {
            if let Some(at) = v.lines.iter().position(|l| l.block == block) {
                v.scroll = at;
                v.clamp(s.page());
            }
            Step::none()
        }
        None => {
            v.media = Some(m);
            Step::none()
        }
    }
}

/// A text file the loop read for [`Effect::OpenFile`]: shown in the reader.
pub fn file_read(v: &mut LessonView, s: &Session, path: String, text: String) {
    if let Some(m) = &mut v.media {
        m.read(s, path, text);
    }
}

pub fn draw(buf: &mut Buffer, s: &Session, m: &MediaView) {
    let r = frame(s.width, s.height);
    Clear.render(r, buf);
    let (title, lines, scroll) = match &m.reading {
        Some(reading) => (
            format!(
                "{} · {}",
                sanitize(&reading.title),
                s.t("media-reader-close")
            ),
            &reading.lines,
            reading.scroll,
        ),
        None => (s.t("media-title"), &m.lines, m.scroll),
    };
    let block = s.theme.overlay(title);
    let inner = block.inner(r);
    block.render(r, buf);
    scrolled(buf, inner, lines, scroll);
    crate::tui::screens::more_below(buf, inner, s, lines.len(), scroll);
    if let Some((_, to)) = &m.copy {
        let whole = Rect::new(0, 0, s.width, s.height);
        crate::tui::screens::text_field(buf, whole, s, &s.t("media-copy-prompt"), to);
    }
}
