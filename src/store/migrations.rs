//! The schema, as forward migrations from each earlier version. A database
//! records its version in `PRAGMA user_version`; every migration runs in
//! one transaction with the version bump, so a crash leaves either the old
//! schema or the new one.

use rusqlite::Connection;

use super::StoreError;

/// The schema version this Slate writes.
pub const VERSION: i64 = 6;

/// `MIGRATIONS[n]` takes a database from version `n` to `n + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 0 -> 1: learners, what they opened and read, quiz attempts and answers.
    "CREATE TABLE learner (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        email TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE item_event (
        id INTEGER PRIMARY KEY,
        learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
        course_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('opened', 'read')),
        at TEXT NOT NULL
    );
    CREATE INDEX item_event_by_learner ON item_event (learner_id, course_id);
    CREATE TABLE attempt (
        id INTEGER PRIMARY KEY,
        learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
        course_id TEXT NOT NULL,
        quiz_id TEXT NOT NULL,
        number INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        shown TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        points REAL,
        max REAL,
        passed INTEGER,
        UNIQUE (learner_id, course_id, quiz_id, number)
    );
    CREATE TABLE answer (
        attempt_id INTEGER NOT NULL REFERENCES attempt(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        response TEXT NOT NULL,
        points REAL NOT NULL,
        max REAL NOT NULL,
        correct INTEGER NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (attempt_id, question_id)
    );
    CREATE TABLE last_place (
        learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
        course_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (learner_id, course_id)
    );",
    // 1 -> 2: reading places, time spent, course versions seen, notes and
    // bookmarks.
    "CREATE TABLE position (
        learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
        course_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        block INTEGER NOT NULL,
        line INTEGER NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (learner_id, course_id, item_id)
    );
    CREATE TABLE time_spent (
        learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
        course_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        seconds INTEGER NOT NULL,
        PRIMARY KEY (learner_id, course_id, item_id)
    );
    CREATE TABLE course_seen (
        learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
        course_id TEXT NOT NULL,
        version TEXT NOT NULL,
        title TEXT NOT NULL,
        items TEXT NOT NULL,
        outline TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (learner_id, course_id)
    );
    CREATE TABLE note (
        learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
        course_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        text TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (learner_id, course_id, item_id)
    );
    CREATE TABLE bookmark (
        learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
        course_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        block INTEGER NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (learner_id, course_id, item_id, block)
    );",
    // 2 -> 3: a learner id that stays the same on every machine (records
    // and credentials name the learner by it), and the xAPI statements
    // already sent to each learning record store.
    "ALTER TABLE learner ADD COLUMN uid TEXT;
    UPDATE learner SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
        || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1)
        || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
    CREATE UNIQUE INDEX learner_by_uid ON learner (uid);
    CREATE TABLE xapi_sent (
        lrs TEXT NOT NULL,
        statement_id TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        PRIMARY KEY (lrs, statement_id)
    ) WITHOUT ROWID;",
    // 3 -> 4: attempts set aside when their quiz changed (kept with their
    // answers, never deleted), and the lease that lets one Slate at a time
    // study as a learner.
    "ALTER TABLE attempt ADD COLUMN outdated INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE lease (
        learner_id INTEGER PRIMARY KEY REFERENCES learner(id) ON DELETE CASCADE,
        holder TEXT NOT NULL,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        since TEXT NOT NULL,
        beat TEXT NOT NULL
    );",
    // 4 -> 5: where each course was last opened from, so that `slate
    // export` finds a package opened with `slate play PATH`.
    "ALTER TABLE course_seen ADD COLUMN origin TEXT;",
    // 5 -> 6: what xAPI statements need to stay the same once made: the
    // language each thing was studied in, every visit to an item with its
    // time (the old running totals become one visit each, dated by the
    // item's last event), and an attempt's own time, fixed when it ends.
    "ALTER TABLE item_event ADD COLUMN lang TEXT;
    ALTER TABLE attempt ADD COLUMN lang TEXT;
    ALTER TABLE attempt ADD COLUMN seconds INTEGER;
    ALTER TABLE answer ADD COLUMN lang TEXT;
    CREATE TABLE visit (
        id INTEGER PRIMARY KEY,
        learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
        course_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        seconds INTEGER NOT NULL,
        lang TEXT,
        at TEXT NOT NULL
    );
    CREATE INDEX visit_by_learner ON visit (learner_id, course_id);
    INSERT INTO visit (learner_id, course_id, item_id, seconds, at)
        SELECT t.learner_id, t.course_id, t.item_id, t.seconds, coalesce(
            (SELECT max(e.at) FROM item_event e WHERE e.learner_id = t.learner_id
                AND e.course_id = t.course_id AND e.item_id = t.item_id),
            (SELECT s.at FROM course_seen s WHERE s.learner_id = t.learner_id
                AND s.course_id = t.course_id),
            strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        FROM time_spent t WHERE t.seconds > 0 ORDER BY t.learner_id, t.course_id, t.item_id;",
];

