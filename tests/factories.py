import factory
from django.utils import timezone

from accounts.models import IdentityStatus, Role, User

from .conftest import PASSWORD


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    role = Role.RIGHTS_OWNER
    location = "DE"
    agreement_version = "2026.1"
    agreement_accepted_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password(PASSWORD)

    class Params:
        reviewer = factory.Trait(role=Role.REVIEWER, is_staff=True)
        seller = factory.Trait(role=Role.SELLER)
        identity_approved = factory.Trait(identity_status=IdentityStatus.APPROVED)


def api_token_for(user: User, client_name: str = "tests") -> str:
    """A knox API token for `user`, issued by the service the login endpoint uses."""
    from accounts.services.credentials import issue_api_token

    return issue_api_token(user=user, client_name=client_name, ip_address=None).key
