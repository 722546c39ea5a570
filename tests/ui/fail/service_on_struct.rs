use soapkit::soap_service;

#[soap_service(ns = "urn:x")]
pub struct Person;
fn main() {}
