"""The editor's instant preview and the comparison as the pages and the API run them: each a call of the reports
layer (``preview_report``, ``compare_view_report``), with what a server adds: offers typed in a page are parsed from
the text (no file), previews are kept in a small cache by content (the form and the YAML tab often ask for the same
offer twice), and take-home tables that are missing are built in the background, never while a request waits.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from payround.engine import OfferResult
from payround.errors import InputError
from payround.offers import parse_offer
from payround.reports.preview import PreviewReport, preview_report
from payround.reports.preview_takehome import CompareView, compare_view_report
from payround.sources import Sources

__all__ = ["MAX_YAML", "build_missing", "configure", "run_compare", "run_preview"]

MAX_YAML = 200_000
# Previews kept: the form and the YAML tab ask for the same offer within moments. Few, because each holds a couple
# of thousand objects that every full garbage collection walks.
_CACHE_SIZE = 32
_CACHE: OrderedDict[tuple[str, str], PreviewReport] = OrderedDict()
_LOCK = threading.Lock()
_PREPARE = {"on": False}  # set by the app from PAYROUND_TAKEHOME_PREPARE


def configure(*, prepare_takehome: bool) -> None:
    """Whether a request that finds take-home tables missing starts building them in the background."""
    _PREPARE["on"] = prepare_takehome


def build_missing(result: OfferResult) -> None:
    """Send the take-home tables ``result`` needs to the background builder (unless the app turned that off)."""
    if _PREPARE["on"]:
        from payround.takehome.ready import ensure_in_background

        ensure_in_background(result)


def run_preview(text: str, workforce: str = "auto") -> PreviewReport:
    """The preview of an offer typed in the editor (structures are bundled; the offer is named ``offer.yaml``).

    Kept by (the text's hash, the workforce): bundled structures and workforces do not change while the server
    runs. A preview still waiting for its take-home tables is not kept, so that the next asks again."""
    key = (hashlib.sha256(text.encode()).hexdigest(), workforce)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
    offer = parse_offer(text, "offer.yaml")
    with Sources.server() as src:
        report = preview_report(offer, workforce=workforce, sources=src, on_missing=build_missing)
    if report.takehome_status != "preparing":
        with _LOCK:
            _CACHE[key] = report
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return report


def run_compare(texts: list[str], workforce: str = "auto", household: str | None = "single") -> CompareView:
    """Compare offers typed or pasted (the first is the base, e.g. the claim), with ``household``'s take-home."""
    for t in texts:
        if len(t) > MAX_YAML:
            raise InputError("an offer file is too long.", place="offers", expected=f"at most {MAX_YAML} characters")
    offers = [parse_offer(t, f"offer-{i + 1}.yaml") for i, t in enumerate(texts)]
    wf: str | None = None if workforce == "none" else workforce
    if wf == "auto":
        body = offers[0].structure.split("/", 1)[0]
        wf = f"{body}/illustrative" if body in ("njc", "sjc") else None
    with Sources.server() as src:
        return compare_view_report(
            list(offers), workforce=wf, household=household, sources=src, on_missing=build_missing
        )
