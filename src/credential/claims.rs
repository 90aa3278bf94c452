//! What a credential claims, read from the statements its proof covers
//! (see `graph.rs` for why never from its JSON). Every value is looked up
//! by its full IRI; where the statements hold several values for one
//! property, all are kept (and shown), so nothing signed is hidden and
//! nothing unsigned is shown. A property that decides the verdict must be
//! unambiguous (one issuer, one start of validity), or the credential is
//! refused; of several ends of validity, the earliest counts.

use super::graph::{Graph, Literal, Node};
use crate::text::quote;

pub const CRED: &str = "https://www.w3.org/2018/credentials#";
pub const OB: &str = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#";
pub const SCHEMA: &str = "https://schema.org/";
pub const STATUS: &str = "https://www.w3.org/ns/credentials/status#";
pub const STATUS_2021: &str = "https://w3id.org/vc/status-list#";

fn cred(term: &str) -> String {
    format!("{CRED}{term}")
}
fn ob(term: &str) -> String {
    format!("{OB}{term}")
}
fn schema(term: &str) -> String {
    format!("{SCHEMA}{term}")
}

/// The data model the statements follow: VC 2.0 (`validFrom`) or 1.1
/// (`issuanceDate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataModel {
    V2,
    V1_1,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Issuer {
    pub id: String,
    pub names: Vec<String>,
    pub descriptions: Vec<String>,
    pub images: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Achievement {
    pub id: Option<String>,
    pub names: Vec<String>,
    pub kinds: Vec<String>,
    pub images: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Subject {
    pub id: Option<String>,
    pub names: Vec<String>,
    /// Each identifier, as a person reads it.
    pub identifiers: Vec<String>,
    pub achievements: Vec<Achievement>,
    /// Each result's value, with `%` where it is a percentage.
    pub results: Vec<String>,
    /// For a status list credential: the list's purpose and bits.
    pub status_list: Option<(String, String)>,
}

/// One `credentialStatus` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusEntry {
    /// `BitstringStatusListEntry`, `StatusList2021Entry`, or another type's IRI.
    pub kind: String,
    pub purpose: String,
    /// The status list credential's URL.
    pub list: String,
    pub index: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Claims {
    pub model: DataModel,
    pub id: Option<String>,
    pub open_badge: bool,
    /// A published status list (BitstringStatusListCredential or
    /// StatusList2021Credential) rather than a learner's credential.
    pub status_list: bool,
    pub names: Vec<String>,
    pub issuer: Issuer,
    pub valid_from: Option<time::OffsetDateTime>,
    /// The earliest end of validity stated.
    pub valid_until: Option<time::OffsetDateTime>,
    pub subjects: Vec<Subject>,
    pub statuses: Vec<StatusEntry>,
    /// Statuses whose shape Slate cannot read (named by their type).
    pub unreadable_statuses: Vec<String>,
    pub endorsements: usize,
}

fn node_text(n: &Node) -> Option<String> {
    n.iri().map(String::from)
}

fn date(l: &Literal, what: &str) -> Result<time::OffsetDateTime, String> {
    time::OffsetDateTime::parse(&l.value, &time::format_description::well_known::Rfc3339)
        .map_err(|_| format!("{what} {} is not a date and time", quote(&l.value)))
}

/// Images are IRIs (`@type: @id`): a URL, a `data:` URL, or an `Image`
/// node named by one.
fn images(g: &Graph, n: &Node) -> Vec<String> {
    g.nodes(n, &ob("image"))
        .into_iter()
        .filter_map(node_text)
        .map(|iri| describe_image(&iri))
        .collect()
}

/// A data URL is shown by what it holds, not by its bytes.
fn describe_image(iri: &str) -> String {
    match iri.strip_prefix("data:") {
        Some(rest) => {
            let kind = rest.split([';', ',']).next().unwrap_or("");
            format!(
                "embedded {} ({} bytes)",
                if kind.is_empty() { "data" } else { kind },
                rest.len()
            )
        }
        None => iri.to_string(),
    }
}

/// Reads the claims of the one top-level credential in `g`.
pub fn read(g: &Graph) -> Result<Claims, String> {
    let vc_type = cred("VerifiableCredential");
    let roots = g.roots_of_type(&vc_type);
    let root = match roots.as_slice() {
        [one] => (*one).clone(),
        [] => {
            return Err(
                "the signed statements hold no credential (nothing of type VerifiableCredential)"
                    .into(),
            );
        }
        many => {
            return Err(format!(
                "the signed statements hold {} credentials side by side; a credential file holds one",
                many.len()
            ));
        }
    };
    let issuers = g.objects(&root, &cred("issuer"));
    let issuer_node = match issuers.as_slice() {
        [super::graph::Object::Node(n)] => n.clone(),
        [] => return Err("the credential names no issuer".into()),
        [super::graph::Object::Literal(_)] => {
            return Err("the credential's issuer is not an identifier".into());
        }
        many => {
            return Err(format!(
                "the credential names {} issuers; it must name one",
                many.len()
            ));
        }
    };
    let Some(issuer_id) = node_text(&issuer_node) else {
        return Err("the issuer has no id, so no key can be tied to it".into());
    };
    let issuer = Issuer {
        id: issuer_id,
        names: g.texts(&issuer_node, &schema("name")),
        descriptions: g.texts(&issuer_node, &schema("description")),
        images: images(g, &issuer_node),
    };

    let from_v2 = g.literals(&root, &cred("validFrom"));
    let from_v1 = g.literals(&root, &cred("issuanceDate"));
    let model = if from_v1.is_empty() && g.literals(&root, &cred("expirationDate")).is_empty() {
        DataModel::V2
    } else {
        DataModel::V1_1
    };
    let from_name = if model == DataModel::V2 {
        "validFrom"
    } else {
        "issuanceDate"
    };
    let froms: Vec<&Literal> = from_v2.into_iter().chain(from_v1).collect();
    let valid_from = match froms.as_slice() {
        [] => None,
        [one] => Some(date(one, from_name)?),
        _ => return Err("the credential states more than one start of validity".into()),
    };
    let mut valid_until = None;
    let untils = g
        .literals(&root, &cred("validUntil"))
        .into_iter()
        .map(|l| (l, "validUntil"))
        .chain(
            g.literals(&root, &cred("expirationDate"))
                .into_iter()
                .map(|l| (l, "expirationDate")),
        );
    for (l, name) in untils {
        let t = date(l, name)?;
        valid_until = Some(valid_until.map_or(t, |u: time::OffsetDateTime| u.min(t)));
    }

    let mut subjects = Vec::new();
    for s in g.nodes(&root, &cred("credentialSubject")) {
        subjects.push(subject(g, s));
    }
    if subjects.is_empty() {
        return Err("the credential has no credentialSubject".into());
    }

    let mut statuses = Vec::new();
    let mut unreadable_statuses = Vec::new();
    for s in g.nodes(&root, &cred("credentialStatus")) {
        match status(g, s) {
            Ok(e) => statuses.push(e),
            Err(kind) => unreadable_statuses.push(kind),
        }
    }

    // Endorsements embedded in the credential or in one of its achievements.
    let achievements = g
        .nodes(&root, &cred("credentialSubject"))
        .into_iter()
        .flat_map(|s| g.nodes(s, &ob("achievement")))
        .collect::<Vec<_>>();
    let endorsements = std::iter::once(&root)
        .chain(achievements)
        .map(|n| g.nodes(n, &ob("endorsement")).len())
        .sum();

    Ok(Claims {
        model,
        id: node_text(&root),
        open_badge: g.has_type(&root, &ob("OpenBadgeCredential"))
            || g.has_type(&root, &ob("AchievementCredential")),
        status_list: g.has_type(&root, &format!("{STATUS}BitstringStatusListCredential"))
            || g.has_type(&root, &format!("{STATUS_2021}StatusList2021Credential")),
        names: g.texts(&root, &schema("name")),
        issuer,
        valid_from,
        valid_until,
        subjects,
        statuses,
        unreadable_statuses,
        endorsements,
    })
}

fn subject(g: &Graph, s: &Node) -> Subject {
    let identifiers = g
        .nodes(s, &ob("identifier"))
        .into_iter()
        .map(|i| {
            let hash = g.texts(i, &ob("identityHash")).join(" / ");
            let kind = g.texts(i, &ob("identityType")).join(" / ");
            let hashed = g.literals(i, &ob("hashed")).iter().any(|l| is_true(l));
            if hashed {
                format!(
                    "the holder of a hashed {} ({hash})",
                    if kind.is_empty() { "identity" } else { &kind }
                )
            } else {
                hash
            }
        })
        .collect();
    let achievements = g
        .nodes(s, &ob("achievement"))
        .into_iter()
        .map(|a| Achievement {
            id: node_text(a),
            names: g.texts(a, &schema("name")),
            kinds: g.texts(a, &ob("achievementType")),
            images: images(g, a),
        })
        .collect();
    // A result is a percentage only where its description says so
    // (resultType Percent); a grade "B+" or a GPA "3" is shown as it is.
    let percent_descriptions: Vec<&str> = g
        .nodes(s, &ob("achievement"))
        .into_iter()
        .flat_map(|a| g.nodes(a, &ob("resultDescription")))
        .filter(|d| g.texts(d, &ob("resultType")).iter().any(|t| t == "Percent"))
        .filter_map(Node::iri)
        .collect();
    let results = g
        .nodes(s, &ob("result"))
        .into_iter()
        .flat_map(|r| {
            let percent = g
                .texts(r, &ob("resultDescription"))
                .iter()
                .any(|d| percent_descriptions.contains(&d.as_str()));
            g.texts(r, &schema("value"))
                .into_iter()
                .map(move |v| if percent { format!("{v}%") } else { v })
        })
        .collect();
    let status_list = [STATUS, STATUS_2021].iter().find_map(|ns| {
        let purpose = g.texts(s, &format!("{ns}statusPurpose"));
        let encoded = g.texts(s, &format!("{ns}encodedList"));
        match (purpose.as_slice(), encoded.as_slice()) {
            ([p], [e]) => Some((p.clone(), e.clone())),
            _ => None,
        }
    });
    Subject {
        id: node_text(s),
        names: g.texts(s, &schema("name")),
        identifiers,
        achievements,
        results,
        status_list,
    }
}

/// A status entry of a kind Slate checks, or the entry's type for saying
/// which it could not.
fn status(g: &Graph, s: &Node) -> Result<StatusEntry, String> {
    let types = g.types(s);
    let (ns, kind) = if types.contains(&format!("{STATUS}BitstringStatusListEntry").as_str()) {
        (STATUS, "BitstringStatusListEntry")
    } else if types.contains(&format!("{STATUS_2021}StatusList2021Entry").as_str()) {
        (STATUS_2021, "StatusList2021Entry")
    } else {
        return Err(types
            .first()
            .map(|t| t.to_string())
            .unwrap_or_else(|| "a status with no type".into()));
    };
    let one = |term: &str| -> Option<String> {
        match g.objects(s, &format!("{ns}{term}")).as_slice() {
            [super::graph::Object::Literal(l)] => Some(l.value.clone()),
            [super::graph::Object::Node(n)] => node_text(n),
            _ => None,
        }
    };
    // Entries of more than one bit (status messages) are read otherwise.
    if let Some(size) = one("statusSize")
        && size.trim() != "1"
    {
        return Err(format!("{kind} of {size} bits a position"));
    }
    let unreadable = || format!("{kind} (without one purpose, list and index)");
    let purpose = one("statusPurpose").ok_or_else(unreadable)?;
    let list = one("statusListCredential").ok_or_else(unreadable)?;
    let index = one("statusListIndex")
        .and_then(|i| i.trim().parse::<u64>().ok())
        .ok_or_else(unreadable)?;
    Ok(StatusEntry {
        kind: kind.into(),
        purpose,
        list,
        index,
    })
}

/// An `xsd:boolean` true. The OB context names XML Schema with `https:`,
/// others with `http:`; both mean the same datatype to a reader.
fn is_true(l: &Literal) -> bool {
    let datatype = l
        .datatype
        .strip_prefix("http://")
        .or_else(|| l.datatype.strip_prefix("https://"));
    datatype == Some("www.w3.org/2001/XMLSchema#boolean") && (l.value == "true" || l.value == "1")
}
