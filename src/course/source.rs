//! Where a package's files come from: a folder, a zip read in place, or the
//! sample courses embedded in the binary. Every read goes through here, so
//! this is where paths are kept inside the package and sizes are capped.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use include_dir::{Dir, include_dir};

use super::diagnostic::{Code, Diagnostic};
use super::limits::{
    MAX_DIR_DEPTH, MAX_FILES, MAX_ZIP_RATIO, MAX_ZIP_TOTAL_BYTES, ZIP_RATIO_MIN_BYTES,
};
use crate::util::{ReadFileError, io_reason};

/// The sample courses shipped inside the binary, so that a lone `slate`
/// copied to a stick always has a course to open.
static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/courses");

pub const MANIFEST: &str = "course.toml";

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Missing,
    /// The path, or a symlink on it, leads out of the package.
    Outside(String),
    TooLarge(u64),
    /// Not a regular file (a named pipe, a device, a folder): never opened.
    NotAFile(&'static str),
    Io(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Missing => f.write_str("the file is not in the package"),
            ReadError::Outside(why) => write!(f, "it leads out of the package ({why})"),
            ReadError::TooLarge(bytes) => write!(
                f,
                "the file is too large ({} MiB)",
                bytes.div_ceil(1024 * 1024)
            ),
            ReadError::NotAFile(what) => write!(f, "it is {what}, not a file"),
            ReadError::Io(why) => f.write_str(why),
        }
    }
}

/// One file of a package, by its path inside the package.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub path: String,
    pub size: u64,
    /// A symbolic link (folder packages only): read only after checking
    /// where it points. Folders behind links are never walked.
    pub symlink: bool,
    /// Last modification, in nanoseconds since 1970 (folder packages; 0
    /// elsewhere), for knowing a cached outline is still right.
    pub mtime: u128,
}

enum Backend {
    Dir {
        root: PathBuf,
    },
    Zip {
        archive: Mutex<zip::ZipArchive<File>>,
        index: HashMap<String, usize>,
    },
    Embedded(&'static Dir<'static>),
}

/// An opened package: its files listed once, read on demand.
pub struct Source {
    /// How diagnostics name the package (the path the user gave).
    display: String,
    backend: Backend,
    entries: Vec<Entry>,
    /// Problems found while opening that do not stop the package loading.
    notes: Vec<Diagnostic>,
    /// The manifest `slate pack` wrote, and its signature, when present.
    /// Shared with the library's entry, which shows what it finds.
    seal: Option<std::sync::Arc<super::seal::Seal>>,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source")
            .field("display", &self.display)
            .finish()
    }
}

