//! The other ways people write a form, derived by rule instead of listed as aliases: British
//! spellings ("containerisation", "modelling", "behaviour"), a CamelCase name spaced ("Mongo
//! DB", "Type Script"), a two-word name joined ("SpringBoot"), a hyphenated form spaced
//! ("test driven development") and a prefixed word split ("micro-services").
//!
//! A variant finds the same term as its form, under the same rules (a common word stays one).
//! A spaced CamelCase name can be two ordinary words ("fast API", "open shift", "big query"),
//! so it needs the evidence a common word needs. Plurals and possessives need no variant: the
//! matcher's end boundary accepts them.

/// The variants of a list of forms, given as (term, text, common word, blocker): after every
/// listed form, and only where no form (listed or derived before) is written so, compared in
/// ASCII lower case; a listed form always wins. Returns (term, text, common word) for each.
/// `build.rs` runs this for the embedded lexicon, so that start-up does not.
pub(crate) fn derive<'a>(
    forms: impl Iterator<Item = (usize, &'a str, bool, bool, bool)> + Clone,
) -> Vec<(usize, String, bool, bool)> {
    let mut taken: std::collections::HashSet<String> = forms
        .clone()
        .filter(|&(_, _, _, _, verb)| !verb)
        .map(|(_, text, _, _, _)| text.to_ascii_lowercase())
        .collect();
    let mut derived = Vec::new();
    for (term, text, common_word, blocker, verb) in forms {
        if blocker {
            continue;
        }
        if verb {
            // The verb itself too, unless a form is written so ("mentor" of Mentoring).
            for inflected in std::iter::once(text.to_owned()).chain(inflections(text)) {
                if taken.insert(inflected.to_ascii_lowercase()) {
                    derived.push((term, inflected, false, true));
                }
            }
            continue;
        }
        for variant in variants(text) {
            if taken.insert(variant.text.to_ascii_lowercase()) {
                derived.push((
                    term,
                    variant.text,
                    common_word || variant.needs_evidence,
                    false,
                ));
            }
        }
    }
    derived
}

/// The inflections of a verb phrase's first word, by the regular rules, British spellings
/// included ("collaborate": collaborates, collaborated, collaborating; "prioritize":
/// prioritises...). Irregular forms ("led", "troubleshot") are listed as verbs of their own.
fn inflections(phrase: &str) -> Vec<String> {
    let (verb, rest) = phrase.split_once(' ').map_or((phrase, ""), |(v, r)| (v, r));
    let with_rest = |word: String| {
        if rest.is_empty() {
            word
        } else {
            format!("{word} {rest}")
        }
    };
    let stem_y = verb
        .strip_suffix('y')
        .filter(|s| s.chars().next_back().is_some_and(|c| !"aeiou".contains(c)));
    let third = if let Some(stem) = stem_y {
        format!("{stem}ies")
    } else if verb.ends_with(['s', 'x', 'o']) || verb.ends_with("ch") || verb.ends_with("sh") {
        format!("{verb}es")
    } else {
        format!("{verb}s")
    };
    let past = if let Some(stem) = stem_y {
        format!("{stem}ied")
    } else if verb.ends_with('e') {
        format!("{verb}d")
    } else {
        format!("{verb}ed")
    };
    let gerund = match verb.strip_suffix('e') {
        Some(stem) if !verb.ends_with("ee") => format!("{stem}ing"),
        _ => format!("{verb}ing"),
    };
    let mut out = Vec::new();
    for word in [third, past, gerund] {
        if let Some(british) = british_spelling(&word) {
            out.push(with_rest(british));
        }
        out.push(with_rest(word));
    }
    out
}

/// A variant of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variant {
    pub(crate) text: String,
    /// Counts only with the evidence a common word needs.
    pub(crate) needs_evidence: bool,
}

