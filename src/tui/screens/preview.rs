//! What `slate preview` adds to the player: the package read again on
//! every save, the learner kept at the same reading place or question,
//! the package's problems in a panel, and the answer-key view.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line as TLine;

use crate::course::library::Entry;
use crate::course::{Answer, Course, ItemKind, Quiz};
use crate::text::{sanitize, truncate};
use crate::tui::action::{Action, Effect};
use crate::tui::nav::{self, Go};
use crate::tui::state::{Problem, Screen, Session, State};

/// Where the learner was when the package changed, to be there again.
#[derive(Debug, Clone, PartialEq)]
pub enum Keep {
    /// The lesson's reading place: the top line's block, and lines into it.
    Lesson(u32, usize),
    /// The question on view, by id.
    Question(String),
}

/// The package was read again: the entry replaced, the screen on the same
/// item (found by id, since items may have moved) and place.
pub fn reloaded(s: &mut State, entry: usize, now: Entry, problems: Vec<Problem>) -> Vec<Effect> {
    let at = where_now(s, entry);
    // Leaving is recorded against the course as it was.
    let mut effects = nav::leave(s);
    let Some(slot) = s.session.entries.get_mut(entry) else {
        return effects;
    };
    *slot = now;
    if let Some(p) = &mut s.session.preview {
        p.problems = problems;
        p.reloads += 1;
    }
    let Some(course) = s.session.course(entry).cloned() else {
        // The course cannot be opened as it is: the library says why, and
        // the panel lists every problem, until a save mends it and the
        // learner is back where they were.
        if let Some(p) = &mut s.session.preview
            && at.is_some()
        {
            p.parked = at;
        }
        s.screen = Screen::Library;
        return effects;
    };
    let at = match (at, &s.screen) {
        (Some(at), _) => Some(at),
        (None, Screen::Library) => s.session.preview.as_mut().and_then(|p| p.parked.take()),
        (None, _) => None,
    };
    let index = |id: &str| course.items.iter().position(|i| i.id == id);
    match at {
        Some((item, keep)) => match index(&item) {
            Some(i)
                if !matches!(
                    course.items.get(i).map(|i| &i.kind),
                    Some(ItemKind::Unavailable(_))
                ) =>
            {
                if let Some(p) = &mut s.session.preview {
                    p.keep = keep.clone();
                }
                effects.extend(nav::go(s, Go::Item { entry, item: i }));
                if let (Some(Keep::Question(qid)), Screen::Quiz(v)) = (&keep, &mut s.screen) {
                    super::quiz::show_question(v, &s.session, qid);
                }
            }
            other => effects.extend(nav::go(s, Go::Outline { entry, item: other })),
        },
        None => {
            let selected = match &s.screen {
                Screen::Outline(v) => Some(v.selected),
                _ => None,
            };
            effects.extend(nav::go(s, Go::Outline { entry, item: None }));
            if let (Some(sel), Screen::Outline(v)) = (selected, &mut s.screen) {
                let rows = super::outline::rows(&course).len();
                v.selected = sel.min(rows.saturating_sub(1));
            }
        }
    }
    effects
}

/// The item on view (by id) and the place in it, when a lesson or a quiz
/// of `entry` is.
fn where_now(s: &State, entry: usize) -> Option<(String, Option<Keep>)> {
    let course = s.session.course(entry)?;
    let (item, keep) = match &s.screen {
        Screen::Lesson(v) if v.entry == entry => (
            v.item,
            super::lesson::reading_place(v).map(|(b, o)| Keep::Lesson(b, o)),
        ),
        Screen::Quiz(v) if v.entry == entry => (
            v.item,
            super::quiz::current(&s.session, v).map(|c| Keep::Question(c.question.id.clone())),
        ),
        Screen::QuizStart(v) if v.entry == entry => (v.item, None),
        Screen::Results(v) if v.entry == entry => (v.item, None),
        _ => return None,
    };
    Some((course.items.get(item)?.id.clone(), keep))
}

/// `a`: the answer-key view opens (on a quiz, its start page or results,
/// or a quiz selected in the outline), and closes.
pub fn toggle_key(s: &mut State) {
    let Some(p) = &mut s.session.preview else {
        return;
    };
    if p.key.is_some() {
        p.key = None;
    } else if quiz_at_hand(s).is_some() {
        if let Some(p) = &mut s.session.preview {
            p.key = Some(0);
        }
    } else {
        s.session.flash = Some(crate::tui::state::Flash::new("preview-no-quiz"));
    }
}

