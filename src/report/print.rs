//! A register printed as the paper book it replaces: A4 landscape, the
//! office, the register and the period at the top of every page (in the
//! repeated table header), page numbers in the page's bottom margin, and a
//! line for the person who checks the book to sign on every page.
//!
//! Chromium prints `@page` margin boxes (`@bottom-center`) with
//! `counter(page)` and `counter(pages)`; a `thead` and a `tfoot` repeat on
//! every page. Every text from a record is escaped (`doc::esc`).

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::doc::{FONT_SANS, FONT_SERIF, Kind, Table, esc};

/// What the book's pages say about themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookHead {
    /// The register's name (居务公开登记簿…).
    pub register: String,
    pub office_code: String,
    pub office_name: String,
    /// The period covered, as written (`2026-Q3`); `None`: every record.
    pub period: Option<String>,
    pub printed_on: NaiveDate,
}

fn css() -> String {
    format!(
        "@page{{size:A4 landscape;margin:12mm 10mm 16mm 10mm;\
@bottom-center{{content:counter(page) \" / \" counter(pages);font-family:{FONT_SANS};font-size:9pt}}}}\
*{{box-sizing:border-box}}\
html{{font-family:{FONT_SERIF};font-size:9pt;color:#000;-webkit-print-color-adjust:exact;print-color-adjust:exact}}\
body{{margin:0}}\
table{{border-collapse:collapse;width:100%;table-layout:auto}}\
thead{{display:table-header-group}}tfoot{{display:table-footer-group}}\
th,td{{border:1px solid #000;padding:1mm 1.2mm;vertical-align:top;text-align:left}}\
thead th{{font-family:{FONT_SANS};background:#eee;white-space:nowrap}}\
thead tr.book th{{background:none;border:none;border-bottom:2px solid #000;font-weight:normal;padding:0 0 1.5mm}}\
.book h1{{font-size:15pt;margin:0;text-align:center}}:lang(zh) .book h1{{letter-spacing:.3em}}\
.book .meta{{display:flex;justify-content:space-between;font-size:9.5pt}}\
tfoot td{{border:none;padding-top:3mm;font-family:{FONT_SANS};font-size:9.5pt}}\
.sign{{display:flex;justify-content:flex-end;gap:10mm}}\
tr{{break-inside:avoid}}td.n{{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}}\
td{{word-break:keep-all}}td:first-child,td.nw{{white-space:nowrap}}td.long{{min-width:40mm;word-break:normal;overflow-wrap:anywhere}}\
.none{{text-align:center;padding:6mm}}\
@media screen{{body{{margin:1em}}}}"
    )
}

/// The printable book of `table` (the columns to print, the rows of the
/// office and period) under `head`, in Chinese or English.
pub fn book_html(head: &BookHead, table: &Table, zh: bool) -> String {
    let t = |en: &'static str, cn: &'static str| if zh { cn } else { en };
    let n = table.columns.len().max(1);
    let colon = t(": ", "：");
    let (open, close) = (t(" (", "（"), t(")", "）"));
    let mut b = String::new();
    let _ = write!(
        b,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} {} {}</title>\n<style>{}</style></head><body>\n<table>\n<thead><tr class=\"book\"><th colspan=\"{n}\"><h1>{}</h1><div class=\"meta\"><span>{}{colon}{}{open}{}{close}</span><span>{}{colon}{}</span><span>{}{colon}{}</span></div></th></tr>\n<tr>",
        if zh { "zh-CN" } else { "en" },
        esc(&head.office_name),
        esc(&head.register),
        esc(head.period.as_deref().unwrap_or("")),
        css(),
        esc(&head.register),
        t("Office", "单位"),
        esc(&head.office_name),
        esc(&head.office_code),
        t("Period", "期间"),
        match &head.period {
            Some(p) => esc(p),
            None => t("all records", "全部记录").into(),
        },
        t("Printed on", "打印日期"),
        head.printed_on,
    );
    for c in &table.columns {
        let _ = write!(b, "<th>{}</th>", esc(c.header(zh)));
    }
    let _ = write!(
        b,
        "</tr></thead>\n<tfoot><tr><td colspan=\"{n}\"><div class=\"sign\"><span>{}{colon}____________________</span><span>{}{colon}______________</span></div></td></tr></tfoot>\n<tbody>\n",
        t("Checked by (signature)", "审核人签字"),
        t("Date", "日期"),
    );
    for r in &table.rows {
        b.push_str("<tr>");
        for (c, col) in r.iter().zip(&table.columns) {
            let class = match col.kind {
                Kind::Int | Kind::Money | Kind::Ratio => " class=\"n\"",
                Kind::Date | Kind::DateTime | Kind::Bool => " class=\"nw\"",
                Kind::LongText => " class=\"long\"",
                Kind::Text => "",
            };
            let _ = write!(b, "<td{class}>{}</td>", esc(&c.render(zh, false)));
        }
        b.push_str("</tr>\n");
    }
    if table.rows.is_empty() {
        let _ = writeln!(
            b,
            "<tr><td class=\"none\" colspan=\"{n}\">{}</td></tr>",
            t("No record in this period.", "本期间无记录。")
        );
    }
    let _ = write!(
        b,
        "</tbody>\n</table>\n<p>{} {}</p>\n</body></html>\n",
        table.rows.len(),
        t("record(s).", "条记录。")
    );
    b
}

#[cfg(test)]
mod tests {
    use super::super::doc::{Cell, Column};
    use super::*;

    #[test]
    fn record_text_and_office_name_are_escaped() {
        let mut t = Table::new("x", vec![Column::new("标题", "title", Kind::Text, 10.0)]);
        t.rows
            .push(vec![Cell::text("<img src=x onerror=alert(1)>")]);
        let head = BookHead {
            register: "居务公开登记簿".into(),
            office_code: "QH01".into(),
            office_name: "清河<b>".into(),
            period: Some("2026-Q3".into()),
            printed_on: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default(),
        };
        let h = book_html(&head, &t, true);
        assert!(h.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(!h.contains("<img"));
        assert!(h.contains("清河&lt;b&gt;"));
        assert!(h.contains("审核人签字：____"));
    }
}
