"""Content of the demo consultative body (武汉市汉阳区政协).

Everything the demo installation shows - the body, its term and sessions, sectors,
special committees, handling units, people, proposals, consultation topics, research
visits, meetings, speeches, minutes and results - is defined here as plain Python data
(dicts, lists, str, int, bool, None and datetime.date), so the app never reads any
file outside the package at run time.

The material was written from the facts of a 2020 newspaper page on grassroots
consultation (a district standing-committee deliberation on grassroots governance with
six member speeches, topic-selection research for "协商在基层", a special consultation
on a five-year plan, a key-proposal supervision meeting on ecological protection,
"有事好商量" consultation rooms, business environment for private firms, a community's
consultation channels). Bodies, places, topics, meeting forms and kinds of speakers
follow the page, moved to 2026 and to 汉阳区; all texts are newly written and every
person is invented: no one named on the page appears here.

Demo "today" is 2026-11-27; the current session is 第十二届第五次会议 (January 2026).
Usernames are pinyin of the (invented) names; all demo passwords are set elsewhere.
"""

from datetime import date

# The consultative body this demo installation serves.
BODY = {
    "name": "武汉市汉阳区政协",
    "short_name": "汉阳区政协",
    "full_name": "中国人民政治协商会议武汉市汉阳区委员会",
}


# The current term: five years, one plenary session a year.
TERM = {"number": 12, "name": "第十二届", "start_year": 2022, "end_year": 2026}


# Plenary sessions of the term, each opened in January; the last is current.
# filing_deadline is the cut-off for plenary proposals (大会提案).
SESSIONS = [
    {
        "number": 1,
        "name": "第十二届第一次会议",
        "year": 2022,
        "opens_on": date(2022, 1, 5),
        "filing_deadline": date(2022, 1, 6),
        "is_current": False,
    },
    {
        "number": 2,
        "name": "第十二届第二次会议",
        "year": 2023,
        "opens_on": date(2023, 1, 4),
        "filing_deadline": date(2023, 1, 5),
        "is_current": False,
    },
    {
        "number": 3,
        "name": "第十二届第三次会议",
        "year": 2024,
        "opens_on": date(2024, 1, 8),
        "filing_deadline": date(2024, 1, 9),
        "is_current": False,
    },
    {
        "number": 4,
        "name": "第十二届第四次会议",
        "year": 2025,
        "opens_on": date(2025, 1, 7),
        "filing_deadline": date(2025, 1, 8),
        "is_current": False,
    },
    {
        "number": 5,
        "name": "第十二届第五次会议",
        "year": 2026,
        "opens_on": date(2026, 1, 8),
        "filing_deadline": date(2026, 1, 9),
        "is_current": True,
    },
]


# Sectors (界别) members belong to.
SECTORS = [
    "中共",
    "民革",
    "民盟",
    "民建",
    "民进",
    "农工党",
    "九三学社",
    "无党派人士",
    "工商联",
    "经济界",
    "教育界",
    "科技界",
    "医药卫生界",
    "文化艺术界",
    "社会福利和社会保障界",
]


# Special committees (专门委员会).
COMMITTEES = [
    "提案委员会",
    "经济委员会",
    "社会和法制委员会",
    "人口资源环境委员会",
    "教科卫体委员会",
    "文化文史和学习委员会",
]


# Handling units (承办单位) of the district; contact persons are invented,
# phone numbers are placeholders.
UNITS = [
    {
        "name": "区发展和改革局",
        "short_name": "区发改局",
        "contact_person": "江一鸣",
        "phone": "027-84560101",
    },
    {
        "name": "区财政局",
        "short_name": "区财政局",
        "contact_person": "付佳",
        "phone": "027-84560102",
    },
    {
        "name": "区教育局",
        "short_name": "区教育局",
        "contact_person": "汤晓雯",
        "phone": "027-84560103",
    },
    {
        "name": "区民政局",
        "short_name": "区民政局",
        "contact_person": "顾振宇",
        "phone": "027-84560104",
    },
    {
        "name": "区卫生健康局",
        "short_name": "区卫健局",
        "contact_person": "闵慧",
        "phone": "027-84560105",
    },
    {
        "name": "区医疗保障局",
        "short_name": "区医保局",
        "contact_person": "苏婷",
        "phone": "027-84560106",
    },
    {
        "name": "区住房和城乡建设局",
        "short_name": "区住建局",
        "contact_person": "葛磊",
        "phone": "027-84560107",
    },
    {
        "name": "武汉市生态环境局汉阳分局",
        "short_name": "生态环境汉阳分局",
        "contact_person": "焦阳",
        "phone": "027-84560108",
    },
    {
        "name": "区水务和湖泊局",
        "short_name": "区水务湖泊局",
        "contact_person": "易航",
        "phone": "027-84560109",
    },
    {
        "name": "区城市管理执法局",
        "short_name": "区城管执法局",
        "contact_person": "汪海",
        "phone": "027-84560110",
    },
    {
        "name": "区市场监督管理局",
        "short_name": "区市场监管局",
        "contact_person": "段雪",
        "phone": "027-84560111",
    },
    {
        "name": "区农业农村局",
        "short_name": "区农业农村局",
        "contact_person": "廖春生",
        "phone": "027-84560112",
    },
    {
        "name": "区政务服务和大数据管理局",
        "short_name": "区政务服务局",
        "contact_person": "贺子健",
        "phone": "027-84560113",
    },
    {
        "name": "区文化和旅游局",
        "short_name": "区文旅局",
        "contact_person": "白羽",
        "phone": "027-84560114",
    },
    {
        "name": "区委政法委员会",
        "short_name": "区委政法委",
        "contact_person": "任远",
        "phone": "027-84560115",
    },
]


# Chair and vice-chairs (invented people).
LEADERS = [
    {"username": "niewenhua", "name": "聂文华", "title": "主席"},
    {"username": "yuhong", "name": "喻红", "title": "副主席"},
    {"username": "zhongwei", "name": "钟伟", "title": "副主席"},
    {"username": "qixiaomei", "name": "祁晓梅", "title": "副主席"},
]


# Staff of the proposal committee office (invented people).
SECRETARIAT = [
    {"username": "hanbing", "name": "韩冰", "title": "提案委员会办公室主任"},
    {"username": "shilei", "name": "石磊", "title": "提案委员会办公室副主任"},
]


