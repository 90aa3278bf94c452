//! A learner's whole history in one course, every event with its time, as
//! the record bundle carries it out of the machine.

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};
use crate::progress::history::{AnswerRecord, AttemptRecord, ItemRecord, VisitRecord};
use crate::quiz::Response;

/// What the store holds of one learner in one course.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// The course version last seen, if the course was ever opened.
    pub version: Option<String>,
    pub items: Vec<ItemRecord>,
    pub attempts: Vec<AttemptRecord>,
    /// Every visit to an item, in the order they ended.
    pub visits: Vec<VisitRecord>,
    /// Rows left out because they cannot be read back as Slate wrote them
    /// (a time that is not one, a response this Slate cannot parse, a
    /// negative time): said by the commands that carry records out.
    pub unreadable: usize,
}

/// Whether a recorded time is one (RFC 3339), as Slate writes them.
fn is_time(at: &str) -> bool {
    time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339).is_ok()
}

impl Store {
    /// The ids of the courses a learner has opened, in id order.
    pub fn courses_of(&self, learner: i64) -> Result<Vec<String>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT course_id FROM course_seen WHERE learner_id = ?1
             UNION SELECT course_id FROM item_event WHERE learner_id = ?1
             UNION SELECT course_id FROM attempt WHERE learner_id = ?1
             ORDER BY 1",
        )?;
        let rows = st.query_map([learner], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn history(&self, learner: i64, course: &str) -> Result<History, StoreError> {
        let version = self
            .conn
            .query_row(
                "SELECT version FROM course_seen WHERE learner_id = ?1 AND course_id = ?2",
                params![learner, course],
                |r| r.get(0),
            )
            .optional()?;
        let mut st = self.conn.prepare_cached(
            "SELECT item_id, kind, at, lang FROM item_event WHERE learner_id = ?1 AND course_id = ?2 ORDER BY id",
        )?;
        let mut unreadable = 0;
        let mut items = Vec::new();
        for row in st.query_map(params![learner, course], |r| {
            Ok(ItemRecord {
                item: r.get(0)?,
                event: r.get(1)?,
                at: r.get(2)?,
                lang: r.get(3)?,
            })
        })? {
            let row = row?;
            if is_time(&row.at) {
                items.push(row);
            } else {
                unreadable += 1;
            }
        }
        let mut st = self.conn.prepare_cached(
            "SELECT id, quiz_id, number, started_at, finished_at, points, max, passed, seconds, lang
             FROM attempt WHERE learner_id = ?1 AND course_id = ?2 AND outdated = 0
             ORDER BY quiz_id, number",
        )?;
        let rows = st
            .query_map(params![learner, course], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    AttemptRecord {
                        quiz: r.get(1)?,
                        number: r.get(2)?,
                        started_at: r.get(3)?,
                        finished_at: r.get(4)?,
                        points: r.get(5)?,
                        max: r.get(6)?,
                        passed: r.get(7)?,
                        answers: Vec::new(),
                        seconds: r
                            .get::<_, Option<i64>>(8)?
                            .and_then(|s| u64::try_from(s).ok()),
                        lang: r.get(9)?,
                    },
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut answers = self.conn.prepare_cached(
            "SELECT question_id, position, response, points, max, correct, at, lang
             FROM answer WHERE attempt_id = ?1 ORDER BY position",
        )?;
        let mut attempts = Vec::with_capacity(rows.len());
        for (id, mut attempt) in rows {
            // An attempt whose times cannot be read is left out whole: its
            // verdict and its place in the history rest on them.
            if !is_time(&attempt.started_at)
                || attempt
                    .finished_at
                    .as_deref()
                    .is_some_and(|at| !is_time(at))
            {
                unreadable += 1;
                continue;
            }
            for row in answers.query_map([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, u32>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, f64>(3)?,
                    r.get::<_, f64>(4)?,
                    r.get::<_, bool>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, Option<String>>(7)?,
                ))
            })? {
                let (question, position, response, points, max, correct, at, lang) = row?;
                // An answer this Slate cannot read back is left out rather
                // than guessed at; the issuer re-grades what is there.
                let Ok(response) = serde_json::from_str::<Response>(&response) else {
                    unreadable += 1;
                    continue;
                };
                if !is_time(&at) {
                    unreadable += 1;
                    continue;
                }
                attempt.answers.push(AnswerRecord {
                    question,
                    position,
                    response,
                    points,
                    max,
                    correct,
                    at,
                    lang,
                });
            }
            attempts.push(attempt);
        }
        let mut st = self.conn.prepare_cached(
            "SELECT item_id, seconds, at, lang FROM visit WHERE learner_id = ?1 AND course_id = ?2 ORDER BY id",
        )?;
        let mut visits = Vec::new();
        for row in st.query_map(params![learner, course], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })? {
            let (item, seconds, at, lang) = row?;
            match u64::try_from(seconds) {
                Ok(seconds) if is_time(&at) => visits.push(VisitRecord {
                    item,
                    seconds,
                    at,
                    lang,
                }),
                _ => unreadable += 1,
            }
        }
        Ok(History {
            version,
            items,
            attempts,
            visits,
            unreadable,
        })
    }

    /// Of `ids`, those already sent to the record store at `lrs`.
    pub fn sent_to(&self, lrs: &str) -> Result<std::collections::HashSet<String>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT statement_id FROM xapi_sent WHERE lrs = ?1")?;
        let rows = st.query_map([lrs], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Remembers statements the record store at `lrs` has accepted.
    pub fn mark_sent(&mut self, lrs: &str, ids: &[String]) -> Result<(), StoreError> {
        let at = super::now();
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare_cached(
                "INSERT OR IGNORE INTO xapi_sent (lrs, statement_id, sent_at) VALUES (?1, ?2, ?3)",
            )?;
            for id in ids {
                st.execute(params![lrs, id, at])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
