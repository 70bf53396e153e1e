//! Dates: the day a speech was given (or a document adopted), as its text
//! states it.
//!
//! A date is read only where a text states one as its own: a line of its
//! own near the title or at the end (`（2023年3月15日）`, `时间：2022年03月08日`,
//! `二〇二三年十二月二十八日`, `2021-03-05`, `2021.3.5`), a report's front line
//! (`——2024年2月6日在…会议上`), a bracketed date right after the title, a
//! meeting named with its date, a news lead that opens with its date
//! (`2021年10月25日，秀英区人大常委会召开…`). A site's post stamp, a numeric
//! date with a clock time (`2022-04-17 17:34:07`), is the page's
//! publication date, weaker than any date the text writes: it counts only
//! when the text states none. Numbers that are no dates never count:
//! 十九届, 二十大, 第十四个五年 hold no year, and a year inside 《…》 is a
//! law's, not the speech's.
//!
//! Without such a line, what a speech says about its own current year is
//! evidence ([`stated_year`]): `2023年是…开局之年`, `2024年工作安排`,
//! `今年是2023年`, a work report's `2023年工作回顾` (a report reviews the
//! year before the one it is delivered in), a budget's year
//! (`2011年县级收支预算`; `2010年预算执行情况` is reported in 2011): a meeting
//! of `1月13日至16日` takes its year from them.

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Serialize, Serializer};

/// A date as precise as the text states it: a year, a month, a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Date {
    pub fn year(year: u16) -> Self {
        Self {
            year,
            month: None,
            day: None,
        }
    }

    /// A date from its parts, `None` unless they make one (a year from
    /// 1900 to 2100, a month 1–12, a day that month has: no 2月30日, and
    /// 2月29日 only in a leap year; a day needs a month).
    pub fn new(year: u16, month: Option<u8>, day: Option<u8>) -> Option<Self> {
        let ok = plausible_year(year)
            && month.is_none_or(|m| (1..=12).contains(&m))
            && day.is_none_or(|d| month.is_some_and(|m| (1..=days_in(year, m)).contains(&d)));
        ok.then_some(Self { year, month, day })
    }

    /// How many parts are known: 1 (year), 2 (month) or 3 (day).
    pub fn precision(&self) -> u8 {
        1 + u8::from(self.month.is_some()) + u8::from(self.day.is_some())
    }

    /// Whether `other` says the same as this date, as far as this one goes
    /// (2023 agrees with 2023-03-15; 2023-04 does not).
    pub fn agrees_with(&self, other: &Date) -> bool {
        self.year == other.year
            && self.month.is_none_or(|m| other.month == Some(m))
            && self.day.is_none_or(|d| other.day == Some(d))
    }
}

/// How many days `month` (1–12) of `year` has.
fn days_in(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A date renda cannot read (as given).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a date: '{0}' (use YYYY-MM-DD, YYYY-MM or YYYY)")]
pub struct NotADate(pub String);

impl FromStr for Date {
    type Err = NotADate;

    /// `2023-03-15`, `2023-3`, `2023`, `2023/3/15`, `2023.3.15`,
    /// `2023年3月15日`, `二〇二三年三月`: the whole string must be the date.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let bad = || NotADate(s.to_string());
        if t.is_empty() {
            return Err(bad());
        }
        if let Some(d) = canonical(t) {
            return Ok(d);
        }
        general(t).ok_or_else(bad)
    }
}

/// A date in any of the forms [`Date`]'s `FromStr` reads.
fn general(t: &str) -> Option<Date> {
    if let Some((d, range)) = find_dates(t).into_iter().next()
        && range.start == 0
        && range.end == t.len()
    {
        return Some(d);
    }
    let parts: Vec<&str> = t.trim_end_matches('年').split(['-', '/', '.']).collect();
    let num = |p: &str| p.parse::<u16>().ok();
    match parts.as_slice() {
        [y] if y.len() == 4 => num(y).and_then(|y| Date::new(y, None, None)),
        [y, m] if y.len() == 4 => Date::new(num(y)?, num(m).map(|m| m as u8), None),
        [y, m, d] if y.len() == 4 => {
            Date::new(num(y)?, num(m).map(|m| m as u8), num(d).map(|d| d as u8))
        }
        _ => None,
    }
}

