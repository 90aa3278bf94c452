//! The progress store: one SQLite database per data folder, holding every
//! learner's events. Each event is committed in its own transaction, with
//! `synchronous=FULL`, before the screen confirms it.
//!
//! Journal mode: WAL. A commit costs one fsync (a rollback journal costs
//! three or four), which matters on USB sticks where an fsync takes 5-30 ms.
//! WAL keeps every committed transaction across a crash or a pulled stick
//! (the `-wal` file is replayed on the next open), and Slate checkpoints it
//! into the main file on every clean exit after which it holds learner
//! data, so that a copied database file is complete on its own.
//!
//! The learner's lease (see `lease`) is written without an fsync: losing
//! it to a power cut costs nothing (a lease whose Slate is gone is taken
//! over), and the next confirmed event's fsync makes it durable with
//! everything before it. So a start that only looks, and its exit, cost no
//! fsync at all, as before leases existed.

mod history;
mod lease;
mod log;
mod migrations;
mod read;
mod salvage;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};

pub use migrations::VERSION;
pub use read::{CourseReport, ItemReport, LearnerReport};

use crate::progress::LearnerEvent;

pub use history::History;
use lease::lease_check;
pub use lease::{Elsewhere, Holder};
pub use salvage::Salvaged;

pub const DB_NAME: &str = "progress.db";
const BACKUPS_KEPT: usize = 5;

#[derive(Debug)]
pub enum StoreError {
    /// Written by a newer Slate: left untouched.
    TooNew {
        found: i64,
        supported: i64,
    },
    Sqlite(String),
    Io(String),
    /// A write that would replace what is already confirmed.
    Refused(String),
    /// Damaged, found by a command that only reads (which never repairs).
    Damaged,
    /// Written by an older Slate; only the player updates it.
    Older {
        found: i64,
    },
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::TooNew { found, supported } => write!(
                f,
                "the progress database was written by a newer Slate (schema {found}; this one reads up to {supported}); it is left untouched: use the newer Slate"
            ),
            StoreError::Sqlite(e) => write!(f, "database error: {e}"),
            StoreError::Io(e) | StoreError::Refused(e) => write!(f, "{e}"),
            StoreError::Damaged => f.write_str(
                "the progress database is damaged; start the player (slate) with this data folder to repair it from its backups",
            ),
            StoreError::Older { found } => write!(
                f,
                "the progress database is from an older Slate (schema {found}); start the player once to update it"
            ),
        }
    }
}

impl StoreError {
    /// Whether the error says the file is damaged (not merely busy or full).
    pub fn is_damage(&self) -> bool {
        match self {
            StoreError::Sqlite(msg) => msg.contains("malformed") || msg.contains("not a database"),
            StoreError::Damaged => true,
            StoreError::TooNew { .. }
            | StoreError::Io(_)
            | StoreError::Refused(_)
            | StoreError::Older { .. } => false,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e.to_string())
    }
}

