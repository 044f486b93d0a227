"""Builders for the PDF and DOCX test decisions (our own words), written at test time into a temp folder."""

from __future__ import annotations

from pathlib import Path

PDF_LINES = [
    "Local Government and Social Care Ombudsman",
    "Decision statement",
    "Reference: 24 005 613",
    "Council: Saltmarsh Borough Council",
    "Category: Education > Special educational needs",
    "Decision: Upheld",
    "Decision date: 7 June 2024",
    "",
    "Summary: Ms W complained the Council did not secure the tutoring in her son's plan. We found fault.",
    "",
    "The complaint",
    "1. Ms W complains the Council did not arrange the tutoring in Section F of her son's plan.",
    "",
    "What I found",
    "4. The tutoring in the plan would cost the Council about £6,000 a year. Ms W asked for £8,000.",
    "",
    "Agreed action",
    "8. Within one month of my final decision the Council will:",
    "- apologise to Ms W;",
    "- pay Ms W £200 a month for 5 months for the tutoring her son missed;",
    "- pay Ms W £250 for her distress.",
    "9. Within 20 working days of my final decision the Council will remind its SEND officers",
    "of the duty to secure provision.",
    "",
    "Final decision",
    "10. I have completed my investigation. There was fault causing injustice.",
]

DOCX_PARAGRAPHS = [
    ("Title", "Decision statement"),
    ("Normal", "Ombudsman reference: 23/011/884".replace("/", " ")),
    ("Normal", "Organisation: Brackenfield County Council"),
    ("Normal", "Category: Children's care services > Disabled children"),
    ("Normal", "Outcome: Upheld"),
    ("Normal", "Date of decision: 2024-01-22"),
    ("Heading 2", "Summary"),
    ("Normal", "Mr V complained the Council cut his daughter's short breaks without a reassessment. We found fault."),
    ("Heading 2", "What the complaint is about"),
    ("Normal", "1. Mr V says the Council reduced his daughter's short breaks from January 2023."),
    ("Heading 2", "Findings"),
    ("Normal", "5. The Council did not reassess before reducing the support. Mr V paid £420 for a private carer."),
    ("Heading 2", "Recommended action:"),
    ("Normal", "9. Within three months of my final decision the Council should:"),
    ("List Bullet", "reassess the daughter's needs;"),
    ("List Bullet", "reimburse Mr V the £420 he paid for the private carer;"),
    ("List Bullet", "pay Mr V £300 for the distress and uncertainty;"),
    ("List Bullet", "review its procedure for changing short breaks packages."),
    ("Heading 2", "Our decision"),
    ("Normal", "10. I have completed my investigation and found fault causing injustice."),
]


def write_pdf(path: Path) -> Path:
    """A one-page PDF decision statement, drawn line by line."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = 800
    for line in PDF_LINES:
        pdf.drawString(40, y, line)
        y -= 16
    pdf.save()
    return path


def write_docx(path: Path) -> Path:
    """A Word decision statement using heading and list styles."""
    import docx

    document = docx.Document()
    for style, text in DOCX_PARAGRAPHS:
        document.add_paragraph(text, style=style)
    document.save(str(path))
    return path
