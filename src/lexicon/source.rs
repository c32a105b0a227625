//! Where a lexicon comes from: TOML files (the format users write), or the embedded files
//! compiled into statics by `build.rs`. Both become the same source records, and one function,
//! [`Lexicon::assemble`], validates them and builds the lexicon, so the two cannot disagree.

use foldhash::{HashMap, HashMapExt};
use serde::Deserialize;
use toml::Spanned;

use super::form_key;
use super::{
    CATEGORIES, Kind, Lexicon, LexiconError, Term, TermId, Title, TitleRequirement, Weight,
};
use crate::matcher::Form;

/// One lexicon file: its name for messages and its text.
pub(super) struct SourceFile<'a> {
    name: &'a str,
    text: &'a str,
}

/// A string from a lexicon file with its byte offset there, for error messages.
pub(super) struct Located {
    text: String,
    offset: usize,
}

pub(super) struct SourceTerm {
    name: Located,
    kind: Kind,
    category: Located,
    aliases: Vec<Located>,
    common_words: Vec<Located>,
    broader: Vec<Located>,
    not_in: Vec<Located>,
    sources: Vec<Located>,
    verbs: Vec<Located>,
}

pub(super) struct SourceTitle {
    name: Located,
    aliases: Vec<Located>,
    requires: Vec<SourceRequirement>,
}

pub(super) struct SourceRequirement {
    offset: usize,
    weight: Weight,
    label: Option<String>,
    any: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermsFile {
    #[serde(default)]
    term: Vec<TomlTerm>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlTerm {
    name: Spanned<String>,
    kind: Kind,
    category: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    common_words: Vec<Spanned<String>>,
    #[serde(default)]
    broader: Vec<Spanned<String>>,
    #[serde(default)]
    not_in: Vec<Spanned<String>>,
    #[serde(default)]
    sources: Vec<Spanned<String>>,
    #[serde(default)]
    verbs: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TitlesFile {
    #[serde(default)]
    title: Vec<TomlTitle>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlTitle {
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    requires: Vec<Spanned<TomlRequirement>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlRequirement {
    weight: Weight,
    #[serde(default)]
    label: Option<String>,
    any: Vec<String>,
}

impl From<Spanned<String>> for Located {
    fn from(spanned: Spanned<String>) -> Located {
        let offset = spanned.span().start;
        Located {
            text: spanned.into_inner(),
            offset,
        }
    }
}

fn located_all(list: Vec<Spanned<String>>) -> Vec<Located> {
    list.into_iter().map(Located::from).collect()
}

impl<'a> SourceFile<'a> {
    pub(super) fn new(name: &'a str, text: &'a str) -> SourceFile<'a> {
        SourceFile { name, text }
    }

    fn error(&self, offset: usize, message: String) -> LexiconError {
        LexiconError {
            file: self.name.to_owned(),
            line: self
                .text
                .get(..offset)
                .map_or(1, |before| before.matches('\n').count() + 1),
            message,
        }
    }

    fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, LexiconError> {
        toml::from_str(self.text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            self.error(offset, e.message().to_owned())
        })
    }

    pub(super) fn parse_terms(&self) -> Result<Vec<SourceTerm>, LexiconError> {
        let file: TermsFile = self.parse()?;
        Ok(file
            .term
            .into_iter()
            .map(|t| SourceTerm {
                name: t.name.into(),
                kind: t.kind,
                category: t.category.into(),
                aliases: located_all(t.aliases),
                common_words: located_all(t.common_words),
                broader: located_all(t.broader),
                not_in: located_all(t.not_in),
                sources: located_all(t.sources),
                verbs: located_all(t.verbs),
            })
            .collect())
    }

    pub(super) fn parse_titles(&self) -> Result<Vec<SourceTitle>, LexiconError> {
        let file: TitlesFile = self.parse()?;
        Ok(file
            .title
            .into_iter()
            .map(|t| SourceTitle {
                name: t.name.into(),
                aliases: located_all(t.aliases),
                requires: t
                    .requires
                    .into_iter()
                    .map(|r| {
                        let offset = r.span().start;
                        let r = r.into_inner();
                        SourceRequirement {
                            offset,
                            weight: r.weight,
                            label: r.label,
                            any: r.any,
                        }
                    })
                    .collect(),
            })
            .collect())
    }
}

/// The embedded lexicon as `build.rs` transcribed it from `lexicon/*.toml`.
struct Compiled {
    terms: &'static [CompiledTerm],
    titles: &'static [CompiledTitle],
}

struct CompiledTerm {
    name: &'static str,
    kind: Kind,
    category: &'static str,
    aliases: &'static [&'static str],
    common_words: &'static [&'static str],
    broader: &'static [&'static str],
    not_in: &'static [&'static str],
    sources: &'static [&'static str],
    verbs: &'static [&'static str],
}

