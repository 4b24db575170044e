"""Word lists and sentence templates for the sample articles (data only, no logic).

All text here was written for this project. Templates use ``{slot}`` fields filled by
:mod:`ansinh.samples.text`: ``{P}`` province, ``{G}`` beneficiary group, ``{A}`` agency,
``{PR}`` programme, ``{N}``/``{N2}`` counts, ``{SN}`` small count, ``{M}`` amount of money,
``{SM}``/``{SM2}`` small amounts, ``{PCT}`` percentage, ``{PCTH}`` a high one, ``{Y}`` year, ``{MONTH}`` month,
``{Q}`` number of months, ``{D}`` a day-first date before publication, ``{OFF}`` an official
("ông Nguyễn Văn Hùng"), ``{POS}`` a position.
"""

# "Đắk Nông" is kept out of this pool on purpose: exactly one article per site carries it in
# its title (a search test counts it). "Đắk Lắk" is out too, so that a token search for
# "Đắk" + "Nông" cannot match "Đắk Lắk … nông thôn" elsewhere.
DAK_NONG = "Đắk Nông"

PROVINCES = [
    "Hà Nội", "TP Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Ninh Thuận", "Đồng Nai",
    "Bình Thuận", "Quảng Nam", "Quảng Ngãi", "Bắc Giang", "Bắc Ninh", "Thanh Hóa", "Nghệ An",
    "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế", "Khánh Hòa", "Phú Yên", "Bình Định",
    "Gia Lai", "Kon Tum", "Lâm Đồng", "Bình Phước", "Tây Ninh", "Bình Dương", "Long An",
    "Tiền Giang", "Bến Tre", "Vĩnh Long", "Trà Vinh", "Sóc Trăng", "An Giang", "Kiên Giang",
    "Hậu Giang", "Bạc Liêu", "Cà Mau", "Đồng Tháp", "Hà Giang", "Cao Bằng", "Lào Cai",
    "Lai Châu", "Điện Biên", "Sơn La", "Yên Bái", "Tuyên Quang", "Thái Nguyên", "Lạng Sơn",
    "Quảng Ninh", "Phú Thọ", "Vĩnh Phúc", "Hòa Bình", "Hưng Yên", "Hải Dương", "Thái Bình",
    "Nam Định", "Ninh Bình", "Hà Nam", "Bắc Kạn", "Bà Rịa - Vũng Tàu",
]

GROUPS = [
    "hộ nghèo", "hộ cận nghèo", "người cao tuổi", "người khuyết tật",
    "trẻ em có hoàn cảnh đặc biệt khó khăn", "người có công với cách mạng",
    "lao động mất việc làm", "lao động tự do", "đồng bào dân tộc thiểu số",
    "công nhân lao động", "thân nhân liệt sĩ", "học sinh nghèo vượt khó",
    "phụ nữ đơn thân", "lao động nông thôn", "người hưởng lương hưu", "hộ mới thoát nghèo",
]

AGENCIES = [
    "Sở Lao động - Thương binh và Xã hội", "UBND tỉnh", "Bảo hiểm xã hội tỉnh",
    "Ngân hàng Chính sách xã hội chi nhánh tỉnh", "Liên đoàn Lao động tỉnh",
    "Ủy ban MTTQ Việt Nam tỉnh", "Hội Chữ thập đỏ tỉnh", "Trung tâm Dịch vụ việc làm",
    "Phòng Lao động - Thương binh và Xã hội huyện", "Hội Liên hiệp Phụ nữ tỉnh",
    "Tỉnh đoàn", "Bưu điện tỉnh", "Hội Nông dân tỉnh", "Ban Dân tộc tỉnh",
]

PROGRAMMES = [
    "Chương trình mục tiêu quốc gia giảm nghèo bền vững", "chính sách bảo hiểm xã hội tự nguyện",
    "chính sách bảo hiểm thất nghiệp", "chương trình xóa nhà tạm, nhà dột nát",
    "Quỹ “Vì người nghèo”", "chương trình tín dụng chính sách xã hội",
    "chính sách trợ giúp xã hội hằng tháng", "chính sách hỗ trợ tiền thuê nhà cho công nhân",
    "đề án hỗ trợ đào tạo nghề cho lao động nông thôn", "chính sách ưu đãi người có công",
    "chương trình bảo hiểm y tế học sinh, sinh viên", "kế hoạch chăm lo Tết cho người nghèo",
]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
            "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MALE_MIDDLE = ["Văn", "Minh", "Quốc", "Thanh", "Hữu", "Đức", "Công", "Xuân"]
