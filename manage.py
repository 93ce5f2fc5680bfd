#!/usr/bin/env python
import os
import sys

# A command typed in a checkout whose environment says nothing of production (no SECRET_KEY, no
# ALLOWED_HOSTS, no IPP_LOCAL) is the local run, as with make: a key generated under var/, plain
# http. A production environment names its hosts and its key, and then gets production settings
# (which refuse to start without a real key: ipp/security.py).
PRODUCTION_HINTS = ("SECRET_KEY", "ALLOWED_HOSTS", "IPP_LOCAL")


def main() -> None:
    if not any(name in os.environ for name in PRODUCTION_HINTS):
        os.environ["IPP_LOCAL"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipp.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
