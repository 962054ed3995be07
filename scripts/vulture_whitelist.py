# ruff: noqa: B018 - each line "uses" names for vulture, which reads this file as code.
"""Names vulture reports as unused that are used where it cannot look.

Each group says who uses them. A name belongs here only with such a reason: code that
nothing calls is deleted, not whitelisted. scripts/lint passes this file to vulture.
"""

from vulture.whitelist_utils import Whitelist

_ = Whitelist()

# Qt calls these virtual methods by name on our subclasses.
_.sizeHint, _.paint, _.splitPath, _.highlightBlock, _.closeEvent
_.canFetchMore, _.fetchMore, _.columnCount, _.headerData
_.supportedDropActions, _.supportedDragActions, _.mimeTypes, _.mimeData, _.canDropMimeData, _.dropMimeData
_.interceptRequest, _.requestStarted, _.acceptNavigationRequest, _.createWindow, _.javaScriptConsoleMessage

# Python-Markdown and html.parser call these hooks of our extensions and parsers.
_.extendMarkdown, _.handle_starttag, _.handle_endtag, _.handle_data, _.handle_startendtag

# python-docx writes a document's, paragraph's or run's property when it is set (DOCX export).
_.subject, _.comments, _.last_modified_by, _.alignment, _.rtl, _.cs_bold, _.cs_italic

# Registered by the @migration decorator in schema.py; sqlite-utils runs them by name.
_._search_prefix_index, _._desk_settings, _._newsroom_dictionary, _._photo_slots

# sqlite3 reads a connection's row_factory.
_.row_factory

# Dataclass fields read through asdict()/to_dict(), the JSON output and the templates
# (an image's `src`, an icon's `rel`), or a desk setting's help text.
_.city, _.country, _.usage_terms, _.imported_at, _.credit_line, _.src, _.rel, _.help

# Public library and tool API that the command line and the tests call (the window
# does not, yet): kept whole rather than trimmed to what one caller needs today.
_.recovered_stale_lock, _.get_caption_template, _.move_caption_template, _.set_code_replacement, _.set_credits

# State the window keeps for its tests and benches to observe what a user would see.
_.last_import_results, _.refused_photos_box, _.last_export_report, _.site_settings_dialog
_.last_render_ms, _.full_pixels_shown, _.problem_items, _.selected_placement_ids
_.is_catching_up  # the spellcheck underlines still being filled in (tests, bench/ui.py)
_.last_taken, _.packet_rows  # the latest packet taken; the desk inbox's rows as listed
_.last_imported  # the article the latest wire import made
_.kept_pixels  # what the thumbnails kept in memory cost (tests, bench/contact_sheet.py)

# A module's __getattr__ (PEP 562): editor_app.spelling loads its modules on first use.
_.__getattr__
