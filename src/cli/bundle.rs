//! `juwu bundle export|inspect|import|status`: sync by signed bundle files.

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Subcommand;

use crate::domain::OfficeCode;
use crate::domain::text::clean_line;
use crate::i18n::Lang;
use crate::store::Store;
use crate::sync::keys::fingerprint;
use crate::sync::{self, ExportOptions, Inspection, SigStatus};

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
            print_inspection(ctx, &store, &i, true)?;
            if i.ok() {
                Ok(())
            } else {
                Err(CliError::Failed(
                    ctx.lang
                        .pick("this bundle would be refused", "此数据包将被拒绝")
                        .into(),
                ))
            }
        }
        Cmd::Import { files } => import(ctx, files),
        Cmd::Status => status(ctx),
    }
}

fn export(ctx: &Ctx, out: PathBuf, to: Option<String>, all: bool, relay: bool) -> Result<()> {
    let l = ctx.lang;
    let store = ctx.open()?;
    let key = sync::load_own_key(&store)?;
    let to = to.as_deref().map(OfficeCode::parse).transpose()?;
    if let Some(code) = &to {
        // Only an office this register knows (registered, or a trusted
        // peer) can be a recipient: a typo would otherwise be kept as a
        // peer in `bundle status`.
        let known =
            store.read()?.office(code)?.is_some() || store.trusted()?.contains_key(code.as_str());
        if !known || store.own_code() == Some(code) {
            return Err(crate::domain::DomainError::UnknownOffice(code.to_string()).into());
        }
    }
    let opts = ExportOptions { to, all, relay };
    let s = sync::export_bundle(&store, &key, &opts, &out, ctx.now())?;
    println!(
        "{} {} ({}, blake3 {}…)",
        l.pick("wrote", "已写出"),
        s.path.display(),
        size(s.size),
        &s.hash[..12]
    );
    println!(
        "  {}: {}",
        l.pick("for", "接收方"),
        match &s.header.recipient {
            Some(r) => r.to_string(),
            None => l.pick("any office", "任何单位").into(),
        }
    );
    for g in &s.header.logs {
        let n = g.count();
        let signed = if g.office == s.header.exporter {
            l.pick("signed here", "本单位签名").to_string()
        } else {
            format!(
                "{} {}",
                l.pick("relayed, signed by", "转送，签名方"),
                g.office
            )
        };
        if n == 0 {
            println!(
                "  {} {}: {} #{} ({signed})",
                g.office,
                l.pick("log", "日志"),
                l.pick("no new events; head", "无新事件；末条"),
                g.to
            );
        } else {
            println!(
                "  {} {}: #{}..#{} ({}, {signed})",
                g.office,
                l.pick("log", "日志"),
                g.from,
                g.to,
                n_events(l, n)
            );
        }
    }
    if let Some(a) = s.acknowledged {
        println!(
            "  {} #{a}{}",
            l.pick(
                "the recipient acknowledged this office's log up to",
                "接收方已确认收到本单位日志至"
            ),
            l.pick(": only later events are sent", "：只发送其后的事件")
        );
    }
    for (office, why) in &s.skipped {
        println!("  {} {office}: {why}", l.pick("not relayed", "未转送"));
    }
    Ok(())
}

/// "1 event" / "2 events" (Chinese has no plural).
pub fn n_events(l: Lang, n: u64) -> String {
    match l {
        Lang::En if n == 1 => "1 event".into(),
        Lang::En => format!("{n} events"),
        Lang::Zh => format!("{n} 条事件"),
    }
}

pub fn size(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MiB", n as f64 / 1048576.0)
    } else if n >= 1024 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{n} B")
    }
}

fn name_of(store: &Store, code: &str) -> String {
    OfficeCode::parse(code)
        .ok()
        .and_then(|c| store.read().ok()?.office(&c).ok().flatten())
        .map(|o| format!(" {}", clean_line(&o.name)))
        .unwrap_or_default()
}

pub fn ago(l: Lang, then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let days = (now.date_naive() - then.date_naive()).num_days();
    match (l, days) {
        (Lang::En, 0) => "today".into(),
        (Lang::En, 1) => "1 day ago".into(),
        (Lang::En, d) => format!("{d} days ago"),
        (Lang::Zh, 0) => "今天".into(),
        (Lang::Zh, d) => format!("{d} 天前"),
    }
}

