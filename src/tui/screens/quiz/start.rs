//! A quiz's start page: what the quiz is (questions, points, pass mark,
//! attempts used and left, when feedback comes) before any attempt exists.
//! Only a key here starts an attempt: opening a quiz from the outline, by
//! `n`, or by reopening the course never does.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line as TLine;

use crate::course::{FeedbackMode, Quiz};
use crate::tui::action::Action;
use crate::tui::nav::{Go, Step};
use crate::tui::screens::{body, footer, header, indent, percent, points, wrap_plain};
use crate::tui::state::{Flash, Session, clamp_scroll, geometry, scroll_keys};

#[derive(Debug, Clone)]
pub struct QuizStartView {
    pub entry: usize,
    pub item: usize,
    pub scroll: usize,
    lines: Vec<TLine<'static>>,
}

impl QuizStartView {
    pub fn new(s: &Session, entry: usize, item: usize) -> QuizStartView {
        let mut v = QuizStartView {
            entry,
            item,
            scroll: 0,
            lines: Vec::new(),
        };
        v.relayout(s);
        v
    }

    /// The page's lines, as laid out for the window.
    pub fn lines(&self) -> &[TLine<'static>] {
        &self.lines
    }

    pub fn relayout(&mut self, s: &Session) {
        self.lines = lines(s, self.entry, self.item);
        self.scroll = clamp_scroll(self.scroll, self.lines.len(), s.page());
    }
}

/// Attempts used at the quiz, and how many are left (`None`: no limit).
pub fn attempts(s: &Session, entry: usize, item: usize) -> (u32, Option<u32>) {
    let Some((course, quiz)) = s.quiz_of(entry, item) else {
        return (0, Some(0));
    };
    let used = s
        .progress_of(course)
        .zip(course.items.get(item))
        .map_or(0, |(p, it)| p.attempts_used(&it.id));
    let left = (quiz.max_attempts > 0).then(|| quiz.max_attempts.saturating_sub(used));
    (used, left)
}

pub fn update(v: &mut QuizStartView, s: &mut Session, action: Action) -> Step {
    let (entry, item) = (v.entry, v.item);
    if scroll_keys(&mut v.scroll, &action, v.lines.len(), s.page()) {
        return Step::none();
    }
    match action {
        // Enter only: Space scrolls here, as on every page that scrolls.
        Action::Enter => {
            if attempts(s, entry, item).1 == Some(0) {
                s.flash = Some(Flash::new("quiz-start-none-left"));
                return Step::none();
            }
            Step::go(Go::Start { entry, item })
        }
        Action::Next | Action::Prev => Step::go(Go::Neighbour {
            entry,
            item,
            forward: action == Action::Next,
        }),
        Action::Back => Step::go(Go::Outline {
            entry,
            item: Some(item),
        }),
        _ => Step::none(),
    }
}

fn feedback_mode(s: &Session, quiz: &Quiz) -> String {
    s.t(match quiz.feedback {
        FeedbackMode::Immediate => "quiz-start-feedback-immediate",
        FeedbackMode::End => "quiz-start-feedback-end",
    })
}

fn lines(s: &Session, entry: usize, item: usize) -> Vec<TLine<'static>> {
    let Some((_, quiz)) = s.quiz_of(entry, item) else {
        return Vec::new();
    };
    let w = s.text_width();
    let margin = geometry::margin(s.width, w);
    let total: f64 = quiz.questions.iter().map(|q| q.points).sum();
    let (used, left) = attempts(s, entry, item);
    let mut out: Vec<TLine<'static>> = Vec::new();
    let mut say = |text: String, style| out.extend(wrap_plain(&text, w, style));
    say(
        s.t_args(
            "quiz-start-questions",
            &[
                ("count", quiz.questions.len().into()),
                ("points", points(total).into()),
            ],
        ),
        s.theme.bold(),
    );
    say(
        s.t_args(
            "quiz-start-pass",
            &[("percent", percent(quiz.pass_score).into())],
        ),
        ratatui::style::Style::new(),
    );
    let attempts = match left {
        None => s.t_args("quiz-start-attempts-unlimited", &[("used", used.into())]),
        Some(left) => s.t_args(
            "quiz-start-attempts",
            &[("used", used.into()), ("left", left.into())],
        ),
    };
    say(attempts, ratatui::style::Style::new());
    say(feedback_mode(s, quiz), ratatui::style::Style::new());
    say(String::new(), ratatui::style::Style::new());
    if left == Some(0) {
        say(
            s.t_args("quiz-no-attempts", &[("count", quiz.max_attempts.into())]),
            s.theme.dim(),
        );
    } else {
        say(
            s.t_args("quiz-start-key", &[("n", (used + 1).into())]),
            s.theme.accent(),
        );
    }
    indent(out, margin)
}

pub fn draw(buf: &mut Buffer, area: Rect, s: &Session, v: &QuizStartView) {
    let title = s
        .quiz_of(v.entry, v.item)
        .map(|(course, quiz)| quiz.title.get(s.content_lang(course)))
        .unwrap_or_default();
    header(buf, area, s, title, "");
    crate::tui::screens::scrolled(buf, body(area), &v.lines, v.scroll);
    crate::tui::screens::more_below(buf, body(area), s, v.lines.len(), v.scroll);
    footer(buf, area, s, &s.t("bar-quiz-start"));
}
