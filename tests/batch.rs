//! `atsfit batch`, end to end, on folders each test builds from the samples and from generated
//! bad files. A small lexicon written beside them keeps the scores predictable whatever the
//! built-in lexicon holds; the schema tests use the built-in one.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{atsfit, sample};
use serde_json::Value;
use tempfile::TempDir;

const TERMS: &str = r#"
[[term]]
name = "AWS"
kind = "tool"
category = "cloud"
aliases = ["Amazon Web Services"]

[[term]]
name = "PostgreSQL"
kind = "tool"
category = "database"
aliases = ["Postgres"]

[[term]]
name = "Docker"
kind = "tool"
category = "devops"

[[term]]
name = "Java"
kind = "hard_skill"
category = "language"

[[term]]
name = "Python"
kind = "hard_skill"
category = "language"

[[term]]
name = "Kubernetes"
kind = "tool"
category = "orchestration"
aliases = ["k8s"]
"#;

const TITLES: &str = r#"
[[title]]
name = "Backend Developer"
requires = [
  { weight = "must", label = "a backend language", any = ["Java", "Python"] },
  { weight = "must", any = ["PostgreSQL"] },
  { weight = "should", any = ["Docker"] },
  { weight = "nice", any = ["Kubernetes"] },
  { weight = "nice", any = ["AWS"] },
]
"#;

/// The columns `docs/batch.md` documents.
const CSV_HEADER: [&str; 12] = [
    "rank",
    "file",
    "status",
    "score",
    "matched",
    "missing",
    "top_missing",
    "warnings",
    "format",
    "words",
    "error_code",
    "error",
];

/// A temporary folder with a lexicon in `lexicon/` and resumes in `in/`.
struct Fixture {
    root: TempDir,
}

impl Fixture {
    fn empty() -> Fixture {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir(root.path().join("lexicon")).unwrap();
        fs::write(root.path().join("lexicon/terms.toml"), TERMS).unwrap();
        fs::write(root.path().join("lexicon/titles.toml"), TITLES).unwrap();
        fs::create_dir(root.path().join("in")).unwrap();
        Fixture { root }
    }

    /// Three resumes that rank strong > mid > weak against "Backend Developer".
    fn good() -> Fixture {
        let f = Fixture::empty();
        f.write(
            "strong.txt",
            "Jane Strong\n\nSkills\nJava, PostgreSQL, Docker, Kubernetes, AWS\n",
        );
        f.write("mid.md", "# Max Mid\n\n## Skills\n\n- Python\n- Postgres\n");
        f.write(
            "weak.txt",
            "Will Weak\n\nExperience\nCustomer service, cash register\n",
        );
        f
    }

    /// The good files plus three that cannot be read.
    fn with_bad_files() -> Fixture {
        let f = Fixture::good();
        f.write(
            "garbage.txt",
            [0u8, 159, 146, 150, 0, 1, 2, 3, 255, 254, 0, 7],
        );
        let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        doc.extend_from_slice(&[0; 504]);
        f.write("old.doc", doc);
        f.write("empty.txt", "");
        f
    }

    fn dir(&self) -> PathBuf {
        self.root.path().join("in")
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) {
        let path = self.dir().join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(path, contents).unwrap();
    }

    /// `atsfit --lexicon <fixture lexicon> batch <args>`.
    fn batch(&self, args: &[&str]) -> Command {
        let mut cmd = atsfit();
        cmd.arg("--lexicon")
            .arg(self.root.path().join("lexicon"))
            .arg("batch")
            .args(args);
        cmd
    }

    /// Runs `batch DIR --format jsonl <args>` and returns the exit code and the records.
    fn jsonl(&self, args: &[&str]) -> (i32, Vec<Value>) {
        let output = self
            .batch(&["--format", "jsonl"])
            .arg(self.dir())
            .args(args)
            .output()
            .unwrap();
        (output.status.code().unwrap(), parse_jsonl(&output.stdout))
    }
}

fn parse_jsonl(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: not JSON: {line}")))
        .collect()
}

