//! Decoding the bytes of a text file: byte-order marks, UTF-8 and GB18030
//! detection, and a check that the bytes are text at all.
//!
//! The order of preference is: a byte-order mark (UTF-8, UTF-16LE/BE); valid
//! UTF-8; UTF-8 with a few damaged bytes; GB18030 that decodes without error;
//! and, when both UTF-8 and GB18030 have errors, whichever of them the
//! chardetng detector names, provided the damage is small. Every path is
//! linear in the size of the input.

use encoding_rs::{DecoderResult, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};

use super::normalize::is_blank;
use super::{Encoding, SkipReason};

/// Signatures of common binary formats that sometimes get a `.txt` name.
const MAGIC: &[&[u8]] = &[
    b"\x89PNG",            // PNG
    b"\xFF\xD8\xFF",       // JPEG
    b"GIF8",               // GIF
    b"%PDF-",              // PDF
    b"PK\x03\x04",         // zip, docx, xlsx...
    b"\xD0\xCF\x11\xE0",   // OLE: .doc, .xls, .wps
    b"\x7FELF",            // executable
    b"\x1F\x8B",           // gzip
    b"Rar!\x1A\x07",       // rar
    b"7z\xBC\xAF\x27\x1C", // 7-zip
];

/// Size of the buffer text is decoded through.
const SCRATCH: usize = 64 << 10;

/// At most this many bytes are given to the encoding detector.
const DETECTOR_SAMPLE: usize = 4 << 20;

/// Decode the bytes of a text file.
///
/// Returns the text (byte-order mark removed, otherwise as decoded: call
/// [`normalize`](super::normalize) to tidy it), the encoding, and how many
/// invalid byte sequences were replaced by U+FFFD.
///
/// Errors: [`SkipReason::Empty`] for no bytes or only whitespace,
/// [`SkipReason::Binary`] for data that is not text, and
/// [`SkipReason::Undecodable`] for text in another encoding (Big5, Shift_JIS...).
///
/// ```
/// use renda_core::corpus::{decode_text, Encoding};
/// let (gbk, _, _) = encoding_rs::GBK.encode("各位代表、同志们：大家好！");
/// let (text, encoding, replaced) = decode_text(&gbk).unwrap();
/// assert_eq!(text, "各位代表、同志们：大家好！");
/// assert_eq!((encoding, replaced), (Encoding::Gb18030, 0));
/// ```
pub fn decode_text(bytes: &[u8]) -> Result<(String, Encoding, usize), SkipReason> {
    let (text, encoding, replaced) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        reject_binary(rest)?;
        let (text, _, replaced) = utf8_lossy(rest);
        (text, Encoding::Utf8Bom, replaced)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (text, replaced) = decode_counting(UTF_16LE, rest);
        reject_binary(text.as_bytes())?;
        (text, Encoding::Utf16Le, replaced)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (text, replaced) = decode_counting(UTF_16BE, rest);
        reject_binary(text.as_bytes())?;
        (text, Encoding::Utf16Be, replaced)
    } else {
        reject_binary(bytes)?;
        detect(bytes)?
    };
    if is_blank(&text) {
        return Err(SkipReason::Empty);
    }
    Ok((text, encoding, replaced))
}

/// Decode bytes that have no byte-order mark.
fn detect(bytes: &[u8]) -> Result<(String, Encoding, usize), SkipReason> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), Encoding::Utf8, 0));
    }
    let utf8 = Damage::of_utf8(bytes);
    // Damaged UTF-8: at most one bad sequence per 20 good non-ASCII characters.
    // GBK text read as UTF-8 is mostly errors, so it never gets this far.
    if utf8.errors.saturating_mul(20) <= utf8.good {
        return Ok(utf8_lossy(bytes));
    }
    let (gb_text, gb_errors) = decode_counting(GB18030, bytes);
    if gb_errors == 0 {
        return Ok((gb_text, Encoding::Gb18030, 0));
    }
    let gb = Damage {
        errors: gb_errors,
        good: count_non_ascii(&gb_text).saturating_sub(gb_errors),
    };
    // Both have errors: let the detector say which it is. Accept up to one
    // bad sequence per 10 good characters of the encoding it names; when it
    // names another encoding (Big5, Shift_JIS...), accept only text with at
    // most 1% damage, as the result would otherwise be garbage.
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&bytes[..bytes.len().min(DETECTOR_SAMPLE)], true);
    let guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    let (use_gb, tolerance) = if guess == UTF_8 {
        (false, 10)
    } else if guess == GBK || guess == GB18030 {
        (true, 10)
    } else {
        (gb.errors < utf8.errors, 100)
    };
    let damage = if use_gb { gb } else { utf8 };
    if damage.errors.saturating_mul(tolerance) > damage.good {
        return Err(SkipReason::Undecodable {
            guess: guess.name().to_owned(),
        });
    }
    Ok(if use_gb {
        (gb_text, Encoding::Gb18030, gb_errors)
    } else {
        utf8_lossy(bytes)
    })
}

