"""One window per test module, put back as it opened before each test.

Opening a `WindowApp` on the real battle builds both accounts' worlds, their caches and the
scene (~1-1.5 s); a module of ten tests opened ten. `as_opened` undoes what a test can do
through the window's own commands (account, time, speed, pause, selection, camera, options),
so each test starts from the state a fresh window has.
"""

from __future__ import annotations

from dataclasses import fields

import pygame

from game.app.window import HINT, WindowApp
from game.view.options import ViewOptions


def as_opened(app: WindowApp) -> WindowApp:
    """`app` as it was when it opened: default account, tick 0 at 1x, nothing selected, the
    camera fitting the battle, default options, no input pending."""
    pygame.event.clear()
    app.switch_account(app.scenario.default_account)
    app.controls.reset()
    app.controls.quit_requested = False
    app.inspect.close()
    app.inspect.follow = False
    app.inspect.hover_pos = None
    app.programme.restart(speed=1.0, start=0)  # the battle's first tick (not the prologue)
    fresh = ViewOptions(hint=HINT)
    for f in fields(ViewOptions):
        setattr(app.options, f.name, getattr(fresh, f.name))
    app.ui_offset = (0, 0)
    app.camera.resize(*app.screen.get_size())
    app.controls.fit()
    return app
