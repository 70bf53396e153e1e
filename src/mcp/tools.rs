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
            "读这一段及其前后（段号，同出处中的“第N段”）。",
            "Read this paragraph and those around it (its number, as in the citation).",
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

// ---- writing the answers ----------------------------------------------------

/// `text`, cut to [`MAX_PASSAGE_CHARS`]; whether it was cut.
fn passage(text: &str, max: usize) -> (String, bool) {
    match text.char_indices().nth(max) {
        Some((at, _)) => (format!("{}…", &text[..at]), true),
        None => (text.to_string(), false),
    }
}

fn level_code(level: Option<Level>) -> Value {
    level.map_or(Value::Null, |l| Value::String(l.as_str().into()))
}

/// A duplicate (or any source known by file and paragraph) as the
/// answers list it.
fn source_of(d: &Duplicate) -> Value {
    json!({
        "id": id_of(&d.file),
        "citation": msg::mcp_citation(&d.title, d.level, d.year, None, None, Some(d.paragraph), &d.file),
        "file": d.file,
        "paragraph": d.paragraph,
    })
}

/// A hit as the answers list it; whether its text was cut.
fn hit_value(h: &Hit) -> (Value, bool) {
    let (text, cut) = passage(&h.text, MAX_PASSAGE_CHARS);
    let mut v = json!({
        "id": id_of(&h.file),
        "citation": msg::mcp_citation(
            &h.labels.title,
            h.labels.level,
            h.labels.year,
            h.labels.region.as_deref(),
            h.section.as_deref(),
            Some(h.paragraph),
            &h.file,
        ),
        "title": h.labels.title,
        "level": level_code(h.labels.level),
        "year": h.labels.year,
        "region": h.labels.region,
        "section": h.section,
        "paragraph": h.paragraph,
        "file": h.file,
        "text": text,
    });
    if let Some(obj) = v.as_object_mut() {
        if cut {
            obj.insert("text_cut".into(), Value::Bool(true));
        }
        if !h.duplicates.is_empty() {
            let folded: Vec<Value> = h
                .duplicates
                .iter()
                .take(MAX_FOLDED)
                .map(source_of)
                .collect();
            obj.insert("folded".into(), Value::Array(folded));
            if h.duplicates.len() > MAX_FOLDED {
                obj.insert("folded_more".into(), json!(h.duplicates.len() - MAX_FOLDED));
            }
        }
    }
    (v, cut)
}

/// The first of `items` that fit in about `budget` characters (at least
/// one).
fn within_budget(items: Vec<Value>, budget: usize) -> Vec<Value> {
    let mut used = 0;
    let mut kept = Vec::new();
    for item in items {
        let size = item.to_string().chars().count();
        if !kept.is_empty() && used + size > budget {
            break;
        }
        used += size;
        kept.push(item);
    }
    kept
}

/// A page of hits as the answers give it: the hits, what was searched,
/// the totals, the next page.
fn hits_answer(r: &SearchResult, offset: usize) -> Value {
    let mut any_cut = false;
    let hits: Vec<Value> = r
        .hits
        .iter()
        .map(|h| {
            let (v, cut) = hit_value(h);
            any_cut |= cut;
            v
        })
        .collect();
    let asked = hits.len();
    let hits = within_budget(hits, MAX_ANSWER_CHARS);
    let all = r.phrasings.unwrap_or(r.total);
    let more = hits.len() < asked || r.more_after(offset);
    let next = more.then_some(offset + hits.len());
    let mut notes = Vec::new();
    if let Some(next) = next {
        notes.push(msg::mcp_cut(hits.len(), all, Some(next)));
    }
    if any_cut {
        notes.push(msg::mcp_text_cut(MAX_PASSAGE_CHARS));
    }
    notes.extend(crate::output::hits::left_out_lines(&r.left_out));
    json!({
        "query": r.query,
        "total": r.total,
        "phrasings": r.phrasings,
        "related": r.related,
        "left_out": r.left_out,
        "offset": offset,
        "returned": hits.len(),
        "next_offset": next,
        "hits": hits,
        "notes": notes,
    })
}