/// How well some bytes decode in one encoding.
#[derive(Clone, Copy)]
struct Damage {
    /// Invalid sequences, each of which becomes U+FFFD.
    errors: usize,
    /// Correctly decoded non-ASCII characters.
    good: usize,
}

impl Damage {
    fn of_utf8(bytes: &[u8]) -> Self {
        let mut damage = Damage { errors: 0, good: 0 };
        for chunk in bytes.utf8_chunks() {
            damage.good += count_non_ascii(chunk.valid());
            damage.errors += usize::from(!chunk.invalid().is_empty());
        }
        damage
    }
}

/// The number of non-ASCII characters (UTF-8 lead bytes) in `text`.
fn count_non_ascii(text: &str) -> usize {
    text.bytes().filter(|&b| b >= 0xC0).count()
}

/// Decode UTF-8, replacing each invalid sequence by U+FFFD and counting them.
fn utf8_lossy(bytes: &[u8]) -> (String, Encoding, usize) {
    let errors = Damage::of_utf8(bytes).errors;
    (
        String::from_utf8_lossy(bytes).into_owned(),
        Encoding::Utf8,
        errors,
    )
}

/// Decode with `encoding`, replacing each malformed sequence by U+FFFD and
/// counting them.
///
/// Decodes through a fixed-size scratch buffer so that the work per call (and
/// there is one call per error) does not grow with the size of the output.
fn decode_counting(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> (String, usize) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len().saturating_add(bytes.len() / 2));
    let mut scratch = "\0".repeat(SCRATCH);
    let mut errors = 0;
    let mut rest = bytes;
    loop {
        let (result, read, written) =
            decoder.decode_to_str_without_replacement(rest, &mut scratch, true);
        rest = rest.get(read..).unwrap_or_default();
        text.push_str(scratch.get(..written).unwrap_or_default());
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(_, _) => {
                errors += 1;
                text.push('\u{FFFD}');
            }
        }
    }
    (text, errors)
}

