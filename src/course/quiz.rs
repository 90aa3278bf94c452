//! Reading and checking one quiz file (TOML) into the course model.

use std::collections::HashSet;

use toml::de::{DeTable, DeValue};

use super::diagnostic::Code;
use super::model::{
    Answer, Choice, DEFAULT_PASS_SCORE, FeedbackMode, QUESTION_TYPES, Question, Quiz, Text,
};
use super::toml_read::{FileCtx, Schema, Span, did_you_mean, get};

const QUIZ_KEYS: &[&str] = &[
    "id",
    "title",
    "pass_score",
    "max_attempts",
    "shuffle",
    "feedback",
    "question",
];
const COMMON_KEYS: &[&str] = &["id", "type", "prompt", "points", "hint", "explanation"];
const CHOICE_KEYS: &[&str] = &["text", "correct", "feedback"];
const FEEDBACK_MODES: &[&str] = &["immediate", "end"];
/// Every key a question of some type may have: a typo is recovered
/// against these, and the question's own type then says what is allowed.
const ANY_QUESTION_KEYS: &[&str] = &[
    "id",
    "type",
    "prompt",
    "points",
    "hint",
    "explanation",
    "choice",
    "partial",
    "answer",
    "accept",
    "ignore_diacritics",
    "tolerance",
    "items",
    "pairs",
];

/// The keys a question of its `type` may have, when its type is one.
fn question_keys(t: &DeTable<'_>) -> Option<Vec<&'static str>> {
    let kind = match get(t, "type")?.get_ref() {
        DeValue::String(s) => s.to_string(),
        _ => return None,
    };
    let own = type_keys(&kind);
    (!own.is_empty()).then(|| COMMON_KEYS.iter().chain(own).copied().collect())
}

/// A quiz file's tables and their keys, for typo recovery.
const SCHEMA: Schema = Schema {
    keys: QUIZ_KEYS,
    within: "the quiz",
    refine: None,
    children: &[(
        "question",
        &Schema {
            keys: ANY_QUESTION_KEYS,
            within: "a `[[question]]`",
            refine: Some(question_keys),
            children: &[(
                "choice",
                &Schema {
                    keys: CHOICE_KEYS,
                    within: "a `[[question.choice]]`",
                    children: &[],
                    refine: None,
                },
            )],
        },
    )],
};

/// Keys a question of each type may have beyond the common ones.
fn type_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "single" => &["choice"],
        "multiple" => &["choice", "partial"],
        "true_false" => &["answer"],
        "text" => &["accept", "ignore_diacritics"],
        "number" => &["answer", "tolerance"],
        "order" => &["items"],
        "match" => &["pairs"],
        _ => &[],
    }
}

/// The quiz and its `id` (with its span) if one was written.
pub struct QuizInfo {
    /// The file parsed as TOML (its id, or lack of one, can be trusted).
    pub parsed: bool,
    pub id: Option<(String, Span)>,
    pub quiz: Option<Quiz>,
    /// Its title, where it could be read.
    pub title: Option<Text>,
}

