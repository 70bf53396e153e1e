//! Metadata: each speech's level, year, date and region, and where each
//! came from.
//!
//! Precedence, field by field: a row of the corpus's `metadata.csv` > the
//! folder and file names > the text > (for the date only) a web page's
//! publication date > unknown (`None`). A wrong confident answer is worse
//! than none, so the text rules only answer when the evidence is clear:
//!
//! - **level** — a place of the gazetteer ([`super::gazetteer`]) that names
//!   the speaking body in the title (昆山市人大常委会: a county-level city, so
//!   county); else 全X; else the most local place the title names; else the
//!   speaker line (我代表…人大常委会, 代表国务院); else the body's
//!   self-references weighed (我县/本县, 全县, 县人大常委会, 县十七届…). A
//!   county speech that mentions the city still reads as a county. 自治区 is
//!   a province, never a district, and in a text that names one, 全区/我区
//!   count for nothing. Lists such as 省市县委 name no level.
//! - **date** and **year** — see [`super::date`]: a date line, a meeting
//!   named with its date, what the text says of its own year; the year is
//!   the date's. Never guessed from context (十九届六中全会 is no year).
//! - **region** — the gazetteer place of the title, else the place of the
//!   body the opening speaks for (我受杭州市余杭区人民代表大会常务委员会的委托,
//!   在临洮县第十八届人民代表大会第四次会议上, a news lead's organiser:
//!   2021年10月25日，海口市秀英区人大常委会召开…), or a folder named by one.
//!   Always a gazetteer name; anonymised names (X县, **市) are no region.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::date::{self, Date};
use super::gazetteer::{self, Place, gazetteer};
use super::labels::{LabelName, Labels};
use super::structure::Body;

pub use super::level::{Level, level_and_label};
pub use super::metadata_csv::{
    LabelUpdate, MetadataError, MetadataRow, MetadataTable, MetadataWarning,
};

/// Where a metadata field came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A row of `metadata.csv`.
    Metadata,
    /// The folder or file name.
    Path,
    /// The speech's own text.
    Text,
    /// A saved web page's own metadata: its `<title>`, and its publication
    /// line (发布时间：…) or address, used only when nothing else states a
    /// date.
    Page,
}

/// Where each field of a speech's metadata came from (`None`: unknown).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Sources {
    pub title: Option<Source>,
    pub level: Option<Source>,
    pub year: Option<Source>,
    /// Where the date came from (`year` says where its year was decided;
    /// a more precise date that agrees with it may come from further down).
    pub date: Option<Source>,
    pub region: Option<Source>,
}

impl Sources {
    /// Where the label `name` came from.
    pub fn of(&self, name: LabelName) -> Option<Source> {
        match name {
            LabelName::Title => self.title,
            LabelName::Level => self.level,
            LabelName::Year => self.year,
            LabelName::Date => self.date,
            LabelName::Region => self.region,
        }
    }
}

/// The metadata decided for one speech: its labels and where each came
/// from.
#[derive(Debug, Clone, Default)]
pub struct Decided {
    pub labels: Labels,
    pub sources: Sources,
}

/// What is known of a speech beyond its kept text: a web page's `<title>`,
/// its raw publication string (`发布时间：2022-03-08 10:00`, from the page's
/// own markup), and the lines the cleaner dropped (a page's publication line
/// or address may stand among them).
#[derive(Debug, Clone, Copy, Default)]
pub struct PageInfo<'a> {
    pub title: Option<&'a str>,
    pub published: Option<&'a str>,
    pub removed: &'a [&'a str],
}

/// Decide a speech's title, level, year, date and region. A web page's
/// `<title>` comes after `metadata.csv` and the text's own title line,
/// before the file name.
pub fn label(rel: &str, row: Option<&MetadataRow>, body: &Body, page: PageInfo) -> Decided {
    let page_title = page.title;
    let row = row.cloned().unwrap_or_default();
    let mut sources = Sources::default();

    let stem = file_stem(rel);
    let title = if let Some(t) = row.title.clone() {
        sources.title = Some(Source::Metadata);
        t
    } else if let Some(t) = body.title_line.clone() {
        sources.title = Some(Source::Text);
        t
    } else if let Some(t) = page_title.filter(|t| !t.trim().is_empty()) {
        sources.title = Some(Source::Page);
        t.trim().to_string()
    } else {
        sources.title = Some(Source::Path);
        stem.to_string()
    };

    // The title as the text gives it, with its subtitle and date line.
    let heading_text: String = body
        .title_line
        .iter()
        .chain(body.front.iter())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    let body_text = body_text(body);

    let speaker = speaker_place(body);
    let level = pick(
        row.level,
        level_from_path(rel, speaker.as_ref()),
        level_from_text(
            &heading_text,
            speaker.as_ref(),
            &opening_text(body),
            &body_text,
        ),
        &mut sources.level,
    );
    let meta_date = row.date.or(row.year.map(Date::year));
    let (date, year) = decide_date(
        [
            (meta_date, Source::Metadata),
            (date_from_path(rel), Source::Path),
            (date_from_text(body), Source::Text),
            (date_from_page(page, body), Source::Page),
        ],
        &mut sources,
    );
    let region = pick(
        row.region,
        region_from_path(rel),
        region_in_name(&heading_text).or_else(|| speaker.map(|p| p.region())),
        &mut sources.region,
    );
    Decided {
        labels: Labels {
            title,
            level,
            year,
            date,
            region,
        },
        sources,
    }
}

