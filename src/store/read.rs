//! Reading progress back: a learner's progress for the player (resume), and
//! reports per learner and course for `slate progress`, from the database
//! alone (the outline of each course is stored when it is opened).

use std::collections::HashMap;

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::{Store, StoreError};
use crate::course::{Course, ItemKind};
use crate::progress::{Finished, Progress};
use crate::quiz::{Attempt, Grade, Presented, Response};

/// A course's outline as stored with the progress.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Outline {
    pass_score: f64,
    require_all_lessons: bool,
    modules: Vec<OutlineModule>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct OutlineModule {
    id: String,
    title: String,
    items: Vec<OutlineItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct OutlineItem {
    id: String,
    kind: String,
    title: String,
    /// Quiz points and pass mark.
    points: Option<f64>,
    pass_score: Option<f64>,
    /// For an item that could not be opened: whether it was to be a quiz.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unavailable_quiz: Option<bool>,
}

pub fn outline_json(course: &Course) -> String {
    let outline = Outline {
        pass_score: course.completion.pass_score,
        require_all_lessons: course.completion.require_all_lessons,
        modules: course
            .modules
            .iter()
            .map(|m| OutlineModule {
                id: m.id.clone(),
                title: m.title.default_text().to_string(),
                items: m
                    .items
                    .iter()
                    .filter_map(|&i| course.items.get(i))
                    .map(|it| OutlineItem {
                        id: it.id.clone(),
                        kind: match it.kind {
                            ItemKind::Lesson(_) => "lesson".into(),
                            ItemKind::Quiz(_) => "quiz".into(),
                            ItemKind::Unavailable(_) => "unavailable".into(),
                        },
                        title: it.title().default_text().to_string(),
                        points: match &it.kind {
                            ItemKind::Quiz(q) => Some(q.total_points()),
                            ItemKind::Lesson(_) | ItemKind::Unavailable(_) => None,
                        },
                        pass_score: match &it.kind {
                            ItemKind::Quiz(q) => Some(q.pass_score),
                            ItemKind::Lesson(_) | ItemKind::Unavailable(_) => None,
                        },
                        unavailable_quiz: match &it.kind {
                            ItemKind::Unavailable(u) => Some(u.quiz),
                            ItemKind::Lesson(_) | ItemKind::Quiz(_) => None,
                        },
                    })
                    .collect(),
            })
            .collect(),
    };
    serde_json::to_string(&outline).unwrap_or_default()
}

/// `slate progress`: one learner's record in every course they opened.
#[derive(Debug, Clone, Serialize)]
pub struct LearnerReport {
    pub learner: String,
    pub email: Option<String>,
    pub courses: Vec<CourseReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CourseReport {
    pub course_id: String,
    pub version: String,
    pub title: String,
    pub complete: bool,
    pub lessons_read: usize,
    pub lessons_total: usize,
    /// Share of all quiz points, best attempt of each quiz (0..=1).
    pub quiz_score: f64,
    pub pass_score: f64,
    pub time_spent_seconds: u64,
    pub items: Vec<ItemReport>,
    /// Ids of the items not yet done (lessons not read, quizzes not passed).
    pub still_to_do: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemReport {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub opened: bool,
    pub done: bool,
    pub attempts: u32,
    /// Best score as a share (quizzes).
    pub best_score: Option<f64>,
    pub passed: Option<bool>,
    pub time_spent_seconds: u64,
}

type Rows<T> = Result<Vec<T>, StoreError>;

impl Store {
    /// Everything a learner did, per course id, to resume exactly.
    pub fn load_progress(&self, learner: i64) -> Result<HashMap<String, Progress>, StoreError> {
        let mut out: HashMap<String, Progress> = HashMap::new();
        let mut st = self.conn.prepare_cached(
            "SELECT course_id, item_id, kind FROM item_event WHERE learner_id = ?1",
        )?;
        for row in st.query_map([learner], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (course, item, kind) = row?;
            let p = out.entry(course).or_default();
            match kind.as_str() {
                "read" => p.read.insert(item),
                _ => p.opened.insert(item),
            };
        }
        let mut st = self.conn.prepare_cached(
            "SELECT id, course_id, quiz_id, number, seed, shown, finished_at IS NOT NULL, points, max, passed, outdated
             FROM attempt WHERE learner_id = ?1 ORDER BY course_id, quiz_id, number",
        )?;
        let attempts: Rows<_> = st
            .query_map([learner], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, u32>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, bool>(6)?,
                    r.get::<_, Option<f64>>(7)?,
                    r.get::<_, Option<f64>>(8)?,
                    r.get::<_, Option<bool>>(9)?,
                    r.get::<_, bool>(10)?,
                ))
            })?
            .map(|r| r.map_err(StoreError::from))
            .collect();
        let mut answers = self.conn.prepare_cached(
            "SELECT position, response, points, max, correct FROM answer WHERE attempt_id = ?1",
        )?;
        for (id, course, quiz, number, seed, shown, finished, points, max, passed, outdated) in
            attempts?
        {
            let shown: Vec<Presented> = serde_json::from_str(&shown).unwrap_or_default();
            let mut attempt = Attempt {
                number,
                seed: seed as u64,
                answers: vec![None; shown.len()],
                shown,
            };
            for row in answers.query_map([id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, f64>(2)?,
                    r.get::<_, f64>(3)?,
                    r.get::<_, bool>(4)?,
                ))
            })? {
                let (pos, response, points, max, correct) = row?;
                if let (Ok(response), Some(slot)) = (
                    serde_json::from_str::<Response>(&response),
                    attempt.answers.get_mut(pos as usize),
                ) {
                    *slot = Some((
                        response,
                        Grade {
                            points,
                            max,
                            correct,
                        },
                    ));
                }
            }
            let p = out.entry(course).or_default();
            if outdated {
                p.set_aside.entry(quiz).or_default().push(attempt);
            } else if finished {
                p.finished.entry(quiz).or_default().push(Finished {
                    attempt,
                    points: points.unwrap_or(0.0),
                    max: max.unwrap_or(0.0),
                    passed: passed.unwrap_or(false),
                });
            } else {
                p.open_attempts.insert(quiz, attempt);
            }
        }
        let mut st = self.conn.prepare_cached(
            "SELECT course_id, item_id, block, line FROM position WHERE learner_id = ?1",
        )?;
        for row in st.query_map([learner], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })? {
            let (course, item, block, line) = row?;
            out.entry(course)
                .or_default()
                .positions
                .insert(item, (block, line.max(0) as usize));
        }
        let mut st = self
            .conn
            .prepare_cached("SELECT course_id, item_id FROM last_place WHERE learner_id = ?1")?;
        for row in st.query_map([learner], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })? {
            let (course, item) = row?;
            out.entry(course).or_default().last_item = Some(item);
        }
        let mut st = self.conn.prepare_cached(
            "SELECT course_id, item_id, seconds FROM time_spent WHERE learner_id = ?1",
        )?;
        for row in st.query_map([learner], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })? {
            let (course, item, seconds) = row?;
            out.entry(course)
                .or_default()
                .time_spent
                .insert(item, seconds.max(0) as u64);
        }
        let mut st = self
            .conn
            .prepare_cached("SELECT course_id, item_id, text FROM note WHERE learner_id = ?1")?;
        for row in st.query_map([learner], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (course, item, text) = row?;
            out.entry(course).or_default().notes.insert(item, text);
        }
        let mut st = self.conn.prepare_cached(
            "SELECT course_id, item_id, block FROM bookmark WHERE learner_id = ?1",
        )?;
        for row in st.query_map([learner], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
            ))
        })? {
            let (course, item, block) = row?;
            out.entry(course)
                .or_default()
                .bookmarks
                .entry(item)
                .or_default()
                .insert(block);
        }
        Ok(out)
    }

    /// Reports for one learner (by name) or all of them.
    pub fn report(&self, learner: Option<&str>) -> Result<Vec<LearnerReport>, StoreError> {
        let learners = self.learners()?;
        let mut out = Vec::new();
        for l in learners
            .into_iter()
            .filter(|l| learner.is_none_or(|n| n == l.name))
        {
            let progress = self.load_progress(l.id)?;
            let mut st = self.conn.prepare_cached(
                "SELECT course_id, version, title, outline FROM course_seen WHERE learner_id = ?1 ORDER BY course_id",
            )?;
            let seen: Rows<(String, String, String, String)> = st
                .query_map(params![l.id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .map(|r| r.map_err(StoreError::from))
                .collect();
            let mut courses = Vec::new();
            for (course_id, version, title, outline) in seen? {
                let Ok(outline) = serde_json::from_str::<Outline>(&outline) else {
                    continue;
                };
                let empty = Progress::default();
                let p = progress.get(&course_id).unwrap_or(&empty);
                courses.push(course_report(course_id, version, title, &outline, p));
            }
            out.push(LearnerReport {
                learner: l.name,
                email: l.email,
                courses,
            });
        }
        Ok(out)
    }
}

fn course_report(
    course_id: String,
    version: String,
    title: String,
    outline: &Outline,
    p: &Progress,
) -> CourseReport {
    let mut items = Vec::new();
    let (mut earned, mut total_points) = (0.0, 0.0);
    let (mut lessons_read, mut lessons_total) = (0, 0);
    // An item that could not be opened when the course was last seen:
    // its quiz points (or, with every lesson required, the lesson) are
    // missing, so the course cannot be complete.
    let mut blocked = false;
    for it in outline.modules.iter().flat_map(|m| m.items.iter()) {
        let seconds = p.time_spent.get(&it.id).copied().unwrap_or(0);
        let opened = p.opened.contains(&it.id);
        let report = if let Some(quiz) = it.unavailable_quiz {
            blocked |= quiz || outline.require_all_lessons;
            ItemReport {
                id: it.id.clone(),
                kind: it.kind.clone(),
                title: it.title.clone(),
                opened,
                done: false,
                attempts: p.attempts_used(&it.id),
                best_score: None,
                passed: None,
                time_spent_seconds: seconds,
            }
        } else if it.kind == "lesson" {
            lessons_total += 1;
            let read = p.read.contains(&it.id);
            lessons_read += usize::from(read);
            ItemReport {
                id: it.id.clone(),
                kind: it.kind.clone(),
                title: it.title.clone(),
                opened,
                done: read,
                attempts: 0,
                best_score: None,
                passed: None,
                time_spent_seconds: seconds,
            }
        } else {
            let points = it.points.unwrap_or(0.0);
            total_points += points;
            let best = p.best(&it.id);
            let share = best.map(|b| if b.max > 0.0 { b.points / b.max } else { 0.0 });
            earned += share.unwrap_or(0.0) * points;
            ItemReport {
                id: it.id.clone(),
                kind: it.kind.clone(),
                title: it.title.clone(),
                opened,
                done: best.is_some_and(|b| b.passed),
                attempts: p.attempts_used(&it.id),
                best_score: share,
                passed: best.map(|b| b.passed),
                time_spent_seconds: seconds,
            }
        };
        items.push(report);
    }
    let quiz_score = if total_points > 0.0 {
        earned / total_points
    } else if blocked {
        0.0
    } else {
        1.0
    };
    let lessons_ok = !outline.require_all_lessons || lessons_read == lessons_total;
    CourseReport {
        course_id,
        version,
        title,
        complete: !blocked && lessons_ok && quiz_score + 1e-9 >= outline.pass_score,
        lessons_read,
        lessons_total,
        quiz_score,
        pass_score: outline.pass_score,
        time_spent_seconds: items.iter().map(|i| i.time_spent_seconds).sum(),
        still_to_do: items
            .iter()
            .filter(|i| !i.done)
            .map(|i| i.id.clone())
            .collect(),
        items,
    }
}
