from sdi import paths


def test_a_year_is_a_folder_with_raw_data_not_any_numbered_folder(tmp_path):
    raw = tmp_path / "data" / "raw"
    for folder in ("2023", "2024", "2025", "notes"):
        (raw / folder).mkdir(parents=True)
    (raw / "2023" / "social.csv").write_text("region,B1\n", encoding="utf-8")
    (raw / "2025" / "social.csv").write_text("region,B1\n", encoding="utf-8")
    (raw / "2024" / "README.md").write_text("to fill in\n", encoding="utf-8")  # started, no data yet
    assert paths.available_years(tmp_path) == ["2023", "2025"]
