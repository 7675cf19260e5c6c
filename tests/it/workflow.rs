//! The disclosure workflow, opinions and replies, finance and checks,
//! through the public store API: each transition and each refusal.

use crate::support::common;

use chrono::{TimeZone, Utc};
use common::*;
use juwu::domain::money::parse_amount;
use juwu::domain::workflow::ReplyDraft;
use juwu::domain::*;
use juwu::store::StoreError;

fn status(f: &Fixture, id: &str) -> Status {
    f.store
        .read()
        .unwrap()
        .disclosure(id)
        .unwrap()
        .unwrap()
        .status
}

fn refused(r: Result<Vec<Envelope>, StoreError>) -> String {
    match r {
        Err(StoreError::Domain(e)) => e.to_string(),
        Err(e) => panic!("expected a domain refusal, got {e}"),
        Ok(_) => panic!("expected a refusal"),
    }
}

#[test]
fn full_workflow_draft_to_archive() {
    let f = Fixture::new();
    let id = f.draft(
        "2026年第一季度工作计划",
        Category::Government,
        Scope::Public,
        t(2026, 3, 1),
    );
    assert_eq!(id, "QH01-2026-0001");
    assert_eq!(status(&f, &id), Status::Draft);
    f.exec(SECRETARY, Command::Sign { id: id.clone() }, t(2026, 3, 2))
        .unwrap();
    f.exec(DIRECTOR, Command::Sign { id: id.clone() }, t(2026, 3, 2))
        .unwrap();
    assert_eq!(status(&f, &id), Status::Draft, "two of three signatures");
    f.exec(FINANCE, Command::Sign { id: id.clone() }, t(2026, 3, 2))
        .unwrap();
    assert_eq!(status(&f, &id), Status::Signed);
    f.exec(
        CLERK,
        Command::Submit {
            id: id.clone(),
            on: d(2026, 3, 2),
            planned_on: Some(d(2026, 3, 10)),
        },
        t(2026, 3, 2),
    )
    .unwrap();
    assert_eq!(status(&f, &id), Status::InReview);
    f.exec(
        SUPERVISOR,
        Command::Approve {
            id: id.clone(),
            note: "ok".into(),
        },
        t(2026, 3, 3),
    )
    .unwrap();
    assert_eq!(status(&f, &id), Status::Approved);
    f.exec(
        CLERK,
        Command::Publish {
            id: id.clone(),
            on: d(2026, 3, 10),
            forms: None,
            seal: "公章".into(),
        },
        t(2026, 3, 10),
    )
    .unwrap();
    let dd = f.store.read().unwrap().disclosure(&id).unwrap().unwrap();
    assert_eq!(dd.status, Status::Published);
    assert_eq!(dd.posting_until(10), Some(d(2026, 3, 20)));
    assert!(
        !dd.late_submission(&Calendar::builtin(), 5),
        "6 working days ahead is on time"
    );
    f.exec(
        CLERK,
        Command::Archive {
            id: id.clone(),
            on: d(2026, 6, 1),
        },
        t(2026, 6, 1),
    )
    .unwrap();
    assert_eq!(status(&f, &id), Status::Archived);
}

#[test]
fn late_submission_is_allowed_but_flagged() {
    let f = Fixture::new();
    let id = f.draft("x", Category::Service, Scope::Public, t(2026, 3, 1));
    for w in [SECRETARY, DIRECTOR, FINANCE] {
        f.exec(w, Command::Sign { id: id.clone() }, t(2026, 3, 2))
            .unwrap();
    }
    // Thursday 03-05 to Tuesday 03-10: 3 working days.
    f.exec(
        CLERK,
        Command::Submit {
            id: id.clone(),
            on: d(2026, 3, 5),
            planned_on: Some(d(2026, 3, 10)),
        },
        t(2026, 3, 5),
    )
    .unwrap();
    let dd = f.store.read().unwrap().disclosure(&id).unwrap().unwrap();
    assert!(dd.late_submission(&Calendar::builtin(), 5));
}

#[test]
fn return_clears_signatures_and_revision_needs_new_ones() {
    let f = Fixture::new();
    let id = f.draft("x", Category::Party, Scope::Residents, t(2026, 3, 1));
    for w in [SECRETARY, DIRECTOR, FINANCE] {
        f.exec(w, Command::Sign { id: id.clone() }, t(2026, 3, 2))
            .unwrap();
    }
    f.exec(
        CLERK,
        Command::Submit {
            id: id.clone(),
            on: d(2026, 3, 2),
            planned_on: Some(d(2026, 3, 12)),
        },
        t(2026, 3, 2),
    )
    .unwrap();
    let e = refused(f.exec(
        SUPERVISOR,
        Command::Return {
            id: id.clone(),
            amendments: " ".into(),
        },
        t(2026, 3, 3),
    ));
    assert!(e.contains("amendments"), "{e}");
    f.exec(
        SUPERVISOR,
        Command::Return {
            id: id.clone(),
            amendments: "补充支出明细".into(),
        },
        t(2026, 3, 3),
    )
    .unwrap();
    let dd = f.store.read().unwrap().disclosure(&id).unwrap().unwrap();
    assert_eq!(dd.status, Status::Returned);
    assert!(dd.signatures.is_empty());
    assert_eq!(dd.reviews.last().unwrap().note, "补充支出明细");
    let e = refused(f.exec(
        CLERK,
        Command::Submit {
            id: id.clone(),
            on: d(2026, 3, 4),
            planned_on: None,
        },
        t(2026, 3, 4),
    ));
    assert!(e.contains("signature"), "{e}");
    // Signing, then revising, clears the signatures again.
    f.exec(SECRETARY, Command::Sign { id: id.clone() }, t(2026, 3, 4))
        .unwrap();
    f.exec(
        CLERK,
        Command::Revise {
            id: id.clone(),
            fields: fields("x 修订", Category::Party, Scope::Residents),
        },
        t(2026, 3, 4),
    )
    .unwrap();
    let dd = f.store.read().unwrap().disclosure(&id).unwrap().unwrap();
    assert!(dd.signatures.is_empty());
    assert_eq!(dd.revision, 2);
    assert_eq!(dd.status, Status::Draft);
}

