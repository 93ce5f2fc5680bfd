"""The listing URL check: every platform's real URL forms, every error code with hostile inputs,
the precedence between codes, and the block rules (too_many, wrong_platform, duplicate)."""

import random

import pytest

from catalogue.urlcheck import (
    ALIEXPRESS_RU_IPR_EMAIL,
    ALIEXPRESS_RU_IPR_URL,
    PRECEDENCE,
    Platform,
    UrlError,
    canonical_url,
    check_url,
    check_urls,
    max_urls_for,
)

TB, TM, HK, B2B, AB, AE, LZ = (
    "600000000001",
    "610000000001",
    "620000000001",
    "700000000001",
    "1600000000001",
    "1005000000000001",
    "2000000001",
)
TAOBAO_APP_SHARE = (
    "https://item.taobao.com/item.htm?ut_sk=1.YmZ_21380790_1&id=600000000001&sourceType=item"
    "&price=29.9&suid=C1A2&shareUniqueId=2345&un=f0e1&share_crt_v=1&un_site=0"
    "&spm=a2159r.13376460.0.0&sp_tk=YWJj&cpp=1&shareurl=true&short_name=h.5AbC&bxsign=scdX"
    "&tk=AbCd&app=chrome"
)

GOOD = [
    # Taobao: desktop, tracking parameters in any order, fragments, mobile, app share, intl
    ("taobao", f"https://item.taobao.com/item.htm?id={TB}", TB),
    ("taobao", f"https://item.taobao.com/item.htm?spm=a230r.1.14.16.5a1b&id={TB}&ns=1#detail", TB),
    ("taobao", TAOBAO_APP_SHARE, TB),
    ("taobao", f"http://item.taobao.com/item.htm?id={TB}", TB),
    ("taobao", f"HTTPS://ITEM.TAOBAO.COM/item.htm?id={TB}", TB),
    ("taobao", f"https://item.taobao.com./item.htm?id={TB}", TB),
    ("taobao", f"https://item.taobao.com:443/item.htm?id={TB}", TB),
    ("taobao", f"https://item.taobao.com/item.htm?spm=x&amp;id={TB}", TB),
    ("taobao", f"https://item.taobao.com/item.htm?id=0{TB}", TB),
    ("taobao", f"https://item.taobao.com/item.htm?id={TB}&q=%E8%BF%9E%E8%A1%A3%E8%A3%99", TB),
    ("taobao", f"https://h5.m.taobao.com/awp/core/detail.htm?id={TB}&spm=a2141", TB),
    ("taobao", f"https://m.intl.taobao.com/detail/detail.html?id={TB}", TB),
    ("taobao", f"https://world.taobao.com/item/{TB}.htm", TB),
    ("taobao", f"https://main.m.taobao.com/security-h5-detail/home?id={TB}", TB),
    ("taobao", f"https://a.m.taobao.com/i{TB}.htm", TB),
    # Tmall
    ("tmall", f"https://detail.tmall.com/item.htm?id={TM}", TM),
    ("tmall", f"https://detail.tmall.com/item.htm?spm=a220m.1000858&id={TM}&skuId=4&user_id=9", TM),
    ("tmall", f"https://detail.m.tmall.com/item.htm?id={TM}", TM),
    ("tmall", f"https://chaoshi.detail.tmall.com/item.htm?id={TM}", TM),
    ("tmall", f"https://detail.tmall.com/item_o.htm?id={TM}", TM),
    # Tmall HK
    ("tmall_hk", f"https://detail.tmall.hk/hk/item.htm?id={HK}", HK),
    ("tmall_hk", f"https://detail.tmall.hk/item.htm?spm=a1z10&id={HK}", HK),
    ("tmall_hk", f"https://detail.m.tmall.hk/item.htm?id={HK}", HK),
    # 1688
    ("1688", f"https://detail.1688.com/offer/{B2B}.html", B2B),
    ("1688", f"https://detail.1688.com/offer/{B2B}.html?spm=a26352.13672862&tracelog=p4p", B2B),
    ("1688", f"https://m.1688.com/offer/{B2B}.html", B2B),
    ("1688", f"https://detail.m.1688.com/page/index.htm?offerId={B2B}&sortType=", B2B),
    # Alibaba.com
    ("alibaba", f"https://www.alibaba.com/product-detail/Custom-Logo-T-Shirt_{AB}.html", AB),
    ("alibaba", f"https://www.alibaba.com/product-detail/Logo-Tee_{AB}.html?spm=a2700.x&s=p", AB),
    ("alibaba", f"https://alibaba.com/product-detail/_{AB}.html", AB),
    ("alibaba", f"https://m.alibaba.com/product/{AB}/Custom-Logo-T-Shirt.html", AB),
    ("alibaba", f"https://spanish.alibaba.com/product-detail/Camiseta-Logo_{AB}.html", AB),
    ("alibaba", f"https://nova.en.alibaba.com/product/{AB}-800000001/Custom_Logo_Tee.html", AB),
    # AliExpress
    ("aliexpress", f"https://www.aliexpress.com/item/{AE}.html", AE),
    (
        "aliexpress",
        f"https://www.aliexpress.com/item/{AE}.html?spm=a2g0o.productlist.main.1.4b7a"
        "&algo_pvid=x&pdp_npi=4%40dis%21USD%2110.00&sku_id=12000&gatewayAdapt=glo2usa",
        AE,
    ),
    ("aliexpress", f"https://aliexpress.com/item/{AE}.html", AE),
    ("aliexpress", f"https://m.aliexpress.com/item/{AE}.html#nav-specification", AE),
    ("aliexpress", f"https://www.aliexpress.us/item/{AE}.html", AE),
    ("aliexpress", f"https://aliexpress.us/item/{AE}.html?_randl_shipto=US", AE),
    ("aliexpress", f"https://www.aliexpress.com/i/{AE}.html", AE),
    (
        "aliexpress",
        "https://www.aliexpress.com/item/Wireless-Earbuds/32800000001.html",
        "32800000001",
    ),
    (
        "aliexpress",
        "https://www.aliexpress.com/store/product/Wireless-Earbuds/1234567_32800000001.html",
        "32800000001",
    ),
    *[
        ("aliexpress", f"https://{locale}.aliexpress.com/item/{AE}.html", AE)
        for locale in [
            "es",
            "fr",
            "pt",
            "de",
            "it",
            "nl",
            "ja",
            "ko",
            "ar",
            "he",
            "pl",
            "tr",
            "th",
            "vi",
            "id",
        ]
    ],
    # Lazada country sites
    ("lazada", f"https://www.lazada.sg/products/wireless-earbuds-i{LZ}-s3000000001.html", LZ),
    (
        "lazada",
        f"https://www.lazada.com.my/products/earbuds-i{LZ}-s3000000001.html?spm=a2o4k.x&search=1",
        LZ,
    ),
    ("lazada", f"https://www.lazada.co.th/products/i{LZ}-s3000000001.html", LZ),
    ("lazada", f"https://www.lazada.com.ph/products/pdp-i{LZ}.html", LZ),
    ("lazada", f"https://www.lazada.co.id/products/phone-i12-pro-i{LZ}-s3000000001.html", LZ),
    ("lazada", f"https://www.lazada.vn/products/ao-thun-i{LZ}-s3000000001.html?urlFlag=true", LZ),
    ("lazada", f"https://lazada.sg/products/x-i{LZ}-s1.html", LZ),
]


