//! Walking a corpus folder: which files to read, which to pass over and why.

use std::cell::RefCell;
use std::fs;
use std::path::{Component, Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

use super::{CorpusError, Format, SkipReason, Skipped, SourceFile, Walk};

/// Walk `root` recursively and sort its files into those to read and those to skip.
///
/// - Entries are visited depth-first, sorted by file name within each folder.
/// - Symbolic links within `root` are followed; a link back to one of its
///   parent folders is reported as [`SkipReason::SymlinkLoop`] instead of
///   being walked again. A link to a file or folder outside `root` is
///   reported as [`SkipReason::LinkOutside`] and not followed (see
///   [`walk_links`] to follow it).
/// - Hidden files and folders (name starting with `.`) are passed over
///   silently, as is every folder in `exclude` (compared after
///   canonicalisation, e.g. the index folder).
/// - `README.*` / `readme.*` and `metadata.csv` at any level are
///   documentation: counted in [`Walk::ignored`], not reported.
/// - Files with a readable extension (see [`Format::of_path`]) go to
///   [`Walk::files`]; all others to [`Walk::skipped`] with the reason, e.g. a
///   conversion hint for `.doc` or `.pdf`.
/// - Errors on entries below the root (an unreadable folder, a dangling link)
///   become [`SkipReason::Unreadable`].
///
/// Files are not opened here: see [`read_document`](super::read_document).
///
/// Fails only when `root` itself does not exist, is not a folder or cannot be read.
pub fn walk(root: &Path, exclude: &[PathBuf]) -> Result<Walk, CorpusError> {
    walk_links(root, exclude, false)
}

/// [`walk`], following links that lead out of `root` too when
/// `follow_outside` (`renda index --follow-links`).
pub fn walk_links(
    root: &Path,
    exclude: &[PathBuf],
    follow_outside: bool,
) -> Result<Walk, CorpusError> {
    check_root(root)?;
    let exclude: Vec<PathBuf> = exclude
        .iter()
        .map(|p| fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
        .collect();
    let inside = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    // Links out of the folder, in the order the walk meets them.
    let outside: RefCell<Vec<Skipped>> = RefCell::new(Vec::new());
    let leaves = |e: &DirEntry| {
        let out = !follow_outside && e.path_is_symlink() && leads_out(e.path(), &inside);
        if out {
            let path = e.path().to_path_buf();
            outside.borrow_mut().push(Skipped {
                rel: relative(root, &path),
                path,
                reason: SkipReason::LinkOutside,
            });
        }
        out
    };
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !(is_hidden(e) || is_excluded(e, &exclude) || leaves(e))
        });

    let mut found = Walk::default();
    for entry in walker {
        found.skipped.append(&mut outside.borrow_mut());
        match entry {
            Ok(entry) => visit(root, &entry, &mut found),
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                let reason = if err.loop_ancestor().is_some() {
                    SkipReason::SymlinkLoop
                } else if let Some(io) = err.io_error() {
                    SkipReason::unreadable(io)
                } else {
                    SkipReason::Unreadable(crate::files::IoReason::Other(err.to_string()))
                };
                found.skipped.push(Skipped {
                    rel: relative(root, &path),
                    path,
                    reason,
                });
            }
        }
    }
    found.skipped.append(&mut outside.borrow_mut());
    separate_same_paths(root, &mut found);
    Ok(found)
}

/// Whether the link at `path` leads out of the folder `inside` (resolved),
/// through however many links. A link that leads nowhere is not followed
/// either, and is reported as the walk finds it.
fn leads_out(path: &Path, inside: &Path) -> bool {
    fs::canonicalize(path).is_ok_and(|real| !real.starts_with(inside))
}

/// The root must be a readable folder.
fn check_root(root: &Path) -> Result<(), CorpusError> {
    let path = root.to_path_buf();
    match fs::metadata(root) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(CorpusError::NotFound { path }),
        Err(source) => Err(CorpusError::Unreadable { path, source }),
        Ok(meta) if !meta.is_dir() => Err(CorpusError::NotADirectory { path }),
        Ok(_) => match fs::read_dir(root) {
            Ok(_) => Ok(()),
            Err(source) => Err(CorpusError::Unreadable { path, source }),
        },
    }
}

/// Sort one entry into `found`.
fn visit(root: &Path, entry: &DirEntry, found: &mut Walk) {
    let kind = entry.file_type();
    if kind.is_dir() {
        return;
    }
    if is_documentation(&entry.file_name().to_string_lossy()) {
        found.ignored += 1;
        return;
    }
    let path = entry.path().to_path_buf();
    let rel = relative(root, &path);
    let checked = if kind.is_file() {
        Format::of_path(&path).and_then(|format| {
            let meta = entry.metadata().map_err(|e| match e.io_error() {
                Some(io) => SkipReason::unreadable(io),
                None => SkipReason::Unreadable(crate::files::IoReason::Other(e.to_string())),
            })?;
            Ok((format, meta))
        })
    } else {
        Err(SkipReason::NotAFile(
            crate::files::Special::of(kind).unwrap_or(crate::files::Special::Other),
        ))
    };
    match checked {
        Ok((format, meta)) => found.files.push(SourceFile {
            path,
            rel,
            size: meta.len(),
            modified: meta.modified().ok(),
            status: status_of(&meta),
            format,
        }),
        Err(reason) => found.skipped.push(Skipped { path, rel, reason }),
    }
}

/// See [`SourceFile::status`].
#[cfg(unix)]
fn status_of(meta: &fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&meta.ino().to_le_bytes());
    h.update(&meta.ctime().to_le_bytes());
    h.update(&meta.ctime_nsec().to_le_bytes());
    h.digest()
}

