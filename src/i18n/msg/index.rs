//! Indexing: the summary that ends a run, the folders of an index, opening and writing it.

use super::*;

// ---- Indexing: the summary that ends a run -------------------------------

/// The index already held every file as it is.
pub fn up_to_date(unchanged: usize) -> String {
    match lang() {
        Lang::Zh => format!("索引已是最新：{unchanged} 个文件自上次以来未变"),
        Lang::En => format!(
            "the index is up to date: {} unchanged since the last run",
            en_count(unchanged, "file", "files")
        ),
    }
}

/// What a run read.
pub fn files_read(files: usize, speeches: usize, paragraphs: usize) -> String {
    match lang() {
        Lang::Zh => format!("已读取 {files} 个文件：{speeches} 篇讲话，{paragraphs} 段"),
        Lang::En => format!(
            "{} read: {}, {}",
            en_count(files, "file", "files"),
            en_count(speeches, "speech", "speeches"),
            en_count(paragraphs, "paragraph", "paragraphs")
        ),
    }
}

/// A run that read no speech at all: the folders may be the wrong ones.
pub fn no_speech_read(folders: &str) -> String {
    match (lang(), folders.is_empty()) {
        (Lang::Zh, false) => format!(
            "提示：没有读到任何讲话，文件夹 {folders} 是不是选错了？renda 读取其中（含子文件夹）的 .txt、.md、.docx、.doc、.wps、.pdf 和网页等讲话稿"
        ),
        (Lang::Zh, true) => "提示：没有读到任何讲话，文件夹是不是选错了？renda 读取其中（含子文件夹）的 .txt、.md、.docx、.doc、.wps、.pdf 和网页等讲话稿".to_string(),
        (Lang::En, false) => format!(
            "hint: no speech was read; is {folders} the right folder? renda reads the .txt, .md, .docx, .doc, .wps, .pdf and web pages in it and its subfolders"
        ),
        (Lang::En, true) => "hint: no speech was read; is it the right folder? renda reads the .txt, .md, .docx, .doc, .wps, .pdf and web pages in it and its subfolders".to_string(),
    }
}

pub fn unchanged(files: usize) -> String {
    match lang() {
        Lang::Zh => format!("{files} 个文件自上次以来未变"),
        Lang::En => format!(
            "{} unchanged since the last run",
            en_count(files, "file", "files")
        ),
    }
}

pub fn removed_gone(files: usize) -> String {
    match lang() {
        Lang::Zh => format!("{files} 个文件已不在文件夹中，已从索引删除"),
        Lang::En => format!(
            "{} gone from the folder, removed from the index",
            en_count(files, "file", "files")
        ),
    }
}

pub fn copies_kept_once(copies: usize) -> String {
    match lang() {
        Lang::Zh => format!("{copies} 个文件与其他文件内容相同，只收录一次"),
        Lang::En => format!(
            "{} of other files kept once",
            en_count(copies, "copy", "copies")
        ),
    }
}

pub fn and_more_copies(more: usize) -> String {
    match lang() {
        Lang::Zh => format!("……另有 {more} 个（renda stats 列出全部）"),
        Lang::En => format!("… and {more} more (renda stats lists them all)"),
    }
}

/// `parts`: `3 无法识别的文件格式`, joined by the caller.
pub fn skipped_files(files: usize, parts: &str) -> String {
    match lang() {
        Lang::Zh => format!("跳过 {files} 个文件：{parts}"),
        Lang::En => format!("{} skipped: {parts}", en_count(files, "file", "files")),
    }
}

pub fn lines_removed(parts: &str) -> String {
    match lang() {
        Lang::Zh => format!("清理时删除的行：{parts}"),
        Lang::En => format!("lines removed while cleaning: {parts}"),
    }
}

pub fn documentation_passed_over(files: usize) -> String {
    match lang() {
        Lang::Zh => format!("{files} 个说明文件未收录（README、metadata.csv）"),
        Lang::En => format!(
            "{} passed over (README, metadata.csv)",
            en_count(files, "documentation file", "documentation files")
        ),
    }
}

/// The list separator: `、` or `, `.
pub fn list_sep() -> &'static str {
    crate::i18n::pick("、", ", ")
}

// ---- Indexing: the folders of an index ------------------------------------

pub(super) fn shown(path: &std::path::Path) -> String {
    renda_core::display::path(path)
}

/// Speeches taken out with the folders `--remove` named.
pub fn dropped_with_folders(speeches: usize) -> String {
    match lang() {
        Lang::Zh => format!("已从索引删除移除的文件夹中的 {speeches} 篇讲话"),
        Lang::En => format!(
            "{} of the folders removed taken out of the index",
            en_count(speeches, "speech", "speeches")
        ),
    }
}

/// The label of the progress bar of a pass over the files.
pub fn pass_label(pass: u8) -> &'static str {
    match (pass, lang()) {
        (1, Lang::Zh) => "扫描",
        (1, Lang::En) => "scanning",
        (_, Lang::Zh) => "索引",
        (_, Lang::En) => "indexing",
    }
}

/// The heading of the folders in `renda stats`.
pub fn stats_folders() -> &'static str {
    crate::i18n::pick("文件夹", "folders")
}

/// One folder in `renda stats`: its speeches, and its label in paths.
pub fn stats_folder(path: &std::path::Path, label: &str, speeches: usize) -> String {
    match (lang(), label.is_empty()) {
        (Lang::Zh, true) => format!("{}：{speeches} 篇讲话", shown(path)),
        (Lang::Zh, false) => format!("{}：{speeches} 篇讲话（路径以 {label}/ 开头）", shown(path)),
        (Lang::En, true) => format!(
            "{}: {}",
            shown(path),
            en_count(speeches, "speech", "speeches")
        ),
        (Lang::En, false) => format!(
            "{}: {} (paths begin {label}/)",
            shown(path),
            en_count(speeches, "speech", "speeches")
        ),
    }
}

// ---- The index: opening, writing, its errors ------------------------------

pub fn interrupted_again() -> String {
    pick_s(
        lang() == Lang::Zh,
        "\nrenda：再次中断；立即停止；索引保持上次提交时的内容",
        "\nrenda: interrupted again; stopping now; the index holds its last commit",
    )
}

pub fn interrupted(held: usize, again: &str) -> String {
    match lang() {
        Lang::Zh => {
            format!("renda：已中断；索引保持上次提交时的 {held} 个文件；再运行 `{again}` 即可完成")
        }
        Lang::En => format!(
            "renda: interrupted; the index holds {} as of its last commit; run `{again}` again to finish",
            en_count(held, "file", "files")
        ),
    }
}

/// A file skipped this run whose speech, as read before, stays indexed.
pub fn kept_as_read_before(path: &str) -> String {
    match lang() {
        Lang::Zh => format!("{path}：索引中保留它上次读到的内容"),
        Lang::En => format!("{path}: the index keeps what it read of it before"),
    }
}

/// After a skipped file's reason, on the page: its speech stays indexed.
pub fn kept_note() -> &'static str {
    crate::i18n::pick(
        "（索引中保留它上次读到的内容）",
        " (the index keeps what it read of it before)",
    )
}
