"""Feed the marketplace catalogue from a file, exactly as the operator API does."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue.files import ImportFileError, parse_import_file
from catalogue.serializers import CatalogueImportIn, row_errors
from catalogue.services import CatalogueImportError, import_catalogue


class Command(BaseCommand):
    help = (
        "Upsert sellers and listings from FILE.json (the API's body) or FILE.csv (columns: "
        "platform, listing_id, title, seller_store_id, seller_store_name, seller_account_email, "
        "category, status, url). All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            payload = parse_import_file(path.name, path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, ImportFileError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        serializer = CatalogueImportIn(data=payload)
        if not serializer.is_valid():
            self._fail(row_errors(serializer.errors))
        try:
            batch = import_catalogue(
                sellers=serializer.validated_data["sellers"],
                listings=serializer.validated_data["listings"],
                source=f"command:{path.name}"[:200],
            )
        except CatalogueImportError as exc:
            self._fail(exc.errors)
        self.stdout.write(
            f"sellers: {batch.sellers_created} created, {batch.sellers_updated} updated; "
            f"listings: {batch.listings_created} created, {batch.listings_updated} updated"
        )

    def _fail(self, errors: list[dict]) -> None:
        for error in errors:
            where = (
                error["section"] if error["row"] is None else f"{error['section']}[{error['row']}]"
            )
            for field, messages in error["errors"].items():
                self.stderr.write(f"{where} {field}: {' '.join(messages)}")
        raise CommandError(f"{len(errors)} invalid row(s); nothing was imported.")
