//! Search over every register: titles, text, names and ids, fuzzy with
//! fuzzy-matcher, and Chinese also by pinyin, full and initials (`caiwu`
//! and `cwgk` both find 财务公开).
//!
//! The index is built once from the store and updated as events are
//! appended. Everything a query compares is precomputed: lower-case text,
//! pinyin and initials. A query first runs a cheap in-order (subsequence)
//! scan over those strings, scoring contiguity; only the best candidates
//! are re-scored with `SkimMatcherV2`. Large indexes are scanned on two
//! threads.

use std::collections::HashMap;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::domain::text::clean_line;
use crate::domain::{Envelope, EventBody};
use crate::i18n::Lang;
use crate::store::{Reader, StoreError};

/// The registers, in the order results are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Register {
    Disclosure,
    Opinion,
    Reply,
    Statement,
    Check,
    Office,
}

impl Register {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Register::Disclosure => lang.pick("Disclosure register", "公开登记簿"),
            Register::Opinion => lang.pick("Opinions and suggestions", "意见建议"),
            Register::Reply => lang.pick("Feedback replies", "反馈答复"),
            Register::Statement => lang.pick("Finance statements", "财务报表"),
            Register::Check => lang.pick("Supervision checks", "监督检查"),
            Register::Office => lang.pick("Offices", "单位"),
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Register::Disclosure => "disclosure",
            Register::Opinion => "opinion",
            Register::Reply => "reply",
            Register::Statement => "statement",
            Register::Check => "check",
            Register::Office => "office",
        }
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub register: Register,
    pub id: String,
    /// A one-line title, already cleaned for the terminal.
    pub title: String,
    pub score: i64,
}

/// Longest text kept per record for matching (characters).
const TEXT_CHARS: usize = 400;

struct Entry {
    register: Register,
    id: String,
    title: String,
    /// id, title and names, lower case.
    key: String,
    /// Pinyin of the title and names, without spaces (`caiwugongkai`).
    py: String,
    /// Pinyin initials (`cwgk`).
    ini: String,
    /// Body text, lower case.
    text: String,
}

#[derive(Default)]
pub struct Index {
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
}

/// Pinyin (full, initials) of `s`: Chinese characters become their reading,
/// letters and digits are kept lower case, everything else is dropped.
pub fn pinyin_of(s: &str) -> (String, String) {
    use pinyin::ToPinyin;
    let mut full = String::new();
    let mut ini = String::new();
    for c in s.chars() {
        if let Some(p) = c.to_pinyin() {
            full.push_str(p.plain());
            ini.push_str(p.first_letter());
        } else if c.is_ascii_alphanumeric() {
            let l = c.to_ascii_lowercase();
            full.push(l);
            ini.push(l);
        }
    }
    (full, ini)
}

fn entry(register: Register, id: &str, title: &str, names: &[&str], text: &str) -> Entry {
    let title = clean_line(title);
    let mut short = title.clone();
    for n in names {
        short.push(' ');
        short.push_str(&clean_line(n));
    }
    let (py, ini) = pinyin_of(&short);
    let text: String = clean_line(text).chars().take(TEXT_CHARS).collect();
    Entry {
        register,
        id: id.to_string(),
        key: format!("{} {}", id, short).to_lowercase(),
        title: title.chars().take(120).collect(),
        py,
        ini,
        text: text.to_lowercase(),
    }
}

fn first_line(s: &str) -> &str {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
}

/// Greedy in-order match of `pat` in `hay`; a score favouring runs and
/// early starts, or `None` if some character is missing.
fn subseq_score(pat: &[char], ascii_pat: Option<&[u8]>, hay: &str) -> Option<i64> {
    if pat.is_empty() {
        return Some(0);
    }
    if let Some(p) = ascii_pat {
        let h = hay.as_bytes();
        // Substring first: the best kind of match.
        if let Some(pos) = find_bytes(h, p) {
            return Some(100 + 16 * p.len() as i64 - (pos as i64).min(30));
        }
        let mut i = 0;
        let mut score = 0i64;
        let mut last: Option<usize> = None;
        for (j, b) in h.iter().enumerate() {
            if *b == p[i] {
                score += match last {
                    Some(l) if l + 1 == j => 12,
                    _ => 4,
                };
                if j == 0 || !h[j - 1].is_ascii_alphanumeric() {
                    score += 6;
                }
                last = Some(j);
                i += 1;
                if i == p.len() {
                    return Some(score);
                }
            }
        }
        return None;
    }
    if hay.contains(&pat.iter().collect::<String>()) {
        return Some(100 + 16 * pat.len() as i64);
    }
    let mut it = pat.iter();
    let mut want = it.next();
    let mut score = 0;
    let mut prev_hit = false;
    for c in hay.chars() {
        match want {
            Some(w) if *w == c => {
                score += if prev_hit { 12 } else { 4 };
                prev_hit = true;
                want = it.next();
                if want.is_none() {
                    return Some(score);
                }
            }
            _ => prev_hit = false,
        }
    }
    None
}

