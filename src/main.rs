//! The `juwu` binary: parses the arguments and runs the command they name.

use clap::Parser;

fn main() {
    let cli = juwu::cli::Cli::parse();
    if let Err(e) = juwu::cli::run(cli) {
        eprintln!("juwu: {e}");
        std::process::exit(1);
    }
}
