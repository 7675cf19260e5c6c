//! Finance statements: the list by period with computed totals, and an
//! editor of lines (category, description, amount) whose totals and
//! balances update as you type. Amounts are parsed exactly (≤ 2 decimals).

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use rust_decimal::Decimal;

use super::util::{
    Narrow, Pane, click_list, detail_pane, empty_list, head_line, list_detail, opts, want_record,
};
use super::{Screen, ScreenId};
use crate::domain::money::{LineCategory, format_amount, parse_amount, totals};
use crate::domain::workflow::IdKind;
use crate::domain::{Command, Line as FinLine, Period, StatementView};
use crate::store::{Reader, StoreError};
use crate::tui::action::Action;
use crate::tui::app::{Effect, Shared};
use crate::tui::strings::{S, tr};
use crate::tui::widgets::form::{Field, Form, Kind};
use crate::tui::widgets::table::{Mark, PageTable};
use crate::tui::widgets::{Paged, cell};

#[derive(Default)]
pub struct Finance {
    views: Vec<StatementView>,
    locked: BTreeMap<String, String>,
    page: Paged,
    want: Option<String>,
}

fn line_fields(form: &mut Form, n: u32, sh: &Shared, l: Option<&FinLine>) {
    let zh = sh.zh();
    let mut cat = Field::new(
        &format!("cat_{n}"),
        &format!("#{}", n + 1),
        Kind::Choice(opts(
            LineCategory::ALL,
            |c| c.as_str(),
            |c| c.label(zh).to_string(),
        )),
        l.map(|l| l.category.as_str()).unwrap_or("grant"),
    );
    cat.row = Some(n);
    let mut desc = Field::new(
        &format!("desc_{n}"),
        "",
        Kind::Line,
        l.map(|l| l.description.as_str()).unwrap_or(""),
    );
    desc.row = Some(n);
    desc.hint = Some(sh.t(S::Description).into());
    let mut amt = Field::new(
        &format!("amt_{n}"),
        "",
        Kind::Line,
        &l.map(|l| l.amount.to_string()).unwrap_or_default(),
    );
    amt.row = Some(n);
    amt.hint = Some(sh.t(S::Amount).into());
    form.fields.push(cat);
    form.fields.push(desc);
    form.fields.push(amt);
}

fn line_rows(form: &Form) -> Vec<u32> {
    let mut rows: Vec<u32> = form.fields.iter().filter_map(|f| f.row).collect();
    rows.dedup();
    rows
}

impl Finance {
    fn selected(&self) -> Option<&StatementView> {
        // Newest period first on screen.
        let n = self.views.len();
        self.page
            .selected
            .checked_sub(0)
            .and_then(|i| n.checked_sub(i + 1))
            .and_then(|i| self.views.get(i))
    }

    fn carried_for(&self, period: Option<Period>, id: Option<&str>) -> Decimal {
        let Some(p) = period else {
            return Decimal::ZERO;
        };
        self.views
            .iter()
            .filter(|v| v.statement.superseded_by.is_none() && Some(v.statement.id.as_str()) != id)
            .rfind(|v| v.statement.period.end() < p.start())
            .map(|v| v.totals.closing)
            .unwrap_or(Decimal::ZERO)
    }

