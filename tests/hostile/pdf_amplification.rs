//! Small files that made atsfit do enormous work before `Limits::max_object_bytes` and
//! `Limits::max_content_tokens` existed (each figure measured on the release build before the
//! fix). lopdf builds a 120-byte `Object` per number and 600 bytes per `[]`, parses an object
//! once per reference to it in the cross-reference data or an object stream's index, and
//! parses the object an indirect `/Length` names once per stream; content streams were bounded
//! by operators, not by the operands read.

use atsfit::extract::{ExtractError, Limits, from_bytes};
use lopdf::{Object, Stream, dictionary};

use crate::make::{HELLO, flate_stream, one_page_objects, pdf_from_objects, stream};
use crate::{code, describe, expect_document, text_of};

const HELLO_TEXT: &str = "Jane Doe Rust engineer";

fn is_object_budget(result: &Result<atsfit::Document, ExtractError>) -> bool {
    matches!(result, Err(ExtractError::LimitExceeded { what, .. }) if what.contains("memory of the PDF's objects"))
}

/// An object stream whose index lists `entries` objects, all at the offset of one array of
/// `numbers` numbers. Before: 1,000 entries on 10,000 numbers (2.8 KB) took 1.2 GB in lopdf, growing
/// with the entries (10,000: about 12 GB).
fn object_stream_on_one_offset(entries: usize, numbers: usize) -> Vec<u8> {
    let index: String = (0..entries).map(|i| format!("{} 0 ", 100 + i)).collect();
    let index = format!("{index}\n");
    let content = format!("{index}[{}]", "0 ".repeat(numbers));
    let container = flate_stream(
        &format!("/Type /ObjStm /N {entries} /First {}", index.len()),
        content.as_bytes(),
    );
    pdf_from_objects(&one_page_objects(HELLO, None, vec![container]), "")
}

#[test]
fn object_stream_entries_sharing_an_offset_are_parsed_once() {
    let bytes = object_stream_on_one_offset(10_000, 10_000);
    assert!(bytes.len() < 64_000, "{} bytes", bytes.len());
    let document = expect_document(&bytes, Some("pdf"));
    assert!(text_of(&document).contains(HELLO_TEXT));
}

#[test]
fn object_stream_entries_inside_each_other_are_cut_at_the_next_offset() {
    // Offsets 0, 1, 2...: every entry starts inside the previous one's nested array.
    let entries = 90;
    let index: String = (0..entries).map(|i| format!("{} {i} ", 100 + i)).collect();
    let index = format!("{index}\n");
    let body = format!(
        "{}{}{}",
        "[".repeat(entries),
        "0 ".repeat(50_000),
        "]".repeat(entries)
    );
    let container = flate_stream(
        &format!("/Type /ObjStm /N {entries} /First {}", index.len()),
        format!("{index}{body}").as_bytes(),
    );
    let bytes = pdf_from_objects(&one_page_objects(HELLO, None, vec![container]), "");
    let document = expect_document(&bytes, Some("pdf"));
    assert!(text_of(&document).contains(HELLO_TEXT));
}

