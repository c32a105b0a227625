//! Empty files, the committed fixtures cut short at many offsets, and random bytes behind a
//! real signature.

use atsfit::extract::{ExtractError, Limits, from_path};

use crate::make::{Rng, document_xml, docx, paragraph};
use crate::{code, describe, expect_code, extract, fixtures};

#[test]
fn empty_files_are_empty_whatever_their_extension() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["cv.pdf", "cv.docx", "cv.txt", "cv.md", "cv", "cv.doc"] {
        for contents in [&b""[..], b"   \n\t\r\n  "] {
            let path = dir.path().join(name);
            std::fs::write(&path, contents).unwrap();
            let result = from_path(&path, &Limits::default());
            assert!(
                matches!(result, Err(ExtractError::Empty)),
                "{name}: {}",
                describe(&result)
            );
        }
    }
}

/// Offsets spread over the file, plus every one of the last 16 bytes and a few near the start
/// (inside the header and the first object or local header).
fn cut_offsets(len: usize, spread: usize) -> Vec<usize> {
    let mut cuts: Vec<usize> = (1..spread).map(|k| len * k / spread).collect();
    cuts.extend(len.saturating_sub(16)..len);
    cuts.extend([1, 4, 5, 9, 30, 64, 200]);
    cuts.retain(|&c| c < len);
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

#[test]
fn truncated_pdfs_fail_cleanly_or_read_what_is_left() {
    let files = fixtures("pdf", "pdf");
    assert!(files.len() >= 10, "the PDF fixtures are missing");
    // Forty cuts of three producers' files (classic cross-reference tables, object and
    // cross-reference streams), and the last byte off every other fixture: a whole extraction
    // takes tens of milliseconds in a debug build, decryption alone half a second.
    let thorough = [
        "ghostscript-devops.pdf",
        "qpdf-objstreams.pdf",
        "lualatex-frontend.pdf",
    ];
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let cuts = if thorough.contains(&name) {
            cut_offsets(bytes.len(), 24)
        } else {
            vec![bytes.len() - 1]
        };
        for cut in cuts {
            let result = extract(&bytes[..cut], Some("pdf"));
            let got = code(&result);
            // A cut inside `%PDF-` leaves a few bytes of text; anywhere else it is a PDF that is
            // read (lopdf rebuilds the cross-reference table) or reported damaged, or one that
            // needs its password.
            let allowed: &[&str] = if cut < 5 {
                &["ok", "corrupt"]
            } else if name.contains("encrypted-userpw") {
                &["ok", "corrupt", "encrypted"]
            } else {
                &["ok", "corrupt"]
            };
            assert!(
                allowed.contains(&got),
                "{name} cut at {cut}/{}: {}",
                bytes.len(),
                describe(&result)
            );
        }
    }
}

#[test]
fn truncated_docx_files_are_corrupt_at_every_offset() {
    let files = fixtures("docx", "docx");
    assert!(files.len() >= 5, "the DOCX fixtures are missing");
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        for cut in cut_offsets(bytes.len(), 40) {
            let result = extract(&bytes[..cut], Some("docx"));
            let got = code(&result);
            // Cut before the zip signature is whole, the bytes are text or binary; after it,
            // the central directory at the end is gone, so the archive cannot be read.
            let allowed: &[&str] = if cut < 4 {
                &["ok", "unknown_format"]
            } else {
                &["corrupt", "unknown_format"]
            };
            assert!(
                allowed.contains(&got),
                "{} cut at {cut}/{}: {}",
                path.display(),
                bytes.len(),
                describe(&result)
            );
        }
    }
}

#[test]
fn random_bytes_behind_a_pdf_header_are_corrupt() {
    let mut rng = Rng::new(1);
    for (round, len) in [0usize, 1, 16, 100, 1_000, 10_000, 100_000, 1_000_000]
        .into_iter()
        .enumerate()
    {
        let mut bytes = b"%PDF-1.7\n".to_vec();
        bytes.extend(rng.bytes(len));
        expect_code(&bytes, Some("pdf"), "corrupt");
        // The same behind a plausible start, with object syntax around the noise.
        let mut framed =
            b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Kids ["
                .to_vec();
        framed.extend(rng.bytes(len));
        framed.extend_from_slice(b"] >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
        let result = extract(&framed, Some("pdf"));
        assert_eq!(
            code(&result),
            "corrupt",
            "round {round}: {}",
            describe(&result)
        );
    }
}

#[test]
fn random_bytes_behind_a_zip_header() {
    let mut rng = Rng::new(2);
    for len in [0usize, 10, 1_000, 100_000] {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend(rng.bytes(len));
        // Nothing says Word: a zip archive that is not a resume.
        expect_code(&bytes, Some("docx"), "unknown_format");
        // A part name that says Word, then noise: a damaged package.
        let mut named = b"PK\x03\x04".to_vec();
        named.extend(rng.bytes(len / 2));
        named.extend_from_slice(b"word/document.xml");
        named.extend(rng.bytes(len / 2));
        expect_code(&named, Some("docx"), "corrupt");
    }
}

#[test]
fn a_real_docx_with_random_bytes_in_its_parts_never_panics() {
    let body = (0..50)
        .map(|i| paragraph(&format!("Line {i}: Rust, Kubernetes and PostgreSQL")))
        .collect::<String>();
    let bytes = docx(&[("word/document.xml", document_xml(&body).as_bytes())]);
    let mut rng = Rng::new(3);
    for _ in 0..60 {
        let mut damaged = bytes.clone();
        for _ in 0..1 + rng.below(8) {
            let at = rng.below(damaged.len());
            damaged[at] = rng.next_u64() as u8;
        }
        let result = extract(&damaged, Some("docx"));
        assert!(
            [
                "ok",
                "corrupt",
                "unknown_format",
                "unsupported_format",
                "limit_exceeded"
            ]
            .contains(&code(&result)),
            "{}",
            describe(&result)
        );
    }
}
