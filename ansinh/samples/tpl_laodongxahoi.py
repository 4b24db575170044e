"""Page templates of the laodongxahoi.net sample (old CMS shared with sister papers). Data only.

Modelled on the structure in shared/sites.md: ``div.col660`` main column, ``div.title_detail_news``
inside an ``h1``, ``div.time_detail_news`` ("11:11 AM 23/03/2023"), ``div.sapo_detail``,
``div#cotent_detail`` (sic), ``div.tag_detail``, ``div.breadcump``, ``div.paging`` with ``a.active``.
"""

from .markup import Template

# Main menu: (label, path, children).
MENU = [
    ("Thời sự", "/thoi-su", [("Chính trị", "/chinh-tri"), ("Hoạt động của Bộ", "/hoat-dong-cua-bo")]),
    ("Xã hội", "/xa-hoi", [("An sinh xã hội", "/xa-hoi/an-sinh-xa-hoi"), ("Người có công", "/nguoi-co-cong"),
                           ("Bình đẳng giới", "/binh-dang-gioi"), ("Trẻ em", "/tre-em"),
                           ("Phòng chống tệ nạn", "/phong-chong-te-nan")]),
    ("Lao động", "/lao-dong", [("Việc làm", "/viec-lam"), ("Tiền lương", "/tien-luong"),
                               ("Quan hệ lao động", "/quan-he-lao-dong"), ("An toàn lao động", "/an-toan-lao-dong"),
                               ("Lao động ngoài nước", "/lao-dong-ngoai-nuoc")]),
    ("Giáo dục nghề nghiệp", "/giao-duc-nghe-nghiep", [("Tuyển sinh", "/tuyen-sinh"), ("Kỹ năng nghề", "/ky-nang-nghe")]),
    ("Bảo hiểm", "/bao-hiem", [("Bảo hiểm xã hội", "/bao-hiem-xa-hoi"), ("Bảo hiểm y tế", "/bao-hiem-y-te"),
                               ("Bảo hiểm thất nghiệp", "/bao-hiem-that-nghiep")]),
    ("An sinh xã hội", "/an-sinh-xa-hoi", []),
    ("Kinh tế", "/kinh-te", [("Doanh nghiệp", "/doanh-nghiep"), ("Nông thôn mới", "/nong-thon-moi")]),
    ("Pháp luật", "/phap-luat", [("Hỏi đáp chính sách", "/hoi-dap-chinh-sach")]),
    ("Đời sống", "/doi-song", [("Sức khỏe", "/suc-khoe"), ("Gia đình", "/gia-dinh")]),
    ("Văn hóa - Thể thao", "/van-hoa-the-thao", [("Du lịch", "/du-lich")]),
    ("Quốc tế", "/quoc-te", []),
    ("Video", "/video", []),
    ("Ảnh", "/anh", []),
]

# Parent shown in the breadcrumb of a category: category path → (label, path).
PARENTS = {
    "/an-sinh-xa-hoi": ("Xã hội", "/xa-hoi"), "/xa-hoi/an-sinh-xa-hoi": ("Xã hội", "/xa-hoi"),
    "/nguoi-co-cong": ("Xã hội", "/xa-hoi"), "/viec-lam": ("Lao động", "/lao-dong"),
    "/giao-duc-nghe-nghiep": ("Lao động", "/lao-dong"), "/video": ("Đa phương tiện", "/media"),
    "/anh": ("Đa phương tiện", "/media"),
}

FOOTER_LINKS = ["Giới thiệu", "Liên hệ tòa soạn", "Quảng cáo", "Đặt báo", "Chính sách bảo mật", "Sơ đồ trang"]

HEAD = Template("""<!DOCTYPE html>
<html lang="vi">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{{title}}</title>
<meta name="keywords" content="{{keywords}}" />
<meta name="description" content="{{description}}" />
<meta name="robots" content="index, follow" />
<meta name="copyright" content="Báo Lao động và Xã hội" />
<meta property="og:site_name" content="Báo Lao động và Xã hội" />
<meta property="og:type" content="{{og_type}}" />
<meta property="og:title" content="{{title}}" />
<meta property="og:description" content="{{description}}" />
<meta property="og:url" content="{{url}}" />
<meta property="og:image" content="{{image}}" />
<link rel="shortcut icon" href="{{base}}/favicon.ico" />
<link rel="stylesheet" type="text/css" href="{{base}}/Content/css/bootstrap.min.css?v=2.3" />
<link rel="stylesheet" type="text/css" href="{{base}}/Content/css/style.css?v=20230301" />
<script type="text/javascript" src="{{base}}/Scripts/jquery-1.11.3.min.js"></script>
<style type="text/css">
{{css}}
</style>
<script type="text/javascript">
{{js}}
</script>
</head>
<body>
<div id="fb-root"></div>
<div class="top_bar"><div class="wrapper"><span class="today">{{today}}</span>
<a href="{{base}}/rss">RSS</a> <a href="{{base}}/lien-he">Liên hệ</a> <a href="{{base}}/dat-bao">Đặt báo</a></div></div>
<div id="header"><div class="wrapper">
<a class="logo" href="{{base}}/" title="Báo Lao động và Xã hội"><img src="{{base}}/Content/images/logo.png" alt="Báo Lao động và Xã hội" /></a>
<div class="banner_top"><a href="{{base}}/quang-cao"><img src="{{base}}/Uploaded/banner/top-728x90.jpg" alt="" /></a></div>
<form class="search" action="{{base}}/tim-kiem" method="get"><input type="text" name="q" placeholder="Tìm kiếm" /><button type="submit">Tìm</button></form>
</div></div>
<div id="menu"><div class="wrapper"><ul class="main_menu">
{{menu}}
</ul></div></div>
<div class="wrapper main_content">
""")

