//! Disclosure register: list with filters (status, category, scope, period,
//! office) and sort; a detail pane with the superseded chain; every
//! workflow act, each behind a confirmation or a form that says what will
//! happen.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::util::*;
use super::{Screen, ScreenId};
use crate::domain::workflow::{Act, IdKind};
use crate::domain::{
    Basis, Category, Command, Disclosure, DraftFields, Period, SIGNING_ROLES, Scope, Status,
};
use crate::store::tables::T;
use crate::store::{Reader, StoreError};
use crate::tui::action::Action;
use crate::tui::app::{Confirm, Effect, Shared};
use crate::tui::strings::{S, tr};
use crate::tui::widgets::form::Form;
use crate::tui::widgets::table::{Mark, PageTable};
use crate::tui::widgets::{Paged, cell};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Sort {
    #[default]
    Newest,
    Oldest,
    Title,
    Status,
}

impl Sort {
    fn next(self) -> Sort {
        match self {
            Sort::Newest => Sort::Oldest,
            Sort::Oldest => Sort::Title,
            Sort::Title => Sort::Status,
            Sort::Status => Sort::Newest,
        }
    }
    fn label(self, sh: &Shared) -> &'static str {
        sh.t(match self {
            Sort::Newest => S::SortNewest,
            Sort::Oldest => S::SortOldest,
            Sort::Title => S::SortTitle,
            Sort::Status => S::SortStatus,
        })
    }
}

fn cycle<T: Copy + PartialEq>(all: &[T], cur: Option<T>) -> Option<T> {
    match cur {
        None => all.first().copied(),
        Some(c) => {
            let i = all.iter().position(|x| *x == c).unwrap_or(0);
            all.get(i + 1).copied()
        }
    }
}

#[derive(Default)]
pub struct Disclosures {
    status: Option<Status>,
    category: Option<Category>,
    scope: Option<Scope>,
    period: Option<Period>,
    sort: Sort,
    /// The filtered ids in display order; `None` is the whole register,
    /// newest first, read a page at a time.
    ids: Option<Vec<String>>,
    page: Paged,
    rows: Vec<Disclosure>,
    chain: Vec<Disclosure>,
    /// A narrow screen shows the detail instead of the list.
    detail_open: bool,
    detail_scroll: u16,
    /// Record to select on the next refresh (from search or Today).
    want: Option<String>,
    /// The settings of this office (review lead, posting days).
    settings: crate::domain::Settings,
    /// This office's statements (id, period, label) for the statement
    /// picker, newest first, and the data generation they were read at.
    statements: Vec<(String, Period, String)>,
    statements_at: Option<u64>,
}

impl Disclosures {
    fn filtered(&self, sh: &Shared) -> bool {
        self.status.is_some()
            || self.category.is_some()
            || self.scope.is_some()
            || self.period.is_some()
            || self.sort != Sort::Newest
            || sh.office_filter.is_some()
    }

    fn selected(&self) -> Option<&Disclosure> {
        self.rows.get(self.page.cursor())
    }

    fn compute_ids(&self, r: &Reader, sh: &Shared) -> Result<Vec<String>, StoreError> {
        let mut ids: Vec<String> = if let Some(s) = self.status {
            r.disclosure_ids_with_status(s)?
        } else if let Some(c) = self.category {
            r.disclosure_ids_in_category(c)?
        } else if let Some(o) = &sh.office_filter {
            r.ids_of_office(T::Disclosures, o)?
        } else {
            r.index(T::Disclosures, "")?
        };
        ids.retain(|id| sh.office_ok(id));
        let need_records = (self.status.is_some() && self.category.is_some())
            || self.scope.is_some()
            || self.period.is_some()
            || matches!(self.sort, Sort::Title | Sort::Status);
        if need_records {
            let mut recs = vec![];
            for id in &ids {
                if let Some(d) = r.disclosure(id)? {
                    let ok = self.category.is_none_or(|c| d.fields.category == c)
                        && self.scope.is_none_or(|s| d.fields.scope == s)
                        && self.period.is_none_or(|p| {
                            d.fields
                                .period
                                .is_some_and(|dp| p.covers(&dp) || dp.covers(&p))
                        });
                    if ok {
                        recs.push(d);
                    }
                }
            }
            match self.sort {
                Sort::Title => recs.sort_by(|a, b| a.fields.title.cmp(&b.fields.title)),
                Sort::Status => recs.sort_by(|a, b| (a.status, &b.id).cmp(&(b.status, &a.id))),
                Sort::Oldest => recs.sort_by(|a, b| a.id.cmp(&b.id)),
                Sort::Newest => recs.sort_by(|a, b| b.id.cmp(&a.id)),
            }
            ids = recs.into_iter().map(|d| d.id).collect();
        } else {
            ids.sort();
            if self.sort == Sort::Newest {
                ids.reverse();
            }
        }
        Ok(ids)
    }

