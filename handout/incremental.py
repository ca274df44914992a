"""Incremental builds: rebuild only the outputs whose inputs changed, and nothing when none did.

    Request.from_args(args)      what a build depends on: options, files, handout's own code
    up_to_date(out, request)     the record's outputs when nothing changed, else None (fast path)
    Record.read(out)             the record of what was built in `out` (empty if none or unreadable)

The record is `<out>/.handout-manifest.json`. It is written by `output.publish` together with the
PDFs it describes, in the same all-or-nothing step, and it stores a SHA-256 of every file, so a
build killed half way, a PDF deleted or edited by hand, or a staging folder left behind is
noticed (the file or the record does not match) and the affected outputs are built again.

Two keys: the request key (every option, the content and clinic files with the clinic's logo,
every file of `handout/` and `layouts/`, the Python version and the installed packages' names
and versions, and the day the dates are judged by) decides the no-op: equal and every file as
recorded, nothing is imported beyond this module and nothing is written. Otherwise the full
build runs its checks and gives each piece (layout x paper x locale) its own key: what every
piece shares (the content, the clinic, handout's code and data, the print options, the
packages) plus that layout's module, so editing `layouts/trifold.py` rebuilds the tri-fold only.
Only the standard library is imported here: the no-op path stays far under 100 ms.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from argparse import Namespace
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST = ".handout-manifest.json"
FORMAT = 1
NOTHING_LEFT_OUT = {"layout": "", "left_out": [], "shortened": [], "complete": True}
_ROOT = Path(__file__).resolve().parent.parent
_LOGO = re.compile(r"^\s*logo:\s*[\"']?([^\"'#\n]+?)[\"']?\s*(?:#.*)?$", re.MULTILINE)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _digest(parts: list[bytes | str]) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def _read(path: Path) -> bytes:
    """The file's bytes, or a marker that it cannot be read (the build then says why)."""
    try:
        return path.read_bytes()
    except OSError as err:
        return f"unreadable: {err.strerror}".encode()


def _tree(folder: Path, keep: Any = lambda path: True) -> list[bytes | str]:
    """Name and bytes of every file below `folder` (compiled caches left out), in order."""
    parts: list[bytes | str] = []
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file() or not keep(path):
            continue
        parts += [str(path.relative_to(_ROOT)), _read(path)]
    return parts


def _is_layout_module(path: Path) -> bool:
    return path.parent == _ROOT / "layouts" and path.suffix == ".py" and \
        not path.name.startswith("_")


def _packages() -> str:
    """The Python version and every installed distribution's name and version (dist-info
    folder names): a new ReportLab, pikepdf or font package changes the bytes."""
    names = [sys.version]
    for entry in sys.path:
        if "site-packages" in entry and os.path.isdir(entry):
            names += sorted(name for name in os.listdir(entry) if name.endswith(".dist-info"))
    return "\n".join(names)


def _translations(content: Path) -> list[bytes | str]:
    """Every translation beside the content (content.es.yaml...), by name: a `--lang` build
    reads them, and a changed one must rebuild."""
    found = sorted(content.parent.glob(f"{content.stem}.*{content.suffix}"))
    return [item for path in found for item in (path.name, _read(path))]


def _clinic(path: Path | None) -> list[bytes | str]:
    """The clinic file and the logo it names (relative to it)."""
    if path is None:
        return ["no clinic"]
    data = _read(path)
    logos = _LOGO.findall(data.decode("utf-8", "replace"))
    return [str(path), data, *(_read(path.parent / logo.strip()) for logo in logos)]


# Options that change no output's bytes: where and how fast to build, how to report. Every
# other option (one added later too) is in the keys; those that only choose which pieces are
# built, or judge the content, are left out of the pieces' keys (`_CHOOSING`).
_NOT_INPUTS = frozenset({"out", "jobs", "force", "traceback"})
_CHOOSING = frozenset({"layout", "paper", "locale", "strict", "today"})


