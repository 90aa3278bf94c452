//! JSON-LD to canonical N-Quads (RDFC-1.0), with a document loader that
//! serves the embedded contexts and nothing else: signing and verifying
//! never touch the network, and a credential naming any other context is
//! refused rather than half-understood.

use oxjsonld::{JsonLdParser, JsonLdRemoteDocument};
use oxrdf as rdf;
use oxrdf_canon as canon_rdf;
use serde_json::Value;

use super::graph::{Graph, Literal, Node, Object};

pub const CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";
pub const OB_V3P0: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
pub const DATA_INTEGRITY_V2: &str = "https://w3id.org/security/data-integrity/v2";
pub const MULTIKEY_V1: &str = "https://w3id.org/security/multikey/v1";
pub const STATUS_LIST_2021: &str = "https://w3id.org/vc/status-list/2021/v1";
pub const CREDENTIALS_V1: &str = "https://www.w3.org/2018/credentials/v1";

/// The contexts Slate knows, by URL (see `contexts/README.md` for origin):
/// those of VC 2.0 and 1.1, every Open Badges 3.0 release, and the further
/// ones other issuers' credentials commonly list.
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
    (
        CREDENTIALS_V1,
        include_str!("contexts/credentials-v1.jsonld"),
    ),
    (
        "https://www.w3.org/ns/credentials/status/v1",
        include_str!("contexts/credentials-status-v1.jsonld"),
    ),
    (
        "https://w3id.org/security/suites/ed25519-2020/v1",
        include_str!("contexts/ed25519-2020-v1.jsonld"),
    ),
    (
        "https://w3id.org/security/data-integrity/v1",
        include_str!("contexts/data-integrity-v1.jsonld"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        include_str!("contexts/ob-v3p0-3.0.0.jsonld"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
        include_str!("contexts/ob-v3p0-3.0.1.jsonld"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        include_str!("contexts/ob-v3p0-3.0.2.jsonld"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        include_str!("contexts/ob-v3p0-extensions.jsonld"),
    ),
    (
        "https://w3id.org/dcc/v1",
        include_str!("contexts/dcc-v1.jsonld"),
    ),
    (
        STATUS_LIST_2021,
        include_str!("contexts/vc-status-list-2021-v1.jsonld"),
    ),
];

/// The embedded document for `url`, if Slate has one.
pub fn context(url: &str) -> Option<&'static str> {
    CONTEXTS
        .iter()
        .find(|(u, _)| *u == url)
        .map(|(_, doc)| *doc)
}

/// Every context URL `doc` names, at the top, inside it, or imported by an
/// inline context, must be one Slate holds: nothing is fetched. Inline
/// contexts are allowed: whatever they make a term mean, what is shown is
/// read from the statements the signature covers, by full IRI.
pub fn check_contexts(doc: &Value) -> Result<(), String> {
    if doc.get("@context").is_none() {
        return Err("no @context: this is not a JSON-LD credential".into());
    }
    let mut urls = Vec::new();
    context_urls(doc, &mut urls);
    for url in urls {
        if context(url).is_none() {
            return Err(format!(
                "the credential uses the context {url}, which Slate does not hold offline, so what it signs cannot be read (nothing is fetched from the network)"
            ));
        }
    }
    Ok(())
}

/// The URLs of every `@context` (and `@import`) in `v`.
fn context_urls<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                if k == "@context" || k == "@import" {
                    collect_context(child, out);
                } else {
                    context_urls(child, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|c| context_urls(c, out)),
        _ => {}
    }
}

fn collect_context<'a>(ctx: &'a Value, out: &mut Vec<&'a str>) {
    match ctx {
        Value::String(url) => out.push(url),
        Value::Array(list) => list.iter().for_each(|c| collect_context(c, out)),
        // An inline context: its terms may carry scoped contexts or imports.
        Value::Object(_) => context_urls(ctx, out),
        _ => {}
    }
}

