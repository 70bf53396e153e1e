//! What a draft forgot to change in what it copied: another place, another
//! level's self-reference, another 届次, an old year spoken of as the
//! present, the source's speaker.

use super::*;

/// The draft's own 届次: the one its title and its own sentences name most.
pub(super) fn draft_term(texts: &[&str]) -> Option<String> {
    let mut count: HashMap<String, usize> = HashMap::new();
    for t in texts {
        for (_, term) in terms(t) {
            *count.entry(term).or_default() += 1;
        }
    }
    count
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(t, _)| t)
}

/// The 届次 of 人大 bodies a text names (`十七届` in 县第十七届人大常委会),
/// with their byte ranges (the numeral and 届).
pub(super) fn terms(text: &str) -> Vec<(Range<usize>, String)> {
    const DIGITS: &str = "一二三四五六七八九十";
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        if !DIGITS.contains(chars[k].1) {
            k += 1;
            continue;
        }
        let start = k;
        while k < chars.len() && DIGITS.contains(chars[k].1) {
            k += 1;
        }
        if k < chars.len() && chars[k].1 == '届' {
            let end = chars[k].0 + '届'.len_utf8();
            let after = &text[end..];
            let body = ["人大", "人民代表大会", "常委会", "人民代表"]
                .iter()
                .any(|b| after.starts_with(b));
            if body {
                let numeral: String = chars[start..k].iter().map(|(_, c)| *c).collect();
                out.push((chars[start].0..end, format!("{numeral}届")));
            }
        }
        k += 1;
    }
    out
}

/// Words that tell a sentence speaks of the present.
pub(super) const PRESENT: &[&str] = &[
    "今年",
    "当前",
    "目前",
    "现在",
    "本年度",
    "今天",
    "当下",
    "眼下",
    "近期",
    "如今",
];

/// Offices a speaker may quote after 我.
pub(super) const OFFICES: &[&str] = &[
    "常委会主任",
    "副主任",
    "主任",
    "书记",
    "县长",
    "市长",
    "区长",
    "省长",
    "主席",
    "秘书长",
];

/// The speaker a source's title names (张三 in 张三同志在……上的讲话).
pub(super) fn speaker_of(title: &str) -> Option<String> {
    let (before, _) = title.split_once('在')?;
    let name = before.trim().trim_end_matches("同志").trim();
    let n = name.chars().count();
    let han = name.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    (han && (2..=4).contains(&n) && gazetteer().places(name).is_empty()).then(|| name.to_string())
}

/// Whether what follows a year says what that year is, as a speech says of
/// its own: `，是我区经济社会发展的关键一年`, `是全面贯彻…的开局之年`.
pub(super) fn states_its_year(after: &str) -> bool {
    let rest = after.trim_start_matches(['，', ',', ' ', '　']);
    let Some(rest) = rest.strip_prefix('是') else {
        return false;
    };
    let clause = rest
        .split(['。', '；', '！', '？', '，'])
        .next()
        .unwrap_or(rest);
    clause.ends_with("之年") || clause.ends_with("一年")
}

/// Whether byte range `r` of a sentence lies in its copied ranges.
pub(super) fn in_copied(copied: &[Range<usize>], r: &Range<usize>) -> bool {
    copied.iter().any(|c| c.start <= r.start && r.end <= c.end)
}

/// This year, by the system clock.
pub(super) fn this_year() -> u16 {
    let t = tantivy::time::OffsetDateTime::now_utc();
    u16::try_from(t.year()).unwrap_or(2026)
}

/// A self-reference: 我县, 本市, 全区 (not 全区域, 全市场, nor a list such as
/// 全省市县), or a body named by its level alone after a verb (按照区委,
/// 根据县人大常委会); with its level character's byte range, and whether
/// it is 我X / 本X (the speaker's own, whatever the level) rather than 全X
/// or a body (which may name a higher level's: 全省第一, 按照市委部署).
pub(super) fn self_references(text: &str) -> Vec<(Range<usize>, char, bool)> {
    static OWN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"[我本全](?P<own>[省市县区乡镇旗])",
            r"|(?:按照|根据|在|经|由|向|落实|贯彻)(?P<body>[省市县区乡镇旗])",
            r"(?:委|人大常委会|人大|人民政府|政府)"
        ))
        .expect("self-reference pattern")
    });
    const LEVEL_CHARS: &str = "国省市县区乡镇旗州";
    OWN.captures_iter(text)
        .filter_map(|c| {
            let m = c.name("own").or_else(|| c.name("body"))?;
            let ch = m.as_str().chars().next()?;
            let next = text[m.end()..].chars().next();
            // 全区域, 本市场, 全县域, 本乡本土 … and lists (全省市县).
            let word = next.is_some_and(|n| {
                LEVEL_CHARS.contains(n)
                    || "域场值".contains(n)
                    || ch == '乡' && "本土亲情愁音村".contains(n)
            });
            let mine = c.name("own").is_some() && text[..m.start()].ends_with(['我', '本']);
            (!word).then(|| (m.range(), ch, mine))
        })
        .collect()
}

