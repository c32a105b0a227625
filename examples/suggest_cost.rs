//! What suggestions cost next to the analysis, on one resume, for callgrind:
//! `valgrind --tool=callgrind --toggle-collect='*suggest::suggest*' target/release/examples/suggest_cost`
//! and the same with `--toggle-collect='*Checker::analyse*'`. Runs each 100 times.
use atsfit::{Checker, Document};

fn main() {
    let checker = Checker::embedded().expect("checker");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/backend-developer.md");
    let text = std::fs::read_to_string(path).expect("sample");
    let resume = Document::from_text(&text);
    let target = checker.title_target("Backend Developer").expect("title");
    for _ in 0..100 {
        let analysis = checker.analyse(&resume, &target);
        std::hint::black_box(atsfit::suggest::suggest(&analysis));
    }
}
