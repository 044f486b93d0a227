"""Aggregates and reports: the figures scrutiny and the weekly review use, as JSON or downloads."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from complaints.aggregate import DIMENSIONS, METRICS, cached_aggregate
from complaints.audit import record_event
from complaints.clock import load_rules
from complaints.errors import ComplaintsError
from complaints.reports import systemic, trends, weekly
from complaints.reports.headline import headline_figures
from complaints.reports.spreadsheet import csv_text
from service.api.deps import Principal, get_db, require
from service.api.downloads import download
from service.api.reading import report_db, report_lock
from service.pipeline import systemic_result

router = APIRouter(prefix="/api/v1", tags=["aggregates and reports"])
YearBasis = Literal["financial", "calendar", "academic"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _split(value: str, allowed, what: str) -> list[str]:
    items = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [item for item in items if item not in allowed]
    if unknown or not items:
        raise ComplaintsError(f"unknown {what} {', '.join(unknown) or '(none given)'}: use {', '.join(allowed)}")
    return items


@router.get("/aggregates")
def aggregates(request: Request, by: str = Query("year", max_length=100, description="e.g. `year,theme`"),
               year_basis: YearBasis = "financial", date_: Literal["received", "decided"] = Query("received", alias="date"),
               metrics: str = Query(",".join(METRICS), max_length=200), format: Literal["json", "csv"] = "json",
               principal: Principal = Depends(require("viewer"))):
    """Counts, upheld rate, remedy cost, median working days and on-time rate, grouped as asked (DESIGN.md shape)."""
    dimensions = _split(by, ("year", *DIMENSIONS), "dimension")
    wanted = _split(metrics, METRICS, "metric")
    settings = request.app.state.settings
    with report_lock:
        result = cached_aggregate(report_db(request), tuple(dimensions), year_basis=year_basis, date=date_,
                                  metrics=tuple(wanted), suppress_below=settings.suppress_below)
    if format == "csv":
        rows = [{k: v for k, v in row.items() if k != "suppressed"} for row in result["rows"]]
        return download(csv_text(rows), "text/csv", "aggregates.csv")
    return result


@router.get("/reports/weekly")
def weekly_report(request: Request, week: str = Query(..., max_length=10, description="ISO week, e.g. 2024-W42"),
                  as_of: date | None = None, format: Literal["json", "html", "xlsx"] = "json", db=Depends(get_db),
                  principal: Principal = Depends(require("officer"))):
    """The Executive Director's weekly review pack (case-level, so officers only; the read is audited)."""
    settings = request.app.state.settings
    pack = weekly.weekly_pack(db, week, as_of=as_of, rules=load_rules(settings.clocks_path))
    record_event(db, actor=principal.actor, role=principal.role, action="read_report", entity="weekly", entity_id=week)
    if format == "html":
        return HTMLResponse(weekly.render_html(pack, council=settings.council_name))
    if format == "xlsx":
        return download(weekly.render_xlsx(pack), XLSX, f"weekly-{week}.xlsx")
    return pack


@router.get("/reports/trends")
def trends_report(request: Request, first: str = Query(..., alias="from", max_length=9),
                  last: str = Query(..., alias="to", max_length=9), year_basis: YearBasis = "financial",
                  format: Literal["json", "html", "pdf", "xlsx"] = "json", db=Depends(get_db),
                  principal: Principal = Depends(require("viewer"))):
    """Scrutiny trends over several years: tables, charts and plain-English findings (aggregates only)."""
    settings = request.app.state.settings
    data = trends.trends_report(db, first, last, year_basis=year_basis, suppress_below=settings.suppress_below,
                                rules=load_rules(settings.clocks_path))
    if format == "html":
        return HTMLResponse(trends.render_html(data, council=settings.council_name))
    if format == "pdf":
        return download(trends.render_pdf(data, council=settings.council_name), "application/pdf", "trends.pdf")
    if format == "xlsx":
        return download(trends.render_xlsx(data), XLSX, "trends.xlsx")
    return Response(trends.render_json(data), media_type="application/json")


@router.get("/reports/headline")
def headline(request: Request, year: list[str] | None = Query(None, max_length=12), as_of: date | None = None,
             db=Depends(get_db), principal: Principal = Depends(require("viewer"))) -> list[dict]:
    """The ombudsman's headline figures per financial year: decisions, upheld rate, compliance, remedies provided."""
    return headline_figures(db, years=year or None, as_of=as_of, suppress_below=request.app.state.settings.suppress_below)


@router.get("/reports/systemic")
def systemic_report(request: Request, format: Literal["json", "html", "csv", "xlsx"] = "json",
                    min_cases: int = Query(2, ge=1, le=1000), as_of: date | None = None, db=Depends(get_db),
                    principal: Principal = Depends(require("officer"))):
    """Recurring fault patterns with remedy totals, agreed improvements and whether they recurred (they quote
    the fault found in individual cases, so officers only)."""
    result = systemic_result(db, min_cases=min_cases, as_of=as_of)
    settings = request.app.state.settings
    if format == "html":
        return HTMLResponse(systemic.render_html(result, council=settings.council_name))
    if format == "csv":
        return download(systemic.render_csv(systemic.pattern_rows(result)), "text/csv", "patterns.csv")
    if format == "xlsx":
        return download(systemic.render_xlsx(result), XLSX, "patterns.xlsx")
    return Response(systemic.render_json(result), media_type="application/json")


@router.get("/reports/systemic/{pattern_id}/evidence")
def evidence_pack(pattern_id: str, format: Literal["csv", "xlsx"] = "csv", min_cases: int = Query(2, ge=1, le=1000),
                  db=Depends(get_db), principal: Principal = Depends(require("officer"))):
    """Every case behind one pattern, for the liaison officer's evidence pack (audited)."""
    result = systemic_result(db, min_cases=min_cases)
    rows = systemic.evidence_rows(result, pattern_id)
    record_event(db, actor=principal.actor, role=principal.role, action="read_report", entity="evidence_pack",
                 entity_id=pattern_id)
    if format == "xlsx":
        return download(systemic.render_xlsx(result, rows), XLSX, f"evidence-{pattern_id}.xlsx")
    return download(systemic.render_csv(rows), "text/csv", f"evidence-{pattern_id}.csv")
