"""handout.platypus: each class answers Platypus as ReportLab's own would, only sooner."""

from __future__ import annotations

import copy
import io
import threading

from conftest import LAYOUTS
from conftest import leaflet as shipped_leaflet
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph, Table
from reportlab.platypus.flowables import Flowable, LIIndenter

from handout import furniture, kit, model, pipeline, render, theme
from handout.layout import PrintOptions
from handout.platypus import Grid, ItemIndenter, StateCanvas, TextFrame

LONG = " ".join(["Take one tablet every evening, an hour or two before bed."] * 6)


def _items(flowable: Flowable) -> list[LIIndenter]:
    """The item indenters of a list made by kit (a Tagged around a `platypus.List`)."""
    return list(flowable.f._content)


def _reportlabs_answers(item: LIIndenter) -> tuple[object, object, object]:
    """Flowable's generic answers, the long way through the item's wrappers."""
    return (Flowable.getSpaceBefore(item), Flowable.getSpaceAfter(item),
            Flowable.getKeepWithNext(item))


def _answers(item: LIIndenter) -> tuple[object, object, object]:
    return item.getSpaceBefore(), item.getSpaceAfter(), item.getKeepWithNext()


def _styles() -> dict:
    return theme.standard().styles()


def test_list_items_answer_as_reportlab() -> None:
    styles = _styles()
    lists = [
        kit.tagged_list(("One", "Two", LONG), styles["bullet"], bulletType="bullet",
                        start="•", leftIndent=15, spaceBefore=7, spaceAfter=5),
        kit.tagged_list(("One", "Two"), styles["small"], leftIndent=20, bulletType="1"),
        kit.tagged_list(("Alone",), styles["h3"], bulletType="bullet", start="•"),
    ]
    items = [item for lst in lists for item in _items(lst)]
    assert all(type(item) is ItemIndenter for item in items)
    assert items[0].__dict__["spaceBefore"] == 7  # the list's own spacing is the item's
    items[1].__dict__["keepWithNext"] = 0  # as Platypus sets it on what it keeps together
    for item in items:
        assert _answers(item) == _reportlabs_answers(item)
        assert _probes(item) == _probes(LIIndenter(item._flowable, item._leftIndent,
                                                   item._rightIndent, item._bullet))
    assert _answers(items[-1])[2] == 1  # a heading style keeps with what follows


def _probes(item: LIIndenter) -> tuple[object, ...]:
    """What Platypus asks of every flowable it places or measures, as it asks it."""
    return (hasattr(item, "frameAction"), getattr(item, "_SPACETRANSFER", False),
            not getattr(item, "_ZEROSIZE", None), hasattr(item, "style"))


def test_split_items_stay_items_and_answer_as_reportlab() -> None:
    long_item = _items(kit.tagged_list(("Short", LONG), _styles()["bullet"],
                                       bulletType="bullet", start="•", leftIndent=15))[1]
    long_item.wrap(150, 1000)
    parts = long_item.split(150, 17.4 * 3)
    assert len(parts) == 2
    for part in parts:
        assert type(part) is ItemIndenter
        assert _answers(part) == _reportlabs_answers(part)


def _used(frame: Frame) -> Frame:
    """A frame part filled, as during a build (the document gives it its backgrounds)."""
    frame._frameBGs = []
    frame._add(Paragraph(LONG, _styles()["body"]), Canvas(io.BytesIO()))
    return frame


def test_a_text_frames_deep_copy_is_reportlabs() -> None:
    ours = _used(kit.text_frame(10, 20, 300, 400, "column"))
    theirs = _used(Frame(10, 20, 300, 400, id="column", leftPadding=0, rightPadding=0,
                         topPadding=0, bottomPadding=0))
    twin = copy.deepcopy(ours)
    assert type(twin) is TextFrame and twin is not ours
    assert vars(twin) == vars(copy.deepcopy(theirs)) == vars(ours)
    assert twin._frameBGs is not ours._frameBGs  # a list of its own, as a deep copy has
    twin._y -= 50
    twin.add_generated_content("thrown away with the copy")
    assert ours._y == theirs._y and "_generated_content" not in vars(ours)


def test_a_built_frame_holds_no_other_containers() -> None:
    """What a TextFrame's copy relies on: after a real build, every value of every frame is
    a number, a string or None, or one of the containers it copies."""
    ctx = pipeline.context(LAYOUTS["standard"], "a4", PrintOptions())
    story = LAYOUTS["standard"].build(shipped_leaflet(), ctx)
    render._render(shipped_leaflet(), story, ctx)
    frames = [frame for template in story.templates for frame in template.frames]
    assert frames and all(isinstance(frame, TextFrame) for frame in frames)
    for frame in frames:
        for name, value in vars(frame).items():
            assert name in TextFrame.CONTAINERS or isinstance(value, int | float | str | None)


