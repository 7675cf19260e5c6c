//! Opinions and suggestions book: list (filters: status, kind, channel,
//! overdue), a quick-entry form for the counter, suggestion-box sessions,
//! pausing the reply clock for a clarification, verifying complaints, and
//! the reply form.

use chrono::NaiveDateTime;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::util::*;
use super::{Request, Screen, ScreenId};
use crate::domain::workflow::{Act, IdKind, OpinionDraft, ReplyDraft};
use crate::domain::{
    Category, Channel, Command, DraftFields, EventBody, Opinion, OpinionKind, OpinionStatus,
    Outcome, Reply, ReplyForm, Resident, RouteTo, Scope,
};
use crate::search::Register;
use crate::store::query::OpinionState;
use crate::store::tables::T;
use crate::store::{Reader, StoreError};
use crate::tui::action::Action;
use crate::tui::app::{Confirm, Effect, Shared};
use crate::tui::strings::{S, tr};
use crate::tui::widgets::form::Form;
use crate::tui::widgets::table::{Mark, PageTable};
use crate::tui::widgets::{Paged, cell, fit};

/// A suggestion box being emptied: slips are logged under its opening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoxSession {
    pub id: String,
    pub slips: u32,
    pub logged: u32,
}

#[derive(Default)]
pub struct Opinions {
    status: Option<OpinionStatus>,
    kind: Option<OpinionKind>,
    channel: Option<Channel>,
    overdue: bool,
    ids: Option<Vec<String>>,
    /// (generation, filters) the ids were computed for.
    ids_for: Option<(u64, String)>,
    page: Paged,
    rows: Vec<OpinionState>,
    replies: Vec<Reply>,
    detail_open: bool,
    want: Option<String>,
    /// The suggestion box being logged (or paused, or left unfinished:
    /// found again in the register on refresh).
    pub session: Option<BoxSession>,
    /// Openings whose session was ended early on purpose.
    ended: Vec<String>,
    /// The channel of the last opinion logged at the counter (never the
    /// suggestion box: that channel belongs to box sessions).
    last_channel: Option<Channel>,
}

fn cycle<T: Copy + PartialEq>(all: &[T], cur: Option<T>) -> Option<T> {
    match cur {
        None => all.first().copied(),
        Some(c) => all
            .iter()
            .position(|x| *x == c)
            .and_then(|i| all.get(i + 1))
            .copied(),
    }
}

pub fn parse_time(s: &str) -> Option<NaiveDateTime> {
    let t = s.trim().replace('/', "-");
    NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S"))
        .ok()
        .or_else(|| {
            crate::domain::types::parse_date(&t)
                .ok()
                .and_then(|d| d.and_hms_opt(9, 0, 0))
        })
}

/// 《title》 of the disclosure an id field names, for beside the id.
fn title_note(id: &str, sh: &Shared) -> Option<String> {
    let id = id.trim();
    match IdKind::parse(id) {
        Some((IdKind::Disclosure, _, _)) => sh
            .index
            .as_ref()
            .and_then(|ix| ix.title_of(id))
            .map(|t| format!("《{}》", cell(t))),
        _ => None,
    }
}

/// The reply form for an opinion (also opened from the reply log).
pub fn reply_form(o: &Opinion, due: Option<chrono::NaiveDate>, sh: &Shared) -> Form {
    let zh = sh.zh();
    let first = cell(o.text.lines().next().unwrap_or(""));
    let mut f = Form::new(
        "reply",
        ScreenId::Opinions,
        &tr(sh.lang, S::ReplyTitle, &[&o.id]),
    )
    .context(&o.id)
    .intro(format!(
        "{} · {} · {}",
        o.kind.label(zh),
        o.received_at.format("%Y-%m-%d %H:%M"),
        fit(&first, 60)
    ))
    .line("replied_on", sh.t(S::RepliedOn), &sh.today().to_string())
    .choice(
        "form",
        sh.t(S::ReplyForm),
        opts(ReplyForm::ALL, |x| x.as_str(), |x| x.label(zh).to_string()),
        "written",
    )
    .choice(
        "outcome",
        sh.t(S::Outcome),
        // Only the outcomes the domain accepts for this kind of opinion.
        opts(
            &Outcome::ALL
                .iter()
                .copied()
                .filter(|x| crate::domain::workflow::outcome_fits(o.kind, *x))
                .collect::<Vec<_>>(),
            |x| x.as_str(),
            |x| x.label(zh).to_string(),
        ),
        if o.kind == OpinionKind::DisclosureRequest {
            "granted"
        } else {
            "explained"
        },
    )
    .text("text", sh.t(S::ReplyText), "", 5)
    .toggle("public", sh.t(S::PostPublicly), false)
    .hint(sh.t(S::PostPubliclyHint))
    .line("correction", sh.t(S::Correction), "")
    .hint(sh.t(S::CorrectionHint))
    .line("referred_to", sh.t(S::ReferredTo), "")
    .hint(sh.t(S::ReferredHint))
    .line("granted_title", sh.t(S::NewItemTitle), "")
    .text("granted_body", sh.t(S::NewItemBody), "", 4)
    .choice(
        "granted_category",
        sh.t(S::Category),
        opts(Category::ALL, |c| c.as_str(), |c| c.label(zh).to_string()),
        "government",
    )
    .focus_on("text");
    if let Some(d) = due {
        f = f.intro(format!("{} {}", sh.t(S::DueOn), d));
    }
    f
}

