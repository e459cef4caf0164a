"""What every screen of the workbench shares: store work in thread workers, errors as notices.

Loads are observable: each runs in a thread worker, a delayed one sleeping in its worker rather
than on a timer, and hands its result to the screen before the worker finishes; a
``DataScreen.Loaded`` message says when one is done. So "no worker running" means "everything
asked for is on screen", and tests wait on exactly that, never on the clock.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from workbench.errors import Conflict, StoreFailure, WorkbenchError

if TYPE_CHECKING:
    from store import Store
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.desk import NoteTarget

T = TypeVar("T")

#: A palette command a screen offers: its name ("claim: verify"), what it does, and the action.
Command = tuple[str, str, Callable[[], object]]


class DataScreen(Screen[None]):
    """A screen that reads and writes the store off the event loop.

    ``load`` and ``act`` run a core function in a thread worker and hand its result back on
    the event loop. A refused action (``WorkbenchError``) becomes an error notice, a failing
    store (``StoreFailure``: damaged, busy, read-only, full, unreachable) a notice that says
    so; a claim changed meanwhile by someone else (``Conflict``) becomes a warning and a
    refresh; anything unexpected becomes a notice naming it — never a traceback over the
    reviewer's work.
    """

    class Loaded(Message):
        """A load or an action has finished and its result (if any) is on screen."""

        def __init__(self, group: str) -> None:
            super().__init__()
            self.group = group

    #: How the help and the palette name the screen.
    TITLE_TEXT: ClassVar[str] = ""

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

    @property
    def case(self) -> str | None:
        """The case every screen narrows to (``None``: everything)."""
        return self.workbench.case

    def note_target(self) -> NoteTarget | None:
        """What a note would be about here: the claim, link or pair under the cursor."""
        return None

    def case_items(self) -> tuple[list[int], list[int]]:
        """The sources and claims K puts in the case: by default what a note would be about."""
        target = self.note_target()
        if target is None:
            return [], []
        if target.entity == "source":
            return [target.entity_id], []
        return ([], [target.entity_id]) if target.entity == "claim" else ([], [])

    def commands(self) -> list[Command]:
        """The palette commands that act on this screen (beyond the app-wide ones)."""
        return []

    def load(
        self, fetch: Callable[[], T], then: Callable[[T], Any], *, group: str = "load", delay: float = 0.0
    ) -> None:
        """Read in a worker (a newer load of the same group cancels an older one), then show.

        ``delay`` waits in the worker first (reading ahead should not compete with drawing what
        was just shown); a load cancelled meanwhile never reads.
        """
        self._start(fetch, then, group=group, exclusive=True, delay=delay)

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

    def _start(
        self, job: Callable[[], T], then: Callable[[T], Any], *, group: str, exclusive: bool, delay: float = 0.0
    ) -> None:
        app = self.workbench

        def work() -> None:
            worker = get_current_worker()
            try:
                if delay:
                    time.sleep(delay)
                    if worker.is_cancelled:
                        return
                result = job()
            except Conflict as e:
                app.call_from_thread(self._conflict, str(e))
            except StoreFailure as e:
                app.call_from_thread(self.notify, str(e), title="Store failure", severity="error", timeout=10)
            except WorkbenchError as e:
                app.call_from_thread(self.notify, str(e), title="Refused", severity="error", timeout=6)
            except Exception as e:  # never let a failure reach the screen as a traceback
                message = f"{type(e).__name__}: {e}"
                app.call_from_thread(self.notify, message, title="Internal error", severity="error", timeout=10)
            else:
                if not worker.is_cancelled:  # a newer load replaced this one: its result is stale
                    app.call_from_thread(then, result)
            finally:
                with contextlib.suppress(RuntimeError):  # the app closed meanwhile
                    app.call_from_thread(self._finished, group)

        self.run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    def _finished(self, group: str) -> None:
        self.post_message(self.Loaded(group))

    def _conflict(self, message: str) -> None:
        self.notify(message, title="Changed by someone else", severity="warning", timeout=8)
        self.refresh_data()
