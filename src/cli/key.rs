//! `juwu key show`.

use clap::Subcommand;

use crate::sync::keys::{OfficeKey, fingerprint, key_path};

use super::{Ctx, Result};

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Print this office's public key and its fingerprint.
    Show,
}

pub fn run(ctx: &Ctx, c: Cmd) -> Result<()> {
    match c {
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
