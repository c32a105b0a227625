//! The report: everything a check found, as plain data (serialisable), and its printers.
//!
//! The data is built by the checker; printers only format it and never re-parse the resume.

mod human;

use serde::Serialize;

pub use human::{HumanOptions, write_human, write_lexicon_human, write_titles_human};

use crate::contact::Contact;
use crate::extract::{Format, Warning};
use crate::lexicon::Kind;
use crate::score::{Matched, Missing, Source, TitleFit};
use crate::sections::SectionKind;
use crate::suggest::Suggestion;

/// Version of the JSON output. Bumped on any change a consumer could notice; see README.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub schema_version: u32,
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
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionInfo {
    pub heading: String,
    pub kind: Option<SectionKind>,
    pub standard: bool,
    /// 1-based line of the heading in `atsfit extract`'s output.
    pub line: usize,
}

impl Report {
    /// Found terms of a kind, for printers.
    pub fn found_of_kind(&self, kind: Kind) -> impl Iterator<Item = &FoundTerm> {
        self.found.iter().filter(move |f| f.kind == kind)
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
