//! Sections: the standard resume parts an ATS sorts text into, recognised from their headings.
//!
//! ATS parsers look for a fixed vocabulary of headings; a creative one ("My Journey") leaves
//! the content unfiled. Such a heading is still a section here (its content is read, and its
//! kind is inferred), but it is reported as non-standard with the name to use instead.

use serde::Serialize;

use crate::extract::Origin;
use crate::normalize::{NormalizedLine, NormalizedText};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Contact,
    Summary,
    Experience,
    Education,
    Skills,
    Projects,
    Certifications,
    Awards,
    Publications,
    Languages,
    Volunteering,
    Interests,
    References,
}

impl SectionKind {
    /// The heading an ATS expects for this kind.
    pub fn standard_heading(self) -> &'static str {
        match self {
            SectionKind::Contact => "Contact",
            SectionKind::Summary => "Summary",
            SectionKind::Experience => "Experience",
            SectionKind::Education => "Education",
            SectionKind::Skills => "Skills",
            SectionKind::Projects => "Projects",
            SectionKind::Certifications => "Certifications",
            SectionKind::Awards => "Awards",
            SectionKind::Publications => "Publications",
            SectionKind::Languages => "Languages",
            SectionKind::Volunteering => "Volunteering",
            SectionKind::Interests => "Interests",
            SectionKind::References => "References",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Contact => "contact",
            SectionKind::Summary => "summary",
            SectionKind::Experience => "experience",
            SectionKind::Education => "education",
            SectionKind::Skills => "skills",
            SectionKind::Projects => "projects",
            SectionKind::Certifications => "certifications",
            SectionKind::Awards => "awards",
            SectionKind::Publications => "publications",
            SectionKind::Languages => "languages",
            SectionKind::Volunteering => "volunteering",
            SectionKind::Interests => "interests",
            SectionKind::References => "references",
        }
    }
}

/// Headings ATS recognise, after lower-casing and `&` → `and`.
const STANDARD_HEADINGS: &[(&str, SectionKind)] = {
    use SectionKind::*;
    &[
        ("contact", Contact),
        ("contact information", Contact),
        ("contact info", Contact),
        ("contact details", Contact),
        ("personal information", Contact),
        ("personal details", Contact),
        ("summary", Summary),
        ("professional summary", Summary),
        ("career summary", Summary),
        ("executive summary", Summary),
        ("summary of qualifications", Summary),
        ("qualifications summary", Summary),
        ("profile", Summary),
        ("professional profile", Summary),
        ("career profile", Summary),
        ("about", Summary),
        ("about me", Summary),
        ("objective", Summary),
        ("career objective", Summary),
        ("overview", Summary),
        ("personal statement", Summary),
        ("experience", Experience),
        ("work experience", Experience),
        ("professional experience", Experience),
        ("relevant experience", Experience),
        ("industry experience", Experience),
        ("employment", Experience),
        ("employment history", Experience),
        ("work history", Experience),
        ("career history", Experience),
        ("professional background", Experience),
        ("experience and employment", Experience),
        ("education", Education),
        ("education and training", Education),
        ("academic background", Education),
        ("academic qualifications", Education),
        ("academics", Education),
        ("training", Education),
        ("skills", Skills),
        ("technical skills", Skills),
        ("core skills", Skills),
        ("key skills", Skills),
        ("professional skills", Skills),
        ("skills summary", Skills),
        ("skills and abilities", Skills),
        ("skills and tools", Skills),
        ("skills and technologies", Skills),
        ("core competencies", Skills),
        ("competencies", Skills),
        ("technical competencies", Skills),
        ("technologies", Skills),
        ("technical proficiencies", Skills),
        ("tools and technologies", Skills),
        ("tech stack", Skills),
        ("areas of expertise", Skills),
        ("expertise", Skills),
        ("projects", Projects),
        ("personal projects", Projects),
        ("side projects", Projects),
        ("key projects", Projects),
        ("selected projects", Projects),
        ("academic projects", Projects),
        ("open source", Projects),
        ("open source contributions", Projects),
        ("certifications", Certifications),
        ("certification", Certifications),
        ("certificates", Certifications),
        ("licenses and certifications", Certifications),
        ("licences and certifications", Certifications),
        ("certifications and training", Certifications),
        ("professional certifications", Certifications),
        ("credentials", Certifications),
        ("awards", Awards),
        ("honors", Awards),
        ("honours", Awards),
        ("awards and honors", Awards),
        ("honors and awards", Awards),
        ("achievements", Awards),
        ("accomplishments", Awards),
        ("publications", Publications),
        ("publications and talks", Publications),
        ("talks", Publications),
        ("research", Publications),
        ("languages", Languages),
        ("language skills", Languages),
        ("volunteering", Volunteering),
        ("volunteer experience", Volunteering),
        ("volunteer work", Volunteering),
        ("community involvement", Volunteering),
        ("interests", Interests),
        ("hobbies", Interests),
        ("hobbies and interests", Interests),
        ("interests and hobbies", Interests),
        ("personal interests", Interests),
        ("other interests", Interests),
        ("outside work", Interests),
        ("outside of work", Interests),
        ("activities", Interests),
        ("references", References),
    ]
};

