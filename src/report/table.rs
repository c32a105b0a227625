//! `batch --format table`: the ranked list a recruiter reads, then failures and counts.

use std::io::Write;

use super::{ErrorRecord, Ranked, SkipReason, Summary};

/// File names longer than this push the next column out rather than being cut: a truncated
/// name cannot be found again.
const FILE_COLUMN_MAX: usize = 48;

/// Writes rank, score, warning count, file and top missing requirements, one line per file
/// (`rows` must already be ranked), then the failed files and a summary line.
pub fn write_batch_table(
    out: &mut (impl Write + ?Sized),
    rows: &[Ranked],
    errors: &[ErrorRecord],
    summary: &Summary,
) -> std::io::Result<()> {
    if !rows.is_empty() {
        let rank_width = rows.len().to_string().len().max(4);
        let file_width = rows
            .iter()
            .map(|r| r.file.chars().count())
            .max()
            .unwrap_or(0)
            .clamp(4, FILE_COLUMN_MAX);
        writeln!(
            out,
            "{:>rank_width$}  {:>5}  {:>8}  {:<file_width$}  Top missing",
            "Rank", "Score", "Warnings", "File"
        )?;
        for (index, row) in rows.iter().enumerate() {
            let score = row
                .score
                .map_or_else(|| "-".to_owned(), |s| format!("{s:.1}"));
            let missing = if row.top_missing.is_empty() {
                "-".to_owned()
            } else if row.missing > row.top_missing.len() {
                format!(
                    "{} (+{} more)",
                    row.top_missing.join(", "),
                    row.missing - row.top_missing.len()
                )
            } else {
                row.top_missing.join(", ")
            };
            writeln!(
                out,
                "{:>rank_width$}  {score:>5}  {:>8}  {:<file_width$}  {missing}",
                index + 1,
                row.warnings,
                row.file
            )?;
        }
    }
    if !errors.is_empty() {
        if !rows.is_empty() {
            writeln!(out)?;
        }
        writeln!(out, "Failed ({}):", errors.len())?;
        for error in errors {
            writeln!(out, "  {}: [{}] {}", error.file, error.code, error.message)?;
        }
    }
    if !rows.is_empty() || !errors.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "{}", summary_line(summary))
}

/// "12 analysed (3 below 60), 2 failed (empty 1, not_text 1), 4 skipped (3 hidden, 1 not a
/// resume) in 0.4 s".
fn summary_line(summary: &Summary) -> String {
    let mut line = format!("{} analysed", summary.analysed);
    if let Some(min) = summary.min_score {
        line.push_str(&format!(" ({} below {min})", summary.below_min_score));
    }
    line.push_str(&format!(", {} failed", summary.failed));
    if !summary.failed_by_code.is_empty() {
        let codes: Vec<String> = summary
            .failed_by_code
            .iter()
            .map(|(code, n)| format!("{code} {n}"))
            .collect();
        line.push_str(&format!(" ({})", codes.join(", ")));
    }
    line.push_str(&format!(", {} skipped", summary.skipped));
    if !summary.skipped_by_reason.is_empty() {
        let reasons: Vec<String> = summary
            .skipped_by_reason
            .iter()
            .map(|(reason, n)| {
                let what = match reason {
                    SkipReason::Hidden => "hidden",
                    SkipReason::NotResume => "not a resume",
                    SkipReason::Directory => "sub-folders, see --recursive",
                };
                format!("{n} {what}")
            })
            .collect();
        line.push_str(&format!(" ({})", reasons.join(", ")));
    }
    #[allow(clippy::cast_precision_loss)]
    let seconds = summary.elapsed_ms as f64 / 1000.0;
    line.push_str(&format!(" in {seconds:.1} s"));
    line
}
