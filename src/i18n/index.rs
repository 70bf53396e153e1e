//! The index in words: why it cannot be opened or written
//! ([`renda_core::index::IndexError`]), why a run starts it over, the errors of
//! an index run ([`renda_core::index::UpdateError`]).

use super::{Lang, Say};
use renda_core::display;
use renda_core::index::{IndexDamage, IndexError, Rebuild, UpdateError};

fn shown(path: &std::path::Path) -> String {
    display::path(path)
}

/// The folders of an index, for a message: `A`、`B` or `A, B`.
fn folder_list(lang: Lang, folders: &[std::path::PathBuf]) -> String {
    folders
        .iter()
        .map(|f| shown(f))
        .collect::<Vec<_>>()
        .join(super::list_sep(lang))
}

/// ` --index I`, when the index is not the default one.
fn index_flag(index: &std::path::Path) -> String {
    if index == std::path::Path::new("index") {
        String::new()
    } else {
        format!(" --index {}", shown(index))
    }
}

fn pick_s(zh: bool, z: &str, e: &str) -> String {
    if zh { z } else { e }.to_string()
}

fn pick_f(zh: bool, z: String, e: impl FnOnce() -> String) -> String {
    if zh { z } else { e() }
}

impl Say for IndexDamage {
    fn say(&self, lang: Lang) -> String {
        match self {
            IndexDamage::MetaUnreadable => index_meta_unreadable(lang),
            IndexDamage::FileMissing(file) => index_file_missing(lang, file),
            IndexDamage::Other(what) => what.clone(),
        }
    }
}

impl Say for Rebuild {
    fn say(&self, lang: Lang) -> String {
        match self {
            Rebuild::Asked => "--rebuild".to_string(),
            Rebuild::Leftover => rebuild_reason_leftover(lang),
        }
    }
}

impl Say for IndexError {
    fn say(&self, lang: Lang) -> String {
        let p = |path| display::path(path);
        match self {
            IndexError::Missing { path } => index_missing(lang, &p(path)),
            IndexError::NotRenda { path } => index_not_renda(lang, &p(path)),
            IndexError::NotAnIndex { path } => not_an_index(lang, &p(path)),
            IndexError::OtherVersion { path, found } => {
                index_other_version(lang, &p(path), *found, renda_core::index::FORMAT)
            }
            IndexError::Busy { path, pid } => index_busy(lang, &p(path), *pid),
            IndexError::Damaged { path, detail } => {
                index_damaged(lang, &p(path), &detail.say(lang))
            }
            IndexError::Tantivy { path, source } => tantivy_failed(lang, path, source),
            IndexError::Io { path, source } => {
                if renda_core::files::is_disk_full(source) {
                    index_disk_full(lang, &p(path))
                } else {
                    super::msg::path_reason_in(
                        lang,
                        &p(path),
                        &super::files::io_error(lang, source),
                    )
                }
            }
            IndexError::InCorpus {
                index,
                corpus,
                inside,
            } => index_in_corpus(lang, &p(index), &p(corpus), *inside),
            IndexError::HoldsCorpus { index, corpus } => {
                index_holds_corpus(lang, &p(index), &p(corpus))
            }
            IndexError::NotAFolder { path, is_file } => {
                index_not_a_folder(lang, &p(path), *is_file)
            }
            IndexError::DanglingLink { path, target } => {
                index_dangling_link(lang, &p(path), &p(target))
            }
            IndexError::Dictionary(e) => e.say(lang),
            IndexError::BadDictionary { path, source } => {
                index_bad_dictionary(lang, &source.say(lang), &p(path))
            }
        }
    }
}

impl Say for UpdateError {
    fn say(&self, lang: Lang) -> String {
        match self {
            UpdateError::Index(e) => e.say(lang),
            UpdateError::Ingest(e) => e.say(lang),
            UpdateError::NoSuchFolder { path } => no_such_folder(lang, path),
            UpdateError::FolderGone { path, index } => indexed_folder_gone(lang, path, index),
            UpdateError::NotInIndex {
                index,
                held,
                folder,
            } => folder_not_in_index(lang, index, held, folder),
            UpdateError::NotAFolderOf {
                index,
                held,
                folder,
            } => not_a_folder_of(lang, index, held, folder),
            UpdateError::NoFolder { index } => no_folder_given(lang, index),
            UpdateError::Overlap { inner, outer } => folders_overlap(lang, inner, outer),
            UpdateError::AddedAndRemoved { folder } => folder_added_and_removed(lang, folder),
            UpdateError::PathNotUtf8 { path } => folder_path_not_utf8(lang, path),
            UpdateError::Io(e) => super::files::io_error(lang, e),
        }
    }
}

