//! The notice board page (公开栏): the public items posted on a date,
//! grouped by category, each with its posting period, the three signatures,
//! the supervision team's approval and a short content hash with the item id,
//! so a printed sheet can be checked against the register (`juwu check`).
//! Only `public` items published with the `board` form ever appear.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde_json::json;

use crate::domain::records::*;
use crate::domain::{Category, Form, Role, Scope};

use super::compliance::MIN_POSTING_DAYS;
use super::doc::{FONT_SANS, FONT_SERIF, esc};

/// Letters and digits in a printed check code (dashes aside): the whole code
/// is needed to check a sheet.
pub const CHECK_CODE_LEN: usize = 12;

/// The short content hash printed on the board: the first 48 bits of the
/// blake3 of the item's published content, as `XXXX-XXXX-XXXX`.
pub fn content_hash(d: &Disclosure, statement: Option<&StatementView>) -> String {
    let full = full_hash(d, statement);
    let s: String = full
        .chars()
        .take(CHECK_CODE_LEN)
        .collect::<String>()
        .to_uppercase();
    format!("{}-{}-{}", &s[0..4], &s[4..8], &s[8..12])
}

/// Hex blake3 over the canonical JSON of what a reader of the board sees:
/// id, title, body, category, period, basis, publication date, and for a
/// finance item the lines of its statement and every figure printed under
/// them (carried forward, income, expenditure, closing balance).
pub fn full_hash(d: &Disclosure, statement: Option<&StatementView>) -> String {
    let v = json!({
        "id": d.id,
        "title": d.fields.title,
        "body": d.fields.body,
        "category": d.fields.category.as_str(),
        "period": d.fields.period.map(|p| p.to_string()),
        "basis": d.basis.as_str(),
        "published_on": d.publication.as_ref().map(|p| p.on.to_string()),
        "statement": statement.map(|v| { let s = &v.statement; let t = &v.totals; json!({
            "id": s.id,
            "period": s.period.to_string(),
            "opening_balance": s.opening_balance.map(|b| b.to_string()),
            "lines": s.lines.iter().map(|l| json!([l.category.as_str(), l.description, l.amount.to_string()])).collect::<Vec<_>>(),
            "totals": [t.carried_forward.to_string(), t.income.to_string(), t.expenditure.to_string(), t.closing.to_string()],
        })}),
    });
    let bytes = serde_json::to_vec(&v).unwrap_or_default();
    blake3::hash(&bytes).to_hex().to_string()
}

/// Normalises a hash typed from a printed sheet: letters and digits only,
/// lower case.
pub fn normalise_hash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardItem {
    pub disclosure: Disclosure,
    pub statement: Option<StatementView>,
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Board {
    pub office: Office,
    pub on: NaiveDate,
    /// Items by category, in the order of `Category::ALL`.
    pub groups: Vec<(Category, Vec<BoardItem>)>,
}

impl Board {
    pub fn items(&self) -> impl Iterator<Item = &BoardItem> {
        self.groups.iter().flat_map(|(_, v)| v.iter())
    }
}

/// Is `d` on the board on `day`? Public, published with the board form on or
/// before `day`, within its posting period (at least 10 days), and neither
/// archived nor replaced by a published correction by then.
pub fn posted_on(
    d: &Disclosure,
    day: NaiveDate,
    posting_days: u32,
    corrected_on: Option<NaiveDate>,
) -> Option<(NaiveDate, NaiveDate)> {
    if d.fields.scope != Scope::Public || !d.status.was_published() {
        return None;
    }
    let p = d.publication.as_ref()?;
    if !p.forms.contains(&Form::Board) || p.on > day {
        return None;
    }
    let until = p.on + chrono::Duration::days(posting_days.max(MIN_POSTING_DAYS) as i64);
    if day >= until {
        return None;
    }
    if d.archived_on.is_some_and(|a| a <= day) || corrected_on.is_some_and(|c| c <= day) {
        return None;
    }
    Some((p.on, until))
}

/// The board of `office` on `day` from its disclosures and statements.
pub fn board(
    office: &Office,
    settings: &Settings,
    disclosures: &[Disclosure],
    statements: &[StatementView],
    day: NaiveDate,
) -> Board {
    let corrected_on = |d: &Disclosure| {
        let by = d.superseded_by.as_deref()?;
        disclosures
            .iter()
            .find(|c| c.id == by)
            .and_then(|c| c.publication.as_ref().map(|p| p.on))
    };
    let mut groups: Vec<(Category, Vec<BoardItem>)> = vec![];
    for cat in Category::ALL {
        let mut items = vec![];
        for d in disclosures
            .iter()
            .filter(|d| d.office == office.code && d.fields.category == *cat)
        {
            let Some((from, until)) = posted_on(d, day, settings.posting_days, corrected_on(d))
            else {
                continue;
            };
            let statement = d
                .fields
                .statement
                .as_deref()
                .and_then(|sid| statements.iter().find(|s| s.statement.id == sid))
                .cloned();
            items.push(BoardItem {
                hash: content_hash(d, statement.as_ref()),
                disclosure: d.clone(),
                statement,
                from,
                until,
            });
        }
        items.sort_by(|a, b| (a.from, &a.disclosure.id).cmp(&(b.from, &b.disclosure.id)));
        if !items.is_empty() {
            groups.push((*cat, items));
        }
    }
    Board {
        office: office.clone(),
        on: day,
        groups,
    }
}

/// Paper size of the printed board.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    A3,
}

