//! Sync: the bundle status of every office known here (last received,
//! sent and acknowledged, and how long ago; whether its key is trusted;
//! fork alerts with their evidence), and the acts of `juwu bundle`:
//! export a bundle to a folder chosen in a file picker (drives and mount
//! points first), inspect bundle files (the dry run, in a pane), import
//! them after a confirmation naming what will be added, and trust a new
//! office's key after comparing its fingerprint by phone.
//!
//! Everything that touches files or the store runs as `Effect::Store`
//! (`with_store`); `update` only changes the screen's state.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::layout::Rect;

mod view;

use super::{Request, Screen, ScreenId};
use crate::domain::OfficeCode;
use crate::domain::text::clean_line;
use crate::i18n::Lang;
use crate::service::bundles;
use crate::store::sync::{Alert, Peer, TrustEntry};
use crate::store::{Reader, Store, StoreError};
use crate::sync::describe::{self, Tone, n_events};
use crate::sync::keys::fingerprint;
use crate::sync::verify::{Loaded, Problem};
use crate::sync::{self, ExportOptions, Inspection};
use crate::tui::action::Action;
use crate::tui::app::{Confirm, Effect, Shared};
use crate::tui::strings::{S, tr};
use crate::tui::widgets::file_picker::{PickFor, Picked, Picker};
use crate::tui::widgets::form::Form;
use crate::tui::widgets::table::Mark;
use crate::tui::widgets::{Paged, cell};

/// One office as a sync partner.
#[derive(Debug, Clone)]
struct Row {
    code: String,
    name: String,
    held: Option<u64>,
    signed_head: Option<u64>,
    peer: Peer,
    trust: Option<TrustEntry>,
    alerts: usize,
}

/// What the last act showed in the result pane.
#[derive(Debug, Clone, Default)]
struct Pane {
    title: String,
    lines: Vec<(String, Mark)>,
}

/// An import waiting for its confirmation: the files and the bundle
/// hashes inspected (a file changed since is refused).
#[derive(Debug, Clone)]
struct Pending {
    files: Vec<PathBuf>,
    hashes: Vec<String>,
}

#[derive(Default)]
pub struct Sync {
    own: Option<OfficeCode>,
    own_head: u64,
    rows: Vec<Row>,
    alerts: Vec<Alert>,
    /// Events found speaking for another office (kept, not applied).
    claims: Vec<crate::store::sync::ClaimAlert>,
    /// Warnings that another office holds more of this office's own log
    /// than this database has (restored from an old backup?).
    behind: Vec<String>,
    page: Paged,
    pub picker: Option<Picker>,
    pane: Option<Pane>,
    /// The export asked for by the form, run by `with_store`.
    export: Option<(ExportOptions, PathBuf)>,
    pending: Option<Pending>,
    /// Keys offered by the last inspection, not trusted here: (office, key).
    untrusted: Vec<(String, String)>,
    /// The files last inspected, and whether to import them: inspected
    /// again once a key is trusted.
    last_inspect: Option<(Vec<PathBuf>, bool)>,
    /// The last folder used, where the picker opens next time.
    last_dir: Option<PathBuf>,
    /// The database's folder (a place of the picker).
    db_dir: Option<PathBuf>,
}

fn file_label(p: &Path) -> String {
    clean_line(
        &p.file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| p.display().to_string()),
    )
}

impl Sync {
    fn selected(&self) -> Option<&Row> {
        self.rows.get(self.page.selected)
    }

    fn picker_rows(sh: &Shared) -> usize {
        sh.list_rows().saturating_sub(3).max(3)
    }

    fn open_picker(&mut self, purpose: PickFor) -> Vec<Effect> {
        let mut p = Picker::new(purpose);
        p.dir = self.last_dir.clone().filter(|d| d.is_dir());
        self.picker = Some(p);
        vec![Effect::Store(Request::ListFolder)]
    }