/// Fail with [`SkipReason::Binary`] when the bytes are clearly not text: a
/// known binary signature, a NUL byte, or more than a few control characters
/// (other than tab, line ends, form feed, ESC and the DOS end-of-file mark).
fn reject_binary(bytes: &[u8]) -> Result<(), SkipReason> {
    if MAGIC.iter().any(|magic| bytes.starts_with(magic)) || bytes.contains(&0) {
        return Err(SkipReason::Binary);
    }
    let controls = bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | 0x1A | 0x1B))
        .count();
    if controls > 2 + bytes.len() / 100 {
        return Err(SkipReason::Binary);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEECH: &str = "各位代表、同志们：\n为了提高代表的政治理论素养、法律知识水平和履职能力，\
        帮助大家尽快找准位置、进入角色、依法履职、发挥作用，市人大常委会把代表履职培训作为\
        加强和改进代表工作的重中之重。\n2023年，代表们提出建议120件（其中X县35件）。\n";

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode_text(SPEECH.as_bytes()).unwrap(),
            (SPEECH.to_owned(), Encoding::Utf8, 0)
        );
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), SPEECH.as_bytes()].concat();
        assert_eq!(
            decode_text(&with_bom).unwrap(),
            (SPEECH.to_owned(), Encoding::Utf8Bom, 0)
        );
    }

    #[test]
    fn utf16_with_bom() {
        let le: Vec<u8> = b"\xFF\xFE"
            .iter()
            .copied()
            .chain(SPEECH.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = b"\xFE\xFF"
            .iter()
            .copied()
            .chain(SPEECH.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(
            decode_text(&le).unwrap(),
            (SPEECH.into(), Encoding::Utf16Le, 0)
        );
        assert_eq!(
            decode_text(&be).unwrap(),
            (SPEECH.into(), Encoding::Utf16Be, 0)
        );
        // A dangling odd byte is one replacement, not a failure.
        let odd = [le.as_slice(), b"\x41"].concat();
        let (text, _, replaced) = decode_text(&odd).unwrap();
        assert_eq!((text.strip_suffix('\u{FFFD}'), replaced), (Some(SPEECH), 1));
    }

    #[test]
    fn gb18030_without_bom() {
        let (bytes, _, unmappable) = GB18030.encode(SPEECH);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(
            decode_text(&bytes).unwrap(),
            (SPEECH.into(), Encoding::Gb18030, 0)
        );
    }

    #[test]
    fn damaged_utf8_stays_utf8() {
        // Two stray bytes at character boundaries, as in a damaged copy.
        let at = SPEECH.find("代表的").unwrap();
        let bytes = [
            &SPEECH.as_bytes()[..9],
            b"\xFF",
            &SPEECH.as_bytes()[9..at],
            b"\xE4\xBB",
            &SPEECH.as_bytes()[at..],
        ]
        .concat();
        let expected = format!(
            "{}\u{FFFD}{}\u{FFFD}{}",
            &SPEECH[..9],
            &SPEECH[9..at],
            &SPEECH[at..]
        );
        assert_eq!(decode_text(&bytes).unwrap(), (expected, Encoding::Utf8, 2));
    }

    #[test]
    fn damaged_gb18030_stays_gb18030() {
        let (bytes, _, _) = GB18030.encode(SPEECH);
        let mut bytes = bytes.into_owned();
        bytes.insert(6, 0xFF); // a lead byte with no valid trail
        let (text, encoding, replaced) = decode_text(&bytes).unwrap();
        assert_eq!(encoding, Encoding::Gb18030);
        assert!(replaced >= 1);
        assert!(text.contains("市人大常委会把代表履职培训"), "{text}");
    }

    #[test]
    fn binary_and_empty() {
        assert_eq!(decode_text(b""), Err(SkipReason::Empty));
        assert_eq!(
            decode_text(b" \r\n\t \xE3\x80\x80\n"),
            Err(SkipReason::Empty)
        );
        assert_eq!(decode_text(b"\xEF\xBB\xBF"), Err(SkipReason::Empty));
        assert_eq!(
            decode_text(b"\x89PNG\r\n\x1A\n rest"),
            Err(SkipReason::Binary)
        );
        assert_eq!(decode_text(b"text\0with a NUL"), Err(SkipReason::Binary));
        assert_eq!(
            decode_text(b"\x01\x02\x03\x04\x05 abc"),
            Err(SkipReason::Binary)
        );
        // UTF-16 text that decodes to NULs is binary too.
        assert_eq!(decode_text(b"\xFF\xFE\0\0\0\0"), Err(SkipReason::Binary));
    }

    #[test]
    fn other_encodings_are_reported() {
        // Shift_JIS Japanese: neither UTF-8 nor clean GB18030.
        let (bytes, _, _) =
            encoding_rs::SHIFT_JIS.encode("ｱｲｳｴｵカキクケコ、日本語のテキストです。ﾃｽﾄ");
        match decode_text(&bytes) {
            Err(SkipReason::Undecodable { guess }) => assert_eq!(guess, "Shift_JIS"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn long_single_line_is_fast() {
        // 50 MB without a newline, in UTF-8 and in GB18030.
        let phrase = "人大代表依法履职，";
        let utf8 = phrase.repeat(50_000_000 / phrase.len());
        let gb = GB18030.encode(phrase).0.repeat(50_000_000 / 18);
        let start = std::time::Instant::now();
        let (text, encoding, _) = decode_text(utf8.as_bytes()).unwrap();
        assert_eq!((text.len(), encoding), (utf8.len(), Encoding::Utf8));
        let (text, encoding, _) = decode_text(&gb).unwrap();
        assert_eq!(
            (text.len(), encoding),
            (gb.len() / 18 * 27, Encoding::Gb18030)
        );
        assert_eq!(crate::corpus::normalize(&text).len(), text.len());
        // Generous for unoptimised test builds; an optimised build takes well under a second.
        assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
    }
}
