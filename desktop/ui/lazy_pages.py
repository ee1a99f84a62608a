"""A QStackedWidget whose pages are built the first time they are needed.

Building all seven pages (and importing their modules) before the main window's first paint cost
more than the rest of the start-up together; only the page on screen has to exist for that paint.
Each slot holds an empty placeholder until ``page(index)`` swaps in the real widget, so indices
stay stable and ``currentWidget()`` is the real page once it is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

PageFactory = Callable[[], QWidget]


class LazyPages(QStackedWidget):
    """Stacked pages made by their factory on first use; ``built`` tells who needs to wire them."""

    built = Signal(int, QWidget)  # index, the page just made

    def __init__(self, factories: Sequence[PageFactory], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factories = list(factories)
        self._pages: list[QWidget | None] = [None] * len(self._factories)
        for _ in self._factories:
            self.addWidget(QWidget())

    def page(self, index: int) -> QWidget:
        """The page at ``index``, made now if it does not exist yet."""
        existing = self._pages[index]
        if existing is not None:
            return existing
        page = self._factories[index]()
        self._pages[index] = page
        placeholder = self.widget(index)
        assert placeholder is not None
        self.insertWidget(index, page)
        if self.currentWidget() is placeholder:
            # Switch first: removing the current placeholder would make Qt show a neighbour page.
            self.setCurrentWidget(page)
        self.removeWidget(placeholder)
        placeholder.deleteLater()
        self.built.emit(index, page)
        return page

    def built_page(self, index: int) -> QWidget | None:
        """The page if it was already made (never builds one)."""
        return self._pages[index]

    def show_page(self, index: int) -> QWidget:
        """Make (if needed) and show the page at ``index``."""
        page = self.page(index)
        self.setCurrentIndex(index)
        return page
