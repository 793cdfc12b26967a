"""The raw data are the transcription of the dissertation's Tables 7-9, and data/reference/ of what it
publishes (Tables 7-14 and the text): they must not drift."""

import hashlib

from conftest import RAW, ROOT

REFERENCE = ROOT / "data" / "reference"


def listed_checksums(folder):
    listed = {}
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name] = digest
    return listed


def test_raw_files_match_their_checksums():
    listed = listed_checksums(RAW)
    assert {"regions.csv", "indicators.csv", "2023/social.csv", "2023/economic.csv", "2023/ecological.csv"} <= set(listed)
    for name, digest in listed.items():
        assert hashlib.sha256((RAW / name).read_bytes()).hexdigest() == digest, f"data/raw/{name} changed"


def test_every_2023_transcription_of_published_numbers_is_under_a_checksum():
    """expected_differences.csv is left out: it is the project's reading of the mismatches, not a transcription.
    Tables 7-14, their levels and the text's claims after Table 13 (10 files); Tables 15-20 and the text's
    statements on the risks (7)."""
    transcribed = {f"2023/{p.name}" for p in (REFERENCE / "2023").glob("*.csv") if p.name != "expected_differences.csv"}
    assert len(transcribed) == 17 and transcribed <= set(listed_checksums(REFERENCE))


def test_reference_files_match_their_checksums():
    for name, digest in listed_checksums(REFERENCE).items():
        assert hashlib.sha256((REFERENCE / name).read_bytes()).hexdigest() == digest, f"data/reference/{name} changed"

