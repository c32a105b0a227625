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
    let forbidden: Vec<String> = outcomes
        .iter()
        .flat_map(|o| {
            o.must_not_hits
                .iter()
                .map(move |t| format!("{}: {t}", o.case))
        })
        .collect();
    println!("must-not words reported: {}", forbidden.len());
    for line in &forbidden {
        println!("  {line}");
    }
    let in_progress: Vec<String> = outcomes
        .iter()
        .flat_map(|o| {
            o.in_progress_reported
                .iter()
                .map(move |t| format!("{}: {t}", o.case))
        })
        .collect();
    println!(
        "in-progress certifications reported as found: {}",
        in_progress.len()
    );
    for line in &in_progress {
        println!("  {line}");
    }
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

fn table(what: &str, rows: &BTreeMap<String, Tally>) {
    println!(
        "{what:<36} {:>5} {:>8} {:>9} {:>7} {:>7}",
        "docs", "recall", "precision", "missed", "false"
    );
    for (key, t) in rows {
        println!(
            "{key:<36} {:>5} {:>8.3} {:>9.3} {:>7} {:>7}",
            t.documents,
            t.recall(),
            t.precision(),
            t.missed,
            t.false_hits
        );
    }
    println!();
}
