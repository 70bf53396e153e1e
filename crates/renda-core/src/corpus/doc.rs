//! Text of Word 97–2003 `.doc` and WPS 2003+ `.wps` files: OLE compound
//! files that hold a `WordDocument` stream.
//!
//! The container is read with the `cfb` crate. In the `WordDocument`
//! stream the File Information Block (FIB) says where the main text ends
//! (`ccpText`), whether the file is encrypted and which table stream
//! (`0Table` or `1Table`) holds the piece table. The piece table (the
//! `Pcdt` of the CLX) maps the text, character position by character
//! position, onto pieces of the stream stored either as UTF-16LE or
//! "compressed" as one cp1252 byte a character.
//!
//! The text is then read as Word writes it:
//! - `\r` (0x0D) ends a paragraph; 0x07 ends a table cell, and the 0x07
//!   of a row-end paragraph ends the row: a row becomes one paragraph,
//!   its cells joined by a tab;
//! - a field (0x13 instructions 0x14 result 0x15) keeps its result only;
//! - 0x0B (line break) and 0x0C (page break) become line breaks; a tab
//!   stays; the other control characters (pictures, footnote marks) go.
//!
//! The reading is linear in the characters the piece table names, and
//! bounded by a [`Budget`]: a piece table that names the same text over and
//! over, or a file of more paragraphs or more time than renda gives one
//! file, stops with the reason as soon as it gets there.
//!
//! The paragraph properties (the PAPX of each paragraph, found through
//! the `PlcBtePapx` and its 512-byte pages) say whether a paragraph is in
//! a table and which style it has; the style sheet (`STSH`) says which
//! styles are Heading 1–3 (by the built-in style number, whatever the
//! style's name in the user's language, by a name such as 标题 1, or by an
//! outline level), and the paragraph's own outline level counts too.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use super::guard::{Budget, too_many_paragraphs};
use super::{Damage, OleKind, WordFault};
use super::{MAX_PARAGRAPHS, Para, ParaKind, SkipReason};

const MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Whether the bytes start like an OLE compound file.
pub fn is_ole(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// What an OLE file that holds no Word text holds instead.
enum OleFile {
    /// An encrypted Office file (of any program).
    Encrypted,
    /// Another program's file.
    Other(OleKind),
}

/// What kind of OLE file this is, for one that holds no Word text.
fn ole_kind(names: &[String]) -> Option<OleFile> {
    let has = |n: &str| names.iter().any(|s| s.eq_ignore_ascii_case(n));
    if has("EncryptedPackage") || has("EncryptionInfo") {
        Some(OleFile::Encrypted)
    } else if has("Workbook") || has("Book") {
        Some(OleFile::Other(OleKind::Excel))
    } else if has("PowerPoint Document") {
        Some(OleFile::Other(OleKind::PowerPoint))
    } else {
        None
    }
}

/// The paragraphs of a Word 97–2003 binary document (or a WPS file that
/// holds one); `what` names the format in messages (`.doc`, `.wps`).
pub fn doc_paragraphs(bytes: &[u8], what: &'static str) -> Result<Vec<Para>, SkipReason> {
    let damaged = |detail: Damage| SkipReason::Damaged {
        format: what,
        detail,
    };
    let mut ole = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| damaged(Damage::NotOle(e.to_string())))?;
    let names: Vec<String> = ole
        .read_root_storage()
        .map(|e| e.name().to_string())
        .collect();
    if !names.iter().any(|n| n == "WordDocument") {
        return Err(match ole_kind(&names) {
            Some(OleFile::Encrypted) => SkipReason::Encrypted { format: what },
            Some(OleFile::Other(kind)) => damaged(Damage::OleNotWord(kind)),
            None if what == ".wps" => SkipReason::Legacy(super::LegacyFormat::OldWps),
            None => damaged(Damage::NoStream("WordDocument")),
        });
    }
    let mut stream = |name: &'static str| -> Result<Vec<u8>, SkipReason> {
        let mut s = ole.open_stream(name).map_err(|e| {
            damaged(Damage::StreamUnreadable {
                name,
                opened: false,
                error: e.to_string(),
            })
        })?;
        let mut out = Vec::new();
        s.read_to_end(&mut out).map_err(|e| {
            damaged(Damage::StreamUnreadable {
                name,
                opened: true,
                error: e.to_string(),
            })
        })?;
        Ok(out)
    };
    let word = stream("WordDocument")?;
    let fib = Fib::parse(&word).map_err(|fault| damaged(Damage::Word { table: None, fault }))?;
    if fib.encrypted {
        return Err(SkipReason::Encrypted { format: what });
    }
    if fib.nfib < 0x00C1 {
        return Err(SkipReason::Legacy(super::LegacyFormat::Word6));
    }
    let table_name = if fib.table1 { "1Table" } else { "0Table" };
    let table = stream(table_name)?;
    let pieces = pieces(&table, fib.clx).map_err(|fault| {
        damaged(Damage::Word {
            table: Some(table_name),
            fault,
        })
    })?;
    let styles = Styles::parse(&table, fib.stshf);
    let papx = Papx::new(&word, &table, fib.bte_papx);
    read_text(
        &word,
        &pieces,
        fib.ccp_text,
        &styles,
        &papx,
        &mut Budget::new(what),
    )
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at.checked_add(2)?)
        .map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at.checked_add(4)?)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// A (offset, length) pair of the FIB: where a structure lies in the table stream.
