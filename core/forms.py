"""Upload fields that keep what was uploaded when the rest of the form fails.

A valid file becomes a private `Document` as soon as it arrives; the re-rendered form carries its
id in a hidden input (`<field>__kept`), shows the file's name, and uses it again unless a new
file replaces it. Only documents owned by the same account are accepted back."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .documents import ACCEPTED_LABEL, store_upload
from .errors import DomainError
from .models import Document


class DocumentInput(forms.ClearableFileInput):
    template_name = "core/widgets/document_input.html"

    def __init__(self, attrs=None):
        super().__init__(attrs={"accept": ".jpg,.jpeg,.png,.webp,.pdf", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["kept"] = value if isinstance(value, Document) else None
        context["kept_name"] = f"{name}__kept"
        return context

    def value_from_datadict(self, data, files, name):
        return {"upload": files.get(name), "kept": data.get(f"{name}__kept")}

    def value_omitted_from_data(self, data, files, name):
        return name not in files and f"{name}__kept" not in data


# Built when a form class is declared, at import: lazy, so they follow each request's language.
_REQUIRED = lazy(
    lambda: _("Upload this document (%(types)s, up to 10 MB).") % {"types": ACCEPTED_LABEL}, str
)()
_HELP = lazy(lambda: _("%(types)s, up to 10 MB.") % {"types": ACCEPTED_LABEL}, str)()


class DocumentField(forms.Field):
    widget = DocumentInput
    default_error_messages = {"required": _REQUIRED}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _HELP)
        super().__init__(*args, **kwargs)
        self.owner = None

    def to_python(self, value):
        if isinstance(value, Document) or value in (None, ""):
            return value or None
        upload, kept_id = value.get("upload"), value.get("kept")
        kept = None
        if kept_id and self.owner is not None:
            kept = Document.objects.filter(pk=_uuid_or_none(kept_id), owner=self.owner).first()
        self.resolved = kept
        if upload:
            try:
                self.resolved = store_upload(owner=self.owner, upload=upload)
            except DomainError as error:
                raise forms.ValidationError(error.message, code=error.code) from error
        return self.resolved

    def bound_data(self, data, initial):
        # Re-render what was kept (or just stored), never the raw upload.
        return getattr(self, "resolved", None) or initial


def _uuid_or_none(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


class KeepsUploadsMixin:
    """Give each DocumentField the uploading account, and re-render kept documents."""

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, DocumentField):
                field.owner = owner


def show_domain_error(form: forms.Form | None, error: DomainError, request=None) -> None:
    """Put a service's refusal where the person sees it: on the form field it names, else as a
    page message (with `request`) or a form-wide error. The one way every page shows one."""
    if form is not None and error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    elif request is not None:
        from django.contrib import messages

        messages.error(request, error.message)
    elif form is not None:
        form.add_error(None, error.message)


class NotificationPreferencesForm(forms.Form):
    """One choice per category (core.selectors.notification_preferences rows); a mandatory
    category shows its one choice, disabled."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        from .notification_kinds import Delivery

        labels = dict(Delivery.choices)
        for row in rows:
            self.fields[row.category] = forms.ChoiceField(
                label=row.label,
                choices=[(value, labels[value]) for value in row.choices],
                initial=row.delivery,
                widget=forms.RadioSelect,
                required=False,  # a category left out keeps its setting
                disabled=row.mandatory,
                help_text=_("Always emailed at once.") if row.mandatory else "",
            )

    def choices(self) -> dict[str, str]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value and not self.fields[name].disabled
        }
