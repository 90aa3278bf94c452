//! A packed course's manifest and its publisher's signature: every file's
//! SHA-256, as `slate pack` wrote it, and an Ed25519 signature over the
//! manifest's bytes. Opening a package reads both (two small files) and
//! checks the signature; each file's hash is checked when the file is read
//! ([`super::Source::read`]), so a learner's first frame never waits for
//! the whole package to be hashed.
//!
//! The two files are not part of the package: they are left out of its
//! entries, so of its digest, its checks and its unreached files, and a
//! packed copy has the digest of the folder it was packed from.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The manifest, at the package root.
pub const MANIFEST_FILE: &str = "slate-manifest.json";
/// The signature of the manifest's bytes, base64, at the package root.
pub const SIGNATURE_FILE: &str = "slate-manifest.sig";
/// Whether `path` (inside a package) is the manifest or its signature.
pub fn is_seal_file(path: &str) -> bool {
    path == MANIFEST_FILE || path == SIGNATURE_FILE
}

/// Either is a few kilobytes; a larger one is not Slate's.
pub const MAX_SEAL_BYTES: u64 = 4 * 1024 * 1024;

/// What the manifest file holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The manifest's own format.
    pub slate_manifest: u32,
    pub course: String,
    pub version: String,
    /// Who signed it: present exactly when the package is signed, so that
    /// the name is covered by the signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Publisher>,
    /// Every file of the package by its path, with its SHA-256 in hex.
    pub files: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    /// As the key file names its holder (`slate keygen --name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The publisher's `did:key`.
    pub key: String,
}

impl Manifest {
    /// The manifest's bytes: pretty JSON, keys in a fixed order, so that
    /// packing the same files twice writes the same bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, String> {
        let mut out = serde_json::to_vec_pretty(self).map_err(|e| e.to_string())?;
        out.push(b'\n');
        Ok(out)
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::util::hex(&Sha256::digest(bytes))
}

/// The signature file's text for `manifest` (its exact bytes).
pub fn sign(manifest: &[u8], key: &SigningKey) -> String {
    use base64::Engine as _;
    let sig = key.sign(manifest);
    format!(
        "{}\n",
        base64::engine::general_purpose::STANDARD.encode(sig.to_bytes())
    )
}

/// Whether the signature is the publisher's, as far as the package says.
#[derive(Debug, Clone, PartialEq)]
pub enum Signed {
    /// A manifest, and no signature.
    No,
    /// The manifest's publisher signed exactly these bytes.
    By(Publisher),
    /// A signature that is not the named publisher's over this manifest,
    /// or a manifest or signature that cannot be read: said in words.
    Broken(String),
}

/// A package's manifest, read when it was opened, and the files found
/// since not to match it.
#[derive(Debug)]
pub struct Seal {
    pub signed: Signed,
    hashes: BTreeMap<String, String>,
    /// Files in the package that the manifest does not list.
    pub added: Vec<String>,
    /// Files the manifest lists that the package does not have.
    pub removed: Vec<String>,
    /// Files read whose bytes do not match the manifest.
    changed: Mutex<BTreeSet<String>>,
}

impl Seal {
    /// Reads the seal from the manifest's and signature's bytes; `paths`
    /// are the package's other files. A manifest that cannot be read is a
    /// seal that says so: someone meant the package to carry one.
    pub fn open(manifest: &[u8], signature: Option<&[u8]>, paths: &[&str]) -> Seal {
        let parsed = std::str::from_utf8(manifest)
            .map_err(|_| "the manifest is not UTF-8".to_string())
            .and_then(|t| {
                serde_json::from_str::<Manifest>(t)
                    .map_err(|e| format!("the manifest cannot be read: {e}"))
            })
            .and_then(|m| match m.slate_manifest {
                1 => Ok(m),
                n => Err(format!(
                    "the manifest is of format {n}; this Slate reads format 1"
                )),
            });
        let m = match parsed {
            Ok(m) => m,
            Err(e) => return Seal::broken(e),
        };
        let signed = match (signature, &m.publisher) {
            (None, None) => Signed::No,
            (None, Some(_)) => Signed::Broken(format!(
                "the manifest names a publisher but {SIGNATURE_FILE} is missing"
            )),
            (Some(_), None) => Signed::Broken(format!(
                "{SIGNATURE_FILE} is there but the manifest names no publisher"
            )),
            (Some(sig), Some(p)) => match verify(manifest, sig, &p.key) {
                Ok(()) => Signed::By(p.clone()),
                Err(e) => Signed::Broken(e),
            },
        };
        let listed: BTreeSet<&str> = paths.iter().copied().collect();
        let added = paths
            .iter()
            .filter(|p| !m.files.contains_key(**p))
            .map(|p| p.to_string())
            .collect();
        let removed = m
            .files
            .keys()
            .filter(|p| !listed.contains(p.as_str()))
            .cloned()
            .collect();
        Seal {
            signed,
            hashes: m.files,
            added,
            removed,
            changed: Mutex::new(BTreeSet::new()),
        }
    }

