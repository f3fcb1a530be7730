"""What app.json, page JSON and component JSON may contain, and checking a document against it.

The models mirror WeChat's documented keys. Python names are snake_case; every field's alias
is WeChat's key, so ``config_json(model)`` gives back WeChat's spelling for the manifest.
Unknown keys are kept and warned about, so a key WeChat adds tomorrow never breaks a build;
a known key with the wrong type is an error pointing at the value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, ValidationError
from pydantic.alias_generators import to_camel
from pydantic_core import ErrorDetails, PydanticCustomError

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.messages import config as msg
from openmini.compiler.parse.json import (
    JsonArray,
    JsonDocument,
    JsonMember,
    JsonObject,
    make_pointer,
    node_at,
    pointer_span,
)
from openmini.compiler.toolchain.extended_libs import EXTENDED_LIBS

# ---------------------------------------------------------------------------------------------
# Value types

_HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
# With darkmode on, WeChat lets window and tabBar values name a theme.json variable: "@navBg".
_THEME_VARIABLE = re.compile(r"@[A-Za-z0-9_\-]+")


def _color(value: str) -> str:
    if _HEX_COLOR.fullmatch(value) or _THEME_VARIABLE.fullmatch(value):
        return value
    raise PydanticCustomError("color", "not a hex colour")


def _one_of(*choices: str, theme: bool = False) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value in choices or (theme and _THEME_VARIABLE.fullmatch(value)):
            return value
        raise PydanticCustomError("choice", "not an allowed value", {"choices": ", ".join(choices)})

    return check


def _number(minimum: float | None = None) -> Callable[[Any], int | float]:
    def check(value: Any) -> int | float:
        # JSON numbers only; pydantic's float would also turn 50 into 50.0 in the manifest.
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PydanticCustomError("number_type", "not a number")
        if minimum is not None and value < minimum:
            raise PydanticCustomError("number_range", "out of range", {"bound": f"at least {minimum:g}"})
        return value

    return check


Color = Annotated[str, AfterValidator(_color)]
Milliseconds = Annotated[int | float, PlainValidator(_number(0))]
Distance = Annotated[int | float, PlainValidator(_number(0))]
TextStyle = Annotated[str, AfterValidator(_one_of("black", "white", theme=True))]
BackgroundTextStyle = Annotated[str, AfterValidator(_one_of("dark", "light", theme=True))]
NavigationStyle = Annotated[str, AfterValidator(_one_of("default", "custom"))]
Orientation = Annotated[str, AfterValidator(_one_of("portrait", "landscape", "auto"))]
RestartStrategy = Annotated[str, AfterValidator(_one_of("homePage", "homePageAndLatestPage"))]
RenderingCache = Annotated[str, AfterValidator(_one_of("static", "dynamic"))]
VisualEffect = Annotated[str, AfterValidator(_one_of("none", "hidden"))]
WebviewPreload = Annotated[str, AfterValidator(_one_of("static", "manual", "auto"))]
Renderer = Annotated[str, AfterValidator(_one_of("webview", "skyline"))]
# A component may also render a 3D scene with xr-frame (WeChat's XR-FRAME guide).
ComponentRenderer = Annotated[str, AfterValidator(_one_of("webview", "skyline", "xr-frame"))]
ComponentFramework = Annotated[str, AfterValidator(_one_of("exparser", "glass-easel"))]
PageStyleIsolation = Annotated[str, AfterValidator(_one_of("isolated", "apply-shared", "shared"))]
ComponentStyleIsolation = Annotated[
    str,
    AfterValidator(_one_of("isolated", "apply-shared", "shared", "page-isolated", "page-apply-shared", "page-shared")),
]
TabBarPosition = Annotated[str, AfterValidator(_one_of("bottom", "top"))]
PreloadNetwork = Annotated[str, AfterValidator(_one_of("all", "wifi"))]
NavigationBarFit = Annotated[str, AfterValidator(_one_of("float", "squeezed"))]
AppStyle = Annotated[str, AfterValidator(_one_of("v2"))]
PageStyle = Annotated[str, AfterValidator(_one_of("v2", "default"))]
LazyCodeLoading = Annotated[str, AfterValidator(_one_of("requiredComponents"))]


class ConfigModel(BaseModel):
    """Strict JSON types, WeChat key names as aliases, unknown keys kept."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow", strict=True)


# ---------------------------------------------------------------------------------------------
# Shared pieces


