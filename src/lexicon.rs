//! The lexicon: the terms atsfit can find and the job titles it can score against.
//!
//! It is data (`lexicon/*.toml`, format in `lexicon/README.md`), embedded in the binary and
//! replaceable at run time. Loading validates it and reports problems with file and line.

use std::path::Path;

use foldhash::{HashMap, HashSet};
use serde::{Deserialize, Serialize};

use crate::normalize::normalize;

mod source;

use source::SourceFile;

const EMBEDDED_TERMS: &str = include_str!("../lexicon/terms.toml");
const EMBEDDED_TITLES: &str = include_str!("../lexicon/titles.toml");

/// The kinds of term, a small fixed set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    HardSkill,
    Tool,
    Certification,
    SoftSkill,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::HardSkill => "hard_skill",
            Kind::Tool => "tool",
            Kind::Certification => "certification",
            Kind::SoftSkill => "soft_skill",
        }
    }
}

/// The categories a term may have (see `lexicon/README.md`).
pub const CATEGORIES: &[&str] = &[
    "api",
    "architecture",
    "certification",
    "cloud",
    "data",
    "database",
    "devops",
    "embedded",
    "framework",
    "frontend",
    "language",
    "methodology",
    "ml",
    "mobile",
    "networking",
    "observability",
    "orchestration",
    "os",
    "practice",
    "security",
    "soft_skill",
    "testing",
    "tool",
];

/// Index of a term in [`Lexicon::terms`].
pub type TermId = usize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    pub name: String,
    pub kind: Kind,
    pub category: String,
    pub aliases: Vec<String>,
    /// Forms that are also ordinary words and count only with evidence (see the matcher).
    pub common_words: Vec<String>,
    /// Canonical names of the terms this one is a kind of ("AWS Lambda" → "AWS"): a
    /// requirement for those is met by this term.
    pub broader: Vec<String>,
    /// Longer phrases that contain a form of this term but name something else ("Data
    /// Vault" for Vault): where one is written, the term is not found.
    pub not_in: Vec<String>,
    /// Where the term's facts come from (source ids, see `lexicon/README.md`).
    pub sources: Vec<String>,
    /// Verbs whose inflections claim the term ("collaborate": "collaborated with"): soft
    /// skills and practices are written as what one did.
    pub verbs: Vec<String>,
}

impl Term {
    /// The name followed by the aliases.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// How much a requirement counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weight {
    Nice,
    Should,
    Must,
}

impl Weight {
    pub fn points(self) -> f64 {
        match self {
            Weight::Must => 3.0,
            Weight::Should => 2.0,
            Weight::Nice => 1.0,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Weight::Must => "must",
            Weight::Should => "should",
            Weight::Nice => "nice",
        }
    }
}

/// One requirement of a title: met by any of its terms.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleRequirement {
    pub weight: Weight,
    /// The report's name for it: the label of a group, or the single term's name.
    pub label: String,
    pub any: Vec<TermId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Title {
    pub name: String,
    pub aliases: Vec<String>,
    pub requires: Vec<TitleRequirement>,
}

/// A validated lexicon.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub terms: Vec<Term>,
    pub titles: Vec<Title>,
    term_by_name: HashMap<String, TermId>,
    /// Every form (name or alias) of every term, by [`form_key`].
    term_by_form: HashMap<String, TermId>,
    /// Every title name and alias, by [`form_key`].
    title_keys: HashSet<String>,
    /// Per term: every term broader than it, up the whole chain (see [`Term::broader`]).
    ancestors: Vec<Vec<TermId>>,
}

/// A problem in a lexicon file, located to the line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct LexiconError {
    pub file: String,
    /// 1-based; 0 when the problem is not tied to a line (a missing file).
    pub line: usize,
    pub message: String,
}

/// The key under which forms and names are compared: normalised and lower case.
pub fn form_key(form: &str) -> String {
    let mut key = normalize(form);
    if key.is_ascii() {
        key.make_ascii_lowercase();
        key
    } else {
        key.to_lowercase()
    }
}

impl Lexicon {
    /// The lexicon compiled into the binary: `lexicon/*.toml`, transcribed into statics at
    /// build time so that start-up does not parse TOML.
    pub fn embedded() -> Result<Lexicon, LexiconError> {
        let terms = SourceFile::new("lexicon/terms.toml", EMBEDDED_TERMS);
        let titles = SourceFile::new("lexicon/titles.toml", EMBEDDED_TITLES);
        match source::compiled() {
            Some((term_records, title_records)) => {
                Lexicon::assemble(&terms, term_records, &titles, title_records)
            }
            None => Lexicon::assemble(
                &terms,
                terms.parse_terms()?,
                &titles,
                titles.parse_titles()?,
            ),
        }
    }

