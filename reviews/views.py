"""Review pages: the workbench, complaint review per URL, the seller's portal, counter-notices.
Each transition: a confirmation page (GET) and a POST-only handler calling one service."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse as reverse_url
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import is_reviewer, require_reviewer
from complaints.models import ComplaintStatus, ItemStatus
from complaints.reasons import proof_checklist
from complaints.standing import standing_of
from complaints.visibility import complainant_contact, sight_of
from core import claims
from core.cursors import encode_keyset, keyset_param
from core.errors import DomainError
from core.forms import show_domain_error
from core.idempotency import form_once

from . import selectors
from .forms import (
    BulkDecisionForm,
    CounterNoticeDecisionForm,
    CounterNoticeForm,
    ItemFilterForm,
    MaintainForm,
    NoteForm,
    RejectForm,
)
from .models import CounterNoticeStatus
from .policy import counter_notice_chances, decision_policy
from .services import bulk, decisions, penalties
from .services import counter_notices as cn_services
from .services.workbench import claim_next_item


# --- workbench ---------------------------------------------------------------------------------
@login_required
def workbench(request):
    queues = selectors.workbench(request.user)
    chart = [(q.queue.label, q.count, "warn" if q.count > q.claimed else "ok") for q in queues]
    return render(request, "reviews/workbench.html", {"queues": queues, "chart": chart})


@login_required
def queue(request, name):
    q, rows, last = selectors.queue_page(request.user, name, keyset_param(request.GET))
    next_cursor = encode_keyset(last.age, last.pk) if last is not None and last.age else ""
    return render(
        request, "reviews/queue.html", {"queue": q, "rows": rows, "next_cursor": next_cursor}
    )


@login_required
@require_POST
def claim_next(request, name):
    selectors.reviewer_queue(request.user, name)
    item = claim_next_item(queue_name=name, reviewer=request.user)
    if item is None:
        messages.info(request, _("Nothing left to claim in this queue."))
        return redirect("reviews:queue", name=name)
    return redirect(claims.get_queue(name).url(item))


@login_required
@require_POST
def claim(request, name, pk):
    q, item = selectors.queue_item(request.user, name, pk)
    try:
        claims.claim(queue_name=name, item=item, reviewer=request.user)
    except DomainError as error:
        show_domain_error(None, error, request=request)
        return redirect("reviews:queue", name=name)
    return redirect(q.url(item))


@login_required
@require_POST
def release(request, name, pk):
    _q, item = selectors.queue_item(request.user, name, pk)
    claims.release(queue_name=name, item=item, reviewer=request.user)
    messages.success(request, _("Released back to the queue."))
    return redirect("reviews:queue", name=name)


# --- complaint review --------------------------------------------------------------------------
REVIEW_PAGE = 50
FILTER_KEYS = ("seller", "category", "status", "page")


@login_required
def complaint(request, pk):
    c = selectors.access_complaint_for_review(request.user, pk)
    filters = ItemFilterForm(request.GET, facets=selectors.item_facets(c))
    narrowing = filters.narrowing()
    page = Paginator(narrowing.apply(selectors.review_items(c)), REVIEW_PAGE).get_page(
        request.GET.get("page")
    )
    for item in page.object_list:
        item.undo_until = bulk.undo_deadline(item)
    return render(
        request,
        "reviews/complaint.html",
        {
            "complaint": c,
            "page": page,
            "filters": filters,
            "filtered": any(request.GET.get(k) for k in FILTER_KEYS[:3]),
            "open_matching": len(selectors.open_item_ids(c, narrowing)),
            "query": _filter_query(request.GET, keep_page=False),
            "page_query": _filter_query(request.GET),
            "decision_form": BulkDecisionForm(),
            "holder": claims.holder_of("complaints", c),
            "contact": complainant_contact(c),
            "notifier": standing_of(c.complainant),  # select_related: no query
            "trail": sight_of(request.user, c).timeline(),  # type: ignore[union-attr]
            "evidence": c.evidence.all(),
            "undo_minutes": decision_policy().undo_minutes,
            "status_labels": {
                **dict(ItemStatus.choices),
                "complaint": dict(ComplaintStatus.choices),
            },
        },
    )


def _filter_query(values, *, keep_page: bool = True) -> str:
    """The page's filter (and page number) as a query string, to come back to the same view."""
    keys = FILTER_KEYS if keep_page else FILTER_KEYS[:3]
    return urlencode({k: values[k] for k in keys if values.get(k)})