/// Something the learner should be told about the database at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The database was damaged: it was moved aside and the newest backup
    /// restored.
    Restored {
        damaged: PathBuf,
        backup: PathBuf,
        /// What was read back from the damaged file (beyond the backup).
        salvaged: Salvaged,
    },
    /// The database was damaged and there was no backup: a new one began.
    StartedAfresh {
        damaged: PathBuf,
        salvaged: Salvaged,
    },
    Migrated {
        from: i64,
        to: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learner {
    pub id: i64,
    /// The same on every machine the database is copied to: a UUID.
    pub uid: String,
    pub name: String,
    pub email: Option<String>,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    pub notices: Vec<Notice>,
    /// The learner whose lease this Slate holds, and as whom.
    holder: Option<(i64, Holder)>,
    /// Rows the lease's own writes changed: what else changed is learner
    /// data, which a clean exit folds into the database file.
    lease_changes: u64,
    /// The log held something when opened (a Slate killed before its
    /// exit), or a migration ran: fold on exit even if nothing else is
    /// written.
    fold_needed: bool,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

fn learner_row(r: &rusqlite::Row) -> rusqlite::Result<Learner> {
    Ok(Learner {
        id: r.get(0)?,
        uid: r.get(1)?,
        name: r.get(2)?,
        email: r.get(3)?,
    })
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn stamp() -> String {
    stamp_of(time::OffsetDateTime::now_utc())
}

/// A timestamp that sorts as text: `YYYYMMDD-HHMMSS` (UTC).
fn stamp_of(t: time::OffsetDateTime) -> String {
    format!(
        "{:04}{:02}{:02}-{:02}{:02}{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn configure(conn: &Connection) -> Result<(), StoreError> {
    // Two Slates on one database wait for each other instead of failing.
    conn.busy_timeout(Duration::from_secs(10))?;
    // WAL is a property of the file, set once when it is created. The
    // switch needs the database to itself and does not wait on the busy
    // handler, so it is retried while another Slate holds it.
    let started = std::time::Instant::now();
    loop {
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if mode.eq_ignore_ascii_case("wal") {
            break;
        }
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            // Some file systems cannot hold a WAL: stay with what SQLite chose.
            Ok(mode) if !mode.eq_ignore_ascii_case("wal") => break,
            Ok(_) => {}
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && started.elapsed() < Duration::from_secs(10) =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(e.into()),
        }
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// How thoroughly to look at the database before using it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Header, schema and the learner table: catches a file that is not a
    /// database or whose first pages are gone, in a millisecond.
    Light,
    /// `PRAGMA quick_check` over every page (about 60 ms for 40 MB).
    Full,
}

/// The full check is due after an unclean end (a crash, a kill, a pulled
/// stick: the write-ahead log was not folded back in, so it is not empty),
/// or when an earlier run met a damaged page and left a marker.
fn check_needed(path: &Path) -> Check {
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    let unclean = wal.metadata().is_ok_and(|m| m.len() > 0);
    if unclean || check_marker(path).exists() {
        Check::Full
    } else {
        Check::Light
    }
}

/// The schema version written in a database file's header (bytes 60..64,
/// big-endian), read without SQLite; `None` for no file or no header.
fn header_version(path: &Path) -> Option<i64> {
    let bytes = crate::util::read_regular(path, u64::MAX).ok()?;
    let header = bytes.get(..100)?;
    if !header.starts_with(b"SQLite format 3\0") {
        return None;
    }
    let v = header.get(60..64)?;
    Some(i64::from(i32::from_be_bytes([
        *v.first()?,
        *v.get(1)?,
        *v.get(2)?,
        *v.get(3)?,
    ])))
}

fn refuse_newer(path: &Path) -> Result<(), StoreError> {
    match header_version(path) {
        Some(found) if found > VERSION => Err(StoreError::TooNew {
            found,
            supported: VERSION,
        }),
        _ => Ok(()),
    }
}

/// A read-only connection. Reading a WAL database needs its shared-memory
/// file; where the folder cannot be written to make one, the file is read
/// as it stands on disk (`immutable`: Slate folds the log in on every clean
/// exit, so it is whole).
fn open_reading(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
    let plain = Connection::open_with_flags(path, flags).and_then(|c| {
        c.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        })
        .map(|_| c)
    });
    match plain {
        Ok(c) => Ok(c),
        Err(_) => {
            let uri = format!(
                "file:{}?immutable=1",
                percent_encoding::utf8_percent_encode(
                    &path.to_string_lossy(),
                    percent_encoding::NON_ALPHANUMERIC
                )
                .to_string()
                .replace("%2F", "/")
            );
            Ok(Connection::open_with_flags(uri, flags)?)
        }
    }
}

fn check_marker(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}.check", path.display()))
}

/// Whether the file is damaged: not a database, or failing the check.
/// A database that is merely busy (another Slate is writing) is not.
fn is_damaged(path: &Path, check: Check) -> bool {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
    let is_damage = |e: &rusqlite::Error| {
        matches!(
            e.sqlite_error_code(),
            Some(NotADatabase) | Some(DatabaseCorrupt)
        )
    };
    if !path.exists() {
        return false;
    }
    // SQLite takes an empty file for an empty database. One is empty for
    // a moment while another Slate creates it; an empty one with backups
    // beside it is what is left of a database, and they are what to go
    // back to.
    if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
        return newest_backup(path).is_some();
    }
    let conn = match Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY) {
        Ok(c) => c,
        Err(e) => return is_damage(&e),
    };
    let _ = conn.busy_timeout(Duration::from_secs(10));
    let result = match check {
        Check::Full => conn
            .query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0))
            .map(|r| r == "ok"),
        Check::Light => conn
            .query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0))
            .and_then(|v| {
                if v == 0 {
                    return Ok(true);
                }
                conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                    r.get::<_, i64>(0)
                })?;
                conn.query_row("SELECT count(*) FROM learner", [], |r| r.get::<_, i64>(0))
                    .or_else(|e| if is_damage(&e) { Err(e) } else { Ok(0) })?;
                Ok(true)
            }),
    };
    match result {
        Ok(ok) => !ok,
        Err(e) => is_damage(&e),
    }
}

