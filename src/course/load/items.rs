//! The items of a package: planning them from the manifest's modules,
//! reading each lesson and quiz (on every core), and deciding which are
//! unavailable: an error confined to one item closes that item only.

use std::collections::{HashMap, HashSet};

use super::Run;
use crate::course::diagnostic::{Code, Diagnostic};
use crate::course::lesson;
use crate::course::limits::{MAX_LESSON_BYTES, MAX_TOML_BYTES};
use crate::course::manifest::{ModuleDraft, valid_id};
use crate::course::model::{Item, ItemKind, Lesson, Text, Unavailable};
use crate::course::quiz;
use crate::course::source::{self, MANIFEST, Source};
use crate::course::toml_read::{FileCtx, did_you_mean};

/// An item as read, and the module it belongs to.
pub(super) struct ItemDraft {
    pub(super) item: Item,
    pub(super) module: usize,
}

/// An item named in the manifest, to be read, or already known to be
/// unavailable (its entry names no file the package has, or one it may
/// not read).
struct Planned {
    path: String,
    is_lesson: bool,
    module: usize,
    span: std::ops::Range<usize>,
    broken: Option<String>,
}

/// An item file as read: its id (and where the file wrote it, if it did;
/// `None` with `id_known` false when the file could not be read far
/// enough to know it), and its content, or why it cannot be studied.
struct Draft {
    id: String,
    id_span: Option<std::ops::Range<usize>>,
    id_known: bool,
    kind: ItemKind,
}

/// The first error reported since `from`, as the one line the outline
/// shows for an item that cannot be opened: `lessons/a.md:3: message`.
fn first_error(source: &Source, diags: &[Diagnostic], from: usize) -> Option<String> {
    let d = diags.get(from..)?.iter().find(|d| d.is_error())?;
    let prefix = source.file_name("");
    let file = d
        .file
        .strip_prefix(prefix.trim_end_matches('/'))
        .map_or(d.file.as_str(), |f| f.trim_start_matches('/'));
    let file = if file.is_empty() { MANIFEST } else { file };
    let line = if d.line == 0 {
        format!("{file}: {}", d.message)
    } else {
        format!("{file}:{}: {}", d.line, d.message)
    };
    Some(crate::text::one_line(&line).into_owned())
}

/// An item that cannot be studied, listed under `title`.
fn unavailable(title: Text, is_lesson: bool, reason: String) -> ItemKind {
    ItemKind::Unavailable(Unavailable {
        title,
        quiz: !is_lesson,
        reason,
    })
}

/// The file name an item is listed by while its title cannot be read (its
/// path as written when it names no file: `""`, `lessons/`).
fn file_title(path: &str, lang: &str) -> Text {
    let name = path.rsplit('/').next().unwrap_or(path);
    let shown = match (name.trim().is_empty(), path.trim().is_empty()) {
        (false, _) => name.to_string(),
        (true, false) => path.to_string(),
        (true, true) => "\"\"".to_string(),
    };
    Text::plain(shown, lang)
}

pub(super) fn load_items(
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
    // The paths of the items of each id that is used more than once.
    let mut users: HashMap<&str, Vec<&str>> = HashMap::new();
    for (p, d) in planned.iter().zip(&read) {
        if d.id_known && valid_id(&d.id) {
            users
                .entry(d.id.as_str())
                .or_default()
                .push(p.path.as_str());
        }
    }
    users.retain(|_, paths| paths.len() > 1);
    let shared: HashMap<String, Vec<String>> = users
        .into_iter()
        .map(|(id, paths)| {
            (
                id.to_string(),
                paths.into_iter().map(str::to_string).collect(),
            )
        })
        .collect();

    let mut out: Vec<ItemDraft> = Vec::new();
    let mut ids: HashMap<String, String> = HashMap::new();
    let lang = run.default_language.clone();
    for (p, draft) in planned.iter().zip(read) {
        let Draft {
            id,
            id_span,
            id_known,
            mut kind,
        } = draft;
        let path = &p.path;
        let mut id = id;
        if id_known && !valid_id(&id) {
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
                let suggestion = crate::course::manifest::suggest_id(&id);
                let how = if p.is_lesson {
                    "in its front matter"
                } else {
                    "in the quiz"
                };
                let hint = match suggestion {
                    Some(s) => format!(
                        "rename the file, or set `id = \"{s}\"` (lowercase letters, digits, `-`) {how}"
                    ),
                    None => format!(
                        "rename the file, or set `id = \"...\"` (lowercase letters, digits, `-`) {how}"
                    ),
                };
                run.diags.push(d.at(line, col).hint(hint));
            }
            let before = run.diags.len() - 1;
            if !matches!(kind, ItemKind::Unavailable(_)) {
                let reason = first_error(run.source, &run.diags, before).unwrap_or_default();
                kind = unavailable(kind_title(&kind, path, &lang), p.is_lesson, reason);
            }
            id = path.clone();
        } else if id_known && let Some(first) = ids.get(&id) {
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
            // The first item keeps the id and its progress; this one is
            // listed under its path, which no valid id can equal.
            if !matches!(kind, ItemKind::Unavailable(_)) {
                let reason =
                    first_error(run.source, &run.diags, run.diags.len() - 1).unwrap_or_default();
                kind = unavailable(kind_title(&kind, path, &lang), p.is_lesson, reason);
            }
            id = path.clone();
        } else if id_known {
            ids.insert(id.clone(), path.clone());
            // Progress is kept by id: which item's progress the id's holds
            // cannot be told, so the first item cannot be opened either.
            if let Some(paths) = shared.get(&id)
                && !matches!(kind, ItemKind::Unavailable(_))
            {
                let others: Vec<String> = paths
                    .iter()
                    .filter(|p| *p != path)
                    .map(|p| format!("`{p}`"))
                    .collect();
                let reason = format!(
                    "{path}: its id `{id}` is also the id of {}",
                    others.join(", ")
                );
                kind = unavailable(kind_title(&kind, path, &lang), p.is_lesson, reason);
                id = path.clone();
            }
        } else {
            id = path.clone();
        }
        out.push(ItemDraft {
            item: Item {
                id,
                path: path.clone(),
                kind,
            },
            module: p.module,
        });
    }
    out
}

