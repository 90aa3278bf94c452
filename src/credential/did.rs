//! The issuer's public key, from its DID: a `did:key` carries the key in
//! its name; a `did:web` names a document on a web server, which Slate
//! never fetches: the verifier gives it as a file (`--issuer-doc`).

use base64::Engine as _;
use ed25519_dalek::VerifyingKey;
use serde_json::Value;

use super::key::{ed25519_public_multibase, resolve_did_key};
use super::proof::Refusal;

/// The DID documents the verifier was given.
#[derive(Debug, Default, Clone)]
pub struct Resolver {
    docs: Vec<Value>,
}

impl Resolver {
    pub fn new(docs: Vec<Value>) -> Resolver {
        Resolver { docs }
    }

    /// Reads a DID document given on the command line: it must name itself
    /// with an `id`.
    pub fn add_document(&mut self, doc: Value) -> Result<String, String> {
        let Some(id) = doc.get("id").and_then(Value::as_str).map(String::from) else {
            return Err("not a DID document (no \"id\")".into());
        };
        if !id.starts_with("did:") {
            return Err(format!("not a DID document (its id {id} is not a DID)"));
        }
        // Which would say what the DID's keys are? Neither is taken.
        if let Some(other) = self
            .docs
            .iter()
            .find(|d| d.get("id").and_then(Value::as_str) == Some(id.as_str()))
        {
            if *other == doc {
                return Ok(id);
            }
            return Err(format!(
                "two different DID documents for {id} were given; give the one its issuer publishes"
            ));
        }
        self.docs.push(doc);
        Ok(id)
    }

    /// The Ed25519 key `method` (a verification method id, `did:…#…`)
    /// names, allowed to assert credentials for its DID. A key Slate cannot
    /// look up (another DID method, a did:web without its document) is an
    /// unsupported refusal; a key that is wrong is an invalid one.
    pub fn assertion_key(&self, method: &str) -> Result<VerifyingKey, Refusal> {
        let did = method.split('#').next().unwrap_or(method);
        if did.starts_with("did:key:") {
            return resolve_did_key(method).map_err(Refusal::invalid);
        }
        if !did.starts_with("did:web:") {
            const HOW: &str = "(Slate resolves did:key, and did:web given with --issuer-doc)";
            return Err(match did.split(':').collect::<Vec<_>>().as_slice() {
                ["did", method, ..] if !method.is_empty() => Refusal::unsupported(format!(
                    "the issuer's key cannot be found: did:{method} identifiers are not supported {HOW}"
                )),
                _ => Refusal::invalid(format!(
                    "the issuer's key cannot be found: {} is not a DID {HOW}",
                    crate::text::quote(did)
                )),
            });
        }
        let Some(doc) = self
            .docs
            .iter()
            .find(|d| d.get("id").and_then(Value::as_str) == Some(did))
        else {
            return Err(Refusal::unsupported(format!(
                "issuer key not available offline: {did} is published on the web; give its DID document (did.json) with --issuer-doc FILE"
            )));
        };
        let absolute = |id: &str| -> String {
            if id.starts_with('#') {
                format!("{did}{id}")
            } else {
                id.to_string()
            }
        };
        let listed = |key: &str| -> Vec<&Value> {
            match doc.get(key) {
                Some(Value::Array(v)) => v.iter().collect(),
                Some(v) => vec![v],
                None => Vec::new(),
            }
        };
        // The method must be one the DID allows to assert (sign) claims.
        let asserts = listed("assertionMethod").into_iter().find_map(|m| match m {
            Value::String(id) if absolute(id) == method => Some(None),
            Value::Object(o)
                if o.get("id").and_then(Value::as_str).map(absolute).as_deref() == Some(method) =>
            {
                Some(Some(m))
            }
            _ => None,
        });
        let entry = match asserts {
            None => {
                return Err(Refusal::invalid(format!(
                    "the DID document of {did} does not list {method} as a key for issuing (assertionMethod)"
                )));
            }
            Some(Some(embedded)) => embedded,
            Some(None) => listed("verificationMethod")
                .into_iter()
                .find(|m| {
                    m.get("id").and_then(Value::as_str).map(absolute).as_deref() == Some(method)
                })
                .ok_or_else(|| {
                    Refusal::invalid(format!(
                        "the DID document of {did} does not describe {method}"
                    ))
                })?,
        };
        if let Some(c) = entry.get("controller").and_then(Value::as_str)
            && c != did
        {
            return Err(Refusal::invalid(format!(
                "{method} is controlled by {c}, not by {did}"
            )));
        }
        public_key(entry).ok_or_else(|| {
            Refusal::invalid(format!(
                "{method} in the DID document of {did} is not an Ed25519 key Slate can read"
            ))
        })
    }
}

/// An Ed25519 key from a verification method: `publicKeyMultibase`
/// (Multikey, Ed25519VerificationKey2020) or an OKP `publicKeyJwk`.
fn public_key(entry: &Value) -> Option<VerifyingKey> {
    if let Some(mb) = entry.get("publicKeyMultibase").and_then(Value::as_str) {
        return ed25519_public_multibase(mb);
    }
    let jwk = entry.get("publicKeyJwk")?;
    if jwk.get("kty")?.as_str()? != "OKP" || jwk.get("crv")?.as_str()? != "Ed25519" {
        return None;
    }
    let x = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(jwk.get("x")?.as_str()?)
        .ok()?;
    VerifyingKey::from_bytes(&x.try_into().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DID: &str = "did:web:school.example";
    const KEY: &str = "z6MkjXe1vZvPRqFuc9nRBtZ3e1Y9XKDFSbjFAfzLfW2bD6cZ";

    fn doc(assertion: Value) -> Value {
        json!({
            "id": DID,
            "verificationMethod": [{"id": "#k1", "type": "Multikey", "controller": DID, "publicKeyMultibase": KEY}],
            "assertionMethod": assertion,
        })
    }

    #[test]
    fn a_did_web_key_comes_only_from_a_given_document_that_lets_it_assert() {
        let method = format!("{DID}#k1");
        let none = Resolver::default();
        assert!(
            none.assertion_key(&method)
                .unwrap_err()
                .message
                .contains("not available offline")
        );
        let by_ref = Resolver::new(vec![doc(json!(["#k1"]))]);
        assert!(by_ref.assertion_key(&method).is_ok());
        let not_listed = Resolver::new(vec![doc(json!([]))]);
        assert!(
            not_listed
                .assertion_key(&method)
                .unwrap_err()
                .message
                .contains("assertionMethod")
        );
        let other = Resolver::new(vec![doc(json!(["#k1"]))]);
        assert!(other.assertion_key("did:web:evil.example#k1").is_err());
        assert!(
            none.assertion_key("did:ion:abc#k")
                .unwrap_err()
                .message
                .contains("did:ion identifiers are not supported")
        );
        assert!(
            none.assertion_key("https://evil.example/key")
                .unwrap_err()
                .message
                .contains("is not a DID")
        );
        let mut two = Resolver::default();
        two.add_document(doc(json!(["#k1"]))).unwrap();
        two.add_document(doc(json!(["#k1"]))).unwrap();
        let err = two.add_document(doc(json!([]))).unwrap_err();
        assert!(err.contains("two different DID documents"), "{err}");
    }
}
