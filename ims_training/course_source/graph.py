"""Cycle finding in a prerequisite graph, so a cycle can be named in an error."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def find_cycles(edges: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Each distinct cycle once, as [a, b, ..., a], rotated to start at its smallest node."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    stack: list[str] = []
    found: dict[tuple[str, ...], list[str]] = {}

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in edges.get(node, ()):
            if target not in edges:
                continue  # unknown targets are reported elsewhere
            if state.get(target) == 1:
                cycle = stack[stack.index(target) :]
                start = cycle.index(min(cycle))
                rotated = tuple(cycle[start:] + cycle[:start])
                found.setdefault(rotated, [*rotated, rotated[0]])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return sorted(found.values())
