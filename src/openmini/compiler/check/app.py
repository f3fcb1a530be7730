"""The app structure: pages, packages, the tabBar and the component graph, from app.json down.

Starting at app.json, every page's JSON and every component it reaches through
``usingComponents`` (and ``componentGenerics`` defaults) is read once and checked; each
reference is resolved the way WeChat resolves it and checked against the subpackage rules.
"""

from __future__ import annotations

import posixpath
from collections import deque
from dataclasses import dataclass, field
from typing import Literal

from openmini.compiler.check.config import (
    AppConfig,
    ComponentConfig,
    GenericDefault,
    PageConfig,
    check_page_list,
    validate_app_config,
    validate_component_config,
    validate_page_config,
)
from openmini.compiler.check.npm import declared_packages, unbuilt_package
from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.messages import config as msg
from openmini.compiler.messages.registry import Message
from openmini.compiler.parse.json import JsonDocument, make_pointer, parse_json, pointer_span
from openmini.compiler.project import Project, normalize, resolve
from openmini.compiler.toolchain.extended_libs import EXTENDED_LIBS

MAIN = "main"
APP_JSON = "app.json"
CUSTOM_TAB_BAR = "custom-tab-bar/index"
TAB_ICON_LIMIT = 40 * 1024
# preloadRule names the main package this way.
APP_PACKAGE_ALIAS = "__APP__"
_NETWORK_PREFIXES = ("http://", "https://", "//", "data:")
_PLUGIN_PREFIXES = ("plugin://", "plugin-private://")
# The package that counts app.json's `"workers": {"isSubpackage": true}` code (WeChat packs it apart).
WORKERS_PACKAGE = "@workers"


@dataclass(frozen=True)
class Package:
    """The main package (root ``""``) or one subpackage; pages are root-relative paths."""

    name: str
    root: str
    independent: bool
    pages: tuple[str, ...]

    def contains(self, path: str) -> bool:
        return not self.root or path == self.root or path.startswith(self.root + "/")


@dataclass
class Unit:
    """A page or a component: its config and the components its template may use."""

    path: str
    kind: Literal["page", "component"]
    package: str
    config: PageConfig | ComponentConfig
    # Tag → component path without extension, app-level global components included.
    components: dict[str, str] = field(default_factory=dict)
    # Generic name → default component path (None when it has no default).
    generics: dict[str, str | None] = field(default_factory=dict)
    placeholders: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class WorkerFolder:
    """app.json's ``workers``: the folder every worker file lives in, and the package counting them."""

    root: str
    package: str

    def holds(self, path: str) -> bool:
        return path.startswith(self.root + "/")


@dataclass
class AppStructure:
    config: AppConfig
    packages: dict[str, Package]
    entry_page: str | None
    tab_bar_pages: tuple[str, ...]
    global_components: dict[str, str]
    pages: dict[str, Unit]
    components: dict[str, Unit]
    custom_tab_bar: str | None = None
    workers: WorkerFolder | None = None

    def owner(self, path: str) -> str:
        """The package a root-relative file belongs to: the subpackage whose root holds it, else main."""
        for package in self.packages.values():
            if package.root and package.contains(path):
                return package.name
        return MAIN

    @property
    def pages_in_order(self) -> tuple[str, ...]:
        """Every page, the entry page first, then as declared: main package, then subpackages."""
        declared = [page for package in self.packages.values() for page in package.pages]
        if self.entry_page is None:
            return tuple(declared)
        return (self.entry_page, *(page for page in declared if page != self.entry_page))

    @property
    def component_graph(self) -> dict[str, dict[str, str]]:
        """Every page and component → the components it uses (generic defaults under ``generic:name``)."""
        graph: dict[str, dict[str, str]] = {}
        for unit in (*self.pages.values(), *self.components.values()):
            edges = graph.setdefault(unit.path, {})
            edges.update(unit.components)
            edges.update({f"generic:{name}": path for name, path in unit.generics.items() if path})
        return graph


