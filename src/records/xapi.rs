//! The record bundle as xAPI 1.0.3 statements, for learning record stores.
//!
//! A statement's id is a UUID v5 of its content (display texts aside), so
//! exporting or syncing the same history twice gives the same ids and a
//! store never holds a statement twice, and a statement whose facts change
//! (a retake's new score) is a new statement: xAPI statements are
//! immutable. A learner's statements in one course share one
//! `context.registration`.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::bundle::{AnswerRecord, CourseRecord, LearnerRecord};
use crate::course::{Answer, Course, Question, Text};
use crate::quiz::{Response, parse_number};
use crate::util::set_field;

/// The namespace of registrations and credential ids (a fixed, random UUID).
const NAMESPACE: Uuid = Uuid::from_u128(0x2f0b_6c1e_8d4a_4b7e_9c35_1a6e_d0f4_b872);
/// The namespace of statement ids, made from their content (another fixed,
/// random UUID: ids from before statements were content-addressed named
/// events, and must not be mistaken for these).
const CONTENT_NAMESPACE: Uuid = Uuid::from_u128(0x8c41_57d2_0e6b_4f19_a3d8_6b20_f95e_1c47);

pub const VERB_EXPERIENCED: &str = "http://adlnet.gov/expapi/verbs/experienced";
pub const VERB_ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
pub const VERB_PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
pub const VERB_FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
pub const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";

pub const VERB_TERMINATED: &str = "http://adlnet.gov/expapi/verbs/terminated";

/// Where learners' accounts live when the configuration names no site
/// (`[records] home_page`): one place for every course, so one learner is
/// one actor.
pub const DEFAULT_HOME_PAGE: &str = "https://slate.invalid/learners";
/// The context extension holding an answer's or a verdict's attempt number.
pub const EXT_ATTEMPT: &str = "urn:slate:xapi:attempt";
/// The definition extension holding what a format-2 question's answers
/// are worth: each choice's credit (`{"c0": 0.5, …}`), or each accepted
/// typed answer's response pattern, credit and feedback.
pub const EXT_CREDITS: &str = "urn:slate:xapi:credits";
/// The definition extension holding a true/false question's feedback for
/// each answer (`{"true": {…}, "false": {…}}`, language maps).
pub const EXT_FEEDBACK: &str = "urn:slate:xapi:feedback";

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

/// A UUID v5 naming one thing of a learner in a course (`parts` name it
/// within the course): credential ids, and the registration.
pub fn named_id(learner: &str, course: &str, parts: &[&str]) -> Uuid {
    let mut name = format!("{learner}\u{1f}{course}");
    for p in parts {
        name.push('\u{1f}');
        name.push_str(p);
    }
    Uuid::new_v5(&NAMESPACE, name.as_bytes())
}

/// The registration that ties a learner's statements in one course
/// together (every attempt, every retake).
pub fn registration(learner: &str, course: &str) -> Uuid {
    named_id(learner, course, &["registration"])
}

/// The learner as an xAPI agent: their email where they gave one, else an
/// account on `home_page` (the installation's, the same in every course)
/// named by their stable id.
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

/// A home page for learners' accounts, as the configuration gives it.
pub fn valid_home_page(url: &str) -> Result<String, String> {
    web_address(url)
        .map_err(|why| format!("{why}; give a web address such as https://school.example.edu.vn/"))
}

/// An absolute http(s) address as a person typed it: ASCII spaces around
/// it are dropped, the scheme is written in lower case, and anything a
/// terminal or a record store would misread (spaces, control and
/// direction characters), a user name or password in it, or no host, is
/// refused with the reason.
pub fn web_address(url: &str) -> Result<String, String> {
    let url = url.trim_matches(|c: char| c.is_ascii_whitespace());
    let shown = crate::text::quote(url);
    if url.len() > 2000 {
        return Err("the address is longer than 2,000 characters".into());
    }
    if url.chars().any(char::is_whitespace) || crate::text::sanitize(url) != url {
        return Err(format!(
            "{shown} has spaces, control or direction characters in it"
        ));
    }
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(format!("{shown} does not start with https:// or http://"));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(format!(
            "{} has a user name or password in it; give those apart (never in an address that is printed and kept)",
            crate::text::quote(&format!(
                "{scheme}://…@{}",
                authority.rsplit('@').next().unwrap_or("")
            ))
        ));
    }
    if authority.is_empty() || authority.starts_with(':') {
        return Err(format!("{shown} names no host"));
    }
    Ok(format!("{scheme}://{rest}"))
}

