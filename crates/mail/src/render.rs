//! A digest as an email: the subject (the council's name first), a plain-text body and
//! an HTML body saying the same, in plain English, every action a link.

use assure_domain::reminders::{Kind, Line, Notice};
use chrono::NaiveDate;

/// An email ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

fn day(d: NaiveDate) -> String {
    d.format("%A %-d %B %Y").to_string()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Text made safe to put in HTML.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Line breaks in a subject would start new headers; elsewhere a space does.
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A single line of text: no line breaks (a plan's title goes into the subject).
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where each line of a notice links to, under `base` (the public URL).
fn link(base: &str, n: &Notice, line: &Line) -> String {
    let action = format!("{base}/plans/{}/actions/{}", n.plan_id, line.action_id);
    match n.kind {
        Kind::Invitation | Kind::Reminder | Kind::Chase => format!("{action}/update"),
        Kind::SignOff => format!("{action}/sign-off"),
        Kind::ImpactCheck => format!("{action}/impact-check"),
        Kind::Escalation => action,
    }
}

/// What the email is for, and what to do: (subject after the council's name, opening
/// paragraph, what to do, the page that lists it all).
fn words(n: &Notice, base: &str) -> (String, String, String, String) {
    let count = n.lines.len();
    let plan = one_line(&n.plan_title);
    let deadline = n.deadline.map(day).unwrap_or_default();
    let round = format!("{base}/plans/{}/round", n.plan_id);
    let home = format!("{base}/");
    match n.kind {
        Kind::Invitation => (
            format!("your updates for {} are due by {deadline}", n.period.label),
            format!(
                "The update round for {} of {plan} has opened. You lead {} due an update.",
                n.period.label,
                plural(count, "action", "actions")
            ),
            format!("Please write an update for each by {deadline}."),
            home,
        ),
        Kind::Reminder => (
            format!("reminder: updates due by {deadline}"),
            format!(
                "{} you lead in {plan} still {} an update for {}.",
                plural(count, "action", "actions"),
                if count == 1 { "needs" } else { "need" },
                n.period.label
            ),
            format!("The deadline is {deadline}."),
            home,
        ),
        Kind::Escalation => (
            format!(
                "{} not updated by the deadline ({})",
                plural(count, "action", "actions"),
                n.period.label
            ),
            format!(
                "The deadline for updates to {plan} for {} was {deadline}. {} had no update by then.",
                n.period.label,
                plural(count, "action", "actions")
            ),
            "You may want to chase the leads from the round page, or raise it at the review meeting.".into(),
            round,
        ),
        Kind::SignOff => (
            format!(
                "{} waiting for your sign-off",
                plural(count, "action", "actions")
            ),
            format!(
                "{} in {plan} {} been proposed complete and {} for an owner to sign off.",
                plural(count, "action", "actions"),
                if count == 1 { "has" } else { "have" },
                if count == 1 { "waits" } else { "wait" }
            ),
            "Please look at the evidence and sign off, or say what is missing.".into(),
            home,
        ),
        Kind::ImpactCheck => (
            format!("{} due", plural(count, "impact check", "impact checks")),
            format!(
                "{} in {plan} signed off earlier {} due a check that the impact has lasted.",
                plural(count, "action", "actions"),
                if count == 1 { "is" } else { "are" }
            ),
            "Please confirm the impact has lasted, or reopen the action.".into(),
            home,
        ),
        Kind::Chase => {
            let who = n.chased_by.as_deref().map(one_line).unwrap_or_default();
            (
                format!("{who} asks for your updates by {deadline}"),
                format!(
                    "{who} has asked you to update {} in {plan} for {}.",
                    plural(count, "action", "actions"),
                    n.period.label
                ),
                format!("The deadline is {deadline}."),
                home,
            )
        }
    }
}

/// The email for `n`, its links under `public_url` (e.g. `https://assure.council.example`).
pub fn render(n: &Notice, public_url: &str) -> Rendered {
    let base = public_url.trim_end_matches('/');
    let (what, opening, todo, page) = words(n, base);
    let subject = one_line(&format!("{}: {what}", n.council));
    let greeting = format!("Dear {},", one_line(&n.name));
    let sign = format!(
        "This email comes from Assure, {}'s improvement plan system. You can choose how often Assure emails you on your account page: {base}/account/email",
        one_line(&n.council)
    );
    let sign_html = format!(
        "This email comes from Assure, {}'s improvement plan system. You can choose how often Assure emails you on <a href=\"{}\">your account page</a>.",
        escape(&n.council),
        escape(&format!("{base}/account/email"))
    );

    let mut text = format!("{greeting}\n\n{opening}\n\n");
    for s in &n.summary {
        text.push_str(&format!("- {}\n", one_line(s)));
    }
    if !n.summary.is_empty() {
        text.push('\n');
    }
    for line in &n.lines {
        text.push_str(&format!("- {}\n", one_line(&line.name)));
        if !line.detail.is_empty() {
            text.push_str(&format!("  {}\n", one_line(&line.detail)));
        }
        text.push_str(&format!("  {}\n", link(base, n, line)));
    }
    text.push_str(&format!(
        "\n{todo}\n\nSee everything waiting: {page}\n\n-- \n{sign}\n"
    ));

    let mut html =
        String::from("<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>");
    html.push_str(&escape(&subject));
    html.push_str("</title></head><body style=\"font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c;\">");
    html.push_str(&format!(
        "<p>{}</p><p>{}</p>",
        escape(&greeting),
        escape(&opening)
    ));
    if !n.summary.is_empty() {
        html.push_str("<ul>");
        for s in &n.summary {
            html.push_str(&format!("<li>{}</li>", escape(s)));
        }
        html.push_str("</ul>");
    }
    html.push_str("<ul>");
    for line in &n.lines {
        html.push_str(&format!(
            "<li><a href=\"{}\" style=\"color: #1d70b8;\">{}</a>",
            escape(&link(base, n, line)),
            escape(&line.name)
        ));
        if !line.detail.is_empty() {
            html.push_str(&format!("<br>{}", escape(&line.detail)));
        }
        html.push_str("</li>");
    }
    html.push_str("</ul>");
    html.push_str(&format!(
        "<p>{}</p><p><a href=\"{}\" style=\"color: #1d70b8;\">See everything waiting</a></p><hr><p style=\"font-size: 14px;\">{sign_html}</p></body></html>",
        escape(&todo),
        escape(&page)
    ));
    Rendered {
        subject,
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use assure_domain::periods::Period;
    use assure_domain::reminders::Frequency;
    use uuid::Uuid;

    fn notice(kind: Kind) -> Notice {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).expect("date");
        Notice {
            person_id: Uuid::from_u128(1),
            name: "Claire <Doyle>".into(),
            email: "claire@council.example".into(),
            frequency: Frequency::Each,
            kind,
            plan_id: Uuid::from_u128(2),
            plan_title: "Improvement\nplan".into(),
            council: "Northbridge Borough Council".into(),
            window: "2026-12-01".into(),
            period: Period {
                start: d(12, 1),
                end: d(12, 31),
                label: "December 2026 update".into(),
            },
            deadline: Some(d(12, 21)),
            summary: vec![],
            lines: vec![Line {
                action_id: Uuid::from_u128(3),
                name: "1.1 Audit <script>".into(),
                detail: String::new(),
            }],
            chase_id: None,
            chased_by: Some("Helen Marsh".into()),
        }
    }

    #[test]
    fn the_council_leads_the_subject_and_the_links_go_to_the_work() {
        let r = render(&notice(Kind::Invitation), "https://assure.example/");
        assert_eq!(
            r.subject,
            "Northbridge Borough Council: your updates for December 2026 update are due by Monday 21 December 2026"
        );
        let link = "https://assure.example/plans/00000000-0000-0000-0000-000000000002/actions/00000000-0000-0000-0000-000000000003/update";
        assert!(r.text.contains(link), "{}", r.text);
        assert!(r.html.contains(link));
        assert!(r.text.contains("Improvement plan"), "one line: {}", r.text);
        // Nothing a plan or a person writes becomes markup.
        assert!(r.html.contains("1.1 Audit &lt;script&gt;"));
        assert!(r.html.contains("Claire &lt;Doyle&gt;"));
        assert!(!r.html.contains("<script>"));
        let s = render(&notice(Kind::SignOff), "https://assure.example");
        assert!(s.text.contains("/sign-off"), "{}", s.text);
        assert_eq!(
            s.subject,
            "Northbridge Borough Council: 1 action waiting for your sign-off"
        );
        let c = render(&notice(Kind::Chase), "https://assure.example");
        assert!(c.subject.contains("Helen Marsh asks for your updates"));
    }
}
