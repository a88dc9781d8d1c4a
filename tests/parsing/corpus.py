"""Where the parser corpus lives."""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "resolutions"
SAMPLE = CORPUS / "ep-2023-2589-cambodia-kem-sokha-motion.txt"
