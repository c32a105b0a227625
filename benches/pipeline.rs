//! Throughput of the stages that run per file, and the one-off cost of building the checker.
//!
//! `cargo bench --bench pipeline`; figures are in the README.

use std::hint::black_box;

use atsfit::{Checker, Document, Lexicon, Target};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn sample(name: &str) -> String {
    let path = format!("{}/samples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn bench(c: &mut Criterion) {
    c.bench_function("build checker (embedded lexicon)", |b| {
        b.iter_with_large_drop(|| Checker::embedded().unwrap())
    });
    c.bench_function("build checker (assembled lexicon)", |b| {
        b.iter_with_large_drop(|| Checker::new(Lexicon::embedded().unwrap()).unwrap())
    });

    let checker = Checker::embedded().unwrap();
    let target = checker.title_target("Backend Developer").unwrap();
    let resume_text = sample("backend-developer.md");
    let resume = Document::from_text(&resume_text);

    let mut group = c.benchmark_group("check");
    group.throughput(Throughput::Bytes(resume_text.len() as u64));
    group.bench_function("one resume, title target", |b| {
        b.iter(|| checker.check(black_box(&resume), &target))
    });
    // The same check without suggestions and report: what suggestions cost.
    group.bench_function("one resume, title target, analysis only", |b| {
        b.iter(|| checker.analyse(black_box(&resume), &target).hits.len())
    });
    // Suggestions alone, on an analysis made once: their share of a whole check.
    let analysis = checker.analyse(&resume, &target);
    group.bench_function("one resume, title target, suggestions alone", |b| {
        b.iter(|| atsfit::suggest::suggest(black_box(&analysis)))
    });
    group.bench_function("one resume, no target", |b| {
        b.iter(|| checker.check(black_box(&resume), &Target::none()))
    });
    group.finish();

    // About 1 MB of resume text: the matching stage's throughput.
    let all: String = [
        "backend-developer.md",
        "devops-engineer.txt",
        "frontend-developer.md",
        "data-engineer.txt",
    ]
    .iter()
    .map(|n| sample(n))
    .collect::<Vec<_>>()
    .join("\n");
    let big_text = all.repeat((1 << 20) / all.len() + 1);
    let big = Document::from_text(&big_text);
    let mut group = c.benchmark_group("match 1 MB");
    group.throughput(Throughput::Bytes(big_text.len() as u64));
    group.sample_size(20);
    group.bench_function("analyse (normalize + sections + match)", |b| {
        b.iter(|| checker.analyse(black_box(&big), &Target::none()).hits.len())
    });
    // Matching alone, on text already normalised and split into sections.
    let view = checker.ats_view(&big);
    let matcher = atsfit::matcher::Matcher::new(checker.lexicon()).unwrap();
    group.bench_function("match (Matcher::find)", |b| {
        b.iter(|| matcher.find(black_box(&view.text), &view.sections).len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