fn find_bytes(h: &[u8], p: &[u8]) -> Option<usize> {
    if p.is_empty() || p.len() > h.len() {
        return None;
    }
    let first = p[0];
    let last_start = h.len() - p.len();
    let mut i = 0;
    while i <= last_start {
        match h[i..=last_start].iter().position(|b| *b == first) {
            Some(k) => {
                i += k;
                if &h[i..i + p.len()] == p {
                    return Some(i);
                }
                i += 1;
            }
            None => return None,
        }
    }
    None
}

struct Term {
    chars: Vec<char>,
    ascii: Option<Vec<u8>>,
    text: String,
    /// A term mixing letters, digits and Chinese (`cw10`, `财务10`) also
    /// matches as its runs in any order (`cw` and `10`).
    parts: Vec<Term>,
}

impl Term {
    fn new(text: String) -> Term {
        let runs = runs(&text);
        let parts = if runs.len() > 1 {
            runs.into_iter().map(Term::new).collect()
        } else {
            vec![]
        };
        Term {
            chars: text.chars().collect(),
            ascii: text.is_ascii().then(|| text.as_bytes().to_vec()),
            text,
            parts,
        }
    }
}

/// Splits `s` into runs of ASCII letters, of digits and of anything else.
fn runs(s: &str) -> Vec<String> {
    let class = |c: char| {
        if c.is_ascii_alphabetic() {
            0
        } else if c.is_ascii_digit() {
            1
        } else {
            2
        }
    };
    let mut out: Vec<String> = vec![];
    let mut last = None;
    for c in s.chars() {
        let k = class(c);
        match out.last_mut() {
            Some(r) if last == Some(k) => r.push(c),
            _ => out.push(c.to_string()),
        }
        last = Some(k);
    }
    out
}

impl Entry {
    /// The cheap score of one term, or `None` if it does not match.
    fn term_score(&self, t: &Term) -> Option<i64> {
        let a = t.ascii.as_deref();
        let mut best = subseq_score(&t.chars, a, &self.key);
        if a.is_some() {
            for (s, bonus) in [(&self.py, 0), (&self.ini, 4)] {
                if let Some(v) = subseq_score(&t.chars, a, s) {
                    best = Some(best.map_or(v + bonus, |b: i64| b.max(v + bonus)));
                }
            }
        }
        if best.is_none() && self.text.contains(&t.text) {
            best = Some(40 + 4 * t.chars.len() as i64);
        }
        if best.is_none() && !t.parts.is_empty() {
            // Every run somewhere, in any order; a little below a match of
            // the whole term.
            let mut sum = 0;
            for p in &t.parts {
                sum += self.term_score(p)?;
            }
            best = Some(sum * 3 / 4);
        }
        best
    }

    fn score(&self, terms: &[Term]) -> Option<i64> {
        let mut total = 0;
        for t in terms {
            total += self.term_score(t)?;
        }
        Some(total)
    }
}

impl Index {
    /// Reads every register once.
    pub fn build(r: &Reader) -> Result<Index, StoreError> {
        let mut ix = Index::default();
        for o in r.offices()? {
            ix.put(entry(Register::Office, o.code.as_str(), &o.name, &[], ""));
        }
        for d in r.disclosures()? {
            ix.put(disclosure_entry(&d));
        }
        for o in r.opinions()? {
            ix.put(opinion_entry(&o));
        }
        for rp in r.replies()? {
            ix.put(reply_entry(&rp));
        }
        for s in r.statements()? {
            ix.put(statement_entry(&s));
        }
        for c in r.checks()? {
            ix.put(check_entry(&c));
        }
        Ok(ix)
    }

    /// Adds or replaces one record by hand (benchmarks, imports).
    pub fn add(&mut self, register: Register, id: &str, title: &str, names: &[&str], text: &str) {
        self.put(entry(register, id, title, names, text));
    }

