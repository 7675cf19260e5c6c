//! End to end: the real binary in a terminal (tmux). Start the demo, log an
//! opinion, quit, start again: the opinion is there. (tmux: Unix only.)
#![cfg(unix)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs")
    }
    fn start(&self, cmd: &str) {
        let o = self.run(&[
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            "100",
            "-y",
            "30",
            cmd,
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "e2e"]).stdout).to_string()
    }
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend(keys);
        self.run(&args);
    }
    fn text(&self, s: &str) {
        self.run(&["send-keys", "-t", "e2e", "-l", s]);
    }
    /// Waits until the screen shows `what` (the app draws asynchronously).
    fn wait_for(&self, what: &str, secs: u64) -> String {
        let t0 = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(what) {
                return s;
            }
            if t0.elapsed() > Duration::from_secs(secs) {
                panic!("'{what}' did not appear within {secs}s; the screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    fn wait_gone(&self, secs: u64) {
        let t0 = Instant::now();
        while self.run(&["has-session", "-t", "e2e"]).status.success() {
            if t0.elapsed() > Duration::from_secs(secs) {
                panic!("the app did not quit; the screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn app_cmd(db: &Path, cfg: &Path) -> String {
    format!(
        "env JUWU_CONFIG_DIR='{}' JUWU_NOW= '{}' --db '{}' --lang en --as 李晓燕 demo; echo exited $?; sleep 3",
        cfg.display(),
        env!("CARGO_BIN_EXE_juwu"),
        db.display()
    )
}

#[test]
fn demo_log_an_opinion_quit_and_find_it_again() {
    if Command::new("tmux").arg("-V").output().is_err() {
        panic!("tmux is needed for the end-to-end test (apt-get install tmux)");
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.redb");
    let cfg = dir.path().join("config");
    let t = Tmux {
        socket: format!("juwu-e2e-{}", std::process::id()),
    };
    t.start(&app_cmd(&db, &cfg));
    t.wait_for("Replies due or overdue", 120);
    t.keys(&["3"]);
    t.wait_for("Opinions", 10);
    t.keys(&["n"]);
    t.wait_for("Log an opinion", 10);
    // Kind: complaint; the text; anonymous; save.
    t.keys(&["c", "Tab"]);
    t.text("E2E streetlight at gate 2 is broken");
    t.keys(&["C-a", "C-s"]);
    t.wait_for("Opinion logged", 10);
    t.keys(&["q"]);
    t.wait_for("exited 0", 10);
    t.wait_gone(10);

    // Start again on the same database: the opinion is there.
    t.start(&app_cmd(&db, &cfg));
    t.wait_for("Replies due or overdue", 60);
    t.keys(&["3"]);
    let s = t.wait_for("E2E streetlight", 10);
    assert!(s.contains("complaint") && s.contains("Anonymous"), "{s}");
    t.keys(&["/"]);
    t.text("streetlight");
    t.wait_for("Opinions and suggestions", 10);
    // Esc alone (Esc followed at once by q reads as Alt-q).
    t.keys(&["Escape"]);
    t.wait_for("Status:all", 10);
    t.keys(&["q"]);
    t.wait_for("exited 0", 10);
    t.wait_gone(10);

    let store = juwu::store::Store::open(&db).unwrap();
    let ops = store.read().unwrap().opinions().unwrap();
    let o = ops
        .iter()
        .find(|o| o.text.contains("E2E streetlight"))
        .expect("stored");
    assert_eq!(o.kind, juwu::domain::OpinionKind::ComplaintOmission);
    assert_eq!(o.from, None);
    assert_eq!(o.recorded_by, "李晓燕");
}
