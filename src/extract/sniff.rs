//! Recognising a file's format by its content. Users rename files, and mail systems mangle
//! extensions: a PDF called `.docx` is still a PDF, and a `.doc` is often really a DOCX.

use super::Format;

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniffed {
    Empty,
    Pdf,
    Docx,
    Text(Format),
    /// A known format atsfit does not read, with the message to show.
    Unsupported(String),
    /// A password-protected file of this kind (the password stops every reader, ATS included).
    Encrypted(&'static str),
    /// Not a format atsfit knows, with a short description.
    Unknown(String),
}

const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Sniffs `bytes`; `extension` (lower case, no dot) only separates Markdown from plain text.
pub fn sniff(bytes: &[u8], extension: Option<&str>) -> Sniffed {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Sniffed::Empty;
    }
    let head = &bytes[..bytes.len().min(1024)];
    if contains(head, b"%PDF-") {
        return Sniffed::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(OLE2_MAGIC) {
        return sniff_ole2(bytes);
    }
    if bytes.starts_with(b"{\\rtf") {
        return Sniffed::Unsupported("RTF is not supported: save as .docx or PDF".into());
    }
    if let Some(image) = image_kind(bytes) {
        return Sniffed::Unsupported(format!(
            "{image} image: an ATS reads no text from an image; submit a PDF or DOCX with real text"
        ));
    }
    let has_utf16_bom = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let sample = &bytes[..bytes.len().min(8192)];
    // Text never holds NUL bytes; controls are only sampled.
    if !has_utf16_bom && (looks_binary(sample) || bytes.contains(&0)) {
        return Sniffed::Unknown("binary data".into());
    }
    match extension {
        Some("md" | "markdown") => Sniffed::Text(Format::Markdown),
        _ => Sniffed::Text(Format::Text),
    }
}

fn sniff_zip(bytes: &[u8]) -> Sniffed {
    // File names are stored uncompressed in local headers and the central directory.
    if contains(bytes, b"word/document.xml") || contains(bytes, b"word/_rels") {
        return Sniffed::Docx;
    }
    if contains(bytes, b"application/vnd.oasis.opendocument.text") {
        return Sniffed::Unsupported(
            "OpenDocument .odt is not supported: save as .docx or PDF".into(),
        );
    }
    if contains(bytes, b"Index/Document.iwa") {
        return Sniffed::Unsupported(
            "Apple Pages files are not supported: export to .docx or PDF".into(),
        );
    }
    if contains(bytes, b"ppt/presentation.xml") || contains(bytes, b"xl/workbook.xml") {
        return Sniffed::Unsupported(
            "a PowerPoint or Excel file is not a resume format: save as .docx or PDF".into(),
        );
    }
    if contains(bytes, b"[Content_Types].xml") {
        // An Office package whose main part is missing: let the DOCX reader say so.
        return Sniffed::Docx;
    }
    Sniffed::Unknown("a zip archive that is not a Word document".into())
}

/// An OLE2 compound file: Word 97-2003, or a password-protected OOXML file, which Office
/// stores encrypted in an OLE2 container beside its `EncryptionInfo`.
fn sniff_ole2(bytes: &[u8]) -> Sniffed {
    if ole2_has_stream(bytes, "EncryptedPackage") && ole2_has_stream(bytes, "EncryptionInfo") {
        Sniffed::Encrypted("Word document")
    } else if ole2_has_stream(bytes, "WordDocument") {
        Sniffed::Unsupported(
            "legacy Word .doc (Word 97-2003) is not supported: save as .docx or PDF".into(),
        )
    } else {
        Sniffed::Unsupported(
            "legacy Word .doc (Word 97-2003) or another OLE2 file is not supported: save as \
             .docx or PDF"
                .into(),
        )
    }
}

/// Whether the directory of an OLE2 file lists a stream with this name. Directory entries are
/// 128 bytes, in sectors of 512 or 4096 bytes after a 512-byte header, so every entry starts
/// at a multiple of 128: its name in UTF-16LE, the name's byte length with the final NUL at
/// offset 64, the entry type (2, a stream) at offset 66. Matching the whole entry layout, not
/// the name anywhere, keeps a .doc whose text mentions the name from passing for another kind.
fn ole2_has_stream(bytes: &[u8], name: &str) -> bool {
    let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let length = u16::try_from(utf16.len() + 2)
        .unwrap_or(u16::MAX)
        .to_le_bytes();
    bytes.chunks_exact(128).skip(4).any(|entry| {
        entry.starts_with(&utf16)
            && entry.get(64..66) == Some(&length[..])
            && entry.get(66) == Some(&2)
    })
}

fn image_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG") {
        Some("a PNG")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("a JPEG")
    } else if bytes.starts_with(b"GIF8") {
        Some("a GIF")
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some("a TIFF")
    } else {
        None
    }
}

/// Binary if it holds NUL bytes or many control characters.
fn looks_binary(sample: &[u8]) -> bool {
    let controls = sample
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)))
        .count();
    sample.contains(&0) || controls * 100 > sample.len().max(1) * 2
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised_by_content() {
        let cases: &[(&[u8], Option<&str>, &str)] = &[
            (b"", None, "empty"),
            (b"  \n ", None, "empty"),
            (b"%PDF-1.7\n...", Some("docx"), "pdf"),
            (b"PK\x03\x04....word/document.xml", Some("pdf"), "docx"),
            (
                b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.text",
                None,
                "unsupported",
            ),
            (b"PK\x03\x04....hello.txt", Some("docx"), "unknown"),
            (b"{\\rtf1\\ansi", Some("txt"), "unsupported"),
            (
                b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest",
                Some("docx"),
                "unsupported",
            ),
            (b"\x89PNG\r\n", None, "unsupported"),
            (b"Jane Doe\nSkills: Rust", Some("txt"), "text"),
            (b"# Jane Doe\n", Some("md"), "markdown"),
            (b"\x00\x01\x02\x03binary", Some("txt"), "unknown"),
            (b"Jane Doe\nSkills: Rust\x00", Some("txt"), "unknown"),
        ];
        for (bytes, ext, want) in cases {
            let got = match sniff(bytes, *ext) {
                Sniffed::Empty => "empty",
                Sniffed::Pdf => "pdf",
                Sniffed::Docx => "docx",
                Sniffed::Text(Format::Markdown) => "markdown",
                Sniffed::Text(_) => "text",
                Sniffed::Unsupported(_) => "unsupported",
                Sniffed::Encrypted(_) => "encrypted",
                Sniffed::Unknown(_) => "unknown",
            };
            assert_eq!(got, *want, "{:?}", String::from_utf8_lossy(bytes));
        }
    }

    #[test]
    fn legacy_doc_message_says_what_to_do() {
        let Sniffed::Unsupported(msg) = sniff(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", None) else {
            panic!("not unsupported");
        };
        assert!(msg.contains("legacy Word .doc"), "{msg}");
    }
}
