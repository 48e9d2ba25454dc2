"""Generated Chinese text for the scale body (``seed-scale``): names, unit names, proposal
titles and bodies, replies, topics, meetings, speeches and minutes.

Sentences are assembled from templates and word lists written for this module (the
vocabulary follows the demo body's subjects: 养老, 医保, 教育, 生态, 基层治理 …), so the
text varies enough for search benchmarks: a topic word appears in a few per cent of the
proposals, the vocabulary of proposals ("建议", "推进") in nearly all of them, and place
names in a fraction. Everything is drawn from a seeded ``random.Random``: the same
arguments give the same body."""

from __future__ import annotations

import random

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
            "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹"
            "薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("建国文华明志强秀英丽娟海波春梅晓东红霞国庆玉兰永刚桂芳子涵雨欣浩然思远嘉怡"
         "一鸣雅文俊杰慧敏立新振华卫东学军爱民少华利平安琪宇航佳琪梦瑶天佑家豪晨曦泽宇"
         "静怡若溪景行知远明轩书恒")

# 界别: the national body's sectors (the demo's fifteen and the rest).
SECTORS = (
    "中共", "民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟", "无党派人士",
    "共青团和全国青联", "总工会", "妇联", "科协", "台联", "工商联", "文化艺术界", "科技界",
    "社会科学界", "经济界", "农业和农村界", "教育界", "体育界", "新闻出版界", "医药卫生界",
    "对外友好界", "社会福利和社会保障界", "少数民族界", "宗教界", "特邀香港人士",
    "特邀澳门人士", "特别邀请人士", "环境资源界", "港澳台侨界",
)
COMMITTEES = (
    "提案委员会", "经济委员会", "农业和农村委员会", "人口资源环境委员会", "教科卫体委员会",
    "社会和法制委员会", "民族和宗教委员会", "港澳台侨委员会", "外事委员会",
    "文化文史和学习委员会",
)
COLLECTIVES = (
    "民革中央", "民盟中央", "民建中央", "民进中央", "农工党中央", "致公党中央", "九三学社中央",
    "台盟中央", "全国工商联", "共青团中央", "全国妇联", "中国科协", "提案委员会", "经济界委员小组",
    "教育界委员小组", "医药卫生界委员小组",
)
WORK_UNITS = ("大学", "医院", "研究院", "律师事务所", "集团有限公司", "中学", "农业合作社",
              "设计院", "出版社", "科技有限公司", "社会组织服务中心", "文化馆")

# Handling units: ministries and commissions, numbered where the level repeats.
UNIT_BASES = (
    ("发展和改革委员会", "发改委"), ("教育局", "教育局"), ("科学技术局", "科技局"),
    ("工业和信息化局", "工信局"), ("民政局", "民政局"), ("司法局", "司法局"),
    ("财政局", "财政局"), ("人力资源和社会保障局", "人社局"), ("自然资源和规划局", "自然资源局"),
    ("生态环境局", "生态环境局"), ("住房和城乡建设局", "住建局"), ("交通运输局", "交通局"),
    ("水利和湖泊局", "水利局"), ("农业农村局", "农业农村局"), ("商务局", "商务局"),
    ("文化和旅游局", "文旅局"), ("卫生健康委员会", "卫健委"), ("退役军人事务局", "退役军人局"),
    ("应急管理局", "应急局"), ("市场监督管理局", "市场监管局"), ("广播电视局", "广电局"),
    ("体育局", "体育局"), ("统计局", "统计局"), ("医疗保障局", "医保局"),
    ("乡村振兴局", "乡村振兴局"), ("粮食和物资储备局", "粮储局"), ("能源局", "能源局"),
    ("林业局", "林业局"), ("数据局", "数据局"), ("税务局", "税务局"),
    ("金融工作局", "金融局"), ("知识产权局", "知识产权局"), ("人民防空办公室", "人防办"),
    ("邮政管理局", "邮政局"), ("文物局", "文物局"), ("中医药管理局", "中医药局"),
    ("疾病预防控制局", "疾控局"), ("消防救援支队", "消防支队"), ("城市管理执法局", "城管局"),
    ("政务服务管理局", "政务服务局"),
)
# Which units a category's proposals go to (by short name).
UNITS_FOR = {
    "society": ("教育局", "民政局", "人社局", "住建局", "卫健委", "医保局", "市场监管局", "疾控局"),
    "economy": ("发改委", "科技局", "工信局", "财政局", "商务局", "农业农村局", "税务局", "金融局",
                "数据局", "知识产权局", "乡村振兴局"),
    "ecology": ("自然资源局", "生态环境局", "水利局", "林业局", "城管局", "住建局", "能源局"),
    "culture": ("文旅局", "广电局", "体育局", "文物局", "教育局"),
    "politics": ("司法局", "民政局", "政务服务局", "应急局", "城管局", "统计局"),
    "other": ("商务局", "文旅局", "发改委"),
}
UNIT_PLACES = ("江城市", "青川区", "云岭区", "海安区", "湖岭县")

