//! `slate verify` with the real binary: each form it cannot check gets its
//! true reason and "NOT VERIFIED" (never "REJECTED", which would say the
//! credential is false), did:web issuers resolve only from a document
//! given, and nothing a credential says reaches the terminal raw.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::slate;
use serde_json::json;
use slate::credential::{IssuerKey, bake, sign};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn third_party(name: &str) -> String {
    root()
        .join("tests/fixtures/credential/third-party")
        .join(name)
        .display()
        .to_string()
}

fn verify(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let mut all = vec!["verify"];
    all.extend_from_slice(args);
    let r = slate(dir, &all);
    (r.code, format!("{}{}", r.stdout, r.stderr))
}

const JWS: &str =
    "eyJhbGciOiJFZERTQSIsInR5cCI6InZjK2p3dCJ9.eyJpc3MiOiJkaWQ6d2ViOmV4YW1wbGUub3JnIn0.c2lnbmF0dXJl";

#[test]
fn each_form_slate_cannot_check_is_named_not_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("vc.jwt"), format!("{JWS}\n")).unwrap();
    let png = std::fs::read(root().join("tests/fixtures/credential/badge.png")).unwrap();
    std::fs::write(d.join("jws.png"), bake::bake(&png, JWS).unwrap()).unwrap();
    std::fs::write(
        d.join("enveloped.json"),
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": format!("data:application/vc+jwt,{JWS}"),
            "type": "EnvelopedVerifiableCredential",
        })
        .to_string(),
    )
    .unwrap();
    for (file, reason) in [
        (
            "vc.jwt",
            "this form is not supported: a JWT (compact JWS, VC-JOSE)",
        ),
        (
            "jws.png",
            "this form is not supported: a JWT (compact JWS, VC-JOSE) baked in a PNG",
        ),
        (
            "enveloped.json",
            "this form is not supported: an EnvelopedVerifiableCredential",
        ),
    ] {
        let (code, out) = verify(d, &[file]);
        assert_eq!(code, Some(1), "{out}");
        assert!(out.starts_with(&format!("NOT VERIFIED: {file}")), "{out}");
        assert!(out.contains(reason), "{file}: {out}");
    }
    // A proof of a type Slate does not check.
    let ed = third_party("credentials/v2-ed25519-didKey-legacy-noStatus-noExpiry.json");
    let mut c: serde_json::Value = serde_json::from_slice(&std::fs::read(&ed).unwrap()).unwrap();
    c["proof"]["type"] = json!("JsonWebSignature2020");
    std::fs::write(d.join("jws2020.json"), c.to_string()).unwrap();
    let (code, out) = verify(d, &["jws2020.json"]);
    assert_eq!(code, Some(1));
    assert!(out.starts_with("NOT VERIFIED:"), "{out}");
    assert!(
        out.contains("this proof type is not supported: \"JsonWebSignature2020\""),
        "{out}"
    );
    assert!(
        out.contains("says nothing about whether the credential is valid"),
        "{out}"
    );
    std::fs::write(d.join("empty.json"), "").unwrap();
    let (_, out) = verify(d, &["empty.json"]);
    assert!(
        out.contains("REJECTED: empty.json") && out.contains("the file is empty"),
        "{out}"
    );
}

#[test]
fn both_proofs_are_checked_and_a_third_of_another_type_is_listed_as_not_checked() {
    let both =
        third_party("credentials/v2-bothSignatureTypes-didkey-legacy-noStatus-noExpiry.json");
    let (code, out) = verify(&root(), &[&both]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.starts_with("verified:") && !out.contains("not checked"),
        "{out}"
    );
    let mut c: serde_json::Value = serde_json::from_slice(&std::fs::read(&both).unwrap()).unwrap();
    let mut other = c["proof"][0].clone();
    other["type"] = json!("BbsBlsSignature2020");
    c["proof"].as_array_mut().unwrap().push(other);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("three.json"), c.to_string()).unwrap();
    let (code, out) = verify(dir.path(), &["three.json"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("not checked: this proof type is not supported: \"BbsBlsSignature2020 with eddsa-rdfc-2022\""),
        "{out}"
    );
    // One of the checked proofs broken: the credential is refused.
    let mut broken: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&both).unwrap()).unwrap();
    let v = broken["proof"][1]["proofValue"]
        .as_str()
        .unwrap()
        .to_string();
    let flipped = if v.ends_with('a') { "b" } else { "a" };
    broken["proof"][1]["proofValue"] = json!(format!("{}{flipped}", &v[..v.len() - 1]));
    std::fs::write(dir.path().join("broken.json"), broken.to_string()).unwrap();
    let (code, out) = verify(dir.path(), &["broken.json"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.starts_with("REJECTED:"), "{out}");
}

#[test]
fn a_did_web_issuer_is_resolved_from_the_document_given_and_only_from_it() {
    let c = third_party("credentials/v2-dataIntegrityProof-didweb-oidf-noStatus-notExpired.json");
    let (code, out) = verify(&root(), &[&c]);
    assert_eq!(code, Some(1));
    assert!(out.starts_with("NOT VERIFIED:"), "{out}");
    assert!(out.contains("issuer key not available offline"), "{out}");
    assert!(out.contains("--issuer-doc"), "{out}");
    let doc = third_party("dids/did-web-oidf.json");
    let (code, out) = verify(&root(), &["--issuer-doc", &doc, &c]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("check it is the one https://digitalcredentials.github.io/vc-test-fixtures/dids/oidf/did.json serves"),
        "{out}"
    );
    assert!(
        out.contains("(did:web:digitalcredentials.github.io:vc-test-fixtures:dids:oidf)"),
        "{out}"
    );
    // The other did:web's document does not stand in for it.
    let other = third_party("dids/did-web-legacy.json");
    let (code, out) = verify(&root(), &["--issuer-doc", &other, &c]);
    assert_eq!(code, Some(1), "{out}");
}

#[test]
fn escape_sequences_in_what_a_credential_says_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let key = IssuerKey::from_seed([7; 32]);
    let mut c = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": "urn:uuid:0b4f8a2e-1111-4c3b-9d6e-3a2b1c0d9e8f",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": key.did(), "type": ["Profile"], "name": "College\u{1b}]52;c;ZXZpbA==\u{7}"},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": "x",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": "Lan\u{1b}[2J\u{1b}[31m",
            "achievement": {
                "id": "urn:x:a", "type": ["Achievement"],
                "name": "Badge\r\n\u{9b}31m", "description": "d", "criteria": {"narrative": "n"}
            }
        }
    });
    sign(&mut c, &key, "2026-01-01T00:00:00Z").unwrap();
    std::fs::write(dir.path().join("c.json"), c.to_string()).unwrap();
    let (code, out) = verify(dir.path(), &["c.json"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("Lan"), "{out}");
    assert!(
        out.contains("status: none (its issuer cannot revoke it)"),
        "{out}"
    );
    assert!(
        !out.chars()
            .any(|ch| (ch.is_control() && ch != '\n') || ch == '\u{9b}'),
        "a control character reached the terminal: {out:?}"
    );
}