#[derive(Debug, Clone, Copy, Default)]
struct FcLcb {
    fc: usize,
    lcb: usize,
}

/// The parts of the File Information Block renda needs.
#[derive(Debug)]
struct Fib {
    nfib: u16,
    encrypted: bool,
    table1: bool,
    ccp_text: usize,
    stshf: FcLcb,
    bte_papx: FcLcb,
    clx: FcLcb,
}

impl Fib {
    fn parse(w: &[u8]) -> Result<Fib, WordFault> {
        let short = || WordFault::HeaderShort;
        let ident = u16_at(w, 0).ok_or_else(short)?;
        if ident != 0xA5EC {
            return Err(WordFault::NotWordHeader(ident));
        }
        let nfib = u16_at(w, 2).ok_or_else(short)?;
        let flags = u16_at(w, 0x0A).ok_or_else(short)?;
        let csw = usize::from(u16_at(w, 32).ok_or_else(short)?);
        let lw = 34 + csw * 2;
        let cslw = usize::from(u16_at(w, lw).ok_or_else(short)?);
        let rg_lw = lw + 2;
        let ccp_text = u32_at(w, rg_lw + 3 * 4).ok_or_else(short)? as usize;
        let fc = rg_lw + cslw * 4;
        let count = usize::from(u16_at(w, fc).ok_or_else(short)?);
        let pair = |k: usize| -> Result<FcLcb, WordFault> {
            if k >= count {
                return Err(short());
            }
            let at = fc + 2 + k * 8;
            Ok(FcLcb {
                fc: u32_at(w, at).ok_or_else(short)? as usize,
                lcb: u32_at(w, at + 4).ok_or_else(short)? as usize,
            })
        };
        Ok(Fib {
            nfib,
            encrypted: flags & 0x0100 != 0,
            table1: flags & 0x0200 != 0,
            ccp_text,
            stshf: pair(1)?,
            bte_papx: pair(13)?,
            clx: pair(33)?,
        })
    }
}

/// One piece of text: character positions `cp..cp_end` stored from byte
/// `fc` of the WordDocument stream, one byte (cp1252) or two (UTF-16LE)
/// a character.
#[derive(Debug, Clone, Copy)]
struct Piece {
    cp: usize,
    cp_end: usize,
    fc: usize,
    compressed: bool,
}

