"""A seeded synthetic council for testing and benchmarking complaint-to-case linkage.

Cases in the `cases` layout, complaints in the `generic` layout, and the truth (complaint_ref -> case_ref,
None when the child has no case). Names, schools and postcodes are invented here. Hard cases are built in:
twins, children sharing a name, siblings, typed slips, nicknames, swapped day/month, and children with no
case who look like children who have one.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

__all__ = ["make_council", "FORENAMES", "SURNAMES"]

BOYS = ["Oliver", "Jack", "Harry", "George", "Noah", "Charlie", "Jacob", "Alfie", "Freddie", "Oscar", "Leo",
        "Archie", "Henry", "Joshua", "James", "William", "Thomas", "Ethan", "Samuel", "Daniel", "Theodore",
        "Isaac", "Joseph", "Max", "Lucas", "Arthur", "Benjamin", "Edward", "Sebastian", "Alexander", "Reuben",
        "Toby", "Louis", "Finley", "Dylan", "Elliot", "Rory", "Mohammed", "Zachary", "Matthew", "Nathan",
        "Kieran", "Callum", "Owen", "Jude", "Stanley", "Ronnie", "Frederick", "Christopher", "Dominic",
        "Oliver-James", "Billy", "Luca", "Harrison", "Tyler", "Caleb", "Aaron", "Ryan", "Ibrahim", "Yusuf"]
GIRLS = ["Olivia", "Amelia", "Isla", "Ava", "Mia", "Isabella", "Sophia", "Grace", "Lily", "Freya", "Emily",
         "Ivy", "Ella", "Rosie", "Evie", "Florence", "Poppy", "Charlotte", "Willow", "Daisy", "Sienna",
         "Matilda", "Elizabeth", "Harriet", "Alice", "Phoebe", "Ruby", "Jessica", "Eleanor", "Katherine",
         "Abigail", "Maisie", "Esme", "Imogen", "Scarlett", "Hannah", "Lucy", "Molly", "Zara", "Aisha",
         "Mia-Rose", "Lily-Mae", "Rebecca", "Victoria", "Samantha", "Penelope", "Georgina", "Bethany",
         "Jasmine", "Megan", "Niamh", "Layla", "Hollie", "Summer", "Maryam", "Orla", "Tilly", "Nancy"]
FORENAMES = BOYS + GIRLS
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
            "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
            "Patel", "Khan", "Lewis", "James", "Phillips", "Mason", "Mitchell", "Rose", "Davis", "Rodriguez",
            "Cox", "Alexander", "Turner", "Whitfield", "Ashworth", "Pemberton", "Okafor", "Nowak", "Kowalski",
            "O'Brien", "McAllister", "Fairbairn", "Hargreaves", "Sutcliffe", "Threlfall", "Entwistle", "Oyelaran",
            "Begum", "Hussain", "Ahmed", "Chaudhry", "Murphy", "Kelly", "Walsh", "Byrne", "Doherty", "Quinn",
            "Campbell", "Stewart", "MacLeod", "Fraser", "Gallagher", "Harrington", "Blackwood", "Cartwright",
            "Lockwood", "Pickering", "Radcliffe", "Stanworth", "Tattersall", "Winterbottom", "Yardley", "Ellison",
            "Fenwick", "Gaskell", "Holroyd", "Illingworth", "Kershaw", "Marsden", "Naylor", "Ormerod",
            "Pilkington", "Rawcliffe", "Shuttleworth", "Townend", "Uttley", "Varley", "Wadsworth", "Smith-Jones",
            "Ali", "Nguyen", "Silva", "Mensah", "Adeyemi", "Novak", "Horvat", "Rossi", "Costa", "Dubois"]
NICKS = {"Oliver": ["Olly", "Ollie"], "Jack": ["Jackie"], "Harry": ["Hal"], "Charlie": ["Chaz"],
         "Alfie": ["Alf"], "Freddie": ["Fred"], "Archie": ["Arch"], "Henry": ["Harry"], "Joshua": ["Josh"],
         "James": ["Jamie", "Jim"], "William": ["Will", "Billy"], "Thomas": ["Tom", "Tommy"], "Samuel": ["Sam"],
         "Daniel": ["Danny", "Dan"], "Theodore": ["Theo"], "Joseph": ["Joe"], "Benjamin": ["Ben", "Benji"],
         "Edward": ["Ed", "Eddie"], "Sebastian": ["Seb"], "Alexander": ["Alex", "Alfie"], "Zachary": ["Zach"],
         "Matthew": ["Matt"], "Frederick": ["Freddie", "Fred"], "Christopher": ["Chris"], "Dominic": ["Dom"],
         "Olivia": ["Liv", "Livvy"], "Amelia": ["Millie"], "Isabella": ["Izzy", "Bella"], "Sophia": ["Sophie"],
         "Florence": ["Flo"], "Charlotte": ["Lottie"], "Matilda": ["Tilly"], "Elizabeth": ["Lizzie", "Beth"],
         "Harriet": ["Hattie"], "Jessica": ["Jess"], "Eleanor": ["Ellie", "Nell"], "Katherine": ["Kate", "Katie"],
         "Abigail": ["Abi", "Abby"], "Rebecca": ["Becky"], "Victoria": ["Vicky"], "Samantha": ["Sam"],
         "Penelope": ["Penny"], "Georgina": ["Georgie"], "Bethany": ["Beth"], "Nathan": ["Nate"]}
SCHOOL_WORDS = ["Oakfield", "Riverside", "Meadowbank", "St Anne's", "Hollins", "Brookside", "Greenacres",
                "Westfield", "Hillcrest", "Ashgrove", "Fernhill", "Kingsway", "Moorside", "Parkview", "Lowther",
                "St Bede's", "Thornbury", "Elmwood", "Castleton", "Highfield", "Northgate", "Sandhurst",
                "Woodlands", "Beechwood", "Foxhill", "Larkrise", "Millbrook", "Redhill", "Stonebridge", "Yewtree"]
SCHOOL_KINDS = ["Primary School", "Academy", "High School", "Special School", "Infant School", "Junior School"]
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def _postcode(rng, districts):
    return f"{rng.choice(districts)} {rng.randint(1, 9)}{rng.choice(LETTERS)}{rng.choice(LETTERS)}"


def _typo(rng, word):
    if len(word) < 4:
        return word
    i = rng.randint(1, len(word) - 2)
    kind = rng.random()
    if kind < 0.4:  # transposition
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind < 0.7:  # dropped letter
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]  # doubled letter


def _swap(dob: date) -> date | None:
    if dob.day <= 12 and dob.day != dob.month:
        return date(dob.year, dob.day, dob.month)
    return None


def _slip(rng, dob: date) -> date:
    text = dob.isoformat()
    for _ in range(20):
        i = rng.choice([2, 3, 5, 6, 8, 9])
        candidate = text[:i] + str(rng.randint(0, 9)) + text[i + 1:]
        try:
            value = date.fromisoformat(candidate)
        except ValueError:
            continue
        if value != dob:
            return value
    return dob + timedelta(days=1)


def _fmt_date(rng, value: date) -> str:
    style = rng.random()
    if style < 0.6:
        return value.strftime("%d/%m/%Y")
    if style < 0.8:
        return value.isoformat()
    if style < 0.9:
        return f"{value.day} {value.strftime('%B %Y')}"
    return value.strftime("%d.%m.%y")


def _make_cases(rng, n_cases, districts, schools):
    cases = []
    children = []  # (forename, surname, dob, postcode, school)
    ref_numbers = rng.sample(range(1, max(99999, 3 * n_cases)), n_cases)  # 6 digits past 100,000
    while len(children) < n_cases:
        surname = rng.choice(SURNAMES)
        postcode = _postcode(rng, districts)
        school = rng.choice(schools)
        dob = date(2005, 1, 1) + timedelta(days=rng.randint(0, 17 * 365))
        family = rng.random()
        children.append((rng.choice(FORENAMES), surname, dob, postcode, school))
        if family < 0.03:  # twins: same surname, date of birth, address and school
            others = [f for f in FORENAMES if f != children[-1][0]]
            children.append((rng.choice(others), surname, dob, postcode, school))
        elif family < 0.10:  # a sibling born a few years apart
            sib_dob = dob + timedelta(days=rng.choice([-1, 1]) * rng.randint(400, 2000))
            children.append((rng.choice(FORENAMES), surname, sib_dob, postcode, rng.choice([school, rng.choice(schools)])))
    for number, (forename, surname, dob, postcode, school) in zip(ref_numbers, children[:n_cases]):
        cases.append({"case_ref": f"EHC-{number:05d}", "child_forename": forename, "child_surname": surname,
                      "date_of_birth": _fmt_date(rng, dob), "postcode": postcode if rng.random() > 0.03 else "",
                      "school": school, "_dob": dob})
    return cases


def _written_name(rng, forename, surname):
    """How the complaint writes the child's name, and which variation it used."""
    roll = rng.random()
    if roll < 0.62:
        return forename, surname, "exact"
    if roll < 0.74 and forename.split("-")[0] in NICKS:
        return rng.choice(NICKS[forename.split("-")[0]]), surname, "nickname"
    if roll < 0.80:
        return forename, _typo(rng, surname), "typo_surname"
    if roll < 0.85:
        return _typo(rng, forename), surname, "typo_forename"
    if roll < 0.90:
        return f"{forename[0]}.", surname, "initial"
    if roll < 0.95 and "-" in surname:
        return forename, surname.split("-")[0], "half_surname"
    if roll < 0.95 and "-" in forename:
        return forename.split("-")[0], surname, "half_forename"
    return forename, surname, "exact"


