//! Scoring: the weighted share of a target's requirements that the resume satisfies.
//!
//! A requirement is met by any of its terms, so a Java developer is not penalised for lacking
//! Python when the title asks for "a backend language". The score is explainable: every
//! requirement is reported as met (by which term) or missing.

use serde::Serialize;

use crate::lexicon::{Lexicon, TermId, Title, Weight};

/// Where a requirement comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The target job title's requirements in the lexicon.
    Title,
    /// A job posting.
    Job,
    /// Both named it.
    Both,
}

/// One thing the target asks for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Requirement {
    /// The report's name for it: a term's name or a group's label.
    pub label: String,
    pub importance: Weight,
    /// Points it is worth (must 3, should 2, nice 1 for titles; a posting can give more).
    pub weight: f64,
    #[serde(skip)]
    pub any: Vec<TermId>,
    pub source: Source,
}

/// What a resume is scored against.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Target {
    /// The job title sought, if known.
    pub title: Option<String>,
    /// Other names of that title, which also count as the title in a resume.
    pub title_aliases: Vec<String>,
    pub requirements: Vec<Requirement>,
    /// Terms as a job posting wrote them, so suggestions can match its spelling.
    pub posting_forms: Vec<(TermId, String)>,
}

impl Target {
    /// No target: the report lists what the resume holds and the best-fitting titles.
    pub fn none() -> Target {
        Target::default()
    }

    pub fn from_title(title: &Title) -> Target {
        Target {
            title: Some(title.name.clone()),
            title_aliases: title.aliases.clone(),
            requirements: title
                .requires
                .iter()
                .map(|r| Requirement {
                    label: r.label.clone(),
                    importance: r.weight,
                    weight: r.weight.points(),
                    any: r.any.clone(),
                    source: Source::Title,
                })
                .collect(),
            posting_forms: Vec::new(),
        }
    }

    pub fn is_none(&self) -> bool {
        self.requirements.is_empty() && self.title.is_none()
    }

    /// Where the requirements come from overall.
    pub fn source(&self) -> Option<Source> {
        let mut sources = self.requirements.iter().map(|r| r.source);
        let first = sources.next()?;
        Some(if sources.all(|s| s == first) {
            first
        } else {
            Source::Both
        })
    }
}

/// A requirement the resume meets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matched {
    #[serde(flatten)]
    pub requirement: Requirement,
    /// The requirement's term that the resume meets.
    pub via: String,
    /// When the resume never writes `via` itself: the narrower term it writes instead
    /// ("AWS Lambda" for AWS). An ATS searching literally misses such a match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub through: Option<String>,
}

/// Which terms a resume shows: written (`written[term]`), or only through a narrower term
/// that the lexicon's `broader` relation leads up from (`through[term]`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TermsFound {
    pub written: Vec<bool>,
    pub through: Vec<Option<TermId>>,
}

impl TermsFound {
    /// From the terms written in the resume: every broader term of each is reached through it
    /// (the first such term in the lexicon's order, so reports are stable).
    pub fn new(written: Vec<bool>, lexicon: &Lexicon) -> TermsFound {
        let mut through = vec![None; written.len()];
        for (id, _) in written.iter().enumerate().filter(|(_, w)| **w) {
            for &broader in lexicon.broader_terms(id) {
                if !written.get(broader).copied().unwrap_or(true)
                    && let Some(slot @ None) = through.get_mut(broader)
                {
                    *slot = Some(id);
                }
            }
        }
        TermsFound { written, through }
    }

    /// The term is written or reached through a narrower one.
    pub fn shows(&self, id: TermId) -> bool {
        self.written.get(id).copied().unwrap_or(false)
            || self.through.get(id).is_some_and(Option::is_some)
    }

    fn is_written(&self, id: TermId) -> bool {
        self.written.get(id).copied().unwrap_or(false)
    }
}

/// A requirement the resume misses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Missing {
    #[serde(flatten)]
    pub requirement: Requirement,
    /// The terms any of which would meet it.
    pub any_of: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scored {
    /// 0–100, one decimal.
    pub score: f64,
    pub matched: Vec<Matched>,
    /// Heaviest first.
    pub missing: Vec<Missing>,
}

