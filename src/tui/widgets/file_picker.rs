//! The folder and file picker of the Sync screen: places first (drives,
//! mount points where a USB drive shows up, home, the database's folder),
//! then folders and `.juwu` files; files can be marked.

use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{Paged, fit, width};
use crate::domain::text::clean_line;
use crate::sync::describe::size;
use crate::tui::action::Action;
use crate::tui::app::Shared;
use crate::tui::screens::ScreenId;
use crate::tui::strings::{S, tr};

/// What the picker is choosing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickFor {
    /// A folder to write a bundle into.
    Export,
    /// Bundle files to inspect (dry run only).
    Inspect,
    /// Bundle files to inspect, then import.
    Import,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EntryKind {
    /// A drive, mount point or known folder (the top level).
    Place,
    /// "Use this folder" (export).
    UseHere,
    Up,
    Dir,
    File(u64),
}

#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) kind: EntryKind,
    pub(crate) label: String,
    pub(crate) path: PathBuf,
}

/// What a key did in the picker, for the screen to act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    Nothing,
    /// The folder changed: read it (`Picker::load`).
    List,
    /// "Use this folder" (export).
    Folder(PathBuf),
    /// Files chosen: the marked ones (the selected one if none was marked).
    Files,
    /// The user wants to type a folder.
    TypePath,
    /// The picker was left.
    Closed,
}

/// A simple file picker: places (drives, mount points, home, the
/// database's folder), then folders and `.juwu` files.
#[derive(Debug, Clone)]
pub struct Picker {
    pub purpose: PickFor,
    /// `None`: the list of places.
    pub dir: Option<PathBuf>,
    pub(crate) entries: Vec<Entry>,
    pub(crate) page: Paged,
    pub marked: Vec<PathBuf>,
    pub(crate) error: Option<String>,
}

/// Drives and mount points where a USB drive shows up, the home folder and
/// the database's folder. Windows: the drive letters that exist.
pub fn places(db_dir: Option<&Path>) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = vec![];
    #[cfg(windows)]
    {
        for c in b'A'..=b'Z' {
            let p = PathBuf::from(format!("{}:\\", c as char));
            if p.exists() {
                out.push((format!("{}:", c as char), p));
            }
        }
    }
    #[cfg(not(windows))]
    {
        let user = std::env::var("USER").unwrap_or_default();
        let mut roots: Vec<PathBuf> = vec![PathBuf::from("/media")];
        if !user.is_empty() {
            roots.push(PathBuf::from("/media").join(&user));
            roots.push(PathBuf::from("/run/media").join(&user));
        }
        roots.push(PathBuf::from("/mnt"));
        roots.push(PathBuf::from("/Volumes"));
        for r in roots {
            let Ok(rd) = std::fs::read_dir(&r) else {
                continue;
            };
            let mut found: Vec<PathBuf> = rd
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .filter(|p| {
                    // /media/USER is a root of its own, not a drive.
                    p.file_name().map(|n| n.to_string_lossy() != user) != Some(false)
                })
                .collect();
            found.sort();
            for p in found {
                if !out.iter().any(|(_, q)| *q == p) {
                    out.push((p.display().to_string(), p));
                }
            }
        }
    }
    if let Some(h) = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf()) {
        out.push((h.display().to_string(), h));
    }
    if let Some(d) = db_dir {
        out.push((d.display().to_string(), d.to_path_buf()));
    }
    out
}

impl Picker {
    pub fn new(purpose: PickFor) -> Picker {
        Picker {
            purpose,
            dir: None,
            entries: vec![],
            page: Paged::default(),
            marked: vec![],
            error: None,
        }
    }

    pub(crate) fn selected(&self) -> Option<&Entry> {
        self.entries.get(self.page.selected)
    }

