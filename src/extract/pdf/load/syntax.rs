//! Weighing PDF object syntax before lopdf parses it, and hiding the names lopdf must not act
//! on while it loads. Byte-level passes over the file: no allocation per token.

use std::borrow::Cow;
use std::collections::HashMap;

use lopdf::Object;

use crate::extract::pdf::lexer::literal_string_end;

/// What lopdf's parser allocates for one value at most: the `Object` itself, plus the slot
/// its array or dictionary may hold spare.
pub(super) const VALUE: u64 = 2 * std::mem::size_of::<Object>() as u64;
/// An array or dictionary: its own value, and the four slots nom's `many0` starts with.
pub(super) const CONTAINER: u64 = VALUE + 4 * std::mem::size_of::<Object>() as u64;
/// A dictionary entry beside its value: the key's `Vec` and the index map's hash and index.
pub(super) const ENTRY: u64 = 40;
/// How deep lopdf nests arrays and dictionaries before it gives up on an object
/// (`lopdf::reader::MAX_NESTING_DEPTH`).
const NESTING_LIMIT: usize = 100;

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_regular(b: u8) -> bool {
    !is_whitespace(b)
        && !matches!(
            b,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
        )
}

/// An upper bound of what lopdf allocates to load `bytes`, stream data counted at its length,
/// or a number above `stop_above`. Besides every object once, lopdf parses the object an
/// indirect `/Length` points at for each stream that names it, so those objects count once per
/// reference (a second pass weighs them, in the rare file that has such references).
pub(super) fn syntax_weight(bytes: &[u8], stop_above: u64) -> u64 {
    weigh(bytes, stop_above).weight
}

/// What [`weigh`] found: the weight, and where the names [`hide_names`] renames are.
pub(super) struct Syntax {
    pub(super) weight: u64,
    names: Vec<usize>,
}

/// [`syntax_weight`], and the names to hide.
pub(super) fn weigh(bytes: &[u8], stop_above: u64) -> Syntax {
    let first = scan(bytes, stop_above, &HashMap::new());
    let mut weight = first.weight;
    if weight <= stop_above && !first.length_refs.is_empty() {
        let second = scan(bytes, stop_above, &first.length_refs);
        weight = weight.saturating_add(second.referenced_weight);
    }
    Syntax {
        weight,
        names: first.names,
    }
}

/// What one pass of [`scan`] found.
struct Scan {
    weight: u64,
    /// Objects named by an indirect `/Length`, with how many times.
    length_refs: HashMap<u32, u64>,
    /// The weight of the objects asked for, times their references.
    referenced_weight: u64,
    /// Where names reading `Encrypt` or `First` start (after their slash).
    names: Vec<usize>,
}

