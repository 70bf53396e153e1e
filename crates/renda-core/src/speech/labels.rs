//! A speech's labels — title, level, year, date and region — as one set:
//! the speech model, the index's row of a speech, a hit, the exports and
//! the page all hold this struct rather than fields of their own, so a new
//! label is added here and read wherever labels go.

use serde::Serialize;

use super::date::Date;
use super::level::Level;

/// What a speech is labelled with. In JSON, flattened into the object
/// that holds it (`#[serde(flatten)]`): `title`, `level` and `level_label`
/// (see [`super::level_and_label`]), `year`, `date`, `region`, in that
/// order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Labels {
    /// The title: from `metadata.csv`, else the title line, else the file name.
    pub title: String,
    #[serde(flatten, serialize_with = "super::level_and_label")]
    pub level: Option<Level>,
    pub year: Option<u16>,
    /// The date as precise as it is stated: `2023-03-15`, `2023-03` or
    /// `2023`; `year` is its year.
    pub date: Option<Date>,
    pub region: Option<String>,
}

/// Each of a speech's labels by name, in the order [`Labels`] holds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LabelName {
    Title,
    Level,
    Year,
    Date,
    Region,
}

impl LabelName {
    /// Every label, in order.
    pub const ALL: [LabelName; 5] = [
        LabelName::Title,
        LabelName::Level,
        LabelName::Year,
        LabelName::Date,
        LabelName::Region,
    ];

    /// Its name: its key in JSON, its field in the index and its column in
    /// `metadata.csv` (`title`, `level`, `year`, `date`, `region`).
    pub fn as_str(self) -> &'static str {
        match self {
            LabelName::Title => "title",
            LabelName::Level => "level",
            LabelName::Year => "year",
            LabelName::Date => "date",
            LabelName::Region => "region",
        }
    }
}

impl std::fmt::Display for LabelName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Labels {
    /// The labels to show after the title ([`shown`]).
    pub fn shown(&self) -> Vec<Label<'_>> {
        shown(&self.title, self.level, self.year, self.region.as_deref())
    }
}

/// One label of where a paragraph comes from, shown after its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label<'a> {
    Level(Level),
    Year(u16),
    Region(&'a str),
}

/// The labels of a speech to show after its `title`, in the one order every
/// output shows them: level, year, region (each when known; the region not
/// when the title names it).
pub fn shown<'a>(
    title: &str,
    level: Option<Level>,
    year: Option<u16>,
    region: Option<&'a str>,
) -> Vec<Label<'a>> {
    let region = region
        .map(str::trim)
        .filter(|r| !r.is_empty() && !title.contains(r));
    level
        .map(Label::Level)
        .into_iter()
        .chain(year.map(Label::Year))
        .chain(region.map(Label::Region))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_names_are_the_json_keys() {
        let v = serde_json::to_value(Labels::default()).unwrap();
        let keys: Vec<&str> = v
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| *k != "level_label")
            .collect();
        let mut names: Vec<&str> = LabelName::ALL.iter().map(|n| n.as_str()).collect();
        names.sort_unstable();
        assert_eq!(keys, names);
    }

    #[test]
    fn labels_serialise_flat_in_one_order() {
        #[derive(Serialize)]
        struct Holder<'a> {
            file: &'a str,
            #[serde(flatten)]
            labels: &'a Labels,
            section: Option<&'a str>,
        }
        let labels = Labels {
            title: "报告".into(),
            level: Some(Level::County),
            year: Some(2023),
            date: Some(Date::new(2023, Some(3), None).unwrap()),
            region: None,
        };
        let json = serde_json::to_string(&Holder {
            file: "a.txt",
            labels: &labels,
            section: None,
        })
        .unwrap();
        assert_eq!(
            json,
            r#"{"file":"a.txt","title":"报告","level":"county","level_label":"县","year":2023,"date":"2023-03","region":null,"section":null}"#
        );
    }
}
