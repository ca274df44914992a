"""handout.identity on its own: the output intent, Info and XMP identification, the document
ID, the stream packing and the save, on small PDFs made here. Fast and exact: the test
selection for mutation testing of identity.py (docs/mutation.md). The built leaflets'
identification is checked in tests/test_pdfx.py, test_accessibility.py and test_impose.py."""

from __future__ import annotations

import base64
import io
import re
import uuid
import xml.etree.ElementTree as ET
import zlib
from hashlib import sha256

import pikepdf
import pytest
from pdfread import opened
from pikepdf import Array, Dictionary, Name, String

from handout import colour, identity

INFO = {"/Title": "Amitriptyline for migraine", "/Author": "Content team",
        "/Subject": "Information for adults", "/Keywords": "migraine, prevention",
        "/Creator": "handout", "/Producer": "ReportLab",
        "/CreationDate": "D:20000101000000+00'00'", "/ModDate": "D:20261202101500+01'00'"}
NS = {"x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "dc": "http://purl.org/dc/elements/1.1/", "pdf": "http://ns.adobe.com/pdf/1.3/",
      "xmp": "http://ns.adobe.com/xap/1.0/", "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
      "pdfuaid": "http://www.aiim.org/pdfua/ns/id/", "pdfxid": "http://www.npes.org/pdfx/ns/id/",
      "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
      "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/"}
NAME = "Zebediah Quixmoor"  # a patient's name planted where a file describes itself