/// The piece table from the CLX in the table stream.
fn pieces(table: &[u8], clx: FcLcb) -> Result<Vec<Piece>, WordFault> {
    let end = clx
        .fc
        .checked_add(clx.lcb)
        .filter(|&e| e <= table.len() && clx.lcb > 0)
        .ok_or(WordFault::PiecesOutside)?;
    let clx = &table[clx.fc..end];
    let mut at = 0;
    // Skip the Prc (property modifiers) before the Pcdt.
    while clx.get(at) == Some(&0x01) {
        let cb = u16_at(clx, at + 1).ok_or(WordFault::PiecesCut)? as usize;
        at += 3 + cb;
    }
    if clx.get(at) != Some(&0x02) {
        return Err(WordFault::NoPieces);
    }
    let lcb = u32_at(clx, at + 1).ok_or(WordFault::PiecesCut)? as usize;
    let plc = clx
        .get(at + 5..at.saturating_add(5).saturating_add(lcb))
        .ok_or(WordFault::PiecesCut)?;
    // (n + 1) character positions of 4 bytes, then n descriptors of 8.
    if plc.len() < 4 || (plc.len() - 4) % 12 != 0 {
        return Err(WordFault::PiecesSize);
    }
    let n = (plc.len() - 4) / 12;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let cp = u32_at(plc, i * 4).unwrap_or(0) as usize;
        let cp_end = u32_at(plc, (i + 1) * 4).unwrap_or(0) as usize;
        let raw = u32_at(plc, (n + 1) * 4 + i * 8 + 2).unwrap_or(0);
        let compressed = raw & 0x4000_0000 != 0;
        let fc = (raw & 0x3FFF_FFFF) as usize;
        if cp_end < cp {
            return Err(WordFault::PiecesOrder);
        }
        out.push(Piece {
            cp,
            cp_end,
            fc: if compressed { fc / 2 } else { fc },
            compressed,
        });
    }
    Ok(out)
}

/// Paragraph properties that matter here.
#[derive(Debug, Clone, Copy, Default)]
struct ParaProps {
    istd: u16,
    in_table: bool,
    /// The paragraph ends a table row.
    row_end: bool,
    /// Its outline level, 0-based (9: body text).
    outline: Option<u8>,
}

/// Walk the sprms of a grpprl, handing each (sprm, operand) to `f`.
fn sprms(mut g: &[u8], mut f: impl FnMut(u16, &[u8])) {
    while g.len() >= 2 {
        let sprm = u16::from_le_bytes([g[0], g[1]]);
        g = &g[2..];
        let len = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => match sprm {
                // sprmTDefTable, sprmPChgTabs: a 2-byte length (the latter
                // may use 255 to say "count the tabs"; take its byte).
                0xD608 | 0xD606 => match u16_at(g, 0) {
                    Some(n) => usize::from(n) + 1,
                    None => return,
                },
                _ => match g.first() {
                    Some(&n) => usize::from(n) + 1,
                    None => return,
                },
            },
        };
        let Some(op) = g.get(..len) else { return };
        f(sprm, op);
        g = &g[len..];
    }
}

fn props_of(grpprl: &[u8], istd: u16) -> ParaProps {
    let mut p = ParaProps {
        istd,
        ..Default::default()
    };
    sprms(grpprl, |sprm, op| match sprm {
        0x2416 => p.in_table = op[0] != 0,
        0x2417 => p.row_end = op[0] != 0,
        // sprmPItap: the table depth.
        0x6649 => p.in_table |= u32_at(op, 0).unwrap_or(0) > 0,
        // sprmPFInnerTtp: the end of a row of a nested table.
        0x244C => p.row_end |= op[0] != 0,
        0x2640 => p.outline = Some(op[0]),
        _ => {}
    });
    p
}

/// A run of paragraphs in an FKP page: (first byte, byte after, properties).
type Run = (usize, usize, ParaProps);

/// The paragraph properties, by the byte offset of a paragraph's end.
struct Papx<'a> {
    word: &'a [u8],
    /// (first fc, page number) of each FKP page, in order.
    pages: Vec<(usize, usize)>,
    cache: std::cell::RefCell<HashMap<usize, Vec<Run>>>,
}

impl<'a> Papx<'a> {
    fn new(word: &'a [u8], table: &[u8], at: FcLcb) -> Self {
        let mut pages = Vec::new();
        if let Some(plc) = at
            .fc
            .checked_add(at.lcb)
            .and_then(|end| table.get(at.fc..end))
            && plc.len() >= 4
            && (plc.len() - 4) % 8 == 0
        {
            let n = (plc.len() - 4) / 8;
            for i in 0..n {
                let fc = u32_at(plc, i * 4).unwrap_or(0) as usize;
                let pn = (u32_at(plc, (n + 1) * 4 + i * 4).unwrap_or(0) & 0x3F_FFFF) as usize;
                pages.push((fc, pn));
            }
        }
        Papx {
            word,
            pages,
            cache: Default::default(),
        }
    }

