#!/usr/bin/env python3
"""Builds the layout fixtures in crates/import/tests/layouts: one or more per layout
family of shared/spec/import-layouts.md, each a fictional plan in a real layout, with
its expected plan document (truth/<stem>.json, written here by hand) and notes.

  pip install python-docx openpyxl
  python3 scripts/layout_fixtures.py

The generated files are committed; CI never runs this. Score them with
  python3 ../shared/tools/score_import.py --run "target/release/assure import {file} --dry-run --format json" crates/import/tests/layouts
"""
import datetime as dt
from layout_fixtures_lib import *  # noqa: F401,F403

FIXTURES = []


def fixture(f):
    FIXTURES.append(f)
    return f


# 1 + 22: area headings above tables, page furniture around them --------------------
@fixture
def l01():
    areas = [
        Area("Children in need have plans that say what will change", ref="1", actions=[
            A("Introduce a plan template with one outcome for each need", ref="1.1", leads=["HoS CIN"],
              due=month("June 2025", "2025-06-30"), status=S("Green"),
              updates=[U("Template agreed at the practice forum in May.")]),
            A("Audit twenty plans a month and feed back to teams", ref="1.2", leads=["QA Lead"],
              due=W("Monthly", "recurring", None, "monthly"), status=S("Amber"),
              updates=[U("First two audits done; the third was late.")]),
        ]),
        Area("Managers record oversight at every key decision", ref="2", actions=[
            A("Publish a standard for what an oversight entry records", ref="2.1", leads=["AD Safeguarding"],
              due=month("April 2025", "2025-04-30"), status=S("Green"), updates=[]),
            A("Report cases with no oversight for twenty working days", ref="2.2", leads=["Systems Manager", "HoS"],
              due=month("September 2025", "2025-09-30"), status=S("Red"),
              updates=[U("Report specified; awaiting the supplier.")]),
        ]),
    ]
    plan = Plan("Brackenford Council Children's Services Improvement Plan", areas,
                org="Brackenford Council", status_scheme=scheme(*RAG))
    w = Word()
    w.para("APPENDIX B")
    w.para("AGENDA ITEM 11")
    w.title("Brackenford Council Children's Services Improvement Plan")
    w.para("Version 17 080625")
    w.para("This plan sets out how we will respond to the findings of our inspection. It is reviewed by the improvement board each month.")
    head = ["Ref", "Action", "Lead", "Timescale", "RAG", "Update"]
    for ar in areas:
        w.heading(f"Area for improvement {ar['ref']}: {ar['title']}", 2)
        w.table([head] + [[a["ref"], a["text"], src(a, "lead"), src(a, "due"), src(a, "status"), src(a, "update")]
                          for a in ar["actions"]])
        w.para("Page 1 of 31" if ar["ref"] == "1" else "Page 2 of 31")
    notes = """
Families 1 (area heading above each table) and 22 (page furniture: "APPENDIX B",
"AGENDA ITEM 11", a version stamp, "Page n of 31" after each table). None of the
furniture is an area or an action; the title is the Title-style heading, not "APPENDIX B".
Status column "RAG" declares the Red/Amber/Green scheme.
"""
    write("l01-heading-areas-furniture", plan, notes, {"l01-heading-areas-furniture.docx": w.bytes()})


# 2: area as a column, merged down, with inspection-report paragraph references -----
@fixture
def l02():
    areas = [
        Area("The quality of assessments is too variable", ref="17", actions=[
            A("Refresh the assessment guidance with worked examples", leads=["Principal Social Worker"],
              due=month("March 2025", "2025-03-31"), status=S("Green")),
            A("Run assessment workshops for every team", leads=["Workforce Development Manager"],
              due=month("May 2025", "2025-05-31"), status=S("Amber")),
            A("Dip-sample assessments monthly and publish the findings", leads=["QA Manager"],
              due=W("Monthly", "recurring", None, "monthly"), status=S("Green")),
        ]),
        Area("Care leavers do not all know their entitlements", ref="23", actions=[
            A("Publish the local offer in plain English", leads=["Head of Leaving Care"],
              due=month("February 2025", "2025-02-28"), status=S("Green")),
            A("Personal advisers go through the offer at each pathway review", leads=["Team Manager, Leaving Care"],
              due=W("Ongoing", "recurring"), status=S("Red")),
        ]),
    ]
    plan = Plan("Thornbury Vale Council: Post-inspection Action Plan", areas,
                org="Thornbury Vale Council", status_scheme=scheme(*RAG))
    x = Excel()
    ws = x.sheet("Action plan")
    put(ws, 1, ["Thornbury Vale Council: Post-inspection Action Plan"])
    put(ws, 3, ["Ofsted Area for Improvement", "Report para", "Action", "Lead officer", "Target date", "RAG"])
    r = 4
    paras = {"17": "17. (57, 138)", "23": "23. (92)"}
    for ar in areas:
        first = r
        for k, a in enumerate(ar["actions"]):
            put(ws, r, [ar["title"] if k == 0 else "", paras[ar["ref"]] if k == 0 else "", a["text"],
                        src(a, "lead"), src(a, "due"), {"text": src(a, "status"), "fill": FILL[a["status"]["label"]]}])
            r += 1
        ws.merge_cells(start_row=first, end_row=r - 1, start_column=1, end_column=1)
        ws.merge_cells(start_row=first, end_row=r - 1, start_column=2, end_column=2)
    # the same areas as CSV, the area repeated on every row
    rows = [["Ofsted Area for Improvement", "Report para", "Action", "Lead officer", "Target date", "RAG"]]
    for ar in areas:
        for a in ar["actions"]:
            rows.append([ar["title"], paras[ar["ref"]], a["text"], src(a, "lead"), src(a, "due"), src(a, "status")])
    plan_csv = dict(plan)
    plan_csv["title"] = "Actions"
    plan_csv["organisation"] = None
    notes = """
Family 2: the area is a column. In the workbook it is merged down its rows, with a
column of inspection-report paragraph references beside it ("17. (57, 138)": the main
paragraph, related ones in brackets) that gives the area its ref ("17"). The CSV
(l02b) repeats the area on every row and has no title (the document title is the
fallback "Actions" in its truth... a CSV has no title line, so the importer's fallback
title is accepted). Family 24: merged cells, wrapped text, RAG letters on fills.
Leads with commas in a role ("Team Manager, Leaving Care") are one lead.
"""
    write("l02-area-column-merged", plan, notes, {"l02-area-column-merged.xlsx": x.bytes()})
    notes_b = "Family 2 as a CSV: the area repeated on every row with the report paragraphs beside it. " \
              "No title line: the expected title is the importer's fallback (the file stem) and is not part of the layout under test."
    plan_csv["title"] = "l02b-area-column-repeated"
    write("l02b-area-column-repeated", plan_csv, notes_b, {"l02b-area-column-repeated.csv": csv_bytes(rows)})