    /// A seal that cannot be read, and says why.
    pub fn broken(why: String) -> Seal {
        Seal {
            signed: Signed::Broken(why),
            hashes: BTreeMap::new(),
            added: Vec::new(),
            removed: Vec::new(),
            changed: Mutex::new(BTreeSet::new()),
        }
    }

    /// Notes whether `bytes`, just read as `path`, are what was packed.
    pub fn check(&self, path: &str, bytes: &[u8]) {
        let Some(want) = self.hashes.get(path) else {
            // Not in the manifest: already among `added`.
            return;
        };
        if *want != sha256_hex(bytes)
            && let Ok(mut changed) = self.changed.lock()
        {
            changed.insert(path.to_string());
        }
    }

    /// Every file known so far not to be as it was packed, each with what
    /// happened to it, in path order.
    pub fn problems(&self) -> Vec<(String, Change)> {
        let mut out: Vec<(String, Change)> = self
            .changed
            .lock()
            .map(|c| c.iter().map(|p| (p.clone(), Change::Changed)).collect())
            .unwrap_or_default();
        out.extend(self.added.iter().map(|p| (p.clone(), Change::Added)));
        out.extend(self.removed.iter().map(|p| (p.clone(), Change::Removed)));
        out.sort();
        out
    }
}

/// What a learner or trainer is told about who made a package.
#[derive(Debug, Clone, PartialEq)]
pub enum Standing {
    /// Packed, not signed.
    Unsigned,
    /// Signed by a publisher this Slate trusts, by the name its key gives.
    Trusted(String),
    /// Signed by a key this Slate does not know: its name is not shown,
    /// since anyone can give a key any name.
    Unknown(String),
    /// The signature or manifest does not hold, in words.
    Broken(String),
}

impl Standing {
    pub fn of(seal: &Seal, trusted: &[String]) -> Standing {
        match &seal.signed {
            Signed::No => Standing::Unsigned,
            Signed::Broken(why) => Standing::Broken(why.clone()),
            Signed::By(p) if trusted.iter().any(|t| same_key(t, &p.key)) => {
                Standing::Trusted(p.name.clone().unwrap_or_else(|| p.key.clone()))
            }
            Signed::By(p) => Standing::Unknown(p.key.clone()),
        }
    }

    /// One line, as `slate check` prints it and the player shows it.
    pub fn describe(&self) -> String {
        match self {
            Standing::Unsigned => "packed, not signed".into(),
            Standing::Trusted(name) => format!("signed by {name}"),
            Standing::Unknown(key) => format!("signed by an unknown publisher ({key})"),
            Standing::Broken(_) => "the signature does not hold".into(),
        }
    }
}

/// Two ways of writing one key: `did:key:z6Mk…`, `did:key:z6Mk…#z6Mk…`
/// or the bare `z6Mk…`.
fn same_key(a: &str, b: &str) -> bool {
    let bare = |s: &str| {
        let s = s.trim();
        let s = s.strip_prefix("did:key:").unwrap_or(s);
        s.split('#').next().unwrap_or(s).to_string()
    };
    bare(a) == bare(b)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Changed,
    Added,
    Removed,
}

impl Change {
    /// As a learner or trainer reads it: "changed after it was signed:
    /// lessons/x.md".
    pub fn describe(self, path: &str, signed: bool) -> String {
        let when = if signed { "signed" } else { "packed" };
        match self {
            Change::Changed => format!("changed after it was {when}: {path}"),
            Change::Added => format!("added after it was {when}: {path}"),
            Change::Removed => format!("removed after it was {when}: {path}"),
        }
    }
}