    fn fields_form(&self, id: &str, title: &str, f0: &DraftFields, sh: &Shared) -> Form {
        let zh = sh.zh();
        Form::new(id, ScreenId::Disclosures, title)
            .line("title", sh.t(S::Title), &f0.title)
            .text("body", sh.t(S::Body), &f0.body, 6)
            .choice(
                "category",
                sh.t(S::Category),
                opts(Category::ALL, |c| c.as_str(), |c| c.label(zh).to_string()),
                f0.category.as_str(),
            )
            .choice(
                "scope",
                sh.t(S::Scope),
                opts(Scope::ALL, |c| c.as_str(), |c| c.label(zh).to_string()),
                f0.scope.as_str(),
            )
            .line(
                "period",
                sh.t(S::Period),
                &f0.period.map(|p| p.to_string()).unwrap_or_default(),
            )
            .hint("2026-05 / 2026-Q2 / 2026")
            .multi(
                "forms",
                sh.t(S::Forms),
                forms_opts(zh),
                &forms_value(&f0.forms),
            )
            .hint(sh.t(S::FormsHint))
            .toggle("major", sh.t(S::Major), f0.major)
            .hint(sh.t(S::MajorHint))
            .line(
                "planned_on",
                sh.t(S::PlannedOn),
                &f0.planned_on.map(|d| d.to_string()).unwrap_or_default(),
            )
            .hint("YYYY-MM-DD")
            .line(
                "statement",
                sh.t(S::StatementId),
                f0.statement.as_deref().unwrap_or(""),
            )
            .hint(sh.t(S::StatementHint))
    }

    /// This office's statements for the picker: period, closing balance,
    /// and whether a newer statement replaced it.
    fn read_statements(
        &self,
        r: &Reader,
        own: &crate::domain::OfficeCode,
        sh: &Shared,
    ) -> Result<Vec<(String, Period, String)>, StoreError> {
        let mut mine = vec![];
        for id in r.ids_of_office(T::Statements, own)? {
            if let Some(s) = r.statement(&id)? {
                mine.push(s);
            }
        }
        let mut out: Vec<(String, Period, String)> = crate::domain::records::statement_views(mine)
            .into_iter()
            .map(|v| {
                let s = v.statement;
                let mut label = format!(
                    "{}  {} {}",
                    s.period,
                    sh.t(S::Closing),
                    crate::domain::money::format_amount(v.totals.closing)
                );
                if let Some(n) = &s.superseded_by {
                    label.push_str(&format!("  ({} {n})", sh.t(S::Superseded)));
                }
                (s.id, s.period, label)
            })
            .collect();
        out.sort_by(|a, b| (b.1.start(), &b.0).cmp(&(a.1.start(), &a.0)));
        Ok(out)
    }

    /// The statement picker's options: this office's statements of the
    /// period typed in the form (all of them when it names none).
    fn statement_options(&self, form: &Form) -> Vec<(String, String)> {
        let period = Period::parse(&form.get("period")).ok();
        self.statements
            .iter()
            .filter(|(_, p, _)| period.is_none_or(|f| f.covers(p) || p.covers(&f)))
            .map(|(id, _, l)| (id.clone(), l.clone()))
            .collect()
    }

    fn read_fields(&self, form: &mut Form, sh: &Shared) -> Option<DraftFields> {
        let title = required(form, "title", sh);
        let period = opt_period(form, "period", sh);
        let forms = pub_forms(form, "forms", sh);
        let planned = opt_date(form, "planned_on", sh);
        let category: Category = form.get("category").parse().unwrap_or(Category::Other);
        let scope: Scope = form.get("scope").parse().unwrap_or(Scope::Public);
        // Only a finance item discloses a statement (the field is hidden
        // for the others).
        let statement = if category == Category::Finance {
            let options = self.statement_options(form);
            picked(form, &self.statement_pick(&options), sh)
        } else {
            Ok(None)
        };
        Some(DraftFields {
            title: title?,
            body: form.get("body"),
            period: period.ok()?,
            category,
            scope,
            forms: forms.ok()?,
            major: form.on("major"),
            planned_on: planned.ok()?,
            statement: statement.ok()?,
        })
    }

