//! `atsfit batch`: check every resume in a folder or a list, in parallel, and rank them.
//!
//! Three kinds of thread share one checker, built once:
//! - a walker lists the files (lazily, so a folder of a million files costs no memory up front)
//!   and feeds a bounded queue, which holds the walk back when the workers are busy;
//! - `--jobs` workers read and check one file at a time, each file guarded so that a panic
//!   becomes an error record instead of ending the batch;
//! - this thread writes results as they arrive (JSONL streams; a table or CSV keeps only what
//!   ranking needs), draws the progress bar and gives up on files that take too long.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::num::NonZeroUsize;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Once, PoisonError};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use atsfit::extract::{self, Sniffed};
use atsfit::report::{self, ErrorRecord, Ranked, Report, SCHEMA_VERSION, SkipReason, Summary};
use atsfit::{Checker, Limits, Target};
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use indicatif::{ProgressBar, ProgressStyle};
use walkdir::WalkDir;

use super::Outcome;
use super::args::{BatchArgs, BatchFormat};

/// Extensions a folder walk always checks, whatever the content: a `.doc` or a `.txt` full of
/// binary is a resume someone sent, so it must show up as an error, not vanish. Files with any
/// other extension (or none) are checked only if their content is PDF or DOCX.
const RESUME_EXTENSIONS: &[&str] = &[
    "pdf", "docx", "doc", "txt", "text", "md", "markdown", "rtf", "odt",
];

/// How often the result loop wakes up without results, to check for overdue files.
const TICK: Duration = Duration::from_millis(250);

/// Files queued per worker: enough to keep workers busy, small enough to keep memory flat.
const QUEUE_PER_WORKER: usize = 4;

/// A file to check.
struct Job {
    seq: u64,
    path: PathBuf,
    /// The name printed in records: the path as walked or as listed.
    file: String,
    /// Found by a walk with a non-resume extension: check only if the content is PDF or DOCX.
    sniff: bool,
}

/// What one file came to.
#[derive(Debug)]
enum FileResult {
    Analysed(Box<Report>),
    Failed { code: &'static str, message: String },
    Skipped(SkipReason),
}

/// What the walker and the workers tell the result loop.
enum Event {
    Skipped(SkipReason, usize),
    /// The walk itself failed somewhere (an unreadable folder, a symlink loop, a bad list).
    WalkError(ErrorRecord),
    Finished {
        file: String,
        result: FileResult,
    },
    /// The walk is over and queued this many jobs.
    WalkDone(u64),
}

/// What every worker reads.
struct Shared {
    checker: Checker,
    target: Target,
    limits: Limits,
    /// Files being checked, by job number: when they started and their name. The result loop
    /// removes overdue entries; a worker that finds its entry gone knows it was given up on.
    in_flight: Mutex<HashMap<u64, (Instant, String)>>,
}

pub fn run(checker: Checker, args: &BatchArgs, stdout: &mut impl Write) -> Result<Outcome> {
    if args.job.as_deref().is_some_and(|j| j.as_os_str() == "-")
        && args
            .files_from
            .as_deref()
            .is_some_and(|f| f.as_os_str() == "-")
    {
        bail!("--job - and --files-from - cannot both read stdin");
    }
    let limits = args.limits.limits();
    let target = super::resolve_target(
        &checker,
        args.title.as_deref(),
        args.job.as_deref(),
        &limits,
    )?;
    if args.min_score.is_some() && target.is_none() {
        bail!("--min-score needs a target: add --title or --job");
    }
    let source = match (&args.dir, &args.files_from) {
        (_, Some(list)) => Source::List(list.clone()),
        (Some(dir), None) => {
            if !dir.is_dir() {
                bail!(
                    "{}: {}",
                    dir.display(),
                    if dir.exists() {
                        "not a folder (use `atsfit check` for one file)"
                    } else {
                        "no such folder"
                    }
                );
            }
            Source::Dir(dir.clone())
        }
        (None, None) => bail!("give a folder or --files-from"),
    };
    let mut file_out;
    let out: &mut dyn Write = match &args.output {
        Some(path) => {
            file_out = BufWriter::new(
                File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
            );
            &mut file_out
        }
        None => stdout,
    };
    // The output file may sit in the folder being walked: never read it back as a resume.
    let output = args.output.as_ref().and_then(|p| p.canonicalize().ok());

    let jobs = args
        .jobs
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get);
    let title = target.title.clone();
    let shared = Arc::new(Shared {
        checker,
        target,
        limits,
        in_flight: Mutex::new(HashMap::new()),
    });
    let bar = progress_bar(args.quiet);
    let (jobs_tx, jobs_rx) = crossbeam_channel::bounded::<Job>(jobs * QUEUE_PER_WORKER);
    let (events_tx, events_rx) = crossbeam_channel::bounded::<Event>(jobs * QUEUE_PER_WORKER);
    {
        let events = events_tx.clone();
        let bar = bar.clone();
        let recursive = args.recursive;
        std::thread::Builder::new()
            .name("atsfit-walk".into())
            .spawn(move || {
                walk(
                    &source,
                    recursive,
                    output.as_deref(),
                    &jobs_tx,
                    &events,
                    &bar,
                )
            })
            .context("cannot start a thread")?;
    }
    for _ in 0..jobs {
        spawn_worker(&shared, &jobs_rx, &events_tx)?;
    }

