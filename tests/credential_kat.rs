//! Known-answer test: Slate's eddsa-rdfc-2022 signer reproduces, byte for
//! byte, the canonical N-Quads and signature that an independent
//! implementation (Digital Bazaar's JavaScript libraries; see
//! tests/fixtures/credential/kat/README.md) made for a fixed credential and
//! key, and each side verifies the other's output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use serde_json::Value;
use slate::credential::jsonld::canonical_nquads;
use slate::credential::proof::hash_data;
use slate::credential::{IssuerKey, sign, verify};

fn kat(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/credential/kat")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn key() -> IssuerKey {
    let hex = kat("seed.hex");
    let hex = hex.trim();
    let mut seed = [0u8; 32];
    for (i, b) in seed.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
    }
    IssuerKey::from_seed(seed)
}

fn credential() -> Value {
    serde_json::from_str(&kat("credential.json")).unwrap()
}

#[test]
fn the_did_matches() {
    assert_eq!(key().did(), kat("did.txt").trim());
}

#[test]
fn the_canonical_document_matches_byte_for_byte() {
    assert_eq!(canonical_nquads(&credential()).unwrap(), kat("document.nq"));
}

#[test]
fn the_canonical_proof_configuration_and_the_signature_match() {
    let mut signed = credential();
    sign(&mut signed, &key(), "2026-11-23T10:00:00Z").unwrap();
    let proof = signed["proof"][0].as_object().unwrap().clone();
    assert_eq!(proof["proofValue"], kat("proof-value.txt").trim());

    let mut config = proof.clone();
    config.remove("proofValue");
    config.insert("@context".into(), credential()["@context"].clone());
    assert_eq!(
        canonical_nquads(&Value::Object(config)).unwrap(),
        kat("proof-config.nq")
    );
    let data = hash_data(&credential(), &proof).unwrap();
    let hex: String = data.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, kat("hash-data.hex").trim());
}

#[test]
fn each_side_verifies_the_others_credential() {
    let theirs: Value = serde_json::from_str(&kat("signed.json")).unwrap();
    let v = verify(&theirs).unwrap();
    assert_eq!(v.claims.issuer.id, kat("did.txt").trim());
    assert_eq!(v.claims.subjects[0].results, ["85%"]);

    let mut ours = credential();
    sign(&mut ours, &key(), "2026-11-23T10:00:00Z").unwrap();
    verify(&ours).unwrap();
    // Same signature whether the proof is one object or an array of one.
    assert_eq!(
        ours["proof"][0]["proofValue"],
        theirs["proof"]["proofValue"]
    );
}
