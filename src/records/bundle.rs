//! The record bundle: one learner's history in one or more courses, as one
//! JSON file a teacher carries to the issuer. It holds the evidence (every
//! lesson read and every answer as given, with times) and the grades this
//! Slate computed; the issuer re-grades the evidence and trusts only that.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::course::{Course, ItemKind};
pub use crate::progress::history::{AnswerRecord, AttemptRecord, ItemRecord, VisitRecord};
use crate::progress::{LearnerEvent, Progress};
use crate::quiz::{Attempt, Grade, grade};
use crate::text::quote;

/// What `format` says in every bundle.
pub const FORMAT: &str = "slate-record-bundle";
/// Bumped when a field changes meaning; readers refuse newer versions.
/// 2 added the language things were studied in, visits and an attempt's
/// time (all optional: a version 1 bundle reads as one without them).
pub const FORMAT_VERSION: u32 = 2;
/// Bundles are small; anything larger is not one.
pub const MAX_BUNDLE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub format: String,
    pub format_version: u32,
    /// When the bundle was written (RFC 3339, UTC).
    pub exported_at: String,
    /// `slate <version>`.
    pub exported_by: String,
    pub learner: LearnerRecord,
    pub courses: Vec<CourseRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearnerRecord {
    /// A UUID that stays the same on every machine the data folder is
    /// copied to.
    pub id: String,
    pub name: String,
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseRecord {
    pub id: String,
    pub version: String,
    pub title: String,
    /// [`crate::course::package_digest`] of the package studied.
    pub digest: String,
    /// Lessons opened and read, in the order they happened.
    pub items: Vec<ItemRecord>,
    pub attempts: Vec<AttemptRecord>,
    /// Visits to items with the time spent in each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub visits: Vec<VisitRecord>,
    pub grades: Grades,
    /// Rows of the store left out as unreadable (never in the file: said
    /// by the command that made it).
    #[serde(skip)]
    pub unreadable: usize,
}

/// A moment the course was complete with a score: see
/// [`CourseRecord::completions`].
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub at: String,
    /// Share of all quiz points then, 0 to 1.
    pub score: f64,
    /// The language of the step that completed it, where recorded.
    pub lang: Option<String>,
}

/// The grades of a course, as `[completion]` defines them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grades {
    pub lessons_read: usize,
    pub lessons_total: usize,
    /// Share of all quiz points, best finished attempt of each quiz.
    pub quiz_score: f64,
    pub pass_score: f64,
    pub require_all_lessons: bool,
    pub complete: bool,
}

impl Grades {
    /// The same grades, up to floating-point noise in the scores.
    pub fn agrees_with(&self, other: &Grades) -> bool {
        self.lessons_read == other.lessons_read
            && self.lessons_total == other.lessons_total
            && same(self.quiz_score, other.quiz_score)
            && same(self.pass_score, other.pass_score)
            && self.require_all_lessons == other.require_all_lessons
            && self.complete == other.complete
    }
}

impl CourseRecord {
    /// The record of `history` in `course`, graded as the player grades.
    pub fn new(course: &Course, digest: String, history: crate::store::History) -> CourseRecord {
        let crate::store::History {
            items,
            attempts,
            visits,
            unreadable,
            ..
        } = history;
        let mut record = CourseRecord {
            id: course.id.clone(),
            version: course.version.clone(),
            title: course.title.default_text().to_string(),
            digest,
            items,
            attempts,
            visits,
            unreadable,
            grades: Grades {
                lessons_read: 0,
                lessons_total: 0,
                quiz_score: 0.0,
                pass_score: 0.0,
                require_all_lessons: false,
                complete: false,
            },
        };
        record.grades = record.grade(course);
        record
    }

    /// The progress these records amount to, so that completion is decided
    /// by the very code the player uses: the records are replayed as the
    /// events they were, through the one writer of progress.
    pub fn progress(&self) -> Progress {
        let mut p = Progress::default();
        let course = || self.id.clone();
        for it in &self.items {
            let item = it.item.clone();
            p.apply(&if it.event == "read" {
                LearnerEvent::LessonRead {
                    course: course(),
                    item,
                }
            } else {
                LearnerEvent::ItemOpened {
                    course: course(),
                    item,
                }
            });
        }
        for a in self.attempts.iter().filter(|a| a.finished_at.is_some()) {
            apply_finished(&mut p, &self.id, a);
        }
        p
    }

