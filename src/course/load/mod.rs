//! Loading a whole package: the manifest, every item, every translation,
//! then the checks that need all of them (ids, languages, reachability).
//! An error confined to one item closes that item (it is listed as
//! [`Unavailable`](super::model::Unavailable)); only an error in the
//! course itself (course.toml, the package as a whole) yields no course,
//! only diagnostics.

mod items;

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::controls::{is_bidi_control, is_forbidden_control};
use super::diagnostic::{Code, Diagnostic};
use super::lesson::split_front_matter;
use super::limits::{MAX_LESSON_BYTES, MAX_SAME_DIAGNOSTICS, MAX_TOML_BYTES};
use super::manifest::{self, Manifest};
use super::model::{Course, ItemKind, Module};
use super::quiz;
use super::source::{MANIFEST, ReadError, Source};
use super::toml_read::{FileCtx, TextTable};
use crate::text::nfc;
use items::{ItemDraft, load_items};

/// The outcome of loading a package: the course if its structure could be
/// read (items with errors in it unavailable), and every problem found
/// (warnings included) either way.
#[derive(Debug)]
pub struct Loaded {
    pub course: Option<Course>,
    pub diagnostics: Vec<Diagnostic>,
    /// The package's own files: course.toml and every file something in
    /// the course reaches, sorted; `None` when that is not known (the
    /// course did not load, or a lesson that may link files could not be
    /// read). What `slate pack` keeps.
    pub files: Option<Vec<String>>,
}

impl Loaded {
    /// Errors found, those counted but not listed one by one included.
    pub fn errors(&self) -> usize {
        super::diagnostic::tally(&self.diagnostics).0
    }

    pub fn warnings(&self) -> usize {
        super::diagnostic::tally(&self.diagnostics).1
    }

    /// Why the course cannot be opened, on one line (the first error),
    /// when it cannot.
    pub fn closed_reason(&self) -> Option<String> {
        if self.course.is_some() {
            return None;
        }
        let d = self
            .diagnostics
            .iter()
            .find(|d| d.closes_course)
            .or_else(|| self.diagnostics.iter().find(|d| d.is_error()))?;
        Some(crate::text::one_line(&d.message).into_owned())
    }
}

/// Opens and loads the package at `path` (folder or zip).
pub fn load_path(path: &Path) -> (Option<Source>, Loaded) {
    match Source::open(path) {
        Ok(source) => {
            let loaded = load(&source);
            (Some(source), loaded)
        }
        Err(diagnostics) => (
            None,
            Loaded {
                course: None,
                diagnostics,
                files: None,
            },
        ),
    }
}

/// Everything the checks gather while reading the files of one package.
struct Run<'a> {
    source: &'a Source,
    /// Files read so far, for a progress bar on long checks.
    read_count: &'a AtomicUsize,
    diags: Vec<Diagnostic>,
    languages: BTreeSet<String>,
    /// (file name index, table) for every text table read.
    text_tables: Vec<(u32, TextTable)>,
    lang_sets: Vec<Vec<String>>,
    files: Vec<String>,
    reached: HashSet<String>,
    default_language: String,
    /// course.toml's `format`.
    package_format: i64,
    /// A lesson could not be read, so what its links reach is unknown.
    unread_lesson: bool,
    /// The languages a file name's suffix may name to be a translation.
    known: crate::course::translations::KnownLanguages,
    /// Every translation file, by the file it translates.
    translations: std::sync::Arc<crate::course::translations::TranslationIndex>,
}

