"""Demo data for the local run, created through the same services people use. Idempotent:
running it again changes nothing but the demo passwords."""

from base64 import b32decode
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_otp.oath import totp

from accounts.models import IdentityKind, IdentityStatus, RegistrantCategory, Role, User
from accounts.services import identity as identity_services
from accounts.services import second_factor as second_factor_services
from accounts.services.registration import current_agreement
from core.documents import store_upload
from ipr.models import IPR
from ipr.services import approve_ipr, create_ipr, submit_ipr

DEMO_PASSWORD = "Demo-pass-2026!"
DEMO_ACCOUNTS = [
    {
        "email": "owner@demo.ipp",
        "role": Role.RIGHTS_OWNER,
        "identity_kind": IdentityKind.BUSINESS,
        "registrant_category": RegistrantCategory.IPR_OWNER,
        "location": "DE",
        "contact_email": "legal@demo.ipp",
    },
    {"email": "reviewer@demo.ipp", "role": Role.REVIEWER, "is_staff": True, "location": "CN"},
    {"email": "seller@demo.ipp", "role": Role.SELLER, "location": "CN"},
]
DEMO_COMPANY = "Demo Brand GmbH"
# Staff sign in with a second factor; the demo reviewer's authenticator key is published (README)
# so that anyone running the demo can produce its codes. Never a real account's.
DEMO_REVIEWER_TOTP_KEY = "IPPDEMOREVIEWERTOTPSECRETDEMOKEY"


def _pdf(name: str):
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    page = canvas.Canvas(buf, pagesize=A4)
    page.drawString(72, 760, f"DEMO DOCUMENT - {name}")
    page.drawString(72, 740, "Generated for the local demo; not a real certificate.")
    page.save()
    return SimpleUploadedFile(f"{name}.pdf", buf.getvalue(), content_type="application/pdf")


class Command(BaseCommand):
    help = (
        "Create the demo rights owner (verified, with an authenticated trademark), reviewer, "
        "seller and the demo marketplace catalogue (idempotent)."
    )

    def handle(self, *args, **options):
        accounts = self._accounts()
        self._reviewer_second_factor(accounts["reviewer@demo.ipp"])
        self._verified_owner(accounts["owner@demo.ipp"], accounts["reviewer@demo.ipp"])
        call_command("seed_catalogue", stdout=self.stdout)
        self._marketplace_sign_in()

    def _marketplace_sign_in(self) -> None:
        from signin_oidc.demo import link_demo_seller

        if link_demo_seller() is not None:
            self.stdout.write(
                "seller@demo.ipp signs in with Member login as sunrise_outdoor (local provider)"
            )

    @transaction.atomic
    def _accounts(self) -> dict:
        agreement = current_agreement()
        result = {}
        for spec in DEMO_ACCOUNTS:
            fields = {k: v for k, v in spec.items() if k != "email"}
            user, created = User.objects.get_or_create(email=spec["email"], defaults=fields)
            if created:
                user.agreement_version = agreement.version
                user.agreement_accepted_at = timezone.now()
            user.set_password(DEMO_PASSWORD)
            user.save()
            self.stdout.write(f"{'created' if created else 'kept'} {user.email} ({user.role})")
            result[user.email] = user
        return result

    def _reviewer_second_factor(self, reviewer: User) -> None:
        """The demo reviewer's authenticator holds the published key. Set up through the services
        the first time (its ten recovery codes are printed once); later runs only put the key
        back and clear any wrong-code wait."""
        key = b32decode(DEMO_REVIEWER_TOTP_KEY).hex()
        device = second_factor_services.authenticator(reviewer)
        if device is None:
            device = second_factor_services.enrol_totp(user=reviewer)
            device.key = key
            device.save(update_fields=["key"])
            codes = second_factor_services.confirm_totp(
                user=reviewer, code=f"{totp(device.bin_key):06d}"
            )
            self.stdout.write(f"recovery codes for {reviewer.email}: {' '.join(codes)}")
        elif device.key != key or device.throttling_failure_count:
            device.key, device.last_t, device.drift = key, -1, 0
            device.throttle_reset(commit=False)
            device.save()
        self.stdout.write(
            f"{reviewer.email} signs in with two-step verification: authenticator key "
            f"{DEMO_REVIEWER_TOTP_KEY} (README, Demo accounts)"
        )

    def _verified_owner(self, owner: User, reviewer: User) -> None:
        if owner.identity_status != IdentityStatus.APPROVED:
            submission = identity_services.submit_identity(
                account=owner,
                data=identity_services.IdentityData(
                    complainant_name=DEMO_COMPANY,
                    document_type="business_registration",
                    document=store_upload(owner=owner, upload=_pdf("business-registration")),
                    document_expires_on=date.today() + timedelta(days=3 * 365),
                ),
            )
            identity_services.approve_identity(submission=submission, reviewer=reviewer)
            owner.refresh_from_db()
            self.stdout.write(f"verified {owner.email} as {DEMO_COMPANY}")
        if not IPR.objects.filter(owner=owner).exists():
            ipr = create_ipr(
                owner=owner,
                kind="trademark",
                data={
                    "right_owner_name": DEMO_COMPANY,
                    "is_registered": True,
                    "document_type": "registration_certificate",
                    "jurisdiction": "European Union",
                    "office": "EUIPO",
                    "number": "018000001",
                    "mark_word": "DEMOBRAND",
                    "nice_classes": [18, 25],
                    "goods_services": "Bags; clothing, footwear",
                    "registered_on": date.today() - timedelta(days=3 * 365),
                    "expires_on": date.today() + timedelta(days=7 * 365),
                    "certificate": store_upload(owner=owner, upload=_pdf("trademark-certificate")),
                },
            )
            approve_ipr(ipr=submit_ipr(ipr=ipr, actor=owner), actor=reviewer)
            self.stdout.write("authenticated trademark DEMOBRAND")