impl Source {
    /// Opens a folder or a `.zip`. Problems with the container itself (not
    /// found, not a zip, a zip bomb) come back as diagnostics.
    pub fn open(path: &Path) -> Result<Source, Vec<Diagnostic>> {
        let display = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| {
            vec![
                Diagnostic::new(
                    Code::PackageNotFound,
                    display.clone(),
                    format!("cannot open package: {}", io_reason(&e)),
                )
                .hint("give the path of a course folder (holding course.toml) or of a .zip"),
            ]
        })?;
        if meta.is_dir() {
            open_dir(path, display).map(Source::unseal)
        } else if is_zip_name(path) {
            open_zip(path, display).map(Source::unseal)
        } else {
            Err(vec![
                Diagnostic::new(
                    Code::PackageNotFound,
                    display,
                    "not a course package: expected a folder or a .zip file",
                )
                .hint("give the path of a course folder (holding course.toml) or of a .zip"),
            ])
        }
    }

    /// The sample courses embedded in the binary, by folder name.
    pub fn bundled() -> Vec<Source> {
        let mut out: Vec<Source> = BUNDLED
            .dirs()
            .filter(|d| d.get_file(d.path().join(MANIFEST)).is_some())
            .map(|d| {
                let mut entries = Vec::new();
                list_embedded(d, d.path(), &mut entries);
                entries.sort_by(|a, b| a.path.cmp(&b.path));
                Source {
                    display: format!("<bundled>/{}", d.path().display()),
                    backend: Backend::Embedded(d),
                    entries,
                    notes: Vec::new(),
                    seal: None,
                }
            })
            .collect();
        out.sort_by(|a, b| a.display.cmp(&b.display));
        out
    }

    /// Takes the manifest and its signature out of the package's files and
    /// reads them ([`super::seal`]): they describe the package and are no
    /// part of it.
    fn unseal(mut self) -> Source {
        use super::seal::{MANIFEST_FILE, MAX_SEAL_BYTES, SIGNATURE_FILE, Seal};
        let has = |s: &Source, f: &str| s.contains(f);
        if !has(&self, MANIFEST_FILE) && !has(&self, SIGNATURE_FILE) {
            return self;
        }
        let manifest =
            has(&self, MANIFEST_FILE).then(|| self.read_raw(MANIFEST_FILE, MAX_SEAL_BYTES));
        let signature =
            has(&self, SIGNATURE_FILE).then(|| self.read_raw(SIGNATURE_FILE, MAX_SEAL_BYTES));
        self.entries
            .retain(|e| e.path != MANIFEST_FILE && e.path != SIGNATURE_FILE);
        let paths: Vec<&str> = self.entries.iter().map(|e| e.path.as_str()).collect();
        let seal = match (manifest, signature) {
            (None, _) => Seal::broken(format!(
                "{SIGNATURE_FILE} is there but {MANIFEST_FILE}, which it signs, is missing"
            )),
            (Some(Err(e)), _) => Seal::broken(format!("{MANIFEST_FILE} cannot be read: {e}")),
            (Some(Ok(_)), Some(Err(e))) => {
                Seal::broken(format!("{SIGNATURE_FILE} cannot be read: {e}"))
            }
            (Some(Ok(m)), None) => Seal::open(&m, None, &paths),
            (Some(Ok(m)), Some(Ok(sig))) => Seal::open(&m, Some(&sig), &paths),
        };
        self.seal = Some(std::sync::Arc::new(seal));
        self
    }

    /// The package's manifest and signature, when it was packed with one.
    pub fn seal(&self) -> Option<&std::sync::Arc<super::seal::Seal>> {
        self.seal.as_ref()
    }

    /// Reads every file the manifest lists, so that [`Self::seal`] knows
    /// each one that changed (`slate check` does; the player only checks
    /// the files it reads).
    pub fn read_all_sealed(&self) {
        if self.seal.is_none() {
            return;
        }
        for e in &self.entries {
            let _ = self.read(&e.path, super::limits::MAX_ZIP_TOTAL_BYTES);
        }
    }

    pub fn notes(&self) -> &[Diagnostic] {
        &self.notes
    }

    pub fn display(&self) -> &str {
        &self.display
    }

    /// Whether some of a zip's file names are in a legacy code page (and so
    /// match no link written in UTF-8).
    pub fn has_legacy_names(&self) -> bool {
        self.notes.iter().any(|d| d.code == Code::ZipNames)
    }

    /// Where the package is, as an absolute path a later run can open
    /// again (`None` for a course inside the binary).
    pub fn location(&self) -> Option<PathBuf> {
        if self.is_bundled() {
            return None;
        }
        std::fs::canonicalize(&self.display).ok()
    }

    pub fn is_bundled(&self) -> bool {
        matches!(self.backend, Backend::Embedded(_))
    }

    /// For a course embedded in the binary, a fingerprint of every file's
    /// path and bytes (about a millisecond for the sample course).
    pub fn embedded_fingerprint(&self) -> Option<u64> {
        use std::hash::{Hash, Hasher};
        let Backend::Embedded(dir) = &self.backend else {
            return None;
        };
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for e in &self.entries {
            e.path.hash(&mut h);
            if let Some(f) = dir.get_file(dir.path().join(&e.path)) {
                f.contents().hash(&mut h);
            }
        }
        Some(h.finish())
    }

    /// Every file in the package, sorted by path.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn contains(&self, rel: &str) -> bool {
        self.entry(rel).is_some()
    }

    fn entry(&self, rel: &str) -> Option<&Entry> {
        self.entries
            .binary_search_by(|e| e.path.as_str().cmp(rel))
            .ok()
            .and_then(|i| self.entries.get(i))
    }

    /// The display name of a file inside the package, for diagnostics.
    pub fn file_name(&self, rel: &str) -> String {
        if rel.is_empty() {
            self.display.clone()
        } else {
            format!("{}/{}", self.display.trim_end_matches('/'), rel)
        }
    }

    /// Reads one file, refusing anything over `cap` bytes before reading it.
    /// `rel` must already be a normalised package path (see [`resolve`]).
    /// A packed package's file is checked against its manifest as it is
    /// read.
    pub fn read(&self, rel: &str, cap: u64) -> Result<Vec<u8>, ReadError> {
        let bytes = self.read_raw(rel, cap)?;
        if let Some(seal) = &self.seal {
            seal.check(rel, &bytes);
        }
        Ok(bytes)
    }

    fn read_raw(&self, rel: &str, cap: u64) -> Result<Vec<u8>, ReadError> {
        match &self.backend {
            Backend::Dir { root } => {
                let entry = self.entry(rel).ok_or(ReadError::Missing)?;
                read_dir_file(root, rel, entry.symlink, cap)
            }
            Backend::Embedded(dir) => {
                let file = dir
                    .get_file(dir.path().join(rel))
                    .ok_or(ReadError::Missing)?;
                let bytes = file.contents();
                if bytes.len() as u64 > cap {
                    return Err(ReadError::TooLarge(bytes.len() as u64));
                }
                Ok(bytes.to_vec())
            }
            Backend::Zip { archive, index } => {
                let &i = index.get(rel).ok_or(ReadError::Missing)?;
                let mut archive = archive
                    .lock()
                    .map_err(|_| ReadError::Io("zip reader poisoned".into()))?;
                let file = archive
                    .by_index(i)
                    .map_err(|e| ReadError::Io(format!("cannot read zip entry: {e}")))?;
                let declared = file.size();
                if declared > cap {
                    return Err(ReadError::TooLarge(declared));
                }
                // The header may lie about the size: never read past the cap.
                let mut buf = Vec::with_capacity(declared as usize);
                file.take(cap + 1)
                    .read_to_end(&mut buf)
                    .map_err(|e| ReadError::Io(format!("cannot read zip entry: {e}")))?;
                if buf.len() as u64 > cap {
                    return Err(ReadError::TooLarge(buf.len() as u64));
                }
                Ok(buf)
            }
        }
    }

    /// Whether a listed file really lies inside the package (a symlink in a
    /// folder package may point elsewhere).
    pub fn check_inside(&self, rel: &str) -> Result<(), String> {
        let Backend::Dir { root } = &self.backend else {
            return Ok(());
        };
        if !self.entry(rel).is_some_and(|e| e.symlink) {
            // A pipe or a device would hang or mislead whoever opens it.
            return match std::fs::symlink_metadata(root.join(rel)) {
                Ok(m) if !m.is_file() => {
                    Err(format!("it is {}, not a file", crate::util::kind_of(&m)))
                }
                _ => Ok(()),
            };
        }
        match std::fs::canonicalize(root.join(rel)) {
            Ok(real) if !real.starts_with(root) => {
                Err("it is a symbolic link to a file outside the package".into())
            }
            _ => Ok(()),
        }
    }
}

