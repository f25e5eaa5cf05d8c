"""The schema of a yearbook table's ``spec.yaml`` (pydantic models; read by :mod:`kpi.inputs.yearbook_spec`).

Each field's ``description`` is what a problem with it says was expected. Imported when a spec is read, so the
package imports without pydantic.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kpi.inputs.yamlcheck import Strict

_COLUMN = r"^[A-Za-z]{1,3}$"


class FilesSpec(Strict):
    pattern: str = Field(description="a regular expression for the file names of the family, matched against "
                         "the name with full-width characters folded (（2019） reads as (2019)); named groups "
                         "(?P<edition>…), (?P<year>…), (?P<table>…)")


class HeaderSpec(Strict):
    region_column: str = Field("A", pattern=_COLUMN, description="the column letter (e.g. A) whose text marks a "
                               "header row and whose rows hold the region names")
    region_header: list[str] = Field(min_length=1, description="texts of the region column's header cell, e.g. "
                                     "[地区, Region, 市别]")
    label_search_from: str = Field("B", pattern=_COLUMN, description="the first column letter holding indicator "
                                   "labels (columns to its left hold names)")
    year_row_offset: int = Field(1, ge=0, le=10, description="how many rows below the header row the row of years "
                                 "(or of sub-headers such as 2016年为2015年%) is; 0 = there is no such row")


class HeaderOverride(Strict):
    region_column: str | None = Field(None, pattern=_COLUMN, description="a column letter such as A")
    region_header: list[str] | None = Field(None, min_length=1, description="a list of header texts")
    label_search_from: str | None = Field(None, pattern=_COLUMN, description="a column letter such as C")
    year_row_offset: int | None = Field(None, ge=0, le=10, description="a whole number of rows, 0–10")


class IndicatorSpec(Strict):
    id: str = Field(description="an indicator id of data/raw/indicators.yaml")
    header: list[str] = Field(min_length=1, description="the labels of the indicator's column or block header "
                              "(any line of the cell; a unit in brackets such as (万元) is ignored)")
    unit: str = Field(description="the unit the table prints the numbers in, e.g. 亿元, 万元, 元 (converted to the "
                      "registry's unit)")
    required: bool = Field(True, description="true or false: every edition must have it")


class RegionsSpec(Strict):
    required: list[str] = Field(default_factory=list, description="region ids every block must have")
    unknown: Literal["error", "warning"] = Field("error", description="error | warning: a row with numbers whose "
                                                 "name is not in the region registry")


class ChecksSpec(Strict):
    identical_rows: Literal["warning", "error"] | None = Field(None, description="warning | error: two regions with "
                                                               "the same numbers in every year of a block")
    minimum: float | int | None = Field(None, description="a number: values below it are refused")


class EditionOverride(Strict):
    sheet: str | None = Field(None, description="a sheet name, 'first' or 'all'")
    header: HeaderOverride | None = Field(None, description="header keys to change for this edition")
    region_name_columns: list[str] | None = Field(None, description="column letters, e.g. [B, C]")
    skip_columns: list[str] | None = Field(None, description="regular expressions of column headers to skip")
    year_from: Literal["columns", "file_name", "title"] | None = Field(None, description="columns | file_name | "
                                                                       "title")
    year_pattern: str | None = Field(None, description="a regular expression with a (?P<year>…) group")


class SpecFile(Strict):
    """The keys of a ``spec.yaml`` (see the README, "A new yearbook table")."""

    table: str = Field("", description="the table number as quoted text, e.g. \"2-12\"")
    title: str = Field("", description="the table's title, e.g. 分市地区生产总值")
    files: FilesSpec = Field(description="{pattern: <regular expression>}")
    vintage: Literal["edition", "data_year"] = Field(description="edition | data_year: whether a file's vintage "
                                                     "is the edition (year published) or the data year")
    scope: str | None = Field(None, description="the region id the whole table covers (e.g. henan): its total "
                              "row (全省, 合计, Total) is that region")
    source: str = Field(description="the citation written into each row, e.g. \"河南统计年鉴{edition} 表{table}\"")
    status: Literal["official", "preliminary", "estimate", "illustrative"] = Field(
        "official", description="official | preliminary | estimate | illustrative")
    sheet: str = Field("first", description="the sheet holding the table: a sheet name, 'first' or 'all'")
    ignore_sheets: list[str] = Field(default_factory=list, description="sheets the workbook has that are not part "
                                     "of the table (notes, charts); any other sheet with content is reported")
    encoding: str | None = Field(None, description="the code page of old .xls files whose text reads as Latin-1 "
                                 "(e.g. gbk)")
    header: HeaderSpec = Field(description="{region_column, region_header, label_search_from, year_row_offset}")
    year_from: Literal["columns", "file_name", "title"] = Field(
        "columns", description="columns | file_name | title: where a number's data year is: the year row, the "
        "(?P<year>…) group of the file name, or the title rows above the header")
    year_pattern: str | None = Field(None, description="a regular expression with a (?P<year>…) group finding the "
                                     "data year in the title rows")
    region_name_columns: list[str] | None = Field(None, description="column letters holding region names, tried in "
                                                  "order, e.g. [A, B]")
    section_labels: list[str] = Field(default_factory=list, description="row labels that are headings, not "
                                      "regions, e.g. [按地区分]")
    skip_columns: list[str] = Field(default_factory=list, description="regular expressions of column headers (label "
                                    "or sub-header) whose columns are not read, e.g. growth indices '年为.*年'")
    indicators: list[IndicatorSpec] = Field(min_length=1, description="a list of {id, header, unit, required}")
    regions: RegionsSpec = Field(default_factory=RegionsSpec, description="{required, unknown}")
    checks: ChecksSpec = Field(default_factory=ChecksSpec, description="{identical_rows, minimum}")
    editions: dict[str, EditionOverride] = Field(default_factory=dict, description="per-edition overrides, keyed "
                                                 "by the edition (or data year) the file name gives")
