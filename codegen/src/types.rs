//! From schema types to Rust items: structs for complex types, enums for enumerations,
//! the soapkit types for XML Schema's built-ins, and the occurrence rules:
//!
//! | schema | Rust |
//! |---|---|
//! | `maxOccurs` > 1 | `Vec<T>` (absent reads as empty) |
//! | `minOccurs="0"`, nillable or not | `Option<T>` (omitted when `None`; nil reads as `None`) |
//! | required and `nillable="true"` | `soapkit::xsd::Nillable<T>` (`None` is sent as `xsi:nil`) |
//! | required | `T` |
//!
//! A member in another namespace than the element holding its type is written in its
//! own (`soapkit::xsd::InNamespace`, or `soapkit::xsd::Unqualified` for none), so
//! imported and unqualified schemas are right on the wire.

use std::collections::{BTreeMap, BTreeSet};

use crate::arrays;
use crate::builtin::{builtin, wcf_primitive_array};
use crate::error::{Location, Warning};
use crate::items::{Card, Field, Item, ItemKind, Items, Ty};
use crate::model::*;
use crate::names::{self, Scope};
use crate::secret_names::SecretNames;

/// The field of a struct's `xs:any` elements.
const ANY: &str = "$any";

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Named(QName),
    /// The anonymous type of a global element.
    Element(QName),
    /// A base type with the types derived from it, for the slots typed as the base.
    Derived(QName),
    /// An anonymous type, by where its definition is written: one item per definition.
    Inline(Location),
    Anonymous(String),
}

/// Builds the items of one output, naming each once.
pub(crate) struct Types<'s> {
    schemas: &'s Schemas,
    pub(crate) out: Items,
    keys: BTreeMap<Key, usize>,
    names: BTreeMap<QName, String>,
    pub(crate) scope: Scope,
    pub(crate) warnings: Vec<Warning>,
    /// Namespaces of the elements that hold each item's values.
    holders: BTreeMap<usize, BTreeSet<String>>,
    /// Groups and simple types being expanded, so a definition that refers to itself
    /// ends in a warning instead of endless recursion.
    expanding: BTreeSet<QName>,
    /// Each complex type extended by others, with every type derived from it, in order.
    descendants: BTreeMap<QName, Vec<QName>>,
    pub(crate) secret_names: SecretNames,
    /// The WSDL's target namespace, whose types keep their plain names.
    main_ns: String,
    /// Names the rules could not keep apart.
    pub(crate) clashes: Vec<String>,
}

impl<'s> Types<'s> {
    /// Names every named type of `schemas`: types of `main_ns` first, then the other
    /// namespaces in order, so the service's own types keep their plain names.
    pub(crate) fn new(schemas: &'s Schemas, main_ns: &str, secret_names: SecretNames) -> Self {
        let mut order: Vec<&QName> = schemas.types.keys().collect();
        order.sort_by_key(|q| (q.ns != main_ns, &q.ns, &q.local));
        let mut types = Types {
            schemas,
            out: Items::default(),
            keys: BTreeMap::new(),
            names: BTreeMap::new(),
            scope: Scope::default(),
            warnings: Vec::new(),
            holders: BTreeMap::new(),
            expanding: BTreeSet::new(),
            descendants: descendants(schemas),
            secret_names,
            main_ns: main_ns.to_owned(),
            clashes: Vec::new(),
        };
        for q in order {
            // A wrapped array is a `Vec` where it is used: it gets an item (and a name)
            // only if something uses it otherwise.
            let array = !types.descendants.contains_key(q)
                && matches!(&schemas.types[q], TypeDef::Complex(c) if arrays::item(schemas, q, c).is_some());
            if Self::needs_item(schemas, q) && !array {
                types.name_of(q);
            }
        }
        types
    }

    /// Claims the first of `wanted` that is free. Names are never numbered: when all are
    /// taken, the clash is recorded (and reported as an error of the whole generation).
    fn claim_type(&mut self, wanted: Vec<String>, what: &str) -> String {
        if let Some(free) = wanted.iter().find(|name| !self.scope.contains(name)) {
            return self.scope.claim(free.clone());
        }
        self.clashes.push(format!("{what} would be named {}, which other items already are", wanted.join(" or ")));
        self.scope.claim(wanted[0].clone())
    }

