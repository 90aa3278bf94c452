//! JSON-LD to canonical N-Quads (RDFC-1.0), with a document loader that
//! serves the embedded contexts and nothing else: signing and verifying
//! never touch the network, and a credential naming any other context is
//! refused rather than half-understood.

use oxjsonld::{JsonLdParser, JsonLdRemoteDocument};
use oxrdf as rdf;
use oxrdf_canon as canon_rdf;
use serde_json::Value;

pub const CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";
pub const OB_V3P0: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
pub const DATA_INTEGRITY_V2: &str = "https://w3id.org/security/data-integrity/v2";
pub const MULTIKEY_V1: &str = "https://w3id.org/security/multikey/v1";

/// The contexts Slate knows, by URL (see `contexts/README.md` for origin).
const CONTEXTS: &[(&str, &str)] = &[
    (
        CREDENTIALS_V2,
        include_str!("contexts/credentials-v2.jsonld"),
    ),
    (OB_V3P0, include_str!("contexts/ob-v3p0-3.0.3.jsonld")),
    (
        DATA_INTEGRITY_V2,
        include_str!("contexts/data-integrity-v2.jsonld"),
    ),
    (MULTIKEY_V1, include_str!("contexts/multikey-v1.jsonld")),
];

/// The embedded document for `url`, if Slate has one.
pub fn context(url: &str) -> Option<&'static str> {
    CONTEXTS
        .iter()
        .find(|(u, _)| *u == url)
        .map(|(_, doc)| *doc)
}

/// Every `@context` URL in `doc` must be one Slate embeds; inline contexts
/// are refused too, so that a credential can only mean what the published
/// vocabularies say.
pub fn check_contexts(doc: &Value) -> Result<(), String> {
    let Some(ctx) = doc.get("@context") else {
        return Err("no @context".into());
    };
    let list = match ctx {
        Value::Array(v) => v.iter().collect::<Vec<_>>(),
        other => vec![other],
    };
    for c in list {
        match c {
            Value::String(url) if context(url).is_some() => {}
            Value::String(url) => return Err(format!("unknown context {url}")),
            _ => return Err("an inline @context (only published contexts are accepted)".into()),
        }
    }
    no_nested_context(doc, 0)
}

/// A `@context` below the top would let a document redefine what its own
/// terms mean.
fn no_nested_context(v: &Value, depth: usize) -> Result<(), String> {
    let children: Box<dyn Iterator<Item = &Value>> = match v {
        Value::Object(m) => {
            if depth > 0 && m.contains_key("@context") {
                return Err("a @context inside the document (only the top one is accepted)".into());
            }
            Box::new(m.values())
        }
        Value::Array(a) => Box::new(a.iter()),
        _ => return Ok(()),
    };
    for c in children {
        no_nested_context(c, depth + 1)?;
    }
    Ok(())
}

/// Ceilings on what is canonicalized. Canonicalization compares blank
/// nodes that look alike in every order, which grows factorially; a real
/// credential has a few dozen statements and no large group of look-alikes.
const MAX_QUADS: usize = 4096;
const MAX_LOOKALIKES: usize = 8;

fn check_canonicalizable(dataset: &canon_rdf::Dataset) -> Result<(), String> {
    use std::collections::HashMap;
    if dataset.len() > MAX_QUADS {
        return Err(format!(
            "the document is too large to check (more than {MAX_QUADS} statements)"
        ));
    }
    // Each blank node's neighbourhood with other blank nodes blurred: nodes
    // with the same one are the look-alikes canonicalization permutes.
    let mut around: HashMap<String, Vec<String>> = HashMap::new();
    let term = |t: &canon_rdf::Term| match t {
        canon_rdf::Term::BlankNode(_) => "_:".to_string(),
        other => other.to_string(),
    };
    for q in dataset.iter() {
        let graph = match q.graph_name {
            canon_rdf::GraphNameRef::DefaultGraph => String::new(),
            _ => "g".into(),
        };
        if let canon_rdf::SubjectRef::BlankNode(b) = q.subject {
            around
                .entry(b.as_str().to_string())
                .or_default()
                .push(format!(
                    "out {} {} {graph}",
                    q.predicate,
                    term(&q.object.into_owned())
                ));
        }
        if let canon_rdf::TermRef::BlankNode(b) = q.object {
            let subject = match q.subject {
                canon_rdf::SubjectRef::BlankNode(_) => "_:".to_string(),
                s => s.to_string(),
            };
            around
                .entry(b.as_str().to_string())
                .or_default()
                .push(format!("in {} {subject} {graph}", q.predicate));
        }
    }
    let mut groups: HashMap<Vec<String>, usize> = HashMap::new();
    for (_, mut sig) in around {
        sig.sort();
        *groups.entry(sig).or_default() += 1;
    }
    if groups.values().any(|&n| n > MAX_LOOKALIKES) {
        return Err(format!(
            "the document has more than {MAX_LOOKALIKES} indistinguishable parts; refusing to canonicalize it"
        ));
    }
    Ok(())
}

