//! Reading and checking `course.toml`.

use std::collections::HashSet;

use toml::de::DeValue;

use super::diagnostic::Code;
use super::model::{Alignment, Completion, Credential, Issuer, Text};
use super::toml_read::{FileCtx, Schema, Span, get, valid_language_tag};

/// The newest package format this Slate reads (format 2 adds optional
/// keys to format 1: choice credits, true/false feedback, typed answers
/// with credit and feedback, case-sensitive text answers).
pub const FORMAT: i64 = 2;

const ROOT_KEYS: &[&str] = &[
    "format",
    "id",
    "version",
    "language",
    "title",
    "summary",
    "authors",
    "license",
    "minutes",
    "completion",
    "credential",
    "module",
];
const COMPLETION_KEYS: &[&str] = &["pass_score", "require_all_lessons"];
const CREDENTIAL_KEYS: &[&str] = &[
    "achievement_id",
    "achievement_type",
    "criteria",
    "image",
    "include_name",
    "issuer",
    "alignment",
];
const ISSUER_KEYS: &[&str] = &["name", "url", "image", "description"];
/// Open Badges 3.0's `achievementType` values; others are written `ext:…`.
pub const ACHIEVEMENT_TYPES: &[&str] = &[
    "Achievement",
    "ApprenticeshipCertificate",
    "Assessment",
    "Assignment",
    "AssociateDegree",
    "Award",
    "Badge",
    "BachelorDegree",
    "Certificate",
    "CertificateOfCompletion",
    "Certification",
    "CommunityService",
    "Competency",
    "Course",
    "CoCurricular",
    "Degree",
    "Diploma",
    "DoctoralDegree",
    "Fieldwork",
    "GeneralEducationDevelopment",
    "JourneymanCertificate",
    "LearningProgram",
    "License",
    "Membership",
    "ProfessionalDoctorate",
    "QualityAssuranceCredential",
    "MasterCertificate",
    "MasterDegree",
    "MicroCredential",
    "ResearchDoctorate",
    "SecondarySchoolDiploma",
];
const ALIGNMENT_KEYS: &[&str] = &["framework", "code", "name", "url"];
const MODULE_KEYS: &[&str] = &["id", "title", "items"];

/// An item path as written in a module, with where it was written.
#[derive(Debug, Clone)]
pub struct ItemRef {
    pub path: String,
    pub span: Span,
    /// The path as written, when it was written with `\` (a Windows path
    /// in a TOML string, where `\` starts an escape); `path` has `/`.
    pub windows: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ModuleDraft {
    pub id: String,
    pub title: Text,
    pub items: Vec<ItemRef>,
}

/// `course.toml` read as far as it could be; `None` fields had errors.
#[derive(Debug, Default)]
pub struct Manifest {
    /// The package format (1 when it could not be read).
    pub format: i64,
    pub id: Option<String>,
    pub version: Option<String>,
    pub language: Option<String>,
    pub title: Option<Text>,
    pub summary: Option<Text>,
    pub authors: Vec<String>,
    pub license: Option<String>,
    pub minutes: Option<u32>,
    pub completion: Completion,
    pub credential: Option<Credential>,
    pub modules: Vec<ModuleDraft>,
}

/// Ids of courses, modules, items and questions: `[a-z0-9][a-z0-9-]*`.
pub fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && id.len() <= 128
}

/// A valid id close to `id` as a person would write it: diacritics
/// stripped (`Câu_1` → `cau-1`, `Đơn` → `don`), lowercase, every run of
/// other characters one `-`.
pub fn suggest_id(id: &str) -> Option<String> {
    let slug = crate::text::slug(id);
    let out = slug.as_str();
    let out = out
        .get(..out.len().min(128))
        .unwrap_or(out)
        .trim_end_matches('-');
    valid_id(out).then(|| out.to_string())
}

pub fn check_id(ctx: &mut FileCtx<'_>, id: &str, span: Span, what: &str) -> bool {
    if valid_id(id) {
        return true;
    }
    let hint = match suggest_id(id) {
        Some(s) => format!("ids use lowercase letters, digits and `-`, e.g. `{s}`"),
        None => "ids use lowercase letters, digits and `-`, starting with a letter or digit".into(),
    };
    ctx.report(
        Code::BadId,
        span,
        format!("`{id}` is not a valid {what} id"),
        hint,
    );
    false
}

