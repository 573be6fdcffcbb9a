//! What every page's frame shows: who is signed in (with the sign-out form and its CSRF
//! token) and which section of the navigation is current.

use crate::auth::CurrentUser;
use assure_domain::model::OrgRole;

/// The signed-in person as the frame shows them.
pub struct Me {
    pub name: String,
    pub csrf_token: String,
    pub is_admin: bool,
}

/// The page frame's data; every page template has one, named `chrome`.
pub struct Chrome {
    pub me: Option<Me>,
    /// "home", "plans", "people" or "".
    pub current: String,
}

impl Chrome {
    /// The frame for a signed-in person.
    pub fn for_user(user: &CurrentUser, current: &'static str) -> Self {
        Self {
            me: Some(Me {
                name: user.user.name.clone(),
                csrf_token: user.csrf_token.clone(),
                is_admin: user.user.role == OrgRole::Admin,
            }),
            current: current.to_string(),
        }
    }

    /// The frame with nobody signed in (sign-in and error pages).
    pub fn anonymous() -> Self {
        Self {
            me: None,
            current: String::new(),
        }
    }

    pub fn signed_in(&self) -> bool {
        self.me.is_some()
    }

    pub fn people_link(&self) -> bool {
        self.me.as_ref().is_some_and(|m| m.is_admin)
    }
}
