//! Small DOCX files built in memory, one per feature, and hostile ones.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::extract;
use crate::extract::{Document, ExtractError, Limits, Origin, WarningCode};

const NAMESPACES: &str = concat!(
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#,
    r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#,
    r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" "#,
    r#"xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" "#,
    r#"xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" "#,
    r#"xmlns:v="urn:schemas-microsoft-com:vml""#,
);
const RELATIONSHIP_TYPES: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, content) in parts {
        writer.start_file(*name, options).unwrap();
        writer.write_all(content.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NAMESPACES}><w:body>{body}</w:body></w:document>"#
    )
}

fn part_xml(root: &str, content: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:{root} {NAMESPACES}>{content}</w:{root}>"#)
}

fn rels_xml(relationships: &[(&str, &str, &str)]) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (id, kind, target) in relationships {
        xml.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{RELATIONSHIP_TYPES}/{kind}" Target="{target}"/>"#
        ));
    }
    xml.push_str("</Relationships>");
    xml
}

fn docx_with_body(body: &str) -> Vec<u8> {
    zip_of(&[("word/document.xml", &document_xml(body))])
}

fn read(bytes: &[u8]) -> Document {
    match extract(bytes, &Limits::default()) {
        Ok(document) => document,
        Err(error) => panic!("extraction failed: {error}"),
    }
}

fn lines(document: &Document) -> Vec<(String, Origin)> {
    document
        .lines
        .iter()
        .map(|l| (l.text.clone(), l.origin))
        .collect()
}

fn body_lines(body: &str) -> Vec<(String, Origin)> {
    lines(&read(&docx_with_body(body)))
}

fn owned(expected: &[(&str, Origin)]) -> Vec<(String, Origin)> {
    expected
        .iter()
        .map(|(t, o)| ((*t).to_owned(), *o))
        .collect()
}

fn paragraph(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

#[test]
fn runs_tabs_and_breaks() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">Rust </w:t></w:r><w:r><w:t>Eng</w:t></w:r><w:r><w:t>ineer</w:t><w:tab/><w:t>2024</w:t><w:br/><w:t>Berlin &amp; remote</w:t></w:r></w:p><w:p/><w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>after</w:t></w:r></w:p>"#;
    let expected = [
        ("Rust Engineer\t2024", Origin::Body),
        ("Berlin & remote", Origin::Body),
        ("after", Origin::Body),
    ];
    assert_eq!(body_lines(body), owned(&expected));
}

#[test]
fn headings_from_style_ids_and_outline_levels() {
    let body = r#"<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Jane Doe</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Skills</w:t></w:r></w:p><w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>Experience</w:t></w:r></w:p><w:p><w:pPr><w:outlineLvl w:val="9"/></w:pPr><w:r><w:t>Rust</w:t></w:r></w:p>"#;
    let document = read(&docx_with_body(body));
    let hints: Vec<bool> = document.lines.iter().map(|l| l.heading_hint).collect();
    assert_eq!(hints, [true, true, true, false]);
}