fn of_type<'a>(records: &'a [Value], kind: &str) -> Vec<&'a Value> {
    records.iter().filter(|r| r["type"] == kind).collect()
}

fn summary(records: &[Value]) -> &Value {
    let last = records.last().expect("no records");
    assert_eq!(
        last["type"], "summary",
        "the last record is not the summary"
    );
    last
}

/// File name (not path) of a record, so results compare across folders.
fn name(record: &Value) -> String {
    let file = record["file"].as_str().unwrap();
    Path::new(file)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!("../schema/report.schema.json")).unwrap();
    jsonschema::draft202012::new(&schema).unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, value: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\nin {value}");
}

#[test]
fn table_ranks_by_score() {
    let f = Fixture::good();
    let output = f
        .batch(&["--title", "Backend Developer"])
        .arg(f.dir())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].contains("Rank") && lines[0].contains("Top missing"),
        "{stdout}"
    );
    let rank_of = |file: &str| {
        lines
            .iter()
            .find(|l| l.contains(file))
            .and_then(|l| l.split_whitespace().next())
            .unwrap_or_else(|| panic!("{file} missing from\n{stdout}"))
            .to_owned()
    };
    assert_eq!(rank_of("strong.txt"), "1");
    assert_eq!(rank_of("mid.md"), "2");
    assert_eq!(rank_of("weak.txt"), "3");
    let mid = lines.iter().find(|l| l.contains("mid.md")).unwrap();
    assert!(mid.contains("Docker"), "top missing not shown: {mid}");
    assert!(stdout.contains("3 analysed"), "{stdout}");
}