/// The date from the first source that states one; a later source that
/// agrees with it and is more precise refines it (the path says 2023, the
/// text 2023-03-15). The year is the date's.
fn decide_date(
    found: [(Option<Date>, Source); 4],
    sources: &mut Sources,
) -> (Option<Date>, Option<u16>) {
    let mut it = found.iter().filter_map(|(d, s)| d.map(|d| (d, *s)));
    let Some((mut date, first)) = it.next() else {
        return (None, None);
    };
    sources.year = Some(first);
    sources.date = Some(first);
    for (d, s) in it {
        if d.precision() > date.precision() && date.agrees_with(&d) {
            date = d;
            sources.date = Some(s);
        }
    }
    (Some(date), Some(date.year))
}

/// The first answer in order of precedence, noting where it came from.
fn pick<T>(
    meta: Option<T>,
    path: Option<T>,
    text: Option<T>,
    src: &mut Option<Source>,
) -> Option<T> {
    let found = [
        (meta, Source::Metadata),
        (path, Source::Path),
        (text, Source::Text),
    ]
    .into_iter()
    .find(|(v, _)| v.is_some());
    found.and_then(|(v, s)| {
        *src = Some(s);
        v
    })
}

fn file_stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    }
}

/// The salutation and the first paragraphs, where a speaker says whom they
/// speak for.
fn opening_text(body: &Body) -> String {
    let mut s = body.salutation.clone().unwrap_or_default();
    for p in body.paragraphs.iter().take(3) {
        s.push('\n');
        s.push_str(&p.text);
    }
    s
}

fn body_text(body: &Body) -> String {
    let mut s = String::new();
    for line in body
        .salutation
        .iter()
        .chain(body.sections.iter().map(|s| &s.heading))
        .chain(body.paragraphs.iter().map(|p| &p.text))
    {
        s.push_str(line);
        s.push('\n');
    }
    s
}

// ---------------------------------------------------------------- level

/// Level characters; two of them side by side (省市县, 市县, 县乡) form a list.
const LEVEL_CHARS: &[char] = &['国', '省', '市', '县', '区', '州', '盟', '旗', '乡', '镇'];

/// Province-level municipalities.
const MUNICIPALITIES: &[&str] = &["北京市", "天津市", "上海市", "重庆市"];

/// Words in which a level character is no level: 城市, 社区, 乡村, ….
static NOT_A_LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"城市|超市|都市|上市|门市|菜市|夜市|股市|楼市|市场|市值|市面|",
        r"社区|地区|园区|景区|城区|片区|山区|牧区|辖区|误区|小区|特区|专区|街区|矿区|灾区|",
        r"库区|湖区|林区|老区|边区|禁区|盲区|雷区|厂区|校区|营区|分区|区域|区间|区别|区分|",
        r"试验区|实验区|开发区|保护区|示范区|名胜区|合作区|集聚区|度假区|产区|功能区|先行区|",
        r"高新区|保税区|自贸区|经济区|综合区|",
        r"城镇|集镇|小镇|乡村|乡土|家乡|故乡|城乡|下乡|老乡|异乡|返乡|还乡|乡亲|乡愁|乡贤|",
        r"州长|神州|九州|亚州|旗帜|国旗|红旗|党旗|旗下|旗舰|旗袍|升旗|锦旗|",
        r"联盟|同盟|盟友|加盟|结盟|盟约|镇压|镇定|坐镇|重镇|镇守|市民|市容|市政"
    ))
    .expect("not-a-level pattern")
});

fn level_of_char(c: char) -> Option<Level> {
    Some(match c {
        '国' => Level::National,
        '省' => Level::Province,
        '市' | '州' | '盟' => Level::City,
        '县' | '旗' => Level::County,
        '区' => Level::District,
        '乡' | '镇' => Level::Township,
        _ => return None,
    })
}

