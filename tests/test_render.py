"""The render layer: text and autoescaped HTML templates with workspace overrides, charts as bytes, tables."""

import pandas as pd
import pytest
from matplotlib.figure import Figure

from iiwork import InvalidInput
from iiwork.render import chart_bytes, chart_data_uri, escape, render_template, table_text


def test_html_is_autoescaped_and_text_is_not(tmp_path):
    (tmp_path / "templates" / "widgets").mkdir(parents=True)
    (tmp_path / "templates" / "widgets" / "probe.html.j2").write_text("<p>{{ value }}</p>", encoding="utf-8")
    (tmp_path / "templates" / "widgets" / "probe.txt.j2").write_text("{{ value }}", encoding="utf-8")
    hostile = "<script>alert(1)</script>"
    html = render_template("widgets/probe.html.j2", {"value": hostile}, workspace=tmp_path, html=True)
    assert html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert render_template("widgets/probe.txt.j2", {"value": hostile}, workspace=tmp_path, html=False) == hostile
    assert escape('a "b" <c>') == "a &#34;b&#34; &lt;c&gt;"


def test_a_workspace_template_overrides_the_shipped_one(tmp_path):
    context = {"rows": [], "overdue": 0, "red": "#b00"}
    shipped = render_template("widgets/followups.html.j2", context, workspace=tmp_path, html=True)
    assert "Nothing to follow up." in shipped
    (tmp_path / "templates" / "widgets").mkdir(parents=True)
    (tmp_path / "templates" / "widgets" / "followups.html.j2").write_text("mine: {{ rows|length }}", encoding="utf-8")
    assert render_template("widgets/followups.html.j2", context, workspace=tmp_path, html=True) == "mine: 0"


def test_broken_templates_are_named(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "bad.txt.j2").write_text("{% if %}", encoding="utf-8")
    with pytest.raises(InvalidInput, match="template: .*bad.txt.j2 line 1"):
        render_template("bad.txt.j2", {}, workspace=tmp_path, html=False)
    with pytest.raises(InvalidInput, match="no template nothing.txt.j2"):
        render_template("nothing.txt.j2", {}, workspace=tmp_path, html=False)
    (tmp_path / "templates" / "undefined.txt.j2").write_text("{{ missing }}", encoding="utf-8")
    with pytest.raises(InvalidInput, match="'missing' is undefined"):
        render_template("undefined.txt.j2", {"given": 1}, workspace=tmp_path, html=False)


def test_charts_become_png_svg_or_an_inline_data_uri():
    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([0, 1], [1, 0])
    assert chart_bytes(fig).startswith(b"\x89PNG\r\n\x1a\n")
    assert b"<svg" in chart_bytes(fig, format="svg")
    assert chart_data_uri(fig).startswith("data:image/png;base64,iVBOR")
    with pytest.raises(InvalidInput, match="format: expected one of png, svg"):
        chart_bytes(fig, format="gif")


def test_tables_print_readably():
    df = pd.DataFrame({"when": pd.to_datetime(["2026-11-16T09:00Z"], utc=True), "note": ["x" * 80], "n": [pd.NA]})
    shown = table_text(df, "table")
    assert "2026-11-16 09:00" in shown and "x" * 59 + "…" in shown and "<NA>" not in shown
    assert table_text(df.iloc[:0], "table") == "(no rows)\n"
    assert table_text(df, "json").startswith("[")
