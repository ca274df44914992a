"""ReportLab writes its streams uncompressed (render: pageCompression=0) because
structure.finish deflates them once, as it saves: none may reach the file uncompressed."""

from __future__ import annotations

import io

import pikepdf
from conftest import pdf_bytes


def test_every_stream_but_the_xmp_is_deflated(case: tuple[str, str]) -> None:
    pdf = pikepdf.open(io.BytesIO(pdf_bytes(*case)))
    streams = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)]
    raw = [f"{obj.objgen} {obj.get('/Type')}" for obj in streams
           if obj.get("/Type") != pikepdf.Name.Metadata
           and obj.get("/Filter") != pikepdf.Name.FlateDecode]
    assert len(streams) > 5
    assert not raw, f"streams written without compression: {raw}"