pub fn check(ctx: &mut FileCtx<'_>) -> QuizInfo {
    let src = ctx.src;
    let Some(mut doc) = ctx.parse(src) else {
        return QuizInfo {
            parsed: false,
            id: None,
            quiz: None,
            title: None,
        };
    };
    ctx.fix_typos(doc.get_mut(), &SCHEMA);
    let root_span = doc.span();
    let t = doc.get_ref();
    ctx.check_keys(t, QUIZ_KEYS, "the quiz");
    let id = ctx.string(t, "id");
    if let Some((id, span)) = &id {
        super::manifest::check_id(ctx, id, span.clone(), "quiz");
    }
    let title = ctx.required_text(t, &root_span, "title", "the quiz");
    let pass_score = ctx.share(t, "pass_score").unwrap_or(DEFAULT_PASS_SCORE);
    let max_attempts = ctx.count(t, "max_attempts", 1000).unwrap_or(0);
    let shuffle = ctx.bool(t, "shuffle").unwrap_or(false);
    let feedback = match ctx.string(t, "feedback") {
        None => Some(FeedbackMode::Immediate),
        Some((mode, span)) => match mode.as_str() {
            "immediate" => Some(FeedbackMode::Immediate),
            "end" => Some(FeedbackMode::End),
            other => {
                let hint = match did_you_mean(other, FEEDBACK_MODES) {
                    Some(s) => format!("did you mean `\"{s}\"`?"),
                    None => "write `feedback = \"immediate\"` or `feedback = \"end\"`".into(),
                };
                ctx.report(
                    Code::BadValue,
                    span,
                    format!("`feedback` is `{other}`, which is not a feedback mode"),
                    hint,
                );
                None
            }
        },
    };

    let mut questions = Vec::new();
    let mut ok = true;
    if get(t, "question").is_none() {
        ctx.missing(root_span.clone(), "question", "the quiz", "[[question]]");
        ok = false;
    } else {
        let tables = ctx.tables(t, "question");
        if tables.is_none() {
            ok = false;
        }
        let tables = tables.unwrap_or_default();
        if tables.is_empty() && ok {
            ctx.report(
                Code::EmptyList,
                get(t, "question").map_or(root_span.start..root_span.start + 1, |v| v.span()),
                "the quiz has no questions",
                "add at least one `[[question]]`",
            );
            ok = false;
        }
        let mut seen: HashSet<String> = HashSet::new();
        for (qt, span) in tables {
            match question(ctx, qt, &span) {
                Some(q) => {
                    if !seen.insert(q.id.clone()) {
                        let id_span = get(qt, "id").map_or(span.clone(), |v| v.span());
                        ctx.report(
                            Code::DuplicateId,
                            id_span,
                            format!("question id `{}` is used twice in this quiz", q.id),
                            "give each question of a quiz its own id",
                        );
                        ok = false;
                    }
                    questions.push(q);
                }
                None => ok = false,
            }
        }
    }
    let quiz = match (&title, feedback, ok) {
        (Some(title), Some(feedback), true) => Some(Quiz {
            title: title.clone(),
            pass_score,
            max_attempts,
            shuffle,
            feedback,
            lazy: false,
            points: 0.0,
            questions,
        }),
        _ => None,
    };
    QuizInfo {
        // Read in spite of a syntax error, an id can be trusted only if
        // one was found: a missing one may be on the broken line.
        parsed: !ctx.had_syntax_errors() || id.is_some(),
        id,
        quiz,
        title,
    }
}

fn question(ctx: &mut FileCtx<'_>, t: &DeTable<'_>, span: &Span) -> Option<Question> {
    let errors_before = ctx.errors();
    let id = ctx.required_string(t, span, "id", "a `[[question]]`", "id = \"question-id\"");
    if let Some((id, id_span)) = &id {
        super::manifest::check_id(ctx, id, id_span.clone(), "question");
    }
    let within = match &id {
        Some((id, _)) => format!("question `{id}`"),
        None => "a `[[question]]`".to_string(),
    };
    let kind = ctx.required_string(t, span, "type", &within, "type = \"single\"");
    let kind = match kind {
        Some((k, _)) if QUESTION_TYPES.contains(&k.as_str()) => Some(k),
        Some((k, kspan)) => {
            let hint = match did_you_mean(&k, QUESTION_TYPES) {
                Some(s) => format!("did you mean `\"{s}\"`?"),
                None => format!("the types are: {}", QUESTION_TYPES.join(", ")),
            };
            ctx.report(
                Code::BadQuestionType,
                kspan,
                format!("`{k}` is not a question type"),
                hint,
            );
            None
        }
        None => None,
    };
    let mut allowed: Vec<&str> = COMMON_KEYS.to_vec();
    if let Some(k) = &kind {
        allowed.extend_from_slice(type_keys(k));
        ctx.check_keys(t, &allowed, &format!("{within} (type `{k}`)"));
    }
    let prompt = ctx.required_text(t, span, "prompt", &within);
    let points = match ctx.number(t, "points") {
        None => 1.0,
        Some((p, pspan)) if p <= 0.0 || p > 1000.0 => {
            ctx.report(
                Code::OutOfRange,
                pspan,
                format!("`points` is {p}, but must be above 0 and at most 1000"),
                "write a positive number, e.g. `points = 1`",
            );
            1.0
        }
        Some((p, _)) => p,
    };
    let hint = ctx.text(t, "hint");
    let explanation = ctx.text(t, "explanation");
    let answer = match kind.as_deref() {
        Some(k) => answer(ctx, t, span, k, &within),
        None => None,
    };
    let errors_after = ctx.errors();
    if errors_after > errors_before {
        return None;
    }
    Some(Question {
        id: id?.0,
        prompt: prompt?,
        points,
        hint,
        explanation,
        answer: answer?,
    })
}

