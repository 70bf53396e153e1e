//! renda check: a draft against the archive.

use super::*;

// ---- renda check: a draft against the archive ----------------------------

/// A share as people read it: `62%`.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

pub fn check_unreadable(file: &str, reason: &str) -> String {
    match lang() {
        Lang::Zh => format!("{file}：无法读取稿件：{reason}"),
        Lang::En => format!("{file}: cannot read the draft: {reason}"),
    }
}

pub fn check_title(title: &str) -> String {
    match lang() {
        Lang::Zh => format!("查重报告：{title}"),
        Lang::En => format!("Check report: {title}"),
    }
}

/// What the draft was checked as: its region, level, year and 届次.
pub fn check_settings(
    region: Option<&str>,
    level: Option<renda_core::speech::Level>,
    year: u16,
    term: Option<&str>,
) -> String {
    match lang() {
        Lang::Zh => format!(
            "本地：{} · 层级：{} · 年份：{year} · 届次：{}",
            region.unwrap_or("未指定（用 --region 指定）"),
            level.map_or("未知（用 --level 指定）", |l| l.as_chinese()),
            term.unwrap_or("稿件未写明")
        ),
        Lang::En => format!(
            "region: {} · level: {} · year: {year} · term: {}",
            region.unwrap_or("not given (--region)"),
            level.map_or("unknown (--level)", |l| l.as_str()),
            term.unwrap_or("not named in the draft")
        ),
    }
}

/// `62% 来自 3 篇讲话：…`; `list` names them.
pub fn check_overall(share: f64, speeches: usize, list: &str) -> String {
    let p = percent(share);
    match lang() {
        Lang::Zh => format!("{p} 来自 {speeches} 篇讲话：{list}"),
        Lang::En => format!(
            "{p} from {}: {list}",
            en_count(speeches, "speech", "speeches")
        ),
    }
}

/// Nothing copied: of the whole draft, or of the part checked when it was
/// cut short (`part`).
pub fn check_all_own(part: bool) -> String {
    match (lang(), part) {
        (Lang::Zh, false) => "未发现抄自档案的文字：全文均为自拟".to_string(),
        (Lang::Zh, true) => "已检查的部分未发现抄自档案的文字".to_string(),
        (Lang::En, false) => {
            "nothing is taken from the archive: the whole draft is its own".to_string()
        }
        (Lang::En, true) => "nothing is taken from the archive in the part checked".to_string(),
    }
}

pub fn check_common_share(share: f64) -> String {
    let p = percent(share);
    match lang() {
        Lang::Zh => format!("另有 {p} 为常见公文套话（见于多篇讲话，不计为抄自某篇）"),
        Lang::En => format!(
            "another {p} is common official phrasing (in many speeches, not counted as taken from one)"
        ),
    }
}

/// One speech's part: `《title》（县 · 2023 · 安化县）18%`.
pub fn check_speech_part(source: &str, share: f64) -> String {
    format!("{source} {}", percent(share))
}

pub fn leftover_label(kind: renda_core::search::check::LeftoverKind) -> &'static str {
    use renda_core::search::check::LeftoverKind as K;
    match (lang(), kind) {
        (Lang::Zh, K::Place) => "遗留地名",
        (Lang::Zh, K::Term) => "遗留届次",
        (Lang::Zh, K::Year) => "遗留年份",
        (Lang::Zh, K::Speaker) => "遗留讲话人",
        (Lang::Zh, K::Level) => "遗留层级称谓",
        (Lang::En, K::Place) => "leftover place",
        (Lang::En, K::Term) => "leftover term",
        (Lang::En, K::Year) => "leftover year",
        (Lang::En, K::Speaker) => "leftover speaker",
        (Lang::En, K::Level) => "leftover self-reference of another level",
    }
}

/// `遗留地名：安化县（来自 …）`; a place of the source's when the draft's
/// own region is not known: `可能遗留地名：山东省（来自 …）`.
pub fn check_leftover(
    kind: renda_core::search::check::LeftoverKind,
    name: &str,
    source: &str,
    possible: bool,
) -> String {
    let label = leftover_label(kind);
    match (lang(), possible) {
        (Lang::Zh, false) => format!("{label}：{name}（来自 {source}）"),
        (Lang::Zh, true) => {
            format!("可能{label}：{name}（来自 {source}；稿件未写明本地，可用 --region 指定）")
        }
        (Lang::En, false) => format!("{label}: {name} (from {source})"),
        (Lang::En, true) => format!(
            "possible {label}: {name} (from {source}; the draft names no region of its own, give it with --region)"
        ),
    }
}

pub fn check_no_leftovers() -> String {
    match lang() {
        Lang::Zh => "未发现遗留的外地地名、层级称谓、届次、年份或讲话人".to_string(),
        Lang::En => "no leftover place, self-reference, term, year or speaker found".to_string(),
    }
}

pub fn check_heading_leftovers() -> &'static str {
    crate::i18n::pick("遗留名称", "Leftovers")
}

pub fn check_heading_sentences() -> &'static str {
    crate::i18n::pick("逐句对照", "Sentence by sentence")
}

pub fn check_heading_text() -> &'static str {
    crate::i18n::pick(
        "稿件正文（标出抄自档案的文字）",
        "The draft (text taken from the archive marked)",
    )
}

/// A sentence's source: `抄自 …：重合 80%，相似度 0.72`.
pub fn check_sentence_source(source: &str, share: f64, similarity: f64) -> String {
    let p = percent(share);
    match lang() {
        Lang::Zh => format!("抄自 {source}：重合 {p}，相似度 {similarity:.2}"),
        Lang::En => format!("from {source}: {p} shared, similarity {similarity:.2}"),
    }
}

pub fn check_longest(run: &str) -> String {
    match lang() {
        Lang::Zh => format!("最长重合：“{run}”"),
        Lang::En => format!("longest shared run: “{run}”"),
    }
}

pub fn check_sentence_common() -> &'static str {
    crate::i18n::pick(
        "常见套话：见于多篇讲话，不计为抄自某篇",
        "common phrasing: in many speeches, not taken from one",
    )
}

pub fn check_sentence_own() -> &'static str {
    crate::i18n::pick("自拟", "own text")
}

pub fn check_sentence_short() -> &'static str {
    crate::i18n::pick("过短，未比对", "too short to tell")
}

/// `第 3 段第 2 句`.
pub fn check_sentence_at(paragraph: usize, sentence: usize) -> String {
    match lang() {
        Lang::Zh => format!("第 {paragraph} 段第 {sentence} 句"),
        Lang::En => format!("¶{paragraph} sentence {sentence}"),
    }
}

pub fn check_paragraph_label(paragraph: usize) -> String {
    match lang() {
        Lang::Zh => format!("第{paragraph}段"),
        Lang::En => format!("¶{paragraph}"),
    }
}

pub fn check_wrote(path: &str) -> String {
    match lang() {
        Lang::Zh => format!("查重报告已写入 {path}"),
        Lang::En => format!("wrote the check report to {path}"),
    }
}

pub fn check_docx_needs_file() -> String {
    match lang() {
        Lang::Zh => "--format docx 需要用 -o 指定输出文件（如 -o 查重.docx）".to_string(),
        Lang::En => "--format docx needs an output file: -o FILE.docx".to_string(),
    }
}

pub fn check_exists(path: &str) -> String {
    match lang() {
        Lang::Zh => format!("{path}：文件已存在；加 --force 覆盖"),
        Lang::En => format!("{path}: already exists; add --force to overwrite it"),
    }
}
