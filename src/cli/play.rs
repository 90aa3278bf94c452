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
    };
    app::run(setup, opts.library())
}
