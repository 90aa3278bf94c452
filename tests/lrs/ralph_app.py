"""ASGI entry point for the Ralph LRS used by Slate's integration tests.

Served by `ralph.sh` as `uvicorn ralph_app:app`. It is Ralph's own app
(`ralph.api:app`) with one change, made only when RALPH_FS_APPEND=1 (the
script's default):

Ralph 5.1.0's `fs` LRS backend keeps every statement in one file,
`fs_lrs.jsonl`, but writes it with the file data backend's default operation
type, CREATE, which refuses to touch an existing file. Stock Ralph therefore
accepts exactly one write per data directory: the first POST/PUT that stores
anything succeeds, every later one that has a new statement answers
500 {"detail":"Statements bulk indexation failed"}. With APPEND the backend
adds lines to the file instead, so repeated syncs work; the API layer
(validation, duplicate ids, 409s, paging) is untouched.
"""

import os

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

if os.environ.get("RALPH_FS_APPEND", "1") == "1":
    FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402  (must come after the patch)

__all__ = ["app"]
