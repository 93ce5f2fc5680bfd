"""Reading the portal in Chinese in tests: the compiled catalogue (`make test` builds it; a test
module builds it too, so a file runs on its own) and a Chinese browser's header."""

from pathlib import Path

from django.core.management import call_command
from django.utils.translation.reloader import translation_file_changed

CHINESE_BROWSER = "zh-CN,zh;q=0.9,en;q=0.5"


def compile_catalogue() -> None:
    call_command(
        "compilemessages",
        locale=["zh_Hans"],
        ignore_patterns=[".venv", "node_modules", "var"],
        verbosity=0,
    )
    translation_file_changed(sender=None, file_path=Path("django.mo"))
