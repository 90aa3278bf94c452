//! The course `slate new` writes: a course.toml with a comment on every
//! key, one lesson (with a translation file per extra language) and one
//! quiz with a question of each type, in the languages asked for. It is an
//! example a trainer edits, so every file must pass `slate check
//! --deny-warnings` as written (a test loads each language's course).
//!
//! The words live in `skeleton/<tag>.toml`, one file per language Slate's
//! screens speak; a language without a file gets the English words, to be
//! translated by the trainer.

use serde::Deserialize;

/// One language's words for the skeleton.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Words {
    course_title: String,
    course_summary: String,
    module_title: String,
    quiz_title: String,
    /// A whole lesson file, front matter included.
    lesson: String,
    single: ChoiceWords,
    multiple: ChoiceWords,
    true_false: Plain,
    text: Typed,
    number: Plain,
    order: OrderWords,
    #[serde(rename = "match")]
    matching: MatchWords,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChoiceWords {
    prompt: String,
    hint: Option<String>,
    explanation: String,
    choices: Vec<String>,
    feedback: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Plain {
    prompt: String,
    explanation: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Typed {
    prompt: String,
    hint: Option<String>,
    explanation: String,
    accept: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrderWords {
    prompt: String,
    explanation: String,
    items: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MatchWords {
    prompt: String,
    explanation: String,
    pairs: Vec<(String, String)>,
}

/// The languages with words of their own, by the tag their file is named.
const WORDS: &[(&str, &str)] = &[
    ("en", include_str!("skeleton/en.toml")),
    ("vi", include_str!("skeleton/vi.toml")),
    ("lo", include_str!("skeleton/lo.toml")),
    ("zh-CN", include_str!("skeleton/zh-CN.toml")),
];

/// The words for `tag`: its own, or its primary language's (`vi-VN` takes
/// `vi`, `zh-Hans` takes `zh-CN`), else English.
fn words_for(tag: &str) -> Result<Words, String> {
    let primary = |t: &str| t.split('-').next().unwrap_or(t).to_ascii_lowercase();
    let (_, text) = WORDS
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(tag))
        .or_else(|| WORDS.iter().find(|(t, _)| primary(t) == primary(tag)))
        .or_else(|| WORDS.first())
        .ok_or("no words for a new course")?;
    // The files are part of the program and tested; an error here is a
    // mistake in a translation, said rather than panicked on.
    toml::from_str(text).map_err(|e| format!("the words of a new course in `{tag}`: {e}"))
}

/// A file of the new course: its path inside the package and its text.
pub struct File {
    pub path: String,
    pub text: String,
}

/// The package for a course `id` whose default language is `language`,
/// with `translations` (other tags, in order). The tags must be valid
/// (see [`crate::course::toml_read::valid_language_tag`]).
pub fn skeleton(id: &str, language: &str, translations: &[String]) -> Result<Vec<File>, String> {
    let mut langs = vec![language.to_string()];
    for t in translations {
        if !langs.iter().any(|l| l.eq_ignore_ascii_case(t)) {
            langs.push(t.clone());
        }
    }
    let words: Vec<(String, Words)> = langs
        .iter()
        .map(|l| Ok((l.clone(), words_for(l)?)))
        .collect::<Result<_, String>>()?;
    let w = Texts(&words);
    let mut files = vec![
        File {
            path: "course.toml".into(),
            text: course_toml(id, language, &w),
        },
        File {
            path: "quizzes/check.toml".into(),
            text: quiz_toml(&w)?,
        },
    ];
    for (n, (tag, words)) in words.iter().enumerate() {
        let path = if n == 0 {
            "lessons/welcome.md".to_string()
        } else {
            format!("lessons/welcome.{tag}.md")
        };
        files.push(File {
            path,
            text: words.lesson.trim_start().to_string(),
        });
    }
    Ok(files)
}

/// Every language's words, to write one text field from them.
struct Texts<'a>(&'a [(String, Words)]);

impl Texts<'_> {
    /// A text field: a string when the course has one language, else a
    /// table with every language, the default first.
    fn field(&self, pick: impl Fn(&Words) -> &str) -> String {
        if let [(_, only)] = self.0 {
            return quoted(pick(only));
        }
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(tag, w)| format!("{tag} = {}", quoted(pick(w))))
            .collect();
        format!("{{ {} }}", parts.join(", "))
    }

    fn default(&self) -> Option<&Words> {
        self.0.first().map(|(_, w)| w)
    }
}

