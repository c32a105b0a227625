//! Zip bombs, XML bombs and zip archives that lie about themselves.

use atsfit::extract::{ExtractError, Limits, from_bytes};

use crate::make::{RawEntry, crc32, deflate_repeated, document_xml, docx, paragraph, raw_zip};
use crate::{code, describe, expect_code, expect_document, text_of};

const RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn limit_what(result: &Result<atsfit::Document, ExtractError>) -> &'static str {
    match result {
        Err(ExtractError::LimitExceeded { what, .. }) => what,
        _ => "",
    }
}

/// A deflated entry of `megabytes` MB of `<!-- spaces -->` inside a document: valid XML of any
/// size, declared honestly or as `declared` bytes.
fn spaces_entry(name: &str, megabytes: usize, declared: Option<u32>) -> RawEntry {
    let chunk = vec![b' '; 1 << 20];
    let data = deflate_repeated(&chunk, megabytes);
    let size = (megabytes as u64) << 20;
    RawEntry {
        name: name.to_owned(),
        method: 8,
        compressed_size: data.len() as u32,
        uncompressed_size: declared.unwrap_or(size.min(u64::from(u32::MAX)) as u32),
        crc: 0,
        data,
    }
}

#[test]
fn a_part_past_the_part_limit() {
    // 100 MB of spaces in 100 KB, declared as such: refused before inflating.
    let bomb = raw_zip(&[spaces_entry("word/document.xml", 100, None)]);
    assert!(bomb.len() < 200_000);
    let result = expect_code(&bomb, Some("docx"), "limit_exceeded").0;
    assert_eq!(limit_what(&result), "decompressed size of one DOCX part");
    // Declared as 1 KB: inflating stops at the limit (4 MB here: inflating the default 64 MB
    // is slow in a debug build, and src/extract/docx/tests.rs does it).
    let liar = raw_zip(&[spaces_entry("word/document.xml", 100, Some(1024))]);
    let limits = Limits {
        max_part_bytes: 4 << 20,
        ..Limits::default()
    };
    let result = from_bytes(&liar, Some("docx"), &limits);
    assert!(
        matches!(result, Err(ExtractError::LimitExceeded { what: "decompressed size of one DOCX part", limit }) if limit == 4 << 20),
        "{}",
        describe(&result)
    );
}

#[test]
fn many_parts_past_the_total_limit() {
    // Ten headers of 600 KB each, every one under the part limit of 1 MB, 6 MB together.
    let sections: String = (1..=10)
        .map(|n| {
            format!(r#"<w:p><w:pPr><w:sectPr><w:headerReference w:type="default" r:id="rId{n}"/></w:sectPr></w:pPr></w:p>"#)
        })
        .collect();
    let body = document_xml(&format!("{}{sections}", paragraph("Jane Doe")));
    let mut rels = String::from(
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for n in 1..=10 {
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="{RELS}/header" Target="header{n}.xml"/>"#
        ));
    }
    rels.push_str("</Relationships>");
    let header = format!(
        r#"<w:hdr xmlns:w="{}"><!--{}-->{}</w:hdr>"#,
        crate::make::WORD_NS,
        " ".repeat(600 << 10),
        paragraph("Header")
    );
    // One header compressed once, stored under ten names.
    let compressed = RawEntry::deflated("word/header1.xml", header.as_bytes());
    let mut entries = vec![
        RawEntry::deflated("word/document.xml", body.as_bytes()),
        RawEntry::deflated("word/_rels/document.xml.rels", rels.as_bytes()),
    ];
    entries.extend((1..=10).map(|n| RawEntry {
        name: format!("word/header{n}.xml"),
        data: compressed.data.clone(),
        ..compressed.clone()
    }));
    let bytes = raw_zip(&entries);
    let limits = Limits {
        max_part_bytes: 1 << 20,
        max_total_bytes: 4 << 20,
        ..Limits::default()
    };
    let result = from_bytes(&bytes, Some("docx"), &limits);
    assert_eq!(code(&result), "limit_exceeded", "{}", describe(&result));
    assert_eq!(
        limit_what(&result),
        "decompressed size of all DOCX parts together"
    );
    // With room for them, the same file reads, each shared header once.
    let document = expect_document(&bytes, Some("docx"));
    assert!(text_of(&document).contains("Jane Doe"));
}

