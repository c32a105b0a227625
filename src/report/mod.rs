//! The report: everything a check found, as plain data (serialisable), and its printers.
//!
//! The data is built by the checker; printers only format it and never re-parse the resume.

mod csv;
mod human;
mod table;

use std::collections::BTreeMap;

use serde::Serialize;

pub use csv::{CSV_HEADER, write_batch_csv};
pub use human::{HumanOptions, write_human, write_lexicon_human, write_titles_human};
pub use table::write_batch_table;

use crate::contact::Contact;
use crate::extract::{Format, Warning};
use crate::lexicon::Kind;
use crate::score::{Matched, Missing, Source, TitleFit};
use crate::sections::SectionKind;
use crate::suggest::Suggestion;

/// Version of the JSON output. Bumped on any change a consumer could notice; see README.
pub const SCHEMA_VERSION: u32 = 1;

/// The JSON Schema (draft 2020-12) of every object atsfit prints, as `atsfit schema` shows it.
/// Embedded from the repository's copy so the two cannot drift.
pub const SCHEMA: &str = include_str!("../../schema/report.schema.json");

/// What a JSON object is. Every object atsfit prints carries it as `type`, so a consumer
/// reading a JSONL stream can dispatch on one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RecordType {
    /// The check of one resume.
    #[default]
    Report,
    /// A file that could not be checked.
    Error,
    /// Counts for a whole batch.
    Summary,
    /// A whole batch as one document (`batch --format json`).
    Batch,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub schema_version: u32,
    /// Always [`RecordType::Report`].
    #[serde(rename = "type")]
    pub record: RecordType,
    /// The file checked, as given on the command line (`null` for stdin or in-memory text).
    pub file: Option<String>,
    pub document: DocumentInfo,
    pub target: Option<TargetInfo>,
    /// 0–100; `null` without a target or when the file has no readable text.
    pub score: Option<f64>,
    /// Every term detected in visible text.
    pub found: Vec<FoundTerm>,
    /// Requirements met, heaviest first.
    pub matched: Vec<Matched>,
    /// Requirements missed, heaviest first.
    pub missing: Vec<Missing>,
    /// Without a target: the titles the resume fits best.
    pub best_titles: Vec<TitleFit>,
    pub sections: Vec<SectionInfo>,
    pub contact: Contact,
    /// Highest priority first.
    pub suggestions: Vec<Suggestion>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentInfo {
    pub format: Format,
    pub pages: u32,
    pub words: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetInfo {
    pub title: Option<String>,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoundTerm {
    /// The canonical name.
    pub term: String,
    pub kind: Kind,
    pub category: String,
    /// How many times it appears.
    pub count: usize,
    /// The spellings used, as written.
    pub forms: Vec<String>,
    /// The kinds of section it appears in (`top` before the first heading, `other` under an
    /// unrecognised one).
    pub sections: Vec<String>,
    /// False when no mention is evidence of a skill: every one is under Interests, Hobbies or
    /// References, names the field of a degree, or a certification not held yet. Listed, but
    /// it meets no requirement.
    pub counted: bool,
    /// A certification the resume says is not held yet ("expected 2027", "studying for").
    pub in_progress: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionInfo {
    pub heading: String,
    pub kind: Option<SectionKind>,
    pub standard: bool,
    /// 1-based line of the heading in `atsfit extract`'s output.
    pub line: usize,
}

/// A file a batch could not check: its failure is data, and the batch goes on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorRecord {
    pub schema_version: u32,
    /// Always [`RecordType::Error`].
    #[serde(rename = "type")]
    pub record: RecordType,
    pub file: String,
    /// A stable code: an [`ExtractError::code`](crate::ExtractError::code), `timeout` or `panic`.
    pub code: &'static str,
    pub message: String,
}

impl ErrorRecord {
    pub fn new(file: String, code: &'static str, message: String) -> ErrorRecord {
        ErrorRecord {
            schema_version: SCHEMA_VERSION,
            record: RecordType::Error,
            file,
            code,
            message,
        }
    }
}

/// Why a batch passed over a file without checking it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// A name starting with a dot (a hidden folder counts once; its files are not walked).
    Hidden,
    /// Neither a resume extension nor PDF or DOCX content.
    NotResume,
    /// A sub-folder without `--recursive`.
    Directory,
}

/// Counts for a whole batch; the last line of a JSONL stream.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub schema_version: u32,
    /// Always [`RecordType::Summary`].
    #[serde(rename = "type")]
    pub record: RecordType,
    /// The title scored against, if any.
    pub target: Option<String>,
    pub min_score: Option<u8>,
    /// `analysed + failed + skipped`.
    pub files: usize,
    pub analysed: usize,
    /// Analysed files whose score is below `min_score` (or have no score while one is set).
    pub below_min_score: usize,
    pub failed: usize,
    pub failed_by_code: BTreeMap<&'static str, usize>,
    pub skipped: usize,
    pub skipped_by_reason: BTreeMap<SkipReason, usize>,
    pub elapsed_ms: u64,
}

