//! The one way renda writes CSV (search results, exports): UTF-8 with a
//! byte-order mark (without it Excel and WPS read the Chinese as GBK), CRLF
//! line ends, and no cell that a spreadsheet takes for a formula.
//!
//! A cell whose text begins with `=`, `+`, `-`, `@`, a tab or a carriage
//! return is a formula to Excel, WPS and LibreOffice (`=SUM(1,2)+cmd|'/C
//! calc'!A0` runs a program); such a cell gets a single quote `'` in front,
//! as OWASP recommends, which the spreadsheet shows as text and which
//! leaves every other character as it was.

use std::borrow::Cow;
use std::io::{self, Write};

use renda_core::speech::{LabelName, Labels, Level};

use crate::i18n::msg::{self, Column};

/// The characters that make a cell a formula when they come first.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `cell` as a spreadsheet shows it as text: with a `'` in front when it
/// begins like a formula, else unchanged.
pub fn neutral(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The most a spreadsheet cell holds, in UTF-16 code units (what Excel
/// counts: a character outside the Basic Multilingual Plane, such as 𠀀,
/// counts two): Excel and WPS cut a longer cell (at 32,767).
pub const CELL_MAX_UNITS: usize = 32_000;

/// How far back from [`CELL_MAX_UNITS`] (in characters) a long text is
/// cut at the end of a sentence rather than at the limit.
const SENTENCE_END_WITHIN: usize = 2_000;

/// The byte where `text` passes `units` UTF-16 code units, if it does.
fn past_units(text: &str, units: usize) -> Option<usize> {
    let mut n = 0;
    text.char_indices().find_map(|(i, c)| {
        n += c.len_utf16();
        (n > units).then_some(i)
    })
}

/// `text` in cells of at most [`CELL_MAX_UNITS`], in order: one cell for
/// all but the longest paragraphs; a longer one is cut after the last end
/// of a sentence (`。！？；!?;`) near the limit, else at the limit (never
/// inside a character), and never where the next cell would begin like a
/// formula (it would get a `'`: see [`neutral`]). The cells joined are the
/// text.
pub fn text_cells(text: &str) -> Vec<&str> {
    let mut cells = Vec::new();
    let mut rest = text;
    while let Some(limit) = past_units(rest, CELL_MAX_UNITS) {
        let head = &rest[..limit];
        let from = head
            .char_indices()
            .rev()
            .nth(SENTENCE_END_WITHIN - 1)
            .map_or(0, |(i, _)| i);
        let mut cut = head[from..]
            .char_indices()
            .rev()
            .find(|&(_, c)| matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';'))
            .map_or(limit, |(i, c)| from + i + c.len_utf8());
        while cut > 0 && rest[cut..].starts_with(FORMULA_STARTS) {
            cut = rest[..cut].char_indices().next_back().map_or(0, |(i, _)| i);
        }
        if cut == 0 {
            // A text of formula characters only: cut at the limit.
            cut = limit;
        }
        cells.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    cells.push(rest);
    cells
}

/// The texts of a CSV's rows, each cut into cells once ([`text_cells`]):
/// the first cell stands in the text's column, the others in columns
/// added at the end of every row, as many as the longest text needs,
/// headed by [`msg::text_continued`].
pub struct LongTexts<'t> {
    cells: Vec<Vec<&'t str>>,
    continued: usize,
}

impl<'t> LongTexts<'t> {
    pub fn new(texts: impl IntoIterator<Item = &'t str>) -> Self {
        let cells: Vec<Vec<&str>> = texts.into_iter().map(text_cells).collect();
        let continued = cells.iter().map(|c| c.len() - 1).max().unwrap_or(0);
        Self { cells, continued }
    }

    /// `header` with the headings of the added columns.
    pub fn header(&self, header: Vec<&str>) -> Vec<String> {
        header
            .into_iter()
            .map(String::from)
            .chain((1..=self.continued).map(msg::text_continued))
            .collect()
    }

    /// The cell of text `i` in the text's column.
    pub fn first(&self, i: usize) -> &'t str {
        self.cells[i][0]
    }

    /// `row` of text `i` with its cells in the added columns (empty past
    /// its end).
    pub fn row(&self, i: usize, mut row: Vec<String>) -> Vec<String> {
        let rest = &self.cells[i][1..];
        row.extend(rest.iter().map(|c| c.to_string()));
        row.resize(row.len() + self.continued - rest.len(), String::new());
        row
    }
}

/// A CSV being written: the byte-order mark first, then rows.
pub struct CsvOut<W: Write> {
    out: csv::Writer<W>,
}

impl<W: Write> CsvOut<W> {
    /// Start a CSV on `w` (writes the byte-order mark).
    pub fn new(mut w: W) -> io::Result<Self> {
        w.write_all("\u{feff}".as_bytes())?;
        let out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(w);
        Ok(CsvOut { out })
    }

    /// One row, each cell [`neutral`].
    pub fn row<I, S>(&mut self, cells: I) -> io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for cell in cells {
            self.out.write_field(neutral(cell.as_ref()).as_bytes())?;
        }
        self.out.write_record(None::<&[u8]>)?;
        Ok(())
    }

    /// Write out what is buffered.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The columns that say where a paragraph comes from — its speech's
/// labels, then its section and number — in the one order every CSV gives
/// them (the search results and the exports).
pub const PLACE_COLUMNS: [Column; 7] = [
    Column::Label(LabelName::Title),
    Column::Label(LabelName::Level),
    Column::Label(LabelName::Year),
    Column::Label(LabelName::Date),
    Column::Label(LabelName::Region),
    Column::Section,
    Column::Paragraph,
];

