//! OLE2 compound files: a Word 97-2003 document, a password-protected Word document (Office
//! keeps the encrypted package in an OLE2 container), and OLE2 files that are neither.

use atsfit::extract::ExtractError;

use crate::make::ole2;
use crate::{describe, expect_code};

fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

#[test]
fn legacy_doc_and_password_protected_docx_are_told_apart() {
    let doc = ole2(&[
        ("WordDocument", vec![0xEC, 0xA5, 0xC1, 0x00]),
        ("1Table", vec![0; 10]),
    ]);
    let result = expect_code(&doc, Some("doc"), "unsupported_format").0;
    let message = describe(&result);
    assert!(
        message.contains("legacy Word .doc (Word 97-2003)"),
        "{message}"
    );

    let encrypted = ole2(&[
        ("EncryptionInfo", vec![4, 0, 4, 0, 0x40, 0, 0, 0]),
        ("EncryptedPackage", vec![0xAB; 5000]),
    ]);
    // Renamed or not, it is the password that stops every reader.
    for extension in [Some("docx"), Some("doc"), None] {
        let result = expect_code(&encrypted, extension, "encrypted").0;
        assert!(
            matches!(result, Err(ExtractError::Encrypted("Word document"))),
            "{}",
            describe(&result)
        );
        assert!(describe(&result).contains("password-protected Word document"));
    }
}

#[test]
fn stream_names_count_only_as_directory_entries() {
    // A .doc whose text (UTF-16 in the WordDocument stream) names the encryption streams.
    let mut text = utf16("EncryptedPackage and EncryptionInfo are OOXML stream names.");
    text.resize(8192, 0);
    let doc = ole2(&[("WordDocument", text)]);
    expect_code(&doc, Some("doc"), "unsupported_format");
    // Only one of the two streams.
    let half = ole2(&[("EncryptedPackage", vec![0; 100])]);
    expect_code(&half, Some("docx"), "unsupported_format");
}

#[test]
fn other_ole2_files_and_bare_signatures() {
    let workbook = ole2(&[("Workbook", vec![0; 100])]);
    let result = expect_code(&workbook, Some("xls"), "unsupported_format").0;
    assert!(describe(&result).contains("OLE2"), "{}", describe(&result));
    // The signature alone, or followed by noise.
    let magic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    expect_code(&magic, Some("doc"), "unsupported_format");
    let mut noise = magic.to_vec();
    noise.extend(crate::make::Rng::new(9).bytes(100_000));
    expect_code(&noise, Some("doc"), "unsupported_format");
}

#[test]
fn other_formats_are_named() {
    let cases: &[(&[u8], &str, &str)] = &[
        (b"{\\rtf1\\ansi Jane Doe}", "rtf", "RTF"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "png", "PNG"),
        (b"\xFF\xD8\xFF\xE0\0\x10JFIF", "jpg", "JPEG"),
        (
            b"PK\x03\x04 mimetypeapplication/vnd.oasis.opendocument.text",
            "odt",
            "OpenDocument",
        ),
    ];
    for (bytes, extension, name) in cases {
        let result = expect_code(bytes, Some(extension), "unsupported_format").0;
        assert!(describe(&result).contains(name), "{}", describe(&result));
    }
}