    /// Whether a named type becomes an item of its own (structs and enums do; other
    /// simple types are their base type, and WCF's primitive arrays are `wcf::ArrayOf`).
    fn needs_item(schemas: &Schemas, q: &QName) -> bool {
        match &schemas.types[q] {
            TypeDef::Complex(_) => wcf_primitive_array(schemas, q).is_none(),
            TypeDef::Simple(s) => matches!(&s.kind, SimpleKind::Restriction { values, .. } if !values.is_empty()),
        }
    }

    /// Generates an item for every named type (the schema's whole vocabulary: derived
    /// types a reply may carry are not reachable from the operations).
    pub(crate) fn all_named(&mut self) {
        let named: Vec<QName> = self.names.keys().cloned().collect();
        for q in named {
            match &self.schemas.types[&q] {
                TypeDef::Complex(complex) => {
                    self.struct_of(&q, complex);
                }
                TypeDef::Simple(_) => {
                    self.named(&q, None);
                }
            }
        }
    }

    /// The struct of complex type `q`, its own members and its bases'.
    fn struct_of(&mut self, q: &QName, complex: &ComplexType) -> Ty {
        if let Some(&index) = self.keys.get(&Key::Named(q.clone())) {
            return Ty::Item(index);
        }
        let ident = self.name_of(q);
        self.complex(Key::Named(q.clone()), ident, complex)
    }

    /// The enum of base type `q` and the types derived from it: what a slot typed `q`
    /// holds, told apart by `xsi:type` on the wire. An abstract type is no variant.
    fn derived(&mut self, q: &QName) -> Ty {
        let key = Key::Derived(q.clone());
        if let Some(&index) = self.keys.get(&key) {
            return Ty::Item(index);
        }
        let ident = self.claim_type(
            vec![format!("{}OrDerived", names::type_name(&q.local))],
            &format!("the types derived from {q}"),
        );
        let doc = format!("A [`{}`] or a type derived from it, as `xsi:type` names it on the wire.", self.name_of(q));
        let index = self.reserve(key, Item { ident, doc: Some(doc), kind: ItemKind::Derived(Vec::new()) });
        let mut variants = Vec::new();
        let types = std::iter::once(q.clone()).chain(self.descendants[q].clone());
        for (i, t) in types.enumerate() {
            let Some(TypeDef::Complex(complex)) = self.schemas.types.get(&t) else { continue };
            if complex.abstract_ {
                continue;
            }
            let ty = self.struct_of(&t, complex);
            let name = if i == 0 { t.local.clone() } else { format!("{{{}}}{}", t.ns, t.local) };
            variants.push((self.name_of(&t), name, ty));
        }
        self.out.items[index].kind = ItemKind::Derived(variants);
        Ty::Item(index)
    }

    /// The Rust name of named type `q`, given in `new` (or now, for one that got none there).
    fn name_of(&mut self, q: &QName) -> String {
        if let Some(name) = self.names.get(q) {
            return name.clone();
        }
        let plain = names::type_name(&q.local);
        let mut wanted = vec![plain.clone()];
        if q.ns != self.main_ns {
            wanted.push(format!("{}{plain}", namespace_prefix(&q.ns)));
        }
        let name = self.claim_type(wanted, &format!("type {q}"));
        self.names.insert(q.clone(), name.clone());
        name
    }

    fn warn(&mut self, at: &Location, message: String) {
        self.warnings.push(Warning { location: at.clone(), message });
    }

    /// The Rust type of a type reference; `context` names an inline type.
    pub(crate) fn ty(&mut self, ty: &TypeRef, context: &str, at: &Location) -> Ty {
        match ty {
            TypeRef::Named(q) => self.named(q, Some(at)),
            TypeRef::Inline(def) => self.inline(def, context),
        }
    }

