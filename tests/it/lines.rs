//! `juwu export --format lines`: the records as plain lines for line tools.

use crate::support::common;

use common::*;
use juwu::domain::*;

#[test]
fn one_clean_line_per_record_with_id_title_excerpt_names() {
    let f = Fixture::new();
    let evil = "电梯\u{1b}[31m维修\u{202E}\tplan\nsecond line";
    let id = f.draft(evil, Category::Other, Scope::Public, t(2026, 3, 2));
    f.publish(&id, d(2026, 3, 20));
    let long = "长".repeat(300);
    f.exec(
        CLERK,
        Command::Revise {
            id: f.draft(
                "Finance 财务",
                Category::Finance,
                Scope::Public,
                t(2026, 3, 2),
            ),
            fields: DraftFields {
                body: long.clone(),
                ..fields("Finance 财务", Category::Finance, Scope::Public)
            },
        },
        t(2026, 3, 3),
    )
    .unwrap();
    let op = f.log(OpinionKind::Question, d(2026, 3, 21), Some(&id));
    let text = juwu::report::lines::lines(&f.store.read().unwrap()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    for l in &lines {
        assert_eq!(l.split('\t').count(), 4, "{l:?}");
        assert!(!l.chars().any(|c| c.is_control() && c != '\t'), "{l:?}");
        assert!(!l.contains('\u{202E}'));
    }
    let item: Vec<&str> = lines[0].split('\t').collect();
    assert_eq!(item[0], id);
    assert_eq!(item[1], "电梯[31m维修 plan second line");
    // Drafter and the three signers, each once.
    assert_eq!(item[3], format!("{CLERK} {SECRETARY} {DIRECTOR} {FINANCE}"));
    let excerpt = lines[1].split('\t').nth(2).unwrap();
    assert_eq!(excerpt.chars().count(), juwu::report::lines::EXCERPT);
    let o: Vec<&str> = lines[2].split('\t').collect();
    assert_eq!(o[0], op);
    assert!(o[1].contains("question") && o[1].contains(&id), "{}", o[1]);
    assert_eq!(o[3], format!("居民甲 {CLERK}"));
}
