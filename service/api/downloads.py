"""File downloads for the API and the dashboard: one rule for the attachment header."""

from __future__ import annotations

import re

from fastapi.responses import Response

__all__ = ["download"]


def download(content: bytes | str, media_type: str, filename: str) -> Response:
    """A response the browser saves as `filename` (characters outside letters, digits, '.', '-' and '_' become '_')."""
    safe = re.sub(r"[^\w.-]", "_", filename, flags=re.ASCII)
    return Response(content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{safe}"'})
