//! Table-driven tests of the matching rules: one row per case, must-match and must-not-match.

use super::*;
use crate::extract::{Document, Format, Line};
use crate::lexicon::Lexicon;
use crate::normalize::normalize_document;
use crate::sections;

const TERMS: &str = r#"
[[term]]
name = "C"
kind = "hard_skill"
category = "language"
common_words = ["C"]
[[term]]
name = "C++"
kind = "hard_skill"
category = "language"
aliases = ["cpp"]
[[term]]
name = "C#"
kind = "hard_skill"
category = "language"
aliases = ["C-Sharp", "CSharp"]
[[term]]
name = "Objective-C"
kind = "hard_skill"
category = "language"
[[term]]
name = ".NET"
kind = "tool"
category = "framework"
aliases = ["dotnet"]
[[term]]
name = "ASP.NET"
kind = "tool"
category = "framework"
[[term]]
name = "Java"
kind = "hard_skill"
category = "language"
[[term]]
name = "JavaScript"
kind = "hard_skill"
category = "language"
aliases = ["JS"]
[[term]]
name = "React"
kind = "tool"
category = "frontend"
aliases = ["React.js", "ReactJS"]
common_words = ["React"]
[[term]]
name = "R"
kind = "hard_skill"
category = "language"
common_words = ["R"]
[[term]]
name = "Go"
kind = "hard_skill"
category = "language"
aliases = ["Golang"]
common_words = ["Go"]
[[term]]
name = "Node.js"
kind = "tool"
category = "framework"
aliases = ["NodeJS"]
[[term]]
name = "CI/CD"
kind = "hard_skill"
category = "devops"
aliases = ["continuous integration"]
[[term]]
name = "Python"
kind = "hard_skill"
category = "language"
[[term]]
name = "HTML"
kind = "hard_skill"
category = "frontend"
[[term]]
name = "OAuth"
kind = "hard_skill"
category = "security"
[[term]]
name = "Spring"
kind = "tool"
category = "framework"
common_words = ["Spring"]
[[term]]
name = "Spring Boot"
kind = "tool"
category = "framework"
[[term]]
name = "Microsoft Excel"
kind = "tool"
category = "tool"
aliases = ["Excel"]
common_words = ["Excel"]
[[term]]
name = "Swift"
kind = "hard_skill"
category = "language"
common_words = ["Swift"]
[[term]]
name = "Rust"
kind = "hard_skill"
category = "language"
common_words = ["Rust"]
[[term]]
name = "Express"
kind = "tool"
category = "framework"
aliases = ["Express.js"]
common_words = ["Express"]
[[term]]
name = "Chef"
kind = "tool"
category = "devops"
common_words = ["Chef"]
[[term]]
name = "Jenkins"
kind = "tool"
category = "devops"
common_words = ["Jenkins"]
[[term]]
name = "Julia"
kind = "hard_skill"
category = "language"
common_words = ["Julia"]
[[term]]
name = "Apache Spark"
kind = "tool"
category = "data"
aliases = ["Spark"]
common_words = ["Spark"]
[[term]]
name = "Kubernetes"
kind = "tool"
category = "orchestration"
aliases = ["k8s"]
[[term]]
name = "Docker"
kind = "tool"
category = "orchestration"
[[term]]
name = "Amazon Web Services"
kind = "tool"
category = "cloud"
aliases = ["AWS"]
[[term]]
name = "Stripe"
kind = "tool"
category = "api"
[[term]]
name = "Notion"
kind = "tool"
category = "tool"
common_words = ["Notion"]
"#;

fn lexicon() -> Lexicon {
    Lexicon::from_sources(("terms.toml", TERMS), ("titles.toml", "")).unwrap()
}

/// The hits of `matcher` in a text document of `lines`.
fn hits_in(matcher: &Matcher, lines: Vec<Line>) -> Vec<Hit> {
    let doc = Document {
        format: Format::Text,
        pages: 1,
        lines,
        warnings: vec![],
    };
    let normalized = normalize_document(&doc);
    let sections = sections::detect(&normalized, |_| false);
    matcher.find(&normalized, &sections)
}

/// The canonical names found in `text` (lines split on '\n').
fn found(text: &str) -> Vec<String> {
    let lex = lexicon();
    let matcher = Matcher::new(&lex).unwrap();
    hits_in(&matcher, text.split('\n').map(Line::body).collect())
        .iter()
        .map(|h| lex.terms[h.term].name.clone())
        .collect()
}

#[track_caller]
fn check(rows: &[(&str, &[&str])]) {
    for (text, want) in rows {
        assert_eq!(found(text), *want, "text: {text:?}");
    }
}

