//! The canonical JSON dump of everything a database holds: same state, same
//! day → same bytes (keys sorted, records sorted by id, computed figures
//! included as of `today`).

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use crate::domain::Calendar;
use crate::store::{Reader, StoreError};

fn v<T: serde::Serialize>(x: &T) -> Value {
    serde_json::to_value(x).unwrap_or(Value::Null)
}

fn merge(mut base: Value, extra: Value) -> Value {
    if let (Value::Object(b), Value::Object(e)) = (&mut base, extra) {
        for (k, x) in e {
            b.insert(k, x);
        }
    }
    base
}

/// Builds the dump. `today` fixes the computed statuses and due dates.
pub fn export(r: &Reader, cal: &Calendar, today: NaiveDate) -> Result<Value, StoreError> {
    let mut root = Map::new();
    root.insert("format".into(), json!("juwu-export"));
    root.insert("version".into(), json!(1));
    root.insert("as_of".into(), json!(today.to_string()));
    root.insert("office".into(), json!(r.own_code().map(|c| c.to_string())));
    root.insert("offices".into(), v(&r.offices()?));
    // PIN hashes stay in the office (see `store::pin`): never exported.
    let ops: Vec<Value> = r
        .operators()?
        .iter()
        .map(|o| {
            let mut x = v(o);
            if let Value::Object(m) = &mut x {
                m.remove("pin_hash");
            }
            x
        })
        .collect();
    root.insert("operators".into(), Value::Array(ops));

    let mut ds = vec![];
    for d in r.disclosures()? {
        let s = r.settings_for_id(&d.id)?;
        let mut x = merge(v(&d), v(&d.fields));
        if let Value::Object(m) = &mut x {
            m.remove("fields");
            m.insert(
                "late_submission".into(),
                json!(d.late_submission(cal, s.review_lead_days)),
            );
            m.insert("posting_until".into(), v(&d.posting_until(s.posting_days)));
        }
        ds.push(x);
    }
    root.insert("disclosures".into(), Value::Array(ds));

    let mut os = vec![];
    for o in r.opinions()? {
        let replies: Vec<String> = r.replies_of(&o.id)?.into_iter().map(|x| x.id).collect();
        let st = r.opinion_state(o, cal, today)?;
        let mut x = v(&st.opinion);
        if let Value::Object(m) = &mut x {
            m.insert("due_on".into(), json!(st.due_on.to_string()));
            m.insert("status".into(), json!(st.status.as_str()));
            m.insert("days_late".into(), json!(st.days_late));
            m.insert("replies".into(), json!(replies));
        }
        os.push(x);
    }
    root.insert("opinions".into(), Value::Array(os));
    root.insert("replies".into(), v(&r.replies()?));
    root.insert("box_openings".into(), v(&r.box_openings()?));

    let mut ss = vec![];
    let mut codes: Vec<_> = r.statements()?.into_iter().map(|s| s.office).collect();
    codes.sort();
    codes.dedup();
    for c in codes {
        for sv in r.statement_views(&c)? {
            let locked = r.statement_locked_by(&sv.statement.id)?;
            let mut x = v(&sv.statement);
            if let Value::Object(m) = &mut x {
                m.insert("totals".into(), v(&sv.totals));
                m.insert("disclosed_by".into(), json!(locked));
            }
            ss.push(x);
        }
    }
    ss.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    root.insert("statements".into(), Value::Array(ss));

    let mut cs = vec![];
    for c in r.checks()? {
        let mut x = v(&c);
        let mut fs = vec![];
        for f in &c.findings {
            let mut fx = v(f);
            if let Value::Object(m) = &mut fx {
                m.insert("resolution".into(), v(&r.resolution(&c.id, f.n)?));
            }
            fs.push(fx);
        }
        if let Value::Object(m) = &mut x {
            m.insert("findings".into(), Value::Array(fs));
        }
        cs.push(x);
    }
    root.insert("checks".into(), Value::Array(cs));
    root.insert("heads".into(), v(&r.heads()?));
    Ok(Value::Object(root))
}

/// The dump as text: pretty, sorted keys, trailing newline.
pub fn to_text(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}
