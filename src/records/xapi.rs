//! The record bundle as xAPI 1.0.3 statements, for learning record stores.
//!
//! Statement ids are UUID v5 of the learner, course, item, attempt and
//! what happened, so exporting or syncing the same history twice gives the
//! same ids and a store never holds a statement twice.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::bundle::{AnswerRecord, AttemptRecord, CourseRecord, LearnerRecord};
use crate::course::{Answer, Course, Question, Text};
use crate::quiz::{Response, parse_number};
use crate::util::set_field;

/// The namespace of every statement id Slate makes (a fixed, random UUID).
const NAMESPACE: Uuid = Uuid::from_u128(0x2f0b_6c1e_8d4a_4b7e_9c35_1a6e_d0f4_b872);

pub const VERB_EXPERIENCED: &str = "http://adlnet.gov/expapi/verbs/experienced";
pub const VERB_ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
pub const VERB_PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
pub const VERB_FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
pub const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";

/// Where learners' accounts live when the course names no issuer site.
pub const DEFAULT_HOME_PAGE: &str = "https://slate.invalid/learners";

/// Characters escaped when an id goes into an activity IRI.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The IRI every activity of `course` hangs from: `[credential]
/// achievement_id` where the course sets it, else `urn:slate:course:<id>`.
pub fn course_iri(course: &Course) -> String {
    match course
        .credential
        .as_ref()
        .and_then(|c| c.achievement_id.as_deref())
    {
        Some(base) => base.trim_end_matches('/').to_string(),
        None => format!("urn:slate:course:{}", segment(&course.id)),
    }
}

