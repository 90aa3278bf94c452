//! Lessons as the reader shows them. `parse` turns Markdown into width-free
//! blocks once per lesson; `layout` turns blocks into lines for one width
//! (cached by the reader, redone on resize). No terminal types here: lines
//! carry a small [`Style`] that the UI maps to its theme.

mod layout;
mod parse;

pub use layout::{Labels, Line, PARALLEL_BLOCKS, Symbols, layout, layout_prefix};
pub use parse::{Block, Callout, Doc, ListItem, Target, TargetKind, parse};

/// What a piece of text is, for the theme to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Role {
    #[default]
    Text,
    Heading(u8),
    Code,
    Link,
    LinkTarget,
    Marker,
    Quote,
    Callout(Callout),
    Rule,
    TableBorder,
    Footnote,
    Image,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Style {
    pub role: Role,
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    /// For text inside a link: 1 + the index of its target in
    /// [`Doc::targets`] (0: not a link), so a terminal hyperlink can be
    /// laid over it.
    pub link: u16,
}

impl Style {
    pub fn role(role: Role) -> Style {
        Style {
            role,
            ..Style::default()
        }
    }
}

pub type Piece = crate::text::Piece<Style>;
