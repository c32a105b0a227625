//! Shared helpers for CLI tests: the JSON contract as consumer-side structs, so tests read the
//! output the way other people's tools do.
#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;
use serde::Deserialize;

pub fn atsfit() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("atsfit"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR");
    cmd
}

pub fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportJson {
    pub schema_version: u32,
    /// Always "report" (error and summary records exist in batch output).
    #[serde(rename = "type")]
    pub record_type: String,
    pub file: Option<String>,
    pub document: DocumentJson,
    pub target: Option<TargetJson>,
    pub score: Option<f64>,
    pub found: Vec<FoundJson>,
    pub matched: Vec<RequirementJson>,
    pub missing: Vec<RequirementJson>,
    pub best_titles: Vec<TitleFitJson>,
    pub sections: Vec<SectionJson>,
    pub contact: ContactJson,
    pub suggestions: Vec<SuggestionJson>,
    pub warnings: Vec<WarningJson>,
}

#[derive(Debug, Deserialize)]
pub struct DocumentJson {
    pub format: String,
    pub pages: u32,
    pub words: usize,
}

#[derive(Debug, Deserialize)]
pub struct TargetJson {
    pub title: Option<String>,
    pub source: String,
}

#[derive(Debug, Deserialize)]
pub struct FoundJson {
    pub term: String,
    pub kind: String,
    pub category: String,
    pub count: usize,
    pub forms: Vec<String>,
    pub sections: Vec<String>,
    pub counted: bool,
    pub in_progress: bool,
}

#[derive(Debug, Deserialize)]
pub struct RequirementJson {
    pub label: String,
    pub importance: String,
    pub weight: f64,
    pub source: String,
    pub via: Option<String>,
    pub through: Option<String>,
    pub any_of: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub struct TitleFitJson {
    pub title: String,
    pub score: f64,
}

#[derive(Debug, Deserialize)]
pub struct SectionJson {
    pub heading: String,
    pub kind: Option<String>,
    pub standard: bool,
    pub line: usize,
}

#[derive(Debug, Deserialize)]
pub struct ContactJson {
    pub email: String,
    pub phone: String,
    pub location: String,
    pub linkedin: String,
    pub github: String,
}

#[derive(Debug, Deserialize)]
pub struct SuggestionJson {
    pub kind: String,
    pub term: Option<String>,
    pub message: String,
    pub priority: u8,
}

#[derive(Debug, Deserialize)]
pub struct WarningJson {
    pub code: String,
    pub message: String,
}

impl ReportJson {
    pub fn found(&self, term: &str) -> bool {
        self.found.iter().any(|f| f.term == term)
    }

    pub fn suggestions_of(&self, kind: &str) -> Vec<&SuggestionJson> {
        self.suggestions.iter().filter(|s| s.kind == kind).collect()
    }

    pub fn warning(&self, code: &str) -> Option<&WarningJson> {
        self.warnings.iter().find(|w| w.code == code)
    }
}

/// Runs `atsfit check` with JSON output and parses it.
pub fn check_json(args: &[&str]) -> ReportJson {
    let output = atsfit()
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        output.status.code() == Some(0) || output.status.code() == Some(1),
        "status {:?}, stderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)))
}
