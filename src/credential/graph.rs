//! The RDF statements a signature covers, as a small graph to read from.
//!
//! A credential's proof signs the dataset its JSON-LD expands to, not its
//! JSON: two JSON documents that say different things to a naive reader
//! (a node with a relative `id` produces no statement; a full-IRI key and
//! its short term are one property) can expand to the same dataset. So
//! everything `slate verify` shows is read here, from the statements, by
//! IRI, never from the JSON.

use std::collections::{BTreeMap, BTreeSet};

pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// A subject or an object that is a node: an IRI or a blank node.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    Iri(String),
    Blank(String),
}

impl Node {
    pub fn iri(&self) -> Option<&str> {
        match self {
            Node::Iri(s) => Some(s),
            Node::Blank(_) => None,
        }
    }
}

/// A literal value with its datatype IRI (or its language).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Literal {
    pub value: String,
    pub datatype: String,
    pub language: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Object {
    Node(Node),
    Literal(Literal),
}

/// The default graph's statements, by subject. Named graphs (an embedded
/// credential's own proof) are left out: nothing shown comes from them.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Graph {
    by_subject: BTreeMap<Node, BTreeSet<(String, Object)>>,
    /// Every node that is the object of some statement.
    referenced: BTreeSet<Node>,
}

impl Graph {
    pub fn insert(&mut self, subject: Node, predicate: String, object: Object) {
        if let Object::Node(n) = &object {
            self.referenced.insert(n.clone());
        }
        // A dataset is a set: the same statement twice is one.
        self.by_subject
            .entry(subject)
            .or_default()
            .insert((predicate, object));
    }

    /// Every object of `subject`'s `predicate`, in a stable order.
    pub fn objects(&self, subject: &Node, predicate: &str) -> Vec<&Object> {
        let mut v: Vec<&Object> = self
            .by_subject
            .get(subject)
            .into_iter()
            .flatten()
            .filter(|(p, _)| p == predicate)
            .map(|(_, o)| o)
            .collect();
        v.sort();
        v
    }

    /// The nodes among `subject`'s `predicate` values.
    pub fn nodes(&self, subject: &Node, predicate: &str) -> Vec<&Node> {
        self.objects(subject, predicate)
            .into_iter()
            .filter_map(|o| match o {
                Object::Node(n) => Some(n),
                Object::Literal(_) => None,
            })
            .collect()
    }

    /// The literals among `subject`'s `predicate` values.
    pub fn literals(&self, subject: &Node, predicate: &str) -> Vec<&Literal> {
        self.objects(subject, predicate)
            .into_iter()
            .filter_map(|o| match o {
                Object::Literal(l) => Some(l),
                Object::Node(_) => None,
            })
            .collect()
    }

    /// The literal values of `subject`'s `predicate`, as text.
    pub fn texts(&self, subject: &Node, predicate: &str) -> Vec<String> {
        self.literals(subject, predicate)
            .into_iter()
            .map(|l| l.value.clone())
            .collect()
    }

    pub fn has_type(&self, subject: &Node, type_iri: &str) -> bool {
        self.nodes(subject, RDF_TYPE)
            .iter()
            .any(|n| n.iri() == Some(type_iri))
    }

    pub fn types(&self, subject: &Node) -> Vec<&str> {
        self.nodes(subject, RDF_TYPE)
            .into_iter()
            .filter_map(Node::iri)
            .collect()
    }

    /// Nodes of `type_iri` that no statement points to: the top-level
    /// documents, as opposed to a credential embedded in another.
    pub fn roots_of_type(&self, type_iri: &str) -> Vec<&Node> {
        self.by_subject
            .keys()
            .filter(|n| !self.referenced.contains(*n) && self.has_type(n, type_iri))
            .collect()
    }

    /// Every node no statement points to.
    pub fn roots(&self) -> Vec<&Node> {
        self.by_subject
            .keys()
            .filter(|n| !self.referenced.contains(*n))
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.by_subject.is_empty()
    }
}
