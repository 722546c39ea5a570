//! Reading a WSDL and what it imports into the model: the schemas (inline, imported,
//! included) and the WSDL's messages, port types and bindings.

use roxmltree::Node;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::error::{Error, Location};
use crate::load::{self, Source};
use crate::model::*;
use crate::schema::{SchemaReader, documentation, qname};

const WSDL: &str = "http://schemas.xmlsoap.org/wsdl/";
const WSDL20: &str = "http://www.w3.org/ns/wsdl";
const SOAP11_BINDING: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
const SOAP12_BINDING: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";

/// Everything read from one WSDL and its imports.
pub(crate) struct Input {
    /// The files read, in the order they were read (the WSDL first).
    pub(crate) files: Vec<String>,
    pub(crate) schemas: Schemas,
    pub(crate) definitions: Definitions,
}

/// Reads the WSDL `root` and every file it imports or includes, each once.
pub(crate) fn read(root: &str) -> Result<Input, Error> {
    let mut queue: VecDeque<(String, Option<String>, Option<Location>)> =
        VecDeque::from([(root.to_owned(), None, None)]);
    let mut seen = BTreeSet::new();
    let mut input = Input { files: Vec::new(), schemas: Schemas::default(), definitions: Definitions::default() };
    while let Some((name, chameleon, from)) = queue.pop_front() {
        if !seen.insert((name.clone(), chameleon.clone())) {
            continue;
        }
        let source = load::read(&name, from.as_ref())?;
        let first = input.files.is_empty();
        input.files.push(name);
        read_source(&source, first, chameleon, &mut input, &mut queue)?;
    }
    Ok(input)
}

type Queue = VecDeque<(String, Option<String>, Option<Location>)>;

fn read_source(
    source: &Source,
    is_root: bool,
    chameleon: Option<String>,
    input: &mut Input,
    queue: &mut Queue,
) -> Result<(), Error> {
    let doc = load::parse(source)?;
    let root = doc.root_element();
    let at = |node: Node<'_, '_>| load::location(&source.name, &doc, node);
    match (root.tag_name().namespace(), root.tag_name().name()) {
        (Some(WSDL), "definitions") => {
            let reader = WsdlReader { file: &source.name, doc: &doc };
            if is_root {
                input.definitions.target_namespace = root.attribute("targetNamespace").unwrap_or_default().to_owned();
                input.definitions.doc = documentation(root);
            }
            for child in root.children().filter(|c| c.is_element() && c.tag_name().namespace() == Some(WSDL)) {
                match child.tag_name().name() {
                    "import" => {
                        if let Some(location) = child.attribute("location") {
                            queue.push_back((load::resolve(&source.name, location), None, Some(at(child))));
                        }
                    }
                    "types" => {
                        for schema in child.children().filter(|c| {
                            c.is_element() && c.tag_name().name() == "schema" && is_xs(c.tag_name().namespace())
                        }) {
                            read_schema(source, &doc, schema, None, input, queue)?;
                        }
                    }
                    _ => reader.read(child, &mut input.definitions)?,
                }
            }
            Ok(())
        }
        (ns, "schema") if is_xs(ns) => read_schema(source, &doc, root, chameleon, input, queue),
        (Some(WSDL20), _) => Err(Error::at(&at(root), "WSDL 2.0 is not supported: soapkit-codegen reads WSDL 1.1")),
        _ => Err(Error::at(
            &at(root),
            format!("<{}> is neither a WSDL 1.1 definitions element nor an XML Schema", root.tag_name().name()),
        )),
    }
}

fn read_schema(
    source: &Source,
    doc: &roxmltree::Document<'_>,
    schema: Node<'_, '_>,
    chameleon: Option<String>,
    input: &mut Input,
    queue: &mut Queue,
) -> Result<(), Error> {
    let own = schema.attribute("targetNamespace").map(str::to_owned);
    let is_chameleon = own.is_none() && chameleon.as_ref().is_some_and(|ns| !ns.is_empty());
    let tns = own.or(chameleon).unwrap_or_default();
    for child in schema.children().filter(|c| c.is_element() && is_xs(c.tag_name().namespace())) {
        let Some(location) = child.attribute("schemaLocation") else { continue };
        if child.attribute("namespace").is_some_and(is_well_known) {
            continue;
        }
        let at = Some(load::location(&source.name, doc, child));
        match child.tag_name().name() {
            "import" => queue.push_back((load::resolve(&source.name, location), None, at)),
            // An included schema without a target namespace takes the includer's.
            "include" | "redefine" => queue.push_back((load::resolve(&source.name, location), Some(tns.clone()), at)),
            _ => {}
        }
    }
    let reader = SchemaReader {
        file: &source.name,
        doc,
        tns,
        qualified_elements: schema.attribute("elementFormDefault") == Some("qualified"),
        chameleon: is_chameleon,
    };
    reader.read(schema, &mut input.schemas)
}

struct WsdlReader<'a, 'input> {
    file: &'a str,
    doc: &'a roxmltree::Document<'input>,
}

fn children<'a, 'input>(
    node: Node<'a, 'input>,
    ns: &'a str,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'input>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().namespace() == Some(ns) && c.tag_name().name() == name)
}

/// The SOAP binding extension element of `node` named `name`, of either version.
fn soap_child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|c| {
        c.is_element()
            && matches!(c.tag_name().namespace(), Some(SOAP11_BINDING | SOAP12_BINDING))
            && c.tag_name().name() == name
    })
}

