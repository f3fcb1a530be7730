"""Messages of the project area (reading the source folder): codes 1000–1999."""

from __future__ import annotations

from openmini.compiler.messages.registry import ERROR, WARNING, Message

NOT_A_DIRECTORY = Message(1001, "not_a_directory", ERROR, "{folder} is not a directory")
NO_APP_JSON = Message(1002, "no_app_json", ERROR, "no app.json in the mini program root {root}")
PATH_ESCAPES_ROOT = Message(1003, "path_escapes_root", ERROR, "{target} leads outside the mini program root")
SYMLINK_REFUSED = Message(1004, "symlink_refused", ERROR, "symbolic link leads outside the mini program root")
NOT_UTF8 = Message(1005, "not_utf8", ERROR, "not valid UTF-8 text: {reason}")
BAD_PROJECT_CONFIG = Message(1006, "bad_project_config", ERROR, "project.config.json: {reason}")
MINIPROGRAM_ROOT_MISSING = Message(
    1007, "miniprogram_root_missing", ERROR, "miniprogramRoot {root!r} from project.config.json is not a folder"
)
FILE_TOO_LARGE = Message(1008, "file_too_large", ERROR, "file is {size} bytes, over the {limit}-byte limit")
TOO_MANY_FILES = Message(1009, "too_many_files", ERROR, "the source has more than {limit} files")
UNREADABLE = Message(1010, "unreadable", ERROR, "cannot read file: {reason}")
IGNORED_SPECIAL = Message(1011, "ignored_special", WARNING, "not a regular file; left out of the package")
