//! Any bytes through the DOCX extractor.
//!
//! Two kinds of input:
//! - a zip file (starts with `PK`): given to the extractor as it is, which fuzzes the zip
//!   reader, the package relationships and the bounded decompression;
//! - anything else: Word XML parts separated by NUL bytes (document, styles, header, footer,
//!   footnotes), packed here into a valid zip (stored, with correct checksums) beside fixed
//!   content types and relationships. A mutated part inside a real zip would fail its CRC
//!   check and never reach the XML walker; this way every mutation of the XML does.
#![no_main]

use std::io::{Cursor, Write};

use atsfit::extract::{self, Limits};
use libfuzzer_sys::fuzz_target;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rIdL" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com" TargetMode="External"/></Relationships>"#;

/// Where each NUL-separated piece of the input goes.
const PARTS: [&str; 5] = [
    "word/document.xml",
    "word/styles.xml",
    "word/header1.xml",
    "word/footer1.xml",
    "word/footnotes.xml",
];

fn package(data: &[u8]) -> Option<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let fixed = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
    ];
    for (name, text) in fixed {
        zip.start_file(name, stored).ok()?;
        zip.write_all(text.as_bytes()).ok()?;
    }
    for (name, part) in PARTS.iter().zip(data.splitn(PARTS.len(), |&b| b == 0)) {
        zip.start_file(*name, stored).ok()?;
        zip.write_all(part).ok()?;
    }
    Some(zip.finish().ok()?.into_inner())
}

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    if data.starts_with(b"PK") {
        // Errors are fine (and typed); panics, hangs and runaway memory are what is looked for.
        let _ = extract::from_bytes(data, Some("docx"), &limits);
    } else if let Some(file) = package(data) {
        let _ = extract::from_bytes(&file, Some("docx"), &limits);
    }
});
