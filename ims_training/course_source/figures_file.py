"""Read and validate `figures/figures.yaml` against the SVG files beside it."""

from __future__ import annotations

from pathlib import Path

from .fields import SLUG_RE, check_keys, check_localized, type_name
from .models import FigureSource, Problem
from .yamltext import decode_utf8, key_line, read_yaml


def read_figures(directory: Path, display: str) -> tuple[dict[str, FigureSource], list[Problem]]:
    """Validate every figure entry; an entry without its SVG or English alt text is an error."""
    yaml_path = directory / "figures.yaml"
    shown = f"{display}/figures.yaml"
    svgs = {p.stem: p for p in directory.glob("*.svg")} if directory.is_dir() else {}
    if not yaml_path.is_file():
        return {}, [
            Problem(f"{display}/{name}.svg", 1, "figure is not listed in figures.yaml", "warning")
            for name in sorted(svgs)
        ]
    text, problem = decode_utf8(yaml_path.read_bytes(), shown)
    doc, problem = read_yaml(text, shown) if text is not None else (None, problem)
    if doc is None:
        return {}, [problem] if problem else []
    if doc.data is None:
        parsed_data: dict[object, object] = {}
    elif not isinstance(doc.data, dict):
        return {}, [
            Problem(
                shown,
                1,
                f"figures.yaml must map figure names to entries, got {type_name(doc.data)}",
            )
        ]
    else:
        parsed_data = doc.data
    figures: dict[str, FigureSource] = {}
    problems: list[Problem] = []
    for name, entry in parsed_data.items():
        line = key_line(doc, name)
        what = f"figure '{name}'"
        found: list[Problem] = []
        if not (isinstance(name, str) and SLUG_RE.match(name)):
            found.append(
                Problem(shown, line, f"{what}: name must be lower-case letters, digits and '-'")
            )
        elif name not in svgs:
            found.append(Problem(shown, line, f"{what} has no file {display}/{name}.svg"))
        if not isinstance(entry, dict):
            problems += found + [
                Problem(shown, line, f"{what} must be a mapping with 'alt', got {type_name(entry)}")
            ]
            continue
        found += check_keys(entry, {"alt"}, {"caption"}, shown, line, what)
        alt_line = key_line(doc, name, "alt") if "alt" in entry else line
        alt, alt_found = check_localized(entry.get("alt"), shown, alt_line, f"{what} alt text")
        found += alt_found if "alt" in entry else []
        cap_line = key_line(doc, name, "caption") if "caption" in entry else line
        caption, cap_found = check_localized(
            entry.get("caption"), shown, cap_line, f"{what} caption", required=False
        )
        found += cap_found
        problems += found
        if not any(p.is_error for p in found):
            figures[str(name)] = FigureSource(str(name), svgs[str(name)], alt, caption)
    problems += [
        Problem(f"{display}/{name}.svg", 1, "figure is not listed in figures.yaml", "warning")
        for name in sorted(svgs.keys() - parsed_data.keys())
    ]
    return figures, problems
