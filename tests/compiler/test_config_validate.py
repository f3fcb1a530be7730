from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openmini.compiler.check.config import (
    AppConfig,
    ComponentConfig,
    GenericDefault,
    PageConfig,
    config_json,
    validate_app_config,
    validate_component_config,
    validate_page_config,
)
from openmini.compiler.diagnostics import Diagnostic, Diagnostics, Severity
from openmini.compiler.parse.json import parse_json
from openmini.compiler.source import SourceFile


def app(text: str) -> tuple[AppConfig | None, Diagnostics]:
    diagnostics = Diagnostics()
    doc = parse_json(SourceFile("app.json", text), diagnostics)
    assert doc is not None
    return validate_app_config(doc, diagnostics), diagnostics


def page(text: str) -> tuple[PageConfig | None, Diagnostics]:
    diagnostics = Diagnostics()
    doc = parse_json(SourceFile("pages/index/index.json", text), diagnostics)
    assert doc is not None
    return validate_page_config(doc, diagnostics), diagnostics


def component(text: str) -> tuple[ComponentConfig | None, Diagnostics]:
    diagnostics = Diagnostics()
    doc = parse_json(SourceFile("components/card/card.json", text), diagnostics)
    assert doc is not None
    return validate_component_config(doc, diagnostics), diagnostics


def where(d: Diagnostic) -> tuple[int, int, int]:
    assert d.start is not None
    return d.code, d.start.line, d.start.column


FULL_APP = {
    "entryPagePath": "pages/index/index",
    "pages": ["pages/index/index", "pages/logs/logs"],
    "window": {
        "navigationBarBackgroundColor": "#ffffff",
        "navigationBarTextStyle": "black",
        "navigationBarTitleText": "Demo",
        "navigationStyle": "default",
        "backgroundColor": "#eee",
        "backgroundTextStyle": "light",
        "backgroundColorTop": "#ffffff",
        "backgroundColorBottom": "#ffffffcc",
        "enablePullDownRefresh": True,
        "onReachBottomDistance": 50,
        "pageOrientation": "auto",
        "restartStrategy": "homePageAndLatestPage",
        "initialRenderingCache": "static",
        "visualEffectInBackground": "hidden",
        "handleWebviewPreload": "auto",
    },
    "tabBar": {
        "color": "#7A7E83",
        "selectedColor": "#3cc51f",
        "backgroundColor": "#ffffff",
        "borderStyle": "white",
        "position": "bottom",
        "custom": False,
        "list": [
            {"pagePath": "pages/index/index", "text": "Home", "iconPath": "a.png", "selectedIconPath": "b.png"},
            {"pagePath": "pages/logs/logs", "text": "Logs"},
        ],
    },
    "networkTimeout": {"request": 10000, "connectSocket": 10000, "uploadFile": 10000, "downloadFile": 1.5},
    "debug": True,
    "subpackages": [{"root": "packageA", "name": "a", "pages": ["pages/cat"], "independent": False}],
    "preloadRule": {"pages/index/index": {"network": "wifi", "packages": ["a"]}},
    "usingComponents": {"card": "/components/card/card"},
    "componentPlaceholder": {"card": "view"},
    "permission": {"scope.userLocation": {"desc": "to find shops near you"}},
    "requiredPrivateInfos": ["getLocation"],
    "requiredBackgroundModes": ["audio"],
    "sitemapLocation": "sitemap.json",
    "style": "v2",
    "lazyCodeLoading": "requiredComponents",
    "darkmode": True,
    "themeLocation": "theme.json",
    "resizable": True,
    "workers": "workers",
    "navigateToMiniProgramAppIdList": ["wx123"],
    "embeddedAppIdList": ["wx456"],
    "halfPage": {"firstPageNavigationStyle": "custom"},
    "debugOptions": {"enableFPSPanel": True},
    "enablePassiveEvent": {"touchstart": True, "touchmove": False, "wheel": True},
    "resolveAlias": {"~/*": "/*"},
    "renderer": "webview",
    "rendererOptions": {"skyline": {"defaultDisplayBlock": True}},
    "componentFramework": "glass-easel",
    "convertRpxToVw": False,
    "singlePage": {"navigationBarFit": "squeezed"},
    "entranceDeclare": {"locationMessage": {"path": "pages/index/index", "query": "a=1"}},
    "static": [{"pattern": "static/**", "platforms": ["windows"]}],
    "appBar": {},
}