    fn named(&mut self, q: &QName, at: Option<&Location>) -> Ty {
        // A slot typed with a base type holds its derived types too.
        if self.descendants.contains_key(q) {
            return self.derived(q);
        }
        if let Some(&index) = self.keys.get(&Key::Named(q.clone())) {
            return Ty::Item(index);
        }
        let Some(def) = self.schemas.types.get(q) else {
            if let Some(ty) = builtin(q) {
                return ty;
            }
            if let Some(at) = at {
                self.warn(at, format!("type {q} is not defined in any schema read; it is kept as raw XML"));
            }
            return Ty::Path("::soapkit::xsd::RawXml".into());
        };
        if let Some(item) = wcf_primitive_array(self.schemas, q) {
            let item = self.named(&item, at);
            return Ty::Path(format!("::soapkit::wcf::ArrayOf<{}>", self.out.path(&item)));
        }
        match def {
            TypeDef::Simple(simple) => match &simple.kind {
                SimpleKind::Restriction { values, .. } if !values.is_empty() => {
                    let ident = self.name_of(q);
                    self.enumeration(Key::Named(q.clone()), ident, simple)
                }
                _ if !self.expanding.insert(q.clone()) => {
                    self.warn(&simple.at, format!("simple type {q} is derived from itself; it is read as text"));
                    Ty::Path("String".into())
                }
                _ => {
                    let ty = self.simple(simple, &q.local);
                    self.expanding.remove(q);
                    ty
                }
            },
            TypeDef::Complex(complex) => self.struct_of(q, complex),
        }
    }

    /// The Rust type of an element's values. A global element's anonymous type is one
    /// item, named after the element, however many places refer to it.
    pub(crate) fn element_type(&mut self, element: &Element, context: &str) -> Ty {
        match (&element.ty, element.global) {
            (TypeRef::Inline(def), true) => {
                let key = Key::Element(QName::new(&element.ns, &element.name));
                self.inline_keyed(def, key, &element.name)
            }
            (ty, _) => self.ty(ty, context, &element.at),
        }
    }

    /// An anonymous type: one item per definition in the schema (keyed by where it is
    /// written), named after the first place that uses it.
    fn inline(&mut self, def: &TypeDef, context: &str) -> Ty {
        let at = match def {
            TypeDef::Complex(complex) => &complex.at,
            TypeDef::Simple(simple) => &simple.at,
        };
        self.inline_keyed(def, Key::Inline(at.clone()), context)
    }

    fn inline_keyed(&mut self, def: &TypeDef, key: Key, context: &str) -> Ty {
        if let Some(&index) = self.keys.get(&key) {
            return Ty::Item(index);
        }
        match def {
            TypeDef::Simple(simple) => match &simple.kind {
                SimpleKind::Restriction { values, .. } if !values.is_empty() => {
                    let ident = self.anonymous_name(context);
                    self.enumeration(key, ident, simple)
                }
                _ => self.simple(simple, context),
            },
            TypeDef::Complex(complex) => {
                let ident = self.anonymous_name(context);
                self.complex(key, ident, complex)
            }
        }
    }

    /// An anonymous type is named after its element (`{Parent}{Element}` when local), or
    /// `{that}Element` when a named type already has that name.
    fn anonymous_name(&mut self, context: &str) -> String {
        let plain = names::type_name(context);
        let element = format!("{}Element", plain.trim_start_matches("r#"));
        self.claim_type(vec![plain, element], &format!("the anonymous type of {context}"))
    }

    fn simple(&mut self, simple: &SimpleType, context: &str) -> Ty {
        match &simple.kind {
            SimpleKind::Restriction { base, .. } => self.ty(base, context, &simple.at.clone()),
            SimpleKind::List(item) => {
                let item = self.ty(item, &format!("{context}Item"), &simple.at.clone());
                Ty::List(Box::new(item))
            }
            SimpleKind::Union => Ty::Path("String".into()),
        }
    }

    fn reserve(&mut self, key: Key, item: Item) -> usize {
        let index = self.out.items.len();
        self.out.items.push(item);
        self.keys.insert(key, index);
        index
    }