/// The course packages directly inside a folder (folders holding
/// course.toml, and .zip files), sorted: what `--courses DIR` and
/// `slate check DIR` stand for when DIR is not itself a package.
pub fn packages_in(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                // A course.toml that is not a file (a pipe, a folder) still
                // makes a package, so that loading it says what is wrong.
                .filter(|p| p.join(MANIFEST).symlink_metadata().is_ok() || is_zip_name(p))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

fn is_zip_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

fn mtime_nanos(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// What the outline cache keeps of a folder package, to open it again
/// without listing its folders (each listing opens a folder).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Listing {
    root: PathBuf,
    entries: Vec<Entry>,
    /// Every folder holding a file, with its modification time: a file
    /// added, removed or renamed changes its folder's time.
    dirs: Vec<(String, u128)>,
}

impl Source {
    /// The listing of a folder package that opened without problems.
    pub fn listing(&self) -> Option<Listing> {
        let Backend::Dir { root } = &self.backend else {
            return None;
        };
        // A link's target can change without the link changing: packages
        // with links are always read in full.
        if !self.notes.is_empty() || self.entries.iter().any(|e| e.symlink) {
            return None;
        }
        let mut dirs: Vec<String> = vec![String::new()];
        for e in &self.entries {
            let mut p = e.path.as_str();
            while let Some((parent, _)) = p.rsplit_once('/') {
                dirs.push(parent.to_string());
                p = parent;
            }
        }
        dirs.sort();
        dirs.dedup();
        let dirs = dirs
            .into_iter()
            .map(|d| {
                let meta = std::fs::symlink_metadata(root.join(&d)).ok()?;
                Some((d, mtime_nanos(&meta)))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Listing {
            root: root.clone(),
            entries: self.entries.clone(),
            dirs,
        })
    }

    /// The folder package at `path` from its cached listing, if nothing in
    /// it has changed since: every folder and file has the same time (and
    /// files the same size). Only looks at inodes; opens nothing.
    pub fn from_listing(path: &Path, listing: Listing) -> Option<Source> {
        let root = std::fs::canonicalize(path).ok()?;
        if root != listing.root {
            return None;
        }
        // A sealed folder is opened in full, its seal read again.
        use super::seal::{MANIFEST_FILE, SIGNATURE_FILE};
        if root.join(MANIFEST_FILE).exists() || root.join(SIGNATURE_FILE).exists() {
            return None;
        }
        for (d, mtime) in &listing.dirs {
            let meta = std::fs::symlink_metadata(root.join(d)).ok()?;
            if !meta.is_dir() || mtime_nanos(&meta) != *mtime {
                return None;
            }
        }
        for e in &listing.entries {
            if e.symlink
                || e.path
                    .split('/')
                    .any(|c| c.is_empty() || c == "." || c == "..")
            {
                return None;
            }
            let meta = std::fs::symlink_metadata(root.join(&e.path)).ok()?;
            if !meta.is_file() || meta.len() != e.size || mtime_nanos(&meta) != e.mtime {
                return None;
            }
        }
        Some(Source {
            display: path.display().to_string(),
            backend: Backend::Dir { root },
            entries: listing.entries,
            notes: Vec::new(),
            seal: None,
        })
    }

    /// What a cached zip package is keyed by: the zip's place, size and time.
    pub fn zip_fingerprint(&self) -> Option<String> {
        use sha2::{Digest, Sha256};
        let Backend::Zip { .. } = &self.backend else {
            return None;
        };
        let path = std::fs::canonicalize(&self.display).ok()?;
        let meta = std::fs::metadata(&path).ok()?;
        let mut h = Sha256::new();
        h.update(path.to_string_lossy().as_bytes());
        h.update(meta.len().to_le_bytes());
        h.update(mtime_nanos(&meta).to_le_bytes());
        Some(crate::util::hex(&h.finalize()))
    }
}

/// Files the package walk never lists: editor and OS droppings that trainers
/// did not put there on purpose (`.DS_Store`, `__MACOSX/`, `.git/`).
fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name == "__MACOSX" || name == "Thumbs.db"
}

fn open_dir(path: &Path, display: String) -> Result<Source, Vec<Diagnostic>> {
    let root = std::fs::canonicalize(path).map_err(|e| {
        vec![Diagnostic::new(
            Code::PackageNotFound,
            display.clone(),
            format!("cannot open package: {}", io_reason(&e)),
        )]
    })?;
    let mut entries = Vec::new();
    let mut too_many = false;
    let mut too_deep = false;
    walk_dir(&root, "", 0, &mut entries, &mut too_many, &mut too_deep);
    if too_many {
        return Err(vec![
            Diagnostic::new(
                Code::TooManyFiles,
                display,
                format!("the package holds more than {MAX_FILES} files"),
            )
            .hint("is this really a course folder? Keep only the course's own files in it"),
        ]);
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let display = display.trim_end_matches('/').to_string();
    let notes: Vec<Diagnostic> = too_deep
        .then(|| deep_folders(&display))
        .into_iter()
        .collect();
    Ok(Source {
        display,
        backend: Backend::Dir { root },
        entries,
        notes,
        seal: None,
    })
}

fn walk_dir(
    root: &Path,
    prefix: &str,
    depth: usize,
    out: &mut Vec<Entry>,
    too_many: &mut bool,
    too_deep: &mut bool,
) {
    if depth > MAX_DIR_DEPTH {
        *too_deep = true;
        return;
    }
    if *too_many {
        return;
    }
    let Ok(rd) = std::fs::read_dir(root.join(prefix)) else {
        return;
    };
    for ent in rd.flatten() {
        let name = ent.file_name().to_string_lossy().into_owned();
        if is_ignored(&name) {
            continue;
        }
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        let Ok(ft) = ent.file_type() else { continue };
        if ft.is_dir() {
            walk_dir(root, &rel, depth + 1, out, too_many, too_deep);
        } else {
            // Symlinks are listed (so an unreached one is still reported) but
            // only read after checking where they point.
            let meta = ent.metadata().ok();
            out.push(Entry {
                path: rel,
                size: meta.as_ref().map_or(0, std::fs::Metadata::len),
                symlink: ft.is_symlink(),
                mtime: meta.as_ref().map_or(0, mtime_nanos),
            });
        }
        if out.len() > MAX_FILES {
            *too_many = true;
            return;
        }
    }
}

/// `root` is canonical and the walk never enters linked folders, so only a
/// file that is itself a link can lead outside.
fn read_dir_file(root: &Path, rel: &str, symlink: bool, cap: u64) -> Result<Vec<u8>, ReadError> {
    let mut real = root.join(rel);
    if symlink {
        real = std::fs::canonicalize(&real).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                ReadError::Outside("it is a broken symbolic link".into())
            }
            _ => ReadError::Io(io_reason(&e)),
        })?;
        if !real.starts_with(root) {
            return Err(ReadError::Outside(
                "it is a symbolic link to a file outside the package".into(),
            ));
        }
    }
    crate::util::read_regular(&real, cap).map_err(ReadError::from)
}

