"""The demo council's complaints register: stage 1, stage 2 and ombudsman rows over six financial years."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from complaints.demo.calendar import DATE_STYLES, add_working_days, format_date, is_working_day
from complaints.demo.caseload import EXTRACT_DATE, Child, school_year
from complaints.demo.letters import THEMES, Library, add_noise, compose_body, render
from complaints.demo.people import Gazetteer

__all__ = ["Complaint", "build_register", "finish_rows", "COMPLAINT_COLUMNS", "FIRST_DAY"]

FIRST_DAY = dt.date(2019, 4, 1)
COMPLAINT_COLUMNS = ["complaint_ref", "received_on", "text", "stage", "status", "outcome", "responded_on", "team",
                     "service_area", "complainant_name", "child_name", "child_dob", "postcode", "case_ref",
                     "ombudsman_ref", "remedy_amount", "procedure", "escalated_from", "decided_on"]
# Stage 1 volumes per financial year from 2019/20: rising, as SEND complaints have nationally.
_VOLUMES = (300, 335, 400, 450, 520, 590)
# Relative volume by calendar month: September's transport problems, spring phase transfers, a quiet August.
_MONTH_WEIGHT = {1: 0.9, 2: 1.1, 3: 1.25, 4: 1.05, 5: 0.95, 6: 0.9, 7: 0.85, 8: 0.5, 9: 1.6, 10: 1.2, 11: 1.0, 12: 0.6}
_SERVICE_AREA = {"SEND Casework": "Special Educational Needs", "SEND Placements": "Special Educational Needs",
                 "SEND Finance": "Special Educational Needs", "Home to School Transport": "School Transport",
                 "Disabled Children's Service": "Children's Social Care", "Complaints Team": "Customer Services",
                 "Inclusion and Attendance": "Education"}
# Working days to respond: (stage 1, stage 2) per procedure. Corporate includes the 5-day acknowledgement.
_DUE = {"corporate": (15, 25), "statutory": (10, 25)}


@dataclass
class Complaint:
    """One row of complaints.csv plus what the generator knows about it (the truth)."""

    ref: str
    stage: str
    received: dt.date
    child: Child
    themes: list[str]
    team: str
    procedure: str
    complainant: tuple[str, str, str]
    writer: str
    text: str = ""
    responded: dt.date | None = None
    outcome: str = ""
    escalated_from: str = ""
    ombudsman_ref: str = ""
    decided: dt.date | None = None
    lgo_outcome: str = ""
    remedy_amount: str = ""
    row: dict = field(default_factory=dict)


def _financial_year_dates(rng: random.Random, start_year: int, n: int) -> list[dt.date]:
    days = [dt.date(start_year, 4, 1) + dt.timedelta(days=i) for i in range(366)]
    days = [d for d in days if d < dt.date(start_year + 1, 4, 1)]
    weights = [_MONTH_WEIGHT[d.month] * (1.0 if d.weekday() < 5 else 0.12) for d in days]
    return sorted(rng.choices(days, weights=weights, k=n))


def _choose_themes(rng: random.Random, received: dt.date) -> list[str]:
    count = rng.choices([0, 1, 2, 3], weights=[14, 48, 29, 9])[0]
    weights = {"provision_insufficiency": 30, "assessment_delay": 24, "communication": 20, "payment_delay": 10,
               "transport": 9, "complaint_handling": 3}
    if received.month in (9, 10):
        weights["transport"] *= 3.5
    if received.month in (2, 3, 4):   # phase transfers: plans and placements for September
        weights["assessment_delay"] *= 1.4
        weights["provision_insufficiency"] *= 1.3
    themes: list[str] = []
    while len(themes) < count:
        pool = [t for t in THEMES if t not in themes]
        theme = rng.choices(pool, weights=[weights[t] for t in pool])[0]
        themes.append(theme)
    return themes


def _team_for(rng: random.Random, themes: list[str]) -> str:
    if not themes:
        return rng.choices(["SEND Casework", "Home to School Transport", "Inclusion and Attendance",
                            "Disabled Children's Service", "Complaints Team"], weights=[40, 15, 15, 20, 10])[0]
    main = themes[0]
    options = {"transport": (["Home to School Transport"], [1]),
               "payment_delay": (["SEND Finance", "Disabled Children's Service"], [55, 45]),
               "provision_insufficiency": (["SEND Casework", "SEND Placements", "Inclusion and Attendance",
                                            "Disabled Children's Service"], [42, 30, 18, 10]),
               "assessment_delay": (["SEND Casework"], [1]),
               "communication": (["SEND Casework", "Disabled Children's Service", "SEND Placements"], [65, 25, 10]),
               "complaint_handling": (["Complaints Team"], [1])}[main]
    return rng.choices(options[0], weights=options[1])[0]


def _suits(child: Child, theme: str, received: dt.date) -> bool:
    year = school_year(child.dob, received)
    if not -1 <= year <= 14:
        return False
    if theme == "assessment_delay" and child.request_received_on:
        gap = (received - child.request_received_on).days
        return 20 <= gap <= 420
    if theme == "payment_delay":
        return child.direct_payment_status in ("agreed", "active", "late", "suspended")
    if theme == "transport":
        return 0 <= year <= 13
    return child.plan_issued_on is None or child.plan_issued_on < received or theme != "provision_insufficiency"


def _pick_child(rng, caseload, unrecorded, themes, received, complained) -> Child:
    if complained and rng.random() < 0.12:   # families who complain more than once
        child = complained[rng.randrange(len(complained))]
        if _suits(child, themes[0] if themes else "", received):
            return child
    if rng.random() < 0.065:
        return unrecorded[rng.randrange(len(unrecorded))]
    theme = themes[0] if themes else ""
    for _ in range(60):
        child = caseload[rng.randrange(len(caseload))]
        if _suits(child, theme, received):
            return child
    return caseload[rng.randrange(len(caseload))]


def _complainant(rng: random.Random, gaz: Gazetteer, child: Child) -> tuple[tuple[str, str, str], str]:
    roll = rng.random()
    if roll < 0.62:
        return child.household.mother, "parent"
    if roll < 0.78:
        return child.household.father, "parent"
    if roll < 0.87:
        writer = "grandparent" if roll < 0.83 else "foster"
        surname = child.surname if writer == "grandparent" and rng.random() < 0.5 else rng.choice(gaz.surnames)
        title = rng.choice(["Mrs", "Mrs", "Ms", "Mr"])
        forename = rng.choice(gaz.adult_men if title == "Mr" else gaz.adult_women)
        return (title, forename, surname), writer
    return child.household.mother, rng.choice(["councillor", "advocate", "phone"])


def _relation(child: Child, writer: str) -> str:
    base = "son" if child.sex == "m" else "daughter"
    if writer == "grandparent":
        return "grand" + base
    if writer == "foster":
        return "foster " + base
    return base


def _pronouns(sex: str) -> dict:
    he, him, his = ("he", "him", "his") if sex == "m" else ("she", "her", "her")
    return {"he": he, "him": him, "his": his, "He": he.capitalize(), "His": his.capitalize()}


def _name_forms(rng: random.Random, gaz: Gazetteer, child: Child) -> dict:
    first = child.forename.split("-")[0] if "-" in child.forename and rng.random() < 0.4 else child.forename
    nick = rng.choice(gaz.nicknames.get(child.forename.split("-")[0], [first]))
    return {"full": f"{child.forename} {child.surname}", "first": first, "nick": nick,
            "nick_full": f"{nick} {child.surname}", "initial": f"{child.forename[0]}. {child.surname}"}


def _dob_variant(rng: random.Random, dob: dt.date) -> tuple[dt.date, str]:
    roll = rng.random()
    if roll < 0.12 and dob.day <= 12 and dob.day != dob.month:
        return dt.date(dob.year, dob.day, dob.month), "swapped"
    if roll < 0.2:   # one digit slipped: the day or the year's last digit
        if rng.random() < 0.5 and dob.day < 28:
            return dob.replace(day=dob.day + rng.choice([1, -1]) if dob.day > 1 else 2), "slip"
        return dob.replace(year=dob.year + rng.choice([1, -1]), day=min(dob.day, 28)), "slip"
    return dob, "exact"


def _written_dob(rng: random.Random, day: dt.date) -> str:
    style = rng.random()
    if style < 0.5:
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    if style < 0.65:
        return f"{day.day}/{day.month}/{str(day.year)[2:]}"
    if style < 0.8:
        return f"{day.day}.{day.month}.{day.year}"
    return format_date(day, "long")


def _slots(rng, gaz, c: Complaint, link: dict) -> dict:
    child = c.child
    title, first, surname = c.complainant
    named = link["text_name"]
    slots = _pronouns(child.sex)
    slots.update({
        "son": _relation(child, c.writer), "name": named or ("my " + _relation(child, c.writer)),
        "school": child.school or _school_for_age(rng, gaz, school_year(child.dob, c.received)),
        "caseworker": child.caseworker or rng.choice(gaz.staff),
        "yeargroup": _year_label(school_year(child.dob, c.received)),
        "age": str(max(3, (c.received - child.dob).days // 365)),
        "parent": f"{title} {surname}", "parent_his": "his" if title == "Mr" else "her",
        "complainant": f"{first} {surname}", "complainant_first": first, "role": _role(c.writer, title),
        "councillor": rng.choice(gaz.councillors), "org": rng.choice(("SENDIASS", "the Parent Carer Forum",
                                                                     "Families Together Demo Borough")),
        "writer": f"{rng.choice(gaz.adult_women)} {rng.choice(gaz.surnames)}",
        "month": _month_before(rng, c.received), "term": _term_before(c.received),
        "dob_bit": link["dob_bit"], "prev_ref": c.escalated_from,
    })
    slots["Resident"] = "My constituent" if c.writer == "councillor" else slots["parent"]
    slots["grandparent"] = "grandfather" if title == "Mr" else "grandmother"
    # the body calls the child by first name or nickname; someone who wrote "O. Smith" keeps saying "my son"
    short = named.split()[0] if named and not named.split()[0].endswith(".") else ""
    third_person = c.writer in ("councillor", "advocate", "phone") or c.stage == "ombudsman"
    if short:
        slots["child"], slots["Child"] = short, short
    elif third_person:
        slots["child"], slots["Child"] = "the child", "The child"
    else:
        slots["child"], slots["Child"] = "my " + slots["son"], "My " + slots["son"]
    return slots


def _school_for_age(rng: random.Random, gaz: Gazetteer, year: int) -> str:
    kind = "nursery" if year < 0 else "primary" if year <= 6 else "secondary" if year <= 11 else "post16"
    return rng.choice(gaz.schools[kind])


def _role(writer: str, title: str) -> str:
    if writer == "grandparent":
        return "grandad" if title == "Mr" else "nan"
    if writer == "foster":
        return "foster carer"
    return "dad" if title == "Mr" else "mum"


def _year_label(year: int) -> str:
    if year < 0:
        return "nursery"
    if year == 0:
        return "Reception"
    if year > 13:
        return "college"
    return f"Year {year}"


def _month_before(rng: random.Random, day: dt.date) -> str:
    back = day - dt.timedelta(days=rng.randint(30, 120))
    return back.strftime("%B")


def _term_before(day: dt.date) -> str:
    if day.month >= 9:
        return "summer term"   # the term before an autumn complaint
    if day.month >= 4:
        return "spring term"
    return "autumn term"


def _letter(rng: random.Random, lib: Library, c: Complaint, slots: dict, link: dict) -> tuple[str, list[str]]:
    f = lib.framing
    other = c.writer in ("councillor", "advocate", "phone") or c.stage == "ombudsman"
    voice = "other" if other else "parent"
    passages, themes = compose_body(rng, lib, c.themes, voice, int(slots["age"]))
    parts: list[str] = []
    if c.stage == "ombudsman":
        parts.append(rng.choice(f["ombudsman_prefaces"]))
    else:
        if rng.random() < 0.7 and c.writer != "phone":
            parts.append(rng.choice(f["greetings"]))
        if c.stage == "2":
            parts.append(rng.choice(f["other_stage2_prefaces"] if other else f["stage2_prefaces"]))
        elif c.writer == "grandparent":
            parts.append(rng.choice(f["grandparent_openers"]))
        elif c.writer == "foster":
            parts.append(rng.choice(f["foster_openers"]))
        elif other:
            parts.append(rng.choice(f[f"{c.writer}_openers"]))
        elif not c.themes:   # a query or a compliment is framed as one, not as a grievance
            if rng.random() < 0.6:
                parts.append(rng.choice(f["query_openers"]))
        elif rng.random() < 0.75:
            parts.append(rng.choice(f["parent_openers"]))
    if link["text_name"]:
        parts.append(rng.choice(f["other_intros"] if other else f["parent_intros"]))
    elif link["dob_bit"]:
        parts.append(rng.choice(f["other_dob_only_intros"] if other else f["dob_only_intros"]))
    elif not other and c.stage == "1":
        parts.append(rng.choice(f["anonymous_intros"]))
    if rng.random() < 0.35 and c.stage == "1":
        parts.append(rng.choice(f["needs"]))
    if not other and c.stage == "1" and c.themes:   # some families set the scene at length, most get to the point
        parts.extend(rng.sample(f["background"], k=rng.choices([0, 1, 2, 3], weights=[50, 25, 15, 10])[0]))
    for i, passage in enumerate(passages):
        if i and rng.random() < 0.4:
            parts.append(rng.choice(f["connectors"]))
        parts.append(passage.text)
    if c.stage != "ombudsman":
        parts.append(rng.choice(f["asks"] if c.themes else f["query_asks"]))
        parts.append(rng.choice(f[f"{c.writer}_signoffs"] if other else f["parent_signoffs"]))
    rendered = [render(p, slots) for p in parts if p]
    sep = "\n\n" if rng.random() < 0.6 else " "
    text = sep.join(p for p in rendered if p.strip())
    return add_noise(rng, text), themes


def _link_plan(rng: random.Random, gaz: Gazetteer, lib: Library, c: Complaint) -> dict:
    """How this row identifies the child: a case reference, columns, a name in the text, or little at all."""
    child = c.child
    forms = _name_forms(rng, gaz, child)
    carry = {"1": 0.62, "2": 0.72, "ombudsman": 0.82}[c.stage]
    case_ref = child.case_ref if child.case_ref and rng.random() < carry else ""
    col_name, col_dob = "", ""
    if rng.random() < (0.45 if case_ref else 0.6):
        form = rng.choices(["full", "nick_full", "first", "initial", "surname_first"], weights=[60, 14, 8, 12, 6])[0]
        col_name = f"{child.surname.upper()}, {child.forename}" if form == "surname_first" else forms[form]
    if rng.random() < (0.4 if case_ref else 0.55):
        dob, _kind = _dob_variant(rng, child.dob)
        col_dob = _written_dob(rng, dob)
    text_form = rng.choices(["full", "nick_full", "first", "nick", "initial", "none"],
                            weights=[28, 10, 24, 14, 6, 18])[0]
    text_name = "" if text_form == "none" else forms[text_form]
    if not (case_ref or col_name or text_name) and rng.random() < 0.8:
        text_name = forms["full"]   # most families do name their child somewhere
    dob_bit = ""
    if rng.random() < 0.3:
        dob, _kind = _dob_variant(rng, child.dob)
        dob_bit = rng.choice(lib.framing["dob_bits"]).replace("{dob}", _written_dob(rng, dob))
    return {"case_ref": case_ref, "child_name": col_name, "child_dob": col_dob, "text_name": text_name,
            "dob_bit": dob_bit}


def _respond(rng: random.Random, c: Complaint, late_share: float) -> None:
    due_days = _DUE[c.procedure][0 if c.stage == "1" else 1]
    if rng.random() < late_share:
        days = due_days + max(1, int(rng.expovariate(1 / 12)))
    else:
        days = rng.randint(max(2, due_days // 3), due_days)
    responded = add_working_days(c.received, days)
    if responded > EXTRACT_DATE or rng.random() < 0.004:   # still open at the extract, a few long overdue
        return
    c.responded = responded
    weights = {"1": [24, 30, 38, 8], "2": [20, 34, 44, 2]}[c.stage]
    if "provision_insufficiency" in c.themes or "assessment_delay" in c.themes:
        weights = [w * m for w, m in zip(weights, (1.4, 1.2, 0.7, 1.0))]
    c.outcome = rng.choices(["upheld", "partly upheld", "not upheld", "withdrawn"], weights=weights)[0]
    if c.outcome in ("upheld", "partly upheld") and rng.random() < 0.14:
        amount = rng.choice([50, 75, 100, 100, 150, 150, 200, 250, 300, 400, 500, 750, 1000, 1250])
        c.remedy_amount = rng.choice([f"£{amount:,}.00", str(amount), f"£{amount:,}", f"{amount}.00"])


def _ombudsman_ref(rng: random.Random, day: dt.date, used: set) -> str:
    while True:
        serial = rng.randint(1000, 19999)
        ref = f"{day.year % 100:02d} {serial // 1000:03d} {serial % 1000:03d}"
        if ref not in used:
            used.add(ref)
            return ref


def build_register(rng: random.Random, gaz: Gazetteer, lib: Library, caseload: list[Child],
                   unrecorded: list[Child]) -> list[Complaint]:
    """Every complaint row, oldest first, with escalations to stage 2 and the ombudsman."""
    serials: dict[int, int] = {}

    def new_ref(day: dt.date) -> str:
        serials[day.year] = serials.get(day.year, 0) + rng.randint(1, 3)
        return f"CMP-{day.year}-{serials[day.year]:05d}"

    out: list[Complaint] = []
    complained: list[Child] = []
    used_lgo: set = set()
    stage1 = []
    for index, volume in enumerate(_VOLUMES):
        for received in _financial_year_dates(rng, 2019 + index, volume):
            themes = _choose_themes(rng, received)
            child = _pick_child(rng, caseload, unrecorded, themes, received, complained)
            complained.append(child)
            team = _team_for(rng, themes)
            procedure = "statutory" if team == "Disabled Children's Service" and rng.random() < 0.9 else "corporate"
            complainant, writer = _complainant(rng, gaz, child)
            stage1.append(Complaint("", "1", received, child, themes, team, procedure, complainant, writer))
    for c in stage1:   # refs in received order, as a case system numbers them
        c.ref = new_ref(c.received)
    for c in stage1:
        late = 0.18 + 0.035 * (c.received.year - 2019)
        _respond(rng, c, late)
        out.append(c)
        if not c.responded or c.outcome == "withdrawn" or not c.themes:   # queries and compliments end at stage 1
            continue
        p2 = {"upheld": 0.06, "partly upheld": 0.22, "not upheld": 0.3}[c.outcome]
        lgo_direct = rng.random() < 0.02
        if rng.random() < p2 and not lgo_direct:
            received2 = add_working_days(c.responded, rng.randint(2, 30))
            if received2 > EXTRACT_DATE:
                continue
            themes2 = list(c.themes)
            if "complaint_handling" not in themes2 and rng.random() < 0.3:
                themes2.append("complaint_handling")
            c2 = Complaint(new_ref(received2), "2", received2, c.child, [t for t in THEMES if t in themes2], c.team,
                           c.procedure, c.complainant, c.writer if c.writer != "phone" else "parent",
                           escalated_from=c.ref)
            _respond(rng, c2, late + 0.08)
            out.append(c2)
            if c2.responded and c2.outcome != "withdrawn" and rng.random() < (0.6 if c2.outcome != "upheld" else 0.2):
                out.extend(_to_ombudsman(rng, c2, used_lgo, new_ref))
        elif lgo_direct:
            out.extend(_to_ombudsman(rng, c, used_lgo, new_ref))
    out.sort(key=lambda c: (c.received, c.ref))
    return out


def _to_ombudsman(rng, earlier: Complaint, used_lgo: set, new_ref) -> list[Complaint]:
    if not earlier.themes:   # queries and compliments do not reach the ombudsman
        return []
    reached = earlier.responded + dt.timedelta(days=rng.randint(7, 110))
    while not is_working_day(reached):
        reached += dt.timedelta(days=1)
    if reached > EXTRACT_DATE:
        return []
    c = Complaint(new_ref(reached), "ombudsman", reached, earlier.child, list(earlier.themes), earlier.team,
                  earlier.procedure, earlier.complainant, earlier.writer, escalated_from=earlier.ref)
    c.ombudsman_ref = _ombudsman_ref(rng, reached, used_lgo)
    decided = reached + dt.timedelta(days=rng.randint(45, 260))
    while not is_working_day(decided):
        decided += dt.timedelta(days=1)
    if decided <= EXTRACT_DATE:
        c.decided = decided
        send = any(t in c.themes for t in ("provision_insufficiency", "assessment_delay", "payment_delay",
                                           "transport"))
        up = 0.89 if send else 0.65   # the ombudsman upholds about nine in ten SEND investigations
        if rng.random() < 0.1:
            c.lgo_outcome = "Closed after initial enquiries"
        else:
            c.lgo_outcome = "Upheld" if rng.random() < up else "Not upheld"
        if c.lgo_outcome == "Upheld":
            c.outcome = "upheld" if rng.random() < 0.7 else "partly upheld"
        else:
            c.outcome = "not upheld"
    return [c]


def finish_rows(rng: random.Random, gaz: Gazetteer, lib: Library, register: list[Complaint]) -> None:
    """Write each complaint's text and CSV row (mixed date styles, blank cells) from what it is."""
    for c in register:
        link = _link_plan(rng, gaz, lib, c)
        slots = _slots(rng, gaz, c, link)
        c.text, c.themes = _letter(rng, lib, c, slots, link)
        style = rng.choices(DATE_STYLES, weights=[60, 18, 14, 8])[0]

        def fmt(day):
            return format_date(day, style) if day else ""

        title, first, surname = c.complainant
        name = rng.choice([f"{first} {surname}", f"{title} {first} {surname}", f"{title} {first[0]} {surname}"])
        postcode = c.child.household.postcode if c.writer not in ("grandparent", "foster") else ""
        if rng.random() < 0.1:
            postcode = ""
        keep_lgo = c.ombudsman_ref and rng.random() < 0.93   # most, not all, ombudsman rows carry the reference
        c.row = {"complaint_ref": c.ref, "received_on": fmt(c.received), "text": c.text, "stage": c.stage,
                 "status": "closed" if (c.responded or c.decided) else "open", "outcome": c.outcome,
                 "responded_on": fmt(c.responded), "team": c.team, "service_area": _SERVICE_AREA[c.team],
                 "complainant_name": name, "child_name": link["child_name"], "child_dob": link["child_dob"],
                 "postcode": postcode, "case_ref": link["case_ref"], "ombudsman_ref": c.ombudsman_ref if keep_lgo else "",
                 "remedy_amount": c.remedy_amount, "procedure": c.procedure, "escalated_from": c.escalated_from,
                 "decided_on": fmt(c.decided)}