impl Store {
    /// Opens (or creates) the database at `path`: checks it, sets a damaged
    /// one aside (restoring the newest backup if there is one), refuses one
    /// from a newer Slate, and migrates an older one.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        // Read from the file's header before SQLite parses anything: a
        // schema from a newer Slate may not parse here, and it must be left
        // untouched, not taken for damage.
        refuse_newer(path)?;
        let mut notices = Vec::new();
        let check = check_needed(path);
        let mut damaged_file = None;
        if is_damaged(path, check) {
            let damaged = path.with_file_name(format!("{DB_NAME}.damaged-{}", stamp()));
            std::fs::rename(path, &damaged).map_err(|e| {
                StoreError::Io(format!("cannot set the damaged database aside: {e}"))
            })?;
            for ext in ["-wal", "-shm"] {
                let side = PathBuf::from(format!("{}{ext}", path.display()));
                if side.exists() {
                    let _ = std::fs::rename(&side, format!("{}{ext}", damaged.display()));
                }
            }
            let salvaged = Salvaged::default();
            match newest_backup(path) {
                Some(backup)
                    if std::fs::copy(&backup, path).is_ok() && !is_damaged(path, Check::Full) =>
                {
                    notices.push(Notice::Restored {
                        damaged: damaged.clone(),
                        backup,
                        salvaged,
                    })
                }
                _ => {
                    let _ = std::fs::remove_file(path);
                    notices.push(Notice::StartedAfresh {
                        damaged: damaged.clone(),
                        salvaged,
                    });
                }
            }
            damaged_file = Some(damaged);
        }
        let mut fold_needed = log::log_holds_data(path);
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found > VERSION {
            return Err(StoreError::TooNew {
                found,
                supported: VERSION,
            });
        }
        configure(&conn)?;
        fold_needed |= found < VERSION;
        if found < VERSION
            && let Some(from) = migrations::migrate(&conn)?
            && from > 0
        {
            notices.push(Notice::Migrated { from, to: VERSION });
        }
        // What the damaged file still holds goes back in, beyond what the
        // backup had: answers given since the last backup are not lost.
        if let Some(damaged) = &damaged_file {
            let found = salvage::salvage(damaged, &conn);
            for n in &mut notices {
                if let Notice::Restored { salvaged, .. } | Notice::StartedAfresh { salvaged, .. } =
                    n
                {
                    *salvaged = found;
                }
            }
        }

