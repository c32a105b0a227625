//! The checker: the whole pipeline behind one call. Build it once from a lexicon (the costly
//! part: the automaton), then check any number of documents, from any number of threads.

use std::collections::BTreeSet;

use crate::contact::{self, Contact, Presence};
use crate::extract::{Document, Origin, Warning, WarningCode};
use crate::job;
use crate::lexicon::{Lexicon, LexiconError, form_key};
use crate::matcher::{BuildError, Hit, Matcher};
use crate::near_miss::NearMissIndex;
use crate::normalize::{NormalizedText, normalize_document};
use crate::report::{
    DocumentInfo, FoundTerm, RecordType, Report, SCHEMA_VERSION, SectionInfo, TargetInfo,
};
use crate::score::{self, Scored, Target, TermsFound};
use crate::sections::{self, Sections};
use crate::suggest;

mod evidence;

use evidence::{degree_line, in_progress, names_people, outside_work};

/// Seniority words before a title, in `form_key` form, longest first.
const SENIORITY: &[&str] = &[
    "entry-level ",
    "entry level ",
    "mid-level ",
    "principal ",
    "associate ",
    "graduate ",
    "senior ",
    "junior ",
    "staff ",
    "lead ",
    "sr. ",
    "jr. ",
    "sr ",
    "jr ",
];

/// How many best-fitting titles a report lists when there is no target.
const BEST_TITLES: usize = 3;

pub struct Checker {
    lexicon: Lexicon,
    matcher: Matcher,
    near_misses: NearMissIndex,
    /// Per term: its acronym and long form, if it has both (see [`suggest::acronym_pair`]).
    acronyms: Vec<Option<(String, String)>>,
}

/// Why a checker could not be built.
#[derive(Debug, thiserror::Error)]
pub enum CheckerError {
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    #[error(transparent)]
    Matcher(#[from] BuildError),
}

type AutomatonThread<'scope> =
    std::io::Result<std::thread::ScopedJoinHandle<'scope, Result<Matcher, BuildError>>>;

fn spawn_automaton<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    build: impl FnOnce() -> Result<Matcher, BuildError> + Send + 'scope,
) -> AutomatonThread<'scope> {
    std::thread::Builder::new()
        .name("atsfit-automaton".into())
        .spawn_scoped(scope, build)
}

/// The automaton from its thread; built here when no thread could be had (a sandbox, a
/// thread limit).
fn join_automaton(thread: AutomatonThread<'_>, lexicon: &Lexicon) -> Result<Matcher, BuildError> {
    match thread {
        Ok(handle) => handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        Err(_) => Matcher::new(lexicon),
    }
}

fn suggestion_indexes(lexicon: &Lexicon) -> (NearMissIndex, Vec<Option<(String, String)>>) {
    (
        NearMissIndex::new(lexicon),
        lexicon.terms.iter().map(suggest::acronym_pair).collect(),
    )
}

/// Everything known about one document mid-pipeline; suggestions and the report read it.
pub struct Analysis<'a> {
    pub lexicon: &'a Lexicon,
    pub near_misses: &'a NearMissIndex,
    /// Per term: its acronym and long form, if it has both.
    pub acronyms: &'a [Option<(String, String)>],
    pub document: &'a Document,
    pub target: &'a Target,
    pub text: NormalizedText,
    pub sections: Sections,
    /// Hits in visible text.
    pub hits: Vec<Hit>,
    /// Hits in text a reader cannot see.
    pub hidden_hits: Vec<Hit>,
    /// Which terms appear in visible text, and which are reached through narrower ones.
    pub found: TermsFound,
    pub words: usize,
    pub has_text: bool,
    pub scored: Option<Scored>,
    pub contact: Contact,
}

impl Checker {
    /// Builds the automaton on a second thread while this one builds the suggestion indexes:
    /// start-up is most of a one-resume run, and the two halves cost about the same.
    pub fn new(lexicon: Lexicon) -> Result<Checker, BuildError> {
        let (matcher, (near_misses, acronyms)) = std::thread::scope(|scope| {
            let automaton = spawn_automaton(scope, || Matcher::new(&lexicon));
            let indexes = suggestion_indexes(&lexicon);
            (join_automaton(automaton, &lexicon), indexes)
        });
        Ok(Checker {
            lexicon,
            matcher: matcher?,
            near_misses,
            acronyms,
        })
    }