def test_a_full_app_json_is_accepted_and_round_trips_with_wechat_names() -> None:
    config, diagnostics = app(json.dumps(FULL_APP, indent=2))
    assert config is not None
    assert diagnostics.items == []
    assert config.window is not None and config.window.navigation_bar_text_style == "black"
    assert config.tab_bar is not None and config.tab_bar.items[0].page_path == "pages/index/index"
    assert config.subpackages is not None and config.subpackages[0].root == "packageA"
    dumped = config_json(config)
    assert dumped == FULL_APP
    assert isinstance(dumped["window"]["onReachBottomDistance"], int)


def test_sub_packages_spelling_is_read_as_subpackages() -> None:
    config, diagnostics = app('{"pages": ["p"], "subPackages": [{"root": "s", "pages": ["x"]}]}')
    assert config is not None and config.subpackages is not None
    assert config.subpackages[0].root == "s"
    assert diagnostics.items == []
    assert "subpackages" in config_json(config)


def test_both_subpackage_spellings_is_an_error() -> None:
    config, diagnostics = app('{"pages": ["p"],\n "subpackages": [],\n "subPackages": []}')
    assert config is not None
    assert [where(d) for d in diagnostics.items] == [(5110, 3, 2)]


def test_dark_mode_theme_variables_are_accepted() -> None:
    text = '{"pages": ["p"], "window": {"navigationBarTextStyle": "@navTxt", "backgroundColor": "@bg"}}'
    config, diagnostics = app(text)
    assert config is not None
    assert diagnostics.items == []


@pytest.mark.parametrize(
    ("text", "expected", "message"),
    [
        ('{"pages": "pages/index"}', (5101, 1, 11), "pages must be an array, not a string"),
        ('{"pages": ["a", 3]}', (5101, 1, 17), "pages[1] must be a string, not a number"),
        ('{"pages": ["a"], "window": []}', (5101, 1, 28), "window must be an object, not an array"),
        (
            '{"pages": ["a"],\n  "window": {"enablePullDownRefresh": "false"}}',
            (5101, 2, 39),
            "window.enablePullDownRefresh must be a boolean, not a string",
        ),
        (
            '{"pages": ["a"], "window": {"onReachBottomDistance": "50"}}',
            (5101, 1, 54),
            "window.onReachBottomDistance must be a number, not a string",
        ),
        (
            '{"pages": ["a"], "window": {"onReachBottomDistance": true}}',
            (5101, 1, 54),
            "window.onReachBottomDistance must be a number, not a boolean",
        ),
        (
            '{"pages": ["a"], "window": {"navigationBarTextStyle": "grey"}}',
            (5102, 1, 55),
            "window.navigationBarTextStyle must be one of black, white, not 'grey'",
        ),
        (
            '{"pages": ["a"], "window": {"navigationBarBackgroundColor": "red"}}',
            (5104, 1, 61),
            "window.navigationBarBackgroundColor must be a hex colour such as #ffffff, not 'red'",
        ),
        (
            '{"pages": ["a"], "networkTimeout": {"request": -5}}',
            (5107, 1, 48),
            "networkTimeout.request must be at least 0, not -5",
        ),
        (
            '{"pages": ["a"], "tabBar": {"list": [{"pagePath": "a"}, {"pagePath": "b", "text": "B"}]}}',
            (5103, 1, 38),
            "tabBar.list[0].text is required",
        ),
        ('{"pages": ["a"], "tabBar": {}}', (5103, 1, 28), "tabBar.list is required"),
        ('{"pages": ["a"], "tabBar": {"list": 1}}', (5101, 1, 37), "tabBar.list must be an array, not a number"),
        (
            '{"pages": ["a"], "tabBar": {"list": [], "position": "left"}}',
            (5102, 1, 53),
            "tabBar.position must be one of bottom, top, not 'left'",
        ),
        (
            '{"pages": ["a"], "subpackages": [{"pages": []}]}',
            (5103, 1, 34),
            "subpackages[0].root is required",
        ),
        (
            '{"pages": ["a"], "permission": {"scope.userLocation": {"desc": 1}}}',
            (5101, 1, 64),
            "permission.scope.userLocation.desc must be a string, not a number",
        ),
        (
            '{"pages": ["a"], "usingComponents": {"card": null}}',
            (5101, 1, 46),
            "usingComponents.card must be a string, not null",
        ),
        ('{"pages": ["a"], "style": "v3"}', (5102, 1, 27), "style must be one of v2, not 'v3'"),
        (
            '{"pages": ["a"], "lazyCodeLoading": true}',
            (5101, 1, 37),
            "lazyCodeLoading must be a string, not a boolean",
        ),
        (
            '{"pages": ["a"], "enablePassiveEvent": 3}',
            (5101, 1, 40),
            "enablePassiveEvent must be a boolean, not a number",
        ),
        (
            '{"pages": ["a"], "preloadRule": {"a": {"network": "4g", "packages": []}}}',
            (5102, 1, 51),
            "preloadRule.a.network must be one of all, wifi, not '4g'",
        ),
    ],
)
def test_type_errors_point_at_the_value(text: str, expected: tuple[int, int, int], message: str) -> None:
    _, diagnostics = app(text)
    errors = diagnostics.errors
    assert [where(d) for d in errors][:1] == [expected], [str(d) for d in errors]
    assert errors[0].message == message