/// Every variant of `form` other than the form itself; duplicates are the caller's to drop.
pub(crate) fn variants(form: &str) -> Vec<Variant> {
    let mut out = Vec::new();
    let plain = |text: String| Variant {
        text,
        needs_evidence: false,
    };
    let british = british_spelling(form);
    if let Some(b) = &british {
        out.push(plain(b.clone()));
    }
    for base in std::iter::once(form).chain(british.as_deref()) {
        if let Some(spaced) = camel_spaced(base) {
            out.push(Variant {
                text: spaced,
                needs_evidence: true,
            });
        }
        if let Some(joined) = two_words_joined(base) {
            out.push(plain(joined));
        }
        if base.contains('-') {
            out.push(plain(base.replace('-', " ")));
        }
        out.extend(prefix_split(base).into_iter().map(plain));
    }
    if let Some(plural) = plural(form) {
        out.push(plural);
    }
    out.retain(|v| v.text != form);
    out
}

/// Generic countable nouns that end a phrase people write in the plural ("design patterns",
/// "data pipelines", "unit tests"); a product's name is not pluralised.
const COUNTABLE: &[&str] = &[
    "algorithm",
    "agent",
    "application",
    "check",
    "cluster",
    "component",
    "container",
    "dashboard",
    "endpoint",
    "function",
    "hook",
    "integration",
    "interface",
    "job",
    "microservice",
    "migration",
    "model",
    "module",
    "network",
    "notebook",
    "pattern",
    "pipeline",
    "policy",
    "procedure",
    "query",
    "report",
    "request",
    "review",
    "rule",
    "script",
    "server",
    "service",
    "structure",
    "system",
    "template",
    "test",
    "trigger",
    "workflow",
];

/// The plural people write of a form that names a countable thing: an acronym ("APIs",
/// "CVEs"; a two-letter one, "VMs", needs evidence), or a short phrase ending in a generic
/// noun ("Design Patterns"). One-word names are left alone: "nodes" is not Node.js.
fn plural(form: &str) -> Option<Variant> {
    if form.split(' ').count() > 3 {
        return None;
    }
    let last = form.rsplit(' ').next()?;
    let letters = last.chars().filter(char::is_ascii_alphabetic).count();
    let acronym =
        letters >= 2 && last.len() == letters && last.chars().all(|c| c.is_ascii_uppercase());
    if acronym && !last.ends_with('S') {
        return Some(Variant {
            text: format!("{form}s"),
            needs_evidence: letters == 2 && !form.contains(' '),
        });
    }
    let noun_phrase =
        form.contains(' ') && COUNTABLE.iter().any(|noun| last.eq_ignore_ascii_case(noun));
    noun_phrase.then(|| Variant {
        text: format!("{form}s"),
        needs_evidence: false,
    })
}

/// Word endings spelt one way in American English and another in British, tried on each
/// word: (American ending, British ending, letters the word must have before the ending).
const ENDINGS: &[(&str, &str, usize)] = &[
    ("izations", "isations", 2),
    ("ization", "isation", 2),
    ("izing", "ising", 3),
    ("izers", "isers", 3),
    ("izer", "iser", 3),
    ("ized", "ised", 3),
    ("izes", "ises", 3),
    ("ize", "ise", 3),
    ("yzing", "ysing", 3),
    ("yzer", "yser", 3),
    ("yzed", "ysed", 3),
    ("yze", "yse", 3),
    ("eling", "elling", 2),
    ("eled", "elled", 2),
    ("eler", "eller", 2),
    ("elers", "ellers", 2),
    ("center", "centre", 0),
    ("centers", "centres", 0),
    ("catalog", "catalogue", 0),
    ("dialog", "dialogue", 0),
    ("analog", "analogue", 0),
    ("license", "licence", 0),
    ("licensing", "licencing", 0),
    ("defense", "defence", 0),
    ("offense", "offence", 0),
];

/// Words whose "-or" is "-our" in British English (with their derived forms).
const OUR_WORDS: &[&str] = &[
    "behavior", "color", "favor", "honor", "labor", "neighbor", "flavor", "humor", "rumor",
    "harbor", "vapor", "endeavor", "savior",
];

