"""Benchmark the listing URL check: lines per second for a paste of 100,000 mixed lines.

    .venv/bin/python bench/urlcheck.py [--lines 100000] [--repeat 5]

Prints the median and best throughput of `check_urls` over the whole block (limit lifted so
every line goes through every rule), and of a worst-case paste of long hostile lines."""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipp.settings")

import django  # noqa: E402

django.setup()

from catalogue.urlcheck import check_urls  # noqa: E402

FORMS = [
    "https://item.taobao.com/item.htm?spm=a230r.1.14.16&id={n}&ns=1#detail",
    "https://h5.m.taobao.com/awp/core/detail.htm?id={n}",
    "https://detail.tmall.com/item.htm?id={n}&skuId=1",
    "https://detail.tmall.hk/hk/item.htm?id={n}",
    "https://detail.1688.com/offer/{n}.html",
    "https://www.alibaba.com/product-detail/Custom-Logo-T-Shirt_{n}.html?spm=a2700",
    "https://www.aliexpress.com/item/{n}.html?spm=a2g0o.productlist&algo_pvid=x",
    "https://fr.aliexpress.com/item/{n}.html",
    "https://www.lazada.sg/products/wireless-earbuds-i{n}-s1.html",
    "https://s.taobao.com/search?q=jacket{n}",
    "https://taobao.com.evil.io/item.htm?id={n}",
    "https://item.taobao.com/%E5%95%86%E5%93%81.htm?id={n}",
    "https://aliexpress.ru/item/{n}.html",
    "https://item.taobao.com:8080/item.htm?id={n}",
    "https://user@item.taobao.com/item.htm?id={n}",
    "https://item.taobao.com/item.htm?id={n}https://item.taobao.com/item.htm?id=1",
    "https://evil.com/?u=https://item.taobao.com/item.htm?id={n}",
    "https://m.tb.cn/h.{n}",
    "https://item.taobao.com/item.htm?id={n}&t=\u8fde\u8863\u88d9",
]


def mixed_block(lines: int) -> str:
    rng = random.Random(1)
    return "\n".join(
        rng.choice(FORMS).format(n=600_000_000_000 + rng.randrange(lines * 2)) for _ in range(lines)
    )


def hostile_block(lines: int) -> str:
    long_query = "https://item.taobao.com/item.htm?id=1&" + "a=b&" * 500
    glued = "https://" * 300
    return "\n".join((long_query, glued, "x" * 2000)[i % 3] for i in range(lines))


def measure(text: str, lines: int, repeat: int) -> tuple[float, float]:
    rates = []
    for _ in range(repeat):
        started = time.perf_counter()
        check_urls(text, max_urls=lines + 1)
        rates.append(lines / (time.perf_counter() - started))
    return statistics.median(rates), max(rates)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for name, text, n in (
        ("mixed", mixed_block(args.lines), args.lines),
        ("hostile (2 KB lines)", hostile_block(args.lines // 10), args.lines // 10),
    ):
        median, best = measure(text, n, args.repeat)
        print(f"{name:22} {n:>7} lines: median {median:>10,.0f} lines/s, best {best:>10,.0f}")


if __name__ == "__main__":
    main()
