//! Excel and CSV in and out: exports open in a reader crate with typed cells,
//! round-trip through import, and every kind of bad input is reported by
//! row with nothing written.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::run::{self, Env, ok, text};

use calamine::{Data, DataType, Reader, Xlsx, open_workbook};

fn juwu(db: &Path, args: &[&str]) -> Output {
    run::juwu(db, Env::EN.any_lang().at("2026-11-29T02:00:00Z"), args)
}

fn demo(dir: &Path) -> PathBuf {
    run::demo(dir, Env::EN.lang("zh").at("2026-11-29T02:00:00Z"))
}

/// A new QH01 database with a clerk and a finance manager.
fn fresh(dir: &Path, name: &str) -> PathBuf {
    let db = dir.join(name);
    ok(juwu(
        &db,
        &[
            "init",
            "--office-code",
            "QH01",
            "--office-name",
            "清河社区居委会",
            "--level",
            "community",
            "--parent",
            "DC",
        ],
    ));
    ok(juwu(
        &db,
        &["operator", "add", "--name", "李晓燕", "--role", "clerk"],
    ));
    ok(juwu(
        &db,
        &["operator", "add", "--name", "陈静怡", "--role", "finance"],
    ));
    db
}

fn sheet(p: &Path) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(p).unwrap();
    wb.worksheet_range_at(0).unwrap().unwrap()
}

fn events(db: &Path) -> u64 {
    let s = juwu::store::Store::open(db).unwrap();
    s.read().unwrap().event_count().unwrap()
}

