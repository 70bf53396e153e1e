//! renda serve: the page's words.

use super::*;

// ---- renda serve ----------------------------------------------------------

/// `renda serve` found no index and offers to build one on the page.
/// An index in an earlier renda's format, which the page builds anew.
pub fn serve_stale_index(index: &str, found: u32) -> String {
    let ours = renda_core::index::FORMAT;
    match lang() {
        Lang::Zh => format!(
            "{index} 的索引由旧版本的 renda 写成（索引格式 {found}，本版使用 {ours}），需要重建：请选择讲话所在的文件夹，renda 会重新读取并建立索引（你的文件不会改动）"
        ),
        Lang::En => format!(
            "{index} holds an index of an earlier renda (format {found}, this renda uses {ours}): choose the folder of speeches to build it anew (your files are not changed)"
        ),
    }
}

pub fn serve_first_start(index: &str) -> String {
    match lang() {
        Lang::Zh => {
            format!("{index} 还没有索引：请在网页上选择讲话所在的文件夹，建好索引后即可检索")
        }
        Lang::En => format!(
            "{index} holds no index yet: choose the folder of speeches on the page to build one"
        ),
    }
}

/// `renda serve` found no index on an address other machines reach.
pub fn serve_first_start_off(index: &str) -> String {
    match lang() {
        Lang::Zh => format!(
            "{index} 还没有索引；网页绑定在局域网地址上，不能从网页建立索引：请在本机运行 renda index 文件夹 --index {index}，或用 renda serve --allow-index 启动"
        ),
        Lang::En => format!(
            "{index} holds no index, and the page cannot build one on a network address: run renda index FOLDER --index {index} on this machine, or start with renda serve --allow-index"
        ),
    }
}

/// Stopping the server from a page open to the network.
pub fn serve_quit_off() -> &'static str {
    crate::i18n::pick(
        "网页绑定在局域网地址上，不能从网页关闭 renda；请在运行它的电脑上按 Ctrl-C",
        "renda cannot be stopped from a page on a network address; press Ctrl-C where it runs",
    )
}

/// No folder was given to index.
pub fn serve_no_folder() -> &'static str {
    crate::i18n::pick(
        "请填写或选择讲话所在的文件夹",
        "type or choose the folder of speeches",
    )
}

/// A folder given to index does not exist.
pub fn serve_folder_missing(path: &str) -> String {
    match lang() {
        Lang::Zh => format!("{path}：找不到这个文件夹"),
        Lang::En => format!("{path}: no such folder"),
    }
}

/// The page built the index but could not open it.
pub fn serve_index_unopened(reason: &str) -> String {
    match lang() {
        Lang::Zh => format!("索引已建立，但无法打开：{reason}"),
        Lang::En => format!("the index was built but cannot be opened: {reason}"),
    }
}

/// The line `renda serve` starts with.
pub fn serve_open(url: &str) -> String {
    match lang() {
        Lang::Zh => format!("在浏览器中打开 {url}"),
        Lang::En => format!("Open {url} in a browser"),
    }
}

/// How to stop the server.
pub fn serve_stop() -> &'static str {
    crate::i18n::pick("按 Ctrl-C 停止", "Press Ctrl-C to stop")
}

/// The port asked for is another program's; the page opens on `instead`.
pub fn serve_port_taken(port: u16, instead: u16) -> String {
    match lang() {
        Lang::Zh => format!("端口 {port} 已被其他程序占用，改用端口 {instead}"),
        Lang::En => format!("port {port} is taken by another program; using port {instead}"),
    }
}

/// The server could not listen on `addr` (`--bind`, `--port`).
pub fn serve_bind_failed(addr: &str, e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match lang() {
        Lang::Zh => {
            let reason = match e.kind() {
                K::AddrNotAvailable => "本机没有这个地址（--bind 只能用本机网卡的地址，默认 127.0.0.1）".to_string(),
                K::AddrInUse => "这个端口已被其他程序占用，请用 --port 换一个端口（0 表示任选空闲端口）".to_string(),
                K::PermissionDenied => "没有权限使用这个端口（1024 以下的端口通常需要管理员权限），请用 --port 换一个端口".to_string(),
                _ => format!("系统拒绝（{}）", crate::i18n::files::io_error(Lang::Zh, e)),
            };
            format!("无法在 {addr} 上启动网页：{reason}")
        }
        Lang::En => format!("cannot serve the page on {addr}: {e}"),
    }
}

