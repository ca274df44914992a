"""What every handout PDF says about itself, and how it is saved: the output intent, Info
and XMP identification (PDF/A-2a and PDF/UA-1 claims for tagged files, PDF/X-4 for press
files), stream packing and a deterministic save at the right PDF version.

Shared by the tagged reader PDFs (`structure.finish`) and the untagged imposed sheets
(`impose`), so a print shop gets the same output intent and identification from both.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import uuid
import zlib
from collections.abc import Callable, Iterable
from html import escape  # not xml.sax.saxutils: it imports urllib, http and ssl
from importlib import resources

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from handout import colour


def save(pdf: pikepdf.Pdf, lang: str, pdfx: bool, seed: bytes, tagged: bool = True,
         streams: Iterable[int] | None = None) -> bytes:
    """`pdf` with its output intent and identification, saved: PDF 1.7 with the sRGB
    intent, or PDF/X-4 (PDF 1.6, the press intent) for `pdfx`. Only a `tagged` file claims
    PDF/UA-1 in its XMP, and PDF/A-2a unless it is PDF/X. `seed` (the drawn bytes) makes the PDF/X
    document ID, so the same input gives the same file. `streams`: the numbers of the objects
    that may be streams to deflate, when the caller knows them (every object by default)."""
    pdf.Root.OutputIntents = Array([_press_intent(pdf) if pdfx else _screen_intent(pdf)])
    # Only PDF/X names a document ID: hashing the drawn bytes is a millisecond otherwise spent
    document_id = ("uuid:" + str(uuid.UUID(bytes=hashlib.sha256(seed).digest()[:16]))
                   if pdfx else "")
    plain = _metadata(pdf, lang, pdfx, document_id, tagged)
    _no_trailing_cr(pdf, streams)
    # PDF/X-4 is PDF 1.6 (what we use of 1.7 is tagging, which 1.6 has too).
    # No object streams, also where the input has them (structure.finish writes its objects
    # in one): `preserve`, pikepdf's default, would keep them. pikepdf's XMP version fix
    # (it has no pdf:PDFVersion to fix) would reparse and rewrite the XMP: what it writes is
    # already there when every value is `plain`.
    return saved(pdf, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable,
                 fix_metadata_version=not plain,
                 **({"force_version": "1.6"} if pdfx else {"min_version": "1.7"}))


def saved(pdf: pikepdf.Pdf, **options: object) -> bytes:
    """The bytes `pdf.save(**options)` writes. Where the system has them (Linux), into an
    anonymous file in memory (`memfd_create`: RAM, with no name on any disk, gone when
    closed, so nothing of a patient's is ever stored): pikepdf writes to a file descriptor
    through C's buffered output, but to a BytesIO with one Python call per token, 3 ms more
    for a leaflet. The bytes are the same either way."""
    try:
        file = os.fdopen(os.memfd_create("handout", os.MFD_CLOEXEC), "w+b")
    except (AttributeError, OSError):  # no memfd here, or none allowed
        out = io.BytesIO()
        pdf.save(out, **options)
        return out.getvalue()
    with file:
        pdf.save(file, **options)
        file.seek(0)
        return file.read()


# Written as pikepdf writes it back (lxml, pretty-printed; namespaces before attributes), so
# that, when every value is plain XML text (`_PLAIN`), saving need not parse and rewrite it.
_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description """ + " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in (
    ("dc", "http://purl.org/dc/elements/1.1/"), ("pdf", "http://ns.adobe.com/pdf/1.3/"),
    ("xmp", "http://ns.adobe.com/xap/1.0/"), ("pdfaid", "http://www.aiim.org/pdfa/ns/id/"),
    ("pdfuaid", "http://www.aiim.org/pdfua/ns/id/"), ("pdfxid", "http://www.npes.org/pdfx/ns/id/"),
    ("xmpMM", "http://ns.adobe.com/xap/1.0/mm/"),
    ("pdfaExtension", "http://www.aiim.org/pdfa/ns/extension/"),
    ("pdfaSchema", "http://www.aiim.org/pdfa/ns/schema#"),
    ("pdfaProperty", "http://www.aiim.org/pdfa/ns/property#"))) + """ rdf:about="">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{Title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{Author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{Subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>{Producer}</pdf:Producer><pdf:Keywords>{Keywords}</pdf:Keywords>
<xmp:CreatorTool>{Creator}</xmp:CreatorTool>
<xmp:CreateDate>{CreationDate}</xmp:CreateDate><xmp:ModifyDate>{ModDate}</xmp:ModifyDate>
{pdfa}{pdfx}{pdfua}</rdf:Description></rdf:RDF>
</x:xmpmeta>

<?xpacket end="w"?>
"""
# What XML reading would change (a CR) or pikepdf would drop (characters XML forbids)
_NOT_PLAIN = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PDFUA = """<pdfuaid:part>1</pdfuaid:part>
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 to which the file conforms</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas>
"""
_PDFA = "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>A</pdfaid:conformance>\n"
# PDF/X-4 (ISO 15930-7) identifies itself in XMP only, and asks for the xmpMM document
# identity, a metadata date and the trapping state (also in Info).
_PDFX = """<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion><pdf:Trapped>False</pdf:Trapped>
<xmp:MetadataDate>{ModDate}</xmp:MetadataDate><xmpMM:DocumentID>{document_id}</xmpMM:DocumentID>
<xmpMM:VersionID>1</xmpMM:VersionID><xmpMM:RenditionClass>default</xmpMM:RenditionClass>
"""
_INFO = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate",
         "ModDate")  # the Info keys mirrored in XMP; PDF/A wants them equal, so only these
