//! An index run from the page: the first start (no index yet: choose a
//! folder, then how the run goes), the update page, the folder browser,
//! the note of the last run under the search form, and renda closing.

use std::path::PathBuf;

use maud::{Markup, html};

use super::super::reindex::Status;
use super::{View, error_line, layout, layout_with, refresh_each_second, url_encoded};
use renda_core::places::Listing;

/// The button that stops renda.
pub(super) fn quit_button() -> Markup {
    html! {
        form method="post" action="/quit" class="quit" {
            button { "关闭 renda" }
            " 停止本机的 renda（需要时再双击“启动 renda.sh”）"
        }
    }
}

/// What the page says once renda is stopping.
pub fn quit_page() -> String {
    layout(
        "renda 已关闭",
        View::Other,
        html! {
            h1 { "renda 已关闭" }
            p { "可以关掉这个标签页了。需要时再双击“启动 renda.sh”（或运行 renda serve --open）。" }
        },
    )
}

/// How a run ended: what it says, as an error when it failed.
fn result_line(st: &Status, result: &str) -> Markup {
    html! { p class=(if st.failed { "error" } else { "count" }) { (result) } }
}

/// Where a running run stands, `doing` (正在更新, 正在建立索引): its pass,
/// files done of all, the folder, and a progress bar; `id` goes on the
/// line's `<p>`.
fn progress_line(st: &Status, doing: &str, id: Option<&str>) -> Markup {
    let stage = if st.pass <= 1 {
        "查看文件"
    } else {
        "读取讲话、写入索引"
    };
    html! {
        p id=[id] {
            (doing) "（" (stage) "）：" (st.done) " / " (st.total) " 个文件"
            @if let Some(f) = &st.folder { "，文件夹 " (f) }
        }
        @if st.total > 0 {
            progress max=(st.total) value=(st.done) {}
        }
    }
}

/// The files a run could not use, each with why, as listed so far.
fn skipped_list(st: &Status) -> Markup {
    html! {
        @if !st.skipped_files.is_empty() {
            ul class="skipped" {
                @for f in &st.skipped_files {
                    li { (f.file) "：" (f.reason) }
                }
            }
            @if st.skipped > st.skipped_files.len() {
                p class="count" { "只列出前 " (st.skipped_files.len()) " 个" }
            }
        }
    }
}

/// The re-index page: where the run stands (refreshed each second while it
/// runs, with JavaScript off too), and the button.
pub fn index_page(st: &Status, allowed: bool, message: Option<&str>) -> String {
    let body = html! {
        h1 { "更新索引" }
        @if let Some(m) = message { (error_line(m)) }
        @if st.running {
            (progress_line(st, "正在更新", None))
            p { "更新期间检索照常进行，使用上次提交的索引。" }
        } @else {
            @if let Some(r) = &st.result { (result_line(st, r)) }
            @if st.skipped + st.warnings > 0 {
                p class="count" {
                    (st.skipped) " 个文件未能读取，" (st.warnings) " 条警告（详见命令行 renda index）"
                }
            }
            (skipped_list(st))
            @if allowed {
                form method="post" action="/index" { button { "更新索引" } }
            }
        }
    };
    let head = st.running.then(refresh_each_second);
    layout_with("更新索引", View::Stats, head, body)
}

/// Under the empty search form: how the last run from the page ended (its
/// speeches and paragraphs, the files not read, with a link to the list),
/// or nothing when none has.
pub fn last_run(st: &Status) -> Markup {
    let Some(result) = st.result.as_deref().filter(|_| !st.running) else {
        return html! {};
    };
    html! {
        p class={ (if st.failed { "error" } else { "count" }) " last-run" } {
            (result)
            @if !st.failed && st.speeches > 0 {
                "；共读取 " (st.speeches) " 篇讲话，" (st.paragraphs) " 段"
            }
            @if st.skipped > 0 {
                "；" (st.skipped) " 个文件未能读取（" a href="/index" { "查看是哪些、为什么" } "）"
            }
        }
    }
}

/// The folder browser: the places offered, the folder shown, its
/// sub-folders as links (`link(path)`), and a button that posts the folder
/// shown as `field` to `action`.
fn folder_browser(
    roots: &[PathBuf],
    listing: Option<&Result<Listing, String>>,
    link: &dyn Fn(&str) -> String,
    action: &str,
    field: &str,
    choose: &str,
) -> Markup {
    html! {
        div class="browser" {
            p class="places" {
                "位置："
                @for r in roots {
                    @let shown = r.to_string_lossy();
                    a href=(link(&shown)) { (shown) }
                    " "
                }
            }
            @match listing {
                Some(Ok(l)) => {
                    form method="post" action=(action) class="choose" {
                        input type="hidden" name=(field) value=(l.path);
                        code class="here" { (l.path) }
                        " "
                        button id="choose" { (choose) }
                    }
                    ul class="folders" {
                        @if let Some(parent) = &l.parent {
                            li { a href=(link(parent)) { "↑ 上一级" } }
                        }
                        @for name in &l.folders {
                            @let path = std::path::Path::new(&l.path).join(name);
                            li { a class="folder" href=(link(&path.to_string_lossy())) { "▸ " (name) } }
                        }
                        @if l.folders.is_empty() {
                            li class="count" { "（没有子文件夹）" }
                        }
                    }
                    @if l.truncated {
                        p class="count" { "只列出前 " (renda_core::places::MAX_LISTED) " 个" }
                    }
                }
                Some(Err(e)) => { (error_line(e)) }
                None => {}
            }
        }
    }
}

