//! `juwu bundle export|inspect|import|status`: sync by signed bundle files.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Subcommand;

use crate::domain::OfficeCode;
use crate::service::bundles;
use crate::store::Store;
use crate::sync::{self, ExportOptions, Inspection, describe};

use super::{CliError, Ctx, Result};

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Write this office's log to a bundle file for another office.
    Export {
        /// The bundle file to write (e.g. E:\QH01-to-DC.juwu).
        #[arg(long)]
        out: PathBuf,
        /// The office it is for; only what it has not acknowledged is sent.
        #[arg(long)]
        to: Option<String>,
        /// Send the whole log, not only what the recipient lacks.
        #[arg(long)]
        all: bool,
        /// Also relay the logs of the offices below this one, each still
        /// signed by its own office.
        #[arg(long)]
        relay: bool,
    },
    /// Dry run: who made a bundle, for whom, what it holds, whether every
    /// signature verifies, what is new here and what is missing.
    Inspect { file: PathBuf },
    /// Verify bundles, then apply all their new events in one transaction.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Leave out the log of this office (e.g. one whose log forked);
        /// every other log still applies. May be repeated.
        #[arg(long, value_name = "OFFICE")]
        skip: Vec<String>,
    },
    /// Per known office: last received, last sent, acknowledged; fork alerts.
    Status,
}

pub fn run(ctx: &Ctx, c: Cmd) -> Result<()> {
    match c {
        Cmd::Export {
            out,
            to,
            all,
            relay,
        } => export(ctx, out, to, all, relay),
        Cmd::Inspect { file } => {
            let store = ctx.open()?;
            let i = sync::inspect(&store, &file, ctx.now())?;
            print_inspection(ctx, &store, &i);
            if i.ok() {
                Ok(())
            } else {
                Err(CliError::BundleWouldBeRefused)
            }
        }
        Cmd::Import { files, skip } => import(ctx, files, skip),
        Cmd::Status => status(ctx),
    }
}

fn export(ctx: &Ctx, out: PathBuf, to: Option<String>, all: bool, relay: bool) -> Result<()> {
    let store = ctx.open()?;
    let to = to.as_deref().map(OfficeCode::parse).transpose()?;
    let opts = ExportOptions { to, all, relay };
    let s = bundles::export(&store, &opts, &out, ctx.now())?;
    print_lines(&describe::export(ctx.lang, &s));
    Ok(())
}

/// Prints what a bundle holds and what importing it would do.
fn print_inspection(ctx: &Ctx, store: &Store, i: &Inspection) {
    let l = ctx.lang;
    print_lines(&describe::inspection(l, store, i));
    println!(
        "  {:<10} {}",
        describe::verdict_label(l),
        describe::verdict(l, i).0
    );
}

fn print_lines(lines: &describe::Lines) {
    for (t, _) in lines {
        println!("{t}");
    }
}

fn import(ctx: &Ctx, files: Vec<PathBuf>, skip: Vec<String>) -> Result<()> {
    let skip = skip
        .iter()
        .map(|s| OfficeCode::parse(s))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let l = ctx.lang;
    let mut store = ctx.open()?;
    let show = std::io::stderr().is_terminal();
    let mut last_pct = u64::MAX;
    let mut progress = |done: u64, total: u64| {
        if !show || total < 200 {
            return;
        }
        let pct = done * 100 / total.max(1);
        if pct == last_pct {
            return;
        }
        last_pct = pct;
        let filled = (pct / 4) as usize;
        eprint!(
            "\r{} [{}{}] {pct:>3}% {done}/{total}",
            describe::importing(l),
            "█".repeat(filled),
            "·".repeat(25 - filled)
        );
        if done >= total {
            eprintln!();
        }
    };
    let loaded = bundles::load_all(&files)?;
    let done = bundles::import_skipping(&mut store, loaded, &skip, ctx.now(), &mut progress)?;
    let out = &done.outcome;
    if out.refused {
        print_lines(&describe::refused(l, out));
        return Err(CliError::BundleImportRefused);
    }
    print_lines(&describe::imported(l, out));
    if let Some((before, after)) = done.compacted {
        println!("{}", describe::compacted(l, before, after));
    }
    // A bundle that shows the other office holding more of this office's
    // own log than this database has: restored from an old backup?
    for w in crate::sync::verify::behind_warnings(&store, l)? {
        println!("⚠ {w}");
        eprintln!("⚠ {w}");
    }
    Ok(())
}

fn status(ctx: &Ctx) -> Result<()> {
    let l = ctx.lang;
    let store = ctx.open()?;
    let now = ctx.now();
    let st = sync::status::status(&store)?;
    let own = st.own.clone().ok_or(crate::store::StoreError::NoOffice)?;
    println!(
        "{}",
        describe::this_office(l, &store, own.as_str(), st.own_head)
    );
    for w in crate::sync::verify::behind_warnings(&store, l)? {
        println!("⚠ {w}");
    }
    if st.partners.is_empty() {
        println!("  {}", describe::no_other_office(l));
    }
    for p in &st.partners {
        println!("{}{}", p.code, describe::office_name(&store, &p.code));
        for (label, text, _) in describe::office_status(l, &p.view(own.as_str(), st.own_head), now)
        {
            println!("  {label:<14} {text}");
        }
    }
    if !st.alerts.is_empty() {
        println!("{}", describe::alerts_heading(l, st.alerts.len()));
        for a in &st.alerts {
            for (line, _) in describe::alert_lines(l, a) {
                println!("  {line}");
            }
        }
    }
    if !st.claims.is_empty() {
        println!("{}", describe::claims_heading(l, st.claims.len()));
        for c in &st.claims {
            println!("  {}", describe::claim_line(l, c).0);
        }
    }
    Ok(())
}
