"""The FAQ's own words, shown on the forms, in refusals and in the generated letter."""

from django.utils.translation import gettext_lazy as _

FILING_RECEIPT = _(
    "The Official Filing Receipt issued by intellectual property office shows that the IPR at "
    "issue is still under examination, not registered. Therefore, it cannot prove that you are "
    "or will be the owner of the IPR."
)
NOT_YET_REGISTERED = _(
    "If the trademark is still in the process of application acceptance and has not obtained "
    "the exclusive right of the registered trademark, please submit the trademark after it has "
    "been successfully registered."
)
ONE_RIGHT_PER_APPLICATION = _(
    "One intellectual property right application can only submit one registration "
    "certificate. If you have more than one, please submit the certificates separately."
)
EVALUATION_REPORT = _(
    "Due to the instability of the utility model and design patent, the Patent Evaluation "
    "Report is much more effective to prove the validity of your patent and facilitate our "
    "processing of your request. We kindly recommend you to apply for the Patent Evaluation "
    "Report as soon as possible."
)
COPYRIGHT_CERTIFICATE = _(
    "A copyright registration certificate must include the registration page and the pages "
    "bearing the content of the work with the official seal/chop of copyright registration."
)
SUPPORTING_DOCUMENTS = _(
    "If any IPR or its ownership has been renewed, altered or transferred, please provide "
    "relevant supporting documents."
)
AUTHORIZATION_LETTER = _(
    "The authorization letter should be signed or affixed with the company seal/chop by the IPR "
    "owner to authorize the specified IPP Platform user to file infringement claims through the "
    "IPP Platform on the IPR owner's behalf."
)
SALES_IS_NOT_ENFORCEMENT = _(
    "Authorization for sales or use (e.g., being an official retailer of a certain brand) may "
    "not serve as proper authorization for IPR protection."
)
LETTER_SCOPE = _("to file infringement complaints through the IPP platform")
ENDS_TODAY_RULE = _("A term that ends today is still valid today; it is withdrawn from tomorrow.")
RENEW_HINT = {
    "right_expired": _(
        "If the IPR has been renewed, the application for authentication can be re-submitted "
        "with supporting documents to demonstrate the renewal."
    ),
    "letter_expired": _(
        "If the authorization term has been renewed or supplemented, the application for "
        "authentication can be re-submitted with relevant supporting documentation."
    ),
    "identity_expired": _(
        "The application for authentication may be re-submitted with a new valid ID or "
        "company/business registration certificate."
    ),
    "invalid": _(
        "If the submitted IPR becomes or is declared as invalid, we will not process related "
        "complaint requests."
    ),
}
