"""Breaks in series: KS4 2020 and 2021 (centre- and teacher-assessed grades) are never joined into a
change, a trend or a chart's line, nor 2016 to 2017 (9-1 grades), nor 2021 to 2022.

Coventry's Attainment 8 in the real LAIT file (bds_long_0.parquet, AVG_Attain8_Score, read with a
separate polars script): 2015 46.2, 2016 48.1, 2017 42.8, 2018 43.3, 2019 43.6, 2020 47.2, 2021 48.0,
2022 46.2, 2023 43.8. Worked by hand: change 2016 +1.9, 2018 +0.5, 2019 +0.3, 2023 -2.4, none for
2017, 2020, 2021 and 2022; trend 2019 improving (2017-2019 rose twice), none for 2018 (it would span
2016-2017) nor 2020-2023. Without the breaks, 2021 would read "improving" from 2019's exams to 2021's
teacher-assessed grades.
"""

from __future__ import annotations

import polars as pl
import pytest

from peerlift.analysis import series_breaks
from peerlift.analysis.series_breaks import SeriesBreakError, parse_breaks
from peerlift.reports.charts import comparison_chart

from .test_compare import COVENTRY, _table, lait  # noqa: F401 (the module's fixture)


def test_the_years_that_join() -> None:
    joins = series_breaks.joins
    assert joins("attainment8", None, 2018, 2019)
    assert not joins("attainment8", None, 2019, 2020) and not joins("attainment8", None, 2020, 2021)
    assert not joins("attainment8", None, 2021, 2022) and not joins("AVG_Attain8_Score", None, 2016, 2017)
    assert joins("attainment8", None, 2022, 2023)
    assert not joins("ks2_rwm_expected", None, 2015, 2016) and joins("ks2_rwm_expected", None, 2022, 2023)
    assert joins("progress8", None, 2019, 2020)  # none published: NO_ASSESSMENT says why
    assert "teacher-assessed" in str(series_breaks.note("attainment8", None, 2021))
    assert series_breaks.note("attainment8", None, 2019) is None


def test_coventry_attainment8_change_and_trend_stop_at_the_breaks(lait: dict[str, pl.DataFrame]) -> None:  # noqa: F811
    table = _table(lait, "attainment8", [COVENTRY])
    rows = {r["year"]: r for r in table.to_dicts()}
    changes = {y: (None if r["change"] is None else round(r["change"], 1)) for y, r in rows.items()}
    assert changes == {
        2015: None,
        2016: 1.9,
        2017: None,
        2018: 0.5,
        2019: 0.3,
        2020: None,
        2021: None,
        2022: None,
        2023: -2.4,
    }
    trends = {y: r["trend"] for y, r in rows.items()}
    assert trends[2019] == "improving"
    assert all(trends[y] is None for y in (2018, 2020, 2021, 2022, 2023))
    assert "centre-assessed" in rows[2020]["series_note"] and rows[2019]["series_note"] is None


def test_the_chart_does_not_join_the_cag_and_tag_years(lait: dict[str, pl.DataFrame]) -> None:  # noqa: F811
    table = _table(lait, "attainment8", [COVENTRY])
    spec = comparison_chart(table, "Attainment 8", "Coventry").to_dict()
    values = spec["layer"][0]["data"]["values"] if "data" in spec["layer"][0] else spec["data"]["values"]
    segment = {r["year"]: r["segment"] for r in values if r["series"] == "Coventry"}
    # 2015-2016 one line; 2017-2019 another; 2020, 2021 each alone; 2022-2023 another
    assert segment[2015] == segment[2016] != segment[2017] == segment[2018] == segment[2019]
    assert len({segment[2019], segment[2020], segment[2021], segment[2022]}) == 4
    assert segment[2022] == segment[2023]
    assert "not joined at 2017, 2020, 2021, 2022" in str(spec["title"])


def test_mistakes_in_the_breaks_file_are_named() -> None:
    with pytest.raises(SeriesBreakError, match="entry 1, key kind"):
        parse_breaks('[[breaks]]\nmeasures = "x"\nyears = [2020]\nkind = "gap"\nnote = "n"\nsource = "s"\n')
    with pytest.raises(SeriesBreakError, match="entry 1: an entry has exactly"):
        parse_breaks('[[breaks]]\nmeasures = "x"\n')
