//! The help overlay: every key of the screen under it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line as TLine;
use ratatui::widgets::{Clear, Widget};

use super::wrap_plain;
use crate::course::AnswerForm;
use crate::tui::state::{Screen, Session};

/// The message ids of the keys that work on the screen on view.
pub fn keys(s: &Session, screen: &Screen) -> Vec<&'static str> {
    let mut k: Vec<&'static str> = match screen {
        Screen::Learners(v) if v.form.is_some() => vec!["key-type", "key-submit", "key-back"],
        Screen::Learners(_) => vec!["key-move", "key-open"],
        Screen::Library => vec!["key-move", "key-open", "key-continue"],
        Screen::Outline(_) => vec!["key-move", "key-open", "key-continue", "key-back"],
        Screen::Lesson(v) if v.note.is_some() => vec!["key-type", "key-submit", "key-back"],
        Screen::Lesson(v) if v.media.is_some() => vec!["key-media-keys", "key-scroll"],
        Screen::Lesson(_) => vec![
            "key-page",
            "key-scroll",
            "key-move",
            "key-next-prev",
            "key-media",
            "key-bookmark",
            "key-note",
            "key-back",
        ],
        Screen::Quiz(v) => {
            let typed = super::quiz::current(s, v)
                .is_some_and(|c| c.question.answer.form() == AnswerForm::Typed);
            let mut k = if typed {
                vec!["key-type"]
            } else {
                vec!["key-choose", "key-move"]
            };
            k.extend(["key-submit", "key-hint", "key-next-prev", "key-back"]);
            k
        }
        Screen::QuizStart(_) => vec!["key-scroll", "key-start", "key-next-prev", "key-back"],
        Screen::Results(_) => vec![
            "key-scroll",
            "key-retry",
            "key-open",
            "key-next-prev",
            "key-back",
        ],
        Screen::CourseResults(_) => {
            vec!["key-scroll", "key-continue", "key-export", "key-back"]
        }
    };
    // `slate preview`: the answer key of the quiz at hand.
    if s.preview.is_some()
        && matches!(
            screen,
            Screen::Outline(_) | Screen::Quiz(_) | Screen::QuizStart(_) | Screen::Results(_)
        )
    {
        k.push("key-answer-key");
    }
    k.extend(["key-mouse", "key-help", "key-quit"]);
    k
}

pub fn draw(buf: &mut Buffer, area: Rect, s: &Session, screen: &Screen) {
    let ids = keys(s, screen);
    let w = area.width.saturating_sub(6).clamp(20, 70).min(area.width);
    let inner_w = w.saturating_sub(4) as usize;
    let mut lines: Vec<TLine<'static>> = Vec::new();
    for id in &ids {
        lines.extend(wrap_plain(&s.t(id), inner_w, ratatui::style::Style::new()));
    }
    lines.push(TLine::raw(""));
    lines.extend(wrap_plain(&s.t("help-close"), inner_w, s.theme.dim()));
    let h = (lines.len() as u16 + 2).min(area.height);
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    Clear.render(r, buf);
    let block = s.theme.overlay(s.t("help-title"));
    let inner = block.inner(r);
    block.render(r, buf);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(1),
        ..inner
    };
    super::scrolled(buf, inner, &lines, 0);
}
