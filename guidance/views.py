"""Help pages: anyone may read them, signed in or not."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from complaints import standing

from . import contact, platforms


@require_GET
def help_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "guidance/index.html",
        {"guides": platforms.GUIDES, "support": contact.support_contact()},
    )


@require_GET
def platform_guide(request: HttpRequest, slug: str) -> HttpResponse:
    guide = platforms.guide(slug)
    return render(
        request,
        "guidance/platform.html",
        {
            "guide": platforms.guide_data(guide),
            "guides": platforms.GUIDES,
            "reasons": platforms.reasons_with_proof(),
        },
    )


@require_GET
def contact_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "guidance/contact.html",
        {
            "support": contact.support_contact(),
            "agent": contact.dmca_agent(),
            "guides": platforms.GUIDES,
        },
    )


@require_GET
def dmca_agent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "guidance/dmca_agent.html",
        {
            "agent": contact.dmca_agent(),
            "elements": contact.DMCA_NOTICE_ELEMENTS,
            "outcome_note": contact.DMCA_OUTCOME_NOTE,
            "guides": platforms.GUIDES,
        },
    )


@require_GET
def notice_policy(request: HttpRequest) -> HttpResponse:
    """The published good-faith tier and notice misuse policy, its numbers read from the
    settings in force (complaints.standing)."""
    return render(
        request,
        "guidance/notice_policy.html",
        {
            "numbers": standing.policy_numbers(),
            "unfounded_labels": standing.unfounded_reason_labels(),
            "guides": platforms.GUIDES,
        },
    )
