//! What the commands print for people. Names, titles, paths, versions and
//! messages come from packages, bundles, databases and the command line,
//! so every line is made safe for the terminal on its way out: control
//! characters become visible symbols and bidirectional controls go.

use std::fmt::Display;
use std::io::Write;

use crate::text::sanitize;

/// A line on standard output. Output closed early (`slate verify … | head
/// -1`) is not an error of the command: the line is dropped, and the
/// command goes on to finish what it does (a sync, an export), never
/// panicking half-way.
pub fn say(line: impl Display) {
    let _ = writeln!(std::io::stdout().lock(), "{}", sanitize(&line.to_string()));
}

/// A line on standard error, dropped the same way when it is closed.
pub fn tell(line: impl Display) {
    let _ = writeln!(std::io::stderr().lock(), "{}", sanitize(&line.to_string()));
}
