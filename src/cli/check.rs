//! `juwu check ID CODE`: does a printed board sheet match the register?

use crate::report::board::{CHECK_CODE_LEN, content_hash, full_hash, normalise_hash};

use crate::service::{Error, Result};

use super::Ctx;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The item id printed on the sheet (e.g. QH01-2026-0025).
    pub id: String,
    /// The check code printed beside it (e.g. 1A2B-3C4D-5E6F).
    #[arg(value_name = "CODE")]
    pub hash: String,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let l = ctx.lang;
    let store = ctx.open()?;
    let r = store.read()?;
    let id = a.id.trim().to_ascii_uppercase();
    let d = r
        .disclosure(&id)?
        .ok_or_else(|| Error::NoDisclosure(a.id.trim().to_string()))?;
    let Some(p) = d.publication.clone() else {
        return Err(Error::NotPublished(id));
    };
    let typed = normalise_hash(&a.hash);
    if typed.len() != CHECK_CODE_LEN {
        return Err(Error::CheckCodeTooShort);
    }
    if let Some(bad) = typed.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(Error::CheckCodeMistyped {
            id,
            bad: bad.to_ascii_uppercase(),
        });
    }
    let statement = match &d.fields.statement {
        Some(s) => r
            .statement_views(&d.office)?
            .into_iter()
            .find(|v| &v.statement.id == s),
        None => None,
    };
    let full = full_hash(&d, statement.as_ref());
    if !full.starts_with(&typed) {
        // A well-formed code that differs: a misread character and a changed
        // sheet look the same, so the message names both.
        return Err(Error::SheetDiffers {
            code: content_hash(&d, statement.as_ref()),
            id,
        });
    }
    println!(
        "✓ {id}: {} {} — {}",
        l.pick("matches the register, published", "与登记簿一致，公开于"),
        p.on,
        crate::domain::text::clean_line(&d.fields.title)
    );
    if let Some(by) = &d.superseded_by {
        println!(
            "  {} {by}",
            l.pick(
                "but it has since been corrected: post the correction",
                "但此件已被更正，请张贴更正件"
            )
        );
    }
    Ok(())
}