/// A `--allow-host` that names no host.
pub fn serve_bad_allow_host(given: &str) -> String {
    let given = renda_core::display::escaped(given);
    match lang() {
        Lang::Zh => format!(
            "--allow-host “{given}”不是主机名或地址：请写成 renda.office、192.168.1.5 这样（不带 http://）"
        ),
        Lang::En => format!(
            "--allow-host \"{given}\" is not a host name or address: write it like renda.office or 192.168.1.5 (no http://)"
        ),
    }
}

/// A request naming a host this server is not (`Host`): what a page of
/// another site does after re-pointing its name at this machine.
/// A request with two `Host` headers.
pub fn serve_many_hosts() -> String {
    match lang() {
        Lang::Zh => "请求里有不止一个 Host 头，无法确定要访问哪个主机".to_string(),
        Lang::En => "the request has more than one Host header".to_string(),
    }
}

pub fn serve_foreign_host(host: &str) -> String {
    match lang() {
        Lang::Zh => format!(
            "拒绝：本网页只接受用本机地址打开，而请求的主机名是“{host}”；要用别的名字或地址打开，请在启动时加 --allow-host 名字"
        ),
        Lang::En => format!(
            "refused: this page answers only to its own addresses, not to \"{host}\"; to open it under another name, start it with --allow-host NAME"
        ),
    }
}

/// A request body that did not arrive within its time.
pub fn serve_body_timeout(seconds: u64) -> String {
    match lang() {
        Lang::Zh => format!("提交的内容在 {seconds} 秒内没有传完，已放弃"),
        Lang::En => format!("the request body did not arrive within {seconds} s and was given up"),
    }
}

/// A request whose body could not be read.
pub fn serve_body_unreadable() -> &'static str {
    crate::i18n::pick(
        "提交的内容无法读取（连接中断或格式不对）",
        "the request body could not be read (the connection broke or it is malformed)",
    )
}

/// A URL whose path cannot be read (not UTF-8 once decoded).
pub fn serve_bad_path() -> &'static str {
    crate::i18n::pick(
        "网址无效：其中有无法识别的字符",
        "invalid address: it holds characters that cannot be read",
    )
}

/// The warning of a server bound to an address other machines reach.
pub fn serve_network_warning(addr: &str) -> String {
    match lang() {
        Lang::Zh => format!(
            "注意：网页绑定在 {addr}，局域网内的其他电脑也能打开它、检索并阅读本索引中的全部讲话；只在本机使用请去掉 --bind（默认 127.0.0.1）"
        ),
        Lang::En => format!(
            "warning: the page is bound to {addr}: other machines on the network can open it and read every speech in this index; leave out --bind (127.0.0.1 by default) to keep it to this machine"
        ),
    }
}

/// The host names a server on a network address answers to.
pub fn serve_hosts(names: &[String]) -> String {
    match lang() {
        Lang::Zh => format!(
            "网页只接受这些主机名：{}；其他电脑用别的名字或地址打开时，请用 --allow-host 加上",
            names.join("、")
        ),
        Lang::En => format!(
            "the page answers only to these host names: {}; add the names or addresses other machines use with --allow-host",
            names.join(", ")
        ),
    }
}

/// `--open` could not start a browser.
pub fn serve_open_failed(reason: &str) -> String {
    match lang() {
        Lang::Zh => format!("无法打开浏览器（{reason}），请手动打开上面的地址"),
        Lang::En => format!("could not open a browser ({reason}); open the address above by hand"),
    }
}

/// The server stopped.
pub fn serve_stopped() -> &'static str {
    crate::i18n::pick("已停止", "stopped")
}