// ---- each tool --------------------------------------------------------------

/// The search a `search` call's arguments ask for.
pub fn search_request(p: SearchParams) -> Result<search::SearchRequest, Failure> {
    let q = search::query::query_text(&query(&p.query)?, p.exact.unwrap_or(false));
    Ok(search::SearchRequest {
        query: q,
        offset: number("offset", p.offset, 0, MAX_OFFSET)?,
        filters: filters(&p.filters)?,
        limit: number("limit", p.limit, 10, MAX_LIMIT)?,
        collapse: true,
        literal: p.literal.unwrap_or(false),
        other_words: false,
        without: without(p.without.as_deref()),
    })
}

fn run_search(idx: &RendaIndex, p: SearchParams) -> Answer {
    let request = search_request(p)?;
    let r = search::search(idx, &request)?;
    Ok(hits_answer(&r, request.offset))
}

/// The related words not to search: the first [`MAX_WITHOUT`], blank ones
/// ignored, as the page takes them.
fn without(words: Option<&[String]>) -> Vec<String> {
    words
        .unwrap_or_default()
        .iter()
        .filter_map(|w| nonblank(Some(w)))
        .take(MAX_WITHOUT)
        .collect()
}

/// How many related words one call may drop.
const MAX_WITHOUT: usize = 64;

fn run_compare(idx: &RendaIndex, p: CompareParams) -> Answer {
    use search::compare::By;
    let theme = query(&p.theme)?;
    let by = match p.by.as_deref().map(str::trim) {
        None | Some("") | Some("level") => By::Level,
        Some("region") => By::Region,
        Some("year") => By::Year,
        Some("speech") => By::Speech,
        Some(other) => {
            return Err(msg::serve_bad_choice(
                "by",
                &args::short(other),
                i18n::pick("level、region、year、speech", "level, region, year, speech"),
            )
            .into());
        }
    };
    let per_group = number("limit", p.limit, 5, MAX_LIMIT)?;
    let options = search::ThemeOptions {
        literal: p.literal.unwrap_or(false),
        other_words: false,
        without: without(p.without.as_deref()),
    };
    let exclude: Vec<String> = p
        .exclude_region
        .iter()
        .flatten()
        .filter_map(|r| nonblank(Some(r)))
        .collect();
    let mut groups = search::compare::of_index(
        idx,
        &theme,
        &filters(&p.filters)?,
        options,
        COMPARE_DEPTH,
        by,
        &exclude,
        &[],
    )?;
    search::compare::limit(&mut groups, per_group);
    let total = groups.len();
    let values: Vec<Value> = groups
        .iter()
        .map(|g| {
            let label = match (by, g.key.as_deref()) {
                (_, None) => msg::unknown().to_string(),
                (By::Level, Some(k)) => k
                    .parse::<Level>()
                    .map(|l| i18n::pick(l.as_chinese(), l.as_str()).to_string())
                    .unwrap_or_else(|_| k.to_string()),
                (_, Some(k)) => k.to_string(),
            };
            let phrasings: Vec<Value> = g
                .phrasings
                .iter()
                .map(|ph| {
                    let (text, _) = passage(&ph.text, MAX_PASSAGE_CHARS);
                    json!({
                        "text": text,
                        "speeches": ph.count,
                        "sources": ph.sources.iter().take(MAX_FOLDED).map(source_of).collect::<Vec<_>>(),
                        "sources_more": ph.sources.len().saturating_sub(MAX_FOLDED),
                    })
                })
                .collect();
            json!({
                "key": g.key,
                "label": label,
                "speeches": g.speeches,
                "phrasings": phrasings,
                "more_phrasings": g.more,
            })
        })
        .collect();
    let values = within_budget(values, MAX_ANSWER_CHARS);
    let mut notes = Vec::new();
    if values.len() < total {
        notes.push(msg::mcp_cut(values.len(), total, None));
    }
    Ok(json!({
        "theme": theme,
        "by": by.as_str(),
        "groups": values,
        "notes": notes,
    }))
}

