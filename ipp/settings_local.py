"""The explicit local run: ipp.settings with IPP_LOCAL=1 (a secret key generated under var/, plain
http). pytest and mypy load this module, so that they work in a fresh clone with no environment;
the processes they start (workers, live servers) inherit IPP_LOCAL=1."""

import os

os.environ.setdefault("IPP_LOCAL", "1")

from ipp.settings import *  # noqa: E402, F403
