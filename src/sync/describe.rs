//! The words that describe sync, once, in both languages: the status of
//! every office known here, fork alerts with their evidence, what a bundle
//! holds (the dry run), what an export wrote and what an import added.
//! `juwu bundle …` prints these lines plain; the Sync and Offices screens
//! colour them by their [`Tone`]. Neither front end words them itself.

use chrono::{DateTime, Utc};

use super::keys::fingerprint;
use super::verify::{Inspection, SigStatus};
use super::{ExportSummary, ImportOutcome, NotRelayed};
use crate::domain::OfficeCode;
use crate::domain::claims::Claim;
use crate::domain::text::clean_line;
use crate::i18n::Lang;
use crate::store::Store;
use crate::store::sync::{Alert, AlertSource, BundleRef, ClaimAlert, Peer, TrustEntry, TrustHow};

/// How a line stands out: the Sync screen colours it, the command line
/// prints it plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Normal,
    Good,
    Dim,
    Alert,
}

/// A line of text and how it stands out.
pub type Lines = Vec<(String, Tone)>;

/// "1 event" / "2 events" (Chinese has no plural).
pub fn n_events(l: Lang, n: u64) -> String {
    match l {
        Lang::En if n == 1 => "1 event".into(),
        Lang::En => format!("{n} events"),
        Lang::Zh => format!("{n} 条事件"),
    }
}

/// A file size: B, KiB or MiB.
pub fn size(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MiB", n as f64 / 1048576.0)
    } else if n >= 1024 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{n} B")
    }
}

/// "today", "1 day ago", "3 days ago".
pub fn ago(l: Lang, then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let days = (now.date_naive() - then.date_naive()).num_days();
    match (l, days) {
        (Lang::En, d) if d < 0 => format!("dated {} days ahead (a clock is wrong)", -d),
        (Lang::Zh, d) if d < 0 => format!("日期超前 {} 天（有一方时钟不准）", -d),
        (Lang::En, 0) => "today".into(),
        (Lang::En, 1) => "1 day ago".into(),
        (Lang::En, d) => format!("{d} days ago"),
        (Lang::Zh, 0) => "今天".into(),
        (Lang::Zh, d) => format!("{d} 天前"),
    }
}

/// A moment as sync shows it: `2026-03-16 02:30 UTC`.
pub fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// How a key came to be trusted, in the UI language.
/// The warning on a bundle dated after this PC's clock.
pub fn future(l: Lang, t: DateTime<Utc>) -> String {
    match l {
        Lang::En => format!(
            "⚠ dated {}, in the future: the sender's clock (or this PC's) is wrong; bundles are ordered by their sequences, not their dates; set the clock right",
            when(t)
        ),
        Lang::Zh => format!(
            "⚠ 数据包日期为 {}，晚于本机时间：对方（或本机）的时钟不准；数据包按序号而非日期排序；请校正时钟",
            when(t)
        ),
    }
}

/// An office whose key its parent changed on its roster, now trusted here.
pub fn rekeyed(l: Lang, office: &str, parent: &str, key: &str) -> String {
    match l {
        Lang::En => format!(
            "! KEY CHANGED: {parent} put a new key for {office} on its roster (after a phone check there); {office} is now trusted with key {}",
            fingerprint(key)
        ),
        Lang::Zh => format!(
            "! 密钥已更换：{parent} 在其名册上登记了 {office} 的新密钥（已电话核对）；现信任 {office} 的密钥指纹 {}",
            fingerprint(key)
        ),
    }
}

pub fn how(l: Lang, how: &TrustHow) -> String {
    match (how, l) {
        (TrustHow::ByHand, Lang::En) => "added by hand".into(),
        (TrustHow::ByHand, Lang::Zh) => "手动添加".into(),
        (TrustHow::Rotated { seq }, Lang::En) => format!("rotated at #{seq}"),
        (TrustHow::Rotated { seq }, Lang::Zh) => format!("于 #{seq} 更换密钥"),
        (TrustHow::Roster { parent }, Lang::En) => {
            format!("on the roster of {}", clean_line(parent))
        }
        (TrustHow::Roster { parent }, Lang::Zh) => format!("{} 名册上的密钥", clean_line(parent)),
        (TrustHow::Rekeyed { parent }, Lang::En) => {
            format!("re-keyed on the roster of {}", clean_line(parent))
        }
        (TrustHow::Rekeyed { parent }, Lang::Zh) => {
            format!("{} 在名册上更换的密钥", clean_line(parent))
        }
        (TrustHow::Text { text }, _) => clean_line(text),
    }
}