#[test]
fn refusals_name_what_is_wrong() {
    let f = Fixture::new();
    let id = f.draft("x", Category::Government, Scope::Public, t(2026, 3, 1));
    // A clerk cannot record a review, a supervisor cannot draft or sign.
    let e = refused(f.exec(
        CLERK,
        Command::Approve {
            id: id.clone(),
            note: String::new(),
        },
        t(2026, 3, 2),
    ));
    assert!(e.contains("clerk may not record a review"), "{e}");
    let e = refused(f.exec(SUPERVISOR, Command::Sign { id: id.clone() }, t(2026, 3, 2)));
    assert!(e.contains("supervisor may not sign"), "{e}");
    let e = refused(f.exec(CLERK, Command::Sign { id: id.clone() }, t(2026, 3, 2)));
    assert!(e.contains("clerk may not sign"), "{e}");
    let e = refused(f.exec(
        FINANCE,
        Command::Publish {
            id: id.clone(),
            on: d(2026, 3, 2),
            forms: None,
            seal: "x".into(),
        },
        t(2026, 3, 2),
    ));
    assert!(e.contains("finance may not publish"), "{e}");
    // Twice the same signature.
    f.exec(DIRECTOR, Command::Sign { id: id.clone() }, t(2026, 3, 2))
        .unwrap();
    let e = refused(f.exec(DIRECTOR, Command::Sign { id: id.clone() }, t(2026, 3, 2)));
    assert!(e.contains("already signed by the director"), "{e}");
    // Publishing a draft.
    let e = refused(f.exec(
        CLERK,
        Command::Publish {
            id: id.clone(),
            on: d(2026, 3, 2),
            forms: None,
            seal: "x".into(),
        },
        t(2026, 3, 2),
    ));
    assert!(e.contains("cannot publish") && e.contains("draft"), "{e}");
    // An empty title and an over-long body.
    let e = refused(f.exec(
        CLERK,
        Command::Draft {
            fields: fields("  ", Category::Other, Scope::Public),
            basis: Basis::Active,
            request: None,
        },
        t(2026, 3, 2),
    ));
    assert!(e.contains("title must not be empty"), "{e}");
    let mut big = fields("big", Category::Other, Scope::Public);
    big.body = "字".repeat(30_000);
    let e = refused(f.exec(
        CLERK,
        Command::Draft {
            fields: big,
            basis: Basis::Active,
            request: None,
        },
        t(2026, 3, 2),
    ));
    assert!(e.contains("too long"), "{e}");
    // The system actor may administer but not act on registers.
    let e = f
        .store
        .execute(
            &Actor::System,
            &Command::Sign { id: id.clone() },
            t(2026, 3, 2),
        )
        .unwrap_err()
        .to_string();
    assert!(e.contains("operator"), "{e}");
    // Unknown records.
    let e = refused(f.exec(
        CLERK,
        Command::Archive {
            id: "QH01-2026-0999".into(),
            on: d(2026, 3, 2),
        },
        t(2026, 3, 2),
    ));
    assert!(e.contains("no disclosure 'QH01-2026-0999'"), "{e}");
}

#[test]
fn published_items_are_never_edited_only_corrected() {
    let f = Fixture::new();
    let id = f.draft(
        "2026年2月财务公开",
        Category::Finance,
        Scope::Public,
        t(2026, 3, 1),
    );
    f.publish(&id, d(2026, 3, 10));
    let e = refused(f.exec(
        CLERK,
        Command::Revise {
            id: id.clone(),
            fields: fields("改", Category::Finance, Scope::Public),
        },
        t(2026, 3, 11),
    ));
    assert!(e.contains("published") && e.contains("correction"), "{e}");
    let e = refused(f.exec(
        CLERK,
        Command::Correct {
            id: id.clone(),
            fields: fields("更正", Category::Finance, Scope::Public),
            explanation: "".into(),
        },
        t(2026, 3, 12),
    ));
    assert!(e.contains("explanation"), "{e}");
    let ev = f
        .exec(
            CLERK,
            Command::Correct {
                id: id.clone(),
                fields: fields(
                    "2026年2月财务公开（更正）",
                    Category::Finance,
                    Scope::Public,
                ),
                explanation: "漏列一笔支出".into(),
            },
            t(2026, 3, 12),
        )
        .unwrap();
    let EventBody::DisclosureDrafted {
        id: cid,
        supersedes,
        ..
    } = &ev[0].body
    else {
        panic!()
    };
    assert_eq!(supersedes.as_deref(), Some(id.as_str()));
    // Until the correction is published the old one stays in force.
    assert_eq!(status(&f, &id), Status::Published);
    f.publish(cid, d(2026, 3, 20));
    let r = f.store.read().unwrap();
    let old = r.disclosure(&id).unwrap().unwrap();
    assert_eq!(old.status, Status::Superseded);
    assert_eq!(old.superseded_by.as_deref(), Some(cid.as_str()));
    assert_eq!(
        old.fields.title, "2026年2月财务公开",
        "old version stays readable"
    );
    let chain: Vec<String> = r
        .version_chain(cid)
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(chain, vec![id.clone(), cid.clone()]);
    drop(r);
    // A superseded item cannot be corrected again.
    let e = refused(f.exec(
        CLERK,
        Command::Correct {
            id: id.clone(),
            fields: fields("x", Category::Finance, Scope::Public),
            explanation: "x".into(),
        },
        t(2026, 3, 21),
    ));
    assert!(e.contains("cannot correct"), "{e}");
}

#[test]
fn opinion_due_date_pauses_and_overdue() {
    let f = Fixture::new();
    let cal = Calendar::builtin();
    // Received Wednesday 2026-09-30: due 2026-10-20 (National Day in between).
    let id = f.log(OpinionKind::Question, d(2026, 9, 30), None);
    assert_eq!(id, "QH01-YJ2026-0001");
    let r = f.store.read().unwrap();
    let st = r
        .opinion_state(r.opinion(&id).unwrap().unwrap(), &cal, d(2026, 10, 9))
        .unwrap();
    assert_eq!(st.due_on, d(2026, 10, 20));
    assert_eq!(st.status, OpinionStatus::Open);
    let st = r
        .opinion_state(r.opinion(&id).unwrap().unwrap(), &cal, d(2026, 10, 22))
        .unwrap();
    assert_eq!(st.status, OpinionStatus::Overdue);
    assert_eq!(st.days_late, 2);
    drop(r);
    // Pause 10-12 (Mon) .. 10-14 (Wed): 2 working days added.
    f.exec(
        CLERK,
        Command::Pause {
            id: id.clone(),
            on: d(2026, 10, 12),
            reason: "请居民补充楼号".into(),
        },
        t(2026, 10, 12),
    )
    .unwrap();
    let r = f.store.read().unwrap();
    let st = r
        .opinion_state(r.opinion(&id).unwrap().unwrap(), &cal, d(2026, 10, 13))
        .unwrap();
    assert_eq!(st.status, OpinionStatus::Paused);
    drop(r);
    f.exec(
        CLERK,
        Command::Resume {
            id: id.clone(),
            on: d(2026, 10, 14),
        },
        t(2026, 10, 14),
    )
    .unwrap();
    let r = f.store.read().unwrap();
    let st = r
        .opinion_state(r.opinion(&id).unwrap().unwrap(), &cal, d(2026, 10, 21))
        .unwrap();
    assert_eq!(st.due_on, d(2026, 10, 22));
    assert_eq!(st.status, OpinionStatus::Open);
    drop(r);
    f.exec(
        DIRECTOR,
        Command::Reply {
            opinion: id.clone(),
            draft: reply(d(2026, 10, 21), Outcome::Explained),
            granted: None,
        },
        t(2026, 10, 21),
    )
    .unwrap();
    let r = f.store.read().unwrap();
    let st = r
        .opinion_state(r.opinion(&id).unwrap().unwrap(), &cal, d(2026, 11, 29))
        .unwrap();
    assert_eq!(st.status, OpinionStatus::Answered);
    assert!(st.days_late < 0, "answered on time: {}", st.days_late);
    assert!(r.open_opinion_ids().unwrap().is_empty());
}