def source(info: dict[str, object] | None = None, version: str | None = None) -> pikepdf.Pdf:
    """A one-page PDF with Info as ReportLab writes it (`info` replaces it)."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].Contents = pdf.make_stream(b"0 0 m 10 10 l S\n")
    pdf.trailer.Info = pdf.make_indirect(Dictionary(
        {key: String(value) if isinstance(value, str) else value
         for key, value in (INFO if info is None else info).items()}))
    if version:
        out = io.BytesIO()
        pdf.save(out, force_version=version)
        pdf = pikepdf.open(io.BytesIO(out.getvalue()))
    return pdf


def saved(pdf: pikepdf.Pdf | None = None, lang: str = "en-GB", pdfx: bool = False,
          seed: bytes = b"drawn bytes", **tagged: bool) -> bytes:
    return identity.save(source() if pdf is None else pdf, lang, pdfx, seed, **tagged)


def xmp(pdf: bytes) -> ET.Element:
    return ET.fromstring(opened(pdf).Root.Metadata.read_bytes())


def values(root: ET.Element, tag: str) -> list[str]:
    """The text of every `tag` element, or of the rdf:li items inside it."""
    found = []
    for element in root.iter(f"{{{NS[tag.split(':')[0]]}}}{tag.split(':')[1]}"):
        items = list(element.iter(f"{{{NS['rdf']}}}li"))
        found += [item.text or "" for item in items] if items else [element.text or ""]
    return found


# -- output intent ---------------------------------------------------------------------------
def test_a_screen_file_has_the_srgb_intent() -> None:
    [intent] = opened(saved()).Root.OutputIntents
    assert (intent.Type, intent.S) == (Name.OutputIntent, Name.GTS_PDFA1)
    assert intent.DestOutputProfile.read_bytes() == identity.srgb_profile()
    assert intent.DestOutputProfile.N == 3
    assert str(intent.OutputConditionIdentifier) == str(intent.Info) == "sRGB IEC61966-2.1"
    assert "/RegistryName" not in intent


def test_a_press_file_has_the_fogra39_intent() -> None:
    [intent] = opened(saved(pdfx=True)).Root.OutputIntents
    assert (intent.Type, intent.S) == (Name.OutputIntent, Name.GTS_PDFX)
    assert intent.DestOutputProfile.read_bytes() == colour.press_profile()
    assert intent.DestOutputProfile.N == 4
    assert str(intent.OutputConditionIdentifier) == colour.PRESS_CONDITION == "FOGRA39"
    assert str(intent.RegistryName) == "http://www.color.org"
    assert str(intent.Info) == colour.PRESS_CONDITION_INFO


@pytest.mark.parametrize("pdfx", [False, True])
def test_a_profile_deflated_once_per_process_is_what_the_stream_packing_makes(
        pdfx: bool) -> None:
    """The profiles are deflated once per process, as `_no_trailing_cr` deflates a stream:
    zlib's default level (neither ends in CR), in every file the same bytes. (Saved with no
    stream to pack, as structure.finish saves: packing every stream would deflate them anew.)"""
    profile = colour.press_profile() if pdfx else identity.srgb_profile()
    for _ in range(2):
        pdf = identity.save(source(), "en-GB", pdfx, b"drawn bytes", streams=())
        [intent] = opened(pdf).Root.OutputIntents
        stream = intent.DestOutputProfile
        assert stream.Filter == Name.FlateDecode
        assert stream.read_raw_bytes() == zlib.compress(profile)


def test_the_srgb_profile_is_littlecms_srgb_dated_2000() -> None:
    profile = identity.srgb_profile()
    assert profile[36:40] == b"acsp" and profile[16:20] == b"RGB " and profile[8] == 4
    assert int.from_bytes(profile[:4], "big") == len(profile)
    date = [int.from_bytes(profile[i:i + 2], "big") for i in range(24, 36, 2)]
    assert date == [2000, 1, 1, 0, 0, 0]


# -- version, ID, determinism ----------------------------------------------------------------
def test_a_screen_file_is_at_least_pdf_1_7_and_a_press_file_pdf_1_6() -> None:
    assert saved(source(version="1.4"))[:9] == b"%PDF-1.7\n"
    assert saved(source(version="1.7"), pdfx=True)[:9] == b"%PDF-1.6\n"


def test_same_input_same_bytes_with_a_file_id() -> None:
    for pdfx in (False, True):
        first, again = saved(pdfx=pdfx), saved(pdfx=pdfx)
        assert first == again
        assert len(opened(first).trailer.ID) == 2
    assert saved(seed=b"other") == saved()  # the seed names only a press file


def test_saved_in_memory_file_or_bytesio_the_bytes_are_the_same(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """identity.saved writes into a memfd where the system has one, else a BytesIO."""
    with_memfd = saved()
    monkeypatch.delattr(identity.os, "memfd_create", raising=False)
    assert saved() == with_memfd


@pytest.mark.parametrize("title", ["Plain", "Dose < 10 mg & > 5 mg", "He said \"stop\", it's",
                                   "Caf\u00e9 \u2013 \u4e2d\u6587 \U0001f600", "tab\there\nline",
                                   "carriage\rreturn", "bell\x07"])
@pytest.mark.parametrize("pdfx", [False, True])
def test_the_xmp_is_what_pikepdf_writes_back(title: str, pdfx: bool,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """identity writes the XMP as pikepdf's metadata fix would rewrite it, and skips that fix
    when every value is plain XML text: the bytes must be those of the rewrite."""
    info = {**INFO, "/Title": title}
    skipped = saved(source(info), pdfx=pdfx)
    monkeypatch.setattr(identity, "_NOT_PLAIN", re.compile("(?s)."))  # nothing is plain
    assert saved(source(info), pdfx=pdfx) == skipped


def test_the_file_id_is_drawn_from_the_content() -> None:
    """Two files alike but for a page get two IDs (qpdf's other kind of ID is drawn from the
    clock and Info, alike for both within a second)."""
    other = source()
    other.pages[0].Contents = other.make_stream(b"0 0 m 20 20 l S\n")
    assert opened(saved(other)).trailer.ID != opened(saved()).trailer.ID


def document_id(pdf: bytes) -> str:
    [found] = values(xmp(pdf), "xmpMM:DocumentID")
    return found


def test_the_press_document_id_is_a_uuid_drawn_from_the_seed() -> None:
    want = "uuid:" + str(uuid.UUID(bytes=sha256(b"drawn bytes").digest()[:16]))
    assert document_id(saved(pdfx=True)) == want
    assert document_id(saved(pdfx=True, seed=b"other bytes")) != want


# -- Info ------------------------------------------------------------------------------------
def test_info_keeps_only_the_keys_xmp_mirrors() -> None:
    """Anything else in Info is dropped: it would say what XMP does not (and PDF/A wants both
    equal), and it is where a careless caller might leave a patient's details."""
    info = {**INFO, "/Patient": NAME, "/Trapped": Name.True_}
    doc = opened(saved(source(info)))
    assert doc.trailer.Info.is_indirect
    assert {key: str(value) for key, value in doc.trailer.Info.items()} == INFO


