//! Drawing: one function per screen, each borrowing the state. Drawing
//! never changes what the learner did. Overlays (help) draw last.

pub mod course_results;
pub mod help;
pub mod learners;
pub mod lesson;
pub mod library;
pub mod outline;
pub mod quiz;
pub mod results;

use fluent_bundle::FluentValue;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line as TLine, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::state::{Screen, State, geometry};
use super::theme::Theme;
use crate::i18n::I18n;
use crate::markdown::Piece;
use crate::text::{self, sanitize, width, wrap};

/// What every screen draws with.
pub struct Ctx<'a> {
    pub state: &'a State,
    pub i18n: &'a I18n,
    pub theme: Theme,
}

impl Ctx<'_> {
    pub fn t(&self, id: &str) -> String {
        self.i18n.t(id)
    }
    pub fn t_args(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.i18n.t_args(id, args)
    }
}

pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    if area.width < geometry::MIN_WIDTH || area.height < geometry::MIN_HEIGHT {
        too_small(buf, area, cx);
        return;
    }
    match &cx.state.screen {
        Screen::Learners { selected, form } => {
            learners::draw(buf, area, cx, *selected, form.as_ref())
        }
        Screen::Library => library::draw(buf, area, cx),
        Screen::Outline { entry, selected } => outline::draw(buf, area, cx, *entry, *selected),
        Screen::Lesson(view) => lesson::draw(buf, area, cx, view),
        Screen::Quiz(view) => quiz::draw(buf, area, cx, view),
        Screen::Results {
            entry,
            item,
            result,
            scroll,
        } => results::draw(buf, area, cx, *entry, *item, result, *scroll),
        Screen::CourseResults {
            entry,
            scroll,
            export,
        } => course_results::draw(buf, area, cx, *entry, *scroll, export.as_deref()),
    }
    if cx.state.help {
        help::draw(buf, area, cx);
    }
}

fn too_small(buf: &mut Buffer, area: Rect, cx: &Ctx<'_>) {
    let msg = cx.t_args(
        "too-small",
        &[
            ("width", area.width.into()),
            ("height", area.height.into()),
            ("min-width", geometry::MIN_WIDTH.into()),
            ("min-height", geometry::MIN_HEIGHT.into()),
        ],
    );
    let lines = wrap_plain(&msg, area.width as usize, Style::new());
    Paragraph::new(lines).render(area, buf);
}

/// The title row and a rule under it.
pub fn header(buf: &mut Buffer, area: Rect, cx: &Ctx<'_>, title: &str, right: &str) {
    let w = area.width as usize;
    let right_w = width(right);
    let title = text::truncate(&sanitize(title), w.saturating_sub(right_w + 2).max(1), "…");
    let gap = w.saturating_sub(width(&title) + right_w + 1);
    let line = TLine::from(vec![
        Span::styled(format!(" {title}"), cx.theme.title()),
        Span::raw(" ".repeat(gap)),
        Span::styled(right.to_string(), cx.theme.dim()),
    ]);
    buf.set_line(area.x, area.y, &line, area.width);
    let rule = cx.theme.symbols.rule.repeat(w);
    buf.set_line(
        area.x,
        area.y + 1,
        &TLine::styled(rule, cx.theme.dim()),
        area.width,
    );
}

/// A one-line text field in place of the status line (a note, a path),
/// showing its end, where the learner is typing.
pub fn text_field(buf: &mut Buffer, area: Rect, cx: &Ctx<'_>, prompt: &str, value: &str) {
    let cursor = if cx.theme.symbols.ascii { "_" } else { "▏" };
    let y = area.y + area.height.saturating_sub(1);
    let prompt = format!(" {prompt}: ");
    let room = (area.width as usize).saturating_sub(width(&prompt) + 2);
    let text = sanitize(value).into_owned();
    let mut start = 0;
    while width(&text[start..]) > room {
        start += text[start..].chars().next().map_or(1, char::len_utf8);
    }
    let line = TLine::from(vec![
        Span::styled(prompt, cx.theme.bold()),
        Span::raw(format!("{}{cursor}", &text[start..])),
    ]);
    buf.set_line(
        area.x,
        y,
        &TLine::raw(" ".repeat(area.width as usize)),
        area.width,
    );
    buf.set_line(area.x, y, &line, area.width);
}

