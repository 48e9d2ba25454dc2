"""Batches: "all X of Y as one ZIP" (a session's replies, a year's minutes), registered by
the domain that owns the records and offered as a streamed web download and a CLI command.

A domain registers a batch at import time, next to its document kinds::

    from deliberate.documents.batches import BatchParam, register_batch

    register_batch(
        name="session-replies",                    # CLI: export-batch session-replies
        label=_l("A session's replies"),
        kind="reply",                              # a registered DocumentKind's name
        params=[BatchParam("session", _l("Session"), int, choices=session_choices)],
        select=replies_of_session,                 # (**params) -> iterable of records
        filename=lambda session: f"答复-{session}.zip",   # (**params) -> ZIP file name
    )

- ``params`` are the batch's inputs: each a name, a label, a type (``int`` or ``str``,
  or any function turning the text into a value and raising ValueError for bad input)
  and optionally ``choices`` (a function returning ``[(value, label)]`` for the web form;
  a value outside them is refused) and ``required``/``default``/``help``.
- ``select(**params)`` returns the records, in the order of the archive (the ZIP entry of
  each is the kind's ``filename``). It runs once, before the first byte is sent.
- ``roles``: who may download it from the web (default: the secretariat). Web downloads
  also leave out records the user may not see (the kind's ``can_view``).

Using it: ``flask --app deliberate export-batch`` lists the batches;
``flask --app deliberate export-batch NAME --PARAM VALUE … -o FILE.zip`` writes one with a
progress bar. On the web, ``/documents/batches/`` lists the batches a user may download
with a form for their parameters, and ``/documents/batches/NAME.zip?PARAM=VALUE`` streams
the archive while it is made (each PDF rendered when its turn comes), so a long export
never holds a worker's memory or makes the browser wait for the first byte.
Records whose document cannot be produced now (DocumentUnavailable) are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from deliberate.core.permissions import Role
from deliberate.documents.registry import DocumentKind, get_kind


class BatchParamError(ValueError):
    """A batch parameter that is missing or invalid (the message is shown as it is)."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param
        self.message = message


@dataclass(frozen=True)
class BatchParam:
    name: str
    label: Any
    # Text -> value; raises ValueError (or TypeError) for bad input.
    type: Callable[[str], Any] = str
    # [(value, label)] for the web form's select; when given, other values are refused.
    choices: Callable[[], list[tuple[Any, Any]]] | None = None
    required: bool = True
    default: Any = None
    help: Any = ""

    def convert(self, raw: str | None) -> Any:  # noqa: ANN401
        """The value of ``raw`` text (None or blank: the default, or refused if required)."""
        text = (raw or "").strip()
        if not text:
            if self.required and self.default is None:
                raise BatchParamError(self.name, _("Fill in “%(field)s”.",
                                                   field=str(self.label)))
            return self.default
        if len(text) > 200:
            raise BatchParamError(self.name, _("“%(field)s” is too long.",
                                               field=str(self.label)))
        try:
            value = self.type(text)
        except (TypeError, ValueError) as e:
            raise BatchParamError(self.name, _("“%(value)s” is not a valid “%(field)s”.",
                                               value=text[:40], field=str(self.label))) from e
        if self.choices is not None and value not in {v for v, _label in self.choices()}:
            raise BatchParamError(self.name, _("“%(value)s” is not a valid “%(field)s”.",
                                               value=text[:40], field=str(self.label)))
        return value


@dataclass(frozen=True)
class DocumentBatch:
    name: str
    label: Any
    kind: str
    params: tuple[BatchParam, ...]
    select: Callable[..., Iterable[Any]]
    filename: Callable[..., str] | None = None
    roles: tuple[Role, ...] = (Role.secretariat,)
    description: Any = ""

    @property
    def document_kind(self) -> DocumentKind:
        kind = get_kind(self.kind)
        if kind is None:
            raise LookupError(f"batch {self.name!r} needs document kind {self.kind!r}")
        return kind

    def parse(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        """Values for ``select`` from text inputs (query string, CLI options); raises
        BatchParamError for the first bad one."""
        return {p.name: p.convert(raw.get(p.name)) for p in self.params}

    def records(self, values: Mapping[str, Any]) -> list[Any]:
        return list(self.select(**values))

    def zip_name(self, values: Mapping[str, Any]) -> str:
        if self.filename is not None:
            return self.filename(**values)
        suffix = "-".join(str(v) for v in values.values() if v is not None)
        return f"{self.name}{'-' + suffix if suffix else ''}.zip"

    def may_download(self, user: Any) -> bool:  # noqa: ANN401
        return bool(getattr(user, "is_authenticated", False)
                    and getattr(user, "role", None) in self.roles)


_BATCHES: dict[str, DocumentBatch] = {}


def register_batch(name: str, label: Any, *, kind: str,  # noqa: ANN401
                   params: Iterable[BatchParam] = (),
                   select: Callable[..., Iterable[Any]],
                   filename: Callable[..., str] | None = None,
                   roles: Iterable[Role] = (Role.secretariat,),
                   description: Any = "") -> DocumentBatch:  # noqa: ANN401
    """Add (or replace, on reload) a batch; call at import time of its domain."""
    if not name.replace("-", "").replace("_", "").isalnum() or len(name) > 40:
        raise ValueError(f"batch names are short identifiers, not {name!r}")
    params = tuple(params)
    for p in params:
        if not p.name.isidentifier() or p.name in ("output", "o"):
            raise ValueError(f"batch parameter names are identifiers, not {p.name!r}")
    batch = DocumentBatch(name=name, label=label, kind=kind, params=params, select=select,
                          filename=filename, roles=tuple(roles), description=description)
    _BATCHES[name] = batch
    return batch


def unregister_batch(name: str) -> None:
    _BATCHES.pop(name, None)


def get_batch(name: str) -> DocumentBatch | None:
    return _BATCHES.get(name)


def all_batches() -> list[DocumentBatch]:
    return sorted(_BATCHES.values(), key=lambda b: b.name)