impl Run<'_> {
    fn absorb(&mut self, mut ctx: FileCtx<'_>) {
        self.diags.extend(ctx.take_diags());
        self.languages.extend(ctx.languages);
        if ctx.text_tables.is_empty() {
            return;
        }
        let file = self.files.len() as u32;
        self.files.push(ctx.file);
        let remap: Vec<u32> = ctx
            .lang_sets
            .into_iter()
            .map(|set| self.intern_set(set))
            .collect();
        for mut t in ctx.text_tables {
            if let Some(&set) = remap.get(t.set as usize) {
                t.set = set;
                self.text_tables.push((file, t));
            }
        }
    }

    /// Reads a file as UTF-8, reporting size, encoding and I/O problems.
    /// `Err(true)` means the file does not exist (the caller reports that
    /// where the file was named); `Err(false)` that a problem was reported.
    fn read_text(&mut self, rel: &str, cap: u64) -> Result<String, bool> {
        self.read_count.fetch_add(1, Ordering::Relaxed);
        let file = self.source.file_name(rel);
        let bytes = match self.source.read(rel, cap) {
            Ok(b) => b,
            Err(ReadError::Missing) => return Err(true),
            Err(ReadError::TooLarge(n)) => {
                self.diags.push(
                    Diagnostic::new(
                        Code::FileTooLarge,
                        file,
                        format!(
                            "the file is {} bytes; at most {} MiB is read",
                            n,
                            cap / (1024 * 1024)
                        ),
                    )
                    .hint(if cap == MAX_LESSON_BYTES {
                        "split the lesson into several lessons, and keep media in separate files"
                    } else {
                        "this file is far larger than any course needs; split it up"
                    }),
                );
                return Err(false);
            }
            Err(ReadError::Outside(why)) => {
                self.diags.push(
                    Diagnostic::new(Code::PathOutside, file, format!("not read: {why}"))
                        .hint("put the file itself in the package instead of a link to it"),
                );
                return Err(false);
            }
            Err(ReadError::NotAFile(what)) => {
                self.diags.push(
                    Diagnostic::new(
                        Code::ReadError,
                        file,
                        format!("not read: it is {what}, not a file"),
                    )
                    .hint("put the file itself in the package; Slate reads only regular files"),
                );
                return Err(false);
            }
            Err(ReadError::Io(why)) => {
                self.diags.push(
                    Diagnostic::new(
                        Code::ReadError,
                        file,
                        format!("cannot read the file: {why}"),
                    )
                    .hint("check that the drive is still connected and the file can be opened"),
                );
                return Err(false);
            }
        };
        match String::from_utf8(bytes) {
            Ok(s) => Ok(crate::text::unix_line_ends(s)),
            Err(e) => {
                let bytes = e.as_bytes();
                let good = e.utf8_error().valid_up_to();
                let prefix = bytes
                    .get(..good)
                    .and_then(|b| std::str::from_utf8(b).ok())
                    .unwrap_or("");
                let ctx = FileCtx::new(file.clone(), prefix, &self.default_language);
                let (line, col) = ctx.position(good);
                let guess = crate::course::encoding::guess(bytes);
                let d = Diagnostic::new(
                    Code::InvalidUtf8,
                    file,
                    format!(
                        "the file is not valid UTF-8 (byte 0x{:02X}): {}",
                        bytes.get(good).copied().unwrap_or_default(),
                        guess.what()
                    ),
                )
                .hint(crate::course::encoding::HOW_TO_SAVE_UTF8);
                // A UTF-16 file's place is meaningless read as bytes.
                self.diags
                    .push(if guess.is_utf16() { d } else { d.at(line, col) });
                Err(false)
            }
        }
    }
}

impl Run<'_> {
    /// Reads a text file for checking: its control characters reported
    /// (warnings) and blanked, so that the checks read on. Returns the
    /// text and what was reported, for the file's own context to adopt.
    fn read_checked(
        &mut self,
        rel: &str,
        cap: u64,
        what: &str,
    ) -> Result<(String, Vec<Diagnostic>), bool> {
        let text = self.read_text(rel, cap)?;
        // Most files have none: a scan of the bytes, no line table.
        if super::controls::first_forbidden_control(&text).is_none() {
            return Ok((text, Vec::new()));
        }
        let mut pre = FileCtx::new(self.source.file_name(rel), &text, &self.default_language);
        let Some(blanked) = crate::course::controls::report_and_blank(&mut pre, what) else {
            return Ok((text, Vec::new()));
        };
        let diags = pre.take_diags();
        Ok((blanked, diags))
    }
}

/// Loads and checks every file of an opened package.
pub fn load(source: &Source) -> Loaded {
    load_counting(source, &AtomicUsize::new(0))
}