        if check == Check::Full {
            let _ = std::fs::remove_file(check_marker(path));
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            notices,
            holder: None,
            lease_changes: 0,
            fold_needed,
        })
    }

    /// Opens the database only to read it, for the commands that report
    /// (`progress`, `learners`, `export`): nothing is checked out of place,
    /// repaired, migrated or written. A damaged database is an error that
    /// says so; so is one from another version of Slate. A data folder that
    /// cannot be written (a write-protected stick) is read all the same.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        refuse_newer(path)?;
        if !path.is_file() {
            return Err(StoreError::Io(format!("{}: no such file", path.display())));
        }
        if is_damaged(path, Check::Full) {
            return Err(StoreError::Damaged);
        }
        let conn = open_reading(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found < VERSION {
            return Err(StoreError::Older { found });
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            notices: Vec::new(),
            holder: None,
            lease_changes: 0,
            fold_needed: false,
        })
    }

    /// Closes a database found damaged while in use, marked so that the
    /// next [`Store::open`] checks every page and repairs it; returns its
    /// path for that.
    pub fn damaged(mut self) -> PathBuf {
        self.release_lease();
        let _ = std::fs::write(check_marker(&self.path), b"");
        self.path.clone()
    }

    /// Whether this store only reads (opened with [`Store::open_read_only`]).
    pub fn is_read_only(&self) -> bool {
        self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub fn learners(&self) -> Result<Vec<Learner>, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT id, uid, name, email FROM learner ORDER BY name COLLATE NOCASE")?;
        let rows = st.query_map([], learner_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn find_learner(&self, name: &str) -> Result<Option<Learner>, StoreError> {
        let name = &learner_name(name);
        Ok(self
            .conn
            .query_row(
                "SELECT id, uid, name, email FROM learner WHERE name = ?1",
                [name],
                learner_row,
            )
            .optional()?)
    }

    /// The learner called `name`, created if new.
    pub fn learner(&mut self, name: &str, email: Option<&str>) -> Result<Learner, StoreError> {
        let name = &learner_name(name);
        if let Some(l) = self.find_learner(name)? {
            return Ok(l);
        }
        let email = email.map(str::trim).filter(|e| !e.is_empty());
        let uid = uuid::Uuid::new_v4().to_string();
        self.conn.execute(
            "INSERT INTO learner (name, email, created_at, uid) VALUES (?1, ?2, ?3, ?4)",
            params![name, email, now(), uid],
        )?;
        Ok(Learner {
            id: self.conn.last_insert_rowid(),
            uid,
            name: name.to_string(),
            email: email.map(String::from),
        })
    }

    pub fn delete_learner(&mut self, id: i64) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM learner WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Forgets a learner's progress in one course, or in one quiz of it.
    pub fn reset(
        &mut self,
        learner: i64,
        course: &str,
        quiz: Option<&str>,
    ) -> Result<usize, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut rows = 0;
        match quiz {
            Some(q) => {
                rows += tx.execute(
                    "DELETE FROM attempt WHERE learner_id = ?1 AND course_id = ?2 AND quiz_id = ?3",
                    params![learner, course, q],
                )?;
            }
            None => {
                for table in [
                    "attempt",
                    "item_event",
                    "position",
                    "time_spent",
                    "visit",
                    "course_seen",
                    "last_place",
                    "note",
                    "bookmark",
                ] {
                    rows += tx.execute(
                        &format!("DELETE FROM {table} WHERE learner_id = ?1 AND course_id = ?2"),
                        params![learner, course],
                    )?;
                }
            }
        }
        tx.commit()?;
        Ok(rows)
    }

    /// Commits one learner event in its own transaction. The write lock is
    /// taken at the start (IMMEDIATE), so a second Slate on the same
    /// database waits its turn instead of failing half-way.
    pub fn record(&mut self, learner: i64, event: &LearnerEvent) -> Result<(), StoreError> {
        self.record_in(learner, event, None)
    }

    /// [`Store::record`], noting the content language `lang` the learner
    /// studies the course in (xAPI statements carry it).
    pub fn record_in(
        &mut self,
        learner: i64,
        event: &LearnerEvent,
        lang: Option<&str>,
    ) -> Result<(), StoreError> {
        self.write_event(learner, event, lang).inspect_err(|e| {
            // A damaged page met while studying: the next start checks
            // every page (and repairs from a backup if needed).
            if let StoreError::Sqlite(msg) = e
                && (msg.contains("malformed") || msg.contains("not a database"))
            {
                let _ = std::fs::write(check_marker(&self.path), b"");
            }
        })
    }

    fn write_event(
        &mut self,
        learner: i64,
        event: &LearnerEvent,
        lang: Option<&str>,
    ) -> Result<(), StoreError> {
        let at = now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Under the write lock: no other Slate studies as this learner now.
        lease_check(&self.holder, &tx, learner, &at)?;
        match event {
            LearnerEvent::ItemOpened { course, item } => {
                tx.execute(
                    "INSERT INTO item_event (learner_id, course_id, item_id, kind, at, lang) VALUES (?1, ?2, ?3, 'opened', ?4, ?5)",
                    params![learner, course, item, at, lang],
                )?;
                tx.execute(
                    "INSERT INTO last_place (learner_id, course_id, item_id, at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (learner_id, course_id) DO UPDATE SET item_id = excluded.item_id, at = excluded.at",
                    params![learner, course, item, at],
                )?;
            }
            LearnerEvent::LessonRead { course, item } => {
                tx.execute(
                    "INSERT INTO item_event (learner_id, course_id, item_id, kind, at, lang) VALUES (?1, ?2, ?3, 'read', ?4, ?5)",
                    params![learner, course, item, at, lang],
                )?;
            }
            LearnerEvent::AttemptStarted {
                course,
                quiz,
                attempt,
            } => {
                let shown = serde_json::to_string(&attempt.shown)
                    .map_err(|e| StoreError::Io(e.to_string()))?;
                // An unfinished attempt of the same number with no answer
                // yet is replaced; one with answers is never deleted (it is
                // set aside first, AttemptSetAside), and a finished one is
                // never overwritten: the insert fails instead.
                tx.execute(
                    "DELETE FROM attempt WHERE learner_id = ?1 AND course_id = ?2 AND quiz_id = ?3 AND number = ?4
                     AND finished_at IS NULL AND outdated = 0
                     AND NOT EXISTS (SELECT 1 FROM answer WHERE answer.attempt_id = attempt.id)",
                    params![learner, course, quiz, attempt.number],
                )?;
                tx.execute(
                    "INSERT INTO attempt (learner_id, course_id, quiz_id, number, seed, shown, started_at, lang)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![learner, course, quiz, attempt.number, attempt.seed as i64, shown, at, lang],
                )?;
            }
            LearnerEvent::AnswerSubmitted {
                course,
                quiz,
                attempt,
                position,
                question,
                response,
                grade,
            } => {
                let id: i64 = tx.query_row(
                    "SELECT id FROM attempt WHERE learner_id = ?1 AND course_id = ?2 AND quiz_id = ?3 AND number = ?4",
                    params![learner, course, quiz, attempt],
                    |r| r.get(0),
                )?;
                let response =
                    serde_json::to_string(response).map_err(|e| StoreError::Io(e.to_string()))?;
                // A question is answered once in an attempt: an answer
                // already confirmed is never replaced (by another Slate, or
                // an attempt resumed twice).
                let added = tx.execute(
                    "INSERT INTO answer (attempt_id, question_id, position, response, points, max, correct, at, lang)
                     VALUES (?1, ?2, ?8, ?3, ?4, ?5, ?6, ?7, ?9)
                     ON CONFLICT (attempt_id, question_id) DO NOTHING",
                    params![id, question, response, grade.points, grade.max, grade.correct, at, *position as i64, lang],
                )?;
                if added == 0 {
                    return Err(StoreError::Refused(
                        "this question was already answered in this attempt; the first answer is kept"
                            .into(),
                    ));
                }
            }
            LearnerEvent::QuizFinished {
                course,
                quiz,
                attempt,
                points,
                max,
                passed,
            } => {
                // The attempt's time: the visits to its quiz since it started
                // (the player ends a visit when an attempt starts and when
                // it ends), fixed now so that its statement never changes.
                let changed = tx.execute(
                    "UPDATE attempt SET finished_at = ?5, points = ?6, max = ?7, passed = ?8,
                       seconds = (SELECT coalesce(sum(v.seconds), 0) FROM visit v
                         WHERE v.learner_id = ?1 AND v.course_id = ?2 AND v.item_id = ?3
                         AND v.at > attempt.started_at)
                     WHERE learner_id = ?1 AND course_id = ?2 AND quiz_id = ?3 AND number = ?4
                     AND finished_at IS NULL AND outdated = 0",
                    params![learner, course, quiz, attempt, at, points, max, passed],
                )?;
                if changed == 0 {
                    return Err(StoreError::Sqlite(format!(
                        "attempt {attempt} of {quiz} was never recorded as started"
                    )));
                }
            }
            LearnerEvent::AttemptSetAside {
                course,
                quiz,
                attempt,
            } => {
                tx.execute(
                    "UPDATE attempt SET outdated = 1
                     WHERE learner_id = ?1 AND course_id = ?2 AND quiz_id = ?3 AND number = ?4
                     AND finished_at IS NULL",
                    params![learner, course, quiz, attempt],
                )?;
            }
            LearnerEvent::PositionSaved {
                course,
                item,
                block,
                offset,
            } => {
                tx.execute(
                    "INSERT INTO position (learner_id, course_id, item_id, block, line, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (learner_id, course_id, item_id) DO UPDATE SET block = excluded.block, line = excluded.line, at = excluded.at",
                    params![learner, course, item, block, *offset as i64, at],
                )?;
            }
            LearnerEvent::NoteSaved { course, item, text } => {
                if text.trim().is_empty() {
                    tx.execute(
                        "DELETE FROM note WHERE learner_id = ?1 AND course_id = ?2 AND item_id = ?3",
                        params![learner, course, item],
                    )?;
                } else {
                    tx.execute(
                        "INSERT INTO note (learner_id, course_id, item_id, text, at) VALUES (?1, ?2, ?3, ?4, ?5)
                         ON CONFLICT (learner_id, course_id, item_id) DO UPDATE SET text = excluded.text, at = excluded.at",
                        params![learner, course, item, text, at],
                    )?;
                }
            }
            LearnerEvent::BookmarkToggled {
                course,
                item,
                block,
                on,
            } => {
                if *on {
                    tx.execute(
                        "INSERT OR IGNORE INTO bookmark (learner_id, course_id, item_id, block, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![learner, course, item, block, at],
                    )?;
                } else {
                    tx.execute(
                        "DELETE FROM bookmark WHERE learner_id = ?1 AND course_id = ?2 AND item_id = ?3 AND block = ?4",
                        params![learner, course, item, block],
                    )?;
                }
            }
            LearnerEvent::TimeSpent {
                course,
                item,
                seconds,
            } => {
                tx.execute(
                    "INSERT INTO time_spent (learner_id, course_id, item_id, seconds) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (learner_id, course_id, item_id) DO UPDATE SET seconds = seconds + excluded.seconds",
                    params![learner, course, item, *seconds as i64],
                )?;
                tx.execute(
                    "INSERT INTO visit (learner_id, course_id, item_id, seconds, lang, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![learner, course, item, *seconds as i64, lang, at],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Notes the course version a learner opened, with its outline (so that
    /// reports need no package). Returns the version seen before and the
    /// item ids it had, when the version changed.
    pub fn course_seen(
        &mut self,
        learner: i64,
        course: &crate::course::Course,
        origin: Option<&str>,
    ) -> Result<Option<(String, Vec<String>)>, StoreError> {
        let seen: Option<(String, String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT version, items, origin FROM course_seen WHERE learner_id = ?1 AND course_id = ?2",
                params![learner, course.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let (Some((_, _, was)), Some(now)) = (&seen, origin)
            && was.as_deref() != Some(now)
        {
            self.conn.execute(
                "UPDATE course_seen SET origin = ?3 WHERE learner_id = ?1 AND course_id = ?2",
                params![learner, course.id, now],
            )?;
        }
        let previous = seen.map(|(v, items, _)| (v, items));
        let outline = read::outline_json(course);
        let ids: Vec<String> = course.items.iter().map(|i| i.id.clone()).collect();
        if previous.as_ref().is_some_and(|(v, _)| *v == course.version) {
            return Ok(None);
        }
        // A package with items that cannot be opened is not the course as
        // its author meant it: the outline seen before stays, so reports
        // keep counting the broken items' progress as it was.
        if previous.is_some() && course.unavailable().next().is_some() {
            return Ok(None);
        }
        self.conn.execute(
            "INSERT INTO course_seen (learner_id, course_id, version, title, items, outline, at, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (learner_id, course_id) DO UPDATE SET version = excluded.version, title = excluded.title,
               items = excluded.items, outline = excluded.outline, at = excluded.at,
               origin = coalesce(excluded.origin, course_seen.origin)",
            params![
                learner,
                course.id,
                course.version,
                course.title.default_text(),
                serde_json::to_string(&ids).unwrap_or_default(),
                outline,
                now(),
                origin
            ],
        )?;
        Ok(previous.map(|(v, items)| (v, serde_json::from_str(&items).unwrap_or_default())))
    }

    /// The version of `course` a learner last opened, and where its
    /// package was then (absent for a bundled course).
    pub fn course_origin(
        &self,
        learner: i64,
        course: &str,
    ) -> Result<Option<(String, Option<String>)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT version, origin FROM course_seen WHERE learner_id = ?1 AND course_id = ?2",
                params![learner, course],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Copies the database into `backups/` beside it when the newest copy is
    /// older than a day, keeping the last five. Run on a clean exit, where
    /// its cost (a full check and a copy) is not in anyone's way.
    pub fn backup_if_due(&self) -> Result<Option<PathBuf>, StoreError> {
        self.backup_if_due_checked()
    }

    fn backup_if_due_checked(&self) -> Result<Option<PathBuf>, StoreError> {
        let dir = backup_dir(&self.path);
        // Backups are named by time, so the newest name says when it was made
        // (file times on FAT sticks are unreliable).
        let a_day_ago = stamp_of(time::OffsetDateTime::now_utc() - time::Duration::days(1));
        if let Some(newest) = newest_backup(&self.path)
            && newest
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n > format!("progress-{a_day_ago}").as_str())
        {
            return Ok(None);
        }
        // Never back up a damaged database over good backups.
        let ok: String = self
            .conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if ok != "ok" {
            let _ = std::fs::write(check_marker(&self.path), b"");
            return Ok(None);
        }
        std::fs::create_dir_all(&dir).map_err(|e| StoreError::Io(e.to_string()))?;
        let target = dir.join(format!("progress-{}.db", stamp()));
        // Written under a name of its own, then renamed: a pulled stick
        // never leaves a half backup under a backup's name, and two Slates
        // starting in the same second do not write into one file.
        let part = dir.join(format!(
            ".progress-{}.{:016x}.part",
            stamp(),
            fastrand::u64(..)
        ));
        let written = self
            .conn
            .execute("VACUUM INTO ?1", [part.to_string_lossy()])
            .map_err(StoreError::from)
            .and_then(|_| {
                std::fs::rename(&part, &target)
                    .map_err(|e| StoreError::Io(crate::util::io_reason(&e)))
            });
        if let Err(e) = written {
            let _ = std::fs::remove_file(&part);
            // Another Slate made this second's backup first: that one is it.
            if target.exists() {
                return Ok(None);
            }
            return Err(e);
        }
        let mut all = backups(&self.path);
        while all.len() > BACKUPS_KEPT {
            let _ = std::fs::remove_file(all.remove(0));
        }
        Ok(Some(target))
    }

    /// Folds the write-ahead log into the database file.
    pub fn checkpoint(&self) {
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }
}

/// Names are compared as typed by a person: "Hương" typed with combining
/// marks is the same learner as "Hương" typed composed.
fn learner_name(name: &str) -> String {
    crate::text::nfc(name.trim())
}

fn backup_dir(db: &Path) -> PathBuf {
    db.with_file_name("backups")
}

/// Backups, oldest first (their names sort by time).
fn backups(db: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(backup_dir(db))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("progress-") && n.ends_with(".db"))
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn newest_backup(db: &Path) -> Option<PathBuf> {
    backups(db).pop()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::{Grade, Response};

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(&dir.path().join(DB_NAME)).unwrap();
        (dir, s)
    }

    #[test]
    fn learners_are_created_once() {
        let (_d, mut s) = store();
        let a = s.learner("Lan", Some("lan@example.org")).unwrap();
        let b = s.learner("Lan", None).unwrap();
        assert_eq!(a, b);
        s.learner("Minh", None).unwrap();
        assert_eq!(s.learners().unwrap().len(), 2);
        s.delete_learner(a.id).unwrap();
        assert_eq!(s.learners().unwrap().len(), 1);
    }

    #[test]
    fn wal_and_full_sync_are_in_force() {
        let (_d, s) = store();
        let mode: String = s
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        let sync: i64 = s
            .conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        assert_eq!(sync, 2);
    }

    #[test]
    fn a_newer_database_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_NAME);
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, StoreError::TooNew { found: 99, .. }));
        assert!(err.to_string().contains("newer Slate"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn reading_commands_repair_nothing_and_say_why_they_cannot_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_NAME);
        {
            let mut s = Store::open(&path).unwrap();
            for i in 0..2000 {
                s.learner(&format!("learner {i} with a long name to fill pages"), None)
                    .unwrap();
            }
            s.checkpoint();
        }
        assert_eq!(
            Store::open_read_only(&path)
                .unwrap()
                .learners()
                .unwrap()
                .len(),
            2000
        );
        assert!(Store::open_read_only(&path).unwrap().is_read_only());
        // Damaged: an error, and nothing moved or changed.
        let mut bytes = std::fs::read(&path).unwrap();
        let len = bytes.len();
        for b in &mut bytes[len / 2..len / 2 + 4096] {
            *b = 0xee;
        }
        std::fs::write(&path, &bytes).unwrap();
        let listing = |d: &Path| {
            let mut v: Vec<_> = std::fs::read_dir(d)
                .unwrap()
                .flatten()
                .map(|e| e.file_name())
                .collect();
            v.sort();
            v
        };
        let before = listing(dir.path());
        assert!(matches!(
            Store::open_read_only(&path),
            Err(StoreError::Damaged)
        ));
        assert_eq!(listing(dir.path()), before);
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
        // Newer, even with a schema this Slate cannot parse: refused,
        // untouched, by both ways of opening.
        for f in listing(dir.path()) {
            std::fs::remove_file(dir.path().join(f)).unwrap();
        }
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 7;")
                .unwrap();
            c.execute_batch(
                "PRAGMA writable_schema = ON;
                 UPDATE sqlite_schema SET sql = 'CREATE TABLE t (x) WITH FUTURE SYNTAX' WHERE name = 't';",
            )
            .unwrap();
        }
        let newer = std::fs::read(&path).unwrap();
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::TooNew { found: 7, .. })
        ));
        assert!(matches!(
            Store::open_read_only(&path),
            Err(StoreError::TooNew { found: 7, .. })
        ));
        assert_eq!(std::fs::read(&path).unwrap(), newer);
        assert_eq!(listing(dir.path()), [std::ffi::OsString::from(DB_NAME)]);
        // Older: only the player migrates.
        std::fs::remove_file(&path).unwrap();
        Connection::open(&path)
            .unwrap()
            .execute_batch(&format!(
                "{}; PRAGMA user_version = 1;",
                migrations::MIGRATIONS[0]
            ))
            .unwrap();
        assert!(matches!(
            Store::open_read_only(&path),
            Err(StoreError::Older { found: 1 })
        ));
    }

    #[test]
    fn a_damaged_database_is_set_aside_and_the_backup_restored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_NAME);
        {
            let mut s = Store::open(&path).unwrap();
            s.learner("Lan", None).unwrap();
            s.backup_if_due().unwrap().unwrap();
            s.learner("Minh", None).unwrap();
            s.checkpoint();
        }
        std::fs::write(
            &path,
            b"this is not a database any more, the stick was pulled",
        )
        .unwrap();
        let s = Store::open(&path).unwrap();
        assert!(
            matches!(&s.notices[..], [Notice::Restored { .. }]),
            "{:?}",
            s.notices
        );
        let names: Vec<String> = s.learners().unwrap().into_iter().map(|l| l.name).collect();
        assert_eq!(names, ["Lan"]);
        let damaged = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains(".damaged-"));
        assert!(damaged);
    }

    #[test]
    fn an_emptied_database_with_backups_is_restored_from_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_NAME);
        {
            let mut s = Store::open(&path).unwrap();
            s.learner("Lan", None).unwrap();
            s.backup_if_due().unwrap().expect("a first backup");
        }
        std::fs::write(&path, b"").unwrap();
        assert!(matches!(
            Store::open_read_only(&path),
            Err(StoreError::Damaged)
        ));
        let s = Store::open(&path).unwrap();
        assert!(
            matches!(&s.notices[..], [Notice::Restored { .. }]),
            "{:?}",
            s.notices
        );
        assert_eq!(s.learners().unwrap().len(), 1);
    }

    #[test]
    fn a_damaged_database_without_backup_starts_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_NAME);
        std::fs::write(&path, vec![0x5a; 8192]).unwrap();
        let s = Store::open(&path).unwrap();
        assert!(matches!(&s.notices[..], [Notice::StartedAfresh { .. }]));
        assert!(s.learners().unwrap().is_empty());
    }

    #[test]
    fn damage_deep_in_the_file_is_found_after_an_unclean_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_NAME);
        {
            let mut s = Store::open(&path).unwrap();
            for i in 0..3000 {
                s.learner(
                    &format!("learner {i} with a fairly long name to fill pages"),
                    None,
                )
                .unwrap();
            }
            s.checkpoint();
        }
        let mut bytes = std::fs::read(&path).unwrap();
        let len = bytes.len();
        for b in &mut bytes[len / 2..len / 2 + 4096] {
            *b = 0xff;
        }
        std::fs::write(&path, bytes).unwrap();
        // As after a crash: the next start runs the full check.
        std::fs::write(check_marker(&path), b"").unwrap();
        let s = Store::open(&path).unwrap();
        assert!(
            matches!(&s.notices[..], [Notice::StartedAfresh { .. }]),
            "{:?}",
            s.notices
        );
        assert!(!check_marker(&path).exists());
    }

    #[test]
    fn what_a_damaged_file_still_holds_is_recovered_beyond_the_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_NAME);
        let opened = |i: usize| LearnerEvent::ItemOpened {
            course: "c".into(),
            item: format!("lesson-{i}"),
        };
        {
            let mut s = Store::open(&path).unwrap();
            let l = s.learner("Lan", None).unwrap();
            s.record(l.id, &opened(0)).unwrap();
            s.backup_if_due().unwrap().unwrap();
            // After the backup: many more steps, which only the damaged
            // file holds.
            for i in 1..3000 {
                s.record(l.id, &opened(i)).unwrap();
            }
            s.checkpoint();
        }
        let mut bytes = std::fs::read(&path).unwrap();
        let len = bytes.len();
        for b in &mut bytes[len / 2..len / 2 + 4096] {
            *b = 0xff;
        }
        std::fs::write(&path, bytes).unwrap();
        std::fs::write(check_marker(&path), b"").unwrap();
        let s = Store::open(&path).unwrap();
        let [Notice::Restored { salvaged, .. }] = &s.notices[..] else {
            panic!("{:?}", s.notices)
        };
        let l = s.find_learner("Lan").unwrap().unwrap();
        let p = &s.load_progress(l.id).unwrap()["c"];
        // One page of rows is lost with the damage, the rest came back.
        assert!(p.opened.len() > 2500, "{} of 3000 back", p.opened.len());
        assert!(salvaged.rows > 2500, "{salvaged:?}");
        assert_eq!(salvaged.answers, 0);
        // And the damaged file is kept, untouched, beside it.
        assert!(
            std::fs::read_dir(dir.path())
                .unwrap()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        );
    }

    #[test]
    fn notes_and_bookmarks_come_back() {
        let (_d, mut s) = store();
        let l = s.learner("Lan", None).unwrap();
        let note = |text: &str| LearnerEvent::NoteSaved {
            course: "c".into(),
            item: "i".into(),
            text: text.into(),
        };
        let mark = |block, on| LearnerEvent::BookmarkToggled {
            course: "c".into(),
            item: "i".into(),
            block,
            on,
        };
        for e in [
            note("first"),
            note("second"),
            mark(3, true),
            mark(5, true),
            mark(3, false),
        ] {
            s.record(l.id, &e).unwrap();
        }
        let p = &s.load_progress(l.id).unwrap()["c"];
        assert_eq!(p.notes["i"], "second");
        assert_eq!(p.bookmarks["i"].iter().copied().collect::<Vec<_>>(), [5]);
        s.record(l.id, &note("")).unwrap();
        assert!(s.load_progress(l.id).unwrap()["c"].notes.is_empty());
    }

    #[test]
    fn backups_roll() {
        let (dir, s) = store();
        for i in 0..7 {
            std::fs::create_dir_all(dir.path().join("backups")).unwrap();
            std::fs::write(
                dir.path()
                    .join(format!("backups/progress-2020010{i}-000000.db")),
                b"x",
            )
            .unwrap();
        }
        // The newest fake backup is old, so a new one is due.
        let made = s.backup_if_due().unwrap();
        assert!(made.is_some());
        assert_eq!(backups(s.path()).len(), BACKUPS_KEPT);
        assert!(s.backup_if_due().unwrap().is_none(), "at most one a day");
    }

    #[test]
    fn answers_are_recorded_once_per_question() {
        let (_d, mut s) = store();
        let l = s.learner("Lan", None).unwrap();
        let quiz = crate::course::Quiz {
            title: crate::course::Text::plain("q", "en"),
            pass_score: 0.5,
            max_attempts: 0,
            shuffle: false,
            feedback: crate::course::FeedbackMode::Immediate,
            questions: vec![],
            lazy: false,
            points: 0.0,
        };
        let attempt = crate::quiz::Attempt::new(&quiz, 1, 9);
        s.record(
            l.id,
            &LearnerEvent::AttemptStarted {
                course: "c".into(),
                quiz: "q".into(),
                attempt,
            },
        )
        .unwrap();
        let answer = |correct: bool| LearnerEvent::AnswerSubmitted {
            course: "c".into(),
            quiz: "q".into(),
            attempt: 1,
            position: 0,
            question: "a".into(),
            response: Response::Bool(correct),
            grade: Grade {
                points: f64::from(u8::from(correct)),
                max: 1.0,
                correct,
            },
        };
        s.record(l.id, &answer(false)).unwrap();
        // A second answer to the same question (another Slate, or the same
        // attempt resumed twice) is refused: the confirmed one stays.
        let again = s.record(l.id, &answer(true));
        assert!(matches!(again, Err(StoreError::Refused(_))), "{again:?}");
        let (n, correct): (i64, bool) = s
            .conn
            .query_row("SELECT count(*), max(correct) FROM answer", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((n, correct), (1, false));
    }
}

#[cfg(test)]
mod race {
    use super::*;

    #[test]
    fn two_opens_of_a_new_database_at_once_both_succeed() {
        for _ in 0..30 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(DB_NAME);
            let handles: Vec<_> = (0..2)
                .map(|i| {
                    let path = path.clone();
                    std::thread::spawn(move || {
                        let mut s = Store::open(&path).map_err(|e| format!("open {e}"))?;
                        s.learner(&format!("l{i}"), None)
                            .map_err(|e| format!("learner {e}"))?;
                        s.backup_if_due().map_err(|e| format!("backup {e}"))?;
                        Ok::<_, String>(s.notices.clone())
                    })
                })
                .collect();
            for h in handles {
                let notices = h.join().unwrap().unwrap();
                assert!(notices.is_empty(), "{notices:?}");
            }
        }
    }
}