/// Scores `target` given which terms the resume shows. A requirement is met by a term
/// written in the resume first, else by one reached through a narrower term.
pub fn score(target: &Target, found: &TermsFound, lexicon: &Lexicon) -> Scored {
    let name = |id: TermId| lexicon.term(id).map(|t| t.name.clone()).unwrap_or_default();
    let mut scored = Scored::default();
    for requirement in &target.requirements {
        let written = requirement.any.iter().find(|&&id| found.is_written(id));
        let reached = || {
            requirement.any.iter().find_map(|&id| {
                found
                    .through
                    .get(id)
                    .copied()
                    .flatten()
                    .map(|narrower| (id, narrower))
            })
        };
        let met = match written {
            Some(&id) => Some((id, None)),
            None => reached().map(|(id, narrower)| (id, Some(narrower))),
        };
        match met {
            Some((via, narrower)) => {
                scored.matched.push(Matched {
                    requirement: requirement.clone(),
                    via: name(via),
                    through: narrower.map(name),
                });
            }
            None => scored.missing.push(Missing {
                requirement: requirement.clone(),
                any_of: requirement.any.iter().map(|&id| name(id)).collect(),
            }),
        }
    }
    scored.score = weighted_share(
        target
            .requirements
            .iter()
            .map(|r| (r.weight, is_met(&r.any, found))),
    );
    scored
        .missing
        .sort_by(|a, b| b.requirement.weight.total_cmp(&a.requirement.weight));
    scored
        .matched
        .sort_by(|a, b| b.requirement.weight.total_cmp(&a.requirement.weight));
    scored
}

/// A title and how well the resume fits it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TitleFit {
    pub title: String,
    pub score: f64,
}

/// The `count` titles the resume fits best, best first (ties by name).
pub fn best_titles(found: &TermsFound, lexicon: &Lexicon, count: usize) -> Vec<TitleFit> {
    let mut fits: Vec<(f64, &str)> = lexicon
        .titles
        .iter()
        .map(|t| (title_score(t, found), t.name.as_str()))
        .collect();
    fits.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    fits.into_iter()
        .take(count)
        .map(|(score, title)| TitleFit {
            title: title.to_owned(),
            score,
        })
        .collect()
}

/// What [`score`] gives for a title's target, without building the target or the lists of
/// matched and missing requirements: every check without a target scores every title.
fn title_score(title: &Title, found: &TermsFound) -> f64 {
    weighted_share(
        title
            .requires
            .iter()
            .map(|r| (r.weight.points(), is_met(&r.any, found))),
    )
}

/// Whether a resume with the terms `found` meets a requirement satisfied by any of `any`.
fn is_met(any: &[TermId], found: &TermsFound) -> bool {
    any.iter().any(|&id| found.shows(id))
}

/// The score: the weight of the requirements met, as a share of the weight of all of them,
/// 0–100 to one decimal (0 without requirements).
fn weighted_share(requirements: impl Iterator<Item = (f64, bool)>) -> f64 {
    let (mut earned, mut total) = (0.0, 0.0);
    for (weight, met) in requirements {
        total += weight;
        if met {
            earned += weight;
        }
    }
    if total > 0.0 {
        round1(100.0 * earned / total)
    } else {
        0.0
    }
}

pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        let terms = r#"
[[term]]
name = "Java"
kind = "hard_skill"
category = "language"
[[term]]
name = "Python"
kind = "hard_skill"
category = "language"
[[term]]
name = "SQL"
kind = "hard_skill"
category = "database"
[[term]]
name = "Docker"
kind = "tool"
category = "devops"
"#;
        let titles = r#"
