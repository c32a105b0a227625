//! `batch --format csv`: one row per file for spreadsheets. Quoting is left to the csv crate,
//! since file names and messages hold commas, quotes and newlines.

use std::io::Write;

use super::{ErrorRecord, Ranked};

/// The columns, in order; documented in `docs/batch.md`. Changing them is a contract change.
pub const CSV_HEADER: [&str; 12] = [
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

/// Writes the header, the ranked rows (best first; `rows` must already be ranked), then one row
/// per failed file with an empty rank and score.
pub fn write_batch_csv(
    out: &mut (impl Write + ?Sized),
    rows: &[Ranked],
    errors: &[ErrorRecord],
) -> std::io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record(CSV_HEADER)?;
    for (index, row) in rows.iter().enumerate() {
        writer.write_record([
            (index + 1).to_string(),
            row.file.clone(),
            "ok".to_owned(),
            row.score.map(|s| format!("{s:.1}")).unwrap_or_default(),
            row.matched.to_string(),
            row.missing.to_string(),
            row.top_missing.join("; "),
            row.warnings.to_string(),
            row.format.as_str().to_owned(),
            row.words.to_string(),
            String::new(),
            String::new(),
        ])?;
    }
    for error in errors {
        writer.write_record([
            "",
            error.file.as_str(),
            "error",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            error.code,
            error.message.as_str(),
        ])?;
    }
    writer.flush()?;
    Ok(())
}