/// [`load`], adding one to `read_count` for every file read.
pub fn load_counting(source: &Source, read_count: &AtomicUsize) -> Loaded {
    let mut run = Run {
        source,
        read_count,
        diags: Vec::new(),
        languages: BTreeSet::new(),
        text_tables: Vec::new(),
        lang_sets: Vec::new(),
        files: Vec::new(),
        reached: HashSet::from([MANIFEST.to_string()]),
        default_language: "en".into(),
        package_format: 1,
        unread_lesson: false,
        known: Default::default(),
        translations: Default::default(),
    };
    run.diags.extend(source.notes().iter().cloned());
    check_file_names(&mut run);
    let (manifest_src, manifest_pre) =
        match run.read_checked(MANIFEST, MAX_TOML_BYTES, "course.toml") {
            Ok(s) => s,
            Err(missing) => {
                if missing {
                    run.diags.push(
                        Diagnostic::new(
                            Code::PackageNotFound,
                            source.file_name(""),
                            "no course.toml in this folder: it is not a course package",
                        )
                        .hint("a course package is a folder with course.toml at its top"),
                    );
                }
                return Loaded {
                    course: None,
                    diagnostics: run.diags,
                    files: None,
                };
            }
        };
    // Windows paths whose `\` starts no TOML escape would be a syntax error
    // closing the course: each is read with `/` and closes its item only.
    let patched = crate::course::toml_hints::windows_path_escapes(&manifest_src);
    let mut manifest_src = manifest_src;
    for &at in &patched {
        manifest_src.replace_range(at..at + 1, "/");
    }
    let mut mctx = FileCtx::new(source.file_name(MANIFEST), &manifest_src, "en");
    mctx.adopt(manifest_pre);
    mctx.patched = patched;
    let Some(m) = manifest::check(&mut mctx) else {
        run.absorb(mctx);
        return Loaded {
            course: None,
            diagnostics: run.diags,
            files: None,
        };
    };
    run.default_language = mctx.default_language.clone();
    run.package_format = m.format;
    // Errors so far leave the course itself in doubt (its identity, its
    // modules, how it is completed); those found from here on are each
    // confined to one item, which they close.
    let structural = run.errors() + mctx.errors();
    for d in run.diags.iter_mut().chain(mctx.diags.iter_mut()) {
        d.closes_course = d.is_error();
    }
    run.known = crate::course::translations::KnownLanguages::new(
        std::iter::once(run.default_language.clone()).chain(mctx.languages.iter().cloned()),
    );
    run.translations = std::sync::Arc::new(crate::course::translations::TranslationIndex::new(
        source, &run.known,
    ));

    let items = load_items(&mut run, &mut mctx, &m.modules);
    run.absorb(mctx);
    translation_warnings(&mut run, &items);
    // A linked file's translations (`assets/checklist.lo.txt` beside
    // `assets/checklist.txt`) are reached with it.
    let siblings: Vec<String> = source
        .entries()
        .iter()
        .filter(|e| {
            crate::course::translations::translated_from(&e.path)
                .is_some_and(|(base, tag)| run.known.contains(&tag) && run.reached.contains(&base))
        })
        .map(|e| e.path.clone())
        .collect();
    run.reached.extend(siblings);
    // A file whose name a legacy zip tool mangled was said once already.
    let legacy = source.has_legacy_names();
    let unreached = source
        .entries()
        .iter()
        .filter(|e| !legacy || e.path.is_ascii())
        .filter(|e| !run.unread_lesson && !run.reached.contains(&e.path));
    let mut more = 0;
    for (n, e) in unreached.enumerate() {
        // Each is a file of its own, but one stray folder can hold
        // thousands: the first ones are named, the rest counted.
        if n >= MAX_SAME_DIAGNOSTICS {
            more += 1;
            continue;
        }
        // `intro.bak.md` beside a lesson: a copy left behind, whose
        // suffix is no language the course uses.
        let copy_of = crate::course::translations::translated_from(&e.path)
            .filter(|(base, _)| run.reached.contains(base));
        run.diags.push(match copy_of {
            Some((base, tag)) => Diagnostic::new(
                Code::UnreachableFile,
                source.file_name(&e.path),
                format!(
                    "this file looks like a copy of `{base}`, not a translation: `{tag}` is not a language of this course"
                ),
            )
            .hint(format!(
                "remove it from the package; a translation's suffix is a language the course's titles use (e.g. `{}`)",
                crate::course::translations::example_name(&base, &run.known.example(&run.default_language))
            )),
            None => Diagnostic::new(Code::UnreachableFile, source.file_name(&e.path), "nothing in the course reaches this file")
                .hint("list it in a module's `items`, link to it from a lesson, or remove it from the package"),
        });
    }
    if more > 0 {
        let mut d = Diagnostic::new(
            Code::UnreachableFile,
            source.file_name(""),
            format!("and {more} more files that nothing in the course reaches (the first {MAX_SAME_DIAGNOSTICS} are listed)"),
        )
        .hint("remove stray folders from the package, or link their files from a lesson");
        d.stands_for = more;
        run.diags.push(d);
    }

    in_file_order(&mut run.diags);
    let course = (structural == 0 && !m.modules.is_empty())
        .then(|| build(&run, m, items))
        .flatten();
    let files = (course.is_some() && !run.unread_lesson).then(|| {
        source
            .entries()
            .iter()
            .filter(|e| run.reached.contains(&e.path))
            .map(|e| e.path.clone())
            .collect()
    });
    Loaded {
        course,
        diagnostics: run.diags,
        files,
    }
}