@pytest.mark.parametrize(("platform", "url", "listing_id"), GOOD)
def test_real_listing_url_forms_are_recognised_with_their_listing_id(platform, url, listing_id):
    result = check_url(url)
    assert (result.error, result.platform, result.listing_id) == (None, platform, listing_id)


@pytest.mark.parametrize("platform", Platform.values)
def test_canonical_url_of_every_platform_checks_back_to_the_same_listing(platform):
    result = check_url(canonical_url(platform, "123456789"))
    assert (result.ok, result.platform, result.listing_id) == (True, platform, "123456789")


HOSTILE = {
    "glued": [
        f"https://item.taobao.com/item.htm?id=1https://item.taobao.com/item.htm?id={TB}",
        f"https://item.taobao.com/item.htm?id=1 https://item.taobao.com/item.htm?id={TB}",
        f"https://item.taobao.com/item.htm?id=1,https://detail.tmall.com/item.htm?id={TM}",
        f"https://www.aliexpress.com/item/1.htmlhttp://www.aliexpress.com/item/{AE}.html",
        f"https://shop1.taobao.com/https://item.taobao.com/item.htm?id={TB}",
        "https://evil.com/?u=https://item.taobao.com/ https://c.com/",
        f"https://item.taobao.com/item.htm?id=1&https://item.taobao.com/item.htm?id={TB}",
    ],
    "invalid_url": [
        f"item.taobao.com/item.htm?id={TB}",
        f"//item.taobao.com/item.htm?id={TB}",
        f"ftp://item.taobao.com/item.htm?id={TB}",
        "javascript:alert(1)",
        "https://",
        f"https:///item.htm?id={TB}",
        f"https://item.taobao.com/item .htm?id={TB}",
        f"https://item.taobao.com/item.htm?id={TB}\tx",
        f"https://item.taobao.com/item.htm?id={TB}\u00a0x",
        f"https://user:pass@item.taobao.com/item.htm?id={TB}",
        f"https://evil.com@item.taobao.com/item.htm?id={TB}",
        f"https://item.taobao.com%40evil.com/item.htm?id={TB}",
        f"https://item.taobao.com:8080/item.htm?id={TB}",
        f"http://item.taobao.com:443/item.htm?id={TB}",
        f"https://item.taobao.com:/item.htm?id={TB}",
        f"https://item.taobao.com:0443/item.htm?id={TB}",
        f"https://item.taobao.com/item.htm?id={TB}&x=" + "a" * 2048,
        f"https://item.taobao.com/item.htm?id={TB}\x00",
        f"https://item.taobao.com\x00.evil.com/item.htm?id={TB}",
        f"https://item.taobao.com/item.htm?id={TB}\x1b[31m",
        f"https://item.taobao.com/item.htm?id=\u200b{TB}",
        f"https://item.taobao.com/item.htm?id={TB}\u202e",
        f"https://item_shop.taobao.com/item.htm?id={TB}",
        f"https://item..taobao.com/item.htm?id={TB}",
        f"https://-item.taobao.com/item.htm?id={TB}",
        f"https://item.taobao.com\\@evil.com/item.htm?id={TB}",
        f"https://[::1/item.htm?id={TB}",
        f"<https://item.taobao.com/item.htm?id={TB}>",
        f'https://item.taobao.com/item.htm?id={TB}"onmouseover="x',
    ],
    "aliexpress_ru": [
        f"https://aliexpress.ru/item/{AE}.html",
        f"https://m.aliexpress.ru/item/{AE}.html",
        f"https://tmall.aliexpress.ru/item/{AE}.html",
        f"HTTPS://ALIEXPRESS.RU/item/{AE}.html",
        f"https://aliexpress.ru./item/{AE}.html",
        f"https://ru.aliexpress.com/item/{AE}.html",
        "https://aliexpress.ru/%D1%82%D0%BE%D0%B2%D0%B0%D1%80",
    ],
    "not_alibaba": [
        f"https://item.taobao.com@evil.com/item.htm?id={TB}",  # the host is evil.com
        f"https://taobao.com.evil.io/item.htm?id={TB}",
        f"https://item.taobao.com.evil.io/item.htm?id={TB}",
        f"https://evil-taobao.com/item.htm?id={TB}",
        f"https://itemtaobao.com/item.htm?id={TB}",
        f"https://xn--tobao-9ua.com/item.htm?id={TB}",
        "https://xn--80ak6aa92e.com/",
        f"https://aliexpress.ru.evil.com/item/{AE}.html",
        f"https://aliexpress.com.evil.com/item/{AE}.html",
        f"https://127.0.0.1/item.htm?id={TB}",
        f"http://[::1]/item.htm?id={TB}",
        f"https://2130706433/item.htm?id={TB}",
        f"https://localhost/item.htm?id={TB}",
        "https://alibabagroup.com/",
        "https://ipp.alibabagroup.com/complaint/onlineForm/online.htm",
        "https://www.alibabacloud.com/product/ecs",
        "https://www.aliyun.com/",
        "https://www.alipay.com/",
        f"https://evil.com/?u=https://item.taobao.com/item.htm?id={TB}",
        f"https://evil.com/?https://item.taobao.com/item.htm?id={TB}",
        "https://www.amazon.com/dp/B000000001",
        f"https://taobao\U0001f600.com/item.htm?id={TB}",
        "https://\u6dd8\u5b9d.com/",
    ],
    "non_english": [
        f"https://item.taobao.com/\u5546\u54c1/item.htm?id={TB}",
        f"https://item.taobao.com/%E5%95%86%E5%93%81.htm?id={TB}",
        f"https://www.lazada.co.th/products/%E0%B8%81%E0%B8%B2-i{LZ}-s1.html",
        f"https://\u6dd8\u5b9d.taobao.com/item.htm?id={TB}",
        f"https://xn--fiq228c.taobao.com/item.htm?id={TB}",
        f"https://%E6%B7%98.taobao.com/item.htm?id={TB}",
        f"https://item.taobao.com/item.htm?id={TB}&title=\u8fde\u8863\u88d9",
        f"https://www.aliexpress.com/item/{AE}\U0001f600.html",
        f"https://\uff49\uff54\uff45\uff4d.taobao.com/item.htm?id={TB}",
        f"https://\uff54\uff41\uff4f\uff42\uff41\uff4f.com/item.htm?id={TB}",
    ],
    "not_listing": [
        "https://s.taobao.com/search?q=jacket",
        "https://s.taobao.com/search?q=%E8%BF%9E%E8%A1%A3%E8%A3%99",
        "https://shop123456.taobao.com/",
        "https://www.taobao.com/",
        "https://login.taobao.com/member/login.jhtml",
        "https://item.taobao.com/item.htm",
        "https://item.taobao.com/item.htm?id=abc",
        "https://item.taobao.com/item.htm?id=",
        "https://item.taobao.com/item.htm?id=0",
        f"https://item.taobao.com/item.htm?id={TB}&id=600000000002",
        f"https://item.taobao.com/?id={TB}",
        "https://m.tb.cn/h.5AbCdEf?tk=AbCd",
        "https://list.tmall.com/search_product.htm?q=shirt",
        "https://nike.tmall.com/shop/view_shop.htm",
        "https://s.1688.com/selloffer/offer_search.htm?keywords=shirt",
        "https://www.alibaba.com/trade/search?SearchText=shirt",
        "https://www.alibaba.com/showroom/t-shirt.html",
        "https://nova.en.alibaba.com/",
        "https://www.aliexpress.com/w/wholesale-earbuds.html",
        "https://www.aliexpress.com/category/44/consumer-electronics.html",
        "https://www.aliexpress.com/store/1234567",
        "https://s.click.aliexpress.com/e/_DmAbCdE",
        f"https://s.click.aliexpress.com/deep_link.htm?dl_target_url=https://www.aliexpress.com/item/{AE}.html",
        "https://a.aliexpress.com/_mKabc12",
        f"https://sale.aliexpress.com/item/{AE}.html",
        "https://www.lazada.sg/shop/lion-city/",
        "https://www.lazada.sg/catalog/?q=earbuds",
        "https://www.lazada.sg/products/earbuds.html",
        "https://s.lazada.sg/s.abc12",
        "https://c.lazada.com.my/t/c.abc",
    ],
}


