//! Turning one WordprocessingML part (the document, a header, a footer, the notes) into lines
//! in reading order, with where each line sits.
//!
//! The walk keeps a stack of the open elements it cares about, so that the same local name
//! means different things in different places (`w:tab` is a tab character in a run but a tab
//! stop in paragraph properties; `w:rPr` in a run styles the run, in `w:pPr` only the
//! paragraph mark).

use quick_xml::events::BytesStart;

use super::xml::{Node, Ns, XmlStream, attribute, is_on};
use crate::extract::{ExtractError, Line, Origin};

/// A section's page setup, as far as an ATS cares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Section {
    pub(super) header_ids: Vec<String>,
    pub(super) footer_ids: Vec<String>,
    pub(super) columns: u32,
}

/// A line whose heading hint may still depend on the style definitions.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PendingLine {
    pub(super) line: Line,
    pub(super) style: Option<String>,
}

#[derive(Debug, Default)]
pub(super) struct PartContent {
    pub(super) lines: Vec<PendingLine>,
    pub(super) sections: Vec<Section>,
    pub(super) images: usize,
}

/// Reads `stream` to its end; `part_origin` is `Body` for the main document. A part with more
/// than `max_lines` lines stops the extraction early (`Limits::max_lines`, which the whole
/// document must respect too): a part of tiny paragraphs costs far more memory than text.
pub(super) fn walk(
    mut stream: XmlStream<'_>,
    part_origin: Origin,
    max_lines: usize,
) -> Result<PartContent, ExtractError> {
    let mut walker = Walker::new(part_origin);
    loop {
        match stream.next()? {
            Node::Open { ns, element } => walker.open(ns, &element),
            Node::Close => {
                walker.close();
                if walker.content.lines.len() > max_lines {
                    return Err(ExtractError::LimitExceeded {
                        what: "lines of text",
                        limit: max_lines as u64,
                    });
                }
            }
            Node::Text(text) => walker.text(&text),
            Node::End => break,
        }
    }
    Ok(walker.content)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Paragraph,
    ParagraphProperties,
    Run,
    RunProperties,
    Text,
    Table,
    TextBoxContent,
    AlternateContent,
    SectionProperties,
    /// An element whose whole content is left out (deleted text, field instructions, the VML
    /// copy of a text box...). It is still parsed, so a broken part is still caught.
    Skipped,
    Other,
}

#[derive(Debug, Default)]
struct Paragraph {
    origin: Origin,
    style: Option<String>,
    outline_heading: bool,
    /// Visible text, one entry per line: a `w:br` starts a new one.
    visible_lines: Vec<String>,
    hidden: String,
    run_is_hidden: bool,
    /// Lines of text boxes anchored in this paragraph, emitted right after it.
    anchored: Vec<PendingLine>,
}

impl Paragraph {
    fn push_text(&mut self, text: &str) {
        if self.run_is_hidden {
            self.hidden.push_str(text);
        } else if let Some(line) = self.visible_lines.last_mut() {
            line.push_str(text);
        } else {
            self.visible_lines.push(text.to_owned());
        }
    }

    fn line_break(&mut self) {
        if self.run_is_hidden {
            self.hidden.push(' ');
        } else {
            self.visible_lines.push(String::new());
        }
    }

    fn into_lines(self) -> Vec<PendingLine> {
        let heading_hint =
            self.outline_heading || self.style.as_deref().is_some_and(is_heading_style_id);
        let mut lines = Vec::with_capacity(self.visible_lines.len() + self.anchored.len());
        for text in &self.visible_lines {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            lines.push(PendingLine {
                line: Line {
                    text: text.to_owned(),
                    page: 1,
                    origin: self.origin,
                    heading_hint,
                },
                style: self.style.clone(),
            });
        }
        let hidden = self.hidden.trim();
        if !hidden.is_empty() {
            lines.push(PendingLine {
                line: Line {
                    text: hidden.to_owned(),
                    page: 1,
                    origin: Origin::Hidden,
                    heading_hint: false,
                },
                style: None,
            });
        }
        lines.extend(self.anchored);
        lines
    }
}

/// Style ids that name a heading without looking at `styles.xml`: `Title`, `Heading1`..`Heading9`.
pub(super) fn is_heading_style_id(id: &str) -> bool {
    if id.eq_ignore_ascii_case("title") {
        return true;
    }
    let (Some(prefix), Some(level)) = (id.get(..7), id.get(7..)) else {
        return false;
    };
    prefix.eq_ignore_ascii_case("heading")
        && matches!(level, "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9")
}

