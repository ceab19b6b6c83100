"""The committee pack, opened and read back: Word with python-docx, PDF page by page with pypdf,
and the PDF's layout (WeasyPrint's own boxes) for a header that never overlaps the text."""

import io
from datetime import timedelta

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import TextBox

from plans.rag import RAG
from returns import figures, pack, services
from returns.models import AreaReturn, Return
from targets.models import ProgressUpdate
from tests.returns.conftest import OPENED

pytestmark = pytest.mark.django_db


@pytest.fixture
def red_commentary(cwb: AreaReturn, officer) -> str:
    """A CWB target reported off track for the return, so it is red with its commentary."""
    target = cwb.service_area.targets.filter(lifecycle="live").first()
    ProgressUpdate.objects.create(
        target=target,
        author=officer,
        status="off_track",
        commentary="Recruitment paused until spring.",
        made_at=OPENED + timedelta(days=2),
    )
    return "Recruitment paused until spring."


def docx_of(of_return: Return) -> Document:
    return Document(io.BytesIO(pack.build(figures.return_report(of_return), "docx")))


def test_word_pack_has_real_headings_a_section_per_area_and_the_exceptions(
    q2: Return, red_commentary: str
) -> None:
    document = docx_of(q2)
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert ("Heading 1", "Summary of the plan") in headings
    assert ("Heading 2", "Exceptions: red targets") in headings
    areas = list(q2.areas.values_list("area_name", flat=True))
    assert [text for style, text in headings if style == "Heading 1"][1:] == areas
    assert document.core_properties.title == f"{q2.plan.title}: Q2 2021/22 return"
    normal = document.styles["Normal"].element.rPr
    assert normal.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert red_commentary in cells
    assert any(text.startswith(RAG.RED.label) for text in cells)  # status in words


def test_word_tables_have_a_repeating_header_row(q2: Return) -> None:
    document = docx_of(q2)
    assert document.tables
    for table in document.tables:
        header = table.rows[0]._tr
        assert header.trPr.find(qn("w:tblHeader")) is not None
        assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)


def test_word_pack_says_draft_on_every_page_while_open_and_not_once_closed(
    q2: Return, admin
) -> None:
    document = docx_of(q2)
    assert len(document.sections) == 2 + q2.areas.count()
    for section in document.sections:  # the header is linked: each section's pages show it
        assert section.header.paragraphs[0].text.startswith("DRAFT · ")
    assert "as at 30 September 2021" in document.sections[0].header.paragraphs[0].text

    services.close_return(of_return=q2, by=admin, reason="Anyway.")
    closed = docx_of(Return.objects.get(pk=q2.pk))
    assert "DRAFT" not in closed.sections[0].header.paragraphs[0].text
    assert any(p.text.startswith("Final: closed on") for p in closed.paragraphs)


def _text_boxes(box: object) -> list[TextBox]:
    found = [box] if isinstance(box, TextBox) else []
    for child in getattr(box, "children", []):
        found += _text_boxes(child)
    return found


def test_pdf_pages_read_back_with_draft_header_page_numbers_and_an_area_a_page(
    q2: Return, red_commentary: str
) -> None:
    content = pack.build(figures.return_report(q2), "pdf")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    total = len(pages)
    for n, text in enumerate(pages, start=1):
        assert "DRAFT" in text, n
        assert "Q2 2021/22 return · as at 30 September 2021" in text, n
        assert f"Page {n} of {total}" in text, n
    assert "Summary of the plan" in pages[1]
    assert red_commentary in " ".join(pages[1].split())
    body_starts = [text.split("\n", 1)[0] for text in pages]
    for area in q2.areas.values_list("area_name", flat=True):
        assert area in body_starts, f"{area} does not start a page"


def test_pdf_running_header_and_page_numbers_never_overlap_the_content(
    q2: Return, red_commentary: str
) -> None:
    document = HTML(string=pack.pdf_html(figures.return_report(q2))).render()
    assert len(document.pages) > q2.areas.count()
    for n, page in enumerate(document.pages, start=1):
        margins = {
            child.at_keyword: _text_boxes(child)
            for child in page._page_box.children
            if getattr(child, "at_keyword", None)
        }
        body = [
            text
            for child in page._page_box.children
            if not getattr(child, "at_keyword", None)
            for text in _text_boxes(child)
        ]
        assert body, f"page {n} has no content"
        top = min(text.position_y for text in body)
        bottom = max(text.position_y + text.height for text in body)
        header = margins["@top-left"] + margins["@top-right"]
        assert max(text.position_y + text.height for text in header) < top, n
        assert min(text.position_y for text in margins["@bottom-center"]) > bottom, n
        # No page is left with next to nothing on it: a forced break never strands a line.
        assert sum(len(text.text) for text in body) >= 100, f"page {n} is nearly empty"


def test_closed_pdf_is_final(q2: Return, admin) -> None:
    services.close_return(of_return=q2, by=admin, reason="Anyway.")
    content = pack.build(figures.return_report(Return.objects.get(pk=q2.pk)), "pdf")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    assert not any("DRAFT" in text for text in pages)
    assert "Final: closed on" in pages[0]