/// " NAME" of an office registered here, or nothing.
pub fn office_name(store: &Store, code: &str) -> String {
    OfficeCode::parse(code)
        .ok()
        .and_then(|c| store.read().ok()?.office(&c).ok().flatten())
        .map(|o| format!(" {}", clean_line(&o.name)))
        .unwrap_or_default()
}

/// The first 12 digits of a hash (the whole of a shorter one).
fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

// ---------------------------------------------------------------------
// The bundle status: this office, then each other office.

/// "this office QH01 NAME — own log up to #N".
pub fn this_office(l: Lang, store: &Store, own: &str, own_head: u64) -> String {
    format!(
        "{} {own}{} — {} #{own_head}",
        l.pick("this office", "本单位"),
        office_name(store, own),
        l.pick("own log up to", "自己的日志至")
    )
}

/// Said when no other office is known here.
pub fn no_other_office(l: Lang) -> &'static str {
    l.pick("no other office known yet", "尚不认识其他单位")
}

/// The heading over the fork alerts.
pub fn alerts_heading(l: Lang, n: usize) -> String {
    format!("{} ({n}):", l.pick("FORK ALERTS", "分叉警报"))
}

/// The label of an import's progress bar.
pub fn importing(l: Lang) -> &'static str {
    l.pick("importing", "导入中")
}

/// What this database knows of the sync with one other office.
pub struct OfficeSync<'a> {
    /// The last event of its log held here, and of its signed head.
    pub held: Option<u64>,
    pub signed_head: Option<u64>,
    pub peer: &'a Peer,
    pub trust: Option<&'a TrustEntry>,
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

// ---------------------------------------------------------------------
// Claims: events that speak for another office.

/// What a claim says, in `l`.
pub fn claim(l: Lang, c: &Claim) -> String {
    match (c, l) {
        (Claim::Record { office, id }, Lang::En) => {
            format!("writes record {} as {office}'s", clean_line(id))
        }
        (Claim::Record { office, id }, Lang::Zh) => {
            format!("以 {office} 的名义写了记录 {}", clean_line(id))
        }
        (Claim::Created { office }, Lang::En) => format!("says it is the start of {office}'s log"),
        (Claim::Created { office }, Lang::Zh) => format!("自称是 {office} 日志的开头"),
        (Claim::Registration { office }, Lang::En) => {
            format!("registers {office}, which is neither below it nor its parent")
        }
        (Claim::Registration { office }, Lang::Zh) => {
            format!("登记了 {office}，但它既不是下级单位也不是上级单位")
        }
        (Claim::Reply { office, opinion }, Lang::En) => format!(
            "replies to {} of {office}, an office not below it",
            clean_line(opinion)
        ),
        (Claim::Reply { office, opinion }, Lang::Zh) => format!(
            "答复了 {office} 的 {}，而 {office} 不是其下级单位",
            clean_line(opinion)
        ),
        (Claim::Check { office, check }, Lang::En) => format!(
            "records check {} of {office}, an office not below it",
            clean_line(check)
        ),
        (Claim::Check { office, check }, Lang::Zh) => format!(
            "记录了对 {office} 的检查 {}，而 {office} 不是其下级单位",
            clean_line(check)
        ),
    }
}

/// A claim as an alert line: the log and sequence, what it says, and that
/// it was kept but not applied.
pub fn claim_line(l: Lang, a: &ClaimAlert) -> (String, Tone) {
    (
        match l {
            Lang::En => format!(
                "! {} #{} {}: kept in its log, not applied (an office's log speaks only for that office)",
                a.office,
                a.seq,
                claim(l, &a.claim)
            ),
            Lang::Zh => format!(
                "! {} #{} {}：已保留在其日志中，但未计入登记簿（一个单位的日志只能代表本单位）",
                a.office,
                a.seq,
                claim(l, &a.claim)
            ),
        },
        Tone::Alert,
    )
}

