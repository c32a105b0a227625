//! Hostile input: empty, truncated, random, cyclic, self-referencing, deeply nested, bombs,
//! lying archives, legacy and encrypted containers, text that is not text. Every file is made
//! here, in memory; each case asserts the documented error code (`ExtractError::code`) or
//! warning, and that nothing panics. No test has a clock: what keeps each case bounded is the
//! library's limits (docs/LIMITS.md), which is what these tests pin.
//!
//! `tests/pdf_features.rs` and `src/extract/docx/tests.rs` hold the first hostile cases
//! (a page tree listing itself, deep form chains, content-stream nesting, an 8 MB stream bomb,
//! the object count limit, a DOCX part declaring or hiding a gigabyte, DOCTYPE refusal);
//! these files cover the rest.

mod checker;
mod cli;
mod containers;
mod docx;
mod make;
mod pdf;
mod pdf_amplification;
mod text;
mod truncation;

use std::path::PathBuf;

use atsfit::extract::{Document, ExtractError, Limits, WarningCode, from_bytes};

/// What one file came to: `ok` or the error's stable code.
pub fn code(result: &Result<Document, ExtractError>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(error) => error.code(),
    }
}

pub fn extract(bytes: &[u8], extension: Option<&str>) -> Result<Document, ExtractError> {
    from_bytes(bytes, extension, &Limits::default())
}

/// What [`expect_code`] checked, for further assertions.
pub struct Checked(pub Result<Document, ExtractError>);

/// Extracts and requires the error code `want`, showing what came instead.
#[track_caller]
pub fn expect_code(bytes: &[u8], extension: Option<&str>, want: &str) -> Checked {
    let result = extract(bytes, extension);
    assert_eq!(code(&result), want, "{}", describe(&result));
    Checked(result)
}

/// Extracts and requires a document, returning it.
#[track_caller]
pub fn expect_document(bytes: &[u8], extension: Option<&str>) -> Document {
    match extract(bytes, extension) {
        Ok(document) => document,
        Err(error) => panic!("expected a document, got [{}] {error}", error.code()),
    }
}

pub fn describe(result: &Result<Document, ExtractError>) -> String {
    match result {
        Ok(document) => format!(
            "a document: {} lines, warnings {:?}",
            document.lines.len(),
            document.warnings.iter().map(|w| w.code).collect::<Vec<_>>()
        ),
        Err(error) => format!("[{}] {error}", error.code()),
    }
}

pub fn text_of(document: &Document) -> String {
    document
        .lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn has_warning(document: &Document, code: WarningCode) -> bool {
    document.warnings.iter().any(|w| w.code == code)
}

/// The committed fixtures with this extension, sorted.
pub fn fixtures(folder: &str, extension: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}