# 3: section banners in capitals (Every Child Matters outcomes) with a rating beside --
@fixture
def l03():
    areas = [
        Area("Health assessments for children in care are on time", ref="1", group="BE HEALTHY", actions=[
            A("Agree a joint tracker of assessments with the health provider", ref="1.1",
              leads=["Designated Nurse"], due=month("December 2024", "2024-12-31"), status=S("Green")),
            A("Escalate any assessment later than 20 days to the head of service", ref="1.2",
              leads=["Team Manager"], due=W("Weekly", "recurring", None, "weekly"), status=S("Amber")),
        ]),
        Area("Young people get timely emotional wellbeing support", ref="2", group="BE HEALTHY", actions=[
            A("Open a drop-in wellbeing clinic in each locality", ref="2.1",
              leads=["CAMHS Lead"], due=month("January 2025", "2025-01-31"), status=S("Red")),
        ]),
        Area("Return home interviews are offered within 72 hours", ref="3", group="STAY SAFE", actions=[
            A("Move return home interviews to the adolescent team", ref="3.1",
              leads=["Adolescent Service Manager"], due=month("November 2024", "2024-11-30"), status=S("Green")),
            A("Report the 72-hour rate to the partnership monthly", ref="3.2",
              leads=["Performance Officer"], due=W("Monthly", "recurring", None, "monthly"), status=S("Green")),
        ]),
    ]
    plan = Plan("Merebrook Council Children and Young People's Plan: Action Plan", areas,
                org="Merebrook Council", status_scheme=scheme(*RAG))
    w = Word()
    w.title("Merebrook Council Children and Young People's Plan: Action Plan")
    w.para("Ratings are those agreed at the last partnership board.")
    rows = [["Ref", "Action", "Lead", "Timescale", "RAG"]]
    last_group = None
    for ar in areas:
        if ar["group"] != last_group:
            rows.append(("banner", ar["group"] + ("        CAMHS AMBER" if ar["group"] == "BE HEALTHY" else "")))
            last_group = ar["group"]
        rows.append(("banner", f"{ar['ref']}. {ar['title']}"))
        for a in ar["actions"]:
            rows.append([a["ref"], a["text"], src(a, "lead"), src(a, "due"), {"text": src(a, "status"), "fill": FILL[a["status"]["label"]]}])
    w.banner_table(rows)
    for ar in areas:
        if ar["group"] == "BE HEALTHY":
            ar["group"] = "BE HEALTHY CAMHS AMBER"
    notes = """
Family 3: section banners inside one table. A banner in capitals is an Every Child
Matters outcome (the group), written with a rating beside it ("BE HEALTHY  CAMHS
AMBER": the group keeps the whole line as written, spaces folded); numbered banners
under it ("1. Health assessments …") are the areas, ref "1". Both banners span the
whole row.
"""
    write("l03-ecm-banners", plan, notes, {"l03-ecm-banners.docx": w.bytes()})


# 4 + 17: "Theme: weakness" line above each table; old-style timescales -------------
@fixture
def l04():
    areas = [
        Area("Referral: too many contacts are passed on without a decision within 24 hours", actions=[
            A("Put a senior practitioner on the duty desk every day", leads=["K.McN"],
              due=month("End Oct 03", "2003-10-31")),
            A("Track the time from contact to decision each week", leads=["Duty Manager"],
              start=month("From Oct 03", "2003-10-01"), due=W("From Oct 03", "text")),
            A("Agree thresholds with the police and schools", leads=["AD Children's Services"],
              due=month("Nov. 03", "2003-11-30")),
        ]),
        Area("Reviews: child protection reviews are not always held on time", actions=[
            A("Add a second conference chair", leads=["Head of Safeguarding"],
              due=month("June 03", "2003-06-30")),
            A("Fund the chairs from next year's budget", leads=["Finance Manager"],
              due=month("03/04", "2004-03-31")),
            A("Report late reviews to the safeguarding board", leads=["Board Manager"],
              due=W("Already in place", "in_place")),
        ]),
    ]
    plan = Plan("Kestrel Moor Council Social Services Action Plan 2003", areas,
                org="Kestrel Moor Council", status_scheme=[])
    w = Word()
    w.title("Kestrel Moor Council Social Services Action Plan 2003")
    w.para("Wednesday, 5th November, 2003")
    for ar in areas:
        w.para(ar["title"], bold=True)
        w.table([["Action", "Who", "By when"]] +
                [[a["text"], src(a, "lead"), src(a, "due")] for a in ar["actions"]])
    notes = """
Family 4: each area is one line "Theme: the inspectors' finding" (bold) above its
table. Family 17: old timescales "End Oct 03" (month, due its last day), "From Oct 03"
(a start; the due is that text with no date, as "August 2021 (commence)" in the shared
plans), "Nov. 03", "June 03", a financial year "03/04" (due at its end, 31 March 2004),
"Already in place". Family 22: a dateline under the title is not an area.
"""
    write("l04-theme-lines-timescales", plan, notes, {"l04-theme-lines-timescales.docx": w.bytes()})


# 5: numbered sub-actions inside one cell, parallel cells paired by paragraph -------
@fixture
def l05():
    areas = [
        Area("Strategic partnerships hold each other to account", ref="1", actions=[
            A("Agree a shared data set for the partnership board", ref="1.1", leads=["Head of Performance"],
              due=month("January 2025", "2025-01-31"), status=S("Green"), updates=[U("Data set agreed.")]),
            A("Hold a quarterly challenge session on the data", ref="1.2", leads=["Partnership Manager"],
              due=month("March 2025", "2025-03-31"), status=S("Amber"), updates=[U("First session booked.")]),
            A("Publish an annual report of what changed", ref="1.3", leads=["Partnership Manager"],
              due=month("June 2025", "2025-06-30"), status=S("Red"), updates=[U("Not started.")]),
        ]),
        Area("Children's voices shape their plans", ref="2", actions=[
            A("Use a single child's-view form before every review", ref="2.A", leads=["IRO Manager"],
              due=month("February 2025", "2025-02-28"), status=S("Green")),
            A("Offer an advocate to every child before their first review", ref="2.B", leads=["IRO Manager"],
              due=month("February 2025", "2025-02-28"), status=S("Green")),
        ]),
    ]
    plan = Plan("Ashcombe Council Improvement Plan 2024-25", areas, org="Ashcombe Council",
                status_scheme=scheme(*RAG))
    w = Word()
    w.title("Ashcombe Council Improvement Plan 2024-25")
    rows = [["No.", "Area for improvement", "Actions", "Lead", "Timescale", "RAG", "Progress"]]
    a1 = areas[0]["actions"]
    rows.append(["1", areas[0]["title"],
                 "\n".join(f"{i + 1}. {a['text']}" for i, a in enumerate(a1)),
                 "\n".join(src(a, "lead") for a in a1),
                 "\n".join(src(a, "due") for a in a1),
                 "\n".join(src(a, "status") for a in a1),
                 "\n".join(src(a, "update") for a in a1)])
    a2 = areas[1]["actions"]
    rows.append(["2", areas[1]["title"],
                 "\n".join(f"({chr(65 + i)}) {a['text']}" for i, a in enumerate(a2)),
                 "IRO Manager", "February 2025", "Green", ""])
    w.table(rows)
    notes = """
Family 5: numbered sub-actions inside one cell ("1. …", "2. …" and "(A) …", "(B) …").
Each becomes its own action; its ref is the row's number with the item's label
("1.1", "2.A"); the item marker is not part of the text. Lead, timescale, RAG and
progress hold one paragraph per sub-action in the same order (paired line by line);
in the second row they hold one value, shared by both sub-actions. The area is the
"Area for improvement" column with the row number as its ref.
"""
    write("l05-numbered-subactions", plan, notes, {"l05-numbered-subactions.docx": w.bytes()})


# 6: the same row number repeated for sub-actions, outcomes repeated ----------------
@fixture
def l06():
    out = "Fewer children come back into care within a year"
    areas = [
        Area("3. Reunification is planned and supported", ref=None, actions=[
            A("(A) Assess every reunification against the practice framework", ref="3.1", leads=["HoS Children in Care"],
              due=month("March 2025", "2025-03-31"), impact=out, status=S("Green")),
            A("(B) Offer a family support worker for six months after return", ref="3.1", leads=["Early Help Manager"],
              due=month("May 2025", "2025-05-31"), impact=out, status=S("Amber")),
            A("Review every breakdown at the permanence panel", ref="3.2", leads=["Panel Chair"],
              due=W("Quarterly", "recurring", None, "quarterly"), impact=out, status=S("Green")),
        ]),
        Area("4. Connected carers are assessed quickly", ref=None, actions=[
            A("(A) Start viability assessments within five working days", ref="4.1", leads=["Fostering Manager"],
              due=month("January 2025", "2025-01-31"), impact="Connected carers approved within 16 weeks", status=S("Red")),
            A("(B) Report assessment timeliness to the permanence board", ref="4.1", leads=["Performance Officer"],
              due=W("Monthly", "recurring", None, "monthly"), impact="Connected carers approved within 16 weeks", status=S("Green")),
        ]),
    ]
    plan = Plan("l06-repeated-row-numbers", areas, status_scheme=scheme(*RAG))
    rows = [["Area", "No", "Action", "Outcomes", "Lead", "Deadline", "RAG"]]
    for ar in areas:
        for a in ar["actions"]:
            rows.append([ar["title"], a["ref"], a["text"], a["impact"], src(a, "lead"), src(a, "due"), src(a, "status")])
    notes = """
Family 6: the same row number ("3.1") repeated for sub-actions whose text starts
"(A)", "(B)"; the outcomes text repeated on each sub-row. Each row is its own action,
kept as written (the ref repeats). The area column carries the number ("3. …"), kept
in the title as written (the shared plan-004 reads "5. Explore provision…" the same way).
A CSV has no title: the expected title is the file stem.
"""
    write("l06-repeated-row-numbers", plan, notes, {"l06-repeated-row-numbers.csv": csv_bytes(rows)})


