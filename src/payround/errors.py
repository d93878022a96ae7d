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
     └─ RoundError        pay round files
 └─ DependencyError       an optional dependency (e.g. PolicyEngine UK) is missing or cannot answer
```
"""

from __future__ import annotations

__all__ = [
    "DependencyError",
    "InputError",
    "OfferError",
    "ParameterError",
    "PayroundError",
    "RoundError",
    "StructureError",
    "WorkforceError",
]


class PayroundError(Exception):
    """Base class of every error payround raises on purpose."""

    def as_dict(self) -> dict[str, str | None]:
        """The one JSON error shape (the web API's body for every error; ``payround ... --format json`` too):
        ``type``, ``message`` and, for located input errors, ``file``, ``place``, ``expected``, ``got``, ``hint``."""
        return {
            "type": type(self).__name__,
            "message": str(self),
            "file": None,
            "place": None,
            "expected": None,
            "got": None,
            "hint": None,
        }


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
        self.got = got
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

    def as_dict(self) -> dict[str, str | None]:
        """The one JSON error shape, with the place filled in."""
        return {
            "type": type(self).__name__,
            "message": str(self),
            "file": self.file,
            "place": self.place,
            "expected": self.expected,
            "got": self.got,
            "hint": self.hint,
        }


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


class DependencyError(PayroundError):
    """An optional dependency is missing or cannot answer (the message says how to install or what is supported)."""
