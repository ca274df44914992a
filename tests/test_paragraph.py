"""handout.paragraph.Paragraph keeps a wrap's lines only while they are still right."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import Paragraph as ReportLabParagraph

from handout import fonts, paragraph
from handout.paragraph import Paragraph

TEXT = " ".join(["Take one tablet every evening, an hour or two before bed."] * 6)


def _style() -> ParagraphStyle:
    fonts.register()
    return ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=12, leading=17)


def _lines(p: ReportLabParagraph) -> list[str]:
    """Each line's text: a list of words, or (with several frags) a FragLine of frags."""
    return [" ".join(line[1]) if isinstance(line, tuple) else
            "|".join(word.text for word in line.words) for line in p.blPara.lines]


def test_each_width_gives_reportlabs_own_lines() -> None:
    style = _style()
    ours = Paragraph(TEXT, style)
    for width in (300, 150, 300, 300, 150):
        fresh = ReportLabParagraph(TEXT, style)
        assert ours.wrap(width, 1000) == fresh.wrap(width, 1000)
        assert _lines(ours) == _lines(fresh)
        assert (ours.width, ours.height) == (fresh.width, fresh.height)


def test_a_split_paragraph_is_broken_again() -> None:
    style = _style()
    ours = Paragraph(TEXT, style)
    ours.wrap(150, 1000)
    first, rest = ours.split(150, 17 * 3)  # three lines fit
    assert ours.wrap(150, 1000) == ReportLabParagraph(TEXT, style).wrap(150, 1000)
    assert len(_lines(first)) == 3
    assert first.wrap(150, 1000)[1] == 3 * 17
    assert rest.wrap(150, 1000)[1] == ours.height - 3 * 17


def test_a_refused_split_leaves_no_stale_lines() -> None:
    """ReportLab deletes the lines when a split would leave an orphan: a wrap makes them anew."""
    style = _style()
    ours = Paragraph(TEXT, style)
    ours.wrap(150, 1000)
    assert ours.split(150, 17 * 1.5) == []  # one line would be an orphan
    ours.wrap(150, 1000)
    assert _lines(ours) == _lines(_wrapped(ReportLabParagraph(TEXT, style), 150))


def _wrapped(p: ReportLabParagraph, width: float) -> ReportLabParagraph:
    p.wrap(width, 1000)
    return p


def test_a_remembered_parse_gives_the_same_paragraph() -> None:
    """The second paragraph of a text and style takes the first's parse: the same frags (as
    copies: ReportLab assigns to them when it splits), the same lines, the same text."""
    style = _style()
    markup = "Take <b>one</b> tablet, <font color='#aa0000'>at night</font>. " * 4
    paragraph._parsed.clear()
    first = Paragraph(markup, style)
    assert len(paragraph._parsed) == 1
    second = Paragraph(markup, style)
    fresh = ReportLabParagraph(markup, style)
    assert [f.__dict__ for f in second.frags] == [f.__dict__ for f in fresh.frags]
    assert not set(map(id, second.frags)) & set(map(id, first.frags))
    assert second.text == fresh.text and second.style is style
    assert _lines(_wrapped(second, 150)) == _lines(_wrapped(fresh, 150))


def test_a_style_with_other_values_is_parsed_anew() -> None:
    style = _style()
    bigger = ParagraphStyle("body", parent=style, fontSize=20)
    Paragraph("Take one tablet.", style)
    assert Paragraph("Take one tablet.", bigger).frags[0].fontSize == 20


def test_a_bullet_is_parsed_every_time() -> None:
    paragraph._parsed.clear()
    Paragraph("Take one tablet.", _style(), bulletText="•")
    assert not paragraph._parsed