[[title]]
name = "Backend Developer"
requires = [
  { weight = "must", label = "a backend language", any = ["Java", "Python"] },
  { weight = "should", any = ["SQL"] },
  { weight = "nice", any = ["Docker"] },
]
[[title]]
name = "Data Person"
requires = [{ weight = "must", any = ["Python"] }]
"#;
        Lexicon::from_sources(("t", terms), ("u", titles)).unwrap()
    }

    #[test]
    fn any_of_groups_are_met_by_one_term() {
        let lex = lexicon();
        let target = Target::from_title(&lex.titles[0]);
        let rows: &[(&[bool], f64, &[&str])] = &[
            (&[true, false, false, false], 50.0, &["SQL", "Docker"]),
            (&[false, true, true, false], 83.3, &["Docker"]),
            (&[true, true, true, true], 100.0, &[]),
            (
                &[false, false, false, true],
                16.7,
                &["a backend language", "SQL"],
            ),
        ];
        for (found, want_score, want_missing) in rows {
            let s = score(&target, &TermsFound::new(found.to_vec(), &lex), &lex);
            assert_eq!(s.score, *want_score);
            let missing: Vec<_> = s
                .missing
                .iter()
                .map(|m| m.requirement.label.as_str())
                .collect();
            assert_eq!(missing, *want_missing);
        }
        let s = score(
            &target,
            &TermsFound::new(vec![false, true, false, false], &lex),
            &lex,
        );
        assert_eq!(s.matched[0].via, "Python");
        assert_eq!(s.missing[0].any_of, vec!["SQL"]);
    }

    #[test]
    fn a_narrower_term_meets_a_broader_requirement() {
        let terms = r#"
[[term]]
name = "AWS"
kind = "tool"
category = "cloud"
[[term]]
name = "AWS Lambda"
kind = "tool"
category = "cloud"
broader = ["Serverless", "AWS"]
[[term]]
name = "Serverless"
kind = "hard_skill"
category = "architecture"
broader = ["Cloud Computing"]
[[term]]
name = "Cloud Computing"
kind = "hard_skill"
category = "cloud"
"#;
        let titles = r#"
[[title]]
name = "Cloud Person"
requires = [
  { weight = "must", any = ["AWS"] },
  { weight = "should", any = ["Cloud Computing"] },
  { weight = "nice", label = "AWS or serverless", any = ["AWS", "Serverless"] },
]
"#;
        let lex = Lexicon::from_sources(("t", terms), ("u", titles)).unwrap();
        let target = Target::from_title(&lex.titles[0]);
        // Only "AWS Lambda" written: every requirement met, through it.
        let found = TermsFound::new(vec![false, true, false, false], &lex);
        let s = score(&target, &found, &lex);
        assert_eq!(s.score, 100.0);
        let rows: Vec<(&str, &str, Option<&str>)> = s
            .matched
            .iter()
            .map(|m| {
                (
                    m.requirement.label.as_str(),
                    m.via.as_str(),
                    m.through.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("AWS", "AWS", Some("AWS Lambda")),
                ("Cloud Computing", "Cloud Computing", Some("AWS Lambda")),
                ("AWS or serverless", "AWS", Some("AWS Lambda")),
            ]
        );
        // "AWS" written as well: the group is met by it literally, not through the narrower.
        let found = TermsFound::new(vec![true, true, false, false], &lex);
        let s = score(&target, &found, &lex);
        assert_eq!(s.matched[0].through, None);
        assert_eq!(s.matched[2].through, None);
        // A broader term never meets a narrower requirement.
        let found = TermsFound::new(vec![false, false, false, true], &lex);
        let s = score(&target, &found, &lex);
        assert_eq!(s.matched.len(), 1);
        assert_eq!(s.matched[0].via, "Cloud Computing");
    }

    #[test]
    fn broader_cycles_and_unknown_names_are_errors() {
        let cycle = "[[term]]\nname = \"A\"\nkind = \"tool\"\ncategory = \"tool\"\nbroader = [\"B\"]\n[[term]]\nname = \"B\"\nkind = \"tool\"\ncategory = \"tool\"\nbroader = [\"A\"]\n";
        let err = Lexicon::from_sources(("t", cycle), ("u", "")).unwrap_err();
        assert!(err.message.contains("cycle"), "{err}");
        let unknown =
            "[[term]]\nname = \"A\"\nkind = \"tool\"\ncategory = \"tool\"\nbroader = [\"Nope\"]\n";
        let err = Lexicon::from_sources(("t", unknown), ("u", "")).unwrap_err();
        assert_eq!(err.line, 5, "{err}");
        assert!(err.message.contains("unknown term"), "{err}");
    }

    #[test]
    fn best_titles_rank_by_score() {
        let lex = lexicon();
        let fits = best_titles(
            &TermsFound::new(vec![false, true, false, false], &lex),
            &lex,
            3,
        );
        assert_eq!(
            fits[0],
            TitleFit {
                title: "Data Person".into(),
                score: 100.0
            }
        );
        assert_eq!(fits[1].title, "Backend Developer");
    }

    #[test]
    fn a_title_scores_as_its_target_does() {
        // `best_titles` takes a short cut past `score`: both must agree on every title, for
        // every resume. Every subset of the embedded lexicon's terms would be too many; these
        // are the found sets of a resume that knows nothing, everything, and every third term.
        let lex = Lexicon::embedded().expect("embedded lexicon");
        let n = lex.terms.len();
        let found_sets = [
            vec![false; n],
            vec![true; n],
            (0..n).map(|i| i % 3 == 0).collect(),
            (0..n).map(|i| i % 7 < 2).collect::<Vec<_>>(),
        ];
        for found in found_sets {
            let found = &TermsFound::new(found, &lex);
            for title in &lex.titles {
                assert_eq!(
                    title_score(title, found),
                    score(&Target::from_title(title), found, &lex).score,
                    "{}",
                    title.name
                );
            }
        }
    }
}
