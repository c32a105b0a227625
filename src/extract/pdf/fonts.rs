//! Fonts: how a shown string splits into codes, what text each code stands for, and how far
//! each glyph advances. Widths matter as much as text: word spaces are found from the gaps
//! between glyphs, since most producers position words instead of drawing space glyphs.

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use lopdf::{Dictionary, Object};

use super::cmap::{
    CodespaceRange, ToUnicode, all_codes_two_bytes, split_codes, split_two_byte_codes,
};
use super::encoding::{BaseEncoding, glyph_name_to_unicode};
use super::load::{KEPT_DIFFERENCES, kept_differences};
use super::objects::{Reader, as_number, name_of};
use super::page::TextShape;

mod standard;

use self::standard::StandardMetrics;
use crate::extract::ExtractError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FontKind {
    Simple,
    Type3,
    /// Type0 with a CIDFont: multi-byte codes, widths by CID.
    Composite,
}

/// What a glyph reads as and how far it advances: looked up once per font and code.
#[derive(Debug, Clone)]
pub(crate) struct GlyphInfo {
    /// Shared by every glyph of this code; empty when `unmapped`.
    pub(crate) text: Rc<str>,
    /// No Unicode mapping: an ATS reads nothing or gibberish here.
    pub(crate) unmapped: bool,
    /// The text is a single space.
    pub(crate) is_space: bool,
    pub(crate) shape: TextShape,
    /// Advance in text space units for a font size of 1.
    pub(crate) advance: f32,
}

#[derive(Debug)]
pub(crate) struct Font {
    kind: FontKind,
    pub(crate) bold: bool,
    to_unicode: Option<ToUnicode>,
    /// Simple fonts: code → text from the base encoding; empty = unmapped.
    simple_text: Vec<&'static str>,
    /// Simple fonts: the glyph names of `/Differences`, which override the base encoding.
    differences: OnceCell<Differences>,
    /// `/Differences` as the quick load kept it (see `load::KEPT_DIFFERENCES`): parsed into
    /// `differences` the first time a code without a ToUnicode mapping is shown, so a font
    /// whose map covers what the page shows never builds its glyph names.
    kept_differences: Option<Box<[u8]>>,
    codespace: Vec<CodespaceRange>,
    /// Composite fonts whose codes are all two bytes (Identity-H), split without a search.
    two_byte_codes: bool,
    /// Composite fonts whose CMap maps codes straight to UCS-2 (e.g. `UniGB-UCS2-H`).
    ucs2_codes: bool,
    first_char: u32,
    widths: Vec<f32>,
    /// Composite fonts: (first CID, last CID, width), sorted.
    cid_widths: Vec<(u32, u32, f32)>,
    default_width: f32,
    standard_metrics: Option<StandardMetrics>,
    /// Glyph units → text space (0.001, or the Type 3 FontMatrix).
    width_scale: f32,
    /// Text-space height of the font's em for a size of 1: 1 except for Type 3 fonts designed
    /// at another scale (a bitmap font set at `1 Tf` is not microscopic).
    pub(crate) size_scale: f32,
    /// Glyphs by code for codes below [`CACHED_CODES`], filled as they are shown.
    glyph_cache: RefCell<Vec<Option<GlyphInfo>>>,
    /// The text of unmapped glyphs.
    no_text: Rc<str>,
}

/// The glyph names a simple font's `/Differences` gives its codes, turned into text only when
/// a code is first shown: most fonts name far more glyphs than a page shows.
#[derive(Debug, Default)]
struct Differences {
    /// By code: the span of `names` that names its glyph.
    spans: Vec<Option<(u32, u32)>>,
    /// The names, one after the other.
    names: Vec<u8>,
}