# Members (委员). Names, employers' posts, phones and e-mails are invented;
# phones are well-formed placeholders, e-mails use the reserved example.org domain.
MEMBERS = [
    {
        "username": "dinghuimin",
        "name": "丁慧敏",
        "gender": "女",
        "sector": "民盟",
        "committee": "社会和法制委员会",
        "work_unit": "江汉大学政法学院副教授",
        "phone": "13800270001",
        "email": "dinghuimin@example.org",
    },
    {
        "username": "wangxiaolan",
        "name": "王晓岚",
        "gender": "女",
        "sector": "民建",
        "committee": "经济委员会",
        "work_unit": "武汉鹦鹉洲食品有限公司董事长",
        "phone": "13800270002",
        "email": "wangxiaolan@example.org",
    },
    {
        "username": "gongweidong",
        "name": "龚卫东",
        "gender": "男",
        "sector": "民革",
        "committee": "社会和法制委员会",
        "work_unit": "湖北知津律师事务所高级合伙人",
        "phone": "13800270003",
        "email": "gongweidong@example.org",
    },
    {
        "username": "daijingyi",
        "name": "戴静怡",
        "gender": "女",
        "sector": "文化艺术界",
        "committee": "文化文史和学习委员会",
        "work_unit": "汉阳区文化馆副馆长、鹦鹉街洲头社区主任助理",
        "phone": "13800270004",
        "email": "daijingyi@example.org",
    },
    {
        "username": "weiguoliang",
        "name": "魏国梁",
        "gender": "男",
        "sector": "工商联",
        "committee": "经济委员会",
        "work_unit": "武汉晴川智造科技有限公司董事长",
        "phone": "13800270005",
        "email": "weiguoliang@example.org",
    },
    {
        "username": "qinxuemei",
        "name": "覃雪梅",
        "gender": "女",
        "sector": "社会福利和社会保障界",
        "committee": "社会和法制委员会",
        "work_unit": "江堤街锦江苑社区党委书记、居委会主任",
        "phone": "13800270006",
        "email": "qinxuemei@example.org",
    },
    {
        "username": "luzhenhua",
        "name": "卢振华",
        "gender": "男",
        "sector": "九三学社",
        "committee": "人口资源环境委员会",
        "work_unit": "湖北省水利水电科学研究院高级工程师",
        "phone": "13800270007",
        "email": "luzhenhua@example.org",
    },
    {
        "username": "tiansiyuan",
        "name": "田思远",
        "gender": "男",
        "sector": "科技界",
        "committee": "教科卫体委员会",
        "work_unit": "武汉智汇城市科技有限公司技术总监",
        "phone": "13800270008",
        "email": "tiansiyuan@example.org",
    },
    {
        "username": "liuwanqing",
        "name": "刘婉清",
        "gender": "女",
        "sector": "教育界",
        "committee": "教科卫体委员会",
        "work_unit": "汉阳区月湖初级中学副校长",
        "phone": "13800270009",
        "email": "liuwanqing@example.org",
    },
    {
        "username": "sunjianping",
        "name": "孙建平",
        "gender": "男",
        "sector": "经济界",
        "committee": "经济委员会",
        "work_unit": "汉口银行汉阳支行行长",
        "phone": "13800270010",
        "email": "sunjianping@example.org",
    },
    {
        "username": "yanhaiyan",
        "name": "严海燕",
        "gender": "女",
        "sector": "医药卫生界",
        "committee": "教科卫体委员会",
        "work_unit": "四新街社区卫生服务中心主任",
        "phone": "13800270011",
        "email": "yanhaiyan@example.org",
    },
    {
        "username": "hezhiqiang",
        "name": "何志强",
        "gender": "男",
        "sector": "中共",
        "committee": "社会和法制委员会",
        "work_unit": "永丰街道党工委副书记",
        "phone": "13800270012",
        "email": "hezhiqiang@example.org",
    },
    {
        "username": "zouqing",
        "name": "邹晴",
        "gender": "女",
        "sector": "民进",
        "committee": "文化文史和学习委员会",
        "work_unit": "汉阳区钟家村小学校长",
        "phone": "13800270013",
        "email": "zouqing@example.org",
    },
    {
        "username": "shenyifan",
        "name": "沈一帆",
        "gender": "男",
        "sector": "无党派人士",
        "committee": "经济委员会",
        "work_unit": "湖北大学商学院教授",
        "phone": "13800270014",
        "email": "shenyifan@example.org",
    },
    {
        "username": "chenshuyao",
        "name": "陈书瑶",
        "gender": "女",
        "sector": "农工党",
        "committee": "教科卫体委员会",
        "work_unit": "武汉市第五医院老年医学科主任医师",
        "phone": "13800270015",
        "email": "chenshuyao@example.org",
    },
    {
        "username": "shaomingzhe",
        "name": "邵明哲",
        "gender": "男",
        "sector": "民建",
        "committee": "经济委员会",
        "work_unit": "湖北汉信会计师事务所主任会计师",
        "phone": "13800270016",
        "email": "shaomingzhe@example.org",
    },
    {
        "username": "fanlijuan",
        "name": "范丽娟",
        "gender": "女",
        "sector": "社会福利和社会保障界",
        "committee": "社会和法制委员会",
        "work_unit": "汉阳区颐康养老服务中心主任",
        "phone": "13800270017",
        "email": "fanlijuan@example.org",
    },
    {
        "username": "zhouqihang",
        "name": "周启航",
        "gender": "男",
        "sector": "工商联",
        "committee": "经济委员会",
        "work_unit": "武汉汉江湾商贸物流有限公司总经理",
        "phone": "13800270018",
        "email": "zhouqihang@example.org",
    },
    {
        "username": "hudeqin",
        "name": "胡德勤",
        "gender": "男",
        "sector": "中共",
        "committee": "提案委员会",
        "work_unit": "区委党校副校长",
        "phone": "13800270019",
        "email": "hudeqin@example.org",
    },
    {
        "username": "kewenjing",
        "name": "柯文静",
        "gender": "女",
        "sector": "民盟",
        "committee": "文化文史和学习委员会",
        "work_unit": "湖北美术学院环境艺术系副教授",
        "phone": "13800270020",
        "email": "kewenjing@example.org",
    },
    {
        "username": "jiangtao",
        "name": "姜涛",
        "gender": "男",
        "sector": "经济界",
        "committee": "提案委员会",
        "work_unit": "武汉四新城市建设投资有限公司副总经理",
        "phone": "13800270021",
        "email": "jiangtao@example.org",
    },
    {
        "username": "xiayutong",
        "name": "夏雨桐",
        "gender": "女",
        "sector": "科技界",
        "committee": "人口资源环境委员会",
        "work_unit": "华中农业大学园艺林学学院副研究员",
        "phone": "13800270022",
        "email": "xiayutong@example.org",
    },
    {
        "username": "guoxinmin",
        "name": "郭新民",
        "gender": "男",
        "sector": "无党派人士",
        "committee": "社会和法制委员会",
        "work_unit": "汉阳区人民调解协会会长",
        "phone": "13800270023",
        "email": "guoxinmin@example.org",
    },
    {
        "username": "huangpeiling",
        "name": "黄佩玲",
        "gender": "女",
        "sector": "民进",
        "committee": "教科卫体委员会",
        "work_unit": "汉阳区墨水湖幼儿园园长",
        "phone": "13800270024",
        "email": "huangpeiling@example.org",
    },
    {
        "username": "pengjun",
        "name": "彭俊",
        "gender": "男",
        "sector": "九三学社",
        "committee": "人口资源环境委员会",
        "work_unit": "中国地质大学（武汉）环境学院副教授",
        "phone": "13800270025",
        "email": "pengjun@example.org",
    },
    {
        "username": "chengxiaoyan",
        "name": "程晓燕",
        "gender": "女",
        "sector": "民革",
        "committee": "提案委员会",
        "work_unit": "武汉晴川物业服务有限公司总经理",
        "phone": "13800270026",
        "email": "chengxiaoyan@example.org",
    },
    {
        "username": "leimingyuan",
        "name": "雷鸣远",
        "gender": "男",
        "sector": "农工党",
        "committee": "人口资源环境委员会",
        "work_unit": "汉阳区疾病预防控制中心副主任",
        "phone": "13800270027",
        "email": "leimingyuan@example.org",
    },
    {
        "username": "caimingzhu",
        "name": "蔡明珠",
        "gender": "女",
        "sector": "文化艺术界",
        "committee": "文化文史和学习委员会",
        "work_unit": "武汉汉剧院国家一级演员",
        "phone": "13800270028",
        "email": "caimingzhu@example.org",
    },
    {
        "username": "xiongjianguo",
        "name": "熊建国",
        "gender": "男",
        "sector": "工商联",
        "committee": "经济委员会",
        "work_unit": "武汉永丰田园农业专业合作社理事长",
        "phone": "13800270029",
        "email": "xiongjianguo@example.org",
    },
    {
        "username": "tankexin",
        "name": "谭可欣",
        "gender": "女",
        "sector": "教育界",
        "committee": "文化文史和学习委员会",
        "work_unit": "汉阳区职业教育中心高级讲师",
        "phone": "13800270030",
        "email": "tankexin@example.org",
    },
    {
        "username": "wanjianing",
        "name": "万家宁",
        "gender": "男",
        "sector": "医药卫生界",
        "committee": "教科卫体委员会",
        "work_unit": "汉阳区中医医院副院长",
        "phone": "13800270031",
        "email": "wanjianing@example.org",
    },
]


# Staff accounts of the handling units; unit is the exact UNITS name.
UNIT_STAFF = [
    {"username": "jiangyiming", "name": "江一鸣", "unit": "区发展和改革局"},
    {"username": "longxiaojuan", "name": "龙小娟", "unit": "区发展和改革局"},
    {"username": "fujia", "name": "付佳", "unit": "区财政局"},
    {"username": "tangxiaowen", "name": "汤晓雯", "unit": "区教育局"},
    {"username": "guzhenyu", "name": "顾振宇", "unit": "区民政局"},
    {"username": "qilu", "name": "齐露", "unit": "区民政局"},
    {"username": "minhui", "name": "闵慧", "unit": "区卫生健康局"},
    {"username": "suting", "name": "苏婷", "unit": "区医疗保障局"},
    {"username": "gelei", "name": "葛磊", "unit": "区住房和城乡建设局"},
    {"username": "jiaoyang", "name": "焦阳", "unit": "武汉市生态环境局汉阳分局"},
    {"username": "yihang", "name": "易航", "unit": "区水务和湖泊局"},
    {"username": "wanghai", "name": "汪海", "unit": "区城市管理执法局"},
    {"username": "duanxue", "name": "段雪", "unit": "区市场监督管理局"},
    {"username": "liaochunsheng", "name": "廖春生", "unit": "区农业农村局"},
    {"username": "hezijian", "name": "贺子健", "unit": "区政务服务和大数据管理局"},
    {"username": "baiyu", "name": "白羽", "unit": "区文化和旅游局"},
    {"username": "renyuan", "name": "任远", "unit": "区委政法委员会"},
]


# The demo account used for each role.
DEMO_LOGINS = {
    "admin": "admin",
    "secretariat": "hanbing",
    "leader": "niewenhua",
    "member": "dinghuimin",
    "unit_staff": "jiangyiming",
}


