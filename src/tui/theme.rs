//! Colours and marks. Only the 16 basic ANSI colours are used, so the
//! screens look the same on a Linux console, an old xterm and Windows
//! Terminal; with `NO_COLOR` only bold, underline and reverse remain.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders};

use crate::markdown::{Callout, Role, Style as TextStyle, Symbols};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub colour: bool,
    /// Marks and borders; `symbols.ascii` for terminals without Unicode.
    pub symbols: Symbols,
}

impl Theme {
    pub fn new(colour: bool, ascii: bool) -> Theme {
        Theme {
            colour,
            symbols: if ascii {
                Symbols::ASCII
            } else {
                Symbols::UNICODE
            },
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.colour {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn dim(&self) -> Style {
        if self.colour {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn good(&self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }
    pub fn bad(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn accent(&self) -> Style {
        self.fg(Color::Yellow)
    }
    /// A bordered overlay box with a title, in ASCII where asked.
    pub fn overlay(&self, title: String) -> Block<'static> {
        let block = Block::new()
            .borders(Borders::ALL)
            .title(Span::styled(format!(" {title} "), self.title()));
        if !self.symbols.ascii {
            return block;
        }
        block.border_set(ratatui::symbols::border::Set {
            top_left: "+",
            top_right: "+",
            bottom_left: "+",
            bottom_right: "+",
            vertical_left: "|",
            vertical_right: "|",
            horizontal_top: "-",
            horizontal_bottom: "-",
        })
    }

    pub fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// The terminal style of a piece of lesson text.
    pub fn text(&self, s: TextStyle) -> Style {
        let mut st = match s.role {
            Role::Text => Style::new(),
            Role::Heading(1) => self.fg(Color::Cyan),
            Role::Heading(_) => self.fg(Color::Cyan),
            Role::Code => self.fg(Color::Green),
            // Cyan, not blue: dark blue on black cannot be read.
            Role::Link => self.fg(Color::Cyan).add_modifier(Modifier::UNDERLINED),
            Role::LinkTarget => self.dim(),
            Role::Marker => self.fg(Color::Yellow),
            Role::Quote => self.dim(),
            Role::Callout(c) => self.fg(match c {
                Callout::Note => Color::Cyan,
                Callout::Tip => Color::Green,
                Callout::Important => Color::Magenta,
                Callout::Warning | Callout::Caution => Color::Yellow,
            }),
            Role::Rule | Role::TableBorder => self.dim(),
            Role::Footnote => self.fg(Color::Magenta),
            Role::Image => self.fg(Color::Magenta).add_modifier(Modifier::BOLD),
        };
        if s.bold {
            st = st.add_modifier(Modifier::BOLD);
        }
        if s.italic {
            st = st.add_modifier(Modifier::ITALIC);
        }
        if s.strike {
            st = st.add_modifier(Modifier::CROSSED_OUT);
        }
        st
    }
}
