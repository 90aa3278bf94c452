//! Slate: a terminal course player for teachers' digital-competence
//! training. The binary's command line lives in `cli`; everything else is
//! usable as a library (and tested as one).
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

pub mod cli;
pub mod course;
pub mod credential;
pub mod did_key;
pub mod i18n;
pub mod import;
pub mod markdown;
pub mod print;
pub mod progress;
pub mod quiz;
pub mod records;
pub mod store;
pub mod text;
pub mod tui;
pub mod util;
