"""Helpers for scripts/layout_fixtures.py: the expected plan document written by hand
(areas, actions, their fields) and small writers for Word, Excel, CSV and pasted text.

The expected document is what a person reading the plan would say; the writers put
the same words into the layout under test. Nothing here runs the importer."""
import csv
import io
import json
import os
import zipfile
import datetime as dt

from docx import Document as _Docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
import openpyxl
from openpyxl.styles import PatternFill, Alignment

OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "import", "tests", "layouts")

FILL = {"Red": "FF0000", "Amber": "FFC000", "Green": "00B050", "Blue": "0070C0", "Yellow": "FFFF00"}
MEANING = {"Red": "off_track", "Amber": "at_risk", "Green": "on_track", "Blue": "complete",
           "R": "off_track", "A": "at_risk", "G": "on_track", "B": "complete"}


# ---- the plan document -------------------------------------------------------------

def W(text, kind="text", date=None, rec=None):
    return {"text": text, "kind": kind, "date": date, "recurrence": rec}


def month(text, date):
    return W(text, "month", date)


def day(text, date):
    return W(text, "date", date)


def S(label, meaning=None):
    return {"label": label, "meaning": meaning or MEANING[label]}


def U(text, date=None):
    return {"date": date, "text": text}


def A(text, ref=None, leads=(), due=None, start=None, status=None, updates=(),
      milestones=(), assurance=None, impact=None, measure=None, children=(),
      evidence=(), sponsor=None, resources=None, **src):
    a = {"ref": ref, "text": text, "leads": list(leads), "sponsor": sponsor,
         "start": start, "due": due,
         "milestones": [{"text": t, "due": d} for t, d in milestones],
         "assurance": assurance, "impact": impact, "measure": measure,
         "resources": resources, "updates": list(updates), "status": status,
         "evidence": list(evidence), "children": list(children)}
    # how the cells are written in the source, where not simply the expected value
    a["_src"] = src
    return a


def src(a, key, default=""):
    """The cell text written for an action's field."""
    s = a["_src"]
    if key in s:
        return s[key]
    if key + "_src" in s:
        return s[key + "_src"]
    if key == "lead":
        return " / ".join(a["leads"])
    if key == "due":
        return (a["due"] or {}).get("text", "") if a["due"] else ""
    if key == "status":
        return a["status"]["label"] if a["status"] else ""
    if key == "update":
        return "\n".join(u["text"] for u in a["updates"])
    if key in a and isinstance(a[key], str):
        return a[key]
    return default


def Area(title, actions, ref=None, group=None, narrative=(), outcomes=(), objectives=(), measures=()):
    return {"ref": ref, "group": group, "title": title, "objectives": list(objectives),
            "outcomes": list(outcomes), "measures": list(measures),
            "narrative": list(narrative), "actions": list(actions)}


def scheme(*labels, described=None):
    described = described or {}
    return [{"label": l, "meaning": described.get(l, (MEANING.get(l), None))[0],
             "description": described.get(l, (None, None))[1]} for l in labels]


RAG = ("Red", "Amber", "Green")
BRAG = ("Blue", "Red", "Amber", "Green")


def Plan(title, areas, org=None, status_scheme=(), narrative=(), inspection=None, glossary=()):
    return {"format": "assure.plan/1", "title": title, "organisation": org,
            "inspection": inspection, "status_scheme": list(status_scheme),
            "glossary": list(glossary), "narrative": list(narrative), "areas": list(areas)}


def _strip(o):
    if isinstance(o, dict):
        return {k: _strip(v) for k, v in o.items() if k != "_src"}
    if isinstance(o, list):
        return [_strip(v) for v in o]
    return o


def write(stem, plan, notes, files):
    """files: {"name.ext": bytes}. Writes the files, truth/<stem>.json and the notes."""
    for name, data in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    with open(os.path.join(OUT, "truth", stem + ".json"), "w", encoding="utf-8") as f:
        json.dump(_strip(plan), f, indent=1, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(OUT, "truth", stem + ".notes.md"), "w", encoding="utf-8") as f:
        f.write(notes.strip() + "\n")


def actions(plan):
    for area in plan["areas"]:
        for a in area["actions"]:
            yield area, a, 0
            for c in a["children"]:
                yield area, c, 1


# ---- Word ----------------------------------------------------------------------------