/// Mask what must not be read as a level: 自治区 (a province), words such as
/// 社区 and 城市, and lists such as 省市县委.
fn mask_levels(text: &str) -> String {
    let text = text
        .replace("自治区", "〓省")
        .replace("自治州", "〓州")
        .replace("自治县", "〓县");
    let text = NOT_A_LEVEL.replace_all(&text, |c: &regex::Captures| {
        "〓".repeat(c[0].chars().count())
    });
    // Lists: runs of two or more level characters.
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let is_level = |j: usize| chars.get(j).is_some_and(|c| LEVEL_CHARS.contains(c));
        let starts_own = i > 0 && matches!(chars[i - 1], '全' | '我' | '本');
        let in_list = is_level(i) && !starts_own && (is_level(i + 1) || (i > 0 && is_level(i - 1)));
        // 全国/我国 are words of their own, not lists (全国人大 is fine).
        out.push(if in_list && c != '国' { '〓' } else { c });
    }
    out
}

/// The level a title or file name names, if it names one clearly.
///
/// 全X (the speaker's own jurisdiction) wins; then the organ the name speaks
/// for (X区人大常委会, 上海市人民代表大会 — a municipality is a province);
/// then the most local place named (X市X区 is a district); last, a central
/// organ of the Party (在中央政治局常委会会议…时的讲话) is national.
pub fn level_in_name(name: &str) -> Option<Level> {
    level_in_name_for(name, None)
}

/// [`level_in_name`], where a body the name calls by its kind alone
/// (关于市人民政府向市人民代表大会常务委员会报告…, 在市人大常委会会议上的讲话)
/// is the speaker's when the text names it (`speaker`, see
/// [`speaker_place`]) and it is of that kind: 北京市 is a 市 that speaks as a
/// province, 昆山市 one that speaks as a county.
fn level_in_name_for(name: &str, speaker: Option<&Place>) -> Option<Level> {
    // What a name quotes (上海市实施《…全国人民代表大会…代表法》办法) is not
    // who speaks.
    static QUOTED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"《[^》]*》").expect("quoted pattern"));
    let unquoted = QUOTED.replace_all(name, "〓");
    let name = unquoted.as_ref();
    // A place of the gazetteer that names the body (昆山市人大常委会: a
    // county-level city, so county; 上海市人民代表大会: a municipality, so
    // province).
    // Whichever body the name names first speaks: 全国人大财经委原副主任委员、
    // 贵州省委原书记 is the national congress's news.
    let places = gazetteer().places(name);
    let national = ["全国人民代表大会", "全国人大", "国务院"]
        .iter()
        .filter_map(|w| name.find(w))
        .min();
    let organ = organ_place(name, &places).filter(|p| p.level().is_some());
    match (organ, national) {
        (Some(p), Some(n)) if p.range.start < n => return p.level(),
        (Some(p), None) => return p.level(),
        (_, Some(_)) => return Some(Level::National),
        (None, None) => {}
    }
    static OWN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[全我本]([省市县区镇乡旗])").expect("own pattern"));
    static ORGAN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"([省市县区镇乡旗州])(?:第?[一二三四五六七八九十]+届)?",
            r"(?:人民代表大会|人大|常委会|人民政府|政府|委员会|党委|委)"
        ))
        .expect("organ pattern")
    });
    let masked = mask_levels(name);
    if let Some(c) = OWN.captures(&masked) {
        return c[1].chars().next().and_then(level_of_char);
    }
    let level_at = |end: usize, c: char| {
        let place = &masked[..end];
        if MUNICIPALITIES.iter().any(|m| place.ends_with(m)) {
            Some(Level::Province)
        } else {
            level_of_char(c)
        }
    };
    let named_before = |start: usize| {
        masked[..start]
            .chars()
            .next_back()
            .is_some_and(|p| is_name_char(p) || p == '〓')
    };
    // A word such as 关于 or 在 before the body's kind is no place's name.
    let bare_before = |start: usize| {
        let before = &masked[..start];
        CALLED_BY_KIND.iter().any(|w| before.ends_with(w))
    };
    for c in ORGAN.captures_iter(&masked) {
        let m = c.get(1).expect("group 1");
        let ch = m.as_str().chars().next().unwrap_or(' ');
        if named_before(m.start()) {
            let speaker_of_kind = speaker
                .filter(|p| bare_before(m.start()) && p.name.ends_with(ch))
                .and_then(Place::level);
            return speaker_of_kind.or_else(|| level_at(m.end(), ch));
        }
    }
    if let Some(level) = most_local_place(&places).and_then(Place::level) {
        return Some(level);
    }
    // A municipality speaks as a province, unless one of its districts or
    // counties is named as the organ (上海市浦东新区人大常委会).
    if let Some(m) = MUNICIPALITIES.iter().find(|m| name.starts_with(**m)) {
        let rest = &name[m.len()..];
        let speaks = ["人民代表大会", "人大", "常委会", "人民政府", "政府", "委"];
        if speaks.iter().any(|o| rest.starts_with(o)) {
            return Some(Level::Province);
        }
        return match level_in_name(rest) {
            Some(l @ (Level::District | Level::County | Level::Township)) => Some(l),
            _ => Some(Level::Province),
        };
    }
    let mut most_local: Option<Level> = None;
    for (i, ch) in masked.char_indices() {
        if matches!(ch, '州' | '盟' | '国') || !named_before(i) {
            continue;
        }
        if let Some(level) = level_at(i + ch.len_utf8(), ch) {
            most_local = Some(most_local.map_or(level, |n| n.max(level)));
        }
    }
    static CENTRAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"中共中央|党中央|中央(?:政治局|委员会|全会|军委|[^，。；]{0,10}?(?:工作会议|领导小组))")
            .expect("central organ pattern")
    });
    most_local.or_else(|| CENTRAL.is_match(&masked).then_some(Level::National))
}

