//! `slate verify`: reads each credential file (JSON, or a PNG with one
//! baked in), checks its proofs, its dates and, given the issuer's status
//! list, whether it was revoked, and prints what the signed statements say.
//! Every line printed comes from `credential::claims`, never from the JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;

use super::out::{say, tell};
use crate::credential::claims::{Claims, DataModel, StatusEntry};
use crate::credential::did::Resolver;
use crate::credential::proof::{Context, rfc3339};
use crate::credential::status::{self, Verdict};
use crate::credential::{Refusal, Verified, bake, verify_with};
use crate::text::one_line;

/// Exit status when every credential verified but one can be revoked and
/// no status list was given to check it: neither "valid" nor "invalid".
const STATUS_NOT_CHECKED: u8 = 2;
/// DID documents and status lists are small.
const MAX_DOC_BYTES: u64 = 4 * 1024 * 1024;
/// A credential's JSON, even with its badge image inside as a data: URL, is
/// far below this; checking one costs about ten times its size in memory.
const MAX_CREDENTIAL_TEXT: usize = 4 * 1024 * 1024;

pub struct VerifyOptions<'a> {
    pub files: &'a [PathBuf],
    pub trust: &'a [String],
    pub issuer_docs: &'a [PathBuf],
    pub status_lists: &'a [PathBuf],
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    tell(format!("slate: {msg}"));
    ExitCode::FAILURE
}

pub fn verify_files(opts: &VerifyOptions) -> ExitCode {
    let mut resolver = Resolver::default();
    for path in opts.issuer_docs {
        let doc = read_small(path).and_then(|b| {
            serde_json::from_slice::<Value>(&b).map_err(|e| format!("not a JSON DID document: {e}"))
        });
        if let Err(e) = doc.and_then(|d| resolver.add_document(d)) {
            return fail(format!("--issuer-doc {}: {}", path.display(), one_line(&e)));
        }
    }
    let cx = Context::at(&resolver, time::OffsetDateTime::now_utc());
    let mut lists = Vec::new();
    for path in opts.status_lists {
        let list = match read_small(path).and_then(|b| {
            serde_json::from_slice::<Value>(&b)
                .map_err(|e| format!("not a JSON status list credential: {e}"))
        }) {
            Ok(v) => v,
            Err(e) => {
                return fail(format!(
                    "--status-list {}: {}",
                    path.display(),
                    one_line(&e)
                ));
            }
        };
        match verify_with(&list, &cx) {
            Ok(v) if v.claims.status_list => lists.push(v),
            Ok(_) => {
                return fail(format!(
                    "--status-list {}: not a status list credential",
                    path.display()
                ));
            }
            Err(e) => {
                return fail(format!(
                    "--status-list {}: the status list itself cannot be trusted: {}",
                    path.display(),
                    one_line(&e.message.replacen("the credential", "the list", 1))
                ));
            }
        }
    }
    let mut rejected = 0;
    let mut unchecked_status = 0;
    let mut any_verified = false;
    for path in opts.files {
        let verified = read_credential(path).and_then(|v| verify_with(&v, &cx));
        let verified = verified.and_then(|v| {
            if opts.trust.is_empty() || opts.trust.iter().any(|t| t.trim() == v.claims.issuer.id) {
                Ok(v)
            } else {
                Err(Refusal::invalid(format!(
                    "issued by {}, which is not a key given with --trust",
                    v.claims.issuer.id
                )))
            }
        });
        match verified {
            Ok(v) => {
                let statuses = statuses(&v.claims, &lists);
                // A bit set for another purpose (a message) is shown, not a verdict.
                let set = |purpose: &str| {
                    statuses
                        .iter()
                        .any(|s| matches!(s, Status::Set(p, _) if p == purpose))
                };
                let revoked = if set("revocation") {
                    Some("REVOKED")
                } else if set("suspension") {
                    Some("SUSPENDED")
                } else {
                    None
                };
                let not_checked = statuses.iter().any(|s| matches!(s, Status::NotChecked(..)));
                let head = match (revoked, not_checked) {
                    (Some(verdict), _) => verdict,
                    (None, true) => "verified, status not checked",
                    (None, false) => "verified",
                };
                if revoked.is_some() {
                    rejected += 1;
                } else {
                    any_verified = true;
                    if not_checked {
                        unchecked_status += 1;
                    }
                }
                say(format!("{head}: {}", path.display()));
                for line in describe(&v, &statuses) {
                    say(format!("  {line}"));
                }
            }
            Err(e) => {
                rejected += 1;
                let head = if e.unsupported {
                    "NOT VERIFIED"
                } else {
                    "REJECTED"
                };
                say(format!(
                    "{head}: {}\n  {}",
                    path.display(),
                    one_line(&e.message)
                ));
            }
        }
    }
    if opts.trust.is_empty() && any_verified {
        say(
            "note: anyone can make a key and sign in any name; check that the issuer's identifier above is the one the issuer published, or give it with --trust",
        );
    }
    if rejected > 0 {
        ExitCode::FAILURE
    } else if unchecked_status > 0 {
        ExitCode::from(STATUS_NOT_CHECKED)
    } else {
        ExitCode::SUCCESS
    }
}