/// Each file's problems together and in the order of its lines (the file
/// first named first), wherever the checks found them: course.toml's item
/// entries are checked after its own fields, and ids after every file.
fn in_file_order(diags: &mut [Diagnostic]) {
    let mut first: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, d) in diags.iter().enumerate() {
        first.entry(d.file.clone()).or_insert(i);
    }
    diags.sort_by_key(|d| {
        (
            first.get(&d.file).copied().unwrap_or(usize::MAX),
            d.stands_for > 1,
            d.line,
            d.column,
        )
    });
}

impl<'a> Run<'a> {
    fn errors(&self) -> usize {
        self.diags.iter().filter(|d| d.is_error()).count()
    }

    /// An empty run over the same package, for a worker thread.
    fn fork(&self) -> Run<'a> {
        Run {
            source: self.source,
            read_count: self.read_count,
            diags: Vec::new(),
            languages: BTreeSet::new(),
            text_tables: Vec::new(),
            lang_sets: Vec::new(),
            files: Vec::new(),
            reached: HashSet::new(),
            default_language: self.default_language.clone(),
            package_format: self.package_format,
            unread_lesson: false,
            known: self.known.clone(),
            translations: self.translations.clone(),
        }
    }

    /// Takes in what a worker found, renumbering its files and language sets.
    fn merge(&mut self, sub: Run<'_>) {
        self.diags.extend(sub.diags);
        self.languages.extend(sub.languages);
        self.reached.extend(sub.reached);
        self.unread_lesson |= sub.unread_lesson;
        let file_base = self.files.len() as u32;
        self.files.extend(sub.files);
        let remap: Vec<u32> = sub
            .lang_sets
            .into_iter()
            .map(|set| self.intern_set(set))
            .collect();
        for (file, mut t) in sub.text_tables {
            if let Some(&set) = remap.get(t.set as usize) {
                t.set = set;
                self.text_tables.push((file + file_base, t));
            }
        }
    }

    fn intern_set(&mut self, set: Vec<String>) -> u32 {
        match self.lang_sets.iter().position(|s| *s == set) {
            Some(i) => i as u32,
            None => {
                self.lang_sets.push(set);
                self.lang_sets.len() as u32 - 1
            }
        }
    }
}

/// File names a terminal would take as commands (control characters) or
/// that read otherwise than written (bidirectional controls).
fn check_file_names(run: &mut Run<'_>) {
    let source = run.source;
    let (mut controls, mut bidi) = (0, 0);
    for e in source.entries() {
        let file = source.file_name(&e.path);
        if let Some(c) = e.path.chars().find(|&c| is_forbidden_control(c)) {
            controls += 1;
            if controls <= MAX_SAME_DIAGNOSTICS {
                run.diags.push(
                    Diagnostic::new(
                        Code::ControlCharacter,
                        file,
                        format!("the file name contains the control character U+{:04X}", c as u32),
                    )
                    .hint("rename the file; control characters could take over the learner's terminal"),
                );
            }
        } else if let Some(c) = e.path.chars().find(|&c| is_bidi_control(c)) {
            bidi += 1;
            if bidi <= MAX_SAME_DIAGNOSTICS {
                run.diags.push(
                    Diagnostic::new(
                        Code::BidiControl,
                        file,
                        format!(
                            "the file name contains the bidirectional control U+{:04X}, which can make it read in another order than it is written",
                            c as u32
                        ),
                    )
                    .hint("rename the file without it"),
                );
            }
        }
    }
    for (code, n) in [
        (Code::ControlCharacter, controls),
        (Code::BidiControl, bidi),
    ] {
        if n > MAX_SAME_DIAGNOSTICS {
            run.diags.push(super::toml_read::more_like_this(
                code,
                &source.file_name(""),
                n - MAX_SAME_DIAGNOSTICS,
            ));
        }
    }
}