/// `s` as a TOML basic string, escaped by the toml crate itself.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn course_toml(id: &str, language: &str, w: &Texts<'_>) -> String {
    format!(
        r#"# The course manifest: what the course is and in which order it is studied.
# Every key is explained in docs/course-format.md, section 2. After each
# change, run `slate check` on this folder: it names each mistake with its
# file and line. A text in quotes may also be a table of languages, as
# `title` is when the course has translations.

# The package format this file is written in. Leave it as it is.
format = 1
# The course's permanent id: lowercase letters, digits and `-`. Learners'
# progress and credentials are recorded under it, so never change it once
# the course is in use.
id = {id}
# The course's version, MAJOR.MINOR.PATCH: raise it when you publish changes.
version = "0.1.0"
# The default language of the content. Every text has it; the other
# languages are translations.
language = {language}
# The title learners see in the library.
title = {title}
# One paragraph on what the course covers and for whom (optional).
summary = {summary}
# Who wrote the course (optional): "Name <email>", one per author.
authors = ["Your Name <you@example.org>"]
# The licence of the content (optional), as an SPDX identifier.
license = "CC-BY-4.0"
# The estimated study time, in minutes (optional).
minutes = 30

# When the course counts as complete.
[completion]
# The share of all quiz points needed, from 0 to 1 (each quiz's best
# attempt counts).
pass_score = 0.8
# Whether every lesson must be read to its end.
require_all_lessons = true

# What a completion record claims (optional). Remove the `#` at the start
# of these lines to issue credentials for the course with `slate issue`.
# [credential]
# achievement_id = "https://example.org/achievements/{id_bare}"
# criteria = "Read every lesson and scored at least 80% over the quizzes."
# issuer = {{ name = "Your college", url = "https://example.org" }}

# The modules, in study order. Copy the section below for each module.
[[module]]
# The module's id, different from the other modules' ids.
id = "start"
# The module's title.
title = {module}
# The lessons (.md) and quizzes (.toml) of the module, in study order, as
# paths inside this folder.
items = ["lessons/welcome.md", "quizzes/check.toml"]
"#,
        id = quoted(id),
        id_bare = id,
        language = quoted(language),
        title = w.field(|w| &w.course_title),
        summary = w.field(|w| &w.course_summary),
        module = w.field(|w| &w.module_title),
    )
}

