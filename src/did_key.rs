//! Ed25519 keys named by `did:key`: the multibase (base58btc) multicodec
//! form of a public or secret key, and the key a `did:key` names. The
//! bottom layer: issuers' credentials and publishers' signed packages both
//! name their keys this way.

use ed25519_dalek::VerifyingKey;

/// Multicodec prefixes (varint) of an Ed25519 public and secret key.
pub const ED25519_PUB: [u8; 2] = [0xed, 0x01];
pub const ED25519_PRIV: [u8; 2] = [0x80, 0x26];

/// `z…`: `key` after its multicodec `prefix`, in base58btc.
pub fn multibase(prefix: &[u8; 2], key: &[u8; 32]) -> String {
    let mut bytes = prefix.to_vec();
    bytes.extend_from_slice(key);
    format!("z{}", bs58::encode(bytes).into_string())
}

/// The Ed25519 public key in a `publicKeyMultibase` (`z6Mk…`).
pub fn ed25519_public_multibase(s: &str) -> Option<VerifyingKey> {
    decode_multibase(s, &ED25519_PUB).and_then(|raw| VerifyingKey::from_bytes(&raw).ok())
}

pub fn decode_multibase(s: &str, prefix: &[u8; 2]) -> Option<[u8; 32]> {
    let bytes = bs58::decode(s.strip_prefix('z')?).into_vec().ok()?;
    let rest = bytes.strip_prefix(prefix.as_slice())?;
    rest.try_into().ok()
}

/// The public key a `did:key` (or `did:key:X#X` verification method)
/// names, resolved locally.
pub fn resolve_did_key(did: &str) -> Result<VerifyingKey, String> {
    let id = did
        .strip_prefix("did:key:")
        .ok_or_else(|| format!("{did} is not a did:key"))?;
    let (id, fragment) = id.split_once('#').unwrap_or((id, id));
    if fragment != id {
        return Err(format!("{did}: the fragment does not name the key itself"));
    }
    let raw = decode_multibase(id, &ED25519_PUB)
        .ok_or_else(|| format!("{did} is not an Ed25519 did:key"))?;
    VerifyingKey::from_bytes(&raw).map_err(|e| format!("{did}: not a valid Ed25519 key: {e}"))
}