#[test]
fn headings_from_style_definitions() {
    let styles = part_xml(
        "styles",
        r#"<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="MySection"><w:name w:val="My Section"/><w:basedOn w:val="berschrift1"/></w:style><w:style w:type="paragraph" w:styleId="Plain"><w:name w:val="Plain"/></w:style>"#,
    );
    let body = ["berschrift1", "MySection", "Plain"]
        .iter()
        .map(|s| {
            format!(r#"<w:p><w:pPr><w:pStyle w:val="{s}"/></w:pPr><w:r><w:t>{s}</w:t></w:r></w:p>"#)
        })
        .collect::<String>();
    let bytes = zip_of(&[
        ("word/document.xml", &document_xml(&body)),
        ("word/styles.xml", &styles),
    ]);
    let hints: Vec<bool> = read(&bytes).lines.iter().map(|l| l.heading_hint).collect();
    assert_eq!(hints, [true, true, false]);
}

#[test]
fn hyperlinks_insertions_deletions_and_moves() {
    let body = r#"<w:p><w:hyperlink r:id="rId9"><w:r><w:t>github.com/jane</w:t></w:r></w:hyperlink><w:ins w:id="1" w:author="x"><w:r><w:t xml:space="preserve"> Kubernetes</w:t></w:r></w:ins><w:del w:id="2" w:author="x"><w:r><w:delText>COBOL</w:delText></w:r></w:del><w:moveFrom w:id="3" w:author="x"><w:r><w:t>Moved</w:t></w:r></w:moveFrom></w:p>"#;
    assert_eq!(
        body_lines(body),
        owned(&[("github.com/jane Kubernetes", Origin::Body)])
    );
}

#[test]
fn content_controls_block_and_inline() {
    let body = r#"<w:sdt><w:sdtPr><w:alias w:val="Summary"/><w:placeholder><w:docPart w:val="x"/></w:placeholder></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Block control</w:t></w:r><w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t xml:space="preserve"> inline control</w:t></w:r></w:sdtContent></w:sdt></w:p></w:sdtContent></w:sdt>"#;
    assert_eq!(
        body_lines(body),
        owned(&[("Block control inline control", Origin::Body)])
    );
}

#[test]
fn simple_and_complex_fields_give_their_result_only() {
    let body = r#"<w:p><w:fldSimple w:instr=" DATE \@ yyyy "><w:r><w:t>2024</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://x.example" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x.example</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#;
    assert_eq!(body_lines(body), owned(&[("2024 x.example", Origin::Body)]));
}

#[test]
fn smart_tags_and_custom_xml_wrappers_keep_their_runs() {
    let body = r#"<w:p><w:smartTag w:uri="urn:x" w:element="City"><w:r><w:t>Berlin</w:t></w:r></w:smartTag><w:customXml w:element="skill"><w:r><w:t xml:space="preserve"> Go</w:t></w:r></w:customXml></w:p><w:customXml w:element="block"><w:p><w:r><w:t>Wrapped paragraph</w:t></w:r></w:p></w:customXml>"#;
    assert_eq!(
        body_lines(body),
        owned(&[
            ("Berlin Go", Origin::Body),
            ("Wrapped paragraph", Origin::Body)
        ])
    );
}

#[test]
fn nested_tables_row_by_row_cell_by_cell() {
    let cell = |content: &str| format!("<w:tc><w:tcPr/>{content}</w:tc>");
    let inner = format!("<w:tbl><w:tr>{}</w:tr></w:tbl>", cell(&paragraph("Docker")));
    let body = format!(
        "<w:tbl><w:tblPr/><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>{}",
        cell(&paragraph("Languages")),
        cell(&format!("{}{}", paragraph("Rust"), paragraph("Go"))),
        cell(&paragraph("Tools")),
        cell(&format!("{inner}<w:p/>")),
        paragraph("After the table"),
    );
    let t = Origin::Table;
    let expected = [
        ("Languages", t),
        ("Rust", t),
        ("Go", t),
        ("Tools", t),
        ("Docker", t),
        ("After the table", Origin::Body),
    ];
    assert_eq!(body_lines(&body), owned(&expected));
}

#[test]
fn text_box_with_vml_fallback_is_read_once() {
    let text_box = |text: &str| format!("<w:txbxContent>{}</w:txbxContent>", paragraph(text));
    let body = format!(
        r#"<w:p><w:r><w:t>Anchor</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>{}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>{}<w:p><w:r><w:pict><v:shape><v:textbox>{}</v:textbox></v:shape></w:pict></w:r></w:p>"#,
        text_box("Terraform sidebar"),
        text_box("Terraform sidebar"),
        paragraph("Next"),
        text_box("Bare VML box"),
    );
    let expected = [
        ("Anchor", Origin::Body),
        ("Terraform sidebar", Origin::TextBox),
        ("Next", Origin::Body),
        ("Bare VML box", Origin::TextBox),
    ];
    assert_eq!(body_lines(&body), owned(&expected));
}

#[test]
fn headers_and_footers_of_every_section_each_part_once() {
    let section = |header: &str, footer: &str| {
        format!(
            r#"<w:sectPr><w:headerReference w:type="default" r:id="{header}"/><w:footerReference w:type="default" r:id="{footer}"/></w:sectPr>"#
        )
    };
    let body = format!(
        "<w:p><w:pPr>{}</w:pPr><w:r><w:t>Section one</w:t></w:r></w:p>{}{}",
        section("rId1", "rId3"),
        paragraph("Section two"),
        section("rId2", "rId3"),
    );
    let rels = rels_xml(&[
        ("rId1", "header", "header1.xml"),
        ("rId2", "header", "header2.xml"),
        ("rId3", "footer", "footer1.xml"),
    ]);
    let bytes = zip_of(&[
        ("word/document.xml", &document_xml(&body)),
        ("word/_rels/document.xml.rels", &rels),
        (
            "word/header1.xml",
            &part_xml("hdr", &paragraph("jane@example.com")),
        ),
        (
            "word/header2.xml",
            &part_xml("hdr", &paragraph("Jane Doe, page 2")),
        ),
        (
            "word/footer1.xml",
            &part_xml("ftr", &paragraph("Shared footer")),
        ),
    ]);
    let expected = [
        ("jane@example.com", Origin::Header),
        ("Jane Doe, page 2", Origin::Header),
        ("Section one", Origin::Body),
        ("Section two", Origin::Body),
        ("Shared footer", Origin::Footer),
    ];
    assert_eq!(lines(&read(&bytes)), owned(&expected));
}

#[test]
fn footnotes_and_endnotes_without_separators() {
    let body = r#"<w:p><w:r><w:t>CKA</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#;
    let footnotes = part_xml(
        "footnotes",
        r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:t>SEPARATOR</w:t></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Valid through 2027.</w:t></w:r></w:p></w:footnote>"#,
    );
    let endnotes = part_xml(
        "endnotes",
        r#"<w:endnote w:id="1"><w:p><w:r><w:t>An endnote</w:t></w:r></w:p></w:endnote>"#,
    );
    let rels = rels_xml(&[
        ("rId1", "footnotes", "footnotes.xml"),
        ("rId2", "endnotes", "endnotes.xml"),
    ]);
    let bytes = zip_of(&[
        ("word/document.xml", &document_xml(body)),
        ("word/_rels/document.xml.rels", &rels),
        ("word/footnotes.xml", &footnotes),
        ("word/endnotes.xml", &endnotes),
    ]);
    let expected = [
        ("CKA", Origin::Body),
        ("Valid through 2027.", Origin::Footnote),
        ("An endnote", Origin::Footnote),
    ];
    assert_eq!(lines(&read(&bytes)), owned(&expected));
}

#[test]
fn hidden_and_white_text_is_marked_hidden() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">Visible </w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>Kubernetes Terraform</w:t></w:r><w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>shown</w:t></w:r></w:p><w:p><w:r><w:rPr><w:color w:val="ffffff"/></w:rPr><w:t>white keywords</w:t></w:r></w:p><w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>mark hidden only</w:t></w:r></w:p>"#;
    let expected = [
        ("Visible shown", Origin::Body),
        ("Kubernetes Terraform", Origin::Hidden),
        ("white keywords", Origin::Hidden),
        ("mark hidden only", Origin::Body),
    ];
    assert_eq!(body_lines(body), owned(&expected));
}

