//! Context rules for forms that are also ordinary words ("Go", "Spring", "Excel"): where a hit
//! sits in its line, and what counts as evidence that a technology is meant.

/// Label words that announce a list of technologies ("Languages:", "Tech stack:"): the start of
/// a word of the label.
const LIST_LABELS: &[&str] = &[
    "skill",
    "language",
    "technolog",
    "tool",
    "stack",
    "framework",
    "platform",
    "database",
    "cloud",
    "devops",
    "environment",
    "proficien",
    "competenc",
    "expertise",
    "librar",
    "software",
    "infrastructure",
    "testing",
    "tech",
    "backend",
    "frontend",
    "front-end",
    "back-end",
    "web",
    "mobile",
    "data",
    "other",
    "familiar",
    "exposure",
    "ci/cd",
];

/// Where a common-word hit sits in its line (byte offsets within the line).
pub(super) struct Context<'a> {
    pub(super) line: &'a str,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) end_with_version: usize,
}

impl Context<'_> {
    fn written(&self) -> &str {
        self.line.get(self.start..self.end).unwrap_or_default()
    }

    fn before(&self) -> &str {
        self.line.get(..self.start).unwrap_or_default()
    }

    fn after(&self) -> &str {
        self.line.get(self.end_with_version..).unwrap_or_default()
    }

    /// Preceded by a list separator or the start of the line.
    fn separated_before(&self) -> bool {
        let before = self.before().trim_end();
        before.is_empty()
            || before.ends_with([',', ';', '|', '/', '•', '(', ':', '-', '+', '&', '['])
            || before.ends_with(" and")
            || before.ends_with(" or")
            || before == "and"
    }

    /// Followed by a list separator or the end of the line, skipping a version ("Go 1.22,").
    fn separated_after(&self) -> bool {
        let mut after = self.after().trim_start();
        let version_len = after
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == 'x'))
            .unwrap_or(after.len());
        if version_len > 0 && after.starts_with(|c: char| c.is_ascii_digit()) {
            after = after.get(version_len..).unwrap_or_default().trim_start();
        }
        after.is_empty()
            || after.starts_with([',', ';', '|', '/', '•', ')', '(', '&', ']', '.'])
            || after.starts_with("and ")
            || after.starts_with("or ")
    }

    /// At the start of a sentence, where every word is capitalised.
    fn sentence_initial(&self) -> bool {
        let before = self.before().trim_end();
        before.is_empty()
            || before.ends_with(['.', '!', '?', '•', ':', '-', '*', '>'])
            || before.chars().all(|c| !c.is_alphanumeric())
    }

    fn followed_by_year(&self) -> bool {
        let after = self.line.get(self.end..).unwrap_or_default();
        let after = after.trim_start_matches([' ', '\'']);
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        (digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20")))
            || (after.starts_with('\'')
                && after
                    .chars()
                    .skip(1)
                    .take_while(char::is_ascii_digit)
                    .count()
                    == 2)
    }

    /// The next or previous word is a capitalised ordinary word: part of a name ("Julia Smith").
    fn beside_capitalised_word(&self) -> bool {
        let next = self
            .after()
            .strip_prefix(' ')
            .and_then(|s| s.split([' ', ',', '.', ';']).next());
        let previous = self
            .before()
            .strip_suffix(' ')
            .and_then(|s| s.rsplit(' ').next());
        let capitalised = |w: &str| {
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.clone().count() > 0
                && chars.all(char::is_lowercase)
        };
        let previous_is_sentence_start = self
            .before()
            .strip_suffix(' ')
            .map(|s| s.trim_end_matches(|c: char| c.is_alphabetic()).trim_end())
            .is_none_or(|s| {
                s.is_empty() || (s.ends_with(['.', '!', '?', '•']) && !ends_with_honorific(s))
            });
        next.is_some_and(capitalised)
            || (previous.is_some_and(capitalised) && !previous_is_sentence_start)
    }

    /// A name or a place, not a technology: after an honorific ("Prof. Dana Swift"), after
    /// a pet or a relation ("our dog, Kafka", "my partner Ray", "named Ruby"), or before a
    /// US state or Canadian province code ("Phoenix, AZ").
    pub(super) fn names_a_person_pet_or_place(&self) -> bool {
        let written = self.written();
        if !written.starts_with(|c: char| c.is_uppercase()) || written.contains(' ') {
            return false;
        }
        let before = self.before().trim_end();
        // The words before, skipping one capitalised given name ("Dr. Sam Ruby").
        let mut words = before.rsplit(' ');
        let previous = words.next().unwrap_or_default();
        let given_name = previous.starts_with(|c: char| c.is_uppercase())
            && previous.chars().skip(1).all(char::is_lowercase)
            && previous.len() > 1;
        let honorific_at = if given_name {
            words.next().unwrap_or_default()
        } else {
            previous
        };
        if HONORIFICS.contains(&honorific_at) {
            return true;
        }
        let relation = before.trim_end_matches(',').trim_end();
        let relation_word = relation.rsplit(' ').next().unwrap_or_default();
        if RELATIONS
            .iter()
            .any(|r| relation_word.eq_ignore_ascii_case(r))
        {
            return true;
        }
        let after = self.after();
        if let Some(rest) = after.strip_prefix(", ") {
            // "Ray, my partner", "Kafka, our dog".
            let mut words = rest.split(' ');
            let (first, second) = (
                words.next().unwrap_or_default(),
                words.next().unwrap_or_default(),
            );
            let second = second.trim_end_matches([',', '.', ';']);
            if matches!(first, "my" | "our" | "his" | "her" | "their")
                && RELATIONS.iter().any(|r| second.eq_ignore_ascii_case(r))
            {
                return true;
            }
            // "Aurora, Colorado".
            if REGION_NAMES.iter().any(|r| {
                rest.starts_with(r)
                    && !rest
                        .get(r.len()..)
                        .is_some_and(|a| a.starts_with(|c: char| c.is_alphanumeric()))
            }) {
                return true;
            }
        }
        // "Java Junction Cafe", "the Apache Software Foundation": an organisation or a place.
        if self.names_an_organisation_or_place(after) {
            return true;
        }
        if let Some(code) = after.strip_prefix(", ") {
            let code = code.get(..2).unwrap_or_default();
            let ends = code.len() == 2
                && !after
                    .get(4..5)
                    .is_some_and(|c| c.starts_with(|c: char| c.is_alphanumeric()));
            if ends && REGION_CODES.contains(&code) {
                return true;
            }
        }
        false
    }

    /// Followed by one to three capitalised words, the last an organisation's or a place's
    /// kind ("Junction Cafe", "Software Foundation", "Belt", "Lake City").
    fn names_an_organisation_or_place(&self, after: &str) -> bool {
        let Some(rest) = after.strip_prefix(' ') else {
            return false;
        };
        for word in rest.split(' ').take(3) {
            let word = word.trim_end_matches([',', '.', ';', ':', ')']);
            let capitalised = word.starts_with(|c: char| c.is_uppercase())
                && word.chars().skip(1).all(char::is_lowercase);
            if !capitalised {
                return false;
            }
            if ORGANISATION_WORDS.contains(&word) {
                return true;
            }
        }
        false
    }

    pub(super) fn joined_to_previous(&self, previous_end: usize) -> bool {
        self.line.get(previous_end..self.start) == Some(" ")
    }

    pub(super) fn joined_to_next(&self, next_start: usize) -> bool {
        self.line.get(self.end..next_start) == Some(" ")
    }
}