    /// The runs of one FKP page: (fc, fc_end, properties).
    fn page(&self, pn: usize) -> Vec<Run> {
        let mut out = Vec::new();
        let Some(fkp) = pn
            .checked_mul(512)
            .and_then(|at| self.word.get(at..at + 512))
        else {
            return out;
        };
        let crun = usize::from(fkp[511]);
        for i in 0..crun {
            let (Some(fc), Some(fc_end)) = (u32_at(fkp, i * 4), u32_at(fkp, (i + 1) * 4)) else {
                break;
            };
            let Some(&b) = fkp.get((crun + 1) * 4 + i * 13) else {
                break;
            };
            let at = usize::from(b) * 2;
            let mut props = ParaProps::default();
            if at != 0
                && let Some(&cb) = fkp.get(at)
            {
                let (start, len) = if cb != 0 {
                    (at + 1, usize::from(cb) * 2 - 1)
                } else {
                    (at + 2, usize::from(*fkp.get(at + 1).unwrap_or(&0)) * 2)
                };
                if let Some(g) = fkp.get(start..(start + len).min(511))
                    && g.len() >= 2
                {
                    props = props_of(&g[2..], u16::from_le_bytes([g[0], g[1]]));
                }
            }
            out.push((fc as usize, fc_end as usize, props));
        }
        out
    }

    /// The properties of the paragraph whose mark is at byte `fc`.
    fn at(&self, fc: usize) -> Option<ParaProps> {
        let i = self.pages.partition_point(|&(first, _)| first <= fc);
        let (_, pn) = *self.pages.get(i.checked_sub(1)?)?;
        let mut cache = self.cache.borrow_mut();
        let runs = cache.entry(pn).or_insert_with(|| self.page(pn));
        runs.iter()
            .find(|(a, b, _)| *a <= fc && fc < *b)
            .map(|r| r.2)
    }
}

/// What the style sheet says of each style: its heading level (1–3), if any.
#[derive(Default)]
struct Styles {
    heading: HashMap<u16, u8>,
}

/// The heading level a style name gives (`heading 2`, `标题 2`), if any.
pub(crate) fn heading_level_of_name(name: &str) -> Option<u8> {
    let name = name.trim().to_lowercase();
    let rest = name
        .strip_prefix("heading")
        .or_else(|| name.strip_prefix("标题"))?;
    let n: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&n).then_some(n)
}

impl Styles {
    fn parse(table: &[u8], at: FcLcb) -> Styles {
        let mut styles = Styles::default();
        let Some(stsh) = at.fc.checked_add(at.lcb).and_then(|e| table.get(at.fc..e)) else {
            return styles;
        };
        let Some(cb_stshi) = u16_at(stsh, 0) else {
            return styles;
        };
        let cstd = u16_at(stsh, 2).unwrap_or(0);
        let cb_base = usize::from(u16_at(stsh, 4).unwrap_or(10));
        let mut at = 2 + usize::from(cb_stshi);
        // Each style: its own level (by number, name or outline level) and its base.
        let mut own: Vec<(Option<u8>, u16)> = Vec::new();
        for _ in 0..cstd {
            let Some(cb) = u16_at(stsh, at) else { break };
            let cb = usize::from(cb);
            let std = stsh.get(at + 2..at + 2 + cb).unwrap_or(&[]);
            at += 2 + cb;
            if std.len() < 10 {
                own.push((None, 0x0FFF));
                continue;
            }
            let sti = u16_at(std, 0).unwrap_or(0) & 0x0FFF;
            let w1 = u16_at(std, 2).unwrap_or(0);
            let (stk, base) = (w1 & 0x000F, w1 >> 4);
            let cupx = u16_at(std, 4).unwrap_or(0) & 0x000F;
            let mut level = (1..=9).contains(&sti).then_some(sti as u8);
            // The name: a length, UTF-16 characters, a NUL.
            let cch = usize::from(u16_at(std, cb_base).unwrap_or(0));
            let name: Vec<u16> = (0..cch)
                .filter_map(|i| u16_at(std, cb_base + 2 + i * 2))
                .collect();
            let name = String::from_utf16_lossy(&name);
            level = level.or_else(|| heading_level_of_name(&name));
            // A paragraph style's first UPX holds its paragraph properties.
            let upx = cb_base + 2 + cch * 2 + 2;
            let upx = upx + upx % 2;
            if stk == 1
                && cupx >= 1
                && let Some(cb_upx) = u16_at(std, upx)
                && let Some(g) = std.get(upx + 2..upx + 2 + usize::from(cb_upx))
                && g.len() >= 2
            {
                let props = props_of(&g[2..], 0);
                if let Some(o) = props.outline.filter(|&o| o < 9) {
                    level = level.or(Some(o + 1));
                }
            }
            own.push((level, base));
        }
        for (i, (level, _)) in own.iter().enumerate() {
            // A style based on a heading style, without a level of its own,
            // is no heading: only the style's own marks count.
            if let Some(l) = level.filter(|l| (1..=3).contains(l)) {
                styles.heading.insert(i as u16, l);
            }
        }
        styles
    }
}

