//! The `OpenBadgeCredential` for one learner's completed course.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::jsonld::{CREDENTIALS_V2, OB_V3P0};
use crate::course::Course;
use crate::records::{CourseRecord, LearnerRecord, xapi};
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
    /// The badge image's URL (`https:` or `data:`), if any.
    pub image: Option<String>,
    /// The `credentialStatus` entry, when the issuer keeps a status list.
    pub status: Option<Value>,
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
        // Open Badges requires targetUrl, and a made-up one would say the
        // achievement is the framework's page: an alignment without a URL
        // is left out (`slate check` warns of it).
        .filter(|a| a.url.is_some())
        .map(|a| {
            let mut o = json!({
                "type": ["Alignment"],
                "targetName": a.name,
                "targetFramework": a.framework,
            });
            if let Some(url) = &a.url {
                set_field(&mut o, "targetUrl", json!(url));
            }
            if let Some(code) = &a.code {
                set_field(&mut o, "targetCode", json!(code));
            }
            o
        })
        .collect();
    if !alignment.is_empty() {
        set_field(&mut achievement_obj, "alignment", Value::Array(alignment));
    }
    if let Some(kind) = credential.and_then(|c| c.achievement_type.as_ref()) {
        set_field(&mut achievement_obj, "achievementType", json!(kind));
    }
    if let Some(url) = &input.image {
        set_field(&mut achievement_obj, "image", image(url));
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
    let course_issuer = credential.and_then(|c| c.issuer.as_ref());
    if let Some(url) = course_issuer.and_then(|i| i.image.as_ref()) {
        set_field(&mut issuer, "image", image(url));
    }
    if let Some(d) = course_issuer.and_then(|i| i.description.as_ref()) {
        set_field(&mut issuer, "description", json!(d.get(lang)));
    }
    let mut subject = json!({
        "type": ["AchievementSubject"],
        "identifier": [identifier],
        "achievement": achievement_obj,
        "result": [{
            "type": ["Result"],
            "resultDescription": result_id,
            "value": percent(input.record.grades.quiz_score),
        }],
    });
    if credential.is_some_and(|c| c.include_name) {
        set_field(&mut subject, "name", json!(input.learner.name));
    }
    let mut out = json!({
        "@context": [CREDENTIALS_V2, OB_V3P0],
        "id": credential_id(input),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": course.title.get(lang),
        "issuer": issuer,
        "validFrom": input.valid_from,
        "credentialSubject": subject,
    });
    if let Some(status) = &input.status {
        set_field(&mut out, "credentialStatus", status.clone());
    }
    out
}

/// An Open Badges `Image`.
fn image(url: &str) -> Value {
    json!({"id": url, "type": "Image"})
}

/// The credential's `id` for one learner's record of one course version.
pub fn credential_id(input: &BadgeInput) -> String {
    let course = input.course;
    let id = xapi::named_id(
        &input.learner.id,
        &course.id,
        &["credential", &course.version, &input.record.digest],
    );
    format!("urn:uuid:{id}")
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