fn css(paper: Paper) -> String {
    let size = match paper {
        Paper::A4 => "A4",
        Paper::A3 => "A3",
    };
    format!(
        "@page{{size:{size} portrait;margin:12mm}}\
*{{box-sizing:border-box}}\
html{{font-family:{FONT_SERIF};color:#000;line-height:1.8;-webkit-print-color-adjust:exact;print-color-adjust:exact}}\
body{{margin:0 auto;padding:10mm;max-width:210mm;background:#fff}}\
body.a3{{max-width:297mm;font-size:13pt}}body.a4{{font-size:11pt}}\
header{{text-align:center;border-bottom:3px double #b00;margin-bottom:1em}}\
header h1{{font-family:{FONT_SANS};color:#b00;font-size:2.2em;letter-spacing:.5em;margin:.2em 0 0 .5em}}\
header p{{margin:.1em;font-size:.95em}}\
h2.cat{{font-family:{FONT_SANS};font-size:1.25em;background:#b00;color:#fff;padding:.1em .6em;margin:1.2em 0 .5em;letter-spacing:.2em;break-after:avoid}}\
article{{border:1px solid #555;padding:.6em 1em;margin:0 0 1em;break-inside:avoid}}\
body.a3 main{{column-count:2;column-gap:10mm;column-fill:balance}}\
body.a3 section,body.a3 article{{break-inside:auto}}article h3,.meta{{break-after:avoid}}table.fin tr{{break-inside:avoid}}\
.name,.day{{white-space:nowrap;word-break:keep-all}}.sig div{{word-break:keep-all}}\
article h3{{font-family:{FONT_SANS};font-size:1.15em;text-align:center;margin:.2em 0 .4em}}\
.meta{{font-size:.85em;color:#222;display:flex;flex-wrap:wrap;justify-content:space-between;border-bottom:1px dashed #888;margin-bottom:.4em}}\
.body p{{text-indent:2em;margin:.2em 0;text-align:justify;line-break:strict;overflow-wrap:anywhere}}\
table.fin{{border-collapse:collapse;width:100%;font-size:.85em;margin:.4em 0}}\
table.fin th,table.fin td{{border:1px solid #666;padding:.1em .4em}}td.n{{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}}\
.sig{{display:grid;grid-template-columns:repeat(3,1fr);gap:.3em 1em;font-size:.85em;margin-top:.5em}}\
.sig div{{border-top:1px solid #444;padding-top:.1em}}\
.approval,.seal{{font-size:.85em;margin:.2em 0}}\
.check{{font-family:\"Consolas\",\"Courier New\",monospace;font-size:.8em;text-align:right;color:#333}}\
.correction{{font-size:.85em;border-left:3px solid #b00;padding-left:.5em}}\
footer{{margin-top:1.5em;font-size:.8em;color:#333;border-top:1px solid #999;text-align:center}}\
.none{{text-align:center;font-size:1.2em;margin:3em 0}}\
@media screen{{body{{box-shadow:0 0 6px #999;margin:1em auto}}}}"
    )
}

fn role_label(r: Role, zh: bool) -> &'static str {
    match (r, zh) {
        (Role::Secretary, true) => "党组织书记",
        (Role::Director, true) => "居委会主任",
        (Role::Finance, true) => "经办人",
        (r, _) => r.as_str(),
    }
}

impl Board {
    /// The printable page. Every record text is escaped.
    pub fn to_html(&self, zh: bool, paper: Paper) -> String {
        let t = |en: &'static str, cn: &'static str| if zh { cn } else { en };
        let mut b = String::new();
        let _ = write!(
            b,
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width\"><title>{} {} {}</title>\n<style>{}</style></head>\n\
<body class=\"{}\">\n<header><h1>{}</h1><p><strong>{}</strong></p><p>{} {}</p></header>\n",
            if zh { "zh-CN" } else { "en" },
            esc(&self.office.name),
            t("notice board", "居务公开栏"),
            self.on,
            css(paper),
            match paper {
                Paper::A4 => "a4",
                Paper::A3 => "a3",
            },
            t("Community affairs disclosure", "居务公开栏"),
            esc(&self.office.name),
            t("Posted on", "公开日期"),
            self.on
        );
        if self.groups.is_empty() {
            let _ = writeln!(
                b,
                "<p class=\"none\">{}</p>",
                t(
                    "No public item is in its posting period on this date.",
                    "本日没有处于公开期内的公开事项。"
                )
            );
        }
        b.push_str("<main>\n");
        for (cat, items) in &self.groups {
            let _ = writeln!(
                b,
                "<section><h2 class=\"cat\">{}</h2><div class=\"cols\">",
                esc(&category_title(*cat, zh))
            );
            for it in items {
                self.item_html(&mut b, it, zh);
            }
            b.push_str("</div></section>\n");
        }
        b.push_str("</main>\n");
        let _ = writeln!(
            b,
            "<footer>{}</footer>\n</body></html>",
            esc(&format!(
                "{} · {}",
                self.office.name,
                t(
                    "The committee office can check any sheet against the register by its number and check code. Questions and opinions: the committee office or the suggestion box.",
                    "凭编号和校验码可在居委会核对本页与登记簿是否一致。如有疑问或意见，请到居委会办公室反映或投入意见箱。"
                )
            ))
        );
        b
    }

