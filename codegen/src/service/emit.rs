//! Writing a planned service: the trait with one method per operation, its constants, and
//! the `{Trait}Headers` and `{Trait}ReplyHeaders` structs.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

use super::{Operation, Output, ServiceGen};
use crate::emit::{doc_attr, raw_ident};
use crate::items::Field;
use crate::model::*;
use crate::names::{self, Scope};

impl ServiceGen<'_, '_> {
    pub(super) fn emit(
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
        let policy = self.policy(binding);
        quote! {
            #doc
            #allow
            #[::soapkit::soap_service(#server ns = #ns_lit #policy)]
            pub trait #trait_ident {
                #(#methods)*
            }
            #constants
            #extra
        }
    }

    /// `, ws_addressing = "..", ws_security = ".."` as `binding`'s policy asks, with a
    /// warning for what it asks that soapkit does not do.
    fn policy(&mut self, binding: &Binding) -> TokenStream {
        use crate::policy::Addressing;
        if self.ignore_policy {
            return TokenStream::new();
        }
        let policy = &binding.policy;
        for what in &policy.unsupported {
            let message = format!(
                "binding {}'s policy asks for {what}, which soapkit does not do: calls are sent without it",
                binding.name.local
            );
            self.warn(&binding.at, message);
        }
        let addressing = policy.addressing.map(|version| {
            let version = match version {
                Addressing::W3c2005 => "1.0",
                Addressing::Submission2004 => "2004/08",
            };
            quote!(, ws_addressing = #version)
        });
        let security: Vec<&str> = [(policy.username_token, "username_token"), (policy.signature, "signature")]
            .into_iter()
            .filter_map(|(required, name)| required.then_some(name))
            .collect();
        let security = (!security.is_empty()).then(|| {
            let security = security.join(" ");
            quote!(, ws_security = #security)
        });
        quote!(#addressing #security)
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
