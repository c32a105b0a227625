//! Measures the PDF extractor against pdftotext: word recall and time per file.
//!
//! `cargo run --release --example pdf_recall -- DIR_OR_FILE...` reads every `X.pdf` that has an
//! `X.pdftotext.txt` beside it. Recall = |words(pdftotext) ∩ words(ours)| / |words(pdftotext)|
//! as multisets, after lowercasing, NFKC and stripping punctuation at word edges; a split word
//! ("Edu cation") costs recall, so it is caught too.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use atsfit::extract::{Limits, from_bytes};
use unicode_normalization::UnicodeNormalization;

fn words(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    let normalized: String = text.nfkc().collect::<String>().to_lowercase();
    for raw in normalized.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if !word.is_empty() {
            *counts.entry(word.to_string()).or_insert(0) += 1;
        }
    }
    counts
}

fn join_soft_hyphen_line_ends(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        match (line.strip_suffix('\u{ad}'), lines.peek_mut()) {
            (Some(stem), Some(next)) => {
                let (first, rest) = next.split_once(' ').unwrap_or((next, ""));
                out.push_str(stem);
                out.push_str(first);
                *next = rest;
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

fn pdfs(arg: &Path) -> Vec<PathBuf> {
    if arg.is_dir() {
        let mut found: Vec<PathBuf> = std::fs::read_dir(arg)
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        found.retain(|p| p.extension().is_some_and(|e| e == "pdf"));
        found.sort();
        found
    } else {
        vec![arg.to_path_buf()]
    }
}

fn main() {
    let limits = Limits::default();
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(21);
    let verbose = std::env::var_os("VERBOSE").is_some();
    let mut medians = Vec::new();
    println!(
        "{:<50} {:>7} {:>6} {:>9}  missing (sample)",
        "file", "recall", "words", "median ms"
    );
    for arg in std::env::args().skip(1) {
        for pdf in pdfs(Path::new(&arg)) {
            let reference = pdf.with_extension("pdftotext.txt");
            let Ok(bytes) = std::fs::read(&pdf) else {
                continue;
            };
            let mut times = Vec::new();
            let mut result = None;
            for _ in 0..runs.max(1) {
                let start = Instant::now();
                let doc = from_bytes(&bytes, Some("pdf"), &limits);
                times.push(start.elapsed().as_secs_f64() * 1000.0);
                result = Some(doc);
            }
            times.sort_by(f64::total_cmp);
            let median = times.get(times.len() / 2).copied().unwrap_or_default();
            let name = pdf
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let doc = match result {
                Some(Ok(doc)) => doc,
                Some(Err(e)) => {
                    println!("{name:<50} error: {e} ({median:.2} ms)");
                    continue;
                }
                None => continue,
            };
            let ours_text: String = doc
                .lines
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            if verbose {
                for line in &doc.lines {
                    println!(
                        "  p{} {:?}{} | {}",
                        line.page,
                        line.origin,
                        if line.heading_hint { " H" } else { "" },
                        line.text
                    );
                }
                for w in &doc.warnings {
                    println!("  warning {}: {}", w.code.as_str(), w.message);
                }
            }
            let Ok(reference_text) = std::fs::read_to_string(&reference) else {
                println!(
                    "{name:<50} {:>7} {:>6} {median:>9.2}  warnings: {:?}",
                    "-",
                    "-",
                    doc.warnings
                        .iter()
                        .map(|w| w.code.as_str())
                        .collect::<Vec<_>>()
                );
                continue;
            };
            medians.push(median);
            // pdftotext sometimes leaves a word split at a soft hyphen ("sub\u{ad}" / "missions")
            // where we join it; join it in the reference too so the correct reading is not a miss.
            let reference_text = join_soft_hyphen_line_ends(&reference_text);
            let theirs = words(&reference_text);
            let mut ours = words(&ours_text);
            // pdftotext joins a word hyphenated across a line end and drops the hyphen
            // ("fault-" + "tolerant" → "faulttolerant"); count that joined form as read too.
            for pair in doc.lines.windows(2) {
                if let [a, b] = pair
                    && let Some(stem) = a
                        .text
                        .split_whitespace()
                        .last()
                        .and_then(|w| w.strip_suffix('-'))
                    && stem.ends_with(char::is_alphabetic)
                    && let Some(next) = b.text.split_whitespace().next()
                {
                    for (word, n) in words(&format!("{stem}{next}")) {
                        *ours.entry(word).or_insert(0) += n;
                    }
                }
            }
            let total: usize = theirs.values().sum();
            let mut found = 0;
            let mut missing: Vec<(String, usize)> = Vec::new();
            for (word, &count) in &theirs {
                let have = ours.get_mut(word).map(std::mem::take).unwrap_or(0);
                found += have.min(count);
                if have < count {
                    missing.push((word.clone(), count - have));
                }
            }
            missing.sort();
            let recall = if total == 0 {
                1.0
            } else {
                found as f64 / total as f64
            };
            let sample: Vec<String> = missing
                .iter()
                .take(10)
                .map(|(w, n)| {
                    if *n > 1 {
                        format!("{w}×{n}")
                    } else {
                        w.clone()
                    }
                })
                .collect();
            let codes: Vec<&str> = doc.warnings.iter().map(|w| w.code.as_str()).collect();
            println!(
                "{name:<50} {:>6.2}% {total:>6} {median:>9.2}  {} {codes:?}",
                recall * 100.0,
                sample.join(" ")
            );
        }
    }
    medians.sort_by(f64::total_cmp);
    if let Some(m) = medians.get(medians.len() / 2) {
        println!(
            "median of per-file medians: {m:.2} ms over {} files",
            medians.len()
        );
    }
}