#[test]
fn xlsx_exports_open_with_typed_cells_and_chinese_headers() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    for (reg, rows, first) in [
        ("disclosures", 39, "编号"),
        ("opinions", 61, "编号"),
        ("replies", 56, "编号"),
        ("statements", 121, "报表编号"),
    ] {
        let out = dir.path().join(format!("{reg}.xlsx"));
        ok(juwu(
            &db,
            &[
                "--lang",
                "zh",
                "export",
                "--register",
                reg,
                "--format",
                "xlsx",
                "--out",
                out.to_str().unwrap(),
            ],
        ));
        let s = sheet(&out);
        assert_eq!(s.height(), rows + 1, "{reg}");
        assert_eq!(s.get((0, 0)), Some(&Data::String(first.into())), "{reg}");
    }
    // Dates are dates, money is a number.
    let s = sheet(&dir.path().join("statements.xlsx"));
    // First line of the first statement: opening balance 52,368.40 and the
    // November 2025 grant of 28,000.00.
    assert_eq!(s.get((1, 2)), Some(&Data::Float(52368.40)));
    assert_eq!(s.get((1, 6)), Some(&Data::Float(28000.0)));
    let d = sheet(&dir.path().join("disclosures.xlsx"));
    let published = d.get((1, 15)).unwrap();
    assert!(published.is_datetime(), "{published:?}");
    assert_eq!(
        published.as_datetime().unwrap().date(),
        chrono::NaiveDate::from_ymd_opt(2025, 11, 13).unwrap()
    );
    // English headers with --lang en.
    let out = dir.path().join("en.xlsx");
    ok(juwu(
        &db,
        &[
            "--lang",
            "en",
            "export",
            "--register",
            "replies",
            "--format",
            "xlsx",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    let s = sheet(&out);
    assert_eq!(s.get((0, 1)), Some(&Data::String("opinion".into())));
    assert_eq!(s.get((0, 2)), Some(&Data::String("replied on".into())));
    // CSV: BOM, header, plain amounts.
    let o = ok(juwu(
        &db,
        &[
            "--lang",
            "zh",
            "export",
            "--register",
            "statements",
            "--format",
            "csv",
        ],
    ));
    let csv = String::from_utf8(o.stdout).unwrap();
    assert!(csv.starts_with("\u{feff}报表编号,期间,期初余额"));
    assert!(csv.contains(
        "QH01-CW2025-0001,2025-11,52368.40,收入,上级拨款,东城街道办拨付11月社区工作经费,28000.00"
    ));
    // Bad combinations are one-line refusals.
    let o = juwu(&db, &["export", "--format", "xlsx"]);
    assert!(!o.status.success() && text(&o).contains("--register"));
    let o = juwu(
        &db,
        &["export", "--register", "opinions", "--format", "xlsx"],
    );
    assert!(!o.status.success() && text(&o).contains("--out"));
}

/// Demo statements → XLSX → a fresh office → XLSX: the same sheet, and the
/// same totals (the corrected June statement keeps its link).
#[test]
fn statements_round_trip_through_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let a = dir.path().join("a.xlsx");
    ok(juwu(
        &db,
        &[
            "--lang",
            "zh",
            "export",
            "--register",
            "statements",
            "--format",
            "xlsx",
            "--out",
            a.to_str().unwrap(),
        ],
    ));
    let new = fresh(dir.path(), "new.redb");
    let before = events(&new);
    let o = ok(juwu(
        &new,
        &[
            "--as",
            "陈静怡",
            "--lang",
            "en",
            "import",
            "--register",
            "statements",
            "--from",
            a.to_str().unwrap(),
            "--dry-run",
        ],
    ));
    assert!(
        text(&o).contains("14 record(s) would be imported"),
        "{}",
        text(&o)
    );
    assert_eq!(events(&new), before, "a dry run writes nothing");
    let o = ok(juwu(
        &new,
        &[
            "--as",
            "陈静怡",
            "--lang",
            "en",
            "import",
            "--register",
            "statements",
            "--from",
            a.to_str().unwrap(),
        ],
    ));
    assert!(text(&o).contains("imported 14"), "{}", text(&o));
    let b = dir.path().join("b.xlsx");
    ok(juwu(
        &new,
        &[
            "--lang",
            "zh",
            "export",
            "--register",
            "statements",
            "--format",
            "xlsx",
            "--out",
            b.to_str().unwrap(),
        ],
    ));
    assert_eq!(sheet(&a), sheet(&b));
    // The finance report of the year is the same from both.
    let ra = ok(juwu(
        &db,
        &["report", "finance", "--period", "2026", "--format", "csv"],
    ))
    .stdout;
    let rb = ok(juwu(
        &new,
        &["report", "finance", "--period", "2026", "--format", "csv"],
    ))
    .stdout;
    let strip = |v: Vec<u8>| {
        String::from_utf8(v)
            .unwrap()
            .lines()
            .map(|l| l.rsplit_once(',').map(|x| x.0).unwrap_or(l).to_string())
            .collect::<Vec<_>>()
    };
    // Same figures (the "disclosed by" column differs: no items imported).
    assert_eq!(strip(ra), strip(rb));
    assert!(ok(juwu(&new, &["verify"])).status.success());
}

/// An office's earlier registers (published items, opinions, replies),
/// imported from CSV, exported as XLSX, imported again into another fresh
/// database and exported: the same registers.
#[test]
fn registers_round_trip_csv_to_xlsx_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let a = fresh(dir.path(), "a.redb");
    let items = dir.path().join("items.csv");
    std::fs::write(
        &items,
        "\u{feff}编号,标题,内容,类别,公开范围,所属期间,公开形式,重大事项,状态,党组织书记签字,居委会主任签字,经办人签字,监督小组审核,公开日期,公章,归档日期\n\
         2025-07,2025年第二季度工作完成情况,\"一、完成情况\n二、下季度计划\",政务,公开,2025-Q2,公开栏、会议,否,已公开,赵卫东,周建华,陈静怡,孙德明,2025-07-08,清河社区居民委员会（公章）,\n\
         2025-08,2025年6月财务收支情况,见附表,财务,公开,2025-06,公开栏,否,已归档,赵卫东,周建华,陈静怡,孙德明,2025/7/9,清河社区居民委员会（公章）,2025-12-31\n\
         2025-09,低保对象名单,名单,政务,居民,,入户资料,是,已公开,,,,,2025年7月15日,,\n",
    )
    .unwrap();
    let o = ok(juwu(
        &a,
        &[
            "--as",
            "李晓燕",
            "--lang",
            "en",
            "import",
            "--register",
            "disclosures",
            "--from",
            items.to_str().unwrap(),
        ],
    ));
    assert!(
        text(&o).contains("QH01-2025-0001 … QH01-2025-0003"),
        "{}",
        text(&o)
    );
    let ops = dir.path().join("ops.csv");
    std::fs::write(
        &ops,
        "received at,channel,from,contact,address,kind,about,text,routed to\n\
         2025-07-10 09:30,in_person,王大爷,138****0000,3号楼,question,QH01-2025-0001,加装电梯进度如何？,\n\
         2025-07-20 15:00,suggestion_box,,,,complaint_omission,QH01-2025-0002,\"6月支出缺少明细, 请补充\",supervision_team\n",
    )
    .unwrap();
    ok(juwu(
        &a,
        &[
            "--as",
            "李晓燕",
            "import",
            "--register",
            "opinions",
            "--from",
            ops.to_str().unwrap(),
        ],
    ));
    let replies = dir.path().join("replies.csv");
    std::fs::write(
        &replies,
        "意见编号,答复日期,答复方式,答复内容,答复结果,公开答复\n\
         QH01-YJ2025-0001,2025-07-11,电话答复,已向街道报批，预计9月开工,已解释,否\n",
    )
    .unwrap();
    ok(juwu(
        &a,
        &[
            "--as",
            "李晓燕",
            "import",
            "--register",
            "replies",
            "--from",
            replies.to_str().unwrap(),
        ],
    ));
    assert!(ok(juwu(&a, &["verify"])).status.success());

    // Export the three registers as XLSX; import them into a new database.
    let b = fresh(dir.path(), "b.redb");
    let regs = ["disclosures", "opinions", "replies"];
    for reg in regs {
        let x = dir.path().join(format!("a-{reg}.xlsx"));
        ok(juwu(
            &a,
            &[
                "--lang",
                "zh",
                "export",
                "--register",
                reg,
                "--format",
                "xlsx",
                "--out",
                x.to_str().unwrap(),
            ],
        ));
        ok(juwu(
            &b,
            &[
                "--as",
                "李晓燕",
                "--lang",
                "en",
                "import",
                "--register",
                reg,
                "--from",
                x.to_str().unwrap(),
            ],
        ));
    }
    for reg in regs {
        let x = dir.path().join(format!("a-{reg}.xlsx"));
        let y = dir.path().join(format!("b-{reg}.xlsx"));
        ok(juwu(
            &b,
            &[
                "--lang",
                "zh",
                "export",
                "--register",
                reg,
                "--format",
                "xlsx",
                "--out",
                y.to_str().unwrap(),
            ],
        ));
        assert_eq!(sheet(&x), sheet(&y), "{reg} differs after the round trip");
    }
    // Imported items keep their history: dates, status, signatures.
    let s = sheet(&dir.path().join("b-disclosures.xlsx"));
    assert_eq!(s.get((2, 9)), Some(&Data::String("已归档".into())));
    assert_eq!(s.get((1, 10)), Some(&Data::String("赵卫东".into())));
    assert_eq!(s.get((3, 5)), Some(&Data::String("居民".into())));
    // The residents-only item is never on the board; the others were, in
    // their posting period.
    let board = dir.path().join("board.html");
    ok(juwu(
        &b,
        &[
            "--lang",
            "en",
            "board",
            "--on",
            "2025-07-16",
            "--out",
            board.to_str().unwrap(),
        ],
    ));
    let html = std::fs::read_to_string(&board).unwrap();
    assert!(html.contains("id=\"QH01-2025-0001\"") && html.contains("id=\"QH01-2025-0002\""));
    assert!(!html.contains("低保对象名单"));
    assert!(ok(juwu(&b, &["verify", "--rebuild"])).status.success());
    assert!(ok(juwu(&b, &["verify"])).status.success());
}

