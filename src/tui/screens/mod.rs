//! The screens. Each screen's module holds its view state, its `update`
//! and its `draw`; this one routes drawing to the screen on view, draws
//! the help overlay last, and holds what every screen draws with (title,
//! status line, text field, wrapped text).

pub mod course_results;
pub mod help;
pub mod learners;
pub mod lesson;
pub mod library;
pub mod outline;
pub mod preview;
pub mod quiz;
pub mod results;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line as TLine, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::state::{Screen, Session, State, geometry};
use super::text_field::TextField;
use super::theme::Theme;
use crate::markdown::Piece;
use crate::text::{self, sanitize, width, wrap};

/// Draws the screen on view, and the help over it when open. Drawing
/// never changes what the learner did.
pub fn draw(frame: &mut Frame<'_>, state: &State) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    let s = &state.session;
    if area.width < geometry::MIN_WIDTH || area.height < geometry::MIN_HEIGHT {
        too_small(buf, area, s);
        return;
    }
    match &state.screen {
        Screen::Learners(v) => learners::draw(buf, area, s, v),
        Screen::Library => library::draw(buf, area, s),
        Screen::Outline(v) => outline::draw(buf, area, s, v),
        Screen::Lesson(v) => lesson::draw(buf, area, s, v),
        Screen::Quiz(v) => quiz::draw(buf, area, s, v),
        Screen::QuizStart(v) => quiz::draw_start(buf, area, s, v),
        Screen::Results(v) => results::draw(buf, area, s, v),
        Screen::CourseResults(v) => course_results::draw(buf, area, s, v),
    }
    preview::draw_key(buf, area, state);
    preview::draw_panel(buf, area, s);
    if state.help {
        help::draw(buf, area, s, &state.screen);
    }
    if s.theme.symbols.ascii {
        ascii_punctuation(buf, area);
    }
    one_cell_per_column(buf, area);
}

/// Splits each grapheme that a terminal draws as several one-column
/// characters (Lao and Thai SARA AM after its consonant, `ສຳ`; other
/// spacing marks) into one cell per column, each spacing character with
/// the marks that follow it. tmux and xterm measure by character (wcwidth),
/// not by grapheme: a two-column cell that is one grapheme here is two
/// characters there, and overwriting its first column alone would leave
/// the second on screen.
fn one_cell_per_column(buf: &mut Buffer, area: Rect) {
    use unicode_width::UnicodeWidthChar;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let Some(cell) = buf.cell((x, y)) else {
                break;
            };
            let symbol = cell.symbol();
            if symbol.len() <= 1 || symbol.is_ascii() {
                x += 1;
                continue;
            }
            // Each character that takes a column starts a part; marks of
            // no width stay with the part before them.
            let mut parts: Vec<String> = Vec::new();
            let mut wide = false;
            for c in symbol.chars() {
                match c.width().unwrap_or(0) {
                    0 => match parts.last_mut() {
                        Some(p) => p.push(c),
                        None => parts.push(c.to_string()),
                    },
                    1 => parts.push(c.to_string()),
                    _ => wide = true,
                }
            }
            let n = parts.len() as u16;
            if wide || n < 2 || x + n > area.right() {
                x += 1;
                continue;
            }
            let style = cell.style();
            for (k, part) in parts.iter().enumerate() {
                if let Some(c) = buf.cell_mut((x + k as u16, y)) {
                    c.set_symbol(part).set_style(style);
                }
            }
            x += n;
        }
    }
}

/// With `--ascii` (or a locale that is not UTF-8) the screens' own marks
/// and punctuation, from messages and layout alike, become ASCII, cell by
/// cell (each one column, as drawn). Course text in its own script stays.
fn ascii_punctuation(buf: &mut Buffer, area: Rect) {
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let Some(cell) = buf.cell_mut((x, y)) else {
                continue;
            };
            let plain = match cell.symbol() {
                "·" | "•" => ".",
                "…" => "~",
                "›" | "→" | "▸" => ">",
                "‹" | "←" => "<",
                "–" | "—" | "─" | "━" => "-",
                "“" | "”" | "„" => "\"",
                "‘" | "’" => "'",
                "▼" => "v",
                "▲" => "^",
                "✓" | "✗" => "x",
                "★" => "*",
                "◐" | "○" | "●" | "◦" | "▪" => "o",
                "✎" => "Q",
                "▏" => "_",
                "⟨" => "<",
                "⟩" => ">",
                "│" | "┃" => "|",
                "┌" | "┐" | "└" | "┘" | "┼" | "├" | "┤" | "┬" | "┴" => "+",
                _ => continue,
            };
            cell.set_symbol(plain);
        }
    }
}