fn quiz_toml(w: &Texts<'_>) -> Result<String, String> {
    let d = w.default().ok_or("a new course needs a language")?;
    let mut out = String::new();
    out.push_str(&format!(
        r#"# A quiz: a few settings, then its questions. docs/course-format.md,
# section 5, explains every key and question type.

# The quiz's id, different from every other item's id in the course.
id = "check"
# The quiz's title.
title = {title}
# The share of this quiz's points needed to pass it, from 0 to 1.
pass_score = 0.7
# How many attempts a learner has; 0 means no limit.
max_attempts = 0
# Whether questions and choices are mixed up at each attempt.
shuffle = false
# "immediate": right or wrong after each answer; "end": after the last one.
feedback = "immediate"
"#,
        title = w.field(|w| &w.quiz_title)
    ));

    // `single`: one right choice.
    out.push_str(&format!(
        r#"
# `single`: the learner picks one choice; exactly one has `correct = true`.
[[question]]
# The question's id, different from the other questions' ids in this quiz.
id = "manifest"
type = "single"
# The question, in Markdown.
prompt = {prompt}
# What the question is worth (optional, default 1).
points = 1
# A clue the learner may ask for (optional).
hint = {hint}
# Shown after answering, right or wrong (optional).
explanation = {explanation}
"#,
        prompt = w.field(|w| &w.single.prompt),
        hint = w.field(|w| w.single.hint.as_deref().unwrap_or_default()),
        explanation = w.field(|w| &w.single.explanation),
    ));
    choices(&mut out, w, d.single.choices.len(), |w| &w.single, &[0]);

    out.push_str(&format!(
        r#"
# `multiple`: the learner picks any number of choices; one or more are
# correct. With `partial = true` each right pick earns a share of the points
# and each wrong pick takes one away.
[[question]]
id = "lesson-content"
type = "multiple"
partial = true
prompt = {prompt}
explanation = {explanation}
"#,
        prompt = w.field(|w| &w.multiple.prompt),
        explanation = w.field(|w| &w.multiple.explanation),
    ));
    choices(
        &mut out,
        w,
        d.multiple.choices.len(),
        |w| &w.multiple,
        &[0, 1],
    );

    out.push_str(&format!(
        r#"
# `true_false`: a statement; `answer` is true or false (no quotes).
[[question]]
id = "translation-name"
type = "true_false"
prompt = {prompt}
answer = true
explanation = {explanation}

# `text`: the learner types an answer. It is right when it equals one of
# `accept`, ignoring case and extra spaces.
[[question]]
id = "check-command"
type = "text"
prompt = {text_prompt}
hint = {text_hint}
explanation = {text_explanation}
accept = [{accept}]

# `number`: the learner types a number, right within `tolerance` of `answer`.
[[question]]
id = "question-types"
type = "number"
prompt = {number_prompt}
answer = 7
tolerance = 0
explanation = {number_explanation}

# `order`: `items` are written in the right order; the learner sees them
# mixed up and puts them in order.
[[question]]
id = "steps"
type = "order"
prompt = {order_prompt}
explanation = {order_explanation}
items = [
"#,
        prompt = w.field(|w| &w.true_false.prompt),
        explanation = w.field(|w| &w.true_false.explanation),
        text_prompt = w.field(|w| &w.text.prompt),
        text_hint = w.field(|w| w.text.hint.as_deref().unwrap_or_default()),
        text_explanation = w.field(|w| &w.text.explanation),
        accept = d
            .text
            .accept
            .iter()
            .map(|a| quoted(a))
            .collect::<Vec<_>>()
            .join(", "),
        number_prompt = w.field(|w| &w.number.prompt),
        number_explanation = w.field(|w| &w.number.explanation),
        order_prompt = w.field(|w| &w.order.prompt),
        order_explanation = w.field(|w| &w.order.explanation),
    ));
    for i in 0..d.order.items.len() {
        let item = w.field(|w| w.order.items.get(i).map(String::as_str).unwrap_or_default());
        out.push_str(&format!("  {item},\n"));
    }
    out.push_str(&format!(
        r#"]

# `match`: each pair is a left side and its right side; the learner sees
# the right sides mixed up and matches each left side to one.
[[question]]
id = "files"
type = "match"
prompt = {prompt}
explanation = {explanation}
pairs = [
"#,
        prompt = w.field(|w| &w.matching.prompt),
        explanation = w.field(|w| &w.matching.explanation),
    ));
    for i in 0..d.matching.pairs.len() {
        let side = |left: bool| {
            w.field(|w| {
                w.matching
                    .pairs
                    .get(i)
                    .map(|(l, r)| if left { l.as_str() } else { r.as_str() })
                    .unwrap_or_default()
            })
        };
        out.push_str(&format!("  [{}, {}],\n", side(true), side(false)));
    }
    out.push_str("]\n");
    Ok(out)
}

/// The `[[question.choice]]` sections of a choice question, `right` the
/// places of the correct ones.
fn choices(
    out: &mut String,
    w: &Texts<'_>,
    n: usize,
    of: impl Fn(&Words) -> &ChoiceWords,
    right: &[usize],
) {
    for i in 0..n {
        let text = w.field(|w| of(w).choices.get(i).map(String::as_str).unwrap_or_default());
        let feedback = w.field(|w| {
            of(w)
                .feedback
                .get(i)
                .map(String::as_str)
                .unwrap_or_default()
        });
        out.push_str("\n[[question.choice]]\n");
        if i == 0 {
            out.push_str("# The choice, and feedback for a learner who picks it (optional).\n");
        }
        out.push_str(&format!("text = {text}\n"));
        if right.contains(&i) {
            out.push_str("correct = true\n");
        }
        out.push_str(&format!("feedback = {feedback}\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every language's words have what the English ones have: the same
    /// number of choices, feedback, items and pairs, so no question of a
    /// translated course is missing a text.
    #[test]
    fn every_language_has_every_word() {
        let en = words_for("en").unwrap();
        for (tag, _) in WORDS {
            let w = words_for(tag).unwrap();
            assert_eq!(w.single.choices.len(), en.single.choices.len(), "{tag}");
            assert_eq!(w.single.feedback.len(), en.single.feedback.len(), "{tag}");
            assert_eq!(w.multiple.choices.len(), en.multiple.choices.len(), "{tag}");
            assert_eq!(
                w.multiple.feedback.len(),
                en.multiple.feedback.len(),
                "{tag}"
            );
            assert_eq!(w.order.items.len(), en.order.items.len(), "{tag}");
            assert_eq!(w.matching.pairs.len(), en.matching.pairs.len(), "{tag}");
            assert_eq!(w.text.accept, en.text.accept, "{tag}");
            assert!(w.lesson.trim_start().starts_with("+++\n"), "{tag}");
            assert_eq!(w.single.hint.is_some(), en.single.hint.is_some(), "{tag}");
            assert_eq!(w.text.hint.is_some(), en.text.hint.is_some(), "{tag}");
        }
    }

    #[test]
    fn a_language_without_words_gets_the_nearest() {
        assert_eq!(
            words_for("vi-VN").unwrap().course_title,
            words_for("vi").unwrap().course_title
        );
        assert_eq!(
            words_for("zh").unwrap().course_title,
            words_for("zh-CN").unwrap().course_title
        );
        assert_eq!(
            words_for("km").unwrap().course_title,
            words_for("en").unwrap().course_title
        );
    }

    #[test]
    fn a_translation_named_twice_is_written_once() {
        let files = skeleton("x", "vi", &["en".into(), "EN".into(), "vi".into()]).unwrap();
        let lessons: Vec<_> = files
            .iter()
            .filter(|f| f.path.starts_with("lessons/"))
            .map(|f| f.path.as_str())
            .collect();
        assert_eq!(lessons, ["lessons/welcome.md", "lessons/welcome.en.md"]);
    }
}
