//! Settings: the office's settings from the one registry
//! (`domain::settings`): each key, the value in force today, a change
//! waiting for the next period, and below the changes with who and when.
//! The director edits a setting (Enter or `e`); everyone else reads.
//! Not a tab: opened from the Offices screen; Esc goes back there.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Style};
use ratatui::widgets::Paragraph;

use super::util::opts;
use super::{Screen, ScreenId};
use crate::domain::settings::{
    Allowed, Cadence, SettingChange, SettingKey, SettingRow, SettingValue,
};
use crate::domain::workflow::{Act, may};
use crate::domain::{Channel, Command, Frequency};
use crate::store::{Reader, StoreError};
use crate::tui::action::Action;
use crate::tui::app::{Effect, Shared};
use crate::tui::widgets::form::Form;
use crate::tui::widgets::table::{Mark, PageTable};
use crate::tui::widgets::{Paged, cell, fit};

/// The screen's own words, in the UI language.
#[derive(Debug, Clone, Copy)]
enum Txt {
    Title,
    Head,
    ReadOnly,
    Setting,
    InForce,
    Next,
    Changes,
    NoChanges,
    NewValue,
    Unit,
    Working,
    Calendar,
    Allowed,
    From,
}

impl Txt {
    fn t(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Txt::Title, false) => "Settings",
            (Txt::Title, true) => "本单位设置",
            (Txt::Head, false) => "A change is in force from the next period",
            (Txt::Head, true) => "修改自下一期起施行",
            (Txt::ReadOnly, false) => "read only: the director changes settings",
            (Txt::ReadOnly, true) => "只读：设置由居委会主任修改",
            (Txt::Setting, false) => "Setting",
            (Txt::Setting, true) => "设置项",
            (Txt::InForce, false) => "In force",
            (Txt::InForce, true) => "现行",
            (Txt::Next, false) => "Next period",
            (Txt::Next, true) => "下期起",
            (Txt::Changes, false) => "Changes",
            (Txt::Changes, true) => "修改记录",
            (Txt::NoChanges, false) => "no change yet: the defaults of the plans",
            (Txt::NoChanges, true) => "尚无修改：按方案默认值",
            (Txt::NewValue, false) => "New value",
            (Txt::NewValue, true) => "新值",
            (Txt::Unit, false) => "Unit",
            (Txt::Unit, true) => "单位",
            (Txt::Working, false) => "working days",
            (Txt::Working, true) => "工作日",
            (Txt::Calendar, false) => "calendar days",
            (Txt::Calendar, true) => "自然日",
            (Txt::Allowed, false) => "Allowed",
            (Txt::Allowed, true) => "允许",
            (Txt::From, false) => "In force from",
            (Txt::From, true) => "施行日期",
        }
    }
}

#[derive(Default)]
pub struct Settings {
    rows: Vec<SettingRow>,
    history: Vec<SettingChange>,
    page: Paged,
}

fn director(sh: &Shared) -> bool {
    sh.operator
        .as_ref()
        .is_some_and(|o| may(o.role, Act::ChangeSettings))
}

impl Settings {
    fn edit_form(&self, sh: &Shared) -> Option<Form> {
        let zh = sh.zh();
        let row = self.rows.get(self.page.selected)?;
        let key = row.key;
        let current = match &row.next {
            Some((v, _)) => v.clone(),
            None => row.now.clone(),
        };
        let f = Form::new("setting", ScreenId::Settings, key.label(zh))
            .context(key.as_str())
            .intro(format!(
                "{}: {}",
                Txt::Allowed.t(zh),
                key.allowed().describe(zh)
            ))
            .intro(format!(
                "{}: {}",
                Txt::From.t(zh),
                key.in_force_from(sh.today())
            ));
        let label = Txt::NewValue.t(zh);
        Some(match (key.allowed(), &current) {
            (Allowed::Frequency, v) => f.choice(
                "value",
                label,
                opts(Frequency::ALL, |x| x.as_str(), |x| x.label(zh).to_string()),
                &v.canonical(),
            ),
            (Allowed::Cadence, v) => f.choice(
                "value",
                label,
                opts(
                    &[Cadence::Off, Cadence::Monthly],
                    |x| x.label(false),
                    |x| x.label(zh).to_string(),
                ),
                &v.canonical(),
            ),
            (Allowed::Channel, v) => f.choice(
                "value",
                label,
                opts(Channel::ALL, |x| x.as_str(), |x| x.label(zh).to_string()),
                &v.canonical(),
            ),
            (Allowed::DaysWithUnit { .. }, SettingValue::Days(d)) => {
                f.line("value", label, &d.n.to_string()).choice(
                    "unit",
                    Txt::Unit.t(zh),
                    vec![
                        ("working".into(), Txt::Working.t(zh).into()),
                        ("calendar".into(), Txt::Calendar.t(zh).into()),
                    ],
                    match d.unit {
                        crate::domain::settings::DayUnit::Working => "working",
                        crate::domain::settings::DayUnit::Calendar => "calendar",
                    },
                )
            }
            (_, SettingValue::Number(n)) => f.line("value", label, &n.to_string()),
            (_, v) => f.line("value", label, &v.canonical()),
        })
    }
}

