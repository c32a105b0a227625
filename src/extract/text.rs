//! Plain text and Markdown resumes.

use super::{Document, ExtractError, Format, Line, Warning, WarningCode};

/// Decodes bytes (UTF-8, UTF-16 with a BOM, or Windows-1252 as a last resort) into a document.
pub fn from_bytes(bytes: &[u8], format: Format) -> Result<Document, ExtractError> {
    let (text, legacy) = decode(bytes)?;
    let mut document = from_str(&text, format);
    if legacy {
        document.warnings.push(Warning::new(
            WarningCode::LegacyEncoding,
            "the file is not UTF-8; it was read as Windows-1252: save it as UTF-8 so accented \
             names and symbols survive",
        ));
    }
    Ok(document)
}

/// Splits text into lines; Markdown markup is removed so that only what a reader sees remains.
pub fn from_str(text: &str, format: Format) -> Document {
    let mut lines = Vec::new();
    let mut in_code_block = false;
    for raw in text.lines() {
        let mut line = Line::body(raw);
        if format == Format::Markdown {
            let trimmed = raw.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_code_block = !in_code_block;
                continue;
            }
            if !in_code_block {
                let (text, heading) = strip_markdown(raw);
                line.text = text;
                line.heading_hint = heading;
            }
        }
        lines.push(line);
    }
    let mut warnings = Vec::new();
    let document = Document {
        format,
        pages: 1,
        lines,
        warnings: Vec::new(),
    };
    if !document.has_text() {
        warnings.push(Warning::new(
            WarningCode::EmptyText,
            "the file holds no words",
        ));
    }
    Document {
        warnings,
        ..document
    }
}

fn decode(bytes: &[u8]) -> Result<(String, bool), ExtractError> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        let (text, had_errors) = encoding.decode_without_bom_handling(rest);
        if had_errors {
            return Err(ExtractError::NotText(format!(
                "invalid {} despite its byte-order mark",
                encoding.name()
            )));
        }
        return Ok((text.into_owned(), false));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_owned(), false)),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok((text.into_owned(), true))
        }
    }
}

/// Removes Markdown syntax from one line; returns the text and whether it was a heading.
fn strip_markdown(line: &str) -> (String, bool) {
    let trimmed = line.trim_start();
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    let (body, heading) = if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with([' ', '\t'])
    {
        (trimmed[hashes..].trim(), true)
    } else {
        (line, false)
    };
    let body = strip_list_marker(body);
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // Emphasis and code markers, but not a lone `*` between words ("C*" is rare; a
            // footnote star is harmless either way).
            '*' | '`' => {}
            '_' if out.ends_with(|p: char| !p.is_alphanumeric()) || out.is_empty() => {}
            '_' if chars.peek().is_none_or(|n| !n.is_alphanumeric()) => {}
            // [text](url) → text (url); ![alt](src) → alt
            '!' if chars.peek() == Some(&'[') => {}
            '[' => {}
            ']' => {
                if chars.peek() == Some(&'(') {
                    out.push(' ');
                }
            }
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            _ => out.push(c),
        }
    }
    let out = if out.trim_start().starts_with('>') {
        out.trim_start()
            .trim_start_matches('>')
            .trim_start()
            .to_owned()
    } else {
        out
    };
    (out, heading)
}

fn strip_list_marker(line: &str) -> &str {
    let trimmed = line.trim_start();
    for marker in ["- [ ] ", "- [x] ", "- ", "* ", "+ "] {
        if let Some(rest) = trimmed.strip_prefix(marker) {
            return rest;
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(line: &str) -> (String, bool) {
        strip_markdown(line)
    }

    #[test]
    fn markdown_markup_is_removed() {
        assert_eq!(md("## Skills"), ("Skills".into(), true));
        assert_eq!(md("#hashtag"), ("#hashtag".into(), false));
        assert_eq!(
            md("- **Rust**, `Go`, _Python_"),
            ("Rust, Go, Python".into(), false)
        );
        assert_eq!(md("snake_case_name"), ("snake_case_name".into(), false));
        assert_eq!(
            md("[GitHub](https://github.com/jdoe)"),
            ("GitHub (https://github.com/jdoe)".into(), false)
        );
        assert_eq!(md("C\\# and F\\#"), ("C# and F#".into(), false));
        assert_eq!(md("> quoted"), ("quoted".into(), false));
    }

    #[test]
    fn code_blocks_are_skipped_in_markdown() {
        let doc = from_str("# Name\n```\nfn main() {}\n```\nRust", Format::Markdown);
        let texts: Vec<_> = doc.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["Name", "fn main() {}", "Rust"]);
    }

    #[test]
    fn encodings() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Café".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16).unwrap(), ("Café".into(), false));
        assert_eq!(decode(b"Caf\xE9").unwrap(), ("Café".into(), true));
        assert_eq!(decode("Café".as_bytes()).unwrap(), ("Café".into(), false));
    }

    #[test]
    fn empty_text_is_flagged() {
        let doc = from_str("  \n\t\n", Format::Text);
        assert!(
            doc.warnings
                .iter()
                .any(|w| w.code == WarningCode::EmptyText)
        );
    }
}