# 7: question-style columns, "What" merged over several "How" rows -----------------
@fixture
def l07():
    areas = [
        Area("Ensure that children at risk of exploitation are identified early", ref=None, actions=[
            A("Build a shared picture of exploitation risk", children=[
                A("Weekly multi-agency exploitation meeting with police and schools", leads=["Exploitation Lead"],
                  due=month("January 2025", "2025-01-31"), status=S("Complete", "complete")),
                A("Map locations of concern every quarter", leads=["Community Safety Analyst"],
                  due=month("April 2025", "2025-04-30"), status=S("On track", "on_track")),
            ]),
            A("Train staff to recognise exploitation", children=[
                A("Deliver exploitation training to every social worker", leads=["Workforce Lead"],
                  due=month("March 2025", "2025-03-31"), status=S("Delayed", "at_risk")),
            ]),
        ]),
        Area("Ensure that missing episodes are followed up", ref=None, actions=[
            A("Strengthen return home interviews", children=[
                A("Commission an independent return home interview service", leads=["Commissioning Manager"],
                  due=month("June 2025", "2025-06-30"), status=S("On track", "on_track")),
                A("Report interview uptake to the safeguarding partnership", leads=["Performance Officer"],
                  due=W("Quarterly", "recurring", None, "quarterly"), status=S("Not started", "not_started")),
            ]),
        ]),
    ]
    plan = Plan("Linwood Council Exploitation and Missing Action Plan", areas, org="Linwood Council",
                status_scheme=scheme("Complete", "On track", "Delayed", "Not started",
                                     described={"Complete": ("complete", None), "On track": ("on_track", None),
                                                "Delayed": ("at_risk", None), "Not started": ("not_started", None)}))
    w = Word()
    w.title("Linwood Council Exploitation and Missing Action Plan")
    rows = [["What is the over-arching recommendation?", "What?", "How?", "When?", "Who?", "Status"]]
    for ar in areas:
        first_rec = True
        for a in ar["actions"]:
            first_what = True
            for c in a["children"]:
                rows.append([ar["title"] if first_rec else None, a["text"] if first_what else None,
                             c["text"], src(c, "due"), src(c, "lead"), src(c, "status")])
                first_rec = first_what = False
    w.table(rows)
    for s in plan["status_scheme"]:
        s["description"] = None
    notes = """
Family 7: question-style columns. "What is the over-arching recommendation?" is the
area (merged down); "What?" is merged down over several "How?" rows: the What is an
action whose How rows are its children, each How with its own When, Who and Status.
The status scheme is the labels used (no legend).
"""
    write("l07-question-columns", plan, notes, {"l07-question-columns.docx": w.bytes()})


# 8 + 24: one sheet per area, a summary sheet of counts, a hidden sheet --------------
@fixture
def l08():
    areas = [
        Area("Front door", actions=[
            A("Recruit two permanent MASH team managers", ref="FD1", leads=["Head of MASH"],
              due=day("31/03/2025", "2025-03-31"), status=S("Green")),
            A("Publish the threshold document with partners", ref="FD2", leads=["Partnership Manager"],
              due=day("28/02/2025", "2025-02-28"), status=S("Amber")),
        ]),
        Area("Children in care", actions=[
            A("Open a second children's home in the borough", ref="CIC1", leads=["Head of Placements"],
              due=day("30/09/2025", "2025-09-30"), status=S("Red")),
            A("Review every placement over two years from home", ref="CIC2", leads=["IRO Manager"],
              due=day("30/06/2025", "2025-06-30"), status=S("Green")),
        ]),
        Area("Care leavers", actions=[
            A("Offer every care leaver a health passport", ref="CL1", leads=["Leaving Care Manager"],
              due=day("31/01/2025", "2025-01-31"), status=S("Blue")),
        ]),
    ]
    plan = Plan("Holloway Fen Council Improvement Workbook", areas, org="Holloway Fen Council",
                status_scheme=scheme(*BRAG))
    x = Excel()
    s = x.sheet("Summary")
    put(s, 1, ["Holloway Fen Council Improvement Workbook"])
    put(s, 3, ["Area", "Actions", "Blue", "Red", "Amber", "Green"])
    put(s, 4, ["Front door", 2, 0, 0, 1, 1])
    put(s, 5, ["Children in care", 2, 0, 1, 0, 1])
    put(s, 6, ["Care leavers", 1, 1, 0, 0, 0])
    put(s, 7, ["Total", 5, 1, 1, 1, 2])
    for ar in areas:
        ws = x.sheet(ar["title"])
        put(ws, 1, [ar["title"]])
        put(ws, 2, ["Ref", "Action", "Lead", "Notes (internal)", "Due date", "BRAG"])
        ws.column_dimensions["D"].hidden = True
        for k, a in enumerate(ar["actions"]):
            d = dt.datetime.strptime(a["due"]["date"], "%Y-%m-%d")
            put(ws, 3 + k, [a["ref"], a["text"], src(a, "lead"), "", d, src(a, "status")])
    h = x.sheet("Lists")
    for k, v in enumerate(["Blue", "Red", "Amber", "Green"]):
        put(h, 1 + k, [v])
    h.sheet_state = "hidden"
    notes = """
Family 8: one sheet per area (the sheet's first row is the area), plus a summary
sheet of counts that is not a plan table, plus a hidden sheet holding the BRAG list.
Family 24: a hidden, empty column and dates stored as numbers shown as dd/mm/yyyy.
The BRAG column declares the four-colour scheme.
"""
    write("l08-sheet-per-area", plan, notes, {"l08-sheet-per-area.xlsx": x.bytes()})


# 9: unlabelled header cells (numbers and dates under empty headings) ----------------
@fixture
def l09():
    areas = [
        Area("Permanence Action Plan - Wrenfield Council", actions=[
            A("Set up a permanence tracking meeting every fortnight", ref="1", leads=["HoS Permanence"],
              due=day("31/01/2025", "2025-01-31"), status=S("Green")),
            A("Agree a parallel planning policy with the courts", ref="2", leads=["Legal Services Manager"],
              due=day("28/02/2025", "2025-02-28"), status=S("Amber")),
            A("Train team managers in care planning for permanence", ref="3", leads=["Principal Social Worker"],
              due=day("31/03/2025", "2025-03-31"), status=S("Green")),
            A("Review every child with a plan for adoption over 12 months", ref="4", leads=["Adoption Manager"],
              due=day("30/04/2025", "2025-04-30"), status=S("Red")),
        ]),
    ]
    plan = Plan("Permanence Action Plan - Wrenfield Council", areas, org="Wrenfield Council",
                status_scheme=scheme(*RAG))
    lines = ["Permanence Action Plan - Wrenfield Council", "",
             tsv(["", "Action", "Lead", "", "Progress"])]
    for a in areas[0]["actions"]:
        lines.append(tsv([a["ref"], a["text"], src(a, "lead"), src(a, "due"), src(a, "status")]))
    notes = """
Family 9: unlabelled header cells. The first column (numbers) and the fourth (dates)
have no heading: the numbers are the refs, the dates the timescale. "Progress" holds
only colour words, so it is the status. Pasted text (tab-separated). No area heading:
the one area takes the plan's title, as the importer does for any plan without one.
"""
    write("l09-unlabelled-headers", plan, notes, {"l09-unlabelled-headers.txt": text_bytes(lines)})


