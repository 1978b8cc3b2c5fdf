"""Validated data is remembered by content: a second load skips pandera; any change validates again."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from helpers import loading


def test_the_tests_cache_lives_outside_the_repository():
    from helpers.paths import PROJECT_ROOT

    assert not loading.VALIDATED_CACHE_DIR.is_relative_to(PROJECT_ROOT)


def test_second_load_uses_the_cache_without_pandera(data_copy):
    figures, sources = loading.load_tables(data_copy)
    cached = loading.VALIDATED_CACHE_DIR / f"{loading.compute_data_key(data_copy)}.json"
    assert cached.is_file()
    script = (
        "import sys; from helpers import loading; "
        f"f, s = loading.load_tables({str(data_copy)!r}); "
        "print('pandera' in sys.modules, len(f), len(s))"
    )
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert output.split() == ["False", str(len(figures)), str(len(sources))]
    again, _ = loading.load_tables(data_copy)
    pd.testing.assert_frame_equal(again, figures)


def test_changed_data_or_damaged_cache_validates_again(data_copy):
    loading.load_tables(data_copy)
    before = loading.compute_data_key(data_copy)
    path = data_copy / "figures.csv"
    path.write_text(path.read_text().replace("2025-12,,602,", "2025-12,,603,"))
    after = loading.compute_data_key(data_copy)
    assert after != before
    assert loading.load_tables(data_copy)[0].loc[0, "value"] == 603
    cached = loading.VALIDATED_CACHE_DIR / f"{after}.json"
    cached.write_bytes(b"not json")
    assert loading.load_tables(data_copy)[0].loc[0, "value"] == 603
    assert cached.read_bytes() != b"not json"
    cached.write_text('{"figures": []}')
    assert loading.load_tables(data_copy)[0].loc[0, "value"] == 603


def test_the_cache_is_json_and_round_trips_exactly(data_copy):
    path = data_copy / "figures.csv"
    # More decimals than pandas' to_json keeps by default (10): the cache must not round them.
    path.write_text(
        path.read_text().replace(
            "2024-06,,1099.67,0.01,", "2024-06,,1099.1234567890123,0.0000000000001,"
        )
    )
    from helpers.validation import validate_figures, validate_sources

    fresh_sources = validate_sources(data_copy)
    fresh_figures = validate_figures(data_copy, fresh_sources)
    loading.load_tables(data_copy)  # writes the cache
    cached = loading.VALIDATED_CACHE_DIR / f"{loading.compute_data_key(data_copy)}.json"
    assert cached.read_bytes().startswith(b'{"key": ')
    figures, sources = loading.load_tables(data_copy)  # reads it
    pd.testing.assert_frame_equal(figures, fresh_figures, check_exact=True)
    pd.testing.assert_frame_equal(sources, fresh_sources, check_exact=True)
    assert figures["value"].tolist() == fresh_figures["value"].tolist()


def read_users(data_dir) -> float:
    """Return the users of 2025-12 as loading gives them (the first row of the fixture data)."""
    figures, _ = loading.load_tables(data_dir)
    return figures.set_index("figure_id").at["users-2025-12", "value"]


def cache_entry(data_dir):
    """Return the path of the cache entry of a data folder's current content."""
    return loading.VALIDATED_CACHE_DIR / f"{loading.compute_data_key(data_dir)}.json"


def test_an_edited_cache_entry_is_refused_and_validated_again(data_copy):
    loading.load_tables(data_copy)
    cached = cache_entry(data_copy)
    text = cached.read_text(encoding="utf-8")
    assert text.count("[602.0, ") == 1
    cached.write_text(text.replace("[602.0, ", "[999.0, "), encoding="utf-8")
    assert read_users(data_copy) == 602
    assert "[602.0, " in cached.read_text(encoding="utf-8")


@pytest.mark.parametrize("forged", ["digest", "key"])
def test_an_entry_made_for_other_content_is_refused(data_copy, forged):
    loading.load_tables(data_copy)
    cached = cache_entry(data_copy)
    entry = json.loads(cached.read_text(encoding="utf-8"))
    value = next(c for c in entry["tables"]["figures"]["columns"] if c[0] == "value")
    value[2][0] = 999.0  # name, dtype, values: the first row's value
    if forged == "key":  # a whole entry of other data, digest and all, renamed to this key
        entry["tables_sha256"] = loading.digest_tables(entry["tables"])
        entry["key"] = "0" * 64
    cached.write_text(json.dumps(entry), encoding="utf-8")
    assert read_users(data_copy) == 602


def test_a_cache_entry_others_could_write_is_not_used(data_copy, monkeypatch):
    loading.load_tables(data_copy)
    cached = cache_entry(data_copy)
    cached.chmod(0o666)
    assert read_users(data_copy) == 602
    assert cached.stat().st_mode & 0o022 == 0  # validated again, written anew: only ours to write
    # A cache folder owned by someone else is neither read nor written.
    cached.unlink()
    monkeypatch.setattr(os, "getuid", lambda: loading.VALIDATED_CACHE_DIR.stat().st_uid + 1)
    assert loading.open_cache_dir() is None
    assert read_users(data_copy) == 602
    assert not cached.exists()


def test_an_open_cache_folder_of_this_user_is_made_private(data_copy):
    loading.VALIDATED_CACHE_DIR.chmod(0o777)
    try:
        loading.load_tables(data_copy)
        assert loading.VALIDATED_CACHE_DIR.stat().st_mode & 0o777 == 0o700
    finally:
        loading.VALIDATED_CACHE_DIR.chmod(0o700)
