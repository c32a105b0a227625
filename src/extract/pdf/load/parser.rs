//! A strict parser of PDF object syntax into lopdf's object model, for [`super::lazy`].
//!
//! lopdf's own parser is built from nom combinators and costs about 800 instructions per array
//! element; a font's `/Widths` has hundreds. This one reads the same syntax in a single pass
//! over the bytes and builds the same objects, but only well-formed syntax: anything lopdf
//! would have to repair or guess at (a `#` that starts no escape, a real with a stray minus,
//! an integer past `i64`) is `None`, and the caller gives the whole file to lopdf instead.
//! Every value is charged to a budget, so no syntax can make it allocate without bound.

use lopdf::{Dictionary, Object, StringFormat};

use super::syntax::{CONTAINER, ENTRY, VALUE};
use crate::extract::pdf::lexer::{
    decode_hex, decode_name, digits, literal_string_end, unescape_literal,
};

/// How deep arrays and dictionaries nest, as lopdf allows (`lopdf::reader::MAX_NESTING_DEPTH`).
const MAX_NESTING: usize = 100;
/// How far an array's opening looks for its end, and the most items it makes room for, to size
/// the array once (see `Parser::array`).
const ARRAY_LOOK_AHEAD: usize = 1 << 14;
const ARRAY_CAPACITY_HINT: usize = 1024;

const REGULAR: u8 = 0;
const WHITESPACE: u8 = 1;
const DELIMITER: u8 = 2;

/// Byte classes, as the syntax defines them.
static CLASSES: [u8; 256] = {
    let mut table = [REGULAR; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = match i as u8 {
            b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0' => WHITESPACE,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%' => DELIMITER,
            _ => REGULAR,
        };
        i += 1;
    }
    table
};

fn is_whitespace(b: u8) -> bool {
    CLASSES[usize::from(b)] == WHITESPACE
}

fn is_regular(b: u8) -> bool {
    CLASSES[usize::from(b)] == REGULAR
}

/// The key under which the quick load keeps a font encoding's `/Differences` as written, a
/// string of the array's syntax (see [`Parser::keeping_differences`]). A name read from a file
/// never holds a NUL byte (`#00` is refused), so no file's key can be this one.
pub(crate) const KEPT_DIFFERENCES: &[u8] = b"\0Differences";

/// A position in the file and what is left of the budget.
pub(super) struct Parser<'a> {
    bytes: &'a [u8],
    pub(super) pos: usize,
    /// Bytes the objects built may still take (see `syntax::VALUE`).
    pub(super) left: u64,
    keep_differences: bool,
}

impl<'a> Parser<'a> {
    pub(super) fn new(bytes: &'a [u8], pos: usize, left: u64) -> Parser<'a> {
        Parser {
            bytes,
            pos,
            left,
            keep_differences: false,
        }
    }

    /// Keeps each `/Differences` array of integers and plain names as written, under
    /// [`KEPT_DIFFERENCES`], instead of building one name object per glyph. A font with a
    /// ToUnicode map never reads them (a Chromium resume's 18 Type 3 fonts name 250 glyphs
    /// each: 17% of the instructions of reading the file went to those names); a font that
    /// needs them parses them when it first shows a code its map does not know
    /// ([`kept_differences`]).
    pub(super) fn keeping_differences(mut self) -> Parser<'a> {
        self.keep_differences = true;
        self
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn rest(&self) -> &'a [u8] {
        self.bytes.get(self.pos..).unwrap_or_default()
    }

    fn charge(&mut self, cost: u64) -> Option<()> {
        self.left = self.left.checked_sub(cost)?;
        Some(())
    }

