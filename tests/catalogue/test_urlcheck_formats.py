"""Issue 12, item 4: the listing URL forms real users paste, the refusals that must stay
refusals, and hostile lines (2 KB of garbage, slashes, escapes, unicode, controls, NUL)."""

import pytest
from django.utils.functional import Promise

from catalogue.urlcheck import check_url, check_urls
from catalogue.urlcheck.platforms import MAX_PARAM_REPEATS

TB, TM, AB, AE = "600000000001", "610000000001", "1600000000001", "1005000000000001"
LANGUAGE_SITES = ["german", "russian", "spanish", "french", "japanese", "arabic", "hindi"]
ALIEXPRESS_REGIONS = ["es", "fr", "pt", "de", "it", "nl", "ja", "ko", "ar", "he", "pl", "tr", "th"]

FORMATS = [
    # Alibaba.com language sites, product-introduction pages, the wholesaler site
    *[
        (f"https://{site}.alibaba.com/product-detail/Camiseta-Logo_{AB}.html", "alibaba", AB)
        for site in LANGUAGE_SITES
    ],
    (f"https://www.alibaba.com/product-introduction/Woqi-folding-chair_{AB}.html", "alibaba", AB),
    (f"https://alibaba.com/product-introduction/_{AB}.html?spm=a2700.x", "alibaba", AB),
    (f"https://german.alibaba.com/product-introduction/Stuhl_{AB}.html", "alibaba", AB),
    (f"https://wholesaler.alibaba.com/product-detail/Smart-Bracelet-4-0_{AB}.html", "alibaba", AB),
    (
        f"http://wholesaler.alibaba.com/product-detail/Cell-10s2p_{AB}.html?spm=a2700.7782932.1.8",
        "alibaba",
        AB,
    ),
    # Supplier mini-site product pages: <store>.en.alibaba.com/product/<id>-<n>/<slug>.html
    (f"https://gzmoda.en.alibaba.com/product/{AB}-800123456/Women_Dress.html", "alibaba", AB),
    (f"https://guang-zhou-2.en.alibaba.com/product/{AB}-801/Tee.html?spm=a2700", "alibaba", AB),
    (f"https://nova.en.alibaba.com/product/{AB}-800000001.html", "alibaba", AB),
    # Doubled slashes in the path
    (f"https://www.alibaba.com//product-detail/Custom-Logo-T-Shirt_{AB}.html", "alibaba", AB),
    (f"https://www.alibaba.com/product-detail//Custom-Logo-T-Shirt_{AB}.html", "alibaba", AB),
    (f"https://www.alibaba.com///product-introduction///_{AB}.html", "alibaba", AB),
    (f"https://nova.en.alibaba.com//product/{AB}-800000001//Tee.html", "alibaba", AB),
    (f"https://item.taobao.com//item.htm?id={TB}", "taobao", TB),
    # Taobao world, world wap and wap item pages
    (f"https://world.taobao.com/item/{TB}.htm", "taobao", TB),
    (f"https://world.taobao.com/item/{TB}.htm?spm=a21wu.12321156-tw.recommend-tpp.4", "taobao", TB),
    (f"http://world.taobao.com/item/{TB}.htm?spm=a312a.7728556&id={TB}&pvid=f185", "taobao", TB),
    (f"https://world.taobao.com/item/wap/{TB}.htm?spm=a21wu.23452756-tw.taglist#", "taobao", TB),
    (f"https://a.m.taobao.com/i{TB}.htm", "taobao", TB),
    (f"http://a.m.taobao.com/i{TB}.htm?tg_key=jhs&juid=10000001874391", "taobao", TB),
    (f"https://h5.m.taobao.com/awp/core/detail.htm?id={TB}", "taobao", TB),
    # The old Tmall mobile form
    (f"https://a.m.tmall.com/i{TM}.htm", "tmall", TM),
    (f"http://a.m.tmall.com/i{TM}.htm?id={TM}", "tmall", TM),
    (f"https://A.M.TMALL.COM/I{TM}.HTM", "tmall", TM),
    # AliExpress regional sites
    *[
        (f"https://{region}.aliexpress.com/i/{AE}.html", "aliexpress", AE)
        for region in ALIEXPRESS_REGIONS
    ],
    (f"https://es.aliexpress.com/i/{AE}.html?gatewayAdapt=glo2esp&spm=a2g0o", "aliexpress", AE),
    (f"https://fr.aliexpress.com/item/{AE}.html", "aliexpress", AE),
    # The id parameter among look-alike ones
    (f"https://item.taobao.com/item.htm?user_id=5&xid=6&id={TB}&itemid=7", "taobao", TB),
    (f"https://item.taobao.com/item.htm?amp;id={TB}", "taobao", TB),
    (
        f"https://item.taobao.com/item.htm?{'&'.join(['id=' + TB] * MAX_PARAM_REPEATS)}",
        "taobao",
        TB,
    ),
    (f"https://detail.m.1688.com/page/index.htm?offerid=1&offerId={TB}", "1688", TB),
]


