//! Cleaning: drop what source sites added, and a speech's repeated copy of itself.
//!
//! Rules, in order:
//! 1. **Site chrome and ads.** A short line (at most 80 characters) that names
//!    the business of a download site — 仅供学习, 禁止外传, 会员群, QQ群,
//!    下载文档前请自行甄别, 小编, … — is dropped wherever it stands; one with a
//!    word official texts use too — 订阅, 二维码, 扫码, 倒卖, 注册 登录, 当前位置,
//!    a web address, … — only when it is no sentence (a watermark, a button,
//!    a footer: 扫码关注 and not 群众扫码即可反映意见，…). A site's header carries slogans with no ad
//!    word of their own (酷乐文行, 自建平台、实时分享), so within a block of
//!    short lines (between prose, headings and titles) that holds such a
//!    line, everything from its first to its last ad-like line goes too —
//!    from the block's first line when the block opens the file. A site's
//!    promotional lines (下面是小编为大家整理的…, 更多范文请关注…, 以上就是本文
//!    的全部内容) are ads too, and so is a line made only of a page's
//!    buttons (注册 登录, 正文复制, 返回 打印 关闭), and a site name (人民网,
//!    某某文库) or 目录 standing alone before the text begins: none is ever
//!    taken for the title.
//! 2. **Boilerplate.** Short lines that repeat across many files of the
//!    corpus (see [`Boilerplate`]) are dropped where they stand before or
//!    after the speech's own text, in a run that holds at least one line
//!    that is no sentence (a licence footer: 本作品是…, 公有领域, Public
//!    domain). Repeated sentences (会议还审议了有关任免案。), repeated lines
//!    inside the speech (结束语) and a file's first line, which may be its
//!    title, stay.
//! 3. **Repeats.** A speech pasted twice: a run of lines that repeats an
//!    earlier run of the same file line for line is dropped when it is
//!    substantial — at least 3 lines, one of them a long paragraph (over 80
//!    characters), and 1,000 characters or a tenth of the text. A single repeated
//!    paragraph (a quotation, a law's list item, 同志们：) stays.
//!
//! Headings and salutations are never dropped as ads, and anonymisation marks
//! (*, **, X, xxx) are left as they are. Nothing else is altered: a kept line
//! is the source line with its surrounding white space trimmed.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::structure;

pub use super::Line;
pub use super::structure::{is_chrome_words, is_site_name};

/// A line the cleaner dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removed {
    /// 1-based line number in the decoded text.
    pub line: usize,
    pub text: String,
    pub reason: RemovalReason,
}

/// Why a line was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RemovalReason {
    /// An ad or watermark added by a site.
    Ad,
    /// A line repeated across many files of the corpus.
    Boilerplate,
    /// Part of a second copy of the speech within the same file.
    Repeat,
}

impl RemovalReason {
    /// The name used in summaries and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RemovalReason::Ad => "ad",
            RemovalReason::Boilerplate => "boilerplate",
            RemovalReason::Repeat => "repeat",
        }
    }
}

/// The result of cleaning a text.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    pub lines: Vec<Line>,
    pub removed: Vec<Removed>,
}

/// Lines longer than this (in characters) are never ads or boilerplate.
const SHORT: usize = 80;
/// Lines at least this long (in characters) count for repeat detection.
const REPEAT_MIN: usize = 20;
/// A repeated run is a second copy when it holds this many lines…
const REPEAT_RUN_LINES: usize = 3;
/// …and this many characters, or this share of the text.
const REPEAT_RUN_CHARS: usize = 1000;
const REPEAT_RUN_SHARE: f64 = 0.10;

