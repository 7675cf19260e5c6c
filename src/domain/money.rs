//! Money: yuan as `rust_decimal::Decimal` with two places. Never a float.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::DomainError;

/// Parses an amount of yuan: digits with at most two decimals, optional
/// thousands separators (`1,234.50`), optional `¥`/`元`. Negative amounts are
/// refused (a line is income or expenditure by its category).
pub fn parse_amount(s: &str) -> Result<Decimal, DomainError> {
    let folded = super::types::halfwidth(s);
    let grouped: String = folded
        .trim()
        .trim_start_matches(['¥', '￥'])
        .trim_end_matches('元')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let bad = || DomainError::BadAmount(s.to_string());
    // Thousands separators only where they are unambiguous: every group
    // after the first has three digits ("12,345.60", not "1,2" or "12,34").
    let int = grouped.split('.').next().unwrap_or("");
    if int.contains(',') {
        let mut groups = int.split(',');
        let first = groups.next().unwrap_or("");
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return Err(bad());
        }
    }
    if grouped.split('.').skip(1).any(|f| f.contains(',')) {
        return Err(bad());
    }
    let t: String = grouped.chars().filter(|c| *c != ',').collect();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(bad());
    }
    let d = Decimal::from_str(&t).map_err(|_| bad())?;
    if d.scale() > 2 {
        return Err(DomainError::AmountPrecision(s.to_string()));
    }
    if d > MAX_AMOUNT {
        return Err(DomainError::AmountTooLarge(s.trim().to_string()));
    }
    let mut d = d;
    d.rescale(2);
    Ok(d)
}

/// The largest amount accepted anywhere: 1,000,000,000 yuan (a community's
/// accounts never come near it; a longer number is a typo or a pasted
/// account number).
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

/// The refusal of an amount above `MAX_AMOUNT` (`written` as typed), in
/// the UI language.
pub fn too_large(written: &str, zh: bool) -> String {
    if zh {
        format!("“{written}”超过 10 亿元：请核对金额（是否多打了数字或粘贴了账号？）")
    } else {
        format!(
            "'{written}' is more than 1,000,000,000 yuan: check the amount \
             (a typo or a pasted account number?)"
        )
    }
}

/// Formats yuan with two decimals and thousands separators: `12,345.60`.
pub fn format_amount(d: Decimal) -> String {
    let mut d = d;
    d.rescale(2);
    let s = d.abs().to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!(
        "{}{out}.{frac}",
        if d.is_sign_negative() && !d.is_zero() {
            "-"
        } else {
            ""
        }
    )
}

/// `Option<Decimal>` as an optional string, for `#[serde(with = ...)]`.
/// Writes exactly what `rust_decimal::serde::str_option` writes (a string or
/// `null`), and also reads `null` where serde buffers it as a unit value —
/// inside the internally tagged `EventBody` — which `str_option` refuses.
pub mod opt_str {
    use std::str::FromStr;

    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        rust_decimal::serde::str_option::serialize(v, s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(s) if !s.is_empty() => Decimal::from_str(&s)
                .map(Some)
                .map_err(serde::de::Error::custom),
            _ => Ok(None),
        }
    }
}

/// Whether a finance line is money in or out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Income,
    Expenditure,
}

macro_rules! line_categories {
    ($($var:ident = $s:literal / $zh:literal / $en:literal / $dir:ident),+ $(,)?) => {
        /// The categories of finance lines in DOMAIN.md.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum LineCategory { $($var),+ }
        impl LineCategory {
            pub const ALL: &'static [LineCategory] = &[$(LineCategory::$var),+];
            pub fn as_str(self) -> &'static str { match self { $(LineCategory::$var => $s),+ } }
            pub fn zh(self) -> &'static str { match self { $(LineCategory::$var => $zh),+ } }
            pub fn en(self) -> &'static str { match self { $(LineCategory::$var => $en),+ } }
            pub fn label(self, zh: bool) -> &'static str { if zh { self.zh() } else { self.en() } }
            pub fn direction(self) -> Direction { match self { $(LineCategory::$var => Direction::$dir),+ } }
            /// The category written as its stable name, a label or a
            /// common synonym (`types::lookup_in`).
            pub fn lookup(s: &str) -> super::types::Lookup<LineCategory> {
                super::types::lookup_in(s, LineCategory::ALL, |v| [v.as_str(), v.en(), v.zh()], LineCategory::SYNONYMS)
            }
        }
        impl std::fmt::Display for LineCategory {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) }
        }
        impl FromStr for LineCategory {
            type Err = DomainError;
            fn from_str(s: &str) -> Result<Self, DomainError> {
                let t = s.trim();
                $(if t.eq_ignore_ascii_case($s) || t == $zh { return Ok(LineCategory::$var); })+
                match LineCategory::lookup(t) {
                    super::types::Lookup::Found(v) => return Ok(v),
                    super::types::Lookup::Ambiguous(c) => return Err(super::types::Ambiguous::of(s, c, |v| [v.as_str(), v.en(), v.zh()])),
                    super::types::Lookup::NotFound => {}
                }
                Err(DomainError::UnknownValue {
                    what: super::error::Field::LineCategory,
                    value: s.to_string(),
                })
            }
        }
    };
}

