//! Wrapped arrays: a complex type whose only member is one repeated element (WCF's
//! `ArrayOfPerson` and `ArrayOfint`, svcutil's `Person[]`) is no struct of its own: a field
//! or parameter of that type is `Vec<T>` of the item's type, renamed `Outer/Item` so that
//! soapkit writes and reads the items inside the field's element.

use crate::model::*;

/// The repeated item element of `complex` (the type `q`, or an anonymous one), when it is
/// a wrapped array: no base, no attributes, no text, one element that may repeat and
/// nothing else.
pub(crate) fn item(schemas: &Schemas, q: &QName, complex: &ComplexType) -> Option<Element> {
    let plain = complex.extends.is_none()
        && complex.text.is_none()
        && complex.attributes.is_empty()
        && !complex.any_attribute
        && !complex.abstract_
        && !complex.mixed;
    if !plain {
        return None;
    }
    let particle = match complex.particles.as_slice() {
        [Particle::Sequence(items, occurs)] if !occurs.is_many() && occurs.min <= 1 => match items.as_slice() {
            [one] => one,
            _ => return None,
        },
        [one] => one,
        _ => return None,
    };
    let element = match particle {
        Particle::Element(element, occurs) if occurs.is_many() => element.clone(),
        Particle::Ref(name, occurs, _) if occurs.is_many() => schemas.elements.get(name)?.clone(),
        _ => return None,
    };
    // An item of the array's own type would be an array of arrays: kept as a struct.
    let recursive = matches!(&element.ty, TypeRef::Named(t) if t == q);
    (!recursive).then_some(element)
}
