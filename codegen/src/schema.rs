//! Reading `xs:schema` elements into the model.

use roxmltree::Node;

use crate::error::{Error, Location};
use crate::model::*;

/// Reads one schema element in one file.
pub(crate) struct SchemaReader<'a, 'input> {
    pub(crate) file: &'a str,
    pub(crate) doc: &'a roxmltree::Document<'input>,
    /// The schema's target namespace (the includer's for a chameleon include).
    pub(crate) tns: String,
    pub(crate) qualified_elements: bool,
    /// Included without a target namespace of its own: its references in no namespace
    /// take the includer's (XML Schema's "chameleon" include).
    pub(crate) chameleon: bool,
}

/// The text of a `documentation` element (WCF nests `<summary>` in it), trimmed, with
/// each line's indentation removed.
pub(crate) fn documentation(node: Node<'_, '_>) -> Option<String> {
    let doc = node
        .children()
        .filter(|c| c.is_element() && matches!(c.tag_name().name(), "annotation" | "documentation"))
        .flat_map(|c| if c.tag_name().name() == "annotation" { c.children().collect() } else { vec![c] })
        .filter(|c| c.is_element() && c.tag_name().name() == "documentation")
        .map(|d| d.descendants().filter(|t| t.is_text()).filter_map(|t| t.text()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n");
    let lines: Vec<&str> = doc.lines().map(str::trim).collect();
    let text = lines.join("\n").trim().to_owned();
    (!text.is_empty()).then_some(text)
}

fn xs_children<'a, 'input>(node: Node<'a, 'input>) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children().filter(|c| c.is_element() && is_xs(c.tag_name().namespace()))
}

fn xs_child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    xs_children(node).find(|c| c.tag_name().name() == name)
}

impl SchemaReader<'_, '_> {
    fn at(&self, node: Node<'_, '_>) -> Location {
        crate::load::location(self.file, self.doc, node)
    }

    /// A QName in an attribute value, resolved against the declarations in scope.
    pub(crate) fn qname(&self, node: Node<'_, '_>, value: &str) -> Result<QName, Error> {
        let mut name = qname(self.file, self.doc, node, value)?;
        if self.chameleon && name.ns.is_empty() {
            name.ns = self.tns.clone();
        }
        Ok(name)
    }

    fn occurs(&self, node: Node<'_, '_>) -> Result<Occurs, Error> {
        let number = |name: &str, default: u64| -> Result<Option<u64>, Error> {
            match node.attribute(name) {
                None => Ok(Some(default)),
                Some("unbounded") if name == "maxOccurs" => Ok(None),
                Some(v) => v
                    .trim()
                    .parse()
                    .map(Some)
                    .map_err(|_| Error::at(&self.at(node), format!("{name}=\"{v}\" is not a number"))),
            }
        };
        Ok(Occurs { min: number("minOccurs", 1)?.unwrap_or(1), max: number("maxOccurs", 1)? })
    }

