//! The command line, end to end, on the committed samples.

mod common;

use common::{atsfit, check_json, sample};
use predicates::prelude::*;

#[test]
fn check_scores_a_strong_backend_resume_high() {
    let r = check_json(&[
        sample("backend-developer.md").to_str().unwrap(),
        "--title",
        "backend developer",
    ]);
    assert_eq!(r.schema_version, 1);
    assert_eq!(r.document.format, "markdown");
    let target = r.target.as_ref().unwrap();
    assert_eq!(target.title.as_deref(), Some("Backend Developer"));
    assert_eq!(target.source, "title");
    let score = r.score.unwrap();
    assert!(score >= 75.0, "score {score}");
    for term in [
        "Java",
        "Spring Boot",
        "Go",
        "PostgreSQL",
        "Apache Kafka",
        "Docker",
        "Kubernetes",
        "AWS",
        "Git",
    ] {
        assert!(
            r.found(term),
            "{term} not found: {:?}",
            r.found.iter().map(|f| &f.term).collect::<Vec<_>>()
        );
    }
    for m in &r.matched {
        assert!(
            m.via.is_some(),
            "matched requirement {} has no via",
            m.label
        );
    }
    assert_eq!(r.contact.email, "body");
    assert!(r.suggestions_of("near_miss").is_empty());
}

#[test]
fn ordinary_words_in_a_weak_resume_are_not_skills() {
    let r = check_json(&[
        sample("weak-backend.txt").to_str().unwrap(),
        "--title",
        "Backend Developer",
    ]);
    for term in [
        "Go", "Spring", "Swift", "Express", "Chef", "Julia", "Jenkins",
    ] {
        assert!(
            !r.found(term),
            "{term} found in the weak resume: {:?}",
            r.found.iter().find(|f| f.term == term)
        );
    }
    assert!(r.found("HTML") && r.found("CSS"));
    let strong = check_json(&[
        sample("backend-developer.md").to_str().unwrap(),
        "--title",
        "Backend Developer",
    ]);
    assert!(
        r.score.unwrap() + 40.0 < strong.score.unwrap(),
        "weak {:?} vs strong {:?}",
        r.score,
        strong.score
    );
    assert!(!r.missing.is_empty());
    assert!(
        r.missing.windows(2).all(|w| w[0].weight >= w[1].weight),
        "missing not heaviest first"
    );
}

