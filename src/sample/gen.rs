//! The deterministic generator of realistic registers behind
//! `juwu gen --db PATH --offices N --events M [--seed S]`, for benchmarks
//! and trials.
//!
//! Every record is made by a `Command` checked by `decide` and appended by
//! the store (`Store::batch`, many commands to a write transaction), so the
//! logs are exactly what clerks would have produced: each office's own
//! hash-chained log, ids from the office's counters, every workflow rule
//! applied. The same seed gives the same bytes.
//!
//! One office (`--offices 1`): the database belongs to community `SQ0001`
//! under street `JD01`. More (`--offices N`): the database belongs to street
//! office `JD01`; each of its N communities `SQ0001…` is generated in its own
//! temporary in-memory store and its log imported with `Store::import_chains`,
//! as a street office holding its communities' bundles would have it. The
//! street's own log (its registers and its inspections of the communities)
//! is generated last. Each log gets about `--events` events.
//!
//! Inside a log: operators, settings, then years of office life on a clock
//! of working hours: items drafted, revised, signed by the three roles,
//! submitted (some late), returned or approved, published, corrected,
//! archived; opinions over every channel and kind, answered on the spot or
//! later (some late, some never), paused and resumed, complaints verified,
//! requests granted or declined, some referred upward; suggestion-box
//! openings with their slips; monthly (or quarterly) finance statements with
//! Decimal lines and their finance items; quarterly supervision checks with
//! findings, most resolved. The last months are left in progress.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::path::Path;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use rust_decimal::Decimal;

use crate::domain::money::{Line, LineCategory};
use crate::domain::workflow::{OpinionDraft, ReplyDraft};
use crate::domain::{
    Actor, Aspect, AspectResult, Basis, Category, Channel, Command, DraftFields, Envelope,
    EventBody, Failing, Finding, Form, Frequency, Level, Office, OfficeCode, OpinionKind, Outcome,
    Period, ReplyForm, Resident, Role, RouteTo, Scope, Settings,
};
use crate::store::{Batch, Store, StoreError};
use crate::sync::keys::{OfficeKey, key_path};

use super::{Result, SampleError};

/// What was generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenSummary {
    pub offices: usize,
    pub events: u64,
    pub disclosures: u64,
    pub opinions: u64,
    pub replies: u64,
    pub statements: u64,
    pub checks: u64,
    /// Commands the rules refused (a generator bug if not 0).
    pub refused: u64,
    pub first_refusal: Option<String>,
}

impl GenSummary {
    fn add(&mut self, o: &GenSummary) {
        self.offices += o.offices;
        self.events += o.events;
        self.disclosures += o.disclosures;
        self.opinions += o.opinions;
        self.replies += o.replies;
        self.statements += o.statements;
        self.checks += o.checks;
        self.refused += o.refused;
        if self.first_refusal.is_none() {
            self.first_refusal.clone_from(&o.first_refusal);
        }
    }
    /// Records (items, opinions, replies, statements, checks).
    pub fn records(&self) -> u64 {
        self.disclosures + self.opinions + self.replies + self.statements + self.checks
    }
}

/// Writes a new database at `db` (which must not exist yet, or be empty).
pub fn generate(
    db: &Path,
    offices: u32,
    events: u64,
    seed: u64,
    progress: bool,
) -> Result<GenSummary> {
    if !(1..=10_000).contains(&offices) {
        return Err(SampleError::Offices(offices));
    }
    if !(50..=10_000_000).contains(&events) {
        return Err(SampleError::Events(events));
    }
    if db.exists() && std::fs::metadata(db).map(|m| m.len()).unwrap_or(0) > 0 {
        return Err(SampleError::DbExists(db.to_path_buf()));
    }
    let kp = key_path(db);
    if kp.exists() {
        return Err(SampleError::GenKeyExists(kp));
    }
    let street = street_spec();
    let mut total = GenSummary::default();
    if offices == 1 {
        let spec = community_spec(1, &street);
        let mut store = Store::create(db)?;
        let key = office_key(seed, &spec.office.code);
        key.save_new(&kp)?;
        total.add(&office_log(&mut store, &spec, &key, events, seed)?);
        return Ok(total);
    }
    let mut store = Store::create(db)?;
    let key = office_key(seed, &street.office.code);
    key.save_new(&kp)?;
    // Communities first, imported a group at a time to bound memory.
    let mut chains: Vec<(OfficeCode, Vec<Vec<u8>>)> = vec![];
    let mut held = 0usize;
    let mut codes = vec![];
    for i in 1..=offices {
        let spec = community_spec(i, &street);
        let mut tmp = Store::temporary()?;
        let k = office_key(seed, &spec.office.code);
        total.add(&office_log(&mut tmp, &spec, &k, events, seed)?);
        let bytes: Vec<Vec<u8>> = tmp
            .read()?
            .events(spec.office.code.as_str(), 1, u64::MAX)?
            .into_iter()
            .map(|e| e.bytes)
            .collect();
        held += bytes.iter().map(|b| b.len()).sum::<usize>();
        codes.push(spec.office.code.clone());
        chains.push((spec.office.code.clone(), bytes));
        if held > 64 << 20 || i == offices {
            store.import_chains(&chains)?;
            chains.clear();
            held = 0;
        }
        if progress {
            eprint!("\r{i}/{offices} offices");
        }
    }
    if progress {
        eprintln!();
    }
    let mut spec = street;
    spec.targets = codes;
    total.add(&office_log(&mut store, &spec, &key, events, seed)?);
    Ok(total)
}

/// The deterministic key of a generated office.
pub fn office_key(seed: u64, code: &OfficeCode) -> OfficeKey {
    let mut h = blake3::Hasher::new();
    h.update(b"juwu gen office key");
    h.update(&seed.to_le_bytes());
    h.update(code.as_str().as_bytes());
    OfficeKey::from_seed(*h.finalize().as_bytes())
}

// ---------------------------------------------------------------- offices

/// One office to generate.
pub struct OfficeSpec {
    pub office: Office,
    pub parent: Option<Office>,
    /// Offices this one inspects (a street's communities).
    pub targets: Vec<OfficeCode>,
    pub seal: String,
}

/// Codes made here from constants and numbers, always valid.
fn code(s: &str) -> OfficeCode {
    OfficeCode::parse(s).expect("generated office codes are valid")
}

fn street_spec() -> OfficeSpec {
    OfficeSpec {
        office: Office {
            code: code("JD01"),
            name: "望京街道办事处".into(),
            level: Level::Street,
            parent: Some(code("QU01")),
            public_key: None,
        },
        parent: Some(Office {
            code: code("QU01"),
            name: "朝阳区民政局".into(),
            level: Level::District,
            parent: None,
            public_key: None,
        }),
        targets: vec![],
        seal: "望京街道办事处公章".into(),
    }
}

const NAME_A: &[&str] = &[
    "清", "安", "春", "和", "永", "福", "兴", "长", "明", "东", "西", "南", "北", "新", "惠", "嘉",
    "康", "乐", "德", "华", "平", "泰", "祥", "瑞", "丰", "青", "荷", "松", "柳", "桂",
];
const NAME_B: &[&str] = &[
    "河", "苑", "园", "里", "湖", "桥", "坊", "庄", "溪", "林", "山", "景", "城", "港", "湾", "台",
    "阳", "馨", "源", "泉", "晖", "悦", "宁", "华", "盛", "荣", "秀", "塘", "亭", "岭",
];

