//! A loop over PDF extraction for profilers: `perf record`, `valgrind --tool=callgrind`.
//!
//! `cargo run --release --example pdf_profile -- [--iterations N] [--max-pages N] FILE_OR_DIR...`
//! extracts every PDF N times (default 1) and prints, per file, pages, lines and the median
//! wall-clock time per extraction. `--dump` prints every line and warning instead, to compare
//! the output of two builds exactly.

use std::path::{Path, PathBuf};
use std::time::Instant;

use atsfit::extract::{Limits, from_bytes};

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
    let mut iterations = 1usize;
    let mut dump = false;
    let mut limits = Limits::default();
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--iterations" => {
                iterations = args.next().and_then(|v| v.parse().ok()).unwrap_or(1);
            }
            "--dump" => dump = true,
            "--max-pages" => {
                if let Some(n) = args.next().and_then(|v| v.parse().ok()) {
                    limits.max_pages = n;
                }
            }
            _ => files.extend(pdfs(Path::new(&arg))),
        }
    }
    let loaded: Vec<(PathBuf, Vec<u8>)> = files
        .into_iter()
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect();
    for (path, bytes) in &loaded {
        let mut times = Vec::with_capacity(iterations);
        let mut summary = String::new();
        for _ in 0..iterations.max(1) {
            let start = Instant::now();
            let result = from_bytes(bytes, Some("pdf"), &limits);
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            summary = match result {
                Ok(doc) if dump => {
                    let mut out = format!("{} pages\n", doc.pages);
                    for line in &doc.lines {
                        out.push_str(&format!(
                            "  p{} {:?}{} | {}\n",
                            line.page,
                            line.origin,
                            if line.heading_hint { " H" } else { "" },
                            line.text
                        ));
                    }
                    for warning in &doc.warnings {
                        out.push_str(&format!(
                            "  warning {}: {}\n",
                            warning.code.as_str(),
                            warning.message
                        ));
                    }
                    out
                }
                Ok(doc) => format!("{} pages, {} lines", doc.pages, doc.lines.len()),
                Err(e) => format!("error: {e}"),
            };
        }
        times.sort_by(f64::total_cmp);
        let median = times.get(times.len() / 2).copied().unwrap_or_default();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if dump {
            println!("{name}: {summary}");
        } else {
            println!("{name:<45} {median:>8.3} ms  {summary}");
        }
    }
}
