"""Decision statements as files: plain text, a saved HTML page, or a Word document, all byte-for-byte repeatable."""

from __future__ import annotations

import datetime as dt
import html
import io
import zipfile
from pathlib import Path

from complaints.demo.statements import Statement

__all__ = ["write_txt", "write_html", "write_docx", "file_stem"]

_FIXED_ZIP_TIME = (2025, 3, 31, 12, 0, 0)


def file_stem(ref: str) -> str:
    """'23 004 512' -> '23-004-512', the stem of every file for a decision."""
    return ref.replace(" ", "-")


def write_txt(folder: Path, st: Statement) -> Path:
    """The plain-text statement."""
    path = folder / f"{file_stem(st.ref)}.txt"
    path.write_text(st.text, encoding="utf-8", newline="\n")
    return path


def write_html(folder: Path, st: Statement) -> Path:
    """The statement as the ombudsman's decision page would be saved from a browser (simplified)."""
    e = html.escape
    body = [f"<h1>{e(st.header[2][1].split(' > ')[-1])}</h1>", '<div class="decision-meta"><dl>']
    for label, value in st.header:
        body.append(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>")
    body.append("</dl></div>")
    body.append(f'<div class="summary"><p><strong>Summary:</strong> {e(st.summary)}</p></div>')
    for heading, paras in st.sections:
        body.append(f"<h2>{e(heading)}</h2>")
        for para in paras:
            first, *bullets = para.split("\n")
            body.append(f"<p>{e(first)}</p>")
            if bullets:
                body.append("<ul>" + "".join(f"<li>{e(b.strip().lstrip('- ').strip())}</li>" for b in bullets) + "</ul>")
    page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{e(st.ref)} - {e(st.header[1][1])} - Local Government and Social Care Ombudsman</title>"
            "</head>\n<body><header><p>Local Government and Social Care Ombudsman</p>"
            "<nav><a href=\"#\">Decisions</a></nav></header>\n<main>\n<p>Decision statement</p>\n"
            + "\n".join(body) + "\n</main>\n<footer><p>Print this page</p></footer></body></html>\n")
    path = folder / f"{file_stem(st.ref)}.html"
    path.write_text(page, encoding="utf-8", newline="\n")
    return path


def write_docx(folder: Path, st: Statement) -> Path:
    """The statement as a Word document; zip entry times and document dates are fixed so output repeats."""
    import docx

    document = docx.Document()
    stamp = dt.datetime.combine(st.decision_date, dt.time(9, 0))
    document.core_properties.created = stamp
    document.core_properties.modified = stamp
    document.core_properties.author = "Local Government and Social Care Ombudsman"
    document.core_properties.last_modified_by = ""
    document.add_heading("Local Government and Social Care Ombudsman", level=1)
    document.add_paragraph("Decision statement")
    for label, value in st.header:
        document.add_paragraph(f"{label}: {value}")
    document.add_paragraph(f"Summary: {st.summary}")
    for heading, paras in st.sections:
        document.add_heading(heading, level=2)
        for para in paras:
            first, *bullets = para.split("\n")
            document.add_paragraph(first)
            for bullet in bullets:
                document.add_paragraph(bullet.strip().lstrip("- ").strip(), style="List Bullet")
    raw = io.BytesIO()
    document.save(raw)
    path = folder / f"{file_stem(st.ref)}.docx"
    path.write_bytes(_fixed_zip(raw.getvalue()))
    return path


def _fixed_zip(data: bytes) -> bytes:
    # python-docx stamps each zip entry with the current time; rewrite the archive with one fixed time
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
