//! `slate keygen`, `slate issue` and `slate verify`: the issuer's side.
//! The issuer holds the course package, re-grades each bundle against it,
//! and signs an Open Badges 3.0 credential only for completed courses.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;

use super::out::{say, tell};
use crate::course::{Course, load_path};
use crate::course::{package_digest, packed_digest};
use crate::credential::badge::{BadgeInput, build, credential_id};
use crate::credential::register::{self, Assigned, Register};
use crate::credential::status;
use crate::credential::{IssuerKey, bake, sign};
use crate::records::Bundle;
use crate::records::bundle::MAX_BUNDLE_BYTES;
use crate::records::export::{file_slug, now};
use crate::text::{one_line, quote};
use crate::util::write_file;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NameOrder {
    /// Family name first (Vietnamese, Chinese): "Nguyễn Thị Lan".
    FamilyFirst,
    /// Given name first (Lao, English): "Somchai Phommavong".
    GivenFirst,
}

/// `slate issue`'s settings besides the bundles.
#[derive(Debug, Clone)]
pub struct IssueOptions {
    pub key: PathBuf,
    pub course: PathBuf,
    pub out_dir: PathBuf,
    pub badge_image: Option<PathBuf>,
    pub csv: Option<PathBuf>,
    pub template_id: Option<String>,
    pub name_order: NameOrder,
    pub issuer_name: Option<String>,
    pub valid_from: Option<String>,
    /// Where the issuer publishes its status list (`--status-list-url` or
    /// the configuration's `[issuer] status_list_url`).
    pub status_list_url: Option<String>,
}

/// A badge image small enough to travel inside every credential as a
/// `data:` URL; a larger one is only baked.
const MAX_INLINE_IMAGE: usize = 256 * 1024;

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    tell(format!("slate: {msg}"));
    ExitCode::FAILURE
}

pub fn keygen(out: &Path, name: Option<&str>) -> ExitCode {
    let name = match name.map(holder_name).transpose() {
        Ok(n) => n,
        Err(e) => return fail(e),
    };
    let key = match IssuerKey::generate() {
        Ok(k) => k.named(name),
        Err(e) => return fail(e),
    };
    if let Err(e) = key.write_new(out) {
        return fail(e);
    }
    say(key.did());
    tell(format!(
        "slate: wrote the issuer key to {} (readable only by you). Keep it secret and backed up: whoever holds it can issue credentials in your name.",
        out.display()
    ));
    ExitCode::SUCCESS
}

/// A key holder's name as given to `keygen --name`: one line of at most
/// 200 characters, NFC, with no control characters (it is shown to every
/// learner who opens a package the key signed).
fn holder_name(name: &str) -> Result<String, String> {
    let name = crate::text::nfc(name.trim());
    if name.is_empty() {
        return Err(
            "--name is empty; give the name of the college or trainer who holds the key".into(),
        );
    }
    if name
        .chars()
        .any(|c| c.is_control() || crate::course::controls::is_bidi_control(c))
    {
        return Err(format!(
            "--name {} holds control characters; write the name as plain text",
            crate::text::quote(&name)
        ));
    }
    if name.chars().count() > 200 {
        return Err("--name is longer than 200 characters".into());
    }
    Ok(name)
}

pub(super) fn split_name(name: &str, order: NameOrder) -> (String, String) {
    let words: Vec<&str> = name.split_whitespace().collect();
    match (order, words.as_slice()) {
        (_, []) => (String::new(), String::new()),
        (_, [one]) => ((*one).to_string(), String::new()),
        (NameOrder::FamilyFirst, [family, given @ ..]) => (given.join(" "), (*family).to_string()),
        (NameOrder::GivenFirst, [given @ .., family]) => (given.join(" "), (*family).to_string()),
    }
}

