"""The tri-fold's choices of what to print, pinned per fixture leaflet and paper: which blocks
it prints in their short forms and which it leaves out (`Story.omitted`, in its order), or the
error when even the shortest forms do not fit (issue 12 item 4: fitting by measuring must
choose exactly what the trial builds chose).

The expected choices are in tests/data/trifold_choices.json. A change of content or layout
that changes them on purpose: regenerate the file with
`python tests/test_trifold_choices.py` and review its diff like any other change.
"""

from __future__ import annotations

import atexit
import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
from conftest import CONTENT, DATA, LAYOUTS

from handout import pipeline
from handout.clinic import Clinic
from handout.errors import LayoutError
from handout.layout import PrintOptions
from handout.model import Leaflet

EXPECTED = DATA / "trifold_choices.json"
LAYOUT = LAYOUTS["trifold"]


@cache
def tmp() -> Path:
    """A folder for generated leaflets, loaded lazily by the cases; gone when pytest ends."""
    folder = Path(tempfile.mkdtemp())
    atexit.register(shutil.rmtree, folder, True)
    return folder


def fixtures() -> Iterator[tuple[str, Callable[[], Leaflet], bool]]:
    """(name, leaflet, with the clinic file too) for every fixture leaflet."""
    from test_any_leaflet import long
    from test_trifold import content

    yield "content.yaml", lambda: pipeline.load(CONTENT), True
    yield "content.es.yaml", lambda: pipeline.load(CONTENT, lang="es"), True
    for path in sorted((DATA / "leaflets").glob("*.yaml")):
        yield path.name, lambda path=path: pipeline.load(path), False
    yield "minimal.yaml", lambda: pipeline.load(DATA / "minimal.yaml"), False
    # test_trifold's leaflets: fills the panels, fits, too long; test_any_leaflet's 3x.
    for essential, detail, huge in ((9, 14, 0), (1, 1, 0), (0, 0, 120)):
        yield (f"minimal.yaml with {essential} essential, {detail} detail, {huge} huge",
               lambda e=essential, d=detail, h=huge: content(tmp(), e, d, h), False)
    yield "content.yaml three times", lambda: long(tmp()), False


def cases() -> Iterator[tuple[str, Callable[[], Leaflet], str, bool]]:
    for name, leaflet, clinic in fixtures():
        for paper in LAYOUT.papers:
            for with_clinic in (False, True) if clinic else (False,):
                key = f"{name} {paper}" + (" with clinic" if with_clinic else "")
                yield key, leaflet, paper, with_clinic


@cache
def clinic() -> Clinic:
    return pipeline.load_clinic(DATA / "clinic" / "clinic.yaml")


def choices(leaflet: Leaflet, paper: str, with_clinic: bool) -> dict[str, object]:
    """What the layout chose, as `Story.omitted`, or the message of its error."""
    ctx = pipeline.context(LAYOUT, paper, PrintOptions(), clinic() if with_clinic else None)
    try:
        return {"omitted": list(LAYOUT.build(leaflet, ctx).omitted)}
    except LayoutError as err:
        return {"error": [problem.message for problem in err.problems]}


@cache
def expected() -> dict[str, dict[str, object]]:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


CASES = list(cases())


@pytest.mark.parametrize(("key", "leaflet", "paper", "with_clinic"), CASES,
                         ids=[c[0] for c in CASES])
def test_the_trifold_chooses_as_pinned(key: str, leaflet: Callable[[], Leaflet], paper: str,
                                       with_clinic: bool) -> None:
    assert choices(leaflet(), paper, with_clinic) == expected()[key]


def test_the_pins_cover_shortening_leaving_out_and_failing() -> None:
    """The pinned cases are not all trivial: some shorten, some leave out, some fail."""
    found = expected().values()
    assert any(any(x.endswith("(printed in its short form)") for x in v.get("omitted", ()))
               for v in found)
    assert any(any(not x.endswith("(printed in its short form)")
                   for x in v.get("omitted", ())) for v in found)
    assert any("error" in v for v in found)
    assert set(expected()) == {c[0] for c in CASES}


if __name__ == "__main__":  # regenerate the expectations (see the module docstring)
    sys.path.insert(0, str(Path(__file__).parent))
    EXPECTED.write_text(json.dumps({key: choices(leaflet(), paper, clinic_too)
                                    for key, leaflet, paper, clinic_too in CASES},
                                   indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