    pub fn grade(&self, course: &Course) -> Grades {
        let p = self.progress();
        Grades {
            lessons_read: p.lessons_read(course),
            lessons_total: course.lessons().count(),
            quiz_score: p.quiz_share(course),
            pass_score: course.completion.pass_score,
            require_all_lessons: course.completion.require_all_lessons,
            complete: p.complete(course),
        }
    }

    /// Grades every answer again against `course` and checks that each
    /// attempt's score and verdict follow from them. The first mismatch is
    /// the reason to refuse the record.
    pub fn regrade(&self, course: &Course) -> Result<Grades, String> {
        let quizzes: HashMap<&str, _> = course
            .quizzes()
            .map(|(item, quiz)| (item.id.as_str(), quiz))
            .collect();
        let mut numbers = std::collections::HashSet::new();
        // Finished attempts count against the limit; numbers may leave gaps
        // (an attempt set aside when its quiz changed is not in a bundle).
        let mut finished: HashMap<&str, u32> = HashMap::new();
        for a in &self.attempts {
            let Some(quiz) = quizzes.get(a.quiz.as_str()) else {
                return Err(format!("quiz {} is not in this course", quote(&a.quiz)));
            };
            if a.number == 0 || !numbers.insert((a.quiz.as_str(), a.number)) {
                return Err(format!(
                    "quiz {} has attempt number {} twice (or a number 0)",
                    quote(&a.quiz),
                    a.number
                ));
            }
            let used = finished.entry(a.quiz.as_str()).or_default();
            *used += u32::from(a.finished_at.is_some());
            if quiz.max_attempts > 0 && *used > quiz.max_attempts {
                return Err(format!(
                    "quiz {} allows {} attempts, but {} are recorded",
                    quote(&a.quiz),
                    quiz.max_attempts,
                    *used
                ));
            }
            let mut answered = std::collections::HashSet::new();
            let mut points = 0.0;
            for answer in &a.answers {
                if !answered.insert(answer.question.as_str()) {
                    return Err(format!(
                        "quiz {}, attempt {}: question {} is answered twice",
                        quote(&a.quiz),
                        a.number,
                        quote(&answer.question)
                    ));
                }
                let Some(q) = quiz.questions.iter().find(|q| q.id == answer.question) else {
                    return Err(format!(
                        "quiz {} has no question {}",
                        quote(&a.quiz),
                        quote(&answer.question)
                    ));
                };
                let again: Grade = grade(q, &answer.response);
                if !same(again.points, answer.points)
                    || !same(again.max, answer.max)
                    || again.correct != answer.correct
                {
                    return Err(format!(
                        "the answer to {} in quiz {}, attempt {}, is worth {} of {} points, not the {} recorded",
                        quote(&answer.question),
                        quote(&a.quiz),
                        a.number,
                        again.points,
                        again.max,
                        answer.points
                    ));
                }
                points += again.points;
            }
            if a.finished_at.is_some() {
                let max = quiz.total_points();
                let share = if max > 0.0 { points / max } else { 0.0 };
                let passed = share + 1e-9 >= quiz.pass_score;
                if !a.points.is_some_and(|p| same(p, points))
                    || !a.max.is_some_and(|m| same(m, max))
                    || a.passed != Some(passed)
                {
                    return Err(format!(
                        "quiz {}, attempt {}: its answers give {points} of {max} points ({}), not what is recorded",
                        quote(&a.quiz),
                        a.number,
                        if passed { "passed" } else { "not passed" }
                    ));
                }
            }
        }
        for it in &self.items {
            if course.item(&it.item).is_none() {
                return Err(format!("item {} is not in this course", quote(&it.item)));
            }
        }
        let grades = self.grade(course);
        if !grades.agrees_with(&self.grades) {
            return Err(format!(
                "the grades recorded (score {:.4}, {} lessons read, complete: {}) differ from the evidence (score {:.4}, {} lessons read, complete: {})",
                self.grades.quiz_score,
                self.grades.lessons_read,
                self.grades.complete,
                grades.quiz_score,
                grades.lessons_read,
                grades.complete
            ));
        }
        Ok(grades)
    }