#[test]
fn without_a_title_the_best_fitting_titles_are_listed() {
    let r = check_json(&[sample("devops-engineer.txt").to_str().unwrap()]);
    assert!(r.target.is_none() && r.score.is_none());
    assert_eq!(r.best_titles.len(), 3);
    let titles: Vec<&str> = r.best_titles.iter().map(|t| t.title.as_str()).collect();
    assert!(
        titles.iter().any(|t| [
            "DevOps Engineer",
            "Site Reliability Engineer",
            "Platform Engineer",
            "Cloud Engineer"
        ]
        .contains(t)),
        "{titles:?}"
    );
    assert!(r.best_titles.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn non_standard_headings_are_reported_and_still_read() {
    let r = check_json(&[
        sample("frontend-developer.md").to_str().unwrap(),
        "--title",
        "Frontend Developer",
    ]);
    let odd: Vec<&str> = r
        .sections
        .iter()
        .filter(|s| !s.standard)
        .map(|s| s.heading.as_str())
        .collect();
    assert!(
        odd.contains(&"My Journey") && odd.contains(&"Toolbox"),
        "{odd:?}"
    );
    let headings = r.suggestions_of("section_heading");
    assert!(
        headings
            .iter()
            .any(|s| s.message.contains("My Journey") && s.message.contains("Experience")),
        "{headings:?}"
    );
    assert!(r.found("React") && r.found("TypeScript"));
}

#[test]
fn unknown_title_fails_with_the_closest_titles() {
    atsfit()
        .args([
            "check",
            "samples/backend-developer.md",
            "--title",
            "Backend Devloper",
        ])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("unknown title")
                .and(predicate::str::contains("Backend Developer")),
        );
}

#[test]
fn min_score_sets_the_exit_code() {
    atsfit()
        .args([
            "check",
            "samples/backend-developer.md",
            "--title",
            "Backend Developer",
            "--min-score",
            "50",
        ])
        .assert()
        .code(0);
    atsfit()
        .args([
            "check",
            "samples/weak-backend.txt",
            "--title",
            "Backend Developer",
            "--min-score",
            "90",
        ])
        .assert()
        .code(1);
    atsfit()
        .args(["check", "samples/weak-backend.txt", "--min-score", "90"])
        .assert()
        .code(2);
}

#[test]
fn bad_inputs_get_one_line_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("photo.txt");
    std::fs::write(&binary, [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    let doc = dir.path().join("old.doc");
    std::fs::write(
        &doc,
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest of an OLE2 file",
    )
    .unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let missing = dir.path().join("missing.pdf");
    for (path, message) in [
        (missing.as_path(), "No such file"),
        (dir.path(), "is a directory"),
        (binary.as_path(), "not a resume format"),
        (doc.as_path(), "legacy Word .doc"),
        (empty.as_path(), "empty"),
    ] {
        let output = atsfit().arg("check").arg(path).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{path:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains(&path.display().to_string()) && stderr.contains(message),
            "{stderr}"
        );
    }
}

#[test]
fn extract_shows_what_an_ats_reads() {
    atsfit()
        .args(["extract", "samples/frontend-developer.md"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("=== section: experience, non-standard heading ===")
                .and(predicate::str::contains("React")),
        );
}

#[test]
fn human_output_has_no_colour_when_piped() {
    let output = atsfit()
        .args([
            "check",
            "samples/backend-developer.md",
            "--title",
            "Backend Developer",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!text.contains('\x1b'), "escape codes in piped output");
    assert!(text.contains("Score") && text.contains("Backend Developer"));
    let coloured = atsfit()
        .args(["--color", "always", "check", "samples/backend-developer.md"])
        .output()
        .unwrap();
    assert!(String::from_utf8(coloured.stdout).unwrap().contains('\x1b'));
}

#[test]
fn titles_and_lexicon_list_as_json() {
    let output = atsfit()
        .args(["titles", "--format", "json"])
        .output()
        .unwrap();
    let titles: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(titles.len() >= 20);
    let output = atsfit()
        .args(["lexicon", "--format", "json"])
        .output()
        .unwrap();
    let terms: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(terms.len() >= 800);
    assert!(
        terms.iter().all(|t| t.get("name").is_some()
            && t.get("kind").is_some()
            && t.get("aliases").is_some())
    );
}

#[test]
fn a_users_lexicon_replaces_the_built_in_one_and_errors_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("terms.toml"),
        "[[term]]\nname = \"Cobol\"\nkind = \"hard_skill\"\ncategory = \"language\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("titles.toml"), "[[title]]\nname = \"Mainframe Developer\"\nrequires = [{ weight = \"must\", any = [\"Cobol\"] }]\n").unwrap();
    let resume = dir.path().join("r.txt");
    std::fs::write(&resume, "Skills\nCOBOL, JCL\n").unwrap();
    let output = atsfit()
        .arg("--lexicon")
        .arg(dir.path())
        .args([
            "check",
            "--format",
            "json",
            "--title",
            "mainframe developer",
        ])
        .arg(&resume)
        .output()
        .unwrap();
    let r: common::ReportJson = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(r.score, Some(100.0));

    std::fs::write(
        dir.path().join("terms.toml"),
        "[[term]]\nname = \"Cobol\"\nkind = \"skill\"\ncategory = \"language\"\n",
    )
    .unwrap();
    atsfit()
        .arg("--lexicon")
        .arg(dir.path())
        .args(["lexicon"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("terms.toml:3:"));
}

#[test]
fn pdf_and_docx_versions_find_the_same_terms_as_the_text() {
    let terms = |name: &str| {
        let mut found: Vec<String> = check_json(&[sample(name).to_str().unwrap()])
            .found
            .into_iter()
            .map(|f| f.term)
            .collect();
        found.sort();
        found
    };
    let source = terms("backend-developer.md");
    assert!(source.len() > 30);
    assert_eq!(
        terms("backend-developer.pdf"),
        source,
        "PDF (Chromium) differs from the text source"
    );
    assert_eq!(
        terms("backend-developer.docx"),
        source,
        "DOCX (LibreOffice) differs from the text source"
    );
}

#[test]
fn pdf_warnings_reach_the_report() {
    let hidden = check_json(&[
        "tests/fixtures/pdf/hidden-text.pdf",
        "--title",
        "Backend Developer",
    ]);
    let warning = hidden.warning("hidden_text").expect("hidden_text warning");
    for term in ["Kubernetes", "Terraform", "Redis"] {
        assert!(warning.message.contains(term), "{}", warning.message);
        assert!(!hidden.found(term), "hidden {term} counted as found");
    }
    let scan = check_json(&[
        "tests/fixtures/pdf/scanned.pdf",
        "--title",
        "Backend Developer",
    ]);
    assert!(scan.score.is_none() && scan.warning("no_text_layer").is_some());
    atsfit()
        .args(["check", "tests/fixtures/pdf/qpdf-encrypted-userpw.pdf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("password-protected"));
    let template = check_json(&["samples/template-layout.docx"]);
    for code in ["tables", "text_boxes", "contact_in_header"] {
        assert!(
            template.warning(code).is_some(),
            "template-layout.docx: no {code} warning"
        );
    }
}
