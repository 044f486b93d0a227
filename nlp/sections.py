"""The headings of an ombudsman decision statement and the canonical section each one means.

One list for the parser (`nlp.decisions`) and the remedy reader (`nlp.remedies`), so a heading one of them
knows ("Putting things right", "Recommended action") is never missed by the other.
"""

from __future__ import annotations

import re

__all__ = ["SECTION_NAMES", "heading_pattern", "inline_heading_pattern"]

SECTION_NAMES = {
    "summary": r"summary|summary of decision|the ombudsman'?s final decision",
    "complaint": r"the complaint|complaint|what the complaint is about|the complaints?|mrs? \w'?s complaint",
    "findings": r"what i found|what we found|analysis|findings|my findings|our findings|findings and analysis|my analysis|investigation|what happened|conclusions?",
    "agreed_action": r"agreed actions?|recommended actions?|recommendations?|actions?|remed(?:y|ies)|agreed remed(?:y|ies)"
                     r"|what the council (?:will|should|has agreed to) do|what the council has agreed|actions? agreed|what should happen"
                     r"|(?:how the council will )?put(?:ting)? (?:things|it|this|matters) right"
                     r"|remed(?:y|ies) and (?:recommendations|actions?)|(?:recommendations|actions?) and remed(?:y|ies)"
                     r"|what (?:i|we) (?:have )?recommend(?:ed)?|what the council should do"
                     r"|remed(?:y|ies) (?:agreed|recommended)|recommended remed(?:y|ies)"
                     r"|(?:our|my) recommendations?|(?:our|my) decision on (?:the )?remed(?:y|ies)"
                     r"|(?:to remedy|remedying|putting right) (?:the|this|that|her|his|their) injustice",
    "final_decision": r"final decision|our decision|my decision|decision|ombudsman'?s decision|conclusion and decision",
    "role": r"the ombudsman'?s role and powers|the ombudsman'?s role|our role and powers|how i considered this complaint|how we considered this complaint|what i have (?:and have not )?investigated|what i have investigated|what i have not investigated|parts of the complaint that i did not investigate|legal and administrative background|relevant law and guidance|background|law and guidance",
}


# "3.", "3)", "3", "3.0", "B.", "Section 2:", "## " before a heading
_NUMBERING = r"(?:(?:\d+(?:\.\d+)?[.)]?|[A-Za-z][.)])[ \t]+|(?:\d+|[A-Za-z])[.)]|(?:section|part)[ \t]+\d+[:.]?[ \t]*|#+[ \t]*)?"


def heading_pattern(*names: str) -> re.Pattern:
    """A multiline pattern matching a line that is one of the named sections' headings (numbered, "#", or ending in a colon)."""
    words = "|".join(SECTION_NAMES[name] for name in names)
    return re.compile(rf"^[ \t]*{_NUMBERING}(?:{words})[ \t]*:?[ \t]*$", re.IGNORECASE | re.MULTILINE)


def inline_heading_pattern(*names: str) -> re.Pattern:
    """A multiline pattern matching one of the named headings written as a label before its text on the same
    line ("Recommended action: We recommended ..."); the match ends where the text begins."""
    words = "|".join(SECTION_NAMES[name] for name in names)
    return re.compile(rf"^[ \t]*{_NUMBERING}(?:{words})[ \t]*:[ \t]*(?=\S)", re.IGNORECASE | re.MULTILINE)
