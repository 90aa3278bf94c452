//! Sending xAPI statements to a learning record store: batched POSTs,
//! retried with back-off, and idempotent by statement id, so an
//! interrupted sync is simply run again.

use std::time::Duration;

use serde_json::Value;

/// Statements per POST: small enough for any LRS's body limit.
pub const BATCH: usize = 50;
/// Tries per request before giving up on the store for this run.
const TRIES: u32 = 5;

pub struct Lrs {
    /// The statements resource, `<endpoint>/statements`.
    statements: String,
    authorization: String,
    agent: ureq::Agent,
    /// Waited between tries: doubled each time.
    first_wait: Duration,
}

/// How one batch went.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Sent {
    /// Statements the store accepted, or already held: done either way.
    pub accepted: Vec<String>,
    /// Statements the store holds other content under the id of (another
    /// program wrote them): not stored, so not done, and said.
    pub conflicting: Vec<String>,
    /// Statements the store refused as invalid, with its reason; tried
    /// again next time.
    pub refused: Vec<(String, String)>,
}

impl Lrs {
    /// `endpoint` is the xAPI base URL (e.g. `https://lrs.example.org/xAPI`).
    /// The address is checked as [`crate::records::xapi::web_address`]
    /// checks it: printed and kept as the key of what was sent, it never
    /// carries a password.
    pub fn new(endpoint: &str, user: &str, password: &str) -> Result<Lrs, String> {
        let endpoint =
            crate::records::xapi::web_address(endpoint).map_err(|why| format!("--lrs: {why}"))?;
        let endpoint = endpoint.trim_end_matches('/');
        // HTTP basic authentication cannot carry a user name with a colon.
        if user.contains(':') || user.chars().any(char::is_control) {
            return Err(format!(
                "--user {}: a user name for an LRS has no colon or control character",
                crate::text::quote(user)
            ));
        }
        use base64::Engine as _;
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(60)))
            .http_status_as_error(false)
            .build()
            .into();
        Ok(Lrs {
            statements: format!("{endpoint}/statements"),
            authorization: format!("Basic {token}"),
            agent,
            first_wait: Duration::from_millis(500),
        })
    }

    /// The xAPI base address as checked (what is printed, and the key of
    /// what this LRS holds).
    pub fn endpoint(&self) -> &str {
        self.statements
            .strip_suffix("/statements")
            .unwrap_or(&self.statements)
    }

    pub fn with_first_wait(mut self, wait: Duration) -> Lrs {
        self.first_wait = wait;
        self
    }

    /// Sends one batch. A statement id the store already holds with the
    /// same content counts as accepted (the store answers 204 or leaves it
    /// out of its list); one held with other content makes the store refuse
    /// the whole batch, which is then sent one statement at a time, and a
    /// statement refused as a conflict is fetched back: it is done only if
    /// the store holds the same facts (a store may write numbers and times
    /// its own way), never merely because an id is taken.
    pub fn send(&self, batch: &[Value]) -> Result<Sent, String> {
        let body = crate::util::json::to_vec(batch).map_err(|e| e.to_string())?;
        let (status, text) = self.request("POST", None, &body)?;
        match status {
            200 | 204 => Ok(Sent {
                accepted: ids(batch),
                ..Sent::default()
            }),
            // One statement the store will not take (or holds otherwise)
            // must not hold back the rest: one at a time.
            400 | 409 | 422 => {
                let mut sent = Sent::default();
                for st in batch {
                    let id = st["id"].as_str().unwrap_or_default().to_string();
                    let body = crate::util::json::to_vec(st).map_err(|e| e.to_string())?;
                    let (status, text) = self.request("PUT", Some(&id), &body)?;
                    match status {
                        200 | 204 => sent.accepted.push(id),
                        409 => match self.held(&id)? {
                            Some(held) if crate::records::xapi::same_facts(&held, st) => {
                                sent.accepted.push(id)
                            }
                            _ => sent.conflicting.push(id),
                        },
                        400 | 422 => sent.refused.push((id, refusal(status, &text))),
                        _ => return Err(refusal(status, &text)),
                    }
                }
                Ok(sent)
            }
            _ => Err(refusal(status, &text)),
        }
    }

    /// The statement the store holds under `id`, if it gives it back. The
    /// xAPI answer is the statement itself; some stores wrap it in a
    /// statement result (`{"statements": [..]}`).
    fn held(&self, id: &str) -> Result<Option<Value>, String> {
        let (status, text) = self.request("GET", Some(id), &[])?;
        if status != 200 {
            return Ok(None);
        }
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            return Ok(None);
        };
        Ok(match value.get("statements") {
            Some(Value::Array(list)) => list.first().cloned(),
            Some(_) => None,
            None => Some(value),
        })
    }

    /// Whether the password crosses the network in the clear.
    pub fn unencrypted(&self) -> bool {
        let rest = self.statements.strip_prefix("http://");
        rest.is_some_and(|r| {
            let host = r.split(['/', ':']).next().unwrap_or("");
            !matches!(host, "127.0.0.1" | "localhost" | "[::1]")
        })
    }

    /// A request with the statement id asked for, the credentials and the
    /// xAPI version.
    fn prepare<B>(
        &self,
        builder: ureq::RequestBuilder<B>,
        id: Option<&str>,
    ) -> ureq::RequestBuilder<B> {
        let builder = match id {
            Some(id) => builder.query("statementId", id),
            None => builder,
        };
        builder
            .header("Authorization", &self.authorization)
            .header("X-Experience-API-Version", "1.0.3")
    }

    /// One request, tried again after a network error, a 429 or a 5xx,
    /// waiting longer each time.
    fn request(
        &self,
        method: &str,
        id: Option<&str>,
        body: &[u8],
    ) -> Result<(u16, String), String> {
        let mut wait = self.first_wait;
        let mut last = String::new();
        for attempt in 1..=TRIES {
            let result = match method {
                "GET" => self.prepare(self.agent.get(&self.statements), id).call(),
                "PUT" => self
                    .prepare(self.agent.put(&self.statements), id)
                    .content_type("application/json")
                    .send(body),
                _ => self
                    .prepare(self.agent.post(&self.statements), id)
                    .content_type("application/json")
                    .send(body),
            };
            match result {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    let text = response
                        .body_mut()
                        .with_config()
                        .limit(1024 * 1024)
                        .read_to_string()
                        .unwrap_or_default();
                    if status != 429 && status < 500 {
                        return Ok((status, text));
                    }
                    last = refusal(status, &text);
                }
                Err(e) => last = format!("could not reach {}: {e}", self.statements),
            }
            if attempt < TRIES {
                std::thread::sleep(wait);
                wait *= 2;
            }
        }
        Err(format!("{last} (tried {TRIES} times)"))
    }
}

