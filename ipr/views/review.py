"""IPR pages of the reviewers: the queue and one confirm page and POST handler per decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.forms import show_domain_error

from .. import forms, selectors, services
from ..models import IPR, RejectionReason, WithdrawalReason
from .owner import detail_context


def _review_context(request, ipr: IPR, **extra) -> dict:
    return {
        **detail_context(request, ipr),
        "reject_form": forms.RejectForm(),
        "approve_form": forms.ApproveForm(),
        "invalid_form": forms.InvalidForm(),
        "rejection_reasons": RejectionReason.choices,
        **extra,
    }


@login_required
@require_GET
def review(request, pk: int):
    ipr = selectors.access_ipr_for_review(request.user, pk)
    return render(request, "ipr/review.html", _review_context(request, ipr))


def _decision(request, pk, *, template, form_class, act, done):
    """GET: the confirmation page. POST (separate, POST-only URL): validate and act."""
    ipr = selectors.access_ipr_for_review(request.user, pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act(ipr, form.cleaned_data)
        except DomainError as error:
            show_domain_error(form, error, request)
        else:
            messages.success(request, done)
            return redirect("ipr:review_queue")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        template,
        {"ipr": ipr, "form": form, "documents": ipr.documents_by_role()},
        status=status,
    )


@login_required
@require_GET
def confirm_approve(request, pk: int):
    return _decision(
        request,
        pk,
        template="ipr/confirm_approve.html",
        form_class=forms.ApproveForm,
        act=None,
        done="",
    )


@login_required
@require_POST
def approve(request, pk: int):
    return _decision(
        request,
        pk,
        template="ipr/confirm_approve.html",
        form_class=forms.ApproveForm,
        act=lambda ipr, d: services.approve_ipr(ipr=ipr, actor=request.user, note=d["note"]),
        done=_("IPR authenticated."),
    )


@login_required
@require_GET
def confirm_reject(request, pk: int):
    return _decision(
        request,
        pk,
        template="ipr/confirm_reject.html",
        form_class=forms.RejectForm,
        act=None,
        done="",
    )


@login_required
@require_POST
def reject(request, pk: int):
    return _decision(
        request,
        pk,
        template="ipr/confirm_reject.html",
        form_class=forms.RejectForm,
        act=lambda ipr, d: services.reject_ipr(
            ipr=ipr, actor=request.user, code=d["code"], text=d["text"]
        ),
        done=_("IPR rejected; the owner was told why."),
    )


@login_required
@require_GET
def confirm_mark_invalid(request, pk: int):
    return _decision(
        request,
        pk,
        template="ipr/confirm_mark_invalid.html",
        form_class=forms.InvalidForm,
        act=None,
        done="",
    )


@login_required
@require_POST
def mark_invalid(request, pk: int):
    return _decision(
        request,
        pk,
        template="ipr/confirm_mark_invalid.html",
        form_class=forms.InvalidForm,
        act=lambda ipr, d: services.mark_ipr_invalid(ipr=ipr, actor=request.user, text=d["text"]),
        done=str(WithdrawalReason.INVALID.label),
    )
