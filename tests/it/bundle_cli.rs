//! `juwu bundle` and `juwu trust` as a user runs them: one readable line per
//! refusal, a non-zero exit, and `juwu export --format json` unchanged.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::run::{self, Env, text};

fn juwu(db: &Path, args: &[&str]) -> Output {
    run::juwu(db, Env::EN.at("2026-11-29T08:00:00Z"), args)
}

fn ok(db: &Path, args: &[&str]) -> String {
    let o = juwu(db, args);
    assert!(o.status.success(), "juwu {args:?}: {}", text(&o));
    text(&o)
}

fn init(dir: &Path, code: &str, level: &str, parent: Option<&str>) -> PathBuf {
    let db = dir.join(format!("{code}.redb"));
    let mut args = vec![
        "init",
        "--office-code",
        code,
        "--office-name",
        "测试单位",
        "--level",
        level,
    ];
    if let Some(p) = parent {
        args.extend(["--parent", p]);
    }
    ok(&db, &args);
    db
}

fn public_key(db: &Path) -> String {
    let t = ok(db, &["key", "show"]);
    t.lines()
        .find_map(|l| l.strip_prefix("public key: "))
        .unwrap()
        .to_string()
}

fn json(db: &Path) -> String {
    ok(db, &["export", "--format", "json"])
}

#[test]
fn export_inspect_import_twice_status_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let qh = init(d, "QH01", "community", Some("DC"));
    let dc = init(d, "DC", "street", None);
    ok(
        &qh,
        &["operator", "add", "--name", "王小明", "--role", "clerk"],
    );
    let bundle = d.join("qh-dc.juwu");
    let b = bundle.to_str().unwrap();
    let t = ok(&qh, &["bundle", "export", "--out", b, "--to", "DC"]);
    assert!(t.contains("QH01 log: #1..#3"), "{t}");
    assert!(!d.join("qh-dc.juwu.part").exists());

    // First contact: refused, with the fingerprint to compare and the command.
    let before = json(&dc);
    let o = juwu(&dc, &["bundle", "inspect", b]);
    assert!(!o.status.success());
    let t = text(&o);
    assert!(t.contains("unknown signer"), "{t}");
    assert!(t.contains("juwu trust add --office QH01 --key"), "{t}");
    let o = juwu(&dc, &["bundle", "import", b]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("refused: nothing was imported"),
        "{}",
        text(&o)
    );
    assert_eq!(json(&dc), before);

    // Trust QH01 with the key exactly as `key show` prints it.
    let key = public_key(&qh);
    let t = ok(&dc, &["trust", "add", "--office", "QH01", "--key", &key]);
    assert!(t.contains("Trusted QH01 with key fingerprint"), "{t}");
    let o = juwu(&dc, &["trust", "add", "--office", "QH01", "--key", "zz"]);
    assert!(!o.status.success());
    assert!(text(&o).contains("is not a public key"), "{}", text(&o));
    assert!(ok(&dc, &["trust", "list"]).contains(&key));

    let t = ok(&dc, &["bundle", "inspect", b]);
    assert!(t.contains("signature  ✓ verified"), "{t}");
    assert!(t.contains("importing would add 3 events"), "{t}");
    assert_eq!(json(&dc), before, "inspect is a dry run");
    let t = ok(&dc, &["bundle", "import", b]);
    assert!(t.contains("imported new: 3 events (QH01 #1..#3)"), "{t}");
    let after = json(&dc);
    assert_ne!(after, before);
    assert!(after.contains("\"QH01\""));
    let t = ok(&dc, &["bundle", "import", b]);
    assert!(t.contains("nothing new"), "{t}");
    assert_eq!(json(&dc), after);

    let t = ok(&dc, &["bundle", "status"]);
    assert!(t.contains("last received"), "{t}");
    assert!(t.contains("(today)"), "{t}");

    // A truncated copy: one readable line, nothing changed.
    let bytes = std::fs::read(&bundle).unwrap();
    let cut = d.join("cut.juwu");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let o = juwu(&dc, &["bundle", "import", cut.to_str().unwrap()]);
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.contains("truncated"), "{e}");
    assert_eq!(json(&dc), after);

    // A removed signer is refused.
    ok(&dc, &["trust", "remove", "--office", "QH01"]);
    ok(
        &qh,
        &["operator", "add", "--name", "李四", "--role", "clerk"],
    );
    let b2 = d.join("2.juwu");
    ok(
        &qh,
        &[
            "bundle",
            "export",
            "--out",
            b2.to_str().unwrap(),
            "--to",
            "DC",
        ],
    );
    let o = juwu(&dc, &["bundle", "import", b2.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("was removed from the trusted keys"),
        "{}",
        text(&o)
    );
    assert_eq!(json(&dc), after);
    assert!(ok(&dc, &["trust", "list"]).contains("REMOVED"));
}

