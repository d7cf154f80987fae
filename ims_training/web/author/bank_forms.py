"""Forms of the question-bank pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import SelectField, SubmitField

from ...bank.common import MODULE_SLUGS
from ...bank.yaml_loader import MAX_FILE_BYTES
from ..labels import module_title

UPLOAD_SUFFIXES = ["yaml", "yml", "gift", "txt", "xml"]


class BankUploadForm(FlaskForm):
    file = FileField(
        _l("Bank file"),
        description=_l(
            "A YAML bank or quiz file, or a Moodle GIFT (.gift, .txt) or Moodle XML (.xml) file, up to 2 MB."
        ),
        validators=[
            FileRequired(_l("Choose a file to upload.")),
            FileAllowed(UPLOAD_SUFFIXES, _l("Use a .yaml, .yml, .gift, .txt or .xml file.")),
            FileSize(
                MAX_FILE_BYTES,
                message=_l("The file is larger than 2 MB; split it into smaller files."),
            ),
        ],
    )
    default_module = SelectField(
        _l("Module for Moodle questions without one"),
        choices=lambda: [("", "—")] + [(slug, module_title(slug)) for slug in MODULE_SLUGS],
        default="",
    )
    submit = SubmitField(_l("Check the file"))


class BankImportForm(FlaskForm):
    submit = SubmitField(_l("Import these questions"))


TYPE_LABELS = {
    "single_choice": _l("Single choice"),
    "multiple_response": _l("Multiple response"),
    "true_false": _l("True or false"),
    "matching": _l("Matching"),
    "ordering": _l("Ordering"),
    "numeric": _l("Numeric"),
    "short_text": _l("Short text"),
}
DIFFICULTY_LABELS = {"easy": _l("Easy"), "medium": _l("Medium"), "hard": _l("Hard")}
FLAG_LABELS = {
    "too_easy": _l("Too easy"),
    "too_hard": _l("Too hard"),
    "poor_discrimination": _l("Poor discrimination"),
}
