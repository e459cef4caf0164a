"""What every screen of the workbench shares: store work in thread workers, errors as notices."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.screen import Screen
from textual.worker import get_current_worker

from workbench.errors import Conflict, WorkbenchError

if TYPE_CHECKING:
    from store import Store
    from workbench.tui.app import WorkbenchApp

T = TypeVar("T")


class DataScreen(Screen[None]):
    """A screen that reads and writes the store off the event loop.

    ``load`` and ``act`` run a core function in a thread worker and hand its result back on
    the event loop. A refused action (``WorkbenchError``) becomes an error notice; a claim
    changed meanwhile by someone else (``Conflict``) becomes a warning and a refresh; anything
    unexpected becomes a notice naming it — never a traceback over the reviewer's work.
    """

    _shown = False

    @property
    def workbench(self) -> WorkbenchApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    @property
    def store(self) -> Store:
        """The open store."""
        return self.workbench.store

    @property
    def reviewer(self) -> str:
        """Who is acting: recorded in every audit event."""
        return self.workbench.reviewer

    def load(self, fetch: Callable[[], T], then: Callable[[T], Any], *, group: str = "load") -> None:
        """Read in a worker (a newer load of the same group cancels an older one), then show."""
        self._start(fetch, then, group=group, exclusive=True)

    def act(self, change: Callable[[], T], then: Callable[[T], Any], *, done: str | None = None) -> None:
        """Change the store in a worker (one core service call), then update what is shown."""

        def after(result: T) -> None:
            if done:
                self.notify(done, timeout=3)
            then(result)

        self._start(change, after, group="act", exclusive=False)

    def refresh_data(self) -> None:
        """Reload what the screen shows (after a conflict, or when it is shown again)."""

    def on_screen_resume(self) -> None:
        # the first showing is loaded by on_mount; each later one reloads (others may have changed things)
        if self._shown:
            self.refresh_data()
        self._shown = True

    def _start(self, job: Callable[[], T], then: Callable[[T], Any], *, group: str, exclusive: bool) -> None:
        def work() -> None:
            worker = get_current_worker()
            try:
                result = job()
            except Conflict as e:
                self.app.call_from_thread(self._conflict, str(e))
            except WorkbenchError as e:
                self.app.call_from_thread(self.notify, str(e), title="Refused", severity="error", timeout=6)
            except Exception as e:  # never let a failure reach the screen as a traceback
                message = f"{type(e).__name__}: {e}"
                self.app.call_from_thread(self.notify, message, title="Internal error", severity="error", timeout=10)
            else:
                if not worker.is_cancelled:  # a newer load replaced this one: its result is stale
                    self.app.call_from_thread(then, result)

        self.run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    def _conflict(self, message: str) -> None:
        self.notify(message, title="Changed by someone else", severity="warning", timeout=8)
        self.refresh_data()