    fn statement_pick<'a>(&self, options: &'a [(String, String)]) -> Pick<'a> {
        Pick {
            key: "statement",
            options,
            none: S::NoStatementMatches,
        }
    }

    fn new_fields(sh: &Shared) -> DraftFields {
        DraftFields {
            title: String::new(),
            body: String::new(),
            period: None,
            category: Category::Government,
            scope: Scope::Public,
            forms: vec![crate::domain::Form::Board],
            major: false,
            planned_on: Some(sh.cal.add_working_days(sh.today(), 7)),
            statement: None,
        }
    }

    /// "Submitted late: only N working days before the planned date", if
    /// submitting on `on` for publication on `planned` is late.
    fn late_by(
        &self,
        on: chrono::NaiveDate,
        planned: chrono::NaiveDate,
        sh: &Shared,
    ) -> Option<String> {
        let lead = self.settings.review_lead_days;
        let n = crate::domain::schedule::short_review(&sh.cal, on, planned, lead)?;
        Some(tr(
            sh.lang,
            S::LateSubmissionWarn,
            &[&n.to_string(), &lead.to_string()],
        ))
    }

    fn confirm(
        &self,
        sh: &Shared,
        title: S,
        what: String,
        cmd: Command,
        done: String,
    ) -> Vec<Effect> {
        vec![Effect::Confirm(Confirm {
            title: sh.t(title).into(),
            lines: vec![what],
            yes: vec![Effect::Exec {
                cmd,
                owner: ScreenId::Disclosures,
                done,
            }],
            no: vec![],
        })]
    }

    fn act(&mut self, a: Action, sh: &Shared) -> Vec<Effect> {
        let Some(d) = self.selected().cloned() else {
            return vec![Effect::Info(sh.t(S::NothingSelected).into())];
        };
        let Some(op) = &sh.operator else {
            return vec![];
        };
        let title = cell(&d.fields.title);
        let name = format!("{} 《{}》", d.id, title);
        let zh = sh.zh();
        // Say at once why the act would be refused, before a form or a
        // question (publishing an unsigned draft, archiving twice).
        if let Some(step) = step_of(a)
            && let Err(e) = crate::domain::rules::disclosure_ready(&d, step)
        {
            return vec![Effect::Error(e.message(zh))];
        }
        match a {
            Action::Edit => match self.make_form("revise", Some(&d.id), sh) {
                Some(f) => vec![Effect::OpenForm(f)],
                None => vec![],
            },
            Action::Sign => {
                let n = SIGNING_ROLES.iter().filter(|r| d.signed_by(**r)).count();
                self.confirm(
                    sh,
                    S::ConfirmSign,
                    tr(
                        sh.lang,
                        S::ConfirmSignText,
                        &[&name, op.role.label(zh), &cell(&op.name), &n.to_string()],
                    ),
                    Command::Sign { id: d.id.clone() },
                    {
                        // Still a draft until the third signature: say so.
                        let left: Vec<&str> = SIGNING_ROLES
                            .iter()
                            .filter(|r| !d.signed_by(**r) && **r != op.role)
                            .map(|r| r.label(zh))
                            .collect();
                        if left.is_empty() {
                            tr(sh.lang, S::DoneSignedAll, &[&d.id])
                        } else {
                            tr(
                                sh.lang,
                                S::DoneSignedPartly,
                                &[
                                    &d.id,
                                    &(n + 1).to_string(),
                                    &left.join(if zh { "、" } else { ", " }),
                                ],
                            )
                        }
                    },
                )
            }
            Action::Archive => self.confirm(
                sh,
                S::ConfirmArchive,
                tr(
                    sh.lang,
                    S::ConfirmArchiveText,
                    &[&name, &sh.today().to_string()],
                ),
                Command::Archive {
                    id: d.id.clone(),
                    on: sh.today(),
                },
                tr(sh.lang, S::DoneArchived, &[&d.id]),
            ),
            Action::Submit
            | Action::Approve
            | Action::ReturnItem
            | Action::Publish
            | Action::Correct => {
                let fid = match a {
                    Action::Submit => "submit",
                    Action::Approve => "approve",
                    Action::ReturnItem => "return",
                    Action::Publish => "publish",
                    _ => "correct",
                };
                self.make_form(fid, Some(&d.id), sh)
                    .map(|f| vec![Effect::OpenForm(f)])
                    .unwrap_or_default()
            }
            _ => vec![],
        }
    }

    fn detail_lines(&self, d: &Disclosure, sh: &Shared) -> Vec<Line<'static>> {
        let zh = sh.zh();
        let b = |s: String| {
            Line::from(Span::styled(
                s,
                Style::default().add_modifier(Modifier::BOLD),
            ))
        };
        let mut out = vec![
            b(format!("{}  {}", d.id, cell(&d.fields.title))),
            Line::from(format!(
                "{}: {}   {}: {}   {}: {}",
                sh.t(S::Status),
                d.status.label(zh),
                sh.t(S::Category),
                d.fields.category.label(zh),
                sh.t(S::Scope),
                d.fields.scope.label(zh)
            )),
            Line::from(format!(
                "{}: {}   {}: {}{}",
                sh.t(S::Basis),
                d.basis.label(zh),
                sh.t(S::Period),
                d.fields
                    .period
                    .map(|p| p.to_string())
                    .unwrap_or_else(|| "—".into()),
                if d.fields.major {
                    format!("   {}", sh.t(S::Major))
                } else {
                    String::new()
                }
            )),
            Line::from(format!(
                "{}: {}",
                sh.t(S::Forms),
                forms_text(&d.fields.forms, zh)
            )),
        ];
        let sigs: Vec<String> = SIGNING_ROLES
            .iter()
            .map(|r| {
                let who = d
                    .signatures
                    .iter()
                    .find(|s| s.role == *r)
                    .map(|s| cell(&s.by));
                format!(
                    "{} {}",
                    r.label(zh),
                    who.map(|w| format!("✓{w}")).unwrap_or_else(|| "—".into())
                )
            })
            .collect();
        out.push(Line::from(format!(
            "{}: {}",
            sh.t(S::Signatures),
            sigs.join("  ")
        )));
        if let Some(s) = &d.submission {
            let late = d.late_submission(&sh.cal, self.settings.review_lead_days);
            out.push(Line::from(Span::styled(
                format!(
                    "{}: {} ({})  {}: {}{}",
                    sh.t(S::Submitted),
                    s.on,
                    cell(&s.by),
                    sh.t(S::PlannedOn),
                    s.planned_on,
                    if late {
                        format!("  ⚠ {}", sh.t(S::LateSubmission))
                    } else {
                        String::new()
                    }
                ),
                if late {
                    Style::default().fg(Color::Red)
                } else {
                    Style::default()
                },
            )));
        } else if let Some(p) = d.fields.planned_on {
            out.push(Line::from(format!("{}: {}", sh.t(S::PlannedOn), p)));
        }
        for r in &d.reviews {
            out.push(Line::from(format!(
                "{}: {} {} — {}",
                if r.approved {
                    sh.t(S::Approved)
                } else {
                    sh.t(S::Returned)
                },
                cell(&r.by),
                r.at.date_naive(),
                cell(&r.note)
            )));
        }
        if let Some(p) = &d.publication {
            out.push(Line::from(format!(
                "{}: {} ({})  {}  {}",
                sh.t(S::Published),
                p.on,
                cell(&p.by),
                forms_text(&p.forms, zh),
                cell(&p.seal)
            )));
            if let Some(u) = d.posting_until(self.settings.posting_days) {
                out.push(Line::from(format!("{}: {}", sh.t(S::MayComeDown), u)));
            }
        }
        if let Some(n) = &d.correction_note {
            out.push(Line::from(format!(
                "{}: {}",
                sh.t(S::CorrectionNote),
                cell(n)
            )));
        }
        if let Some(rq) = &d.request {
            out.push(Line::from(format!("{}: {}", sh.t(S::Request), rq)));
        }
        if let Some(s) = &d.fields.statement {
            out.push(Line::from(format!("{}: {}", sh.t(S::StatementId), s)));
        }
        if self.chain.len() > 1 {
            out.push(b(sh.t(S::VersionChain).to_string()));
            for v in &self.chain {
                let me = if v.id == d.id { "▸" } else { " " };
                out.push(Line::from(format!(
                    "{me} {}  {}  {}",
                    v.id,
                    v.status.label(zh),
                    cell(&v.fields.title)
                )));
            }
        }
        out.push(Line::from(""));
        for l in text_lines(&d.fields.body) {
            out.push(Line::from(l));
        }
        out
    }
}

