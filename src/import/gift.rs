//! Moodle's GIFT format, as Moodle's own importer reads it
//! (question/format/gift/format.php): questions are separated by blank
//! lines, `//` lines are comments, and the first `{...}` holds the answers.

use std::collections::BTreeSet;

use super::html_md::{BLANK, Format, to_markdown};
use super::{Bank, Draft, DraftChoice, Kind, Num, Read, Typed};

/// GIFT's escapes stand in the text as these characters while it is
/// split at `=`, `~`, `#`, `{`, `}` and `::` (Moodle does the same with
/// `&&035;`-style markers). `clean` takes them out of every input first.
const ESCAPES: &[(char, char)] = &[
    ('\\', '\u{F0000}'),
    ('~', '\u{F0001}'),
    ('=', '\u{F0002}'),
    ('#', '\u{F0003}'),
    ('{', '\u{F0004}'),
    ('}', '\u{F0005}'),
    (':', '\u{F0006}'),
];

pub fn is_placeholder(c: char) -> bool {
    ('\u{F0000}'..='\u{F001F}').contains(&c)
}

fn protect(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some('n') => {
                chars.next();
                out.push('\n');
            }
            Some(next) => match ESCAPES.iter().find(|(e, _)| *e == next) {
                Some((_, p)) => {
                    chars.next();
                    out.push(*p);
                }
                None => out.push('\\'),
            },
            None => out.push('\\'),
        }
    }
    out
}

fn restore(s: &str) -> String {
    s.chars()
        .map(|c| ESCAPES.iter().find(|(_, p)| *p == c).map_or(c, |(e, _)| *e))
        .collect()
}

/// Reads a GIFT bank (already decoded and cleaned by [`super::clean`]).
pub fn parse(text: &str) -> Bank {
    let mut bank = Bank::default();
    let mut category: Option<String> = None;
    let mut block = String::new();
    let mut start = 0;
    let lines = text.split('\n').enumerate().map(|(i, l)| (i + 1, l));
    for (n, line) in lines.chain(std::iter::once((0, ""))) {
        let t = line.trim();
        if t.starts_with("//") {
            continue;
        }
        if !t.is_empty() {
            if block.is_empty() {
                start = n;
            } else {
                block.push('\n');
            }
            block.push_str(line);
            continue;
        }
        if block.is_empty() {
            continue;
        }
        let b = std::mem::take(&mut block);
        let b = b.trim();
        if let Some(path) = b.strip_prefix("$CATEGORY:") {
            match category_title(path) {
                Some(t) => category = Some(t),
                None => bank
                    .notes
                    .push((start, "a `$CATEGORY:` line names no category".into())),
            }
            continue;
        }
        bank.questions.push(question(b, start, category.clone()));
    }
    bank
}

/// The last part of a category path: `$course$/top/Default for X/Sub` is
/// `Sub` (`//` is a `/` within a name).
fn category_title(path: &str) -> Option<String> {
    let path = path.lines().next().unwrap_or("").replace("//", "\u{F0007}");
    let last = path
        .split('/')
        .map(str::trim)
        .rfind(|p| !(p.is_empty() || (p.starts_with('$') && p.ends_with('$'))))?;
    let t = last.replace('\u{F0007}', "/");
    Some(super::html_md::decode_entities(&t)).filter(|t| !t.trim().is_empty())
}

fn question(block: &str, line: usize, category: Option<String>) -> Read {
    let mut lost = BTreeSet::new();
    let p = protect(block);
    let mut title = None;
    let outcome = parse_question(&p, line, &mut title, &mut lost);
    Read {
        line,
        category,
        title,
        outcome,
        lost: lost.into_iter().collect(),
    }
}

/// The line, in the file, of byte `at` of a question that starts at `line`.
fn line_at(p: &str, at: usize, line: usize) -> usize {
    line + p.get(..at).map_or(0, |s| s.matches('\n').count())
}

/// `[html]` and the like at the start of `s`: the format and the rest.
fn format_marker(s: &str) -> (Option<Format>, &str) {
    let t = s.trim_start();
    if let Some(rest) = t.strip_prefix('[')
        && let Some(end) = rest.get(..rest.len().min(10)).and_then(|h| h.find(']'))
        && let Some(f) = rest.get(..end).and_then(Format::from_marker)
    {
        return (Some(f), rest.get(end + 1..).unwrap_or(""));
    }
    (None, t)
}

