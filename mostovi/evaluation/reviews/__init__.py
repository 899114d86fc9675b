"""Joint reviews of a project: the schedule, each partner's assessment, the synthesis approved by every
partner, and the A07 report."""
