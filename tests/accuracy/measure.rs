//! Measures what atsfit finds against the accuracy corpus's truth files (see
//! `tests/accuracy/README.md`): shared by the `accuracy` example, which prints the figures and
//! every miss and false hit, and by `tests/accuracy.rs`, which holds the floors.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use atsfit::Checker;
use atsfit::lexicon::form_key;
use atsfit::report::Report;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Truth {
    pub title: String,
    #[serde(default)]
    pub skill: Vec<TruthSkill>,
    #[serde(default)]
    pub optional: Vec<String>,
    #[serde(default)]
    pub must_not: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TruthSkill {
    pub name: String,
    #[serde(default)]
    pub accept: Vec<String>,
    pub kind: String,
    #[serde(default)]
    pub status: Option<String>,
}

impl TruthSkill {
    fn keys(&self) -> impl Iterator<Item = String> + '_ {
        std::iter::once(&self.name)
            .chain(&self.accept)
            .map(|n| form_key(n))
    }

    pub fn in_progress(&self) -> bool {
        self.status.as_deref() == Some("in_progress")
    }
}

/// One document of the corpus: a resume as written, or rendered by a producer.
pub struct Case {
    pub name: String,
    pub path: PathBuf,
    pub truth: Truth,
}

/// What atsfit found in one case, judged against its truth.
pub struct Outcome {
    pub case: String,
    pub title: String,
    pub format: String,
    /// (truth skill, its kind) found.
    pub hits: Vec<(String, String)>,
    /// (truth skill, its kind) not found.
    pub misses: Vec<(String, String)>,
    /// (reported term, its kind) that matches no truth skill and no optional entry.
    pub false_hits: Vec<(String, String)>,
    /// Reported terms that match a `must_not` word.
    pub must_not_hits: Vec<String>,
    /// Certifications the resume says are in progress, reported as found.
    pub in_progress_reported: Vec<String>,
    /// Every counted term reported, by canonical name, sorted.
    pub reported: Vec<String>,
}

/// Every resume in `dir/resumes` with its truth, then every rendering in `dir/rendered`.
pub fn load_corpus(dir: &Path) -> Result<Vec<Case>, String> {
    let resumes = dir.join("resumes");
    let mut cases = Vec::new();
    let mut truths: BTreeMap<String, Truth> = BTreeMap::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&resumes)
        .map_err(|e| format!("{}: {e}", resumes.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in &entries {
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if let Some(stem) = file.strip_suffix(".truth.toml") {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{file}: {e}"))?;
            let truth: Truth = toml::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
            truths.insert(stem.to_owned(), truth);
        }
    }
    for path in &entries {
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if file.ends_with(".toml") || file.ends_with(".md") && file == "README.md" {
            continue;
        }
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let truth = truths
            .get(stem)
            .ok_or_else(|| format!("{file}: no {stem}.truth.toml"))?;
        cases.push(Case {
            name: file.to_owned(),
            path: path.clone(),
            truth: truth.clone(),
        });
    }
    let rendered = dir.join("rendered");
    if let Ok(read) = std::fs::read_dir(&rendered) {
        let mut paths: Vec<PathBuf> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let file = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if !(file.ends_with(".pdf") || file.ends_with(".docx")) {
                continue;
            }
            // "NAME.PRODUCER.pdf" or "NAME.pdf": the truth is NAME's.
            let stem = file.split('.').next().unwrap_or_default();
            let truth = truths
                .get(stem)
                .ok_or_else(|| format!("rendered/{file}: no resumes/{stem}.truth.toml"))?;
            cases.push(Case {
                name: format!("rendered/{file}"),
                path: path.clone(),
                truth: truth.clone(),
            });
        }
    }
    Ok(cases)
}

/// Checks one case against the truth title's target (or none when the title is unknown).
pub fn measure(checker: &Checker, case: &Case) -> Result<Outcome, String> {
    let document = atsfit::extract::from_path(&case.path, &atsfit::Limits::default())
        .map_err(|e| format!("{}: {e}", case.name))?;
    let target = checker
        .title_target(&case.truth.title)
        .unwrap_or_else(|_| atsfit::Target::none());
    let report = checker.check(&document, &target);
    Ok(judge(checker, case, &report))
}

