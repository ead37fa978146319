"""pyshacl's two hot membership tests made set lookups, for the SHACL checks.

pyshacl (0.40) asks ``term in a_list`` in the innermost loop of a shape's validation:

* for each predicate of a shape, ``p in search_parameters`` (the 40-odd constraint
  parameters, the module attribute ``pyshacl.shape.CONSTRAINT_PARAMS``);
* for each focus node of a shape, ``node in executor.focus_nodes`` when focus nodes are
  given (the SHACL sample: thousands of nodes; pyshacl copies the list it is given into
  a new list, :meth:`pyshacl.validator.Validator.run`).

Each is a scan comparing rdflib terms one by one: on the sample of a 10,000-line book
about 5 million comparisons, a third of the SHACL check's time. Within
:func:`hashed_lookups`, both lists are :class:`HashedList` (a list whose ``in`` is a set
lookup), so the answers are the same: an rdflib term's hash agrees with its equality
(the same type and text). Everything is restored afterwards.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["HashedList", "hashed_lookups"]

_PARAMS = "CONSTRAINT_PARAMS"  # where pyshacl.shape keeps the parameters it searches


class HashedList(list[Any]):
    """A list of hashable items whose ``in`` is a set lookup; what pyshacl does to its
    lists (``copy``, ``append``) keeps the set in step, and other changes are refused."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        super().__init__(items)
        self._set = set(self)

    def __contains__(self, item: object) -> bool:
        try:
            return item in self._set
        except TypeError:  # unhashable: no member is equal to it, as the list would say
            return super().__contains__(item)

    def copy(self) -> HashedList:
        return HashedList(self)

    def append(self, item: Any) -> None:
        self._set.add(item)  # an unhashable item is refused here, before the list changes
        super().append(item)

    def _refuse(self, *_args: Any, **_kwargs: Any) -> Any:
        raise TypeError("a HashedList only grows by append")

    extend = insert = remove = pop = clear = __setitem__ = __delitem__ = __iadd__ = _refuse


@contextlib.contextmanager
def hashed_lookups() -> Iterator[None]:
    """Within the block, pyshacl's parameter and focus-node tests are set lookups; with a
    pyshacl whose internals differ from these (another version), nothing is changed."""
    import pyshacl.shape  # the rdf extra, imported where it is used
    from pyshacl.validator import Validator

    try:
        from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
    except ImportError:  # pragma: no cover - another pyshacl
        yield
        return
    make_executor = getattr(Validator, "make_executor", None)
    if make_executor is None:  # pragma: no cover - another pyshacl
        yield
        return

    def hashed_executor(self: Any) -> Any:
        executor = make_executor(self)
        if getattr(executor, "focus_nodes", None) is not None:
            executor.focus_nodes = HashedList(executor.focus_nodes)
        return executor

    missing = object()
    params = getattr(pyshacl.shape, _PARAMS, missing)
    setattr(
        pyshacl.shape,
        _PARAMS,
        (HashedList(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP),
    )
    Validator.make_executor = hashed_executor  # type: ignore[method-assign]
    try:
        yield
    finally:
        Validator.make_executor = make_executor  # type: ignore[method-assign]
        if params is missing:
            delattr(pyshacl.shape, _PARAMS)
        else:
            setattr(pyshacl.shape, _PARAMS, params)