/// What only a site adds: an ad wherever it stands, a sentence or not.
static AD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"仅供学习|仅供参考.{0,6}禁止|禁止外传|禁止转载|请勿外传|会员群|会员资料|开通会员|",
        r"[Qq]{2}[:：]|微信号[:：]|下载文档|自行甄别|侵删|侵权.{0,6}删除|",
        // Promotional lines of the sites that collect speeches.
        r"小编|更多(?:范文|精彩|相关|优秀|内容|资料).{0,12}(?:请|敬请|欢迎)?(?:关注|访问|点击|查看|浏览)|",
        r"(?:欢迎|敬请)(?:下载|收藏|转载|关注|阅读参考)|本文由.{0,20}(?:整理|提供|发布|收集)|",
        r"以上(?:就是|是|便是)(?:本文|本篇|关于|今天|小编).{0,30}(?:内容|范文|文章)|",
        r"希望(?:本文|这篇|以上内容|以上范文).{0,15}(?:帮助|有用|参考)|",
        r"范文网|范文大全"
    ))
    .expect("ad pattern")
});

/// Words of a site's chrome that official texts use too (倒卖 in a law's
/// list of offences, 扫码 and 二维码 in a news item, a web address in an
/// article that names where to report): an ad only in a line that reads
/// as no text ([`reads_as_text`]: a watermark, a button, a footer).
static AD_UNLESS_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"订阅|扫码|二维码|QQ群|微信群|加微信|注册\s*登录|登录\s*注册|当前位置|下载地址|版权所有|",
        r"免责声明|来源于网络|",
        r"倒卖|立享|点击(?:下载|查看|阅读|关注|进入)|阅读原文|查看原文|更多精彩|",
        r"https?://|www\.|[A-Za-z0-9-]+\.(?:com|cn|net|org)(?-u:\b)|Copyright|©|",
        r"(?:相关|热门|精选)(?:推荐|范文|阅读|文章)[:：]?$|猜你喜欢|文章来源[:：]|原文链接|",
        r"免费下载|全文阅读|全文下载|word版|Word版|可编辑"
    ))
    .expect("ad pattern")
});

/// Words that mark an ad only inside the header or footer block of a file.
static AD_WEAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"会员|免费|付费|资料|平台|分享|迭代|VIP|vip|客服|淘宝|店铺|公众号|关注|文库|举报")
        .expect("weak ad pattern")
});

/// Whether a trimmed line is an ad or a piece of site chrome wherever it stands.
pub fn is_ad(line: &str) -> bool {
    let chars = line.chars().count();
    chars <= SHORT
        && !is_structural(line)
        && (AD.is_match(line)
            || (!reads_as_text(line) && AD_UNLESS_SENTENCE.is_match(line))
            || is_chrome_words(line))
}

fn is_weak_ad(line: &str) -> bool {
    line.chars().count() <= SHORT
        && !is_structural(line)
        && (AD_WEAK.is_match(line) || is_site_name(line))
}

fn is_structural(line: &str) -> bool {
    structure::heading(line).is_some() || structure::is_salutation(line)
}

/// Whether a line reads as a text's own: a sentence, or a headline that
/// quotes a title or a phrase (新版《商品二维码》国家标准正式实施, 涉企行政检查
/// “扫码入企”全面推行), as a site's watermarks and buttons do not.
fn reads_as_text(line: &str) -> bool {
    is_sentence(line) || line.contains(['《', '“'])
}

/// Whether a line carries sentence punctuation, as paragraphs do and
/// watermarks do not.
fn is_sentence(line: &str) -> bool {
    line.contains(['，', '。', '！', '？', '；', '、', ',', '!', '?', ';'])
}

/// Short lines that repeat across the files of a corpus.
///
/// A line counts when it is at most 80 characters long, is not a heading,
/// salutation, speech title or thanks (谢谢), and stands in at least 3 files
/// and at least 1% of the files counted.
#[derive(Debug, Clone, Default)]
pub struct Boilerplate {
    files: usize,
    counts: HashMap<String, usize>,
    lines: HashSet<String>,
}

impl Boilerplate {
    /// An empty table: nothing is boilerplate.
    pub fn new() -> Self {
        Self::default()
    }

    /// Count the candidate lines of one file.
    pub fn add_file(&mut self, text: &str) {
        self.files += 1;
        let mut seen: HashSet<&str> = HashSet::new();
        for line in text.lines().map(str::trim) {
            if Self::candidate(line) && seen.insert(line) {
                *self.counts.entry(line.to_string()).or_default() += 1;
            }
        }
    }