# Proposals (提案) of the current session. Bodies are Markdown in three parts
# (situation / analysis / suggestions). A collective proposal has proposer None and
# proposer_org set; is_plenary marks 大会提案, is_key marks 重点提案.
PROPOSALS = [
    {
        "key": "p01",
        "title": "关于加强汉江湾沿线生态保护修复的提案",
        "category": "ecology",
        "proposer": "luzhenhua",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["pengjun", "xiayutong"],
        "situation": (
            "汉江湾是我区滨水空间的核心地段，沿线岸线约12公里，连接琴台、龟山北麓和多个老旧片区。"
            "近几年沿线已完成部分岸坡整治，但仍有约3.5公里岸段为硬质护岸，"
            "汛期个别合流制溢流口时有混合污水入江，岸边绿地植物种类单一，鸟类和鱼类栖息空间不足。"
        ),
        "analysis": (
            "- **统筹不够**：生态修复、防洪排涝、滨水景观分属多个部门，项目各自立项，"
            "缺少一张总图。\n"
            "- **监测薄弱**：沿线尚无连续的水质自动监测点，溢流情况主要靠人工巡查发现。\n"
            "- **投入单一**：修复资金几乎全部依赖财政，后期养护经费没有稳定来源。"
        ),
        "suggestions": (
            "1. 编制汉江湾生态保护修复专项方案，与区“十五五”相关专项规划衔接，分段明确目标、"
            "时限和责任单位。\n"
            "2. 分期实施硬质护岸生态化改造，优先推进琴台至江汉二桥段，恢复自然岸线和滨水湿地。\n"
            "3. 在主要排口、溢流口布设在线监测设备，数据接入区城市运行管理平台，超标自动预警。\n"
            "4. 探索“生态修复+滨水运营”模式，引入社会资本参与公共空间运营，部分收益用于长期养护。"
        ),
        "suggested_units": ["武汉市生态环境局汉阳分局", "区水务和湖泊局", "区住房和城乡建设局"],
        "is_plenary": True,
        "is_key": True,
    },
    {
        "key": "p02",
        "title": "关于推进墨水湖、龙阳湖水环境综合治理的提案",
        "category": "ecology",
        "proposer": "pengjun",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["luzhenhua", "leimingyuan"],
        "situation": (
            "墨水湖、龙阳湖是我区面积最大的两处城中湖，周边居住人口超过20万。"
            "2025年两湖水质总体稳定在Ⅳ类，但夏季局部湖汊仍出现藻类聚集，"
            "沿湖仍有17处雨污混接点未完成改造。"
        ),
        "analysis": (
            "两湖汇水范围内老旧小区多，管网建设年代早、混错接情况复杂；湖泊治理由水务、生态环境、"
            "城管等部门分头负责，巡查发现问题后的移交和整改链条较长；"
            "周边居民对湖泊治理的参与渠道有限，“湖长制”的社会监督作用还没有充分发挥。"
        ),
        "suggestions": (
            "1. 以汇水分区为单元开展雨污混接排查，建立“一点一档”，2027年底前完成全部整改。\n"
            "2. 推行湖泊治理问题“一单交办、限时销号”，由区级湖长牵头定期调度。\n"
            "3. 在沿湖社区招募“民间湖长”和护湖志愿者，定期公开水质监测结果。"
        ),
        "suggested_units": ["区水务和湖泊局", "武汉市生态环境局汉阳分局"],
        "is_plenary": True,
        "is_key": False,
    },
    {
        "key": "p03",
        "title": "关于完善长江汉阳江滩生态廊道和亲水设施的提案",
        "category": "ecology",
        "proposer": "kewenjing",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["caimingzhu", "daijingyi"],
        "situation": (
            "汉阳江滩自鹦鹉洲长江大桥向上游延伸，是市民亲水休闲的重要场所，节假日日均游客逾万人次。"
            "目前江滩中段林下空间利用不足，部分步道在汛后长期淤泥覆盖，"
            "无障碍通道和公共卫生间数量偏少。"
        ),
        "analysis": (
            "江滩兼具防洪和休闲功能，汛期淹没后设施修复周期长；管理上水务、城管、文旅各管一段，"
            "游客反映的问题常常找不到具体责任部门。"
        ),
        "suggestions": (
            "1. 按照“生态优先、平汛结合”原则，选用耐淹树种和可快速清洗的铺装，"
            "缩短汛后恢复时间。\n"
            "2. 增设无障碍坡道和母婴设施，在主要出入口设置统一的问题反映二维码。\n"
            "3. 结合知音文化和长江文化，在江滩中段布置小型公共艺术和科普标识，提升游览品质。"
        ),
        "suggested_units": ["区水务和湖泊局", "区城市管理执法局", "区文化和旅游局"],
        "is_plenary": False,
        "is_key": False,
    },
    {
        "key": "p04",
        "title": "关于优化涉企审批服务、破解审批“马拉松”的提案",
        "category": "economy",
        "proposer": "shaomingzhe",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["wangxiaolan", "zhouqihang"],
        "situation": (
            "我区实有市场主体已超过12万户，其中民营企业占比九成以上。调研中，"
            "部分企业反映一个中小型技改项目从立项到开工仍需经过8个以上环节，跨部门材料重复提交、"
            "现场踏勘多次进行的情况仍然存在。"
        ),
        "analysis": (
            "- 部门之间审批信息还没有完全打通，企业需要“多头跑”。\n"
            "- 并联审批、容缺受理等措施在部分事项上落实不到位，窗口人员把握尺度不一。\n"
            "- 对审批时限缺少面向企业的公开跟踪，企业不清楚卡在哪一环。"
        ),
        "suggestions": (
            "1. 对工业技改、商业装修等高频事项全面推行并联审批和现场联合踏勘，一次踏勘、"
            "结果共享。\n"
            "2. 为重点项目开设审批“绿色通道”，实行专人帮办、全程代办。\n"
            "3. 上线审批进度公开查询功能，超时事项自动提醒并纳入部门考核。\n"
            "4. 每半年组织一次企业评审批活动，把企业评价作为改进服务的依据。"
        ),
        "suggested_units": ["区政务服务和大数据管理局", "区发展和改革局"],
        "is_plenary": True,
        "is_key": True,
    },
    {
        "key": "p05",
        "title": "关于建立常态化政银企对接机制、缓解中小微企业融资难的提案",
        "category": "economy",
        "proposer": "sunjianping",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["shenyifan", "wangxiaolan"],
        "situation": (
            "2025年我区普惠小微贷款余额同比增长约14%，但从走访的60家中小微企业看，"
            "仍有近四成企业认为贷款门槛高、审批周期长，首贷和信用贷占比明显偏低。"
        ),
        "analysis": (
            "银企之间信息不对称是主要原因：银行难以全面掌握企业纳税、用电、社保等经营数据，"
            "只能依赖抵押担保；区级政府性融资担保规模较小，风险分担机制尚不健全。"
        ),
        "suggestions": (
            "1. 每季度举办一次政银企对接会，按行业分场次发布融资需求和金融产品。\n"
            "2. 依托区大数据平台，在企业授权前提下向合作银行推送纳税、社保等信用信息。\n"
            "3. 扩大区级风险补偿资金池，对首贷、信用贷给予一定比例的风险分担。"
        ),
        "suggested_units": ["区财政局", "区发展和改革局"],
        "is_plenary": True,
        "is_key": False,
    },
    {
        "key": "p06",
        "title": "关于推行涉企检查“无事不扰”、落实企业“安静期”制度的提案",
        "category": "economy",
        "proposer": "zhouqihang",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["weiguoliang"],
        "situation": (
            "部分企业反映，一年之内接受的各类检查多达十余次，检查内容相互重叠，"
            "有时同一周内就有两三个部门上门，影响正常生产经营。"
        ),
        "analysis": (
            "行政检查计划没有统筹，各部门按条线各自安排；联合检查、“双随机、一公开”覆盖面还不够；"
            "对守法经营记录良好的企业缺少差异化监管措施。"
        ),
        "suggestions": (
            "1. 建立全区涉企检查计划统筹平台，同一企业同一年度的检查原则上合并开展。\n"
            "2. 对信用等级高的企业设立每月“安静期”，期间除投诉举报和安全隐患外不安排现场检查。\n"
            "3. 推行非现场监管和“扫码入企”登记，检查过程可追溯、可评价。"
        ),
        "suggested_units": ["区市场监督管理局", "区城市管理执法局"],
        "is_plenary": False,
        "is_key": False,
    },
    {
        "key": "p07",
        "title": "关于推动部门工作网格与社区网格“一张网”融合的提案",
        "category": "society",
        "proposer": "dinghuimin",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["tiansiyuan", "hezhiqiang"],
        "situation": (
            "全区116个社区已划分基础网格千余个，但公安、城管、市场监管、"
            "卫健等部门仍按各自标准划分工作网格，边界不一致，"
            "网格员需要在多个系统中重复录入同一信息。"
        ),
        "analysis": (
            "部门网格和社区网格“两张皮”，各部门分头采集信息、彼此之间难以调用，"
            "采集到的数据难以及时转化为处置力量；网格员承担的事务越来越多，但考核标准不统一，"
            "队伍流动性较大。"
        ),
        "suggestions": (
            "1. 以社区网格为基础底图，让每个部门工作网格都能对应到一个或若干个社区网格，"
            "边界不再交叉。\n"
            "2. 统一网格事项清单和数据标准，做到一次采集、多方共享。\n"
            "3. 建立网格事件分级流转和限时办结机制，处置结果向网格员和居民反馈。\n"
            "4. 完善网格员薪酬和职业发展通道，稳定专职网格员队伍。"
        ),
        "suggested_units": ["区委政法委员会", "区政务服务和大数据管理局"],
        "is_plenary": True,
        "is_key": True,
    },
    {
        "key": "p08",
        "title": "关于规范社区工作事项准入、为社区减负增效的提案",
        "category": "politics",
        "proposer": "qinxuemei",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["hezhiqiang", "guoxinmin"],
        "situation": (
            "据对10个社区的抽样统计，社区每年承接的各类报表、台账和检查考核事项超过百项，"
            "社区工作者约三分之一的工作时间用于填表和迎检，入户走访时间被明显挤占。"
        ),
        "analysis": (
            "部分职能部门以“进社区”名义将本应由部门承担的工作下沉，但人员、经费没有同步下沉；"
            "社区挂牌、盖章证明等事项虽经清理，仍有反弹。"
        ),
        "suggestions": (
            "1. 制定社区工作事项准入清单，清单外事项须经区级审核后方可交办，并做到“费随事转”。\n"
            "2. 对社区报表实行统一归口管理，能从系统提取的数据不再要求社区重复上报。\n"
            "3. 每年开展一次社区减负专项评估，结果向社会公开。"
        ),
        "suggested_units": ["区民政局", "区委政法委员会"],
        "is_plenary": True,
        "is_key": False,
    },
    {
        "key": "p09",
        "title": "关于推进老旧小区业主自治与物业服务提质的提案",
        "category": "society",
        "proposer": "chengxiaoyan",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["gongweidong", "qinxuemei"],
        "situation": (
            "我区2000年以前建成的老旧小区有300余个，其中约四成没有成立业主委员会，"
            "部分小区长期依靠社区兜底管理，物业费收缴率不足六成，楼道照明、二次供水等问题反复出现。"
        ),
        "analysis": (
            "老旧小区业主构成复杂、出租户比例高，组织业主大会难度大；物业企业进驻意愿低，"
            "服务质量与收费不匹配；业委会成员履职能力参差不齐，缺少专业指导。"
        ),
        "suggestions": (
            "1. 由社区党组织牵头，推动符合条件的小区成立业主委员会或物业管理委员会。\n"
            "2. 推广“片区统管”模式，将相邻小体量小区打包引入物业服务，降低运营成本。\n"
            "3. 建立物业服务质量公示和居民测评制度，测评结果与续聘挂钩。\n"
            "4. 组建法律、财务志愿者团队，为业委会提供常态化辅导。"
        ),
        "suggested_units": ["区住房和城乡建设局", "区民政局"],
        "is_plenary": False,
        "is_key": False,
    },
    {
        "key": "p10",
        "title": "关于推广“有事好商量”社区协商议事室建设的提案",
        "category": "politics",
        "proposer": "guoxinmin",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["qinxuemei", "dinghuimin"],
        "situation": (
            "目前全区已有20余个社区设立了协商议事室，围绕加装电梯、停车管理、"
            "小区环境整治等事项开展协商，但多数议事室每年活动不足4次，"
            "议事规则和成果落实机制尚不完善。"
        ),
        "analysis": (
            "协商议事室建设标准不一，选题主要由社区提出，居民主动提议的渠道不畅；"
            "政协委员参与的频次和方式缺少制度安排；协商达成的共识有时缺少跟踪落实，群众获得感不强。"
        ),
        "suggestions": (
            "1. 制定协商议事室建设和运行指引，明确选题、议事、公示、监督等基本程序。\n"
            "2. 建立政协委员联系协商议事室制度，每名委员每年至少参加2次基层协商。\n"
            "3. 对协商成果实行清单管理，定期向居民公开落实情况。"
        ),
        "suggested_units": ["区民政局"],
        "is_plenary": False,
        "is_key": False,
    },
    {
        "key": "p11",
        "title": "关于加快发展社区嵌入式养老服务的提案",
        "category": "society",
        "proposer": "chenshuyao",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["fanlijuan", "wanjianing"],
        "situation": (
            "截至2025年底，我区60岁以上户籍老年人口约占户籍总人口的24%，高龄、"
            "独居老人数量逐年增加；全区已建成社区养老服务设施80余处，但能够提供助餐、助浴、"
            "短期托养等综合服务的不足三分之一。"
        ),
        "analysis": (
            "- 社区养老设施面积普遍偏小，功能单一，日间照料床位利用率不高。\n"
            "- 医养结合不紧密，老年人看病和照护需要在不同机构之间往返。\n"
            "- 专业护理人员紧缺，待遇偏低，流动性大。"
        ),
        "suggestions": (
            "1. 结合老旧小区改造和闲置公房盘活，每个街道至少建成1处综合性社区养老服务中心。\n"
            "2. 推动社区卫生服务中心与养老服务设施毗邻建设或签约合作，提供上门医疗服务。\n"
            "3. 完善老年助餐补贴政策，引导餐饮企业参与社区助餐。\n"
            "4. 对在社区养老机构持续从业的护理人员给予岗位补贴。"
        ),
        "suggested_units": ["区民政局", "区卫生健康局"],
        "is_plenary": True,
        "is_key": False,
    },
    {
        "key": "p12",
        "title": "关于提升家庭医生签约服务质量的提案",
        "category": "society",
        "proposer": None,
        "proposer_org": "农工党汉阳区委",
        "collective": True,
        "co_signers": [],
        "situation": (
            "我区家庭医生签约服务已覆盖全部社区，重点人群签约率超过七成，"
            "但居民对签约服务的知晓度和满意度仍有提升空间，部分签约居民一年内未接受过任何随访服务。"
        ),
        "analysis": (
            "家庭医生团队人员不足，一名全科医生平均服务签约居民2000人以上；签约服务包内容同质化，"
            "和居民实际需求结合不够；上级医院专家号源、检查预约向家庭医生倾斜的机制尚未落实。"
        ),
        "suggestions": (
            "1. 按服务人口配齐家庭医生团队，鼓励二级以上医院医生下沉参与签约服务。\n"
            "2. 针对慢病患者、失能老人、孕产妇等群体设计个性化服务包。\n"
            "3. 为签约居民预留一定比例的上级医院专家号源和检查时段。"
        ),
        "suggested_units": ["区卫生健康局", "区医疗保障局"],
        "is_plenary": True,
        "is_key": False,
    },
    {
        "key": "p13",
        "title": "关于方便参保群众门诊费用共济结算的提案",
        "category": "society",
        "proposer": "wanjianing",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["yanhaiyan"],
        "situation": (
            "职工医保门诊共济保障改革实施以来，普通门诊费用已纳入统筹基金支付，"
            "但部分社区卫生服务机构尚未开通门诊统筹结算，老年参保人对报销政策了解不多，咨询量大。"
        ),
        "analysis": (
            "基层医疗机构信息系统改造进度不一，个别药店和诊所未纳入定点；政策宣传以文件解读为主，"
            "老年人不易看懂。"
        ),
        "suggestions": (
            "1. 年内实现全区社区卫生服务机构门诊统筹结算全覆盖。\n"
            "2. 在社区卫生服务中心设立医保服务站，提供政策咨询和代办服务。\n"
            "3. 制作通俗易懂的图解和短视频，借助社区微信群开展宣传。"
        ),
        "suggested_units": ["区医疗保障局", "区卫生健康局"],
        "is_plenary": False,
        "is_key": False,
    },
    {
        "key": "p14",
        "title": "关于推进中小学课后服务提质增效的提案",
        "category": "culture",
        "proposer": "liuwanqing",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["zouqing", "huangpeiling", "tankexin"],
        "situation": (
            "我区义务教育阶段学校已全部开展课后服务，学生参与率超过90%，"
            "但课后服务内容仍以作业辅导为主，体育、艺术、科技类课程占比不足三成，"
            "教师每周延时工作时间普遍在5小时以上。"
        ),
        "analysis": (
            "校内师资有限、课程资源不足，引入校外机构的遴选和监管机制尚不完善；"
            "教师课后服务补助标准偏低，积极性受到影响。"
        ),
        "suggestions": (
            "1. 建立区级课后服务资源库，遴选文化场馆、科研院所和优质社会机构进校园。\n"
            "2. 推行教师弹性上下班制度，合理核定课后服务工作量。\n"
            "3. 将课后服务质量纳入学校办学评价，定期开展家长满意度调查。"
        ),
        "suggested_units": ["区教育局"],
        "is_plenary": True,
        "is_key": False,
    },
    {
        "key": "p15",
        "title": "关于深挖知音文化资源、推动文旅融合发展的提案",
        "category": "culture",
        "proposer": "caimingzhu",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["daijingyi", "kewenjing"],
        "situation": (
            "古琴台、归元禅寺、晴川阁等历史文化资源集中在我区，但游客平均停留时间不足半天，"
            "文化体验类项目少，夜间消费业态薄弱。"
        ),
        "analysis": (
            "各景点分属不同管理主体，缺少统一的线路设计和品牌推广；汉剧、古琴等非遗项目以展示为主，"
            "互动体验不足。"
        ),
        "suggestions": (
            "1. 串联古琴台、月湖、晴川阁等资源，推出“知音文化”主题游线和联票。\n"
            "2. 在月湖周边策划常态化非遗展演和夜间文化活动。\n"
            "3. 支持文化企业开发具有汉阳辨识度的文创产品。"
        ),
        "suggested_units": ["区文化和旅游局"],
        "is_plenary": False,
        "is_key": False,
    },
    {
        "key": "p16",
        "title": "关于发展都市田园综合体、带动近郊乡村振兴的提案",
        "category": "economy",
        "proposer": "xiongjianguo",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["xiayutong"],
        "situation": (
            "我区永丰、江堤一带仍保留部分农用地和村改居社区，现有专业合作社和家庭农场30余家，"
            "以蔬菜、花卉种植为主，产品附加值低，农民收入增长较慢。"
        ),
        "analysis": (
            "农业经营主体规模小、品牌弱，与城区消费市场对接不够；休闲农业配套设施不足，"
            "土地流转和设施用地审批较难。"
        ),
        "suggestions": (
            "1. 规划建设都市田园综合体，发展科普研学、亲子农事体验等业态。\n"
            "2. 打造区域农产品公共品牌，对接社区团购和农贸市场直供渠道。\n"
            "3. 落实设施农业用地政策，简化休闲农业配套设施审批流程。"
        ),
        "suggested_units": ["区农业农村局"],
        "is_plenary": False,
        "is_key": False,
    },
    {
        "key": "p17",
        "title": "关于加强背街小巷环境整治和流动摊贩疏导的提案",
        "category": "society",
        "proposer": "jiangtao",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["hudeqin"],
        "situation": (
            "我区老城片区背街小巷约400条，部分路段存在占道经营、乱堆乱放和路面破损问题，"
            "早晚高峰流动摊贩集中，居民投诉较多。"
        ),
        "analysis": (
            "单纯依靠执法取缔容易反弹，摊贩有实际谋生需求；背街小巷产权和管养责任不清，修补不及时。"
        ),
        "suggestions": (
            "1. 在人流集中区域规划设置便民疏导点，实行定时定点经营。\n"
            "2. 推行“街长制”，明确每条背街小巷的管养责任人。\n"
            "3. 发动社区居民和商户参与门前“三包”评比。"
        ),
        "suggested_units": ["区城市管理执法局"],
        "is_plenary": False,
        "is_key": False,
    },
    {
        "key": "p18",
        "title": "关于推广校园和餐饮单位“明厨亮灶”建设的提案",
        "category": "society",
        "proposer": "leimingyuan",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["wanjianing"],
        "situation": (
            "我区学校食堂已基本实现“明厨亮灶”，但中小餐饮单位覆盖率仍不到一半，"
            "外卖商户后厨状况消费者难以了解。"
        ),
        "analysis": (
            "小微餐饮单位改造成本是主要顾虑；视频监控接入平台后缺少智能分析，监管人员难以实时查看。"
        ),
        "suggestions": (
            "1. 对小微餐饮单位改造给予一次性补助，分年度推进。\n"
            "2. 推动视频画面接入外卖平台，让消费者下单前看到后厨。\n"
            "3. 运用智能识别技术，对未戴口罩、鼠患等情况自动预警。"
        ),
        "suggested_units": ["区市场监督管理局"],
        "is_plenary": False,
        "is_key": False,
    },
    {
        "key": "p19",
        "title": "关于推进政务数据共享、让基层少填表的提案",
        "category": "politics",
        "proposer": "tiansiyuan",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["dinghuimin", "qinxuemei"],
        "situation": (
            "目前社区工作者日常需要登录的各类业务系统有十余个，人口、"
            "房屋等基础信息在不同系统中重复采集，口径不一致。"
        ),
        "analysis": (
            "各部门系统建设早于全区数据共享平台，接口标准不统一；数据回流基层的机制不健全，"
            "社区用不上部门已有数据。"
        ),
        "suggestions": (
            "1. 以区大数据平台为枢纽，建立人口、房屋、法人等基础数据库，统一数据口径。\n"
            "2. 推动部门数据按需回流社区，建设社区统一工作台。\n"
            "3. 对新建业务系统实行数据共享前置审核。"
        ),
        "suggested_units": ["区政务服务和大数据管理局", "区委政法委员会"],
        "is_plenary": True,
        "is_key": False,
    },
    {
        "key": "p20",
        "title": "关于推行社区志愿服务积分制管理的提案",
        "category": "other",
        "proposer": "fanlijuan",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["zouqing"],
        "situation": (
            "我区注册志愿者人数逐年增加，但实际经常参加社区服务的比例不高，"
            "志愿服务时长记录分散在多个平台，激励措施较少。"
        ),
        "analysis": (
            "志愿服务组织化程度不高，项目设计与居民需求结合不紧；积分兑换渠道单一，"
            "对年轻人的吸引力不够。"
        ),
        "suggestions": (
            "1. 统一志愿服务时长记录平台，推行“服务积分”制度。\n"
            "2. 联合驻区商户、文化场馆提供积分兑换服务。\n"
            "3. 每年评选优秀志愿服务项目和社区志愿者。"
        ),
        "suggested_units": ["区民政局"],
        "is_plenary": False,
        "is_key": False,
    },
    {
        "key": "p21",
        "title": "关于进一步优化民营经济发展环境的提案",
        "category": "economy",
        "proposer": None,
        "proposer_org": "民建汉阳区委",
        "collective": True,
        "co_signers": [],
        "situation": (
            "民营经济是我区经济发展的重要力量，贡献了六成以上的税收和八成以上的城镇就业。近年来，"
            "受市场需求偏弱等因素影响，部分中小企业经营压力加大，对政策落实、"
            "要素保障和法治环境提出了更高期待。"
        ),
        "analysis": (
            "- 惠企政策分散在多个部门，企业“不知道、不会用”。\n"
            "- 融资难、用工难仍然突出，专业技术人才留不住。\n"
            "- 涉企执法的规范性和可预期性有待加强。"
        ),
        "suggestions": (
            "1. 建设惠企政策“一站通”平台，推动政策免申即享、直达快享。\n"
            "2. 建立政企圆桌会议常态化机制，企业诉求分级办理、限时反馈。\n"
            "3. 完善人才公寓和子女入学等配套服务，稳定企业技术骨干。\n"
            "4. 推行涉企轻微违法行为“首违不罚”清单，提高执法透明度。"
        ),
        "suggested_units": ["区发展和改革局", "区政务服务和大数据管理局", "区市场监督管理局"],
        "is_plenary": True,
        "is_key": False,
    },
    {
        "key": "p22",
        "title": "关于加强中小学生心理健康服务的提案",
        "category": "society",
        "proposer": "tankexin",
        "proposer_org": None,
        "collective": False,
        "co_signers": ["liuwanqing", "yanhaiyan"],
        "situation": (
            "近年来学生心理健康问题呈低龄化趋势。我区中小学心理健康教师专职配备率约为60%，"
            "部分学校由班主任或其他学科教师兼任。"
        ),
        "analysis": (
            "专业力量不足，心理筛查后的干预和转介渠道不畅；家庭、学校、医疗机构之间缺少协同。"
        ),
        "suggestions": (
            "1. 按标准配齐专职心理健康教师，定期开展专业培训。\n"
            "2. 建立学校与精神卫生专科机构的转介绿色通道。\n"
            "3. 开办家长课堂，提升家长识别和应对孩子心理问题的能力。"
        ),
        "suggested_units": ["区教育局", "区卫生健康局"],
        "is_plenary": False,
        "is_key": False,
    },
]


