"""Forms of the curators' admin: ordered inline rows, transcript uploads, splitting a pair."""

from __future__ import annotations

import math
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from nested_admin.formsets import NestedInlineFormSet

from .importing import SUFFIXES
from .transcripts import READERS, TranscriptError, check_text_size


class ParagraphField(forms.CharField):
    """Multi-line text whose line breaks are stored as the parser stores them (\\n).

    Browsers send CRLF from text areas; without this every row would count as changed.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class SizedTextarea(forms.Textarea):
    """A text area tall enough for its text, so a long paragraph is not clipped.

    Browsers that know CSS `field-sizing: content` (curation.css) size it to the text and let
    it grow while typing; for the others the number of rows is estimated here from the text:
    its lines, each wrapped at `columns` half-width columns (a Chinese character counts two),
    between the field's own rows and MAX_ROWS.
    """

    MAX_ROWS = 80

    def __init__(self, attrs=None, columns: int = 60):
        super().__init__(attrs)
        self.columns = columns  # half-width characters a line of the area holds on a laptop

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        needed = text_rows(str(value or ""), self.columns) + 1
        shown = max(int(self.attrs.get("rows", 2)), min(needed, self.MAX_ROWS))
        context["widget"]["attrs"]["rows"] = shown
        return context


def text_rows(text: str, columns: int) -> int:
    """How many rows the text takes when wrapped at this many half-width columns."""
    return sum(max(1, math.ceil(_width(line) / columns)) for line in text.splitlines() or [""])


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


def paragraph_area(rows: int = 4, columns: int = 60) -> forms.Textarea:
    return SizedTextarea(attrs={"rows": rows, "class": "paragraph"}, columns=columns)


class OrderedForm(forms.ModelForm):
    """A row of an ordered inline; `order` says where it goes, the formset numbers it."""

    order_field = ""  # the model field that holds the row's number
    order = forms.IntegerField(
        label=_("No."),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "order", "size": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("order", getattr(self.instance, self.order_field))

    def _post_clean(self):
        # A stored row whose fields are as stored is valid as it is; validating it would cost
        # a savepoint and a query per check constraint, for every row of a long interview.
        # Its new place is checked by the formset and given by the admin (make_room).
        if self.instance.pk and not set(self.changed_data) - {"order"}:
            return
        super()._post_clean()


class QuestionForm(OrderedForm):
    order_field = "number"


class AnswerForm(OrderedForm):
    """A paragraph pair as a row of a table, whose column headings are not <label>s: each
    field carries its label as an accessible name (and, where empty, as a placeholder, for
    the narrow screen where the row is stacked and the headings are hidden)."""

    order_field = "position"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("aria-label", str(field.label))
            if name.startswith("speaker_"):
                field.widget.attrs.setdefault("placeholder", str(field.label))

    def clean(self):
        data = super().clean()
        if not (data.get("text_zh") or data.get("text_en") or data.get("DELETE")):
            raise ValidationError(
                _("A paragraph pair needs text on at least one side; tick Delete to remove it.")
            )
        return data


class LoadedRowField(forms.ModelChoiceField):
    """The hidden id of an inline row, found among the rows its formset has already loaded.

    Django's own field fetches each row again by id, once when the form is cleaned and again
    at every save step nested-admin takes: four queries per row for nothing.
    """

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            return value
        try:
            row = self.rows(self.queryset.model._meta.pk.to_python(value))
        except ValidationError:
            row = None
        return row if row is not None else super().to_python(value)


class OrderedFormSet(NestedInlineFormSet):
    """Rows numbered 1, 2, 3… in the order the curator left them (typed or dragged).

    The typed or dragged `order` is only a sort key: nested-admin counts from 0, gaps and
    ties are common, so the real numbers are given here. Before anything is saved the admin
    parks the rows that change place (``curation.make_room``), so the unique number per parent
    holds after every single save.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # In a table row the Delete box has no <label> of its own (see AnswerForm).
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs.setdefault("aria-label", str(_("Delete")))
        name = self._pk_field.name
        if isinstance(form.fields.get(name), forms.ModelChoiceField):
            plain = form.fields[name]
            form.fields[name] = LoadedRowField(
                plain.queryset,
                rows=self._existing_object,
                initial=plain.initial,
                required=False,
                widget=plain.widget,
            )

    def under_deleted_row(self) -> bool:
        """Whether these rows belong to a question that is being deleted."""
        parent = getattr(self, "parent_form", None)
        return parent is not None and bool(getattr(parent, "cleaned_data", {}).get("DELETE"))

    def save(self, commit=True):
        if self.under_deleted_row():
            # The rows go with their question; nested-admin would try to save them anew.
            self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
            return []
        return super().save(commit)

    def kept_forms(self) -> list[forms.Form]:
        """Forms whose rows exist after saving, in the curator's order."""
        kept = [
            form
            for form in self.forms
            if not self._should_delete_form(form) and (form.instance.pk or form.has_changed())
        ]
        last = len(self.forms)

        def key(form):
            order = form.cleaned_data.get("order")
            return (last + 1 if order is None else order, self.forms.index(form))

        return sorted(kept, key=key)

    def renumber(self) -> int:
        """Give each kept row its number; returns the highest."""
        field = self.form.order_field
        kept = self.kept_forms()
        for number, form in enumerate(kept, start=1):
            setattr(form.instance, field, number)
            if number != form.initial.get("order"):
                _touch(form)
            else:  # the sort key differed (nested-admin sends 0, 1, 2…), the place did not
                _untouch(form)
        return len(kept)

    def moving_rows(self) -> list[int]:
        """Existing rows that will be deleted or get another number or parent."""
        field, parent = self.form.order_field, self.fk.attname
        existing = {form.instance.pk: form for form in self.initial_forms if form.instance.pk}
        rows = self.model.objects.filter(pk__in=existing).values_list("pk", parent, field)
        moving = []
        for pk, parent_id, number in rows:
            form = existing[pk]
            final = (self.instance.pk, getattr(form.instance, field))
            if self._should_delete_form(form) or final != (parent_id, number):
                moving.append(pk)
                _touch(form)  # a row parked out of the way must be saved back into place
        return moving

    def get_saved_instance_for_form(self, form, commit, form_instances=None):
        # A row loaded under this parent and left as it was needs no save; nested-admin would
        # still fetch it twice from the database to find that out.
        unchanged = form._is_initial and not form.has_changed()
        kept = unchanged and not self._should_delete_form(form) and form.instance.pk
        if kept and self._existing_object(form.instance.pk) is form.instance:
            return None
        return super().get_saved_instance_for_form(form, commit, form_instances)

    def process_forms_pre_save(self, forms):
        # nested-admin's hook; its own version numbers from 0, which the models refuse.
        field = self.form.order_field
        return sorted(forms, key=lambda form: getattr(form.instance, field) or 0)


