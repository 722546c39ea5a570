//! A request read as it streams: the envelope up to its Body's element (which routes it),
//! the Header kept as a small tree (for mustUnderstand, WS-Security, WS-Addressing and the
//! handler's header blocks), then every body parameter decoded in one pass over the
//! element's children, with no tree of the Body.
//!
//! Whatever the stream does not read to the end (another kind of document, a parameter
//! that does not decode, XML that is not well-formed) is read again whole by the tree,
//! which says what it is exactly as a request that never streamed.

use std::ops::Range;
use std::sync::{Arc, LazyLock};

use super::incoming::Incomplete;
use super::params::{BodyParam, Source, Unread};
use crate::envelope::opening::Opening;
use crate::version::SoapVersion;
use crate::xml::events::{Events, Start, StreamError};
use crate::xml::fields;
use crate::xml::tree::{Document, NodeId};

/// A request routed from its stream.
pub(super) struct Opened {
    pub(super) version: SoapVersion,
    /// The envelope to the Header's end (or, without a Header, an empty document).
    pub(super) doc: Arc<Document>,
    pub(super) header: Option<NodeId>,
    pub(super) body: Streaming,
}

/// The rest of the request: its Body's element, the start tag read.
pub(crate) struct Streaming {
    events: Events,
    element: Start,
}

impl Streaming {
    /// The request's bytes, for the tree to read.
    pub(super) fn into_bytes(self) -> Rest {
        rest(self.events)
    }

    /// The Body element's namespace and local name.
    pub(super) fn name(&self) -> (&str, &str) {
        (self.events.namespace(&self.element), self.events.local(&self.element))
    }
}

/// Reads a request up to the Body's element; the reader comes back if it does not get
/// that far (the tree's reader then says what the request is).
pub(super) fn open(mut events: Box<Events>) -> Result<Opened, Box<Events>> {
    let opening = match Opening::read(&mut events) {
        Ok(Some(opening)) => opening,
        _ => return Err(events),
    };
    let (doc, header) = match opening.header_tree(&events) {
        Ok(Some((doc, header))) => (doc, Some(header)),
        Ok(None) => (Arc::clone(&NO_HEADER), None),
        Err(()) => return Err(events),
    };
    Ok(Opened { version: opening.version, doc, header, body: Streaming { events: *events, element: opening.element } })
}

/// What a request without a Header shows its handler: a document with no header blocks.
static NO_HEADER: LazyLock<Arc<Document>> =
    LazyLock::new(|| Arc::new(Document::parse("<Envelope/>".to_owned()).expect("a fixed document is well-formed")));

/// What the stream read of a request it gave up on: all its bytes, for the tree; or why its
/// body stopped before its end.
pub(super) type Rest = Result<Vec<u8>, Incomplete>;

/// The rest of a request the stream gave up on.
pub(super) fn rest(mut events: Events) -> Rest {
    if let Some(failed) = events.transport_error() {
        return Err(Incomplete::of(&failed));
    }
    events.read_all().map_err(|e| Incomplete::of(&e))?;
    Ok(events.into_bytes())
}

/// Reads every parameter of an operation (`bare`: the element is its one parameter) and
/// the request to its end. The bytes come back for the tree if anything is amiss; the
/// parameters it read are then read again.
pub(super) fn read_params(body: Streaming, bare: bool, params: &mut [&mut dyn BodyParam]) -> Result<(), Rest> {
    let Streaming { mut events, element } = body;
    match pass(&mut events, element, bare, params) {
        Ok(()) => Ok(()),
        Err(Amiss) => Err(rest(events)),
    }
}

/// The stream stopped short of the end: the tree reads the request.
struct Amiss;

impl From<StreamError> for Amiss {
    fn from(_: StreamError) -> Self {
        Amiss
    }
}

impl From<Unread> for Amiss {
    fn from(_: Unread) -> Self {
        Amiss
    }
}

fn pass(r: &mut Events, element: Start, bare: bool, params: &mut [&mut dyn BodyParam]) -> Result<(), Amiss> {
    if bare {
        let [param] = params else { return Err(Amiss) };
        param.read(Source::element(r, element))?;
    } else {
        // The tree refuses a nil wrapper, in its own words.
        if element.nil {
            return Err(Amiss);
        }
        // As the tree's fields are read: one value per run of same-named children, the
        // first run of a name counts and later ones are read past.
        let mut last_run: Option<Range<u32>> = None;
        while let Some(child) = r.next_child()? {
            let name = r.local(&child);
            if last_run.as_ref().is_some_and(|run| r.str(run.start as usize..run.end as usize) == name) {
                r.skip_element()?;
                continue;
            }
            let found = params.iter().position(|p| !p.is_read() && fields::element(p.element()) == name);
            last_run = Some(child.local.clone());
            match found {
                Some(i) => {
                    let wrapped = fields::element(params[i].element()) != params[i].element();
                    params[i].read(Source::run(r, child, wrapped))?;
                }
                None => {
                    r.skip_element()?;
                }
            }
        }
        for param in params.iter_mut().filter(|p| !p.is_read()) {
            param.read(Source::absent())?;
        }
    }
    r.finish()?;
    Ok(())
}

/// Reads the body parameters of the request envelope `bytes` into `streamed` by the
/// stream's one pass and into `tree` by the tree, as the server would with either: whether
/// each read them all. The `request` fuzz target compares what they read.
#[cfg(feature = "fuzzing")]
pub fn read_params_both_ways(
    bytes: &[u8],
    bare: bool,
    streamed: &mut [&mut dyn BodyParam],
    tree: &mut [&mut dyn BodyParam],
) -> (bool, bool) {
    let by_stream = Events::from_bytes(bytes.to_vec(), None)
        .ok()
        .and_then(|events| open(Box::new(events)).ok())
        .is_some_and(|opened| read_params(opened.body, bare, streamed).is_ok());
    let by_tree = crate::envelope::reader::read(bytes.to_vec()).ok().is_some_and(|read| {
        let Some(element) = read.doc.children(read.body).next() else { return false };
        tree.iter_mut().all(|param| param.read(Source::tree(&read.doc, element, bare)).is_ok())
    });
    (by_stream, by_tree)
}
