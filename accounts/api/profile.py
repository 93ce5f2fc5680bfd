"""The account's own profile."""

import re

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import User
from ..services.profile import update_contact_details

PHONE_RE = re.compile(r"\+?[0-9 ()\-./]{5,40}")


class ProfileSerializer(serializers.ModelSerializer):
    location = serializers.CharField(source="location.code", read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "contact_email",
            "phone",
            "address",
            "time_zone",
            "language",
            "role",
            "location",
            "identity_kind",
            "registrant_category",
            "identity_status",
            "complainant_name",
            "identity_expires_on",
            "agreement_version",
            "agreement_accepted_at",
            "date_joined",
        ]
        read_only_fields = [
            f
            for f in fields
            if f not in ("contact_email", "phone", "address", "time_zone", "language")
        ]
        extra_kwargs = {"address": {"max_length": 500}}

    def validate_phone(self, value):
        if value and not PHONE_RE.fullmatch(value):
            raise serializers.ValidationError(
                _("Enter a phone number with digits, spaces, ( ) - . / and an optional leading +.")
            )
        return value


class MeView(APIView):
    @extend_schema(summary="Your account", responses=ProfileSerializer)
    def get(self, request):
        return Response(ProfileSerializer(request.user).data)

    @extend_schema(
        summary="Edit contact details", request=ProfileSerializer, responses=ProfileSerializer
    )
    def patch(self, request):
        data = ProfileSerializer(request.user, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = update_contact_details(user=request.user, **data.validated_data)
        return Response(ProfileSerializer(user).data)
