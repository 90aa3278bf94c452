//! The configuration file (`config.toml` in the platform's configuration
//! folder, or `--config FILE`): the teacher's language, extra course
//! folders, a default learner, plain ASCII drawing, the issuer's status
//! list URL, and the home page learners' xAPI accounts are on.

use std::path::{Path, PathBuf};

use super::out::tell;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub lang: Option<String>,
    #[serde(default)]
    pub courses: Vec<PathBuf>,
    pub learner: Option<String>,
    #[serde(default)]
    pub ascii: bool,
    #[serde(default)]
    pub issuer: IssuerConfig,
    #[serde(default)]
    pub records: RecordsConfig,
    #[serde(default)]
    pub publishers: PublishersConfig,
}

/// `[publishers]`: whose signed packages this installation trusts.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishersConfig {
    /// The publishers' keys, as `slate keygen` printed them (`did:key:…`).
    #[serde(default)]
    pub trust: Vec<String>,
}

/// `[records]`: how this installation names its learners in records.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordsConfig {
    /// The site of the school or installation: the home page of the xAPI
    /// account of every learner without an email, in every course.
    pub home_page: Option<String>,
}

/// `[issuer]`: settings for `slate issue`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuerConfig {
    /// Where the issuer publishes its status list credential.
    pub status_list_url: Option<String>,
}

pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "slate").map(|d| d.config_dir().join("config.toml"))
}

/// Reads the configuration. A missing default file is no configuration; a
/// broken one is reported (with its place) and ignored, never fatal.
pub fn load(explicit: Option<&Path>) -> Config {
    load_strict(explicit).unwrap_or_else(|e| {
        tell(format!("slate: {e}; going on without it"));
        Config::default()
    })
}

/// Reads the configuration, or says why it cannot be read.
pub fn load_strict(explicit: Option<&Path>) -> Result<Config, String> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => match default_path() {
            Some(p) if p.is_file() => p,
            _ => return Ok(Config::default()),
        },
    };
    let text = crate::util::read_regular(&path, 1024 * 1024)
        .map_err(|e| e.to_string())
        .and_then(|b| String::from_utf8(b).map_err(|_| "it is not UTF-8 text".to_string()))
        .map_err(|e| format!("cannot read the configuration {}: {e}", path.display()))?;
    let mut c = toml::from_str::<Config>(&text)
        .map_err(|e| format!("{}: {}", path.display(), e.message()))?;
    // Relative course folders are relative to the configuration file.
    let base = path.parent().unwrap_or(Path::new("."));
    c.courses = c
        .courses
        .into_iter()
        .map(|p| if p.is_relative() { base.join(p) } else { p })
        .collect();
    Ok(c)
}
