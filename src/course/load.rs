//! Loading a whole package: the manifest, every item, every translation,
//! then the checks that need all of them (ids, languages, reachability).
//! A package with any error yields no course, only diagnostics.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::diagnostic::{Code, Diagnostic};
use super::lesson::{self, split_front_matter};
use super::limits::{MAX_LESSON_BYTES, MAX_SAME_DIAGNOSTICS, MAX_TOML_BYTES};
use super::manifest::{self, Manifest, ModuleDraft, valid_id};
use super::model::{Course, Item, ItemKind, Lesson, Module, Text};
use super::quiz;
use super::source::{self, MANIFEST, ReadError, Source};
use super::toml_read::{FileCtx, TextTable, did_you_mean, is_bidi_control, is_forbidden_control};
use crate::text::nfc;

/// The outcome of loading a package: the course if nothing was wrong, and
/// every problem found (warnings included) either way.
#[derive(Debug)]
pub struct Loaded {
    pub course: Option<Course>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
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
    /// A lesson could not be read, so what its links reach is unknown.
    unread_lesson: bool,
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
            Ok(s) => Ok(s),
            Err(e) => {
                let bytes = e.as_bytes();
                let good = e.utf8_error().valid_up_to();
                let prefix = bytes
                    .get(..good)
                    .and_then(|b| std::str::from_utf8(b).ok())
                    .unwrap_or("");
                let ctx = FileCtx::new(file.clone(), prefix, &self.default_language);
                let (line, col) = ctx.position(good);
                self.diags.push(
                    Diagnostic::new(
                        Code::InvalidUtf8,
                        file,
                        format!(
                            "the file is not valid UTF-8 (byte 0x{:02X})",
                            bytes.get(good).copied().unwrap_or_default()
                        ),
                    )
                    .at(line, col)
                    .hint("save the file with UTF-8 encoding in your editor"),
                );
                Err(false)
            }
        }
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
        unread_lesson: false,
    };
    run.diags.extend(source.notes().iter().cloned());
    check_file_names(&mut run);
    let manifest_src = match run.read_text(MANIFEST, MAX_TOML_BYTES) {
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
            };
        }
    };
    let mut mctx = FileCtx::new(source.file_name(MANIFEST), &manifest_src, "en");
    let Some(m) = manifest::check(&mut mctx) else {
        run.absorb(mctx);
        return Loaded {
            course: None,
            diagnostics: run.diags,
        };
    };
    run.default_language = mctx.default_language.clone();

    let items = load_items(&mut run, &mut mctx, &m.modules);
    run.absorb(mctx);
    translation_warnings(&mut run, &items);
    // A linked file's translations (`assets/checklist.lo.txt` beside
    // `assets/checklist.txt`) are reached with it.
    let siblings: Vec<String> = source
        .entries()
        .iter()
        .filter(|e| {
            super::translations::translated_from(&e.path)
                .is_some_and(|(base, _)| run.reached.contains(&base))
        })
        .map(|e| e.path.clone())
        .collect();
    run.reached.extend(siblings);
    let unreached = source
        .entries()
        .iter()
        .filter(|e| !run.unread_lesson && !run.reached.contains(&e.path));
    let mut more = 0;
    for (n, e) in unreached.enumerate() {
        // Each is a file of its own, but one stray folder can hold
        // thousands: the first ones are named, the rest counted.
        if n >= MAX_SAME_DIAGNOSTICS {
            more += 1;
            continue;
        }
        run.diags.push(
            Diagnostic::new(Code::UnreachableFile, source.file_name(&e.path), "nothing in the course reaches this file")
                .hint("list it in a module's `items`, link to it from a lesson, or remove it from the package"),
        );
    }
    if more > 0 {
        run.diags.push(
            Diagnostic::new(
                Code::UnreachableFile,
                source.file_name(""),
                format!("and {more} more files that nothing in the course reaches (the first {MAX_SAME_DIAGNOSTICS} are listed)"),
            )
            .hint("remove stray folders from the package, or link their files from a lesson"),
        );
    }

    let course = (run.errors() == 0).then(|| build(&run, m, items)).flatten();
    Loaded {
        course,
        diagnostics: run.diags,
    }
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
            unread_lesson: false,
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

/// An item as read, and the module it belongs to.
struct ItemDraft {
    item: Item,
    module: usize,
}

/// An item named in the manifest whose path passed the checks, to be read.
struct Planned {
    path: String,
    is_lesson: bool,
    module: usize,
    span: std::ops::Range<usize>,
}

/// An item file as read: its id (and where the file wrote it, if it did),
/// and its content if that had no errors. Ids are checked either way.
struct Draft {
    id: String,
    id_span: Option<std::ops::Range<usize>>,
    kind: Option<ItemKind>,
}

type ReadItem = Option<Draft>;

