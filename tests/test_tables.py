"""What readers download is safe to open: no spreadsheet formulas, no machine paths."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest
import yaml
from rendering import render

from helpers.paths import PROJECT_ROOT
from helpers.tables import save_table


def test_text_a_spreadsheet_would_run_gets_an_apostrophe(tmp_path):
    table = pd.DataFrame(
        {
            "=HYPERLINK(1)": ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "-5", "plain"],
            "value": [-3.5, 1e6, -0.25, 0, 1, 2, 3, 4],
        }
    )
    text = save_table(table, "t", tmp_path).read_bytes().decode("utf-8")
    assert text == (
        "'=HYPERLINK(1),value\n"
        "'=1+1,-3.5\n"
        "'+cmd,1e+06\n"
        "'-2+3,-0.25\n"
        "'@SUM(A1),0\n"
        "'\tx,1\n"
        "'\rx,2\n"
        "-5,3\n"
        "plain,4\n"
    )
    # The table the notebook keeps is not changed.
    assert table.iloc[0, 0] == "=1+1"


def test_a_csv_cell_has_plain_spaces_where_the_page_has_no_break_ones(tmp_path):
    """The page keeps '602 M' on one line with a no-break space; a CSV reader gets a plain one."""
    table = pd.DataFrame({"as\xa0published": ["602\xa0M", "+4.9\xa0points†", "16.1%"]})
    text = save_table(table, "t", tmp_path).read_bytes().decode("utf-8")
    assert text == "as published\n602 M\n'+4.9 points†\n16.1%\n"
    assert table.iloc[0, 0] == "602\xa0M"  # the notebook's table keeps its no-break space


@pytest.mark.slow
def test_no_rendered_file_shows_an_absolute_path(tmp_path, data_copy):
    plan = tmp_path / "plan.yaml"
    sets = {"s": {"notebooks": ["01-load-figures"], "parameters": {"period": "2025-12"}}}
    plan.write_text(yaml.safe_dump({"sets": sets}))
    outputs = tmp_path / "outputs"
    assert render(outputs, "--plan", str(plan), "--data", str(data_copy)) == 0
    files = [p for p in outputs.rglob("*") if p.is_file()]
    assert len(files) > 5
    for path in files:
        content = path.read_bytes()
        for machine_path in (str(PROJECT_ROOT), str(tmp_path)):
            assert machine_path.encode() not in content, f"{path} shows {machine_path}"
    # The data folder is named relative to the notebook's folder, so a rerun from there finds it.
    notebook = nbformat.read(outputs / "s" / "01-load-figures.ipynb", as_version=4)
    assert notebook.metadata.papermill.parameters["data_dir"] == "../../data"
    assert (outputs / "s" / "../../data" / "figures.csv").is_file()


def test_the_growth_reconciliation_csv_gives_what_02_shows_and_no_point_growth(fixture_tables):
    from helpers import analysis
    from helpers.tables import label_reconciliation

    figures, _ = fixture_tables
    reconciliation = analysis.reconcile_growth(figures).assign(as_published="x", publisher="y")
    table = label_reconciliation(reconciliation).set_index("Source (id in data/sources.csv)")
    assert list(table.loc["etnet-20251020752"].iloc[5:]) == [
        "248.9–249.6",
        "249",
        "248.5–249.5",
        "106.2–107.5",
        True,
    ]
    written = table.to_csv()
    # The point growth of the rounded levels (602/249: 141.767) and three-decimal ends are gone.
    for too_precise in ("141.767", "106.827", "248.972", "141.082"):
        assert too_precise not in written, too_precise
