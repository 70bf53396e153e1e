//! The user's files in words: what a path is when it is not a regular
//! file, sizes, I/O errors ([`renda_core::files`]).

use super::{Lang, Say};
use renda_core::files::{IoReason, ReadError, Special, in_units};

/// What a path is when it is not a regular file.
pub fn special(lang: Lang, what: Special) -> &'static str {
    match (lang, what) {
        (Lang::Zh, Special::Folder) => "文件夹",
        (Lang::Zh, Special::Pipe) => "命名管道",
        (Lang::Zh, Special::Device) => "设备",
        (Lang::Zh, Special::Socket) => "套接字",
        (Lang::Zh, Special::Other) => "不是文件",
        (Lang::En, Special::Folder) => "a folder",
        (Lang::En, Special::Pipe) => "a named pipe",
        (Lang::En, Special::Device) => "a device",
        (Lang::En, Special::Socket) => "a socket",
        (Lang::En, Special::Other) => "not a file",
    }
}

/// A count of bytes: `512 字节`.
pub fn bytes(lang: Lang, n: u64) -> String {
    match lang {
        Lang::Zh => format!("{n} 字节"),
        Lang::En => format!("{n} bytes"),
    }
}

/// A size for people: `512 字节`, `3.2 MiB`.
pub fn size(lang: Lang, n: u64) -> String {
    in_units(n).unwrap_or_else(|| bytes(lang, n))
}

/// An I/O error for people: the common kinds in words, else the system's.
pub fn io_error(lang: Lang, e: &std::io::Error) -> String {
    IoReason::of(e).say(lang)
}

/// A file that is not a regular one: `不是普通文件（设备）`.
pub fn not_regular(lang: Lang, what: Special) -> String {
    match lang {
        Lang::Zh => format!("不是普通文件（{}）", special(lang, what)),
        Lang::En => format!("not a regular file ({})", special(lang, what)),
    }
}

impl Say for IoReason {
    fn say(&self, lang: Lang) -> String {
        use std::io::ErrorKind as K;
        let (kind, code, text) = match self {
            IoReason::Io {
                disk_full: true, ..
            } => {
                return match lang {
                    Lang::Zh => "磁盘空间已满",
                    Lang::En => "no space left on device",
                }
                .to_string();
            }
            IoReason::Io {
                kind, code, text, ..
            } => (*kind, *code, text),
            IoReason::Other(text) => return text.clone(),
        };
        if lang == Lang::En {
            return text.clone();
        }
        match kind {
            K::NotFound => "找不到该文件或文件夹".to_string(),
            K::PermissionDenied => "没有权限".to_string(),
            K::AlreadyExists => "已经存在".to_string(),
            K::IsADirectory => "是文件夹".to_string(),
            K::NotADirectory => "不是文件夹".to_string(),
            K::InvalidData => "数据无效".to_string(),
            K::UnexpectedEof => "文件意外结束".to_string(),
            K::ReadOnlyFilesystem => "文件系统只读".to_string(),
            K::TimedOut => "超时".to_string(),
            K::Interrupted => "被中断".to_string(),
            K::OutOfMemory => "内存不足".to_string(),
            K::FileTooLarge => "文件太大".to_string(),
            K::WouldBlock => "暂时无法读写".to_string(),
            _ => match code {
                Some(code) => format!("读写出错（系统错误码 {code}）"),
                None => "读写出错".to_string(),
            },
        }
    }
}

impl Say for std::io::Error {
    fn say(&self, lang: Lang) -> String {
        io_error(lang, self)
    }
}

impl Say for Special {
    fn say(&self, lang: Lang) -> String {
        special(lang, *self).to_string()
    }
}

impl Say for ReadError {
    fn say(&self, lang: Lang) -> String {
        match self {
            ReadError::NotRegular(what) => not_regular(lang, *what),
            ReadError::TooLarge { size: s, limit } => larger_than(lang, *s, *limit),
            ReadError::Io(e) => io_error(lang, e),
        }
    }
}

/// `80 MiB，超过 renda 可读的 64 MiB`.
pub fn larger_than(lang: Lang, s: u64, limit: u64) -> String {
    let (s, limit) = (size(lang, s), size(lang, limit));
    match lang {
        Lang::Zh => format!("{s}，超过 renda 可读的 {limit}"),
        Lang::En => format!("{s}, more than the {limit} renda reads"),
    }
}

/// The folder browser does not offer `path` (see [`renda_core::places`]).
pub fn browse_not_offered(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "{path}：不在可浏览的范围内（只能浏览个人文件夹和外接磁盘），可直接在上面的框里输入路径"
        ),
        Lang::En => format!(
            "{path}: not among the folders offered (your home folder and other disks); type the path in the box instead"
        ),
    }
}

/// A folder the browser could not read.
pub fn browse_unreadable(lang: Lang, path: &str, reason: &str) -> String {
    match lang {
        Lang::Zh => format!("{path}：无法打开这个文件夹（{reason}）"),
        Lang::En => format!("{path}: cannot open this folder ({reason})"),
    }
}

impl Say for renda_core::places::BrowseError {
    fn say(&self, lang: Lang) -> String {
        use renda_core::places::BrowseError as E;
        match self {
            E::NotOffered(path) => browse_not_offered(lang, &renda_core::display::path(path)),
            E::Unreadable(path, e) => {
                browse_unreadable(lang, &renda_core::display::path(path), &io_error(lang, e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_errors_in_both_languages() {
        assert_eq!(size(Lang::Zh, 512), "512 字节");
        assert_eq!(size(Lang::En, 512), "512 bytes");
        assert_eq!(size(Lang::Zh, 16 << 20), "16 MiB");
        let e = ReadError::TooLarge {
            size: 18,
            limit: 17,
        };
        assert_eq!(e.say(Lang::En), e.to_string());
        assert_eq!(e.say(Lang::Zh), "18 字节，超过 renda 可读的 17 字节");
        let e = ReadError::NotRegular(Special::Device);
        assert_eq!(e.say(Lang::Zh), "不是普通文件（设备）");
        assert_eq!(e.say(Lang::En), e.to_string());
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(io_error(Lang::Zh, &io), "找不到该文件或文件夹");
        assert_eq!(io_error(Lang::En, &io), io.to_string());
    }
}