/// Words in a non-standard heading that say what it holds.
const HEADING_HINTS: &[(&str, SectionKind)] = {
    use SectionKind::*;
    &[
        // Before "work": "Outside work", "Beyond work", "Life outside the office".
        ("outside", Interests),
        ("beyond", Interests),
        ("off the clock", Interests),
        ("free time", Interests),
        ("spare time", Interests),
        ("pastime", Interests),
        ("elsewhere", Interests),
        ("personal detail", Contact),
        ("personal info", Contact),
        ("personal", Interests),
        ("journey", Experience),
        ("career", Experience),
        ("work", Experience),
        ("job", Experience),
        ("employ", Experience),
        ("position", Experience),
        ("where i", Experience),
        ("toolbox", Skills),
        ("toolkit", Skills),
        ("stack", Skills),
        ("tech", Skills),
        ("skill", Skills),
        ("tool", Skills),
        ("superpower", Skills),
        ("know", Skills),
        ("stud", Education),
        ("school", Education),
        ("degree", Education),
        ("academ", Education),
        ("universit", Education),
        ("learn", Education),
        ("about", Summary),
        ("who i", Summary),
        ("intro", Summary),
        ("hello", Summary),
        ("built", Projects),
        ("project", Projects),
        ("portfolio", Projects),
        ("cert", Certifications),
        ("badge", Certifications),
        ("award", Awards),
        ("prize", Awards),
        ("honor", Awards),
        ("honour", Awards),
        ("patent", Publications),
        ("publication", Publications),
        ("talk", Publications),
        ("speaking", Publications),
        ("presentation", Publications),
        ("volunteer", Volunteering),
        ("giving", Volunteering),
        ("hobb", Interests),
        ("interest", Interests),
        ("reach", Contact),
        ("contact", Contact),
        ("find me", Contact),
    ]
};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// What the section holds: from a standard heading, or inferred for a non-standard one.
    pub kind: Option<SectionKind>,
    /// The heading as written.
    pub heading: String,
    /// Index of the heading line in [`NormalizedText::lines`].
    #[serde(skip)]
    pub line: usize,
    /// Whether an ATS recognises the heading.
    pub standard: bool,
}

/// The sections of a document and which section each line belongs to.
#[derive(Debug, Clone, Default)]
pub struct Sections {
    pub list: Vec<Section>,
    line_section: Vec<Option<usize>>,
}

impl Sections {
    /// The section holding line `index`; `None` before the first heading.
    pub fn of_line(&self, index: usize) -> Option<&Section> {
        self.line_section
            .get(index)
            .copied()
            .flatten()
            .and_then(|s| self.list.get(s))
    }

    pub fn index_of_line(&self, index: usize) -> Option<usize> {
        self.line_section.get(index).copied().flatten()
    }

    pub fn is_heading(&self, index: usize) -> bool {
        self.list.iter().any(|s| s.line == index)
    }
}

