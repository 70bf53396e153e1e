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

#[cfg(test)]
mod tests {
    use super::*;

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
