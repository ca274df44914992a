"""`handout diff` output: the change report as text (a terminal), Markdown (a pull-request
comment) or JSON (tools). Safety changes come first and are marked in every format."""

from __future__ import annotations

import json

from handout.diff import Change, Diff, shortened

LEGEND = "In reworded text, [-words-] were removed and {+words+} added."


def _header(diff: Diff) -> str:
    return (f"{diff.new_file}: version {diff.old_version} (published {diff.old_published}) "
            f"-> version {diff.new_version} (published {diff.new_published})")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def sentence(change: Change, removed: str = "[-{}-]", added: str = "{{+{}+}}",
             quote: str = '"{}"', arrow: str = "->") -> str:
    """One change in words: "Removed emergency sign: "A fit"" or a reworded word diff."""
    if change.kind == "added":
        return f"Added {change.what}: {quote.format(change.after)}"
    if change.kind == "removed":
        return f"Removed {change.what}: {quote.format(change.before)}"
    if change.kind == "cited":
        parts = [f"now also {quote.format(change.after)}" if change.after else "",
                 f"no longer {quote.format(change.before)}" if change.before else ""]
        return f"Sources cited: {'; '.join(p for p in parts if p)}"
    if change.kind == "changed":
        return f"Changed {change.what}: {change.before} {arrow} {change.after}"
    marks = {"=": "{}", "-": removed, "+": added}
    words = " ".join(marks[op].format(text) for op, text in shortened(change.words))
    return f"Reworded {change.what}: {quote.format(words)}"


def text_report(diff: Diff) -> str:
    out = [_header(diff), ""]
    if not diff.changes:
        out += ["No changes to the content.", ""]
    if diff.safety:
        out.append(f"SAFETY: {_count(len(diff.safety), 'change')} to check first")
        out += [f"  ! {c.where}: {sentence(c)}" for c in diff.safety]
        out.append("")
    if diff.other:
        out.append(f"Other changes: {len(diff.other)}")
        out += [f"  - {c.where}: {sentence(c)}" for c in diff.other]
        out.append("")
    if any(c.kind == "reworded" for c in diff.changes):
        out += [LEGEND, ""]
    out += _grade_lines(diff, "  {heading:<{width}}  {before:>5} -> {after:>5}{flag}")
    return "\n".join(out).rstrip() + "\n"


def _grade_lines(diff: Diff, row: str) -> list[str]:
    changed = [g for g in diff.grades if g.before != g.after]
    lines = [f"Reading grade (Flesch-Kincaid), before -> after: "
             f"{_count(len(changed), 'part')} changed"]
    width = max((len(g.heading) for g in diff.grades), default=0)
    for g in diff.grades:
        lines.append(row.format(heading=g.heading, width=width,
                                before="-" if g.before is None else f"{g.before:.1f}",
                                after="-" if g.after is None else f"{g.after:.1f}",
                                flag="  (changed)" if g.before != g.after else ""))
    return lines


def _md(text: str) -> str:
    """Text safe inside a Markdown list item: no stray emphasis, tables or HTML."""
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text


def _md_sentence(change: Change) -> str:
    escaped = Change(change.kind, change.where, change.what, _md(change.before),
                     _md(change.after), tuple((op, _md(t)) for op, t in change.words))
    return sentence(escaped, removed="~~{}~~", added="**{}**", quote="“{}”", arrow="→")


MARKDOWN_LIMIT = 60_000  # characters; GitHub refuses a comment over 65,536


def markdown_report(diff: Diff, limit: int = MARKDOWN_LIMIT) -> str:
    """For a pull-request comment. A report too long for one comment keeps the safety changes
    first and says how many changes it leaves out."""
    head = ["### Clinical change report", "",
            f"`{diff.new_file}`: version {_md(diff.old_version)} ({diff.old_published}) → "
            f"version {_md(diff.new_version)} ({diff.new_published})", ""]
    if not diff.changes:
        head += ["No changes to the content.", ""]
    tail = []
    if any(c.kind == "reworded" for c in diff.changes):
        tail += ["In reworded text, ~~struck words~~ were removed and **bold words** added.", ""]
    grades = _grade_lines(diff, "| {heading} | {before} | {after} |")
    tail += [f"#### {grades[0]}", "", "| Part | Before | After |", "|---|---:|---:|",
             *grades[1:]]
    groups = [(f"#### ⚠️ Safety: {_count(len(diff.safety), 'change')} to check first",
               [f"- **SAFETY** · {_md(c.where)}: {_md_sentence(c)}" for c in diff.safety]),
              (f"#### Other changes: {len(diff.other)}",
               [f"- {_md(c.where)}: {_md_sentence(c)}" for c in diff.other])]
    room = limit - len("\n".join(head + tail)) - 200  # 200: headings and the note below
    body, left_out = [], 0
    for title, items in groups:
        if items:
            body += [title, ""]
        for item in items:  # in order: once one does not fit, none after it is shown
            if not left_out and len(item) + 1 <= room:
                body.append(item)
                room -= len(item) + 1
            else:
                left_out += 1
        if items:
            body.append("")
    if left_out:
        body += [f"*{_count(left_out, 'more change')} not shown here: run "
                 "`python make_pdf.py diff` for the full list.*", ""]
    return "\n".join(head + body + tail).rstrip() + "\n"


def json_report(diff: Diff) -> str:
    def change(c: Change) -> dict[str, object]:
        return {"safety": c.safety, "kind": c.kind, "where": c.where, "what": c.what,
                "before": c.before or None, "after": c.after or None,
                "words": [{"op": op, "text": t} for op, t in c.words] or None,
                "path": c.path, "summary": sentence(c)}

    return json.dumps({
        "old": {"file": diff.old_file, "version": diff.old_version,
                "published": diff.old_published},
        "new": {"file": diff.new_file, "version": diff.new_version,
                "published": diff.new_published},
        "safety_changes": len(diff.safety),
        "changes": [change(c) for c in diff.changes],
        "grades": [{"part": g.group, "heading": g.heading, "before": g.before,
                    "after": g.after} for g in diff.grades],
    }, indent=2, ensure_ascii=False) + "\n"


REPORTS = {"text": text_report, "markdown": markdown_report, "json": json_report}
