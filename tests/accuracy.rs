//! The accuracy floor: recall and precision of what atsfit finds on the accuracy corpus
//! (`tests/accuracy/`) may only move up, and no word a truth file forbids may be reported.
//! `cargo run --release --example accuracy` prints the figures and every miss.

// The example uses all of the shared module; this test only part of it.
#![allow(dead_code)]

#[path = "accuracy/measure.rs"]
mod measure;

/// The measured figures, rounded down: raise them when the lexicon or matching improves.
const RECALL_FLOOR: f64 = 0.80;
const PRECISION_FLOOR: f64 = 0.96;
/// Per format (text, markdown, pdf, docx): no format may fall far behind.
const FORMAT_RECALL_FLOOR: f64 = 0.80;

#[test]
fn the_corpus_holds_at_least_sixty_resumes_with_truth() {
    let cases = measure::load_corpus(&measure::corpus_dir()).unwrap();
    let resumes = cases
        .iter()
        .filter(|c| !c.name.starts_with("rendered/"))
        .count();
    assert!(resumes >= 60, "{resumes} resumes");
    for case in &cases {
        assert!(
            case.truth.skill.len() >= 5,
            "{}: a truth file lists the skills",
            case.name
        );
    }
}

#[test]
fn recall_and_precision_stay_above_their_floors() {
    let checker = atsfit::Checker::embedded().unwrap();
    let cases = measure::load_corpus(&measure::corpus_dir()).unwrap();
    let outcomes: Vec<measure::Outcome> = cases
        .iter()
        .map(|c| measure::measure(&checker, c).unwrap())
        .collect();
    let all = measure::total(&outcomes);
    assert!(
        all.recall() >= RECALL_FLOOR,
        "recall {:.3} under the floor {RECALL_FLOOR}: see `cargo run --release --example accuracy`",
        all.recall()
    );
    assert!(
        all.precision() >= PRECISION_FLOOR,
        "precision {:.3} under the floor {PRECISION_FLOOR}",
        all.precision()
    );
    for (format, tally) in measure::tally_by(&outcomes, |o| o.format.clone()) {
        assert!(
            tally.recall() >= FORMAT_RECALL_FLOOR,
            "{format}: recall {:.3} under {FORMAT_RECALL_FLOOR}",
            tally.recall()
        );
    }
    let forbidden = measure::listed(&outcomes, |o| &o.must_not_hits);
    assert!(
        forbidden.is_empty(),
        "words the truth files forbid were reported as skills:\n{}",
        forbidden.join("\n")
    );
}
