"""Rebuild handout/data/FOGRA39-argyll.icc, the press profile of `--cmyk` (PDF/X-4) builds.

Run on a Debian machine (not needed to build leaflets; the profile is shipped):

    apt-get install argyll icc-profiles-free
    python tools/make_press_profile.py

It characterises the FOGRA39 print condition (ISO 12647-2:2004, offset on coated paper)
from the measurement data FOGRA39L.ti3 of Debian's icc-profiles-free (Zlib licence), with
ArgyllCMS's colprof: total ink 330 %, black at most 98 %, light black generation (black
starts at 15 % of the tone, so pale tints stay free of black dots). The creation date is
pinned so the same data gives the same bytes.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

MEASUREMENTS = Path("/usr/share/color/icc/FOGRA39L.ti3")
TARGET = Path(__file__).resolve().parent.parent / "handout" / "data" / "FOGRA39-argyll.icc"
DESCRIPTION = "Coated FOGRA39 (ArgyllCMS colprof from FOGRA39L.ti3)"
COPYRIGHT = "FOGRA39L.ti3 characterisation data, Zlib licence (icc-profiles-free)"
PINNED_DATE = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)  # ICC header bytes 24-35


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(MEASUREMENTS, Path(work) / "FOGRA39L.ti3")
        subprocess.run(["colprof", "-ql", "-kp", "0", "0.15", "0.9", "1", "1", "-l330", "-L98",
                        "-D", DESCRIPTION, "-C", COPYRIGHT, "-O", "out.icc", "FOGRA39L"],
                       cwd=work, check=True, capture_output=True)
        profile = bytearray((Path(work) / "out.icc").read_bytes())
    profile[24:36] = PINNED_DATE
    TARGET.write_bytes(bytes(profile))
    print(f"wrote {TARGET} ({len(profile)} bytes)")


if __name__ == "__main__":
    main()