/// `copies` cross-reference entries, all at the offset of one object, an array of `numbers`
/// numbers, and `referenced`: whether the catalog refers to them. Before: 1,000 entries on 10,000
/// numbers (40 KB) took 1.2 GB in lopdf; 10,000 (220 KB), about 12 GB.
fn cross_references_on_one_object(copies: usize, numbers: usize, referenced: bool) -> Vec<u8> {
    let mut objects = one_page_objects(
        HELLO,
        None,
        vec![format!("[{}]", "0 ".repeat(numbers)).into_bytes()],
    );
    if referenced {
        let copies: String = (7..7 + copies).map(|n| format!("{n} 0 R ")).collect();
        objects[0] = format!("<< /Type /Catalog /Pages 2 0 R /Extra [{copies}] >>").into_bytes();
    }
    let mut bytes = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (index, body) in objects.iter().enumerate() {
        offsets.push(bytes.len());
        bytes.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
        bytes.extend_from_slice(body);
        bytes.extend_from_slice(b"\nendobj\n");
    }
    let array_at = offsets[offsets.len() - 1];
    let xref_at = bytes.len();
    let size = objects.len() + copies + 1;
    bytes.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for offset in offsets
        .iter()
        .copied()
        .chain(std::iter::repeat_n(array_at, copies))
    {
        bytes.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    bytes.extend_from_slice(
        format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n")
            .as_bytes(),
    );
    bytes
}

/// A smaller object budget than the default, so that debug builds reach it quickly; the CLI
/// tests run the same files with the default.
fn small_budget() -> Limits {
    Limits {
        max_object_bytes: 8 << 20,
        ..Limits::default()
    }
}

#[test]
fn cross_reference_entries_sharing_an_object_hit_the_object_budget() {
    let bytes = cross_references_on_one_object(10_000, 10_000, true);
    let result = from_bytes(&bytes, Some("pdf"), &small_budget());
    assert!(is_object_budget(&result), "{}", describe(&result));
    // Entries nothing refers to are never parsed.
    let bytes = cross_references_on_one_object(10_000, 10_000, false);
    let document = expect_document(&bytes, Some("pdf"));
    assert!(text_of(&document).contains(HELLO_TEXT));
    // A handful of repeats costs a handful of parses, and reads.
    let document = expect_document(&cross_references_on_one_object(5, 100, true), Some("pdf"));
    assert!(text_of(&document).contains(HELLO_TEXT));
}

#[test]
fn object_syntax_heavier_than_the_budget_is_refused_before_parsing() {
    // Before: 48 MB of `[]` took 14.5 GB and 90 s; 48 MB of `0 ` 2.9 GB.
    for syntax in ["[]", "0 ", "<<>>", "/N ", "() "] {
        let mass = syntax.repeat((2 << 20) / syntax.len());
        let bytes = pdf_from_objects(
            &one_page_objects(HELLO, None, vec![format!("[{mass}]").into_bytes()]),
            "",
        );
        let result = crate::extract(&bytes, Some("pdf"));
        assert!(is_object_budget(&result), "{syntax}: {}", describe(&result));
    }
    // Object syntax hidden in stream data, where a cross-reference entry may point, is
    // weighed too, when the cross-reference data is damaged and lopdf reads every object it
    // finds; a file whose cross-reference data holds never reads it.
    let hidden = format!("junk 7 0 obj [{}] endobj", "[]".repeat(100_000));
    let objects = one_page_objects(HELLO, None, vec![stream("", hidden.as_bytes())]);
    let limits = Limits {
        max_object_bytes: 16 << 20,
        ..Limits::default()
    };
    let sound = pdf_from_objects(&objects, "");
    let result = from_bytes(&without_xref(&sound), Some("pdf"), &limits);
    assert!(is_object_budget(&result), "{}", describe(&result));
    let document = expect_document(&sound, Some("pdf"));
    assert!(text_of(&document).contains(HELLO_TEXT));
}

/// The file with its `startxref` pointing nowhere: the cross-reference data is lost.
fn without_xref(bytes: &[u8]) -> Vec<u8> {
    let at = bytes
        .windows(9)
        .rposition(|w| w == b"startxref")
        .expect("a startxref");
    let mut out = bytes[..at].to_vec();
    out.extend_from_slice(b"startxref\n0\n%%EOF\n");
    out
}

#[test]
fn an_object_named_by_many_indirect_lengths_counts_once_per_stream() {
    // 2,000 streams whose /Length is object 6, an array of 50,000 numbers: lopdf parses the
    // array to read each length.
    let mut extra = vec![format!("[{}]", "0 ".repeat(50_000)).into_bytes()];
    for _ in 0..2000 {
        extra.push(b"<< /Length 6 0 R >>\nstream\nx\nendstream".to_vec());
    }
    let bytes = pdf_from_objects(&one_page_objects(HELLO, None, extra), "");
    let result = crate::extract(&bytes, Some("pdf"));
    assert!(is_object_budget(&result), "{}", describe(&result));
    // Indirect lengths naming small numbers, as pdfTeX writes them, are fine.
    let mut extra = vec![];
    for n in 0..200 {
        extra.push(format!("<< /Length {} 0 R >>\nstream\nx\nendstream", 207 + n).into_bytes());
    }
    for _ in 0..200 {
        extra.push(b"1".to_vec());
    }
    let document = expect_document(
        &pdf_from_objects(&one_page_objects(HELLO, None, extra), ""),
        Some("pdf"),
    );
    assert!(text_of(&document).contains(HELLO_TEXT));
}

#[test]
fn a_form_of_operands_drawn_many_times_hits_the_token_limit() {
    // A form of half a million numbers and no operator, drawn 100,000 times, in a 4 KB file.
    // Before: 100,000 "operations" for 5 * 10^10 tokens, hours of work.
    let form = flate_stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 612 792]",
        "0 ".repeat(1 << 19).as_bytes(),
    );
    let content = format!(
        "{} {}",
        String::from_utf8_lossy(HELLO),
        "/X Do ".repeat(100_000)
    );
    let objects = one_page_objects(
        content.as_bytes(),
        Some("<< /Font << /F1 3 0 R >> /XObject << /X 6 0 R >> >>"),
        vec![form],
    );
    let mut objects = objects;
    objects[4] = flate_stream("", content.as_bytes());
    let bytes = pdf_from_objects(&objects, "");
    assert!(bytes.len() < 8_000, "{} bytes", bytes.len());
    // The default limit (100 million tokens) takes a second in a release build; a smaller one
    // shows the same error here.
    let limits = Limits {
        max_content_tokens: 1_000_000,
        ..Limits::default()
    };
    let result = from_bytes(&bytes, Some("pdf"), &limits);
    assert!(
        matches!(
            result,
            Err(ExtractError::LimitExceeded {
                what: "content stream tokens",
                limit: 1_000_000
            })
        ),
        "{}",
        describe(&result)
    );
}

