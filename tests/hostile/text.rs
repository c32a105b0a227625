//! Text files that are huge, binary, mis-encoded or encoded in UTF-16.

use atsfit::extract::{ExtractError, Limits, WarningCode, from_path};

use crate::make::Rng;
use crate::{describe, expect_code, expect_document, has_warning, text_of};

#[test]
fn text_past_the_text_and_line_limits() {
    // Twenty megabytes on one line: past the 8 MB of text the checker works on.
    let line = "Rust Kubernetes PostgreSQL ".repeat((20 << 20) / 27);
    let result = expect_code(line.as_bytes(), Some("txt"), "limit_exceeded").0;
    assert!(
        matches!(result, Err(ExtractError::LimitExceeded { what: "size of the text", limit }) if limit == 8 << 20),
        "{}",
        describe(&result)
    );
    // Just under: one line of almost 8 MB.
    let line = "Rust Kubernetes PostgreSQL ".repeat((8 << 20) / 28);
    let document = expect_document(line.as_bytes(), Some("txt"));
    assert_eq!(document.lines.len(), 1);
    // A hundred thousand and one lines, however short.
    let result = expect_code(&b"a\n".repeat(100_001), Some("md"), "limit_exceeded").0;
    assert!(
        matches!(
            result,
            Err(ExtractError::LimitExceeded {
                what: "lines of text",
                limit: 100_000
            })
        ),
        "{}",
        describe(&result)
    );
    let document = expect_document(&b"a\n".repeat(100_000), Some("md"));
    assert_eq!(document.lines.len(), 100_000);
}

#[test]
fn files_over_the_size_limit_are_refused_before_they_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    // A sparse file: 51 MB that take no disk and are never read.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(Limits::default().max_file_bytes + 1).unwrap();
    let result = from_path(&path, &Limits::default());
    assert!(
        matches!(result, Err(ExtractError::LimitExceeded { what: "file size", limit }) if limit == 50 << 20),
        "{}",
        describe(&result)
    );
    // At the limit exactly, it is read (a sparse file of NUL bytes: binary).
    let small = Limits {
        max_file_bytes: 4096,
        ..Limits::default()
    };
    file.set_len(4096).unwrap();
    expect_code_at(&path, &small, "unknown_format");
}

fn expect_code_at(path: &std::path::Path, limits: &Limits, want: &str) {
    let result = from_path(path, limits);
    assert_eq!(crate::code(&result), want, "{}", describe(&result));
}

#[test]
fn nul_bytes_make_a_text_file_binary_wherever_they_are() {
    let mut late = b"Jane Doe\nSkills: Rust\n".repeat(1000);
    late.extend_from_slice(b"\0\0\0");
    for bytes in [&b"\0Jane Doe"[..], b"Jane\0Doe", &late] {
        let result = expect_code(bytes, Some("txt"), "unknown_format").0;
        assert!(
            describe(&result).contains("binary data"),
            "{}",
            describe(&result)
        );
    }
    // Random bytes: binary, whatever the extension says.
    let noise = Rng::new(5).bytes(65_536);
    for extension in [Some("txt"), Some("md"), None] {
        expect_code(&noise, extension, "unknown_format");
    }
    // A few control characters in real text are text.
    let mut text = b"Jane Doe\x0c\nSkills:\tRust\x1b[0m\n".to_vec();
    text.extend(b"Experience: built payment services in Rust and Go.\n".repeat(10));
    let document = expect_document(&text, Some("txt"));
    assert!(text_of(&document).contains("Rust"));
}

#[test]
fn invalid_utf8_is_read_as_windows_1252_with_a_warning() {
    let document = expect_document(
        b"Jos\xe9 P\xe9rez\nSkills: C\xf8, Rust \x80 \xff\xfe",
        Some("txt"),
    );
    assert!(
        text_of(&document).starts_with("José Pérez"),
        "{}",
        text_of(&document)
    );
    assert!(has_warning(&document, WarningCode::LegacyEncoding));
    // Cut in the middle of a UTF-8 sequence.
    let cut = "Café résumé".as_bytes();
    let document = expect_document(&cut[..cut.len() - 1], Some("txt"));
    assert!(has_warning(&document, WarningCode::LegacyEncoding));
}

#[test]
fn utf16_with_a_byte_order_mark() {
    let text = "José Pérez\nSkills: Rust, 日本語";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    for bytes in [le.clone(), be] {
        let document = expect_document(&bytes, Some("txt"));
        assert_eq!(text_of(&document), text);
        assert!(document.warnings.is_empty(), "{:?}", document.warnings);
    }
    // A lone surrogate, or an odd byte at the end: not text, despite the mark.
    let mut lone = le.clone();
    lone.extend_from_slice(&0xD800u16.to_le_bytes());
    lone.extend_from_slice(&u16::from(b'x').to_le_bytes());
    let result = expect_code(&lone, Some("txt"), "not_text").0;
    assert!(
        describe(&result).contains("UTF-16LE"),
        "{}",
        describe(&result)
    );
    let mut odd = le;
    odd.push(b'x');
    expect_code(&odd, Some("txt"), "not_text");
    // The mark alone is an empty text.
    let document = expect_document(&[0xFF, 0xFE], Some("txt"));
    assert!(has_warning(&document, WarningCode::EmptyText));
    // UTF-8 with its mark reads as UTF-8.
    let document = expect_document("\u{feff}Zoë".as_bytes(), Some("md"));
    assert_eq!(text_of(&document), "Zoë");
}

#[test]
fn utf16_without_a_mark_is_binary() {
    let bytes: Vec<u8> = "Jane Doe, Rust"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    expect_code(&bytes, Some("txt"), "unknown_format");
}