/// The heading above the claims found.
pub fn claims_heading(l: Lang, n: usize) -> String {
    match l {
        Lang::En => format!("events speaking for another office ({n}):"),
        Lang::Zh => format!("代表其他单位的事件（{n} 条）："),
    }
}

// ---------------------------------------------------------------------
// Fork alerts.

/// A fork alert with its evidence, a line each (indented under the first).
pub fn alert_lines(l: Lang, a: &Alert) -> Lines {
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

/// Where a version of a forked event came from, in the UI language. An
/// alert recorded as text by an older juwu is shown as it was stored.
pub fn source(l: Lang, s: &AlertSource) -> String {
    fn bundle(l: Lang, b: &BundleRef) -> String {
        let (file, ex) = (clean_line(&b.file), clean_line(&b.exporter));
        let made = b.created_at.format("%Y-%m-%d %H:%M");
        match l {
            Lang::En => format!(
                "bundle {file} from {ex} made {made} UTC (blake3 {}…)",
                short(&b.hash)
            ),
            Lang::Zh => format!(
                "数据包 {file}，{ex} 于 {made} UTC 制作（blake3 {}…）",
                short(&b.hash)
            ),
        }
    }
    match s {
        AlertSource::OwnLog => l
            .pick(
                "this office's own log, written here",
                "本单位自己的日志，在本处写入",
            )
            .into(),
        AlertSource::Unrecorded => l
            .pick(
                "held here (its source was not recorded)",
                "保存在本处（来源未记录）",
            )
            .into(),
        AlertSource::HeldSince { since, bundle: b } => {
            let at = since.format("%Y-%m-%d %H:%M");
            match l {
                Lang::En => format!("held here since {at} UTC: {}", bundle(l, b)),
                Lang::Zh => format!("自 {at} UTC 起保存在本处：{}", bundle(l, b)),
            }
        }
        AlertSource::SameImport { index } => match l {
            Lang::En => format!("another bundle of the same import (#{index})"),
            Lang::Zh => format!("同一次导入的另一个数据包（第 {index} 个）"),
        },
        AlertSource::Bundle(b) => bundle(l, b),
        AlertSource::Text(t) => clean_line(t),
    }
}

// ---------------------------------------------------------------------
// A bundle: what it holds, what an export wrote, what an import added.

/// What a bundle holds and what importing it would do (the dry run, without
/// its verdict: see [`verdict`]).
pub fn inspection(l: Lang, store: &Store, i: &Inspection) -> Lines {
    let mut out: Lines = vec![];
    let mut say = |t: String, tone: Tone| out.push((t, tone));
    let h = &i.parsed.header;
    let own = store.own_code().map(|c| c.to_string()).unwrap_or_default();
    say(
        format!(
            "{} {} ({}, blake3 {}…)",
            l.pick("bundle", "数据包"),
            clean_line(&i.file),
            size(i.parsed.size),
            short(&i.parsed.hash)
        ),
        Tone::Normal,
    );
    say(
        format!(
            "  {:<10} {}{}, {}  ({} {})",
            l.pick("made by", "导出方"),
            h.exporter,
            office_name(store, h.exporter.as_str()),
            when(h.created_at),
            l.pick("key fingerprint", "密钥指纹"),
            fingerprint(&h.exporter_key)
        ),
        Tone::Normal,
    );
    if i.dated_in_future {
        say(future(l, h.created_at), Tone::Alert);
    }
    let to = match &h.recipient {
        Some(r) if r.as_str() == own => format!("{r} ({})", l.pick("this office", "本单位")),
        Some(r) => r.to_string(),
        None => l.pick("any office", "任何单位").into(),
    };
    say(
        format!("  {:<10} {to}", l.pick("for", "接收方")),
        Tone::Normal,
    );
    say(
        format!("  {:<10} {}", l.pick("signature", "签名"), i.signer.text(l)),
        if i.signer.ok() {
            Tone::Good
        } else {
            Tone::Alert
        },
    );
    say(format!("  {}:", l.pick("logs", "日志")), Tone::Normal);
    for g in &i.logs {
        let name = g
            .name
            .as_deref()
            .map(|n| format!(" {}", clean_line(n)))
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
        say(
            format!("    {}{name}: {range}{relayed}", g.office),
            Tone::Normal,
        );
        say(
            format!(
                "      {}: {}",
                l.pick("head signed by its office", "日志末条的本单位签名"),
                g.checkpoint.text(l)
            ),
            if g.checkpoint.ok() {
                Tone::Normal
            } else {
                Tone::Alert
            },
        );
        if g.checkpoint == SigStatus::Own {
        } else if g.new > 0 {
            say(
                format!(
                    "      {} {} (#{}..#{}); {} #{}",
                    l.pick("new here:", "本处新增："),
                    g.new,
                    g.held + 1,
                    g.held + g.new,
                    l.pick("held here up to", "本处已有至"),
                    g.held
                ),
                Tone::Normal,
            );
        } else {
            say(
                format!(
                    "      {} (#{})",
                    l.pick("nothing new here: already held", "本处已全部持有"),
                    g.held
                ),
                Tone::Dim,
            );
        }
        for (seq, key) in &g.rotations {
            say(
                format!(
                    "      {} #{seq}: {} {}",
                    l.pick("key rotation", "更换密钥"),
                    l.pick("new key fingerprint", "新密钥指纹"),
                    fingerprint(key)
                ),
                Tone::Normal,
            );
        }
    }
    if let Some(ours) = &i.they_hold_ours {
        say(
            format!(
                "  {} {} #{} ({} #{})",
                h.exporter,
                l.pick("holds this office's log up to", "持有本单位日志至"),
                ours.seq,
                l.pick("this office has", "本单位现有"),
                i.own_head
            ),
            Tone::Normal,
        );
    }
    if let Some(w) = i.behind_warning(l) {
        say(format!("  ⚠ {w}"), Tone::Alert);
    }
    if !i.problems.is_empty() {
        say(format!("  {}:", l.pick("problems", "问题")), Tone::Alert);
        for p in &i.problems {
            say(format!("    ✗ {}", p.preview(l)), Tone::Alert);
        }
    }
    out
}

/// The dry run's verdict on one bundle: refused, nothing new, or what
/// importing it would add.
pub fn verdict(l: Lang, i: &Inspection) -> (String, Tone) {
    if !i.ok() {
        (
            l.pick(
                "would be refused: nothing would change",
                "将被拒绝：不会做任何改动",
            )
            .into(),
            Tone::Alert,
        )
    } else if i.new_events() == 0 {
        let t = if i.newer_than_last {
            l.pick(
                "nothing new: every event is already held here (only what the exporter holds would be noted)",
                "没有新内容：所有事件本处都已持有（只会记下对方的持有情况）",
            )
        } else {
            l.pick(
                "nothing new: every event is already held here; importing changes nothing",
                "没有新内容：所有事件本处都已持有，导入不会改动任何内容",
            )
        };
        (t.into(), Tone::Dim)
    } else {
        (
            format!(
                "{} {}",
                l.pick("importing would add", "导入将新增"),
                n_events(l, i.new_events())
            ),
            Tone::Good,
        )
    }
}

/// The label of the verdict line (`result`).
pub fn verdict_label(l: Lang) -> &'static str {
    l.pick("result", "结论")
}