#[test]
fn columns_are_warned_about_per_section() {
    let body = format!(
        r#"<w:p><w:pPr><w:sectPr><w:cols w:num="2" w:space="720"/></w:sectPr></w:pPr><w:r><w:t>Two columns</w:t></w:r></w:p>{}<w:sectPr><w:cols w:space="720"/></w:sectPr>"#,
        paragraph("One column"),
    );
    let document = read(&docx_with_body(&body));
    let columns: Vec<&str> = document
        .warnings
        .iter()
        .filter(|w| w.code == WarningCode::MultiColumn)
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(columns, ["Section 1 of 2 is laid out in 2 columns"]);
}

#[test]
fn images_only_is_warned_about_and_images_with_text_are_not() {
    let picture = r#"<w:p><w:r><w:drawing><wp:inline><a:graphic><a:graphicData><pic:pic/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#;
    let scan = read(&docx_with_body(picture));
    assert!(!scan.has_text());
    assert!(
        scan.warnings
            .iter()
            .any(|w| w.code == WarningCode::ImagesOnly),
        "{:?}",
        scan.warnings
    );
    let with_text = read(&docx_with_body(&format!(
        "{picture}{}",
        paragraph("Jane Doe")
    )));
    assert!(with_text.warnings.is_empty(), "{:?}", with_text.warnings);
}