def test_missing_info_keys_are_written_empty() -> None:
    info = {"/CreationDate": INFO["/CreationDate"], "/ModDate": INFO["/ModDate"]}
    doc = opened(saved(source(info)))
    written = {key: str(value) for key, value in doc.trailer.Info.items()}
    assert written == {**dict.fromkeys(INFO, ""), **info}
    root = xmp(saved(source(info)))
    assert values(root, "dc:title") == values(root, "dc:creator") == [""]


def test_a_press_file_says_it_is_not_trapped_in_info_and_xmp() -> None:
    press = opened(saved(pdfx=True))
    assert press.trailer.Info.Trapped == Name("/False")
    assert values(xmp(saved(pdfx=True)), "pdf:Trapped") == ["False"]
    assert "/Trapped" not in opened(saved()).trailer.Info
    assert values(xmp(saved()), "pdf:Trapped") == []


# -- XMP -------------------------------------------------------------------------------------
def test_xmp_mirrors_info_with_xmp_dates() -> None:
    root = xmp(saved(lang="en-US"))
    assert values(root, "dc:title") == [INFO["/Title"]]
    assert values(root, "dc:creator") == [INFO["/Author"]]
    assert values(root, "dc:description") == [INFO["/Subject"]]
    assert values(root, "pdf:Keywords") == [INFO["/Keywords"]]
    assert values(root, "pdf:Producer") == [INFO["/Producer"]]
    assert values(root, "xmp:CreatorTool") == [INFO["/Creator"]]
    assert values(root, "dc:language") == ["en-US"]
    assert values(root, "dc:format") == ["application/pdf"]
    assert values(root, "xmp:CreateDate") == ["2000-01-01T00:00:00+00:00"]
    assert values(root, "xmp:ModifyDate") == ["2026-12-02T10:15:00+01:00"]


def test_xmp_escapes_what_xml_would_misread() -> None:
    info = {**INFO, "/Title": "Salt & pepper <b>", "/Author": "A < B & C > D",
            "/Subject": "x & y", "/Keywords": "<k>", "/Creator": "c&c", "/Producer": "p<p"}
    root = xmp(saved(source(info), lang="en&GB", pdfx=True))
    for tag, key in (("dc:title", "/Title"), ("dc:creator", "/Author"),
                     ("dc:description", "/Subject"), ("pdf:Keywords", "/Keywords"),
                     ("xmp:CreatorTool", "/Creator"), ("pdf:Producer", "/Producer")):
        assert values(root, tag) == [info[key]], tag
    assert values(root, "dc:language") == ["en&GB"]


@pytest.mark.parametrize(("tagged", "pdfx", "claims"), [
    (True, False, {"pdfaid:part": ["2"], "pdfaid:conformance": ["A"], "pdfuaid:part": ["1"]}),
    (True, True, {"pdfuaid:part": ["1"], "pdfxid:GTS_PDFXVersion": ["PDF/X-4"]}),
    (False, False, {}),
    (False, True, {"pdfxid:GTS_PDFXVersion": ["PDF/X-4"]}),
])
def test_each_file_claims_what_it_is(tagged: bool, pdfx: bool, claims: dict) -> None:
    """PDF/A-2a and PDF/UA-1 only for a tagged file, PDF/A not with a press intent, and
    PDF/X-4 only for a press file."""
    root = xmp(saved(pdfx=pdfx, tagged=tagged))
    for tag in ("pdfaid:part", "pdfaid:conformance", "pdfuaid:part",
                "pdfxid:GTS_PDFXVersion"):
        assert values(root, tag) == claims.get(tag, []), tag
    # PDF/A needs the schema of a property it does not know: pdfuaid, with its claim
    schemas = values(root, "pdfaExtension:schemas")
    assert bool(schemas) is tagged
    assert not tagged or "http://www.aiim.org/pdfua/ns/id/" in ET.tostring(root).decode()


