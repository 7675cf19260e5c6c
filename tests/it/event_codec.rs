//! The stored event bytes (`juwu.event.v1`) are a compatibility contract:
//! the hand-written reader of `EventBody` (store::codec, which skips serde's
//! buffering of internally tagged enums) must read every stored event of
//! every kind exactly as serde's own layout defines it, and write it back
//! byte for byte.

use std::collections::BTreeSet;

use juwu::domain::{Envelope, EventBody};
use juwu::store::Store;

#[test]
fn every_stored_event_reads_back_to_its_exact_bytes_whatever_the_key_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::support::run::demo(dir.path(), crate::support::run::Env::EN);
    let store = Store::open(&db).unwrap();
    let r = store.read().unwrap();
    let mut kinds = BTreeSet::new();
    let mut n = 0;
    for (office, head) in r.heads().unwrap() {
        let stored = r.event_bytes(&office, 1, head.seq).unwrap();
        assert_eq!(stored.len() as u64, head.seq);
        for bytes in stored {
            // The tag first, as stored: the fast path.
            let env: Envelope = serde_json::from_slice(&bytes).unwrap();
            assert_eq!(
                serde_json::to_vec(&env).unwrap(),
                bytes,
                "{office} #{}",
                env.seq
            );
            kinds.insert(env.body.kind());
            // The same object with its keys sorted ("type" no longer
            // first): the buffered path gives the same event.
            let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            let body = v["body"].clone();
            let sorted: serde_json::Map<String, serde_json::Value> = body
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<std::collections::BTreeMap<_, _>>()
                .into_iter()
                .rev()
                .collect();
            let text = serde_json::to_string(&sorted).unwrap();
            assert!(!text.starts_with("{\"type\""), "{text}");
            let b: EventBody = serde_json::from_str(&text).unwrap();
            assert_eq!(b, env.body);
            n += 1;
        }
    }
    assert!(n > 300, "{n} events");
    assert!(kinds.len() >= 15, "only {kinds:?}");
}

#[test]
fn unreadable_event_bodies_are_errors_not_panics() {
    for bad in [
        r#"{}"#,
        r#"{"type":"no_such_event","id":"x"}"#,
        r#"{"id":"QH01-2026-0001","type":7}"#,
        r#"{"type":"opinion_resumed","id":"QH01-YJ-2026-0001"}"#,
        r#"{"type":"opinion_resumed","id":"QH01-YJ-2026-0001","on":"not a date"}"#,
        r#"{"id":"QH01-YJ-2026-0001","on":"2026-01-05"}"#,
        r#"[]"#,
        r#""key_rotated""#,
    ] {
        assert!(serde_json::from_str::<EventBody>(bad).is_err(), "{bad}");
    }
    let ok: EventBody = serde_json::from_str(
        r#"{"type":"opinion_resumed","id":"QH01-YJ-2026-0001","on":"2026-01-05"}"#,
    )
    .unwrap();
    let back: EventBody = serde_json::from_str(
        r#"{"on":"2026-01-05","id":"QH01-YJ-2026-0001","type":"opinion_resumed"}"#,
    )
    .unwrap();
    assert_eq!(ok, back);
    assert_eq!(ok.kind(), "opinion_resumed");
}

#[test]
fn a_setting_change_reads_back_whatever_the_key_order() {
    use juwu::domain::settings::SettingKey;
    let body = EventBody::SettingChanged {
        key: SettingKey::ReplyDaysRequest,
        value: "10 calendar".into(),
        from: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
    };
    let text = serde_json::to_string(&body).unwrap();
    assert_eq!(
        text,
        r#"{"type":"setting_changed","key":"reply_days_request","value":"10 calendar","from":"2026-12-01"}"#
    );
    assert_eq!(serde_json::from_str::<EventBody>(&text).unwrap(), body);
    let sorted = r#"{"from":"2026-12-01","key":"reply_days_request","type":"setting_changed","value":"10 calendar"}"#;
    assert_eq!(serde_json::from_str::<EventBody>(sorted).unwrap(), body);
    assert_eq!(body.kind(), "setting_changed");
    // A key this build does not know is an error, not a panic.
    assert!(
        serde_json::from_str::<EventBody>(
            r#"{"type":"setting_changed","key":"no_such","value":"1","from":"2026-12-01"}"#
        )
        .is_err()
    );
}
