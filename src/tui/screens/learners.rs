//! Who is studying: several teachers share one machine. No passwords (this
//! is not a security boundary), but each sees only their own progress.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line as TLine, Span};

use super::{body, footer, header, wrap_plain};
use crate::store::Elsewhere;
use crate::text::{sanitize, truncate};
use crate::tui::action::{Action, Effect};
use crate::tui::nav::Step;
use crate::tui::state::{Flash, Session, geometry};
use crate::tui::text_field::{Edit, TextField, limit};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LearnersView {
    /// The row highlighted: a learner, or "new learner" after them.
    pub selected: usize,
    pub form: Option<LearnerForm>,
    /// The learner chosen studies in another Slate: wait, or read-only.
    pub busy: Option<Busy>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    pub name: String,
    pub email: Option<String>,
    pub elsewhere: Elsewhere,
    /// Trying again every second until the other Slate lets them go.
    pub waiting: bool,
}

/// The form for a new learner: a name, then an optional email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnerForm {
    pub name: TextField,
    pub email: TextField,
    pub field: FormField,
    /// The name typed is a learner's already: open them, or type another.
    pub existing: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    Name,
    Email,
}

impl Default for LearnerForm {
    fn default() -> LearnerForm {
        LearnerForm {
            name: TextField::new(limit::NAME),
            email: TextField::new(limit::EMAIL),
            field: FormField::Name,
            existing: None,
        }
    }
}

pub fn update(v: &mut LearnersView, s: &mut Session, action: Action) -> Step {
    if let Some(busy) = &mut v.busy {
        let choose = |busy: &Busy, read_only: bool| {
            Step::effects(vec![Effect::ChooseLearner {
                name: busy.name.clone(),
                email: busy.email.clone(),
                read_only,
            }])
        };
        return match action {
            Action::Enter => {
                busy.waiting = true;
                choose(busy, false)
            }
            Action::Tick if busy.waiting => choose(busy, false),
            Action::Retry => choose(busy, true),
            Action::Back => {
                v.busy = None;
                Step::none()
            }
            _ => Step::none(),
        };
    }
    if let Some(form) = &mut v.form {
        // A name that is taken: the teacher chooses, nothing is merged.
        if let Some(name) = &form.existing {
            match action {
                Action::Enter => {
                    return Step::effects(vec![Effect::ChooseLearner {
                        name: name.clone(),
                        email: None,
                        read_only: false,
                    }]);
                }
                Action::Back => form.existing = None,
                _ => {}
            }
            return Step::none();
        }
        let field = match form.field {
            FormField::Name => &mut form.name,
            FormField::Email => &mut form.email,
        };
        match field.edit(&action) {
            Edit::Cancel => v.form = None,
            Edit::Submit if form.name.trimmed().is_empty() => {
                s.flash = Some(Flash::new("learners-name-needed"));
            }
            Edit::Submit if form.field == FormField::Name => {
                // "lan" is taken when "Lan" is there: one teacher, asked.
                let typed = crate::text::nfc(form.name.trimmed()).to_lowercase();
                match s
                    .learners
                    .iter()
                    .find(|l| crate::text::nfc(l.trim()).to_lowercase() == typed)
                {
                    Some(existing) => form.existing = Some(existing.clone()),
                    None => form.field = FormField::Email,
                }
            }
            Edit::Submit if !looks_like_email(form.email.trimmed()) => {
                s.flash = Some(Flash::new("learners-email-invalid"));
            }
            Edit::Submit => {
                let name = form.name.trimmed().to_string();
                let email = Some(form.email.trimmed().to_string()).filter(|e| !e.is_empty());
                return Step::effects(vec![Effect::ChooseLearner {
                    name,
                    email,
                    read_only: false,
                }]);
            }
            Edit::Changed | Edit::Ignored => {}
        }
        return Step::none();
    }
    let rows = s.learners.len() + 1;
    let choose = |name: &String| {
        Step::effects(vec![Effect::ChooseLearner {
            name: name.clone(),
            email: None,
            read_only: false,
        }])
    };
    match action {
        Action::Up => v.selected = v.selected.saturating_sub(1),
        Action::Down => v.selected = (v.selected + 1).min(rows - 1),
        Action::Home => v.selected = 0,
        Action::End => v.selected = rows - 1,
        Action::Click { row, .. } if row >= geometry::HEADER => {
            let i = usize::from(row - geometry::HEADER) + top(s, v.selected);
            if i < rows {
                v.selected = i;
            }
        }
        Action::Digit(d) => {
            if let Some(name) = usize::from(d)
                .checked_sub(1)
                .and_then(|i| s.learners.get(i))
            {
                return choose(name);
            }
        }
        Action::Enter => match s.learners.get(v.selected) {
            Some(name) => return choose(name),
            None => v.form = Some(LearnerForm::default()),
        },
        _ => {}
    }
    Step::none()
}

