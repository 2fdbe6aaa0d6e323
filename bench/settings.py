"""The production settings, plus one empty logged-in view: the floor every page is measured against."""

from buyersgroup.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
