"""What every page needs after login: the service context, the office settings, the data folder.

Pages read ``session.settings`` (kept fresh here when settings change) instead of loading them
themselves, so the whole window agrees on paper format, printer and rates.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.roles import Role

if TYPE_CHECKING:
    from desktop.services.context import AppContext, UserInfo
    from desktop.services.settings import OfficeSettings


@dataclass
class UiSession:
    ctx: AppContext
    data_dir: Path
    settings: OfficeSettings

    @property
    def user(self) -> UserInfo:
        user = self.ctx.user
        if user is None:
            raise RuntimeError("the main window needs a logged-in user")
        return user

    @property
    def role(self) -> Role:
        return self.user.role

    @property
    def receipts_dir(self) -> Path:
        """Default folder for receipt PDFs (data_dir/receipts)."""
        return self.data_dir / "receipts"
