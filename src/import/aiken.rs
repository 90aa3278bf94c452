//! Moodle's Aiken format: a question line, choices `A.` or `A)`, then
//! `ANSWER: B`. It has single-choice questions only, and no titles.

use std::collections::BTreeSet;

use super::html_md::{Format, to_markdown};
use super::{Bank, Draft, DraftChoice, Kind, Read};

struct Pending {
    line: usize,
    prompt: Vec<String>,
    /// (letter, text, line).
    choices: Vec<(char, String, usize)>,
    problem: Option<String>,
}

/// `A. text` or `A) text`: the letter and the text.
fn choice_line(t: &str) -> Option<(char, &str)> {
    let mut chars = t.chars();
    let letter = chars.next().filter(char::is_ascii_uppercase)?;
    let mark = chars.next()?;
    let rest = chars.as_str();
    ((mark == '.' || mark == ')') && rest.starts_with([' ', '\t'])).then(|| (letter, rest.trim()))
}

fn answer_line(t: &str) -> Option<&str> {
    let head = t.get(..7)?;
    head.eq_ignore_ascii_case("ANSWER:")
        .then(|| t.get(7..).unwrap_or("").trim())
}

/// Reads an Aiken bank (already decoded and cleaned by [`super::clean`]).
pub fn parse(text: &str) -> Bank {
    let mut bank = Bank::default();
    let mut cur: Option<Pending> = None;
    for (i, line) in text.split('\n').enumerate() {
        let n = i + 1;
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if let Some((letter, body)) = choice_line(t) {
            match cur.as_mut() {
                None => bank
                    .notes
                    .push((n, format!("the choice {letter}. comes before any question"))),
                Some(q) => {
                    if q.choices.iter().any(|(l, _, _)| *l == letter) {
                        q.problem
                            .get_or_insert(format!("line {n}: a second choice {letter}."));
                    }
                    q.choices.push((letter, body.to_string(), n));
                }
            }
        } else if let Some(answer) = answer_line(t) {
            match cur.take() {
                None => bank
                    .notes
                    .push((n, "an `ANSWER:` line comes before any question".into())),
                Some(q) => bank.questions.push(finish(q, Some((answer, n)))),
            }
        } else {
            match cur.as_mut() {
                Some(q) if q.choices.is_empty() => q.prompt.push(t.to_string()),
                _ => {
                    if let Some(q) = cur.take() {
                        bank.questions.push(finish(q, None));
                    }
                    cur = Some(Pending {
                        line: n,
                        prompt: vec![t.to_string()],
                        choices: Vec::new(),
                        problem: None,
                    });
                }
            }
        }
    }
    if let Some(q) = cur.take() {
        bank.questions.push(finish(q, None));
    }
    bank
}

fn finish(q: Pending, answer: Option<(&str, usize)>) -> Read {
    let mut lost = BTreeSet::new();
    let outcome = draft(&q, answer, &mut lost);
    Read {
        line: q.line,
        category: None,
        title: None,
        outcome,
        lost: lost.into_iter().collect(),
    }
}

fn draft(
    q: &Pending,
    answer: Option<(&str, usize)>,
    lost: &mut BTreeSet<String>,
) -> Result<Draft, String> {
    if let Some(p) = &q.problem {
        return Err(p.clone());
    }
    let Some((answer, at)) = answer else {
        let after = q.choices.last().map_or(q.line, |c| c.2);
        return Err(format!("no `ANSWER:` line after line {after}"));
    };
    if q.choices.len() < 2 {
        return Err(format!(
            "line {at}: `ANSWER: {answer}` follows {} choice(s); a question needs at least 2",
            q.choices.len()
        ));
    }
    let letter = answer
        .chars()
        .next()
        .filter(|_| answer.chars().count() == 1);
    let Some(right) = letter.filter(|l| q.choices.iter().any(|(c, _, _)| c == l)) else {
        let letters: Vec<String> = q.choices.iter().map(|(c, _, _)| c.to_string()).collect();
        return Err(format!(
            "line {at}: `ANSWER: {answer}` names none of the choices ({})",
            letters.join(", ")
        ));
    };
    let prompt = to_markdown(&q.prompt.join("\n"), Format::Plain, lost);
    let choices = q
        .choices
        .iter()
        .map(|(l, text, _)| DraftChoice {
            text: to_markdown(text, Format::Plain, lost),
            credit: if *l == right { 1.0 } else { 0.0 },
            feedback: None,
        })
        .collect();
    Ok(Draft {
        title: None,
        prompt,
        explanation: None,
        kind: Kind::Single(choices),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_questions_and_says_what_is_wrong_by_line() {
        let bank = parse(
            "Mật khẩu nào mạnh nhất?\nA. 123456\nB) correct horse battery staple\nANSWER: B\n\nSecond?\nA. x\nB. y\nANSWER: C\nThird?\nA. x\nB. y\n\nFourth?\nA. x\nA. y\nANSWER: A\n",
        );
        assert_eq!(bank.questions.len(), 4);
        let first = bank.questions[0].outcome.as_ref().unwrap();
        assert_eq!(first.prompt, "Mật khẩu nào mạnh nhất?");
        match &first.kind {
            Kind::Single(c) => assert_eq!(
                c.iter().map(|c| c.credit).collect::<Vec<_>>(),
                vec![0.0, 1.0]
            ),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            bank.questions[1].outcome.as_ref().unwrap_err(),
            "line 9: `ANSWER: C` names none of the choices (A, B)"
        );
        assert_eq!(bank.questions[2].line, 10);
        assert!(
            bank.questions[2]
                .outcome
                .as_ref()
                .unwrap_err()
                .contains("no `ANSWER:`")
        );
        assert!(
            bank.questions[3]
                .outcome
                .as_ref()
                .unwrap_err()
                .contains("line 16")
        );
    }

    #[test]
    fn stray_lines_are_notes() {
        let bank = parse("A. alone\nANSWER: A\n");
        assert_eq!(bank.questions.len(), 0);
        assert_eq!(bank.notes.len(), 2);
    }
}