/// What an export wrote: the file, for whom, each log.
pub fn export(l: Lang, s: &ExportSummary) -> Lines {
    let mut out: Lines = vec![(
        format!(
            "{} {} ({}, blake3 {}…)",
            l.pick("wrote", "已写出"),
            clean_line(&s.path.display().to_string()),
            size(s.size),
            short(&s.hash)
        ),
        Tone::Good,
    )];
    out.push((
        format!(
            "  {}: {}",
            l.pick("for", "接收方"),
            match &s.header.recipient {
                Some(r) => r.to_string(),
                None => l.pick("any office", "任何单位").into(),
            }
        ),
        Tone::Normal,
    ));
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
        out.push((
            if n == 0 {
                format!(
                    "  {} {}: {} #{} ({signed})",
                    g.office,
                    l.pick("log", "日志"),
                    l.pick("no new events; head", "无新事件；末条"),
                    g.to
                )
            } else {
                format!(
                    "  {} {}: #{}..#{} ({}, {signed})",
                    g.office,
                    l.pick("log", "日志"),
                    g.from,
                    g.to,
                    n_events(l, n)
                )
            },
            Tone::Normal,
        ));
    }
    if let Some(a) = s.acknowledged {
        out.push((
            format!(
                "  {} #{a}{}",
                l.pick(
                    "the recipient acknowledged this office's log up to",
                    "接收方已确认收到本单位日志至"
                ),
                l.pick(": only later events are sent", "：只发送其后的事件")
            ),
            Tone::Dim,
        ));
    }
    for (office, why) in &s.skipped {
        out.push((
            format!(
                "  {} {office}: {}",
                l.pick("not relayed", "未转送"),
                match why {
                    NotRelayed::NoSignedHead => l.pick(
                        "no head signed by it is held here",
                        "本处没有它签名的日志末条"
                    ),
                    NotRelayed::AlreadyHeld =>
                        l.pick("the recipient already holds all of it", "接收方已全部持有"),
                }
            ),
            Tone::Dim,
        ));
    }
    out
}

