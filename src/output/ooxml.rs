//! WordprocessingML as Word reads it: the children of `w:pPr`, `w:rPr`
//! and `w:style` in the order of their schema sequences (ECMA-376 Part 1,
//! CT_PPr, CT_RPr / CT_ParaRPr, CT_Style).
//!
//! docx-rs writes some of these children in an order of its own (in
//! `w:pPr` the paragraph mark's `w:rPr` before `w:pStyle`; in `w:rPr`
//! `w:sz` before `w:b`), which Word may call a corrupt file. [`reorder`]
//! puts them in schema order, and leaves out the empty paragraph-mark
//! `w:rPr` it writes in every `w:pPr` (which the `w:pPr` of a style may
//! not hold), keeping everything else as it is.

use quick_xml::events::{BytesEnd, BytesStart, Event};
use quick_xml::{Reader, Writer};

/// CT_PPrBase, then what CT_PPr adds.
pub const PPR_ORDER: &[&str] = &[
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
];

/// What CT_ParaRPr puts first, then EG_RPrBase, then the change record.
pub const RPR_ORDER: &[&str] = &[
    "w:ins",
    "w:del",
    "w:moveFrom",
    "w:moveTo",
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
    "w:rPrChange",
];

/// CT_Style.
pub const STYLE_ORDER: &[&str] = &[
    "w:name",
    "w:aliases",
    "w:basedOn",
    "w:next",
    "w:link",
    "w:autoRedefine",
    "w:hidden",
    "w:uiPriority",
    "w:semiHidden",
    "w:unhideWhenUsed",
    "w:qFormat",
    "w:locked",
    "w:personal",
    "w:personalCompose",
    "w:personalReply",
    "w:rsid",
    "w:pPr",
    "w:rPr",
    "w:tblPr",
    "w:trPr",
    "w:tcPr",
    "w:tblStylePr",
];

/// The sequence the children of `element` follow, if it is one we order.
fn order_of(element: &str) -> Option<&'static [&'static str]> {
    match element {
        "w:pPr" => Some(PPR_ORDER),
        "w:rPr" => Some(RPR_ORDER),
        "w:style" => Some(STYLE_ORDER),
        _ => None,
    }
}

enum Node {
    Element {
        start: BytesStart<'static>,
        children: Vec<Node>,
        empty: bool,
    },
    Other(Event<'static>),
}

impl Node {
    /// Whether this is an element `name` with nothing in it (attributes
    /// neither).
    fn is_empty_element(&self, name: &str) -> bool {
        matches!(self, Node::Element { start, children, .. }
            if start.name().0 == name && children.is_empty() && start.attributes().next().is_none())
    }

    /// Where the node stands in `order`: elements the schema does not
    /// name, and text, keep to the end in their own order.
    fn rank(&self, order: &[&str]) -> usize {
        match self {
            Node::Element { start, .. } => order
                .iter()
                .position(|n| *n == start.name().0)
                .unwrap_or(order.len()),
            Node::Other(_) => order.len(),
        }
    }
}

fn parse(xml: &[u8]) -> Result<Vec<Node>, quick_xml::Error> {
    let mut reader = Reader::from_reader(xml);
    let mut stack: Vec<(BytesStart<'static>, Vec<Node>)> = Vec::new();
    let mut top: Vec<Node> = Vec::new();
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf)?.into_owned();
        buf.clear();
        let node = match event {
            Event::Eof => break,
            Event::Start(start) => {
                stack.push((start, Vec::new()));
                continue;
            }
            Event::End(_) => match stack.pop() {
                Some((start, children)) => Node::Element {
                    start,
                    children,
                    empty: false,
                },
                None => continue,
            },
            Event::Empty(start) => Node::Element {
                start,
                children: Vec::new(),
                empty: true,
            },
            other => Node::Other(other),
        };
        match stack.last_mut() {
            Some((_, children)) => children.push(node),
            None => top.push(node),
        }
    }
    // Unclosed elements (not from docx-rs): closed at the end.
    while let Some((start, children)) = stack.pop() {
        let node = Node::Element {
            start,
            children,
            empty: false,
        };
        match stack.last_mut() {
            Some((_, c)) => c.push(node),
            None => top.push(node),
        }
    }
    Ok(top)
}

fn write(w: &mut Writer<Vec<u8>>, nodes: &mut [Node]) -> std::io::Result<()> {
    for node in nodes {
        match node {
            Node::Other(event) => w.write_event(event.borrow())?,
            Node::Element {
                start,
                children,
                empty: true,
            } if children.is_empty() => w.write_event(Event::Empty(start.borrow()))?,
            Node::Element {
                start, children, ..
            } => {
                if start.name().0 == "w:pPr" {
                    // An empty paragraph-mark w:rPr says nothing, and
                    // CT_PPrGeneral (w:pPr of styles and defaults) allows
                    // none.
                    children.retain(|c| !c.is_empty_element("w:rPr"));
                }
                if let Some(order) = order_of(start.name().0) {
                    children.sort_by_key(|c| c.rank(order));
                }
                w.write_event(Event::Start(start.borrow()))?;
                write(w, children)?;
                let name = start.name().0.to_string();
                w.write_event(Event::End(BytesEnd::new(name)))?;
            }
        }
    }
    Ok(())
}

/// `xml` with the children of every `w:pPr`, `w:rPr` and `w:style` in
/// schema order; anything else unchanged.
pub fn reorder(xml: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut nodes = parse(xml).map_err(std::io::Error::other)?;
    let mut w = Writer::new(Vec::with_capacity(xml.len()));
    write(&mut w, &mut nodes)?;
    Ok(w.into_inner())
}

/// `text` with every character XML 1.0 does not allow (the C0 controls
/// but tab and line breaks, U+FFFE, U+FFFF, lone surrogates cannot occur
/// in a `str`) replaced by U+FFFD: one such character makes the whole
/// document unreadable to Word, WPS and LibreOffice.
pub fn xml_chars(text: &str) -> std::borrow::Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || !(c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}')
    };
    if text.chars().all(allowed) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_and_run_properties_come_in_schema_order() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?><w:document><w:body><w:p><w:pPr><w:jc w:val="left" /><w:rPr><w:b /></w:rPr><w:pStyle w:val="Normal" /></w:pPr></w:p><w:p><w:pPr><w:rPr /><w:pStyle w:val="Heading1" /></w:pPr><w:r><w:rPr><w:sz w:val="20" /><w:color w:val="666666" /><w:b /></w:rPr><w:t xml:space="preserve">A &amp; 人大 </w:t></w:r></w:p></w:body></w:document>"#;
        let out = String::from_utf8(reorder(xml.as_bytes()).unwrap()).unwrap();
        assert!(
            out.contains(r#"<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>"#)
                || out.contains(r#"<w:pPr><w:pStyle w:val="Heading1" /></w:pPr>"#),
            "{out}"
        );
        let b = out.find("<w:b").unwrap();
        let color = out.find("<w:color").unwrap();
        let sz = out.find("<w:sz").unwrap();
        assert!(b < color && color < sz, "{out}");
        assert!(out.contains("A &amp; 人大 </w:t>"), "{out}");
        // A paragraph mark's run properties that say something stay, in
        // their place after the others.
        assert!(
            out.contains(r#"<w:pPr><w:pStyle w:val="Normal" /><w:jc w:val="left" /><w:rPr><w:b /></w:rPr></w:pPr>"#)
                || out.contains(r#"<w:pPr><w:pStyle w:val="Normal"/><w:jc w:val="left"/><w:rPr><w:b/></w:rPr></w:pPr>"#),
            "{out}"
        );
    }
}
