use clap::Parser;

fn main() -> std::process::ExitCode {
    slate::cli::run(slate::cli::Cli::parse())
}
