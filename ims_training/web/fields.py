"""Form fields shared by several pages."""

from __future__ import annotations

from typing import Any

from wtforms import FloatField
from wtforms.widgets import TextInput

from ..formats import num


class LocalFloatField(FloatField):
    """A number typed the way the visitor writes it: "1,5" or "1.5" (a Norwegian keyboard types a
    comma, and `<input type=number>` refuses it in an English-locale browser). Shown with the
    language's decimal mark."""

    widget = TextInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        render_kw = {
            "inputmode": "decimal",
            "autocomplete": "off",
            **(kwargs.pop("render_kw", None) or {}),
        }
        super().__init__(*args, render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist:
            valuelist = [str(valuelist[0]).strip().replace(" ", "").replace(",", ".")]
        super().process_formdata(valuelist)

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return num(self.data) if self.data is not None else ""
