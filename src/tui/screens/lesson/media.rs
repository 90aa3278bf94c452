//! The overlay over a lesson listing its images (a digit opens one in the
//! system viewer) and links, with the learner's note and bookmarks. Its
//! lines are laid out when it opens and when the window changes, and it
//! scrolls within them: a long note never pushes the links out of reach.

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
use crate::tui::state::{Flash, Session, clamp_scroll, scroll_keys};

#[derive(Debug, Clone)]
pub struct MediaView {
    pub scroll: usize,
    lines: Vec<TLine<'static>>,
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
        };
        m.relayout(v, s);
        m
    }

    pub fn relayout(&mut self, v: &LessonView, s: &Session) {
        let (rows, cols) = inside(s);
        self.lines = lines(v, s, cols);
        self.scroll = clamp_scroll(self.scroll, self.lines.len(), rows);
    }
}

fn lines(view: &LessonView, s: &Session, iw: usize) -> Vec<TLine<'static>> {
    let mut lines = wrap_plain(&s.t("media-help"), iw, s.theme.dim());
    lines.push(TLine::raw(""));
    if let Some(course) = s.course(view.entry)
        && let Some(item) = course.items.get(view.item)
        && let Some(p) = s.progress_of(course)
    {
        if let Some(note) = p.notes.get(&item.id) {
            lines.push(TLine::styled(s.t("media-note"), s.theme.bold()));
            lines.extend(wrap_plain(
                note,
                iw.saturating_sub(2),
                ratatui::style::Style::new(),
            ));
            lines.push(TLine::raw(""));
        }
        if let Some(marks) = p.bookmarks.get(&item.id).filter(|m| !m.is_empty()) {
            lines.push(TLine::styled(s.t("media-bookmarks"), s.theme.bold()));
            for block in marks {
                let first = view
                    .lines
                    .iter()
                    .find(|l| l.block == *block)
                    .map(|l| l.text())
                    .unwrap_or_default();
                lines.push(TLine::raw(format!(
                    "  {}",
                    truncate(first.trim(), iw.saturating_sub(4), "…")
                )));
            }
            lines.push(TLine::raw(""));
        }
    }
    let targets = view.doc.as_ref().map_or(&[][..], |d| d.targets.as_slice());
    if targets.is_empty() {
        lines.push(TLine::raw(s.t("media-none")));
    }
    let mut image_n = 0;
    for t in targets {
        let label = match t.kind {
            TargetKind::Image => {
                image_n += 1;
                format!("{image_n}. {} ", s.t("media-image"))
            }
            TargetKind::Link => format!("·  {} ", s.t("media-link")),
        };
        let text = sanitize(&t.text).into_owned();
        let dest = sanitize(&t.dest).into_owned();
        lines.push(TLine::from(vec![
            Span::styled(label, s.theme.accent()),
            Span::raw(truncate(&text, iw.saturating_sub(12), "…")),
        ]));
        lines.push(TLine::styled(
            format!("      {}", truncate(&dest, iw.saturating_sub(6), "…")),
            s.theme.dim(),
        ));
    }
    lines
}

/// Keys while the overlay is open: a digit opens that image, the scrolling
/// keys scroll, Esc, `o` or Enter close it.
pub fn update(v: &mut LessonView, s: &mut Session, action: Action) -> Step {
    let (rows, _) = inside(s);
    let Some(m) = &mut v.media else {
        return Step::none();
    };
    if scroll_keys(&mut m.scroll, &action, m.lines.len(), rows) {
        return Step::none();
    }
    match action {
        Action::Back | Action::Media | Action::Enter => v.media = None,
        Action::Digit(d) => {
            let image = v
                .doc
                .iter()
                .flat_map(|d| d.targets.iter())
                .filter(|t| t.kind == TargetKind::Image)
                .nth(usize::from(d).saturating_sub(1));
            if let Some(target) = image {
                let dest = &target.dest;
                let base = s
                    .course(v.entry)
                    .and_then(|c| c.items.get(v.item))
                    .map(|i| crate::course::source::parent(&i.path).to_string())
                    .unwrap_or_default();
                let plain = dest.split(['#', '?']).next().unwrap_or(dest);
                let decoded = percent_encoding::percent_decode_str(plain).decode_utf8_lossy();
                match crate::course::source::resolve(&base, &decoded) {
                    Ok(path) => {
                        return Step::effects(vec![Effect::OpenFile {
                            entry: v.entry,
                            path,
                        }]);
                    }
                    Err(why) => {
                        s.flash = Some(
                            Flash::new("media-cannot-open")
                                .with("path", dest.clone())
                                .with("reason", why),
                        );
                    }
                }
            }
        }
        _ => {}
    }
    Step::none()
}

pub fn draw(buf: &mut Buffer, s: &Session, m: &MediaView) {
    let r = frame(s.width, s.height);
    Clear.render(r, buf);
    let block = s.theme.overlay(s.t("media-title"));
    let inner = block.inner(r);
    block.render(r, buf);
    scrolled(buf, inner, &m.lines, m.scroll);
}