struct CompiledTitle {
    name: &'static str,
    aliases: &'static [&'static str],
    requires: &'static [CompiledRequirement],
}

struct CompiledRequirement {
    weight: Weight,
    label: Option<&'static str>,
    any: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/lexicon.rs"));

/// Compiled strings carry no position: the compiled lexicon is checked against its TOML by a
/// test, so its errors cannot happen.
fn unlocated(text: &str) -> Located {
    Located {
        text: text.to_owned(),
        offset: 0,
    }
}

/// The embedded lexicon's records, or `None` when `build.rs` could not compile the files.
pub(super) fn compiled() -> Option<(Vec<SourceTerm>, Vec<SourceTitle>)> {
    let compiled = COMPILED?;
    let terms = compiled
        .terms
        .iter()
        .map(|t| SourceTerm {
            name: unlocated(t.name),
            kind: t.kind,
            category: unlocated(t.category),
            aliases: t.aliases.iter().copied().map(unlocated).collect(),
            common_words: t.common_words.iter().copied().map(unlocated).collect(),
            broader: t.broader.iter().copied().map(unlocated).collect(),
            not_in: t.not_in.iter().copied().map(unlocated).collect(),
            sources: t.sources.iter().copied().map(unlocated).collect(),
            verbs: t.verbs.iter().copied().map(unlocated).collect(),
        })
        .collect();
    let titles = compiled
        .titles
        .iter()
        .map(|t| SourceTitle {
            name: unlocated(t.name),
            aliases: t.aliases.iter().copied().map(unlocated).collect(),
            requires: t
                .requires
                .iter()
                .map(|r| SourceRequirement {
                    offset: 0,
                    weight: r.weight,
                    label: r.label.map(str::to_owned),
                    any: r.any.iter().copied().map(str::to_owned).collect(),
                })
                .collect(),
        })
        .collect();
    Some((terms, titles))
}

/// Every form of the embedded lexicon, read from the compiled statics without assembling the
/// lexicon; `None` when `build.rs` could not compile it. Term ids are the lexicon's, since
/// [`Lexicon::assemble`] keeps the terms in order.
pub(super) fn compiled_forms() -> Option<impl Iterator<Item = Form<'static>>> {
    let compiled = COMPILED?;
    Some(compiled.terms.iter().enumerate().flat_map(|(term, entry)| {
        std::iter::once(entry.name)
            .chain(entry.aliases.iter().copied())
            .map(move |text| Form {
                term,
                text,
                common_word: entry.common_words.contains(&text),
                blocker: false,
                verb: false,
            })
            .chain(entry.not_in.iter().map(move |&text| Form {
                term,
                text,
                common_word: false,
                blocker: true,
                verb: false,
            }))
            .chain(entry.verbs.iter().map(move |&text| Form {
                term,
                text,
                common_word: false,
                blocker: false,
                verb: true,
            }))
    }))
}

/// The variants `build.rs` derived from the embedded lexicon's forms (see
/// `matcher::derive_variants`), as matcher forms; `None` when it could not compile the files.
pub(super) fn compiled_variants() -> Option<impl Iterator<Item = Form<'static>>> {
    COMPILED?;
    Some(
        COMPILED_VARIANTS
            .iter()
            .map(|&(term, text, common_word, verb)| Form {
                term,
                text,
                common_word,
                blocker: false,
                verb,
            }),
    )
}

