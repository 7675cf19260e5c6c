//! Supervision checks: record a check for a period with its findings (one
//! of the ten failings, the correction required, a deadline) and mark
//! findings resolved. Rows are findings; unresolved ones past their
//! deadline stand out.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;

use super::util::*;
use super::{Screen, ScreenId};
use crate::domain::workflow::IdKind;
use crate::domain::{
    Aspect, AspectResult, Check, Command, Failing, Finding, Level, Office, Period, Resolution,
};
use crate::store::{Reader, StoreError};
use crate::tui::action::Action;
use crate::tui::app::{Effect, Shared};
use crate::tui::strings::{S, tr};
use crate::tui::widgets::form::{Field, Form, Kind};
use crate::tui::widgets::table::{Mark, PageTable};
use crate::tui::widgets::{Paged, cell};

#[derive(Default)]
pub struct Checks {
    checks: Vec<Check>,
    resolutions: BTreeMap<(String, u32), Resolution>,
    /// (check index, finding number or 0 for a check without findings)
    rows: Vec<(usize, u32)>,
    page: Paged,
    want: Option<String>,
    /// This office, and the offices it may check (itself first, then those
    /// of a lower level), as picker options (code, name), read at this
    /// data generation.
    own: Option<Office>,
    targets: Vec<(String, String)>,
    targets_at: Option<u64>,
}

/// Community and workstation 0, street 1, district 2: an office checks
/// itself and the offices below it.
fn rank(l: Level) -> u8 {
    match l {
        Level::Community | Level::Workstation => 0,
        Level::Street => 1,
        Level::District => 2,
    }
}

fn aspect_fields(form: &mut Form, sh: &Shared) {
    let zh = sh.zh();
    for a in Aspect::ALL {
        let res = vec![
            ("ok".to_string(), sh.t(S::AspectOk).to_string()),
            ("wanting".to_string(), sh.t(S::AspectWanting).to_string()),
            (
                "unchecked".to_string(),
                sh.t(S::AspectUnchecked).to_string(),
            ),
        ];
        form.fields.push(Field::new(
            &format!("aspect_{}", a.as_str()),
            &format!("{} · {}", sh.t(S::Aspects), a.label(zh)),
            Kind::Choice(res),
            "ok",
        ));
        let mut note = Field::new(
            &format!("aspect_{}_note", a.as_str()),
            &format!("{} {}", a.label(zh), sh.t(S::AspectNote)),
            Kind::Line,
            "",
        );
        note.hidden = true;
        form.fields.push(note);
    }
}

/// The aspects as recorded: those not checked are left out.
fn read_aspects(form: &Form) -> Vec<AspectResult> {
    Aspect::ALL
        .iter()
        .filter_map(|a| {
            let v = form.get(&format!("aspect_{}", a.as_str()));
            (v != "unchecked").then(|| AspectResult {
                aspect: *a,
                ok: v == "ok",
                note: if v == "ok" {
                    String::new()
                } else {
                    form.get(&format!("aspect_{}_note", a.as_str()))
                        .trim()
                        .to_string()
                },
            })
        })
        .collect()
}

fn finding_fields(form: &mut Form, n: u32, sh: &Shared) {
    let zh = sh.zh();
    let mut failing = vec![("none".to_string(), "—".to_string())];
    failing.extend(opts(
        Failing::ALL,
        |f| f.as_str(),
        |f| f.label(zh).to_string(),
    ));
    let label = |s: S| format!("{} {} {}", sh.t(S::Finding), n, sh.t(s));
    form.fields.push(Field::new(
        &format!("f{n}_failing"),
        &label(S::Failing),
        Kind::Choice(failing),
        "none",
    ));
    form.fields.push(Field::new(
        &format!("f{n}_desc"),
        &label(S::Description),
        Kind::Text(2),
        "",
    ));
    form.fields.push(Field::new(
        &format!("f{n}_corr"),
        &label(S::CorrectionRequired),
        Kind::Text(2),
        "",
    ));
    // Ten working days, as long as a resident waits for an answer.
    let dl = sh.cal.add_working_days(sh.today(), 10).to_string();
    let mut deadline = Field::new(
        &format!("f{n}_deadline"),
        &label(S::Deadline),
        Kind::Line,
        &dl,
    );
    deadline.hint = Some("YYYY-MM-DD".into());
    form.fields.push(deadline);
}