def _complaint_text(rng, name, dob_text, school, ref_in_text):
    relation = rng.choice(["my son", "my daughter", "our son", "our daughter", "my grandson", "my child"])
    lines = [f"I am writing to complain on behalf of {relation} {name}."]
    if dob_text:
        lines.append(rng.choice([f"He was born on {dob_text}.", f"(DOB {dob_text})", f"Date of birth: {dob_text}."]))
    if school and rng.random() < 0.5:
        lines.append(f"The provision at {school} set out in the plan has not been delivered since September.")
    else:
        lines.append("The council has not replied to my emails about the annual review.")
    if ref_in_text:
        lines.append(f"The case reference is {ref_in_text}.")
    return " ".join(lines)


def make_council(n_cases: int = 2000, n_complaints: int = 1000, *, seed: int = 7, no_case_share: float = 0.12,
                 text: bool = True):
    """(cases, complaints, truth): case rows, complaint rows and complaint_ref -> case_ref|None."""
    rng = random.Random(seed)
    districts = [f"DB{i}" for i in range(1, 1 + max(8, n_cases // 2500))]
    schools = [f"{w} {k}" for w in SCHOOL_WORDS for k in SCHOOL_KINDS]
    schools = rng.sample(schools, min(len(schools), max(20, n_cases // 150)))
    cases = _make_cases(rng, n_cases, districts, schools)
    complaints, truth = [], {}
    for n in range(1, n_complaints + 1):
        ref = f"C-{n:06d}"
        has_case = rng.random() >= no_case_share
        if has_case:
            case = rng.choice(cases)
            forename, surname, dob = case["child_forename"], case["child_surname"], case["_dob"]
            postcode, school = case["postcode"] or _postcode(rng, districts), case["school"]
            truth[ref] = case["case_ref"]
        else:
            # a child with no case, often in a family (or with a name) the council does hold a case for
            base = rng.choice(cases)
            kind = rng.random()
            forename = rng.choice([f for f in FORENAMES if f != base["child_forename"]])
            surname, dob, postcode, school = base["child_surname"], base["_dob"], base["postcode"], base["school"]
            if kind < 0.3:      # sibling
                dob = dob + timedelta(days=rng.choice([-1, 1]) * rng.randint(400, 2000))
            elif kind < 0.45:   # twin of a case child
                pass
            elif kind < 0.65:   # same name as a case child, different child
                forename = base["child_forename"]
                dob = date(2005, 1, 1) + timedelta(days=rng.randint(0, 17 * 365))
                postcode = _postcode(rng, districts)
                school = rng.choice(schools)
            else:               # unrelated child
                surname = rng.choice(SURNAMES)
                dob = date(2005, 1, 1) + timedelta(days=rng.randint(0, 17 * 365))
                postcode = _postcode(rng, districts)
                school = rng.choice(schools)
            truth[ref] = None
        w_forename, w_surname, _ = _written_name(rng, forename, surname)
        roll = rng.random()
        w_dob = dob
        if roll < 0.05 and _swap(dob):
            w_dob = _swap(dob)
        elif roll < 0.10:
            w_dob = _slip(rng, dob)
        if rng.random() < 0.08:  # family moved since the case was opened
            postcode = _postcode(rng, districts)
        ref_roll = rng.random()
        case_ref = truth[ref] if has_case and ref_roll < 0.57 else ""
        if case_ref and rng.random() < 0.2:
            case_ref = case_ref.lower().replace("-", " ")
        ref_in_text = truth[ref] if has_case and 0.57 <= ref_roll < 0.62 else ""
        name_in_field = rng.random() < 0.8 or not text
        dob_in_field = rng.random() < 0.85 or not text
        written = f"{w_forename} {w_surname}"
        row = {
            "complaint_ref": ref,
            "received_on": (date(2023, 4, 1) + timedelta(days=rng.randint(0, 700))).strftime("%d/%m/%Y"),
            "text": _complaint_text(rng, written if not name_in_field else w_forename.rstrip("."),
                                    "" if dob_in_field else _fmt_date(rng, w_dob), school,
                                    ref_in_text) if text else "",
            "complainant_name": f"{rng.choice(['Mrs', 'Mr', 'Ms'])} {surname if rng.random() < 0.8 else rng.choice(SURNAMES)}",
            "child_name": (written if rng.random() < 0.85 else f"{w_surname}, {w_forename}") if name_in_field else "",
            "child_dob": _fmt_date(rng, w_dob) if dob_in_field else "",
            "postcode": postcode if rng.random() < 0.85 else "",
            "case_ref": case_ref,
        }
        complaints.append(row)
    for case in cases:
        case.pop("_dob")
    return cases, complaints, truth


def load_into_db(db, cases, complaints) -> None:
    """Insert synthetic case and complaint rows straight into the tables (one transaction, executemany).

    Tests and benchmarks use this instead of the ingest path so linkage can be measured on its own.
    """
    import hashlib
    import json

    from complaints.matching.records import parse_date
    from complaints.store import transaction, utc_now

    now = utc_now()

    def digest(row):
        return hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest()

    case_cols = ["case_ref", "child_forename", "child_surname", "date_of_birth", "postcode", "school"]
    complaint_cols = ["complaint_ref", "received_on", "text", "complainant_name", "child_name", "child_dob",
                      "postcode", "case_ref", "stage", "ombudsman_ref", "decided_on", "escalated_from"]
    dates = {"date_of_birth", "received_on", "child_dob", "decided_on"}

    def value(row, col):
        raw = row.get(col) or None
        return parse_date(raw) or None if col in dates and raw else raw

    with transaction(db):
        db.conn.executemany(
            f"INSERT INTO cases ({', '.join(case_cols)}, row_hash, created_at, updated_at) "
            f"VALUES ({', '.join('?' * (len(case_cols) + 3))})",
            [[value(r, c) for c in case_cols] + [digest(r), now, now] for r in cases])
        db.conn.executemany(
            f"INSERT INTO complaints ({', '.join(complaint_cols)}, row_hash, created_at, updated_at) "
            f"VALUES ({', '.join('?' * (len(complaint_cols) + 3))})",
            [[value(r, c) for c in complaint_cols] + [digest(r), now, now] for r in complaints])
