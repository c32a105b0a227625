//! PDF extraction features on small files built in code with lopdf's writer, so the tests run on
//! any machine. One test per feature; each checks what must and must not come out.

use atsfit::extract::{Document, ExtractError, Limits, Origin, WarningCode, from_bytes};
use lopdf::{Dictionary, Object, ObjectId, Stream, dictionary};

/// A PDF under construction: pages share one resource dictionary unless given their own.
struct Builder {
    doc: lopdf::Document,
    pages_id: ObjectId,
    kids: Vec<Object>,
}

impl Builder {
    fn new() -> Builder {
        let mut doc = lopdf::Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        Builder {
            doc,
            pages_id,
            kids: Vec::new(),
        }
    }

    fn add<T: Into<Object>>(&mut self, object: T) -> ObjectId {
        self.doc.add_object(object)
    }

    fn helvetica(&mut self, base_font: &str) -> ObjectId {
        self.add(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => base_font, "Encoding" => "WinAnsiEncoding",
        })
    }

    fn stream(&mut self, dict: Dictionary, content: &str) -> ObjectId {
        self.add(Stream::new(dict, content.as_bytes().to_vec()))
    }

    fn page_with(&mut self, content: &str, resources: Dictionary, extra: Dictionary) -> ObjectId {
        let content_id = self.stream(Dictionary::new(), content);
        let mut page = dictionary! {
            "Type" => "Page", "Parent" => self.pages_id, "Contents" => content_id, "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        };
        for (key, value) in extra.iter() {
            page.set(key.clone(), value.clone());
        }
        let id = self.add(page);
        self.kids.push(id.into());
        id
    }

    fn page(&mut self, content: &str, resources: Dictionary) -> ObjectId {
        self.page_with(content, resources, Dictionary::new())
    }

    fn finish(self) -> Vec<u8> {
        self.finish_with(|_| {})
    }

    /// Saves after `last_step` (e.g. encryption) has run on the finished document.
    fn finish_with(mut self, last_step: impl FnOnce(&mut lopdf::Document)) -> Vec<u8> {
        let count = self.kids.len() as i64;
        let pages =
            dictionary! { "Type" => "Pages", "Kids" => self.kids.clone(), "Count" => count };
        self.doc.objects.insert(self.pages_id, pages.into());
        let catalog = self.add(dictionary! { "Type" => "Catalog", "Pages" => self.pages_id });
        self.doc.trailer.set("Root", catalog);
        last_step(&mut self.doc);
        let mut bytes = Vec::new();
        self.doc.save_to(&mut bytes).expect("in-memory save");
        bytes
    }
}

fn fonts(entries: &[(&str, ObjectId)]) -> Dictionary {
    let mut font_dict = Dictionary::new();
    for (name, id) in entries {
        font_dict.set(*name, *id);
    }
    dictionary! { "Font" => font_dict }
}

fn read(bytes: &[u8]) -> Document {
    from_bytes(bytes, Some("pdf"), &Limits::default()).expect("readable PDF")
}

fn body_text(doc: &Document) -> Vec<String> {
    doc.lines
        .iter()
        .filter(|l| l.origin == Origin::Body && !l.text.is_empty())
        .map(|l| l.text.clone())
        .collect()
}

fn has_warning(doc: &Document, code: WarningCode) -> bool {
    doc.warnings.iter().any(|w| w.code == code)
}

/// One Helvetica page with the given content.
fn simple_page(content: &str) -> Document {
    let mut b = Builder::new();
    let font = b.helvetica("Helvetica");
    b.page(content, fonts(&[("F1", font)]));
    read(&b.finish())
}

#[test]
fn tj_offsets_kerning_is_not_a_space_but_a_wide_gap_is() {
    let doc = simple_page(
        "BT /F1 12 Tf 72 700 Td [(Edu) -20 (cation) -300 (and) -250.5 (skills) 100 (!)] TJ ET",
    );
    assert_eq!(body_text(&doc), vec!["Education and skills!"]);
    assert_eq!(doc.pages, 1);
}