impl Screen for Settings {
    fn id(&self) -> ScreenId {
        ScreenId::Settings
    }
    fn title(&self, sh: &Shared) -> String {
        Txt::Title.t(sh.zh()).into()
    }
    fn goto(&self) -> Option<Action> {
        None
    }

    fn refresh(&mut self, r: &Reader, sh: &Shared) -> Result<(), StoreError> {
        let s = match r.own_code() {
            Some(c) => r.settings(c)?,
            None => crate::domain::Settings::default(),
        };
        self.rows = s.rows(sh.today());
        self.history = s.history;
        self.page.set(self.rows.len(), self.rows.len());
        Ok(())
    }

    fn draw(&self, sh: &Shared, f: &mut Frame, area: Rect) {
        let zh = sh.zh();
        let w = area.width as usize;
        let head = if director(sh) {
            Txt::Head.t(zh).to_string()
        } else {
            format!("{} — {}", Txt::Head.t(zh), Txt::ReadOnly.t(zh))
        };
        f.render_widget(
            Paragraph::new(fit(&head, w)).style(Style::default().fg(Color::Cyan)),
            Rect::new(area.x, area.y, area.width, 1),
        );
        let table_h = (self.rows.len() as u16 + 1).min(area.height.saturating_sub(1));
        let rows = self
            .rows
            .iter()
            .map(|r| {
                (
                    vec![
                        r.key.label(zh).to_string(),
                        cell(&r.now.show(r.key, zh)),
                        cell(&r.next_label(zh)),
                    ],
                    if r.next.is_some() {
                        Mark::Good
                    } else {
                        Mark::Normal
                    },
                )
            })
            .collect();
        PageTable {
            header: vec![Txt::Setting.t(zh), Txt::InForce.t(zh), Txt::Next.t(zh)],
            widths: vec![
                Constraint::Length(if zh { 16 } else { 28 }),
                Constraint::Length(16),
                Constraint::Fill(1),
            ],
            rows,
            cursor: Some(self.page.cursor()),
            focused: true,
            right: vec![],
        }
        .draw(f, Rect::new(area.x, area.y + 1, area.width, table_h));
        // The changes, newest first, in the room left.
        let top = area.y + 1 + table_h;
        let room = (area.y + area.height).saturating_sub(top);
        if room == 0 {
            return;
        }
        let mut lines = vec![(format!("{}:", Txt::Changes.t(zh)), Color::Cyan)];
        if self.history.is_empty() {
            lines.push((Txt::NoChanges.t(zh).to_string(), Color::DarkGray));
        }
        lines.extend(
            self.history
                .iter()
                .rev()
                .map(|c| (cell(&c.describe(zh)), Color::Reset)),
        );
        for (i, (t, color)) in lines.iter().take(room as usize).enumerate() {
            f.render_widget(
                Paragraph::new(fit(t, w)).style(Style::default().fg(*color)),
                Rect::new(area.x, top + i as u16, area.width, 1),
            );
        }
    }

    fn update(&mut self, a: Action, sh: &Shared) -> Vec<Effect> {
        match a {
            Action::Edit | Action::Open => match self.edit_form(sh) {
                Some(f) => vec![Effect::OpenForm(f)],
                None => vec![],
            },
            Action::Back => vec![Effect::Goto(ScreenId::Offices)],
            a => {
                self.page.apply(a);
                vec![]
            }
        }
    }

    fn click(&mut self, row: u16, _area: Rect, _sh: &Shared) -> Vec<Effect> {
        super::util::click_list(&mut self.page, row, 1);
        vec![]
    }

    fn act_of(&self, a: Action) -> Option<Act> {
        match a {
            Action::Edit | Action::Open => Some(Act::ChangeSettings),
            _ => None,
        }
    }

    fn submit(&mut self, form: &mut Form, sh: &Shared) -> Vec<Effect> {
        let zh = sh.zh();
        let Some(key) = form
            .context
            .as_deref()
            .and_then(|k| k.parse::<SettingKey>().ok())
        else {
            return vec![];
        };
        let value = match key.allowed() {
            Allowed::DaysWithUnit { .. } => {
                format!("{} {}", form.get("value").trim(), form.get("unit"))
            }
            _ => form.get("value"),
        };
        // Refused at once, with the allowed values, before the command.
        match key.parse_value(&value) {
            Ok(v) => {
                let done = if zh {
                    format!(
                        "已修改{}：{}（{} 起施行）",
                        key.label(true),
                        v.show(key, true),
                        key.in_force_from(sh.today())
                    )
                } else {
                    format!(
                        "changed {} → {} (in force from {})",
                        key.label(false),
                        v.show(key, false),
                        key.in_force_from(sh.today())
                    )
                };
                vec![Effect::Exec {
                    cmd: Command::ChangeSetting { key, value },
                    owner: ScreenId::Settings,
                    done,
                }]
            }
            Err(e) => {
                form.set_error("value", e.message(zh));
                vec![]
            }
        }
    }
}
