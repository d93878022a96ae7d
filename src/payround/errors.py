"""One documented tree of domain errors.

Every error that reaches a user says where the problem is (file, YAML path or row), what was expected, what was
found, and how to fix it. The core raises these; the CLI turns them into exit code 2 and the web layer into one
JSON error shape.

```
PayroundError
 └─ InputError            bad user input, located in a file / place
     ├─ StructureError    pay structure files
     ├─ OfferError        offer files
     ├─ ParameterError    dated parameter files
     ├─ WorkforceError    workforce tables
     ├─ RoundError        pay round files
     ├─ RestructureError  restructure (regrading) files and grade sets
     ├─ SettleError       constraints files of the settlement finder
     └─ StoreError        the database refused or failed (not a database, a newer schema, a broken log, no access)
 └─ ConflictError         someone else changed the same thing first (optimistic concurrency; HTTP 409 in the web)
 └─ DependencyError       an optional dependency (e.g. PolicyEngine UK) is missing or cannot answer
```
"""

from __future__ import annotations

__all__ = [
    "ConflictError",
    "DependencyError",
    "InputError",
    "OfferError",
    "ParameterError",
    "PayroundError",
    "RestructureError",
    "RoundError",
    "SettleError",
    "StoreError",
    "StructureError",
    "WorkforceError",
]


_GOT_MAX = 80


class PayroundError(Exception):
    """Base class of every error payround raises on purpose."""

    def as_dict(self) -> dict[str, str | None]:
        """The one JSON error shape (the web API's body for every error; ``payround ... --format json`` too):
        ``type``, ``message`` and, for located input errors, ``file``, ``place``, ``expected``, ``got``, ``hint``."""
        out: dict[str, str | None] = {"type": type(self).__name__, "message": str(self)}
        for key in ("file", "place", "expected", "got", "hint"):
            out[key] = getattr(self, key, None)
        return out


class InputError(PayroundError):
    """Bad input, located precisely.

    The message reads ``FILE: PLACE: Expected X, got Y. Hint: Z`` with the parts that are known.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        place: str | None = None,
        expected: str | None = None,
        got: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.file = file
        self.place = place
        self.expected = expected
        # What was found is quoted, never reproduced: a file's content must not flow into a message.
        self.got = got if got is None or len(got) <= _GOT_MAX else got[: _GOT_MAX - 1] + "…"
        self.hint = hint
        self.detail = message
        super().__init__(self._render())

    def _render(self) -> str:
        prefix = ": ".join(p for p in (self.file, self.place) if p)
        body = self.detail
        if self.expected is not None:
            body += f" Expected {self.expected}"
            body += f", got {self.got}." if self.got is not None else "."
        elif self.got is not None:
            body += f" Got {self.got}."
        if self.hint:
            body += f" Hint: {self.hint}"
        return f"{prefix}: {body}" if prefix else body


class StructureError(InputError):
    """A pay structure file is malformed or inconsistent."""


class OfferError(InputError):
    """An offer file is malformed, or refers to points or structures that do not exist."""


class ParameterError(InputError):
    """A dated parameter file is malformed, or has no value for the date asked."""


class WorkforceError(InputError):
    """A workforce table is malformed (the place is a row number and column)."""


class RoundError(InputError):
    """A pay round file is malformed or inconsistent."""


class StoreError(InputError):
    """The database refused or failed: not a payround database, a schema newer than this payround, a log that does
    not verify, an action the user may not take, or any other database error (mapped here, never a traceback)."""


class ConflictError(PayroundError):
    """Someone else changed the same round (or created the same thing) between reading and writing it.

    Nothing was written; read again and retry. The web layer answers HTTP 409 with ``as_dict()``.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        place: str | None = None,
        expected: str | None = None,
        got: str | None = None,
        hint: str | None = "read the round again and retry: nothing was written.",
    ) -> None:
        self.file, self.place, self.expected, self.got, self.hint = file, place, expected, got, hint
        self.detail = message
        prefix = ": ".join(p for p in (file, place) if p)
        body = message
        if expected is not None:
            body += f" Expected {expected}" + (f", got {got}." if got is not None else ".")
        if hint:
            body += f" Hint: {hint}"
        super().__init__(f"{prefix}: {body}" if prefix else body)


class RestructureError(InputError):
    """A restructure (regrading) file or a grade set is malformed, or names grades, points or groups that do not
    exist."""


class SettleError(InputError):
    """A constraints file of the settlement finder is malformed, or asks for what its template cannot give."""


class DependencyError(PayroundError):
    """An optional dependency is missing or cannot answer (the message says how to install or what is supported)."""
