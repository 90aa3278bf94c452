//! Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite: the
//! credential (without its proof) and the proof options are each turned
//! into canonical N-Quads and hashed with SHA-256; the two hashes, options
//! first, are what Ed25519 signs. Verification also checks the older
//! Ed25519Signature2020 proofs, made the same way, and reads what the
//! credential claims from the statements the document hash covers.

use ed25519_dalek::{Signature, Signer as _};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::claims::{self, Claims};
use super::did::Resolver;
use super::graph::Graph;
use super::jsonld::{canonical_nquads, check_contexts, expand};
use super::key::IssuerKey;

pub const PROOF_TYPE: &str = "DataIntegrityProof";
pub const CRYPTOSUITE: &str = "eddsa-rdfc-2022";
/// The older Linked Data proof of most VC 1.1 badges. It hashes and signs
/// exactly as eddsa-rdfc-2022 does (canonical proof options with the
/// document's context, then the canonical document, SHA-256 each, Ed25519),
/// so one check serves both.
pub const ED25519_2020: &str = "Ed25519Signature2020";

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
    let mut out = config_hash(unsecured, options)?;
    out.extend_from_slice(&Sha256::digest(canonical_nquads(unsecured)?.as_bytes()));
    Ok(out)
}

fn config_hash(unsecured: &Value, options: &Map<String, Value>) -> Result<Vec<u8>, String> {
    config_hash_and_graph(unsecured, options).map(|(hash, _)| hash)
}

/// The configuration's hash and its statements, from which what the proof
/// says of itself (purpose, key, dates) is read.
fn config_hash_and_graph(
    unsecured: &Value,
    options: &Map<String, Value>,
) -> Result<(Vec<u8>, Graph), String> {
    let mut config = options.clone();
    config.remove("proofValue");
    config.remove("@context");
    let mut with_context = Map::new();
    with_context.insert(
        "@context".into(),
        unsecured.get("@context").cloned().unwrap_or(Value::Null),
    );
    with_context.extend(config);
    let (config_nq, graph) = expand(&Value::Object(with_context))?;
    Ok((Sha256::digest(config_nq.as_bytes()).to_vec(), graph))
}

const SEC: &str = "https://w3id.org/security#";

/// What a proof's signed statements say of it, checked: made for
/// assertion, with the key it names, not in the future, not expired.
fn check_proof_statements(
    graph: &Graph,
    kind: &str,
    method: &str,
    cx: &Context,
) -> Result<(), Refusal> {
    let now = cx.now;
    // The proof is the one node of its configuration; where the
    // credential's contexts do not define the proof's terms, its statements
    // say nothing of what it is for, and that is not taken on trust.
    let typed = graph.roots_of_type(&format!("{SEC}{kind}"));
    let roots = if typed.is_empty() {
        graph.roots()
    } else {
        typed
    };
    let [proof] = roots.as_slice() else {
        return Err(Refusal::invalid(format!(
            "the proof's signed statements do not say what it is for: the credential's contexts do not define {kind}'s terms"
        )));
    };
    let purposes = graph.nodes(proof, &format!("{SEC}proofPurpose"));
    let assertion = format!("{SEC}assertionMethod");
    if !matches!(purposes.as_slice(), [one] if one.iri() == Some(assertion.as_str())) {
        return Err(Refusal::invalid(
            "the proof is not for assertion (proofPurpose is not assertionMethod)",
        ));
    }
    let methods = graph.nodes(proof, &format!("{SEC}verificationMethod"));
    if !matches!(methods.as_slice(), [one] if one.iri() == Some(method)) {
        return Err(Refusal::invalid(
            "the proof's signed statements name another key than its verificationMethod",
        ));
    }
    let date = |p: &str| -> Result<Vec<time::OffsetDateTime>, Refusal> {
        graph
            .texts(proof, p)
            .iter()
            .map(|t| {
                time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
                    .map_err(|_| {
                        Refusal::invalid(format!(
                            "the proof's date {} is not a date and time",
                            crate::text::quote(t)
                        ))
                    })
            })
            .collect()
    };
    for created in date("http://purl.org/dc/terms/created")? {
        if cx.dates && created > later(now) {
            return Err(Refusal::invalid(format!(
                "the proof says it was made on {}, which is still to come",
                rfc3339(created)
            )));
        }
    }
    for expires in date(&format!("{SEC}expiration"))? {
        if cx.dates && expires < now {
            return Err(Refusal::invalid(format!(
                "the proof expired on {}",
                rfc3339(expires)
            )));
        }
    }
    Ok(())
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

/// What a verified credential says, read from the statements its proof
/// covers, and which proofs were checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    pub claims: Claims,
    /// Others than the issuer whose proofs on the credential also verified.
    pub cosigners: Vec<String>,
    /// Proofs Slate could not check, each with the reason.
    pub unchecked: Vec<String>,
}

