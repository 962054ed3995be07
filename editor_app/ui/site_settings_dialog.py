"""The exported site's address, name, description and language, remembered in the library.

The dialog holds no library: the window reads the settings (`SiteSettings.from_library`),
shows them here, and writes what the editor accepted through its writer. A value the
export cannot use (a site URL that is not an http(s) address) is said in one sentence
under the fields and the dialog stays open.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from editor_app.export import SiteSettings, SiteSettingsError


class SiteSettingsDialog(QDialog):
    def __init__(self, settings: SiteSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("siteSettingsDialog")
        self.setWindowTitle("Site Settings")
        self.chosen: SiteSettings | None = None

        self.url = QLineEdit(settings.url)
        self.url.setPlaceholderText("https://news.example/")
        self.url.setToolTip(
            "Where the site is published: canonical links, social cards and the sitemaps need it. "
            "Leave empty for a site read from a folder."
        )
        self.name = QLineEdit(settings.name)
        self.description = QLineEdit(settings.description)
        self.description.setPlaceholderText("One sentence: what the site is")
        self.language = QLineEdit(settings.language)
        self.language.setPlaceholderText("en")
        for field, name in ((self.url, "Site URL"), (self.name, "Site name"),
                            (self.description, "Site description"), (self.language, "Site language")):  # fmt: skip
            field.setAccessibleName(name)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        self.problem.hide()

        form = QFormLayout()
        form.addRow("Site &URL:", self.url)
        form.addRow("Site &name:", self.name)
        form.addRow("&Description:", self.description)
        form.addRow("&Language:", self.language)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            self.chosen = SiteSettings(
                url=self.url.text(),
                name=self.name.text(),
                description=self.description.text(),
                language=self.language.text(),
            )
        except SiteSettingsError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        super().accept()