/// Why a refused import was refused: each refused bundle with its
/// problems, and the fork alerts it recorded.
pub fn refused(l: Lang, out: &ImportOutcome) -> Lines {
    let mut lines: Lines = vec![];
    for i in out.inspections.iter().filter(|i| !i.ok()) {
        lines.push((format!("{}:", clean_line(&i.file)), Tone::Normal));
        for p in &i.problems {
            lines.push((format!("  ✗ {}", p.text(l)), Tone::Alert));
        }
    }
    if out.alerts_recorded > 0 {
        lines.push((
            format!(
                "{} {}",
                out.alerts_recorded,
                l.pick(
                    "fork alert(s) recorded with their evidence: see `juwu bundle status`",
                    "条分叉警报已连同证据记录：见 `juwu bundle status`"
                )
            ),
            Tone::Alert,
        ));
    }
    lines
}

/// What an applied import added: per bundle the new events by office, the
/// key rotations now trusted, and the total.
pub fn imported(l: Lang, out: &ImportOutcome) -> Lines {
    let mut lines: Lines = vec![];
    for i in &out.inspections {
        let new: u64 = i
            .logs
            .iter()
            .filter(|g| !out.left_out.contains(&g.office))
            .map(|g| g.new)
            .sum();
        if new == 0 {
            lines.push((
                format!(
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
                ),
                Tone::Dim,
            ));
            continue;
        }
        let parts: Vec<String> = i
            .logs
            .iter()
            .filter(|g| g.new > 0 && !out.left_out.contains(&g.office))
            .map(|g| format!("{} #{}..#{}", g.office, g.held + 1, g.held + g.new))
            .collect();
        lines.push((
            format!(
                "{}: {} {} ({})",
                clean_line(&i.file),
                l.pick("imported new:", "已导入新增"),
                n_events(l, new),
                parts.join(", ")
            ),
            Tone::Good,
        ));
        for g in &i.logs {
            for (seq, key) in &g.rotations {
                lines.push((
                    format!(
                        "  {} {} #{seq}: {} {}",
                        g.office,
                        l.pick("changed its key at", "更换了密钥，于"),
                        l.pick("now trusted:", "现信任指纹"),
                        fingerprint(key)
                    ),
                    Tone::Normal,
                ));
            }
        }
    }
    for i in out.inspections.iter().filter(|i| !i.ok()) {
        lines.push((format!("{}:", clean_line(&i.file)), Tone::Normal));
        for p in &i.problems {
            lines.push((format!("  ✗ {}", p.text(l)), Tone::Alert));
        }
    }
    if !out.left_out.is_empty() {
        let offices: Vec<&str> = out.left_out.iter().map(String::as_str).collect();
        lines.push((
            match l {
                Lang::En => format!(
                    "left out whole: the log(s) of {}; every other log that verifies was applied",
                    offices.join(", ")
                ),
                Lang::Zh => format!(
                    "整份未导入：{} 的日志；其余验证通过的日志均已导入",
                    offices.join("、")
                ),
            },
            Tone::Alert,
        ));
    }
    if out.alerts_recorded > 0 {
        lines.push((
            format!(
                "{} {}",
                out.alerts_recorded,
                l.pick(
                    "fork alert(s) recorded with their evidence: see `juwu bundle status`",
                    "条分叉警报已连同证据记录：见 `juwu bundle status`"
                )
            ),
            Tone::Alert,
        ));
    }
    for i in out.inspections.iter().filter(|i| i.dated_in_future) {
        lines.push((
            format!(
                "{}: {}",
                clean_line(&i.file),
                future(l, i.parsed.header.created_at)
            ),
            Tone::Alert,
        ));
    }
    for c in &out.claims {
        lines.push(claim_line(l, c));
    }
    for (office, parent, key) in &out.rekeyed {
        lines.push((rekeyed(l, office, parent, key), Tone::Alert));
    }
    if out.applied && out.events_added() > 0 {
        lines.push((
            format!(
                "{} {} {}",
                l.pick("total:", "合计："),
                n_events(l, out.events_added()),
                l.pick("added in one transaction", "，一次事务写入")
            ),
            Tone::Good,
        ));
    }
    lines
}

