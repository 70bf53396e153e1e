//! The parameters of a request (query string or form body), read into the
//! library's requests with the same names and meaning as the command
//! line's flags, and bounded: a bad one is a message for people, never a
//! panic or a server error.

use crate::i18n::Say;
use crate::i18n::msg;
use renda_core::search::{Filters, KeepUnknown, QueryError};
use renda_core::speech::Level;

/// Characters a query (or a region, section or file filter) may have.
pub const MAX_QUERY_CHARS: usize = 500;
/// Characters of a pasted paragraph (`similar`).
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Hits a page may ask for.
pub const MAX_LIMIT: usize = 200;
/// How far into the results a page may start: past the largest archive's
/// paragraphs, so that walking the pages reaches every phrasing (a page
/// past the end is empty and cheap).
pub const MAX_OFFSET: usize = 100_000_000;
/// Hits a page has unless it asks.
pub const DEFAULT_LIMIT: usize = 10;

/// A request parameter that cannot be used, said for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadParam(pub String);

impl From<QueryError> for BadParam {
    /// Said as the page's controls name things, not the command line's flags.
    fn from(e: QueryError) -> Self {
        BadParam(match e {
            QueryError::Years { since, until } => msg::serve_years(since, until),
            QueryError::YearOutside { year } => msg::serve_year_outside(year),
            other => other.say(crate::i18n::lang()),
        })
    }
}

/// The name=value pairs of a query string or form body, in order.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
    /// The names whose value, once decoded, is not UTF-8: asked for, such
    /// a value is a bad request, never searched as what a lossy decoding
    /// makes of it.
    not_utf8: Vec<String>,
}

impl Params {
    /// Parse `a=1&b=2` (percent-encoded, `+` as space).
    pub fn parse(raw: &[u8]) -> Params {
        let not_utf8 = raw
            .split(|&b| b == b'&')
            .filter_map(|pair| {
                let (name, value) = match pair.iter().position(|&b| b == b'=') {
                    Some(at) => (&pair[..at], &pair[at + 1..]),
                    None => (pair, &b""[..]),
                };
                (std::str::from_utf8(&percent_decoded(value)).is_err())
                    .then(|| String::from_utf8_lossy(&percent_decoded(name)).into_owned())
            })
            .collect();
        Params {
            pairs: form_urlencoded::parse(raw).into_owned().collect(),
            not_utf8,
        }
    }

