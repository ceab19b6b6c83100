"""The committee pack: a return's report as Word (.docx, python-docx) and PDF (WeasyPrint).

Both carry the same content (returns.figures.ReturnReport): a front page, the summary of the whole
plan (counts by status, movement since the last return, the red exceptions), then a section per
service area, each starting a new page. While the return is open every page says DRAFT.
Word: real headings (styles Heading 1-3), tables with a repeating header row, status in words
with the colour behind it. PDF: A4, the plan / return / as at date in the top margin (a page
margin box, so it can never overlap the text), page numbers in the bottom margin.
"""

from io import BytesIO

from django.template.loader import render_to_string
from django.utils.text import slugify
from docx import Document
from docx.enum.section import WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table, _Cell

from plans.deadlines import uk_date
from plans.rag import RAG
from returns.figures import AreaSection, ReturnReport
from returns.models import Return
from returns.templatetags.return_words import status_summary, targets_count

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}

# Light tints of the RAG colours behind the status words (the words carry the meaning).
RAG_FILLS = {
    RAG.COMPLETE: "D2E2F1",
    RAG.GREEN: "CCE2D8",
    RAG.AMBER: "FFF7BF",
    RAG.RED: "F4CDC6",
    RAG.NOT_YET_DUE: "E8F1F8",
    RAG.UNSCHEDULED: "DBD5E9",
}


def filename(of_return: Return, file_format: str) -> str:
    draft = "-draft" if of_return.is_open else ""
    return f"{slugify(of_return.plan.title)}-{slugify(of_return.name)}{draft}.{file_format}"


def build(report: ReturnReport, file_format: str) -> bytes:
    return {"docx": build_docx, "pdf": build_pdf}[file_format](report)


def running_header(of_return: Return) -> str:
    return f"{of_return.plan.title} · {of_return.name} return · as at {uk_date(of_return.as_at)}"


def approval_state(of_return: Return) -> str:
    if of_return.is_open:
        return "DRAFT: the return is open and its figures can still change."
    closed = f"Final: closed on {uk_date(of_return.closed_at.date())}"
    if of_return.close_reason:
        return f"{closed}, before every service area was approved ({of_return.close_reason})."
    return f"{closed}, every service area approved."


# --- PDF --------------------------------------------------------------------------------------


def build_pdf(report: ReturnReport) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only the pack needs

    return HTML(string=pdf_html(report)).write_pdf()


def pdf_html(report: ReturnReport) -> str:
    of_return = report.of_return
    return render_to_string(
        "returns/pack.html",
        {
            "report": report,
            "running_header": running_header(of_return),
            "approval_state": approval_state(of_return),
        },
    )


# --- Word -------------------------------------------------------------------------------------


