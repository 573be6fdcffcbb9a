//! Prints the plan document for a file (or the report with `--report`): a tool for
//! looking at what the importer makes of a plan, e.g. with the fixtures' scorer.
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: import FILE [--report]");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    match assure_import::import_bytes(path, &bytes, &Default::default()) {
        Ok(out) => {
            if args.iter().any(|a| a == "--report") {
                print!("{}", out.report.to_text());
            } else {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&out.document).expect("serialises")
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
