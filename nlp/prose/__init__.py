"""Prose sections -> typed facts (duties, structure, staffing, performance, glossary, statements)."""

from ..facts import DocumentFacts
from .duties import extract_duties
from .glossary import extract_definitions
from .overall import extract_overall
from .performance import extract_performance
from .profile import extract_profile
from .scope import org_by_line
from .staffing import extract_staff
from .statements import extract_statements
from .structure import extract_bodies
from .subjects import SubjectIndex


def add_prose_facts(facts: DocumentFacts, lines: list[str]) -> None:
    """Fill the prose fields of `facts` from the document's lines (0-based list, line n is lines[n-1])."""
    doc = facts.info.doc
    orgs = org_by_line(facts.info, lines)
    subjects = SubjectIndex(lines)
    facts.duties += extract_duties(doc, lines, orgs)
    facts.bodies += extract_bodies(doc, lines, orgs)
    facts.staff += extract_staff(doc, lines, orgs)
    facts.performance += extract_performance(doc, lines, orgs)
    facts.performance += extract_overall(doc, lines, orgs)
    facts.definitions += extract_definitions(doc, lines, subjects)
    facts.statements += extract_statements(doc, lines, orgs, subjects, year=facts.info.year)
    facts.statements += extract_profile(doc, lines, orgs, facts.bodies)