#[test]
fn every_bad_row_is_reported_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path(), "x.redb");
    let before = events(&db);
    let run = |name: &str, reg: &str, body: &str| -> String {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        let o = juwu(
            &db,
            &[
                "--as",
                "李晓燕",
                "--lang",
                "en",
                "import",
                "--register",
                reg,
                "--from",
                p.to_str().unwrap(),
            ],
        );
        assert!(!o.status.success(), "{name} was accepted");
        text(&o)
    };
    // Row-level problems, each with its row number and column.
    let t = run(
        "a.csv",
        "disclosures",
        "title,category,published on,status,forms,scope\n\
         好的一行,government,2025-07-01,published,board,public\n\
         ,government,2025-07-01,published,board,public\n\
         坏类别,money,2025-07-01,published,board,public\n\
         坏日期,finance,2025-13-01,published,board,public\n\
         草稿,finance,2025-07-01,draft,board,public\n\
         坏形式,finance,2025-07-01,published,poster,public\n\
         归档无日期,finance,2025-07-01,archived,board,public\n\
         未来,finance,2027-01-01,published,board,public\n",
    );
    for (row, what) in [
        (3, "title: is empty"),
        (4, "unknown category 'money'"),
        (5, "'2025-13-01' is not a valid date"),
        (6, "a draft item has no publication date: leave it empty"),
        (7, "unknown form 'poster'"),
        (8, "needs its archiving date"),
        (9, "in the future"),
    ] {
        assert!(
            t.contains(&format!("row {row}: ")) && t.contains(what),
            "row {row} {what}:\n{t}"
        );
    }
    assert!(!t.contains("row 2:"), "the good row is not an error:\n{t}");
    assert!(t.contains("nothing was imported"), "{t}");
    // Header problems.
    let t = run(
        "h.csv",
        "opinions",
        "received at,channel,kind,txet\n2025-07-01 09:00,phone,question,x\n",
    );
    assert!(
        t.contains("column 'txet' is not a column") && t.contains("'内容' (text) is missing"),
        "{t}"
    );
    // Opinions: unknown disclosure, bad time, bad channel.
    let t = run(
        "o.csv",
        "opinions",
        "收到时间,渠道,类型,内容,涉及事项\n2025-07-01 09:00,电话,询问,问一下,QH01-2025-0099\n昨天,电话,询问,问一下,\n2025-07-02 10:00,飞鸽,询问,问一下,\n",
    );
    assert!(t.contains("row 2: no disclosure 'QH01-2025-0099'"), "{t}");
    assert!(
        t.contains("row 3: ") && t.contains("not a date and time"),
        "{t}"
    );
    assert!(
        t.contains("row 4: ") && t.contains("unknown channel '飞鸽'"),
        "{t}"
    );
    // Replies: unknown opinion, granted without the item it led to.
    let t = run(
        "r.csv",
        "replies",
        "opinion,replied on,form,text,outcome\nQH01-YJ2025-0001,2025-07-02,phone,ok,explained\nQH01-YJ2025-0001,2025-07-02,phone,ok,granted\n",
    );
    assert!(t.contains("row 2: no opinion 'QH01-YJ2025-0001'"), "{t}");
    assert!(
        t.contains("row 3: ") && t.contains("granted request names the item it led to"),
        "{t}"
    );
    // Statements: three decimals, negative, two periods under one id.
    let t = run(
        "s.csv",
        "statements",
        "statement,period,category,amount\nA,2025-06,grant,100.005\nB,2025-06,office,-5\nC,2025-06,office,5\nC,2025-07,office,5\n",
    );
    assert!(
        t.contains("row 2: ") && t.contains("more than two decimal places"),
        "{t}"
    );
    assert!(t.contains("row 3: ") && t.contains("not an amount"), "{t}");
    assert!(
        t.contains("row 5: statement C has lines for both 2025-06 and 2025-07"),
        "{t}"
    );
    // Files that are not what they claim.
    let t = run("bad.xlsx", "statements", "this is not a zip");
    assert!(t.contains("not a readable XLSX file"), "{t}");
    let p = dir.path().join("gbk.csv");
    std::fs::write(&p, b"\xb1\xea\xcc\xe2,category\n").unwrap();
    let o = juwu(
        &db,
        &[
            "--as",
            "李晓燕",
            "import",
            "--register",
            "disclosures",
            "--from",
            p.to_str().unwrap(),
        ],
    );
    assert!(text(&o).contains("not UTF-8"), "{}", text(&o));
    let t = run("empty.csv", "statements", "period,category,amount\n");
    assert!(t.contains("no records"), "{t}");
    // An operator is needed.
    let p = dir.path().join("ok.csv");
    std::fs::write(
        &p,
        "title,category,published on\n一条,government,2025-07-01\n",
    )
    .unwrap();
    let o = juwu(
        &db,
        &[
            "import",
            "--register",
            "disclosures",
            "--from",
            p.to_str().unwrap(),
        ],
    );
    assert!(!o.status.success() && text(&o).contains("--as"));
    // Nothing of all that was written.
    assert_eq!(events(&db), before);
    // The good file goes in.
    ok(juwu(
        &db,
        &[
            "--as",
            "李晓燕",
            "import",
            "--register",
            "disclosures",
            "--from",
            p.to_str().unwrap(),
        ],
    ));
    assert_eq!(events(&db), before + 1);
}

