from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openmini.compiler.check.app import (
    MAIN,
    AppStructure,
    check_app,
    component_candidates,
    resolve_alias,
)
from openmini.compiler.diagnostics import Diagnostic, Diagnostics, Severity
from openmini.compiler.project import Project

COMPONENT = {"component": True}


def project(files: dict[str, Any]) -> Project:
    encoded: dict[str, bytes] = {}
    for path, content in files.items():
        if isinstance(content, bytes):
            encoded[path] = content
        elif isinstance(content, str):
            encoded[path] = content.encode()
        else:
            encoded[path] = json.dumps(content, indent=2).encode()
    return Project(root=Path("/nonexistent"), files=encoded)


def page_files(*pages: str, config: dict[str, Any] | None = None) -> dict[str, Any]:
    files: dict[str, Any] = {}
    for page in pages:
        files[page + ".wxml"] = "<view/>"
        files[page + ".js"] = "Page({})"
        if config is not None:
            files[page + ".json"] = config
    return files


def component_files(*paths: str, **extra: Any) -> dict[str, Any]:
    files: dict[str, Any] = {}
    for path in paths:
        files[path + ".json"] = {"component": True, **extra}
        files[path + ".wxml"] = "<view/>"
        files[path + ".js"] = "Component({})"
    return files


def build(files: dict[str, Any]) -> tuple[AppStructure | None, Diagnostics]:
    diagnostics = Diagnostics()
    return check_app(project(files), diagnostics), diagnostics


def where(d: Diagnostic) -> tuple[str, int, int, int]:
    assert d.start is not None
    return d.path, d.code, d.start.line, d.start.column


def errors(diagnostics: Diagnostics) -> list[tuple[str, int, int, int]]:
    return [where(d) for d in diagnostics.errors]


def codes(diagnostics: Diagnostics) -> list[int]:
    return [d.code for d in diagnostics.items]


def test_a_complete_app() -> None:
    app = {
        "pages": ["pages/index/index", "pages/logs/logs"],
        "entryPagePath": "pages/logs/logs",
        "subpackages": [
            {"root": "packageA", "name": "shop", "pages": ["pages/cat/cat"]},
            {"root": "indep/", "pages": ["pages/solo"], "independent": True},
        ],
        "usingComponents": {"card": "components/card/card"},
        "tabBar": {
            "list": [
                {"pagePath": "pages/index/index", "text": "Home", "iconPath": "icons/home.png"},
                {"pagePath": "pages/logs/logs", "text": "Logs"},
            ]
        },
    }
    files = {
        "app.json": app,
        "icons/home.png": b"\x89PNG",
        **page_files("pages/index/index", "pages/logs/logs", "packageA/pages/cat/cat", "indep/pages/solo"),
        "pages/index/index.json": {"usingComponents": {"list": "../../components/list/index", "btn": "van-button"}},
        "packageA/pages/cat/cat.json": {"usingComponents": {"row": "./row", "card2": "/components/card/card"}},
        **component_files("components/card/card", "components/list/index", "packageA/pages/cat/row"),
        **component_files("miniprogram_npm/van-button/index"),
    }
    structure, diagnostics = build(files)
    assert diagnostics.items == [], [str(d) for d in diagnostics.items]
    assert structure is not None
    assert list(structure.packages) == [MAIN, "shop", "indep"]
    assert structure.packages["shop"].root == "packageA"
    assert structure.packages["shop"].pages == ("packageA/pages/cat/cat",)
    assert structure.packages["indep"].independent
    assert structure.packages["indep"].pages == ("indep/pages/solo",)
    assert structure.entry_page == "pages/logs/logs"
    assert structure.pages_in_order == (
        "pages/logs/logs",
        "pages/index/index",
        "packageA/pages/cat/cat",
        "indep/pages/solo",
    )
    assert structure.tab_bar_pages == ("pages/index/index", "pages/logs/logs")
    assert structure.global_components == {"card": "components/card/card"}
    index = structure.pages["pages/index/index"]
    assert index.package == MAIN
    assert index.components == {
        "card": "components/card/card",
        "list": "components/list/index",
        "btn": "miniprogram_npm/van-button/index",
    }
    cat = structure.pages["packageA/pages/cat/cat"]
    assert cat.package == "shop"
    assert cat.components == {
        "card": "components/card/card",
        "row": "packageA/pages/cat/row",
        "card2": "components/card/card",
    }
    # The independent subpackage does not get global components that live in the main package.
    assert structure.pages["indep/pages/solo"].components == {}
    assert set(structure.components) == {
        "components/card/card",
        "components/list/index",
        "miniprogram_npm/van-button/index",
        "packageA/pages/cat/row",
    }
    assert structure.components["packageA/pages/cat/row"].package == "shop"
    assert structure.owner("packageA/pages/cat/row.wxml") == "shop"
    assert structure.owner("packageA") == "shop"
    assert structure.owner("packageAB/x.js") == MAIN
    assert structure.owner("indep/utils/a.js") == "indep"
    assert structure.owner("utils/a.js") == MAIN
    graph = structure.component_graph
    assert graph["pages/index/index"]["btn"] == "miniprogram_npm/van-button/index"
    assert graph["components/card/card"] == {"card": "components/card/card"}