fn segment(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

pub fn item_iri(course: &Course, item: &str) -> String {
    format!("{}/items/{}", course_iri(course), segment(item))
}

pub fn question_iri(course: &Course, quiz: &str, question: &str) -> String {
    format!("{}/questions/{}", item_iri(course, quiz), segment(question))
}

/// The statement id for one event; `parts` name it within the course.
pub fn statement_id(learner: &str, course: &str, parts: &[&str]) -> Uuid {
    let mut name = format!("{learner}\u{1f}{course}");
    for p in parts {
        name.push('\u{1f}');
        name.push_str(p);
    }
    Uuid::new_v5(&NAMESPACE, name.as_bytes())
}

/// The learner as an xAPI agent: their email where they gave one, else an
/// account on `home_page` named by their stable id.
pub fn actor(learner: &LearnerRecord, home_page: &str) -> Value {
    let mut agent = json!({ "objectType": "Agent", "name": learner.name });
    match learner.email.as_deref().filter(|e| e.contains('@')) {
        Some(email) => set_field(&mut agent, "mbox", json!(format!("mailto:{email}"))),
        None => set_field(
            &mut agent,
            "account",
            json!({ "homePage": home_page, "name": learner.id }),
        ),
    }
    agent
}

/// The account home page: the issuer's site where the course names one.
pub fn home_page(course: &Course) -> String {
    course
        .credential
        .as_ref()
        .and_then(|c| c.issuer.as_ref())
        .and_then(|i| i.url.clone())
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .unwrap_or_else(|| DEFAULT_HOME_PAGE.to_string())
}

fn lang_map(text: &Text) -> Value {
    let mut m = Map::new();
    for (lang, s) in &text.0 {
        m.insert(lang.clone(), json!(s));
    }
    Value::Object(m)
}

fn verb(id: &str) -> Value {
    let word = id.rsplit('/').next().unwrap_or(id);
    json!({ "id": id, "display": { "en-US": word } })
}

fn activity(id: String, kind: &str, name: &Text) -> Value {
    json!({
        "objectType": "Activity",
        "id": id,
        "definition": {
            "type": format!("http://adlnet.gov/expapi/activities/{kind}"),
            "name": lang_map(name),
        }
    })
}

fn score(points: f64, max: f64) -> Value {
    let scaled = if max > 0.0 {
        (points / max).clamp(0.0, 1.0)
    } else {
        0.0
    };
    json!({ "scaled": round4(scaled), "raw": points, "min": 0.0, "max": max })
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Every statement the record holds, in the order things happened within
/// each kind: lessons read, answers, quiz verdicts, then completion.
pub fn statements(learner: &LearnerRecord, record: &CourseRecord, course: &Course) -> Vec<Value> {
    let actor = actor(learner, &home_page(course));
    let course_activity = activity(course_iri(course), "course", &course.title);
    let registration = statement_id(&learner.id, &course.id, &["registration"]).to_string();
    let context = |parent: Option<Value>| {
        let mut c = json!({
            "registration": registration,
            "contextActivities": { "grouping": [ { "objectType": "Activity", "id": course_iri(course) } ] },
            "platform": "Slate",
            "language": course.language,
        });
        if let (Some(p), Some(activities)) = (parent, c.get_mut("contextActivities")) {
            set_field(activities, "parent", json!([p]));
        }
        c
    };
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for it in record.items.iter().filter(|i| i.event == "read") {
        let Some(item) = course.item(&it.item) else {
            continue;
        };
        if !CourseRecord::is_lesson(course, &it.item) || !seen.insert(it.item.as_str()) {
            continue;
        }
        out.push(json!({
            "id": statement_id(&learner.id, &course.id, &[&it.item, "experienced"]).to_string(),
            "actor": actor,
            "verb": verb(VERB_EXPERIENCED),
            "object": activity(item_iri(course, &it.item), "lesson", item.title()),
            "context": context(None),
            "timestamp": it.at,
        }));
    }
    for a in &record.attempts {
        let Some(item) = course.item(&a.quiz) else {
            continue;
        };
        let quiz_activity = activity(item_iri(course, &a.quiz), "assessment", item.title());
        let quiz = course
            .quizzes()
            .find(|(i, _)| i.id == a.quiz)
            .map(|(_, q)| q);
        for ans in &a.answers {
            let Some(q) = quiz.and_then(|q| q.questions.iter().find(|q| q.id == ans.question))
            else {
                continue;
            };
            out.push(answered(
                learner,
                course,
                a,
                ans,
                q,
                &actor,
                context(Some(quiz_activity.clone())),
            ));
        }
        if let (Some(finished), Some(points), Some(max), Some(passed)) =
            (&a.finished_at, a.points, a.max, a.passed)
        {
            let number = a.number.to_string();
            out.push(json!({
                "id": statement_id(&learner.id, &course.id, &[&a.quiz, &number, "verdict"]).to_string(),
                "actor": actor,
                "verb": verb(if passed { VERB_PASSED } else { VERB_FAILED }),
                "object": quiz_activity,
                "result": { "score": score(points, max), "success": passed, "completion": true },
                "context": context(None),
                "timestamp": finished,
            }));
        }
    }
    if let Some(at) = record.completed_at() {
        out.push(json!({
            "id": statement_id(&learner.id, &course.id, &["completed"]).to_string(),
            "actor": actor,
            "verb": verb(VERB_COMPLETED),
            "object": course_activity,
            "result": {
                "score": { "scaled": round4(record.grades.quiz_score.clamp(0.0, 1.0)) },
                "success": true,
                "completion": true,
            },
            "context": { "registration": registration, "platform": "Slate", "language": course.language },
            "timestamp": at,
        }));
    }
    out
}

fn answered(
    learner: &LearnerRecord,
    course: &Course,
    a: &AttemptRecord,
    ans: &AnswerRecord,
    q: &Question,
    actor: &Value,
    context: Value,
) -> Value {
    let number = a.number.to_string();
    let mut object = activity(
        question_iri(course, &a.quiz, &q.id),
        "cmi.interaction",
        &q.prompt,
    );
    let (kind, pattern) = interaction(q);
    if let Some(definition) = object.get_mut("definition") {
        set_field(definition, "interactionType", json!(kind));
        if let Some(p) = pattern {
            set_field(definition, "correctResponsesPattern", json!([p]));
        }
        add_components(definition, &q.answer);
    }
    json!({
        "id": statement_id(&learner.id, &course.id, &[&a.quiz, &number, &q.id, "answered"]).to_string(),
        "actor": actor,
        "verb": verb(VERB_ANSWERED),
        "object": object,
        "result": {
            "response": response(&ans.response),
            "success": ans.correct,
            "score": score(ans.points, ans.max),
        },
        "context": context,
        "timestamp": ans.at,
    })
}

/// The xAPI interaction type of a question and its correct response in
/// xAPI's response syntax (none for typed text, which may have many).
fn interaction(q: &Question) -> (&'static str, Option<String>) {
    match &q.answer {
        Answer::Single { choices } | Answer::Multiple { choices, .. } => (
            "choice",
            Some(id_list(
                "c",
                choices
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.correct)
                    .map(|(i, _)| i),
            )),
        ),
        Answer::TrueFalse { answer } => ("true-false", Some(answer.to_string())),
        Answer::Text { .. } => ("fill-in", None),
        Answer::Number { answer, tolerance } => (
            "numeric",
            Some(if *tolerance > 0.0 {
                format!("{}[:]{}", answer - tolerance, answer + tolerance)
            } else {
                answer.to_string()
            }),
        ),
        Answer::Order { items } => ("sequencing", Some(id_list("i", 0..items.len()))),
        Answer::Match { pairs } => (
            "matching",
            Some(pair_list((0..pairs.len()).map(|i| (i, i)))),
        ),
    }
}

/// Component ids in xAPI's response syntax: `c0[,]c2`.
fn id_list(prefix: &str, indices: impl IntoIterator<Item = usize>) -> String {
    indices
        .into_iter()
        .map(|i| format!("{prefix}{i}"))
        .collect::<Vec<_>>()
        .join("[,]")
}

/// Matching pairs (left, right) in xAPI's syntax: `l0[.]r1[,]l1[.]r0`.
fn pair_list(pairs: impl IntoIterator<Item = (usize, usize)>) -> String {
    pairs
        .into_iter()
        .map(|(l, r)| format!("l{l}[.]r{r}"))
        .collect::<Vec<_>>()
        .join("[,]")
}

fn component(prefix: &str, texts: impl Iterator<Item = Text>) -> Value {
    Value::Array(
        texts
            .enumerate()
            .map(|(i, t)| json!({ "id": format!("{prefix}{i}"), "description": lang_map(&t) }))
            .collect(),
    )
}

fn add_components(definition: &mut Value, answer: &Answer) {
    match answer {
        Answer::Single { choices } | Answer::Multiple { choices, .. } => {
            set_field(
                definition,
                "choices",
                component("c", choices.iter().map(|c| c.text.clone())),
            );
        }
        Answer::Order { items } => {
            set_field(definition, "choices", component("i", items.iter().cloned()));
        }
        Answer::Match { pairs } => {
            set_field(
                definition,
                "source",
                component("l", pairs.iter().map(|p| p.0.clone())),
            );
            set_field(
                definition,
                "target",
                component("r", pairs.iter().map(|p| p.1.clone())),
            );
        }
        Answer::TrueFalse { .. } | Answer::Text { .. } | Answer::Number { .. } => {}
    }
}

/// A response in xAPI's syntax, with the same component ids as the
/// question's definition.
fn response(r: &Response) -> String {
    match r {
        Response::Choice(i) => id_list("c", [*i]),
        Response::Choices(v) => id_list("c", v.iter().copied()),
        Response::Bool(b) => b.to_string(),
        Response::Text(s) => s.clone(),
        // Typed with a decimal comma or point; xAPI wants a number.
        Response::Number(s) => parse_number(s).map_or_else(|| s.clone(), |n| n.to_string()),
        Response::Order(v) => id_list("i", v.iter().copied()),
        Response::Match(v) => pair_list(v.iter().copied().enumerate()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_use_the_component_ids_of_the_definition() {
        assert_eq!(response(&Response::Choice(2)), "c2");
        assert_eq!(response(&Response::Choices(vec![0, 3])), "c0[,]c3");
        assert_eq!(response(&Response::Order(vec![2, 0, 1])), "i2[,]i0[,]i1");
        assert_eq!(response(&Response::Match(vec![1, 0])), "l0[.]r1[,]l1[.]r0");
        assert_eq!(response(&Response::Number("3,5".into())), "3.5");
        assert_eq!(response(&Response::Bool(false)), "false");
    }
}