@pytest.mark.parametrize(("tagged", "pdfx"), [(True, False), (False, False), (False, True)])
def test_xmp_holds_properties_and_nothing_else(tagged: bool, pdfx: bool) -> None:
    """No stray text between the properties, whichever claims are left out."""
    [description] = xmp(saved(pdfx=pdfx, tagged=tagged)).iter(f"{{{NS['rdf']}}}Description")
    stray = [description.text, *(child.tail for child in description)]
    assert all(not (text or "").strip() for text in stray), stray


def test_a_reader_file_is_tagged_unless_told_otherwise() -> None:
    assert values(xmp(saved()), "pdfuaid:part") == ["1"]


def test_a_press_file_has_the_pdf_x_identity() -> None:
    root = xmp(saved(pdfx=True))
    assert values(root, "xmp:MetadataDate") == ["2026-12-02T10:15:00+01:00"]  # = ModDate
    assert values(root, "xmpMM:VersionID") == ["1"]
    assert values(root, "xmpMM:RenditionClass") == ["default"]
    assert values(xmp(saved()), "xmpMM:DocumentID") == []


def test_the_xmp_stream_is_plain_xml_metadata() -> None:
    meta = opened(saved()).Root.Metadata
    assert (meta.Type, meta.Subtype) == (Name.Metadata, Name.XML)
    assert "/Filter" not in meta  # left uncompressed, for tools that look for it as text
    assert meta.read_bytes().startswith('<?xpacket begin="\ufeff"'.encode())


@pytest.mark.parametrize(("pdf_date", "xmp_date"), [
    ("D:20000101000000+00'00'", "2000-01-01T00:00:00+00:00"),
    ("D:20261202101530-05'30'", "2026-12-02T10:15:30-05:30"),
    ("D:20261202101530+0100", "2026-12-02T10:15:30+01:00"),
    ("D:20261202101530Z", "2026-12-02T10:15:30Z"),
    ("D:20261202101530", "2026-12-02T10:15:30Z"),
])
def test_pdf_dates_become_xmp_dates(pdf_date: str, xmp_date: str) -> None:
    assert identity._xmp_date(pdf_date) == xmp_date


@pytest.mark.parametrize("pdf_date", ["", "20000101000000", "D:2000-01-01", "D:200001010000"])
def test_a_date_that_is_no_pdf_date_is_refused(pdf_date: str) -> None:
    with pytest.raises(ValueError) as refused:
        identity._xmp_date(pdf_date)
    assert str(refused.value) == f"unexpected PDF date {pdf_date!r}"


def test_no_patient_detail_left_in_info_or_old_xmp_reaches_the_file() -> None:
    pdf = source({**INFO, "/Patient": NAME, "/Custom": String(f"plan for {NAME}")})
    pdf.Root.Metadata = pdf.make_stream(f"<x:xmpmeta>{NAME}</x:xmpmeta>".encode(),
                                        Type=Name.Metadata, Subtype=Name.XML)
    out = saved(pdf)
    doc = pikepdf.open(io.BytesIO(out))
    texts = [obj.read_bytes() if isinstance(obj, pikepdf.Stream) else repr(obj).encode()
             for obj in doc.objects]
    assert not any(NAME.encode() in text for text in [out, *texts])


# -- stream packing --------------------------------------------------------------------------
CR_CONTENT = b"0 0 m 10 10 l S\n%ad\n"  # deflated, it ends in CR (0x0D)
PLAIN_CONTENT = b"0 0 m 10 10 l S\n"


def packed(streams: dict[str, pikepdf.Stream], pdf: pikepdf.Pdf) -> pikepdf.Pdf:
    for key, stream in streams.items():
        pdf.Root[key] = stream
    identity._no_trailing_cr(pdf)
    return pdf


def test_the_probes_are_what_they_say() -> None:
    assert zlib.compress(CR_CONTENT).endswith(b"\r")
    assert not zlib.compress(PLAIN_CONTENT).endswith(b"\r")