#[test]
fn technology_names_have_their_own_word_boundaries() {
    check(&[
        ("JavaScript developer", &["JavaScript"]),
        ("Java and JavaScript", &["Java", "JavaScript"]),
        ("reactive streams in Java", &["Java"]),
        ("C-suite executives", &[]),
        ("R&D budget", &[]),
        ("C++ and C# on .NET", &["C++", "C#", ".NET"]),
        ("ASP.NET Core", &["ASP.NET"]),
        ("Node.js, Express.js", &["Node.js", "Express"]),
        ("built CI/CD pipelines", &["CI/CD"]),
        ("Objective-C and Swift", &["Objective-C", "Swift"]),
        ("Java.", &["Java"]),
        ("(Java)", &["Java"]),
        ("Python-based tooling", &["Python"]),
        ("Python's typing", &["Python"]),
        ("pythonic", &[]),
        ("Javanese", &[]),
        ("k8s", &["Kubernetes"]),
        ("KUBERNETES", &["Kubernetes"]),
        ("kubernetes", &["Kubernetes"]),
        // Only where a word starts: never inside one, whatever follows.
        ("unjava scripting", &[]),
        ("ajax, Java", &["Java"]),
        ("x.NET and .NET", &[".NET"]),
        ("#Java @Java _Java $Java", &[]),
        ("résumé Java", &["Java"]),
        ("éJava", &[]),
    ]);
}

/// The longest form whose end boundary holds wins; a longer form that fails falls back to a
/// shorter one starting at the same place.
#[test]
fn a_longer_form_that_fails_its_boundary_falls_back_to_a_shorter_one() {
    check(&[
        ("Skills: Spring Boot, Java", &["Spring Boot", "Java"]),
        // In a list, "Spring" before a capitalised word is a longer name ("Apache Arrow").
        ("Skills: Java, Spring bootcamp", &["Java", "Spring"]),
        ("Skills: Java, Spring Bootcamp", &["Java"]),
        ("JavaScripting in Java", &["Java"]),
    ]);
}

#[test]
fn versions_map_to_the_base_term() {
    check(&[
        ("Java 17", &["Java"]),
        ("Python3", &["Python"]),
        ("Python3.12 services", &["Python"]),
        ("Python (primary)", &["Python"]),
        ("HTML5", &["HTML"]),
        ("OAuth 2.0", &["OAuth"]),
        ("Java8, Java11", &["Java", "Java"]),
    ]);
}

#[test]
fn links_and_addresses_are_not_skills() {
    check(&[
        ("jane.java@example.com", &[]),
        ("github.com/jdoe/kubernetes-operator", &[]),
        ("https://docker.example.org/x", &[]),
        ("Kubernetes/Docker", &["Kubernetes", "Docker"]),
    ]);
}

#[test]
fn ordinary_words_need_evidence() {
    check(&[
        ("I go to meetups every month", &[]),
        ("Spring 2021 internship", &[]),
        ("I excel at building teams", &[]),
        ("Swift response to customer tickets", &[]),
        ("rust-coloured jacket", &[]),
        ("express delivery of parcels", &[]),
        ("Worked as head chef for five years", &[]),
        ("Julia Jenkins, manager", &[]),
        (
            "Reported to Julia Jenkins on the Kubernetes migration",
            &["Kubernetes"],
        ),
        ("React to incidents with Docker rollbacks", &["Docker"]),
        ("Spark joy, tidy up", &[]),
    ]);
}

#[test]
fn ordinary_words_count_with_evidence() {
    check(&[
        ("Go, Python, Docker", &["Go", "Python", "Docker"]),
        ("Languages: Go, Rust, C", &["Go", "Rust", "C"]),
        (
            "Built services in Go and Python on Kubernetes",
            &["Go", "Python", "Kubernetes"],
        ),
        ("Go (Golang) microservices", &["Go", "Go"]),
        (
            "Spring Boot and Spring on AWS",
            &["Spring Boot", "Spring", "Amazon Web Services"],
        ),
        ("Apache Spark jobs", &["Apache Spark"]),
        ("React.js front end", &["React"]),
        (
            "Dashboards in Excel and Python",
            &["Microsoft Excel", "Python"],
        ),
        ("Configuration with Chef, Docker", &["Chef", "Docker"]),
        (
            "Pipelines on Jenkins and Kubernetes",
            &["Jenkins", "Kubernetes"],
        ),
    ]);
}

#[test]
fn skills_sections_are_evidence() {
    check(&[
        ("Skills\nGo, Rust\nSwift", &["Go", "Rust", "Swift"]),
        ("SKILLS\ngo | rust | r", &["Go", "Rust", "R"]),
        ("Skills\nI excel at teamwork", &[]),
        ("Experience\nI go to work", &[]),
    ]);
}