fn answer(
    ctx: &mut FileCtx<'_>,
    t: &DeTable<'_>,
    span: &Span,
    kind: &str,
    within: &str,
) -> Option<Answer> {
    let rule_span = span.start..span.start + 1;
    // A rule about one key's value points at that value.
    let at_key = |key: &str| get(t, key).map_or(rule_span.clone(), |v| v.span());
    match kind {
        "single" | "multiple" => {
            let choices = choices(ctx, t, span, within)?;
            let correct = choices.iter().filter(|c| c.correct).count();
            if choices.len() < 2 {
                ctx.report(
                    Code::ChoiceRule,
                    rule_span,
                    format!(
                        "{within} has {}; a `{kind}` question needs at least 2",
                        count(choices.len(), "choice", "choices")
                    ),
                    "add `[[question.choice]]` tables",
                );
                return None;
            }
            if kind == "single" && correct != 1 {
                ctx.report(
                    Code::ChoiceRule,
                    rule_span,
                    format!(
                        "{within} is `single` but has {correct} correct choices; it needs exactly 1"
                    ),
                    if correct == 0 {
                        "mark the right choice with `correct = true`"
                    } else {
                        "use `type = \"multiple\"` or keep one `correct = true`"
                    },
                );
                return None;
            }
            if kind == "multiple" && correct == 0 {
                ctx.report(
                    Code::ChoiceRule,
                    rule_span,
                    format!("{within} has no correct choice"),
                    "mark the right choices with `correct = true`",
                );
                return None;
            }
            if kind == "single" {
                Some(Answer::Single { choices })
            } else {
                let partial = ctx.bool(t, "partial").unwrap_or(false);
                Some(Answer::Multiple { choices, partial })
            }
        }
        "true_false" => {
            if get(t, "answer").is_none() {
                ctx.missing(span.clone(), "answer", within, "answer = true");
                return None;
            }
            ctx.bool(t, "answer")
                .map(|answer| Answer::TrueFalse { answer })
        }
        "number" => {
            if get(t, "answer").is_none() {
                ctx.missing(span.clone(), "answer", within, "answer = 42");
                return None;
            }
            let (answer, _) = ctx.number(t, "answer")?;
            let tolerance = match ctx.number(t, "tolerance") {
                None => 0.0,
                Some((tol, tspan)) if tol < 0.0 => {
                    ctx.report(
                        Code::OutOfRange,
                        tspan,
                        format!("`tolerance` is {tol}, but cannot be negative"),
                        "write how far from `answer` still counts as right, e.g. `tolerance = 0.5`",
                    );
                    return None;
                }
                Some((tol, _)) => tol,
            };
            Some(Answer::Number { answer, tolerance })
        }
        "text" => {
            let list = texts(ctx, t, span, "accept", within, "accept = [\"answer\"]")?;
            if list.is_empty() {
                ctx.report(
                    Code::ChoiceRule,
                    at_key("accept"),
                    format!("{within} accepts no answer"),
                    "list at least one accepted answer in `accept`",
                );
                return None;
            }
            let ignore_diacritics = ctx.bool(t, "ignore_diacritics").unwrap_or(false);
            Some(Answer::Text {
                accept: list,
                ignore_diacritics,
            })
        }
        "order" => {
            let items = texts(
                ctx,
                t,
                span,
                "items",
                within,
                "items = [\"first\", \"second\"]",
            )?;
            if items.len() < 2 {
                ctx.report(
                    Code::ChoiceRule,
                    at_key("items"),
                    format!(
                        "{within} is `order` with {}; it needs at least 2",
                        count(items.len(), "item", "items")
                    ),
                    "list the items in their correct order",
                );
                return None;
            }
            if has_duplicates(items.iter().map(|t| t.default_text())) {
                ctx.report(
                    Code::ChoiceRule,
                    at_key("items"),
                    format!("{within} lists the same item twice, so its order is ambiguous"),
                    "make every item different",
                );
                return None;
            }
            Some(Answer::Order { items })
        }
        "match" => {
            if get(t, "pairs").is_none() {
                ctx.missing(
                    span.clone(),
                    "pairs",
                    within,
                    "pairs = [[\"left\", \"right\"], [\"left 2\", \"right 2\"]]",
                );
                return None;
            }
            let (arr, _) = ctx.array(t, "pairs")?;
            let mut pairs = Vec::new();
            let mut ok = true;
            for v in arr.iter() {
                match v.get_ref() {
                    DeValue::Array(p) if p.len() == 2 => {
                        let mut sides = p.iter();
                        let l = sides.next().and_then(|v| ctx.text_value(v, "pairs"));
                        let r = sides.next().and_then(|v| ctx.text_value(v, "pairs"));
                        match (l, r) {
                            (Some(l), Some(r)) => pairs.push((l, r)),
                            _ => ok = false,
                        }
                    }
                    _ => {
                        ctx.report(
                            Code::WrongType,
                            v.span(),
                            "each entry of `pairs` must be a [left, right] pair",
                            "write `[\"left\", \"right\"]`",
                        );
                        ok = false;
                    }
                }
            }
            if !ok {
                return None;
            }
            if pairs.len() < 2 {
                ctx.report(
                    Code::ChoiceRule,
                    at_key("pairs"),
                    format!(
                        "{within} is `match` with {}; it needs at least 2",
                        count(pairs.len(), "pair", "pairs")
                    ),
                    "add more `[left, right]` pairs",
                );
                return None;
            }
            if has_duplicates(pairs.iter().map(|(_, r)| r.default_text()))
                || has_duplicates(pairs.iter().map(|(l, _)| l.default_text()))
            {
                ctx.report(
                    Code::ChoiceRule,
                    at_key("pairs"),
                    format!("{within} uses the same left or right side twice, so the matching is ambiguous"),
                    "make every left side and every right side different",
                );
                return None;
            }
            Some(Answer::Match { pairs })
        }
        _ => None,
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn has_duplicates<'a>(it: impl Iterator<Item = &'a str>) -> bool {
    let mut seen = HashSet::new();
    it.into_iter().any(|s| !seen.insert(s))
}

fn choices(
    ctx: &mut FileCtx<'_>,
    t: &DeTable<'_>,
    span: &Span,
    within: &str,
) -> Option<Vec<Choice>> {
    if get(t, "choice").is_none() {
        ctx.missing(span.clone(), "choice", within, "[[question.choice]]");
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    let tables = ctx.tables_named(t, "choice", "question.choice")?;
    for (ct, cspan) in tables {
        ctx.check_keys(ct, CHOICE_KEYS, &format!("a choice of {within}"));
        let text = ctx.required_text(ct, &cspan, "text", &format!("a choice of {within}"));
        let correct = ctx.bool(ct, "correct").unwrap_or(false);
        let feedback = ctx.text(ct, "feedback");
        match text {
            Some(text) => out.push(Choice {
                text,
                correct,
                feedback,
            }),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn texts(
    ctx: &mut FileCtx<'_>,
    t: &DeTable<'_>,
    span: &Span,
    key: &'static str,
    within: &str,
    example: &str,
) -> Option<Vec<Text>> {
    if get(t, key).is_none() {
        ctx.missing(span.clone(), key, within, example);
        return None;
    }
    let (arr, _) = ctx.array(t, key)?;
    let mut out = Vec::new();
    let mut ok = true;
    for v in arr.iter() {
        match ctx.text_value(v, key) {
            Some(x) => out.push(x),
            None => ok = false,
        }
    }
    ok.then_some(out)
}
