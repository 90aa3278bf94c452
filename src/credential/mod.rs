//! Open Badges 3.0 credentials: building an `OpenBadgeCredential` from a
//! re-graded record, signing it with a Data Integrity proof (cryptosuite
//! `eddsa-rdfc-2022`), verifying one, and the issuer's Ed25519 key as a
//! `did:key`. Everything works offline.

pub mod badge;
pub mod bake;
pub mod claims;
pub mod did;
pub mod graph;
pub mod jsonld;
pub mod key;
pub mod proof;
pub mod register;
pub mod status;

pub use badge::{BadgeInput, build};
pub use key::IssuerKey;
pub use proof::{Refusal, Verified, sign, verify, verify_with};