impl Opinions {
    fn selected(&self) -> Option<&OpinionState> {
        self.rows.get(self.page.cursor())
    }

    fn filter_sig(&self, sh: &Shared) -> String {
        format!(
            "{:?}{:?}{:?}{}{:?}",
            self.status, self.kind, self.channel, self.overdue, sh.office_filter
        )
    }

    fn filtered(&self, sh: &Shared) -> bool {
        self.status.is_some()
            || self.kind.is_some()
            || self.channel.is_some()
            || self.overdue
            || sh.office_filter.is_some()
    }

    fn compute_ids(&self, r: &Reader, sh: &Shared) -> Result<Vec<String>, StoreError> {
        let today = sh.today();
        let open: Vec<String> = r.open_opinion_ids()?;
        let want_open_only = self.overdue
            || matches!(
                self.status,
                Some(OpinionStatus::Open | OpinionStatus::Paused | OpinionStatus::Overdue)
            );
        let mut ids: Vec<String> = if want_open_only {
            open.clone()
        } else {
            match &sh.office_filter {
                Some(o) => r.ids_of_office(T::Opinions, o)?,
                None => r.index(T::Opinions, "")?,
            }
        };
        ids.retain(|id| sh.office_ok(id));
        if self.status == Some(OpinionStatus::Answered) {
            let open: std::collections::HashSet<&String> = open.iter().collect();
            ids.retain(|id| !open.contains(id));
        }
        let need_state = self.overdue
            || matches!(
                self.status,
                Some(OpinionStatus::Open | OpinionStatus::Paused | OpinionStatus::Overdue)
            );
        if need_state || self.kind.is_some() || self.channel.is_some() {
            let mut keep = vec![];
            for id in ids {
                let Some(o) = r.opinion(&id)? else { continue };
                if self.kind.is_some_and(|k| o.kind != k)
                    || self.channel.is_some_and(|c| o.channel != c)
                {
                    continue;
                }
                if need_state {
                    let s = r.opinion_state(o, &sh.cal, today)?;
                    if self.overdue && s.status != OpinionStatus::Overdue {
                        continue;
                    }
                    if let Some(st) = self.status
                        && st != OpinionStatus::Answered
                        && s.status != st
                    {
                        continue;
                    }
                }
                keep.push(id);
            }
            ids = keep;
        }
        ids.sort();
        ids.reverse();
        Ok(ids)
    }

    /// The quick-entry form; a slip of the box session when `slip`.
    fn opinion_form(&self, sh: &Shared, slip: bool) -> Form {
        let zh = sh.zh();
        let session = self.session.as_ref().filter(|_| slip);
        let channel = if session.is_some() {
            Channel::SuggestionBox
        } else {
            self.last_channel
                .filter(|c| *c != Channel::SuggestionBox)
                .unwrap_or(Channel::InPerson)
        };
        let mut f = Form::new("opinion", ScreenId::Opinions, sh.t(S::NewOpinion))
            .tools(&[Action::Anonymous])
            .choice(
                "kind",
                sh.t(S::Kind),
                opts(
                    OpinionKind::ALL,
                    |x| x.as_str(),
                    |x| x.label(zh).to_string(),
                ),
                "question",
            )
            .hint(sh.t(S::ChoiceHint))
            .text("text", sh.t(S::OpinionText), "", 4)
            .toggle("anonymous", sh.t(S::Anonymous), false)
            .hint(&tr(
                sh.lang,
                S::AnonymousHint,
                &[&sh.key("form", Action::Anonymous)],
            ))
            .line("name", sh.t(S::ResidentName), "")
            .line("contact", sh.t(S::Contact), "")
            .line("address", sh.t(S::Address), "")
            .hint(sh.t(S::AddressHint))
            .choice(
                "channel",
                sh.t(S::Channel),
                opts(Channel::ALL, |x| x.as_str(), |x| x.label(zh).to_string()),
                channel.as_str(),
            )
            .line(
                "received",
                sh.t(S::ReceivedAt),
                &sh.clock.local().format("%Y-%m-%d %H:%M").to_string(),
            )
            .line("about", sh.t(S::About), "")
            .hint(sh.t(S::AboutHint))
            .choice(
                "routed",
                sh.t(S::RoutedTo),
                vec![
                    ("auto".into(), sh.t(S::RouteAuto).into()),
                    ("committee".into(), RouteTo::Committee.label(zh).into()),
                    (
                        "supervision_team".into(),
                        RouteTo::SupervisionTeam.label(zh).into(),
                    ),
                ],
                "auto",
            )
            .toggle("spot", sh.t(S::AnsweredOnSpot), false)
            .text("spot_text", sh.t(S::SpotReply), "", 2);
        if let Some(s) = session {
            f = f.context(&s.id).intro(tr(
                sh.lang,
                S::BoxSlipIntro,
                &[
                    &s.id,
                    &(s.logged + 1).to_string(),
                    &s.slips.to_string(),
                    &(s.slips.saturating_sub(s.logged)).to_string(),
                    &sh.key("form", Action::Cancel),
                    &sh.key(ScreenId::Opinions.layer(), Action::OpenBox),
                    &sh.key(ScreenId::Opinions.layer(), Action::EndBox),
                ],
            ));
            f.title = tr(
                sh.lang,
                S::BoxSlipTitle,
                &[&(s.logged + 1).to_string(), &s.slips.to_string()],
            );
        }
        f
    }