/// A request parameter longer than allowed.
/// A request parameter as a message names it: in Chinese by what it is,
/// with its name in the address (`宽度（width）`); in English by its name.
fn param(name: &str) -> String {
    let label = match name {
        "q" | "query" => "检索词",
        "theme" => "主题",
        "limit" => "条数",
        "offset" => "起始位置",
        "depth" => "比较的段数",
        "width" => "宽度",
        "by" => "比较方式",
        "sort" => "排序",
        "region" => "地区",
        "section" => "部分",
        "file" => "文件",
        "text" => "文字",
        "paragraph" => "段号",
        "id" => "编号",
        "year" => "年份",
        "since" => "起始年份",
        "until" => "截止年份",
        "level" => "层级",
        _ => "",
    };
    match lang() {
        Lang::Zh if !label.is_empty() => format!("{label}（{name}）"),
        Lang::Zh => format!("“{name}”"),
        Lang::En => name.to_string(),
    }
}

/// A request parameter whose value is not UTF-8 once decoded.
pub fn serve_bad_encoding(name: &str) -> String {
    let name = param(name);
    match lang() {
        Lang::Zh => format!("{name}不是有效的 UTF-8 文字"),
        Lang::En => format!("{name} is not valid UTF-8 text"),
    }
}

pub fn serve_too_long(name: &str, max: usize) -> String {
    let name = param(name);
    match lang() {
        Lang::Zh => format!("{name}太长：最多 {max} 个字"),
        Lang::En => format!("{name} is too long: at most {max} characters"),
    }
}

/// A request parameter that is not a number in range.
pub fn serve_bad_number(name: &str, value: &str, max: usize) -> String {
    let name = param(name);
    match lang() {
        Lang::Zh => format!("{name}应为 0 到 {max} 之间的整数，而不是“{value}”"),
        Lang::En => format!("{name} must be a whole number from 0 to {max}, not \"{value}\""),
    }
}

/// A search without a query.
pub fn serve_empty_query() -> &'static str {
    crate::i18n::pick("请输入要检索的内容", "type what to search for")
}

/// A speech id the index does not hold.
pub fn serve_no_speech(id: &str) -> String {
    match lang() {
        Lang::Zh => format!("索引中没有这篇讲话（编号 {id}）；索引更新后编号可能已变，请重新检索"),
        Lang::En => {
            format!("the index holds no speech {id}; after an update ids may change, search again")
        }
    }
}

/// A page that does not exist.
pub fn serve_not_found() -> &'static str {
    crate::i18n::pick("没有这个网页", "no such page")
}

/// A query that took too long.
pub fn serve_timeout(seconds: u64) -> String {
    match lang() {
        Lang::Zh => {
            format!("检索超过 {seconds} 秒仍未完成，已放弃；请把检索词写得更具体些，或加上筛选条件")
        }
        Lang::En => format!(
            "the search took longer than {seconds} s and was given up; make it more specific or add filters"
        ),
    }
}

/// A state-changing request from another site.
pub fn serve_cross_origin() -> &'static str {
    crate::i18n::pick(
        "拒绝：请求来自其他网站（只接受本页面发出的操作）",
        "refused: the request comes from another site (only this page may make it)",
    )
}

/// A request body over the limit of `max` bytes (`64 KB`, `1 MB`).
pub fn serve_body_too_large(max: usize) -> String {
    let (n, unit) = if max >= 1 << 20 && max.is_multiple_of(1 << 20) {
        (max >> 20, "MB")
    } else {
        (max.div_ceil(1024), "KB")
    };
    match lang() {
        Lang::Zh => format!("提交的内容太大：最多 {n} {unit}"),
        Lang::En => format!("the request is too large: at most {n} {unit}"),
    }
}

/// An upload (a multipart form) that cannot be read.
pub fn serve_bad_upload() -> String {
    pick_s(
        lang() == Lang::Zh,
        "上传的表单无法读取，请重新选择文件再提交",
        "the uploaded form cannot be read; choose the file again and send it",
    )
}

/// An error of the server itself.
pub fn serve_internal(detail: &str) -> String {
    match lang() {
        Lang::Zh => format!("服务器出错：{detail}"),
        Lang::En => format!("server error: {detail}"),
    }
}

/// An export format not known.
pub fn serve_bad_format(given: &str) -> String {
    match lang() {
        Lang::Zh => format!("不支持的导出格式“{given}”：可选 docx、csv、md、jsonl"),
        Lang::En => format!("unknown export format \"{given}\": docx, csv, md or jsonl"),
    }
}

