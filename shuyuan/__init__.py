"""Shuyuan (书苑): an integrated library system for Chinese public libraries."""