# Consultation topics (协商议题) of 2026 with their source channel.
TOPICS = [
    {
        "key": "t01",
        "title": "提升基层社会治理水平",
        "source": "party_government",
        "background": (
            "2026年是“十五五”开局之年，区委把基层治理现代化列为全年重点任务。自2020年起，"
            "全区选派“第一书记”、党建指导员、社区主任助理三支队伍下沉，"
            "116个社区均已有下沉力量进驻，不少政协委员担任社区主任助理。"
            "\n\n"
            "当前，网格化管理、执法力量下沉和社区减负等方面仍有短板，"
            "区委提出由区政协围绕这一课题召开专题议政性常委会议。"
        ),
        "feasibility": (
            "- 区委点题，区委政法委、区民政局等部门支持配合，协商成果有明确的接收方。\n"
            "- 多名常委、委员在社区任职，掌握一手情况。\n"
            "- 议题涉及部门职责调整，需提前与相关部门沟通，建议上半年完成调研、三季度协商。"
        ),
        "proposer": None,
        "year": 2026,
    },
    {
        "key": "t02",
        "title": "深化“协商在基层”，推进“有事好商量”协商议事室提质扩面",
        "source": "grassroots",
        "background": (
            "全区已有20余个社区设立“有事好商量”协商议事室，在加装电梯、停车管理、"
            "小区环境整治等方面促成了一批实事。但议事室活动频次不均衡，选题多由社区自定，"
            "协商成果落实缺少跟踪。"
            "\n\n"
            "部分街道和居民代表建议，由区政协推动形成统一的议事规则和委员联系制度。"
        ),
        "feasibility": (
            "议题贴近群众，适合拿到桌面上商量的具体事项较多。建议先到江堤、四新等街道开展选题调研，"
            "摸清哪些事项适合协商、各方分歧在哪里，做到“一事一议、一议一成”，"
            "再形成议题目录报主席会议审定。"
        ),
        "proposer": "guoxinmin",
        "year": 2026,
    },
    {
        "key": "t03",
        "title": "科学编制“十五五”专项规划，谋划一批重大项目",
        "source": "party_government",
        "background": (
            "区“十五五”规划纲要已于年初经区人代会审议通过，城市更新、产业发展、生态环境、"
            "公共服务等领域的专项规划正在编制。区政府希望听取委员和智库专家对专项规划与纲要衔接、"
            "重大项目谋划的意见。"
        ),
        "feasibility": (
            "时间窗口明确，专项规划须在年内报批，协商宜安排在二季度。会前可安排一期“政协讲堂”，"
            "请规划部门讲解全区国土空间规划，帮助委员知情明政。"
        ),
        "proposer": None,
        "year": 2026,
    },
    {
        "key": "t04",
        "title": "优化民营经济营商环境",
        "source": "proposals",
        "background": (
            "本届第五次会议收到涉及营商环境的提案11件，集中反映审批环节多、融资难融资贵、"
            "涉企检查频繁、惠企政策落地难等问题，其中民建汉阳区委集体提案和“破解审批马拉松”提案被"
            "列为重点提案。"
        ),
        "feasibility": (
            "相关提案已交办，承办单位正在办理，可将提案办理与专题协商结合起来。"
            "建议四季度先开展专题调研，走访企业和政务服务中心，年底召开专题协商会。"
        ),
        "proposer": "shaomingzhe",
        "year": 2026,
    },
    {
        "key": "t05",
        "title": "加强汉江湾和城区湖泊生态保护",
        "source": "members",
        "background": (
            "汉江湾沿线和墨水湖、龙阳湖等城中湖是我区重要的生态空间。"
            "人口资源环境委员会多名委员连续两年提出相关提案，"
            "建议把滨水生态保护作为协商议题统筹推进。"
        ),
        "feasibility": (
            "相关重点提案已进入办理协商阶段，可结合提案督办开展跟踪调研。涉及市级部门和跨区水系，"
            "协商成果宜以专报形式报送区委、区政府。"
        ),
        "proposer": "luzhenhua",
        "year": 2026,
    },
    {
        "key": "t06",
        "title": "发展社区嵌入式养老服务",
        "source": "sectors",
        "background": (
            "医药卫生界、社会福利和社会保障界委员在界别活动中集中反映，我区老龄化程度持续加深，"
            "高龄、独居老人照护需求突出，社区养老服务设施功能单一、医养结合不紧密。"
        ),
        "feasibility": (
            "议题与区民生实事项目契合，民政、卫健部门有意愿参与。建议以界别协商会形式开展，"
            "列入明年协商计划。"
        ),
        "proposer": "chenshuyao",
        "year": 2026,
    },
]


