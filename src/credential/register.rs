//! The issuer's status register, kept beside its key
//! (`<key file>.status.json`): which position of the published status list
//! went to which credential, and which were revoked. It is the issuer's
//! private record; the public one is the signed list `slate status-list`
//! writes from it. A lock file keeps two `slate` processes from giving out
//! one position twice.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::status::LIST_BITS;
use crate::util::write_file;

const FORMAT: u32 = 1;
/// A register is small (a few hundred bytes a credential); a larger file
/// is not one.
const MAX_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Assigned {
    pub index: usize,
    /// The credential's `id` (`urn:uuid:…`).
    pub credential: String,
    pub learner: String,
    pub course: String,
    pub issued: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    format: u32,
    list_url: String,
    bits: usize,
    entries: Vec<Assigned>,
}

impl File {
    /// What every register Slate writes holds true.
    fn check(&self) -> Result<(), String> {
        if self.bits < LIST_BITS || self.bits > MAX_LIST_BITS || !self.bits.is_multiple_of(8) {
            return Err(format!(
                "a list of {} positions (Slate writes {LIST_BITS})",
                self.bits
            ));
        }
        check_url(&self.list_url)?;
        let mut indexes = std::collections::HashSet::new();
        let mut ids = std::collections::HashSet::new();
        for e in &self.entries {
            if e.index >= self.bits {
                return Err(format!("position {} is outside the list", e.index));
            }
            if !indexes.insert(e.index) {
                return Err(format!("position {} is given twice", e.index));
            }
            if !ids.insert(e.credential.as_str()) {
                return Err(format!("{} is listed twice", e.credential));
            }
        }
        Ok(())
    }
}

/// The largest list a verifier reads (16 MiB of bits).
const MAX_LIST_BITS: usize = 8 * 16 * 1024 * 1024;

/// An open register, locked for as long as it lives.
#[derive(Debug)]
pub struct Register {
    path: PathBuf,
    file: File,
    _lock: std::fs::File,
}

/// Where the register of the key at `key` lives.
pub fn path_for(key: &Path) -> PathBuf {
    let mut name = key.file_name().unwrap_or_default().to_os_string();
    name.push(".status.json");
    key.with_file_name(name)
}

fn lock(path: &Path) -> Result<std::fs::File, String> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    let lock_path = path.with_file_name(name);
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| format!("{}: {e}", lock_path.display()))?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(std::fs::TryLockError::WouldBlock) => {
            // Another slate is issuing or revoking with this key: wait for it.
            f.lock()
                .map_err(|e| format!("{}: {e}", lock_path.display()))?;
            Ok(f)
        }
        Err(std::fs::TryLockError::Error(e)) => Err(format!("{}: {e}", lock_path.display())),
    }
}

