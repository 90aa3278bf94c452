//! A read bank as a Slate package: one quiz file per category and a
//! course.toml listing them. Every string goes through the `toml` crate,
//! so no text of the bank can break out of its quotes.

use std::fmt::Write as _;

use super::slug::{Unique, from_title};
use super::{Bank, Draft, DraftChoice, Entry, Kind, Report};

/// A quiz file is split before it reaches this size: the checker refuses
/// quiz files over 1 MiB.
const SPLIT_BYTES: usize = 768 * 1024;
/// One question larger than this cannot go into any quiz file.
const MAX_QUESTION_BYTES: usize = 900 * 1024;
/// Categories beyond this many are not imported (each is a file, and a
/// package holds at most 20,000).
const MAX_QUIZZES: usize = 1000;

/// The package to write, and the report.
#[derive(Debug)]
pub struct Output {
    pub course_toml: String,
    /// (path inside the package, content).
    pub quizzes: Vec<(String, String)>,
    pub report: Report,
    /// 2 when a question needs a key of package format 2.
    pub format: i64,
}

struct QuizOut {
    id: String,
    title: String,
    body: String,
    ids: Unique,
}

/// Makes the package: `name` titles the course and the questions of no
/// category; `language` is its language tag.
pub fn build(bank: Bank, name: &str, language: &str) -> Output {
    let mut quiz_ids = Unique::default();
    let mut quizzes: Vec<QuizOut> = Vec::new();
    // For each category: the quiz now taking its questions, and how many
    // parts the category has (a large one is split).
    let mut current: Vec<(Option<String>, usize, usize)> = Vec::new();
    let mut entries = Vec::new();
    let mut format = 1;
    for (n, read) in bank.questions.into_iter().enumerate() {
        let mut entry = Entry {
            line: read.line,
            title: read.title.clone(),
            became: Err(String::new()),
            lost: read.lost,
        };
        let draft = match read.outcome {
            Ok(d) => d,
            Err(why) => {
                entry.became = Err(why);
                entries.push(entry);
                continue;
            }
        };
        let at = match current.iter().find(|(c, _, _)| *c == read.category) {
            Some((_, at, _)) => Some(*at),
            None if quizzes.len() < MAX_QUIZZES => {
                let title = read.category.clone().unwrap_or_else(|| name.to_string());
                quizzes.push(new_quiz(&mut quiz_ids, &title, quizzes.len()));
                current.push((read.category.clone(), quizzes.len() - 1, 1));
                Some(quizzes.len() - 1)
            }
            None => None,
        };
        let Some(mut at) = at else {
            entry.became = Err(format!(
                "the bank has more than {MAX_QUIZZES} categories; those after are not imported"
            ));
            entries.push(entry);
            continue;
        };
        let base = draft
            .title
            .as_deref()
            .and_then(from_title)
            .unwrap_or_else(|| format!("q-{}", n + 1));
        let probe = render(&draft, &base);
        if probe.0.len() > MAX_QUESTION_BYTES {
            entry.became = Err("it is too long for a quiz file (over 900 KiB)".into());
            entries.push(entry);
            continue;
        }
        if quizzes
            .get(at)
            .is_some_and(|q| q.body.len() + probe.0.len() > SPLIT_BYTES)
            && quizzes.len() < MAX_QUIZZES
            && let Some(c) = current.iter_mut().find(|(c, _, _)| *c == read.category)
        {
            c.2 += 1;
            let base = read.category.clone().unwrap_or_else(|| name.to_string());
            let title = format!("{base} ({})", c.2);
            quizzes.push(new_quiz(&mut quiz_ids, &title, quizzes.len()));
            at = quizzes.len() - 1;
            c.1 = at;
        }
        let Some(q) = quizzes.get_mut(at) else {
            continue;
        };
        let id = q.ids.take(&base);
        // Rendered again only when a clash changed the id.
        let (toml, needs_2) = if id == base {
            probe
        } else {
            render(&draft, &id)
        };
        if needs_2 {
            format = 2;
        }
        q.body.push_str(&toml);
        entry.became = Ok((quiz_path(&q.id), id, draft.kind.type_name()));
        entries.push(entry);
    }
    let quizzes: Vec<(String, String)> = quizzes
        .into_iter()
        .filter(|q| !q.body.is_empty())
        .map(|q| {
            let head = format!("id = {}\ntitle = {}\n", s(&q.id), s(&q.title));
            (quiz_path(&q.id), head + &q.body)
        })
        .collect();
    let report = Report {
        entries,
        notes: bank.notes,
        quizzes: quizzes.len(),
    };
    Output {
        course_toml: course_toml(name, language, format, &quizzes),
        quizzes,
        report,
        format,
    }
}

fn new_quiz(ids: &mut Unique, title: &str, k: usize) -> QuizOut {
    let base = from_title(title).unwrap_or_else(|| format!("quiz-{}", k + 1));
    QuizOut {
        id: ids.take(&base),
        title: title.to_string(),
        body: String::new(),
        ids: Unique::default(),
    }
}

fn quiz_path(id: &str) -> String {
    format!("quizzes/{id}.toml")
}