    /// The embedded lexicon's forms, without assembling it (see `Checker::embedded`).
    pub(crate) fn embedded_forms() -> Option<impl Iterator<Item = crate::matcher::Form<'static>>> {
        source::compiled_forms()
    }

    /// The variants of the embedded lexicon's forms, derived at build time.
    pub(crate) fn embedded_variants() -> Option<impl Iterator<Item = crate::matcher::Form<'static>>>
    {
        source::compiled_variants()
    }

    /// Loads `terms.toml` and `titles.toml` from a directory.
    pub fn from_dir(dir: &Path) -> Result<Lexicon, LexiconError> {
        let read = |name: &str| {
            let path = dir.join(name);
            let shown = path.display().to_string();
            std::fs::read_to_string(&path)
                .map(|text| (shown.clone(), text))
                .map_err(|e| LexiconError {
                    file: shown,
                    line: 0,
                    message: e.to_string(),
                })
        };
        let (terms_file, terms) = read("terms.toml")?;
        let (titles_file, titles) = read("titles.toml")?;
        Lexicon::from_sources((&terms_file, &terms), (&titles_file, &titles))
    }

    /// Parses and validates both files, given as (file name for messages, contents).
    pub fn from_sources(
        terms: (&str, &str),
        titles: (&str, &str),
    ) -> Result<Lexicon, LexiconError> {
        let terms = SourceFile::new(terms.0, terms.1);
        let titles = SourceFile::new(titles.0, titles.1);
        Lexicon::assemble(
            &terms,
            terms.parse_terms()?,
            &titles,
            titles.parse_titles()?,
        )
    }

    /// A term by its canonical name (case-insensitive).
    pub fn term_id(&self, name: &str) -> Option<TermId> {
        self.term_by_name.get(&form_key(name)).copied()
    }

    /// A term by any of its forms, given as a [`form_key`].
    pub fn term_by_form_key(&self, key: &str) -> Option<TermId> {
        self.term_by_form.get(key).copied()
    }

    /// Whether a [`form_key`] is a title's name or alias.
    pub fn is_title_key(&self, key: &str) -> bool {
        self.title_keys.contains(key)
    }

    pub fn term(&self, id: TermId) -> Option<&Term> {
        self.terms.get(id)
    }

    /// Every term broader than `id`, transitively: what a requirement for any of them
    /// accepts this term for.
    pub fn broader_terms(&self, id: TermId) -> &[TermId] {
        self.ancestors.get(id).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TERMS: &str = r#"
[[term]]
name = "Go"
kind = "hard_skill"
category = "language"
aliases = ["Golang"]
common_words = ["Go"]

[[term]]
name = "Java"
kind = "hard_skill"
category = "language"
"#;

    const TITLES: &str = r#"
[[title]]
name = "Backend Developer"
aliases = ["Back-End Developer"]
requires = [
  { weight = "must", label = "a backend language", any = ["Java", "Go"] },
  { weight = "nice", any = ["java"] },
]
"#;

    fn load(terms: &str, titles: &str) -> Result<Lexicon, LexiconError> {
        Lexicon::from_sources(("terms.toml", terms), ("titles.toml", titles))
    }

    #[test]
    fn the_compiled_lexicon_is_the_toml_lexicon() {
        assert!(
            source::compiled().is_some(),
            "build.rs could not compile lexicon/*.toml"
        );
        let compiled = Lexicon::embedded().unwrap();
        let parsed = load(EMBEDDED_TERMS, EMBEDDED_TITLES).unwrap();
        assert_eq!(compiled.terms, parsed.terms);
        assert_eq!(compiled.titles, parsed.titles);
        assert_eq!(compiled.term_by_name, parsed.term_by_name);
        assert_eq!(compiled.term_by_form, parsed.term_by_form);
        assert_eq!(compiled.title_keys, parsed.title_keys);
        assert_eq!(compiled.ancestors, parsed.ancestors);
    }

    #[test]
    fn the_compiled_variants_are_the_matchers_variants() {
        let forms: Vec<_> = Lexicon::embedded_forms().unwrap().collect();
        let at_run_time = crate::matcher::derive_variants(&forms);
        let compiled: Vec<(TermId, String, bool, bool)> = Lexicon::embedded_variants()
            .unwrap()
            .map(|f| (f.term, f.text.to_owned(), f.common_word, f.verb))
            .collect();
        assert_eq!(compiled, at_run_time);
    }

    #[test]
    fn a_small_lexicon_loads() {
        let lex = load(TERMS, TITLES).unwrap();
        assert_eq!(lex.terms.len(), 2);
        assert_eq!(lex.term_id("golang"), None, "aliases are not names");
        assert_eq!(lex.term_id("GO"), Some(0));
        let title = &lex.titles[0];
        assert_eq!(title.requires[0].any, vec![1, 0]);
        assert_eq!(title.requires[1].label, "Java");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let cases: &[(&str, &str, &str, usize, &str)] = &[
            (
                "[[term]]\nname = \"A\"\nkind = \"tool\"\ncategory = \"nope\"\n",
                "",
                "terms.toml",
                4,
                "unknown category",
            ),
            (
                "[[term]]\nname = \"A\"\nkind = \"gadget\"\ncategory = \"tool\"\n",
                "",
                "terms.toml",
                3,
                "unknown variant",
            ),
            (
                "[[term]]\nname = \"Go\"\nkind = \"tool\"\ncategory = \"tool\"\n[[term]]\nname = \"B\"\nkind = \"tool\"\ncategory = \"tool\"\naliases = [\"GO\"]\n",
                "",
                "terms.toml",
                9,
                "already a form of \"Go\"",
            ),
            (
                "[[term]]\nname = \"A\"\nkind = \"tool\"\ncategory = \"tool\"\ncommon_words = [\"B\"]\n",
                "",
                "terms.toml",
                5,
                "not a name or alias",
            ),
            (
                TERMS,
                "[[title]]\nname = \"X\"\nrequires = [\n  { weight = \"must\", any = [\"Cobol\"] },\n]\n",
                "titles.toml",
                4,
                "unknown term \"Cobol\"",
            ),
            (
                TERMS,
                "[[title]]\nname = \"X\"\nrequires = [\n  { weight = \"must\", any = [\"Go\", \"Java\"] },\n]\n",
                "titles.toml",
                4,
                "needs a `label`",
            ),
            (
                TERMS,
                "[[title]]\nname = \"X\"\nrequires = []\n",
                "titles.toml",
                2,
                "no requirements",
            ),
        ];
        for (terms, titles, file, line, message) in cases {
            let err = load(terms, titles).unwrap_err();
            assert_eq!(&err.file, file, "{err}");
            assert_eq!(err.line, *line, "{err}");
            assert!(err.message.contains(message), "{err}");
        }
    }
}
