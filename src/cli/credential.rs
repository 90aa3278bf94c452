//! `slate keygen`, `slate issue` and `slate verify`: the issuer's side.
//! The issuer holds the course package, re-grades each bundle against it,
//! and signs an Open Badges 3.0 credential only for completed courses.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;

use super::out::{say, tell};
use crate::course::package_digest;
use crate::course::{Course, load_path};
use crate::credential::badge::{BadgeInput, build};
use crate::credential::{IssuerKey, bake, sign, verify};
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
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    tell(format!("slate: {msg}"));
    ExitCode::FAILURE
}

pub fn keygen(out: &Path) -> ExitCode {
    let key = match IssuerKey::generate() {
        Ok(k) => k,
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

fn split_name(name: &str, order: NameOrder) -> (String, String) {
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
    digest: &str,
    key: &IssuerKey,
    opts: &IssueOptions,
) -> Result<(Value, Bundle), String> {
    let bundle = Bundle::parse(bytes)?;
    let Some(record) = bundle.courses.iter().find(|c| c.id == course.id) else {
        return Err(format!(
            "it holds no record of the course {}",
            quote(&course.id)
        ));
    };
    if record.digest != digest {
        return Err(format!(
            "it was studied on different package content (version {} with digest {}, the package here is version {} with digest {})",
            record.version, record.digest, course.version, digest
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
    let input = BadgeInput {
        course,
        record,
        learner: &bundle.learner,
        issuer_did: key.did(),
        issuer_name,
        issuer_url: issuer.and_then(|i| i.url.clone()),
        valid_from: opts.valid_from.clone().unwrap_or_else(now),
        salt: crate::util::hex(&salt),
    };
    let mut credential = build(&input);
    sign(&mut credential, key, &input.valid_from)?;
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
    let digest = match package_digest(&source) {
        Ok(d) => d,
        Err((file, e)) => return fail(format!("{}: {file}: {e}", opts.course.display())),
    };
    let image = match &opts.badge_image {
        Some(p) => match read_capped(p, crate::credential::bake::MAX_IMAGE_BYTES as u64) {
            Ok(b) => Some(b),
            Err(e) => return fail(format!("{}: {e}", p.display())),
        },
        None => None,
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
        match issue_one(&bytes, &course, &digest, &key, opts) {
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

/// A cell a spreadsheet would not run as a formula: names and emails come
/// from learners.
fn spreadsheet_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, String> {
    crate::util::read_regular(path, cap).map_err(|e| match e {
        crate::util::ReadFileError::TooLarge(_) => {
            format!("larger than {} MiB; not a Slate file", cap / 1024 / 1024)
        }
        e => e.to_string(),
    })
}

pub fn verify_files(files: &[PathBuf], trust: &[String]) -> ExitCode {
    let mut rejected = 0;
    for path in files {
        let verified = verify_file(path).and_then(|v| {
            if trust.is_empty() || trust.iter().any(|t| t.trim() == v.issuer_id) {
                Ok(v)
            } else {
                Err(format!(
                    "issued by {}, which is not a key given with --trust",
                    v.issuer_id
                ))
            }
        });
        match verified {
            Ok(v) => say(format!(
                "verified: {}\n  {} — issued by {} ({})\n  to {} on {}{}",
                path.display(),
                crate::text::one_line(&v.achievement),
                crate::text::one_line(v.issuer_name.as_deref().unwrap_or("an unnamed issuer")),
                crate::text::one_line(&v.issuer_id),
                crate::text::one_line(&v.subject),
                crate::text::one_line(&v.valid_from),
                v.result
                    .map(|r| format!(", result {}%", crate::text::one_line(&r)))
                    .unwrap_or_default()
            )),
            Err(e) => {
                rejected += 1;
                say(format!(
                    "REJECTED: {}\n  {}",
                    path.display(),
                    crate::text::one_line(&e)
                ));
            }
        }
    }
    if trust.is_empty() && rejected < files.len() {
        say(
            "note: anyone can make a key and sign in any name; check that the issuer's did:key above is the one the issuer published, or give it with --trust",
        );
    }
    if rejected > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn verify_file(path: &Path) -> Result<crate::credential::Verified, String> {
    let bytes = read_capped(path, bake::MAX_IMAGE_BYTES as u64)?;
    let text = if bytes.starts_with(b"\x89PNG") {
        bake::unbake(&bytes)?
    } else {
        String::from_utf8(bytes)
            .map_err(|_| "not a JSON credential (not UTF-8 text)".to_string())?
    };
    let value: Value =
        serde_json::from_str(&text).map_err(|e| format!("not a JSON credential: {e}"))?;
    verify(&value)
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