def check_app(project: Project, diagnostics: Diagnostics) -> AppStructure | None:
    """Read app.json and everything it reaches; None when app.json itself cannot be used."""
    if not project.exists(APP_JSON):
        return None
    source = project.source(APP_JSON, diagnostics)
    if source is None:
        return None
    doc = parse_json(source, diagnostics)
    if doc is None:
        return None
    config = validate_app_config(doc, diagnostics)
    if config is None:
        return None
    return _Builder(project, diagnostics, doc, config).build()


def resolve_alias(aliases: dict[str, str], target: str) -> str:
    """Apply app.json ``resolveAlias`` (``"@utils/*": "utils/*"``); the result is root-absolute."""
    best = ""
    for key in aliases:
        prefix = key[:-1]
        if key.endswith("/*") and target.startswith(prefix) and len(prefix) > len(best):
            best = prefix
    if not best:
        return target
    replacement = aliases[best + "*"][:-1]
    return "/" + (replacement + target[len(best) :]).lstrip("/")


def component_candidates(from_file: str, target: str) -> list[str | None]:
    """Where ``target`` may live, in WeChat's order; None marks a path that leaves the root.

    Relative and root-absolute paths have one place. A bare path is tried relative to the
    declaring file first, then in each ``miniprogram_npm`` folder from its folder up to the root.
    """
    if target.startswith(("/", "./", "../")):
        return [resolve(from_file, target)]
    candidates: list[str | None] = [resolve(from_file, target)]
    folder = posixpath.dirname(from_file)
    while True:
        candidates.append(normalize(posixpath.join(folder, "miniprogram_npm", target)))
        if not folder:
            return candidates
        folder = posixpath.dirname(folder)


def find_component(project: Project, from_file: str, target: str) -> str | None | Literal[False]:
    """The component path (no extension) ``target`` names; None if not found, False if it escapes."""
    candidates = component_candidates(from_file, target)
    if all(candidate is None for candidate in candidates):
        return False
    for candidate in candidates:
        if candidate is None:
            continue
        for stem in (candidate, f"{candidate}/index"):
            if any(project.exists(stem + ext) for ext in (".json", ".wxml", ".js")):
                return stem
    return None


@dataclass(frozen=True)
class _Site:
    """Where a reference is written: a JSON document and the pointer of the value."""

    doc: JsonDocument
    pointer: str

    def span(self) -> tuple[int, int]:
        return pointer_span(self.doc, self.pointer)


