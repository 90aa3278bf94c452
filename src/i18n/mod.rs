//! The teacher's language: Fluent bundles for every UI string, embedded in
//! the binary, and the choice of language (command line, then
//! configuration, then the environment, then English).

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// The reference language, and what any message a translation lacks
/// falls back to.
const ENGLISH: &str = include_str!("../../locales/en/slate.ftl");

/// The UI languages Slate ships, with their Fluent files.
pub const LANGUAGES: &[(&str, &str)] = &[
    ("en", ENGLISH),
    ("vi", include_str!("../../locales/vi/slate.ftl")),
    ("lo", include_str!("../../locales/lo/slate.ftl")),
    ("zh-CN", include_str!("../../locales/zh-CN/slate.ftl")),
];

/// Whether Slate's screens have the language `tag` names (`vi`, `vi-VN`,
/// `zh`, `lo_LA.UTF-8`), as a language given on the command line must.
pub fn supports(tag: &str) -> bool {
    let primary = tag
        .split(['.', '@', '_', '-'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    LANGUAGES
        .iter()
        .any(|(t, _)| t.split('-').next() == Some(primary.as_str()))
}

/// The tags of the languages Slate's screens are in.
pub fn tags() -> Vec<&'static str> {
    LANGUAGES.iter().map(|(t, _)| *t).collect()
}

pub struct I18n {
    lang: &'static str,
    bundle: FluentBundle<FluentResource>,
    /// English, for any message a translation lacks.
    fallback: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n").field("lang", &self.lang).finish()
    }
}

fn bundle(tag: &'static str, source: &'static str) -> FluentBundle<FluentResource> {
    let id: LanguageIdentifier = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new(vec![id]);
    // Isolation marks (U+2068/9) would show as stray cells in a terminal.
    bundle.set_use_isolating(false);
    // A syntax error in a shipped file is caught by the tests; at run time
    // the entries that did parse are still used.
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    let _ = bundle.add_resource(resource);
    bundle
}

impl I18n {
    /// The best UI language for `wanted` (a BCP 47 tag or a POSIX locale
    /// such as `vi_VN.UTF-8`); English when nothing matches.
    pub fn new(wanted: &str) -> I18n {
        let lang = negotiate(wanted);
        let source = LANGUAGES
            .iter()
            .find(|(t, _)| *t == lang)
            .map_or(ENGLISH, |(_, s)| *s);
        I18n {
            lang,
            bundle: bundle(lang, source),
            fallback: bundle("en", ENGLISH),
        }
    }

    pub fn lang(&self) -> &'static str {
        self.lang
    }

    pub fn t(&self, id: &str) -> String {
        self.format(id, None)
    }

    pub fn t_args(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fa = FluentArgs::new();
        for (k, v) in args {
            fa.set(*k, v.clone());
        }
        self.format(id, Some(&fa))
    }

    fn format(&self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        for b in [&self.bundle, &self.fallback] {
            if let Some(pattern) = b.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return b.format_pattern(pattern, args, &mut errors).into_owned();
            }
        }
        id.to_string()
    }
}

/// Turns `vi_VN.UTF-8`, `zh_CN`, `lo-LA` or `zh-Hans` into one of the
/// shipped languages, or `en`.
pub fn negotiate(wanted: &str) -> &'static str {
    let cleaned = wanted
        .split(['.', '@'])
        .next()
        .unwrap_or("")
        .replace('_', "-");
    let lower = cleaned.to_ascii_lowercase();
    if lower.is_empty() || lower == "c" || lower == "posix" {
        return "en";
    }
    let primary = lower.split('-').next().unwrap_or("");
    LANGUAGES
        .iter()
        .map(|(t, _)| *t)
        .find(|t| t.eq_ignore_ascii_case(&lower))
        .or_else(|| {
            LANGUAGES
                .iter()
                .map(|(t, _)| *t)
                .find(|t| t.split('-').next() == Some(primary))
        })
        .unwrap_or("en")
}

/// The language the environment asks for: `LC_ALL`, then `LC_MESSAGES`,
/// then `LANG` (the first one set and not empty).
pub fn from_env() -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
}

/// Whether the environment's locale is UTF-8 (else Slate draws in ASCII).
pub fn env_is_utf8() -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .is_none_or(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("utf-8") || v.contains("utf8")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_bundle::FluentResource;
    use std::collections::BTreeSet;

    fn ids(source: &str) -> BTreeSet<String> {
        let resource = FluentResource::try_new(source.to_string()).expect("parses");
        resource
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_language_parses_and_has_every_message() {
        let english = ids(LANGUAGES[0].1);
        for (tag, source) in LANGUAGES {
            let theirs = ids(source);
            let missing: Vec<_> = english.difference(&theirs).collect();
            let extra: Vec<_> = theirs.difference(&english).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{tag}: missing {missing:?}, extra {extra:?}"
            );
        }
    }

    #[test]
    fn every_message_formats_without_errors_in_every_language() {
        let english = ids(LANGUAGES[0].1);
        for (tag, _) in LANGUAGES {
            let i = I18n::new(tag);
            assert_eq!(i.lang(), *tag);
            let mut args = FluentArgs::new();
            for k in [
                "count",
                "n",
                "total",
                "percent",
                "points",
                "max",
                "done",
                "needed",
                "read",
                "width",
                "height",
                "min-width",
                "min-height",
                "used",
                "left",
                "answered",
                "more",
                "errors",
                "warnings",
                "ms",
            ] {
                args.set(k, 3);
            }
            for k in [
                "languages",
                "path",
                "title",
                "answer",
                "reason",
                "order",
                "name",
                "backup",
                "damaged",
                "old",
                "new",
                "added",
                "removed",
                "why",
                "size",
                "extensions",
                "answers",
                "host",
                "where",
                "since",
                "ext",
                "viewer",
                "file",
                "signed",
                "watching",
            ] {
                args.set(k, "x");
            }
            for id in &english {
                let msg = i
                    .bundle
                    .get_message(id)
                    .and_then(|m| m.value())
                    .expect("message has a value");
                let mut errors = Vec::new();
                let out = i.bundle.format_pattern(msg, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{tag} {id}: {errors:?}");
                assert!(!out.contains('\u{2068}'), "{tag} {id}: isolation marks");
            }
        }
    }

    #[test]
    fn a_score_out_of_one_point_is_said_in_the_singular() {
        let en = I18n::new("en");
        let score = |max: f64| {
            en.t_args(
                "results-score",
                &[
                    ("points", "0.7".into()),
                    ("max", max.into()),
                    ("percent", 70.into()),
                ],
            )
        };
        assert_eq!(score(1.0), "0.7 of 1 point (70%)");
        assert_eq!(score(8.0), "0.7 of 8 points (70%)");
    }

    #[test]
    fn plurals_follow_each_language() {
        let en = I18n::new("en");
        assert_eq!(
            en.t_args("library-lessons", &[("count", 1.into())]),
            "1 lesson"
        );
        assert_eq!(
            en.t_args("library-lessons", &[("count", 8.into())]),
            "8 lessons"
        );
    }

    #[test]
    fn negotiation() {
        assert_eq!(negotiate("vi_VN.UTF-8"), "vi");
        assert_eq!(negotiate("zh_CN.UTF-8"), "zh-CN");
        assert_eq!(negotiate("zh-TW"), "zh-CN");
        assert_eq!(negotiate("lo-LA"), "lo");
        assert_eq!(negotiate("fr_FR"), "en");
        assert_eq!(negotiate("C"), "en");
        assert_eq!(negotiate(""), "en");
    }
}