#[test]
fn lines_follow_geometry_not_drawing_order() {
    let doc = simple_page(
        "BT /F1 12 Tf 72 600 Td (Third line) Tj ET BT /F1 12 Tf 72 700 Td (First line) Tj 0 -14 Td (Second line) Tj ET",
    );
    assert_eq!(
        body_text(&doc),
        vec!["First line", "Second line", "Third line"]
    );
}

#[test]
fn text_state_operators_move_the_pen() {
    // TL + T*, ' and " start new lines; Tw widens the space glyph; Tc and Tz do not split words.
    let doc = simple_page(
        "BT /F1 10 Tf 14 TL 72 700 Td 0.5 Tc 90 Tz (Letter spaced) Tj 0 Tc 100 Tz T* (Next) Tj (Quote line) ' 3 0 (Double quote) \" ET",
    );
    assert_eq!(
        body_text(&doc),
        vec!["Letter spaced", "Next", "Quote line", "Double quote"]
    );
}

fn type0_font(b: &mut Builder, to_unicode: Option<&str>) -> ObjectId {
    let descendant = b.add(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "ABCDEF+Sans",
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        "DW" => 600,
        "W" => vec![1.into(), vec![Object::from(550), 550.into()].into(), 3.into(), 7.into(), 500.into()],
    });
    let mut font = dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "ABCDEF+Sans", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![descendant.into()],
    };
    if let Some(cmap) = to_unicode {
        let id = b.stream(Dictionary::new(), cmap);
        font.set("ToUnicode", id);
    }
    b.add(font)
}

const IDENTITY_CMAP: &str = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfrange <0001> <0004> <0052> <0005> <0006> [<0066006C> <0021>] endbfrange
1 beginbfchar <0007> <0020> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end";

#[test]
fn type0_identity_h_with_tounicode_bfrange_and_array_form() {
    let mut b = Builder::new();
    let font = type0_font(&mut b, Some(IDENTITY_CMAP));
    // R S T U, then "fl" and "!" from the array form, then a space glyph, then R again.
    b.page(
        "BT /F1 12 Tf 72 700 Td <0001000200030004000500060007000100020003> Tj ET",
        fonts(&[("F1", font)]),
    );
    let doc = read(&b.finish());
    assert_eq!(body_text(&doc), vec!["RSTUfl! RST"]);
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn cid_font_without_tounicode_is_unreadable_not_empty() {
    let mut b = Builder::new();
    let font = type0_font(&mut b, None);
    b.page(
        "BT /F1 12 Tf 72 700 Td <00010002000300040005> Tj ET",
        fonts(&[("F1", font)]),
    );
    let doc = read(&b.finish());
    assert!(has_warning(&doc, WarningCode::UnreadableText));
    assert!(
        body_text(&doc).is_empty(),
        "no gibberish: {:?}",
        body_text(&doc)
    );
}

#[test]
fn differences_glyph_names_and_ligatures() {
    let mut b = Builder::new();
    let font = b.add(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Times-Roman",
        "Encoding" => dictionary! {
            "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
            "Differences" => vec![1.into(), "fi".into(), "eacute".into(), "f_f_l".into(), "uni00DF".into(), "g17".into()],
        },
    });
    b.page(
        "BT /F1 12 Tf 72 700 Td (\\001nanc\\002 ba\\003e stra\\004e) Tj ET",
        fonts(&[("F1", font)]),
    );
    let doc = read(&b.finish());
    assert_eq!(body_text(&doc), vec!["financé baffle straße"]);
}

#[test]
fn type3_font_matrix_scales_widths() {
    let mut b = Builder::new();
    let to_unicode = b.stream(Dictionary::new(), "1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfrange <01> <02> <0041> <03> <03> <0042> endbfrange");
    // Glyphs are 1024 units wide in a 2048-unit em, with the y axis flipped as Chromium does.
    let font = b.add(dictionary! {
        "Type" => "Font", "Subtype" => "Type3",
        "FontMatrix" => vec![Object::Real(1.0 / 2048.0), 0.into(), 0.into(), Object::Real(-1.0 / 2048.0), 0.into(), 0.into()],
        "FontBBox" => vec![0.into(), 0.into(), 1024.into(), 1024.into()],
        "FirstChar" => 1, "LastChar" => 3, "Widths" => vec![1024.into(), 1024.into(), 1024.into()],
        "Encoding" => dictionary! { "Type" => "Encoding", "Differences" => vec![1.into(), "g1".into(), "g2".into(), "g3".into()] },
        "CharProcs" => Dictionary::new(), "ToUnicode" => to_unicode,
    });
    // Each glyph advances 6 pt at 12 pt; a 6 pt gap (0.5 em) between "AB" and "B".
    b.page(
        "BT /F1 12 Tf 72 700 Td (\\001\\002) Tj 18 0 Td (\\003) Tj ET",
        fonts(&[("F1", font)]),
    );
    let doc = read(&b.finish());
    assert_eq!(body_text(&doc), vec!["AB B"]);
}

