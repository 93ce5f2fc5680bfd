"""The help pages' data for API clients: per-platform complaint guidance and who to contact."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import contact, platforms


class PlatformOut(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    max_urls = serializers.IntegerField(help_text="Listing URLs one complaint may name.")


class PlatformGuideOut(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    platforms = PlatformOut(many=True)
    common_needs = serializers.ListField(
        child=serializers.CharField(), help_text="What every complaint needs, on any platform."
    )
    needs = serializers.ListField(child=serializers.CharField())
    notes = serializers.ListField(child=serializers.CharField())
    example_urls = serializers.ListField(
        child=serializers.CharField(), help_text="Listing URL forms the URL check accepts."
    )
    rules = serializers.ListField(
        child=serializers.CharField(),
        help_text="The portal's rules per platform: URLs per complaint, answer windows, "
        "how penalty points count.",
    )


class HelpContactOut(serializers.Serializer):
    support = serializers.DictField(child=serializers.CharField(allow_blank=True))
    dmca_agent = serializers.DictField(child=serializers.CharField(allow_blank=True))
    dmca_note = serializers.CharField()


class PlatformGuideList(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Complaint guidance for every platform",
        description="What each marketplace needs from a complaint (the help pages' content).",
        responses=PlatformGuideOut(many=True),
    )
    def get(self, request):
        data = [platforms.guide_data(guide) for guide in platforms.GUIDES]
        return Response(PlatformGuideOut(data, many=True).data)


class PlatformGuideDetail(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Complaint guidance for one platform group",
        description="`slug`: taobao-tmall, 1688, alibaba-aliexpress or lazada.",
        responses={200: PlatformGuideOut, 404: None},
    )
    def get(self, request, slug: str):
        return Response(PlatformGuideOut(platforms.guide_data(platforms.guide(slug))).data)


class ContactView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Support contact and the DMCA designated agent",
        responses=HelpContactOut,
    )
    def get(self, request):
        return Response(
            HelpContactOut(
                {
                    "support": contact.support_contact(),
                    "dmca_agent": contact.dmca_agent(),
                    "dmca_note": str(contact.DMCA_OUTCOME_NOTE),
                }
            ).data
        )