class Window(ConfigModel):
    """Keys of app.json's ``window``; a page JSON has them at its top level."""

    navigation_bar_background_color: Color | None = None
    navigation_bar_text_style: TextStyle | None = None
    navigation_bar_title_text: str | None = None
    navigation_style: NavigationStyle | None = None
    home_button: bool | None = None
    background_color: Color | None = None
    background_color_content: Color | None = None
    background_text_style: BackgroundTextStyle | None = None
    background_color_top: Color | None = None
    background_color_bottom: Color | None = None
    enable_pull_down_refresh: bool | None = None
    on_reach_bottom_distance: Distance | None = None
    page_orientation: Orientation | None = None
    restart_strategy: RestartStrategy | None = None
    initial_rendering_cache: RenderingCache | None = None
    visual_effect_in_background: VisualEffect | None = None
    handle_webview_preload: WebviewPreload | None = None


class PassiveEvent(ConfigModel):
    touchstart: bool | None = None
    touchmove: bool | None = None
    wheel: bool | None = None


class SinglePage(ConfigModel):
    navigation_bar_fit: NavigationBarFit | None = None


# ---------------------------------------------------------------------------------------------
# app.json


class TabBarItem(ConfigModel):
    page_path: str
    text: str
    icon_path: str | None = None
    selected_icon_path: str | None = None


class TabBar(ConfigModel):
    color: Color | None = None
    selected_color: Color | None = None
    background_color: Color | None = None
    border_style: TextStyle | None = None
    items: list[TabBarItem] = Field(alias="list")
    position: TabBarPosition | None = None
    custom: bool | None = None


class NetworkTimeout(ConfigModel):
    request: Milliseconds | None = None
    connect_socket: Milliseconds | None = None
    upload_file: Milliseconds | None = None
    download_file: Milliseconds | None = None


class Subpackage(ConfigModel):
    root: str
    pages: list[str]
    name: str | None = None
    independent: bool | None = None
    entry: str | None = None
    # Skyline apps choose the renderer per subpackage, as WeChat's own demo does.
    renderer: Renderer | None = None
    component_framework: ComponentFramework | None = None
    # Declared so that it is rejected with the plugin message, not warned about as unknown.
    plugins: Any = None


class PreloadRule(ConfigModel):
    packages: list[str]
    network: PreloadNetwork | None = None


class Permission(ConfigModel):
    desc: str


class Workers(ConfigModel):
    path: str
    is_subpackage: bool | None = None


class LocationMessage(ConfigModel):
    path: str
    query: str | None = None


class EntranceDeclare(ConfigModel):
    location_message: LocationMessage | None = None


class HalfPage(ConfigModel):
    first_page_navigation_style: NavigationStyle | None = None


class DebugOptions(ConfigModel):
    enable_fps_panel: bool | None = Field(default=None, alias="enableFPSPanel")


class AppConfig(ConfigModel):
    pages: list[str]
    entry_page_path: str | None = None
    window: Window | None = None
    tab_bar: TabBar | None = None
    network_timeout: NetworkTimeout | None = None
    debug: bool | None = None
    functional_pages: Any = None
    subpackages: list[Subpackage] | None = Field(default=None, alias="subpackages")
    workers: str | Workers | None = None
    required_background_modes: list[str] | None = None
    required_private_infos: list[str] | None = None
    plugins: Any = None
    preload_rule: dict[str, PreloadRule] | None = None
    resizable: bool | None = None
    using_components: dict[str, str] | None = None
    component_placeholder: dict[str, str] | None = None
    permission: dict[str, Permission] | None = None
    sitemap_location: str | None = None
    style: AppStyle | None = None
    use_extended_lib: Any = None
    entrance_declare: EntranceDeclare | None = None
    darkmode: bool | None = None
    theme_location: str | None = None
    lazy_code_loading: LazyCodeLoading | None = None
    single_page: SinglePage | None = None
    supported_materials: list[dict[str, Any]] | None = None
    service_provider_ticket: str | None = None
    embedded_app_id_list: list[str] | None = None
    navigate_to_mini_program_app_id_list: list[str] | None = None
    half_page: HalfPage | None = None
    debug_options: DebugOptions | None = None
    enable_passive_event: bool | PassiveEvent | None = None
    resolve_alias: dict[str, str] | None = None
    renderer: Renderer | None = None
    renderer_options: dict[str, Any] | None = None
    component_framework: ComponentFramework | None = None
    convert_rpx_to_vw: bool | None = None
    app_bar: dict[str, Any] | None = None
    static: list[dict[str, Any]] | None = None