/// Words after which a level character is a body called by its kind (在市
/// 人大常委会 — the city's), not the end of a place's name (大同市).
const CALLED_BY_KIND: &[&str] = &[
    "关于", "在", "向", "对", "由", "经", "和", "与", "及", "把", "将", "为", "从", "给",
];

/// The first place of `places` (found in `text`) that names the body
/// speaking: 鼓楼区 in 南京市鼓楼区人大常委会.
fn organ_place<'p>(text: &str, places: &'p [Place]) -> Option<&'p Place> {
    places
        .iter()
        .find(|p| gazetteer::names_organ(&text[p.range.end..]))
}

/// The most local of `places` whose level is known (浦东新区 in
/// 上海市浦东新区…); the first of equals.
fn most_local_place(places: &[Place]) -> Option<&Place> {
    places
        .iter()
        .filter(|p| p.level().is_some())
        .fold(None, |best: Option<&Place>, p| match best {
            Some(b) if b.level() >= p.level() => Some(b),
            _ => Some(p),
        })
}

/// The place a title or name speaks for: the one that names the body,
/// else the most local one named. A name of the gazetteer only; what a
/// name quotes in 《…》 does not count.
pub fn place_in_name(name: &str) -> Option<Place> {
    let masked = date::mask_quoted(name);
    let places = gazetteer().places(&masked);
    organ_place(&masked, &places)
        .or_else(|| most_local_place(&places))
        .cloned()
}

/// The body a speech speaks for, as its opening says it, the place (with
/// the places it lies in, 杭州市余杭区) before the body:
///
/// - the speaker's mandate: 我代表昆山市人大常委会, 我受杭州市余杭区人民代表大会
///   常务委员会的委托, 向县第十七届人民代表大会报告, 在临洮县第十八届人民代表大会
///   第四次会议上;
/// - the organiser of the meeting a news lead reports, as the subject of
///   its clause: 2021年10月25日，海口市秀英区人大常委会召开第四十一次会议;
/// - the body that adopted a regulation, on its history line: 1996年10月17日
///   北京市第十届人民代表大会常务委员会第三十一次会议通过.
///
/// A body named otherwise (昆山市人大常委会介绍了经验) is another's.
fn speaker_place(body: &Body) -> Option<Place> {
    static ORGANISES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^(?:第?[一二三四五六七八九十]+届)?",
            r"(?:人民代表大会常务委员会|人民代表大会|人大常委会|人大|常委会)",
            r"(?:党组|主任会议)?[^，。；！？,;]{0,12}?(?:召开|举行|举办|组织召开|会议通过|会议批准)"
        ))
        .expect("organiser pattern")
    });
    // 在…第十八届人民代表大会第四次会议上: the congress the speech is given at.
    static AT_SESSION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^第?[一二三四五六七八九十]+届(?:人民代表大会|人大)(?:常务委员会|常委会)?",
            r"第[一二三四五六七八九十]+次(?:会议|全体会议)"
        ))
        .expect("session pattern")
    });
    let lines = body
        .front
        .iter()
        .chain(body.salutation.iter())
        .chain(body.paragraphs.iter().take(3).map(|p| &p.text));
    for line in lines {
        let masked = date::mask_quoted(line);
        let places = gazetteer().places(&masked);
        let found = places.iter().enumerate().find(|(k, p)| {
            let after = &masked[p.range.end..];
            if !gazetteer::names_organ(after) {
                return false;
            }
            // Back over the places it lies in, named right before it.
            let mut start = p.range.start;
            for q in places[..*k].iter().rev() {
                if q.range.end != start {
                    break;
                }
                start = q.range.start;
            }
            let before = masked[..start].trim_end();
            ["代表", "受", "向"].iter().any(|w| before.ends_with(w))
                || before.ends_with('在') && AT_SESSION.is_match(after)
                || (before.is_empty()
                    || before.ends_with(['，', ',', '。', '：', ':', '；', '日'])
                    || before.ends_with("上午")
                    || before.ends_with("下午"))
                    && ORGANISES.is_match(after)
        });
        if let Some((_, p)) = found {
            return Some(p.clone());
        }
    }
    None
}