@pytest.mark.parametrize(
    ("code", "url"), [(code, url) for code, urls in HOSTILE.items() for url in urls]
)
def test_hostile_and_unfit_urls_get_their_error_code(code, url):
    result = check_url(url)
    assert result.error == code, (url, result)
    assert str(result.message)


def test_a_2048_character_url_is_accepted_and_2049_refused():
    base = f"https://item.taobao.com/item.htm?id={TB}&pad="
    assert check_url(base + "a" * (2048 - len(base))).ok
    assert check_url(base + "a" * (2049 - len(base))).error == "invalid_url"


def test_short_links_say_they_must_be_opened_first():
    assert "short or shared link" in str(check_url("https://m.tb.cn/h.5AbC").message)
    assert "search results" in str(check_url("https://s.taobao.com/search?q=a").message)


def test_aliexpress_ru_message_gives_its_own_contact_route():
    text = str(check_url(f"https://aliexpress.ru/item/{AE}.html").message)
    assert ALIEXPRESS_RU_IPR_URL in text and ALIEXPRESS_RU_IPR_EMAIL in text
    assert "independent" in text


def test_a_url_carried_as_a_parameter_value_is_not_a_second_url():
    assert check_url(f"https://evil.com/?u=https://item.taobao.com/item.htm?id={TB}").error == (
        "not_alibaba"
    )


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://evil.com/a https://b.com/ x", "glued"),  # also whitespace, not_alibaba
        ("https://user@item.taobao.com/\u5546", "invalid_url"),  # also non_english
        ("https://evil.com:8080/\u5546", "invalid_url"),  # also not_alibaba, non_english
        ("https://aliexpress.ru:8080/item/1.html", "invalid_url"),  # also aliexpress_ru
        ("https://aliexpress.ru/%D1%82.html", "aliexpress_ru"),  # also non_english
        ("https://\u6dd8\u5b9d.com/\u5546\u54c1", "not_alibaba"),  # also non_english
        ("https://s.taobao.com/search/\u5546\u54c1", "non_english"),  # also not_listing
        ("https://m.tb.cn/%E5%95%86", "non_english"),  # also not_listing
    ],
)
def test_precedence_when_several_rules_apply_to_one_url(url, code):
    assert check_url(url).error == code


