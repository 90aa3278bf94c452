//! What the command line and the configuration file decided together, for
//! the commands that open the library (the player, `list`, `export`,
//! `sync`).

use std::path::PathBuf;

use super::{Common, config, data};
use crate::course::Library;

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub courses: Vec<PathBuf>,
    /// `slate play PATH`: only this package.
    pub play: Option<PathBuf>,
    pub lang: Option<String>,
    pub learner: Option<String>,
    pub ascii: bool,
    /// Where the progress database lives.
    pub data_dir: Option<PathBuf>,
}

impl Options {
    /// Where loaded course outlines are cached: beside the progress.
    pub fn cache_dir(&self) -> Option<PathBuf> {
        self.data_dir.as_ref().map(|d| d.join("cache"))
    }

    /// The library these options name: the bundled courses and every
    /// package in the folders given (or only the package played).
    pub fn library(&self) -> Library {
        Library::load(
            &self.courses,
            self.play.as_ref(),
            true,
            self.cache_dir().as_deref(),
        )
    }
}

/// The command line's options over the configuration file's.
pub fn options(common: Common, play: Option<PathBuf>) -> Options {
    let config = config::load(common.config.as_deref());
    let data_dir = data::data_dir(common.data_dir.as_deref(), common.portable);
    let mut courses = config.courses;
    courses.extend(common.courses);
    Options {
        courses,
        play,
        lang: common.lang.or(config.lang),
        learner: common.learner.or(config.learner),
        ascii: common.ascii || config.ascii,
        data_dir,
    }
}