/// How a key came to be trusted, in the UI language.
pub fn how(l: Lang, how: &str) -> String {
    match (l, how.strip_prefix("rotated at #")) {
        (Lang::Zh, Some(seq)) => format!("于 #{seq} 更换密钥"),
        (Lang::Zh, None) if how == "added by hand" => "手动添加".into(),
        _ => clean_line(how),
    }
}

pub fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Prints what a bundle holds and what importing it would do.
fn print_inspection(ctx: &Ctx, store: &Store, i: &Inspection, dry_run: bool) -> Result<()> {
    let l = ctx.lang;
    let h = &i.parsed.header;
    let own = store.own_code().map(|c| c.to_string()).unwrap_or_default();
    println!(
        "{} {} ({}, blake3 {}…)",
        l.pick("bundle", "数据包"),
        clean_line(&i.file),
        size(i.parsed.size),
        &i.parsed.hash[..12]
    );
    println!(
        "  {:<10} {}{}, {}  ({} {})",
        l.pick("made by", "导出方"),
        h.exporter,
        name_of(store, h.exporter.as_str()),
        when(h.created_at),
        l.pick("key fingerprint", "密钥指纹"),
        fingerprint(&h.exporter_key)
    );
    let to = match &h.recipient {
        Some(r) if r.as_str() == own => format!("{r} ({})", l.pick("this office", "本单位")),
        Some(r) => r.to_string(),
        None => l.pick("any office", "任何单位").into(),
    };
    println!("  {:<10} {to}", l.pick("for", "接收方"));
    println!("  {:<10} {}", l.pick("signature", "签名"), i.signer.text(l));
    println!("  {}:", l.pick("logs", "日志"));
    for g in &i.logs {
        let name = g
            .name
            .as_deref()
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        let range = if g.events() == 0 {
            format!("{} #{}", l.pick("head", "末条"), g.to)
        } else {
            format!("#{}..#{} ({})", g.from, g.to, n_events(l, g.events()))
        };
        let relayed = if g.relayed {
            l.pick(", relayed", "，转送")
        } else {
            ""
        };
        println!("    {}{name}: {range}{relayed}", g.office);
        println!(
            "      {}: {}",
            l.pick("head signed by its office", "日志末条的本单位签名"),
            g.checkpoint.text(l)
        );
        let held = if g.checkpoint == SigStatus::Own {
            String::new()
        } else if g.new > 0 {
            format!(
                "{} {} (#{}..#{}); {} #{}",
                l.pick("new here:", "本处新增："),
                g.new,
                g.held + 1,
                g.held + g.new,
                l.pick("held here up to", "本处已有至"),
                g.held
            )
        } else {
            format!(
                "{} (#{})",
                l.pick("nothing new here: already held", "本处已全部持有"),
                g.held
            )
        };
        if !held.is_empty() {
            println!("      {held}");
        }
        for (seq, key) in &g.rotations {
            println!(
                "      {} #{seq}: {} {}",
                l.pick("key rotation", "更换密钥"),
                l.pick("new key fingerprint", "新密钥指纹"),
                fingerprint(key)
            );
        }
    }
    if let Some(ours) = &i.they_hold_ours {
        println!(
            "  {} {} #{} ({} #{})",
            h.exporter,
            l.pick("holds this office's log up to", "持有本单位日志至"),
            ours.seq,
            l.pick("this office has", "本单位现有"),
            i.own_head
        );
    }
    if let Some(w) = i.behind_warning(l) {
        println!("  ⚠ {w}");
    }
    if !i.problems.is_empty() {
        println!("  {}:", l.pick("problems", "问题"));
        for p in &i.problems {
            println!("    ✗ {}", p.preview(l));
        }
    }
    if dry_run {
        let verdict = if !i.ok() {
            l.pick(
                "would be refused: nothing would change",
                "将被拒绝：不会做任何改动",
            )
            .to_string()
        } else if i.new_events() == 0 {
            if i.newer_than_last {
                l.pick(
                    "nothing new: every event is already held here (only what the exporter holds would be noted)",
                    "没有新内容：所有事件本处都已持有（只会记下对方的持有情况）",
                )
                .to_string()
            } else {
                l.pick(
                    "nothing new: every event is already held here; importing changes nothing",
                    "没有新内容：所有事件本处都已持有，导入不会改动任何内容",
                )
                .to_string()
            }
        } else {
            format!(
                "{} {}",
                l.pick("importing would add", "导入将新增"),
                n_events(l, i.new_events())
            )
        };
        println!("  {:<10} {verdict}", l.pick("result", "结论"));
    }
    Ok(())
}