FEMALE_MIDDLE = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mai", "Hồng", "Bích"]
MALE_GIVEN = ["Hùng", "Tuấn", "Dũng", "Hải", "Nam", "Bình", "Thắng", "Sơn", "Long", "Quang",
              "Khánh", "Tâm", "Phúc", "Toàn", "Hiếu", "Trung"]
FEMALE_GIVEN = ["Lan", "Hương", "Hà", "Phương", "Linh", "Trang", "Hạnh", "Yến", "Thảo", "Nga",
                "Hoa", "Dung", "Loan", "Vân", "Thủy", "Huyền"]

POSITIONS = [
    "Giám đốc Sở Lao động - Thương binh và Xã hội", "Phó Chủ tịch UBND tỉnh",
    "Giám đốc Bảo hiểm xã hội tỉnh", "Chủ tịch Liên đoàn Lao động tỉnh",
    "Trưởng phòng Bảo trợ xã hội", "Giám đốc Trung tâm Dịch vụ việc làm",
    "Chủ tịch UBND huyện", "Phó Giám đốc Ngân hàng Chính sách xã hội chi nhánh tỉnh",
    "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", "Trưởng phòng Lao động - Thương binh và Xã hội huyện",
]

# Bylines as the papers print them (pen names, not full names).
AUTHORS = [
    "Minh Phương", "Thu Hằng", "Quang Huy", "Hoàng Lâm", "Ngọc Ánh", "Đức Văn", "Thanh Tùng",
    "Bảo Trâm", "Hải Yến", "Trúc Mai", "Phạm Tuấn", "Nguyễn Duy", "Lê Hiếu", "Khánh Vy",
    "Anh Thư", "Hà Anh", "Việt Hưng", "Tâm An", "Kim Oanh", "Trọng Nghĩa",
]
BHXH_AUTHORS = ["PV", "PV", "Minh Hải", "Thu Trang", "Hồng Nhung", "Văn Thắng", "Lan Anh"]

SOURCES = ["VTV", "Chinhphu.vn", "TTXVN", "VOV", "Báo Nhân Dân", "Cổng thông tin Bộ Nội vụ"]