fn read_csv(p: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(p).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The demo office's own registers, exported and imported into a new
/// database in the order a clerk would (statements, items, opinions,
/// replies), come back record for record: every link (the item an opinion
/// is about, the item a correction supersedes, the correction a reply
/// names, the statement an item discloses) points at the same record as
/// before, under its new id.
#[test]
fn the_demo_registers_round_trip_with_every_link_intact() {
    let dir = tempfile::tempdir().unwrap();
    let src = demo(dir.path());
    let dst = fresh(dir.path(), "b.redb");
    let regs = ["statements", "disclosures", "opinions", "replies"];
    let mut before = HashMap::new();
    for r in regs {
        let f = dir.path().join(format!("{r}.csv"));
        ok(juwu(
            &src,
            &[
                "--lang",
                "zh",
                "export",
                "--register",
                r,
                "--format",
                "csv",
                "--out",
                f.to_str().unwrap(),
            ],
        ));
        let who = if r == "statements" {
            "陈静怡"
        } else {
            "李晓燕"
        };
        ok(juwu(
            &dst,
            &[
                "--as",
                who,
                "import",
                "--register",
                r,
                "--from",
                f.to_str().unwrap(),
            ],
        ));
        before.insert(r, read_csv(&f));
    }
    // Importing the same file again is refused: nothing is doubled.
    let f = dir.path().join("opinions.csv");
    let again = juwu(
        &dst,
        &[
            "--as",
            "李晓燕",
            "import",
            "--register",
            "opinions",
            "--from",
            f.to_str().unwrap(),
        ],
    );
    assert!(!again.status.success());
    assert!(
        text(&again).contains("was already imported as"),
        "{}",
        text(&again)
    );
    let mut after = HashMap::new();
    for r in regs {
        let f = dir.path().join(format!("{r}-b.csv"));
        ok(juwu(
            &dst,
            &[
                "--lang",
                "zh",
                "export",
                "--register",
                r,
                "--format",
                "csv",
                "--out",
                f.to_str().unwrap(),
            ],
        ));
        after.insert(r, read_csv(&f));
    }
    // Old id → new id, row by row (both exports are in id order).
    let mut ids: HashMap<String, String> = HashMap::new();
    for r in regs {
        let (a, b) = (&before[r], &after[r]);
        assert_eq!(a.len(), b.len(), "{r}: rows");
        assert_eq!(a[0], b[0], "{r}: headers");
        for (x, y) in a.iter().zip(b).skip(1) {
            if let Some(old) = ids.insert(x[0].clone(), y[0].clone()) {
                assert_eq!(old, y[0], "{r}: {} maps to two ids", x[0]);
            }
        }
    }
    let id_cols = [
        "报表编号",
        "财务报表",
        "更正原事项",
        "已被更正为",
        "涉及事项",
        "意见编号",
        "更正事项",
        "同意公开事项",
    ];
    // Not carried by the registers as exported: the submission date (the
    // planned publication date is not a column), the box opening record
    // and the clarification pauses that move a due date.
    let not_carried = ["提交审核日期", "开箱记录", "答复期限"];
    let mut checked = 0;
    for r in regs {
        let (a, b) = (&before[r], &after[r]);
        for (x, y) in a.iter().zip(b).skip(1) {
            for (i, h) in a[0].iter().enumerate() {
                if h == "编号" || not_carried.contains(&h.as_str()) {
                    continue;
                }
                let want = if id_cols.contains(&h.as_str()) && !x[i].is_empty() {
                    ids.get(&x[i])
                        .cloned()
                        .unwrap_or_else(|| panic!("{r}: {h} {} unmapped", x[i]))
                } else {
                    x[i].clone()
                };
                assert_eq!(want, y[i], "{r} {} → {}: column {h}", x[0], y[0]);
                checked += 1;
            }
        }
    }
    assert!(checked > 2000, "{checked}");
    // The audit's case: an opinion about the June finance item still is.
    let o = &after["opinions"];
    let about = o[0].iter().position(|h| h == "涉及事项").unwrap();
    let items = &after["disclosures"];
    let title = |id: &str| items.iter().find(|r| r[0] == id).map(|r| r[1].clone());
    let b = &before["opinions"];
    let bi = &before["disclosures"];
    for (x, y) in b.iter().zip(o).skip(1) {
        if !x[about].is_empty() {
            let t0 = bi.iter().find(|r| r[0] == x[about]).map(|r| r[1].clone());
            assert_eq!(t0, title(&y[about]), "{} about", x[0]);
        }
    }
}

/// Under `--lang zh` a file without a required column says so in Chinese
/// (it said "第 1 行：the required column '类别' (category) is missing").
#[test]
fn a_missing_column_is_named_in_chinese_under_lang_zh() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path(), "zh.redb");
    let f = dir.path().join("no-category.csv");
    std::fs::write(&f, "标题,内容\n停车位调整方案,说明\n").unwrap();
    let from = f.to_str().unwrap();
    let o = juwu(
        &db,
        &[
            "--lang",
            "zh",
            "import",
            "--register",
            "disclosures",
            "--from",
            from,
            "--as",
            "李晓燕",
        ],
    );
    assert!(!o.status.success());
    let t = text(&o).replace(from, "FILE");
    assert!(t.contains("第 1 行：缺少必需的列“类别”"), "{t}");
    let english: Vec<&str> = t
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() > 1 && *w != "juwu" && *w != "FILE")
        .collect();
    assert!(
        english.is_empty(),
        "English under --lang zh: {english:?}\n{t}"
    );
}

