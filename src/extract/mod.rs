//! Extraction: turn a file's bytes into a [`Document`], the text an ATS would read, in reading
//! order, with where each line came from (body, header, table, hidden text...).
//!
//! Extractors know nothing of skills or scores; they only report what the file holds and what
//! about its layout an ATS is likely to misread ([`Warning`]s).

pub mod docx;
pub mod pdf;
mod sniff;
pub mod text;

use std::path::Path;

use serde::Serialize;

pub use sniff::{Sniffed, sniff};

/// The formats atsfit reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Pdf,
    Docx,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }
}

/// Where a line of text sits in the file. ATS treat these differently: many skip headers,
/// footers and text boxes, and scramble table cells; hidden text is read but never seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    #[default]
    Body,
    Header,
    Footer,
    Table,
    TextBox,
    Footnote,
    /// Text a reader cannot see (invisible render mode, white on white, microscopic, off-page).
    Hidden,
}

/// One line of text as a reader sees it: a PDF text line, a DOCX paragraph, a line of a text file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub text: String,
    /// 1-based page number (1 for formats without pages).
    pub page: u32,
    pub origin: Origin,
    /// The producer marked this line as a heading (Markdown `#`, a Word heading style, a
    /// larger or bold font in a PDF). Section detection uses it to spot non-standard headings.
    pub heading_hint: bool,
}

impl Line {
    pub fn body(text: impl Into<String>) -> Line {
        Line {
            text: text.into(),
            page: 1,
            origin: Origin::Body,
            heading_hint: false,
        }
    }
}

/// What the extractor saw that an ATS will misread. Codes are a documented contract (README).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WarningCode {
    /// Pages with images but no text: a scan. The ATS sees nothing.
    NoTextLayer,
    /// Text a person cannot see but an ATS reads.
    HiddenText,
    /// Glyphs without a Unicode mapping: the ATS reads gibberish.
    UnreadableText,
    /// A layout in columns, which some ATS read across rather than down.
    MultiColumn,
    /// Only the first pages were read.
    PageLimit,
    /// Contact details only in a page header or footer, which several ATS skip.
    ContactInHeader,
    /// Content laid out in tables, whose cells ATS often scramble.
    Tables,
    /// Text in text boxes, often dropped or moved to the end.
    TextBoxes,
    /// Images and no text at all.
    ImagesOnly,
    /// The text is empty.
    EmptyText,
    /// The text file was not UTF-8 and was read as Windows-1252.
    LegacyEncoding,
    /// Content past a per-page limit (glyphs, form nesting) was not read.
    ContentLimit,
}

impl WarningCode {
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::NoTextLayer => "no_text_layer",
            WarningCode::HiddenText => "hidden_text",
            WarningCode::UnreadableText => "unreadable_text",
            WarningCode::MultiColumn => "multi_column",
            WarningCode::PageLimit => "page_limit",
            WarningCode::ContactInHeader => "contact_in_header",
            WarningCode::Tables => "tables",
            WarningCode::TextBoxes => "text_boxes",
            WarningCode::ImagesOnly => "images_only",
            WarningCode::EmptyText => "empty_text",
            WarningCode::LegacyEncoding => "legacy_encoding",
            WarningCode::ContentLimit => "content_limit",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
}

impl Warning {
    pub fn new(code: WarningCode, message: impl Into<String>) -> Warning {
        Warning {
            code,
            message: message.into(),
        }
    }
}

/// A resume or job posting as an ATS reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub format: Format,
    /// Pages in the file (1 for text).
    pub pages: u32,
    /// Lines in reading order.
    pub lines: Vec<Line>,
    pub warnings: Vec<Warning>,
}

impl Document {
    /// A document from in-memory text, e.g. a job posting pasted on stdin.
    pub fn from_text(text: &str) -> Document {
        text::from_str(text, Format::Text)
    }

    /// Whether any line holds a letter or digit.
    pub fn has_text(&self) -> bool {
        self.lines
            .iter()
            .any(|l| l.text.chars().any(char::is_alphanumeric))
    }
}

