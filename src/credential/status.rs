//! Revocation with a W3C Bitstring Status List: each credential an issuer
//! signs may carry an entry naming a list (a URL) and a position in it; the
//! issuer publishes the list as a signed credential whose bit at that
//! position is 1 once the credential is revoked. The list is a GZIP-compressed
//! bitstring, first bit the most significant of the first byte, written as
//! base64url multibase (`u…`). StatusList2021 lists (VC 1.1) are read too.

use std::io::{Read as _, Write as _};

use base64::Engine as _;
use serde_json::{Value, json};

use super::claims::StatusEntry;
use super::jsonld::CREDENTIALS_V2;
use super::proof::{Verified, rfc3339};
use crate::text::quote;

/// The smallest list the specification allows (16 KiB), so that one
/// credential's position says little about who holds it.
pub const LIST_BITS: usize = 131_072;
/// A list larger than this (decompressed) is refused: 16 MiB of bits.
const MAX_LIST_BYTES: u64 = 16 * 1024 * 1024;

pub const ENTRY_TYPE: &str = "BitstringStatusListEntry";
pub const PURPOSE: &str = "revocation";

/// The `credentialStatus` for position `index` of the list at `url`.
pub fn entry(url: &str, index: usize) -> Value {
    json!({
        "id": format!("{url}#{index}"),
        "type": ENTRY_TYPE,
        "statusPurpose": PURPOSE,
        "statusListIndex": index.to_string(),
        "statusListCredential": url,
    })
}

/// The encoded list of `bits` positions with `revoked` set.
pub fn encode(revoked: &[usize], bits: usize) -> Result<String, String> {
    let mut list = vec![0u8; bits.div_ceil(8)];
    for &i in revoked {
        let byte = list
            .get_mut(i / 8)
            .ok_or_else(|| format!("position {i} is outside the list of {bits}"))?;
        *byte |= 0x80 >> (i % 8);
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&list).map_err(|e| e.to_string())?;
    let compressed = gz.finish().map_err(|e| e.to_string())?;
    Ok(format!(
        "u{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(compressed)
    ))
}

/// Which list format an encoded list is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// W3C Bitstring Status List: multibase base64url, `u…`.
    Bitstring,
    /// StatusList2021 (VC 1.1): base64url with no prefix.
    StatusList2021,
}

/// The bits of an encoded list; never more than [`MAX_LIST_BYTES`], however
/// small the compressed form, and never fewer than [`LIST_BITS`].
pub fn decode(encoded: &str, format: Format) -> Result<Vec<u8>, String> {
    let bad = || "the status list's encodedList is not a compressed bitstring".to_string();
    let text = match format {
        Format::Bitstring => encoded.strip_prefix('u').ok_or_else(|| {
            "the status list's encodedList is not base64url multibase (it must start with u)"
                .to_string()
        })?,
        // Some StatusList2021 issuers pad their base64url.
        Format::StatusList2021 => encoded.trim_end_matches('='),
    };
    let compressed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| bad())?;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(compressed.as_slice())
        .take(MAX_LIST_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|_| bad())?;
    if out.len() as u64 > MAX_LIST_BYTES {
        return Err(format!(
            "the status list is larger than {} MiB; refusing it",
            MAX_LIST_BYTES / 1024 / 1024
        ));
    }
    if out.len() * 8 < LIST_BITS {
        return Err(format!(
            "the status list has {} positions, fewer than the {LIST_BITS} the standard requires (a short list tells who holds which credential)",
            out.len() * 8
        ));
    }
    Ok(out)
}

/// The status list credential, unsigned.
pub fn list_credential(url: &str, issuer: &str, encoded: &str, valid_from: &str) -> Value {
    json!({
        "@context": [CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": format!("{url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encoded,
        },
    })
}

/// What the list says of one entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The bit is 0: not revoked (or suspended) as of the list's date.
    Clear { listed: Option<String> },
    /// The bit is 1, for this purpose ("revocation", "suspension").
    Set { purpose: String },
}

