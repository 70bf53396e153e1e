//! 查重: the form (a draft pasted or a file uploaded) and the report of a
//! draft as the Word report lays it out, with links into the reader.

use maud::{Markup, html};

use super::super::speech::id_of;
use super::{View, error_line, layout};
use crate::i18n::msg;
use renda_core::search::check::{Report, SourceRef};

/// What the 查重 form shows: the draft and its settings as given.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub text: String,
    pub region: String,
    pub year: String,
    /// The uploaded file's name, if the draft came as a file.
    pub file: Option<String>,
}

/// The 查重 form (a draft pasted or a .docx/.txt uploaded, sent by POST)
/// and, when checked, the report as the Word report shows it, with links
/// into the reader, and buttons to download it.
pub fn check_page(draft: &Draft, report: Option<&Report>, error: Option<&str>) -> String {
    let body = html! {
        h1 { "查重" }
        form class="check" method="post" action="/check" enctype="multipart/form-data" {
            p {
                textarea name="text" rows="12" maxlength=(super::super::MAX_DRAFT_CHARS)
                    placeholder="粘贴稿件全文，或在下面选择稿件文件：逐句查出抄自档案中哪篇讲话、抄了多少，以及忘了改的地名、届次、年份和讲话人" {
                    (draft.text)
                }
            }
            p {
                label {
                    "或上传稿件 "
                    input type="file" name="file"
                        accept=".docx,.doc,.wps,.txt,.md,.odt,.pdf,.htm,.html";
                }
                @if let Some(f) = &draft.file {
                    " "
                    span class="count" { "上次上传：" (f) }
                }
            }
            fieldset {
                label {
                    "本稿地区 "
                    input name="region" maxlength="50" value=(draft.region);
                }
                label {
                    "本稿年份 "
                    input class="year" name="year" inputmode="numeric" maxlength="5"
                        value=(draft.year);
                }
            }
            p {
                button name="format" value="html" { "检查" }
                " "
                button name="format" value="docx" { "检查并下载 Word 报告" }
                " "
                button name="format" value="md" { "下载 Markdown 报告" }
            }
        }
        @if let Some(e) = error { (error_line(e)) }
        @if let Some(r) = report { (check_report(r)) }
    };
    layout("查重", View::Check, body)
}

/// Stands for a source in a message until it is put in as a link.
const SOURCE_SLOT: &str = "\u{e000}";

/// `message` (said with [`SOURCE_SLOT`] where the source goes), the
/// source put in as a link to its paragraph in the reader.
fn with_source(message: &str, s: &SourceRef) -> Markup {
    html! {
        @for (i, part) in message.split(SOURCE_SLOT).enumerate() {
            @if i > 0 {
                a href={ "/speech/" (id_of(&s.file)) "#p" (s.paragraph) } {
                    (crate::output::check::source_line(s))
                }
            }
            (part)
        }
    }
}

/// The report of a draft as the Word report lays it out: the overall
/// lines, the leftovers, the draft with copied runs highlighted (common
/// phrasing grey, leftovers red), a note under each paragraph naming the
/// sources, every source a link into the reader.
pub fn check_report(r: &Report) -> Markup {
    use crate::output::check::{leftover_lines, overall};
    html! {
        section class="report" {
            h2 { (msg::check_title(&r.title)) }
            p class="settings" {
                (msg::check_settings(r.region.as_deref(), r.level, r.year, r.term.as_deref()))
            }
            @for line in overall(r) {
                p class="overall" { (line) }
            }
            @if !r.speeches.is_empty() {
                ul class="speeches" {
                    @for sp in &r.speeches {
                        li {
                            a href={ "/speech/" (id_of(&sp.file)) } {
                                (if sp.title.is_empty() { &sp.file } else { &sp.title })
                            }
                            " "
                            (msg::check_speech_part("", sp.share))
                        }
                    }
                }
            }
            h3 { (msg::check_heading_leftovers()) }
            @if r.leftovers.is_empty() {
                p { (msg::check_no_leftovers()) }
            } @else {
                ul class="leftovers" {
                    @for (l, (_, sentence)) in r.leftovers.iter().zip(leftover_lines(r)) {
                        li {
                            b {
                                (with_source(
                                    &msg::check_leftover(l.kind, &l.name, SOURCE_SLOT, l.possible),
                                    &l.source,
                                ))
                            }
                            "　" (sentence)
                        }
                    }
                }
            }
            h3 { (msg::check_heading_text()) }
            p class="legend note" {
                mark class="copied" { "抄自档案" }
                span class="common" { "常见套话" }
                mark class="leftover" { "遗留名称" }
            }
            (draft_paragraphs(r))
        }
    }
}

/// The draft, a paragraph at a time, its copied runs marked, each followed
/// by the notes that name the sources of its sentences.
fn draft_paragraphs(r: &Report) -> Markup {
    use crate::output::check::{Mark, SentenceCounter, pieces};
    use renda_core::search::check::Status;
    let mut counter = SentenceCounter::default();
    let mut out = String::new();
    for p in &r.paragraphs {
        let mut text: Vec<Markup> = Vec::new();
        let mut notes: Vec<Markup> = Vec::new();
        for (k, sentence) in r.sentences.iter().enumerate() {
            if sentence.paragraph != p.n {
                continue;
            }
            let n = counter.next(sentence.paragraph);
            text.extend(pieces(r, k).into_iter().map(|(piece, m)| match m {
                Mark::Plain => html! { (piece) },
                Mark::Copied => html! { mark class="copied" { (piece) } },
                Mark::Common => html! { span class="common" { (piece) } },
                Mark::Leftover => html! { mark class="leftover" { (piece) } },
            }));
            let at = msg::check_sentence_at(sentence.paragraph, n);
            match sentence.status {
                Status::Copied => {
                    for src in &sentence.sources {
                        let note =
                            msg::check_sentence_source(SOURCE_SLOT, src.share, src.similarity);
                        notes.push(html! { (at) "：" (with_source(&note, &src.source)) });
                    }
                    if !sentence.longest.is_empty() {
                        notes.push(html! { (at) "：" (msg::check_longest(&sentence.longest)) });
                    }
                }
                Status::Common => {
                    notes.push(html! { (at) "：" (msg::check_sentence_common()) });
                }
                Status::Own | Status::Short => {}
            }
        }
        let paragraph = html! {
            p class="draft" { @for t in &text { (t) } }
            @for note in &notes {
                p class="note" { "——" (note) }
            }
        };
        out.push_str(&paragraph.into_string());
    }
    maud::PreEscaped(out)
}
