"""One Mesa agent class per capital, on one shared bargaining base class."""

from agents.base import CapitalAgent, GenericAgent
from agents.beijing import Beijing
from agents.moscow import Moscow
from agents.pyongyang import Pyongyang
from agents.washington import Washington

AGENT_CLASSES: dict[str, type[CapitalAgent]] = {
    "moscow": Moscow,
    "beijing": Beijing,
    "pyongyang": Pyongyang,
    "washington": Washington,
    "generic": GenericAgent,
}

__all__ = [
    "AGENT_CLASSES",
    "CapitalAgent",
    "GenericAgent",
    "Beijing",
    "Moscow",
    "Pyongyang",
    "Washington",
]
