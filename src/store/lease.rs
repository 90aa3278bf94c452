//! One Slate at a time studies as a learner. The Slate that chose the
//! learner holds a lease in the database, renewed with every commit and
//! released when it quits; another Slate choosing the same learner is told
//! where they are studying, and may wait or open the progress read-only.
//! A lease whose Slate is gone (killed, a machine switched off) is taken
//! over: on this computer when its process no longer runs, from another
//! computer after [`STALE_AFTER`] without a commit.

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError, now};

/// How long a lease held on another computer lasts without a commit.
pub const STALE_AFTER: time::Duration = time::Duration::minutes(15);

/// This Slate, as a lease names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// Random, new for every run: two runs are never the same holder.
    pub token: String,
    pub pid: u32,
    pub host: String,
}

impl Holder {
    pub fn this_process() -> Holder {
        Holder {
            token: uuid::Uuid::new_v4().to_string(),
            pid: std::process::id(),
            host: host_name(),
        }
    }
}

/// Who holds a learner's lease when it is not this Slate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elsewhere {
    /// On this computer (else the other computer's name is in `host`).
    pub here: bool,
    pub host: String,
    /// When it began (RFC 3339).
    pub since: String,
}

/// The computer's name, as well as the system says it.
fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|n| n.trim().to_string())
        .ok()
        .filter(|n| !n.is_empty())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "this computer".into())
}

/// Whether process `pid` still runs on this computer; `None` where the
/// system gives no way to ask (then the lease's age decides).
fn process_alive(pid: u32) -> Option<bool> {
    if cfg!(target_os = "linux") {
        Some(std::path::Path::new(&format!("/proc/{pid}")).exists())
    } else {
        None
    }
}

impl Store {
    /// Takes the learner's lease for `me`, unless another Slate that still
    /// runs holds it.
    pub fn take_lease(
        &mut self,
        learner: i64,
        me: &Holder,
    ) -> Result<Option<Elsewhere>, StoreError> {
        let taken = self.unsynced(|conn| take(conn, learner, me))?;
        if taken.is_none() {
            self.holder = Some((learner, me.clone()));
        }
        Ok(taken)
    }

    /// Gives the lease back (on quitting, or choosing another learner).
    pub fn release_lease(&mut self) {
        if let Some((learner, me)) = self.holder.take() {
            let _ = self.unsynced(|conn| {
                conn.execute(
                    "DELETE FROM lease WHERE learner_id = ?1 AND holder = ?2",
                    params![learner, me.token],
                )?;
                Ok(())
            });
        }
    }
}

fn take(
    conn: &mut rusqlite::Connection,
    learner: i64,
    me: &Holder,
) -> Result<Option<Elsewhere>, StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let held: Option<(String, u32, String, String, String)> = tx
        .query_row(
            "SELECT holder, pid, host, since, beat FROM lease WHERE learner_id = ?1",
            [learner],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    if let Some((token, pid, host, since, beat)) = held
        && token != me.token
    {
        let here = host == me.host;
        let beat_age =
            time::OffsetDateTime::parse(&beat, &time::format_description::well_known::Rfc3339)
                .map(|t| time::OffsetDateTime::now_utc() - t)
                .unwrap_or(time::Duration::ZERO);
        let gone = match (here, process_alive(pid)) {
            (true, Some(alive)) => !alive,
            _ => beat_age > STALE_AFTER,
        };
        if !gone {
            return Ok(Some(Elsewhere { here, host, since }));
        }
    }
    let at = now();
    tx.execute(
            "INSERT INTO lease (learner_id, holder, pid, host, since, beat) VALUES (?1, ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT (learner_id) DO UPDATE SET holder = excluded.holder, pid = excluded.pid,
               host = excluded.host, since = excluded.since, beat = excluded.beat",
            params![learner, me.token, me.pid, me.host, at],
        )?;
    tx.commit()?;
    Ok(None)
}

/// Inside a commit: the lease is still this Slate's (another may have
/// taken it over as stale), and it is renewed. A Slate that holds no
/// lease (the command line, tests) is not checked.
pub(super) fn lease_check(
    holder: &Option<(i64, Holder)>,
    tx: &rusqlite::Transaction<'_>,
    learner: i64,
    at: &str,
) -> Result<(), StoreError> {
    let Some((held_for, me)) = holder else {
        return Ok(());
    };
    if *held_for != learner {
        return Ok(());
    }
    let renewed = tx.execute(
        "UPDATE lease SET beat = ?3 WHERE learner_id = ?1 AND holder = ?2",
        params![learner, me.token, at],
    )?;
    if renewed == 0 {
        return Err(StoreError::Refused(
            "this learner is now studying in another Slate, so this one no longer saves".into(),
        ));
    }
    Ok(())
}