/// One status entry's outcome.
enum Status {
    /// The bit is 0: the purpose, the list's date, where.
    Clear {
        purpose: String,
        listed: Option<String>,
        place: String,
    },
    /// The bit is 1: the purpose, where.
    Set(String, String),
    NotChecked(String),
}

fn statuses(claims: &Claims, lists: &[Verified]) -> Vec<Status> {
    let mut out: Vec<Status> = claims
        .statuses
        .iter()
        .map(|entry| {
            // Only lists this credential's issuer signed, for this purpose,
            // are candidates: a list someone else made under the same URL
            // must not stand in for the issuer's.
            let for_it: Vec<&Verified> = lists
                .iter()
                .filter(|l| l.claims.id.as_deref() == Some(entry.list.as_str()))
                .filter(|l| l.claims.issuer.id == claims.issuer.id)
                .filter(|l| {
                    l.claims
                        .subjects
                        .iter()
                        .any(|s| s.status_list.as_ref().is_some_and(|(p, _)| *p == entry.purpose))
                })
                .collect();
            // An issuer publishes its list anew after each revocation: of
            // two copies given, the newer says what holds.
            let newest = for_it.iter().map(|l| l.claims.valid_from).max().flatten();
            let latest: Vec<&&Verified> = for_it
                .iter()
                .filter(|l| l.claims.valid_from == newest)
                .collect();
            let list = match latest.as_slice() {
                [] if lists.is_empty() => {
                    return Status::NotChecked(format!(
                        "it can be revoked, and its status list {} was not given (--status-list FILE)",
                        one_line(&entry.list)
                    ));
                }
                [] => {
                    return Status::NotChecked(format!(
                        "its status list is {}, and none of the lists given is that one, signed by its issuer for {}",
                        one_line(&entry.list),
                        one_line(&entry.purpose)
                    ));
                }
                [one] => **one,
                [first, rest @ ..] => {
                    let bits = |l: &Verified| {
                        l.claims
                            .subjects
                            .iter()
                            .find_map(|s| s.status_list.clone())
                    };
                    if rest.iter().any(|l| bits(l) != bits(first)) {
                        return Status::NotChecked(format!(
                            "two different copies of its status list {} of the same date were given",
                            one_line(&entry.list)
                        ));
                    }
                    **first
                }
            };
            // A list older than the credential says nothing of it: its
            // position had not been given out yet.
            if let (Some(listed), Some(issued)) = (list.claims.valid_from, claims.valid_from)
                && listed < issued
            {
                return Status::NotChecked(format!(
                    "the status list given ({}) is older than the credential; get the issuer's current one",
                    rfc3339(listed)
                ));
            }
            match status::check(entry, &claims.issuer.id, list) {
                Ok(Verdict::Clear { listed }) => Status::Clear {
                    purpose: entry.purpose.clone(),
                    listed,
                    place: place(entry),
                },
                Ok(Verdict::Set { purpose }) => Status::Set(purpose, place(entry)),
                Err(e) => Status::NotChecked(e),
            }
        })
        .collect();
    for kind in &claims.unreadable_statuses {
        out.push(Status::NotChecked(format!(
            "its status is of a kind Slate cannot check ({})",
            one_line(kind)
        )));
    }
    out
}

