"""Lessons learned: recorded from reviews, searched across projects, scripts and languages."""
