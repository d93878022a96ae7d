"""Every bundled source address is a publisher's own: its host is in src/payround/data/sources_allowlist.yaml."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "src" / "payround" / "data"
ALLOWLIST = DATA / "sources_allowlist.yaml"
URL = re.compile(r"https?://[^\s\"'<>()\[\]{},;]+")


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _allowlist() -> tuple[dict[str, str], dict[str, str]]:
    doc = yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8"))
    return doc["publishers"], doc["copies"]


def _bundled_urls() -> list[tuple[str, str]]:
    out = []
    for path in sorted(DATA.rglob("*")):
        if path.is_file() and path.suffix in {".yaml", ".yml", ".csv", ".md"} and path != ALLOWLIST:
            text = path.read_text(encoding="utf-8")
            out += [(str(path.relative_to(DATA)), u) for u in URL.findall(text)]
    return out


def test_the_allowlist_and_the_copies_do_not_overlap() -> None:
    publishers, copies = _allowlist()
    assert not set(publishers) & set(copies)
    assert all(not h.startswith("www.") for h in [*publishers, *copies])


def test_bundled_data_cites_sources() -> None:
    assert len(_bundled_urls()) > 500  # the check below is not vacuous


def test_every_bundled_source_url_is_on_a_publishers_own_host() -> None:
    publishers, copies = _allowlist()
    outside = sorted({(f, u) for f, u in _bundled_urls() if _host(u) not in publishers})
    copied = [(f, u, copies[_host(u)]) for f, u in outside if _host(u) in copies]
    assert not copied, f"copy sites cited (cite the original, or the publisher and title): {copied[:10]}"
    assert not outside, f"hosts not in sources_allowlist.yaml (add the publisher, if it is one): {outside[:10]}"


@pytest.mark.parametrize("url", ["http://palouseland.com/work-us/pay-award-2023-2024", "https://qualitypuck.com/x"])
def test_a_copy_site_is_caught(url: str) -> None:
    publishers, copies = _allowlist()
    assert _host(url) not in publishers and _host(url) in copies
