//! The `OpenBadgeCredential` for one learner's completed course, and the
//! structural reading of one (what `slate verify` prints).

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::jsonld::{CREDENTIALS_V2, OB_V3P0, check_contexts};
use crate::course::Course;
use crate::records::{CourseRecord, LearnerRecord, xapi};
use crate::text::quote;
use crate::util::{hex, set_field};

/// Everything a credential is built from.
pub struct BadgeInput<'a> {
    pub course: &'a Course,
    pub record: &'a CourseRecord,
    pub learner: &'a LearnerRecord,
    pub issuer_did: String,
    pub issuer_name: String,
    pub issuer_url: Option<String>,
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub valid_from: String,
    /// Salt for the hashed email; random per credential.
    pub salt: String,
}

/// The achievement's IRI: `[credential] achievement_id`, else a `urn:` form.
pub fn achievement_id(course: &Course) -> String {
    xapi::course_iri(course)
}

/// The credential, unsigned.
pub fn build(input: &BadgeInput) -> Value {
    let course = input.course;
    let lang = course.language.as_str();
    let achievement = achievement_id(course);
    let result_id = format!("{achievement}#score");
    let credential = course.credential.as_ref();
    let criteria = credential
        .and_then(|c| c.criteria.as_ref())
        .map(|t| t.get(lang).to_string())
        .unwrap_or_else(|| default_criteria(course));
    let description = course
        .summary
        .as_ref()
        .map(|t| t.get(lang).to_string())
        .unwrap_or_else(|| course.title.get(lang).to_string());
    let mut achievement_obj = json!({
        "id": achievement,
        "type": ["Achievement"],
        "name": course.title.get(lang),
        "description": description,
        "criteria": { "narrative": criteria },
        "inLanguage": lang,
        "version": course.version,
        "resultDescription": [{
            "id": result_id,
            "type": ["ResultDescription"],
            "name": "Share of all quiz points, best attempt of each quiz",
            "resultType": "Percent",
            "requiredValue": percent(course.completion.pass_score),
            "valueMin": "0",
            "valueMax": "100",
        }],
    });
    let alignment: Vec<Value> = credential
        .map(|c| c.alignment.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|a| {
            let mut o = json!({
                "type": ["Alignment"],
                "targetName": a.name,
                "targetFramework": a.framework,
                "targetUrl": a.url.clone().unwrap_or_else(|| achievement.clone()),
            });
            if let Some(code) = &a.code {
                set_field(&mut o, "targetCode", json!(code));
            }
            o
        })
        .collect();
    if !alignment.is_empty() {
        set_field(&mut achievement_obj, "alignment", Value::Array(alignment));
    }
    let identifier = match input.learner.email.as_deref() {
        Some(email) => json!({
            "type": "IdentityObject",
            "identityHash": identity_hash(email, &input.salt),
            "identityType": "emailAddress",
            "hashed": true,
            "salt": input.salt,
        }),
        None => json!({
            "type": "IdentityObject",
            "identityHash": input.learner.name,
            "identityType": "name",
            "hashed": false,
        }),
    };
    let mut issuer = json!({
        "id": input.issuer_did,
        "type": ["Profile"],
        "name": input.issuer_name,
    });
    if let Some(url) = &input.issuer_url {
        set_field(&mut issuer, "url", json!(url));
    }
    let id = xapi::statement_id(
        &input.learner.id,
        &course.id,
        &["credential", &course.version, &input.record.digest],
    );
    json!({
        "@context": [CREDENTIALS_V2, OB_V3P0],
        "id": format!("urn:uuid:{id}"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": course.title.get(lang),
        "issuer": issuer,
        "validFrom": input.valid_from,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [identifier],
            "achievement": achievement_obj,
            "result": [{
                "type": ["Result"],
                "resultDescription": result_id,
                "value": percent(input.record.grades.quiz_score),
            }],
        },
    })
}

fn percent(share: f64) -> String {
    format!("{}", (share.clamp(0.0, 1.0) * 100.0).round() as u32)
}

fn default_criteria(course: &Course) -> String {
    let c = &course.completion;
    let score = percent(c.pass_score);
    if c.require_all_lessons {
        format!("Read every lesson and scored at least {score}% over the quizzes.")
    } else {
        format!("Scored at least {score}% over the quizzes.")
    }
}

