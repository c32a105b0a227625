//! PDF text extraction on lopdf's object model, with our own content interpretation: text
//! comes from glyph positions (not operator order), ToUnicode maps first, and everything an
//! ATS would misread (hidden text, unmapped glyphs, scans, columns) becomes a [`Warning`].
//!
//! Reading order: lines top to bottom; on a two-column page the left column is read before
//! the right one (a sidebar on the left comes first, as most ATS that handle columns do);
//! lines crossing the gutter (a name banner, full-width headings) stay where they are.
//!
//! Cost bounds, besides the caller's file size limit: lopdf parses every object at load (its
//! own nesting limit stops deep arrays), so a file that could hold more than
//! `Limits::max_objects` objects is refused before parsing by counting `obj` keywords, and after
//! loading the object count is checked again (object streams). What lopdf's object model may
//! cost is bounded by `Limits::max_object_bytes` (see `load`). Every stream is decompressed
//! with lopdf's bounded decoder under `max_part_bytes`, and all of them together under
//! `max_total_bytes`. Form XObjects nest at most `max_depth` deep and never re-enter themselves;
//! the page tree is walked once per node; a file reads at most `Limits::max_content_tokens`
//! content stream tokens (a form drawn again counts again), keeps at most 500,000 glyphs per
//! page and 1,024 saved graphics states.

mod cmap;
mod content;
mod encoding;
mod fonts;
mod layout;
mod lexer;
mod load;
mod objects;
mod page;
mod security;

use std::collections::{BTreeMap, HashMap, HashSet};

use lopdf::{Dictionary, Object, ObjectId};

use self::content::{Interpreter, Shared};
use self::layout::{TextLine, lay_out};
use self::objects::{Reader, as_number, numbers};
use self::page::{Glyph, HiddenReason, Matrix, PageContent, PageFrame};
use crate::extract::{Document, ExtractError, Format, Limits, Line, Origin, Warning, WarningCode};

/// Share of a page's glyphs without a Unicode mapping above which the page reads as gibberish.
const UNREADABLE_SHARE: f32 = 0.2;
/// An image covering this share of a page with invisible text over it is an OCR'd scan.
const SCAN_IMAGE_SHARE: f32 = 0.5;
/// Bands at the top and bottom of a page, as a share of its height, where running headers and
/// footers sit.
const HEADER_BAND: f32 = 0.08;

/// What the page tree says about one page, attributes inherited from its ancestors.
struct PageInfo<'a> {
    dict: &'a Dictionary,
    resources: Option<&'a Dictionary>,
    frame: PageFrame,
}

#[derive(Clone, Copy, Default)]
struct Inherited<'a> {
    resources: Option<&'a Dictionary>,
    media_box: Option<&'a Object>,
    crop_box: Option<&'a Object>,
    rotate: Option<&'a Object>,
}

pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Document, ExtractError> {
    // An AES-256 file comes with its decryptor: its streams and strings are decrypted when
    // read (see `security`); other encrypted files are decrypted as they load.
    let (doc, decryptor) = load::load(bytes, limits)?;
    if doc.objects.len() > limits.max_objects {
        return Err(ExtractError::LimitExceeded {
            what: "PDF objects",
            limit: limits.max_objects as u64,
        });
    }
    // lopdf decrypts files with an empty user password on load and drops /Encrypt; one that is
    // still there needs a password.
    if doc.is_encrypted() || doc.trailer.has(b"Encrypt") {
        return Err(ExtractError::Encrypted("PDF"));
    }

    let (pages, page_count, tree_too_deep) = collect_pages(&doc, limits)?;
    if page_count == 0 {
        return Err(ExtractError::Corrupt {
            format: "PDF",
            detail: "no pages found (damaged page tree)".into(),
        });
    }

    let mut reader = Reader::new(&doc, limits, decryptor.as_ref());
    let mut shared = Shared::new(limits.max_content_tokens);
    let mut report = Report::default();
    if tree_too_deep {
        report.limited.push(format!(
            "page tree levels deeper than {} were not read",
            limits.max_depth
        ));
    }
    let mut page_lines: Vec<Vec<(TextLine, Origin)>> = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        let number = index as u32 + 1;
        let content = read_page(&mut reader, &mut shared, page)?;
        page_lines.push(process_page(content, number, page.frame, &mut report));
    }
    mark_running_lines(&mut page_lines);

    let mut lines = Vec::new();
    for (index, page) in page_lines.into_iter().enumerate() {
        emit_page(index as u32 + 1, page, &mut lines);
    }
    let warnings = report.warnings(page_count, pages.len(), limits);
    Ok(Document {
        format: Format::Pdf,
        pages: page_count,
        lines,
        warnings,
    })
}