fn ids(batch: &[Value]) -> Vec<String> {
    batch
        .iter()
        .filter_map(|s| s["id"].as_str().map(String::from))
        .collect()
}

fn refusal(status: u16, text: &str) -> String {
    let what = match status {
        401 | 403 => "the record store refused the user name or password",
        400 | 422 => "the record store refused the statements as invalid",
        _ => "the record store answered with an error",
    };
    let detail: String = text.chars().filter(|c| !c.is_control()).take(300).collect();
    format!("{what} (HTTP {status}): {detail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreachable_store_is_tried_again_then_reported() {
        // A port nothing listens on: every try fails at once.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let lrs = Lrs::new(&format!("http://127.0.0.1:{port}/xAPI/"), "u", "p")
            .unwrap()
            .with_first_wait(Duration::from_millis(1));
        let err = lrs.send(&[serde_json::json!({"id": "x"})]).unwrap_err();
        assert!(
            err.contains("could not reach") && err.contains("tried 5 times"),
            "{err}"
        );
    }

    #[test]
    fn only_web_addresses_are_accepted() {
        assert!(Lrs::new("ftp://x", "u", "p").is_err());
        assert!(Lrs::new("lrs.example.org", "u", "p").is_err());
        assert!(Lrs::new("http://u:p@127.0.0.1/xAPI", "u", "p").is_err());
        assert!(Lrs::new("http://127.0.0.1\u{1b}[2J/xAPI", "u", "p").is_err());
        assert!(Lrs::new("http://127.0.0.1/xAPI", "a:b", "p").is_err());
        assert!(Lrs::new("HTTP://127.0.0.1/xAPI", "u", "p").is_ok());
    }
}
