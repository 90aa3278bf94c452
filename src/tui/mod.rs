//! The player: the loop that owns the terminal, the keymap, the router and
//! one module per screen. Only this module knows about ratatui and
//! crossterm, and only the command line's `play` uses it.

pub mod action;
pub mod app;
pub mod keymap;
mod links;
pub mod nav;
pub mod runner;
pub mod screens;
pub mod state;
pub mod text_field;
pub mod theme;
pub mod update;
mod viewer;
pub mod watch;
