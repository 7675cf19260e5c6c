//! `juwu init`: creates the office, its database and its key pair.

use crate::domain::{Level, Office, OfficeCode};
use crate::service::{Result, office};
use crate::store::Store;
use crate::sync::keys::{OfficeKey, fingerprint, key_path};

use super::Ctx;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Short office code, e.g. QH01.
    #[arg(long)]
    pub office_code: String,
    /// The office's name, e.g. 清河社区居委会.
    #[arg(long)]
    pub office_name: String,
    #[arg(long, value_parser = parse_level)]
    pub level: Level,
    /// The parent office's code (e.g. the street office).
    #[arg(long)]
    pub parent: Option<String>,
    /// The parent office's name, if known.
    #[arg(long)]
    pub parent_name: Option<String>,
}

fn parse_level(s: &str) -> std::result::Result<Level, String> {
    s.parse()
        .map_err(|e: crate::domain::DomainError| e.to_string())
}

/// Creates office, key and database (`service::office::create`); kept
/// for `demo` while it moves.
pub fn create_office(
    ctx: &Ctx,
    office: Office,
    parent_name: Option<String>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(Store, OfficeKey)> {
    office::create(&ctx.db, office, parent_name, now)
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let code = OfficeCode::parse(&a.office_code)?;
    let parent = a.parent.as_deref().map(OfficeCode::parse).transpose()?;
    let office = Office {
        code,
        name: a.office_name.trim().to_string(),
        level: a.level,
        parent,
        public_key: None,
    };
    crate::domain::types::check_text(crate::domain::error::Field::OfficeName, &office.name, true)?;
    let (_store, key) = create_office(ctx, office.clone(), a.parent_name, ctx.now())?;
    let l = ctx.lang;
    println!(
        "{} {} ({})",
        l.pick("Created office", "已创建"),
        office.name,
        office.code
    );
    println!("  {}: {}", l.pick("database", "数据库"), ctx.db.display());
    println!(
        "  {}: {}",
        l.pick("private key", "私钥"),
        key_path(&ctx.db).display()
    );
    println!(
        "  {}: {}",
        l.pick("fingerprint", "指纹"),
        fingerprint(&key.public_hex())
    );
    println!(
        "{}",
        l.pick(
            "Next: juwu operator add --name NAME --role clerk",
            "下一步：juwu operator add --name 姓名 --role clerk"
        )
    );
    Ok(())
}