/// A path written the Windows way in a TOML basic string: a `\` that is
/// no deliberate escape of a character (`\u1ec7`, `\"`), but a folder
/// separator TOML read as a tab (`\t`), an escape (`\e`, `\x41`), or
/// nothing at all.
fn is_windows_path(written: &str) -> bool {
    let b = written.as_bytes();
    b.iter()
        .enumerate()
        .any(|(i, &c)| c == b'\\' && !super::toml_hints::deliberate_escape(b, i))
}

/// A URL as credentials need it: absolute, with a scheme, no spaces.
pub fn valid_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once(':') else {
        return false;
    };
    scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !url.chars().any(char::is_whitespace)
}

/// course.toml's tables and their keys, for typo recovery.
const SCHEMA: Schema = Schema {
    keys: ROOT_KEYS,
    within: "course.toml",
    refine: None,
    children: &[
        (
            "completion",
            &Schema {
                keys: COMPLETION_KEYS,
                within: "`[completion]`",
                children: &[],
                refine: None,
            },
        ),
        (
            "credential",
            &Schema {
                keys: CREDENTIAL_KEYS,
                within: "`[credential]`",
                refine: None,
                children: &[
                    (
                        "issuer",
                        &Schema {
                            keys: ISSUER_KEYS,
                            within: "`[credential.issuer]`",
                            children: &[],
                            refine: None,
                        },
                    ),
                    (
                        "alignment",
                        &Schema {
                            keys: ALIGNMENT_KEYS,
                            within: "a `[[credential.alignment]]`",
                            children: &[],
                            refine: None,
                        },
                    ),
                ],
            },
        ),
        (
            "module",
            &Schema {
                keys: MODULE_KEYS,
                within: "a `[[module]]`",
                children: &[],
                refine: None,
            },
        ),
    ],
};

pub fn check(ctx: &mut FileCtx<'_>) -> Option<Manifest> {
    let src = ctx.src;
    let mut doc = ctx.parse(src)?;
    ctx.fix_typos(doc.get_mut(), &SCHEMA);
    let root = doc.span();
    let t = doc.get_ref();
    let mut m = Manifest {
        format: 1,
        ..Manifest::default()
    };
    ctx.check_keys(t, ROOT_KEYS, "course.toml");

    match get(t, "format") {
        None => ctx.missing(root.clone(), "format", "course.toml", "format = 1"),
        Some(v) => match v.get_ref() {
            DeValue::Integer(_) => {
                if let Some((n, _)) = ctx.integer(t, "format")
                    && (1..=FORMAT).contains(&n)
                {
                    m.format = n;
                } else if let Some((n, span)) = ctx.integer(t, "format") {
                    let hint = if n > FORMAT {
                        "update Slate to open this course"
                    } else {
                        "write `format = 1` (or `format = 2` for the keys it adds)"
                    };
                    ctx.report(
                        Code::UnsupportedFormat,
                        span,
                        format!("package format {n} is not supported; this Slate reads formats 1 to {FORMAT}"),
                        hint,
                    );
                }
            }
            _ => ctx.wrong_type(v, "format", "a whole number"),
        },
    }

    // The default language first: every text field is read against it.
    if let Some((lang, span)) =
        ctx.required_string(t, &root, "language", "course.toml", "language = \"en\"")
    {
        if valid_language_tag(&lang) {
            ctx.default_language = lang.clone();
            ctx.languages.insert(lang.clone());
            m.language = Some(lang);
        } else {
            ctx.report(
                Code::BadLanguage,
                span,
                format!("`{lang}` is not a BCP 47 language tag"),
                "use tags such as `en`, `vi`, `lo`, `zh-CN`",
            );
        }
    }

    if let Some((id, span)) =
        ctx.required_string(t, &root, "id", "course.toml", "id = \"my-course\"")
        && check_id(ctx, &id, span, "course")
    {
        m.id = Some(id);
    }
    if let Some((version, span)) =
        ctx.required_string(t, &root, "version", "course.toml", "version = \"1.0.0\"")
    {
        match semver::Version::parse(&version) {
            Ok(_) => m.version = Some(version),
            Err(e) => ctx.report(
                Code::BadVersion,
                span,
                format!("`{version}` is not a semantic version: {e}"),
                "write three numbers, e.g. `version = \"1.0.0\"`",
            ),
        }
    }
    m.title = ctx.required_text(t, &root, "title", "course.toml");
    m.summary = ctx.text(t, "summary");
    if let Some((arr, _)) = ctx.array(t, "authors") {
        for v in arr.iter() {
            match v.get_ref() {
                DeValue::String(s) => {
                    let s = ctx.clean(s, v.span());
                    m.authors.push(s);
                }
                _ => ctx.wrong_type(v, "authors", "a string"),
            }
        }
    }
    m.license = ctx.string(t, "license").map(|(s, _)| s);
    m.minutes = ctx.count(t, "minutes", 100_000);

    if let Some((c, _)) = ctx.table(t, "completion") {
        ctx.check_keys(c, COMPLETION_KEYS, "[completion]");
        if let Some(p) = ctx.share(c, "pass_score") {
            m.completion.pass_score = p;
        }
        if let Some(b) = ctx.bool(c, "require_all_lessons") {
            m.completion.require_all_lessons = b;
        }
    }
    if let Some((c, _)) = ctx.table(t, "credential") {
        m.credential = Some(credential(ctx, c));
    }
    modules(ctx, t, &root, &mut m);
    Some(m)
}