impl WsdlReader<'_, '_> {
    fn at(&self, node: Node<'_, '_>) -> Location {
        load::location(self.file, self.doc, node)
    }

    fn qname(&self, node: Node<'_, '_>, value: &str) -> Result<QName, Error> {
        qname(self.file, self.doc, node, value)
    }

    fn tns(&self) -> String {
        self.doc.root_element().attribute("targetNamespace").unwrap_or_default().to_owned()
    }

    fn read(&self, node: Node<'_, '_>, defs: &mut Definitions) -> Result<(), Error> {
        let name = node.attribute("name").unwrap_or_default();
        let key = QName::new(&self.tns(), name);
        match node.tag_name().name() {
            "message" => {
                let parts = children(node, WSDL, "part")
                    .map(|p| {
                        Ok(Part {
                            name: p.attribute("name").unwrap_or_default().to_owned(),
                            element: p.attribute("element").map(|e| self.qname(p, e)).transpose()?,
                            ty: p.attribute("type").map(|t| self.qname(p, t)).transpose()?,
                        })
                    })
                    .collect::<Result<_, Error>>()?;
                defs.messages.insert(key, parts);
            }
            "portType" => {
                let mut operations = Vec::new();
                for op in children(node, WSDL, "operation") {
                    let message = |child: &str| -> Result<Option<QName>, Error> {
                        children(op, WSDL, child)
                            .next()
                            .and_then(|c| c.attribute("message").map(|m| self.qname(c, m)))
                            .transpose()
                    };
                    operations.push(PortOperation {
                        name: op.attribute("name").unwrap_or_default().to_owned(),
                        doc: documentation(op),
                        input: message("input")?,
                        output: message("output")?,
                        faults: children(op, WSDL, "fault")
                            .filter_map(|f| f.attribute("message").map(|m| self.qname(f, m)))
                            .collect::<Result<_, _>>()?,
                        at: self.at(op),
                    });
                }
                defs.port_types.push(PortType { name: key, doc: documentation(node), operations });
            }
            "binding" => {
                let Some(soap) = soap_child(node, "binding") else {
                    // An HTTP or other non-SOAP binding: nothing soapkit calls.
                    return Ok(());
                };
                let version = match soap.tag_name().namespace() {
                    Some(SOAP12_BINDING) => Version::Soap12,
                    _ => Version::Soap11,
                };
                let port_type = self.qname(node, node.attribute("type").unwrap_or_default())?;
                let mut operations = Vec::new();
                for op in children(node, WSDL, "operation") {
                    let soap_op = soap_child(op, "operation");
                    operations.push(BindingOperation {
                        name: op.attribute("name").unwrap_or_default().to_owned(),
                        soap_action: soap_op.and_then(|s| s.attribute("soapAction")).map(str::to_owned),
                        rpc: soap_op.and_then(|s| s.attribute("style")).map(|s| s == "rpc"),
                        input: self.binding_io(children(op, WSDL, "input").next())?,
                        output: self.binding_io(children(op, WSDL, "output").next())?,
                        at: self.at(op),
                    });
                }
                let rpc = soap.attribute("style") == Some("rpc");
                let policy = crate::policy::of_binding(self.doc, node);
                let at = self.at(node);
                defs.bindings
                    .insert(key.clone(), Binding { name: key, port_type, version, rpc, operations, policy, at });
            }
            "service" => {
                for port in children(node, WSDL, "port") {
                    let (Some(binding), Some(address)) =
                        (port.attribute("binding"), soap_child(port, "address").and_then(|a| a.attribute("location")))
                    else {
                        continue;
                    };
                    // A port naming a binding it cannot is only a missing address constant.
                    if let Ok(binding) = self.qname(port, binding) {
                        defs.addresses.entry(binding).or_insert_with(|| address.to_owned());
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn binding_io(&self, node: Option<Node<'_, '_>>) -> Result<BindingIo, Error> {
        let Some(node) = node else { return Ok(BindingIo::default()) };
        let mut io = BindingIo::default();
        if let Some(body) = soap_child(node, "body") {
            io.encoded = body.attribute("use") == Some("encoded");
            io.namespace = body.attribute("namespace").map(str::to_owned);
            io.parts = body.attribute("parts").map(|p| p.split_whitespace().map(str::to_owned).collect());
        }
        for header in node.children().filter(|c| {
            c.is_element()
                && matches!(c.tag_name().namespace(), Some(SOAP11_BINDING | SOAP12_BINDING))
                && c.tag_name().name() == "header"
        }) {
            io.encoded |= header.attribute("use") == Some("encoded");
            if let (Some(message), Some(part)) = (header.attribute("message"), header.attribute("part")) {
                io.headers.push((self.qname(header, message)?, part.to_owned()));
            }
        }
        Ok(io)
    }
}

/// The bindings of each port type, SOAP 1.1 first: the one soapkit's declarations follow.
pub(crate) fn bindings_by_port_type(defs: &Definitions) -> BTreeMap<&QName, Vec<&Binding>> {
    let mut map: BTreeMap<&QName, Vec<&Binding>> = BTreeMap::new();
    for binding in defs.bindings.values() {
        map.entry(&binding.port_type).or_default().push(binding);
    }
    for list in map.values_mut() {
        list.sort_by_key(|b| b.version != Version::Soap11);
    }
    map
}
