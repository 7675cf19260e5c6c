//! `juwu kiosk [--office CODE] [--exit-chord ctrl+alt+q] [--idle SECONDS]`:
//! the touch screen in the hall. Settings may also be kept in `kiosk.toml`
//! beside the database (`exit_chord = "ctrl+alt+q"`, `idle_seconds = 90`).

use serde::Deserialize;

use crate::domain::OfficeCode;
use crate::kiosk::{Chord, Config, Kiosk, KioskData};

use super::{CliError, Ctx, Result};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The office whose public items are shown (default: this one).
    #[arg(long)]
    pub office: Option<String>,
    /// The key chord that asks for an operator PIN to close the kiosk.
    #[arg(long)]
    pub exit_chord: Option<String>,
    /// Seconds without a touch before the home view returns.
    #[arg(long)]
    pub idle: Option<u32>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct File {
    exit_chord: Option<String>,
    idle_seconds: Option<u32>,
}

pub const DEFAULT_CHORD: &str = "ctrl+alt+q";

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let path = ctx
        .db
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."))
        .join("kiosk.toml");
    let file: File = match std::fs::read_to_string(&path) {
        Ok(t) => toml::from_str(&t).map_err(|e| {
            let line = e
                .span()
                .map(|s| t[..s.start.min(t.len())].matches('\n').count() + 1)
                .unwrap_or(1);
            CliError::Msg(format!("{}:{line}: {}", path.display(), e.message()))
        })?,
        Err(_) => File::default(),
    };
    let chord_text = a
        .exit_chord
        .or(file.exit_chord)
        .unwrap_or_else(|| DEFAULT_CHORD.to_string());
    let exit_chord = Chord::parse(&chord_text).map_err(CliError::Msg)?;
    let idle_secs = a.idle.or(file.idle_seconds).unwrap_or(90).max(5);
    let store = ctx.open()?;
    let r = store.read()?;
    let code = match &a.office {
        Some(c) => OfficeCode::parse(c)?,
        None => r
            .own_code()
            .cloned()
            .ok_or_else(|| CliError::Msg("name an office with --office CODE".into()))?,
    };
    let operators: Vec<_> = r
        .operators()?
        .into_iter()
        .filter(|o| o.active && o.pin_hash.is_some())
        .collect();
    if operators.is_empty() {
        return Err(CliError::Msg(
            ctx.lang
                .pick(
                    "no active operator has a PIN: set one first (juwu operator set-pin), or the kiosk could not be closed",
                    "没有设置了密码的在用操作员：请先设置密码（juwu operator set-pin），否则触摸屏无法退出",
                )
                .into(),
        ));
    }
    let zh = ctx.lang.zh();
    let data = KioskData::load(&r, &code, zh)?;
    drop(r);
    let k = Kiosk::new(
        data,
        ctx.lang,
        Config {
            exit_chord,
            idle_secs,
            operators,
        },
        ratatui::layout::Rect::new(0, 0, 80, 24),
    );
    crate::kiosk::run::run(k, || {
        store
            .read()
            .ok()
            .and_then(|r| KioskData::load(&r, &code, zh).ok())
    })
    .map_err(|e| CliError::Msg(format!("terminal: {e}")))?;
    println!("{}", ctx.lang.pick("kiosk closed", "触摸屏已关闭"));
    Ok(())
}