/// The form a date is written in by [`Date`]'s `Display` (`2023`,
/// `2023-03`, `2023-03-15`), the form the index stores, read without the
/// regular expressions of [`find_dates`].
fn canonical(t: &str) -> Option<Date> {
    let mut parts = t.split('-');
    let year = parts.next().filter(|y| y.len() == 4)?;
    let two = |p: Option<&str>| -> Option<Option<u8>> {
        match p {
            None => Some(None),
            Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => {
                p.parse().ok().map(Some)
            }
            Some(_) => None,
        }
    };
    if !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let month = two(parts.next())?;
    let day = two(parts.next())?;
    if parts.next().is_some() {
        return None;
    }
    Date::new(year.parse().ok()?, month, day)
}

pub(crate) fn plausible_year(y: u16) -> bool {
    (1900..=2100).contains(&y)
}

const CN_DIGIT: &str = "〇零○Ｏ一二三四五六七八九";

/// 二〇二三 → 2023 (one numeral per digit).
fn chinese_year(s: &str) -> Option<u16> {
    let mut y: u16 = 0;
    for c in s.chars() {
        y = y.checked_mul(10)?.checked_add(cn_digit(c)?)?;
    }
    Some(y)
}

fn cn_digit(c: char) -> Option<u16> {
    Some(match c {
        '〇' | '零' | '○' | 'Ｏ' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// 十二 → 12, 二十八 → 28, 三十一 → 31, 五 → 5.
fn chinese_number(s: &str) -> Option<u8> {
    let chars: Vec<char> = s.chars().collect();
    let d = |c: char| cn_digit(c).map(|v| v as u8);
    match chars.as_slice() {
        [a] if *a != '十' => d(*a),
        ['十'] => Some(10),
        ['十', b] => Some(10 + d(*b)?),
        [a, '十'] => Some(d(*a)? * 10),
        [a, '十', b] => Some(d(*a)? * 10 + d(*b)?),
        _ => None,
    }
}

/// Every written date: 2023年3月15日, 2023年3月, 二〇二三年十二月二十八日,
/// 2023-03-15, 2023.3.5, 2023/3/5. A year with no month counts only when
/// `years` (2023年, not part of a longer number, not 2021—2025年).
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let cn = format!("[{CN_DIGIT}]");
    Regex::new(&format!(
        concat!(
            r"(?P<y>[0-9]{{4}})\s*年\s*(?:(?P<m>[0-9]{{1,2}})\s*月\s*(?:(?P<d>[0-9]{{1,2}})\s*[日号])?)?",
            r"|(?P<cy>{cn}{{4}})\s*年\s*(?:(?P<cm>[一二三四五六七八九十]{{1,2}})\s*月\s*(?:(?P<cd>[一二三四五六七八九十]{{1,3}})\s*[日号])?)?",
            r"|(?P<ny>[0-9]{{4}})(?P<sep>[-/.．])(?P<nm>[0-9]{{1,2}})(?:[-/.．](?P<nd>[0-9]{{1,2}}))?"
        ),
        cn = cn
    ))
    .expect("date pattern")
});

/// The dates written in `text`, each with its byte range, in order. A bare
/// year (2023年) counts; numbers glued to other digits (12023年, 2023.456)
/// and the ends of ranges (2021—2025年, 2021-2025) do not.
pub fn find_dates(text: &str) -> Vec<(Date, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    for c in DATE.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        if before.is_some_and(|b| b.is_ascii_digit() || b == '.')
            || before.is_some_and(|b| matches!(b, '—' | '-' | '－' | '~' | '～' | '至' | '到'))
                && text[..m.start()]
                    .trim_end_matches(['—', '-', '－', '~', '～', '至', '到'])
                    .ends_with(|c: char| c.is_ascii_digit() || c == '年')
        {
            continue;
        }
        let date = if let Some(y) = c.name("y") {
            let y: u16 = y.as_str().parse().unwrap_or(0);
            let mo = c.name("m").and_then(|m| m.as_str().parse().ok());
            let d = c.name("d").and_then(|d| d.as_str().parse().ok());
            Date::new(y, mo, d)
        } else if let Some(y) = c.name("cy") {
            let Some(y) = chinese_year(y.as_str()) else {
                continue;
            };
            let mo = match c.name("cm") {
                Some(m) => match chinese_number(m.as_str()) {
                    Some(v) => Some(v),
                    None => continue,
                },
                None => None,
            };
            let d = match c.name("cd") {
                Some(d) => match chinese_number(d.as_str()) {
                    Some(v) => Some(v),
                    None => continue,
                },
                None => None,
            };
            Date::new(y, mo, d)
        } else {
            // 2021-03-05, 2021.3.5: digits with separators; not a decimal
            // number or a range.
            if after.is_some_and(|a| a.is_ascii_digit())
                || c.name("nd").is_none() && c.name("sep").is_some_and(|s| s.as_str() != "-")
            {
                continue;
            }
            let y: u16 = c["ny"].parse().unwrap_or(0);
            let mo: Option<u8> = c["nm"].parse().ok();
            let d: Option<u8> = c.name("nd").and_then(|d| d.as_str().parse().ok());
            // 2021-2025 is a range, not a month.
            if c.name("nd").is_none() && c["nm"].len() != 2 {
                continue;
            }
            Date::new(y, mo, d)
        };
        if let Some(date) = date {
            out.push((date, m.range()));
        }
    }
    out
}

