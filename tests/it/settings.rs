//! The office's settings (issue 10 point 2): one registry, each change an
//! event with who and when, in force from the next period, director only.

use chrono::{Datelike, NaiveDate};
use juwu::domain::schedule::{Sched, due_in};
use juwu::domain::settings::{DayCount, SettingKey};
use juwu::domain::*;

use crate::support::common::{CLERK, DIRECTOR, Fixture, SECRETARY, d, t};
use crate::support::run::{Env, demo, juwu, ok, text};

/// The demo's committee director.
const DEMO_DIRECTOR: &str = "周建华";

fn set(f: &Fixture, who: &str, key: SettingKey, value: &str, on: NaiveDate) {
    f.exec(
        who,
        Command::ChangeSetting {
            key,
            value: value.into(),
        },
        t(on.year(), on.month(), on.day()),
    )
    .unwrap();
}

#[test]
fn settings_set_and_show_through_the_binary_in_zh_and_en() {
    let dir = tempfile::tempdir().unwrap();
    let env = Env::EN.on("2026-11-15");
    let db = demo(dir.path(), env);
    let zh = env.lang("zh");
    let o = ok(juwu(
        &db,
        zh,
        &[
            "--as",
            DEMO_DIRECTOR,
            "settings",
            "set",
            "finance_frequency",
            "每季度",
        ],
    ));
    let out = text(&o);
    assert!(
        out.contains("已修改财务公开周期：每季度（2027-01-01 起施行）"),
        "{out}"
    );
    ok(juwu(
        &db,
        env,
        &[
            "--as",
            DEMO_DIRECTOR,
            "settings",
            "set",
            "posting_days",
            "14",
        ],
    ));
    let show = text(&ok(juwu(&db, zh, &["settings", "show"])));
    assert!(
        show.contains("财务公开周期\t每月\t（2027-01-01 起：每季度）"),
        "{show}"
    );
    assert!(
        show.contains("公开栏张贴天数\t10 日\t（2026-12-01 起：14 日）"),
        "{show}"
    );
    assert!(show.contains("申请答复期限\t10 日（自然日）"), "{show}");
    assert!(show.contains("意见答复期限\t10 个工作日"), "{show}");
    let en = text(&ok(juwu(&db, env, &["settings", "show"])));
    assert!(
        en.contains("finance statements\tmonthly\t(from 2027-01-01: quarterly)"),
        "{en}"
    );
    assert!(en.contains("request/appeal reply within\t10 calendar days"));
    assert!(
        !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{en}"
    );
    // In force on 2027-01-02: the quarterly cadence, nothing waiting.
    let later = text(&ok(juwu(&db, env.on("2027-01-02"), &["settings", "show"])));
    assert!(later.contains("finance statements\tquarterly\n"), "{later}");
}

#[test]
fn each_bad_setting_is_refused_with_the_allowed_values() {
    let dir = tempfile::tempdir().unwrap();
    let env = Env::EN.on("2026-11-15");
    let db = demo(dir.path(), env);
    let cases: [(&[&str], &str, &str); 6] = [
        (
            &["posting_days", "7"],
            "'7' is not allowed (allowed: 10 to 365 days)",
            "公开栏张贴天数不能设为“7”（允许：10 至 365 日）",
        ),
        (
            &["finance_due_day", "0"],
            "(allowed: a day of the month from 1 to 28)",
            "（允许：每月 1 日至 28 日之间的一天）",
        ),
        (
            &["work_due_day", "40"],
            "'40' is not allowed (allowed: a day of the month from 1 to 28)",
            "不能设为“40”（允许：每月 1 日至 28 日之间的一天）",
        ),
        (
            &["no_such_key", "3"],
            "unknown setting 'no_such_key' (settings: finance_frequency, finance_due_day,",
            "没有设置项“no_such_key”（可设置：财务公开周期、财务公开截止日、",
        ),
        (
            &["finance_frequency", "yearly"],
            "'yearly' is not allowed (allowed: monthly, quarterly)",
            "不能设为“yearly”（允许：每月、每季度）",
        ),
        (
            &["reply_days_request", "10"],
            "with its unit: working or calendar",
            "加单位：工作日或自然日",
        ),
    ];
    for (args, en, zh) in cases {
        for (lang, want) in [("en", en), ("zh", zh)] {
            let mut a = vec!["--as", DEMO_DIRECTOR, "settings", "set"];
            a.extend_from_slice(args);
            let o = juwu(&db, env.lang(lang), &a);
            assert!(!o.status.success(), "{args:?} accepted");
            let out = text(&o);
            assert!(out.contains(want), "{lang} {args:?}: {out}");
        }
    }
    let h = text(&ok(juwu(&db, env, &["settings", "show", "--history"])));
    assert!(h.contains("Changes:\n(none)"), "{h}");
}

