//! `slate` and `slate play PATH`: the player. The only command that uses
//! the terminal user interface.

use std::io::IsTerminal;
use std::process::ExitCode;

use super::list;
use super::options::Options;
use crate::tui::app::{self, Setup};

pub fn run(opts: &Options) -> ExitCode {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        // Not a terminal (a pipe, a script): say what is there instead.
        super::out::tell("slate: the player needs a terminal; listing the library instead.");
        return list::run(opts);
    }
    let setup = Setup {
        lang: opts.lang.clone(),
        learner: opts.learner.clone(),
        ascii: opts.ascii,
        data_dir: opts.data_dir.clone(),
        play: opts.play.is_some(),
        trusted_publishers: opts.trusted_publishers.clone(),
        preview: None,
    };
    app::run(setup, opts.library())
}

/// `slate preview PATH`: the player on the one package, read whole (never
/// from the outline cache) and again on every save, with progress of its
/// own: a data folder for this package under the data folder's
/// `preview/`, emptied at each start, so a trainer's tries never mix with
/// a learner's progress.
pub fn preview(opts: &Options, poll: bool) -> ExitCode {
    let Some(path) = &opts.play else {
        return ExitCode::FAILURE;
    };
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        super::out::tell("slate preview: the preview needs a terminal; try `slate check` instead.");
        return ExitCode::FAILURE;
    }
    let data_dir = match preview_data_dir(opts, path) {
        Ok(d) => d,
        Err(e) => {
            super::out::tell(format!("slate preview: {e}"));
            return ExitCode::FAILURE;
        }
    };
    let setup = Setup {
        lang: opts.lang.clone(),
        learner: Some("preview".into()),
        ascii: opts.ascii,
        data_dir: Some(data_dir),
        play: true,
        trusted_publishers: opts.trusted_publishers.clone(),
        preview: Some(app::PreviewSetup {
            path: path.clone(),
            poll,
        }),
    };
    let library = crate::course::Library::load(&[], Some(path), false, None);
    app::run(setup, library)
}

/// `DATA/preview/<the package's place, hashed>`, emptied.
fn preview_data_dir(opts: &Options, path: &std::path::Path) -> Result<std::path::PathBuf, String> {
    use sha2::{Digest, Sha256};
    let base = opts
        .data_dir
        .clone()
        .or_else(|| super::data::data_dir(None, false))
        .ok_or("no data folder for the preview's progress (set SLATE_DATA_DIR)")?;
    let place = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let name = crate::util::hex(&Sha256::digest(place.to_string_lossy().as_bytes()));
    let dir = base.join("preview").join(&name[..16]);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .map_err(|e| format!("{}: {}", dir.display(), crate::util::io_reason(&e)))?;
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("{}: {}", dir.display(), crate::util::io_reason(&e)))?;
    Ok(dir)
}
