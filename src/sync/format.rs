//! The bundle file (`.juwu`), version 1. Pure: bytes in, bytes out; no
//! store and no trust decisions (those are in `verify`).
//!
//! ```text
//! "JUWUBNDL"                 8 bytes, magic
//! format version             u16 little-endian (1)
//! header length              u32 LE, at most MAX_HEADER
//! header                     JSON (`Header`)
//! payload length             u64 LE
//! payload                    one zstd frame: for each log of the header, in
//!                            order, its events as (u32 LE length, bytes)
//! "JUWUSIG1"                 8 bytes, trailer magic
//! blake3                     32 bytes: hash of everything before the trailer
//! signature                  64 bytes: ed25519 by the exporter of
//!                            "juwu-bundle-v1\n" + that hash
//! ```
//!
//! The header declares the decompressed size of the payload and of each
//! log's part; reading refuses a declaration above `MAX_RAW` before
//! inflating anything, and stops inflating one byte past the declaration.

use crate::i18n::Lang;
use std::collections::BTreeMap;
use std::io::Read;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::keys::{OfficeKey, hex, unhex};
use crate::domain::{Envelope, OfficeCode};
use crate::store::codec::hash_hex;
use crate::store::{Head, StoredEvent};

pub const MAGIC: &[u8; 8] = b"JUWUBNDL";
pub const TRAILER_MAGIC: &[u8; 8] = b"JUWUSIG1";
pub const FORMAT_VERSION: u16 = 1;
/// Largest header accepted.
pub const MAX_HEADER: u32 = 4 * 1024 * 1024;
/// Largest decompressed payload accepted, whatever the header declares.
pub const MAX_RAW: u64 = 512 * 1024 * 1024;
/// Largest single event accepted.
pub const MAX_EVENT: u32 = 4 * 1024 * 1024;
/// Largest bundle file read.
pub const MAX_FILE: u64 = 512 * 1024 * 1024;
/// zstd window accepted when inflating (bounds the decoder's memory).
const WINDOW_LOG_MAX: u32 = 24;
const PREFIX_LEN: usize = 8 + 2 + 4;
const TRAILER_LEN: usize = 8 + 32 + 64;

/// Why a file is not a readable bundle. Each names what to do.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum FormatError {
    #[error("not a juwu bundle (it does not start with the bundle mark)")]
    NotBundle,
    #[error(
        "the bundle was made by a newer juwu (bundle format {0}; this one reads format 1): update juwu"
    )]
    NewerFormat(u16),
    #[error(
        "the bundle is truncated: it ends at byte {len} but declares {want} bytes (copy it again from the exporting office)"
    )]
    Truncated { len: u64, want: u64 },
    #[error("the bundle has {0} unexpected bytes after its end")]
    TrailingBytes(u64),
    #[error(
        "the bundle is damaged: its content does not match its hash (a byte was changed, or the copy is incomplete)"
    )]
    HashMismatch,
    #[error("the bundle header is too large ({0} bytes)")]
    HeaderTooLarge(u64),
    #[error("the bundle header is unreadable: {0}")]
    BadHeader(String),
    #[error(
        "the bundle header is damaged: its lengths do not match the file, which ends complete (copy it again from the exporting office)"
    )]
    DamagedHeader,
    #[error(
        "the bundle declares {0} bytes of events, more than juwu accepts ({MAX_RAW}): refused before inflating"
    )]
    TooLarge(u64),
    #[error(
        "the bundle inflates to more than the {0} bytes it declares (a decompression bomb?): refused"
    )]
    Bomb(u64),
    #[error("the bundle's events are unreadable: {0}")]
    BadPayload(String),
    #[error("{office} #{seq} in the bundle: {msg}")]
    BadEvent {
        office: String,
        seq: u64,
        msg: String,
    },
    #[error("the bundle file is too large ({0} bytes; at most {MAX_FILE})")]
    FileTooLarge(u64),
    #[error(
        "{office} #{seq} in the bundle ({kind}) was made by a newer juwu{}: this juwu ({}) does not know its kind or values; update juwu (district first, then streets, then communities), then import it again",
        needs.as_deref().map(|n| format!(" ({n})")).unwrap_or_default(),
        env!("CARGO_PKG_VERSION")
    )]
    NewerEvent {
        office: String,
        seq: u64,
        kind: String,
        needs: Option<String>,
    },
}

