"""The offer file format (version 1): schema, parsing with located errors, JSON Schema export."""

from payround.offers.loader import load_offer, offer_json_schema, parse_offer, resolve_structure
from payround.offers.schema import Offer, Stage

__all__ = ["Offer", "Stage", "load_offer", "offer_json_schema", "parse_offer", "resolve_structure"]
