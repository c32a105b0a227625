//! Which paragraph styles are headings, from `word/styles.xml`: needed when a style id does not
//! say so itself (localised ids such as `berschrift1`, custom styles based on a heading, styles
//! with an outline level).

use std::collections::{HashMap, HashSet};

use super::xml::{Node, Ns, XmlStream, attribute};
use crate::extract::ExtractError;

#[derive(Debug, Default)]
struct StyleDefinition {
    names_a_heading: bool,
    based_on: Option<String>,
}

/// The ids of the paragraph styles that are headings.
pub(super) fn heading_styles(stream: XmlStream<'_>) -> Result<HashSet<String>, ExtractError> {
    let definitions = read_definitions(stream)?;
    let mut headings = HashSet::new();
    for id in definitions.keys() {
        // Follow `basedOn` a few steps; the bound also stops cycles.
        let mut current = Some(id.as_str());
        for _ in 0..8 {
            let Some(definition) = current.and_then(|c| definitions.get(c)) else {
                break;
            };
            if definition.names_a_heading {
                headings.insert(id.clone());
                break;
            }
            current = definition.based_on.as_deref();
        }
    }
    Ok(headings)
}

fn read_definitions(
    mut stream: XmlStream<'_>,
) -> Result<HashMap<String, StyleDefinition>, ExtractError> {
    let mut definitions = HashMap::new();
    let mut current: Option<(String, StyleDefinition)> = None;
    let mut depth = 0usize;
    let mut style_depth = None;
    loop {
        match stream.next()? {
            Node::End => break,
            Node::Open { ns, element } => {
                depth += 1;
                if ns != Ns::Word {
                    continue;
                }
                let value = || {
                    attribute(&element, b"val").map(|v| String::from_utf8_lossy(&v).into_owned())
                };
                match element.local_name().as_ref() {
                    b"style" => {
                        let is_paragraph_style =
                            attribute(&element, b"type").as_deref() == Some(b"paragraph");
                        if let (true, Some(id)) =
                            (is_paragraph_style, attribute(&element, b"styleId"))
                        {
                            current = Some((
                                String::from_utf8_lossy(&id).into_owned(),
                                StyleDefinition::default(),
                            ));
                            style_depth = Some(depth);
                        }
                    }
                    b"name" => {
                        if let (Some((_, definition)), Some(name)) = (current.as_mut(), value()) {
                            definition.names_a_heading |= is_heading_name(&name);
                        }
                    }
                    b"basedOn" => {
                        if let Some((_, definition)) = current.as_mut() {
                            definition.based_on = value();
                        }
                    }
                    b"outlineLvl" => {
                        let level = value().and_then(|v| v.trim().parse::<u8>().ok());
                        if let (Some((_, definition)), Some(level)) = (current.as_mut(), level) {
                            definition.names_a_heading |= level < 9;
                        }
                    }
                    _ => {}
                }
            }
            Node::Close => {
                if style_depth == Some(depth) {
                    if let Some((id, definition)) = current.take() {
                        definitions.insert(id, definition);
                    }
                    style_depth = None;
                }
                depth = depth.saturating_sub(1);
            }
            Node::Text(_) => {}
        }
    }
    Ok(definitions)
}

/// Word's built-in names are English whatever the interface language: `heading 1`, `Title`.
fn is_heading_name(name: &str) -> bool {
    let name = name.trim().to_ascii_lowercase();
    name == "title"
        || name
            .strip_prefix("heading")
            .map(str::trim)
            .is_some_and(|level| {
                matches!(level, "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9")
            })
}