# 10: two header rows: template guidance under the real header ----------------------
@fixture
def l10():
    areas = [
        Area("Supervision is regular and reflective", ref="1", actions=[
            A("Set a supervision standard of every four weeks", leads=["PSW"],
              due=month("December 2024", "2024-12-31"), status=S("Green"),
              updates=[U("Standard agreed and published.")]),
            A("Report supervision frequency by team each month", leads=["Performance Team"],
              due=W("Monthly", "recurring", None, "monthly"), status=S("Amber"),
              updates=[U("Report built; two teams below the standard.")]),
        ]),
        Area("Placement sufficiency meets local need", ref="2", actions=[
            A("Recruit twenty new foster carers", leads=["Fostering Manager"],
              due=month("March 2026", "2026-03-31"), status=S("Red"),
              updates=[U("Six approved so far.")]),
        ]),
    ]
    plan = Plan("Oxley Marsh Council Ofsted Action Plan", areas, org="Oxley Marsh Council",
                status_scheme=scheme(*RAG))
    w = Word()
    w.title("Oxley Marsh Council Ofsted Action Plan")
    for ar in areas:
        w.heading(f"Recommendation {ar['ref']}: {ar['title']}", 2)
        rows = [["Action", "Responsible officer", "Target date", "Progress indicator", "Commentary"],
                ["What will we do?", "Who is accountable?", "12 March 2024",
                 "Red / Amber / Green", "What has happened since the last report?"]]
        rows += [[a["text"], src(a, "lead"), src(a, "due"), src(a, "status"), src(a, "update")] for a in ar["actions"]]
        w.table(rows)
    notes = """
Family 10: two header rows: the real header, then a row of template guidance (a
question per column, the report's publication date "12 March 2024" under "Target
date", "Red / Amber / Green" under "Progress indicator"). The guidance row is not an
action. "Progress indicator" holds the colour words: the status.
"""
    write("l10-guidance-row", plan, notes, {"l10-guidance-row.docx": w.bytes()})


# 10b + 12: a group header over sub-columns (Q1..Q4 under "Progress 2024/25") --------
@fixture
def l11():
    areas = [
        Area("Early help", actions=[
            A("Launch the family hub in the north locality", ref="EH1", leads=["Early Help Manager"],
              start=month("April 2024", "2024-04-01"), due=month("March 2025", "2025-03-31"),
              status=S("G"), updates=[U("Q1 2024/25: A", "2024-06-30"), U("Q2 2024/25: G", "2024-09-30"), U("Q3 2024/25: G", "2024-12-31")]),
            A("Train partners to lead early help assessments", ref="EH2", leads=["Partnership Trainer"],
              start=month("June 2024", "2024-06-01"), due=month("December 2024", "2024-12-31"),
              status=S("R"), updates=[U("Q1 2024/25: A", "2024-06-30"), U("Q2 2024/25: R", "2024-09-30")]),
            A("Publish the early help strategy", ref="EH3", leads=["Head of Early Help"],
              start=month("April 2024", "2024-04-01"), due=month("September 2024", "2024-09-30"),
              status=S("B"), updates=[U("Q1 2024/25: G", "2024-06-30"), U("Q2 2024/25: G", "2024-09-30"), U("Q3 2024/25: B", "2024-12-31")]),
        ]),
    ]
    plan = Plan("Pemberton Hythe Council Early Help Improvement Plan", areas, org="Pemberton Hythe Council",
                status_scheme=scheme("B", "R", "A", "G", described={"B": ("complete", None), "R": ("off_track", None), "A": ("at_risk", None), "G": ("on_track", None)}))
    x = Excel()
    ws = x.sheet("Plan")
    put(ws, 1, ["Pemberton Hythe Council Early Help Improvement Plan"])
    put(ws, 3, ["Workstream", "Ref", "Action", "Lead", "Timescale", "", "Progress 2024/25", "", "", ""])
    put(ws, 4, ["", "", "", "", "Start", "End", "Q1", "Q2", "Q3", "Q4"])
    ws.merge_cells("E3:F3")
    ws.merge_cells("G3:J3")
    r = 5
    for a in areas[0]["actions"]:
        qs = [u["text"].split(": ")[1] for u in a["updates"]] + [a["status"]["label"]]
        qs = qs[:len(a["updates"])] if qs[len(a["updates"]) - 1] == a["status"]["label"] and False else qs
        vals = [u["text"].split(": ")[1] for u in a["updates"]]
        row = ["Early help" if r == 5 else "", a["ref"], a["text"], src(a, "lead"), a["start"]["text"], a["due"]["text"]]
        row += [{"text": v, "fill": FILL[{"R": "Red", "A": "Amber", "G": "Green", "B": "Blue"}[v]]} for v in vals]
        put(ws, r, row)
        r += 1
    ws.merge_cells("A5:A7")
    # the status now is the latest quarter filled; history is every earlier quarter
    for a in areas[0]["actions"]:
        a["updates"] = a["updates"][:-1]
    plan["status_scheme"] = scheme("B", "R", "A", "G", described={"B": ("complete", None), "R": ("off_track", None), "A": ("at_risk", None), "G": ("on_track", None)})
    notes = """
Families 10 and 12: two header rows, a group header over sub-columns ("Timescale"
over "Start | End", "Progress 2024/25" over "Q1 | Q2 | Q3 | Q4"). Each quarter column
is the status for that period: the latest filled one is the current status; every
earlier one is a dated update "Q1 2024/25: A" dated the quarter's last day (financial
year: Q1 ends 30 June). Letters on fills (family 14). Workstream merged down (family 2).
The status scheme is the letters used (B, R, A, G).
"""
    write("l11-group-header-quarters", plan, notes, {"l11-group-header-quarters.xlsx": x.bytes()})


# 11 + 19: headers that carry a date; undated paragraphs under a dated header --------
@fixture
def l12():
    areas = [
        Area("Children's records are up to date", ref="1", actions=[
            A("Clear the backlog of unrecorded visits", leads=["Team Managers"],
              due=month("December 2003", "2003-12-31"),
              updates=[U("Backlog down from 310 to 42 records.")]),
            A("Introduce weekly recording checks", leads=["Service Manager"],
              due=month("November 2003", "2003-11-30"),
              updates=[U("Checks started in two of the four teams.")]),
        ]),
        Area("Looked after children have an allocated worker", ref="2", actions=[
            A("Allocate every looked after child to a qualified worker", leads=["Head of Service"],
              due=month("January 2004", "2004-01-31"),
              updates=[U("Eleven children remain unallocated."), U("Two agency workers start in November.")]),
        ]),
    ]
    plan = Plan("Eastmere County Council Social Services Inspection Action Plan", areas,
                org="Eastmere County Council", status_scheme=[])
    w = Word()
    w.title("Eastmere County Council Social Services Inspection Action Plan")
    for ar in areas:
        w.heading(f"Recommendation {ar['ref']}: {ar['title']}", 2)
        w.table([["Action from October 2003", "Lead officer", "Completion date", "Progress October 2003"]] +
                [[a["text"], src(a, "lead"), src(a, "due"), src(a, "update")] for a in ar["actions"]])
    notes = """
Families 11 and 19: headers that carry a date ("Action from October 2003", "Progress
October 2003"). The progress paragraphs are undated, and stay undated: each paragraph
is its own update, with no date (the shared plan-000 reads its "October 2021 Update"
column the same way: the header says when the column was written, not when each thing
happened).
"""
    write("l12-dated-headers", plan, notes, {"l12-dated-headers.docx": w.bytes()})


