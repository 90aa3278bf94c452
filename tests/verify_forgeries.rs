//! `verify` shows only what the signature covers. A genuine credential is
//! rewritten in ways JSON-LD reads as the same statements (arrays, aliases,
//! full IRIs, value objects, `@graph`), in ways it nearly does (a forged node
//! with a relative id, which makes no statement; a blank node; a language;
//! an `@base`), and in the forgeries an attacker used. Whatever the rewrite,
//! `verify` either refuses or reports exactly what the genuine credential
//! says: the statements are signed, their JSON spelling is not.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use proptest::prelude::*;
use serde_json::{Value, json};
use slate::credential::{IssuerKey, Verified, sign, verify};

const OB: &str = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#";
const CRED: &str = "https://www.w3.org/2018/credentials#";

fn kat(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/credential/kat")
        .join(name);
    std::fs::read_to_string(&path).unwrap()
}

/// The known-answer credential (an OpenBadgeCredential for "Digital
/// competence foundations", result 85), signed with its test key.
fn genuine(extra: &[(&str, Value)]) -> Value {
    let mut c: Value = serde_json::from_str(&kat("credential.json")).unwrap();
    for (k, v) in extra {
        c[*k] = v.clone();
    }
    let hex = kat("seed.hex");
    let mut seed = [0u8; 32];
    for (i, b) in seed.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex.trim()[2 * i..2 * i + 2], 16).unwrap();
    }
    sign(&mut c, &IssuerKey::from_seed(seed), "2026-11-23T10:00:00Z").unwrap();
    c
}

fn shown(v: &Verified) -> (String, Vec<String>, Vec<String>, Vec<String>) {
    let s = &v.claims.subjects[0];
    (
        v.claims.issuer.id.clone(),
        s.achievements
            .iter()
            .flat_map(|a| a.names.clone())
            .collect(),
        s.identifiers.clone(),
        s.results.clone(),
    )
}

#[test]
fn the_genuine_credential_shows_what_it_says() {
    let v = verify(&genuine(&[])).unwrap();
    let (_, achievements, who, results) = shown(&v);
    assert_eq!(achievements, ["Digital competence foundations"]);
    assert_eq!(results, ["85%"]);
    assert!(who[0].starts_with("the holder of a hashed emailAddress"));
}

/// The forgery that verified before: forged identifier and result first in
/// their arrays under a relative id, a forged achievement under the short
/// term with the real one moved under its full IRI.
#[test]
fn a_forged_achievement_learner_and_result_beside_the_signed_ones_are_not_shown() {
    let mut c = genuine(&[]);
    let subject = c["credentialSubject"].as_object_mut().unwrap();
    let real = subject.remove("achievement").unwrap();
    subject.insert(format!("{OB}achievement"), real);
    subject.insert(
        "achievement".into(),
        // Flat: a nested node (criteria) would make statements of its own.
        json!({"id": "forged", "type": ["Achievement"], "name": "Doctor of Medicine",
               "description": "x"}),
    );
    subject["identifier"].as_array_mut().unwrap().insert(
        0,
        json!({"id": "forged", "type": "IdentityObject", "identityHash": "Mallory Forger",
               "identityType": "name", "hashed": false}),
    );
    subject["result"].as_array_mut().unwrap().insert(
        0,
        json!({"id": "forged", "type": ["Result"], "value": "97"}),
    );
    // The forged nodes make no statement, so the signature still holds:
    // what is shown must be the signed achievement, learner and result.
    let v = verify(&c).unwrap();
    let (_, achievements, who, results) = shown(&v);
    assert_eq!(achievements, ["Digital competence foundations"]);
    assert_eq!(results, ["85%"]);
    assert!(!who.iter().any(|w| w.contains("Mallory")), "{who:?}");
}

