//! Watching a course folder for saves, for `slate preview`: the operating
//! system's file events where they arrive (inotify, FSEvents,
//! ReadDirectoryChanges, through the notify crate), and polling where
//! they do not (FAT and exFAT sticks, network and FUSE folders), or when
//! asked. The preview says which is in use.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

/// How often a polled folder is looked at.
pub const POLL_EVERY: Duration = Duration::from_millis(200);

/// How changes are noticed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Events,
    /// Polling, and why (the folder's file system, or `--poll`).
    Polling(String),
}

/// A running watch: something changed under the folder when `changed`
/// has a message. The watcher stops when this is dropped.
pub struct Watch {
    pub mode: Mode,
    changed: Receiver<()>,
    _events: Option<RecommendedWatcher>,
}

impl Watch {
    /// Whether anything changed since the last call (every message is
    /// taken: a save that writes three times is one change).
    pub fn changed(&self) -> bool {
        let mut any = false;
        while self.changed.try_recv().is_ok() {
            any = true;
        }
        any
    }
}

/// Starts watching `dir` (a package folder, or a zip's folder).
pub fn watch(dir: &Path, force_poll: bool) -> Result<Watch, String> {
    let (tx, rx) = channel();
    let why_poll = if force_poll {
        Some("--poll".to_string())
    } else {
        polled_file_system(dir)
    };
    let send = move |res: notify::Result<notify::Event>| {
        // Reading a file is an event too on some systems; only what
        // changes the package counts.
        if let Ok(e) = res
            && !matches!(e.kind, notify::EventKind::Access(_))
        {
            let _ = tx.send(());
        }
    };
    if why_poll.is_none() {
        let tx_events = send.clone();
        if let Ok(mut w) = notify::recommended_watcher(tx_events)
            && w.watch(dir, RecursiveMode::Recursive).is_ok()
        {
            return Ok(Watch {
                mode: Mode::Events,
                changed: rx,
                _events: Some(w),
            });
        }
    }
    // No events (or none to trust): the folder looked at again and again.
    let dir = dir.to_path_buf();
    let mut last = snapshot(&dir);
    let (ptx, prx) = channel();
    std::thread::Builder::new()
        .name("preview-poll".into())
        .spawn(move || {
            loop {
                std::thread::sleep(POLL_EVERY);
                let now = snapshot(&dir);
                if differs(&last, &now) {
                    last = now;
                    // The player has quit: the thread ends with it.
                    if ptx.send(()).is_err() {
                        return;
                    }
                }
            }
        })
        .map_err(|e| format!("cannot start polling: {e}"))?;
    drop(rx);
    Ok(Watch {
        mode: Mode::Polling(why_poll.unwrap_or_else(|| "no file events".into())),
        changed: prx,
        _events: None,
    })
}

/// A file as polling sees it: size, time (to the nanosecond where the
/// file system keeps it), and, for a file changed in the last few
/// seconds, a hash of its bytes, since FAT keeps times to two seconds and
/// a typo fixed within them changes neither time nor size.
type Seen = std::collections::BTreeMap<PathBuf, (u64, u128, Option<u64>)>;

/// Whether a file came, went or changed. A hash taken on one side only (a
/// file that has just become, or stopped being, recent) is no change.
fn differs(a: &Seen, b: &Seen) -> bool {
    a.len() != b.len()
        || a.iter()
            .zip(b)
            .any(|((pa, (sa, ta, ha)), (pb, (sb, tb, hb)))| {
                pa != pb || sa != sb || ta != tb || matches!((ha, hb), (Some(x), Some(y)) if x != y)
            })
}

fn snapshot(dir: &Path) -> Seen {
    let mut out = Seen::new();
    let now = std::time::SystemTime::now();
    walk(dir, 0, now, &mut out);
    out
}

fn walk(dir: &Path, depth: usize, now: std::time::SystemTime, out: &mut Seen) {
    use std::hash::{Hash, Hasher};
    const RECENT: Duration = Duration::from_secs(4);
    const MAX_HASHED: u64 = 4 * 1024 * 1024;
    if depth > crate::course::limits::MAX_DIR_DEPTH || out.len() > crate::course::limits::MAX_FILES
    {
        return;
    }
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for child in read.flatten() {
        // The package walk skips these too; a `.git` folder's churn is
        // no save of the course.
        if child.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(meta) = child.metadata() else { continue };
        if meta.is_dir() {
            walk(&child.path(), depth + 1, now, out);
            continue;
        }
        let modified = meta.modified().ok();
        let nanos = modified
            .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let recent = modified
            .and_then(|m| now.duration_since(m).ok())
            .is_none_or(|age| age < RECENT);
        let hash = (recent && meta.len() <= MAX_HASHED)
            .then(|| std::fs::read(child.path()).ok())
            .flatten()
            .map(|bytes| {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                bytes.hash(&mut h);
                h.finish()
            });
        out.insert(child.path(), (meta.len(), nanos, hash));
    }
}

/// The file system `dir` is on, when it is one whose changes file events
/// miss: FAT sticks, network shares and FUSE mounts (Linux: read from
/// /proc/self/mounts; elsewhere, events are trusted).
fn polled_file_system(dir: &Path) -> Option<String> {
    const POLLED: &[&str] = &[
        "vfat", "msdos", "exfat", "fuseblk", "ntfs", "ntfs3", "nfs", "nfs4", "cifs", "smb3",
        "smbfs", "9p", "sshfs", "davfs",
    ];
    let dir: PathBuf = std::fs::canonicalize(dir).ok()?;
    let mounts = std::fs::read_to_string("/proc/self/mounts").ok()?;
    let mut best: Option<(usize, String)> = None;
    for line in mounts.lines() {
        let mut fields = line.split(' ');
        let (Some(_), Some(point), Some(kind)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        // Spaces in mount points are written as \040.
        let point = point.replace("\\040", " ");
        if dir.starts_with(&point) && best.as_ref().is_none_or(|(n, _)| point.len() > *n) {
            best = Some((point.len(), kind.to_string()));
        }
    }
    let (_, kind) = best?;
    (POLLED.contains(&kind.as_str()) || kind.starts_with("fuse.")).then_some(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A save is seen, by events and by polling alike.
    #[test]
    fn a_save_is_noticed_either_way() {
        for poll in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("course.toml"), "a").unwrap();
            let w = watch(dir.path(), poll).unwrap();
            assert_eq!(matches!(w.mode, Mode::Polling(_)), poll);
            std::thread::sleep(POLL_EVERY * 2);
            // The same size, at once: only the bytes differ.
            std::fs::write(dir.path().join("course.toml"), "b").unwrap();
            let start = std::time::Instant::now();
            while !w.changed() {
                assert!(
                    start.elapsed() < Duration::from_secs(10),
                    "poll={poll}: not noticed"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}
