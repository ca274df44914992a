"""handout.layout on its own: the print geometry every layout draws in (trim, bleed, crop-mark
margin, page boxes) and the checks on a Layout's declaration, with the numbers stated here
(3 mm and 1/8 inch bleed, 20 pt for the marks), not taken from the module. The test selection
for mutation testing of layout.py (docs/mutation.md)."""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4, LETTER

from handout.layout import BLEED, MARK_SPACE, Context, Layout, PrintOptions, Story
from handout.theme import Theme

MM = 72 / 25.4


def context(paper: str, **options: bool) -> Context:
    size = A4 if paper == "a4" else LETTER
    return Context(layout="probe", paper=paper, page_size=size, theme=Theme(),
                   options=PrintOptions(**options))


def test_bleed_and_mark_space_are_the_printers_numbers() -> None:
    assert BLEED["a4"] == pytest.approx(3 * MM)  # ISO practice
    assert BLEED["letter"] == pytest.approx(9)  # 1/8 inch
    assert MARK_SPACE == 20


def test_no_print_options_the_sheet_is_the_trim() -> None:
    ctx = context("a4")
    w, h = A4
    assert (ctx.bleed, ctx.offset) == (0, 0)
    assert ctx.media_size == (w, h)
    assert ctx.trim_box == (0, 0, w, h)
    assert ctx.bleed_box == (0, 0, w, h)


@pytest.mark.parametrize(("paper", "bleed"), [("a4", 3 * MM), ("letter", 9.0)])
def test_bleed_grows_the_sheet_on_every_side(paper: str, bleed: float) -> None:
    ctx = context(paper, bleed=True)
    w, h = ctx.page_size
    assert ctx.bleed == pytest.approx(bleed)
    assert ctx.offset == pytest.approx(bleed)
    assert ctx.media_size == pytest.approx((w + 2 * bleed, h + 2 * bleed))
    assert ctx.trim_box == pytest.approx((bleed, bleed, bleed + w, bleed + h))
    assert ctx.bleed_box == pytest.approx((0, 0, w + 2 * bleed, h + 2 * bleed))


def test_crop_marks_alone_add_their_margin_and_no_bleed() -> None:
    ctx = context("letter", crop_marks=True)
    w, h = LETTER
    assert (ctx.bleed, ctx.offset) == (0, 20)
    assert ctx.media_size == (w + 40, h + 40)
    assert ctx.trim_box == (20, 20, 20 + w, 20 + h)
    assert ctx.bleed_box == ctx.trim_box


def test_bleed_and_crop_marks_together() -> None:
    ctx = context("a4", bleed=True, crop_marks=True, cmyk=True)  # CMYK changes no geometry
    w, h = A4
    b = 3 * MM
    assert ctx.offset == pytest.approx(20 + b)
    assert ctx.media_size == pytest.approx((w + 40 + 2 * b, h + 40 + 2 * b))
    assert ctx.trim_box == pytest.approx((20 + b, 20 + b, 20 + b + w, 20 + b + h))
    assert ctx.bleed_box == pytest.approx((20, 20, 20 + 2 * b + w, 20 + 2 * b + h))


def test_print_options_default_to_none() -> None:
    assert PrintOptions() == PrintOptions(bleed=False, crop_marks=False, cmyk=False)
    assert context("a4").options == PrintOptions()


# -- Layout declarations ----------------------------------------------------------------------
def layout(name: str = "probe", description: str = "A probe.",
           sizes: dict | None = None) -> Layout:
    return Layout(name, description, {"a4": A4} if sizes is None else sizes,
                  build=lambda leaflet, ctx: Story([], []))


@pytest.mark.parametrize("name", ["standard", "large-print", "a4x", "dose-card-2"])
def test_good_names(name: str) -> None:
    assert layout(name).name == name


@pytest.mark.parametrize("name", ["Standard", "large_print", "2up", "-card", "", "a b",
                                  "card!", "probe\n"])
def test_a_name_must_be_lower_case_letters_digits_and_hyphens(name: str) -> None:
    with pytest.raises(ValueError) as refused:
        layout(name)
    assert str(refused.value) == (f"layout name {name!r} must be lower-case letters, digits, "
                                  "'-'")


@pytest.mark.parametrize("description", ["", "   ", "\n"])
def test_a_layout_needs_a_description(description: str) -> None:
    with pytest.raises(ValueError) as refused:
        layout(description=description)
    assert str(refused.value) == "layout 'probe' needs a one-line description"


def test_a_layout_needs_a_paper() -> None:
    with pytest.raises(ValueError) as refused:
        layout(sizes={})
    assert str(refused.value) == "layout 'probe' supports no paper"


def test_papers_in_declared_order_and_defaults() -> None:
    probe = layout(sizes={"letter": LETTER, "a4": A4})
    assert probe.papers == ("letter", "a4")
    assert (probe.page_multiple, probe.exact_pages, probe.impose, probe.complete) == (
        1, None, None, True)
    assert isinstance(probe.theme(), Theme)
    story = probe.build(None, None)  # type: ignore[arg-type]
    assert (story.furniture, story.omitted) == (None, ())