fn finding_count(form: &Form) -> u32 {
    form.fields
        .iter()
        .filter(|f| f.key.ends_with("_failing"))
        .count() as u32
}

impl Checks {
    fn selected(&self) -> Option<(&Check, Option<&Finding>)> {
        let (ci, n) = *self.rows.get(self.page.selected)?;
        let c = self.checks.get(ci)?;
        Some((c, c.findings.iter().find(|f| f.n == n)))
    }

    fn target_pick<'a>(&self, options: &'a [(String, String)]) -> Pick<'a> {
        Pick {
            key: "target",
            options,
            none: S::NoOfficeMatches,
        }
    }

    /// A street or district office checks the offices below it: it picks
    /// one; a community checks itself unless it picks otherwise.
    fn checks_others(&self) -> bool {
        self.own.as_ref().is_some_and(|o| rank(o.level) > 0)
    }

    fn check_form(&self, sh: &Shared) -> Form {
        let prev = Period::month_of(
            sh.today()
                - chrono::Duration::days(
                    sh.today()
                        .format("%d")
                        .to_string()
                        .parse::<i64>()
                        .unwrap_or(1),
                ),
        );
        let target = match &self.own {
            Some(o) if !self.checks_others() => o.code.to_string(),
            _ => String::new(),
        };
        let mut f = Form::new("check", ScreenId::Checks, sh.t(S::NewCheck))
            .intro(tr(
                sh.lang,
                S::CheckIntro,
                &[&sh.key("form", Action::AddLine)],
            ))
            .line("target", sh.t(S::TargetOffice), &target)
            .hint(sh.t(S::TargetHint))
            .line("period", sh.t(S::Period), &prev.to_string())
            .line("checked_on", sh.t(S::CheckedOn), &sh.today().to_string())
            .line(
                "members",
                sh.t(S::Members),
                sh.operator.as_ref().map(|o| o.name.as_str()).unwrap_or(""),
            )
            .hint(sh.t(S::MembersHint));
        aspect_fields(&mut f, sh);
        let mut f = f.text("summary", sh.t(S::Summary), "", 3);
        finding_fields(&mut f, 1, sh);
        f.tools(&[Action::AddLine])
    }
}

impl Screen for Checks {
    fn id(&self) -> ScreenId {
        ScreenId::Checks
    }
    fn title(&self, sh: &Shared) -> String {
        sh.t(S::TabChecks).into()
    }
    fn goto(&self) -> Option<Action> {
        Some(Action::GotoChecks)
    }

    fn act_of(&self, a: Action) -> Option<crate::domain::workflow::Act> {
        use crate::domain::workflow::Act;
        match a {
            Action::New => Some(Act::RecordCheck),
            Action::Resolve | Action::Open => Some(Act::ResolveFinding),
            _ => None,
        }
    }

    fn refresh(&mut self, r: &Reader, sh: &Shared) -> Result<(), StoreError> {
        if self.targets_at != Some(sh.generation) {
            self.own = r.own_office()?;
            let mine = self.own.as_ref().map(|o| rank(o.level)).unwrap_or(0);
            let own_code = self.own.as_ref().map(|o| o.code.clone());
            self.targets = vec![];
            for o in r.offices()? {
                let me = Some(&o.code) == own_code.as_ref();
                if me || rank(o.level) < mine {
                    let label = if me {
                        format!("{} ({})", o.name, sh.t(S::ThisOffice))
                    } else {
                        o.name.clone()
                    };
                    let row = (o.code.to_string(), label);
                    if me {
                        self.targets.insert(0, row);
                    } else {
                        self.targets.push(row);
                    }
                }
            }
            self.targets_at = Some(sh.generation);
        }
        let mut checks: Vec<Check> = r
            .checks()?
            .into_iter()
            .filter(|c| {
                sh.office_filter
                    .as_ref()
                    .is_none_or(|o| &c.office == o || &c.target == o)
            })
            .collect();
        checks.sort_by(|a, b| b.id.cmp(&a.id));
        self.resolutions = r
            .resolutions()?
            .into_iter()
            .map(|x| ((x.check.clone(), x.finding), x))
            .collect();
        self.rows.clear();
        for (i, c) in checks.iter().enumerate() {
            if c.findings.is_empty() {
                self.rows.push((i, 0));
            }
            for f in &c.findings {
                self.rows.push((i, f.n));
            }
        }
        self.checks = checks;
        if let Some(w) = self.want.take()
            && let Some(i) = self
                .rows
                .iter()
                .position(|(ci, _)| self.checks[*ci].id == w)
        {
            self.page.selected = i;
        }
        let h = sh
            .list_rows()
            .saturating_sub(if sh.wide() { 0 } else { 7 })
            .max(3);
        self.page.set(self.rows.len(), h);
        Ok(())
    }

