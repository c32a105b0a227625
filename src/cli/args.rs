//! Command-line arguments (clap derive). Validation into a run plan happens in `cli::run`.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use atsfit::Limits;
use clap::{Args, Parser, Subcommand, ValueEnum};

pub const EXIT_CODES: &str = "\
Exit codes:
  0  done (and every score reached --min-score, if given; batch: every file analysed)
  1  ran, but a score is below --min-score, or (batch) some files failed and were reported
  2  nothing could run: usage or fatal error (missing or unreadable file, unsupported format,
     unknown title, bad lexicon), or (batch) a missing folder or no resume to check";

#[derive(Debug, Parser)]
#[command(
    name = "atsfit",
    version,
    about = "How well will a resume fare in an Applicant Tracking System?",
    long_about = "Reads a resume (PDF, DOCX, text or Markdown) the way an ATS does and reports the \
                  skills, tools, certifications and soft skills it claims, its coverage of a target \
                  job title, what is missing, what to fix, and what an ATS will misread. Nothing \
                  leaves the machine.",
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Use the lexicon in DIR (terms.toml and titles.toml) instead of the built-in one.
    #[arg(long, global = true, value_name = "DIR")]
    pub lexicon: Option<PathBuf>,

    /// When to use colour in human output (NO_COLOR is honoured with `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check one resume: found terms, score for a target title, suggestions, warnings.
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Print the text as an ATS reads it, with section markers.
    Extract {
        /// The resume (PDF, DOCX, .txt or .md).
        file: PathBuf,

        #[command(flatten)]
        limits: LimitArgs,
    },
    /// List the job titles that --title accepts, with their requirements.
    Titles {
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
    },
    /// List every term the lexicon knows (name, kind, category, aliases).
    Lexicon {
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
    },
    /// Check every resume in a folder (or a list of files), in parallel, and rank them.
    #[command(after_help = EXIT_CODES)]
    Batch(BatchArgs),
    /// Print the JSON Schema (draft 2020-12) of the JSON output of `check` and `batch`.
    Schema,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// The folder to check. Files are picked by content and extension (PDF, DOCX, text,
    /// Markdown); hidden files and other files are skipped and counted.
    #[arg(required_unless_present = "files_from", conflicts_with = "files_from")]
    pub dir: Option<PathBuf>,

    /// Check the files listed in FILE, one path per line (`-` for stdin), instead of a folder.
    /// Every listed file is checked or reported as an error: nothing is skipped.
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,

    /// Score against this job title (see `atsfit titles`).
    #[arg(long, short)]
    pub title: Option<String>,

    /// Score against a job posting (PDF, DOCX, .txt or .md; `-` reads it from stdin); with
    /// --title too, the title's requirements fill in what the posting does not mention.
    #[arg(long, value_name = "FILE")]
    pub job: Option<PathBuf>,

    /// Walk sub-folders too (hidden ones are skipped).
    #[arg(long, short)]
    pub recursive: bool,

    /// Files checked at once [default: the number of cores].
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<NonZeroUsize>,

    /// Output format: a ranked table, one JSON document, JSON Lines streamed as files finish
    /// (then a summary line), or CSV ranked by score.
    #[arg(long, value_enum, default_value_t = BatchFormat::Table)]
    pub format: BatchFormat,

    /// Write the results to FILE instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Exit with 1 when any score is below N (0-100). Needs --title or --job.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_score: Option<u8>,

    /// Give up on a file after SECS seconds and report it as a `timeout` error (0: never).
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub timeout: u64,

    /// No progress bar (it is shown only when stderr is a terminal anyway).
    #[arg(long, short)]
    pub quiet: bool,

    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchFormat {
    Table,
    Json,
    Jsonl,
    Csv,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The resume (PDF, DOCX, .txt or .md); the format is recognised by content.
    pub file: PathBuf,

    /// Score against this job title (case-insensitive; aliases accepted; see `atsfit titles`).
    #[arg(long, short)]
    pub title: Option<String>,

    /// Score against a job posting (PDF, DOCX, .txt or .md; `-` reads it from stdin). Every
    /// skill the posting names is a requirement, weighted by where and how often it is asked
    /// for. With --title too, the posting's requirements count as written and the title's
    /// requirements that the posting does not mention are added as a fallback.
    #[arg(long, short, value_name = "FILE")]
    pub job: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,

    /// Exit with 1 when the score is below N (0-100). Needs --title or --job.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_score: Option<u8>,

    /// Show every suggestion in human output, not only the top ones.
    #[arg(long)]
    pub all: bool,

    #[command(flatten)]
    pub limits: LimitArgs,
}

/// The limits a user may need to move; the others are documented in docs/LIMITS.md. They apply
/// to the resumes and to a job posting alike.
#[derive(Debug, Clone, Copy, Args)]
#[command(next_help_heading = "Limits (docs/LIMITS.md lists them all)")]
pub struct LimitArgs {
    /// Read at most N pages of a PDF; later pages are counted but not read, and the report
    /// carries a `page_limit` warning.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_pages,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_pages: u32,

    /// Refuse files larger than SIZE, in bytes or with a K, M or G suffix (powers of 1024):
    /// they fail with a `limit_exceeded` error.
    #[arg(long, value_name = "SIZE", default_value = "50M", value_parser = parse_size)]
    pub max_file_size: u64,
}

impl LimitArgs {
    pub fn limits(&self) -> Limits {
        Limits {
            max_pages: self.max_pages,
            max_file_bytes: self.max_file_size,
            ..Limits::default()
        }
    }
}

/// A size such as `2000000`, `512K`, `50M` or `1G` (also `50MB`, `50MiB`; case ignored).
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(digits_end);
    let number: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size: give bytes or a number with K, M or G"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("unknown size unit in `{text}`: use K, M or G")),
    };
    let bytes = number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))?;
    if bytes == 0 {
        return Err("the size must be at least one byte".into());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_the_default_matches_the_library() {
        assert_eq!(parse_size("50M"), Ok(Limits::default().max_file_bytes));
        assert_eq!(parse_size("2000000"), Ok(2_000_000));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1 GiB"), Ok(1 << 30));
        assert_eq!(parse_size("3MB"), Ok(3 << 20));
        for bad in ["", "M", "12X", "-1", "0", "99999999999999999999G"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
