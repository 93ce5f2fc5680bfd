"""Row shapes of a catalogue import, shared by the operator API and the import command."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import ListingStatus
from .urlcheck import Platform, check_url, normalize_listing_id

MAX_IMPORT_ROWS = 5000


class SellerRow(serializers.Serializer):
    platform = serializers.ChoiceField(choices=Platform.choices)
    store_id = serializers.RegexField(
        r"^[A-Za-z0-9._:-]{1,64}$",
        max_length=64,
        error_messages={"invalid": _("Use letters, digits, '.', '_', ':' or '-' only.")},
    )
    store_name = serializers.CharField(max_length=200)
    account_email = serializers.EmailField(
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="Email of the portal seller account answering for this store. Omit to keep "
        "the current link; empty or null to unlink.",
    )


class ListingRow(serializers.Serializer):
    platform = serializers.ChoiceField(choices=Platform.choices)
    listing_id = serializers.CharField(max_length=32, help_text="The marketplace's numeric id.")
    title = serializers.CharField(max_length=300)
    seller_store_id = serializers.CharField(
        max_length=64, help_text="store_id of a seller of the same platform (this import or known)."
    )
    category = serializers.CharField(max_length=100, required=False, allow_blank=True)
    status = serializers.ChoiceField(
        choices=ListingStatus.choices,
        required=False,
        help_text="New listings default to live. A known listing's status changes only along "
        "the legal moves (live -> taken_down -> restored -> taken_down).",
    )
    url = serializers.CharField(
        max_length=2048,
        required=False,
        help_text="The listing's address; it must name this listing. Default: the plain "
        "desktop address.",
    )

    def validate_listing_id(self, value: str) -> str:
        normalized = normalize_listing_id(value.strip())
        if normalized is None:
            raise serializers.ValidationError(_("A listing id is a number of up to 20 digits."))
        return normalized

    def validate(self, attrs: dict) -> dict:
        url = attrs.get("url")
        if url is None:
            return attrs
        verdict = check_url(url.strip())
        if not verdict.ok:
            raise serializers.ValidationError({"url": [str(verdict.message)]})
        if (verdict.platform, verdict.listing_id) != (attrs["platform"], attrs["listing_id"]):
            raise serializers.ValidationError(
                {"url": [_("This URL is not the address of this listing.")]}
            )
        attrs["url"] = url.strip()
        return attrs


class CatalogueImportIn(serializers.Serializer):
    sellers = SellerRow(many=True, required=False, max_length=MAX_IMPORT_ROWS, default=list)
    listings = ListingRow(many=True, required=False, max_length=MAX_IMPORT_ROWS, default=list)

    def validate(self, attrs: dict) -> dict:
        if not attrs.get("sellers") and not attrs.get("listings"):
            raise serializers.ValidationError(_("Send at least one seller or listing."))
        return attrs


class CatalogueImportOut(serializers.Serializer):
    import_id = serializers.IntegerField(allow_null=True, help_text="Null when nothing changed.")
    sellers_created = serializers.IntegerField()
    sellers_updated = serializers.IntegerField()
    listings_created = serializers.IntegerField()
    listings_updated = serializers.IntegerField()


class RowError(serializers.Serializer):
    section = serializers.ChoiceField(choices=["sellers", "listings", "request"])
    row = serializers.IntegerField(allow_null=True, help_text="0-based index in its section.")
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class CatalogueImportErrorOut(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    # Absent when the request itself was refused before its rows were read (unreadable JSON, a
    # NUL character): then the body is the API's plain error.
    errors = RowError(many=True, required=False, help_text="One entry per invalid row.")


def row_errors(errors: dict) -> list[dict]:
    """Flatten DRF's nested errors into one entry per bad row (good rows are left out)."""
    flat: list[dict] = []
    for section, value in errors.items():
        rows = _indexed_rows(value) if section in ("sellers", "listings") else None
        if rows is not None:
            for index, row in rows:
                if row:
                    flat.append({"section": section, "row": index, "errors": _as_lists(row)})
        elif section in ("sellers", "listings"):
            flat.append({"section": section, "row": None, "errors": _as_lists(value)})
        else:
            flat.append({"section": "request", "row": None, "errors": {section: _strs(value)}})
    return flat


def _indexed_rows(value) -> list[tuple[int, dict]] | None:
    """DRF reports a list's errors as a list aligned with the rows, or as {index: errors}."""
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        return list(enumerate(value))
    if isinstance(value, dict) and value and all(isinstance(k, int) for k in value):
        return sorted(value.items())
    return None


def _as_lists(value) -> dict:
    if isinstance(value, dict):
        return {key: _strs(item) for key, item in value.items()}
    return {"non_field_errors": _strs(value)}


def _strs(value) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]
