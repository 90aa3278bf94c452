//! The player: state, update, keymap, screens, and the loop that owns the
//! terminal. Only this module knows about ratatui and crossterm.

pub mod action;
pub mod app;
pub mod keymap;
pub mod screens;
pub mod state;
pub mod theme;
pub mod update;
