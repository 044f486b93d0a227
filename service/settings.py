"""The one settings object, read only at the edges (CLI, app factory, notebook first cell)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    """Every tunable of the product; environment variables use the prefix `COMPLAINTS_`."""

    model_config = SettingsConfigDict(env_prefix="COMPLAINTS_", extra="ignore")

    db: Path = Path("data/complaints.db")
    council_name: str = "Demo Borough Council"
    profiles_dir: Path | None = None          # extra column-mapping profiles (*.toml), beside the built-in ones
    taxonomy_path: Path | None = None         # a council's own theme taxonomy (TOML); default is the built-in one
    model_dir: Path = Path("data/models")     # trained model artefacts
    suppress_below: int = 5                   # rates on fewer cases than this are suppressed in reports
    clocks_path: Path | None = None           # a council's own response deadlines (TOML); default complaints/clocks.toml
    max_upload_bytes: int = 50 * 1024 * 1024  # compressed upload size limit
    max_uncompressed_bytes: int = 500 * 1024 * 1024
    max_body_bytes: int = 1 * 1024 * 1024     # JSON request bodies
    session_secret: str = ""                  # signs dashboard CSRF tokens; random per process when empty
    case_ref_patterns: list[str] | None = None  # regexes for case references in text; None = nlp.entities default
    match_auto_threshold: float = 0.95        # match probability at or above which a complaint links to a case unseen
    match_review_threshold: float = 0.5       # ... at or above which the link goes to the review queue
    host: str = "127.0.0.1"
    port: int = 8000