class Word:
    def __init__(self):
        self.d = _Docx()

    def title(self, text):
        self.d.add_heading(text, 0)

    def heading(self, text, level=1):
        self.d.add_heading(text, level)

    def para(self, text, bold=False):
        p = self.d.add_paragraph()
        r = p.add_run(text)
        r.bold = bold
        return p

    def bullet(self, text):
        self.d.add_paragraph(text, style="List Bullet")

    def table(self, rows, widths=None):
        """rows: lists of cell values: str (paragraphs split at \n), or dicts
        {"text", "fill", "bold"}; None marks a cell merged into the one above."""
        ncols = max(len(r) for r in rows)
        t = self.d.add_table(rows=len(rows), cols=ncols)
        t.style = "Table Grid"
        for i, r in enumerate(rows):
            for j in range(ncols):
                v = r[j] if j < len(r) else ""
                cell = t.cell(i, j)
                if v is None:
                    continue
                if isinstance(v, dict):
                    set_cell(cell, v.get("text", ""), v.get("bold", False), v.get("list", False))
                    if v.get("fill"):
                        shade(cell, v["fill"])
                else:
                    set_cell(cell, v)
        # vertical merges: None under a value
        for j in range(ncols):
            i = 0
            while i < len(rows):
                k = i + 1
                while k < len(rows) and j < len(rows[k]) and rows[k][j] is None:
                    k += 1
                if k - i > 1:
                    t.cell(i, j).merge(t.cell(k - 1, j))
                i = k
        return t

    def banner_table(self, rows):
        """rows where a ("banner", text) tuple spans the whole row."""
        ncols = max(len(r) for r in rows if not isinstance(r, tuple))
        t = self.d.add_table(rows=len(rows), cols=ncols)
        t.style = "Table Grid"
        for i, r in enumerate(rows):
            if isinstance(r, tuple):
                kind, text = r[0], r[1]
                a = t.cell(i, 0).merge(t.cell(i, ncols - 1))
                set_cell(a, text, bold=True)
                if len(r) > 2:
                    shade(a, r[2])
                continue
            for j, v in enumerate(r):
                cell = t.cell(i, j)
                if isinstance(v, dict):
                    set_cell(cell, v.get("text", ""), v.get("bold", False))
                    if v.get("fill"):
                        shade(cell, v["fill"])
                else:
                    set_cell(cell, v)
        return t

    def page_break(self):
        self.d.add_page_break()

    def bytes(self):
        b = io.BytesIO()
        self.d.save(b)
        return stable_zip(b.getvalue())


def set_cell(cell, text, bold=False, as_list=False):
    paras = text.split("\n") if text else [""]
    first = cell.paragraphs[0]
    for k, t in enumerate(paras):
        p = first if k == 0 else cell.add_paragraph()
        if as_list and t:
            p.style = "List Bullet"
        run = p.add_run(t)
        run.bold = bold


def shade(cell, fill):
    tcPr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcPr.append(shd)


def stable_zip(data):
    """Rewrites a zip with fixed timestamps so regenerating gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            ni = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            ni.compress_type = zipfile.ZIP_DEFLATED
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re
                body = re.sub(rb"<dcterms:(created|modified)([^>]*)>[^<]*<",
                              rb"<dcterms:\1\2>2026-01-01T00:00:00Z<", body)
            z.writestr(ni, body)
    return out.getvalue()


# ---- Excel ---------------------------------------------------------------------------

class Excel:
    def __init__(self):
        self.wb = openpyxl.Workbook()
        self.first = True

    def sheet(self, name):
        if self.first:
            ws = self.wb.active
            ws.title = name
            self.first = False
        else:
            ws = self.wb.create_sheet(name)
        return ws

    def bytes(self):
        b = io.BytesIO()
        self.wb.save(b)
        return stable_zip(b.getvalue())


def put(ws, row, values, wrap=True):
    """Writes one row (1-based); values are str, numbers, dates or dicts {text, fill}."""
    for j, v in enumerate(values, start=1):
        if v is None or v == "":
            continue
        c = ws.cell(row=row, column=j)
        if isinstance(v, dict):
            if v.get("text") not in (None, ""):
                c.value = v["text"]
            if v.get("fill"):
                c.fill = PatternFill(fill_type="solid", fgColor=v["fill"])
            if v.get("format"):
                c.number_format = v["format"]
        elif isinstance(v, (dt.date, dt.datetime)):
            c.value = v
            c.number_format = "dd/mm/yyyy"
        else:
            c.value = v
        if wrap:
            c.alignment = Alignment(wrap_text=True, vertical="top")


# ---- CSV and pasted text -------------------------------------------------------------

def csv_bytes(rows, delimiter=",", encoding="utf-8"):
    s = io.StringIO()
    w = csv.writer(s, delimiter=delimiter, lineterminator="\r\n")
    for r in rows:
        w.writerow(r)
    return s.getvalue().encode(encoding)


def text_bytes(lines):
    return ("\n".join(lines) + "\n").encode("utf-8")


def tsv(cells):
    """A pasted table row: cells joined by tabs, line breaks inside a cell as <br>."""
    return "\t".join(c.replace("\n", "<br>") for c in cells)
