//! Planning a service: what each operation of a port type sends and expects, as its
//! binding says, with its parameters' and result's types named in `Types`.

use super::{Operation, Output, Request, ServiceGen};
use crate::error::{Error, Location};
use crate::items::{Card, Field, Ty};
use crate::model::*;
use crate::names::{self, Scope};

impl ServiceGen<'_, '_> {
    /// What each operation of `port_type` sends and expects, as `binding` says.
    pub(crate) fn plan(&mut self, port_type: &PortType, binding: &Binding) -> Result<Vec<Operation>, Error> {
        let mut methods = Scope::with(["new".to_owned(), "client".to_owned()]);
        let mut operations = Vec::new();
        for op in &port_type.operations {
            let Some(bound) = binding.operations.iter().find(|b| b.name == op.name) else {
                self.warn(&op.at, format!("operation {} has no SOAP binding: it is left out", op.name));
                continue;
            };
            if bound.input.encoded || bound.output.encoded {
                return Err(Error::at(
                    &bound.at,
                    format!(
                        "operation {} uses SOAP encoding (use=\"encoded\"), which soapkit does not support: only literal messages are",
                        op.name
                    ),
                ));
            }
            // A WSDL that names a message or element it never defines still has its other
            // operations: this one is left out, with the reason.
            let operation = self.operation(op, bound, binding.rpc, &mut methods).unwrap_or_else(|e| {
                self.warn(&op.at, format!("{}: operation {} is left out", e.message(), op.name));
                None
            });
            if let Some(operation) = operation {
                let same = |o: &&Operation| {
                    o.action == operation.action && o.ns == operation.ns && o.soap_action == operation.soap_action
                };
                if let Some(first) = operations.iter().find(same) {
                    let message = format!(
                        "operation {} sends what {} sends (request element and SOAP action): no server can tell them apart, so it is left out",
                        op.name, first.method
                    );
                    self.warn(&op.at, message);
                    continue;
                }
                self.operations += 1;
                operations.push(operation);
            }
        }
        Ok(operations)
    }

    fn message(&self, name: &QName, at: &Location) -> Result<&Vec<Part>, Error> {
        self.defs.messages.get(name).ok_or_else(|| Error::at(at, format!("message {name} is not defined")))
    }

    fn element(&self, name: &QName, at: &Location) -> Result<&Element, Error> {
        self.schemas
            .elements
            .get(name)
            .ok_or_else(|| Error::at(at, format!("element {name} is not defined in any schema read")))
    }

    /// The parts of `message` in the body: those `soap:body parts` names, or all but the
    /// ones bound as headers.
    fn body_parts(&self, message: &QName, io: &BindingIo, at: &Location) -> Result<Vec<Part>, Error> {
        let parts = self.message(message, at)?;
        Ok(parts
            .iter()
            .filter(|p| match &io.parts {
                Some(names) => names.contains(&p.name),
                None => !io.headers.iter().any(|(m, part)| m == message && *part == p.name),
            })
            .cloned()
            .collect())
    }

    /// The children of a wrapper element, when its type is a plain sequence of elements.
    fn wrapper_fields(&mut self, element: &Element, owner: &str) -> Option<Vec<Field>> {
        let complex = match &element.ty {
            TypeRef::Named(q) => match self.schemas.types.get(q)? {
                TypeDef::Complex(c) => c.clone(),
                TypeDef::Simple(_) => return None,
            },
            TypeRef::Inline(def) => match &**def {
                TypeDef::Complex(c) => c.clone(),
                TypeDef::Simple(_) => return None,
            },
        };
        if complex.extends.is_some() || complex.text.is_some() || !complex.attributes.is_empty() {
            return None;
        }
        let fields = self.types.fields_of(&complex, owner);
        fields.iter().all(Field::is_element).then_some(fields)
    }

