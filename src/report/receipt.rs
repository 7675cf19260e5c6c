//! The receipt slip handed to a resident who gave an opinion: reference
//! code, date received, date the answer is due, and how to ask about it.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::domain::calendar::MarkedDate;
use crate::domain::records::{Office, Opinion};

use super::doc::{FONT_SANS, FONT_SERIF, esc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub office: Office,
    pub opinion: Opinion,
    pub due_on: NaiveDate,
    /// The due date was reckoned across a year with no official holiday
    /// calendar (`Calendar::provisional_between`): it reads "（暂定）".
    pub due_provisional: bool,
    /// Answered already (the date of the first reply).
    pub answered_on: Option<NaiveDate>,
    /// How to ask: a phone number or office hours the office chose to print.
    pub contact: Option<String>,
}

impl Receipt {
    /// The due date as the slip prints it: "2027-01-15（暂定）" when provisional.
    pub fn due_label(&self, zh: bool) -> String {
        MarkedDate {
            date: self.due_on,
            provisional: self.due_provisional,
        }
        .label(zh)
    }

    pub fn to_html(&self, zh: bool) -> String {
        let t = |en: &'static str, cn: &'static str| if zh { cn } else { en };
        let o = &self.opinion;
        let mut b = String::new();
        let _ = write!(
            b,
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} {}</title>\n<style>\
@page{{size:A6 portrait;margin:8mm}}*{{box-sizing:border-box}}\
body{{font-family:{FONT_SERIF};font-size:11pt;line-height:1.7;margin:0 auto;max-width:105mm;padding:6mm}}\
h1{{font-family:{FONT_SANS};font-size:15pt;text-align:center;letter-spacing:.3em;margin:0 0 .3em}}\
.office{{text-align:center;margin:0 0 .6em}}dl{{display:grid;grid-template-columns:auto 1fr;gap:.1em .8em;margin:0}}\
dt{{font-family:{FONT_SANS};white-space:nowrap}}dd{{margin:0}}.ref{{font-family:Consolas,\"Courier New\",monospace;font-size:13pt;font-weight:bold}}\
.how{{border-top:1px dashed #333;margin-top:.8em;padding-top:.4em;font-size:10pt}}\
@media screen{{body{{border:1px solid #999;margin:1em auto}}}}\
</style></head><body>\n<h1>{}</h1><p class=\"office\">{}</p>\n<dl>",
            if zh { "zh-CN" } else { "en" },
            t("Receipt", "意见建议受理回执"),
            esc(&o.id),
            t("Receipt", "受理回执"),
            esc(&self.office.name)
        );
        let mut row = |k: &str, v: String| {
            let _ = write!(b, "<dt>{}</dt><dd>{}</dd>", esc(k), v);
        };
        row(
            t("Reference", "受理编号"),
            format!("<span class=\"ref\">{}</span>", esc(&o.id)),
        );
        row(
            t("Received", "收到时间"),
            esc(&o.received_at.format("%Y-%m-%d %H:%M").to_string()),
        );
        row(
            t("From", "反映人"),
            match &o.from {
                Some(r) => esc(&r.name),
                None => t("anonymous", "匿名").into(),
            },
        );
        row(t("Kind", "类型"), esc(o.kind.label(zh)));
        row(t("Channel", "渠道"), esc(o.channel.label(zh)));
        row(
            t("Answer due by", "答复期限"),
            format!("<strong>{}</strong>", esc(&self.due_label(zh))),
        );
        if let Some(a) = self.answered_on {
            row(t("Answered on", "已答复"), a.to_string());
        }
        b.push_str("</dl>\n<div class=\"how\">");
        let _ = write!(
            b,
            "<p>{}</p>",
            t(
                "To ask how your opinion is being handled, quote the reference above at the committee office, by phone, or in a note in the suggestion box. The answer is due within 10 working days of receipt; if we need more from you, the time you take to answer does not count.",
                "如需查询办理情况，请凭上述受理编号到居委会办公室、致电居委会或在意见箱留言询问。自收到之日起10个工作日内答复；如需您补充材料，补充期间不计入答复期限。"
            )
        );
        if self.due_provisional {
            let _ = write!(
                b,
                "<p>{}</p>",
                t(
                    "Provisional: the official holiday arrangement for that year has not been published yet, so the due date was computed from the national holiday rules and may change.",
                    "暂定：该年度的官方节假日安排尚未公布，答复期限按国家法定节假日规则推算，可能调整。"
                )
            );
        }
        if let Some(c) = &self.contact {
            let _ = write!(b, "<p>{}：{}</p>", t("Contact", "联系方式"), esc(c));
        }
        let _ = write!(
            b,
            "<p>{}：{}</p></div>\n</body></html>\n",
            t("Recorded by", "登记人"),
            esc(&o.recorded_by)
        );
        b
    }
}