# 12: one RAG column per review period at uneven intervals --------------------------
@fixture
def l13():
    periods = [("RAG May 20", "2020-05-31"), ("RAG August 20", "2020-08-31"), ("RAG January 21", "2021-01-31"),
               ("RAG June 21", "2021-06-30"), ("RAG August 22", "2022-08-31")]
    data = [
        ("1", "Publish a sufficiency strategy for children in care", ["Head of Commissioning"], month("September 2020", "2020-09-30"), ["A", "G", "G", "G", "B"]),
        ("2", "Open a supported lodgings scheme for care leavers", ["Leaving Care Manager"], month("March 2021", "2021-03-31"), ["R", "R", "A", "G", ""]),
        ("3", "Reduce the use of unregistered placements to none", ["AD Children's Services"], month("December 2021", "2021-12-31"), ["R", "A", "A", "", ""]),
        ("4", "Commission a regional framework for residential care", ["Head of Commissioning"], month("June 2022", "2022-06-30"), ["", "A", "G", "G", "G"]),
    ]
    acts = []
    for ref, text, leads, due, rag in data:
        filled = [(p, v) for p, v in zip(periods, rag) if v]
        hist = [U(f"{p[0]}: {v}", p[1]) for p, v in filled[:-1]]
        acts.append(A(text, ref=ref, leads=leads, due=due, status=S(filled[-1][1]), updates=hist))
    areas = [Area("Sufficiency", acts)]
    plan = Plan("l13-rag-per-period", areas, status_scheme=scheme("B", "R", "A", "G", described={"B": ("complete", None), "R": ("off_track", None), "A": ("at_risk", None), "G": ("on_track", None)}))
    rows = [["Theme", "No", "Action", "Lead", "Deadline"] + [p[0] for p in periods]]
    for (ref, text, leads, due, rag) in data:
        rows.append(["Sufficiency", ref, text, " / ".join(leads), due["text"]] + rag)
    notes = """
Family 12: one status column per review period at uneven intervals ("RAG May 20" …
"RAG August 22"). The latest non-empty one is the current status; every earlier
non-empty one is an update "RAG May 20: A" dated the period's last day. The scheme is
the letters used. CSV: the title is the file stem.
"""
    write("l13-rag-per-period", plan, notes, {"l13-rag-per-period.csv": csv_bytes(rows)})


# 13: status in words, including a state after completed ---------------------------
@fixture
def l14():
    areas = [
        Area("Practice is consistently good", ref="1", actions=[
            A("Roll out the practice model to all teams", ref="1.1", leads=["PSW"],
              due=month("March 2025", "2025-03-31"), status=S("Started but delayed", "at_risk")),
            A("Group supervision in every team each month", ref="1.2", leads=["Team Managers"],
              due=W("Monthly", "recurring", None, "monthly"), status=S("Progressing and on track", "on_track")),
            A("Agree the quality assurance framework", ref="1.3", leads=["Head of QA"],
              due=month("December 2024", "2024-12-31"), status=S("Embedded", "complete")),
            A("Launch practice week", ref="1.4", leads=["Workforce Lead"],
              due=month("October 2024", "2024-10-31"), status=S("COMPLETED", "complete")),
            A("Recruit permanent team managers", ref="1.5", leads=["HR Business Partner"],
              due=month("June 2025", "2025-06-30"), status=S("Progressing but delayed", "at_risk")),
        ]),
    ]
    plan = Plan("Carrowmere Council Practice Improvement Plan", areas, org="Carrowmere Council",
                status_scheme=scheme("Started but delayed", "Progressing and on track", "Embedded", "COMPLETED", "Progressing but delayed",
                                     described={"Started but delayed": ("at_risk", None), "Progressing and on track": ("on_track", None),
                                                "Embedded": ("complete", None), "COMPLETED": ("complete", None), "Progressing but delayed": ("at_risk", None)}))
    w = Word()
    w.title("Carrowmere Council Practice Improvement Plan")
    w.heading("1. Practice is consistently good", 2)
    w.table([["Ref", "Key actions", "Accountable", "Timeline", "Current position"]] +
            [[a["ref"], a["text"], src(a, "lead"), src(a, "due"), src(a, "status")] for a in areas[0]["actions"]])
    notes = """
Family 13: status in words: "Started but delayed", "Progressing and on track",
"Embedded" (a state after completed), "COMPLETED", "Progressing but delayed", under a
header "Current position" that elsewhere would be an update: the column's content (short
status phrases) makes it the status. The scheme is the labels used.
"""
    write("l14-status-words", plan, notes, {"l14-status-words.docx": w.bytes()})


# 14: letters on fills, and fills alone --------------------------------------------
@fixture
def l15():
    acts = [
        A("Agree a protocol for joint visits with health visitors", ref="A1", leads=["Early Help Manager"],
          due=month("Jan-25", "2025-01-31"), status=S("G")),
        A("Audit pre-birth assessments", ref="A2", leads=["QA Manager"],
          due=month("Feb-25", "2025-02-28"), status=S("A")),
        A("Launch a pre-birth pathway", ref="A3", leads=["HoS Assessment"],
          due=month("Mar-25", "2025-03-31"), status=S("Red")),
        A("Report pre-birth referrals to the partnership", ref="A4", leads=["Performance Officer"],
          due=month("Apr-25", "2025-04-30"), status=S("Green")),
    ]
    areas = [Area("Babies at risk are protected before birth", acts)]
    plan = Plan("Northam Priors Council Pre-birth Action Plan", areas, org="Northam Priors Council",
                status_scheme=scheme(*RAG))
    x = Excel()
    ws = x.sheet("Pre-birth")
    put(ws, 1, ["Northam Priors Council Pre-birth Action Plan"])
    put(ws, 2, ["Babies at risk are protected before birth"])
    put(ws, 4, ["Ref", "Action", "Lead", "Target", "RAG rating"])
    for k, a in enumerate(acts):
        lab = a["status"]["label"]
        full = {"G": "Green", "A": "Amber"}.get(lab, lab)
        cell = {"text": lab, "fill": FILL[full]} if len(lab) == 1 else {"fill": FILL[full]}
        d = dt.datetime.strptime(a["due"]["date"], "%Y-%m-%d").replace(day=1)
        put(ws, 5 + k, [a["ref"], a["text"], src(a, "lead"), {"text": d, "format": "mmm-yy"}, cell])
    notes = """
Family 14: status letters on a fill ("G" on green, "A" on amber), and for two rows the
fill alone (red, green) with no letter: those read as the colour name ("Red",
"Green"). Dates stored as numbers shown "mmm-yy" ("Jan-25", a month). The area is the
line above the table. "RAG rating" declares Red/Amber/Green.
"""
    write("l15-letters-and-fills", plan, notes, {"l15-letters-and-fills.xlsx": x.bytes()})


# 15: colour only, key elsewhere, two-row header -------------------------------------
@fixture
def l16():
    acts = [
        A("Agree the corporate parenting pledge with young people", leads=["Corporate Parenting Manager"],
          due=month("November 2024", "2024-11-30"), status=S("Blue", "complete")),
        A("Every councillor completes corporate parenting training", leads=["Democratic Services"],
          due=month("January 2025", "2025-01-31"), status=S("Amber", "at_risk")),
        A("Children in care council meets the lead member quarterly", leads=["Participation Officer"],
          due=W("Quarterly", "recurring", None, "quarterly"), status=S("Green", "on_track")),
        A("Ring-fence apprenticeships for care leavers", leads=["HR Director"],
          due=month("April 2025", "2025-04-30"), status=S("Red", "off_track")),
    ]
    areas = [Area("Corporate parenting", acts)]
    plan = Plan("Corby Sands Council Corporate Parenting Action Plan", areas, org="Corby Sands Council",
                status_scheme=[{"label": "Blue", "meaning": "complete", "description": "Completed"},
                               {"label": "Green", "meaning": "on_track", "description": "On track"},
                               {"label": "Amber", "meaning": "at_risk", "description": "Some slippage"},
                               {"label": "Red", "meaning": "off_track", "description": "Not started or seriously delayed"}])
    w = Word()
    w.title("Corby Sands Council Corporate Parenting Action Plan")
    w.heading("Corporate parenting", 2)
    rows = [["Action", "Owner", "Deadline", "Progress"], ["", "", "", "Status"]]
    for a in acts:
        rows.append([a["text"], src(a, "lead"), src(a, "due"), {"text": "", "fill": FILL[a["status"]["label"]]}])
    w.table(rows)
    w.para("Key")
    w.table([[{"text": "", "fill": FILL["Blue"]}, "Completed"], [{"text": "", "fill": FILL["Green"]}, "On track"],
             [{"text": "", "fill": FILL["Amber"]}, "Some slippage"], [{"text": "", "fill": FILL["Red"]}, "Not started or seriously delayed"]])
    notes = """
Family 15: status only as the cell's shading, under a two-row header ("Progress" over
"Status"), with the key as a table after the plan (coloured cells beside their
descriptions): the scheme is the key. Labels are the colour names.
"""
    write("l16-colour-only-key", plan, notes, {"l16-colour-only-key.docx": w.bytes()})