/// Finds headings and assigns every line to a section. `is_term` tells whether a line is
/// exactly a skill's name (a one-word line "AWS" in a skills column is not a heading).
pub fn detect(text: &NormalizedText, is_term: impl Fn(&str) -> bool) -> Sections {
    let mut sections = Sections {
        list: Vec::new(),
        line_section: vec![None; text.lines.len()],
    };
    let first_text_line = text.lines.iter().position(|l| !l.range.is_empty());
    let capitals_style = standard_headings_in_capitals(text);
    // The section of the body text; a heading inside a text box opens a section for that box
    // only, and the body carries on in its own section after it.
    let mut body_section: Option<usize> = None;
    let mut box_section: Option<usize> = None;
    for (index, line) in text.lines.iter().enumerate() {
        let written = text.line_text(line);
        let in_box = line.origin == Origin::TextBox;
        if !in_box {
            box_section = None;
        }
        let current_kind = (if in_box {
            box_section.or(body_section)
        } else {
            body_section
        })
        .and_then(|i| sections.list.get(i))
        .and_then(|s| s.kind);
        let can_be_heading = matches!(line.origin, Origin::Body | Origin::Table | Origin::TextBox);
        let heading = if !can_be_heading {
            None
        } else if let Some(kind) = standard_kind(written) {
            // "Languages" inside a skills section labels programming languages.
            let sub_label =
                kind == SectionKind::Languages && current_kind == Some(SectionKind::Skills);
            (!sub_label).then_some((Some(kind), true))
        } else if Some(index) != first_text_line
            && looks_like_heading(written, line)
            && (!capitals_style || in_capitals(clean_heading(written)))
            && !(sections.list.is_empty() && contact_follows(text, index))
            && !is_term(clean_heading(written))
        {
            Some((hinted_kind(written), false))
        } else {
            None
        };
        if let Some((kind, standard)) = heading {
            sections.list.push(Section {
                kind,
                heading: clean_heading(written).to_owned(),
                line: index,
                standard,
            });
            let new = Some(sections.list.len() - 1);
            if in_box {
                box_section = new;
            } else {
                body_section = new;
            }
        }
        sections.line_section[index] = if in_box {
            box_section.or(body_section)
        } else {
            body_section
        };
    }
    infer_from_content(text, &mut sections);
    sections
}

/// Whether the next line with text after line `index` holds an e-mail address or a phone
/// number: a heading-shaped line above it, before any section, is the person's name set large
/// (a page header line such as "Last updated in Mar 2026" may come first).
fn contact_follows(text: &NormalizedText, index: usize) -> bool {
    let Some(next) = text
        .lines
        .iter()
        .skip(index + 1)
        .map(|l| text.line_text(l))
        .find(|l| !l.trim().is_empty())
    else {
        return false;
    };
    crate::contact::line_has_email_or_phone(next)
}

/// Whether the document writes its standard headings in capitals ("EXPERIENCE", "SKILLS"; two
/// at least, all of them). Its section headings have that style then, and a line in mixed case
/// that only its producer marks as a heading (bold, larger, a heading style) or a colon ends
/// is an entry's title inside a section (a project's name, a role), not a section of its own.
fn standard_headings_in_capitals(text: &NormalizedText) -> bool {
    let mut standard = 0;
    for line in &text.lines {
        if !matches!(line.origin, Origin::Body | Origin::Table | Origin::TextBox) {
            continue;
        }
        let written = text.line_text(line);
        if standard_kind(written).is_none() {
            continue;
        }
        if !in_capitals(clean_heading(written)) {
            return false;
        }
        standard += 1;
    }
    standard >= 2
}

/// Every letter is a capital, and there is one at least.
fn in_capitals(text: &str) -> bool {
    let mut letters = text.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}