/// The canonical N-Quads of `doc` (RDF Dataset Canonicalization 1.0).
pub fn canonical_nquads(doc: &Value) -> Result<String, String> {
    check_contexts(doc)?;
    let bytes = serde_json::to_vec(doc).map_err(|e| e.to_string())?;
    let parser = JsonLdParser::new()
        .for_slice(&bytes)
        .with_load_document_callback(|url, _| match context(url) {
            Some(doc) => Ok(JsonLdRemoteDocument {
                document: doc.as_bytes().to_vec(),
                document_url: url.to_string(),
            }),
            None => Err(format!("refusing to load {url}: not an embedded context").into()),
        });
    let mut dataset = canon_rdf::Dataset::new();
    for quad in parser {
        let quad = quad.map_err(|e| format!("JSON-LD: {e}"))?;
        dataset.insert(&convert(quad));
    }
    check_canonicalizable(&dataset)?;
    rdf_canon::canonicalize(&dataset).map_err(|e| format!("canonicalization: {e}"))
}

// The JSON-LD parser and the canonicalizer use two versions of the same RDF
// model; terms are carried across by value.
fn convert(q: rdf::Quad) -> canon_rdf::Quad {
    let subject: canon_rdf::Subject = match q.subject {
        rdf::NamedOrBlankNode::NamedNode(n) => named(n).into(),
        rdf::NamedOrBlankNode::BlankNode(b) => blank(b).into(),
    };
    let object: canon_rdf::Term = match q.object {
        rdf::Term::NamedNode(n) => named(n).into(),
        rdf::Term::BlankNode(b) => blank(b).into(),
        rdf::Term::Literal(l) => literal(l).into(),
    };
    let graph = match q.graph_name {
        rdf::GraphName::NamedNode(n) => canon_rdf::GraphName::NamedNode(named(n)),
        rdf::GraphName::BlankNode(b) => canon_rdf::GraphName::BlankNode(blank(b)),
        rdf::GraphName::DefaultGraph => canon_rdf::GraphName::DefaultGraph,
    };
    canon_rdf::Quad::new(subject, named(q.predicate), object, graph)
}

fn named(n: rdf::NamedNode) -> canon_rdf::NamedNode {
    canon_rdf::NamedNode::new_unchecked(n.into_string())
}

fn blank(b: rdf::BlankNode) -> canon_rdf::BlankNode {
    canon_rdf::BlankNode::new_unchecked(b.into_string())
}

fn literal(l: rdf::Literal) -> canon_rdf::Literal {
    match l.language() {
        Some(lang) => canon_rdf::Literal::new_language_tagged_literal_unchecked(l.value(), lang),
        None => canon_rdf::Literal::new_typed_literal(
            l.value(),
            canon_rdf::NamedNode::new_unchecked(l.datatype().as_str()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_and_inline_contexts_are_refused() {
        let doc = json!({"@context": [CREDENTIALS_V2, "https://evil.example/ctx"], "type": "VerifiableCredential"});
        assert!(
            canonical_nquads(&doc)
                .unwrap_err()
                .contains("unknown context")
        );
        let doc = json!({"@context": [CREDENTIALS_V2, {"x": "https://evil.example/x"}]});
        assert!(canonical_nquads(&doc).unwrap_err().contains("inline"));
    }

    #[test]
    fn nested_contexts_and_swarms_of_look_alikes_are_refused() {
        let doc = json!({"@context": [CREDENTIALS_V2], "credentialSubject": {"@context": {"x": "https://evil.example/"}}});
        assert!(
            canonical_nquads(&doc)
                .unwrap_err()
                .contains("inside the document")
        );
        let same: Vec<_> = (0..12).map(|_| json!({"type": "Evidence"})).collect();
        let doc = json!({
            "@context": [CREDENTIALS_V2, OB_V3P0],
            "type": ["VerifiableCredential"],
            "evidence": same,
        });
        let err = canonical_nquads(&doc).unwrap_err();
        assert!(err.contains("indistinguishable"), "{err}");
    }

    #[test]
    fn the_embedded_contexts_equal_the_shared_originals() {
        let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/contexts");
        if !shared.is_dir() {
            println!("note: ../shared/contexts is absent; not comparing the embedded contexts");
            return;
        }
        for file in [
            "credentials-v2.jsonld",
            "ob-v3p0-3.0.3.jsonld",
            "data-integrity-v2.jsonld",
            "multikey-v1.jsonld",
        ] {
            let ours = std::fs::read(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("src/credential/contexts")
                    .join(file),
            )
            .unwrap();
            assert_eq!(ours, std::fs::read(shared.join(file)).unwrap(), "{file}");
        }
    }
}