/// The British spelling of a form, if any of its words has one.
fn british_spelling(form: &str) -> Option<String> {
    let mut changed = false;
    let words: Vec<String> = form
        .split(' ')
        .map(|word| match british_word(word) {
            Some(w) => {
                changed = true;
                w
            }
            None => word.to_owned(),
        })
        .collect();
    changed.then(|| words.join(" "))
}

fn british_word(word: &str) -> Option<String> {
    if !word.is_ascii() {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    for &(american, british, before) in ENDINGS {
        if let Some(stem) = lower.strip_suffix(american) {
            // "eling" only after a consonant: "modeling", not "feeling".
            let after_consonant = !american.starts_with("el")
                || stem
                    .chars()
                    .next_back()
                    .is_some_and(|c| !"aeiou".contains(c));
            if stem.len() >= before && after_consonant && (before > 0 || stem.is_empty()) {
                let kept = word.get(..stem.len())?;
                let mut ending = case_like(word, british);
                if kept.is_empty() && word.starts_with(|c: char| c.is_ascii_uppercase()) {
                    ending = capitalised(&ending);
                }
                return Some(format!("{kept}{ending}"));
            }
        }
    }
    for &our in OUR_WORDS {
        if let Some(rest) = lower.strip_prefix(our)
            && ["", "s", "al", "ally", "ed", "ing", "ful", "ite", "ites"].contains(&rest)
        {
            let cut = our.len() - 1;
            let head = word.get(..cut)?;
            let tail = word.get(cut..)?;
            let u = if tail.starts_with('R') { "U" } else { "u" };
            return Some(format!("{head}{u}{tail}"));
        }
    }
    None
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// `ending` in the case of the word's last letter.
fn case_like(word: &str, ending: &str) -> String {
    if word
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_uppercase())
    {
        ending.to_ascii_uppercase()
    } else {
        ending.to_owned()
    }
}

/// "MongoDB" → "Mongo DB", "TypeScript" → "Type Script": a one-word form whose parts start
/// with a capital after a small letter, each part two letters or more.
fn camel_spaced(form: &str) -> Option<String> {
    if form.contains(' ') || !form.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let bytes = form.as_bytes();
    let mut cuts = Vec::new();
    for i in 1..bytes.len() {
        if bytes[i].is_ascii_uppercase() && bytes[i - 1].is_ascii_lowercase() {
            cuts.push(i);
        }
    }
    if cuts.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    let mut start = 0;
    for &cut in cuts.iter().chain(std::iter::once(&bytes.len())) {
        let part = form.get(start..cut)?;
        if part.len() < 2 {
            return None;
        }
        parts.push(part);
        start = cut;
    }
    Some(parts.join(" "))
}

/// "Spring Boot" → "SpringBoot": two capitalised words of letters, as people write a name
/// in a hurry or a hashtag.
fn two_words_joined(form: &str) -> Option<String> {
    let (first, second) = form.split_once(' ')?;
    let capitalised = |w: &str| {
        w.len() >= 2
            && w.chars().all(|c| c.is_ascii_alphabetic())
            && w.starts_with(|c: char| c.is_ascii_uppercase())
    };
    // Short names only: long ones ("Amazon Redshift") are not written joined.
    (capitalised(first) && capitalised(second) && first.len() + second.len() <= 12)
        .then(|| format!("{first}{second}"))
}

/// Prefixes that people write joined, hyphenated or spaced: "microservices",
/// "micro-services", "micro services".
const PREFIXES: &[&str] = &["micro", "multi", "cross", "cyber", "inter", "hyper", "web"];

fn prefix_split(form: &str) -> Vec<String> {
    if form.contains(' ') || form.contains('-') {
        return Vec::new();
    }
    let lower = form.to_ascii_lowercase();
    for prefix in PREFIXES {
        if let Some(rest) = lower.strip_prefix(prefix)
            && rest.len() >= 5
            && rest.chars().all(|c| c.is_ascii_lowercase())
        {
            let (head, tail) = form.split_at(prefix.len());
            return vec![format!("{head}-{tail}"), format!("{head} {tail}")];
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::variants;

    #[test]
    fn each_class_of_variant() {
        let rows: &[(&str, &[&str])] = &[
            ("Containerization", &["Containerisation"]),
            ("Data Modeling", &["Data Modelling"]),
            ("Data Visualization", &["Data Visualisation"]),
            ("Behavioral Interviewing", &["Behavioural Interviewing"]),
            ("Data Center", &["Data Centre"]),
            ("Query Optimization", &["Query Optimisation"]),
            ("Log Analyzer", &["Log Analyser"]),
            ("MongoDB", &["Mongo DB"]),
            ("TypeScript", &["Type Script"]),
            ("PostgreSQL", &["Postgre SQL"]),
            ("Spring Boot", &["SpringBoot"]),
            ("React Native", &["ReactNative"]),
            ("Test-Driven Development", &["Test Driven Development"]),
            ("Microservices", &["Micro-services", "Micro services"]),
            ("Multithreading", &["Multi-threading", "Multi threading"]),
            ("API", &["APIs"]),
            ("REST API", &["REST APIs"]),
            ("Design Pattern", &["Design Patterns"]),
        ];
        for (form, wanted) in rows {
            let got = variants(form);
            for w in *wanted {
                assert!(
                    got.iter().any(|g| g.text == *w),
                    "{form}: {w} not in {got:?}"
                );
            }
            let spaced_camel = form.chars().all(|c| c.is_ascii_alphabetic()) && !form.contains(' ');
            for g in &got {
                if g.text.contains(' ')
                    && spaced_camel
                    && !g.text.starts_with("Micro")
                    && !g.text.starts_with("Multi")
                {
                    assert!(g.needs_evidence, "{form}: {g:?}");
                }
            }
        }
    }

    #[test]
    fn a_verb_is_found_unless_a_form_is_written_so() {
        let forms = [
            (0, "Mentoring", false, false, false),
            (0, "mentor", false, false, false),
            (0, "mentor", false, false, true),
            (1, "collaborate", false, false, true),
        ];
        let derived = super::derive(forms.iter().copied());
        let texts: Vec<&str> = derived.iter().map(|d| d.1.as_str()).collect();
        assert!(!texts.contains(&"mentor"), "{texts:?}");
        assert!(texts.contains(&"mentored"), "{texts:?}");
        assert!(texts.contains(&"collaborate"), "{texts:?}");
        assert!(derived.iter().all(|d| d.3), "{derived:?}");
    }

    #[test]
    fn verbs_are_inflected() {
        let rows: &[(&str, &[&str])] = &[
            (
                "collaborate",
                &["collaborates", "collaborated", "collaborating"],
            ),
            ("mentor", &["mentors", "mentored", "mentoring"]),
            ("coach", &["coaches", "coached", "coaching"]),
            (
                "prioritize",
                &["prioritized", "prioritised", "prioritising"],
            ),
            ("manage a team", &["managed a team", "managing a team"]),
            ("simplify", &["simplifies", "simplified"]),
        ];
        for (verb, wanted) in rows {
            let got = super::inflections(verb);
            for w in *wanted {
                assert!(got.iter().any(|g| g == w), "{verb}: {w} not in {got:?}");
            }
        }
    }

    #[test]
    fn a_spaced_camel_case_name_needs_evidence() {
        for form in ["FastAPI", "OpenShift", "BigQuery", "MongoDB"] {
            let spaced = variants(form).into_iter().find(|v| v.text.contains(' '));
            assert!(spaced.is_some_and(|v| v.needs_evidence), "{form}");
        }
        let joined = variants("Spring Boot");
        assert!(joined.iter().all(|v| !v.needs_evidence), "{joined:?}");
    }

    #[test]
    fn no_variant_where_none_is_written() {
        let rows: &[&str] = &[
            "Feeling",
            "Size",
            "Java",
            "iOS",
            "C#",
            ".NET",
            "Go",
            "Kubernetes",
            "Colorado",
            "Prize",
            "Microsoft",
            "Webpack",
            "Node",
            "AWS",
        ];
        for form in rows {
            let got = variants(form);
            assert!(got.is_empty(), "{form}: {got:?}");
        }
    }
}
