//! The same hostile files through the command line: `check` prints one line naming the file
//! and exits 2; `batch` turns each into an error record and exits 1; the limit flags work.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use crate::make::{Rng, ole2, one_page_objects, pdf_from_objects};
use crate::pdf::bomb_page;

fn atsfit() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("atsfit"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// The hostile files, by name, with the error code each must give.
fn hostile_files() -> Vec<(&'static str, Vec<u8>, &'static str, &'static str)> {
    let truncated = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docx/pandoc-frontend.docx"),
    )
    .unwrap();
    let mut random_pdf = b"%PDF-1.7\n".to_vec();
    random_pdf.extend(Rng::new(11).bytes(5000));
    vec![
        (
            "bomb.pdf",
            bomb_page(100),
            "limit_exceeded",
            "decompressed stream size",
        ),
        (
            "mass.pdf",
            pdf_from_objects(
                &one_page_objects(
                    b"",
                    None,
                    vec![format!("[{}]", "[]".repeat(1 << 20)).into_bytes()],
                ),
                "",
            ),
            "limit_exceeded",
            "memory of the PDF's objects",
        ),
        (
            "random.pdf",
            random_pdf,
            "corrupt",
            "truncated or damaged PDF",
        ),
        (
            "cut.docx",
            truncated[..truncated.len() / 2].to_vec(),
            "corrupt",
            "truncated or damaged DOCX",
        ),
        (
            "locked.docx",
            ole2(&[
                ("EncryptionInfo", vec![4; 8]),
                ("EncryptedPackage", vec![1; 5000]),
            ]),
            "encrypted",
            "password-protected Word document",
        ),
        (
            "old.doc",
            ole2(&[("WordDocument", vec![0xEC, 0xA5])]),
            "unsupported_format",
            "legacy Word .doc (Word 97-2003)",
        ),
        (
            "binary.txt",
            b"Jane\0Doe".to_vec(),
            "unknown_format",
            "not a resume format",
        ),
        ("empty.md", Vec::new(), "empty", "file is empty"),
    ]
}

#[test]
fn check_names_the_file_on_one_line_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    // Four kinds here (each run starts the debug binary); batch below runs them all.
    let chosen = ["mass.pdf", "cut.docx", "locked.docx", "old.doc"];
    for (name, bytes, _, message) in hostile_files()
        .into_iter()
        .filter(|f| chosen.contains(&f.0))
    {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let output = atsfit()
            .args(["check", "--title", "Backend Developer"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        assert!(
            stderr.starts_with("atsfit: ")
                && stderr.contains(&path.display().to_string())
                && stderr.contains(message),
            "{name}: {stderr}"
        );
        assert!(output.stdout.is_empty(), "{name}");
    }
}

#[test]
fn batch_turns_each_hostile_file_into_an_error_record() {
    let dir = tempfile::tempdir().unwrap();
    let files = hostile_files();
    for (name, bytes, _, _) in &files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/backend-developer.md"),
        dir.path().join("good.md"),
    )
    .unwrap();
    let output = atsfit()
        .args([
            "batch",
            "--jobs",
            "2",
            "--format",
            "jsonl",
            "--title",
            "Backend Developer",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let records: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    for (name, _, code, _) in &files {
        let record = records
            .iter()
            .find(|r| r["file"].as_str().is_some_and(|f| f.ends_with(name)))
            .unwrap_or_else(|| panic!("no record for {name}"));
        assert_eq!(record["type"], "error", "{name}: {record}");
        assert_eq!(record["code"], *code, "{name}: {record}");
    }
    let summary = records.last().unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["analysed"], 1);
    assert_eq!(summary["failed"], files.len());
    assert_eq!(summary["failed_by_code"]["limit_exceeded"], 2);
}

#[test]
fn limit_flags_on_check_extract_and_batch() {
    let dir = tempfile::tempdir().unwrap();
    let pages: Vec<Vec<u8>> = (1..=60)
        .map(|n| format!("BT /F1 12 Tf 72 700 Td (Rust on page {n}) Tj ET").into_bytes())
        .collect();
    // A 60-page PDF: the tree lists pages 4, 6, 8... each with its content after it.
    let mut objects = one_page_objects(b"", None, vec![]);
    objects.truncate(3);
    let kids: String = (0..60).map(|i| format!("{} 0 R ", 4 + 2 * i)).collect();
    objects[1] = format!("<< /Type /Pages /Kids [{kids}] /Count 60 >>").into_bytes();
    for (i, content) in pages.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                5 + 2 * i
            )
            .into_bytes(),
        );
        objects.push(crate::make::stream("", content));
    }
    let long = dir.path().join("long.pdf");
    std::fs::write(&long, pdf_from_objects(&objects, "")).unwrap();

    let output = atsfit()
        .args(["check", "--format", "json", "--max-pages", "3"])
        .arg(&long)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["document"]["pages"], 60);
    let warnings = report["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w["code"] == "page_limit"
            && w["message"].as_str().unwrap().contains("first 3 of 60")),
        "{warnings:?}"
    );

    let output = atsfit()
        .args(["extract", "--max-pages", "2"])
        .arg(&long)
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("Rust on page 2") && !text.contains("Rust on page 3"),
        "{text}"
    );

    let output = atsfit()
        .args(["check", "--max-file-size", "1K"])
        .arg(&long)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("limit exceeded: file size (limit 1024"),
        "{stderr}"
    );

    let output = atsfit()
        .args([
            "batch",
            "--format",
            "jsonl",
            "--max-file-size",
            "2K",
            "--max-pages",
            "1",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let records = String::from_utf8(output.stdout).unwrap();
    assert!(records.contains(r#""code":"limit_exceeded""#), "{records}");
    assert_eq!(output.status.code(), Some(1));

    let output = atsfit()
        .args(["check", "--max-pages", "0"])
        .arg(&long)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "0 pages is a usage error");
}
