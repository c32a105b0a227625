//! Near misses: words that are a misspelling of a known term ("Kubernets", "Postgress").
//! ATS match exactly, so a misspelt skill is a missing skill.
//!
//! Candidates come from a deletion index (every form, and every form with one character
//! deleted, keyed in a map), so a word is compared only with the few terms it could be one edit
//! away from, never with the whole lexicon. Candidates are then confirmed with
//! Damerau-Levenshtein (strsim). Precision comes first: only words that look like skills are
//! considered (capitalised in mid-sentence, or in a skills list), and ordinary English words
//! never are.

use std::collections::{HashMap, HashSet};

use crate::lexicon::{Lexicon, TermId};

/// Forms shorter than this are not indexed: one edit from a four-letter word is another word.
const MIN_FORM_LEN: usize = 5;

/// English words one edit away from a term's name, which must never be "corrected".
const ENGLISH: &[&str] = &[
    "scale",
    "scaled",
    "scales",
    "cloud",
    "clouds",
    "reach",
    "reacts",
    "sparks",
    "rails",
    "trails",
    "docket",
    "pandas",
    "panda",
    "shell",
    "shells",
    "swift",
    "rusty",
    "angle",
    "angles",
    "spring",
    "springs",
    "express",
    "excel",
    "jenkin",
    "chef",
    "chefs",
    "puppet",
    "puppets",
    "julia",
    "hive",
    "hives",
    "ruby",
    "flask",
    "unity",
    "slack",
    "access",
    "word",
    "words",
    "make",
    "maker",
    "makes",
    "vault",
    "consul",
    "nomad",
    "packer",
    "helms",
    "istio",
    "kafkaesque",
    "redis",
    "radix",
    "redux",
    "lambda",
    "lambdas",
    "athens",
    "aurora",
    "glue",
    "glued",
    "beam",
    "beams",
    "storm",
    "storms",
    "pulsar",
    "kibana",
    "falcon",
    "bottle",
    "pyramid",
    "meteor",
    "ember",
    "embers",
    "backbone",
    "mercury",
    "sentry",
    "elixir",
    "crystal",
    "darts",
    "kotlin",
    "scalar",
    "scalars",
    "scaling",
    "quarks",
    "quark",
    "spacy",
    "fastly",
    "looker",
    "lookers",
    "notion",
    "notions",
    "linear",
    "teams",
    "office",
    "outlook",
    "torch",
    "nodes",
    "jest",
    "mocha",
    "jasmine",
    "karma",
    "cucumber",
    "postman",
    "postmen",
    "tableau",
    "snowflake",
    "redshift",
    "agile",
    "scrum",
    "lean",
    "cargo",
    "gradle",
    "maven",
    "ansible",
    "docker",
    "dockers",
    "swarm",
    "linux",
    "apache",
    "oracle",
    "oracles",
    "react",
    "angular",
    "vue",
    "svelte",
    "nest",
    "gatsby",
    "remix",
    "astro",
    "spark",
    "kafka",
    "flink",
    "presto",
    "trino",
    "druid",
    "pinot",
    "delta",
    "iceberg",
    "hudi",
    "arrow",
    "parquet",
    "avro",
    "thrift",
    "gremlin",
    "neptune",
    "couch",
    "sanity",
    "strapi",
    "heroku",
    "vercel",
    "netlify",
    "render",
    "railway",
    "fly",
    "ionic",
    "cordova",
    "xamarin",
    "flutter",
    "dart",
    "native",
    "expo",
    "testing",
    "tests",
    "tester",
    "manager",
    "managers",
    "management",
    "design",
    "designs",
    "designer",
    "server",
    "servers",
    "service",
    "services",
    "system",
    "systems",
    "network",
    "networks",
    "security",
    "secure",
    "python",
    "pythons",
    "golang",
    "javas",
    "rusts",
    "script",
    "scripts",
    "scripting",
    "latex",
    "matter",
    "matters",
    "master",
    "masters",
    "leader",
    "leaders",
    "mentor",
    "mentors",
    "mentored",
    "sparkle",
    "sprint",
    "sprints",
    "graph",
    "graphs",
    "query",
    "queries",
    "cache",
    "caches",
    "cached",
    "stream",
    "streams",
    "queue",
    "queues",
    "batch",
    "model",
    "models",
    "modeling",
    "modelling",
    "pipeline",
    "pipelines",
    "deploy",
    "deploys",
    "deployed",
    "cluster",
    "clusters",
    "report",
    "reports",
    "reporting",
    "vision",
    "visio",
    "power",
    "excels",
    "words",
    "sheets",
    "slides",
    "drive",
    "forms",
    "sites",
    "chrome",
    "safari",
    "edge",
    "figma",
    "sketch",
    "sketches",
    "invision",
    "zeplin",
    "miro",
    "trello",
    "asana",
    "basecamp",
    "confluence",
    "jira",
];

/// A misspelling found in the resume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearMiss {
    /// The word as written.
    pub written: String,
    pub term: TermId,
    /// The form it is closest to.
    pub form: String,
}