/// `sha256$<hex>` of the identity followed by its salt, as Open Badges 3.0
/// defines a hashed identity. Emails are compared in lower case.
pub fn identity_hash(identity: &str, salt: &str) -> String {
    let mut h = Sha256::new();
    h.update(identity.trim().to_lowercase().as_bytes());
    h.update(salt.as_bytes());
    format!("sha256${}", hex(&h.finalize()))
}

/// Reads what a credential claims, checking that it has the shape of an
/// Open Badges 3.0 credential. The proof is checked elsewhere.
pub fn read(c: &Value) -> Result<super::Verified, String> {
    check_contexts(c)?;
    let contexts: Vec<&str> = c["@context"]
        .as_array()
        .map(|v| v.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if contexts.first() != Some(&CREDENTIALS_V2) || !contexts.contains(&OB_V3P0) {
        return Err(format!(
            "the @context must start with {CREDENTIALS_V2} and include {OB_V3P0}"
        ));
    }
    let types: Vec<&str> = match &c["type"] {
        Value::Array(v) => v.iter().filter_map(Value::as_str).collect(),
        Value::String(s) => vec![s.as_str()],
        _ => Vec::new(),
    };
    if !types.contains(&"VerifiableCredential")
        || !(types.contains(&"OpenBadgeCredential") || types.contains(&"AchievementCredential"))
    {
        return Err("not an OpenBadgeCredential (its type lacks VerifiableCredential or OpenBadgeCredential)".into());
    }
    let str_at = |v: &Value, what: &str| -> Result<String, String> {
        v.as_str()
            .map(String::from)
            .ok_or_else(|| format!("the credential has no {what}"))
    };
    str_at(&c["id"], "id")?;
    let (issuer_id, issuer_name) = match &c["issuer"] {
        Value::String(s) => (s.clone(), None),
        o @ Value::Object(_) => (
            str_at(&o["id"], "issuer id")?,
            o["name"].as_str().map(String::from),
        ),
        _ => return Err("the credential has no issuer".into()),
    };
    let valid_from = str_at(&c["validFrom"], "validFrom")?;
    let rfc3339 = &time::format_description::well_known::Rfc3339;
    let from = time::OffsetDateTime::parse(&valid_from, rfc3339)
        .map_err(|_| format!("validFrom {} is not a date and time", quote(&valid_from)))?;
    let now = time::OffsetDateTime::now_utc();
    if from > now + time::Duration::days(1) {
        return Err(format!(
            "the credential is not valid before {}",
            quote(&valid_from)
        ));
    }
    if let Some(until) = c["validUntil"].as_str() {
        let until_t = time::OffsetDateTime::parse(until, rfc3339)
            .map_err(|_| format!("validUntil {} is not a date and time", quote(until)))?;
        if until_t < now {
            return Err(format!("the credential expired on {}", quote(until)));
        }
    }
    let subject = &c["credentialSubject"];
    let achievement = &subject["achievement"];
    for field in ["id", "name", "description"] {
        str_at(&achievement[field], &format!("achievement {field}"))?;
    }
    if !achievement["criteria"].is_object() {
        return Err("the achievement has no criteria".into());
    }
    // JSON-LD reads one value and an array of one alike, and `true` and
    // "true" alike for a boolean: the signature covers both spellings, so
    // what is shown must too.
    let first = |v: &Value| -> Option<Value> {
        match v {
            Value::Array(a) => a.first().cloned(),
            Value::Object(_) => Some(v.clone()),
            _ => None,
        }
    };
    let truthy = |v: &Value| v.as_bool() == Some(true) || v.as_str() == Some("true");
    let who = match first(&subject["identifier"]) {
        Some(id) if id.get("hashed").is_some_and(truthy) => format!(
            "the holder of a hashed {} ({})",
            text(&id, "identityType").unwrap_or("identity"),
            text(&id, "identityHash").unwrap_or("")
        ),
        Some(id) => text(&id, "identityHash").unwrap_or("").to_string(),
        None => subject["id"]
            .as_str()
            .unwrap_or("an unnamed learner")
            .to_string(),
    };
    let result = first(&subject["result"]).and_then(|r| text(&r, "value").map(String::from));
    Ok(super::Verified {
        issuer_id,
        issuer_name,
        achievement: str_at(&achievement["name"], "achievement name")?,
        subject: who,
        valid_from,
        result,
    })
}

/// The string at `key` of a JSON object, if there is one.
fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}
