"""Page templates of the baohiemxahoi.gov.vn sample (a SharePoint portal). Data only.

Modelled on shared/sites.md: web parts with generated ids (``ctl00_ctl39_g_<guid>``), the title
in the page's only ``h1``, a day-first date line, the body in ``#contenttin`` wrapped in
``div.ExternalClass<hex>`` whose first ``p`` is the sapo, the author in ``p.tacgia``.
"""

from .markup import Template

# Portal menu: (label, path, children).
MENU = [
    ("Trang chủ", "/Pages/default.aspx", []),
    ("Giới thiệu", "/gioithieu/Pages/default.aspx", [("Chức năng nhiệm vụ", "/gioithieu/Pages/chuc-nang-nhiem-vu.aspx"),
                                                     ("Lịch sử phát triển", "/gioithieu/Pages/lich-su.aspx")]),
    ("Tin tức", "/tintuc/Pages/default.aspx", [
        ("Hoạt động hệ thống", "/tintuc/Pages/hoat-dong-he-thong-bao-hiem-xa-hoi.aspx?CateID=52"),
        ("Lĩnh vực BHXH", "/tintuc/Pages/linh-vuc-bao-hiem-xa-hoi.aspx?CateID=168"),
        ("Lĩnh vực BHYT", "/tintuc/Pages/linh-vuc-bao-hiem-y-te.aspx?CateID=169"),
        ("An sinh xã hội", "/tintuc/Pages/an-sinh-xa-hoi.aspx?CateID=170")]),
    ("Văn bản", "/vanban/Pages/default.aspx", [("Văn bản pháp luật", "/vanban/Pages/van-ban-phap-luat.aspx")]),
    ("Thủ tục hành chính", "/thutuchanhchinh/Pages/default.aspx", []),
    ("Dịch vụ công", "https://dichvucong.baohiemxahoi.gov.vn/", []),
    ("Hỏi đáp", "/hoidap/Pages/default.aspx", []),
    ("Video", "/video/Pages/default.aspx", []),
]

QUICK_LINKS = ["Tra cứu quá trình tham gia", "Tra cứu mã số BHXH", "Tra cứu cơ sở khám chữa bệnh",
               "Tra cứu đơn vị tham gia", "Tra cứu hộ gia đình", "Ứng dụng VssID"]

SCRIPTS = ["/_layouts/15/init.js?rev=ZqGp%2B8wVbM0Ug3Kp", "/_layouts/15/1066/initstrings.js?rev=2WxjgxyM2qXGgY9r",
           "/_layouts/15/ie55up.js?rev=hgLHgk6Xad9Xd3kc", "/_layouts/15/1066/strings.js?rev=yEQJ6hSxW6c9k1qX",
           "/_layouts/15/sp.res.resx?lcid=1066&ver=15.0.5537", "/_layouts/15/sp.init.js?rev=jvJC3Kl5gbORaLtf",
           "/_layouts/15/core.js?rev=GpU7vxyOqzS0F9OfEX3CCw", "/_layouts/15/menu.js?rev=cXv35JACAh0ZCqUwKU592w",
           "/Style Library/bhxh/js/jquery.min.js", "/Style Library/bhxh/js/bootstrap.min.js",
           "/Style Library/bhxh/js/main.js?v=2.1"]

HEAD = Template("""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html dir="ltr" lang="vi-VN">
<head><meta name="GENERATOR" content="Microsoft SharePoint" /><meta http-equiv="Content-type" content="text/html; charset=utf-8" /><meta http-equiv="X-UA-Compatible" content="IE=10" /><meta http-equiv="Expires" content="0" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="description" content="{{description}}" />
<meta property="og:title" content="{{title}}" />
<meta property="og:description" content="{{description}}" />
<meta property="og:url" content="{{url}}" />
<meta property="og:type" content="website" />
<title>
	{{title}}
</title>
<link rel="shortcut icon" href="/Style Library/bhxh/images/favicon.ico" type="image/vnd.microsoft.icon" />
<link rel="stylesheet" type="text/css" href="/_layouts/15/1066/styles/Themable/corev15.css?rev=OqAycmyMLoQIDkAlzHdMhQ%3D%3D"/>
<link rel="stylesheet" type="text/css" href="/Style Library/bhxh/css/bootstrap.min.css"/>
<link rel="stylesheet" type="text/css" href="/Style Library/bhxh/css/style.css?v=3.4"/>
{{scripts}}
<script type="text/javascript">
//<![CDATA[
var _spPageContextInfo = {webServerRelativeUrl: "\\u002ftintuc", webAbsoluteUrl: "{{base}}\\u002ftintuc", siteAbsoluteUrl: "{{base}}", serverRequestPath: "{{request_path}}", layoutsUrl: "_layouts\\u002f15", webTitle: "Tin tức", webLanguage: 1066, currentLanguage: 1066, currentUICultureName: "vi-VN", currentCultureName: "vi-VN", pageListId: "{{list_id}}", pageItemId: {{page_item}}, alertsEnabled: false, siteClientTag: "0$$15.0.5537.1000"};
{{js}}
//]]>
</script>
<style type="text/css">
{{css}}
</style>
</head>
<body>
<div id="imgPrefetch" style="display:none">
<img src="/_layouts/15/images/spcommon.png?rev=23" />
<img src="/_layouts/15/images/spcommon.png?rev=23" />
</div>
<form method="post" action="{{form_action}}" onsubmit="javascript:return WebForm_OnSubmit();" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="_wpcmWpid" id="_wpcmWpid" value="" />
<input type="hidden" name="wpcmVal" id="wpcmVal" value="" />
<input type="hidden" name="MSOWebPartPage_PostbackSource" id="MSOWebPartPage_PostbackSource" value="" />
<input type="hidden" name="MSOTlPn_SelectedWpId" id="MSOTlPn_SelectedWpId" value="" />
<input type="hidden" name="__REQUESTDIGEST" id="__REQUESTDIGEST" value="{{digest}}" />
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{{viewstate}}" />
</div>
<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['aspnetForm'];
if (!theForm) { theForm = document.aspnetForm; }
function __doPostBack(eventTarget, eventArgument) { if (!theForm.onsubmit || (theForm.onsubmit() != false)) { theForm.__EVENTTARGET.value = eventTarget; theForm.__EVENTARGUMENT.value = eventArgument; theForm.submit(); } }
//]]>
</script>
<div id="s4-workspace"><div id="s4-bodyContainer">
<div class="header-top"><div class="container">
<a class="logo" href="/Pages/default.aspx"><img src="/Style Library/bhxh/images/logo.png" alt="Bảo hiểm xã hội Việt Nam" /></a>
<div class="header-title"><span class="name">BẢO HIỂM XÃ HỘI VIỆT NAM</span><span class="slogan">Vietnam Social Security</span></div>
<div class="search-box"><input name="ctl00$txtSearch" type="text" id="ctl00_txtSearch" placeholder="Tìm kiếm..." /><a id="ctl00_btnSearch" href="javascript:__doPostBack('ctl00$btnSearch','')">Tìm</a></div>
</div></div>
<div class="menu-top"><div class="container"><ul class="nav-main">
{{menu}}
</ul></div></div>
<div class="container main-content"><div class="row">
<div class="col-md-8 col-left">
""")