impl Register {
    /// Opens the register at `path`; with `new_url`, creates it for that
    /// list if there is none yet. An existing register keeps its URL: a
    /// credential already issued names it.
    pub fn open(path: &Path, new_url: Option<&str>) -> Result<Register, String> {
        let lock = lock(path)?;
        let file = match crate::util::read_regular(path, MAX_BYTES) {
            Ok(bytes) => {
                let file: File = serde_json::from_slice(&bytes)
                    .map_err(|e| format!("{}: not a Slate status register: {e}", path.display()))?;
                if file.format != FORMAT {
                    return Err(format!(
                        "{}: a status register of format {}, which this slate does not know",
                        path.display(),
                        file.format
                    ));
                }
                if let Err(why) = file.check() {
                    return Err(format!(
                        "{}: the status register is damaged: {why}; restore it from a backup (the published list and the credentials issued depend on it)",
                        path.display()
                    ));
                }
                if let Some(url) = new_url
                    && url != file.list_url
                {
                    return Err(format!(
                        "{}: this key's status list is {}, not {url}; credentials already issued name it (keep the URL, or use another key)",
                        path.display(),
                        file.list_url
                    ));
                }
                file
            }
            Err(crate::util::ReadFileError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                let Some(url) = new_url else {
                    return Err(format!(
                        "{}: no status register: no credential was issued with a status list by this key (give --status-list-url to slate issue)",
                        path.display()
                    ));
                };
                check_url(url)?;
                File {
                    format: FORMAT,
                    list_url: url.to_string(),
                    bits: LIST_BITS,
                    entries: Vec::new(),
                }
            }
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        Ok(Register {
            path: path.to_path_buf(),
            file,
            _lock: lock,
        })
    }

    pub fn list_url(&self) -> &str {
        &self.file.list_url
    }

    pub fn bits(&self) -> usize {
        self.file.bits
    }

    pub fn entries(&self) -> &[Assigned] {
        &self.file.entries
    }

    /// Gives `entry` a free position, chosen at random so that positions
    /// say nothing about who was issued when, and saves the register.
    pub fn assign(&mut self, mut entry: Assigned) -> Result<usize, String> {
        let used: std::collections::HashSet<usize> =
            self.file.entries.iter().map(|e| e.index).collect();
        if used.len() >= self.file.bits {
            return Err("the status list is full".into());
        }
        let index = loop {
            let mut b = [0u8; 8];
            getrandom::fill(&mut b).map_err(|e| format!("no random source: {e}"))?;
            let i = (u64::from_le_bytes(b) % self.file.bits as u64) as usize;
            if !used.contains(&i) {
                break i;
            }
        };
        entry.index = index;
        self.file.entries.push(entry);
        self.save()?;
        Ok(index)
    }

    /// Marks the credential `id` revoked (at `when`) and saves; returns its
    /// entry, or says it is not in the register.
    pub fn revoke(&mut self, id: &str, when: &str) -> Result<Assigned, String> {
        let Some(e) = self.file.entries.iter_mut().find(|e| e.credential == id) else {
            return Err(format!(
                "{id} is not in this key's status register (it was issued without a status, or by another key)"
            ));
        };
        if e.revoked.is_none() {
            e.revoked = Some(when.to_string());
        }
        let e = e.clone();
        self.save()?;
        Ok(e)
    }

    pub fn revoked(&self) -> Vec<usize> {
        self.file
            .entries
            .iter()
            .filter(|e| e.revoked.is_some())
            .map(|e| e.index)
            .collect()
    }

    fn save(&self) -> Result<(), String> {
        let text = serde_json::to_string_pretty(&self.file).map_err(|e| e.to_string())? + "\n";
        write_file(&self.path, text.as_bytes())?;
        // It names learners: readable by the issuer only, like its key.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o600))
                .map_err(|e| format!("{}: {e}", self.path.display()))?;
        }
        Ok(())
    }
}

/// The list is fetched by verifiers from this URL: a web address.
fn check_url(url: &str) -> Result<(), String> {
    if (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(['#', ' '])
        && !url.chars().any(char::is_control)
    {
        Ok(())
    } else {
        Err(format!(
            "the status list URL {} is not a web address (https://…, without #)",
            crate::text::quote(url)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> Assigned {
        Assigned {
            index: 0,
            credential: id.into(),
            learner: "Lan".into(),
            course: "c".into(),
            issued: "2026-12-01T00:00:00Z".into(),
            revoked: None,
        }
    }

    #[test]
    fn positions_are_distinct_and_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_for(&dir.path().join("issuer.key"));
        assert!(
            Register::open(&path, None)
                .unwrap_err()
                .contains("no status register")
        );
        let url = "https://school.example/status/1";
        let mut r = Register::open(&path, Some(url)).unwrap();
        let a = r.assign(entry("urn:uuid:a")).unwrap();
        let b = r.assign(entry("urn:uuid:b")).unwrap();
        assert_ne!(a, b);
        r.revoke("urn:uuid:b", "2026-12-02T00:00:00Z").unwrap();
        assert!(r.revoke("urn:uuid:x", "now").is_err());
        drop(r);
        let r = Register::open(&path, None).unwrap();
        assert_eq!(r.revoked(), [b]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(r.list_url(), url);
        drop(r);
        let err = Register::open(&path, Some("https://other.example/s")).unwrap_err();
        assert!(err.contains("not https://other.example/s"), "{err}");
        assert!(Register::open(&dir.path().join("x.json"), Some("file:///etc")).is_err());
        for damaged in [
            r#"{"format":1,"list_url":"https://x.example/s","bits":1099511627776,"entries":[]}"#,
            r#"{"format":1,"list_url":"https://x.example/s","bits":7,"entries":[]}"#,
            r#"{"format":1,"list_url":"https://x.example/s","bits":131072,"entries":[
                {"index":5,"credential":"urn:a","learner":"","course":"","issued":""},
                {"index":5,"credential":"urn:b","learner":"","course":"","issued":""}]}"#,
            r#"{"format":1,"list_url":"https://x.example/s","bits":131072,"entries":[
                {"index":131072,"credential":"urn:a","learner":"","course":"","issued":""}]}"#,
        ] {
            let p = dir.path().join("damaged.status.json");
            std::fs::write(&p, damaged).unwrap();
            let err = Register::open(&p, None).unwrap_err();
            assert!(err.contains("damaged"), "{err}");
        }
    }
}