#[test]
fn jsonl_records_validate_and_bad_files_become_errors() {
    let f = Fixture::with_bad_files();
    let (code, records) = f.jsonl(&["--title", "Backend Developer"]);
    assert_eq!(code, 1, "some files failed");
    let validator = validator();
    for record in &records {
        assert_valid(&validator, record);
    }
    let reports: BTreeSet<String> = of_type(&records, "report").into_iter().map(name).collect();
    assert_eq!(
        reports,
        BTreeSet::from(["mid.md".into(), "strong.txt".into(), "weak.txt".into()])
    );
    let errors: BTreeSet<(String, String)> = of_type(&records, "error")
        .into_iter()
        .map(|e| (name(e), e["code"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        errors,
        BTreeSet::from([
            ("empty.txt".into(), "empty".into()),
            ("garbage.txt".into(), "unknown_format".into()),
            ("old.doc".into(), "unsupported_format".into()),
        ])
    );
    let summary = summary(&records);
    assert_eq!(summary["analysed"], 3);
    assert_eq!(summary["failed"], 3);
    assert_eq!(summary["files"], 6);
    assert_eq!(summary["failed_by_code"]["empty"], 1);
    assert_eq!(summary["target"], "Backend Developer");
    assert_eq!(records.len(), 7, "one line per file, then the summary");
}

#[test]
fn json_is_one_document_that_validates() {
    let f = Fixture::with_bad_files();
    let output = f
        .batch(&["--format", "json", "--title", "Backend Developer"])
        .arg(f.dir())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_valid(&validator(), &document);
    assert_eq!(document["type"], "batch");
    assert_eq!(document["reports"].as_array().unwrap().len(), 3);
    assert_eq!(document["errors"].as_array().unwrap().len(), 3);
    assert_eq!(document["summary"]["analysed"], 3);
}

#[test]
fn all_good_exits_0() {
    let (code, records) = Fixture::good().jsonl(&[]);
    assert_eq!(code, 0);
    assert_eq!(summary(&records)["analysed"], 3);
    assert_eq!(summary(&records)["failed"], 0);
}

#[test]
fn min_score_exits_1_when_a_resume_is_below() {
    let f = Fixture::good();
    let (code, records) = f.jsonl(&["--title", "Backend Developer", "--min-score", "50"]);
    assert_eq!(code, 1);
    assert_eq!(summary(&records)["below_min_score"], 1);
    assert_eq!(summary(&records)["min_score"], 50);
    let (code, _) = f.jsonl(&["--title", "Backend Developer", "--min-score", "0"]);
    assert_eq!(code, 0);
}

#[test]
fn min_score_without_a_title_is_a_usage_error() {
    let f = Fixture::good();
    let (code, _) = f.jsonl(&["--min-score", "50"]);
    assert_eq!(code, 2);
}

#[test]
fn nothing_to_do_or_missing_folder_exits_2() {
    let f = Fixture::empty();
    let (code, records) = f.jsonl(&[]);
    assert_eq!(code, 2, "empty folder");
    assert_eq!(
        summary(&records)["files"],
        0,
        "the summary is still written"
    );

    f.write(".hidden.txt", "Skills\nJava");
    f.write("photo.png", b"\x89PNG\r\n\x1a\n....");
    let (code, records) = f.jsonl(&[]);
    assert_eq!(code, 2, "only skipped files");
    assert_eq!(summary(&records)["skipped"], 2);

    let output = f
        .batch(&[])
        .arg(f.dir().join("no-such-folder"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("no such folder"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn hidden_and_non_resume_files_are_skipped_and_counted() {
    let f = Fixture::good();
    f.write(".hidden-resume.txt", "Skills\nJava");
    f.write(".git/config", "[core]");
    f.write("photo.png", b"\x89PNG\r\n\x1a\n....");
    f.write("notes.csv", "name,score\njane,1\n");
    f.write("sub/nested.txt", "Skills\nJava");
    // A PDF with a foreign extension is picked by its content (and fails or is analysed,
    // depending on the PDF reader, but is not skipped).
    f.write(
        "renamed.dat",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    );
    let (_, records) = f.jsonl(&[]);
    let summary = summary(&records);
    assert_eq!(summary["skipped"], 5, "{summary}");
    assert_eq!(summary["skipped_by_reason"]["hidden"], 2);
    assert_eq!(summary["skipped_by_reason"]["not_resume"], 2);
    assert_eq!(summary["skipped_by_reason"]["directory"], 1);
    let checked: BTreeSet<String> = records[..records.len() - 1].iter().map(name).collect();
    assert!(checked.contains("renamed.dat"), "{checked:?}");
    assert_eq!(checked.len(), 4, "{checked:?}");
}

#[test]
fn recursive_walks_sub_folders_but_not_hidden_ones() {
    let f = Fixture::good();
    f.write("sub/deeper/nested.txt", "Skills\nJava, PostgreSQL");
    f.write("sub/.cache/stale.txt", "Skills\nJava");
    let (code, records) = f.jsonl(&["--recursive"]);
    assert_eq!(code, 0);
    let names: BTreeSet<String> = of_type(&records, "report").into_iter().map(name).collect();
    assert!(names.contains("nested.txt"), "{names:?}");
    assert_eq!(names.len(), 4);
    assert_eq!(summary(&records)["skipped_by_reason"]["hidden"], 1);
}

#[test]
fn files_from_stdin() {
    let f = Fixture::good();
    let strong = f.dir().join("strong.txt");
    let weak = f.dir().join("weak.txt");
    let list = format!("{}\n\n{}\r\n", strong.display(), weak.display());
    let output = f
        .batch(&["--files-from", "-", "--format", "jsonl"])
        .write_stdin(list)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let records = parse_jsonl(&output.stdout);
    let files: BTreeSet<&str> = of_type(&records, "report")
        .into_iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    let listed = [strong.to_str().unwrap(), weak.to_str().unwrap()];
    assert_eq!(files, BTreeSet::from(listed), "files are named as listed");
}

#[test]
fn csv_parses_back_with_the_documented_header() {
    let f = Fixture::with_bad_files();
    let output = f
        .batch(&["--format", "csv", "--title", "Backend Developer"])
        .arg(f.dir())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    assert_eq!(reader.headers().unwrap(), CSV_HEADER.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6);
    let ok: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| &r[2] == "ok")
        .map(|r| {
            (
                &r[0],
                Path::new(&r[1]).file_name().unwrap().to_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ok,
        [("1", "strong.txt"), ("2", "mid.md"), ("3", "weak.txt")]
    );
    let strong = &rows[0];
    assert_eq!(&strong[3], "100.0");
    let errors: BTreeSet<&str> = rows
        .iter()
        .filter(|r| &r[2] == "error")
        .map(|r| &r[10])
        .collect();
    assert_eq!(
        errors,
        BTreeSet::from(["empty", "unknown_format", "unsupported_format"])
    );
}

#[test]
fn one_or_two_jobs_give_the_same_results() {
    let f = Fixture::with_bad_files();
    for i in 0..20 {
        f.write(
            &format!("copy-{i:02}.txt"),
            format!("Person {i}\nSkills\nJava, Docker{}", ", AWS".repeat(i % 2)),
        );
    }
    let results = |jobs: &str| -> BTreeSet<String> {
        let (_, records) = f.jsonl(&["--title", "Backend Developer", "--jobs", jobs]);
        records
            .iter()
            .filter(|r| r["type"] != "summary")
            .map(|r| format!("{} {} {} {}", name(r), r["type"], r["score"], r["code"]))
            .collect()
    };
    let one = results("1");
    assert_eq!(one.len(), 26);
    assert_eq!(one, results("2"));
}

#[test]
fn output_file_is_written_and_not_read_back() {
    let f = Fixture::good();
    let output_file = f.dir().join("results.txt");
    let output = f
        .batch(&["--format", "jsonl", "--output"])
        .arg(&output_file)
        .arg(f.dir())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let records = parse_jsonl(&fs::read(&output_file).unwrap());
    assert_eq!(summary(&records)["files"], 3, "results.txt was checked");
}

#[test]
fn schema_command_prints_the_committed_schema() {
    let output = atsfit().arg("schema").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        include_str!("../schema/report.schema.json")
    );
}

#[test]
fn check_json_of_every_sample_validates() {
    let validator = validator();
    let mut validated = 0;
    for entry in fs::read_dir(sample("")).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_file() || path.file_name().is_some_and(|n| n == "README.md") {
            continue;
        }
        let output = atsfit()
            .arg("check")
            .arg(&path)
            .args(["--format", "json"])
            .output()
            .unwrap();
        if output.status.code() == Some(2) {
            // A format whose reader is not built in yet: `check` prints no JSON.
            continue;
        }
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_valid(&validator, &report);
        assert_eq!(report["type"], "report");
        validated += 1;
    }
    assert!(validated >= 5, "only {validated} samples checked");
}

#[test]
fn batch_jsonl_over_the_samples_validates() {
    let validator = validator();
    let output = atsfit()
        .args(["batch", "--recursive", "--format", "jsonl"])
        .arg(sample(""))
        .output()
        .unwrap();
    let records = parse_jsonl(&output.stdout);
    for record in &records {
        assert_valid(&validator, record);
    }
    assert!(of_type(&records, "report").len() >= 5);
    summary(&records);
}

/// A way to spoil a valid record.
type Mutation = fn(&mut Value);

#[test]
fn the_schema_is_strict() {
    let validator = validator();
    let f = Fixture::good();
    let (_, records) = f.jsonl(&["--title", "Backend Developer"]);
    let report = of_type(&records, "report")[0].clone();
    let mutations: [(&str, Mutation); 4] = [
        ("unknown field", |r| r["extra"] = Value::Bool(true)),
        ("missing field", |r| {
            r.as_object_mut().unwrap().remove("warnings");
        }),
        ("unknown type", |r| r["type"] = "reprot".into()),
        ("unknown format", |r| r["document"]["format"] = "rtf".into()),
    ];
    for (what, mutate) in mutations {
        let mut bad = report.clone();
        mutate(&mut bad);
        assert!(!validator.is_valid(&bad), "{what} passed validation");
    }
    let mut bad_summary = summary(&records).clone();
    bad_summary["failed_by_code"]["made_up"] = 1.into();
    assert!(
        !validator.is_valid(&bad_summary),
        "unknown error code passed"
    );
}