#[test]
fn actual_text_replaces_the_glyphs_it_covers() {
    let doc = simple_page(
        "BT /F1 12 Tf 72 700 Td /Span << /ActualText (C++) >> BDC (C+ +) Tj EMC ( developer) Tj ET",
    );
    assert_eq!(body_text(&doc), vec!["C++ developer"]);
}

#[test]
fn two_columns_are_read_one_after_the_other() {
    let mut content = String::from("BT /F1 10 Tf ");
    for row in 0..25 {
        let y = 720 - row * 14;
        content.push_str(&format!("1 0 0 1 40 {y} Tm (Sidebar item {row}) Tj 1 0 0 1 250 {y} Tm (Main column sentence number {row} here) Tj "));
    }
    content.push_str("ET");
    let doc = simple_page(&content);
    assert!(has_warning(&doc, WarningCode::MultiColumn));
    let lines = body_text(&doc);
    assert_eq!(lines.first().map(String::as_str), Some("Sidebar item 0"));
    assert_eq!(lines.get(24).map(String::as_str), Some("Sidebar item 24"));
    assert_eq!(
        lines.get(25).map(String::as_str),
        Some("Main column sentence number 0 here")
    );
}

fn hidden_case(content: &str) -> Document {
    simple_page(&format!(
        "BT /F1 11 Tf 72 700 Td (Visible experience) Tj ET {content}"
    ))
}

#[test]
fn hidden_text_is_kept_apart_and_reported() {
    let cases = [
        (
            "white fill",
            "BT 1 1 1 rg /F1 11 Tf 72 650 Td (Kubernetes Terraform) Tj ET",
            "white",
        ),
        (
            "white on white box",
            "0 g 0 0 300 300 re f 1 g 0 600 612 100 re f BT /F1 11 Tf 72 650 Td (Kubernetes Terraform) Tj ET",
            "white",
        ),
        (
            "cmyk white",
            "BT 0 0 0 0 k /F1 11 Tf 72 650 Td (Kubernetes Terraform) Tj ET",
            "white",
        ),
        (
            "render mode 3",
            "BT 3 Tr /F1 11 Tf 72 650 Td (Kubernetes Terraform) Tj ET",
            "invisible",
        ),
        (
            "tiny",
            "BT /F1 1 Tf 72 650 Td (Kubernetes Terraform) Tj ET",
            "2 pt",
        ),
        (
            "scaled down",
            "q 0.1 0 0 0.1 0 0 cm BT /F1 11 Tf 720 6500 Td (Kubernetes Terraform) Tj ET Q",
            "2 pt",
        ),
        (
            "off page",
            "BT /F1 11 Tf 900 650 Td (Kubernetes Terraform) Tj ET",
            "outside",
        ),
    ];
    for (name, content, why) in cases {
        let doc = hidden_case(content);
        assert_eq!(body_text(&doc), vec!["Visible experience"], "{name}");
        let hidden: Vec<&str> = doc
            .lines
            .iter()
            .filter(|l| l.origin == Origin::Hidden)
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(hidden, vec!["Kubernetes Terraform"], "{name}");
        let warning = doc
            .warnings
            .iter()
            .find(|w| w.code == WarningCode::HiddenText);
        assert!(
            warning.is_some_and(|w| w.message.contains("2 word") && w.message.contains(why)),
            "{name}: {:?}",
            doc.warnings
        );
    }
}