/// What a failed Tantivy read or write says: a full disk in words, and so
/// a writer thread that stopped (which is all Tantivy tells of an I/O
/// error in one) and a file grown past what the system lets it be.
fn tantivy_failed(lang: Lang, path: &std::path::Path, source: &tantivy::TantivyError) -> String {
    use renda_core::index::{disk_full_tantivy, write_failed};
    let shown = display::path(path);
    if write_failed(source) && !disk_full_tantivy(source) {
        return index_write_failed(lang, &shown);
    }
    if disk_full_tantivy(source) {
        return index_disk_full(lang, &shown);
    }
    match source {
        tantivy::TantivyError::IoError(io) => {
            super::msg::path_reason_in(lang, &shown, &super::files::io_error(lang, io))
        }
        // Tantivy's own words are English: said as they are in English.
        other => index_failed(lang, &shown, &other.to_string()),
    }
}

pub fn index_missing(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Zh => {
            format!("{path}：这里没有索引；请先用 `renda index 文件夹 --index {path}` 建立")
        }
        Lang::En => {
            format!("{path}: no index here; build one with `renda index DIR --index {path}`")
        }
    }
}

pub fn not_an_index(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "{path}：这个文件夹不是 renda 的索引；请用 --index 指向 `renda index` 建立的索引"
        ),
        Lang::En => format!(
            "{path}: this folder is not a renda index; point --index at one that `renda index` built"
        ),
    }
}

pub fn index_not_renda(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "{path}：这个文件夹里有不属于 renda 索引的文件；renda 不会写入（请另选 --index）"
        ),
        Lang::En => format!(
            "{path}: this folder holds files that are not a renda index; renda will not write into it (choose another --index)"
        ),
    }
}

pub fn index_other_version(lang: Lang, path: &str, found: u32, ours: u32) -> String {
    match lang {
        Lang::Zh => format!(
            "{path}：索引由另一版本的 renda 写成（索引格式 {found}，本版使用 {ours}）；请用 `renda index --rebuild` 重建"
        ),
        Lang::En => format!(
            "{path}: index written by another version of renda (index format {found}, this renda uses {ours}); rebuild it with `renda index DIR --rebuild`"
        ),
    }
}

pub fn index_busy(lang: Lang, path: &str, pid: Option<u32>) -> String {
    match (lang, pid) {
        (Lang::Zh, Some(p)) => {
            format!("{path}：另一个 `renda index`（进程 {p}）正在写这个索引；请等它结束")
        }
        (Lang::Zh, None) => format!("{path}：另一个 `renda index` 正在写这个索引；请等它结束"),
        (Lang::En, Some(p)) => format!(
            "{path}: another `renda index` is writing this index (pid {p}); wait for it to finish"
        ),
        (Lang::En, None) => {
            format!("{path}: another `renda index` is writing this index; wait for it to finish")
        }
    }
}

/// The detail of a damaged index whose meta.json cannot be read.
pub fn index_meta_unreadable(lang: Lang) -> String {
    pick_s(
        lang == Lang::Zh,
        "meta.json 无法读取",
        "meta.json cannot be read",
    )
}

/// The detail of a damaged index that lacks one of its files.
pub fn index_file_missing(lang: Lang, file: &str) -> String {
    pick_f(lang == Lang::Zh, format!("缺少文件 {file}"), || {
        format!("{file} is missing")
    })
}

/// An index that failed to read or write in a way renda has no words for:
/// the search library's own (English) words in English only.
pub fn index_failed(lang: Lang, path: &str, detail: &str) -> String {
    match lang {
        Lang::Zh => format!("{path}：读写索引时出错（加 --lang en 可看索引库给出的原因）"),
        Lang::En => format!("{path}: {detail}"),
    }
}

pub fn index_damaged(lang: Lang, path: &str, detail: &str) -> String {
    match lang {
        Lang::Zh => format!("{path}：索引已损坏（{detail}）；请用 `renda index --rebuild` 重建"),
        Lang::En => format!(
            "{path}: the index is damaged ({detail}); rebuild it with `renda index DIR --rebuild`"
        ),
    }
}

/// Tantivy's threads stopped writing (it says only that "an index writer
/// was killed"): most often a full disk.
pub fn index_write_failed(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "{path}：写入索引失败（磁盘已满或无法写入）；索引未改动，仍是上次提交时的内容：请腾出空间或检查磁盘后再运行 `renda index`"
        ),
        Lang::En => format!(
            "{path}: writing the index failed (the disk is full or cannot be written); the index is unchanged, as of its last commit: free some space or check the disk and run `renda index` again"
        ),
    }
}

pub fn index_disk_full(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "{path}：磁盘空间已满；索引完好，保持上次提交时的内容：请腾出空间后再运行 `renda index`"
        ),
        Lang::En => format!(
            "{path}: no space left on device; the index is intact as of its last commit: free some space and run `renda index` again"
        ),
    }
}