    fn enumeration(&mut self, key: Key, ident: String, simple: &SimpleType) -> Ty {
        let SimpleKind::Restriction { values, .. } = &simple.kind else { unreachable!("checked by the caller") };
        let mut scope = Scope::default();
        let mut seen = BTreeSet::new();
        let variants = values
            .iter()
            .filter(|v| seen.insert(v.value.clone()))
            .map(|v| {
                let mut doc = v.doc.clone();
                if let Some(number) = &v.number {
                    let line = format!("WCF value {number}.");
                    doc = Some(doc.map_or(line.clone(), |d| format!("{d}\n\n{line}")));
                }
                (scope.claim(names::type_name(&v.value)), v.value.clone(), doc)
            })
            .collect();
        let item = Item { ident, doc: simple.doc.clone(), kind: ItemKind::Enum(variants) };
        Ty::Item(self.reserve(key, item))
    }

    fn complex(&mut self, key: Key, ident: String, complex: &ComplexType) -> Ty {
        // Reserved before its members are read, so that a recursive type finds itself.
        let item = Item { ident: ident.clone(), doc: complex.doc.clone(), kind: ItemKind::Struct(Vec::new()) };
        let index = self.reserve(key, item);
        let mut fields = Vec::new();
        let mut scope = Scope::default();
        self.members(complex, &ident, &mut fields, &mut scope, &mut BTreeSet::new());
        attributes_first(&mut fields);
        if complex.mixed && complex.text.is_none() {
            self.warn(&complex.at, format!("the text of mixed content in {ident} is not kept"));
        }
        for field in &fields {
            if let Ty::Item(target) = field.ty
                && field.is_element()
            {
                self.holders.entry(target).or_default().insert(field.ns.clone());
            }
        }
        self.out.items[index].kind = ItemKind::Struct(fields);
        Ty::Item(index)
    }

    /// The members of `complex`, base type's first, into `fields`.
    fn members(
        &mut self,
        complex: &ComplexType,
        owner: &str,
        fields: &mut Vec<Field>,
        scope: &mut Scope,
        bases: &mut BTreeSet<QName>,
    ) {
        if let Some(base) = &complex.extends {
            match self.schemas.types.get(base) {
                Some(TypeDef::Complex(base_type)) if bases.insert(base.clone()) => {
                    self.members(base_type, owner, fields, scope, bases);
                }
                Some(TypeDef::Simple(_)) => {
                    let ty = self.named(base, Some(&complex.at));
                    fields.push(self.text_field(ty, scope));
                }
                None if builtin(base).is_some() => {
                    let ty = self.named(base, Some(&complex.at));
                    fields.push(self.text_field(ty, scope));
                }
                None if base.ns != XS => {
                    self.warn(&complex.at, format!("base type {base} is not defined; its members are left out"))
                }
                _ => {}
            }
        }
        if let Some(text) = &complex.text {
            let ty = match text {
                // simpleContent over a complex type with simple content: the text is the base's text.
                TypeRef::Named(q) if matches!(self.schemas.types.get(q), Some(TypeDef::Complex(_))) => {
                    match &self.schemas.types[q] {
                        TypeDef::Complex(base) if bases.insert(q.clone()) => {
                            self.members(base, owner, fields, scope, bases);
                            None
                        }
                        _ => None,
                    }
                }
                other => Some(self.ty(other, &format!("{owner}Text"), &complex.at.clone())),
            };
            if let Some(ty) = ty {
                fields.push(self.text_field(ty, scope));
            }
        }
        for attribute in &complex.attributes {
            self.attribute(attribute, owner, fields, scope, false, &complex.at);
        }
        for particle in &complex.particles {
            self.particle(particle, owner, fields, scope, Occurs::ONCE);
        }
    }

    /// The members of a complex type that gets no item of its own (a request wrapper).
    pub(crate) fn fields_of(&mut self, complex: &ComplexType, owner: &str) -> Vec<Field> {
        let mut fields = Vec::new();
        self.members(complex, owner, &mut fields, &mut Scope::default(), &mut BTreeSet::new());
        attributes_first(&mut fields);
        fields
    }

    /// A struct of the given members, with no schema type behind it (an rpc reply of
    /// several parts).
    pub(crate) fn ad_hoc_struct(&mut self, name: &str, fields: Vec<Field>) -> Ty {
        let key = Key::Anonymous(format!("#{name}"));
        if let Some(&index) = self.keys.get(&key) {
            return Ty::Item(index);
        }
        for field in &fields {
            if let Ty::Item(target) = field.ty {
                self.holders.entry(target).or_default().insert(field.ns.clone());
            }
        }
        let ident = self.anonymous_name(name);
        Ty::Item(self.reserve(key, Item { ident, doc: None, kind: ItemKind::Struct(fields) }))
    }