/// What the first-start page shows.
pub struct FirstStartView<'a> {
    /// Where the index will be.
    pub index: &'a str,
    pub status: &'a Status,
    pub roots: &'a [PathBuf],
    /// The folder being browsed.
    pub browse: Option<&'a Result<Listing, String>>,
    /// The path typed in the field.
    pub typed: &'a str,
    pub message: Option<&'a str>,
}

/// How a run stands: files read of all, the folder, the files not used
/// (each with why), and how the last run ended.
fn run_progress(st: &Status) -> Markup {
    html! {
        @if st.running {
            (progress_line(st, "正在建立索引", Some("progress")))
        } @else if let Some(r) = &st.result {
            (result_line(st, r))
            @if !st.failed {
                p class="count" { "共 " (st.speeches) " 篇讲话，" (st.paragraphs) " 段" }
            }
        }
        @if st.skipped + st.warnings > 0 {
            p class="count" { (st.skipped) " 个文件未能读取，" (st.warnings) " 条警告" }
        }
        (skipped_list(st))
    }
}

/// The first start: no index yet. While the index is built, how it goes
/// (refreshed each second); else the folder to build it from.
pub fn first_start(v: &FirstStartView) -> String {
    let welcome = html! {
        h1 { "欢迎使用 renda" }
        @if let Some(m) = v.message { (error_line(m)) }
        (run_progress(v.status))
    };
    if v.status.running {
        return layout_with(
            "正在建立索引",
            View::Other,
            Some(refresh_each_second()),
            html! { (welcome) p { "建好后本页会自动转到检索页。" } },
        );
    }
    let body = html! {
        (welcome)
        p {
            "还没有索引。请选择讲话稿所在的文件夹（可含子文件夹；.txt、.docx、.doc、.wps、.pdf、网页等格式均可），renda 会读取其中全部讲话并建立索引，之后即可检索。只读取，不改动你的文件。"
        }
        "\n"
        p class="count" { "索引将保存在 " code { (v.index) } }
        "\n"
        form method="post" action="/start" class="folder" {
            label {
                "文件夹 "
                input id="folder" name="folder" size="60" value=(v.typed)
                    placeholder="例如 /home/我/讲话稿";
            }
            " "
            button id="build" { "建立索引" }
        }
        "\n"
        h2 { "或在下面找到这个文件夹" }
        (folder_browser(
            v.roots,
            v.browse,
            &|p| format!("/start?dir={}", url_encoded(p)),
            "/start",
            "folder",
            "用这个文件夹建立索引",
        ))
        (quit_button())
    };
    layout("开始使用", View::Other, body)
}

/// The first start on an address other machines reach: no index, and why
/// the page does not build one.
pub fn first_start_off(message: &str) -> String {
    layout(
        "还没有索引",
        View::Other,
        html! { h1 { "还没有索引" } (error_line(message)) },
    )
}

/// The folder browser of the 索引状态 page: choose a folder to add.
pub fn add_folder_page(roots: &[PathBuf], listing: Option<&Result<Listing, String>>) -> String {
    let body = html! {
        h1 { "添加文件夹" }
        p {
            "找到讲话所在的文件夹，点“添加这个文件夹”；已有的文件夹保持不变（与 renda index --add 相同）。"
            a href="/stats" { "返回索引状态" }
        }
        (folder_browser(
            roots,
            listing,
            &|p| format!("/folders?dir={}", url_encoded(p)),
            "/index",
            "add",
            "添加这个文件夹",
        ))
    };
    layout("添加文件夹", View::Stats, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_run_reads_the_same_on_the_first_start_and_on_the_update_page() {
        let st = Status {
            running: true,
            pass: 2,
            done: 3,
            total: 7,
            folder: Some("<讲话稿>".into()),
            ..Default::default()
        };
        let line = progress_line(&st, "正在更新", None).into_string();
        assert!(
            line.contains("正在更新（读取讲话、写入索引）：3 / 7 个文件，文件夹 &lt;讲话稿&gt;"),
            "{line}"
        );
        assert!(line.contains(r#"<progress max="7" value="3">"#), "{line}");
        assert!(index_page(&st, true, None).contains(&line));
        assert!(
            run_progress(&st)
                .into_string()
                .contains("正在建立索引（读取讲话、写入索引）：3 / 7 个文件")
        );
    }
}