    let started = Instant::now();
    let mut results = Results {
        format: args.format,
        min_score: args.min_score,
        summary: Summary::new(title, args.min_score),
        rows: Vec::new(),
        errors: Vec::new(),
        reports_written: 0,
        line: Vec::new(),
    };
    results.begin(out)?;
    let timeout = (args.timeout > 0).then(|| Duration::from_secs(args.timeout));
    let mut queued: Option<u64> = None;
    let mut done: u64 = 0;
    while queued != Some(done) {
        match events_rx.recv_timeout(TICK) {
            Ok(Event::Skipped(reason, count)) => results.summary.add_skipped(reason, count),
            Ok(Event::WalkError(error)) => results.add(out, error.file.clone(), Err(error))?,
            Ok(Event::WalkDone(count)) => queued = Some(count),
            Ok(Event::Finished { file, result }) => {
                done += 1;
                match result {
                    FileResult::Analysed(report) => {
                        bar.inc(1);
                        results.add(out, file, Ok(report))?;
                    }
                    FileResult::Failed { code, message } => {
                        bar.inc(1);
                        let error = ErrorRecord::new(file.clone(), code, message);
                        results.add(out, file, Err(error))?;
                    }
                    FileResult::Skipped(reason) => {
                        // Not a resume after all: it leaves the count the bar shows.
                        bar.dec_length(1);
                        results.summary.add_skipped(reason, 1);
                    }
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            // Every sender is gone: nothing more can arrive.
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if let Some(limit) = timeout {
            for file in overdue(&shared, limit) {
                done += 1;
                bar.inc(1);
                let error = ErrorRecord::new(
                    file.clone(),
                    "timeout",
                    format!(
                        "gave up after {} s; the file may be crafted to stall a parser",
                        limit.as_secs()
                    ),
                );
                results.add(out, file, Err(error))?;
                // The stuck worker cannot be stopped; a fresh one keeps the pool at --jobs.
                spawn_worker(&shared, &jobs_rx, &events_tx)?;
            }
        }
    }
    bar.finish_and_clear();
    results.summary.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    results.finish(out)?;
    out.flush()?;
    // The process exits next: freeing the checker allocation by allocation would cost as
    // much as checking a resume (see `leak_at_exit`).
    std::mem::forget(shared);

    let summary = &results.summary;
    if summary.analysed + summary.failed == 0 {
        bail!(
            "nothing to check: no resume found ({} skipped)",
            summary.skipped
        );
    }
    Ok(if summary.failed > 0 || summary.below_min_score > 0 {
        Outcome::BelowThreshold
    } else {
        Outcome::Done
    })
}

/// Where the files come from.
enum Source {
    Dir(PathBuf),
    /// A file listing paths, one per line; `-` is stdin.
    List(PathBuf),
}

/// The results seen so far and how to write them.
struct Results {
    format: BatchFormat,
    min_score: Option<u8>,
    summary: Summary,
    /// For `table` and `csv`: ranking needs every score before the first line is written.
    rows: Vec<Ranked>,
    /// For every format but `jsonl`, which streams them.
    errors: Vec<ErrorRecord>,
    reports_written: u64,
    /// One record's JSON, built whole and then written at once: serde_json writes in pieces of
    /// a few bytes, each a call through `dyn Write`.
    line: Vec<u8>,
}

impl Results {
    fn begin(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        if self.format == BatchFormat::Json {
            write!(
                out,
                r#"{{"schema_version":{SCHEMA_VERSION},"type":"batch","reports":["#
            )?;
        }
        Ok(())
    }

    fn add(
        &mut self,
        out: &mut dyn Write,
        file: String,
        result: Result<Box<Report>, ErrorRecord>,
    ) -> Result<()> {
        match result {
            Ok(mut report) => {
                let below = match (self.min_score, report.score) {
                    (Some(min), Some(score)) => score < f64::from(min),
                    (Some(_), None) => true,
                    (None, _) => false,
                };
                self.summary.add_analysed(below);
                report.file = Some(file.clone());
                match self.format {
                    BatchFormat::Jsonl => write_line(out, &mut self.line, &report)?,
                    BatchFormat::Json => {
                        out.write_all(if self.reports_written == 0 {
                            b"\n"
                        } else {
                            b",\n"
                        })?;
                        self.line.clear();
                        serde_json::to_writer(&mut self.line, &report)?;
                        out.write_all(&self.line)?;
                        self.reports_written += 1;
                    }
                    BatchFormat::Table | BatchFormat::Csv => {
                        self.rows.push(Ranked::new(&report, file));
                    }
                }
            }
            Err(error) => {
                self.summary.add_failed(error.code);
                match self.format {
                    BatchFormat::Jsonl => write_line(out, &mut self.line, &error)?,
                    _ => self.errors.push(error),
                }
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write) -> Result<()> {
        self.errors.sort_by(|a, b| a.file.cmp(&b.file));
        match self.format {
            BatchFormat::Jsonl => write_line(out, &mut self.line, &self.summary)?,
            BatchFormat::Json => {
                write!(out, "\n],\"errors\":")?;
                serde_json::to_writer(&mut *out, &self.errors)?;
                write!(out, ",\"summary\":")?;
                serde_json::to_writer(&mut *out, &self.summary)?;
                writeln!(out, "}}")?;
            }
            BatchFormat::Table => {
                report::rank(&mut self.rows);
                report::write_batch_table(out, &self.rows, &self.errors, &self.summary)?;
            }
            BatchFormat::Csv => {
                report::rank(&mut self.rows);
                report::write_batch_csv(out, &self.rows, &self.errors)?;
            }
        }
        Ok(())
    }
}

fn write_line(
    out: &mut dyn Write,
    line: &mut Vec<u8>,
    value: &impl serde::Serialize,
) -> Result<()> {
    line.clear();
    serde_json::to_writer(&mut *line, value)?;
    line.push(b'\n');
    out.write_all(line)?;
    Ok(())
}

/// Count, rate and ETA on stderr, only for a person watching a terminal.
fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template(
        "{bar:30} {pos}/{len} files  {rate}  ETA {eta}  elapsed {elapsed}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    // indicatif's own {per_sec} prints four decimals; whole files per second read better.
    .with_key(
        "rate",
        |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0} files/s", state.per_sec());
        },
    );
    ProgressBar::new(0).with_style(style)
}

/// Lists the files to check into `jobs`, and what it passed over into `events`. Ends with
/// [`Event::WalkDone`] whatever happens, so the result loop knows when to stop.
fn walk(
    source: &Source,
    recursive: bool,
    output: Option<&Path>,
    jobs: &Sender<Job>,
    events: &Sender<Event>,
    bar: &ProgressBar,
) {
    let mut seq = 0;
    let mut queue = |path: PathBuf, sniff: bool| {
        let job = Job {
            seq,
            file: path.display().to_string(),
            path,
            sniff,
        };
        if jobs.send(job).is_err() {
            return false;
        }
        seq += 1;
        bar.inc_length(1);
        true
    };
    match source {
        Source::Dir(dir) => walk_dir(dir, recursive, output, &mut queue, events),
        Source::List(list) => {
            if let Err(error) = walk_list(list, &mut queue) {
                let _ = events.send(Event::WalkError(ErrorRecord::new(
                    list.display().to_string(),
                    "io",
                    format!("cannot read the list of files: {error}"),
                )));
            }
        }
    }
    let _ = events.send(Event::WalkDone(seq));
}

fn walk_dir(
    dir: &Path,
    recursive: bool,
    output: Option<&Path>,
    queue: &mut impl FnMut(PathBuf, bool) -> bool,
    events: &Sender<Event>,
) {
    let skip = |reason| {
        let _ = events.send(Event::Skipped(reason, 1));
    };
    let mut entries = WalkDir::new(dir)
        .min_depth(1)
        .max_depth(if recursive { usize::MAX } else { 1 })
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let file = error.path().unwrap_or(dir).display().to_string();
                let message = error.to_string();
                let _ = events.send(Event::WalkError(ErrorRecord::new(file, "io", message)));
                continue;
            }
        };
        let is_dir = entry.file_type().is_dir();
        if is_hidden(entry.file_name()) {
            if is_dir {
                entries.skip_current_dir();
            }
            skip(SkipReason::Hidden);
        } else if is_dir {
            if !recursive {
                skip(SkipReason::Directory);
            }
        } else if !entry.file_type().is_file() {
            skip(SkipReason::NotResume);
        } else if output.is_some_and(|o| is_same_file(o, entry.path())) {
            // Our own output: neither a resume nor worth counting.
        } else {
            let sniff = !has_resume_extension(entry.path());
            if !queue(entry.into_path(), sniff) {
                return;
            }
        }
    }
}

