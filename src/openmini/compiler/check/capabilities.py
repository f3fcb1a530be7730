"""The capability report: which wx APIs and built-in components a mini program uses.

It goes into the package manifest so review and the operator's API policy can see, without
reading code, what a version touches. ``BUILTIN_COMPONENTS`` is the one list of WeChat's built-in
component tags shared by the compiler, the runtime team and review.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openmini.compiler.parse.js import JsAnalysis

BUILTIN_COMPONENTS: frozenset[str] = frozenset(
    {
        # view containers
        "view",
        "scroll-view",
        "swiper",
        "swiper-item",
        "movable-area",
        "movable-view",
        "cover-view",
        "cover-image",
        "match-media",
        "page-container",
        "root-portal",
        "share-element",
        # Skyline containers
        "grid-view",
        "list-view",
        "sticky-header",
        "sticky-section",
        "draggable-sheet",
        "nested-scroll-header",
        "nested-scroll-body",
        "open-container",
        "snapshot",
        "span",
        # Skyline gesture handlers (wrap one child; worklet:ongesture)
        "pan-gesture-handler",
        "horizontal-drag-gesture-handler",
        "vertical-drag-gesture-handler",
        "scale-gesture-handler",
        "tap-gesture-handler",
        "long-press-gesture-handler",
        "double-tap-gesture-handler",
        "force-press-gesture-handler",
        # basic content
        "text",
        "icon",
        "progress",
        "rich-text",
        "selection",
        # forms
        "button",
        "checkbox",
        "checkbox-group",
        "editor",
        "form",
        "input",
        "keyboard-accessory",
        "label",
        "picker",
        "picker-view",
        "picker-view-column",
        "radio",
        "radio-group",
        "slider",
        "switch",
        "textarea",
        # navigation
        "navigator",
        "functional-page-navigator",
        # media
        "image",
        "video",
        "audio",
        "camera",
        "live-player",
        "live-pusher",
        "voip-room",
        "channel-live",
        "channel-video",
        # map and canvas
        "map",
        "canvas",
        # open capabilities
        "web-view",
        "open-data",
        "ad",
        "ad-custom",
        "official-account",
        "store-home",
        "store-product",
        # page-level configuration nodes
        "page-meta",
        "navigation-bar",
    }
)


def builtin_components_json() -> str:
    """The built-in component list as a JSON array, for the runtime's build and for review tools."""
    return json.dumps(sorted(BUILTIN_COMPONENTS), indent=2) + "\n"


@dataclass
class Capabilities:
    """Collects, across the app, the APIs and built-in components used and by which files."""

    apis: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    components: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    custom_components: set[str] = field(default_factory=set)

    def add_js(self, analysis: JsAnalysis) -> None:
        for name in analysis.api_names:
            self.apis[name].add(analysis.path)

    def add_tags(self, path: str, tags_used: Iterable[str]) -> None:
        """Record the tags one template uses (the WXML generator's ``tags_used``); others are ignored."""
        for tag in tags_used:
            if tag in BUILTIN_COMPONENTS:
                self.components[tag].add(path)

    def add_custom_component(self, path: str) -> None:
        """Record one custom component definition (its path without extension)."""
        self.custom_components.add(path)

    def to_json(self) -> dict[str, Any]:
        return {
            "apis": [{"name": name, "files": sorted(files)} for name, files in sorted(self.apis.items())],
            "components": [{"name": name, "files": sorted(files)} for name, files in sorted(self.components.items())],
            "custom_components": len(self.custom_components),
        }


# WeChat APIs the runtime does not implement, one a line (the file says how it is used).
UNSUPPORTED_APIS: frozenset[str] = frozenset(
    line
    for line in (Path(__file__).with_name("unsupported_apis.txt")).read_text("utf-8").splitlines()
    if line and not line.startswith("#")
)


def unsupported_apis(capabilities: dict[str, Any]) -> list[str]:
    """The APIs a capability report (``Capabilities.to_json()``) names that the runtime does not implement.

    The manifest carries them (``unsupportedApis``): the runtime installs only these as failing
    functions, so the worker does not carry WeChat's whole list of APIs it lacks.
    """
    return [api["name"] for api in capabilities["apis"] if api["name"] in UNSUPPORTED_APIS]


def collect_capabilities(
    analyses: Iterable[JsAnalysis],
    tags_used: Iterable[tuple[str, Iterable[str]]],
    custom_components: Iterable[str],
) -> Capabilities:
    """One report from the module analyses, each template's tags, and the custom component paths."""
    report = Capabilities()
    for analysis in analyses:
        report.add_js(analysis)
    for path, tags in tags_used:
        report.add_tags(path, tags)
    for component in custom_components:
        report.add_custom_component(component)
    return report
