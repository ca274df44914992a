"""The one flow every build follows: load, check, render, verify, and only then write.

The content checks (`handout/check.py`: readability, safety, sources and dates, dose sanity,
glyphs) run before anything is rendered, the same ones `--check` runs: an error refuses the
content, and so does a warning under `strict`. Every requested PDF is then built in memory;
files are written only when all of them succeeded, and then all together (`output.publish`:
staged, committed, moved in under the folder's lock). A failed build therefore leaves every
earlier PDF exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from handout import check, fonts, locales, strings, translation, validate
from handout import clinic as clinic_profile
from handout.clinic import Clinic
from handout.errors import InputError, LayoutError, Problem
from handout.layout import Context, Layout, PrintOptions
from handout.model import Leaflet
from handout.output import check_folder, check_targets, publish

if TYPE_CHECKING:  # rendering loads Platypus, pikepdf and pypdf: imported when a PDF is made
    from handout.render import Rendered


@dataclass(frozen=True)
class Built:
    path: Path
    pdf: bytes
    layout: str
    paper: str
    omitted: tuple[str, ...] = ()
    complete: bool = True  # False for a companion (dose card) that prints only a part


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
    prefix = f"{leaflet.meta.id}-{leaflet.meta.locale}" if locale_in_name else leaflet.meta.id
    if leaflet.translation and not locale_in_name:
        prefix += f"-{strings.primary(leaflet.meta.language)}"
    stem = f"{prefix}-{layout.name}-{paper}"
    return [f"{stem}.pdf", *([f"{stem}-imposed.pdf"] if layout.impose == "saddle" else [])]


def build_all(leaflet: Leaflet, layouts: list[Layout], paper: str | None, out_dir: Path,
              options: PrintOptions = PrintOptions(), *,
              locale_in_name: bool = False, clinic: Clinic | None = None) -> list[Built]:
    """Every (layout, paper) pair in memory, plus printer spreads for layouts that impose;
    LayoutError after collecting every failure. `paper` None is the locale's paper; file
    names carry the locale when several are built (`locale_in_name`), and a translation's
    language always (amitriptyline-migraine-es-standard-letter.pdf)."""
    paper = paper or locales.get(leaflet.meta.locale).paper
    built: list[Built] = []
    failures = []
    for layout in layouts:
        for name in papers_for(layout, paper):
            names = file_names(leaflet, layout, name, locale_in_name)
            try:
                rendered = produce(leaflet, layout, name, options, clinic)
                pdf = rendered.pdf
                built.append(Built(out_dir / names[0], pdf, layout.name, name,
                                   rendered.omitted, layout.complete))
                if layout.impose == "saddle":
                    built.append(Built(out_dir / names[1],
                                       imposed(leaflet, layout, name, options, pdf),
                                       layout.name, name))
            except LayoutError as err:
                failures.extend(err.problems)
    if failures:
        raise LayoutError(failures)
    return built


def build(content: Path, layouts: list[Layout], paper: str | None, out_dir: Path, *,
          today: dt.date | None = None, strict: bool = False,
          warn: Callable[[list[Problem]], None] | None = None,
          options: PrintOptions = PrintOptions(), preview: bool = False,
          locale_tags: tuple[str, ...] = (), langs: tuple[str | None, ...] = (None,),
          clinic: Clinic | None = None,
          notify: Callable[[str], None] | None = None) -> list[Built]:
    """Check the content, build every (layout, paper) pair for each language (None: the
    source; else a translation, `languages`) and locale (default: the content's) in memory
    (with PNG previews if asked), then publish them all into `out_dir` at once
    (`output.publish`). Raise InputError for content that fails a check or an unusable
    `out_dir`, LayoutError listing every layout failure, WriteError when the folder cannot be
    written; in each case the folder is left as it was."""
    check_folder(out_dir)
    built: list[Built] = []
    files: dict[str, bytes] = {}
    several = len(locale_tags) > 1
    for lang in langs:
        for tag in locale_tags or (None,):
            leaflet = checked(content, today, strict, warn, tag, lang)
            here = paper or locales.get(leaflet.meta.locale).paper
            check_targets(out_dir, [file for layout in layouts
                                    for name in papers_for(layout, here)
                                    for file in file_names(leaflet, layout, name, several)])
            these = build_all(leaflet, layouts, paper, out_dir, options,
                              locale_in_name=several, clinic=clinic)
            built += these
            files.update({item.path.name: item.pdf for item in these})
            if preview:
                from handout import preview as previews  # PDFium and Pillow: only when asked

                files.update(previews.files(leaflet.meta.id, these))
    publish(out_dir, files, notify)
    return built
