"""What the generator knows and collects while it walks one WXML file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.generate.wxml_js import JsValue
from openmini.compiler.generate.wxml_values import Values
from openmini.compiler.project import Project
from openmini.compiler.source import SourceFile


@dataclass
class FileContext:
    project: Project
    source: SourceFile
    diagnostics: Diagnostics
    values: Values
    components: Mapping[str, str]  # tag → component path
    generics: frozenset[str]  # tags that are abstract nodes of this component
    templates: dict[str, JsValue] = field(default_factory=dict)
    imports: list[str] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)
    tags_used: set[str] = field(default_factory=set)
    events_used: set[str] = field(default_factory=set)

    @property
    def path(self) -> str:
        return self.source.path