impl From<ReadFileError> for ReadError {
    fn from(e: ReadFileError) -> ReadError {
        match e {
            ReadFileError::NotAFile(what) => ReadError::NotAFile(what),
            ReadFileError::TooLarge(n) => ReadError::TooLarge(n),
            ReadFileError::Io(e) => ReadError::Io(io_reason(&e)),
        }
    }
}

fn list_embedded(dir: &Dir<'static>, base: &Path, out: &mut Vec<Entry>) {
    for f in dir.files() {
        if let Ok(rel) = f.path().strip_prefix(base) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            if !rel.split('/').any(is_ignored) {
                out.push(Entry {
                    path: rel,
                    size: f.contents().len() as u64,
                    symlink: false,
                    mtime: 0,
                });
            }
        }
    }
    for d in dir.dirs() {
        list_embedded(d, base, out);
    }
}

fn open_zip(path: &Path, display: String) -> Result<Source, Vec<Diagnostic>> {
    let zip_err = |msg: String| {
        vec![
            Diagnostic::new(Code::ZipInvalid, display.clone(), msg).hint(
                "re-create the archive with a standard zip tool, or check the folder instead",
            ),
        ]
    };
    let (file, _) =
        crate::util::open_regular(path).map_err(|e| zip_err(format!("cannot open: {e}")))?;
    let listed = central_directory_entries(&file);
    let mut archive = zip::ZipArchive::new(file)
        .map_err(|e| zip_err(format!("not a readable zip archive: {e}")))?;
    // The zip reader keeps one entry per name: an archive that lists a name
    // twice shows fewer entries than its directory counts.
    if listed.is_some_and(|n| n > archive.len()) {
        return Err(zip_err(
            "the archive lists a file twice, so which one is meant is unknown".into(),
        ));
    }
    if archive.len() > MAX_FILES {
        return Err(vec![
            Diagnostic::new(
                Code::TooManyFiles,
                display.clone(),
                format!(
                    "the archive holds {} entries; at most {MAX_FILES} are read",
                    archive.len()
                ),
            )
            .hint("keep only the course's own files in the archive"),
        ]);
    }

    let mut diags = Vec::new();
    let mut raw: Vec<(String, usize, u64)> = Vec::new();
    let mut total: u64 = 0;
    let mut too_deep = false;
    let (mut legacy_names, mut legacy_example) = (0usize, None::<String>);
    for i in 0..archive.len() {
        let Ok(f) = archive.by_index_raw(i) else {
            diags.extend(zip_err(format!("entry {i} cannot be read")));
            continue;
        };
        let raw_name = f.name_raw();
        let name = match f.name() {
            // A name marked as a legacy code page that is UTF-8 all the
            // same (some tools never set the flag) is read as UTF-8.
            Ok(n) if !raw_name.is_ascii() && n.as_bytes() != raw_name => {
                match std::str::from_utf8(raw_name) {
                    Ok(utf8) => utf8.replace('\\', "/"),
                    Err(_) => {
                        legacy_names += 1;
                        if legacy_example.is_none() {
                            legacy_example = Some(n.replace('\\', "/"));
                        }
                        n.replace('\\', "/")
                    }
                }
            }
            Ok(n) => n.replace('\\', "/"),
            Err(_) => {
                diags.extend(zip_err(format!("entry {i} has an unreadable name")));
                continue;
            }
        };
        if f.is_dir() {
            continue;
        }
        let in_package = format!("{display}/{name}");
        if f.is_symlink() {
            diags.push(
                Diagnostic::new(
                    Code::ZipInvalid,
                    in_package,
                    "symbolic links inside a zip package are not followed",
                )
                .hint("put the file itself in the archive instead of a link to it"),
            );
            continue;
        }
        if f.enclosed_name().is_none() || name.starts_with('/') {
            diags.push(
                Diagnostic::new(
                    Code::PathOutside,
                    in_package,
                    "this zip entry's path leads out of the package",
                )
                .hint("re-create the archive from the course folder itself"),
            );
            continue;
        }
        let size = f.size();
        let compressed = f.compressed_size().max(1);
        if size >= ZIP_RATIO_MIN_BYTES && size / compressed > MAX_ZIP_RATIO {
            diags.push(
                Diagnostic::new(
                    Code::ZipBomb,
                    in_package,
                    format!(
                        "entry expands {}x ({} bytes from {} bytes): refused as a zip bomb",
                        size / compressed,
                        size,
                        compressed
                    ),
                )
                .hint(format!(
                    "no real course file compresses more than {MAX_ZIP_RATIO}x; rebuild the archive from the course folder"
                )),
            );
            continue;
        }
        total = total.saturating_add(size);
        if name.split('/').any(is_ignored) {
            continue;
        }
        if name.split('/').count() > MAX_DIR_DEPTH + 2 {
            too_deep = true;
            continue;
        }
        raw.push((name, i, size));
    }
    if total > MAX_ZIP_TOTAL_BYTES {
        diags.push(
            Diagnostic::new(
                Code::ZipTooLarge,
                display.clone(),
                format!(
                    "the archive expands to {} MiB; at most {} MiB are accepted",
                    total / (1024 * 1024),
                    MAX_ZIP_TOTAL_BYTES / (1024 * 1024)
                ),
            )
            .hint("move large media out of the course package"),
        );
    }
    if !diags.is_empty() {
        return Err(diags);
    }

    // The course may sit at the archive root or inside one top-level folder.
    let prefix = if raw.iter().any(|(n, _, _)| n == MANIFEST) {
        String::new()
    } else {
        let tops: std::collections::BTreeSet<&str> = raw
            .iter()
            .filter_map(|(n, _, _)| n.split_once('/').map(|(t, _)| t))
            .collect();
        match tops.into_iter().collect::<Vec<_>>().as_slice() {
            [one]
                if raw
                    .iter()
                    .any(|(n, _, _)| *n == format!("{one}/{MANIFEST}")) =>
            {
                format!("{one}/")
            }
            _ => {
                return Err(vec![
                    Diagnostic::new(
                        Code::PackageNotFound,
                        display,
                        "no course.toml at the archive root or inside one top-level folder",
                    )
                    .hint("zip the course folder itself, with course.toml inside it"),
                ]);
            }
        }
    };
    let mut index = HashMap::new();
    let mut entries = Vec::new();
    for (name, i, size) in raw {
        if let Some(rel) = name.strip_prefix(&prefix) {
            index.insert(rel.to_string(), i);
            entries.push(Entry {
                path: rel.to_string(),
                size,
                symlink: false,
                mtime: 0,
            });
        }
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let mut notes: Vec<Diagnostic> = too_deep
        .then(|| deep_folders(&display))
        .into_iter()
        .collect();
    if let Some(example) = legacy_example {
        notes.push(
            Diagnostic::new(
                Code::ZipNames,
                display.clone(),
                format!(
                    "{legacy_names} file {} in this zip {} not in UTF-8 (an older zip tool wrote {} in a legacy code page), so {} cannot be matched with the course's links: {} reads as {}",
                    if legacy_names == 1 { "name" } else { "names" },
                    if legacy_names == 1 { "is" } else { "are" },
                    if legacy_names == 1 { "it" } else { "them" },
                    if legacy_names == 1 { "it" } else { "they" },
                    if legacy_names == 1 { "it" } else { "the first" },
                    crate::text::quote(&example),
                ),
            )
            .hint("make the zip again with a tool that writes UTF-8 names (7-Zip with the parameter `cu=on`, or Windows 11's Compress to ZIP file), or give Slate the course folder itself"),
        );
    }
    Ok(Source {
        display,
        backend: Backend::Zip {
            archive: Mutex::new(archive),
            index,
        },
        entries,
        notes,
        seal: None,
    })
}

/// How many entries a zip's central directory says it holds (its end
/// record's count; `None` where it cannot be read, or for Zip64).
fn central_directory_entries(file: &File) -> Option<usize> {
    use std::io::{Seek, SeekFrom};
    let mut f = file;
    let len = f.seek(SeekFrom::End(0)).ok()?;
    // The end record is 22 bytes, after at most a 64 KiB comment.
    let tail = len.min(22 + 65_535);
    f.seek(SeekFrom::Start(len - tail)).ok()?;
    let mut buf = Vec::with_capacity(tail as usize);
    f.take(tail).read_to_end(&mut buf).ok()?;
    f.seek(SeekFrom::Start(0)).ok()?;
    let at = buf.windows(4).rposition(|w| w == b"PK\x05\x06")?;
    let count = buf.get(at + 10..at + 12)?;
    let n = u16::from_le_bytes([*count.first()?, *count.get(1)?]);
    (n != u16::MAX).then_some(usize::from(n))
}

/// The note for a package whose folders nest past the limit (the files
/// below it are left out of the listing).
fn deep_folders(display: &str) -> Diagnostic {
    Diagnostic::new(
        Code::NestingTooDeep,
        display.to_string(),
        format!("folders nest more than {MAX_DIR_DEPTH} deep; files below that are not read"),
    )
    .hint("keep lessons and assets within a few folder levels")
}

/// Resolves a path written in the package (an item in `course.toml`, a link
/// in a lesson) against the folder of the file that wrote it, lexically.
/// Returns the normalised package path, or why it is not allowed.
pub fn resolve(base_dir: &str, written: &str) -> Result<String, String> {
    if written.starts_with('/') || written.starts_with('\\') {
        return Err("it is an absolute path".into());
    }
    if let [drive, b':', ..] = written.as_bytes()
        && drive.is_ascii_alphabetic()
    {
        return Err("it is an absolute (drive letter) path".into());
    }
    if written.contains('\\') {
        return Err("it uses `\\`; package paths use `/` as separator".into());
    }
    let mut parts: Vec<&str> = base_dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in written.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("it leads out of the package with `..`".into());
                }
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err("it names the package folder itself, not a file".into());
    }
    Ok(parts.join("/"))
}

/// The folder part of a package path (`lessons/a.md` -> `lessons`).
pub fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_stays_inside() {
        assert_eq!(
            resolve("lessons", "../assets/a.png").as_deref(),
            Ok("assets/a.png")
        );
        assert_eq!(resolve("", "lessons/./a.md").as_deref(), Ok("lessons/a.md"));
        assert!(resolve("lessons", "../../etc/passwd").is_err());
        assert!(resolve("", "/etc/passwd").is_err());
        assert!(resolve("", "C:/Windows/win.ini").is_err());
        assert!(resolve("", "lessons\\a.md").is_err());
        assert!(resolve("lessons", "..").is_err());
    }

    #[test]
    fn bundled_courses_are_embedded() {
        let all = Source::bundled();
        assert!(!all.is_empty());
        assert!(all.iter().all(|s| s.contains(MANIFEST)));
    }
}
