"""Print a translation file to start from: every text of a leaflet to translate, in its
place, with each block's fingerprint (docs/translations.md).

    python tools/translation_skeleton.py content.yaml es-US > content.es.yaml

The texts are the source's, to be replaced by the translation; the header says who, when and
from which version. `--check --lang <code>` then checks the translation against the source.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from handout import translation
from handout.loader import load_nodes


def plain(node: Node) -> object:
    """A node's value as plain data."""
    if isinstance(node, ScalarNode):
        return " ".join(str(node.value).split())
    if isinstance(node, MappingNode):
        return {k.value: plain(v) for k, v in node.value}
    return [plain(item) for item in node.value]


def texts(node: Node, keys: tuple[str, ...]) -> dict[str, object]:
    return {k.value: plain(v) for k, v in node.value if k.value in keys}


def skeleton(content: Path, tag: str) -> dict[str, object]:
    root = dict((k.value, v) for k, v in load_nodes(content).value)
    meta = dict((k.value, v) for k, v in root["meta"].value)
    dosing = dict((k.value, v) for k, v in root["dosing"].value)
    out_dosing: dict[str, object] = {"regimens": [
        texts(r, translation.REGIMEN_TEXTS) for r in dosing["regimens"].value]}
    for key, allowed in (("maximum", ("note",)), ("taper", ("text",))):
        if key in dosing:
            node = dosing[key]
            out_dosing[key] = plain(node) if isinstance(node, ScalarNode) else texts(
                node, allowed)
    sections = {}
    for key, section in root["sections"].value:
        fields = dict((k.value, v) for k, v in section.value)
        sections[key.value] = {"heading": plain(fields["heading"]), "blocks": [
            {translation.FINGERPRINT: translation.fingerprint(b),
             **texts(b, translation.BLOCK_TEXTS)} for b in fields["blocks"].value]}
    person = {"name": "(who translated it)", "role": "(translation)"}
    return {
        "translation": {"language": tag, "locale": tag,
                        "source_version": meta["version"].value, "date": "YYYY-MM-DD",
                        "translators": [person], "reviewers": [
                            {"name": "(pending review by a qualified medical translator)",
                             "role": "(translation review)"}]},
        "meta": texts(root["meta"], translation.META_TEXTS),
        "dosing": out_dosing,
        "sections": sections,
    }


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(yaml.safe_dump(skeleton(Path(sys.argv[1]), sys.argv[2]), sort_keys=False,
                         allow_unicode=True, width=92), end="")