fn translation_warnings(run: &mut Run<'_>, items: &[ItemDraft]) {
    let default = run.default_language.clone();
    let others: Vec<String> = run
        .languages
        .iter()
        .filter(|l| !l.eq_ignore_ascii_case(&default))
        .cloned()
        .collect();
    if others.is_empty() {
        return;
    }
    let mut warnings = Vec::new();
    for d in items {
        let ItemKind::Lesson(lesson) = &d.item.kind else {
            continue;
        };
        for lang in &others {
            if !lesson
                .translations
                .iter()
                .any(|(l, _)| l.eq_ignore_ascii_case(lang))
            {
                let base = &d.item.path[..d.item.path.len() - ".md".len()];
                warnings.push(
                    Diagnostic::new(
                        Code::MissingTranslation,
                        run.source.file_name(&d.item.path),
                        format!("this lesson has no `{lang}` translation, though other parts of the course are in `{lang}`"),
                    )
                    .hint(format!("add `{base}.{lang}.md`")),
                );
            }
        }
    }
    for (file, t) in &run.text_tables {
        let Some(set) = run.lang_sets.get(t.set as usize) else {
            continue;
        };
        for lang in &others {
            if !set.iter().any(|l| l.eq_ignore_ascii_case(lang)) {
                warnings.push(
                    Diagnostic::new(
                        Code::MissingTranslation,
                        run.files.get(*file as usize).cloned().unwrap_or_default(),
                        format!("`{}` has no `{lang}` text, though other parts of the course are in `{lang}`", t.key),
                    )
                    .at(t.line, t.column)
                    .hint(format!("add `{lang} = \"...\"` to the table")),
                );
            }
        }
    }
    run.diags.extend(warnings);
}

fn build(run: &Run<'_>, m: Manifest, drafts: Vec<ItemDraft>) -> Option<Course> {
    let mut languages = vec![run.default_language.clone()];
    languages.extend(
        run.languages
            .iter()
            .filter(|l| !l.eq_ignore_ascii_case(&run.default_language))
            .cloned(),
    );
    let mut modules: Vec<Module> = m
        .modules
        .into_iter()
        .map(|md| Module {
            id: md.id,
            title: md.title,
            items: Vec::new(),
        })
        .collect();
    let mut items = Vec::with_capacity(drafts.len());
    for (i, d) in drafts.into_iter().enumerate() {
        modules.get_mut(d.module)?.items.push(i);
        items.push(d.item);
    }
    Some(Course {
        id: m.id?,
        version: m.version?,
        language: run.default_language.clone(),
        languages,
        title: m.title?,
        summary: m.summary,
        authors: m.authors,
        license: m.license,
        minutes: m.minutes,
        completion: m.completion,
        credential: m.credential,
        modules,
        items,
    })
}

/// A lesson's Markdown body (front matter removed), NFC-normalised, read
/// from the package when the learner opens it.
pub fn lesson_body(source: &Source, rel: &str) -> Result<String, ReadError> {
    let bytes = source.read(rel, MAX_LESSON_BYTES)?;
    let text = crate::text::unix_line_ends(String::from_utf8_lossy(&bytes).into_owned());
    let split = split_front_matter(&text);
    Ok(nfc(&text[split.body..]))
}

/// Why a quiz's questions could not be read when it was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuizReadError {
    /// The file could not be read (a pulled stick, a permission).
    Read(ReadError),
    /// The file is not what was checked when the course was opened.
    Changed,
}

impl std::fmt::Display for QuizReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QuizReadError::Read(e) => e.fmt(f),
            QuizReadError::Changed => {
                f.write_str("the quiz file changed since the course was checked; run `slate check` on the course")
            }
        }
    }
}

/// A quiz's questions, read from the package when the learner opens a quiz
/// whose outline came from the cache. The file was checked when the cache
/// was written and has not changed since (same size and time), so any
/// problem now means it changed underneath: the error says so.
pub fn quiz_body(
    source: &Source,
    rel: &str,
    default_language: &str,
) -> Result<super::model::Quiz, QuizReadError> {
    let bytes = source.read(rel, MAX_TOML_BYTES).map_err(|e| match e {
        ReadError::Io(_) => QuizReadError::Read(e),
        ReadError::Missing
        | ReadError::Outside(_)
        | ReadError::TooLarge(_)
        | ReadError::NotAFile(_) => QuizReadError::Changed,
    })?;
    let text =
        crate::text::unix_line_ends(String::from_utf8(bytes).map_err(|_| QuizReadError::Changed)?);
    // Control characters were warnings when it was checked: read as then.
    let mut pre = FileCtx::new(source.file_name(rel), &text, default_language);
    let text = crate::course::controls::report_and_blank(&mut pre, "").unwrap_or(text);
    let mut ctx = FileCtx::new(source.file_name(rel), &text, default_language);
    let info = quiz::check(&mut ctx);
    let errors = ctx.diags.iter().filter(|d| d.is_error()).count();
    match info.quiz {
        Some(quiz) if errors == 0 => Ok(quiz),
        Some(_) | None => Err(QuizReadError::Changed),
    }
}