fn is_name_char(c: char) -> bool {
    c.is_alphabetic() && !c.is_ascii_lowercase() || matches!(c, '*' | '＊' | 'X' | 'x' | 'Ｘ')
}

/// Level from the body's self-references, weighed; `None` unless one level
/// clearly leads.
fn level_from_text(
    title: &str,
    speaker: Option<&Place>,
    opening: &str,
    body: &str,
) -> Option<Level> {
    if let Some(l) = level_in_name_for(title, speaker) {
        return Some(l);
    }
    if let Some(l) = speaker.and_then(Place::level) {
        return Some(l);
    }
    // The State Council or the NPC speaking (我代表国务院，向大会报告).
    static NATIONAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"代表(?:第[一二三四五六七八九十]+届)?",
            r"(?:国务院|全国人民代表大会常务委员会|全国人大常委会)|受国务院(?:的)?委托"
        ))
        .expect("national speaker pattern")
    });
    if NATIONAL.is_match(opening) {
        return Some(Level::National);
    }
    static OWN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"([我本全])([省市县区镇乡旗])").expect("own pattern"));
    static BODY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"([省市县区镇乡旗州])(?:第?[一二三四五六七八九十]+届|人大常委会|人大|委)")
            .expect("body pattern")
    });
    let masked = mask_levels(body);
    let names_region = body.contains("自治区");
    let mut score: HashMap<Level, f32> = HashMap::new();
    // find_iter, not captures: it runs on the fast engine over long texts.
    for m in OWN.find_iter(&masked) {
        let mut chars = m.as_str().chars();
        let (Some(own), Some(level)) = (chars.next(), chars.next().and_then(level_of_char)) else {
            continue;
        };
        if names_region && level == Level::District {
            continue;
        }
        *score.entry(level).or_default() += if own == '全' { 2.0 } else { 3.0 };
    }
    for m in BODY.find_iter(&masked) {
        let text = m.as_str();
        let Some(level) = text.chars().next().and_then(level_of_char) else {
            continue;
        };
        let weight = if text.contains('届') {
            3.0
        } else if text.ends_with('委') {
            0.5
        } else {
            1.0
        };
        *score.entry(level).or_default() += weight;
    }
    let mut ranked: Vec<(Level, f32)> = score.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    match ranked.as_slice() {
        [(l, s)] if *s >= 2.0 => Some(*l),
        [(l, s), (_, t), ..] if *s >= 2.0 && *s >= 2.0 * t => Some(*l),
        _ => None,
    }
}

fn level_from_path(rel: &str, speaker: Option<&Place>) -> Option<Level> {
    let mut parts: Vec<&str> = rel.split('/').collect();
    let file = parts.pop()?;
    for dir in parts.iter().rev() {
        if let Ok(l) = dir.parse::<Level>() {
            return Some(l);
        }
        // A folder named by a place of the gazetteer: its level (昆山市/ is
        // a county-level city's).
        let named = gazetteer().named(dir);
        if let Some(first) = named.first()
            && named.iter().all(|d| d.level == first.level)
        {
            return Some(first.level);
        }
    }
    level_in_name_for(file_stem(file), speaker)
}

// ---------------------------------------------------------------- date

/// The one year a short text (a title) names, as a date as precise as the
/// text gives it; `None` when it names none or several years. A year in
/// 《…》 is a law's, not the speech's.
fn title_date(text: &str) -> Option<Date> {
    let masked = date::mask_quoted(text);
    let found = date::find_dates(&masked);
    // The title opens with its date (2025年政府工作报告), or names the
    // meeting it was given at by its date (在2023年全县人大工作会议上): not a
    // date it reports (决定…会议2024年3月5日在北京召开).
    let opens = found.first().is_some_and(|(_, r)| {
        let before = masked[..r.start].trim_start_matches(['#', ' ', '　']);
        before.is_empty() || before == "在" || (before.starts_with('在') && !before.contains('上'))
    });
    if !opens {
        return None;
    }
    let dates: Vec<Date> = found.into_iter().map(|(d, _)| d).collect();
    let first = dates.first()?;
    if dates.iter().any(|d| d.year != first.year) {
        return None;
    }
    dates.iter().max_by_key(|d| d.precision()).copied()
}