/// An encrypted file (empty user password) whose cross-reference data is extended by an
/// incremental update with `copies` entries at the offset of one large array.
fn encrypted_with_repeated_entries(copies: usize) -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" },
    );
    let content = doc.add_object(Stream::new(dictionary! {}, HELLO.to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    });
    doc.objects.insert(
        pages_id,
        dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }.into(),
    );
    let numbers: Vec<Object> = (0..10_000).map(|_| Object::Integer(0)).collect();
    let array = doc.add_object(numbers);
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let id = Object::string_literal(b"0123456789abcdef".to_vec());
    doc.trailer.set("ID", vec![id.clone(), id]);
    let version = lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password: "",
        key_length: 128,
        permissions: lopdf::Permissions::default(),
    };
    let state = lopdf::EncryptionState::try_from(version).unwrap();
    doc.encrypt(&state).unwrap();
    let encrypt = doc
        .trailer
        .get(b"Encrypt")
        .and_then(Object::as_reference)
        .unwrap();
    let max_id = doc.max_id;
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();

    let header = format!("\n{} 0 obj", array.0);
    let array_at = bytes
        .windows(header.len())
        .position(|w| w == header.as_bytes())
        .unwrap()
        + 1;
    let previous = String::from_utf8_lossy(&bytes)
        .rsplit("startxref")
        .next()
        .and_then(|tail| tail.split_whitespace().next()?.parse::<usize>().ok())
        .unwrap();
    let xref_at = bytes.len();
    let first = max_id + 1;
    let mut update = format!("xref\n{first} {copies}\n");
    for _ in 0..copies {
        update.push_str(&format!("{array_at:010} 00000 n \n"));
    }
    update.push_str(&format!(
        "trailer\n<< /Size {} /Root {} 0 R /Encrypt {} 0 R /ID [(0123456789abcdef) (0123456789abcdef)] /Prev {previous} >>\nstartxref\n{xref_at}\n%%EOF\n",
        first + copies as u32,
        catalog.0,
        encrypt.0
    ));
    bytes.extend_from_slice(update.as_bytes());
    bytes
}

#[test]
fn encryption_does_not_bypass_the_object_budget() {
    // lopdf's loader skips the load filter for encrypted files; atsfit hides /Encrypt while it
    // loads, so the same budget applies, and decrypts afterwards.
    let document = expect_document(&encrypted_with_repeated_entries(3), Some("pdf"));
    assert!(
        text_of(&document).contains(HELLO_TEXT),
        "{:?}",
        document.lines
    );
    let result = from_bytes(
        &encrypted_with_repeated_entries(10_000),
        Some("pdf"),
        &small_budget(),
    );
    assert!(is_object_budget(&result), "{}", describe(&result));
}

#[test]
fn the_object_budget_leaves_real_files_alone() {
    // Every committed PDF fixture reads with a budget of 8 MB, a sixteenth of the default.
    let limits = Limits {
        max_object_bytes: 8 << 20,
        ..Limits::default()
    };
    // (Encrypted fixtures are left to tests/pdf_features.rs: decrypting is slow in debug.)
    for path in crate::fixtures("pdf", "pdf") {
        if path.to_string_lossy().contains("encrypted") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let result = from_bytes(&bytes, Some("pdf"), &limits);
        assert!(
            ["ok", "encrypted"].contains(&code(&result)),
            "{}: {}",
            path.display(),
            describe(&result)
        );
    }
}
