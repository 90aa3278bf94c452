//! Blocks + a width in columns -> lines. Every line fits the width: prose
//! wraps, code is clipped with a marker, tables shrink their columns and,
//! when even that cannot fit, become one "header: value" record per row.

use super::parse::{Block, Callout, Doc, ListItem};
use super::{Piece, Role, Style};
use crate::text::{self, width, wrap};

/// One screen line of a laid-out lesson.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub pieces: Vec<Piece>,
    /// The top-level block this line belongs to, so that a reader can keep
    /// its place when the width (and so every line) changes.
    pub block: u32,
}

impl Line {
    pub fn text(&self) -> String {
        self.pieces.iter().map(|p| p.text.as_str()).collect()
    }
}

/// Words the layout writes itself, in the learner's language.
#[derive(Debug, Clone)]
pub struct Labels {
    pub note: String,
    pub tip: String,
    pub important: String,
    pub warning: String,
    pub caution: String,
    pub footnotes: String,
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            note: "Note".into(),
            tip: "Tip".into(),
            important: "Important".into(),
            warning: "Warning".into(),
            caution: "Caution".into(),
            footnotes: "Notes".into(),
        }
    }
}

/// The drawing characters, Unicode or plain ASCII for terminals that
/// cannot show box drawing.
#[derive(Debug, Clone, Copy)]
pub struct Symbols {
    /// Plain ASCII, for terminals without Unicode drawing characters.
    pub ascii: bool,
    pub bullets: [&'static str; 3],
    pub quote: &'static str,
    pub callout: &'static str,
    pub rule: &'static str,
    pub heavy_rule: &'static str,
    pub vertical: &'static str,
    pub cross: &'static str,
    pub clipped: &'static str,
    pub task_done: &'static str,
    pub task_open: &'static str,
    /// Struck text also marked `~~` in the text itself, for terminals
    /// that do not draw strikethrough (the Linux console, `NO_COLOR`,
    /// `--ascii`): there, wrong advice would read as recommended.
    pub strike_marks: bool,
}

impl Symbols {
    pub const UNICODE: Symbols = Symbols {
        ascii: false,
        bullets: ["•", "◦", "▪"],
        quote: "│ ",
        callout: "┃ ",
        rule: "─",
        heavy_rule: "━",
        vertical: "│",
        cross: "┼",
        clipped: "›",
        task_done: "[✓] ",
        task_open: "[ ] ",
        strike_marks: false,
    };
    pub const ASCII: Symbols = Symbols {
        ascii: true,
        bullets: ["*", "-", "+"],
        quote: "| ",
        callout: "| ",
        rule: "-",
        heavy_rule: "=",
        vertical: "|",
        cross: "+",
        clipped: ">",
        task_done: "[x] ",
        task_open: "[ ] ",
        strike_marks: true,
    };
}

/// Lessons with at least this many blocks are laid out on several cores
/// (fewer are not worth a thread).
pub const PARALLEL_BLOCKS: usize = 64;

struct Ctx<'a> {
    labels: &'a Labels,
    sym: Symbols,
    out: Vec<Line>,
    block: u32,
    /// The narrowest text gets, however deep quotes and lists nest: past
    /// it, a level adds no more indent (so no line is ever wider than the
    /// width, and 15 levels do not leave text one word wide).
    floor: usize,
}

