"""Blocking: an index over the cases so each complaint is compared with a few plausible cases, not all.

A case is reachable through several keys (date of birth; phonetic surname with forename, birth year,
postcode district or school; forename with district), so one wrong field does not hide the right case.
Keys shared by more than `max_block` cases are too common to narrow anything and are skipped.
"""

from __future__ import annotations

from collections import defaultdict

from complaints.matching.compare import forename_key, surname_key
from complaints.matching.evidence import Evidence
from complaints.matching.records import CaseRecord, postcode_district, ref_key

__all__ = ["CaseIndex", "dob_variants"]


def dob_variants(dob: str) -> list[str]:
    """ISO dates one digit away from `dob` (a typed slip), valid calendar dates only."""
    from datetime import date

    out = []
    for i, ch in enumerate(dob):
        if not ch.isdigit():
            continue
        for d in "0123456789":
            if d == ch:
                continue
            candidate = dob[:i] + d + dob[i + 1:]
            try:
                date.fromisoformat(candidate)
            except ValueError:
                continue
            out.append(candidate)
    return out


def _swapped(dob: str) -> str:
    if len(dob) == 10 and dob[5:7] != dob[8:10] and int(dob[8:10]) <= 12:
        return f"{dob[:4]}-{dob[8:10]}-{dob[5:7]}"
    return ""


class CaseIndex:
    """Cases by reference and by blocking key."""

    def __init__(self, cases: list[CaseRecord], *, max_block: int = 2000):
        self.cases = cases
        self.max_block = max_block
        self.by_ref: dict[str, int] = {}
        self.blocks: dict[tuple, list[int]] = defaultdict(list)
        for i, case in enumerate(cases):
            if case.case_ref:
                self.by_ref[ref_key(case.case_ref)] = i
            for key in self._keys(case):
                self.blocks[key].append(i)
        self.blocks = dict(self.blocks)

    @staticmethod
    def _keys(case: CaseRecord):
        skey = surname_key(case.surname)
        fkey = forename_key(case.forename)
        district = postcode_district(case.postcode)
        if case.dob:
            yield ("d", case.dob)
        if skey:
            if fkey:
                yield ("sf", skey, fkey)
            if case.forename:
                yield ("si", skey, case.forename[0])
            if case.dob:
                yield ("sy", skey, case.dob[:4])
                yield ("ds", skey, case.dob)
            if district:
                yield ("sp", skey, district)
            if case.school:
                yield ("ss", skey, case.school)
        if fkey and district:
            yield ("fp", fkey, district)

    def _lookup(self, key, found: set[int]) -> None:
        block = self.blocks.get(key)
        if block and len(block) <= self.max_block:
            found.update(block)

    def candidates(self, ev: Evidence) -> set[int]:
        """Indices of cases sharing at least one blocking key with the complaint's evidence."""
        found: set[int] = set()
        skeys = {surname_key(s) for _, s in ev.names if s} | {surname_key(s) for s in ev.family_surnames if s}
        skeys.discard("")
        forenames = [f for f, _ in ev.names if f]
        districts = {postcode_district(p) for p in ev.postcodes if p}
        for dob in ev.dobs:
            self._lookup(("d", dob), found)
            swapped = _swapped(dob)
            if swapped:
                self._lookup(("d", swapped), found)
            for skey in skeys:
                if not forenames:  # with a forename, ("sf") reaches the child when the date is far off
                    self._lookup(("sy", skey, dob[:4]), found)
                for variant in dob_variants(dob):
                    self._lookup(("ds", skey, variant), found)
        # without a date of birth the address, school and initial keys must do the narrowing; with one,
        # the date keys above already reach the right child and these large blocks only add noise
        no_dob = not ev.dobs
        for skey in skeys:
            for forename in forenames:
                self._lookup(("sf", skey, forename_key(forename)), found)
                if no_dob or len(forename) == 1:
                    self._lookup(("si", skey, forename[0]), found)
            if no_dob:
                for district in districts:
                    self._lookup(("sp", skey, district), found)
                for school in ev.schools:
                    self._lookup(("ss", skey, school), found)
        if no_dob:
            for forename in forenames:
                if len(forename) > 1:
                    for district in districts:
                        self._lookup(("fp", forename_key(forename), district), found)
        return found