/// One pass over the object syntax, without allocating (but for `length_refs`).
///
/// Stream data runs from the `stream` keyword to `endstream`, unless an object header
/// (`12 0 obj`) comes first: lopdf parses an object wherever the cross-reference data points,
/// so object syntax hidden in stream data is weighed like any other.
fn scan(bytes: &[u8], stop_above: u64, wanted: &HashMap<u32, u64>) -> Scan {
    let mut found = Scan {
        weight: 0,
        length_refs: HashMap::new(),
        referenced_weight: 0,
        names: Vec::new(),
    };
    // The last two tokens when they are integers, the tokens since a `/Length` key, and the
    // object being weighed for `wanted` (its references, the weight at its header).
    let mut integers: [Option<u64>; 2] = [None, None];
    let mut after_length: Option<u8> = None;
    let mut current: Option<(u64, u64)> = None;
    // Arrays and dictionaries open in the current object: lopdf gives up on an object nested
    // deeper than its limit, so what lies deeper costs nothing. Each object starts afresh.
    let mut depth = 0usize;
    let mut at = 0usize;
    while let Some(&b) = bytes.get(at) {
        if found.weight > stop_above {
            break;
        }
        at += 1;
        let weight_before = found.weight;
        let deep = depth > NESTING_LIMIT;
        let mut integer = None;
        let mut length_key = false;
        match b {
            _ if is_whitespace(b) => continue,
            b'%' => {
                while bytes.get(at).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    at += 1;
                }
                continue;
            }
            b'(' => {
                let rest = bytes.get(at..).unwrap_or_default();
                let (end, _) = literal_string_end(rest);
                let length = end.map_or(rest.len(), |end| end + 1);
                at += length;
                found.weight += VALUE + length as u64;
            }
            b'<' if bytes.get(at) == Some(&b'<') => {
                at += 1;
                depth += 1;
                if depth <= NESTING_LIMIT {
                    found.weight += CONTAINER;
                }
            }
            b'>' if bytes.get(at) == Some(&b'>') => {
                at += 1;
                depth = depth.saturating_sub(1);
            }
            b'<' => {
                let start = at;
                while bytes.get(at).is_some_and(|&c| c != b'>') {
                    at += 1;
                }
                found.weight += VALUE + (at - start) as u64 / 2;
            }
            b'[' => {
                depth += 1;
                if depth <= NESTING_LIMIT {
                    found.weight += CONTAINER;
                }
            }
            b']' => depth = depth.saturating_sub(1),
            b'/' => {
                let start = at;
                while bytes.get(at).copied().is_some_and(is_regular) {
                    at += 1;
                }
                let name = bytes.get(start..at).unwrap_or_default();
                let decoded = decode_name(name);
                length_key = *decoded == *b"Length";
                if matches!(&*decoded, b"Encrypt" | b"First") && wanted.is_empty() {
                    found.names.push(start);
                }
                // Any name may be a key: its value and its entry.
                found.weight += VALUE + ENTRY + name.len() as u64;
            }
            _ if is_regular(b) => {
                let start = at - 1;
                while bytes.get(at).copied().is_some_and(is_regular) {
                    at += 1;
                }
                let word = bytes.get(start..at).unwrap_or_default();
                found.weight += VALUE;
                match word {
                    b"stream" => {
                        let (data_end, resume) = skip_to(bytes, at, b"endstream", true);
                        found.weight += (data_end - at) as u64;
                        at = resume;
                    }
                    // lopdf keeps a cross-reference entry (20 bytes) in about 40 bytes.
                    b"xref" => {
                        let (data_end, resume) = skip_to(bytes, at, b"trailer", false);
                        found.weight += 2 * (data_end - at) as u64;
                        at = resume;
                        depth = 0;
                    }
                    b"R" if after_length == Some(2) => {
                        if let [Some(id), Some(_)] = integers {
                            *found.length_refs.entry(id as u32).or_default() += 1;
                        }
                    }
                    b"obj" | b"endobj" | b"trailer" => {
                        depth = 0;
                        if let Some((times, since)) = current.take() {
                            let object = found.weight.saturating_sub(since);
                            found.referenced_weight = found
                                .referenced_weight
                                .saturating_add(object.saturating_mul(times));
                        }
                        if let (b"obj", [Some(id), Some(_)]) = (word, integers) {
                            current = u32::try_from(id)
                                .ok()
                                .and_then(|id| wanted.get(&id))
                                .map(|&times| (times, found.weight));
                        }
                    }
                    _ => {
                        integer = std::str::from_utf8(word).ok().and_then(|w| w.parse().ok());
                    }
                }
            }
            // `)`, a lone `>`, `{`, `}`: stray delimiters.
            _ => {}
        }
        if deep && depth > NESTING_LIMIT {
            found.weight = weight_before;
        }
        integers = [integers[1], integer];
        after_length = if length_key {
            Some(0)
        } else {
            after_length
                .and_then(|n| n.checked_add(1))
                .filter(|&n| n <= 2)
        };
    }
    if let Some((times, since)) = current {
        let object = found.weight.saturating_sub(since);
        found.referenced_weight = found
            .referenced_weight
            .saturating_add(object.saturating_mul(times));
    }
    found
}

/// Where the data starting at `from` ends, and where object syntax resumes: at `end` (which
/// belongs to the syntax: `trailer`) or after it (`endstream`), or at the next object header,
/// or at the end of the file.
fn skip_to(bytes: &[u8], from: usize, end: &[u8], skip_end: bool) -> (usize, usize) {
    let first = end.first().copied().unwrap_or(b'o');
    let mut at = from;
    // Stream data is most of a file's bytes: a vectorised search for the two bytes.
    while let Some(offset) = bytes
        .get(at..)
        .and_then(|rest| memchr::memchr2(first, b'o', rest))
    {
        at += offset;
        let rest = bytes.get(at..).unwrap_or_default();
        if rest.starts_with(end) {
            return (at, if skip_end { at + end.len() } else { at });
        }
        if rest.starts_with(b"obj")
            && let Some(header) = header_start(bytes, at)
        {
            return (header, header);
        }
        at += 1;
    }
    (bytes.len(), bytes.len())
}

/// The start of the `N G obj` header whose keyword is at `keyword`, if there is one.
fn header_start(bytes: &[u8], keyword: usize) -> Option<usize> {
    let before = bytes.get(..keyword)?;
    let after = bytes.get(keyword + 3).copied();
    if after.is_some_and(is_regular) {
        return None;
    }
    let mut at = before.len();
    for number in 0..2 {
        let gap_end = at;
        while at > 0 && before.get(at - 1).copied().is_some_and(is_whitespace) {
            at -= 1;
        }
        if at == gap_end {
            return None;
        }
        let digits_end = at;
        while at > 0 && before.get(at - 1).is_some_and(u8::is_ascii_digit) {
            at -= 1;
        }
        if at == digits_end {
            return None;
        }
        if number == 1 && at > 0 && before.get(at - 1).copied().is_some_and(is_regular) {
            return None;
        }
    }
    Some(at)
}