/// The deletion index over the lexicon's single-word forms. Built once per checker.
#[derive(Debug, Clone, Default)]
pub struct NearMissIndex {
    /// Key (a form, or a form with one character deleted, lower case) → (form, term).
    by_key: HashMap<String, Vec<(String, TermId)>>,
    /// Every form of every term, lower case: a word that is a form is never a near miss.
    forms: HashSet<String>,
    /// English words never "corrected", as a set (looked up for every candidate word).
    english: HashSet<&'static str>,
    /// (first two letters, length in chars) of every indexed form: a cheap test that rules out
    /// most words before any deletion string is built. Misspellings keep their first two letters
    /// far more often than not; the few that do not are missed.
    shapes: HashSet<(char, char, usize)>,
}

impl NearMissIndex {
    pub fn new(lexicon: &Lexicon) -> NearMissIndex {
        let mut index = NearMissIndex {
            english: ENGLISH.iter().copied().collect(),
            ..NearMissIndex::default()
        };
        for (id, term) in lexicon.terms.iter().enumerate() {
            for form in term.forms() {
                let lower = form.to_lowercase();
                index.forms.insert(lower.clone());
                let is_common = term.common_words.iter().any(|c| c == form);
                let indexable = lower.chars().count() >= MIN_FORM_LEN
                    && lower
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '#' | '+'))
                    && lower.chars().any(char::is_alphabetic)
                    && !is_common;
                if !indexable {
                    continue;
                }
                if let Some(shape) = shape(&lower) {
                    index.shapes.insert(shape);
                }
                for key in deletions(&lower)
                    .into_iter()
                    .chain(std::iter::once(lower.clone()))
                {
                    let bucket = index.by_key.entry(key).or_default();
                    if !bucket.iter().any(|(f, t)| *t == id && *f == lower) {
                        bucket.push((lower.clone(), id));
                    }
                }
            }
        }
        index
    }

    /// The term a word is a misspelling of, if it is one edit (or a transposition) away from
    /// exactly one term's form and is not itself a known form or English word.
    pub fn lookup(&self, word: &str) -> Option<(TermId, &str)> {
        let lower = word.to_lowercase();
        let (first, second, len) = shape(&lower)?;
        // One edit changes the length by at most one.
        if len < MIN_FORM_LEN
            || !(len - 1..=len + 1).any(|l| self.shapes.contains(&(first, second, l)))
        {
            return None;
        }
        if self.forms.contains(&lower) || self.english.contains(lower.as_str()) {
            return None;
        }
        let mut best: Option<(TermId, &str)> = None;
        for key in deletions(&lower)
            .into_iter()
            .chain(std::iter::once(lower.clone()))
        {
            for (form, term) in self.by_key.get(&key).into_iter().flatten() {
                let same_start = form.chars().next() == lower.chars().next();
                if same_start && strsim::damerau_levenshtein(form, &lower) == 1 {
                    match best {
                        Some((other, _)) if other != *term => return None, // ambiguous
                        _ => best = Some((*term, form.as_str())),
                    }
                }
            }
        }
        best
    }
}

fn shape(lower: &str) -> Option<(char, char, usize)> {
    let mut chars = lower.chars();
    Some((chars.next()?, chars.next()?, lower.chars().count()))
}

/// The word with each one of its characters deleted.
fn deletions(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    (0..chars.len())
        .map(|skip| {
            chars
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, c)| *c)
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> (Lexicon, NearMissIndex) {
        let terms = r#"
[[term]]
name = "Kubernetes"
kind = "tool"
category = "orchestration"
[[term]]
name = "PostgreSQL"
kind = "tool"
category = "database"
aliases = ["Postgres"]
[[term]]
name = "JavaScript"
kind = "hard_skill"
category = "language"
[[term]]
name = "Python"
kind = "hard_skill"
category = "language"
[[term]]
name = "Docker"
kind = "tool"
category = "devops"
[[term]]
name = "Scala"
kind = "hard_skill"
category = "language"
[[term]]
name = "Terraform"
kind = "tool"
category = "devops"
"#;
        let lexicon = Lexicon::from_sources(("t", terms), ("u", "")).unwrap();
        let index = NearMissIndex::new(&lexicon);
        (lexicon, index)
    }

    #[test]
    fn misspellings_are_found_and_words_are_not() {
        let (lexicon, index) = index();
        let name = |w: &str| {
            index
                .lookup(w)
                .map(|(id, _)| lexicon.terms[id].name.clone())
        };
        for (word, want) in [
            ("Kubernets", Some("Kubernetes")),
            ("Postgress", Some("PostgreSQL")),
            ("Javascipt", Some("JavaScript")),
            ("Pyhton", Some("Python")),
            ("Dokcer", Some("Docker")),
            ("Teraform", Some("Terraform")),
            ("Kubernetes", None),
            ("Postgres", None),
            ("scale", None),
            ("Docket", None),
            ("Python", None),
            ("Pytho", Some("Python")),
            ("Rocker", None),
        ] {
            assert_eq!(name(word).as_deref(), want, "{word}");
        }
    }
}