line_categories!(
    Grant = "grant" / "上级拨款" / "grant" / Income,
    SelfRaised = "self_raised" / "自筹资金" / "self-raised funds" / Income,
    Donation = "donation" / "捐赠赞助" / "donation" / Income,
    ServiceFee = "service_fee" / "服务收费" / "service fee" / Income,
    OtherIncome = "other_income" / "其他收入" / "other income" / Income,
    Wages = "wages" / "工资补贴" / "wages" / Expenditure,
    Hospitality = "hospitality" / "公务接待" / "hospitality" / Expenditure,
    Office = "office" / "办公费用" / "office expenses" / Expenditure,
    Telephone = "telephone" / "电话费" / "telephone" / Expenditure,
    Vehicles = "vehicles" / "车辆费用" / "vehicles" / Expenditure,
    Relief = "relief" / "慰问救济" / "condolences and relief" / Expenditure,
    Projects = "projects" / "社区项目" / "community projects" / Expenditure,
    OtherExpenditure = "other_expenditure" / "其他支出" / "other expenditure" / Expenditure,
);

impl LineCategory {
    /// Other names offices give the categories in their own books.
    pub const SYNONYMS: &'static [(&'static str, &'static [LineCategory])] = &[
        ("拨款", &[LineCategory::Grant]),
        ("财政拨款", &[LineCategory::Grant]),
        ("上级补助", &[LineCategory::Grant]),
        ("自筹", &[LineCategory::SelfRaised]),
        ("捐赠", &[LineCategory::Donation]),
        ("赞助", &[LineCategory::Donation]),
        ("捐款", &[LineCategory::Donation]),
        ("服务费", &[LineCategory::ServiceFee]),
        ("其它收入", &[LineCategory::OtherIncome]),
        ("工资", &[LineCategory::Wages]),
        ("补贴", &[LineCategory::Wages]),
        ("接待费", &[LineCategory::Hospitality]),
        ("公务接待费", &[LineCategory::Hospitality]),
        ("办公费", &[LineCategory::Office]),
        ("办公用品", &[LineCategory::Office]),
        ("通讯费", &[LineCategory::Telephone]),
        ("话费", &[LineCategory::Telephone]),
        ("车辆费", &[LineCategory::Vehicles]),
        ("交通费", &[LineCategory::Vehicles]),
        ("慰问", &[LineCategory::Relief]),
        ("救济", &[LineCategory::Relief]),
        ("慰问金", &[LineCategory::Relief]),
        ("项目支出", &[LineCategory::Projects]),
        ("其它支出", &[LineCategory::OtherExpenditure]),
    ];
}

/// One line of a finance statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub category: LineCategory,
    pub description: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
}

/// The computed figures of a statement. Never typed, always derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    #[serde(with = "rust_decimal::serde::str")]
    pub carried_forward: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub income: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub expenditure: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub closing: Decimal,
}

