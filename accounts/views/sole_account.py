"""Sole account confirmation pages: the owner's confirmation and the reviewer's decision."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.audit import trail_for
from core.errors import DomainError
from core.forms import show_domain_error
from core.idempotency import form_once

from .. import selectors
from ..forms.sole_account import ReasonNoteForm, SoleAccountForm
from ..models import SubmissionStatus
from ..services import sole_account as sole_services
from ..statements import exclusive_account_statement_pdf
from .identity import reviewer_required, rights_owner_required


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
            show_domain_error(form, error, request)
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


@reviewer_required
@require_GET
def sole_review(request, pk):
    confirmation = selectors.access_sole_confirmation(request.user, pk)
    return render(
        request,
        "accounts/staff_sole_review.html",
        {
            "confirmation": confirmation,
            "trail": trail_for(confirmation),
            "same_name": selectors.accounts_sharing_name(confirmation.account),
        },
    )


@reviewer_required
def sole_approve(request, pk):
    """GET: the confirmation page; POST: approve (the other accounts under the name are barred)."""
    confirmation = selectors.access_sole_confirmation(request.user, pk)
    if request.method == "POST":
        try:
            sole_services.approve_sole_account(confirmation=confirmation, reviewer=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("accounts:sole_review", pk=pk)
        messages.success(
            request, _("Sole account confirmed; the other accounts are barred from filing.")
        )
        return redirect("accounts:identity_queue")
    return render(
        request,
        "accounts/staff_confirm.html",
        {
            "title": _("Approve this sole account?"),
            "object": confirmation,
            "summary": _(
                "%(email)s becomes the only account that may file for %(name)s; the other "
                "accounts under this name are barred from filing."
            )
            % {"email": confirmation.account.email, "name": confirmation.complainant_name},
            "button": _("Approve: this is the sole account"),
            "back": "accounts:sole_review",
        },
    )


@reviewer_required
def sole_reject(request, pk):
    """GET: the rejection form; POST: reject with the explanation the owner reads."""
    confirmation = selectors.access_sole_confirmation(request.user, pk)
    form = ReasonNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sole_services.reject_sole_account(
                confirmation=confirmation, reviewer=request.user, **form.cleaned_data
            )
        except DomainError as error:
            show_domain_error(form, error, request)
        else:
            messages.success(request, _("Confirmation rejected."))
            return redirect("accounts:identity_queue")
    return render(
        request,
        "accounts/staff_reject.html",
        {"form": form, "object": confirmation, "back": "accounts:sole_review"},
    )