impl Differences {
    /// From the array's items: a code, then the names of that code and the ones after it.
    fn from_items<'o>(items: impl Iterator<Item = Option<&'o Object>>) -> Differences {
        let mut differences = Differences {
            spans: vec![None; 256],
            names: Vec::new(),
        };
        let mut code = 0usize;
        for item in items {
            match item {
                Some(Object::Integer(n)) => code = usize::try_from(*n).unwrap_or(usize::MAX),
                Some(Object::Name(name)) => {
                    if let Some(slot) = differences.spans.get_mut(code) {
                        let start = differences.names.len() as u32;
                        differences.names.extend_from_slice(name);
                        *slot = Some((start, differences.names.len() as u32));
                    }
                    code = code.saturating_add(1);
                }
                _ => {}
            }
        }
        differences
    }

    /// The glyph name given to `code`, if any.
    fn name(&self, code: u32) -> Option<&[u8]> {
        let (start, end) = (*self.spans.get(code as usize)?)?;
        self.names.get(start as usize..end as usize)
    }
}

/// Codes whose glyph is cached; larger codes (rare 3- and 4-byte CMaps) are looked up each time.
const CACHED_CODES: u32 = 65536;

fn strip_subset_prefix(name: &str) -> &str {
    match name.split_once('+') {
        Some((prefix, rest))
            if prefix.len() == 6 && prefix.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            rest
        }
        _ => name,
    }
}

/// Ligature code points become their letters so "ﬁnance" matches "finance".
fn expand_ligatures(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| ('\u{fb00}'..='\u{fb06}').contains(&c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        match c {
            '\u{fb00}' => out.push_str("ff"),
            '\u{fb01}' => out.push_str("fi"),
            '\u{fb02}' => out.push_str("fl"),
            '\u{fb03}' => out.push_str("ffi"),
            '\u{fb04}' => out.push_str("ffl"),
            '\u{fb05}' | '\u{fb06}' => out.push_str("st"),
            other => out.push(other),
        }
    }
    Cow::Owned(out)
}

/// Text that carries no meaning for a reader: private-use code points, replacement characters,
/// control characters.
fn is_meaningless(text: &str) -> bool {
    text.is_empty()
        || text.chars().all(|c| {
            c == '\u{fffd}'
                || (c.is_control() && !c.is_whitespace())
                || ('\u{e000}'..='\u{f8ff}').contains(&c)
                || ('\u{f0000}'..='\u{10ffff}').contains(&c)
        })
}

impl Font {
    /// A font that maps nothing, for a `Tf` naming a missing font: its glyphs count as
    /// unreadable instead of aborting the page.
    pub(crate) fn missing() -> Font {
        Font {
            kind: FontKind::Simple,
            bold: false,
            to_unicode: None,
            simple_text: Vec::new(),
            differences: OnceCell::new(),
            kept_differences: None,
            codespace: Vec::new(),
            two_byte_codes: false,
            ucs2_codes: false,
            first_char: 0,
            widths: Vec::new(),
            cid_widths: Vec::new(),
            default_width: 500.0,
            standard_metrics: None,
            width_scale: 0.001,
            size_scale: 1.0,
            glyph_cache: RefCell::new(Vec::new()),
            no_text: Rc::from(""),
        }
    }

