//! The lexicon: the terms atsfit can find and the job titles it can score against.
//!
//! It is data (`lexicon/*.toml`, format in `lexicon/README.md`), embedded in the binary and
//! replaceable at run time. Loading validates it and reports problems with file and line.

use std::path::Path;

use foldhash::{HashMap, HashMapExt, HashSet};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::normalize::normalize;

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermsFile {
    #[serde(default)]
    term: Vec<RawTerm>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    name: Spanned<String>,
    kind: Kind,
    category: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    common_words: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TitlesFile {
    #[serde(default)]
    title: Vec<RawTitle>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTitle {
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    requires: Vec<Spanned<RawRequirement>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequirement {
    weight: Weight,
    #[serde(default)]
    label: Option<String>,
    any: Vec<String>,
}

/// The key under which forms and names are compared: normalised and lower case.
pub fn form_key(form: &str) -> String {
    normalize(form).to_lowercase()
}

impl Lexicon {
    /// The lexicon compiled into the binary.
    pub fn embedded() -> Result<Lexicon, LexiconError> {
        Lexicon::from_sources(
            ("lexicon/terms.toml", EMBEDDED_TERMS),
            ("lexicon/titles.toml", EMBEDDED_TITLES),
        )
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
        let (terms_file, terms_text) = terms;
        let (titles_file, titles_text) = titles;
        let at = |file: &str, text: &str, offset: usize, message: String| LexiconError {
            file: file.to_owned(),
            line: line_of(text, offset),
            message,
        };

        let parsed: TermsFile = toml::from_str(terms_text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            at(terms_file, terms_text, offset, e.message().to_owned())
        })?;
        let mut lexicon = Lexicon {
            terms: Vec::new(),
            titles: Vec::new(),
            term_by_name: HashMap::with_capacity(parsed.term.len()),
            term_by_form: HashMap::new(),
            title_keys: HashSet::default(),
        };
        let form_count = parsed.term.iter().map(|t| 1 + t.aliases.len()).sum();
        let mut owner_of_form: HashMap<String, TermId> = HashMap::with_capacity(form_count);
        for raw in parsed.term {
            let id = lexicon.terms.len();
            let here =
                |s: &Spanned<String>, m: String| at(terms_file, terms_text, s.span().start, m);
            if !CATEGORIES.contains(&raw.category.get_ref().as_str()) {
                return Err(here(
                    &raw.category,
                    format!(
                        "unknown category {:?}; expected one of {}",
                        raw.category.get_ref(),
                        CATEGORIES.join(", ")
                    ),
                ));
            }
            for form in std::iter::once(&raw.name).chain(&raw.aliases) {
                let text = form.get_ref();
                if text.trim() != text || text.contains("  ") || text.is_empty() {
                    return Err(here(
                        form,
                        format!("{text:?}: no empty forms, edge or double spaces"),
                    ));
                }
                if !text.chars().any(char::is_alphanumeric) {
                    return Err(here(form, format!("{text:?} has no letter or digit")));
                }
                let key = form_key(text);
                if let Some(&other) = owner_of_form.get(&key) {
                    let other_name = lexicon
                        .terms
                        .get(other)
                        .map_or(raw.name.get_ref().as_str(), |t| t.name.as_str());
                    return Err(here(
                        form,
                        format!("{text:?} is already a form of {other_name:?}"),
                    ));
                }
                owner_of_form.insert(key, id);
            }
            for common in &raw.common_words {
                let known = std::iter::once(&raw.name)
                    .chain(&raw.aliases)
                    .any(|f| f.get_ref() == common.get_ref());
                if !known {
                    return Err(here(
                        common,
                        format!(
                            "common word {:?} is not a name or alias of this term",
                            common.get_ref()
                        ),
                    ));
                }
            }
            lexicon
                .term_by_name
                .insert(form_key(raw.name.get_ref()), id);
            lexicon.terms.push(Term {
                name: raw.name.into_inner(),
                kind: raw.kind,
                category: raw.category.into_inner(),
                aliases: raw.aliases.into_iter().map(Spanned::into_inner).collect(),
                common_words: raw
                    .common_words
                    .into_iter()
                    .map(Spanned::into_inner)
                    .collect(),
            });
        }

        lexicon.term_by_form = owner_of_form;

        let parsed: TitlesFile = toml::from_str(titles_text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            at(titles_file, titles_text, offset, e.message().to_owned())
        })?;
        let mut title_forms: HashMap<String, String> = HashMap::new();
        for raw in parsed.title {
            let here = |offset: usize, m: String| at(titles_file, titles_text, offset, m);
            for form in std::iter::once(&raw.name).chain(&raw.aliases) {
                let key = form_key(form.get_ref());
                lexicon.title_keys.insert(key.clone());
                if let Some(other) = title_forms.insert(key, raw.name.get_ref().clone()) {
                    return Err(here(
                        form.span().start,
                        format!(
                            "title {:?} is already a name or alias of {other:?}",
                            form.get_ref()
                        ),
                    ));
                }
            }
            let mut requires = Vec::new();
            for spanned in &raw.requires {
                let req = spanned.get_ref();
                let offset = spanned.span().start;
                if req.any.is_empty() {
                    return Err(here(
                        offset,
                        "a requirement needs at least one term in `any`".into(),
                    ));
                }
                let mut any = Vec::new();
                for name in &req.any {
                    let id = lexicon
                        .term_id(name)
                        .ok_or_else(|| here(offset, format!("unknown term {name:?} in `any`")))?;
                    any.push(id);
                }
                let label = match (&req.label, any.as_slice()) {
                    (Some(label), _) => label.clone(),
                    (None, [only]) => lexicon
                        .terms
                        .get(*only)
                        .map(|t| t.name.clone())
                        .unwrap_or_default(),
                    (None, _) => {
                        return Err(here(
                            offset,
                            "a requirement with several terms needs a `label`".into(),
                        ));
                    }
                };
                requires.push(TitleRequirement {
                    weight: req.weight,
                    label,
                    any,
                });
            }
            if requires.is_empty() {
                return Err(here(
                    raw.name.span().start,
                    format!("title {:?} has no requirements", raw.name.get_ref()),
                ));
            }
            lexicon.titles.push(Title {
                name: raw.name.into_inner(),
                aliases: raw.aliases.into_iter().map(Spanned::into_inner).collect(),
                requires,
            });
        }
        Ok(lexicon)
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
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |before| before.matches('\n').count() + 1)
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
