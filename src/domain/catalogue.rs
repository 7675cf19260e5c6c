//! The disclosure catalogue (公开目录, plan 3's publicity manual): what an
//! office must disclose and how often. This is the default juwu ships,
//! taken from the plans' content lists (reference/…plans.txt: plan 1
//! "basic content", plan 3 "main content", plan 4 committee and
//! workstation content). Each entry has its category, its cadence and its
//! due day; finance entries follow the office's finance settings.

use super::records::Settings;
use super::types::{Category, Frequency};

/// How often an entry is disclosed, and by when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    /// With the finance statement: monthly or quarterly by the office's
    /// settings, by its finance due day.
    Finance,
    /// Each quarter, by `due_day` of the next quarter's first month.
    Quarter { due_day: u32 },
    /// At the start of the year, by `day` of `month`.
    YearStart { month: u32, day: u32 },
    /// At the end of the year, by `day` of `month`.
    YearEnd { month: u32, day: u32 },
    /// Standing content: on the board until replaced.
    Standing,
    /// When it happens (before, during and after for a major matter).
    AsItHappens,
}

/// One entry of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Stable code (`gov.work_plan`).
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub category: Category,
    pub every: Every,
}

impl Entry {
    pub fn label(&self, zh: bool) -> &'static str {
        if zh { self.zh } else { self.en }
    }
}

const fn e(
    code: &'static str,
    zh: &'static str,
    en: &'static str,
    category: Category,
    every: Every,
) -> Entry {
    Entry {
        code,
        zh,
        en,
        category,
        every,
    }
}

use Category::{Finance as Fin, Government as Gov, Party, Service as Svc, Workstation as Ws};
const Q10: Every = Every::Quarter { due_day: 10 };
const START: Every = Every::YearStart { month: 1, day: 31 };
const END: Every = Every::YearEnd { month: 12, day: 31 };

/// The default catalogue, in the order it is listed.
pub const DEFAULT: &[Entry] = &[
    e(
        "gov.policies",
        "涉及居民的政策法规",
        "policies and regulations concerning residents",
        Gov,
        Every::AsItHappens,
    ),
    e(
        "gov.work_plan",
        "居委会年度工作计划",
        "the committee's annual work plan",
        Gov,
        START,
    ),
    e(
        "gov.targets",
        "年度工作目标",
        "annual work targets",
        Gov,
        START,
    ),
    e(
        "gov.progress",
        "工作计划执行及目标完成进展",
        "work plan progress and targets met",
        Gov,
        Q10,
    ),
    e(
        "gov.superior_tasks",
        "上级交办任务完成情况",
        "tasks assigned by superiors and their implementation",
        Gov,
        Q10,
    ),
    e(
        "gov.results",
        "年度工作目标完成情况",
        "annual targets: the results",
        Gov,
        END,
    ),
    e(
        "gov.elections",
        "居委会成员罢免和补选",
        "removal and by-election of committee members",
        Gov,
        Every::AsItHappens,
    ),
    e(
        "gov.family_planning",
        "计划生育指标、条件及费用",
        "family planning: indicators, conditions and fees",
        Gov,
        START,
    ),
    e(
        "gov.relief",
        "优抚、救灾救济及低保的对象、条件和金额",
        "special care, relief and minimum living allowance: recipients, conditions, amounts",
        Gov,
        Q10,
    ),
    e(
        "gov.rules",
        "规章制度、居民公约及岗位责任制",
        "rules, residents' conventions and post responsibilities",
        Gov,
        Every::Standing,
    ),
    e(
        "gov.roster",
        "成员分工、服务时间及联系电话",
        "members' duties, service hours and phone numbers",
        Gov,
        Every::Standing,
    ),
    e(
        "gov.service_guide",
        "服务大厅职责、办事程序及服务指南",
        "service hall duties, procedures and service guide",
        Gov,
        Every::Standing,
    ),
    e(
        "gov.meeting_decisions",
        "居民会议决定事项及落实情况",
        "residents' meeting decisions and their implementation",
        Gov,
        Every::AsItHappens,
    ),
    e(
        "gov.major_matters",
        "重大事项及热点问题（事前、事中、事后）",
        "major matters and hot issues (before, during, after)",
        Gov,
        Every::AsItHappens,
    ),
    e(
        "gov.evaluation",
        "居民对居委会成员的评议结果",
        "residents' evaluation of committee members",
        Gov,
        END,
    ),
    e(
        "fin.income_expenditure",
        "财务收支情况",
        "income and expenditure",
        Fin,
        Every::Finance,
    ),
    e(
        "fin.grants",
        "上级拨款及经费使用",
        "grants from higher authorities and their use",
        Fin,
        Every::Finance,
    ),
    e(
        "fin.donations",
        "捐赠及赞助款物的使用",
        "donations and sponsorship and their use",
        Fin,
        Every::Finance,
    ),
    e(
        "fin.wages",
        "成员工资及生活补贴",
        "wages and allowances of committee members",
        Fin,
        Every::Finance,
    ),
    e(
        "fin.hospitality",
        "公务接待费用",
        "hospitality for official activities",
        Fin,
        Every::Finance,
    ),
    e(
        "fin.office",
        "办公费用",
        "office expenses",
        Fin,
        Every::Finance,
    ),
    e("fin.phone", "电话费", "telephone", Fin, Every::Finance),
    e("fin.vehicles", "车辆费用", "vehicles", Fin, Every::Finance),
    e(
        "fin.paid_services",
        "便民有偿服务收支",
        "paid services: income and expenditure",
        Fin,
        Every::Finance,
    ),
    e(
        "fin.construction_funds",
        "社区建设资金的使用",
        "community construction funds and their use",
        Fin,
        Q10,
    ),
    e("fin.assets", "集体资产明细", "collective assets", Fin, END),
    e(
        "party.intro",
        "党组织简介及成员",
        "the party organisation and its members",
        Party,
        Every::Standing,
    ),
    e(
        "party.goals",
        "党组织目标及近期目标",
        "the party organisation's goals",
        Party,
        START,
    ),
    e(
        "party.fees",
        "党费收缴及使用",
        "party fees collected and used",
        Party,
        Q10,
    ),
    e(
        "party.development",
        "党员培养和发展",
        "training and development of party members",
        Party,
        Every::AsItHappens,
    ),
    e(
        "party.evaluation",
        "党员民主评议",
        "democratic evaluation of party members",
        Party,
        END,
    ),
    e(
        "party.elections",
        "党组织选举",
        "party organisation elections",
        Party,
        Every::AsItHappens,
    ),
    e(
        "svc.culture",
        "文化站活动内容、时间和地点",
        "cultural station: activities, times and places",
        Svc,
        Every::Standing,
    ),
    e(
        "svc.health",
        "社区卫生及计生服务",
        "community health and family planning services",
        Svc,
        Every::Standing,
    ),
    e(
        "svc.volunteer",
        "志愿服务及公益劳动",
        "volunteer services and public-welfare labour",
        Svc,
        Q10,
    ),
    e(
        "ws.government",
        "工作站政务公开",
        "the workstation's government affairs",
        Ws,
        Every::AsItHappens,
    ),
    e(
        "ws.targets",
        "工作站年度工作目标完成情况",
        "the workstation's annual targets: results",
        Ws,
        END,
    ),
];