def test_entry_defaults_to_the_first_page() -> None:
    structure, diagnostics = build({"app.json": {"pages": ["a/a", "b/b"]}, **page_files("a/a", "b/b")})
    assert structure is not None and not diagnostics.items
    assert structure.entry_page == "a/a"
    assert structure.pages_in_order == ("a/a", "b/b")


def test_unknown_entry_page() -> None:
    structure, diagnostics = build({"app.json": '{"pages": ["a/a"],\n "entryPagePath": "b/b"}', **page_files("a/a")})
    assert structure is not None and structure.entry_page == "a/a"
    assert errors(diagnostics) == [("app.json", 5206, 2, 19)]


def test_missing_page_files_point_at_the_page_entry() -> None:
    files = {"app.json": '{\n  "pages": [\n    "pages/a/a",\n    "pages/b/b"\n  ]\n}', "pages/b/b.wxml": "<view/>"}
    structure, diagnostics = build(files)
    assert structure is not None
    assert errors(diagnostics) == [
        ("app.json", 5204, 3, 5),
        ("app.json", 5204, 3, 5),
        ("app.json", 5204, 4, 5),
    ]
    assert [d.message for d in diagnostics.errors] == [
        "page 'pages/a/a' has no .wxml file",
        "page 'pages/a/a' has no .js file",
        "page 'pages/b/b' has no .js file",
    ]


def test_broken_app_json_gives_none() -> None:
    assert build({"app.json": "{"})[0] is None
    assert build({"app.json": '{"window": {}}'})[0] is None
    assert build({})[0] is None


@pytest.mark.parametrize(
    ("target", "files", "expected"),
    [
        ("./card", component_files("pages/a/card"), "pages/a/card"),
        ("../../components/card", component_files("components/card"), "components/card"),
        ("/components/card", component_files("components/card"), "components/card"),
        ("/components/card", component_files("components/card/index"), "components/card/index"),
        ("card", component_files("pages/a/card"), "pages/a/card"),
        ("van-button", component_files("miniprogram_npm/van-button/index"), "miniprogram_npm/van-button/index"),
        (
            "van-button",
            component_files("pages/miniprogram_npm/van-button/index"),
            "pages/miniprogram_npm/van-button/index",
        ),
        (
            "@vant/weapp/button",
            component_files("miniprogram_npm/@vant/weapp/button/index"),
            "miniprogram_npm/@vant/weapp/button/index",
        ),
        (
            "@vant/weapp/button/index",
            component_files("miniprogram_npm/@vant/weapp/button/index"),
            "miniprogram_npm/@vant/weapp/button/index",
        ),
        ("tdesign/button", component_files("miniprogram_npm/tdesign/button"), "miniprogram_npm/tdesign/button"),
        ("@c/card", component_files("shared/card"), "shared/card"),
    ],
)
def test_resolution_forms(target: str, files: dict[str, Any], expected: str) -> None:
    app = {"pages": ["pages/a/a"], "resolveAlias": {"@c/*": "shared/*"}}
    structure, diagnostics = build(
        {"app.json": app, **page_files("pages/a/a", config={"usingComponents": {"x": target}}), **files}
    )
    assert diagnostics.items == [], [str(d) for d in diagnostics.items]
    assert structure is not None
    assert structure.pages["pages/a/a"].components == {"x": expected}
    assert expected in structure.components