# Research visits (调研). v03 lies ahead of demo today, so it has no findings yet.
VISITS = [
    {
        "key": "v01",
        "topic": "t01",
        "title": "“提升基层社会治理水平”专题调研",
        "start": date(2026, 6, 9),
        "end": date(2026, 6, 11),
        "leader": "yuhong",
        "members": [
            "dinghuimin",
            "qinxuemei",
            "gongweidong",
            "tiansiyuan",
            "daijingyi",
            "hezhiqiang",
        ],
        "experts": [
            {"name": "涂敏", "organisation": "武汉大学社会学院", "title": "教授"},
            {"name": "房玉洁", "organisation": "华中科技大学公共管理学院", "title": "副教授"},
        ],
        "sites": [
            {
                "place": "区城市运行管理中心",
                "unit": "区委政法委员会",
                "date": date(2026, 6, 9),
                "met": "区委政法委、区政务服务和大数据管理局负责同志，网格化平台值班人员",
            },
            {
                "place": "晴川街琴台社区",
                "unit": "晴川街道办事处",
                "date": date(2026, 6, 10),
                "met": "社区党委书记、专职网格员、楼栋长和居民代表",
            },
            {
                "place": "江堤街锦江苑社区",
                "unit": "江堤街道办事处",
                "date": date(2026, 6, 10),
                "met": "社区“两委”成员、业委会和物业企业代表",
            },
            {
                "place": "永丰街道办事处",
                "unit": "永丰街道办事处",
                "date": date(2026, 6, 11),
                "met": "街道综合执法中心、派出所、司法所负责同志，召开座谈会",
            },
        ],
        "findings": (
            "- 三支队伍下沉后，社区力量明显增强，但下沉人员与社区工作的衔接机制还不够稳定。\n"
            "- 部门工作网格与社区网格边界不一致，网格员在多个系统重复录入信息。\n"
            "- 社区承接事项多，报表和迎检负担重，入户走访时间被挤占。\n"
            "- 街道综合执法权限下放后，执法人员专业能力和执法规范化水平有待提升。"
        ),
        "report": (
            "## "
            "关于提升基层社会治理水平的调研报告\n\n"
            "### 一、"
            "基本情况\n\n"
            "调研组于6月9日至11日走访区城市运行管理中心和晴川、江堤、永丰3个街道，召开座谈会4场，"
            "听取意见建议60余条。三支队伍已进驻全区116个社区，网格化服务管理体系基本建立。"
            "\n\n"
            "### 二、"
            "存在的问题\n\n"
            "一是网格“多网并存”，信息采集分散、共享不畅；二是社区工作事项准入把关不严，"
            "减负成果有反弹；三是基层执法力量专业化程度不高，执法依据和责任边界不够清晰；"
            "四是驻区单位和居民参与社区治理的渠道还不够多。"
            "\n\n"
            "### 三、"
            "意见建议\n\n"
            "一是以社区网格为底图推动“一张网”融合，实现一次采集、多方共享；"
            "二是制定社区工作事项准入清单，做到费随事转；三是梳理下放街道的执法事项，"
            "建立执法责任和案件评查制度；四是推广“有事好商量”协商议事室，畅通居民参与渠道。"
        ),
    },
    {
        "key": "v02",
        "topic": "t02",
        "title": "“协商在基层”选题调研",
        "start": date(2026, 9, 15),
        "end": date(2026, 9, 16),
        "leader": "zhongwei",
        "members": ["guoxinmin", "qinxuemei", "fanlijuan", "hudeqin"],
        "experts": [{"name": "祝家辉", "organisation": "湖北省社会科学院", "title": "研究员"}],
        "sites": [
            {
                "place": "江堤街新、老农贸市场",
                "unit": "江堤街道办事处",
                "date": date(2026, 9, 15),
                "met": "市场管理方、经营户代表和周边居民",
            },
            {
                "place": "江堤街锦江苑社区协商议事室",
                "unit": "锦江苑社区居委会",
                "date": date(2026, 9, 15),
                "met": "社区“两委”成员、居民代表和议事会成员",
            },
            {
                "place": "四新街道办事处",
                "unit": "四新街道办事处",
                "date": date(2026, 9, 16),
                "met": "街道分管负责同志、相关科室工作人员和社区书记，召开选题调研座谈会",
            },
        ],
        "findings": (
            "- 农贸市场周边停车难、早市占道是居民反映最集中的问题，涉及多方利益，适合协商。\n"
            "- 老旧小区加装电梯的分摊方案争议较大，低楼层住户意见需要充分听取。\n"
            "- 部分拟选议题属于部门职责范围内可直接解决的事项，不宜列入协商目录。"
        ),
        "report": (
            "## "
            "“协商在基层”选题调研报告\n\n"
            "### 一、"
            "调研情况\n\n"
            "调研组实地查看江堤街新、老农贸市场和锦江苑社区协商议事室，在四新街道召开座谈会，"
            "逐一分析各街道上报的12个候选议题。"
            "\n\n"
            "### 二、"
            "选题评估\n\n"
            "经逐项分析，有7个议题具有协商性、群众关注度高、各方诉求存在分歧，适合列入议题目录；"
            "3个议题可由部门直接办理；2个议题需进一步摸底。"
            "\n\n"
            "### 三、"
            "下一步安排\n\n"
            "一是对拟选议题开展补充调研，弄清问题由来和各方诉求；二是逐一听取相关居民、"
            "商户和部门意见，找准分歧所在和可以突破的环节；三是整理形成议题目录，"
            "提交主席会议审定后分批组织协商。"
        ),
    },
    {
        "key": "v03",
        "topic": "t04",
        "title": "优化民营经济营商环境专题调研",
        "start": date(2026, 12, 2),
        "end": date(2026, 12, 4),
        "leader": "qixiaomei",
        "members": [
            "shaomingzhe",
            "wangxiaolan",
            "weiguoliang",
            "sunjianping",
            "shenyifan",
            "zhouqihang",
        ],
        "experts": [
            {"name": "祝家辉", "organisation": "湖北省社会科学院", "title": "研究员"},
            {"name": "阎立军", "organisation": "湖北经济学院", "title": "教授"},
        ],
        "sites": [
            {
                "place": "区政务服务中心",
                "unit": "区政务服务和大数据管理局",
                "date": date(2026, 12, 2),
                "met": "窗口工作人员和前来办事的企业代表",
            },
            {
                "place": "汉阳造文化创意产业园",
                "unit": "园区运营公司",
                "date": date(2026, 12, 3),
                "met": "入驻中小企业负责人",
            },
            {
                "place": "区工商联",
                "unit": "区工商联",
                "date": date(2026, 12, 4),
                "met": "商会会长、民营企业家代表和合作银行负责人，召开座谈会",
            },
        ],
        "findings": "",
        "report": "",
    },
]


