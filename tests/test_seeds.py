"""Seed files are checked when read: a broken one gets one line naming the file and the key, and disables its
own site only."""

from __future__ import annotations

import pytest

from conftest import ansinh
from crawler.sites import SELECTOR_FIELDS, get_site, load_seeds, seed_folders

SITE = '''key = "{key}"
name = "Báo Thử"
base = "https://baothu.vn"
hosts = ["baothu.vn"]
article = '^/an-sinh/[a-z0-9-]+-\\d+\\.htm$'

[[sections]]
name = "An sinh"
url = "/an-sinh.htm"
pages = "/an-sinh/trang-{{page}}.htm"

[selectors]
title = "h1.title"
'''


def test_every_seed_file_loads():
    seeds = load_seeds()
    files = sorted(path.stem for path in seed_folders()[0].glob("*.toml"))
    assert seeds.errors == {}
    assert sorted(seeds.sites) == files
    for site in seeds.sites.values():
        assert site.sections and site.hosts
        assert set(site.selectors) <= set(SELECTOR_FIELDS)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda text: text + 'selector = "h1"\n', "baothu.toml: selectors.selector: unknown key"),
        (lambda text: 'selector = "h1"\n' + text,
         "baothu.toml: selector: unknown key (did you mean 'selectors'?)"),
        (lambda text: text.replace("-\\d+", "-(\\d+"), "baothu.toml: article: not a regular expression"),
        (lambda text: text.replace('name = "Báo Thử"\n', ""), "baothu.toml: name: is missing"),
        (lambda text: text.replace('url = "/an-sinh.htm"\n', ""), "baothu.toml: sections[1].url: is missing"),
        (lambda text: 'extends = "nosuch"\n' + text, "baothu.toml: extends: 'nosuch' is not a site"),
        (lambda text: text.replace('"h1.title"', '"h1..title["'), "baothu.toml: selectors.title: not a CSS selector"),
        (lambda text: text.replace('key = "baothu"', 'key = "other"'), "baothu.toml: key: 'other' must match"),
        (lambda text: text.replace("[[sections]]", "[[sections]"), "baothu.toml: cannot be read"),
        (lambda text: 'live = "no"\n' + text, "baothu.toml: live: must be true or false"),
        (lambda text: text.replace('hosts = ["baothu.vn"]', 'hosts = "baothu.vn"'),
         "baothu.toml: hosts: must be a list of strings"),
        (lambda text: 'schedule = "every day"\n' + text, "baothu.toml: schedule: not a cron expression"),
    ],
)
def test_a_broken_seed_is_one_line_naming_the_file_and_the_key(tmp_path, monkeypatch, change, message):
    (tmp_path / "baothu.toml").write_text(change(SITE.format(key="baothu")), encoding="utf-8")
    monkeypatch.setenv("ANSINH_SEEDS", str(tmp_path))
    seeds = load_seeds()
    assert message in seeds.errors["baothu"]
    assert "\n" not in seeds.errors["baothu"]
    # Only its own site is disabled.
    assert {"dantri", "dansinh", "bhxh", "laodongxahoi"} <= set(seeds.sites) and "baothu" not in seeds.sites


def test_a_good_extra_seed_is_a_site(tmp_path, monkeypatch):
    (tmp_path / "baothu.toml").write_text(SITE.format(key="baothu"), encoding="utf-8")
    monkeypatch.setenv("ANSINH_SEEDS", str(tmp_path))
    assert get_site("baothu").is_article("https://baothu.vn/an-sinh/tin-moi-123.htm")


def test_a_seed_extending_a_broken_one_is_broken_too(tmp_path, monkeypatch):
    (tmp_path / "baothu.toml").write_text(SITE.format(key="baothu").replace("[[sections]]", "[[sections"))
    (tmp_path / "baocon.toml").write_text('extends = "baothu"\nkey = "baocon"\nname = "Con"\n')
    monkeypatch.setenv("ANSINH_SEEDS", str(tmp_path))
    assert "baocon.toml: extends: 'baothu' is broken" in load_seeds().errors["baocon"]


def test_every_command_still_works_beside_a_broken_seed(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "baothu.toml").write_text(SITE.format(key="baothu").replace("^/an-sinh/", "^/(an-sinh/"))
    env = {"ANSINH_SEEDS": str(seeds), "PATH": "/usr/bin:/bin"}
    listed = ansinh("sites", env=env)
    assert listed.returncode == 0 and "dantri" in listed.stdout
    assert "baothu.toml: article: not a regular expression" in listed.stderr and "Traceback" not in listed.stderr
    crawled = ansinh("crawl", "baothu", "--db", str(tmp_path / "a.db"), env=env)
    assert crawled.returncode == 2
    assert crawled.stderr.strip().splitlines() == [
        "ansinh: error: " + load_seeds_with(seeds).errors["baothu"]]


def load_seeds_with(folder):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANSINH_SEEDS", str(folder))
        return load_seeds()
