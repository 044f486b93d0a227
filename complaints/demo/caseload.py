"""The demo council's EHCP caseload: children, their households and the rows of cases.csv."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from complaints.demo.calendar import DATE_STYLES, format_date
from complaints.demo.people import Gazetteer, weighted_pick

__all__ = ["Child", "Household", "build_caseload", "build_unrecorded_children", "case_rows", "CASE_COLUMNS",
           "EXTRACT_DATE", "school_year"]

EXTRACT_DATE = dt.date(2025, 3, 31)   # the day the demo council's exports were taken
PLANS_BEGAN = dt.date(2014, 9, 1)     # EHC plans replaced statements from September 2014
CASE_COLUMNS = ["case_ref", "child_forename", "child_surname", "date_of_birth", "postcode", "school",
                "caseworker", "team", "request_received_on", "plan_issued_on", "last_annual_review_on",
                "direct_payment_status"]


@dataclass
class Household:
    """A family: where they live and who writes to the council."""

    district: str
    postcode: str
    child_surname: str
    mother: tuple[str, str, str]   # (title, forename, surname)
    father: tuple[str, str, str]


@dataclass
class Child:
    """One child, with or without an EHCP case record."""

    forename: str
    surname: str
    sex: str
    dob: dt.date
    household: Household
    case_ref: str = ""
    school: str = ""
    caseworker: str = ""
    team: str = ""
    request_received_on: dt.date | None = None
    plan_issued_on: dt.date | None = None
    last_annual_review_on: dt.date | None = None
    direct_payment_status: str = "none"
    twin_of: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        """Forename and surname."""
        return f"{self.forename} {self.surname}"


def school_year(dob: dt.date, on: dt.date) -> int:
    """England's school year group on a date: 0 = Reception, negative = nursery, 12-13 = sixth form."""
    academic_start = on.year if on.month >= 9 else on.year - 1
    cohort = dob.year if dob.month >= 9 else dob.year - 1
    return academic_start - cohort - 5


def _forename(rng: random.Random, gaz: Gazetteer, sex: str, avoid: str = "") -> str:
    names = gaz.boys if sex == "m" else gaz.girls
    while True:
        name = weighted_pick(rng, names, skew=0.6, offset=8)
        if rng.random() < 0.03:   # "Oliver-James", "Lily-Mae"
            name = f"{name}-{rng.choice(gaz.hyphen_first)}"
        if name != avoid:
            return name


def _surname(rng: random.Random, gaz: Gazetteer) -> str:
    name = weighted_pick(rng, gaz.surnames)
    roll = rng.random()
    if roll < 0.05:
        return f"{name}-{rng.choice(gaz.surname_second)}"
    if roll < 0.065:   # double-barrelled without a hyphen, the way some families write it
        return f"{name} {rng.choice(gaz.surname_second)}"
    return name


def _household(rng: random.Random, gaz: Gazetteer) -> Household:
    district_name, district = gaz.districts[rng.randrange(len(gaz.districts))]
    surname = _surname(rng, gaz)
    mother_surname = surname if rng.random() < 0.62 else _surname(rng, gaz)
    father_surname = surname if rng.random() < 0.8 else _surname(rng, gaz)
    mother = (rng.choice(["Mrs", "Ms", "Miss", "Mrs", "Ms"]), rng.choice(gaz.adult_women), mother_surname)
    father = ("Mr", rng.choice(gaz.adult_men), father_surname)
    return Household(district_name, gaz.postcode(rng, district), surname, mother, father)


def _school_for(rng: random.Random, gaz: Gazetteer, dob: dt.date) -> str:
    year = school_year(dob, EXTRACT_DATE)
    if rng.random() < 0.2 and 0 <= year <= 13:
        return rng.choice(gaz.schools["special"])
    if year < 0:
        return rng.choice(gaz.schools["nursery"]) if rng.random() < 0.7 else ""
    if year <= 6:
        return rng.choice(gaz.schools["primary"])
    if year <= 11:
        return rng.choice(gaz.schools["secondary"])
    return rng.choice(gaz.schools["post16"])


