//! Every DOCX under `tests/fixtures/docx/` must extract, hold text, and contain the words that
//! `tests/fixtures/docx/MANIFEST.md` expects of it.
//!
//! The manifest is prose written for people, so the expected words are read from it loosely:
//! every `backticked` string except file names, and the comma-separated lists after a label
//! ("Skills: Java, Spring Boot, ..."), with parenthesised asides left out.

use std::path::{Path, PathBuf};

use atsfit::extract::{Document, Limits, Origin, docx};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docx")
}

fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture_dir())
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "docx"));
    files.sort();
    files
}

fn extract(path: &Path) -> Document {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    docx::extract(&bytes, &Limits::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text as one string with every kind of space made plain, for substring checks.
fn flat_text(document: &Document) -> String {
    let text: Vec<&str> = document.lines.iter().map(|l| l.text.as_str()).collect();
    text.join("\n").replace(['\u{a0}', '\t'], " ")
}

#[test]
fn every_fixture_extracts_with_text() {
    if !fixture_dir().is_dir() {
        eprintln!("no {}: nothing to check", fixture_dir().display());
        return;
    }
    let files = fixtures();
    assert!(!files.is_empty(), "no .docx in {}", fixture_dir().display());
    for path in files {
        let document = extract(&path);
        assert!(document.has_text(), "{}: no text", path.display());
    }
}

#[test]
fn manifest_words_are_found() {
    let Ok(manifest) = std::fs::read_to_string(fixture_dir().join("MANIFEST.md")) else {
        eprintln!("no MANIFEST.md: nothing to check");
        return;
    };
    let rows = manifest_rows(&manifest);
    assert!(!rows.is_empty(), "MANIFEST.md lists no .docx rows");
    for (file, expected) in rows {
        let path = fixture_dir().join(&file);
        assert!(path.is_file(), "MANIFEST.md lists {file}, which is missing");
        let text = flat_text(&extract(&path));
        let missing: Vec<&String> = expected
            .iter()
            .filter(|w| !text.contains(w.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "{file}: expected but not extracted: {missing:?}"
        );
    }
}

/// `template-layout.docx` puts each kind of text in one place: it must come out once, from
/// that place, so a checker can warn about headers and text boxes.
#[test]
fn template_layout_origins_and_text_box_read_once() {
    let path = fixture_dir().join("template-layout.docx");
    if !path.is_file() {
        eprintln!("no {}: nothing to check", path.display());
        return;
    }
    let document = extract(&path);
    let cases = [
        ("daniel.okafor@example.com", Origin::Header),
        ("Daniel Okafor - Additional Information", Origin::Header),
        ("references available on request", Origin::Footer),
        (
            "Certified Kubernetes Application Developer (CKAD)",
            Origin::TextBox,
        ),
        ("AWS Certified Developer - Associate", Origin::TextBox),
        ("Testcontainers", Origin::Table),
        ("event-driven microservices", Origin::Body),
    ];
    for (needle, origin) in cases {
        let holders: Vec<Origin> = document
            .lines
            .iter()
            .filter(|l| l.text.replace('\u{a0}', " ").contains(needle))
            .map(|l| l.origin)
            .collect();
        assert_eq!(holders, [origin], "{needle}");
    }
}

/// File name and expected strings of each manifest table row that names a `.docx`.
fn manifest_rows(manifest: &str) -> Vec<(String, Vec<String>)> {
    let mut rows = Vec::new();
    for line in manifest.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let (Some(first), Some(last)) = (cells.first(), cells.last()) else {
            continue;
        };
        let Some(file) = backticked(first).into_iter().find(|s| s.ends_with(".docx")) else {
            continue;
        };
        let file = file.rsplit('/').next().unwrap_or(&file).to_owned();
        rows.push((file, expected_strings(last)));
    }
    rows
}

fn backticked(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn expected_strings(cell: &str) -> Vec<String> {
    let mut expected: Vec<String> = backticked(cell)
        .into_iter()
        .filter(|s| !s.ends_with(".docx") && !s.ends_with(".xml") && !s.contains('/'))
        .collect();
    let unquoted: String = cell.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    let mut plain = String::new();
    let mut parentheses = 0usize;
    for c in unquoted.chars() {
        match c {
            '(' => parentheses += 1,
            ')' => parentheses = parentheses.saturating_sub(1),
            _ if parentheses == 0 => plain.push(c),
            _ => {}
        }
    }
    for sentence in plain.split(". ") {
        let Some((_, list)) = sentence.split_once(':') else {
            continue;
        };
        for item in list.split([',', ';']) {
            let item = item.trim().trim_end_matches('.').trim();
            let words = item.split_whitespace().count();
            if (1..=4).contains(&words) && !item.contains('"') {
                expected.push(item.to_owned());
            }
        }
    }
    expected
}