fn parse_question(
    p: &str,
    line: usize,
    title: &mut Option<String>,
    lost: &mut BTreeSet<String>,
) -> Result<Draft, String> {
    let mut rest = p;
    if let Some(after) = p.strip_prefix("::") {
        let Some(end) = after.find("::") else {
            return Err("its title is opened with `::` but never closed".into());
        };
        let t = restore(after.get(..end).unwrap_or("")).trim().to_string();
        *title = (!t.is_empty()).then_some(t);
        rest = after.get(end + 2..).unwrap_or("");
    }
    let offset = p.len() - rest.len();
    let (format, rest) = format_marker(rest);
    let offset = offset + (p.len() - offset - rest.len());
    let format = format.unwrap_or(Format::Moodle);
    let Some(open) = rest.find('{') else {
        return Err("it has no answers in `{...}` (a description, not a question)".into());
    };
    let open_line = line_at(p, offset + open, line);
    let after_open = rest.get(open + 1..).unwrap_or("");
    let Some(close) = after_open.find('}') else {
        return Err(format!(
            "the `{{` at line {open_line} is never closed (write `\\{{` for a brace in a text)"
        ));
    };
    let answers = after_open.get(..close).unwrap_or("");
    if let Some(inner) = answers.find('{') {
        let at = line_at(p, offset + open + 1 + inner, line);
        return Err(format!(
            "a `{{` inside the answers, at line {at} (write `\\{{` for a brace in a text)"
        ));
    }
    let suffix = after_open.get(close + 1..).unwrap_or("");
    if let Some(second) = suffix.find('{') {
        let at = line_at(p, offset + open + 1 + close + 1 + second, line);
        return Err(format!(
            "a second `{{...}}` at line {at}: a question has one set of answers (embedded answers are not GIFT)"
        ));
    }
    let prefix = rest.get(..open).unwrap_or("");
    let suffix = suffix.trim();
    let prompt_src = if suffix.is_empty() {
        prefix.trim().to_string()
    } else {
        // A missing word: the blank where the braces were.
        let space = if suffix.starts_with(|c: char| c.is_alphanumeric()) {
            " "
        } else {
            ""
        };
        format!("{} {BLANK}{space}{suffix}", prefix.trim_end())
            .trim_start()
            .to_string()
    };
    let prompt = to_markdown(&restore(&prompt_src), format, lost);
    if prompt.trim().is_empty() {
        return Err("it has no question text".into());
    }
    let (answers, general) = match answers.find("####") {
        Some(at) => (
            answers.get(..at).unwrap_or(""),
            Some(answers.get(at + 4..).unwrap_or("")),
        ),
        None => (answers, None),
    };
    let explanation = general
        .map(|g| text(g, format, lost))
        .filter(|g| !g.is_empty());
    let kind = kind(answers.trim(), format, lost, !suffix.is_empty())?;
    Ok(Draft {
        title: title.clone(),
        prompt,
        explanation,
        kind,
    })
}

/// A text of an answer or a feedback: its own `[format]`, else the
/// question's.
fn text(s: &str, format: Format, lost: &mut BTreeSet<String>) -> String {
    let (own, s) = format_marker(s);
    to_markdown(&restore(s.trim()), own.unwrap_or(format), lost)
}

fn optional_text(s: Option<&str>, format: Format, lost: &mut BTreeSet<String>) -> Option<String> {
    s.map(|s| text(s, format, lost)).filter(|t| !t.is_empty())
}

/// `%50%` at the start of an answer, as a share (0.5), and the rest.
fn weight(s: &str) -> Result<(Option<f64>, &str), String> {
    let t = s.trim_start();
    let Some(rest) = t.strip_prefix('%') else {
        return Ok((None, t));
    };
    let Some(end) = rest.find('%') else {
        return Err(format!(
            "the weight in `%{}` is not closed with `%`",
            restore(rest).trim()
        ));
    };
    let w = rest.get(..end).unwrap_or("").trim();
    match w.parse::<f64>() {
        Ok(x) if (-100.0..=100.0).contains(&x) => {
            Ok((Some(x / 100.0), rest.get(end + 1..).unwrap_or("")))
        }
        _ => Err(format!(
            "the weight `%{}%` is not a percentage from -100 to 100",
            restore(w)
        )),
    }
}

/// An answer's text and its feedback (after the first `#`).
fn feedback(s: &str) -> (&str, Option<&str>) {
    match s.find('#') {
        Some(at) => (s.get(..at).unwrap_or(""), s.get(at + 1..)),
        None => (s, None),
    }
}

