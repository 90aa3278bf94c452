//! What can still be read from a damaged database, put back into the one
//! that replaces it (a restored backup, or a new file). Table by table, in
//! ranges of row ids: a range that cannot be read is stepped over, wider
//! and wider, and the rest is read on. Rows the new database already has
//! (those of the backup) are kept as they are. The bundled SQLite has no
//! recover extension; this reads through the ordinary query path.

use std::path::Path;

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, params_from_iter};

/// Tables with the learner's progress, parents before children, so that a
/// row's references are back before it is.
const TABLES: &[&str] = &[
    "learner",
    "course_seen",
    "attempt",
    "answer",
    "item_event",
    "last_place",
    "position",
    "time_spent",
    "visit",
    "note",
    "bookmark",
];

/// Rows read in one query.
const BATCH: i64 = 256;

/// What was put back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Salvaged {
    pub rows: usize,
    pub answers: usize,
}

/// Puts back what can be read of `damaged` into `into`.
pub fn salvage(damaged: &Path, into: &Connection) -> Salvaged {
    let mut out = Salvaged::default();
    let Ok(old) = Connection::open_with_flags(damaged, OpenFlags::SQLITE_OPEN_READ_ONLY) else {
        return out;
    };
    // Its write-ahead log may be damaged too: the main file is what counts.
    let _ = old.pragma_update(None, "query_only", true);
    for table in TABLES {
        let Some(columns) = shared_columns(&old, into, table) else {
            continue;
        };
        let n = copy_table(&old, into, table, &columns);
        out.rows += n;
        if *table == "answer" {
            out.answers += n;
        }
    }
    out
}

/// The columns both databases give `table`, if the old one can say.
fn shared_columns(old: &Connection, new: &Connection, table: &str) -> Option<Vec<String>> {
    let names = |c: &Connection| -> Option<Vec<String>> {
        let mut st = c.prepare(&format!("PRAGMA table_info({table})")).ok()?;
        let rows = st.query_map([], |r| r.get::<_, String>(1)).ok()?;
        rows.collect::<Result<Vec<_>, _>>().ok()
    };
    let (old_cols, new_cols) = (names(old)?, names(new)?);
    let shared: Vec<String> = new_cols
        .into_iter()
        .filter(|c| old_cols.contains(c))
        .collect();
    (!shared.is_empty()).then_some(shared)
}

/// Copies every readable row of `table`; returns how many were new.
fn copy_table(old: &Connection, new: &Connection, table: &str, columns: &[String]) -> usize {
    let list = columns.join(", ");
    let marks = vec!["?"; columns.len()].join(", ");
    let read =
        format!("SELECT rowid, {list} FROM {table} WHERE rowid >= ?1 ORDER BY rowid LIMIT {BATCH}");
    let write = format!("INSERT OR IGNORE INTO {table} ({list}) VALUES ({marks})");
    // The last row id, when the tree's right edge can still be read.
    let last: Option<i64> = old
        .query_row(&format!("SELECT max(rowid) FROM {table}"), [], |r| r.get(0))
        .ok()
        .flatten();
    let mut copied = 0;
    let mut next = i64::MIN;
    let mut step = 1i64;
    let mut failures = 0;
    loop {
        let (rows, broken) = read_batch(old, &read, next, columns.len());
        let got = !rows.is_empty();
        for (rowid, values) in rows {
            if new
                .execute(&write, params_from_iter(values))
                .is_ok_and(|n| n > 0)
            {
                copied += 1;
            }
            next = rowid.saturating_add(1);
        }
        if !broken {
            if !got {
                break;
            }
            step = 1;
            continue;
        }
        // A page that cannot be read: step over ever wider ranges, until
        // the rows go on or there can be none beyond.
        failures += 1;
        if next == i64::MIN {
            next = 0;
        }
        next = next.saturating_add(step);
        step = step.saturating_mul(2).min(1 << 20);
        let beyond = last.is_some_and(|l| next > l);
        if beyond || failures > 64 || next == i64::MAX {
            break;
        }
    }
    copied
}

/// The rows read from `from` on, up to the first that cannot be read, and
/// whether one could not.
fn read_batch(
    old: &Connection,
    sql: &str,
    from: i64,
    width: usize,
) -> (Vec<(i64, Vec<Value>)>, bool) {
    let mut out = Vec::new();
    let Ok(mut st) = old.prepare_cached(sql) else {
        return (out, true);
    };
    let Ok(mut rows) = st.query([from]) else {
        return (out, true);
    };
    loop {
        match rows.next() {
            Ok(Some(r)) => {
                let row = r.get::<_, i64>(0).and_then(|rowid| {
                    let values = (1..=width)
                        .map(|i| r.get::<_, Value>(i))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok((rowid, values))
                });
                match row {
                    Ok(row) => out.push(row),
                    Err(_) => return (out, true),
                }
            }
            Ok(None) => return (out, false),
            Err(_) => return (out, true),
        }
    }
}
