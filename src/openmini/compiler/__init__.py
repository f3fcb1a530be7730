"""The compiler: a mini program source folder → a package the runtime loads.

Pure functions of files; no database, no network. The pipeline is in :mod:`pipeline`.
"""

from openmini.compiler.pipeline import CompileOptions, CompileResult, compile_project

__all__ = ["CompileOptions", "CompileResult", "compile_project"]