    fn export_form(&self, dir: &Path, sh: &Shared) -> Form {
        let own = self.own.as_ref().map(|c| c.to_string()).unwrap_or_default();
        let mut to = vec![("".to_string(), sh.t(S::SyncAnyOffice).to_string())];
        to.extend(
            self.rows
                .iter()
                .map(|r| (r.code.clone(), format!("{} {}", r.code, r.name))),
        );
        let first = self.selected().map(|r| r.code.clone()).unwrap_or_default();
        let date = sh.today().format("%Y%m%d").to_string();
        let name = if first.is_empty() {
            format!("{own}-{date}.juwu")
        } else {
            format!("{own}-to-{first}-{date}.juwu")
        };
        let mut f = Form::new("export", ScreenId::Sync, sh.t(S::SyncExportTitle))
            .intro(tr(
                sh.lang,
                S::SyncExportIntro,
                &[&clean_line(&dir.display().to_string())],
            ))
            .choice("to", sh.t(S::SyncRecipient), to, &first)
            .hint(sh.t(S::ChoiceHint))
            .toggle("all", sh.t(S::SyncAll), false)
            .hint(sh.t(S::SyncAllHint))
            .toggle("relay", sh.t(S::SyncRelay), false)
            .hint(sh.t(S::SyncRelayHint))
            .line("file", sh.t(S::SyncFileName), &name)
            .context(&dir.display().to_string());
        f.keep_draft = false;
        f
    }

    /// Loads the files; a file that cannot be read is said in the pane.
    fn load_files(files: &[PathBuf], l: Lang) -> Result<Vec<Loaded>, Vec<(String, Mark)>> {
        let mut loaded = vec![];
        let mut errs = vec![];
        for f in files {
            match sync::load(f) {
                Ok(x) => loaded.push(x),
                Err(e) => errs.push((format!("✗ {}", clean_line(&e.message(l))), Mark::Alert)),
            }
        }
        if errs.is_empty() {
            Ok(loaded)
        } else {
            errs.insert(0, (describe::unreadable(l).into(), Mark::Alert));
            Err(errs)
        }
    }

    /// The dry run of `files` against `store`, as pane lines; and, when the
    /// import may go ahead, the confirmation to ask.
    fn inspect(
        &mut self,
        store: &Store,
        files: Vec<PathBuf>,
        import: bool,
        sh: &Shared,
    ) -> Vec<Effect> {
        let l = sh.lang;
        self.last_inspect = Some((files.clone(), import));
        let title = tr(l, S::SyncInspectTitle, &[&files.len().to_string()]);
        let loaded = match Self::load_files(&files, l) {
            Ok(x) => x,
            Err(lines) => {
                self.pane = Some(Pane { title, lines });
                return vec![];
            }
        };
        let hashes: Vec<String> = loaded.iter().map(|x| x.parsed.hash.clone()).collect();
        let plan = match sync::verify::plan(store, loaded, sh.clock.now()) {
            Ok(p) => p,
            Err(e) => return vec![Effect::Error(e.message(sh.zh()))],
        };
        let mut lines = vec![];
        self.untrusted.clear();
        for i in &plan.inspections {
            self.describe(i, store, sh, &mut lines);
        }
        let new: u64 = plan.inspections.iter().map(|i| i.new_events()).sum();
        let verdict = if !plan.ok() {
            (sh.t(S::SyncWouldRefuse).to_string(), Mark::Alert)
        } else if new == 0 {
            (sh.t(S::SyncNothingNew).to_string(), Mark::Dim)
        } else {
            (tr(l, S::SyncWouldAdd, &[&n_events(l, new)]), Mark::Good)
        };
        lines.push((String::new(), Mark::Normal));
        lines.push(verdict);
        if !self.untrusted.is_empty() {
            lines.push((
                tr(
                    l,
                    S::SyncTrustHint,
                    &[&sh.key(ScreenId::Sync.layer(), Action::Trust)],
                ),
                Mark::Normal,
            ));
        }
        self.pane = Some(Pane { title, lines });
        if !import || !plan.ok() {
            return vec![];
        }
        // What would be added, by office.
        let mut by_office: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new();
        for i in &plan.inspections {
            for g in i.logs.iter().filter(|g| g.new > 0) {
                let e = by_office
                    .entry(g.office.clone())
                    .or_insert((g.held + 1, 0, 0));
                e.0 = e.0.min(g.held + 1);
                e.1 = e.1.max(g.held + g.new);
                e.2 += g.new;
            }
        }
        let what: Vec<String> = by_office
            .iter()
            .map(|(o, (from, to, n))| format!("{o} #{from}..#{to} ({})", n_events(l, *n)))
            .collect();
        self.pending = Some(Pending {
            files: files.clone(),
            hashes,
        });
        let mut qlines = vec![tr(
            l,
            S::SyncImportQ,
            &[&files.len().to_string(), &n_events(l, new)],
        )];
        if what.is_empty() {
            qlines.push(sh.t(S::SyncImportNoted).into());
        } else {
            qlines.extend(what);
        }
        qlines.push(sh.t(S::SyncImportOneTxn).into());
        vec![Effect::Confirm(Confirm {
            title: sh.t(S::SyncImportTitle).into(),
            lines: qlines,
            yes: vec![Effect::Store(Request::Import)],
            no: vec![Effect::Info(sh.t(S::SyncNotImported).into())],
        })]
    }