# ---------------------------------------------------------------------------------------------
# Page and component JSON


class PageConfig(Window):
    using_components: dict[str, str] | None = None
    component_placeholder: dict[str, str] | None = None
    disable_scroll: bool | None = None
    style: PageStyle | None = None
    single_page: SinglePage | None = None
    enable_passive_event: bool | PassiveEvent | None = None
    renderer: Renderer | None = None
    renderer_options: dict[str, Any] | None = None
    component_framework: ComponentFramework | None = None
    style_isolation: PageStyleIsolation | None = None
    # Pages written with Component() may say so; it changes nothing for a page.
    component: bool | None = None


class GenericDefault(ConfigModel):
    default: str | None = None


class ComponentConfig(ConfigModel):
    component: bool | None = None
    using_components: dict[str, str] | None = None
    component_generics: dict[str, bool | GenericDefault] | None = None
    component_placeholder: dict[str, str] | None = None
    style_isolation: ComponentStyleIsolation | None = None
    pure_data_pattern: str | None = None
    virtual_host: bool | None = None
    renderer: ComponentRenderer | None = None
    component_framework: ComponentFramework | None = None


def config_json(model: ConfigModel) -> dict[str, Any]:
    """The keys the developer wrote, under WeChat's names, as JSON-ready values."""
    return model.model_dump(by_alias=True, exclude_unset=True, mode="json")


# ---------------------------------------------------------------------------------------------
# Checking a document

M = TypeVar("M", bound=ConfigModel)

_MAX_REPAIRS = 8
_TYPE_NAMES = {
    "string_type": "a string",
    "bool_type": "a boolean",
    "int_type": "an integer",
    "float_type": "a number",
    "number_type": "a number",
    "list_type": "an array",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
}
_PAGE_EXTENSIONS = (".js", ".ts", ".wxml", ".wxss", ".json", ".html")


def json_type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "null"


def display_path(segments: tuple[str | int, ...] | list[str | int]) -> str:
    """``tabBar.list[2].pagePath``: how a key is named in messages."""
    out = ""
    for segment in segments:
        out += f"[{segment}]" if isinstance(segment, int) else (f".{segment}" if out else segment)
    return out


def validate_config(doc: JsonDocument, model: type[M], diagnostics: Diagnostics) -> M | None:
    """Check ``doc`` against ``model``; every problem is reported once, at its JSON position.

    Values with errors are dropped and the rest checked again, so a partial config comes back
    whenever the required keys survive; callers learn of the errors from ``diagnostics``.
    """
    if not isinstance(doc.root, JsonObject):
        start, end = pointer_span(doc, "")
        diagnostics.add(
            msg.NOT_AN_OBJECT.at(doc.source, start, end, file=doc.source.path, actual=json_type_name(doc.value))
        )
        return None
    data = doc.value
    for attempt in range(_MAX_REPAIRS):
        try:
            result = model.model_validate(data)
        except ValidationError as exc:
            located = _locate(data, exc.errors())
            if attempt == 0:
                for path, error in located:
                    _report(doc, path, error, diagnostics)
            if any(not path for path, _ in located):
                return None
            for path in _deepest_first({path for path, _ in located}):
                _delete(data, path)
            continue
        _warn_unknown(doc, result, (), diagnostics)
        return result
    return None


def _locate(data: Any, errors: list[ErrorDetails]) -> list[tuple[tuple[str | int, ...], ErrorDetails]]:
    """Each error with the path of the value it concerns (the parent object for a missing key).

    Union members add location parts that are not in the data; they are skipped. When one value
    has errors both on itself and inside it, it was an object meant for the object-shaped union
    member, so only the inner errors are kept.
    """
    located: list[tuple[tuple[str | int, ...], ErrorDetails]] = []
    seen: set[tuple[tuple[str | int, ...], str]] = set()
    for error in errors:
        path = _data_path(data, error["loc"])
        key = (path, error["type"])
        if key not in seen:
            seen.add(key)
            located.append((path, error))
    paths = [path for path, _ in located]
    return [
        (path, error)
        for path, error in located
        if error["type"] not in _TYPE_NAMES
        or not any(len(other) > len(path) and other[: len(path)] == path for other in paths)
    ]


