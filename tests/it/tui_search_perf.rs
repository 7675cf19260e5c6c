//! Search speed on 100,000 opinions against `fzf --filter` on the same
//! records. Ignored by default (run in release):
//! `cargo test --release --test it tui_search_perf -- --ignored --nocapture`

use std::io::Write;
use std::time::Instant;

use juwu::search::{Index, Register};

const WORDS: &[&str] = &[
    "楼道灯坏了",
    "电梯维修",
    "财务公开",
    "停车费",
    "垃圾分类",
    "供暖补贴",
    "低保名单",
    "物业费",
    "加装电梯",
    "绿化带",
    "噪音扰民",
    "下水道堵塞",
    "公共收益",
    "志愿服务",
    "防汛",
    "健身器材",
    "小区门禁",
    "快递柜",
    "路灯不亮",
    "漏水",
];
const NAMES: &[&str] = &[
    "王大妈",
    "李建国",
    "张伟",
    "刘桂芳",
    "陈静",
    "赵卫东",
    "孙丽",
    "周敏",
];

fn records(n: usize) -> Vec<(String, String, String, String)> {
    let mut out = Vec::with_capacity(n);
    let mut x: u64 = 42;
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as usize
    };
    for i in 0..n {
        let a = WORDS[next() % WORDS.len()];
        let b = WORDS[next() % WORDS.len()];
        let c = WORDS[next() % WORDS.len()];
        let name = NAMES[next() % NAMES.len()];
        let id = format!("QH01-YJ{}-{:06}", 2020 + i / 20000, i % 20000 + 1);
        let title = format!("{a}的问题");
        let text = format!(
            "{}号楼居民反映{a}，另外{b}和{c}也请处理，谢谢。",
            next() % 30 + 1
        );
        out.push((id, title, name.to_string(), text));
    }
    out
}

#[test]
#[ignore]
fn search_100k_against_fzf() {
    let recs = records(100_000);
    let t0 = Instant::now();
    let mut ix = Index::default();
    for (id, title, name, text) in &recs {
        ix.add(Register::Opinion, id, title, &[name], text);
    }
    println!("index of {} built in {:?}", ix.len(), t0.elapsed());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lines.txt");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
        for (id, title, name, text) in &recs {
            writeln!(f, "{id} {title} {name} {text}").unwrap();
        }
    }
    for q in [
        "louddao",
        "ldd",
        "电梯维修",
        "caiwu",
        "cwgk",
        "0012",
        "wangdama",
        "zzzz",
    ] {
        let t = Instant::now();
        let runs = 10;
        let mut n = 0;
        for _ in 0..runs {
            n = ix.search(q, 50).len();
        }
        let ours = t.elapsed() / runs;
        let fzf = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "fzf --filter '{q}' < '{}' > /dev/null",
                file.display()
            ))
            .output()
            .ok()
            .map(|_| {
                let t = Instant::now();
                for _ in 0..3 {
                    let _ = std::process::Command::new("sh")
                        .arg("-c")
                        .arg(format!(
                            "fzf --filter '{q}' < '{}' > /dev/null",
                            file.display()
                        ))
                        .output();
                }
                t.elapsed() / 3
            });
        println!("{q:>10}: {n:>3} hits in {ours:?}; fzf --filter {fzf:?}");
    }
}
