//! The course package format (version 1): the model, reading packages from
//! folders, zips and the binary itself, and every check `slate check` runs.
//! Free of any UI: the player and the command line both build on it.

pub mod cache;
pub mod controls;
pub mod diagnostic;
pub mod digest;
pub mod encoding;
pub mod html;
pub mod lesson;
pub mod library;
pub mod limits;
pub mod load;
pub mod manifest;
pub mod model;
pub mod pack;
pub mod quiz;
pub mod seal;
pub mod skeleton;
pub mod source;
pub mod toml_hints;
pub mod toml_read;
pub mod translations;

pub use diagnostic::{Code, Diagnostic, Severity};
pub use digest::{package_digest, packed_digest};
pub use library::Library;
pub use load::{Loaded, lesson_body, load, load_path};
pub use model::*;
pub use source::Source;
