//! The Tantivy index: schema, opening (and refusing what is not ours),
//! writing speeches incrementally, reading documents back.
//!
//! An index folder holds Tantivy's files and `renda-dict.txt`, a copy of the
//! user dictionary given to `renda index --dict` (searches cut their
//! queries into words with it; the index itself holds no words, only
//! bigrams, so a new dictionary needs no rebuild). Each commit carries a
//! [`Meta`] payload:
//! renda's index format, the dictionary's fingerprint and the corpus's
//! boilerplate fingerprint. renda writes only into an empty folder or into
//! an index it wrote itself.

pub mod reader;
pub mod schema;
pub mod writer;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

use tantivy::{Index, IndexReader, ReloadPolicy, Searcher};

use crate::analysis::{self, AnalysisError, Dictionary};
pub use schema::Fields;

/// The version of the index layout this renda reads and writes. Bump it
/// whenever the schema or the analysis changes.
pub const FORMAT: u32 = 2;

/// The file in an index folder that holds the user dictionary in use.
pub const DICT_FILE: &str = "renda-dict.txt";

/// What renda records with each commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// [`FORMAT`] of the renda that wrote the index.
    pub renda_index: u32,
    /// [`Dictionary::fingerprint`] of the dictionary queries are cut with.
    pub dictionary: String,
    /// Fingerprint of the corpus's boilerplate lines when last indexed.
    #[serde(default)]
    pub boilerplate: String,
    /// The renda version that wrote the last commit.
    #[serde(default)]
    pub renda: String,
    /// The corpus folder last indexed.
    #[serde(default)]
    pub corpus: String,
    /// [`crate::ingest::Corpus::metadata_fingerprint`] when last indexed.
    #[serde(default)]
    pub metadata: String,
    /// [`crate::ingest::Corpus::stamp`] of the corpus as of the last
    /// complete run (empty after an interrupted one): when the folder still
    /// has the same stamp, there is nothing to do.
    #[serde(default)]
    pub stamp: String,
}

/// Why an index could not be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{}: no index here; build one with `renda index DIR --index {}`", path.display(), path.display())]
    Missing { path: PathBuf },
    #[error(
        "{}: this folder holds files that are not a renda index; renda will not write into it (choose another --index)",
        path.display()
    )]
    NotRenda { path: PathBuf },
    #[error(
        "{}: index written by another version of renda (index format {found}, this renda uses {FORMAT}); rebuild it with `renda index DIR --rebuild`",
        path.display()
    )]
    OtherVersion { path: PathBuf, found: u32 },
    #[error("{}: {source}", path.display())]
    Tantivy {
        path: PathBuf,
        #[source]
        source: tantivy::TantivyError,
    },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(transparent)]
    Dictionary(#[from] AnalysisError),
}

impl IndexError {
    fn tantivy(path: &Path) -> impl FnOnce(tantivy::TantivyError) -> IndexError + '_ {
        move |source| IndexError::Tantivy {
            path: path.to_path_buf(),
            source,
        }
    }

    fn io(path: &Path) -> impl FnOnce(io::Error) -> IndexError + '_ {
        move |source| IndexError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// An open renda index.
pub struct RendaIndex {
    pub path: PathBuf,
    pub index: Index,
    pub fields: Fields,
    /// The dictionary the index was built with.
    pub dictionary: Dictionary,
    /// The payload of the last commit; `None` for an index never committed.
    pub meta: Option<Meta>,
    reader: OnceLock<IndexReader>,
}

impl RendaIndex {
    fn new(
        path: &Path,
        index: Index,
        fields: Fields,
        dictionary: Dictionary,
        meta: Option<Meta>,
    ) -> Self {
        Self {
            path: path.to_path_buf(),
            index,
            fields,
            dictionary,
            meta,
            reader: OnceLock::new(),
        }
    }

    /// A searcher over the index as of its last commit when first asked
    /// for; one reader serves every search of the process.
    pub fn searcher(&self) -> Result<Searcher, IndexError> {
        if let Some(reader) = self.reader.get() {
            return Ok(reader.searcher());
        }
        let reader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(IndexError::tantivy(&self.path))?;
        Ok(self.reader.get_or_init(|| reader).searcher())
    }
}

/// What the folder at an index path holds.
enum Found {
    /// Nothing, or only hidden files such as `.gitkeep`.
    Empty,
    /// A renda index, opened, with its last payload (`None` if never
    /// committed).
    Renda(Box<Index>, Option<Meta>),
    /// A renda index of another format.
    OtherVersion(u32),
    /// Something else.
    Foreign,
}

fn inspect(path: &Path) -> Result<Found, IndexError> {
    if !path.exists() {
        return Ok(Found::Empty);
    }
    if !path.is_dir() {
        return Ok(Found::Foreign);
    }
    if path.join("meta.json").is_file() {
        let index = Index::open_in_dir(path).map_err(IndexError::tantivy(path))?;
        let metas = index.load_metas().map_err(IndexError::tantivy(path))?;
        let Some(payload) = metas.payload else {
            // Created by renda but not committed yet, or someone else's.
            return Ok(if Fields::of(&metas.schema).is_some() {
                Found::Renda(Box::new(index), None)
            } else {
                Found::Foreign
            });
        };
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&payload) else {
            return Ok(Found::Foreign);
        };
        return Ok(match value.get("renda_index").and_then(|v| v.as_u64()) {
            Some(f) if f == u64::from(FORMAT) => match serde_json::from_value::<Meta>(value) {
                Ok(meta) if Fields::of(&metas.schema).is_some() => {
                    Found::Renda(Box::new(index), Some(meta))
                }
                _ => Found::OtherVersion(FORMAT),
            },
            Some(f) => Found::OtherVersion(u32::try_from(f).unwrap_or(u32::MAX)),
            None => Found::Foreign,
        });
    }
    let entries = fs::read_dir(path).map_err(IndexError::io(path))?;
    for entry in entries {
        let entry = entry.map_err(IndexError::io(path))?;
        if !entry.file_name().to_string_lossy().starts_with('.') {
            return Ok(Found::Foreign);
        }
    }
    Ok(Found::Empty)
}

