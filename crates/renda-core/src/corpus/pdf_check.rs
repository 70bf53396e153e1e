//! What a PDF is checked for before its text is drawn, so that no file can
//! take the reader's stack, memory or time.
//!
//! The libraries that read PDFs (`lopdf`, `pdf-extract` and the CMap and
//! font parsers under it) recurse over the file's structure and inflate
//! its streams whole. So, before they see a file, renda:
//!
//! 1. [`check_streams`]: inflates each compressed stream of the raw file
//!    once, into a counter with a cap, so that no stream inflates to more
//!    than [`MAX_STREAM_BYTES`] and all of them together to no more than
//!    [`MAX_INFLATED_BYTES`] (`lopdf` inflates object streams as it loads);
//! 2. [`prepare`], on the loaded document, without recursion of its own:
//!    - walks the page tree, refusing a loop or a tree nested deeper than
//!      [`MAX_TREE_DEPTH`];
//!    - gives each page its inherited resources and media box and cuts its
//!      link to its parent (whose chain `pdf-extract` follows recursively);
//!    - empties image streams (they hold no text, and drawn as a page they
//!      would be read as drawing operators);
//!    - measures, for each page, the drawing operations it runs — its own
//!      content and that of each form (Form XObject) it draws, as many times
//!      as it draws it — refusing a form that draws itself, forms nested
//!      deeper than [`MAX_FORM_DEPTH`] and a page of more than
//!      [`MAX_PAGE_TOKENS`] operators and operands;
//!    - measures how deeply the streams that are parsed as text (contents,
//!      forms, CMaps, Type 1 fonts) nest brackets and strings, refusing more
//!      than [`MAX_NESTING`].
//!
//! What is left runs on a thread with a stack of [`STACK_BYTES`], far more
//! than these limits can use.

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

/// One stream may inflate to at most this.
pub const MAX_STREAM_BYTES: usize = 64 << 20;
/// All the streams of a file together may inflate to at most this.
pub const MAX_INFLATED_BYTES: usize = 128 << 20;
/// The operators and operands one page runs, its forms included as often as
/// they are drawn. A page of text runs a few thousand.
pub const MAX_PAGE_TOKENS: u64 = 1_000_000;
/// Forms drawn inside forms, at most this deep.
pub const MAX_FORM_DEPTH: usize = 16;
/// Page tree nodes inside page tree nodes, at most this deep.
pub const MAX_TREE_DEPTH: usize = 64;
/// Brackets, dictionaries and strings inside each other, at most this deep.
pub const MAX_NESTING: usize = 256;
/// The codes a font's character map (`ToUnicode`) may map: its ranges are
/// expanded code by code when a page is read.
pub const MAX_CMAP_CODES: u64 = 1 << 20;
/// The stack of the thread that reads a PDF.
pub const STACK_BYTES: usize = 64 << 20;

/// Why a PDF is refused before it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A stream inflates to more than [`MAX_STREAM_BYTES`].
    StreamBomb,
    /// The streams together inflate to more than [`MAX_INFLATED_BYTES`].
    InflatedTotal,
    /// The page tree leads back to one of its own nodes.
    PageTreeLoop,
    /// The page tree is nested too deep.
    PageTreeDepth,
    /// A page's chain of parents loops.
    ParentLoop,
    /// The file has no page at all.
    NoPages,
    /// A form draws itself, directly or through other forms.
    FormLoop,
    /// Forms are drawn inside forms too deeply.
    FormDepth,
    /// A page (1-based) runs too many drawing operators.
    PageTooBusy(u32),
    /// Brackets or strings nest too deeply.
    Nesting,
    /// A font's character map maps more than [`MAX_CMAP_CODES`] codes.
    CmapTooLarge,
    /// The checks ran past the deadline (pages that share a large drawing
    /// many times over, say).
    TooSlow,
}

