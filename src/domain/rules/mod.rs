//! The rules: `decide` checks a `Command` by an actor against the records
//! (through `View`) and returns the events to append, or a typed refusal.
//! One function per command family; the status preconditions of a
//! disclosure's steps are one table (`step_allowed`), used by `decide`, by
//! `disclosure_ready` and so by the screens' early refusals.

mod admin;
mod disclosure;
mod finance;
mod import;
mod opinion;
mod supervision;

use chrono::{DateTime, NaiveDate, Utc};

use super::DomainError;
use super::error::{Field, Happened, Rule, Step};
use super::events::EventBody;
use super::records::*;
use super::types::*;
use super::workflow::{Act, Actor, Command, IdKind, View, may};

pub use opinion::{is_for, outcome_fits, pause_ready, verify_ready};

/// What every rule may look at: the records, who acts, the office, and
/// today's date in China.
pub(super) struct Cx<'a> {
    view: &'a dyn View,
    actor: &'a Actor,
    office: Office,
    /// Today's civil date (`civil_today`): for validation and id years.
    today: NaiveDate,
}

/// Checks `cmd` by `actor` against the records and returns the events to
/// append. `now` is the wall clock; dates typed by users travel in the
/// command.
pub fn decide(
    view: &dyn View,
    actor: &Actor,
    cmd: &Command,
    now: DateTime<Utc>,
) -> Result<Vec<EventBody>, DomainError> {
    allowed(actor.role(), cmd)?;
    let cx = Cx {
        view,
        actor,
        office: own(view)?,
        today: civil_today(now),
    };
    use Command as C;
    match cmd {
        C::AddOperator {
            name,
            role,
            pin_hash,
        } => admin::add_operator(&cx, name, *role, pin_hash),
        C::ChangeOperator {
            name,
            role,
            pin_hash,
            active,
        } => admin::change_operator(&cx, name, *role, pin_hash, *active),
        C::RegisterOffice { office } => admin::register_office(&cx, office),
        C::ChangeSettings { settings } => admin::change_settings(settings),
        C::ChangeSetting { key, value } => admin::change_setting(&cx, *key, value),

        C::Draft {
            fields,
            basis,
            request,
        } => disclosure::draft(&cx, fields, *basis, request),
        C::Revise { id, fields } => disclosure::revise(&cx, id, fields),
        C::Sign { id } => disclosure::sign(&cx, id),
        C::Submit { id, on, planned_on } => disclosure::submit(&cx, id, *on, *planned_on),
        C::Approve { id, note } => disclosure::approve(&cx, id, note),
        C::Return { id, amendments } => disclosure::give_back(&cx, id, amendments),
        C::Publish {
            id,
            on,
            forms,
            seal,
        } => disclosure::publish(&cx, id, *on, forms, seal),
        C::Correct {
            id,
            fields,
            explanation,
        } => disclosure::correct(&cx, id, fields, explanation),
        C::Archive { id, on } => disclosure::archive(&cx, id, *on),

        C::ImportDisclosure { .. } => import::disclosure(&cx, cmd),
        C::ImportOpinion {
            draft,
            recorded_by,
            source_ref,
        } => import::opinion(&cx, draft, recorded_by, source_ref),
        C::ImportReply {
            opinion,
            draft,
            replied_by,
            granted_item,
        } => import::reply(&cx, opinion, draft, replied_by, granted_item),

        C::OpenBox {
            opened_on,
            witnesses,
            slips,
        } => opinion::open_box(&cx, *opened_on, witnesses, *slips),
        C::LogOpinion { draft, on_the_spot } => opinion::log(&cx, draft, on_the_spot),
        C::Reroute { id, to } => opinion::reroute(&cx, id, *to),
        C::Pause { id, on, reason } => opinion::pause(&cx, id, *on, reason),
        C::Resume { id, on } => opinion::resume(&cx, id, *on),
        C::VerifyComplaint {
            id,
            holds,
            on,
            note,
        } => opinion::verify(&cx, id, *holds, *on, note),
        C::Reply {
            opinion,
            draft,
            granted,
        } => opinion::reply(&cx, opinion, draft, granted),

        C::DraftStatement {
            period,
            lines,
            opening_balance,
            supersedes,
        } => finance::draft(&cx, period, lines, *opening_balance, supersedes),
        C::ReviseStatement {
            id,
            lines,
            opening_balance,
        } => finance::revise(&cx, id, lines, *opening_balance),

        C::RecordCheck { .. } => supervision::record_check(&cx, cmd),
        C::ResolveFinding {
            check,
            finding,
            on,
            note,
        } => supervision::resolve(&cx, check, *finding, *on, note),
    }
}