/// Walks the page tree once per node (a cyclic tree cannot loop), counting every page but
/// keeping only the first `max_pages`; says whether levels past `max_depth` were left out.
fn collect_pages<'a>(
    doc: &'a lopdf::Document,
    limits: &Limits,
) -> Result<(Vec<PageInfo<'a>>, u32, bool), ExtractError> {
    let root = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .ok_or_else(|| ExtractError::Corrupt {
            format: "PDF",
            detail: "no page tree".into(),
        })?;
    let mut pages = Vec::new();
    let mut count = 0u32;
    let mut too_deep = false;
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut stack: Vec<(&Object, Inherited<'_>, usize)> = vec![(root, Inherited::default(), 0)];
    while let Some((node, inherited, depth)) = stack.pop() {
        if let Object::Reference(id) = node
            && !seen.insert(*id)
        {
            continue;
        }
        let Some(dict) = doc
            .dereference(node)
            .ok()
            .and_then(|(_, o)| o.as_dict().ok())
        else {
            continue;
        };
        let resolve_dict = |key: &[u8]| {
            dict.get(key)
                .ok()
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_dict().ok())
        };
        let here = Inherited {
            resources: resolve_dict(b"Resources").or(inherited.resources),
            media_box: dict.get(b"MediaBox").ok().or(inherited.media_box),
            crop_box: dict.get(b"CropBox").ok().or(inherited.crop_box),
            rotate: dict.get(b"Rotate").ok().or(inherited.rotate),
        };
        let kids = dict
            .get(b"Kids")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_array().ok());
        match kids {
            Some(kids) if !dict.has_type(b"Page") => {
                if depth >= limits.max_depth {
                    too_deep = true;
                    continue;
                }
                for kid in kids.iter().rev() {
                    stack.push((kid, here, depth + 1));
                }
            }
            _ => {
                count = count.saturating_add(1);
                if pages.len() < limits.max_pages as usize {
                    pages.push(PageInfo {
                        dict,
                        resources: here.resources,
                        frame: page_frame(doc, &here),
                    });
                }
            }
        }
    }
    Ok((pages, count, too_deep))
}

fn page_frame(doc: &lopdf::Document, inherited: &Inherited<'_>) -> PageFrame {
    let rect = |o: Option<&Object>| {
        let n = o.map(|o| numbers(doc, o)).unwrap_or_default();
        match n[..] {
            [a, b, c, d] if (c - a).abs() > 1.0 && (d - b).abs() > 1.0 => {
                Some((a.min(c), b.min(d), a.max(c), b.max(d)))
            }
            _ => None,
        }
    };
    let (x0, y0, x1, y1) = rect(inherited.crop_box)
        .or(rect(inherited.media_box))
        .unwrap_or((0.0, 0.0, 612.0, 792.0));
    let rotate = inherited
        .rotate
        .and_then(|o| as_number(doc, o))
        .unwrap_or(0.0) as i64;
    let (base, width, height): (Matrix, f32, f32) = match rotate.rem_euclid(360) {
        90 => ([0.0, -1.0, 1.0, 0.0, -y0, x1], y1 - y0, x1 - x0),
        180 => ([-1.0, 0.0, 0.0, -1.0, x1, y1], x1 - x0, y1 - y0),
        270 => ([0.0, 1.0, -1.0, 0.0, y1, -x0], y1 - y0, x1 - x0),
        _ => ([1.0, 0.0, 0.0, 1.0, -x0, -y0], x1 - x0, y1 - y0),
    };
    PageFrame {
        base,
        width,
        height,
    }
}

