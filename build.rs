//! Compiles the embedded lexicon (`lexicon/*.toml`) into Rust statics, so the binary starts
//! without parsing TOML: the parse was 22M of the 80M instructions it took to build a checker.
//!
//! This only transcribes the files; `Lexicon::embedded` runs the same validation on the result
//! as on any lexicon, and a test checks that it equals the lexicon parsed from the TOML. If the
//! files do not parse, the build still succeeds and `Lexicon::embedded` falls back to the TOML
//! itself, whose loader reports the error with its file and line.

use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

/// The matcher's variants of each form, derived here for the embedded lexicon exactly as at run
/// time for any other (a test checks they agree).
#[allow(dead_code)]
#[path = "src/matcher/variants.rs"]
mod variants;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermsFile {
    #[serde(default)]
    term: Vec<Term>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Term {
    name: String,
    kind: String,
    category: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    common_words: Vec<String>,
    #[serde(default)]
    broader: Vec<String>,
    #[serde(default)]
    not_in: Vec<String>,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    verbs: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TitlesFile {
    #[serde(default)]
    title: Vec<Title>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Title {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    requires: Vec<Requirement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Requirement {
    weight: String,
    #[serde(default)]
    label: Option<String>,
    any: Vec<String>,
}

fn main() {
    println!("cargo::rerun-if-changed=lexicon/terms.toml");
    println!("cargo::rerun-if-changed=lexicon/titles.toml");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/matcher/variants.rs");
    let out_dir = std::env::var_os("OUT_DIR").unwrap_or_default();
    let code = compile().unwrap_or_else(|| {
        "const COMPILED: Option<Compiled> = None;\nconst COMPILED_VARIANTS: &[(usize, &str, bool, bool)] = &[];\n".into()
    });
    if let Err(e) = std::fs::write(Path::new(&out_dir).join("lexicon.rs"), code) {
        println!("cargo::warning=cannot write the compiled lexicon: {e}");
    }
}

/// The generated code, or `None` when a file does not parse or holds a value the runtime
/// types cannot represent (the TOML loader then reports it).
fn compile() -> Option<String> {
    let terms: TermsFile =
        toml::from_str(&std::fs::read_to_string("lexicon/terms.toml").ok()?).ok()?;
    let titles: TitlesFile =
        toml::from_str(&std::fs::read_to_string("lexicon/titles.toml").ok()?).ok()?;
    let mut code = String::from("const COMPILED: Option<Compiled> = Some(Compiled {\nterms: &[\n");
    for term in &terms.term {
        let kind = match term.kind.as_str() {
            "hard_skill" => "HardSkill",
            "tool" => "Tool",
            "certification" => "Certification",
            "soft_skill" => "SoftSkill",
            _ => return None,
        };
        writeln!(
            code,
            "CompiledTerm {{ name: {:?}, kind: Kind::{kind}, category: {:?}, aliases: &{:?}, common_words: &{:?}, broader: &{:?}, not_in: &{:?}, sources: &{:?}, verbs: &{:?} }},",
            term.name, term.category, term.aliases, term.common_words, term.broader, term.not_in, term.sources, term.verbs
        )
        .ok()?;
    }
    code.push_str("],\ntitles: &[\n");
    for title in &titles.title {
        writeln!(
            code,
            "CompiledTitle {{ name: {:?}, aliases: &{:?}, requires: &[",
            title.name, title.aliases
        )
        .ok()?;
        for requirement in &title.requires {
            let weight = match requirement.weight.as_str() {
                "must" => "Must",
                "should" => "Should",
                "nice" => "Nice",
                _ => return None,
            };
            writeln!(
                code,
                "CompiledRequirement {{ weight: Weight::{weight}, label: {:?}, any: &{:?} }},",
                requirement.label, requirement.any
            )
            .ok()?;
        }
        code.push_str("] },\n");
    }
    code.push_str("],\n});\n");
    let forms: Vec<(usize, &str, bool, bool, bool)> = terms
        .term
        .iter()
        .enumerate()
        .flat_map(|(id, term)| {
            std::iter::once(term.name.as_str())
                .chain(term.aliases.iter().map(String::as_str))
                .map(move |text| {
                    let common_word = term.common_words.iter().any(|c| c == text);
                    (id, text, common_word, false, false)
                })
                .chain(
                    term.not_in
                        .iter()
                        .map(move |text| (id, text.as_str(), false, true, false)),
                )
                .chain(
                    term.verbs
                        .iter()
                        .map(move |text| (id, text.as_str(), false, false, true)),
                )
        })
        .collect();
    code.push_str("const COMPILED_VARIANTS: &[(usize, &str, bool, bool)] = &[\n");
    for (term, text, common_word, verb) in variants::derive(forms.iter().copied()) {
        writeln!(code, "({term}, {text:?}, {common_word}, {verb}),").ok()?;
    }
    code.push_str("];\n");
    Some(code)
}