/// An import adding at least this many events gives the freed pages back
/// to the file system afterwards (redb reuses freed pages but never shrinks
/// the file by itself: a street office's database would keep ~50 % slack).
const COMPACT_AFTER: u64 = 20_000;

fn import(ctx: &Ctx, files: Vec<PathBuf>) -> Result<()> {
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
            l.pick("importing", "导入中"),
            "█".repeat(filled),
            "·".repeat(25 - filled)
        );
        if done >= total {
            eprintln!();
        }
    };
    let out = sync::import(&store, &files, ctx.now(), &mut progress)?;
    if out.refused {
        for i in &out.inspections {
            if i.ok() {
                continue;
            }
            println!("{}:", clean_line(&i.file));
            for p in &i.problems {
                println!("  ✗ {}", p.text(l));
            }
        }
        if out.alerts_recorded > 0 {
            println!(
                "{} {}",
                out.alerts_recorded,
                l.pick(
                    "fork alert(s) recorded with their evidence: see `juwu bundle status`",
                    "条分叉警报已连同证据记录：见 `juwu bundle status`"
                )
            );
        }
        return Err(CliError::Failed(
            l.pick("refused: nothing was imported", "已拒绝：没有导入任何内容")
                .into(),
        ));
    }
    for i in &out.inspections {
        let new = i.new_events();
        if new == 0 {
            println!(
                "{}: {} {} {}",
                clean_line(&i.file),
                l.pick("nothing new: all", "没有新内容：全部"),
                i.logs.iter().map(|g| g.events()).sum::<u64>(),
                if i.newer_than_last {
                    l.pick(
                        "events are already held here (noted what the exporter holds)",
                        "条事件本处都已持有（已记下对方的持有情况）",
                    )
                } else {
                    l.pick(
                        "events are already held here; nothing changed",
                        "条事件本处都已持有，未做任何改动",
                    )
                }
            );
            continue;
        }
        let parts: Vec<String> = i
            .logs
            .iter()
            .filter(|g| g.new > 0)
            .map(|g| format!("{} #{}..#{}", g.office, g.held + 1, g.held + g.new))
            .collect();
        println!(
            "{}: {} {} ({})",
            clean_line(&i.file),
            l.pick("imported new:", "已导入新增"),
            n_events(l, new),
            parts.join(", ")
        );
        for g in &i.logs {
            for (seq, key) in &g.rotations {
                println!(
                    "  {} {} #{seq}: {} {}",
                    g.office,
                    l.pick("changed its key at", "更换了密钥，于"),
                    l.pick("now trusted:", "现信任指纹"),
                    fingerprint(key)
                );
            }
        }
    }
    if out.applied && out.events_added() > 0 {
        println!(
            "{} {} {}",
            l.pick("total:", "合计："),
            n_events(l, out.events_added()),
            l.pick("added in one transaction", "，一次事务写入")
        );
    }
    if out.applied && out.events_added() >= COMPACT_AFTER {
        let (before, after) = store.compact()?;
        println!(
            "{} {:.1} MB → {:.1} MB",
            l.pick("database compacted:", "数据库已整理："),
            before as f64 / 1e6,
            after as f64 / 1e6
        );
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
    let own = store
        .own_code()
        .cloned()
        .ok_or(crate::store::StoreError::NoOffice)?;
    let r = store.read()?;
    let heads = r.heads()?;
    let own_head = heads.get(own.as_str()).map(|h| h.seq).unwrap_or(0);
    let peers = store.peers()?;
    let trust = store.trusted()?;
    let cps = store.checkpoints()?;
    let mut codes: std::collections::BTreeSet<String> = r
        .offices()?
        .into_iter()
        .map(|o| o.code.to_string())
        .collect();
    codes.extend(peers.keys().cloned());
    codes.extend(trust.keys().cloned());
    codes.extend(heads.keys().cloned());
    codes.remove(own.as_str());
    println!(
        "{} {}{} — {} #{own_head}",
        l.pick("this office", "本单位"),
        own,
        name_of(&store, own.as_str()),
        l.pick("own log up to", "自己的日志至")
    );
    for w in crate::sync::verify::behind_warnings(&store, l)? {
        println!("⚠ {w}");
    }
    if codes.is_empty() {
        println!(
            "  {}",
            l.pick("no other office known yet", "尚不认识其他单位")
        );
    }
    for code in &codes {
        println!("{code}{}", name_of(&store, code));
        let peer = peers.get(code).cloned().unwrap_or_default();
        let s = OfficeSync {
            held: heads.get(code).map(|h| h.seq),
            signed_head: cps.get(code).map(|c| c.seq),
            peer: &peer,
            trust: trust.get(code),
            own: own.as_str(),
            own_head,
        };
        for (label, text, _) in office_status(l, &s, now) {
            println!("  {label:<14} {text}");
        }
    }
    let alerts = store.alerts()?;
    if !alerts.is_empty() {
        println!("{} ({}):", l.pick("FORK ALERTS", "分叉警报"), alerts.len());
        for a in &alerts {
            for (line, _) in alert_lines(l, a) {
                println!("  {line}");
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------
// The bundle status in words: `juwu bundle status` prints these lines and
// the Sync screen shows them, so both say the same in both languages.

/// How a status line stands out: the Sync screen colours it, the command
/// line prints it plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Normal,
    Good,
    Dim,
    Alert,
}

/// What this database knows of the sync with one other office.
pub struct OfficeSync<'a> {
    /// The last event of its log held here, and of its signed head.
    pub held: Option<u64>,
    pub signed_head: Option<u64>,
    pub peer: &'a crate::store::sync::Peer,
    pub trust: Option<&'a crate::store::sync::TrustEntry>,
    /// This office's code and the last event of its own log.
    pub own: &'a str,
    pub own_head: u64,
}

/// One office's status, a (label, text, tone) a line: log held here, last
/// received, last sent, acknowledged, key.
pub fn office_status(l: Lang, s: &OfficeSync, now: DateTime<Utc>) -> Vec<(String, String, Tone)> {
    let mut out = vec![];
    let label = |en: &str, zh: &str| l.pick(en, zh).to_string();
    out.push(match s.held {
        Some(h) => (
            label("log held here", "本处持有日志"),
            format!(
                "#{h}{}",
                s.signed_head
                    .map(|c| format!(" ({} #{c})", l.pick("signed head", "签名末条")))
                    .unwrap_or_default()
            ),
            Tone::Normal,
        ),
        None => (
            label("log held here", "本处持有日志"),
            l.pick("none", "无").into(),
            Tone::Dim,
        ),
    });
    out.push(match &s.peer.last_received {
        Some(rc) => (
            label("last received", "最近收到"),
            format!(
                "{} {} ({}), {} {}, {} {}",
                l.pick("bundle made", "数据包制作于"),
                when(rc.created_at),
                ago(l, rc.created_at, now),
                l.pick("new:", "新增"),
                n_events(l, rc.events_added),
                l.pick("file", "文件"),
                clean_line(&rc.file)
            ),
            Tone::Normal,
        ),
        None => (
            label("last received", "最近收到"),
            l.pick("never", "从未").into(),
            Tone::Dim,
        ),
    });
    out.push(match &s.peer.last_sent {
        Some(x) => (
            label("last sent", "最近发送"),
            format!(
                "{} ({}): {}, {} {}",
                when(x.at),
                ago(l, x.at, now),
                x.logs
                    .iter()
                    .map(|(o, f, t)| if f > t {
                        format!("{o} {} #{t}", l.pick("head", "末条"))
                    } else {
                        format!("{o} #{f}..#{t}")
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                l.pick("file", "文件"),
                clean_line(&x.file)
            ),
            Tone::Normal,
        ),
        None => (
            label("last sent", "最近发送"),
            l.pick("never", "从未").into(),
            Tone::Dim,
        ),
    });
    out.push(match s.peer.holds.get(s.own) {
        Some(h) => (
            label("acknowledged", "对方已确认"),
            format!(
                "{} #{} / #{}{}",
                l.pick("holds this office's log up to", "持有本单位日志至"),
                h.seq,
                s.own_head,
                s.peer
                    .holds_as_of
                    .map(|t| format!(" ({} {})", l.pick("as of", "截至"), ago(l, t, now)))
                    .unwrap_or_default()
            ),
            if h.seq < s.own_head {
                Tone::Normal
            } else {
                Tone::Good
            },
        ),
        None => (
            label("acknowledged", "对方已确认"),
            l.pick("nothing yet", "尚无").into(),
            Tone::Dim,
        ),
    });
    out.push(match s.trust {
        Some(t) if t.removed_at.is_some() => (
            label("key", "密钥"),
            format!(
                "{} ({})",
                fingerprint(&t.key),
                l.pick("REMOVED from the trusted keys", "已移出信任列表")
            ),
            Tone::Alert,
        ),
        Some(t) => (
            label("key", "密钥"),
            format!(
                "{} ({}, {})",
                fingerprint(&t.key),
                l.pick("trusted", "已信任"),
                how(l, &t.how)
            ),
            Tone::Good,
        ),
        None => (
            label("key", "密钥"),
            l.pick("not trusted", "未信任").into(),
            Tone::Dim,
        ),
    });
    out
}

/// A fork alert with its evidence, a line each (indented under the first).
pub fn alert_lines(l: Lang, a: &crate::store::sync::Alert) -> Vec<(String, Tone)> {
    let mut out = vec![
        (
            format!(
                "! #{} {} {} {} #{}",
                a.n,
                when(a.detected_at),
                l.pick("FORK: two histories of", "分叉：出现两种历史"),
                a.office,
                a.seq
            ),
            Tone::Alert,
        ),
        (
            format!("  {} {}", l.pick("held:", "本处持有："), a.held_hash),
            Tone::Normal,
        ),
        (format!("    {}", source(l, &a.held_from)), Tone::Dim),
        (
            format!("  {} {}", l.pick("offered:", "对方提供："), a.offered_hash),
            Tone::Normal,
        ),
        (format!("    {}", source(l, &a.offered_from)), Tone::Dim),
    ];
    if let Some(c) = &a.offered_checkpoint {
        out.push((
            format!(
                "  {} {} #{} {} {}, {}:",
                l.pick("evidence: head", "证据：末条"),
                c.office,
                c.seq,
                l.pick("signed with key", "签名密钥指纹"),
                fingerprint(&c.key),
                l.pick("signature", "签名")
            ),
            Tone::Normal,
        ));
        out.push((format!("    {}", clean_line(&c.signature)), Tone::Dim));
    }
    out
}

/// Where a version of a forked event came from, as the import recorded it
/// (in English, in the alert kept for ever), in the UI language. A text of
/// another shape is shown as it is.
pub fn source(l: Lang, s: &str) -> String {
    let s = clean_line(s);
    if l == Lang::En {
        return s;
    }
    /// "bundle FILE from OFFICE made WHEN (blake3 HASH…)"
    fn bundle_zh(s: &str) -> Option<String> {
        let rest = s.strip_prefix("bundle ")?;
        let (rest, hash) = rest.rsplit_once(" (blake3 ")?;
        let (rest, made) = rest.rsplit_once(" made ")?;
        let (file, from) = rest.rsplit_once(" from ")?;
        Some(format!(
            "数据包 {file}，{from} 于 {made} 制作（blake3 {}）",
            hash.trim_end_matches(')')
        ))
    }
    if s == "this office's own log, written here" {
        return "本单位自己的日志，在本处写入".into();
    }
    if s == "held here (its source was not recorded)" {
        return "保存在本处（来源未记录）".into();
    }
    if let Some(n) = s
        .strip_prefix("another bundle of the same import (#")
        .and_then(|r| r.strip_suffix(')'))
    {
        return format!("同一次导入的另一个数据包（第 {n} 个）");
    }
    if let Some(rest) = s.strip_prefix("held here since ")
        && let Some((at, b)) = rest.split_once(" UTC: ")
        && let Some(b) = bundle_zh(b)
    {
        return format!("自 {at} UTC 起保存在本处：{b}");
    }
    bundle_zh(&s).unwrap_or(s)
}
