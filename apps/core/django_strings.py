"""Strings of Django 6.1 that its own Indonesian catalogue does not translate yet.

Marking them here puts them in our catalogue (locale/id), which Django reads first.
"""

from django.utils.translation import gettext_noop

MISSING_FROM_DJANGO_ID = [
    gettext_noop("- Select an option -"),  # django.db.models.fields.BLANK_CHOICE_LABEL
]
