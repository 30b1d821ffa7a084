"""Export files written to disk go with the person: erased by /effacer, `cadre erase` and
retention; and never left in clear in a data folder encrypted at rest."""

from __future__ import annotations

import json
from pathlib import Path

from bot.privacy.export_files import export_files
from tests.conftest import run_cadre

ENROL = "J'accepte\n"


def test_erasure_removes_the_export_files_of_the_console_and_of_cadre_export(project: Path) -> None:
    exports = project / "data" / "exports"
    first = run_cadre(project, "console", "--at", "2026-11-23T10:00", stdin=ENROL + "/export\n")
    assert first.returncode == 0, first.stderr
    operator = run_cadre(project, "export", "--alias", "essai")
    assert operator.returncode == 0, operator.stderr
    other = exports / "cadre-export-essai2-20261123-1000.json"
    other.write_text("{}", encoding="utf-8")  # someone else's: stays
    assert len(export_files(exports, "essai")) == 4
    erased = run_cadre(project, "console", "--at", "2026-11-23T10:05", stdin="/effacer\n1\n")
    assert erased.returncode == 0, erased.stderr
    assert export_files(exports, "essai") == []
    assert other.exists()


def test_cadre_erase_removes_the_export_files(project: Path) -> None:
    exports = project / "data" / "exports"
    assert run_cadre(project, "console", "--at", "2026-11-23T10:00", stdin=ENROL).returncode == 0
    assert run_cadre(project, "export", "--alias", "essai").returncode == 0
    assert len(export_files(exports, "essai")) == 2
    erased = run_cadre(project, "erase", "--alias", "essai", "--yes")
    assert erased.returncode == 0, erased.stderr
    assert export_files(exports, "essai") == []


def test_no_export_in_clear_in_an_encrypted_data_folder(project: Path, tmp_path: Path) -> None:
    key = run_cadre(project, "keygen").stdout.strip()
    env = {"CADRE_DATA_KEY": key}
    console = run_cadre(project, "console", "--at", "2026-11-23T10:00", stdin=ENROL + "/export\n", env=env)
    assert console.returncode == 0, console.stderr
    refused = run_cadre(project, "export", "--alias", "essai", env=env)
    assert refused.returncode == 1 and "--out" in refused.stdout
    assert not (project / "data" / "exports").exists() or not any((project / "data" / "exports").iterdir())
    written = [line for line in console.stdout.splitlines() if "cadre-export-essai" in line]
    assert written and all(str(project / "data") not in line for line in written)
    assert all(
        not Path(part.strip(" []")).exists() for line in written for part in line.split() if ".json" in part
    )
    asked = run_cadre(project, "export", "--alias", "essai", "--out", str(tmp_path / "usb"), env=env)
    assert asked.returncode == 0 and len(export_files(tmp_path / "usb", "essai")) == 2


def test_an_alias_sharing_the_file_prefix_keeps_its_export_files(project: Path) -> None:
    """ "Sophie.Martin" and "Sophie-Martin" both write cadre-export-Sophie-Martin-…: erasing
    one leaves the other's pair, told apart by the alias its JSON names."""
    exports = project / "data" / "exports"
    exports.mkdir(parents=True)
    for stem, alias in (("20261123-1000", "Sophie.Martin"), ("20261123-1001", "Sophie-Martin")):
        (exports / f"cadre-export-Sophie-Martin-{stem}.json").write_text(
            json.dumps({"mentee": {"alias": alias}}), encoding="utf-8"
        )
        (exports / f"cadre-export-Sophie-Martin-{stem}.md").write_text("#", encoding="utf-8")
    assert [p.name for p in export_files(exports, "Sophie.Martin")] == [
        "cadre-export-Sophie-Martin-20261123-1000.json",
        "cadre-export-Sophie-Martin-20261123-1000.md",
    ]
    assert len(export_files(exports, "Sophie-Martin")) == 2