/// How many lines at the top and at the bottom of a speech are looked at
/// for a date line.
const DATE_LINES: usize = 3;

/// The date the text states, in this order: a date line at the top (the
/// front matter under the title, a bracketed date after the title, the
/// first lines; of several, as in a law's 通过 … 修正 history, the latest);
/// a date line at the end; the one year the title names (a meeting named
/// with its date); what the speech says about its own current year.
fn date_from_text(body: &Body) -> Option<Date> {
    let mut top: Vec<&str> = Vec::new();
    top.extend(body.front.iter().map(String::as_str));
    top.extend(body.title_line.as_deref());
    top.extend(body.salutation.as_deref());
    let mut found: Vec<Date> = top.iter().filter_map(|l| date::date_line(l)).collect();
    // The first lines, and a run of date lines however long (a law's
    // history: 通过, 修正, 修订).
    let mut misses = 0;
    for p in &body.paragraphs {
        match date::date_line(&p.text) {
            Some(d) => {
                found.push(d);
                misses = 0;
            }
            None => misses += 1,
        }
        if misses >= DATE_LINES {
            break;
        }
        top.push(&p.text);
    }
    if found.is_empty()
        && let Some(first) = top.iter().find(|l| !body.front.iter().any(|f| f == *l))
    {
        found.extend(date::opening_date(first));
    }
    // A news lead: 2021年10月25日，秀英区人大常委会召开….
    if found.is_empty()
        && let Some(first) = body.paragraphs.first()
    {
        found.extend(date::lead_date(&first.text));
    }
    if let Some(latest) = found.into_iter().max() {
        return Some(latest);
    }
    let tail = body.paragraphs.iter().rev().take(DATE_LINES);
    if let Some(d) = tail
        .filter(|p| p.text.chars().count() <= 40)
        .find_map(|p| date::date_line(&p.text))
    {
        return Some(d);
    }
    if let Some(d) = body.title_line.as_deref().and_then(title_date) {
        return Some(d);
    }
    if let Some(d) = date::occasion_date(&body_text(body)) {
        return Some(d);
    }
    let lines = body
        .title_line
        .iter()
        .chain(body.sections.iter().map(|s| &s.heading))
        .chain(body.paragraphs.iter().map(|p| &p.text))
        .map(String::as_str);
    date::stated_year(lines).map(Date::year)
}

/// A web page's publication date: the raw string the page reader found,
/// else a publication line (发布时间：…) in the text or among the dropped
/// lines, else a date in the page's address.
fn date_from_page(page: PageInfo, body: &Body) -> Option<Date> {
    if let Some(d) = page.published.and_then(date::page_date) {
        return Some(d);
    }
    let lines = || {
        body.front
            .iter()
            .map(String::as_str)
            .chain(body.paragraphs.iter().map(|p| p.text.as_str()))
            .chain(page.removed.iter().copied())
    };
    lines()
        .find_map(date::publication_date)
        .or_else(|| lines().find_map(date::url_date))
}

/// A date in the file name or a folder name: `2023-01-08`, `20230108`,
/// `2023年1月8日`, or a year, a run of exactly four digits (2023, 2023年),
/// not part of a longer run of letters and digits. The file name wins over
/// its folders; a name with two different years names none.
fn date_from_path(rel: &str) -> Option<Date> {
    let mut parts: Vec<&str> = rel.split('/').collect();
    if let Some(last) = parts.last_mut() {
        *last = file_stem(last);
    }
    parts.iter().rev().find_map(|part| {
        let mut dates: Vec<Date> = date::find_dates(part)
            .into_iter()
            .map(|(d, _)| d)
            .filter(|d| d.month.is_some())
            .collect();
        dates.extend(digit_runs(part).filter_map(|run| match run.len() {
            4 => Date::new(run.parse().ok()?, None, None),
            8 => {
                let (y, md) = run.split_at(4);
                let (m, d) = md.split_at(2);
                Date::new(y.parse().ok()?, m.parse().ok(), d.parse().ok())
            }
            _ => None,
        }));
        let first = *dates.first()?;
        if dates.iter().any(|d| d.year != first.year) {
            return None;
        }
        dates.into_iter().max_by_key(|d| d.precision())
    })
}

#[cfg(test)]
fn year_from_path(rel: &str) -> Option<u16> {
    date_from_path(rel).map(|d| d.year)
}

