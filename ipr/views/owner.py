"""IPR pages of the owner: the IPR Management tab, the forms, the letter, renewal.
Thin: fetch with a selector, validate a form, call one service, show its error."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import require_rights_owner
from accounts.selectors import filing_block_reason
from core.errors import DomainError
from core.forms import show_domain_error
from core.idempotency import form_once

from .. import forms, guidance, selectors, services
from ..letters import authorization_letter_pdf
from ..models import IPR, IPRKind, IPRStatus
from ..validation import needs_authorization_letter

PAGE_SIZE = 25


@login_required
@require_GET
def ipr_list(request):
    require_rights_owner(request.user)
    status, kind = request.GET.get("status", ""), request.GET.get("kind", "")
    rows, next_cursor = selectors.owner_page(
        request.user, status=status, kind=kind, cursor=request.GET.get("after", ""), size=PAGE_SIZE
    )
    counts = selectors.status_counts(request.user)
    return render(
        request,
        "ipr/list.html",
        {
            "rows": rows,
            "next_cursor": next_cursor,
            "first_page": not request.GET.get("after"),
            "status": status,
            "kind": kind,
            "statuses": [(s, label, counts.get(s, 0)) for s, label in IPRStatus.choices],
            "total": sum(counts.values()),
            "kinds": IPRKind.choices,
            "block_reason": filing_block_reason(request.user),
        },
    )


@login_required
@require_GET
def ipr_new(request):
    require_rights_owner(request.user)
    return render(
        request,
        "ipr/new.html",
        {"kinds": IPRKind.choices, "block_reason": filing_block_reason(request.user)},
    )


@login_required
@form_once
def ipr_create(request, kind: str):
    require_rights_owner(request.user)
    if kind not in IPRKind.values:
        raise Http404
    block = filing_block_reason(request.user)
    form_class = forms.FORMS[kind]
    form = form_class(request.POST or None, request.FILES or None, owner=request.user)
    if request.method == "POST" and not block and form.is_valid():
        try:
            ipr = services.create_and_submit_ipr(
                owner=request.user, kind=kind, data=form.to_data(), supporting=form.supporting
            )
        except DomainError as error:
            show_domain_error(form, error, request)
        else:
            if ipr.status == IPRStatus.PENDING:
                messages.success(request, _("Submitted for authentication."))
            else:
                messages.info(request, _("Saved. One step left: the authorization letter."))
            return redirect("ipr:detail", pk=ipr.pk)
    return render(
        request,
        "ipr/form.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": IPRKind(kind).label,
            "block_reason": block,
            "is_agent": request.user.registrant_category == "agent",
        },
        status=400 if request.method == "POST" else 200,
    )


def detail_context(request, ipr: IPR, letter_form=None) -> dict:
    needs_letter = needs_authorization_letter(ipr)
    return {
        "ipr": ipr,
        "documents": ipr.documents_by_role(),
        "trail": selectors.ipr_trail(ipr),
        "needs_letter": needs_letter,
        "is_owner": ipr.owner_id == request.user.pk,
        "letter_form": letter_form or forms.LetterUploadForm(owner=request.user),
        "renew_hint": guidance.RENEW_HINT.get(ipr.withdrawal_code, ""),
        "not_offered": selectors.why_not_offered(ipr) if ipr.status == "authenticated" else None,
        "renewals": list(ipr.renewals.all()),
        "sales_note": guidance.SALES_IS_NOT_ENFORCEMENT,
    }


@login_required
@require_GET
def ipr_detail(request, pk: int):
    ipr = selectors.access_ipr(request.user, pk)
    return render(request, "ipr/detail.html", detail_context(request, ipr))


@login_required
def ipr_edit(request, pk: int):
    """The FAQ's "Edit": fix a failed (or draft) IPR and submit it again."""
    ipr = selectors.access_own_ipr(request.user, pk)
    if not ipr.is_editable:
        messages.error(
            request, _("Only a draft or an IPR whose authentication failed can be edited.")
        )
        return redirect("ipr:detail", pk=ipr.pk)
    needs_letter = needs_authorization_letter(ipr)
    form = forms.FORMS[ipr.kind](
        request.POST or None,
        request.FILES or None,
        owner=request.user,
        instance=ipr,
        letter=needs_letter or bool(ipr.authorization_letter_id),
        submitting=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            ipr = services.update_ipr(
                ipr=ipr, actor=request.user, data=form.to_data(), supporting=form.supporting
            )
            move = services.resubmit_ipr if ipr.status == IPRStatus.FAILED else services.submit_ipr
            ipr = move(ipr=ipr, actor=request.user)
        except DomainError as error:
            show_domain_error(form, error, request)
        else:
            messages.success(request, _("Resubmitted for authentication."))
            return redirect("ipr:detail", pk=ipr.pk)
    return render(
        request,
        "ipr/form.html",
        {
            "form": form,
            "ipr": ipr,
            "kind": ipr.kind,
            "kind_label": ipr.get_kind_display(),
            "needs_letter": needs_letter,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def ipr_letter_upload(request, pk: int):
    """Step 2 for agents: the signed letter and its term; then the IPR goes to the reviewers."""
    ipr = selectors.access_own_ipr(request.user, pk)
    form = forms.LetterUploadForm(request.POST, request.FILES, owner=request.user)
    if form.is_valid():
        try:
            ipr = services.attach_authorization_letter(
                ipr=ipr,
                actor=request.user,
                letter=form.cleaned_data["authorization_letter"],
                starts_on=form.cleaned_data["letter_starts_on"],
                ends_on=form.cleaned_data["letter_ends_on"],
            )
            if ipr.status == IPRStatus.DRAFT:
                ipr = services.submit_ipr(ipr=ipr, actor=request.user)
        except DomainError as error:
            show_domain_error(form, error, request)
        else:
            messages.success(
                request, _("Authorization letter uploaded; submitted for authentication.")
            )
            return redirect("ipr:detail", pk=ipr.pk)
    ipr = selectors.access_own_ipr(request.user, pk)
    return render(request, "ipr/detail.html", detail_context(request, ipr, form), status=400)


@login_required
@require_POST
def ipr_submit(request, pk: int):
    ipr = selectors.access_own_ipr(request.user, pk)
    try:
        services.submit_ipr(ipr=ipr, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Submitted for authentication."))
    return redirect("ipr:detail", pk=ipr.pk)


@login_required
@require_GET
def ipr_letter_pdf(request, pk: int):
    ipr = selectors.access_own_ipr(request.user, pk)
    term = forms.LetterTermForm(request.GET)
    dates = term.cleaned_data if term.is_valid() else {}
    pdf = authorization_letter_pdf(
        ipr, starts_on=dates.get("starts_on"), ends_on=dates.get("ends_on")
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="authorization-letter-ipr-{ipr.pk}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def confirm_renew(request, pk: int):
    ipr = selectors.access_own_ipr(request.user, pk)
    return render(
        request,
        "ipr/confirm_renew.html",
        {"ipr": ipr, "renew_hint": guidance.RENEW_HINT.get(ipr.withdrawal_code, "")},
    )


@login_required
@require_POST
@form_once
def renew(request, pk: int):
    ipr = selectors.access_own_ipr(request.user, pk)
    try:
        new = services.renew_ipr(ipr=ipr, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("ipr:detail", pk=ipr.pk)
    messages.info(
        request, _("A renewal draft was created. Update the dates and documents, then submit.")
    )
    return redirect("ipr:edit", pk=new.pk)