fn load_items(
    run: &mut Run<'_>,
    mctx: &mut FileCtx<'_>,
    modules: &[ModuleDraft],
) -> Vec<ItemDraft> {
    let planned = plan_items(run.source, mctx, modules);
    // The manifest's own problems read first, before those of its items.
    run.diags.extend(mctx.take_diags());
    for p in &planned {
        run.reached.insert(p.path.clone());
    }
    let read = read_items(run, &planned);

    let mut out: Vec<ItemDraft> = Vec::new();
    let mut ids: HashMap<String, String> = HashMap::new();
    for (p, draft) in planned.iter().zip(read) {
        let Some(Draft { id, id_span, kind }) = draft else {
            continue;
        };
        let path = &p.path;
        if !valid_id(&id) {
            // An id written in the file was reported there already.
            if id_span.is_none() {
                let d = Diagnostic::new(
                    Code::BadId,
                    mctx.file.clone(),
                    format!(
                        "the file name of `{path}` gives the item id `{id}`, which is not valid"
                    ),
                );
                let (line, col) = mctx.position(p.span.start);
                run.diags.push(d.at(line, col).hint(if p.is_lesson {
                    "rename the file, or set `id = \"...\"` (lowercase letters, digits, `-`) in its front matter"
                } else {
                    "rename the file, or set `id = \"...\"` (lowercase letters, digits, `-`) in the quiz"
                }));
            }
            continue;
        }
        if let Some(first) = ids.get(&id) {
            let msg = format!("item id `{}` is already used by `{first}`", id);
            let hint =
                "ids identify progress across versions: give each lesson and quiz its own id";
            let d = match id_span {
                Some(span) => {
                    let text = run.read_text(path, MAX_LESSON_BYTES).unwrap_or_default();
                    let ctx =
                        FileCtx::new(run.source.file_name(path), &text, &run.default_language);
                    ctx.diag_abs(Code::DuplicateId, span, msg)
                }
                None => mctx.diag(Code::DuplicateId, p.span.clone(), msg),
            };
            run.diags.push(d.hint(hint));
            continue;
        }
        ids.insert(id.clone(), path.clone());
        if let Some(kind) = kind {
            let item = Item {
                id,
                path: path.clone(),
                kind,
            };
            out.push(ItemDraft {
                item,
                module: p.module,
            });
        }
    }
    out
}

/// Checks the item paths of every module, reporting into the manifest.
fn plan_items(source: &Source, mctx: &mut FileCtx<'_>, modules: &[ModuleDraft]) -> Vec<Planned> {
    let mut out = Vec::new();
    let mut paths = HashSet::new();
    let (mut lesson_names, mut quiz_names) = (None, None);
    for (mi, module) in modules.iter().enumerate() {
        for r in &module.items {
            let path = match source::resolve("", &r.path) {
                Ok(p) => p,
                Err(why) => {
                    mctx.report(
                        Code::PathOutside,
                        r.span.clone(),
                        format!("the item `{}` is not allowed: {why}", r.path),
                        "write paths relative to the package folder, with `/`, e.g. `lessons/intro.md`",
                    );
                    continue;
                }
            };
            if !paths.insert(path.clone()) {
                mctx.report(
                    Code::DuplicateId,
                    r.span.clone(),
                    format!("`{path}` is listed twice in the course"),
                    "each lesson or quiz may appear once; remove the second entry",
                );
                continue;
            }
            let is_lesson = path.ends_with(".md");
            if !is_lesson && !path.ends_with(".toml") || path == MANIFEST {
                mctx.report(
                    Code::BadItem,
                    r.span.clone(),
                    format!("`{path}` is neither a lesson (.md) nor a quiz (.toml)"),
                    "items are Markdown lessons or TOML quizzes; link other files from a lesson",
                );
                continue;
            }
            if !source.contains(&path) {
                let names = if is_lesson {
                    lesson_names.get_or_insert_with(|| names_ending(source, ".md"))
                } else {
                    quiz_names.get_or_insert_with(|| names_ending(source, ".toml"))
                };
                // Suggestions only for the mistakes that are listed: the
                // search costs every file of the package each time.
                let suggestion = mctx
                    .listing(Code::MissingFile)
                    .then(|| did_you_mean(&path, names))
                    .flatten();
                let hint = match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => {
                        "check the path; it is relative to the folder holding course.toml".into()
                    }
                };
                mctx.report(
                    Code::MissingFile,
                    r.span.clone(),
                    format!("`{path}` does not exist in the package"),
                    hint,
                );
                continue;
            }
            out.push(Planned {
                path,
                is_lesson,
                module: mi,
                span: r.span.clone(),
            });
        }
    }
    out
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

/// The package's files whose names end in `ext`, for suggestions.
fn names_ending<'s>(source: &'s Source, ext: &str) -> Vec<&'s str> {
    source
        .entries()
        .iter()
        .map(|e| e.path.as_str())
        .filter(|p| p.ends_with(ext))
        .collect()
}