fn run_kwic(idx: &RendaIndex, p: KwicParams) -> Answer {
    use search::kwic::{self, Sort};
    let term = query(&p.term)?;
    let sort = match p.sort.as_deref().map(str::trim) {
        None | Some("") | Some("none") => Sort::None,
        Some("left") => Sort::Left,
        Some("right") => Sort::Right,
        Some(other) => {
            return Err(msg::serve_bad_choice(
                "sort",
                &args::short(other),
                i18n::pick("none、left、right", "none, left, right"),
            )
            .into());
        }
    };
    let offset = number("offset", p.offset, 0, MAX_OFFSET)?;
    let limit = number("limit", p.limit, 50, MAX_KWIC_LIMIT)?;
    let options = kwic::Options {
        width: number("width", p.width, 20, kwic::MAX_WIDTH)?,
        sort,
        limit: Some(offset.saturating_add(limit)),
        top: kwic::TOP_COLLOCATES,
    };
    let (c, left_out) = kwic::of_index(idx, &term, &filters(&p.filters)?, &options)?;
    let lines: Vec<Value> = c
        .lines
        .iter()
        .skip(offset)
        .map(|l| {
            json!({
                "left": l.left,
                "match": l.matched,
                "right": l.right,
                "id": id_of(&l.file),
                "citation": msg::mcp_citation("", l.level, l.year, None, None, Some(l.paragraph), &l.file),
                "file": l.file,
                "paragraph": l.paragraph,
                "level": level_code(l.level),
                "year": l.year,
            })
        })
        .collect();
    let lines = within_budget(lines, MAX_ANSWER_CHARS);
    let next = (offset + lines.len() < c.total_lines).then_some(offset + lines.len());
    let mut notes = Vec::new();
    if let Some(next) = next {
        notes.push(msg::mcp_cut(lines.len(), c.total_lines, Some(next)));
    }
    notes.extend(crate::output::hits::left_out_lines(&left_out));
    Ok(json!({
        "term": c.term,
        "total_lines": c.total_lines,
        "offset": offset,
        "returned": lines.len(),
        "next_offset": next,
        "lines": lines,
        "before": c.before,
        "after": c.after,
        "notes": notes,
    }))
}

fn run_similar(idx: &RendaIndex, p: SimilarParams) -> Answer {
    use search::similar::{self, Request, Source};
    let source = match (nonblank(p.id.as_ref()), nonblank(p.text.as_ref())) {
        (Some(id), _) => {
            let file = speeches::file_of(idx, &id)?
                .ok_or_else(|| Failure::Message(msg::serve_no_speech(&args::short(&id))))?;
            let n = number("paragraph", p.paragraph, 1, MAX_OFFSET)?;
            similar::locate(idx, &file, n)?
        }
        (None, Some(text)) => Source::text(&text)?,
        (None, None) => return Err(msg::serve_similar_empty().into()),
    };
    let offset = number("offset", p.offset, 0, MAX_OFFSET)?;
    let req = Request {
        source,
        filters: filters(&p.filters)?,
        limit: number("limit", p.limit, 10, MAX_LIMIT)?,
        offset,
        include_copies: p.include_copies.unwrap_or(false),
    };
    let r = similar::similar(idx, &req)?;
    let mut answer = hits_answer(&r, offset);
    if let Some(obj) = answer.as_object_mut() {
        obj.insert("source".into(), Value::String(req.source.label.clone()));
    }
    Ok(answer)
}

