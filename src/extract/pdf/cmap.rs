//! ToUnicode CMaps: the only reliable source of text for subset, CID and Type 3 fonts, whose
//! glyph names and codes mean nothing (Chromium, Typst, xdvipdfmx all depend on them).

use std::borrow::Cow;

use super::lexer::{Lexer, PdfString, Token};

/// A range of byte codes of one length, from a `begincodespacerange` section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CodespaceRange {
    pub(crate) bytes: u8,
    pub(crate) low: u32,
    pub(crate) high: u32,
}

/// Codes and the Unicode text each one stands for.
#[derive(Debug, Default)]
pub(crate) struct ToUnicode {
    pub(crate) codespace: Vec<CodespaceRange>,
    /// (code, start, end of its text in `texts`), sorted by code once parsed; a code mapped
    /// twice keeps its last mapping.
    mappings: Vec<(u32, u32, u32)>,
    /// The texts of all mappings, one after the other.
    texts: String,
    /// Ranges too large to expand, looked up by scanning: rare in practice.
    wide_ranges: Vec<(u32, u32, Vec<u16>)>,
}

/// Ranges up to this many codes are expanded into the map, which keeps lookups fast; the cap on
/// the total bounds memory for a hostile map declaring `<0000> <FFFFFFFF>`.
const MAX_EXPANDED_RANGE: u32 = 4096;
const MAX_EXPANDED_TOTAL: usize = 200_000;

fn code_of(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, &b| acc << 8 | u32::from(b))
}

/// Text from a CMap destination: UTF-16BE, as the spec says. A lone byte is read as Latin-1
/// because some producers write `<41>`.
pub(crate) fn utf16_to_string(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .map(|r| r.unwrap_or('\u{FFFD}'))
        .collect()
}

/// The UTF-16 units of a CMap destination, the last one raised by `bump` (a range's offset).
fn utf16_units(bytes: &[u8], bump: u32) -> impl Iterator<Item = u16> + '_ {
    let count = if bytes.len() == 1 {
        1
    } else {
        bytes.len().div_ceil(2)
    };
    (0..count).map(move |i| {
        let unit = if bytes.len() == 1 {
            bytes.first().map_or(0, |&b| u16::from(b))
        } else {
            let high = bytes.get(2 * i).copied().unwrap_or(0);
            let low = bytes.get(2 * i + 1).copied().unwrap_or(0);
            u16::from(high) << 8 | u16::from(low)
        };
        if i + 1 == count && bump > 0 {
            (u32::from(unit) + bump).min(0xffff) as u16
        } else {
            unit
        }
    })
}

fn push_utf16(bytes: &[u8], bump: u32, out: &mut String) {
    out.extend(char::decode_utf16(utf16_units(bytes, bump)).map(|r| r.unwrap_or('\u{FFFD}')));
}

/// The bytes of a string token, decoded into `scratch` when they need decoding.
fn bytes_of<'s>(string: &PdfString<'s>, scratch: &'s mut Vec<u8>) -> &'s [u8] {
    match string.plain() {
        Some(raw) => raw,
        None => {
            scratch.clear();
            string.decode_into(scratch);
            scratch
        }
    }
}

impl ToUnicode {
    pub(crate) fn parse(data: &[u8]) -> ToUnicode {
        let mut cmap = ToUnicode::default();
        let mut tokens = Lexer::new(data);
        while let Some(token) = tokens.next() {
            let Token::Keyword(word) = token else {
                continue;
            };
            match word {
                b"begincodespacerange" => cmap.read_codespace(&mut tokens),
                b"beginbfchar" => cmap.read_bfchar(&mut tokens),
                b"beginbfrange" => cmap.read_bfrange(&mut tokens),
                _ => {}
            }
        }
        // Stable: of two mappings of one code, the later one stays last.
        cmap.mappings.sort_by_key(|&(code, _, _)| code);
        let mut kept: Vec<(u32, u32, u32)> = Vec::with_capacity(cmap.mappings.len());
        for entry in cmap.mappings.drain(..) {
            match kept.last_mut() {
                Some(last) if last.0 == entry.0 => *last = entry,
                _ => kept.push(entry),
            }
        }
        cmap.mappings = kept;
        cmap
    }

