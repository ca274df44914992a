"""ReportLab's Platypus classes (and canvas) as handout uses them: the same layout, less work
around it.

Platypus keeps asking the flowables and frames of a story the same questions, and for the
shapes handout builds some of its answers cost far more than they need to. Each class here
changes how an answer is found, never the answer (the PDFs stay byte for byte the same;
tests/test_platypus.py compares each answer with ReportLab's own):

- `TextFrame`: a list or a KeepTogether measures its content in a deep copy of the current
  frame (`flowables._listWrapOn`), so that content a flowable generates while it is
  measured is thrown away with the copy. A frame holds numbers, strings and a list of frame
  backgrounds (which no layout uses); a copy of those values, the list copied, is what
  `copy.deepcopy` makes, without walking every value (some 40 copies a build, 80 in a
  tri-fold's fitting). After each flowable placed or measured, Platypus asks the frame for
  content generated meanwhile (`getattr(frame, "_generated_content", None)`, some 240
  times a build), which Frame's `__getattr__` answers by raising: a TextFrame's class has
  the default.
- `List` and `ItemIndenter`: Platypus asks each list item (ReportLab's LIIndenter around a
  tagged paragraph) for its spacing and keep-with-next several times. Flowable's generic answer
  looks for `spaceBefore`, then `style`, on the item; the item forwards each lookup to the
  `Tagged` wrapper, which forwards it to the paragraph, and every miss raises at each level
  (some 5 µs a question, about 1,000 questions a build). `ItemIndenter` answers with its own
  value when it has one, else the paragraph's, which is what the long way finds; and to
  Platypus's probes for what only its own helper flowables have (`frameAction`,
  `_SPACETRANSFER`, `_ZEROSIZE`), that it has none, without asking the paragraph.
- `Grid`: Platypus wraps a table several times at the same width (a KeepTogether measures
  it, the frame places it, a split measures it again; fitting places it once per trial),
  and each wrap measures every cell again (`Table._calc`). `Grid` measures once per width.
- `Wrapping` (handout's `Tagged`) and `holder`: Platypus probes every flowable for
  attributes most flowables lack (`_skipMeNextTime`, `pageBreakBefore`, `_SPACETRANSFER`,
  keep-with-next, render's section marks...). A wrapper that forwards what it lacks through
  `__getattr__` answers each miss by raising through Python (about 1.7 µs, twice for a list
  item around a Tagged; some 2,000 a build). `Wrapping` answers the questions Platypus asks
  by `getattr` with a false default (never by `hasattr`) with the wrapped flowable's value,
  and keep-with-next with Flowable's generic answer asked of it; `holder` finds, through
  the wrappers, the flowable whose attributes the wrapper's are, so probes ask it directly.
- `StateCanvas`: every flowable drawn, every paragraph and every table cell saves and
  restores the canvas's state (some 600 times a build). ReportLab's canvas copies its 23
  state attributes into a dict one by one in Python and copies its graphics-state
  dictionary through that class's `__init__`; `StateCanvas` takes the same values as a
  tuple in C (`operator.itemgetter`) and puts them back with one `dict.update`.
"""

from __future__ import annotations

import copy
import operator
from typing import Any

from reportlab.pdfgen.canvas import Canvas, ExtGState
from reportlab.platypus import Flowable, Frame, ListFlowable, Table
from reportlab.platypus.flowables import LIIndenter


class Wrapping(Flowable):
    """A flowable around another (`wrapped`) that reads every attribute it lacks from it,
    except the names in `KEEPS`: handout's `Tagged`.

    Properties for what ReportLab asks only as `getattr(flowable, name, false)` and uses
    only as true or false (frames, lists, table cells; never `hasattr`, never set on an
    instance): the wrapped flowable's value, or the same false default, without a miss."""

    WRAPPED = "f"  # the attribute that holds the wrapped flowable
    KEEPS: tuple[str, ...] = ("f",)  # names never read from the wrapped flowable

    def __getattr__(self, name: str) -> Any:
        if name in self.KEEPS:  # the wrapped flowable not set yet (a copy, a pickle)
            raise AttributeError(name)
        return getattr(getattr(self, self.WRAPPED), name)

    @property
    def _SPACETRANSFER(self) -> Any:
        return getattr(self.__dict__[self.WRAPPED], "_SPACETRANSFER", False)

    @property
    def _ZEROSIZE(self) -> Any:
        return getattr(self.__dict__[self.WRAPPED], "_ZEROSIZE", False)

    @property
    def __split_only__(self) -> Any:
        return getattr(self.__dict__[self.WRAPPED], "__split_only__", None)

    def getKeepWithNext(self) -> Any:
        """Flowable's generic answer (`keepWithNext`, else the style's): asked of the wrapped
        flowable when the wrapper has neither itself (Platypus sets keepWithNext on the
        wrapper it keeps together), as the long way through `__getattr__` would find it."""
        if "keepWithNext" in self.__dict__ or "style" in self.__dict__:
            return Flowable.getKeepWithNext(self)
        return Flowable.getKeepWithNext(self.__dict__[self.WRAPPED])

    def minWidth(self) -> float:
        return self.__dict__[self.WRAPPED].minWidth()

    def getSpaceBefore(self) -> float:
        return self.__dict__[self.WRAPPED].getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.__dict__[self.WRAPPED].getSpaceAfter()


