//! Near misses: words that are a misspelling of a known term ("Kubernets", "Postgress").
//! ATS match exactly, so a misspelt skill is a missing skill.
//!
//! Candidates come from a deletion index (every form, and every form with one character
//! deleted, keyed in a map), so a word is compared only with the few terms it could be one edit
//! away from, never with the whole lexicon. Candidates are then confirmed with
//! Damerau-Levenshtein (strsim). Precision comes first: only words that look like skills are
//! considered (capitalised in mid-sentence, or in a skills list), and ordinary English words
//! never are.

use foldhash::HashSet;

use crate::lexicon::{Lexicon, TermId};

/// Forms shorter than this are not indexed: one edit from a four-letter word is another word.
const MIN_FORM_LEN: usize = 5;

/// English words one edit away from a term's name, which must never be "corrected".
const ENGLISH: &[&str] = &[
    "scale",
    "state",
    "mathematics",
    "states",
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
///
/// Keys are hashes, not strings: the form itself and the form with each one of its characters
/// deleted, in a sorted vector. Building it then allocates nothing per key (the string version
/// cost 14 M instructions, most of a millisecond-budget start-up), and a hash collision only
/// adds a candidate that the edit-distance check rejects.
#[derive(Debug, Clone, Default)]
pub struct NearMissIndex {
    /// (key hash, index in `entries`), sorted.
    keys: Vec<(u64, u32)>,
    /// One bit per key hash (a one-hash Bloom filter over `keys`): nearly every key of a
    /// word that misspells nothing is turned away here, without a binary search.
    key_bits: Vec<u64>,
    /// Indexed forms, lower case, with their term.
    entries: Vec<(String, TermId)>,
    /// Every form of every term, lower case: a word that is a form is never a near miss.
    forms: HashSet<String>,
    /// English words never "corrected", as a set (looked up for every candidate word).
    english: HashSet<&'static str>,
    /// (first two letters, length in chars) of every indexed form: a cheap test that rules out
    /// most words before any deletion key is hashed. Misspellings keep their first two letters
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
                let is_common = term.common_words.iter().any(|c| c == form);
                let indexable = lower.chars().count() >= MIN_FORM_LEN
                    && lower
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '#' | '+'))
                    && lower.chars().any(char::is_alphabetic)
                    && !is_common;
                // Forms are unique in lower case (the lexicon loader checks), so no entry repeats.
                if indexable {
                    if let Some(shape) = shape(&lower) {
                        index.shapes.insert(shape);
                    }
                    let Ok(entry) = u32::try_from(index.entries.len()) else {
                        break;
                    };
                    for_each_key(&lower, |key| index.keys.push((key, entry)));
                    index.entries.push((lower.clone(), id));
                }
                index.forms.insert(lower);
            }
        }
        index.keys.sort_unstable();
        index.keys.dedup();
        index.key_bits = vec![0; KEY_BITS / 64];
        for &(key, _) in &index.keys {
            let bit = key_bit(key);
            if let Some(word) = index.key_bits.get_mut(bit / 64) {
                *word |= 1 << (bit % 64);
            }
        }
        index
    }

    /// The term a word is a misspelling of, if it is one edit (or a transposition) away from
    /// exactly one term's form and is not itself a known form or English word.
    pub fn lookup(&self, word: &str) -> Option<(TermId, &str)> {
        // The shape first, without a lower-case copy: most words end here.
        let (first, second, len) = if word.is_ascii() {
            let mut bytes = word.bytes().map(|b| char::from(b.to_ascii_lowercase()));
            (bytes.next()?, bytes.next()?, word.len())
        } else {
            let mut chars = word.chars().flat_map(char::to_lowercase);
            let (first, second) = (chars.next()?, chars.next()?);
            (first, second, 2 + chars.count())
        };
        // One edit changes the length by at most one.
        if len < MIN_FORM_LEN
            || !(len - 1..=len + 1).any(|l| self.shapes.contains(&(first, second, l)))
        {
            return None;
        }
        let lower = word.to_lowercase();
        if self.forms.contains(&lower) || self.english.contains(lower.as_str()) {
            return None;
        }
        let mut best: Option<(TermId, &str)> = None;
        let mut ambiguous = false;
        for_each_key(&lower, |key| {
            let bit = key_bit(key);
            if self
                .key_bits
                .get(bit / 64)
                .is_none_or(|word| word & (1 << (bit % 64)) == 0)
            {
                return;
            }
            let from = self.keys.partition_point(|&(k, _)| k < key);
            let same_key = self.keys.get(from..).unwrap_or_default();
            for &(_, entry) in same_key.iter().take_while(|&&(k, _)| k == key) {
                let Some((form, term)) = self.entries.get(entry as usize) else {
                    continue;
                };
                let same_start = form.chars().next() == lower.chars().next();
                if same_start && strsim::damerau_levenshtein(form, &lower) == 1 {
                    match best {
                        Some((other, _)) if other != *term => ambiguous = true,
                        _ => best = Some((*term, form.as_str())),
                    }
                }
            }
        });
        if ambiguous { None } else { best }
    }
}

fn shape(lower: &str) -> Option<(char, char, usize)> {
    let mut chars = lower.chars();
    Some((chars.next()?, chars.next()?, lower.chars().count()))
}

/// Calls `f` with the hash of the word and of the word with each one of its characters deleted:
/// two words one edit (or transposition) apart share at least one of these keys.
fn for_each_key(word: &str, mut f: impl FnMut(u64)) {
    let bytes = word.as_bytes();
    f(fnv1a(FNV_SEED, bytes));
    // The hash of the bytes before the deleted character, carried along: each key then only
    // hashes what follows the deletion.
    let mut before = FNV_SEED;
    let mut done = 0;
    for (at, c) in word.char_indices() {
        before = fnv1a(before, bytes.get(done..at).unwrap_or_default());
        done = at;
        let after = bytes.get(at + c.len_utf8()..).unwrap_or_default();
        f(fnv1a(before, after));
    }
}

const FNV_SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a, continued from `hash`: a handful of lines, fast on short keys, and the same hash
/// for the same bytes however they are split, which a deletion key needs.
fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Bits in the key filter: ~25,000 keys set about a tenth of them.
const KEY_BITS: usize = 1 << 18;

fn key_bit(key: u64) -> usize {
    // The high bits of FNV mix best.
    (key >> 40) as usize % KEY_BITS
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