/// Re-grades one bundle and returns the signed credential, or why not.
fn issue_one(
    bytes: &[u8],
    course: &Course,
    digests: &[String],
    key: &IssuerKey,
    opts: &IssueOptions,
    image: Option<&str>,
    register: Option<&mut Register>,
) -> Result<(Value, Bundle), String> {
    let bundle = Bundle::parse(bytes)?;
    let Some(record) = bundle.courses.iter().find(|c| c.id == course.id) else {
        return Err(format!(
            "it holds no record of the course {}",
            quote(&course.id)
        ));
    };
    if !digests.contains(&record.digest) {
        return Err(format!(
            "it was studied on different package content (version {} with digest {}, the package here is version {} with digest {})",
            record.version,
            record.digest,
            course.version,
            digests.first().map(String::as_str).unwrap_or_default()
        ));
    }
    let grades = record.regrade(course)?;
    if !grades.complete {
        let mut why = Vec::new();
        if grades.require_all_lessons && grades.lessons_read < grades.lessons_total {
            why.push(format!(
                "{} of {} lessons read",
                grades.lessons_read, grades.lessons_total
            ));
        }
        if grades.quiz_score + 1e-9 < grades.pass_score {
            why.push(format!(
                "quiz score {:.0}% is below the {:.0}% required",
                grades.quiz_score * 100.0,
                grades.pass_score * 100.0
            ));
        }
        return Err(format!("the course is not complete: {}", why.join("; ")));
    }
    let issuer = course.credential.as_ref().and_then(|c| c.issuer.as_ref());
    let issuer_name = opts
        .issuer_name
        .clone()
        .or_else(|| issuer.map(|i| i.name.clone()))
        .ok_or("the course names no [credential] issuer; give one with --issuer-name")?;
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| format!("no random source: {e}"))?;
    let mut input = BadgeInput {
        course,
        record,
        learner: &bundle.learner,
        issuer_did: key.did(),
        issuer_name,
        issuer_url: issuer.and_then(|i| i.url.clone()),
        valid_from: opts.valid_from.clone().unwrap_or_else(now),
        salt: crate::util::hex(&salt),
        image: course
            .credential
            .as_ref()
            .and_then(|c| c.image.clone())
            .or_else(|| image.map(String::from)),
        status: None,
    };
    if let Some(register) = register {
        let id = credential_id(&input);
        // The same record issued again is the same credential: it keeps
        // its position, and a revoked one is not issued again.
        let index = match register.entries().iter().find(|e| e.credential == id) {
            Some(e) if e.revoked.is_some() => {
                return Err(format!(
                    "this credential ({id}) was revoked on {}; it is not issued again",
                    e.revoked.as_deref().unwrap_or("")
                ));
            }
            Some(e) => e.index,
            None => register.assign(Assigned {
                index: 0,
                credential: id,
                learner: bundle.learner.name.clone(),
                course: course.id.clone(),
                issued: input.valid_from.clone(),
                revoked: None,
            })?,
        };
        input.status = Some(status::entry(register.list_url(), index));
    }
    let mut credential = build(&input);
    // The proof is made now, whatever validFrom says (a graduation day to
    // come, or a date past): a proof dated ahead would not verify.
    sign(&mut credential, key, &now())?;
    Ok((credential, bundle))
}