fn url_field(ctx: &mut FileCtx<'_>, t: &toml::de::DeTable<'_>, key: &str) -> Option<String> {
    let (url, span) = ctx.string(t, key)?;
    if valid_url(&url) {
        Some(url)
    } else {
        ctx.report(
            Code::BadUrl,
            span,
            format!("`{key}` is `{url}`, which is not an absolute URL"),
            "write a full URL such as `https://example.org/...`",
        );
        None
    }
}

fn credential(ctx: &mut FileCtx<'_>, c: &toml::de::DeTable<'_>) -> Credential {
    ctx.check_keys(c, CREDENTIAL_KEYS, "[credential]");
    let achievement_id = url_field(ctx, c, "achievement_id");
    let criteria = ctx.text(c, "criteria");
    let issuer = ctx.table(c, "issuer").and_then(|(it, span)| {
        ctx.check_keys(it, ISSUER_KEYS, "[credential.issuer]");
        let name = ctx.required_string(
            it,
            &span,
            "name",
            "[credential.issuer]",
            "name = \"College name\"",
        );
        let url = url_field(ctx, it, "url");
        let image = url_field(ctx, it, "image");
        let description = ctx.text(it, "description");
        name.map(|(name, _)| Issuer {
            name,
            url,
            image,
            description,
        })
    });
    let image = url_field(ctx, c, "image");
    let include_name = ctx.bool(c, "include_name").unwrap_or(false);
    let achievement_type = ctx.string(c, "achievement_type").and_then(|(kind, span)| {
        if ACHIEVEMENT_TYPES.contains(&kind.as_str())
            || kind.strip_prefix("ext:").is_some_and(|rest| !rest.is_empty())
        {
            return Some(kind);
        }
        let near = crate::course::toml_read::did_you_mean(&kind, ACHIEVEMENT_TYPES);
        ctx.report(
            Code::BadValue,
            span,
            format!("`achievement_type` is `{kind}`, which is not an Open Badges achievement type"),
            &match near {
                Some(n) => format!("did you mean `{n}`? Or write your own as `ext:{kind}`"),
                None => format!(
                    "use one of Open Badges' types (Certificate, Course, Badge, MicroCredential, …) or write your own as `ext:{kind}`"
                ),
            },
        );
        None
    });
    let mut alignment = Vec::new();
    for (a, span) in ctx
        .tables_named(c, "alignment", "credential.alignment")
        .unwrap_or_default()
    {
        ctx.check_keys(a, ALIGNMENT_KEYS, "[[credential.alignment]]");
        let framework = ctx.required_string(
            a,
            &span,
            "framework",
            "[[credential.alignment]]",
            "framework = \"DigCompEdu\"",
        );
        let name = ctx.required_string(
            a,
            &span,
            "name",
            "[[credential.alignment]]",
            "name = \"Competence name\"",
        );
        let code = ctx.string(a, "code").map(|(s, _)| s);
        let url = url_field(ctx, a, "url");
        if get(a, "url").is_none() {
            ctx.report(
                Code::AlignmentWithoutUrl,
                span.clone(),
                "this alignment has no `url`; Open Badges 3.0 requires one (targetUrl), so credentials leave the alignment out",
                "add the address of the framework's page for this competence: url = \"https://…\"",
            );
        }
        if let (Some((framework, _)), Some((name, _))) = (framework, name) {
            alignment.push(Alignment {
                framework,
                code,
                name,
                url,
            });
        }
    }
    Credential {
        achievement_id,
        achievement_type,
        criteria,
        image,
        include_name,
        issuer,
        alignment,
    }
}

