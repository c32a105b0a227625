//! What suggestions cost next to the analysis, on one resume, for callgrind:
//! `valgrind --tool=callgrind --toggle-collect='*suggest::suggest*' target/release/examples/suggest_cost`
//! and the same with `--toggle-collect='*Checker::analyse*'`, or `'*Checker::check*'` for the
//! whole check. Runs each 100 times (`ROUNDS`). With `SUGGEST_ONLY=1`, runs suggestions alone
//! on one analysis, for `perf record`; with `CHECK_ONLY=1`, whole checks alone (compare
//! `ROUNDS=0` for the set-up).
use atsfit::{Checker, Document};

fn main() {
    let checker = Checker::embedded().expect("checker");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/backend-developer.md");
    let text = std::fs::read_to_string(path).expect("sample");
    let resume = Document::from_text(&text);
    // `NO_TARGET=1`: without a title, as `atsfit check FILE` runs.
    let target = if std::env::var_os("NO_TARGET").is_some() {
        atsfit::Target::none()
    } else {
        checker.title_target("Backend Developer").expect("title")
    };
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(100);
    if std::env::var_os("CHECK_ONLY").is_some() {
        for _ in 0..rounds {
            std::hint::black_box(checker.check(std::hint::black_box(&resume), &target));
        }
        return;
    }
    if std::env::var_os("SUGGEST_ONLY").is_some() {
        let analysis = checker.analyse(&resume, &target);
        for _ in 0..rounds {
            std::hint::black_box(atsfit::suggest::suggest(std::hint::black_box(&analysis)));
        }
        return;
    }
    for _ in 0..rounds {
        let analysis = checker.analyse(&resume, &target);
        std::hint::black_box(atsfit::suggest::suggest(&analysis));
        std::hint::black_box(checker.check(&resume, &target));
    }
}