impl FormatError {
    /// The message in `l` (English: as `Display` says it).
    pub fn message(&self, l: Lang) -> String {
        use FormatError::*;
        if l == Lang::En {
            return self.to_string();
        }
        match self {
            NotBundle => "不是 juwu 数据包（开头没有数据包标记）".into(),
            NewerFormat(v) => {
                format!("此数据包由更新版本的 juwu 制作（格式 {v}；本版本读取格式 1）：请更新 juwu")
            }
            Truncated { len, want } => format!(
                "数据包不完整：在第 {len} 字节处结束，而声明有 {want} 字节（请从导出单位重新复制）"
            ),
            TrailingBytes(n) => format!("数据包结尾之后多出 {n} 字节"),
            HashMismatch => "数据包已损坏：内容与摘要不符（有字节被改动，或复制不完整）".into(),
            HeaderTooLarge(n) => format!("数据包头部过大（{n} 字节）"),
            BadHeader(e) => format!("数据包头部无法读取：{e}"),
            DamagedHeader => {
                "数据包头部已损坏：其中的长度与文件不符，而文件本身完整（请从导出单位重新复制）"
                    .into()
            }
            TooLarge(n) => format!(
                "数据包声明有 {n} 字节事件，超过 juwu 接受的上限（{MAX_RAW}）：解压前已拒绝"
            ),
            Bomb(n) => format!("数据包解压后超过其声明的 {n} 字节（压缩炸弹？）：已拒绝"),
            BadPayload(e) => format!("数据包中的事件无法读取：{e}"),
            BadEvent { office, seq, msg } => format!("数据包中的 {office} #{seq}：{msg}"),
            NewerEvent {
                office,
                seq,
                kind,
                needs,
            } => format!(
                "数据包中的 {office} #{seq}（{kind}）由更新版本的 juwu{} 制作：本版本（{}）不认识其种类或取值；请更新 juwu（先区，再街道，后社区），然后重新导入",
                needs
                    .as_deref()
                    .map(|n| format!("（{n}）"))
                    .unwrap_or_default(),
                env!("CARGO_PKG_VERSION")
            ),
            FileTooLarge(n) => format!("数据包文件过大（{n} 字节；上限 {MAX_FILE}）"),
        }
    }
}

/// A log head as its own office signed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedHead {
    pub seq: u64,
    pub hash: String,
    /// The public key that signed it (hex), for display; trust decides.
    pub key: String,
    pub signature: String,
}

/// One office's log in a bundle: events `from..=to` (none when
/// `to + 1 == from`), continuing from `prev_hash` (the hash of #from-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogHeader {
    pub office: OfficeCode,
    pub from: u64,
    pub to: u64,
    pub prev_hash: String,
    /// Decompressed bytes of this log's part of the payload.
    pub raw_len: u64,
    /// The head `to` of this log, signed by `office` itself.
    pub checkpoint: SignedHead,
}