fn modules(ctx: &mut FileCtx<'_>, t: &toml::de::DeTable<'_>, root: &Span, m: &mut Manifest) {
    if get(t, "module").is_none() {
        ctx.missing(root.clone(), "module", "course.toml", "[[module]]");
        return;
    }
    let Some(tables) = ctx.tables(t, "module") else {
        return;
    };
    if tables.is_empty() {
        ctx.report(
            Code::EmptyList,
            get(t, "module").map_or(root.start..root.start + 1, |v| v.span()),
            "the course has no modules",
            "add at least one `[[module]]` with items",
        );
    }
    let mut ids = HashSet::new();
    for (mt, span) in tables {
        ctx.check_keys(mt, MODULE_KEYS, "a `[[module]]`");
        let id = ctx.required_string(mt, &span, "id", "a `[[module]]`", "id = \"module-id\"");
        let id = id.and_then(|(id, ispan)| {
            if !check_id(ctx, &id, ispan.clone(), "module") {
                return None;
            }
            if !ids.insert(id.clone()) {
                ctx.report(
                    Code::DuplicateId,
                    ispan,
                    format!("module id `{id}` is used twice"),
                    "give each module its own id",
                );
                return None;
            }
            Some(id)
        });
        let within = match &id {
            Some(id) => format!("module `{id}`"),
            None => "a `[[module]]`".into(),
        };
        let title = ctx.required_text(mt, &span, "title", &within);
        let mut items = Vec::new();
        if get(mt, "items").is_none() {
            ctx.missing(
                span.clone(),
                "items",
                &within,
                "items = [\"lessons/first.md\"]",
            );
        } else if let Some((arr, aspan)) = ctx.array(mt, "items") {
            if arr.is_empty() {
                ctx.report(
                    Code::EmptyList,
                    aspan,
                    format!("{within} has no items"),
                    "list its lessons and quizzes, e.g. `items = [\"lessons/intro.md\"]`",
                );
            }
            for v in arr.iter() {
                match v.get_ref() {
                    DeValue::String(s) => {
                        // `"lessons\thu.md"`: a Windows path, whose `\t`
                        // TOML read as a tab. Kept as written, with `/`.
                        let span = ctx.offset + v.span().start..ctx.offset + v.span().end;
                        let mut written = ctx.src.get(span.clone()).unwrap_or_default().to_string();
                        // Put back the `\` read as `/` to parse the file.
                        for &at in ctx.patched_in(span.clone()) {
                            written.replace_range(at - span.start..at - span.start + 1, "\\");
                        }
                        let windows = written.starts_with('"') && is_windows_path(&written);
                        let path = if windows {
                            written
                                .trim_matches('"')
                                .replace("\\\\", "/")
                                .replace('\\', "/")
                        } else {
                            s.to_string()
                        };
                        items.push(ItemRef {
                            path,
                            span: v.span(),
                            windows: windows.then(|| written.trim_matches('"').to_string()),
                        });
                    }
                    _ => ctx.wrong_type(v, "items", "a path (string)"),
                }
            }
        }
        // Kept even when the id or title is wrong, so that its items are
        // still checked; the course is only built when nothing is wrong.
        m.modules.push(ModuleDraft {
            id: id.unwrap_or_default(),
            title: title.unwrap_or(Text(Vec::new())),
            items,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(valid_id("passwords"));
        assert!(valid_id("2fa-basics"));
        assert!(!valid_id("Passwords"));
        assert!(!valid_id("-x"));
        assert!(!valid_id(""));
        assert!(!valid_id("mật-khẩu"));
    }

    #[test]
    fn a_path_with_a_backslash_is_a_windows_path_unless_it_writes_a_character() {
        for w in [
            r#""lessons\thu.md""#,
            r#""lessons\ebai.md""#,
            r#""a\x41.md""#,
            r#""a\\b.md""#,
        ] {
            assert!(is_windows_path(w), "{w}");
        }
        for d in [
            r#""lessons/b\u00e0i.md""#,
            r#""say \"hi\".md""#,
            r#""lessons/a.md""#,
        ] {
            assert!(!is_windows_path(d), "{d}");
        }
    }

    #[test]
    fn urls() {
        assert!(valid_url("https://example.org/a"));
        assert!(valid_url("urn:slate:course"));
        assert!(!valid_url("example.org"));
        assert!(!valid_url("https://exa mple.org"));
    }
}
