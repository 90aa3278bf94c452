//! What the write-ahead log holds when Slate leaves, and whether a clean
//! exit folds it into the database file. Folding costs two fsyncs (the
//! log's, then the file's), 10-60 ms on a USB stick, so it is done
//! when the log holds learner data and skipped when it holds only the
//! lease's own rows, which nobody copying the file needs.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{Store, StoreError};

impl Store {
    /// On a clean exit: lets the learner go and folds the log into the
    /// database file if it holds learner data. A session that only looked
    /// leaves its lease rows in the log (replayed on the next open) rather
    /// than pay two fsyncs to fold them.
    pub fn leave(&mut self) {
        self.release_lease();
        let data_written = self.conn.total_changes() > self.lease_changes;
        if data_written || self.fold_needed {
            self.checkpoint();
            let _ = std::fs::remove_file(lease_log_marker(&self.path));
        } else if self
            .conn
            .set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
                true,
            )
            .is_ok()
            && let Some(seen) = log_stamp(&self.path)
        {
            // Says that the log, exactly as it is now, holds only lease
            // rows: the next open need not fold it.
            let _ = std::fs::write(lease_log_marker(&self.path), seen);
        }
    }

    /// Runs `write` with no fsync at its commit and no checkpoint, in WAL
    /// mode only (where an unsynced commit can be lost but never damages
    /// the file); the next commit at `synchronous=FULL` syncs it with
    /// everything before it. For writes whose loss costs nothing.
    pub(super) fn unsynced<T>(
        &mut self,
        write: impl FnOnce(&mut Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let wal = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0))
            .is_ok_and(|m| m.eq_ignore_ascii_case("wal"));
        if !wal {
            return write(&mut self.conn);
        }
        let before = self.conn.total_changes();
        let quiet = self
            .conn
            .execute_batch("PRAGMA wal_autocheckpoint = 0; PRAGMA synchronous = OFF;");
        let result = quiet
            .map_err(StoreError::from)
            .and_then(|()| write(&mut self.conn));
        // Back to full durability before anything else is written; if even
        // that fails, the connection is not trusted to save.
        let restored = self
            .conn
            .execute_batch("PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 1000;");
        self.lease_changes += self.conn.total_changes() - before;
        restored?;
        result
    }
}

/// The write-ahead log's size, modification time and header (whose salts
/// change whenever the log restarts), or `None` if absent. Appending
/// changes the size, restarting the header: a coarse clock (FAT keeps two
/// seconds) cannot hide a change.
fn log_stamp(db: &Path) -> Option<String> {
    use std::io::Read;
    let mut file = std::fs::File::open(format!("{}-wal", db.display())).ok()?;
    let meta = file.metadata().ok()?;
    let modified = meta.modified().ok()?;
    let nanos = modified
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    let mut header = [0u8; 32];
    let read = file.read(&mut header).ok()?;
    let header = crate::util::hex(header.get(..read).unwrap_or_default());
    Some(format!("{} {nanos} {header}", meta.len()))
}

/// Written on a clean exit that wrote only the lease, naming the log as it
/// was left.
fn lease_log_marker(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}-wal.lease-only", db.display()))
}

/// Whether the log holds anything the database file lacks: it is not
/// empty, and not the log a clean exit left holding only lease rows.
pub(super) fn log_holds_data(db: &Path) -> bool {
    match log_stamp(db) {
        None => false,
        Some(stamp) if stamp.starts_with("0 ") => false,
        Some(stamp) => std::fs::read_to_string(lease_log_marker(db)).ok() != Some(stamp),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::LearnerEvent;
    use crate::store::{DB_NAME, Holder};

    fn opened(item: &str) -> LearnerEvent {
        LearnerEvent::ItemOpened {
            course: "c".into(),
            item: item.into(),
        }
    }

    fn sync_level(s: &Store) -> i64 {
        s.conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap()
    }

    /// Only the database file, as someone copying it off a stick gets it.
    fn copied_alone(db: &Path, to: &Path) -> Store {
        std::fs::copy(db, to).unwrap();
        Store::open_read_only(to).unwrap()
    }

    #[test]
    fn a_session_that_only_looked_leaves_its_lease_in_the_log_and_the_data_folded() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join(DB_NAME);
        let me = Holder::this_process();
        let id = {
            let mut s = Store::open(&db).unwrap();
            let lan = s.learner("Lan", None).unwrap();
            assert_eq!(s.take_lease(lan.id, &me).unwrap(), None);
            assert_eq!(sync_level(&s), 2, "the lease leaves full durability on");
            s.record(lan.id, &opened("one")).unwrap();
            s.leave();
            lan.id
        };
        // Learner data was written: folded, so the file alone holds it.
        let alone = copied_alone(&db, &dir.path().join("copy-1.db"));
        assert!(alone.find_learner("Lan").unwrap().is_some());
        drop(alone);

        // A session that only looks writes its lease and leaves it in the
        // log, with the marker that says so.
        {
            let mut s = Store::open(&db).unwrap();
            assert!(!s.fold_needed);
            s.take_lease(id, &Holder::this_process()).unwrap();
            s.leave();
        }
        assert!(
            lease_log_marker(&db).exists(),
            "the lease-only log is marked"
        );
        let s = Store::open(&db).unwrap();
        assert!(!s.fold_needed, "a lease-only log needs no folding");
        drop(s);
    }

    #[test]
    fn a_log_left_by_a_killed_slate_is_folded_on_the_next_exit() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join(DB_NAME);
        let id = {
            let mut s = Store::open(&db).unwrap();
            let lan = s.learner("Lan", None).unwrap();
            s.leave();
            lan.id
        };
        {
            // An exit that only looked marks the log as lease-only...
            let mut s = Store::open(&db).unwrap();
            s.take_lease(id, &Holder::this_process()).unwrap();
            s.leave();
        }
        {
            // ...then a Slate records an answer and is killed: no leave,
            // and the connection's close is skipped as a kill skips it.
            let mut s = Store::open(&db).unwrap();
            s.take_lease(id, &Holder::this_process()).unwrap();
            s.record(id, &opened("two")).unwrap();
            let _ = s.conn.set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
                true,
            );
        }
        let mut s = Store::open(&db).unwrap();
        assert!(s.fold_needed, "the log changed since it was marked");
        s.leave();
        drop(s);
        let alone = copied_alone(&db, &dir.path().join("copy.db"));
        let progress = alone.load_progress(id).unwrap();
        assert!(
            format!("{progress:?}").contains("two"),
            "the killed Slate's step is in the file: {progress:?}"
        );
    }
}