/// Remove an index's files, keeping hidden files that are not Tantivy's
/// (such as `.gitkeep`) and the user dictionary.
fn clear(path: &Path) -> Result<(), IndexError> {
    for entry in fs::read_dir(path).map_err(IndexError::io(path))? {
        let entry = entry.map_err(IndexError::io(path))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = (!name.starts_with('.') && name != DICT_FILE)
            || name.starts_with(".tantivy")
            || name == ".managed.json";
        if ours {
            let p = entry.path();
            let result = if p.is_dir() {
                fs::remove_dir_all(&p)
            } else {
                fs::remove_file(&p)
            };
            result.map_err(IndexError::io(&p))?;
        }
    }
    Ok(())
}

fn load_dictionary(path: &Path) -> Result<Dictionary, IndexError> {
    let dict = path.join(DICT_FILE);
    Ok(if dict.is_file() {
        Dictionary::with_user_file(&dict)?
    } else {
        Dictionary::builtin()
    })
}

/// A renda index [`inspect`] opened, ready with its tokenizers.
fn open_existing(
    path: &Path,
    index: Index,
    meta: Option<Meta>,
    dictionary: Dictionary,
) -> Result<RendaIndex, IndexError> {
    let fields = Fields::of(&index.schema()).ok_or_else(|| IndexError::NotRenda {
        path: path.to_path_buf(),
    })?;
    analysis::register(&index, &dictionary);
    Ok(RendaIndex::new(path, index, fields, dictionary, meta))
}

/// Open an index to search it.
pub fn open(path: &Path) -> Result<RendaIndex, IndexError> {
    match inspect(path)? {
        Found::Renda(index, meta) => open_existing(path, *index, meta, load_dictionary(path)?),
        Found::OtherVersion(found) => Err(IndexError::OtherVersion {
            path: path.to_path_buf(),
            found,
        }),
        Found::Empty => Err(IndexError::Missing {
            path: path.to_path_buf(),
        }),
        Found::Foreign => Err(IndexError::NotRenda {
            path: path.to_path_buf(),
        }),
    }
}

/// How an index was opened for writing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opening {
    /// A new index in an empty or missing folder.
    Created,
    /// An existing index, to update.
    Opened,
    /// An existing index, emptied first, for the given reason.
    Rebuilt(String),
}

/// Open the index at `path` to write it, creating it if the folder is empty
/// or missing. `user_dict`, if given, becomes the index's user dictionary
/// (else it keeps the one it has). `rebuild` empties an existing renda
/// index first. A folder holding anything else is refused.
pub fn open_for_writing(
    path: &Path,
    user_dict: Option<&Path>,
    rebuild: bool,
) -> Result<(RendaIndex, Opening), IndexError> {
    let found = inspect(path)?;
    let dictionary = match user_dict {
        Some(p) => Dictionary::with_user_file(p)?,
        None if matches!(found, Found::Renda(..)) => load_dictionary(path)?,
        None => Dictionary::builtin(),
    };
    let reason = match &found {
        Found::Foreign => {
            return Err(IndexError::NotRenda {
                path: path.to_path_buf(),
            });
        }
        Found::Empty => None,
        Found::OtherVersion(found) if !rebuild => {
            return Err(IndexError::OtherVersion {
                path: path.to_path_buf(),
                found: *found,
            });
        }
        _ if rebuild => Some("--rebuild".to_string()),
        Found::Renda(..) => None,
        Found::OtherVersion(_) => unreachable!("handled above"),
    };
    if let Some(reason) = reason {
        // Let go of the old index's files before removing them.
        drop(found);
        clear(path)?;
        let idx = create(path, dictionary, user_dict)?;
        return Ok((idx, Opening::Rebuilt(reason)));
    }
    match found {
        Found::Renda(index, meta) => {
            keep_user_dictionary(path, user_dict)?;
            Ok((
                open_existing(path, *index, meta, dictionary)?,
                Opening::Opened,
            ))
        }
        _ => Ok((create(path, dictionary, user_dict)?, Opening::Created)),
    }
}

/// Keep a copy of the user dictionary in the index folder, for searches.
fn keep_user_dictionary(path: &Path, user_dict: Option<&Path>) -> Result<(), IndexError> {
    if let Some(src) = user_dict {
        let copy = path.join(DICT_FILE);
        let text = fs::read(src).map_err(IndexError::io(src))?;
        fs::write(&copy, text).map_err(IndexError::io(&copy))?;
    }
    Ok(())
}

fn create(
    path: &Path,
    dictionary: Dictionary,
    user_dict: Option<&Path>,
) -> Result<RendaIndex, IndexError> {
    fs::create_dir_all(path).map_err(IndexError::io(path))?;
    keep_user_dictionary(path, user_dict)?;
    let (schema, fields) = schema::build();
    let index = Index::builder()
        .schema(schema)
        .settings(schema::settings())
        .create_in_dir(path)
        .map_err(IndexError::tantivy(path))?;
    analysis::register(&index, &dictionary);
    Ok(RendaIndex::new(path, index, fields, dictionary, None))
}
