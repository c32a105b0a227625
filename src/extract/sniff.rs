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
    /// Not a format atsfit knows, with a short description.
    Unknown(String),
}

const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// "EncryptedPackage" in UTF-16LE: the stream an encrypted OOXML file keeps inside OLE2.
const ENCRYPTED_PACKAGE_UTF16: &[u8] = b"E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";

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
        return if contains(bytes, ENCRYPTED_PACKAGE_UTF16) {
            Sniffed::Unsupported(
                "password-protected Word document: remove the password and save as .docx or PDF"
                    .into(),
            )
        } else {
            Sniffed::Unsupported(
                "legacy Word .doc (or another OLE2 file) is not supported: save as .docx or PDF"
                    .into(),
            )
        };
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
    if !has_utf16_bom && looks_binary(sample) {
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
        ];
        for (bytes, ext, want) in cases {
            let got = match sniff(bytes, *ext) {
                Sniffed::Empty => "empty",
                Sniffed::Pdf => "pdf",
                Sniffed::Docx => "docx",
                Sniffed::Text(Format::Markdown) => "markdown",
                Sniffed::Text(_) => "text",
                Sniffed::Unsupported(_) => "unsupported",
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