def build_docx(report: ReturnReport) -> bytes:
    of_return = report.of_return
    document = Document()
    document.core_properties.title = f"{of_return.plan.title}: {of_return.name} return"
    document.core_properties.subject = f"Status as at {uk_date(of_return.as_at)}"
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    language = OxmlElement("w:lang")  # so a screen reader and the spelling checker read English
    language.set(qn("w:val"), "en-GB")
    document.styles["Normal"].element.get_or_add_rPr().append(language)
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = ("DRAFT · " if of_return.is_open else "") + running_header(of_return)
    _page_number_footer(section.footer.paragraphs[0])

    # Front page
    document.add_paragraph(of_return.plan.council)
    document.add_heading(of_return.plan.title, level=0)
    document.add_paragraph(f"{of_return.name} return", style="Subtitle")
    document.add_paragraph(f"Status as at {uk_date(of_return.as_at)}")
    document.add_paragraph(approval_state(of_return))
    _table(
        document,
        ["Service area", "Sign-off"],
        [[area.name, area.area_return.get_state_display()] for area in report.areas],
    )

    # Summary of the plan
    document.add_section(WD_SECTION.NEW_PAGE)
    document.add_heading("Summary of the plan", level=1)
    document.add_paragraph(
        f"{targets_count(report.total)} in {len(report.areas)} service areas, "
        f"as at {uk_date(of_return.as_at)}."
    )
    counts = _table(document, ["Status", "Targets"], [[r.label, str(n)] for r, n in report.counts])
    for row, (rag, _) in zip(counts.rows[1:], report.counts, strict=True):
        _shade(row.cells[0], rag)

    document.add_heading("Movement since the last return", level=2)
    movement = report.movement
    if movement.previous is None:
        document.add_paragraph("There is no earlier closed return to compare with.")
    elif not movement.anything:
        document.add_paragraph(
            f"Compared with the {movement.previous} return, no target changed status, was "
            "completed, became late or was re-dated."
        )
    else:
        document.add_paragraph(f"Compared with the {movement.previous} return.")
        _table(
            document,
            ["Service area", "Changed status", "Newly complete", "Newly late", "Re-dated"],
            [
                [a.area, str(a.changed), str(a.newly_complete), str(a.newly_late), str(a.redated)]
                for a in movement.by_area
            ],
        )
        if movement.changed:
            document.add_heading("Targets that changed status", level=3)
            _table(
                document,
                ["Target", "Service area", "Was", "Now"],
                [[c.ref, c.area, c.before.label, c.after.label] for c in movement.changed],
            )

    document.add_heading("Exceptions: red targets", level=2)
    if report.exceptions:
        table = _table(
            document,
            ["Target", "Service area", "Why red", "Latest commentary"],
            [
                [f"{row.ref}: {row.text}", area.name, row.reason, row.update_commentary or "None"]
                for area, row in report.exceptions
            ],
        )
        for row in table.rows[1:]:
            _shade(row.cells[2], RAG.RED)
    else:
        document.add_paragraph("No target is red.")

    for area in report.areas:
        document.add_section(WD_SECTION.NEW_PAGE)
        _area_section(document, area)

    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _area_section(document: Document, area: AreaSection) -> None:
    document.add_heading(area.name, level=1)
    document.add_paragraph(
        f"{targets_count(len(area.targets))}: {status_summary(area.counts)}. "
        f"Sign-off: {area.area_return.get_state_display().lower()}."
    )
    document.add_heading("Key targets", level=2)
    table = _table(
        document,
        ["Target", "Deadline", "Due date", "Status", "Latest commentary"],
        [
            [
                f"{row.ref}: {row.text}",
                row.deadline_text
                + (
                    f"\nRevised to {row.revised_deadline_text}: {row.revision_reason}"
                    if row.revised_due_date
                    else ""
                ),
                uk_date(row.due_date) if row.due_date else "None",
                f"{row.rag.label}. {row.reason}",
                row.update_commentary or "No update yet",
            ]
            for row in area.targets
        ],
    )
    for table_row, row in zip(table.rows[1:], area.targets, strict=True):
        _shade(table_row.cells[3], row.rag)
    if area.outcomes:
        document.add_heading("Outcomes", level=2)
    for outcome in area.outcomes:
        document.add_heading(f"{outcome.ref}: {outcome.text}", level=3)
        if outcome.update_rag:
            label = RAG(outcome.update_rag).label
            document.add_paragraph(f"Judged {label}. {outcome.update_commentary}".strip())
        if outcome.indicators:
            _table(
                document,
                ["Indicator", "Value", "Target", "Status", "Shares"],
                [
                    [
                        f"{i.ref}: {i.name}",
                        i.value_text,
                        i.target_text,
                        f"{i.rag.label if i.rag else 'Not judged'}. {i.reason}",
                        "\n".join(
                            f"{s['category']} ({s['dimension']}): {s['achieved']} against "
                            f"{s['goal']}"
                            for s in i.shares
                        )
                        or "–",
                    ]
                    for i in outcome.indicators
                ],
            )


def _table(document: Document, headings: list[str], rows: list[list[str]]) -> Table:
    """A table with a header row that Word repeats on each page and reads out as headers."""
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    header = table.rows[0]
    header_properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_properties.append(repeat)
    for cell, heading in zip(header.cells, headings, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    document.add_paragraph()
    return table


def _shade(cell: _Cell, rag: RAG) -> None:
    if fill := RAG_FILLS.get(rag):
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), fill)
        cell._tc.get_or_add_tcPr().append(shading)


def _page_number_footer(paragraph: object) -> None:
    """ "Page N of M" with Word's own fields, so the numbers follow any edit."""
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")


def _field(paragraph: object, code: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def timed_builds(of_return: Return) -> dict[str, float]:
    """Seconds to read the return's report and to build each file of its pack, for `make bench`
    (benchmarks/, owned by the performance work): {"report": s, "docx": s, "pdf": s}."""
    from time import perf_counter

    from returns.figures import return_report

    started = perf_counter()
    report = return_report(of_return)
    seconds = {"report": perf_counter() - started}
    for file_format in ("docx", "pdf"):
        started = perf_counter()
        build(report, file_format)
        seconds[file_format] = perf_counter() - started
    return seconds