    fn submit_opinion(&mut self, form: &mut Form, sh: &Shared) -> Vec<Effect> {
        let kind: OpinionKind = form.get("kind").parse().unwrap_or(OpinionKind::Question);
        let channel: Channel = form.get("channel").parse().unwrap_or(Channel::InPerson);
        let text = required(form, "text", sh);
        let received = parse_time(&form.get("received"));
        if received.is_none() {
            form.set_error(
                "received",
                tr(sh.lang, S::BadTime, &[&form.get("received")]),
            );
        }
        let anonymous = form.on("anonymous") || form.get("name").trim().is_empty();
        let from = if anonymous {
            None
        } else {
            let opt = |k: &str| {
                let v = form.get(k).trim().to_string();
                (!v.is_empty()).then_some(v)
            };
            Some(Resident {
                name: form.get("name").trim().to_string(),
                contact: opt("contact"),
                address: opt("address"),
            })
        };
        let about = form.get("about").trim().to_string();
        let about = if about.is_empty() {
            None
        } else if matches!(IdKind::parse(&about), Some((IdKind::Disclosure, _, _))) {
            Some(about)
        } else {
            form.set_error("about", sh.t(S::AboutNotId));
            None
        };
        let routed_to = match form.get("routed").as_str() {
            "committee" => Some(RouteTo::Committee),
            "supervision_team" => Some(RouteTo::SupervisionTeam),
            _ => None,
        };
        let spot = if form.on("spot") {
            let t = form.get("spot_text");
            if t.trim().is_empty() {
                form.set_error("spot_text", sh.t(S::Required));
            }
            received.map(|r| ReplyDraft {
                replied_on: r.date(),
                form: ReplyForm::OnTheSpot,
                text: t,
                outcome: Outcome::Explained,
                correction: None,
                referred_to: None,
                public: false,
            })
        } else {
            None
        };
        if form.has_errors() {
            return vec![];
        }
        let (Some(text), Some(received_at)) = (text, received) else {
            return vec![];
        };
        if channel != Channel::SuggestionBox {
            self.last_channel = Some(channel);
        }
        let box_opening = self
            .session
            .as_ref()
            .filter(|_| channel == Channel::SuggestionBox)
            .map(|s| s.id.clone());
        vec![Effect::Exec {
            cmd: Command::LogOpinion {
                draft: OpinionDraft {
                    received_at,
                    channel,
                    from,
                    kind,
                    about,
                    text,
                    routed_to,
                    box_opening,
                },
                on_the_spot: spot,
            },
            owner: ScreenId::Opinions,
            done: sh.t(S::DoneLogged).into(),
        }]
    }

    fn submit_reply(&mut self, form: &mut Form, sh: &Shared) -> Vec<Effect> {
        let id = form.context.clone().unwrap_or_default();
        let on = date(form, "replied_on", sh);
        let text = required(form, "text", sh);
        let outcome: Outcome = form.get("outcome").parse().unwrap_or(Outcome::Explained);
        let rform: ReplyForm = form.get("form").parse().unwrap_or(ReplyForm::Written);
        let correction =
            (outcome == Outcome::Corrected).then(|| form.get("correction").trim().to_string());
        if correction.as_deref() == Some("") {
            form.set_error("correction", sh.t(S::CorrectionNeeded));
        }
        let referred_to =
            if outcome == Outcome::Referred && !form.get("referred_to").trim().is_empty() {
                match crate::domain::OfficeCode::parse(&form.get("referred_to")) {
                    Ok(c) => Some(c),
                    Err(e) => {
                        form.set_error("referred_to", e.message(sh.zh()));
                        None
                    }
                }
            } else {
                None
            };
        let granted = if outcome == Outcome::Granted {
            let t = required(form, "granted_title", sh);
            t.map(|title| DraftFields {
                title,
                body: form.get("granted_body"),
                period: None,
                category: form
                    .get("granted_category")
                    .parse()
                    .unwrap_or(Category::Government),
                scope: Scope::Public,
                forms: vec![crate::domain::Form::Board],
                major: false,
                planned_on: None,
                statement: None,
            })
        } else {
            None
        };
        if form.has_errors() {
            return vec![];
        }
        let (Some(replied_on), Some(text)) = (on, text) else {
            return vec![];
        };
        vec![Effect::Exec {
            cmd: Command::Reply {
                opinion: id.clone(),
                draft: ReplyDraft {
                    replied_on,
                    form: rform,
                    text,
                    outcome,
                    correction,
                    referred_to,
                    public: form.on("public"),
                },
                granted,
            },
            owner: ScreenId::Opinions,
            done: tr(sh.lang, S::DoneReplied, &[&id]),
        }]
    }

