"""Domain core of the complaints and ombudsman case analyser.

Records, ingest, the SQLite store, matching and reports. Imports neither spaCy, scikit-learn
nor FastAPI: text analysis arrives as functions passed in by the `service` layer.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