    fn read_codespace(&mut self, tokens: &mut Lexer<'_>) {
        let mut pending: Option<(usize, u32)> = None;
        let mut scratch = Vec::new();
        for token in tokens.by_ref() {
            match token {
                Token::Keyword(_) => break,
                Token::String(s) => {
                    let bytes = bytes_of(&s, &mut scratch);
                    match pending.take() {
                        None => pending = Some((bytes.len(), code_of(bytes))),
                        Some((len, low)) => {
                            self.codespace.push(CodespaceRange {
                                bytes: len.clamp(1, 4) as u8,
                                low,
                                high: code_of(bytes),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn read_bfchar(&mut self, tokens: &mut Lexer<'_>) {
        let mut source: Option<u32> = None;
        let mut scratch = Vec::new();
        for token in tokens.by_ref() {
            match token {
                Token::Keyword(_) => break,
                Token::String(s) => {
                    let bytes = bytes_of(&s, &mut scratch);
                    match source.take() {
                        None => source = Some(code_of(bytes)),
                        Some(code) if self.mappings.len() < MAX_EXPANDED_TOTAL => {
                            self.insert_utf16(code, bytes, 0)
                        }
                        Some(_) => {}
                    }
                }
                Token::Name(name) => {
                    if let Some(code) = source.take()
                        && let Some(text) = super::encoding::glyph_name_to_unicode(&name.decoded())
                    {
                        self.insert(code, &text);
                    }
                }
                _ => {}
            }
        }
    }

    fn read_bfrange(&mut self, tokens: &mut Lexer<'_>) {
        let mut low: Option<u32> = None;
        let mut high: Option<u32> = None;
        // Texts of an array-form destination, as spans of `texts`.
        let mut in_array: Option<Vec<(u32, u32)>> = None;
        let mut scratch = Vec::new();
        for token in tokens.by_ref() {
            match token {
                Token::Keyword(_) => break,
                Token::ArrayStart => in_array = Some(Vec::new()),
                Token::ArrayEnd => {
                    if let (Some(lo), Some(hi), Some(targets)) =
                        (low.take(), high.take(), in_array.take())
                    {
                        for (code, (start, end)) in (lo..=hi).zip(targets) {
                            if self.mappings.len() < MAX_EXPANDED_TOTAL {
                                self.mappings.push((code, start, end));
                            }
                        }
                    }
                }
                Token::String(s) => {
                    let bytes = bytes_of(&s, &mut scratch);
                    if let Some(targets) = in_array.as_mut() {
                        let start = self.texts.len() as u32;
                        push_utf16(bytes, 0, &mut self.texts);
                        targets.push((start, self.texts.len() as u32));
                    } else if low.is_none() {
                        low = Some(code_of(bytes));
                    } else if high.is_none() {
                        high = Some(code_of(bytes));
                    } else if let (Some(lo), Some(hi)) = (low.take(), high.take()) {
                        self.insert_range(lo, hi, bytes);
                    }
                }
                _ => {}
            }
        }
    }

    fn insert(&mut self, code: u32, text: &str) {
        if self.mappings.len() < MAX_EXPANDED_TOTAL {
            let start = self.texts.len() as u32;
            self.texts.push_str(text);
            self.mappings.push((code, start, self.texts.len() as u32));
        }
    }

    fn insert_utf16(&mut self, code: u32, destination: &[u8], bump: u32) {
        let start = self.texts.len() as u32;
        push_utf16(destination, bump, &mut self.texts);
        self.mappings.push((code, start, self.texts.len() as u32));
    }

    fn insert_range(&mut self, low: u32, high: u32, start: &[u8]) {
        if high < low {
            return;
        }
        if high - low < MAX_EXPANDED_RANGE && self.mappings.len() < MAX_EXPANDED_TOTAL {
            for code in low..=high {
                self.insert_utf16(code, start, code - low);
            }
        } else if self.wide_ranges.len() < 10_000 {
            self.wide_ranges
                .push((low, high, utf16_units(start, 0).collect()));
        }
    }

    pub(crate) fn lookup(&self, code: u32) -> Option<Cow<'_, str>> {
        if let Ok(index) = self.mappings.binary_search_by_key(&code, |&(c, _, _)| c) {
            let (_, start, end) = self.mappings.get(index)?;
            return self
                .texts
                .get(*start as usize..*end as usize)
                .map(Cow::Borrowed);
        }
        self.wide_ranges
            .iter()
            .find(|(lo, hi, _)| (*lo..=*hi).contains(&code))
            .map(|(lo, _, start)| {
                let mut units = start.clone();
                if let Some(last) = units.last_mut() {
                    *last = (u32::from(*last) + (code - lo)).min(0xffff) as u16;
                }
                Cow::Owned(utf16_to_string(&units))
            })
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.mappings.is_empty() && self.wide_ranges.is_empty()
    }
}

/// Whether every code is two bytes long (Identity-H and the like): no one-byte range, and one
/// range of all two-byte codes.
pub(crate) fn all_codes_two_bytes(codespace: &[CodespaceRange]) -> bool {
    codespace.iter().all(|r| r.bytes != 1)
        && codespace
            .iter()
            .any(|r| r.bytes == 2 && r.low == 0 && r.high >= 0xffff)
}

/// Two-byte codes, a lone last byte read alone: what [`split_codes`] gives when
/// [`all_codes_two_bytes`] holds and unmatched bytes are read two at a time.
pub(crate) fn split_two_byte_codes(bytes: &[u8], out: &mut Vec<u32>) {
    let pairs = bytes.chunks_exact(2);
    let last = pairs.remainder().first().map(|&b| u32::from(b));
    out.extend(pairs.map(|pair| match pair {
        [high, low] => u32::from(*high) << 8 | u32::from(*low),
        _ => 0,
    }));
    out.extend(last);
}

/// Splits a shown string into character codes by the codespace ranges: the first length whose
/// range holds the leading bytes wins; bytes no range holds are read `fallback` at a time.
pub(crate) fn split_codes(
    bytes: &[u8],
    codespace: &[CodespaceRange],
    fallback: u8,
    out: &mut Vec<u32>,
) {
    if fallback == 2 && all_codes_two_bytes(codespace) {
        split_two_byte_codes(bytes, out);
        return;
    }
    let mut pos = 0;
    while pos < bytes.len() {
        let mut taken = 0usize;
        for len in 1..=4u8 {
            let Some(chunk) = bytes.get(pos..pos + usize::from(len)) else {
                break;
            };
            let value = code_of(chunk);
            if codespace
                .iter()
                .any(|r| r.bytes == len && (r.low..=r.high).contains(&value))
            {
                taken = usize::from(len);
                break;
            }
        }
        if taken == 0 {
            taken = usize::from(fallback.max(1)).min(bytes.len() - pos);
        }
        out.push(bytes.get(pos..pos + taken).map(code_of).unwrap_or(0));
        pos += taken;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CMAP: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
        1 begincodespacerange <0000> <FFFF> endcodespacerange
        2 beginbfchar <0003> <0020> <0010> <D835DC00> endbfchar
        2 beginbfrange <0020> <0022> <0041> <0030> <0031> [<0066006C> <00660069>] endbfrange
        1 beginbfchar <0040> /fi endbfchar
        endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn bfchar_bfrange_and_array_form() {
        let cmap = ToUnicode::parse(CMAP);
        let cases: &[(u32, Option<&str>)] = &[
            (0x03, Some(" ")),
            (0x10, Some("\u{1D400}")),
            (0x20, Some("A")),
            (0x22, Some("C")),
            (0x23, None),
            (0x30, Some("fl")),
            (0x31, Some("fi")),
            (0x40, Some("fi")),
        ];
        for &(code, want) in cases {
            assert_eq!(cmap.lookup(code).as_deref(), want, "code {code:#x}");
        }
    }

    #[test]
    fn splits_by_codespace() {
        let cmap = ToUnicode::parse(CMAP);
        let mut codes = Vec::new();
        split_codes(&[0, 0x20, 0, 0x21], &cmap.codespace, 1, &mut codes);
        assert_eq!(codes, vec![0x20, 0x21]);
        let mixed = [
            CodespaceRange {
                bytes: 1,
                low: 0,
                high: 0x7f,
            },
            CodespaceRange {
                bytes: 2,
                low: 0x8140,
                high: 0x9ffc,
            },
        ];
        codes.clear();
        split_codes(&[0x41, 0x81, 0x40, 0x42], &mixed, 1, &mut codes);
        assert_eq!(codes, vec![0x41, 0x8140, 0x42]);
        let identity = [CodespaceRange {
            bytes: 2,
            low: 0,
            high: 0xffff,
        }];
        for fallback in [1, 2] {
            codes.clear();
            split_codes(
                &[0, 0x41, 0x12, 0x34, 0x7f],
                &identity,
                fallback,
                &mut codes,
            );
            assert_eq!(codes, vec![0x41, 0x1234, 0x7f]);
        }
    }

    #[test]
    fn hostile_range_stays_bounded() {
        let cmap = ToUnicode::parse(b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert_eq!(cmap.lookup(5).as_deref(), Some("F"));
        assert!(cmap.mappings.is_empty());
    }
}