    fn text_field(&self, ty: Ty, scope: &mut Scope) -> Field {
        Field {
            ident: scope.claim("text".into()),
            xml_name: "$text".into(),
            ns: String::new(),
            ty,
            card: Card::One,
            attribute: false,
            text: true,
            doc: None,
            explicit_ns: false,
            secret: false,
            wrapped: None,
        }
    }

    fn attribute(
        &mut self,
        attribute: &AttributeDecl,
        owner: &str,
        fields: &mut Vec<Field>,
        scope: &mut Scope,
        force_required: bool,
        at: &Location,
    ) {
        match attribute {
            AttributeDecl::Attribute { name, ty, required, doc, .. } => {
                let ty = self.ty(ty, &format!("{owner}{}", names::upper_camel(name)), at);
                let secret = self.secret_names.matches(name) && holds_text(&ty);
                fields.push(Field {
                    ident: scope.claim(names::snake(name)),
                    xml_name: format!("@{name}"),
                    ns: String::new(),
                    ty,
                    card: if *required || force_required { Card::One } else { Card::Optional },
                    attribute: true,
                    text: false,
                    doc: doc.clone(),
                    explicit_ns: false,
                    secret,
                    wrapped: None,
                });
            }
            // `xml:lang` and friends, and attributes of schemas not read, are not kept.
            AttributeDecl::Ref(q, required) => {
                if let Some(decl) = self.schemas.attributes.get(q).cloned() {
                    self.attribute(&decl, owner, fields, scope, *required, at);
                }
            }
            AttributeDecl::Group(q) => {
                for decl in self.schemas.attribute_groups.get(q).cloned().unwrap_or_default() {
                    self.attribute(&decl, owner, fields, scope, false, at);
                }
            }
        }
    }

    /// Adds the fields of `particle`, inside a group that occurs `outer` times.
    fn particle(
        &mut self,
        particle: &Particle,
        owner: &str,
        fields: &mut Vec<Field>,
        scope: &mut Scope,
        outer: Occurs,
    ) {
        let combine = |o: Occurs| Occurs {
            min: o.min.saturating_mul(outer.min),
            max: match (o.max, outer.max) {
                (Some(a), Some(b)) => Some(a.saturating_mul(b)),
                _ => None,
            },
        };
        match particle {
            Particle::Element(element, occurs) => {
                let field = self.element_field(element, owner, combine(*occurs), scope);
                fields.push(field);
            }
            // The head of a substitution group: any member may stand in its place, so
            // the reference is a choice of them (the head too, unless it is abstract).
            Particle::Ref(q, occurs, _) if let Some(alternatives) = self.substitutes(q) => {
                let field = self.choice(&alternatives, Some(&q.local), owner, combine(*occurs), scope);
                fields.push(field);
            }
            Particle::Ref(q, occurs, at) => match self.schemas.elements.get(q) {
                Some(element) => {
                    let field = self.element_field(element, owner, combine(*occurs), scope);
                    fields.push(field);
                }
                None => self.warn(at, format!("element {q} is not defined; it is left out of {owner}")),
            },
            // Every wildcard of a struct shares its one `$any` field: the elements no
            // other field names, kept as XML where the first wildcard stands.
            Particle::Any if fields.iter().any(|f| f.xml_name == ANY) => {}
            Particle::Any => fields.push(Field {
                ident: scope.claim("any".into()),
                xml_name: ANY.into(),
                ns: String::new(),
                ty: Ty::Path("::soapkit::xsd::AnyElement".into()),
                card: Card::Many,
                attribute: false,
                text: false,
                doc: Some("The elements of the schema's `xs:any` wildcard, as XML.".into()),
                explicit_ns: false,
                secret: false,
                wrapped: None,
            }),
            Particle::Sequence(items, occurs) => {
                let inner = combine(*occurs);
                for item in items {
                    self.particle(item, owner, fields, scope, inner);
                }
            }
            Particle::Choice(items, occurs) => {
                let inner = combine(*occurs);
                if let Some(alternatives) = self.alternatives(items) {
                    let field = self.choice(&alternatives, None, owner, inner, scope);
                    fields.push(field);
                    return;
                }
                // Alternatives that are groups of elements: each element optional, the
                // caller sets one group's.
                let inner = Occurs { min: 0, max: inner.max };
                for item in items {
                    self.particle(item, owner, fields, scope, inner);
                }
            }
            Particle::Group(q, _, at) if self.expanding.contains(q) => {
                self.warn(at, format!("group {q} contains itself; the inner reference is left out"))
            }
            Particle::Group(q, occurs, at) => match self.schemas.groups.get(q) {
                Some(items) => {
                    let inner = combine(*occurs);
                    self.expanding.insert(q.clone());
                    for item in items.clone() {
                        self.particle(&item, owner, fields, scope, inner);
                    }
                    self.expanding.remove(q);
                }
                None => self.warn(at, format!("group {q} is not defined; it is left out of {owner}")),
            },
        }
    }