    fn operation(
        &mut self,
        op: &PortOperation,
        bound: &BindingOperation,
        rpc_binding: bool,
        methods: &mut Scope,
    ) -> Result<Option<Operation>, Error> {
        let rpc = bound.rpc.unwrap_or(rpc_binding);
        let Some(request) = self.request(op, bound, rpc)? else { return Ok(None) };
        let Some((output, response)) = self.reply(op, bound, rpc, &request.action)? else { return Ok(None) };
        let mut headers = Vec::new();
        let mut scope = Scope::default();
        for (message, part) in &bound.input.headers {
            let element = match self.header_element(message, part, &op.at) {
                Ok(element) => element,
                Err(e) => {
                    self.warn(&op.at, format!("{}: the header is left out", e.message()));
                    continue;
                }
            };
            let field = self.types.block_field(&element, &op.name, &mut scope);
            self.types.held_in(&field.ty, &element.ns);
            headers.push(field);
        }
        let fault = self.fault(op)?;
        Ok(Some(Operation {
            method: methods.claim(names::snake(&op.name)),
            doc: op.doc.clone(),
            action: request.action,
            ns: request.ns,
            soap_action: self.soap_action(bound),
            response,
            params: request.params,
            headers,
            output,
            fault,
            reply_headers: !bound.output.headers.is_empty(),
            bare: request.bare,
        }))
    }

    /// Leaves `op` out, saying why.
    fn left_out<T>(&mut self, op: &PortOperation, why: &str) -> Result<Option<T>, Error> {
        self.warn(&op.at, format!("operation {}: {why}: it is left out", op.name));
        Ok(None)
    }

    /// What the request's body holds: the wrapper (rpc: the operation's name in the body's
    /// namespace; document: the one part's element) and its parameters, or one bare element.
    fn request(&mut self, op: &PortOperation, bound: &BindingOperation, rpc: bool) -> Result<Option<Request>, Error> {
        let Some(input) = &op.input else { return self.left_out(op, "it has no input (a notification)") };
        let parts = self.body_parts(input, &bound.input, &op.at)?;
        if rpc {
            let ns = bound.input.namespace.clone().unwrap_or_else(|| self.defs.target_namespace.clone());
            let mut scope = Scope::default();
            let mut params = Vec::new();
            for part in &parts {
                params.push(self.part_field(part, &op.name, &mut scope, &op.at)?);
            }
            return Ok(Some(Request { action: op.name.clone(), ns, params, bare: false }));
        }
        let [part] = parts.as_slice() else {
            return self.left_out(op, &format!("{} body parts, where soapkit sends one element", parts.len()));
        };
        let Some(element) = &part.element else {
            return self.left_out(op, "a document-style part names a type, not an element");
        };
        let element = self.element(element, &op.at)?.clone();
        let (action, ns) = (element.name.clone(), element.ns.clone());
        let request = match self.wrapper_fields(&element, &element.name) {
            Some(params) => Request { action, ns, params, bare: false },
            // Not a plain sequence (a simple type, attributes, derivation, a choice): the
            // element is sent whole, as the operation's one parameter.
            None => {
                let param = self.types.element_field(&element, &op.name, Occurs::ONCE, &mut Scope::default());
                Request { action, ns, params: vec![param], bare: true }
            }
        };
        for param in &request.params {
            self.types.held_in(&param.ty, &param.ns);
        }
        Ok(Some(request))
    }

    /// What the reply becomes, and the reply wrapper's name.
    fn reply(
        &mut self,
        op: &PortOperation,
        bound: &BindingOperation,
        rpc: bool,
        action: &str,
    ) -> Result<Option<(Output, String)>, Error> {
        let response = format!("{action}Response");
        let Some(message) = &op.output else { return Ok(Some((Output::None, response))) };
        let parts = self.body_parts(message, &bound.output, &op.at)?;
        if rpc {
            return Ok(Some((self.rpc_output(&op.name, &parts, &op.at)?, response)));
        }
        match parts.as_slice() {
            [] => Ok(Some((Output::Unit, response))),
            [Part { element: Some(name), .. }] => {
                let element = self.element(name, &op.at)?.clone();
                Ok(Some((self.document_output(&element), element.name.clone())))
            }
            [_] => self.left_out(op, "the reply part names a type, not an element"),
            _ => self.left_out(op, "a reply of several body parts is not supported"),
        }
    }