/// The id of a statement: a UUID v5 of its facts (everything but the
/// display texts a later Slate or an edited course may word differently),
/// so that one id always names one content. A changed score or time is a
/// new statement, never a new version of an old one.
pub fn content_id(statement: &Value) -> Uuid {
    let facts = facts(statement);
    let mut canonical = String::new();
    write_canonical(&facts, &mut canonical);
    Uuid::new_v5(&CONTENT_NAMESPACE, canonical.as_bytes())
}

/// A statement without what is not a fact about the learner: the names
/// shown for the actor, the verb and the activities, and what the record
/// store adds (`id`, `stored`, `authority`, `version`).
pub fn facts(statement: &Value) -> Value {
    let mut s = statement.clone();
    if let Some(m) = s.as_object_mut() {
        for key in ["id", "stored", "authority", "version"] {
            m.remove(key);
        }
    }
    if let Some(m) = s.get_mut("actor").and_then(Value::as_object_mut) {
        m.remove("name");
    }
    if let Some(m) = s.get_mut("verb").and_then(Value::as_object_mut) {
        m.remove("display");
    }
    if let Some(m) = s.get_mut("object").and_then(Value::as_object_mut) {
        m.remove("definition");
    }
    if let Some(kinds) = s
        .pointer_mut("/context/contextActivities")
        .and_then(Value::as_object_mut)
    {
        for list in kinds.values_mut() {
            for a in list.as_array_mut().into_iter().flatten() {
                if let Some(m) = a.as_object_mut() {
                    m.remove("definition");
                }
            }
        }
    }
    s
}

/// Whether two statements state the same facts, as a record store may give
/// one back: numbers compared as numbers (`1` and `1.0`), times as instants
/// (`Z` and `+00:00`), objects whatever their key order.
pub fn same_facts(a: &Value, b: &Value) -> bool {
    same_value(&facts(a), &facts(b))
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0),
            _ => x == y,
        },
        (Value::String(x), Value::String(y)) => x == y || same_instant(x, y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_value(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => a == b,
    }
}

