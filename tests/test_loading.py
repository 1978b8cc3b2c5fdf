"""Validated data is remembered by content: a second load skips pandera; any change validates again."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd

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
    fresh_figures = validate_figures(data_copy, set(fresh_sources.index))
    loading.load_tables(data_copy)  # writes the cache
    cached = loading.VALIDATED_CACHE_DIR / f"{loading.compute_data_key(data_copy)}.json"
    assert cached.read_bytes().startswith(b'{"figures": {"index": null, "columns": [["figure_id", ')
    figures, sources = loading.load_tables(data_copy)  # reads it
    pd.testing.assert_frame_equal(figures, fresh_figures, check_exact=True)
    pd.testing.assert_frame_equal(sources, fresh_sources, check_exact=True)
    assert figures["value"].tolist() == fresh_figures["value"].tolist()