def test_nearest_miniprogram_npm_wins() -> None:
    files = {
        "app.json": {"pages": ["sub/pages/a"]},
        **page_files("sub/pages/a", config={"usingComponents": {"b": "btn"}}),
        **component_files("miniprogram_npm/btn/index", "sub/miniprogram_npm/btn/index"),
    }
    structure, _ = build(files)
    assert structure is not None
    assert structure.pages["sub/pages/a"].components == {"b": "sub/miniprogram_npm/btn/index"}


def test_candidates_and_alias_helpers() -> None:
    assert component_candidates("a/b/c.json", "x") == [
        "a/b/x",
        "a/b/miniprogram_npm/x",
        "a/miniprogram_npm/x",
        "miniprogram_npm/x",
    ]
    assert component_candidates("a/c.json", "../../x") == [None]
    assert resolve_alias({"~/*": "/*", "~/deep/*": "lib/*"}, "~/deep/y") == "/lib/y"
    assert resolve_alias({"~/*": "/*"}, "~/y") == "/y"
    assert resolve_alias({"~/*": "/*"}, "./y") == "./y"


@pytest.mark.parametrize(
    ("target", "files", "code", "message"),
    [
        ("./nope", {}, 5300, "<x>: component './nope' not found"),
        ("../../../../out", {}, 5305, "<x>: '../../../../out' leads outside the mini program root"),
        (
            "plugin://myPlugin/comp",
            {},
            5304,
            "<x> uses 'plugin://myPlugin/comp': plugins are not supported on openmini",
        ),
        (
            "./card",
            {"pages/a/card.json": {}, "pages/a/card.wxml": "", "pages/a/card.js": ""},
            5301,
            '<x>: pages/a/card.json does not declare "component": true',
        ),
        (
            "./card",
            {"pages/a/card.wxml": "", "pages/a/card.js": ""},
            5301,
            '<x>: pages/a/card.json does not declare "component": true',
        ),
        (
            "./card",
            {"pages/a/card.json": COMPONENT, "pages/a/card.js": ""},
            5302,
            "<x>: component 'pages/a/card' has no .wxml",
        ),
    ],
)
def test_resolution_errors_point_at_the_value(target: str, files: dict[str, Any], code: int, message: str) -> None:
    page_json = '{\n  "usingComponents": {\n    "x": ' + json.dumps(target) + "\n  }\n}"
    structure, diagnostics = build(
        {"app.json": {"pages": ["pages/a/a"]}, **page_files("pages/a/a"), "pages/a/a.json": page_json, **files}
    )
    assert structure is not None
    assert errors(diagnostics) == [("pages/a/a.json", code, 3, 10)]
    assert diagnostics.errors[0].message == message
    assert structure.pages["pages/a/a"].components == {}


def test_component_without_js_is_a_warning() -> None:
    files = {
        "app.json": {"pages": ["pages/a/a"]},
        **page_files("pages/a/a", config={"usingComponents": {"x": "./card"}}),
        "pages/a/card.json": COMPONENT,
        "pages/a/card.wxml": "",
    }
    structure, diagnostics = build(files)
    assert structure is not None
    assert [(d.code, d.severity) for d in diagnostics.items] == [(5303, Severity.WARNING)]
    assert structure.pages["pages/a/a"].components == {"x": "pages/a/card"}


def test_components_are_followed_transitively_and_recursion_is_fine() -> None:
    files = {
        "app.json": {"pages": ["p/p"]},
        **page_files("p/p", config={"usingComponents": {"tree": "/c/tree"}}),
        **component_files("c/tree", usingComponents={"tree": "./tree", "leaf": "./leaf"}),
        **component_files("c/leaf"),
    }
    structure, diagnostics = build(files)
    assert structure is not None and not diagnostics.items
    assert structure.components["c/tree"].components == {"tree": "c/tree", "leaf": "c/leaf"}
    assert "c/leaf" in structure.components


