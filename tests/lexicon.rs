//! The lexicon linted like code: it loads, it is sorted, it covers what the project promises.

use atsfit::Lexicon;
use atsfit::lexicon::form_key;

fn raw(file: &str) -> toml::Table {
    let path = format!("{}/lexicon/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn strings(value: Option<&toml::Value>) -> Vec<String> {
    value
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn embedded_lexicon_loads_and_is_large_enough() {
    let lexicon = Lexicon::embedded().unwrap_or_else(|e| panic!("{e}"));
    assert!(lexicon.terms.len() >= 800, "{} terms", lexicon.terms.len());
    assert!(
        lexicon.titles.len() >= 20,
        "{} titles",
        lexicon.titles.len()
    );
}

#[test]
fn terms_are_sorted_by_category_then_name() {
    let table = raw("terms.toml");
    let terms = table
        .get("term")
        .and_then(|t| t.as_array())
        .expect("[[term]] tables");
    let keys: Vec<(String, String)> = terms
        .iter()
        .map(|t| {
            let get = |k: &str| {
                t.get(k)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            (get("category"), get("name").to_lowercase())
        })
        .collect();
    for pair in keys.windows(2) {
        assert!(
            pair[0] <= pair[1],
            "terms out of order: {:?} comes before {:?}",
            pair[0],
            pair[1]
        );
    }
}

#[test]
fn titles_are_sorted_and_requirements_distinct() {
    let table = raw("titles.toml");
    let titles = table
        .get("title")
        .and_then(|t| t.as_array())
        .expect("[[title]] tables");
    let names: Vec<String> = titles
        .iter()
        .map(|t| {
            t.get("name")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_lowercase()
        })
        .collect();
    for pair in names.windows(2) {
        assert!(
            pair[0] < pair[1],
            "titles out of order: {:?} before {:?}",
            pair[0],
            pair[1]
        );
    }
    let lexicon = Lexicon::embedded().unwrap();
    for title in &lexicon.titles {
        let mut seen = std::collections::HashSet::new();
        for r in &title.requires {
            for id in &r.any {
                assert!(
                    seen.insert(*id),
                    "{}: term {} appears in two requirements",
                    title.name,
                    lexicon.terms[*id].name
                );
            }
        }
    }
}

#[test]
fn forms_are_normalised() {
    let table = raw("terms.toml");
    for term in table
        .get("term")
        .and_then(|t| t.as_array())
        .into_iter()
        .flatten()
    {
        let name = term
            .get("name")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned();
        let mut forms = strings(term.get("aliases"));
        forms.push(name.clone());
        for form in forms {
            assert_eq!(
                atsfit::normalize::normalize(&form),
                form,
                "{name}: form {form:?} is not normalised"
            );
        }
    }
}

#[test]
fn every_role_the_seeds_name_is_a_title() {
    let lexicon = Lexicon::embedded().unwrap();
    let known: Vec<String> = lexicon
        .titles
        .iter()
        .flat_map(|t| std::iter::once(&t.name).chain(&t.aliases))
        .map(|n| form_key(n))
        .collect();
    for role in [
        "Backend Developer",
        "Backend Engineer",
        "Server-Side Developer",
        "API Developer",
        "Microservices Developer",
        "Cloud Backend Engineer",
        "Senior Backend Engineer",
        "Technical Lead",
        "Solution Architect",
        "DevOps Engineer",
        "Security Engineer",
        "Database Developer",
        "Junior Software Engineer",
        "Frontend Developer",
        "Full-Stack Developer",
        "Data Engineer",
        "Data Scientist",
        "Machine Learning Engineer",
        "Site Reliability Engineer",
        "Cloud Engineer",
        "Mobile Developer",
        "QA Automation Engineer",
        "Platform Engineer",
        "Back-End Developer",
        "Backend Software Engineer",
    ] {
        assert!(
            known.contains(&form_key(role)),
            "no title or alias {role:?}"
        );
    }
}

#[test]
fn aliases_the_project_promises_resolve() {
    let lexicon = Lexicon::embedded().unwrap();
    let owner = |form: &str| {
        lexicon
            .terms
            .iter()
            .find(|t| t.forms().any(|f| form_key(f) == form_key(form)))
            .map(|t| t.name.as_str())
    };
    for (alias, canonical) in [
        ("Amazon Web Services", "AWS"),
        ("k8s", "Kubernetes"),
        ("Postgres", "PostgreSQL"),
        ("NodeJS", "Node.js"),
        ("Golang", "Go"),
        ("C-Sharp", "C#"),
    ] {
        let a = owner(alias).unwrap_or_else(|| panic!("{alias} is not in the lexicon"));
        let b = owner(canonical).unwrap_or_else(|| panic!("{canonical} is not in the lexicon"));
        assert_eq!(a, b, "{alias} and {canonical} should be one term");
    }
    assert!(owner("continuous integration").is_some());
}

/// `Checker::embedded` builds its automaton from the compiled forms before the lexicon exists;
/// it must find exactly what a checker built from the assembled lexicon finds.
#[test]
fn the_embedded_checker_is_the_checker_of_the_embedded_lexicon() {
    use atsfit::{Checker, Limits, extract};
    let fast = Checker::embedded().unwrap();
    let plain = Checker::new(Lexicon::embedded().unwrap()).unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_file() || path.file_name().is_some_and(|n| n == "README.md") {
            continue;
        }
        let document = extract::from_path(&path, &Limits::default()).unwrap();
        for title in ["Backend Developer", "Data Engineer"] {
            let a = fast.check(&document, &fast.title_target(title).unwrap());
            let b = plain.check(&document, &plain.title_target(title).unwrap());
            assert_eq!(
                serde_json::to_value(&a).unwrap(),
                serde_json::to_value(&b).unwrap(),
                "{}",
                path.display()
            );
            assert!(!a.found.is_empty(), "{}", path.display());
        }
        checked += 1;
    }
    assert!(checked >= 8, "{checked} samples");
}
