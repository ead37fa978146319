"""Tests of publishing to a CKAN catalog."""
