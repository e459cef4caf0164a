"""The line under the header naming every screen and its key, the current one lit."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

#: Screens in the order shown, with their keys.
MODES = [("R", "reader", "Reader"), ("S", "search", "Search"), ("C", "claims", "Claims"), ("Q", "queues", "Queues"),
         ("M", "matrix", "Matrix"), ("O", "outlets", "Outlets"), ("A", "audit", "Audit")]  # fmt: skip


class ModeBar(Static):
    """Shows where the reviewer is and how to get anywhere else; click a name to go there."""

    DEFAULT_CSS = """
    ModeBar { height: 1; padding: 0 1; background: $boost; }
    """

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def on_mount(self) -> None:
        text = Text()
        keymap: dict[str, str] = getattr(self.app, "_keymap", {})
        for default, mode, name in MODES:
            key = keymap.get(f"app.{mode}", default).split(",")[0].strip()
            style = "bold reverse" if mode == self.current else ""
            text.append(f" {key} ", style="bold " + ("reverse" if mode == self.current else "dim"))
            text.append(f"{name}  ", style=style)
        text.append("   ? keys   ctrl+p commands   ctrl+q quit", style="dim")
        self.update(text)