/// The answers split where `=` or `~` starts one, each with its marker.
/// Text before the first marker is returned apart.
fn split_answers(s: &str, markers: &[char]) -> (String, Vec<(char, String)>) {
    let mut before = String::new();
    let mut out: Vec<(char, String)> = Vec::new();
    for c in s.chars() {
        if markers.contains(&c) {
            out.push((c, String::new()));
        } else if let Some((_, cur)) = out.last_mut() {
            cur.push(c);
        } else {
            before.push(c);
        }
    }
    (before, out)
}

fn kind(a: &str, format: Format, lost: &mut BTreeSet<String>, blank: bool) -> Result<Kind, String> {
    if a.is_empty() {
        return Err("an essay question: Slate has no open answers to grade".into());
    }
    if let Some(num) = a.strip_prefix('#') {
        return numeric(num, format, lost);
    }
    if a.contains('~') {
        return choices(a, format, lost);
    }
    if a.contains('=') && a.contains("->") {
        if blank {
            lost.insert("the blank of a missing word (a matching question has none)".into());
        }
        return matching(a, format, lost);
    }
    let (value, fb) = feedback(a);
    let tf = match value.trim().to_ascii_uppercase().as_str() {
        "T" | "TRUE" => Some(true),
        "F" | "FALSE" => Some(false),
        _ => None,
    };
    if let Some(answer) = tf {
        let mut parts = fb
            .map(|f| f.split('#').collect::<Vec<_>>())
            .unwrap_or_default();
        if parts.len() > 2 {
            lost.insert("feedback after the second `#` of a true/false answer".into());
            parts.truncate(2);
        }
        let wrong = optional_text(parts.first().copied(), format, lost);
        let right = optional_text(parts.get(1).copied(), format, lost);
        let (feedback_true, feedback_false) = if answer {
            (right, wrong)
        } else {
            (wrong, right)
        };
        return Ok(Kind::TrueFalse {
            answer,
            feedback_true,
            feedback_false,
        });
    }
    short_answer(a, format, lost)
}

fn choices(a: &str, format: Format, lost: &mut BTreeSet<String>) -> Result<Kind, String> {
    let (before, pieces) = split_answers(a, &['=', '~']);
    if !before.trim().is_empty() {
        lost.insert(format!(
            "text before the first answer: {}",
            restore(before.trim())
        ));
    }
    let mut out = Vec::new();
    for (marker, piece) in &pieces {
        let (w, rest) = weight(piece)?;
        let (value, fb) = feedback(rest);
        let t = text(value, format, lost);
        if t.is_empty() {
            return Err("one of its answers is empty".into());
        }
        let credit = w.unwrap_or(if *marker == '=' { 1.0 } else { 0.0 });
        out.push(DraftChoice {
            text: t,
            credit,
            feedback: optional_text(fb, format, lost),
        });
    }
    if out.len() < 2 {
        return Err("a choice question with fewer than 2 choices".into());
    }
    let single = pieces.iter().any(|(m, _)| *m == '=');
    if single {
        let full = out.iter().filter(|c| is_full(c.credit)).count();
        if full != 1 {
            return Err(format!(
                "{full} of its choices are worth full marks; one answer with `=` must be the only one"
            ));
        }
        Ok(Kind::Single(out))
    } else {
        let sum: f64 = out.iter().map(|c| c.credit).filter(|&c| c > 0.0).sum();
        if (sum - 1.0).abs() > 0.001 {
            return Err(format!(
                "the positive weights of its choices add up to {}%, not 100%",
                round(sum * 100.0)
            ));
        }
        Ok(Kind::Multiple(out))
    }
}