#[test]
fn key_rotate_is_followed_by_the_street() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let qh = init(d, "QH01", "community", Some("DC"));
    let dc = init(d, "DC", "street", None);
    ok(
        &dc,
        &[
            "trust",
            "add",
            "--office",
            "QH01",
            "--key",
            &public_key(&qh),
        ],
    );
    let b1 = d.join("1.juwu");
    ok(
        &qh,
        &[
            "bundle",
            "export",
            "--out",
            b1.to_str().unwrap(),
            "--to",
            "DC",
        ],
    );
    ok(&dc, &["bundle", "import", b1.to_str().unwrap()]);
    let old = public_key(&qh);
    let t = ok(&qh, &["key", "rotate"]);
    assert!(t.contains("Key rotated"), "{t}");
    let new = public_key(&qh);
    assert_ne!(old, new);
    let b2 = d.join("2.juwu");
    ok(
        &qh,
        &[
            "bundle",
            "export",
            "--out",
            b2.to_str().unwrap(),
            "--to",
            "DC",
        ],
    );
    let t = ok(&dc, &["bundle", "import", b2.to_str().unwrap()]);
    assert!(t.contains("changed its key"), "{t}");
    let t = ok(&dc, &["trust", "list"]);
    assert!(t.contains(&new) && t.contains("rotated at #"), "{t}");
}

/// Sync refusals read in Chinese under `--lang zh` (they were English
/// sentences, shown as they were).
#[test]
fn sync_refusals_read_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let qh = init(dir.path(), "QH01", "community", None);
    let zh = |args: &[&str]| {
        let o = run::juwu(&qh, Env::EN.lang("zh").at("2026-11-29T08:00:00Z"), args);
        assert!(!o.status.success());
        text(&o)
    };
    let junk = dir.path().join("junk.juwu");
    std::fs::write(&junk, b"not a bundle at all, just some text").unwrap();
    let t = zh(&["bundle", "import", junk.to_str().unwrap()]);
    assert!(t.contains("不是 juwu 数据包"), "{t}");
    assert!(!t.contains("bundle mark"), "{t}");
}

#[test]
fn bundle_and_trust_refusals_are_in_the_user_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path(), "QH01", "community", None);
    let zh = |args: &[&str]| {
        let o = run::juwu(&db, Env::EN.lang("zh").at("2026-11-29T08:00:00Z"), args);
        assert!(!o.status.success(), "juwu {args:?}: {}", text(&o));
        text(&o)
    };
    let junk = dir.path().join("junk.juwu");
    std::fs::write(&junk, b"hello, not a bundle").unwrap();
    let t = zh(&["bundle", "inspect", junk.to_str().unwrap()]);
    assert!(t.contains("不是 juwu 数据包"), "{t}");
    assert!(!t.contains("not a juwu bundle"), "{t}");
    let t = zh(&["bundle", "import", junk.to_str().unwrap()]);
    assert!(t.contains("不是 juwu 数据包"), "{t}");
    let key = public_key(&db);
    let t = zh(&["trust", "add", "--office", "QH01", "--key", &key]);
    assert!(
        t.contains("就是本单位") && !t.contains("this office"),
        "{t}"
    );
    let t = zh(&["trust", "remove", "--office", "DC"]);
    assert!(t.contains("没有信任 DC 的密钥"), "{t}");
}

#[test]
fn the_roster_carries_trust_from_street_to_district() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let dq = init(d, "DQ", "district", None);
    let dc = init(d, "DC", "street", Some("DQ"));
    let qh = init(d, "QH01", "community", Some("DC"));
    // A community has no roster; the street's names its communities.
    let o = juwu(
        &qh,
        &[
            "office",
            "add",
            "--code",
            "ZZ99",
            "--name",
            "幽灵",
            "--level",
            "community",
        ],
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("not below this office"), "{}", text(&o));
    let key = public_key(&qh);
    ok(
        &dc,
        &[
            "office",
            "add",
            "--code",
            "QH01",
            "--name",
            "清河社区",
            "--level",
            "community",
            "--key",
            &key,
        ],
    );
    let list = ok(&dc, &["office", "list"]);
    assert!(list.contains("QH01") && list.contains("清河社区"), "{list}");
    // The street trusts the key on its own roster, the district trusts
    // the street by hand and through it the street's roster: no
    // `trust add` for QH01 anywhere.
    ok(
        &dq,
        &["trust", "add", "--office", "DC", "--key", &public_key(&dc)],
    );
    ok(
        &dc,
        &["trust", "add", "--office", "DQ", "--key", &public_key(&dq)],
    );
    let up = d.join("qh.juwu");
    ok(
        &qh,
        &[
            "bundle",
            "export",
            "--to",
            "DC",
            "--out",
            up.to_str().unwrap(),
        ],
    );
    let o = ok(&dc, &["bundle", "import", up.to_str().unwrap()]);
    assert!(o.contains("QH01"), "{o}");
    let relay = d.join("dc.juwu");
    ok(
        &dc,
        &[
            "bundle",
            "export",
            "--to",
            "DQ",
            "--relay",
            "--out",
            relay.to_str().unwrap(),
        ],
    );
    let o = ok(&dq, &["bundle", "import", relay.to_str().unwrap()]);
    assert!(o.contains("QH01 #1.."), "{o}");
    assert!(!o.contains("left out"), "{o}");
}
