//! A request's body parameters, each decoded into a slot the generated dispatcher declares
//! ([`Param`]): all of them in one pass over the wrapper's children as the request streams
//! ([`super::streamed`]), or by name from the envelope's tree.
//!
//! The slots are reached as `dyn BodyParam`, so the pass is compiled once for every
//! operation; only the slot's own `read` is generic over its type.

use serde::de::DeserializeOwned;

use crate::xml::de;
use crate::xml::error::DecodeError;
use crate::xml::events::{Events, Start};
use crate::xml::tree::{Document, NodeId};

/// One body parameter of an operation, as the generated dispatcher declares it, with its
/// value once read.
#[doc(hidden)]
pub struct Param<T> {
    element: &'static str,
    value: Option<T>,
}

impl<T> Param<T> {
    /// The parameter whose element is `element` (`Outer/Item` for a wrapped array).
    pub fn new(element: &'static str) -> Self {
        Param { element, value: None }
    }

    /// The value, once [`RoutedRequest::read_params`](super::RoutedRequest::read_params)
    /// has read it.
    pub fn take(self, operation: &'static str) -> super::Decoded<T> {
        self.value.ok_or_else(|| {
            super::BadRequest::parameter(self.element, operation, DecodeError("it was never read".into()))
        })
    }
}

/// Where a parameter's value is read from.
#[doc(hidden)]
pub struct Source<'a>(Origin<'a>);

enum Origin<'a> {
    /// A run of the wrapper's children, the first one's start tag read.
    Run { events: &'a mut Events, first: Start, wrapped: bool },
    /// A bare operation's body element, its start tag read.
    Element { events: &'a mut Events, start: Start },
    /// No child of the wrapper has the parameter's name.
    Absent,
    /// The envelope's tree: the wrapper (or for a bare operation the parameter itself).
    Tree { doc: &'a Document, element: NodeId, bare: bool },
}

/// Why a parameter did not read.
#[doc(hidden)]
pub struct Unread(pub(crate) DecodeError);

/// A [`Param`] of any type, as the decoding pass sees it.
#[doc(hidden)]
pub trait BodyParam {
    fn element(&self) -> &'static str;
    fn is_read(&self) -> bool;
    fn read(&mut self, from: Source<'_>) -> Result<(), Unread>;
}

impl<T: DeserializeOwned> BodyParam for Param<T> {
    fn element(&self) -> &'static str {
        self.element
    }

    fn is_read(&self) -> bool {
        self.value.is_some()
    }

    fn read(&mut self, from: Source<'_>) -> Result<(), Unread> {
        let value = match from.0 {
            Origin::Run { events, first, wrapped } => de::stream::from_run(events, first, wrapped),
            Origin::Element { events, start } => de::stream::from_start(events, start),
            Origin::Absent => de::from_absent(self.element),
            Origin::Tree { doc, element, bare: true } => de::from_node(doc, element),
            Origin::Tree { doc, element, bare: false } => de::field_from_node(doc, element, self.element),
        };
        self.value = Some(value.map_err(Unread)?);
        Ok(())
    }
}

impl<'a> Source<'a> {
    pub(super) fn run(events: &'a mut Events, first: Start, wrapped: bool) -> Self {
        Source(Origin::Run { events, first, wrapped })
    }

    pub(super) fn element(events: &'a mut Events, start: Start) -> Self {
        Source(Origin::Element { events, start })
    }

    pub(super) fn absent() -> Self {
        Source(Origin::Absent)
    }

    pub(super) fn tree(doc: &'a Document, element: NodeId, bare: bool) -> Self {
        Source(Origin::Tree { doc, element, bare })
    }
}
