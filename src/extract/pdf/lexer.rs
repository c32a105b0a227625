//! A small tokenizer for content streams and CMaps. lopdf's content parser rejects a whole stream
//! on one bad token, and real files (and damaged ones) have bad tokens; ours skips them and
//! carries on. Tokens borrow from the stream: strings are decoded only when they are read (into
//! the caller's buffer), so a content stream is tokenized without allocating.

use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Token<'a> {
    Number(f32),
    /// A literal or hex string, still encoded: see [`PdfString::decode_into`].
    String(PdfString<'a>),
    /// A name without its slash, `#xx` escapes still encoded: see [`PdfName::decoded`].
    Name(PdfName<'a>),
    /// An operator or any other bare word (`true`, `null`, `def`...).
    Keyword(&'a [u8]),
    ArrayStart,
    ArrayEnd,
    DictStart,
    DictEnd,
}

/// How a string was written, which decides how its bytes are decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StringForm {
    /// A literal string without escapes or carriage returns: the bytes as they stand.
    Plain,
    /// A literal string with escapes or carriage returns.
    Escaped,
    /// A hex string, without its angle brackets.
    Hex,
}

/// A string operand as it stands in the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PdfString<'a> {
    raw: &'a [u8],
    form: StringForm,
}

impl<'a> PdfString<'a> {
    /// The bytes when they need no decoding.
    pub(crate) fn plain(&self) -> Option<&'a [u8]> {
        (self.form == StringForm::Plain).then_some(self.raw)
    }

    /// Appends the string's bytes to `out`.
    pub(crate) fn decode_into(&self, out: &mut Vec<u8>) {
        match self.form {
            StringForm::Plain => out.extend_from_slice(self.raw),
            StringForm::Escaped => unescape_literal(self.raw, out),
            StringForm::Hex => decode_hex(self.raw, out),
        }
    }

    /// The string's bytes, borrowed when they need no decoding.
    pub(crate) fn bytes(&self) -> Cow<'a, [u8]> {
        match self.plain() {
            Some(raw) => Cow::Borrowed(raw),
            None => {
                let mut out = Vec::with_capacity(self.raw.len());
                self.decode_into(&mut out);
                Cow::Owned(out)
            }
        }
    }
}

/// A name operand as it stands in the stream, without its slash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PdfName<'a> {
    raw: &'a [u8],
}

impl<'a> PdfName<'a> {
    /// The name as written.
    pub(crate) fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// The name with `#xx` escapes decoded.
    pub(crate) fn decoded(&self) -> Cow<'a, [u8]> {
        decode_name(self.raw)
    }
}

pub(crate) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

const WHITESPACE: u8 = 1;
const DELIMITER: u8 = 2;

/// Byte classes: whitespace and delimiters end a bare word; everything else is regular.
static CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = match i as u8 {
            b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0' => WHITESPACE,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%' => DELIMITER,
            _ => 0,
        };
        i += 1;
    }
    table
};

fn class(b: u8) -> u8 {
    CLASSES[usize::from(b)]
}

fn is_whitespace(b: u8) -> bool {
    class(b) == WHITESPACE
}

fn is_delimiter(b: u8) -> bool {
    class(b) == DELIMITER
}

fn is_regular(b: u8) -> bool {
    class(b) == 0
}

/// Hex digit values; 0xff for any other byte.
static HEX: [u8; 256] = {
    let mut table = [0xffu8; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = match i as u8 {
            b @ b'0'..=b'9' => b - b'0',
            b @ b'a'..=b'f' => b - b'a' + 10,
            b @ b'A'..=b'F' => b - b'A' + 10,
            _ => 0xff,
        };
        i += 1;
    }
    table
};

fn hex_value(b: u8) -> Option<u8> {
    let value = HEX[usize::from(b)];
    (value != 0xff).then_some(value)
}

/// Hex digits to bytes, skipping anything else; an odd last digit is followed by a zero.
pub(crate) fn decode_hex(raw: &[u8], out: &mut Vec<u8>) {
    out.reserve(raw.len() / 2 + 1);
    let mut pairs = raw.chunks_exact(2);
    // Digits in pairs, the usual case, until anything else shows up.
    for (at, pair) in pairs.by_ref().enumerate() {
        if let [high, low] = pair
            && let (Some(h), Some(l)) = (hex_value(*high), hex_value(*low))
        {
            out.push(h << 4 | l);
        } else {
            decode_hex_slowly(raw.get(2 * at..).unwrap_or_default(), out);
            return;
        }
    }
    decode_hex_slowly(pairs.remainder(), out);
}