    fn detail_lines(&self, s: &OpinionState, sh: &Shared) -> Vec<Line<'static>> {
        let zh = sh.zh();
        let o = &s.opinion;
        let b = |x: String| {
            Line::from(Span::styled(
                x,
                Style::default().add_modifier(Modifier::BOLD),
            ))
        };
        let mut out = vec![
            b(format!(
                "{}  {}  {}",
                o.id,
                o.kind.label(zh),
                s.status.label(zh)
            )),
            Line::from(format!(
                "{}: {}  {}: {}",
                sh.t(S::ReceivedAt),
                o.received_at.format("%Y-%m-%d %H:%M"),
                sh.t(S::Channel),
                o.channel.label(zh)
            )),
        ];
        match &o.from {
            Some(r) => out.push(Line::from(format!(
                "{}: {}  {}  {}",
                sh.t(S::From),
                cell(&r.name),
                r.contact.as_deref().map(cell).unwrap_or_default(),
                r.address.as_deref().map(cell).unwrap_or_default()
            ))),
            None => out.push(Line::from(format!(
                "{}: {}",
                sh.t(S::From),
                sh.t(S::Anonymous)
            ))),
        }
        out.push(Line::from(format!(
            "{}: {}  {}: {}",
            sh.t(S::RoutedTo),
            o.routed_to.label(zh),
            sh.t(S::About),
            o.about.clone().unwrap_or_else(|| "—".into())
        )));
        let when = if s.first_reply.is_some() {
            String::new()
        } else if s.days_late > 0 {
            tr(sh.lang, S::DaysLate, &[&s.days_late.to_string()])
        } else {
            tr(sh.lang, S::DaysLeft, &[&(-s.days_late).to_string()])
        };
        out.push(Line::from(Span::styled(
            format!("{}: {}  {}", sh.t(S::DueOn), s.due_on, when),
            if s.status == OpinionStatus::Overdue {
                Style::default().fg(Color::Red)
            } else {
                Style::default()
            },
        )));
        if let Some(bx) = &o.box_opening {
            out.push(Line::from(format!("{}: {}", sh.t(S::BoxOpening), bx)));
        }
        for p in &o.pauses {
            out.push(Line::from(format!(
                "{}: {} → {}  {}",
                sh.t(S::Paused),
                p.from,
                p.to.map(|d| d.to_string()).unwrap_or_else(|| "…".into()),
                cell(&p.reason)
            )));
        }
        if let Some(v) = &o.verification {
            out.push(Line::from(format!(
                "{}: {} ({} {}) {}",
                sh.t(S::Verification),
                if v.holds {
                    sh.t(S::Holds)
                } else {
                    sh.t(S::DoesNotHold)
                },
                cell(&v.by),
                v.on,
                cell(&v.note)
            )));
        }
        out.push(Line::from(""));
        for l in text_lines(&o.text) {
            out.push(Line::from(l));
        }
        if !self.replies.is_empty() {
            out.push(Line::from(""));
            out.push(b(sh.t(S::Replies).to_string()));
            for r in &self.replies {
                out.push(Line::from(format!(
                    "{} {} {} {} {}",
                    r.id,
                    r.replied_on,
                    r.form.label(zh),
                    r.outcome.label(zh),
                    cell(&r.replied_by)
                )));
                for l in text_lines(&r.text) {
                    out.push(Line::from(format!("  {l}")));
                }
            }
        }
        out
    }
}

impl Screen for Opinions {
    fn id(&self) -> ScreenId {
        ScreenId::Opinions
    }
    fn title(&self, sh: &Shared) -> String {
        sh.t(S::TabOpinions).into()
    }
    fn goto(&self) -> Option<Action> {
        Some(Action::GotoOpinions)
    }

    fn with_store(
        &mut self,
        req: Request,
        store: &mut crate::store::Store,
        sh: &Shared,
    ) -> Vec<Effect> {
        let Request::Receipt { id } = req else {
            return vec![];
        };
        match write_receipt(&id, store, sh) {
            Ok(msg) => vec![Effect::Info(msg)],
            Err(e) => vec![Effect::Error(e)],
        }
    }

    fn act_of(&self, a: Action) -> Option<Act> {
        Some(match a {
            Action::New | Action::OpenBox | Action::EndBox => Act::LogOpinion,
            Action::Reply => Act::Reply,
            Action::Pause => Act::RouteOrPause,
            Action::Verify => Act::VerifyComplaint,
            _ => return None,
        })
    }