    /// The pairs `pairs`, as a form's fields.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Params {
        Params {
            pairs,
            not_utf8: Vec::new(),
        }
    }

    /// Refuse a value of `name` that is not UTF-8.
    fn utf8(&self, name: &str) -> Result<(), BadParam> {
        if self.not_utf8.iter().any(|n| n == name) {
            Err(BadParam(msg::serve_bad_encoding(name)))
        } else {
            Ok(())
        }
    }

    /// The first non-blank value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .find(|v| !v.trim().is_empty())
    }

    /// Every value of `name`, each split at commas (`level=县,区&level=市`).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split([',', '，']))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// Every non-blank value of `name`, as given.
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A flag: present as `1`, `true`, `on` or `yes`.
    pub fn flag(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| {
            matches!(
                v.trim().to_ascii_lowercase().as_str(),
                "1" | "true" | "on" | "yes"
            )
        })
    }

    /// A text of at most `max` characters, trimmed; `None` when absent or blank.
    pub fn text(&self, name: &str, max: usize) -> Result<Option<String>, BadParam> {
        self.utf8(name)?;
        match self.get(name) {
            None => Ok(None),
            Some(v) if v.chars().count() > max => Err(BadParam(msg::serve_too_long(name, max))),
            Some(v) => Ok(Some(v.trim().to_string())),
        }
    }

    /// A number from 0 to `max`, or `default` when absent.
    pub fn number(&self, name: &str, default: usize, max: usize) -> Result<usize, BadParam> {
        self.utf8(name)?;
        match self.get(name) {
            None => Ok(default),
            Some(v) => match v.trim().parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                _ => Err(BadParam(msg::serve_bad_number(name, &short(v), max))),
            },
        }
    }

    /// A year from 1900 to 2100 (`2023` or `2023年`).
    pub fn year(&self, name: &str) -> Result<Option<u16>, BadParam> {
        self.utf8(name)?;
        match self.get(name) {
            None => Ok(None),
            Some(v) => match v.trim().trim_end_matches('年').parse::<u16>() {
                Ok(y) if (1900..=2100).contains(&y) => Ok(Some(y)),
                _ => Err(BadParam(msg::not_a_year_between(&short(v)))),
            },
        }
    }

    /// The filters, as the command line's filter flags give them, validated.
    pub fn filters(&self) -> Result<Filters, BadParam> {
        self.utf8("level")?;
        let mut levels = Vec::new();
        for name in self.all("level") {
            let level: Level = name.parse().map_err(|_| {
                BadParam(crate::i18n::speech::unknown_level(
                    crate::i18n::lang(),
                    &short(name),
                ))
            })?;
            if !levels.contains(&level) {
                levels.push(level);
            }
        }
        let asked = Filters {
            levels,
            year: self.year("year")?,
            since: self.year("since")?,
            until: self.year("until")?,
            region: self.text("region", MAX_QUERY_CHARS)?,
            section: self.text("section", MAX_QUERY_CHARS)?,
            file: self.text("file", MAX_QUERY_CHARS)?,
            include_unknown: self.keep_unknown(),
        };
        Ok(asked.validate()?)
    }

    /// The filters that can be read, each on its own, the others left
    /// unset: what a form shows back when some value is wrong.
    pub fn valid_filters(&self) -> Filters {
        let mut levels = Vec::new();
        for l in self.all("level").into_iter().filter_map(|n| n.parse().ok()) {
            if !levels.contains(&l) {
                levels.push(l);
            }
        }
        Filters {
            levels,
            year: self.year("year").ok().flatten(),
            since: self.year("since").ok().flatten(),
            until: self.year("until").ok().flatten(),
            region: self.text("region", MAX_QUERY_CHARS).ok().flatten(),
            section: self.text("section", MAX_QUERY_CHARS).ok().flatten(),
            file: self.text("file", MAX_QUERY_CHARS).ok().flatten(),
            include_unknown: self.keep_unknown(),
        }
    }

    /// Which unknown labels a search keeps: `include_unknown` is all of
    /// them, `include_unknown_year`, `_level` and `_region` one each.
    fn keep_unknown(&self) -> KeepUnknown {
        let all = self.flag("include_unknown");
        KeepUnknown {
            year: all || self.flag("include_unknown_year"),
            level: all || self.flag("include_unknown_level"),
            region: all || self.flag("include_unknown_region"),
        }
    }

    /// The query `q`, required.
    pub fn query(&self) -> Result<String, BadParam> {
        self.text("q", MAX_QUERY_CHARS)?
            .ok_or_else(|| BadParam(msg::serve_empty_query().to_string()))
    }

    /// `limit` and `offset` (a limit of 0 gives the count and no hits, as
    /// `renda search -n 0` does).
    pub fn page(&self) -> Result<(usize, usize), BadParam> {
        let limit = self.number("limit", DEFAULT_LIMIT, MAX_LIMIT)?;
        Ok((limit, self.number("offset", 0, MAX_OFFSET)?))
    }
}

/// `raw` with `+` as a space and `%XX` as the byte it stands for, as
/// form decoding reads it (a `%` not followed by two hex digits stays).
fn percent_decoded(raw: &[u8]) -> Vec<u8> {
    let plus: Vec<u8> = raw
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    percent_encoding::percent_decode(&plus).collect()
}

/// A value as quoted back in a message: at most 40 characters.
fn short(v: &str) -> String {
    let mut s: String = v.chars().take(40).collect();
    if v.chars().count() > 40 {
        s.push('…');
    }
    s
}

