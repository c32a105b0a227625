//! Looking up what operators name in the resource dictionaries: fonts, colour spaces, marked
//! content properties, and form XObjects, which are run recursively with their own resources.

use std::rc::Rc;

use lopdf::{Dictionary, Object};

use super::operands::{Operand, Operands, children};
use super::{ColorSpace, FontKey, Interpreter};
use crate::extract::ExtractError;
use crate::extract::pdf::fonts::Font;
use crate::extract::pdf::lexer::PdfName;
use crate::extract::pdf::objects::{as_number, name_of, numbers};
use crate::extract::pdf::page::multiply;

/// A PDF text string: UTF-16BE with a byte order mark, else PDFDocEncoding (close to Latin-1).
pub(crate) fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|p| {
                u16::from(p.first().copied().unwrap_or(0)) << 8
                    | u16::from(p.get(1).copied().unwrap_or(0))
            })
            .collect();
        return crate::extract::pdf::cmap::utf16_to_string(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Font names remembered per resource dictionary: a file setting more fonts than this from one
/// dictionary looks the others up each time.
const MAX_NAMES_PER_RESOURCES: usize = 64;

impl<'a> Interpreter<'a, '_> {
    pub(super) fn font(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &PdfName<'_>,
    ) -> Result<Rc<Font>, ExtractError> {
        let scope = resources.map_or(0, |r| r as *const Dictionary as usize);
        if let Some(font) = self
            .shared
            .font_names
            .get(&scope)
            .and_then(|known| known.get(name.raw()))
        {
            return Ok(Rc::clone(font));
        }
        let font = self.look_up_font(resources, &name.decoded())?;
        let known = self.shared.font_names.entry(scope).or_default();
        if known.len() < MAX_NAMES_PER_RESOURCES {
            known.insert(name.raw().into(), Rc::clone(&font));
        }
        Ok(font)
    }

    fn look_up_font(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
    ) -> Result<Rc<Font>, ExtractError> {
        let reader = &*self.reader;
        let entry = resources
            .and_then(|r| r.get(b"Font").ok())
            .and_then(|o| reader.resolve(o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|fonts| fonts.get(name).ok());
        let Some(entry) = entry else {
            return Ok(Rc::new(Font::missing()));
        };
        let Some(dict) = reader.resolve(entry).and_then(|o| o.as_dict().ok()) else {
            return Ok(Rc::new(Font::missing()));
        };
        let key = match entry {
            Object::Reference(id) => FontKey::Id(*id),
            _ => FontKey::Direct(dict as *const Dictionary as usize),
        };
        if let Some(font) = self.shared.fonts.get(&key) {
            return Ok(Rc::clone(font));
        }
        let font = Rc::new(Font::load(self.reader, dict)?);
        self.shared.fonts.insert(key, Rc::clone(&font));
        Ok(font)
    }

    pub(super) fn color_space(
        &self,
        resources: Option<&'a Dictionary>,
        operand: Option<Operand<'_>>,
    ) -> ColorSpace {
        let Some(Operand::Name(name)) = operand else {
            return ColorSpace::Other;
        };
        let name = name.decoded();
        let by_name = |n: &[u8]| match n {
            b"DeviceGray" | b"G" | b"CalGray" => ColorSpace::Gray,
            b"DeviceRGB" | b"RGB" | b"CalRGB" => ColorSpace::Rgb,
            b"DeviceCMYK" | b"CMYK" => ColorSpace::Cmyk,
            _ => ColorSpace::Other,
        };
        let direct = by_name(&name);
        if direct != ColorSpace::Other {
            return direct;
        }
        let reader = &*self.reader;
        let Some(space) = resources
            .and_then(|r| r.get(b"ColorSpace").ok())
            .and_then(|o| reader.resolve(o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(&name).ok())
            .and_then(|o| reader.resolve(o))
        else {
            return ColorSpace::Other;
        };
        match space {
            Object::Name(n) => by_name(n),
            Object::Array(items) => match items.first().and_then(|o| reader.resolve(o)) {
                Some(Object::Name(n)) if n == b"ICCBased" => {
                    let components = items
                        .get(1)
                        .and_then(|o| reader.resolve(o))
                        .and_then(|o| o.as_stream().ok())
                        .and_then(|s| s.dict.get(b"N").ok())
                        .and_then(|o| as_number(reader.doc, o));
                    match components.map(|n| n as u32) {
                        Some(1) => ColorSpace::Gray,
                        Some(3) => ColorSpace::Rgb,
                        Some(4) => ColorSpace::Cmyk,
                        _ => ColorSpace::Other,
                    }
                }
                Some(Object::Name(n)) => by_name(n),
                _ => ColorSpace::Other,
            },
            _ => ColorSpace::Other,
        }
    }

    /// The `/ActualText` of a `BDC`, from its inline properties or its named ones.
    pub(super) fn actual_text(
        &self,
        resources: Option<&'a Dictionary>,
        operands: &Operands<'_>,
    ) -> Option<String> {
        if let Some(items) = operands.container(1, true) {
            let mut entries = children(items).map(|(operand, _)| operand);
            while let (Some(key), Some(value)) = (entries.next(), entries.next()) {
                if let (Operand::Name(key), Operand::String(value)) = (key, value)
                    && key.decoded().as_ref() == b"ActualText"
                {
                    return Some(decode_text_string(&value.bytes()));
                }
            }
            return None;
        }
        let Some(Operand::Name(name)) = operands.get(1) else {
            return None;
        };
        let reader = &*self.reader;
        let dict = resources
            .and_then(|r| r.get(b"Properties").ok())
            .and_then(|o| reader.resolve(o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(&name.decoded()).ok())
            .and_then(|o| reader.resolve(o))
            .and_then(|o| o.as_dict().ok())?;
        match dict.get(b"ActualText").ok().and_then(|o| reader.resolve(o)) {
            Some(Object::String(bytes, _)) => Some(decode_text_string(&reader.string_bytes(bytes))),
            _ => None,
        }
    }

    pub(super) fn draw_xobject(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
        depth: usize,
    ) -> Result<(), ExtractError> {
        let reader = &*self.reader;
        let Some(entry) = resources
            .and_then(|r| r.get(b"XObject").ok())
            .and_then(|o| reader.resolve(o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(name).ok())
        else {
            return Ok(());
        };
        let Some(Object::Stream(stream)) = reader.resolve(entry) else {
            return Ok(());
        };
        let subtype = stream
            .dict
            .get(b"Subtype")
            .ok()
            .and_then(|o| name_of(reader.doc, o));
        match subtype {
            Some(b"Image") => {
                self.record_image();
                Ok(())
            }
            Some(b"Form") => {
                let Object::Reference(id) = entry else {
                    return Ok(());
                };
                if self.forms_in_progress.contains(id) {
                    return Ok(());
                }
                if depth >= self.reader.limits.max_depth {
                    self.out.forms_too_deep += 1;
                    return Ok(());
                }
                let data = match self.shared.forms.get(id) {
                    Some(data) => Rc::clone(data),
                    None => {
                        let data = Rc::new(self.reader.stream_content(entry)?.unwrap_or_default());
                        self.shared.forms.insert(*id, Rc::clone(&data));
                        data
                    }
                };
                let doc = self.reader.doc;
                let matrix = stream
                    .dict
                    .get(b"Matrix")
                    .map(|o| numbers(doc, o))
                    .unwrap_or_default();
                let form_resources = stream
                    .dict
                    .get(b"Resources")
                    .ok()
                    .and_then(|o| self.reader.resolve(o))
                    .and_then(|o| o.as_dict().ok())
                    .or(resources);
                let saved_state = self.state.clone();
                let saved_text = (self.text_matrix, self.line_matrix);
                if let [a, b, c, d, e, f] = matrix[..] {
                    self.state.ctm = multiply(&[a, b, c, d, e, f], &self.state.ctm);
                }
                self.forms_in_progress.push(*id);
                let result = self.run(&data, form_resources, depth + 1);
                self.forms_in_progress.pop();
                self.state = saved_state;
                (self.text_matrix, self.line_matrix) = saved_text;
                result
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings() {
        assert_eq!(decode_text_string(&[0xfe, 0xff, 0, b'f', 0, b'i']), "fi");
        assert_eq!(decode_text_string(b"caf\xe9"), "café");
    }
}