/// Where the reader stands in a field: its instructions or its result.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    Code,
    Result,
}

/// The most characters of a piece decoded at once.
const CHUNK: usize = 64 * 1024;

/// Read the main text, piece by piece, into paragraphs, within `budget`.
fn read_text(
    word: &[u8],
    pieces: &[Piece],
    ccp_text: usize,
    styles: &Styles,
    papx: &Papx,
    budget: &mut Budget,
) -> Result<Vec<Para>, SkipReason> {
    let mut out = Vec::new();
    let mut line = String::new();
    let mut fields: Vec<Field> = Vec::new();
    // How many of `fields` are in their instructions: text is kept when none is.
    let mut in_code = 0usize;
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut in_cell_para = false;
    let mut last_was_cell_end = false;
    let mut units: Vec<u16> = Vec::new();

    for p in pieces {
        let cp_end = p.cp_end.min(ccp_text);
        if p.cp >= cp_end {
            continue;
        }
        let n = cp_end - p.cp;
        // The piece a chunk at a time: (first character, characters).
        let mut done = 0;
        while done < n {
            let (fc0, m) = if p.compressed {
                (p.fc.saturating_add(done), (n - done).min(CHUNK))
            } else {
                (p.fc.saturating_add(done * 2), (n - done).min(CHUNK))
            };
            done += m;
            // The characters of the chunk, each with the byte offset it is stored at.
            let chars: Vec<(char, usize)> = if p.compressed {
                let Some(raw) = word.get(fc0..fc0.saturating_add(m).min(word.len())) else {
                    break;
                };
                let (text, _, _) = encoding_rs::WINDOWS_1252.decode(raw);
                // Control bytes map to themselves, one char a byte.
                text.chars()
                    .zip(raw.iter())
                    .enumerate()
                    .map(|(i, (c, &b))| (if b < 0x20 { char::from(b) } else { c }, fc0 + i))
                    .collect()
            } else {
                let Some(raw) = word.get(fc0..fc0.saturating_add(m * 2).min(word.len())) else {
                    break;
                };
                units.clear();
                units.extend(
                    raw.chunks_exact(2)
                        .map(|c| u16::from_le_bytes([c[0], c[1]])),
                );
                // A surrogate pair cut by the chunk's end goes to the next chunk.
                if done < n && units.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
                    units.pop();
                    done -= 1;
                }
                let mut at = fc0;
                char::decode_utf16(units.iter().copied())
                    .map(|r| {
                        let c = r.unwrap_or('\u{FFFD}');
                        let here = at;
                        at += c.len_utf16() * 2;
                        (c, here)
                    })
                    .collect()
            };
            for (c, fc) in chars {
                budget.text(c.len_utf8())?;
                match c {
                    '\u{13}' => {
                        fields.push(Field::Code);
                        in_code += 1;
                    }
                    '\u{14}' => {
                        if let Some(top) = fields.last_mut()
                            && *top == Field::Code
                        {
                            *top = Field::Result;
                            in_code -= 1;
                        }
                    }
                    '\u{15}' => {
                        if fields.pop() == Some(Field::Code) {
                            in_code -= 1;
                        }
                    }
                    _ if in_code > 0 => {}
                    '\r' | '\u{07}' => {
                        if out.len() >= MAX_PARAGRAPHS || cells.len() >= MAX_PARAGRAPHS {
                            return Err(too_many_paragraphs());
                        }
                        let props = papx.at(fc);
                        let heading = props.and_then(|p| {
                            styles
                                .heading
                                .get(&p.istd)
                                .copied()
                                .or(p.outline.filter(|&o| o < 3).map(|o| o + 1))
                        });
                        let text = std::mem::take(&mut line);
                        let table = props.is_some_and(|p| p.in_table);
                        if c == '\u{07}' {
                            // A row-end mark (known from the paragraph's
                            // properties, or, without them, a mark right after a
                            // cell's end that closes an empty "cell") ends the row.
                            let row_end = match props {
                                Some(p) => p.row_end,
                                None => last_was_cell_end && text.is_empty() && !in_cell_para,
                            };
                            if row_end {
                                out.extend(super::table_row(&cells));
                                cells.clear();
                                last_was_cell_end = false;
                            } else {
                                super::push_cell_text(&mut cell, &text);
                                cells.push(std::mem::take(&mut cell));
                                last_was_cell_end = true;
                            }
                            in_cell_para = false;
                        } else if table {
                            // A paragraph inside a cell of several paragraphs.
                            super::push_cell_text(&mut cell, &text);
                            in_cell_para = true;
                            last_was_cell_end = false;
                        } else {
                            flush_cells(&mut out, &mut cells, &mut cell);
                            last_was_cell_end = false;
                            out.push(Para {
                                text,
                                kind: match heading {
                                    Some(l) => ParaKind::Heading(l),
                                    None => ParaKind::Body,
                                },
                            });
                        }
                    }
                    '\u{0B}' | '\u{0C}' | '\u{0E}' => line.push('\n'),
                    '\t' => line.push('\t'),
                    '\u{1E}' => line.push('-'),
                    c if c < '\u{20}' => {}
                    c => line.push(c),
                }
            }
        }
    }
    flush_cells(&mut out, &mut cells, &mut cell);
    if !line.is_empty() {
        out.push(Para {
            text: line,
            kind: ParaKind::Body,
        });
    }
    Ok(out)
}

