//! Reading and checking one quiz file (TOML) into the course model.

use std::collections::HashSet;

use toml::de::{DeTable, DeValue};

use super::diagnostic::Code;
use super::model::{
    Accepted, Answer, Choice, DEFAULT_PASS_SCORE, FeedbackMode, NumberKey, QUESTION_TYPES,
    Question, Quiz, Text,
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
const CHOICE_KEYS: &[&str] = &["text", "correct", "feedback", "credit"];
/// `[[question.accepted]]` keys, of `text` and of `number` questions.
const ACCEPTED_TEXT_KEYS: &[&str] = &["text", "credit", "feedback"];
const ACCEPTED_NUMBER_KEYS: &[&str] = &["answer", "tolerance", "credit", "feedback"];
const ACCEPTED_KEYS: &[&str] = &["text", "answer", "tolerance", "credit", "feedback"];
/// Keys of package format 2 in a question (and `credit` in a choice).
const FORMAT_2_KEYS: &[&str] = &[
    "feedback_true",
    "feedback_false",
    "accepted",
    "case_sensitive",
];
/// How far from 1 the positive credits of a `multiple` question may add
/// up (GIFT's thirds, `%33.33333%`, add up to 99.99999%).
pub const CREDIT_SUM_TOLERANCE: f64 = 0.001;
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
    "feedback_true",
    "feedback_false",
    "accepted",
    "case_sensitive",
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
            children: &[
                (
                    "choice",
                    &Schema {
                        keys: CHOICE_KEYS,
                        within: "a `[[question.choice]]`",
                        children: &[],
                        refine: None,
                    },
                ),
                (
                    "accepted",
                    &Schema {
                        keys: ACCEPTED_KEYS,
                        within: "a `[[question.accepted]]`",
                        children: &[],
                        refine: None,
                    },
                ),
            ],
        },
    )],
};