    /// White space and comments.
    pub(super) fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if is_whitespace(b) {
                self.pos += 1;
            } else if b == b'%' {
                let rest = self.rest();
                let end = memchr::memchr2(b'\r', b'\n', rest).unwrap_or(rest.len());
                self.pos += end;
            } else {
                break;
            }
        }
    }

    /// A bare word: the regular bytes from here.
    fn word(&mut self) -> &'a [u8] {
        let rest = self.rest();
        let len = rest
            .iter()
            .position(|&b| !is_regular(b))
            .unwrap_or(rest.len());
        self.pos += len;
        rest.get(..len).unwrap_or_default()
    }

    /// The keyword `word` standing alone here, consumed if so.
    pub(super) fn keyword(&mut self, word: &[u8]) -> bool {
        let rest = self.rest();
        let alone = rest.starts_with(word) && rest.get(word.len()).is_none_or(|&b| !is_regular(b));
        if alone {
            self.pos += word.len();
        }
        alone
    }

    /// An unsigned integer standing alone here (an object number, an offset), or nothing
    /// consumed.
    pub(super) fn unsigned(&mut self) -> Option<u64> {
        let start = self.pos;
        let word = self.word();
        let value = unsigned_value(word);
        if value.is_none() {
            self.pos = start;
        }
        value
    }

    /// `N G obj`: the header of an indirect object.
    pub(super) fn object_header(&mut self) -> Option<(u32, u16)> {
        self.skip_space();
        let number = u32::try_from(self.unsigned()?).ok()?;
        self.skip_space();
        let generation = u16::try_from(self.unsigned()?).ok()?;
        self.skip_space();
        self.keyword(b"obj").then_some((number, generation))
    }

    /// One direct object.
    pub(super) fn object(&mut self) -> Option<Object> {
        self.value(MAX_NESTING)
    }

    fn value(&mut self, depth: usize) -> Option<Object> {
        self.skip_space();
        self.charge(VALUE)?;
        match self.peek()? {
            b'/' => {
                self.pos += 1;
                let name = self.name()?;
                Some(Object::Name(name))
            }
            b'(' => {
                self.pos += 1;
                let bytes = self.literal_string()?;
                Some(Object::String(bytes, StringFormat::Literal))
            }
            b'<' if self.rest().starts_with(b"<<") => {
                Some(Object::Dictionary(self.dictionary(depth.checked_sub(1)?)?))
            }
            b'<' => {
                self.pos += 1;
                let bytes = self.hex_string()?;
                Some(Object::String(bytes, StringFormat::Hexadecimal))
            }
            b'[' => {
                self.pos += 1;
                self.array(depth.checked_sub(1)?)
            }
            b'0'..=b'9' => self.number_or_reference(),
            b'+' | b'-' | b'.' => number(self.word()),
            b'n' if self.keyword(b"null") => Some(Object::Null),
            b't' if self.keyword(b"true") => Some(Object::Boolean(true)),
            b'f' if self.keyword(b"false") => Some(Object::Boolean(false)),
            _ => None,
        }
    }

    /// A dictionary, from its `<<`.
    pub(super) fn dictionary(&mut self, depth: usize) -> Option<Dictionary> {
        self.charge(CONTAINER)?;
        self.pos += 2;
        let mut dict = Dictionary::new();
        loop {
            self.skip_space();
            match self.peek()? {
                b'>' if self.rest().starts_with(b">>") => {
                    self.pos += 2;
                    return Some(dict);
                }
                b'/' => {
                    self.pos += 1;
                    let key = self.name()?;
                    self.charge(ENTRY)?;
                    if self.keep_differences && key == b"Differences" {
                        // The last of a repeated key holds, whichever way it was read.
                        if let Some(syntax) = self.names_and_integers() {
                            dict.remove(b"Differences");
                            let kept = Object::String(syntax.to_vec(), StringFormat::Literal);
                            dict.set(KEPT_DIFFERENCES, kept);
                            continue;
                        }
                        dict.remove(KEPT_DIFFERENCES);
                    }
                    let value = self.value(depth)?;
                    // The last of a repeated key holds, as in lopdf.
                    dict.set(key, value);
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self, depth: usize) -> Option<Object> {
        self.charge(CONTAINER)?;
        // Room for as many items as there are spaces before the first `]`, within a short
        // look ahead and up to a bound: a font's 256 `/Differences` or `/Widths` would
        // otherwise grow through eight copies of objects of 120 bytes, and those large
        // reallocations make the allocator consolidate its free lists (2% of the
        // instructions of a Chromium resume).
        let ahead = self.rest();
        let ahead = ahead
            .get(..ahead.len().min(ARRAY_LOOK_AHEAD))
            .unwrap_or_default();
        let span = memchr::memchr(b']', ahead).unwrap_or(0);
        let spaces = ahead
            .get(..span)
            .unwrap_or_default()
            .iter()
            .filter(|b| b.is_ascii_whitespace())
            .count();
        let mut items = Vec::with_capacity((spaces + 1).min(ARRAY_CAPACITY_HINT));
        loop {
            self.skip_space();
            if self.peek()? == b']' {
                self.pos += 1;
                return Some(Object::Array(items));
            }
            items.push(self.value(depth)?);
        }
    }

    /// An array of unsigned integers and names without escapes, the way `/Differences` is
    /// written: its syntax from `[` to `]`, consumed and charged as parsing it would be.
    /// Anything else (a string, a comment, a nested array, a real, a reference, an escape) is
    /// left for [`Parser::value`], nothing consumed.
    fn names_and_integers(&mut self) -> Option<&'a [u8]> {
        self.skip_space();
        let rest = self.rest();
        if rest.first() != Some(&b'[') {
            return None;
        }
        let end = memchr::memchr(b']', rest)?;
        let body = rest.get(1..end)?;
        let mut items = 0u64;
        let mut at = 0;
        while let Some(&b) = body.get(at) {
            if is_whitespace(b) {
                at += 1;
                continue;
            }
            let is_name = b == b'/';
            let start = at + usize::from(is_name);
            let tail = body.get(start..)?;
            let len = tail
                .iter()
                .position(|&b| !is_regular(b))
                .unwrap_or(tail.len());
            let word = tail.get(..len)?;
            let plain = if is_name {
                !word.is_empty() && !word.contains(&b'#')
            } else {
                (1..=9).contains(&word.len()) && word.iter().all(u8::is_ascii_digit)
            };
            if !plain {
                return None;
            }
            items += 1;
            at = start + len;
        }
        self.charge(CONTAINER + items * VALUE + body.len() as u64)?;
        self.pos += end + 1;
        rest.get(..=end)
    }

    fn name(&mut self) -> Option<Vec<u8>> {
        let raw = self.word();
        self.charge(raw.len() as u64)?;
        if raw.contains(&b'#') {
            // lopdf ends a name at a `#` that starts no escape; only well-formed ones here.
            let escapes_whole =
                raw.iter()
                    .enumerate()
                    .filter(|&(_, &b)| b == b'#')
                    .all(|(at, _)| {
                        raw.get(at + 1..at + 3)
                            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
                    });
            if !escapes_whole || raw.windows(3).any(|w| w == b"#00") {
                return None;
            }
        }
        Some(decode_name(raw).into_owned())
    }

    /// A literal string, after its `(`: balanced parentheses, escapes decoded.
    fn literal_string(&mut self) -> Option<Vec<u8>> {
        let rest = self.rest();
        let (end, escaped) = literal_string_end(rest);
        let raw = rest.get(..end?)?;
        self.pos += raw.len() + 1;
        self.charge(raw.len() as u64)?;
        if !escaped {
            return Some(raw.to_vec());
        }
        // Octal escapes past 255 are read differently by every parser: leave them to lopdf.
        if has_wide_octal(raw) {
            return None;
        }
        let mut out = Vec::with_capacity(raw.len());
        unescape_literal(raw, &mut out);
        Some(out)
    }

    /// A hex string, after its `<`: digits and white space only.
    fn hex_string(&mut self) -> Option<Vec<u8>> {
        let rest = self.rest();
        let len = memchr::memchr(b'>', rest)?;
        let raw = rest.get(..len)?;
        if !raw
            .iter()
            .all(|&b| b.is_ascii_hexdigit() || is_whitespace(b))
        {
            return None;
        }
        self.pos += len + 1;
        self.charge(raw.len() as u64)?;
        let mut out = Vec::with_capacity(raw.len() / 2 + 1);
        decode_hex(raw, &mut out);
        Some(out)
    }

    /// A number; an unsigned integer may be the start of a reference, `N G R`.
    fn number_or_reference(&mut self) -> Option<Object> {
        // Plain unsigned integers, the bulk of `/Widths` and of references, are read in the
        // pass that finds their end (18 digits always fit an `i64`); others as words.
        let rest = self.rest();
        let (value, len) = digits(rest);
        let (first, unsigned) =
            if (1..=18).contains(&len) && rest.get(len).is_none_or(|&b| !is_regular(b)) {
                self.pos += len;
                (Object::Integer(value as i64), Some(value))
            } else {
                let word = self.word();
                (number(word)?, unsigned_value(word))
            };
        if matches!(first, Object::Integer(n) if n >= 0)
            && self.reference_follows()
            && let Some(number) = unsigned.and_then(|n| u32::try_from(n).ok())
        {
            let after_number = self.pos;
            self.skip_space();
            if let Some(generation) = self.unsigned().and_then(|g| u16::try_from(g).ok()) {
                self.skip_space();
                if self.keyword(b"R") {
                    return Some(Object::Reference((number, generation)));
                }
            }
            self.pos = after_number;
        }
        Some(first)
    }

    /// Whether the bytes after a number may read `G R`: a quick look, so that the numbers of
    /// a `/Widths` array are not each read twice. A comment in between says yes, to be sure.
    fn reference_follows(&self) -> bool {
        let rest = self.rest();
        let past = |from: usize, want: fn(u8) -> bool| {
            from + rest
                .get(from..)
                .unwrap_or_default()
                .iter()
                .take_while(|&&b| want(b))
                .count()
        };
        let after_space = past(0, is_whitespace);
        if after_space == 0 || rest.get(after_space) == Some(&b'%') {
            return rest.get(after_space) == Some(&b'%');
        }
        let after_digits = past(after_space, |b| b.is_ascii_digit());
        let after_space2 = past(after_digits, is_whitespace);
        after_digits > after_space && matches!(rest.get(after_space2), Some(b'R' | b'%'))
    }
}

fn unsigned_value(word: &[u8]) -> Option<u64> {
    if word.is_empty() || !word.iter().all(u8::is_ascii_digit) {
        return None;
    }
    word.iter().try_fold(0u64, |value, &d| {
        value.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    })
}

/// An integer or a real as lopdf reads them: `[+-]digits`, or `[+-]digits.digits*` and
/// `[+-].digits` for reals.
fn number(word: &[u8]) -> Option<Object> {
    let (negative, unsigned) = match word.split_first()? {
        (b'-', rest) => (true, rest),
        (b'+', rest) => (false, rest),
        _ => (false, word),
    };
    if let Some(magnitude) = unsigned_value(unsigned) {
        let value = if negative {
            0i64.checked_sub_unsigned(magnitude)?
        } else {
            i64::try_from(magnitude).ok()?
        };
        return Some(Object::Integer(value));
    }
    let point = unsigned.iter().position(|&b| b == b'.')?;
    let (whole, fraction) = (unsigned.get(..point)?, unsigned.get(point + 1..)?);
    let digits_only = |part: &[u8]| part.iter().all(u8::is_ascii_digit);
    if !digits_only(whole) || !digits_only(fraction) || (whole.is_empty() && fraction.is_empty()) {
        return None;
    }
    let text = std::str::from_utf8(word).ok()?;
    text.parse::<f32>().ok().map(Object::Real)
}

/// The items of a `/Differences` array kept as written under [`KEPT_DIFFERENCES`]: what
/// parsing it in place would have built.
pub(crate) fn kept_differences(syntax: &[u8]) -> Option<Vec<Object>> {
    // The syntax was checked and charged when it was kept.
    match Parser::new(syntax, 0, u64::MAX).object()? {
        Object::Array(items) => Some(items),
        _ => None,
    }
}

/// Whether a literal string holds an octal escape whose value does not fit in a byte.
fn has_wide_octal(raw: &[u8]) -> bool {
    let mut at = 0;
    while let Some(&b) = raw.get(at) {
        at += 1;
        if b != b'\\' {
            continue;
        }
        match raw.get(at..at + 3) {
            Some([b'4'..=b'7', b'0'..=b'7', b'0'..=b'7']) => return true,
            _ => at += 1,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(syntax: &str) -> Option<Object> {
        Parser::new(syntax.as_bytes(), 0, u64::MAX).object()
    }

    #[test]
    fn reads_what_lopdf_reads() {
        let cases = [
            "<< /Type /Font /Widths [250 0.5 -3 .25 +4 5.] /Ref 12 0 R /N null /B true >>",
            "[ 1 2 R 3 ] ",
            "(nested (paren) \\(escaped\\) \\101\\n\r\nline) ",
            "<48 65 6c6C 6f7> ",
            "/A#20name ",
            "<< /K [ << /X 1 >> [ ] ] /Dup 1 /Dup 2 >>",
            "% comment\n 42 ",
            // Integers read in one pass (up to 18 digits) and as words (19, leading zeros).
            "[0 007 123456789012345678 1234567890123456789 12345678 2 0 R 3 4 5%c\n0 R]",
        ];
        // Arrays sized ahead: an end beyond the look-ahead (40,000 spaces, one item), more
        // items than the hint, a nested array's end first.
        let spaced = format!("[{}1 ]", " ".repeat(40_000));
        let long = format!("[{}]", "/g0 ".repeat(3000));
        let nested = format!("[ [ 1 ] {} 2 ]", "3 ".repeat(500));
        let sized = [spaced.as_str(), long.as_str(), nested.as_str()];
        for syntax in cases.into_iter().chain(sized) {
            let ours = parse(syntax);
            let theirs = lopdf_object(syntax);
            assert_eq!(ours, theirs, "{}", syntax.get(..60).unwrap_or(syntax));
            assert!(ours.is_some(), "{}", syntax.get(..60).unwrap_or(syntax));
        }
    }

    /// lopdf's reading of one direct object, through a one-object file.
    fn lopdf_object(syntax: &str) -> Option<Object> {
        let file = format!("%PDF-1.4\n1 0 obj\n{syntax}\nendobj\ntrailer\n<< /Root 1 0 R >>\n");
        let doc = lopdf::Document::load_mem(file.as_bytes()).ok()?;
        doc.objects.get(&(1, 0)).cloned()
    }

    #[test]
    fn leaves_what_lopdf_repairs_or_guesses() {
        for syntax in [
            "/Bad#zzname",
            "0.00-4142502",
            "99999999999999999999",
            "(\\777)",
            "<4x>",
            "(unterminated",
            "<< /Key >>",
            "[1 2",
            "1e5",
        ] {
            assert_eq!(parse(syntax), None, "{syntax:?}");
        }
    }

    #[test]
    fn keeps_plain_differences_as_written() {
        let cases = [
            (
                "<< /Differences [0 /g0 /g1 32 /space] /Type /Encoding >>",
                true,
            ),
            ("<< /Differences [ ] >>", true),
            ("<< /Differences [0 /A#20B] >>", false),
            ("<< /Differences [0 (x)] >>", false),
            ("<< /Differences [1 0 R] >>", false),
            ("<< /Differences [-1 /a] >>", false),
            ("<< /Differences [0.5 /a] >>", false),
            ("<< /Differences 5 0 R >>", false),
            ("<< /Differences [0 /a %c\n /b] >>", false),
            ("<< /Differences [0 /a [1]] >>", false),
            // The last of a repeated key holds, whichever way each was read.
            ("<< /Differences [0 /a] /Differences [0 (b)] >>", false),
            ("<< /Differences [0 (b)] /Differences [0 /a] >>", true),
        ];
        for (syntax, plain) in cases {
            let parsed = Parser::new(syntax.as_bytes(), 0, u64::MAX)
                .keeping_differences()
                .object();
            let Some(Object::Dictionary(mut dict)) = parsed else {
                panic!("{syntax}: {parsed:?}");
            };
            assert_eq!(dict.has(KEPT_DIFFERENCES), plain, "{syntax}");
            if let Some(Object::String(kept, _)) = dict.remove(KEPT_DIFFERENCES) {
                let items = kept_differences(&kept).unwrap_or_default();
                dict.set("Differences", Object::Array(items));
            }
            assert_eq!(Some(Object::Dictionary(dict)), parse(syntax), "{syntax}");
        }
    }

    #[test]
    fn stops_at_the_budget_and_the_nesting_limit() {
        let wide = format!("[{}]", "[] ".repeat(1000));
        assert!(Parser::new(wide.as_bytes(), 0, 1000).object().is_none());
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(parse(&deep).is_none());
        let fine = format!("{}{}", "[".repeat(50), "]".repeat(50));
        assert!(parse(&fine).is_some());
    }
}
