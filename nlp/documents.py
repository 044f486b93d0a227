"""Text of a decision file: an HTML page saved from the ombudsman's site, a PDF, a DOCX, or plain text.

The HTML reader keeps what a decision page means (breadcrumb as the category, title, the reference /
decision / date fields, the article body with its headings and list items) and drops navigation,
search boxes, cookie banners, footers and scripts. Output is plain text in the layout `nlp.decisions`
parses: labelled header lines, then headings on their own lines and paragraphs separated by blank lines.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from nlp.errors import DocumentError

__all__ = ["read_decision_file", "html_to_text", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = (".html", ".htm", ".pdf", ".docx", ".txt", ".text", ".md")
_BOILERPLATE_TAGS = ("script", "style", "noscript", "header", "footer", "form", "aside", "svg", "iframe", "button")
_BOILERPLATE_HINTS = re.compile(r"nav|menu|cookie|banner|footer|masthead|skip|search|share|social|related|feedback|sidebar", re.I)
_CRUMB_HINT = re.compile(r"breadcrumb", re.I)
_CRUMB_SKIP = {"home", "decisions", "search decisions", "decision search", "ombudsman decisions", "you are here:"}
_REF = re.compile(r"^\d{2}[\s-]?\d{3}[\s-]?\d{3}$")


def read_decision_file(path: str | Path) -> str:
    """The text of one decision file, by its suffix; a corrupt or empty file raises DocumentError naming it."""
    path = Path(path)
    if not path.is_file():
        raise DocumentError(f"{path}: no such file")
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if not data.strip():
        raise DocumentError(f"{path.name}: the file is empty")
    if suffix in (".html", ".htm"):
        text = html_to_text(_decode(path, data))
    elif suffix == ".pdf":
        text = _pdf_text(path, data)
    elif suffix == ".docx":
        text = _docx_text(path, data)
    elif suffix in (".txt", ".text", ".md"):
        text = _decode(path, data)
    else:
        raise DocumentError(f"{path.name}: unsupported file type {suffix or '(none)'}; use one of {', '.join(SUPPORTED_SUFFIXES)}")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    if not text.strip():
        raise DocumentError(f"{path.name}: no text found in the {suffix.lstrip('.')} file (a scanned image needs OCR first)")
    return text


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise DocumentError(f"{path.name}: binary data where text was expected; is it really a {path.suffix} file?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Pages saved by older Windows browsers are often Windows-1252 ("£" as 0xA3).
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{path.name}: text is neither UTF-8 nor Windows-1252 (byte {exc.start}); re-save it as UTF-8") from exc


def _pdf_text(path: Path, data: bytes) -> str:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.startswith(b"%PDF"):
        raise DocumentError(f"{path.name}: not a PDF (no %PDF header); the file may be truncated or mislabelled")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError(f"{path.name}: the PDF is encrypted; save an unprotected copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError(f"{path.name}: corrupt PDF ({exc})") from exc
    return "\n".join(pages)


def _docx_text(path: Path, data: bytes) -> str:
    import io

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(f"{path.name}: corrupt or not a Word document ({exc.__class__.__name__}); open and re-save it as .docx") from exc
    lines = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        if not text:
            lines.append("")
        elif style.startswith("heading") or style == "title":
            lines.extend(["", text])
        elif "list" in style:
            lines.append(f"- {text}")
        else:
            lines.append(text)
    for table in document.tables:  # metadata is sometimes laid out as a two-column table
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            if len(cells) >= 2 and cells[0]:
                lines.insert(0, f"{cells[0].rstrip(':')}: {cells[1]}")
    return "\n".join(lines)


def _crumb_category(soup) -> str | None:
    crumb = soup.find(attrs={"class": _CRUMB_HINT}) or soup.find(attrs={"id": _CRUMB_HINT}) or soup.find(attrs={"aria-label": _CRUMB_HINT})
    if crumb is None:
        return None
    parts = [li.get_text(" ", strip=True) for li in crumb.find_all("li")] or [
        p.strip() for p in re.split(r"[>›»/]", crumb.get_text(">", strip=True))
    ]
    parts = [p for p in parts if p and p.lower() not in _CRUMB_SKIP and not _REF.match(p)]
    return " > ".join(parts) or None


def html_to_text(html: str) -> str:
    """Plain text of a saved decision page: category from the breadcrumb, title, fields, then the body."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    category = _crumb_category(soup)
    heading = soup.find("h1")
    title = heading.get_text(" ", strip=True) if heading is not None else None
    doomed = list(soup.find_all(_BOILERPLATE_TAGS))
    for tag in soup.find_all(True):
        attrs = " ".join([" ".join(tag.get("class") or []), tag.get("id") or "", tag.get("role") or ""])
        if tag.name == "nav" or (attrs.strip() and _BOILERPLATE_HINTS.search(attrs) and tag.name not in ("main", "article", "body", "html")):
            doomed.append(tag)
    for tag in doomed:
        if not tag.decomposed:
            tag.decompose()
    main = soup.find("main") or soup.find(attrs={"role": "main"}) or soup.find("article") or soup.body or soup
    lines: list[str] = []
    if category:
        lines.append(f"Category: {category}")
    if title and main.find("h1") is None:
        lines.append(title)
    for node in main.find_all(["h1", "h2", "h3", "h4", "p", "li", "dt", "dd", "tr"]):
        if node.find_parent(["li", "tr"]) is not None and node.name != "tr":
            continue
        text = re.sub(r"\s+", " ", node.get_text(" ", strip=True))
        if not text:
            continue
        if node.name == "tr":
            cells = [re.sub(r"\s+", " ", c.get_text(" ", strip=True)) for c in node.find_all(["th", "td"])]
            lines.append(f"{cells[0].rstrip(':')}: {' '.join(cells[1:])}" if len(cells) > 1 else cells[0])
        elif node.name == "dt":
            lines.append(text.rstrip(":") + ":")
        elif node.name == "dd":
            if lines and lines[-1].endswith(":"):
                lines[-1] = f"{lines[-1]} {text}"
            else:
                lines.append(text)
        elif node.name in ("h1", "h2", "h3", "h4"):
            lines.extend(["", text])
        elif node.name == "li":
            if node.find_parent(["dl"]) is None and re.match(r"^[A-Za-z ]{2,30}:\s", text):
                lines.append(text)  # a metadata list item such as "Decision date: 14 March 2024"
            else:
                lines.append(f"- {text}")
        else:
            lines.extend([text, ""])
    return "\n".join(lines).strip() + "\n"