def test_component_json_errors_are_reported_once() -> None:
    files = {
        "app.json": {"pages": ["p/a", "p/b"]},
        **page_files("p/a", "p/b", config={"usingComponents": {"c": "/c/c"}}),
        **component_files("c/c"),
        "c/c.json": '{"component": true, "virtualHost": "yes"}',
    }
    _, diagnostics = build(files)
    assert errors(diagnostics) == [("c/c.json", 5101, 1, 36)]


def test_generics_defaults_are_resolved() -> None:
    files = {
        "app.json": {"pages": ["p/p"]},
        **page_files("p/p", config={"usingComponents": {"list": "/c/list"}}),
        **component_files("c/list", componentGenerics={"item": {"default": "./item"}, "extra": True}),
        **component_files("c/item"),
    }
    structure, diagnostics = build(files)
    assert structure is not None and not diagnostics.items
    assert structure.components["c/list"].generics == {"item": "c/item", "extra": None}
    assert structure.component_graph["c/list"] == {"generic:item": "c/item"}
    assert "c/item" in structure.components


def test_page_used_as_a_component_keeps_its_page_config() -> None:
    files = {
        "app.json": {"pages": ["p/a", "p/b"]},
        **page_files("p/a", "p/b"),
        "p/a.json": {"usingComponents": {"b": "./b"}},
        "p/b.json": {"component": True, "navigationBarTitleText": "B"},
    }
    structure, diagnostics = build(files)
    assert structure is not None and not diagnostics.items, [str(d) for d in diagnostics.items]
    assert structure.pages["p/a"].components == {"b": "p/b"}
    assert structure.components["p/b"].kind == "component"
    assert structure.components["p/b"].config is structure.pages["p/b"].config


def test_placeholder_naming_an_undeclared_tag_warns() -> None:
    files = {
        "app.json": {"pages": ["p/p"]},
        **page_files("p/p", config={"componentPlaceholder": {"ghost": "view"}}),
    }
    _, diagnostics = build(files)
    assert codes(diagnostics) == [5309]


SUBPACKAGES = {
    "pages": ["pages/main"],
    "subpackages": [
        {"root": "subA", "pages": ["page"]},
        {"root": "subB", "pages": ["page"]},
        {"root": "solo", "pages": ["page"], "independent": True},
    ],
}
SUB_FILES = {
    **page_files("pages/main", "subA/page", "subB/page", "solo/page"),
    **component_files("comps/shared", "subA/comps/a", "subB/comps/b", "solo/comps/s"),
}


@pytest.mark.parametrize(
    ("user", "target", "code"),
    [
        ("pages/main", "/subA/comps/a", 5306),
        ("subA/page", "/subB/comps/b", 5307),
        ("solo/page", "/comps/shared", 5308),
        ("subA/page", "/solo/comps/s", 5307),
    ],
)
def test_cross_package_rules(user: str, target: str, code: int) -> None:
    files = {"app.json": SUBPACKAGES, **SUB_FILES, user + ".json": {"usingComponents": {"x": target}}}
    structure, diagnostics = build(files)
    assert structure is not None
    assert [d.code for d in diagnostics.errors] == [code]
    assert diagnostics.errors[0].path == user + ".json"
    assert structure.pages[user].components == {}


@pytest.mark.parametrize(
    ("user", "target"),
    [
        ("subA/page", "/comps/shared"),
        ("subA/page", "/subA/comps/a"),
        ("solo/page", "/solo/comps/s"),
        ("pages/main", "/comps/shared"),
    ],
)
def test_allowed_package_uses(user: str, target: str) -> None:
    files = {"app.json": SUBPACKAGES, **SUB_FILES, user + ".json": {"usingComponents": {"x": target}}}
    structure, diagnostics = build(files)
    assert structure is not None and not diagnostics.items
    assert structure.pages[user].components == {"x": target.lstrip("/")}


@pytest.mark.parametrize(
    ("user", "target"),
    [("pages/main", "/subA/comps/a"), ("subA/page", "/subB/comps/b"), ("solo/page", "/comps/shared")],
)
def test_placeholder_allows_cross_package_use(user: str, target: str) -> None:
    config = {"usingComponents": {"x": target}, "componentPlaceholder": {"x": "view"}}
    files = {"app.json": SUBPACKAGES, **SUB_FILES, user + ".json": config}
    structure, diagnostics = build(files)
    assert structure is not None and not diagnostics.items
    assert structure.pages[user].components == {"x": target.lstrip("/")}
    assert structure.pages[user].placeholders == {"x": "view"}


