//! The one streaming pass over an XML part, which is also its well-formedness guard.
//!
//! Every part is read from start to `Eof` exactly once, so checking and extracting are the same
//! pass: a part that is cut short, has mismatched tags, declares a DTD, uses an undefined entity
//! or nests deeper than the limit stops the extraction with an error before any of its text is
//! used. quick-xml's slice reader always advances, so no input can make this loop.

use std::borrow::Cow;

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

use crate::extract::ExtractError;

/// The namespaces whose elements the extractor acts on. Matching namespaces rather than
/// prefixes keeps files from producers that pick their own prefixes (`ns0:p`) readable, and
/// keeps DrawingML's `a:p`/`a:t` from passing for WordprocessingML paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ns {
    Word,
    MarkupCompatibility,
    Vml,
    Picture,
    Other,
}

const WORD_NAMESPACES: [&[u8]; 2] = [
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MARKUP_COMPATIBILITY: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";
const VML: &[u8] = b"urn:schemas-microsoft-com:vml";
const PICTURE_NAMESPACES: [&[u8]; 2] = [
    b"http://schemas.openxmlformats.org/drawingml/2006/picture",
    b"http://purl.oclc.org/ooxml/drawingml/picture",
];

fn classify(resolved: &ResolveResult<'_>) -> Ns {
    let ResolveResult::Bound(namespace) = resolved else {
        return Ns::Other;
    };
    let uri = namespace.0;
    if WORD_NAMESPACES.contains(&uri) {
        Ns::Word
    } else if uri == MARKUP_COMPATIBILITY {
        Ns::MarkupCompatibility
    } else if uri == VML {
        Ns::Vml
    } else if PICTURE_NAMESPACES.contains(&uri) {
        Ns::Picture
    } else {
        Ns::Other
    }
}

/// What the walkers see: empty elements arrive as an `Open` followed by a `Close`, so they
/// need a single code path.
pub(super) enum Node<'i> {
    Open { ns: Ns, element: BytesStart<'i> },
    Close,
    Text(Cow<'i, str>),
    End,
}

pub(super) struct XmlStream<'i> {
    reader: NsReader<&'i [u8]>,
    part: &'i str,
    open_elements: usize,
    seen_an_element: bool,
    max_depth: usize,
    close_pending: bool,
}

impl<'i> XmlStream<'i> {
    pub(super) fn new(part: &'i str, xml: &'i [u8], max_depth: usize) -> XmlStream<'i> {
        let mut reader = NsReader::from_reader(xml);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.allow_unmatched_ends = false;
        config.allow_dangling_amp = false;
        XmlStream {
            reader,
            part,
            open_elements: 0,
            seen_an_element: false,
            max_depth,
            close_pending: false,
        }
    }

    pub(super) fn next(&mut self) -> Result<Node<'i>, ExtractError> {
        if self.close_pending {
            self.close_pending = false;
            return Ok(Node::Close);
        }
        loop {
            let position = self.reader.buffer_position();
            let (resolved, event) = match self.reader.read_resolved_event() {
                Ok(pair) => pair,
                Err(error) => return Err(self.corrupt(format!("{error} (near byte {position})"))),
            };
            match event {
                Event::Start(element) => {
                    self.open_elements += 1;
                    self.seen_an_element = true;
                    if self.open_elements > self.max_depth {
                        return Err(ExtractError::LimitExceeded {
                            what: "XML nesting depth in a DOCX part",
                            limit: self.max_depth as u64,
                        });
                    }
                    return Ok(Node::Open {
                        ns: classify(&resolved),
                        element,
                    });
                }
                Event::Empty(element) => {
                    self.close_pending = true;
                    self.seen_an_element = true;
                    return Ok(Node::Open {
                        ns: classify(&resolved),
                        element,
                    });
                }
                Event::End(_) => {
                    self.open_elements = self.open_elements.saturating_sub(1);
                    return Ok(Node::Close);
                }
                Event::Text(text) => {
                    let decoded = text.decode().map_err(|e| self.corrupt(e.to_string()))?;
                    return Ok(Node::Text(decoded));
                }
                Event::CData(data) => {
                    let decoded = data.decode().map_err(|e| self.corrupt(e.to_string()))?;
                    return Ok(Node::Text(decoded));
                }
                Event::GeneralRef(reference) => {
                    let character = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c,
                        Ok(None) => predefined_entity(&reference).ok_or_else(|| {
                            let name = String::from_utf8_lossy(&reference);
                            self.corrupt(format!("undefined entity &{name};"))
                        })?,
                        Err(error) => return Err(self.corrupt(error.to_string())),
                    };
                    return Ok(Node::Text(Cow::Owned(character.to_string())));
                }
                Event::DocType(_) => {
                    // OOXML forbids DTDs; refusing them rules out entity expansion attacks.
                    return Err(
                        self.corrupt("a DOCTYPE declaration, which Word never writes".into())
                    );
                }
                Event::Eof if self.open_elements > 0 => {
                    return Err(self.corrupt(format!(
                        "ends with {} element(s) still open (cut short?)",
                        self.open_elements
                    )));
                }
                Event::Eof if !self.seen_an_element => {
                    return Err(self.corrupt("holds no XML element".into()));
                }
                Event::Eof => return Ok(Node::End),
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            }
        }
    }

    fn corrupt(&self, detail: String) -> ExtractError {
        ExtractError::Corrupt {
            format: "DOCX",
            detail: format!("{}: {detail}", self.part),
        }
    }
}

fn predefined_entity(name: &[u8]) -> Option<char> {
    match name {
        b"amp" => Some('&'),
        b"lt" => Some('<'),
        b"gt" => Some('>'),
        b"quot" => Some('"'),
        b"apos" => Some('\''),
        _ => None,
    }
}

/// The raw value of the attribute with this local name, whatever its prefix. Attributes of
/// WordprocessingML elements are all `w:`-qualified except `r:id`, and no element we read
/// carries two attributes with the same local name.
pub(super) fn attribute<'a>(
    element: &'a BytesStart<'_>,
    local_name: &[u8],
) -> Option<Cow<'a, [u8]>> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local_name)
        .map(|a| a.value)
}

/// OOXML's on/off values: absent or `true`/`1`/`on` mean on.
pub(super) fn is_on(element: &BytesStart<'_>) -> bool {
    !matches!(
        attribute(element, b"val").as_deref(),
        Some(b"false" | b"0" | b"off" | b"False" | b"OFF" | b"Off")
    )
}