def _untouch(form: forms.Form) -> None:
    """Forget an `order` that changed only as a sort key: the row is not saved for it, and
    the history does not record "Changed No." for it."""
    if "order" in form.changed_data:
        form.changed_data.remove("order")


def _touch(form: forms.Form) -> None:
    """Make the formset save this row even if none of its fields changed."""
    if "order" not in form.changed_data:
        form.changed_data.append("order")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class TranscriptFilesField(forms.FileField):
    """Any number of uploaded files; size, encoding and emptiness are the parser's to judge."""

    def __init__(self, **kwargs):
        accept = ",".join([*SUFFIXES, "text/plain"])
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(allow_empty_file=True, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(TranscriptFilesField, self).clean(item, initial) for item in files]


def layout_choices() -> list[tuple[str, str]]:
    return [("", _("Choose automatically (the best fit)"))] + [
        (reader.name, reader.title) for reader in READERS
    ]


class ImportForm(forms.Form):
    files = TranscriptFilesField(
        label=_("Transcript files"),
        required=False,
        help_text=_(
            "Text (UTF-8), JSON, JSON lines, CSV/TSV, TMX, Word (DOCX) or a saved web page, "
            "at most 5 MB each. Select several files at once."
        ),
    )
    text = forms.CharField(
        label=_("…or paste a transcript"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "paragraph"}),
    )
    layout = forms.ChoiceField(
        label=_("Layout"),
        required=False,
        choices=layout_choices,
        help_text=_("Leave this to the importer unless it picks the wrong layout for a file."),
    )

    def clean_text(self):
        text = self.cleaned_data["text"]
        try:
            check_text_size(text, source=_("pasted text"))
        except TranscriptError as exc:
            raise ValidationError(exc.message) from None
        return text

    def clean(self):
        data = super().clean()
        if not data.get("files") and not data.get("text", "").strip():
            raise ValidationError(_("Choose at least one file or paste a transcript."))
        return data


class SplitForm(forms.Form):
    """Where to split each side of a pair, as a character offset into its text."""

    def __init__(self, *args, answer, **kwargs):
        super().__init__(*args, **kwargs)
        sides = [("zh_at", answer.text_zh, _("Chinese")), ("en_at", answer.text_en, _("English"))]
        for name, text, language in sides:
            self.fields[name] = forms.IntegerField(
                label=_("Split the %(language)s after character") % {"language": language},
                min_value=0,
                max_value=len(text),
            )
