//! `slate pack DIR -o NAME.zip [--sign KEY]`: the course as the zip a
//! trainer hands out, after the check; and whose signed packages this
//! installation trusts (`--trust-publisher`, `[publishers] trust`).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::out::{say, tell};
use crate::course::diagnostic::{Palette, render_human, summary_line};
use crate::course::pack::{Signer, left_out, write_zip};
use crate::course::seal::{Standing, seal_diagnostics};
use crate::course::{Source, load, package_digest, packed_digest};
use crate::credential::key::IssuerKey;
use crate::text::quote;
use crate::util::io_reason;

pub struct PackOptions<'a> {
    pub dir: &'a Path,
    pub output: &'a Path,
    pub sign: Option<&'a Path>,
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    tell(format!("slate pack: {message}"));
    ExitCode::FAILURE
}

pub fn pack(opts: &PackOptions<'_>) -> ExitCode {
    if !opts
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
    {
        return fail(format!(
            "{}: the package's name must end in .zip, which is how the player knows it",
            opts.output.display()
        ));
    }
    let key = match opts.sign.map(IssuerKey::read).transpose() {
        Ok(k) => k,
        Err(e) => return fail(e),
    };
    let source = match Source::open(opts.dir) {
        Ok(s) => s,
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            return fail(format!("{} is not a course package", opts.dir.display()));
        }
    };
    let loaded = load(&source);
    let (errors, warnings) = (loaded.errors(), loaded.warnings());
    if errors > 0 {
        print_diagnostics(&loaded.diagnostics);
        return fail(format!(
            "not packed: {} has {errors} error{} (warnings do not stop a pack); fix them, see `slate check {}`",
            opts.dir.display(),
            if errors == 1 { "" } else { "s" },
            opts.dir.display()
        ));
    }
    let (Some(course), Some(files)) = (&loaded.course, &loaded.files) else {
        return fail(format!(
            "{}: which files belong to the course cannot be told",
            opts.dir.display()
        ));
    };
    let left = left_out(&source, files);
    if !left.is_empty() {
        say(format!(
            "left out {} (no part of the course):",
            count(left.len(), "file")
        ));
        for l in &left {
            say(format!("  {} ({})", l.path, l.why.describe()));
        }
    }
    let signer = key.as_ref().map(|k| Signer {
        key: k.signing(),
        did: k.did(),
        name: k.name().map(str::to_string),
    });
    if let Err(e) = write_atomically(opts.output, |file| {
        write_zip(&source, course, files, signer.as_ref(), file).map(|_| ())
    }) {
        return fail(e);
    }
    // The zip, opened as a learner's Slate opens it: every file as packed,
    // and the digest its records will carry the folder's own.
    let written = match Source::open(opts.output) {
        Ok(s) => s,
        Err(d) => {
            print_diagnostics(&d);
            return fail(format!(
                "{}: the zip written does not open",
                opts.output.display()
            ));
        }
    };
    written.read_all_sealed();
    let problems = seal_diagnostics(&written);
    let digest = package_digest(&written).map_err(|(f, e)| format!("{f}: {e}"));
    let expected = packed_digest(&source, files).map_err(|(f, e)| format!("{f}: {e}"));
    match (&digest, &expected) {
        (Ok(d), Ok(e)) if d == e && problems.is_empty() => {}
        _ => {
            print_diagnostics(&problems);
            return fail(format!(
                "{}: the zip written is not what was packed (a file changed while packing, or the disk is failing); pack again",
                opts.output.display()
            ));
        }
    }
    let size = std::fs::metadata(opts.output).map(|m| m.len()).unwrap_or(0);
    let signed = match (&key, written.seal()) {
        (Some(_), Some(seal)) => {
            let me: Vec<String> = key.iter().map(IssuerKey::did).collect();
            format!(", {}", Standing::of(seal, &me).describe())
        }
        _ => String::new(),
    };
    say(format!(
        "packed {} {}: {} into {} ({} KiB{signed})",
        quote(&course.id),
        course.version,
        count(files.len(), "file"),
        opts.output.display(),
        size.div_ceil(1024),
    ));
    if let Ok(d) = digest {
        say(format!("package digest: {d}"));
    }
    if warnings > 0 {
        say(format!(
            "{}; see `slate check {}`",
            count(warnings, "warning"),
            opts.dir.display()
        ));
    }
    ExitCode::SUCCESS
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn print_diagnostics(diagnostics: &[crate::course::Diagnostic]) {
    let mut out = anstream::stdout().lock();
    let palette = Palette::coloured();
    for d in diagnostics {
        let _ = writeln!(out, "{}", render_human(d, &palette));
    }
    let (e, w) = crate::course::diagnostic::tally(diagnostics);
    let _ = writeln!(out, "{}", summary_line(1, e, w));
}

/// Writes through a temporary file beside `path`, flushed before it takes
/// the name: a full disk or a pulled stick leaves the old zip, or none.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> Result<(), String>,
) -> Result<(), String> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| format!("{}: not a file name", path.display()))?;
    let tmp = dir.join(format!(".{}.part", name.to_string_lossy()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)
            .map_err(|e| format!("{}: {}", path.display(), io_reason(&e)))?;
        write(&mut file)?;
        file.sync_all()
            .map_err(|e| format!("{}: {}", path.display(), io_reason(&e)))?;
        std::fs::rename(&tmp, path).map_err(|e| format!("{}: {}", path.display(), io_reason(&e)))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The publishers whose signatures this run trusts: the configuration's
/// `[publishers] trust` (a key there that cannot be read is said and set
/// aside, never stopping the player), and each `--trust-publisher` (a
/// `did:key`, or a key file from `slate keygen`, whose public half is
/// taken; one that cannot be read is an error).
pub fn trusted_publishers(
    config: &super::config::Config,
    given: &[String],
) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for k in &config.publishers.trust {
        match crate::credential::key::resolve_did_key(k.trim()) {
            Ok(_) => out.push(k.trim().to_string()),
            Err(e) => tell(format!(
                "slate: the configuration's [publishers] trust: {e}; going on without it"
            )),
        }
    }
    for k in given {
        let did = if k.starts_with("did:") {
            k.trim().to_string()
        } else {
            IssuerKey::read(Path::new(k))
                .map_err(|e| {
                    format!(
                        "--trust-publisher {}: not a did:key, nor a key file ({e})",
                        quote(k)
                    )
                })?
                .did()
        };
        crate::credential::key::resolve_did_key(&did)
            .map_err(|e| format!("--trust-publisher: {e}"))?;
        out.push(did);
    }
    Ok(out)
}
