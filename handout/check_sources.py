"""Sources and dates: every section cites a source, every source is cited, the leaflet is
published and not past (or close to) its review date.

That every cited id exists and that a version is given is already enforced by
`validate.py`: content that gets here has both.
"""

from __future__ import annotations

import datetime as dt

from handout.check_text import key_location
from handout.errors import Problem
from handout.model import FactBox, Leaflet

REVIEW_WARNING_DAYS = 90


def check(leaflet: Leaflet, today: dt.date) -> list[Problem]:
    return [*_citations(leaflet), *_dates(leaflet, today)]


def cited_ids(leaflet: Leaflet) -> set[str]:
    """Every source id the leaflet cites: blocks, fact boxes, the dose plan and its claims."""
    ids = set(leaflet.dosing.cite) | {i for claim in leaflet.claims for i in claim.cite}
    for section in leaflet.sections:
        for block in section.blocks:
            ids.update(block.cite)
            if isinstance(block, FactBox):
                ids.add(block.source)
    return ids


def _citations(leaflet: Leaflet) -> list[Problem]:
    problems = []
    for section in leaflet.sections:
        if not any(block.cite or isinstance(block, FactBox) for block in section.blocks):
            problems.append(Problem(
                section.loc, f"the section '{section.heading}' cites no source",
                hint="add 'cite: [ID]' to its blocks, with ids from 'sources'",
                path=f"sections.{section.key}", section=section.key))
    used = cited_ids(leaflet)
    for i, source in enumerate(leaflet.sources):
        if source.id not in used:
            problems.append(Problem(
                source.loc, f"the source '{source.id}' is never cited",
                hint="cite it where the leaflet uses it, or remove it from 'sources'",
                path=f"sources[{i}]", severity="warning", section="sources"))
    return problems


def _dates(leaflet: Leaflet, today: dt.date) -> list[Problem]:
    meta = leaflet.meta
    problems = []
    days = (meta.next_review - today).days
    # Found only when reported: locating a key searches the file from the mapping on.
    review = key_location(meta.loc, "next_review") if days <= REVIEW_WARNING_DAYS else None
    if days < 0:
        problems.append(Problem(
            review, f"the review date {meta.next_review} has passed (today is {today})",
            hint="review the content against its sources, then set a new next_review "
                 "(and a new version and published date)",
            path="meta.next_review", section="meta"))
    elif days <= REVIEW_WARNING_DAYS:
        problems.append(Problem(
            review, f"the review date {meta.next_review} is {_in_days(days)} "
                    f"(within {REVIEW_WARNING_DAYS} days of {today})",
            hint="plan the review now, so the leaflet does not go out of date",
            path="meta.next_review", severity="warning", section="meta"))
    if meta.published > today:
        problems.append(Problem(
            key_location(meta.loc, "published"),
            f"the publication date {meta.published} is in the future (today is {today})",
            hint="give the date the leaflet is (or was) published; --today checks as of "
                 "another day",
            path="meta.published", section="meta"))
    return problems


def _in_days(days: int) -> str:
    return "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
