//! Terminal hyperlinks (OSC 8) over the links of the lesson on screen, for
//! terminals known to show them.

use std::io::Write;

use crossterm::QueueableCommand;
use crossterm::cursor::MoveTo;
use crossterm::style::{Print, ResetColor, SetAttribute, SetStyle};
use ratatui::backend::IntoCrossterm;

use super::screens;
use super::state::{Screen, State};
use super::theme::Theme;

/// Whether the terminal shows OSC 8 hyperlinks (`SLATE_HYPERLINKS=0/1`
/// overrides). Terminals that do not know them may print them, so only
/// those known to are used; the Linux console never.
pub fn supported() -> bool {
    if let Ok(v) = std::env::var("SLATE_HYPERLINKS") {
        return v == "1";
    }
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let term = var("TERM");
    if term == "linux" || term == "dumb" {
        return false;
    }
    !var("WT_SESSION").is_empty()
        || !var("KITTY_WINDOW_ID").is_empty()
        || var("VTE_VERSION").parse::<u32>().is_ok_and(|v| v >= 5000)
        || ["iTerm.app", "WezTerm", "vscode", "ghostty"].contains(&var("TERM_PROGRAM").as_str())
        || ["kitty", "alacritty", "foot", "wezterm"]
            .iter()
            .any(|t| term.contains(t))
}

/// Lays OSC 8 hyperlinks over the links of the lesson just drawn: each
/// link's text is written again, the same, inside the hyperlink.
pub fn overlay(state: &State, theme: Theme) -> std::io::Result<()> {
    let Screen::Lesson(view) = &state.screen else {
        return Ok(());
    };
    let regions = screens::lesson::link_regions(view, state.session.width, state.session.height);
    if regions.is_empty() {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    for r in regions {
        let style: crossterm::style::ContentStyle = theme.text(r.style).into_crossterm();
        out.queue(MoveTo(r.x, r.y))?
            .queue(SetStyle(style))?
            .queue(Print(format!(
                "\x1b]8;;{}\x1b\\{}\x1b]8;;\x1b\\",
                r.url, r.text
            )))?
            .queue(SetAttribute(crossterm::style::Attribute::Reset))?
            .queue(ResetColor)?;
    }
    out.flush()
}

/// What decides where links are on screen; when it changes, the screen is
/// repainted so that no cell keeps a hyperlink it no longer shows.
pub fn layout(state: &State) -> Option<(usize, usize, usize, usize, bool)> {
    match &state.screen {
        Screen::Lesson(v) => Some((
            v.entry,
            v.item,
            v.scroll,
            v.width,
            v.media.is_some() || v.note.is_some(),
        )),
        _ => None,
    }
}
