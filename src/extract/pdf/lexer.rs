//! A small tokenizer for content streams and CMaps. lopdf's content parser rejects a whole stream
//! on one bad token, and real files (and damaged ones) have bad tokens; ours skips them and
//! carries on, and borrows from the stream instead of allocating an object per operand.

use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token<'a> {
    Number(f32),
    /// A literal or hex string, already unescaped.
    String(Cow<'a, [u8]>),
    /// A name without its slash, `#xx` escapes decoded.
    Name(Cow<'a, [u8]>),
    /// An operator or any other bare word (`true`, `null`, `def`...).
    Keyword(&'a [u8]),
    ArrayStart,
    ArrayEnd,
    DictStart,
    DictEnd,
}

pub(crate) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_whitespace(b) && !is_delimiter(b)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
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
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
        self.data.get(start..self.pos).unwrap_or_default()
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

    fn literal_string(&mut self) -> Cow<'a, [u8]> {
        // Positioned after '('.
        let start = self.pos;
        let mut depth = 1usize;
        let mut needs_unescape = false;
        while let Some(b) = self.peek() {
            match b {
                b'\\' => {
                    needs_unescape = true;
                    self.pos += 2;
                    continue;
                }
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                b'\r' => needs_unescape = true,
                _ => {}
            }
            self.pos += 1;
        }
        let end = self.pos.min(self.data.len());
        let raw = self.data.get(start..end).unwrap_or_default();
        self.pos = (self.pos + 1).min(self.data.len());
        if needs_unescape {
            Cow::Owned(unescape_literal(raw))
        } else {
            Cow::Borrowed(raw)
        }
    }

    fn hex_string(&mut self) -> Vec<u8> {
        // Positioned after '<'.
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'>' {
                break;
            }
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
        out
    }
}

fn unescape_literal(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
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
    out
}

fn decode_name(raw: &[u8]) -> Cow<'_, [u8]> {
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

fn parse_number(word: &[u8]) -> Option<f32> {
    let first = *word.first()?;
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return None;
    }
    // Fast path for plain integers, the bulk of any content stream.
    let (negative, digits) = match first {
        b'-' => (true, word.get(1..)?),
        b'+' => (false, word.get(1..)?),
        _ => (false, word),
    };
    if !digits.is_empty() && digits.len() < 9 && digits.iter().all(u8::is_ascii_digit) {
        let value = digits
            .iter()
            .fold(0i32, |acc, &d| acc * 10 + i32::from(d - b'0'));
        return Some(if negative {
            -value as f32
        } else {
            value as f32
        });
    }
    if let Some(value) = parse_decimal(digits) {
        return Some(if negative { -value } else { value });
    }
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

/// `123.456` or `.5` without going through `str::parse`, which dominates content streams that
/// position every glyph (Chromium writes `7.1985168 0 Td` per glyph).
fn parse_decimal(digits: &[u8]) -> Option<f32> {
    let dot = digits.iter().position(|&b| b == b'.')?;
    let (int, frac) = (digits.get(..dot)?, digits.get(dot + 1..)?);
    if int.len() > 9 || frac.len() > 9 || !int.iter().chain(frac).all(u8::is_ascii_digit) {
        return None;
    }
    let whole = int
        .iter()
        .fold(0u64, |acc, &d| acc * 10 + u64::from(d - b'0'));
    let fraction = frac
        .iter()
        .fold(0u64, |acc, &d| acc * 10 + u64::from(d - b'0'));
    let scale = 10f64.powi(frac.len() as i32);
    Some((whole as f64 + fraction as f64 / scale) as f32)
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Token<'a>;

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
                    return Some(Token::String(Cow::Owned(self.hex_string())));
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
                    return Some(Token::Name(decode_name(raw)));
                }
                b')' | b'{' | b'}' => self.pos += 1,
                _ => {
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

    #[test]
    fn reads_operands_and_operators() {
        let t = tokens(b"BT /F1 12 Tf 1 0 0 1 72.5 -700 Tm (Hi\\051) Tj [<0041> -250 (B)] TJ ET");
        assert_eq!(t.first(), Some(&Token::Keyword(b"BT")));
        assert_eq!(t.get(1), Some(&Token::Name(Cow::Borrowed(b"F1"))));
        assert_eq!(t.get(8), Some(&Token::Number(72.5)));
        assert_eq!(t.get(9), Some(&Token::Number(-700.0)));
        assert_eq!(t.get(11), Some(&Token::String(Cow::Owned(b"Hi)".to_vec()))));
        assert_eq!(t.get(14), Some(&Token::String(Cow::Owned(vec![0, 0x41]))));
    }

    #[test]
    fn survives_garbage() {
        let t = tokens(b"(unterminated \\");
        assert_eq!(t.len(), 1);
        let t = tokens(b"<4 1> >> ) } --3 1.2.3 /A#42");
        assert_eq!(t.first(), Some(&Token::String(Cow::Owned(vec![0x41]))));
        assert!(t.contains(&Token::Number(-3.0)));
        assert_eq!(
            tokens(b"-.5 7.1985168 12."),
            vec![
                Token::Number(-0.5),
                Token::Number(7.198_517),
                Token::Number(12.0)
            ]
        );
        assert!(t.contains(&Token::Name(Cow::Owned(b"AB".to_vec()))));
    }

    #[test]
    fn nested_parentheses_and_octal() {
        let t = tokens(b"(a(b)c\\101)");
        assert_eq!(t, vec![Token::String(Cow::Owned(b"a(b)cA".to_vec()))]);
    }
}