/// Checks `entry` of a credential issued by `issuer` against `list`, a
/// status list credential that has itself been verified.
pub fn check(entry: &StatusEntry, issuer: &str, list: &Verified) -> Result<Verdict, String> {
    let c = &list.claims;
    if !c.status_list {
        return Err("the file given with --status-list is not a status list credential".into());
    }
    if c.id.as_deref() != Some(entry.list.as_str()) {
        return Err(format!(
            "the status list given is {}, but the credential's status is kept in {}",
            quote(c.id.as_deref().unwrap_or("a list without an id")),
            quote(&entry.list)
        ));
    }
    if c.issuer.id != issuer {
        return Err(format!(
            "the status list was signed by {}, not by the credential's issuer {issuer}",
            c.issuer.id
        ));
    }
    let Some((purpose, encoded)) = c.subjects.iter().find_map(|s| s.status_list.as_ref()) else {
        return Err("the status list credential holds no list".into());
    };
    if *purpose != entry.purpose {
        return Err(format!(
            "the status list is for {}, the credential's entry for {}",
            quote(purpose),
            quote(&entry.purpose)
        ));
    }
    let format = if entry.kind == ENTRY_TYPE {
        Format::Bitstring
    } else {
        Format::StatusList2021
    };
    let bits = decode(encoded, format)?;
    let index = usize::try_from(entry.index).unwrap_or(usize::MAX);
    let Some(byte) = bits.get(index / 8) else {
        return Err(format!(
            "the credential's position {} is outside the status list ({} positions)",
            entry.index,
            bits.len() * 8
        ));
    };
    if byte & (0x80 >> (index % 8)) != 0 {
        Ok(Verdict::Set {
            purpose: purpose.clone(),
        })
    } else {
        Ok(Verdict::Clear {
            listed: c.valid_from.map(rfc3339),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_position_is_the_high_bit_of_the_first_byte() {
        let encoded = encode(&[0, 9, LIST_BITS - 1], LIST_BITS).unwrap();
        assert!(encoded.starts_with('u'));
        let bits = decode(&encoded, Format::Bitstring).unwrap();
        assert_eq!(bits.len(), LIST_BITS / 8);
        assert_eq!(bits[0], 0x80);
        assert_eq!(bits[1], 0x40);
        assert_eq!(bits[LIST_BITS / 8 - 1], 0x01);
        assert!(encode(&[LIST_BITS], LIST_BITS).is_err());
        // An empty list of the smallest size compresses to a few dozen bytes.
        assert!(encode(&[], LIST_BITS).unwrap().len() < 200);
    }

    /// A VC 1.1 credential with a StatusList2021 entry, as older wallets'
    /// badges have, checked against its (also VC 1.1) list.
    #[test]
    fn a_status_list_2021_entry_is_checked_too() {
        use crate::credential::jsonld::{CREDENTIALS_V1, DATA_INTEGRITY_V2, STATUS_LIST_2021};
        use crate::credential::{IssuerKey, sign, verify};
        let key = IssuerKey::from_seed([3; 32]);
        let url = "https://school.example/sl/2021";
        let ctx = json!([CREDENTIALS_V1, STATUS_LIST_2021, DATA_INTEGRITY_V2]);
        let mut credential = json!({
            "@context": ctx,
            "id": "urn:uuid:6f1c8a3e-0000-4000-8000-000000000001",
            "type": ["VerifiableCredential"],
            "issuer": key.did(),
            "issuanceDate": "2025-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:lan"},
            "credentialStatus": {
                "id": format!("{url}#5"), "type": "StatusList2021Entry",
                "statusPurpose": "revocation", "statusListIndex": "5",
                "statusListCredential": url,
            },
        });
        sign(&mut credential, &key, "2025-01-01T00:00:00Z").unwrap();
        let v = verify(&credential).unwrap();
        assert_eq!(v.claims.statuses[0].kind, "StatusList2021Entry");
        for (revoked, expect_set) in [(vec![], false), (vec![5], true)] {
            // StatusList2021 writes the list as base64url without the `u`.
            let encoded = encode(&revoked, LIST_BITS).unwrap()[1..].to_string();
            let mut list = json!({
                "@context": ctx,
                "id": url,
                "type": ["VerifiableCredential", "StatusList2021Credential"],
                "issuer": key.did(),
                "issuanceDate": "2025-01-01T00:00:00Z",
                "credentialSubject": {
                    "id": format!("{url}#list"), "type": "StatusList2021",
                    "statusPurpose": "revocation", "encodedList": encoded,
                },
            });
            sign(&mut list, &key, "2025-01-01T00:00:00Z").unwrap();
            let list = verify(&list).unwrap();
            let verdict = check(&v.claims.statuses[0], &key.did(), &list).unwrap();
            assert_eq!(matches!(verdict, Verdict::Set { .. }), expect_set);
        }
    }

    #[test]
    fn a_compressed_bomb_is_refused_not_inflated() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..17 {
            gz.write_all(&zeros).unwrap();
        }
        let bomb = format!(
            "u{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(gz.finish().unwrap())
        );
        assert!(
            decode(&bomb, Format::Bitstring)
                .unwrap_err()
                .contains("larger than")
        );
        assert!(decode("u!!!", Format::Bitstring).is_err());
        // Without the multibase prefix, or too short to hide anyone.
        let good = encode(&[], LIST_BITS).unwrap();
        assert!(decode(&good[1..], Format::Bitstring).is_err());
        assert!(decode(&good[1..], Format::StatusList2021).is_ok());
        let short = encode(&[], 64).unwrap();
        assert!(
            decode(&short, Format::Bitstring)
                .unwrap_err()
                .contains("fewer than")
        );
    }
}