/// A request parameter whose value is not one of the choices.
pub fn serve_bad_choice(name: &str, value: &str, choices: &str) -> String {
    let name = param(name);
    match lang() {
        Lang::Zh => format!("{name}只能是 {choices} 之一，而不是“{value}”"),
        Lang::En => format!("{name} must be one of {choices}, not \"{value}\""),
    }
}

/// The related words a search from the page also searched.
pub fn serve_also_searched(words: &str) -> String {
    match lang() {
        Lang::Zh => format!("也检索了：{words}"),
        Lang::En => format!("also searched: {words}"),
    }
}

/// What the filters of a search from the page left out as unknown.
pub fn serve_left_out(
    speeches: usize,
    paragraphs: usize,
    field: renda_core::search::Unknown,
) -> String {
    match lang() {
        Lang::Zh => format!(
            "另有 {speeches} 篇讲话（{paragraphs} 段）{}未知，未计入",
            field.chinese()
        ),
        Lang::En => format!(
            "{} ({}) with unknown {field} left out",
            en_count(speeches, "speech", "speeches"),
            en_count(paragraphs, "paragraph", "paragraphs")
        ),
    }
}

/// `similar` from the page without a text or a paragraph.
pub fn serve_similar_empty() -> &'static str {
    crate::i18n::pick(
        "请粘贴一段文字（text），或给出讲话编号和段落编号（id、paragraph）",
        "paste a text (text), or give a speech id and paragraph number (id, paragraph)",
    )
}

/// A re-index from the page is done.
pub fn serve_index_done(
    files: usize,
    paragraphs: usize,
    unchanged: usize,
    deleted: usize,
) -> String {
    match lang() {
        Lang::Zh => format!(
            "索引已更新：读取 {files} 个新增或改动的文件（{paragraphs} 段），{unchanged} 个文件未变，移除 {deleted} 篇讲话（文件已删除或文件夹已移除）"
        ),
        Lang::En => format!(
            "index updated: {files} new or changed files read ({paragraphs} paragraphs), {unchanged} unchanged, {deleted} speeches taken out (files deleted or folders removed)"
        ),
    }
}

/// A re-index from the page stopped before the end.
pub fn serve_index_interrupted(held: usize) -> String {
    match lang() {
        Lang::Zh => format!("索引更新中断：已提交的 {held} 个文件保留，下次更新会接着做"),
        Lang::En => format!(
            "the update stopped: the {held} files committed are kept; the next update goes on"
        ),
    }
}

/// The index is being written by another run.
pub fn serve_index_busy(pid: Option<u32>) -> String {
    let pid = pid.map(|p| format!("（进程 {p}）")).unwrap_or_default();
    match lang() {
        Lang::Zh => format!("另一个 renda index 正在写入这个索引{pid}，请等它完成后再更新"),
        Lang::En => {
            format!("another renda index is writing this index{pid}; wait for it to finish")
        }
    }
}

/// A re-index asked while one runs.
pub fn serve_index_running() -> &'static str {
    crate::i18n::pick(
        "索引正在更新，请等这次完成",
        "the index is being updated; wait for this run to finish",
    )
}

/// Re-indexing asked of a server open to the network.
pub fn serve_index_off() -> &'static str {
    crate::i18n::pick(
        "网页绑定在局域网地址上，已关闭从网页更新索引；需要时用 renda serve --allow-index 启动，或在本机运行 renda index",
        "updating the index from the page is off on a network address; start with renda serve --allow-index, or run renda index on this machine",
    )
}

/// The page's year range is empty: from after to.
pub fn serve_years(since: u16, until: u16) -> String {
    match lang() {
        Lang::Zh => format!("起始年份 {since} 晚于截止年份 {until}：没有讲话能同时满足"),
        Lang::En => {
            format!("the first year {since} is after the last year {until}: no speech can match")
        }
    }
}

/// The page's year lies outside its range.
pub fn serve_year_outside(year: u16) -> String {
    match lang() {
        Lang::Zh => format!("年份 {year} 不在所选的起止年份之内"),
        Lang::En => format!("the year {year} is outside the years chosen"),
    }
}