/// Said above the files that could not be read as bundles.
pub fn unreadable(l: Lang) -> &'static str {
    l.pick(
        "not a readable bundle: nothing would change",
        "不是可读取的数据包：不会做任何改动",
    )
}

/// The line saying the database was compacted after a large import.
pub fn compacted(l: Lang, before: u64, after: u64) -> String {
    format!(
        "{} {:.1} MB → {:.1} MB",
        l.pick("database compacted:", "数据库已整理："),
        before as f64 / 1e6,
        after as f64 / 1e6
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn old_alert(held_from: &str) -> String {
        format!(
            r#"{{"n":1,"detected_at":"2026-05-02T00:00:00Z","office":"QH01","seq":4,"held_hash":"aa","held_from":{held_from},"offered_hash":"bb","offered_from":"bundle forked.juwu from QH01 made 2026-05-02 00:00 UTC (blake3 0123456789ab…)","offered_checkpoint":null}}"#
        )
    }

    #[test]
    fn an_alert_stored_as_english_text_still_reads_and_shows_as_stored() {
        let a: Alert =
            serde_json::from_str(&old_alert(r#""this office's own log, written here""#)).unwrap();
        assert_eq!(
            a.held_from,
            AlertSource::Text("this office's own log, written here".into())
        );
        let text: Vec<String> = alert_lines(Lang::Zh, &a)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert!(
            text.iter()
                .any(|t| t.contains("bundle forked.juwu from QH01 made")),
            "{text:?}"
        );
    }

    #[test]
    fn a_typed_source_round_trips_and_says_no_english_in_chinese() {
        let b = BundleRef {
            file: "1.juwu".into(),
            exporter: "QH01".into(),
            created_at: "2026-05-02T00:00:00Z".parse().unwrap(),
            hash: "0123456789abcdef".into(),
        };
        for s in [
            AlertSource::OwnLog,
            AlertSource::Unrecorded,
            AlertSource::SameImport { index: 2 },
            AlertSource::Bundle(b.clone()),
            AlertSource::HeldSince {
                since: b.created_at,
                bundle: b.clone(),
            },
        ] {
            let json = serde_json::to_string(&s).unwrap();
            let back: AlertSource = serde_json::from_str(&json).unwrap();
            assert_eq!(back, s, "{json}");
            let zh = source(Lang::Zh, &s);
            let english = zh
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 3 && *w != "juwu" && *w != "blake")
                .collect::<Vec<_>>();
            assert!(english.is_empty(), "{zh}: {english:?}");
        }
    }
}
