"""Page templates of the Dân trí CMS (dantri.com.vn, dansinh.dantri.com.vn). Data only.

Modelled on the structure of the real pages in shared/real-pages/ and shared/sites.md
(``article.singular-container``, ``h1.title-page.detail``, ``h2.singular-sapo``,
``div.singular-content``, ``div.singular-source``, ``div.author-name a b``, ``time.author-time``,
``ul.breadcrumbs``, ``article.article-related``, ``article.article-item h3.article-title a``);
the markup and text are our own.
"""

from .markup import Template

# Menus: (label, category slug, sub-category labels). Sub-category paths are /<slug>/<sub slug>.htm.
DANTRI_MENU = [
    ("Xã hội", "xa-hoi", ["Chính trị", "Môi trường", "Giao thông", "Nóng trên mạng"]),
    ("Thế giới", "the-gioi", ["Quân sự", "Phân tích - Bình luận", "Thế giới đó đây", "Kiều bào"]),
    ("Kinh doanh", "kinh-doanh", ["Tài chính", "Chứng khoán", "Doanh nghiệp", "Tiêu dùng", "Thị trường"]),
    ("Bất động sản", "bat-dong-san", ["Dự án", "Thị trường nhà đất", "Nội thất", "Sống xanh"]),
    ("Thể thao", "the-thao", ["Bóng đá", "Tennis", "Golf", "Võ thuật", "Lịch thi đấu", "Hậu trường"]),
    ("Lao động - Việc làm", "lao-dong-viec-lam", ["Chính sách", "Làm giàu", "Chuyện nghề", "Nhân lực mới"]),
    ("Tấm lòng nhân ái", "tam-long-nhan-ai", ["Hoàn cảnh", "Danh sách ủng hộ", "Danh sách kết chuyển"]),
    ("Sức khỏe", "suc-khoe", ["Ung thư", "Sống khỏe", "Tư vấn", "Khỏe đẹp"]),
    ("Văn hóa", "van-hoa", ["Đời sống văn hóa", "Điện ảnh", "Âm nhạc", "Văn học"]),
    ("Giải trí", "giai-tri", ["Hậu trường", "Thời trang", "Truyền hình"]),
    ("Ô tô - Xe máy", "o-to-xe-may", ["Thị trường xe", "Xe điện", "Đánh giá", "Bảng giá"]),
    ("Công nghệ", "cong-nghe", ["Sản phẩm", "Di động - Viễn thông", "Phần mềm - Bảo mật"]),
    ("Giáo dục", "giao-duc", ["Góc phụ huynh", "Khuyến học", "Tuyển sinh", "Du học"]),
    ("An sinh", "an-sinh", ["Chuyện đời", "Dân sinh", "Chuyển động"]),
    ("Pháp luật", "phap-luat", ["Hồ sơ vụ án", "Pháp đình", "Tư vấn pháp luật"]),
    ("Du lịch", "du-lich", ["Tin tức", "Khám phá", "Món ngon - Điểm đẹp"]),
    ("Đời sống", "doi-song", ["Cộng đồng", "Nhà đẹp", "Chuyện lạ"]),
    ("Khoa học", "khoa-hoc", ["Vũ trụ", "Thế giới tự nhiên", "Khám phá"]),
    ("Bạn đọc", "ban-doc", ["Diễn đàn", "Thư bạn đọc"]),
]

DANSINH_MENU = [
    ("Tiền lương - Tiền công", "tien-luong-tien-cong", ["Chính sách tiền lương", "Thu nhập"]),
    ("Nhân lực", "nhan-luc", ["Thị trường lao động", "Kỹ năng nghề", "Lao động ngoài nước"]),
    ("Diễn đàn Dân sinh", "dien-dan-dan-sinh", ["Góc nhìn", "Bạn đọc viết"]),
    ("Xã hội", "xa-hoi", ["Người có công", "Bình đẳng giới", "Trẻ em"]),
    ("An sinh", "an-sinh", ["Giảm nghèo", "Bảo trợ xã hội"]),
    ("Bảo hiểm", "bao-hiem", ["Bảo hiểm xã hội", "Bảo hiểm y tế", "Bảo hiểm thất nghiệp"]),
    ("Pháp luật", "phap-luat", ["Hỏi đáp", "Văn bản mới"]),
    ("Giáo dục nghề nghiệp", "giao-duc-nghe-nghiep", ["Tuyển sinh", "Đào tạo"]),
    ("Đời sống", "doi-song", ["Sức khỏe", "Gia đình"]),
    ("Video", "video", []),
]

FOOTER_LINKS = ["Giới thiệu", "Liên hệ tòa soạn", "Quảng cáo", "Điều khoản sử dụng", "Chính sách bảo mật",
                "RSS", "Tuyển dụng"]

WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]