pub fn index_in_corpus(lang: Lang, index: &str, corpus: &str, inside: bool) -> String {
    match (lang, inside) {
        (Lang::Zh, true) => {
            format!("{index}：索引会落在语料文件夹 {corpus} 里面；请把 --index 放在它外面")
        }
        (Lang::Zh, false) => {
            format!("{index}：索引会就是语料文件夹 {corpus}；请把 --index 放在它外面")
        }
        (Lang::En, true) => format!(
            "{index}: the index would be inside the corpus folder {corpus}; choose an --index outside it"
        ),
        (Lang::En, false) => format!(
            "{index}: the index would be the corpus folder {corpus}; choose an --index outside it"
        ),
    }
}

pub fn index_holds_corpus(lang: Lang, index: &str, corpus: &str) -> String {
    match lang {
        Lang::Zh => {
            format!("{index}：语料文件夹 {corpus} 在这个索引文件夹里面；请另选与它分开的 --index")
        }
        Lang::En => format!(
            "{index}: the corpus folder {corpus} is inside this index folder; choose an --index apart from it"
        ),
    }
}

/// `--index` names a file or a device: `what` says which.
pub fn index_not_a_folder(lang: Lang, path: &str, is_file: bool) -> String {
    match (lang, is_file) {
        (Lang::Zh, true) => format!("{path}：是文件，不是文件夹；--index 指的是存放索引的文件夹"),
        (Lang::Zh, false) => {
            format!("{path}：是设备、管道或套接字，不是文件夹；--index 指的是存放索引的文件夹")
        }
        (Lang::En, true) => {
            format!("{path}: a file, not a folder; --index names the folder that holds the index")
        }
        (Lang::En, false) => format!(
            "{path}: a device, pipe or socket, not a folder; --index names the folder that holds the index"
        ),
    }
}

pub fn index_dangling_link(lang: Lang, path: &str, target: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "{path}：是指向 {target} 的符号链接，而目标不存在；请建立该文件夹或另选 --index"
        ),
        Lang::En => format!(
            "{path}: a symbolic link to {target}, which does not exist; create that folder or give another --index"
        ),
    }
}

pub fn index_bad_dictionary(lang: Lang, reason: &str, path: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "{reason}；这个索引的词典不能用：请用 `renda index --index {path} --dict 词典文件` 换一个好的"
        ),
        Lang::En => format!(
            "{reason}; this index's dictionary cannot be used: give it a good one with `renda index DIR --index {path} --dict FILE`"
        ),
    }
}

/// Why the index was started over.
pub fn rebuild_reason_leftover(lang: Lang) -> String {
    pick_s(
        lang == Lang::Zh,
        "上次运行在第一次提交前就停止了",
        "an earlier run was stopped before its first commit",
    )
}

pub fn rebuilding(lang: Lang, reason: &str) -> String {
    match lang {
        Lang::Zh => format!("renda：重建索引（{reason}）"),
        Lang::En => format!("renda: rebuilding the index ({reason})"),
    }
}

pub fn no_such_folder(lang: Lang, path: &std::path::Path) -> String {
    match lang {
        Lang::Zh => format!("{}：文件夹不存在", shown(path)),
        Lang::En => format!("{}: no such folder", shown(path)),
    }
}

