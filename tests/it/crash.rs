//! Crash safety: a child appends events in a loop and is killed (SIGKILL on
//! Unix, TerminateProcess on Windows) at random moments. After each kill the
//! database opens, `verify` passes, and every event the child reported
//! committed is there.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn killed_writer_loses_nothing_it_reported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.redb");
    let bin = env!("CARGO_BIN_EXE_juwu");
    let run = |args: &[&str]| {
        let o = Command::new(bin)
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    run(&[
        "init",
        "--office-code",
        "CR01",
        "--office-name",
        "crash",
        "--level",
        "community",
    ]);
    run(&["operator", "add", "--name", "clerk", "--role", "clerk"]);
    // A small deterministic generator for the kill moments.
    let mut seed: u64 = 0x9e3779b97f4a7c15 ^ std::process::id() as u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut kills = 0;
    let mut committed_total = 0u64;
    let mut head_before = juwu::store::Store::open(&db)
        .unwrap()
        .read()
        .unwrap()
        .heads()
        .unwrap()["CR01"]
        .seq;
    for _round in 0..25 {
        let mut child = Command::new(bin)
            .arg("--db")
            .arg(&db)
            .args(["--as", "clerk", "stress-append", "--count", "100000"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (first_tx, first_rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut last = 0u64;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("committed ").and_then(|n| n.parse().ok()) {
                    if last == 0 {
                        let _ = first_tx.send(());
                    }
                    last = n;
                }
            }
            last
        });
        // The kill timer starts once the child is writing, so the kill
        // lands among its commits (not during start-up).
        first_rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the child committed nothing within a minute");
        let wait = Duration::from_millis(5 + next() % 150);
        let start = Instant::now();
        while start.elapsed() < wait {
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        kills += 1;
        let reported = reader.join().unwrap();
        let store = juwu::store::Store::open(&db).unwrap();
        let report = store.verify(false).unwrap();
        assert!(
            report.ok(),
            "after kill {kills}: {:?} {:?}",
            report.chain_errors,
            report.projection_errors
        );
        let head = store.read().unwrap().heads().unwrap()["CR01"].seq;
        assert!(
            head >= reported,
            "child reported #{reported} committed but the log ends at #{head}"
        );
        assert!(reported > head_before, "round {kills}: nothing committed");
        committed_total += head - head_before;
        head_before = head;
    }
    assert_eq!(kills, 25);
    assert!(committed_total > 0);
}