    /// The checker for the embedded lexicon, the same as `Checker::new(Lexicon::embedded()?)`
    /// but sooner: the automaton is built from the compiled forms on a second thread while
    /// this one assembles the lexicon and the suggestion indexes.
    pub fn embedded() -> Result<Checker, CheckerError> {
        let (Some(forms), Some(variants)) =
            (Lexicon::embedded_forms(), Lexicon::embedded_variants())
        else {
            return Ok(Checker::new(Lexicon::embedded()?)?);
        };
        let (lexicon, built) = std::thread::scope(|scope| {
            let automaton = spawn_automaton(scope, move || {
                Matcher::from_forms_and_variants(forms, variants)
            });
            let lexicon = Lexicon::embedded();
            let built = lexicon.as_ref().ok().map(|lexicon| {
                let indexes = suggestion_indexes(lexicon);
                (join_automaton(automaton, lexicon), indexes)
            });
            (lexicon, built)
        });
        let lexicon = lexicon?;
        let Some((matcher, (near_misses, acronyms))) = built else {
            return Ok(Checker::new(lexicon)?);
        };
        Ok(Checker {
            lexicon,
            matcher: matcher?,
            near_misses,
            acronyms,
        })
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Resolves a title name or alias (case-insensitive) to a target.
    pub fn title_target(&self, name: &str) -> Result<Target, UnknownTitle> {
        let key = form_key(name);
        let find = |key: &str| {
            self.lexicon.titles.iter().find(|t| {
                std::iter::once(&t.name)
                    .chain(&t.aliases)
                    .any(|n| form_key(n) == key)
            })
        };
        // "Senior Data Engineer", "Lead Network Engineer": the title without its seniority.
        let found = find(&key).or_else(|| {
            SENIORITY
                .iter()
                .find_map(|s| key.strip_prefix(s))
                .and_then(|rest| find(rest.trim_start()))
        });
        match found {
            Some(title) => Ok(Target::from_title(title)),
            None => {
                let mut scored: Vec<(f64, &str)> = self
                    .lexicon
                    .titles
                    .iter()
                    .map(|t| {
                        let best = std::iter::once(&t.name)
                            .chain(&t.aliases)
                            .map(|n| strsim::jaro_winkler(&form_key(n), &key))
                            .fold(0.0, f64::max);
                        (best, t.name.as_str())
                    })
                    .collect();
                scored.sort_by(|a, b| b.0.total_cmp(&a.0));
                Err(UnknownTitle {
                    name: name.to_owned(),
                    closest: scored
                        .into_iter()
                        .take(3)
                        .map(|(_, n)| n.to_owned())
                        .collect(),
                })
            }
        }
    }

    /// The requirements of a job posting; with `title`, the title's requirements that the
    /// posting does not mention are added as a fallback (see [`job::combine`]).
    pub fn job_target(&self, posting: &Document, title: Option<Target>) -> Target {
        let AtsView { text, sections } = self.ats_view(posting);
        let hits = self.matcher.find(&text, &sections);
        job::combine(
            &self.lexicon,
            job::read_posting(&self.lexicon, &text, &hits),
            title,
        )
    }

    /// Runs matching, scoring and suggestions on one document.
    pub fn analyse<'a>(&'a self, document: &'a Document, target: &'a Target) -> Analysis<'a> {
        let AtsView { text, sections } = self.ats_view(document);
        let (hidden_hits, hits): (Vec<Hit>, Vec<Hit>) = self
            .matcher
            .find(&text, &sections)
            .into_iter()
            .filter(|h| !names_people(&self.lexicon, &text, h))
            .partition(|h| h.hidden);
        let mut found = vec![false; self.lexicon.terms.len()];
        for hit in hits.iter().filter(|h| {
            !outside_work(&sections, h)
                && !in_progress(&self.lexicon, &text, h)
                && !degree_line(&sections, &text, h)
        }) {
            if let Some(slot) = found.get_mut(hit.term) {
                *slot = true;
            }
        }
        let has_text = text.lines.iter().any(|l| {
            l.origin != Origin::Hidden && text.line_text(l).chars().any(char::is_alphanumeric)
        });
        let found = TermsFound::new(found, &self.lexicon);
        let scored = (!target.requirements.is_empty() && has_text)
            .then(|| score::score(target, &found, &self.lexicon));
        let contact = contact::detect(&text);
        let words = text.word_count();
        Analysis {
            lexicon: &self.lexicon,
            near_misses: &self.near_misses,
            acronyms: &self.acronyms,
            document,
            target,
            text,
            sections,
            hits,
            hidden_hits,
            found,
            words,
            has_text,
            scored,
            contact,
        }
    }

    /// The whole check: a report ready to print or serialise.
    pub fn check(&self, document: &Document, target: &Target) -> Report {
        let analysis = self.analyse(document, target);
        let suggestions = suggest::suggest(&analysis);
        let warnings = warnings(&analysis);
        let best_titles = if target.is_none() && analysis.has_text {
            score::best_titles(&analysis.found, &self.lexicon, BEST_TITLES)
        } else {
            Vec::new()
        };
        let (score, matched, missing) = match analysis.scored.clone() {
            Some(s) => (Some(s.score), s.matched, s.missing),
            None => (None, Vec::new(), Vec::new()),
        };
        Report {
            schema_version: SCHEMA_VERSION,
            record: RecordType::Report,
            file: None,
            document: DocumentInfo {
                format: document.format,
                pages: document.pages,
                words: analysis.words,
            },
            target: (!target.is_none()).then(|| TargetInfo {
                title: target.title.clone(),
                source: target.source().unwrap_or(score::Source::Title),
            }),
            score,
            found: found_terms(&analysis),
            matched,
            missing,
            best_titles,
            sections: analysis
                .sections
                .list
                .iter()
                .map(|s| SectionInfo {
                    heading: s.heading.clone(),
                    kind: s.kind,
                    standard: s.standard,
                    line: s.line + 1,
                })
                .collect(),
            contact: analysis.contact,
            suggestions,
            warnings,
        }
    }
}