/// Ceilings on what is canonicalized. Canonicalization compares blank
/// nodes that look alike in every order, which grows factorially; a real
/// credential has a few dozen statements and no large group of look-alikes.
const MAX_QUADS: usize = 4096;
const MAX_LOOKALIKES: usize = 8;
/// JSON values (objects, arrays, strings, numbers…) a document may hold.
/// The JSON-LD parser holds a node's values until it knows the node's id,
/// so the statement ceiling alone would come too late to bound its memory;
/// a real credential has a few hundred values (an embedded image is one).
const MAX_JSON_VALUES: usize = 20_000;

/// Whether JSON text certainly holds more values than a document may, told
/// from its bytes before it is parsed (a parsed value costs dozens of times
/// its text): every value but the first follows a `,` or opens an object or
/// array outside a string.
pub fn too_many_values_in_text(text: &str) -> bool {
    let (mut count, mut in_string, mut escaped) = (0usize, false, false);
    for b in text.bytes() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b',' | b'{' | b'[' => {
                count += 1;
                if count > 2 * MAX_JSON_VALUES {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Whether `v` holds more than `left` values.
fn too_many_values(v: &Value, left: &mut usize) -> bool {
    if *left == 0 {
        return true;
    }
    *left -= 1;
    match v {
        Value::Object(m) => m.values().any(|c| too_many_values(c, left)),
        Value::Array(a) => a.iter().any(|c| too_many_values(c, left)),
        _ => false,
    }
}

fn too_large() -> String {
    format!("the document is too large to check (more than {MAX_QUADS} statements)")
}

fn check_canonicalizable(dataset: &canon_rdf::Dataset) -> Result<(), String> {
    use std::collections::HashMap;
    if dataset.len() > MAX_QUADS {
        return Err(too_large());
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
    expand(doc).map(|(nquads, _)| nquads)
}

/// The canonical N-Quads of `doc`, and the same statements as a graph to
/// read what they say.
pub fn expand(doc: &Value) -> Result<(String, Graph), String> {
    check_contexts(doc)?;
    if too_many_values(doc, &mut { MAX_JSON_VALUES }) {
        return Err(format!(
            "the document is too large to check (more than {MAX_JSON_VALUES} JSON values)"
        ));
    }
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
    let mut graph = Graph::default();
    for quad in parser {
        let quad = quad.map_err(|e| format!("JSON-LD: {e}"))?;
        // Refused as soon as it is too large, not after all of it is read.
        if dataset.len() >= MAX_QUADS {
            return Err(too_large());
        }
        if quad.graph_name.is_default_graph() {
            add_to_graph(&mut graph, &quad);
        }
        dataset.insert(&convert(quad));
    }
    check_canonicalizable(&dataset)?;
    let nquads = rdf_canon::canonicalize(&dataset).map_err(|e| format!("canonicalization: {e}"))?;
    Ok((nquads, graph))
}

fn add_to_graph(graph: &mut Graph, q: &rdf::Quad) {
    let node = |n: &rdf::NamedOrBlankNode| match n {
        rdf::NamedOrBlankNode::NamedNode(n) => Node::Iri(n.as_str().to_string()),
        rdf::NamedOrBlankNode::BlankNode(b) => Node::Blank(b.as_str().to_string()),
    };
    let object = match &q.object {
        rdf::Term::NamedNode(n) => Object::Node(Node::Iri(n.as_str().to_string())),
        rdf::Term::BlankNode(b) => Object::Node(Node::Blank(b.as_str().to_string())),
        rdf::Term::Literal(l) => Object::Literal(Literal {
            value: l.value().to_string(),
            datatype: l.datatype().as_str().to_string(),
            language: l.language().map(String::from),
        }),
    };
    graph.insert(node(&q.subject), q.predicate.as_str().to_string(), object);
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
    fn a_context_slate_does_not_hold_is_refused_wherever_it_is_named() {
        let offline = "does not hold offline";
        for doc in [
            json!({"@context": [CREDENTIALS_V2, "https://evil.example/ctx"], "type": "VerifiableCredential"}),
            json!({"@context": [CREDENTIALS_V2], "credentialSubject": {"@context": "https://evil.example/ctx"}}),
            json!({"@context": [CREDENTIALS_V2, {"@import": "https://evil.example/ctx"}]}),
            json!({"@context": [CREDENTIALS_V2, {"x": {"@id": "https://e.example/x", "@context": "https://evil.example/ctx"}}]}),
        ] {
            let err = canonical_nquads(&doc).unwrap_err();
            assert!(err.contains(offline), "{doc}: {err}");
        }
        assert!(canonical_nquads(&json!({"type": "VerifiableCredential"})).is_err());
    }

    #[test]
    fn inline_contexts_expand_to_the_statements_they_mean() {
        // Allowed since what is shown is read from these statements by IRI:
        // a redefined term is simply another property.
        let doc = json!({
            "@context": [CREDENTIALS_V2, {"nick": "https://schema.org/name"}],
            "id": "urn:x", "type": "VerifiableCredential", "nick": "Lan",
        });
        let (nq, graph) = expand(&doc).unwrap();
        assert!(
            nq.contains("<urn:x> <https://schema.org/name> \"Lan\" ."),
            "{nq}"
        );
        assert_eq!(
            graph.texts(&Node::Iri("urn:x".into()), "https://schema.org/name"),
            ["Lan"]
        );
    }

    #[test]
    fn a_document_of_too_many_values_is_refused_before_it_is_expanded() {
        let many: Vec<Value> = (0..MAX_JSON_VALUES)
            .map(|i| json!({"id": format!("urn:x:{i}")}))
            .collect();
        let doc = json!({"@context": [CREDENTIALS_V2], "evidence": many});
        assert!(canonical_nquads(&doc).unwrap_err().contains("JSON values"));
        let text = doc.to_string();
        assert!(too_many_values_in_text(&text));
        // Commas and brackets inside strings are not values.
        let one = json!({"a": ",".repeat(3 * MAX_JSON_VALUES)}).to_string();
        assert!(!too_many_values_in_text(&one));
        assert!(!too_many_values_in_text(&format!(
            "{{\"a\": \"\\\"{}\"}}",
            "[".repeat(3 * MAX_JSON_VALUES)
        )));
    }

    #[test]
    fn swarms_of_look_alikes_are_refused() {
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
    fn the_further_contexts_equal_the_copies_the_independent_verifier_used() {
        // tests/fixtures/credential/third-party/contexts holds each as its
        // npm package publishes it (index.json names package and version).
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let copies = root.join("tests/fixtures/credential/third-party/contexts");
        let index: Vec<serde_json::Value> =
            serde_json::from_slice(&std::fs::read(copies.join("index.json")).unwrap()).unwrap();
        let mut compared = 0;
        for entry in index {
            let url = entry["url"].as_str().unwrap();
            let file = entry["file"].as_str().unwrap();
            let theirs = std::fs::read_to_string(copies.join(file)).unwrap();
            match context(url) {
                // The four shared ones differ in spacing only (see the test below).
                Some(ours)
                    if [CREDENTIALS_V2, OB_V3P0, DATA_INTEGRITY_V2, MULTIKEY_V1].contains(&url) =>
                {
                    let a: serde_json::Value = serde_json::from_str(ours).unwrap();
                    let b: serde_json::Value = serde_json::from_str(&theirs).unwrap();
                    assert_eq!(a, b, "{url}");
                }
                Some(ours) => assert_eq!(ours, theirs, "{url}"),
                None => continue,
            }
            compared += 1;
        }
        // One no third-party credential uses, so the independent verifier's
        // project does not hold it: pinned to its npm file's digest instead.
        let ours = context(STATUS_LIST_2021).unwrap();
        assert_eq!(
            crate::util::hex(&<sha2::Sha256 as sha2::Digest>::digest(ours.as_bytes())),
            "634d71c159289f068c96012e4511c657fdf82ac4231900081bda3ba24e2e1160"
        );
        compared += 1;
        assert_eq!(
            compared,
            CONTEXTS.len(),
            "every embedded context has its published copy"
        );
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
