//! Times each stage of the pipeline over ~1 MB of resume text: where a check spends its time.
//! `cargo run --release --example stage_times`

use std::time::Instant;

use atsfit::{Checker, Document, Lexicon, Target};

fn main() {
    let started = Instant::now();
    let lexicon = Lexicon::embedded().expect("embedded lexicon");
    let parsed = started.elapsed();
    let checker = Checker::new(lexicon).expect("checker");
    let built = started.elapsed();
    println!("lexicon parse {parsed:?}, checker build total {built:?}");

    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/");
    let all: String = [
        "backend-developer.md",
        "devops-engineer.txt",
        "frontend-developer.md",
        "data-engineer.txt",
    ]
    .iter()
    .map(|n| std::fs::read_to_string(format!("{dir}{n}")).expect("sample"))
    .collect::<Vec<_>>()
    .join("\n");
    let text = all.repeat((1 << 20) / all.len() + 1);
    let document = Document::from_text(&text);
    let mb = text.len() as f64 / 1e6;
    let time = |name: &str, f: &dyn Fn() -> usize| {
        let t = Instant::now();
        let mut n = 0;
        for _ in 0..5 {
            n += f();
        }
        let secs = t.elapsed().as_secs_f64() / 5.0;
        println!(
            "{name:<28} {:>8.2} ms  {:>8.1} MB/s  ({n})",
            secs * 1e3,
            mb / secs
        );
    };
    let normalized = atsfit::normalize::normalize_document(&document);
    time("normalize", &|| {
        atsfit::normalize::normalize_document(&document).lines.len()
    });
    time("sections", &|| {
        checker.ats_view(&document).sections.list.len()
    });
    let view = checker.ats_view(&document);
    let matcher = atsfit::matcher::Matcher::new(checker.lexicon()).expect("matcher");
    time("match (Matcher::find)", &|| {
        matcher.find(&view.text, &view.sections).len()
    });
    time("word count", &|| view.text.word_count());
    time("contact", &|| {
        atsfit::contact::detect(&normalized).email as usize
    });
    time("analyse (no suggestions)", &|| {
        checker.analyse(&document, &Target::none()).hits.len()
    });
    let one = std::fs::read_to_string(format!("{dir}backend-developer.md")).expect("sample");
    let resume = Document::from_text(&one);
    let target = checker.title_target("Backend Developer").expect("title");
    let analysis = checker.analyse(&resume, &target);
    let t = Instant::now();
    for _ in 0..200 {
        std::hint::black_box(atsfit::suggest::suggest(&analysis));
    }
    println!("suggest on one resume: {:?}", t.elapsed() / 200);
    let t = Instant::now();
    for _ in 0..200 {
        std::hint::black_box(checker.analyse(&resume, &target));
    }
    println!("analyse one resume: {:?}", t.elapsed() / 200);
    time("check", &|| {
        checker.check(&document, &Target::none()).found.len()
    });
}
