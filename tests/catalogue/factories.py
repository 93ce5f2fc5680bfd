import factory

from catalogue.models import Listing, ListingStatus, Seller
from catalogue.urlcheck import Platform, canonical_url
from tests.factories import UserFactory


class SellerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seller
        django_get_or_create = ("platform", "store_id")

    platform = Platform.TAOBAO
    store_id = factory.Sequence(lambda n: f"store-{n}")
    store_name = factory.Sequence(lambda n: f"Demo Store {n}")
    account = None

    class Params:
        linked = factory.Trait(account=factory.SubFactory(UserFactory, seller=True))


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Listing

    platform = Platform.TAOBAO
    listing_id = factory.Sequence(lambda n: str(600_000_000_000 + n))
    title = factory.Sequence(lambda n: f"Demo product {n}")
    seller = factory.SubFactory(SellerFactory, platform=factory.SelfAttribute("..platform"))
    category = "Apparel"
    status = ListingStatus.LIVE
    url = factory.LazyAttribute(lambda o: canonical_url(o.platform, o.listing_id))

    class Params:
        taken_down = factory.Trait(status=ListingStatus.TAKEN_DOWN)
        restored = factory.Trait(status=ListingStatus.RESTORED)