ARTICLE = Template("""<div id="{{wp_id}}" class="ms-webpart-zone ms-fullWidth"><div class="ms-webpart-chrome ms-webpart-chrome-fullWidth">
<div class="breadcrumb-news"><a href="/Pages/default.aspx">Trang chủ</a> &gt; <a href="/tintuc/Pages/default.aspx">Tin tức</a> &gt; <a href="{{category_url}}">{{category}}</a></div>
<div id="{{wp_title}}" class="news-detail">
<div class="title-news"><h1>{{title}}</h1></div>
<div class="date-news"><span id="{{wp_date}}">{{date_line}}</span></div>
<div class="share-news"><a href="https://www.facebook.com/sharer/sharer.php?u={{url}}" target="_blank">Chia sẻ</a> <a href="javascript:window.print();">In</a></div>
<div id="contenttin">
<div class="ExternalClass{{external}}">
{{body}}
</div>
<p class="tacgia">{{author}}</p>
</div>
</div>
<div class="other-news"><h3 class="title-other">Các tin khác</h3><ul>
{{others}}
</ul></div>
</div></div>
""")

LISTING = Template("""<div id="{{wp_id}}" class="ms-webpart-zone ms-fullWidth"><div class="ms-webpart-chrome ms-webpart-chrome-fullWidth">
<div class="title-cate"><h2><a href="{{section_url}}">{{section}}</a></h2></div>
<div class="list-news">
{{items}}
</div>
{{paging}}
</div></div>
""")

ITEM = Template("""<div class="item-news clearfix{{extra_class}}">
<div class="img-news"><a href="{{url}}"><img src="{{image}}" alt="{{title}}" /></a></div>
<div class="content-news"><h3><a href="{{url}}">{{title}}</a></h3>
<p class="date-news">{{date}}</p>
<p class="sapo-news">{{sapo}}</p></div>
</div>""")

SIDEBAR = Template("""</div>
<div class="col-md-4 col-right">
<div id="{{wp_side}}" class="ms-webpart-zone"><div class="box-right"><h3 class="title-box">Tin nổi bật</h3><ul class="list-hot">
{{hot}}
</ul></div></div>
<div class="box-right"><h3 class="title-box">Video</h3><ul class="list-video">
{{media}}
</ul></div>
<div class="box-right"><h3 class="title-box">Tra cứu trực tuyến</h3><ul class="list-link">
{{quick}}
</ul></div>
<div class="banner-right"><a href="https://vssid.baohiemxahoi.gov.vn/"><img src="/Style Library/bhxh/images/banner-vssid.jpg" alt="VssID" /></a></div>
</div>
</div></div>
""")

FOOTER = Template("""<div class="footer"><div class="container">
<p><strong>BẢO HIỂM XÃ HỘI VIỆT NAM</strong></p>
<p>Cổng thông tin điện tử Bảo hiểm xã hội Việt Nam &middot; Hà Nội</p>
<p class="copyright">&copy; 2025 Bản quyền thuộc Bảo hiểm xã hội Việt Nam. Ghi rõ nguồn khi phát hành lại thông tin từ Cổng thông tin điện tử này.</p>
</div></div>
</div></div>
<script type="text/javascript">
//<![CDATA[
var _spFormDigestRefreshInterval = 1440000;
function WebForm_OnSubmit() { UpdateFormDigest('\\u002ftintuc', 1440000); return true; }
ExecuteOrDelayUntilScriptLoaded(function(){ var ctx = new SP.ClientContext.get_current(); }, 'sp.js');
//]]>
</script>
</form>
</body>
</html>
""")