/// The step of a disclosure's workflow a key takes.
fn step_of(a: Action) -> Option<crate::domain::error::Step> {
    use crate::domain::error::Step;
    Some(match a {
        Action::Edit => Step::Revise,
        Action::Sign => Step::Sign,
        Action::Submit => Step::Submit,
        Action::Approve => Step::Approve,
        Action::ReturnItem => Step::Return,
        Action::Publish => Step::Publish,
        Action::Correct => Step::Correct,
        Action::Archive => Step::Archive,
        _ => return None,
    })
}

impl Screen for Disclosures {
    fn id(&self) -> ScreenId {
        ScreenId::Disclosures
    }
    fn title(&self, sh: &Shared) -> String {
        sh.t(S::TabDisclosures).into()
    }
    fn goto(&self) -> Option<Action> {
        Some(Action::GotoDisclosures)
    }

    fn act_of(&self, a: Action) -> Option<Act> {
        Some(match a {
            Action::New | Action::Edit | Action::Correct => Act::DraftDisclosure,
            Action::Sign => Act::Sign,
            Action::Submit => Act::Submit,
            Action::Approve | Action::ReturnItem => Act::Review,
            Action::Publish => Act::Publish,
            Action::Archive => Act::Archive,
            _ => return None,
        })
    }

    fn refresh(&mut self, r: &Reader, sh: &Shared) -> Result<(), StoreError> {
        if let Some(c) = r.own_code() {
            self.settings = r.settings(c)?;
            if self.statements_at != Some(sh.generation) {
                self.statements = self.read_statements(r, c, sh)?;
                self.statements_at = Some(sh.generation);
            }
        }
        let h = sh.list_rows();
        if let Some(want) = self.want.take() {
            let ids = self.compute_ids(r, sh)?;
            let ids = if ids.contains(&want) {
                ids
            } else {
                self.status = None;
                self.category = None;
                self.scope = None;
                self.period = None;
                self.compute_ids(r, sh)?
            };
            if let Some(i) = ids.iter().position(|x| *x == want) {
                self.page.selected = i;
            }
            self.ids = Some(ids);
        } else if self.filtered(sh) {
            self.ids = Some(self.compute_ids(r, sh)?);
        } else {
            self.ids = None;
        }
        let total = match &self.ids {
            Some(v) => v.len(),
            None => r.count(T::Disclosures)? as usize,
        };
        self.page.set(total, h);
        self.rows = match &self.ids {
            Some(v) => {
                let mut out = vec![];
                for id in v.iter().skip(self.page.top).take(h) {
                    if let Some(d) = r.disclosure(id)? {
                        out.push(d);
                    }
                }
                out
            }
            None => r.scan_rev(T::Disclosures, self.page.top, h)?,
        };
        self.chain = match self.selected() {
            // A published item may have a correction in progress.
            Some(d)
                if d.supersedes.is_some()
                    || d.superseded_by.is_some()
                    || d.status.was_published() =>
            {
                r.version_chain(&d.id)?
            }
            _ => vec![],
        };
        Ok(())
    }