    fn refresh(&mut self, r: &Reader, sh: &Shared) -> Result<(), StoreError> {
        // The newest opening of this office with slips still to log.
        let own = r.own_code().cloned();
        let latest = r
            .box_openings()?
            .into_iter()
            .filter(|b| Some(&b.office) == own.as_ref() && !self.ended.contains(&b.id))
            .max_by(|a, b| (a.opened_on, &a.id).cmp(&(b.opened_on, &b.id)));
        self.session = match latest {
            Some(b) => {
                let logged = r.box_slips(&b.id)?.len() as u32;
                (logged < b.slips).then_some(BoxSession {
                    id: b.id,
                    slips: b.slips,
                    logged,
                })
            }
            None => None,
        };
        let h = sh
            .list_rows()
            .saturating_sub(self.session.is_some() as usize);
        if let Some(want) = self.want.take() {
            self.status = None;
            self.kind = None;
            self.channel = None;
            self.overdue = false;
            let ids = self.compute_ids(r, sh)?;
            if let Some(i) = ids.iter().position(|x| *x == want) {
                self.page.selected = i;
            }
            self.ids = Some(ids);
            self.ids_for = Some((sh.generation, self.filter_sig(sh)));
        } else if self.filtered(sh) {
            let sig = (sh.generation, self.filter_sig(sh));
            if self.ids_for.as_ref() != Some(&sig) || self.ids.is_none() {
                self.ids = Some(self.compute_ids(r, sh)?);
                self.ids_for = Some(sig);
            }
        } else {
            self.ids = None;
            self.ids_for = None;
        }
        let total = match &self.ids {
            Some(v) => v.len(),
            None => r.count(T::Opinions)? as usize,
        };
        self.page.set(total, h);
        let recs: Vec<Opinion> = match &self.ids {
            Some(v) => {
                let mut out = vec![];
                for id in v.iter().skip(self.page.top).take(h) {
                    if let Some(o) = r.opinion(id)? {
                        out.push(o);
                    }
                }
                out
            }
            None => r.scan_rev(T::Opinions, self.page.top, h)?,
        };
        let today = sh.today();
        self.rows = recs
            .into_iter()
            .map(|o| r.opinion_state(o, &sh.cal, today))
            .collect::<Result<_, _>>()?;
        self.replies = match self.selected() {
            Some(s) => r.replies_of(&s.opinion.id)?,
            None => vec![],
        };
        Ok(())
    }

    fn draw(&self, sh: &Shared, f: &mut Frame, area: Rect) {
        let zh = sh.zh();
        let all = sh.t(S::All);
        let filt = format!(
            "{}{}:{}  {}:{}  {}:{}  {}  {} {}",
            office_tag(sh),
            sh.t(S::Status),
            self.status.map(|s| s.label(zh)).unwrap_or(all),
            sh.t(S::Kind),
            self.kind.map(|s| s.label(zh)).unwrap_or(all),
            sh.t(S::Channel),
            self.channel.map(|s| s.label(zh)).unwrap_or(all),
            if self.overdue {
                sh.t(S::OverdueOnly)
            } else {
                ""
            },
            self.page.total,
            sh.t(S::Items),
        );
        let mut y = area.y;
        f.render_widget(
            Paragraph::new(fit(&filt, area.width as usize)).style(Style::default().fg(Color::Cyan)),
            Rect::new(area.x, y, area.width, 1),
        );
        y += 1;
        if let Some(s) = &self.session {
            f.render_widget(
                Paragraph::new(fit(
                    &tr(
                        sh.lang,
                        S::BoxBanner,
                        &[
                            &s.id,
                            &s.logged.to_string(),
                            &s.slips.to_string(),
                            &(s.slips.saturating_sub(s.logged)).to_string(),
                            &sh.key(ScreenId::Opinions.layer(), Action::OpenBox),
                            &sh.key(ScreenId::Opinions.layer(), Action::EndBox),
                        ],
                    ),
                    area.width as usize,
                ))
                .style(Style::default().fg(Color::Black).bg(Color::Yellow)),
                Rect::new(area.x, y, area.width, 1),
            );
            y += 1;
        }
        let body = Rect::new(
            area.x,
            y,
            area.width,
            area.height.saturating_sub(y - area.y),
        );
        let (list_area, detail_area) = list_detail(
            body,
            sh,
            58,
            Narrow::Instead {
                open: self.detail_open,
            },
        );
        if let Some(la) = list_area {
            // English kinds are long: a narrow list leaves out the time
            // received (the detail shows it) to keep room for the text.
            let drop_received = !zh && la.width < 100;
            if self.rows.is_empty() {
                empty_list(f, sh, la);
            } else {
                let rows = self
                    .rows
                    .iter()
                    .map(|s| {
                        let o = &s.opinion;
                        let due = match s.status {
                            OpinionStatus::Answered => sh.t(S::Answered).to_string(),
                            OpinionStatus::Paused => sh.t(S::Paused).to_string(),
                            _ if s.days_late > 0 => {
                                tr(sh.lang, S::DaysLate, &[&s.days_late.to_string()])
                            }
                            _ => tr(sh.lang, S::DaysLeft, &[&(-s.days_late).to_string()]),
                        };
                        let mark = match s.status {
                            OpinionStatus::Overdue => Mark::Alert,
                            OpinionStatus::Answered => Mark::Dim,
                            _ => Mark::Normal,
                        };
                        let mut cells = vec![
                            o.id.clone(),
                            o.received_at.format("%m-%d %H:%M").to_string(),
                            o.kind.label(zh).to_string(),
                            o.from
                                .as_ref()
                                .map(|r| cell(&r.name))
                                .unwrap_or_else(|| sh.t(S::Anonymous).into()),
                            due,
                            cell(&o.text),
                        ];
                        if drop_received {
                            cells.remove(1);
                        }
                        (cells, mark)
                    })
                    .collect();
                let mut header = vec![
                    sh.t(S::Id),
                    sh.t(S::Received),
                    sh.t(S::Kind),
                    sh.t(S::From),
                    sh.t(S::Due),
                    sh.t(S::Text),
                ];
                let mut widths = vec![
                    Constraint::Length(16),
                    Constraint::Length(11),
                    Constraint::Length(8),
                    Constraint::Length(if zh { 8 } else { 10 }),
                    Constraint::Length(10),
                    Constraint::Fill(1),
                ];
                if drop_received {
                    header.remove(1);
                    widths.remove(1);
                }
                PageTable {
                    header,
                    widths,
                    rows,
                    cursor: Some(self.page.cursor()),
                    focused: true,
                    right: vec![],
                }
                .draw(f, la);
            }
        }
        if let Some(da) = detail_area
            && let Some(s) = self.selected()
        {
            detail_pane(f, da, self.detail_lines(s, sh), false, Pane::Wrapped(0));
        }
    }