def test_nothing_is_looked_up_or_kept_while_unremembered() -> None:
    style = _style()
    paragraph._parsed.clear()
    Paragraph("Shared text.", style)
    with paragraph.unremembered():
        private = Paragraph("A patient's name.", style)
        shared = Paragraph("Shared text.", style)
    assert list(paragraph._parsed) == [next(iter(paragraph._parsed))]
    assert "A patient's name." not in {key[0] for key in paragraph._parsed}
    assert private.frags[0].text == "A patient's name."
    assert shared.frags[0].text == "Shared text."
    Paragraph("Another.", style)
    assert len(paragraph._parsed) == 2  # remembered again afterwards


def test_content_text_is_marked_up_once_and_then_remembered(monkeypatch) -> None:
    """`content` parses `fonts.markup(text)`, and a remembered content text is not marked
    up again: the same frags and text as a paragraph of the markup made anew."""
    style = _style()
    text = "Take **one** tablet & read www.example.org/leaflet before bed. " * 3
    markup = fonts.markup(text)
    paragraph._parsed.clear()
    first = paragraph.content(text, style)
    monkeypatch.setattr(fonts, "markup", lambda _text, **_: "marked up again")
    second = paragraph.content(text, style)
    for para in (first, second):
        fresh = ReportLabParagraph(markup, style)
        assert [f.__dict__ for f in para.frags] == [f.__dict__ for f in fresh.frags]
        assert para.text == fresh.text
        assert _lines(_wrapped(para, 150)) == _lines(_wrapped(fresh, 150))
    assert not set(map(id, second.frags)) & set(map(id, first.frags))


def test_content_text_never_meets_markup_of_the_same_characters() -> None:
    """Content "<b>x</b>" is printed as written; markup "<b>x</b>" is bold x."""
    style = _style()
    paragraph._parsed.clear()
    shown = paragraph.content("<b>x</b>", style)
    bold = Paragraph("<b>x</b>", style)
    again = paragraph.content("<b>x</b>", style)
    assert _text(shown) == _text(again) == "<b>x</b>"
    assert _text(bold) == "x" and bold.frags[0].fontName == fonts.BOLD
    assert len(paragraph._parsed) == 2


def _text(para: Paragraph) -> str:
    return "".join(frag.text for frag in para.frags)


def test_content_text_is_marked_up_every_time_while_unremembered(monkeypatch) -> None:
    style = _style()
    paragraph._parsed.clear()
    paragraph.content("A patient's name.", style)
    calls = []
    monkeypatch.setattr(fonts, "markup", lambda text, **_: calls.append(text) or text)
    with paragraph.unremembered():
        private = paragraph.content("A patient's name.", style)
    assert calls == ["A patient's name."]
    assert private.frags[0].text == "A patient's name."


def test_a_style_changed_after_use_is_parsed_with_its_new_values() -> None:
    """The memo knows a style object by its values' number, found once per object: a
    change to the object after a paragraph used it gives it a new number."""
    style = _style()
    paragraph._parsed.clear()
    assert Paragraph("Take one tablet.", style).frags[0].fontSize == 12
    style.fontSize = 20
    assert Paragraph("Take one tablet.", style).frags[0].fontSize == 20
    style.textColor = style.textColor.clone(red=0.5)
    assert Paragraph("Take one tablet.", style).frags[0].textColor == style.textColor
    assert len(paragraph._parsed) == 3


def test_styles_with_equal_values_share_a_parse() -> None:
    """Also when they were derived from different parents (each build makes its own)."""
    paragraph._parsed.clear()
    one, other = (ParagraphStyle("cell", parent=_style(), spaceAfter=0) for _ in range(2))
    Paragraph("Take one tablet.", one)
    shared = Paragraph("Take one tablet.", other)
    assert len(paragraph._parsed) == 1 and shared.style is other


def test_a_style_value_that_cannot_be_a_key_is_parsed_every_time() -> None:
    style = _style()
    style.hyphenationLang = ["en"]  # a list: no key
    paragraph._parsed.clear()
    assert Paragraph("Take one tablet.", style).frags[0].text == "Take one tablet."
    assert not paragraph._parsed