/// Inflate each compressed stream of the raw file into a counter, with a
/// cap. Images are not counted: they are emptied before reading.
pub fn check_streams(bytes: &[u8]) -> Result<(), Refusal> {
    let mut total = 0usize;
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&bytes[from..], b"stream") {
        let keyword = from + at;
        from = keyword + 6;
        if keyword >= 3 && &bytes[keyword - 3..keyword] == b"end" {
            continue;
        }
        let mut start = from;
        if bytes.get(start) == Some(&b'\r') {
            start += 1;
        }
        if bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
        if start == from {
            // `stream` is followed by an end of line; anything else is a
            // word that holds it.
            continue;
        }
        let end =
            memchr::memmem::find(&bytes[start..], b"endstream").map_or(bytes.len(), |e| start + e);
        // The stream's dictionary: back to the `obj` before it.
        let head_from = keyword.saturating_sub(64 << 10);
        let head = &bytes[head_from..keyword];
        let head = memchr::memmem::rfind(head, b"obj").map_or(head, |o| &head[o..]);
        from = end;
        if is_image(head) {
            continue;
        }
        let filters = filters_of(head);
        if filters.is_empty() {
            continue;
        }
        let size = inflated_size(&bytes[start..end], &filters)?;
        total = total.saturating_add(size);
        if total > MAX_INFLATED_BYTES {
            return Err(Refusal::InflatedTotal);
        }
    }
    Ok(())
}

fn is_image(head: &[u8]) -> bool {
    let squeezed: Vec<u8> = head
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    memchr::memmem::find(&squeezed, b"/Subtype/Image").is_some()
}