fn run_read_speech(idx: &RendaIndex, p: ReadSpeechParams) -> Answer {
    let id = p.id.trim();
    let sp = speeches::read(idx, id)?
        .ok_or_else(|| Failure::Message(msg::serve_no_speech(&args::short(id))))?;
    let last = sp.blocks.iter().map(|b| b.paragraph).max().unwrap_or(0);
    let around = number("around", p.around, 3, MAX_LIMIT)?;
    // The paragraphs asked for: around one, or on from one (from the
    // start, with the title and the salutation).
    let (lo, hi) = match (p.paragraph, p.start) {
        (Some(n), _) => {
            let n = number("paragraph", Some(n), 1, MAX_OFFSET)?;
            if n == 0 || n > last {
                return Err(msg::mcp_no_paragraph(n, last).into());
            }
            (n.saturating_sub(around).max(1), n + around)
        }
        (None, Some(s)) => {
            let s = number("start", Some(s), 1, MAX_OFFSET)?;
            if s > last.max(1) {
                return Err(msg::mcp_no_paragraph(s, last).into());
            }
            (s, usize::MAX)
        }
        (None, None) => (1, usize::MAX),
    };
    let all = &sp.blocks;
    let first = if lo <= 1 {
        0
    } else {
        // With the headings right before the first paragraph.
        let mut i = all
            .iter()
            .position(|b| b.paragraph >= lo)
            .unwrap_or(all.len());
        while i > 0 && all[i - 1].paragraph == 0 && all[i - 1].section.is_some() {
            i -= 1;
        }
        i
    };
    let end = if hi == usize::MAX {
        all.len()
    } else {
        all.iter()
            .rposition(|b| b.paragraph > 0 && b.paragraph <= hi)
            .map_or(first, |i| i + 1)
    };
    let mut used = 0;
    let mut blocks = Vec::new();
    let mut next_start = None;
    for (i, b) in all.iter().enumerate().take(end).skip(first) {
        let (text, _) = passage(&b.text, MAX_ANSWER_CHARS / 2);
        let size = text.chars().count();
        if !blocks.is_empty() && used + size > MAX_ANSWER_CHARS {
            // Go on from the next paragraph, with its headings.
            next_start = all[i..].iter().map(|b| b.paragraph).find(|&n| n > 0);
            break;
        }
        used += size;
        blocks.push(json!({
            "paragraph": b.paragraph,
            "heading": b.heading,
            "section": b.section,
            "text": text,
        }));
    }
    let mut notes = Vec::new();
    if let Some(n) = next_start {
        notes.push(msg::mcp_speech_cut(n));
    }
    Ok(json!({
        "id": sp.id,
        "citation": msg::mcp_citation(&sp.labels.title, sp.labels.level, sp.labels.year, sp.labels.region.as_deref(), None, None, &sp.file),
        "title": sp.labels.title,
        "level": level_code(sp.labels.level),
        "year": sp.labels.year,
        "date": sp.labels.date,
        "region": sp.labels.region,
        "file": sp.file,
        "paragraphs": last,
        "blocks": blocks,
        "next_start": next_start,
        "notes": notes,
    }))
}