/// The level a level character names, as a self-reference.
pub(super) fn level_of_char(c: char) -> Option<Level> {
    Some(match c {
        '省' => Level::Province,
        '市' => Level::City,
        '县' | '旗' => Level::County,
        '区' => Level::District,
        '乡' | '镇' => Level::Township,
        _ => return None,
    })
}

/// The level the draft's own sentences speak as: the level of their
/// self-references, when one has at least twice the count of any other.
pub(super) fn own_level(texts: &[&str]) -> Option<Level> {
    let mut count: HashMap<Level, usize> = HashMap::new();
    for t in texts {
        for (_, c, _) in self_references(t) {
            if let Some(l) = level_of_char(c) {
                *count.entry(l).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(Level, usize)> = count.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    match ranked.as_slice() {
        [(l, _)] => Some(*l),
        [(l, n), (_, m), ..] if *n >= 2 * m => Some(*l),
        _ => None,
    }
}

/// The one place the draft's own sentences name beside a self-reference
/// of its level, as the body speaking or the sentence's subject
/// (临洮县人大常委会召开会议，我县代表踊跃发言), when there is one; a place
/// named in passing (我县代表赴昆山市学习) is another's.
pub(super) fn own_place(texts: &[&str]) -> Option<String> {
    let mut found: Vec<String> = Vec::new();
    for t in texts {
        let levels: Vec<Level> = self_references(t)
            .into_iter()
            .filter_map(|(_, c, _)| level_of_char(c))
            .collect();
        let masked = crate::speech::date::mask_quoted(t);
        for p in gazetteer().places(&masked) {
            let before = masked[..p.range.start].trim_start_matches(['#', ' ', '　']);
            let stands = crate::speech::gazetteer::names_organ(&masked[p.range.end..])
                || before.is_empty()
                || before.ends_with(['，', '。', '；', '：']);
            if stands
                && p.level().is_some_and(|l| levels.contains(&l))
                && !found.contains(&p.region())
            {
                found.push(p.region());
            }
        }
    }
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// The level characters a draft uses for itself: its level's (县 and 旗
/// for a county, 乡 and 镇 for a township) and the last of its region's
/// name (昆山市, a county-level city, says 全市; an autonomous region 全区).
pub(super) struct OwnLevel {
    pub(super) chars: Vec<char>,
    pub(super) rank: u8,
}

/// How local a level is: a county and a district are of one rank.
pub(super) fn rank(level: Level) -> u8 {
    match level {
        Level::National => 0,
        Level::Province => 1,
        Level::City => 2,
        Level::County | Level::District => 3,
        Level::Township => 4,
    }
}

impl OwnLevel {
    pub(super) fn new(level: Option<Level>, region: Option<&str>) -> Option<Self> {
        let level = level?;
        let mut chars: Vec<char> = match level {
            Level::National => return None,
            Level::Province => vec!['省'],
            Level::City => vec!['市', '州', '盟'],
            Level::County => vec!['县', '旗'],
            Level::District => vec!['区'],
            Level::Township => vec!['乡', '镇'],
        };
        chars.extend(region.and_then(|r| r.chars().next_back()));
        Some(OwnLevel {
            chars,
            rank: rank(level),
        })
    }

    /// Whether a self-reference by level character `c` is another level's:
    /// 我区 / 本区 in a county's draft, or 全区 / 区委 — a higher level's
    /// (全省, 按照市委部署) may stand in any draft.
    pub(super) fn foreign(&self, c: char, mine: bool) -> bool {
        !self.chars.contains(&c) && (mine || level_of_char(c).is_some_and(|l| rank(l) >= self.rank))
    }
}

/// The leftovers of one copied sentence (see the module docs).
pub(super) fn leftovers_of(
    k: usize,
    s: &SentenceReport,
    source: &SourceRef,
    home: Option<&Home>,
    own_level: Option<&OwnLevel>,
    year: u16,
    term: Option<&str>,
) -> Vec<Leftover> {
    let g = gazetteer();
    let text = s.text.as_str();
    let mut out = Vec::new();
    let possible = home.is_none_or(|h| h.codes.is_empty());
    let mut push = |kind, range: Range<usize>| {
        // Each place it stands, once (a place found by two rules is one).
        let overlaps = |l: &Leftover| l.range.start < range.end && range.start < l.range.end;
        if in_copied(&s.copied, &range)
            && !out
                .iter()
                .any(|l: &Leftover| l.range == range || (l.kind == kind && overlaps(l)))
        {
            out.push(Leftover {
                kind,
                name: text[range.clone()].to_string(),
                sentence: k,
                range,
                source: source.clone(),
                possible: possible && kind == LeftoverKind::Place,
            });
        }
    };
    // Places.
    let source_codes: Vec<u32> = source
        .region
        .as_deref()
        .map(|r| g.resolve(r))
        .unwrap_or_default();
    let source_home = Home {
        codes: source_codes,
    };
    for place in g.places(text) {
        let codes = place.codes();
        let foreign = match home {
            Some(h) if !h.codes.is_empty() => !h.owns(&codes),
            // The draft's region unknown: the places that belong to the
            // source, its region or within it (not the province a county
            // lies in, which may be the draft's too).
            _ => codes
                .iter()
                .any(|&p| source_home.codes.iter().any(|&h| g.is_within(p, h))),
        };
        if foreign {
            push(LeftoverKind::Place, place.range.clone());
        }
    }
    // The source's region without its level character (安化 for 安化县).
    if let Some(r) = &source.region
        && r.chars().count() >= 3
        && r.ends_with(['县', '市', '区', '旗'])
    {
        let short = &r[..r.len() - 3];
        let codes = g.resolve(r);
        let foreign = home.is_none_or(|h| h.codes.is_empty() || !h.owns(&codes));
        if foreign {
            for (at, _) in text.match_indices(short) {
                let after = &text[at + short.len()..];
                // Not the start of the full name, found above.
                if !after.starts_with(['县', '市', '区', '旗']) {
                    push(LeftoverKind::Place, at..at + short.len());
                }
            }
        }
    }
    // Self-references of another level.
    if let Some(own) = own_level {
        for (range, c, mine) in self_references(text) {
            if own.foreign(c, mine) {
                // 我区, 全区, or the body with its level (区委).
                let start = text[..range.start]
                    .char_indices()
                    .next_back()
                    .filter(|(_, p)| "我本全".contains(*p))
                    .map_or(range.start, |(i, _)| i);
                let end = if start == range.start {
                    let rest = &text[range.end..];
                    range.end
                        + ["人大常委会", "人民政府", "人大", "政府", "委"]
                            .iter()
                            .find(|b| rest.starts_with(**b))
                            .map_or(0, |b| b.len())
                } else {
                    range.end
                };
                push(LeftoverKind::Level, start..end);
            }
        }
    }
    // 届次.
    if let Some(own) = term {
        for (range, t) in terms(text) {
            if t != own {
                push(LeftoverKind::Term, range);
            }
        }
    }
    // Years, in a sentence about the present, or stated as the present
    // (2009年，是我区…关键一年).
    // Read folded: ２００９年 is 2009年.
    let about_present = PRESENT.iter().any(|w| text.contains(w));
    let folded = crate::text::Folded::new(text);
    for (date, range) in crate::speech::date::find_dates(&folded.text) {
        if date.year < year && (about_present || states_its_year(&folded.text[range.end..])) {
            push(LeftoverKind::Year, folded.original(range));
        }
    }
    // The source's speaker.
    if let Some(name) = speaker_of(&source.title) {
        for (at, _) in text.match_indices(name.as_str()) {
            push(LeftoverKind::Speaker, at..at + name.len());
        }
    }
    for (at, _) in text.match_indices('我') {
        let after = &text[at..];
        let window: String = after.chars().take(16).collect();
        for office in OFFICES {
            if let Some(o) = window.find(office) {
                // The 我 sentence and the office, up to it.
                let end = at + o + office.len();
                if window[..o].contains("作为") || window[..o].contains('是') {
                    push(LeftoverKind::Speaker, at..end);
                }
                break;
            }
        }
    }
    out.sort_by_key(|l| l.range.start);
    out
}