# Places invented for the bodies.
PLACES = ("汉江湾", "墨水湖", "龙阳湖", "琴台", "龟山北麓", "江滩", "四新片区", "老城区",
          "新城区", "沿江片区", "东湖新区", "西山县", "南河镇", "北岸街道", "芙蓉社区",
          "东顺苑小区", "麒麟镇", "三江口", "青龙山", "白沙洲", "梅子山", "杨柳湾")

# Subjects by category: (subject, the words it is made of).
SUBJECTS = {
    "society": (
        "社区养老服务", "居家养老", "养老机构医养结合", "农村养老互助", "老年助餐", "失能老人照护",
        "医保报销", "异地就医结算", "基层医疗卫生", "家庭医生签约", "托育服务", "普惠托育",
        "义务教育均衡发展", "学前教育", "职业教育产教融合", "校外培训治理", "中小学课后服务",
        "高校毕业生就业", "灵活就业人员社保", "保障性租赁住房", "老旧小区改造", "加装电梯",
        "残疾人就业", "心理健康服务", "食品安全监管", "公共卫生应急", "社区停车管理",
        "物业服务管理", "新就业形态劳动者权益", "儿童友好城市",
    ),
    "economy": (
        "营商环境", "中小企业融资", "民营经济发展", "数字经济", "跨境电商", "制造业转型升级",
        "科技成果转化", "专精特新企业", "农产品冷链物流", "乡村振兴", "高标准农田建设",
        "县域商业体系", "文旅消费", "夜间经济", "新能源汽车充电设施", "人工智能产业",
        "集成电路产业", "物流降本增效", "知识产权保护", "数据要素市场",
    ),
    "ecology": (
        "长江大保护", "湖泊水环境治理", "雨污分流改造", "黑臭水体治理", "垃圾分类",
        "建筑垃圾资源化利用", "湿地保护修复", "城市绿道建设", "大气污染防治", "碳达峰碳中和",
        "生物多样性保护", "岸线生态修复", "农村人居环境整治", "土壤污染防治", "海绵城市建设",
    ),
    "culture": (
        "非物质文化遗产保护", "公共文化服务", "全民阅读", "历史文化街区保护", "红色文化资源",
        "博物馆建设", "乡村文化振兴", "文艺精品创作", "传统村落保护", "群众体育设施",
        "青少年体育", "数字文化产业",
    ),
    "politics": (
        "基层社会治理", "网格化管理", "协商议事", "法治政府建设", "公共法律服务",
        "政务服务一网通办",
        "社区减负增效", "矛盾纠纷多元化解", "民主监督", "基层协商民主",
    ),
    "other": (
        "对台交流合作", "港澳青年创业", "侨务资源利用", "民族团结进步", "宗教事务依法管理",
        "国际友城合作",
    ),
}