    fn editor(&self, v: Option<&StatementView>, sh: &Shared) -> Form {
        let mut f = match v {
            Some(v) => {
                let locked = self.locked.get(&v.statement.id);
                let mut f = Form::new(
                    "statement",
                    ScreenId::Finance,
                    &tr(
                        sh.lang,
                        S::EditStatement,
                        &[&v.statement.id, &v.statement.period.to_string()],
                    ),
                )
                .context(&v.statement.id);
                if let Some(by) = locked {
                    f = f.intro(tr(sh.lang, S::StatementLocked, &[by]));
                }
                f.line("period", sh.t(S::Period), &v.statement.period.to_string())
            }
            None => {
                let next = self
                    .views
                    .iter()
                    .rev()
                    .find(|v| v.statement.superseded_by.is_none())
                    .map(|v| v.statement.period.next())
                    .unwrap_or_else(|| Period::month_of(sh.today()));
                Form::new("statement", ScreenId::Finance, sh.t(S::NewStatement))
                    .intro(tr(
                        sh.lang,
                        S::StatementIntro,
                        &[
                            &sh.key("form", Action::AddLine),
                            &sh.key("form", Action::DeleteLine),
                        ],
                    ))
                    .line("period", sh.t(S::Period), &next.to_string())
            }
        };
        let first =
            self.views.is_empty() || v.is_some_and(|v| v.statement.opening_balance.is_some());
        f = f
            .line(
                "opening",
                sh.t(S::OpeningBalance),
                &v.and_then(|v| v.statement.opening_balance)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            )
            .hint(sh.t(S::OpeningHint));
        if !first {
            f.show("opening", false);
        }
        match v {
            Some(v) if !v.statement.lines.is_empty() => {
                for (i, l) in v.statement.lines.iter().enumerate() {
                    line_fields(&mut f, i as u32, sh, Some(l));
                }
            }
            _ => line_fields(&mut f, 0, sh, None),
        }
        f.focus = f.fields.iter().position(|x| x.row.is_some()).unwrap_or(0);
        f.tools(&[Action::AddLine, Action::DeleteLine])
    }

    /// Reads the lines typed; marks bad amounts. `None` if any is bad.
    fn read_lines(form: &mut Form, mark: bool, zh: bool) -> Option<Vec<FinLine>> {
        let mut out = vec![];
        let mut bad = false;
        for n in line_rows(form) {
            let desc = form.get(&format!("desc_{n}"));
            let amt = form.get(&format!("amt_{n}"));
            if desc.trim().is_empty() && amt.trim().is_empty() {
                continue;
            }
            let cat: LineCategory = form
                .get(&format!("cat_{n}"))
                .parse()
                .unwrap_or(LineCategory::OtherIncome);
            match parse_amount(&amt) {
                Ok(a) => {
                    if mark && let Some(fl) = form.field_mut(&format!("amt_{n}")) {
                        fl.error = None;
                    }
                    out.push(FinLine {
                        category: cat,
                        description: desc.trim().to_string(),
                        amount: a,
                    })
                }
                Err(e) => {
                    bad = true;
                    if mark && let Some(fl) = form.field_mut(&format!("amt_{n}")) {
                        fl.error = Some(e.message(zh));
                    }
                }
            }
        }
        (!bad).then_some(out)
    }
}

impl Screen for Finance {
    fn id(&self) -> ScreenId {
        ScreenId::Finance
    }
    fn title(&self, sh: &Shared) -> String {
        sh.t(S::TabFinance).into()
    }
    fn goto(&self) -> Option<Action> {
        Some(Action::GotoFinance)
    }

    fn act_of(&self, a: Action) -> Option<crate::domain::workflow::Act> {
        matches!(a, Action::New | Action::Edit)
            .then_some(crate::domain::workflow::Act::PrepareStatement)
    }

    fn refresh(&mut self, r: &Reader, sh: &Shared) -> Result<(), StoreError> {
        let office = sh.office_filter.clone().or_else(|| r.own_code().cloned());
        self.views = match &office {
            Some(o) => r.statement_views(o)?,
            None => vec![],
        };
        self.locked.clear();
        for v in &self.views {
            if let Some(by) = r.statement_locked_by(&v.statement.id)? {
                self.locked.insert(v.statement.id.clone(), by);
            }
        }
        if let Some(w) = self.want.take()
            && let Some(i) = self.views.iter().position(|v| v.statement.id == w)
        {
            self.page.selected = self.views.len() - 1 - i;
        }
        let h = sh
            .list_rows()
            .saturating_sub(if sh.wide() { 0 } else { 8 })
            .max(3);
        self.page.set(self.views.len(), h);
        Ok(())
    }

