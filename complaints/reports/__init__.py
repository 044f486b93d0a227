"""Reports built on the aggregates: weekly review pack, scrutiny trends, systemic patterns, ombudsman headlines."""

__all__ = ["weekly", "trends", "systemic", "headline", "spreadsheet"]
