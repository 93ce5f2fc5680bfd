"""Complaint pages: Submit a Complaint, Manage Complaints (with CSV), the complaint page with
live validation progress, and the public DMCA notice form."""

import csv
from urllib.parse import parse_qsl, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.selectors import filing_block_reason
from catalogue.urlcheck import check_urls
from core import human_check
from core.csp import human_check_page
from core.csv_cells import safe_row
from core.cursors import BadQuery
from core.errors import DomainError
from core.forms import show_domain_error
from core.http import client_ip
from core.idempotency import form_once
from core.rate_limits import ratelimit
from ipr.selectors import unavailable_iprs_for

from . import saved_filters, selectors, services
from .forms import ComplaintForm, DmcaForm, ManageFilterForm, SaveFilterForm
from .models import Complaint, ComplaintStatus
from .reasons import checklist_data, proof_checklist
from .standing import account_standing, is_good_faith, min_takedown_rate
from .visibility import see_complaint


@login_required
@require_GET
def accuracy(request):
    """Your accuracy: the rights owner's own figures, tier and sanctions (complaints.standing)."""
    mine = account_standing(request.user)
    return render(
        request,
        "complaints/accuracy.html",
        {"mine": mine, "chart": _accuracy_chart(mine.accuracy)},
    )


def _accuracy_chart(accuracy) -> list[tuple[str, int, str]]:
    """Takedown rate per reason (whole percent) for the bar chart: green at the tier's
    threshold or above, amber below."""
    rows = [(_("All reasons"), accuracy.overall.takedown_rate)]
    rows += [(label, figures.takedown_rate) for _r, label, figures in accuracy.reasons()]
    return [
        (label, round(rate), "ok" if rate >= min_takedown_rate() else "warn")
        for label, rate in rows
        if rate is not None
    ]


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
    filters = _filters(form)
    rows, next_cursor = selectors.manage_page(
        request.user, filters, request.GET.get("after", ""), columns=selectors.LISTING_COLUMNS
    )
    query = request.GET.copy()
    query.pop("after", None)
    counts = selectors.status_counts(request.user)  # maintained counters: one small query
    totals, total = selectors.status_totals(counts)
    filter_query = saved_filters.query_of(form.cleaned_data if form.is_bound else {})
    return render(
        request,
        "complaints/manage.html",
        {
            "form": form,
            "rows": selectors.for_listing(rows),
            "next_cursor": next_cursor,
            "query": query.urlencode(),
            "summary": selectors.status_summary(request.user, counts),
            "totals": totals,
            "total": total,
            "current_status": filters.status,
            "saved_filters": list(saved_filters.saved_filters_for(request.user)),
            "filter_query": filter_query,
            "filter_values": [(k, v) for k, v in parse_qsl(filter_query)],
            "save_form": SaveFilterForm(),
            "can_file": filing_block_reason(request.user) is None,
        },
    )


