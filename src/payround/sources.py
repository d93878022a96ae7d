"""Where an input may come from, and what a reference inside an input may reach.

Every loader that follows a reference (an offer's ``structure:``, a round's offer files and CSV tables, a workforce
given by name) asks a :class:`Sources` to turn the reference into a file, under a **policy**:

- ``filesystem`` (the CLI, scripts, notebooks): a reference is a path, relative to the file that names it (then to the
  working directory), as a user at their own terminal expects;
- ``server`` (the web workbench, anything that reads what a stranger uploaded): a reference may name only bundled data
  (ids such as ``sjc/2021-22``, resolved by the loaders before they ask) or a file uploaded in the same request. A
  path to anything else — absolute, with ``..``, through a symlink, a device — is refused with a clear error, so
  uploaded content can never make the server read one of its own files.

Uploads are held in a private temporary folder that only this object writes, so the readers (CSV, XLSX, Parquet,
YAML) work on files in both policies; :meth:`Sources.close` (or ``with``) removes it.

The loaders use the sources they are given, else the **active** ones: ``with sources:`` makes them active for the
code it runs (a context variable, so each request of a server has its own), and :func:`use_by_default` sets what is
active outside any ``with`` (a server sets ``Sources.server()`` at start-up, so nothing it runs reads files by
accident).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from contextvars import ContextVar, Token
from enum import StrEnum
from pathlib import Path, PurePosixPath
from types import TracebackType

from payround.errors import InputError

__all__ = ["LOCAL", "SourcePolicy", "Sources", "Upload", "active", "use_by_default"]

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ -]{0,127}$")


class SourcePolicy(StrEnum):
    """What a reference may reach."""

    filesystem = "filesystem"
    server = "server"


class Upload:
    """A file's content as sent by a user, with the name it was sent under (``offer.yaml``)."""

    __slots__ = ("data", "name")

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self.data = data

    def __repr__(self) -> str:
        return f"Upload({self.name!r}, {len(self.data)} bytes)"


class Sources:
    """Resolves references to files under a policy; see the module docstring."""

    def __init__(self, policy: SourcePolicy = SourcePolicy.filesystem, uploads: list[Upload] | None = None) -> None:
        self.policy = policy
        self._dir: Path | None = None
        self._uploads: dict[str, Path] = {}
        self._tokens: list[Token[Sources | None]] = []
        for up in uploads or []:
            self.add(up)

    @classmethod
    def server(cls, uploads: list[Upload] | None = None) -> Sources:
        """Sources for a server: bundled data and these uploads only."""
        return cls(SourcePolicy.server, uploads)

    def add(self, upload: Upload) -> Path:
        """Keep an upload; later references may name it. Returns where it is held."""
        name = _check_upload_name(upload.name)
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix="payround-upload-"))
        path = self._dir / name
        path.write_bytes(upload.data)
        self._uploads[name] = path
        return path

    def resolve(
        self,
        ref: str | Path,
        *,
        relative_to: str | Path | None = None,
        what: str = "file",
        or_working_dir: bool = True,
    ) -> Path:
        """The file ``ref`` names, as this policy allows; ``relative_to`` is the file whose content named it.

        Under the filesystem policy a relative reference is looked for beside ``relative_to`` first, then (when
        ``or_working_dir``) in the working directory. Raises InputError for a reference the policy refuses.
        """
        text = str(ref)
        if self.policy is SourcePolicy.server:
            if isinstance(ref, Path) and ref in self._uploads.values():
                return ref  # already resolved to one of our uploads
            return self._resolve_upload(text, relative_to, what)
        path = Path(text)
        if not path.is_absolute() and relative_to is not None:
            near = Path(relative_to).parent / path
            if near.exists() or not or_working_dir:
                return near
        return path

    def _resolve_upload(self, text: str, relative_to: str | Path | None, what: str) -> Path:
        here = None if relative_to is None else str(relative_to)
        problem = _path_problem(text)
        if problem is None and text not in self._uploads:
            problem = f"no {what} called {text!r} was uploaded"
        if problem is not None:
            raise InputError(
                f"{problem}: on a server a reference may name only bundled data or a file uploaded with it.",
                file=here if here is not None and not here.startswith("/") else None,
                place=what,
                got=repr(text[:80]),
                hint=f"upload the {what} and refer to it by its file name, or use a bundled id.",
            )
        path = self._uploads[text]
        # Only this object writes the folder; refuse anything that is no longer the regular file it wrote.
        if path.is_symlink() or not path.is_file():
            raise InputError(f"the uploaded {what} {text!r} is not a regular file.", place=what)
        return path

    def close(self) -> None:
        """Remove the uploads' temporary folder."""
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
            self._uploads.clear()

    def __enter__(self) -> Sources:
        self._tokens.append(_ACTIVE.set(self))
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        _ACTIVE.reset(self._tokens.pop())
        if isinstance(exc, InputError) and self._dir is not None:
            _name_uploads_as_uploaded(exc, self._dir)
        if not self._tokens and self is not LOCAL:
            self.close()


def _name_uploads_as_uploaded(exc: InputError, folder: Path) -> None:
    """An error about an upload names it as the user did, never by the private folder it is kept in."""
    prefix = str(folder) + "/"
    if exc.file is not None and prefix in exc.file:
        exc.file = exc.file.replace(prefix, "")
    if prefix in exc.detail:
        exc.detail = exc.detail.replace(prefix, "")
    exc.args = (exc._render(),)


def _path_problem(text: str) -> str | None:
    """Why ``text`` can never name an upload (None when it could)."""
    if not text or "\x00" in text:
        return "an empty or binary file name"
    if text.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", text):
        return "an absolute path"
    if "\\" in text or "/" in text:
        parts = PurePosixPath(text.replace("\\", "/")).parts
        if ".." in parts:
            return "a path that climbs out of its folder ('..')"
        return "a path into a folder"
    if text in (".", ".."):
        return "a folder"
    return None


def _check_upload_name(name: str) -> str:
    """An upload's name as kept: its base name, which must be a plain, safe file name."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    if not _SAFE_NAME.match(base) or base in (".", ".."):
        raise InputError(
            "an uploaded file needs a plain file name (letters, digits, '.', '_', '-', spaces; at most 128).",
            place="upload",
            got=repr(name[:80]),
        )
    return base


LOCAL = Sources()
"""The filesystem policy, for the CLI and library users at their own machine."""

_ACTIVE: ContextVar[Sources | None] = ContextVar("payround_sources", default=None)
_default: list[Sources] = [LOCAL]


def active(sources: Sources | None = None) -> Sources:
    """``sources`` if given, else those made active by ``with``, else the default (LOCAL unless a server set it)."""
    if sources is not None:
        return sources
    return _ACTIVE.get() or _default[0]


def use_by_default(sources: Sources) -> None:
    """Make ``sources`` active wherever no ``with`` says otherwise (a server calls it once, with Sources.server())."""
    _default[0] = sources
