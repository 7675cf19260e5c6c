//! Every keymap file in keymaps/ parses with no unknown action, key, layer
//! or conflict, and binds what a clerk needs on every screen.

use juwu::tui::action::Action;
use juwu::tui::key::Key;
use juwu::tui::keymap::{Keymap, Match};

fn screens() -> Vec<&'static str> {
    juwu::tui::screens::registry()
        .iter()
        .map(|s| s.id().layer())
        .collect()
}

#[test]
fn every_keymap_file_parses_cleanly() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("keymaps");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        n += 1;
        let text = std::fs::read_to_string(&p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let km = Keymap::from_texts(&[(&name, &text)], &screens());
        assert!(km.errors.is_empty(), "{name}: {:?}", km.errors);
        // Essentials are reachable from every screen.
        for s in screens() {
            let layers = [s, "list", "global"];
            for a in [
                Action::Quit,
                Action::Help,
                Action::Open,
                Action::Down,
                Action::Up,
            ] {
                assert!(
                    km.key_for(&layers, a).is_some(),
                    "{name}: [{s}] has no key for {}",
                    a.name()
                );
            }
        }
        for a in [
            Action::Save,
            Action::Cancel,
            Action::NextField,
            Action::Anonymous,
            Action::AddLine,
        ] {
            assert!(
                km.key_for(&["form"], a).is_some(),
                "{name}: [form] has no key for {}",
                a.name()
            );
        }
        for a in [Action::Yes, Action::No] {
            assert!(
                km.key_for(&["confirm"], a).is_some(),
                "{name}: {}",
                a.name()
            );
        }
        // Every screen's own layer exists.
        for s in screens() {
            assert!(
                text.contains(&format!("[{s}]")),
                "{name} has no [{s}] layer"
            );
        }
    }
    assert!(n >= 2, "keymaps/ holds default.toml and function-keys.toml");
}

#[test]
fn function_keys_layout_uses_f_keys() {
    let km = Keymap::from_texts(
        &[("function-keys.toml", juwu::tui::keymap::FUNCTION_KEYS)],
        &screens(),
    );
    let k = |s: &str| Key::parse_seq(s).unwrap();
    assert_eq!(
        km.lookup(&["global"], &k("<F10>")),
        Match::Action(Action::Quit)
    );
    assert_eq!(
        km.lookup(&["global"], &k("<F3>")),
        Match::Action(Action::Search)
    );
    assert_eq!(
        km.lookup(&["global"], &k("<F5>")),
        Match::Action(Action::Refresh)
    );
    assert_eq!(
        km.lookup(&["opinions"], &k("<F2>")),
        Match::Action(Action::New)
    );
    assert_eq!(
        km.lookup(&["form"], &k("<F2>")),
        Match::Action(Action::Save)
    );
}

#[test]
fn a_user_file_overrides_key_by_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("keymap.toml"),
        "[global]\nkeys = [ { on = \"Q\", run = \"quit\" }, { on = \"q\", run = \"none\" } ]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "keymap = \"function-keys\"\n",
    )
    .unwrap();
    let km = juwu::tui::load_keymap(None, Some(dir.path()));
    assert!(km.errors.is_empty(), "{:?}", km.errors);
    let k = |s: &str| Key::parse_seq(s).unwrap();
    assert_eq!(km.lookup(&["global"], &k("Q")), Match::Action(Action::Quit));
    assert_eq!(
        km.lookup(&["global"], &k("<F10>")),
        Match::Action(Action::Quit)
    );
    // --keymap wins over the config file.
    let km = juwu::tui::load_keymap(Some("default"), Some(dir.path()));
    assert_eq!(km.lookup(&["list"], &k("j")), Match::Action(Action::Down));
    // A broken config file is reported with its line, not ignored.
    std::fs::write(dir.path().join("config.toml"), "\nkeymap = [\n").unwrap();
    let km = juwu::tui::load_keymap(None, Some(dir.path()));
    assert!(
        km.errors.iter().any(|e| e.contains("config.toml:")),
        "{:?}",
        km.errors
    );
}

#[test]
fn every_screen_is_one_screen_id_and_its_layer_name_reads_back() {
    use juwu::tui::screens::ScreenId;
    let ids: Vec<ScreenId> = juwu::tui::screens::registry()
        .iter()
        .map(|s| s.id())
        .collect();
    assert_eq!(
        ids,
        ScreenId::ALL.to_vec(),
        "one screen per id, in tab order"
    );
    for s in ScreenId::ALL {
        // Drafts on disk name their screen by its layer.
        assert_eq!(ScreenId::parse(s.layer()), Some(s));
        assert!(
            juwu::tui::keymap::DEFAULT.contains(&format!("\n[{}]", s.layer())),
            "the default keymap has a [{}] layer",
            s.layer()
        );
    }
    assert_eq!(ScreenId::parse("nonsense"), None);
}
