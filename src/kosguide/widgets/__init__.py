"""Thin ipywidgets views over kosguide's pure logic. Each module holds one exercise's view."""