fn walk_list(list: &Path, queue: &mut impl FnMut(PathBuf, bool) -> bool) -> std::io::Result<()> {
    let reader: Box<dyn BufRead> = if list == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(BufReader::new(File::open(list)?))
    };
    for line in reader.lines() {
        let line = line?;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        if !queue(PathBuf::from(line), false) {
            break;
        }
    }
    Ok(())
}

fn is_hidden(name: &OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

fn has_resume_extension(path: &Path) -> bool {
    path.extension()
        .and_then(OsStr::to_str)
        .is_some_and(|e| RESUME_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn is_same_file(output: &Path, path: &Path) -> bool {
    output.file_name() == path.file_name() && path.canonicalize().is_ok_and(|p| p == output)
}

fn spawn_worker(shared: &Arc<Shared>, jobs: &Receiver<Job>, events: &Sender<Event>) -> Result<()> {
    let (shared, jobs, events) = (Arc::clone(shared), jobs.clone(), events.clone());
    std::thread::Builder::new()
        .name("atsfit-check".into())
        .spawn(move || worker(&shared, &jobs, &events))
        .context("cannot start a worker thread")?;
    Ok(())
}

fn worker(shared: &Shared, jobs: &Receiver<Job>, events: &Sender<Event>) {
    for job in jobs {
        lock(&shared.in_flight).insert(job.seq, (Instant::now(), job.file.clone()));
        let result = guarded(|| check_file(shared, &job));
        if lock(&shared.in_flight).remove(&job.seq).is_none() {
            // Given up on as overdue, and a replacement worker started: this one bows out.
            return;
        }
        let event = Event::Finished {
            file: job.file,
            result,
        };
        if events.send(event).is_err() {
            return;
        }
    }
}

fn check_file(shared: &Shared, job: &Job) -> FileResult {
    if job.sniff && !is_pdf_or_docx(&job.path, &shared.limits) {
        return FileResult::Skipped(SkipReason::NotResume);
    }
    match extract::from_path(&job.path, &shared.limits) {
        Ok(document) => {
            FileResult::Analysed(Box::new(shared.checker.check(&document, &shared.target)))
        }
        Err(error) => FileResult::Failed {
            code: error.code(),
            message: error.to_string(),
        },
    }
}

/// Whether a file with a foreign extension is a renamed PDF or DOCX. Unreadable or oversized
/// files are not: they are counted as skipped, like any other non-resume file.
fn is_pdf_or_docx(path: &Path, limits: &Limits) -> bool {
    let small_enough = std::fs::metadata(path).is_ok_and(|m| m.len() <= limits.max_file_bytes);
    small_enough
        && std::fs::read(path)
            .is_ok_and(|bytes| matches!(extract::sniff(&bytes, None), Sniffed::Pdf | Sniffed::Docx))
}

/// Files running longer than `limit`, taken out of the in-flight table so that their workers
/// know to stop once they come back.
fn overdue(shared: &Shared, limit: Duration) -> Vec<String> {
    let mut in_flight = lock(&shared.in_flight);
    let late: Vec<u64> = in_flight
        .iter()
        .filter(|(_, (started, _))| started.elapsed() > limit)
        .map(|(seq, _)| *seq)
        .collect();
    late.into_iter()
        .filter_map(|seq| in_flight.remove(&seq).map(|(_, file)| file))
        .collect()
}

/// A lock that survives a panic elsewhere: the table stays usable, which is all we need.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

thread_local! {
    /// Set while [`guarded`] runs: the panic hook records the message instead of printing it.
    static CAPTURING: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `work` and turns a panic into a `panic` error record: the last line of defence, so
/// that one malformed file cannot end a batch of thousands. The default hook would print a
/// multi-line message in the middle of the progress bar; on a guarded thread the message is
/// kept for the record instead. Other threads keep the previous hook.
fn guarded(work: impl FnOnce() -> FileResult) -> FileResult {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CAPTURING.with(Cell::get) {
                let location = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let message = format!("{}{location}", payload_text(info.payload()));
                LAST_PANIC.with(|last| last.replace(Some(message)));
            } else {
                previous(info);
            }
        }));
    });
    CAPTURING.with(|c| c.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    CAPTURING.with(|c| c.set(false));
    match result {
        Ok(result) => result,
        Err(payload) => {
            let detail = LAST_PANIC
                .with(RefCell::take)
                .unwrap_or_else(|| payload_text(payload.as_ref()).to_owned());
            FileResult::Failed {
                code: "panic",
                message: format!(
                    "internal error while checking this file ({detail}); please report it"
                ),
            }
        }
    }
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> &str {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text
    } else {
        "panic"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_record_and_the_next_call_works() {
        let result = guarded(|| panic!("boom on purpose"));
        let FileResult::Failed { code, message } = result else {
            panic!("expected a failure, got {result:?}");
        };
        assert_eq!(code, "panic");
        assert!(message.contains("boom on purpose"), "{message}");
        assert!(message.contains("batch.rs"), "location missing: {message}");

        let result = guarded(|| FileResult::Skipped(SkipReason::Hidden));
        assert!(matches!(result, FileResult::Skipped(SkipReason::Hidden)));
        assert!(!CAPTURING.with(Cell::get));
    }

    #[test]
    fn panics_with_a_formatted_message_keep_it() {
        let n = 42;
        let FileResult::Failed { message, .. } = guarded(|| panic!("index {n} out of range"))
        else {
            panic!("expected a failure");
        };
        assert!(message.contains("index 42 out of range"), "{message}");
    }

    #[test]
    fn overdue_files_are_taken_out_of_the_in_flight_table() {
        let lexicon = atsfit::Lexicon::from_sources(("terms", ""), ("titles", "")).unwrap();
        let shared = Shared {
            checker: Checker::new(lexicon).unwrap(),
            target: Target::none(),
            limits: Limits::default(),
            in_flight: Mutex::new(HashMap::new()),
        };
        let now = Instant::now();
        let long_ago = now.checked_sub(Duration::from_secs(10)).unwrap_or(now);
        lock(&shared.in_flight).insert(1, (long_ago, "stuck.pdf".into()));
        lock(&shared.in_flight).insert(2, (now, "fresh.pdf".into()));
        if long_ago < now {
            assert_eq!(overdue(&shared, Duration::from_secs(5)), ["stuck.pdf"]);
        }
        assert!(overdue(&shared, Duration::from_secs(5)).is_empty());
        assert!(lock(&shared.in_flight).contains_key(&2));
    }

    #[test]
    fn hidden_names_and_resume_extensions() {
        assert!(is_hidden(OsStr::new(".DS_Store")));
        assert!(!is_hidden(OsStr::new("jane.pdf")));
        for (name, want) in [
            ("a.PDF", true),
            ("a.docx", true),
            ("a.doc", true),
            ("a.md", true),
            ("a.txt", true),
            ("a.csv", false),
            ("a.jsonl", false),
            ("README", false),
        ] {
            assert_eq!(has_resume_extension(Path::new(name)), want, "{name}");
        }
    }
}