/// The columns of a CSV: some of its own, the [`PLACE_COLUMNS`], then more
/// of its own.
pub struct CsvColumns {
    pub before: &'static [Column],
    pub after: &'static [Column],
}

impl CsvColumns {
    /// Every column, in order.
    pub fn all(&self) -> impl Iterator<Item = Column> + '_ {
        self.before
            .iter()
            .copied()
            .chain(PLACE_COLUMNS)
            .chain(self.after.iter().copied())
    }

    /// The header row: each column's heading, for people.
    pub fn header(&self) -> Vec<&'static str> {
        self.all().map(msg::column).collect()
    }

    /// A row: the cells `before`, the paragraph's place ([`place_cells`]),
    /// the cells `after`, as many as the columns around the place.
    pub fn row(
        &self,
        before: &[&str],
        labels: &Labels,
        section: Option<&str>,
        paragraph: usize,
        after: &[&str],
    ) -> Vec<String> {
        debug_assert_eq!(
            (before.len(), after.len()),
            (self.before.len(), self.after.len())
        );
        before
            .iter()
            .map(|c| c.to_string())
            .chain(place_cells(labels, section, paragraph))
            .chain(after.iter().map(|c| c.to_string()))
            .collect()
    }
}

/// The cells of [`PLACE_COLUMNS`]: texts escaped for display, the level in
/// Chinese (县), an unknown value empty.
pub fn place_cells(labels: &Labels, section: Option<&str>, paragraph: usize) -> [String; 7] {
    let shown = |s: &str| renda_core::display::escaped(s).into_owned();
    [
        shown(&labels.title),
        labels.level.map_or("", Level::as_chinese).to_string(),
        labels.year.map_or(String::new(), |y| y.to_string()),
        labels.date.map_or(String::new(), |d| d.to_string()),
        shown(labels.region.as_deref().unwrap_or("")),
        shown(section.unwrap_or("")),
        paragraph.to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_cut_into_cells_a_spreadsheet_holds_at_ends_of_sentences() {
        let sentence = "人大代表要密切联系群众，倾听群众呼声。"; // 19 chars
        let text = sentence.repeat(5_000); // 95,000 chars
        let cells = text_cells(&text);
        assert_eq!(cells.concat(), text);
        assert_eq!(cells.len(), 3);
        let rows = LongTexts::new([text.as_str(), "短"]);
        assert_eq!(rows.header(vec!["原文"]).len(), 3);
        assert_eq!(rows.first(0), cells[0]);
        assert_eq!(rows.row(0, vec![]), [cells[1], cells[2]]);
        assert_eq!(rows.row(1, vec!["x".into()]), ["x", "", ""]);
        for cell in &cells[..2] {
            let n = cell.chars().count();
            assert!(n <= CELL_MAX_UNITS && n > CELL_MAX_UNITS - 19, "{n}");
            assert!(cell.ends_with('。'), "cut at the end of a sentence");
        }
        // No end of a sentence near the limit: cut at it, whole characters.
        let text = "字".repeat(CELL_MAX_UNITS + 1) + "。";
        let cells = text_cells(&text);
        assert_eq!(
            cells.iter().map(|c| c.chars().count()).collect::<Vec<_>>(),
            [CELL_MAX_UNITS, 2]
        );
        // Characters Excel counts twice: the cell holds half as many.
        let text = "𠀀𪚥".repeat(CELL_MAX_UNITS / 2);
        let cells = text_cells(&text);
        assert_eq!(cells.concat(), text);
        assert!(
            cells
                .iter()
                .all(|c| c.encode_utf16().count() <= CELL_MAX_UNITS),
            "{:?}",
            cells
                .iter()
                .map(|c| c.encode_utf16().count())
                .collect::<Vec<_>>()
        );
        assert_eq!(cells.len(), 2);
        // A cell never begins like a formula: the cut moves back.
        let sentence = "人大代表要密切联系群众，倾听群众呼声。-1+1=0"; // 25 chars
        let text = sentence.repeat(2_000);
        let cells = text_cells(&text);
        assert_eq!(cells.concat(), text);
        assert!(cells.len() > 1);
        for cell in &cells[1..] {
            assert_eq!(neutral(cell), *cell, "{}", &cell[..30]);
        }
        assert_eq!(cells.concat(), text);
        assert_eq!(text_cells("一段。"), ["一段。"]);
        assert_eq!(text_cells(""), [""]);
        assert_eq!(LongTexts::new(["一段。"]).header(vec!["原文"]), ["原文"]);
        assert_eq!(LongTexts::new([]).header(vec!["原文"]), ["原文"]);
    }

    #[test]
    fn a_cell_that_begins_like_a_formula_is_quoted_and_nothing_else_changes() {
        for cell in [
            "=SUM(1,2)+cmd|'/C calc'!A0",
            "+1",
            "-1",
            "@A1",
            "\tx",
            "\rx",
        ] {
            assert_eq!(neutral(cell), format!("'{cell}"));
        }
        for cell in ["", "人大代表", "1+1=2", " =x", "'=x", "——发言", "＝全角"] {
            assert_eq!(neutral(cell), cell);
        }
        let mut out = Vec::new();
        let mut w = CsvOut::new(&mut out).unwrap();
        w.row(["=1+1", "a,\"b\"", "中文"]).unwrap();
        w.flush().unwrap();
        drop(w);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}'=1+1,\"a,\"\"b\"\"\",中文\r\n"
        );
    }
}
