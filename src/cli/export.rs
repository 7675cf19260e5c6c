//! `juwu export --format json|lines [--out FILE]`.

use std::path::PathBuf;

use super::{CliError, Ctx, Result};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    /// One record per line: id, title, text excerpt, names (tab-separated).
    Lines,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let store = ctx.open()?;
    let cal = ctx.calendar()?;
    let text = match a.format {
        Format::Json => crate::report::json::to_text(&crate::report::json::export(
            &store.read()?,
            &cal,
            ctx.today(),
        )?),
        Format::Lines => crate::report::lines::lines(&store.read()?)?,
    };
    write_out(a.out.as_deref(), text.as_bytes())
}

/// Writes to a file (through a temporary name, then renamed) or stdout.
pub fn write_out(out: Option<&std::path::Path>, bytes: &[u8]) -> Result<()> {
    match out {
        Some(p) => {
            let tmp = p.with_extension("part");
            std::fs::write(&tmp, bytes)
                .map_err(|e| CliError::Msg(format!("{}: {e}", tmp.display())))?;
            std::fs::rename(&tmp, p).map_err(|e| CliError::Msg(format!("{}: {e}", p.display())))?;
            Ok(())
        }
        None => {
            use std::io::Write;
            let mut o = std::io::stdout();
            o.write_all(bytes)
                .and_then(|_| o.flush())
                .map_err(|e| CliError::Msg(e.to_string()))
        }
    }
}