def _data_path(data: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    path: list[str | int] = []
    node = data
    for part in loc:
        if _has_child(node, part):
            node = node[part]
            path.append(part)
    return tuple(path)


def _has_child(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return isinstance(part, str) and part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _deepest_first(paths: set[tuple[str | int, ...]]) -> list[tuple[str | int, ...]]:
    def order(path: tuple[str | int, ...]) -> tuple[int, list[tuple[int, int, str]]]:
        return len(path), [(0, s, "") if isinstance(s, int) else (1, 0, s) for s in path]

    return sorted(paths, key=order, reverse=True)


def _delete(data: Any, path: tuple[str | int, ...]) -> None:
    node = data
    for part in path[:-1]:
        if not _has_child(node, part):
            return
        node = node[part]
    if _has_child(node, path[-1]):
        del node[path[-1]]


def _report(doc: JsonDocument, path: tuple[str | int, ...], error: ErrorDetails, diagnostics: Diagnostics) -> None:
    kind = error["type"]
    start, end = pointer_span(doc, make_pointer(*path))
    source = doc.source
    if kind == "missing":
        missing = error["loc"][-1] if error["loc"] else ""
        diagnostics.add(msg.REQUIRED_KEY.at(source, start, end, key=display_path((*path, missing))))
        return
    key = display_path(path) or doc.source.path
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind in _TYPE_NAMES:
        diagnostics.add(
            msg.WRONG_TYPE.at(source, start, end, key=key, expected=_TYPE_NAMES[kind], actual=json_type_name(value))
        )
    elif kind == "choice":
        diagnostics.add(msg.BAD_CHOICE.at(source, start, end, key=key, choices=ctx["choices"], value=repr(value)))
    elif kind == "color":
        diagnostics.add(msg.BAD_COLOR.at(source, start, end, key=key, value=repr(value)))
    elif kind == "number_range":
        diagnostics.add(msg.NUMBER_RANGE.at(source, start, end, key=key, bound=ctx["bound"], value=value))
    else:
        diagnostics.add(msg.INVALID_VALUE.at(source, start, end, key=key, reason=error["msg"]))


def _warn_unknown(doc: JsonDocument, model: BaseModel, path: tuple[str | int, ...], diagnostics: Diagnostics) -> None:
    where = display_path(path) or doc.source.path
    for key in model.model_extra or {}:
        start, end = pointer_span(doc, make_pointer(*path, key), key=True)
        diagnostics.add(msg.UNKNOWN_KEY.at(doc.source, start, end, key=key, where=where))
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        _warn_unknown_in(doc, value, (*path, field.alias or name), diagnostics)


def _warn_unknown_in(doc: JsonDocument, value: Any, path: tuple[str | int, ...], diagnostics: Diagnostics) -> None:
    if isinstance(value, BaseModel):
        _warn_unknown(doc, value, path, diagnostics)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _warn_unknown_in(doc, item, (*path, index), diagnostics)
    elif isinstance(value, dict):
        for key, item in value.items():
            _warn_unknown_in(doc, item, (*path, key), diagnostics)


# ---------------------------------------------------------------------------------------------
# The three kinds of file


def validate_app_config(doc: JsonDocument, diagnostics: Diagnostics) -> AppConfig | None:
    """app.json: types, unknown keys, and the rules that need nothing but app.json itself."""
    if isinstance(doc.root, JsonObject) and doc.root.get("subPackages") is not None:
        doc = _rename_subpackages(doc, diagnostics)
    config = validate_config(doc, AppConfig, diagnostics)
    if config is None:
        return None
    _check_app_rules(doc, config, diagnostics)
    return config


def validate_page_config(doc: JsonDocument, diagnostics: Diagnostics) -> PageConfig | None:
    config = validate_config(doc, PageConfig, diagnostics)
    if config is not None:
        _check_components_keys(doc, config.using_components, diagnostics)
    return config


def validate_component_config(doc: JsonDocument, diagnostics: Diagnostics) -> ComponentConfig | None:
    config = validate_config(doc, ComponentConfig, diagnostics)
    if config is not None:
        _check_components_keys(doc, config.using_components, diagnostics)
        if config.renderer == "xr-frame":
            start, end = pointer_span(doc, "/renderer")
            diagnostics.add(msg.XR_FRAME_UNSUPPORTED.at(doc.source, start, end))
    return config


def _rename_subpackages(doc: JsonDocument, diagnostics: Diagnostics) -> JsonDocument:
    """WeChat reads ``subPackages`` as ``subpackages``; so do we, keeping the key's position.

    When both are written, ``subpackages`` is used and ``subPackages`` is reported once.
    """
    assert isinstance(doc.root, JsonObject)
    if doc.root.get("subpackages") is not None:
        start, end = pointer_span(doc, "/subPackages", key=True)
        diagnostics.add(msg.BOTH_SUBPACKAGE_KEYS.at(doc.source, start, end))
        members = tuple(m for m in doc.root.members if m.key != "subPackages")
    else:
        members = tuple(
            JsonMember("subpackages", m.key_start, m.key_end, m.value) if m.key == "subPackages" else m
            for m in doc.root.members
        )
    return JsonDocument(doc.source, JsonObject(doc.root.start, doc.root.end, members))


def _check_app_rules(doc: JsonDocument, config: AppConfig, diagnostics: Diagnostics) -> None:
    source = doc.source
    if "plugins" in config.model_fields_set:
        start, end = pointer_span(doc, "/plugins", key=True)
        diagnostics.add(msg.PLUGINS_UNSUPPORTED.at(source, start, end, key="plugins"))
    for index, sub in enumerate(config.subpackages or []):
        if "plugins" in sub.model_fields_set:
            start, end = pointer_span(doc, make_pointer("subpackages", index, "plugins"), key=True)
            diagnostics.add(msg.PLUGINS_UNSUPPORTED.at(source, start, end, key=f"subpackages[{index}].plugins"))
    if "functional_pages" in config.model_fields_set:
        start, end = pointer_span(doc, "/functionalPages", key=True)
        diagnostics.add(msg.UNSUPPORTED_KEY.at(source, start, end, key="functionalPages"))
    if "use_extended_lib" in config.model_fields_set:
        libs = config.use_extended_lib
        # weui is served from its npm package (toolchain/extended_libs.py); no other library is.
        for lib in libs if isinstance(libs, dict) else [None]:
            if lib in EXTENDED_LIBS:
                continue
            pointer = make_pointer("useExtendedLib", lib) if lib is not None else "/useExtendedLib"
            start, end = pointer_span(doc, pointer, key=True)
            shown = f"useExtendedLib.{lib}" if lib is not None else "useExtendedLib"
            diagnostics.add(msg.UNSUPPORTED_KEY.at(source, start, end, key=shown))
    if not config.pages:
        start, end = pointer_span(doc, "/pages")
        diagnostics.add(msg.PAGES_EMPTY.at(source, start, end))
    check_page_list(doc, ("pages",), config.pages, diagnostics)
    written = node_at(doc, "/tabBar/list")
    # Counted in the file: items dropped for their own errors still count as written.
    if config.tab_bar is not None and isinstance(written, JsonArray) and not 2 <= len(written.items) <= 5:
        start, end = pointer_span(doc, "/tabBar/list")
        diagnostics.add(msg.TABBAR_COUNT.at(source, start, end, count=len(written.items)))
    for key, value in (config.resolve_alias or {}).items():
        if not (key.endswith("/*") and value.endswith("/*")):
            start, end = pointer_span(doc, make_pointer("resolveAlias", key), key=True)
            diagnostics.add(msg.BAD_ALIAS.at(source, start, end, key=key, value=value))
    _check_components_keys(doc, config.using_components, diagnostics)


def check_page_list(doc: JsonDocument, at: tuple[str | int, ...], pages: list[str], diagnostics: Diagnostics) -> None:
    """Each page path is written without extension or leading slash, and only once."""
    seen: set[str] = set()
    for index, page in enumerate(pages):
        start, end = pointer_span(doc, make_pointer(*at, index))
        if page.startswith("/"):
            diagnostics.add(msg.PAGE_LEADING_SLASH.at(doc.source, start, end, page=page))
        if page.endswith(_PAGE_EXTENSIONS):
            diagnostics.add(msg.PAGE_EXTENSION.at(doc.source, start, end, page=page))
        if page in seen:
            diagnostics.add(msg.PAGE_DUPLICATE.at(doc.source, start, end, page=page))
        seen.add(page)


# WeChat's guide asks for lowercase, but its tools and runtime accept mixed case (its own demo
# declares <mp-halfScreenDialog>), so only characters that cannot be a tag are reported.
_TAG_NAME = re.compile(r"[A-Za-z0-9_\-]+")


def _check_components_keys(doc: JsonDocument, using: dict[str, str] | None, diagnostics: Diagnostics) -> None:
    for tag in using or {}:
        if not _TAG_NAME.fullmatch(tag):
            start, end = pointer_span(doc, make_pointer("usingComponents", tag), key=True)
            diagnostics.add(msg.BAD_TAG_NAME.at(doc.source, start, end, tag=tag))