/// `text` percent-encoded as a URL query value.
pub fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The query string of `filters` (and nothing for those not set), for
/// links that keep them.
pub fn filters_query(f: &Filters) -> String {
    let mut parts: Vec<String> = Vec::new();
    for l in &f.levels {
        parts.push(format!("level={}", l.as_str()));
    }
    for (name, y) in [("year", f.year), ("since", f.since), ("until", f.until)] {
        if let Some(y) = y {
            parts.push(format!("{name}={y}"));
        }
    }
    for (name, t) in [
        ("region", &f.region),
        ("section", &f.section),
        ("file", &f.file),
    ] {
        if let Some(t) = t {
            parts.push(format!("{name}={}", encode(t)));
        }
    }
    for which in f.include_unknown.fields() {
        parts.push(format!("include_unknown_{which}=1"));
    }
    parts.join("&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, with_lang};

    #[test]
    fn parameters_read_as_the_flags() {
        let p = Params::parse("q=%E5%AF%86%E5%88%87&level=county,%E5%8C%BA&level=city&since=2020&include_unknown=on&region=+".as_bytes());
        assert_eq!(p.query().unwrap(), "密切");
        let f = p.filters().unwrap();
        assert_eq!(f.levels, vec![Level::County, Level::District, Level::City]);
        assert_eq!(f.since, Some(2020));
        assert_eq!(f.include_unknown, KeepUnknown::ALL);
        // Unknown years and unknown levels are separate choices.
        let p = Params::parse(b"q=a&include_unknown_year=1");
        let f = p.filters().unwrap();
        assert_eq!(
            f.include_unknown,
            KeepUnknown {
                year: true,
                ..KeepUnknown::default()
            }
        );
        assert_eq!(filters_query(&f), "include_unknown_year=1");
        let p = Params::parse(b"q=a&include_unknown_level=on");
        assert!(p.filters().unwrap().include_unknown.level);
        assert!(!p.filters().unwrap().include_unknown.year);
        assert_eq!(f.region, None);
        let back = Params::parse(filters_query(&f).as_bytes())
            .filters()
            .unwrap();
        assert_eq!(back, f);
        // An offset as deep as the pages of a big archive reach.
        let p = Params::parse(b"q=a&limit=200&offset=2500000");
        assert_eq!(p.page().unwrap(), (200, 2_500_000));
    }

    #[test]
    fn bad_parameters_are_refused_in_chinese() {
        let bad = |q: &str| {
            with_lang(Lang::Zh, || {
                let p = Params::parse(q.as_bytes());
                p.filters().and_then(|_| p.page()).and_then(|_| p.query())
            })
            .unwrap_err()
            .0
        };
        assert_eq!(
            bad("q=a&since=2021&until=2020"),
            "起始年份 2021 晚于截止年份 2020：没有讲话能同时满足"
        );
        assert!(bad("q=a&year=2019&since=2020").contains("不在"));
        assert!(bad("q=a&level=planet").contains("planet"));
        assert!(bad("q=a&limit=100000").contains("limit"));
        assert!(bad("q=a&offset=-1").contains("整数"));
        assert!(bad("q=a&year=19").contains("年份"));
        assert!(bad("q=").contains("请输入"));
        let long = format!("q={}", "字".repeat(MAX_QUERY_CHARS + 1));
        assert!(bad(&long).contains("太长"));
        // Named by what they are, with their name in the address.
        assert!(bad("q=a&limit=100000").starts_with("条数（limit）应为"));
        // Bytes that are no UTF-8 are refused, not searched as �.
        assert_eq!(bad("q=%FF%FE"), "检索词（q）不是有效的 UTF-8 文字");
        assert!(bad("q=a&region=%FF").contains("地区（region）"));
        assert!(bad("q=a&level=%C0").contains("层级（level）"));
    }

    #[test]
    fn percent_encoded_text_decodes_as_forms_decode_it() {
        let p = Params::parse(
            "q=%E5%AF%86%E5%88%87+%E8%81%94%E7%B3%BB&region=100%&file=a%2".as_bytes(),
        );
        assert_eq!(p.query().unwrap(), "密切 联系");
        // A lone % is kept, as form decoding keeps it.
        assert_eq!(p.text("region", 10).unwrap().as_deref(), Some("100%"));
        assert_eq!(p.text("file", 10).unwrap().as_deref(), Some("a%2"));
        assert_eq!(percent_decoded(b"%e5%af%86+%zz%"), "密 %zz%".as_bytes());
    }
}