    /// Reads the folder (or the places) into entries.
    pub fn load(&mut self, db_dir: Option<&Path>, sh: &Shared, height: usize) {
        self.entries.clear();
        self.error = None;
        match &self.dir {
            None => {
                for (label, path) in places(db_dir) {
                    let tag = if Some(path.as_path()) == db_dir {
                        format!("{label}  ({})", sh.t(S::SyncDbFolder))
                    } else {
                        label
                    };
                    self.entries.push(Entry {
                        kind: EntryKind::Place,
                        label: clean_line(&tag),
                        path,
                    });
                }
            }
            Some(dir) => {
                if self.purpose == PickFor::Export {
                    self.entries.push(Entry {
                        kind: EntryKind::UseHere,
                        label: sh.t(S::SyncUseFolder).into(),
                        path: dir.clone(),
                    });
                }
                self.entries.push(Entry {
                    kind: EntryKind::Up,
                    label: "..".into(),
                    path: dir.parent().map(Path::to_path_buf).unwrap_or_default(),
                });
                match std::fs::read_dir(dir) {
                    Ok(rd) => {
                        let mut dirs = vec![];
                        let mut files = vec![];
                        for e in rd.filter_map(|e| e.ok()) {
                            let p = e.path();
                            let name = e.file_name().to_string_lossy().to_string();
                            if name.starts_with('.') {
                                continue;
                            }
                            let Ok(meta) = e.metadata() else { continue };
                            if meta.is_dir() {
                                dirs.push(Entry {
                                    kind: EntryKind::Dir,
                                    label: format!("{}/", clean_line(&name)),
                                    path: p,
                                });
                            } else if self.purpose != PickFor::Export
                                && p.extension()
                                    .is_some_and(|x| x.eq_ignore_ascii_case("juwu"))
                            {
                                files.push(Entry {
                                    kind: EntryKind::File(meta.len()),
                                    label: clean_line(&name),
                                    path: p,
                                });
                            }
                        }
                        dirs.sort_by(|a, b| a.label.cmp(&b.label));
                        files.sort_by(|a, b| a.label.cmp(&b.label));
                        self.entries.extend(dirs);
                        self.entries.extend(files);
                    }
                    Err(e) => {
                        self.error =
                            Some(format!("{}: {e}", clean_line(&dir.display().to_string())))
                    }
                }
            }
        }
        self.page.selected = 0;
        self.page.top = 0;
        self.page.set(self.entries.len(), height);
    }

    /// Moves, marks, opens and goes back by the key's action; says what the
    /// screen must do next. `db_dir` is a place of its own (going back from
    /// a place's top shows the places).
    pub fn update(&mut self, a: Action, db_dir: Option<&Path>) -> Picked {
        match a {
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::First
            | Action::Last => {
                self.page.apply(a);
                Picked::Nothing
            }
            Action::Mark => {
                if let Some(e) = self.selected().cloned()
                    && matches!(e.kind, EntryKind::File(_))
                {
                    if let Some(i) = self.marked.iter().position(|m| *m == e.path) {
                        self.marked.remove(i);
                    } else {
                        self.marked.push(e.path);
                    }
                    self.page.apply(Action::Down);
                }
                Picked::Nothing
            }
            Action::Open => {
                let Some(e) = self.selected().cloned() else {
                    return Picked::Nothing;
                };
                match e.kind {
                    EntryKind::Place | EntryKind::Dir | EntryKind::Up => {
                        self.dir = match e.kind {
                            EntryKind::Up if e.path.as_os_str().is_empty() => None,
                            _ => Some(e.path),
                        };
                        Picked::List
                    }
                    EntryKind::UseHere => Picked::Folder(e.path),
                    EntryKind::File(_) => {
                        if self.marked.is_empty() {
                            self.marked.push(e.path);
                        }
                        Picked::Files
                    }
                }
            }
            Action::Back => match self.dir.take() {
                // Up one folder; from a place's top, to the places.
                Some(d) => {
                    let is_place = places(db_dir).iter().any(|(_, q)| *q == d);
                    self.dir = if is_place {
                        None
                    } else {
                        d.parent().map(Path::to_path_buf)
                    };
                    Picked::List
                }
                None => Picked::Closed,
            },
            Action::TypePath => Picked::TypePath,
            Action::Cancel => Picked::Closed,
            _ => Picked::Nothing,
        }
    }

