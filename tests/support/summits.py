"""Changing the settings of a Summit an app under test already holds (Summit is frozen: the
product never changes it; a test that wants other settings mid-test does it here)."""


def change_settings(summit, **changes):
    object.__setattr__(summit, "settings", summit.settings.with_(**changes))
    return summit
