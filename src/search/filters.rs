//! What the filters ask, checked and said for people: the same for every
//! front end.

use super::query::{Filters, QueryError};
use crate::i18n::{self, msg};

impl Filters {
    /// The filters ready to use: blank texts (region, section, file) as
    /// no filter; refused when no year can pass them (`since` after
    /// `until`, or `year` outside them).
    pub fn validate(mut self) -> Result<Filters, QueryError> {
        for text in [&mut self.region, &mut self.section, &mut self.file] {
            if text.as_deref().is_some_and(|s| s.trim().is_empty()) {
                *text = None;
            }
        }
        if let (Some(since), Some(until)) = (self.since, self.until)
            && since > until
        {
            return Err(QueryError::Years { since, until });
        }
        if let Some(year) = self.year
            && (self.since.is_some_and(|s| year < s) || self.until.is_some_and(|u| year > u))
        {
            return Err(QueryError::YearOutside { year });
        }
        Ok(self)
    }

    /// The filters for people, in the current language: `层级：县、区；
    /// 年份：2020 年起` or `level: county, district; years: 2020 and
    /// later`; empty when there are none.
    pub fn describe(&self) -> String {
        let shown = |s: &str| crate::display::escaped(s.trim()).into_owned();
        let mut parts: Vec<String> = Vec::new();
        if !self.levels.is_empty() {
            let names: Vec<&str> = self
                .levels
                .iter()
                .map(|l| i18n::pick(l.as_chinese(), l.as_str()))
                .collect();
            parts.push(msg::filter_levels(&names));
        }
        if let Some(y) = self.year {
            parts.extend(msg::filter_years(Some(y), Some(y)));
        }
        if self.year.is_none() || self.since.is_some() || self.until.is_some() {
            parts.extend(msg::filter_years(self.since, self.until));
        }
        if let Some(r) = self.region.as_deref() {
            parts.push(msg::filter_region(&shown(r)));
        }
        if let Some(s) = self.section.as_deref() {
            parts.push(msg::filter_section(&shown(s)));
        }
        if let Some(f) = self.file.as_deref() {
            parts.push(msg::filter_file(&shown(f)));
        }
        let kept = self.include_unknown.fields();
        if !kept.is_empty() {
            parts.push(msg::filter_include_unknown(&kept));
        }
        parts.join(msg::filter_sep())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, with_lang};
    use crate::speech::Level;

    fn filters() -> Filters {
        Filters {
            levels: vec![Level::County, Level::District],
            since: Some(2020),
            ..Filters::default()
        }
    }

    #[test]
    fn described_in_chinese_and_english() {
        let f = filters();
        assert_eq!(
            with_lang(Lang::Zh, || f.describe()),
            "层级：县、区；年份：2020 年起"
        );
        assert_eq!(
            with_lang(Lang::En, || f.describe()),
            "level: county, district; years: 2020 and later"
        );
        let g = Filters {
            since: Some(2018),
            until: Some(2020),
            region: Some("临洮".into()),
            section: Some("工作".into()),
            file: Some("*.docx".into()),
            include_unknown: crate::search::KeepUnknown {
                year: true,
                ..Default::default()
            },
            ..Filters::default()
        };
        assert_eq!(
            with_lang(Lang::Zh, || g.describe()),
            "年份：2018–2020 年；地区：临洮；部分：工作；文件：*.docx；含年份未知的讲话"
        );
        let all = Filters {
            include_unknown: crate::search::KeepUnknown::ALL,
            ..g.clone()
        };
        assert!(with_lang(Lang::Zh, || all.describe()).ends_with("；含年份、层级、地区未知的讲话"));
        assert!(
            with_lang(Lang::En, || all.describe())
                .ends_with("with speeches whose year, level or region is unknown")
        );
        let h = Filters {
            year: Some(2020),
            ..Filters::default()
        };
        assert_eq!(with_lang(Lang::Zh, || h.describe()), "年份：2020 年");
        let u = Filters {
            until: Some(2020),
            ..Filters::default()
        };
        assert_eq!(with_lang(Lang::Zh, || u.describe()), "年份：2020 年止");
        assert_eq!(with_lang(Lang::En, || u.describe()), "years: up to 2020");
        assert_eq!(Filters::default().describe(), "");
    }

    #[test]
    fn validation_refuses_empty_year_ranges_and_drops_blank_texts() {
        let bad = Filters {
            since: Some(2021),
            until: Some(2020),
            ..Filters::default()
        };
        let e = bad.validate().unwrap_err();
        assert_eq!(
            e,
            QueryError::Years {
                since: 2021,
                until: 2020
            }
        );
        assert!(with_lang(Lang::Zh, || e.to_string()).contains("晚于"));
        assert!(with_lang(Lang::En, || e.to_string()).contains("is after"));
        let outside = Filters {
            year: Some(2019),
            since: Some(2020),
            ..Filters::default()
        };
        assert!(outside.validate().is_err());
        let blank = Filters {
            region: Some("  ".into()),
            file: Some(String::new()),
            section: Some("报告".into()),
            ..filters()
        };
        let ok = blank.validate().unwrap();
        assert_eq!((ok.region, ok.file), (None, None));
        assert_eq!(ok.section.as_deref(), Some("报告"));
    }
}
