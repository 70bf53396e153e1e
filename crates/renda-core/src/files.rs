//! Opening the user's files: regular files only, read with a bound.
//!
//! Every file renda reads because a user named it or put it in a corpus —
//! a speech, `metadata.csv`, a `--dict` dictionary, `renda parse FILE` —
//! goes through [`open_regular`] or [`read_regular`]. A named pipe, a
//! device, a socket or a folder is refused before a byte is read, so a
//! FIFO never blocks and `/dev/zero` is never read; a file larger than the
//! caller's limit is refused rather than read into memory.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

/// What a path holds when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    Folder,
    Pipe,
    Device,
    Socket,
    Other,
}

impl Special {
    /// What a file type is when it is not a regular file.
    pub fn of(kind: fs::FileType) -> Option<Special> {
        if kind.is_file() {
            return None;
        }
        if kind.is_dir() {
            return Some(Special::Folder);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() {
                return Some(Special::Pipe);
            }
            if kind.is_block_device() || kind.is_char_device() {
                return Some(Special::Device);
            }
            if kind.is_socket() {
                return Some(Special::Socket);
            }
        }
        Some(Special::Other)
    }
}

impl fmt::Display for Special {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Special::Folder => "a folder",
            Special::Pipe => "a named pipe",
            Special::Device => "a device",
            Special::Socket => "a socket",
            Special::Other => "not a file",
        })
    }
}

/// Why a user's file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// A folder, pipe, device or socket.
    #[error("not a regular file ({0})")]
    NotRegular(Special),
    /// Larger than the caller takes.
    #[error("{}, more than the {} renda reads", size_of(*size), size_of(*limit))]
    TooLarge { size: u64, limit: u64 },
    /// The file system said no.
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl ReadError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }
}

/// Why the file system said no, kept as data (an [`io::Error`] cannot be
/// cloned or compared): its kind, the system's error code and words, and
/// whether the disk is full. `Display` is the system's words, naming a
/// full disk as such.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IoReason {
    /// An I/O error.
    Io {
        kind: io::ErrorKind,
        code: Option<i32>,
        disk_full: bool,
        text: String,
    },
    /// Another library's words for a failure (a folder walk's).
    Other(String),
}

impl IoReason {
    /// The reason of an I/O error.
    pub fn of(e: &io::Error) -> IoReason {
        IoReason::Io {
            kind: e.kind(),
            code: e.raw_os_error(),
            disk_full: is_disk_full(e),
            text: e.to_string(),
        }
    }
}

impl fmt::Display for IoReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IoReason::Io {
                disk_full: true, ..
            } => f.write_str("no space left on device"),
            IoReason::Io { text, .. } | IoReason::Other(text) => f.write_str(text),
        }
    }
}

/// Whether an I/O error says the disk (or the user's quota) is full.
pub fn is_disk_full(e: &io::Error) -> bool {
    if e.kind() == io::ErrorKind::StorageFull || e.kind() == io::ErrorKind::QuotaExceeded {
        return true;
    }
    #[cfg(unix)]
    if matches!(e.raw_os_error(), Some(libc::ENOSPC | libc::EDQUOT)) {
        return true;
    }
    false
}

/// A size in English: `512 bytes`, `3.2 MiB`, `16 MiB` (the wording layer
/// says sizes under a KiB in the reader's language).
pub fn size_of(bytes: u64) -> String {
    match in_units(bytes) {
        Some(size) => size,
        None => format!("{bytes} bytes"),
    }
}

/// A size of a KiB or more in binary units (`3.2 MiB`), `None` for less.
pub fn in_units(bytes: u64) -> Option<String> {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * KIB;
    const GIB: u64 = 1024 * MIB;
    let (unit, name) = match bytes {
        b if b >= GIB => (GIB, "GiB"),
        b if b >= MIB => (MIB, "MiB"),
        b if b >= KIB => (KIB, "KiB"),
        _ => return None,
    };
    Some(if bytes.is_multiple_of(unit) {
        format!("{} {name}", bytes / unit)
    } else {
        format!("{:.1} {name}", bytes as f64 / unit as f64)
    })
}

/// Open `path` for reading if it is a regular file (after following
/// symbolic links). The type is checked before opening, and again on the
/// open file; the open itself never blocks (`O_NONBLOCK`), so a pipe put in
/// the file's place meanwhile is refused too.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    if let Some(special) = Special::of(fs::metadata(path)?.file_type()) {
        return Err(ReadError::NotRegular(special));
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if let Some(special) = Special::of(file.metadata()?.file_type()) {
        return Err(ReadError::NotRegular(special));
    }
    Ok(file)
}

/// The bytes of the regular file at `path`, at most `limit` of them: a
/// larger file is [`ReadError::TooLarge`], told by its size before reading
/// and by reading through a bound (a file that grows meanwhile).
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Err(ReadError::TooLarge { size, limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_are_read_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, "十个字节的内").unwrap();
        assert_eq!(read_regular(&file, 18).unwrap().len(), 18);
        let err = read_regular(&file, 17).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { size: 18, .. }), "{err}");
        assert_eq!(
            err.to_string(),
            "18 bytes, more than the 17 bytes renda reads"
        );
        let err = read_regular(dir.path(), 10).unwrap_err();
        assert_eq!(err.to_string(), "not a regular file (a folder)");
        assert!(
            read_regular(&dir.path().join("none"), 10)
                .unwrap_err()
                .is_not_found()
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_before_reading() {
        let err = read_regular(Path::new("/dev/zero"), 1 << 40).unwrap_err();
        assert_eq!(err.to_string(), "not a regular file (a device)");
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(size_of(512), "512 bytes");
        assert_eq!(size_of(16 * 1024 * 1024), "16 MiB");
        assert_eq!(size_of(3 * 1024 * 1024 + 300 * 1024), "3.3 MiB");
    }
}
