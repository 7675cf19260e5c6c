//! `juwu backup --out DIR [--include-key]`: a verifiable copy of the
//! database on removable media: every log as its exact stored bytes, the
//! settings, the calendars and kiosk settings beside the database, the
//! office key only when asked, and a manifest with blake3 hashes of every
//! file and the head of every log.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::store::Head;

use super::{CliError, Ctx, Result};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The directory to write (new, or empty).
    #[arg(long)]
    pub out: PathBuf,
    /// Also copy the office's private signing key (keep the drive safe).
    #[arg(long)]
    pub include_key: bool,
}

pub const MANIFEST: &str = "manifest.json";
/// The sync tables in a backup.
pub const SYNC_STATE: &str = "sync/state.json";
pub const FORMAT: &str = "juwu-backup";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileEntry {
    pub path: String,
    pub bytes: u64,
    pub blake3: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub created_at: String,
    pub juwu: String,
    pub office: String,
    pub heads: BTreeMap<String, Head>,
    pub includes_key: bool,
    pub files: Vec<FileEntry>,
}

fn io(p: &Path, e: std::io::Error) -> CliError {
    CliError::Msg(format!("{}: {e}", p.display()))
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let store = ctx.open()?;
    let own = store
        .own_code()
        .cloned()
        .ok_or_else(|| CliError::Msg("this database has no office yet".into()))?;
    if a.out.exists()
        && std::fs::read_dir(&a.out)
            .map_err(|e| io(&a.out, e))?
            .next()
            .is_some()
    {
        return Err(CliError::Msg(format!(
            "{} is not empty: back up into a new directory",
            a.out.display()
        )));
    }
    let r = store.read()?;
    let heads = r.heads()?;
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (office, h) in &heads {
        let mut buf = Vec::new();
        for e in r.events(office, 1, h.seq)? {
            buf.extend_from_slice(&e.bytes);
            buf.push(b'\n');
        }
        files.insert(format!("logs/{office}.jsonl"), buf);
    }
    let mut settings = BTreeMap::new();
    for o in r.offices()? {
        settings.insert(o.code.to_string(), r.settings(&o.code)?);
    }
    files.insert(
        "settings.json".into(),
        serde_json::to_vec_pretty(&settings).map_err(|e| CliError::Msg(e.to_string()))?,
    );
    // Trust, peers (and what they acknowledged), signed heads and fork
    // alerts: without them a restored street office refuses every bundle.
    files.insert(
        SYNC_STATE.into(),
        serde_json::to_vec_pretty(&store.sync_state()?)
            .map_err(|e| CliError::Msg(e.to_string()))?,
    );
    let beside = ctx
        .db
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    if let Ok(rd) = std::fs::read_dir(super::calendar_dir(&ctx.db)) {
        for e in rd.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "toml")
                && let Some(n) = p.file_name().and_then(|n| n.to_str())
            {
                files.insert(
                    format!("config/calendars/{n}"),
                    std::fs::read(&p).map_err(|e| io(&p, e))?,
                );
            }
        }
    }
    let kiosk = beside.join("kiosk.toml");
    if kiosk.exists() {
        files.insert(
            "config/kiosk.toml".into(),
            std::fs::read(&kiosk).map_err(|e| io(&kiosk, e))?,
        );
    }
    if a.include_key {
        let kp = crate::sync::keys::key_path(&ctx.db);
        files.insert(
            "key/office.key".into(),
            std::fs::read(&kp).map_err(|e| io(&kp, e))?,
        );
    }
    drop(r);
    // Write every file, then the manifest last: a backup without a manifest
    // is visibly unfinished.
    std::fs::create_dir_all(&a.out).map_err(|e| io(&a.out, e))?;
    let mut entries = vec![];
    for (rel, bytes) in &files {
        let p = a.out.join(rel);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        }
        if rel.starts_with("key/") {
            crate::service::files::write_private(&p, bytes)?;
        } else {
            std::fs::write(&p, bytes).map_err(|e| io(&p, e))?;
        }
        entries.push(FileEntry {
            path: rel.clone(),
            bytes: bytes.len() as u64,
            blake3: blake3::hash(bytes).to_hex().to_string(),
        });
    }
    let m = Manifest {
        format: FORMAT.into(),
        version: 1,
        created_at: ctx.now().to_rfc3339(),
        juwu: env!("CARGO_PKG_VERSION").into(),
        office: own.to_string(),
        heads: heads.clone(),
        includes_key: a.include_key,
        files: entries,
    };
    let mp = a.out.join(MANIFEST);
    std::fs::write(
        &mp,
        serde_json::to_vec_pretty(&m).map_err(|e| CliError::Msg(e.to_string()))?,
    )
    .map_err(|e| io(&mp, e))?;
    // Read it all back: the copy on the drive must verify.
    let (_, problems) = check_dir(&a.out)?;
    if !problems.is_empty() {
        return Err(CliError::Failed(format!(
            "the backup in {} does not read back: {}",
            a.out.display(),
            problems.join("; ")
        )));
    }
    let l = ctx.lang;
    let own_head = heads.get(own.as_str()).map(|h| h.seq).unwrap_or(0);
    println!(
        "{} {} → {} ({} {}, {} #{}{})",
        l.pick("backed up", "已备份"),
        own,
        a.out.display(),
        heads.len(),
        l.pick("logs", "个日志"),
        own,
        own_head,
        if a.include_key {
            l.pick(", with the office key", "，含单位密钥")
        } else {
            ""
        }
    );
    Ok(())
}

/// A manifest path names a file inside the backup: relative, `/`-separated,
/// no `..`, and nothing Windows reads as a drive or a separator (`C:x`
/// would resolve against drive C's current folder, not the backup).
fn inside_backup(path: &str) -> bool {
    path.split('/')
        .all(|c| !c.is_empty() && c != "." && c != ".." && !c.contains([':', '\\']))
}

/// Reads a backup's manifest and checks every file's size and hash.
/// Returns the manifest and the problems found (empty: verified).
pub fn check_dir(dir: &Path) -> Result<(Manifest, Vec<String>)> {
    let mp = dir.join(MANIFEST);
    let text = std::fs::read(&mp).map_err(|e| {
        CliError::Msg(format!(
            "{}: {e} (not a juwu backup, or it was not finished)",
            mp.display()
        ))
    })?;
    let m: Manifest = serde_json::from_slice(&text)
        .map_err(|e| CliError::Msg(format!("{}: damaged manifest ({e})", mp.display())))?;
    if m.format != FORMAT || m.version != 1 {
        return Err(CliError::Msg(format!(
            "{}: not a juwu backup this version reads",
            mp.display()
        )));
    }
    let mut problems = vec![];
    for f in &m.files {
        if !inside_backup(&f.path) {
            problems.push(format!("{}: not a path inside the backup", f.path));
            continue;
        }
        match std::fs::read(dir.join(&f.path)) {
            Ok(b)
                if b.len() as u64 == f.bytes && blake3::hash(&b).to_hex().as_str() == f.blake3 => {}
            Ok(_) => problems.push(format!("{}: altered or damaged (hash differs)", f.path)),
            Err(e) => problems.push(format!("{}: {e}", f.path)),
        }
    }
    Ok((m, problems))
}