    fn draw(&self, sh: &Shared, f: &mut Frame, area: Rect) {
        let zh = sh.zh();
        let all = sh.t(S::All);
        let filt = format!(
            "{}{}:{}  {}:{}  {}:{}  {}:{}  {}:{}  {} {}",
            office_tag(sh),
            sh.t(S::Status),
            self.status.map(|s| s.label(zh)).unwrap_or(all),
            sh.t(S::Category),
            self.category.map(|s| s.label(zh)).unwrap_or(all),
            sh.t(S::Scope),
            self.scope.map(|s| s.label(zh)).unwrap_or(all),
            sh.t(S::Period),
            self.period
                .map(|p| p.to_string())
                .unwrap_or_else(|| all.into()),
            sh.t(S::SortBy),
            self.sort.label(sh),
            self.page.total,
            sh.t(S::Items),
        );
        let body = head_line(f, area, &filt);
        let (list_area, detail_area) = list_detail(
            body,
            sh,
            55,
            Narrow::Instead {
                open: self.detail_open,
            },
        );
        if let Some(la) = list_area {
            if self.rows.is_empty() {
                empty_list(f, sh, la);
            } else {
                let rows = self
                    .rows
                    .iter()
                    .map(|d| {
                        let date = d
                            .publication
                            .as_ref()
                            .map(|p| p.on.to_string())
                            .or(d.fields.planned_on.map(|p| p.to_string()))
                            .unwrap_or_default();
                        let mark = match d.status {
                            Status::Superseded | Status::Archived => Mark::Dim,
                            Status::Returned => Mark::Alert,
                            _ => Mark::Normal,
                        };
                        (
                            vec![
                                d.id.clone(),
                                d.status.label(zh).to_string(),
                                d.fields.category.label(zh).to_string(),
                                cell(&d.fields.title),
                                date,
                            ],
                            mark,
                        )
                    })
                    .collect();
                PageTable {
                    header: vec![
                        sh.t(S::Id),
                        sh.t(S::Status),
                        sh.t(S::Category),
                        sh.t(S::Title),
                        sh.t(S::Date),
                    ],
                    widths: vec![
                        Constraint::Length(14),
                        Constraint::Length(8),
                        Constraint::Length(6),
                        Constraint::Fill(1),
                        Constraint::Length(10),
                    ],
                    rows,
                    cursor: Some(self.page.cursor()),
                    focused: true,
                    right: vec![],
                }
                .draw(f, la);
            }
        }
        if let Some(da) = detail_area
            && let Some(d) = self.selected()
        {
            detail_pane(
                f,
                da,
                self.detail_lines(d, sh),
                false,
                Pane::Wrapped(self.detail_scroll),
            );
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
                if self.detail_open && !sh.wide() {
                    match a {
                        Action::Down => self.detail_scroll += 1,
                        Action::Up => self.detail_scroll = self.detail_scroll.saturating_sub(1),
                        _ => {}
                    }
                    return vec![];
                }
                self.detail_scroll = 0;
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
            Action::New => self
                .make_form("draft", None, sh)
                .map(|f| vec![Effect::OpenForm(f)])
                .unwrap_or_default(),
            Action::Edit
            | Action::Sign
            | Action::Submit
            | Action::Approve
            | Action::ReturnItem
            | Action::Publish
            | Action::Correct
            | Action::Archive => self.act(a, sh),
            Action::FilterStatus => {
                self.status = cycle(Status::ALL, self.status);
                self.page.selected = 0;
                vec![Effect::Reload]
            }
            Action::FilterCategory => {
                self.category = cycle(Category::ALL, self.category);
                self.page.selected = 0;
                vec![Effect::Reload]
            }
            Action::FilterScope => {
                self.scope = cycle(Scope::ALL, self.scope);
                self.page.selected = 0;
                vec![Effect::Reload]
            }
            Action::FilterPeriod => {
                let f = Form::new(
                    "period_filter",
                    ScreenId::Disclosures,
                    sh.t(S::FilterByPeriod),
                )
                .line(
                    "period",
                    sh.t(S::Period),
                    &self.period.map(|p| p.to_string()).unwrap_or_default(),
                )
                .hint(sh.t(S::PeriodFilterHint));
                let mut f = f;
                f.keep_draft = false;
                vec![Effect::OpenForm(f)]
            }
            Action::ClearFilters => {
                self.status = None;
                self.category = None;
                self.scope = None;
                self.period = None;
                self.sort = Sort::Newest;
                vec![Effect::Reload]
            }
            Action::Sort => {
                self.sort = self.sort.next();
                vec![Effect::Reload]
            }
            _ => vec![],
        }
    }