def _back_to(complaint_pk: int, values) -> str:
    query = _filter_query(values)
    path = reverse_url("reviews:complaint", args=[complaint_pk])
    return f"{path}?{query}#urls" if query else f"{path}#urls"


@login_required
@require_POST
def decide_items(request, pk):
    """The selection bar: accept or reject the ticked URLs (or all matching the filter) with one
    reason and note, then back to the same filtered page and place."""
    c = selectors.access_complaint_for_review(request.user, pk)
    form = BulkDecisionForm(request.POST)
    back = _back_to(c.pk, request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or reject and select URLs."))
        return redirect(back)
    data = form.cleaned_data
    ids = data["items"]
    if data["all_matching"]:
        facets = selectors.item_facets(c)
        ids = selectors.open_item_ids(c, ItemFilterForm(request.POST, facets=facets).narrowing())
    try:
        result = bulk.decide_items(
            complaint=c,
            item_ids=ids,
            decision=data["decision"],
            reason=data["reason"],
            note=data["note"],
            actor=request.user,
        )
    except DomainError as error:
        show_domain_error(None, error, request=request)
    else:
        messages.success(request, _decided_message(result))
    return redirect(back)


def _decided_message(result: bulk.BatchDecision) -> str:
    n = result.decided_count
    if result.decision == bulk.REJECT:
        return ngettext("%(n)d URL rejected.", "%(n)d URLs rejected.", n) % {"n": n}
    return ngettext(
        "%(n)d URL accepted: the listing is taken down. You can undo it for %(m)d minutes.",
        "%(n)d URLs accepted: the listings are taken down. You can undo each for %(m)d minutes.",
        n,
    ) % {"n": n, "m": decision_policy().undo_minutes}


@login_required
def confirm_undo(request, pk):
    item = selectors.access_item_for_review(request.user, pk)
    return render(
        request,
        "reviews/confirm_undo.html",
        {"item": item, "undo_until": bulk.undo_deadline(item)},
    )


@login_required
@require_POST
def undo(request, pk):
    item = selectors.access_item_for_review(request.user, pk)
    try:
        bulk.undo_takedown(item=item, actor=request.user)
    except DomainError as error:
        show_domain_error(None, error, request=request)
    else:
        messages.success(
            request,
            _("URL %(n)d undone: the listing is back on sale and awaits a decision.")
            % {"n": item.line},
        )
    return redirect(_back_to(item.complaint_id, request.POST))


@login_required
def confirm_accept(request, pk):
    item = selectors.access_item_for_review(request.user, pk)
    return render(request, "reviews/confirm_accept.html", {"item": item, "form": NoteForm()})


@login_required
@require_POST
def accept(request, pk):
    item = selectors.access_item_for_review(request.user, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return render(request, "reviews/confirm_accept.html", {"item": item, "form": form})
    try:
        decisions.accept_item(item=item, actor=request.user, note=form.cleaned_data["note"])
    except DomainError as error:
        show_domain_error(None, error, request=request)
    else:
        messages.success(
            request, _("URL %(n)d accepted: the listing is taken down.") % {"n": item.line}
        )
    return redirect("reviews:complaint", pk=item.complaint_id)


@login_required
def confirm_reject(request, pk):
    item = selectors.access_item_for_review(request.user, pk)
    return render(request, "reviews/confirm_reject.html", {"item": item, "form": RejectForm()})


@login_required
@require_POST
def reject(request, pk):
    item = selectors.access_item_for_review(request.user, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return render(request, "reviews/confirm_reject.html", {"item": item, "form": form})
    try:
        decisions.reject_item(
            item=item,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        show_domain_error(None, error, request=request)
    else:
        messages.success(request, _("URL %(n)d rejected.") % {"n": item.line})
    return redirect("reviews:complaint", pk=item.complaint_id)


@login_required
def confirm_reverse(request, pk):
    item = selectors.access_item_for_review(request.user, pk)
    return render(request, "reviews/confirm_reverse.html", {"item": item, "form": NoteForm()})


@login_required
@require_POST
def reverse(request, pk):
    item = selectors.access_item_for_review(request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            decisions.reverse_takedown(
                item=item, actor=request.user, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            show_domain_error(None, error, request=request)
        else:
            messages.success(request, _("Takedown reversed: the listing is restored."))
    return redirect("reviews:complaint", pk=item.complaint_id)


# --- seller portal -----------------------------------------------------------------------------
@login_required
def seller_home(request):
    items, last = selectors.seller_list_page(request.user, keyset_param(request.GET))
    ledger = selectors.ledger_lines(selectors.seller_ledger(request.user), 100)
    return render(
        request,
        "reviews/seller_home.html",
        {
            "items": items,
            "next_cursor": encode_keyset(*last) if last is not None else "",
            # No entry in the ledger, none on record: the standing is not asked for.
            "standing": penalties.standing(selectors.store_ids(request.user)) if ledger else [],
            "ledger": ledger,
        },
    )


# A listing still down: a counter-notice chance may be open.
DOWN = (ItemStatus.ACCEPTED, ItemStatus.UPHELD)


def _counter_notice_form(request, item):
    return CounterNoticeForm(
        request.POST or None,
        request.FILES or None,
        owner=request.user,
        dmca=item.complaint.is_dmca,
    )


@login_required
def seller_item(request, pk):
    item = selectors.access_seller_item(request.user, pk)
    chances = selectors.chances_of(item)
    form = _counter_notice_form(request, item) if chances.can_send else None
    return _seller_item_page(request, item, form)


def _seller_item_page(request, item, form):
    """The takedown notice as the seller sees it, through the one visibility rule
    (complaints.visibility): the reason and what it requires, the IPR's registration, the
    description and proof, and of the complainant only a name and a contact email."""
    sight = sight_of(request.user, item.complaint)
    if sight is None:
        raise Http404
    chances = selectors.chances_of(item)
    return render(
        request,
        "reviews/seller_item.html",
        {
            "item": item,
            "complaint": item.complaint,
            "ipr": item.complaint.ipr,
            "contact": sight.complainant_contact(),
            "evidence": list(sight.evidence()),
            "proof_checklist": proof_checklist(item.complaint.reason),
            "form": form,
            "chances": chances,
            "rounds": list(item.counter_notices.all()),
            # Why no counter-notice can be sent now, when the listing is still down.
            "refusal": (
                cn_services.chance_refusal(item)
                if not chances.can_send and item.status in DOWN
                else ""
            ),
        },
    )


@login_required
@require_POST
@form_once
def submit_counter_notice(request, pk):
    item = selectors.access_seller_item(request.user, pk)
    form = _counter_notice_form(request, item)
    if form.is_valid():
        data = cn_services.CounterNoticeInput(
            grounds=form.cleaned_data["grounds"],
            statement=form.cleaned_data["statement"],
            evidence=form.evidence(),
            **{
                k: form.cleaned_data.get(k)
                for k in ("full_name", "address", "phone", "signature")
                if k in form.fields
            },
            perjury_statement=bool(form.cleaned_data.get("perjury_statement")),
            jurisdiction_consent=bool(form.cleaned_data.get("jurisdiction_consent")),
        )
        try:
            cn_services.submit_counter_notice(item=item, actor=request.user, data=data)
        except DomainError as error:
            show_domain_error(form, error, request=request)
        else:
            messages.success(request, _("Counter-notice sent. The complainant has been told."))
            return redirect("reviews:seller_item", pk=item.pk)
    return _seller_item_page(request, item, form)


# --- counter-notices ---------------------------------------------------------------------------
@login_required
def counter_notice(request, pk):
    notice = selectors.access_counter_notice(request.user, pk)
    item = notice.item
    is_complainant = item.complaint.complainant_id == request.user.pk
    return render(
        request,
        "reviews/counter_notice.html",
        {
            "notice": notice,
            "item": item,
            "is_complainant": is_complainant,
            "show_dmca_details": is_reviewer(request.user) or is_complainant,
            "can_answer": is_complainant
            and notice.status == CounterNoticeStatus.AWAITING_COMPLAINANT,
            "can_decide": is_reviewer(request.user)
            and notice.status == CounterNoticeStatus.MAINTAINED,
            "decision_form": CounterNoticeDecisionForm(),
            "due": item.deadlines.filter(status="open").first(),
            "rounds": list(item.counter_notices.all()),
            "total": counter_notice_chances(item.complaint.platform),
        },
    )


def _own_notice(request, pk):
    notice = selectors.access_counter_notice(request.user, pk)
    if notice.item.complaint.complainant_id != request.user.pk:
        raise Http404
    return notice


@login_required
def confirm_accept_counter_notice(request, pk):
    notice = _own_notice(request, pk)
    return render(request, "reviews/confirm_accept_counter_notice.html", {"notice": notice})


@login_required
@require_POST
def accept_counter_notice(request, pk):
    notice = _own_notice(request, pk)
    try:
        cn_services.accept_counter_notice(counter_notice=notice, actor=request.user)
    except DomainError as error:
        show_domain_error(None, error, request=request)
    else:
        messages.success(request, _("Counter-notice accepted: the listing is restored."))
    return redirect("reviews:counter_notice", pk=notice.pk)


@login_required
def maintain(request, pk):
    """GET: the form; POST: maintain with further evidence (the form keeps uploads on errors)."""
    notice = _own_notice(request, pk)
    form = MaintainForm(request.POST or None, request.FILES or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            cn_services.maintain_complaint(
                counter_notice=notice,
                actor=request.user,
                statement=form.cleaned_data["statement"],
                evidence=form.evidence(),
            )
        except DomainError as error:
            show_domain_error(None, error, request=request)
        else:
            messages.success(request, _("Complaint maintained. A reviewer will decide."))
        return redirect("reviews:counter_notice", pk=notice.pk)
    return render(request, "reviews/maintain.html", {"notice": notice, "form": form})


@login_required
def confirm_decide(request, pk):
    notice = selectors.access_counter_notice(request.user, pk)
    require_reviewer(request.user)
    return render(
        request,
        "reviews/confirm_decide.html",
        {"notice": notice, "form": CounterNoticeDecisionForm()},
    )


@login_required
@require_POST
def decide(request, pk):
    require_reviewer(request.user)
    notice = selectors.access_counter_notice(request.user, pk)
    form = CounterNoticeDecisionForm(request.POST)
    if not form.is_valid():
        return render(request, "reviews/confirm_decide.html", {"notice": notice, "form": form})
    try:
        cn_services.decide_counter_notice(
            counter_notice=notice,
            actor=request.user,
            accept=form.cleaned_data["decision"] == "accept",
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        show_domain_error(None, error, request=request)
    else:
        messages.success(request, _("Decision recorded. Both parties have been told."))
    return redirect("reviews:counter_notice", pk=notice.pk)


@login_required
def seller_history(request, pk):
    seller = selectors.access_seller_for_review(request.user, pk)
    return render(
        request,
        "reviews/seller_history.html",
        {
            "seller": seller,
            "standing": penalties.standing([seller.pk]),
            "ledger": selectors.ledger_lines(seller.penalty_entries.all(), 200),
        },
    )
