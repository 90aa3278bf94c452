//! The course as the rest of Slate sees it once a package has loaded without
//! errors. Plain data: no UI, no I/O.

use serde::{Deserialize, Serialize};

/// A human-readable text in one or more languages. The first entry is always
/// the package's default language; all text is NFC-normalised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Text(pub Vec<(String, String)>);

impl Text {
    pub fn plain(s: impl Into<String>, lang: &str) -> Self {
        Text(vec![(lang.to_string(), s.into())])
    }

    /// The text in `lang` where the package has it, else the default.
    pub fn get(&self, lang: &str) -> &str {
        self.0
            .iter()
            .find(|(l, _)| l.eq_ignore_ascii_case(lang))
            .or_else(|| self.0.first())
            .map_or("", |(_, s)| s.as_str())
    }

    /// The text without its empty languages, unless it has none in its
    /// default language.
    pub fn non_empty(mut self) -> Option<Self> {
        if self.default_text().trim().is_empty() {
            return None;
        }
        self.0.retain(|(_, s)| !s.trim().is_empty());
        Some(self)
    }

    pub fn default_text(&self) -> &str {
        self.0.first().map_or("", |(_, s)| s.as_str())
    }

    /// Every form of this text, for matching typed answers in any language.
    pub fn variants(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(_, s)| s.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Course {
    pub id: String,
    pub version: String,
    /// Default content language.
    pub language: String,
    /// Every language the package has content in, default first.
    pub languages: Vec<String>,
    pub title: Text,
    pub summary: Option<Text>,
    pub authors: Vec<String>,
    pub license: Option<String>,
    pub minutes: Option<u32>,
    pub completion: Completion,
    pub credential: Option<Credential>,
    pub modules: Vec<Module>,
    pub items: Vec<Item>,
}

impl Course {
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// A module's items in study order, each with its index in `items`.
    pub fn items_of<'a>(&'a self, module: &'a Module) -> impl Iterator<Item = (usize, &'a Item)> {
        module
            .items
            .iter()
            .filter_map(|&i| Some((i, self.items.get(i)?)))
    }

    pub fn lessons(&self) -> impl Iterator<Item = (&Item, &Lesson)> {
        self.items.iter().filter_map(|i| match &i.kind {
            ItemKind::Lesson(l) => Some((i, l)),
            ItemKind::Quiz(_) | ItemKind::Unavailable(_) => None,
        })
    }

    pub fn quizzes(&self) -> impl Iterator<Item = (&Item, &Quiz)> {
        self.items.iter().filter_map(|i| match &i.kind {
            ItemKind::Quiz(q) => Some((i, q)),
            ItemKind::Lesson(_) | ItemKind::Unavailable(_) => None,
        })
    }

    /// The items the package names but that cannot be studied.
    pub fn unavailable(&self) -> impl Iterator<Item = (&Item, &Unavailable)> {
        self.items.iter().filter_map(|i| match &i.kind {
            ItemKind::Unavailable(u) => Some((i, u)),
            ItemKind::Lesson(_) | ItemKind::Quiz(_) => None,
        })
    }

    /// Whether a learner can complete the course as it is: not when a quiz
    /// cannot be opened (its points are part of the pass score, and
    /// unknown), nor a lesson while every lesson must be read.
    pub fn completable(&self) -> bool {
        self.unavailable()
            .all(|(_, u)| !u.quiz && !self.completion.require_all_lessons)
    }

    /// The content language to show a learner who prefers `wanted`.
    pub fn content_language(&self, wanted: &str) -> &str {
        let primary = |t: &str| t.split('-').next().unwrap_or(t).to_ascii_lowercase();
        self.languages
            .iter()
            .find(|l| l.eq_ignore_ascii_case(wanted))
            .or_else(|| {
                self.languages
                    .iter()
                    .find(|l| primary(l) == primary(wanted))
            })
            .unwrap_or(&self.language)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Completion {
    /// Share of all quiz points (best attempt of each quiz) needed.
    pub pass_score: f64,
    /// Every lesson must be read to its end.
    pub require_all_lessons: bool,
}

impl Default for Completion {
    fn default() -> Self {
        Completion {
            pass_score: DEFAULT_PASS_SCORE,
            require_all_lessons: true,
        }
    }
}

/// Used for `[completion] pass_score` and a quiz's `pass_score` when absent.
pub const DEFAULT_PASS_SCORE: f64 = 0.7;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Credential {
    pub achievement_id: Option<String>,
    /// Open Badges' `achievementType` (`Certificate`, `Course`, … or `ext:…`).
    pub achievement_type: Option<String>,
    pub criteria: Option<Text>,
    /// The badge image's URL (`https:` or `data:`).
    pub image: Option<String>,
    /// Whether credentials name the learner (`credentialSubject.name`);
    /// off by default, as a name is personal data.
    pub include_name: bool,
    pub issuer: Option<Issuer>,
    pub alignment: Vec<Alignment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issuer {
    pub name: String,
    pub url: Option<String>,
    pub image: Option<String>,
    pub description: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alignment {
    pub framework: String,
    pub code: Option<String>,
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Module {
    pub id: String,
    pub title: Text,
    /// Indices into [`Course::items`], in study order.
    pub items: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    /// Path inside the package.
    pub path: String,
    pub kind: ItemKind,
}

impl Item {
    pub fn title(&self) -> &Text {
        match &self.kind {
            ItemKind::Lesson(l) => &l.title,
            ItemKind::Quiz(q) => &q.title,
            ItemKind::Unavailable(u) => &u.title,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ItemKind {
    Lesson(Lesson),
    Quiz(Quiz),
    Unavailable(Unavailable),
}

/// An item the package names that cannot be studied, because its file is
/// missing or breaks a rule (the rule of the format's "Errors": an error
/// confined to one item closes that item, not the course). It is listed so
/// that the learner knows, and nothing is recorded for it; progress
/// already recorded under its id is left as it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unavailable {
    /// Its title where it could be read, else its file name.
    pub title: Text,
    /// It was to be a quiz (else a lesson).
    pub quiz: bool,
    /// The first error, on one line: `file:line: message`.
    pub reason: String,
}

/// A lesson's metadata; its Markdown is read from the package when opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    pub title: Text,
    pub minutes: Option<u32>,
    /// (language tag, package path) of each translation file.
    pub translations: Vec<(String, String)>,
}

impl Lesson {
    /// The file to show a reader of `lang`: its translation, else the default.
    pub fn path_for<'a>(&'a self, item: &'a Item, lang: &str) -> &'a str {
        self.translations
            .iter()
            .find(|(l, _)| l.eq_ignore_ascii_case(lang))
            .map_or(item.path.as_str(), |(_, p)| p.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedbackMode {
    /// After each answer.
    Immediate,
    /// After the last question.
    End,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quiz {
    pub title: Text,
    pub pass_score: f64,
    /// 0: unlimited.
    pub max_attempts: u32,
    pub shuffle: bool,
    pub feedback: FeedbackMode,
    pub questions: Vec<Question>,
    /// The questions are still in the package (an outline from the cache):
    /// read them with [`crate::course::load::quiz_body`] before use.
    pub lazy: bool,
    /// With `lazy`, what the questions are worth in all.
    pub points: f64,
}

impl Quiz {
    pub fn total_points(&self) -> f64 {
        if self.lazy {
            self.points
        } else {
            self.questions.iter().map(|q| q.points).sum()
        }
    }

    /// The quiz without its questions, as the outline cache keeps it.
    pub fn outline(&self) -> Quiz {
        Quiz {
            title: self.title.clone(),
            pass_score: self.pass_score,
            max_attempts: self.max_attempts,
            shuffle: self.shuffle,
            feedback: self.feedback,
            questions: Vec::new(),
            lazy: true,
            points: self.total_points(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub prompt: Text,
    pub points: f64,
    pub hint: Option<Text>,
    pub explanation: Option<Text>,
    pub answer: Answer,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub text: Text,
    /// Right: in `single`, worth full credit; in `multiple`, worth some
    /// (with `credit`, derived from it by the checker).
    pub correct: bool,
    pub feedback: Option<Text>,
    /// Format 2: the share of the question's points the choice is worth,
    /// -1 to 1; `None` when `correct` says all or nothing.
    pub credit: Option<f64>,
}

impl Choice {
    /// What picking this choice is worth, as a share of the points.
    pub fn share(&self) -> f64 {
        self.credit.unwrap_or(if self.correct { 1.0 } else { 0.0 })
    }

    /// Whether the choices carry credits (format 2) rather than only
    /// `correct`.
    pub fn credited(choices: &[Choice]) -> bool {
        choices.iter().any(|c| c.credit.is_some())
    }

    /// The places of the correct choices among `choices`, in order: the
    /// answer key of a `single` or `multiple` question.
    pub fn correct_indices(choices: &[Choice]) -> Vec<usize> {
        choices
            .iter()
            .enumerate()
            .filter(|(_, c)| c.correct)
            .map(|(i, _)| i)
            .collect()
    }
}

/// Format 2: a typed answer that earns `credit` (0 < credit ≤ 1), with the
/// feedback shown to a learner who gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Accepted<T> {
    pub value: T,
    pub credit: f64,
    pub feedback: Option<Text>,
}

/// A number and how far from it still counts, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NumberKey {
    pub answer: f64,
    pub tolerance: f64,
}

/// What counts as right, per question type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Single {
        choices: Vec<Choice>,
    },
    Multiple {
        choices: Vec<Choice>,
        partial: bool,
    },
    TrueFalse {
        answer: bool,
        /// Format 2: shown after the learner answers true / false.
        feedback_true: Option<Text>,
        feedback_false: Option<Text>,
    },
    Text {
        /// The answers worth full credit (with `accepted`, those of full
        /// credit among them too).
        accept: Vec<Text>,
        ignore_diacritics: bool,
        /// Format 2: upper and lower case are told apart.
        case_sensitive: bool,
        /// Format 2: answers with a credit and a feedback each.
        accepted: Vec<Accepted<Text>>,
    },
    Number {
        /// A full-credit answer (with only `accepted`, the first of them).
        answer: f64,
        tolerance: f64,
        /// Format 2: answers with a credit and a feedback each.
        accepted: Vec<Accepted<NumberKey>>,
    },
    Order {
        items: Vec<Text>,
    },
    Match {
        pairs: Vec<(Text, Text)>,
    },
}

/// How a learner gives the answer to a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerForm {
    /// One option (`single`, `true_false`).
    PickOne,
    /// Any number of options (`multiple`).
    PickMany,
    /// Every option, in an order (`order`).
    Sequence,
    /// For each left side in turn, one of the right sides (`match`).
    Pairs,
    /// Text or a number, typed (`text`, `number`).
    Typed,
}

/// In what order an attempt shows a question's options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrangement {
    /// Always as written (true/false, or nothing to arrange).
    Fixed,
    /// Shuffled when the quiz shuffles (choices).
    Shuffled,
    /// Always out of order, since the order written is the answer
    /// (order items, the right sides of match pairs).
    Scrambled,
}

impl Answer {
    pub fn form(&self) -> AnswerForm {
        match self {
            Answer::Single { .. } | Answer::TrueFalse { .. } => AnswerForm::PickOne,
            Answer::Multiple { .. } => AnswerForm::PickMany,
            Answer::Order { .. } => AnswerForm::Sequence,
            Answer::Match { .. } => AnswerForm::Pairs,
            Answer::Text { .. } | Answer::Number { .. } => AnswerForm::Typed,
        }
    }

    /// How many options the learner picks from (two for true/false; the
    /// right sides for match; none when typed).
    pub fn options(&self) -> usize {
        match self {
            Answer::Single { choices } | Answer::Multiple { choices, .. } => choices.len(),
            Answer::TrueFalse { .. } => 2,
            Answer::Order { items } => items.len(),
            Answer::Match { pairs } => pairs.len(),
            Answer::Text { .. } | Answer::Number { .. } => 0,
        }
    }

    pub fn arrangement(&self) -> Arrangement {
        match self {
            Answer::Single { .. } | Answer::Multiple { .. } => Arrangement::Shuffled,
            Answer::Order { .. } | Answer::Match { .. } => Arrangement::Scrambled,
            Answer::TrueFalse { .. } | Answer::Text { .. } | Answer::Number { .. } => {
                Arrangement::Fixed
            }
        }
    }

    /// How many options an attempt puts in an order of its own (and
    /// records, so that resuming shows the same order).
    pub fn arranged(&self) -> usize {
        match self.arrangement() {
            Arrangement::Fixed => 0,
            Arrangement::Shuffled | Arrangement::Scrambled => self.options(),
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Answer::Single { .. } => "single",
            Answer::Multiple { .. } => "multiple",
            Answer::TrueFalse { .. } => "true_false",
            Answer::Text { .. } => "text",
            Answer::Number { .. } => "number",
            Answer::Order { .. } => "order",
            Answer::Match { .. } => "match",
        }
    }
}

pub const QUESTION_TYPES: &[&str] = &[
    "single",
    "multiple",
    "true_false",
    "text",
    "number",
    "order",
    "match",
];