impl Every {
    /// How often and by when, in the UI language; finance entries with the
    /// office's settings.
    pub fn label(self, s: &Settings, zh: bool) -> String {
        match (self, zh) {
            (Every::Finance, _) => {
                let day = s.finance_due_day;
                match (s.finance_frequency, zh) {
                    (Frequency::Monthly, true) => format!("每月，次月 {day} 日前"),
                    (Frequency::Monthly, false) => {
                        format!("monthly, by day {day} of the next month")
                    }
                    (Frequency::Quarterly, true) => format!("每季度，次季首月 {day} 日前"),
                    (Frequency::Quarterly, false) => {
                        format!("quarterly, by day {day} of the next quarter")
                    }
                }
            }
            (Every::Quarter { due_day }, true) => format!("每季度，次季首月 {due_day} 日前"),
            (Every::Quarter { due_day }, false) => {
                format!("quarterly, by day {due_day} of the next quarter")
            }
            (Every::YearStart { month, day }, true) => format!("年初，{month} 月 {day} 日前"),
            (Every::YearStart { month, day }, false) => {
                format!("at the start of the year, by {month}/{day}")
            }
            (Every::YearEnd { month, day }, true) => format!("年末，{month} 月 {day} 日前"),
            (Every::YearEnd { month, day }, false) => {
                format!("at the end of the year, by {month}/{day}")
            }
            (Every::Standing, true) => "长期公开，更新即替换".into(),
            (Every::Standing, false) => "standing, until replaced".into(),
            (Every::AsItHappens, true) => "随时公开（重大事项事前、事中、事后）".into(),
            (Every::AsItHappens, false) => {
                "as it happens (major matters before, during, after)".into()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_every_category_of_the_plans_is_there() {
        let mut codes: Vec<_> = DEFAULT.iter().map(|e| e.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), DEFAULT.len());
        for c in [Gov, Fin, Party, Svc] {
            assert!(DEFAULT.iter().any(|e| e.category == c), "{c}");
        }
    }
}