@login_required
@require_POST
def save_filter(request):
    """Save the filters posted with the name (the page posts the current ones as hidden fields)."""
    form = ManageFilterForm(request.POST, user=request.user)
    named = SaveFilterForm(request.POST)
    values = _filters(form)  # a value the list never offers: 400, as on the list
    if not named.is_valid():
        messages.error(request, _("Name the filter to save it."))
    else:
        try:
            saved = saved_filters.save_filter(
                owner=request.user, name=named.cleaned_data["name"], values=vars(values)
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Filter “%(name)s” saved.") % {"name": saved.name})
            return redirect(f"{reverse('complaints:manage')}?{saved.query}")
    return redirect(f"{reverse('complaints:manage')}?{saved_filters.query_of(vars(values))}")


@login_required
@require_POST
def delete_filter(request, pk):
    saved = saved_filters.access_saved_filter(request.user, pk)
    saved_filters.delete_filter(owner=request.user, saved=saved)
    messages.success(request, _("Filter “%(name)s” deleted.") % {"name": saved.name})
    return redirect("complaints:manage")


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


@login_required
@form_once
def complaint_form(request, pk=None):
    block = filing_block_reason(request.user)
    complaint = selectors.access_own_complaint(request.user, pk) if pk else None
    if complaint is not None and complaint.status != ComplaintStatus.DRAFT:
        return redirect("complaints:detail", pk=complaint.pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "drop_invalid" and block is None:
        return _drop_invalid(request, complaint)
    initial = _initial_from(complaint) if complaint else {}
    form = ComplaintForm(
        request.POST or None, request.FILES or None, complainant=request.user, initial=initial
    )
    line_results = None
    if request.method == "POST" and block is None and form.is_valid():
        try:
            saved = _save(request, form, complaint, submit=action == "submit")
        except services.LineErrors as error:
            form.add_error("urls", error.message)
            line_results = error.results
        except DomainError as error:
            _show_error(form, error, request)
            if error.code == "proof_required":
                line_results = _line_results(form)
                if any(r.error for r in line_results):
                    form.add_error("urls", services.LineErrors(line_results).message)
        else:
            if action == "submit":
                messages.success(request, _("Complaint submitted. Its URLs are being checked."))
            else:
                messages.success(request, _("Draft saved."))
            return redirect("complaints:detail", pk=saved.pk)
    return _render_form(request, form, complaint, block=block, line_results=line_results)


def _save(request, form: ComplaintForm, complaint, *, submit: bool):
    data = services.ComplaintInput(
        platform=form.cleaned_data["platform"],
        ipr=form.cleaned_data["ipr"],
        reason=form.cleaned_data["reason"],
        urls=form.cleaned_data["urls"],
        description=form.cleaned_data["description"],
        evidence=form.evidence(),
    )
    return services.save_or_submit(
        complainant=request.user, data=data, complaint=complaint, submit=submit
    )


def _show_error(form: ComplaintForm, error: DomainError, request) -> None:
    if error.field == "evidence":  # at the top of the form and again above the proof slots
        form.add_error(None, error.message)
        form.proof_error = error.message
    else:
        show_domain_error(form, error, request=request)


def _line_results(form: ComplaintForm) -> list:
    """Every line's verdict, for a form refused for another reason (a missing proof) or
    re-shown after its invalid lines were removed: the panel beside the URLs stays filled."""
    platform = form.cleaned_data.get("platform") or None
    return check_urls(form.cleaned_data.get("urls") or "", platform=platform)


def _drop_invalid(request, complaint):
    """The "Remove the invalid lines" button: the form again, as typed, with only the valid URL
    lines kept and a note of what was removed and why. Nothing is saved; uploads are kept."""
    data = request.POST.copy()
    kept = services.drop_invalid_lines(data.get("urls", ""), platform=data.get("platform"))
    data["urls"] = kept.urls
    form = ComplaintForm(data, request.FILES or None, complainant=request.user)
    form.is_valid()  # stores new uploads so that they are kept
    for name in [n for n in form.errors if not n.startswith("evidence_")]:
        del form.errors[name]  # this is no submission: only an upload's own problem is shown
    results = _line_results(form) if kept.urls else None
    return _render_form(
        request, form, complaint, block=None, line_results=results, removed=kept.removed
    )


def _render_form(request, form, complaint, *, block, line_results, removed=None):
    reason = form["reason"].value() or ""
    good_faith = is_good_faith(request.user)
    guidance = checklist_data(good_faith=good_faith)
    return render(
        request,
        "complaints/form.html",
        {
            "form": form,
            "block_reason": block,
            "complaint": complaint,
            "line_results": line_results,
            "removed_lines": removed,
            "unavailable": unavailable_iprs_for(request.user),
            "guidance": guidance,
            "reason_checklist": proof_checklist(reason, good_faith=good_faith),
            "reason_guidance": guidance.get(reason, {}).get("text", ""),
            "good_faith": good_faith,
            "ipr_reasons": form.ipr_reasons,
            "form_words": _form_words(),
        },
    )


def _form_words() -> dict[str, str]:
    """The words the form's script writes, translated here (%(n)s filled in by the script)."""
    return {
        "required": _("Required"),
        "recommended": _("Recommended"),
        "none_removed": _("No invalid line to remove."),
        # The template's plural entry (blocktrans count): 1 and 2 pick each English form.
        "removed_one": ngettext(
            "%(n)s invalid line was removed:", "%(n)s invalid lines were removed:", 1
        ),
        "removed_many": ngettext(
            "%(n)s invalid line was removed:", "%(n)s invalid lines were removed:", 2
        ),
        "line": _("Line %(n)s"),
    }


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
            # With each URL's answer windows (the reviews app's rows, by their relation name).
            "items": sight.listed_items().prefetch_related("deadlines"),
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
    form = DmcaForm(
        request.POST or None,
        human_check_passed=human_check.is_remembered(request, _DMCA_HUMAN_CHECK),
    )
    line_results = None
    valid = request.method == "POST" and form.is_valid()
    if request.method == "POST":
        human_check.keep_solved(request, form, _DMCA_HUMAN_CHECK)
    if valid:
        data = {k: v for k, v in form.cleaned_data.items() if k != "human_check"}
        try:
            complaint = services.file_dmca_notice(
                data=services.DmcaInput(**data),
                ip_address=client_ip(request),
                language=request.LANGUAGE_CODE,
            )
        except services.LineErrors as error:
            form.add_error("urls", error.message)
            line_results = error.results
        except DomainError as error:
            show_domain_error(form, error, request=request)
        else:
            human_check.forget(request, _DMCA_HUMAN_CHECK)
            # Post/redirect/get: a reload or a second click shows the receipt, never files again.
            receipt = signing.dumps(complaint.pk, salt=_DMCA_RECEIPT_SALT)
            return redirect(f"{reverse('dmca_notice')}?{urlencode({'receipt': receipt})}")
    return render(request, "complaints/dmca.html", {"form": form, "line_results": line_results})


_DMCA_RECEIPT_SALT = "complaints.dmca-receipt"
_DMCA_HUMAN_CHECK = "dmca"


def _dmca_receipt(request, value: str):
    try:
        pk = signing.loads(value, salt=_DMCA_RECEIPT_SALT)
    except signing.BadSignature:
        return redirect("dmca_notice")
    complaint = get_object_or_404(Complaint.objects.only("pk"), pk=pk)
    return render(request, "complaints/dmca_done.html", {"complaint": complaint})
