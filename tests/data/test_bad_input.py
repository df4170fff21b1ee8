"""Broken raw files give errors that name the file, the line and the column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from balancing.data import DataFileError, checksums
from balancing.data.sipri import REGISTER_FILE, TIV_PAIRS_FILE, read_register, read_tiv_pairs
from balancing.paths import raw_dir

PREAMBLE_LINES = 11  # the register export's notes before its header
HEADER_LINE = PREAMBLE_LINES + 1


def _register_lines(rows: int = 3) -> list[str]:
    """The real export's first lines: preamble, header and ``rows`` records."""
    text = (raw_dir() / REGISTER_FILE).read_bytes().decode("utf-8")
    return text.split("\r\n")[: HEADER_LINE + rows]


def _write(tmp_path: Path, lines: list[str], name: str = REGISTER_FILE) -> Path:
    path = tmp_path / name
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    return path


def _fields(line: str) -> list[str]:
    return line.removesuffix(";").split(",")


def _join(fields: list[str]) -> str:
    return ",".join(fields) + ";"


def test_a_small_valid_extract_reads(tmp_path):
    frame = read_register(_write(tmp_path, _register_lines()))
    assert len(frame) == 3


def test_truncated_record_names_its_line(tmp_path):
    lines = _register_lines()
    lines[-1] = lines[-1][:25]  # cut the last record mid-way, as an interrupted copy would
    path = _write(tmp_path, lines)
    with pytest.raises(DataFileError) as caught:
        read_register(path)
    message = str(caught.value)
    assert str(path) in message
    assert f"line {HEADER_LINE + 3}" in message
    assert "truncated" in message


def test_file_cut_inside_the_preamble_says_the_header_is_missing(tmp_path):
    path = _write(tmp_path, _register_lines()[:5])
    with pytest.raises(DataFileError, match=r"header not found"):
        read_register(path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(DataFileError, match=re.escape(str(path))):
        read_register(path)


def test_missing_column_is_named(tmp_path):
    lines = _register_lines()
    drop = _fields(lines[PREAMBLE_LINES]).index("Description")
    for i in range(PREAMBLE_LINES, len(lines)):
        fields = _fields(lines[i])
        del fields[drop]
        lines[i] = _join(fields)
    with pytest.raises(DataFileError) as caught:
        read_register(_write(tmp_path, lines))
    assert f"line {HEADER_LINE}" in str(caught.value)
    assert "'Description'" in str(caught.value)


def test_non_numeric_tiv_names_line_and_column(tmp_path):
    lines = _register_lines()
    column = _fields(lines[PREAMBLE_LINES]).index("TIV delivery values")
    fields = _fields(lines[HEADER_LINE + 1])
    fields[column] = "n/a"
    lines[HEADER_LINE + 1] = _join(fields)
    with pytest.raises(DataFileError) as caught:
        read_register(_write(tmp_path, lines))
    error = caught.value
    assert error.line == HEADER_LINE + 2
    assert error.column == "TIV delivery values"
    assert "'n/a'" in str(error) and "expected a number" in str(error)


def test_bad_flag_names_line_and_column(tmp_path):
    lines = _register_lines()
    column = _fields(lines[PREAMBLE_LINES]).index("Local production")
    fields = _fields(lines[HEADER_LINE])
    fields[column] = "Maybe"
    lines[HEADER_LINE] = _join(fields)
    with pytest.raises(DataFileError) as caught:
        read_register(_write(tmp_path, lines))
    assert (caught.value.line, caught.value.column) == (HEADER_LINE + 1, "Local production")


def test_schema_violation_names_line_and_column(tmp_path):
    lines = _register_lines()
    column = _fields(lines[PREAMBLE_LINES]).index("TIV deal unit")
    fields = _fields(lines[HEADER_LINE + 2])
    fields[column] = "-1"
    lines[HEADER_LINE + 2] = _join(fields)
    with pytest.raises(DataFileError) as caught:
        read_register(_write(tmp_path, lines))
    assert caught.value.column == "tiv_unit"
    assert caught.value.line == HEADER_LINE + 3


def test_tiv_pairs_non_numeric_value(tmp_path):
    text = (raw_dir() / TIV_PAIRS_FILE).read_text(encoding="utf-8").splitlines()[:4]
    fields = text[2].split(",")
    fields[3] = "eleven"
    text[2] = ",".join(fields)
    path = tmp_path / TIV_PAIRS_FILE
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        read_tiv_pairs(path)
    assert (caught.value.line, caught.value.column) == (3, "value")


def test_wrong_checksum_names_the_file(tmp_path):
    path = _write(tmp_path, _register_lines())
    (tmp_path / checksums.SUMS_FILENAME).write_text(f"{'0' * 64}  {REGISTER_FILE}\n")
    with pytest.raises(DataFileError, match="checksum mismatch") as caught:
        checksums.verify(path)
    assert caught.value.path == path


def test_file_without_recorded_checksum(tmp_path):
    path = _write(tmp_path, _register_lines())
    (tmp_path / checksums.SUMS_FILENAME).write_text("")
    with pytest.raises(DataFileError, match="no checksum recorded"):
        checksums.verify(path)


def test_malformed_checksum_list_names_its_line(tmp_path):
    sums = tmp_path / checksums.SUMS_FILENAME
    sums.write_text(f"{'a' * 64}  one.csv\nnot a checksum line\n")
    with pytest.raises(DataFileError) as caught:
        checksums.read_sums(sums)
    assert caught.value.line == 2
