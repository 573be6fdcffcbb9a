//! A plan's glossary (its abbreviations, what each stands for, who holds it and the person
//! it is linked to) and the links of the plan's leads to people.

use crate::Result;
use assure_domain::model::{Actor, GlossaryFields};
use async_trait::async_trait;
use uuid::Uuid;

/// One lead of a plan, as written, to be linked to a person (or to nobody).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadLink {
    /// The lead as the plan writes it.
    pub text: String,
    /// The person it was linked to when the form was drawn.
    pub was: Option<Uuid>,
    /// The person to link it to; `None` unlinks it.
    pub person: Option<Uuid>,
}

/// What [`GlossaryStore::link_leads`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkOutcome {
    /// The leads linked as asked.
    pub linked: Vec<String>,
    /// The leads someone else linked meanwhile (to someone other than `was`): left as
    /// they are now, for the person to look at again.
    pub conflicted: Vec<String>,
}

/// A plan's glossary and its lead links.
#[async_trait]
pub trait GlossaryStore: Send + Sync {
    /// Adds an abbreviation to a plan's glossary, after its entries. Its text is trimmed;
    /// a person, when given, is linked to the plan's leads written the same way too.
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) for an empty abbreviation or
    /// text over `domain::input`'s limits; [`StoreError::Duplicate`](crate::StoreError::Duplicate)
    /// when the glossary already has the abbreviation (ignoring case);
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for a person of another
    /// organisation.
    async fn add_glossary_entry(
        &self,
        plan_id: Uuid,
        fields: &GlossaryFields,
        actor: &Actor,
    ) -> Result<Uuid>;

    /// Changes a glossary entry, as [`add_glossary_entry`](Self::add_glossary_entry) checks
    /// it.
    ///
    /// # Errors
    /// As adding, and [`StoreError::Conflict`](crate::StoreError::Conflict) on a stale
    /// version.
    async fn edit_glossary_entry(
        &self,
        plan_id: Uuid,
        id: Uuid,
        expected_version: i64,
        fields: &GlossaryFields,
        actor: &Actor,
    ) -> Result<()>;

    /// Removes a glossary entry (the plan's leads keep their links).
    ///
    /// # Errors
    /// [`StoreError::Conflict`](crate::StoreError::Conflict) on a stale version.
    async fn remove_glossary_entry(
        &self,
        plan_id: Uuid,
        id: Uuid,
        expected_version: i64,
        actor: &Actor,
    ) -> Result<()>;

    /// Links several leads of a plan to people at once, in one transaction with one audit
    /// event per lead. A lead someone else linked meanwhile is left as it is and reported.
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) when the plan writes no lead
    /// (nor glossary entry) that way; [`StoreError::NotFound`](crate::StoreError::NotFound)
    /// for a person of another organisation. Nothing is written then.
    async fn link_leads(
        &self,
        plan_id: Uuid,
        links: &[LeadLink],
        actor: &Actor,
    ) -> Result<LinkOutcome>;
}