VERBS = ("加快", "推进", "完善", "加强", "促进", "优化", "健全", "深化", "规范", "提升")
TITLE_TEMPLATES = (
    "关于{verb}{subject}的提案",
    "关于进一步{verb}{subject}的建议",
    "关于{place}{subject}问题的提案",
    "关于{verb}{place}{subject}工作的提案",
    "关于在{place}开展{subject}试点的提案",
    "关于{subject}中存在问题及对策的提案",
)
SITUATION = (
    "近年来，{place}{subject}工作取得积极进展，{n1}个试点项目已经完成，覆盖群众约{n2}万人。",
    "据调研，全市现有{subject}相关设施{n1}处，但分布不均，{place}等片区明显不足。",
    "{subject}事关群众切身利益，委员在{place}走访中了解到，群众对此反映较多。",
    "截至{year}年底，{subject}的覆盖率约为{pct}%，与规划目标相比仍有差距。",
    "{place}常住人口约{n2}万人，其中六十岁以上老人占比{pct}%，需求增长较快。",
    "{subject}已列入年度重点工作，有关部门先后出台{n1}项配套措施。",
)
PROBLEMS = (
    "统筹协调不够，部门职责交叉，项目各自立项、缺少一张总图",
    "资金投入渠道单一，主要依赖财政，后期运营维护经费没有稳定来源",
    "基层力量薄弱，专业人才缺口较大，队伍稳定性不高",
    "信息化水平不高，数据分散在各部门，难以共享共用",
    "政策宣传不到位，群众知晓率和参与度偏低",
    "标准规范不健全，监管和考核评价机制有待完善",
    "城乡区域发展不平衡，农村和偏远地区服务供给不足",
    "社会力量参与渠道有限，市场化运营机制尚未形成",
)
SUGGESTIONS = (
    "建议编制{subject}专项规划，明确目标任务、时间节点和责任单位",
    "建议加大财政投入，同时引导社会资本参与{subject}项目建设和运营",
    "建议建立跨部门联席会议制度，定期研究解决{subject}中的重点难点问题",
    "建议依托城市运行管理平台，推动{subject}相关数据互联互通",
    "建议在{place}先行先试，总结经验后在全市推广",
    "建议完善考核评价办法，把{subject}纳入年度绩效考核",
    "建议加强人才队伍建设，落实待遇保障，稳定基层工作力量",
    "建议畅通群众参与渠道，定期公开{subject}工作进展，接受社会监督",
)
REPLY_OPENINGS = (
    "收到您提出的关于{subject}的提案后，我单位高度重视，主要负责同志专门作出批示。",
    "您提出的关于{subject}的提案收悉，现将办理情况答复如下。",
    "感谢您对{subject}工作的关心和支持，经认真研究，现答复如下。",
)
REPLY_MEASURES = (
    "一是将提案所提建议纳入年度重点工作，明确分管领导和责任处室。",
    "二是会同相关部门开展专题调研，在{place}选取试点，制定分步实施方案。",
    "三是积极争取专项资金，{year}年安排{n1}万元用于{subject}项目建设。",
    "四是建立工作台账，定期调度推进情况，确保各项措施落到实处。",
)
REPLY_CLOSINGS = (
    "下一步，我们将继续认真吸纳您的意见建议，推动{subject}工作取得新成效。",
    "欢迎您继续关心支持我们的工作，多提宝贵意见。",
)
MEETING_TITLES = (
    "“{subject}”专题协商会", "围绕{subject}的对口协商会", "{subject}界别协商会",
    "重点提案办理协商会（{subject}）", "双周协商座谈会：{subject}", "专题议政性常委会议：{subject}",
    "基层协商议事会：{place}{subject}",
)
VENUES = ("政协机关第一会议室", "政协机关第三会议室", "委员活动中心", "{place}协商议事室",
          "市民之家报告厅", "{place}街道综合文化站")
SPEECH_TITLES = ("推动{subject}提质增效", "关于{subject}的几点建议", "{place}{subject}的实践与思考",
                 "以{subject}为抓手 增进民生福祉", "补齐{subject}短板")
