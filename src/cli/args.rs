//! Command-line arguments (clap derive). Validation into a run plan happens in `cli::run`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub const EXIT_CODES: &str = "\
Exit codes:
  0  done (and the score reached --min-score, if given)
  1  ran, but the score is below --min-score, or some files failed (batch)
  2  usage or fatal error: missing or unreadable file, unsupported format, unknown title, bad lexicon";

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