_PDF_DATE = re.compile(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:([+-])(\d\d)'?(\d\d)'?|Z)?")


@functools.cache
def srgb_profile() -> bytes:
    """LittleCMS's built-in sRGB (ICC v4, made once with Pillow's ImageCms, its creation
    date pinned to 2000-01-01 so every build is identical): shipped as bytes, no Pillow."""
    return resources.files("handout").joinpath("data/sRGB.icc").read_bytes()


@functools.cache
def _deflated_profile(profile: Callable[[], bytes]) -> bytes:
    """A constant ICC profile deflated as `_no_trailing_cr` deflates a stream, once per
    process (the FOGRA39 profile is 155 KB)."""
    return _packed(profile())[0]


def _profile_stream(pdf: pikepdf.Pdf, profile: Callable[[], bytes], channels: int
                    ) -> pikepdf.Stream:
    return pdf.make_stream(_deflated_profile(profile), Filter=Name.FlateDecode, N=channels)


def _screen_intent(pdf: pikepdf.Pdf) -> Dictionary:
    return Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFA1,
                      DestOutputProfile=_profile_stream(pdf, srgb_profile, 3),
                      OutputConditionIdentifier=String("sRGB IEC61966-2.1"),
                      Info=String("sRGB IEC61966-2.1"))


def _press_intent(pdf: pikepdf.Pdf) -> Dictionary:
    return Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFX,
                      DestOutputProfile=_profile_stream(pdf, colour.press_profile, 4),
                      OutputConditionIdentifier=String(colour.PRESS_CONDITION),
                      RegistryName=String("http://www.color.org"),
                      Info=String(colour.PRESS_CONDITION_INFO))


def _xmp_date(pdf_date: str) -> str:
    """D:20000101000000+00'00' -> 2000-01-01T00:00:00+00:00."""
    m = _PDF_DATE.match(pdf_date)
    if not m:
        raise ValueError(f"unexpected PDF date {pdf_date!r}")
    y, mo, d, h, mi, s, sign, th, tm = m.groups()
    zone = f"{sign}{th}:{tm}" if sign else "Z"
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{zone}"


def _metadata(pdf: pikepdf.Pdf, lang: str, pdfx: bool, document_id: str,
              tagged: bool) -> bool:
    """XMP mirrors ReportLab's Info dictionary (PDF/A wants both equal). Trapped is in both
    for PDF/X, in neither otherwise. PDF/UA and PDF/A are claimed only for a tagged file.
    True when every value is plain XML text: the XMP is then as pikepdf would write it."""
    old = pdf.trailer.Info
    info = {key: str(old.get("/" + key, "")) for key in _INFO}
    entries: dict[str, object] = {"/" + key: String(value) for key, value in info.items()}
    if pdfx:
        entries["/Trapped"] = Name("/False")
    pdf.trailer.Info = pdf.make_indirect(Dictionary(entries))
    values = {key: escape(value, quote=False) for key, value in info.items()}
    values["CreationDate"] = _xmp_date(info["CreationDate"])
    values["ModDate"] = _xmp_date(info["ModDate"])
    xmp = _XMP.format(lang=escape(lang, quote=False), pdfa=_PDFA if tagged and not pdfx else "",
                      pdfua=_PDFUA if tagged else "",
                      pdfx=_PDFX.format(document_id=document_id, **values) if pdfx else "",
                      **values)
    pdf.Root.Metadata = pdf.make_stream(xmp.encode("utf-8"), Type=Name.Metadata,
                                        Subtype=Name.XML)
    return not _NOT_PLAIN.search(lang + "".join(info.values()))


_GENERAL = {Name.FlateDecode, Name.ASCII85Decode}  # filters qpdf decodes and re-deflates
# Not deflated: the XMP (PDF/A wants it readable), and the object and cross-reference streams
# of the file read (`structure.finish` writes its objects in one), which qpdf does not copy
_AS_IS = {Name.Metadata, Name.ObjStm, Name.XRef}


def _no_trailing_cr(pdf: pikepdf.Pdf, numbers: Iterable[int] | None = None) -> None:
    """Validators read CR + LF before `endstream` as one end-of-line marker, so stream data
    that happens to end in CR looks one byte short of its /Length. We deflate every stream
    ourselves (pikepdf would re-deflate ReportLab's ASCII85 ones on save) and, as Flate data
    ends in the Adler-32 checksum of what it holds, add a byte that means nothing when it
    ends in CR: a line feed, white space to content and, after a TrueType font's last table,
    read by no font reader. Not a zero: the checksum's last byte is the low byte of 1 + the
    sum of the bytes (mod 65521), which a zero leaves as it is: the loop would never end.
    Only the objects `numbers` when given: `structure.finish` names ReportLab's, not the
    hundreds of structure elements it adds, each of which pdf.objects wraps in Python."""
    objects = pdf.objects if numbers is None else (pdf.get_object(n, 0) for n in numbers)
    for obj in objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Type") in _AS_IS:
            continue
        filters = obj.get("/Filter", Array())
        filters = filters if isinstance(filters, Array) else Array([filters])
        if "/DecodeParms" in obj or not set(filters) <= _GENERAL:
            continue
        packed, data = _packed(obj.read_bytes())
        if "/Length1" in obj:
            obj.Length1 = len(data)
        obj.write(packed, filter=Name.FlateDecode)


def _packed(data: bytes) -> tuple[bytes, bytes]:
    """`data` deflated (zlib's default level), not ending in CR, and the data it holds:
    `data` with as many line feeds added as that took (`_no_trailing_cr`)."""
    packed = zlib.compress(data)
    while packed.endswith(b"\r"):
        data += b"\n"
        packed = zlib.compress(data)
    return packed, data