def test_missing_pages_gives_no_config() -> None:
    config, diagnostics = app('{"window": {}}')
    assert config is None
    assert [where(d) for d in diagnostics.items] == [(5103, 1, 1)]
    assert diagnostics.items[0].message == "pages is required"


def test_root_must_be_an_object() -> None:
    config, diagnostics = app('["pages"]')
    assert config is None
    assert [where(d) for d in diagnostics.items] == [(5100, 1, 1)]


def test_every_error_is_reported_and_the_rest_survives() -> None:
    config, diagnostics = app(
        '{"pages": ["a", 1], "debug": "yes", "window": {"navigationBarTitleText": "T", "homeButton": 1}}'
    )
    assert config is not None
    assert [d.code for d in diagnostics.errors] == [5101, 5101, 5101]
    assert config.pages == ["a"]
    assert config.window is not None and config.window.navigation_bar_title_text == "T"
    assert config.debug is None


def test_unknown_keys_warn_at_the_key_and_are_kept() -> None:
    config, diagnostics = app('{"pages": ["a"],\n "newKey": 1,\n "window": {"fancy": true}}')
    assert config is not None
    assert not diagnostics.has_errors
    assert [where(d) for d in diagnostics.warnings] == [(5106, 2, 2), (5106, 3, 13)]
    assert diagnostics.warnings[1].message == "unknown key 'fancy' in window; openmini keeps it but does not use it"
    assert config_json(config)["newKey"] == 1


def test_plugins_are_rejected() -> None:
    _, diagnostics = app(
        '{"pages": ["a"],\n "plugins": {"p": {"version": "1", "provider": "wx1"}},\n'
        ' "subpackages": [{"root": "s", "pages": ["b"], "plugins": {}}]}'
    )
    assert [where(d) for d in diagnostics.errors] == [(5108, 2, 2), (5108, 3, 48)]
    assert "plugins are not supported on openmini" in diagnostics.errors[0].message


def test_unsupported_keys_warn() -> None:
    # weui is served from its npm package (toolchain/extended_libs.py); other libraries are not.
    _, diagnostics = app('{"pages": ["a"], "functionalPages": true, "useExtendedLib": {"weui": true, "kbone": true}}')
    assert [d.code for d in diagnostics.items] == [5109, 5109]
    assert "useExtendedLib.kbone" in diagnostics.items[1].message
    assert all(d.severity == Severity.WARNING for d in diagnostics.items)


@pytest.mark.parametrize(
    ("pages", "code"),
    [
        ("[]", 5200),
        ('["pages/a/a.js"]', 5201),
        ('["pages/a/a.wxml"]', 5201),
        ('["/pages/a/a"]', 5202),
        ('["pages/a/a", "pages/a/a"]', 5203),
    ],
)
def test_page_list_rules(pages: str, code: int) -> None:
    _, diagnostics = app('{"pages": ' + pages + "}")
    assert [d.code for d in diagnostics.errors] == [code]


def test_page_path_with_dotted_folder_is_fine() -> None:
    _, diagnostics = app('{"pages": ["pages/v1.2/index"]}')
    assert diagnostics.items == []


