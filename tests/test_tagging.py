"""Provinces and subtopics, checked against what a reader wrote down for each fixture article."""

import subprocess
import sys

import pytest

from archive import Archive
from archive.places import gazetteer
from archive.tagging import tags_of
from tagging_fixtures import TAGGED

CASES = {case["article"]["url"].rsplit("/", 1)[1]: case for case in TAGGED}


def found(case: dict) -> tuple[set, set, set]:
    tags = tags_of(case["article"], case.get("captions", ()))
    return ({row["province"] for row in tags.places}, {row["province_2025"] for row in tags.places},
            {row["topic"] for row in tags.topics})


@pytest.mark.parametrize("name", CASES)
def test_provinces_are_those_a_reader_found(name):
    case = CASES[name]
    provinces, provinces_2025, _ = found(case)
    assert provinces == case["provinces"]
    assert provinces_2025 == case["provinces_2025"]


@pytest.mark.parametrize("name", [name for name, case in CASES.items() if "topic_miss" not in case])
def test_subtopics_are_those_a_reader_found(name):
    case = CASES[name]
    assert found(case)[2] == case["topics"]


def test_gazetteer_has_both_eras_and_maps_every_old_province():
    places = gazetteer()
    assert len(places.provinces) == 63 and len(places.provinces_2025) == 34
    assert {province.province_2025 for province in places.provinces.values()} == set(places.provinces_2025)
    assert sorted(old for olds in places.merged_from.values() for old in olds) == sorted(places.provinces)
    assert set(places.merged_from["Lâm Đồng"]) == {"Lâm Đồng", "Đắk Nông", "Bình Thuận"}
    for province in [*places.provinces.values(), *places.provinces_2025.values()]:
        assert 8 < province.latitude < 24 and 102 < province.longitude < 110, province


@pytest.mark.parametrize("spelling", ["TP.HCM", "TP Hồ Chí Minh", "Sài Gòn"])
def test_ho_chi_minh_city_aliases(spelling):
    assert gazetteer().names[spelling] == "Hồ Chí Minh"


@pytest.mark.parametrize("spelling", ["Đắk Nông", "Đăk Nông", "Dak Nong"])
def test_dak_nong_spellings(spelling):
    assert gazetteer().names[spelling] == "Đắk Nông"


def test_the_tags_say_which_term_in_which_field():
    case = CASES["trao-qua-cho-nguoi-co-cong-20240727070000000.htm"]
    tags = tags_of(case["article"], case["captions"])
    assert tags.places == [{"province": "Quảng Trị", "province_2025": "Quảng Trị", "term": "Quảng Trị", "field": "caption"}]
    assert {(row["term"], row["field"]) for row in tags.topics} >= {("người có công", "title"), ("liệt sĩ", "title")}


def test_storing_tags_and_updating_replaces_the_tags(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    case = CASES["ha-nam-nam-dinh-giam-ngheo-20240415100000000.htm"]
    url = case["article"]["url"]
    archive.store_article({**case["article"], "site": "dantri"})
    rows = archive.db.execute("select province, province_2025 from article_places where article = ?", [url]).fetchall()
    assert sorted(set(rows)) == [("Hà Nam", "Ninh Bình"), ("Nam Định", "Ninh Bình")]
    archive.store_article({**case["article"], "site": "dantri", "title": "Hà Nam về đích sớm", "text": "Không còn hộ nghèo."})
    rows = archive.db.execute("select distinct province from article_places where article = ?", [url]).fetchall()
    assert rows == [("Hà Nam",)]
    # Images stored with the article count through their captions.
    archive.store_article({**case["article"], "site": "dantri"}, images=[{"src": "a.jpg", "caption": "Ảnh ở Cà Mau"}])
    rows = archive.db.execute("select distinct province from article_places where article = ? and field = 'caption'",
                              [url]).fetchall()
    assert rows == [("Cà Mau",)]
    archive.close()


def test_ansinh_tag_retags_an_archive(tmp_path):
    db = tmp_path / "archive.db"
    archive = Archive(db)
    for case in TAGGED:
        archive.store_article({**case["article"], "site": "dantri"}, images=[
            {"src": "x.jpg", "caption": caption} for caption in case.get("captions", ())])
    # As an archive tagged by an older gazetteer, or before tagging existed, would be.
    archive.db.execute("delete from article_places")
    archive.db.execute("update article_topics set topic = 'wages'")
    archive.db.conn.commit()
    archive.close()
    result = subprocess.run([sys.executable, "-m", "ansinh", "tag", "--db", str(db)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f"tagged {len(TAGGED)} articles" in result.stdout
    archive = Archive(db)
    for case in TAGGED:
        url = case["article"]["url"]
        provinces = {row[0] for row in archive.db.execute("select province from article_places where article = ?", [url])}
        assert provinces == case["provinces"], url
        if "topic_miss" not in case:
            topics = {row[0] for row in archive.db.execute("select topic from article_topics where article = ?", [url])}
            assert topics == case["topics"], url
    archive.close()


def test_ansinh_tag_without_an_archive_is_a_one_line_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "ansinh", "tag", "--db", str(tmp_path / "none.db")],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "no archive" in result.stderr