def test_global_component_in_a_subpackage_is_an_error() -> None:
    app = {**SUBPACKAGES, "usingComponents": {"a": "/subA/comps/a"}}
    structure, diagnostics = build({"app.json": app, **SUB_FILES})
    assert structure is not None
    assert [(d.path, d.code) for d in diagnostics.errors] == [("app.json", 5306)]


def test_subpackage_structure_errors() -> None:
    app = (
        "{\n"
        '  "pages": ["pages/main", "subA/inner"],\n'
        '  "subpackages": [\n'
        '    {"root": "subA", "pages": ["page"]},\n'
        '    {"root": "subA/deeper", "pages": ["page"]},\n'
        '    {"root": "missing", "pages": ["page"]},\n'
        '    {"root": "subB", "name": "subA", "pages": ["page"]},\n'
        '    {"root": "../up", "pages": ["page"]},\n'
        '    {"root": "subC", "pages": []}\n'
        "  ]\n"
        "}"
    )
    files = {
        "app.json": app,
        **page_files("pages/main", "subA/inner", "subA/page", "subA/deeper/page", "subB/page", "subC/x"),
    }
    structure, diagnostics = build(files)
    assert structure is not None
    assert [where(d) for d in diagnostics.sorted()] == [
        ("app.json", 5212, 2, 27),
        ("app.json", 5211, 5, 14),
        ("app.json", 5210, 6, 14),
        ("app.json", 5213, 7, 5),
        ("app.json", 5215, 8, 14),
    ]
    assert list(structure.packages) == [MAIN, "subA", "subC"]


def test_subpackage_page_rules_apply() -> None:
    app = '{"pages": ["p"],\n "subpackages": [{"root": "s", "pages": ["a.js", "b", "b"]}]}'
    _, diagnostics = build({"app.json": app, **page_files("p", "s/b", "s/a.js")})
    assert [d.code for d in diagnostics.errors] == [5201, 5203]


TAB_APP = {
    "pages": ["pages/a", "pages/b"],
    "subpackages": [{"root": "sub", "pages": ["c"]}],
}
TAB_FILES = {**page_files("pages/a", "pages/b", "sub/c"), "icons/a.png": b"png", "icons/big.png": b"x" * 50_000}


def tab_app(items: list[dict[str, Any]], **tab_bar: Any) -> str:
    return json.dumps({**TAB_APP, "tabBar": {"list": items, **tab_bar}}, indent=1)


@pytest.mark.parametrize(
    ("item", "code"),
    [
        ({"pagePath": "sub/c", "text": "C"}, 5222),
        ({"pagePath": "pages/zzz", "text": "Z"}, 5221),
        ({"pagePath": "pages/a", "text": "A"}, 5227),
        ({"pagePath": "pages/b", "text": "B", "iconPath": "https://cdn.example.com/i.png"}, 5223),
        ({"pagePath": "pages/b", "text": "B", "selectedIconPath": "icons/none.png"}, 5224),
        ({"pagePath": "pages/b", "text": "B", "iconPath": "/icons/big.png"}, 5225),
    ],
)
def test_tab_bar_page_and_icon_rules(item: dict[str, Any], code: int) -> None:
    first = {"pagePath": "pages/a", "text": "A", "iconPath": "icons/a.png"}
    structure, diagnostics = build({"app.json": tab_app([first, item]), **TAB_FILES})
    assert structure is not None
    assert [d.code for d in diagnostics.errors] == [code]
    assert structure.tab_bar_pages[0] == "pages/a"


def test_tab_bar_error_points_at_page_path() -> None:
    app = (
        '{"pages": ["pages/a"],\n "tabBar": {"list": [\n'
        '  {"pagePath": "pages/a", "text": "A"},\n  {"pagePath": "x", "text": "X"}]}}'
    )
    _, diagnostics = build({"app.json": app, **page_files("pages/a")})
    assert errors(diagnostics) == [("app.json", 5221, 4, 16)]