fn judge(checker: &Checker, case: &Case, report: &Report) -> Outcome {
    let lexicon = checker.lexicon();
    // Every key under which a reported term may be named: its name, its forms, and what the
    // resume wrote.
    let reported: Vec<(String, String, Vec<String>)> = report
        .found
        .iter()
        .filter(|f| f.counted)
        .map(|f| {
            let mut keys: Vec<String> = f.forms.iter().map(|w| form_key(w)).collect();
            keys.push(form_key(&f.term));
            if let Some(term) = lexicon.term_id(&f.term).and_then(|id| lexicon.term(id)) {
                keys.extend(term.forms().map(form_key));
            }
            (f.term.clone(), f.kind.as_str().to_owned(), keys)
        })
        .collect();
    let truth = &case.truth;
    let mut used = vec![false; reported.len()];
    let mut outcome = Outcome {
        case: case.name.clone(),
        title: truth.title.clone(),
        format: report.document.format.as_str().to_owned(),
        hits: Vec::new(),
        misses: Vec::new(),
        false_hits: Vec::new(),
        must_not_hits: Vec::new(),
        in_progress_reported: Vec::new(),
        reported: {
            let mut names: Vec<String> = reported.iter().map(|(t, _, _)| t.clone()).collect();
            names.sort();
            names
        },
    };
    for skill in &truth.skill {
        let keys: Vec<String> = skill.keys().collect();
        let matching: Vec<usize> = reported
            .iter()
            .enumerate()
            .filter(|(_, (_, _, forms))| forms.iter().any(|f| keys.contains(f)))
            .map(|(i, _)| i)
            .collect();
        for &i in &matching {
            used[i] = true;
        }
        if skill.in_progress() {
            if !matching.is_empty() {
                outcome.in_progress_reported.push(skill.name.clone());
            }
            continue;
        }
        let entry = (skill.name.clone(), skill.kind.clone());
        if matching.is_empty() {
            outcome.misses.push(entry);
        } else {
            outcome.hits.push(entry);
        }
    }
    let optional: Vec<String> = truth.optional.iter().map(|o| form_key(o)).collect();
    let must_not: Vec<String> = truth.must_not.iter().map(|o| form_key(o)).collect();
    for (i, (term, kind, forms)) in reported.iter().enumerate() {
        if forms.iter().any(|f| must_not.contains(f)) && !used[i] {
            outcome.must_not_hits.push(term.clone());
        }
        if used[i] || forms.iter().any(|f| optional.contains(f)) {
            continue;
        }
        outcome.false_hits.push((term.clone(), kind.clone()));
    }
    outcome
}

/// Found, missed and falsely reported, summed over a group of outcomes.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub documents: usize,
    pub found: usize,
    pub missed: usize,
    pub false_hits: usize,
}

impl Tally {
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.found + self.missed)
    }

    pub fn precision(&self) -> f64 {
        ratio(self.found, self.found + self.false_hits)
    }

    pub fn add(&mut self, outcome: &Outcome) {
        self.documents += 1;
        self.found += outcome.hits.len();
        self.missed += outcome.misses.len();
        self.false_hits += outcome.false_hits.len();
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// Tallies by a key of each outcome (title, format), sorted by key.
pub fn tally_by(outcomes: &[Outcome], key: impl Fn(&Outcome) -> String) -> BTreeMap<String, Tally> {
    let mut by: BTreeMap<String, Tally> = BTreeMap::new();
    for outcome in outcomes {
        by.entry(key(outcome)).or_default().add(outcome);
    }
    by
}

/// Tallies by kind: recall from the truth's kinds, false hits by the reported kind.
pub fn tally_by_kind(outcomes: &[Outcome]) -> BTreeMap<String, Tally> {
    let mut by: BTreeMap<String, Tally> = BTreeMap::new();
    for outcome in outcomes {
        for (_, kind) in &outcome.hits {
            by.entry(kind.clone()).or_default().found += 1;
        }
        for (_, kind) in &outcome.misses {
            by.entry(kind.clone()).or_default().missed += 1;
        }
        for (_, kind) in &outcome.false_hits {
            by.entry(kind.clone()).or_default().false_hits += 1;
        }
    }
    by
}

pub fn total(outcomes: &[Outcome]) -> Tally {
    let mut all = Tally::default();
    for outcome in outcomes {
        all.add(outcome);
    }
    all
}

/// "case: term" for each term a list of every outcome holds.
pub fn listed(outcomes: &[Outcome], list: impl Fn(&Outcome) -> &Vec<String>) -> Vec<String> {
    outcomes
        .iter()
        .flat_map(|o| list(o).iter().map(move |t| format!("{}: {t}", o.case)))
        .collect()
}

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/accuracy")
}