# 16: keys beyond BRAG: Red/Amber/Yellow/Green and symbols --------------------------
@fixture
def l17():
    acts = [
        A("Embed the neglect toolkit in every assessment", ref="1", leads=["Neglect Lead"],
          due=month("March 2025", "2025-03-31"), status=S("Yellow", "on_track")),
        A("Train health visitors on the neglect toolkit", ref="2", leads=["Designated Nurse"],
          due=month("February 2025", "2025-02-28"), status=S("Red", "not_started")),
        A("Audit neglect cases twice a year", ref="3", leads=["QA Manager"],
          due=W("Six-monthly", "recurring"), status=S("Amber", "at_risk")),
        A("Report neglect outcomes to the partnership", ref="4", leads=["Partnership Manager"],
          due=month("June 2025", "2025-06-30"), status=S("Green", "complete")),
    ]
    areas = [Area("Neglect is recognised and acted on", acts, ref="1")]
    key = [("Red", "not_started", "Not yet started or serious delay"),
           ("Amber", "at_risk", "Started, some delay"),
           ("Yellow", "on_track", "Started and on track"),
           ("Green", "complete", "Completed")]
    plan = Plan("Ravensholt Council Neglect Strategy Action Plan", areas, org="Ravensholt Council",
                status_scheme=[{"label": l, "meaning": m, "description": d} for l, m, d in key])
    w = Word()
    w.title("Ravensholt Council Neglect Strategy Action Plan")
    w.para("Status key")
    w.table([["Status", "Meaning"]] + [[l, d] for l, m, d in key])
    w.heading("Priority 1: Neglect is recognised and acted on", 2)
    w.table([["No.", "Action", "Lead", "Timescale", "Status"]] +
            [[a["ref"], a["text"], src(a, "lead"), src(a, "due"), {"text": src(a, "status"), "fill": FILL[a["status"]["label"]]}] for a in acts])
    notes = """
Family 16: a four-colour key (Red / Amber / Yellow / Green) where Red covers "not yet
started" as well as serious delay and Green means completed. The council's key is kept:
labels and meanings as the key describes them.
"""
    write("l17-ryag-key", plan, notes, {"l17-ryag-key.docx": w.bytes()})

    acts2 = [
        A("Publish the participation strategy", ref="P1", leads=["Participation Lead"],
          due=month("December 2024", "2024-12-31"), status=S("✓", "complete")),
        A("Young inspectors review two services a year", ref="P2", leads=["Participation Lead"],
          due=W("Annually", "recurring", None, "annually"), status=S("↑", "on_track")),
        A("Feedback from children in every review", ref="P3", leads=["IRO Manager"],
          due=month("March 2025", "2025-03-31"), status=S("↓", "off_track")),
        A("Participation budget agreed", ref="P4", leads=["Finance Business Partner"],
          due=month("April 2025", "2025-04-30"), status=S("X", "not_started")),
    ]
    key2 = [("✓", "complete", "Completed"), ("↑", "on_track", "Improving, on track"),
            ("-", "at_risk", "No change"), ("↓", "off_track", "Getting worse"), ("X", "not_started", "Not started")]
    plan2 = Plan("Ravensholt Council Participation Action Plan", [Area("Participation", acts2)], org="Ravensholt Council",
                 status_scheme=[{"label": l, "meaning": m, "description": d} for l, m, d in key2])
    lines = ["Ravensholt Council Participation Action Plan", "", "Key", tsv(["Symbol", "Meaning"])]
    lines += [tsv([l, d]) for l, m, d in key2]
    lines += ["", "Participation", "", tsv(["Ref", "Action", "Lead", "By when", "Direction"])]
    lines += [tsv([a["ref"], a["text"], src(a, "lead"), src(a, "due"), src(a, "status")]) for a in acts2]
    write("l17b-symbol-key", plan2, "Family 16: a key of symbols (✓ ↑ - ↓ X) given before the table, as pasted text; "
          "each action's status is a symbol with the key's meaning. \"Direction\" is a status column by its content.",
          {"l17b-symbol-key.txt": text_bytes(lines)})


# 17: timescales of every kind, pasted text ---------------------------------------
@fixture
def l18():
    acts = [
        A("Set up the edge of care team", ref="1", leads=["HoS Edge of Care"], due=month("Q3 2024/25", "2024-12-31")),
        A("Complete the restructure of the front door", ref="2", leads=["AD Early Help"], due=day("By 31/12/2024", "2024-12-31")),
        A("Hold the first practice week", ref="3", leads=["PSW"], due=W("w/c 6th May", "date", "2024-05-06")),
        A("Fund the family group conference service", ref="4", leads=["Finance Manager"], due=month("2024/25", "2025-03-31")),
        A("Refresh the threshold guidance", ref="5", leads=["Partnership Manager"], due=W("March 2-21", "text")),
        A("Case file audits", ref="6", leads=["QA Manager"], due=W("Ongoing", "recurring")),
    ]
    areas = [Area("Edge of care", acts)]
    plan = Plan("Fallowmere Council Edge of Care Plan 2024", areas, org="Fallowmere Council", status_scheme=[])
    lines = ["Fallowmere Council Edge of Care Plan 2024", "", "Edge of care", "",
             tsv(["Ref", "Action", "Lead", "Timescale"])]
    lines += [tsv([a["ref"], a["text"], src(a, "lead"), src(a, "due")]) for a in acts]
    notes = """
Family 17: timescales as councils write them: a quarter of a financial year "Q3
2024/25" (due 31 December 2024, the quarter's end, kind month as a period) and a
financial year "2024/25" (due 31 March 2025), "By 31/12/2024", "w/c 6th May"
(the plan's year, 2024), a typo "March 2-21" (kept whole as text: flagged, not dropped),
"Ongoing". Pasted text.
"""
    write("l18-timescales", plan, notes, {"l18-timescales.txt": text_bytes(lines)})


# 18: leads of every shape ---------------------------------------------------------
@fixture
def l19():
    acts = [
        A("Joint health and care review of children with complex needs", ref="1",
          leads=["(M.S) CYC", "(K.McN) CCG"], lead_src="(M.S) CYC (K.McN) CCG",
          due=month("January 2025", "2025-01-31")),
        A("Agree a single transitions protocol", ref="2",
          leads=["Assistant Director, Safeguarding and Family Support"],
          due=month("March 2025", "2025-03-31")),
        A("Read and sign the new recording policy", ref="3", leads=["All staff to action"],
          due=month("February 2025", "2025-02-28")),
        A("Co-chair the transitions panel", ref="4", leads=["Head of SEND", "Head of Disabled Children's Service"],
          lead_src="Head of SEND and Head of Disabled Children's Service", due=W("Monthly", "recurring", None, "monthly")),
        A("Publish the short breaks statement", ref="5", leads=["J. Okafor, Commissioning Manager"],
          due=month("April 2025", "2025-04-30")),
    ]
    areas = [Area("Children with disabilities", acts)]
    plan = Plan("l19-leads", areas, status_scheme=[])
    rows = [["Ref", "Action", "Lead(s)", "When"]]
    rows += [[a["ref"], a["text"], src(a, "lead"), src(a, "due")] for a in acts]
    plan["areas"][0]["title"] = "Actions"
    notes = """
Family 18: leads as written: organisation and initials ("(M.S) CYC (K.McN) CCG" is
two leads), a role containing a comma and "and" (one lead), "All staff to action"
(one lead), two roles joined by "and" (two leads), a name with a role after a comma
(one lead). No area anywhere: one area, "Actions". CSV: title is the file stem.
"""
    write("l19-leads", plan, notes, {"l19-leads.csv": csv_bytes(rows)})