MEASURES = ("_rowHeights", "_rowpositions", "_height", "_width", "_colpositions", "_hmax")


def _tables() -> list[tuple[Table, Table]]:
    """Pairs of the same table: a kit `Grid`, and ReportLab's own Table."""
    leaflet = shipped_leaflet()
    pairs = []
    for compact in (False, True):
        made = [kit.Blocks(leaflet, theme.Theme(compact=compact), 240) for _ in range(2)]
        for kind in ("urgent", "warning", "info"):
            callout = model.Callout(cite=(), priority="essential", loc=leaflet.meta.loc,
                                    kind=kind, title="Call 999", text=LONG,
                                    items=("One", "Two"))
            pairs.append(tuple(blocks.callout(callout).f for blocks in made))
        pairs.append(tuple(blocks.dose_plan()[0].f for blocks in made))
    # rows spanned, and more rows after them: ReportLab stops measuring past the height
    rows = [[Paragraph(LONG, _styles()["body"]), "b"] for _ in range(6)]
    style = [("SPAN", (0, 0), (0, 1))]
    pairs.append((kit.grid(rows, [120, 120], style), kit.grid(rows, [120, 120], style)))
    for _ours, theirs in pairs:
        theirs.__class__ = Table
    return pairs


def test_a_grid_measures_as_a_table_wrap_after_wrap() -> None:
    for ours, theirs in _tables():
        assert type(ours) is Grid and type(theirs) is Table
        for width, height in ((240, 1000), (240, 60), (240, 1000), (200, 700), (240, 60),
                              (240, 60)):
            assert ours.wrap(width, height) == theirs.wrap(width, height)
            for name in MEASURES:
                assert getattr(ours, name) == getattr(theirs, name), name
            ours_split, theirs_split = ours.split(width, height), theirs.split(width, height)
            assert ([part.wrap(width, 1000) for part in ours_split]
                    == [part.wrap(width, 1000) for part in theirs_split])


def test_a_grid_is_measured_again_after_a_new_style() -> None:
    ours, theirs = _tables()[-1]
    for table in (ours, theirs):
        table.wrap(240, 1000)
        table.setStyle([("TOPPADDING", (0, 0), (-1, -1), 20)])
    assert ours.wrap(240, 1000) == theirs.wrap(240, 1000)
    assert ours._rowHeights == theirs._rowHeights


def test_the_footer_draws_the_same_on_every_page() -> None:
    """The footer's text is one paragraph for all pages: drawing it again changes nothing."""
    draw = furniture.footer(shipped_leaflet(), theme.standard(), 48, 547, 62)

    def page(number: int, canvas: Canvas) -> list[str]:
        start = len(canvas._code)
        draw(canvas, number, 3)
        return canvas._code[start:]

    canvas = Canvas(io.BytesIO())
    first = page(1, canvas)
    assert [page(1, canvas) for _ in range(2)] == [first, first]
    fresh = page(1, Canvas(io.BytesIO()))
    assert fresh == first and any("Tj" in op or "TJ" in op for op in first)


def test_measuring_on_a_kept_canvas_changes_no_answer() -> None:
    """kit.measure keeps one canvas per thread: a measure leaves it as it found it, and
    answers as on a new canvas (a new thread's)."""
    blocks = kit.Blocks(shipped_leaflet(), theme.standard(), 240)
    flowables = blocks.sections()
    kit.measure(flowables[:1], 240)
    canvas = kit._SCRATCH.canvas
    state = dict(vars(canvas))
    heights = [kit.measure([flowable], 240) for flowable in flowables]
    assert kit._SCRATCH.canvas is canvas and vars(canvas) == state
    fresh: list[float] = []
    thread = threading.Thread(target=lambda: fresh.extend(
        kit.measure([flowable], 240) for flowable in flowables))
    thread.start()
    thread.join()
    assert fresh == heights and sum(heights) > 1000