/// `text` with every 《…》 blanked out (to the same length, so byte ranges
/// still hold): a year in a law's name is not the speech's.
pub fn mask_quoted(text: &str) -> String {
    static QUOTED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"《[^》]*》").expect("quoted pattern"));
    QUOTED
        .replace_all(text, |c: &regex::Captures| " ".repeat(c[0].len()))
        .into_owned()
}

/// Longest line read as a date line.
const DATE_LINE_MAX: usize = 90;

/// The date a line states as its own, when the line is a date line:
///
/// - it begins with the date, after a dash, a bracket or a label
///   (`（2023年3月15日）`, `——2024年2月6日在…会议上`, `时间：2022年03月08日`,
///   `2000年11月3日 北京市…会议通过`), and holds no sentence;
/// - or it ends with a date and is short (`县人大常委会 2023年3月15日`);
/// - or it is a title or subtitle with the date in brackets
///   (`在…会议上的讲话（2020年1月8日）`).
///
/// A date line names a month at least; a bare year is no date line
/// (`2023年` alone could be anything).
pub fn date_line(line: &str) -> Option<Date> {
    if is_publication_line(line) {
        return None;
    }
    let masked = mask_quoted(line);
    let line = masked.trim();
    // Length as read: a quoted name counts as one word.
    let len = line
        .split("  ")
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().count())
        .sum::<usize>();
    if line.is_empty() || len > DATE_LINE_MAX {
        return None;
    }
    // When a law takes effect (…起施行) is not when it was made.
    if line.trim_end_matches(['。', '）', ')']).ends_with("施行") {
        return None;
    }
    let inner_stop = line
        .trim_end_matches(['。', '.', '）', ')'])
        .contains(['。', '！', '？', '；']);
    let dates: Vec<_> = find_dates(line)
        .into_iter()
        .filter(|(d, _)| d.month.is_some())
        .collect();
    let (first, range) = dates.first()?.clone();
    // What stands before the first date: a dash, a bracket, a label.
    static LEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^[\s—－\-（(〔\[【]*(?:(?:时间|日期|讲话时间|会议时间)\s*[：:]\s*)?[（(〔\[【]?\s*$",
        )
        .expect("lead pattern")
    });
    if !inner_stop && LEAD.is_match(&line[..range.start]) {
        return Some(first);
    }
    // A date closing a short line (a signature, a bracketed date).
    let (last, last_range) = dates.last()?.clone();
    let tail = line[last_range.end..].trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '）' | ')' | '〕' | ']' | '】' | '。')
    });
    if tail.is_empty() && !inner_stop && line.chars().count() <= 40 {
        return Some(last);
    }
    // A bracketed date in a title or subtitle line.
    let before = &line[..range.start];
    if !inner_stop
        && before.ends_with(['（', '('])
        && !before.contains(['，', ','])
        && before.chars().count() <= 70
    {
        return Some(first);
    }
    None
}

