"""The raw data are the transcription of the dissertation's Tables 7-9: they must not drift."""

import hashlib

from conftest import RAW


def test_raw_files_match_their_checksums():
    listed = {}
    for line in (RAW / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name] = digest
    assert {"regions.csv", "indicators.csv", "2023/social.csv", "2023/economic.csv", "2023/ecological.csv"} <= set(listed)
    for name, digest in listed.items():
        assert hashlib.sha256((RAW / name).read_bytes()).hexdigest() == digest, f"data/raw/{name} changed"