fn run_check_draft(idx: &RendaIndex, p: CheckDraftParams) -> Answer {
    use search::check::{self, CheckError, CheckOptions, Status};
    let name = i18n::pick("稿件", "draft");
    if p.text.trim().is_empty() {
        return Err(crate::i18n::search::check_empty_draft(i18n::lang(), name).into());
    }
    let options = CheckOptions {
        region: nonblank(p.region.as_ref()),
        year: year(p.year)?,
        level: nonblank(p.level.as_ref())
            .as_deref()
            .map(level)
            .transpose()?,
        ..Default::default()
    };
    let ctx = renda_core::speech::ParseContext {
        rel: "",
        metadata: None,
        boilerplate: None,
        published: None,
    };
    let draft = renda_core::speech::parse(&p.text, &ctx);
    let report = check::check(idx, &draft, &options).map_err(|e| match e {
        CheckError::Empty(_) => {
            Failure::Message(crate::i18n::search::check_empty_draft(i18n::lang(), name))
        }
        CheckError::Search(s) => s.into(),
    })?;
    let cite = |s: &check::SourceRef| {
        msg::mcp_citation(
            &s.title,
            s.level,
            s.year,
            s.region.as_deref(),
            None,
            Some(s.paragraph),
            &s.file,
        )
    };
    let speeches: Vec<Value> = report
        .speeches
        .iter()
        .map(|s| {
            json!({
                "id": id_of(&s.file),
                "citation": msg::mcp_citation(&s.title, s.level, s.year, s.region.as_deref(), None, None, &s.file),
                "file": s.file,
                "chars": s.chars,
                "share": s.share,
                "sentences": s.sentences,
            })
        })
        .collect();
    let leftovers: Vec<Value> = report
        .leftovers
        .iter()
        .map(|l| {
            json!({
                "kind": l.kind,
                "name": l.name,
                "sentence": report.sentences.get(l.sentence).map(|s| passage(&s.text, MAX_PASSAGE_CHARS).0),
                "paragraph": report.sentences.get(l.sentence).map(|s| s.paragraph),
                "possible": l.possible,
                "source": cite(&l.source),
                "source_id": id_of(&l.source.file),
            })
        })
        .collect();
    let copied: Vec<Value> = report
        .sentences
        .iter()
        .filter(|s| s.status == Status::Copied)
        .map(|s| {
            json!({
                "paragraph": s.paragraph,
                "text": passage(&s.text, MAX_PASSAGE_CHARS).0,
                "chars": s.chars,
                "copied_chars": s.copied_chars,
                "longest": s.longest,
                "sources": s.sources.iter().take(3).map(|src| json!({
                    "id": id_of(&src.source.file),
                    "citation": cite(&src.source),
                    "share": src.share,
                    "text": passage(&src.text, MAX_PASSAGE_CHARS).0,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let budget = MAX_ANSWER_CHARS / 4;
    let mut notes = Vec::new();
    let mut bounded = |items: Vec<Value>| {
        let total = items.len();
        let kept = within_budget(items, budget);
        if kept.len() < total {
            notes.push(msg::mcp_cut(kept.len(), total, None));
        }
        kept
    };
    let (speeches, leftovers, copied) = (bounded(speeches), bounded(leftovers), bounded(copied));
    notes.extend(crate::i18n::search::considered_note(
        i18n::lang(),
        &report.considered,
    ));
    let count = |status| {
        report
            .sentences
            .iter()
            .filter(|s| s.status == status)
            .count()
    };
    Ok(json!({
        "title": report.title,
        "region": report.region,
        "level": level_code(report.level),
        "year": report.year,
        "term": report.term,
        "chars": report.chars,
        "copied_chars": report.copied_chars,
        "copied_share": report.copied_share,
        "common_chars": report.common_chars,
        "sentences": {
            "all": report.sentences.len(),
            "copied": count(Status::Copied),
            "common": count(Status::Common),
            "own": count(Status::Own),
            "short": count(Status::Short),
        },
        "speeches": speeches,
        "leftovers": leftovers,
        "copied_sentences": copied,
        "notes": notes,
    }))
}

fn run_stats(idx: &RendaIndex) -> Answer {
    let st = reader::stats(idx).map_err(|e| {
        Failure::Message(msg::path_reason(
            &renda_core::display::path(&idx.path),
            &e.to_string(),
        ))
    })?;
    let folders = reader::folder_counts(idx)?;
    let copies = idx.meta.as_ref().map(|m| m.copies()).unwrap_or_default();
    let shown: Vec<Value> = copies
        .iter()
        .take(MAX_LIMIT)
        .map(|c| json!({"file": c.file, "of": c.of}))
        .collect();
    let mut notes = Vec::new();
    if copies.len() > shown.len() {
        notes.push(msg::mcp_cut(shown.len(), copies.len(), None));
    }
    let mut value = serde_json::to_value(&st).unwrap_or_else(|_| json!({}));
    if let Some(obj) = value.as_object_mut() {
        obj.insert("folders".into(), json!(folders));
        obj.insert("copies".into(), Value::Array(shown));
        obj.insert("copies_total".into(), json!(copies.len()));
        obj.insert("notes".into(), json!(notes));
    }
    Ok(value)
}
