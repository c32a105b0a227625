//! The human printer: short and scannable. Styles are always written; the caller's stream
//! (anstream) strips them when colour is off.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::Report;
use crate::lexicon::{Kind, Lexicon};

const BOLD: Style = Style::new().bold();
const GOOD: Style = AnsiColor::Green.on_default();
const BAD: Style = AnsiColor::Red.on_default();
const WARN: Style = AnsiColor::Yellow.on_default();
const DIM: Style = Style::new().dimmed();

/// How much the human report shows.
#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    /// Suggestions shown; the rest are counted (JSON has them all).
    pub max_suggestions: usize,
}

impl Default for HumanOptions {
    fn default() -> HumanOptions {
        HumanOptions { max_suggestions: 8 }
    }
}

pub fn write_human(out: &mut impl Write, report: &Report, options: HumanOptions) -> io::Result<()> {
    let file = report.file.as_deref().unwrap_or("<stdin>");
    let d = &report.document;
    writeln!(
        out,
        "{BOLD}{file}{BOLD:#} {DIM}({}, {} page{}, {} words){DIM:#}",
        d.format.as_str(),
        d.pages,
        plural(d.pages as usize),
        d.words
    )?;

    match (&report.target, report.score) {
        (Some(target), Some(score)) => {
            let style = if score >= 75.0 {
                GOOD
            } else if score >= 50.0 {
                WARN
            } else {
                BAD
            };
            let title = target.title.as_deref().unwrap_or("the job posting");
            writeln!(
                out,
                "\n{BOLD}Score{BOLD:#} {style}{score:.0}/100{style:#} for {BOLD}{title}{BOLD:#}"
            )?;
            for m in &report.matched {
                let via = match (&m.through, m.via == m.requirement.label) {
                    (Some(narrower), true) => format!(" {DIM}via {narrower}{DIM:#}"),
                    (Some(narrower), false) => {
                        format!(" {DIM}via {}, through {narrower}{DIM:#}", m.via)
                    }
                    (None, true) => String::new(),
                    (None, false) => format!(" {DIM}via {}{DIM:#}", m.via),
                };
                writeln!(
                    out,
                    "  {GOOD}✓{GOOD:#} {:<6} {}{via}",
                    m.requirement.importance.as_str(),
                    m.requirement.label
                )?;
            }
            for m in &report.missing {
                let options = if m.any_of.len() > 1 {
                    format!(" {DIM}(any of {}){DIM:#}", m.any_of.join(", "))
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "  {BAD}✗{BAD:#} {:<6} {}{options}",
                    m.requirement.importance.as_str(),
                    m.requirement.label
                )?;
            }
        }
        (Some(_), None) => writeln!(
            out,
            "\n{BAD}No score: the file has no readable text (see warnings).{BAD:#}"
        )?,
        (None, _) if !report.best_titles.is_empty() => {
            writeln!(
                out,
                "\n{BOLD}Best-fitting titles{BOLD:#} {DIM}(use --title to score against one){DIM:#}"
            )?;
            for fit in &report.best_titles {
                writeln!(out, "  {:>5.1}  {}", fit.score, fit.title)?;
            }
        }
        (None, _) => {}
    }

    writeln!(
        out,
        "\n{BOLD}Found{BOLD:#} {DIM}({} terms){DIM:#}",
        report.found.len()
    )?;
    for (kind, name) in [
        (Kind::HardSkill, "Skills"),
        (Kind::Tool, "Tools"),
        (Kind::Certification, "Certifications"),
        (Kind::SoftSkill, "Soft skills"),
    ] {
        let terms: Vec<&str> = report
            .found_of_kind(kind)
            .map(|f| f.term.as_str())
            .collect();
        if !terms.is_empty() {
            writeln!(out, "  {name:<15} {}", terms.join(", "))?;
        }
    }
    let uncounted: Vec<&str> = report
        .found
        .iter()
        .filter(|f| !f.counted)
        .map(|f| f.term.as_str())
        .collect();
    if !uncounted.is_empty() {
        writeln!(
            out,
            "  {DIM}Not counted (hobbies, references, degree fields, certifications not held yet): {}{DIM:#}",
            uncounted.join(", ")
        )?;
    }

    if !report.sections.is_empty() {
        let names: Vec<String> = report
            .sections
            .iter()
            .map(|s| {
                if s.standard {
                    s.heading.clone()
                } else {
                    format!("{WARN}{}?{WARN:#}", s.heading)
                }
            })
            .collect();
        writeln!(out, "\n{BOLD}Sections{BOLD:#}  {}", names.join(" · "))?;
    }

    if !report.suggestions.is_empty() {
        writeln!(out, "\n{BOLD}Suggestions{BOLD:#}")?;
        for s in report.suggestions.iter().take(options.max_suggestions) {
            writeln!(out, "  • {}", s.message)?;
        }
        let hidden = report
            .suggestions
            .len()
            .saturating_sub(options.max_suggestions);
        if hidden > 0 {
            writeln!(
                out,
                "  {DIM}… and {hidden} more (--format json lists all){DIM:#}"
            )?;
        }
    }

    if !report.warnings.is_empty() {
        writeln!(out, "\n{BOLD}Warnings{BOLD:#}")?;
        for w in &report.warnings {
            writeln!(out, "  {WARN}![{}]{WARN:#} {}", w.code.as_str(), w.message)?;
        }
    }
    Ok(())
}

pub fn write_titles_human(out: &mut impl Write, lexicon: &Lexicon) -> io::Result<()> {
    for title in &lexicon.titles {
        let aliases = if title.aliases.is_empty() {
            String::new()
        } else {
            format!(" {DIM}({}){DIM:#}", title.aliases.join(", "))
        };
        writeln!(out, "{BOLD}{}{BOLD:#}{aliases}", title.name)?;
        for r in &title.requires {
            let terms: Vec<&str> = r
                .any
                .iter()
                .filter_map(|&id| lexicon.term(id))
                .map(|t| t.name.as_str())
                .collect();
            let detail = if terms.len() > 1 {
                format!(": {}", terms.join(", "))
            } else {
                String::new()
            };
            writeln!(out, "  {:<6} {}{detail}", r.weight.as_str(), r.label)?;
        }
    }
    Ok(())
}

pub fn write_lexicon_human(out: &mut impl Write, lexicon: &Lexicon) -> io::Result<()> {
    for term in &lexicon.terms {
        let aliases = if term.aliases.is_empty() {
            String::new()
        } else {
            format!("  {DIM}{}{DIM:#}", term.aliases.join(", "))
        };
        writeln!(
            out,
            "{:<40} {:<13} {:<13}{aliases}",
            term.name,
            term.kind.as_str(),
            term.category
        )?;
    }
    writeln!(
        out,
        "{DIM}{} terms, {} titles{DIM:#}",
        lexicon.terms.len(),
        lexicon.titles.len()
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