/// Under `--lang zh` the problems of a record's cells are Chinese too:
/// the column's Chinese name and the reason in Chinese.
#[test]
fn bad_cells_are_explained_in_chinese_under_lang_zh() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path(), "zh.redb");
    let f = dir.path().join("bad-cells.csv");
    std::fs::write(&f, "标题,类别,重大事项\n,天气,也许\n").unwrap();
    let from = f.to_str().unwrap();
    let o = juwu(
        &db,
        &[
            "--lang",
            "zh",
            "import",
            "--register",
            "disclosures",
            "--from",
            from,
            "--as",
            "李晓燕",
        ],
    );
    assert!(!o.status.success());
    let t = text(&o).replace(from, "FILE");
    assert!(t.contains("第 2 行：标题：为空"), "{t}");
    assert!(t.contains("重大事项：“也许”不是“是/否”"), "{t}");
    let english: Vec<&str> = t
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() > 1 && *w != "juwu" && *w != "FILE")
        .collect();
    assert!(
        english.is_empty(),
        "English under --lang zh: {english:?}\n{t}"
    );
}

/// LibreOffice's own reading of a spreadsheet file, as CSV (None when
/// LibreOffice is not installed: `apt-get install libreoffice-calc`).
fn libreoffice_csv(file: &Path, work: &Path) -> Option<String> {
    let profile = work.join("lo-profile");
    let out = work.join("lo-out");
    std::fs::create_dir_all(&out).unwrap();
    let run = |f: &Path, to: &str| {
        std::process::Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--headless", "--convert-to", to, "--outdir"])
            .arg(&out)
            .arg(f)
            .output()
            .ok()
            .filter(|o| o.status.success())
    };
    let stem = file.file_stem()?.to_str()?.to_string();
    // A CSV is read by Calc (as a user's double-click would), saved as ODS,
    // then written out again; an XLSX is written out directly.
    let source = if file.extension()? == "csv" {
        run(file, "ods")?;
        out.join(format!("{stem}.ods"))
    } else {
        file.to_path_buf()
    };
    let csv_out = work.join("lo-csv");
    std::fs::create_dir_all(&csv_out).unwrap();
    std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
        ])
        .arg(&csv_out)
        .arg(&source)
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    std::fs::read_to_string(csv_out.join(format!("{stem}.csv"))).ok()
}