fn read_page<'a>(
    reader: &mut Reader<'a>,
    shared: &mut Shared,
    page: &PageInfo<'a>,
) -> Result<PageContent, ExtractError> {
    let mut data = Vec::new();
    match page
        .dict
        .get(b"Contents")
        .ok()
        .and_then(|o| reader.resolve(o))
    {
        Some(Object::Array(parts)) => {
            for part in parts {
                if let Some(bytes) = reader.stream_content(part)? {
                    data.extend_from_slice(&bytes);
                    data.push(b'\n');
                }
            }
        }
        Some(stream @ Object::Stream(_)) => {
            if let Some(bytes) = reader.stream_content(stream)? {
                data = bytes;
            }
        }
        _ => {}
    }
    let mut interpreter = Interpreter::new(reader, shared, page.frame);
    interpreter.run(&data, page.resources, 0)?;
    Ok(interpreter.finish())
}

/// What the pages showed that deserves a warning.
#[derive(Default)]
struct Report {
    multi_column_pages: Vec<u32>,
    unreadable_pages: Vec<u32>,
    image_only_pages: Vec<u32>,
    pages_with_text: usize,
    hidden_words: BTreeMap<HiddenReason, usize>,
    /// What a limit left unread, and where.
    limited: Vec<String>,
}

fn process_page(
    mut content: PageContent,
    number: u32,
    frame: PageFrame,
    report: &mut Report,
) -> Vec<(TextLine, Origin)> {
    if content.glyphs_dropped > 0 {
        report.limited.push(format!(
            "page {number}: {} glyphs past the first {}",
            content.glyphs_dropped,
            content.glyphs.len()
        ));
    }
    if content.forms_too_deep > 0 {
        report.limited.push(format!(
            "page {number}: {} forms nested too deep",
            content.forms_too_deep
        ));
    }
    // OCR'd scans draw invisible text over the page image: that text is what a person sees.
    if content.largest_image_share >= SCAN_IMAGE_SHARE {
        for glyph in &mut content.glyphs {
            if glyph.hidden == Some(HiddenReason::Invisible) {
                glyph.hidden = None;
            }
        }
    }
    let glyphs = &content.glyphs;
    let (mut inked, mut unmapped) = (0usize, 0usize);
    let mut reasons: Vec<HiddenReason> = Vec::new();
    for glyph in glyphs {
        match glyph.hidden {
            None => {
                inked += usize::from(glyph.unmapped || !glyph.shape.blank());
                unmapped += usize::from(glyph.unmapped);
            }
            Some(reason) if !reasons.contains(&reason) => reasons.push(reason),
            Some(_) => {}
        }
    }
    if inked > 0 && unmapped as f32 > UNREADABLE_SHARE * inked as f32 {
        report.unreadable_pages.push(number);
    }
    if inked > unmapped {
        report.pages_with_text += 1;
    } else if content.images_drawn > 0 {
        report.image_only_pages.push(number);
    }

    let visible = |g: &Glyph| g.hidden.is_none();
    let layout = lay_out(glyphs, visible, frame.width, frame.height, true);
    if layout.multi_column {
        report.multi_column_pages.push(number);
    }
    let mut lines: Vec<(TextLine, Origin)> = layout
        .lines
        .into_iter()
        .map(|l| (l, Origin::Body))
        .collect();

    reasons.sort();
    for reason in reasons {
        let hidden = |g: &Glyph| g.hidden == Some(reason);
        for line in lay_out(glyphs, hidden, frame.width, frame.height, false).lines {
            *report.hidden_words.entry(reason).or_default() +=
                crate::normalize::count_words(&line.text);
            lines.push((line, Origin::Hidden));
        }
    }
    // Keep each page's frame height with its lines for the header pass.
    lines
        .iter_mut()
        .for_each(|(line, _)| line.y /= frame.height.max(1.0));
    lines
}