impl<'a> Ctx<'a> {
    fn new(labels: &'a Labels, sym: Symbols) -> Ctx<'a> {
        Ctx {
            labels,
            sym,
            out: Vec::new(),
            block: 0,
            floor: 10,
        }
    }

    /// Block `i` of the lesson, after a blank line when it is not the first.
    fn lay_block(&mut self, i: usize, b: &Block, width: usize) {
        self.floor = floor(width);
        self.block = i as u32;
        if i > 0 {
            self.out.push(Line {
                pieces: Vec::new(),
                block: self.block,
            });
        }
        let lines = block_lines(self, b, width, 0);
        push_lines(self, lines);
    }

    /// The footnotes section, after the last block.
    fn lay_footnotes(&mut self, doc: &Doc, width: usize) {
        if doc.footnotes.is_empty() {
            return;
        }
        self.floor = floor(width);
        self.block = doc.blocks.len() as u32;
        self.out.push(Line {
            pieces: Vec::new(),
            block: self.block,
        });
        let rule = self.sym.rule.repeat(width.min(20));
        self.out.push(line1(
            vec![piece(&rule, Style::role(Role::Rule))],
            self.block,
        ));
        self.out.push(line1(
            vec![piece(
                &self.labels.footnotes,
                Style {
                    role: Role::Footnote,
                    bold: true,
                    ..Style::default()
                },
            )],
            self.block,
        ));
        for (n, (_, blocks)) in doc.footnotes.iter().enumerate() {
            let marker = format!("[{}] ", n + 1);
            let inner = blocks_lines(self, blocks, width.saturating_sub(width_of(&marker)), 0);
            let lines = prefixed(inner, &marker, Style::role(Role::Footnote));
            push_lines(self, lines);
        }
    }
}

/// The first lines of [`layout`]: every block up to `through_block`, then
/// blocks until `extra` more lines are out, so that the first screen of a
/// long lesson can be drawn before the rest is laid out. The lines are the
/// same as the full layout's first lines. Also says whether that was all.
pub fn layout_prefix(
    doc: &Doc,
    width: usize,
    labels: &Labels,
    sym: Symbols,
    through_block: usize,
    extra: usize,
) -> (Vec<Line>, bool) {
    let width = width.max(10);
    let mut cx = Ctx::new(labels, sym);
    let mut start_of_through = 0;
    for (i, b) in doc.blocks.iter().enumerate() {
        if i == through_block {
            start_of_through = cx.out.len();
        }
        if i > through_block && cx.out.len() >= start_of_through + extra {
            return (cx.out, false);
        }
        cx.lay_block(i, b, width);
    }
    cx.lay_footnotes(doc, width);
    (cx.out, true)
}

/// Lays a lesson out for `width` columns (at least 10 are used).
pub fn layout(doc: &Doc, width: usize, labels: &Labels, sym: Symbols) -> Vec<Line> {
    let width = width.max(10);
    // Blocks lay out independently: a long lesson is split among the
    // cores, since finding line breaks in Lao or Thai (an LSTM model) is
    // the slowest thing the player does.
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let parts = if doc.blocks.len() >= PARALLEL_BLOCKS {
        // More parts than cores, so that one part heavy in Lao does not
        // leave the other cores idle.
        (threads * 4).min(16)
    } else {
        1
    };
    let chunk = doc.blocks.len().div_ceil(parts).max(1);
    let lay = |first: usize, blocks: &[Block]| {
        let mut cx = Ctx::new(labels, sym);
        for (j, b) in blocks.iter().enumerate() {
            cx.lay_block(first + j, b, width);
        }
        cx.out
    };
    let mut cx = Ctx::new(labels, sym);
    if parts <= 1 {
        cx.out = lay(0, &doc.blocks);
    } else {
        let outs: Vec<Vec<Line>> = std::thread::scope(|scope| {
            let handles: Vec<_> = doc
                .blocks
                .chunks(chunk)
                .enumerate()
                .map(|(k, blocks)| scope.spawn(move || lay(k * chunk, blocks)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        for o in outs {
            cx.out.extend(o);
        }
    }
    cx.lay_footnotes(doc, width);
    cx.out
}

/// The narrowest text may be laid out in a lesson `width` wide: half of
/// it, and never under 10 columns.
fn floor(width: usize) -> usize {
    (width / 2).max(10).min(width)
}

fn push_lines(cx: &mut Ctx<'_>, lines: Vec<Vec<Piece>>) {
    let block = cx.block;
    cx.out.extend(lines.into_iter().map(|pieces| Line {
        pieces: merged(pieces),
        block,
    }));
}

/// Neighbouring pieces of one style as one piece: fifteen quote bars are
/// one string, not fifteen, which is what a long nested lesson's memory
/// is made of.
fn merged(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    for p in pieces {
        match out.last_mut() {
            Some(last) if last.style == p.style => last.text.push_str(&p.text),
            _ => out.push(p),
        }
    }
    out
}

fn line1(pieces: Vec<Piece>, block: u32) -> Line {
    Line { pieces, block }
}

fn piece(text: &str, style: Style) -> Piece {
    Piece {
        text: text.to_string(),
        style,
    }
}

fn width_of(s: &str) -> usize {
    width(s)
}

fn blocks_lines(cx: &mut Ctx<'_>, blocks: &[Block], w: usize, depth: usize) -> Vec<Vec<Piece>> {
    let mut out = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        // A list inside a list item follows its text directly, as written.
        let nested_list = depth > 0 && matches!(b, Block::List { .. });
        if i > 0 && !nested_list {
            out.push(Vec::new());
        }
        out.extend(block_lines(cx, b, w, depth));
    }
    out
}

/// Wraps inline pieces, honouring hard breaks (`\n` inside a piece).
fn wrap_inline(pieces: &[Piece], w: usize, base: Option<Style>, sym: Symbols) -> Vec<Vec<Piece>> {
    let mut paragraphs: Vec<Vec<Piece>> = vec![Vec::new()];
    let mut struck = false;
    let mark = |paragraphs: &mut Vec<Vec<Piece>>, style: Style| {
        if let Some(last) = paragraphs.last_mut() {
            last.push(Piece {
                text: "~~".into(),
                style,
            });
        }
    };
    for p in pieces {
        if sym.strike_marks && p.style.strike != struck {
            struck = p.style.strike;
            mark(
                &mut paragraphs,
                Style {
                    strike: true,
                    ..p.style
                },
            );
        }
        let mut style = p.style;
        if let Some(b) = base {
            if style.role == Role::Text {
                style.role = b.role;
            }
            style.bold |= b.bold;
        }
        for (i, part) in p.text.split('\n').enumerate() {
            if i > 0 {
                paragraphs.push(Vec::new());
            }
            if !part.is_empty()
                && let Some(last) = paragraphs.last_mut()
            {
                last.push(Piece {
                    text: part.to_string(),
                    style,
                });
            }
        }
    }
    if struck {
        mark(
            &mut paragraphs,
            Style {
                strike: true,
                ..Style::default()
            },
        );
    }
    paragraphs.iter().flat_map(|p| wrap(p, w)).collect()
}

fn block_lines(cx: &mut Ctx<'_>, b: &Block, w: usize, depth: usize) -> Vec<Vec<Piece>> {
    let sym = cx.sym;
    match b {
        Block::Paragraph(pieces) => wrap_inline(pieces, w, None, sym),
        Block::Heading { level, text } => {
            let style = Style {
                role: Role::Heading(*level),
                bold: true,
                ..Style::default()
            };
            let mut lines = wrap_inline(text, w, Some(style), sym);
            if *level <= 2 {
                let longest = lines
                    .iter()
                    .map(|l| l.iter().map(|p| width(&p.text)).sum::<usize>())
                    .max();
                let rule = if *level == 1 {
                    sym.heavy_rule
                } else {
                    sym.rule
                };
                lines.push(vec![piece(
                    &rule.repeat(longest.unwrap_or(1).clamp(1, w)),
                    Style::role(Role::Heading(*level)),
                )]);
            }
            lines
        }
        Block::Rule => vec![vec![piece(&sym.rule.repeat(w), Style::role(Role::Rule))]],
        Block::Code { lines } => code_lines(lines, w, sym),
        Block::List { start, items } => list_lines(cx, *start, items, w, depth),
        Block::Quote { callout, blocks } => {
            let (bar, role) = match callout {
                Some(c) => (sym.callout, Role::Callout(*c)),
                None => (sym.quote, Role::Quote),
            };
            // Past the floor, a deeper quote keeps its colour, not a bar.
            let bar = if w.saturating_sub(width(bar)) < cx.floor {
                ""
            } else {
                bar
            };
            let inner_w = w.saturating_sub(width(bar));
            let mut inner = Vec::new();
            if let Some(c) = callout {
                let label = match c {
                    Callout::Note => &cx.labels.note,
                    Callout::Tip => &cx.labels.tip,
                    Callout::Important => &cx.labels.important,
                    Callout::Warning => &cx.labels.warning,
                    Callout::Caution => &cx.labels.caution,
                };
                inner.push(vec![piece(
                    label,
                    Style {
                        role,
                        bold: true,
                        ..Style::default()
                    },
                )]);
            }
            inner.extend(blocks_lines(cx, blocks, inner_w, depth + 1));
            inner
                .into_iter()
                .map(|l| with_prefix(l, bar, Style::role(role)))
                .collect()
        }
        Block::Table { header, rows } => table_lines(header, rows, w, sym),
    }
}

fn code_lines(lines: &[String], w: usize, sym: Symbols) -> Vec<Vec<Piece>> {
    let style = Style::role(Role::Code);
    let avail = w.saturating_sub(2).max(2);
    lines
        .iter()
        .map(|l| {
            let mut out = vec![piece("  ", style)];
            if width(l) <= avail {
                out.push(piece(l, style));
            } else {
                // Code is never wrapped (it would change its meaning): the
                // cut is marked instead.
                let (head, _) = text::take_width(l, avail - width(sym.clipped));
                out.push(piece(head, style));
                out.push(piece(sym.clipped, Style::role(Role::Marker)));
            }
            out
        })
        .collect()
}

fn list_lines(
    cx: &mut Ctx<'_>,
    start: Option<u64>,
    items: &[ListItem],
    w: usize,
    depth: usize,
) -> Vec<Vec<Piece>> {
    let sym = cx.sym;
    let mut out = Vec::new();
    let number_w = start.map_or(0, |s| width(&format!("{}. ", s + items.len() as u64)));
    for (i, item) in items.iter().enumerate() {
        let mut marker = match start {
            Some(s) => {
                let m = format!("{}. ", s + i as u64);
                format!("{m}{}", " ".repeat(number_w.saturating_sub(width(&m))))
            }
            None => {
                let [first, second, third] = sym.bullets;
                let bullet = match depth % 3 {
                    0 => first,
                    1 => second,
                    _ => third,
                };
                format!("{bullet} ")
            }
        };
        if let Some(done) = item.task {
            marker = if done {
                sym.task_done.to_string()
            } else {
                sym.task_open.to_string()
            };
        }
        let marker_w = width(&marker);
        if w.saturating_sub(marker_w) < cx.floor {
            // Too narrow to indent further: the marker on a line of its
            // own (cut to the width), the item's text below it at this
            // width.
            let (head, _) = text::take_width(&marker, w);
            out.push(vec![piece(head, Style::role(Role::Marker))]);
            out.extend(blocks_lines(cx, &item.blocks, w, depth + 1));
            continue;
        }
        let inner = blocks_lines(cx, &item.blocks, w - marker_w, depth + 1);
        let inner = if inner.is_empty() {
            vec![Vec::new()]
        } else {
            inner
        };
        out.extend(prefixed(inner, &marker, Style::role(Role::Marker)));
    }
    out
}

/// Puts `marker` before the first line and as many spaces before the rest.
fn prefixed(lines: Vec<Vec<Piece>>, marker: &str, style: Style) -> Vec<Vec<Piece>> {
    let pad = " ".repeat(width(marker));
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| with_prefix(l, if i == 0 { marker } else { &pad }, style))
        .collect()
}

/// `line` after `prefix`. A prefix in the style of the line's own first
/// piece (a quote inside a quote, a list inside a list) joins that piece,
/// so that each level of nesting does not add a piece to every line.
fn with_prefix(mut line: Vec<Piece>, prefix: &str, style: Style) -> Vec<Piece> {
    if prefix.is_empty() {
        return line;
    }
    match line.first_mut() {
        Some(first) if first.style == style => first.text.insert_str(0, prefix),
        _ => line.insert(0, piece(prefix, style)),
    }
    line
}

fn cell_width(cell: &[Piece]) -> usize {
    cell.iter().map(|p| width(&p.text)).sum()
}

/// Narrowest a column may get before the table becomes records.
const MIN_COLUMN: usize = 6;

fn table_lines(
    header: &[Vec<Piece>],
    rows: &[Vec<Vec<Piece>>],
    w: usize,
    sym: Symbols,
) -> Vec<Vec<Piece>> {
    let cols = header
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0));
    if cols == 0 {
        return Vec::new();
    }
    let border = Style::role(Role::TableBorder);
    // Columns are separated by " │ ": 3 columns each, none at the edges.
    let seps = 3 * (cols - 1);
    let natural: Vec<usize> = (0..cols)
        .map(|c| {
            std::iter::once(header.get(c))
                .chain(rows.iter().map(|r| r.get(c)))
                .flatten()
                .map(|cell| cell_width(cell))
                .max()
                .unwrap_or(0)
                .max(1)
        })
        .collect();
    let total: usize = natural.iter().sum::<usize>() + seps;
    let widths = if total <= w {
        natural
    } else if cols * MIN_COLUMN + seps <= w {
        shrink(&natural, w - seps)
    } else {
        return record_lines(header, rows, w, sym);
    };

    let mut out = Vec::new();
    let head_style = Style {
        bold: true,
        ..Style::default()
    };
    out.extend(row_lines(header, &widths, Some(head_style), sym));
    let rule: Vec<Piece> = widths
        .iter()
        .enumerate()
        .flat_map(|(i, cw)| {
            let mut v = Vec::new();
            if i > 0 {
                v.push(piece(
                    &format!("{}{}{}", sym.rule, sym.cross, sym.rule),
                    border,
                ));
            }
            v.push(piece(&sym.rule.repeat(*cw), border));
            v
        })
        .collect();
    out.push(rule);
    for r in rows {
        out.extend(row_lines(r, &widths, None, sym));
    }
    out
}

/// Shares `avail` columns out in proportion to natural widths, no column
/// narrower than the minimum.
fn shrink(natural: &[usize], avail: usize) -> Vec<usize> {
    let mut widths: Vec<usize> = natural.iter().map(|&n| n.min(MIN_COLUMN)).collect();
    let mut left = avail.saturating_sub(widths.iter().sum());
    // Give the remaining columns to whoever is furthest from its natural width.
    while left > 0 {
        let Some((i, _)) = widths
            .iter()
            .zip(natural)
            .enumerate()
            .filter(|(_, (w, n))| w < n)
            .max_by_key(|(_, (w, n))| (**n - **w) * 1000 / **n)
        else {
            break;
        };
        if let Some(w) = widths.get_mut(i) {
            *w += 1;
        }
        left -= 1;
    }
    widths
}

fn row_lines(
    cells: &[Vec<Piece>],
    widths: &[usize],
    base: Option<Style>,
    sym: Symbols,
) -> Vec<Vec<Piece>> {
    let border = Style::role(Role::TableBorder);
    let wrapped: Vec<Vec<Vec<Piece>>> = widths
        .iter()
        .enumerate()
        .map(|(c, &cw)| {
            wrap_inline(
                cells.get(c).map_or(&[][..], |v| v.as_slice()),
                cw,
                base,
                sym,
            )
        })
        .collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
    (0..height)
        .map(|i| {
            let mut line = Vec::new();
            for (c, (&cw, cell_lines)) in widths.iter().zip(&wrapped).enumerate() {
                if c > 0 {
                    line.push(piece(&format!(" {} ", sym.vertical), border));
                }
                let cell = cell_lines.get(i).cloned().unwrap_or_default();
                let used = cell_width(&cell);
                line.extend(cell);
                if c + 1 < widths.len() && used < cw {
                    line.push(piece(&" ".repeat(cw - used), Style::default()));
                }
            }
            line
        })
        .collect()
}

/// A table too wide for any column layout: each row becomes a block of
/// "header: value" lines.
fn record_lines(
    header: &[Vec<Piece>],
    rows: &[Vec<Vec<Piece>>],
    w: usize,
    sym: Symbols,
) -> Vec<Vec<Piece>> {
    let mut out = Vec::new();
    for (ri, row) in rows.iter().enumerate() {
        if ri > 0 {
            out.push(vec![piece(
                &sym.rule.repeat(w.min(10)),
                Style::role(Role::TableBorder),
            )]);
        }
        for (c, cell) in row.iter().enumerate() {
            let mut pieces: Vec<Piece> = header
                .get(c)
                .map(|h| {
                    h.iter()
                        .map(|p| Piece {
                            text: p.text.clone(),
                            style: Style {
                                bold: true,
                                ..p.style
                            },
                        })
                        .collect()
                })
                .unwrap_or_default();
            pieces.push(piece(
                ": ",
                Style {
                    bold: true,
                    ..Style::default()
                },
            ));
            pieces.extend(cell.iter().cloned());
            out.extend(wrap(&pieces, w));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;

    #[test]
    fn a_prefix_is_the_start_of_the_layout_and_the_whole_of_it_at_the_end() {
        let mut md: String = (0..80)
            .map(|i| format!("Paragraph {i}, long enough to wrap at thirty columns.[^n]\n\n"))
            .collect();
        md.push_str("[^n]: A footnote.\n");
        let doc = parse(&md);
        let (l, sym) = (Labels::default(), Symbols::UNICODE);
        let full = layout(&doc, 30, &l, sym);
        let (first, complete) = layout_prefix(&doc, 30, &l, sym, 3, 10);
        assert!(!complete && first.len() < full.len());
        assert_eq!(first[..], full[..first.len()]);
        assert_eq!(
            layout_prefix(&doc, 30, &l, sym, doc.blocks.len(), 0),
            (full, true)
        );
    }

    fn render(md: &str, w: usize) -> Vec<String> {
        layout(&parse(md), w, &Labels::default(), Symbols::UNICODE)
            .iter()
            .map(Line::text)
            .collect()
    }

    fn fits(lines: &[String], w: usize) {
        for l in lines {
            assert!(width(l) <= w, "{l:?} is wider than {w}");
        }
    }

    #[test]
    fn headings_paragraphs_and_lists() {
        let lines = render(
            "# Mật khẩu\n\nMột mật khẩu dài tốt hơn.\n\n- một\n- hai\n  1. ba\n",
            20,
        );
        assert_eq!(
            lines,
            [
                "Mật khẩu",
                "━━━━━━━━",
                "",
                "Một mật khẩu dài tốt",
                "hơn.",
                "",
                "• một",
                "• hai",
                "  1. ba",
            ]
        );
    }

    #[test]
    fn callouts_carry_their_label_and_bar() {
        let lines = render("> [!TIP]\n> Use a passphrase.\n", 30);
        assert_eq!(lines, ["┃ Tip", "┃ Use a passphrase."]);
    }

    #[test]
    fn code_is_clipped_never_wrapped() {
        let lines = render(
            "```\nshort\nthis line is far too long for the width\n```\n",
            20,
        );
        assert_eq!(lines, ["  short", "  this line is far ›"]);
        fits(&lines, 20);
    }

    #[test]
    fn tables_fit_shrink_then_become_records() {
        let md = "| Sign | Check |\n|---|---|\n| Urgent tone | Slow down and verify |\n| 数字能力 | ກວດສອບ |\n";
        let wide = render(md, 60);
        assert_eq!(wide[0], "Sign        │ Check");
        assert_eq!(wide[1], "────────────┼─────────────────────");
        assert_eq!(wide[2], "Urgent tone │ Slow down and verify");
        assert_eq!(wide[3], "数字能力    │ ກວດສອບ");
        let narrow = render(md, 24);
        fits(&narrow, 24);
        assert!(narrow.len() > wide.len());
        let tiny = render(md, 12);
        fits(&tiny, 12);
        assert!(tiny.iter().any(|l| l.starts_with("Sign: ")), "{tiny:?}");
    }

    #[test]
    fn task_lists_footnotes_and_images() {
        let lines = render(
            "- [x] done\n- [ ] todo\n\nText[^a].\n\n![alt](a.png)\n\n[^a]: Footnote.\n",
            30,
        );
        assert_eq!(lines[0], "[✓] done");
        assert_eq!(lines[1], "[ ] todo");
        assert_eq!(lines[3], "Text[1].");
        // The image is not taken for the footnote: `[img 1: …]`, `[1]`.
        assert_eq!(lines[5], "[img 1: alt] ⟨a.png⟩");
        assert_eq!(lines.last().map(String::as_str), Some("[1] Footnote."));
    }

    #[test]
    fn struck_text_is_marked_where_the_terminal_cannot_strike() {
        let md = "Advice: ~~change your password every 30 days~~ use a passphrase.\n\n| tip |\n|---|\n| ~~old~~ new |\n";
        let text = |sym: Symbols| -> Vec<String> {
            layout(&parse(md), 80, &Labels::default(), sym)
                .iter()
                .map(Line::text)
                .collect()
        };
        let drawn = text(Symbols::UNICODE);
        assert_eq!(
            drawn[0],
            "Advice: change your password every 30 days use a passphrase."
        );
        let marked = text(Symbols {
            strike_marks: true,
            ..Symbols::UNICODE
        });
        assert_eq!(
            marked[0],
            "Advice: ~~change your password every 30 days~~ use a passphrase."
        );
        assert!(marked.iter().any(|l| l.contains("~~old~~")), "{marked:?}");
        const { assert!(Symbols::ASCII.strike_marks) };
        for w in 10..40 {
            for l in layout(&parse(md), w, &Labels::default(), Symbols::ASCII) {
                assert!(crate::text::width(&l.text()) <= w, "{w}: {:?}", l.text());
            }
        }
    }

    #[test]
    fn every_width_fits_mixed_scripts() {
        let md = "# 教师的数字能力\n\nGiáo viên dùng ຄອມພິວເຕີ ໃນຫ້ອງຮຽນ and 数字工具 every day.\n\n> [!NOTE]\n> - nested ~~list~~ with **bold** [link](https://example.org/a/long/path)\n\n| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |\n";
        for w in 10..90 {
            fits(&render(md, w), w);
        }
    }

    #[test]
    fn ascii_symbols_for_plain_terminals() {
        let lines: Vec<String> = layout(
            &parse("# T\n\n- a\n\n> q\n"),
            20,
            &Labels::default(),
            Symbols::ASCII,
        )
        .iter()
        .map(Line::text)
        .collect();
        assert_eq!(lines, ["T", "=", "", "* a", "", "| q"]);
    }

    #[test]
    fn lines_remember_their_block() {
        let lines = layout(
            &parse("one\n\ntwo two two two two\n"),
            10,
            &Labels::default(),
            Symbols::UNICODE,
        );
        assert_eq!(
            lines.iter().map(|l| l.block).collect::<Vec<_>>(),
            [0, 1, 1, 1, 1]
        );
    }
}