MINUTES_LINES = (
    "会议听取了有关部门关于{subject}工作情况的通报。",
    "{n1}位委员围绕{subject}作了发言，提出意见建议{n2}条。",
    "会议认为，{subject}工作总体推进有力，但仍存在{problem}等问题。",
    "会议建议，{suggestion}。",
    "有关部门负责同志现场回应了委员关切，表示将认真研究吸纳。",
)


def all_subjects() -> list[tuple[str, str]]:
    return [(cat, s) for cat, subjects in SUBJECTS.items() for s in subjects]


class TextMaker:
    """Every piece of generated text; one seeded random source."""

    def __init__(self, seed: int = 20261127) -> None:
        self.r = random.Random(seed)  # noqa: S311  (repeatable test data, not secrets)
        self._subjects = all_subjects()

    def pick(self, seq: tuple | list) -> str:  # noqa: ANN001
        return seq[self.r.randrange(len(seq))]

    def person_name(self) -> str:
        given = GIVEN[self.r.randrange(len(GIVEN))]
        if self.r.random() < 0.6:
            given += GIVEN[self.r.randrange(len(GIVEN))]
        return self.pick(SURNAMES) + given

    def _fill(self, template: str, subject: str, year: int) -> str:
        r = self.r
        return template.format(
            subject=subject, place=self.pick(PLACES), year=year - 1, n1=r.randint(3, 60),
            n2=r.randint(2, 90), pct=r.randint(12, 88), problem=self.pick(PROBLEMS),
            suggestion=self.pick(SUGGESTIONS).format(subject=subject, place=self.pick(PLACES)),
            verb=self.pick(VERBS))

    def subject(self, category: str | None = None) -> tuple[str, str]:
        if category:
            return category, self.pick(SUBJECTS[category])
        return self._subjects[self.r.randrange(len(self._subjects))]

    def proposal(self, year: int) -> dict[str, str]:
        category, subject = self.subject()
        r = self.r
        title = self._fill(self.pick(TITLE_TEMPLATES), subject, year)
        situation = "".join(self._fill(t, subject, year) for t in r.sample(SITUATION, 2))
        problems = r.sample(PROBLEMS, 3)
        analysis = "\n".join(f"- {p}。" for p in problems)
        suggestions = "\n".join(
            f"{i}. {self._fill(s, subject, year)}。"
            for i, s in enumerate(r.sample(SUGGESTIONS, r.randint(3, 4)), 1))
        return {"title": title[:200], "category": category, "subject": subject,
                "situation": situation, "analysis": analysis, "suggestions": suggestions}

    def reply(self, subject: str, year: int) -> str:
        parts = [self._fill(self.pick(REPLY_OPENINGS), subject, year)]
        parts += [self._fill(m, subject, year) for m in REPLY_MEASURES[:self.r.randint(2, 4)]]
        parts.append(self._fill(self.pick(REPLY_CLOSINGS), subject, year))
        return "\n\n".join(parts)

    def topic(self, year: int) -> dict[str, str]:
        _cat, subject = self.subject()
        return {"title": f"{self.pick(VERBS)}{subject}"[:200],
                "background": self._fill(self.pick(SITUATION), subject, year)
                + self._fill(self.pick(SITUATION), subject, year),
                "feasibility": self._fill(self.pick(SUGGESTIONS), subject, year) + "。",
                "subject": subject}

    def meeting(self, subject: str, year: int) -> dict[str, str]:
        return {"title": self._fill(self.pick(MEETING_TITLES), subject, year)[:200],
                "venue": self._fill(self.pick(VENUES), subject, year),
                "description": self._fill(self.pick(SITUATION), subject, year)}

    def speech(self, subject: str, year: int) -> dict[str, str]:
        body = "\n\n".join(
            [self._fill(self.pick(SITUATION), subject, year)]
            + [f"{i}. {self._fill(s, subject, year)}；"
               for i, s in enumerate(self.r.sample(SUGGESTIONS, 3), 1)])
        return {"title": self._fill(self.pick(SPEECH_TITLES), subject, year)[:200], "body": body}

    def minutes(self, subject: str, year: int) -> str:
        return "\n\n".join(self._fill(line, subject, year) for line in MINUTES_LINES)
