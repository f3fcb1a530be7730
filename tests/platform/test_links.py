"""Stable links, WeChat's scene/page/query rules, launch scenes and QR codes that scan back to the link."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openmini.platform.errors import Code, PlatformError
from openmini.platform.links import (
    AppLink,
    Env,
    Via,
    check_page,
    check_scene,
    link_url,
    parse_link,
    qr_link,
    qr_png,
    qr_svg,
)

APPID = "om0123456789abcdef"
PUBLIC = "https://mini.example.com"
SCENE_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$&'()*+,/:;=?@-._~"


def errcode(call: object) -> int:
    assert callable(call)
    with pytest.raises(PlatformError) as caught:
        call()
    return caught.value.errcode


def test_a_bare_link_is_just_the_appid() -> None:
    assert link_url(PUBLIC + "/", AppLink(APPID)) == f"{PUBLIC}/a/{APPID}"


def test_link_parameters_are_encoded_and_parse_back() -> None:
    link = AppLink(APPID, "pages/item/item", "id=3&tab=a%20b", "k=v&x=1", "trial", "qr")
    url = link_url(PUBLIC, link)
    assert url == (
        f"{PUBLIC}/a/{APPID}?path=pages/item/item&query=id%3D3%26tab%3Da%2520b&scene=k%3Dv%26x%3D1&env=trial&via=qr"
    )
    assert parse_link(url) == link
    assert parse_link(url.removeprefix(PUBLIC)) == link


def test_parse_ignores_unknown_parameters_and_defaults_to_a_release_link() -> None:
    assert parse_link(f"/a/{APPID}?utm_source=mail") == AppLink(APPID)


@given(
    path=st.none() | st.from_regex(r"[a-z][a-z0-9_]{0,8}(/[a-z0-9_]{1,8}){0,3}", fullmatch=True),
    query=st.none() | st.text(alphabet=SCENE_CHARS + "%", max_size=60),
    scene=st.none() | st.text(alphabet=SCENE_CHARS, min_size=1, max_size=32),
    env=st.sampled_from(get_args(Env)),
    via=st.sampled_from(get_args(Via)),
)
def test_every_valid_link_round_trips(
    path: str | None, query: str | None, scene: str | None, env: Env, via: Via
) -> None:
    link = AppLink(APPID, path, query or None, scene, env, via)
    assert parse_link(link_url(PUBLIC, link)) == link


@pytest.mark.parametrize("url", [f"/b/{APPID}", f"/a/{APPID}/extra", "/a/", "https://x/"])
def test_urls_that_are_not_links(url: str) -> None:
    assert errcode(lambda: parse_link(url)) == Code.INVALID_ARGS


@pytest.mark.parametrize("appid", ["om0123", "OM0123456789ABCDEF", "wx0123456789abcdef", "om0123456789abcdeg"])
def test_invalid_appid(appid: str) -> None:
    assert errcode(lambda: AppLink(appid)) == Code.INVALID_APPID
    assert errcode(lambda: parse_link(f"/a/{appid}")) == Code.INVALID_APPID


def test_scene_rules_are_wechats() -> None:
    assert check_scene(SCENE_CHARS[:32]) == SCENE_CHARS[:32]
    assert check_scene(SCENE_CHARS[32:64]) == SCENE_CHARS[32:64]
    assert check_scene(SCENE_CHARS[64:]) == SCENE_CHARS[64:]
    assert errcode(lambda: check_scene("x" * 33)) == 40169
    assert errcode(lambda: check_scene("")) == 40169
    for bad in ["a b", "a%20b", "中文", 'a"b', "a<b", "a\\b", "a^b", "a`b", "a|b", "a{b"]:
        assert errcode(lambda bad=bad: check_scene(bad)) == 40129, bad


def test_invalid_scene_in_a_link() -> None:
    assert errcode(lambda: parse_link(f"/a/{APPID}?scene=a%20b")) == 40129


def test_page_rules() -> None:
    assert check_page("pages/index/index") == "pages/index/index"
    for bad in ["/pages/index/index", "pages/index/index?x=1", "pages/a b", "", "pages\\a", "p#a"]:
        assert errcode(lambda bad=bad: check_page(bad)) == 41030, bad
    assert check_page("pages/a", pages={"pages/a", "pages/b"}) == "pages/a"
    assert errcode(lambda: check_page("pages/c", pages={"pages/a"})) == 41030


def test_query_rules() -> None:
    assert errcode(lambda: AppLink(APPID, query="a=中")) == 40212
    assert errcode(lambda: AppLink(APPID, query="a=" + "x" * 1023)) == 40212
    assert AppLink(APPID, query="a=%E4%B8%AD").query == "a=%E4%B8%AD"


def test_env_and_via_are_checked() -> None:
    assert errcode(lambda: parse_link(f"/a/{APPID}?env=beta")) == Code.INVALID_ARGS
    assert errcode(lambda: parse_link(f"/a/{APPID}?via=telepathy")) == Code.INVALID_ARGS


def test_launch_scenes_follow_how_the_link_was_opened() -> None:
    assert AppLink(APPID).launch_scene == 1194
    assert qr_link(AppLink(APPID, "pages/a")).launch_scene == 1011
    assert qr_link(AppLink(APPID, scene="t=1")).launch_scene == 1047
    assert AppLink(APPID, via="search").launch_scene == 1005
    assert AppLink(APPID, via="recents").launch_scene == 1001
    assert AppLink(APPID, via="share").launch_scene == 1007
    assert AppLink(APPID, via="miniProgram").launch_scene == 1037  # wx.navigateToMiniProgram
    trial = AppLink(APPID, "pages/a", "x=1", "s", "trial")
    assert qr_link(trial) == AppLink(APPID, "pages/a", "x=1", "s", "trial", "code")


def test_onload_gets_the_query_and_the_scene_encoded_like_encode_uri_component() -> None:
    link = AppLink(APPID, query="id=3&empty=", scene=SCENE_CHARS[62:])
    expected = subprocess.run(
        ["node", "-e", f"process.stdout.write(encodeURIComponent({json.dumps(SCENE_CHARS[62:])}))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert link.onload_query() == {"id": "3", "empty": "", "scene": expected}
    assert AppLink(APPID).onload_query() == {}


def zbar(png: bytes, tmp_path: Path) -> str:
    image = tmp_path / "code.png"
    image.write_bytes(png)
    result = subprocess.run(["zbarimg", "--raw", "-q", str(image)], check=True, capture_output=True, text=True)
    return result.stdout.rstrip("\n")


@pytest.mark.parametrize("width", [280, 430, 1280])
def test_png_qr_code_scans_back_to_the_exact_link(width: int, tmp_path: Path) -> None:
    url = link_url(PUBLIC, qr_link(AppLink(APPID, "pages/item/item", "id=3&q=%E4%B8%AD", "shop=12&t=x~y", "trial")))
    png = qr_png(url, width)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    pixels = int.from_bytes(png[16:20], "big")
    assert width - 60 < pixels <= width
    assert zbar(png, tmp_path) == url


def test_svg_qr_code_has_the_requested_width() -> None:
    svg = ET.fromstring(qr_svg(link_url(PUBLIC, AppLink(APPID)), 500))
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert float(svg.attrib["width"]) == pytest.approx(500)
    assert float(svg.attrib["height"]) == pytest.approx(500)


@pytest.mark.parametrize("width", [279, 1281, 0])
def test_qr_width_is_wechats_range(width: int) -> None:
    assert errcode(lambda: qr_png("https://x", width)) == Code.INVALID_ARGS
    assert errcode(lambda: qr_svg("https://x", width)) == Code.INVALID_ARGS
