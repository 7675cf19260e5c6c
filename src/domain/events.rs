//! Events: the only thing ever written. Bodies are an explicitly tagged serde
//! enum; a variant's meaning never changes, new variants are added. The stored
//! bytes are the JSON of the `Envelope` (field order fixed by the struct), and
//! the chain hash is blake3 over exactly those bytes.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::money::Line;
use super::records::*;
use super::settings::SettingKey;
use super::types::*;

/// Version of the envelope format written by this build.
pub const ENVELOPE_VERSION: u32 = 1;

/// One entry of an office's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub v: u32,
    pub office: OfficeCode,
    pub seq: u64,
    /// Hex blake3 of the previous event's stored bytes ("" for seq 1).
    pub prev_hash: String,
    pub recorded_at: DateTime<Utc>,
    /// The operator's name, or "system" for administrative acts.
    pub operator: String,
    pub body: EventBody,
}

/// What happened. Tag names are stable forever.
///
/// Read by a hand-written `Deserialize` in `store::codec` (the same JSON,
/// without serde's buffering of internally tagged enums): a new variant
/// goes there too, which the compiler enforces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventBody {
    /// First event of an office's own log.
    OfficeCreated {
        office: Office,
    },
    /// Another office made known by hand (e.g. the parent before any bundle).
    OfficeRegistered {
        office: Office,
    },
    SettingsChanged {
        settings: Settings,
    },
    OperatorAdded {
        operator: Operator,
    },
    OperatorChanged {
        operator: Operator,
    },

    DisclosureDrafted {
        id: String,
        fields: DraftFields,
        basis: Basis,
        request: Option<String>,
        supersedes: Option<String>,
        correction_note: Option<String>,
    },
    DisclosureRevised {
        id: String,
        fields: DraftFields,
    },
    DisclosureSigned {
        id: String,
        role: Role,
    },
    DisclosureSubmitted {
        id: String,
        on: NaiveDate,
        planned_on: NaiveDate,
    },
    DisclosureApproved {
        id: String,
        note: String,
    },
    DisclosureReturned {
        id: String,
        amendments: String,
    },
    DisclosurePublished {
        id: String,
        on: NaiveDate,
        forms: Vec<Form>,
        seal: String,
    },
    DisclosureArchived {
        id: String,
        on: NaiveDate,
    },
    /// A historical item from the office's earlier register, already
    /// published (and perhaps archived or corrected) before juwu kept it.
    DisclosureImported {
        id: String,
        fields: DraftFields,
        basis: Basis,
        /// `published`, `superseded` or `archived`; or (with no
        /// publication date) a stage before publication.
        status: Status,
        published_on: Option<NaiveDate>,
        forms: Vec<Form>,
        seal: String,
        archived_on: Option<NaiveDate>,
        signers: Vec<ImportedSigner>,
        approved_by: Option<String>,
        correction_note: Option<String>,
        source_ref: Option<String>,
        /// The item (already in this register) this one corrected.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        supersedes: Option<String>,
    },

    BoxOpened {
        opening: BoxOpening,
    },
    OpinionReceived {
        opinion: Opinion,
    },
    OpinionRerouted {
        id: String,
        to: RouteTo,
    },
    OpinionPaused {
        id: String,
        on: NaiveDate,
        reason: String,
    },
    OpinionResumed {
        id: String,
        on: NaiveDate,
    },
    ComplaintVerified {
        id: String,
        holds: bool,
        on: NaiveDate,
        note: String,
    },
    ReplyRecorded {
        reply: Reply,
    },

    StatementDrafted {
        statement: Statement,
    },
    StatementRevised {
        id: String,
        lines: Vec<Line>,
        #[serde(default, with = "super::money::opt_str")]
        opening_balance: Option<Decimal>,
    },

    CheckRecorded {
        check: Check,
    },
    FindingResolved {
        resolution: Resolution,
    },

    /// The office's signing key changed; signed by the old key (see sync).
    KeyRotated {
        public_key: String,
        signature: String,
    },

    /// One setting of the office changed (who and when: the envelope), in
    /// force from `from` (the start of the next period).
    SettingChanged {
        key: SettingKey,
        /// Canonical text of the value (`SettingValue::canonical`).
        value: String,
        from: NaiveDate,
    },
}

impl EventBody {
    /// A short stable name for lists and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            EventBody::OfficeCreated { .. } => "office_created",
            EventBody::OfficeRegistered { .. } => "office_registered",
            EventBody::SettingsChanged { .. } => "settings_changed",
            EventBody::OperatorAdded { .. } => "operator_added",
            EventBody::OperatorChanged { .. } => "operator_changed",
            EventBody::DisclosureDrafted { .. } => "disclosure_drafted",
            EventBody::DisclosureRevised { .. } => "disclosure_revised",
            EventBody::DisclosureSigned { .. } => "disclosure_signed",
            EventBody::DisclosureSubmitted { .. } => "disclosure_submitted",
            EventBody::DisclosureApproved { .. } => "disclosure_approved",
            EventBody::DisclosureReturned { .. } => "disclosure_returned",
            EventBody::DisclosurePublished { .. } => "disclosure_published",
            EventBody::DisclosureArchived { .. } => "disclosure_archived",
            EventBody::DisclosureImported { .. } => "disclosure_imported",
            EventBody::BoxOpened { .. } => "box_opened",
            EventBody::OpinionReceived { .. } => "opinion_received",
            EventBody::OpinionRerouted { .. } => "opinion_rerouted",
            EventBody::OpinionPaused { .. } => "opinion_paused",
            EventBody::OpinionResumed { .. } => "opinion_resumed",
            EventBody::ComplaintVerified { .. } => "complaint_verified",
            EventBody::ReplyRecorded { .. } => "reply_recorded",
            EventBody::StatementDrafted { .. } => "statement_drafted",
            EventBody::StatementRevised { .. } => "statement_revised",
            EventBody::CheckRecorded { .. } => "check_recorded",
            EventBody::FindingResolved { .. } => "finding_resolved",
            EventBody::KeyRotated { .. } => "key_rotated",
            EventBody::SettingChanged { .. } => "setting_changed",
        }
    }
}

/// Time helper for events made from a local date and time.
pub fn at(d: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    d.and_hms_opt(h, m, 0).unwrap_or_default()
}