fn community_spec(i: u32, street: &OfficeSpec) -> OfficeSpec {
    // Offset so the first is not the demo's 清河.
    let n = (i + 6) as usize;
    let a = NAME_A[n % NAME_A.len()];
    let b = NAME_B[(n / NAME_A.len() + n) % NAME_B.len()];
    let round = n / (NAME_A.len() * NAME_B.len());
    let name = if round == 0 {
        format!("{a}{b}社区居委会")
    } else {
        format!("{a}{b}{}社区居委会", round + 1)
    };
    OfficeSpec {
        office: Office {
            code: code(&format!("SQ{i:04}")),
            name,
            level: Level::Community,
            parent: Some(street.office.code.clone()),
            public_key: None,
        },
        parent: Some(Office {
            public_key: None,
            ..street.office.clone()
        }),
        targets: vec![],
        seal: "居委会公章".into(),
    }
}

// ---------------------------------------------------------------- randomness

/// SplitMix64: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// 0..n (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }
    /// lo..=hi.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }
    /// True with probability `pct` percent.
    pub fn pct(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    /// An index chosen by weight.
    pub fn weighted(&mut self, w: &[u64]) -> usize {
        let total: u64 = w.iter().sum();
        let mut x = self.below(total.max(1));
        for (i, wi) in w.iter().enumerate() {
            if x < *wi {
                return i;
            }
            x -= wi;
        }
        0
    }
}

// ---------------------------------------------------------------- text

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "韩", "冯", "董", "程", "曹",
];
const GIVEN: &[&str] = &[
    "建国", "秀英", "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰",
    "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "文静", "海燕", "志强", "玉兰",
    "红梅", "建华", "晓东", "春生",
];
const EN_NAMES: &[&str] = &[
    "Anna Lin",
    "David Zhou",
    "Grace Wu",
    "Tom Huang",
    "Lily Chen",
    "Kevin Ma",
    "Helen Xu",
    "Peter Guo",
];
const TOPICS: &[(&str, &str)] = &[
    ("加装电梯", "lift installation"),
    ("停车位划线", "parking bays"),
    ("垃圾分类", "waste sorting"),
    ("绿化带改造", "green belt renovation"),
    ("老旧小区改造", "old estate renovation"),
    ("雨污分流", "storm drain separation"),
    ("消防通道清理", "fire lane clearing"),
    ("路灯维修", "street light repair"),
    ("快递柜设置", "parcel lockers"),
    ("电动自行车充电桩", "e-bike charging points"),
    ("楼道照明", "stairwell lighting"),
    ("二次供水设施清洗", "water tank cleaning"),
    ("外墙保温", "wall insulation"),
    ("健身器材更新", "fitness equipment"),
    ("物业费调整", "property fee adjustment"),
    ("社区食堂", "community canteen"),
];
const MONTHS_EN: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const HEALTH: &[&str] = &[
    "高血压防治",
    "老年人防跌倒",
    "Diabetes and diet",
    "流感疫苗接种",
    "心肺复苏急救",
    "Mental health in later life",
];
const THINGS: &[(&str, &str)] = &[
    ("休息座椅", "benches"),
    ("自行车棚", "a bicycle shelter"),
    ("无障碍坡道", "a wheelchair ramp"),
    ("宣传栏", "a notice board"),
    ("监控探头", "security cameras"),
    ("儿童游乐设施", "a playground"),
];

/// Fills a template: {y} {m} {q} {b} {n} {topic} {topic_en} {month_en}
/// {date} {amount} {amount2} {name} {name2} {phone} {health} {thing}
/// {thing_en}.
struct Fill<'a> {
    rng: &'a mut Rng,
    day: NaiveDate,
}

impl Fill<'_> {
    fn text(&mut self, tpl: &str) -> String {
        let (tz, te) = *self.rng.pick(TOPICS);
        let (th, the) = *self.rng.pick(THINGS);
        let mut out = String::with_capacity(tpl.len() + 32);
        let mut rest = tpl;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let Some(j) = rest[i..].find('}') else {
                out.push_str(&rest[i..]);
                rest = "";
                break;
            };
            let key = &rest[i + 1..i + j];
            let d = self.day;
            match key {
                "y" => out.push_str(&d.year().to_string()),
                "m" => out.push_str(&d.month().to_string()),
                "q" => out.push_str(&((d.month() - 1) / 3 + 1).to_string()),
                "b" => out.push_str(&self.rng.range(1, 36).to_string()),
                "n" => out.push_str(&self.rng.range(2, 180).to_string()),
                "topic" => out.push_str(tz),
                "topic_en" => out.push_str(te),
                "month_en" => out.push_str(MONTHS_EN[d.month0() as usize]),
                "date" => {
                    let later = d + Duration::days(self.rng.range(3, 40) as i64);
                    out.push_str(&later.format("%Y-%m-%d").to_string());
                }
                "amount" | "amount2" => out.push_str(
                    &Decimal::new(self.rng.range(50_000, 90_000_000) as i64, 2).to_string(),
                ),
                "name" | "name2" => out.push_str(&person(self.rng)),
                "phone" => out.push_str(&format!("010-6{:07}", self.rng.below(10_000_000))),
                "health" => {
                    let h = HEALTH[self.rng.below(HEALTH.len() as u64) as usize];
                    out.push_str(h)
                }
                "thing" => out.push_str(th),
                "thing_en" => out.push_str(the),
                _ => {
                    out.push('{');
                    out.push_str(key);
                    out.push('}');
                }
            }
            rest = &rest[i + j + 1..];
        }
        out.push_str(rest);
        out
    }

    /// Two to five sentences.
    fn body(&mut self) -> String {
        let n = self.rng.range(2, 5);
        let mut parts = vec![];
        for _ in 0..n {
            let t = *self.rng.pick(BODY);
            parts.push(self.text(t));
        }
        parts.join(if self.rng.pct(30) { "\n" } else { "" })
    }
}

fn person(rng: &mut Rng) -> String {
    if rng.pct(6) {
        rng.pick(EN_NAMES).to_string()
    } else {
        format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
    }
}

const BODY: &[&str] = &[
    "根据{y}年居民代表会议决议，{topic}工作于{date}启动。",
    "本次共涉及{n}户居民，预算金额¥{amount}元。",
    "如有疑问，请于{date}前向居委会办公室反映，电话{phone}。",
    "The works on {topic_en} start on {date}; residents of building {b} are asked to move their bicycles.",
    "经监督小组审核，相关票据已归档备查。",
    "Minutes of the meeting can be read at the office on weekdays, 9:00-17:00.",
    "{name}负责具体实施，监督小组成员{name2}全程参与。",
    "资金来源：上级拨款¥{amount}元，社区自筹¥{amount2}元。",
    "公示期内无异议的，按程序组织实施。",
    "Total cost {amount} yuan, of which {amount2} yuan from the district grant.",
    "第{b}号楼共{n}户签字同意，同意率超过三分之二。",
];

