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
    /// The configuration's `[records] home_page`, as written: checked by
    /// the commands that make statements ([`Options::home_page`]), so that a
    /// mistake there never stops the player.
    pub records_home_page: Option<String>,
    /// Why the configuration file could not be read, if it could not.
    pub config_error: Option<String>,
    /// The publishers whose signed packages are shown as "signed by NAME".
    pub trusted_publishers: Vec<String>,
}

impl Options {
    /// The home page of learners' xAPI accounts: the configuration's, else
    /// the documented default; a wrong one is an error, never replaced by
    /// the default (that would make every learner someone else).
    pub fn home_page(&self) -> Result<String, String> {
        if let Some(e) = &self.config_error {
            return Err(format!(
                "not without the configuration: statements name learners by its [records] home_page, and it cannot be read ({e}); fix it first"
            ));
        }
        match &self.records_home_page {
            Some(url) => crate::records::xapi::valid_home_page(url)
                .map_err(|e| format!("the configuration's [records] home_page: {e}")),
            None => Ok(crate::records::xapi::DEFAULT_HOME_PAGE.to_string()),
        }
    }

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

/// The command line's options over the configuration file's, once what
/// they name is checked: a folder of courses or a package that is not
/// there, or a language Slate's screens are not in, is an error that says
/// what there is.
pub fn options(common: Common, play: Option<PathBuf>) -> Result<Options, String> {
    // A broken configuration is said and set aside; what rests on it (the
    // learners' home page in statements) then refuses rather than guesses.
    let (config, config_error) = match config::load_strict(common.config.config.as_deref()) {
        Ok(c) => (c, None),
        Err(e) => {
            super::out::tell(format!("slate: {e}; going on without it"));
            (config::Config::default(), Some(e))
        }
    };
    let data_dir = data::data_dir(common.data.data_dir.as_deref(), common.data.portable);
    for dir in &common.library.courses {
        if !dir.exists() {
            return Err(format!(
                "--courses {}: no such folder (give a folder of course packages, or one package)",
                dir.display()
            ));
        }
    }
    let trusted_publishers =
        super::pack::trusted_publishers(&config, &common.library.trust_publisher)?;
    let mut courses = config.courses;
    courses.extend(common.library.courses);
    if let Some(path) = &play {
        playable(path)?;
    }
    let lang = common.screen.lang.or(config.lang);
    if let Some(tag) = &lang
        && !crate::i18n::supports(tag)
    {
        return Err(format!(
            "--lang {tag}: Slate's screens are in {}",
            crate::i18n::tags().join(", ")
        ));
    }
    Ok(Options {
        courses,
        play,
        lang,
        learner: common.learner.learner.or(config.learner),
        ascii: common.screen.ascii || config.ascii,
        data_dir,
        records_home_page: config.records.home_page,
        config_error,
        trusted_publishers,
    })
}

/// Whether `path` can be a course package: a folder holding `course.toml`,
/// or a `.zip` file.
fn playable(path: &std::path::Path) -> Result<(), String> {
    let shown = path.display();
    if !path.exists() {
        return Err(format!("{shown}: no such course folder or .zip"));
    }
    if path.is_dir() {
        if path.join(crate::course::source::MANIFEST).is_file() {
            return Ok(());
        }
        return Err(format!(
            "{shown}: not a course package (it has no course.toml); to add a folder of packages, use --courses {shown}"
        ));
    }
    let zip = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if zip {
        Ok(())
    } else {
        Err(format!(
            "{shown}: not a course package (a folder with course.toml, or a .zip)"
        ))
    }
}