def _draw_with_states(canvas: Canvas) -> list[dict]:
    """Nested saves and restores around state changes (fonts, colours, alpha and overprint
    through the graphics-state dictionary, a transform, a form): the canvas's state after
    each restore."""
    after: list[dict] = []

    def snapshot() -> None:
        state = {name: getattr(canvas, name) for name in Canvas.STATE_ATTRIBUTES}
        graphics = state.pop("_extgstate")
        after.append({**state, "gs": (type(graphics), dict(graphics._d), graphics._c),
                      "depth": len(canvas.state_stack)})

    canvas.setFont("Helvetica", 9)
    canvas.saveState()
    canvas.translate(12.5, 30)
    canvas.setFillAlpha(0.5)
    canvas.setFont("Times-Roman", 14, 17)
    canvas.saveState()
    canvas.setFillColorRGB(0.2, 0.4, 0.6)
    canvas.setFillOverprint(True)
    canvas.setLineWidth(3)
    canvas.rect(0, 0, 10, 10, fill=1)
    snapshot()
    canvas.restoreState()
    snapshot()
    canvas.beginForm("box")
    canvas.setStrokeAlpha(0.3)
    canvas.endForm()
    snapshot()
    canvas.restoreState()
    snapshot()
    canvas.drawString(5, 5, "text")
    return after


def test_the_state_canvas_saves_and_restores_as_reportlabs() -> None:
    ours, theirs = StateCanvas(io.BytesIO()), Canvas(io.BytesIO())
    assert _draw_with_states(ours) == _draw_with_states(theirs)
    assert ours._code == theirs._code
    assert vars(ours._extgstate).keys() == vars(theirs._extgstate.pushCopy()).keys()
    # the graphics-state names are shared by every copy, as ReportLab shares them
    ours.saveState()
    ours.setFillAlpha(0.25)
    ours.restoreState()
    assert ("ca", 0.25) in ours._extgstate._c


def test_a_build_draws_on_a_state_canvas() -> None:
    ctx = pipeline.context(LAYOUTS["standard"], "a4", PrintOptions())
    story = LAYOUTS["standard"].build(shipped_leaflet(), ctx)
    assert issubclass(render._canvas_maker(story.furniture, ctx).func, StateCanvas)


def test_a_text_frames_generated_content_is_reportlabs() -> None:
    """A TextFrame's class holds the default of generated content: read, added, read and
    taken away (`_addGeneratedContent`), as from ReportLab's Frame."""
    from reportlab.platypus.doctemplate import _addGeneratedContent

    ours = kit.text_frame(10, 20, 300, 400, "column")
    theirs = Frame(10, 20, 300, 400, id="column")
    for frame in (ours, theirs):
        assert getattr(frame, "_generated_content", None) is None
        flowables: list = ["next"]
        _addGeneratedContent(flowables, frame)
        frame.add_generated_content("made", "too")
        assert getattr(frame, "_generated_content", None) == ["made", "too"]
        _addGeneratedContent(flowables, frame)
        assert flowables == ["made", "too", "next"]
        assert getattr(frame, "_generated_content", None) is None
        assert "_generated_content" not in vars(frame)


def test_a_lists_spacing_is_reportlabs() -> None:
    from reportlab.platypus.flowables import _ContainerSpace

    styles = _styles()
    lists = [kit.tagged_list(("One", "Two", LONG), styles["bullet"], bulletType="bullet",
                             start="•", spaceBefore=7, spaceAfter=5).f,
             kit.tagged_list(("One",), styles["h3"], bulletType="1").f]
    odd = kit.tagged_list(("One", "Two"), styles["bullet"], spaceBefore=3, spaceAfter=4).f
    odd._content[0].__dict__["frameAction"] = None  # an item with one: the next answers
    odd._content[-1].__dict__["frameAction"] = None
    for lst in [*lists, odd]:
        content = lst._content
        for part in (None, content, content[1:], []):
            assert (lst.getSpaceBefore(part), lst.getSpaceAfter(part)) == (
                _ContainerSpace.getSpaceBefore(lst, part),
                _ContainerSpace.getSpaceAfter(lst, part))
    assert lists[0].getSpaceBefore() == 7 and lists[0].getSpaceAfter() == 5


def test_list_items_measure_as_reportlabs() -> None:
    canvas = Canvas(io.BytesIO())
    for item in _items(kit.tagged_list(("One", LONG), _styles()["bullet"], bulletType="1",
                                       leftIndent=15, rightIndent=4)):
        theirs = LIIndenter(item._flowable, item._leftIndent, item._rightIndent, item._bullet)
        for width in (240.5, 120):
            assert item.wrap(width, 500) == theirs.wrap(width, 500)
            assert (item.width, item.height) == (theirs.width, theirs.height)
            size = item.wrapOn(canvas, width, 500)
            assert "canv" not in vars(item) and "canv" not in vars(item._flowable)
            assert size == theirs.wrapOn(canvas, width, 500)
        assert item._rightIndent == 4  # both indents count
