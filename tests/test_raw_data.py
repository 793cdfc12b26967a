"""The inputs and the published numbers must not drift: every file of data/raw/ (the transcription of the
dissertation's Tables 7-9, the metadata, the printed risk bands), of data/reference/<year>/ (what it publishes,
and the project's reading of it) and of data/external/opensdg/ (the SDG platform's files, copied as published) is
under a checksum, and matches it."""

import hashlib

import pytest
from conftest import RAW, ROOT

REFERENCE = ROOT / "data" / "reference"
OPENSDG = ROOT / "data" / "external" / "opensdg"
FOLDERS = {
    "data/raw": (RAW, RAW),
    **{f"data/reference/{p.name}": (REFERENCE, p) for p in sorted(REFERENCE.iterdir()) if p.is_dir()},
    "data/external/opensdg": (OPENSDG, OPENSDG),
}


def listed_checksums(folder):
    listed = {}
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name] = digest
    return listed


@pytest.mark.parametrize("where", FOLDERS)
def test_every_file_is_under_a_checksum(where):
    base, folder = FOLDERS[where]
    files = {p.relative_to(base).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != "SHA256SUMS"}
    missing = sorted(files - set(listed_checksums(base)))
    assert not missing, (
        f"not under a checksum in {base.relative_to(ROOT)}/SHA256SUMS: {', '.join(missing)}; once the "
        f"file is final, add its line: (cd {base.relative_to(ROOT)} && sha256sum {' '.join(missing)} >> SHA256SUMS)"
    )


@pytest.mark.parametrize("base", [RAW, REFERENCE, OPENSDG], ids=["data/raw", "data/reference", "data/external/opensdg"])
def test_every_file_matches_its_checksum(base):
    changed = [
        name
        for name, digest in listed_checksums(base).items()
        if not (base / name).is_file() or hashlib.sha256((base / name).read_bytes()).hexdigest() != digest
    ]
    assert not changed, f"changed or gone since their checksums were taken: {', '.join(changed)}"


def test_the_2023_transcriptions_are_all_there():
    """Tables 7-14, their levels and the text's claims after Table 13 (10 files); Tables 15-20 and the text's
    statements on the risks (7); the project's reading of the mismatches and its notes (3), the argument for the
    unexplained cell in Kazakh too (1)."""
    listed = listed_checksums(REFERENCE)
    assert len([name for name in listed if name.startswith("2023/")]) == 21
    assert {"2023/unexplained_risk.md", "2023/unexplained_risk_kk.md"} <= set(listed)
    assert {
        "regions.csv",
        "indicators.csv",
        "2023/social.csv",
        "2023/economic.csv",
        "2023/ecological.csv",
        "2023/PROVENANCE.md",
    } <= set(listed_checksums(RAW))


def test_the_platform_files_are_the_published_ones():
    """The copy of the SDG platform's files keeps the source's bytes: a file with CRLF line ends and a BOM stays so
    (git must not convert them: .gitattributes), and its provenance names the repository, commit and licence."""
    assert (OPENSDG / "data" / "indicator_5-5-2.csv").read_bytes().startswith(b"\xef\xbb\xbfYear,")
    assert b"\r\n" in (OPENSDG / "data" / "indicator_5-5-2.csv").read_bytes()
    readme = (OPENSDG / "README.md").read_text(encoding="utf-8")
    for fact in ("kazstat/sdg-data-kazstat", "72277878d12502232b21c3d4b8ac459630b4f578", "24 October 2024", "MIT"):
        assert fact in readme
    assert {"LICENSE", "README.md", "translations/en/REF_AREA.yml"} <= set(listed_checksums(OPENSDG))
