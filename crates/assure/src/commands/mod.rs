//! One module per command.

mod check;
mod export;
mod import;
mod measures;
mod remind;
mod report;
mod serve;
mod user;

use crate::cli::{Cli, Command, UserCommand};
use crate::config::open_store;
use crate::failure::Failure;
use assure_domain::model::{Actor, Organisation};
use assure_store::Store;

/// Runs the command the person asked for.
pub async fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Import(args) => import::run(&cli.global, args).await,
        Command::Export(args) => export::run(&cli.global, args).await,
        Command::Measures { command } => measures::run(&cli.global, command).await,
        Command::Report(args) => report::run(&cli.global, args).await,
        Command::Check(args) => check::run(&cli.global, args).await,
        Command::Serve(args) => serve::run(&cli.global, args).await,
        Command::Demo(args) => {
            use crate::demo_scale::{MAX_PLANS, MAX_UPDATES};
            if !(1..=MAX_PLANS).contains(&args.plans) {
                return Err(Failure::input(format!(
                    "--plans must be between 1 and {MAX_PLANS}, not {}",
                    args.plans
                )));
            }
            let mut plan = crate::demo::plan_with(args.actions).map_err(Failure::input)?;
            if let Some(n) = args.measures {
                crate::demo_measures::grow(&mut plan, n).map_err(Failure::input)?;
            }
            if let Some(n) = args.updates {
                if n > MAX_UPDATES {
                    return Err(Failure::input(format!(
                        "--updates must be at most {MAX_UPDATES}, not {n}"
                    )));
                }
                let today = assure_domain::clock::uk_date(chrono::Utc::now());
                crate::demo_scale::pad_updates(&mut plan, n, today);
            }
            let store = open_store(&cli.global).await?;
            match crate::demo::load(store.as_ref(), &plan).await? {
                Some(id) => {
                    if args.plans > 1 {
                        let org = store
                            .organisations()
                            .await?
                            .into_iter()
                            .find(|o| o.name == crate::demo::ORGANISATION)
                            .ok_or_else(|| Failure::input("the demo council vanished"))?;
                        crate::demo_scale::add_copies(store.as_ref(), org.id, &plan, args.plans)
                            .await?;
                    }
                    let copies = match args.plans {
                        1 => String::new(),
                        n => format!(" in each of {n} plans"),
                    };
                    println!(
                        "Loaded the demo council ({}) with {} actions{copies}. Sign in as {} with the demo password.\n{id}",
                        crate::demo::ORGANISATION,
                        crate::demo_grow::count(&plan),
                        crate::demo::PEOPLE[0].0
                    );
                }
                None => println!("The demo council is already loaded."),
            }
            Ok(())
        }
        Command::Remind(args) => remind::run(&cli.global, args).await,
        Command::Migrate => {
            open_store(&cli.global).await?;
            println!("The database is up to date.");
            Ok(())
        }
        Command::User {
            command: UserCommand::Add(args),
        } => user::add(&cli.global, args).await,
    }
}

/// The organisation a command works in: the one named, else the only one there is.
/// When there is none, `create_as` (if given) names a new one.
async fn organisation(
    store: &dyn Store,
    named: Option<&str>,
    create_as: Option<&str>,
) -> Result<Organisation, Failure> {
    let all = store.organisations().await?;
    if let Some(name) = named {
        let wanted = name.trim();
        if let Some(org) = all.iter().find(|o| o.name.eq_ignore_ascii_case(wanted)) {
            return Ok(org.clone());
        }
        return match create_as {
            Some(_) => Ok(store
                .create_organisation(wanted, &Actor::system("cli"))
                .await?),
            // Other councils' names are not this person's to learn from a typo.
            None => Err(Failure::input(format!(
                "there is no organisation called {wanted:?}: check its name as Assure's plans list shows it"
            ))),
        };
    }
    match (all.len(), create_as) {
        (1, _) => Ok(all[0].clone()),
        (0, Some(name)) => Ok(store
            .create_organisation(name, &Actor::system("cli"))
            .await?),
        (0, None) => Err(Failure::input(
            "there is no organisation yet: import a plan or run `assure demo` first",
        )),
        _ => Err(Failure::input(format!(
            "there is more than one organisation; choose one with --org ({})",
            names(&all)
        ))),
    }
}

fn names(orgs: &[Organisation]) -> String {
    orgs.iter()
        .map(|o| format!("{:?}", o.name))
        .collect::<Vec<_>>()
        .join(", ")
}