def test_custom_tab_bar() -> None:
    items = [{"pagePath": "pages/a", "text": "A"}, {"pagePath": "pages/b", "text": "B"}]
    structure, diagnostics = build({"app.json": tab_app(items, custom=True), **TAB_FILES})
    assert structure is not None
    assert [d.code for d in diagnostics.errors] == [5226]
    assert structure.custom_tab_bar is None
    files = {"app.json": tab_app(items, custom=True), **TAB_FILES, **component_files("custom-tab-bar/index")}
    structure, diagnostics = build(files)
    assert structure is not None and not diagnostics.items
    assert structure.custom_tab_bar == "custom-tab-bar/index"
    assert "custom-tab-bar/index" in structure.components


def test_preload_rules() -> None:
    app = {
        **TAB_APP,
        "preloadRule": {"pages/a": {"packages": ["sub", "__APP__", "nope"]}, "pages/zzz": {"packages": []}},
    }
    _, diagnostics = build({"app.json": app, **TAB_FILES})
    assert [d.code for d in diagnostics.errors] == [5231, 5230]


def test_theme_and_sitemap_files() -> None:
    app = {"pages": ["pages/a"], "themeLocation": "theme.json", "sitemapLocation": "sitemap.json"}
    _, diagnostics = build({"app.json": app, **page_files("pages/a")})
    assert [(d.code, d.severity) for d in diagnostics.items] == [
        (5235, Severity.ERROR),
        (5236, Severity.WARNING),
    ]
    _, diagnostics = build({"app.json": app, **page_files("pages/a"), "theme.json": "{}", "sitemap.json": "{}"})
    assert not diagnostics.items


fuzz_paths = st.sampled_from(
    ["p/a", "p/b", "/p/a", "sub", "sub/", "sub/x", "../x", "", "c/c", "./c", "van", "plugin://x/y", "@s/t", "a.js"]
)
fuzz_scalars = st.none() | st.booleans() | st.integers(-3, 3) | fuzz_paths
fuzz_maps = st.dictionaries(st.sampled_from(["x", "y", "Z"]), fuzz_scalars, max_size=3)


@st.composite
def fuzz_app(draw: st.DrawFn) -> dict[str, Any]:
    app: dict[str, Any] = {"pages": draw(st.lists(fuzz_paths | st.integers(), max_size=4))}
    if draw(st.booleans()):
        app["subpackages"] = draw(
            st.lists(
                st.fixed_dictionaries(
                    {"root": fuzz_paths, "pages": st.lists(fuzz_paths, max_size=3)},
                    optional={"independent": st.booleans(), "name": fuzz_paths},
                ),
                max_size=3,
            )
        )
    if draw(st.booleans()):
        items = st.fixed_dictionaries({"pagePath": fuzz_paths, "text": st.just("t")}, optional={"iconPath": fuzz_paths})
        app["tabBar"] = {"list": draw(st.lists(items, max_size=6)), "custom": draw(st.booleans())}
    for key in ("usingComponents", "componentPlaceholder", "resolveAlias"):
        if draw(st.booleans()):
            app[key] = draw(fuzz_maps)
    if draw(st.booleans()):
        app["entryPagePath"] = draw(fuzz_paths)
    if draw(st.booleans()):
        app["preloadRule"] = {draw(fuzz_paths): {"packages": draw(st.lists(fuzz_paths, max_size=2))}}
    return app


@settings(max_examples=200, deadline=None)
@given(fuzz_app(), st.dictionaries(st.sampled_from(["x", "y"]), fuzz_scalars, max_size=2), fuzz_maps)
def test_fuzz_app_structure_never_raises(app: dict[str, Any], using: dict[str, Any], generics: dict[str, Any]) -> None:
    files = {
        "app.json": app,
        **page_files("p/a", "sub/x", config={"usingComponents": using, "componentPlaceholder": {"y": "view"}}),
        **component_files("c/c", usingComponents=using, componentGenerics=generics),
        **component_files("miniprogram_npm/van/index"),
        "p/b.wxml": "",
    }
    structure, diagnostics = build(files)
    if structure is None:
        assert diagnostics.has_errors
    else:
        assert structure.pages_in_order == tuple(dict.fromkeys(structure.pages_in_order))
        for unit in (*structure.pages.values(), *structure.components.values()):
            assert unit.package in structure.packages
    for d in diagnostics.items:
        assert d.path