/// Text with page numbers and case ignored, so "Page 1 of 2" and "Page 2 of 2" match.
fn running_key(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                '#'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Marks lines repeated at the top or bottom of at least two pages as running headers and
/// footers.
fn mark_running_lines(pages: &mut [Vec<(TextLine, Origin)>]) {
    if pages.len() < 2 {
        return;
    }
    let mut seen: HashMap<(bool, String), HashSet<usize>> = HashMap::new();
    for (page_index, lines) in pages.iter().enumerate() {
        for (line, origin) in lines {
            if *origin != Origin::Body {
                continue;
            }
            let top = line.y > 1.0 - HEADER_BAND;
            let bottom = line.y < HEADER_BAND;
            if top || bottom {
                seen.entry((top, running_key(&line.text)))
                    .or_default()
                    .insert(page_index);
            }
        }
    }
    for lines in pages.iter_mut() {
        for (line, origin) in lines.iter_mut() {
            if *origin != Origin::Body {
                continue;
            }
            let top = line.y > 1.0 - HEADER_BAND;
            let bottom = line.y < HEADER_BAND;
            if (top || bottom)
                && seen
                    .get(&(top, running_key(&line.text)))
                    .is_some_and(|p| p.len() >= 2)
            {
                *origin = if top { Origin::Header } else { Origin::Footer };
            }
        }
    }
}

/// A word ending in a soft hyphen was split at the line end by the producer ("submis-" /
/// "sions"): the word is put back together on the first line. The soft hyphen need not end the
/// text line, since a right-aligned date on the same baseline may follow it.
fn join_soft_hyphens(lines: &mut [(TextLine, Origin)]) {
    for index in 0..lines.len() {
        let Some(split_at) = lines.get(index).and_then(|(l, _)| {
            l.text
                .split(' ')
                .scan(0usize, |offset, word| {
                    let start = *offset;
                    *offset += word.len() + 1;
                    Some((start + word.len(), word))
                })
                .filter(|(_, word)| word.len() > 2 && word.ends_with('\u{ad}'))
                .map(|(end, _)| end)
                .last()
        }) else {
            continue;
        };
        let next_is_body = lines
            .get(index + 1)
            .is_some_and(|(l, o)| *o == Origin::Body && !l.text.is_empty());
        if !next_is_body {
            continue;
        }
        let continuation = lines.get_mut(index + 1).map(|(next, _)| {
            let (first, rest) = next
                .text
                .split_once(' ')
                .unwrap_or((next.text.as_str(), ""));
            let first = first.to_string();
            next.text = rest.to_string();
            first
        });
        if let (Some((line, _)), Some(continuation)) = (lines.get_mut(index), continuation) {
            let hyphen_start = split_at - '\u{ad}'.len_utf8();
            if line.text.is_char_boundary(hyphen_start) && line.text.is_char_boundary(split_at) {
                line.text
                    .replace_range(hyphen_start..split_at, &continuation);
            }
        }
    }
}

fn emit_page(page: u32, mut lines: Vec<(TextLine, Origin)>, out: &mut Vec<Line>) {
    join_soft_hyphens(&mut lines);
    // The body size is the size most of the page's text is set in.
    let mut by_size: HashMap<i32, usize> = HashMap::new();
    for (line, origin) in &lines {
        if *origin == Origin::Body {
            *by_size.entry((line.size * 2.0).round() as i32).or_default() += line.text.len();
        }
    }
    let body_size = by_size
        .into_iter()
        .max_by_key(|&(size, chars)| (chars, -size))
        .map_or(0.0, |(size, _)| size as f32 / 2.0);
    let body_is_bold = {
        let (bold, all) = lines
            .iter()
            .filter(|(_, o)| *o == Origin::Body)
            .fold((0, 0), |(b, a), (l, _)| {
                (b + usize::from(l.bold) * l.text.len(), a + l.text.len())
            });
        bold * 2 > all
    };
    for (line, origin) in lines {
        if line.text.is_empty() {
            continue;
        }
        if line.gap_before
            && origin == Origin::Body
            && out
                .last()
                .is_some_and(|l: &Line| !l.text.is_empty() && l.page == page)
        {
            out.push(Line {
                text: String::new(),
                page,
                origin,
                heading_hint: false,
            });
        }
        let words = line.text.split_whitespace().count();
        let has_letters = line.text.chars().any(char::is_alphabetic);
        // A summary set a little larger than the bullets is not a run of headings: slightly
        // larger lines must be very short, clearly larger ones (a name, a title) short.
        let ratio = if body_size > 0.0 {
            line.size / body_size
        } else {
            1.0
        };
        let larger = (ratio >= 1.15 && words <= 4) || (ratio >= 1.4 && words <= 8);
        let bold = line.bold && !body_is_bold && words <= 5;
        let continues = line.text.ends_with([',', ';']);
        let heading_hint = origin == Origin::Body && has_letters && !continues && (larger || bold);
        out.push(Line {
            text: line.text,
            page,
            origin,
            heading_hint,
        });
    }
}

fn page_list(pages: &[u32]) -> String {
    pages
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Report {
    fn warnings(&self, page_count: u32, pages_read: usize, limits: &Limits) -> Vec<Warning> {
        let mut warnings = Vec::new();
        if !self.image_only_pages.is_empty() {
            let message = if self.pages_with_text == 0 && self.image_only_pages.len() == pages_read
            {
                "every page is an image without a text layer (a scan): an ATS sees no text at all"
                    .to_string()
            } else {
                format!(
                    "page(s) {} are images without a text layer: an ATS sees nothing there",
                    page_list(&self.image_only_pages)
                )
            };
            warnings.push(Warning::new(WarningCode::NoTextLayer, message));
        }
        if !self.hidden_words.is_empty() {
            let total: usize = self.hidden_words.values().sum();
            let why: Vec<String> = self
                .hidden_words
                .iter()
                .map(|(reason, n)| {
                    let label = match reason {
                        HiddenReason::Invisible => "invisible render mode",
                        HiddenReason::White => "white or near-white on the page",
                        HiddenReason::Tiny => "font under 2 pt",
                        HiddenReason::OffPage => "outside the visible page",
                    };
                    format!("{n} {label}")
                })
                .collect();
            warnings.push(Warning::new(
                WarningCode::HiddenText,
                format!(
                    "{total} word(s) of text a reader cannot see but an ATS reads ({})",
                    why.join("; ")
                ),
            ));
        }
        if !self.unreadable_pages.is_empty() {
            warnings.push(Warning::new(
                WarningCode::UnreadableText,
                format!(
                    "page(s) {}: many glyphs have no Unicode mapping (fonts without ToUnicode); an ATS reads gibberish or nothing there",
                    page_list(&self.unreadable_pages)
                ),
            ));
        }
        if !self.multi_column_pages.is_empty() {
            warnings.push(Warning::new(
                WarningCode::MultiColumn,
                format!(
                    "page(s) {} are laid out in columns (read here left column first); some ATS read across the columns and mix them",
                    page_list(&self.multi_column_pages)
                ),
            ));
        }
        if page_count > limits.max_pages {
            warnings.push(Warning::new(
                WarningCode::PageLimit,
                format!(
                    "only the first {} of {page_count} pages were read",
                    limits.max_pages
                ),
            ));
        }
        if !self.limited.is_empty() {
            warnings.push(Warning::new(
                WarningCode::ContentLimit,
                format!(
                    "content past atsfit's limits was not read ({}); no real resume comes near them",
                    self.limited.join("; ")
                ),
            ));
        }
        warnings
    }
}