struct Walker {
    part_origin: Origin,
    stack: Vec<Tag>,
    /// Stack height at which a skipped element sits, while its content is being skipped.
    skipping_from: Option<usize>,
    paragraphs: Vec<Paragraph>,
    open_tables: u32,
    open_text_boxes: u32,
    /// For each open `mc:AlternateContent`, whether one `mc:Choice` has been read already.
    choice_taken: Vec<bool>,
    content: PartContent,
}

impl Walker {
    fn new(part_origin: Origin) -> Walker {
        Walker {
            part_origin,
            stack: Vec::with_capacity(32),
            skipping_from: None,
            paragraphs: Vec::new(),
            open_tables: 0,
            open_text_boxes: 0,
            choice_taken: Vec::new(),
            content: PartContent::default(),
        }
    }

    /// Headers, footers and notes keep their part's origin whatever they contain, because that
    /// is what decides whether an ATS reads them at all.
    fn origin_here(&self) -> Origin {
        if self.part_origin != Origin::Body {
            self.part_origin
        } else if self.open_text_boxes > 0 {
            Origin::TextBox
        } else if self.open_tables > 0 {
            Origin::Table
        } else {
            Origin::Body
        }
    }

    fn open(&mut self, ns: Ns, element: &BytesStart<'_>) {
        if self.skipping_from.is_some() {
            self.stack.push(Tag::Other);
            return;
        }
        let parent = self.stack.last().copied();
        let local_name = element.local_name();
        let name = local_name.as_ref();
        let tag = match ns {
            Ns::Word => self.open_word(name, element, parent),
            Ns::MarkupCompatibility => self.open_alternate_content(name),
            Ns::Picture if name == b"pic" => {
                self.content.images += 1;
                Tag::Other
            }
            Ns::Vml if name == b"imagedata" => {
                self.content.images += 1;
                Tag::Other
            }
            _ => Tag::Other,
        };
        if tag == Tag::Skipped {
            self.skipping_from = Some(self.stack.len());
        }
        self.stack.push(tag);
    }

    fn open_word(&mut self, name: &[u8], element: &BytesStart<'_>, parent: Option<Tag>) -> Tag {
        match (name, parent) {
            (b"p", _) => {
                let origin = self.origin_here();
                self.paragraphs.push(Paragraph {
                    origin,
                    ..Paragraph::default()
                });
                Tag::Paragraph
            }
            (b"pPr", Some(Tag::Paragraph)) => Tag::ParagraphProperties,
            (b"pStyle", Some(Tag::ParagraphProperties)) => {
                if let (Some(paragraph), Some(id)) =
                    (self.paragraphs.last_mut(), attribute(element, b"val"))
                {
                    paragraph.style = Some(String::from_utf8_lossy(&id).into_owned());
                }
                Tag::Other
            }
            (b"outlineLvl", Some(Tag::ParagraphProperties)) => {
                if let Some(paragraph) = self.paragraphs.last_mut() {
                    paragraph.outline_heading = is_heading_outline_level(element);
                }
                Tag::Other
            }
            (b"r", _) => {
                if let Some(paragraph) = self.paragraphs.last_mut() {
                    paragraph.run_is_hidden = false;
                }
                Tag::Run
            }
            (b"rPr", Some(Tag::Run)) => Tag::RunProperties,
            (b"vanish" | b"specVanish", Some(Tag::RunProperties)) => {
                if is_on(element) {
                    self.hide_current_run();
                }
                Tag::Other
            }
            (b"color", Some(Tag::RunProperties)) => {
                if attribute(element, b"val").is_some_and(|v| v.eq_ignore_ascii_case(b"FFFFFF")) {
                    self.hide_current_run();
                }
                Tag::Other
            }
            (b"t", Some(Tag::Run)) => Tag::Text,
            (b"tab" | b"ptab", Some(Tag::Run)) => {
                self.push_text("\t");
                Tag::Other
            }
            (b"noBreakHyphen", Some(Tag::Run)) => {
                self.push_text("-");
                Tag::Other
            }
            (b"br" | b"cr", Some(Tag::Run)) => {
                if let Some(paragraph) = self.paragraphs.last_mut() {
                    paragraph.line_break();
                }
                Tag::Other
            }
            (b"tbl", _) => {
                self.open_tables += 1;
                Tag::Table
            }
            (b"txbxContent", _) => {
                self.open_text_boxes += 1;
                Tag::TextBoxContent
            }
            (b"sectPr", _) => {
                self.content.sections.push(Section {
                    columns: 1,
                    ..Section::default()
                });
                Tag::SectionProperties
            }
            (b"headerReference" | b"footerReference", Some(Tag::SectionProperties)) => {
                if let (Some(section), Some(id)) =
                    (self.content.sections.last_mut(), attribute(element, b"id"))
                {
                    let id = String::from_utf8_lossy(&id).into_owned();
                    if name == b"headerReference" {
                        section.header_ids.push(id);
                    } else {
                        section.footer_ids.push(id);
                    }
                }
                Tag::Other
            }
            (b"cols", Some(Tag::SectionProperties)) => {
                let columns = attribute(element, b"num")
                    .and_then(|n| std::str::from_utf8(&n).ok()?.trim().parse::<u32>().ok());
                if let (Some(section), Some(columns)) = (self.content.sections.last_mut(), columns)
                {
                    section.columns = columns;
                }
                Tag::Other
            }
            (b"drawing", _) => {
                self.content.images += 1;
                Tag::Other
            }
            (b"footnote" | b"endnote", _) if is_separator_note(element) => Tag::Skipped,
            (
                b"del" | b"moveFrom" | b"delText" | b"instrText" | b"delInstrText" | b"rPrChange"
                | b"pPrChange" | b"sectPrChange" | b"tblPrChange" | b"tblGridChange"
                | b"trPrChange" | b"tcPrChange" | b"numberingChange" | b"sdtPr" | b"sdtEndPr",
                _,
            ) => Tag::Skipped,
            _ => Tag::Other,
        }
    }