    fn click(&mut self, row: u16, _area: Rect, _sh: &Shared) -> Vec<Effect> {
        // Filter line and table header come first.
        if click_list(&mut self.page, row, 1) {
            return vec![Effect::Reload];
        }
        vec![]
    }

    fn open_record(&mut self, id: &str, _sh: &Shared) -> bool {
        let mine = want_record(&mut self.want, id, IdKind::Disclosure);
        self.detail_open |= mine;
        mine
    }

    fn form_changed(&self, form: &mut Form, sh: &Shared) {
        if form.field_mut("statement").is_none() {
            return;
        }
        let finance = form.get("category") == Category::Finance.as_str();
        form.show("statement", finance);
        if finance {
            let options = self.statement_options(form);
            picker(form, &self.statement_pick(&options), sh);
        }
    }

    fn make_form(&self, form_id: &str, context: Option<&str>, sh: &Shared) -> Option<Form> {
        let d = context.and_then(|id| {
            self.rows
                .iter()
                .chain(self.chain.iter())
                .find(|d| d.id == id)
                .cloned()
        });
        let zh = sh.zh();
        let today = sh.today().to_string();
        Some(match form_id {
            "draft" => self
                .fields_form("draft", sh.t(S::NewDraft), &Self::new_fields(sh), sh)
                .choice(
                    "basis",
                    sh.t(S::Basis),
                    opts(
                        &[Basis::Statutory, Basis::Active],
                        |b| b.as_str(),
                        |b| b.label(zh).to_string(),
                    ),
                    "active",
                )
                .intro(sh.t(S::DraftIntro)),
            "revise" => {
                let d = d?;
                self.fields_form(
                    "revise",
                    &tr(sh.lang, S::ReviseTitle, &[&d.id]),
                    &d.fields,
                    sh,
                )
                .context(&d.id)
                .intro(sh.t(S::ReviseIntro))
            }
            "correct" => {
                let d = d?;
                // A planned date already past is no plan: propose a new one.
                let mut fields = d.fields.clone();
                let mut moved = None;
                if let Some(p) = fields.planned_on.filter(|p| *p < sh.today()) {
                    let new = sh.cal.add_working_days(sh.today(), 7);
                    fields.planned_on = Some(new);
                    moved = Some((p, new));
                }
                let mut f = self
                    .fields_form(
                        "correct",
                        &tr(sh.lang, S::CorrectTitle, &[&d.id]),
                        &fields,
                        sh,
                    )
                    .context(&d.id)
                    .intro(tr(sh.lang, S::CorrectIntro, &[&d.id]))
                    .text("explanation", sh.t(S::Explanation), "", 3);
                if let Some((old, new)) = moved {
                    f = f.intro(tr(
                        sh.lang,
                        S::PlannedMoved,
                        &[&old.to_string(), &new.to_string()],
                    ));
                }
                // The explanation first: the title and the rest follow it,
                // so the form opens at its top.
                f.fields.rotate_right(1);
                f.focus_on("explanation")
            }
            "submit" => {
                let d = d?;
                let planned = d
                    .fields
                    .planned_on
                    .unwrap_or_else(|| sh.cal.add_working_days(sh.today(), 5));
                Form::new(
                    "submit",
                    ScreenId::Disclosures,
                    &tr(sh.lang, S::SubmitTitle, &[&d.id]),
                )
                .context(&d.id)
                .intro(tr(
                    sh.lang,
                    S::SubmitIntro,
                    &[&format!("{} 《{}》", d.id, cell(&d.fields.title))],
                ))
                .line("on", sh.t(S::SubmittedOn), &today)
                .line("planned_on", sh.t(S::PlannedOn), &planned.to_string())
                .hint("YYYY-MM-DD")
            }
            "approve" => {
                let d = d?;
                Form::new(
                    "approve",
                    ScreenId::Disclosures,
                    &tr(sh.lang, S::ApproveTitle, &[&d.id]),
                )
                .context(&d.id)
                .intro(tr(
                    sh.lang,
                    S::ApproveIntro,
                    &[&format!("{} 《{}》", d.id, cell(&d.fields.title))],
                ))
                .text("note", sh.t(S::Note), sh.t(S::AgreeDefault), 3)
            }
            "return" => {
                let d = d?;
                Form::new(
                    "return",
                    ScreenId::Disclosures,
                    &tr(sh.lang, S::ReturnTitle, &[&d.id]),
                )
                .context(&d.id)
                .intro(tr(
                    sh.lang,
                    S::ReturnIntro,
                    &[&format!("{} 《{}》", d.id, cell(&d.fields.title))],
                ))
                .text("amendments", sh.t(S::Amendments), "", 5)
            }
            "publish" => {
                let d = d?;
                Form::new(
                    "publish",
                    ScreenId::Disclosures,
                    &tr(sh.lang, S::PublishTitle, &[&d.id]),
                )
                .context(&d.id)
                .intro(tr(
                    sh.lang,
                    S::PublishIntro,
                    &[&format!("{} 《{}》", d.id, cell(&d.fields.title))],
                ))
                .line("on", sh.t(S::PublishedOn), &today)
                .multi(
                    "forms",
                    sh.t(S::Forms),
                    forms_opts(zh),
                    &forms_value(&d.fields.forms),
                )
                .hint(sh.t(S::FormsHint))
                .line("seal", sh.t(S::Seal), sh.t(S::SealDefault))
            }
            _ => return None,
        })
    }

