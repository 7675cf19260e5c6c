//! Keymaps are data: `keymaps/*.toml` bind key sequences to actions per
//! layer (`[global]`, `[list]`, `[form]`, one per screen, …):
//!
//! ```toml
//! [list]
//! keys = [
//!   { on = "g g", run = "first", desc = "Go to the first row" },
//! ]
//! ```
//!
//! A user file overrides the chosen built-in key by key (`run = "none"`
//! unbinds). Every problem — bad TOML, an unknown key name, layer or action,
//! a key bound twice — is kept with its file and line and shown on screen;
//! the good bindings still apply.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::action::Action;
use super::key::{Key, seq_label};

pub const DEFAULT: &str = include_str!("../../keymaps/default.toml");
pub const FUNCTION_KEYS: &str = include_str!("../../keymaps/function-keys.toml");

/// The layers every keymap may fill besides one per screen.
pub const BASE_LAYERS: &[&str] = &["global", "list", "form", "confirm", "search", "help"];

/// The built-in keymaps by name.
pub fn builtin(name: &str) -> Option<(&'static str, &'static str)> {
    match name {
        "default" => Some(("keymaps/default.toml", DEFAULT)),
        "function-keys" | "function_keys" | "fkeys" => {
            Some(("keymaps/function-keys.toml", FUNCTION_KEYS))
        }
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub action: Action,
    pub desc: Option<String>,
    /// Where it was defined: `file:line`.
    pub at: String,
}

#[derive(Debug, Clone, Default)]
pub struct Keymap {
    layers: BTreeMap<String, Vec<Binding>>,
    /// Problems found, each naming file and line.
    pub errors: Vec<String>,
}

/// What a key sequence typed so far means in the active layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    None,
    /// The start of a longer binding: wait for the next key.
    Prefix,
    Action(Action),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLayer {
    #[serde(default)]
    keys: Vec<Spanned<FileBinding>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileBinding {
    on: Spanned<String>,
    run: Spanned<String>,
    #[serde(default)]
    desc: Option<String>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
        + 1
}

/// One entry of a parsed file: `None` as action unbinds the key.
struct Entry {
    layer: String,
    keys: Vec<Key>,
    action: Option<Action>,
    desc: Option<String>,
    at: String,
}

/// Parses one keymap file; `layers` are the layer names allowed.
fn parse_file(file: &str, text: &str, layers: &[String], errors: &mut Vec<String>) -> Vec<Entry> {
    let parsed: BTreeMap<String, Spanned<FileLayer>> = match toml::from_str(text) {
        Ok(p) => p,
        Err(e) => {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
            errors.push(format!("{file}:{line}: {}", e.message().trim()));
            return vec![];
        }
    };
    let mut out: Vec<Entry> = vec![];
    for (layer, body) in parsed {
        let lline = line_of(text, body.span().start);
        if !layers.contains(&layer) {
            errors.push(format!(
                "{file}:{lline}: unknown layer [{layer}] (layers: {})",
                layers.join(", ")
            ));
            continue;
        }
        let mut seen: BTreeMap<Vec<Key>, usize> = BTreeMap::new();
        for b in body.into_inner().keys {
            let line = line_of(text, b.span().start);
            let b = b.into_inner();
            let at = format!("{file}:{line}");
            let keys = match Key::parse_seq(b.on.get_ref()) {
                Ok(k) => k,
                Err(e) => {
                    errors.push(format!("{at}: [{layer}] {e}"));
                    continue;
                }
            };
            let name = b.run.get_ref().trim();
            let action = if name == "none" {
                None
            } else {
                match Action::from_name(name) {
                    Some(a) => Some(a),
                    None => {
                        errors.push(format!(
                            "{at}: [{layer}] unknown action '{name}' for {}",
                            seq_label(&keys)
                        ));
                        continue;
                    }
                }
            };
            if let Some(prev) = seen.get(&keys) {
                errors.push(format!(
                    "{at}: [{layer}] {} is bound twice (also line {prev})",
                    seq_label(&keys)
                ));
                continue;
            }
            seen.insert(keys.clone(), line);
            out.push(Entry {
                layer: layer.clone(),
                keys,
                action,
                desc: b.desc,
                at,
            });
        }
    }
    out
}

impl Keymap {
    /// The built-in keymap `base` (a name, see [`builtin`]) with the user
    /// files applied over it, in order. `screens` are the screen layers.
    pub fn load(base: &str, user_files: &[&Path], screens: &[&str]) -> Keymap {
        let mut errors = vec![];
        let (file, text) = builtin(base).unwrap_or_else(|| {
            errors.push(format!(
                "unknown keymap '{base}' (built in: default, function-keys); using default"
            ));
            ("keymaps/default.toml", DEFAULT)
        });
        let mut texts: Vec<(String, String)> = vec![(file.to_string(), text.to_string())];
        for p in user_files {
            match std::fs::read_to_string(p) {
                Ok(t) => texts.push((p.display().to_string(), t)),
                Err(e) => errors.push(format!("{}: {e}", p.display())),
            }
        }
        let refs: Vec<(&str, &str)> = texts
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let mut km = Keymap::from_texts(&refs, screens);
        errors.append(&mut km.errors);
        km.errors = errors;
        km
    }

    /// Builds a keymap from `(file name, text)` pairs, later ones overriding.
    pub fn from_texts(files: &[(&str, &str)], screens: &[&str]) -> Keymap {
        let layers: Vec<String> = BASE_LAYERS
            .iter()
            .chain(screens.iter())
            .map(|s| s.to_string())
            .collect();
        let mut errors = vec![];
        let mut map: BTreeMap<String, Vec<Binding>> = BTreeMap::new();
        for (file, text) in files {
            for e in parse_file(file, text, &layers, &mut errors) {
                let v = map.entry(e.layer.clone()).or_default();
                v.retain(|b| b.keys != e.keys);
                if let Some(action) = e.action {
                    // A key that starts, or is started by, another binding
                    // of the same layer could never be reached.
                    if let Some(c) = v
                        .iter()
                        .find(|b| b.keys.starts_with(&e.keys) || e.keys.starts_with(&b.keys))
                    {
                        errors.push(format!(
                            "{}: [{}] {} conflicts with {} ({})",
                            e.at,
                            e.layer,
                            seq_label(&e.keys),
                            seq_label(&c.keys),
                            c.at
                        ));
                        continue;
                    }
                    v.push(Binding {
                        keys: e.keys,
                        action,
                        desc: e.desc,
                        at: e.at,
                    });
                }
            }
        }
        Keymap {
            layers: map,
            errors,
        }
    }

    /// What `typed` means, searching `layers` in order (first exact match
    /// wins; a longer binding in any layer makes it a prefix).
    pub fn lookup(&self, layers: &[&str], typed: &[Key]) -> Match {
        let mut prefix = false;
        for l in layers {
            for b in self.layers.get(*l).map(|v| v.as_slice()).unwrap_or(&[]) {
                if b.keys == typed {
                    return Match::Action(b.action);
                }
                if b.keys.len() > typed.len() && b.keys.starts_with(typed) {
                    prefix = true;
                }
            }
        }
        if prefix { Match::Prefix } else { Match::None }
    }

    pub fn layer(&self, name: &str) -> &[Binding] {
        self.layers.get(name).map(|v| v.as_slice()).unwrap_or(&[])
    }

    /// The first key sequence bound to `action` in `layers`, for hints.
    pub fn key_for(&self, layers: &[&str], action: Action) -> Option<String> {
        layers.iter().find_map(|l| {
            self.layer(l)
                .iter()
                .find(|b| b.action == action)
                .map(|b| seq_label(&b.keys))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_file_overrides_key_by_key_and_reports_lines() {
        let user = "[list]\nkeys = [\n  { on = \"j\", run = \"none\" },\n  { on = \"x\", run = \"fly\" },\n  { on = \"<C-j>\", run = \"down\" },\n]\n";
        let km = Keymap::from_texts(
            &[("keymaps/default.toml", DEFAULT), ("user.toml", user)],
            &["today"],
        );
        assert_eq!(km.lookup(&["list"], &[Key::char('j')]), Match::None);
        assert_eq!(
            km.lookup(&["list"], &[Key::parse("<C-j>").unwrap()]),
            Match::Action(Action::Down)
        );
        assert_eq!(
            km.lookup(&["list"], &[Key::char('k')]),
            Match::Action(Action::Up)
        );
        assert!(
            km.errors
                .iter()
                .any(|e| e.starts_with("user.toml:4:") && e.contains("fly")),
            "{:?}",
            km.errors
        );
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let km = Keymap::from_texts(
            &[("bad.toml", "[list]\nkeys = [ { on = \"j\" run }\n")],
            &[],
        );
        assert!(km.errors[0].starts_with("bad.toml:2:"), "{:?}", km.errors);
    }

    #[test]
    fn prefix_conflicts_are_reported() {
        let t = "[list]\nkeys = [\n { on = \"g\", run = \"first\" },\n { on = \"g g\", run = \"last\" },\n]\n";
        let km = Keymap::from_texts(&[("c.toml", t)], &[]);
        assert!(
            km.errors
                .iter()
                .any(|e| e.starts_with("c.toml:4:") && e.contains("conflicts"))
        );
    }
}