impl LogHeader {
    pub fn count(&self) -> u64 {
        (self.to + 1).saturating_sub(self.from)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub format: u16,
    pub exporter: OfficeCode,
    /// The key that signs the bundle (hex), for display; trust decides.
    pub exporter_key: String,
    /// The office it is meant for; `None`: any office.
    pub recipient: Option<OfficeCode>,
    pub created_at: DateTime<Utc>,
    /// Whether logs of offices below the exporter were added.
    pub relay: bool,
    /// Decompressed bytes of the whole payload.
    pub raw_len: u64,
    pub logs: Vec<LogHeader>,
    /// The heads of every log the exporter holds: its acknowledgement.
    pub holds: BTreeMap<String, Head>,
    /// The juwu version (major.minor) its events need, when they hold
    /// kinds or values added after 0.1; absent otherwise, so that every
    /// juwu since 0.1 reads it (its header refuses unknown fields).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs: Option<String>,
}

/// A bundle read and checked for structure, hash and chain links (not yet
/// for signatures: those need trust, see `verify`).
#[derive(Debug, Clone)]
pub struct Parsed {
    pub header: Header,
    /// Events of each log of the header, in order, decoded once here and
    /// carried to the import (which neither decodes nor hashes them again).
    /// `verify::plan` moves the events new here into its batch, leaving
    /// those logs empty.
    pub logs: Vec<Vec<StoredEvent>>,
    /// blake3 of everything before the trailer, hex: the bundle's identity.
    pub hash: String,
    pub signature: String,
    pub size: u64,
}

fn is_hash(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// What the exporter signs.
pub fn bundle_message(hash_hex: &str) -> Vec<u8> {
    format!("juwu-bundle-v1\n{hash_hex}").into_bytes()
}

/// Builds the bytes of a bundle and signs them with `key`. `logs[i]` are
/// the stored bytes of the events of `header.logs[i]`; the sizes in the
/// header are filled in here.
pub fn write(header: Header, logs: &[Vec<Vec<u8>>], key: &OfficeKey) -> Result<Vec<u8>, String> {
    write_full(header, logs, key).map(|w| w.bytes)
}

/// A bundle as [`write`] made it: its bytes, its identity (the blake3 of
/// everything before the trailer, hex) and the header with the sizes filled in.
#[derive(Debug, Clone)]
pub struct Written {
    pub bytes: Vec<u8>,
    pub hash: String,
    pub header: Header,
}

/// [`write`], also giving the bundle's hash and final header, so the
/// exporter need not read its own file back.
pub fn write_full(
    mut header: Header,
    logs: &[Vec<Vec<u8>>],
    key: &OfficeKey,
) -> Result<Written, String> {
    if logs.len() != header.logs.len() {
        return Err("internal: logs and header disagree".into());
    }
    let mut raw = Vec::new();
    for (h, events) in header.logs.iter_mut().zip(logs) {
        let start = raw.len();
        for e in events {
            let n = u32::try_from(e.len()).map_err(|_| "event too large".to_string())?;
            raw.extend_from_slice(&n.to_le_bytes());
            raw.extend_from_slice(e);
        }
        h.raw_len = (raw.len() - start) as u64;
    }
    header.raw_len = raw.len() as u64;
    header.format = FORMAT_VERSION;
    let payload = zstd::stream::encode_all(raw.as_slice(), 3).map_err(|e| e.to_string())?;
    let head = serde_json::to_vec(&header).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(PREFIX_LEN + head.len() + 8 + payload.len() + TRAILER_LEN);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(head.len() as u32).to_le_bytes());
    out.extend_from_slice(&head);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&payload);
    let (bytes, hash) = seal_hashed(out, key)?;
    Ok(Written {
        bytes,
        hash,
        header,
    })
}

/// The fields of a stored event that link it into its chain, read without
/// decoding the rest (serde skips the body without building it).
#[derive(Deserialize)]
struct Link<'a> {
    #[serde(borrow)]
    office: std::borrow::Cow<'a, str>,
    seq: u64,
    #[serde(borrow)]
    prev_hash: std::borrow::Cow<'a, str>,
}

/// Checks that stored `events` are `office` #`from`.. in order, each
/// continuing the chain from `prev_hash`; returns the hash of the last (or
/// `prev_hash` when there are none). What an exporter checks before it signs
/// a head over them, at a fraction of the cost of decoding every event.
pub fn check_links(
    office: &str,
    from: u64,
    prev_hash: &str,
    events: &[Vec<u8>],
) -> Result<String, FormatError> {
    let mut prev = prev_hash.to_string();
    for (i, bytes) in events.iter().enumerate() {
        let seq = from + i as u64;
        let bad = |msg: String| FormatError::BadEvent {
            office: office.to_string(),
            seq,
            msg,
        };
        let l: Link =
            serde_json::from_slice(bytes).map_err(|e| bad(format!("unreadable ({e})")))?;
        if l.office != office || l.seq != seq {
            return Err(bad(format!("claims to be {} #{}", l.office, l.seq)));
        }
        if l.prev_hash != prev {
            return Err(bad("does not continue the chain before it".into()));
        }
        prev = hash_hex(bytes);
    }
    Ok(prev)
}

/// Appends the trailer (hash and signature) to the bytes before it.
pub fn seal(body: Vec<u8>, key: &OfficeKey) -> Result<Vec<u8>, String> {
    seal_hashed(body, key).map(|(b, _)| b)
}

fn seal_hashed(mut body: Vec<u8>, key: &OfficeKey) -> Result<(Vec<u8>, String), String> {
    let hash = blake3::hash(&body);
    let sig = unhex(&key.sign(&bundle_message(&hash.to_hex())))
        .ok_or_else(|| "internal: bad signature".to_string())?;
    body.extend_from_slice(TRAILER_MAGIC);
    body.extend_from_slice(hash.as_bytes());
    body.extend_from_slice(&sig);
    Ok((body, hash.to_hex().to_string()))
}

/// Splits a bundle into the part before the trailer and the trailer
/// (checking only the framing): used to re-sign in tests.
pub fn body_of(bytes: &[u8]) -> Option<&[u8]> {
    bytes.len().checked_sub(TRAILER_LEN).map(|n| &bytes[..n])
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2)?.try_into().ok().map(u16::from_le_bytes)
}
fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)?.try_into().ok().map(u32::from_le_bytes)
}
fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    b.get(at..at + 8)?.try_into().ok().map(u64::from_le_bytes)
}