/// Keys a question of each type may have beyond the common ones.
fn type_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "single" => &["choice"],
        "multiple" => &["choice", "partial"],
        "true_false" => &["answer", "feedback_true", "feedback_false"],
        "text" => &["accept", "ignore_diacritics", "case_sensitive", "accepted"],
        "number" => &["answer", "tolerance", "accepted"],
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
    for key in FORMAT_2_KEYS {
        needs_format_2(ctx, t, key);
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
            let choices = choices(ctx, t, span, within, kind)?;
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
                let credited = Choice::credited(&choices);
                if credited {
                    let sum: f64 = choices.iter().map(Choice::share).filter(|&c| c > 0.0).sum();
                    if (sum - 1.0).abs() > CREDIT_SUM_TOLERANCE {
                        ctx.report(
                            Code::ChoiceRule,
                            rule_span,
                            format!(
                                "the positive credits of {within} add up to {}, not 1",
                                (sum * 1e6).round() / 1e6
                            ),
                            "make the credits of the right choices add up to 1, e.g. 0.5 and 0.5",
                        );
                        return None;
                    }
                    if get(t, "partial").is_some() {
                        ctx.report(
                            Code::ChoiceRule,
                            at_key("partial"),
                            format!("{within} has both `partial` and choice credits"),
                            "remove `partial`: the credits already say what each choice is worth",
                        );
                        return None;
                    }
                }
                let partial = ctx.bool(t, "partial").unwrap_or(false);
                Some(Answer::Multiple { choices, partial })
            }
        }
        "true_false" => {
            if get(t, "answer").is_none() {
                ctx.missing(span.clone(), "answer", within, "answer = true");
                return None;
            }
            let feedback_true = ctx.text(t, "feedback_true");
            let feedback_false = ctx.text(t, "feedback_false");
            ctx.bool(t, "answer").map(|answer| Answer::TrueFalse {
                answer,
                feedback_true,
                feedback_false,
            })
        }
        "number" => {
            let accepted = accepted_numbers(ctx, t, within)?;
            let key = if get(t, "answer").is_some() || accepted.is_empty() {
                if get(t, "answer").is_none() {
                    ctx.missing(span.clone(), "answer", within, "answer = 42");
                    return None;
                }
                let (answer, _) = ctx.number(t, "answer")?;
                let tolerance = tolerance(ctx, t)?;
                NumberKey { answer, tolerance }
            } else {
                if let Some(v) = get(t, "tolerance") {
                    ctx.report(
                        Code::ChoiceRule,
                        v.span(),
                        format!("{within} has `tolerance` but no `answer`"),
                        "write the tolerance in each `[[question.accepted]]`",
                    );
                    return None;
                }
                match accepted.iter().find(|a| a.credit >= 1.0) {
                    Some(a) => a.value,
                    None => {
                        no_full_credit(ctx, rule_span, within);
                        return None;
                    }
                }
            };
            Some(Answer::Number {
                answer: key.answer,
                tolerance: key.tolerance,
                accepted,
            })
        }
        "text" => {
            let accepted = accepted_texts(ctx, t, within)?;
            let mut list = if get(t, "accept").is_some() || accepted.is_empty() {
                texts(ctx, t, span, "accept", within, "accept = [\"answer\"]")?
            } else {
                Vec::new()
            };
            if list.is_empty() && accepted.is_empty() {
                ctx.report(
                    Code::ChoiceRule,
                    at_key("accept"),
                    format!("{within} accepts no answer"),
                    "list at least one accepted answer in `accept`",
                );
                return None;
            }
            list.extend(
                accepted
                    .iter()
                    .filter(|a| a.credit >= 1.0)
                    .map(|a| a.value.clone()),
            );
            if list.is_empty() {
                no_full_credit(ctx, rule_span, within);
                return None;
            }
            let ignore_diacritics = ctx.bool(t, "ignore_diacritics").unwrap_or(false);
            let case_sensitive = ctx.bool(t, "case_sensitive").unwrap_or(false);
            Some(Answer::Text {
                accept: list,
                ignore_diacritics,
                case_sensitive,
                accepted,
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
    kind: &str,
) -> Option<Vec<Choice>> {
    if get(t, "choice").is_none() {
        ctx.missing(span.clone(), "choice", within, "[[question.choice]]");
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    let tables = ctx.tables_named(t, "choice", "question.choice")?;
    for (ct, cspan) in tables {
        let of = format!("a choice of {within}");
        ctx.check_keys(ct, CHOICE_KEYS, &of);
        needs_format_2(ctx, ct, "credit");
        let text = ctx.required_text(ct, &cspan, "text", &of);
        let written = ctx.bool(ct, "correct");
        let credit = match ctx.number(ct, "credit") {
            Some((c, cspan)) if !(-1.0..=1.0).contains(&c) => {
                ctx.report(
                    Code::OutOfRange,
                    cspan,
                    format!("`credit` is {c}, but must be from -1 to 1"),
                    "write the share of the points the choice is worth, e.g. `credit = 0.5`",
                );
                ok = false;
                None
            }
            Some((c, cspan)) => Some((c, cspan)),
            None => None,
        };
        // With a credit, `correct` follows from it: full credit in
        // `single`, any credit above 0 in `multiple`. Written as well, it
        // must agree.
        let correct = match credit {
            None => written.unwrap_or(false),
            Some((c, ref cspan)) => {
                let derived = if kind == "single" { c >= 1.0 } else { c > 0.0 };
                if let Some(w) = written
                    && w != derived
                {
                    let meaning = if kind == "single" {
                        "in `single`, `correct = true` means `credit = 1`"
                    } else {
                        "in `multiple`, `correct = true` means a credit above 0"
                    };
                    ctx.report(
                        Code::ChoiceRule,
                        cspan.clone(),
                        format!("{of} has `correct = {w}` but `credit = {c}`"),
                        format!("{meaning}: keep only `credit`"),
                    );
                    ok = false;
                }
                derived
            }
        };
        let feedback = ctx.text(ct, "feedback");
        match text {
            Some(text) => out.push(Choice {
                text,
                correct,
                feedback,
                credit: credit.map(|(c, _)| c),
            }),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// A key of package format 2 in a package that says `format = 1`.
fn needs_format_2(ctx: &mut FileCtx<'_>, t: &DeTable<'_>, key: &str) {
    if ctx.package_format >= 2 {
        return;
    }
    let Some((k, _)) = t.get_key_value(key) else {
        return;
    };
    ctx.report(
        Code::NeedsFormat2,
        k.span(),
        format!("`{key}` is a key of package format 2, but course.toml says `format = 1`"),
        "write `format = 2` in course.toml (an older Slate then refuses the course instead of grading it wrongly)",
    );
}

fn no_full_credit(ctx: &mut FileCtx<'_>, span: Span, within: &str) {
    ctx.report(
        Code::ChoiceRule,
        span,
        format!("no answer of {within} is worth full credit"),
        "give one accepted answer `credit = 1` (the default)",
    );
}

fn tolerance(ctx: &mut FileCtx<'_>, t: &DeTable<'_>) -> Option<f64> {
    match ctx.number(t, "tolerance") {
        None => Some(0.0),
        Some((tol, tspan)) if tol < 0.0 => {
            ctx.report(
                Code::OutOfRange,
                tspan,
                format!("`tolerance` is {tol}, but cannot be negative"),
                "write how far from `answer` still counts as right, e.g. `tolerance = 0.5`",
            );
            None
        }
        Some((tol, _)) => Some(tol),
    }
}

/// An accepted answer's `credit` (default 1, above 0 and at most 1) and
/// `feedback`.
fn credit_and_feedback(ctx: &mut FileCtx<'_>, t: &DeTable<'_>) -> Option<(f64, Option<Text>)> {
    let credit = match ctx.number(t, "credit") {
        None => 1.0,
        Some((c, cspan)) if c <= 0.0 || c > 1.0 => {
            ctx.report(
                Code::OutOfRange,
                cspan,
                format!("`credit` is {c}, but must be above 0 and at most 1"),
                "write the share of the points the answer earns, e.g. `credit = 0.5`",
            );
            return None;
        }
        Some((c, _)) => c,
    };
    Some((credit, ctx.text(t, "feedback")))
}

/// `[[question.accepted]]` of a question (none if absent), each table's
/// keys checked against `keys` and its answer read by `value`, then its
/// credit and feedback.
fn accepted<T>(
    ctx: &mut FileCtx<'_>,
    t: &DeTable<'_>,
    within: &str,
    keys: &[&str],
    mut value: impl FnMut(&mut FileCtx<'_>, &DeTable<'_>, &Span, &str) -> Option<T>,
) -> Option<Vec<Accepted<T>>> {
    if get(t, "accepted").is_none() {
        return Some(Vec::new());
    }
    let tables = ctx.tables_named(t, "accepted", "question.accepted")?;
    let mut out = Vec::new();
    let mut ok = true;
    for (at, aspan) in tables {
        let of = format!("an accepted answer of {within}");
        ctx.check_keys(at, keys, &of);
        let v = value(ctx, at, &aspan, &of);
        match (v, credit_and_feedback(ctx, at)) {
            (Some(value), Some((credit, feedback))) => out.push(Accepted {
                value,
                credit,
                feedback,
            }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

/// `[[question.accepted]]` of a `text` question: a `text` each.
fn accepted_texts(
    ctx: &mut FileCtx<'_>,
    t: &DeTable<'_>,
    within: &str,
) -> Option<Vec<Accepted<Text>>> {
    accepted(ctx, t, within, ACCEPTED_TEXT_KEYS, |ctx, at, aspan, of| {
        ctx.required_text(at, aspan, "text", of)
    })
}

/// `[[question.accepted]]` of a `number` question: an `answer` and a
/// `tolerance` each.
fn accepted_numbers(
    ctx: &mut FileCtx<'_>,
    t: &DeTable<'_>,
    within: &str,
) -> Option<Vec<Accepted<NumberKey>>> {
    accepted(
        ctx,
        t,
        within,
        ACCEPTED_NUMBER_KEYS,
        |ctx, at, aspan, of| {
            if get(at, "answer").is_none() {
                ctx.missing(aspan.clone(), "answer", of, "answer = 42");
                return None;
            }
            let answer = ctx.number(at, "answer").map(|(n, _)| n);
            let tolerance = tolerance(ctx, at);
            Some(NumberKey {
                answer: answer?,
                tolerance: tolerance?,
            })
        },
    )
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