    /// Draws the picker: where it is, the entries, the keys.
    pub fn draw(&self, sh: &Shared, f: &mut Frame, area: Rect) {
        let p = self;
        let title = match p.purpose {
            PickFor::Export => sh.t(S::SyncPickFolder),
            PickFor::Inspect | PickFor::Import => sh.t(S::SyncPickFiles),
        };
        let block = Block::default().borders(Borders::ALL).title(Span::styled(
            format!(" {title} "),
            Style::default().add_modifier(Modifier::BOLD),
        ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height < 3 {
            return;
        }
        let where_ = match &p.dir {
            Some(d) => clean_line(&d.display().to_string()),
            None => sh.t(S::SyncPlaces).into(),
        };
        f.render_widget(
            Paragraph::new(fit(&where_, inner.width as usize))
                .style(Style::default().fg(Color::Cyan)),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        let keys = match p.purpose {
            PickFor::Export => tr(
                sh.lang,
                S::SyncPickerKeysDir,
                &[
                    &sh.key(ScreenId::Sync.layer(), Action::Open),
                    &sh.key(ScreenId::Sync.layer(), Action::Back),
                    &sh.key(ScreenId::Sync.layer(), Action::TypePath),
                ],
            ),
            _ => tr(
                sh.lang,
                S::SyncPickerKeysFiles,
                &[
                    &sh.key(ScreenId::Sync.layer(), Action::Mark),
                    &sh.key(ScreenId::Sync.layer(), Action::Open),
                    &sh.key(ScreenId::Sync.layer(), Action::Back),
                    &sh.key(ScreenId::Sync.layer(), Action::TypePath),
                ],
            ),
        };
        let mut y = inner.y + 1;
        if let Some(e) = &p.error {
            f.render_widget(
                Paragraph::new(fit(&format!("✗ {e}"), inner.width as usize))
                    .style(Style::default().fg(Color::Red)),
                Rect::new(inner.x, y, inner.width, 1),
            );
            y += 1;
        }
        let list_h = (inner.y + inner.height).saturating_sub(y + 1);
        let w = inner.width as usize;
        for (n, e) in p
            .entries
            .iter()
            .enumerate()
            .skip(p.page.top)
            .take(list_h as usize)
        {
            let marked = p.marked.contains(&e.path);
            let (icon, extra) = match &e.kind {
                EntryKind::Place => ("▪", String::new()),
                EntryKind::UseHere => ("✓", String::new()),
                EntryKind::Up => ("↑", String::new()),
                EntryKind::Dir => ("▸", String::new()),
                EntryKind::File(n) => (if marked { "☑" } else { "☐" }, size(*n)),
            };
            let left = format!("{icon} {}", e.label);
            let pad = w.saturating_sub(width(&left) + width(&extra) + 1);
            let text = fit(&format!("{left}{}{extra}", " ".repeat(pad)), w);
            let mut st = match e.kind {
                EntryKind::UseHere => Style::default().fg(Color::Green),
                EntryKind::File(_) if marked => Style::default().fg(Color::Yellow),
                _ => Style::default(),
            };
            if n == p.page.selected {
                st = st.add_modifier(Modifier::REVERSED);
            }
            let tpad = w.saturating_sub(width(&text));
            f.render_widget(
                Paragraph::new(format!("{text}{}", " ".repeat(tpad))).style(st),
                Rect::new(inner.x, y, inner.width, 1),
            );
            y += 1;
        }
        if p.entries.is_empty() {
            f.render_widget(
                Paragraph::new(sh.t(S::EmptyList)),
                Rect::new(inner.x, y, inner.width, 1),
            );
        }
        f.render_widget(
            Paragraph::new(fit(&keys, w)).style(Style::default().fg(Color::DarkGray)),
            Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1),
        );
    }
}