const TITLES: &[(Category, &[&str])] = &[
    (
        Category::Government,
        &[
            "{y}年第{q}季度居委会工作计划",
            "{y}年度工作目标完成情况（第{q}季度）",
            "关于{topic}的情况说明",
            "{y}年{m}月最低生活保障金发放名单",
            "优抚对象{m}月补助发放公示",
            "居委会成员分工调整公告",
            "关于开展{topic}工作的通知",
            "Committee work plan {y} Q{q}",
            "Notice on {topic_en}",
        ],
    ),
    (
        Category::Party,
        &[
            "党支部{m}月主题党日活动安排",
            "{y}年党费收缴情况公示",
            "党员发展对象公示（{y}年第{q}批）",
            "Party branch study session, {month_en} {y}",
        ],
    ),
    (
        Category::Service,
        &[
            "社区文化站{m}月活动安排",
            "健康讲座：{health}",
            "志愿服务时长公示（{y}年{m}月）",
            "社区食堂运营情况（{y}年{m}月）",
            "Volunteer schedule for {month_en} {y}",
            "{topic}意见征集",
        ],
    ),
    (
        Category::Workstation,
        &[
            "工作站{m}月服务事项办理情况",
            "便民服务事项清单（{y}年版）",
            "Service station opening hours, {month_en}",
        ],
    ),
    (
        Category::Other,
        &[
            "{b}号楼{topic}方案公示",
            "{topic}施工进度通报（第{n}期）",
            "{topic_en} pilot: results of the resident survey",
            "关于{topic}的居民议事会决议",
        ],
    ),
];

fn opinion_texts(k: OpinionKind) -> &'static [&'static str] {
    match k {
        OpinionKind::Question => &[
            "请问{m}月财务公开中办公费用一项具体是什么支出？",
            "{topic}什么时候开始？我们楼有老人行动不便。",
            "When will the {topic_en} at building {b} be finished?",
            "公开栏上的{topic}方案在哪里可以看到全文？",
        ],
        OpinionKind::Suggestion => &[
            "建议在{b}号楼前增加{thing}。",
            "Suggest adding {thing_en} near the activity room.",
            "希望{topic}工作能在周末也安排人员答疑。",
            "建议{topic}公示时附上施工图纸。",
        ],
        OpinionKind::ComplaintOmission => &[
            "{m}月的财务公开没有列出{topic}的支出明细。",
            "The notice about {topic_en} was never posted on the board.",
            "{topic}的招标结果没有公开。",
        ],
        OpinionKind::ComplaintUntrue => &[
            "公示的{topic}金额与实际施工内容不符。",
            "The allowance list includes a family who moved away in {y}.",
            "公开栏上的{topic}完成时间不真实，至今未完工。",
        ],
        OpinionKind::DisclosureRequest => &[
            "申请公开{topic}的预算和合同。",
            "Please disclose the {topic_en} contract and budget.",
            "申请公开{y}年{topic}资金使用情况。",
        ],
        OpinionKind::FileAccess => &[
            "申请查阅{y}年居民代表会议记录。",
            "I would like to read the {y} meeting minutes about {topic_en}.",
            "申请查阅{b}号楼{topic}档案。",
        ],
    }
}

const REPLY_EXPLAINED: &[&str] = &[
    "已向居民解释：{topic}按计划于{date}前完成。",
    "Explained by phone: the figures are in the {month_en} statement.",
    "经核实，相关明细已补充张贴于公开栏，已告知居民。",
    "感谢建议，已提交居委会会议研究，{date}前答复进展。",
];
const REPLY_DECLINED: &[&str] = &[
    "申请事项涉及个人隐私，不予公开，已说明理由。",
    "Declined: the contract is held by the district, not by this office.",
];
const REPLY_REFERRED: &[&str] = &[
    "该事项属街道办职责，已转街道办事处处理。",
    "Referred to the street office, which holds the contract.",
];

const FINDINGS: &[(Failing, &str, &str)] = &[
    (
        Failing::NotTimely,
        "{m}月财务公开晚于10日张贴。",
        "下月起于10日前张贴并拍照存档。",
    ),
    (
        Failing::NotSpecific,
        "{topic}公示只有总金额，没有明细。",
        "补充明细后重新公示。",
    ),
    (
        Failing::WithoutFeedback,
        "Two opinions about {topic_en} had no recorded reply.",
        "Reply in writing and log the replies.",
    ),
    (
        Failing::FilesNotSound,
        "公示照片未归档。",
        "补齐{y}年第{q}季度公示照片。",
    ),
    (
        Failing::NotSustained,
        "公开栏内容张贴不足10天即被覆盖。",
        "张贴期满10天后方可撤下。",
    ),
];

// ---------------------------------------------------------------- the clock

/// Working minutes per day (08:30–17:30).
const DAY: u64 = 540;

/// A clock of working minutes since a Monday morning; weekends skipped.
#[derive(Clone, Copy)]
struct Clock {
    start: NaiveDate,
}

impl Clock {
    fn date(&self, w: u64) -> NaiveDate {
        let d = w / DAY;
        self.start + Duration::days(((d / 5) * 7 + d % 5) as i64)
    }
    fn local(&self, w: u64) -> NaiveDateTime {
        let t = NaiveTime::from_hms_opt(8, 30, 0).unwrap_or_default()
            + Duration::minutes((w % DAY) as i64);
        self.date(w).and_time(t)
    }
    /// Beijing time → UTC.
    fn utc(&self, w: u64) -> DateTime<Utc> {
        (self.local(w) - Duration::hours(8)).and_utc()
    }
    /// The first working minute of the day of `date` (a weekend moves on).
    fn at_day(&self, date: NaiveDate) -> u64 {
        let days = (date - self.start).num_days().max(0) as u64;
        let (weeks, dow) = (days / 7, days % 7);
        (weeks * 5 + dow.min(5)) * DAY
    }
}

// ---------------------------------------------------------------- the office's life

struct Staff {
    clerks: Vec<Actor>,
    director: Actor,
    secretary: Actor,
    finance: Actor,
    supervisors: Vec<Actor>,
}

