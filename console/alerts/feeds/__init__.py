"""Alert feeds: CAP XML, JSON lines and CSV parsers, the importer and the watched folder.

The command line and the engine use ``FeedImporter`` (``App.importer``) and
``FolderWatcher``; both return ``FileReport``s. Parsers raise only ``FeedError``.
"""

from console.alerts.feeds.errors import FeedError, RecordError
from console.alerts.feeds.folder import FolderWatcher
from console.alerts.feeds.importer import FeedImporter
from console.alerts.feeds.report import FileReport, Rejection

__all__ = ["FeedError", "FeedImporter", "FileReport", "FolderWatcher", "RecordError",
           "Rejection"]
