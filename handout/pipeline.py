"""The one flow every build follows: load, check, render, verify, and only then write.

The content checks (`handout/check.py`: readability, safety, sources and dates, dose sanity,
glyphs) run before anything is rendered, the same ones `--check` runs: an error refuses the
content, and so does a warning under `strict`. Every requested PDF is then built in memory;
files are written only when all of them succeeded, and then all together (`output.publish`:
staged, committed, moved in under the folder's lock). A failed build therefore leaves every
earlier PDF exactly as it was.

A build is split into pieces (one layout on one paper for one locale), made on several
processes (`handout/parallel.py`); with the CLI's request, pieces whose inputs and files are
unchanged since the last build are kept (`handout/incremental.py`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handout import check, fonts, incremental, locales, strings, translation, validate
from handout import clinic as clinic_profile
from handout.clinic import Clinic
from handout.errors import InputError, LayoutError, Problem
from handout.layout import Context, Layout, PrintOptions
from handout.model import Leaflet
from handout.output import check_folder, check_targets, publish

if TYPE_CHECKING:  # rendering loads Platypus and pikepdf: imported when a PDF is made
    from handout.render import Rendered


@dataclass(frozen=True)
class Built:
    path: Path
    pdf: bytes
    layout: str
    paper: str
    omitted: tuple[str, ...] = ()
    complete: bool = True  # False for a companion (dose card) that prints only a part
    written: bool = True  # False: an incremental build kept the file it found (`pdf` read back)
    seconds: float = 0.0  # CPU time of making its piece (the build record keeps it)


def read(content: Path, locale: str | None = None, lang: str | None = None) -> Leaflet:
    """The validated leaflet, or its translation into `lang` (None: the source itself)."""
    if lang is None:
        return validate.load(content, locale=locale)
    return translation.load(content, lang, locale)


def languages(content: Path, requested: list[str]) -> list[str | None]:
    """`--lang` values (codes, comma lists, `all`) as translations to build, None standing
    for the source leaflet; no request builds the source only."""
    wanted = [x.strip() for value in requested for x in value.split(",") if x.strip()]
    if not wanted:
        return [None]
    available = translation.languages(Path(content))
    if "all" in wanted:
        return [None, *available]
    source = strings.primary(validate.source_language(content))
    return list(dict.fromkeys(None if x in (source, "source") else x for x in wanted))


def load(content: Path, locale: str | None = None, lang: str | None = None) -> Leaflet:
    """Validated leaflet whose every character can be drawn, or InputError. (No quality
    checks: for tests and tools that render fixtures; builds use `checked`.)"""
    leaflet = read(content, locale, lang)
    problems = fonts.check_glyphs([*leaflet.texts, *strings.words(leaflet).texts()])
    if problems:
        raise InputError(problems)
    return leaflet


def load_clinic(path: Path) -> Clinic:
    """A validated clinic file whose every character can be drawn, or InputError."""
    found = clinic_profile.load(path)
    problems = fonts.check_glyphs(list(found.texts))
    if problems:
        raise InputError(problems)
    return found


def inspect(content: Path, today: dt.date | None = None, strict: bool = False,
            locale: str | None = None, lang: str | None = None
            ) -> tuple[Leaflet | None, check.Report]:
    """Validate (for `locale`, default the content's) and run every content check; never
    raises for bad content. The leaflet is None when the content did not validate (the
    report then lists why)."""
    today = today or dt.date.today()
    try:
        leaflet = read(content, locale, lang)
    except InputError as err:
        file = translation.path_for(Path(content), lang) if lang else content
        return None, check.refused(str(file), err.problems, today, strict)
    return leaflet, check.run(leaflet, today, strict)


def checked(content: Path, today: dt.date | None = None, strict: bool = False,
            warn: Callable[[list[Problem]], None] | None = None,
            locale: str | None = None, lang: str | None = None) -> Leaflet:
    """The leaflet, if it passes every content check; InputError with every error if not
    (`--check` shows the warnings as well). Warnings of content that passes go to `warn`."""
    leaflet, report = inspect(content, today, strict, locale, lang)
    if leaflet is None or not report.passed:
        raise InputError(report.errors)
    if report.warnings and warn is not None:
        warn(report.warnings)
    return leaflet


def papers_for(layout: Layout, paper: str) -> list[str]:
    """The papers to build: `paper`, or all the layout has ("all")."""
    if paper == "all":
        return list(layout.papers)
    return [paper] if paper in layout.papers else []


def context(layout: Layout, paper: str, options: PrintOptions,
            clinic: Clinic | None = None) -> Context:
    theme = layout.theme()
    if options.cmyk:
        theme = replace(theme, palette=theme.palette.cmyk())
    return Context(layout=layout.name, paper=paper, page_size=layout.page_sizes[paper],
                   theme=theme, options=options, clinic=clinic)


def produce(leaflet: Leaflet, layout: Layout, paper: str,
            options: PrintOptions = PrintOptions(), clinic: Clinic | None = None) -> Rendered:
    """One layout on one paper, rendered and verified."""
    from handout.render import render  # ReportLab's layout engine: only when building
    from handout.verify import verify

    ctx = context(layout, paper, options, clinic)
    rendered = render(leaflet, layout, ctx)
    verify(rendered.pdf, ctx, layout)
    return rendered


def build_one(leaflet: Leaflet, layout: Layout, paper: str,
              options: PrintOptions = PrintOptions(), clinic: Clinic | None = None) -> bytes:
    """The PDF bytes of `produce`."""
    return produce(leaflet, layout, paper, options, clinic).pdf


def imposed(leaflet: Leaflet, layout: Layout, paper: str, options: PrintOptions,
            reader_pdf: bytes) -> bytes:
    """Printer sheets of the reader pages, with their bleed and marks (`handout.impose`)."""
    from handout.impose import impose_saddle

    return impose_saddle(reader_pdf, context(layout, paper, options), leaflet.meta)


def file_names(leaflet: Leaflet, layout: Layout, paper: str,
               locale_in_name: bool = False) -> list[str]:
    """`<id>-<layout>-<paper>.pdf` (`<id>-<locale>-...` when several locales are built), and
    its `-imposed.pdf` printer sheets if the layout imposes."""
    stem = f"{file_prefix(leaflet, locale_in_name)}-{layout.name}-{paper}"
    return [f"{stem}.pdf", *([f"{stem}-imposed.pdf"] if layout.impose == "saddle" else [])]


def file_prefix(leaflet: Leaflet, locale_in_name: bool = False) -> str:
    """What every file of this leaflet's build starts with: `<id>`, `<id>-<locale>` when
    several locales are built, `<id>-<lang>` for a translation."""
    prefix = f"{leaflet.meta.id}-{leaflet.meta.locale}" if locale_in_name else leaflet.meta.id
    if leaflet.translation and not locale_in_name:
        prefix += f"-{strings.primary(leaflet.meta.language)}"
    return prefix


@dataclass(frozen=True)
class Piece:
    """One layout on one paper for one leaflet: the unit a build is split into (and, in
    `handout.incremental`, the unit that is rebuilt or kept)."""
    leaflet: Leaflet
    layout: Layout
    paper: str
    names: tuple[str, ...]  # file names, from `file_names`


def pieces(leaflet: Leaflet, layouts: list[Layout], paper: str | None,
           locale_in_name: bool = False) -> list[Piece]:
    """Every (layout, paper) pair to build; `paper` None is the locale's paper."""
    paper = paper or locales.get(leaflet.meta.locale).paper
    return [Piece(leaflet, layout, name, tuple(file_names(leaflet, layout, name, locale_in_name)))
            for layout in layouts for name in papers_for(layout, paper)]


def make(piece: Piece, out_dir: Path, options: PrintOptions,
         clinic: Clinic | None) -> list[Built] | LayoutError:
    """The reader PDF of one piece, plus printer spreads if its layout imposes; a layout
    failure is returned, not raised, so every piece's failures can be collected."""
    leaflet, layout, paper = piece.leaflet, piece.layout, piece.paper
    started = time.process_time()
    try:
        rendered = produce(leaflet, layout, paper, options, clinic)
    except LayoutError as err:
        return err
    sheets = ([Built(out_dir / piece.names[1],
                     imposed(leaflet, layout, paper, options, rendered.pdf), layout.name, paper)]
              if layout.impose == "saddle" else [])
    return [Built(out_dir / piece.names[0], rendered.pdf, layout.name, paper, rendered.omitted,
                  layout.complete, seconds=time.process_time() - started), *sheets]


def make_all(todo: list[Piece], out_dir: Path, options: PrintOptions = PrintOptions(), *,
             clinic: Clinic | None = None, jobs: int = 1,
             costs: list[float] | None = None) -> list[Built]:
    """Every piece in memory, on up to `jobs` processes (the bytes do not depend on it), the
    dearest (`costs`: seconds each took last time) first; LayoutError after collecting every
    failure."""
    from handout import parallel, render, verify  # noqa: F401  imported once, before the fork

    results = parallel.run(todo, lambda piece: make(piece, out_dir, options, clinic), jobs,
                           costs or ())
    failures = [problem for result in results if isinstance(result, LayoutError)
                for problem in result.problems]
    if failures:
        raise LayoutError(failures)
    return [item for result in results if not isinstance(result, LayoutError)
            for item in result]


def build_all(leaflet: Leaflet, layouts: list[Layout], paper: str | None, out_dir: Path,
              options: PrintOptions = PrintOptions(), *,
              locale_in_name: bool = False, clinic: Clinic | None = None,
              jobs: int = 1) -> list[Built]:
    """Every (layout, paper) pair in memory, plus printer spreads for layouts that impose;
    LayoutError after collecting every failure. `paper` None is the locale's paper; file
    names carry the locale when several are built (`locale_in_name`), and a translation's
    language always (amitriptyline-migraine-es-standard-letter.pdf)."""
    return make_all(pieces(leaflet, layouts, paper, locale_in_name), out_dir, options,
                    clinic=clinic, jobs=jobs)


def build(content: Path, layouts: list[Layout], paper: str | None, out_dir: Path, *,
          today: dt.date | None = None, strict: bool = False,
          warn: Callable[[list[Problem]], None] | None = None,
          options: PrintOptions = PrintOptions(), preview: bool = False,
          locale_tags: tuple[str, ...] = (), langs: tuple[str | None, ...] = (None,),
          clinic: Clinic | None = None,
          notify: Callable[[str], None] | None = None, jobs: int = 1,
          request: incremental.Request | None = None, force: bool = False) -> list[Built]:
    """Check the content for each language (None: the source; else a translation,
    `languages`) and locale (default: the content's), build every (layout,
    paper) pair of every locale in memory on up to `jobs` processes (with PNG previews if
    asked), then publish them all into `out_dir` at once (`output.publish`). Raise InputError
    for content that fails a check or an unusable `out_dir`, LayoutError listing every layout
    failure, WriteError when the folder cannot be written; in each case the folder is left as
    it was. With a `request` (the CLI's) the build is incremental: pieces whose inputs and
    files are as the folder's record says are kept (returned with `written` False), and the
    record is published with the new files; `force` rebuilds every piece."""
    check_folder(out_dir)
    several = len(locale_tags) > 1
    leaflets = [checked(content, today, strict, warn, tag, lang)
                for lang in langs for tag in locale_tags or (None,)]
    todo = [piece for leaflet in leaflets
            for piece in pieces(leaflet, layouts, paper, locale_in_name=several)]
    check_targets(out_dir, [name for piece in todo for name in piece.names])
    if not todo:
        return []  # no layout has the paper asked for: nothing to write, nor to record
    record = (incremental.Record.read(out_dir) if request and not force
              else incremental.Record("", [], {}, {}))
    keys = _piece_keys(request, todo) if request else {}
    stale = [piece for piece in todo
             if not keys or not record.intact(out_dir, piece.names[0], keys[piece.names[0]])]
    if preview and (stale or not record.extra_intact(out_dir)):
        stale = todo  # the contact sheet shows every layout: previews are made all together
    made = make_all(stale, out_dir, options, clinic=clinic, jobs=jobs, costs=[
        record.outputs.get(piece.names[0], {}).get("seconds", 0.0) for piece in stale])
    files = {item.path.name: item.pdf for item in made}
    if preview and stale:
        from handout import preview as previews  # PDFium and Pillow: only when asked

        leaflet_of = {name: piece.leaflet for piece in todo for name in piece.names}
        for leaflet in leaflets:
            files.update(previews.files(file_prefix(leaflet, several), [
                item for item in made if leaflet_of[item.path.name] is leaflet]))
    if request:
        files[incremental.MANIFEST] = _recorded(record, request, todo, keys, made, files,
                                                preview and bool(stale))
    publish(out_dir, files, notify)
    written = {item.path.name: item for item in made}
    return [written.get(name) or _kept(out_dir, name, name == piece.names[0],
                                       record.outputs[piece.names[0]])
            for piece in todo for name in piece.names]


def _piece_keys(request: incremental.Request, todo: list[Piece]) -> dict[str, str]:
    shared = request.shared()
    return {piece.names[0]: incremental.piece_key(
        shared, piece.layout.name.replace("-", "_"), piece.paper, piece.leaflet.meta.locale,
        piece.names) for piece in todo}


def _recorded(record: incremental.Record, request: incremental.Request, todo: list[Piece],
              keys: dict[str, str], made: list[Built], files: dict[str, bytes],
              previews_made: bool) -> bytes:
    """The folder's record after this build: the pieces it made, those it kept, and any
    earlier build's outputs that are still there."""
    made_by_name = {item.path.name: item for item in made}
    for piece in todo:
        first = made_by_name.get(piece.names[0])
        if first is None:
            continue  # kept: its entry stands
        stems = tuple(f"{Path(name).stem}-page-" for name in piece.names)
        record.outputs[piece.names[0]] = {
            "key": keys[piece.names[0]], "about": about(first), "paper": first.paper,
            "seconds": round(first.seconds, 3),
            "files": {name: incremental.sha256(data) for name, data in files.items()
                      if name in piece.names or name.startswith(stems)}}
    if previews_made:
        owned = {name for entry in record.outputs.values() for name in entry["files"]}
        record.extra = {name: incremental.sha256(data) for name, data in files.items()
                        if name not in owned}
    elif not request.preview:
        record.extra = {}
    record.request = request.key()
    record.asked = [piece.names[0] for piece in todo]
    return record.to_bytes()


def _kept(out_dir: Path, name: str, first: bool, entry: dict[str, Any]) -> Built:
    """A file kept from the last build, with what that build said about it (`first`: the
    reader PDF, not its printer sheets)."""
    from handout.kit import SHORT_SUFFIX

    said = entry["about"]
    omitted = ([*said["left_out"], *(line + SHORT_SUFFIX for line in said["shortened"])]
               if first else [])
    return Built(out_dir / name, (out_dir / name).read_bytes(), said["layout"], entry["paper"],
                 tuple(omitted), said["complete"] if first else True, written=False)


def about(item: Built) -> dict[str, Any]:
    """What the CLI says of a PDF besides its name: its layout, the blocks it left out and
    those it printed in their short form (and whether it is a companion, `complete`)."""
    from handout.kit import SHORT_SUFFIX

    return {"layout": item.layout, "complete": item.complete,
            "left_out": [x for x in item.omitted if not x.endswith(SHORT_SUFFIX)],
            "shortened": [x.removesuffix(SHORT_SUFFIX) for x in item.omitted
                          if x.endswith(SHORT_SUFFIX)]}