/// The names lopdf must not read, hidden by [`hide_names`]: what each now reads.
#[derive(Default)]
pub(super) struct Hidden {
    /// `/Encrypt`: lopdf's loader skips the load filter for encrypted files.
    pub(super) encrypt: Vec<Vec<u8>>,
    /// `/First`: without it lopdf cannot parse an object stream, whichever path asks.
    pub(super) first: Vec<Vec<u8>>,
}

/// The bytes with the names [`weigh`] found renamed (their first character made `X`; offsets
/// do not move), and what they now read; the bytes are copied only if need be. Names in stream
/// data and strings are left alone, so no text changes; outside object streams and trailers
/// these names only name outline items, which atsfit does not read.
pub(super) fn hide_names<'b>(bytes: &'b [u8], syntax: &Syntax) -> (Cow<'b, [u8]>, Hidden) {
    let mut hidden = Hidden::default();
    if syntax.names.is_empty() {
        return (Cow::Borrowed(bytes), hidden);
    }
    let mut copy = bytes.to_vec();
    for &start in &syntax.names {
        let mut end = start;
        while bytes.get(end).copied().is_some_and(is_regular) {
            end += 1;
        }
        let raw = bytes.get(start..end).unwrap_or_default();
        let list = if *decode_name(raw) == *b"Encrypt" {
            &mut hidden.encrypt
        } else {
            &mut hidden.first
        };
        let mut renamed = raw.to_vec();
        if let Some(first) = renamed.first_mut() {
            *first = b'X';
        }
        let renamed = decode_name(&renamed).into_owned();
        if !list.contains(&renamed) {
            list.push(renamed);
        }
        if let Some(first) = copy.get_mut(start) {
            *first = b'X';
        }
    }
    (Cow::Owned(copy), hidden)
}

/// A name's characters with `#xx` escapes decoded, as lopdf reads them.
fn decode_name(raw: &[u8]) -> Cow<'_, [u8]> {
    if !raw.contains(&b'#') {
        return Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut at = 0;
    while let Some(&b) = raw.get(at) {
        let escaped = (b == b'#')
            .then(|| raw.get(at + 1..at + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                at += 3;
            }
            // lopdf ends a name at a `#` without two hex digits.
            None if b == b'#' => break,
            None => {
                out.push(b);
                at += 1;
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    #[test]
    fn stream_data_is_skipped_but_not_object_headers_inside_it() {
        let plain = b"1 0 obj << /Length 9 >> stream\n[[[[[[[[[\nendstream endobj";
        let hidden = b"1 0 obj << /Length 99 >> stream\n\x00\x01 2 0 obj [[[[[[[[[ endobj";
        let plain_weight = syntax_weight(plain, u64::MAX);
        assert!(plain_weight < 9 * CONTAINER, "{plain_weight}");
        assert!(syntax_weight(hidden, u64::MAX) >= 9 * CONTAINER);
        assert_eq!(header_start(b"x 12 0 obj", 7), Some(2));
        assert_eq!(header_start(b"x12 0 obj", 6), None);
        assert_eq!(header_start(b"12 0 objx", 5), None);
    }

    #[test]
    fn hidden_names_are_found_escaped_or_not_and_never_in_text() {
        let bytes: &[u8] = b"<< /Encrypt 5 0 R /EncryptMetadata true /Encr#79pt 1 /#46irst 3 /FirstChar 32 /T (a /First b) >> stream\n/First Do\nendstream";
        let (hidden_bytes, hidden) = hide_names(bytes, &weigh(bytes, u64::MAX));
        assert_eq!(
            &*hidden_bytes,
            &b"<< /Xncrypt 5 0 R /EncryptMetadata true /Xncr#79pt 1 /X46irst 3 /FirstChar 32 /T (a /First b) >> stream\n/First Do\nendstream"[..]
        );
        assert_eq!(hidden.encrypt, [b"Xncrypt".to_vec()]);
        assert_eq!(hidden.first, [b"X46irst".to_vec()]);
        let plain: &[u8] = b"<< /Root 1 0 R >>";
        let (bytes, hidden) = hide_names(plain, &weigh(plain, u64::MAX));
        assert!(matches!(bytes, Cow::Borrowed(_)));
        assert!(hidden.encrypt.is_empty() && hidden.first.is_empty());
    }
}