@pytest.mark.parametrize(("url", "platform", "listing_id"), FORMATS)
def test_real_listing_formats_yield_their_listing_id(url, platform, listing_id):
    result = check_url(url)
    assert (result.error, result.platform, result.listing_id) == (None, platform, listing_id), url


REFUSALS = [
    # A marketplace name in the user-info hides the real host: a browser visits evil.example.
    (f"https://item.taobao.com@evil.example/item.htm?id={TB}", "not_alibaba"),
    ("https://item.taobao.com@evil.example", "not_alibaba"),
    (f"https://detail.tmall.com:443@evil.example/item.htm?id={TM}", "not_alibaba"),
    (f"https://www.aliexpress.com@evil.example/item/{AE}.html", "not_alibaba"),
    (f"https://a@b@evil.example/item.htm?id={TB}", "not_alibaba"),
    # ... while user-info in front of a marketplace (or AliExpress.ru) host stays invalid.
    (f"https://evil.example@item.taobao.com/item.htm?id={TB}", "invalid_url"),
    (f"https://user:pass@www.aliexpress.com/item/{AE}.html", "invalid_url"),
    (f"https://user@aliexpress.ru/item/{AE}.html", "invalid_url"),
    (f"https://item.taobao.com%40evil.example/item.htm?id={TB}", "invalid_url"),
    (f"https://item.taobao.com@evil.example:8080/item.htm?id={TB}", "invalid_url"),
    # The scheme typed twice is one mistyped URL, not two glued ones.
    (f"https://https://item.taobao.com/item.htm?id={TB}", "invalid_url"),
    (f"http://https://www.alibaba.com/product-detail/_{AB}.html", "invalid_url"),
    (f"HTTPS://HTTP://www.aliexpress.com/item/{AE}.html", "invalid_url"),
    (f"https:https://item.taobao.com/item.htm?id={TB}", "invalid_url"),
    (
        f"https://https://item.taobao.com/item.htm?id=1https://item.taobao.com/item.htm?id={TB}",
        "glued",
    ),
    # AliExpress Russia's short and share links belong to AliExpress.ru.
    ("https://sl.aliexpress.ru/p?key=zWNNtHg", "aliexpress_ru"),
    ("https://sl.aliexpress.ru/p?key=zWNNtHg&erid=abc", "aliexpress_ru"),
    ("https://a.aliexpress.ru/_mKabc12", "aliexpress_ru"),
    ("https://aliexpress.ru/_mKabc12", "aliexpress_ru"),
    ("HTTPS://SL.ALIEXPRESS.RU./p?key=x", "aliexpress_ru"),
    # Near misses that are still not listings
    (
        f"https://item.taobao.com/item.htm?{'&'.join(['id=' + TB] * (MAX_PARAM_REPEATS + 1))}",
        "not_listing",
    ),
    (f"https://item.taobao.com/item.htm?xid={TB}&user_id={TB}", "not_listing"),
    (f"https://world.taobao.com/item/wap/x{TB}.htm", "not_listing"),
    (f"https://a.m.tmall.com/item/{TM}.htm", "not_listing"),
    (f"https://www.alibaba.com/product-overview/_{AB}.html", "not_listing"),
    (f"https://sale.aliexpress.com/i/{AE}.html", "not_listing"),
    (f"https://www.alibaba.com/product-detail/_{AB}.html/", "not_listing"),
]


