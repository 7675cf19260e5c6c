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
    let lang = cli.lang.unwrap_or_else(juwu::i18n::Lang::detect);
    if let Err(e) = juwu::cli::run(cli) {
        if broken_pipe(&e.to_string()) {
            std::process::exit(0);
        }
        eprintln!("juwu: {}", e.message(lang));
        std::process::exit(1);
    }
}
