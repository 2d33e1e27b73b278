"""Alert feeds: CAP XML, JSON lines and CSV parsers, the importer and the watched folder.

The command line and the engine use ``FeedImporter`` (``App.importer``) and
``FolderWatcher``; both return ``FileReport``s. Parsers raise only ``FeedError``.
"""

from console.feeds.errors import FeedError, RecordError
from console.feeds.folder import FolderWatcher
from console.feeds.importer import FeedImporter
from console.feeds.report import FileReport, Rejection

__all__ = ["FeedError", "FeedImporter", "FileReport", "FolderWatcher", "RecordError",
           "Rejection"]
