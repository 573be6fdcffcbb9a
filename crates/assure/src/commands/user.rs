//! `assure user add`: people, from the command line (the first admin, scripted set-up).

use super::organisation;
use crate::cli::{Global, Role, UserAddArgs};
use crate::config::open_store;
use crate::failure::Failure;
use assure_domain::model::{Actor, OrgRole};
use assure_store::NewUser;

pub async fn add(global: &Global, args: UserAddArgs) -> Result<(), Failure> {
    let password = match std::env::var("ASSURE_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            rpassword::prompt_password(format!("Password for {}: ", args.email)).map_err(|e| {
                Failure::input(format!(
                    "no password: set ASSURE_PASSWORD or run in a terminal ({e})"
                ))
            })?
        }
    };
    assure_web::password::check(&password, &[args.name.as_str(), args.email.as_str()])
        .map_err(|e| Failure::input(format!("the password cannot be used: {e}")))?;
    let hash = assure_web::password::hash(&password).map_err(|e| Failure::input(e.to_string()))?;
    let store = open_store(global).await?;
    // On a fresh install the first admin names the council with --org, which creates
    // it; once there is one, --org must name an existing council (a typo is an error).
    let fresh = store.organisations().await?.is_empty();
    if fresh && args.org.is_none() {
        return Err(Failure::input(
            "there is no organisation yet: name the council with --org, for example --org \"Northbridge Borough Council\"",
        ));
    }
    let create_as = if fresh { args.org.as_deref() } else { None };
    let org = organisation(store.as_ref(), args.org.as_deref(), create_as).await?;
    let role = match args.role {
        Role::Admin => OrgRole::Admin,
        Role::Member => OrgRole::Member,
    };
    let user = store
        .create_user(
            NewUser {
                org_id: org.id,
                email: args.email,
                name: args.name,
                role,
                password_hash: Some(hash),
            },
            &Actor::system("cli"),
        )
        .await?;
    println!(
        "Added {} <{}> as {} of {}.",
        user.name,
        user.email,
        role.as_str(),
        org.name
    );
    println!("{}", user.id);
    Ok(())
}
