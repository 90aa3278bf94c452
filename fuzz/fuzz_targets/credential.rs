//! A credential file's text, verified: whatever it holds, verification
//! ends (no hang, bounded memory) with a verdict, and a refusal's message
//! prints safely once made one line, as `slate verify` prints it.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    match slate::credential::verify(&value) {
        Ok(v) => {
            for s in &v.claims.subjects {
                for name in &s.names {
                    common::assert_terminal_safe("a name", &slate::text::one_line(name));
                }
            }
        }
        Err(e) => common::assert_terminal_safe("a refusal", &slate::text::one_line(&e.message)),
    }
});
