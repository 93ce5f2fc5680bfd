"""Catalogue API: the import endpoint used by marketplace operators."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .selectors import can_import_catalogue
from .serializers import (
    MAX_IMPORT_ROWS,
    CatalogueImportErrorOut,
    CatalogueImportIn,
    CatalogueImportOut,
    row_errors,
)
from .services import CatalogueImportError, import_catalogue


class CanImportCatalogue(permissions.BasePermission):
    message = _(
        "Only marketplace operators (reviewers, staff or holders of the catalogue import "
        "permission) may import the catalogue."
    )

    def has_permission(self, request, view) -> bool:
        return can_import_catalogue(request.user)


_EXAMPLE = {
    "sellers": [
        {
            "platform": "taobao",
            "store_id": "tb-1001",
            "store_name": "Sunrise Outdoor",
            "account_email": "seller@demo.ipp",
        }
    ],
    "listings": [
        {
            "platform": "taobao",
            "listing_id": "600000000001",
            "title": "Waterproof hiking jacket",
            "seller_store_id": "tb-1001",
            "category": "Apparel",
            "status": "live",
        }
    ],
}


class CatalogueListingsImport(APIView):
    permission_classes = [permissions.IsAuthenticated, CanImportCatalogue]

    @extend_schema(
        summary="Import marketplace sellers and listings (bulk upsert)",
        description=(
            "For marketplace operators. Sellers are keyed by (platform, store_id), listings by "
            "(platform, listing_id); known rows are updated, new ones created, unchanged ones "
            "left alone. All or nothing: if any row is invalid nothing is written and each bad "
            f"row is reported. At most {MAX_IMPORT_ROWS} rows per section."
        ),
        tags=["catalogue"],
        request=CatalogueImportIn,
        responses={
            200: CatalogueImportOut,
            400: OpenApiResponse(CatalogueImportErrorOut, description="Invalid rows"),
            401: OpenApiResponse(description="Not signed in"),
            403: OpenApiResponse(description="Not a marketplace operator"),
        },
        examples=[OpenApiExample("One store and one listing", value=_EXAMPLE, request_only=True)],
    )
    def post(self, request):
        serializer = CatalogueImportIn(data=request.data)
        if not serializer.is_valid():
            return _invalid(row_errors(serializer.errors))
        try:
            batch = import_catalogue(
                sellers=serializer.validated_data["sellers"],
                listings=serializer.validated_data["listings"],
                actor=request.user,
                source="api",
            )
        except CatalogueImportError as exc:
            return _invalid(exc.errors)
        out = CatalogueImportOut(
            {
                "import_id": batch.pk,
                "sellers_created": batch.sellers_created,
                "sellers_updated": batch.sellers_updated,
                "listings_created": batch.listings_created,
                "listings_updated": batch.listings_updated,
            }
        )
        return Response(out.data, status=status.HTTP_200_OK)


def _invalid(errors: list[dict]) -> Response:
    body = {
        "detail": str(CatalogueImportError([]).message),
        "code": CatalogueImportError.code,
        "errors": errors,
    }
    return Response(body, status=status.HTTP_400_BAD_REQUEST)