    fn draw(&self, sh: &Shared, f: &mut Frame, area: Rect) {
        let zh = sh.zh();
        let open = self
            .rows
            .iter()
            .filter(|(ci, n)| {
                *n > 0
                    && !self
                        .resolutions
                        .contains_key(&(self.checks[*ci].id.clone(), *n))
            })
            .count();
        let body = head_line(
            f,
            area,
            &(office_tag(sh)
                + &tr(
                    sh.lang,
                    S::ChecksHead,
                    &[&self.checks.len().to_string(), &open.to_string()],
                )),
        );
        let (Some(la), Some(da)) =
            list_detail(body, sh, 60, Narrow::Below(self.page.height as u16 + 1))
        else {
            return;
        };
        if self.rows.is_empty() {
            empty_list(f, sh, la);
            return;
        }
        let today = sh.today();
        let rows: Vec<(Vec<String>, Mark)> = self
            .rows
            .iter()
            .skip(self.page.top)
            .take(self.page.height)
            .map(|(ci, n)| {
                let c = &self.checks[*ci];
                match c.findings.iter().find(|f| f.n == *n) {
                    Some(fd) => {
                        let res = self.resolutions.get(&(c.id.clone(), fd.n));
                        let (state, mark) = match res {
                            Some(r) => {
                                (tr(sh.lang, S::ResolvedOn, &[&r.on.to_string()]), Mark::Dim)
                            }
                            None if fd.deadline < today => {
                                (sh.t(S::PastDeadline).to_string(), Mark::Alert)
                            }
                            None => (sh.t(S::Open).to_string(), Mark::Normal),
                        };
                        (
                            vec![
                                c.id.clone(),
                                c.period.to_string(),
                                format!("#{}", fd.n),
                                fd.failing
                                    .map(|x| x.label(zh).to_string())
                                    .unwrap_or_else(|| "—".into()),
                                fd.deadline.to_string(),
                                state,
                                cell(&fd.description),
                            ],
                            mark,
                        )
                    }
                    None => (
                        vec![
                            c.id.clone(),
                            c.period.to_string(),
                            "—".into(),
                            String::new(),
                            String::new(),
                            sh.t(S::NoFindings).into(),
                            cell(&c.summary),
                        ],
                        Mark::Good,
                    ),
                }
            })
            .collect();
        // A narrow list leaves the finding's text to the detail below/beside.
        let cols = if la.width < 100 { 6 } else { 7 };
        let rows: Vec<(Vec<String>, Mark)> = rows
            .into_iter()
            .map(|(mut c, m): (Vec<String>, Mark)| {
                c.truncate(cols);
                (c, m)
            })
            .collect();
        let mut widths = vec![
            Constraint::Length(16),
            Constraint::Length(8),
            Constraint::Length(3),
            Constraint::Length(14),
            Constraint::Length(10),
            // "已整改 2026-11-10": the status first, then the day it was done.
            Constraint::Length(17),
            Constraint::Fill(1),
        ];
        widths.truncate(cols);
        if cols == 6 {
            widths[5] = Constraint::Fill(1);
        }
        let mut header = vec![
            sh.t(S::Id),
            sh.t(S::Period),
            "#",
            sh.t(S::Failing),
            sh.t(S::Deadline),
            sh.t(S::Status),
            sh.t(S::Finding),
        ];
        header.truncate(cols);
        PageTable {
            header,
            widths,
            rows,
            cursor: Some(self.page.cursor()),
            focused: true,
            right: vec![],
        }
        .draw(f, la);
        if let Some((c, fd)) = self.selected() {
            let mut lines = vec![
                Line::from(format!(
                    "{}  {} {}  {} {}",
                    c.id,
                    sh.t(S::Period),
                    c.period,
                    sh.t(S::CheckedOn),
                    c.checked_on
                )),
                Line::from(format!(
                    "{}: {}{}",
                    sh.t(S::TargetOffice),
                    c.target,
                    self.targets
                        .iter()
                        .find(|(code, _)| code == c.target.as_str())
                        .map(|(_, name)| format!(" {}", cell(name)))
                        .unwrap_or_default()
                )),
                Line::from(format!(
                    "{}: {}",
                    sh.t(S::Members),
                    c.members
                        .iter()
                        .map(|m| cell(m))
                        .collect::<Vec<_>>()
                        .join("、")
                )),
            ];
            if let Some(fd) = fd {
                lines.push(Line::from(format!("#{} {}", fd.n, cell(&fd.description))));
                lines.push(Line::from(format!(
                    "{}: {}",
                    sh.t(S::CorrectionRequired),
                    cell(&fd.correction_required)
                )));
                if let Some(r) = self.resolutions.get(&(c.id.clone(), fd.n)) {
                    lines.push(Line::from(format!(
                        "{} {} ({}): {}",
                        sh.t(S::Resolved),
                        r.on,
                        cell(&r.by),
                        cell(&r.note)
                    )));
                }
            }
            if !c.aspects.is_empty() {
                let parts: Vec<String> = c
                    .aspects
                    .iter()
                    .map(|a| {
                        let res = sh.t(if a.ok { S::AspectOk } else { S::AspectWanting });
                        if a.note.trim().is_empty() {
                            format!("{} {res}", a.aspect.label(zh))
                        } else {
                            format!("{} {res}（{}）", a.aspect.label(zh), cell(&a.note))
                        }
                    })
                    .collect();
                lines.push(Line::from(format!(
                    "{}: {}",
                    sh.t(S::Aspects),
                    parts.join(if zh { "；" } else { "; " })
                )));
            }
            for l in text_lines(&c.summary) {
                lines.push(Line::from(l));
            }
            detail_pane(f, da, lines, !sh.wide(), Pane::Wrapped(0));
        }
    }

