//! An envelope read as it streams, up to its Body's first element: what the client needs
//! before it decodes a reply's result, and the server before it routes a request. The
//! Header is kept as a range of the bytes, parsed into a small tree only when asked.

use std::ops::Range;
use std::sync::Arc;

use crate::version::SoapVersion;
use crate::xml::events::{Event, Events, Start, StreamError};
use crate::xml::tree::{Document, NodeId};

/// The start of an envelope of a known SOAP version, with a Body that holds an element.
pub(crate) struct Opening {
    root: Start,
    pub(crate) version: SoapVersion,
    /// The first `Header` before the `Body`, as the tree's reader finds it.
    header: Option<Range<usize>>,
    /// The Body's first element, its start tag just read.
    pub(crate) element: Start,
}

impl Opening {
    /// Reads `r` up to the Body's first element. `None` when the document is anything
    /// else (another root, no Body, an empty Body): the tree's reader says what it is.
    pub(crate) fn read(r: &mut Events) -> Result<Option<Opening>, StreamError> {
        let root = loop {
            match r.next()? {
                Event::Start(start) => break start,
                Event::Eof => return Ok(None),
                _ => {}
            }
        };
        let version = SoapVersion::from_envelope_namespace(r.namespace(&root));
        let Some(version) = version.filter(|_| r.local(&root) == "Envelope") else { return Ok(None) };
        let env_ns = version.envelope_namespace();
        let mut header = None;
        loop {
            let Some(child) = r.next_child()? else { return Ok(None) };
            let in_envelope = r.namespace(&child) == env_ns;
            if in_envelope && r.local(&child) == "Body" {
                break;
            }
            let is_header = in_envelope && r.local(&child) == "Header";
            let end = r.skip_element()?;
            if header.is_none() && is_header {
                header = Some(child.span.start..end.end);
            }
        }
        let Some(element) = r.next_child()? else { return Ok(None) };
        Ok(Some(Opening { root, version, header, element }))
    }

    /// The Header's tree: the envelope up to the Header's end, closed, parsed (header
    /// blocks are small; the Body is not in it). `Err` only if the tree refuses what the
    /// stream read, which it should not.
    pub(crate) fn header_tree(&self, r: &Events) -> Result<Option<(Arc<Document>, NodeId)>, ()> {
        let Some(header) = &self.header else { return Ok(None) };
        let qname = r.str(self.root.span.start + 1..self.root.local.end as usize);
        let text = format!("{}</{qname}>", r.str(0..header.end));
        let doc = Document::parse(text).map_err(|_| ())?;
        let env_ns = self.version.envelope_namespace();
        let found = doc.children(doc.root()).find(|&c| doc.is(c, env_ns, "Header"));
        Ok(found.map(|header| (Arc::new(doc), header)))
    }
}
