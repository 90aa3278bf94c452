//! The issuer's Ed25519 key: kept in a file only its owner can read, named
//! publicly by a `did:key`. The secret half is never written anywhere else.

use std::io::Write as _;
use std::path::Path;

use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};

use crate::did_key::{ED25519_PRIV, ED25519_PUB, decode_multibase, multibase};
pub use crate::did_key::{ed25519_public_multibase, resolve_did_key};

pub struct IssuerKey {
    signing: SigningKey,
    /// Who holds the key, as `slate keygen --name` wrote it: the
    /// publisher a signed package names.
    name: Option<String>,
}

/// The key file: a Multikey document with the secret key added.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct KeyFile {
    #[serde(rename = "type")]
    kind: String,
    controller: String,
    public_key_multibase: String,
    secret_key_multibase: String,
    /// The holder's name (optional; keys written before it have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

impl std::fmt::Debug for IssuerKey {
    // Never print the secret, even in a debug log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuerKey")
            .field("did", &self.did())
            .finish()
    }
}

impl IssuerKey {
    pub fn from_seed(seed: [u8; 32]) -> IssuerKey {
        IssuerKey {
            signing: SigningKey::from_bytes(&seed),
            name: None,
        }
    }

    /// A new key from the operating system's random source.
    pub fn generate() -> Result<IssuerKey, String> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| format!("no random source: {e}"))?;
        Ok(IssuerKey::from_seed(seed))
    }

    /// The key with its holder's name.
    pub fn named(mut self, name: Option<String>) -> IssuerKey {
        self.name = name;
        self
    }

    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    pub fn signing(&self) -> &SigningKey {
        &self.signing
    }

    /// `z6Mk...`: the public key as multibase (base58btc) multicodec.
    pub fn public_multibase(&self) -> String {
        multibase(&ED25519_PUB, self.signing.verifying_key().as_bytes())
    }

    pub fn did(&self) -> String {
        format!("did:key:{}", self.public_multibase())
    }

    /// The verification method a proof names: `did:key:X#X`.
    pub fn verification_method(&self) -> String {
        format!("{}#{}", self.did(), self.public_multibase())
    }

    /// Writes a new key file readable by its owner only, refusing to
    /// replace an existing one (an issuer's key is not to be lost).
    pub fn write_new(&self, path: &Path) -> Result<(), String> {
        let file = KeyFile {
            kind: "Multikey".into(),
            controller: self.did(),
            public_key_multibase: self.public_multibase(),
            secret_key_multibase: multibase(&ED25519_PRIV, self.signing.as_bytes()),
            name: self.name.clone(),
        };
        let mut text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
        text.push('\n');
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        let mut f = options.open(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!("{} already exists; not replacing a key", path.display())
            }
            _ => format!("{}: {e}", path.display()),
        })?;
        f.write_all(text.as_bytes())
            .and_then(|()| f.sync_all())
            .map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn read(path: &Path) -> Result<IssuerKey, String> {
        let bytes = crate::util::read_regular(path, 64 * 1024).map_err(|e| match e {
            crate::util::ReadFileError::TooLarge(_) => {
                format!("{}: not a key file (too large)", path.display())
            }
            e => format!("{}: {e}", path.display()),
        })?;
        let text = String::from_utf8(bytes)
            .map_err(|_| format!("{}: not a key file (not UTF-8)", path.display()))?;
        let file: KeyFile = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a Slate key file: {e}", path.display()))?;
        let seed =
            decode_multibase(&file.secret_key_multibase, &ED25519_PRIV).ok_or_else(|| {
                format!(
                    "{}: the secret key is not an Ed25519 multikey",
                    path.display()
                )
            })?;
        let key = IssuerKey::from_seed(seed).named(file.name);
        if key.public_multibase() != file.public_key_multibase {
            return Err(format!(
                "{}: the public key does not belong to the secret key",
                path.display()
            ));
        }
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_round_trips_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("issuer.key");
        let key = IssuerKey::generate().unwrap();
        key.write_new(&path).unwrap();
        assert_eq!(IssuerKey::read(&path).unwrap().did(), key.did());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(key.write_new(&path).unwrap_err().contains("already exists"));
        assert!(key.did().starts_with("did:key:z6Mk"));
        assert_eq!(
            resolve_did_key(&key.verification_method()).unwrap(),
            key.signing().verifying_key()
        );
        assert!(!format!("{key:?}").contains("secret"));
    }

    #[test]
    fn malformed_did_keys_are_refused() {
        for bad in [
            "did:web:example.org",
            "did:key:zzz",
            "did:key:z6Mkx#other",
            "did:key:",
        ] {
            assert!(resolve_did_key(bad).is_err(), "{bad}");
        }
    }
}