#[test]
fn dark_and_coloured_text_is_not_hidden() {
    for content in [
        "0.1 0.2 0.3 rg 0 0 200 792 re f BT 1 1 1 rg /F1 11 Tf 72 650 Td (Rust) Tj ET",
        "0 0 0 rg 0 0 200 792 re f 1 g 50 600 100 100 re f 0.2 g 50 600 100 100 re S BT 1 1 1 rg /F1 11 Tf 72 500 Td (Rust) Tj ET",
        "BT 0.2 0.3 0.4 rg /F1 11 Tf 72 650 Td (Rust) Tj ET",
        "BT 0.9 g /F1 11 Tf 72 650 Td (Rust) Tj ET",
        "BT 2 Tr /F1 11 Tf 72 650 Td (Rust) Tj ET",
    ] {
        let doc = hidden_case(content);
        assert!(
            !has_warning(&doc, WarningCode::HiddenText),
            "{content}: {:?} {:?}",
            doc.warnings,
            doc.lines
        );
        assert_eq!(body_text(&doc).len(), 2, "{content}");
    }
}

fn image(b: &mut Builder) -> ObjectId {
    b.add(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        vec![0x80],
    ))
}

#[test]
fn ocr_text_over_a_page_image_is_visible() {
    let mut b = Builder::new();
    let font = b.helvetica("Helvetica");
    let img = image(&mut b);
    let mut resources = fonts(&[("F1", font)]);
    resources.set("XObject", dictionary! { "Im1" => img });
    b.page(
        "q 612 0 0 792 0 0 cm /Im1 Do Q BT 3 Tr /F1 11 Tf 72 700 Td (Scanned resume text) Tj ET",
        resources,
    );
    let doc = read(&b.finish());
    assert_eq!(body_text(&doc), vec!["Scanned resume text"]);
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn image_only_pages_have_no_text_layer() {
    let mut b = Builder::new();
    let img = image(&mut b);
    b.page(
        "q 612 0 0 792 0 0 cm /Im1 Do Q",
        dictionary! { "XObject" => dictionary! { "Im1" => img } },
    );
    let doc = read(&b.finish());
    assert!(!doc.has_text());
    let warning = doc
        .warnings
        .iter()
        .find(|w| w.code == WarningCode::NoTextLayer);
    assert!(
        warning.is_some_and(|w| w.message.contains("scan")),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn form_xobjects_recurse_with_their_resources_and_cycles_stop() {
    let mut b = Builder::new();
    let font = b.helvetica("Helvetica");
    let inner_id = b.doc.new_object_id();
    let outer_id = b.doc.new_object_id();
    // The inner form draws text with its own font and then draws the outer form again: a cycle.
    let inner = Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        "Resources" => dictionary! { "Font" => dictionary! { "FX" => font }, "XObject" => dictionary! { "Back" => outer_id } } },
        b"BT /FX 12 Tf 0 0 Td (Inside the form) Tj ET /Back Do".to_vec(),
    );
    let outer = Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 72.into(), 600.into()],
        "Resources" => dictionary! { "XObject" => dictionary! { "In" => inner_id } } },
        b"/In Do".to_vec(),
    );
    b.doc.objects.insert(inner_id, inner.into());
    b.doc.objects.insert(outer_id, outer.into());
    let mut resources = fonts(&[("F1", font)]);
    resources.set("XObject", dictionary! { "Fm" => outer_id });
    b.page("BT /F1 12 Tf 72 700 Td (Page text) Tj ET /Fm Do", resources);
    let doc = read(&b.finish());
    assert_eq!(body_text(&doc), vec!["Page text", "Inside the form"]);
}

#[test]
fn deep_form_chains_and_nested_arrays_stay_bounded() {
    let mut b = Builder::new();
    let font = b.helvetica("Helvetica");
    // A chain of 200 forms, each drawing the next: deeper than max_depth.
    let mut next: Option<ObjectId> = None;
    for _ in 0..200 {
        let mut resources = dictionary! { "Font" => dictionary! { "F1" => font } };
        let content = match next {
            Some(id) => {
                resources.set("XObject", dictionary! { "N" => id });
                "BT /F1 12 Tf 72 700 Td (deep) Tj ET /N Do".to_string()
            }
            None => String::new(),
        };
        next = Some(b.add(Stream::new(
            dictionary! { "Subtype" => "Form", "Resources" => resources },
            content.into_bytes(),
        )));
    }
    let nesting = "[".repeat(100_000) + &"]".repeat(100_000);
    let mut resources = fonts(&[("F1", font)]);
    if let Some(id) = next {
        resources.set("XObject", dictionary! { "Top" => id });
    }
    b.page(
        &format!("{nesting} TJ BT /F1 12 Tf 72 650 Td (after nesting) Tj ET /Top Do"),
        resources,
    );
    let doc = read(&b.finish());
    assert!(body_text(&doc).iter().any(|l| l == "after nesting"));
}