    /// Word writes a text box twice, as DrawingML in `mc:Choice` and as VML in `mc:Fallback`;
    /// reading the first choice only counts its text once.
    fn open_alternate_content(&mut self, name: &[u8]) -> Tag {
        match name {
            b"AlternateContent" => {
                self.choice_taken.push(false);
                Tag::AlternateContent
            }
            b"Choice" | b"Fallback" => match self.choice_taken.last_mut() {
                Some(taken) if *taken => Tag::Skipped,
                Some(taken) => {
                    *taken = true;
                    Tag::Other
                }
                None => Tag::Other,
            },
            _ => Tag::Other,
        }
    }

    fn hide_current_run(&mut self) {
        if let Some(paragraph) = self.paragraphs.last_mut() {
            paragraph.run_is_hidden = true;
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(paragraph) = self.paragraphs.last_mut() {
            paragraph.push_text(text);
        }
    }

    fn text(&mut self, text: &str) {
        if self.skipping_from.is_none() && self.stack.last() == Some(&Tag::Text) {
            self.push_text(text);
        }
    }

    fn close(&mut self) {
        let Some(tag) = self.stack.pop() else {
            return;
        };
        if let Some(height) = self.skipping_from {
            if height == self.stack.len() {
                self.skipping_from = None;
            }
            return;
        }
        match tag {
            Tag::Paragraph => self.finish_paragraph(),
            Tag::Table => self.open_tables = self.open_tables.saturating_sub(1),
            Tag::TextBoxContent => self.open_text_boxes = self.open_text_boxes.saturating_sub(1),
            Tag::AlternateContent => {
                self.choice_taken.pop();
            }
            _ => {}
        }
    }

    fn finish_paragraph(&mut self) {
        let Some(paragraph) = self.paragraphs.pop() else {
            return;
        };
        let lines = paragraph.into_lines();
        match self.paragraphs.last_mut() {
            Some(anchor) => anchor.anchored.extend(lines),
            None => self.content.lines.extend(lines),
        }
    }
}

/// Outline levels 0..=8 are heading levels 1..=9; 9 means body text.
fn is_heading_outline_level(element: &BytesStart<'_>) -> bool {
    attribute(element, b"val")
        .and_then(|v| std::str::from_utf8(&v).ok()?.trim().parse::<u8>().ok())
        .is_some_and(|level| level < 9)
}

fn is_separator_note(element: &BytesStart<'_>) -> bool {
    matches!(
        attribute(element, b"type").as_deref(),
        Some(b"separator" | b"continuationSeparator" | b"continuationNotice")
    )
}
