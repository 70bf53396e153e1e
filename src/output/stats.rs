//! What an index holds, for programs: `renda stats --format json` and the
//! page's `/api/stats`.

use std::io;

use renda_core::index::reader::{FolderCount, Stats};

/// The index's statistics with its copies and folders, as one JSON value.
pub fn json(
    st: &Stats,
    copies: &[renda_core::ingest::CopyOf],
    folders: &[FolderCount],
) -> io::Result<serde_json::Value> {
    let mut value = serde_json::to_value(st).map_err(io::Error::other)?;
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "copies".into(),
            serde_json::to_value(copies).map_err(io::Error::other)?,
        );
        obj.insert(
            "folders".into(),
            serde_json::to_value(folders).map_err(io::Error::other)?,
        );
    }
    Ok(value)
}