#[test]
fn an_expiry_hidden_in_an_array_or_under_its_full_iri_still_expires() {
    let c = genuine(&[("validUntil", json!("2020-01-01T00:00:00Z"))]);
    assert!(verify(&c).unwrap_err().message.contains("expired"));
    let mut wrapped = c.clone();
    wrapped["validUntil"] = json!(["2020-01-01T00:00:00Z"]);
    assert!(verify(&wrapped).unwrap_err().message.contains("expired"));
    let mut full = c.clone();
    let v = full.as_object_mut().unwrap().remove("validUntil").unwrap();
    full[format!("{CRED}validUntil")] =
        json!({"@value": v, "@type": "http://www.w3.org/2001/XMLSchema#dateTime"});
    let err = verify(&full).unwrap_err().message;
    assert!(
        err.contains("expired") || err.contains("signature"),
        "{err}"
    );
}

// --- the property test ------------------------------------------------

/// Where a rewrite applies: a path of object keys and array positions.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    At(usize),
}

fn paths(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                if k == "@context" || k == "proof" {
                    continue;
                }
                here.push(Step::Key(k.clone()));
                paths(c, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                here.push(Step::At(i));
                paths(c, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn at<'a>(v: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut cur = v;
    for s in path {
        cur = match s {
            Step::Key(k) => cur.get_mut(k.as_str())?,
            Step::At(i) => cur.get_mut(*i)?,
        };
    }
    Some(cur)
}

/// Full IRIs of the terms the credential uses, for "same property,
/// other spelling".
fn full_iri(term: &str) -> Option<String> {
    Some(match term {
        "name" | "description" | "value" | "targetName" | "targetUrl" | "targetFramework"
        | "url" => format!("https://schema.org/{term}"),
        "achievement" | "identifier" | "result" | "identityHash" | "identityType" | "hashed"
        | "salt" | "alignment" | "resultDescription" | "narrative" | "targetCode" => {
            format!("{OB}{term}")
        }
        "criteria" => format!("{OB}Criteria"),
        "issuer" | "validFrom" | "validUntil" | "credentialSubject" => format!("{CRED}{term}"),
        _ => return None,
    })
}

#[derive(Debug, Clone)]
enum Rewrite {
    WrapInArray,
    UnwrapSingleton,
    ReverseArray,
    FullIri,
    Alias,
    ValueObject,
    ValueWithLanguage,
    ForgedRelative,
    ForgedBlank,
    ForgedNoId,
    MoveRealForgeShort,
    GraphWrap,
    GraphWrapWithForgedCredential,
    Base,
    InlineRedefinition,
    ChangeText,
}

fn rewrite_strategy() -> impl Strategy<Value = Rewrite> {
    prop_oneof![
        Just(Rewrite::WrapInArray),
        Just(Rewrite::UnwrapSingleton),
        Just(Rewrite::ReverseArray),
        Just(Rewrite::FullIri),
        Just(Rewrite::Alias),
        Just(Rewrite::ValueObject),
        Just(Rewrite::ValueWithLanguage),
        Just(Rewrite::ForgedRelative),
        Just(Rewrite::ForgedBlank),
        Just(Rewrite::ForgedNoId),
        Just(Rewrite::MoveRealForgeShort),
        Just(Rewrite::GraphWrap),
        Just(Rewrite::GraphWrapWithForgedCredential),
        Just(Rewrite::Base),
        Just(Rewrite::InlineRedefinition),
        Just(Rewrite::ChangeText),
    ]
}

fn forged(id: Option<&str>) -> Value {
    let mut v = json!({"type": ["Achievement"], "name": "Doctor of Medicine",
                       "description": "Forged", "identityHash": "Mallory Forger", "value": "97"});
    if let Some(id) = id {
        v["id"] = json!(id);
    }
    v
}

fn apply(doc: &mut Value, rewrite: &Rewrite, pick: usize) {
    let mut all = Vec::new();
    paths(doc, &mut Vec::new(), &mut all);
    // Paths that end in an object key, for rewrites of a property.
    let keyed: Vec<&Vec<Step>> = all
        .iter()
        .filter(|p| matches!(p.last(), Some(Step::Key(_))))
        .collect();
    let objects: Vec<Vec<Step>> = all
        .iter()
        .filter(|p| matches!(at(&mut doc.clone(), p), Some(Value::Object(_))))
        .cloned()
        .collect();
    match rewrite {
        Rewrite::WrapInArray | Rewrite::UnwrapSingleton | Rewrite::ReverseArray => {
            let path = &all[pick % all.len()];
            if let Some(v) = at(doc, path) {
                match (rewrite, &mut *v) {
                    (Rewrite::WrapInArray, x) if !x.is_array() => *x = json!([x.clone()]),
                    (Rewrite::UnwrapSingleton, Value::Array(a)) if a.len() == 1 => {
                        *v = a[0].clone()
                    }
                    (Rewrite::ReverseArray, Value::Array(a)) => a.reverse(),
                    _ => {}
                }
            }
        }
        Rewrite::FullIri | Rewrite::Alias => {
            let path = keyed[pick % keyed.len()].clone();
            let Some(Step::Key(key)) = path.last() else {
                return;
            };
            let new = match (rewrite, key.as_str()) {
                (Rewrite::Alias, "id") => Some("@id".to_string()),
                (Rewrite::Alias, "type") => Some("@type".to_string()),
                (Rewrite::FullIri, k) => full_iri(k),
                _ => None,
            };
            if let (Some(new), Some(Value::Object(parent))) =
                (new, at(doc, &path[..path.len() - 1]))
                && let Some(v) = parent.remove(key)
            {
                parent.insert(new, v);
            }
        }
        Rewrite::ValueObject | Rewrite::ValueWithLanguage | Rewrite::ChangeText => {
            let path = &all[pick % all.len()];
            if let Some(v @ Value::String(_)) = at(doc, path) {
                let s = v.as_str().unwrap_or_default().to_string();
                *v = match rewrite {
                    Rewrite::ValueObject => json!({"@value": s}),
                    Rewrite::ValueWithLanguage => json!({"@value": s, "@language": "vi"}),
                    _ => json!(format!("{s}!")),
                };
            }
        }
        Rewrite::ForgedRelative | Rewrite::ForgedBlank | Rewrite::ForgedNoId => {
            let path = &objects[pick % objects.len()];
            let id = match rewrite {
                Rewrite::ForgedRelative => Some("forged"),
                Rewrite::ForgedBlank => Some("_:b0"),
                _ => None,
            };
            let keys = ["achievement", "identifier", "result", "issuer", "name"];
            if let Some(Value::Object(o)) = at(doc, path) {
                let key = keys[pick % keys.len()];
                match o.get_mut(key) {
                    Some(Value::Array(a)) => a.insert(0, forged(id)),
                    Some(other) => *other = json!([forged(id), other.clone()]),
                    None => {
                        o.insert(key.into(), forged(id));
                    }
                }
            }
        }
        Rewrite::MoveRealForgeShort => {
            let path = keyed[pick % keyed.len()].clone();
            let Some(Step::Key(key)) = path.last() else {
                return;
            };
            let Some(full) = full_iri(key) else { return };
            if let Some(Value::Object(parent)) = at(doc, &path[..path.len() - 1])
                && let Some(real) = parent.remove(key)
            {
                parent.insert(full, real);
                parent.insert(key.clone(), forged(Some("forged")));
            }
        }
        Rewrite::GraphWrap | Rewrite::GraphWrapWithForgedCredential => {
            let Some(obj) = doc.as_object_mut() else {
                return;
            };
            let ctx = obj.remove("@context").unwrap_or(Value::Null);
            let proof = obj.remove("proof");
            let mut graph = vec![Value::Object(obj.clone())];
            if matches!(rewrite, Rewrite::GraphWrapWithForgedCredential) {
                let mut fake = Value::Object(obj.clone());
                fake["id"] = json!("forged");
                if let Some(Value::Object(subject)) = fake.get_mut("credentialSubject") {
                    subject.insert("achievement".into(), forged(Some("forged")));
                }
                graph.insert(0, fake);
            }
            let mut wrapped = json!({"@context": ctx, "@graph": graph});
            if let Some(p) = proof {
                wrapped["proof"] = p;
            }
            *doc = wrapped;
        }
        Rewrite::Base | Rewrite::InlineRedefinition => {
            let extra = match rewrite {
                Rewrite::Base => json!({"@base": "https://evil.example/"}),
                _ => json!({"nickname": "https://schema.org/name"}),
            };
            if let Some(Value::Array(ctx)) = doc.get_mut("@context") {
                ctx.push(extra);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn whatever_the_spelling_verify_refuses_or_shows_the_signed_statements(
        rewrites in proptest::collection::vec((rewrite_strategy(), any::<usize>()), 1..4)
    ) {
        let original = genuine(&[]);
        let expected = verify(&original).unwrap();
        let mut doc = original.clone();
        for (r, pick) in &rewrites {
            apply(&mut doc, r, *pick);
        }
        if let Ok(v) = verify(&doc) {
            prop_assert_eq!(&v.claims, &expected.claims, "{}", serde_json::to_string_pretty(&doc).unwrap());
        }
    }

    #[test]
    fn whatever_the_spelling_an_expired_credential_never_verifies(
        rewrites in proptest::collection::vec((rewrite_strategy(), any::<usize>()), 1..4)
    ) {
        let mut doc = genuine(&[("validUntil", json!("2020-01-01T00:00:00Z"))]);
        for (r, pick) in &rewrites {
            apply(&mut doc, r, *pick);
        }
        prop_assert!(verify(&doc).is_err(), "{}", serde_json::to_string_pretty(&doc).unwrap());
    }
}

/// Signs `c` with the known-answer key and these proof options (the
/// library's `sign` writes only the usual ones).
fn sign_with_options(c: &mut Value, extra: &[(&str, Value)]) {
    use ed25519_dalek::Signer as _;
    let hex = kat("seed.hex");
    let mut seed = [0u8; 32];
    for (i, b) in seed.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex.trim()[2 * i..2 * i + 2], 16).unwrap();
    }
    let key = IssuerKey::from_seed(seed);
    let mut options = serde_json::Map::new();
    options.insert("type".into(), json!("DataIntegrityProof"));
    options.insert("cryptosuite".into(), json!("eddsa-rdfc-2022"));
    options.insert("created".into(), json!("2026-11-23T10:00:00Z"));
    options.insert(
        "verificationMethod".into(),
        json!(key.verification_method()),
    );
    options.insert("proofPurpose".into(), json!("assertionMethod"));
    for (k, v) in extra {
        options.insert((*k).into(), v.clone());
    }
    let data = slate::credential::proof::hash_data(c, &options).unwrap();
    let sig = key.signing().sign(&data);
    options.insert(
        "proofValue".into(),
        json!(format!("z{}", bs58::encode(sig.to_bytes()).into_string())),
    );
    c["proof"] = Value::Object(options);
}

#[test]
fn what_a_proof_says_of_itself_is_checked_from_its_signed_statements() {
    let unsigned = || -> Value { serde_json::from_str(&kat("credential.json")).unwrap() };
    let mut ok = unsigned();
    sign_with_options(&mut ok, &[]);
    verify(&ok).unwrap();
    for (extra, why) in [
        (
            ("expires", json!("2001-01-01T00:00:00Z")),
            "the proof expired",
        ),
        (("created", json!("2199-01-01T00:00:00Z")), "still to come"),
        (
            ("proofPurpose", json!("authentication")),
            "not for assertion",
        ),
    ] {
        let mut c = unsigned();
        sign_with_options(&mut c, &[extra]);
        let err = verify(&c).unwrap_err().message;
        assert!(err.contains(why), "{err}");
    }
    // The expiry hidden from a JSON reader under its full IRI is still seen.
    let mut c = unsigned();
    sign_with_options(
        &mut c,
        &[(
            "https://w3id.org/security#expiration",
            json!({"@value": "2001-01-01T00:00:00Z", "@type": "http://www.w3.org/2001/XMLSchema#dateTime"}),
        )],
    );
    assert!(
        verify(&c)
            .unwrap_err()
            .message
            .contains("the proof expired")
    );
}

#[test]
fn a_result_is_a_percentage_only_where_its_description_says_so() {
    let mut c: Value = serde_json::from_str(&kat("credential.json")).unwrap();
    c["credentialSubject"]["result"][0]["resultDescription"] = json!("urn:x:another");
    c["credentialSubject"]["result"][0]["value"] = json!("B+");
    sign_with_options(&mut c, &[]);
    let v = verify(&c).unwrap();
    assert_eq!(v.claims.subjects[0].results, ["B+"]);
}