/// Brings the database to [`VERSION`] in one transaction that holds the
/// write lock from the start and reads the version under it: two Slates
/// starting on one database never both migrate it, and neither ever sees
/// it half-way. Returns the version it migrated from, if it migrated
/// (another Slate may have done it meanwhile).
pub fn migrate(conn: &Connection) -> Result<Option<i64>, StoreError> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let steps = || -> Result<Option<i64>, StoreError> {
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for v in found..VERSION {
            let sql = MIGRATIONS
                .get(v as usize)
                .ok_or_else(|| StoreError::Sqlite(format!("no migration from version {v}")))?;
            conn.execute_batch(&format!("{sql}; PRAGMA user_version = {};", v + 1))?;
        }
        Ok((found < VERSION).then_some(found))
    };
    match steps() {
        Ok(from) => {
            conn.execute_batch("COMMIT")?;
            Ok(from)
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a database at `version` the way that version of Slate did.
    fn at_version(version: i64) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.db");
        let c = Connection::open(&path).unwrap();
        migrate_to(&c, version);
        (dir, path)
    }

    fn migrate_to(c: &Connection, version: i64) {
        for v in 0..version {
            c.execute_batch(&format!(
                "{}; PRAGMA user_version = {};",
                MIGRATIONS[v as usize],
                v + 1
            ))
            .unwrap();
        }
    }

    #[test]
    fn every_earlier_version_migrates_to_the_current_one_keeping_data() {
        for from in 0..VERSION {
            let (_d, path) = at_version(from);
            if from >= 1 {
                let c = Connection::open(&path).unwrap();
                // As the Slate of that version wrote a learner (with a
                // stable id from version 3 on).
                let learner = if from >= 3 {
                    "INSERT INTO learner (name, created_at, uid) VALUES ('Lan', 'then', 'u-1')"
                } else {
                    "INSERT INTO learner (name, created_at) VALUES ('Lan', 'then')"
                };
                c.execute(learner, []).unwrap();
                c.execute(
                    "INSERT INTO attempt (learner_id, course_id, quiz_id, number, seed, shown, started_at) VALUES (1, 'c', 'q', 1, 5, '[]', 'then')",
                    [],
                )
                .unwrap();
            }
            let store = crate::store::Store::open(&path).unwrap();
            let v: i64 = store
                .connection()
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(v, VERSION, "from {from}");
            if from >= 1 {
                assert_eq!(store.learners().unwrap()[0].name, "Lan");
                assert!(matches!(
                    store.notices[..],
                    [crate::store::Notice::Migrated { .. }]
                ));
            }
            // The current schema is usable: every table of the last version exists.
            store
                .connection()
                .execute_batch(
                    "SELECT * FROM bookmark; SELECT * FROM note; SELECT * FROM position; SELECT uid FROM learner; SELECT * FROM xapi_sent;
                     SELECT outdated FROM attempt; SELECT * FROM lease;
                     SELECT lang, seconds FROM attempt; SELECT lang FROM answer; SELECT lang FROM item_event; SELECT * FROM visit;",
                )
                .unwrap();
        }
    }

    #[test]
    fn time_spent_before_visits_were_kept_becomes_one_visit_per_item() {
        let (_d, path) = at_version(5);
        let c = Connection::open(&path).unwrap();
        c.execute_batch(
            "INSERT INTO learner (name, created_at, uid) VALUES ('Lan', 'then', 'u-1');
             INSERT INTO item_event (learner_id, course_id, item_id, kind, at) VALUES
                 (1, 'c', 'a', 'opened', '2026-01-01T08:00:00Z'),
                 (1, 'c', 'a', 'read', '2026-01-01T08:05:00Z');
             INSERT INTO course_seen (learner_id, course_id, version, title, items, outline, at) VALUES (1, 'c', '1', 'C', '[]', '', '2026-01-01T07:00:00Z');
             INSERT INTO time_spent (learner_id, course_id, item_id, seconds) VALUES
                 (1, 'c', 'a', 300), (1, 'c', 'b', 40), (1, 'c', 'z', 0);",
        )
        .unwrap();
        drop(c);
        let store = crate::store::Store::open(&path).unwrap();
        let visits: Vec<(String, i64, String, Option<String>)> = store
            .connection()
            .prepare("SELECT item_id, seconds, at, lang FROM visit ORDER BY item_id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            visits,
            vec![
                ("a".into(), 300, "2026-01-01T08:05:00Z".into(), None),
                // No event of its own: dated when the course was last seen.
                ("b".into(), 40, "2026-01-01T07:00:00Z".into(), None),
            ]
        );
    }

    #[test]
    fn the_migrated_schema_equals_a_fresh_one() {
        let schema = |path: &std::path::Path| -> Vec<String> {
            let c = Connection::open(path).unwrap();
            let mut st = c
                .prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name")
                .unwrap();
            st.query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        let (_a, old) = at_version(1);
        drop(crate::store::Store::open(&old).unwrap());
        let (_b, fresh) = at_version(0);
        drop(crate::store::Store::open(&fresh).unwrap());
        assert_eq!(schema(&old), schema(&fresh));
    }
}
