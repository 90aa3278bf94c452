//! Where progress lives: `--data-dir`, then `SLATE_DATA_DIR`, then portable
//! mode (a `slate-data/` folder beside the executable, or `--portable`), then
//! the platform's data folder.

use std::path::{Path, PathBuf};

pub const PORTABLE_DIR: &str = "slate-data";

pub fn data_dir(explicit: Option<&Path>, portable: bool) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("SLATE_DATA_DIR").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let beside_exe = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|d| d.join(PORTABLE_DIR)));
    if let Some(dir) = beside_exe
        && (portable || dir.is_dir())
    {
        return Some(dir);
    }
    directories::ProjectDirs::from("", "", "slate").map(|d| d.data_dir().to_path_buf())
}