    fn form_footer(&self, form: &Form, sh: &Shared) -> Vec<String> {
        if form.id != "submit" {
            return vec![];
        }
        let on = crate::domain::types::parse_date(&form.get("on")).ok();
        let planned = crate::domain::types::parse_date(&form.get("planned_on")).ok();
        match (on, planned) {
            (Some(on), Some(p)) => self
                .late_by(on, p, sh)
                .map(|w| vec![format!("⚠ {w}")])
                .unwrap_or_default(),
            _ => vec![],
        }
    }

    fn submit(&mut self, form: &mut Form, sh: &Shared) -> Vec<Effect> {
        let id = form.context.clone().unwrap_or_default();
        let exec = |cmd: Command, done: String| {
            vec![Effect::Exec {
                cmd,
                owner: ScreenId::Disclosures,
                done,
            }]
        };
        match form.id.as_str() {
            "period_filter" => {
                let Ok(p) = opt_period(form, "period", sh) else {
                    return vec![];
                };
                self.period = p;
                self.page.selected = 0;
                vec![Effect::CloseForm, Effect::Reload]
            }
            "draft" => {
                let basis: Basis = form.get("basis").parse().unwrap_or(Basis::Active);
                match self.read_fields(form, sh) {
                    Some(fields) => exec(
                        Command::Draft {
                            fields,
                            basis,
                            request: None,
                        },
                        sh.t(S::DoneDrafted).into(),
                    ),
                    None => vec![],
                }
            }
            "revise" => match self.read_fields(form, sh) {
                Some(fields) => exec(
                    Command::Revise {
                        id: id.clone(),
                        fields,
                    },
                    tr(sh.lang, S::DoneRevised, &[&id]),
                ),
                None => vec![],
            },
            "correct" => {
                let expl = required(form, "explanation", sh);
                match (self.read_fields(form, sh), expl) {
                    (Some(fields), Some(explanation)) => exec(
                        Command::Correct {
                            id: id.clone(),
                            fields,
                            explanation,
                        },
                        tr(sh.lang, S::DoneCorrected, &[&id]),
                    ),
                    _ => vec![],
                }
            }
            "submit" => {
                let on = date(form, "on", sh);
                let planned = opt_date(form, "planned_on", sh);
                let plan = planned.ok().flatten().or_else(|| {
                    self.rows
                        .iter()
                        .find(|d| d.id == id)
                        .and_then(|d| d.fields.planned_on)
                });
                match (on, planned) {
                    (Some(on), Ok(planned_on)) => exec(
                        Command::Submit {
                            id: id.clone(),
                            on,
                            planned_on,
                        },
                        match plan.and_then(|p| self.late_by(on, p, sh)) {
                            Some(warn) => {
                                format!("{} — {warn}", tr(sh.lang, S::DoneSubmitted, &[&id]))
                            }
                            None => tr(sh.lang, S::DoneSubmitted, &[&id]),
                        },
                    ),
                    _ => vec![],
                }
            }
            "approve" => exec(
                Command::Approve {
                    id: id.clone(),
                    note: form.get("note"),
                },
                tr(sh.lang, S::DoneApproved, &[&id]),
            ),
            "return" => match required(form, "amendments", sh) {
                Some(amendments) => exec(
                    Command::Return {
                        id: id.clone(),
                        amendments,
                    },
                    tr(sh.lang, S::DoneReturned, &[&id]),
                ),
                None => vec![],
            },
            "publish" => {
                let on = date(form, "on", sh);
                let forms = pub_forms(form, "forms", sh);
                let seal = form.get("seal");
                match (on, forms) {
                    (Some(on), Ok(forms)) => exec(
                        Command::Publish {
                            id: id.clone(),
                            on,
                            forms: (!forms.is_empty()).then_some(forms),
                            seal,
                        },
                        tr(sh.lang, S::DonePublished, &[&id]),
                    ),
                    _ => vec![],
                }
            }
            _ => vec![],
        }
    }

    fn executed(&mut self, events: &[crate::domain::Envelope], _sh: &Shared) -> Vec<Effect> {
        // Select what was just drafted or corrected.
        for e in events {
            if let crate::domain::EventBody::DisclosureDrafted { id, .. } = &e.body {
                self.want = Some(id.clone());
            }
        }
        vec![]
    }
}
