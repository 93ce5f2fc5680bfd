"""The account page, contact details and the agreement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.timezones import default_time_zone_name

from .. import selectors
from ..forms import profile as profile_forms
from ..services.profile import update_contact_details
from ..services.second_factor import second_factor_status


@login_required
def account(request):
    return render(
        request,
        "accounts/account.html",
        {
            "account": request.user,
            "filing_block": selectors.filing_block_reason(request.user),
            "second_factor": second_factor_status(request.user),
            "time_zone": request.user.time_zone or default_time_zone_name(),
        },
    )


@login_required
def contact_details(request):
    user = request.user
    form = profile_forms.ContactDetailsForm(
        request.POST or None,
        initial={
            "contact_email": user.contact_email,
            "phone": user.phone,
            "address": user.address,
            "time_zone": user.time_zone,
            "language": user.language,
        },
    )
    if request.method == "POST" and form.is_valid():
        update_contact_details(user=user, **form.cleaned_data)
        messages.success(request, _("Your contact details are saved."))
        return redirect("accounts:account")
    return render(request, "accounts/contact_details.html", {"form": form})


def agreement(request, version: str | None = None):
    return render(
        request,
        "accounts/agreement.html",
        {
            "agreement": selectors.agreement_version(version),
        },
    )