    /// Add the counts of `other`, made over other files.
    pub fn merge(&mut self, other: Boilerplate) {
        self.files += other.files;
        if self.counts.len() < other.counts.len() {
            let mine = std::mem::replace(&mut self.counts, other.counts);
            for (line, n) in mine {
                *self.counts.entry(line).or_default() += n;
            }
        } else {
            for (line, n) in other.counts {
                *self.counts.entry(line).or_default() += n;
            }
        }
    }

    /// Decide which counted lines are boilerplate. Call after the last
    /// [`add_file`](Self::add_file).
    pub fn finish(&mut self) {
        let min = 3.max(self.files.div_ceil(100));
        self.lines = self
            .counts
            .iter()
            .filter(|(_, n)| **n >= min)
            .map(|(line, _)| line.clone())
            .collect();
    }

    /// Whether a trimmed line is boilerplate.
    pub fn contains(&self, line: &str) -> bool {
        self.lines.contains(line)
    }

    /// A fingerprint of the set of boilerplate lines: when it changes, files
    /// indexed before may clean differently now.
    pub fn fingerprint(&self) -> String {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for line in self.lines() {
            h.update(line.as_bytes());
            h.update(b"\n");
        }
        format!("{:016x}", h.digest())
    }

    /// The boilerplate lines, sorted.
    pub fn lines(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.lines.iter().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    fn candidate(line: &str) -> bool {
        !line.is_empty()
            && line.chars().count() <= SHORT
            && !line.contains("谢谢")
            && !is_structural(line)
            && !structure::is_title_pattern(line)
    }
}

/// Clean a decoded text: split it into trimmed lines and drop ads,
/// boilerplate and repeats.
pub fn clean(text: &str, boilerplate: Option<&Boilerplate>) -> Cleaned {
    let lines: Vec<Line> = text
        .lines()
        .enumerate()
        .map(|(i, l)| Line {
            no: i + 1,
            text: l.trim().to_string(),
        })
        .filter(|l| !l.text.is_empty())
        .collect();
    let mut reason: Vec<Option<RemovalReason>> = vec![None; lines.len()];

    mark_ads(&lines, &mut reason);
    if let Some(bp) = boilerplate {
        mark_boilerplate(&lines, bp, &mut reason);
    }
    mark_repeats(&lines, &mut reason);

    let mut out = Cleaned::default();
    for (line, r) in lines.into_iter().zip(reason) {
        match r {
            Some(reason) => out.removed.push(Removed {
                line: line.no,
                text: line.text,
                reason,
            }),
            None => out.lines.push(line),
        }
    }
    out
}

/// Whether a line is plainly part of the speech: a long line or a sentence
/// ending in a full stop, and no ad.
fn is_prose(line: &str) -> bool {
    line.chars().count() > SHORT || (line.contains('。') && !is_ad(line))
}

fn mark_ads(lines: &[Line], reason: &mut [Option<RemovalReason>]) {
    // Blocks of short lines between the speech's prose, headings and titles:
    // a site's header or footer, or a second header pasted mid-file.
    let breaks = |t: &str| is_prose(t) || is_structural(t) || structure::is_title_pattern(t);
    let mut a = 0;
    while a < lines.len() {
        if breaks(&lines[a].text) {
            a += 1;
            continue;
        }
        let mut b = a;
        while b < lines.len() && !breaks(&lines[b].text) {
            b += 1;
        }
        let block = &lines[a..b];
        if let Some(first) = block.iter().position(|l| is_ad(&l.text)) {
            let last = block
                .iter()
                .rposition(|l| is_ad(&l.text) || is_weak_ad(&l.text))
                .unwrap_or(first);
            // At the top of the file the whole header goes.
            let from = if a == 0 { 0 } else { first };
            for r in &mut reason[a + from..=a + last] {
                *r = Some(RemovalReason::Ad);
            }
        }
        a = b;
    }
    for (i, l) in lines.iter().enumerate() {
        if reason[i].is_none() && is_ad(&l.text) {
            reason[i] = Some(RemovalReason::Ad);
        }
    }
    // Before the text begins, a site name or 目录 alone is the page's, not
    // the speech's title.
    for (i, l) in lines.iter().enumerate() {
        if reason[i].is_some() {
            continue;
        }
        if is_site_name(&l.text) {
            reason[i] = Some(RemovalReason::Ad);
        } else {
            break;
        }
    }
}

fn mark_boilerplate(lines: &[Line], bp: &Boilerplate, reason: &mut [Option<RemovalReason>]) {
    let first = reason.iter().position(Option::is_none);
    let common: Vec<bool> = lines
        .iter()
        .zip(reason.iter())
        .enumerate()
        .map(|(i, (l, r))| r.is_none() && Some(i) != first && bp.contains(&l.text))
        .collect();
    // The speech spans from its first to its last line of prose that is its
    // own (not repeated across the corpus).
    let own_prose = |i: usize| !common[i] && is_prose(&lines[i].text);
    let start = (0..lines.len())
        .find(|&i| {
            let t = lines[i].text.as_str();
            own_prose(i) || structure::is_title_pattern(t) || is_structural(t)
        })
        .unwrap_or(lines.len());
    let end = (0..lines.len())
        .rev()
        .find(|&i| own_prose(i))
        .map_or(lines.len(), |i| i + 1);
    // Runs of repeated lines (ads inside a run do not break it).
    let mut i = 0;
    while i < lines.len() {
        if !common[i] {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < lines.len() && (common[j] || reason[j] == Some(RemovalReason::Ad)) {
            j += 1;
        }
        let chrome = (i..j).any(|k| common[k] && !is_sentence(&lines[k].text));
        if chrome {
            for k in (i..j).filter(|&k| common[k] && (k < start || k >= end)) {
                reason[k] = Some(RemovalReason::Boilerplate);
            }
        }
        i = j;
    }
}

/// Drop a second copy of lines already seen in this file.
fn mark_repeats(lines: &[Line], reason: &mut [Option<RemovalReason>]) {
    // Index over the lines still kept, so that an ad block between two
    // copies does not break the run.
    let kept: Vec<usize> = (0..lines.len()).filter(|&i| reason[i].is_none()).collect();
    let text = |k: usize| lines[kept[k]].text.as_str();
    let total: usize = kept.iter().map(|&i| lines[i].text.chars().count()).sum();
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    let mut repeat = vec![false; kept.len()];
    for k in 0..kept.len() {
        let t = text(k);
        if repeat[k] || t.chars().count() < REPEAT_MIN {
            continue;
        }
        let Some(&j) = first_seen.get(t) else {
            first_seen.insert(t, k);
            continue;
        };
        // Extend the run backwards (a repeated title, salutation or heading
        // before the long line) and forwards.
        let (mut start, mut back) = (k, j);
        while back > 0 && start - 1 > j && !repeat[start - 1] && text(back - 1) == text(start - 1) {
            start -= 1;
            back -= 1;
        }
        let mut end = k + 1;
        while end < kept.len() && j + (end - k) < k && text(j + (end - k)) == text(end) {
            end += 1;
        }
        let chars: Vec<usize> = (start..end).map(|i| text(i).chars().count()).collect();
        if chars.len() >= REPEAT_RUN_LINES && chars.iter().any(|&c| c > SHORT) && {
            let run = chars.iter().sum::<usize>();
            run >= REPEAT_RUN_CHARS || run as f64 >= REPEAT_RUN_SHARE * total as f64
        } {
            repeat[start..end].iter_mut().for_each(|r| *r = true);
        }
    }
    for (k, r) in repeat.into_iter().enumerate() {
        if r {
            reason[kept[k]] = Some(RemovalReason::Repeat);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(c: &Cleaned) -> Vec<&str> {
        c.lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn ad_words_in_short_lines_only() {
        assert!(is_ad("仅供学习 禁止外传"));
        assert!(is_ad("会员群：                      免费QQ群："));
        assert!(is_ad(
            "[查看原文](https://tv.cctv.com/2022/10/13/VIDE.shtml)"
        ));
        assert!(!is_ad(
            "我们还通过X人大网、微信公众号等众多平台宣传人大制度。"
        ));
        let long = format!("{}欢迎订阅。", "人大代表要密切联系群众，".repeat(10));
        assert!(!is_ad(&long));
        // A heading is never an ad, whatever its words.
        assert!(!is_ad("（三）加强企业注册登录管理"));
    }

    #[test]
    fn words_official_texts_use_too_make_an_ad_only_of_a_line_that_is_no_sentence() {
        for s in [
            "扫码关注公众号",
            "微信扫一扫 二维码",
            "现在订阅立享权益",
            "版权所有 某某网",
            "当前位置：首页 > 讲话",
            "www.example.com",
        ] {
            assert!(is_ad(s), "{s}");
        }
        let speech = [
            "新版《商品二维码》国家标准正式实施",
            "涉企行政检查“扫码入企”全面推行",
            "第八十五条 未取得旅行社业务经营许可的，不得以户外俱乐部、微信公众号、QQ群等名义从事经营性旅游业务。",
            "今年以来，各代表联络站积极探索，群众扫码即可向代表反映意见建议，全年收到建议1200多条。",
            "要严厉打击倒卖惠农补贴、套取财政资金等违法行为，切实维护群众利益。",
            "各乡镇要在联络站门口张贴二维码，方便群众随时联系代表。",
            "禁止将探矿权、采矿权倒卖牟利。",
            "（二）通过国家安全机关互联网举报受理平台（www.12339.gov.cn）举报；",
            "（三）向国家安全机关投寄信函举报；",
        ];
        for s in speech {
            assert!(!is_ad(s), "{s}");
        }
        let text = format!(
            "在全县人大工作会议上的讲话\n同志们：\n{}\n",
            speech.join("\n")
        );
        let c = clean(&text, None);
        assert!(c.removed.is_empty(), "{:?}", c.removed);
        assert_eq!(kept(&c)[2..], speech);
    }

    #[test]
    fn promotions_and_page_chrome_are_ads() {
        for s in [
            "下面是小编为大家整理的人大代表培训讲话稿，欢迎阅读参考。",
            "更多范文请关注本站",
            "以上就是本文的全部内容，希望对大家有所帮助。",
            "注册 登录",
            "正文复制",
            "[返回] [打印] [关闭]",
        ] {
            assert!(is_ad(s), "{s}");
        }
        for s in [
            "以上是我讲的几点意见，不妥之处请批评指正。",
            "希望大家在学习中有所收获。",
            "我就讲这么多，谢谢。",
            "大力发展网络经济",
        ] {
            assert!(!is_ad(s), "{s}");
        }
        let c = clean(
            "人民网\n目录\n在全县人大工作会议上的讲话\n同志们：\n正文复制\n正文。\n人民网",
            None,
        );
        assert_eq!(
            kept(&c),
            ["在全县人大工作会议上的讲话", "同志们：", "正文。", "人民网"]
        );
    }

    #[test]
    fn header_block_goes_with_its_ads() {
        let text = "仅供学习 禁止外传\n酷乐文行\n自建平台、实时分享\n现在订阅立享权益\n\n\
                    在X县人大工作会议上的讲话\n同志们：\n一、提高认识\n正文。";
        let c = clean(text, None);
        assert_eq!(
            kept(&c),
            [
                "在X县人大工作会议上的讲话",
                "同志们：",
                "一、提高认识",
                "正文。"
            ]
        );
        assert_eq!(c.removed.len(), 4);
        assert!(c.removed.iter().all(|r| r.reason == RemovalReason::Ad));
        assert_eq!(c.removed[1].text, "酷乐文行");
        assert_eq!(c.removed[1].line, 2);
    }

    #[test]
    fn header_without_ads_is_kept() {
        let text = "坚定制度自信\n推动人大工作高质量发展\n同志们：\n正文。";
        assert_eq!(clean(text, None).lines.len(), 4);
    }

    #[test]
    fn a_speech_pasted_twice_is_kept_once() {
        let speech = "在全市人大代表培训班上的讲话\n同志们：\n一、提高政治站位\n\
                      人大代表是国家权力机关的组成人员，肩负重要职责。人大代表来自人民，植根人民，\
                      要始终把人民放在心中最高位置，切实履行好宪法和法律赋予的各项职责，\
                      做到为人民用权、为人民履职、为人民服务。\n\
                      人大代表要始终同人民群众保持密切联系，倾听群众呼声。\n谢谢！";
        let text = format!("{speech}\n\n{speech}\n");
        let c = clean(&text, None);
        assert_eq!(kept(&c), speech.lines().collect::<Vec<_>>());
        assert_eq!(c.removed.len(), 6);
        assert!(c.removed.iter().all(|r| r.reason == RemovalReason::Repeat));
    }

    #[test]
    fn news_lines_are_not_a_header() {
        let text = "十四届全国人大常委会举行专题讲座\n央视网消息：讲座今天举行。\n会议听取了报告\n\
                    [查看原文](https://tv.cctv.com/2023/04/27/VIDE.shtml)";
        let c = clean(text, None);
        assert_eq!(c.lines.len(), 3);
        assert_eq!(c.removed.len(), 1);
    }

    #[test]
    fn a_law_may_repeat_its_list_items() {
        let text = "第一条 任免下列人员：\n（三）市监察委员会副主任、委员和其他人员\n\
                    第二条 撤销下列人员：\n（三）市监察委员会副主任、委员和其他人员";
        assert_eq!(clean(text, None).lines.len(), 4);
    }

    #[test]
    fn short_lines_may_repeat() {
        let text =
            "同志们：\n第一段很长很长很长很长很长很长很长很长很长。\n谢谢！\n同志们：\n谢谢！";
        assert_eq!(clean(text, None).lines.len(), 5);
    }

    #[test]
    fn boilerplate_needs_three_files() {
        let mut bp = Boilerplate::new();
        for i in 0..3 {
            bp.add_file(&format!(
                "标题{i}\n第{i}篇正文，内容不同。\n结束语\n尾声。\n某某文库精选\n公有领域\n，仅作学习。\n同志们：\n谢谢！"
            ));
        }
        bp.finish();
        assert!(bp.contains("某某文库精选"));
        assert!(bp.contains("，仅作学习。"));
        assert!(!bp.contains("同志们："));
        assert!(!bp.contains("谢谢！"));
        let c = clean(
            "标题\n正文，内容。\n结束语\n最后一段。\n某某文库精选\n公有领域\n，仅作学习。\n谢谢！",
            Some(&bp),
        );
        // The footer run goes; a repeated heading inside the speech stays.
        assert_eq!(
            kept(&c),
            ["标题", "正文，内容。", "结束语", "最后一段。", "谢谢！"]
        );
        assert!(
            c.removed
                .iter()
                .all(|r| r.reason == RemovalReason::Boilerplate)
        );

        let mut two = Boilerplate::new();
        two.add_file("某某文库精选\n");
        two.add_file("某某文库精选\n");
        two.finish();
        assert!(!two.contains("某某文库精选"));
    }

    #[test]
    fn counts_made_apart_add_up_to_the_counts_made_together() {
        let files: Vec<String> = (0..7)
            .map(|i| format!("标题{i}\n第{i}篇正文。\n某某文库精选\n本站{}\n", i % 2))
            .collect();
        let mut together = Boilerplate::new();
        for f in &files {
            together.add_file(f);
        }
        together.finish();
        // Split unevenly, merged into the smaller and into the larger side.
        for split in [1, 5] {
            let (mut a, mut b) = (Boilerplate::new(), Boilerplate::new());
            for (i, f) in files.iter().enumerate() {
                if i < split {
                    a.add_file(f)
                } else {
                    b.add_file(f)
                }
            }
            a.merge(b);
            a.finish();
            assert_eq!(a.files, together.files);
            assert_eq!(a.counts, together.counts);
            assert_eq!(a.lines(), together.lines());
            assert!(a.contains("某某文库精选") && a.contains("本站0") && a.contains("本站1"));
        }
    }
}