/// Today's date in the register's civil time. The register keeps the dates
/// of its offices, which are all in China (one time zone, UTC+8, no daylight
/// saving): a clerk in Beijing at 07:00 records today's date although the
/// UTC date is still yesterday's.
pub fn civil_today(now: DateTime<Utc>) -> NaiveDate {
    (now + chrono::Duration::hours(8)).date_naive()
}

fn allowed(role: Option<Role>, cmd: &Command) -> Result<(), DomainError> {
    let act = Act::of(cmd);
    match role {
        // The system may administer, nothing else.
        None => match act {
            Act::ManageOperators | Act::RegisterOffices | Act::ChangeSettings => Ok(()),
            _ => Err(DomainError::NeedsOperator(act)),
        },
        Some(r) if may(r, act) => Ok(()),
        Some(r) => Err(DomainError::NotAllowed { role: r, act }),
    }
}

/// The refusal a `role` meets for `act`, if it meets one: what the screens
/// say at once instead of offering a form.
pub fn permitted(role: Role, act: Act) -> Result<(), DomainError> {
    if may(role, act) {
        Ok(())
    } else {
        Err(DomainError::NotAllowed { role, act })
    }
}

/// From which status each step of a disclosure may be taken: the one table.
pub fn step_allowed(step: Step, status: Status) -> bool {
    use Status::*;
    match step {
        Step::Revise => status.editable(),
        Step::Sign => matches!(status, Draft | Returned),
        Step::Submit => status == Signed,
        Step::Approve | Step::Return => status == InReview,
        Step::Publish => status == Approved,
        Step::Correct => status.was_published(),
        Step::Archive => matches!(status, Published | Superseded),
    }
}

/// Whether `step` may be taken on `d` by its status, and the refusal if
/// not: the status part of `decide`, so a screen can say at once why a form
/// or a question would be refused (publishing an unsigned draft, archiving
/// an archived item) instead of after it is filled in.
pub fn disclosure_ready(d: &Disclosure, step: Step) -> Result<(), DomainError> {
    if step_allowed(step, d.status) {
        return Ok(());
    }
    if step == Step::Submit && d.status.editable() && !d.fully_signed() {
        return Err(Rule::NeedsSignatures {
            id: d.id.clone(),
            missing: SIGNING_ROLES
                .iter()
                .copied()
                .filter(|r| !d.signed_by(*r))
                .collect(),
        }
        .into());
    }
    let wrong_state = DomainError::WrongState {
        id: d.id.clone(),
        status: d.status,
        step,
    };
    Err(match step {
        Step::Correct | Step::Archive => wrong_state,
        _ if d.status.was_published() => DomainError::Published(d.id.clone()),
        _ => wrong_state,
    })
}

fn own(view: &dyn View) -> Result<Office, DomainError> {
    view.own_office()?.ok_or(DomainError::Rule(Rule::NoOffice))
}

fn need<T>(what: Field, id: &str, v: Option<T>) -> Result<T, DomainError> {
    v.ok_or_else(|| DomainError::NotFound {
        what,
        id: id.to_string(),
    })
}

impl Cx<'_> {
    fn own_disclosure(&self, id: &str) -> Result<Disclosure, DomainError> {
        let d = need(Field::Disclosure, id, self.view.disclosure(id)?)?;
        if d.office != self.office.code {
            return Err(DomainError::OtherOffice(id.to_string()));
        }
        Ok(d)
    }

    fn own_opinion(&self, id: &str) -> Result<Opinion, DomainError> {
        let o = need(Field::Opinion, id, self.view.opinion(id)?)?;
        if o.office != self.office.code {
            return Err(DomainError::OtherOffice(id.to_string()));
        }
        Ok(o)
    }

    fn next_id(&self, kind: IdKind, year: i32) -> Result<String, DomainError> {
        Ok(kind.make(&self.office.code, year, self.view.next_number(kind, year)?))
    }

    /// An act that records something that happened (submitted, received,
    /// replied, published, …) cannot be dated after today; planned dates
    /// and deadlines can.
    fn not_after_today(&self, what: Happened, on: NaiveDate) -> Result<(), DomainError> {
        if on > self.today {
            return Err(Rule::AfterToday {
                what,
                on,
                today: self.today,
            }
            .into());
        }
        Ok(())
    }

    fn check_fields(&self, f: &DraftFields) -> Result<(), DomainError> {
        check_text(Field::Title, &f.title, true)?;
        check_text(Field::Body, &f.body, false)?;
        if f.title.chars().count() > 200 {
            return Err(Rule::TitleTooLong.into());
        }
        if let Some(sid) = &f.statement {
            let s = need(Field::Statement, sid, self.view.statement(sid)?)?;
            if s.office != self.office.code {
                return Err(DomainError::OtherOffice(sid.clone()));
            }
            if f.category != Category::Finance {
                return Err(Rule::StatementNeedsFinanceItem.into());
            }
        }
        Ok(())
    }
}
