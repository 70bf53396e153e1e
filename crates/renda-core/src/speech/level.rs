//! The level of a people's congress: national, province, city, county,
//! district, township — its stable code, its Chinese name and how it is
//! written in JSON.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// The level of the people's congress a speech belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    National,
    Province,
    City,
    County,
    District,
    Township,
}

impl Level {
    pub const ALL: [Level; 6] = [
        Level::National,
        Level::Province,
        Level::City,
        Level::County,
        Level::District,
        Level::Township,
    ];

    /// The English name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
            Level::District => "district",
            Level::Township => "township",
        }
    }

    /// The Chinese name: 全国, 省, 市, 县, 区, 乡镇.
    pub fn as_chinese(self) -> &'static str {
        match self {
            Level::National => "全国",
            Level::Province => "省",
            Level::City => "市",
            Level::County => "县",
            Level::District => "区",
            Level::Township => "乡镇",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A level name renda does not know (as given).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown level '{0}' (use city, county, district, province, township, national, or 市/县/区/省/乡镇/全国)"
)]
pub struct UnknownLevel(pub String);

impl FromStr for Level {
    type Err = UnknownLevel;

    /// Accepts the English names and the Chinese ones (市, 市级, 县, 区, …).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_lowercase();
        let t = t.strip_suffix('级').unwrap_or(&t);
        Ok(match t {
            "national" | "全国" | "国家" | "中央" => Level::National,
            "province" | "provincial" | "省" | "自治区" | "直辖市" => Level::Province,
            "city" | "市" | "地市" | "地级市" | "州" => Level::City,
            "county" | "县" | "县市" | "旗" => Level::County,
            "district" | "区" | "市辖区" => Level::District,
            "township" | "乡镇" | "乡" | "镇" | "街道" => Level::Township,
            _ => {
                return Err(UnknownLevel(s.to_string()));
            }
        })
    }
}

/// Serialise an `Option<Level>` field flattened into its struct as two
/// fields: `"level": "county"` (the stable code) and `"level_label": "县"`
/// (the Chinese name people read), both null when unknown. Use as
/// `#[serde(flatten, serialize_with = "crate::speech::level_and_label")]`
/// on a field named `level`.
pub fn level_and_label<S: serde::Serializer>(
    level: &Option<Level>,
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(2))?;
    m.serialize_entry("level", level)?;
    m.serialize_entry("level_label", &level.map(Level::as_chinese))?;
    m.end()
}