/// The bottom row: what the screen's keys are, a flash message, or both.
pub fn footer(buf: &mut Buffer, area: Rect, cx: &Ctx<'_>, hint: &str) {
    let y = area.y + area.height.saturating_sub(1);
    let w = area.width as usize;
    let keys = cx.t("status-keys");
    let (left, style) = match &cx.state.flash {
        Some(f) => {
            let args: Vec<(&str, FluentValue<'_>)> = f
                .args
                .iter()
                .map(|(k, v)| (*k, v.as_str().into()))
                .collect();
            (cx.t_args(f.id, &args), cx.theme.accent())
        }
        None => (hint.to_string(), cx.theme.dim()),
    };
    let learner = cx
        .state
        .learner
        .as_ref()
        .map(|n| {
            format!(
                "{}  ",
                cx.t_args("status-learner", &[("name", n.as_str().into())])
            )
        })
        .unwrap_or_default();
    let right = format!("{learner}{keys} ");
    let left = text::truncate(&sanitize(&left), w.saturating_sub(width(&right) + 2), "…");
    let gap = w.saturating_sub(width(&left) + width(&right) + 1);
    let line = TLine::from(vec![
        Span::styled(format!(" {left}"), style),
        Span::raw(" ".repeat(gap)),
        Span::styled(right, cx.theme.dim()),
    ]);
    buf.set_line(area.x, y, &line, area.width);
}

/// The keys of a screen for its status line: `Enter: open · Esc: back`.
pub fn key_hint(cx: &Ctx<'_>, ids: &[&str]) -> String {
    ids.iter()
        .map(|id| cx.t(id))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The rows between header and footer.
pub fn body(area: Rect) -> Rect {
    Rect {
        x: area.x,
        y: area.y + geometry::HEADER,
        width: area.width,
        height: area
            .height
            .saturating_sub(geometry::HEADER + geometry::FOOTER),
    }
}

/// Plain text wrapped to `w` columns (sanitised), one style.
pub fn wrap_plain(s: &str, w: usize, style: Style) -> Vec<TLine<'static>> {
    let clean = sanitize(s);
    clean
        .split('\n')
        .flat_map(|para| {
            wrap(
                &[Piece {
                    text: para.to_string(),
                    style: Default::default(),
                }],
                w.max(2),
            )
        })
        .map(|l| TLine::styled(l.into_iter().map(|p| p.text).collect::<String>(), style))
        .collect()
}

/// Laid-out lesson pieces as a terminal line, with an indent.
pub fn styled_line(pieces: &[Piece], indent: usize, theme: &Theme) -> TLine<'static> {
    let mut spans = vec![Span::raw(" ".repeat(indent))];
    spans.extend(
        pieces
            .iter()
            .map(|p| Span::styled(p.text.clone(), theme.text(p.style))),
    );
    TLine::from(spans)
}

/// Shifts lines right by `margin` columns, the line's own style pushed
/// down onto its spans (so centring keeps whole-line styles).
pub fn indent(lines: Vec<TLine<'static>>, margin: usize) -> Vec<TLine<'static>> {
    lines
        .into_iter()
        .map(|l| {
            let style = l.style;
            let mut spans = vec![Span::raw(" ".repeat(margin))];
            spans.extend(
                l.spans
                    .into_iter()
                    .map(|sp| Span::styled(sp.content.into_owned(), sp.style.patch(style))),
            );
            TLine::from(spans)
        })
        .collect()
}

/// Draws `lines` from `scroll` on into `area`.
pub fn scrolled(buf: &mut Buffer, area: Rect, lines: &[TLine<'static>], scroll: usize) {
    for (i, line) in lines
        .iter()
        .skip(scroll)
        .take(area.height as usize)
        .enumerate()
    {
        buf.set_line(area.x, area.y + i as u16, line, area.width);
    }
}

/// A whole-number percentage for display.
pub fn percent(share: f64) -> i64 {
    (share * 100.0).round() as i64
}

/// Points for display: whole numbers without decimals.
pub fn points(p: f64) -> String {
    if (p - p.round()).abs() < 1e-9 {
        format!("{}", p.round() as i64)
    } else {
        format!("{p:.1}")
    }
}
