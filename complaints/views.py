"""Complaint pages: Submit a Complaint, Manage Complaints (with CSV), the complaint page with
live validation progress, and the public DMCA notice form."""

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from accounts.selectors import filing_block_reason
from core.csp import human_check_page
from core.csv_cells import safe_row
from core.cursors import BadQuery
from core.errors import DomainError
from core.forms import show_domain_error
from core.http import client_ip
from core.idempotency import form_once
from ipr.selectors import unavailable_iprs_for

from . import selectors, services
from .forms import ComplaintForm, DmcaForm, ManageFilterForm
from .models import Complaint, ComplaintStatus
from .reasons import EVIDENCE_CHECKLIST, GUIDANCE
from .visibility import see_complaint


def _filters(form: ManageFilterForm) -> selectors.ComplaintFilters:
    """The list's filters; a value the form never offers answers 400 (BadQuery)."""
    if form.is_bound and not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise BadQuery(f"{field}: {errors[0]}", code="bad_filter", field=field)
    data = form.cleaned_data if form.is_valid() else {}
    return selectors.ComplaintFilters(**{k: v for k, v in data.items() if v not in (None, "")})


@login_required
def manage(request):
    form = ManageFilterForm(request.GET or None, user=request.user)
    rows, next_cursor = selectors.manage_page(
        request.user, _filters(form), request.GET.get("after", "")
    )
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "complaints/manage.html",
        {
            "form": form,
            "rows": selectors.for_listing(rows),
            "next_cursor": next_cursor,
            "query": query.urlencode(),
            "summary": selectors.status_summary(request.user),
            "can_file": filing_block_reason(request.user) is None,
        },
    )


class _Echo:
    def write(self, value):
        return value


@login_required
def export_csv(request):
    form = ManageFilterForm(request.GET or None, user=request.user)
    qs = (
        selectors.complaints_for(request.user, _filters(form))
        .order_by("-created_at", "-id")
        .prefetch_related("items")
    )
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(
            [
                "complaint",
                "created_at",
                "platform",
                "reason",
                "status",
                "ipr",
                "line",
                "url",
                "listing_id",
                "url_status",
                "error",
                "decided_at",
                "rejection_reason",
                "outcome",
            ]
        )
        for complaint in qs.iterator(chunk_size=500):
            for item in complaint.items.all():
                yield writer.writerow(
                    safe_row(
                        [
                            complaint.pk,
                            complaint.created_at.isoformat(),
                            complaint.platform,
                            complaint.reason,
                            complaint.status,
                            complaint.ipr_id or "",
                            item.line,
                            item.url,
                            item.listing_id,
                            item.status,
                            item.error_code,
                            item.decided_at.isoformat() if item.decided_at else "",
                            item.rejection_reason,
                            item.outcome,
                        ]
                    )
                )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="complaints.csv"'
    return response


def _guidance() -> dict:
    return {
        k: {"text": str(v), "checklist": [str(c) for c in EVIDENCE_CHECKLIST.get(k, [])]}
        for k, v in GUIDANCE.items()
    }


@login_required
@form_once
def complaint_form(request, pk=None):
    block = filing_block_reason(request.user)
    complaint = selectors.access_own_complaint(request.user, pk) if pk else None
    if complaint is not None and complaint.status != ComplaintStatus.DRAFT:
        return redirect("complaints:detail", pk=complaint.pk)
    initial = _initial_from(complaint) if complaint else {}
    form = ComplaintForm(
        request.POST or None, request.FILES or None, complainant=request.user, initial=initial
    )
    line_results = None
    if request.method == "POST" and block is None and form.is_valid():
        data = services.ComplaintInput(
            platform=form.cleaned_data["platform"],
            ipr=form.cleaned_data["ipr"],
            reason=form.cleaned_data["reason"],
            urls=form.cleaned_data["urls"],
            description=form.cleaned_data["description"],
            evidence=form.evidence(),
        )
        submit = request.POST.get("action") == "submit"
        try:
            saved = services.save_or_submit(
                complainant=request.user, data=data, complaint=complaint, submit=submit
            )
        except services.LineErrors as error:
            form.add_error("urls", error.message)
            line_results = error.results
        except DomainError as error:
            show_domain_error(form, error, request=request)
        else:
            if submit:
                messages.success(request, _("Complaint submitted. Its URLs are being checked."))
            else:
                messages.success(request, _("Draft saved."))
            return redirect("complaints:detail", pk=saved.pk)
    return render(
        request,
        "complaints/form.html",
        {
            "form": form,
            "block_reason": block,
            "complaint": complaint,
            "line_results": line_results,
            "unavailable": unavailable_iprs_for(request.user),
            "guidance": _guidance(),
            "ipr_reasons": form.ipr_reasons,
        },
    )