#[cfg(not(unix))]
fn status_of(_: &fs::Metadata) -> u64 {
    0
}

fn is_hidden(entry: &DirEntry) -> bool {
    entry.file_name().as_encoded_bytes().first() == Some(&b'.')
}

fn is_excluded(entry: &DirEntry, exclude: &[PathBuf]) -> bool {
    !exclude.is_empty()
        && entry.file_type().is_dir()
        && fs::canonicalize(entry.path()).is_ok_and(|real| exclude.contains(&real))
}

/// `README`, `README.md`, `readme.txt`, `metadata.csv`... (any case).
fn is_documentation(name: &str) -> bool {
    let name = name.to_lowercase();
    name == "metadata.csv" || name == "readme" || name.starts_with("readme.")
}

/// `path` relative to `root`, `/`-separated: each name as it is when it
/// is UTF-8, else as GBK reads it (names unpacked from a Chinese archive),
/// else with each byte UTF-8 does not take as `%HH`. Two names never
/// come out the same unless GBK reads one as the other is written.
fn relative(root: &Path, path: &Path) -> String {
    relative_with(root, path, false)
}

/// [`relative`], with every name that is not UTF-8 escaped (`%HH`) when
/// `escaped`: no two paths give the same.
fn relative_with(root: &Path, path: &Path, escaped: bool) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(name_of(part, escaped)),
            _ => None,
        })
        .collect();
    parts.join("/")
}

fn name_of(part: &std::ffi::OsStr, escaped: bool) -> String {
    if let Some(name) = part.to_str() {
        return name.to_string();
    }
    let bytes = part.as_encoded_bytes();
    if !escaped
        && let Some(gbk) =
            encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return gbk.into_owned();
    }
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Give the files whose paths came out the same (a name GBK reads as
/// another is written) paths of their own, with their names escaped.
fn separate_same_paths(root: &Path, found: &mut Walk) {
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for f in &found.files {
        *seen.entry(f.rel.clone()).or_default() += 1;
    }
    for f in &mut found.files {
        if seen.get(&f.rel).is_some_and(|&n| n > 1) && f.path.to_str().is_none() {
            f.rel = relative_with(root, &f.path, true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documentation_names() {
        for name in [
            "README.md",
            "readme.txt",
            "ReadMe.MD",
            "README",
            "metadata.csv",
            "Metadata.CSV",
        ] {
            assert!(is_documentation(name), "{name}");
        }
        for name in [
            "readmenot.txt",
            "my_readme.md",
            "metadata.csv.txt",
            "讲话.txt",
        ] {
            assert!(!is_documentation(name), "{name}");
        }
    }

    #[test]
    fn relative_paths_use_slashes() {
        let root = Path::new("/data/corpus");
        assert_eq!(
            relative(root, &root.join("2023").join("a.txt")),
            "2023/a.txt"
        );
        assert_eq!(
            relative(root, Path::new("/elsewhere/b.txt")),
            "elsewhere/b.txt"
        );
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_read_as_gbk_or_escaped_never_merged() {
        use std::os::unix::ffi::OsStrExt;
        let root = Path::new("/data");
        let name = |bytes: &[u8]| root.join(std::ffi::OsStr::from_bytes(bytes));
        // 中文 and 国家 in GBK.
        assert_eq!(relative(root, &name(b"\xd6\xd0\xce\xc4.txt")), "中文.txt");
        assert_eq!(relative(root, &name(b"\xb9\xfa\xbc\xd2.txt")), "国家.txt");
        // Neither UTF-8 nor GBK.
        assert_eq!(relative(root, &name(b"a\xff\xfe.txt")), "a%FF%FE.txt");
        assert_eq!(
            relative_with(root, &name(b"\xd6\xd0\xce\xc4.txt"), true),
            "%D6%D0%CE%C4.txt"
        );
        // A GBK name beside the same name in UTF-8: each its own path.
        let dir = tempfile::tempdir().unwrap();
        let gbk = dir
            .path()
            .join(std::ffi::OsStr::from_bytes(b"\xd6\xd0\xce\xc4.txt"));
        fs::write(&gbk, "各位代表：甲。\n").unwrap();
        fs::write(dir.path().join("中文.txt"), "各位代表：乙。\n").unwrap();
        let found = walk(dir.path(), &[]).unwrap();
        let mut rels: Vec<&str> = found.files.iter().map(|f| f.rel.as_str()).collect();
        rels.sort_unstable();
        assert_eq!(rels, ["%D6%D0%CE%C4.txt", "中文.txt"]);
    }

    #[test]
    fn root_errors_name_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let err = walk(&missing, &[]).unwrap_err();
        assert!(matches!(err, CorpusError::NotFound { .. }));
        assert!(err.to_string().contains("nope"), "{err}");
        let file = dir.path().join("f.txt");
        fs::write(&file, "x").unwrap();
        assert!(matches!(
            walk(&file, &[]).unwrap_err(),
            CorpusError::NotADirectory { .. }
        ));
    }

    #[test]
    fn hidden_root_is_still_walked() {
        // tempfile names its folders `.tmpXXXX`: the root itself must not count as hidden.
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "文本").unwrap();
        fs::write(dir.path().join(".hidden.txt"), "文本").unwrap();
        let found = walk(dir.path(), &[]).unwrap();
        let rels: Vec<_> = found.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a.txt"]);
        assert_eq!((found.skipped.len(), found.ignored), (0, 0));
        assert_eq!(found.files[0].size, "文本".len() as u64);
        assert!(found.files[0].modified.is_some());
    }
}