    fn update(&mut self, a: Action, sh: &Shared) -> Vec<Effect> {
        match a {
            Action::New => vec![Effect::OpenForm(self.check_form(sh))],
            Action::Resolve | Action::Open => {
                let Some((c, Some(fd))) = self.selected() else {
                    return vec![Effect::Info(sh.t(S::NoFindingSelected).into())];
                };
                if self.resolutions.contains_key(&(c.id.clone(), fd.n)) {
                    return vec![Effect::Info(tr(
                        sh.lang,
                        S::AlreadyResolved,
                        &[&c.id, &fd.n.to_string()],
                    ))];
                }
                let f = Form::new(
                    "resolve",
                    ScreenId::Checks,
                    &tr(sh.lang, S::ResolveTitle, &[&c.id, &fd.n.to_string()]),
                )
                .context(&format!("{}#{}", c.id, fd.n))
                .intro(format!(
                    "{}: {}",
                    sh.t(S::CorrectionRequired),
                    cell(&fd.correction_required)
                ))
                .line("on", sh.t(S::Date), &sh.today().to_string())
                .text("note", sh.t(S::WhatWasDone), "", 3)
                .focus_on("note");
                vec![Effect::OpenForm(f)]
            }
            a => {
                self.page.apply(a);
                vec![]
            }
        }
    }

    fn click(&mut self, row: u16, _area: Rect, _sh: &Shared) -> Vec<Effect> {
        click_list(&mut self.page, row, 1);
        vec![]
    }

    fn open_record(&mut self, id: &str, _sh: &Shared) -> bool {
        want_record(&mut self.want, id, IdKind::Check)
    }

    fn make_form(&self, form_id: &str, _context: Option<&str>, sh: &Shared) -> Option<Form> {
        (form_id == "check").then(|| self.check_form(sh))
    }

    fn restore(&self, form: &mut Form, values: &BTreeMap<String, String>, sh: &Shared) {
        let want = values.keys().filter(|k| k.ends_with("_failing")).count() as u32;
        while finding_count(form) < want {
            let n = finding_count(form) + 1;
            finding_fields(form, n, sh);
        }
        form.apply(values);
    }