def holder(flowable: Flowable, names: tuple[str, ...]) -> Flowable:
    """The flowable whose attributes `names` are `flowable`'s: through each wrapper (a
    `Wrapping`, a list item) that holds none of `names` itself (in its own dict or its class)
    and forwards all of them, the flowable it wraps. `getattr(holder(f, names), name)` is
    `getattr(f, name)`, for any `name` of `names`, without the wrappers' misses."""
    while issubclass(cls := type(flowable), _WRAPPERS):
        held = _class_holds.get((cls, names))
        if held is None:  # a fact of the class, the same for every build
            held = _class_holds[cls, names] = any(name in cls.KEEPS or hasattr(cls, name)
                                                   for name in names)
        own = flowable.__dict__
        if held or not own.keys().isdisjoint(names):
            return flowable
        flowable = own[cls.WRAPPED]
    return flowable


_class_holds: dict[tuple[type, tuple[str, ...]], bool] = {}


class TextFrame(Frame):
    """A Frame whose deep copy copies its values: numbers and strings, and the containers a
    frame holds (its backgrounds, saved geometry, generated content), each copied."""

    CONTAINERS = ("_frameBGs", "_savedGeom", "_generated_content")
    # None, as the miss's default: ReportLab only reads it with that default, sets it on the
    # instance (add_generated_content's setdefault on the instance's dict) and deletes it
    # from there
    _generated_content = None

    def __deepcopy__(self, memo: dict[int, Any]) -> TextFrame:
        twin = self.__class__.__new__(self.__class__)
        values = twin.__dict__
        values.update(self.__dict__)
        for name in self.CONTAINERS:
            if name in values:
                values[name] = copy.copy(values[name])
        return twin


class ItemIndenter(LIIndenter):
    """A list item (a tagged paragraph, indented, with its bullet) that answers spacing and
    keep-with-next without the lookups through its wrappers. Like ReportLab's answer: the
    item's own value (ListFlowable gives the first item the list's spaceBefore; Platypus
    sets keepWithNext to 0 on what it keeps together), else its paragraph's.

    Platypus also probes every flowable for what only its own helpers have: `frameAction`
    (an action, by `hasattr`) and `_SPACETRANSFER`, `_ZEROSIZE` (by `getattr` with a false
    default). A paragraph has none of them: an item says so at once."""

    _SPACETRANSFER = False
    _ZEROSIZE = False
    WRAPPED = "_flowable"  # for `holder`: what LIIndenter forwards to, and what it keeps
    KEEPS = (*LIIndenter._IndenterAttrs, "frameAction")

    def __getattr__(self, name: str) -> Any:
        if name == "frameAction":
            raise AttributeError(name)
        return super().__getattr__(name)

    def getSpaceBefore(self) -> float:
        own = self.__dict__
        return own["spaceBefore"] if "spaceBefore" in own else self._flowable.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        own = self.__dict__
        return own["spaceAfter"] if "spaceAfter" in own else self._flowable.getSpaceAfter()

    def getKeepWithNext(self) -> Any:
        own = self.__dict__
        return (own["keepWithNext"] if "keepWithNext" in own
                else self._flowable.getKeepWithNext())

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """DDIndenter's wrap, its sums term for term, its size written to its own dict as
        LIIndenter's `__setattr__` writes `width` and `height` (some 400 calls a build)."""
        own = self.__dict__
        indents = own["_leftIndent"], own["_rightIndent"]
        width, height = own["_flowable"].wrap(available_width - indents[0] - indents[1],
                                              available_height)
        own["width"] = width + indents[0] + indents[1]
        own["height"] = height
        return own["width"], height

    def wrapOn(self, canv: Any, available_width: float, available_height: float,
               ) -> tuple[float, float]:
        """Flowable's wrapOn: the canvas set on the item's flowable for the wrap and taken
        away after, where LIIndenter's `__setattr__` and `__delattr__` put and take it."""
        inner = self.__dict__["_flowable"]
        inner.canv = canv
        size = self.wrap(available_width, available_height)
        del inner.canv
        return size

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = super().split(available_width, available_height)
        for part in parts:
            _become_item(part)
        return parts


