"""Identity verification pages: the rights owner's side and the reviewer's queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.audit import trail_for
from core.errors import DomainError
from core.forms import show_domain_error
from core.http import client_ip
from core.idempotency import form_once

from .. import permissions as access
from .. import selectors
from ..forms.identity import IdentityForm, RejectForm
from ..models import IdentityStatus
from ..services import identity as identity_services

rights_owner_required = access.rights_owner_required(
    gettext_lazy("Only rights-owner accounts verify an identity.")
)


reviewer_required = access.reviewer_required(gettext_lazy("This page is for reviewers."))


def _initial_from(submission) -> dict:
    if submission is None:
        return {}
    fields = [
        "complainant_name",
        "document_type",
        "document",
        "document_expires_on",
        "document_language",
        "translation",
        "official_seal_confirmed",
        "representative_name",
        "representative_document",
        "representative_expires_on",
    ]
    return {f: getattr(submission, f) for f in fields}


@rights_owner_required
@form_once
def identity(request):
    account = request.user
    latest = account.identity_submissions.select_related(
        "document", "translation", "representative_document"
    ).first()
    waiting = latest is not None and latest.status in identity_services.OPEN_STATUSES
    form = None
    if not waiting:
        initial = _initial_from(latest if latest and latest.status == "rejected" else None)
        if not initial and account.identity_status == IdentityStatus.APPROVED and latest:
            initial = _initial_from(latest)
        form = IdentityForm(
            request.POST or None, request.FILES or None, account=account, initial=initial
        )
        if request.method == "POST" and form.is_valid():
            try:
                identity_services.submit_identity(
                    account=account,
                    data=identity_services.IdentityData(**form.cleaned_data),
                    ip_address=client_ip(request),
                )
            except DomainError as error:
                show_domain_error(form, error, request)
            else:
                messages.success(request, _("Your identity documents are submitted for review."))
                return redirect("accounts:identity")
    return render(
        request,
        "accounts/identity.html",
        {
            "account": account,
            "latest": latest,
            "form": form,
            "waiting": waiting,
            "history": account.identity_submissions.all()[:10],
            "block_reason": selectors.filing_block_reason(account),
        },
    )


@login_required
def identity_submission(request, pk):
    submission = selectors.access_identity_submission(request.user, pk)
    return render(
        request,
        "accounts/identity_submission.html",
        {
            "submission": submission,
            "trail": trail_for(submission),
        },
    )


# --- reviewers ---------------------------------------------------------------------------------
@reviewer_required
def identity_review(request, pk):
    submission = selectors.access_identity_submission(request.user, pk)
    account = submission.account
    return render(
        request,
        "accounts/staff_identity_review.html",
        {
            "submission": submission,
            "account": account,
            "trail": trail_for(submission),
            "reject_form": RejectForm(),
            "same_name": selectors.accounts_sharing_name(account),
            "previous": account.identity_submissions.exclude(pk=submission.pk)[:5],
        },
    )


@require_POST
@reviewer_required
def identity_start_review(request, pk):
    submission = selectors.access_identity_submission(request.user, pk)
    try:
        identity_services.start_identity_review(submission=submission, reviewer=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("accounts:identity_review", pk=pk)


@reviewer_required
def identity_approve(request, pk):
    submission = selectors.access_identity_submission(request.user, pk)
    if request.method == "POST":
        try:
            identity_services.approve_identity(submission=submission, reviewer=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("accounts:identity_review", pk=pk)
        messages.success(request, _("Identity approved."))
        return redirect("accounts:identity_queue")
    return render(
        request,
        "accounts/staff_confirm.html",
        {
            "title": _("Approve this identity?"),
            "object": submission,
            "summary": _("%(name)s will be able to authenticate IPRs and file complaints.")
            % {"name": submission.complainant_name},
            "button": _("Approve"),
            "back": "accounts:identity_review",
        },
    )


@reviewer_required
def identity_reject(request, pk):
    submission = selectors.access_identity_submission(request.user, pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            identity_services.reject_identity(
                submission=submission, reviewer=request.user, **form.cleaned_data
            )
        except DomainError as error:
            show_domain_error(form, error, request)
        else:
            messages.success(request, _("Identity rejected; the user is told why."))
            return redirect("accounts:identity_queue")
    return render(
        request,
        "accounts/staff_reject.html",
        {"form": form, "object": submission, "back": "accounts:identity_review"},
    )