/// The kind of a standard heading, if the line is one.
pub fn standard_kind(line: &str) -> Option<SectionKind> {
    let cleaned = clean_heading(line);
    if cleaned.len() > MAX_HEADING_LEN {
        return None;
    }
    let kind_of = |key: &[u8]| {
        STANDARD_HEADINGS
            .iter()
            .find(|(h, _)| h.as_bytes() == key)
            .map(|&(_, kind)| kind)
    };
    // Every line is asked: an ASCII one (nearly all) builds its key on the stack.
    if cleaned.is_ascii() && !cleaned.contains("  ") {
        let mut key = [0u8; 3 * MAX_HEADING_LEN];
        let mut len = 0;
        for &byte in cleaned.as_bytes() {
            // Byte by byte: a copy of a one-byte slice is a call to memcpy.
            let lower = byte.to_ascii_lowercase();
            let piece: &[u8] = if lower == b'&' { b"and" } else { &[lower] };
            for &b in piece {
                *key.get_mut(len)? = b;
                len += 1;
            }
        }
        return kind_of(key.get(..len)?);
    }
    let key = cleaned
        .to_lowercase()
        .replace('&', "and")
        .replace("  ", " ");
    kind_of(key.as_bytes())
}

/// The longest line, without its decoration, that [`standard_kind`] compares with the headings.
const MAX_HEADING_LEN: usize = 48;

fn clean_heading(line: &str) -> &str {
    let decoration = |c: char| {
        matches!(c, '#' | '*' | '=' | '-' | '_' | '|' | ':' | '•' | '~' | '>') || c.is_whitespace()
    };
    line.trim_matches(decoration)
}

/// A heading-shaped line: short, no sentence punctuation, and marked as a heading by the
/// producer, written in capitals, or ending with a colon.
fn looks_like_heading(written: &str, line: &NormalizedLine) -> bool {
    let cleaned = clean_heading(written);
    if cleaned.len() > 40 {
        return false;
    }
    let words = cleaned.split_whitespace().count();
    if words == 0 || words > 5 {
        return false;
    }
    let mut letters = 0;
    let mut all_caps = true;
    for c in cleaned.chars() {
        if c.is_ascii_digit() || matches!(c, '@' | ',' | '|' | '.' | '(' | '/') {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
            all_caps &= c.is_uppercase();
        }
    }
    if letters < 3 {
        return false;
    }
    let colon_ended = written.trim_end().ends_with(':') && words <= 4;
    line.heading_hint || all_caps || colon_ended
}

fn hinted_kind(written: &str) -> Option<SectionKind> {
    let lower = clean_heading(written).to_lowercase();
    HEADING_HINTS
        .iter()
        .find(|(hint, _)| lower.contains(hint))
        .map(|&(_, kind)| kind)
}

/// For non-standard headings whose words say nothing: dated lines suggest experience, comma
/// lists suggest skills.
fn infer_from_content(text: &NormalizedText, sections: &mut Sections) {
    if sections.list.iter().all(|s| s.kind.is_some()) {
        return;
    }
    /// What the lines of one section hold: non-empty lines, dated lines, commas.
    #[derive(Default, Clone, Copy)]
    struct Tally {
        lines: usize,
        dated: usize,
        commas: usize,
    }
    // One pass over the lines for all sections: a section per line would be quadratic.
    let mut tallies = vec![Tally::default(); sections.list.len()];
    for (index, section) in sections.line_section.iter().enumerate() {
        let Some(section) = *section else { continue };
        // A heading line belongs to the section it opens; it is not content.
        let unknown_content = sections
            .list
            .get(section)
            .is_some_and(|s| s.kind.is_none() && s.line != index);
        let Some(line) = text.lines.get(index).map(|l| text.line_text(l)) else {
            continue;
        };
        if !unknown_content || line.is_empty() {
            continue;
        }
        if let Some(tally) = tallies.get_mut(section) {
            tally.lines += 1;
            tally.dated += usize::from(has_year(line));
            tally.commas += line.matches(',').count();
        }
    }
    for (section, tally) in sections.list.iter_mut().zip(tallies) {
        if section.kind.is_some() || tally.lines == 0 {
            continue;
        }
        section.kind = if tally.dated * 5 >= tally.lines {
            Some(SectionKind::Experience)
        } else if tally.commas >= tally.lines * 2 {
            Some(SectionKind::Skills)
        } else {
            None
        };
    }
}

