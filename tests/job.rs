//! Job-description matching and suggestions, on the committed samples.

mod common;

use common::{atsfit, check_json, sample};

fn path(name: &str) -> String {
    sample(name).to_str().unwrap().to_owned()
}

#[test]
fn a_strong_match_scores_well_and_says_where_requirements_come_from() {
    let r = check_json(&[
        &path("backend-developer.md"),
        "--job",
        &path("jobs/backend-engineer.txt"),
    ]);
    let target = r.target.as_ref().unwrap();
    assert_eq!(target.source, "job");
    assert_eq!(target.title.as_deref(), Some("Senior Backend Engineer"));
    let score = r.score.unwrap();
    assert!(score >= 60.0, "strong match scored {score}");
    assert!(
        r.matched
            .iter()
            .chain(&r.missing)
            .all(|m| m.source == "job" && m.weight > 0.0)
    );
    // The languages the posting offers as alternatives are one requirement, met by Java.
    let languages = r
        .matched
        .iter()
        .find(|m| m.label.contains("Java") && m.label.contains("Go"));
    assert!(
        languages.is_some(),
        "{:?}",
        r.matched.iter().map(|m| &m.label).collect::<Vec<_>>()
    );
}

#[test]
fn a_weak_match_scores_low_with_missing_keywords_first() {
    let strong = check_json(&[
        &path("backend-developer.md"),
        "--job",
        &path("jobs/backend-engineer.txt"),
    ]);
    let weak = check_json(&[
        &path("weak-backend.txt"),
        "--job",
        &path("jobs/backend-engineer.txt"),
    ]);
    assert!(
        weak.score.unwrap() + 30.0 < strong.score.unwrap(),
        "weak {:?} strong {:?}",
        weak.score,
        strong.score
    );
    let missing = weak.suggestions_of("missing_keyword");
    assert!(missing.len() >= 5);
    assert!(missing.windows(2).all(|w| w[0].priority >= w[1].priority));
    assert!(
        weak.suggestions_of("job_title")
            .iter()
            .any(|s| s.message.contains("Senior Backend Engineer"))
    );
}

#[test]
fn musts_outweigh_nice_to_haves() {
    let r = check_json(&[
        &path("weak-backend.txt"),
        "--job",
        &path("jobs/backend-engineer.txt"),
    ]);
    let weight_of = |label: &str| {
        r.missing
            .iter()
            .chain(&r.matched)
            .find(|m| m.label == label)
            .map(|m| m.weight)
    };
    let kafka = weight_of("Apache Kafka").expect("Kafka is a requirement");
    let nice: Vec<f64> = r
        .missing
        .iter()
        .filter(|m| m.importance == "nice")
        .map(|m| m.weight)
        .collect();
    assert!(!nice.is_empty());
    assert!(
        nice.iter().all(|&w| w < kafka),
        "a nice-to-have outweighs Kafka"
    );
}

#[test]
fn planted_misspellings_are_suggested() {
    let r = check_json(&[
        &path("misspelled-backend.txt"),
        "--job",
        &path("jobs/backend-engineer.txt"),
    ]);
    let near: Vec<(&str, &str)> = r
        .suggestions_of("near_miss")
        .iter()
        .map(|s| (s.term.as_deref().unwrap_or_default(), s.message.as_str()))
        .collect();
    for (term, written) in [
        ("Kubernetes", "Kubernets"),
        ("PostgreSQL", "Postgress"),
        ("JavaScript", "Javascipt"),
        ("Python", "Pyhton"),
        ("Docker", "Dokcer"),
        ("Terraform", "Teraform"),
    ] {
        assert!(
            near.iter().any(|(t, m)| *t == term && m.contains(written)),
            "{written} → {term} not suggested: {near:?}"
        );
    }
}

#[test]
fn clean_resumes_raise_no_false_alarms() {
    for (resume, job) in [
        ("backend-developer.md", "jobs/backend-engineer.txt"),
        ("devops-engineer.txt", "jobs/devops-engineer.txt"),
        ("frontend-developer.md", "jobs/frontend-developer.txt"),
        ("data-engineer.txt", "jobs/data-engineer.txt"),
        ("weak-backend.txt", "jobs/backend-engineer.txt"),
    ] {
        let r = check_json(&[&path(resume), "--job", &path(job)]);
        for kind in ["near_miss", "keyword_stuffing"] {
            let alarms = r.suggestions_of(kind);
            assert!(alarms.is_empty(), "{resume}: {kind}: {alarms:?}");
        }
        // An acronym suggestion is right only when the posting writes the other form.
        let posting = std::fs::read_to_string(sample(job)).unwrap();
        for s in r.suggestions_of("acronym") {
            let (long, acronym) = s
                .message
                .split_once(" (")
                .and_then(|(a, b)| Some((a.rsplit('"').next()?, b.split(')').next()?)))
                .unwrap();
            let other = if s.message.starts_with("Spell out") {
                long
            } else {
                acronym
            };
            assert!(
                posting.contains(other),
                "{resume}: acronym suggestion without the posting's form: {s:?}"
            );
        }
    }
}

#[test]
fn every_job_sample_yields_a_title_and_requirements() {
    for job in [
        "backend-engineer",
        "devops-engineer",
        "security-engineer",
        "data-engineer",
        "frontend-developer",
    ] {
        let r = check_json(&[
            &path("backend-developer.md"),
            "--job",
            &path(&format!("jobs/{job}.txt")),
        ]);
        assert!(
            r.target.as_ref().and_then(|t| t.title.as_ref()).is_some(),
            "{job}: no title"
        );
        assert!(
            r.matched.len() + r.missing.len() >= 10,
            "{job}: few requirements"
        );
    }
}

#[test]
fn posting_on_stdin_and_title_fallback() {
    let posting = std::fs::read(sample("jobs/devops-engineer.txt")).unwrap();
    let output = atsfit()
        .args([
            "check",
            "samples/devops-engineer.txt",
            "--job",
            "-",
            "--title",
            "DevOps Engineer",
            "--format",
            "json",
        ])
        .write_stdin(posting)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let r: common::ReportJson = serde_json::from_slice(&output.stdout).unwrap();
    let sources: std::collections::HashSet<&str> = r
        .matched
        .iter()
        .chain(&r.missing)
        .map(|m| m.source.as_str())
        .collect();
    assert!(
        sources.contains("job") || sources.contains("both"),
        "{sources:?}"
    );
    assert!(
        sources.contains("both"),
        "title and posting share no requirement: {sources:?}"
    );
    assert_eq!(r.target.unwrap().source, "both");
}

#[test]
fn batch_scores_a_folder_against_a_posting() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["backend-developer.md", "weak-backend.txt"] {
        std::fs::copy(sample(name), dir.path().join(name)).unwrap();
    }
    let output = atsfit()
        .arg("batch")
        .arg(dir.path())
        .args([
            "--job",
            "samples/jobs/backend-engineer.txt",
            "--format",
            "jsonl",
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let records: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let reports: Vec<&serde_json::Value> =
        records.iter().filter(|r| r["type"] == "report").collect();
    assert_eq!(reports.len(), 2);
    assert!(
        reports
            .iter()
            .all(|r| r["target"]["source"] == "job" && r["score"].is_number())
    );
}