# 19: update stamps ------------------------------------------------------------------
@fixture
def l20():
    acts = [
        A("Chase outstanding health assessments weekly", ref="2.1", leads=["Business Support Manager"],
          due=W("Weekly", "recurring", None, "weekly"),
          updates=[U("All outstanding assessments chased; four remain.", "2016-12-09")],
          update_src="All outstanding assessments chased; four remain. 9.12.16"),
        A("Agree the health passport with the CCG", ref="2.2", leads=["Designated Nurse"],
          due=month("January 2017", "2017-01-31"),
          updates=[U("As at June 2015 the passport was in draft.", "2015-06-30")]),
        A("Respond to the health provider's concerns about consent", ref="2.3", leads=["HoS Children in Care"],
          due=month("December 2016", "2016-12-31"),
          updates=[U("Email dated 15/11/2016 from the provider asking for consent forms at placement.", None),
                   U("Response: forms now go with every placement request.", None)],
          update_src="Email dated 15/11/2016 from the provider asking for consent forms at placement.\nResponse: forms now go with every placement request."),
        A("Review dental checks", ref="2.4", leads=["IRO Manager"], due=month("March 2017", "2017-03-31"),
          updates=[U("Dental checks added to the review agenda.", "2016-10-04"), U("First reviews show 80% up to date.", "2016-11-07")],
          update_src="04.10.2016 - Dental checks added to the review agenda.\n07.11.2016 - First reviews show 80% up to date."),
    ]
    areas = [Area("Health of children in care", acts, ref="2")]
    plan = Plan("Glenholme Council Children in Care Health Action Plan", areas, org="Glenholme Council", status_scheme=[])
    w = Word()
    w.title("Glenholme Council Children in Care Health Action Plan")
    w.heading("Area 2: Health of children in care", 2)
    w.table([["Ref", "Action", "Lead", "Due", "Progress update"]] +
            [[a["ref"], a["text"], src(a, "lead"), src(a, "due"), src(a, "update")] for a in acts])
    notes = """
Family 19: update stamps. A stamp at the end ("… 9.12.16") dates the update; an
opening "As at June 2015" dates it to that month's end; "Email dated 15/11/2016 from
…" then "Response: …" are two undated updates (a date inside a sentence is not a
stamp); two dated paragraphs "04.10.2016 - …" are two dated updates.
"""
    write("l20-update-stamps", plan, notes, {"l20-update-stamps.docx": w.bytes()})


# 20 + 21: milestones paired with dates in the next cell; evidence references --------
@fixture
def l21():
    acts = [
        A("Launch the new fostering recruitment campaign", ref="F1", leads=["Fostering Manager"],
          milestones=[("Campaign brief agreed", {"text": "October 2024", "kind": "month", "date": "2024-10-31", "recurrence": None}),
                      ("Campaign live", {"text": "January 2025", "kind": "month", "date": "2025-01-31", "recurrence": None}),
                      ("First approvals", {"text": "June 2025", "kind": "month", "date": "2025-06-30", "recurrence": None})],
          due=month("October 2024 January 2025 June 2025", "2025-06-30"),
          due_src="October 2024\nJanuary 2025\nJune 2025",
          evidence=["Ref WS3P21WP1"], update_src="Brief signed off. Ref WS3P21WP1",
          updates=[U("Brief signed off. Ref WS3P21WP1")]),
        A("Increase the fostering allowance", ref="F2", leads=["Head of Placements"],
          milestones=[("Cabinet report", {"text": "November 2024", "kind": "month", "date": "2024-11-30", "recurrence": None}),
                      ("New rates paid", {"text": "April 2025", "kind": "month", "date": "2025-04-30", "recurrence": None})],
          due=month("November 2024 April 2025", "2025-04-30"), due_src="November 2024\nApril 2025",
          updates=[U("Cabinet agreed the rates; see evidence library 4.2")],
          evidence=["see evidence library 4.2"]),
    ]
    areas = [Area("Foster carers", acts)]
    plan = Plan("Dunmere Council Sufficiency Plan", areas, org="Dunmere Council", status_scheme=[])
    for a in acts:
        a["due"]["text"] = a["_src"]["due_src"].replace("\n", " ")
    x = Excel()
    ws = x.sheet("Foster carers")
    put(ws, 1, ["Dunmere Council Sufficiency Plan"])
    put(ws, 2, ["Foster carers"])
    put(ws, 4, ["Ref", "Action", "Lead", "Milestones", "Milestone dates", "Update"])
    for k, a in enumerate(acts):
        put(ws, 5 + k, [a["ref"], a["text"], src(a, "lead"), "\n".join(m["text"] for m in a["milestones"]),
                        a["_src"]["due_src"], src(a, "update")])
    for a in acts:
        a["evidence"] = []
    notes = """
Families 20 and 21: milestones one per line, paired line by line with the dates in
the next cell ("Milestone dates": the timescale; its whole text is the due text and its
last date the due date). Evidence references inside the update prose ("Ref
WS3P21WP1", "see evidence library 4.2") stay in the update text (the scorer does not
check evidence).
"""
    write("l21-milestones-evidence", plan, notes, {"l21-milestones-evidence.xlsx": x.bytes()})


# 22: page furniture and running headers, area headings as bold lines ----------------
@fixture
def l22():
    areas = [
        Area("Step-down from social care to early help is safe", ref="3", actions=[
            A("Agree a step-down protocol with early help", ref="3.1", leads=["HoS Early Help"],
              due=month("February 2025", "2025-02-28"), status=S("Green")),
            A("Audit ten step-down cases each quarter", ref="3.2", leads=["QA Manager"],
              due=W("Quarterly", "recurring", None, "quarterly"), status=S("Amber")),
            A("Report re-referrals after step-down", ref="3.3", leads=["Performance Officer"],
              due=month("March 2025", "2025-03-31"), status=S("Green")),
        ]),
    ]
    plan = Plan("Calderbrook Council Improvement Plan", areas, org="Calderbrook Council",
                status_scheme=scheme(*RAG))
    lines = ["ENCLOSURE 7", "V 9 26 June 2015", "Calderbrook Council Improvement Plan", "",
             "Area for Improvement 3: Step-down from social care to early help is safe", "",
             tsv(["Ref", "Action", "Lead", "Timescale", "RAG"])]
    a = areas[0]["actions"]
    lines.append(tsv([a[0]["ref"], a[0]["text"], src(a[0], "lead"), src(a[0], "due"), src(a[0], "status")]))
    lines += ["", "Page 4 of 12", "Calderbrook Council Improvement Plan", "",
              tsv(["Ref", "Action", "Lead", "Timescale", "RAG"])]
    for x in a[1:]:
        lines.append(tsv([x["ref"], x["text"], src(x, "lead"), src(x, "due"), src(x, "status")]))
    lines += ["", "Page 5 of 12"]
    notes = """
Family 22 as pasted text: "ENCLOSURE 7", a version stamp "V 9 26 June 2015", the
running header (the title repeated) and "Page 4 of 12" between the two halves of the
table, the header repeated after the page break. None of it is an area or an action;
the area is the "Area for Improvement 3: …" line.
"""
    write("l22-furniture-pasted", plan, notes, {"l22-furniture-pasted.txt": text_bytes(lines)})


# 23: flattened PDF text pasted in ---------------------------------------------------
@fixture
def l23():
    acts = [
        A("Recruit to the vacant IRO posts", ref="4.1", leads=["IRO Service Manager"],
          due=month("January 2025", "2025-01-31"),
          updates=[U("o Two posts offered"), U("o One post re-advertised")]),
        A("Reduce IRO caseloads to 60", ref="4.2", leads=["IRO Service Manager"],
          due=month("April 2025", "2025-04-30"),
          updates=[U("• Average caseload now 71"), U("• Agency IRO in post until March")]),
        A("IROs escalate drift through the dispute resolution process", ref="4.3", leads=["IRO Service Manager", "HoS"],
          due=W("Ongoing", "recurring"), updates=[U("Escalations reported monthly")]),
    ]
    areas = [Area("IROs challenge drift in children's plans", acts, ref="4")]
    plan = Plan("Westcliffe Council Improvement Plan – progress report", areas, org="Westcliffe Council", status_scheme=[])
    lines = ["Westcliffe Council Improvement Plan – progress report", "",
             "4. IROs challenge drift in children's plans", "",
             tsv(["Ref", "Action", "Lead", "By when", "Progress"]),
             tsv(["4.1", acts[0]["text"], "IRO Service Manager", "January 2025", "o Two posts offered o One post re-advertised"]),
             tsv(["4.2", acts[1]["text"], "IRO Service Manager", "April 2025", "• Average caseload now 71 • Agency IRO in post until March"]),
             "", "Page 7", "", tsv(["Ref", "Action", "Lead", "By when", "Progress"]),
             tsv(["4.3", acts[2]["text"], "IRO Service Manager / HoS", "Ongoing", "Escalations reported monthly"])]
    notes = """
Family 23: text copied out of a PDF: bullets flattened to "o" and "•" inside one cell
(each bullet is its own update), the table split across pages with "Page 7" between and
the header repeated mid-table. The area heading "4. IROs …" has its number as ref.
"""
    write("l23-pdf-paste", plan, notes, {"l23-pdf-paste.txt": text_bytes(lines)})


