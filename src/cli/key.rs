//! `juwu key show`, `juwu key rotate`.

use clap::Subcommand;

use crate::sync::keys::{OfficeKey, fingerprint, key_path};

use super::{Ctx, Result};

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Print this office's public key and its fingerprint.
    Show,
    /// Replace this office's key pair; the change is recorded in its log,
    /// signed by the old key, so other offices follow it on import.
    Rotate,
}

pub fn run(ctx: &Ctx, c: Cmd) -> Result<()> {
    match c {
        Cmd::Rotate => {
            let store = ctx.open()?;
            let (key, seq) = crate::sync::rotate_key(&store, ctx.now())?;
            let l = ctx.lang;
            println!(
                "{} #{seq}: {} {}",
                l.pick(
                    "Key rotated; recorded in this office's log at",
                    "已更换密钥，记入本单位日志"
                ),
                l.pick("new fingerprint", "新指纹"),
                fingerprint(&key)
            );
            println!(
                "{}",
                l.pick(
                    "Offices that trust the old key follow the change when they import the next bundle from here.",
                    "信任旧密钥的单位导入本单位的下一个数据包时会自动改用新密钥。"
                )
            );
        }
        Cmd::Show => {
            let store = ctx.open()?;
            let code = store
                .own_code()
                .cloned()
                .ok_or(crate::store::StoreError::NoOffice)?;
            let kp = key_path(&ctx.db);
            let key = OfficeKey::load(&kp)?;
            let l = ctx.lang;
            println!("{}: {code}", l.pick("office", "单位"));
            println!("{}: {}", l.pick("public key", "公钥"), key.public_hex());
            println!(
                "{}: {}",
                l.pick("fingerprint", "指纹"),
                fingerprint(&key.public_hex())
            );
            // The key the office's own log names (its creation, then every
            // rotation) is the one other offices check bundles against.
            let logged = store.read()?.office(&code)?.and_then(|o| o.public_key);
            for w in key_warnings(&kp, &key.public_hex(), logged.as_deref()) {
                eprintln!("{}", w.message(l));
            }
        }
    }
    Ok(())
}

/// What `key show` warns about.
#[derive(Debug, Clone, PartialEq, Eq)]
enum KeyWarning {
    /// The key file is not the key the office's log names.
    DiffersFromLog { file: String, logged: String },
    /// The log names no key for this office.
    NotInLog,
    /// Others than the owner can read the key file (Unix).
    ReadableByOthers(std::path::PathBuf),
}

impl KeyWarning {
    fn message(&self, l: crate::i18n::Lang) -> String {
        match (self, l.zh()) {
            (KeyWarning::DiffersFromLog { file, logged }, false) => format!(
                "warning: this key file (fingerprint {file}) is not the key in this office's log ({logged}): bundles signed with it will be refused. Use the key file that belongs to this database, or restore it from a backup"
            ),
            (KeyWarning::DiffersFromLog { file, logged }, true) => format!(
                "警告：此密钥文件（指纹 {file}）不是本单位日志中记录的密钥（{logged}）：用它签名的数据包会被拒收。请使用属于此数据库的密钥文件，或从备份中恢复"
            ),
            (KeyWarning::NotInLog, false) => {
                "warning: this office's log names no public key".to_string()
            }
            (KeyWarning::NotInLog, true) => "警告：本单位日志中没有记录公钥".to_string(),
            (KeyWarning::ReadableByOthers(p), false) => format!(
                "warning: {} can be read by other users of this computer: run `chmod 600 {}`",
                p.display(),
                p.display()
            ),
            (KeyWarning::ReadableByOthers(p), true) => format!(
                "警告：本机其他用户可以读取 {}：请运行 `chmod 600 {}`",
                p.display(),
                p.display()
            ),
        }
    }
}

/// Checks the key file at `path` (public key `public`) against the key the
/// log names, and its permissions.
fn key_warnings(path: &std::path::Path, public: &str, logged: Option<&str>) -> Vec<KeyWarning> {
    let mut out = vec![];
    match logged {
        Some(k) if !k.eq_ignore_ascii_case(public) => out.push(KeyWarning::DiffersFromLog {
            file: fingerprint(public),
            logged: fingerprint(k),
        }),
        Some(_) => {}
        None => out.push(KeyWarning::NotInLog),
    }
    if crate::service::files::readable_by_others(path) {
        out.push(KeyWarning::ReadableByOthers(path.to_path_buf()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_warnings_speak_both_languages() {
        let w = KeyWarning::DiffersFromLog {
            file: "A".into(),
            logged: "B".into(),
        };
        assert!(
            w.message(crate::i18n::Lang::En)
                .contains("not the key in this office's log")
        );
        assert!(
            w.message(crate::i18n::Lang::Zh)
                .contains("不是本单位日志中记录的密钥")
        );
    }
}