/// A `--title` that is not in the lexicon, with the closest known titles.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown title {name:?}; closest known titles: {}", closest.join(", "))]
pub struct UnknownTitle {
    pub name: String,
    pub closest: Vec<String>,
}

fn found_terms(analysis: &Analysis) -> Vec<FoundTerm> {
    // Where each term's entry is in `found`: a table of indexes, not of entries, so that a
    // report does not build and walk one empty entry per lexicon term.
    let mut slot_of: Vec<Option<u32>> = vec![None; analysis.lexicon.terms.len()];
    let mut found: Vec<FoundTerm> = Vec::new();
    for hit in &analysis.hits {
        let Some(term) = analysis.lexicon.term(hit.term) else {
            continue;
        };
        let written = analysis.text.text.get(hit.span.clone()).unwrap_or_default();
        // A form found across a line wrap is shown on one line.
        let unwrapped;
        let written = if written.contains('\n') {
            unwrapped = written.replace('\n', " ");
            unwrapped.as_str()
        } else {
            written
        };
        let section = match hit.section.and_then(|i| analysis.sections.list.get(i)) {
            None => "top",
            Some(s) => s.kind.map_or("other", |k| k.as_str()),
        };
        let Some(slot) = slot_of.get_mut(hit.term) else {
            continue;
        };
        let index = match *slot {
            Some(index) => index as usize,
            None => {
                let Ok(index) = u32::try_from(found.len()) else {
                    continue;
                };
                *slot = Some(index);
                found.push(FoundTerm {
                    term: term.name.clone(),
                    kind: term.kind,
                    category: term.category.clone(),
                    count: 0,
                    forms: Vec::new(),
                    sections: Vec::new(),
                    counted: false,
                    in_progress: false,
                });
                index as usize
            }
        };
        let Some(entry) = found.get_mut(index) else {
            continue;
        };
        entry.count += 1;
        let pending = in_progress(analysis.lexicon, &analysis.text, hit);
        entry.in_progress |= pending;
        entry.counted |= !outside_work(&analysis.sections, hit)
            && !pending
            && !degree_line(&analysis.sections, &analysis.text, hit);
        // Copied only when new: most hits repeat a form and a section already listed.
        if !entry.forms.iter().any(|f| f == written) {
            entry.forms.push(written.to_owned());
        }
        if !entry.sections.iter().any(|s| s == section) {
            entry.sections.push(section.to_owned());
        }
    }
    found.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then(b.count.cmp(&a.count))
            .then_with(|| a.term.cmp(&b.term))
    });
    found
}