    /// The title of record `id`, if it is indexed.
    pub fn title_of(&self, id: &str) -> Option<&str> {
        self.by_id.get(id).map(|i| self.entries[*i].title.as_str())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn put(&mut self, e: Entry) {
        match self.by_id.get(&e.id) {
            Some(i) => self.entries[*i] = e,
            None => {
                self.by_id.insert(e.id.clone(), self.entries.len());
                self.entries.push(e);
            }
        }
    }

    /// Brings the index up to date with events just appended (or imported).
    pub fn apply(&mut self, r: &Reader, events: &[Envelope]) {
        for ev in events {
            let _ = self.apply_one(r, &ev.body);
        }
    }

    fn apply_one(&mut self, r: &Reader, b: &EventBody) -> Result<(), StoreError> {
        use EventBody::*;
        match b {
            OfficeCreated { office } | OfficeRegistered { office } => self.put(entry(
                Register::Office,
                office.code.as_str(),
                &office.name,
                &[],
                "",
            )),
            DisclosureDrafted { id, .. } | DisclosureRevised { id, .. } => {
                if let Some(d) = r.disclosure(id)? {
                    self.put(disclosure_entry(&d));
                }
            }
            OpinionReceived { opinion } => self.put(opinion_entry(opinion)),
            ReplyRecorded { reply } => self.put(reply_entry(reply)),
            StatementDrafted { statement } => self.put(statement_entry(statement)),
            StatementRevised { id, .. } => {
                if let Some(s) = r.statement(id)? {
                    self.put(statement_entry(&s));
                }
            }
            CheckRecorded { check } => self.put(check_entry(check)),
            _ => {}
        }
        Ok(())
    }

    /// The best `limit` matches of `query`, grouped by register (best first
    /// within each group).
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.search_in(query, limit, None)
    }

    /// As [`Index::search`], only in one register.
    pub fn search_in(&self, query: &str, limit: usize, only: Option<Register>) -> Vec<Hit> {
        let terms: Vec<Term> = query
            .split_whitespace()
            .map(|t| Term::new(t.to_lowercase()))
            .collect();
        if terms.is_empty() || limit == 0 {
            return vec![];
        }
        let scan = |chunk: &[Entry], base: usize| -> Vec<(i64, usize)> {
            chunk
                .iter()
                .enumerate()
                .filter(|(_, e)| only.is_none_or(|r| e.register == r))
                .filter_map(|(i, e)| e.score(&terms).map(|s| (s, base + i)))
                .collect()
        };
        let n = self.entries.len();
        let mut cands: Vec<(i64, usize)> = if n > 20_000 {
            let mid = n / 2;
            let (a, b) = self.entries.split_at(mid);
            std::thread::scope(|s| {
                let h = s.spawn(|| scan(b, mid));
                let mut v = scan(a, 0);
                v.extend(h.join().unwrap_or_default());
                v
            })
        } else {
            scan(&self.entries, 0)
        };
        // Keep the best candidates by the cheap score, then rank them finely.
        let keep = (limit * 4).max(64);
        if cands.len() > keep {
            cands.select_nth_unstable_by(keep, |a, b| b.0.cmp(&a.0));
            cands.truncate(keep);
        }
        let m = SkimMatcherV2::default();
        let q: String = terms
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let mut hits: Vec<Hit> = cands
            .into_iter()
            .map(|(cheap, i)| {
                let e = &self.entries[i];
                let fine = [&e.key, &e.py, &e.ini]
                    .iter()
                    .filter_map(|h| m.fuzzy_match(h, &q))
                    .max()
                    .unwrap_or(0);
                Hit {
                    register: e.register,
                    id: e.id.clone(),
                    title: e.title.clone(),
                    score: cheap + fine,
                }
            })
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| b.id.cmp(&a.id)));
        hits.truncate(limit);
        hits.sort_by(|a, b| {
            a.register
                .cmp(&b.register)
                .then(b.score.cmp(&a.score))
                .then_with(|| b.id.cmp(&a.id))
        });
        // A query that is a whole id opens with that record, whatever its
        // register: `QH01-CW2026-0013` was buried under the disclosures
        // whose ids share QH01, 2026 and 0013.
        let want = query.trim().to_uppercase();
        if let Some(&i) = self.by_id.get(&want) {
            let e = &self.entries[i];
            if only.is_none_or(|r| e.register == r) {
                hits.retain(|h| h.id != e.id);
                hits.insert(
                    0,
                    Hit {
                        register: e.register,
                        id: e.id.clone(),
                        title: e.title.clone(),
                        score: i64::MAX,
                    },
                );
                hits.truncate(limit);
            }
        }
        hits
    }
}

fn disclosure_entry(d: &crate::domain::Disclosure) -> Entry {
    entry(
        Register::Disclosure,
        &d.id,
        &d.fields.title,
        &[d.fields.category.zh()],
        &d.fields.body,
    )
}