class _Builder:
    def __init__(self, project: Project, diagnostics: Diagnostics, doc: JsonDocument, config: AppConfig) -> None:
        self.project = project
        self.diagnostics = diagnostics
        self.doc = doc
        self.config = config
        self.packages: dict[str, Package] = {}
        self.page_sites: dict[str, _Site] = {}
        self.docs: dict[str, JsonDocument | None] = {}
        self.configs: dict[str, PageConfig | ComponentConfig | None] = {}
        self.checked_components: dict[str, bool] = {}
        self.pages: dict[str, Unit] = {}
        self.components: dict[str, Unit] = {}
        self.queue: deque[str] = deque()
        self.reported_libs: set[str] = set()
        self.declared_npm: frozenset[str] | None = None

    def report(self, message: Message, site: _Site, **params: object) -> None:
        start, end = site.span()
        self.diagnostics.add(message.at(site.doc.source, start, end, **params))

    def app_site(self, *segments: str | int) -> _Site:
        return _Site(self.doc, make_pointer(*segments))

    # -- pages and packages ------------------------------------------------------------------

    def build(self) -> AppStructure:
        main_pages = self.page_paths(self.config.pages, ("pages",))
        self.packages[MAIN] = Package(MAIN, "", False, tuple(main_pages))
        self.add_subpackages()
        self.check_main_pages_placement()
        for page in self.page_sites:
            self.check_page_files(page)
        entry = self.entry_page(main_pages)
        tab_pages = self.tab_bar_pages()
        self.check_preload_rules()
        self.check_location_files()
        global_components = self.global_components()
        for package in self.packages.values():
            for page in package.pages:
                self.pages[page] = self.unit(page, "page", global_components)
        custom_tab_bar = self.custom_tab_bar()
        workers = self.worker_folder()
        while self.queue:
            path = self.queue.popleft()
            if path in self.components:
                continue
            page_unit = self.pages.get(path)
            # A page used as a component keeps what was resolved for it as a page.
            self.components[path] = (
                Unit(
                    path,
                    "component",
                    page_unit.package,
                    page_unit.config,
                    page_unit.components,
                    page_unit.generics,
                    page_unit.placeholders,
                )
                if page_unit is not None
                else self.unit(path, "component", global_components)
            )
        return AppStructure(
            config=self.config,
            packages=self.packages,
            entry_page=entry,
            tab_bar_pages=tab_pages,
            global_components=global_components,
            pages=self.pages,
            components=self.components,
            custom_tab_bar=custom_tab_bar,
            workers=workers,
        )

    def page_paths(self, pages: list[str], at: tuple[str | int, ...], root: str = "") -> list[str]:
        """Normalized page paths, remembering where each one is written for later messages."""
        paths: list[str] = []
        for index, page in enumerate(pages):
            site = self.app_site(*at, index)
            path = normalize(posixpath.join(root, page.lstrip("/")))
            if path is None or not page.strip("/"):
                self.report(msg.PAGE_BAD_PATH, site, page=page)
                continue
            if path not in self.page_sites:
                self.page_sites[path] = site
                paths.append(path)
        return paths

    def add_subpackages(self) -> None:
        for index, sub in enumerate(self.config.subpackages or []):
            site = self.app_site("subpackages", index, "root")
            root = normalize(sub.root.strip("/")) if sub.root.strip("/") else None
            if root is None:
                self.report(msg.SUBPACKAGE_ROOT_BAD, site, root=sub.root)
                continue
            if not any(path.startswith(root + "/") for path in self.project.files):
                self.report(msg.SUBPACKAGE_ROOT_MISSING, site, root=sub.root)
                continue
            overlap = next((p for p in self.packages.values() if p.root and _overlaps(p.root, root)), None)
            if overlap is not None:
                self.report(msg.SUBPACKAGE_ROOT_OVERLAP, site, root=root, other=overlap.root)
                continue
            name = sub.name or root
            if name in self.packages:
                self.report(msg.PACKAGE_NAME_DUPLICATE, self.app_site("subpackages", index), name=name)
                continue
            check_page_list(self.doc, ("subpackages", index, "pages"), sub.pages, self.diagnostics)
            pages = self.page_paths(sub.pages, ("subpackages", index, "pages"), root)
            self.packages[name] = Package(name, root, bool(sub.independent), tuple(pages))

    def check_main_pages_placement(self) -> None:
        for page in self.packages[MAIN].pages:
            for package in self.packages.values():
                if package.root and package.contains(page):
                    self.report(msg.MAIN_PAGE_IN_SUBPACKAGE, self.page_sites[page], page=page, root=package.root)

    def check_page_files(self, page: str) -> None:
        for ext in (".wxml", ".js"):
            if self.project.exists(page + ext):
                continue
            if ext == ".js" and self.project.exists(page + ".ts"):
                self.report(msg.PAGE_JS_UNCOMPILED, self.page_sites[page], page=page, file=page + ".ts")
            else:
                self.report(msg.PAGE_FILE_MISSING, self.page_sites[page], page=page, file=ext)

    def entry_page(self, main_pages: list[str]) -> str | None:
        declared = self.config.entry_page_path
        if declared is not None:
            path = normalize(declared)
            if path is not None and path in self.page_sites:
                return path
            self.report(msg.ENTRY_PAGE_UNKNOWN, self.app_site("entryPagePath"), page=declared)
        return main_pages[0] if main_pages else None

    def owner(self, path: str) -> Package:
        for package in self.packages.values():
            if package.root and package.contains(path):
                return package
        return self.packages[MAIN]

    # -- tabBar, preloadRule, referenced files -----------------------------------------------

    def tab_bar_pages(self) -> tuple[str, ...]:
        tab_bar = self.config.tab_bar
        if tab_bar is None:
            return ()
        pages: list[str] = []
        for index, item in enumerate(tab_bar.items):
            site = self.app_site("tabBar", "list", index, "pagePath")
            path = normalize(item.page_path)
            if path is None or path not in self.page_sites:
                self.report(msg.TABBAR_PAGE_UNKNOWN, site, page=item.page_path)
            elif path not in self.packages[MAIN].pages:
                self.report(msg.TABBAR_PAGE_IN_SUBPACKAGE, site, page=item.page_path, package=self.owner(path).name)
            elif path in pages:
                self.report(msg.TABBAR_PAGE_DUPLICATE, site, page=item.page_path)
            else:
                pages.append(path)
            for key, icon in (("iconPath", item.icon_path), ("selectedIconPath", item.selected_icon_path)):
                if icon is not None:
                    self.check_icon(icon, self.app_site("tabBar", "list", index, key))
        return tuple(pages)

    def check_icon(self, icon: str, site: _Site) -> None:
        if icon.startswith("@"):
            return  # a theme.json variable, resolved by the runtime for the current theme
        if icon.startswith(_NETWORK_PREFIXES):
            self.report(msg.TABBAR_ICON_NETWORK, site)
            return
        path = resolve(APP_JSON, icon)
        if path is None or not self.project.exists(path):
            self.report(msg.TABBAR_ICON_MISSING, site, path=icon)
            return
        size = len(self.project.files[path])
        if size > TAB_ICON_LIMIT:
            self.report(msg.TABBAR_ICON_TOO_LARGE, site, path=icon, size=size, limit=TAB_ICON_LIMIT)

    def check_preload_rules(self) -> None:
        known = {APP_PACKAGE_ALIAS} | {p.name for p in self.packages.values()}
        known |= {p.root for p in self.packages.values() if p.root}
        for page, rule in (self.config.preload_rule or {}).items():
            path = normalize(page)
            if path is None or path not in self.page_sites:
                site = _Site(self.doc, make_pointer("preloadRule", page))
                start, end = pointer_span(self.doc, site.pointer, key=True)
                self.diagnostics.add(msg.PRELOAD_PAGE_UNKNOWN.at(self.doc.source, start, end, page=page))
            for index, package in enumerate(rule.packages):
                if package.strip("/") not in known:
                    site = self.app_site("preloadRule", page, "packages", index)
                    self.report(msg.PRELOAD_PACKAGE_UNKNOWN, site, package=package)

    def check_location_files(self) -> None:
        checks = (
            (self.config.theme_location, "themeLocation", msg.THEME_FILE_MISSING),
            (self.config.sitemap_location, "sitemapLocation", msg.SITEMAP_FILE_MISSING),
        )
        for location, key, message in checks:
            if location is not None:
                path = resolve(APP_JSON, location)
                if path is None or not self.project.exists(path):
                    self.report(message, self.app_site(key), path=location)

    def worker_folder(self) -> WorkerFolder | None:
        workers = self.config.workers
        if workers is None:
            return None
        written = workers if isinstance(workers, str) else workers.path
        root = normalize(written.rstrip("/"))
        if root is None or not any(p.startswith(root + "/") and p.endswith(".js") for p in self.project.files):
            site = self.app_site("workers") if isinstance(workers, str) else self.app_site("workers", "path")
            self.report(msg.WORKERS_FOLDER_MISSING, site, path=written)
            return None
        apart = not isinstance(workers, str) and workers.is_subpackage is True
        return WorkerFolder(root, WORKERS_PACKAGE if apart else self.owner(root + "/").name)

    # -- components ---------------------------------------------------------------------------

    def global_components(self) -> dict[str, str]:
        placeholders = self.config.component_placeholder or {}
        resolved: dict[str, str] = {}
        for tag, target in (self.config.using_components or {}).items():
            site = self.app_site("usingComponents", tag)
            path = self.resolve_component(APP_JSON, tag, target, site)
            if path is not None and self.allowed(self.packages[MAIN], path, tag, placeholders, site):
                resolved[tag] = path
                self.queue.append(path)
        return resolved

    def custom_tab_bar(self) -> str | None:
        if self.config.tab_bar is None or not self.config.tab_bar.custom:
            return None
        site = self.app_site("tabBar", "custom")
        if not any(self.project.exists(CUSTOM_TAB_BAR + ext) for ext in (".json", ".wxml", ".js")):
            self.report(msg.CUSTOM_TABBAR_MISSING, site)
            return None
        if not self.check_component(CUSTOM_TAB_BAR, "custom-tab-bar", site):
            return None
        self.queue.append(CUSTOM_TAB_BAR)
        return CUSTOM_TAB_BAR

    def unit(self, path: str, kind: Literal["page", "component"], global_components: dict[str, str]) -> Unit:
        package = self.owner(path)
        config = self.config_of(path) or (PageConfig() if kind == "page" else ComponentConfig())
        unit = Unit(path, kind, package.name, config, placeholders=dict(config.component_placeholder or {}))
        for tag, target in global_components.items():
            # Independent subpackages run without the main package, so globals living there are absent.
            if not package.independent or package.contains(target):
                unit.components[tag] = target
        doc = self.docs.get(path + ".json")
        if doc is None:
            return unit
        for tag, target in (config.using_components or {}).items():
            site = _Site(doc, make_pointer("usingComponents", tag))
            resolved = self.resolve_component(path + ".json", tag, target, site)
            if resolved is not None and self.allowed(package, resolved, tag, unit.placeholders, site):
                unit.components[tag] = resolved
                self.queue.append(resolved)
        if isinstance(config, ComponentConfig):
            self.add_generics(unit, config, doc, package)
        for tag in unit.placeholders:
            if tag not in unit.components and tag not in (config.using_components or {}):
                site = _Site(doc, make_pointer("componentPlaceholder", tag))
                start, end = pointer_span(doc, site.pointer, key=True)
                self.diagnostics.add(msg.PLACEHOLDER_UNKNOWN_TAG.at(doc.source, start, end, tag=tag))
        return unit

    def add_generics(self, unit: Unit, config: ComponentConfig, doc: JsonDocument, package: Package) -> None:
        for name, spec in (config.component_generics or {}).items():
            unit.generics[name] = None
            if isinstance(spec, GenericDefault) and spec.default is not None:
                site = _Site(doc, make_pointer("componentGenerics", name, "default"))
                resolved = self.resolve_component(unit.path + ".json", name, spec.default, site)
                if resolved is not None and self.allowed(package, resolved, name, unit.placeholders, site):
                    unit.generics[name] = resolved
                    self.queue.append(resolved)

    def config_of(self, path: str) -> PageConfig | ComponentConfig | None:
        """The checked JSON of a page or component, read once whichever way it is reached."""
        if path in self.configs:
            return self.configs[path]
        json_path = path + ".json"
        doc = None
        if self.project.exists(json_path):
            source = self.project.source(json_path, self.diagnostics)
            doc = parse_json(source, self.diagnostics) if source is not None else None
        self.docs[json_path] = doc
        config: PageConfig | ComponentConfig | None = None
        if doc is not None:
            is_page = path in self.page_sites
            config = (validate_page_config if is_page else validate_component_config)(doc, self.diagnostics)
        self.configs[path] = config
        return config

    def resolve_component(self, from_file: str, tag: str, target: str, site: _Site) -> str | None:
        if target.startswith(_PLUGIN_PREFIXES):
            self.report(msg.PLUGIN_COMPONENT, site, tag=tag, target=target)
            return None
        aliased = resolve_alias(self.config.resolve_alias or {}, target)
        found = find_component(self.project, from_file, aliased)
        if found is False:
            self.report(msg.COMPONENT_PATH_ESCAPES, site, tag=tag, target=target)
            return None
        if found is None:
            self.report_missing_component(tag, target, site)
            return None
        return found if self.check_component(found, tag, site) else None

    def report_missing_component(self, tag: str, target: str, site: _Site) -> None:
        """Say why a component is missing when the cause is known: an extended library or an unbuilt npm package."""
        lib = self.extended_lib(target)
        if lib is not None and self.extended_lib_provided(lib):
            npm_name = EXTENDED_LIBS[lib]
            self.report(msg.EXTENDED_LIB_COMPONENT_UNKNOWN, site, tag=tag, target=target, lib=lib, package=npm_name)
            return
        if lib is not None:
            if lib not in self.reported_libs:
                self.reported_libs.add(lib)
                npm_name = EXTENDED_LIBS[lib]
                params = {"lib": lib, "tag": tag, "target": target, "prefix": npm_name, "package": npm_name}
                self.report(msg.EXTENDED_LIB_UNAVAILABLE, self.app_site("useExtendedLib", lib), **params)
            return
        if self.declared_npm is None:
            self.declared_npm = declared_packages(self.project)
        package = unbuilt_package(self.project, target, self.declared_npm)
        if package is not None:
            self.report(msg.NPM_NOT_BUILT, site, tag=tag, target=target, package=package)
        else:
            self.report(msg.COMPONENT_NOT_FOUND, site, tag=tag, target=target)

    def extended_lib(self, target: str) -> str | None:
        """The useExtendedLib entry that would have provided ``target`` on WeChat."""
        declared = self.config.use_extended_lib
        if not isinstance(declared, dict):
            return None
        # Each library's components are named by its npm package: `weui-miniprogram/…`.
        for lib, prefix in EXTENDED_LIBS.items():
            if lib in declared and target.startswith(prefix + "/"):
                return lib
        return None

    def extended_lib_provided(self, lib: str) -> bool:
        """Whether the library's npm package is in the project (built there, or added by the toolchain)."""
        npm_name = EXTENDED_LIBS[lib]
        return any(path.startswith(f"miniprogram_npm/{npm_name}/") for path in self.project.files)

    def check_component(self, path: str, tag: str, site: _Site) -> bool:
        """A component has a JSON saying ``"component": true`` and a template; checked once per path."""
        if path in self.checked_components:
            return self.checked_components[path]
        config = self.config_of(path)
        ok = True
        if config is None or config.component is not True:
            self.report(msg.NOT_A_COMPONENT, site, tag=tag, path=path)
            ok = False
        if not self.project.exists(path + ".wxml"):
            self.report(msg.COMPONENT_WXML_MISSING, site, tag=tag, path=path)
            ok = False
        if ok and not self.project.exists(path + ".js"):
            if self.project.exists(path + ".ts"):
                self.report(msg.COMPONENT_JS_UNCOMPILED, site, tag=tag, path=path, file=path + ".ts")
            else:
                self.report(msg.COMPONENT_JS_MISSING, site, tag=tag, path=path)
        self.checked_components[path] = ok
        return ok

    def allowed(self, user: Package, path: str, tag: str, placeholders: dict[str, str], site: _Site) -> bool:
        """The subpackage rules; a componentPlaceholder makes any cross-package use asynchronous, so allowed."""
        target = self.owner(path)
        if target.name == user.name or tag in placeholders:
            return True
        message: Message | None
        if target.name == MAIN:
            message = msg.INDEPENDENT_USES_MAIN if user.independent else None
        elif user.name == MAIN:
            message = msg.MAIN_USES_SUBPACKAGE
        else:
            message = msg.SUBPACKAGE_USES_OTHER
        if message is None:
            return True
        self.report(message, site, tag=tag, path=path, package=target.name, user=user.name)
        return False


def _overlaps(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")