def _plan_dates(rng: random.Random, child: Child) -> None:
    """Request, plan and review dates; the share issued within 20 weeks falls year on year."""
    if child.request_received_on is None:   # a statement transferred to a plan: no request date kept
        issued = PLANS_BEGAN + dt.timedelta(days=rng.randint(0, 1300))
    else:
        on_time = {2014: 0.64, 2015: 0.62, 2016: 0.6, 2017: 0.58, 2018: 0.56, 2019: 0.55, 2020: 0.5,
                   2021: 0.45, 2022: 0.4, 2023: 0.34, 2024: 0.3, 2025: 0.3}[child.request_received_on.year]
        weeks = rng.uniform(13, 20) if rng.random() < on_time else rng.uniform(20.3, 62)
        if rng.random() < 0.012:   # a request stuck for well over a year
            weeks = rng.uniform(70, 110)
        issued = child.request_received_on + dt.timedelta(days=round(weeks * 7))
        if issued > EXTRACT_DATE:
            issued = None
    child.plan_issued_on = issued
    if issued is None or (EXTRACT_DATE - issued).days < 330:
        return
    roll = rng.random()
    if roll < 0.03:
        return   # never reviewed
    if roll < 0.16:   # overdue: last review more than 12 months ago
        gap = rng.randint(380, 820)
    else:
        gap = rng.randint(10, 362)
    last = EXTRACT_DATE - dt.timedelta(days=gap)
    if last < issued + dt.timedelta(days=300):
        last = issued + dt.timedelta(days=rng.randint(300, 380))
    child.last_annual_review_on = min(last, EXTRACT_DATE)


def _new_child(rng, gaz, household, sex, dob, request) -> Child:
    return Child(forename=_forename(rng, gaz, sex), surname=household.child_surname, sex=sex, dob=dob,
                 household=household, request_received_on=request)


def _request_and_dob(rng: random.Random) -> tuple[dt.date | None, dt.date]:
    if rng.random() < 0.14:   # older child whose statement became a plan
        return None, dt.date(2000, 9, 1) + dt.timedelta(days=rng.randint(0, 12 * 365))
    year = rng.choices(range(2015, 2026), weights=[4, 5, 6, 7, 8, 8, 10, 12, 14, 16, 4])[0]
    start = max(dt.date(year, 1, 1), PLANS_BEGAN)
    end = min(dt.date(year, 12, 31), EXTRACT_DATE - dt.timedelta(days=5))
    request = start + dt.timedelta(days=rng.randint(0, (end - start).days))
    age = rng.choices([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17],
                      weights=[6, 9, 10, 9, 8, 8, 7, 6, 6, 6, 5, 4, 3, 2, 1, 1])[0]
    dob = request - dt.timedelta(days=int(age * 365.25) + rng.randint(0, 364))
    return request, dob


def _fill_record(rng, gaz, child: Child, ref: str) -> None:
    child.case_ref = ref
    child.school = _school_for(rng, gaz, child.dob)
    child.caseworker = rng.choice(gaz.staff)
    child.team = rng.choices(["SEND Casework", "SEND Placements", "Disabled Children's Service", "Post-16 SEND"],
                             weights=[78, 8, 8, 6])[0]
    if school_year(child.dob, EXTRACT_DATE) > 11 and child.team == "SEND Casework" and rng.random() < 0.5:
        child.team = "Post-16 SEND"
    _plan_dates(rng, child)
    child.direct_payment_status = rng.choices(["none", "agreed", "active", "suspended", "late"],
                                              weights=[70, 8, 15, 3, 4])[0]