#[test]
fn decompression_bomb_fails_with_a_limit() {
    let mut b = Builder::new();
    let font = b.helvetica("Helvetica");
    let mut stream = Stream::new(Dictionary::new(), vec![b' '; 8 << 20]);
    stream.compress().expect("compress");
    let content = b.add(stream);
    let page = b.page("", fonts(&[("F1", font)]));
    if let Ok(Object::Dictionary(dict)) = b.doc.get_object_mut(page) {
        dict.set("Contents", content);
    }
    let bytes = b.finish();
    assert!(bytes.len() < 100_000);
    let limits = Limits {
        max_part_bytes: 1 << 20,
        ..Limits::default()
    };
    let result = from_bytes(&bytes, Some("pdf"), &limits);
    assert!(
        matches!(result, Err(ExtractError::LimitExceeded { .. })),
        "{result:?}"
    );
}

#[test]
fn page_limit_reads_the_first_pages_and_counts_all() {
    let mut b = Builder::new();
    let font = b.helvetica("Helvetica");
    for page in 1..=3 {
        b.page(
            &format!("BT /F1 12 Tf 72 700 Td (Page {page} text) Tj ET"),
            fonts(&[("F1", font)]),
        );
    }
    let bytes = b.finish();
    let limits = Limits {
        max_pages: 2,
        ..Limits::default()
    };
    let doc = from_bytes(&bytes, Some("pdf"), &limits).expect("readable");
    assert_eq!(doc.pages, 3);
    assert!(has_warning(&doc, WarningCode::PageLimit));
    assert!(!doc.lines.iter().any(|l| l.text.contains("Page 3")));
    assert!(
        doc.lines
            .iter()
            .any(|l| l.text.contains("Page 2") && l.page == 2)
    );
}

#[test]
fn cyclic_page_tree_does_not_loop() {
    let mut b = Builder::new();
    let font = b.helvetica("Helvetica");
    b.page(
        "BT /F1 12 Tf 72 700 Td (Only page) Tj ET",
        fonts(&[("F1", font)]),
    );
    // The page tree lists itself as a kid, twice.
    let pages_id = b.pages_id;
    b.kids.push(pages_id.into());
    b.kids.push(pages_id.into());
    let doc = read(&b.finish());
    assert_eq!(body_text(&doc), vec!["Only page"]);
}

#[test]
fn rotated_pages_and_rotated_text_do_not_crash() {
    let mut b = Builder::new();
    let font = b.helvetica("Helvetica");
    b.page_with(
        "BT /F1 12 Tf 72 700 Td (Rotated page) Tj ET",
        fonts(&[("F1", font)]),
        dictionary! { "Rotate" => 90 },
    );
    b.page(
        "BT /F1 12 Tf 0 1 -1 0 300 300 Tm (Vertical words) Tj ET",
        fonts(&[("F1", font)]),
    );
    let doc = read(&b.finish());
    assert!(
        doc.lines
            .iter()
            .any(|l| l.text == "Rotated page" && l.page == 1)
    );
    assert!(
        doc.lines
            .iter()
            .any(|l| l.text == "Vertical words" && l.page == 2)
    );
}