/// Bounds on the work one file may cost. A file that needs more fails with
/// [`ExtractError::LimitExceeded`] instead of exhausting memory or time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input file read, in bytes.
    pub max_file_bytes: u64,
    /// Largest decompressed size of one stream or archive part, in bytes.
    pub max_part_bytes: u64,
    /// Largest decompressed size of all streams or parts of one file together, in bytes.
    pub max_total_bytes: u64,
    /// Pages read; later pages are skipped with a [`WarningCode::PageLimit`] warning.
    pub max_pages: u32,
    /// Objects in a PDF.
    pub max_objects: usize,
    /// Memory of a PDF's parsed objects (numbers, names, arrays, dictionaries, raw stream data)
    /// as lopdf holds them, estimated from above before and while they are parsed, in bytes.
    pub max_object_bytes: u64,
    /// Tokens read from a PDF's content streams, all pages and every drawing of a form
    /// XObject together: the work one file may cost. A resume page has a few thousand.
    pub max_content_tokens: u64,
    /// Nesting depth of PDF arrays and form XObjects.
    pub max_depth: usize,
    /// Nesting depth of XML elements. Real documents reach 30 to 40 (a text box in a table
    /// cell in a content control), so this is far above `max_depth`.
    pub max_xml_depth: usize,
    /// Bytes of text one file may yield, all lines together: what the checker works on, at
    /// about fourteen times its size in memory. A long resume has under 100 KB.
    pub max_text_bytes: u64,
    /// Lines of text one file may yield. A long resume has a few thousand.
    pub max_lines: usize,
    /// Entries in a DOCX (zip) archive. Word writes a dozen, plus one per picture.
    pub max_zip_entries: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 50 * 1024 * 1024,
            max_part_bytes: 64 * 1024 * 1024,
            max_total_bytes: 256 * 1024 * 1024,
            max_pages: 50,
            max_objects: 200_000,
            max_object_bytes: 128 * 1024 * 1024,
            max_content_tokens: 100_000_000,
            max_depth: 64,
            max_xml_depth: 256,
            max_text_bytes: 8 * 1024 * 1024,
            max_lines: 100_000,
            max_zip_entries: 10_000,
        }
    }
}

/// Why a file could not be read. Each variant has a stable `code()` for JSON error records.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    #[error("is a directory, not a file")]
    IsDirectory,
    #[error("file is empty")]
    Empty,
    #[error("password-protected {0}: remove the password and try again")]
    Encrypted(&'static str),
    #[error("{0}")]
    Unsupported(String),
    #[error("not a resume format (PDF, DOCX, text or Markdown): {0}")]
    UnknownFormat(String),
    #[error("not text: {0}")]
    NotText(String),
    #[error("truncated or damaged {format}: {detail}")]
    Corrupt {
        format: &'static str,
        detail: String,
    },
    #[error("limit exceeded: {what} (limit {limit}; see --help for limits)")]
    LimitExceeded { what: &'static str, limit: u64 },
}

impl ExtractError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ExtractError::Io(_) => "io",
            ExtractError::IsDirectory => "is_directory",
            ExtractError::Empty => "empty",
            ExtractError::Encrypted(_) => "encrypted",
            ExtractError::Unsupported(_) => "unsupported_format",
            ExtractError::UnknownFormat(_) => "unknown_format",
            ExtractError::NotText(_) => "not_text",
            ExtractError::Corrupt { .. } => "corrupt",
            ExtractError::LimitExceeded { .. } => "limit_exceeded",
        }
    }
}

/// Reads a file and extracts it, choosing the extractor by content, not by extension.
pub fn from_path(path: &Path, limits: &Limits) -> Result<Document, ExtractError> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(ExtractError::IsDirectory);
    }
    if meta.len() > limits.max_file_bytes {
        return Err(ExtractError::LimitExceeded {
            what: "file size",
            limit: limits.max_file_bytes,
        });
    }
    let bytes = std::fs::read(path)?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    from_bytes(&bytes, extension.as_deref(), limits)
}

/// Extracts in-memory bytes. `extension` (lower case, no dot) only breaks ties between text
/// flavours; binary formats are recognised by their signature.
pub fn from_bytes(
    bytes: &[u8],
    extension: Option<&str>,
    limits: &Limits,
) -> Result<Document, ExtractError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ExtractError::LimitExceeded {
            what: "file size",
            limit: limits.max_file_bytes,
        });
    }
    let document = match sniff(bytes, extension) {
        Sniffed::Empty => Err(ExtractError::Empty),
        Sniffed::Pdf => pdf(bytes, limits),
        Sniffed::Docx => docx(bytes, limits),
        Sniffed::Text(format) => {
            // A text file is its text: check before its lines are built.
            let newlines = bytes.iter().filter(|&&b| b == b'\n').count();
            check_text(bytes.len(), newlines, limits)?;
            text::from_bytes(bytes, format)
        }
        Sniffed::Unsupported(why) => Err(ExtractError::Unsupported(why)),
        Sniffed::Encrypted(what) => Err(ExtractError::Encrypted(what)),
        Sniffed::Unknown(what) => Err(ExtractError::UnknownFormat(what)),
    }?;
    let text_bytes = document.lines.iter().map(|l| l.text.len()).sum();
    check_text(text_bytes, document.lines.len(), limits)?;
    Ok(document)
}

/// The checker's work and memory grow with the text and its lines, whatever the format.
fn check_text(bytes: usize, lines: usize, limits: &Limits) -> Result<(), ExtractError> {
    if bytes as u64 > limits.max_text_bytes {
        return Err(ExtractError::LimitExceeded {
            what: "size of the text",
            limit: limits.max_text_bytes,
        });
    }
    if lines > limits.max_lines {
        return Err(ExtractError::LimitExceeded {
            what: "lines of text",
            limit: limits.max_lines as u64,
        });
    }
    Ok(())
}

fn pdf(bytes: &[u8], limits: &Limits) -> Result<Document, ExtractError> {
    pdf::extract(bytes, limits)
}

fn docx(bytes: &[u8], limits: &Limits) -> Result<Document, ExtractError> {
    docx::extract(bytes, limits)
}
