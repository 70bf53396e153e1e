//! A corpus's `metadata.csv`: the labels an office sets by hand for its
//! speeches (`renda label`), read and written.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::date::{Date, plausible_year};
use super::level::Level;

/// One row of `metadata.csv`; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetadataRow {
    pub level: Option<Level>,
    pub year: Option<u16>,
    pub date: Option<Date>,
    pub region: Option<String>,
    pub title: Option<String>,
}

/// A problem with `metadata.csv`.
#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    #[error("{}: {source}", crate::display::path(path))]
    Csv {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
    #[error(
        "{}: no 'file' column (columns: file,level,year,date,region,title)",
        crate::display::path(path)
    )]
    NoFileColumn { path: PathBuf },
    #[error(
        "{}: {}",
        crate::display::path(path),
        crate::files::IoReason::of(source)
    )]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// A warning about a corpus's `metadata.csv`; the run goes on.
#[derive(Debug, thiserror::Error)]
pub enum MetadataWarning {
    /// The file cannot be read: the speeches are read without it.
    #[error(
        "{}: {reason}; the speeches are read without it",
        crate::display::path(path)
    )]
    Unreadable {
        path: PathBuf,
        reason: crate::files::ReadError,
    },
    /// The file is not text: the speeches are read without it.
    #[error(
        "{}: {reason}; the speeches are read without it",
        crate::display::path(path)
    )]
    NotText {
        path: PathBuf,
        reason: crate::corpus::SkipReason,
    },
    /// A level cell that names no level.
    #[error("{}:{line}: {error}", crate::display::path(path))]
    Level {
        path: PathBuf,
        line: usize,
        error: super::UnknownLevel,
    },
    /// A date cell that is not a date.
    #[error("{}:{line}: {error}", crate::display::path(path))]
    Date {
        path: PathBuf,
        line: usize,
        error: super::NotADate,
    },
    /// A year cell that is not a plausible year (the cell as it is).
    #[error(
        "{}:{line}: not a year: '{}'",
        crate::display::path(path),
        crate::display::escaped(value)
    )]
    Year {
        path: PathBuf,
        line: usize,
        value: String,
    },
}

/// What `renda label` sets for one file; `None` leaves the cell as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelUpdate {
    pub level: Option<Level>,
    pub year: Option<u16>,
    pub date: Option<Date>,
    pub region: Option<String>,
    pub title: Option<String>,
}

impl LabelUpdate {
    /// The cells it sets, by column: `year` follows a date, and a year
    /// that disagrees with the row's date empties the date.
    fn cells(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(l) = self.level {
            out.push(("level", l.as_str().to_string()));
        }
        match (self.date, self.year) {
            (Some(d), _) => {
                out.push(("date", d.to_string()));
                out.push(("year", d.year.to_string()));
            }
            (None, Some(y)) => out.push(("year", y.to_string())),
            (None, None) => {}
        }
        if let Some(r) = &self.region {
            out.push(("region", r.clone()));
        }
        if let Some(t) = &self.title {
            out.push(("title", t.clone()));
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.cells().is_empty()
    }
}

/// The rows of a corpus's `metadata.csv`, by file.
///
/// The file sits at the corpus root with a header row naming any of the
/// columns `file,level,year,date,region,title`; `file` is required and is the path
/// relative to the root (`county/2023/a.txt`) or a bare file name.
#[derive(Debug, Clone, Default)]
pub struct MetadataTable {
    rows: HashMap<String, MetadataRow>,
    fingerprint: String,
}

impl MetadataTable {
    /// The file name looked for at the corpus root.
    pub const FILE_NAME: &'static str = "metadata.csv";

