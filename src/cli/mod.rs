//! The command line: parse arguments, run the library, print. Decides the exit code once.

mod args;
mod batch;

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use atsfit::report::{self, HumanOptions};
use atsfit::{Checker, Lexicon, Limits, Target};
use clap::Parser;

use args::{CheckArgs, Cli, ColorChoice, Command, OutputFormat};

/// Outcome of a command that ran.
enum Outcome {
    Done,
    /// Ran, but below the threshold (or some files failed).
    BelowThreshold,
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::BelowThreshold) => ExitCode::from(1),
        // The reader stopped early (`atsfit batch ... | head`): end quietly, like any filter.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let mut stderr = std::io::stderr();
            let _ = writeln!(stderr, "atsfit: {}", one_line(&e));
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    let kind = error
        .downcast_ref::<std::io::Error>()
        .map(std::io::Error::kind)
        .or_else(|| {
            error
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
        });
    kind == Some(std::io::ErrorKind::BrokenPipe)
}

/// The error chain on one line: "resume.pdf: password-protected PDF: ...".
fn one_line(error: &anyhow::Error) -> String {
    error
        .chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}

fn run(cli: Cli) -> Result<Outcome> {
    let color = match cli.global.color {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    let mut out = anstream::AutoStream::new(std::io::stdout().lock(), color);
    if let Command::Schema = cli.command {
        out.write_all(report::SCHEMA.as_bytes())?;
        out.flush()?;
        return Ok(Outcome::Done);
    }
    let lexicon_dir = cli.global.lexicon.as_deref();
    let outcome = match cli.command {
        Command::Batch(args) => batch::run(build_checker(lexicon_dir)?, &args, &mut out)?,
        Command::Schema => Outcome::Done,
        Command::Check(args) => check(lexicon_dir, &args, &mut out)?,
        Command::Extract { file, limits } => {
            let (checker, document) =
                build_checker_alongside(lexicon_dir, || read(&file, &limits.limits()))?;
            report::write_ats_view(&mut out, &checker.ats_view(&document?))?;
            leak_at_exit(checker);
            Outcome::Done
        }
        Command::Titles { format } => {
            let lexicon = load_lexicon(lexicon_dir)?;
            match format {
                OutputFormat::Human => report::write_titles_human(&mut out, &lexicon)?,
                OutputFormat::Json => write_json(&mut out, &report::titles_json(&lexicon))?,
            }
            Outcome::Done
        }
        Command::Lexicon { format } => {
            let lexicon = load_lexicon(lexicon_dir)?;
            match format {
                OutputFormat::Human => report::write_lexicon_human(&mut out, &lexicon)?,
                OutputFormat::Json => write_json(&mut out, &lexicon.terms)?,
            }
            Outcome::Done
        }
    };
    out.flush()?;
    Ok(outcome)
}

fn load_lexicon(lexicon_dir: Option<&Path>) -> Result<Lexicon> {
    Ok(match lexicon_dir {
        Some(dir) => Lexicon::from_dir(dir).context("bad lexicon")?,
        None => Lexicon::embedded().context("the built-in lexicon is broken")?,
    })
}

fn build_checker(lexicon_dir: Option<&Path>) -> Result<Checker> {
    Ok(match lexicon_dir {
        Some(_) => Checker::new(load_lexicon(lexicon_dir)?)?,
        None => Checker::embedded().context("the built-in lexicon is broken")?,
    })
}

/// Builds the checker while `work` (reading the resume) runs on another thread: on a
/// one-resume run the two are nearly all the time, and they do not depend on each other.
fn build_checker_alongside<T: Send>(
    lexicon_dir: Option<&Path>,
    work: impl FnOnce() -> T + Send,
) -> Result<(Checker, T)> {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("atsfit-read".into())
            .spawn_scoped(scope, work);
        let checker = build_checker(lexicon_dir);
        let done = match worker {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: do it here. `work` went with the failed spawn, so this
            // cannot happen twice; report it as any other failure.
            Err(e) => return Err(anyhow::Error::from(e).context("cannot start a thread")),
        };
        Ok((checker?, done))
    })
}

/// The process is about to exit, which frees the checker's memory at once; dropping its
/// hundred thousand allocations one by one first would add about a tenth to a run.
fn leak_at_exit(checker: Checker) {
    std::mem::forget(checker);
}

fn read(path: &Path, limits: &Limits) -> Result<atsfit::Document> {
    atsfit::extract::from_path(path, limits).with_context(|| path.display().to_string())
}

/// The target from `--title` and `--job` (see `atsfit check --help` for how they combine).
fn resolve_target(
    checker: &Checker,
    title: Option<&str>,
    job: Option<&Path>,
    limits: &Limits,
) -> Result<Target> {
    let title = title.map(|t| checker.title_target(t)).transpose()?;
    Ok(match job {
        Some(job) => checker.job_target(&read_job(job, limits)?, title),
        None => title.unwrap_or_else(Target::none),
    })
}

/// Reads a job posting from a file, or from stdin for `-`.
fn read_job(path: &Path, limits: &Limits) -> Result<atsfit::Document> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        // One byte past the limit is enough to know the posting is too large.
        std::io::stdin()
            .take(limits.max_file_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .context("reading the job posting from stdin")?;
        return atsfit::extract::from_bytes(&bytes, None, limits).context("job posting on stdin");
    }
    atsfit::extract::from_path(path, limits)
        .with_context(|| format!("job posting {}", path.display()))
}

fn check(lexicon_dir: Option<&Path>, args: &CheckArgs, out: &mut impl Write) -> Result<Outcome> {
    let limits = args.limits.limits();
    let (checker, document) = build_checker_alongside(lexicon_dir, || read(&args.file, &limits))?;
    let target = resolve_target(
        &checker,
        args.title.as_deref(),
        args.job.as_deref(),
        &limits,
    )?;
    if args.min_score.is_some() && target.is_none() {
        bail!("--min-score needs a target: add --title or --job");
    }
    let mut report = checker.check(&document?, &target);
    leak_at_exit(checker);
    report.file = Some(args.file.display().to_string());
    match args.format {
        OutputFormat::Human => {
            let options = if args.all {
                HumanOptions {
                    max_suggestions: usize::MAX,
                }
            } else {
                HumanOptions::default()
            };
            report::write_human(out, &report, options)?;
        }
        OutputFormat::Json => write_json(out, &report)?,
    }
    let below = match (args.min_score, report.score) {
        (Some(min), Some(score)) => score < f64::from(min),
        (Some(_), None) => true,
        (None, _) => false,
    };
    Ok(if below {
        Outcome::BelowThreshold
    } else {
        Outcome::Done
    })
}

fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}