# (headline, tags). Titles get a province in front ("Ninh Thuận: …") or after ("… tại Ninh Thuận").
HEADLINES = [
    ("Hỗ trợ hơn {N} hộ nghèo thoát nghèo bền vững", ["giảm nghèo bền vững", "hộ nghèo"]),
    ("Chi trả lương hưu, trợ cấp bảo hiểm xã hội tháng {MONTH} qua tài khoản", ["lương hưu", "bảo hiểm xã hội"]),
    ("Trao {SN} căn nhà Đại đoàn kết cho hộ nghèo", ["nhà Đại đoàn kết", "hộ nghèo"]),
    ("Giải quyết việc làm cho hơn {N} lao động", ["việc làm", "người lao động"]),
    ("Phát triển người tham gia bảo hiểm xã hội tự nguyện", ["bảo hiểm xã hội tự nguyện"]),
    ("Tăng cường kiểm tra việc chấp hành pháp luật về bảo hiểm xã hội", ["bảo hiểm xã hội", "thanh tra"]),
    ("Hơn {N} lao động được hưởng trợ cấp thất nghiệp", ["bảo hiểm thất nghiệp"]),
    ("Xóa nhà tạm, nhà dột nát cho {SN} hộ gia đình khó khăn", ["xóa nhà tạm", "an sinh xã hội"]),
    ("Chăm lo Tết cho người có công và hộ nghèo", ["người có công", "chăm lo Tết"]),
    ("Tặng quà {SN} người cao tuổi có hoàn cảnh khó khăn", ["người cao tuổi"]),
    ("Nâng mức trợ cấp xã hội hằng tháng cho đối tượng bảo trợ", ["trợ cấp xã hội", "bảo trợ xã hội"]),
    ("Vay vốn ưu đãi giúp hộ cận nghèo phát triển sinh kế", ["tín dụng chính sách", "hộ cận nghèo"]),
    ("Đào tạo nghề cho {N} lao động nông thôn", ["đào tạo nghề", "lao động nông thôn"]),
    ("Ngày hội việc làm thu hút hàng nghìn người tìm việc", ["ngày hội việc làm", "việc làm"]),
    ("Rà soát hộ nghèo, hộ cận nghèo năm {Y}", ["rà soát hộ nghèo"]),
    ("Cấp thẻ bảo hiểm y tế miễn phí cho {N} người", ["bảo hiểm y tế"]),
    ("Hỗ trợ tiền thuê nhà cho công nhân lao động", ["công nhân", "hỗ trợ tiền thuê nhà"]),
    ("Đẩy mạnh đưa người lao động đi làm việc ở nước ngoài", ["lao động ngoài nước"]),
    ("Bảo đảm an sinh xã hội cho người dân vùng lũ", ["an sinh xã hội", "thiên tai"]),
    ("Học bổng tiếp sức đến trường cho học sinh nghèo", ["học bổng", "trẻ em"]),
    ("Quyết liệt giảm tình trạng nợ đóng bảo hiểm xã hội", ["nợ đóng bảo hiểm xã hội"]),
    ("Người khuyết tật được hỗ trợ học nghề, tạo việc làm", ["người khuyết tật", "việc làm"]),
    ("Tổng kết chương trình giảm nghèo bền vững giai đoạn {PERIOD}", ["giảm nghèo bền vững"]),
    ("Nhiều doanh nghiệp tăng lương, thưởng cho người lao động", ["tiền lương", "người lao động"]),
    ("Lương tối thiểu vùng tăng: doanh nghiệp và người lao động cần biết gì", ["lương tối thiểu vùng"]),
    ("Mô hình sinh kế giúp đồng bào dân tộc thiểu số thoát nghèo", ["sinh kế", "dân tộc thiểu số"]),
    ("Trẻ em mồ côi được nhận đỡ đầu đến năm 18 tuổi", ["trẻ em mồ côi"]),
    ("Nhân rộng chi trả trợ cấp không dùng tiền mặt", ["chi trả không dùng tiền mặt"]),
    ("Đưa chính sách bảo hiểm xã hội đến từng thôn, bản", ["bảo hiểm xã hội", "tuyên truyền"]),
    ("Gần {N} người được điều chỉnh lương hưu từ tháng {MONTH}", ["lương hưu"]),
    ("Thăm, tặng quà gia đình chính sách nhân ngày Thương binh - Liệt sĩ", ["người có công"]),
    ("Quỹ Vì người nghèo tiếp nhận {M}", ["Quỹ Vì người nghèo"]),
    ("Lao động mất việc được tư vấn, giới thiệu việc làm mới", ["việc làm", "lao động mất việc"]),
    ("Phấn đấu giảm tỷ lệ hộ nghèo xuống dưới {PCT} trong năm {Y}", ["giảm nghèo", "hộ nghèo"]),
    ("Giải ngân {M} vốn tín dụng chính sách", ["tín dụng chính sách"]),
    ("Kiểm tra công tác chăm sóc tại các cơ sở bảo trợ xã hội", ["bảo trợ xã hội"]),
    ("Hỗ trợ gạo cứu đói cho người dân dịp giáp hạt", ["hỗ trợ gạo", "cứu đói"]),
    ("Ký kết phối hợp thực hiện chính sách an sinh xã hội", ["an sinh xã hội"]),
    ("Lao động tự do hào hứng tham gia bảo hiểm xã hội tự nguyện", ["bảo hiểm xã hội tự nguyện"]),
    ("Nâng chất lượng chi trả lương hưu tại điểm bưu điện", ["lương hưu", "bưu điện"]),
]

# Headlines of other newsrooms' sections: the off-section pages a crawler must not archive.
OTHER_HEADLINES = [
    "Giá vàng trong nước quay đầu giảm sau chuỗi ngày tăng mạnh",
    "Hội nghị thượng đỉnh khu vực bàn về an ninh năng lượng",
    "Đội tuyển bóng đá nữ tập trung chuẩn bị cho vòng loại",
    "Thị trường bất động sản phía Nam có dấu hiệu phục hồi",
    "Mưa lớn diện rộng ở các tỉnh miền Trung trong nhiều ngày tới",
    "Ngành du lịch đón lượng khách quốc tế cao kỷ lục",
    "Xuất khẩu nông sản tăng trưởng nhờ thị trường mới",
    "Giải chạy đường dài thu hút hàng nghìn vận động viên",
    "Ngân hàng đồng loạt điều chỉnh lãi suất huy động",
    "Lễ hội văn hóa các dân tộc diễn ra sôi nổi vùng cao",
]