fn is_full(credit: f64) -> bool {
    (credit - 1.0).abs() < 1e-9
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn short_answer(a: &str, format: Format, lost: &mut BTreeSet<String>) -> Result<Kind, String> {
    let (before, pieces) = split_answers(a, &['=']);
    if !before.trim().is_empty() || pieces.is_empty() {
        return Err(format!(
            "its answers `{}` start with neither `=` nor `~`",
            restore(a).chars().take(60).collect::<String>()
        ));
    }
    let mut out = Vec::new();
    for (_, piece) in &pieces {
        let (w, rest) = weight(piece)?;
        let (value, fb) = feedback(rest);
        // Typed answers are compared as typed, not as Markdown.
        let (_, value) = format_marker(value);
        let value = super::html_md::decode_entities(&restore(value.trim()));
        let credit = w.unwrap_or(1.0);
        if value == "*" {
            lost.insert("the catch-all answer `*` and its feedback".into());
            continue;
        }
        if value.is_empty() {
            return Err("one of its answers is empty".into());
        }
        if credit <= 0.0 {
            lost.insert(format!(
                "the answer {} worth {}%",
                crate::text::quote(&value),
                round(credit * 100.0)
            ));
            continue;
        }
        out.push(Typed {
            value,
            credit,
            feedback: optional_text(fb, format, lost),
        });
    }
    if !out.iter().any(|t| is_full(t.credit)) {
        return Err("none of its answers is worth full marks".into());
    }
    Ok(Kind::Text(out))
}

fn numeric(a: &str, format: Format, lost: &mut BTreeSet<String>) -> Result<Kind, String> {
    let (a, wrong) = match a.find('~') {
        Some(at) => (a.get(..at).unwrap_or(""), a.get(at..)),
        None => (a, None),
    };
    if wrong.is_some() {
        lost.insert("the feedback for wrong answers (`~#…`)".into());
    }
    let pieces: Vec<String> = if a.contains('=') {
        split_answers(a, &['='])
            .1
            .into_iter()
            .map(|(_, p)| p)
            .collect()
    } else {
        vec![a.to_string()]
    };
    let mut out = Vec::new();
    for piece in &pieces {
        let (w, rest) = weight(piece)?;
        let (value, fb) = feedback(rest);
        let value = restore(value.trim());
        let credit = w.unwrap_or(1.0);
        let num = number(&value)?;
        if credit <= 0.0 {
            lost.insert(format!(
                "the answer {value} worth {}%",
                round(credit * 100.0)
            ));
            continue;
        }
        out.push(Typed {
            value: num,
            credit,
            feedback: optional_text(fb, format, lost),
        });
    }
    if !out.iter().any(|t| is_full(t.credit)) {
        return Err("none of its numeric answers is worth full marks".into());
    }
    Ok(Kind::Number(out))
}

/// `3`, `3:0.5` (with a tolerance), or `1..5` (a range).
fn number(s: &str) -> Result<Num, String> {
    let parse = |x: &str| {
        x.trim()
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .ok_or_else(|| format!("`{}` is not a number", x.trim()))
    };
    if let Some((lo, hi)) = s.split_once("..") {
        let (lo, hi) = (parse(lo)?, parse(hi)?);
        if hi < lo {
            return Err(format!("the range `{s}` ends before it starts"));
        }
        return Ok(Num {
            answer: (lo + hi) / 2.0,
            tolerance: (hi - lo) / 2.0,
        });
    }
    if let Some((x, t)) = s.split_once(':') {
        let tolerance = parse(t)?;
        if tolerance < 0.0 {
            return Err(format!("the tolerance in `{s}` is negative"));
        }
        return Ok(Num {
            answer: parse(x)?,
            tolerance,
        });
    }
    Ok(Num {
        answer: parse(s)?,
        tolerance: 0.0,
    })
}

fn matching(a: &str, format: Format, lost: &mut BTreeSet<String>) -> Result<Kind, String> {
    let (_, pieces) = split_answers(a, &['=']);
    let mut pairs = Vec::new();
    for (_, piece) in &pieces {
        let (piece, fb) = feedback(piece);
        if fb.is_some() {
            lost.insert("feedback on a matching pair".into());
        }
        let Some((l, r)) = piece.split_once("->") else {
            return Err(format!("the pair `{}` has no `->`", restore(piece.trim())));
        };
        let (l, r) = (text(l, format, lost), text(r, format, lost));
        if r.is_empty() {
            return Err("a pair has no right side".into());
        }
        if l.is_empty() {
            lost.insert(format!(
                "the extra right side {} (Slate's matching has no distractors)",
                crate::text::quote(&r)
            ));
            continue;
        }
        pairs.push((l, r));
    }
    if pairs.len() < 2 {
        return Err("a matching question with fewer than 2 pairs".into());
    }
    let dup = |side: fn(&(String, String)) -> &String| {
        let mut seen = std::collections::HashSet::new();
        pairs.iter().any(|p| !seen.insert(side(p)))
    };
    if dup(|p| &p.0) || dup(|p| &p.1) {
        return Err("two of its pairs have the same left or right side".into());
    }
    Ok(Kind::Match(pairs))
}

#[cfg(test)]
mod tests;