/// The answer-key view has the keys: it scrolls, and Esc or `a` closes it.
pub fn key_update(s: &mut State, action: &Action) -> bool {
    let Some(top) = s.session.preview.as_ref().and_then(|p| p.key) else {
        return false;
    };
    let width = s.session.width.saturating_sub(2) as usize;
    let lines = quiz_at_hand(s).map_or(0, |(sess, course, quiz)| {
        key_lines(sess, course, quiz, width).len()
    });
    let page = s.session.page();
    let next = match action {
        Action::Up | Action::ScrollUp => Some(top.saturating_sub(1)),
        Action::Down | Action::ScrollDown => Some(top + 1),
        Action::PageUp => Some(top.saturating_sub(page)),
        Action::PageDown | Action::Space => Some(top + page),
        Action::Home => Some(0),
        Action::End => Some(usize::MAX),
        Action::Back | Action::AnswerKey => None,
        // Quit, help and a resize are the player's own.
        _ => return false,
    };
    if let Some(p) = &mut s.session.preview {
        p.key = next.map(|n| n.min(lines.saturating_sub(page)));
    }
    true
}

fn quiz_at_hand(s: &State) -> Option<(&Session, &Course, &Quiz)> {
    let (entry, item) = match &s.screen {
        Screen::Quiz(v) => (v.entry, v.item),
        Screen::QuizStart(v) => (v.entry, v.item),
        Screen::Results(v) => (v.entry, v.item),
        Screen::Outline(v) => {
            let course = s.session.course(v.entry)?;
            match super::outline::rows(course).get(v.selected)? {
                super::outline::Row::Item(i) => (v.entry, *i),
                super::outline::Row::Module(_) | super::outline::Row::Results => return None,
            }
        }
        _ => return None,
    };
    let (course, quiz) = s.session.quiz_of(entry, item)?;
    (!quiz.lazy).then_some((&s.session, course.as_ref(), quiz))
}

/// The answer key as plain lines of at most `width` columns: each
/// question, its right answer, each choice's feedback, the explanation.
fn key_lines(s: &Session, course: &Course, quiz: &Quiz, width: usize) -> Vec<(String, bool)> {
    let lang = s.content_lang(course);
    let width = width.max(20);
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut push = |text: &str, title: bool, indent: usize| {
        if text.is_empty() {
            out.push((String::new(), false));
            return;
        }
        let pieces = super::wrap_plain(
            &sanitize(text),
            width.saturating_sub(indent),
            ratatui::style::Style::new(),
        );
        for l in pieces {
            let t: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            out.push((format!("{}{t}", " ".repeat(indent)), title));
        }
    };
    let right = s.t("key-right");
    let wrong = s.t("key-wrong");
    for (n, q) in quiz.questions.iter().enumerate() {
        push(
            &format!("{}. [{}] {}", n + 1, q.id, q.prompt.get(lang)),
            true,
            0,
        );
        match &q.answer {
            Answer::Single { choices } | Answer::Multiple { choices, .. } => {
                for c in choices {
                    let mark = match c.credit {
                        // Format 2: what the choice is worth, as a share.
                        Some(credit) => format!("[{}%]", (credit * 100.0).round()),
                        None if c.correct => right.clone(),
                        None => wrong.clone(),
                    };
                    push(&format!("{mark} {}", c.text.get(lang)), false, 2);
                    if let Some(f) = &c.feedback {
                        push(&format!("→ {}", f.get(lang)), false, 6);
                    }
                }
            }
            Answer::TrueFalse {
                answer,
                feedback_true,
                feedback_false,
            } => {
                let word = if *answer {
                    s.t("quiz-true")
                } else {
                    s.t("quiz-false")
                };
                push(&format!("{right} {word}"), false, 2);
                for (value, f) in [(true, feedback_true), (false, feedback_false)] {
                    if let Some(f) = f {
                        let word = if value {
                            s.t("quiz-true")
                        } else {
                            s.t("quiz-false")
                        };
                        push(&format!("{word} → {}", f.get(lang)), false, 6);
                    }
                }
            }
            Answer::Text {
                accept, accepted, ..
            } => {
                // The full-credit `accepted` answers are among `accept`
                // too: each is shown once, with its credit.
                let all: Vec<&str> = accept
                    .iter()
                    .filter(|t| !accepted.iter().any(|a| a.value == **t))
                    .flat_map(|t| t.variants())
                    .collect();
                if !all.is_empty() {
                    push(&format!("{right} {}", all.join(" | ")), false, 2);
                }
                for a in accepted {
                    let all: Vec<&str> = a.value.variants().collect();
                    push(
                        &format!("[{}%] {}", (a.credit * 100.0).round(), all.join(" | ")),
                        false,
                        2,
                    );
                    if let Some(f) = &a.feedback {
                        push(&format!("→ {}", f.get(lang)), false, 6);
                    }
                }
            }
            Answer::Number {
                answer,
                tolerance,
                accepted,
            } => {
                let range = |answer: f64, tolerance: f64| {
                    if tolerance > 0.0 {
                        format!("{answer} ± {tolerance}")
                    } else {
                        format!("{answer}")
                    }
                };
                // With `accepted`, the key is the first full-credit one.
                if accepted.is_empty() {
                    push(&format!("{right} {}", range(*answer, *tolerance)), false, 2);
                }
                for a in accepted {
                    let r = range(a.value.answer, a.value.tolerance);
                    push(&format!("[{}%] {r}", (a.credit * 100.0).round()), false, 2);
                    if let Some(f) = &a.feedback {
                        push(&format!("→ {}", f.get(lang)), false, 6);
                    }
                }
            }
            Answer::Order { items } => {
                for (i, it) in items.iter().enumerate() {
                    push(&format!("{}. {}", i + 1, it.get(lang)), false, 2);
                }
            }
            Answer::Match { pairs } => {
                for (l, r) in pairs {
                    push(&format!("{} → {}", l.get(lang), r.get(lang)), false, 2);
                }
            }
        }
        if let Some(e) = &q.explanation {
            push(
                &format!("{}: {}", s.t("key-explanation"), e.get(lang)),
                false,
                2,
            );
        }
        push("", false, 0);
    }
    out
}