#[test]
fn only_the_director_changes_settings() {
    let f = Fixture::new();
    for who in [SECRETARY, CLERK] {
        let e = f
            .exec(
                who,
                Command::ChangeSetting {
                    key: SettingKey::PostingDays,
                    value: "14".into(),
                },
                t(2026, 11, 15),
            )
            .unwrap_err();
        let zh = juwu::service::Error::from(e).message(juwu::i18n::Lang::Zh);
        assert!(zh.contains("不能修改本单位设置"), "{zh}");
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), Env::EN);
    let o = juwu(
        &db,
        Env::EN.lang("zh"),
        &["--as", "李晓燕", "settings", "set", "posting_days", "14"],
    );
    assert!(!o.status.success());
    assert!(
        text(&o).contains("办事员不能修改本单位设置"),
        "{}",
        text(&o)
    );
    let o = juwu(&db, Env::EN, &["settings", "set", "posting_days", "14"]);
    assert!(!o.status.success(), "no operator named: {}", text(&o));
}

#[test]
fn a_change_is_an_event_with_who_and_when_and_survives_a_rebuild() {
    let f = Fixture::new();
    let ev = f
        .exec(
            DIRECTOR,
            Command::ChangeSetting {
                key: SettingKey::ReplyDaysOpinion,
                value: "15个工作日".into(),
            },
            t(2026, 11, 15),
        )
        .unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].operator, DIRECTOR);
    assert_eq!(ev[0].recorded_at, t(2026, 11, 15));
    assert_eq!(
        ev[0].body,
        EventBody::SettingChanged {
            key: SettingKey::ReplyDaysOpinion,
            value: "15 working".into(),
            from: d(2026, 12, 1),
        }
    );
    let Fixture { dir, store } = f;
    drop(store);
    let db = dir.path().join("juwu.redb");
    ok(juwu(&db, Env::EN, &["verify", "--rebuild"]));
    let h = text(&ok(juwu(
        &db,
        Env::EN.lang("zh"),
        &["settings", "show", "--history"],
    )));
    assert!(
        h.contains(&format!(
            "{DIRECTOR} 修改意见答复期限：10 个工作日 → 15 个工作日（2026-12-01 起施行）"
        )),
        "{h}"
    );
}

#[test]
fn a_finance_quarterly_switch_in_november_keeps_november_and_december_monthly() {
    let f = Fixture::new();
    set(
        &f,
        DIRECTOR,
        SettingKey::FinanceFrequency,
        "quarterly",
        d(2026, 11, 15),
    );
    set(
        &f,
        DIRECTOR,
        SettingKey::FinanceDueDay,
        "15",
        d(2026, 11, 15),
    );
    let s = f
        .store
        .read()
        .unwrap()
        .settings(&OfficeCode::parse("QH01").unwrap())
        .unwrap();
    let month = |y, m| Period::month_of(d(y, m, 1));
    let finance = |p: Period| -> Vec<(Period, NaiveDate)> {
        due_in(&s, d(2026, 1, 5), &p)
            .into_iter()
            .filter(|x| x.kind == Sched::Finance)
            .map(|x| (x.covers, x.due_on))
            .collect()
    };
    // November's statement: monthly, by the 10th (the due day changes
    // from December's statement on).
    assert_eq!(
        finance(month(2026, 12)),
        vec![(month(2026, 11), d(2026, 12, 10))]
    );
    // December's too: the cadence changes with the next quarter.
    assert_eq!(
        finance(month(2027, 1)),
        vec![(month(2026, 12), d(2027, 1, 15))]
    );
    assert_eq!(finance(month(2027, 2)), vec![]);
    assert_eq!(
        finance(month(2027, 4)),
        vec![(Period::quarter_of(d(2027, 1, 1)), d(2027, 4, 15))]
    );
}

#[test]
fn a_reply_due_date_keeps_the_rule_in_force_when_the_opinion_was_received() {
    let f = Fixture::new();
    let before = f.log(OpinionKind::Question, d(2026, 11, 10), None);
    set(
        &f,
        DIRECTOR,
        SettingKey::ReplyDaysOpinion,
        "20 working",
        d(2026, 11, 12),
    );
    let between = f.log(OpinionKind::Question, d(2026, 11, 20), None);
    let after = f.log(OpinionKind::Question, d(2026, 12, 2), None);
    let request = f.log(OpinionKind::DisclosureRequest, d(2026, 12, 2), None);
    let cal = Calendar::builtin();
    let r = f.store.read().unwrap();
    let due = |id: &str| {
        let o = r.opinion(id).unwrap().unwrap();
        r.opinion_state(o, &cal, d(2026, 12, 20)).unwrap().due_on
    };
    assert_eq!(due(&before), cal.add_working_days(d(2026, 11, 10), 10));
    assert_eq!(due(&between), cal.add_working_days(d(2026, 11, 20), 10));
    assert_eq!(due(&after), cal.add_working_days(d(2026, 12, 2), 20));
    // A disclosure request: 10 calendar days (plan 3 §6).
    assert_eq!(due(&request), d(2026, 12, 12));
    let s = r.settings(&OfficeCode::parse("QH01").unwrap()).unwrap();
    assert_eq!(
        s.on(d(2026, 11, 30))
            .reply_rule(OpinionKind::Question, RouteTo::Committee),
        DayCount::working(10)
    );
}

