//! PDF structure that loops, refers to itself, nests without end, lies about lengths, inflates
//! past the limits, or has far more pages than a resume.

use atsfit::extract::{ExtractError, Limits, WarningCode, from_bytes};
use lopdf::{Object, Stream, dictionary};

use crate::make::{
    HELLO, one_page_objects, pdf_from_objects, pdf_with_xref_stream, stream, zlib, zlib_zeros,
};
use crate::{code, describe, expect_code, expect_document, has_warning, text_of};

const HELLO_TEXT: &str = "Jane Doe Rust engineer";

fn with_pages_and_page(pages: &str, page: &str, extra: Vec<Vec<u8>>) -> Vec<u8> {
    let mut objects = one_page_objects(HELLO, None, extra);
    objects[1] = pages.as_bytes().to_vec();
    objects[3] = page.as_bytes().to_vec();
    pdf_from_objects(&objects, "")
}

const PAGE: &str = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>";

#[test]
fn cyclic_page_trees_read_each_page_once() {
    let cases = [
        // Two page-tree nodes listing each other.
        (
            "<< /Type /Pages /Kids [6 0 R 4 0 R] /Count 1 >>",
            PAGE.to_owned(),
            vec![b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>".to_vec()],
        ),
        // The page is its own parent.
        (
            "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            PAGE.replace("/Parent 2 0 R", "/Parent 4 0 R"),
            vec![],
        ),
        // Parents in a ring; the page inherits its resources from the root.
        (
            "<< /Type /Pages /Kids [4 0 R] /Parent 6 0 R /Count 1 /Resources << /Font << /F1 3 0 R >> >> >>",
            PAGE.replace(" /Resources << /Font << /F1 3 0 R >> >>", ""),
            vec![b"<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R >>".to_vec()],
        ),
        // The tree lists the catalog, and the page many times.
        (
            "<< /Type /Pages /Kids [1 0 R 4 0 R 4 0 R 2 0 R] /Count -7 >>",
            PAGE.to_owned(),
            vec![],
        ),
    ];
    for (index, (pages, page, extra)) in cases.into_iter().enumerate() {
        let bytes = with_pages_and_page(pages, &page, extra);
        let result = crate::extract(&bytes, Some("pdf"));
        let document = result.unwrap_or_else(|e| panic!("case {index}: [{}] {e}", e.code()));
        assert_eq!(
            text_of(&document).matches(HELLO_TEXT).count(),
            1,
            "case {index}: {:?}",
            document.lines
        );
    }
}

#[test]
fn objects_that_refer_to_themselves() {
    // Contents that is a reference to itself, and two references to each other.
    let document = expect_document(
        &with_pages_and_page(
            "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            &PAGE.replace("/Contents 5 0 R", "/Contents 6 0 R /Annots 7 0 R"),
            vec![b"6 0 R".to_vec(), b"8 0 R".to_vec(), b"7 0 R".to_vec()],
        ),
        Some("pdf"),
    );
    assert!(!document.has_text(), "{:?}", document.lines);

    // Resources, font dictionary and font that are references to themselves.
    for resources in ["6 0 R", "<< /Font 6 0 R >>", "<< /Font << /F1 6 0 R >> >>"] {
        let objects = one_page_objects(HELLO, Some(resources), vec![b"6 0 R".to_vec()]);
        let result = crate::extract(&pdf_from_objects(&objects, ""), Some("pdf"));
        assert_eq!(code(&result), "ok", "{resources}: {}", describe(&result));
    }

    // A stream whose /Length is a reference to the stream itself: the data is still found.
    let mut objects = one_page_objects(HELLO, None, vec![]);
    objects[4] = format!(
        "<< /Length 5 0 R >>\nstream\n{}\nendstream",
        String::from_utf8_lossy(HELLO)
    )
    .into_bytes();
    let document = expect_document(&pdf_from_objects(&objects, ""), Some("pdf"));
    assert!(
        text_of(&document).contains(HELLO_TEXT),
        "{:?}",
        document.lines
    );

    // A Type0 font whose descendant, encoding, ToUnicode and descriptor are the font itself.
    let font = b"<< /Type /Font /Subtype /Type0 /BaseFont /Loop /Encoding 3 0 R /DescendantFonts [3 0 R] /ToUnicode 3 0 R /FontDescriptor 3 0 R /Widths 3 0 R /W [1 [3 0 R]] >>";
    let mut objects = one_page_objects(b"BT /F1 12 Tf 72 700 Td <00410042> Tj ET", None, vec![]);
    objects[2] = font.to_vec();
    let result = crate::extract(&pdf_from_objects(&objects, ""), Some("pdf"));
    assert_eq!(code(&result), "ok", "{}", describe(&result));
    // The same loops in a simple font.
    objects[2] = b"<< /Type /Font /Subtype /Type1 /BaseFont 3 0 R /Encoding << /BaseEncoding 3 0 R /Differences 3 0 R >> /ToUnicode 3 0 R /FirstChar 3 0 R /Widths 3 0 R >>".to_vec();
    let result = crate::extract(&pdf_from_objects(&objects, ""), Some("pdf"));
    assert_eq!(code(&result), "ok", "{}", describe(&result));
}

#[test]
fn a_hundred_thousand_nested_arrays_and_dictionaries() {
    let depth = 100_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let dicts = format!("{}{}", "<< /A ".repeat(depth), ">>".repeat(depth));
    // In the object body, referenced from the page; and in the content stream, before the text.
    let content = format!(
        "{arrays} TJ {} {}",
        String::from_utf8_lossy(HELLO),
        "[".repeat(depth)
    );
    let mut objects = one_page_objects(
        content.as_bytes(),
        None,
        vec![arrays.into_bytes(), dicts.into_bytes()],
    );
    objects[3] = PAGE
        .replace(">>", "/Annots 6 0 R /Group 7 0 R >>")
        .into_bytes();
    let document = expect_document(&pdf_from_objects(&objects, ""), Some("pdf"));
    assert!(
        text_of(&document).contains(HELLO_TEXT),
        "{:?}",
        document.lines
    );
}

#[test]
fn lengths_that_lie() {
    // Too large, not a number, a reference to something else: the data ends at `endstream`.
    // A negative length, or one lopdf cannot parse as a number, makes it drop the stream.
    for length in [
        "999999999999",
        "4294967296",
        "/Huge",
        "(12)",
        "6 0 R",
        "99 0 R",
    ] {
        let mut objects = one_page_objects(HELLO, None, vec![b"99999999999".to_vec()]);
        objects[4] = format!(
            "<< /Length {length} >>\nstream\n{}\nendstream",
            String::from_utf8_lossy(HELLO)
        )
        .into_bytes();
        let result = crate::extract(&pdf_from_objects(&objects, ""), Some("pdf"));
        let document = result.unwrap_or_else(|e| panic!("/Length {length}: [{}] {e}", e.code()));
        assert!(
            text_of(&document).contains(HELLO_TEXT),
            "/Length {length}: {:?}",
            document.lines
        );
    }
    for length in ["-5", "1e9"] {
        let mut objects = one_page_objects(HELLO, None, vec![]);
        objects[4] = format!(
            "<< /Length {length} >>\nstream\n{}\nendstream",
            String::from_utf8_lossy(HELLO)
        )
        .into_bytes();
        let document = expect_document(&pdf_from_objects(&objects, ""), Some("pdf"));
        assert!(!document.has_text(), "/Length {length}");
    }
}

/// A page whose content stream inflates to `megabytes` MB of zeros.
pub(crate) fn bomb_page(megabytes: usize) -> Vec<u8> {
    let zeros = zlib_zeros(megabytes);
    let mut objects = one_page_objects(HELLO, None, vec![]);
    objects[4] = stream("/Filter /FlateDecode", &zeros);
    pdf_from_objects(&objects, "")
}

#[test]
fn a_content_stream_bomb_stops_at_the_part_limit() {
    // 100 MB of zeros in about 100 KB: the stream stops at 64 MB with the default limits.
    let bytes = bomb_page(100);
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    let result = expect_code(&bytes, Some("pdf"), "limit_exceeded").0;
    assert!(
        matches!(result, Err(ExtractError::LimitExceeded { what: "decompressed stream size", limit }) if limit == Limits::default().max_part_bytes),
        "{}",
        describe(&result)
    );
}

#[test]
fn many_streams_stop_at_the_total_limit() {
    // Six pages of 6 MB each: under the part limit, over the total one.
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [4 0 R 5 0 R 6 0 R 7 0 R 8 0 R 9 0 R] /Count 6 /Resources << /Font << /F1 3 0 R >> >> >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    for content in 10..16 {
        objects
            .push(format!("<< /Type /Page /Parent 2 0 R /Contents {content} 0 R >>").into_bytes());
    }
    let zeros = zlib_zeros(6);
    for _ in 0..6 {
        objects.push(stream("/Filter /FlateDecode", &zeros));
    }
    let bytes = pdf_from_objects(&objects, "");
    let limits = Limits {
        max_part_bytes: 8 << 20,
        max_total_bytes: 20 << 20,
        ..Limits::default()
    };
    let result = from_bytes(&bytes, Some("pdf"), &limits);
    assert!(
        matches!(
            result,
            Err(ExtractError::LimitExceeded {
                what: "total decompressed size",
                ..
            })
        ),
        "{}",
        describe(&result)
    );
}

#[test]
fn object_and_cross_reference_stream_bombs() {
    // An object stream of 100 MB of zeros: it stops at the part limit, whether the catalog
    // reaches an object in it through a cross-reference stream or a table leaves it unlisted.
    let zeros = zlib_zeros(100);
    let mut objects = one_page_objects(
        HELLO,
        None,
        vec![stream(
            "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
            &zeros,
        )],
    );
    // (A smaller part limit than the default: inflating 64 MB is slow in a debug build.)
    let limits = Limits {
        max_part_bytes: 4 << 20,
        ..Limits::default()
    };
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R /Extra [7 0 R] >>".to_vec();
    let listed = pdf_with_xref_stream(&objects, &[(7, 6)]);
    let result = from_bytes(&listed, Some("pdf"), &limits);
    assert!(
        matches!(result, Err(ExtractError::LimitExceeded { what: "decompressed stream size", limit }) if limit == 4 << 20),
        "{}",
        describe(&result)
    );
    // One that no cross-reference entry lists holds nothing to read: it is never inflated.
    let unlisted = pdf_from_objects(&objects, "");
    let document = expect_document(&unlisted, Some("pdf"));
    assert!(text_of(&document).contains(HELLO_TEXT));

    // A cross-reference stream of 100 MB: refused at 8 MB.
    let mut bytes = b"%PDF-1.5\n".to_vec();
    let mut offsets = Vec::new();
    for body in one_page_objects(HELLO, None, vec![]) {
        offsets.push(bytes.len());
        bytes.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
        bytes.extend_from_slice(&body);
        bytes.extend_from_slice(b"\nendobj\n");
    }
    let xref_at = bytes.len();
    bytes.extend_from_slice(b"6 0 obj\n");
    bytes.extend_from_slice(&stream(
        "/Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode",
        &zeros,
    ));
    bytes.extend_from_slice(format!("\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    let result = crate::extract(&bytes, Some("pdf"));
    assert!(
        describe(&result).contains("decompressed cross-reference stream size"),
        "{}",
        describe(&result)
    );
}

#[test]
fn two_thousand_pages_read_the_first_fifty() {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" },
    );
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let kids: Vec<Object> = (1..=2000)
        .map(|n| {
            let text = format!("BT /F1 12 Tf 72 700 Td (Page {n} of the long resume) Tj ET");
            let content = doc.add_object(Stream::new(dictionary! {}, text.into_bytes()));
            doc.add_object(
                dictionary! { "Type" => "Page", "Parent" => pages_id, "Contents" => content },
            )
            .into()
        })
        .collect();
    doc.objects.insert(
        pages_id,
        dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => 2000, "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        }
        .into(),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();

    let document = expect_document(&bytes, Some("pdf"));
    assert_eq!(document.pages, 2000);
    assert!(
        has_warning(&document, WarningCode::PageLimit),
        "{:?}",
        document.warnings
    );
    let warning = document
        .warnings
        .iter()
        .find(|w| w.code == WarningCode::PageLimit);
    assert!(
        warning.is_some_and(|w| w.message.contains("first 50 of 2000")),
        "{warning:?}"
    );
    let text = text_of(&document);
    assert!(text.contains("Page 1 of the long resume"), "{text}");
    assert!(text.contains("Page 50 of the long resume"));
    assert!(!text.contains("Page 51 of"));
    assert!(document.lines.iter().all(|l| l.page <= 50));
    // The text of the pages read counts against the text limit.
    let limits = Limits {
        max_text_bytes: 1_000,
        ..Limits::default()
    };
    let result = from_bytes(&bytes, Some("pdf"), &limits);
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

#[test]
fn flate_data_that_is_not_flate_costs_the_text_of_that_stream_only() {
    let mut objects = one_page_objects(HELLO, None, vec![]);
    objects[4] = stream("/Filter /FlateDecode", b"this is not zlib data at all");
    let document = expect_document(&pdf_from_objects(&objects, ""), Some("pdf"));
    assert!(!document.has_text());
    // A real stream cut in half.
    let whole = zlib(HELLO);
    objects[4] = stream("/Filter /FlateDecode", &whole[..whole.len() / 2]);
    let result = crate::extract(&pdf_from_objects(&objects, ""), Some("pdf"));
    assert_eq!(code(&result), "ok", "{}", describe(&result));
    // Unknown and chained filters.
    objects[4] = stream("/Filter [/FlateDecode /NoSuchFilter /LZWDecode]", &whole);
    let result = crate::extract(&pdf_from_objects(&objects, ""), Some("pdf"));
    assert_eq!(code(&result), "ok", "{}", describe(&result));
}

#[test]
fn content_past_the_per_page_limits_is_reported() {
    // Forms nested deeper than `Limits::max_depth` (64), each drawing the next.
    let depth = 70;
    let mut objects = one_page_objects(b"", None, vec![]);
    let names = |n: usize| {
        format!(
            "<< /Font << /F1 3 0 R >> /XObject << /N {} 0 R >> >>",
            7 + n
        )
    };
    objects[3] = PAGE
        .replace(
            "/Resources << /Font << /F1 3 0 R >> >>",
            &format!("/Resources {}", names(0)),
        )
        .into_bytes();
    objects[4] = stream(
        "",
        format!("{} /N Do", String::from_utf8_lossy(HELLO)).as_bytes(),
    );
    objects.push(b"null".to_vec());
    for n in 0..depth {
        objects.push(stream(
            &format!(
                "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources {}",
                names(n + 1)
            ),
            format!("BT /F1 9 Tf 72 {} Td (Level {n}) Tj ET /N Do", 600 - n * 8).as_bytes(),
        ));
    }
    let document = expect_document(&pdf_from_objects(&objects, ""), Some("pdf"));
    let text = text_of(&document);
    assert!(
        text.contains(HELLO_TEXT) && text.contains("Level 63") && !text.contains("Level 64"),
        "{text}"
    );
    let warning = document
        .warnings
        .iter()
        .find(|w| w.code == WarningCode::ContentLimit);
    assert!(
        warning.is_some_and(|w| w.message.contains("page 1: 1 forms nested too deep")),
        "{:?}",
        document.warnings
    );
    // A page tree 70 levels deep beside a page at the top.
    let mut objects = one_page_objects(HELLO, None, vec![]);
    objects[1] = b"<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>".to_vec();
    for level in 0..70 {
        objects.push(format!("<< /Type /Pages /Kids [{} 0 R] /Count 1 >>", 7 + level).into_bytes());
    }
    objects.push(PAGE.as_bytes().to_vec());
    let document = expect_document(&pdf_from_objects(&objects, ""), Some("pdf"));
    assert_eq!(document.pages, 1);
    assert!(text_of(&document).contains(HELLO_TEXT));
    let warning = document
        .warnings
        .iter()
        .find(|w| w.code == WarningCode::ContentLimit);
    assert!(
        warning.is_some_and(|w| w.message.contains("page tree levels deeper than 64")),
        "{:?}",
        document.warnings
    );
    // More glyphs on one page than the 500,000 kept.
    let content = format!(
        "BT /F1 1 Tf 72 700 Td {} ET",
        "(aaaaaaaaaa) Tj ".repeat(50_001)
    );
    let objects = one_page_objects(content.as_bytes(), None, vec![]);
    let document = expect_document(&pdf_from_objects(&objects, ""), Some("pdf"));
    let warning = document
        .warnings
        .iter()
        .find(|w| w.code == WarningCode::ContentLimit);
    assert!(
        warning.is_some_and(|w| w
            .message
            .contains("page 1: 10 glyphs past the first 500000")),
        "{:?}",
        document.warnings
    );
}