    /// One inspected bundle, as `juwu bundle inspect` says it; keeps the
    /// keys offered and not trusted here, for the trust act.
    fn describe(
        &mut self,
        i: &Inspection,
        store: &Store,
        sh: &Shared,
        out: &mut Vec<(String, Mark)>,
    ) {
        for p in &i.problems {
            if let Problem::UnknownSigner { office, key } | Problem::UnknownLog { office, key } = p
                && !self.untrusted.iter().any(|(o, _)| o == office)
            {
                self.untrusted.push((office.clone(), key.clone()));
            }
        }
        out.extend(marked(describe::inspection(sh.lang, store, i)));
    }

    fn do_export(&mut self, store: &Store, sh: &Shared) -> Vec<Effect> {
        let Some((opts, path)) = self.export.take() else {
            return vec![];
        };
        let l = sh.lang;
        let res = bundles::export(store, &opts, &path, sh.clock.now());
        match res {
            Ok(s) => {
                let lines = marked(describe::export(l, &s));
                self.pane = Some(Pane {
                    title: sh.t(S::SyncExportDone).into(),
                    lines,
                });
                self.last_dir = path.parent().map(Path::to_path_buf);
                vec![Effect::Info(tr(
                    l,
                    S::SyncExported,
                    &[&file_label(&s.path)],
                ))]
            }
            Err(e) => vec![Effect::Error(e.message(l))],
        }
    }

    fn do_import(&mut self, store: &mut Store, sh: &Shared) -> Vec<Effect> {
        let Some(p) = self.pending.take() else {
            return vec![];
        };
        let l = sh.lang;
        let loaded = match Self::load_files(&p.files, l) {
            Ok(x) => x,
            Err(lines) => {
                self.pane = Some(Pane {
                    title: sh.t(S::SyncImportTitle).into(),
                    lines,
                });
                return vec![Effect::Error(sh.t(S::SyncNotImported).into())];
            }
        };
        // The files must be the ones inspected.
        if loaded.iter().map(|x| &x.parsed.hash).ne(p.hashes.iter()) {
            return vec![Effect::Error(sh.t(S::SyncChangedSince).into())];
        }
        let done = match bundles::import(store, loaded, sh.clock.now(), &mut |_, _| {}) {
            Ok(done) => done,
            Err(e) => return vec![Effect::Error(e.message(l))],
        };
        let out = &done.outcome;
        if out.refused {
            let lines = marked(describe::refused(l, out));
            self.pane = Some(Pane {
                title: sh.t(S::SyncImportTitle).into(),
                lines,
            });
            return vec![Effect::Error(sh.t(S::SyncRefused).into())];
        }
        let mut lines = marked(describe::imported(l, out));
        let note = tr(l, S::SyncImported, &[&n_events(l, out.events_added())]);
        lines.insert(0, (note.clone(), Mark::Good));
        if let Some((before, after)) = done.compacted {
            lines.insert(1, (describe::compacted(l, before, after), Mark::Normal));
        }
        let behind = sync::verify::behind_warnings(store, l).unwrap_or_default();
        for w in &behind {
            lines.push((format!("⚠ {w}"), Mark::Alert));
        }
        self.pane = Some(Pane {
            title: sh.t(S::SyncImportTitle).into(),
            lines,
        });
        match behind.first() {
            Some(w) => vec![Effect::Error(format!("⚠ {w}"))],
            None => vec![Effect::Info(note)],
        }
    }