    /// The alternatives of a choice, when each is one element that occurs at most once and
    /// their names differ: then the choice is an enum.
    fn alternatives(&self, items: &[Particle]) -> Option<Vec<(Element, Occurs)>> {
        let alternatives: Vec<(Element, Occurs)> = items
            .iter()
            .map(|item| match item {
                Particle::Element(element, occurs) if !occurs.is_many() => Some((element.clone(), *occurs)),
                Particle::Ref(q, occurs, _) if !occurs.is_many() => {
                    Some((self.schemas.elements.get(q)?.clone(), *occurs))
                }
                _ => None,
            })
            .collect::<Option<_>>()?;
        let names: BTreeSet<&str> = alternatives.iter().map(|(e, _)| e.name.as_str()).collect();
        (alternatives.len() >= 2 && names.len() == alternatives.len()).then_some(alternatives)
    }

    /// The elements that may stand where `head` is referenced, when others name it as
    /// their substitution group (transitively), with the head first unless it is abstract.
    fn substitutes(&self, head: &QName) -> Option<Vec<(Element, Occurs)>> {
        let mut heads = vec![head.clone()];
        let mut members = Vec::new();
        while let Some(next) = heads.pop() {
            for (name, element) in &self.schemas.elements {
                if element.substitution_group.as_ref() == Some(&next)
                    && !members.iter().any(|(n, _): &(QName, _)| n == name)
                {
                    members.push((name.clone(), element.clone()));
                    heads.push(name.clone());
                }
            }
        }
        if members.is_empty() {
            return None;
        }
        let head_element = self.schemas.elements.get(head)?;
        let all = std::iter::once(head_element.clone())
            .filter(|e| !e.abstract_)
            .chain(members.into_iter().map(|(_, e)| e).filter(|e| !e.abstract_));
        let alternatives: Vec<(Element, Occurs)> = all.map(|e| (e, Occurs::ONCE)).collect();
        let names: BTreeSet<&str> = alternatives.iter().map(|(e, _)| e.name.as_str()).collect();
        // Two members of one name in different namespaces cannot be told apart by name.
        (!alternatives.is_empty() && names.len() == alternatives.len()).then_some(alternatives)
    }

