"""Search benchmark (not a test): FTS5 through datasette's JSON API against a LIKE scan of the same rows.

    python bench/search.py [--articles 100000] [--queries 200] [--seed 1] [--parts]

Builds (once, cached under bench/out/) an archive of synthetic Vietnamese articles of news length, then sends the
same queries of 1–4 words, half of them typed without diacritics, through the in-process datasette of
``ansinh serve``: the archive's search page (``/archive/-/search?q=``: the HTML page of the 20 best, ranked, with
the exact count and snippets) and the articles table's search box (``?_search=``: with its count and facets), and as a LIKE query on the same columns, newest
first, the way one would search without an index. Prints median and p95 latency of each and the ratios.
``--parts`` also times the search page's own steps on one connection, and the page with no query (what
datasette's request, the permission checks and the template cost alone); and the table search again, query by
query, with its facets counted in memory and in SQL.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import sqlite3
import statistics
import time
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlencode

import sqlite_utils

from archive import Archive, facet_index
from archive.search import INDEXES, Hits, folded_columns, search_is_ready
from archive.search_page import PAGE_SIZE, RESULT_COLUMNS, _result, _rows
from archive.search_query import Search
from archive.web import make_datasette

OUT = Path(__file__).parent / "out"
VN = timezone(timedelta(hours=7))

# Words of Vietnamese social-security news, most frequent first; a word here may be several syllables.
FUNCTION_WORDS = (
    "và của các cho là được có trong với những người đã sẽ này theo tại từ đến năm không một để về khi cũng "
    "như nhiều hơn đang trên sau đó thì vào ra bị do nên mà còn hiện nay"
).split()
TERMS = [
    "bảo hiểm", "xã hội", "an sinh", "lao động", "việc làm", "giảm nghèo", "bền vững", "lương hưu", "trợ cấp",
    "thất nghiệp", "người dân", "hộ nghèo", "cận nghèo", "chính sách", "ưu đãi", "người có công", "thương binh",
    "liệt sĩ", "trẻ em", "người cao tuổi", "khuyết tật", "đào tạo", "nghề nghiệp", "doanh nghiệp", "công nhân",
    "tiền lương", "tối thiểu", "vùng", "hỗ trợ", "kinh phí", "ngân sách", "nhà nước", "địa phương", "tỉnh",
    "huyện", "xã", "thôn", "bản", "đồng bào", "dân tộc", "thiểu số", "miền núi", "vùng sâu", "vùng xa", "y tế",
    "thẻ", "khám chữa bệnh", "tự nguyện", "bắt buộc", "đóng", "hưởng", "chi trả", "bưu điện", "tài khoản",
    "ngân hàng", "cơ quan", "Bộ", "Sở", "Chính phủ", "Quốc hội", "nghị định", "thông tư", "quyết định", "luật",
    "sửa đổi", "bổ sung", "thực hiện", "triển khai", "kế hoạch", "mục tiêu", "chương trình", "quốc gia",
    "giai đoạn", "kết quả", "tỷ lệ", "giảm", "tăng", "so với", "cùng kỳ", "thu nhập", "đời sống", "nhà ở",
    "vay vốn", "sản xuất", "kinh doanh", "nông nghiệp", "chăn nuôi", "trồng trọt", "xuất khẩu lao động",
    "thị trường", "tuyển dụng", "kỹ năng", "học nghề", "trường", "sinh viên", "thanh niên", "phụ nữ", "gia đình",
    "cộng đồng", "tình nguyện", "quà Tết", "thiên tai", "bão lũ", "cứu trợ", "khẩn cấp", "an toàn", "vệ sinh",
    "tai nạn", "bệnh nghề nghiệp", "thanh tra", "vi phạm", "nợ đóng", "chậm đóng", "xử phạt", "điều chỉnh",
    "mức", "đồng", "triệu", "tỷ", "nghìn", "tháng", "quý", "đợt", "cán bộ", "viên chức", "hưu trí", "nghỉ hưu",
    "tuổi", "thời gian", "điều kiện", "hồ sơ", "thủ tục", "trực tuyến", "dịch vụ công", "chuyển đổi số",
    "định danh", "điện tử", "căn cước", "nhà máy", "khu công nghiệp", "hợp đồng", "người sử dụng lao động",
    "công đoàn", "đối thoại", "tranh chấp", "giờ làm thêm", "nghỉ phép", "thai sản", "ốm đau", "tử tuất",
]
PROVINCES = [
    "Hà Nội", "TP Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Đắk Nông", "Đắk Lắk", "Điện Biên",
    "Đồng Nai", "Đồng Tháp", "Bình Dương", "Nghệ An", "Thanh Hóa", "Hà Tĩnh", "Quảng Bình", "Quảng Trị",
    "Thừa Thiên Huế", "Quảng Nam", "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận",
    "Bình Thuận", "Gia Lai", "Kon Tum", "Lâm Đồng", "Lào Cai", "Yên Bái", "Hà Giang", "Cao Bằng", "Lạng Sơn",
    "Sơn La", "Lai Châu", "Tuyên Quang", "Thái Nguyên", "Bắc Giang", "Bắc Ninh", "Hưng Yên", "Nam Định",
    "Thái Bình", "Ninh Bình", "An Giang", "Kiên Giang", "Cà Mau", "Bạc Liêu", "Sóc Trăng", "Trà Vinh",
    "Vĩnh Long", "Bến Tre", "Tiền Giang", "Long An", "Tây Ninh", "Bình Phước", "Bà Rịa - Vũng Tàu",
]
SITES = {"laodongxahoi": 0.35, "dantri": 0.35, "dansinh": 0.2, "bhxh": 0.1}
CATEGORIES = ["An sinh", "Lao động - Việc làm", "Bảo hiểm xã hội", "Người có công", "Giảm nghèo", "Trẻ em"]
AUTHORS = [f"{first} {last}" for first in ("Minh", "Hoàng", "Thu", "Đức", "Ngọc", "Quang") for last in
           ("Anh", "Lan", "Hà", "Dũng", "Phương", "Trang", "Hùng")]

# Everything else an article says: syllables built from Vietnamese initials, rhymes and tones (not all real
# words, but tokens of the real shape), Zipf-distributed, so that rare words are rare, as in real text.
INITIALS = "b c ch d đ g gi h k kh l m n ng nh ph qu r s t th tr v x".split()
RHYMES = "a ai am an ang anh ao au ay e em en eo i ia im in inh iu o oi om on ong u ui um un ung uy ưa ươn ương ơi ơn êm ên ênh ôi ôm ôn ông ăn ăng âm ân âu".split()
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
GENERIC = sorted(
    {unicodedata.normalize("NFC", initial + rhyme[0] + tone + rhyme[1:])
     for initial in INITIALS for rhyme in RHYMES for tone in TONES}
)
random.Random(0).shuffle(GENERIC)
GENERIC_WEIGHTS = list(itertools.accumulate(1 / rank for rank in range(1, len(GENERIC) + 1)))
# Share of each kind of word in a sentence: grammar, the article's own topic, everything else.
MIX = (0.4, 0.2, 0.4)


def sentence(rng: random.Random, low: int, high: int, topic: list[str]) -> str:
    length = rng.randint(low, high)
    grammar, subject = round(length * MIX[0]), round(length * MIX[1])
    words = rng.choices(FUNCTION_WORDS, k=grammar) + rng.choices(topic, k=subject)
    words += rng.choices(GENERIC, cum_weights=GENERIC_WEIGHTS, k=length - grammar - subject)
    rng.shuffle(words)
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), str(rng.randint(2, 5000)))
    text = " ".join(words)
    return text[0].upper() + text[1:]


def article(rng: random.Random, number: int) -> dict:
    """One synthetic article on a place and a few terms: a 10–18 word title, a 25–45 word sapo, a body of
    300–1,100 words in paragraphs."""
    province = rng.choice(PROVINCES)
    topic = [province] + rng.sample(TERMS, 5)
    site = rng.choices(list(SITES), weights=list(SITES.values()))[0]
    body, words = [], rng.randint(300, 1100)
    while words > 0:
        paragraph = ". ".join(sentence(rng, 10, 24, topic) for _ in range(rng.randint(2, 5))) + "."
        body.append(paragraph)
        words -= paragraph.count(" ") + 1
    published = datetime(2014, 1, 1, tzinfo=VN) + timedelta(minutes=rng.randrange(12 * 365 * 24 * 60))
    return {
        "url": f"https://{site}.example.vn/bai-{number}.htm",
        "site": site,
        "title": f"{province}: {sentence(rng, 8, 16, topic)}",
        "sapo": f"{sentence(rng, 25, 45, topic)} tại {province}.",
        "text": "\n".join(body),
        "author": rng.choice(AUTHORS),
        "published": published.isoformat(),
        "category": rng.choice(CATEGORIES),
        "tags": json.dumps([province, topic[1]], ensure_ascii=False),
        "fetched": "2026-01-01T00:00:00+00:00",
    }


def with_folded(row: dict) -> dict:
    # What Archive.store_article writes beside an article: the index's unmarked spelling of it.
    return {**row, **folded_columns(row)}


def build(path: Path, count: int, seed: int) -> None:
    """Write ``count`` articles into a new archive at ``path``, index and all, through the archive's triggers."""
    partial = path.with_suffix(".partial")
    for stale in OUT.glob(partial.name + "*"):
        stale.unlink()
    archive = Archive(partial)
    rng = random.Random(seed)
    started = time.perf_counter()
    for start in range(0, count, 5000):
        with archive.db.conn:
            archive.db["articles"].insert_all(
                (with_folded(article(rng, number)) for number in range(start, min(start + 5000, count))), batch_size=500
            )
        print(f"  {min(start + 5000, count):,} articles, {time.perf_counter() - started:.0f}s", flush=True)
    optimize(archive)
    archive.close()
    partial.rename(path)


