//! The correct forms, together: every argument, every return shape.
#![deny(warnings, missing_docs, unused_qualifications, unreachable_pub)]

use serde::{Deserialize, Serialize};
use soapkit::{soap_operation, soap_service};

/// A value.
#[derive(Debug, Serialize, Deserialize)]
pub struct Entity {
    /// Its id.
    pub id: i32,
}

/// Every form an operation may take.
#[soap_service(ns = "urn:example:svc", action_base = "urn:example:svc/Agent", rename_all = "camelCase")]
pub trait Agent {
    /// Unit result.
    #[soap_operation(action = "Delete")]
    async fn delete(&self, person_id: i32) -> soapkit::Result<()>;
    /// A struct in, a struct out, another namespace, explicit names.
    #[soap_operation(ns = "urn:example:other", action = "Save", response = "SaveResult", result = "Entity", soap_action = "")]
    async fn save(&self, #[soap(rename = "Entity")] entity: Entity) -> Result<Entity, soapkit::Error>;
    /// Headers with the value.
    #[soap_operation(action = "Find")]
    async fn find(&self, query: String, limit: Option<u32>) -> soapkit::Result<soapkit::Reply<Vec<Entity>>>;
}

fn main() {
    fn assert_clone_send_sync<T: Clone + Send + Sync + std::fmt::Debug>() {}
    assert_clone_send_sync::<AgentClient>();
}
