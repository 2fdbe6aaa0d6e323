"""The benchmark measures a search on its first view: each request's ``{n}`` is a number no request
of the run had before (bench.client.first_view), so no server has kept that search's counts; and on
its next pages: each request's ``{page}`` a page number none had before, from 2."""

from bench.client import FIRST_VIEW, NEW_PAGE, first_view


def test_each_request_gets_a_number_none_had_before():
    path = f"/search/?q=epeat&view={FIRST_VIEW}"
    paths = [first_view(path) for _ in range(50)]
    assert len(set(paths)) == 50
    assert all(p.startswith("/search/?q=epeat&view=") and p.rsplit("=", 1)[1].isdigit() for p in paths)


def test_a_path_without_the_placeholder_is_left_as_it_is():
    assert first_view("/search/?q=epeat") == "/search/?q=epeat"


def test_each_request_asks_for_a_page_none_asked_for_before():
    path = f"/search/?q=epeat&page={NEW_PAGE}"
    pages = [int(first_view(path).rsplit("=", 1)[1]) for _ in range(50)]
    assert len(set(pages)) == 50 and min(pages) >= 2
    assert pages == sorted(pages)  # 2, 3, ...: the first pages of the search, in the order a reader goes