/// What `slate check` says of a package's seal once every file has been
/// read: a signature that does not hold, and each file not as it was
/// packed, as warnings (the course still opens; a learner is told).
pub fn seal_diagnostics(source: &super::Source) -> Vec<super::Diagnostic> {
    use super::{Code, Diagnostic};
    let Some(seal) = source.seal() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Signed::Broken(why) = &seal.signed {
        out.push(
            Diagnostic::new(
                Code::BadSignature,
                source.file_name(MANIFEST_FILE),
                why.clone(),
            )
            .hint("get the course again from its publisher, or pack it again with `slate pack`"),
        );
    }
    let signed = matches!(seal.signed, Signed::By(_));
    for (path, change) in seal.problems() {
        out.push(
            Diagnostic::new(
                Code::ChangedAfterSigning,
                source.file_name(&path),
                change.describe(&path, signed),
            )
            .hint("this file is not as the publisher packed it: get the course again from its publisher"),
        );
    }
    out
}

fn verify(manifest: &[u8], signature: &[u8], did: &str) -> Result<(), String> {
    use base64::Engine as _;
    let key = crate::did_key::resolve_did_key(did)
        .map_err(|e| format!("the publisher's key cannot be read: {e}"))?;
    let text =
        std::str::from_utf8(signature).map_err(|_| format!("{SIGNATURE_FILE} is not text"))?;
    let raw = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|_| format!("{SIGNATURE_FILE} is not a base64 signature"))?;
    let sig = Signature::from_slice(&raw)
        .map_err(|_| format!("{SIGNATURE_FILE} is not an Ed25519 signature"))?;
    key.verify(manifest, &sig).map_err(|_| {
        "the signature does not match the manifest: the manifest was changed after it was signed, or signed by another key".to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> (SigningKey, String) {
        let k = SigningKey::from_bytes(&[seed; 32]);
        let did = format!(
            "did:key:{}",
            crate::did_key::multibase(&crate::did_key::ED25519_PUB, k.verifying_key().as_bytes())
        );
        (k, did)
    }

    fn manifest(did: Option<&str>) -> Vec<u8> {
        Manifest {
            slate_manifest: 1,
            course: "c".into(),
            version: "1.0.0".into(),
            publisher: did.map(|d| Publisher {
                name: Some("Trường CĐSP".into()),
                key: d.into(),
            }),
            files: [
                ("course.toml".to_string(), sha256_hex(b"a")),
                ("lessons/x.md".to_string(), sha256_hex(b"b")),
            ]
            .into(),
        }
        .to_bytes()
        .unwrap()
    }

    #[test]
    fn a_signed_manifest_names_its_publisher_and_each_changed_file() {
        let (k, did) = key(7);
        let m = manifest(Some(&did));
        let sig = sign(&m, &k);
        let seal = Seal::open(
            &m,
            Some(sig.as_bytes()),
            &["course.toml", "lessons/x.md", "new.md"],
        );
        assert!(matches!(&seal.signed, Signed::By(p) if p.key == did));
        seal.check("course.toml", b"a");
        seal.check("lessons/x.md", b"B");
        assert_eq!(
            seal.problems(),
            [
                ("lessons/x.md".to_string(), Change::Changed),
                ("new.md".to_string(), Change::Added)
            ]
        );
    }

    #[test]
    fn a_signature_over_other_bytes_or_by_another_key_is_broken() {
        let (k, did) = key(7);
        let (other, _) = key(8);
        let m = manifest(Some(&did));
        let mut edited = m.clone();
        edited[20] ^= 1;
        for (bytes, sig) in [
            (&edited, sign(&m, &k)),
            (&m, sign(&m, &other)),
            (&m, "not base64!".to_string()),
        ] {
            let seal = Seal::open(bytes, Some(sig.as_bytes()), &["course.toml"]);
            assert!(
                matches!(seal.signed, Signed::Broken(_)),
                "{:?}",
                seal.signed
            );
        }
        let unsigned = manifest(None);
        assert_eq!(Seal::open(&unsigned, None, &[]).signed, Signed::No);
        assert!(matches!(
            Seal::open(&m, None, &[]).signed,
            Signed::Broken(e) if e.contains("missing")
        ));
        assert!(matches!(
            Seal::open(b"{", None, &[]).signed,
            Signed::Broken(_)
        ));
        let removed = Seal::open(&unsigned, None, &["course.toml"]);
        assert_eq!(
            removed.problems(),
            [("lessons/x.md".to_string(), Change::Removed)]
        );
    }
}