/// A file whose lengths disagree with its size but that still ends with a
/// complete trailer was not cut short: a length in its header is damaged.
fn header_damaged(bytes: &[u8]) -> bool {
    let n = bytes.len();
    n >= PREFIX_LEN + TRAILER_LEN
        && bytes
            .get(n - TRAILER_LEN..n - TRAILER_LEN + TRAILER_MAGIC.len())
            .is_some_and(|m| m == TRAILER_MAGIC)
}

/// Reads a bundle: framing, hash, header, bounded decompression, events
/// and their chain links inside each log. Never panics on any input.
pub fn read(bytes: &[u8]) -> Result<Parsed, FormatError> {
    let len = bytes.len() as u64;
    if len > MAX_FILE {
        return Err(FormatError::FileTooLarge(len));
    }
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        if MAGIC.starts_with(bytes) && !bytes.is_empty() {
            return Err(FormatError::Truncated {
                len,
                want: (PREFIX_LEN + TRAILER_LEN) as u64,
            });
        }
        return Err(FormatError::NotBundle);
    }
    let truncated = |want: u64| FormatError::Truncated { len, want };
    let version = u16_at(bytes, 8).ok_or_else(|| truncated(PREFIX_LEN as u64))?;
    if version != FORMAT_VERSION {
        if version > FORMAT_VERSION {
            return Err(FormatError::NewerFormat(version));
        }
        return Err(FormatError::NotBundle);
    }
    let hlen = u32_at(bytes, 10).ok_or_else(|| truncated(PREFIX_LEN as u64))?;
    if hlen > MAX_HEADER {
        return Err(FormatError::HeaderTooLarge(hlen as u64));
    }
    let hend = PREFIX_LEN as u64 + hlen as u64;
    let plen = u64_at(bytes, hend as usize).ok_or_else(|| truncated(hend + 8))?;
    let pstart = hend + 8;
    let want = pstart
        .checked_add(plen)
        .and_then(|x| x.checked_add(TRAILER_LEN as u64))
        .ok_or(FormatError::TooLarge(plen))?;
    if len != want && header_damaged(bytes) {
        return Err(FormatError::DamagedHeader);
    }
    if len < want {
        return Err(truncated(want));
    }
    if len > want {
        return Err(FormatError::TrailingBytes(len - want));
    }
    let pend = (pstart + plen) as usize;
    let trailer = &bytes[pend..];
    if &trailer[..8] != TRAILER_MAGIC {
        return Err(FormatError::HashMismatch);
    }
    let hash = blake3::hash(&bytes[..pend]);
    if hash.as_bytes()[..] != trailer[8..40] {
        return Err(FormatError::HashMismatch);
    }
    let signature = hex(&trailer[40..104]);
    let header: Header = serde_json::from_slice(&bytes[PREFIX_LEN..hend as usize])
        .map_err(|e| FormatError::BadHeader(e.to_string()))?;
    check_header(&header)?;
    let raw = inflate(&bytes[pstart as usize..pend], header.raw_len)?;
    let logs = split_logs(&header, &raw)?;
    Ok(Parsed {
        header,
        logs,
        hash: hash.to_hex().to_string(),
        signature,
        size: len,
    })
}

fn check_header(h: &Header) -> Result<(), FormatError> {
    let bad = |m: String| Err(FormatError::BadHeader(m));
    if h.format != FORMAT_VERSION {
        return bad(format!("format {} inside a format 1 file", h.format));
    }
    if h.raw_len > MAX_RAW {
        return Err(FormatError::TooLarge(h.raw_len));
    }
    let mut sum = 0u64;
    let mut seen = std::collections::BTreeSet::new();
    for l in &h.logs {
        if !seen.insert(l.office.as_str()) {
            return bad(format!("the log of {} appears twice", l.office));
        }
        if l.from == 0 || l.to + 1 < l.from || l.to == u64::MAX {
            return bad(format!("{}: bad range #{}..#{}", l.office, l.from, l.to));
        }
        if l.checkpoint.seq != l.to {
            return bad(format!(
                "{}: the signed head #{} is not the last event #{}",
                l.office, l.checkpoint.seq, l.to
            ));
        }
        if !(l.from == 1 && l.prev_hash.is_empty() || is_hash(&l.prev_hash)) {
            return bad(format!("{}: bad previous hash", l.office));
        }
        if l.to > 0 && !is_hash(&l.checkpoint.hash) {
            return bad(format!("{}: bad head hash", l.office));
        }
        sum = sum.saturating_add(l.raw_len);
    }
    if sum != h.raw_len {
        return bad("the logs' sizes do not add up to the payload size".into());
    }
    if !h.logs.iter().any(|l| l.office == h.exporter) {
        return bad("the exporting office's own log is missing".into());
    }
    Ok(())
}

