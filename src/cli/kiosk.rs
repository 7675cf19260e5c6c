//! `juwu kiosk [--office CODE] [--exit-chord ctrl+alt+q] [--idle SECONDS]`:
//! the touch screen in the hall. Settings may also be kept in `kiosk.toml`
//! beside the database (`exit_chord = "ctrl+alt+q"`, `idle_seconds = 90`).

use serde::Deserialize;

use crate::domain::OfficeCode;
use crate::kiosk::{Chord, Config, Kiosk, KioskData};

use crate::service::workspace;
use crate::service::{Error, Result};

use super::Ctx;

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
    let path = workspace::kiosk_config(&ctx.db);
    let file: File = match std::fs::read_to_string(&path) {
        Ok(t) => toml::from_str(&t).map_err(|e| {
            let line = e
                .span()
                .map(|s| t[..s.start.min(t.len())].matches('\n').count() + 1)
                .unwrap_or(1);
            Error::ConfigFile {
                file: path.clone(),
                line,
                detail: e.message().to_string(),
            }
        })?,
        Err(_) => File::default(),
    };
    let chord_text = a
        .exit_chord
        .or(file.exit_chord)
        .unwrap_or_else(|| DEFAULT_CHORD.to_string());
    let exit_chord = Chord::parse(&chord_text).map_err(Error::Chord)?;
    let idle_secs = a.idle.or(file.idle_seconds).unwrap_or(90).max(5);
    let store = ctx.open()?;
    let r = store.read()?;
    let code = match &a.office {
        Some(c) => OfficeCode::parse(c)?,
        None => r.own_code().cloned().ok_or(Error::NeedsOffice)?,
    };
    let operators: Vec<_> = r
        .operators()?
        .into_iter()
        .filter(|o| o.active && o.pin_hash.is_some())
        .collect();
    if operators.is_empty() {
        return Err(Error::KioskNeedsPin);
    }
    let zh = ctx.lang.zh();
    let data = KioskData::load(&r, &code, zh)?;
    drop(r);
    let mut k = Kiosk::new(
        data,
        ctx.lang,
        Config {
            exit_chord,
            idle_secs,
            operators,
        },
        ratatui::layout::Rect::new(0, 0, 80, 24),
    );
    k.pins = Some(store.clone());
    crate::kiosk::run::run(k, || {
        store
            .read()
            .ok()
            .and_then(|r| KioskData::load(&r, &code, zh).ok())
    })
    .map_err(|e| Error::Terminal(e.to_string()))?;
    println!("{}", ctx.lang.pick("kiosk closed", "触摸屏已关闭"));
    Ok(())
}
