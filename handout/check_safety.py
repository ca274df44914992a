"""Safety lint: links only to allowed sites, no selling or false claims, no HTML or script.

The phrases every leaflet must avoid live in `handout/data/lint.yaml`, one entry per phrase
with its reason; some apply only to a `meta.supply` (no "buy" for a prescription-only
medicine). False claims about one medicine are the leaflet's own `claims:`, checked the same
way, each with the source that says they are wrong.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from importlib import resources
from urllib.parse import urlsplit

from handout import loader, locales
from handout.check_text import Span, at, sentences
from handout.errors import Problem
from handout.model import SUPPLY, Leaflet, Text

_URL = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>\"'()\[\]{}*]+", re.IGNORECASE)
# A bare "canadian-meds.com": only with a top-level domain that spam and clinics use, so
# "1.2 fewer" or "e.g." never look like a site.
_BARE_DOMAIN = re.compile(
    r"(?<![\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+"
    r"(?:com|org|net|info|biz|uk|ie|au|nz|ca|us|eu|io|co|gov|edu|de|fr|nl|in|shop|store|"
    r"online|pharmacy|health|site|xyz|top|me|to|ru|cn)(?![\w-])", re.IGNORECASE)
_MARKUP = re.compile(
    r"<\s*/?\s*[a-z][\w:-]*(?=[\s/>])[^<>]*>?"  # a tag, closed or not
    r"|<!--|<!\w|<\?"  # comments, doctypes, processing instructions
    r"|&(?:[a-z][a-z0-9]{1,31}|#[0-9]{1,7}|#x[0-9a-f]{1,6});"  # entities: &nbsp; &#60;
    r"|\b(?:javascript|vbscript):|\bdata:text/html",
    re.IGNORECASE)
_NEGATIONS = {"not", "no", "never", "nor", "cannot", "neither",
              "nunca", "ni", "jamás", "ningún", "ninguna", "tampoco"}  # and Spanish
_CLAUSE_END = re.compile(r"[.!?;:,()]|\bbut\b", re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    phrase: str
    reason: str
    instead: str
    negatable: bool
    pattern: re.Pattern[str]
    unless: tuple[re.Pattern[str], ...]
    supply: tuple[str, ...] = ()  # the meta.supply values it applies to; () for every leaflet


@functools.cache
def rules() -> tuple[Rule, ...]:
    """The phrase list, compiled. A malformed entry is a bug in handout: fail loudly."""
    entries = loader.load_own(resources.files("handout").joinpath("data/lint.yaml").read_text(
        encoding="utf-8"))
    compiled = []
    for entry in entries:
        unknown = set(entry) - {"phrase", "reason", "instead", "negatable", "unless", "supply"}
        supply = tuple(entry.get("supply", ()))
        if (unknown or not entry.get("phrase") or not entry.get("reason")
                or not set(supply) <= set(SUPPLY)):
            raise ValueError(f"lint.yaml: bad entry {entry!r}")
        compiled.append(Rule(
            entry["phrase"], entry["reason"], entry.get("instead", ""),
            bool(entry.get("negatable")), _phrase_pattern(entry["phrase"]),
            tuple(re.compile(u, re.IGNORECASE) for u in entry.get("unless", ())), supply))
    return tuple(compiled)


def leaflet_rules(leaflet: Leaflet) -> tuple[Rule, ...]:
    """The shared rules for this leaflet's supply, then its own claims. A claim is a false
    statement, so its negation is the truth: "It is not an anti-inflammatory" passes."""
    shared = tuple(r for r in rules() if not r.supply or leaflet.meta.supply in r.supply)
    own = tuple(Rule(
        claim.phrase,
        f"the leaflet's claims list says this is false: {claim.why.rstrip('.')} "
        f"(claims[{i}], {'sources' if len(claim.cite) > 1 else 'source'} "
        f"{', '.join(claim.cite)})",
        claim.instead or "remove it, or say plainly what the medicine does not do",
        True, _phrase_pattern(claim.phrase), ()) for i, claim in enumerate(leaflet.claims))
    return shared + own


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w).replace(r"\-", r"[-\s]?") for w in phrase.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])", re.IGNORECASE)


def check(leaflet: Leaflet) -> list[Problem]:
    allowed = allowed_domains(leaflet)
    phrases = leaflet_rules(leaflet)
    problems: list[Problem] = []
    for text in leaflet.texts:
        problems += _markup(text)
        if _is_source_url(text):
            continue  # the sources' own addresses make the allowlist
        problems += _links(text, allowed)
        problems += _phrases(text, phrases)
        problems += _locale_literals(text)
    return problems


def _locale_literals(text: Text) -> list[Problem]:
    """A country's own emergency number or place written as text ("999", "A&E"): it would
    be wrong in every other country. Sources are exempt: their titles are quoted as they are."""
    if text.path.startswith("sources["):
        return []
    written = replace(text, value=text.as_written, written="")
    return [at(Span(written, match.start(), match.end()),
               f"'{match.group()}' is one country's {locales.PLACEHOLDERS[name]}: a "
               "leaflet printed for another country would give the wrong one",
               hint=f"write {{{name}}}: each locale fills in its own")
            for match, name in locales.literal_hits(written.value)]


def _is_source_url(text: Text) -> bool:
    return text.path.startswith("sources[") and text.path.endswith(".url")


def _site(host: str) -> str:
    host = host.lower().rstrip(".")
    return host.removeprefix("www.")


def allowed_domains(leaflet: Leaflet) -> tuple[str, ...]:
    """The sources' sites and the content's own `meta.link_domains`, without "www."."""
    found = {_site(urlsplit(s.url).hostname or "") for s in leaflet.sources}
    found |= {_site(d) for d in leaflet.meta.link_domains}
    return tuple(sorted(d for d in found if d))


def _allowed(host: str, allowed: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in allowed)


def _links(text: Text, allowed: tuple[str, ...]) -> list[Problem]:
    problems = []
    urls = [(m.start(), m.end()) for m in _URL.finditer(text.value)]
    bare = [(m.start(), m.end()) for m in _BARE_DOMAIN.finditer(text.value)
            if not any(s <= m.start() < e for s, e in urls)]
    for start, end in sorted(urls + bare):
        link = text.value[start:end].rstrip(".,;:!?")
        end = start + len(link)
        address = link if "://" in link else "https://" + link.split("@")[-1]
        try:
            host = _site(urlsplit(address).hostname or "")
        except ValueError:
            host = ""
        if host and _allowed(host, allowed):
            continue
        shown = ", ".join(allowed[:6]) + (", ..." if len(allowed) > 6 else "")
        problems.append(at(
            Span(text, start, end),
            f"the link '{link}' goes to '{host or link}', which is not an allowed site",
            hint=f"link only to the sources' sites ({shown}); add a checked site to "
                 "meta.link_domains"))
    return problems


def _phrases(text: Text, rules: tuple[Rule, ...]) -> list[Problem]:
    problems = []
    for sentence in sentences(text):
        plain = sentence.value.replace("**", "  ")  # as printed; offsets stay valid
        for rule in rules:
            for match in rule.pattern.finditer(plain):
                if _excused(rule, plain, match):
                    continue
                start = sentence.start + match.start()
                problems.append(at(Span(text, start, start + len(match.group())),
                                   f"'{' '.join(match.group().split())}': {rule.reason}",
                                   hint=rule.instead or "remove it"))
    return problems


def _excused(rule: Rule, plain: str, match: re.Match[str]) -> bool:
    for unless in rule.unless:
        if any(u.start() <= match.start() and match.end() <= u.end()
               for u in unless.finditer(plain)):
            return True
    if not rule.negatable:
        return False
    before = _CLAUSE_END.split(plain[:match.start()])[-1].lower().split()[-3:]
    for i, word in enumerate(before):
        word = word.strip("\"'\u201c\u201d\u2018\u2019")
        negated = word in _NEGATIONS or word.endswith(("n't", "n\u2019t"))
        if negated and not (i + 1 < len(before)
                            and before[i + 1] in ("only", "solo", "sólo")):  # "not only"
            return True
    return False


def _markup(text: Text) -> list[Problem]:
    return [at(Span(text, m.start(), m.end()),
               f"HTML or script in text: '{m.group()}'",
               hint="text is printed exactly as written: remove the markup "
                    "(**bold** is the only markup a content file may use)")
            for m in _MARKUP.finditer(text.value)]