@pytest.mark.parametrize(("count", "ok"), [(1, False), (2, True), (5, True), (6, False)])
def test_tab_bar_needs_two_to_five_items(count: int, ok: bool) -> None:
    items = [{"pagePath": f"p{i}", "text": str(i)} for i in range(count)]
    _, diagnostics = app(json.dumps({"pages": ["p0"], "tabBar": {"list": items}}))
    assert [d.code for d in diagnostics.errors] == ([] if ok else [5220])
    if not ok:
        assert diagnostics.errors[0].message == f"tabBar.list must have 2 to 5 items, not {count}"


def test_resolve_alias_shape() -> None:
    _, diagnostics = app('{"pages": ["a"], "resolveAlias": {"@utils": "utils/*", "~/*": "/*"}}')
    assert [where(d) for d in diagnostics.errors] == [(5111, 1, 35)]


def test_tag_names_may_be_mixed_case_but_not_hold_other_characters() -> None:
    # WeChat's own demo declares <mp-halfScreenDialog>; its tools accept it.
    _, diagnostics = app('{"pages": ["a"], "usingComponents": {"MyCard": "/c/card"}}')
    assert diagnostics.items == []
    _, diagnostics = app('{"pages": ["a"], "usingComponents": {"my.card": "/c/card"}}')
    assert [(d.code, d.severity) for d in diagnostics.items] == [(5310, Severity.WARNING)]


def test_page_json_takes_window_keys_at_top_level() -> None:
    config, diagnostics = page(
        json.dumps(
            {
                "navigationBarTitleText": "Cart",
                "enablePullDownRefresh": True,
                "disableScroll": True,
                "usingComponents": {"card": "../../components/card/card"},
                "componentPlaceholder": {"card": "view"},
                "style": "v2",
                "styleIsolation": "apply-shared",
                "singlePage": {"navigationBarFit": "float"},
                "renderer": "skyline",
                "componentFramework": "glass-easel",
                "initialRenderingCache": "dynamic",
            }
        )
    )
    assert config is not None
    assert diagnostics.items == []
    assert config.navigation_bar_title_text == "Cart"
    assert config.using_components == {"card": "../../components/card/card"}


def test_page_json_errors_and_unknown_keys() -> None:
    config, diagnostics = page('{\n  "disableScroll": "yes",\n  "window": {}\n}')
    assert config is not None
    assert [where(d) for d in diagnostics.items] == [(5101, 2, 20), (5106, 3, 3)]


def test_component_json() -> None:
    config, diagnostics = component(
        json.dumps(
            {
                "component": True,
                "usingComponents": {"icon": "../icon/icon"},
                "componentGenerics": {"selectable": True, "cell": {"default": "../cell/cell"}},
                "styleIsolation": "page-apply-shared",
                "componentPlaceholder": {"icon": "view"},
                "pureDataPattern": "^_",
                "virtualHost": True,
            }
        )
    )
    assert config is not None
    assert diagnostics.items == []
    assert config.component is True
    assert config.component_generics is not None
    assert config.component_generics["selectable"] is True
    assert config.component_generics["cell"] == GenericDefault(default="../cell/cell")


def test_component_json_type_errors() -> None:
    config, diagnostics = component(
        '{"component": "true",\n "componentGenerics": {"g": {"default": 5}},\n "styleIsolation": "scoped"}'
    )
    assert config is not None
    assert [where(d) for d in diagnostics.errors] == [(5101, 1, 15), (5101, 2, 41), (5102, 3, 20)]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=12,
)
app_keys = st.sampled_from(
    [
        "pages",
        "window",
        "tabBar",
        "subpackages",
        "subPackages",
        "preloadRule",
        "usingComponents",
        "networkTimeout",
        "permission",
        "enablePassiveEvent",
        "plugins",
        "resolveAlias",
        "workers",
        "debugOptions",
        "list",
        "pagePath",
        "root",
        "desc",
        "default",
        "componentGenerics",
        "component",
    ]
)
shaped = st.recursive(
    json_values,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(app_keys, children, max_size=4),
    max_leaves=15,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(app_keys, shaped, max_size=6), st.sampled_from(["app", "page", "component"]))
def test_fuzz_validation_never_raises(value: dict[str, Any], kind: str) -> None:
    text = json.dumps(value)
    check = {"app": app, "page": page, "component": component}[kind]
    config, diagnostics = check(text)
    if config is None:
        assert diagnostics.has_errors
    for d in diagnostics.items:
        assert d.start is not None
