//! Every PDF committed under `tests/fixtures/pdf/` with a `X.pdftotext.txt` beside it must read
//! at least 99% of pdftotext's words (multiset recall after lowercasing, NFKC and trimming
//! punctuation at word edges). Files the fixture manifest describes get their own checks.
//! With no fixture directory (a fresh checkout without fixtures) there is nothing to check.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use atsfit::extract::{Document, ExtractError, Limits, Origin, WarningCode, from_bytes};
use unicode_normalization::UnicodeNormalization;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf")
}

fn fixtures() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(fixture_dir())
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    found.retain(|p| p.extension().is_some_and(|e| e == "pdf"));
    found.sort();
    found
}

fn words(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for raw in text
        .nfkc()
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
    {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if !word.is_empty() {
            *counts.entry(word.to_string()).or_insert(0) += 1;
        }
    }
    counts
}

/// pdftotext joins a word hyphenated at a line end and drops the hyphen; we keep both lines as
/// they are, so the joined form counts as read.
fn our_words(doc: &Document) -> HashMap<String, usize> {
    let text: Vec<&str> = doc.lines.iter().map(|l| l.text.as_str()).collect();
    let mut counts = words(&text.join("\n"));
    for pair in doc.lines.windows(2) {
        if let [a, b] = pair
            && let Some(stem) = a
                .text
                .split_whitespace()
                .last()
                .and_then(|w| w.strip_suffix('-'))
            && let Some(next) = b.text.split_whitespace().next()
        {
            for (word, n) in words(&format!("{stem}{next}")) {
                *counts.entry(word).or_insert(0) += n;
            }
        }
    }
    counts
}

fn recall(reference: &str, doc: &Document) -> (f64, Vec<String>) {
    let theirs = words(reference);
    let mut ours = our_words(doc);
    let total: usize = theirs.values().sum();
    let mut found = 0;
    let mut missing = Vec::new();
    for (word, &count) in &theirs {
        let have = ours.get_mut(word).map(std::mem::take).unwrap_or(0);
        found += have.min(count);
        if have < count {
            missing.push(word.clone());
        }
    }
    missing.sort();
    (
        if total == 0 {
            1.0
        } else {
            found as f64 / total as f64
        },
        missing,
    )
}

fn needs_password(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.contains("userpw") && !name.contains("empty")
}

#[test]
fn fixtures_read_like_pdftotext() {
    for pdf in fixtures() {
        let bytes = std::fs::read(&pdf).expect("fixture readable");
        let result = from_bytes(&bytes, Some("pdf"), &Limits::default());
        if needs_password(&pdf) {
            assert!(
                matches!(result, Err(ExtractError::Encrypted(_))),
                "{}: {result:?}",
                pdf.display()
            );
            continue;
        }
        let doc = match result {
            Ok(doc) => doc,
            Err(e) => panic!("{}: {e}", pdf.display()),
        };
        let Ok(reference) = std::fs::read_to_string(pdf.with_extension("pdftotext.txt")) else {
            continue;
        };
        let (score, missing) = recall(&reference, &doc);
        assert!(
            score >= 0.99,
            "{}: recall {score:.4}, missing {missing:?}",
            pdf.display()
        );
    }
}

fn fixture(name: &str) -> Option<Document> {
    let bytes = std::fs::read(fixture_dir().join(name)).ok()?;
    Some(
        from_bytes(&bytes, Some("pdf"), &Limits::default())
            .unwrap_or_else(|e| panic!("{name}: {e}")),
    )
}

fn has_warning(doc: &Document, code: WarningCode) -> bool {
    doc.warnings.iter().any(|w| w.code == code)
}

#[test]
fn fixture_warnings_and_origins() {
    if let Some(doc) = fixture("hidden-text.pdf") {
        assert!(has_warning(&doc, WarningCode::HiddenText));
        let hidden: String = doc
            .lines
            .iter()
            .filter(|l| l.origin == Origin::Hidden)
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        for word in ["Kubernetes", "Terraform", "Kotlin", "Microservices"] {
            assert!(hidden.contains(word), "{word} not hidden: {hidden}");
        }
        assert!(
            !doc.lines
                .iter()
                .any(|l| l.origin == Origin::Body && l.text.contains("Kubernetes"))
        );
    }
    if let Some(doc) = fixture("scanned.pdf") {
        assert!(has_warning(&doc, WarningCode::NoTextLayer));
        assert!(!doc.has_text());
    }
    if let Some(doc) = fixture("chromium-twocol-frontend.pdf") {
        assert!(has_warning(&doc, WarningCode::MultiColumn));
        assert!(
            !has_warning(&doc, WarningCode::HiddenText),
            "white sidebar text on a dark fill is visible"
        );
    }
    if let Some(doc) = fixture("multipage.pdf") {
        assert_eq!(doc.pages, 3);
        assert_eq!(
            doc.lines
                .iter()
                .filter(|l| l.origin == Origin::Header)
                .count(),
            3
        );
        assert_eq!(
            doc.lines
                .iter()
                .filter(|l| l.origin == Origin::Footer)
                .count(),
            3
        );
    }
    for name in [
        "chromium-backend.pdf",
        "libreoffice-backend.pdf",
        "pdflatex-devops.pdf",
        "xelatex-data.pdf",
        "ghostscript-devops.pdf",
    ] {
        if let Some(doc) = fixture(name) {
            assert!(doc.warnings.is_empty(), "{name}: {:?}", doc.warnings);
            assert!(
                doc.lines.iter().any(|l| l.heading_hint),
                "{name}: no heading hints"
            );
        }
    }
}
