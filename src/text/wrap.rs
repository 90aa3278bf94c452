//! Greedy wrapping of styled text at line-break opportunities found by ICU
//! (UAX #14, with LSTM models for Lao, Thai, Khmer and Burmese, which have
//! no spaces between words). Lines never split a grapheme cluster.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use icu_segmenter::LineSegmenter;
use icu_segmenter::options::LineBreakOptions;
use unicode_segmentation::UnicodeSegmentation;

use super::{grapheme_width, width};

/// A run of text with one style `S`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece<S> {
    pub text: String,
    pub style: S,
}

fn segmenter() -> &'static icu_segmenter::LineSegmenterBorrowed<'static> {
    static SEG: OnceLock<icu_segmenter::LineSegmenterBorrowed<'static>> = OnceLock::new();
    SEG.get_or_init(|| LineSegmenter::new_lstm(LineBreakOptions::default()))
}

/// Wraps styled pieces (one paragraph, no newlines) to `max` columns.
/// Spaces at the end of a line are dropped; a word wider than a line is
/// cut between grapheme clusters.
pub fn wrap<S: Clone + PartialEq>(pieces: &[Piece<S>], max: usize) -> Vec<Vec<Piece<S>>> {
    // Two columns at least, so that a double-width character always fits.
    let max = max.max(2);
    let mut text = String::new();
    // (byte offset where a style run starts, style)
    let mut runs: Vec<(usize, &S)> = Vec::with_capacity(pieces.len());
    for p in pieces {
        runs.push((text.len(), &p.style));
        text.push_str(&p.text);
    }
    let Some(first) = pieces.first().filter(|_| !text.is_empty()) else {
        return vec![Vec::new()];
    };
    let style_at = |i: usize| -> &S {
        let run = runs.partition_point(|(s, _)| *s <= i).saturating_sub(1);
        runs.get(run).map_or(&first.style, |r| r.1)
    };

    let mut lines: Vec<Vec<Piece<S>>> = Vec::new();
    let mut line: Vec<Piece<S>> = Vec::new();
    let mut used = 0usize;
    let push = |line: &mut Vec<Piece<S>>, s: &str, style: &S| {
        if s.is_empty() {
            return;
        }
        match line.last_mut() {
            Some(last) if last.style == *style => last.text.push_str(s),
            _ => line.push(Piece {
                text: s.to_string(),
                style: style.clone(),
            }),
        }
    };
    let breaks = breaks_of(&text);
    let mut start = 0usize;
    for &end in breaks.iter().filter(|&&b| b > 0) {
        let segment = &text[start..end];
        let trimmed = segment.trim_end_matches(' ');
        let seg_w = width(trimmed);
        // What follows the word is spaces only.
        let spaces = segment.len() - trimmed.len();
        if used > 0 && used + seg_w > max {
            trim_trailing_spaces(&mut line);
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if seg_w > max {
            // A word longer than the line: cut it by grapheme clusters.
            for (gi, g) in trimmed.grapheme_indices(true) {
                let gw = grapheme_width(g);
                if used + gw > max && used > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                push_styled(&mut line, g, start + gi, &style_at, &push);
                used += gw;
            }
            let rest = &segment[trimmed.len()..];
            push_styled(&mut line, rest, start + trimmed.len(), &style_at, &push);
            used += spaces;
        } else {
            // The segment may span style runs: split it where styles change.
            let mut pos = start;
            while pos < end {
                let next = runs
                    .iter()
                    .map(|(s, _)| *s)
                    .find(|&s| s > pos && s < end)
                    .unwrap_or(end);
                push(&mut line, &text[pos..next], style_at(pos));
                pos = next;
            }
            used += seg_w + spaces;
        }
        start = end;
    }
    trim_trailing_spaces(&mut line);
    lines.push(line);
    lines
}

/// Line-break opportunities of a paragraph. They do not depend on the
/// width, so they are remembered: laying a lesson out again after a resize
/// does not run the segmenter (an LSTM model for Lao and Thai) again.
fn breaks_of(text: &str) -> Arc<[usize]> {
    if text.is_ascii() && !text.contains(['-', '/', '(', ')', '[', ']']) {
        // Plain ASCII prose: breaking after each run of spaces is exactly
        // what UAX #14 would say, and much cheaper.
        return ascii_breaks(text).into();
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    let key = h.finish();
    if let Ok(memo) = memo().lock()
        && let Some((t, b)) = memo.map.get(&key)
        && **t == *text
    {
        return b.clone();
    }
    let breaks: Arc<[usize]> = segmenter().segment_str(text).collect::<Vec<_>>().into();
    if let Ok(mut memo) = memo().lock() {
        memo.insert(key, text, breaks.clone());
    }
    breaks
}

/// Remembered breaks, forgotten all at once past a size (lessons are read
/// one at a time; what matters is the one open).
struct Memo {
    map: HashMap<u64, (Box<str>, Arc<[usize]>)>,
    bytes: usize,
}

const MEMO_BYTES: usize = 16 * 1024 * 1024;

impl Memo {
    fn insert(&mut self, key: u64, text: &str, breaks: Arc<[usize]>) {
        let size = text.len() + breaks.len() * std::mem::size_of::<usize>();
        if self.bytes + size > MEMO_BYTES {
            self.map.clear();
            self.bytes = 0;
        }
        self.bytes += size;
        self.map.insert(key, (text.into(), breaks));
    }
}

fn memo() -> &'static Mutex<Memo> {
    static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();
    MEMO.get_or_init(|| {
        Mutex::new(Memo {
            map: HashMap::new(),
            bytes: 0,
        })
    })
}

fn push_styled<'a, S, F, P>(line: &mut Vec<Piece<S>>, s: &str, at: usize, style_at: &F, push: &P)
where
    S: 'a,
    F: Fn(usize) -> &'a S,
    P: Fn(&mut Vec<Piece<S>>, &str, &S),
{
    if !s.is_empty() {
        push(line, s, style_at(at));
    }
}

fn ascii_breaks(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = vec![0];
    for (i, pair) in b.windows(2).enumerate() {
        if matches!(pair, [b' ', next] if *next != b' ') {
            out.push(i + 1);
        }
    }
    out.push(b.len());
    out
}

fn trim_trailing_spaces<S>(line: &mut Vec<Piece<S>>) {
    while let Some(last) = line.last_mut() {
        let t = last.text.trim_end_matches(' ').len();
        if t == 0 {
            line.pop();
        } else {
            last.text.truncate(t);
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str, max: usize) -> Vec<String> {
        wrap(
            &[Piece {
                text: s.to_string(),
                style: (),
            }],
            max,
        )
        .into_iter()
        .map(|l| l.into_iter().map(|p| p.text).collect())
        .collect()
    }

    #[test]
    fn english_wraps_at_spaces() {
        assert_eq!(
            plain("the quick brown fox jumps", 10),
            ["the quick", "brown fox", "jumps"]
        );
    }

    #[test]
    fn vietnamese_wraps_by_columns_not_bytes() {
        let lines = plain("Mật khẩu mạnh bảo vệ tài khoản của bạn", 12);
        assert_eq!(lines, ["Mật khẩu", "mạnh bảo vệ", "tài khoản", "của bạn"]);
        assert!(lines.iter().all(|l| width(l) <= 12));
    }

    #[test]
    fn cjk_breaks_between_ideographs_by_double_width() {
        let lines = plain("教师数字能力框架帮助教师", 8);
        assert_eq!(lines, ["教师数字", "能力框架", "帮助教师"]);
    }

    #[test]
    fn lao_breaks_at_word_boundaries_not_mid_syllable() {
        // "ຄູສອນໃຊ້ຄອມພິວເຕີ" (teachers use computers): no spaces.
        let text = "ຄູສອນໃຊ້ຄອມພິວເຕີໃນຫ້ອງຮຽນທຸກມື້";
        for max in [6, 8, 10, 12] {
            let lines = plain(text, max);
            assert_eq!(lines.concat(), text);
            for l in &lines {
                assert!(width(l) <= max, "{l} wider than {max}");
                // No line starts with a combining mark (a split syllable).
                let first = l.chars().next().unwrap();
                assert!(
                    !matches!(first, '\u{0eb1}' | '\u{0eb4}'..='\u{0ebc}' | '\u{0ec8}'..='\u{0ecd}'),
                    "{l}"
                );
            }
            assert!(lines.len() > 1);
        }
    }

    #[test]
    fn long_words_are_cut_by_graphemes() {
        assert_eq!(plain("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(
            plain("https://example.org/a/very/long/path", 12).concat(),
            "https://example.org/a/very/long/path"
        );
    }

    #[test]
    fn styles_survive_wrapping() {
        let pieces = [
            Piece {
                text: "plain ".into(),
                style: 0,
            },
            Piece {
                text: "bold words here".into(),
                style: 1,
            },
        ];
        let lines = wrap(&pieces, 10);
        assert_eq!(
            lines[0],
            [
                Piece {
                    text: "plain ".into(),
                    style: 0
                },
                Piece {
                    text: "bold".into(),
                    style: 1
                }
            ]
        );
        assert_eq!(
            lines[1],
            [Piece {
                text: "words here".into(),
                style: 1
            }]
        );
    }

    #[test]
    fn every_width_keeps_every_line_within_bounds() {
        let text = "Giáo viên cần 数字能力 và ຄວາມຮູ້ດ້ານດິຈິຕອນ to teach well; see https://unesco.org.";
        for max in 2..40 {
            for l in plain(text, max) {
                assert!(width(&l) <= max, "{l:?} > {max}");
            }
        }
    }
}