# Consultation meetings. start/end are local times "YYYY-MM-DD HH:MM";
# attendees and leave hold usernames, observers are invited officials (invented).
# m02 is the supervision meeting of key proposal p01; m05 is still ahead.
MEETINGS = [
    {
        "key": "m01",
        "topic": "t01",
        "form": "standing_committee",
        "title": "“提升基层社会治理水平”专题议政性常委会议",
        "start": "2026-08-12 09:00",
        "end": "2026-08-12 11:30",
        "venue": "区行政中心一号会议室",
        "chair": "niewenhua",
        "agenda": [
            "通报“提升基层社会治理水平”专题调研情况",
            "常委、委员主题发言",
            "互动交流",
            "区委书记讲话",
            "审议通过《关于提升基层社会治理水平的建议案》",
        ],
        "attendees": [
            "niewenhua",
            "yuhong",
            "zhongwei",
            "qixiaomei",
            "dinghuimin",
            "daijingyi",
            "qinxuemei",
            "gongweidong",
            "yanhaiyan",
            "weiguoliang",
            "hezhiqiang",
            "tiansiyuan",
            "liuwanqing",
            "luzhenhua",
            "shenyifan",
            "chenshuyao",
            "hudeqin",
            "jiangtao",
            "guoxinmin",
            "caimingzhu",
            "sunjianping",
        ],
        "leave": [
            {"username": "wangxiaolan", "reason": "因公出差"},
            {"username": "pengjun", "reason": "参加学术会议"},
        ],
        "observers": [
            "区委书记 陆建明",
            "区委常委、政法委书记 宁卫华",
            "区民政局局长 沙立群",
            "区城市管理执法局局长 晏志刚",
            "区政务服务和大数据管理局局长 应晓东",
        ],
        "held": True,
    },
    {
        "key": "m02",
        "topic": None,
        "form": "proposal_handling",
        "title": "重点提案办理协商会：关于加强汉江湾沿线生态保护修复的提案",
        "start": "2026-06-18 14:30",
        "end": "2026-06-18 16:30",
        "venue": "武汉市生态环境局汉阳分局三楼会议室",
        "chair": "zhongwei",
        "agenda": [
            "主办单位通报提案办理工作方案和进展",
            "会办单位介绍相关工作",
            "提案人发表意见",
            "互动交流，明确下一步实地督办安排",
        ],
        "attendees": ["zhongwei", "luzhenhua", "pengjun", "hanbing", "jiaoyang", "yihang", "gelei"],
        "leave": [{"username": "xiayutong", "reason": "外出授课"}],
        "observers": [
            "副区长 柏雯",
            "武汉市生态环境局汉阳分局局长 莫海涛",
            "区水务和湖泊局局长 艾国庆",
        ],
        "held": True,
        "proposals": ["p01"],
    },
    {
        "key": "m03",
        "topic": "t03",
        "form": "topic_consultation",
        "title": "“十五五”专项规划编制专题协商会",
        "start": "2026-04-23 09:00",
        "end": "2026-04-23 12:30",
        "venue": "区政协委员之家",
        "chair": "niewenhua",
        "agenda": [
            "区发改局通报“十五五”专项规划编制总体安排",
            "委员和智库专家发言",
            "区长回应委员意见",
            "区政协主席讲话",
        ],
        "attendees": [
            "niewenhua",
            "yuhong",
            "zhongwei",
            "qixiaomei",
            "shenyifan",
            "kewenjing",
            "sunjianping",
            "jiangtao",
            "luzhenhua",
            "weiguoliang",
            "wangxiaolan",
            "xiayutong",
            "caimingzhu",
            "zhouqihang",
        ],
        "leave": [{"username": "tiansiyuan", "reason": "参加省级项目评审"}],
        "observers": [
            "区委副书记、区长 邓晓峰",
            "副区长 孔德辉",
            "区发展和改革局局长 邬建华",
            "湖北省社会科学院研究员 祝家辉",
        ],
        "held": True,
    },
    {
        "key": "m04",
        "topic": "t02",
        "form": "grassroots",
        "title": "“有事好商量”协商议事：锦江苑社区老旧楼栋加装电梯费用分摊",
        "start": "2026-10-22 14:30",
        "end": "2026-10-22 16:30",
        "venue": "江堤街锦江苑社区“有事好商量”协商议事室",
        "chair": "zhongwei",
        "agenda": [
            "社区通报加装电梯意向调查情况",
            "高、低楼层住户代表分别发言",
            "物业企业和施工单位说明方案",
            "政协委员、街道和部门回应",
            "形成协商共识并在小区公示",
        ],
        "attendees": ["zhongwei", "guoxinmin", "qinxuemei", "chengxiaoyan", "fanlijuan"],
        "leave": [],
        "observers": [
            "江堤街道办事处副主任 桂晓红",
            "区住房和城乡建设局副局长 欧阳帆",
            "居民代表 冉德福",
            "物业项目经理 庞伟",
        ],
        "held": True,
    },
    {
        "key": "m05",
        "topic": "t04",
        "form": "biweekly",
        "title": "双周协商座谈会：优化民营经济营商环境",
        "start": "2026-12-17 09:00",
        "end": "2026-12-17 11:30",
        "venue": "区政协二楼会议室",
        "chair": "qixiaomei",
        "agenda": [
            "通报优化民营经济营商环境专题调研情况",
            "民建汉阳区委代表发言",
            "委员和企业家代表座谈交流",
            "区政府有关部门回应",
        ],
        "attendees": [
            "qixiaomei",
            "shaomingzhe",
            "wangxiaolan",
            "weiguoliang",
            "sunjianping",
            "shenyifan",
            "zhouqihang",
            "xiongjianguo",
            "jiangtao",
        ],
        "leave": [],
        "observers": [
            "副区长 孔德辉",
            "区发展和改革局局长 邬建华",
            "区政务服务和大数据管理局局长 应晓东",
        ],
        "held": False,
    },
]