impl Lexicon {
    /// Validates source records and builds the lexicon and its indexes.
    pub(super) fn assemble(
        terms_file: &SourceFile<'_>,
        terms: Vec<SourceTerm>,
        titles_file: &SourceFile<'_>,
        titles: Vec<SourceTitle>,
    ) -> Result<Lexicon, LexiconError> {
        let form_count = terms.iter().map(|t| 1 + t.aliases.len()).sum();
        let mut lexicon = Lexicon {
            terms: Vec::with_capacity(terms.len()),
            titles: Vec::with_capacity(titles.len()),
            term_by_name: HashMap::with_capacity(terms.len()),
            term_by_form: HashMap::with_capacity(form_count),
            title_keys: Default::default(),
            ancestors: Vec::new(),
        };
        let mut broader_names = Vec::with_capacity(terms.len());
        for raw in terms {
            let id = lexicon.terms.len();
            broader_names.push(
                raw.broader
                    .iter()
                    .map(|b| Located {
                        text: b.text.clone(),
                        offset: b.offset,
                    })
                    .collect::<Vec<_>>(),
            );
            lexicon.add_term(terms_file, id, raw)?;
        }
        lexicon.resolve_broader(terms_file, &broader_names)?;
        let mut owner_of_title_form: HashMap<String, String> = HashMap::new();
        for raw in titles {
            let here = |offset: usize, m: String| titles_file.error(offset, m);
            for form in std::iter::once(&raw.name).chain(&raw.aliases) {
                let key = form_key(&form.text);
                lexicon.title_keys.insert(key.clone());
                if let Some(other) = owner_of_title_form.insert(key, raw.name.text.clone()) {
                    return Err(here(
                        form.offset,
                        format!(
                            "title {:?} is already a name or alias of {other:?}",
                            form.text
                        ),
                    ));
                }
            }
            let mut requires = Vec::with_capacity(raw.requires.len());
            for req in raw.requires {
                if req.any.is_empty() {
                    return Err(here(
                        req.offset,
                        "a requirement needs at least one term in `any`".into(),
                    ));
                }
                let mut any = Vec::with_capacity(req.any.len());
                for name in &req.any {
                    let id = lexicon.term_id(name).ok_or_else(|| {
                        here(req.offset, format!("unknown term {name:?} in `any`"))
                    })?;
                    any.push(id);
                }
                let label = match (req.label, any.as_slice()) {
                    (Some(label), _) => label,
                    (None, [only]) => lexicon
                        .terms
                        .get(*only)
                        .map(|t| t.name.clone())
                        .unwrap_or_default(),
                    (None, _) => {
                        return Err(here(
                            req.offset,
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
                    raw.name.offset,
                    format!("title {:?} has no requirements", raw.name.text),
                ));
            }
            lexicon.titles.push(Title {
                name: raw.name.text,
                aliases: raw.aliases.into_iter().map(|a| a.text).collect(),
                requires,
            });
        }
        Ok(lexicon)
    }

    fn add_term(
        &mut self,
        file: &SourceFile<'_>,
        id: TermId,
        raw: SourceTerm,
    ) -> Result<(), LexiconError> {
        let here = |s: &Located, m: String| file.error(s.offset, m);
        if !CATEGORIES.contains(&raw.category.text.as_str()) {
            return Err(here(
                &raw.category,
                format!(
                    "unknown category {:?}; expected one of {}",
                    raw.category.text,
                    CATEGORIES.join(", ")
                ),
            ));
        }
        for (index, form) in std::iter::once(&raw.name).chain(&raw.aliases).enumerate() {
            let text = &form.text;
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
            if index == 0 {
                self.term_by_name.insert(key.clone(), id);
            }
            if let Some(&other) = self.term_by_form.get(&key) {
                let other_name = self
                    .terms
                    .get(other)
                    .map_or(raw.name.text.as_str(), |t| t.name.as_str());
                return Err(here(
                    form,
                    format!("{text:?} is already a form of {other_name:?}"),
                ));
            }
            self.term_by_form.insert(key, id);
        }
        for common in &raw.common_words {
            let known = std::iter::once(&raw.name)
                .chain(&raw.aliases)
                .any(|f| f.text == common.text);
            if !known {
                return Err(here(
                    common,
                    format!(
                        "common word {:?} is not a name or alias of this term",
                        common.text
                    ),
                ));
            }
        }
        for verb in &raw.verbs {
            let lower = verb.text.chars().all(|c| c.is_lowercase() || c == ' ');
            if !lower || verb.text.trim() != verb.text || verb.text.is_empty() {
                return Err(here(
                    verb,
                    format!(
                        "verb {:?}: lower-case words and single spaces only",
                        verb.text
                    ),
                ));
            }
        }
        for phrase in &raw.not_in {
            let key = form_key(&phrase.text);
            let holds_a_form = std::iter::once(&raw.name)
                .chain(&raw.aliases)
                .any(|f| contains_words(&key, &form_key(&f.text)));
            if !holds_a_form || key == form_key(&raw.name.text) {
                return Err(here(
                    phrase,
                    format!(
                        "`not_in` phrase {:?} must be longer than a form of this term and contain it",
                        phrase.text
                    ),
                ));
            }
        }
        self.terms.push(Term {
            name: raw.name.text,
            kind: raw.kind,
            category: raw.category.text,
            aliases: raw.aliases.into_iter().map(|a| a.text).collect(),
            common_words: raw.common_words.into_iter().map(|a| a.text).collect(),
            broader: raw.broader.into_iter().map(|a| a.text).collect(),
            not_in: raw.not_in.into_iter().map(|a| a.text).collect(),
            sources: raw.sources.into_iter().map(|a| a.text).collect(),
            verbs: raw.verbs.into_iter().map(|a| a.text).collect(),
        });
        Ok(())
    }

    /// Resolves every term's `broader` names and computes, per term, every broader term up
    /// the chain; a cycle or an unknown name is an error at the term that names it.
    fn resolve_broader(
        &mut self,
        file: &SourceFile<'_>,
        located: &[Vec<Located>],
    ) -> Result<(), LexiconError> {
        let mut direct: Vec<Vec<TermId>> = Vec::with_capacity(self.terms.len());
        for (id, names) in located.iter().enumerate() {
            let mut ids = Vec::with_capacity(names.len());
            for name in names {
                let Some(broader) = self.term_id(&name.text) else {
                    return Err(file.error(
                        name.offset,
                        format!("unknown term {:?} in `broader`", name.text),
                    ));
                };
                if broader == id {
                    return Err(file.error(name.offset, "a term is not broader than itself".into()));
                }
                ids.push(broader);
            }
            direct.push(ids);
        }
        // Depth-first from each term; a term met again on the current path is a cycle.
        let mut ancestors: Vec<Vec<TermId>> = Vec::with_capacity(direct.len());
        for (id, names) in located.iter().enumerate() {
            let mut seen: Vec<TermId> = Vec::new();
            let mut stack: Vec<TermId> = direct.get(id).cloned().unwrap_or_default();
            while let Some(next) = stack.pop() {
                if next == id {
                    let offset = names.first().map_or(0, |n| n.offset);
                    return Err(file.error(
                        offset,
                        format!(
                            "`broader` of {:?} leads back to it (a cycle)",
                            self.terms.get(id).map_or("", |t| t.name.as_str())
                        ),
                    ));
                }
                if !seen.contains(&next) {
                    seen.push(next);
                    stack.extend(direct.get(next).into_iter().flatten().copied());
                }
            }
            ancestors.push(seen);
        }
        self.ancestors = ancestors;
        Ok(())
    }
}

/// Whether the words of `needle` appear in `haystack` as whole words (both [`form_key`]s).
fn contains_words(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(at, _)| {
        let before = haystack.get(..at).and_then(|b| b.chars().next_back());
        let after = haystack
            .get(at + needle.len()..)
            .and_then(|a| a.chars().next());
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}