DNS_HOSTS = ["cdnweb.dantri.com.vn", "icdn.dantri.com.vn", "cdnphoto.dantri.com.vn", "cdnvideo.dantri.com.vn",
             "www.googletagmanager.com", "static.dtadnetwork.com", "tracking.dantri.com.vn"]

SEARCH_ICON = ('<svg aria-hidden="true" width="24" height="24" viewBox="0 0 24 24" fill="none" '
               'xmlns="http://www.w3.org/2000/svg"><path d="M11 19a8 8 0 1 0 0-16 8 8 0 0 0 0 16Z" '
               'stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/><path d="m21 21-4.35-4.35" '
               'stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/></svg>')
HOME_ICON = ('<svg aria-hidden="true" width="28" height="28" viewBox="0 0 32 32" fill="none" '
             'xmlns="http://www.w3.org/2000/svg"><path d="M4 12.7 16 5.3l12 7.4" stroke-width="1.5" '
             'stroke-linecap="round" stroke-linejoin="round"/><path d="M25.3 17.3v8.8c0 .3-.3.6-.6.6H7.3c-.3 '
             '0-.6-.3-.6-.6v-8.8" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/></svg>')

HEAD = Template("""<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1, user-scalable=no, shrink-to-fit=no" />
<meta name="format-detection" content="telephone=no" />
<meta name="robots" content="index,follow,all" />
<title>{{title}} | {{site_name}}</title>
<meta name="description" content="{{description}}" />
<meta name="keywords" content="{{keywords}}" />
<meta name="news_keywords" content="{{keywords}}" />
<meta name="title" content="{{title}}" />
<meta name="apple-mobile-web-app-capable" content="yes" />
<meta name="apple-mobile-web-app-title" content="{{host}}" />
<meta name="copyright" content="{{site_name}}" />
<meta name="author" content="{{site_name}}" />
<meta name="twitter:card" content="summary_large_image" />
<meta name="twitter:title" content="{{title}}" />
<meta name="twitter:description" content="{{description}}" />
<meta name="twitter:image" content="{{image}}" />
<meta property="og:type" content="{{og_type}}" />
<meta property="og:site_name" content="{{site_name}}" />
<meta property="og:title" content="{{title}}" />
<meta property="og:url" content="{{url}}" />
<meta property="og:image" content="{{image}}" />
<meta property="og:image:secure_url" content="{{image}}" />
<meta property="og:description" content="{{description}}" />
<meta property="og:locale" content="vi_VN" />
{{article_meta}}
<meta name="resource-type" content="Document" />
<meta name="distribution" content="Global" />
<meta http-equiv="content-language" content="vi" />
<meta name="revisit-after" content="1 days" />
<link href="/favicon.ico" type="image/x-icon" rel="shortcut icon" />
<link rel="alternate" href="{{url}}" hreflang="vi-vn" />
{{amp}}
<link rel="canonical" href="{{url}}" />
<link rel="alternate" type="application/rss+xml" title="{{site_name}}" href="{{base}}/rss/home.rss" />
{{dns}}
<link rel="preload" href="https://cdnweb.dantri.com.vn/dist/fonts/noto-serif-regular.woff2" as="font" type="font/woff2" crossorigin />
<link rel="preload" href="https://cdnweb.dantri.com.vn/dist/fonts/roboto-regular.woff2" as="font" type="font/woff2" crossorigin />
<style>
{{css}}
</style>
{{jsonld}}
<script>
{{js}}
</script>
</head>
<body class="ads-disable">
<div data-module="google-one-tap"></div>
<div id="bannerMasthead" class="ads-masthead"></div>
<header class="header container bg-wrap">
<div class="header-top flex-jcb">
<div class="header-logo flex-jcc"><a aria-label="{{site_name}}" href="/"><img alt="{{site_name}}" height="40" src="https://cdnweb.dantri.com.vn/dist/static/logo.svg" width="160" /></a></div>
<div class="header-area flex-jcb"><a class="international flex-jcc" href="https://dtinews.dantri.com.vn" target="_blank">International</a>
<div data-module="authen-header"></div>
<a class="search-link" href="/tim-kiem.htm" aria-label="Tìm kiếm">{{search_icon}}</a></div>
</div>
</header>
<nav class="menu container bg-wrap">
<ol class="menu-wrap bg-wrap">
<li class="home"><a aria-label="Trang chủ" href="/">{{home_icon}}</a></li>
{{menu}}
</ol>
<div class="nav-full bg-wrap"><div class="nf-wrap container"><ol class="nf-menu">
{{nav_full}}
</ol></div></div>
</nav>
""")