def test_precedence_order_is_the_issues():
    assert PRECEDENCE == (
        "glued",
        "invalid_url",
        "aliexpress_ru",
        "not_alibaba",
        "non_english",
        "not_listing",
        "too_many",
        "wrong_platform",
        "duplicate",
    )
    assert set(UrlError.values) == set(PRECEDENCE)


# --- the pasted block ----------------------------------------------------------------------------


def lines(n: int, start: int = 600_000_000_000) -> list[str]:
    return [f"https://item.taobao.com/item.htm?id={start + i}" for i in range(n)]


def test_line_numbers_count_blank_lines_and_any_line_ending():
    text = f"\r\n  https://item.taobao.com/item.htm?id=1  \r\n\n\ufeff{lines(1)[0]}\rbad\n   \n"
    results = check_urls(text)
    assert [(r.line, r.url, r.error) for r in results] == [
        (2, "https://item.taobao.com/item.htm?id=1", None),
        (4, lines(1)[0], None),
        (5, "bad", "invalid_url"),
    ]


def test_201st_line_is_too_many_at_the_default_limit():
    results = check_urls("\n".join(lines(201)), platform="taobao")
    assert [r.error for r in results[:200]] == [None] * 200
    assert results[200].error == "too_many"
    assert "200" in str(results[200].message)


