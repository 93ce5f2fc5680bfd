"""Benchmark the listing URL check against bare `urllib.parse.urlsplit` on the same lines.

    IPP_LOCAL=1 .venv/bin/python bench/urlcheck.py [--lines 100000] [--repeat 7]   (or make bench)

Two pastes: a mixed one (every URL form, good and bad) and a hostile one (distinct ~2 KB lines:
long queries, glued schemes, slashes, percent escapes, unicode, control characters, NUL). For
each, `check_urls` on the whole block (limit lifted so every line goes through every rule) and
`urlsplit` on every line of the same block are timed alternately, `--repeat` times each; the
medians and their ratio are printed (goal: the checker at least half as fast, ratio >= 0.5).
The lines are distinct, and urlsplit's own cache is cleared before each of its runs, so neither
side is measured on cache hits. The load average is printed: the ratio, measured in one run with
interleaved repetitions, is what to compare across machines, not the raw rates."""

import argparse
import gc
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipp.settings")

import django  # noqa: E402

django.setup()

from catalogue.urlcheck import check_urls  # noqa: E402

GOAL = 0.5
FORMS = [
    "https://item.taobao.com/item.htm?spm=a230r.1.14.16&id={n}&ns=1#detail",
    "https://h5.m.taobao.com/awp/core/detail.htm?id={n}",
    "https://world.taobao.com/item/{n}.htm",
    "https://detail.tmall.com/item.htm?id={n}&skuId=1",
    "https://a.m.tmall.com/i{n}.htm",
    "https://detail.tmall.hk/hk/item.htm?id={n}",
    "https://detail.1688.com/offer/{n}.html",
    "https://www.alibaba.com/product-detail/Custom-Logo-T-Shirt_{n}.html?spm=a2700",
    "https://german.alibaba.com/product-detail/T-Shirt_{n}.html",
    "https://nova.en.alibaba.com/product/{n}-800000001/Custom_Logo_Tee.html",
    "https://www.aliexpress.com/item/{n}.html?spm=a2g0o.productlist&algo_pvid=x",
    "https://fr.aliexpress.com/i/{n}.html",
    "https://www.lazada.sg/products/wireless-earbuds-i{n}-s1.html",
    "https://s.taobao.com/search?q=jacket{n}",
    "https://taobao.com.evil.io/item.htm?id={n}",
    "https://item.taobao.com/%E5%95%86%E5%93%81.htm?id={n}",
    "https://aliexpress.ru/item/{n}.html",
    "https://item.taobao.com:8080/item.htm?id={n}",
    "https://item.taobao.com@evil.example/item.htm?id={n}",
    "https://item.taobao.com/item.htm?id={n}https://item.taobao.com/item.htm?id=1",
    "https://evil.com/?u=https://item.taobao.com/item.htm?id={n}",
    "https://m.tb.cn/h.{n}",
    "https://item.taobao.com/item.htm?id={n}&t=\u8fde\u8863\u88d9",
]
HOSTILE = [
    "https://item.taobao.com/item.htm?id={n}&" + "a=b&" * 490,
    "https://" * 250 + "{n}",
    "{n}" + "x" * 1990,
    "https://item.taobao.com/" + "/" * 1960 + "item.htm?id={n}",
    "https://www.alibaba.com/product-detail/" + "a_" * 975 + "{n}.html",
    "https://item.taobao.com/item.htm?id={n}&t=" + "\u8fde" * 1940,
    "https://item.taobao.com/item.htm?id={n}&t=" + "a\x00" * 970,
    "https://item.taobao.com/" + "%E5" * 650 + "?id={n}",
    "https://" + "a." * 990 + "taobao.com/item.htm?id={n}",
    "https://" + "a:" * 990 + "@item.taobao.com/item.htm?id={n}",
    "https://item.taobao.com/item.htm?id={n}" + "?#&=@:" * 325,
    "{n}://" + "/?#" * 660,
    "https://evil.example/{n}?" + "=https://" * 220,
    "https://item.taobao.com/item.htm?" + "id={n}&" * 110,
    "https://www.lazada.sg/products/" + "-i1" * 650 + "{n}.html",
    "https://" + "\u6dd8." * 600 + "{n}.com/",
]


def mixed_lines(count: int) -> list[str]:
    rng = random.Random(1)
    return [rng.choice(FORMS).format(n=600_000_000_000 + i) for i in range(count)]


def hostile_lines(count: int) -> list[str]:
    return [
        HOSTILE[i % len(HOSTILE)].replace("{n}", str(600_000_000_000 + i)) for i in range(count)
    ]


def run_checker(text: str, count: int) -> None:
    check_urls(text, max_urls=count + 1)


def run_urlsplit(text: str, count: int) -> None:
    getattr(urlsplit, "cache_clear", lambda: None)()  # lru_cache'd since Python 3.11
    for line in text.split("\n"):
        try:  # noqa: SIM105  (a `try` costs nothing; contextlib.suppress would slow the baseline)
            urlsplit(line)
        except ValueError:  # what urlsplit raises for a malformed IPv6 host or netloc
            pass


def timed(run: Callable[[str, int], None], text: str, count: int) -> float:
    gc.collect()
    started = time.perf_counter()
    run(text, count)
    return count / (time.perf_counter() - started)


def compare(text: str, count: int, repeat: int) -> tuple[float, float]:
    """Median lines/s of the checker and of urlsplit, runs interleaved (order alternating)."""
    rates: dict[str, list[float]] = {"check": [], "split": []}
    for rep in range(repeat):
        order = (("check", run_checker), ("split", run_urlsplit))
        for name, run in order if rep % 2 == 0 else reversed(order):
            rates[name].append(timed(run, text, count))
    return statistics.median(rates["check"]), statistics.median(rates["split"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    worst = float("inf")
    for name, lines in (
        ("mixed", mixed_lines(args.lines)),
        ("hostile (2 KB lines)", hostile_lines(args.lines // 10)),
    ):
        check, split = compare("\n".join(lines), len(lines), args.repeat)
        worst = min(worst, check / split)
        print(
            f"{name:21} {len(lines):>7} lines: checker {check:>10,.0f} lines/s, "
            f"urlsplit {split:>10,.0f} lines/s, ratio {check / split:.2f}"
        )
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"worst ratio {worst:.2f} (goal >= {GOAL}): {'met' if worst >= GOAL else 'NOT met'}")


if __name__ == "__main__":
    main()