#[test]
fn the_settings_screen_at_80x24_in_chinese_edits_for_the_director_only() {
    use crate::support::{Opts, app, demo_store, english_runs, screen_text};
    let now = d(2026, 11, 30).and_hms_opt(9, 0, 0).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(
        demo_store(dir.path()),
        Opts {
            operator: Some(DEMO_DIRECTOR),
            size: (80, 24),
            now,
            ..Default::default()
        },
    );
    // From the Offices screen.
    a.keys("7 S");
    assert_eq!(a.state.screen().id().layer(), "settings");
    let s = screen_text(&a);
    for want in [
        "财务公开周期",
        "每月",
        "意见答复期限",
        "10 个工作日",
        "修改记录",
    ] {
        assert!(s.contains(want), "{want} missing:\n{s}");
    }
    assert!(english_runs(&s).is_empty(), "{:?}\n{s}", english_runs(&s));
    assert!(
        s.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80)
    );
    // Posting days (the eighth row): 7 is refused in the form, 14 is kept.
    a.keys("j j j j j j j <Enter> <Backspace> <Backspace> 7 <C-s>");
    let s = screen_text(&a);
    assert!(s.contains("不能设为“7”"), "{s}");
    a.keys("<Backspace> 1 4 <C-s>");
    let s = screen_text(&a);
    assert!(s.contains("2026-12-01 起：14 日"), "{s}");
    assert!(
        s.contains(&format!("{DEMO_DIRECTOR} 修改公开栏张贴天数")),
        "{s}"
    );
    // A clerk reads, and is refused the form.
    let mut a = crate::support::relog(a, "李晓燕");
    a.state.sh.width = 80;
    a.state.sh.height = 24;
    a.keys("7 S");
    assert_eq!(a.state.screen().id().layer(), "settings");
    let s = screen_text(&a);
    assert!(s.contains("只读"), "{s}");
    a.keys("<Enter>");
    let s = screen_text(&a);
    assert!(s.contains("办事员不能修改本单位设置"), "{s}");
}

#[test]
fn the_catalogue_lists_the_plans_content_with_cadence_and_due_day() {
    let dir = tempfile::tempdir().unwrap();
    let env = Env::EN.on("2026-11-15");
    let db = demo(dir.path(), env);
    let zh = text(&ok(juwu(&db, env.lang("zh"), &["catalogue", "list"])));
    for want in [
        "fin.income_expenditure\t财务\t财务收支情况\t每月，次月 10 日前",
        "gov.work_plan\t政务\t居委会年度工作计划\t年初，1 月 31 日前",
        "gov.relief\t政务\t优抚、救灾救济及低保的对象、条件和金额\t每季度，次季首月 10 日前",
        "party.fees\t党务\t党费收缴及使用",
        "svc.culture\t服务\t文化站活动内容、时间和地点\t长期公开，更新即替换",
    ] {
        assert!(zh.contains(want), "{want} missing:\n{zh}");
    }
    let en = text(&ok(juwu(&db, env, &["catalogue", "list"])));
    assert!(
        en.contains("fin.hospitality\tfinance\thospitality for official activities\tmonthly, by day 10 of the next month"),
        "{en}"
    );
    assert!(
        !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{en}"
    );
    // Finance entries follow the office's settings in force.
    ok(juwu(
        &db,
        env,
        &[
            "--as",
            DEMO_DIRECTOR,
            "settings",
            "set",
            "finance_frequency",
            "quarterly",
        ],
    ));
    let later = text(&ok(juwu(&db, env.on("2027-01-05"), &["catalogue", "list"])));
    assert!(
        later.contains("income and expenditure\tquarterly, by day 10 of the next quarter"),
        "{later}"
    );
}

#[test]
fn a_setting_change_travels_in_a_bundle_with_who_and_from_when() {
    use crate::support::bundle::{Off, community};
    let qh = community("QH01");
    qh.store
        .execute(
            &Actor::System,
            &Command::AddOperator {
                name: DIRECTOR.into(),
                role: Role::Director,
                pin_hash: None,
            },
            t(2026, 1, 5),
        )
        .unwrap();
    qh.store
        .execute(
            &qh.store.actor(DIRECTOR).unwrap(),
            &Command::ChangeSetting {
                key: SettingKey::FinanceFrequency,
                value: "quarterly".into(),
            },
            t(2026, 2, 10),
        )
        .unwrap();
    let dc = Off::new("DC", Level::Street, None);
    dc.trust(&qh);
    let f = qh.export("qh.juwu", Some(&dc), false, false);
    assert!(dc.import(&[&f]).applied);
    let s = dc.store.read().unwrap().settings(&qh.code).unwrap();
    assert_eq!(s.history.len(), 1);
    assert_eq!(s.history[0].by, DIRECTOR);
    assert_eq!(s.history[0].from, d(2026, 4, 1));
    assert_eq!(s.on(d(2026, 3, 31)).finance_frequency, Frequency::Monthly);
    assert_eq!(s.on(d(2026, 4, 1)).finance_frequency, Frequency::Quarterly);
}