/// Found in the project's corpus: a job's header named the company, and the company's product
/// was counted as a skill.
#[test]
fn employers_at_the_head_of_a_job_are_not_skills() {
    check(&[
        (
            "EXPERIENCE\nSenior Engineer\nStripe\n\nJan 2023 - Present\n• Built payments in Go",
            &[],
        ),
        (
            "EXPERIENCE\nEngineer Jun 2021 - Dec 2022\nStripe • San Francisco, CA\n• Kubernetes",
            &["Kubernetes"],
        ),
        // A list of tools on a dated line, a mention in a sentence, a skills section: skills.
        (
            "EXPERIENCE\nAcme 2019 - 2021\nKubernetes, Docker\nIntegrated Stripe and Docker",
            &["Kubernetes", "Docker", "Stripe", "Docker"],
        ),
        ("SKILLS\n2023\nStripe", &["Stripe"]),
        (
            "EXPERIENCE\nPayments team\nStripe\nBuilt the ledger",
            &["Stripe"],
        ),
    ]);
}

#[test]
fn hits_know_their_line_and_section() {
    let lex = lexicon();
    let matcher = Matcher::new(&lex).unwrap();
    let doc = Document {
        format: Format::Text,
        pages: 1,
        lines: ["Jane", "Experience", "Docker at Acme", "Skills", "Go"]
            .into_iter()
            .map(Line::body)
            .collect(),
        warnings: vec![],
    };
    let n = normalize_document(&doc);
    let s = sections::detect(&n, |_| false);
    let hits = matcher.find(&n, &s);
    assert_eq!(hits.len(), 2);
    assert_eq!(&n.text[hits[0].span.clone()], "Docker");
    assert_eq!(hits[0].line, 2);
    assert_eq!(s.list[hits[0].section.unwrap()].heading, "Experience");
    assert_eq!(s.list[hits[1].section.unwrap()].heading, "Skills");
}

#[test]
fn list_labels() {
    let long_prefix = "x".repeat(70);
    let cases: &[(&str, bool)] = &[
        ("Languages: Go, Rust", true),
        ("PROGRAMMING LANGUAGES: Go", true),
        ("Tech stack \u{2013} Go, Kafka", true),
        ("• Tools: Make, Chef", true),
        ("Other: Excel", true),
        ("We went to the shops: Go", false),
        ("Went home: go", false),
        ("Languages Go, Rust", false),
        (": Go", false),
        // A colon past the reach of a label.
        (&format!("{long_prefix} skills: Go"), false),
        // Multi-byte characters around the reach and before the colon.
        (&format!("{}é skills: Go", "x".repeat(62)), false),
        ("Компетенции: Go", false),
        ("Навыки и skills: Go", true),
    ];
    for &(line, expected) in cases {
        assert_eq!(has_list_label(line), expected, "{line:?}");
    }
}

/// The walk starts from a lookup of the first word, so every form must be found whole,
/// however it is written: each of the embedded lexicon's ~3,500 forms, in a skills list, as
/// written, in lower case and in capitals.
#[test]
fn every_form_of_the_embedded_lexicon_is_found_whole() {
    let lex = Lexicon::embedded().unwrap();
    let matcher = Matcher::new(&lex).unwrap();
    let mut lines = vec![Line::body("Skills")];
    let mut expected = Vec::new();
    for (term, entry) in lex.terms.iter().enumerate() {
        for form in entry.forms() {
            for written in [form.to_string(), form.to_lowercase(), form.to_uppercase()] {
                // Upper case changes the length of a few non-ASCII letters; keep the rest.
                if written.len() == form.len() {
                    lines.push(Line::body(format!("{written}, zzz")));
                    expected.push((term, written));
                }
            }
        }
    }
    let hits = hits_in(&matcher, lines);
    let mut missed = Vec::new();
    for (index, (term, written)) in expected.iter().enumerate() {
        let line = index + 1;
        let whole = hits.iter().any(|h| {
            h.line == line
                && h.span.len() == normalize_cow(written).len()
                && lex.terms[h.term]
                    .forms()
                    .any(|f| lex.terms[*term].forms().any(|g| g.eq_ignore_ascii_case(f)))
        });
        if !whole {
            missed.push(written.as_str());
        }
    }
    assert!(
        missed.is_empty(),
        "{} forms not found whole: {missed:?}",
        missed.len()
    );
}

/// Runs of letters longer than the lookup reads at once (eight) or keeps whole (64).
#[test]
fn long_runs_of_letters_are_looked_up_whole() {
    let long = "a".repeat(70);
    check(&[
        ("Containerization and Kubernetes", &["Kubernetes"]),
        ("Kubernetesx", &[]),
        (&format!("Kubernetes{long}"), &[]),
        (&format!("{long} Kubernetes"), &["Kubernetes"]),
        (&format!("{long}{long}, Java"), &["Java"]),
    ]);
}