    /// Each time the course became complete or, complete, changed score:
    /// the history replayed in time order through [`Progress::apply`], so
    /// that a retake that raises the score is a new completion (an xAPI
    /// statement never changes), and one that lowers an attempt's score
    /// but not the best is none.
    pub fn completions(&self, course: &Course) -> Vec<Completion> {
        enum Step<'a> {
            Item(&'a ItemRecord),
            Attempt(&'a AttemptRecord),
        }
        let mut steps: Vec<(time::OffsetDateTime, &str, Step)> = Vec::new();
        for it in &self.items {
            steps.push((instant(&it.at), it.at.as_str(), Step::Item(it)));
        }
        for a in &self.attempts {
            if let Some(at) = a.finished_at.as_deref() {
                steps.push((instant(at), at, Step::Attempt(a)));
            }
        }
        // A stable sort: in one instant, lessons before attempts, each in
        // the order recorded.
        steps.sort_by_key(|(t, _, _)| *t);
        let mut p = Progress::default();
        let mut out: Vec<Completion> = Vec::new();
        for (_, at, step) in steps {
            let lang = match step {
                Step::Item(it) => {
                    let item = it.item.clone();
                    let course = self.id.clone();
                    p.apply(&if it.event == "read" {
                        LearnerEvent::LessonRead { course, item }
                    } else {
                        LearnerEvent::ItemOpened { course, item }
                    });
                    it.lang.clone()
                }
                Step::Attempt(a) => {
                    apply_finished(&mut p, &self.id, a);
                    a.lang.clone()
                }
            };
            if !p.complete(course) {
                continue;
            }
            let score = p.quiz_share(course).clamp(0.0, 1.0);
            if out.last().is_none_or(|c| !same(c.score, score)) {
                out.push(Completion {
                    at: at.to_string(),
                    score,
                    lang,
                });
            }
        }
        out
    }

    pub fn is_lesson(course: &Course, id: &str) -> bool {
        course
            .item(id)
            .is_some_and(|i| matches!(i.kind, ItemKind::Lesson(_)))
    }
}

/// A finished attempt into progress: the grades rest on each finished
/// attempt's score alone.
fn apply_finished(p: &mut Progress, course: &str, a: &AttemptRecord) {
    p.apply(&LearnerEvent::AttemptStarted {
        course: course.to_string(),
        quiz: a.quiz.clone(),
        attempt: Attempt {
            number: a.number,
            seed: 0,
            shown: Vec::new(),
            answers: Vec::new(),
        },
    });
    p.apply(&LearnerEvent::QuizFinished {
        course: course.to_string(),
        quiz: a.quiz.clone(),
        attempt: a.number,
        points: a.points.unwrap_or(0.0),
        max: a.max.unwrap_or(0.0),
        passed: a.passed.unwrap_or(false),
    });
}

/// A recorded time as an instant, for ordering (text does not sort
/// RFC 3339 times with and without fractions); unreadable ones first.
pub(crate) fn instant(at: &str) -> time::OffsetDateTime {
    time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

impl Bundle {
    pub fn new(learner: LearnerRecord, courses: Vec<CourseRecord>, now: String) -> Bundle {
        Bundle {
            format: FORMAT.to_string(),
            format_version: FORMAT_VERSION,
            exported_at: now,
            exported_by: format!("slate {}", env!("CARGO_PKG_VERSION")),
            learner,
            courses,
        }
    }

    /// Reads a bundle, refusing what is not one or is from a newer Slate.
    pub fn parse(bytes: &[u8]) -> Result<Bundle, String> {
        #[derive(Deserialize)]
        struct Head {
            format: Option<String>,
            format_version: Option<u32>,
        }
        let head: Head = serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
        if head.format.as_deref() != Some(FORMAT) {
            return Err(format!(
                "not a Slate record bundle (no \"format\": \"{FORMAT}\")"
            ));
        }
        match head.format_version {
            Some(v) if v > FORMAT_VERSION => {
                return Err(format!(
                    "written by a newer Slate (bundle format {v}; this Slate reads up to {FORMAT_VERSION})"
                ));
            }
            None => return Err("no format_version".into()),
            _ => {}
        }
        let bundle: Bundle =
            serde_json::from_slice(bytes).map_err(|e| format!("a field is wrong: {e}"))?;
        if uuid::Uuid::parse_str(&bundle.learner.id).is_err() {
            return Err(format!(
                "the learner id {} is not a UUID",
                quote(&bundle.learner.id)
            ));
        }
        Ok(bundle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_survive_a_trip_through_json() {
        for (k, n) in [(10.0, 11.0), (2.0, 3.0), (17.0, 19.0), (1.0, 7.0)] {
            let g = Grades {
                lessons_read: 1,
                lessons_total: 1,
                quiz_score: k / n,
                pass_score: 0.7,
                require_all_lessons: true,
                complete: true,
            };
            // Read back possibly one unit in the last place off (serde_json
            // without float_roundtrip, as in the release build): agreed.
            let back: Grades = serde_json::from_str(&serde_json::to_string(&g).unwrap()).unwrap();
            assert!(back.agrees_with(&g), "{k}/{n}");
        }
    }
}