# Speeches at the meetings. With on_behalf_of set, speaker is the 宣读人;
# written speeches have minutes 0. Officials in responses are invented.
SPEECHES = [
    {
        "meeting": "m01",
        "speaker": "dinghuimin",
        "on_behalf_of": "民盟汉阳区委",
        "title": "推动部门网格与社区网格“一张网”融合",
        "mode": "oral",
        "kind": "theme",
        "minutes": 7,
        "text": (
            "民盟汉阳区委在调研中看到，网格化治理引入信息化手段以后，各部门仍然分头采集信息，"
            "彼此之间难以调用，采集到的数据也没有真正用起来。为此建议："
            "\n\n"
            "1. 以社区网格为底图，推动各部门按社区网格调整工作网格，"
            "每个部门网格都能对应到一个或若干个社区网格；\n"
            "2. 统一网格事项清单和数据标准，网格员一次采集，各部门按权限共享；\n"
            "3. 网格上报事件分级流转、限时办结，办理结果回传网格员和居民，让一张网覆盖全区、"
            "不留空白。"
        ),
        "response": {
            "official": "区委常委、政法委书记 宁卫华",
            "text": (
                "网格融合是今年要重点突破的工作。区委政法委将牵头制定部门网格与社区网格融合实施方案"
                "，先在晴川、江堤两个街道试点，年底前总结出可复制的做法。"
            ),
        },
    },
    {
        "meeting": "m01",
        "speaker": "daijingyi",
        "on_behalf_of": None,
        "title": "以智能化、专业化为社区治理赋能",
        "mode": "oral",
        "kind": "theme",
        "minutes": 6,
        "text": (
            "我在洲头社区担任主任助理两年多，最深的体会是社区人手紧、事情杂。"
            "三支队伍下沉后社区力量明显增强，但对照超大城市治理的要求，方法上还要创新。"
            "一是推进治理智能化，把高频服务事项搬到线上，让数据多跑路、居民少跑腿；"
            "二是推进队伍专业化，为社区工作者开设法律、心理、调解等专题培训，"
            "建立职业等级与待遇挂钩机制；三是引入社会组织和专业社工承接养老、助残、青少年服务项目，"
            "让专业的人做专业的事。"
        ),
        "response": None,
    },
    {
        "meeting": "m01",
        "speaker": "qinxuemei",
        "on_behalf_of": None,
        "title": "给社区减负，把时间还给居民",
        "mode": "oral",
        "kind": "theme",
        "minutes": 6,
        "text": (
            "我在社区工作了十六年。社区是服务居民的最后一百米，可现在大量精力花在了填表和迎检上。"
            "去年我们社区收到的各类报表有一百多种，同一组数据常常要报给四五个部门。建议："
            "一是推行扁平化管理，部门能直接办的事不再层层转给社区；二是制定社区工作事项准入清单，"
            "清单外事项不得随意下派；三是系统里能提取的数据不再让社区重复填报。"
            "社工的时间多花在走家串户上，居民的满意度自然就上去了。"
        ),
        "response": {
            "official": "区民政局局长 沙立群",
            "text": (
                "社区减负是基层反映最强烈的问题之一。区民政局正在起草社区工作事项准入清单，"
                "下月征求各街道和社区意见，欢迎委员们一起把关。"
            ),
        },
    },
    {
        "meeting": "m01",
        "speaker": "gongweidong",
        "on_behalf_of": None,
        "title": "借执法力量下沉之机，规范街道综合执法",
        "mode": "oral",
        "kind": "theme",
        "minutes": 7,
        "text": (
            "执法力量下沉街道后，街道发现和处置问题的能力明显提升，但也出现了新情况："
            "部分下放事项街道缺少专业人员和技术手段，接得住却管不好；有的事项部门和街道都能管，"
            "出了问题又相互推诿。建议：一是对已下放事项开展评估，厘清街道与部门的执法边界，"
            "该收回的收回、该保留的配强力量；二是把执法依据汇编成册，统一文书格式和裁量标准；"
            "三是建立执法过错责任追究、案卷质量评查等制度，评查结果定期公开。"
        ),
        "response": {
            "official": "区城市管理执法局局长 晏志刚",
            "text": (
                "我们将会同区司法局对下放街道的执法事项开展评估，对承接困难的事项提出调整意见，"
                "同时组织街道执法人员分批轮训，年内完成一轮案卷评查。"
            ),
        },
    },
    {
        "meeting": "m01",
        "speaker": "yanhaiyan",
        "on_behalf_of": None,
        "title": "把全周期管理理念融入社区健康治理",
        "mode": "oral",
        "kind": "theme",
        "minutes": 5,
        "text": (
            "社区是公共卫生的第一道防线。目前社区卫生服务中心与居委会、"
            "网格员之间主要靠电话和微信群沟通，平时联系不够紧密。建议："
            "一是建立社区卫生服务中心与社区“两委”联席机制，每季度研究一次居民健康问题；"
            "二是在依法授权的前提下，把慢病患者、独居老人等重点人群的健康需求纳入网格服务，"
            "做到早发现、早干预；三是每个社区组建一支应急志愿者队伍，定期演练，平时服务居民、"
            "急时拉得出用得上。"
        ),
        "response": None,
    },
    {
        "meeting": "m01",
        "speaker": "weiguoliang",
        "on_behalf_of": None,
        "title": "引导驻区企业参与共建共治",
        "mode": "oral",
        "kind": "theme",
        "minutes": 6,
        "text": (
            "企业既是城市治理的对象，也可以成为治理的参与者。我们公司与所在社区签订共建协议，"
            "企业出场地、出志愿者，社区出组织、出项目，近两年联合开展了就业招聘、"
            "老年人智能手机培训等活动，居民反响很好。建议：一是在全区推广社区与驻区企业结对共建，"
            "建立共建项目清单；二是对积极参与社区治理的企业，在评先评优中给予适当倾斜；"
            "三是引导物业企业参与老旧小区治理，形成党建引领、物业服务、居民自治的联动格局。"
        ),
        "response": None,
    },
    {
        "meeting": "m03",
        "speaker": "shenyifan",
        "on_behalf_of": None,
        "title": "专项规划要在“实”字上下功夫",
        "mode": "oral",
        "kind": "theme",
        "minutes": 8,
        "text": (
            "专项规划是规划纲要落地的施工图。编制中建议把握三点：一是目标要实，"
            "把纲要确定的指标分解到年度、落实到项目，避免纲要热、专项冷；二是项目要实，"
            "立足汉阳的产业基础和区位条件，谋划一批能落地、见效快的重大项目，"
            "建立项目储备库并滚动更新；三是衔接要实，各专项规划之间、"
            "专项规划与国土空间规划之间做到底图一致、数据一致。同时建议建立规划实施年度评估制度，"
            "评估结果向区政协通报。"
        ),
        "response": {
            "official": "区委副书记、区长 邓晓峰",
            "text": (
                "委员们的意见很有针对性。区政府将对专项规划实行目录清单管理，统一底图底数，"
                "规划实施情况每年向区政协通报，欢迎委员们持续监督。"
            ),
        },
    },
    {
        "meeting": "m03",
        "speaker": "kewenjing",
        "on_behalf_of": None,
        "title": "在专项规划中用好汉阳历史文化资源",
        "mode": "written",
        "kind": "plenary",
        "minutes": 0,
        "text": (
            "古琴台、晴川阁、归元禅寺和汉阳造工业遗存是汉阳独特的城市名片。"
            "建议在城市更新和文化旅游专项规划中：一是划定历史文化保护范围，明确老街巷、"
            "工业遗存的保护要求；二是坚持小规模、渐进式更新，避免大拆大建，留住城市记忆；"
            "三是把文化资源与滨水空间、公共服务设施统筹布局，串点成线形成文化体验路线，"
            "让历史资源既保护得好、又用得活。"
        ),
        "response": None,
    },
    {
        "meeting": "m02",
        "speaker": "pengjun",
        "on_behalf_of": None,
        "title": "建议在汉江湾沿线先行试点溢流口在线监测",
        "mode": "oral",
        "kind": "interactive",
        "minutes": 4,
        "text": (
            "听了承办单位的办理情况介绍，我补充一条具体建议。溢流口监测是目前最薄弱的环节，"
            "建议先在琴台段3个主要溢流口试点安装流量和水质在线监测设备，"
            "数据同步推送给区水务和湖泊局和生态环境分局，运行一年后评估效果再全线推广。"
            "监测数据也应定期向提案人和社会公开，接受监督，让这件提案真正从纸面落到岸线上。另外，"
            "建议把沿线排口巡查与河湖长巡河结合起来，减少重复巡查。"
        ),
        "response": {
            "official": "武汉市生态环境局汉阳分局局长 莫海涛",
            "text": (
                "这条建议切实可行。我们将会同区水务和湖泊局制定试点方案，"
                "争取年内完成琴台段监测设备安装，监测数据按季度向提案人通报。"
            ),
        },
    },
]