    fn update(&mut self, a: Action, sh: &Shared) -> Vec<Effect> {
        match a {
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::First
            | Action::Last => {
                if self.page.apply(a) {
                    vec![Effect::Reload]
                } else {
                    vec![]
                }
            }
            Action::Open => {
                self.detail_open = !sh.wide() && !self.detail_open;
                vec![]
            }
            Action::Back => {
                self.detail_open = false;
                vec![]
            }
            Action::New => vec![Effect::OpenForm(self.opinion_form(sh, false))],
            // An unfinished opening is resumed, never opened twice.
            Action::OpenBox if self.session.is_some() => {
                vec![Effect::OpenForm(self.opinion_form(sh, true))]
            }
            Action::OpenBox => {
                let mut f = Form::new("box", ScreenId::Opinions, sh.t(S::OpenBoxTitle))
                    .intro(sh.t(S::OpenBoxIntro))
                    .line("opened_on", sh.t(S::OpenedOn), &sh.today().to_string())
                    .line(
                        "witness1",
                        sh.t(S::Witness1),
                        sh.operator.as_ref().map(|o| o.name.as_str()).unwrap_or(""),
                    )
                    .line("witness2", sh.t(S::Witness2), "")
                    .line("slips", sh.t(S::Slips), "")
                    .focus_on("witness2");
                f.dirty = false;
                vec![Effect::OpenForm(f)]
            }
            Action::EndBox => match &self.session {
                Some(s) if s.logged < s.slips => vec![Effect::Confirm(Confirm {
                    title: sh.t(S::EndBoxTitle).into(),
                    lines: vec![tr(
                        sh.lang,
                        S::EndBoxQ,
                        &[
                            &s.id,
                            &s.logged.to_string(),
                            &s.slips.to_string(),
                            &(s.slips - s.logged).to_string(),
                        ],
                    )],
                    yes: vec![Effect::Call(Request::EndBox)],
                    no: vec![],
                })],
                Some(_) => self.call(Request::EndBox, sh),
                None => vec![Effect::Info(sh.t(S::NoBoxSession).into())],
            },
            Action::FilterStatus => {
                self.status = cycle(OpinionStatus::ALL, self.status);
                self.page.selected = 0;
                vec![Effect::Reload]
            }
            Action::FilterKind => {
                self.kind = cycle(OpinionKind::ALL, self.kind);
                self.page.selected = 0;
                vec![Effect::Reload]
            }
            Action::FilterChannel => {
                self.channel = cycle(Channel::ALL, self.channel);
                self.page.selected = 0;
                vec![Effect::Reload]
            }
            Action::FilterOverdue => {
                self.overdue = !self.overdue;
                self.page.selected = 0;
                vec![Effect::Reload]
            }
            Action::ClearFilters => {
                self.status = None;
                self.kind = None;
                self.channel = None;
                self.overdue = false;
                vec![Effect::Reload]
            }
            Action::Receipt => match self.selected() {
                Some(s) => vec![Effect::Store(Request::Receipt {
                    id: s.opinion.id.to_string(),
                })],
                None => vec![Effect::Info(sh.t(S::NothingSelected).into())],
            },
            Action::Reply | Action::Pause | Action::Verify => {
                let Some(s) = self.selected().cloned() else {
                    return vec![Effect::Info(sh.t(S::NothingSelected).into())];
                };
                let o = &s.opinion;
                match a {
                    Action::Reply => vec![Effect::OpenForm(reply_form(o, Some(s.due_on), sh))],
                    Action::Pause if o.is_paused() => {
                        let since = o
                            .pauses
                            .last()
                            .map(|p| p.from.to_string())
                            .unwrap_or_default();
                        let mut f = Form::new("resume", ScreenId::Opinions, sh.t(S::ResumeTitle))
                            .context(&o.id)
                            .intro(tr(sh.lang, S::ResumeText, &[&o.id, &since]))
                            .line("on", sh.t(S::ClarifiedOn), &sh.today().to_string())
                            .hint("YYYY-MM-DD");
                        f.dirty = false;
                        f.keep_draft = false;
                        vec![Effect::OpenForm(f)]
                    }
                    Action::Pause => {
                        if let Err(e) =
                            crate::domain::rules::pause_ready(o, s.first_reply.is_some() as usize)
                        {
                            return vec![Effect::Error(e.message(sh.zh()))];
                        }
                        vec![Effect::OpenForm(
                            Form::new(
                                "pause",
                                ScreenId::Opinions,
                                &tr(sh.lang, S::PauseTitle, &[&o.id]),
                            )
                            .context(&o.id)
                            .intro(tr(sh.lang, S::PauseIntro, &[&s.due_on.to_string()]))
                            .line("on", sh.t(S::Date), &sh.today().to_string())
                            .text("reason", sh.t(S::WhatToClarify), "", 3)
                            .focus_on("reason"),
                        )]
                    }
                    _ => {
                        if let Err(e) = crate::domain::rules::verify_ready(o) {
                            return vec![Effect::Error(e.message(sh.zh()))];
                        }
                        vec![Effect::OpenForm(
                            Form::new(
                                "verify",
                                ScreenId::Opinions,
                                &tr(sh.lang, S::VerifyTitle, &[&o.id]),
                            )
                            .context(&o.id)
                            .intro(sh.t(S::VerifyIntro))
                            .toggle("holds", sh.t(S::ComplaintHolds), false)
                            .line("on", sh.t(S::Date), &sh.today().to_string())
                            .text("note", sh.t(S::Note), "", 3),
                        )]
                    }
                }
            }
            _ => vec![],
        }
    }

