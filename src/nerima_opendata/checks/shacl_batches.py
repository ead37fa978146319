"""pyshacl's property shapes validated once for all their focus nodes, for the SHACL
checks.

pyshacl (0.40) checks a node shape's ``sh:property`` shapes one value node at a time:
:class:`~pyshacl.constraints.core.shape_based_constraints.PropertyConstraintComponent`
calls ``property_shape.validate(focus=v)`` for every value node ``v``, and each call
looks up the shape's parameters in the shapes graph and makes its constraint components
again. On the graph of a real book (Setagaya's 2025 budget, 197,019 statements) that is
about 244,000 calls and 26 of the 31 s pyshacl takes.

Within :func:`batched_property_shapes`, each property shape is validated once, with all
the value nodes as its focus nodes: what :meth:`pyshacl.shape.Shape.validate` does for a
shape's own targets. SHACL defines every core constraint's results for one focus node
at a time, so each value node gets the same results. A value node reached from two
focus nodes is validated once, not twice: its results were the same twice, and
:func:`~nerima_opendata.checks.linked.check_shacl` reports each once. Left to pyshacl's
own code: a property shape it would not validate (a recursion, a shape not found, not a
property shape); value nodes among which is a literal (rdflib finds ``"t"@EN`` equal to
``"t"@en``, so one would be lost); ``abort_on_first`` (which would stop every value node
at the first failure of one); and everything in another pyshacl whose internals differ.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from rdflib import BNode, URIRef

__all__ = ["batched_property_shapes"]

_METHOD = "_evaluate_property_shape"  # pyshacl's: one property shape, each value node


@contextlib.contextmanager
def batched_property_shapes() -> Iterator[None]:
    """Within the block, pyshacl validates each property shape once for all its value
    nodes; everything is restored afterwards."""
    try:
        from pyshacl.constraints.core.shape_based_constraints import (
            PropertyConstraintComponent,
        )
    except ImportError:  # pragma: no cover - another pyshacl
        yield
        return
    one_by_one = getattr(PropertyConstraintComponent, _METHOD, None)
    if one_by_one is None:  # pragma: no cover - another pyshacl
        yield
        return

    def batched(
        self: Any,
        executor: Any,
        prop_shape: Any,
        target_graph: Any,
        focus_value_nodes: dict[Any, Any],
        potentially_recursive: Any,
        evaluation_path: list[Any],
    ) -> tuple[bool, list[Any]]:
        shape = self.shape.get_other_shape(prop_shape)
        nodes = list(dict.fromkeys(v for values in focus_value_nodes.values() for v in values))
        if (
            not shape
            or not shape.is_property_shape
            or (potentially_recursive and shape in potentially_recursive)  # pyshacl warns
            or getattr(executor, "abort_on_first", False)
            or not all(isinstance(node, (URIRef, BNode)) for node in nodes)
        ):
            return one_by_one(  # type: ignore[no-any-return]
                self,
                executor,
                prop_shape,
                target_graph,
                focus_value_nodes,
                potentially_recursive,
                evaluation_path,
            )
        if not nodes:
            return False, []
        conforms, reports = shape.validate(
            executor, target_graph, focus=nodes, _evaluation_path=evaluation_path[:]
        )
        return not conforms, reports

    setattr(PropertyConstraintComponent, _METHOD, batched)
    try:
        yield
    finally:
        setattr(PropertyConstraintComponent, _METHOD, one_by_one)