/// The walk goes a run of letters at a time: separators between runs, runs longer than a
/// lookup takes whole (64 letters), forms that begin with no letter.
#[test]
fn forms_are_walked_run_by_run() {
    let long = "q".repeat(70);
    let long_lang = format!("{long} lang");
    let forms = [
        "C",
        "C++",
        "C#",
        "CI/CD",
        "A/B testing",
        "Spring",
        "Spring Boot",
        "Node.js",
        ".NET",
        &long,
        &long_lang,
        "x-ray vision",
    ];
    let matcher = Matcher::from_forms(forms.iter().enumerate().map(|(term, text)| Form {
        term,
        text,
        common_word: false,
        blocker: false,
        verb: false,
    }))
    .unwrap();
    let found = |text: &str| -> Vec<&str> {
        hits_in(&matcher, vec![Line::body(text)])
            .iter()
            .map(|h| forms[h.term])
            .collect()
    };
    for (text, want) in [
        ("Spring Boot 3, spring", &["Spring Boot", "Spring"][..]),
        ("Spring Bootcamp", &["Spring"]),
        ("C++ and C# and C", &["C++", "C#", "C"]),
        ("CI/CD.", &["CI/CD"]),
        ("CI/CDE", &[]),
        ("a/b testing, A/B test", &["A/B testing"]),
        ("Node.js and .NET", &["Node.js", ".NET"]),
        ("x-ray vision; x-ray", &["x-ray vision"]),
        (&format!("{long} lang"), &[long_lang.as_str()]),
        (
            &format!("{} and {long}", long.to_uppercase()),
            &[&long, &long],
        ),
        (&format!("{long}q lang"), &[]),
        (&format!("{long} language"), &[&long]),
    ] {
        assert_eq!(found(text), want, "{text}");
    }
}

/// A form that a line wrap splits is found across it, within a paragraph only; a `not_in`
/// phrase split by a wrap still blocks the shorter form inside it.
#[test]
fn forms_are_found_across_soft_wraps_only() {
    let lex = Lexicon::embedded().unwrap();
    let matcher = Matcher::new(&lex).unwrap();
    let rows: &[(&str, &[&str])] = &[
        (
            "built models with Machine\nLearning and Python",
            &["Machine Learning", "Python"],
        ),
        (
            "services on Spring\nBoot and Docker",
            &["Spring Boot", "Docker"],
        ),
        ("built on Google Cloud\nPlatform", &["Google Cloud"]),
        ("checks on the inter-process\ncommunication of the app", &[]),
        // A hyphen at a line end before a capital is kept (normalisation joins the rest).
        (
            "a cloud-\nNative Kubernetes platform",
            &["Cloud-Native", "Kubernetes"],
        ),
        // A sentence end, a bullet or a list item ends the paragraph.
        ("I like Machine.\nLearning Python", &["Python"]),
        ("• Spring\n• Boot camp", &[]),
        ("Skills: Java, Spring,\nBoot", &["Java", "Spring Framework"]),
    ];
    for (text, want) in rows {
        let lines = text.split('\n').map(Line::body).collect();
        let got: Vec<&str> = hits_in(&matcher, lines)
            .iter()
            .map(|h| lex.terms[h.term].name.as_str())
            .collect();
        assert_eq!(got, *want, "text: {text:?}");
    }
}

/// Soft skills and practices are written as what one did: a term's `verbs`, inflected, claim
/// it; a verb written in capitals is another word.
#[test]
fn verbs_claim_their_terms() {
    let lex = Lexicon::embedded().unwrap();
    let matcher = Matcher::new(&lex).unwrap();
    let rows: &[(&str, &[&str])] = &[
        ("collaborated with the data team", &["Collaboration"]),
        ("Led the migration to Go", &["Leadership", "Go"]),
        ("mentored two juniors", &["Mentoring"]),
        ("troubleshot printers", &["Troubleshooting"]),
        ("prioritised the backlog", &["Prioritization"]),
        ("drivers for the status LED on STM32", &["STM32"]),
    ];
    for (text, want) in rows {
        let got: Vec<&str> = hits_in(&matcher, vec![Line::body(*text)])
            .iter()
            .map(|h| lex.terms[h.term].name.as_str())
            .collect();
        assert_eq!(got, *want, "text: {text:?}");
    }
}

/// A name the lexicon writes in capitals is another word written in small letters.
#[test]
fn a_name_in_capitals_is_not_its_word_in_small_letters() {
    let lex = Lexicon::embedded().unwrap();
    let matcher = Matcher::new(&lex).unwrap();
    for (text, want) in [
        ("Languages: Spanish (basic), Python", &["Python"][..]),
        ("Languages: BASIC, Python", &["BASIC", "Python"][..]),
    ] {
        let got: Vec<&str> = hits_in(&matcher, vec![Line::body(text)])
            .iter()
            .map(|h| lex.terms[h.term].name.as_str())
            .collect();
        assert_eq!(got, want, "text: {text:?}");
    }
}