/// Whether a form that is also an ordinary word ("Go", "Spring", "Excel") means the technology
/// here. Evidence is one of: a skills section, a list of technologies, or the lexicon's
/// capitalisation in mid-sentence beside another technology.
pub(super) fn common_word_has_evidence(
    ctx: &Context,
    form: &str,
    skills_context: bool,
    labelled_list: bool,
    has_clear_hit: bool,
    adjacent_common: bool,
) -> bool {
    let written = ctx.written();
    let exact_case = written == form;
    let shouted = written
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
        && written.chars().count() > 1;
    let in_list = ctx.separated_before() && ctx.separated_after();
    if ctx.followed_by_year() {
        return false;
    }
    // A name the lexicon writes in capitals ("BASIC") is another word in small letters, in
    // prose or as a qualifier in brackets ("Spanish (basic)"); a list of names in small
    // letters ("java, rest, soap") still counts.
    let letters = form.chars().filter(|c| c.is_alphabetic());
    let bracketed = ctx.before().trim_end().ends_with('(');
    if letters.clone().count() >= 3
        && letters.clone().all(char::is_uppercase)
        && !shouted
        && (!in_list || bracketed)
    {
        return false;
    }
    if skills_context || labelled_list {
        // "Apache Arrow" in a list, where the lexicon knows only "Apache": a longer name.
        return in_list
            || (exact_case && !ctx.sentence_initial() && !ctx.beside_capitalised_word());
    }
    if in_list && (has_clear_hit || adjacent_common) && (exact_case || shouted) {
        return true;
    }
    exact_case
        && has_clear_hit
        && !adjacent_common
        && !ctx.sentence_initial()
        && !ctx.beside_capitalised_word()
}