#[test]
fn headings_by_size_and_bold_and_paragraph_gaps() {
    let mut b = Builder::new();
    let regular = b.helvetica("Helvetica");
    let bold = b.helvetica("Helvetica-Bold");
    b.page(
        "BT /F1 20 Tf 72 740 Td (Jane Doe) Tj ET \
         BT /F2 11 Tf 72 700 Td (Experience) Tj ET \
         BT /F1 10 Tf 72 686 Td (Built a payments platform in Rust for many users.) Tj 0 -12 Td (Led a team of four engineers on call.) Tj ET \
         BT /F1 10 Tf 72 630 Td (Another paragraph after a gap.) Tj ET",
        fonts(&[("F1", regular), ("F2", bold)]),
    );
    let doc = read(&b.finish());
    let headings: Vec<&str> = doc
        .lines
        .iter()
        .filter(|l| l.heading_hint)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(headings, vec!["Jane Doe", "Experience"]);
    let gap_before = doc
        .lines
        .iter()
        .position(|l| l.text == "Another paragraph after a gap.")
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| doc.lines.get(i));
    assert!(
        gap_before.is_some_and(|l| l.text.is_empty()),
        "{:?}",
        doc.lines
    );
}

#[test]
fn repeated_headers_and_footers_are_marked() {
    let mut b = Builder::new();
    let font = b.helvetica("Helvetica");
    for page in 1..=2 {
        b.page(
            &format!(
                "BT /F1 9 Tf 72 770 Td (Jane Doe - Resume) Tj ET BT /F1 11 Tf 72 700 Td (Body text on page {page}) Tj ET BT /F1 9 Tf 72 30 Td (Page {page} of 2) Tj ET"
            ),
            fonts(&[("F1", font)]),
        );
    }
    let doc = read(&b.finish());
    let origins: Vec<(Origin, &str)> = doc
        .lines
        .iter()
        .filter(|l| !l.text.is_empty())
        .map(|l| (l.origin, l.text.as_str()))
        .collect();
    assert_eq!(
        origins.iter().filter(|(o, _)| *o == Origin::Header).count(),
        2,
        "{origins:?}"
    );
    assert_eq!(
        origins.iter().filter(|(o, _)| *o == Origin::Footer).count(),
        2,
        "{origins:?}"
    );
    assert!(origins.contains(&(Origin::Body, "Body text on page 2")));
}

#[test]
fn truncated_and_garbage_input_never_panics() {
    let mut b = Builder::new();
    let font = b.helvetica("Helvetica");
    b.page(
        "BT /F1 12 Tf 72 700 Td (Some resume text) Tj ET",
        fonts(&[("F1", font)]),
    );
    let bytes = b.finish();
    for cut in (0..bytes.len()).step_by(7) {
        let _ = from_bytes(
            bytes.get(..cut).unwrap_or_default(),
            Some("pdf"),
            &Limits::default(),
        );
    }
    let mut garbled = bytes.clone();
    for (i, byte) in garbled.iter_mut().enumerate() {
        if i % 13 == 5 {
            *byte = byte.wrapping_mul(31).wrapping_add(7);
        }
    }
    let _ = from_bytes(&garbled, Some("pdf"), &Limits::default());
    let result = from_bytes(
        b"%PDF-1.7\n garbage without objects",
        Some("pdf"),
        &Limits::default(),
    );
    assert!(
        matches!(result, Err(ExtractError::Corrupt { .. })),
        "{result:?}"
    );
}

#[test]
fn garbage_content_streams_read_what_they_can() {
    let doc = simple_page(
        "BT /F1 12 Tf 72 700 Td (Good) Tj ) ] >> {{ 1 2 3 4 Tm Tj TJ ' 0 -30 Td (still here) Tj /NoSuchFont 9 Tf (lost) Tj ET BI /W 4 /H 1 ID \x00\x01EI\x02 EI BT /F1 12 Tf 72 600 Td (After image) Tj ET",
    );
    let text = body_text(&doc).join(" ");
    assert!(text.contains("Good"), "{text}");
    assert!(text.contains("still here"), "{text}");
    assert!(text.contains("After image"), "{text}");
}

fn encrypted(user_password: &str) -> Vec<u8> {
    let mut b = Builder::new();
    let font = b.helvetica("Helvetica");
    b.page(
        "BT /F1 12 Tf 72 700 Td (Secret resume text) Tj ET",
        fonts(&[("F1", font)]),
    );
    b.finish_with(|doc| {
        let id = Object::string_literal(b"0123456789abcdef".to_vec());
        doc.trailer.set("ID", vec![id.clone(), id]);
        let version = lopdf::EncryptionVersion::V2 {
            document: doc,
            owner_password: "owner",
            user_password,
            key_length: 128,
            permissions: lopdf::Permissions::default(),
        };
        let state = lopdf::EncryptionState::try_from(version).expect("encryption state");
        doc.encrypt(&state).expect("encrypt");
    })
}