def _initial_from(complaint) -> dict:
    initial = {
        "platform": complaint.platform,
        "ipr": complaint.ipr_id,
        "reason": complaint.reason,
        "description": complaint.description,
        "urls": "\n".join(complaint.items.order_by("line").values_list("url", flat=True)),
    }
    for n, doc in enumerate(complaint.evidence.all(), start=1):
        initial[f"evidence_{n}"] = doc
    return initial


@login_required
def detail(request, pk):
    sight = see_complaint(request.user, pk)
    return render(
        request,
        "complaints/detail.html",
        {
            "complaint": sight.complaint,
            "sight": sight,
            "items": sight.listed_items(),
            "trail": sight.timeline(),
            "evidence": sight.evidence(),
            "contact": None if sight.whole else sight.complainant_contact(),
        },
    )


@login_required
@require_GET
def progress(request, pk):
    """The validation progress for the page's poller: every URL's state for the complainant and
    reviewers; a seller gets only the state of its own URLs."""
    sight = see_complaint(request.user, pk)
    complaint = sight.complaint
    body: dict = {
        "status": complaint.status,
        "status_label": complaint.get_status_display(),
        "done": complaint.status != ComplaintStatus.VALIDATING,
        "items": list(sight.items().order_by("line").values("line", "status", "error_message")),
    }
    if sight.whole:
        body |= {
            "processed": complaint.processed_count,
            "total": complaint.url_count,
            "percent": complaint.progress_percent,
        }
    return JsonResponse(body)


@login_required
def withdraw(request, pk):
    complaint = selectors.access_own_complaint(request.user, pk)
    if request.method == "POST":
        try:
            services.withdraw_complaint(complaint=complaint, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The complaint is withdrawn."))
        return redirect("complaints:detail", pk=complaint.pk)
    return render(request, "complaints/confirm_withdraw.html", {"complaint": complaint})


@human_check_page
@ratelimit(key="ip", rate="10/h", method="POST", block=True)
@form_once
def dmca_notice(request):
    if request.method == "GET" and "receipt" in request.GET:
        return _dmca_receipt(request, request.GET["receipt"])
    form = DmcaForm(request.POST or None)
    line_results = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "human_check"}
        try:
            complaint = services.file_dmca_notice(
                data=services.DmcaInput(**data), ip_address=client_ip(request)
            )
        except services.LineErrors as error:
            form.add_error("urls", error.message)
            line_results = error.results
        except DomainError as error:
            show_domain_error(form, error, request=request)
        else:
            # Post/redirect/get: a reload or a second click shows the receipt, never files again.
            receipt = signing.dumps(complaint.pk, salt=_DMCA_RECEIPT_SALT)
            return redirect(f"{reverse('dmca_notice')}?{urlencode({'receipt': receipt})}")
    return render(request, "complaints/dmca.html", {"form": form, "line_results": line_results})


_DMCA_RECEIPT_SALT = "complaints.dmca-receipt"


def _dmca_receipt(request, value: str):
    try:
        pk = signing.loads(value, salt=_DMCA_RECEIPT_SALT)
    except signing.BadSignature:
        return redirect("dmca_notice")
    complaint = get_object_or_404(Complaint.objects.only("pk"), pk=pk)
    return render(request, "complaints/dmca_done.html", {"complaint": complaint})