/// Totals of `lines` given the balance carried forward from the previous
/// statement (or the office's opening balance for the first one).
pub fn totals(carried_forward: Decimal, lines: &[Line]) -> Totals {
    let mut t = Totals {
        carried_forward,
        ..Default::default()
    };
    for l in lines {
        match l.category.direction() {
            Direction::Income => t.income += l.amount,
            Direction::Expenditure => t.expenditure += l.amount,
        }
    }
    t.closing = t.carried_forward + t.income - t.expenditure;
    for v in [
        &mut t.carried_forward,
        &mut t.income,
        &mut t.expenditure,
        &mut t.closing,
    ] {
        v.rescale(2);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_with_two_places_at_most() {
        assert_eq!(parse_amount("1,234.5").unwrap().to_string(), "1234.50");
        assert_eq!(parse_amount("¥30").unwrap().to_string(), "30.00");
        assert_eq!(parse_amount("12元").unwrap().to_string(), "12.00");
        assert!(matches!(
            parse_amount("1.234"),
            Err(DomainError::AmountPrecision(_))
        ));
        assert!(matches!(
            parse_amount("abc"),
            Err(DomainError::BadAmount(_))
        ));
        assert!(matches!(parse_amount("-5"), Err(DomainError::BadAmount(_))));
        assert!(matches!(
            parse_amount("1e3"),
            Err(DomainError::BadAmount(_))
        ));
        assert!(matches!(parse_amount(""), Err(DomainError::BadAmount(_))));
    }

    #[test]
    fn amounts_above_a_billion_are_refused() {
        assert_eq!(
            parse_amount("1,000,000,000.00").unwrap().to_string(),
            "1000000000.00"
        );
        for big in ["1000000000.01", "12345678901234567890123", "99999999999"] {
            let e = parse_amount(big).unwrap_err();
            assert_eq!(e, DomainError::AmountTooLarge(big.into()));
            assert!(e.message(true).contains("超过 10 亿元"), "{big}");
            assert!(
                e.to_string().contains("more than 1,000,000,000 yuan"),
                "{big}"
            );
        }
    }

    #[test]
    fn full_width_amounts_and_dates_parse() {
        // A Chinese IME in full-width mode types these.
        assert_eq!(parse_amount("１２０").unwrap().to_string(), "120.00");
        assert_eq!(parse_amount("１２．５").unwrap().to_string(), "12.50");
        assert_eq!(
            parse_amount("１２，３４５．６０").unwrap().to_string(),
            "12345.60"
        );
        assert_eq!(
            parse_amount("￥１，０００元").unwrap().to_string(),
            "1000.00"
        );
        // Separators only where unambiguous.
        for bad in ["1，2", "12,34", ",123", "1,2345", "1.2,3"] {
            assert!(parse_amount(bad).is_err(), "{bad}");
        }
        assert_eq!(
            crate::domain::parse_date("２０２６－１１－０３")
                .unwrap()
                .to_string(),
            "2026-11-03"
        );
        assert_eq!(
            crate::domain::parse_date("２０２６年１１月３日")
                .unwrap()
                .to_string(),
            "2026-11-03"
        );
    }

    #[test]
    fn totals_are_computed_exactly() {
        let l = |c: LineCategory, a: &str| Line {
            category: c,
            description: String::new(),
            amount: parse_amount(a).unwrap(),
        };
        let lines = vec![
            l(LineCategory::Grant, "10000.10"),
            l(LineCategory::Donation, "0.20"),
            l(LineCategory::Office, "300.15"),
            l(LineCategory::Telephone, "0.15"),
        ];
        let t = totals(parse_amount("1000").unwrap(), &lines);
        assert_eq!(t.income.to_string(), "10000.30");
        assert_eq!(t.expenditure.to_string(), "300.30");
        assert_eq!(t.closing.to_string(), "10700.00");
    }

    #[test]
    fn optional_amounts_round_trip_inside_tagged_events() {
        use crate::domain::events::EventBody;
        for ob in [None, Some(parse_amount("52368.4").unwrap())] {
            let e = EventBody::StatementRevised {
                id: "QH01-CW2026-0001".into(),
                lines: vec![],
                opening_balance: ob,
            };
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(
                serde_json::from_str::<EventBody>(&json).unwrap(),
                e,
                "{json}"
            );
        }
    }

    #[test]
    fn formats_with_separators() {
        assert_eq!(
            format_amount(parse_amount("1234567.5").unwrap()),
            "1,234,567.50"
        );
        assert_eq!(format_amount(parse_amount("0").unwrap()), "0.00");
        assert_eq!(format_amount(Decimal::new(-123456, 2)), "-1,234.56");
    }
}
