"""The edges and the only wiring layer: FastAPI app, dashboard, CLI. Passes nlp's functions into complaints' steps."""

__all__ = ["__version__"]
__version__ = "0.1.0"