#[test]
fn encryption_with_an_empty_user_password_reads_and_a_password_fails() {
    let doc = read(&encrypted(""));
    assert_eq!(body_text(&doc), vec!["Secret resume text"]);
    let result = from_bytes(&encrypted("userpw"), Some("pdf"), &Limits::default());
    assert!(
        matches!(result, Err(ExtractError::Encrypted("PDF"))),
        "{result:?}"
    );
}

/// A page whose text is in a content stream and in an `/ActualText` string of a named property
/// list, encrypted with AES-256 (revision 6).
fn encrypted_aes_256(user_password: &str, owner_password: &str) -> Vec<u8> {
    let mut b = Builder::new();
    let font = b.helvetica("Helvetica");
    let span = b.add(dictionary! { "ActualText" => Object::string_literal("Replaced words") });
    let mut resources = fonts(&[("F1", font)]);
    resources.set("Properties", dictionary! { "P1" => span });
    b.page(
        "BT /F1 12 Tf 72 700 Td (Secret resume text) Tj ET \
         /Span /P1 BDC BT /F1 12 Tf 72 650 Td (XXXX) Tj ET EMC",
        resources,
    );
    let count = b.kids.len() as i64;
    let pages = dictionary! { "Type" => "Pages", "Kids" => b.kids.clone(), "Count" => count };
    b.doc.objects.insert(b.pages_id, pages.into());
    let catalog = b.add(dictionary! { "Type" => "Catalog", "Pages" => b.pages_id });
    b.doc.trailer.set("Root", catalog);
    let id = Object::string_literal(b"0123456789abcdef".to_vec());
    b.doc.trailer.set("ID", vec![id.clone(), id]);
    let aes: std::sync::Arc<dyn lopdf::encryption::crypt_filters::CryptFilter> =
        std::sync::Arc::new(lopdf::encryption::crypt_filters::Aes256CryptFilter);
    let version = lopdf::EncryptionVersion::V5 {
        encrypt_metadata: true,
        crypt_filters: std::collections::BTreeMap::from([(b"StdCF".to_vec(), aes)]),
        file_encryption_key: b"0123456789abcdef0123456789abcdef",
        stream_filter: b"StdCF".to_vec(),
        string_filter: b"StdCF".to_vec(),
        owner_password,
        user_password,
        permissions: lopdf::Permissions::default(),
    };
    let state = lopdf::EncryptionState::try_from(version).expect("encryption state");
    b.doc.encrypt(&state).expect("encrypt");
    let mut bytes = Vec::new();
    b.doc.save_to(&mut bytes).expect("in-memory save");
    bytes
}

#[test]
fn aes_256_with_an_empty_user_password_reads_and_a_password_fails() {
    let doc = read(&encrypted_aes_256("", "owner"));
    assert_eq!(
        body_text(&doc),
        vec!["Secret resume text", "Replaced words"]
    );
    let result = from_bytes(
        &encrypted_aes_256("userpw", "owner"),
        Some("pdf"),
        &Limits::default(),
    );
    assert!(
        matches!(result, Err(ExtractError::Encrypted("PDF"))),
        "{result:?}"
    );
}

/// The empty password opens a file as its owner password too (an odd file, as anyone can open
/// it, but not a password-protected one): pdftotext and lopdf read it.
#[test]
fn aes_256_with_an_empty_owner_password_reads() {
    let doc = read(&encrypted_aes_256("userpw", ""));
    assert_eq!(
        body_text(&doc),
        vec!["Secret resume text", "Replaced words"]
    );
}