/// Reads and checks the planned items, on every core: each thread takes a
/// contiguous share and gathers its own diagnostics, merged back in order
/// so the report reads the same whatever the number of threads.
fn read_items(run: &mut Run<'_>, planned: &[Planned]) -> Vec<ReadItem> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    let chunk = planned.len().div_ceil(threads).max(64);
    let read_chunk = |part: &[Planned]| {
        let mut sub = run.fork();
        let items: Vec<ReadItem> = part
            .iter()
            .map(|p| {
                if p.is_lesson {
                    read_lesson(&mut sub, &p.path)
                } else {
                    read_quiz(&mut sub, &p.path)
                }
            })
            .collect();
        (sub, items)
    };
    let results: Vec<(Run<'_>, Vec<ReadItem>)> = if planned.len() <= chunk {
        vec![read_chunk(planned)]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = planned
                .chunks(chunk)
                .map(|part| scope.spawn(move || read_chunk(part)))
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        })
    };
    let mut out = Vec::with_capacity(planned.len());
    for (sub, items) in results {
        run.merge(sub);
        out.extend(items);
    }
    out
}

fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

/// Returns the item and, if the id was written in the file, its span there.
fn read_lesson(run: &mut Run<'_>, path: &str) -> ReadItem {
    // Checked as written; titles are normalised as they are taken, the body
    // when a learner opens the lesson (`lesson_body`).
    let translations_found = super::translations::translation_files(run.source, path);
    run.reached
        .extend(translations_found.iter().map(|(_, p)| p.clone()));
    let Ok(text) = run.read_text(path, MAX_LESSON_BYTES) else {
        run.unread_lesson = true;
        return None;
    };
    let mut ctx = FileCtx::new(run.source.file_name(path), &text, &run.default_language);
    let info = lesson::check(&mut ctx, run.source, path);
    let errors = ctx.diags.iter().any(|d| d.is_error());
    if info.title.is_none() && !errors {
        ctx.push(
            Diagnostic::new(
                Code::MissingField,
                ctx.file.clone(),
                "the lesson has no title",
            )
            .at(1, 1)
            .hint("add `title = \"...\"` to its front matter, or start it with a `# Heading`"),
        );
    }
    run.reached.extend(info.reached.iter().cloned());
    run.absorb(ctx);
    if !info.front_ok {
        // Its id is unknown: checking the file stem would invent clashes.
        return None;
    }
    let (id, id_span) = match info.id {
        Some((id, span)) => (id, Some(span)),
        None => (stem(path).to_string(), None),
    };
    let mut title = Text::plain(info.title.unwrap_or_default(), &run.default_language);
    let mut translations = Vec::new();
    for (lang, tpath) in translations_found {
        let Ok(ttext) = run.read_text(&tpath, MAX_LESSON_BYTES) else {
            continue;
        };
        let mut tctx = FileCtx::new(run.source.file_name(&tpath), &ttext, &run.default_language);
        let tinfo = lesson::check(&mut tctx, run.source, &tpath);
        if let Some((tid, span)) = &tinfo.id
            && *tid != id
        {
            let d = tctx
                .diag_abs(
                    Code::BadId,
                    span.clone(),
                    format!("this translation's id `{tid}` differs from the lesson's id `{id}`"),
                )
                .hint("remove `id` from the translation, or make it the same as the lesson's");
            tctx.push(d);
        }
        run.reached.extend(tinfo.reached.iter().cloned());
        run.absorb(tctx);
        run.languages.insert(lang.clone());
        if let Some(t) = tinfo.title {
            title.0.push((lang.clone(), t));
        }
        translations.push((lang, tpath));
    }
    let lesson = Lesson {
        title,
        minutes: info.minutes,
        translations,
    };
    Some(Draft {
        id,
        id_span,
        kind: Some(ItemKind::Lesson(lesson)),
    })
}

fn read_quiz(run: &mut Run<'_>, path: &str) -> ReadItem {
    let text = run.read_text(path, MAX_TOML_BYTES).ok()?;
    let mut ctx = FileCtx::new(run.source.file_name(path), &text, &run.default_language);
    let info = quiz::check(&mut ctx);
    run.absorb(ctx);
    if !info.parsed {
        // Its id is unknown: checking the file stem would invent clashes.
        return None;
    }
    let (id, id_span) = match info.id {
        Some((id, span)) => (id, Some(span)),
        None => (stem(path).to_string(), None),
    };
    let kind = info.quiz.map(ItemKind::Quiz);
    Some(Draft { id, id_span, kind })
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
    let text = String::from_utf8_lossy(&bytes);
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
    let text = String::from_utf8(bytes).map_err(|_| QuizReadError::Changed)?;
    let mut ctx = FileCtx::new(source.file_name(rel), &text, default_language);
    let info = quiz::check(&mut ctx);
    let errors = ctx.diags.iter().filter(|d| d.is_error()).count();
    match info.quiz {
        Some(quiz) if errors == 0 => Ok(quiz),
        Some(_) | None => Err(QuizReadError::Changed),
    }
}