/// The filters named in a stream dictionary's text, in order.
fn filters_of(head: &[u8]) -> Vec<Vec<u8>> {
    let Some(at) = memchr::memmem::find(head, b"/Filter") else {
        return Vec::new();
    };
    let rest = &head[at + 7..];
    let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
    let list = match rest.first() {
        Some(b'[') => {
            let close = rest.iter().position(|&b| b == b']').unwrap_or(rest.len());
            &rest[1..close]
        }
        Some(b'/') => {
            let len = 1 + rest[1..].iter().take_while(|&&b| is_regular(b)).count();
            &rest[..len]
        }
        _ => return Vec::new(),
    };
    list.split(|&b| b == b'/')
        .map(|n| {
            n.iter()
                .copied()
                .take_while(|&b| is_regular(b))
                .collect::<Vec<u8>>()
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// How many bytes `data` decodes to through `filters`, as `lopdf` decodes
/// it (a filter it does not know ends the chain), up to the cap.
fn inflated_size(data: &[u8], filters: &[Vec<u8>]) -> Result<usize, Refusal> {
    let mut current: Vec<u8> = Vec::new();
    let mut input: &[u8] = data;
    let mut size = data.len();
    for (i, filter) in filters.iter().enumerate() {
        let last = i + 1 == filters.len();
        let out = match filter.as_slice() {
            b"FlateDecode" | b"Fl" => {
                let mut sink = Capped::new(!last);
                let zlib = io::copy(&mut flate2::read::ZlibDecoder::new(input), &mut sink);
                if sink.over {
                    return Err(Refusal::StreamBomb);
                }
                if zlib.is_err() && sink.count == 0 && input.len() > 2 {
                    // lopdf tries a raw deflate when zlib fails at once.
                    sink = Capped::new(!last);
                    let _ = io::copy(
                        &mut flate2::read::DeflateDecoder::new(&input[2..]),
                        &mut sink,
                    );
                    if sink.over {
                        return Err(Refusal::StreamBomb);
                    }
                }
                sink
            }
            b"LZWDecode" | b"LZW" => {
                let mut sink = Capped::new(!last);
                let mut decoder =
                    weezl::decode::Decoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
                let _ = decoder.into_stream(&mut sink).decode_all(input);
                let mut plain = weezl::decode::Decoder::new(weezl::BitOrder::Msb, 8);
                let mut other = Capped::new(false);
                let _ = plain.into_stream(&mut other).decode_all(input);
                if sink.over || other.over {
                    return Err(Refusal::StreamBomb);
                }
                sink
            }
            b"ASCII85Decode" | b"A85" => {
                // At most four bytes for each byte (`z`).
                let mut sink = Capped::new(!last);
                sink.count = input.len().saturating_mul(4);
                if sink.count > MAX_STREAM_BYTES {
                    return Err(Refusal::StreamBomb);
                }
                if !last {
                    // Later filters need the bytes themselves.
                    let decoded = pdf_extract::Stream::new(
                        {
                            let mut d = Dictionary::new();
                            d.set("Filter", Object::Name(b"ASCII85Decode".to_vec()));
                            d
                        },
                        input.to_vec(),
                    )
                    .decompressed_content()
                    .unwrap_or_default();
                    sink.count = decoded.len();
                    sink.kept = decoded;
                }
                sink
            }
            // lopdf decodes nothing else: the bytes stay as they are.
            _ => break,
        };
        size = out.count;
        current = out.kept;
        input = &current;
    }
    drop(current);
    Ok(size)
}

/// A writer that counts, keeps the bytes only when asked, and stops at
/// [`MAX_STREAM_BYTES`].
struct Capped {
    count: usize,
    keep: bool,
    kept: Vec<u8>,
    over: bool,
}

impl Capped {
    fn new(keep: bool) -> Capped {
        Capped {
            count: 0,
            keep,
            kept: Vec::new(),
            over: false,
        }
    }
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.count += buf.len();
        if self.count > MAX_STREAM_BYTES {
            self.over = true;
            return Err(io::Error::other("too large"));
        }
        if self.keep {
            self.kept.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Bytes that are part of a name or a keyword.
/// A character of an operator in a content stream, as the parser reads it.
fn is_operator_char(b: u8) -> bool {
    b.is_ascii_alphabetic() || b"*'\"".contains(&b)
}

fn is_regular(b: u8) -> bool {
    !b.is_ascii_whitespace() && !b"()<>[]{}/%".contains(&b) && b != 0
}

/// What [`scan`] finds in a stream parsed as PDF syntax.
#[derive(Debug, Default)]
pub struct Scan {
    /// Operators and operands.
    pub tokens: u64,
    /// The deepest nesting of brackets, dictionaries and strings.
    pub depth: usize,
    /// The names drawn by `Do`, each with how many times.
    pub drawn: HashMap<Vec<u8>, u64>,
}

/// Read `data` as PDF content syntax, without recursion: count its tokens,
/// measure its nesting, list what it draws.
pub fn scan(data: &[u8]) -> Scan {
    let mut s = Scan::default();
    let mut depth = 0usize;
    // The names since the last operator: `Do` draws its first operand
    // (all of them are counted, to be safe).
    let mut names: Vec<&[u8]> = Vec::new();
    let n = data.len();
    let mut i = 0;
    while i < n {
        let c = data[i];
        match c {
            b'%' => {
                while i < n && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'(' => {
                let mut level = 0usize;
                while i < n {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => {
                            level += 1;
                            s.depth = s.depth.max(depth + level);
                        }
                        b')' => {
                            level -= 1;
                            if level == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
                s.tokens += 1;
            }
            b'<' if data.get(i + 1) == Some(&b'<') => {
                depth += 1;
                s.depth = s.depth.max(depth);
                i += 2;
            }
            b'<' => {
                i += memchr::memchr(b'>', &data[i..]).map_or(n - i, |e| e + 1);
                s.tokens += 1;
            }
            b'>' if data.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 2;
                s.tokens += 1;
            }
            b'[' | b'{' => {
                depth += 1;
                s.depth = s.depth.max(depth);
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
                s.tokens += 1;
            }
            b'/' => {
                let len = 1 + data[i + 1..].iter().take_while(|&&b| is_regular(b)).count();
                if names.len() < 64 {
                    names.push(&data[i + 1..i + len]);
                }
                i += len;
                s.tokens += 1;
            }
            _ if is_regular(c) => {
                let len = data[i..].iter().take_while(|&&b| is_regular(b)).count();
                let word = &data[i..i + len];
                i += len;
                // The content parser reads an operator as a run of letters
                // (and `*`, `'`, `"`) and a number as digits: `/X1 Do1` or
                // `1Do` draws X1 as `/X1 Do` does. Each run is a token.
                let mut at = 0;
                while at < word.len() {
                    let op = is_operator_char(word[at]);
                    let run = word[at..]
                        .iter()
                        .take_while(|&&b| is_operator_char(b) == op)
                        .count();
                    s.tokens += 1;
                    if op {
                        if &word[at..at + run] == b"Do" {
                            for name in &names {
                                *s.drawn.entry(name.to_vec()).or_default() += 1;
                            }
                        }
                        names.clear();
                    }
                    at += run;
                }
                // An inline image: its data runs to `EI`.
                if word == b"ID" {
                    let rest = &data[i.min(n)..];
                    let mut at = 0;
                    i = loop {
                        match memchr::memmem::find(&rest[at..], b"EI") {
                            Some(e) => {
                                let e = at + e;
                                let before = e == 0 || rest[e - 1].is_ascii_whitespace();
                                let after = rest.get(e + 2).is_none_or(|b| !is_regular(*b));
                                if before && after {
                                    break i + e + 2;
                                }
                                at = e + 2;
                            }
                            None => break n,
                        }
                    };
                }
            }
            _ => i += 1,
        }
    }
    s
}

/// Check and simplify a loaded document (see the module's notes); the
/// pages to read, by number.
pub fn prepare(
    doc: &mut Document,
    deadline: std::time::Instant,
) -> Result<Vec<(u32, ObjectId)>, Refusal> {
    let pages = page_tree(doc)?;
    if pages.is_empty() {
        return Err(Refusal::NoPages);
    }
    // Inherited attributes onto the pages, and the parent links cut.
    let mut fixes: Vec<(ObjectId, Option<Object>, Object)> = Vec::new();
    for &id in &pages {
        let resources = inherited(doc, id, b"Resources")?;
        let media_box = inherited(doc, id, b"MediaBox")?
            .unwrap_or_else(|| Object::Array(vec![0.into(), 0.into(), 595.into(), 842.into()]));
        fixes.push((id, resources, media_box));
    }
    for (id, resources, media_box) in fixes {
        if let Ok(page) = doc.get_dictionary_mut(id) {
            if let Some(r) = resources {
                page.set("Resources", r);
            }
            page.set("MediaBox", media_box);
            page.remove(b"Parent");
        }
    }
    // Images hold no text.
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object
            && stream
                .dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Image")
        {
            stream.dict.remove(b"Filter");
            stream.dict.remove(b"DecodeParms");
            stream.set_content(Vec::new());
        }
    }
    unicode_cmaps(doc);
    check_text_streams(doc, deadline)?;
    let doc: &Document = doc;
    let mut costs = Costs {
        doc,
        memo: HashMap::new(),
        open: HashSet::new(),
    };
    for (i, &id) in pages.iter().enumerate() {
        if std::time::Instant::now() > deadline {
            return Err(Refusal::TooSlow);
        }
        let number = i as u32 + 1;
        let content = doc.get_page_content(id).unwrap_or_default();
        let resources = doc
            .get_dictionary(id)
            .ok()
            .and_then(|p| p.get(b"Resources").ok())
            .and_then(|r| deref_dict(doc, r));
        let cost = costs.of(&content, resources, 0)?;
        if cost > MAX_PAGE_TOKENS {
            return Err(Refusal::PageTooBusy(number));
        }
    }
    Ok(pages
        .into_iter()
        .enumerate()
        .map(|(i, id)| (i as u32 + 1, id))
        .collect())
}

/// The pages, in order, from a walk of the page tree with a stack.
fn page_tree(doc: &Document) -> Result<Vec<ObjectId>, Refusal> {
    let root = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|p| p.as_reference().ok());
    let Some(root) = root else {
        return Ok(Vec::new());
    };
    let mut pages = Vec::new();
    let mut seen: HashSet<ObjectId> = HashSet::from([root]);
    // (kids of a node, next kid, depth)
    let mut stack: Vec<(Vec<ObjectId>, usize)> = vec![(kids(doc, root), 0)];
    while let Some((kids_here, next)) = stack.last_mut() {
        let Some(&kid) = kids_here.get(*next) else {
            stack.pop();
            continue;
        };
        *next += 1;
        if !seen.insert(kid) {
            return Err(Refusal::PageTreeLoop);
        }
        let Ok(dict) = doc.get_dictionary(kid) else {
            continue;
        };
        let is_node = dict.get(b"Kids").is_ok() && dict.get_type().map_or(true, |t| t == b"Pages");
        if is_node {
            if stack.len() >= MAX_TREE_DEPTH {
                return Err(Refusal::PageTreeDepth);
            }
            stack.push((kids(doc, kid), 0));
        } else if dict.get_type().map_or(true, |t| t == b"Page") {
            pages.push(kid);
        }
    }
    Ok(pages)
}

fn kids(doc: &Document, node: ObjectId) -> Vec<ObjectId> {
    doc.get_dictionary(node)
        .ok()
        .and_then(|d| d.get(b"Kids").ok())
        .and_then(|k| match k {
            Object::Reference(id) => doc.get_object(*id).ok(),
            other => Some(other),
        })
        .and_then(|k| k.as_array().ok())
        .map(|a| a.iter().filter_map(|k| k.as_reference().ok()).collect())
        .unwrap_or_default()
}

/// A page's attribute, from the page or the nearest parent that has it.
fn inherited(doc: &Document, page: ObjectId, key: &[u8]) -> Result<Option<Object>, Refusal> {
    let mut seen = HashSet::new();
    let mut at = page;
    loop {
        if !seen.insert(at) || seen.len() > MAX_TREE_DEPTH + 1 {
            return Err(Refusal::ParentLoop);
        }
        let Ok(dict) = doc.get_dictionary(at) else {
            return Ok(None);
        };
        if let Ok(value) = dict.get(key) {
            return Ok(Some(value.clone()));
        }
        match dict.get(b"Parent").and_then(Object::as_reference) {
            Ok(parent) => at = parent,
            Err(_) => return Ok(None),
        }
    }
}

fn deref_dict<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    match object {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

/// The decoded bytes of a stream, as `pdf-extract` gets them.
fn contents(stream: &Stream) -> Vec<u8> {
    stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone())
}

/// Check the nesting of every stream a parser reads as text: forms, CMaps
/// (`ToUnicode`, an `Encoding` stream) and Type 1 fonts (`FontFile`), found
/// in a walk of all objects with a stack; page contents are scanned with the
/// pages.
fn check_text_streams(doc: &Document, deadline: std::time::Instant) -> Result<(), Refusal> {
    let mut parsed: HashSet<ObjectId> = HashSet::new();
    let mut cmaps: HashSet<ObjectId> = HashSet::new();
    for (&id, object) in &doc.objects {
        if let Object::Stream(s) = object
            && s.dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Form")
        {
            parsed.insert(id);
        }
        let mut stack: Vec<&Object> = vec![object];
        while let Some(o) = stack.pop() {
            let dict = match o {
                Object::Dictionary(d) => d,
                Object::Stream(s) => &s.dict,
                Object::Array(a) => {
                    stack.extend(a.iter());
                    continue;
                }
                _ => continue,
            };
            for (key, value) in dict.iter() {
                if matches!(key.as_slice(), b"ToUnicode" | b"Encoding" | b"FontFile")
                    && let Ok(r) = value.as_reference()
                {
                    parsed.insert(r);
                    if key.as_slice() == b"ToUnicode" {
                        cmaps.insert(r);
                    }
                }
                stack.push(value);
            }
        }
    }
    for id in parsed {
        if std::time::Instant::now() > deadline {
            return Err(Refusal::TooSlow);
        }
        if let Ok(Object::Stream(s)) = doc.get_object(id) {
            let data = contents(s);
            if scan(&data).depth > MAX_NESTING {
                return Err(Refusal::Nesting);
            }
            if cmaps.contains(&id) && cmap_codes(&data) > MAX_CMAP_CODES {
                return Err(Refusal::CmapTooLarge);
            }
        }
    }
    Ok(())
}

/// How many codes the ranges (`bfrange`) of a character map cover.
fn cmap_codes(data: &[u8]) -> u64 {
    let mut codes = 0u64;
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&data[from..], b"beginbfrange") {
        let start = from + at + 12;
        let end =
            memchr::memmem::find(&data[start..], b"endbfrange").map_or(data.len(), |e| start + e);
        from = end;
        // The hex strings and arrays of the section, in order: low, high,
        // then where the range goes.
        let mut items: Vec<Option<u64>> = Vec::new();
        let section = &data[start..end];
        let mut i = 0;
        while i < section.len() {
            match section[i] {
                b'<' => {
                    let close =
                        memchr::memchr(b'>', &section[i..]).map_or(section.len(), |c| i + c);
                    let hex: Vec<u8> = section[i + 1..close]
                        .iter()
                        .copied()
                        .filter(u8::is_ascii_hexdigit)
                        .collect();
                    // As the parser reads a code: its first four bytes.
                    let value = hex.chunks(2).take(4).fold(0u64, |v, pair| {
                        let byte = std::str::from_utf8(pair)
                            .ok()
                            .and_then(|p| u8::from_str_radix(p, 16).ok())
                            .unwrap_or(0);
                        (v << 8) | u64::from(byte)
                    });
                    items.push(Some(value));
                    i = close + 1;
                }
                b'[' => {
                    let close =
                        memchr::memchr(b']', &section[i..]).map_or(section.len(), |c| i + c);
                    items.push(None);
                    i = close + 1;
                }
                _ => i += 1,
            }
        }
        for triple in items.chunks(3) {
            if let [Some(low), Some(high), ..] = triple
                && high >= low
            {
                codes = codes.saturating_add(high - low + 1);
            }
        }
    }
    codes
}

/// The cost of drawing content, its forms included, with each form's cost
/// remembered.
struct Costs<'a> {
    doc: &'a Document,
    /// (form, the resources it was drawn with) → its cost.
    memo: HashMap<(ObjectId, usize), u64>,
    /// The forms being measured: drawing one of them again is a loop.
    open: HashSet<ObjectId>,
}

impl<'a> Costs<'a> {
    /// The tokens drawing `content` with `resources` runs. Recursion is
    /// bounded by [`MAX_FORM_DEPTH`].
    fn of(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<u64, Refusal> {
        let scan = scan(content);
        if scan.depth > MAX_NESTING {
            return Err(Refusal::Nesting);
        }
        let mut cost = scan.tokens;
        if scan.drawn.is_empty() {
            return Ok(cost);
        }
        let doc = self.doc;
        let xobjects = resources
            .and_then(|r| r.get(b"XObject").ok())
            .and_then(|x| deref_dict(doc, x));
        for (name, times) in scan.drawn {
            let Some(id) = xobjects
                .and_then(|x| x.get(&name).ok())
                .and_then(|o| o.as_reference().ok())
            else {
                continue;
            };
            // The reader draws any stream as a form, whatever its
            // Subtype says (an image's was emptied above).
            let Ok(Object::Stream(form)) = doc.get_object(id) else {
                continue;
            };
            let inner = form
                .dict
                .get(b"Resources")
                .ok()
                .and_then(|r| deref_dict(doc, r))
                .or(resources);
            let key = (id, inner.map_or(0, |r| r as *const Dictionary as usize));
            let each = match self.memo.get(&key) {
                Some(&c) => c,
                None => {
                    if self.open.contains(&id) {
                        return Err(Refusal::FormLoop);
                    }
                    if depth + 1 > MAX_FORM_DEPTH {
                        return Err(Refusal::FormDepth);
                    }
                    self.open.insert(id);
                    let c = self.of(&contents(form), inner, depth + 1);
                    self.open.remove(&id);
                    let c = c?;
                    self.memo.insert(key, c);
                    c
                }
            };
            cost = cost.saturating_add(each.saturating_mul(times));
            if cost > MAX_PAGE_TOKENS {
                // No need to measure further.
                return Ok(cost);
            }
        }
        Ok(cost)
    }
}

/// Run `f` on a thread of its own with a stack of [`STACK_BYTES`].
pub fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> io::Result<T> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("pdf".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, f)?;
        handle
            .join()
            .map_err(|_| io::Error::other("the reader thread stopped"))
    })
}

/// The predefined CMaps whose codes are the text's Unicode (UCS-2 or
/// UTF-16 in two bytes): the encodings of PDFs made with a standard
/// Chinese font left unembedded (STSong-Light, `/UniGB-UCS2-H`), as older
/// government PDFs often are.
const UNICODE_CMAPS: [&[u8]; 8] = [
    b"UniGB-UCS2-H",
    b"UniGB-UTF16-H",
    b"UniCNS-UCS2-H",
    b"UniCNS-UTF16-H",
    b"UniJIS-UCS2-H",
    b"UniJIS-UTF16-H",
    b"UniKS-UCS2-H",
    b"UniKS-UTF16-H",
];

/// Read a composite font encoded by one of [`UNICODE_CMAPS`] as what it
/// is: its two-byte codes are Unicode. The text reader knows only the
/// Identity encodings, and gave up on every page such a font draws; the
/// font becomes Identity-H, with a ToUnicode map that takes each code to
/// itself (unless it has a map of its own).
fn unicode_cmaps(doc: &mut Document) {
    let fonts: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter_map(|(&id, o)| {
            let d = o.as_dict().ok()?;
            let encoding = d.get(b"Encoding").and_then(Object::as_name).ok()?;
            (d.get(b"Subtype").and_then(Object::as_name).ok()? == b"Type0"
                && UNICODE_CMAPS.contains(&encoding))
            .then_some(id)
        })
        .collect();
    if fonts.is_empty() {
        return;
    }
    let map = doc.add_object(Stream::new(Dictionary::new(), identity_to_unicode()));
    for id in fonts {
        if let Ok(font) = doc.get_dictionary_mut(id) {
            font.set("Encoding", Object::Name(b"Identity-H".to_vec()));
            if font.get(b"ToUnicode").is_err() {
                font.set("ToUnicode", Object::Reference(map));
            }
        }
    }
}

/// A ToUnicode CMap that takes every two-byte code to the same Unicode
/// value, in ranges of 256 codes (a range may not cross its first byte),
/// at most 100 to a block.
fn identity_to_unicode() -> Vec<u8> {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let highs: Vec<u32> = (0..=0xFF).filter(|h| !(0xD8..=0xDF).contains(h)).collect();
    for block in highs.chunks(100) {
        cmap.push_str(&format!("{} beginbfrange\n", block.len()));
        for h in block {
            cmap.push_str(&format!("<{h:02X}00> <{h:02X}FF> <{h:02X}00>\n"));
        }
        cmap.push_str("endbfrange\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_counts_tokens_nesting_and_what_is_drawn() {
        let s = scan(b"q 1 0 0 1 0 0 cm /F1 12 Tf (a(b)c) Tj /X0 Do /X0 Do [[1]] % c\nBI /W 1 ID \x00EI( EI Q");
        assert_eq!(s.drawn.get(b"X0".as_slice()), Some(&2));
        assert_eq!(s.depth, 2);
        let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        assert_eq!(scan(deep.as_bytes()).depth, 1000);
        let strings = format!("{}{}", "(".repeat(1000), ")".repeat(1000));
        assert_eq!(scan(strings.as_bytes()).depth, 1000);
        assert_eq!(scan(b"(a\\(b)").depth, 1);
    }

    #[test]
    fn filters_are_read_from_the_dictionary() {
        assert_eq!(
            filters_of(b"obj << /Length 5 /Filter /FlateDecode >>"),
            vec![b"FlateDecode".to_vec()]
        );
        assert_eq!(
            filters_of(b"obj <</Filter[/ASCII85Decode /FlateDecode]>>"),
            vec![b"ASCII85Decode".to_vec(), b"FlateDecode".to_vec()]
        );
        assert!(filters_of(b"obj << /Length 5 >>").is_empty());
    }
}
