"""Oversized content never disappears silently: every layout fails, naming where and why."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, LAYOUTS

from handout import pipeline
from handout.errors import LayoutError

ITEM = "you feel a sudden, severe and unusual pain that does not go away after rest"


@pytest.fixture(scope="module")
def oversized(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """minimal.yaml with an urgent callout far taller than any page or panel."""
    items = "\n".join(f"          - {ITEM} ({i})" for i in range(160))
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8").replace(
        "        items: [Chest pain, A fit]", f"        items:\n{items}")
    path = tmp_path_factory.mktemp("oversized") / "oversized.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_an_oversized_essential_block_fails_with_a_located_message(layout: str,
                                                                   oversized: Path) -> None:
    leaflet = pipeline.load(oversized)
    section = next(s for s in leaflet.sections if s.key == "side_effects")
    with pytest.raises(LayoutError) as caught:
        pipeline.build_one(leaflet, LAYOUTS[layout], "a4")
    report = caught.value.report()
    assert f"layout '{layout}' on a4" in report
    assert f"section '{section.heading}'" in report
    line = int(report.split("oversized.yaml:")[1].split(":")[0])
    assert section.loc.line <= line < section.loc.line + 20  # the section or its block
    assert "hint:" in report
