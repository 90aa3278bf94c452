//! Credentials other issuers made (the Digital Credentials Consortium's
//! public test fixtures, VC 1.1 and 2.0, eddsa-rdfc-2022 and
//! Ed25519Signature2020 proofs, did:key and did:web issuers; see
//! tests/fixtures/credential/third-party/README.md) get the verdict Digital
//! Bazaar's verifier gives them offline, every one.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use serde_json::Value;
use slate::credential::did::Resolver;
use slate::credential::proof::{CRYPTOSUITE, Context, ED25519_2020, PROOF_TYPE};
use slate::credential::verify_with;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/credential/third-party")
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The day the independent verdicts were computed for.
fn then() -> time::OffsetDateTime {
    time::OffsetDateTime::parse(
        "2026-12-01T00:00:00Z",
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap()
}

fn resolver_with_dids() -> Resolver {
    let mut r = Resolver::default();
    for f in ["did-web-legacy.json", "did-web-oidf.json"] {
        r.add_document(json(&dir().join("dids").join(f))).unwrap();
    }
    r
}

#[test]
fn slate_agrees_with_digital_bazaar_on_every_credential() {
    let verdicts = json(&dir().join("verdicts.json"));
    let resolver = resolver_with_dids();
    let cx = Context::at(&resolver, then());
    let (mut agreed, mut unsupported) = (0, 0);
    let mut disagreements = Vec::new();
    for v in verdicts.as_array().unwrap() {
        let file = v["file"].as_str().unwrap();
        let credential = json(&dir().join("credentials").join(file));
        let ours = verify_with(&credential, &cx);
        let supported = v["proofs"].as_array().unwrap().iter().any(|p| {
            (p["type"] == PROOF_TYPE && p["cryptosuite"] == CRYPTOSUITE)
                || p["type"] == ED25519_2020
        });
        if !supported {
            let e = ours.expect_err(file);
            assert!(e.unsupported, "{file}: {}", e.message);
            assert!(
                e.message
                    .contains("this proof type is not supported: Ed25519Signature2020"),
                "{file}: {}",
                e.message
            );
            unsupported += 1;
            continue;
        }
        // Status is checked apart (with --status-list); Digital Bazaar's
        // verdict with status left aside is the one to agree with.
        let theirs = v["verified_without_status"].as_bool().unwrap();
        if ours.is_ok() == theirs {
            agreed += 1;
        } else {
            disagreements.push(format!(
                "{file}: Digital Bazaar {theirs} ({}), Slate {:?}",
                v["error_without_status"],
                ours.map(|_| "verified").map_err(|e| e.message)
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    // Every credential was judged one way or the other.
    assert_eq!(agreed + unsupported, 89);
    assert_eq!((agreed, unsupported), (89, 0));
}

#[test]
fn a_did_web_issuer_without_its_document_is_not_available_offline() {
    let resolver = Resolver::default();
    let cx = Context::at(&resolver, then());
    let c =
        json(&dir().join("credentials/v2-dataIntegrityProof-didweb-oidf-noStatus-notExpired.json"));
    let e = verify_with(&c, &cx).unwrap_err();
    assert!(e.unsupported);
    assert!(
        e.message.contains("issuer key not available offline"),
        "{}",
        e.message
    );
    let with = resolver_with_dids();
    let cx = Context::at(&with, then());
    assert!(verify_with(&c, &cx).is_ok());
}

#[test]
fn what_is_shown_of_another_issuers_credential_is_what_it_signed() {
    let resolver = Resolver::default();
    let cx = Context::at(&resolver, then());
    let c =
        json(&dir().join("credentials/v1-dataIntegrityProof-didKey-legacy-noStatus-noExpiry.json"));
    let v = verify_with(&c, &cx).unwrap();
    let a = &v.claims.subjects[0].achievements[0];
    assert_eq!(a.names, ["Badge"]);
    assert_eq!(a.kinds, ["Diploma"]);
    assert_eq!(v.claims.model, slate::credential::claims::DataModel::V1_1);
    assert_eq!(v.claims.subjects[0].names, ["Jane Doe"]);
}

/// What Slate itself issued (records_flow's credentials with a status, the
/// data wallets show and a data: image, and the issuer's status list before
/// and after revoking) was verified by Digital Bazaar's verifier too, with
/// its real status checker (`slate-issued/verdicts.json`); Slate's verdict
/// on the same files is the same.
#[test]
fn what_slate_issues_digital_bazaar_verifies_and_slate_agrees() {
    let issued = dir().join("slate-issued");
    let verdicts = json(&issued.join("verdicts.json"));
    let day_after = time::OffsetDateTime::parse(
        "2026-12-03T00:00:00Z",
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let resolver = Resolver::default();
    let cx = Context::at(&resolver, day_after);
    let mut seen = 0;
    for v in verdicts.as_array().unwrap() {
        let name = v["name"].as_str().unwrap();
        if !name.contains("now 2026-12-03") || name.starts_with("control") {
            continue;
        }
        assert_eq!(v["verified"], true, "{name}: {}", v["error"]);
        let file = v["file"].as_str().unwrap();
        let ours = verify_with(&json(&issued.join(file)), &cx)
            .unwrap_or_else(|e| panic!("{file}: {}", e.message));
        if let Some(list_file) = v["status_list_served"].as_str() {
            let list = verify_with(&json(&issued.join(list_file)), &cx).unwrap();
            let theirs = v["status"]["results"][0]["status"].as_bool().unwrap();
            let verdict = slate::credential::status::check(
                &ours.claims.statuses[0],
                &ours.claims.issuer.id,
                &list,
            )
            .unwrap();
            assert_eq!(
                matches!(verdict, slate::credential::status::Verdict::Set { .. }),
                theirs,
                "{name}"
            );
        }
        seen += 1;
    }
    assert_eq!(
        seen, 6,
        "five files, the credential with a status checked against both lists"
    );
}
