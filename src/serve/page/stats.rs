//! 索引状态: the settings, the folders (with buttons to add, remove and
//! rebuild where the page may), the counts by level and by year; and the
//! office's own related expressions.

use maud::html;

use super::{View, layout};
use renda_core::index::reader::{Count, FolderCount, Stats, UNKNOWN};
use renda_core::speech::Level;

/// The settings the 索引状态 page shows.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Where the index lives.
    pub index: String,
    /// The address the page listens on.
    pub address: String,
    /// Whether the page may change the index.
    pub allow_index: bool,
    /// Whether a run is under way.
    pub running: bool,
}

/// 索引状态: the settings, the folders (with buttons to add, remove and
/// rebuild where the page may), speeches, paragraphs by level and by
/// year.
pub fn stats_page(
    st: &Stats,
    folders: &[FolderCount],
    last_commit: Option<&str>,
    settings: &Settings,
) -> String {
    let change = settings.allow_index && !settings.running;
    let unknown = |k: &str| {
        if k == UNKNOWN {
            "未知".to_string()
        } else {
            k.to_string()
        }
    };
    let levels: Vec<(String, &Count)> = st
        .by_level
        .iter()
        .map(|(k, c)| {
            let name = k
                .parse::<Level>()
                .map_or_else(|_| unknown(k), |l| l.as_chinese().to_string());
            (name, c)
        })
        .collect();
    let years: Vec<(String, &Count)> = st.by_year.iter().map(|(k, c)| (unknown(k), c)).collect();
    let table = |title: &str, rows: &[(String, &Count)]| {
        html! {
            h2 { (title) }
            table {
                tr { th {} th { "讲话" } th { "段落" } }
                @for (k, c) in rows {
                    tr { td { (k) } td class="n" { (c.speeches) } td class="n" { (c.paragraphs) } }
                }
            }
        }
    };
    let body = html! {
        h1 { "索引状态" }
        p {
            "共 " (st.speeches) " 篇讲话，" (st.paragraphs) " 段（另有 " (st.headings)
            " 个标题），占用 " (format!("{:.1}", st.size as f64 / 1e6)) " MB。"
        }
        @if let Some(t) = last_commit {
            p { "最后更新：" (t) }
        }
        h2 { "设置" }
        dl class="settings" {
            dt { "索引位置" } dd { code { (settings.index) } }
            dt { "网页地址" }
            dd {
                code { (settings.address) }
                @if !settings.allow_index { "（局域网地址：不能从网页更改索引）" }
            }
            dt { "界面语言" } dd { "中文（网页只用中文；--lang en 只把终端上的提示改为英文）" }
            dt { "相关说法" } dd { a href="/related" { "本单位的相关说法" } }
        }
        h2 { "文件夹" }
        @if !folders.is_empty() {
            table {
                tr {
                    th { "文件夹" } th { "路径前缀" } th { "讲话" }
                    @if change { th {} }
                }
                @for f in folders {
                    tr {
                        td { (f.path) }
                        td { (f.label) }
                        td class="n" { (f.speeches) }
                        @if change {
                            td {
                                form method="post" action="/index" {
                                    input type="hidden" name="remove" value=(f.path);
                                    button class="remove" { "移除" }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if change {
            form method="post" action="/index" class="add" {
                label {
                    "添加文件夹 "
                    input name="add" size="50" placeholder="讲话所在文件夹的路径";
                }
                " "
                button { "添加" }
                " "
                a href="/folders" { "浏览…" }
            }
            form method="post" action="/index" {
                input type="hidden" name="rebuild" value="1";
                button { "重建索引" }
                " 清空后重新读取以上全部文件夹（与 renda index --rebuild 相同）"
            }
        } @else if settings.running {
            p class="count" { "索引正在更新，" a href="/index" { "查看进度" } }
        }
        @if change {
            form method="post" action="/index" {
                button { "更新索引" }
                " 重新读取索引中各文件夹里新增和改动的文件（与 renda index 相同）"
            }
        }
        (table("按层级", &levels))
        (table("按年份", &years))
        @if change { (super::runs::quit_button()) }
    };
    layout("索引状态", View::Stats, body)
}

/// The office's own groups of related expressions: what they are, the
/// text of `related.txt`, and a form to save it where the page may change
/// the index.
pub fn related_page(text: &str, groups: usize, allowed: bool, message: Option<&str>) -> String {
    let body = html! {
        h1 { "本单位的相关说法" }
        p {
            "每行一组意思相近的说法，用空格分开，如 " code { "联系群众 倾听民意 接待选民" }
            "；以 # 开头的行是说明。检索其中一个说法时，同组的其他说法也检索（结果上方“也检索了”标为〔本单位词表〕），保存后下次检索起生效。文件保存在索引文件夹里的 "
            code { "related.txt" } "。"
        }
        @if let Some(m) = message {
            p class="notice" { (m) }
        }
        p { "现有 " (groups) " 组。" }
        @if allowed {
            form method="post" action="/related" class="related" {
                textarea name="text" rows="20" cols="80" lang="zh" { (text) }
                p { button type="submit" { "保存" } }
            }
        } @else {
            pre { (text) }
            p { "这个地址上不能从网页修改（只有本机地址或加了 --allow-index 才可以）。" }
        }
    };
    layout("本单位的相关说法", View::Stats, body)
}