    fn item_html(&self, b: &mut String, it: &BoardItem, zh: bool) {
        let t = |en: &'static str, cn: &'static str| if zh { cn } else { en };
        let d = &it.disclosure;
        let _ = write!(
            b,
            "<article id=\"{}\"><h3>{}</h3>\n<div class=\"meta\"><span>{} {}</span><span>{} {} {} {}</span>{}</div>\n<div class=\"body\">",
            esc(&d.id),
            esc(&d.fields.title),
            t("No.", "编号"),
            esc(&d.id),
            t("Posted", "公开期"),
            it.from,
            t("until", "至"),
            it.until,
            d.fields
                .period
                .map(|p| format!(
                    "<span>{} {}</span>",
                    t("Period", "所属期间"),
                    esc(&p.to_string())
                ))
                .unwrap_or_default()
        );
        for para in d.fields.body.split('\n').filter(|l| !l.trim().is_empty()) {
            let _ = write!(b, "<p>{}</p>", esc(para.trim()));
        }
        b.push_str("</div>\n");
        if let Some(sv) = &it.statement {
            let s = &sv.statement;
            let _ = write!(
                b,
                "<table class=\"fin\"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                t("category", "项目"),
                t("description", "摘要"),
                t("amount (yuan)", "金额（元）")
            );
            for l in &s.lines {
                let _ = write!(
                    b,
                    "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                    esc(l.category.label(zh)),
                    esc(&l.description),
                    crate::domain::money::format_amount(l.amount)
                );
            }
            let tot = &sv.totals;
            for (label, v) in [
                (t("carried forward", "上期结余"), tot.carried_forward),
                (t("income", "本期收入合计"), tot.income),
                (t("expenditure", "本期支出合计"), tot.expenditure),
                (t("closing balance", "期末结余"), tot.closing),
            ] {
                let _ = write!(
                    b,
                    "<tr><th colspan=\"2\">{}</th><td class=\"n\">{}</td></tr>",
                    label,
                    crate::domain::money::format_amount(v)
                );
            }
            b.push_str("</tbody></table>\n");
        }
        if let Some(old) = &d.supersedes {
            let _ = write!(
                b,
                "<p class=\"correction\">{} {}。{}</p>",
                t("This corrects", "本件为更正公开，更正"),
                esc(old),
                esc(d.correction_note.as_deref().unwrap_or(""))
            );
        }
        b.push_str("<div class=\"sig\">");
        for role in SIGNING_ROLES {
            let s = d.signatures.iter().find(|s| s.role == role);
            let _ = write!(
                b,
                "<div>{}：<span class=\"name\">{}</span>{}</div>",
                role_label(role, zh),
                s.map(|s| esc(&s.by)).unwrap_or_else(|| "＿＿＿＿".into()),
                s.filter(|_| d.imported.is_none())
                    .map(|s| format!(" <span class=\"day\">{}</span>", s.at.date_naive()))
                    .unwrap_or_default()
            );
        }
        b.push_str("</div>\n");
        let approval = d.reviews.iter().rev().find(|r| r.approved);
        let _ = writeln!(
            b,
            "<p class=\"approval\">{}：{}</p>",
            t("Supervision team approval", "居务公开监督小组审核意见"),
            match approval {
                Some(r) => format!(
                    "{} <span class=\"name\">{}</span> <span class=\"day\">{}</span>",
                    esc(if r.note.trim().is_empty() {
                        t("approved", "同意公开")
                    } else {
                        r.note.trim()
                    }),
                    esc(&r.by),
                    if d.imported.is_none() {
                        r.at.date_naive().to_string()
                    } else {
                        String::new()
                    }
                ),
                None => "＿＿＿＿".into(),
            }
        );
        if let Some(p) = &d.publication {
            let _ = writeln!(
                b,
                "<p class=\"seal\">{}：{} {}</p>",
                t("Seal", "公章"),
                esc(&p.seal),
                p.on
            );
        }
        let _ = writeln!(
            b,
            "<p class=\"check\">{} {} · {} {}</p></article>",
            t("No.", "编号"),
            esc(&d.id),
            t("check code", "校验码"),
            esc(&it.hash)
        );
    }
}

fn category_title(c: Category, zh: bool) -> String {
    if zh {
        format!("{}公开", c.zh())
    } else {
        format!("{} affairs", c.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_normalised_for_typing() {
        assert_eq!(normalise_hash(" a1B2-c3d4 E5F6 "), "a1b2c3d4e5f6");
    }
}
