"""Identity verification pages: the rights owner's side and the reviewer's queue."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import trail_for
from core.errors import DomainError
from core.http import client_ip
from core.idempotency import form_once

from . import selectors
from .forms_identity import IdentityForm, ReasonNoteForm, RejectForm, SoleAccountForm
from .models import IdentityStatus, Role, SubmissionStatus
from .services import identity as identity_services
from .services import sole_account as sole_services
from .statements import exclusive_account_statement_pdf


def rights_owner_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if request.user.role != Role.RIGHTS_OWNER:
            raise PermissionDenied(_("Only rights-owner accounts verify an identity."))
        return view(request, *args, **kwargs)

    return wrapper


def reviewer_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_reviewer:
            raise PermissionDenied(_("This page is for reviewers."))
        return view(request, *args, **kwargs)

    return wrapper


def _form_error(request, form, error: DomainError) -> None:
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        messages.error(request, error.message)


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
                _form_error(request, form, error)
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


@rights_owner_required
@form_once
def sole_account(request):
    account = request.user
    others = selectors.accounts_sharing_name(account)
    confirmed = selectors.approved_sole_account(account.complainant_name_key)
    pending = account.sole_confirmations.filter(status=SubmissionStatus.SUBMITTED).first()
    form = SoleAccountForm(request.POST or None, request.FILES or None, owner=account)
    if request.method == "POST" and form.is_valid():
        try:
            sole_services.submit_sole_account_confirmation(account=account, **form.cleaned_data)
        except DomainError as error:
            _form_error(request, form, error)
        else:
            messages.success(request, _("Your sole account confirmation is submitted."))
            return redirect("accounts:sole_account")
    return render(
        request,
        "accounts/sole_account.html",
        {
            "form": form,
            "others_count": others.count(),
            "confirmed": confirmed,
            "pending": pending,
            "latest": account.sole_confirmations.first(),
        },
    )


@rights_owner_required
def sole_account_statement(request):
    pdf = exclusive_account_statement_pdf(request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="exclusive-account-statement.pdf"'
    return response


# --- reviewers ---------------------------------------------------------------------------------
@reviewer_required
def identity_queue(request):
    return render(
        request,
        "accounts/staff_identity_queue.html",
        {
            "queue": selectors.identity_queue()[:200],
            "sole_queue": selectors.sole_account_queue()[:200],
        },
    )


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
            _form_error(request, form, error)
        else:
            messages.success(request, _("Identity rejected; the user is told why."))
            return redirect("accounts:identity_queue")
    return render(
        request,
        "accounts/staff_reject.html",
        {"form": form, "object": submission, "back": "accounts:identity_review"},
    )


@reviewer_required
def sole_review(request, pk):
    confirmation = selectors.access_sole_confirmation(request.user, pk)
    form = ReasonNoteForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "approve":
                sole_services.approve_sole_account(confirmation=confirmation, reviewer=request.user)
                messages.success(
                    request, _("Sole account confirmed; the other accounts are barred from filing.")
                )
                return redirect("accounts:identity_queue")
            if form.is_valid():
                sole_services.reject_sole_account(
                    confirmation=confirmation, reviewer=request.user, **form.cleaned_data
                )
                messages.success(request, _("Confirmation rejected."))
                return redirect("accounts:identity_queue")
        except DomainError as error:
            _form_error(request, form, error)
    return render(
        request,
        "accounts/staff_sole_review.html",
        {
            "confirmation": confirmation,
            "form": form,
            "trail": trail_for(confirmation),
            "same_name": selectors.accounts_sharing_name(confirmation.account),
        },
    )