/// The date of a title that opens a one-line text (a page saved without its
/// line breaks): `在…大会上的讲话（2020年1月8日）习近平同志们：…` — a
/// bracketed date before the text's first sentence or comma.
pub fn opening_date(line: &str) -> Option<Date> {
    let head: String = line.chars().take(DATE_LINE_MAX).collect();
    let head = mask_quoted(&head);
    let (d, range) = find_dates(&head)
        .into_iter()
        .find(|(d, _)| d.month.is_some())?;
    let before = &head[..range.start];
    (before.ends_with(['（', '('])
        && !before.contains(['，', ',', '。', '！', '？', '；', '：', ':']))
    .then_some(d)
}

/// The date a news lead opens with: `2021年10月25日，秀英区人大常委会召开…`,
/// `10月25日上午，…` has no year and is no date. A full date (a day at
/// least) at the start of the line, then at most a time of day, then a
/// comma or a space.
pub fn lead_date(line: &str) -> Option<Date> {
    static LEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:上午|下午|晚上|晚|早上|中午|凌晨|傍晚|上旬|中旬|下旬)?\s*[，,、\s]")
            .expect("lead pattern")
    });
    let line = line.trim_start();
    let (d, range) = find_dates(line).into_iter().next()?;
    (range.start == 0 && d.day.is_some() && LEAD.is_match(&line[range.end..])).then_some(d)
}

/// The dates a text gives for when and where it was said, in brackets
/// anywhere in it: `（2020年2月5日在中央全面依法治国委员会第三次会议上的讲话）`.
/// The date when they all fall in one year (the latest), else `None`.
pub fn occasion_date(text: &str) -> Option<Date> {
    static OCCASION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[（(]\s*([0-9]{4}\s*年[0-9]{1,2}\s*月[0-9]{1,2}\s*日)\s*(?:在|于)[^（）()]{2,60}[）)]")
            .expect("occasion pattern")
    });
    let dates: Vec<Date> = OCCASION
        .captures_iter(text)
        .filter_map(|c| find_dates(&c[1]).first().map(|(d, _)| *d))
        .collect();
    let first = dates.first()?;
    if dates.iter().any(|d| d.year != first.year) {
        return None;
    }
    dates.iter().max().copied()
}

/// A web page's publication line or value: `发布时间：2022-03-08 10:00`,
/// `2022年03月08日`, `来源：… 时间：2022-03-08`. The first date in it with a
/// month at least.
pub fn page_date(raw: &str) -> Option<Date> {
    find_dates(raw)
        .into_iter()
        .map(|(d, _)| d)
        .find(|d| d.month.is_some())
}

/// Whether a line is a page's publication line (发布时间：…, 发布日期：…,
/// 《人民日报》（2020年09月04日 02版）).
pub fn is_publication_line(line: &str) -> bool {
    publication_at(line).is_some()
}

/// The date of a publication line: the first after its label.
pub fn publication_date(line: &str) -> Option<Date> {
    page_date(&line[publication_at(line)?..])
}

fn publication_at(line: &str) -> Option<usize> {
    // A numeric date with a clock time (`2022-04-17 17:34:07`) is when a
    // site posted the page, not a date a speech writes.
    static PUB: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"(?:发布|发表|更新|录入|上传|刊发)(?:时间|日期)\s*[：:]",
            r"|《\s*[^》]{0,12}(?:报|刊|求是|杂志)\s*》\s*[（(]\s*[0-9]{4}\s*年",
            r"|(?:^|\s)[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}\s+[0-9]{1,2}:[0-9]{2}"
        ))
        .expect("pub pattern")
    });
    PUB.find(line).map(|m| m.start())
}