fn has_year(line: &str) -> bool {
    line.as_bytes()
        .windows(4)
        .any(|w| (w.starts_with(b"19") || w.starts_with(b"20")) && w.iter().all(u8::is_ascii_digit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Document, Format, Line};
    use crate::normalize::normalize_document;

    fn sections_of(lines: &[(&str, bool)]) -> Sections {
        let doc = Document {
            format: Format::Text,
            pages: 1,
            lines: lines
                .iter()
                .map(|(t, h)| Line {
                    heading_hint: *h,
                    ..Line::body(*t)
                })
                .collect(),
            warnings: vec![],
        };
        detect(&normalize_document(&doc), |l| l == "AWS")
    }

    #[test]
    fn standard_headings_and_synonyms() {
        let rows = [
            ("Experience", Some(SectionKind::Experience)),
            ("PROFESSIONAL EXPERIENCE", Some(SectionKind::Experience)),
            ("Work History:", Some(SectionKind::Experience)),
            ("## Technical Skills", Some(SectionKind::Skills)),
            (
                "Licenses & Certifications",
                Some(SectionKind::Certifications),
            ),
            ("— Education —", Some(SectionKind::Education)),
            ("Skills: Java, Go", None),
            ("Experience with Kafka", None),
            // The key is built on the stack for ASCII lines, by allocation for the rest: the
            // same answers.
            ("HONORS&AWARDS", None),
            ("honors&awards", None),
            ("Skills  &  Tools", Some(SectionKind::Skills)),
            ("ÉDUCATION", None),
            ("Éducation", None),
            ("• Education •", Some(SectionKind::Education)),
            ("EXPERİENCE", None),
            (&"Experience ".repeat(10), None),
        ];
        for (line, want) in rows {
            assert_eq!(
                standard_kind(&crate::normalize::normalize(line)),
                want,
                "{line}"
            );
        }
    }

    /// Found in the resumes of the project's corpus: project names, roles and employers set in
    /// bold were sections of their own, and the report asked to rename "Creator" to
    /// "Experience".
    #[test]
    fn with_standard_headings_in_capitals_a_bold_mixed_case_line_is_an_entry_title() {
        let s = sections_of(&[
            ("Jane Doe", false),
            ("EXPERIENCE", true),
            ("ABC Company", true),
            ("Software Engineer, 2020 - 2023", false),
            ("PROJECTS", true),
            ("DevFlow", true),
            ("Creator & Maintainer", true),
            ("Tools I used:", false),
            ("MY TOOLBOX", false),
            ("Rust, Go", false),
        ]);
        let headings: Vec<_> = s.list.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings, vec!["EXPERIENCE", "PROJECTS", "MY TOOLBOX"]);
        assert_eq!(
            s.of_line(6).and_then(|s| s.kind),
            Some(SectionKind::Projects),
            "the role line stays in Projects"
        );

        // Standard headings in mixed case set no such style: "My Journey" is a section.
        let s = sections_of(&[
            ("Jane Doe", false),
            ("Summary", true),
            ("Backend developer.", false),
            ("My Journey", true),
            ("Acme, 2019 - 2023", false),
            ("EDUCATION", true),
        ]);
        let headings: Vec<_> = s.list.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings, vec!["Summary", "My Journey", "EDUCATION"]);
    }

    /// Found in the corpus (rendercv): a page header line came first, and the name below it,
    /// set large, was reported as a non-standard heading.
    #[test]
    fn the_name_above_the_contact_line_is_no_section() {
        let s = sections_of(&[
            ("Last updated in Mar 2026", false),
            ("John Doe", true),
            ("San Francisco, CA john.doe@email.com", false),
            ("Selected Honors", true),
            ("Best paper, 2021", false),
            ("Invited Talks", true),
            ("Patents", true),
        ]);
        let got: Vec<_> = s
            .list
            .iter()
            .map(|s| (s.heading.as_str(), s.kind))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Selected Honors", Some(SectionKind::Awards)),
                ("Invited Talks", Some(SectionKind::Publications)),
                ("Patents", Some(SectionKind::Publications)),
            ]
        );
        // Once a section has begun, a bold line above a phone number is a heading.
        let s = sections_of(&[
            ("Jane Doe", false),
            ("Summary", true),
            ("Backend developer.", false),
            ("References", true),
            ("Call me: 612 555 0135", false),
        ]);
        assert_eq!(s.list.len(), 2);
    }

    #[test]
    fn a_heading_that_says_nothing_takes_its_kind_from_its_lines() {
        let s = sections_of(&[
            ("Jane Doe", false),
            ("ODDS AND ENDS", false),
            ("Acme Corp, 2019 - 2023", false),
            ("", false),
            ("Initech 2016 - 2019", false),
            ("MISCELLANY", false),
            ("Rust, Go, Python", false),
            ("Docker, Helm, Terraform", false),
            ("POTPOURRI", false),
            ("Hiking", false),
            ("NOTHING BELOW", false),
        ]);
        let kinds: Vec<_> = s
            .list
            .iter()
            .map(|s| (s.heading.as_str(), s.kind))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("ODDS AND ENDS", Some(SectionKind::Experience)),
                ("MISCELLANY", Some(SectionKind::Skills)),
                ("POTPOURRI", None),
                ("NOTHING BELOW", None),
            ]
        );
    }

    #[test]
    fn non_standard_headings_are_sections_with_inferred_kind() {
        let s = sections_of(&[
            ("JANE DOE", false),
            ("MY JOURNEY", false),
            ("Acme Corp, 2019 - 2023", false),
            ("Toolbox", true),
            ("Rust, Go, Python, Docker, Helm", false),
            ("Stuff I Like:", false),
            ("Hiking, chess", false),
        ]);
        let got: Vec<_> = s
            .list
            .iter()
            .map(|s| (s.heading.as_str(), s.kind, s.standard))
            .collect();
        assert_eq!(
            got,
            vec![
                ("MY JOURNEY", Some(SectionKind::Experience), false),
                ("Toolbox", Some(SectionKind::Skills), false),
                ("Stuff I Like", None, false),
            ]
        );
        assert!(
            s.of_line(0).is_none(),
            "the name line is before any section"
        );
        assert_eq!(s.of_line(4).map(|s| s.heading.as_str()), Some("Toolbox"));
    }

    #[test]
    fn text_boxes_and_skill_labels_do_not_break_the_body_section() {
        let doc = Document {
            format: Format::Docx,
            pages: 1,
            lines: vec![
                Line::body("Summary"),
                Line {
                    origin: Origin::TextBox,
                    ..Line::body("Certifications")
                },
                Line {
                    origin: Origin::TextBox,
                    ..Line::body("CKA")
                },
                Line::body("Backend developer with 7 years of experience."),
                Line::body("Skills"),
                Line {
                    origin: Origin::Table,
                    ..Line::body("Languages")
                },
                Line {
                    origin: Origin::Table,
                    ..Line::body("Java, Go")
                },
                Line {
                    origin: Origin::Header,
                    ..Line::body("EXPERIENCE")
                },
            ],
            warnings: vec![],
        };
        let s = detect(&normalize_document(&doc), |l| l == "CKA");
        let kind_of = |i: usize| s.of_line(i).and_then(|s| s.kind);
        assert_eq!(kind_of(2), Some(SectionKind::Certifications));
        assert_eq!(kind_of(3), Some(SectionKind::Summary));
        assert_eq!(kind_of(6), Some(SectionKind::Skills));
        assert_eq!(s.list.len(), 3, "{:?}", s.list);
    }

    #[test]
    fn ordinary_lines_are_not_headings() {
        let s = sections_of(&[
            ("Jane Doe", false),
            ("Summary", false),
            ("Built APIs in Go.", false),
            ("Senior Engineer, Acme (2020)", false),
            ("AWS", false),
            ("jane@example.com | 555-0100", false),
        ]);
        assert_eq!(s.list.len(), 1);
    }
}
