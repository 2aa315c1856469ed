"""Work that takes a while (Qt-free: assessing files, writing a workbook) on a thread of its
own, with the result delivered back on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot


class _Job(QObject):
    finished = Signal(object)  # what the work returned, or the exception it raised

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__()
        self.work = work

    @Slot()
    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # the caller decides what to tell the user
            result = error
        self.finished.emit(result)


class _Relay(QObject):
    """Lives on the GUI thread, so the signal from the job is queued to it (a plain lambda
    would run on the job's thread)."""

    def __init__(self, owner: QObject, done: Callable[[object], None]) -> None:
        super().__init__(owner)
        self.done = done
        self.thread_: QThread | None = None

    @Slot(object)
    def deliver(self, result: object) -> None:
        assert self.thread_ is not None
        self.thread_.quit()
        self.thread_.wait()
        self.thread_.deleteLater()
        self.deleteLater()
        self.done(result)


def run_job(owner: QObject, work: Callable[[], object], done: Callable[[object], None]) -> QThread:
    """Run ``work`` on a new thread; ``done(result or exception)`` follows on the GUI thread."""
    thread = QThread(owner)
    job = _Job(work)
    job.moveToThread(thread)
    relay = _Relay(owner, done)
    relay.thread_ = thread
    relay.job = job  # kept alive until delivered
    thread.started.connect(job.run)
    job.finished.connect(relay.deliver)
    thread.start()
    return thread
