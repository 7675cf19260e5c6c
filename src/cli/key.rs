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
            let key = OfficeKey::load(&key_path(&ctx.db))?;
            let l = ctx.lang;
            println!("{}: {code}", l.pick("office", "单位"));
            println!("{}: {}", l.pick("public key", "公钥"), key.public_hex());
            println!(
                "{}: {}",
                l.pick("fingerprint", "指纹"),
                fingerprint(&key.public_hex())
            );
        }
    }
    Ok(())
}
