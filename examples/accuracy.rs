//! Precision and recall of what atsfit finds, on the accuracy corpus (`tests/accuracy/`): per
//! title, kind and format, then every miss and false hit.
//!
//! `cargo run --release --example accuracy [-- DIR]` (DIR: another corpus laid out the same way)

use std::collections::BTreeMap;

#[path = "../tests/accuracy/measure.rs"]
mod measure;

use measure::{Outcome, Tally};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let checker = atsfit::Checker::embedded()?;
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(measure::corpus_dir, std::path::PathBuf::from);
    let cases = measure::load_corpus(&dir)?;
    let outcomes: Vec<Outcome> = cases
        .iter()
        .map(|case| measure::measure(&checker, case))
        .collect::<Result<_, _>>()?;
    let all = measure::total(&outcomes);
    println!(
        "{} documents: recall {:.3} ({} of {}), precision {:.3} ({} false hits)\n",
        all.documents,
        all.recall(),
        all.found,
        all.found + all.missed,
        all.precision(),
        all.false_hits
    );
    table("title", &measure::tally_by(&outcomes, |o| o.title.clone()));
    table("kind", &measure::tally_by_kind(&outcomes));
    table(
        "format",
        &measure::tally_by(&outcomes, |o| o.format.clone()),
    );
    let forbidden = measure::listed(&outcomes, |o| &o.must_not_hits);
    println!("must-not words reported: {}", forbidden.len());
    for line in &forbidden {
        println!("  {line}");
    }
    let in_progress = measure::listed(&outcomes, |o| &o.in_progress_reported);
    println!(
        "in-progress certifications reported as found: {}",
        in_progress.len()
    );
    for line in &in_progress {
        println!("  {line}");
    }
    parity(&outcomes);
    println!("\nmisses and false hits, by document:");
    for o in &outcomes {
        if o.misses.is_empty() && o.false_hits.is_empty() {
            continue;
        }
        println!("  {}", o.case);
        if !o.misses.is_empty() {
            let names: Vec<&str> = o.misses.iter().map(|(n, _)| n.as_str()).collect();
            println!("    missed: {}", names.join(", "));
        }
        if !o.false_hits.is_empty() {
            let names: Vec<&str> = o.false_hits.iter().map(|(n, _)| n.as_str()).collect();
            println!("    false:  {}", names.join(", "));
        }
    }
    Ok(())
}

/// Each rendering against the same resume as written: whether it yields the same terms, per
/// producer, with the terms lost and gained.
fn parity(outcomes: &[Outcome]) {
    let source: BTreeMap<&str, &Outcome> = outcomes
        .iter()
        .filter(|o| !o.case.starts_with("rendered/"))
        .map(|o| (o.case.split('.').next().unwrap_or_default(), o))
        .collect();
    // producer -> (documents, identical, lost, gained)
    let mut by_producer: BTreeMap<String, (usize, usize, Vec<String>, Vec<String>)> =
        BTreeMap::new();
    for o in outcomes.iter().filter(|o| o.case.starts_with("rendered/")) {
        let file = o.case.trim_start_matches("rendered/");
        let mut parts = file.split('.');
        let stem = parts.next().unwrap_or_default();
        let producer = format!("{} {}", parts.next().unwrap_or("?"), o.format);
        let Some(written) = source.get(stem) else {
            continue;
        };
        let entry = by_producer.entry(producer).or_default();
        entry.0 += 1;
        let lost: Vec<String> = written
            .reported
            .iter()
            .filter(|t| !o.reported.contains(t))
            .map(|t| format!("{stem}: {t}"))
            .collect();
        let gained: Vec<String> = o
            .reported
            .iter()
            .filter(|t| !written.reported.contains(t))
            .map(|t| format!("{stem}: {t}"))
            .collect();
        if lost.is_empty() && gained.is_empty() {
            entry.1 += 1;
        }
        entry.2.extend(lost);
        entry.3.extend(gained);
    }
    println!("\nparity with the resume as written (same terms found):");
    for (producer, (documents, identical, lost, gained)) in &by_producer {
        println!(
            "  {producer:<22} {identical} of {documents} identical; {} terms lost, {} gained",
            lost.len(),
            gained.len()
        );
        for t in lost {
            println!("    lost   {t}");
        }
        for t in gained {
            println!("    gained {t}");
        }
    }
}

fn table(what: &str, rows: &BTreeMap<String, Tally>) {
    println!(
        "{what:<36} {:>5} {:>8} {:>9} {:>7} {:>7}",
        "docs", "recall", "precision", "missed", "false"
    );
    for (key, t) in rows {
        // Kinds are counted over terms, not documents.
        let documents = if t.documents == 0 {
            "-".to_owned()
        } else {
            t.documents.to_string()
        };
        println!(
            "{key:<36} {documents:>5} {:>8.3} {:>9.3} {:>7} {:>7}",
            t.recall(),
            t.precision(),
            t.missed,
            t.false_hits
        );
    }
    println!();
}
