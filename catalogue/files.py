"""Reading catalogue import files (JSON as the API takes it, or one CSV row per listing) into
the payload the import serializers validate."""

import csv
import io
import json
from typing import Any

CSV_COLUMNS = (
    "platform",
    "listing_id",
    "title",
    "seller_store_id",
    "seller_store_name",
    "seller_account_email",
    "category",
    "status",
    "url",
)
REQUIRED_CSV_COLUMNS = {"platform", "listing_id", "title", "seller_store_id"}


class ImportFileError(ValueError):
    pass


def parse_import_file(name: str, text: str) -> dict[str, Any]:
    """{"sellers": [...], "listings": [...]} from a .json or .csv file's text."""
    if name.lower().endswith(".csv"):
        return parse_csv(text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"Not valid JSON: {exc}") from exc
    if isinstance(data, list):  # a bare list of listings
        return {"listings": data}
    if not isinstance(data, dict):
        raise ImportFileError('Expected an object {"sellers": [...], "listings": [...]}.')
    return data


def parse_csv(text: str) -> dict[str, Any]:
    """One listing per row. A store is declared by the first row naming `seller_store_name`;
    rows without one refer to a store the catalogue already knows."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = REQUIRED_CSV_COLUMNS - set(reader.fieldnames or ())
    if missing:
        raise ImportFileError(f"Missing CSV columns: {', '.join(sorted(missing))}.")
    sellers: dict[tuple[str, str], dict] = {}
    listings = []
    for row in reader:
        row = {k: (v or "").strip() for k, v in row.items() if k}
        key = (row["platform"], row["seller_store_id"])
        if row.get("seller_store_name") and key not in sellers:
            seller = {
                "platform": key[0],
                "store_id": key[1],
                "store_name": row["seller_store_name"],
            }
            if row.get("seller_account_email"):
                seller["account_email"] = row["seller_account_email"]
            sellers[key] = seller
        listing = {k: row[k] for k in ("platform", "listing_id", "title", "seller_store_id")}
        listing.update({k: row[k] for k in ("category", "status", "url") if row.get(k)})
        listings.append(listing)
    return {"sellers": list(sellers.values()), "listings": listings}