    fn do_trust(&mut self, office: &str, store: &Store, sh: &Shared) -> Vec<Effect> {
        let Some((_, key)) = self.untrusted.iter().find(|(o, _)| o == office).cloned() else {
            return vec![];
        };
        let trusted = OfficeCode::parse(office)
            .map_err(crate::service::Error::from)
            .and_then(|code| bundles::trust(store, &code, &key, sh.clock.now()));
        match trusted {
            Ok(_) => {
                self.untrusted.retain(|(o, _)| o != office);
                let mut out = vec![Effect::Info(tr(
                    sh.lang,
                    S::SyncTrusted,
                    &[office, &fingerprint(&key)],
                ))];
                // Inspect again: the verdict may have changed.
                self.pending = None;
                if let Some((files, import)) = self.last_inspect.clone() {
                    out.extend(self.inspect(store, files, import, sh));
                }
                out
            }
            Err(e) => vec![Effect::Error(e.message(sh.lang))],
        }
    }
}

/// The list mark of a bundle-status tone (shared with the Offices screen).
pub(super) fn mark(t: Tone) -> Mark {
    match t {
        Tone::Normal => Mark::Normal,
        Tone::Good => Mark::Good,
        Tone::Dim => Mark::Dim,
        Tone::Alert => Mark::Alert,
    }
}

/// Lines described in sync's words, with their list marks.
fn marked(lines: describe::Lines) -> Vec<(String, Mark)> {
    lines.into_iter().map(|(t, tone)| (t, mark(tone))).collect()
}

impl Screen for Sync {
    fn id(&self) -> ScreenId {
        ScreenId::Sync
    }
    fn title(&self, sh: &Shared) -> String {
        sh.t(S::TabSync).into()
    }
    fn goto(&self) -> Option<Action> {
        Some(Action::GotoSync)
    }

    fn refresh(&mut self, _r: &Reader, _sh: &Shared) -> Result<(), StoreError> {
        Ok(())
    }