fn kind_title(kind: &ItemKind, path: &str, lang: &str) -> Text {
    match kind {
        ItemKind::Lesson(l) => l.title.clone(),
        ItemKind::Quiz(q) => q.title.clone(),
        ItemKind::Unavailable(u) => u.title.clone(),
    }
    .non_empty()
    .unwrap_or_else(|| file_title(path, lang))
}

/// Checks the item paths of every module, reporting into the manifest.
/// An entry that names no readable file is planned as unavailable, so the
/// outline still lists it where it belongs.
fn plan_items(source: &Source, mctx: &mut FileCtx<'_>, modules: &[ModuleDraft]) -> Vec<Planned> {
    let mut out = Vec::new();
    let mut paths = HashSet::new();
    let (mut lesson_names, mut quiz_names) = (None, None);
    for (mi, module) in modules.iter().enumerate() {
        for r in &module.items {
            let errors_before = mctx.errors();
            let broken = |mctx: &mut FileCtx<'_>, path: String, out: &mut Vec<Planned>| {
                let is_lesson = !path.ends_with(".toml");
                let reason = mctx
                    .last_error()
                    .filter(|_| mctx.errors() > errors_before)
                    .and_then(|d| first_error(source, std::slice::from_ref(d), 0));
                out.push(Planned {
                    path,
                    is_lesson,
                    module: mi,
                    span: r.span.clone(),
                    broken: Some(reason.unwrap_or_default()),
                });
            };
            if let Some(written) = &r.windows {
                let fixed = r.path.clone();
                let after = written.split_once('\\').map_or("", |(_, a)| a);
                let read_as = match after.chars().next() {
                    Some('t') => "`\\t` is read as a tab",
                    Some('n') => "`\\n` is read as a new line",
                    Some('b') => "`\\b` is read as a backspace",
                    Some('f') => "`\\f` is read as a page break",
                    Some('r') => "`\\r` is read as a carriage return",
                    Some('\\') => "`\\\\` is read as one backslash, which paths do not use",
                    Some(c) => &format!("`\\{c}` is no escape TOML knows"),
                    None => "the string ends in an escape",
                };
                mctx.report(
                    Code::WindowsPath,
                    r.span.clone(),
                    format!(
                        "`{written}` is written with `\\`, which starts an escape in a TOML string: {read_as}"
                    ),
                    // `D:\khoa\l.md`: a path on the trainer's machine, which
                    // the package cannot have.
                    if fixed.as_bytes().get(1) == Some(&b':') || fixed.starts_with('/') {
                        "write the path from the folder holding course.toml, with `/`, e.g. `\"lessons/intro.md\"`".to_string()
                    } else {
                        format!("write paths with `/`: `\"{fixed}\"`")
                    },
                );
                broken(mctx, fixed, &mut out);
                continue;
            }
            let path = match source::resolve("", &r.path) {
                Ok(p) => p,
                Err(why) => {
                    mctx.report(
                        Code::PathOutside,
                        r.span.clone(),
                        format!("the item `{}` is not allowed: {why}", r.path),
                        "write paths relative to the package folder, with `/`, e.g. `lessons/intro.md`",
                    );
                    broken(mctx, r.path.clone(), &mut out);
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
                // Listed where it was written, as not to be opened twice:
                // dropping it would hide from the learner that the course
                // is not as its author meant.
                broken(mctx, path, &mut out);
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
                broken(mctx, path, &mut out);
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
                broken(mctx, path, &mut out);
                continue;
            }
            out.push(Planned {
                path,
                is_lesson,
                module: mi,
                span: r.span.clone(),
                broken: None,
            });
        }
    }
    out
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
fn read_items(run: &mut Run<'_>, planned: &[Planned]) -> Vec<Draft> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    let chunk = planned.len().div_ceil(threads).max(64);
    let read_chunk = |part: &[Planned]| {
        let mut sub = run.fork();
        let items: Vec<Draft> = part
            .iter()
            .map(|p| match &p.broken {
                Some(reason) => Draft {
                    id: p.path.clone(),
                    id_span: None,
                    id_known: false,
                    kind: unavailable(
                        file_title(&p.path, &sub.default_language),
                        p.is_lesson,
                        reason.clone(),
                    ),
                },
                None => {
                    let before = sub.diags.len();
                    let draft = if p.is_lesson {
                        read_lesson(&mut sub, &p.path)
                    } else {
                        read_quiz(&mut sub, &p.path)
                    };
                    // Any error in the item's files closes the item.
                    let Some(reason) = first_error(sub.source, &sub.diags, before) else {
                        return draft;
                    };
                    match draft.kind {
                        ItemKind::Unavailable(mut u) => {
                            if u.reason.is_empty() {
                                u.reason = reason;
                            }
                            Draft {
                                kind: ItemKind::Unavailable(u),
                                ..draft
                            }
                        }
                        kind => Draft {
                            kind: unavailable(
                                kind_title(&kind, &p.path, &sub.default_language),
                                p.is_lesson,
                                reason,
                            ),
                            ..draft
                        },
                    }
                }
            })
            .collect();
        (sub, items)
    };
    let results: Vec<(Run<'_>, Vec<Draft>)> = if planned.len() <= chunk {
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

/// A lesson or quiz whose file could not be read far enough to know its
/// id: listed by its file name. The reason is the error reported.
fn unread(run: &Run<'_>, path: &str, is_lesson: bool) -> Draft {
    Draft {
        id: path.to_string(),
        id_span: None,
        id_known: false,
        kind: unavailable(
            file_title(path, &run.default_language),
            is_lesson,
            "the file cannot be read".into(),
        ),
    }
}

/// Reads a lesson and its translations: its id (and, if the file wrote
/// it, its span there) and its metadata.
fn read_lesson(run: &mut Run<'_>, path: &str) -> Draft {
    // Checked as written; titles are normalised as they are taken, the body
    // when a learner opens the lesson (`lesson_body`).
    let translations_found = run.translations.of(path).to_vec();
    run.reached
        .extend(translations_found.iter().map(|(_, p)| p.clone()));
    let Ok((text, pre)) = run.read_checked(path, MAX_LESSON_BYTES, "the lesson") else {
        run.unread_lesson = true;
        return unread(run, path, true);
    };
    let mut ctx = FileCtx::new(run.source.file_name(path), &text, &run.default_language);
    ctx.adopt(pre);
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
        return unread(run, path, true);
    }
    let (id, id_span) = match info.id {
        Some((id, span)) => (id, Some(span)),
        None => (stem(path).to_string(), None),
    };
    let mut title = Text::plain(info.title.unwrap_or_default(), &run.default_language);
    let mut translations = Vec::new();
    for (lang, tpath) in translations_found {
        let Ok((ttext, pre)) = run.read_checked(&tpath, MAX_LESSON_BYTES, "the lesson") else {
            continue;
        };
        let mut tctx = FileCtx::new(run.source.file_name(&tpath), &ttext, &run.default_language);
        tctx.adopt(pre);
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
        // An empty title reads as none: the lesson's own is shown.
        if let Some(t) = tinfo.title.filter(|t| !t.trim().is_empty()) {
            title.0.push((lang.clone(), t));
        }
        translations.push((lang, tpath));
    }
    let lesson = Lesson {
        title,
        minutes: info.minutes,
        translations,
    };
    Draft {
        id,
        id_span,
        id_known: true,
        kind: ItemKind::Lesson(lesson),
    }
}

fn read_quiz(run: &mut Run<'_>, path: &str) -> Draft {
    let Ok((text, pre)) = run.read_checked(path, MAX_TOML_BYTES, "the quiz file") else {
        return unread(run, path, false);
    };
    let mut ctx = FileCtx::new(run.source.file_name(path), &text, &run.default_language);
    ctx.package_format = run.package_format;
    ctx.adopt(pre);
    let info = quiz::check(&mut ctx);
    run.absorb(ctx);
    if !info.parsed {
        // Its id is unknown: checking the file stem would invent clashes.
        return unread(run, path, false);
    }
    let (id, id_span) = match info.id {
        Some((id, span)) => (id, Some(span)),
        None => (stem(path).to_string(), None),
    };
    let kind = match info.quiz {
        Some(q) => ItemKind::Quiz(q),
        None => unavailable(
            info.title
                .unwrap_or_else(|| file_title(path, &run.default_language)),
            false,
            String::new(),
        ),
    };
    Draft {
        id,
        id_span,
        id_known: true,
        kind,
    }
}