/// Why a credential is not verified: it failed a check, or it is in a form
/// Slate cannot check at all (which says nothing about whether it is valid).
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub unsupported: bool,
    pub message: String,
}

impl Refusal {
    pub fn invalid(message: impl Into<String>) -> Refusal {
        Refusal {
            unsupported: false,
            message: message.into(),
        }
    }
    pub fn unsupported(message: impl Into<String>) -> Refusal {
        Refusal {
            unsupported: true,
            message: message.into(),
        }
    }
}

impl From<String> for Refusal {
    fn from(message: String) -> Refusal {
        Refusal::invalid(message)
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// What a verification may rely on besides the credential.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub resolver: &'a Resolver,
    pub now: time::OffsetDateTime,
    /// Whether the credential must be valid now. Off only to revoke one
    /// that has expired: its proof is still checked.
    pub dates: bool,
}

impl<'a> Context<'a> {
    /// Verification at `now`, dates checked.
    pub fn at(resolver: &'a Resolver, now: time::OffsetDateTime) -> Context<'a> {
        Context {
            resolver,
            now,
            dates: true,
        }
    }
}

/// Checks every proof of `credential` Slate can check and reads what it
/// claims, now, with only `did:key` issuers resolvable.
pub fn verify(credential: &Value) -> Result<Verified, Refusal> {
    verify_with(
        credential,
        &Context::at(&Resolver::default(), time::OffsetDateTime::now_utc()),
    )
}

/// Each proof is checked in full; a credential has one or two.
const MAX_PROOFS: usize = 8;

/// How far the clocks of an issuer and a verifier may disagree.
const CLOCK_SKEW: time::Duration = time::Duration::minutes(5);

/// `now` and the skew allowed, without overflow at the end of time.
fn later(now: time::OffsetDateTime) -> time::OffsetDateTime {
    now.checked_add(CLOCK_SKEW).unwrap_or(now)
}

pub fn verify_with(credential: &Value, cx: &Context) -> Result<Verified, Refusal> {
    let Some(obj) = credential.as_object() else {
        return Err(Refusal::invalid("a credential is a JSON object"));
    };
    if types_of(credential).contains(&"EnvelopedVerifiableCredential") {
        return Err(Refusal::unsupported(
            "this form is not supported: an EnvelopedVerifiableCredential (a credential secured as a JWT, VC-JOSE-COSE); Slate checks credentials with an embedded Data Integrity proof",
        ));
    }
    let proofs: Vec<&Value> = match obj.get("proof") {
        Some(Value::Array(v)) if !v.is_empty() => v.iter().collect(),
        Some(p @ Value::Object(_)) => vec![p],
        _ => {
            return Err(Refusal::invalid(
                "the credential has no proof: it was never signed",
            ));
        }
    };
    if proofs.len() > MAX_PROOFS {
        return Err(Refusal::invalid(format!(
            "the credential carries {} proofs; no credential needs more than {MAX_PROOFS}",
            proofs.len()
        )));
    }
    let mut unsecured = credential.clone();
    if let Some(o) = unsecured.as_object_mut() {
        o.remove("proof");
    }
    check_contexts(&unsecured).map_err(Refusal::unsupported)?;
    let (document_nq, graph) = expand(&unsecured)?;
    let claims = claims::read(&graph)?;
    let document_hash = Sha256::digest(document_nq.as_bytes());

    let mut signers = Vec::new();
    let mut unchecked = Vec::new();
    for proof in proofs {
        let Some(p) = proof.as_object() else {
            return Err(Refusal::invalid("a proof is not a JSON object"));
        };
        let field = |name: &str| p.get(name).and_then(Value::as_str);
        let Some(kind) = field("type") else {
            unchecked.push(match p.get("type") {
                Some(Value::Array(kinds)) => format!(
                    "this proof type is not supported: a proof of several types ({})",
                    crate::text::one_line(
                        &kinds
                            .iter()
                            .map(|k| k.as_str().unwrap_or("?"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                ),
                _ => "a proof without a type, which no verifier can check".into(),
            });
            continue;
        };
        let checkable = (kind == PROOF_TYPE && field("cryptosuite") == Some(CRYPTOSUITE))
            || (kind == ED25519_2020 && p.get("cryptosuite").is_none());
        if !checkable {
            let name = match field("cryptosuite") {
                Some(suite) => format!("{kind} with {suite}"),
                None => kind.to_string(),
            };
            // The type is the proof's own unchecked word: quoted, never
            // presented as a fact.
            unchecked.push(format!(
                "this proof type is not supported: {}",
                crate::text::quote(&crate::text::one_line(&name))
            ));
            continue;
        }
        if let Some(ctx) = p.get("@context")
            && Some(ctx) != unsecured.get("@context")
        {
            return Err(Refusal::unsupported(
                "this proof form is not supported: a proof with an @context of its own, other than the credential's",
            ));
        }
        let Some(method) = field("verificationMethod") else {
            return Err(Refusal::invalid("the proof names no verificationMethod"));
        };
        let controller = method.split('#').next().unwrap_or(method).to_string();
        let public = cx.resolver.assertion_key(method)?;
        let Some(value) = field("proofValue") else {
            return Err(Refusal::invalid("the proof has no proofValue"));
        };
        let bytes = value
            .strip_prefix('z')
            .and_then(|v| bs58::decode(v).into_vec().ok())
            .ok_or_else(|| Refusal::invalid("the proofValue is not base58btc multibase"))?;
        let bytes: [u8; 64] = bytes.try_into().map_err(|_| {
            Refusal::invalid("the proofValue is not an Ed25519 signature (not 64 bytes)")
        })?;
        let (mut data, proof_graph) = config_hash_and_graph(&unsecured, p)?;
        data.extend_from_slice(&document_hash);
        public
            .verify_strict(&data, &Signature::from_bytes(&bytes))
            .map_err(|_| {
                Refusal::invalid("the signature does not match the content: the credential was changed after it was signed, or signed by another key")
            })?;
        check_proof_statements(&proof_graph, kind, method, cx)?;
        signers.push(controller);
    }
    if signers.is_empty() {
        let why = unchecked.join("; ");
        return Err(Refusal::unsupported(format!(
            "{why} (Slate checks {PROOF_TYPE} proofs with {CRYPTOSUITE}, and {ED25519_2020}); this says nothing about whether the credential is valid"
        )));
    }
    if !signers.contains(&claims.issuer.id) {
        return Err(Refusal::invalid(format!(
            "the proof was made by {}, not by the issuer {}",
            signers.join(", "),
            claims.issuer.id
        )));
    }
    if let Some(from) = claims.valid_from
        && cx.dates
        && from > later(cx.now)
    {
        return Err(Refusal::invalid(format!(
            "the credential is not valid before {}",
            rfc3339(from)
        )));
    }
    if let Some(until) = claims.valid_until
        && cx.dates
        && until < cx.now
    {
        return Err(Refusal::invalid(format!(
            "the credential expired on {}",
            rfc3339(until)
        )));
    }
    let mut cosigners: Vec<String> = signers
        .into_iter()
        .filter(|s| *s != claims.issuer.id)
        .collect();
    cosigners.sort();
    cosigners.dedup();
    Ok(Verified {
        claims,
        cosigners,
        unchecked,
    })
}

pub fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.to_string())
}

fn types_of(v: &Value) -> Vec<&str> {
    match v.get("type") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(s)) => vec![s.as_str()],
        _ => Vec::new(),
    }
}