    /// A choice of elements: an enum of one variant per alternative, in a `$choice:A|B`
    /// field that is optional or repeated as the choice is. Both are named after `head`
    /// (a substitution group's), or the alternatives (`a_or_b`, `{Owner}AOrB`) when they
    /// are three at most, or `choice`.
    fn choice(
        &mut self,
        alternatives: &[(Element, Occurs)],
        head: Option<&str>,
        owner: &str,
        occurs: Occurs,
        scope: &mut Scope,
    ) -> Field {
        let names: Vec<&str> = alternatives.iter().map(|(e, _)| e.name.as_str()).collect();
        let name = match head {
            Some(head) => head.to_owned(),
            None if names.len() <= 3 => names.join("_or_"),
            None => "choice".to_owned(),
        };
        // Keyed by the owner's Rust name: a request wrapper's members are read both by
        // its raw element name (as parameters) and by its struct's name.
        let key = Key::Anonymous(format!("{}#{}", names::type_name(owner), names.join("|")));
        let index = match self.keys.get(&key) {
            Some(&index) => index,
            None => {
                let plain = names::type_name(&format!("{owner}_{name}"));
                let ident =
                    self.claim_type(vec![plain.clone(), format!("{plain}Choice")], &format!("the choice of {owner}"));
                let doc =
                    Some(format!("One of {}.", names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")));
                let index = self.reserve(key, Item { ident, doc, kind: ItemKind::Choice(Vec::new()) });
                let mut variants = Vec::new();
                let mut variant_names = Scope::default();
                for (element, _) in alternatives {
                    let ty = self.element_type(element, &format!("{owner}{}", names::upper_camel(&element.name)));
                    self.held_in(&ty, &element.ns);
                    variants.push((variant_names.claim(names::type_name(&element.name)), element.name.clone(), ty));
                }
                self.out.items[index].kind = ItemKind::Choice(variants);
                index
            }
        };
        let optional = occurs.min == 0 || alternatives.iter().any(|(_, o)| o.min == 0);
        Field {
            ident: scope.claim(names::snake(&name)),
            xml_name: format!("$choice:{}", names.join("|")),
            ns: String::new(),
            ty: Ty::Item(index),
            card: if occurs.is_many() {
                Card::Many
            } else if optional {
                Card::Optional
            } else {
                Card::One
            },
            attribute: false,
            text: false,
            doc: None,
            explicit_ns: false,
            secret: false,
            wrapped: None,
        }
    }

    /// A field for an element, with its occurrence mapped to `Vec`/`Option`/`Nillable`.
    pub(crate) fn element_field(&mut self, element: &Element, owner: &str, occurs: Occurs, scope: &mut Scope) -> Field {
        let context = format!("{owner}{}", names::upper_camel(&element.name));
        let array = match &element.ty {
            TypeRef::Named(q) if !occurs.is_many() && !self.descendants.contains_key(q) => {
                match self.schemas.types.get(q) {
                    Some(TypeDef::Complex(complex)) => {
                        arrays::item(self.schemas, q, complex).map(|item| (names::type_name(&q.local), item))
                    }
                    _ => None,
                }
            }
            TypeRef::Inline(def) if !occurs.is_many() => match &**def {
                TypeDef::Complex(complex) => {
                    arrays::item(self.schemas, &QName::new("", ""), complex).map(|item| (context.clone(), item))
                }
                TypeDef::Simple(_) => None,
            },
            _ => None,
        };
        let (ty, wrapped) = match array {
            Some((array, item)) => {
                // An anonymous item type is named in the array type, as its struct's
                // member was.
                let item_context = format!("{array}{}", names::upper_camel(&item.name));
                let ty = self.element_type(&item, &item_context);
                self.held_in(&ty, &item.ns);
                let spec =
                    if item.ns == element.ns { item.name.clone() } else { format!("{{{}}}{}", item.ns, item.name) };
                (ty, Some(spec))
            }
            None => (self.element_type(element, &context), None),
        };
        let card = if occurs.is_many() {
            Card::Many
        } else if occurs.min == 0 {
            Card::Optional
        } else if element.nillable {
            Card::Nillable
        } else {
            Card::One
        };
        Field {
            ident: scope.claim(names::snake(&element.name)),
            xml_name: element.name.clone(),
            ns: element.ns.clone(),
            secret: self.secret_names.matches(&element.name) && holds_text(&ty) && wrapped.is_none(),
            wrapped,
            ty,
            card,
            attribute: false,
            text: false,
            doc: element.doc.clone(),
            explicit_ns: false,
        }
    }

    /// A field for a header block: like [`element_field`](Types::element_field), but a
    /// block of a wrapped array's type keeps its struct, since a block is one element.
    pub(crate) fn block_field(&mut self, element: &Element, owner: &str, scope: &mut Scope) -> Field {
        let mut field = self.element_field(element, owner, Occurs { min: 0, max: Some(1) }, scope);
        if field.wrapped.take().is_some() {
            field.ty = self.element_type(element, &format!("{owner}{}", names::upper_camel(&element.name)));
        }
        field.card = Card::Optional;
        field
    }

    /// Records that an element in `ns` holds values of `ty` (an operation's parameter or
    /// result, a header block).
    pub(crate) fn held_in(&mut self, ty: &Ty, ns: &str) {
        if let Ty::Item(index) = ty {
            self.holders.entry(*index).or_default().insert(ns.to_owned());
        }
    }

    /// Decides which members are written in their own namespace: those whose namespace is
    /// not the one every element holding their struct is in. Holders propagate: a struct
    /// held in several namespaces writes every member's namespace out.
    pub(crate) fn settle_namespaces(&mut self) {
        // A derived type's members are written inside the slot that holds the enum.
        for index in 0..self.out.items.len() {
            if let ItemKind::Derived(variants) = &self.out.items[index].kind {
                let holders = self.holders.get(&index).cloned().unwrap_or_default();
                for (_, _, ty) in variants {
                    if let Ty::Item(variant) = ty {
                        self.holders.entry(*variant).or_default().extend(holders.iter().cloned());
                    }
                }
            }
        }
        for index in 0..self.out.items.len() {
            let holders = self.holders.get(&index).cloned().unwrap_or_default();
            let ItemKind::Struct(fields) = &mut self.out.items[index].kind else { continue };
            for field in fields.iter_mut().filter(|f| f.is_element()) {
                field.explicit_ns = match holders.len() {
                    // Held nowhere we know of: assume its own schema's elements hold it.
                    0 => false,
                    1 => !holders.contains(&field.ns),
                    _ => true,
                };
            }
        }
        let mut uris = BTreeSet::new();
        for item in &self.out.items {
            if let ItemKind::Struct(fields) = &item.kind {
                uris.extend(fields.iter().filter(|f| f.explicit_ns && !f.ns.is_empty()).map(|f| f.ns.clone()));
            }
        }
        for uri in uris {
            self.marker(&uri);
        }
    }

    /// The marker type of namespace `uri`, for `InNamespace`.
    pub(crate) fn marker(&mut self, uri: &str) -> String {
        if let Some(name) = self.out.markers.get(uri) {
            return name.clone();
        }
        let whole = uri.split_once("://").map_or(uri, |(_, rest)| rest);
        let wanted = vec![format!("Ns{}", namespace_prefix(uri)), format!("Ns{}", names::upper_camel(whole))];
        let name = self.claim_type(wanted, &format!("the marker of namespace {uri}"));
        self.out.markers.insert(uri.to_owned(), name.clone());
        name
    }
}

/// What tells a type of namespace `ns` from one of the same name in the target namespace:
/// the namespace's last segment (`http://example.org/common` → `Common`, WCF's arrays
/// namespace → `Arrays`), `Unqualified` for none.
fn namespace_prefix(ns: &str) -> String {
    if ns.is_empty() {
        return "Unqualified".to_owned();
    }
    names::upper_camel(ns.trim_end_matches('/').rsplit(['/', ':']).next().unwrap_or(""))
}

/// Whether values of `ty` are text, which a credential is (a string, or base64 bytes): only
/// those members become `soapkit::Secret`.
fn holds_text(ty: &Ty) -> bool {
    matches!(ty, Ty::Path(path) if path == "String" || path == "::soapkit::xsd::Base64Binary")
}

/// Attributes go in the start tag, so they are written (and declared) before any child
/// element, whatever level of derivation declared them.
fn attributes_first(fields: &mut [Field]) {
    fields.sort_by_key(|f| !f.attribute);
}

/// Every complex type that others extend, with all of its descendants in name order.
fn descendants(schemas: &Schemas) -> BTreeMap<QName, Vec<QName>> {
    let mut children: BTreeMap<&QName, Vec<&QName>> = BTreeMap::new();
    for (q, def) in &schemas.types {
        if let TypeDef::Complex(ComplexType { extends: Some(base), .. }) = def
            && base != q
        {
            children.entry(base).or_default().push(q);
        }
    }
    let mut out = BTreeMap::new();
    for base in children.keys() {
        let mut all = BTreeSet::new();
        let mut stack = vec![*base];
        while let Some(next) = stack.pop() {
            for child in children.get(next).into_iter().flatten() {
                if all.insert((*child).clone()) {
                    stack.push(child);
                }
            }
        }
        all.remove(*base);
        out.insert((*base).clone(), all.into_iter().collect());
    }
    out
}