ARTICLE = Template("""<main class="body container">
<div class="body-container">
<div class="singular-sidebar" data-module="article-sidebar"></div>
<div class="grid-container">
<div class="singular-wrap">
<article class="singular-container">
<ul class="dt-breadcrumb breadcrumbs"><li><a href="{{category_url}}" title="{{category}}">{{category}}</a></li></ul>
<h1 class="title-page detail">{{title}}</h1>
<div class="author-wrap">
<div class="author-avatar"><a href="{{author_url}}"><span>{{initial}}</span></a></div>
<div class="author-meta">
<div class="author-name"><a href="{{author_url}}"><b>{{author}}</b></a></div>
<time class="author-time" datetime="{{datetime}}">{{time_text}}</time>
</div>
</div>
<div data-module="article-audio" data-article-id="{{ident}}"></div>
<h2 class="singular-sapo">{{sapo}}</h2>
<div class="singular-content">
{{body}}
</div>
{{source}}
<div class="tags-container"><span class="tags-title">Tags:</span> {{tags}}</div>
</article>
<div data-module="reaction-object" data-object-id="{{ident}}"></div>
<div data-module="comment" data-object-id="{{ident}}" data-object-type="article"></div>
<article class="article-related">
<div class="title-head">Tin liên quan</div>
{{related}}
</article>
</div>
<aside class="sidebar">
<div class="box-title">Đọc nhiều</div>
<div class="article-list most-read">
{{most_read}}
</div>
<div class="ads-wrap"><div data-module="ads" data-zone="sidebar-1"></div></div>
</aside>
</div>
</div>
</main>
""")

LISTING = Template("""<main class="body container">
<div class="title-container flex-jcb">
<div class="title-breadcrumbs">
<div class="title-main"><h1 class="title-page"><a href="{{section_url}}" title="{{section}}">{{section}}</a></h1></div>
<ol class="menu-sub">{{subs}}</ol>
</div>
</div>
{{highlight}}
<div class="grid list">
<div class="article-list article-wrap">
{{items}}
</div>
<aside class="sidebar">
<div class="box-title">Tin mới nhất</div>
<div class="article-list news-latest">
{{offsite}}
</div>
<div class="box-title">Video - Ảnh</div>
<div class="article-list media">
{{media}}
</div>
{{more}}
<div class="ads-wrap"><div data-module="ads" data-zone="category-sidebar"></div></div>
</aside>
</div>
{{pagination}}
</main>
""")

ITEM = Template("""<article class="article-item" data-content-name="{{block}}" data-content-piece="{{block}}-position_{{n}}" data-track-content="">
<div class="article-thumb"><a href="{{path}}"><img alt="{{title}}" data-src="{{image}}" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="{{width}}" height="{{height}}" /></a></div>
<div class="article-content">
<h3 class="article-title"><a href="{{path}}">{{title}}</a></h3>
{{excerpt}}
</div>
</article>""")

FIGURE = Template("""<figure class="image align-center" contenteditable="false">
<img title="{{alt}}" src="data:image/svg+xml;charset=utf-8,%3Csvg xmlns%3D'http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg' viewBox%3D'0 0 680 453'%2F%3E" alt="{{alt}}" data-width="680" data-height="453" data-original="{{original}}" data-photo-id="{{photo_id}}" data-src="{{src}}" data-srcset="{{src}} 1x, {{original}} 2x" />
<figcaption><p>{{caption}}</p></figcaption>
</figure>""")

FOOTER = Template("""<footer class="footer container">
<div class="footer-top flex-jcb"><a class="footer-logo" href="/"><img alt="{{site_name}}" src="https://cdnweb.dantri.com.vn/dist/static/logo-footer.svg" width="140" height="36" /></a>
<ol class="footer-menu">{{links}}</ol></div>
<div class="footer-cats"><ol class="footer-cat-list">{{cats}}</ol></div>
<div class="footer-info">
<p>Cơ quan chủ quản: Trung ương Hội Khuyến học Việt Nam. Giấy phép hoạt động báo điện tử do Bộ Thông tin và Truyền thông cấp.</p>
<p>Địa chỉ tòa soạn: Hà Nội &middot; Văn phòng đại diện tại TP Hồ Chí Minh, Đà Nẵng, Cần Thơ.</p>
<p class="copyright">&copy; 2005-2025 Bản quyền thuộc về {{site_name}}. Cấm sao chép dưới mọi hình thức nếu không có sự chấp thuận bằng văn bản.</p>
</div>
</footer>
<div data-module="back-to-top"></div>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-0000000000"></script>
<script>window.__page = {id: "{{ident}}", type: "{{page_type}}", category: "{{category_slug}}"};</script>
<script defer src="https://cdnweb.dantri.com.vn/dist/runtime.js"></script>
<script defer src="https://cdnweb.dantri.com.vn/dist/main.js"></script>
</body>
</html>
""")

ROBOTS = Template("""User-agent: *
Disallow: /api/
Disallow: /tim-kiem/
Disallow: /preview/
{{takedowns}}Allow: /
{{sitemaps}}""")
