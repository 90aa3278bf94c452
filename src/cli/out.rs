//! What the commands print for people. Names, titles, paths, versions and
//! messages come from packages, bundles, databases and the command line,
//! so every line is made safe for the terminal on its way out: control
//! characters become visible symbols and bidirectional controls go.

use std::fmt::Display;

use crate::text::sanitize;

/// A line on standard output.
pub fn say(line: impl Display) {
    println!("{}", sanitize(&line.to_string()));
}

/// A line on standard error.
pub fn tell(line: impl Display) {
    eprintln!("{}", sanitize(&line.to_string()));
}
