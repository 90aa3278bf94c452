//! The floor of the performance suite: the least a ratatui + crossterm
//! program can do. It enters raw mode and the alternate screen, draws ONE
//! frame (a bordered block with a line of text, and on the bottom row the
//! same status text as the player, `? help · q quit`, so that
//! `benches/suite.py` detects its first frame the same way), waits for `q`,
//! restores the terminal and exits.
//!
//! ```text
//! cargo run --release --example bare-frame
//! ```
//!
//! Every timing of the player in `docs/performance.md` is printed beside
//! this program's as a ratio.

use std::process::ExitCode;

use crossterm::event::{self, Event, KeyCode, KeyEventKind};
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

fn main() -> ExitCode {
    let mut terminal = ratatui::init();
    let result = run(&mut terminal);
    ratatui::restore();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bare-frame: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(terminal: &mut ratatui::DefaultTerminal) -> std::io::Result<()> {
    terminal.draw(|frame| {
        let [body, status] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(frame.area());
        frame.render_widget(
            Paragraph::new("A bare ratatui + crossterm frame: the floor of the suite.")
                .block(Block::bordered().title(" bare frame ")),
            body,
        );
        frame.render_widget(Line::from("? help · q quit"), status);
    })?;
    loop {
        if let Event::Key(key) = event::read()?
            && key.kind != KeyEventKind::Release
            && key.code == KeyCode::Char('q')
        {
            return Ok(());
        }
    }
}
