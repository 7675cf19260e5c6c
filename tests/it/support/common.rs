#![allow(dead_code)]
//! Helpers shared by the integration tests: a temp database with an office
//! and one operator of each role.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use juwu::domain::workflow::{OpinionDraft, ReplyDraft};
use juwu::domain::*;
use juwu::store::Store;

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub store: Store,
}

pub fn t(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 2, 0, 0).unwrap()
}

/// 04:00 UTC (noon in Beijing) on `day`: the acts of a day are recorded on that day.
pub fn at(day: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(4, 0, 0).unwrap())
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn office(code: &str, parent: Option<&str>) -> Office {
    Office {
        code: OfficeCode::parse(code).unwrap(),
        name: format!("{code} 测试居委会"),
        level: Level::Community,
        parent: parent.map(|p| OfficeCode::parse(p).unwrap()),
        public_key: None,
    }
}

pub const CLERK: &str = "李文静";
pub const DIRECTOR: &str = "周建国";
pub const SECRETARY: &str = "陈红梅";
pub const FINANCE: &str = "赵会计";
pub const SUPERVISOR: &str = "孙监督";

impl Fixture {
    pub fn new() -> Fixture {
        Fixture::with_office("QH01")
    }

    pub fn with_office(code: &str) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(&dir.path().join("juwu.redb")).unwrap();
        store.init(office(code, Some("DC")), t(2026, 1, 5)).unwrap();
        store
            .execute(
                &Actor::System,
                &Command::RegisterOffice {
                    office: Office {
                        code: OfficeCode::parse("DC").unwrap(),
                        name: "东城街道办".into(),
                        level: Level::Street,
                        parent: None,
                        public_key: None,
                    },
                },
                t(2026, 1, 5),
            )
            .unwrap();
        for (n, r) in [
            (CLERK, Role::Clerk),
            (DIRECTOR, Role::Director),
            (SECRETARY, Role::Secretary),
            (FINANCE, Role::Finance),
            (SUPERVISOR, Role::Supervisor),
        ] {
            store
                .execute(
                    &Actor::System,
                    &Command::AddOperator {
                        name: n.into(),
                        role: r,
                        pin_hash: None,
                    },
                    t(2026, 1, 5),
                )
                .unwrap();
        }
        Fixture { dir, store }
    }

    pub fn actor(&self, name: &str) -> Actor {
        self.store.actor(name).unwrap()
    }

    pub fn exec(
        &self,
        who: &str,
        cmd: Command,
        now: DateTime<Utc>,
    ) -> Result<Vec<Envelope>, juwu::store::StoreError> {
        self.store.execute(&self.actor(who), &cmd, now)
    }

    /// Drafts an item and returns its id.
    pub fn draft(
        &self,
        title: &str,
        category: Category,
        scope: Scope,
        now: DateTime<Utc>,
    ) -> String {
        let ev = self
            .exec(
                CLERK,
                Command::Draft {
                    fields: fields(title, category, scope),
                    basis: Basis::Active,
                    request: None,
                },
                now,
            )
            .unwrap();
        match &ev[0].body {
            EventBody::DisclosureDrafted { id, .. } => id.clone(),
            other => panic!("unexpected {other:?}"),
        }
    }

    /// Drafts the finance statement of `period` (one grant line) and returns
    /// its id: a finance item discloses a period only with its statement.
    pub fn statement(&self, period: &str, now: DateTime<Utc>) -> String {
        let ev = self
            .exec(
                FINANCE,
                Command::DraftStatement {
                    period: Period::parse(period).unwrap(),
                    lines: vec![Line {
                        category: LineCategory::Grant,
                        description: "上级拨款".into(),
                        amount: juwu::domain::money::parse_amount("100").unwrap(),
                    }],
                    opening_balance: None,
                    supersedes: None,
                },
                now,
            )
            .unwrap();
        match &ev[0].body {
            EventBody::StatementDrafted { statement } => statement.id.clone(),
            other => panic!("unexpected {other:?}"),
        }
    }

    /// Takes a draft through signatures, review and publication.
    pub fn publish(&self, id: &str, on: NaiveDate) {
        for who in [SECRETARY, DIRECTOR, FINANCE] {
            self.exec(who, Command::Sign { id: id.into() }, t(2026, 3, 2))
                .unwrap();
        }
        self.exec(
            CLERK,
            Command::Submit {
                id: id.into(),
                on: on - chrono::Duration::days(10),
                planned_on: Some(on),
            },
            at(on - chrono::Duration::days(10)),
        )
        .unwrap();
        self.exec(
            SUPERVISOR,
            Command::Approve {
                id: id.into(),
                note: "同意".into(),
            },
            at(on - chrono::Duration::days(9)),
        )
        .unwrap();
        self.exec(
            CLERK,
            Command::Publish {
                id: id.into(),
                on,
                forms: None,
                seal: "居委会公章".into(),
            },
            at(on),
        )
        .unwrap();
    }

    pub fn log(&self, kind: OpinionKind, at: NaiveDate, about: Option<&str>) -> String {
        let ev = self
            .exec(
                CLERK,
                Command::LogOpinion {
                    draft: OpinionDraft {
                        received_at: at.and_hms_opt(9, 30, 0).unwrap(),
                        channel: Channel::InPerson,
                        from: Some(Resident {
                            name: "居民甲".into(),
                            contact: None,
                            address: Some("3号楼".into()),
                        }),
                        kind,
                        about: about.map(String::from),
                        text: "想了解一下".into(),
                        routed_to: None,
                        box_opening: None,
                    },
                    on_the_spot: None,
                },
                Utc.from_utc_datetime(&at.and_hms_opt(2, 0, 0).unwrap()),
            )
            .unwrap();
        match &ev[0].body {
            EventBody::OpinionReceived { opinion } => opinion.id.clone(),
            other => panic!("unexpected {other:?}"),
        }
    }
}

pub fn fields(title: &str, category: Category, scope: Scope) -> DraftFields {
    DraftFields {
        title: title.into(),
        body: "内容 content".into(),
        period: None,
        category,
        scope,
        forms: vec![Form::Board, Form::TouchScreen],
        major: false,
        planned_on: None,
        statement: None,
    }
}

pub fn reply(on: NaiveDate, outcome: Outcome) -> ReplyDraft {
    ReplyDraft {
        replied_on: on,
        form: ReplyForm::Written,
        text: "已书面答复".into(),
        outcome,
        correction: None,
        referred_to: None,
        public: false,
    }
}
