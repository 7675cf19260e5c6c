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
    /// The office's phone from its settings (`None`: none set, and the slip
    /// says so rather than printing a blank).
    pub phone: Option<String>,
}

/// The sheet the slip is printed on.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SlipPaper {
    /// An A6 page of its own (a slip printer or A6 paper).
    #[default]
    A6,
    /// The A6 slip in the top left corner of an A4 sheet, with dashed cut
    /// lines: what most office printers hold.
    A4,
}

/// The slip's own size, in millimetres (A6 portrait).
const SLIP_W: u32 = 105;
const SLIP_H: u32 = 148;

/// The page CSS. Chromium knows no `A6` keyword (CSS names only A5, A4, A3,
/// B5, B4, JIS-B5, JIS-B4, letter, legal and ledger): `size:A6` is dropped as
/// invalid and the PDF comes out on the default Letter. Sizes are therefore
/// given in millimetres.
fn page_css(paper: SlipPaper) -> String {
    match paper {
        SlipPaper::A6 => format!("@page{{size:{SLIP_W}mm {SLIP_H}mm;margin:0}}"),
        SlipPaper::A4 => "@page{size:210mm 297mm;margin:0}".into(),
    }
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

    /// The slip on its own A6 page.
    pub fn to_html(&self, zh: bool) -> String {
        self.to_html_on(zh, SlipPaper::A6)
    }

    /// The slip on `paper`. Every record text is escaped.
    pub fn to_html_on(&self, zh: bool, paper: SlipPaper) -> String {
        let t = |en: &'static str, cn: &'static str| if zh { cn } else { en };
        let o = &self.opinion;
        let mut b = String::new();
        let _ = write!(
            b,
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} {}</title>\n<style>\
{}*{{box-sizing:border-box}}\
html,body{{margin:0;padding:0}}\
body{{font-family:{FONT_SERIF};font-size:11pt;line-height:1.6}}\
.slip{{width:{SLIP_W}mm;height:{SLIP_H}mm;padding:8mm;overflow:hidden;position:relative}}\
.a4 .slip{{border-right:1px dashed #000;border-bottom:1px dashed #000;overflow:visible}}\
.cut{{position:absolute;font-size:10pt;line-height:1;color:#000}}\
.cut.r{{right:-2.3mm;top:30mm;transform:rotate(90deg)}}.cut.b{{bottom:-2.1mm;left:30mm}}\
.cuthint{{font-family:{FONT_SANS};font-size:8pt;color:#444;margin:2mm 0 0 2mm}}\
h1{{font-family:{FONT_SANS};font-size:15pt;text-align:center;letter-spacing:.3em;margin:0 0 .3em}}\
.office{{text-align:center;margin:0 0 .6em}}dl{{display:grid;grid-template-columns:auto 1fr;gap:.1em .8em;margin:0}}\
dt{{font-family:{FONT_SANS};white-space:nowrap}}dd{{margin:0;overflow-wrap:anywhere}}.ref{{font-family:Consolas,\"Courier New\",monospace;font-size:13pt;font-weight:bold}}\
.how{{border-top:1px dashed #333;margin-top:.8em;padding-top:.4em;font-size:9.5pt}}.how p{{margin:.2em 0}}\
@media screen{{.slip{{border:1px solid #999;margin:1em}}}}\
</style></head><body class=\"{}\"><div class=\"slip\">\n<h1>{}</h1><p class=\"office\">{}</p>\n<dl>",
            if zh { "zh-CN" } else { "en" },
            t("Receipt", "意见建议受理回执"),
            esc(&o.id),
            page_css(paper),
            match paper {
                SlipPaper::A6 => "a6",
                SlipPaper::A4 => "a4",
            },
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
                "To ask how your opinion is being handled, quote the reference above at the committee office, by phone (number below), or in a note in the suggestion box. The answer is due within 10 working days of receipt; if we need more from you, the time you take to answer does not count.",
                "如需查询办理情况，请凭上述受理编号到居委会办公室、致电居委会（电话见下）或在意见箱留言询问。自收到之日起10个工作日内答复；如需您补充材料，补充期间不计入答复期限。"
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
        let _ = write!(
            b,
            "<p>{}{}{}</p>",
            t("Committee phone", "居委会电话"),
            t(": ", "："),
            match &self.phone {
                Some(p) => format!("<strong>{}</strong>", esc(p)),
                None => t(
                    "none set by the office: ask at the committee office",
                    "本居委会未登记电话，请到居委会办公室询问"
                )
                .into(),
            }
        );
        if let Some(c) = &self.contact {
            let _ = write!(
                b,
                "<p>{}{}{}</p>",
                t("Contact", "联系方式"),
                t(": ", "："),
                esc(c)
            );
        }
        let _ = writeln!(
            b,
            "<p>{}{}{}</p></div>",
            t("Recorded by", "登记人"),
            t(": ", "："),
            esc(&o.recorded_by)
        );
        if paper == SlipPaper::A4 {
            b.push_str("<span class=\"cut r\">✂</span><span class=\"cut b\">✂</span>");
        }
        b.push_str("</div>\n");
        if paper == SlipPaper::A4 {
            let _ = writeln!(
                b,
                "<p class=\"cuthint\">{}</p>",
                t(
                    "Cut along the dashed lines (A6, 105 × 148 mm).",
                    "沿虚线剪下（A6，105 × 148 毫米）。"
                )
            );
        }
        b.push_str("</body></html>\n");
        b
    }
}
