//! Where things live: the database, and beside it the calendars, drafts,
//! reports, kiosk settings and the office key; the configuration folder;
//! loading the working-day calendar.

use std::path::{Path, PathBuf};

use crate::domain::{Calendar, YearCalendar};

use super::error::{Error, Result};
use super::files::FileError;

/// The default database: `juwu.redb` in the platform's local data directory
/// (`~/.local/share/juwu` on Linux; on Windows
/// `C:\Users\<user>\AppData\Local\juwu\juwu\data`, not the roaming
/// folder: a roaming profile would carry the register and its signing key
/// to another PC, where a second copy of the office's log could fork it).
pub fn default_db() -> PathBuf {
    directories::ProjectDirs::from("org", "juwu", "juwu")
        .map(|d| d.data_local_dir().join("juwu.redb"))
        .unwrap_or_else(|| PathBuf::from("juwu.redb"))
}

/// The folder holding the database (`None`: the current folder).
pub fn folder(db: &Path) -> Option<PathBuf> {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
}

/// A path beside the database.
pub fn beside(db: &Path, name: &str) -> PathBuf {
    folder(db).unwrap_or_else(|| PathBuf::from(".")).join(name)
}

/// Calendars added by the office live beside the database.
pub fn calendar_dir(db: &Path) -> PathBuf {
    beside(db, "calendars")
}

/// Where a form in progress is kept: `drafts/` beside the database.
pub fn drafts_dir(db: &Path) -> PathBuf {
    beside(db, "drafts")
}

/// Where the app writes reports and board pages: `reports/` in the
/// database's folder (`None`: the current folder).
pub fn reports_dir(folder: Option<&Path>) -> PathBuf {
    folder.unwrap_or(Path::new(".")).join("reports")
}

/// The kiosk's settings beside the database.
pub fn kiosk_config(db: &Path) -> PathBuf {
    beside(db, "kiosk.toml")
}

/// The office's private key beside the database.
pub fn key_path(db: &Path) -> PathBuf {
    crate::sync::keys::key_path(db)
}

/// The folder of `config.toml` and a user `keymap.toml`
/// (`JUWU_CONFIG_DIR` overrides it).
pub fn config_dir() -> Option<PathBuf> {
    if let Ok(d) = std::env::var("JUWU_CONFIG_DIR") {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("org", "juwu", "juwu").map(|d| d.config_dir().to_path_buf())
}

/// The calendar of the database at `db`: the built-in years plus
/// `calendars/*.toml` beside it.
pub fn calendar(db: &Path) -> Result<Calendar> {
    load_calendar(&calendar_dir(db))
}

/// Loads the built-in calendars and every `*.toml` in `dir` (a file for a
/// year replaces the built-in one). A broken file is an error naming file
/// and line.
pub fn load_calendar(dir: &Path) -> Result<Calendar> {
    let mut cal = Calendar::builtin();
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).map_err(|e| FileError::new(&f, e))?;
            let year = YearCalendar::parse(&f.display().to_string(), &text)?;
            // `2027.toml` that says `year = 2028` would silently leave 2027
            // on the Monday–Friday fallback: name the mix-up instead.
            let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            if let Ok(named) = stem.parse::<i32>()
                && named != year.year
            {
                return Err(Error::CalendarYearMismatch {
                    file: f.clone(),
                    named,
                    year: year.year,
                });
            }
            cal.add(year);
        }
    }
    Ok(cal)
}
