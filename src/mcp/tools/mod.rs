//! The tools of `renda mcp`: for each, its name, its description (Chinese
//! or English, as the server speaks), the JSON schema of its input (from
//! its parameters' type, with each field described in the same language)
//! and what it returns: one JSON object, bounded in items and characters,
//! whose `notes` say when something was cut and how to get more.
//!
//! Every passage returned carries its `citation` (title · level · year ·
//! region · section › paragraph · file) and the `id` of its speech, which
//! `read_speech` reads.

use crate::i18n::Say;
use std::sync::Arc;

use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::args;
use crate::i18n::{self, msg};
use renda_core::hit::{Duplicate, Hit};
use renda_core::index::{RendaIndex, reader};
use renda_core::search::speeches::{self, id_of};
use renda_core::search::{self, Filters, KeepUnknown, SearchError, SearchResult};
use renda_core::speech::Level;

mod answers;
mod run;

use answers::*;
pub use run::search_request;
use run::*;

/// Characters of one passage returned; a longer one is cut and says so.
pub const MAX_PASSAGE_CHARS: usize = 1_500;
/// Characters of one answer, about: items past it are left for the next page.
pub const MAX_ANSWER_CHARS: usize = 40_000;
/// Hits or lines a call may ask for.
pub const MAX_LIMIT: usize = 50;
/// Concordance lines a call may ask for.
pub const MAX_KWIC_LIMIT: usize = 500;
/// How far into the results a call may start.
pub const MAX_OFFSET: usize = 100_000_000;
/// Characters of a pasted paragraph (`similar`).
pub const MAX_SIMILAR_CHARS: usize = 20_000;
/// Characters of a draft (`check_draft`).
pub const MAX_DRAFT_CHARS: usize = 200_000;
/// Near-copies listed under one hit, or sources under one phrasing.
pub const MAX_FOLDED: usize = 10;
/// Candidates a comparison reads.
pub const COMPARE_DEPTH: usize = 500;

/// Why a call gave no answer.
#[derive(Debug)]
pub enum Failure {
    /// Said for people, in the current language.
    Message(String),
    /// The call's time ran out.
    OverTime,
}

impl From<String> for Failure {
    fn from(m: String) -> Self {
        Failure::Message(m)
    }
}

impl From<&str> for Failure {
    fn from(m: &str) -> Self {
        Failure::Message(m.to_string())
    }
}

impl From<SearchError> for Failure {
    fn from(e: SearchError) -> Self {
        match e {
            SearchError::Cancelled(_) => Failure::OverTime,
            other => Failure::Message(other.say(i18n::lang())),
        }
    }
}

impl From<search::similar::SimilarError> for Failure {
    fn from(e: search::similar::SimilarError) -> Self {
        match e {
            search::similar::SimilarError::Search(s) => s.into(),
            other => Failure::Message(other.say(i18n::lang())),
        }
    }
}

impl From<renda_core::index::IndexError> for Failure {
    fn from(e: renda_core::index::IndexError) -> Self {
        Failure::Message(e.say(crate::i18n::lang()))
    }
}

type Answer = Result<Value, Failure>;

// ---- parameters -------------------------------------------------------------