    /// Reads every top-level declaration of the schema into `schemas`.
    pub(crate) fn read(&self, schema: Node<'_, '_>, schemas: &mut Schemas) -> Result<(), Error> {
        for child in xs_children(schema) {
            let name = child.attribute("name");
            let key = |name: &str| QName::new(&self.tns, name);
            match (child.tag_name().name(), name) {
                ("element", Some(name)) => {
                    let element = self.element(child, true)?;
                    schemas.elements.insert(key(name), element);
                }
                ("complexType", Some(name)) => {
                    schemas.types.insert(key(name), TypeDef::Complex(self.complex(child)?));
                }
                ("simpleType", Some(name)) => {
                    schemas.types.insert(key(name), TypeDef::Simple(self.simple(child)?));
                }
                ("group", Some(name)) => {
                    let particles = self.particles(child)?;
                    schemas.groups.insert(key(name), particles);
                }
                ("attributeGroup", Some(name)) => {
                    schemas.attribute_groups.insert(key(name), self.attributes(child)?);
                }
                ("attribute", Some(name)) => {
                    if let Some(attribute) = self.attribute(child)? {
                        schemas.attributes.insert(key(name), attribute);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn type_of(&self, node: Node<'_, '_>) -> Result<TypeRef, Error> {
        if let Some(ty) = node.attribute("type") {
            return Ok(TypeRef::Named(self.qname(node, ty)?));
        }
        if let Some(inline) = xs_child(node, "complexType") {
            return Ok(TypeRef::Inline(Box::new(TypeDef::Complex(self.complex(inline)?))));
        }
        if let Some(inline) = xs_child(node, "simpleType") {
            return Ok(TypeRef::Inline(Box::new(TypeDef::Simple(self.simple(inline)?))));
        }
        // No type at all is `xs:anyType`.
        Ok(TypeRef::Named(QName::new(XS, "anyType")))
    }

    fn element(&self, node: Node<'_, '_>, global: bool) -> Result<Element, Error> {
        let name = node.attribute("name").unwrap_or_default().to_owned();
        let qualified = match node.attribute("form") {
            Some(form) => form == "qualified",
            None => global || self.qualified_elements,
        };
        Ok(Element {
            name,
            ns: if qualified { self.tns.clone() } else { String::new() },
            ty: self.type_of(node)?,
            nillable: matches!(node.attribute("nillable"), Some("true" | "1")),
            global,
            abstract_: matches!(node.attribute("abstract"), Some("true" | "1")),
            substitution_group: node.attribute("substitutionGroup").map(|g| self.qname(node, g)).transpose()?,
            doc: documentation(node),
            at: self.at(node),
        })
    }

    /// The particles of a model group (`sequence`, `all`, `choice`) or of a node holding one.
    fn particles(&self, node: Node<'_, '_>) -> Result<Vec<Particle>, Error> {
        let mut out = Vec::new();
        for child in xs_children(node) {
            if let Some(particle) = self.particle(child)? {
                out.push(particle);
            }
        }
        Ok(out)
    }

    fn particle(&self, node: Node<'_, '_>) -> Result<Option<Particle>, Error> {
        let occurs = self.occurs(node)?;
        Ok(Some(match node.tag_name().name() {
            "element" => match node.attribute("ref") {
                Some(r) => Particle::Ref(self.qname(node, r)?, occurs, self.at(node)),
                None => Particle::Element(self.element(node, false)?, occurs),
            },
            "any" => Particle::Any,
            "sequence" | "all" => Particle::Sequence(self.particles(node)?, occurs),
            "choice" => Particle::Choice(self.particles(node)?, occurs),
            "group" => match node.attribute("ref") {
                Some(r) => Particle::Group(self.qname(node, r)?, occurs, self.at(node)),
                None => return Ok(None),
            },
            _ => return Ok(None),
        }))
    }

    fn attribute(&self, node: Node<'_, '_>) -> Result<Option<AttributeDecl>, Error> {
        let required = node.attribute("use") == Some("required");
        if node.attribute("use") == Some("prohibited") {
            return Ok(None);
        }
        if let Some(r) = node.attribute("ref") {
            return Ok(Some(AttributeDecl::Ref(self.qname(node, r)?, required)));
        }
        let ty = match (node.attribute("type"), xs_child(node, "simpleType")) {
            (Some(ty), _) => TypeRef::Named(self.qname(node, ty)?),
            (None, Some(inline)) => TypeRef::Inline(Box::new(TypeDef::Simple(self.simple(inline)?))),
            (None, None) => TypeRef::Named(QName::new(XS, "string")),
        };
        Ok(Some(AttributeDecl::Attribute {
            name: node.attribute("name").unwrap_or_default().to_owned(),
            ty,
            required,
            doc: documentation(node),
        }))
    }

    fn attributes(&self, node: Node<'_, '_>) -> Result<Vec<AttributeDecl>, Error> {
        let mut out = Vec::new();
        for child in xs_children(node) {
            match child.tag_name().name() {
                "attribute" => out.extend(self.attribute(child)?),
                "attributeGroup" => {
                    if let Some(r) = child.attribute("ref") {
                        out.push(AttributeDecl::Group(self.qname(child, r)?));
                    }
                }
                _ => {}
            }
        }
        Ok(out)
    }

    fn complex(&self, node: Node<'_, '_>) -> Result<ComplexType, Error> {
        let mut ty = ComplexType {
            doc: documentation(node),
            extends: None,
            text: None,
            particles: Vec::new(),
            attributes: self.attributes(node)?,
            any_attribute: xs_child(node, "anyAttribute").is_some(),
            abstract_: matches!(node.attribute("abstract"), Some("true" | "1")),
            mixed: matches!(node.attribute("mixed"), Some("true" | "1")),
            at: self.at(node),
        };
        ty.particles = self.particles(node)?;
        if let Some(content) = xs_child(node, "complexContent") {
            ty.mixed |= matches!(content.attribute("mixed"), Some("true" | "1"));
            if let Some(derivation) = xs_children(content).next() {
                let base = derivation.attribute("base").map(|b| self.qname(derivation, b)).transpose()?;
                if derivation.tag_name().name() == "extension" {
                    ty.extends = base;
                }
                // A restriction restates the members it keeps, so its own content is the type's.
                ty.particles = self.particles(derivation)?;
                ty.attributes.extend(self.attributes(derivation)?);
                ty.any_attribute |= xs_child(derivation, "anyAttribute").is_some();
            }
        }
        if let Some(content) = xs_child(node, "simpleContent")
            && let Some(derivation) = xs_children(content).next()
        {
            let base = match derivation.attribute("base") {
                Some(b) => TypeRef::Named(self.qname(derivation, b)?),
                None => TypeRef::Named(QName::new(XS, "string")),
            };
            ty.text = Some(base);
            ty.attributes.extend(self.attributes(derivation)?);
            ty.any_attribute |= xs_child(derivation, "anyAttribute").is_some();
        }
        Ok(ty)
    }

    fn simple(&self, node: Node<'_, '_>) -> Result<SimpleType, Error> {
        let kind = if let Some(restriction) = xs_child(node, "restriction") {
            let base = match (restriction.attribute("base"), xs_child(restriction, "simpleType")) {
                (Some(b), _) => TypeRef::Named(self.qname(restriction, b)?),
                (None, Some(inline)) => TypeRef::Inline(Box::new(TypeDef::Simple(self.simple(inline)?))),
                (None, None) => TypeRef::Named(QName::new(XS, "string")),
            };
            let values = xs_children(restriction)
                .filter(|c| c.tag_name().name() == "enumeration")
                .map(|e| EnumValue {
                    value: e.attribute("value").unwrap_or_default().to_owned(),
                    doc: documentation(e),
                    number: e
                        .descendants()
                        .find(|d| d.tag_name().name() == "EnumerationValue")
                        .and_then(|d| d.text())
                        .map(|t| t.trim().to_owned()),
                })
                .collect();
            SimpleKind::Restriction { base, values }
        } else if let Some(list) = xs_child(node, "list") {
            match (list.attribute("itemType"), xs_child(list, "simpleType")) {
                (Some(item), _) => SimpleKind::List(TypeRef::Named(self.qname(list, item)?)),
                (None, Some(inline)) => {
                    SimpleKind::List(TypeRef::Inline(Box::new(TypeDef::Simple(self.simple(inline)?))))
                }
                (None, None) => SimpleKind::List(TypeRef::Named(QName::new(XS, "string"))),
            }
        } else {
            SimpleKind::Union
        };
        Ok(SimpleType { doc: documentation(node), kind, at: self.at(node) })
    }
}

/// Resolves `prefix:local` in an attribute value against `node`'s namespace declarations;
/// an unprefixed name is in the default namespace.
pub(crate) fn qname(
    file: &str,
    doc: &roxmltree::Document<'_>,
    node: Node<'_, '_>,
    value: &str,
) -> Result<QName, Error> {
    let value = value.trim();
    let (prefix, local) = match value.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, value),
    };
    match node.lookup_namespace_uri(prefix) {
        Some(ns) if is_xs(Some(ns)) => Ok(QName::new(XS, local)),
        Some(ns) => Ok(QName::new(ns, local)),
        None if prefix.is_none() => Ok(QName::new("", local)),
        None => Err(Error::at(
            &crate::load::location(file, doc, node),
            format!("the prefix `{}` of `{value}` is not declared", prefix.unwrap_or_default()),
        )),
    }
}