    pub(crate) fn load<'a>(
        reader: &mut Reader<'a>,
        dict: &'a Dictionary,
    ) -> Result<Font, ExtractError> {
        let doc = reader.doc;
        let subtype = dict
            .get(b"Subtype")
            .ok()
            .and_then(|o| name_of(doc, o))
            .unwrap_or_default();
        let kind = match subtype {
            b"Type0" => FontKind::Composite,
            b"Type3" => FontKind::Type3,
            _ => FontKind::Simple,
        };
        let base_font_raw = dict
            .get(b"BaseFont")
            .ok()
            .and_then(|o| name_of(doc, o))
            .unwrap_or_default();
        let base_font = strip_subset_prefix(&String::from_utf8_lossy(base_font_raw)).to_string();

        let to_unicode = match dict.get(b"ToUnicode").ok() {
            Some(obj) => reader
                .stream_content(obj)?
                .map(|data| ToUnicode::parse(&data))
                .filter(|m| !m.is_empty()),
            None => None,
        };

        let mut font = Font::missing();
        font.kind = kind;
        font.to_unicode = to_unicode;

        let descendant = if kind == FontKind::Composite {
            dict.get(b"DescendantFonts")
                .ok()
                .and_then(|o| reader.resolve(o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| reader.resolve(o))
                .and_then(|o| o.as_dict().ok())
        } else {
            None
        };
        let descriptor = descendant
            .unwrap_or(dict)
            .get(b"FontDescriptor")
            .ok()
            .and_then(|o| reader.resolve(o))
            .and_then(|o| o.as_dict().ok());
        let weight = descriptor
            .and_then(|d| d.get(b"FontWeight").ok())
            .and_then(|o| as_number(doc, o));
        let descendant_name = descendant
            .and_then(|d| d.get(b"BaseFont").ok())
            .and_then(|o| name_of(doc, o))
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        font.bold = base_font.contains("Bold")
            || descendant_name.contains("Bold")
            || weight.is_some_and(|w| w >= 700.0);

        match kind {
            FontKind::Composite => font.load_composite(reader, dict, descendant)?,
            FontKind::Simple | FontKind::Type3 => {
                font.load_simple(reader, dict, &base_font, descriptor)
            }
        }
        Ok(font)
    }

    fn load_composite<'a>(
        &mut self,
        reader: &mut Reader<'a>,
        dict: &'a Dictionary,
        descendant: Option<&'a Dictionary>,
    ) -> Result<(), ExtractError> {
        let doc = reader.doc;
        self.default_width = 1000.0;
        match dict.get(b"Encoding").ok().and_then(|o| reader.resolve(o)) {
            Some(Object::Name(name)) => {
                let name = String::from_utf8_lossy(name);
                self.ucs2_codes = name.contains("UCS2") || name.contains("UTF16");
            }
            Some(stream @ Object::Stream(_)) => {
                if let Some(data) = reader.stream_content(stream)? {
                    self.codespace = ToUnicode::parse(&data).codespace;
                }
            }
            _ => {}
        }
        if self.codespace.is_empty() {
            self.codespace.push(CodespaceRange {
                bytes: 2,
                low: 0,
                high: 0xffff,
            });
        }
        self.two_byte_codes = all_codes_two_bytes(&self.codespace);
        let Some(descendant) = descendant else {
            return Ok(());
        };
        if let Some(dw) = descendant.get(b"DW").ok().and_then(|o| as_number(doc, o)) {
            self.default_width = dw;
        }
        let Some(w) = descendant
            .get(b"W")
            .ok()
            .and_then(|o| reader.resolve(o))
            .and_then(|o| o.as_array().ok())
        else {
            return Ok(());
        };
        let mut i = 0;
        while let Some(first) = w.get(i).and_then(|o| as_number(doc, o)) {
            let first = first.max(0.0) as u32;
            match w.get(i + 1).and_then(|o| reader.resolve(o)) {
                Some(Object::Array(list)) => {
                    for (offset, width) in list.iter().enumerate() {
                        if let Some(width) = as_number(doc, width) {
                            let cid = first.saturating_add(offset as u32);
                            self.cid_widths.push((cid, cid, width));
                        }
                    }
                    i += 2;
                }
                Some(last) => {
                    let last = as_number(doc, last).unwrap_or(0.0).max(0.0) as u32;
                    let width = w
                        .get(i + 2)
                        .and_then(|o| as_number(doc, o))
                        .unwrap_or(self.default_width);
                    self.cid_widths.push((first, last, width));
                    i += 3;
                }
                None => break,
            }
        }
        self.cid_widths.sort_by_key(|&(first, _, _)| first);
        Ok(())
    }

    fn load_simple<'a>(
        &mut self,
        reader: &mut Reader<'a>,
        dict: &'a Dictionary,
        base_font: &str,
        descriptor: Option<&'a Dictionary>,
    ) {
        let doc = reader.doc;
        if self.kind == FontKind::Type3 {
            let matrix_x = dict
                .get(b"FontMatrix")
                .ok()
                .and_then(|o| reader.resolve(o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| as_number(doc, o));
            self.width_scale = matrix_x
                .filter(|x| x.is_finite() && *x != 0.0)
                .map_or(0.001, f32::abs);
            let matrix = dict
                .get(b"FontMatrix")
                .map(|o| super::objects::numbers(doc, o))
                .unwrap_or_default();
            let bbox = dict
                .get(b"FontBBox")
                .map(|o| super::objects::numbers(doc, o))
                .unwrap_or_default();
            if let ([_, _, _, d, ..], [_, y0, _, y1]) = (&matrix[..], &bbox[..]) {
                let em = ((y1 - y0) * d).abs();
                // Only a clearly different design scale counts; ordinary fonts stay at 1 so their
                // sizes compare with the page's other fonts.
                if em.is_finite() && em > 0.0 && !(0.5..=2.0).contains(&em) {
                    self.size_scale = em.clamp(0.05, 20.0);
                }
            }
        }
        self.first_char = dict
            .get(b"FirstChar")
            .ok()
            .and_then(|o| as_number(doc, o))
            .unwrap_or(0.0)
            .max(0.0) as u32;
        if let Some(widths) = dict
            .get(b"Widths")
            .ok()
            .and_then(|o| reader.resolve(o))
            .and_then(|o| o.as_array().ok())
        {
            self.widths = widths
                .iter()
                .take(65536)
                .map(|o| as_number(doc, o).unwrap_or(0.0))
                .collect();
        } else {
            self.standard_metrics = StandardMetrics::for_base_font(base_font);
        }
        if let Some(missing) = descriptor
            .and_then(|d| d.get(b"MissingWidth").ok())
            .and_then(|o| as_number(doc, o))
        {
            self.default_width = missing;
        }

        let encoding = dict.get(b"Encoding").ok().and_then(|o| reader.resolve(o));
        let named_base = match encoding {
            Some(Object::Name(name)) => BaseEncoding::from_name(name),
            Some(Object::Dictionary(d)) => d
                .get(b"BaseEncoding")
                .ok()
                .and_then(|o| name_of(doc, o))
                .and_then(BaseEncoding::from_name),
            _ => None,
        };
        let base = named_base.unwrap_or(if base_font.starts_with("Symbol") {
            BaseEncoding::Symbol
        } else if base_font.starts_with("ZapfDingbats") {
            BaseEncoding::Dingbats
        } else if dict.get(b"Subtype").ok().and_then(|o| name_of(doc, o)) == Some(b"TrueType") {
            BaseEncoding::WinAnsi
        } else {
            BaseEncoding::Standard
        });
        self.simple_text = if self.kind == FontKind::Type3 && named_base.is_none() {
            // A Type 3 font has no built-in encoding to fall back on: only its differences count.
            vec![""; 256]
        } else {
            base.table().iter().map(|text| text.as_str()).collect()
        };
        let Some(Object::Dictionary(encoding)) = encoding else {
            return;
        };
        if let Ok(Object::String(syntax, _)) = encoding.get(KEPT_DIFFERENCES) {
            self.kept_differences = Some(syntax.as_slice().into());
        } else if let Some(items) = encoding
            .get(b"Differences")
            .ok()
            .and_then(|o| reader.resolve(o))
            .and_then(|o| o.as_array().ok())
        {
            let differences = Differences::from_items(items.iter().map(|o| reader.resolve(o)));
            self.differences = OnceCell::from(differences);
        }
    }

    /// The font's `/Differences`, parsed now if the quick load kept them as written.
    fn differences(&self) -> Option<&Differences> {
        if let Some(differences) = self.differences.get() {
            return Some(differences);
        }
        let syntax = self.kept_differences.as_deref()?;
        Some(self.differences.get_or_init(|| {
            let items = kept_differences(syntax).unwrap_or_default();
            Differences::from_items(items.iter().map(Some))
        }))
    }

    /// Splits a shown string into character codes.
    pub(crate) fn codes(&self, bytes: &[u8], out: &mut Vec<u32>) {
        out.clear();
        match self.kind {
            FontKind::Composite if self.two_byte_codes => split_two_byte_codes(bytes, out),
            FontKind::Composite => split_codes(bytes, &self.codespace, 2, out),
            _ => out.extend(bytes.iter().map(|&b| u32::from(b))),
        }
    }

    /// Whether a code is the single-byte space that word spacing (`Tw`) applies to.
    pub(crate) fn is_word_space(&self, code: u32, byte_len: usize) -> bool {
        code == 32 && byte_len == 1
    }

    pub(crate) fn is_composite(&self) -> bool {
        self.kind == FontKind::Composite
    }

    pub(crate) fn glyph(&self, code: u32) -> GlyphInfo {
        if code >= CACHED_CODES {
            return self.look_up_glyph(code);
        }
        let index = code as usize;
        let mut cache = self.glyph_cache.borrow_mut();
        if let Some(Some(known)) = cache.get(index) {
            return known.clone();
        }
        let glyph = self.look_up_glyph(code);
        if cache.len() <= index {
            cache.resize(index + 1, None);
        }
        if let Some(slot) = cache.get_mut(index) {
            *slot = Some(glyph.clone());
        }
        glyph
    }

    fn look_up_glyph(&self, code: u32) -> GlyphInfo {
        let mapped: Option<Cow<'_, str>> = self
            .to_unicode
            .as_ref()
            .and_then(|m| m.lookup(code))
            .or_else(|| match self.kind {
                FontKind::Composite if self.ucs2_codes => {
                    char::from_u32(code).map(|c| Cow::Owned(String::from(c)))
                }
                FontKind::Composite => None,
                // A name in `/Differences` overrides the base encoding, even one that names
                // no character.
                _ => match self.differences().and_then(|d| d.name(code)) {
                    Some(name) => glyph_name_to_unicode(name)
                        .filter(|text| !text.is_empty())
                        .map(Cow::Owned),
                    None => self
                        .simple_text
                        .get(code as usize)
                        .filter(|text| !text.is_empty())
                        .map(|text| Cow::Borrowed(*text)),
                },
            });
        let text = mapped.filter(|t| !is_meaningless(t));
        match text.as_deref().map(expand_ligatures) {
            Some(text) => GlyphInfo {
                is_space: text == " ",
                shape: TextShape::of(&text),
                advance: self.advance(code, Some(&text)),
                text: Rc::from(text.as_ref()),
                unmapped: false,
            },
            None => GlyphInfo {
                text: Rc::clone(&self.no_text),
                unmapped: true,
                is_space: false,
                shape: TextShape::of(""),
                advance: self.advance(code, None),
            },
        }
    }

    /// Horizontal advance in text space units for a font size of 1.
    fn advance(&self, code: u32, text: Option<&str>) -> f32 {
        let glyph_units = match self.kind {
            FontKind::Composite => {
                let index = self
                    .cid_widths
                    .partition_point(|&(first, _, _)| first <= code);
                index
                    .checked_sub(1)
                    .and_then(|i| self.cid_widths.get(i))
                    .filter(|&&(_, last, _)| code <= last)
                    .map_or(self.default_width, |&(_, _, w)| w)
            }
            _ => {
                let from_table = code
                    .checked_sub(self.first_char)
                    .and_then(|i| self.widths.get(i as usize))
                    .copied();
                match (from_table, self.standard_metrics, text) {
                    (Some(w), _, _) => w,
                    (None, Some(metrics), Some(t)) => metrics.width(t),
                    (None, Some(metrics), None) => metrics.width(""),
                    (None, None, _) => self.default_width,
                }
            }
        };
        glyph_units * self.width_scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meaningless_text() {
        for (text, want) in [
            ("", true),
            ("\u{e001}", true),
            ("\u{fffd}", true),
            ("\u{1}", true),
            ("a", false),
            (" ", false),
        ] {
            assert_eq!(is_meaningless(text), want, "{text:?}");
        }
    }

    #[test]
    fn ligatures_become_letters() {
        assert_eq!(expand_ligatures("\u{fb01}nance \u{fb04}"), "finance ffl");
    }
}