fn too_small(buf: &mut Buffer, area: Rect, s: &Session) {
    let msg = s.t_args(
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
pub fn header(buf: &mut Buffer, area: Rect, s: &Session, title: &str, right: &str) {
    let w = area.width as usize;
    let right_w = width(right);
    let title = text::truncate(&sanitize(title), w.saturating_sub(right_w + 2).max(1), "…");
    let gap = w.saturating_sub(width(&title) + right_w + 1);
    let line = TLine::from(vec![
        Span::styled(format!(" {title}"), s.theme.title()),
        Span::raw(" ".repeat(gap)),
        Span::styled(right.to_string(), s.theme.dim()),
    ]);
    buf.set_line(area.x, area.y, &line, area.width);
    let rule = s.theme.symbols.rule.repeat(w);
    buf.set_line(
        area.x,
        area.y + 1,
        &TLine::styled(rule, s.theme.dim()),
        area.width,
    );
}

/// A one-line text field in place of the status line (a note, a path),
/// showing its end, where the learner is typing.
pub fn text_field(buf: &mut Buffer, area: Rect, s: &Session, prompt: &str, field: &TextField) {
    let cursor = if s.theme.symbols.ascii { "_" } else { "▏" };
    let y = area.y + area.height.saturating_sub(1);
    let prompt = format!(" {prompt}: ");
    let room = (area.width as usize).saturating_sub(width(&prompt) + 2);
    let line = TLine::from(vec![
        Span::styled(prompt, s.theme.bold()),
        Span::raw(format!("{}{cursor}", sanitize(field.tail(room)))),
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
pub fn footer(buf: &mut Buffer, area: Rect, s: &Session, hint: &str) {
    let y = area.y + area.height.saturating_sub(1);
    let w = area.width as usize;
    let keys = s.t("status-keys");
    // While nothing is being saved, every screen says so, in the room the
    // learner's name would take (a message of one key goes first).
    let warning = s.saving.problem.as_ref().map(|why| {
        let reason = s.arg(why);
        if s.saving.pending > 0 {
            s.t_args(
                "save-pending",
                &[
                    ("count", s.saving.pending.into()),
                    ("reason", reason.into()),
                ],
            )
        } else {
            s.t_args("save-off", &[("reason", reason.into())])
        }
    });
    let (left, style) = match (&s.flash, &warning) {
        (Some(f), _) => (s.message(f.id, &f.args), s.theme.accent()),
        (None, Some(w)) => (w.clone(), s.theme.bad()),
        (None, None) => (hint.to_string(), s.theme.dim()),
    };
    // The screen's keys come before the learner's name: where both do not
    // fit (80 columns in Vietnamese or Lao), the name goes without its
    // label, and a long name is shortened.
    let room_for = |right: &str| w.saturating_sub(width(right) + 2);
    let mut right = match s.learner.as_ref().filter(|_| warning.is_none()) {
        Some(n) => format!(
            "{}  {keys} ",
            s.t_args("status-learner", &[("name", sanitize(n).as_ref().into())])
        ),
        None => format!("{keys} "),
    };
    if let Some(n) = s.learner.as_ref().filter(|_| warning.is_none())
        && width(&left) > room_for(&right)
    {
        right = format!("{}  {keys} ", text::truncate(&sanitize(n), 16, "…"));
    }
    let left = text::truncate(&sanitize(&left), room_for(&right), "…");
    let gap = w.saturating_sub(width(&left) + width(&right) + 1);
    let line = TLine::from(vec![
        Span::styled(format!(" {left}"), style),
        Span::raw(" ".repeat(gap)),
        Span::styled(right, s.theme.dim()),
    ]);
    buf.set_line(area.x, y, &line, area.width);
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
/// On the last row of `area`, when `lines` go on below what is shown:
/// says so, and which key shows the rest. Drawn over that row, which the
/// next key brings into view.
pub fn more_below(buf: &mut Buffer, area: Rect, s: &Session, total: usize, scroll: usize) {
    let rows = area.height as usize;
    if rows == 0 || scroll + rows >= total {
        return;
    }
    let mark = s.t("more-below");
    let w = width(&mark) as u16 + 2;
    let x = area.x + area.width.saturating_sub(w);
    let y = area.y + area.height - 1;
    buf.set_line(
        x,
        y,
        &TLine::styled(format!(" {mark} "), s.theme.accent()),
        w.min(area.width),
    );
}

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
