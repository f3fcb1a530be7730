"""Worker code: app.json's ``workers`` folder packed into one bundle for ``wx.createWorker``.

WeChat packs every JS file of the folder into one file, and worker code may require only files of
that folder. The bundle holds each module as the logic bundle does (``__openmini_define__``,
docs/modules.md); the runtime's worker thread (runtime/logic/thread.js) runs the file
``wx.createWorker`` names.
"""

from __future__ import annotations

from dataclasses import dataclass

from openmini.compiler.check.app import WorkerFolder
from openmini.compiler.check.modules import ModuleGraph, check_modules
from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.generate.modules import generate_module
from openmini.compiler.generate.package import Unit
from openmini.compiler.messages import js as msg
from openmini.compiler.project import Project

# The bundle's logical name: outside `@bundle/<package>/`, so no package name can collide with it.
WORKERS_BUNDLE = "@bundle/workers.js"


@dataclass(frozen=True)
class WorkerCode:
    folder: WorkerFolder
    graph: ModuleGraph
    unit: Unit

    def manifest_entry(self) -> dict[str, str]:
        return {"root": self.folder.root, "logic": WORKERS_BUNDLE}


def compile_workers(project: Project, folder: WorkerFolder, diagnostics: Diagnostics) -> WorkerCode:
    """Check every JS file of the folder and the modules they require, and bundle them."""
    entries = sorted(path for path in project.files if folder.holds(path) and path.endswith(".js"))
    graph = check_modules(project, entries, lambda _path: folder.package, diagnostics)
    for path, analysis in graph.analyses.items():
        for call in analysis.requires:
            target = graph.requires[path].get(call.spec)
            source = project.source(path, diagnostics)
            if target is not None and not folder.holds(target) and source is not None:
                params = {"path": path, "target": target, "root": folder.root}
                diagnostics.add(msg.REQUIRE_OUTSIDE_WORKERS.at(source, call.start, call.end, **params))
    code = []
    for path in graph.modules:
        text = project.files[path].decode("utf-8-sig", "replace").replace("\r\n", "\n")
        code.append(generate_module(path, text, graph.requires.get(path, {})))
    content = ";\n".join(code).encode("utf-8") + b";\n"
    return WorkerCode(folder, graph, Unit(WORKERS_BUNDLE, content, folder.package, "logic"))