def test_every_general_stream_is_deflated_by_us() -> None:
    pdf = pikepdf.new()
    a85 = base64.a85encode(PLAIN_CONTENT, adobe=True)[2:]  # PDF's ASCII85 has no "<~"
    deflated = zlib.compress(PLAIN_CONTENT, 1)
    streams = {
        "/Raw": pdf.make_stream(PLAIN_CONTENT),
        "/A85": pikepdf.Stream(pdf, a85, Filter=Name.ASCII85Decode),
        "/Chain": pikepdf.Stream(pdf, base64.a85encode(deflated, adobe=True)[2:],
                                 Filter=Array([Name.ASCII85Decode, Name.FlateDecode])),
        "/Flate": pikepdf.Stream(pdf, deflated, Filter=Name.FlateDecode),
        "/FlateArray": pikepdf.Stream(pdf, deflated, Filter=Array([Name.FlateDecode])),
    }
    packed(streams, pdf)
    for key in streams:
        stream = pdf.Root[key]
        assert stream.Filter == Name.FlateDecode, key
        assert stream.read_bytes() == PLAIN_CONTENT, key
        assert stream.read_raw_bytes() == zlib.compress(PLAIN_CONTENT), key
        assert "/Length1" not in stream


def test_a_stream_that_would_end_in_cr_gets_a_line_feed() -> None:
    pdf = pikepdf.new()
    packed({"/Content": pdf.make_stream(CR_CONTENT)}, pdf)
    stream = pdf.Root.Content
    assert stream.read_bytes() == CR_CONTENT + b"\n"
    assert not stream.read_raw_bytes().endswith(b"\r")
    assert "/Length1" not in stream


def test_a_font_that_would_end_in_cr_is_padded_and_its_length_told() -> None:
    """A TrueType font program (/Length1: its length) gets the pad after its last table,
    and /Length1 says the new length. (A zero pad never ended: the build hung.)"""
    pdf = pikepdf.new()
    font = pikepdf.Stream(pdf, CR_CONTENT, Length1=len(CR_CONTENT))
    plain = pikepdf.Stream(pdf, PLAIN_CONTENT, Length1=999)  # a wrong length is corrected
    packed({"/Font": font, "/Plain": plain}, pdf)
    assert not pdf.Root.Font.read_raw_bytes().endswith(b"\r")
    assert pdf.Root.Font.read_bytes() == CR_CONTENT + b"\n"
    assert pdf.Root.Font.Length1 == len(CR_CONTENT) + 1
    assert pdf.Root.Plain.read_bytes() == PLAIN_CONTENT
    assert pdf.Root.Plain.Length1 == len(PLAIN_CONTENT)


def test_streams_we_cannot_repack_are_left_alone() -> None:
    """Predictor-encoded, image-coded and XMP streams keep their bytes and filters."""
    pdf = pikepdf.new()
    png = zlib.compress(b"\0" + PLAIN_CONTENT)
    streams = {
        "/Predicted": pikepdf.Stream(pdf, png, Filter=Name.FlateDecode,
                                     DecodeParms=Dictionary(Predictor=12,
                                                            Columns=len(PLAIN_CONTENT))),
        "/Photo": pikepdf.Stream(pdf, b"\xff\xd8 not really a jpeg",
                                 Filter=Name.DCTDecode),
        "/Mixed": pikepdf.Stream(pdf, b"\x80 run", Filter=Array([Name.FlateDecode,
                                                                 Name.RunLengthDecode])),
        "/Xmp": pikepdf.Stream(pdf, CR_CONTENT, Type=Name.Metadata, Subtype=Name.XML),
    }
    before = {key: (bytes(stream.read_raw_bytes()), repr(stream.get("/Filter")))
              for key, stream in streams.items()}
    packed({**streams, "/After": pdf.make_stream(PLAIN_CONTENT)}, pdf)
    for key, (raw, filters) in before.items():
        stream = pdf.Root[key]
        assert (stream.read_raw_bytes(), repr(stream.get("/Filter"))) == (raw, filters), key
    assert pdf.Root.After.Filter == Name.FlateDecode  # and the streams after them are packed
