"""Text intelligence: themes, remedies, entities, decision parsing, clustering.

spaCy (blank English pipelines with rule components) and scikit-learn; no database, no HTTP.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