/// A folder the index holds is gone from the disk: nothing is dropped
/// unasked.
pub fn indexed_folder_gone(lang: Lang, path: &std::path::Path, index: &std::path::Path) -> String {
    match lang {
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

/// `renda index B` on an index of other folders.
pub fn folder_not_in_index(
    lang: Lang,
    index: &std::path::Path,
    held: &[std::path::PathBuf],
    folder: &std::path::Path,
) -> String {
    let (f, i) = (shown(folder), index_flag(index));
    match lang {
        Lang::Zh => format!(
            "索引 {} 已收录文件夹 {}；要加入 {f}，请用 renda index --add {f}{i}；要重建为只含 {f} 的索引，请用 renda index {f} --rebuild{i}。索引未改动",
            shown(index),
            folder_list(lang, held),
        ),
        Lang::En => format!(
            "the index {} holds the folder {}; to add {f} beside it, run renda index --add {f}{i}; to start over with {f} alone, run renda index {f} --rebuild{i}. The index is unchanged",
            shown(index),
            folder_list(lang, held),
        ),
    }
}

/// `renda index --remove X` for a folder the index does not hold.
pub fn not_a_folder_of(
    lang: Lang,
    index: &std::path::Path,
    held: &[std::path::PathBuf],
    folder: &std::path::Path,
) -> String {
    match lang {
        Lang::Zh => format!(
            "{}：不是索引 {} 收录的文件夹（已收录：{}）",
            shown(folder),
            shown(index),
            folder_list(lang, held)
        ),
        Lang::En => format!(
            "{}: not a folder of the index {} (it holds {})",
            shown(folder),
            shown(index),
            folder_list(lang, held)
        ),
    }
}

/// `renda index` with no folder, on an index that holds none.
pub fn no_folder_given(lang: Lang, index: &std::path::Path) -> String {
    match lang {
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
pub fn folders_overlap(lang: Lang, inner: &std::path::Path, outer: &std::path::Path) -> String {
    match lang {
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
pub fn folder_added_and_removed(lang: Lang, folder: &std::path::Path) -> String {
    match lang {
        Lang::Zh => format!("{}：不能同时加入和删除同一个文件夹", shown(folder)),
        Lang::En => format!(
            "{}: a folder cannot be both indexed and removed in one run",
            shown(folder)
        ),
    }
}

pub fn folder_path_not_utf8(lang: Lang, folder: &std::path::Path) -> String {
    match lang {
        Lang::Zh => format!(
            "{}：这个文件夹的路径里有不是 UTF-8 的字节（多半是从压缩包解出的 GBK 文件夹名），索引记不住它；请把文件夹改成中文名后再收录",
            shown(folder)
        ),
        Lang::En => format!(
            "{}: the folder's path holds bytes that are not UTF-8 (most likely a GBK name from an archive), which an index cannot keep; rename the folder and index it again",
            shown(folder)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tantivy words a writer thread stopped by a failed write as "An
    /// index writer was killed…", with no cause: it is said as a failed
    /// write, in Chinese, naming the index and what it holds.
    #[test]
    fn a_writer_thread_that_stopped_is_a_failed_write() {
        let e = renda_core::index::IndexError::Tantivy {
            path: std::path::PathBuf::from("讲话/index"),
            source: tantivy::TantivyError::ErrorInThread(
                "An index writer was killed.. A worker thread encountered an error (io::Error \
                 most likely) or panicked."
                    .into(),
            ),
        };
        assert_eq!(
            e.say(Lang::Zh),
            "讲话/index：写入索引失败（磁盘已满或无法写入）；索引未改动，仍是上次提交时的内容：请腾出空间或检查磁盘后再运行 `renda index`"
        );
        let en = e.say(Lang::En);
        assert!(
            en.starts_with("讲话/index: writing the index failed"),
            "{en}"
        );
        assert!(!en.contains("killed"), "{en}");
    }

    #[test]
    fn a_folder_not_in_the_index_is_refused_in_both_languages() {
        let e = UpdateError::NotInIndex {
            index: std::path::PathBuf::from("I"),
            held: vec![
                std::path::PathBuf::from("/data/A"),
                std::path::PathBuf::from("/data/C"),
            ],
            folder: std::path::PathBuf::from("B"),
        };
        assert_eq!(
            e.say(Lang::Zh),
            "索引 I 已收录文件夹 /data/A、/data/C；要加入 B，请用 renda index --add B --index I；要重建为只含 B 的索引，请用 renda index B --rebuild --index I。索引未改动"
        );
        assert_eq!(
            e.say(Lang::En),
            "the index I holds the folder /data/A, /data/C; to add B beside it, run renda index --add B --index I; to start over with B alone, run renda index B --rebuild --index I. The index is unchanged"
        );
    }

    #[test]
    fn a_full_disk_is_said_in_words() {
        let enospc = || std::io::Error::from_raw_os_error(libc::ENOSPC);
        let path = std::path::PathBuf::from("讲话/index");
        let errors = [
            renda_core::index::IndexError::Tantivy {
                path: path.clone(),
                source: tantivy::TantivyError::IoError(std::sync::Arc::new(enospc())),
            },
            renda_core::index::IndexError::Tantivy {
                path: path.clone(),
                source: tantivy::TantivyError::ErrorInThread(format!(
                    "An indexing thread failed: {}",
                    enospc()
                )),
            },
            renda_core::index::IndexError::Io {
                path: path.clone(),
                source: enospc(),
            },
        ];
        for e in errors {
            assert_eq!(
                e.say(Lang::En),
                "讲话/index: no space left on device; the index is intact as of its last commit: free some space and run `renda index` again"
            );
        }
        let other = renda_core::index::IndexError::Io {
            path,
            source: std::io::Error::from_raw_os_error(libc::EACCES),
        };
        assert!(
            other
                .say(Lang::En)
                .starts_with("讲话/index: Permission denied"),
            "{other}"
        );
        // In Chinese, the reason is Chinese too.
        assert_eq!(other.say(Lang::Zh), "讲话/index：没有权限");
    }
}
