"""The open tab in the address (issue 21 item 2, Back stays inside the app): the address
names the tab, keeps the page's other parameters, and a wrong number opens the first tab."""

from __future__ import annotations

from alliance_sim.web.tab_history import tab_of, with_tab


def test_the_address_names_the_tab_and_keeps_the_rest():
    address = with_tab("/", "lang=ko&view=projector&tab=2", 6)
    assert address == "/?lang=ko&view=projector&tab=7"
    assert tab_of(address.partition("?")[2], 7) == 6
    assert with_tab(None, None, 0) == "/?tab=1"


def test_a_missing_or_wrong_tab_opens_the_first():
    for search in (None, "", "tab=0", "tab=8", "tab=x", "tab=-1", "lang=ru"):
        assert tab_of(search, 7) == 0