#[test]
fn on_the_spot_reply_and_routing() {
    let f = Fixture::new();
    let log = |on_the_spot: Option<ReplyDraft>| {
        f.exec(
            CLERK,
            Command::LogOpinion {
                draft: juwu::domain::workflow::OpinionDraft {
                    received_at: d(2026, 5, 6).and_hms_opt(10, 0, 0).unwrap(),
                    channel: Channel::Phone,
                    from: None,
                    kind: OpinionKind::ComplaintUntrue,
                    about: None,
                    text: "公示的金额不对".into(),
                    routed_to: None,
                    box_opening: None,
                },
                on_the_spot,
            },
            t(2026, 5, 6),
        )
    };
    // A complaint is verified by the supervision team before it is
    // answered: the clerk cannot close it on the spot.
    let e = refused(log(Some(ReplyDraft {
        form: ReplyForm::OnTheSpot,
        ..reply(d(2026, 5, 6), Outcome::Explained)
    })));
    assert!(e.contains("verifies it before it is answered"), "{e}");
    let ev = log(None).unwrap();
    assert_eq!(ev.len(), 1);
    let EventBody::OpinionReceived { opinion } = &ev[0].body else {
        panic!()
    };
    assert_eq!(
        opinion.routed_to,
        RouteTo::SupervisionTeam,
        "complaints go to the supervision team"
    );
    assert!(opinion.from.is_none());
    // Verification: supervisors only, once.
    let e = refused(f.exec(
        CLERK,
        Command::VerifyComplaint {
            id: opinion.id.clone(),
            holds: true,
            on: d(2026, 5, 7),
            note: "x".into(),
        },
        t(2026, 5, 7),
    ));
    assert!(e.contains("clerk may not verify"), "{e}");
    let answer = |who: &str, outcome: Outcome, on: u32| {
        f.exec(
            who,
            Command::Reply {
                opinion: opinion.id.clone(),
                draft: reply(d(2026, 5, on), outcome),
                granted: None,
            },
            t(2026, 5, on),
        )
    };
    let e = refused(answer(CLERK, Outcome::Explained, 7));
    assert!(e.contains("verifies it before it is answered"), "{e}");
    f.exec(
        SUPERVISOR,
        Command::VerifyComplaint {
            id: opinion.id.clone(),
            holds: false,
            on: d(2026, 5, 7),
            note: "核实无误".into(),
        },
        t(2026, 5, 7),
    )
    .unwrap();
    let e = refused(f.exec(
        SUPERVISOR,
        Command::VerifyComplaint {
            id: opinion.id.clone(),
            holds: true,
            on: d(2026, 5, 8),
            note: "x".into(),
        },
        t(2026, 5, 8),
    ));
    assert!(e.contains("already been verified"), "{e}");
    // Found not to hold: now it can be answered with an explanation.
    answer(CLERK, Outcome::Explained, 8).unwrap();
}