impl Staff {
    fn by_role(&self, r: Role, rng: &mut Rng) -> Actor {
        match r {
            Role::Clerk => rng.pick(&self.clerks).clone(),
            Role::Director => self.director.clone(),
            Role::Secretary => self.secretary.clone(),
            Role::Finance => self.finance.clone(),
            Role::Supervisor => rng.pick(&self.supervisors).clone(),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ItemStage {
    Drafted,
    Sign(usize),
    Submit,
    Review,
    Publish,
    Published,
}

struct ItemProc {
    id: String,
    fields: DraftFields,
    stage: ItemStage,
    revised: bool,
    must_revise: bool,
    returned: bool,
    roles: [Role; 3],
    planned: NaiveDate,
    drafter: Role,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum OpStage {
    Verify,
    Pause,
    Resume,
    Reply,
}

struct OpProc {
    id: String,
    kind: OpinionKind,
    routed: RouteTo,
    about: Option<String>,
    stage: OpStage,
    holds: bool,
    /// For a complaint that holds: the correction made for it.
    correction: Option<String>,
    /// Days the reply has waited for that correction to be published.
    waits: u32,
}

enum Task {
    Arrival,
    Statement(Period),
    Check(Period),
    BoxOpening,
    Item(ItemProc),
    Opinion(OpProc),
    Resolve { check: String, finding: u32 },
    Archive(String),
    Correct(String),
}

struct Life<'a> {
    spec: &'a OfficeSpec,
    rng: Rng,
    clock: Clock,
    staff: Staff,
    heap: BinaryHeap<Reverse<(u64, u64)>>,
    tasks: Vec<Option<Task>>,
    /// Published items in force (not superseded), for `about` and corrections.
    in_force: Vec<String>,
    first_statement: bool,
    /// Mean working minutes between arrivals.
    gap: u64,
    end: u64,
    target: u64,
    seq: u64,
    sum: GenSummary,
}

const END: (i32, u32, u32) = (2026, 10, 30);

/// Generates the log of one office in `store` (created, not initialised).
pub fn office_log(
    store: &mut Store,
    spec: &OfficeSpec,
    key: &OfficeKey,
    events: u64,
    seed: u64,
) -> Result<GenSummary> {
    let mut rng = Rng::new(seed ^ blake3_u64(spec.office.code.as_str()));
    // About a thousand events a year, over two to six years.
    let years = (events / 1000).clamp(2, 6) as i64;
    let end = NaiveDate::from_ymd_opt(END.0, END.1, END.2).unwrap_or_default();
    let mut start = end - Duration::days(365 * years);
    while start.weekday().num_days_from_monday() != 0 {
        start = start.succ_opt().unwrap_or(start);
    }
    let clock = Clock { start };
    let mut office = spec.office.clone();
    office.public_key = Some(key.public_hex());
    let t0 = clock.utc(0);
    let env = store.init(office, t0)?;
    let mut seq = env.seq;

    // Operators and settings on the first morning.
    let quarterly = rng.pct(20);
    let (staff, n) = store.batch(|b| {
        let mut n = 0;
        if let Some(p) = &spec.parent {
            n += b
                .execute(
                    &Actor::System,
                    &Command::RegisterOffice { office: p.clone() },
                    t0,
                )?
                .len() as u64;
        }
        let mut names: Vec<String> = vec![];
        let mut add = |role: Role| add_operator(b, &mut rng, &mut names, role, t0);
        let staff = Staff {
            clerks: vec![add(Role::Clerk)?, add(Role::Clerk)?],
            director: add(Role::Director)?,
            secretary: add(Role::Secretary)?,
            finance: add(Role::Finance)?,
            supervisors: vec![
                add(Role::Supervisor)?,
                add(Role::Supervisor)?,
                add(Role::Supervisor)?,
            ],
        };
        n += 8;
        if quarterly {
            n += b
                .execute(
                    &Actor::System,
                    &Command::ChangeSettings {
                        settings: Settings {
                            finance_frequency: Frequency::Quarterly,
                            ..Settings::default()
                        },
                    },
                    t0,
                )?
                .len() as u64;
        }
        Ok((staff, n))
    })?;
    seq += n;

    let end_w = clock.at_day(end);
    // Events that recur whatever the volume: statements, checks, boxes.
    let per_year = if quarterly { 4 * 9 } else { 12 * 9 } + 4 * 3 + 25 * 6;
    let recurring = per_year * years as u64;
    let arrivals = (events.saturating_sub(recurring + seq) / 4).max(1);
    let mut life = Life {
        spec,
        rng,
        clock,
        staff,
        heap: BinaryHeap::new(),
        tasks: vec![],
        in_force: vec![],
        first_statement: true,
        gap: (end_w / arrivals).max(1),
        end: end_w,
        target: events,
        seq,
        sum: GenSummary {
            offices: 1,
            ..Default::default()
        },
    };
    life.sum.events = seq;
    life.schedule(DAY, Task::Arrival);
    life.schedule(DAY * 3, Task::BoxOpening);
    // Statements after each period, checks after each quarter.
    let mut p = if quarterly {
        Period::quarter_of(start)
    } else {
        Period::month_of(start)
    };
    while p.end() < end {
        let w = clock.at_day(p.end() + Duration::days(1)) + DAY * life.rng.range(2, 5);
        life.schedule(w, Task::Statement(p));
        p = p.next();
    }
    let mut q = Period::quarter_of(start);
    while q.end() < end {
        let w = clock.at_day(q.end() + Duration::days(1)) + DAY * life.rng.range(5, 15);
        life.schedule(w, Task::Check(q));
        if !spec.targets.is_empty() {
            // A street inspects several of its communities each quarter.
            for _ in 0..(spec.targets.len() / 20).clamp(1, 25) {
                let w = w + life.rng.range(0, 20 * DAY);
                life.schedule(w, Task::Check(q));
            }
        }
        q = q.next();
    }

    while life.seq < life.target {
        let done = store.batch(|b| {
            for _ in 0..2000 {
                if life.seq >= life.target || !life.step(b)? {
                    return Ok(true);
                }
            }
            Ok(false)
        })?;
        if done {
            break;
        }
    }
    Ok(life.sum)
}

/// Adds an operator with a new name of the given role.
fn add_operator(
    b: &mut Batch<'_>,
    rng: &mut Rng,
    names: &mut Vec<String>,
    role: Role,
    now: DateTime<Utc>,
) -> std::result::Result<Actor, StoreError> {
    let mut name = person(rng);
    while names.contains(&name) {
        name = person(rng);
    }
    names.push(name.clone());
    let ev = b.execute(
        &Actor::System,
        &Command::AddOperator {
            name,
            role,
            pin_hash: None,
        },
        now,
    )?;
    ev.iter()
        .find_map(|e| match &e.body {
            EventBody::OperatorAdded { operator } => Some(Actor::Operator(operator.clone())),
            _ => None,
        })
        .ok_or_else(|| StoreError::Corrupt("no operator was added".into()))
}

fn blake3_u64(s: &str) -> u64 {
    let h = blake3::hash(s.as_bytes());
    let mut b = [0u8; 8];
    b.copy_from_slice(&h.as_bytes()[..8]);
    u64::from_le_bytes(b)
}

impl Life<'_> {
    fn schedule(&mut self, w: u64, t: Task) {
        let i = self.tasks.len() as u64;
        self.tasks.push(Some(t));
        self.heap.push(Reverse((w, i)));
    }

    fn fill(&mut self, w: u64) -> Fill<'_> {
        let day = self.clock.date(w);
        Fill {
            rng: &mut self.rng,
            day,
        }
    }

    /// Runs the next task; false when nothing is left to do.
    fn step(&mut self, b: &mut Batch<'_>) -> std::result::Result<bool, StoreError> {
        let Some(Reverse((w, i))) = self.heap.pop() else {
            return Ok(false);
        };
        let Some(task) = self.tasks.get_mut(i as usize).and_then(Option::take) else {
            return Ok(true);
        };
        match task {
            Task::Arrival => {
                if self.rng.pct(62) {
                    self.new_opinion(b, w, None)?;
                } else {
                    self.new_item(b, w)?;
                }
                let gap = self.rng.range(1, self.gap * 2);
                self.schedule(w + gap, Task::Arrival);
            }
            Task::BoxOpening => {
                self.box_opening(b, w)?;
                if w < self.end {
                    let next = w + DAY * self.rng.range(8, 12);
                    self.schedule(next, Task::BoxOpening);
                }
            }
            Task::Statement(p) => self.statement(b, w, p)?,
            Task::Check(p) => self.check(b, w, p)?,
            Task::Item(p) => self.item_step(b, w, p)?,
            Task::Opinion(p) => self.opinion_step(b, w, p)?,
            Task::Resolve { check, finding } => {
                let actor = self.staff.by_role(Role::Director, &mut self.rng);
                let note = self.fill(w).text("已整改：{topic}相关材料已补充公示。");
                let day = self.clock.date(w);
                self.exec(
                    b,
                    &actor,
                    Command::ResolveFinding {
                        check,
                        finding,
                        on: day,
                        note,
                    },
                    w,
                )?;
            }
            Task::Archive(id) => {
                let actor = self.staff.by_role(Role::Clerk, &mut self.rng);
                let day = self.clock.date(w);
                self.exec(b, &actor, Command::Archive { id, on: day }, w)?;
            }
            Task::Correct(id) => {
                self.correct(b, w, &id, None)?;
            }
        }
        Ok(true)
    }

    /// Runs a command; a refusal is counted (it means a generator bug).
    fn exec(
        &mut self,
        b: &mut Batch<'_>,
        actor: &Actor,
        cmd: Command,
        w: u64,
    ) -> std::result::Result<Option<Vec<Envelope>>, StoreError> {
        match b.execute(actor, &cmd, self.clock.utc(w)) {
            Ok(evs) => {
                if let Some(e) = evs.last() {
                    self.seq = e.seq;
                }
                self.sum.events += evs.len() as u64;
                for e in &evs {
                    match &e.body {
                        EventBody::DisclosureDrafted { .. } => self.sum.disclosures += 1,
                        EventBody::OpinionReceived { .. } => self.sum.opinions += 1,
                        EventBody::ReplyRecorded { .. } => self.sum.replies += 1,
                        EventBody::StatementDrafted { .. } => self.sum.statements += 1,
                        EventBody::CheckRecorded { .. } => self.sum.checks += 1,
                        _ => {}
                    }
                }
                Ok(Some(evs))
            }
            Err(StoreError::Domain(e)) => {
                self.sum.refused += 1;
                if self.sum.first_refusal.is_none() {
                    self.sum.first_refusal = Some(format!("{}: {e}", self.spec.office.code));
                }
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    fn item_fields(&mut self, w: u64, category: Category) -> DraftFields {
        let tpls = TITLES
            .iter()
            .find(|(c, _)| *c == category)
            .map(|(_, t)| *t)
            .unwrap_or(TITLES[0].1);
        let tpl = *self.rng.pick(tpls);
        let title = self.fill(w).text(tpl);
        let body = self.fill(w).body();
        let scope = match self.rng.weighted(&[80, 15, 5]) {
            0 => Scope::Public,
            1 => Scope::Residents,
            _ => Scope::Internal,
        };
        let mut forms = vec![Form::Board];
        for f in [
            Form::TouchScreen,
            Form::Meeting,
            Form::Website,
            Form::MailboxLeaflet,
        ] {
            if self.rng.pct(25) {
                forms.push(f);
            }
        }
        if scope == Scope::Internal {
            forms = vec![Form::Meeting];
        }
        let day = self.clock.date(w);
        let period = match self.rng.weighted(&[40, 30, 30]) {
            0 => Some(Period::month_of(day)),
            1 => Some(Period::quarter_of(day)),
            _ => None,
        };
        DraftFields {
            title,
            body,
            period,
            category,
            scope,
            forms,
            major: self.rng.pct(8),
            planned_on: Some(self.clock.date(w + DAY * self.rng.range(8, 15))),
            statement: None,
        }
    }

    fn start_item(&mut self, w: u64, id: String, fields: DraftFields, drafter: Role) {
        let mut roles = [Role::Secretary, Role::Director, Role::Finance];
        let k = self.rng.below(3) as usize;
        roles.swap(0, k);
        if self.rng.pct(50) {
            roles.swap(1, 2);
        }
        let planned = fields.planned_on.unwrap_or(self.clock.date(w + 10 * DAY));
        let next = w + self.rng.range(30, 3 * DAY);
        self.schedule(
            next,
            Task::Item(ItemProc {
                id,
                fields,
                stage: ItemStage::Drafted,
                revised: false,
                must_revise: false,
                returned: false,
                roles,
                planned,
                drafter,
            }),
        );
    }

    fn new_item(&mut self, b: &mut Batch<'_>, w: u64) -> std::result::Result<(), StoreError> {
        let category = match self.rng.weighted(&[35, 15, 25, 8, 17]) {
            0 => Category::Government,
            1 => Category::Party,
            2 => Category::Service,
            3 => Category::Workstation,
            _ => Category::Other,
        };
        let fields = self.item_fields(w, category);
        let role = *self
            .rng
            .pick(&[Role::Clerk, Role::Clerk, Role::Director, Role::Secretary]);
        let actor = self.staff.by_role(role, &mut self.rng);
        let basis = if self.rng.pct(60) {
            Basis::Statutory
        } else {
            Basis::Active
        };
        let cmd = Command::Draft {
            fields: fields.clone(),
            basis,
            request: None,
        };
        if let Some(evs) = self.exec(b, &actor, cmd, w)?
            && let Some(id) = drafted_id(&evs)
        {
            self.start_item(w, id, fields, role);
        }
        Ok(())
    }

    fn item_step(
        &mut self,
        b: &mut Batch<'_>,
        w: u64,
        mut p: ItemProc,
    ) -> std::result::Result<(), StoreError> {
        let day = self.clock.date(w);
        // Items drafted in the last weeks may still be on their way.
        let next_gap = |rng: &mut Rng| rng.range(20, 2 * DAY);
        match p.stage {
            ItemStage::Drafted => {
                if p.must_revise || (!p.revised && self.rng.pct(15)) {
                    p.must_revise = false;
                    p.revised = true;
                    let extra = self
                        .fill(w)
                        .text("补充说明：{topic}的具体安排见附件（第{n}页）。");
                    p.fields.body.push('\n');
                    p.fields.body.push_str(&extra);
                    let actor = self.staff.by_role(p.drafter, &mut self.rng);
                    let cmd = Command::Revise {
                        id: p.id.clone(),
                        fields: p.fields.clone(),
                    };
                    self.exec(b, &actor, cmd, w)?;
                } else if self.rng.pct(3) {
                    // Left as a draft for good.
                    return Ok(());
                } else {
                    p.stage = ItemStage::Sign(0);
                }
            }
            ItemStage::Sign(k) => {
                let actor = self.staff.by_role(p.roles[k], &mut self.rng);
                self.exec(b, &actor, Command::Sign { id: p.id.clone() }, w)?;
                p.stage = if k == 2 {
                    ItemStage::Submit
                } else {
                    ItemStage::Sign(k + 1)
                };
            }
            ItemStage::Submit => {
                // Most are submitted 5+ working days ahead; some late.
                let lead = if self.rng.pct(12) {
                    self.rng.range(1, 4)
                } else {
                    self.rng.range(6, 10)
                };
                p.planned = self.clock.date(w + lead * DAY);
                let actor = self.staff.by_role(p.drafter, &mut self.rng);
                let cmd = Command::Submit {
                    id: p.id.clone(),
                    on: day,
                    planned_on: Some(p.planned),
                };
                self.exec(b, &actor, cmd, w)?;
                p.stage = ItemStage::Review;
                let next = w + self.rng.range(DAY / 2, 3 * DAY);
                self.schedule(next, Task::Item(p));
                return Ok(());
            }
            ItemStage::Review => {
                let actor = self.staff.by_role(Role::Supervisor, &mut self.rng);
                if !p.returned && self.rng.pct(12) {
                    p.returned = true;
                    let amendments = self.fill(w).text("请补充{topic}的资金明细和实施时间。");
                    let cmd = Command::Return {
                        id: p.id.clone(),
                        amendments,
                    };
                    self.exec(b, &actor, cmd, w)?;
                    // Revised as asked, then signed again.
                    p.must_revise = true;
                    p.stage = ItemStage::Drafted;
                    let next = w + self.rng.range(DAY, 3 * DAY);
                    self.schedule(next, Task::Item(p));
                    return Ok(());
                }
                let note = if self.rng.pct(50) {
                    "同意公开".to_string()
                } else {
                    String::new()
                };
                self.exec(
                    b,
                    &actor,
                    Command::Approve {
                        id: p.id.clone(),
                        note,
                    },
                    w,
                )?;
                p.stage = ItemStage::Publish;
                let at = self.clock.at_day(p.planned).max(w + 30) + self.rng.range(0, DAY / 2);
                self.schedule(at, Task::Item(p));
                return Ok(());
            }
            ItemStage::Publish => {
                let role = if p.drafter == Role::Finance {
                    Role::Director
                } else {
                    p.drafter
                };
                let actor = self.staff.by_role(role, &mut self.rng);
                let cmd = Command::Publish {
                    id: p.id.clone(),
                    on: day,
                    forms: None,
                    seal: self.spec.seal.clone(),
                };
                if self.exec(b, &actor, cmd, w)?.is_some() {
                    self.in_force.push(p.id.clone());
                    if self.rng.pct(3) {
                        let at = w + DAY * self.rng.range(10, 60);
                        self.schedule(at, Task::Correct(p.id.clone()));
                    } else if self.rng.pct(45) {
                        let at = w + DAY * self.rng.range(180, 400);
                        self.schedule(at, Task::Archive(p.id.clone()));
                    }
                }
                p.stage = ItemStage::Published;
                return Ok(());
            }
            ItemStage::Published => return Ok(()),
        }
        let next = w + next_gap(&mut self.rng);
        self.schedule(next, Task::Item(p));
        Ok(())
    }

    /// Drafts a correction of `old`; returns its id.
    fn correct(
        &mut self,
        b: &mut Batch<'_>,
        w: u64,
        old: &str,
        because: Option<&str>,
    ) -> std::result::Result<Option<String>, StoreError> {
        let Some(pos) = self.in_force.iter().position(|x| x == old) else {
            return Ok(None);
        };
        let category = *self
            .rng
            .pick(&[Category::Government, Category::Other, Category::Service]);
        let mut fields = self.item_fields(w, category);
        fields.title = format!("（更正）{}", fields.title);
        let explanation = match because {
            Some(o) => format!("经监督小组核实，居民意见 {o} 反映属实，原公示内容有误。"),
            None => self.fill(w).text("原公示中{topic}金额填写错误，现予更正。"),
        };
        let actor = self.staff.by_role(Role::Clerk, &mut self.rng);
        let cmd = Command::Correct {
            id: old.to_string(),
            fields: fields.clone(),
            explanation,
        };
        if let Some(evs) = self.exec(b, &actor, cmd, w)?
            && let Some(id) = drafted_id(&evs)
        {
            self.in_force.swap_remove(pos);
            self.start_item(w, id.clone(), fields, Role::Clerk);
            return Ok(Some(id));
        }
        Ok(None)
    }

    fn resident(&mut self) -> Option<Resident> {
        if self.rng.pct(25) {
            return None;
        }
        let name = person(&mut self.rng);
        let contact = self.rng.pct(60).then(|| {
            format!(
                "13{}{:08}",
                self.rng.range(0, 9),
                self.rng.below(100_000_000)
            )
        });
        let address = self.rng.pct(70).then(|| {
            if self.rng.pct(85) {
                format!(
                    "{}号楼{}单元{}室",
                    self.rng.range(1, 36),
                    self.rng.range(1, 6),
                    self.rng.range(101, 1802)
                )
            } else {
                format!(
                    "Bldg {}, Unit {}",
                    self.rng.range(1, 36),
                    self.rng.range(1, 6)
                )
            }
        });
        Some(Resident {
            name,
            contact,
            address,
        })
    }

    fn new_opinion(
        &mut self,
        b: &mut Batch<'_>,
        w: u64,
        box_opening: Option<String>,
    ) -> std::result::Result<(), StoreError> {
        let channel = if box_opening.is_some() {
            Channel::SuggestionBox
        } else {
            match self.rng.weighted(&[28, 30, 10, 8, 10, 14]) {
                0 => Channel::InPerson,
                1 => Channel::Phone,
                2 => Channel::Letter,
                3 => Channel::Email,
                4 => Channel::Meeting,
                _ => Channel::Hotline,
            }
        };
        let kind = match self.rng.weighted(&[30, 28, 8, 7, 15, 12]) {
            0 => OpinionKind::Question,
            1 => OpinionKind::Suggestion,
            2 => OpinionKind::ComplaintOmission,
            3 => OpinionKind::ComplaintUntrue,
            4 => OpinionKind::DisclosureRequest,
            _ => OpinionKind::FileAccess,
        };
        let about = if matches!(
            kind,
            OpinionKind::Question | OpinionKind::ComplaintOmission | OpinionKind::ComplaintUntrue
        ) && !self.in_force.is_empty()
            && self.rng.pct(70)
        {
            // Mostly about recent items.
            let n = self.in_force.len() as u64;
            let k = n - 1 - self.rng.below(n.min(30));
            Some(self.in_force[k as usize].clone())
        } else {
            None
        };
        let tpl = *self.rng.pick(opinion_texts(kind));
        let text = self.fill(w).text(tpl);
        let from = if box_opening.is_some() && self.rng.pct(70) {
            None
        } else {
            self.resident()
        };
        let day = self.clock.date(w);
        let spot = matches!(
            channel,
            Channel::InPerson | Channel::Phone | Channel::Hotline
        ) && matches!(kind, OpinionKind::Question | OpinionKind::Suggestion)
            && self.rng.pct(45);
        let on_the_spot = spot.then(|| {
            let tpl = *self.rng.pick(REPLY_EXPLAINED);
            ReplyDraft {
                replied_on: day,
                form: ReplyForm::OnTheSpot,
                text: self.fill(w).text(tpl),
                outcome: Outcome::Explained,
                correction: None,
                referred_to: None,
                public: false,
            }
        });
        let actor = if self.rng.pct(80) {
            self.staff.by_role(Role::Clerk, &mut self.rng)
        } else {
            self.staff.by_role(Role::Director, &mut self.rng)
        };
        let draft = OpinionDraft {
            received_at: self.clock.local(w),
            channel,
            from,
            kind,
            about: about.clone(),
            text,
            routed_to: None,
            box_opening,
        };
        let Some(evs) = self.exec(b, &actor, Command::LogOpinion { draft, on_the_spot }, w)? else {
            return Ok(());
        };
        if spot {
            return Ok(());
        }
        let Some((id, routed)) = evs.iter().find_map(|e| match &e.body {
            EventBody::OpinionReceived { opinion } => Some((opinion.id.clone(), opinion.routed_to)),
            _ => None,
        }) else {
            return Ok(());
        };
        // Some are never answered (most of those recent, so open or overdue).
        if self.rng.pct(4) {
            return Ok(());
        }
        let stage = if kind.is_complaint() {
            OpStage::Verify
        } else if self.rng.pct(8) {
            OpStage::Pause
        } else {
            OpStage::Reply
        };
        let delay = match stage {
            OpStage::Reply => self.reply_delay(),
            _ => DAY * self.rng.range(1, 4),
        };
        self.schedule(
            w + delay,
            Task::Opinion(OpProc {
                id,
                kind,
                routed,
                about,
                stage,
                holds: false,
                correction: None,
                waits: 0,
            }),
        );
        Ok(())
    }

    /// Working minutes until a reply: mostly within the 10 working days.
    fn reply_delay(&mut self) -> u64 {
        if self.rng.pct(12) {
            DAY * self.rng.range(11, 25)
        } else {
            self.rng.range(60, 9 * DAY)
        }
    }

    fn opinion_step(
        &mut self,
        b: &mut Batch<'_>,
        w: u64,
        mut p: OpProc,
    ) -> std::result::Result<(), StoreError> {
        let day = self.clock.date(w);
        match p.stage {
            OpStage::Verify => {
                let actor = self.staff.by_role(Role::Supervisor, &mut self.rng);
                // It can hold only where there is an item in force to
                // correct: a complaint that holds is answered with the
                // published correction.
                p.holds =
                    self.rng.pct(40) && p.about.as_ref().is_some_and(|a| self.in_force.contains(a));
                let note = if p.holds {
                    self.fill(w)
                        .text("经监督小组核实，反映情况属实（{topic}）。")
                } else {
                    "经核实，公开内容与票据一致，反映不属实。".to_string()
                };
                let cmd = Command::VerifyComplaint {
                    id: p.id.clone(),
                    holds: p.holds,
                    on: day,
                    note,
                };
                self.exec(b, &actor, cmd, w)?;
                if p.holds
                    && let Some(about) = p.about.clone()
                {
                    p.correction = self.correct(b, w, &about, Some(&p.id))?;
                }
                p.stage = OpStage::Reply;
                let next = w + self.reply_delay().min(6 * DAY);
                self.schedule(next, Task::Opinion(p));
            }
            OpStage::Pause => {
                let actor = self.staff.by_role(Role::Clerk, &mut self.rng);
                let cmd = Command::Pause {
                    id: p.id.clone(),
                    on: day,
                    reason: "等待居民补充材料 / waiting for the resident's documents".into(),
                };
                self.exec(b, &actor, cmd, w)?;
                p.stage = OpStage::Resume;
                let next = w + DAY * self.rng.range(2, 8);
                self.schedule(next, Task::Opinion(p));
            }
            OpStage::Resume => {
                let actor = self.staff.by_role(Role::Clerk, &mut self.rng);
                self.exec(
                    b,
                    &actor,
                    Command::Resume {
                        id: p.id.clone(),
                        on: day,
                    },
                    w,
                )?;
                p.stage = OpStage::Reply;
                let next = w + self.rng.range(60, 5 * DAY);
                self.schedule(next, Task::Opinion(p));
            }
            OpStage::Reply => self.reply(b, w, p)?,
        }
        Ok(())
    }

    fn reply(
        &mut self,
        b: &mut Batch<'_>,
        w: u64,
        p: OpProc,
    ) -> std::result::Result<(), StoreError> {
        if p.holds {
            match &p.correction {
                Some(c) if self.in_force.contains(c) => {}
                // Answered once the correction is published.
                Some(_) if p.waits < 60 => {
                    let mut p = p;
                    p.waits += 1;
                    self.schedule(w + DAY, Task::Opinion(p));
                    return Ok(());
                }
                _ => return Ok(()),
            }
        }
        let day = self.clock.date(w);
        let actor = if p.routed == RouteTo::SupervisionTeam {
            self.staff.by_role(Role::Supervisor, &mut self.rng)
        } else if self.rng.pct(70) {
            self.staff.by_role(Role::Clerk, &mut self.rng)
        } else {
            self.staff.by_role(Role::Director, &mut self.rng)
        };
        let has_parent = self.spec.parent.is_some();
        let mut granted = None;
        let (outcome, tpls): (Outcome, &[&str]) = if p.correction.is_some() {
            (Outcome::Corrected, REPLY_EXPLAINED)
        } else if p.kind == OpinionKind::DisclosureRequest {
            if self.rng.pct(65) {
                let category = *self.rng.pick(&[Category::Government, Category::Other]);
                granted = Some(self.item_fields(w, category));
                (Outcome::Granted, REPLY_EXPLAINED)
            } else {
                (Outcome::Declined, REPLY_DECLINED)
            }
        } else if p.kind == OpinionKind::FileAccess && self.rng.pct(30) {
            (Outcome::Declined, REPLY_DECLINED)
        } else if has_parent && self.rng.pct(4) {
            (Outcome::Referred, REPLY_REFERRED)
        } else {
            (Outcome::Explained, REPLY_EXPLAINED)
        };
        let tpl = *self.rng.pick(tpls);
        let text = if outcome == Outcome::Granted {
            "同意公开，已安排起草公开事项。".to_string()
        } else {
            self.fill(w).text(tpl)
        };
        let form = *self.rng.pick(&[
            ReplyForm::Written,
            ReplyForm::Phone,
            ReplyForm::Written,
            ReplyForm::PostedOnBoard,
            ReplyForm::Meeting,
        ]);
        let draft = ReplyDraft {
            replied_on: day,
            form,
            text,
            outcome,
            correction: p.correction.clone(),
            referred_to: None,
            public: self.rng.pct(20),
        };
        let cmd = Command::Reply {
            opinion: p.id.clone(),
            draft,
            granted: granted.clone(),
        };
        if let Some(evs) = self.exec(b, &actor, cmd, w)?
            && let (Some(id), Some(fields)) = (drafted_id(&evs), granted)
        {
            let role = actor.role().unwrap_or(Role::Clerk);
            let drafter = if role == Role::Supervisor {
                Role::Clerk
            } else {
                role
            };
            self.start_item(w, id, fields, drafter);
        }
        Ok(())
    }

    fn box_opening(&mut self, b: &mut Batch<'_>, w: u64) -> std::result::Result<(), StoreError> {
        let day = self.clock.date(w);
        let slips = *self.rng.pick(&[0u32, 1, 1, 2, 2, 3, 4]);
        let sup = self.staff.by_role(Role::Supervisor, &mut self.rng);
        let clerk = self.staff.by_role(Role::Clerk, &mut self.rng);
        let cmd = Command::OpenBox {
            opened_on: day,
            witnesses: vec![clerk.name().to_string(), sup.name().to_string()],
            slips,
        };
        let Some(evs) = self.exec(b, &clerk, cmd, w)? else {
            return Ok(());
        };
        let Some(id) = evs.iter().find_map(|e| match &e.body {
            EventBody::BoxOpened { opening } => Some(opening.id.clone()),
            _ => None,
        }) else {
            return Ok(());
        };
        for k in 0..slips as u64 {
            self.new_opinion(b, w + k, Some(id.clone()))?;
        }
        Ok(())
    }

    fn statement(
        &mut self,
        b: &mut Batch<'_>,
        w: u64,
        p: Period,
    ) -> std::result::Result<(), StoreError> {
        let months = match p {
            Period::Quarter { .. } => 3,
            _ => 1,
        };
        let mut lines = vec![];
        let income = [
            (
                LineCategory::Grant,
                "区财政办公经费拨款",
                800_000i64,
                3_000_000i64,
            ),
            (LineCategory::SelfRaised, "社区自筹资金", 0, 500_000),
            (
                LineCategory::Donation,
                "辖区单位捐赠 / donation from a local firm",
                0,
                300_000,
            ),
            (LineCategory::ServiceFee, "活动室场地服务费", 0, 120_000),
        ];
        let spend = [
            (
                LineCategory::Wages,
                "居委会成员工作补贴",
                600_000i64,
                1_800_000i64,
            ),
            (LineCategory::Office, "办公用品及打印耗材", 20_000, 300_000),
            (LineCategory::Telephone, "办公电话及网络费", 10_000, 80_000),
            (LineCategory::Relief, "困难家庭慰问金", 0, 400_000),
            (LineCategory::Projects, "社区项目支出", 0, 2_500_000),
            (LineCategory::Hospitality, "公务接待", 0, 60_000),
            (
                LineCategory::OtherExpenditure,
                "Other: repair of the notice board",
                0,
                50_000,
            ),
        ];
        for (cat, text, lo, hi) in income.iter().chain(spend.iter()) {
            let cents = self.rng.range(*lo as u64, *hi as u64) * months;
            if cents == 0 || (*lo == 0 && self.rng.pct(40)) {
                continue;
            }
            lines.push(Line {
                category: *cat,
                description: text.to_string(),
                amount: Decimal::new(cents as i64, 2),
            });
        }
        let opening_balance = if self.first_statement {
            Some(Decimal::new(self.rng.range(100_000, 5_000_000) as i64, 2))
        } else {
            None
        };
        let actor = self.staff.finance.clone();
        let cmd = Command::DraftStatement {
            period: p,
            lines: lines.clone(),
            opening_balance,
            supersedes: None,
        };
        let Some(evs) = self.exec(b, &actor, cmd, w)? else {
            return Ok(());
        };
        self.first_statement = false;
        let Some(sid) = evs.iter().find_map(|e| match &e.body {
            EventBody::StatementDrafted { statement } => Some(statement.id.clone()),
            _ => None,
        }) else {
            return Ok(());
        };
        if self.rng.pct(10) && !lines.is_empty() {
            let k = self.rng.below(lines.len() as u64) as usize;
            lines[k].amount += Decimal::new(self.rng.range(100, 50_000) as i64, 2);
            let cmd = Command::ReviseStatement {
                id: sid.clone(),
                lines,
                opening_balance,
            };
            self.exec(b, &actor, cmd, w)?;
        }
        let title = match p {
            Period::Quarter { year, quarter } => format!("{year}年第{quarter}季度财务收支公开"),
            Period::Month { year, month } => format!("{year}年{month}月财务收支公开"),
            other => format!("{other} 财务收支公开"),
        };
        let fields = DraftFields {
            title,
            body: self
                .fill(w)
                .text("本期收支明细见附表，票据经监督小组审核。Details in the attached statement; questions to the office, {phone}."),
            period: Some(p),
            category: Category::Finance,
            scope: if self.rng.pct(85) {
                Scope::Public
            } else {
                Scope::Residents
            },
            forms: vec![Form::Board, Form::TouchScreen],
            major: false,
            planned_on: Some(self.clock.date(w + 7 * DAY)),
            statement: Some(sid),
        };
        let cmd = Command::Draft {
            fields: fields.clone(),
            basis: Basis::Statutory,
            request: None,
        };
        if let Some(evs) = self.exec(b, &actor, cmd, w)?
            && let Some(id) = drafted_id(&evs)
        {
            self.start_item(w, id, fields, Role::Finance);
        }
        Ok(())
    }

    fn check(
        &mut self,
        b: &mut Batch<'_>,
        w: u64,
        p: Period,
    ) -> std::result::Result<(), StoreError> {
        let day = self.clock.date(w);
        let target = if self.spec.targets.is_empty() {
            None
        } else {
            Some(self.rng.pick(&self.spec.targets).clone())
        };
        let aspects: Vec<AspectResult> = Aspect::ALL
            .iter()
            .map(|a| {
                let ok = self.rng.pct(80);
                AspectResult {
                    aspect: *a,
                    ok,
                    note: if ok {
                        "符合要求".into()
                    } else {
                        "存在问题，见发现事项".into()
                    },
                }
            })
            .collect();
        let nf = *self.rng.pick(&[0u32, 0, 1, 1, 2, 3]);
        let mut findings = vec![];
        for n in 1..=nf {
            let (failing, desc, corr) = *self.rng.pick(FINDINGS);
            findings.push(Finding {
                n,
                failing: Some(failing),
                about: None,
                description: self.fill(w).text(desc),
                correction_required: self.fill(w).text(corr),
                deadline: day + Duration::days(self.rng.range(15, 30) as i64),
            });
        }
        let members: Vec<String> = self
            .staff
            .supervisors
            .iter()
            .map(|a| a.name().to_string())
            .collect();
        let actor = self.staff.by_role(Role::Supervisor, &mut self.rng);
        let cmd = Command::RecordCheck {
            target,
            period: p,
            checked_on: day,
            members,
            aspects,
            findings,
            summary: self
                .fill(w)
                .text("{y}年第{q}季度居务公开检查：总体规范，个别事项需整改。"),
        };
        let Some(evs) = self.exec(b, &actor, cmd, w)? else {
            return Ok(());
        };
        if let Some(id) = evs.iter().find_map(|e| match &e.body {
            EventBody::CheckRecorded { check } => Some(check.id.clone()),
            _ => None,
        }) {
            for n in 1..=nf {
                if self.rng.pct(80) {
                    let at = w + DAY * self.rng.range(5, 25);
                    self.schedule(
                        at,
                        Task::Resolve {
                            check: id.clone(),
                            finding: n,
                        },
                    );
                }
            }
        }
        Ok(())
    }
}

fn drafted_id(evs: &[Envelope]) -> Option<String> {
    evs.iter().find_map(|e| match &e.body {
        EventBody::DisclosureDrafted { id, .. } => Some(id.clone()),
        _ => None,
    })
}
