"""The review record: a content change needs a new version, and a version needs a sign-off.

    signoff(leaflet, today)      a reviewer's `signed_off` is not in the future, and the last
                                 sign-off is not older than the version's `published` date
    version_bump(old, new, rev)  content that differs from the committed base (`--base REV`)
                                 has a new `version` and a later `published` date
    committed(path, rev)         the content file as committed in `rev` (`git show`)
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from handout import diff, validate
from handout.check_text import key_location
from handout.errors import InputError, Problem
from handout.model import Leaflet


def signoff(leaflet: Leaflet, today: dt.date) -> list[Problem]:
    meta = leaflet.meta
    problems = []
    dated = [(i, r) for i, r in enumerate(meta.reviewers) if r.signed_off is not None]
    for i, reviewer in dated:
        if reviewer.signed_off and reviewer.signed_off > today:
            problems.append(Problem(
                reviewer.loc, f"the sign-off date {reviewer.signed_off} is in the future "
                              f"(today is {today})",
                hint="give the day the reviewer approved the content",
                path=f"meta.reviewers[{i}].signed_off", section="meta"))
    if dated and not meta.signoffs:
        i, last = max(dated, key=lambda item: item[1].signed_off or dt.date.min)
        problems.append(Problem(
            last.loc, f"the last sign-off ({last.signed_off}, {last.name}) is older than "
                      f"version {meta.version} (published {meta.published}): the reviewers "
                      "have not approved this version",
            hint="ask a reviewer to check this version, then set their signed_off date; "
                 "the leaflet prints no \"Reviewed by\" until then",
            path=f"meta.reviewers[{i}].signed_off", severity="warning", section="meta"))
    return problems


def committed(path: Path, rev: str) -> bytes | None:
    """The bytes of `path` in commit `rev`; None if that commit has no such file (a new
    leaflet); InputError if git or the revision cannot be found."""
    try:
        result = subprocess.run(["git", "-C", str(path.parent), "show", f"{rev}:./{path.name}"],
                                capture_output=True, check=False)
    except FileNotFoundError:
        raise InputError.single("--base needs git, and git is not installed") from None
    if result.returncode == 0:
        return result.stdout
    reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
    reason_text = reason[-1] if reason else "git show failed"
    if "exists on disk, but not in" in reason_text or "does not exist in" in reason_text:
        return None
    raise InputError.single(
        f"cannot read {path} at '{rev}': {reason_text.removeprefix('fatal: ')}",
        hint="give a branch, tag or commit of this repository that git knows (in CI, fetch "
             "the base branch first)")


def base_leaflet(path: Path, rev: str) -> Leaflet | None:
    """The committed version of the content file, validated; None for a new file."""
    data = committed(path, rev)
    return None if data is None else validate.load(f"{rev}:{path}", data)


def version_bump(old: Leaflet, new: Leaflet, rev: str) -> list[Problem]:
    changes = diff.content_changes(diff.compare(old, new))
    if not changes:
        return []
    m, n = old.meta, new.meta
    safety = sum(c.safety for c in changes)
    what = (f"the content changed since {rev} ({len(changes)} change"
            f"{'s' if len(changes) != 1 else ''}, {safety} touching safety)")
    hint = (f"set a new version and published date, and get a new sign-off; "
            f"`handout diff --base {rev} {Path(new.file).name}` lists the changes")
    if n.version == m.version:
        return [Problem(key_location(n.loc, "version"),
                        f"{what} but the version is still \"{n.version}\"", hint=hint,
                        path="meta.version", section="meta")]
    if n.published <= m.published:
        return [Problem(key_location(n.loc, "published"),
                        f"{what}: version {n.version} needs a published date after "
                        f"{m.published}", hint=hint, path="meta.published", section="meta")]
    return []


def against_base(leaflet: Leaflet, path: Path, rev: str) -> list[Problem]:
    """`--check --base REV`: the version rule against the committed content (none for a file
    that is new in this change)."""
    old = base_leaflet(path, rev)
    return [] if old is None else version_bump(old, leaflet, rev)