/// The answer-key view over the screen's body.
pub fn draw_key(buf: &mut Buffer, area: Rect, state: &State) {
    let Some(top) = state.session.preview.as_ref().and_then(|p| p.key) else {
        return;
    };
    let Some((s, course, quiz)) = quiz_at_hand(state) else {
        return;
    };
    let b = super::body(area);
    let w = b.width as usize;
    for y in b.y..b.y + b.height {
        buf.set_line(b.x, y, &TLine::from(" ".repeat(w)), b.width);
    }
    let title = s.t("key-title");
    buf.set_line(
        b.x,
        b.y,
        &TLine::styled(truncate(&format!(" {title}"), w, "…"), s.theme.title()),
        b.width,
    );
    let lines = key_lines(s, course, quiz, w.saturating_sub(2));
    for (k, (text, bold)) in lines
        .iter()
        .skip(top)
        .take(b.height.saturating_sub(1) as usize)
        .enumerate()
    {
        let style = if *bold {
            s.theme.bold()
        } else {
            ratatui::style::Style::new()
        };
        buf.set_line(
            b.x,
            b.y + 1 + k as u16,
            &TLine::styled(format!(" {text}"), style),
            b.width,
        );
    }
}

/// How many rows the problems panel takes at the foot of the body.
pub const PANEL_ROWS: u16 = 5;

/// The package's problems, at the foot of the body: a title line saying
/// how saves are noticed and how many problems there are, then the first
/// ones (`file:line: message`).
pub fn draw_panel(buf: &mut Buffer, area: Rect, s: &Session) {
    let Some(p) = &s.preview else {
        return;
    };
    let b = super::body(area);
    let w = b.width as usize;
    // The title line always, saying how saves are noticed; the problems
    // under it while there are any.
    let rows = if p.problems.is_empty() {
        1
    } else {
        PANEL_ROWS.min(b.height / 2).max(2)
    };
    let y0 = b.y + b.height - rows;
    let errors = p.problems.iter().filter(|x| x.error).count();
    let head = s.t_args(
        "preview-status",
        &[
            ("errors", errors.into()),
            ("warnings", (p.problems.len() - errors).into()),
            ("watching", p.watching.as_str().into()),
        ],
    );
    let rule = if s.theme.symbols.ascii { "-" } else { "─" };
    let head = format!("{rule}{rule} {head} ");
    let fill = w.saturating_sub(crate::text::width(&head));
    buf.set_line(
        b.x,
        y0,
        &TLine::styled(
            truncate(&format!("{head}{}", rule.repeat(fill)), w, "…"),
            s.theme.dim(),
        ),
        b.width,
    );
    for (k, pr) in p.problems.iter().take(rows as usize - 1).enumerate() {
        let line = format!(" {}: {}", pr.place, pr.message);
        let style = if pr.error {
            s.theme.bad()
        } else {
            s.theme.accent()
        };
        buf.set_line(
            b.x,
            y0 + 1 + k as u16,
            &TLine::styled(format!("{:w$}", truncate(&sanitize(&line), w, "…")), style),
            b.width,
        );
    }
}
