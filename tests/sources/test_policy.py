"""A server reads only bundled data and what was uploaded: no reference inside uploaded content (an offer's
``structure:``, a round's offer files and CSV tables) and no reference a user types can reach a server file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from payround.errors import InputError, PayroundError
from payround.offers import load_offer, resolve_structure
from payround.reports.offers import apply_report
from payround.rounds import load_round
from payround.sources import LOCAL, Sources, Upload, active, use_by_default
from payround.structures import load_structure
from payround.workforce import load_workforce
from tests.conftest import EXAMPLES

SECRET = "/etc/passwd"

ESCAPES = [
    SECRET,  # absolute
    "/proc/self/environ",  # absolute, a special file
    "../../../../etc/passwd",  # climbing out
    "uploads/../../etc/passwd",  # climbing out from inside a folder
    "..",  # a folder
    "./structure.yaml/..",  # a folder, written sideways
    "~root/.ssh/id_rsa",  # a home directory
    "C:\\Windows\\win.ini",  # a Windows absolute path
    "..\\..\\etc\\passwd",  # Windows-style climbing
    "sub/structure.yaml",  # a path into a folder (uploads have plain names)
    "structure.yaml\x00.csv",  # a NUL byte
    "",  # empty
    "not-uploaded.yaml",  # a plain name nobody uploaded
    "examples/njc-2025-26.yaml",  # a real file of the server, by relative path
]


def _offer_text(structure_ref: str) -> bytes:
    return (
        f"name: test\nstructure: {structure_ref!r}\nstages:\n  - effective: 2024-04-01\n"
        "    steps:\n      - raise: {percent: 3}\n"
    ).encode()


@pytest.mark.parametrize("ref", ESCAPES)
def test_an_offer_s_structure_reference_cannot_reach_a_server_file(ref: str) -> None:
    with Sources.server([Upload("offer.yaml", _offer_text(ref))]) as src, pytest.raises(PayroundError) as err:
        resolve_structure(load_offer("offer.yaml", src), None, src)
    assert "root:" not in str(err.value)


@pytest.mark.parametrize("ref", ESCAPES)
def test_a_reference_the_user_types_cannot_reach_a_server_file(ref: str) -> None:
    with Sources.server() as src:
        for load in (load_offer, load_structure, load_workforce):
            with pytest.raises(InputError):
                load(ref, src)  # type: ignore[operator]


@pytest.mark.parametrize(
    "entry",
    [
        "offers:\n  - id: o1\n    tabled: 2022-08-01\n    by: COSLA\n    status: rejected\n    file: /etc/passwd\n",
        "industrial_action_csv: ../../../../etc/passwd\n",
        "industrial_action_csv: /dev/zero\n",
        "impact:\n  households_csv: /proc/self/environ\n",
    ],
)
def test_a_round_s_file_references_cannot_reach_a_server_file(entry: str) -> None:
    base = (
        "version: 1\nid: r\nname: R\nbody: {kind: sjc, name: SJC, country: scotland}\n"
        "sides:\n  employers: {name: COSLA}\n  unions: {members: [{name: Unison}]}\n"
    )
    with Sources.server([Upload("round.yaml", (base + entry).encode())]) as src, pytest.raises(PayroundError) as err:
        load_round("round.yaml", src)
    assert "root:" not in str(err.value) and "PATH=" not in str(err.value)


def test_uploads_are_read_and_bundled_ids_work_under_the_server_policy() -> None:
    offer = (EXAMPLES / "njc-2025-26.yaml").read_bytes()
    structure = Path(load_structure.__code__.co_filename).parents[1] / "data" / "structures" / "njc" / "2024-25.yaml"
    with Sources.server([Upload("offer.yaml", offer), Upload("mine.yaml", structure.read_bytes())]) as src:
        bundled = apply_report("offer.yaml", sources=src)
        uploaded = apply_report("offer.yaml", "mine.yaml", sources=src)
    assert bundled.final.points == uploaded.final.points


def test_an_upload_needs_a_plain_name() -> None:
    for name in ("", "..", ".hidden", "a" * 200, "bad\x00name.yaml"):
        with pytest.raises(InputError):
            Sources.server([Upload(name, b"x")])
    # A browser may send a path: only its base name is kept.
    with Sources.server([Upload("C:\\Users\\me\\offer.yaml", b"x")]) as src:
        assert src.resolve("offer.yaml").name == "offer.yaml"


def test_uploads_are_removed_when_done() -> None:
    with Sources.server([Upload("a.yaml", b"x")]) as src:
        folder = src.resolve("a.yaml").parent
        assert folder.is_dir()
    assert not folder.exists()


def test_a_server_default_applies_outside_any_with(tmp_path: Path) -> None:
    own = tmp_path / "offer.yaml"
    own.write_bytes((EXAMPLES / "njc-2025-26.yaml").read_bytes())
    use_by_default(Sources.server())
    try:
        assert active().policy == "server"
        with pytest.raises(InputError):
            load_offer(own)
    finally:
        use_by_default(LOCAL)
    assert load_offer(own).name


def test_the_filesystem_policy_reads_paths_beside_the_file_that_names_them(tmp_path: Path) -> None:
    structure = tmp_path / "spine.yaml"
    structure.write_text(load_structure("njc/2024-25").model_dump_json(), encoding="utf-8")
    offer = tmp_path / "offer.yaml"
    offer.write_bytes(_offer_text("spine.yaml"))
    cwd = os.getcwd()
    try:
        os.chdir("/")
        assert resolve_structure(load_offer(offer)).id == "njc/2024-25"
    finally:
        os.chdir(cwd)
