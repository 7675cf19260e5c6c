//! `juwu export --format lines`: one record per line, plain text, for
//! comparing juwu's search with line tools (`fzf --filter`, `grep`) on
//! exactly the same records.
//!
//! Each line is `id<TAB>title<TAB>excerpt<TAB>names`: items (title, body),
//! opinions (kind and what it is about, text, resident and recorder) and
//! replies (outcome, text, who replied). Text is cleaned for a terminal
//! (`clean_line`, tabs and newlines become spaces) and the excerpt is cut
//! at `EXCERPT` characters. Items first, then opinions, then replies, each
//! in id order.

use std::fmt::Write as _;

use crate::domain::text::clean_line;
use crate::store::{Reader, StoreError};

/// Characters of body or text kept on a line.
pub const EXCERPT: usize = 80;

fn field(s: &str) -> String {
    clean_line(s).trim().to_string()
}

fn excerpt(s: &str) -> String {
    field(s).chars().take(EXCERPT).collect()
}

/// Every item, opinion and reply, one per line, ending with a newline.
pub fn lines(r: &Reader) -> Result<String, StoreError> {
    let mut out = String::new();
    for d in r.disclosures()? {
        let mut names = vec![field(&d.drafted_by)];
        for s in &d.signatures {
            let n = field(&s.by);
            if !names.contains(&n) {
                names.push(n);
            }
        }
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}",
            d.id,
            field(&d.fields.title),
            excerpt(&d.fields.body),
            names.join(" ")
        );
    }
    for o in r.opinions()? {
        let title = match &o.about {
            Some(a) => format!("{} {} {}", o.kind.zh(), o.kind.as_str(), field(a)),
            None => format!("{} {}", o.kind.zh(), o.kind.as_str()),
        };
        let mut names = vec![];
        if let Some(f) = &o.from {
            names.push(field(&f.name));
        }
        names.push(field(&o.recorded_by));
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}",
            o.id,
            title,
            excerpt(&o.text),
            names.join(" ")
        );
    }
    for x in r.replies()? {
        let _ = writeln!(
            out,
            "{}\t{} {} {}\t{}\t{}",
            x.id,
            x.outcome.zh(),
            x.outcome.as_str(),
            x.opinion,
            excerpt(&x.text),
            field(&x.replied_by)
        );
    }
    Ok(out)
}
