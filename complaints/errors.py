"""The errors the complaints core raises; edges translate them once (CLI message, API problem JSON)."""

__all__ = [
    "ComplaintsError",
    "ProfileError",
    "MissingColumnError",
    "FileFormatError",
    "EncodingError",
    "NotFoundError",
    "MigrationError",
    "DecisionError",
    "LinkReviewError",
]


class ComplaintsError(Exception):
    """Root of every error the core raises on purpose."""

    status = 400  # the HTTP status an API edge should use


class ProfileError(ComplaintsError):
    """A column-mapping profile is unknown or malformed."""


class MissingColumnError(ComplaintsError):
    """A file lacks a column its profile requires."""


class FileFormatError(ComplaintsError):
    """A file cannot be read as the format it claims to be (truncated gzip, not a spreadsheet, ...)."""


class EncodingError(FileFormatError):
    """A text file's bytes do not decode in the encoding it was read with."""


class NotFoundError(ComplaintsError):
    """A record asked for by id or reference does not exist."""

    status = 404


class MigrationError(ComplaintsError):
    """The database cannot be brought to the schema this version needs."""

    status = 500


class DecisionError(ComplaintsError):
    """A parsed ombudsman decision lacks what the store needs (its reference) or an action update is invalid."""


class LinkReviewError(ComplaintsError):
    """A case link cannot be confirmed or rejected in its current state (already reviewed, or no case)."""

    status = 409
