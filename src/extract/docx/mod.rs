//! DOCX extraction, read straight from the zip package with quick-xml.
//!
//! docx-rs was measured and dropped (see README.md beside this file): it hangs on cut-short
//! XML, keeps only the last section's header, ignores footnotes and decodes embedded images.
//! Reading the few parts that hold text is shorter, faster and covers all of them.
//!
//! Reading order: headers (of every section, each part once), body (text boxes right after
//! the paragraph that anchors them), footnotes, endnotes, footers.

mod package;
mod styles;
mod walk;
mod xml;

#[cfg(test)]
mod tests;

use std::collections::HashSet;

use package::{Package, Relationship, corrupt, main_document_part, relationships};
use walk::{PartContent, PendingLine, Section, walk};
use xml::XmlStream;

use crate::extract::{Document, ExtractError, Format, Limits, Line, Origin, Warning, WarningCode};

const HEADER_RELATIONSHIP: &str = "/header";
const FOOTER_RELATIONSHIP: &str = "/footer";
const FOOTNOTES_RELATIONSHIP: &str = "/footnotes";
const ENDNOTES_RELATIONSHIP: &str = "/endnotes";
const STYLES_RELATIONSHIP: &str = "/styles";

/// Extracts the text of a DOCX file in reading order, with each line's origin.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Document, ExtractError> {
    let mut package = Package::open(bytes, limits)?;
    let main_part = main_document_part(&mut package)?;
    let Some(main_xml) = package.read(&main_part)? else {
        return Err(corrupt(format!(
            "not a Word document: {main_part} is missing"
        )));
    };
    let main_relationships = relationships(&mut package, &main_part)?;
    let body = walk(
        XmlStream::new(&main_part, &main_xml, limits.max_xml_depth),
        Origin::Body,
        limits.max_lines,
    )?;
    drop(main_xml);

    let mut images = body.images;
    let mut lines: Vec<PendingLine> = Vec::new();
    let mut read_parts = HashSet::new();

    let header_ids = body.sections.iter().flat_map(|s| s.header_ids.iter());
    let headers = referenced_parts(header_ids, &main_relationships, HEADER_RELATIONSHIP);
    let footer_ids = body.sections.iter().flat_map(|s| s.footer_ids.iter());
    let footers = referenced_parts(footer_ids, &main_relationships, FOOTER_RELATIONSHIP);
    let notes: Vec<String> = [FOOTNOTES_RELATIONSHIP, ENDNOTES_RELATIONSHIP]
        .iter()
        .filter_map(|kind| part_of_kind(&main_relationships, kind))
        .collect();

    for part in &headers {
        read_part(
            &mut package,
            part,
            Origin::Header,
            &mut read_parts,
            &mut lines,
            &mut images,
        )?;
    }
    let PartContent {
        lines: body_lines,
        sections,
        ..
    } = body;
    lines.extend(body_lines);
    for part in &notes {
        read_part(
            &mut package,
            part,
            Origin::Footnote,
            &mut read_parts,
            &mut lines,
            &mut images,
        )?;
    }
    for part in &footers {
        read_part(
            &mut package,
            part,
            Origin::Footer,
            &mut read_parts,
            &mut lines,
            &mut images,
        )?;
    }

    let heading_styles = if needs_style_definitions(&lines) {
        read_heading_styles(&mut package, &main_relationships)?
    } else {
        HashSet::new()
    };
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|pending| {
            let mut line = pending.line;
            if let Some(style) = pending.style {
                line.heading_hint |=
                    line.origin != Origin::Hidden && heading_styles.contains(&style);
            }
            line
        })
        .collect();

    let mut document = Document {
        format: Format::Docx,
        pages: 1,
        lines,
        warnings: Vec::new(),
    };
    document.warnings = layout_warnings(&sections, images, document.has_text());
    Ok(document)
}

/// Part names for relationship ids in first-seen order, each once: sections often share a
/// header, and reading it twice would count its words twice.
fn referenced_parts<'a>(
    ids: impl Iterator<Item = &'a String>,
    relationships: &std::collections::HashMap<String, Relationship>,
    kind_suffix: &str,
) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for id in ids {
        if let Some(relationship) = relationships.get(id)
            && relationship.kind.ends_with(kind_suffix)
            && seen.insert(&relationship.part)
        {
            parts.push(relationship.part.clone());
        }
    }
    parts
}

fn part_of_kind(
    relationships: &std::collections::HashMap<String, Relationship>,
    kind_suffix: &str,
) -> Option<String> {
    relationships
        .values()
        .find(|r| r.kind.ends_with(kind_suffix))
        .map(|r| r.part.clone())
}

fn read_part(
    package: &mut Package<'_>,
    part: &str,
    origin: Origin,
    read_parts: &mut HashSet<String>,
    lines: &mut Vec<PendingLine>,
    images: &mut usize,
) -> Result<(), ExtractError> {
    if !read_parts.insert(part.to_owned()) {
        return Ok(());
    }
    // A relationship to a part the package lacks is damage Word itself shrugs off.
    let Some(xml) = package.read(part)? else {
        return Ok(());
    };
    let content = walk(
        XmlStream::new(part, &xml, package.limits().max_xml_depth),
        origin,
        package.limits().max_lines,
    )?;
    *images += content.images;
    lines.extend(content.lines);
    Ok(())
}

/// Whether some style id leaves open if its paragraph is a heading; `styles.xml` is one of the
/// largest parts, so it is only read then.
fn needs_style_definitions(lines: &[PendingLine]) -> bool {
    lines.iter().any(|l| {
        !l.line.heading_hint && l.style.as_deref().is_some_and(|s| !is_common_body_style(s))
    })
}

/// Style ids the common producers use for body text, which settle the question without
/// `styles.xml`.
fn is_common_body_style(id: &str) -> bool {
    const BODY_STYLES: &[&str] = &[
        "Normal",
        "BodyText",
        "FirstParagraph",
        "Compact",
        "ListParagraph",
        "ListBullet",
        "ListNumber",
        "FootnoteText",
        "EndnoteText",
        "Header",
        "Footer",
        "TableContents",
        "NoSpacing",
        "Caption",
    ];
    BODY_STYLES.contains(&id)
}

fn read_heading_styles(
    package: &mut Package<'_>,
    main_relationships: &std::collections::HashMap<String, Relationship>,
) -> Result<HashSet<String>, ExtractError> {
    let part = part_of_kind(main_relationships, STYLES_RELATIONSHIP)
        .unwrap_or_else(|| "word/styles.xml".to_owned());
    let Some(xml) = package.read(&part)? else {
        return Ok(HashSet::new());
    };
    styles::heading_styles(XmlStream::new(&part, &xml, package.limits().max_xml_depth))
}

fn layout_warnings(sections: &[Section], images: usize, has_text: bool) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let section_count = sections.len();
    for (index, section) in sections.iter().enumerate() {
        if section.columns > 1 {
            let which = if section_count == 1 {
                "The document".to_owned()
            } else {
                format!("Section {} of {section_count}", index + 1)
            };
            warnings.push(Warning::new(
                WarningCode::MultiColumn,
                format!("{which} is laid out in {} columns", section.columns),
            ));
        }
    }
    if images > 0 && !has_text {
        warnings.push(Warning::new(
            WarningCode::ImagesOnly,
            format!("The document holds {images} image(s) and no text"),
        ));
    }
    warnings
}