SAPOS = [
    "Năm {Y}, {A} {P} đã hỗ trợ {N} {G}, góp phần bảo đảm an sinh xã hội trên địa bàn.",
    "Với nhiều giải pháp đồng bộ, {P} đặt mục tiêu đưa {PR} đến gần hơn với {G}.",
    "Sáng {D}, {A} {P} tổ chức hội nghị triển khai {PR} với sự tham gia của các sở, ngành và địa phương.",
    "Thời gian qua, việc thực hiện {PR} tại {P} đã mang lại nhiều kết quả tích cực, giúp {G} ổn định cuộc sống.",
    "Theo {A} {P}, trong {Q} tháng đầu năm, địa phương đã dành {M} để chăm lo cho {G}.",
    "Nhằm kịp thời hỗ trợ {G}, {P} vừa ban hành kế hoạch triển khai {PR} với nhiều điểm mới.",
    "Dù còn nhiều khó khăn, công tác chăm lo cho {G} ở {P} luôn được cấp ủy, chính quyền quan tâm.",
    "Hơn {N} {G} tại {P} đã được tiếp cận {PR} sau {Q} tháng triển khai.",
]

# Body sentences. Paragraphs draw 3 to 5 of them without repetition inside one article.
SENTENCES = [
    "Theo báo cáo của {A}, đến nay toàn tỉnh có {N} {G} đã được hỗ trợ từ {PR}.",
    "Tổng kinh phí thực hiện trong năm {Y} ước đạt {M}, trong đó ngân sách địa phương chiếm khoảng {PCT}.",
    "Tỷ lệ hộ nghèo trên địa bàn giảm còn {PCT}, vượt chỉ tiêu Nghị quyết Hội đồng nhân dân tỉnh đề ra.",
    "Nhiều địa phương đã chủ động rà soát, lập danh sách {G} để kịp thời hỗ trợ, không để ai bị bỏ lại phía sau.",
    "Công tác chi trả được thực hiện công khai, minh bạch, đúng đối tượng và đúng thời gian quy định.",
    "Bên cạnh những kết quả đạt được, việc triển khai {PR} vẫn còn một số khó khăn, vướng mắc.",
    "Nguồn lực dành cho công tác này chủ yếu vẫn dựa vào ngân sách nhà nước, việc huy động xã hội hóa còn hạn chế.",
    "{OFF}, {POS}, cho biết: “Chúng tôi xác định chăm lo cho {G} là nhiệm vụ thường xuyên, lâu dài của cả hệ thống chính trị.”",
    "Theo {OFF}, {POS}, thời gian tới đơn vị sẽ tiếp tục phối hợp với {A} để tháo gỡ vướng mắc cho người dân.",
    "Trong {Q} tháng đầu năm, {A} đã giới thiệu việc làm cho {N} lượt người, trong đó hơn {N2} người tìm được việc làm ổn định.",
    "Số người tham gia bảo hiểm xã hội tự nguyện tăng {PCT} so với cùng kỳ năm trước.",
    "Mức hỗ trợ dao động từ {SM} đến {SM2} mỗi người, tùy theo từng nhóm đối tượng.",
    "Đến nay, {SN} căn nhà cho hộ nghèo, hộ cận nghèo đã được khởi công, nhiều căn đã hoàn thành và bàn giao cho người dân.",
    "Ngày {D}, đoàn công tác của {A} đã đến thăm, tặng quà và động viên {G} tại các xã vùng sâu, vùng xa.",
    "Mỗi suất quà gồm tiền mặt và nhu yếu phẩm, tổng trị giá {SM}.",
    "Người dân phấn khởi khi được tiếp cận chính sách một cách nhanh chóng, thuận tiện.",
    "Việc ứng dụng công nghệ thông tin giúp rút ngắn thời gian giải quyết hồ sơ, giảm phiền hà cho người lao động.",
    "Toàn tỉnh hiện có {N} người đang hưởng trợ cấp xã hội hằng tháng tại cộng đồng.",
    "Tỷ lệ bao phủ bảo hiểm y tế đạt {PCTH} dân số, cao hơn mức bình quân chung của cả nước.",
    "Một số doanh nghiệp còn chậm đóng bảo hiểm xã hội, ảnh hưởng trực tiếp đến quyền lợi của người lao động.",
    "Cơ quan chức năng đã thanh tra, kiểm tra {SN} đơn vị sử dụng lao động, kiến nghị thu hồi {M} tiền nợ đóng.",
    "Ngân hàng Chính sách xã hội đã giải ngân {M} cho vay ưu đãi, giúp hàng nghìn hộ có vốn sản xuất, kinh doanh.",
    "Nhiều mô hình sinh kế như chăn nuôi bò sinh sản, trồng cây ăn quả, nuôi ong lấy mật đã phát huy hiệu quả.",
    "Nhờ được hỗ trợ con giống và kỹ thuật, gia đình anh chị đã có thu nhập ổn định và thoát nghèo sau {SN} năm.",
    "Bà con mong muốn tiếp tục được hỗ trợ vốn, kỹ thuật và đầu ra cho sản phẩm để giảm nghèo bền vững.",
    "{OFF}, {POS}, nhấn mạnh các cấp, các ngành cần vào cuộc quyết liệt hơn nữa.",
    "Công tác tuyên truyền được đẩy mạnh qua hệ thống loa truyền thanh, mạng xã hội và các buổi đối thoại tại cơ sở.",
    "Đội ngũ cán bộ làm công tác xã hội cấp xã còn mỏng, phải kiêm nhiệm nhiều việc.",
    "Tỉnh đã chi {M} để hỗ trợ người lao động bị giảm giờ làm, ngừng việc do doanh nghiệp thiếu đơn hàng.",
    "Trung tâm Dịch vụ việc làm tổ chức {SN} phiên giao dịch việc làm, thu hút {N} lượt người tham gia.",
    "Nhiều lao động sau khi học nghề đã được doanh nghiệp tiếp nhận với mức lương từ {SM} mỗi tháng.",
    "Số người hưởng trợ cấp thất nghiệp tăng so với cùng kỳ, chủ yếu ở các ngành dệt may, da giày và chế biến gỗ.",
    "Cơ quan bảo hiểm xã hội khuyến cáo người lao động cân nhắc kỹ trước khi nhận bảo hiểm xã hội một lần.",
    "Lương hưu là nguồn thu nhập ổn định, giúp người lao động bảo đảm cuộc sống khi về già.",
    "Hiện toàn tỉnh có {N} người nhận lương hưu và trợ cấp bảo hiểm xã hội qua tài khoản cá nhân.",
    "Việc chi trả không dùng tiền mặt giúp người thụ hưởng chủ động thời gian nhận tiền, giảm rủi ro khi mang tiền mặt.",
    "Với người cao tuổi ở vùng sâu, nhân viên bưu điện vẫn chi trả tận nhà cho những trường hợp không thể đi lại.",
    "Địa phương đặt mục tiêu đến năm {Y} không còn hộ gia đình người có công phải ở nhà tạm, nhà dột nát.",
    "Các phong trào “Đền ơn đáp nghĩa”, “Uống nước nhớ nguồn” được các tầng lớp nhân dân hưởng ứng rộng rãi.",
    "Mỗi dịp lễ, Tết, các cơ quan, đơn vị đều tổ chức thăm hỏi, tặng quà gia đình chính sách.",
    "Trẻ em có hoàn cảnh đặc biệt khó khăn được hỗ trợ học bổng, xe đạp và đồ dùng học tập để tiếp tục đến trường.",
    "Người khuyết tật được tạo điều kiện học nghề phù hợp, từng bước hòa nhập cộng đồng.",
    "Quỹ “Vì người nghèo” các cấp đã tiếp nhận {M} tiền ủng hộ từ các tổ chức, cá nhân trong và ngoài tỉnh.",
    "Nguồn quỹ được sử dụng để xây nhà, hỗ trợ sinh kế và chăm lo cho {G} trong những lúc khó khăn.",
    "Các huyện miền núi vẫn là địa bàn có tỷ lệ hộ nghèo cao, điều kiện sản xuất còn nhiều khó khăn.",
    "Thu nhập bình quân của người dân vùng đồng bào dân tộc thiểu số đã tăng lên đáng kể so với đầu giai đoạn.",
    "Chính quyền cơ sở đã phân công cán bộ phụ trách từng hộ, theo dõi sát tình hình đời sống của người dân.",
    "Theo kế hoạch, giai đoạn {PERIOD} tỉnh sẽ tập trung nguồn lực cho các xã đặc biệt khó khăn.",
    "Hội nghị cũng đã thảo luận các giải pháp huy động nguồn lực xã hội hóa cho công tác an sinh.",
    "Các đại biểu kiến nghị sớm sửa đổi một số quy định để việc hỗ trợ được thực hiện thuận lợi hơn.",
    "Công đoàn các cấp đã hỗ trợ {N} đoàn viên có hoàn cảnh khó khăn, tổng số tiền hơn {M}.",
    "Chương trình “Tết Sum vầy” năm nay dành hàng nghìn suất quà và vé xe miễn phí cho công nhân về quê đón Tết.",
    "Nhiều doanh nghiệp đã cam kết ưu tiên tuyển dụng lao động địa phương, bảo đảm đầy đủ chế độ theo quy định.",
    "Tiền lương bình quân của người lao động trong doanh nghiệp tăng khoảng {PCT} so với năm trước.",
    "Tại các khu nhà trọ, nhiều công nhân đã nhận được tiền hỗ trợ thuê nhà trong thời gian ngắn.",
    "Người dân có thể tra cứu quá trình tham gia bảo hiểm xã hội trên ứng dụng điện thoại.",
    "Đợt này, {SN} hộ gia đình bị ảnh hưởng bởi thiên tai đã được hỗ trợ gạo và kinh phí sửa chữa nhà ở.",
    "Cơ quan chức năng lưu ý các đối tượng không cung cấp thông tin cá nhân cho người lạ để tránh bị lừa đảo.",
    "Sở Lao động - Thương binh và Xã hội đã ban hành văn bản hướng dẫn các địa phương triển khai thực hiện.",
    "Việc rà soát được tiến hành từ thôn, bản với sự tham gia giám sát của Ban Công tác Mặt trận.",
    "Kết quả rà soát sẽ là cơ sở để thực hiện các chính sách hỗ trợ trong năm tiếp theo.",
    "Đại diện lãnh đạo tỉnh ghi nhận sự nỗ lực của các ngành và sự đồng hành của cộng đồng doanh nghiệp.",
    "Nhiều gia đình đã tự nguyện đăng ký thoát nghèo, không muốn tiếp tục nhận hỗ trợ của Nhà nước.",
    "Đây là minh chứng cho hiệu quả của các chính sách giảm nghèo khi được thực hiện đúng hướng.",
    "Tuy nhiên, nguy cơ tái nghèo vẫn còn, nhất là với những hộ không có lao động hoặc có người ốm đau dài ngày.",
    "Lãnh đạo địa phương đề nghị cấp trên tiếp tục quan tâm bố trí vốn cho các công trình hạ tầng thiết yếu.",
    "Từ đầu năm, toàn tỉnh đã phát triển thêm {N} người tham gia bảo hiểm xã hội bắt buộc.",
    "Cơ quan bảo hiểm xã hội phối hợp với bưu điện mở các điểm thu tại chợ, nhà văn hóa để người dân dễ tham gia.",
    "Người tham gia bảo hiểm xã hội tự nguyện được Nhà nước hỗ trợ một phần tiền đóng theo tỷ lệ quy định.",
    "Trong năm {Y}, tỉnh phấn đấu tạo việc làm mới cho ít nhất {N} lao động.",
]

CAPTIONS = [
    "{OFF}, {POS}, phát biểu tại hội nghị",
    "Đại diện {A} trao quà cho {G}",
    "Người dân làm thủ tục tại bộ phận một cửa",
    "Lãnh đạo tỉnh thăm hỏi, động viên {G}",
    "Ngôi nhà mới được bàn giao cho hộ nghèo",
    "Người lao động tìm hiểu thông tin tại phiên giao dịch việc làm",
    "Nhân viên bưu điện chi trả lương hưu cho người cao tuổi",
    "Các đại biểu ký kết chương trình phối hợp",
    "Mô hình chăn nuôi giúp gia đình có thu nhập ổn định (Ảnh minh họa)",
    "Quang cảnh hội nghị",
]
