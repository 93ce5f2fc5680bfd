from django.db import migrations
from django.utils import timezone

BODY = """1. Who may use the IPP Portal
The IPP Portal is for owners of intellectual property rights (trademarks, patents and copyrights) and for agents whom an owner has authorized in writing to enforce those rights. You must give true, complete and current information about yourself and the rights you rely on, and keep it current.

2. Your account
The registered email address is used to sign in and to receive notifications; the contact email address also receives notifications and is the only address disclosed to a party you complain about, together with your name or company name. Keep your password secret. One complainant uses one account: if several accounts exist under the same complainant name you will be asked to confirm the sole account you will use.

3. Identity and rights documents
You agree to submit identity documents and IPR certificates that are genuine and legible. Documents are stored privately and are seen only by you and by the marketplace's reviewers. Authentication of an IPR is withdrawn when the right, an authorization letter or an identity certificate expires, or when the right is declared invalid.

4. Complaints
You may only complain about listings that you believe in good faith infringe a right you own or are authorized to enforce, and you must choose the reason that matches the facts and supply the proof the reason needs. A seller merely lacking your authorization to sell genuine goods is not infringing. The party complained about will be told the complaint's reason, the right relied on, your name and your contact email, and may submit a counter-notice.

5. Misuse
Knowingly false or abusive complaints may lead to the suspension of your account and may expose you to liability to the party complained about.

6. Personal data
We process the personal data in your account and documents to verify your identity, authenticate your rights and handle your complaints, and keep the decisions taken on them as an audit record.

7. Changes
When this agreement changes, a new version is published here and you will be asked to accept it. The version you accepted and the time you accepted it are recorded with your account."""


def publish(apps, schema_editor):
    AgreementVersion = apps.get_model("accounts", "AgreementVersion")
    AgreementVersion.objects.get_or_create(
        version="2026.1",
        defaults={"title": "IPP User Agreement", "body": BODY, "effective_at": timezone.now()},
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