/// The empty user password with a `/Perms` entry that does not decrypt to the permissions
/// (a writer's mistake): the file still opens, as in pdftotext, which does not check it.
#[test]
fn aes_256_with_a_damaged_perms_entry_reads() {
    let mut bytes = encrypted_aes_256("", "owner");
    let at = bytes.windows(6).position(|w| w == b"/Perms");
    let Some(at) = at else {
        panic!("no /Perms in the encryption dictionary");
    };
    // lopdf writes it as a literal string: change a bit of a byte that is no delimiter.
    assert_eq!(
        bytes.get(at + 6),
        Some(&b'('),
        "a literal string after /Perms"
    );
    let special = |b: u8| matches!(b, b'\\' | b'(' | b')' | b'\r' | b'\n');
    let Some(byte) = bytes
        .get_mut(at + 7..at + 10)
        .and_then(|s| s.iter_mut().find(|b| !special(**b) && !special(**b ^ 1)))
    else {
        panic!("no byte to change in /Perms");
    };
    *byte ^= 1;
    let doc = read(&bytes);
    assert_eq!(
        body_text(&doc),
        vec!["Secret resume text", "Replaced words"]
    );
}

/// lopdf writes no encrypted object streams; qpdf made this copy of a fixture (see
/// `tests/fixtures/make-fixtures.sh`): AES-256, empty user password, objects packed in
/// encrypted object streams.
#[test]
fn aes_256_object_streams_read_as_the_unencrypted_file() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let (Ok(encrypted), Ok(plain)) = (
        std::fs::read(dir.join("pdf-encrypted/aes256-objstreams.pdf")),
        std::fs::read(dir.join("pdf/libreoffice-backend.pdf")),
    ) else {
        return;
    };
    let (encrypted, plain) = (read(&encrypted), read(&plain));
    assert!(encrypted.lines.len() > 20);
    assert_eq!(encrypted.lines, plain.lines);
    assert_eq!(encrypted.warnings, plain.warnings);
}

#[test]
fn object_count_limit() {
    let mut b = Builder::new();
    let font = b.helvetica("Helvetica");
    for n in 0..50 {
        b.add(Object::Integer(n));
    }
    b.page(
        "BT /F1 12 Tf 72 700 Td (Text) Tj ET",
        fonts(&[("F1", font)]),
    );
    let bytes = b.finish();
    let limits = Limits {
        max_objects: 20,
        ..Limits::default()
    };
    let result = from_bytes(&bytes, Some("pdf"), &limits);
    assert!(
        matches!(
            result,
            Err(ExtractError::LimitExceeded {
                what: "PDF objects",
                ..
            })
        ),
        "{result:?}"
    );
}

#[test]
fn type3_bitmap_font_at_unit_size_is_not_microscopic() {
    let mut b = Builder::new();
    let to_unicode = b.stream(Dictionary::new(), "1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <41> <42> <0041> endbfrange");
    // pdfTeX-style bitmap font: glyphs in 10-unit cells scaled by 1, shown at 1 Tf.
    let font = b.add(dictionary! {
        "Type" => "Font", "Subtype" => "Type3",
        "FontMatrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 0.into(), 0.into()],
        "FontBBox" => vec![0.into(), 0.into(), 6.into(), 10.into()],
        "FirstChar" => 65, "LastChar" => 66, "Widths" => vec![6.into(), 6.into()],
        "Encoding" => dictionary! { "Type" => "Encoding", "Differences" => vec![65.into(), "a1".into(), "a2".into()] },
        "CharProcs" => Dictionary::new(), "ToUnicode" => to_unicode,
    });
    b.page("BT /F1 1 Tf 72 700 Td (ABAB) Tj ET", fonts(&[("F1", font)]));
    let doc = read(&b.finish());
    assert_eq!(body_text(&doc), vec!["ABAB"]);
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn some_pages_without_text_layer_are_named() {
    let mut b = Builder::new();
    let font = b.helvetica("Helvetica");
    let img = image(&mut b);
    b.page(
        "BT /F1 12 Tf 72 700 Td (Typed page) Tj ET",
        fonts(&[("F1", font)]),
    );
    b.page(
        "q 612 0 0 792 0 0 cm /Im1 Do Q",
        dictionary! { "XObject" => dictionary! { "Im1" => img } },
    );
    let doc = read(&b.finish());
    let warning = doc
        .warnings
        .iter()
        .find(|w| w.code == WarningCode::NoTextLayer);
    assert!(
        warning.is_some_and(|w| w.message.contains("page(s) 2")),
        "{:?}",
        doc.warnings
    );
}