_WRAPPERS = (Wrapping, ItemIndenter)


class List(ListFlowable):
    """ReportLab's ListFlowable, its items `ItemIndenter`s.

    Its spacing is its first (last) item's that has no `frameAction` (_ContainerSpace's
    answer, a probe that raises through the item): an item has none unless its own dict
    does (`ItemIndenter.__getattr__` refuses the name, LIIndenter's `__setattr__` passes
    it on to the item's flowable), so an item answers at once."""

    def getSpaceBefore(self, content: list[Flowable] | None = None) -> float:
        items = self._content if content is None else content
        if items and _plain_item(items[0]):
            return items[0].getSpaceBefore()
        return super().getSpaceBefore(content)

    def getSpaceAfter(self, content: list[Flowable] | None = None) -> float:
        items = self._content if content is None else content
        if items and _plain_item(items[-1]):
            return items[-1].getSpaceAfter()
        return super().getSpaceAfter(content)

    def _makeLIIndenter(self, flowable: Flowable, bullet: Any,
                        params: dict[str, Any] | None = None) -> LIIndenter:
        item = super()._makeLIIndenter(flowable, bullet, params)
        _become_item(item)
        return item


def _plain_item(flowable: Flowable) -> bool:
    """An `ItemIndenter` without a frameAction (see `List`)."""
    return type(flowable) is ItemIndenter and "frameAction" not in flowable.__dict__


def _become_item(indenter: LIIndenter) -> None:
    """Make ReportLab's LIIndenter an `ItemIndenter` (same state, no state of its own).
    Not `indenter.__class__ = ...`: LIIndenter passes that on to the flowable it holds."""
    object.__setattr__(indenter, "__class__", ItemIndenter)


class Grid(Table):
    """A Table that measures itself (`Table._calc`: row heights and positions, column
    positions, spans) once per available width, not once per wrap.

    What `_calc` finds depends only on the table's data and style and on the width: its
    cells' flowables have the same size at the same width every time (a paragraph breaks
    into the same lines), and every column has a width given (no `None` or `*` width,
    whose first measuring would change the widths for the next). The available height
    counts only where ReportLab's long-table shortcut stops measuring rows once past it,
    which it does in a table with cells spanning rows: there the height is in the key too.
    A style command (`setStyle`, or one ReportLab adds to a split part) changes what is
    measured (paddings): the table is measured again after one.
    Drawing wraps the cells again itself, as ReportLab does."""

    _measured: tuple[float, float | None] | None = None

    def _calc(self, availWidth: float, availHeight: float) -> None:
        if None in self._colWidths or "*" in self._colWidths:
            super()._calc(availWidth, availHeight)
            return
        if self._key(availWidth, availHeight) != self._measured:
            super()._calc(availWidth, availHeight)
            self._measured = self._key(availWidth, availHeight)

    def _key(self, width: float, height: float) -> tuple[float, float | None]:
        rows_spanned = self._longTableOptimize and getattr(self, "_rowSpanCells", None)
        return width, height if rows_spanned else None

    def _addCommand(self, cmd: tuple[Any, ...]) -> None:  # every style command comes here
        self._measured = None
        super()._addCommand(cmd)


_STATE = Canvas.STATE_ATTRIBUTES
_saved_state = operator.itemgetter(*_STATE)


class StateCanvas(Canvas):
    """A canvas whose state stack (saveState, restoreState, forms) keeps the same values as
    ReportLab's, found sooner: a tuple of the state attributes in `STATE_ATTRIBUTES`' order,
    taken and given back in C, and the graphics-state dictionary (`ExtGState`) copied as
    `ExtGState.pushCopy` copies it (its values copied, its names shared) without a call to
    its `__init__`, whose two new dicts `pushCopy` throws away."""

    def push_state_stack(self) -> None:
        self.state_stack.append(_saved_state(self.__dict__))
        graphics = self._extgstate
        twin = ExtGState.__new__(ExtGState)
        twin._d = graphics._d.copy()
        twin._c = graphics._c
        self._extgstate = twin

    def pop_state_stack(self) -> None:
        self.__dict__.update(zip(_STATE, self.state_stack.pop(), strict=True))
