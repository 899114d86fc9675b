"""Follow-up actions decided in a review: their statuses, owners, boards and reminders."""
