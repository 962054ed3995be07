"""copydesk templates and codes: a desk's templates and Photo Mechanic code lists from the command line."""

from __future__ import annotations

import json

import pytest

from editor_app.cli.main import main


@pytest.fixture
def lib_path(tmp_path, capsys):
    path = tmp_path / "desk.copydesk"
    assert main(["init", str(path)]) == 0
    capsys.readouterr()
    return path


def test_templates_are_added_listed_and_removed(lib_path, capsys):
    lib = ["--library", str(lib_path)]
    assert main([*lib, "templates", "add", "Wire", "{city}, {country}, {date:%B %-d, %Y}: "]) == 0
    assert main([*lib, "templates", "add", "Sport", "{headline}"]) == 0
    capsys.readouterr()
    assert main([*lib, "templates", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(t["name"], t["template"]) for t in listed] == [
        ("Wire", "{city}, {country}, {date:%B %-d, %Y}: "),
        ("Sport", "{headline}"),
    ]
    assert main([*lib, "templates", "remove", "wire"]) == 0
    capsys.readouterr()
    assert main([*lib, "templates", "list", "--json"]) == 0
    assert [t["name"] for t in json.loads(capsys.readouterr().out)] == ["Sport"]


def test_a_template_with_an_unknown_variable_is_refused_in_one_line(lib_path, capsys):
    status = main(["--library", str(lib_path), "templates", "add", "Wire", "{cty}"])
    err = capsys.readouterr().err
    assert status == 2
    assert "{cty}" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_photo_mechanic_code_file_round_trips(lib_path, tmp_path, capsys):
    source = tmp_path / "desk codes.txt"
    source.write_bytes(
        "\ufeff=qal\tIranian Parliament Speaker Mohammad Baqer Qalibaf\r\nbroken line\r\n=pez\tPresident Masoud Pezeshkian\r\n".encode()
    )
    lib = ["--library", str(lib_path)]
    assert main([*lib, "codes", "import", str(source)]) == 0
    err = capsys.readouterr().err
    assert "Line 2 has no tab" in err
    exported = tmp_path / "out.txt"
    assert main([*lib, "codes", "export", str(exported)]) == 0
    assert exported.read_text(encoding="utf-8") == (
        "=pez\tPresident Masoud Pezeshkian\n=qal\tIranian Parliament Speaker Mohammad Baqer Qalibaf\n"
    )
    replacement = tmp_path / "new.txt"
    replacement.write_text("=mtl\tMontreal\n", encoding="utf-8")
    assert main([*lib, "codes", "import", str(replacement), "--replace"]) == 0
    capsys.readouterr()
    assert main([*lib, "codes", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"=mtl": "Montreal"}


def test_a_missing_code_file_is_one_clear_line(lib_path, tmp_path, capsys):
    status = main(["--library", str(lib_path), "codes", "import", str(tmp_path / "nope.txt")])
    err = capsys.readouterr().err
    assert status == 2 and "Cannot read" in err and "Traceback" not in err