fn decode_hex_slowly(raw: &[u8], out: &mut Vec<u8>) {
    let mut high: Option<u8> = None;
    for &b in raw {
        if let Some(v) = hex_value(b) {
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Lexer<'a> {
        Lexer { data, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_whitespace_and_comments(&mut self) {
        while let Some(b) = self.peek() {
            if is_whitespace(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn take_regular(&mut self) -> &'a [u8] {
        let start = self.pos;
        let rest = self.data.get(start..).unwrap_or_default();
        let len = rest
            .iter()
            .position(|&b| !is_regular(b))
            .unwrap_or(rest.len());
        self.pos = start + len;
        rest.get(..len).unwrap_or_default()
    }

    /// Skips the binary data of an inline image after its `ID` operator: it ends at `EI`
    /// standing alone between whitespace (or at the end of the stream).
    pub(crate) fn skip_inline_image_data(&mut self) {
        // One whitespace byte follows ID.
        self.pos += 1;
        while self.pos < self.data.len() {
            let rest = self.data.get(self.pos..).unwrap_or_default();
            if rest.starts_with(b"EI")
                && self.pos > 0
                && self
                    .data
                    .get(self.pos - 1)
                    .is_some_and(|&b| is_whitespace(b))
                && rest
                    .get(2)
                    .is_none_or(|&b| is_whitespace(b) || is_delimiter(b))
            {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
    }

    fn literal_string(&mut self) -> PdfString<'a> {
        // Positioned after '('.
        let rest = self.data.get(self.pos..).unwrap_or_default();
        let (end, needs_unescape) = literal_string_end(rest);
        let raw = rest.get(..end.unwrap_or(rest.len())).unwrap_or_default();
        self.pos = (self.pos + end.map_or(rest.len(), |end| end + 1)).min(self.data.len());
        PdfString {
            raw,
            form: if needs_unescape {
                StringForm::Escaped
            } else {
                StringForm::Plain
            },
        }
    }

    fn hex_string(&mut self) -> PdfString<'a> {
        // Positioned after '<'.
        let rest = self.data.get(self.pos..).unwrap_or_default();
        let len = rest.iter().position(|&b| b == b'>');
        self.pos += len.map_or(rest.len(), |n| n + 1);
        PdfString {
            raw: rest.get(..len.unwrap_or(rest.len())).unwrap_or_default(),
            form: StringForm::Hex,
        }
    }
}

/// The end of a literal string whose `(` comes just before `bytes`: the offset of its closing
/// `)` (`None` when the data ends first, or a backslash ends it), and whether it holds escapes
/// or carriage returns, which decoding turns into other bytes.
#[inline]
pub(crate) fn literal_string_end(bytes: &[u8]) -> (Option<usize>, bool) {
    let mut depth = 1usize;
    let mut escaped = false;
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'\\' => {
                escaped = true;
                at += 2;
                continue;
            }
            b'\r' => escaped = true,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return (Some(at), escaped);
                }
            }
            _ => {}
        }
        at += 1;
    }
    (None, escaped)
}

pub(crate) fn unescape_literal(raw: &[u8], out: &mut Vec<u8>) {
    out.reserve(raw.len());
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        i += 1;
        if b == b'\r' {
            // An end of line in a string is a bare newline, whatever bytes made it.
            out.push(b'\n');
            if raw.get(i) == Some(&b'\n') {
                i += 1;
            }
            continue;
        }
        if b != b'\\' {
            out.push(b);
            continue;
        }
        let Some(&next) = raw.get(i) else { break };
        i += 1;
        match next {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'0'..=b'7' => {
                let mut value = u32::from(next - b'0');
                for _ in 0..2 {
                    match raw.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push((value & 0xff) as u8);
            }
            b'\r' => {
                if raw.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => {}
            other => out.push(other),
        }
    }
}

pub(crate) fn decode_name(raw: &[u8]) -> Cow<'_, [u8]> {
    if !raw.contains(&b'#') {
        return Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        if b == b'#'
            && let (Some(h), Some(l)) = (
                raw.get(i + 1).and_then(|&c| hex_value(c)),
                raw.get(i + 2).and_then(|&c| hex_value(c)),
            )
        {
            out.push(h << 4 | l);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    Cow::Owned(out)
}

/// Powers of ten for fractions of up to nine digits.
const POW10: [f64; 10] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/// Reads a run of decimal digits: their value (wrapping past 19 digits, which only long
/// numbers reach and [`parse_unusual_number`] reads) and how many there are.
///
/// Eight bytes at a time where eight can be read: a content stream is mostly numbers, and
/// Chromium writes each glyph's position with seven or eight digits.
pub(crate) fn digits(bytes: &[u8]) -> (u64, usize) {
    let Some(chunk) = bytes.first_chunk::<8>() else {
        return digits_one_by_one(bytes, 0, 0);
    };
    // Each byte minus '0': a digit's value, and a non-digit's byte has its high bit set here
    // or once 0x76 is added (a value of 10 or more). A byte below '0' borrows from the bytes
    // after it, and a large one carries into them; both only garble what follows a non-digit.
    let values = u64::from_le_bytes(*chunk).wrapping_sub(0x3030_3030_3030_3030);
    let non_digits = (values | values.wrapping_add(0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080;
    let count = (non_digits.trailing_zeros() / 8) as usize;
    match count {
        0 => (0, 0),
        // The digits moved to the top bytes: the zeros shifted in below are leading zeros.
        1..8 => (eight_digits_value(values << (8 * (8 - count))), count),
        _ => digits_one_by_one(
            bytes.get(8..).unwrap_or_default(),
            eight_digits_value(values),
            8,
        ),
    }
}

/// The number eight digit values make, the first in the lowest byte: pairs, then fours,
/// then the eight, each step one multiplication.
fn eight_digits_value(values: u64) -> u64 {
    let pairs = (values & 0x0F0F_0F0F_0F0F_0F0F).wrapping_mul(10 << 8 | 1) >> 8;
    let fours = (pairs & 0x00FF_00FF_00FF_00FF).wrapping_mul(100 << 16 | 1) >> 16;
    (fours & 0x0000_FFFF_0000_FFFF).wrapping_mul(10_000 << 32 | 1) >> 32
}

/// Digits one at a time, continuing from `value` and `count`.
fn digits_one_by_one(bytes: &[u8], mut value: u64, mut count: usize) -> (u64, usize) {
    for &b in bytes {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        value = value.wrapping_mul(10).wrapping_add(u64::from(digit));
        count += 1;
    }
    (value, count)
}

/// A plain number at the start of `bytes` (`-7.1985168`, `12`, `.5`) and its length, read in
/// one pass instead of finding the word's end and then reading it; `None` for any other word,
/// which [`parse_number`] reads. What both read, they read alike.
fn plain_number(bytes: &[u8]) -> Option<(f32, usize)> {
    let negative = bytes.first() == Some(&b'-');
    let sign = usize::from(negative || bytes.first() == Some(&b'+'));
    let unsigned = bytes.get(sign..).unwrap_or_default();
    let (whole, int_len) = digits(unsigned);
    let (value, len) = match unsigned.get(int_len) {
        Some(b'.') if int_len <= 9 => {
            let (fraction, frac_len) = digits(unsigned.get(int_len + 1..).unwrap_or_default());
            let scale = POW10.get(frac_len)?;
            let value = (whole as f64 + fraction as f64 / scale) as f32;
            (value, int_len + 1 + frac_len)
        }
        Some(b'.') => return None,
        _ if (1..9).contains(&int_len) => (whole as i32 as f32, int_len),
        _ => return None,
    };
    let end = sign + len;
    if bytes.get(end).is_some_and(|&b| is_regular(b)) {
        return None;
    }
    Some((if negative { -value } else { value }, end))
}

#[inline]
fn parse_number(word: &[u8]) -> Option<f32> {
    let (negative, digits_and_point) = match *word.first()? {
        b'-' => (true, word.get(1..)?),
        b'+' => (false, word.get(1..)?),
        b'0'..=b'9' | b'.' => (false, word),
        _ => return None,
    };
    // Plain integers and decimals, the bulk of any content stream (Chromium writes
    // `7.1985168 0 Td` per glyph), are read here; anything else goes through `str::parse`.
    let (whole, int_len) = digits(digits_and_point);
    let rest = digits_and_point.get(int_len..).unwrap_or_default();
    match rest.split_first() {
        None if (1..9).contains(&int_len) => {
            let value = whole as i32;
            return Some(if negative {
                -value as f32
            } else {
                value as f32
            });
        }
        Some((b'.', decimals)) if int_len <= 9 => {
            let (fraction, frac_len) = digits(decimals);
            if frac_len == decimals.len()
                && let Some(scale) = POW10.get(frac_len)
            {
                let value = (whole as f64 + fraction as f64 / scale) as f32;
                return Some(if negative { -value } else { value });
            }
        }
        _ => {}
    }
    parse_unusual_number(word, negative)
}

/// Long numbers, exponents and malformed ones: rare, so kept out of the lexer's loop.
#[cold]
#[inline(never)]
fn parse_unusual_number(word: &[u8], negative: bool) -> Option<f32> {
    let text = std::str::from_utf8(word).ok()?;
    if let Ok(v) = text.parse::<f32>() {
        return v.is_finite().then_some(v);
    }
    // Producers write odd numbers like "--5" or "1.2.3"; keep the leading valid part.
    let cleaned: String = text
        .trim_start_matches(['-', '+'])
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let mut parts = cleaned.splitn(3, '.');
    let int = parts.next().unwrap_or_default();
    let frac = parts.next().unwrap_or_default();
    let v: f32 = format!(
        "{}.{}",
        if int.is_empty() { "0" } else { int },
        if frac.is_empty() { "0" } else { frac }
    )
    .parse()
    .ok()?;
    Some(if negative { -v } else { v })
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Token<'a>;

    #[inline(always)]
    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            self.skip_whitespace_and_comments();
            let b = self.peek()?;
            match b {
                b'(' => {
                    self.pos += 1;
                    return Some(Token::String(self.literal_string()));
                }
                b'<' => {
                    if self.data.get(self.pos + 1) == Some(&b'<') {
                        self.pos += 2;
                        return Some(Token::DictStart);
                    }
                    self.pos += 1;
                    return Some(Token::String(self.hex_string()));
                }
                b'>' => {
                    self.pos += 1;
                    if self.peek() == Some(b'>') {
                        self.pos += 1;
                        return Some(Token::DictEnd);
                    }
                    // A stray '>' is noise.
                }
                b'[' => {
                    self.pos += 1;
                    return Some(Token::ArrayStart);
                }
                b']' => {
                    self.pos += 1;
                    return Some(Token::ArrayEnd);
                }
                b'/' => {
                    self.pos += 1;
                    let raw = self.take_regular();
                    return Some(Token::Name(PdfName { raw }));
                }
                b')' | b'{' | b'}' => self.pos += 1,
                _ => {
                    let rest = self.data.get(self.pos..).unwrap_or_default();
                    if let Some((number, len)) = plain_number(rest) {
                        self.pos += len;
                        return Some(Token::Number(number));
                    }
                    let word = self.take_regular();
                    if word.is_empty() {
                        self.pos += 1;
                        continue;
                    }
                    return Some(match parse_number(word) {
                        Some(n) => Token::Number(n),
                        None => Token::Keyword(word),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(input: &[u8]) -> Vec<Token<'_>> {
        Lexer::new(input).collect()
    }

    fn string(token: Option<&Token<'_>>) -> Option<Vec<u8>> {
        match token {
            Some(Token::String(s)) => Some(s.bytes().into_owned()),
            _ => None,
        }
    }

    fn name(token: &Token<'_>) -> Option<Vec<u8>> {
        match token {
            Token::Name(n) => Some(n.decoded().into_owned()),
            _ => None,
        }
    }

    #[test]
    fn reads_operands_and_operators() {
        let t = tokens(b"BT /F1 12 Tf 1 0 0 1 72.5 -700 Tm (Hi\\051) Tj [<0041> -250 (B)] TJ ET");
        assert_eq!(t.first(), Some(&Token::Keyword(b"BT")));
        assert_eq!(t.get(1).and_then(name), Some(b"F1".to_vec()));
        assert_eq!(t.get(8), Some(&Token::Number(72.5)));
        assert_eq!(t.get(9), Some(&Token::Number(-700.0)));
        assert_eq!(string(t.get(11)), Some(b"Hi)".to_vec()));
        assert_eq!(string(t.get(14)), Some(vec![0, 0x41]));
        assert_eq!(string(t.get(16)), Some(b"B".to_vec()));
        assert!(matches!(t.get(16), Some(Token::String(s)) if s.plain() == Some(b"B")));
    }

    #[test]
    fn survives_garbage() {
        let t = tokens(b"(unterminated \\");
        assert_eq!(t.len(), 1);
        let t = tokens(b"<4 1> >> ) } --3 1.2.3 /A#42");
        assert_eq!(string(t.first()), Some(vec![0x41]));
        assert!(t.contains(&Token::Number(-3.0)));
        assert_eq!(
            tokens(b"-.5 7.1985168 12."),
            vec![
                Token::Number(-0.5),
                Token::Number(7.198_517),
                Token::Number(12.0)
            ]
        );
        assert!(t.iter().any(|t| name(t) == Some(b"AB".to_vec())));
        assert_eq!(string(tokens(b"<41 4").first()), Some(vec![0x41, 0x40]));
    }

    #[test]
    fn nested_parentheses_and_octal() {
        let t = tokens(b"(a(b)c\\101)");
        assert_eq!(t.len(), 1);
        assert_eq!(string(t.first()), Some(b"a(b)cA".to_vec()));
    }

    #[test]
    fn numbers_read_as_the_standard_parser_reads_them() {
        for word in [
            "0",
            "-0",
            "+7",
            "12345678",
            "123456789",
            "1234567890",
            "0.1",
            "-0.5",
            ".25",
            "5.",
            "7.1985168",
            "123456789.123456789",
            "0.0000000001",
            "1e3",
            "-.",
            ".",
            "--5",
            "1.2.3",
        ] {
            let fast = parse_number(word.as_bytes());
            let standard = match word.parse::<f32>() {
                Ok(v) => Some(v),
                Err(_) => fast,
            };
            assert_eq!(fast.map(f32::abs), standard.map(f32::abs), "{word}");
        }
        assert_eq!(parse_number(b"--5"), Some(-5.0));
        assert_eq!(parse_number(b"1.2.3"), Some(1.2));
        assert_eq!(parse_number(b"Tj"), None);
    }

    #[test]
    fn digits_eight_at_a_time_as_one_at_a_time() {
        // Every length of run up to 20 digits, ended by every byte value or by the end.
        let mut seed = 0x9e37_79b9_u32;
        for len in 0..=20 {
            for end in (0..=255u8).map(Some).chain([None]) {
                let mut bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 17;
                        seed ^= seed << 5;
                        b'0' + (seed % 10) as u8
                    })
                    .collect();
                bytes.extend(end);
                bytes.extend_from_slice(b"12 Td");
                let want = digits_one_by_one(&bytes, 0, 0);
                assert_eq!(
                    digits(&bytes),
                    want,
                    "{:?}",
                    String::from_utf8_lossy(&bytes)
                );
            }
        }
    }

    #[test]
    fn plain_numbers_read_as_words_are_read() {
        let words = [
            "0",
            "-0",
            "+7",
            "7",
            "12345678",
            "123456789",
            "1234567890",
            "0.1",
            "-0.5",
            ".25",
            "5.",
            "-.",
            ".",
            "-",
            "+",
            "7.1985168",
            "-7.1985168",
            "123456789.5",
            "1234567890.5",
            "0.123456789",
            "0.1234567890",
            "1e3",
            "--5",
            "1.2.3",
            "12a",
            "Tj",
            "T*",
            "'",
        ];
        for word in words {
            for after in ["", " ", "\n", "/", "[", "(", "x", "-", "."] {
                let bytes = format!("{word}{after}");
                let bytes = bytes.as_bytes();
                let word_len = bytes
                    .iter()
                    .position(|&b| !is_regular(b))
                    .unwrap_or(bytes.len());
                let read_as_word = bytes.get(..word_len).and_then(parse_number);
                match plain_number(bytes) {
                    Some((value, len)) => {
                        assert_eq!(len, word_len, "{word:?} then {after:?}");
                        assert_eq!(Some(value), read_as_word, "{word:?} then {after:?}");
                    }
                    // Not plain: the word is read whole, as before.
                    None => assert!(
                        word_len != bytes.len() - after.len() || !plain(word),
                        "{word:?} then {after:?} is plain but was not read"
                    ),
                }
            }
        }
    }

    /// A sign, up to eight digits, or up to nine with a point and up to nine more.
    fn plain(word: &str) -> bool {
        let unsigned = word.trim_start_matches(['-', '+']);
        if unsigned.len() + 1 < word.len() {
            return false;
        }
        match unsigned.split_once('.') {
            Some((whole, fraction)) => {
                whole.len() <= 9
                    && fraction.len() <= 9
                    && whole
                        .bytes()
                        .chain(fraction.bytes())
                        .all(|b| b.is_ascii_digit())
            }
            None => {
                (1..9).contains(&unsigned.len()) && unsigned.bytes().all(|b| b.is_ascii_digit())
            }
        }
    }
}