/// The extractor's warnings plus those that need the whole analysis: hidden keywords, tables,
/// text boxes, contact details only in headers.
fn warnings(analysis: &Analysis) -> Vec<Warning> {
    let mut warnings = analysis.document.warnings.clone();
    let has = |code: WarningCode, w: &[Warning]| w.iter().any(|x| x.code == code);
    if !analysis.has_text
        && !has(WarningCode::NoTextLayer, &warnings)
        && !has(WarningCode::EmptyText, &warnings)
    {
        warnings.push(Warning::new(
            WarningCode::EmptyText,
            "no readable text: an ATS would see an empty resume, so no score is given",
        ));
    }
    let hidden: BTreeSet<&str> = analysis
        .hidden_hits
        .iter()
        .filter_map(|h| analysis.lexicon.term(h.term))
        .map(|t| t.name.as_str())
        .collect();
    if !hidden.is_empty() {
        let message = format!(
            "keywords in text a reader cannot see: {}; they are not counted in the score, and recruiters treat hidden keywords as cheating",
            hidden.into_iter().collect::<Vec<_>>().join(", ")
        );
        match warnings
            .iter_mut()
            .find(|w| w.code == WarningCode::HiddenText)
        {
            Some(existing) => existing.message = format!("{}; {message}", existing.message),
            None => warnings.push(Warning::new(WarningCode::HiddenText, message)),
        }
    }
    for (origin, code, what) in [
        (
            Origin::Table,
            WarningCode::Tables,
            "laid out in tables, whose cells ATS often scramble or skip",
        ),
        (
            Origin::TextBox,
            WarningCode::TextBoxes,
            "in text boxes, which ATS often drop or move to the end",
        ),
    ] {
        let places = sections_with_origin(analysis, origin);
        if let Some(places) = places {
            warnings.push(Warning::new(code, format!("content {what}: {places}")));
        }
    }
    let contact = &analysis.contact;
    let header_only: Vec<&str> = [(contact.email, "email"), (contact.phone, "phone")]
        .into_iter()
        .filter(|(p, _)| *p == Presence::HeaderOnly)
        .map(|(_, name)| name)
        .collect();
    if !header_only.is_empty() {
        warnings.push(Warning::new(
            WarningCode::ContactInHeader,
            format!("{} only in a page header, footer or text box: several ATS skip those, so the recruiter may get no way to reach you", header_only.join(" and ")),
        ));
    }
    warnings
}

/// "in Skills, Experience (12 lines)" for the lines of `origin`, or `None` if there are none.
fn sections_with_origin(analysis: &Analysis, origin: Origin) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    let mut count = 0;
    for (index, line) in analysis.text.lines.iter().enumerate() {
        if line.origin != origin || line.range.is_empty() {
            continue;
        }
        count += 1;
        let name = analysis
            .sections
            .of_line(index)
            .map_or_else(|| "the top of the page".to_owned(), |s| s.heading.clone());
        if !names.contains(&name) {
            names.push(name);
        }
    }
    (count > 0).then(|| format!("{count} lines, in {}", names.join(", ")))
}

/// The text as an ATS reads it, with sections: what `atsfit extract` prints.
pub struct AtsView {
    pub text: NormalizedText,
    pub sections: Sections,
}

impl Checker {
    /// Normalises a document and finds its sections: the first steps of every check.
    pub fn ats_view(&self, document: &Document) -> AtsView {
        let text = normalize_document(document);
        // A term ("AWS") or a title ("Backend Developer") alone on a line is not a heading.
        let sections = sections::detect(&text, |line| {
            let key = form_key(line);
            self.lexicon.term_by_form_key(&key).is_some() || self.lexicon.is_title_key(&key)
        });
        AtsView { text, sections }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The terms a report counts, and those it lists without counting.
    fn counted_and_not(resume: &str) -> (Vec<String>, Vec<String>) {
        let checker = Checker::embedded().unwrap();
        let report = checker.check(&Document::from_text(resume), &Target::none());
        let (counted, not): (Vec<_>, Vec<_>) = report.found.iter().partition(|f| f.counted);
        let names = |list: Vec<&FoundTerm>| list.iter().map(|f| f.term.clone()).collect();
        (names(counted), names(not))
    }

    #[test]
    fn a_degree_a_hobby_or_a_pending_certification_is_no_skill() {
        let resume = "Experience\n- Built services in Go and PostgreSQL.\n\nEducation\nB.S. Computer Science, University of Utah, 2019\nRelevant coursework: Algorithms, Operating Systems\n\nCertifications\nCISSP (expected 2027)\n\nInterests\nPlaying Go, and my dog, Kafka.\n";
        let (counted, not) = counted_and_not(resume);
        for term in ["Go", "PostgreSQL", "Algorithms"] {
            assert!(counted.iter().any(|t| t == term), "{term}: {counted:?}");
        }
        assert!(not.iter().any(|t| t == "Computer Science"), "{not:?}");
        assert!(
            !counted.iter().any(|t| t == "Computer Science"),
            "{counted:?}"
        );
        assert!(
            !counted
                .iter()
                .any(|t| t.contains("CISSP") || t.contains("Information Systems Security")),
            "{counted:?}"
        );
        assert!(!counted.iter().any(|t| t == "Apache Kafka"), "{counted:?}");
    }
}