/// Where a paragraph comes from: the filters the tools share.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct FilterParams {
    /// Only these levels.
    pub level: Option<Vec<String>>,
    /// Only speeches of this year.
    pub year: Option<u64>,
    /// Only speeches of this year or later.
    pub since: Option<u64>,
    /// Only speeches of this year or earlier.
    pub until: Option<u64>,
    /// Only speeches whose region contains this text.
    pub region: Option<String>,
    /// Only paragraphs whose section heading contains this text.
    pub section: Option<String>,
    /// Keep the speeches whose year, level or region is unknown.
    pub include_unknown: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct SearchParams {
    /// What to look for.
    pub query: String,
    /// Take the whole query as one exact string.
    pub exact: Option<bool>,
    /// Search the theme's own words only.
    pub literal: Option<bool>,
    /// Related words not to search this time.
    pub without: Option<Vec<String>>,
    /// How many hits.
    pub limit: Option<u64>,
    /// Skip this many hits first.
    pub offset: Option<u64>,
    #[serde(flatten)]
    pub filters: FilterParams,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct CompareParams {
    /// The theme.
    pub theme: String,
    /// Group by level, region, year or speech.
    pub by: Option<String>,
    /// Phrasings per group.
    pub limit: Option<u64>,
    /// Search the theme's own words only.
    pub literal: Option<bool>,
    /// Related words not to search this time.
    pub without: Option<Vec<String>>,
    /// Leave out speeches whose region contains one of these.
    pub exclude_region: Option<Vec<String>>,
    #[serde(flatten)]
    pub filters: FilterParams,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct KwicParams {
    /// The exact text to look for.
    pub term: String,
    /// Characters of context on each side.
    pub width: Option<u64>,
    /// Order of the lines: none, left or right.
    pub sort: Option<String>,
    /// How many lines.
    pub limit: Option<u64>,
    /// Skip this many lines first.
    pub offset: Option<u64>,
    #[serde(flatten)]
    pub filters: FilterParams,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct SimilarParams {
    /// The paragraph (or text) to find others like.
    pub text: Option<String>,
    /// Or: the id of an indexed speech…
    pub id: Option<String>,
    /// …and the number of its paragraph.
    pub paragraph: Option<u64>,
    /// How many paragraphs.
    pub limit: Option<u64>,
    /// Skip this many first.
    pub offset: Option<u64>,
    /// Also list the paragraphs that copy the source.
    pub include_copies: Option<bool>,
    #[serde(flatten)]
    pub filters: FilterParams,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ReadSpeechParams {
    /// The speech's id.
    pub id: String,
    /// A paragraph to read around.
    pub paragraph: Option<u64>,
    /// Paragraphs before and after it.
    pub around: Option<u64>,
    /// Read on from this paragraph.
    pub start: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct CheckDraftParams {
    /// The draft's text.
    pub text: String,
    /// The draft's own region.
    pub region: Option<String>,
    /// The draft's year.
    pub year: Option<u64>,
    /// The draft's level.
    pub level: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct StatsParams {}

// ---- the tools --------------------------------------------------------------

/// The names of the tools, in the order they are listed.
pub const NAMES: [&str; 7] = [
    "search",
    "compare",
    "kwic",
    "similar",
    "read_speech",
    "check_draft",
    "stats",
];

/// What a tool is for, in the current language.
fn description(name: &str) -> &'static str {
    let (zh, en) = match name {
        "search" => (
            "检索人大讲话稿档案的段落。query 写主题（如 代表联络站建设，按概念检索，也查相关说法）或加引号的 \"原文\"（精确查找）；可按层级、年份、地区、所在部分筛选。返回最相关的段落，每段带出处 citation（标题、层级、年份、地区、段号、文件）和讲话编号 id；related 是另外检索的相关说法；folded 是折叠进该段的近似重复段落；total 是匹配段落总数。用 offset 翻页。",
            "Search the paragraphs of the archive of people's-congress speeches. query is a theme (searched as a concept, related phrasings too) or a \"quoted phrase\" (exact); filter by level, year, region, section. Returns the best paragraphs, each with its citation (title, level, year, region, paragraph number, file) and its speech id; related lists the phrasings searched besides the query; folded lists near-copies folded into a hit; total counts every matching paragraph. Page with offset.",
        ),
        "compare" => (
            "别人怎么说一个主题：按层级、地区、年份或讲话分组，列出各组的不同说法（用得最多的在前），每种说法带出处。",
            "How others phrase a theme: its distinct phrasings grouped by level, region, year or speech, the most used first, each with its sources.",
        ),
        "kwic" => (
            "上下文索引：一个词或短语在档案中的每一次出现，带左右上下文和出处，并列出它前后最常见的词。total_lines 是出现总次数；用 offset 翻页。",
            "Keyword in context: every occurrence of a term in the archive with its left and right context and its source, and the words most often right before and after it. total_lines counts them all; page with offset.",
        ),
        "similar" => (
            "找意思相近的段落：给出一段文字 text（如起草中的一段），或讲话编号 id 加段号 paragraph，返回用别的话说同一件事的段落，每段带出处。",
            "Paragraphs that say the same in other words: give a text (a paragraph being drafted) or a speech id and paragraph number; returns the archive's paragraphs like it, each with its source.",
        ),
        "read_speech" => (
            "按编号 id（search 等工具返回）读一篇讲话：给 paragraph 时读这一段及前后 around 段，否则从头读（或从 start 段接着读）；附标题、层级、年份、地区和出处。",
            "Read a speech by its id (as search and the other tools return it): with paragraph, that paragraph and around paragraphs either side; else from the start (or from paragraph start); with its title, level, year, region and citation.",
        ),
        "check_draft" => (
            "检查稿件：给出稿件全文 text，逐句报告抄自档案中哪篇讲话（带出处）、抄了多少，以及忘了改的来源地名、届次、年份、讲话人和层级自称。可给出稿件自己的地区、年份、层级。",
            "Check a draft: given its text, report sentence by sentence what it takes from which speech of the archive (with sources), the share copied, and the names of the source it forgot to change (places, 届次, years, the speaker, another level's self-reference). The draft's own region, year and level may be given.",
        ),
        _ => (
            "档案里有什么：讲话和段落总数，按层级、按年份的统计，收录的文件夹。",
            "What the archive holds: speeches and paragraphs, by level and by year, and the folders indexed.",
        ),
    };
    i18n::pick(zh, en)
}

/// What an argument means, in the current language.
fn field_help(tool: &str, field: &str) -> Option<&'static str> {
    let (zh, en) = match (tool, field) {
        (_, "level") if tool != "check_draft" => (
            "只看这些层级：市、县、区、省、乡镇、全国（或 city、county、district、province、township、national）。",
            "Only these levels: city, county, district, province, township, national (or 市, 县, 区, 省, 乡镇, 全国).",
        ),
        (_, "year") if tool != "check_draft" => {
            ("只看这一年的讲话。", "Only speeches of this year.")
        }
        (_, "since") => (
            "只看这一年及以后的讲话。",
            "Only speeches of this year or later.",
        ),
        (_, "until") => (
            "只看这一年及以前的讲话。",
            "Only speeches of this year or earlier.",
        ),
        (_, "region") if tool != "check_draft" => (
            "只看地区含有此文字的讲话（临洮、城关区）。",
            "Only speeches whose region contains this text (临洮, 城关区).",
        ),
        (_, "section") => (
            "只看所在部分的标题含有此文字的段落。",
            "Only paragraphs whose section heading contains this text.",
        ),
        (_, "include_unknown") => (
            "按年份、层级或地区筛选时，保留这些信息不明的讲话（默认不保留，但会计数）。",
            "Keep the speeches whose year, level or region is unknown when filtering on it (by default they are left out, and counted).",
        ),
        ("search", "query") => (
            "要找的内容：主题（密切联系群众）按概念检索，也查相关说法；\"…\" 或 “…” 精确查找原文；支持 AND、OR、-词。空格或 ，、；。 分隔多个主题，每个都须匹配。",
            "What to look for: a theme (密切联系群众), searched as a concept with its related phrasings; \"…\" or “…” finds the exact string; AND, OR, -word work. Spaces or ，、；。 separate themes, each of which must match.",
        ),
        (_, "exact") => (
            "把整个查询当作一个精确字符串，如同加了引号。",
            "Take the whole query as one exact string, as if quoted.",
        ),
        (_, "literal") => (
            "只按主题本身的词检索，不加相关说法。",
            "Search the theme's own words only, without related phrasings.",
        ),
        ("kwic", "limit") => (
            "列出多少行（默认 50，最多 500）。",
            "How many lines (default 50, at most 500).",
        ),
        ("compare", "limit") => (
            "每组列出几种说法（默认 5，最多 50）。",
            "Phrasings per group (default 5, at most 50).",
        ),
        (_, "limit") => (
            "返回多少条（默认 10，最多 50）。",
            "How many to return (default 10, at most 50).",
        ),
        (_, "offset") => (
            "先跳过这么多条（翻页：上次结果的 next_offset）。",
            "Skip this many first (for the next page: the last answer's next_offset).",
        ),
        ("compare", "theme") => (
            "主题（写法同 search 的 query）。",
            "The theme (as search's query).",
        ),
        ("compare", "by") => (
            "按什么分组：level（层级，默认）、region（地区）、year（年份）、speech（讲话）。",
            "Group by level (the default), region, year or speech.",
        ),
        (_, "without") => (
            "这次不检索的相关说法（结果 related 里列出的词），可列多个；主题本身的词不受影响。",
            "Related words not to search this time (words listed in the answer's related); the theme's own words are not affected.",
        ),
        ("compare", "exclude_region") => (
            "不看地区含有这些文字的讲话（如本地）。",
            "Leave out speeches whose region contains one of these (one's own).",
        ),
        ("kwic", "term") => (
            "要找的原文（精确匹配，外面的一对引号会去掉）。",
            "The exact text to look for (a pair of quotes around it is taken off).",
        ),
        ("kwic", "width") => (
            "左右各显示多少字的上下文（默认 20，最多 200）。",
            "Characters of context on each side (default 20, at most 200).",
        ),
        ("kwic", "sort") => (
            "排序：none（按档案顺序，默认）、left（按左边的词）、right（按右边的词）。",
            "Order: none (corpus order, the default), left (by the words before), right (by the words after).",
        ),
        ("similar", "text") => (
            "要找相近段落的一段文字（最多 20000 字）。",
            "The text to find paragraphs like (at most 20,000 characters).",
        ),
        ("similar", "id") => (
            "或者：档案中一篇讲话的编号（与 paragraph 一起用）。",
            "Or: the id of a speech of the archive (with paragraph).",
        ),
        ("similar", "paragraph") => ("那篇讲话的段号。", "The paragraph's number in that speech."),
        ("similar", "include_copies") => (
            "也列出抄录原段（整段或其中一句、稍有改动）的段落。",
            "Also list the paragraphs that copy the source, whole or one of its sentences, with small edits.",
        ),
        ("read_speech", "id") => (
            "讲话编号（search、kwic 等返回的 id）。",
            "The speech's id (as search, kwic and the others return it).",
        ),
        ("read_speech", "paragraph") => (
            "读这一段及其前后（段号，同出处中的“第N段”；0 即标题的命中：从头读）。",
            "Read this paragraph and those around it (its number, as in the citation; 0, a heading's hit: from the start).",
        ),
        ("read_speech", "around") => (
            "给 paragraph 时，前后各读几段（默认 3，最多 50）。",
            "With paragraph: how many paragraphs either side (default 3, at most 50).",
        ),
        ("read_speech", "start") => (
            "从第几段接着读（上次结果的 next_start）。",
            "Read on from this paragraph (the last answer's next_start).",
        ),
        ("check_draft", "text") => (
            "稿件全文（最多 200000 字），段落之间空一行或换行。",
            "The draft's whole text (at most 200,000 characters), paragraphs on lines of their own.",
        ),
        ("check_draft", "region") => (
            "稿件自己的地区（安化县、临洮）；别的地区的地名即为遗留。默认取稿件自己点名的地区。",
            "The draft's own region (安化县, 临洮): places of other regions are leftovers. By default the one the draft names as its own.",
        ),
        ("check_draft", "year") => (
            "稿件的年份；说当前的句子里更早的年份即为遗留。默认今年。",
            "The draft's year: earlier years in sentences about the present are leftovers. By default this year.",
        ),
        ("check_draft", "level") => (
            "稿件的层级（county、district 等，或 县、区）；别的层级的自称即为遗留。",
            "The draft's level (county, district, … or 县, 区): another level's self-references are leftovers.",
        ),
        _ => return None,
    };
    Some(i18n::pick(zh, en))
}

/// The input schema of `P`, each field described in the current language.
fn schema<P: JsonSchema + 'static>(tool: &str) -> Arc<JsonObject> {
    let mut schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<P>()
        .to_value();
    if let Some(obj) = schema.as_object_mut() {
        obj.remove("title");
        obj.remove("description");
        obj.remove("$schema");
        obj.entry("properties").or_insert_with(|| json!({}));
        if let Some(props) = obj.get_mut("properties").and_then(Value::as_object_mut) {
            for (name, prop) in props.iter_mut() {
                if let (Some(help), Some(p)) = (field_help(tool, name), prop.as_object_mut()) {
                    p.insert("description".into(), Value::String(help.into()));
                }
            }
        }
    }
    match schema {
        Value::Object(obj) => Arc::new(obj),
        _ => Arc::new(JsonObject::new()),
    }
}

fn schema_of(name: &str) -> Arc<JsonObject> {
    match name {
        "search" => schema::<SearchParams>(name),
        "compare" => schema::<CompareParams>(name),
        "kwic" => schema::<KwicParams>(name),
        "similar" => schema::<SimilarParams>(name),
        "read_speech" => schema::<ReadSpeechParams>(name),
        "check_draft" => schema::<CheckDraftParams>(name),
        _ => schema::<StatsParams>(name),
    }
}

/// The tools, described in the current language.
pub fn list() -> Vec<Tool> {
    NAMES
        .iter()
        .map(|&name| {
            Tool::new(name, description(name), schema_of(name)).annotate(
                ToolAnnotations::new()
                    .read_only(true)
                    .destructive(false)
                    .idempotent(true)
                    .open_world(false),
            )
        })
        .collect()
}

/// Characters a text argument of `tool` may have.
fn max_chars(tool: &str, field: &str) -> usize {
    match (tool, field) {
        ("similar", "text") => MAX_SIMILAR_CHARS,
        ("check_draft", "text") => MAX_DRAFT_CHARS,
        _ => args::MAX_TEXT_CHARS,
    }
}

/// Read the arguments of `tool` as `P`, after [`args::check`].
fn params<P: DeserializeOwned>(tool: &str, arguments: Option<JsonObject>) -> Result<P, Failure> {
    let arguments = arguments.unwrap_or_default();
    args::check(&arguments, &schema_of(tool), |field| max_chars(tool, field))?;
    serde_json::from_value(Value::Object(arguments))
        .map_err(|_| Failure::Message(msg::mcp_not_object().to_string()))
}

/// Run the tool `name` over `idx` (in the current language, on this
/// thread, under the time limit of [`search::cancel`] if one is set).
pub fn call(idx: &RendaIndex, name: &str, arguments: Option<JsonObject>) -> Answer {
    match name {
        "search" => run_search(idx, params(name, arguments)?),
        "compare" => run_compare(idx, params(name, arguments)?),
        "kwic" => run_kwic(idx, params(name, arguments)?),
        "similar" => run_similar(idx, params(name, arguments)?),
        "read_speech" => run_read_speech(idx, params(name, arguments)?),
        "check_draft" => run_check_draft(idx, params(name, arguments)?),
        "stats" => {
            let _: StatsParams = params(name, arguments)?;
            run_stats(idx)
        }
        other => Err(msg::mcp_unknown_tool(&args::short(other), &NAMES.join(", ")).into()),
    }
}

// ---- reading the parameters -------------------------------------------------

/// A number from 0 to `max`, or `default`.
fn number(name: &str, value: Option<u64>, default: usize, max: usize) -> Result<usize, Failure> {
    match value {
        None => Ok(default),
        Some(n) if n <= max as u64 => Ok(n as usize),
        Some(n) => Err(msg::serve_bad_number(name, &n.to_string(), max).into()),
    }
}

fn year(value: Option<u64>) -> Result<Option<u16>, Failure> {
    match value {
        None => Ok(None),
        Some(y) if (1900..=2100).contains(&y) => Ok(Some(y as u16)),
        Some(y) => Err(msg::not_a_year_between(&y.to_string()).into()),
    }
}

fn level(value: &str) -> Result<Level, Failure> {
    value
        .parse::<Level>()
        .map_err(|e| Failure::Message(e.say(i18n::lang())))
}

fn nonblank(value: Option<&String>) -> Option<String> {
    value
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn filters(f: &FilterParams) -> Result<Filters, Failure> {
    let keep = f.include_unknown.unwrap_or(false);
    let levels = f
        .level
        .iter()
        .flatten()
        .flat_map(|l| l.split([',', '，', '、']))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(level)
        .collect::<Result<Vec<_>, _>>()?;
    let asked = Filters {
        levels,
        year: year(f.year)?,
        since: year(f.since)?,
        until: year(f.until)?,
        region: nonblank(f.region.as_ref()),
        section: nonblank(f.section.as_ref()),
        file: None,
        include_unknown: KeepUnknown {
            year: keep,
            level: keep,
            region: keep,
        },
    };
    asked
        .validate()
        .map_err(|e| Failure::Message(e.say(i18n::lang())))
}

fn query(value: &str) -> Result<String, Failure> {
    let q = value.trim();
    if q.is_empty() {
        return Err(msg::serve_empty_query().into());
    }
    Ok(q.to_string())
}
