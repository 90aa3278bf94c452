//! A learner's history in a course as it happened: every item opened or
//! read and every attempt with its answers, each with its time. The store
//! reads it back in this form, and the record bundle carries it out of the
//! machine as it is.

use serde::{Deserialize, Serialize};

use crate::quiz::Response;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemRecord {
    pub item: String,
    /// `opened` or `read` (to the end).
    pub event: String,
    pub at: String,
    /// The content language it was studied in (not known for records
    /// made before Slate noted it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// One visit to an item: how long the learner stayed, ending at `at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitRecord {
    pub item: String,
    pub seconds: u64,
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttemptRecord {
    pub quiz: String,
    pub number: u32,
    pub started_at: String,
    /// Absent while the attempt is still open.
    pub finished_at: Option<String>,
    pub points: Option<f64>,
    pub max: Option<f64>,
    pub passed: Option<bool>,
    pub answers: Vec<AnswerRecord>,
    /// Time spent on the quiz while the attempt was open, fixed when it
    /// ended (not known for attempts that ended before Slate noted it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerRecord {
    pub question: String,
    /// Where the question stood in the order shown.
    pub position: u32,
    /// As given; indices refer to the package's own order.
    pub response: Response,
    pub points: f64,
    pub max: f64,
    pub correct: bool,
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}