def optimize(archive: Archive) -> None:
    """Merge each index's segments, as a long-lived archive's automerge does over time."""
    for index in INDEXES:
        archive.db.execute(f"insert into [{index.table}]([{index.table}]) values ('optimize')")
    archive.db.execute("pragma wal_checkpoint(truncate)")


def upgrade(path: Path) -> None:
    """Bring an archive built by an earlier version of this bench up to date, its new indexes optimized."""
    db = sqlite_utils.Database(path)
    ready = search_is_ready(db)
    db.close()
    if not ready:
        print(f"Upgrading {path} to this version's search indexes (once)")
        archive = Archive(path)
        optimize(archive)
        archive.close()


def strip_marks(text: str) -> str:
    """Text as typed without a Vietnamese keyboard: no tone or vowel marks, đ as d."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


def queries(count: int, seed: int) -> list[str]:
    """``count`` queries of 1–4 words from terms, places and other words, every other one without marks."""
    rng = random.Random(seed)
    made = []
    for index in range(count):
        words: list[str] = []
        wanted = rng.randint(1, 4)
        while len(words) < wanted:
            pool = rng.choice((TERMS, PROVINCES, GENERIC[:2000]))
            words += rng.choice(pool).replace(" - ", " ").split()
        query = " ".join(words[:wanted]).lower()
        made.append(strip_marks(query) if index % 2 else query)
    return made


def like_sql(words: list[str]) -> str:
    columns = ("title", "sapo", "text", "tags", "author")
    where = " and ".join(
        "(" + " or ".join(f"{column} like :w{n}" for column in columns) + ")" for n in range(len(words))
    )
    return f"select url, title, site, published from articles where {where} order by published desc limit 100"


async def measure(path: Path, texts: list[str]) -> dict[str, list[float]]:
    # The served configuration; the LIKE scan alone goes through one with no time limit, as it must finish.
    datasette = make_datasette(path)
    unlimited = make_datasette(path, sql_time_limit_ms=600_000)
    await datasette.invoke_startup()
    await unlimited.invoke_startup()

    def search_page(q):
        return "/archive/-/search?" + urlencode({"q": q})

    def table_search(q):
        return "/archive/articles.json?" + urlencode({"_search": q, "_shape": "objects", "_size": 20})

    def like(q):
        words = q.split()
        return "/archive.json?" + urlencode(
            {"sql": like_sql(words), "_shape": "array", **{f"w{n}": f"%{w}%" for n, w in enumerate(words)}}
        )

    paths = {"FTS5, search page": search_page, "FTS5, table ?_search=": table_search, "LIKE scan": like}
    servers = {name: unlimited if name == "LIKE scan" else datasette for name in paths}
    timings: dict[str, list[float]] = {name: [] for name in paths}
    found: dict[str, int] = {name: 0 for name in paths}
    facets_timed_out = 0
    for name, make in paths.items():  # warm the page cache and datasette's schema caches
        await servers[name].client.get(make(texts[0]))
    for number, text in enumerate(texts, start=1):
        for name, make in paths.items():
            started = time.perf_counter()
            response = await servers[name].client.get(make(text))
            timings[name].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (name, text, response.text[:300])
            if name == "FTS5, search page":
                found[name] += 'class="result-title"' in response.text
            else:
                body = response.json()
                found[name] += bool(body["rows"] if isinstance(body, dict) else body)
                if isinstance(body, dict):
                    facets_timed_out += bool(body.get("facets_timed_out"))
        if number % 50 == 0:
            print(f"  {number} queries", flush=True)
    for name in paths:
        print(f"  {name}: results for {found[name]} of {len(texts)} queries")
    print(f"  table ?_search=: some of its facets timed out (facet_time_limit_ms) on {facets_timed_out} "
          f"of {len(texts)} queries")
    return timings


async def parts(path: Path, texts: list[str]) -> dict[str, list[float]]:
    """The search page's steps for each query, timed apart, the page without a query, and the table search with
    its facets counted each way."""
    timings: dict[str, list[float]] = {
        f"page, {name}": [] for name in ("count", "ranking", "rows", "snippets", "no query")}
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    for text in texts:
        search, started = Search(q=text), time.perf_counter()
        search.count(conn)
        counted = time.perf_counter()
        ids = search.ranked(conn, limit=PAGE_SIZE)
        ranked = time.perf_counter()
        rows = _rows(conn, ids, RESULT_COLUMNS)
        read = time.perf_counter()
        hits = Hits(text)
        for row in rows:
            _result(row, hits)
        done = time.perf_counter()
        for name, took in zip(timings, (counted - started, ranked - counted, read - ranked, done - read)):
            timings[name].append(took * 1000)
    conn.close()
    datasette = make_datasette(path)
    await datasette.invoke_startup()
    for _ in texts:
        started = time.perf_counter()
        await datasette.client.get("/archive/-/search")
        timings["page, no query"].append((time.perf_counter() - started) * 1000)
    # The table search with its facets counted in memory, then in SQL (the memory path turned off), query by query.
    def table(q):
        return "/archive/articles.json?" + urlencode({"_search": q, "_size": 20})

    await datasette.client.get(table(FUNCTION_WORDS[0]))  # found in most articles: the facets' values are read
    facet_index.wait()
    in_memory = facet_index.counted

    async def in_sql(arms, limit):
        return None

    timings |= {"table, facets in memory": [], "table, facets in SQL": []}
    for text in texts:
        for name, counted in (("table, facets in memory", in_memory), ("table, facets in SQL", in_sql)):
            facet_index.counted = counted
            started = time.perf_counter()
            await datasette.client.get(table(text))
            timings[name].append((time.perf_counter() - started) * 1000)
    facet_index.counted = in_memory
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--parts", action="store_true", help="also time the search page's steps apart")
    options = parser.parse_args()

    OUT.mkdir(exist_ok=True)
    path = OUT / f"search-{options.articles}-{options.seed}.db"
    if not path.exists():
        print(f"Building {path} (once; kept for later runs)")
        build(path, options.articles, options.seed)
    upgrade(path)
    print(f"Archive: {path}, {path.stat().st_size / 1e6:,.0f} MB, {options.articles:,} articles")
    texts = queries(options.queries, options.seed)
    print(f"{len(texts)} queries, e.g. {texts[:4]}")
    timings = asyncio.run(measure(path, texts))

    def p95(values):
        return statistics.quantiles(values, n=20)[-1]

    if options.parts:
        timings |= {f"  {name}": values for name, values in asyncio.run(parts(path, texts)).items()}

    print(f"\n{'':<28}{'median ms':>12}{'p95 ms':>12}")
    for name, values in timings.items():
        print(f"{name:<28}{statistics.median(values):>12.1f}{p95(values):>12.1f}")
    like = timings["LIKE scan"]
    for name in ("FTS5, search page", "FTS5, table ?_search="):
        fts = timings[name]
        print(
            f"LIKE / {name}: {statistics.median(like) / statistics.median(fts):.1f}x at the median, "
            f"{p95(like) / p95(fts):.1f}x at p95"
        )


if __name__ == "__main__":
    main()
