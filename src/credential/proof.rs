//! Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite: the
//! credential (without its proof) and the proof options are each turned
//! into canonical N-Quads and hashed with SHA-256; the two hashes, options
//! first, are what Ed25519 signs.

use ed25519_dalek::{Signature, Signer as _};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::jsonld::canonical_nquads;
use super::key::{IssuerKey, resolve_did_key};

pub const PROOF_TYPE: &str = "DataIntegrityProof";
pub const CRYPTOSUITE: &str = "eddsa-rdfc-2022";

/// The proof options, without `proofValue`.
fn proof_options(key: &IssuerKey, created: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("type".into(), json!(PROOF_TYPE));
    m.insert("cryptosuite".into(), json!(CRYPTOSUITE));
    m.insert("created".into(), json!(created));
    m.insert(
        "verificationMethod".into(),
        json!(key.verification_method()),
    );
    m.insert("proofPurpose".into(), json!("assertionMethod"));
    m
}

/// SHA-256 of the canonical proof configuration, then of the canonical
/// document. The configuration takes the document's `@context`.
pub fn hash_data(unsecured: &Value, options: &Map<String, Value>) -> Result<Vec<u8>, String> {
    let mut config = options.clone();
    config.remove("proofValue");
    config.remove("@context");
    let mut with_context = Map::new();
    with_context.insert(
        "@context".into(),
        unsecured.get("@context").cloned().unwrap_or(Value::Null),
    );
    with_context.extend(config);
    let config_nq = canonical_nquads(&Value::Object(with_context))?;
    let doc_nq = canonical_nquads(unsecured)?;
    let mut out = Sha256::digest(config_nq.as_bytes()).to_vec();
    out.extend_from_slice(&Sha256::digest(doc_nq.as_bytes()));
    Ok(out)
}

/// Adds a proof to `credential` (which must have none yet), as the single
/// entry of a `proof` array.
pub fn sign(credential: &mut Value, key: &IssuerKey, created: &str) -> Result<(), String> {
    let Some(obj) = credential.as_object() else {
        return Err("a credential is a JSON object".into());
    };
    if obj.contains_key("proof") {
        return Err("the credential already has a proof".into());
    }
    let mut options = proof_options(key, created);
    let data = hash_data(credential, &options)?;
    let signature = key.signing().sign(&data);
    options.insert(
        "proofValue".into(),
        json!(format!(
            "z{}",
            bs58::encode(signature.to_bytes()).into_string()
        )),
    );
    if let Some(obj) = credential.as_object_mut() {
        obj.insert("proof".into(), json!([Value::Object(options)]));
    }
    Ok(())
}

/// What a verified credential says.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    pub issuer_id: String,
    pub issuer_name: Option<String>,
    pub achievement: String,
    pub subject: String,
    pub valid_from: String,
    pub result: Option<String>,
}

/// Checks the structure and every proof of `credential`. The error says
/// what is wrong, in words a school administrator can act on.
pub fn verify(credential: &Value) -> Result<Verified, String> {
    let verified = super::badge::read(credential)?;
    let proofs = match credential.get("proof") {
        Some(Value::Array(v)) if !v.is_empty() => v.clone(),
        Some(p @ Value::Object(_)) => vec![p.clone()],
        _ => return Err("the credential has no proof: it was never signed".into()),
    };
    let mut unsecured = credential.clone();
    if let Some(obj) = unsecured.as_object_mut() {
        obj.remove("proof");
    }
    for proof in &proofs {
        let Some(p) = proof.as_object() else {
            return Err("a proof is not a JSON object".into());
        };
        let field = |name: &str| p.get(name).and_then(Value::as_str);
        if field("type") != Some(PROOF_TYPE) || field("cryptosuite") != Some(CRYPTOSUITE) {
            return Err(format!(
                "unsupported proof (type {}, cryptosuite {}); Slate verifies {PROOF_TYPE} with {CRYPTOSUITE}",
                crate::text::quote(field("type").unwrap_or("none")),
                crate::text::quote(field("cryptosuite").unwrap_or("none"))
            ));
        }
        if field("proofPurpose") != Some("assertionMethod") {
            return Err(
                "the proof is not for assertion (proofPurpose is not assertionMethod)".into(),
            );
        }
        let Some(method) = field("verificationMethod") else {
            return Err("the proof names no verificationMethod".into());
        };
        let controller = method.split('#').next().unwrap_or(method);
        if controller != verified.issuer_id {
            return Err(format!(
                "the proof was made by {controller}, not by the issuer {}",
                verified.issuer_id
            ));
        }
        let public = resolve_did_key(method)?;
        let Some(value) = field("proofValue") else {
            return Err("the proof has no proofValue".into());
        };
        let bytes = value
            .strip_prefix('z')
            .and_then(|v| bs58::decode(v).into_vec().ok())
            .ok_or("the proofValue is not base58btc multibase")?;
        let bytes: [u8; 64] = bytes
            .try_into()
            .map_err(|_| "the proofValue is not an Ed25519 signature (not 64 bytes)")?;
        let data = hash_data(&unsecured, p)?;
        public
            .verify_strict(&data, &Signature::from_bytes(&bytes))
            .map_err(|_| {
                "the signature does not match the content: the credential was changed after it was signed, or signed by another key".to_string()
            })?;
    }
    Ok(verified)
}