fn opinion_entry(o: &crate::domain::Opinion) -> Entry {
    let name = o.from.as_ref().map(|r| r.name.as_str()).unwrap_or("");
    let addr = o
        .from
        .as_ref()
        .and_then(|r| r.address.as_deref())
        .unwrap_or("");
    let title: String = clean_line(first_line(&o.text)).chars().take(40).collect();
    entry(Register::Opinion, &o.id, &title, &[name, addr], &o.text)
}

fn reply_entry(r: &crate::domain::Reply) -> Entry {
    let title: String = clean_line(first_line(&r.text)).chars().take(40).collect();
    entry(
        Register::Reply,
        &r.id,
        &title,
        &[&r.opinion, &r.replied_by],
        &r.text,
    )
}

fn statement_entry(s: &crate::domain::Statement) -> Entry {
    let descs: Vec<&str> = s.lines.iter().map(|l| l.description.as_str()).collect();
    entry(
        Register::Statement,
        &s.id,
        &format!("{} 财务收支 {}", s.period, s.office),
        &[],
        &descs.join(" "),
    )
}

fn check_entry(c: &crate::domain::Check) -> Entry {
    let f: Vec<&str> = c.findings.iter().map(|f| f.description.as_str()).collect();
    entry(
        Register::Check,
        &c.id,
        &format!("{} 监督检查 {}", c.period, c.target),
        &[],
        &format!("{} {}", c.summary, f.join(" ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_id_comes_first_whatever_its_register() {
        let mut ix = Index::default();
        for n in 1..=30 {
            let id = format!("QH01-2026-{n:04}");
            ix.add(Register::Disclosure, &id, "2026年工作", &[], "");
        }
        ix.add(
            Register::Statement,
            "QH01-CW2026-0013",
            "2026-10 财务收支 QH01",
            &[],
            "",
        );
        let hits = ix.search("QH01-CW2026-0013", 5);
        assert_eq!(hits[0].id, "QH01-CW2026-0013", "{hits:?}");
        assert_eq!(hits[0].register, Register::Statement);
        // Lower case typed: the same.
        assert_eq!(ix.search("qh01-cw2026-0013", 5)[0].id, "QH01-CW2026-0013");
    }

    fn ix() -> Index {
        let mut ix = Index::default();
        ix.put(entry(
            Register::Disclosure,
            "QH01-2026-0001",
            "2026年3月财务公开",
            &[],
            "收入支出明细",
        ));
        ix.put(entry(
            Register::Disclosure,
            "QH01-2026-0002",
            "社区工作计划",
            &[],
            "",
        ));
        ix.put(entry(
            Register::Opinion,
            "QH01-YJ2026-0001",
            "楼道灯坏了",
            &["王大妈"],
            "3号楼楼道灯不亮",
        ));
        ix
    }

    #[test]
    fn finds_by_pinyin_full_and_initials() {
        let ix = ix();
        for q in ["caiwu", "cwgk", "财务", "caiwugongkai"] {
            let h = ix.search(q, 10);
            assert_eq!(
                h.first().map(|h| h.id.as_str()),
                Some("QH01-2026-0001"),
                "{q}"
            );
        }
        assert_eq!(ix.search("wangdama", 10)[0].id, "QH01-YJ2026-0001");
        assert_eq!(ix.search("不亮", 10)[0].id, "QH01-YJ2026-0001");
        assert_eq!(ix.search("0002", 10)[0].id, "QH01-2026-0002");
        assert!(ix.search("zzzz", 10).is_empty());
    }

    #[test]
    fn letters_and_digits_mix_in_one_term() {
        let mut ix = ix();
        ix.put(entry(
            Register::Disclosure,
            "QH01-2026-0031",
            "2026年10月财务公开",
            &[],
            "",
        ));
        for q in ["cw10", "10cw", "caiwu10", "财务10", "10月cwgk", "qh01"] {
            let h = ix.search(q, 10);
            assert!(
                h.iter().any(|h| h.id == "QH01-2026-0031"),
                "{q}: {:?}",
                h.iter().map(|h| &h.id).collect::<Vec<_>>()
            );
        }
        // The 10th month first, not March.
        assert_eq!(ix.search("cw10", 10)[0].id, "QH01-2026-0031");
        assert!(ix.search("cw99", 10).is_empty());
    }

    #[test]
    fn pinyin_of_mixed_text() {
        assert_eq!(pinyin_of("财务公开 2026").1, "cwgk2026");
        assert_eq!(pinyin_of("财务").0, "caiwu");
    }
}
