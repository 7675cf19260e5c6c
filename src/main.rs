//! The `juwu` binary: parses the arguments and runs the command they name.

use clap::Parser;

/// Is this the message of a write to a closed pipe (`juwu … | head`)?
/// Unix says "Broken pipe (os error 32)", Windows "The pipe is being
/// closed. (os error 232)" or "(os error 109)".
fn broken_pipe(msg: &str) -> bool {
    msg.contains("Broken pipe")
        || msg.contains("os error 32)")
        || msg.contains("os error 232)")
        || msg.contains("os error 109)")
}

fn main() {
    // Rust ignores SIGPIPE, so `println!` panics when the reader of stdout
    // has gone (`juwu demo --no-tui | head`): that is a normal end of the
    // output, not a crash. Portable: no signal handling needed.
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let p = info.payload();
        let msg = p
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| p.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.starts_with("failed printing to stdout") && broken_pipe(msg) {
            std::process::exit(0);
        }
        default(info);
    }));
    let cli = juwu::cli::Cli::parse();
    if let Err(e) = juwu::cli::run(cli) {
        let msg = e.to_string();
        if broken_pipe(&msg) {
            std::process::exit(0);
        }
        eprintln!("juwu: {e}");
        std::process::exit(1);
    }
}
