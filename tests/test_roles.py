"""Roles: layouts find content by what a block is for, never by its title or place."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import LAYOUTS, leaflet

from handout import model
from handout.layout import Layout


def test_every_role_of_the_shipped_leaflet_names_one_block() -> None:
    for role in model.ROLES:
        found = leaflet().block_with_role(role)
        assert found is not None, role
        section, block = found
        assert block.role == role and block in section.blocks
        assert section.key == model.ROLES[role][1]  # in its usual section


def test_a_role_is_found_wherever_the_block_is() -> None:
    """Moving the missed-dose rule to another section and retitling it changes nothing."""
    base = leaflet()
    found = base.block_with_role("missed_dose")
    assert found is not None
    block = found[1]
    moved = replace(block, title="Zz")
    sections = tuple(
        replace(s, blocks=(moved, *s.blocks)) if s.key == "overview"
        else replace(s, blocks=tuple(b for b in s.blocks if b is not block))
        for s in base.sections)
    found = replace(base, sections=sections).block_with_role("missed_dose")
    assert found is not None and found[0].key == "overview" and found[1].title == "Zz"


def test_unknown_roles_are_refused_in_code() -> None:
    with pytest.raises(ValueError, match="unknown role"):
        leaflet().block_with_role("key_point")
    with pytest.raises(ValueError, match="unknown role"):
        Layout(name="x", description="x", page_sizes={"a4": (1, 1)},
               build=LAYOUTS["standard"].build, needs=("emergency",))


def test_layouts_declare_only_known_roles() -> None:
    for layout in LAYOUTS.values():
        assert set(layout.needs) | set(layout.uses) <= set(model.ROLES)
