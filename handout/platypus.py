"""ReportLab's Platypus classes as handout uses them: the same layout, less work around it.

Platypus keeps asking the flowables and frames of a story the same questions, and for the
shapes handout builds some of its answers cost far more than they need to. Each class here
changes how an answer is found, never the answer (the PDFs stay byte for byte the same;
tests/test_platypus.py compares each answer with ReportLab's own):

- `TextFrame`: a list or a KeepTogether measures its content in a deep copy of the current
  frame (`flowables._listWrapOn`), so that content a flowable generates while it is
  measured is thrown away with the copy. A frame holds numbers, strings and a list of frame
  backgrounds (which no layout uses); a copy of those values, the list copied, is what
  `copy.deepcopy` makes, without walking every value (some 40 copies a build).
- `List` and `ItemIndenter`: Platypus asks each list item (ReportLab's LIIndenter around a
  tagged paragraph) for its spacing and keep-with-next several times. Flowable's generic answer
  looks for `spaceBefore`, then `style`, on the item; the item forwards each lookup to the
  `Tagged` wrapper, which forwards it to the paragraph, and every miss raises at each level
  (some 5 µs a question, about 1,000 questions a build). `ItemIndenter` answers with its own
  value when it has one, else the paragraph's, which is what the long way finds; and to
  Platypus's probes for what only its own helper flowables have (`frameAction`,
  `_SPACETRANSFER`, `_ZEROSIZE`), that it has none, without asking the paragraph.
"""

from __future__ import annotations

import copy
from typing import Any

from reportlab.platypus import Flowable, Frame, ListFlowable
from reportlab.platypus.flowables import LIIndenter


class TextFrame(Frame):
    """A Frame whose deep copy copies its values (numbers and strings), lists and dicts."""

    def __deepcopy__(self, memo: dict[int, Any]) -> TextFrame:
        twin = self.__class__.__new__(self.__class__)
        twin.__dict__.update({name: copy.copy(value) if isinstance(value, list | dict)
                              else value for name, value in self.__dict__.items()})
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

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = super().split(available_width, available_height)
        for part in parts:
            _become_item(part)
        return parts


class List(ListFlowable):
    """ReportLab's ListFlowable, its items `ItemIndenter`s."""

    def _makeLIIndenter(self, flowable: Flowable, bullet: Any,
                        params: dict[str, Any] | None = None) -> LIIndenter:
        item = super()._makeLIIndenter(flowable, bullet, params)
        _become_item(item)
        return item


def _become_item(indenter: LIIndenter) -> None:
    """Make ReportLab's LIIndenter an `ItemIndenter` (same state, no state of its own).
    Not `indenter.__class__ = ...`: LIIndenter passes that on to the flowable it holds."""
    object.__setattr__(indenter, "__class__", ItemIndenter)