pub fn issue(opts: &IssueOptions, bundles: &[PathBuf]) -> ExitCode {
    let key = match IssuerKey::read(&opts.key) {
        Ok(k) => k,
        Err(e) => return fail(e),
    };
    if let Some(v) = &opts.valid_from
        && time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339).is_err()
    {
        return fail(format!(
            "--valid-from {} is not a date and time like 2026-11-23T10:00:00Z",
            quote(v)
        ));
    }
    let (source, loaded) = load_path(&opts.course);
    // A package with any error is never used to issue a credential, even
    // one a learner could partly study: the items it closes are part of
    // what the credential would say was achieved.
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let place = if d.line == 0 {
                d.file.clone()
            } else {
                format!("{}:{}", d.file, d.line)
            };
            format!("  {}: {}", one_line(&place), one_line(&d.message))
        })
        .collect();
    // Counting those past the per-file cap, which are not listed.
    let total = loaded.errors();
    let (Some(source), Some(course), true) = (source, loaded.course, errors.is_empty()) else {
        const NAMED: usize = 10;
        let more = total.saturating_sub(NAMED.min(errors.len()));
        let mut list = errors
            .iter()
            .take(NAMED)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n");
        if more > 0 {
            list.push_str(&format!("\n  and {more} more"));
        }
        return fail(format!(
            "{}: no credential is issued from a course package with errors ({}):\n{list}\nfix them (see `slate check {}`) and issue again",
            opts.course.display(),
            total,
            opts.course.display()
        ));
    };
    // Records carry the digest of the package studied: this folder (or
    // zip) itself, or the zip `slate pack` made of it, which leaves out
    // what is no part of the course.
    let mut digests = Vec::new();
    for digest in [
        Some(package_digest(&source)),
        loaded.files.as_ref().map(|f| packed_digest(&source, f)),
    ]
    .into_iter()
    .flatten()
    {
        match digest {
            Ok(d) if !digests.contains(&d) => digests.push(d),
            Ok(_) => {}
            Err((file, e)) => return fail(format!("{}: {file}: {e}", opts.course.display())),
        }
    }
    let image = match &opts.badge_image {
        Some(p) => match read_capped(p, crate::credential::bake::MAX_IMAGE_BYTES as u64) {
            Ok(b) => Some(b),
            Err(e) => return fail(format!("{}: {e}", p.display())),
        },
        None => None,
    };
    let inline_image = image
        .as_ref()
        .filter(|png| png.len() <= MAX_INLINE_IMAGE && png.starts_with(b"\x89PNG"))
        .map(|png| {
            use base64::Engine as _;
            format!(
                "data:image/png;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(png)
            )
        });
    let register_path = register::path_for(&opts.key);
    let mut register = if opts.status_list_url.is_some() || register_path.exists() {
        match Register::open(&register_path, opts.status_list_url.as_deref()) {
            Ok(r) => Some(r),
            Err(e) => return fail(e),
        }
    } else {
        None
    };
    if let Err(e) = std::fs::create_dir_all(&opts.out_dir) {
        return fail(format!("{}: {e}", opts.out_dir.display()));
    }
    let mut rows = Vec::new();
    let mut refused = 0;
    for path in bundles {
        let bytes = match read_capped(path, MAX_BUNDLE_BYTES) {
            Ok(b) => b,
            Err(e) => {
                refused += 1;
                tell(format!("refused: {}: {e}", path.display()));
                continue;
            }
        };
        match issue_one(
            &bytes,
            &course,
            &digests,
            &key,
            opts,
            inline_image.as_deref(),
            register.as_mut(),
        ) {
            Ok((credential, bundle)) => {
                let stem = format!(
                    "{}-{}-{}",
                    course.id,
                    file_slug(&bundle.learner.name),
                    bundle.learner.id.chars().take(8).collect::<String>()
                );
                let text = match crate::util::json::to_string_pretty(&credential) {
                    Ok(t) => t + "\n",
                    Err(e) => return fail(e),
                };
                let json_path = opts.out_dir.join(format!("{stem}.json"));
                if let Err(e) = write_file(&json_path, text.as_bytes()) {
                    return fail(e);
                }
                say(format!(
                    "issued: {} -> {}",
                    path.display(),
                    json_path.display()
                ));
                if let Some(png) = &image {
                    let compact = credential.to_string();
                    match bake::bake(png, &compact) {
                        Ok(baked) => {
                            let png_path = opts.out_dir.join(format!("{stem}.png"));
                            if let Err(e) = write_file(&png_path, &baked) {
                                return fail(e);
                            }
                            say(format!("baked:  {}", png_path.display()));
                        }
                        Err(e) => return fail(format!("--badge-image: {e}")),
                    }
                }
                let (first, last) = split_name(&bundle.learner.name, opts.name_order);
                rows.push([
                    opts.template_id
                        .clone()
                        .unwrap_or_else(|| crate::credential::badge::achievement_id(&course)),
                    bundle.learner.email.clone().unwrap_or_default(),
                    first,
                    last,
                    credential
                        .get("validFrom")
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or("")
                        .chars()
                        .take(10)
                        .collect(),
                ]);
            }
            Err(e) => {
                refused += 1;
                tell(format!("refused: {}: {e}", path.display()));
            }
        }
    }
    if let Some(csv_path) = &opts.csv {
        let mut w = csv::Writer::from_writer(Vec::new());
        let header = [
            "badge_template_id",
            "email",
            "first_name",
            "last_name",
            "issued_date",
        ];
        let written = w.write_record(header).and_then(|()| {
            rows.iter()
                .try_for_each(|r| w.write_record(r.iter().map(|c| spreadsheet_safe(c))))
        });
        let bytes = match written
            .map_err(|e| e.to_string())
            .and_then(|()| w.into_inner().map_err(|e| e.to_string()))
        {
            Ok(b) => b,
            Err(e) => return fail(e),
        };
        if let Err(e) = write_file(csv_path, &bytes) {
            return fail(e);
        }
        say(format!(
            "rows:   {} ({} credentials)",
            csv_path.display(),
            rows.len()
        ));
    }
    if refused > 0 {
        tell(format!(
            "slate: {refused} of {} bundles refused",
            bundles.len()
        ));
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `slate revoke`: marks credentials revoked in the key's status register.
/// The published list changes only when `slate status-list` writes it anew.
pub fn revoke(key_path: &Path, credentials: &[String]) -> ExitCode {
    let key = match IssuerKey::read(key_path) {
        Ok(k) => k,
        Err(e) => return fail(e),
    };
    let mut register = match Register::open(&register::path_for(key_path), None) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let mut failed = 0;
    for given in credentials {
        let id = if given.starts_with("urn:") {
            Ok(given.clone())
        } else {
            credential_file_id(Path::new(given), &key)
        };
        match id.and_then(|id| register.revoke(&id, &now())) {
            Ok(e) => say(format!(
                "revoked: {} ({}, {}, position {})",
                one_line(&e.credential),
                one_line(&e.learner),
                one_line(&e.course),
                e.index
            )),
            Err(e) => {
                failed += 1;
                tell(format!("slate: {}: {}", one_line(given), one_line(&e)));
            }
        }
    }
    if failed < credentials.len() {
        say(format!(
            "now write the list and publish it at {}: slate status-list --key {} -o FILE",
            one_line(register.list_url()),
            key_path.display()
        ));
    }
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The id of a credential file this key issued (its proof must verify:
/// the id is read from what the issuer signed). A revoked credential is
/// revoked even once expired, so its dates are not checked here.
fn credential_file_id(path: &Path, key: &IssuerKey) -> Result<String, String> {
    let value = super::verify::read_credential(path).map_err(|e| e.message)?;
    let v = crate::credential::verify_with(
        &value,
        &crate::credential::proof::Context {
            resolver: &Default::default(),
            now: time::OffsetDateTime::now_utc(),
            dates: false,
        },
    )
    .map_err(|e| e.message)?;
    if v.claims.issuer.id != key.did() {
        return Err(format!(
            "it was issued by {}, not by this key ({})",
            v.claims.issuer.id,
            key.did()
        ));
    }
    v.claims
        .id
        .ok_or_else(|| "the credential has no id".to_string())
}

/// `slate status-list`: the signed list of the key's revoked credentials.
pub fn status_list(key_path: &Path, out: &Path) -> ExitCode {
    let key = match IssuerKey::read(key_path) {
        Ok(k) => k,
        Err(e) => return fail(e),
    };
    let register = match Register::open(&register::path_for(key_path), None) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let revoked = register.revoked();
    let encoded = match status::encode(&revoked, register.bits()) {
        Ok(e) => e,
        Err(e) => return fail(e),
    };
    let created = now();
    let mut list = status::list_credential(register.list_url(), &key.did(), &encoded, &created);
    if let Err(e) = sign(&mut list, &key, &created) {
        return fail(e);
    }
    let text = match crate::util::json::to_string_pretty(&list) {
        Ok(t) => t + "\n",
        Err(e) => return fail(e),
    };
    if let Err(e) = write_file(out, text.as_bytes()) {
        return fail(e);
    }
    say(format!(
        "wrote {}: {} revoked of {} issued with a status; publish it at {}",
        out.display(),
        revoked.len(),
        register.entries().len(),
        one_line(register.list_url())
    ));
    ExitCode::SUCCESS
}

/// A cell a spreadsheet would not run as a formula: names and emails come
/// from learners.
pub(super) fn spreadsheet_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

pub(super) fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, String> {
    crate::util::read_regular(path, cap).map_err(|e| match e {
        crate::util::ReadFileError::TooLarge(_) => {
            format!("larger than {} MiB; not a Slate file", cap / 1024 / 1024)
        }
        e => e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_never_start_a_formula() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("Lan"), "Lan");
    }

    #[test]
    fn names_split_in_the_learners_order() {
        assert_eq!(
            split_name("Nguyễn Thị Lan", NameOrder::FamilyFirst),
            ("Thị Lan".into(), "Nguyễn".into())
        );
        assert_eq!(
            split_name("Somchai Phommavong", NameOrder::GivenFirst),
            ("Somchai".into(), "Phommavong".into())
        );
        assert_eq!(
            split_name("Lan", NameOrder::FamilyFirst),
            ("Lan".into(), String::new())
        );
    }
}