ARTICLE = Template("""<div class="breadcump">{{breadcrumb}}</div>
<div class="bread_right">{{bread_right}}</div>
<div class="clearfix"></div>
<div class="col660">
<div class="detail_news">
<h1><div class="title_detail_news">{{title}}</div></h1>
<div class="info_detail"><div class="time_detail_news">{{time}}</div>
<div class="share_detail"><a class="fb" href="https://www.facebook.com/sharer/sharer.php?u={{url}}" rel="nofollow">Chia sẻ</a> <a class="print" href="javascript:window.print()">In bài</a></div></div>
<div class="sapo_detail">{{sapo}}</div>
<div id="cotent_detail">
{{body}}
</div>
<div class="tag_detail"><span class="tag_title">TAG:</span> {{tags}}</div>
<div class="social_bottom"><div class="fb-like" data-href="{{url}}" data-layout="button_count"></div></div>
<div class="other_news"><div class="title_other"><span>Tin khác</span></div>
<ul>
{{others}}
</ul></div>
</div>
</div>
""")

LISTING = Template("""<div class="breadcump">{{breadcrumb}}</div>
<div class="clearfix"></div>
<div class="col660">
<div class="cate_title"><h1><a href="{{section_url}}">{{section}}</a></h1></div>
{{focus}}
<div class="list_news">
{{items}}
</div>
{{paging}}
</div>
""")

FOCUS = Template("""<div class="box_focus clearfix">
<div class="col420"><a class="thumb" href="{{url}}"><img src="{{image}}" alt="{{title}}" /></a>
<h2><a class="fontRobotoB f24" href="{{url}}">{{title}}</a></h2><p class="sapo">{{sapo}}</p></div>
<div class="col240">
{{side}}
</div>
</div>""")

FOCUS_SIDE = Template("""<div class="item"><a class="thumb" href="{{url}}"><img src="{{image}}" alt="{{title}}" /></a>
<h3><a class="fontRobotoB f16" href="{{url}}">{{title}}</a></h3></div>""")

HIGHLIGHT = Template("""<div class="box_tieudiem"><span class="label">Tiêu điểm</span> <a class="fontRobotoB f18" href="{{url}}">{{title}}</a></div>""")

ITEM = Template("""<div class="item_cate clearfix">
<a class="thumb" href="{{url}}"><img src="{{image}}" alt="{{title}}" width="220" height="140" /></a>
<div class="info_cate"><a class="fontRobotoB f18" href="{{url}}">{{title}}</a>
<div class="time">{{date}}</div>
<p>{{sapo}}</p></div>
</div>""")

SIDEBAR = Template("""<div class="col300">
<div class="banner_right"><a href="{{base}}/quang-cao"><img src="{{base}}/Uploaded/banner/right-300x250.jpg" alt="" /></a></div>
<div class="box_right"><div class="title_box"><span>Tin mới nhất</span></div><ul class="list_right">
{{latest}}
</ul></div>
<div class="box_right"><div class="title_box"><span>Đọc nhiều</span></div><ul class="list_right most_read">
{{most_read}}
</ul></div>
<div class="box_right"><div class="title_box"><span>Video - Ảnh</span></div><ul class="list_right media">
{{media}}
</ul></div>
<div class="banner_right"><a href="{{base}}/quang-cao"><img src="{{base}}/Uploaded/banner/right-300x600.jpg" alt="" /></a></div>
</div>
""")

SIDE_ITEM = Template("""<li><a class="thumb" href="{{url}}"><img src="{{image}}" alt="" /></a><a class="title" href="{{url}}">{{title}}</a></li>""")

FOOTER = Template("""<div class="clearfix"></div>
</div>
<div id="footer"><div class="wrapper">
<ul class="footer_menu">{{footer_menu}}</ul>
<div class="footer_info">
<p><strong>BÁO LAO ĐỘNG VÀ XÃ HỘI</strong> - Cơ quan của Bộ Lao động - Thương binh và Xã hội</p>
<p>Giấy phép hoạt động báo điện tử do Bộ Thông tin và Truyền thông cấp &middot; Tòa soạn: Hà Nội</p>
<p class="copyright">&copy; 2024 Báo Lao động và Xã hội. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p>
</div></div></div>
<script type="text/javascript">
(function(){var s=document.createElement('script');s.async=true;s.src='https://www.googletagmanager.com/gtag/js?id=UA-00000000-1';document.body.appendChild(s);})();
</script>
</body>
</html>
""")
