//! `juwu import --register disclosures|opinions|replies|statements
//! --from FILE.csv|.xlsx|.xls|.ods [--dry-run] --as OPERATOR`: an office's earlier
//! registers brought in through the ordinary workflow, all or nothing.

use std::path::PathBuf;

use crate::domain::{Command, EventBody};
use crate::exchange::import::{Known, RowError, plan, read, reads, resolve};
use crate::exchange::registers::Register;

use crate::service::files::FileError;
use crate::service::{Error, Result};

use super::Ctx;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long, value_enum)]
    pub register: Register,
    /// A .csv (UTF-8 or GBK), .xlsx, .xls or .ods file with a row naming
    /// the columns.
    #[arg(long)]
    pub from: PathBuf,
    /// Check every row and report, but write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let l = ctx.lang;
    let bytes = std::fs::read(&a.from).map_err(|e| FileError::new(&a.from, e))?;
    let ext = a
        .from
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !reads(&ext) {
        return Err(Error::ImportFileType(a.from.clone()));
    }
    let sheet = read(a.register, &ext, &bytes).map_err(|e| fail(&a, l, &[e]))?;
    for n in &sheet.notes {
        println!("  {}: {}", a.from.display(), n.message(l.zh()));
    }
    let (mut planned, mut errors) = plan(a.register, &sheet, l.zh(), ctx.today());
    if planned.is_empty() && !errors.is_empty() {
        return Err(fail(&a, l, &errors));
    }
    let store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    // Old numbers named in the file become the ids those records got here.
    let known = Known::of(&store.read()?)?;
    errors.extend(resolve(a.register, &mut planned, &known));
    let make = |i: usize, done: &[Vec<crate::domain::Envelope>]| -> Command {
        let p = &planned[i];
        let mut cmd = p.cmd.clone();
        if let (Some(j), Command::DraftStatement { supersedes, .. }) = (p.link, &mut cmd) {
            *supersedes = done.get(j).and_then(|evs| {
                evs.iter().find_map(|e| match &e.body {
                    EventBody::StatementDrafted { statement } => Some(statement.id.clone()),
                    _ => None,
                })
            });
        }
        if let (Some(j), Command::ImportDisclosure { supersedes, .. }) = (p.link, &mut cmd) {
            *supersedes = done.get(j).and_then(|evs| {
                evs.iter().find_map(|e| match &e.body {
                    EventBody::DisclosureImported { id, .. } => Some(id.clone()),
                    _ => None,
                })
            });
        }
        cmd
    };
    // Rows that read well are checked against the register even when
    // others did not, so every problem is reported at once.
    let res = store.execute_batch_with(
        &actor,
        planned.len(),
        make,
        ctx.now(),
        a.dry_run || !errors.is_empty(),
    );
    let res = res.map_err(|errs| {
        errors.extend(
            errs.into_iter()
                .map(|(i, e)| RowError::refused(planned.get(i).map(|p| p.row).unwrap_or(0), e)),
        );
    });
    if !errors.is_empty() {
        return Err(fail(&a, l, &errors));
    }
    match res {
        Err(_) => Err(fail(&a, l, &errors)),
        Ok(done) => {
            let ids: Vec<String> = done
                .iter()
                .filter_map(|evs| evs.first().and_then(|e| new_id(&e.body)))
                .collect();
            if a.dry_run {
                println!(
                    "{}: {} {} ({})",
                    a.from.display(),
                    planned.len(),
                    l.pick("record(s) would be imported", "条记录可以导入"),
                    l.pick("dry run: nothing written", "试运行：未写入")
                );
            } else {
                println!(
                    "{}: {} {} {}",
                    a.from.display(),
                    l.pick("imported", "已导入"),
                    planned.len(),
                    l.pick("record(s)", "条记录")
                );
            }
            if let (Some(f), Some(t)) = (ids.first(), ids.last()) {
                println!("  {f} … {t}");
            }
            Ok(())
        }
    }
}

fn new_id(b: &EventBody) -> Option<String> {
    match b {
        EventBody::DisclosureImported { id, .. } => Some(id.clone()),
        EventBody::OpinionReceived { opinion } => Some(opinion.id.clone()),
        EventBody::ReplyRecorded { reply } => Some(reply.id.clone()),
        EventBody::StatementDrafted { statement } => Some(statement.id.clone()),
        _ => None,
    }
}

/// Prints every bad row and returns the one-line error: nothing written.
fn fail(a: &Args, l: crate::i18n::Lang, errs: &[RowError]) -> Error {
    let mut errs = errs.to_vec();
    errs.sort_by_key(|e| e.row);
    for e in &errs {
        let line = e.message(l.zh());
        eprintln!(
            "  {}: {}",
            a.from.display(),
            crate::domain::text::clean_line(&line)
        );
    }
    Error::ImportRefused {
        file: a.from.clone(),
        count: errs.len(),
    }
}
