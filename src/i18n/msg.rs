//! The catalogue: every message renda says to people, in Chinese and in
//! English, as a function of what it says. The current language is
//! [`super::lang`]; tests and servers may set it per thread with
//! [`super::with_lang`].
//!
//! English counts take their plural here ([`en_count`]); Chinese counts
//! take a measure word (`5 个文件`, `3 篇讲话`, `66 段`).

use super::{Lang, lang};

/// `1 file`, `2 files`.
pub fn en_count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

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
    super::pick("、", ", ")
}

// ---- Indexing: the folders of an index ------------------------------------

fn shown(path: &std::path::Path) -> String {
    crate::display::path(path)
}

/// The folders of an index, for a message: `A`、`B` or `A, B`.
fn folder_list(folders: &[std::path::PathBuf]) -> String {
    folders
        .iter()
        .map(|f| shown(f))
        .collect::<Vec<_>>()
        .join(list_sep())
}

pub fn no_such_folder(path: &std::path::Path) -> String {
    match lang() {
        Lang::Zh => format!("{}：文件夹不存在", shown(path)),
        Lang::En => format!("{}: no such folder", shown(path)),
    }
}

/// A folder the index holds is gone from the disk: nothing is dropped
/// unasked.
pub fn indexed_folder_gone(path: &std::path::Path, index: &std::path::Path) -> String {
    match lang() {
        Lang::Zh => format!(
            "{}：索引 {} 收录的这个文件夹已不存在；索引未改动。要从索引中删除它的讲话，请用 renda index --remove {}",
            shown(path),
            shown(index),
            shown(path)
        ),
        Lang::En => format!(
            "{}: this folder of the index {} is gone; the index is unchanged. To drop its speeches, run renda index --remove {}",
            shown(path),
            shown(index),
            shown(path)
        ),
    }
}

/// ` --index I`, when the index is not the default one.
fn index_flag(index: &std::path::Path) -> String {
    if index == std::path::Path::new("index") {
        String::new()
    } else {
        format!(" --index {}", shown(index))
    }
}

/// `renda index B` on an index of other folders.
pub fn folder_not_in_index(
    index: &std::path::Path,
    held: &[std::path::PathBuf],
    folder: &std::path::Path,
) -> String {
    let (f, i) = (shown(folder), index_flag(index));
    match lang() {
        Lang::Zh => format!(
            "索引 {} 已收录文件夹 {}；要加入 {f}，请用 renda index --add {f}{i}；要重建为只含 {f} 的索引，请用 renda index {f} --rebuild{i}。索引未改动",
            shown(index),
            folder_list(held),
        ),
        Lang::En => format!(
            "the index {} holds the folder {}; to add {f} beside it, run renda index --add {f}{i}; to start over with {f} alone, run renda index {f} --rebuild{i}. The index is unchanged",
            shown(index),
            folder_list(held),
        ),
    }
}

/// `renda index --remove X` for a folder the index does not hold.
pub fn not_a_folder_of(
    index: &std::path::Path,
    held: &[std::path::PathBuf],
    folder: &std::path::Path,
) -> String {
    match lang() {
        Lang::Zh => format!(
            "{}：不是索引 {} 收录的文件夹（已收录：{}）",
            shown(folder),
            shown(index),
            folder_list(held)
        ),
        Lang::En => format!(
            "{}: not a folder of the index {} (it holds {})",
            shown(folder),
            shown(index),
            folder_list(held)
        ),
    }
}

/// `renda index` with no folder, on an index that holds none.
pub fn no_folder_given(index: &std::path::Path) -> String {
    match lang() {
        Lang::Zh => format!(
            "索引 {} 尚未收录任何文件夹；请给出要索引的文件夹：renda index 文件夹",
            shown(index)
        ),
        Lang::En => format!(
            "the index {} holds no folder yet; name the folder to index: renda index DIR",
            shown(index)
        ),
    }
}

/// Two folders of one index, one inside the other.
pub fn folders_overlap(inner: &std::path::Path, outer: &std::path::Path) -> String {
    match lang() {
        Lang::Zh => format!(
            "{}：位于同一索引的另一个文件夹 {} 之内，其中的讲话会收录两次；请只保留其一",
            shown(inner),
            shown(outer)
        ),
        Lang::En => format!(
            "{}: inside {}, another folder of the same index, whose speeches would be indexed twice; keep one of them",
            shown(inner),
            shown(outer)
        ),
    }
}

/// The same folder given twice in one run (`A --remove A`).
pub fn folder_added_and_removed(folder: &std::path::Path) -> String {
    match lang() {
        Lang::Zh => format!("{}：不能同时加入和删除同一个文件夹", shown(folder)),
        Lang::En => format!(
            "{}: a folder cannot be both indexed and removed in one run",
            shown(folder)
        ),
    }
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
    super::pick("文件夹", "folders")
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::with_lang;

    #[test]
    fn a_message_in_both_languages() {
        assert_eq!(
            with_lang(Lang::Zh, || files_read(5, 5, 66)),
            "已读取 5 个文件：5 篇讲话，66 段"
        );
        assert_eq!(
            with_lang(Lang::En, || files_read(1, 1, 2)),
            "1 file read: 1 speech, 2 paragraphs"
        );
    }
}