#[test]
fn xml_nested_past_the_depth_limit() {
    let depth = 100_000;
    let body = format!(
        "{}{}",
        "<w:tbl><w:tr><w:tc>".repeat(depth / 3),
        "</w:tc></w:tr></w:tbl>".repeat(depth / 3)
    );
    let bytes = docx(&[("word/document.xml", document_xml(&body).as_bytes())]);
    let result = expect_code(&bytes, Some("docx"), "limit_exceeded").0;
    assert_eq!(limit_what(&result), "XML nesting depth in a DOCX part");
    // Unclosed, and in elements the extractor does not know.
    let body = "<x:a xmlns:x=\"urn:x\">".repeat(depth);
    let bytes = docx(&[("word/document.xml", document_xml(&body).as_bytes())]);
    expect_code(&bytes, Some("docx"), "limit_exceeded");
}

#[test]
fn billion_laughs_is_refused_unexpanded() {
    let mut dtd = String::from(r#"<!ENTITY lol0 "lol">"#);
    for level in 1..=9 {
        let previous = format!("&lol{};", level - 1);
        dtd.push_str(&format!(
            r#"<!ENTITY lol{level} "{}">"#,
            previous.repeat(10)
        ));
    }
    let xml = format!(
        r#"<?xml version="1.0"?><!DOCTYPE w:document [{dtd}]><w:document xmlns:w="{}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"#,
        crate::make::WORD_NS
    );
    let bytes = docx(&[("word/document.xml", xml.as_bytes())]);
    let result = expect_code(&bytes, Some("docx"), "corrupt").0;
    assert!(
        describe(&result).contains("DOCTYPE"),
        "{}",
        describe(&result)
    );
    // An external entity, and a parameter entity, likewise.
    for doctype in [
        r#"<!DOCTYPE w:document [<!ENTITY ext SYSTEM "file:///etc/passwd">]>"#,
        r#"<!DOCTYPE w:document [<!ENTITY % p SYSTEM "http://example.invalid/x.dtd"> %p;]>"#,
    ] {
        let xml = document_xml(&paragraph("&ext;")).replacen("?>", &format!("?>{doctype}"), 1);
        expect_code(
            &docx(&[("word/document.xml", xml.as_bytes())]),
            Some("docx"),
            "corrupt",
        );
    }
}

#[test]
fn entries_past_the_entry_limit() {
    let mut entries: Vec<RawEntry> = (0..10_001)
        .map(|n| RawEntry::stored(&format!("{n:x}"), b""))
        .collect();
    entries.push(RawEntry::deflated(
        "word/document.xml",
        document_xml(&paragraph("Jane")).as_bytes(),
    ));
    let result = expect_code(&raw_zip(&entries), Some("docx"), "limit_exceeded").0;
    assert_eq!(limit_what(&result), "entries in a DOCX archive");
}

#[test]
fn thousands_of_entries() {
    let body = document_xml(&paragraph("Jane Doe, Rust"));
    let mut entries: Vec<RawEntry> = (0..9_000)
        .map(|n| RawEntry::stored(&format!("word/media/image{n}.png"), b"\x89PNG"))
        .collect();
    entries.push(RawEntry::deflated("word/document.xml", body.as_bytes()));
    let document = expect_document(&raw_zip(&entries), Some("docx"));
    assert!(text_of(&document).contains("Jane Doe, Rust"));
    // An end record that claims 65,535 entries over a directory of one.
    let mut bytes = docx(&[("word/document.xml", body.as_bytes())]);
    let end = bytes.len() - 22;
    bytes[end + 8..end + 12].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
    expect_code(&bytes, Some("docx"), "corrupt");
}

#[test]
fn central_directories_that_lie() {
    let xml = document_xml(&paragraph("Jane Doe"));
    let honest = RawEntry::deflated("word/document.xml", xml.as_bytes());
    let cases: Vec<(&str, RawEntry, &[&str])> = vec![
        (
            // The deflate data ends where it ends: the size does not matter.
            "compressed size past the end of the file",
            RawEntry {
                compressed_size: 0x7FFF_FFFF,
                ..RawEntry::deflated("word/document.xml", xml.as_bytes())
            },
            &["corrupt", "ok"],
        ),
        (
            "uncompressed size of 4 GB",
            RawEntry {
                uncompressed_size: u32::MAX,
                ..RawEntry::deflated("word/document.xml", xml.as_bytes())
            },
            &["limit_exceeded"],
        ),
        (
            "uncompressed size too small",
            RawEntry {
                uncompressed_size: 10,
                ..RawEntry::deflated("word/document.xml", xml.as_bytes())
            },
            &["corrupt", "ok"],
        ),
        (
            "wrong checksum",
            RawEntry {
                crc: honest.crc ^ 1,
                ..RawEntry::deflated("word/document.xml", xml.as_bytes())
            },
            &["corrupt"],
        ),
        (
            "unknown compression method",
            RawEntry {
                method: 99,
                ..RawEntry::deflated("word/document.xml", xml.as_bytes())
            },
            &["unsupported_format", "corrupt"],
        ),
        (
            "stored, with a size larger than the data",
            RawEntry {
                method: 0,
                data: xml.as_bytes().to_vec(),
                compressed_size: xml.len() as u32 + 1000,
                uncompressed_size: xml.len() as u32 + 1000,
                crc: crc32(xml.as_bytes()),
                name: "word/document.xml".into(),
            },
            &["corrupt"],
        ),
    ];
    for (what, entry, allowed) in cases {
        let bytes = raw_zip(&[entry]);
        let result = crate::extract(&bytes, Some("docx"));
        assert!(
            allowed.contains(&code(&result)),
            "{what}: {}",
            describe(&result)
        );
    }
    let document = expect_document(&raw_zip(&[honest]), Some("docx"));
    assert_eq!(text_of(&document), "Jane Doe");

    // The central directory's offset points outside the file, or back into itself.
    let good = raw_zip(&[RawEntry::deflated("word/document.xml", xml.as_bytes())]);
    let end = good.len() - 22;
    for offset in [u32::MAX, (good.len() - 10) as u32, 0] {
        let mut bytes = good.clone();
        bytes[end + 16..end + 20].copy_from_slice(&offset.to_le_bytes());
        let result = crate::extract(&bytes, Some("docx"));
        assert!(
            ["corrupt", "ok"].contains(&code(&result)),
            "offset {offset}: {}",
            describe(&result)
        );
    }
}

#[test]
fn a_part_of_tiny_paragraphs_stops_at_the_line_limit() {
    let body = paragraph("Go").repeat(2_000);
    let bytes = docx(&[("word/document.xml", document_xml(&body).as_bytes())]);
    let limits = Limits {
        max_lines: 1_000,
        ..Limits::default()
    };
    let result = from_bytes(&bytes, Some("docx"), &limits);
    assert!(
        matches!(
            result,
            Err(ExtractError::LimitExceeded {
                what: "lines of text",
                limit: 1_000
            })
        ),
        "{}",
        describe(&result)
    );
    assert_eq!(expect_document(&bytes, Some("docx")).lines.len(), 2_000);
    // The text limit holds for the lines together.
    let limits = Limits {
        max_text_bytes: 3_000,
        ..Limits::default()
    };
    let result = from_bytes(&bytes, Some("docx"), &limits);
    assert!(
        matches!(
            result,
            Err(ExtractError::LimitExceeded {
                what: "size of the text",
                ..
            })
        ),
        "{}",
        describe(&result)
    );
}
