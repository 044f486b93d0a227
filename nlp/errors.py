"""The errors the nlp package raises; edges translate them once."""

__all__ = ["NlpError", "ModelNotTrainedError", "TaxonomyError", "DocumentError"]


class NlpError(Exception):
    """Root of every error the nlp package raises on purpose."""

    status = 400


class ModelNotTrainedError(NlpError):
    """A learned model was asked for but no trained artefact exists yet."""

    status = 409


class TaxonomyError(NlpError):
    """The theme taxonomy configuration is missing or malformed."""


class DocumentError(NlpError):
    """A decision file cannot be read as the format it claims to be (corrupt PDF/DOCX, binary text, empty)."""
