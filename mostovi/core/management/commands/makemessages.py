"""Django's makemessages, also extracting `N_(...)`: the name the importers give to `gettext_noop`."""

from django.core.management.commands.makemessages import Command as MakeMessagesCommand


class Command(MakeMessagesCommand):
    xgettext_options = [*MakeMessagesCommand.xgettext_options, "--keyword=N_"]