def test_too_many_does_not_hide_a_line_of_its_own_error():
    results = check_urls("\n".join([*lines(200), "https://s.taobao.com/search?q=a", lines(1)[0]]))
    assert [r.error for r in results[200:]] == ["not_listing", "too_many"]


def test_limit_is_a_setting_per_platform(settings):
    settings.IPP = {**settings.IPP, "COMPLAINT_MAX_URLS": {"default": 200, "lazada": 3}}
    assert max_urls_for("lazada") == 3
    assert max_urls_for("taobao") == 200
    urls = [f"https://www.lazada.sg/products/x-i{n}.html" for n in range(1, 5)]
    assert [r.error for r in check_urls("\n".join(urls), platform="lazada")][-1] == "too_many"


def test_an_explicit_limit_wins_for_the_public_dmca_form():
    results = check_urls("\n".join(lines(11)), max_urls=10)
    assert results[-1].error == "too_many"


def test_wrong_platform_names_both_platforms():
    results = check_urls(
        f"https://item.taobao.com/item.htm?id={TB}\nhttps://detail.tmall.com/item.htm?id={TM}",
        platform="taobao",
    )
    assert [r.error for r in results] == [None, "wrong_platform"]
    assert (results[1].platform, results[1].listing_id) == ("tmall", TM)
    text = str(results[1].message)
    assert "Tmall" in text and "Taobao" in text


