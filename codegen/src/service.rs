//! From a WSDL port type and its SOAP binding to a `#[soap_service]` trait: one method per
//! operation, the wrapper and parameters of document/literal (wrapped) and rpc/literal
//! messages, results, faults, and typed header blocks.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

use crate::emit::{doc_attr, raw_ident};
use crate::error::{Error, Location, Warning};
use crate::items::{Card, Field, Ty};
use crate::model::*;
use crate::names::{self, Scope};
use crate::types::Types;

/// What an operation's reply becomes.
pub(crate) enum Output {
    /// One-way: no reply.
    None,
    /// An empty wrapper: `()`.
    Unit,
    /// The wrapper's one child.
    Child(Field),
    /// The wrapper read whole as this type.
    Wrapper(Ty),
}

pub(crate) struct Operation {
    pub(crate) method: String,
    pub(crate) doc: Option<String>,
    /// The request wrapper's local name and namespace.
    pub(crate) action: String,
    pub(crate) ns: String,
    pub(crate) soap_action: Option<String>,
    pub(crate) response: String,
    pub(crate) params: Vec<Field>,
    pub(crate) headers: Vec<Field>,
    pub(crate) output: Output,
    pub(crate) fault: Option<Ty>,
    pub(crate) reply_headers: bool,
    /// document/literal bare: the one parameter is the body element.
    pub(crate) bare: bool,
}

/// What a request's body holds.
struct Request {
    /// The wrapper's (or the bare element's) local name and namespace.
    action: String,
    ns: String,
    params: Vec<Field>,
    bare: bool,
}

/// A port type's trait and its helper types.
pub(crate) struct ServiceGen<'a, 's> {
    pub(crate) defs: &'a Definitions,
    pub(crate) schemas: &'s Schemas,
    pub(crate) types: &'a mut Types<'s>,
    pub(crate) warnings: Vec<Warning>,
    /// Operations declared so far.
    pub(crate) operations: usize,
    /// The traits are declared `server` too ([`Options::server`](crate::Options::server)).
    pub(crate) server: bool,
}

impl<'a, 's> ServiceGen<'a, 's> {
    /// A generator for the services of `defs`, naming their types in `types`.
    pub(crate) fn new(defs: &'a Definitions, schemas: &'s Schemas, types: &'a mut Types<'s>, server: bool) -> Self {
        ServiceGen { defs, schemas, types, warnings: Vec::new(), operations: 0, server }
    }
}

/// Each port type with the binding its service is generated from (SOAP 1.1 before 1.2),
/// in the WSDL's order; a port type no binding implements has no service.
pub(crate) fn bound_port_types(defs: &Definitions) -> Vec<(&PortType, &Binding)> {
    let bindings = crate::read::bindings_by_port_type(defs);
    defs.port_types.iter().filter_map(|port_type| Some((port_type, *bindings.get(&port_type.name)?.first()?))).collect()
}

impl ServiceGen<'_, '_> {
    fn warn(&mut self, at: &Location, message: String) {
        self.warnings.push(Warning { location: at.clone(), message });
    }

    /// The trait (and header structs) for `port_type`, bound by `binding`.
    pub(crate) fn service(
        &mut self,
        port_type: &PortType,
        binding: &Binding,
        trait_name: &str,
    ) -> Result<TokenStream, Error> {
        let operations = self.plan(port_type, binding)?;
        Ok(self.emit(port_type, binding, trait_name, operations))
    }

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