/// Issue 11 point 8: a resident's text that starts like a formula is text
/// in every export: neutralised with a leading `'` in CSV (OWASP), a
/// string cell in XLSX, and LibreOffice shows it as text, not a link;
/// bidi and control characters are left out; `import` reads the CSV back
/// exactly. On main the CSV cell was `=HYPERLINK(…)`, a live formula.
#[test]
fn formula_text_is_neutralised_in_csv_kept_as_text_in_xlsx_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let a = fresh(dir.path(), "a.redb");
    let formula = "=HYPERLINK(\"http://x\",\"点我\")";
    let ops = dir.path().join("ops.csv");
    std::fs::write(
        &ops,
        format!(
            "received at,channel,from,contact,address,kind,about,text,routed to\n\
             2025-07-10 09:30,in_person,王大爷,+86 138****0000,3号楼,question,,\"{}\",\n\
             2025-07-11 09:30,in_person,李阿姨,,@5号楼,suggestion,,\"-5 元\u{202E}txt.exe\u{1b}[31m\",\n",
            formula.replace('"', "\"\"")
        ),
    )
    .unwrap();
    ok(juwu(
        &a,
        &[
            "--as",
            "李晓燕",
            "import",
            "--register",
            "opinions",
            "--from",
            ops.to_str().unwrap(),
        ],
    ));
    let export = |db: &Path, fmt: &str, name: &str| -> PathBuf {
        let out = dir.path().join(name);
        ok(juwu(
            db,
            &[
                "--lang",
                "zh",
                "export",
                "--register",
                "opinions",
                "--format",
                fmt,
                "--out",
                out.to_str().unwrap(),
            ],
        ));
        out
    };
    let csv_a = export(&a, "csv", "a.csv");
    let csv = std::fs::read_to_string(&csv_a).unwrap();
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\""),
        "{csv}"
    );
    assert!(
        csv.contains("'+86 138****0000") && csv.contains("'@5号楼"),
        "{csv}"
    );
    assert!(csv.contains("'-5 元txt.exe[31m"), "{csv}");
    assert!(
        !csv.contains('\u{202E}') && !csv.contains('\u{1b}'),
        "{csv}"
    );
    // Dates stay dates, untouched.
    assert!(csv.contains(",2025-07-10 09:30,"), "{csv}");
    let xlsx_a = export(&a, "xlsx", "a.xlsx");
    let s = sheet(&xlsx_a);
    let texts: Vec<String> = s
        .rows()
        .flat_map(|r| r.iter().filter_map(|c| c.get_string().map(String::from)))
        .collect();
    assert!(texts.iter().any(|t| t == formula), "{texts:?}");
    assert!(texts.iter().any(|t| t == "-5 元txt.exe[31m"), "{texts:?}");

    // LibreOffice shows the text, not a link "点我".
    for f in [&xlsx_a, &csv_a] {
        match libreoffice_csv(
            f,
            &dir.path()
                .join(format!("lo-{}", f.display().to_string().len())),
        ) {
            Some(seen) => {
                assert!(seen.contains("HYPERLINK"), "{}: {seen}", f.display());
                assert!(
                    !seen.contains(",点我,") && !seen.contains("\"点我\"\n"),
                    "{seen}"
                );
            }
            None => eprintln!("LibreOffice not found: the spreadsheet check was skipped"),
        }
    }

    // CSV → a fresh office → CSV: the same text, exactly.
    let b = fresh(dir.path(), "b.redb");
    ok(juwu(
        &b,
        &[
            "--as",
            "李晓燕",
            "--lang",
            "en",
            "import",
            "--register",
            "opinions",
            "--from",
            csv_a.to_str().unwrap(),
        ],
    ));
    let xlsx_b = export(&b, "xlsx", "b.xlsx");
    assert_eq!(sheet(&xlsx_a), sheet(&xlsx_b));
    let csv_b = std::fs::read_to_string(export(&b, "csv", "b.csv")).unwrap();
    assert_eq!(csv, csv_b);
}