# Issued minutes (纪要).
MINUTES = [
    {
        "meeting": "m01",
        "number": "第3期",
        "body": (
            "一、"
            "会议概况\n\n"
            "2026年8月12日上午，区政协召开专题议政性常委会议，"
            "围绕“提升基层社会治理水平”协商议政。区政协主席聂文华主持会议，"
            "区委书记陆建明出席并讲话，区委政法委、区民政局、区城市管理执法局、"
            "区政务服务和大数据管理局负责同志到会听取意见。会上通报了专题调研情况，6位常委、"
            "委员作主题发言，部分委员参加互动交流。"
            "\n\n"
            "二、"
            "主要意见建议\n\n"
            "（一）推动部门网格与社区网格融合，统一事项清单和数据标准，实现一次采集、多方共享。\n"
            "（二）制定社区工作事项准入清单，推行扁平化管理，切实为社区减负。\n"
            "（三）评估下放街道的执法事项，健全执法过错追究和案卷评查制度。\n"
            "（四）建立社区卫生服务中心与社区“两委”联席机制，提升社区应急能力。\n"
            "（五）推广社区与驻区企业结对共建，引导物业企业参与老旧小区治理。"
            "\n\n"
            "陆建明对委员们的意见建议给予肯定，要求相关部门逐条研究吸收，并希望委员们立足社区岗位，"
            "多反映群众呼声，多提务实管用之策。"
            "\n\n"
            "三、"
            "下一步工作\n\n"
            "会议审议通过《关于提升基层社会治理水平的建议案》，报送区委、区政府。"
            "区政协将跟踪建议案落实情况，适时组织委员开展视察监督。"
        ),
        "issued_on": date(2026, 8, 19),
    },
]


# Consultation results sent to the party committee and government, with the
# leaders' instructions (批示) and implementation follow-up.
RESULTS = [
    {
        "topic": "t01",
        "kind": "recommendation",
        "title": "关于提升基层社会治理水平的建议案",
        "recipient": "区委、区政府",
        "sent_on": date(2026, 8, 28),
        "instruction": {
            "by": "区委书记 陆建明",
            "date": date(2026, 9, 2),
            "text": (
                "建议案针对性强。请区委政法委牵头，区民政局、区城市管理执法局、"
                "区政务服务和大数据管理局按职责逐条研究落实，年底前将落实情况报区委并反馈区政协。"
            ),
        },
        "adoption": "partly",
        "followups": [
            {
                "date": date(2026, 9, 25),
                "text": (
                    "区委政法委制定部门网格与社区网格融合实施方案，在晴川、江堤两个街道启动试点。"
                ),
            },
            {
                "date": date(2026, 11, 10),
                "text": (
                    "区民政局印发社区工作事项准入清单（试行），清单外事项须经区级审核；"
                    "下放执法事项评估仍在进行中。"
                ),
            },
        ],
    },
    {
        "topic": "t03",
        "kind": "special_report",
        "title": "关于科学编制“十五五”专项规划的协商专报",
        "recipient": "区委、区政府",
        "sent_on": date(2026, 5, 8),
        "instruction": {
            "by": "区委副书记、区长 邓晓峰",
            "date": date(2026, 5, 12),
            "text": (
                "请区发改局会同各专项规划编制单位认真吸纳，统一底图底数，建立专项规划目录清单，"
                "吸纳情况书面反馈区政协。"
            ),
        },
        "adoption": "adopted",
        "followups": [
            {
                "date": date(2026, 7, 15),
                "text": "区发改局印发专项规划目录清单，明确23项专项规划的编制单位和报批时限。",
            },
            {
                "date": date(2026, 10, 20),
                "text": (
                    "区发改局书面反馈：专报提出的12条建议已全部吸纳，"
                    "规划实施年度评估制度已写入专项规划管理办法。"
                ),
            },
        ],
    },
    {
        "topic": "t02",
        "kind": "opinion",
        "title": "关于深化“有事好商量”协商议事室建设的意见建议",
        "recipient": "区委、区政府",
        "sent_on": date(2026, 11, 6),
        "instruction": None,
        "adoption": None,
        "followups": [],
    },
]