/// Runs of ASCII digits not touching ASCII letters.
fn digit_runs(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()))
}

// ---------------------------------------------------------------- region

/// A place name in a title: 临洮县 in 在临洮县人大代表培训班上的讲话 — always a
/// name of the gazetteer (qualified by its city when several share it:
/// 南京市鼓楼区), never anonymised (X县) or a fragment of the text.
pub fn region_in_name(text: &str) -> Option<String> {
    place_in_name(text).map(|p| p.region())
}

fn region_from_path(rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = rel.split('/').collect();
    let file = parts.pop()?;
    parts
        .iter()
        .rev()
        .find(|p| gazetteer().is_region(p))
        .map(|p| p.to_string())
        .or_else(|| region_in_name(file_stem(file)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_from_titles() {
        assert_eq!(
            level_in_name("在全市人大代表履职培训班上的讲话"),
            Some(Level::City)
        );
        assert_eq!(
            level_in_name("在X县人大代表暨人大工作者履职能力提升培训班上的讲话"),
            Some(Level::County)
        );
        assert_eq!(
            level_in_name("某市某区人大常委会工作报告"),
            Some(Level::District)
        );
        assert_eq!(
            level_in_name("在全县乡镇人大工作会议上的讲话"),
            Some(Level::County)
        );
        assert_eq!(
            level_in_name("上海市人民代表大会专门委员会工作条例"),
            Some(Level::Province)
        );
        assert_eq!(
            level_in_name("宁夏回族自治区人民代表大会常务委员会公告"),
            Some(Level::Province)
        );
        assert_eq!(
            level_in_name("在全省市县人大工作座谈会上的讲话"),
            Some(Level::Province)
        );
        assert_eq!(
            level_in_name("第十四届全国人民代表大会第三次会议关于政府工作报告的决议"),
            Some(Level::National)
        );
        assert_eq!(level_in_name("在社区工作会议上的讲话"), None);
        assert_eq!(
            level_in_name("上海市人民代表大会常务委员会关于促进和保障浦东新区改革开放的决定"),
            Some(Level::Province)
        );
        assert_eq!(
            level_in_name("洛阳市人民代表大会及其常务委员会地方立法程序规定"),
            Some(Level::City)
        );
        assert_eq!(level_in_name("廣州共產黨報告"), None);
        assert_eq!(
            level_in_name(
                "上海市实施《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》办法"
            ),
            Some(Level::Province)
        );
        assert_eq!(
            level_in_name("上海市区县和乡镇人民代表大会代表直接选举实施细则"),
            Some(Level::Province)
        );
        assert_eq!(
            level_in_name("上海市浦东新区人民代表大会常务委员会工作报告"),
            Some(Level::District)
        );
        assert_eq!(level_in_name("000_9a31da938358b013"), None);
        assert_eq!(
            level_in_name("高举中国特色社会主义伟大旗帜_为全面建设社会主义现代化国家而团结奋斗"),
            None
        );
    }

    #[test]
    fn a_body_called_by_its_kind_is_the_named_speaker_s() {
        let first = |text: &str| gazetteer().places(text).first().cloned();
        let last = |text: &str| gazetteer().places(text).last().cloned();
        let beijing = first("北京市第十届人民代表大会常务委员会");
        let kunshan = first("昆山市人大常委会");
        let gulou = last("南京市鼓楼区人大常委会");
        let rules = "关于市人民政府向市人民代表大会常务委员会报告重大事项的若干规定";
        assert_eq!(level_in_name(rules), Some(Level::City));
        assert_eq!(
            level_in_name_for(rules, beijing.as_ref()),
            Some(Level::Province)
        );
        let speech = "在市人大常委会第三次会议上的讲话";
        assert_eq!(
            level_in_name_for(speech, kunshan.as_ref()),
            Some(Level::County)
        );
        // A speaker of another kind says nothing of a 市.
        assert_eq!(level_in_name_for(speech, gulou.as_ref()), Some(Level::City));
        // A place the name names is its own: 大同市 ends in 同.
        assert_eq!(
            level_in_name_for("大同市人大常委会工作报告", beijing.as_ref()),
            Some(Level::City)
        );
        assert_eq!(
            level_in_name_for("在全市人大工作会议上的讲话", kunshan.as_ref()),
            Some(Level::City)
        );
    }

    #[test]
    fn a_central_organ_of_the_party_is_national_unless_a_body_is_named() {
        assert_eq!(
            level_in_name("在中央政治局常委会会议研究应对新型冠状病毒肺炎疫情工作时的讲话"),
            Some(Level::National)
        );
        assert_eq!(
            level_in_name("在中央人大工作会议上的讲话"),
            Some(Level::National)
        );
        assert_eq!(
            level_in_name("在市委学习贯彻中央人大工作会议精神会议上的讲话"),
            Some(Level::City)
        );
        assert_eq!(
            level_in_name("在全县学习贯彻党中央决策部署推进会上的讲话"),
            Some(Level::County)
        );
        assert_eq!(level_in_name("在中心工作会议上的讲话"), None);
    }

    #[test]
    fn zones_are_no_districts() {
        for zone in [
            "中国（重庆）自由贸易试验区条例",
            "泰山风景名胜区生态保护条例",
            "北京经济技术开发区条例",
            "中关村国家自主创新示范区条例",
            "宁波东钱湖旅游度假区条例",
            "烟台葡萄酒产区保护条例",
        ] {
            assert_eq!(level_in_name(zone), None, "{zone}");
        }
        assert_eq!(
            level_in_name("上海市浦东新区人民代表大会常务委员会工作报告"),
            Some(Level::District)
        );
    }

    #[test]
    fn levels_from_bodies() {
        let county =
            "全县人大工作取得成效。我县进入新时期。县人大常委会要加强监督。市人大常委会给予肯定。";
        assert_eq!(level_from_text("", None, "", county), Some(Level::County));
        // 自治区 is no district, and 全区 in its text counts for nothing.
        let city = "自治区党委高度重视。全区已经建成联络站。全市人大代表要履职。";
        assert_eq!(level_from_text("", None, "", city), Some(Level::City));
        // Lists name no level.
        assert_eq!(
            level_from_text("", None, "", "省市县委认真贯彻。省市县人大常委会要加强。"),
            None
        );
        // Too little to go on.
        assert_eq!(level_from_text("", None, "", "区委同意。"), None);
    }

    #[test]
    fn levels_from_paths() {
        assert_eq!(
            level_from_path("县级/2023/a.txt", None),
            Some(Level::County)
        );
        assert_eq!(
            level_from_path("county/2023/a.txt", None),
            Some(Level::County)
        );
        assert_eq!(
            level_from_path("District/a.txt", None),
            Some(Level::District)
        );
        assert_eq!(
            level_from_path("讲话/在全市人大工作会议上的讲话.docx", None),
            Some(Level::City)
        );
        assert_eq!(level_from_path("misc/a.txt", None), None);
        assert_eq!(
            level_from_path("江苏/昆山市/a.txt", None),
            Some(Level::County)
        );
        assert_eq!(
            level_from_path("兰州市/城关区/a.txt", None),
            Some(Level::District)
        );
        assert_eq!(level_from_path("兰州市/a.txt", None), Some(Level::City));
    }

    #[test]
    fn years() {
        assert_eq!(year_from_path("县级/2023/a.txt"), Some(2023));
        assert_eq!(
            year_from_path("2021年在全县人大会议上的讲话.txt"),
            Some(2021)
        );
        assert_eq!(
            year_from_path("xwlb__20221013_04_栗战书主持.txt"),
            Some(2022)
        );
        assert_eq!(year_from_path("xi2020__2020-01-08_31.txt"), Some(2020));
        assert_eq!(year_from_path("000_9a31da938358b013.txt"), None);
        assert_eq!(year_from_path("a2019b.txt"), None);
        assert_eq!(year_from_path("2019-2023年工作总结.txt"), None);
        assert_eq!(
            date_from_path("xi2020__2020-01-08_31.txt").map(|d| d.to_string()),
            Some("2020-01-08".into())
        );
        assert_eq!(
            date_from_path("lawrefbook__条例(2020-09-25).txt").map(|d| d.to_string()),
            Some("2020-09-25".into())
        );
        assert_eq!(title_date("十九届六中全会"), None);
        assert_eq!(title_date("《2015年修正》的说明"), None);
    }

    #[test]
    fn regions() {
        assert_eq!(
            region_in_name("在临洮县人大代表培训班上的讲话"),
            Some("临洮县".into())
        );
        assert_eq!(
            region_in_name("上海市人民代表大会专门委员会工作条例"),
            Some("上海市".into())
        );
        assert_eq!(region_in_name("在全市人大代表履职培训班上的讲话"), None);
        assert_eq!(region_in_name("在X县人大代表培训班上的讲话"), None);
        assert_eq!(
            region_in_name("关于市人民政府向市人民代表大会常务委员会报告重大事项的若干规定"),
            None
        );
        assert_eq!(
            region_from_path("县级/临洮县/2023/a.txt"),
            Some("临洮县".into())
        );
        assert_eq!(region_from_path("县级/2023/a.txt"), None);
    }
}
