//! Where things live on the user's machine: the per-user index, and the
//! folders a page may show for choosing a folder of speeches.
//!
//! The folder browser offers **only** these places and what lies under
//! them: the user's home folder, and on Unix the mount points of other
//! disks (`/media`, `/mnt`, `/run/media`), on Windows the drive letters
//! that exist. It lists the names of sub-folders, never files or their
//! contents; hidden folders (a name starting with `.`) are not listed,
//! and a folder whose real path (links resolved) lies outside every place
//! offered is refused.

use std::path::{Path, PathBuf};

/// The per-user index: `renda/index` in the platform's data folder
/// (`~/.local/share/renda/index` on Linux, `%APPDATA%\renda\index` on
/// Windows, `~/Library/Application Support/renda/index` on macOS); `None`
/// when the platform names no such folder.
pub fn default_index() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("renda").join("index"))
}

/// The folders the browser starts from, each as its real path; those that
/// do not exist are left out.
pub fn roots() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = Vec::new();
    let mut offer = |p: PathBuf| {
        if let Ok(real) = std::fs::canonicalize(&p)
            && real.is_dir()
            && !found.contains(&real)
        {
            found.push(real);
        }
    };
    if let Some(home) = dirs::home_dir() {
        offer(home);
    }
    #[cfg(unix)]
    for p in ["/media", "/mnt", "/run/media"] {
        offer(PathBuf::from(p));
    }
    #[cfg(windows)]
    for letter in b'A'..=b'Z' {
        offer(PathBuf::from(format!("{}:\\", letter as char)));
    }
    found
}

/// Why a folder is not listed.
#[derive(Debug, thiserror::Error)]
pub enum BrowseError {
    /// Not one of the [`roots`] nor under one.
    #[error("{}: not among the folders offered", crate::display::path(.0))]
    NotOffered(PathBuf),
    /// Missing, not a folder, or not readable: what the system said.
    #[error("{}: cannot open this folder ({})", crate::display::path(.0), .1)]
    Unreadable(PathBuf, std::io::Error),
}

/// A folder as the browser shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Listing {
    /// The folder, its real path.
    pub path: String,
    /// The folder above it, when that is offered too.
    pub parent: Option<String>,
    /// The names of its sub-folders (not hidden, within the places
    /// offered), sorted.
    pub folders: Vec<String>,
    /// Whether the listing was cut at [`MAX_LISTED`].
    pub truncated: bool,
}

/// Sub-folders listed at most.
pub const MAX_LISTED: usize = 2_000;

/// Whether `real` (a resolved path) is one of `roots` or under one.
pub fn offered(real: &Path, roots: &[PathBuf]) -> bool {
    roots.iter().any(|r| real.starts_with(r))
}

/// Whether `real` lies in a hidden folder (a name starting with `.`)
/// under the place of `roots` it is in: such folders are not listed, nor
/// offered when asked for by name.
fn hidden_within(real: &Path, roots: &[PathBuf]) -> bool {
    roots
        .iter()
        .filter_map(|r| real.strip_prefix(r).ok())
        .all(|rest| {
            rest.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
}

/// The sub-folders of `dir`, if the browser offers it (see the module's
/// doc); `roots`: the places offered (normally [`roots`]).
pub fn list(dir: &Path, roots: &[PathBuf]) -> Result<Listing, BrowseError> {
    let real =
        std::fs::canonicalize(dir).map_err(|e| BrowseError::Unreadable(dir.to_path_buf(), e))?;
    if !offered(&real, roots) || hidden_within(&real, roots) {
        return Err(BrowseError::NotOffered(dir.to_path_buf()));
    }
    let entries =
        std::fs::read_dir(&real).map_err(|e| BrowseError::Unreadable(dir.to_path_buf(), e))?;
    let mut folders = Vec::new();
    let mut truncated = false;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        // A link to a folder counts when where it leads is offered too.
        let Ok(target) = std::fs::canonicalize(&path) else {
            continue;
        };
        if !target.is_dir() || !offered(&target, roots) {
            continue;
        }
        if folders.len() >= MAX_LISTED {
            truncated = true;
            break;
        }
        folders.push(name.to_string());
    }
    folders.sort();
    let parent = real
        .parent()
        .filter(|p| offered(p, roots))
        .map(|p| p.to_string_lossy().into_owned());
    Ok(Listing {
        path: real.to_string_lossy().into_owned(),
        parent,
        folders,
        truncated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_lists_folder_names_under_its_roots_only() {
        let base = std::env::temp_dir().join(format!("renda-places-{}", std::process::id()));
        let home = base.join("home");
        let outside = base.join("outside");
        for d in [
            home.join("讲话"),
            home.join(".hidden").join("in"),
            home.join("b"),
            outside.join("x"),
        ] {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(home.join("file.txt"), "secret").unwrap();
        let roots = vec![std::fs::canonicalize(&home).unwrap()];
        let l = list(&home, &roots).unwrap();
        assert_eq!(l.folders, vec!["b".to_string(), "讲话".to_string()]);
        assert_eq!(l.parent, None);
        let sub = list(&home.join("讲话"), &roots).unwrap();
        assert!(sub.parent.is_some());
        assert!(matches!(
            list(&outside, &roots),
            Err(BrowseError::NotOffered(_))
        ));
        // A hidden folder is not offered when asked for by name either.
        for hidden in [home.join(".hidden"), home.join(".hidden").join("in")] {
            assert!(
                matches!(list(&hidden, &roots), Err(BrowseError::NotOffered(_))),
                "{hidden:?}"
            );
        }
        assert!(matches!(
            list(&home.join("no-such"), &roots),
            Err(BrowseError::Unreadable(_, e)) if e.kind() == std::io::ErrorKind::NotFound
        ));
        // `..` does not lead out.
        assert!(matches!(
            list(&home.join("..").join("outside"), &roots),
            Err(BrowseError::NotOffered(_))
        ));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&outside, home.join("link")).unwrap();
            assert!(
                !list(&home, &roots)
                    .unwrap()
                    .folders
                    .contains(&"link".into())
            );
            assert!(matches!(
                list(&home.join("link"), &roots),
                Err(BrowseError::NotOffered(_))
            ));
        }
        let _ = std::fs::remove_dir_all(&base);
    }
}