    fn draw(&self, sh: &Shared, f: &mut Frame, area: Rect) {
        let zh = sh.zh();
        let body = head_line(
            f,
            area,
            &(super::util::office_tag(sh)
                + &tr(sh.lang, S::FinanceHead, &[&self.views.len().to_string()])),
        );
        let (Some(la), Some(da)) =
            list_detail(body, sh, 55, Narrow::Below(self.page.height as u16 + 1))
        else {
            return;
        };
        if self.views.is_empty() {
            empty_list(f, sh, la);
            return;
        }
        let rows = self
            .views
            .iter()
            .rev()
            .skip(self.page.top)
            .take(self.page.height)
            .map(|v| {
                let state = if v.statement.superseded_by.is_some() {
                    sh.t(S::Superseded).to_string()
                } else if let Some(by) = self.locked.get(&v.statement.id) {
                    tr(sh.lang, S::DisclosedBy, &[by])
                } else {
                    sh.t(S::NotDisclosed).to_string()
                };
                let mark = if v.statement.superseded_by.is_some() {
                    Mark::Dim
                } else {
                    Mark::Normal
                };
                (
                    vec![
                        v.statement.period.to_string(),
                        v.statement.id.clone(),
                        format_amount(v.totals.income),
                        format_amount(v.totals.expenditure),
                        format_amount(v.totals.closing),
                        state,
                    ],
                    mark,
                )
            })
            .collect();
        PageTable {
            header: vec![
                sh.t(S::Period),
                sh.t(S::Id),
                sh.t(S::Income),
                sh.t(S::Expenditure),
                sh.t(S::Closing),
                sh.t(S::Status),
            ],
            widths: vec![
                Constraint::Length(8),
                Constraint::Length(16),
                Constraint::Length(12),
                Constraint::Length(12),
                Constraint::Length(12),
                Constraint::Fill(1),
            ],
            rows,
            cursor: Some(self.page.cursor()),
            focused: true,
            right: vec![2, 3, 4],
        }
        .draw(f, la);
        if let Some(v) = self.selected() {
            let t = &v.totals;
            let mut lines = vec![Line::from(Span::styled(
                format!("{}  {}", v.statement.id, v.statement.period),
                Style::default().add_modifier(Modifier::BOLD),
            ))];
            lines.push(Line::from(format!(
                "{} {}  {} {}  {} {}  {} {}",
                sh.t(S::CarriedForward),
                format_amount(t.carried_forward),
                sh.t(S::Income),
                format_amount(t.income),
                sh.t(S::Expenditure),
                format_amount(t.expenditure),
                sh.t(S::Closing),
                format_amount(t.closing)
            )));
            let cat_w = v
                .statement
                .lines
                .iter()
                .map(|l| crate::tui::widgets::width(l.category.label(zh)))
                .max()
                .unwrap_or(0);
            for l in &v.statement.lines {
                let sign = match l.category.direction() {
                    crate::domain::money::Direction::Income => "+",
                    crate::domain::money::Direction::Expenditure => "−",
                };
                lines.push(Line::from(format!(
                    "{sign} {:>12}  {}  {}",
                    format_amount(l.amount),
                    crate::tui::widgets::pad(l.category.label(zh), cat_w),
                    cell(&l.description)
                )));
            }
            detail_pane(f, da, lines, !sh.wide(), Pane::Cut);
        }
    }