/// A table whose last row had no row mark (a cut-off file): keep its cells.
fn flush_cells(out: &mut Vec<Para>, cells: &mut Vec<String>, cell: &mut String) {
    if !cell.is_empty() {
        cells.push(std::mem::take(cell));
    }
    out.extend(super::table_row(cells));
    cells.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_names() {
        assert_eq!(heading_level_of_name("heading 1"), Some(1));
        assert_eq!(heading_level_of_name("Heading 3"), Some(3));
        assert_eq!(heading_level_of_name("标题 2"), Some(2));
        assert_eq!(heading_level_of_name("标题2"), Some(2));
        assert_eq!(heading_level_of_name("标题"), None);
        assert_eq!(heading_level_of_name("Normal"), None);
    }

    #[test]
    fn sprm_walk_reads_operands_of_each_size() {
        // sprmPFInTable 1, sprmPOutLvl 2, a 4-byte sprm, a variable one.
        let g = [
            0x16, 0x24, 1, 0x40, 0x26, 2, 0x49, 0x66, 1, 0, 0, 0, 0x1F, 0xC6, 2, 9, 9, 0x17, 0x24,
            1,
        ];
        let p = props_of(&g, 7);
        assert!(p.in_table && p.row_end);
        assert_eq!((p.istd, p.outline), (7, Some(2)));
        // A cut-off operand stops the walk without a panic.
        let _ = props_of(&[0x40, 0x26], 0);
        let _ = props_of(&[0x1F, 0xC6, 200, 1], 0);
    }

    #[test]
    fn not_ole_and_cut_off_files_are_damaged() {
        let err = doc_paragraphs(b"not a compound file at all", ".doc").unwrap_err();
        assert_eq!(err.kind(), "damaged file", "{err}");
        let err = doc_paragraphs(MAGIC, ".doc").unwrap_err();
        assert!(err.to_string().starts_with("damaged .doc: "), "{err}");
    }
}
