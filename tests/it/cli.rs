//! The binary as a user runs it: one readable line on bad input, exit codes,
//! nothing changed by a refusal.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::run::{self, Env, text};

fn juwu(db: &Path, args: &[&str]) -> Output {
    run::juwu(db, Env::EN, args)
}

fn init(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("office.redb");
    let o = juwu(
        &db,
        &[
            "init",
            "--office-code",
            "qh01",
            "--office-name",
            "清河社区居委会",
            "--level",
            "community",
            "--parent",
            "DC",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    db
}

#[test]
fn init_operator_and_key_show() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let o = juwu(
        &db,
        &["operator", "add", "--name", "王小明", "--role", "clerk"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = juwu(&db, &["operator", "add", "--name", "x", "--role", "boss"]);
    assert!(!o.status.success());
    assert!(text(&o).contains("unknown role 'boss'"), "{}", text(&o));
    let o = juwu(&db, &["operator", "list"]);
    assert!(text(&o).contains("王小明\tclerk"), "{}", text(&o));
    let o = juwu(&db, &["key", "show"]);
    let t = text(&o);
    assert!(t.contains("office: QH01"), "{t}");
    let fp = t.lines().find(|l| l.starts_with("fingerprint: ")).unwrap();
    assert_eq!(fp.len(), "fingerprint: XXXX-XXXX-XXXX-XXXX".len());
    // The private key file is beside the database and never world-readable.
    let key = dir.path().join("office.key");
    assert!(key.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // A second init is refused and changes nothing.
    let before = std::fs::read(&key).unwrap();
    let o = juwu(
        &db,
        &[
            "init",
            "--office-code",
            "QH02",
            "--office-name",
            "x",
            "--level",
            "street",
        ],
    );
    assert!(!o.status.success());
    assert!(
        text(&o).contains("already holds office QH01"),
        "{}",
        text(&o)
    );
    assert_eq!(std::fs::read(&key).unwrap(), before);
}

#[test]
fn bad_input_gets_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.redb");
    let o = juwu(
        &db,
        &[
            "init",
            "--office-code",
            "Q-1",
            "--office-name",
            "x",
            "--level",
            "community",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("'Q-1' is not an office code"),
        "{}",
        text(&o)
    );
    assert!(!db.exists(), "nothing written");
    let o = juwu(
        &db,
        &[
            "init",
            "--office-code",
            "QH01",
            "--office-name",
            "  ",
            "--level",
            "community",
        ],
    );
    assert!(
        text(&o).contains("office name must not be empty"),
        "{}",
        text(&o)
    );
    let o = juwu(&db, &["calendar", "due", "2026-02-30", "10"]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("'2026-02-30' is not a valid date"),
        "{}",
        text(&o)
    );
    let o = juwu(&db, &["verify"]);
    assert!(text(&o).contains("no database at"), "{}", text(&o));
    std::fs::write(&db, "name,amount\n张三,100\n").unwrap();
    let o = juwu(&db, &["verify"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o).trim(),
        format!("juwu: {} is not a juwu database", db.display())
    );
    assert_eq!(
        std::fs::read_to_string(&db).unwrap(),
        "name,amount\n张三,100\n"
    );
}

#[test]
fn calendar_due_and_show() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.redb");
    let o = juwu(&db, &["calendar", "due", "2026-09-30", "10"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "2026-10-20");
    let o = juwu(&db, &["calendar", "due", "2026-02-13", "10"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "2026-03-05");
    let o = juwu(&db, &["calendar", "show", "2025"]);
    let t = text(&o);
    assert!(
        t.contains("2025-01-28") && t.contains("2025-01-26 Sun"),
        "{t}"
    );
    // A year without a file falls back, visibly.
    let o = juwu(&db, &["calendar", "due", "2027-01-29", "10"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("no holiday calendar for 2027"));
    // A calendar added beside the database is used, with no rebuild.
    std::fs::create_dir_all(dir.path().join("calendars")).unwrap();
    std::fs::write(
        dir.path().join("calendars/2027.toml"),
        "year = 2027\n[[holiday]]\nname = \"春节\"\noff = [\"2027-02-05\", \"2027-02-11\"]\nwork = [\"2027-02-13\"]\n",
    )
    .unwrap();
    let o = juwu(&db, &["calendar", "due", "2027-02-04", "1"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "2027-02-12");
    // A broken one is named with its line.
    std::fs::write(
        dir.path().join("calendars/2028.toml"),
        "year = 2028\n[[holiday]]\nname = \"x\"\noff = [\"2028-13-01\"]\n",
    )
    .unwrap();
    let o = juwu(&db, &["calendar", "show", "2026"]);
    assert!(!o.status.success());
    let t = text(&o);
    assert!(t.contains("2028.toml") && t.contains("line 4"), "{t}");
    // A file named for one year that holds another is named, not ignored.
    std::fs::write(
        dir.path().join("calendars/2028.toml"),
        "year = 2029\n[[holiday]]\nname = \"x\"\noff = [\"2029-01-01\"]\n",
    )
    .unwrap();
    let o = juwu(&db, &["calendar", "due", "2028-01-04", "1"]);
    assert!(!o.status.success());
    let t = text(&o);
    assert!(
        t.contains("2028.toml") && t.contains("named for 2028") && t.contains("2029"),
        "{t}"
    );
}

#[test]
fn second_window_gets_the_lock_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let _held = juwu::store::Store::open(&db).unwrap();
    let o = juwu(&db, &["operator", "list"]);
    assert_eq!(o.status.code(), Some(1));
    let t = text(&o);
    assert_eq!(t.lines().count(), 1, "{t}");
    assert!(t.contains("is open in another juwu window"), "{t}");
}

#[test]
fn export_is_deterministic_and_verify_names_a_tampered_event() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    juwu(
        &db,
        &["operator", "add", "--name", "王小明", "--role", "clerk"],
    );
    let a = juwu(&db, &["export", "--format", "json"]).stdout;
    let b = juwu(&db, &["export"]).stdout;
    assert_eq!(a, b);
    let v: serde_json::Value = serde_json::from_slice(&a).unwrap();
    assert_eq!(v["office"], "QH01");
    for k in [
        "offices",
        "disclosures",
        "opinions",
        "replies",
        "statements",
        "checks",
    ] {
        assert!(v[k].is_array(), "{k}");
    }
    let out = dir.path().join("dump.json");
    let o = juwu(&db, &["export", "--out", out.to_str().unwrap()]);
    assert!(o.status.success());
    assert_eq!(std::fs::read(&out).unwrap(), a);

    let o = juwu(&db, &["verify"]);
    assert!(o.status.success(), "{}", text(&o));
    {
        let s = juwu::store::Store::open(&db).unwrap();
        s.tamper_for_tests("QH01", 2, 30).unwrap();
    }
    let o = juwu(&db, &["verify"]);
    assert_eq!(o.status.code(), Some(1));
    let t = text(&o);
    assert!(t.contains("QH01 #2") || t.contains("QH01 #3"), "{t}");
}

#[test]
fn db_option_goes_before_or_after_the_subcommand_or_in_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let bin = env!("CARGO_BIN_EXE_juwu");
    let after = Command::new(bin)
        .args(["operator", "list", "--lang", "en", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(after.status.success(), "{}", text(&after));
    let env = Command::new(bin)
        .args(["--lang", "en", "key", "show"])
        .env("JUWU_DB", &db)
        .output()
        .unwrap();
    assert!(text(&env).contains("office: QH01"), "{}", text(&env));
}

#[test]
fn a_closed_pipe_on_stdout_is_a_normal_end() {
    // `juwu demo --no-tui | head -0`: the reader is gone before juwu
    // prints; that must end quietly, not panic with "Broken pipe".
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_juwu"))
        .args(["demo", "--no-tui", "--lang", "en", "--db"])
        .arg(dir.path().join("juwu.redb"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?} {err}", out.status);
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
}

/// A bundle for an office this register does not know is refused (a typo
/// would otherwise be remembered as a peer), and nothing is written.
#[test]
fn bundle_export_refuses_an_unknown_recipient() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let out = dir.path().join("x.juwu");
    let o = juwu(
        &db,
        &[
            "bundle",
            "export",
            "--out",
            out.to_str().unwrap(),
            "--to",
            "ZZ99",
        ],
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("ZZ99"), "{}", text(&o));
    assert!(!out.exists());
    let o = Command::new(env!("CARGO_BIN_EXE_juwu"))
        .arg("--db")
        .arg(&db)
        .args(["--lang", "zh", "bundle", "export", "--out"])
        .arg(&out)
        .args(["--to", "ZZ99"])
        .output()
        .unwrap();
    assert!(text(&o).contains("未知单位“ZZ99”"), "{}", text(&o));
    let o = juwu(&db, &["bundle", "status"]);
    assert!(!text(&o).contains("ZZ99"), "{}", text(&o));
}

/// `set-pin` without `--pin` reads the PIN from standard input (no shell
/// history); a bad PIN there is refused like one on the command line.
#[test]
fn set_pin_reads_the_pin_from_stdin() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let o = juwu(
        &db,
        &["operator", "add", "--name", "王小明", "--role", "clerk"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let set = |input: &str| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_juwu"))
            .arg("--db")
            .arg(&db)
            .args([
                "--lang",
                "en",
                "operator",
                "set-pin",
                "--name",
                "王小明",
                "--pin-stdin",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        c.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        c.wait_with_output().unwrap()
    };
    let o = set("12\n");
    assert!(!o.status.success(), "{}", text(&o));
    let o = set("４３２１\n");
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("PIN changed"), "{}", text(&o));
}

/// The binary run with `JUWU_NOW` set to `now` (not the helper's fixed day).
fn juwu_at(db: &Path, now: &str, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_juwu"))
        .arg("--db")
        .arg(db)
        .args(["--lang", lang])
        .args(args)
        .env("JUWU_NOW", now)
        .env_remove("JUWU_OPERATOR")
        .output()
        .unwrap()
}

/// Today as `juwu export --format json` states it (`as_of`), and now as a
/// backup's manifest records it (`created_at`), with `JUWU_NOW` = `now`.
fn clock_seen(dir: &Path, db: &Path, now: &str) -> (String, String) {
    let o = juwu_at(db, now, "en", &["export", "--format", "json"]);
    assert!(o.status.success(), "{now}: {}", text(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let as_of = json["as_of"].as_str().unwrap().to_string();
    let out = dir.join(format!("backup-{}", now.replace([':', ' '], "_")));
    let o = juwu_at(db, now, "en", &["backup", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{now}: {}", text(&o));
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    (as_of, m["created_at"].as_str().unwrap().to_string())
}

/// `JUWU_NOW` takes a date, a date and time with or without seconds (Beijing
/// time), or RFC 3339 with an offset; "today" is the Beijing date of it.
/// On main only RFC 3339 was read: the other forms were silently ignored.
#[test]
fn juwu_now_accepts_a_date_a_beijing_time_or_rfc3339() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    for (now, as_of, created) in [
        ("2026-11-20", "2026-11-20", "2026-11-19T16:00:00+00:00"),
        (
            "2026-11-20 09:30",
            "2026-11-20",
            "2026-11-20T01:30:00+00:00",
        ),
        (
            "2026-11-20T09:30",
            "2026-11-20",
            "2026-11-20T01:30:00+00:00",
        ),
        (
            "2026-11-20T09:30:15",
            "2026-11-20",
            "2026-11-20T01:30:15+00:00",
        ),
        (
            "2026-11-20 23:59:59",
            "2026-11-20",
            "2026-11-20T15:59:59+00:00",
        ),
        (
            "2026-11-20T09:30:00+08:00",
            "2026-11-20",
            "2026-11-20T01:30:00+00:00",
        ),
        // 17:00 UTC is already the next day in Beijing.
        (
            "2026-11-20T17:00:00Z",
            "2026-11-21",
            "2026-11-20T17:00:00+00:00",
        ),
    ] {
        assert_eq!(
            clock_seen(dir.path(), &db, now),
            (as_of.to_string(), created.to_string()),
            "JUWU_NOW={now}"
        );
    }
}

/// An empty `JUWU_NOW` is the wall clock; a mistyped one is refused in the
/// user's language and nothing is done (on main it was silently ignored).
#[test]
fn juwu_now_empty_is_the_clock_and_garbage_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let before = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let (as_of, _) = clock_seen(dir.path(), &db, "");
    let after = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    assert!(
        as_of == before.to_string() || as_of == after.to_string(),
        "{as_of}"
    );
    for bad in ["tomorrow", "2026-11-31", "2026/11/20", "20.11.2026 09:30"] {
        let o = juwu_at(
            &db,
            bad,
            "en",
            &["operator", "add", "--name", "王小明", "--role", "clerk"],
        );
        assert_eq!(o.status.code(), Some(1), "{bad}: {}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(&format!("JUWU_NOW='{bad}' is not a time")),
            "{err}"
        );
        let o = juwu_at(&db, bad, "zh", &["operator", "list"]);
        assert_eq!(o.status.code(), Some(1));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(&format!("JUWU_NOW='{bad}' 不是时间")), "{err}");
    }
    let o = juwu(&db, &["operator", "list"]);
    assert!(!text(&o).contains("王小明"), "{}", text(&o));
}

/// Under `--lang zh` the command line's own refusals are Chinese: no
/// "name the operator acting with --as NAME" or "an xlsx report needs
/// --out" (both printed in English on main).
#[test]
fn refusals_under_lang_zh_are_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let csv = dir.path().join("opinions.csv");
    std::fs::write(
        &csv,
        "received at,channel,kind,text\n2026-11-20 09:00,phone,question,楼道灯坏了\n",
    )
    .unwrap();
    let zh = |args: &[&str]| {
        let o = juwu_at(&db, "2026-11-29", "zh", args);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        String::from_utf8_lossy(&o.stderr).to_string()
    };
    let english = |s: &str| {
        s.split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| ["name", "the", "needs", "acting", "report", "export", "an"].contains(w))
            .count()
    };
    for (args, want) in [
        (
            vec![
                "import",
                "--from",
                csv.to_str().unwrap(),
                "--register",
                "opinions",
            ],
            "请用 --as 指明操作的操作员",
        ),
        (
            vec!["report", "supervision", "--format", "xlsx"],
            "xlsx 报表需要 --out",
        ),
        (
            vec!["export", "--register", "opinions", "--format", "xlsx"],
            "导出 xlsx 需要 --out",
        ),
        (
            vec!["board", "--office", "ZZ99", "--out", "b.html"],
            "没有单位“ZZ99”",
        ),
    ] {
        let err = zh(&args);
        assert!(err.contains(want), "{args:?}: {err}");
        assert_eq!(english(&err), 0, "{args:?}: {err}");
    }
}

/// A missing or damaged office key is named in Chinese under `--lang zh`,
/// also when a bundle export meets it (English on main).
#[test]
fn office_key_problems_under_lang_zh_are_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let key = dir.path().join("office.key");
    std::fs::write(&key, "x\n").unwrap();
    let out = dir.path().join("x.juwu");
    for args in [
        vec!["key", "show"],
        vec!["bundle", "export", "--out", out.to_str().unwrap()],
    ] {
        let o = juwu_at(&db, "2026-11-29", "zh", &args);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("单位密钥文件") && err.contains("已损坏"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("damaged"), "{args:?}: {err}");
    }
    std::fs::remove_file(&key).unwrap();
    let o = juwu_at(&db, "2026-11-29", "zh", &["key", "show"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("无法读取单位密钥"), "{err}");
}

/// A due date in a year with no official calendar file (2027) skips the
/// statutory holidays computed from the national rules and says it is
/// provisional, and how to add the official file.
#[test]
fn calendar_due_into_a_year_without_a_file_skips_its_holidays_and_says_provisional() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.redb");
    // Monday 2026-12-28: 12-29, 12-30, 12-31, (元旦 01-01, weekend) 01-04, 01-05.
    let o = juwu(&db, &["calendar", "due", "2026-12-28", "5"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "2027-01-05 (provisional)"
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no holiday calendar for 2027")
            && err.contains("provisional")
            && err.contains("national holiday rules")
            && err.contains("put 2027.toml in the calendars folder beside the database"),
        "{err}"
    );
    let zh = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_juwu"))
            .arg("--db")
            .arg(&db)
            .args(["--lang", "zh"])
            .args(args)
            .env("JUWU_NOW", "2026-11-29")
            .output()
            .unwrap()
    };
    let o = zh(&["calendar", "due", "2026-12-28", "5"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "2027-01-05（暂定）"
    );
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("暂定"),
        "{}",
        text(&o)
    );
    // Over 春节 2027 (eve 02-05 .. 02-08): received Thursday 02-04.
    let o = juwu(&db, &["calendar", "due", "2027-02-04", "1"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "2027-02-09 (provisional)"
    );
    // `calendar show` lists the computed holidays of a provisional year.
    let o = juwu(&db, &["calendar", "show", "2027"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("2027 (provisional: computed from the national holiday rules)")
            && out.contains("2027-01-01 Fri  New Year's Day")
            && out.contains("2027-02-05 Fri  Spring Festival")
            && out.contains("2027-04-05 Mon  Qingming")
            && !out.contains("春节")
            && out.contains("unknown"),
        "{out}"
    );
    // The official file, once beside the database, replaces the computed days.
    std::fs::create_dir_all(dir.path().join("calendars")).unwrap();
    std::fs::write(
        dir.path().join("calendars/2027.toml"),
        "year = 2027\n[[holiday]]\nname = \"元旦\"\noff = [\"2027-01-01\", \"2027-01-03\"]\n",
    )
    .unwrap();
    let o = juwu(&db, &["calendar", "due", "2026-12-28", "5"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "2027-01-05");
    assert!(o.stderr.is_empty(), "{}", text(&o));
}

/// Issue 11 point 4: a PIN's hash stays in the office. `operator add
/// --pin` and `operator set-pin` keep it in the database's local table:
/// nothing of it enters the office log (which travels in every bundle) or
/// `export --format json`. On main the argon2 hash was in the log and in
/// the export's `pin_hash`.
#[test]
fn pin_hashes_never_enter_the_log_or_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let o = juwu(
        &db,
        &[
            "operator",
            "add",
            "--name",
            "王小明",
            "--role",
            "clerk",
            "--pin",
            "2468",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = juwu(
        &db,
        &["operator", "set-pin", "--name", "王小明", "--pin", "1357"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = juwu(&db, &["export", "--format", "json"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        !out.contains("pin_hash") && !out.contains("$argon2"),
        "{out}"
    );
    let s = juwu::store::Store::open(&db).unwrap();
    let r = s.read().unwrap();
    let events = r.events("QH01", 1, u64::MAX).unwrap();
    assert!(events.len() >= 2);
    for e in &events {
        let b = String::from_utf8_lossy(&e.bytes);
        assert!(!b.contains("$argon2"), "a PIN hash in the log: {b}");
    }
    let p = r.pin("王小明").unwrap().expect("kept locally");
    assert!(!p.exposed);
    assert!(juwu::store::pin::pin_matches("1357", &p.hash));
    assert!(r.operator("王小明").unwrap().unwrap().pin_hash.is_some());
    // An empty PIN removes it.
    drop(r);
    drop(s);
    let o = juwu(
        &db,
        &["operator", "set-pin", "--name", "王小明", "--pin", ""],
    );
    assert!(o.status.success(), "{}", text(&o));
    let s = juwu::store::Store::open(&db).unwrap();
    assert_eq!(s.read().unwrap().pin("王小明").unwrap(), None);
}

/// Issue 11 point 5: the database and an exported bundle are created
/// readable by the owner only (on main 0644), and `key show` says when the
/// key file is not the key the office's log names, or can be read by
/// others (on main it printed the file's key and said nothing).
#[test]
fn office_files_are_private_and_key_show_checks_the_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let o = juwu(&db, &["key", "show"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("warning"), "{}", text(&o));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&db), 0o600, "the database");
        let b = dir.path().join("out/qh-dc.juwu");
        let o = juwu(
            &db,
            &[
                "bundle",
                "export",
                "--out",
                b.to_str().unwrap(),
                "--to",
                "DC",
            ],
        );
        assert!(o.status.success(), "{}", text(&o));
        assert_eq!(mode(&b), 0o600, "the bundle");
        assert_eq!(mode(&dir.path().join("out")), 0o700, "the folder made");
        // A key file readable by others is reported.
        let key = dir.path().join("office.key");
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        let o = juwu(&db, &["key", "show"]);
        assert!(
            text(&o).contains("can be read by other users") && text(&o).contains("chmod 600"),
            "{}",
            text(&o)
        );
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    // Another office's key file in its place: said, with both fingerprints.
    let other = tempfile::tempdir().unwrap();
    let other_db = init(other.path());
    std::fs::copy(
        other.path().join("office.key"),
        dir.path().join("office.key"),
    )
    .unwrap();
    let _ = other_db;
    let o = juwu(&db, &["key", "show"]);
    assert!(
        text(&o).contains("is not the key in this office's log"),
        "{}",
        text(&o)
    );
}

/// Issue 11 points 4 and 5: a backup keeps the PIN hashes (local state,
/// never in the logs it copies) and `restore` brings them back as they
/// were; the backup's files are owner-only. On main the PIN was only in
/// the log (and so in every bundle), and the backup's files were 0644.
#[test]
fn backup_keeps_the_local_pins_and_restore_brings_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let o = juwu(
        &db,
        &[
            "operator",
            "add",
            "--name",
            "王小明",
            "--role",
            "clerk",
            "--pin",
            "2468",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let bk = dir.path().join("usb/backup");
    let o = juwu(&db, &["backup", "--out", bk.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let log = std::fs::read_to_string(bk.join("logs/QH01.jsonl")).unwrap();
    assert!(!log.contains("$argon2"), "{log}");
    let pins = std::fs::read_to_string(bk.join("local/pins.json")).unwrap();
    assert!(
        pins.contains("王小明") && pins.contains("$argon2"),
        "{pins}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&bk), 0o700);
        assert_eq!(mode(&bk.join("local/pins.json")), 0o600);
        assert_eq!(mode(&bk.join("logs/QH01.jsonl")), 0o600);
        assert_eq!(mode(&bk.join("manifest.json")), 0o600);
    }
    let new = dir.path().join("restored/office.redb");
    let o = juwu(&new, &["restore", bk.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let s = juwu::store::Store::open(&new).unwrap();
    let p = s.read().unwrap().pin("王小明").unwrap().expect("restored");
    assert!(!p.exposed);
    assert!(juwu::store::pin::pin_matches("2468", &p.hash));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&new).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}
