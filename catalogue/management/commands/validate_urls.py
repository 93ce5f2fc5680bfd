"""Check listing URLs like the complaint form does: one JSON object per non-blank line."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue.urlcheck import Platform, check_urls


def read_text(path: str) -> str:
    """The file's (or stdin's, for "-") text; bytes that are not UTF-8 become U+FFFD."""
    if path == "-":
        stream = sys.stdin
        raw = getattr(stream, "buffer", None)
        return raw.read().decode("utf-8", errors="replace") if raw else stream.read()
    try:
        return Path(path).read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc


class Command(BaseCommand):
    help = (
        "Validate listing URLs, one per line, from FILE (or - for stdin). Prints one JSON object "
        'per non-blank line: {"line", "url", "ok", "platform", "listing_id", "error"}.'
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A text file of URLs, one per line, or - for stdin.")
        parser.add_argument(
            "--platform",
            choices=Platform.values,
            help="The platform chosen for the complaint (other platforms' listings fail).",
        )
        parser.add_argument(
            "--max-urls",
            type=int,
            help='Lines allowed (default: settings.IPP["COMPLAINT_MAX_URLS"]).',
        )

    def handle(self, *args, **options):
        text = read_text(options["file"])
        for result in check_urls(text, platform=options["platform"], max_urls=options["max_urls"]):
            self.stdout.write(json.dumps(result.as_dict()))