impl Summary {
    pub fn new(target: Option<String>, min_score: Option<u8>) -> Summary {
        Summary {
            schema_version: SCHEMA_VERSION,
            record: RecordType::Summary,
            target,
            min_score,
            files: 0,
            analysed: 0,
            below_min_score: 0,
            failed: 0,
            failed_by_code: BTreeMap::new(),
            skipped: 0,
            skipped_by_reason: BTreeMap::new(),
            elapsed_ms: 0,
        }
    }

    /// Counts one analysed file.
    pub fn add_analysed(&mut self, below_min_score: bool) {
        self.files += 1;
        self.analysed += 1;
        self.below_min_score += usize::from(below_min_score);
    }

    pub fn add_failed(&mut self, code: &'static str) {
        self.files += 1;
        self.failed += 1;
        *self.failed_by_code.entry(code).or_default() += 1;
    }

    pub fn add_skipped(&mut self, reason: SkipReason, count: usize) {
        if count == 0 {
            return;
        }
        self.files += count;
        self.skipped += count;
        *self.skipped_by_reason.entry(reason).or_default() += count;
    }
}

/// What ranking needs of a report, and no more: a batch of ten thousand resumes keeps these,
/// not the reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub file: String,
    pub score: Option<f64>,
    /// The heaviest missing requirements, at most [`Ranked::TOP_MISSING`].
    pub top_missing: Vec<String>,
    pub matched: usize,
    pub missing: usize,
    pub warnings: usize,
    pub format: Format,
    pub words: usize,
}

impl Ranked {
    pub const TOP_MISSING: usize = 3;

    pub fn new(report: &Report, file: String) -> Ranked {
        Ranked {
            file,
            score: report.score,
            top_missing: report
                .missing
                .iter()
                .take(Ranked::TOP_MISSING)
                .map(|m| m.requirement.label.clone())
                .collect(),
            matched: report.matched.len(),
            missing: report.missing.len(),
            warnings: report.warnings.len(),
            format: report.document.format,
            words: report.document.words,
        }
    }
}

/// Best score first, files without a score last, ties by file name, so the order does not
/// depend on which worker finished first.
pub fn rank(rows: &mut [Ranked]) {
    rows.sort_by(|a, b| match (a.score, b.score) {
        (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.file.cmp(&b.file)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.file.cmp(&b.file),
    });
}

impl Report {
    /// Found terms of a kind, for printers.
    pub fn found_of_kind(&self, kind: Kind) -> impl Iterator<Item = &FoundTerm> {
        self.found
            .iter()
            .filter(move |f| f.kind == kind && f.counted)
    }
}

/// Writes the normalised text with a marker before each section and the origin of every line
/// that is not plain body text.
pub fn write_ats_view(
    out: &mut impl std::io::Write,
    view: &crate::checker::AtsView,
) -> std::io::Result<()> {
    use crate::extract::Origin;
    for (index, line) in view.text.lines.iter().enumerate() {
        if let Some(section) = view.sections.list.iter().find(|s| s.line == index) {
            let kind = section.kind.map_or("unrecognised", |k| k.as_str());
            let note = if section.standard {
                ""
            } else {
                ", non-standard heading"
            };
            writeln!(out, "=== section: {kind}{note} ===")?;
        }
        let text = view.text.line_text(line);
        let prefix = match line.origin {
            Origin::Body => "",
            Origin::Header => "[header] ",
            Origin::Footer => "[footer] ",
            Origin::Table => "[table] ",
            Origin::TextBox => "[text box] ",
            Origin::Footnote => "[footnote] ",
            Origin::Hidden => "[hidden] ",
        };
        writeln!(out, "{prefix}{text}")?;
    }
    Ok(())
}

/// Titles as JSON-friendly data: requirement terms by name, not by index.
#[derive(Debug, Clone, Serialize)]
pub struct TitleJson {
    pub name: String,
    pub aliases: Vec<String>,
    pub requires: Vec<RequirementJson>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequirementJson {
    pub weight: crate::lexicon::Weight,
    pub label: String,
    pub any: Vec<String>,
}

pub fn titles_json(lexicon: &crate::lexicon::Lexicon) -> Vec<TitleJson> {
    lexicon
        .titles
        .iter()
        .map(|t| TitleJson {
            name: t.name.clone(),
            aliases: t.aliases.clone(),
            requires: t
                .requires
                .iter()
                .map(|r| RequirementJson {
                    weight: r.weight,
                    label: r.label.clone(),
                    any: r
                        .any
                        .iter()
                        .filter_map(|&id| lexicon.term(id))
                        .map(|t| t.name.clone())
                        .collect(),
                })
                .collect(),
        })
        .collect()
}