    fn click(&mut self, row: u16, _area: Rect, _sh: &Shared) -> Vec<Effect> {
        let head = 1 + self.session.is_some() as u16;
        if click_list(&mut self.page, row, head) {
            return vec![Effect::Reload];
        }
        vec![]
    }

    fn open_record(&mut self, id: &str, _sh: &Shared) -> bool {
        let mine = want_record(&mut self.want, id, IdKind::Opinion);
        self.detail_open |= mine;
        mine
    }

    fn make_form(&self, form_id: &str, context: Option<&str>, sh: &Shared) -> Option<Form> {
        match form_id {
            "opinion" => Some(self.opinion_form(
                sh,
                context.is_some() && self.session.as_ref().map(|s| s.id.as_str()) == context,
            )),
            "reply" => {
                let id = context?;
                let s = self.rows.iter().find(|s| s.opinion.id == id);
                match s {
                    Some(s) => Some(reply_form(&s.opinion, Some(s.due_on), sh)),
                    None => {
                        // Not on screen: a bare form naming the opinion.
                        let stub = Opinion {
                            id: id.to_string(),
                            office: crate::domain::OfficeCode::parse(
                                crate::domain::types::office_of_id(id),
                            )
                            .ok()?,
                            received_at: sh.clock.local(),
                            channel: Channel::InPerson,
                            from: None,
                            kind: OpinionKind::Question,
                            about: None,
                            text: String::new(),
                            recorded_by: String::new(),
                            routed_to: RouteTo::Committee,
                            box_opening: None,
                            pauses: vec![],
                            verification: None,
                            source_ref: None,
                        };
                        let mut f = reply_form(&stub, None, sh);
                        f.intro.clear();
                        Some(f)
                    }
                }
            }
            _ => None,
        }
    }

    fn form_changed(&self, form: &mut Form, sh: &Shared) {
        match form.id.as_str() {
            "opinion" => {
                let anon = form.on("anonymous");
                for k in ["name", "contact", "address"] {
                    form.show(k, !anon);
                }
                let spot = form.on("spot");
                form.show("spot_text", spot);
                let q = form.get("about");
                form.suggestions.clear();
                let note = title_note(&q, sh);
                if let Some(fl) = form.field_mut("about") {
                    fl.note = note;
                }
                if form.focused_key() == "about"
                    && !q.trim().is_empty()
                    && IdKind::parse(q.trim()).is_none()
                    && let Some(ix) = &sh.index
                {
                    form.suggestions = ix
                        .search_in(&q, 5, Some(Register::Disclosure))
                        .into_iter()
                        .map(|h| (h.id, h.title))
                        .collect();
                }
            }
            "reply" => {
                let outcome = form.get("outcome");
                form.show("correction", outcome == "corrected");
                form.show("referred_to", outcome == "referred");
                for k in ["granted_title", "granted_body", "granted_category"] {
                    form.show(k, outcome == "granted");
                }
                form.suggestions.clear();
                let q = form.get("correction");
                let note = title_note(&q, sh);
                if let Some(fl) = form.field_mut("correction") {
                    fl.note = note;
                }
                if form.focused_key() == "correction"
                    && !q.trim().is_empty()
                    && IdKind::parse(q.trim()).is_none()
                    && let Some(ix) = &sh.index
                {
                    form.suggestions = ix
                        .search_in(&q, 5, Some(Register::Disclosure))
                        .into_iter()
                        .map(|h| (h.id, h.title))
                        .collect();
                }
            }
            _ => {}
        }
    }

