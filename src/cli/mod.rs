//! The command line: one module per subcommand. `main.rs` only parses the
//! arguments (clap) and calls into here.

pub mod check;
pub mod library;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "slate",
    version,
    about = "A terminal course player for teachers' digital-competence training"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check course packages (folders or .zip files) and report every problem.
    Check {
        /// Course folders or .zip packages; a folder holding several packages checks each.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// How to print the diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Like a compiler: `file:line:col: error[code]: message`, with a hint.
    Human,
    /// One JSON document, for scripts and CI.
    Json,
}

pub fn run(cli: Cli) -> std::process::ExitCode {
    match cli.command {
        None => library::run(),
        Some(Command::Check { paths, format }) => check::run(&paths, format),
    }
}
