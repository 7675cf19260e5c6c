//! Running the real binary: one helper for every module, with the
//! environment differences as options.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The environment a run gets. No run has `JUWU_OPERATOR` from the
/// caller's shell.
#[derive(Debug, Clone, Copy)]
pub struct Env {
    /// `--lang` before the arguments (None: the arguments choose).
    pub lang: Option<&'static str>,
    /// `JUWU_NOW` to the second, if the time of day matters.
    pub now: Option<&'static str>,
    /// Else `JUWU_NOW` is this day (00:00 Beijing; `TODAY` unless a test
    /// moves it).
    pub today: &'static str,
}

impl Env {
    /// English, the wall clock.
    pub const EN: Env = Env {
        lang: Some("en"),
        now: None,
        today: TODAY,
    };

    /// The same with `JUWU_NOW` set.
    pub const fn at(self, now: &'static str) -> Env {
        Env {
            now: Some(now),
            ..self
        }
    }

    /// The same on another day (`JUWU_NOW` as a date).
    pub const fn on(self, today: &'static str) -> Env {
        Env { today, ..self }
    }

    /// The same without `--lang` (the test passes its own).
    pub const fn any_lang(self) -> Env {
        Env { lang: None, ..self }
    }

    /// The same in another language (`"zh"`, `"en"`).
    pub const fn lang(self, lang: &'static str) -> Env {
        Env {
            lang: Some(lang),
            ..self
        }
    }
}

/// The day every run sees as today.
pub const TODAY: &str = "2026-11-29";

/// `juwu --db DB [--lang L] ARGS…` in `env`.
pub fn juwu(db: &Path, env: Env, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_juwu"));
    c.arg("--db").arg(db);
    if let Some(l) = env.lang {
        c.args(["--lang", l]);
    }
    c.args(args)
        .env("JUWU_NOW", env.now.unwrap_or(env.today))
        .env_remove("JUWU_TODAY")
        .env_remove("JUWU_OPERATOR");
    c.output().unwrap()
}

/// The output of a run that must succeed.
pub fn ok(o: Output) -> Output {
    assert!(o.status.success(), "{}", text(&o));
    o
}

/// `juwu demo --no-tui` into `dir/demo.redb`: the demo office QH01 made by
/// the binary, as a clerk would.
pub fn demo(dir: &Path, env: Env) -> PathBuf {
    let db = dir.join("demo.redb");
    ok(juwu(&db, env, &["demo", "--no-tui"]));
    db
}

/// Standard output then standard error, as one text.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