/// A complaint found to hold is answered only with a published correction,
/// and the Today screen's query lists it as a correction due until then.
#[test]
fn a_complaint_that_holds_needs_a_published_correction() {
    let f = Fixture::new();
    let item = f.draft(
        "停车费收支",
        Category::Finance,
        Scope::Public,
        t(2026, 3, 1),
    );
    f.publish(&item, d(2026, 3, 20));
    let op = f.log(OpinionKind::ComplaintUntrue, d(2026, 4, 1), Some(&item));
    f.exec(
        SUPERVISOR,
        Command::VerifyComplaint {
            id: op.clone(),
            holds: true,
            on: d(2026, 4, 2),
            note: "属实".into(),
        },
        t(2026, 4, 2),
    )
    .unwrap();
    let due = f.store.read().unwrap().corrections_due().unwrap();
    assert_eq!(
        due.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(),
        [op.as_str()]
    );
    let answer = |outcome: Outcome, correction: Option<&str>| {
        f.exec(
            CLERK,
            Command::Reply {
                opinion: op.clone(),
                draft: ReplyDraft {
                    correction: correction.map(String::from),
                    ..reply(d(2026, 4, 10), outcome)
                },
                granted: None,
            },
            t(2026, 4, 10),
        )
    };
    let e = refused(answer(Outcome::Explained, None));
    assert!(e.contains("found to hold"), "{e}");
    let ev = f
        .exec(
            CLERK,
            Command::Correct {
                id: item.clone(),
                fields: fields("停车费收支（更正）", Category::Finance, Scope::Public),
                explanation: "金额有误".into(),
            },
            t(2026, 4, 3),
        )
        .unwrap();
    let EventBody::DisclosureDrafted { id: fix, .. } = &ev[0].body else {
        panic!()
    };
    let e = refused(answer(Outcome::Corrected, Some(fix)));
    assert!(e.contains("not published yet"), "{e}");
    f.publish(fix, d(2026, 4, 9));
    answer(Outcome::Corrected, Some(fix)).unwrap();
    assert!(
        f.store
            .read()
            .unwrap()
            .corrections_due()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn disclosure_request_granted_and_declined() {
    let f = Fixture::new();
    let a = f.log(OpinionKind::DisclosureRequest, d(2026, 4, 1), None);
    let b = f.log(OpinionKind::DisclosureRequest, d(2026, 4, 2), None);
    let q = f.log(OpinionKind::Question, d(2026, 4, 2), None);
    let e = refused(f.exec(
        DIRECTOR,
        Command::Reply {
            opinion: a.clone(),
            draft: reply(d(2026, 4, 3), Outcome::Granted),
            granted: None,
        },
        t(2026, 4, 3),
    ));
    assert!(e.contains("title"), "{e}");
    let ev = f
        .exec(
            DIRECTOR,
            Command::Reply {
                opinion: a.clone(),
                draft: reply(d(2026, 4, 3), Outcome::Granted),
                granted: Some(fields(
                    "小区停车费收支情况",
                    Category::Finance,
                    Scope::Residents,
                )),
            },
            t(2026, 4, 3),
        )
        .unwrap();
    let EventBody::DisclosureDrafted {
        id: item,
        basis,
        request,
        ..
    } = &ev[0].body
    else {
        panic!()
    };
    assert_eq!(*basis, Basis::OnApplication);
    assert_eq!(request.as_deref(), Some(a.as_str()));
    let EventBody::ReplyRecorded { reply: rr } = &ev[1].body else {
        panic!()
    };
    assert_eq!(rr.granted_item.as_deref(), Some(item.as_str()));
    f.exec(
        DIRECTOR,
        Command::Reply {
            opinion: b.clone(),
            draft: reply(d(2026, 4, 3), Outcome::Declined),
            granted: None,
        },
        t(2026, 4, 3),
    )
    .unwrap();
    let e = refused(f.exec(
        DIRECTOR,
        Command::Reply {
            opinion: q.clone(),
            draft: reply(d(2026, 4, 3), Outcome::Declined),
            granted: None,
        },
        t(2026, 4, 3),
    ));
    assert!(e.contains("disclosure request"), "{e}");
    // Referred goes to the parent office by default.
    let ev = f
        .exec(
            DIRECTOR,
            Command::Reply {
                opinion: q.clone(),
                draft: reply(d(2026, 4, 3), Outcome::Referred),
                granted: None,
            },
            t(2026, 4, 3),
        )
        .unwrap();
    let EventBody::ReplyRecorded { reply: rr } = &ev[0].body else {
        panic!()
    };
    assert_eq!(rr.referred_to.as_ref().map(|c| c.as_str()), Some("DC"));
    // Replying before receipt is refused.
    let e = refused(f.exec(
        DIRECTOR,
        Command::Reply {
            opinion: q.clone(),
            draft: reply(d(2026, 3, 1), Outcome::Explained),
            granted: None,
        },
        t(2026, 4, 3),
    ));
    assert!(e.contains("before the opinion was received"), "{e}");
}

#[test]
fn suggestion_box_session_counts_slips() {
    let f = Fixture::new();
    let e = refused(f.exec(
        CLERK,
        Command::OpenBox {
            opened_on: d(2026, 6, 1),
            witnesses: vec!["李文静".into()],
            slips: 2,
        },
        t(2026, 6, 1),
    ));
    assert!(e.contains("two people"), "{e}");
    let ev = f
        .exec(
            CLERK,
            Command::OpenBox {
                opened_on: d(2026, 6, 1),
                witnesses: vec!["李文静".into(), "孙监督".into()],
                slips: 1,
            },
            t(2026, 6, 1),
        )
        .unwrap();
    let EventBody::BoxOpened { opening } = &ev[0].body else {
        panic!()
    };
    let slip = |n: u32| Command::LogOpinion {
        draft: juwu::domain::workflow::OpinionDraft {
            received_at: d(2026, 6, 1).and_hms_opt(9, n, 0).unwrap(),
            channel: Channel::SuggestionBox,
            from: None,
            kind: OpinionKind::Suggestion,
            about: None,
            text: format!("slip {n}"),
            routed_to: None,
            box_opening: Some(opening.id.clone()),
        },
        on_the_spot: None,
    };
    f.exec(CLERK, slip(1), t(2026, 6, 1)).unwrap();
    let e = refused(f.exec(CLERK, slip(2), t(2026, 6, 1)));
    assert!(e.contains("already logged"), "{e}");
    assert_eq!(
        f.store
            .read()
            .unwrap()
            .box_slips(&opening.id)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn finance_totals_carry_forward_and_lock_on_publication() {
    let f = Fixture::new();
    let line = |c: LineCategory, a: &str| Line {
        category: c,
        description: "x".into(),
        amount: parse_amount(a).unwrap(),
    };
    let e = refused(f.exec(
        CLERK,
        Command::DraftStatement {
            period: Period::parse("2026-01").unwrap(),
            lines: vec![],
            opening_balance: None,
            supersedes: None,
        },
        t(2026, 2, 1),
    ));
    assert!(e.contains("clerk may not prepare"), "{e}");
    let ev = f
        .exec(
            FINANCE,
            Command::DraftStatement {
                period: Period::parse("2026-01").unwrap(),
                lines: vec![
                    line(LineCategory::Grant, "50000.00"),
                    line(LineCategory::Wages, "12000.50"),
                    line(LineCategory::Telephone, "199.99"),
                ],
                opening_balance: Some(parse_amount("10000").unwrap()),
                supersedes: None,
            },
            t(2026, 2, 2),
        )
        .unwrap();
    let EventBody::StatementDrafted { statement: s1 } = &ev[0].body else {
        panic!()
    };
    let ev = f
        .exec(
            FINANCE,
            Command::DraftStatement {
                period: Period::parse("2026-02").unwrap(),
                lines: vec![
                    line(LineCategory::Donation, "300"),
                    line(LineCategory::Relief, "800.01"),
                ],
                opening_balance: None,
                supersedes: None,
            },
            t(2026, 3, 2),
        )
        .unwrap();
    let EventBody::StatementDrafted { statement: s2 } = &ev[0].body else {
        panic!()
    };
    let views = f
        .store
        .read()
        .unwrap()
        .statement_views(&OfficeCode::parse("QH01").unwrap())
        .unwrap();
    assert_eq!(views[0].totals.closing.to_string(), "47799.51");
    assert_eq!(views[1].totals.carried_forward.to_string(), "47799.51");
    assert_eq!(views[1].totals.income.to_string(), "300.00");
    assert_eq!(views[1].totals.expenditure.to_string(), "800.01");
    assert_eq!(views[1].totals.closing.to_string(), "47299.50");
    // Disclose January; then its lines can no longer be revised.
    let mut fl = fields("2026年1月财务收支", Category::Finance, Scope::Public);
    fl.statement = Some(s1.id.clone());
    let ev = f
        .exec(
            CLERK,
            Command::Draft {
                fields: fl,
                basis: Basis::Statutory,
                request: None,
            },
            t(2026, 2, 3),
        )
        .unwrap();
    let EventBody::DisclosureDrafted { id, .. } = &ev[0].body else {
        panic!()
    };
    f.exec(
        FINANCE,
        Command::ReviseStatement {
            id: s1.id.clone(),
            lines: vec![line(LineCategory::Grant, "50000.00")],
            opening_balance: Some(parse_amount("10000").unwrap()),
        },
        t(2026, 2, 4),
    )
    .unwrap();
    f.publish(id, d(2026, 2, 10));
    let e = refused(f.exec(
        FINANCE,
        Command::ReviseStatement {
            id: s1.id.clone(),
            lines: vec![],
            opening_balance: None,
        },
        t(2026, 2, 11),
    ));
    assert!(e.contains("published"), "{e}");
    f.exec(
        FINANCE,
        Command::ReviseStatement {
            id: s2.id.clone(),
            lines: vec![],
            opening_balance: None,
        },
        t(2026, 3, 3),
    )
    .unwrap();
    let views = f
        .store
        .read()
        .unwrap()
        .statement_views(&OfficeCode::parse("QH01").unwrap())
        .unwrap();
    assert_eq!(views[1].totals.carried_forward.to_string(), "60000.00");
    assert_eq!(views[1].totals.closing.to_string(), "60000.00");
}

#[test]
fn supervision_check_findings_resolve_once() {
    let f = Fixture::new();
    let finding = |n: u32| Finding {
        n,
        failing: Some(Failing::NotTimely),
        about: None,
        description: "9月财务公开晚于10日".into(),
        correction_required: "按时公开".into(),
        deadline: d(2026, 11, 30),
    };
    let cmd = |findings: Vec<Finding>| Command::RecordCheck {
        target: None,
        period: Period::parse("2026-Q3").unwrap(),
        checked_on: d(2026, 10, 15),
        members: vec![SUPERVISOR.into()],
        aspects: vec![AspectResult {
            aspect: Aspect::Timeliness,
            ok: false,
            note: "一项迟延".into(),
        }],
        findings,
        summary: "总体良好".into(),
    };
    let e = refused(f.exec(DIRECTOR, cmd(vec![finding(1)]), t(2026, 10, 15)));
    assert!(
        e.contains("director may not record a supervision check"),
        "{e}"
    );
    let e = refused(f.exec(SUPERVISOR, cmd(vec![finding(2)]), t(2026, 10, 15)));
    assert!(e.contains("numbered"), "{e}");
    let ev = f
        .exec(
            SUPERVISOR,
            cmd(vec![finding(1), finding(2)]),
            t(2026, 10, 15),
        )
        .unwrap();
    let EventBody::CheckRecorded { check } = &ev[0].body else {
        panic!()
    };
    assert_eq!(check.id, "QH01-JC2026-0001");
    f.exec(
        DIRECTOR,
        Command::ResolveFinding {
            check: check.id.clone(),
            finding: 1,
            on: d(2026, 10, 20),
            note: "已整改".into(),
        },
        t(2026, 10, 20),
    )
    .unwrap();
    let e = refused(f.exec(
        DIRECTOR,
        Command::ResolveFinding {
            check: check.id.clone(),
            finding: 1,
            on: d(2026, 10, 21),
            note: "x".into(),
        },
        t(2026, 10, 21),
    ));
    assert!(e.contains("already resolved"), "{e}");
    let e = refused(f.exec(
        DIRECTOR,
        Command::ResolveFinding {
            check: check.id.clone(),
            finding: 9,
            on: d(2026, 10, 21),
            note: "x".into(),
        },
        t(2026, 10, 21),
    ));
    assert!(e.contains("no finding"), "{e}");
    let r = f.store.read().unwrap();
    assert!(r.resolution(&check.id, 1).unwrap().is_some());
    assert!(r.resolution(&check.id, 2).unwrap().is_none());
}

#[test]
fn operators_are_unique_and_inactive_ones_cannot_act() {
    let f = Fixture::new();
    let e = f
        .store
        .execute(
            &Actor::System,
            &Command::AddOperator {
                name: CLERK.into(),
                role: Role::Clerk,
                pin_hash: None,
            },
            t(2026, 1, 6),
        )
        .unwrap_err()
        .to_string();
    assert!(e.contains("already exists"), "{e}");
    f.store
        .execute(
            &Actor::System,
            &Command::ChangeOperator {
                name: CLERK.into(),
                role: Role::Clerk,
                pin_hash: None,
                active: false,
            },
            t(2026, 1, 6),
        )
        .unwrap();
    assert!(matches!(
        f.store.actor(CLERK),
        Err(StoreError::InactiveOperator(_))
    ));
    assert!(matches!(
        f.store.actor("nobody"),
        Err(StoreError::UnknownOperator(_))
    ));
}

/// A correction of a published statement changes nothing until it is
/// published through its finance item; then the old statement is
/// superseded, and the figures of every published statement stay as
/// they were published (the carried-forward is frozen at publication).
#[test]
fn statement_correction_changes_nothing_until_published() {
    let f = Fixture::new();
    let qh01 = OfficeCode::parse("QH01").unwrap();
    let line = |c: LineCategory, a: &str| Line {
        category: c,
        description: "x".into(),
        amount: parse_amount(a).unwrap(),
    };
    let statement =
        |period: &str, amount: &str, opening: Option<&str>, supersedes: Option<&str>| {
            let ev = f
                .exec(
                    FINANCE,
                    Command::DraftStatement {
                        period: Period::parse(period).unwrap(),
                        lines: vec![line(LineCategory::Grant, amount)],
                        opening_balance: opening.map(|o| parse_amount(o).unwrap()),
                        supersedes: supersedes.map(String::from),
                    },
                    t(2026, 3, 1),
                )
                .unwrap();
            let EventBody::StatementDrafted { statement } = &ev[0].body else {
                panic!()
            };
            statement.id.clone()
        };
    let disclose = |sid: &str, on: chrono::NaiveDate| {
        let mut fl = fields("财务收支", Category::Finance, Scope::Public);
        fl.statement = Some(sid.into());
        let ev = f
            .exec(
                CLERK,
                Command::Draft {
                    fields: fl,
                    basis: Basis::Statutory,
                    request: None,
                },
                t(2026, 3, 1),
            )
            .unwrap();
        let EventBody::DisclosureDrafted { id, .. } = &ev[0].body else {
            panic!()
        };
        f.publish(id, on);
        id.clone()
    };
    let jan = statement("2026-01", "100.00", Some("1000"), None);
    let feb = statement("2026-02", "200.00", None, None);
    let mar = statement("2026-03", "300.00", None, None);
    disclose(&jan, d(2026, 3, 20));
    let feb_item = disclose(&feb, d(2026, 3, 21));
    disclose(&mar, d(2026, 3, 22));
    let figures = |id: &str| {
        let v = f.store.read().unwrap().statement_views(&qh01).unwrap();
        let v = v.into_iter().find(|v| v.statement.id == id).unwrap();
        (
            v.totals.carried_forward.to_string(),
            v.totals.closing.to_string(),
            v.statement.superseded_by,
        )
    };
    let published_mar = ("1300.00".to_string(), "1600.00".to_string(), None);
    assert_eq!(figures(&mar), published_mar);

    // A draft correction of February: nothing published changes.
    let fix = statement("2026-02", "150.00", None, Some(&feb));
    assert_eq!(figures(&feb), ("1100.00".into(), "1300.00".into(), None));
    assert_eq!(figures(&mar), published_mar);
    assert_eq!(figures(&fix), ("1100.00".into(), "1250.00".into(), None));

    // Published through a correction of February's item: February is
    // superseded, March keeps the figures it was published with.
    let mut fl = fields("财务收支（更正）", Category::Finance, Scope::Public);
    fl.statement = Some(fix.clone());
    let ev = f
        .exec(
            CLERK,
            Command::Correct {
                id: feb_item.clone(),
                fields: fl,
                explanation: "补助金额有误".into(),
            },
            t(2026, 3, 25),
        )
        .unwrap();
    let EventBody::DisclosureDrafted { id: fix_item, .. } = &ev[0].body else {
        panic!()
    };
    f.publish(fix_item, d(2026, 3, 26));
    assert_eq!(figures(&feb).2, Some(fix.clone()));
    assert_eq!(figures(&mar), published_mar);
    assert_eq!(figures(&fix), ("1100.00".into(), "1250.00".into(), None));
    // A rebuild from the logs gives the same figures.
    f.store.verify(true).unwrap();
    assert_eq!(figures(&mar), published_mar);
    assert_eq!(figures(&feb).2, Some(fix));
}

/// Acts that record something that happened cannot be dated after today
/// (the register's day, Beijing time); planned dates can.
#[test]
fn acts_cannot_be_dated_in_the_future() {
    let f = Fixture::new();
    let id = f.draft("通知", Category::Service, Scope::Public, t(2026, 11, 1));
    for who in [SECRETARY, DIRECTOR, FINANCE] {
        f.exec(who, Command::Sign { id: id.clone() }, t(2026, 11, 1))
            .unwrap();
    }
    // 2026-11-29 10:00 UTC is 18:00 in Beijing: the 30th is tomorrow.
    let now = Utc.with_ymd_and_hms(2026, 11, 29, 10, 0, 0).unwrap();
    let submit = |on| Command::Submit {
        id: id.clone(),
        on,
        planned_on: Some(d(2026, 12, 15)),
    };
    let e = refused(f.exec(CLERK, submit(d(2026, 11, 30)), now));
    assert!(e.contains("after today (2026-11-29)"), "{e}");
    // 2026-11-29 17:00 UTC is already the 30th in Beijing.
    let later = Utc.with_ymd_and_hms(2026, 11, 29, 17, 0, 0).unwrap();
    f.exec(CLERK, submit(d(2026, 11, 30)), later).unwrap();
    // Replies, pauses and resumptions likewise.
    let op = f.log(OpinionKind::Question, d(2026, 11, 20), None);
    let e = refused(f.exec(
        CLERK,
        Command::Reply {
            opinion: op.clone(),
            draft: reply(d(2026, 12, 1), Outcome::Explained),
            granted: None,
        },
        now,
    ));
    assert!(e.contains("reply date 2026-12-01 is after today"), "{e}");
    f.exec(
        CLERK,
        Command::Pause {
            id: op.clone(),
            on: d(2026, 11, 25),
            reason: "请居民补充材料".into(),
        },
        now,
    )
    .unwrap();
    let e = refused(f.exec(
        CLERK,
        Command::Resume {
            id: op.clone(),
            on: d(2026, 11, 30),
        },
        now,
    ));
    assert!(e.contains("after today"), "{e}");
    let Err(StoreError::Domain(err)) = f.exec(
        CLERK,
        Command::Resume {
            id: op,
            on: d(2026, 11, 30),
        },
        now,
    ) else {
        panic!()
    };
    assert!(
        err.message(true).contains("晚于今天"),
        "{}",
        err.message(true)
    );
}

/// The Today screen's schedule and the reports share one rule: a yearly
/// finance item (parking fees, on application) is not October's statement.
#[test]
fn a_yearly_finance_item_is_not_the_monthly_statement() {
    let f = Fixture::new();
    let qh01 = OfficeCode::parse("QH01").unwrap();
    let mut fl = fields("2026年停车费收支", Category::Finance, Scope::Public);
    fl.period = Some(Period::parse("2026").unwrap());
    let ev = f
        .exec(
            CLERK,
            Command::Draft {
                fields: fl,
                basis: Basis::Active,
                request: None,
            },
            t(2026, 11, 1),
        )
        .unwrap();
    let EventBody::DisclosureDrafted { id: yearly, .. } = &ev[0].body else {
        panic!()
    };
    f.publish(yearly, d(2026, 11, 20));
    let oct = Period::parse("2026-10").unwrap();
    let r = f.store.read().unwrap();
    assert!(
        r.published_for(&qh01, Category::Finance, &oct)
            .unwrap()
            .is_none()
    );
    drop(r);
    // October's own item (with October's statement) is found.
    let mut fl = fields("2026年10月财务收支", Category::Finance, Scope::Public);
    fl.period = Some(oct);
    fl.statement = Some(f.statement("2026-10", t(2026, 11, 1)));
    let ev = f
        .exec(
            CLERK,
            Command::Draft {
                fields: fl,
                basis: Basis::Statutory,
                request: None,
            },
            t(2026, 11, 1),
        )
        .unwrap();
    let EventBody::DisclosureDrafted { id: monthly, .. } = &ev[0].body else {
        panic!()
    };
    f.publish(monthly, d(2026, 11, 21));
    let r = f.store.read().unwrap();
    let found = r.published_for(&qh01, Category::Finance, &oct).unwrap();
    assert_eq!(found.map(|d| d.id), Some(monthly.clone()));
}

/// A finance manager may not import an earlier register, and is told so in
/// Chinese (it read "经办人不能import an earlier register").
#[test]
fn import_refusal_reads_in_chinese() {
    let f = Fixture::new();
    let cmd = Command::ImportOpinion {
        draft: juwu::domain::workflow::OpinionDraft {
            received_at: d(2026, 2, 1).and_hms_opt(9, 0, 0).unwrap(),
            channel: Channel::InPerson,
            from: None,
            kind: OpinionKind::Question,
            about: None,
            text: "旧登记簿".into(),
            routed_to: None,
            box_opening: None,
        },
        recorded_by: None,
        source_ref: None,
    };
    match f.exec(FINANCE, cmd, t(2026, 3, 2)) {
        Err(StoreError::Domain(e)) => {
            assert_eq!(e.message(true), "经办人不能导入原有登记簿");
            assert!(e.to_string().contains("finance may not import"), "{e}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Ids take the year of the register's day (Beijing), as the dates do: at
/// 2026-12-31 17:00 UTC it is already 2027 in China.
#[test]
fn ids_take_the_year_of_chinas_date() {
    let f = Fixture::new();
    let now = Utc.with_ymd_and_hms(2026, 12, 31, 17, 0, 0).unwrap();
    let id = f.draft("新年通知", Category::Service, Scope::Public, now);
    assert!(id.starts_with("QH01-2027-"), "{id}");
}

/// Every refusal of the domain, rendered in both languages: in Chinese no
/// English word (outside the ids and values put in, the `juwu init` command,
/// the YYYY of date formats and the `off` key of calendar files), in English
/// no Chinese. `variant` has no catch-all arm, so a new variant must be
/// added here.
#[test]
fn every_domain_refusal_reads_in_both_languages() {
    use juwu::domain::error::{CalendarProblem, Field, Happened, Rule, Step};
    use juwu::domain::workflow::Act;
    let id = || "QH01-2026-0001".to_string();
    let id2 = || "QH01-2026-0002".to_string();
    let day = d(2026, 3, 2);
    let rules = vec![
        Rule::NoOffice,
        Rule::OwnOffice,
        Rule::DueDays,
        Rule::TitleTooLong,
        Rule::StatementNeedsFinanceItem,
        Rule::NotADisclosureRequest { id: id() },
        Rule::OnApplicationNeedsRequest,
        Rule::NeedsSignatures {
            id: id(),
            missing: Role::ALL.to_vec(),
        },
        Rule::NeedsPlannedDate,
        Rule::PlannedBefore {
            planned: day,
            on: day,
        },
        Rule::NoForm,
        Rule::StatementCorrectedTwice {
            old: id(),
            by: id2(),
        },
        Rule::AlreadyCorrected { id: id() },
        Rule::NeverPublished { id: id() },
        Rule::CorrectedBy {
            id: id(),
            by: id2(),
        },
        Rule::UnpublishedCorrection,
        Rule::NeedsArchiveDate,
        Rule::ArchivedBeforePublished {
            archived: day,
            published: day,
        },
        Rule::GrantedNeedsItem,
        Rule::GrantedNeedsFields,
        Rule::GrantedFromReplyForm,
        Rule::ReplyBeforeReceipt {
            replied: day,
            received: day,
        },
        Rule::ComplaintNotVerified { id: id() },
        Rule::ComplaintHolds { id: id() },
        Rule::CorrectedNeedsId,
        Rule::NotACorrection { id: id() },
        Rule::CorrectionUnpublished { id: id() },
        Rule::ReferredNeedsOffice,
        Rule::BoxNeedsTwo,
        Rule::SlipNotFromBox,
        Rule::BoxFull { id: id(), slips: 3 },
        Rule::AlreadyAnswered { id: id() },
        Rule::AlreadyPaused { id: id() },
        Rule::PauseTooEarly { on: day },
        Rule::NotPaused { id: id() },
        Rule::ResumeBeforePause { on: day, from: day },
        Rule::AlreadyVerified { id: id() },
        Rule::SupervisorRepliesToCommittee,
        Rule::AlreadySuperseded { id: id() },
        Rule::NegativeAmount { line: 2 },
        Rule::FindingsNumbered,
        Rule::AlreadyResolved {
            check: id(),
            finding: 1,
        },
        Rule::FuturePublication { on: day },
    ]
    .into_iter()
    .chain(Status::ALL.iter().flat_map(|s| {
        [
            Rule::NeedsPublicationDate { status: *s },
            Rule::NoPublicationDate { status: *s },
        ]
    }))
    .chain(OpinionKind::ALL.iter().flat_map(|k| {
        Outcome::ALL
            .iter()
            .map(|o| Rule::OutcomeDoesNotFit {
                outcome: *o,
                id: id(),
                kind: *k,
            })
            .chain([Rule::NotAComplaint { id: id(), kind: *k }])
            .collect::<Vec<_>>()
    }))
    .chain(
        RouteTo::ALL
            .iter()
            .map(|to| Rule::AlreadyRouted { id: id(), to: *to }),
    )
    .chain(Happened::ALL.iter().map(|w| Rule::AfterToday {
        what: *w,
        on: day,
        today: day,
    }));
    let mut all: Vec<DomainError> = vec![
        DomainError::BadOfficeCode("Q".into()),
        DomainError::BadPeriod("13".into()),
        DomainError::BadDate("32".into()),
        DomainError::BadTime("25".into()),
        DomainError::BadAmount("1.2.3".into()),
        DomainError::AmountPrecision("1.234".into()),
        DomainError::UnknownOffice("ZZ".into()),
        DomainError::Published(id()),
        DomainError::OtherOffice(id()),
        DomainError::DuplicateOperator("Li".into()),
        DomainError::Storage {
            en: "storage: db".into(),
            zh: "存储：数据库".into(),
        },
        juwu::domain::Ambiguous::of(
            "q",
            &[OpinionKind::ComplaintOmission, OpinionKind::ComplaintUntrue],
            |v| [v.as_str(), v.en(), v.zh()],
        ),
        DomainError::AmountTooLarge("12345678901234567890123".into()),
    ];
    all.extend(rules.map(DomainError::Rule));
    for f in Field::ALL {
        all.push(DomainError::EmptyField(*f));
        all.push(DomainError::TextTooLong {
            field: *f,
            bytes: 70000,
        });
        all.push(DomainError::NotFound { what: *f, id: id() });
        all.push(DomainError::UnknownValue {
            what: *f,
            value: "q".into(),
        });
    }
    for act in Act::ALL {
        all.push(DomainError::NeedsOperator(*act));
        for role in Role::ALL {
            all.push(DomainError::NotAllowed {
                role: *role,
                act: *act,
            });
        }
    }
    for role in Role::ALL {
        all.push(DomainError::AlreadySigned {
            id: id(),
            role: *role,
        });
    }
    for s in Status::ALL {
        for step in Step::ALL {
            all.push(DomainError::WrongState {
                id: id(),
                status: *s,
                step: *step,
            });
        }
    }
    for problem in [
        CalendarProblem::Syntax("=".into()),
        CalendarProblem::NotADate("32".into()),
        CalendarProblem::NotInYear {
            date: "2025-01-01".into(),
            year: 2026,
        },
        CalendarProblem::BadOff {
            holiday: "Xm".into(),
        },
        CalendarProblem::OffBackwards {
            holiday: "Xm".into(),
        },
    ] {
        all.push(DomainError::CalendarFile {
            file: "2026.toml".into(),
            line: 3,
            problem,
        });
    }
    // Every setting refusal.
    use juwu::domain::settings::{SettingError, SettingKey};
    all.push(SettingError::UnknownKey("x1".into()).into());
    for &key in SettingKey::ALL {
        all.push(
            SettingError::BadValue {
                key,
                value: "0".into(),
            }
            .into(),
        );
    }
    // Every variant is there.
    fn variant(e: &DomainError) -> usize {
        use DomainError::*;
        match e {
            UnknownValue { .. } => 0,
            BadOfficeCode(_) => 1,
            BadPeriod(_) => 2,
            BadDate(_) => 3,
            BadTime(_) => 4,
            BadAmount(_) => 5,
            AmountPrecision(_) => 6,
            EmptyField(_) => 7,
            TextTooLong { .. } => 8,
            CalendarFile { .. } => 9,
            NotFound { .. } => 10,
            UnknownOffice(_) => 11,
            NotAllowed { .. } => 12,
            NeedsOperator(_) => 13,
            WrongState { .. } => 14,
            Published(_) => 15,
            AlreadySigned { .. } => 16,
            OtherOffice(_) => 17,
            DuplicateOperator(_) => 18,
            Storage { .. } => 19,
            Ambiguous(_) => 20,
            AmountTooLarge(_) => 21,
            Rule(r) => 22 + rule_variant(r),
            Setting(_) => 22 + 49,
        }
    }
    fn rule_variant(r: &Rule) -> usize {
        use Rule::*;
        match r {
            NoOffice => 0,
            OwnOffice => 1,
            DueDays => 2,
            TitleTooLong => 3,
            StatementNeedsFinanceItem => 4,
            NotADisclosureRequest { .. } => 5,
            OnApplicationNeedsRequest => 6,
            NeedsSignatures { .. } => 7,
            NeedsPlannedDate => 8,
            PlannedBefore { .. } => 9,
            NoForm => 10,
            StatementCorrectedTwice { .. } => 11,
            AlreadyCorrected { .. } => 12,
            NeverPublished { .. } => 13,
            CorrectedBy { .. } => 14,
            NeedsPublicationDate { .. } => 15,
            NoPublicationDate { .. } => 16,
            FuturePublication { .. } => 17,
            UnpublishedCorrection => 18,
            NeedsArchiveDate => 19,
            ArchivedBeforePublished { .. } => 20,
            GrantedNeedsItem => 21,
            GrantedNeedsFields => 22,
            GrantedFromReplyForm => 23,
            ReplyBeforeReceipt { .. } => 24,
            ComplaintNotVerified { .. } => 25,
            ComplaintHolds { .. } => 26,
            CorrectedNeedsId => 27,
            NotACorrection { .. } => 28,
            CorrectionUnpublished { .. } => 29,
            OutcomeDoesNotFit { .. } => 30,
            ReferredNeedsOffice => 31,
            BoxNeedsTwo => 32,
            SlipNotFromBox => 33,
            BoxFull { .. } => 34,
            AlreadyRouted { .. } => 35,
            AlreadyAnswered { .. } => 36,
            AlreadyPaused { .. } => 37,
            PauseTooEarly { .. } => 38,
            NotPaused { .. } => 39,
            ResumeBeforePause { .. } => 40,
            NotAComplaint { .. } => 41,
            AlreadyVerified { .. } => 42,
            SupervisorRepliesToCommittee => 43,
            AlreadySuperseded { .. } => 44,
            NegativeAmount { .. } => 45,
            FindingsNumbered => 46,
            AlreadyResolved { .. } => 47,
            AfterToday { .. } => 48,
        }
    }
    let seen: std::collections::BTreeSet<usize> = all.iter().map(variant).collect();
    assert_eq!(seen.len(), 22 + 49 + 1, "a variant is missing: {seen:?}");
    // "toml": the file name put in.
    let allowed = ["juwu", "init", "YYYY", "off", "toml"];
    let cjk =
        |c: char| ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c);
    for e in &all {
        let zh = e.message(true);
        let english: Vec<&str> = zh
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 3 && !allowed.contains(w))
            .collect();
        assert!(english.is_empty(), "English {english:?} in {zh:?} ({e:?})");
        assert!(zh.chars().any(cjk), "no Chinese in {zh:?}");
        let en = e.message(false);
        assert!(!en.chars().any(cjk), "Chinese in {en:?} ({e:?})");
        assert_eq!(en, e.to_string());
    }
}

/// Drafts `fields` as the clerk on `now` and returns the new item's id.
fn draft_fields(f: &Fixture, fl: DraftFields, now: chrono::DateTime<Utc>) -> String {
    let ev = f
        .exec(
            CLERK,
            Command::Draft {
                fields: fl,
                basis: Basis::Statutory,
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

fn qh01_data(f: &Fixture, today: chrono::NaiveDate) -> juwu::report::data::OfficeData {
    let r = f.store.read().unwrap();
    juwu::report::data::OfficeData::load(
        &r,
        &OfficeCode::parse("QH01").unwrap(),
        &Calendar::builtin(),
        today,
    )
    .unwrap()
    .unwrap()
}

/// A scheduled disclosure counts only when residents can see it: an
/// internal, meeting-only September finance item (with its statement), an
/// internal Q3 work report and an August finance item without a statement
/// disclose nothing (main reported all three "on time").
#[test]
fn only_what_residents_can_see_discloses_a_scheduled_item() {
    use juwu::report::data::{Sched, SchedState};
    let f = Fixture::new();
    let mut sep = fields("2026年9月财务收支", Category::Finance, Scope::Internal);
    sep.period = Some(Period::parse("2026-09").unwrap());
    sep.forms = vec![Form::Meeting];
    sep.statement = Some(f.statement("2026-09", t(2026, 10, 1)));
    let sep = draft_fields(&f, sep, t(2026, 10, 1));
    f.publish(&sep, d(2026, 10, 9));
    let mut q3 = fields(
        "2026年第三季度工作报告",
        Category::Government,
        Scope::Internal,
    );
    q3.period = Some(Period::parse("2026-Q3").unwrap());
    let q3 = draft_fields(&f, q3, t(2026, 10, 1));
    f.publish(&q3, d(2026, 10, 9));
    let mut aug = fields("2026年8月财务收支", Category::Finance, Scope::Public);
    aug.period = Some(Period::parse("2026-08").unwrap());
    let aug = draft_fields(&f, aug, t(2026, 9, 1));
    f.publish(&aug, d(2026, 9, 8));
    let today = d(2026, 11, 25);
    let data = qh01_data(&f, today);
    let sched = juwu::report::data::scheduled(&data, &Period::parse("2026").unwrap(), today);
    let state = |kind: Sched, p: &str| {
        sched
            .iter()
            .find(|s| s.kind == kind && s.covers == Period::parse(p).unwrap())
            .map(|s| (s.state, s.published.clone()))
            .unwrap()
    };
    assert_eq!(
        state(Sched::Finance, "2026-09"),
        (SchedState::Missing, None)
    );
    assert_eq!(state(Sched::Work, "2026-Q3"), (SchedState::Missing, None));
    assert_eq!(
        state(Sched::Finance, "2026-08"),
        (SchedState::Missing, None)
    );
    // `residents` scope counts for finance: the same September item, public
    // to residents on the board, discloses it.
    let mut sep2 = fields(
        "2026年9月财务收支（居民）",
        Category::Finance,
        Scope::Residents,
    );
    sep2.period = Some(Period::parse("2026-09").unwrap());
    sep2.statement = data
        .statements
        .iter()
        .find(|s| s.statement.period == Period::parse("2026-09").unwrap())
        .map(|s| s.statement.id.clone());
    let sep2 = draft_fields(&f, sep2, t(2026, 10, 1));
    f.publish(&sep2, d(2026, 10, 9));
    let data = qh01_data(&f, today);
    let sched = juwu::report::data::scheduled(&data, &Period::parse("2026").unwrap(), today);
    let s = sched
        .iter()
        .find(|s| s.kind == Sched::Finance && s.covers == Period::parse("2026-09").unwrap())
        .unwrap();
    assert_eq!(s.state, SchedState::OnTime);
    assert_eq!(
        s.published.as_ref().map(|p| p.0.as_str()),
        Some(sep2.as_str())
    );
}

/// One lead-time rule: submitted 7 working days before the planned date and
/// published early once approved is never a failure of 提前审核 (main
/// measured to the actual publication and failed it).
#[test]
fn publishing_early_after_a_timely_submission_meets_the_review_lead() {
    use juwu::report::compliance::{Rule, office_compliance};
    let f = Fixture::new();
    let id = f.draft(
        "社区植树活动通知",
        Category::Service,
        Scope::Public,
        t(2026, 3, 2),
    );
    for who in [SECRETARY, DIRECTOR, FINANCE] {
        f.exec(who, Command::Sign { id: id.clone() }, t(2026, 3, 2))
            .unwrap();
    }
    // Monday 03-02 for Wednesday 03-11: 7 working days.
    f.exec(
        CLERK,
        Command::Submit {
            id: id.clone(),
            on: d(2026, 3, 2),
            planned_on: Some(d(2026, 3, 11)),
        },
        at(d(2026, 3, 2)),
    )
    .unwrap();
    f.exec(
        SUPERVISOR,
        Command::Approve {
            id: id.clone(),
            note: "同意".into(),
        },
        at(d(2026, 3, 3)),
    )
    .unwrap();
    f.exec(
        CLERK,
        Command::Publish {
            id: id.clone(),
            on: d(2026, 3, 4),
            forms: None,
            seal: "居委会公章".into(),
        },
        at(d(2026, 3, 4)),
    )
    .unwrap();
    let today = d(2026, 3, 20);
    let data = qh01_data(&f, today);
    let cal = Calendar::builtin();
    let c = office_compliance(&data, &Period::parse("2026-03").unwrap(), &cal, today);
    let lead = c.rule(Rule::ReviewLead).unwrap();
    assert_eq!(lead.checked, 1);
    assert!(lead.met, "{lead:?}");
    let s = juwu::report::supervision::supervision(
        &data,
        &Period::parse("2026-03").unwrap(),
        &cal,
        today,
    );
    assert!(s.short_review.is_empty(), "{:?}", s.short_review);
    // The same domain rule the submit form warns with.
    assert_eq!(
        juwu::domain::schedule::short_review(&cal, d(2026, 3, 2), d(2026, 3, 11), 5),
        None
    );
    assert_eq!(
        juwu::domain::schedule::short_review(&cal, d(2026, 3, 2), d(2026, 3, 4), 5),
        Some(2)
    );
}

/// The supervision report shows the backlog at the period's end, whenever
/// received (main listed only opinions received in the period: "opinions
/// received 0 … overdue 0" while four were overdue), complaints verified and
/// requests answered.
#[test]
fn the_supervision_report_shows_the_backlog_at_the_periods_end() {
    let f = Fixture::new();
    let old = f.log(OpinionKind::Question, d(2026, 10, 12), None);
    let answered = f.log(OpinionKind::Suggestion, d(2026, 10, 13), None);
    f.exec(
        CLERK,
        Command::Reply {
            opinion: answered.clone(),
            draft: reply(d(2026, 10, 20), Outcome::Explained),
            granted: None,
        },
        at(d(2026, 10, 20)),
    )
    .unwrap();
    let today = d(2026, 12, 5);
    let data = qh01_data(&f, today);
    let s = juwu::report::supervision::supervision(
        &data,
        &Period::parse("2026-11").unwrap(),
        &Calendar::builtin(),
        today,
    );
    assert!(s.opinions.is_empty());
    let ids: Vec<&str> = s.backlog.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, [old.as_str()]);
    assert_eq!(s.backlog_overdue(), 1);
    assert_eq!(s.aspects.len(), 5);
    for zh in [true, false] {
        let t = s.doc(zh).to_text();
        assert!(t.contains(&old), "{t}");
        let want = if zh {
            "期末已逾期 1 件"
        } else {
            "1 of them overdue then"
        };
        assert!(t.contains(want), "{t}");
        let aspect = if zh { "真实性" } else { "truthfulness" };
        assert!(t.contains(aspect), "{t}");
        let held = if zh {
            "投诉经核实属实"
        } else {
            "complaints verified: held"
        };
        assert!(t.contains(held), "{t}");
    }
}

/// An office is assessed from its start date: its `init` (here 2026-01-05),
/// moved back to the earliest date of an earlier register it imported. An
/// item imported from 2025 makes 2025's missing statements count (main
/// assessed from the first event of the log only).
#[test]
fn an_imported_register_moves_the_start_date_back() {
    use juwu::report::data::{Sched, SchedState};
    let f = Fixture::new();
    let today = d(2026, 3, 16);
    let y2025 = Period::parse("2025").unwrap();
    let before = juwu::report::data::scheduled(&qh01_data(&f, today), &y2025, today);
    assert!(before.is_empty(), "{before:?}");
    let mut fl = fields("2025年6月社区活动通知", Category::Service, Scope::Public);
    fl.period = None;
    f.exec(
        DIRECTOR,
        Command::ImportDisclosure {
            fields: fl,
            basis: Basis::Active,
            status: Status::Published,
            published_on: Some(d(2025, 6, 20)),
            forms: vec![Form::Board],
            seal: "居委会公章".into(),
            archived_on: None,
            signers: vec![],
            approved_by: None,
            correction_note: None,
            source_ref: Some("2025-017".into()),
            supersedes: None,
        },
        t(2026, 3, 2),
    )
    .unwrap();
    let data = qh01_data(&f, today);
    assert_eq!(data.started, d(2025, 6, 20));
    let after = juwu::report::data::scheduled(&data, &y2025, today);
    // June 2025's statement (due 07-10) is now due, and missing.
    let june = after
        .iter()
        .find(|s| s.kind == Sched::Finance && s.covers == Period::parse("2025-06").unwrap())
        .unwrap();
    assert_eq!(june.state, SchedState::Missing);
    assert!(
        !after
            .iter()
            .any(|s| s.covers == Period::parse("2025-05").unwrap())
    );
}
