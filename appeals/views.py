"""Appeal pages: file an appeal against a decision, My appeals, one appeal as each party sees
it, and the second reviewer's page. Thin: a selector, a form, one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.forms import show_domain_error
from core.idempotency import form_once

from . import selectors, services
from .forms import GRANT, AppealForm, DecideForm
from .models import AppealKind

PAGE = selectors.APPEALS_PAGE


@login_required
def my_appeals(request):
    page = Paginator(selectors.appeals_for(request.user), PAGE).get_page(request.GET.get("page"))
    return render(request, "appeals/list.html", {"page": page})


def _subject_context(request, kind: str, subject_id: int) -> dict:
    subject, decision = selectors.appealable(request.user, kind, subject_id)
    return {
        "kind": kind,
        "kind_label": AppealKind(kind).label,
        "subject": subject,
        "subject_id": subject_id,
        "decision": decision,
        "window_ends": selectors.window_ends(decision),
        "window_closed": timezone.now() > selectors.window_ends(decision),
        "existing": selectors.existing_appeal(kind, subject, decision),
    }


@login_required
@form_once
def new_appeal(request, kind, subject_id):
    context = _subject_context(request, kind, subject_id)
    form = AppealForm(request.POST or None, request.FILES or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        data = services.AppealInput(
            kind=kind,
            subject_id=subject_id,
            statement=form.cleaned_data["statement"],
            evidence=form.evidence(),
        )
        try:
            appeal = services.file_appeal(appellant=request.user, data=data)
        except DomainError as error:
            show_domain_error(form, error, request=request)
        else:
            messages.success(request, _("Appeal sent. A second reviewer will decide."))
            return redirect("appeals:detail", pk=appeal.pk)
    return render(request, "appeals/new.html", {**context, "form": form})


@login_required
def detail(request, pk):
    sight = selectors.access_appeal(request.user, pk)
    if sight.is_reviewer:
        return redirect("appeals:review", pk=pk)
    return render(request, "appeals/detail.html", {"sight": sight, "appeal": sight.appeal})


@login_required
def confirm_withdraw(request, pk):
    sight = selectors.access_appeal(request.user, pk)
    return render(request, "appeals/confirm_withdraw.html", {"appeal": sight.appeal})


@login_required
@require_POST
def withdraw(request, pk):
    sight = selectors.access_appeal(request.user, pk)
    try:
        services.withdraw_appeal(appeal=sight.appeal, actor=request.user)
    except DomainError as error:
        show_domain_error(None, error, request=request)
    else:
        messages.success(request, _("Appeal withdrawn."))
    return redirect("appeals:detail", pk=pk)


def _review_page(request, sight, form):
    from core import claims

    from .queues import QUEUE_NAME

    return render(
        request,
        "appeals/review.html",
        {
            "sight": sight,
            "appeal": sight.appeal,
            "form": form,
            "holder": claims.holder_of(QUEUE_NAME, sight.appeal),
        },
    )


@login_required
def review(request, pk):
    sight = selectors.access_appeal_for_review(request.user, pk)
    return _review_page(request, sight, DecideForm())


@login_required
@require_POST
def start(request, pk):
    sight = selectors.access_appeal_for_review(request.user, pk)
    try:
        services.start_review(appeal=sight.appeal, reviewer=request.user)
    except DomainError as error:
        show_domain_error(None, error, request=request)
    else:
        messages.success(request, _("You have taken up this appeal."))
    return redirect("appeals:review", pk=pk)


@login_required
@require_POST
def decide(request, pk):
    sight = selectors.access_appeal_for_review(request.user, pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decide_appeal(
                appeal=sight.appeal,
                reviewer=request.user,
                grant=data["decision"] == GRANT,
                reason=data["reason"],
                answer=data["answer"],
            )
        except DomainError as error:
            show_domain_error(form, error, request=request)
        else:
            messages.success(request, _("Decision recorded. Both parties have been told."))
            return redirect("appeals:review", pk=pk)
    return _review_page(request, sight, form)