/// Inflates at most `declared` bytes; more is a bomb, fewer is damage.
fn inflate(payload: &[u8], declared: u64) -> Result<Vec<u8>, FormatError> {
    if declared > MAX_RAW {
        return Err(FormatError::TooLarge(declared));
    }
    let bad = |e: std::io::Error| FormatError::BadPayload(e.to_string());
    let mut dec = zstd::stream::read::Decoder::with_buffer(payload).map_err(bad)?;
    dec.window_log_max(WINDOW_LOG_MAX).map_err(bad)?;
    let cap = declared
        .min(payload.len() as u64 * 8 + 4096)
        .min(64 * 1024 * 1024);
    let mut out = Vec::with_capacity(cap as usize);
    dec.take(declared + 1).read_to_end(&mut out).map_err(bad)?;
    if out.len() as u64 > declared {
        return Err(FormatError::Bomb(declared));
    }
    if (out.len() as u64) < declared {
        return Err(FormatError::BadPayload(format!(
            "{} bytes of events where {declared} were declared",
            out.len()
        )));
    }
    Ok(out)
}

type Events = Vec<StoredEvent>;

/// The event's kind, when it could not be read for a kind or value this
/// juwu does not know (a newer juwu made it), not for damage.
fn newer_kind(bytes: &[u8], e: &serde_json::Error) -> Option<String> {
    if !e.to_string().contains("unknown variant") {
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    Some(v.get("body")?.get("type")?.as_str()?.to_string())
}

fn split_logs(h: &Header, raw: &[u8]) -> Result<Vec<Events>, FormatError> {
    let mut at = 0usize;
    let mut out = Vec::with_capacity(h.logs.len());
    for l in &h.logs {
        let office = l.office.as_str();
        let end = at
            .checked_add(l.raw_len as usize)
            .filter(|e| *e <= raw.len())
            .ok_or_else(|| FormatError::BadPayload("log sizes exceed the payload".into()))?;
        let part = &raw[at..end];
        at = end;
        let mut p = 0usize;
        let mut events: Events = Vec::new();
        let mut prev = l.prev_hash.clone();
        let mut seq = l.from;
        while p < part.len() {
            let bad = |msg: String| FormatError::BadEvent {
                office: office.to_string(),
                seq,
                msg,
            };
            let n = u32_at(part, p).ok_or_else(|| bad("cut short".into()))?;
            if n > MAX_EVENT {
                return Err(bad(format!("{n} bytes, more than juwu accepts")));
            }
            let s = p + 4;
            let e = s
                .checked_add(n as usize)
                .filter(|e| *e <= part.len())
                .ok_or_else(|| bad("cut short".into()))?;
            let bytes = part[s..e].to_vec();
            p = e;
            if seq > l.to {
                return Err(bad(format!("more events than #{}..#{}", l.from, l.to)));
            }
            let env: Envelope = match serde_json::from_slice(&bytes) {
                Ok(env) => env,
                Err(e) => {
                    return Err(match newer_kind(&bytes, &e) {
                        Some(kind) => FormatError::NewerEvent {
                            office: office.to_string(),
                            seq,
                            kind,
                            needs: h.needs.clone(),
                        },
                        None => bad(format!("unreadable ({e})")),
                    });
                }
            };
            if env.office.as_str() != office || env.seq != seq {
                return Err(bad(format!("claims to be {} #{}", env.office, env.seq)));
            }
            if env.prev_hash != prev {
                return Err(bad("does not continue the chain before it".into()));
            }
            let hash = hash_hex(&bytes);
            prev = hash.clone();
            events.push(StoredEvent { env, bytes, hash });
            seq += 1;
        }
        if events.len() as u64 != l.count() {
            return Err(FormatError::BadPayload(format!(
                "{office}: {} events where #{}..#{} were declared",
                events.len(),
                l.from,
                l.to
            )));
        }
        if prev != l.checkpoint.hash {
            return Err(FormatError::BadPayload(format!(
                "{office}: the events do not end at the signed head #{}",
                l.to
            )));
        }
        out.push(events);
    }
    if at != raw.len() {
        return Err(FormatError::BadPayload(
            "bytes left after the last log".into(),
        ));
    }
    Ok(out)
}