fn same_instant(a: &str, b: &str) -> bool {
    use time::format_description::well_known::Rfc3339;
    match (
        time::OffsetDateTime::parse(a, &Rfc3339),
        time::OffsetDateTime::parse(b, &Rfc3339),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// JSON with object keys sorted, whatever order the map keeps them in.
fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(&m[k], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// An ISO 8601 duration of whole seconds: `PT1H2M5S`, `PT0S`.
pub fn duration(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut out = "PT".to_string();
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if s > 0 || (h == 0 && m == 0) {
        out.push_str(&format!("{s}S"));
    }
    out
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

/// The statements of one learner's record in one course, in this order:
/// lessons read, visits (with their time), answers, quiz verdicts, then
/// each completion. `home_page` names the installation (see [`actor`]).
pub fn statements(
    learner: &LearnerRecord,
    record: &CourseRecord,
    course: &Course,
    home_page: &str,
) -> Vec<Value> {
    let actor = actor(learner, home_page);
    let course_activity = activity(course_iri(course), "course", &course.title);
    let registration = registration(&learner.id, &course.id).to_string();
    // The context of a statement: its registration, the course it is part
    // of, the quiz an answer belongs to, the language it happened in
    // (left out where it was not recorded: history from before Slate kept
    // it), and the attempt.
    let context = |parent: Option<&Value>, lang: Option<&str>, attempt: Option<u32>| {
        let mut c = json!({ "registration": registration, "platform": "Slate" });
        let mut activities =
            json!({ "grouping": [ { "objectType": "Activity", "id": course_iri(course) } ] });
        if let Some(p) = parent {
            set_field(&mut activities, "parent", json!([p]));
        }
        set_field(&mut c, "contextActivities", activities);
        if let Some(lang) = lang {
            set_field(&mut c, "language", json!(lang));
        }
        if let Some(n) = attempt {
            set_field(&mut c, "extensions", json!({ EXT_ATTEMPT: n }));
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
            "actor": actor,
            "verb": verb(VERB_EXPERIENCED),
            "object": activity(item_iri(course, &it.item), "lesson", item.title()),
            "context": context(None, it.lang.as_deref(), None),
            "timestamp": it.at,
        }));
    }
    for v in record.visits.iter().filter(|v| v.seconds > 0) {
        let Some(item) = course.item(&v.item) else {
            continue;
        };
        let kind = if CourseRecord::is_lesson(course, &v.item) {
            "lesson"
        } else {
            "assessment"
        };
        out.push(json!({
            "actor": actor,
            "verb": verb(VERB_TERMINATED),
            "object": activity(item_iri(course, &v.item), kind, item.title()),
            "result": { "duration": duration(v.seconds) },
            "context": context(None, v.lang.as_deref(), None),
            "timestamp": v.at,
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
            let lang = ans.lang.as_deref().or(a.lang.as_deref());
            out.push(answered(
                course,
                &a.quiz,
                ans,
                q,
                &actor,
                context(Some(&quiz_activity), lang, Some(a.number)),
            ));
        }
        if let (Some(finished), Some(points), Some(max), Some(passed)) =
            (&a.finished_at, a.points, a.max, a.passed)
        {
            let mut result =
                json!({ "score": score(points, max), "success": passed, "completion": true });
            if let Some(seconds) = a.seconds {
                set_field(&mut result, "duration", json!(duration(seconds)));
            }
            out.push(json!({
                "actor": actor,
                "verb": verb(if passed { VERB_PASSED } else { VERB_FAILED }),
                "object": quiz_activity,
                "result": result,
                "context": context(None, a.lang.as_deref(), Some(a.number)),
                "timestamp": finished,
            }));
        }
    }
    let study: u64 = record.visits.iter().map(|v| v.seconds).sum();
    for done in record.completions(course) {
        // The time studied up to this completion, over the whole course.
        let until = super::bundle::instant(&done.at);
        let studied: u64 = record
            .visits
            .iter()
            .filter(|v| super::bundle::instant(&v.at) <= until)
            .map(|v| v.seconds)
            .sum();
        let mut result = json!({
            "score": { "scaled": round4(done.score) },
            "success": true,
            "completion": true,
        });
        if study > 0 {
            set_field(&mut result, "duration", json!(duration(studied)));
        }
        let mut c = json!({ "registration": registration, "platform": "Slate" });
        if let Some(lang) = &done.lang {
            set_field(&mut c, "language", json!(lang));
        }
        out.push(json!({
            "actor": actor,
            "verb": verb(VERB_COMPLETED),
            "object": course_activity,
            "result": result,
            "context": c,
            "timestamp": done.at,
        }));
    }
    for st in &mut out {
        let id = content_id(st).to_string();
        set_field(st, "id", json!(id));
    }
    out
}

fn answered(
    course: &Course,
    quiz: &str,
    ans: &AnswerRecord,
    q: &Question,
    actor: &Value,
    context: Value,
) -> Value {
    let mut object = activity(
        question_iri(course, quiz, &q.id),
        "cmi.interaction",
        &q.prompt,
    );
    if let Some(definition) = object.get_mut("definition") {
        set_field(
            definition,
            "interactionType",
            json!(interaction_type(&q.answer)),
        );
        set_field(
            definition,
            "correctResponsesPattern",
            json!(correct_responses(&q.answer)),
        );
        add_components(definition, &q.answer);
        add_format_2(definition, &q.answer);
    }
    json!({
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

/// The xAPI interaction type of a question.
fn interaction_type(answer: &Answer) -> &'static str {
    match answer {
        Answer::Single { .. } | Answer::Multiple { .. } => "choice",
        Answer::TrueFalse { .. } => "true-false",
        Answer::Text { .. } => "fill-in",
        Answer::Number { .. } => "numeric",
        Answer::Order { .. } => "sequencing",
        Answer::Match { .. } => "matching",
    }
}

/// Every correct response in xAPI's response syntax, with the component
/// ids of [`add_components`]: one pattern per accepted text (in each of its
/// languages), one range for a number.
pub fn correct_responses(answer: &Answer) -> Vec<String> {
    let ids = |prefix: &str, n: usize| -> Vec<String> {
        (0..n).map(|i| format!("{prefix}{i}")).collect()
    };
    match answer {
        Answer::Single { choices } | Answer::Multiple { choices, .. } => {
            let right: Vec<String> = crate::course::Choice::correct_indices(choices)
                .into_iter()
                .map(|i| format!("c{i}"))
                .collect();
            vec![list(&right)]
        }
        Answer::TrueFalse { answer, .. } => vec![answer.to_string()],
        // Slate compares typed text without regard to case, unless told.
        Answer::Text {
            accept,
            case_sensitive,
            ..
        } => accept
            .iter()
            .flat_map(|t| t.0.iter())
            .map(|(lang, text)| typed_pattern(Some(lang), text, *case_sensitive))
            .collect(),
        Answer::Number {
            answer,
            tolerance,
            accepted,
        } => {
            let mut out = vec![number_pattern(*answer, *tolerance)];
            for a in accepted.iter().filter(|a| a.credit >= 1.0) {
                let p = number_pattern(a.value.answer, a.value.tolerance);
                if !out.contains(&p) {
                    out.push(p);
                }
            }
            out
        }
        Answer::Order { items } => vec![list(&ids("i", items.len()))],
        Answer::Match { pairs } => {
            let pairs: Vec<(String, String)> = (0..pairs.len())
                .map(|i| (format!("l{i}"), format!("r{i}")))
                .collect();
            vec![pair_list(&pairs)]
        }
    }
}

/// A number with its tolerance as a pattern: `3.5`, or `3.4[:]3.6`.
fn number_pattern(answer: f64, tolerance: f64) -> String {
    if tolerance > 0.0 {
        number_range(
            Some(decimal(answer - tolerance, &[answer, tolerance])),
            Some(decimal(answer + tolerance, &[answer, tolerance])),
        )
    } else {
        decimal(answer, &[answer])
    }
}

fn typed_pattern(lang: Option<&str>, text: &str, case_sensitive: bool) -> String {
    if case_sensitive {
        fill_in(lang, text).replacen("{case_matters=false}", "{case_matters=true}", 1)
    } else {
        fill_in(lang, text)
    }
}

/// Format 2's credits and feedback, in the definition's extensions.
fn add_format_2(definition: &mut Value, answer: &Answer) {
    let mut ext = serde_json::Map::new();
    match answer {
        Answer::Single { choices } | Answer::Multiple { choices, .. }
            if crate::course::Choice::credited(choices) =>
        {
            let credits: serde_json::Map<String, Value> = choices
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("c{i}"), json!(c.share())))
                .collect();
            ext.insert(EXT_CREDITS.into(), Value::Object(credits));
        }
        Answer::TrueFalse {
            feedback_true,
            feedback_false,
            ..
        } if feedback_true.is_some() || feedback_false.is_some() => {
            let mut fb = serde_json::Map::new();
            for (k, v) in [("true", feedback_true), ("false", feedback_false)] {
                if let Some(t) = v {
                    fb.insert(k.into(), lang_map(t));
                }
            }
            ext.insert(EXT_FEEDBACK.into(), Value::Object(fb));
        }
        Answer::Text {
            accepted,
            case_sensitive,
            ..
        } if !accepted.is_empty() => {
            let list: Vec<Value> = accepted
                .iter()
                .flat_map(|a| {
                    a.value.0.iter().map(move |(lang, text)| {
                        credit_entry(
                            typed_pattern(Some(lang), text, *case_sensitive),
                            a.credit,
                            a.feedback.as_ref(),
                        )
                    })
                })
                .collect();
            ext.insert(EXT_CREDITS.into(), Value::Array(list));
        }
        Answer::Number { accepted, .. } if !accepted.is_empty() => {
            let list: Vec<Value> = accepted
                .iter()
                .map(|a| {
                    credit_entry(
                        number_pattern(a.value.answer, a.value.tolerance),
                        a.credit,
                        a.feedback.as_ref(),
                    )
                })
                .collect();
            ext.insert(EXT_CREDITS.into(), Value::Array(list));
        }
        _ => {}
    }
    if !ext.is_empty() {
        set_field(definition, "extensions", Value::Object(ext));
    }
}

fn credit_entry(response: String, credit: f64, feedback: Option<&Text>) -> Value {
    let mut e = json!({ "response": response, "credit": credit });
    if let Some(f) = feedback {
        set_field(&mut e, "feedback", lang_map(f));
    }
    e
}

/// Items in xAPI's list syntax: `golf[,]tetris`.
pub fn list(items: &[String]) -> String {
    items.join("[,]")
}

/// Matching pairs (source, target) in xAPI's syntax: `ben[.]3[,]chris[.]2`.
pub fn pair_list(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(l, r)| format!("{l}[.]{r}"))
        .collect::<Vec<_>>()
        .join("[,]")
}

/// A typed answer as a fill-in pattern: `{case_matters=false}{lang=vi}…`.
pub fn fill_in(lang: Option<&str>, text: &str) -> String {
    match lang {
        Some(lang) => format!("{{case_matters=false}}{{lang={lang}}}{text}"),
        None => format!("{{case_matters=false}}{text}"),
    }
}

/// A numeric range: `2[:]4`, `4[:]` (no maximum), `[:]4` (no minimum).
pub fn number_range(min: Option<String>, max: Option<String>) -> String {
    format!("{}[:]{}", min.unwrap_or_default(), max.unwrap_or_default())
}

/// `x` written with no more decimals than the numbers it was made from
/// have, so that 3.5 - 0.1 is `3.4`, not `3.4000000000000004`.
pub fn decimal(x: f64, from: &[f64]) -> String {
    let places = from
        .iter()
        .map(|n| {
            let s = n.to_string();
            s.split_once('.').map_or(0, |(_, f)| f.len())
        })
        .max()
        .unwrap_or(0)
        .min(15);
    let s = format!("{x:.places$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".to_string() } else { s }
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
    let ids = |prefix: &str, v: &[usize]| -> String {
        list(&v.iter().map(|i| format!("{prefix}{i}")).collect::<Vec<_>>())
    };
    match r {
        Response::Choice(i) => format!("c{i}"),
        Response::Choices(v) => ids("c", v),
        Response::Bool(b) => b.to_string(),
        Response::Text(s) => s.clone(),
        // Typed with a decimal comma or point; xAPI wants a number.
        Response::Number(s) => parse_number(s).map_or_else(|| s.clone(), |n| n.to_string()),
        Response::Order(v) => ids("i", v),
        Response::Match(v) => pair_list(
            &v.iter()
                .enumerate()
                .map(|(l, r)| (format!("l{l}"), format!("r{r}")))
                .collect::<Vec<_>>(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::Choice;

    #[test]
    fn responses_use_the_component_ids_of_the_definition() {
        assert_eq!(response(&Response::Choice(2)), "c2");
        assert_eq!(response(&Response::Choices(vec![0, 3])), "c0[,]c3");
        assert_eq!(response(&Response::Order(vec![2, 0, 1])), "i2[,]i0[,]i1");
        assert_eq!(response(&Response::Match(vec![1, 0])), "l0[.]r1[,]l1[.]r0");
        assert_eq!(response(&Response::Number("3,5".into())), "3.5");
        assert_eq!(response(&Response::Bool(false)), "false");
    }

    /// The examples of xAPI 1.0.3, Part Two, Appendix C (adlnet/xAPI-Spec,
    /// xAPI-Data.md), written by the functions Slate's patterns come from.
    #[test]
    fn patterns_follow_the_specifications_examples() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        // choice
        assert_eq!(list(&s(&["golf", "tetris"])), "golf[,]tetris");
        // sequencing
        assert_eq!(
            list(&s(&["tim", "mike", "ells", "ben"])),
            "tim[,]mike[,]ells[,]ben"
        );
        // matching
        let pairs: Vec<(String, String)> = [
            ("ben", "3"),
            ("chris", "2"),
            ("troy", "4"),
            ("freddie", "1"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(
            pair_list(&pairs),
            "ben[.]3[,]chris[.]2[,]troy[.]4[,]freddie[.]1"
        );
        // numeric: a minimum and no maximum; a maximum and no minimum
        assert_eq!(number_range(Some("4".into()), None), "4[:]");
        assert_eq!(number_range(None, Some("4".into())), "[:]4");
        // long-fill-in
        assert_eq!(
            fill_in(
                Some("en"),
                "To store and provide access to learning experiences."
            ),
            "{case_matters=false}{lang=en}To store and provide access to learning experiences."
        );
    }

    #[test]
    fn every_question_type_has_its_pattern() {
        let choice = |text: &str, correct| Choice {
            text: Text::plain(text, "vi"),
            correct,
            feedback: None,
            credit: None,
        };
        let cases = [
            (
                Answer::Single {
                    choices: vec![choice("a", false), choice("b", true)],
                },
                vec!["c1"],
            ),
            (
                Answer::Multiple {
                    choices: vec![choice("a", true), choice("b", false), choice("c", true)],
                    partial: false,
                },
                vec!["c0[,]c2"],
            ),
            (
                Answer::TrueFalse {
                    answer: false,
                    feedback_false: None,
                    feedback_true: None,
                },
                vec!["false"],
            ),
            (
                Answer::Text {
                    accept: vec![
                        Text(vec![
                            ("vi".into(), "Mật khẩu".into()),
                            ("en".into(), "password".into()),
                        ]),
                        Text::plain("mk", "vi"),
                    ],
                    ignore_diacritics: false,
                    accepted: Vec::new(),
                    case_sensitive: false,
                },
                vec![
                    "{case_matters=false}{lang=vi}Mật khẩu",
                    "{case_matters=false}{lang=en}password",
                    "{case_matters=false}{lang=vi}mk",
                ],
            ),
            (
                Answer::Number {
                    answer: 3.5,
                    tolerance: 0.1,
                    accepted: Vec::new(),
                },
                vec!["3.4[:]3.6"],
            ),
            (
                Answer::Number {
                    answer: 0.3,
                    tolerance: 0.0,
                    accepted: Vec::new(),
                },
                vec!["0.3"],
            ),
            (
                Answer::Number {
                    answer: 1e6,
                    tolerance: 0.25,
                    accepted: Vec::new(),
                },
                vec!["999999.75[:]1000000.25"],
            ),
            (
                Answer::Order {
                    items: vec![
                        Text::plain("x", "vi"),
                        Text::plain("y", "vi"),
                        Text::plain("z", "vi"),
                    ],
                },
                vec!["i0[,]i1[,]i2"],
            ),
            (
                Answer::Match {
                    pairs: vec![
                        (Text::plain("a", "vi"), Text::plain("1", "vi")),
                        (Text::plain("b", "vi"), Text::plain("2", "vi")),
                    ],
                },
                vec!["l0[.]r0[,]l1[.]r1"],
            ),
        ];
        for (answer, want) in cases {
            assert_eq!(correct_responses(&answer), want, "{answer:?}");
        }
    }

    #[test]
    fn format_2_credits_and_feedback_are_carried_in_extensions() {
        use crate::course::{Accepted, NumberKey};
        let choice = |c: f64| Choice {
            text: Text::plain(format!("{c}"), "en"),
            correct: c > 0.0,
            feedback: None,
            credit: Some(c),
        };
        let multiple = Answer::Multiple {
            choices: vec![choice(0.5), choice(0.5), choice(-1.0)],
            partial: false,
        };
        // The pattern names the choices that earn credit; the credits go
        // in the extension.
        assert_eq!(correct_responses(&multiple), vec!["c0[,]c1".to_string()]);
        let mut d = json!({});
        add_format_2(&mut d, &multiple);
        assert_eq!(
            d["extensions"][EXT_CREDITS],
            json!({"c0": 0.5, "c1": 0.5, "c2": -1.0})
        );

        let tf = Answer::TrueFalse {
            answer: false,
            feedback_true: Some(Text::plain("no", "en")),
            feedback_false: None,
        };
        let mut d = json!({});
        add_format_2(&mut d, &tf);
        assert_eq!(d["extensions"][EXT_FEEDBACK], json!({"true": {"en": "no"}}));

        let text = Answer::Text {
            accept: vec![Text::plain("Cat", "en")],
            ignore_diacritics: false,
            case_sensitive: true,
            accepted: vec![
                Accepted {
                    value: Text::plain("Cat", "en"),
                    credit: 1.0,
                    feedback: None,
                },
                Accepted {
                    value: Text::plain("Kitten", "en"),
                    credit: 0.5,
                    feedback: Some(Text::plain("close", "en")),
                },
            ],
        };
        assert_eq!(
            correct_responses(&text),
            vec!["{case_matters=true}{lang=en}Cat".to_string()]
        );
        let mut d = json!({});
        add_format_2(&mut d, &text);
        assert_eq!(
            d["extensions"][EXT_CREDITS][1],
            json!({"response": "{case_matters=true}{lang=en}Kitten", "credit": 0.5, "feedback": {"en": "close"}})
        );

        let number = Answer::Number {
            answer: 1822.0,
            tolerance: 0.0,
            accepted: vec![
                Accepted {
                    value: NumberKey {
                        answer: 1822.0,
                        tolerance: 0.0,
                    },
                    credit: 1.0,
                    feedback: None,
                },
                Accepted {
                    value: NumberKey {
                        answer: 1900.0,
                        tolerance: 1.0,
                    },
                    credit: 1.0,
                    feedback: None,
                },
                Accepted {
                    value: NumberKey {
                        answer: 1822.0,
                        tolerance: 2.0,
                    },
                    credit: 0.5,
                    feedback: None,
                },
            ],
        };
        assert_eq!(
            correct_responses(&number),
            vec!["1822".to_string(), "1899[:]1901".to_string()]
        );
    }

    #[test]
    fn numbers_carry_no_floating_point_noise() {
        assert_eq!(decimal(3.5 - 0.1, &[3.5, 0.1]), "3.4");
        assert_eq!(decimal(0.1 + 0.2, &[0.1, 0.2]), "0.3");
        assert_eq!(decimal(-0.0, &[0.0]), "0");
        assert_eq!(decimal(2.0 - 0.5, &[2.0, 0.5]), "1.5");
        assert_eq!(decimal(1e21, &[1e21]), "1000000000000000000000");
    }

    #[test]
    fn durations_are_iso_8601() {
        assert_eq!(duration(0), "PT0S");
        assert_eq!(duration(59), "PT59S");
        assert_eq!(duration(60), "PT1M");
        assert_eq!(duration(3725), "PT1H2M5S");
        assert_eq!(duration(7200), "PT2H");
    }

    #[test]
    fn an_id_names_one_content() {
        let st = json!({
            "actor": { "objectType": "Agent", "name": "Lan", "mbox": "mailto:lan@example.org" },
            "verb": { "id": VERB_COMPLETED, "display": { "en-US": "completed" } },
            "object": { "objectType": "Activity", "id": "urn:slate:course:x", "definition": { "name": { "vi": "Khoá" } } },
            "result": { "score": { "scaled": 0.857 } },
            "timestamp": "2026-12-02T08:00:00Z",
        });
        let id = content_id(&st);
        // Names shown are not facts: renaming the course keeps the id.
        let mut renamed = st.clone();
        renamed["object"]["definition"]["name"]["vi"] = json!("Khoá học");
        renamed["actor"]["name"] = json!("Nguyễn Thị Lan");
        assert_eq!(content_id(&renamed), id);
        assert!(same_facts(&st, &renamed));
        // A new score or time is a new statement.
        let mut retaken = st.clone();
        retaken["result"]["score"]["scaled"] = json!(1.0);
        assert_ne!(content_id(&retaken), id);
        assert!(!same_facts(&st, &retaken));
        let mut later = st.clone();
        later["timestamp"] = json!("2026-12-03T08:00:00Z");
        assert_ne!(content_id(&later), id);
        // As a record store may give it back: the same facts.
        let mut held = st.clone();
        held["timestamp"] = json!("2026-12-02T08:00:00.000+00:00");
        held["stored"] = json!("2026-12-02T09:00:00Z");
        held["authority"] = json!({ "mbox": "mailto:lrs@example.org" });
        held["version"] = json!("1.0.3");
        assert!(same_facts(&st, &held));
    }

    #[test]
    fn home_pages_are_web_addresses() {
        assert_eq!(
            valid_home_page(" https://cdsp.example.edu.vn/ ").unwrap(),
            "https://cdsp.example.edu.vn/"
        );
        assert_eq!(valid_home_page("HTTPS://X.ORG").unwrap(), "https://X.ORG");
        assert!(valid_home_page("cdsp.example.edu.vn").is_err());
        assert!(valid_home_page("https://").is_err());
        assert!(valid_home_page("https://x\u{1b}[2J").is_err());
        assert!(valid_home_page("https://a b").is_err());
        assert!(valid_home_page("https://a\u{202e}b").is_err());
        assert!(valid_home_page("https://a\u{a0}").is_err());
        assert!(valid_home_page("javascript:alert(1)").is_err());
        let e = valid_home_page("https://u:secret@lrs.example.org/").unwrap_err();
        assert!(!e.contains("secret"), "{e}");
    }
}
