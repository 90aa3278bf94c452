//! Who is studying: several teachers share one machine. No passwords (this
//! is not a security boundary), but each sees only their own progress.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line as TLine, Span};

use super::{Ctx, body, footer, header, wrap_plain};
use crate::text::{sanitize, truncate};
use crate::tui::state::LearnerForm;

pub fn draw(
    buf: &mut Buffer,
    area: Rect,
    cx: &Ctx<'_>,
    selected: usize,
    form: Option<&LearnerForm>,
) {
    let s = cx.state;
    header(buf, area, cx, &cx.t("learners-title"), "Slate ");
    let b = body(area);
    let w = b.width as usize;
    let mut lines: Vec<TLine<'static>> = Vec::new();
    let marker = |sel: bool| {
        if !sel {
            "   "
        } else if cx.theme.symbols.ascii {
            " > "
        } else {
            " › "
        }
    };
    for (i, name) in s.learners.iter().enumerate() {
        let sel = i == selected && form.is_none();
        let style = if sel {
            cx.theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(TLine::from(vec![
            Span::styled(marker(sel).to_string(), cx.theme.accent()),
            Span::styled(format!("{}. ", i + 1), cx.theme.dim()),
            Span::styled(truncate(&sanitize(name), w.saturating_sub(8), "…"), style),
        ]));
    }
    let sel = selected >= s.learners.len() && form.is_none();
    lines.push(TLine::from(vec![
        Span::styled(marker(sel).to_string(), cx.theme.accent()),
        Span::styled(
            cx.t("learners-new"),
            if sel {
                cx.theme.selected()
            } else {
                cx.theme.bold()
            },
        ),
    ]));
    if let Some(f) = form {
        let cursor = if cx.theme.symbols.ascii { "_" } else { "▏" };
        lines.push(TLine::raw(""));
        for (k, (label, value)) in [
            (cx.t("learners-name"), &f.name),
            (cx.t("learners-email"), &f.email),
        ]
        .into_iter()
        .enumerate()
        {
            let active = usize::from(f.field) == k;
            lines.push(TLine::from(vec![
                Span::styled(format!("   {label}: "), cx.theme.bold()),
                Span::raw(format!(
                    "{}{}",
                    sanitize(value),
                    if active { cursor } else { "" }
                )),
            ]));
        }
        lines.push(TLine::raw(""));
        lines.extend(
            wrap_plain(
                &cx.t("learners-email-note"),
                w.saturating_sub(6),
                cx.theme.dim(),
            )
            .into_iter()
            .map(|l| {
                let mut spans = vec![Span::raw("   ")];
                spans.extend(l.spans);
                TLine::from(spans)
            }),
        );
    }
    // The form sits below the list: keep it (or the selection) in view.
    let top = if form.is_some() {
        lines.len().saturating_sub(b.height as usize)
    } else {
        crate::tui::update::learners_top(s, selected)
    };
    super::scrolled(buf, b, &lines, top);
    let hint = if form.is_some() {
        cx.t("learners-form-help")
    } else {
        cx.t("learners-help")
    };
    footer(buf, area, cx, &hint);
}