/// "Languages: ...", "Tech stack - ...": a label that announces a list of technologies.
pub(super) fn has_list_label(line: &str) -> bool {
    // A label is at most four words, so its colon comes early: no need to scan long lines.
    let bytes = line.as_bytes();
    let head = bytes.get(..LABEL_REACH).unwrap_or(bytes);
    let colon = memchr::memchr(b':', head);
    let dash = memchr::memmem::find(head, "\u{2013}".as_bytes());
    let Some(end) = colon.into_iter().chain(dash).min() else {
        return false;
    };
    // Both end before an ASCII byte or the start of a character: a boundary.
    let label = line
        .get(..end)
        .unwrap_or_default()
        .trim()
        .trim_start_matches(['•', '-', '*', ' ']);
    if label.is_empty() || label.split_whitespace().count() > 4 {
        return false;
    }
    // A word of the label begins with a label word, in any case: "Programming Languages",
    // "Frameworks/Libraries", "CI/CD tools". Four words at most, so no automaton to build.
    label.split_whitespace().any(|word| {
        LIST_LABELS.iter().any(|l| {
            word.as_bytes()
                .get(..l.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(l.as_bytes()))
        })
    })
}

/// Titles before a person's name.
const HONORIFICS: &[&str] = &[
    "Prof.", "Dr.", "Mr.", "Mrs.", "Ms.", "Mx.", "Prof", "Dr", "Mr", "Mrs", "Ms", "Sir", "Dame",
];

/// Words after which a capitalised word is a name: pets, relations, "named".
const RELATIONS: &[&str] = &[
    "dog",
    "cat",
    "puppy",
    "kitten",
    "pet",
    "horse",
    "partner",
    "wife",
    "husband",
    "son",
    "daughter",
    "brother",
    "sister",
    "friend",
    "named",
    "called",
    "nicknamed",
];

/// US state and Canadian province codes: "Phoenix, AZ" is a city.
const REGION_CODES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", "DC", "AB", "BC", "MB", "NB", "NL", "NS", "ON", "PE", "QC", "SK", "YT", "NT", "NU",
];

/// US states, Canadian provinces and countries: "Aurora, Colorado" is a city.
const REGION_NAMES: &[&str] = &[
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Georgia",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington",
    "West Virginia",
    "Wisconsin",
    "Wyoming",
    "Alberta",
    "British Columbia",
    "Manitoba",
    "Ontario",
    "Quebec",
    "Saskatchewan",
    "Nova Scotia",
    "USA",
    "United States",
    "Canada",
    "Mexico",
    "Brazil",
    "UK",
    "United Kingdom",
    "England",
    "Scotland",
    "Ireland",
    "Germany",
    "France",
    "Spain",
    "Portugal",
    "Italy",
    "Netherlands",
    "Belgium",
    "Switzerland",
    "Austria",
    "Poland",
    "Sweden",
    "Norway",
    "Denmark",
    "Finland",
    "India",
    "Pakistan",
    "China",
    "Japan",
    "Korea",
    "Singapore",
    "Australia",
    "New Zealand",
    "Indonesia",
    "Philippines",
    "Vietnam",
    "Nigeria",
    "Kenya",
    "South Africa",
    "Egypt",
    "Israel",
    "Turkey",
    "Argentina",
    "Chile",
    "Colombia",
];

/// The last word of an organisation's or a place's name: what follows a technology's name
/// in "Java Junction Cafe", "the Apache Software Foundation", "the Rust Belt".
const ORGANISATION_WORDS: &[&str] = &[
    "Foundation",
    "University",
    "College",
    "School",
    "Institute",
    "Academy",
    "Hospital",
    "Clinic",
    "Cafe",
    "Café",
    "Coffee",
    "Restaurant",
    "Bakery",
    "Brewing",
    "Bank",
    "Club",
    "Society",
    "Association",
    "Council",
    "Church",
    "Museum",
    "Inc",
    "Llc",
    "Ltd",
    "Corp",
    "Corporation",
    "Company",
    "Partners",
    "Ventures",
    "Airlines",
    "Motors",
    "Insurance",
    "Mutual",
    "Rescue",
    "Department",
    "City",
    "County",
    "Lake",
    "Valley",
    "River",
    "Mountain",
    "Mountains",
    "Park",
    "Street",
    "Avenue",
    "Road",
    "Bridge",
    "Belt",
    "Island",
    "Islands",
    "Sea",
    "Bay",
    "Beach",
    "Theatre",
    "Theater",
    "Orchestra",
    "Opera",
];

fn ends_with_honorific(text: &str) -> bool {
    text.rsplit(' ')
        .next()
        .is_some_and(|w| HONORIFICS.contains(&w))
}

/// How far into a line a list label's colon may be.
const LABEL_REACH: usize = 64;