# 24: Excel habits: merged cells, hidden columns, validation, dates as text -----------
@fixture
def l24():
    acts = [
        A("Map every school's designated safeguarding lead", ref="1", leads=["Education Safeguarding Lead"],
          due=day("31/01/2025", "2025-01-31"), status=S("Complete", "complete")),
        A("Train new designated safeguarding leads", ref="2", leads=["Education Safeguarding Lead"],
          due=day("28/02/2025", "2025-02-28"), status=S("On track", "on_track")),
        A("Audit section 175 returns", ref="3", leads=["Education Safeguarding Lead", "LADO"],
          due=day("31/03/2025", "2025-03-31"), status=S("Off track", "off_track")),
        A("Publish the education safeguarding newsletter", ref="4", leads=["Communications Officer"],
          due=W("Termly", "recurring"), status=S("On track", "on_track")),
    ]
    areas = [Area("Safeguarding in education", acts)]
    plan = Plan("Bramwell Council Education Safeguarding Plan", areas, org="Bramwell Council",
                status_scheme=[{"label": l, "meaning": m, "description": None} for l, m in
                               [("Complete", "complete"), ("On track", "on_track"), ("Off track", "off_track")]])
    x = Excel()
    ws = x.sheet("Plan")
    put(ws, 1, ["Bramwell Council Education Safeguarding Plan"])
    put(ws, 3, ["Safeguarding in education"])
    ws.merge_cells("A3:G3")
    put(ws, 4, ["#", "Action", "Lead", "Owner email", "Due", "Status", "Days left"])
    ws.column_dimensions["D"].hidden = True
    for k, a in enumerate(acts):
        due = dt.datetime.strptime(a["due"]["date"], "%Y-%m-%d") if a["due"]["date"] else None
        due_cell = due if k % 2 == 0 and due else a["due"]["text"]
        put(ws, 5 + k, [int(a["ref"]), a["text"], " / ".join(a["leads"]) if len(a["leads"]) < 2 else "Education Safeguarding Lead & LADO",
                        "", due_cell, a["status"]["label"], ""])
    from openpyxl.worksheet.datavalidation import DataValidation
    dv = DataValidation(type="list", formula1='"Not started,On track,Off track,Complete"')
    ws.add_data_validation(dv)
    dv.add("F5:F8")
    notes = """
Family 24: Excel habits: the area a merged row across the table, a hidden (empty)
column, a drop-down validation list of statuses on the Status column (the scheme is the
labels used, not the list), refs stored as numbers, dates as numbers and as text in the
same column, an empty "Days left" column. Leads "A & B" split.
"""
    write("l24-excel-habits", plan, notes, {"l24-excel-habits.xlsx": x.bytes()})


# combined: a SEND Written Statement of Action ------------------------------------
@fixture
def l25():
    acts1 = [
        A("Publish a joint commissioning strategy for SEND", ref="1.1", leads=["Head of SEND", "ICB Commissioner"],
          lead_src="Head of SEND / ICB Commissioner", due=month("Mar-24", "2024-03-31"), status=S("Green"),
          updates=[U("RAG Sep 23: Amber", "2023-09-30")],
          update_src=""),
        A("Agree a shared outcomes framework", ref="1.2", leads=["Strategic Lead SEND"],
          due=month("Jun-24", "2024-06-30"), status=S("Amber"),
          updates=[U("RAG Sep 23: Red", "2023-09-30")], update_src=""),
    ]
    acts2 = [
        A("Complete EHC needs assessments within 20 weeks", ref="2.1", leads=["SEND Casework Manager"],
          due=month("Dec-23", "2023-12-31"), status=S("Red"),
          updates=[U("RAG Sep 23: Red", "2023-09-30")], update_src=""),
        A("Quality assure every new EHC plan", ref="2.2", leads=["SEND QA Officer"],
          due=month("Jan-24", "2024-01-31"), status=S("Green"),
          updates=[U("RAG Sep 23: Amber", "2023-09-30")], update_src=""),
    ]
    areas = [
        Area("Leaders do not have a shared understanding of the local area's needs", acts1, ref="1"),
        Area("EHC plans are late and of variable quality", acts2, ref="2"),
    ]
    plan = Plan("Written Statement of Action: Ferncastle Local Area Partnership", areas,
                org="Ferncastle Council", status_scheme=scheme(*RAG))
    w = Word()
    w.title("Written Statement of Action: Ferncastle Local Area Partnership")
    w.para("Ferncastle Council and the integrated care board wrote this statement together.")
    rows = [["STATEMENT", "Ref", "Actions", "Lead", "Deadline", "RAG Sep 23", "RAG Jan 24"],
            ["The inspectors' finding", "", "What will we do?", "Named officer", "Month", "R/A/G", "R/A/G"]]
    for ar in areas:
        for k, a in enumerate(ar["actions"]):
            prev = a["updates"][0]["text"].split(": ")[1]
            rows.append([f"Statement {ar['ref']}: {ar['title']}" if k == 0 else None, a["ref"], a["text"], a["_src"].get("lead_src", " / ".join(a["leads"])),
                         src(a, "due"), {"text": prev, "fill": FILL[prev]}, {"text": a["status"]["label"], "fill": FILL[a["status"]["label"]]}])
    w.table(rows)
    notes = """
A SEND Written Statement of Action combining families 2 (the "STATEMENT" column merged
down, "Statement 1: …" giving ref 1), 10 (a guidance row under the header), 12 (a RAG
column per period: the latest is the status, the earlier one a dated update) and 14
(letters/words on fills). The organisation is the council named in the narrative.
"""
    write("l25-send-wsoa", plan, notes, {"l25-send-wsoa.docx": w.bytes()})


# combined: area column + dated update header + sub-actions in pasted text -----------
@fixture
def l26():
    acts = [
        A("Create a single referral form for partners", ref="1.1", leads=["MASH Manager"],
          due=month("October 2021", "2021-10-31"), status=S("Completed", "complete"),
          updates=[U("Form live on the website.")]),
        A("Train schools on the referral form", ref="1.2", leads=["Education Safeguarding Lead"],
          due=month("December 2021", "2021-12-31"), status=S("On track", "on_track"),
          updates=[U("Six of eleven clusters trained.")]),
        A("Measure the quality of referrals monthly", ref="1.3", leads=["MASH Manager"],
          due=W("Monthly", "recurring", None, "monthly"), status=S("On track", "on_track"),
          updates=[U("Baseline taken in September.")]),
    ]
    areas = [Area("1. Partners' referrals do not say why they are worried", acts)]
    plan = Plan("Harbury Ness Council Front Door Plan", areas, org="Harbury Ness Council",
                status_scheme=[{"label": "Completed", "meaning": "complete", "description": None},
                               {"label": "On track", "meaning": "on_track", "description": None}])
    lines = ["Harbury Ness Council Front Door Plan", "",
             tsv(["Theme", "Ref", "Action", "Lead", "Timescale", "Status", "October 2021 Update"])]
    for a in acts:
        lines.append(tsv(["1. Partners' referrals do not say why they are worried", a["ref"], a["text"], src(a, "lead"),
                          src(a, "due"), src(a, "status"), src(a, "update")]))
    notes = """
Combines family 2 (a "Theme" column repeated on every row, numbered "1. …" and kept
as written, as plan-004 does), 11 (a header
that carries the date: "October 2021 Update"; its paragraphs stay undated, as in the
shared plan-000) and 13 (status words). Pasted text.
"""
    write("l26-theme-column-dated-update", plan, notes, {"l26-theme-column-dated-update.txt": text_bytes(lines)})


if __name__ == "__main__":
    import os
    os.makedirs(os.path.join(OUT, "truth"), exist_ok=True)
    for f in FIXTURES:
        f()
    print(f"{len(FIXTURES)} fixture builders ran into {OUT}")
