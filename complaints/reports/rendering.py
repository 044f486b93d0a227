"""Jinja2 rendering for the printable reports: templates in complaints/reports/templates, autoescaped."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

__all__ = ["render_template", "percent", "pounds", "state_label", "FILTERS"]


def percent(value) -> str:
    """0.781 -> '78%'; None -> 'suppressed' marker '–'."""
    return "–" if value is None else f"{round(value * 100):.0f}%"


def pounds(value) -> str:
    """1234.5 -> '£1,235'."""
    return "–" if value is None else f"£{value:,.0f}"


def state_label(value) -> str:
    """'due_soon' -> 'due soon'."""
    return (value or "").replace("_", " ")


FILTERS = {"percent": percent, "pounds": pounds, "state": state_label}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # Complaint text is written by the public: autoescape is on for every template, always.
    env = Environment(loader=PackageLoader("complaints.reports", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(FILTERS)
    return env


def render_template(name: str, **context) -> str:
    """Render one of the report templates with `context`."""
    return _environment().get_template(name).render(**context)
