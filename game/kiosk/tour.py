"""The museum's tour: the story camera (`game.view.story_camera`) under the names the kiosk
and a clip's camera (`python main.py --export`) ask for. One camera, one data file
(`tour.yaml` beside the scenario): the attract loop, the window and a clip frame alike."""

from __future__ import annotations

from game.scenario.specs import Scenario
from game.view.story_camera import StoryCamera, load_story, story_path

Tour = StoryCamera
load_tour = load_story
tour_path = story_path


def museum_tour(scenario: Scenario) -> StoryCamera:
    """The attract loop's tour of `scenario`, for a camera that is not the kiosk's (a clip's);
    one-line `DataError` on a faulty tour file."""
    return StoryCamera(load_story(story_path(scenario), scenario), scenario)