#[test]
fn foreign_prefixes_are_read_by_namespace() {
    let xml = r#"<ns0:document xmlns:ns0="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><ns0:body><ns0:p><ns0:r><ns0:t>Prefixed</ns0:t></ns0:r></ns0:p><a:p><a:r><a:t>DrawingML text is not a paragraph</a:t></a:r></a:p></ns0:body></ns0:document>"#;
    let bytes = zip_of(&[("word/document.xml", xml)]);
    assert_eq!(lines(&read(&bytes)), owned(&[("Prefixed", Origin::Body)]));
}

#[test]
fn main_part_is_found_through_package_relationships() {
    let package_rels = rels_xml(&[("rId1", "officeDocument", "word/document2.xml")]);
    let bytes = zip_of(&[
        ("_rels/.rels", &package_rels),
        (
            "word/document2.xml",
            &document_xml(&paragraph("Renamed part")),
        ),
    ]);
    assert_eq!(
        lines(&read(&bytes)),
        owned(&[("Renamed part", Origin::Body)])
    );
}

fn error_of(bytes: &[u8], limits: &Limits) -> ExtractError {
    match extract(bytes, limits) {
        Ok(document) => panic!("expected an error, got {:?}", document.lines),
        Err(error) => error,
    }
}

#[test]
fn bad_packages_give_clear_errors() {
    let full = docx_with_body(&paragraph("Jane"));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "not a zip",
            b"PK\x03\x04 this is not really a zip".to_vec(),
            "not a readable zip archive",
        ),
        (
            "truncated zip",
            full.get(..full.len() / 2).unwrap_or_default().to_vec(),
            "not a readable zip archive",
        ),
        (
            "no document",
            zip_of(&[("[Content_Types].xml", "<Types/>")]),
            "word/document.xml is missing",
        ),
    ];
    for (what, bytes, expected) in cases {
        let error = error_of(&bytes, &Limits::default());
        assert_eq!(error.code(), "corrupt", "{what}: {error}");
        assert!(error.to_string().contains(expected), "{what}: {error}");
    }
}

#[test]
fn truncated_xml_fails_quickly_at_every_cut() {
    let body = format!(
        "{}<w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>{}",
        paragraph("Jane Doe"),
        paragraph("Rust"),
        paragraph("Go &amp; C")
    );
    let xml = document_xml(&body);
    let root_end = xml.len() - "</w:document>".len();
    let mut cuts: Vec<usize> = (1..=9).map(|tenth| xml.len() * tenth / 10).collect();
    cuts.extend([xml.len() - 1, root_end, root_end - 3]);
    for cut in cuts {
        let truncated = xml.get(..cut).unwrap_or_default();
        let error = error_of(
            &zip_of(&[("word/document.xml", truncated)]),
            &Limits::default(),
        );
        assert_eq!(error.code(), "corrupt", "cut at {cut}: {error}");
        assert!(
            error.to_string().contains("word/document.xml"),
            "cut at {cut}: {error}"
        );
    }
}

