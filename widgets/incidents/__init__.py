"""The major-incident layer of the console: declare dialog, banner, watermark, view."""
