"""The results framework (logical framework) of a project: results, indicators, targets and reported
values; its page, API, exports and charts."""
