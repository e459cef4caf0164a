"""Writing a report to a file so that a failure leaves nothing half-written (``workbench.files``)."""

from __future__ import annotations

from workbench.files import write_atomically

__all__ = ["write_atomically"]