/// The first learner row shown, so that the selected one is on screen.
fn top(s: &Session, selected: usize) -> usize {
    let fit = s.page().max(1);
    selected.saturating_sub(fit - 1)
}

/// Empty (the email is optional), or one `@` between a name and a domain
/// with a dot, and no spaces: a typo caught before it reaches a record.
fn looks_like_email(e: &str) -> bool {
    if e.is_empty() {
        return true;
    }
    let Some((user, domain)) = e.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.contains("..")
        && !e.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A note under the list or the form, wrapped and indented to its text.
fn note_lines(text: &str, w: usize, style: ratatui::style::Style) -> Vec<TLine<'static>> {
    wrap_plain(text, w.saturating_sub(6), style)
        .into_iter()
        .map(|l| {
            let mut spans = vec![Span::raw("   ")];
            spans.extend(l.spans);
            TLine::from(spans)
        })
        .collect()
}

pub fn draw(buf: &mut Buffer, area: Rect, s: &Session, v: &LearnersView) {
    let form = v.form.as_ref();
    header(buf, area, s, &s.t("learners-title"), "Slate ");
    let b = body(area);
    let w = b.width as usize;
    let mut lines: Vec<TLine<'static>> = Vec::new();
    let marker = |sel: bool| {
        if !sel {
            "   "
        } else if s.theme.symbols.ascii {
            " > "
        } else {
            " › "
        }
    };
    for (i, name) in s.learners.iter().enumerate() {
        let sel = i == v.selected && form.is_none();
        let style = if sel {
            s.theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(TLine::from(vec![
            Span::styled(marker(sel).to_string(), s.theme.accent()),
            Span::styled(format!("{}. ", i + 1), s.theme.dim()),
            Span::styled(truncate(&sanitize(name), w.saturating_sub(8), "…"), style),
        ]));
    }
    let sel = v.selected >= s.learners.len() && form.is_none();
    lines.push(TLine::from(vec![
        Span::styled(marker(sel).to_string(), s.theme.accent()),
        Span::styled(
            s.t("learners-new"),
            if sel {
                s.theme.selected()
            } else {
                s.theme.bold()
            },
        ),
    ]));
    if let Some(f) = form {
        let cursor = if s.theme.symbols.ascii { "_" } else { "▏" };
        lines.push(TLine::raw(""));
        for (label, value, field) in [
            (s.t("learners-name"), &f.name, FormField::Name),
            (s.t("learners-email"), &f.email, FormField::Email),
        ] {
            let active = f.field == field;
            let head = format!("   {label}: ");
            let room = w.saturating_sub(crate::text::width(&head) + 1);
            lines.push(TLine::from(vec![
                Span::styled(head, s.theme.bold()),
                Span::raw(format!(
                    "{}{}",
                    sanitize(value.tail(room)),
                    if active { cursor } else { "" }
                )),
            ]));
        }
        lines.push(TLine::raw(""));
        let note = match &f.existing {
            Some(name) => s.t_args("learners-name-taken", &[("name", name.as_str().into())]),
            None => s.t("learners-email-note"),
        };
        let style = if f.existing.is_some() {
            s.theme.accent()
        } else {
            s.theme.dim()
        };
        lines.extend(note_lines(&note, w, style));
    }
    if let Some(busy) = &v.busy {
        lines.push(TLine::raw(""));
        let place = if busy.elsewhere.here {
            s.t("learners-busy-here")
        } else {
            s.t_args(
                "learners-busy-there",
                &[("host", busy.elsewhere.host.as_str().into())],
            )
        };
        let since = busy.elsewhere.since.get(11..16).unwrap_or("");
        let text = s.t_args(
            "learners-busy",
            &[
                ("name", busy.name.as_str().into()),
                ("where", place.into()),
                ("since", since.into()),
            ],
        );
        let hint = if busy.waiting {
            s.t("learners-waiting")
        } else {
            s.t("learners-busy-help")
        };
        for (text, style) in [(text, s.theme.bad()), (hint, s.theme.accent())] {
            lines.extend(note_lines(&text, w, style));
        }
    }
    // The form sits below the list: keep it (or the selection) in view.
    let first = if form.is_some() || v.busy.is_some() {
        lines.len().saturating_sub(b.height as usize)
    } else {
        top(s, v.selected)
    };
    super::scrolled(buf, b, &lines, first);
    let hint = if form.is_some() {
        s.t("learners-form-help")
    } else {
        s.t("learners-help")
    };
    footer(buf, area, s, &hint);
}
