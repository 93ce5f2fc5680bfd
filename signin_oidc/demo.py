"""The demo seller's Taobao member account at the local provider (idp/demo.py: member
"sunrise_outdoor", subject 2088000000000001, operating store tb-1001), linked to the portal's demo
seller by seed_demo so that "Member login" signs the demo seller in straight away."""

from accounts.models import User

from .models import Marketplace, MarketplaceIdentity
from .provider import config_for

DEMO_SELLER_EMAIL = "seller@demo.ipp"
DEMO_SELLER_SUBJECT = "2088000000000001"


def link_demo_seller() -> MarketplaceIdentity | None:
    """Link (once) when Member login is configured; None when it is not or there is no seller."""
    config = config_for(Marketplace.TAOBAO)
    seller = User.objects.filter(email=DEMO_SELLER_EMAIL).first()
    if config is None or seller is None:
        return None
    identity, _created = MarketplaceIdentity.objects.get_or_create(
        issuer=config.expected_issuer,
        subject=DEMO_SELLER_SUBJECT,
        defaults={
            "user": seller,
            "marketplace": Marketplace.TAOBAO,
            "email": DEMO_SELLER_EMAIL,
            "name": "Sunrise Outdoor Flagship",
        },
    )
    return identity