def test_duplicate_is_the_same_listing_whatever_the_url_form():
    forms = [
        f"https://item.taobao.com/item.htm?id={TB}",
        f"https://h5.m.taobao.com/awp/core/detail.htm?id={TB}",
        f"https://m.intl.taobao.com/detail/detail.html?id={TB}",
        f"https://world.taobao.com/item/{TB}.htm",
        TAOBAO_APP_SHARE,
        f"https://detail.tmall.com/item.htm?id={TB}",  # same number on another platform
    ]
    results = check_urls("\n".join(forms))
    assert [r.error for r in results] == [None, *["duplicate"] * 4, None]
    assert str(results[1].message) == "This listing is already on line 1."


def test_aliexpress_com_and_us_addresses_of_one_item_are_duplicates():
    results = check_urls(
        f"https://www.aliexpress.com/item/{AE}.html\n\nhttps://m.aliexpress.us/item/{AE}.html?x=1"
    )
    assert [(r.line, r.error) for r in results] == [(1, None), (3, "duplicate")]


def test_block_rule_precedence_too_many_then_wrong_platform_then_duplicate():
    tmall = f"https://detail.tmall.com/item.htm?id={TM}"
    results = check_urls("\n".join([tmall, tmall, *lines(198), tmall]), platform="taobao")
    assert [r.error for r in (results[0], results[1], results[-1])] == [
        "wrong_platform",
        "wrong_platform",
        "too_many",
    ]


def test_results_keep_what_is_known_and_offer_the_machine_form():
    ok, bad = check_urls(f"https://www.lazada.sg/products/x-i{LZ}.html\nhttps://evil.com/")
    assert ok.canonical_url == f"https://www.lazada.sg/products/i{LZ}.html"
    assert ok.as_dict() == {
        "line": 1,
        "url": f"https://www.lazada.sg/products/x-i{LZ}.html",
        "ok": True,
        "platform": "lazada",
        "listing_id": LZ,
        "error": None,
    }
    assert bad.as_dict()["error"] == "not_alibaba" and bad.canonical_url is None


def test_a_huge_paste_is_checked_line_by_line():
    text = "\n".join(lines(20_000)) + "\n" + "https://" * 50_000 + "\n" + "x" * 1_000_000
    results = check_urls(text, max_urls=50_000)
    assert len(results) == 20_002
    assert [r.error for r in results[-2:]] == ["glued", "invalid_url"]


def test_the_check_never_raises_on_random_input():
    rng = random.Random(5)
    alphabet = "htps:/.?&=#@%[]:\\ \x00\u200b\u6dd8\U0001f600aliexpresstaobao.com.ru0123456789-_"
    for _ in range(3000):
        url = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        check_url(url)
        check_url("https://" + url)
        check_url("https://item.taobao.com/" + url)


def test_an_unknown_platform_is_a_programming_error():
    with pytest.raises(ValueError, match="ebay"):
        check_urls("https://item.taobao.com/item.htm?id=1", platform="ebay")