fn place(entry: &StatusEntry) -> String {
    format!("{}, position {}", one_line(&entry.list), entry.index)
}

fn joined(values: &[String], none: &str) -> String {
    if values.is_empty() {
        none.to_string()
    } else {
        values
            .iter()
            .map(|v| one_line(v).into_owned())
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

/// The lines printed under a verified credential.
fn describe(v: &Verified, statuses: &[Status]) -> Vec<String> {
    let c = &v.claims;
    let mut lines = Vec::new();
    let issuer = format!(
        "issued by {} ({})",
        joined(&c.issuer.names, "an unnamed issuer"),
        one_line(&c.issuer.id)
    );
    for s in &c.subjects {
        let what = if s.achievements.is_empty() {
            joined(&c.names, "a credential")
        } else {
            s.achievements
                .iter()
                .map(|a| joined(&a.names, "an unnamed achievement"))
                .collect::<Vec<_>>()
                .join(" + ")
        };
        lines.push(format!("{what} — {issuer}"));
        let mut who: Vec<String> = s.names.clone();
        who.extend(s.identifiers.iter().cloned());
        if who.is_empty()
            && let Some(id) = &s.id
        {
            who.push(id.clone());
        }
        let date = c
            .valid_from
            .map(|t| format!(" on {}", rfc3339(t)))
            .unwrap_or_default();
        let result = if s.results.is_empty() {
            String::new()
        } else {
            format!(", result {}", joined(&s.results, ""))
        };
        lines.push(format!(
            "to {}{date}{result}",
            joined(&who, "an unnamed learner")
        ));
        for a in &s.achievements {
            let mut extra = Vec::new();
            if !a.kinds.is_empty() {
                extra.push(format!("type {}", joined(&a.kinds, "")));
            }
            if !a.images.is_empty() {
                extra.push(format!("image {}", joined(&a.images, "")));
            }
            if !extra.is_empty() {
                lines.push(extra.join(", "));
            }
        }
    }
    if !c.issuer.descriptions.is_empty() || !c.issuer.images.is_empty() {
        let mut about = Vec::new();
        if !c.issuer.descriptions.is_empty() {
            about.push(joined(&c.issuer.descriptions, ""));
        }
        if !c.issuer.images.is_empty() {
            about.push(format!("image {}", joined(&c.issuer.images, "")));
        }
        lines.push(format!("issuer: {}", about.join(", ")));
    }
    if let Some(until) = c.valid_until {
        lines.push(format!("valid until {}", rfc3339(until)));
    }
    if c.model == DataModel::V1_1 {
        lines.push("made on the VC 1.1 data model".into());
    }
    if c.endorsements > 0 {
        lines.push(format!(
            "carries {} endorsement(s), not checked here",
            c.endorsements
        ));
    }
    for s in &v.cosigners {
        lines.push(format!("also signed by {}", one_line(s)));
    }
    if c.statuses.is_empty() && c.unreadable_statuses.is_empty() && !c.status_list {
        lines.push("status: none (its issuer cannot revoke it)".into());
    }
    if c.status_list {
        lines.push("this is a status list, not a learner's credential".into());
    }
    if let Some(url) = did_web_document(&c.issuer.id) {
        lines.push(format!(
            "the issuer's key came from the DID document given with --issuer-doc, not from the web: check it is the one {url} serves"
        ));
    }
    for s in statuses {
        lines.push(match s {
            Status::Clear {
                purpose,
                listed,
                place,
            } => {
                let not = match purpose.as_str() {
                    "revocation" => "not revoked".to_string(),
                    "suspension" => "not suspended".to_string(),
                    other => format!("not marked for {}", one_line(other)),
                };
                match listed {
                    Some(date) => {
                        format!("status: {not}, per the issuer's list of {date} ({place})")
                    }
                    None => format!("status: {not} ({place})"),
                }
            }
            Status::Set(purpose, place) => format!("status: {} ({place})", past(purpose)),
            Status::NotChecked(why) => format!("status not checked: {}", one_line(why)),
        });
    }
    for u in &v.unchecked {
        lines.push(format!("not checked: {}", one_line(u)));
    }
    lines
}

/// Where a did:web's document is published.
fn did_web_document(did: &str) -> Option<String> {
    let rest = did.strip_prefix("did:web:")?;
    let mut parts = rest.split(':');
    let host = parts.next()?.replace("%3A", ":");
    let path: Vec<&str> = parts.collect();
    Some(if path.is_empty() {
        format!("https://{host}/.well-known/did.json")
    } else {
        format!("https://{host}/{}/did.json", path.join("/"))
    })
}

fn past(purpose: &str) -> String {
    match purpose {
        "revocation" => "revoked by its issuer".into(),
        "suspension" => "suspended by its issuer".into(),
        other => format!("marked by its issuer for {}", one_line(other)),
    }
}

/// A DID document or a status list: small JSON files.
fn read_small(path: &Path) -> Result<Vec<u8>, String> {
    crate::util::read_regular(path, MAX_DOC_BYTES).map_err(|e| match e {
        crate::util::ReadFileError::TooLarge(_) => format!(
            "larger than {} MiB: too large to be a DID document or a status list",
            MAX_DOC_BYTES / 1024 / 1024
        ),
        e => format!("cannot read it: {e}"),
    })
}

/// The credential in `path`, as JSON; other forms are named and refused.
pub(super) fn read_credential(path: &Path) -> Result<Value, Refusal> {
    let bytes = crate::util::read_regular(path, bake::MAX_IMAGE_BYTES as u64).map_err(|e| {
        Refusal::invalid(match e {
            crate::util::ReadFileError::TooLarge(_) => format!(
                "larger than {} MiB: too large to be a credential or a badge image",
                bake::MAX_IMAGE_BYTES / 1024 / 1024
            ),
            e => e.to_string(),
        })
    })?;
    let (text, baked) = if bytes.starts_with(b"\x89PNG") {
        (bake::unbake(&bytes)?, true)
    } else {
        let text = String::from_utf8(bytes)
            .map_err(|_| Refusal::invalid("not a credential: neither JSON text nor a PNG badge"))?;
        (text, false)
    };
    if text.len() > MAX_CREDENTIAL_TEXT {
        return Err(Refusal::invalid(format!(
            "larger than {} MiB: too large to be a credential",
            MAX_CREDENTIAL_TEXT / 1024 / 1024
        )));
    }
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Err(Refusal::invalid(
            "the file is empty: it holds no credential",
        ));
    }
    if looks_like_jws(text) {
        return Err(Refusal::unsupported(format!(
            "this form is not supported: a JWT (compact JWS, VC-JOSE){}; Slate checks JSON credentials with an embedded Data Integrity proof",
            if baked { " baked in a PNG" } else { "" }
        )));
    }
    if crate::credential::jsonld::too_many_values_in_text(text) {
        return Err(Refusal::invalid(
            "the file is too large to be a credential (far more values than any credential holds); refusing to read it",
        ));
    }
    if text.starts_with('<') {
        return Err(Refusal::unsupported(
            "this form is not supported: an XML or SVG file (Slate reads JSON credentials and PNG badges)",
        ));
    }
    serde_json::from_str(text).map_err(|e| Refusal::invalid(format!("not a JSON credential: {e}")))
}

/// `header.payload.signature`, each base64url, the header JSON (`eyJ`).
fn looks_like_jws(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 3
        && text.starts_with("eyJ")
        && parts.iter().take(2).all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_did_web_names_where_its_document_is_published() {
        assert_eq!(
            did_web_document("did:web:school.example").as_deref(),
            Some("https://school.example/.well-known/did.json")
        );
        assert_eq!(
            did_web_document("did:web:example.org%3A8443:dids:legacy").as_deref(),
            Some("https://example.org:8443/dids/legacy/did.json")
        );
        assert_eq!(did_web_document("did:key:z6Mk"), None);
    }

    #[test]
    fn a_compact_jws_is_recognised() {
        assert!(looks_like_jws(
            "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJkaWQ6d2ViIn0.c2ln"
        ));
        assert!(!looks_like_jws("{\"a\": 1}"));
        assert!(!looks_like_jws("eyJ.x"));
    }
}