    fn header_element(&self, message: &QName, part: &str, at: &Location) -> Result<Element, Error> {
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

    fn emit(
        &mut self,
        port_type: &PortType,
        binding: &Binding,
        trait_name: &str,
        operations: Vec<Operation>,
    ) -> TokenStream {
        // The namespace most operations use is the service's; others say theirs.
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for op in &operations {
            *counts.entry(op.ns.as_str()).or_default() += 1;
        }
        let service_ns =
            counts.iter().max_by_key(|(ns, n)| (**n, std::cmp::Reverse(**ns))).map(|(ns, _)| ns.to_string());
        let service_ns = service_ns.unwrap_or_else(|| self.defs.target_namespace.clone());
        let shared_headers = shared_headers(&operations);
        let trait_ident = format_ident!("{}", trait_name);
        let mut extra = TokenStream::new();
        if let Some(headers) = &shared_headers {
            extra.extend(self.headers_struct(trait_name, headers));
        }
        let replies: Vec<&Operation> = operations.iter().filter(|op| op.reply_headers).collect();
        if !replies.is_empty() {
            extra.extend(self.reply_headers_struct(binding, trait_name));
        }
        let constants = self.constants(binding, trait_name);
        let methods: Vec<_> =
            operations.iter().map(|op| self.method(op, &service_ns, shared_headers.is_some())).collect();
        let doc = port_type.doc.as_deref().map(doc_attr);
        let ns_lit = &service_ns;
        // A message of many parts is a method of many parameters: that is the contract,
        // so clippy's limit of seven is lifted where it is passed.
        let many = operations.iter().any(|op| op.params.len() + op.headers.len() > 7);
        let allow = many.then(|| quote!(#[allow(clippy::too_many_arguments)]));
        let server = self.server.then(|| quote!(server,));
        quote! {
            #doc
            #allow
            #[::soapkit::soap_service(#server ns = #ns_lit)]
            pub trait #trait_ident {
                #(#methods)*
            }
            #constants
            #extra
        }
    }

    /// `{TRAIT}_SOAP_VERSION`, the version of the binding the trait follows, and
    /// `{TRAIT}_ADDRESS`, the endpoint the WSDL names for it, for the client builder.
    fn constants(&mut self, binding: &Binding, trait_name: &str) -> TokenStream {
        let upper = names::snake(trait_name).trim_start_matches("r#").to_uppercase();
        // Claimed like the types' names: two traits may differ only in case.
        let version_ident = format_ident!("{}", self.types.scope.claim(format!("{upper}_SOAP_VERSION")));
        let version = match binding.version {
            Version::Soap11 => quote!(Soap11),
            Version::Soap12 => quote!(Soap12),
        };
        let version_doc =
            format!(" The SOAP version of `{}`, the binding [`{trait_name}`] follows.", binding.name.local);
        let address_ident = format_ident!("{}", self.types.scope.claim(format!("{upper}_ADDRESS")));
        let address = self.defs.addresses.get(&binding.name).map(|address| {
            let ident = &address_ident;
            let doc = format!(" The endpoint the WSDL names for `{}`.", binding.name.local);
            quote! {
                #[doc = #doc]
                pub const #ident: &str = #address;
            }
        });
        quote! {
            #[doc = #version_doc]
            pub const #version_ident: ::soapkit::SoapVersion = ::soapkit::SoapVersion::#version;
            #address
        }
    }

    fn method(&self, op: &Operation, service_ns: &str, shared_headers: bool) -> TokenStream {
        let action = &op.action;
        let mut args = vec![quote!(action = #action)];
        if op.ns != service_ns {
            let ns = &op.ns;
            args.push(quote!(ns = #ns));
        }
        if let Some(soap_action) = &op.soap_action {
            args.push(quote!(soap_action = #soap_action));
        }
        if op.response != format!("{}Response", op.action) {
            let response = &op.response;
            args.push(quote!(response = #response));
        }
        let result = match &op.output {
            Output::None => {
                args.push(quote!(one_way));
                quote!(())
            }
            Output::Unit => quote!(()),
            Output::Child(field) => {
                // A client reads the wrapper's first child whatever its name; a server
                // must write the one the WSDL names.
                if self.server {
                    let name = field.wire_name();
                    args.push(quote!(result = #name));
                }
                self.types.out.field_type(field, None)
            }
            Output::Wrapper(ty) => {
                args.push(quote!(whole_response));
                let path = crate::emit::tokens(&self.types.out.path(ty));
                quote!(#path)
            }
        };
        if let Some(fault) = &op.fault {
            let fault = self.types.out.path(fault);
            args.push(quote!(fault = #fault));
        }
        if op.bare {
            args.push(quote!(bare));
        }
        let result = if op.reply_headers { quote!(::soapkit::Reply<#result>) } else { result };
        let mut params: Vec<TokenStream> = Vec::new();
        if !shared_headers {
            for header in &op.headers {
                let (ident, ns) = (raw_ident(&header.ident), &header.ns);
                let (ty, secret) = self.param_type(header);
                let secret = secret.then(|| quote!(secret,));
                let rename = rename(&header.ident, &header.xml_name).map(|r| quote!(, #r));
                params.push(quote!(#[soap(header, #secret ns = #ns #rename)] #ident: #ty));
            }
        }
        for param in &op.params {
            let ident = raw_ident(&param.ident);
            let (ty, secret) = self.param_type(param);
            let mut attrs = Vec::new();
            if secret {
                attrs.push(quote!(secret));
            }
            if let Some(rename) = rename(&param.ident, &param.wire_name()) {
                attrs.push(rename);
            }
            if param.ns != op.ns {
                let ns = &param.ns;
                attrs.push(quote!(ns = #ns));
            }
            let attrs = (!attrs.is_empty()).then(|| quote!(#[soap(#(#attrs),*)]));
            params.push(quote!(#attrs #ident: #ty));
        }
        let method = raw_ident(&op.method);
        let doc = op.doc.as_deref().map(doc_attr);
        quote! {
            #doc
            #[::soapkit::soap_operation(#(#args),*)]
            async fn #method(&self, #(#params),*) -> ::soapkit::Result<#result>;
        }
    }

    /// A parameter's type, and whether it is a credential: then it is marked
    /// `#[soap(secret)]` and passed as a plain value, not a `soapkit::Secret`.
    fn param_type(&self, param: &Field) -> (TokenStream, bool) {
        let secret = param.secret || self.types.secret_names.matches(&param.xml_name);
        let plain = Field { secret: false, ..param.clone() };
        (self.types.out.field_type(&plain, None), secret)
    }

    /// `{Trait}Headers`: the header blocks every operation takes, set once on the client.
    fn headers_struct(&self, trait_name: &str, headers: &[Field]) -> TokenStream {
        let ident = format_ident!("{}Headers", trait_name);
        let fields = self.header_fields(headers);
        let adds = headers.iter().map(|h| {
            let (name, ns, element) = (raw_ident(&h.ident), &h.ns, &h.xml_name);
            // Credentials and tokens are marked secret, so they never reach logs or errors.
            let secret = self.types.secret_names.matches(&h.xml_name);
            let make = if secret { quote!(secret) } else { quote!(new) };
            quote! {
                if let Some(value) = &self.#name {
                    builder = builder.header(::soapkit::Header::#make(#ns, #element, value)?);
                }
            }
        });
        let doc = format!(
            " The header blocks every operation of [`{trait_name}`] takes: set them once with \
             [`apply`]({ident}::apply) on the client builder."
        );
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct #ident { #(#fields,)* }

            impl #ident {
                /// Adds the blocks that are set to `builder`; credentials and tokens as secrets.
                pub fn apply(&self, mut builder: ::soapkit::ClientBuilder) -> ::soapkit::Result<::soapkit::ClientBuilder> {
                    #(#adds)*
                    Ok(builder)
                }
            }
        }
    }

    /// The members of a headers struct: one optional field per header block.
    fn header_fields(&self, blocks: &[Field]) -> Vec<TokenStream> {
        blocks
            .iter()
            .map(|h| {
                let (name, ty) = (raw_ident(&h.ident), self.types.out.field_type(h, None));
                let doc = format!(" The `{}` header block.", h.xml_name);
                quote!(#[doc = #doc] pub #name: #ty)
            })
            .collect()
    }

    /// `{Trait}ReplyHeaders`: the header blocks the service's replies may carry, read from
    /// a `soapkit::Reply`.
    fn reply_headers_struct(&mut self, binding: &Binding, trait_name: &str) -> TokenStream {
        let mut blocks: Vec<Field> = Vec::new();
        let mut scope = Scope::default();
        let mut seen = Vec::new();
        for op in &binding.operations {
            for (message, part) in &op.output.headers {
                let Ok(element) = self.header_element(message, part, &op.at) else { continue };
                if seen.contains(&(element.ns.clone(), element.name.clone())) {
                    continue;
                }
                seen.push((element.ns.clone(), element.name.clone()));
                blocks.push(self.types.block_field(&element, trait_name, &mut scope));
            }
        }
        let ident = format_ident!("{}ReplyHeaders", trait_name);
        let fields = self.header_fields(&blocks);
        let reads = blocks.iter().map(|h| {
            let (name, ns, element) = (raw_ident(&h.ident), &h.ns, &h.xml_name);
            quote!(#name: headers.get(#ns, #element)?)
        });
        let doc = format!(" The header blocks a reply of [`{trait_name}`] may carry.");
        // A WSDL may bind reply headers whose elements it never defines (left out above).
        let param = if blocks.is_empty() { quote!(_headers) } else { quote!(headers) };
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq)]
            pub struct #ident { #(#fields,)* }

            impl #ident {
                /// Reads the blocks from a reply's headers; an absent or nil block is `None`.
                pub fn read(#param: &::soapkit::ReplyHeaders) -> ::soapkit::Result<Self> {
                    Ok(Self { #(#reads,)* })
                }
            }
        }
    }
}

/// `rename = "..."` when soapkit's PascalCase rule does not give the element's name back.
fn rename(ident: &str, element: &str) -> Option<TokenStream> {
    (names::macro_pascal(ident) != element).then(|| quote!(rename = #element))
}

/// The header blocks, when every operation takes the same non-empty list.
fn shared_headers(operations: &[Operation]) -> Option<Vec<Field>> {
    let first = operations.first()?;
    let key = |op: &Operation| op.headers.iter().map(|h| (h.ns.clone(), h.xml_name.clone())).collect::<Vec<_>>();
    let first_key = key(first);
    (!first_key.is_empty() && operations.iter().all(|op| key(op) == first_key)).then(|| first.headers.clone())
}