    fn form_changed(&self, form: &mut Form, sh: &Shared) {
        if form.id != "check" {
            return;
        }
        if form.request.take() == Some(Action::AddLine) {
            let n = finding_count(form) + 1;
            finding_fields(form, n, sh);
            form.focus = form.fields.len() - 4;
        }
        for a in Aspect::ALL {
            let wanting = form.get(&format!("aspect_{}", a.as_str())) == "wanting";
            form.show(&format!("aspect_{}_note", a.as_str()), wanting);
        }
        picker(form, &self.target_pick(&self.targets), sh);
    }

    fn form_footer(&self, form: &Form, sh: &Shared) -> Vec<String> {
        if form.id == "check" {
            vec![tr(
                sh.lang,
                S::AddFindingHint,
                &[&sh.key("form", Action::AddLine)],
            )]
        } else {
            vec![]
        }
    }

    fn submit(&mut self, form: &mut Form, sh: &Shared) -> Vec<Effect> {
        match form.id.as_str() {
            "check" => {
                let period = match Period::parse(&form.get("period")) {
                    Ok(p) => Some(p),
                    Err(e) => {
                        form.set_error("period", e.message(sh.zh()));
                        None
                    }
                };
                let target = match picked(form, &self.target_pick(&self.targets), sh) {
                    Ok(None) if self.checks_others() => {
                        form.set_error("target", sh.t(S::PickTarget));
                        None
                    }
                    Ok(t) => t,
                    Err(_) => None,
                };
                let on = date(form, "checked_on", sh);
                let members: Vec<String> = form
                    .get("members")
                    .split([',', '，', '、', ';'])
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                if members.is_empty() {
                    form.set_error("members", sh.t(S::Required));
                }
                let mut findings = vec![];
                for n in 1..=finding_count(form) {
                    let desc = form.get(&format!("f{n}_desc"));
                    let corr = form.get(&format!("f{n}_corr"));
                    if desc.trim().is_empty() && corr.trim().is_empty() {
                        continue;
                    }
                    if corr.trim().is_empty() {
                        form.set_error(&format!("f{n}_corr"), sh.t(S::Required));
                    }
                    if desc.trim().is_empty() {
                        form.set_error(&format!("f{n}_desc"), sh.t(S::Required));
                    }
                    let mut deadline = date(form, &format!("f{n}_deadline"), sh);
                    if let (Some(d), Some(c)) = (deadline, on)
                        && d < c
                    {
                        form.set_error(&format!("f{n}_deadline"), sh.t(S::DeadlineBeforeCheck));
                        deadline = None;
                    }
                    let failing = form.get(&format!("f{n}_failing")).parse::<Failing>().ok();
                    if let Some(deadline) = deadline {
                        findings.push(Finding {
                            n: findings.len() as u32 + 1,
                            failing,
                            about: None,
                            description: desc.trim().into(),
                            correction_required: corr.trim().into(),
                            deadline,
                        });
                    }
                }
                if form.has_errors() {
                    return vec![];
                }
                let (Some(period), Some(checked_on)) = (period, on) else {
                    return vec![];
                };
                vec![Effect::Exec {
                    cmd: Command::RecordCheck {
                        target: target.and_then(|t| crate::domain::OfficeCode::parse(&t).ok()),
                        period,
                        checked_on,
                        members,
                        aspects: read_aspects(form),
                        findings,
                        summary: form.get("summary"),
                    },
                    owner: ScreenId::Checks,
                    done: sh.t(S::DoneCheck).into(),
                }]
            }
            "resolve" => {
                let ctx = form.context.clone().unwrap_or_default();
                let Some((check, n)) = ctx.rsplit_once('#') else {
                    return vec![];
                };
                let Ok(finding) = n.parse::<u32>() else {
                    return vec![];
                };
                let on = date(form, "on", sh);
                let note = required(form, "note", sh);
                match (on, note) {
                    (Some(on), Some(note)) => vec![Effect::Exec {
                        cmd: Command::ResolveFinding {
                            check: check.to_string(),
                            finding,
                            on,
                            note,
                        },
                        owner: ScreenId::Checks,
                        done: tr(sh.lang, S::DoneResolved, &[check, n]),
                    }],
                    _ => vec![],
                }
            }
            _ => vec![],
        }
    }

    fn executed(&mut self, events: &[crate::domain::Envelope], _sh: &Shared) -> Vec<Effect> {
        for e in events {
            if let crate::domain::EventBody::CheckRecorded { check } = &e.body {
                self.want = Some(check.id.clone());
            }
        }
        vec![]
    }
}