#[test]
fn malformed_markup_is_rejected() {
    let cases = [
        "<w:p><w:r><w:t>mismatched</w:r></w:t></w:p>",
        "<w:p><w:r><w:t>dangling & ampersand</w:t></w:r></w:p>",
        "<w:p><w:r><w:t>undefined &bogus; entity</w:t></w:r></w:p>",
        "<w:p></w:p></w:p>",
    ];
    for body in cases {
        let error = error_of(&docx_with_body(body), &Limits::default());
        assert_eq!(error.code(), "corrupt", "{body}: {error}");
    }
}

#[test]
fn doctype_with_entities_is_refused_not_expanded() {
    let xml = format!(
        r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><w:document {NAMESPACES}><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>"#
    );
    let error = error_of(&zip_of(&[("word/document.xml", &xml)]), &Limits::default());
    assert!(error.to_string().contains("DOCTYPE"), "{error}");
}

#[test]
fn deep_nesting_hits_the_depth_limit() {
    let depth = 10_000;
    let body = format!(
        "{}{}",
        "<w:sdt><w:sdtContent>".repeat(depth),
        "</w:sdtContent></w:sdt>".repeat(depth)
    );
    let error = error_of(&docx_with_body(&body), &Limits::default());
    assert!(
        matches!(error, ExtractError::LimitExceeded { what, .. } if what.contains("nesting")),
        "{error}"
    );
    let shallow = format!(
        "{}{}{}",
        "<w:sdt><w:sdtContent>".repeat(50),
        paragraph("deep"),
        "</w:sdtContent></w:sdt>".repeat(50)
    );
    assert_eq!(body_lines(&shallow), owned(&[("deep", Origin::Body)]));
}

/// A zip whose only entry is a gigabyte of spaces in about a megabyte. The deflate stream is a
/// compressed megabyte of spaces repeated: each copy only refers back into itself, so copies
/// can be chained without compressing a gigabyte in the test. The CRC is wrong on purpose:
/// the reader must give up long before it could check it.
fn zip_bomb(name: &str, megabytes: u32) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let chunk_len = 1 << 20;
    let spaces = vec![b' '; chunk_len];
    let mut compressor = Compress::new(Compression::best(), false);
    let mut chunk = Vec::with_capacity(8 << 10);
    compressor
        .compress_vec(&spaces, &mut chunk, FlushCompress::Sync)
        .unwrap();
    let mut deflated = Vec::with_capacity(chunk.len() * megabytes as usize + 2);
    for _ in 0..megabytes {
        deflated.extend_from_slice(&chunk);
    }
    deflated.extend_from_slice(&[0x03, 0x00]); // a final, empty fixed-Huffman block
    let uncompressed = chunk_len as u32 * megabytes;

    let mut zip = Vec::new();
    let header = |zip: &mut Vec<u8>, signature: u32, central: bool| {
        zip.extend_from_slice(&signature.to_le_bytes());
        if central {
            zip.extend_from_slice(&20u16.to_le_bytes()); // made by
        }
        zip.extend_from_slice(&20u16.to_le_bytes()); // version needed
        zip.extend_from_slice(&0u16.to_le_bytes()); // flags
        zip.extend_from_slice(&8u16.to_le_bytes()); // deflate
        zip.extend_from_slice(&[0; 4]); // time, date
        zip.extend_from_slice(&0xDEAD_BEEFu32.to_le_bytes()); // crc, wrong
        zip.extend_from_slice(&(deflated.len() as u32).to_le_bytes());
        zip.extend_from_slice(&uncompressed.to_le_bytes());
        zip.extend_from_slice(&(name.len() as u16).to_le_bytes());
        zip.extend_from_slice(&0u16.to_le_bytes()); // extra length
        if central {
            zip.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
            zip.extend_from_slice(&[0; 4]); // external attributes
            zip.extend_from_slice(&0u32.to_le_bytes()); // local header offset
        }
        zip.extend_from_slice(name.as_bytes());
    };
    header(&mut zip, 0x0403_4b50, false);
    zip.extend_from_slice(&deflated);
    let central_start = zip.len();
    header(&mut zip, 0x0201_4b50, true);
    let central_len = zip.len() - central_start;
    zip.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    zip.extend_from_slice(&[0; 4]); // disk numbers
    zip.extend_from_slice(&1u16.to_le_bytes());
    zip.extend_from_slice(&1u16.to_le_bytes());
    zip.extend_from_slice(&(central_len as u32).to_le_bytes());
    zip.extend_from_slice(&(central_start as u32).to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip
}