    /// The binding's SOAP action, unless it is empty, or cannot stand in an HTTP header
    /// (then none is sent, with a warning: servers that dispatch on the body still answer).
    fn soap_action(&mut self, bound: &BindingOperation) -> Option<String> {
        let action = bound.soap_action.clone().filter(|a| !a.is_empty())?;
        // The rule the macros check `soap_action` by.
        if !action.chars().any(|c| c.is_control() || c == '"' || c == '\\' || !c.is_ascii()) {
            return Some(action);
        }
        self.warn(&bound.at, format!("the SOAP action {action:?} cannot be sent in an HTTP header: none is sent"));
        None
    }

    pub(super) fn header_element(&self, message: &QName, part: &str, at: &Location) -> Result<Element, Error> {
        let parts = self.message(message, at)?;
        let part = parts
            .iter()
            .find(|p| p.name == part)
            .ok_or_else(|| Error::at(at, format!("message {message} has no part {part}")))?;
        match &part.element {
            Some(name) => Ok(self.element(name, at)?.clone()),
            None => Err(Error::at(at, format!("header part {} of {message} names no element", part.name))),
        }
    }

    /// An rpc/literal part: an unqualified element named after the part, or the element
    /// it names.
    fn part_field(&mut self, part: &Part, owner: &str, scope: &mut Scope, at: &Location) -> Result<Field, Error> {
        let element = match (&part.element, &part.ty) {
            (Some(name), _) => self.element(name, at)?.clone(),
            (None, Some(ty)) => Element {
                name: part.name.clone(),
                ns: String::new(),
                ty: TypeRef::Named(ty.clone()),
                nillable: false,
                global: false,
                abstract_: false,
                substitution_group: None,
                doc: None,
                at: at.clone(),
            },
            (None, None) => {
                return Err(Error::at(at, format!("part {} names neither an element nor a type", part.name)));
            }
        };
        Ok(self.types.element_field(&element, owner, Occurs::ONCE, scope))
    }

    fn rpc_output(&mut self, op: &str, parts: &[Part], at: &Location) -> Result<Output, Error> {
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for part in parts {
            fields.push(self.part_field(part, op, &mut scope, at)?);
        }
        Ok(match fields.len() {
            0 => Output::Unit,
            1 => Output::Child(fields.remove(0)),
            _ => Output::Wrapper(self.types.ad_hoc_struct(&format!("{op}Response"), fields)),
        })
    }

    fn document_output(&mut self, element: &Element) -> Output {
        match self.wrapper_fields(element, &element.name) {
            Some(fields) if fields.is_empty() => Output::Unit,
            Some(fields) if fields.len() == 1 && fields[0].card != Card::Many => {
                Output::Child(fields.into_iter().next().expect("one field"))
            }
            _ => Output::Wrapper(self.types.element_type(element, &element.name)),
        }
    }

    /// The fault contract: the detail type, when every fault of the operation has the same.
    fn fault(&mut self, op: &PortOperation) -> Result<Option<Ty>, Error> {
        let mut found: Option<Ty> = None;
        for message in &op.faults {
            let element = self
                .message(message, &op.at)
                .ok()
                .and_then(|parts| parts.first().and_then(|p| p.element.clone()))
                .and_then(|element| self.schemas.elements.get(&element).cloned());
            // A fault whose detail the WSDL does not define is still a fault: the detail
            // stays readable as XML.
            let Some(element) = element else { return Ok(None) };
            let ty = self.types.element_type(&element, &element.name);
            match &found {
                Some(other) if *other != ty => return Ok(None),
                _ => found = Some(ty),
            }
        }
        Ok(found)
    }
}
