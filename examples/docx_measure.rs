//! Measures a DOCX reader on a folder of files: what text it misses against a naive reference
//! (every `w:t` of every WordprocessingML part, runs joined per paragraph), how often marker
//! words (ending in TOKEN) come out, how long it takes, and whether it panics or hangs.
//!
//! Usage: `cargo run --release --example docx_measure -- FILE_OR_DIR...`
//!
//! This version measures docx-rs 0.4.22 behind a quick-xml well-formedness guard, in a thread
//! with a timeout so that a hang is reported rather than suffered.
#![allow(clippy::print_stdout)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use quick_xml::Reader;
use quick_xml::events::Event;

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
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let Ok(bytes) = std::fs::read(&file) else {
            println!("{name}: unreadable");
            continue;
        };
        measure(&name, bytes);
    }
}

fn measure(name: &str, bytes: Vec<u8>) {
    let guard_started = Instant::now();
    if let Err(why) = well_formed_parts(&bytes) {
        println!("{name}: guard rejects in {:?}: {why}", guard_started.elapsed());
        return;
    }
    let guard_time = guard_started.elapsed();
    let reference = reference_words(&bytes);

    let (sender, receiver) = mpsc::channel();
    let shared = bytes.clone();
    std::thread::spawn(move || {
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| docx_rs::read_docx(&shared).map(|d| d.json()));
        let _ = sender.send((started.elapsed(), outcome));
    });
    let (first_time, json) = match receiver.recv_timeout(Duration::from_secs(5)) {
        Err(_) => {
            println!("{name}: docx-rs HANGS (no answer after 5 s; thread left spinning)");
            return;
        }
        Ok((_, Err(_))) => {
            println!("{name}: docx-rs PANICS");
            return;
        }
        Ok((_, Ok(Err(e)))) => {
            println!("{name}: docx-rs error: {e}");
            return;
        }
        Ok((t, Ok(Ok(json)))) => (t, json),
    };
    let mut runs: Vec<Duration> = (0..15)
        .map(|_| {
            let started = Instant::now();
            let _ = docx_rs::read_docx(&bytes);
            started.elapsed()
        })
        .collect();
    runs.sort();
    let median = runs.get(runs.len() / 2).copied().unwrap_or(first_time);

    let mut texts = Vec::new();
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(&json) {
        collect_texts(&value, &mut texts);
    }
    let output = texts.join(" ");
    let output_words: BTreeSet<&str> = output.split_whitespace().collect();
    let missed: Vec<&String> =
        reference.iter().filter(|w| !output_words.contains(w.as_str())).collect();
    let mut markers: BTreeMap<&str, usize> = BTreeMap::new();
    for word in output.split_whitespace().filter(|w| w.ends_with("TOKEN")) {
        *markers.entry(word).or_default() += 1;
    }
    let missing_markers: Vec<&String> = reference
        .iter()
        .filter(|w| w.ends_with("TOKEN") && !markers.contains_key(w.as_str()))
        .collect();
    println!(
        "{name}: docx-rs OK, guard {guard_time:?}, read_docx median {median:?} (15 runs); \
         {} of {} reference words missed {:?}; markers {:?}; markers missing {:?}",
        missed.len(),
        reference.len(),
        missed.iter().take(12).collect::<Vec<_>>(),
        markers,
        missing_markers,
    );
}

/// Text docx-rs kept, from its JSON model: every "text" string except deleted text.
fn collect_texts(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if map.get("type").and_then(|t| t.as_str()) == Some("deleteText") {
                return;
            }
            for (key, child) in map {
                match child {
                    serde_json::Value::String(s) if key == "text" => out.push(s.clone()),
                    _ => collect_texts(child, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_texts(i, out)),
        _ => {}
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
        (&mut entry).take(64 << 20).read_to_end(&mut data).map_err(|e| e.to_string())?;
        out.push((name, data));
    }
    Ok(out)
}

/// The guard: every XML part must parse to Eof with all elements closed.
fn well_formed_parts(bytes: &[u8]) -> Result<(), String> {
    for (name, data) in parts(bytes)? {
        let mut reader = Reader::from_reader(data.as_slice());
        let mut buf = Vec::new();
        let mut depth: usize = 0;
        loop {
            match reader.read_event_into(&mut buf) {
                Err(e) => return Err(format!("{name}: {e}")),
                Ok(Event::Start(_)) => depth += 1,
                Ok(Event::End(_)) => depth = depth.saturating_sub(1),
                Ok(Event::Eof) if depth > 0 => return Err(format!("{name}: truncated")),
                Ok(Event::Eof) => break,
                Ok(_) => {}
            }
            buf.clear();
        }
    }
    Ok(())
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
                Ok(Event::Empty(e)) if e.name().as_ref() == b"w:tab" => paragraph.push(' '),
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
