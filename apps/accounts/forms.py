from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.notifications.services import absolute_url
from apps.offices.models import Office, phone_validator

from . import policy
from .models import Role, User

STAFF_ROLE_CHOICES = [(r.value, r.label) for r in Role if r != Role.INSPECTOR]


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Both are case-sensitive."),
        "inactive": _("This account is not active. Ask the sub-district admin."),
    }


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the mail leaves through the outbox (limited per account and
    per client address), and its link uses RUKO_BASE_URL, never the request's Host header."""

    client_ip = ""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # The office named in the mail: the person's first office (none for an inspector).
        first = (
            context["user"]
            .memberships.active()
            .filter(office__isnull=False)
            .select_related("office")
            .order_by("id")
            .first()
        )
        context = {
            **context,
            "link": absolute_url(
                reverse(
                    "accounts:password_reset_confirm",
                    kwargs={"uidb64": context["uid"], "token": context["token"]},
                )
            ),
            "office": first.office if first else None,
        }
        from .services import password_reset_mail_queue

        password_reset_mail_queue(
            user=context["user"],
            subject=loader.render_to_string(subject_template_name, context),
            body=loader.render_to_string(email_template_name, context),
            client_ip=self.client_ip,
        )


class ProfileForm(forms.ModelForm):
    current_password = forms.CharField(
        label=_("current password"),
        required=False,
        widget=forms.PasswordInput,
        help_text=_("Needed only when you change your e-mail address."),
    )

    class Meta:
        model = User
        fields = ["full_name", "email", "phone"]

    def clean(self):
        data = super().clean()
        # The address receives password-reset links: changing it takes the password, so a
        # borrowed phone with an open session cannot hand the account to someone else.
        if "email" in self.changed_data and not self.initial_user_password_ok(
            data.get("current_password", "")
        ):
            self.add_error(
                "current_password", _("Enter your current password to change your e-mail address.")
            )
        return data

    def initial_user_password_ok(self, password: str) -> bool:
        from django.contrib.auth import get_user_model

        stored = get_user_model().objects.get(pk=self.instance.pk)
        return bool(password) and stored.check_password(password)


class MembershipFields(forms.Form):
    """Role fields shared by the create and edit forms of the user pages."""

    role = forms.ChoiceField(label=_("role"), choices=STAFF_ROLE_CHOICES)
    section = forms.ModelChoiceField(label=_("section"), queryset=None, required=False)
    village = forms.ModelChoiceField(label=_("village"), queryset=None, required=False)
    position = forms.CharField(
        label=_("position"),
        max_length=120,
        required=False,
        help_text=_("For example Kepala Desa, Sekretaris Desa, Operator, Kepala Seksi."),
    )

    def __init__(self, *args, office: Office, roles=STAFF_ROLE_CHOICES, **kwargs):
        super().__init__(*args, **kwargs)
        # No default: a new person is never an admin because nobody picked a role.
        self.fields["role"].choices = [("", _("- Choose a role -")), *roles]
        self.fields["section"].queryset = office.sections.filter(is_active=True)
        self.fields["village"].queryset = office.villages.all()

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Role.OFFICER and not data.get("section"):
            self.add_error("section", _("Choose the section of this officer."))
        if role == Role.VILLAGE and not data.get("village"):
            self.add_error("village", _("Choose the village of this official."))
        # A phone's hidden select keeps its value when the role changes: drop what the
        # role does not use.
        if role != Role.OFFICER:
            data["section"] = None
        if role != Role.VILLAGE:
            data["village"] = None
        return data


class ExistingPersonForm(MembershipFields):
    """Give a role in this office to someone who already has an account, from an office
    where their role has ended. One answer for an unknown username and an account that
    still serves elsewhere, so that the form reveals no other office's usernames."""

    username = forms.CharField(
        label=_("username"),
        max_length=150,
        help_text=_("The username the person already logs in with."),
    )
    field_order = ["username", "role", "section", "village", "position"]

    def __init__(self, *args, manager=None, **kwargs):
        self.manager = manager
        super().__init__(*args, **kwargs)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=username).first()
        if user is None or not policy.can_attach_person(self.manager, user):
            raise forms.ValidationError(policy.NOT_ATTACHABLE)
        self.person = user
        return user.username


class UserCreateForm(MembershipFields):
    username = forms.RegexField(
        label=_("username"),
        max_length=150,
        regex=r"^[a-z0-9._-]+$",
        error_messages={"invalid": _("Use lowercase letters, digits, dots and hyphens only.")},
    )
    full_name = forms.CharField(label=_("full name"), max_length=150)
    email = forms.EmailField(
        label=_("e-mail"),
        required=False,
        help_text=_("Without a password, a link to choose one is sent to this address."),
    )
    phone = forms.CharField(
        label=_("phone (WhatsApp)"), max_length=30, required=False, validators=[phone_validator]
    )
    password = forms.CharField(
        label=_("initial password"),
        required=False,
        widget=forms.PasswordInput,
        help_text=_("Leave empty to let the person choose one through the e-mailed link."),
    )
    field_order = [
        "username",
        "full_name",
        "email",
        "phone",
        "role",
        "section",
        "village",
        "position",
        "password",
    ]

    def clean(self):
        data = super().clean()
        if not data.get("password") and not data.get("email"):
            self.add_error(
                "email",
                _("Give an e-mail address or an initial password, or the person cannot log in."),
            )
        if data.get("password"):
            from django.contrib.auth.password_validation import validate_password

            try:
                validate_password(data["password"])
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class MembershipEditForm(MembershipFields):
    full_name = forms.CharField(label=_("full name"), max_length=150)
    email = forms.EmailField(label=_("e-mail"), required=False)
    phone = forms.CharField(
        label=_("phone (WhatsApp)"), max_length=30, required=False, validators=[phone_validator]
    )
    is_active = forms.BooleanField(
        label=_("may log in to this office"),
        required=False,
    )
    field_order = [
        "full_name",
        "email",
        "phone",
        "role",
        "section",
        "village",
        "position",
        "is_active",
    ]

    def __init__(self, *args, person_editable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not person_editable:
            for name in ("full_name", "email", "phone"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "This person also works elsewhere: only they can change it, in their profile."
                )


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False)
    role = forms.ChoiceField(
        label=_("role"), required=False, choices=[("", _("All roles")), *STAFF_ROLE_CHOICES]
    )