def build_caseload(rng: random.Random, gaz: Gazetteer, n_cases: int) -> list[Child]:
    """Children with EHCP records: singles, siblings and twins, common names shared by different children."""
    refs = rng.sample(range(100000, 999999), n_cases + 10)
    children: list[Child] = []
    while len(children) < n_cases:
        household = _household(rng, gaz)
        roll = rng.random()
        request, dob = _request_and_dob(rng)
        if roll < 0.025:   # twins: same surname and birthday, different forenames
            first = _new_child(rng, gaz, household, rng.choice("mf"), dob, request)
            sex = rng.choice("mf")
            second = Child(forename=_forename(rng, gaz, sex, avoid=first.forename), surname=household.child_surname,
                           sex=sex, dob=dob, household=household, request_received_on=request)
            second.twin_of = len(children)
            family = [first, second]
        else:
            family = [_new_child(rng, gaz, household, rng.choice("mmf"), dob, request)]
            if roll < 0.13:   # siblings with plans
                for _ in range(1 if rng.random() < 0.85 else 2):
                    req2, _unused = _request_and_dob(rng)
                    gap = rng.randint(500, 2200) * rng.choice([-1, 1])
                    family.append(_new_child(rng, gaz, household, rng.choice("mf"),
                                             dob + dt.timedelta(days=gap), req2))
        for child in family:
            if child.request_received_on and child.request_received_on < child.dob + dt.timedelta(days=500):
                child.request_received_on = child.dob + dt.timedelta(days=rng.randint(700, 1500))
                if child.request_received_on > EXTRACT_DATE - dt.timedelta(days=5):
                    child.request_received_on = EXTRACT_DATE - dt.timedelta(days=rng.randint(5, 200))
            _fill_record(rng, gaz, child, f"EHC-{refs[len(children)]}")
            children.append(child)
            if len(children) >= n_cases:
                break
    return children


def build_unrecorded_children(rng: random.Random, gaz: Gazetteer, caseload: list[Child], n: int) -> list[Child]:
    """Children complained about who have no case record: some share a name or a family with recorded ones."""
    out: list[Child] = []
    while len(out) < n:
        roll = rng.random()
        request, dob = _request_and_dob(rng)
        if roll < 0.3:   # a brother or sister of a recorded child, without a plan of their own
            sibling = caseload[rng.randrange(len(caseload))]
            household = sibling.household
            dob = sibling.dob + dt.timedelta(days=rng.randint(400, 1800) * rng.choice([-1, 1]))
        else:
            household = _household(rng, gaz)
        child = _new_child(rng, gaz, household, rng.choice("mf"), dob, None)
        if roll > 0.8:   # same name as a recorded child, a different child
            twin_name = caseload[rng.randrange(len(caseload))]
            child.forename, child.surname = twin_name.forename, twin_name.surname
            child.household = Household(household.district, household.postcode, twin_name.surname,
                                        household.mother, household.father)
        child.school = _school_for(rng, gaz, child.dob)
        out.append(child)
    return out


def _row(rng: random.Random, child: Child) -> list[str]:
    style = rng.choices(DATE_STYLES, weights=[55, 20, 15, 10])[0]

    def fmt(day):
        return format_date(day, style) if day else ""

    postcode = "" if rng.random() < 0.02 else child.household.postcode
    school = "" if rng.random() < 0.03 else child.school
    caseworker = "" if rng.random() < 0.04 else child.caseworker
    dp = child.direct_payment_status
    if dp == "none" and rng.random() < 0.25:
        dp = ""
    return [child.case_ref, child.forename, child.surname, fmt(child.dob), postcode, school, caseworker, child.team,
            fmt(child.request_received_on), fmt(child.plan_issued_on), fmt(child.last_annual_review_on), dp]


def case_rows(rng: random.Random, caseload: list[Child]) -> tuple[list[list[str]], int]:
    """The rows of cases.csv in case-system order, with blank cells, mixed date styles and a few duplicate rows."""
    rows, duplicates = [], 0
    for child in sorted(caseload, key=lambda c: c.case_ref):
        row = _row(rng, child)
        rows.append(row)
        if rng.random() < 0.006:   # exported twice by the case system
            rows.append(list(row))
            duplicates += 1
    return rows, duplicates