    /// Read `metadata.csv` under `root` if there is one. Cells that cannot be
    /// understood are reported in the returned warnings and left empty.
    pub fn load(root: &Path) -> Result<(Self, Vec<MetadataWarning>), MetadataError> {
        let path = root.join(Self::FILE_NAME);
        if std::fs::symlink_metadata(&path).is_err() {
            return Ok((Self::default(), Vec::new()));
        }
        // Whatever is wrong with the file, the run goes on without it.
        let bytes = match crate::files::read_regular(&path, crate::corpus::MAX_FILE_BYTES) {
            Ok(bytes) => bytes,
            Err(e) => {
                return Ok((
                    Self::default(),
                    vec![MetadataWarning::Unreadable {
                        path: path.clone(),
                        reason: e,
                    }],
                ));
            }
        };
        let fingerprint = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes));
        // Encoded as speech files may be: UTF-8, UTF-16 with BOM, GBK.
        let text = match crate::corpus::decode_text(&bytes) {
            Ok((text, _, _)) => text,
            Err(reason) => {
                let table = Self {
                    fingerprint,
                    ..Self::default()
                };
                return Ok((
                    table,
                    vec![MetadataWarning::NotText {
                        path: path.clone(),
                        reason,
                    }],
                ));
            }
        };
        let (mut table, warnings) = Self::parse(text.as_bytes(), &path)?;
        table.fingerprint = fingerprint;
        Ok((table, warnings))
    }

    /// A fingerprint of the bytes of the `metadata.csv` read (empty when
    /// there was none): when it changes, every speech may have other
    /// metadata.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Parse the bytes of a `metadata.csv` (UTF-8, with or without BOM).
    pub fn parse(bytes: &[u8], path: &Path) -> Result<(Self, Vec<MetadataWarning>), MetadataError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let err = |source| MetadataError::Csv {
            path: path.to_path_buf(),
            source,
        };
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
        let headers = reader.headers().map_err(err)?.clone();
        let col = |name: &str| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let file = col("file").ok_or_else(|| MetadataError::NoFileColumn {
            path: path.to_path_buf(),
        })?;
        let (level, year, region, title) = (col("level"), col("year"), col("region"), col("title"));
        let date = col("date");
        let mut table = Self::default();
        let mut warnings = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(err)?;
            let line = i + 2;
            let cell = |c: Option<usize>| {
                c.and_then(|c| record.get(c))
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
            };
            let Some(name) = cell(Some(file)) else {
                continue;
            };
            let mut row = MetadataRow {
                region: cell(region).map(str::to_string),
                title: cell(title).map(str::to_string),
                ..Default::default()
            };
            if let Some(l) = cell(level) {
                match l.parse() {
                    Ok(l) => row.level = Some(l),
                    Err(error) => warnings.push(MetadataWarning::Level {
                        path: path.to_path_buf(),
                        line,
                        error,
                    }),
                }
            }
            if let Some(d) = cell(date) {
                match d.parse::<Date>() {
                    Ok(d) => row.date = Some(d),
                    Err(error) => warnings.push(MetadataWarning::Date {
                        path: path.to_path_buf(),
                        line,
                        error,
                    }),
                }
            }
            if let Some(y) = cell(year) {
                match y.trim_end_matches('年').parse::<u16>() {
                    Ok(y) if plausible_year(y) => row.year = Some(y),
                    _ => warnings.push(MetadataWarning::Year {
                        path: path.to_path_buf(),
                        line,
                        value: y.to_string(),
                    }),
                }
            }
            table.rows.insert(name.replace('\\', "/"), row);
        }
        Ok((table, warnings))
    }

    /// The row for a file, by its path relative to the root or its bare name.
    pub fn get(&self, rel: &str) -> Option<&MetadataRow> {
        self.rows.get(rel).or_else(|| {
            let name = rel.rsplit('/').next()?;
            self.rows.get(name)
        })
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Set the labels of the file `rel` (relative to `root`) in the
    /// `metadata.csv` at `root`, creating the file, the row or the columns
    /// it needs. Every other row, column and cell stays as it was (a
    /// byte-order mark and CRLF line ends too). The new file is written
    /// beside the old one and renamed over it, so a failure leaves the old
    /// one whole. Returns the path written.
    pub fn write_label(
        root: &Path,
        rel: &str,
        update: &LabelUpdate,
    ) -> Result<PathBuf, MetadataError> {
        let path = root.join(Self::FILE_NAME);
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| MetadataError::Io { path, source }
        };
        let old = match std::fs::read(&path) {
            Ok(b) => Some(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io(&path)(e)),
        };
        let bytes = old.as_deref().unwrap_or(b"");
        let bom = bytes.starts_with(b"\xEF\xBB\xBF");
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let crlf = body.windows(2).any(|w| w == b"\r\n");
        let err = |source| MetadataError::Csv {
            path: path.clone(),
            source,
        };
        let mut header: Vec<String> = vec!["file".into()];
        let mut rows: Vec<Vec<String>> = Vec::new();
        if !body.is_empty() {
            let mut reader = csv::ReaderBuilder::new()
                .flexible(true)
                .has_headers(false)
                .from_reader(body);
            let mut records = reader.records();
            if let Some(h) = records.next() {
                header = h.map_err(err)?.iter().map(str::to_string).collect();
            }
            for r in records {
                rows.push(r.map_err(err)?.iter().map(str::to_string).collect());
            }
        }
        let col = |header: &mut Vec<String>, name: &str| match header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
        {
            Some(i) => i,
            None => {
                header.push(name.to_string());
                header.len() - 1
            }
        };
        let file_col = col(&mut header, "file");
        let cells = update.cells();
        let cols: Vec<(usize, String)> = cells
            .into_iter()
            .map(|(name, v)| (col(&mut header, name), v))
            .collect();
        let date_col = header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case("date"));
        // The row naming the file by its path, else by its bare name.
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let norm = |s: &str| s.trim().replace('\\', "/");
        let found = rows
            .iter()
            .position(|r| r.get(file_col).is_some_and(|c| norm(c) == rel))
            .or_else(|| {
                rows.iter()
                    .position(|r| r.get(file_col).is_some_and(|c| norm(c) == name))
            });
        let i = match found {
            Some(i) => i,
            None => {
                let mut row = vec![String::new(); header.len()];
                row[file_col] = rel.to_string();
                rows.push(row);
                rows.len() - 1
            }
        };
        let row = &mut rows[i];
        if row.len() < header.len() {
            row.resize(header.len(), String::new());
        }
        // A new year that is not the row's date's empties the date.
        if let (Some(y), None, Some(dc)) = (update.year, update.date, date_col)
            && row[dc].parse::<Date>().is_ok_and(|d| d.year != y)
        {
            row[dc].clear();
        }
        for (c, v) in cols {
            row[c] = v;
        }
        let mut out: Vec<u8> = Vec::new();
        if bom {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        {
            let terminator = if crlf {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            };
            let mut w = csv::WriterBuilder::new()
                .flexible(true)
                .terminator(terminator)
                .from_writer(&mut out);
            w.write_record(&header).map_err(err)?;
            // Every row as wide as the header, for spreadsheets.
            for r in &mut rows {
                if r.len() < header.len() {
                    r.resize(header.len(), String::new());
                }
                w.write_record(&*r).map_err(err)?;
            }
            w.flush().map_err(|e| io(&path)(e))?;
        }
        let part = root.join(format!(".{}.part", Self::FILE_NAME));
        std::fs::write(&part, &out).map_err(io(&part))?;
        std::fs::rename(&part, &path).map_err(io(&path))?;
        Ok(path)
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_csv() {
        let csv = "\u{feff}file,level,year,region\na.txt,县,2021,临洮县\nsub/b.txt,nonsense,abc,\n";
        let (t, warnings) =
            MetadataTable::parse(csv.as_bytes(), Path::new("metadata.csv")).unwrap();
        assert_eq!(t.len(), 2);
        let a = t.get("x/a.txt").unwrap();
        assert_eq!(
            (a.level, a.year, a.region.as_deref()),
            (Some(Level::County), Some(2021), Some("临洮县"))
        );
        let b = t.get("sub/b.txt").unwrap();
        assert_eq!((b.level, b.year), (None, None));
        assert_eq!(warnings.len(), 2);
        assert!(
            warnings[0].to_string().contains("metadata.csv:3"),
            "{warnings:?}"
        );
        assert!(MetadataTable::parse(b"level\ncity\n", Path::new("m.csv")).is_err());
    }
}