@pytest.mark.parametrize(("url", "code"), REFUSALS)
def test_refusals_keep_their_error_code(url, code):
    result = check_url(url)
    assert result.error == code, (url, result)
    assert result.listing_id is None and str(result.message)


def test_a_doubled_scheme_says_what_to_remove():
    message = str(check_url(f"https://https://item.taobao.com/item.htm?id={TB}").message)
    assert "twice" in message


HOSTILE = [
    (f"https://item.taobao.com/item.htm?id={TB}&" + "a=b&" * 490, None),
    ("https://" * 250, "glued"),
    ("x" * 2000, "invalid_url"),
    (f"https://item.taobao.com/{'/' * 1960}item.htm?id={TB}", None),
    (f"https://www.alibaba.com/product-detail/{'a_' * 975}{AB}.html", None),
    (f"https://www.alibaba.com/product-detail/{'a_1' * 650}.htmx", "not_listing"),
    (f"https://www.lazada.sg/products/{'-i1' * 650}.htmx", "not_listing"),
    (f"https://item.taobao.com/item.htm?id={TB}&t=" + "\u8fde" * 1940, "non_english"),
    (f"https://item.taobao.com/item.htm?id={TB}&t=" + "a\x00" * 970, "invalid_url"),
    (f"https://item.taobao.com/item.htm?id={TB}&t=" + "\u8fde\u200b" * 970, "invalid_url"),
    ("https://item.taobao.com/" + "%E5" * 650, "non_english"),
    ("https://" + "a." * 990 + "taobao.com/", "invalid_url"),
    ("https://" + "a:" * 990 + f"@item.taobao.com/item.htm?id={TB}", "invalid_url"),
    ("https://" + "a" * 1990 + "@evil.example/", "not_alibaba"),
    ("https://evil.example/?" + "=https://" * 220, "not_alibaba"),
    ("https://evil.example/?" + "=https://" * 220 + "&https://x", "glued"),
    ("://" + "/?#" * 660, "invalid_url"),
    ("https://item.taobao.com/item.htm?" + "id=&" * 500, "not_listing"),
    ("https://" + "\u6dd8." * 600 + "com/", "invalid_url"),
]


@pytest.mark.parametrize(("url", "code"), HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_2kb_lines_get_a_verdict(url, code):
    assert check_url(url).error == code


def test_a_refusal_message_is_lazy_and_shared_by_every_line_with_that_error():
    paste = "\n".join(f"https://evil{n}.example/item.htm?id={n}" for n in range(50))
    results = check_urls(paste)
    messages = {id(result.message) for result in results}
    assert [result.error for result in results] == ["not_alibaba"] * 50
    assert len(messages) == 1
    assert isinstance(results[0].message, Promise)


def test_block_messages_are_built_once_per_text():
    line = f"https://detail.tmall.com/item.htm?id={TM}"
    results = check_urls("\n".join([line] * 5 + [line.replace(TM, "1")] * 3), platform="taobao")
    assert {result.error for result in results} == {"wrong_platform"}
    assert len({id(result.message) for result in results}) == 1
    duplicates = check_urls("\n".join([f"https://item.taobao.com/item.htm?id={TB}"] * 4))
    assert [str(result.message) for result in duplicates[1:]] == [
        "This listing is already on line 1."
    ] * 3
    assert len({id(result.message) for result in duplicates[1:]}) == 1
