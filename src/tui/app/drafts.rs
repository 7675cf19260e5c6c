//! Forms in progress kept on disk beside the database, and offered back
//! after sign-in.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{App, Confirm, Effect, Note};
use crate::i18n::Lang;
use crate::store::Store;
use crate::tui::screens::ScreenId;
use crate::tui::strings::S;

/// A form in progress, kept on disk beside the database: one file per
/// database, office, operator and form (and the record it acts on).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftFile {
    /// The database file it was typed against (its full path).
    #[serde(default)]
    pub db: String,
    /// The office of that database.
    #[serde(default)]
    pub office: Option<String>,
    pub form: String,
    pub owner: String,
    pub context: Option<String>,
    pub title: String,
    pub operator: Option<String>,
    pub saved_at: NaiveDateTime,
    pub values: BTreeMap<String, String>,
}

/// Typing is written to the draft file at most this often (and when the
/// app is idle for a second, the focus moves to another field, or it quits).
pub const DRAFT_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// The database a draft belongs to: its full path, as written in drafts.
pub(super) fn db_id(store: &Store) -> String {
    let p = store.path();
    std::fs::canonicalize(p)
        .unwrap_or_else(|_| p.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// The file of one draft: named by a hash of everything that keys it, so
/// two databases, offices, operators or forms never share one.
pub fn draft_file(
    dir: &std::path::Path,
    db: &str,
    office: Option<&str>,
    operator: Option<&str>,
    form: &str,
    context: Option<&str>,
) -> PathBuf {
    let mut h = blake3::Hasher::new();
    for part in [
        db,
        office.unwrap_or(""),
        operator.unwrap_or(""),
        form,
        context.unwrap_or(""),
    ] {
        h.update(part.as_bytes());
        h.update(&[0]);
    }
    let hex = h.finalize().to_hex();
    dir.join(format!("form-{}.json", &hex.as_str()[..16]))
}

impl App {
    /// The draft file of the open form, if it keeps one.
    pub(super) fn form_draft_path(&self) -> Option<PathBuf> {
        let dir = self.draft_dir.as_ref()?;
        let f = self.state.form()?;
        let sh = &self.state.sh;
        Some(draft_file(
            dir,
            &db_id(&self.store),
            sh.own.as_ref().map(|o| o.code.as_str()),
            sh.operator.as_ref().map(|o| o.name.as_str()),
            &f.id,
            f.context.as_deref(),
        ))
    }

    /// Keeps the open form on disk: at once if `now` or if the last write
    /// is `DRAFT_EVERY` old, otherwise marked pending (written on the next
    /// tick, field change or quit).
    pub(super) fn save_draft(&mut self, now: bool) {
        let Some(f) = self.state.form() else {
            return;
        };
        if !f.keep_draft || !f.dirty || self.draft_dir.is_none() {
            return;
        }
        if !now && self.draft_saved.is_some_and(|t| t.elapsed() < DRAFT_EVERY) {
            self.draft_pending = true;
            return;
        }
        self.write_draft();
    }

    /// Writes typing not yet on disk.
    pub fn flush_draft(&mut self) {
        if self.draft_pending {
            self.write_draft();
        }
    }

    pub(super) fn write_draft(&mut self) {
        self.draft_pending = false;
        // The path is `None` without a drafts folder.
        let (Some(path), Some(f)) = (self.form_draft_path(), self.state.form()) else {
            return;
        };
        let sh = &self.state.sh;
        let d = DraftFile {
            db: db_id(&self.store),
            office: sh.own.as_ref().map(|o| o.code.to_string()),
            form: f.id.clone(),
            owner: f.owner.layer().to_string(),
            context: f.context.clone(),
            title: f.title.clone(),
            operator: sh.operator.as_ref().map(|o| o.name.clone()),
            saved_at: sh.clock.local(),
            values: f.values(),
        };
        let write = || -> Result<(), String> {
            let json = serde_json::to_vec_pretty(&d).map_err(|e| e.to_string())?;
            crate::service::files::write_atomic(&path, &json).map_err(|e| e.to_string())
        };
        self.draft_saved = Some(std::time::Instant::now());
        if let Err(e) = write() {
            self.state.note = Some(Note {
                text: format!("{}: {e}", S::DraftNotSaved.t(self.state.sh.lang)),
                error: true,
            });
        }
    }

    /// The open form is saved or discarded: its draft goes.
    pub(super) fn delete_draft(&mut self) {
        self.draft_pending = false;
        self.draft_saved = None;
        if let Some(p) = self.form_draft_path() {
            let _ = std::fs::remove_file(p);
        }
    }

    /// The signed-in operator's unsaved forms for this database and office,
    /// newest first. Unreadable files are counted, not offered.
    pub(super) fn my_drafts(&self) -> (Vec<(PathBuf, DraftFile)>, usize) {
        let Some(dir) = &self.draft_dir else {
            return (vec![], 0);
        };
        let Ok(rd) = std::fs::read_dir(dir) else {
            return (vec![], 0);
        };
        let sh = &self.state.sh;
        let db = db_id(&self.store);
        let office = sh.own.as_ref().map(|o| o.code.to_string());
        let me = sh.operator.as_ref().map(|o| o.name.clone());
        let mut out = vec![];
        let mut bad = 0;
        for e in rd.flatten() {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !(name.starts_with("form-") && name.ends_with(".json")) {
                continue;
            }
            let Ok(bytes) = std::fs::read(&p) else {
                continue;
            };
            match serde_json::from_slice::<DraftFile>(&bytes) {
                Ok(d) if d.db == db && d.office == office && d.operator == me => out.push((p, d)),
                Ok(_) => {}
                Err(_) => bad += 1,
            }
        }
        out.sort_by_key(|d| std::cmp::Reverse(d.1.saved_at));
        (out, bad)
    }

    /// After sign-in: the newest form this operator left unsaved in this
    /// database is offered back; declining it offers the next.
    pub(super) fn offer_draft(&mut self) -> Vec<Effect> {
        let (drafts, bad) = self.my_drafts();
        let mut out = vec![];
        if bad > 0
            && let Some(dir) = &self.draft_dir
        {
            out.push(Effect::Error(format!(
                "{}: {}",
                self.state.sh.t(S::DraftUnreadable),
                dir.display()
            )));
        }
        let n = drafts.len();
        for (path, d) in drafts {
            let Some(i) = ScreenId::parse(&d.owner).and_then(|s| self.state.screen_index(s)) else {
                continue;
            };
            // The form's screen has not read its rows yet (only the current
            // screen is read on sign-in) and may need them to remake the form.
            self.reload(i);
            let st = &self.state;
            let Some(mut form) = st.screens[i].make_form(&d.form, d.context.as_deref(), &st.sh)
            else {
                continue;
            };
            st.screens[i].restore(&mut form, &d.values, &st.sh);
            form.dirty = true;
            let mut lines = vec![format!(
                "{} — {}",
                crate::domain::text::clean_line(&d.title),
                d.saved_at.format("%Y-%m-%d %H:%M")
            )];
            if n > 1 {
                lines.push(match st.sh.lang {
                    Lang::Zh => format!("（共 {n} 份未保存的表单，从最近的开始）"),
                    Lang::En => format!("({n} unsaved forms, the latest first)"),
                });
            }
            lines.push(st.sh.t(S::DraftResumeQ).into());
            out.push(Effect::Confirm(Confirm {
                title: st.sh.t(S::DraftFound).into(),
                lines,
                yes: vec![Effect::OpenForm(form)],
                no: vec![Effect::DeleteDraftFile(path), Effect::OfferDraft],
            }));
            break;
        }
        out
    }
}