/// A date in a web address: `…/2023/06/02/…`, `…/20230602/…`,
/// `…/t20230602_…` (how news sites file their pages).
pub fn url_date(line: &str) -> Option<Date> {
    static URL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"https?://\S*?/(?:(?P<y>(?:19|20)[0-9]{2})/(?P<m>[01][0-9])/(?P<d>[0-3][0-9])/",
            r"|t?(?P<y2>(?:19|20)[0-9]{2})(?P<m2>[01][0-9])(?P<d2>[0-3][0-9])[_/.])"
        ))
        .expect("url date pattern")
    });
    let c = URL.captures(line)?;
    let (y, m, d) = match c.name("y") {
        Some(y) => (y, &c["m"], &c["d"]),
        None => (c.name("y2")?, &c["m2"], &c["d2"]),
    };
    Date::new(y.as_str().parse().ok()?, m.parse().ok(), d.parse().ok())
}

/// What a speech says about its own current year, weighed: `YYYY年是…之年`
/// and `今年是YYYY年`; `YYYY年工作安排 / 工作要点 / 工作任务 / 主要预期目标 /
/// 上半年 …`; a work report's `YYYY年工作回顾` (delivered the year after);
/// `YYYY年县级收支预算` (that year's), `YYYY年预算执行情况` (reported the
/// year after). `None` unless one year clearly leads.
pub fn stated_year<'a>(lines: impl IntoIterator<Item = &'a str>) -> Option<u16> {
    static STATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"(?P<y>[12][0-9]{3})\s*年度?\s*(?:",
            r"(?P<half>上半年|下半年|前三季度|第?[一二三四]季度)|(?P<plan>",
            r"(?:政府|经济社会发展|发展)?(?:的)?(?:主要|重点)?(?:工作)?(?:的)?(?:总体)?",
            r"(?:安排|要点|计划|任务|思路|部署|要求|预期目标|目标任务|目标))",
            r"|(?P<review>(?:政府)?工作回顾|工作总结)",
            r"|(?P<budget>\p{Han}{0,8}?预算(?P<exec>执行)?)",
            r"|(?P<is>是[^。，；！？]{2,40}?之年))",
            r"|今年是(?P<y2>[12][0-9]{3})\s*年"
        ))
        .expect("stated year pattern")
    });
    let mut score: std::collections::HashMap<u16, u32> = std::collections::HashMap::new();
    // Half-year statements (2023年上半年) count fully only for the latest
    // year the text talks about: a review of years past (1998年下半年, …
    // 2002年) speaks of another time than its own.
    let mut halves: Vec<u16> = Vec::new();
    let mut latest: u16 = 0;
    for line in lines {
        let masked = mask_quoted(line);
        for (d, r) in find_dates(&masked) {
            let before = masked[..r.start].chars().next_back();
            if !before.is_some_and(|b| matches!(b, '到' | '至')) {
                latest = latest.max(d.year);
            }
        }
        for c in STATED.captures_iter(&masked) {
            let m = c.get(0).expect("whole");
            // 2021—2025年工作安排 is a plan over years; 12023年 no year.
            let before = masked[..m.start()].chars().next_back();
            if before.is_some_and(|b| {
                b.is_ascii_digit() || matches!(b, '—' | '-' | '－' | '~' | '～' | '至' | '到' | '.')
            }) {
                continue;
            }
            // What a text reviews, adopts or drafts (审议…2024年度工作要点)
            // is a document, not the text's own year.
            let clause_start = masked[..m.start()]
                .rfind(['，', '。', '；', '：', '、', '\n'])
                .map_or(0, |i| {
                    i + masked[i..].chars().next().map_or(1, char::len_utf8)
                });
            let clause = &masked[clause_start..m.start()];
            if ([
                "审议",
                "通过",
                "讨论",
                "制定",
                "印发",
                "研究",
                "起草",
                "编制",
                "报告了",
            ]
            .iter()
            .any(|v| clause.contains(v))
                || masked[m.end()..].starts_with(['（', '(']))
                // A budget reviewed is the year's own budget.
                && c.name("budget").is_none()
            {
                continue;
            }
            let (y, weight) = if let Some(y) = c.name("y2") {
                (y.as_str().parse::<u16>().ok(), 3)
            } else {
                let y = c["y"].parse::<u16>().ok();
                // A year's budget is drafted in that year; its execution
                // is reported the year after, as a review is.
                if c.name("review").is_some() || c.name("exec").is_some() {
                    (y.map(|y| y + 1), 2)
                } else if c.name("half").is_some() {
                    halves.extend(y);
                    continue;
                } else if c.name("is").is_some() {
                    (y, 1)
                } else {
                    (y, 2)
                }
            };
            if let Some(y) = y.filter(|y| plausible_year(*y)) {
                *score.entry(y).or_default() += weight;
            }
        }
    }
    for y in halves.into_iter().filter(|y| plausible_year(*y)) {
        *score.entry(y).or_default() += if y >= latest { 2 } else { 1 };
    }
    let mut ranked: Vec<(u16, u32)> = score.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
    match ranked.as_slice() {
        [(y, n)] if *n >= 2 => Some(*y),
        [(y, n), (_, m), ..] if *n >= 2 && *n >= 2 * m => Some(*y),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_one_its_month_has() {
        for (y, m, d) in [
            (2021, 2, 30),
            (2021, 2, 29),
            (2021, 4, 31),
            (1900, 2, 29),
            (2023, 11, 31),
        ] {
            assert_eq!(Date::new(y, Some(m), Some(d)), None, "{y}-{m}-{d}");
            assert!(format!("{y}-{m:02}-{d:02}").parse::<Date>().is_err());
        }
        for (y, m, d) in [
            (2020, 2, 29),
            (2000, 2, 29),
            (2021, 2, 28),
            (2021, 12, 31),
            (2021, 6, 30),
        ] {
            assert!(Date::new(y, Some(m), Some(d)).is_some(), "{y}-{m}-{d}");
            assert!(format!("{y}-{m:02}-{d:02}").parse::<Date>().is_ok());
        }
    }

    #[test]
    fn the_stored_form_reads_as_every_form_reads_it() {
        for year in [1900, 1949, 2023, 2100] {
            let mut dates = vec![Date::year(year)];
            for month in 1..=12u8 {
                dates.push(Date::new(year, Some(month), None).unwrap());
                for day in [1u8, 9, 10, 28, days_in(year, month)] {
                    dates.push(Date::new(year, Some(month), Some(day)).unwrap());
                }
            }
            for date in dates {
                let s = date.to_string();
                assert_eq!(canonical(&s), Some(date), "{s}");
                assert_eq!(general(&s), Some(date), "{s}");
            }
        }
        for s in [
            "2023-3",
            "2023-03-1",
            "20230",
            "2023-",
            "2023-03-15-01",
            "1899",
            "2023-13",
            "2023-02-32",
            "２０２３",
            "2023年",
            "二〇二三年",
        ] {
            assert_eq!(canonical(s), None, "{s}");
        }
        assert_eq!(d("2023-3"), Date::new(2023, Some(3), None).unwrap());
        assert_eq!(d("2023年"), Date::year(2023));
    }

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn display_and_parse() {
        assert_eq!(d("2023-03-15").to_string(), "2023-03-15");
        assert_eq!(d("2023-3").to_string(), "2023-03");
        assert_eq!(d("2023").to_string(), "2023");
        assert_eq!(d("2023年3月15日").to_string(), "2023-03-15");
        assert_eq!(d("二〇二三年十二月二十八日").to_string(), "2023-12-28");
        assert!("2023-13-01".parse::<Date>().is_err());
        assert!("abc".parse::<Date>().is_err());
        assert!("".parse::<Date>().is_err());
    }

    #[test]
    fn date_lines() {
        let cases = [
            ("（2023年3月15日）", "2023-03-15"),
            (
                "2020年12月28日在县第十六届人民代表大会第六次会议上",
                "2020-12-28",
            ),
            ("时间：2022年03月08日", "2022-03-08"),
            ("二〇二三年十二月二十八日", "2023-12-28"),
            ("二〇二〇年零月", ""),
            ("二零二一年三月五日", "2021-03-05"),
            ("2021-03-05", "2021-03-05"),
            ("2021.3.5", "2021-03-05"),
            (
                "——2024年2月6日在某县第十八届人民代表大会第三次会议上",
                "2024-02-06",
            ),
            ("某县人大常委会 2023年3月15日", "2023-03-15"),
            ("——在全县人大工作会议上的讲话（2023年3月1日）", "2023-03-01"),
            ("2023年", ""),
            ("十九届六中全会", ""),
            ("1.5亿元", ""),
            ("2021-2025", ""),
            ("2023年3月15日，县人大常委会召开会议。会议听取了报告。", ""),
        ];
        for (line, want) in cases {
            let got = date_line(line).map(|d| d.to_string()).unwrap_or_default();
            assert_eq!(got, want, "{line}");
        }
    }

    #[test]
    fn traps() {
        assert!(find_dates("党的二十大和十九届六中全会").is_empty());
        assert!(find_dates("第十四个五年规划").is_empty());
        assert!(find_dates("2021—2025年").is_empty());
        assert!(find_dates("2021年—2025年").len() == 1);
        assert_eq!(
            date_line("《中华人民共和国立法法（2015年3月15日修正）》"),
            None
        );
        assert_eq!(
            opening_date("在大会上的讲话（2020年1月8日）习近平同志们：在全党"),
            Some(d("2020-01-08"))
        );
        assert_eq!(opening_date("同志们：2020年1月8日，大会召开"), None);
        assert_eq!(
            lead_date("2021年10月25日,秀英区人大常委会召开第四十一次会议"),
            Some(d("2021-10-25"))
        );
        assert_eq!(
            lead_date("2021年10月25日上午，会议在区人大常委会会议室举行"),
            Some(d("2021-10-25"))
        );
        assert_eq!(lead_date("2021年，全区经济稳中有进"), None);
        assert_eq!(lead_date("2021年10月，全区经济稳中有进"), None);
        assert_eq!(lead_date("今年2021年10月25日，会议召开"), None);
    }

    #[test]
    fn stated_years() {
        assert_eq!(
            stated_year(["2023年是全面贯彻落实党的二十大精神的开局之年。"]),
            None,
            "one weak statement is not enough"
        );
        assert_eq!(
            stated_year([
                "2023年是全面贯彻落实党的二十大精神的开局之年。",
                "做好2023年工作安排。"
            ]),
            Some(2023)
        );
        assert_eq!(stated_year(["2024年工作安排"]), Some(2024));
        assert_eq!(stated_year(["今年是2022年，"]), Some(2022));
        assert_eq!(
            stated_year([
                "一、2024年工作回顾",
                "2024年是极不平凡的一年",
                "二、2025年经济社会发展总体要求和政策取向"
            ]),
            Some(2025)
        );
        assert_eq!(stated_year(["《2021年工作要点》"]), None);
        assert_eq!(stated_year(["2021—2025年工作安排"]), None);
        assert_eq!(stated_year(["十九届六中全会", "二十大"]), None);
    }

    #[test]
    fn urls_and_pages() {
        assert_eq!(
            url_date("[查看原文](https://tv.cctv.com/2023/06/02/VIDEW4Xtk.shtml)"),
            Some(d("2023-06-02"))
        );
        assert_eq!(
            url_date("http://www.npc.gov.cn/c2/c30834/202303/t20230315_4242.html"),
            Some(d("2023-03-15"))
        );
        assert_eq!(
            page_date("发布时间：2022-03-08 10:00"),
            Some(d("2022-03-08"))
        );
        assert!(is_publication_line("发布时间：2022-03-08"));
        // A site's post stamp is a publication line, no date line.
        assert!(is_publication_line("2022-04-17 17:34:07 89"));
        assert_eq!(
            publication_date("2022-04-17 17:34:07 89"),
            Some(d("2022-04-17"))
        );
        assert_eq!(date_line("2022-04-17 17:34:07 89"), None);
        assert_eq!(date_line("2022-04-17"), Some(d("2022-04-17")));
        assert!(!is_publication_line("时间：2022-03-08"));
        assert!(is_publication_line(
            "《 人民日报 》（ 2020年02月24日 02 版）"
        ));
        assert_eq!(
            occasion_date("要依法防控。（2020年2月5日在中央全面依法治国委员会第三次会议上的讲话）"),
            Some(d("2020-02-05"))
        );
    }
}