#[test]
fn zip_bomb_ends_in_a_limit_error_quickly() {
    let bomb = zip_bomb("word/document.xml", 1024);
    assert!(bomb.len() < 4 << 20, "bomb is {} bytes", bomb.len());
    // The declared size alone already gives it away.
    let error = error_of(&bomb, &Limits::default());
    assert_eq!(error.code(), "limit_exceeded", "{error}");

    // A lying size field: the decompressed bytes are counted as they come.
    let mut lying = bomb.clone();
    let sizes_at = [
        22usize,
        lying.len() - 22 - "word/document.xml".len() - 46 + 24,
    ];
    for at in sizes_at {
        if let Some(field) = lying.get_mut(at..at + 4) {
            field.copy_from_slice(&1000u32.to_le_bytes());
        }
    }
    // No clock here (tests carry no wall-clock limits): a hang would stall the suite, and the
    // time is measured with the docx_measure example instead.
    let error = error_of(&lying, &Limits::default());
    assert!(
        matches!(error, ExtractError::LimitExceeded { what, limit } if what.contains("one DOCX part") && limit == 64 << 20),
        "{error}"
    );
}

#[test]
fn total_decompressed_size_is_bounded_across_parts() {
    let big = " ".repeat(600 << 10);
    let xml = document_xml(&format!("{}<!--{big}-->", paragraph("Jane")));
    let rels = rels_xml(&[("rId1", "footnotes", "footnotes.xml")]);
    let footnotes = part_xml("footnotes", &format!("<!--{big}-->"));
    let bytes = zip_of(&[
        ("word/document.xml", &xml),
        ("word/_rels/document.xml.rels", &rels),
        ("word/footnotes.xml", &footnotes),
    ]);
    let limits = Limits {
        max_part_bytes: 1 << 20,
        max_total_bytes: 1 << 20,
        ..Limits::default()
    };
    let error = error_of(&bytes, &limits);
    assert!(
        matches!(error, ExtractError::LimitExceeded { what, .. } if what.contains("all DOCX parts")),
        "{error}"
    );
}

#[test]
fn from_bytes_routes_a_docx_here_whatever_its_extension() {
    let bytes = docx_with_body(&paragraph("Jane Doe"));
    let document = crate::extract::from_bytes(&bytes, Some("pdf"), &Limits::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(document.format, crate::extract::Format::Docx);
    assert_eq!(lines(&document), owned(&[("Jane Doe", Origin::Body)]));
}

#[test]
fn part_names_match_whatever_their_case() {
    let rels = rels_xml(&[("rId1", "header", "Header1.XML")]);
    let body = format!(
        r#"{}<w:sectPr><w:headerReference w:type="default" r:id="rId1"/></w:sectPr>"#,
        paragraph("Body")
    );
    let bytes = zip_of(&[
        ("Word/Document.xml", &document_xml(&body)),
        ("word/_rels/document.xml.rels", &rels),
        ("word/header1.xml", &part_xml("hdr", &paragraph("Header"))),
    ]);
    let expected = [("Header", Origin::Header), ("Body", Origin::Body)];
    assert_eq!(lines(&read(&bytes)), owned(&expected));
}