fn course_toml(name: &str, language: &str, format: i64, quizzes: &[(String, String)]) -> String {
    let id = from_title(name).unwrap_or_else(|| "imported-questions".into());
    let items: Vec<toml::Value> = quizzes
        .iter()
        .map(|(p, _)| toml::Value::String(p.clone()))
        .collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Imported from a Moodle question bank by `slate import`."
    );
    if format == 2 {
        let _ = writeln!(
            out,
            "# Format 2: some questions give part marks or feedback that format 1 has no place for."
        );
    }
    let _ = writeln!(out, "format = {format}");
    let _ = writeln!(out, "id = {}", s(&id));
    let _ = writeln!(out, "version = \"1.0.0\"");
    let _ = writeln!(out, "language = {}", s(language));
    let _ = writeln!(out, "title = {}", s(name));
    let _ = writeln!(out, "\n[[module]]\nid = \"questions\"\ntitle = {}", s(name));
    let _ = writeln!(out, "items = {}", toml::Value::Array(items));
    out
}

/// A string as a TOML value, quoted and escaped by the `toml` crate.
fn s(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn f(x: f64) -> String {
    toml::Value::Float(x).to_string()
}

/// A question's `[[question]]` table, and whether it needs format 2.
fn render(d: &Draft, id: &str) -> (String, bool) {
    let mut o = String::new();
    let mut v2 = false;
    let _ = writeln!(
        o,
        "\n[[question]]\nid = {}\ntype = \"{}\"",
        s(id),
        d.kind.type_name()
    );
    let _ = writeln!(o, "prompt = {}", s(&d.prompt));
    if let Some(e) = &d.explanation {
        let _ = writeln!(o, "explanation = {}", s(e));
    }
    match &d.kind {
        Kind::Single(cs) => {
            for c in cs {
                v2 |= choice(&mut o, c, true);
            }
        }
        Kind::Multiple(cs) => {
            for c in cs {
                v2 |= choice(&mut o, c, false);
            }
        }
        Kind::TrueFalse {
            answer,
            feedback_true,
            feedback_false,
        } => {
            let _ = writeln!(o, "answer = {answer}");
            for (k, v) in [
                ("feedback_true", feedback_true),
                ("feedback_false", feedback_false),
            ] {
                if let Some(v) = v {
                    v2 = true;
                    let _ = writeln!(o, "{k} = {}", s(v));
                }
            }
        }
        Kind::Text(answers) => {
            if answers
                .iter()
                .all(|a| a.credit >= 1.0 && a.feedback.is_none())
            {
                let list: Vec<toml::Value> = answers
                    .iter()
                    .map(|a| toml::Value::String(a.value.clone()))
                    .collect();
                let _ = writeln!(o, "accept = {}", toml::Value::Array(list));
            } else {
                v2 = true;
                for a in answers {
                    let _ = writeln!(o, "\n[[question.accepted]]\ntext = {}", s(&a.value));
                    typed_rest(&mut o, a.credit, a.feedback.as_deref());
                }
            }
        }
        Kind::Number(answers) => match answers.as_slice() {
            [a] if a.credit >= 1.0 && a.feedback.is_none() => {
                let _ = writeln!(o, "answer = {}", f(a.value.answer));
                if a.value.tolerance > 0.0 {
                    let _ = writeln!(o, "tolerance = {}", f(a.value.tolerance));
                }
            }
            _ => {
                v2 = true;
                for a in answers {
                    let _ = writeln!(o, "\n[[question.accepted]]\nanswer = {}", f(a.value.answer));
                    if a.value.tolerance > 0.0 {
                        let _ = writeln!(o, "tolerance = {}", f(a.value.tolerance));
                    }
                    typed_rest(&mut o, a.credit, a.feedback.as_deref());
                }
            }
        },
        Kind::Match(pairs) => {
            let list: Vec<toml::Value> = pairs
                .iter()
                .map(|(l, r)| {
                    toml::Value::Array(vec![
                        toml::Value::String(l.clone()),
                        toml::Value::String(r.clone()),
                    ])
                })
                .collect();
            let _ = writeln!(o, "pairs = {}", toml::Value::Array(list));
        }
    }
    (o, v2)
}

fn typed_rest(o: &mut String, credit: f64, feedback: Option<&str>) {
    if credit < 1.0 {
        let _ = writeln!(o, "credit = {}", f(credit));
    }
    if let Some(fb) = feedback {
        let _ = writeln!(o, "feedback = {}", s(fb));
    }
}

/// A `[[question.choice]]`; whether it needs format 2 (a credit other
/// than all or nothing).
fn choice(o: &mut String, c: &DraftChoice, single: bool) -> bool {
    let _ = writeln!(o, "\n[[question.choice]]\ntext = {}", s(&c.text));
    let v2 = if single {
        if c.credit >= 1.0 {
            let _ = writeln!(o, "correct = true");
            false
        } else if c.credit > 0.0 {
            let _ = writeln!(o, "credit = {}", f(c.credit));
            true
        } else {
            // A negative share in a single-choice question earns what a
            // wrong answer does: nothing.
            false
        }
    } else {
        if c.credit != 0.0 {
            let _ = writeln!(o, "credit = {}", f(c.credit));
        }
        true
    };
    if let Some(fb) = &c.feedback {
        let _ = writeln!(o, "feedback = {}", s(fb));
    }
    v2
}