    fn update(&mut self, a: Action, sh: &Shared) -> Vec<Effect> {
        match a {
            Action::New => vec![Effect::OpenForm(self.editor(None, sh))],
            // Open edits only for those who prepare statements.
            Action::Open
                if !sh.operator.as_ref().is_some_and(|o| {
                    crate::domain::workflow::may(
                        o.role,
                        crate::domain::workflow::Act::PrepareStatement,
                    )
                }) =>
            {
                vec![]
            }
            Action::Edit | Action::Open => match self.selected() {
                Some(v) if v.statement.superseded_by.is_some() => {
                    vec![Effect::Error(tr(
                        sh.lang,
                        S::StatementSuperseded,
                        &[&v.statement.id],
                    ))]
                }
                Some(v) => vec![Effect::OpenForm(self.editor(Some(v), sh))],
                None => vec![],
            },
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
        want_record(&mut self.want, id, IdKind::Statement)
    }

    fn make_form(&self, form_id: &str, context: Option<&str>, sh: &Shared) -> Option<Form> {
        if form_id != "statement" {
            return None;
        }
        let v = context.and_then(|id| self.views.iter().find(|v| v.statement.id == id));
        Some(self.editor(v, sh))
    }

    fn restore(&self, form: &mut Form, values: &BTreeMap<String, String>, sh: &Shared) {
        // Make room for every line the draft had.
        let want = values.keys().filter(|k| k.starts_with("cat_")).count() as u32;
        let mut have = line_rows(form).len() as u32;
        while have < want {
            line_fields(form, have, sh, None);
            have += 1;
        }
        form.apply(values);
    }

    fn form_changed(&self, form: &mut Form, sh: &Shared) {
        match form.request.take() {
            Some(Action::AddLine) => {
                let n = line_rows(form).last().map(|n| n + 1).unwrap_or(0);
                line_fields(form, n, sh, None);
                form.focus = form.fields.len() - 3;
            }
            Some(Action::DeleteLine) => {
                if let Some(n) = form.fields.get(form.focus).and_then(|f| f.row)
                    && line_rows(form).len() > 1
                {
                    form.fields.retain(|f| f.row != Some(n));
                    form.focus = form
                        .fields
                        .iter()
                        .position(|f| f.row.is_some())
                        .unwrap_or(0);
                }
            }
            _ => {}
        }
        Self::read_lines(form, true, sh.zh());
    }

    fn form_footer(&self, form: &Form, sh: &Shared) -> Vec<String> {
        let mut fm = form.clone();
        let lines = Self::read_lines(&mut fm, false, sh.zh());
        let period = Period::parse(&form.get("period")).ok();
        let opening = parse_amount(&form.get("opening")).ok();
        let cf = opening.unwrap_or_else(|| self.carried_for(period, form.context.as_deref()));
        match lines {
            Some(l) => {
                let t = totals(cf, &l);
                vec![format!(
                    "{} {}   {} {}   {} {}   {} {}",
                    sh.t(S::CarriedForward),
                    format_amount(t.carried_forward),
                    sh.t(S::Income),
                    format_amount(t.income),
                    sh.t(S::Expenditure),
                    format_amount(t.expenditure),
                    sh.t(S::Closing),
                    format_amount(t.closing)
                )]
            }
            None => vec![sh.t(S::FixAmounts).into()],
        }
    }

    fn submit(&mut self, form: &mut Form, sh: &Shared) -> Vec<Effect> {
        let period = match Period::parse(&form.get("period")) {
            Ok(p) => Some(p),
            Err(e) => {
                form.set_error("period", e.message(sh.zh()));
                None
            }
        };
        let opening = form.get("opening");
        let opening_balance = if opening.trim().is_empty() {
            None
        } else {
            match parse_amount(&opening) {
                Ok(d) => Some(d),
                Err(e) => {
                    form.set_error("opening", e.message(sh.zh()));
                    None
                }
            }
        };
        let lines = Self::read_lines(form, true, sh.zh());
        let (Some(period), Some(lines)) = (period, lines) else {
            return vec![];
        };
        if form.has_errors() {
            return vec![];
        }
        let cmd = match form.context.clone() {
            Some(id) if self.locked.contains_key(&id) => Command::DraftStatement {
                period,
                lines,
                opening_balance,
                supersedes: Some(id),
            },
            Some(id) => Command::ReviseStatement {
                id,
                lines,
                opening_balance,
            },
            None => Command::DraftStatement {
                period,
                lines,
                opening_balance,
                supersedes: None,
            },
        };
        vec![Effect::Exec {
            cmd,
            owner: ScreenId::Finance,
            done: sh.t(S::DoneStatement).into(),
        }]
    }

    fn executed(&mut self, events: &[crate::domain::Envelope], _sh: &Shared) -> Vec<Effect> {
        for e in events {
            if let crate::domain::EventBody::StatementDrafted { statement } = &e.body {
                self.want = Some(statement.id.clone());
            }
        }
        vec![]
    }
}