    fn submit(&mut self, form: &mut Form, sh: &Shared) -> Vec<Effect> {
        let id = form.context.clone().unwrap_or_default();
        match form.id.as_str() {
            "opinion" => self.submit_opinion(form, sh),
            "reply" => self.submit_reply(form, sh),
            "box" => {
                let on = date(form, "opened_on", sh);
                let w1 = required(form, "witness1", sh);
                let w2 = required(form, "witness2", sh);
                let slips = form
                    .get("slips")
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n > 0);
                if slips.is_none() {
                    form.set_error("slips", sh.t(S::SlipsNumber));
                }
                match (on, w1, w2, slips) {
                    (Some(opened_on), Some(a), Some(b), Some(slips)) => vec![Effect::Exec {
                        cmd: Command::OpenBox {
                            opened_on,
                            witnesses: vec![a, b],
                            slips,
                        },
                        owner: ScreenId::Opinions,
                        done: sh.t(S::DoneBoxOpened).into(),
                    }],
                    _ => vec![],
                }
            }
            "pause" => {
                let on = date(form, "on", sh);
                let reason = required(form, "reason", sh);
                match (on, reason) {
                    (Some(on), Some(reason)) => vec![Effect::Exec {
                        cmd: Command::Pause {
                            id: id.clone(),
                            on,
                            reason,
                        },
                        owner: ScreenId::Opinions,
                        done: tr(sh.lang, S::DonePaused, &[&id]),
                    }],
                    _ => vec![],
                }
            }
            "resume" => match date(form, "on", sh) {
                Some(on) => vec![Effect::Exec {
                    cmd: Command::Resume { id: id.clone(), on },
                    owner: ScreenId::Opinions,
                    done: tr(sh.lang, S::DoneResumed, &[&id, &on.to_string()]),
                }],
                None => vec![],
            },
            "verify" => {
                let on = date(form, "on", sh);
                let note = required(form, "note", sh);
                match (on, note) {
                    (Some(on), Some(note)) => vec![Effect::Exec {
                        cmd: Command::VerifyComplaint {
                            id: id.clone(),
                            holds: form.on("holds"),
                            on,
                            note,
                        },
                        owner: ScreenId::Opinions,
                        done: tr(sh.lang, S::DoneVerified, &[&id]),
                    }],
                    _ => vec![],
                }
            }
            _ => vec![],
        }
    }

    fn call(&mut self, req: Request, sh: &Shared) -> Vec<Effect> {
        match (req, self.session.take()) {
            (Request::EndBox, Some(s)) => {
                self.ended.push(s.id.clone());
                vec![
                    Effect::Info(tr(
                        sh.lang,
                        S::BoxEnded,
                        &[&s.id, &s.logged.to_string(), &s.slips.to_string()],
                    )),
                    Effect::Reload,
                ]
            }
            (_, s) => {
                self.session = s;
                vec![]
            }
        }
    }

    fn executed(&mut self, events: &[crate::domain::Envelope], sh: &Shared) -> Vec<Effect> {
        let mut out = vec![];
        for e in events {
            match &e.body {
                EventBody::BoxOpened { opening } => {
                    self.session = Some(BoxSession {
                        id: opening.id.clone(),
                        slips: opening.slips,
                        logged: 0,
                    });
                    out.push(Effect::OpenForm(self.opinion_form(sh, true)));
                }
                EventBody::OpinionReceived { opinion } => {
                    self.want = Some(opinion.id.clone());
                    if let Some(s) = self.session.as_mut()
                        && opinion.box_opening.as_deref() == Some(s.id.as_str())
                    {
                        s.logged += 1;
                        if s.logged < s.slips {
                            out.push(Effect::OpenForm(self.opinion_form(sh, true)));
                        } else {
                            let s = self.session.take();
                            if let Some(s) = s {
                                out.push(Effect::Info(tr(
                                    sh.lang,
                                    S::BoxAllLogged,
                                    &[&s.slips.to_string(), &s.id],
                                )));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }
}

/// Writes the resident's receipt slip for opinion `id` beside the database
/// (`reports/receipt-ID.html`), as `juwu receipt` does.
fn write_receipt(id: &str, store: &crate::store::Store, sh: &Shared) -> Result<String, String> {
    let r = store.read().map_err(|e| e.message(sh.zh()))?;
    let o = r
        .opinion(id)
        .map_err(|e| e.message(sh.zh()))?
        .ok_or_else(|| tr(sh.lang, S::NoSuchOpinion, &[id, ""]))?;
    let office = r
        .office(&o.office)
        .map_err(|e| e.message(sh.zh()))?
        .ok_or_else(|| o.office.to_string())?;
    let st = r
        .opinion_state(o, &sh.cal, sh.today())
        .map_err(|e| e.message(sh.zh()))?;
    let rc = crate::report::receipt::Receipt {
        office,
        due_on: st.due_on,
        due_provisional: sh
            .cal
            .provisional_between(st.opinion.received_on(), st.due_on),
        answered_on: st.first_reply,
        opinion: st.opinion,
        contact: None,
    };
    let path = super::reports::reports_dir(sh)
        .join(super::reports::file_part(&format!("receipt-{id}.html")));
    let p = super::reports::write_file(&path, rc.to_html(sh.zh()).as_bytes())?;
    Ok(tr(
        sh.lang,
        S::ReceiptWritten,
        &[id, &p.display().to_string(), &rc.due_label(sh.zh())],
    ))
}