    fn refresh_all(&mut self, store: &Store, _r: &Reader, sh: &Shared) -> Result<(), StoreError> {
        self.db_dir = store
            .path()
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf);
        let st = sync::status::status(store)?;
        self.own_head = st.own_head;
        self.behind = sync::verify::behind_warnings(store, sh.lang)?;
        self.rows = st
            .partners
            .into_iter()
            .map(|p| Row {
                name: p.name.as_deref().map(cell).unwrap_or_default(),
                held: p.held,
                signed_head: p.signed_head,
                peer: p.peer,
                trust: p.trust,
                alerts: p.alerts,
                code: p.code,
            })
            .collect();
        self.alerts = st.alerts;
        self.claims = st.claims;
        self.own = st.own;
        let h = if sh.wide() {
            sh.list_rows()
        } else {
            sh.list_rows().saturating_sub(9).max(3)
        };
        self.page.set(self.rows.len(), h);
        Ok(())
    }

    fn draw(&self, sh: &Shared, f: &mut Frame, area: Rect) {
        self.draw_screen(sh, f, area);
    }

    fn update(&mut self, a: Action, sh: &Shared) -> Vec<Effect> {
        if let Some(p) = self.picker.as_mut() {
            let list = || Effect::Store(Request::ListFolder);
            return match p.update(a, self.db_dir.as_deref()) {
                Picked::Nothing => vec![],
                Picked::List => vec![list()],
                Picked::Folder(dir) => {
                    self.picker = None;
                    self.last_dir = Some(dir.clone());
                    vec![Effect::OpenForm(self.export_form(&dir, sh))]
                }
                Picked::Files => {
                    vec![Effect::Store(Request::Inspect {
                        then_import: p.purpose == PickFor::Import,
                    })]
                }
                Picked::TypePath => {
                    let cur = p
                        .dir
                        .as_ref()
                        .map(|d| d.display().to_string())
                        .unwrap_or_default();
                    let mut f = Form::new("path", ScreenId::Sync, sh.t(S::SyncTypePath))
                        .line("path", sh.t(S::SyncFolder), &cur)
                        .hint(if cfg!(windows) { "E:\\" } else { "/media/usb" });
                    f.keep_draft = false;
                    vec![Effect::OpenForm(f)]
                }
                Picked::Closed => {
                    self.picker = None;
                    vec![]
                }
            };
        }
        match a {
            Action::Export => self.open_picker(PickFor::Export),
            Action::Inspect => self.open_picker(PickFor::Inspect),
            Action::Import => self.open_picker(PickFor::Import),
            Action::Trust => {
                let Some((office, key)) = self.untrusted.first().cloned() else {
                    return vec![Effect::Info(sh.t(S::SyncNothingToTrust).into())];
                };
                vec![Effect::Confirm(Confirm {
                    title: sh.t(S::SyncTrustTitle).into(),
                    lines: vec![
                        tr(sh.lang, S::SyncTrustQ, &[&office]),
                        format!("    {}", fingerprint(&key)),
                        tr(sh.lang, S::SyncTrustPhone, &[&office]),
                    ],
                    yes: vec![Effect::Store(Request::Trust { office })],
                    no: vec![],
                })]
            }
            Action::Back if self.pane.is_some() => {
                self.pane = None;
                vec![]
            }
            a => {
                self.page.apply(a);
                vec![]
            }
        }
    }

    fn submit(&mut self, form: &mut Form, sh: &Shared) -> Vec<Effect> {
        match form.id.as_str() {
            "path" => {
                let path = PathBuf::from(form.get("path").trim());
                if !path.is_dir() {
                    form.set_error(
                        "path",
                        tr(sh.lang, S::SyncNoFolder, &[&clean_line(&form.get("path"))]),
                    );
                    return vec![];
                }
                if let Some(p) = self.picker.as_mut() {
                    p.dir = Some(path);
                }
                vec![Effect::CloseForm, Effect::Store(Request::ListFolder)]
            }
            "export" => {
                let dir = PathBuf::from(form.context.clone().unwrap_or_default());
                let name = form.get("file").trim().to_string();
                if name.is_empty() || name.contains(['/', '\\']) {
                    form.set_error("file", sh.t(S::SyncBadFileName));
                    return vec![];
                }
                let to = form.get("to");
                let to = if to.is_empty() {
                    None
                } else {
                    match OfficeCode::parse(&to) {
                        Ok(c) => Some(c),
                        Err(e) => {
                            form.set_error("to", e.message(sh.zh()));
                            return vec![];
                        }
                    }
                };
                let path = dir.join(&name);
                if path.exists() {
                    form.set_error(
                        "file",
                        tr(sh.lang, S::SyncFileExists, &[&clean_line(&name)]),
                    );
                    return vec![];
                }
                self.export = Some((
                    ExportOptions {
                        to,
                        all: form.on("all"),
                        relay: form.on("relay"),
                    },
                    path,
                ));
                vec![Effect::CloseForm, Effect::Store(Request::Export)]
            }
            _ => vec![],
        }
    }

    fn with_store(&mut self, req: Request, store: &mut Store, sh: &Shared) -> Vec<Effect> {
        match req {
            Request::ListFolder => {
                let h = Self::picker_rows(sh);
                let db = self.db_dir.clone();
                if let Some(p) = self.picker.as_mut() {
                    p.load(db.as_deref(), sh, h);
                }
                vec![]
            }
            Request::Export => self.do_export(store, sh),
            Request::Inspect { then_import } => {
                let Some(p) = self.picker.take() else {
                    return vec![];
                };
                if let Some(d) = &p.dir {
                    self.last_dir = Some(d.clone());
                }
                let files = p.marked.clone();
                self.inspect(store, files, then_import, sh)
            }
            Request::Import => self.do_import(store, sh),
            Request::Trust { office } => self.do_trust(&office, store, sh),
            Request::EndBox
            | Request::Receipt { .. }
            | Request::CheckPin { .. }
            | Request::Print(_) => vec![],
        }
    }

    fn act_of(&self, _a: Action) -> Option<crate::domain::workflow::Act> {
        None
    }

    fn make_form(&self, form_id: &str, context: Option<&str>, sh: &Shared) -> Option<Form> {
        match (form_id, context) {
            ("export", Some(dir)) => Some(self.export_form(Path::new(dir), sh)),
            _ => None,
        }
    }

    fn click(&mut self, row: u16, _area: Rect, _sh: &Shared) -> Vec<Effect> {
        if self.picker.is_none() {
            super::util::click_list(&mut self.page, row, 1);
        }
        vec![]
    }
}
