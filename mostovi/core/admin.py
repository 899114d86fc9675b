"""What the admin may do with records that have services: look, not write.

A service checks the permissions, keeps the rules (the gates, continuity when a membership ends) and records
the event; an edit in the admin would bypass all three. The admin of such records is read-only.
"""


class ReadOnlyAdminMixin:
    """No add, change or delete in the admin: the services write these records."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
