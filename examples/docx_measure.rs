//! Measures a DOCX reader on a folder of files: what text it misses against a naive reference
//! (every `w:t` of every WordprocessingML part, runs joined per paragraph), how often marker
//! words (ending in TOKEN) come out, how long it takes, and whether it panics or hangs.
//!
//! Usage: `cargo run --release --example docx_measure -- FILE_OR_DIR...`
//!
//! It measures atsfit's own DOCX reader (`DOCX_MEASURE_SHOW=1` also prints the lines). The
//! version of this program that measured docx-rs 0.4.22 is in the history of
//! `src/extract/docx/README.md`'s numbers (commit "Measure docx-rs 0.4.22 ...").
#![allow(clippy::print_stdout)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use atsfit::extract::{Limits, docx};
use quick_xml::Reader;
use quick_xml::events::Event;

const RUNS: usize = 51;

fn main() {
    let mut files: Vec<PathBuf> = Vec::new();
    for arg in std::env::args().skip(1) {
        let path = PathBuf::from(arg);
        if path.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(&path)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "docx"))
                .collect();
            entries.sort();
            files.extend(entries);
        } else {
            files.push(path);
        }
    }
    for file in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Ok(bytes) = std::fs::read(&file) else {
            println!("{name}: unreadable");
            continue;
        };
        measure(&name, bytes);
    }
}

fn measure(name: &str, bytes: Vec<u8>) {
    let limits = Limits::default();
    let started = Instant::now();
    let outcome = docx::extract(&bytes, &limits);
    let first_time = started.elapsed();
    let document = match outcome {
        Err(error) => {
            println!("{name}: error in {first_time:?} [{}] {error}", error.code());
            return;
        }
        Ok(document) => document,
    };
    let mut runs: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let _ = docx::extract(&bytes, &limits);
            started.elapsed()
        })
        .collect();
    runs.sort();
    let median = runs.get(runs.len() / 2).copied().unwrap_or(first_time);

    let reference = reference_words(&bytes);
    let output: String = document
        .lines
        .iter()
        .map(|l| format!("{}\n", l.text))
        .collect();
    let output_words: BTreeSet<&str> = output.split_whitespace().collect();
    let missed: Vec<&String> = reference
        .iter()
        .filter(|w| !output_words.contains(w.as_str()))
        .collect();
    let mut markers: BTreeMap<&str, usize> = BTreeMap::new();
    for word in output.split_whitespace().filter(|w| w.ends_with("TOKEN")) {
        *markers.entry(word).or_default() += 1;
    }
    let mut origins: BTreeMap<String, usize> = BTreeMap::new();
    for line in &document.lines {
        *origins.entry(format!("{:?}", line.origin)).or_default() += 1;
    }
    let headings = document.lines.iter().filter(|l| l.heading_hint).count();
    let warnings: Vec<&str> = document.warnings.iter().map(|w| w.code.as_str()).collect();
    println!(
        "{name}: OK, median {median:?} ({RUNS} runs); {} lines {origins:?}, {headings} headings, \
         warnings {warnings:?}; {} of {} reference words missed {:?}; markers {markers:?}",
        document.lines.len(),
        missed.len(),
        reference.len(),
        missed.iter().take(12).collect::<Vec<_>>(),
    );
    if std::env::var_os("DOCX_MEASURE_SHOW").is_some() {
        for line in &document.lines {
            println!(
                "    {:?} {} {:?}",
                line.origin,
                if line.heading_hint { "#" } else { " " },
                line.text
            );
        }
    }
}

fn parts(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|e| e.to_string())?;
        let name = entry.name().to_owned();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut data = Vec::new();
        (&mut entry)
            .take(64 << 20)
            .read_to_end(&mut data)
            .map_err(|e| e.to_string())?;
        out.push((name, data));
    }
    Ok(out)
}

/// Words of every paragraph in the document, header, footer, footnote and endnote parts.
fn reference_words(bytes: &[u8]) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for (name, data) in parts(bytes).unwrap_or_default() {
        let wanted = name == "word/document.xml"
            || name.starts_with("word/header")
            || name.starts_with("word/footer")
            || name == "word/footnotes.xml"
            || name == "word/endnotes.xml";
        if !wanted {
            continue;
        }
        let mut reader = Reader::from_reader(data.as_slice());
        let mut buf = Vec::new();
        let mut in_text = false;
        let mut paragraph = String::new();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e)) if e.name().as_ref() == b"w:t" => in_text = true,
                Ok(Event::End(e)) if e.name().as_ref() == b"w:t" => in_text = false,
                Ok(Event::End(e)) if e.name().as_ref() == b"w:p" => {
                    words.extend(paragraph.split_whitespace().map(str::to_owned));
                    paragraph.clear();
                }
                Ok(Event::Empty(e))
                    if matches!(e.name().as_ref(), b"w:tab" | b"w:br" | b"w:cr") =>
                {
                    paragraph.push(' ')
                }
                Ok(Event::Text(t)) if in_text => {
                    paragraph.push_str(&t.decode().unwrap_or_default());
                }
                Ok(Event::GeneralRef(r)) if in_text => {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        paragraph.push(c);
                    } else {
                        match &*r {
                            b"amp" => paragraph.push('&'),
                            b"lt" => paragraph.push('<'),
                            b"gt" => paragraph.push('>'),
                            b"quot" => paragraph.push('"'),
                            b"apos" => paragraph.push('\''),
                            _ => {}
                        }
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
            buf.clear();
        }
    }
    words
}