@dataclass(frozen=True)
class Request:
    """What the outputs of one build depend on: the options and the files they name."""

    content: Path
    clinic: Path | None
    options: tuple[tuple[str, str], ...]  # (name, repr of value), sorted; `today` filled in
    preview: bool

    @classmethod
    def from_args(cls, args: Namespace, today: str) -> Request:
        options = {**vars(args), "today": today}
        return cls(args.content, args.clinic, tuple(sorted(
            (name, repr(value)) for name, value in options.items()
            if name not in _NOT_INPUTS)), bool(args.preview))

    def shared(self) -> str:
        """What every piece's bytes depend on (not which pieces were asked for, nor the
        checks' day and strictness: they decide whether a build runs, not its bytes)."""
        return _digest([
            f"format {FORMAT}", _packages(), _read(self.content), *_translations(self.content),
            *_clinic(self.clinic),
            *(f"{name}={value}" for name, value in self.options if name not in _CHOOSING),
            *_tree(_ROOT / "handout"), *_tree(_ROOT / "layouts",
                                              lambda path: not _is_layout_module(path))])

    def key(self) -> str:
        """Everything: equal keys and intact files mean nothing to do."""
        return _digest([self.shared(), *(f"{name}={value}" for name, value in self.options),
                        *_tree(_ROOT / "layouts", _is_layout_module)])


def piece_key(shared: str, layout_module: str, paper: str, locale: str,
              names: tuple[str, ...]) -> str:
    """A piece's key: the shared inputs plus its own layout module, paper, locale and names."""
    return _digest([shared, _read(_ROOT / "layouts" / f"{layout_module}.py"), paper, locale,
                    *names])


@dataclass
class Record:
    """`<out>/.handout-manifest.json`: the request key of the last build and, by the name of
    each piece's first file, its key, what the CLI prints about it, and its files' hashes."""

    request: str
    asked: list[str]  # the outputs (first file names) the last request made or kept
    outputs: dict[str, dict[str, Any]]
    extra: dict[str, str]  # previews' contact sheets: name -> hash

    @classmethod
    def read(cls, out: Path) -> Record:
        try:
            data = json.loads((out / MANIFEST).read_bytes())
            if data.get("format") == FORMAT:
                return cls(data["request"], list(data["asked"]), dict(data["outputs"]),
                           dict(data["extra"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # no record, or not one we wrote: build everything
        return cls("", [], {}, {})

    def to_bytes(self) -> bytes:
        return json.dumps({"format": FORMAT, "request": self.request, "asked": self.asked,
                           "outputs": self.outputs, "extra": self.extra}, indent=1,
                          sort_keys=True).encode()

    def intact(self, out: Path, name: str, key: str | None = None) -> bool:
        """The output `name` is recorded (with `key`, if given) and its files are as written."""
        entry = self.outputs.get(name)
        return entry is not None and (key is None or entry["key"] == key) and all(
            _same(out / file, digest) for file, digest in entry["files"].items())

    def extra_intact(self, out: Path) -> bool:
        return all(_same(out / name, digest) for name, digest in self.extra.items())


def _same(path: Path, digest: str) -> bool:
    try:
        return sha256(path.read_bytes()) == digest
    except OSError:
        return False


def up_to_date(out: Path, request: Request) -> list[dict[str, Any]] | None:
    """The recorded outputs of `request` when the last build in `out` was this very request
    and every file is still as it wrote it; None when something must be built."""
    from handout.output import STAGING_PREFIX  # stdlib only

    record = Record.read(out)
    if not record.asked or record.request != request.key():
        return None
    if any(entry.name.startswith(STAGING_PREFIX) for entry in out.iterdir()):
        return None  # a killed build's files: the full build repairs first
    if not all(record.intact(out, name) for name in record.asked) or not record.extra_intact(
            out):
        return None
    return [record.outputs[name] for name in record.asked]
