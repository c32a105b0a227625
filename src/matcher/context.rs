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
            .is_none_or(|s| s.is_empty() || s.ends_with(['.', '!', '?', '•']));
        next.is_some_and(capitalised)
            || (previous.is_some_and(capitalised) && !previous_is_sentence_start)
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
    if skills_context || labelled_list {
        return in_list || (exact_case && !ctx.sentence_initial());
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

/// How far into a line a list label's colon may be.
const LABEL_REACH: usize = 64;
