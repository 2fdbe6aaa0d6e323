"""Database sessions that are not rewritten on every request.

Django's ``SESSION_SAVE_EVERY_REQUEST`` restarts the idle timeout by writing the
session row (an UPDATE and a commit) on every page view. This store remembers
the expiry it read, and the session middleware saves it again only when
``SESSION_REFRESH_SECONDS`` have passed since it was last written: the idle
timeout still restarts with activity (to within that many seconds), and the
reading pages stay reads.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends import db
from django.utils import timezone


class SessionStore(db.SessionStore):
    stored_expiry = None

    def load(self):
        stored = self._get_session_from_db()
        if stored is None:
            return {}
        self.stored_expiry = stored.expire_date
        return self.decode(stored.session_data)

    def refresh_due(self) -> bool:
        """True when the row's expiry lags the one a save now would give by more than the refresh step."""
        if self.stored_expiry is None:
            return False
        wanted = timezone.now() + timedelta(seconds=self.get_expiry_age())
        return wanted - self.stored_expiry > timedelta(seconds=settings.SESSION_REFRESH_SECONDS)
