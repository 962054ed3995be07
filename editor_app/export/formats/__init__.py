"""Article formats newsrooms pass around, beside the HTML site: Markdown with YAML front
matter, IPTC ninjs 2.x JSON and DOCX (no Qt).

Each is an exporter of the common shape (`editor_app.export.writer.Exporter`), so it is
written atomically into its folder, its photos are the privacy-safe renditions the HTML
export writes, and the preflight runs before it as before HTML.
"""
