"""Fixed tables the demo data is drawn from: places, parks, departments, sector profiles and name pools.

Street names follow /work/shared/reference/jinpu-areas.md (a secondary source, reorganised since 2016);
centres and outlines are hand-placed approximations in WGS-84, not surveyed boundaries. Every position is
written (lon, lat), the GeoJSON order.
"""

from typing import NamedTuple

from worksafety.registry.choices import LicenceKind

DISTRICT_CODE = "210213"
DISTRICT_NAME = "金普新区"

# Hand-drawn, clockwise from the 金州湾 shore: the south border with 甘井子区 and the 大孤山 peninsula, the
# Yellow Sea coast past 金石滩 up to 杏树, the inland border with 普兰店, and down the Bohai coast from
# 复州湾 past 松木岛.
DISTRICT_OUTLINE = {
    "type": "Polygon",
    "coordinates": [[
        [121.600, 39.020], [121.680, 39.000], [121.740, 38.990], [121.780, 38.960], [121.830, 38.950],
        [121.880, 38.960], [121.900, 39.000], [121.920, 39.030], [121.960, 39.040], [122.020, 39.030],
        [122.070, 39.060], [122.060, 39.110], [122.050, 39.160], [122.100, 39.210], [122.160, 39.250],
        [122.200, 39.300], [122.170, 39.360], [122.080, 39.400], [121.980, 39.450], [121.930, 39.520],
        [121.860, 39.580], [121.780, 39.630], [121.680, 39.650], [121.580, 39.650], [121.500, 39.610],
        [121.460, 39.530], [121.470, 39.450], [121.520, 39.380], [121.550, 39.300], [121.580, 39.220],
        [121.570, 39.150], [121.560, 39.090], [121.580, 39.050], [121.600, 39.020],
    ]],
}


class Street(NamedTuple):
    name: str
    lon: float
    lat: float
    # How far enterprises spread around the centre (one standard deviation): the old town is dense,
    # the rural streets are wide.
    spread_km: float
    communities: tuple[str, ...]


# In the reference list's order, which fixes the codes 210213001, 210213002, …
STREETS = (
    Street("马桥子街道", 121.800, 39.055, 1.5, ("马桥子社区", "金马社区", "松岚社区")),
    Street("海青岛街道", 121.845, 39.045, 1.5, ("海青社区", "青云社区")),
    Street("大孤山街道", 121.800, 39.020, 2.0, ("大孤山社区", "港东社区", "石槽村")),
    Street("湾里街道", 121.745, 39.040, 2.0, ("湾里社区", "西山社区", "前关村")),
    Street("董家沟街道", 121.780, 39.075, 2.0, ("董家沟社区", "金湾社区", "龙王庙村")),
    Street("金石滩街道", 122.000, 39.080, 2.5, ("金石滩社区", "满家滩村", "河咀村")),
    Street("站前街道", 121.705, 39.100, 1.0, ("站前社区", "北山社区")),
    Street("光明街道", 121.720, 39.090, 1.0, ("光明社区", "南山社区")),
    Street("中长街道", 121.700, 39.120, 1.2, ("中长社区", "东山社区")),
    Street("先进街道", 121.725, 39.110, 1.0, ("先进社区", "和平社区")),
    Street("拥政街道", 121.690, 39.105, 1.0, ("拥政社区", "西门社区")),
    Street("友谊街道", 121.700, 39.085, 1.2, ("友谊社区", "五一社区", "南关社区")),
    Street("华家街道", 121.990, 39.290, 3.5, ("华家村", "上河村", "东马屯村")),
    Street("石河街道", 121.800, 39.220, 3.5, ("石河村", "东沟村", "驿城堡村")),
    Street("七顶山街道", 121.760, 39.330, 3.5, ("七顶山村", "老虎山村", "西沟村")),
    Street("大魏家街道", 121.880, 39.150, 3.0, ("大魏家村", "后石村", "三里村")),
    Street("杏树街道", 122.110, 39.280, 3.0, ("杏树屯村", "王家村", "渔港社区")),
    Street("登沙河街道", 122.020, 39.190, 3.0, ("登沙河社区", "临海村", "河口村")),
    Street("亮甲店街道", 121.930, 39.220, 3.0, ("亮甲店村", "土门子村", "前石村")),
    Street("炮台街道", 121.720, 39.550, 3.5, ("炮台社区", "双岛村", "西海村")),
    Street("复州湾街道", 121.580, 39.590, 3.0, ("复州湾社区", "东岗村", "盐场村")),
    Street("大李家街道", 121.850, 39.480, 3.5, ("大李家村", "城子村", "柳树村")),
    Street("二十里堡街道", 121.670, 39.190, 2.5, ("二十里堡社区", "亮子村")),
    Street("三十里堡街道", 121.660, 39.310, 3.0, ("三十里堡社区", "松木岛村", "东庙村")),
)


class Zone(NamedTuple):
    code: str
    name: str
    lon: float
    lat: float
    spread_km: float


ZONES = (
    Zone("210213901", "大连经济技术开发区", 121.810, 39.065, 2.0),
    Zone("210213902", "大连保税区", 121.875, 39.030, 1.2),
)


class ParkLayout(NamedTuple):
    code: str
    name: str
    street: str
    # 化工园区安全风险等级: A 高, B 较高, C 一般, D 较低 (《化工园区安全风险排查治理导则》).
    safety_rating: str
    outline: dict


PARKS = (
    ParkLayout("dagushan", "大孤山化工区", "大孤山街道", "C类", {
        "type": "Polygon",
        "coordinates": [[
            [121.800, 38.975], [121.840, 38.968], [121.862, 38.985], [121.858, 39.005], [121.830, 39.012],
            [121.805, 39.000], [121.800, 38.975],
        ]],
    }),
    ParkLayout("songmudao", "松木岛化工园区", "三十里堡街道", "D类", {
        "type": "Polygon",
        "coordinates": [[
            [121.575, 39.370], [121.625, 39.362], [121.645, 39.385], [121.635, 39.410], [121.595, 39.415],
            [121.578, 39.395], [121.575, 39.370],
        ]],
    }),
)


class DepartmentRow(NamedTuple):
    code: str
    name: str
    sector_codes: tuple[str, ...]
    phone: str


DEPARTMENTS = (
    DepartmentRow("yjj", "区应急管理局", ("hazchem", "mining", "industry_trade", "fireworks"), "0411-87611200"),
    DepartmentRow("jtj", "区交通运输局", ("road_transport", "transport"), "0411-87612300"),
    DepartmentRow("zjj", "区住房和城乡建设局", ("construction", "urban_gas"), "0411-87613400"),
    DepartmentRow("scjg", "区市场监督管理局", ("special_equipment",), "0411-87614500"),
    DepartmentRow("xf", "区消防救援大队", ("fire_key_unit",), "0411-87615119"),
    DepartmentRow("nyncj", "区农业农村局", ("agri_fishery",), "0411-87616700"),
    DepartmentRow("fgj", "区发展和改革局", ("power",), "0411-87617800"),
    DepartmentRow("gaj", "区公安分局", ("fireworks", "road_transport"), "0411-87618110"),
    # 商贸 (shops, markets, hotels' trade side) is the 商 in 工贸.
    DepartmentRow("swj", "区商务局", ("industry_trade",), "0411-87619000"),
    DepartmentRow("cgj", "区城市管理局", ("urban_gas",), "0411-87620100"),
)


class Business(NamedTuple):
    """One line of business within a sector: its GB/T 4754-2017 class, name ending and licence."""

    industry_code: str
    name_suffix: str
    weight: int = 1
    licence: str | None = None
    # Production and use sites of hazardous chemicals belong in a chemical park; traders do not.
    in_park: bool = False
    # GB 32100 registration authority and organisation category: 91 company, 92 sole trader, 93 co-op.
    uscc_prefix: str = "91"


# Weights of standardisation grades 一级, 二级, 三级, 未达标: high-hazard sectors are pushed hardest to grade.
HIGH_HAZARD_GRADES = (4, 30, 50, 16)
ORDINARY_GRADES = (1, 12, 42, 45)
LOW_HAZARD_GRADES = (0, 4, 26, 70)


class SectorProfile(NamedTuple):
    code: str
    full_count: int
    small_count: int
    above_scale_share: float
    small_staff: tuple[int, int]
    above_staff: tuple[int, int]
    grade_weights: tuple[int, int, int, int]
    businesses: tuple[Business, ...]
    # Areas (street or zone names) this sector's enterprises are placed in; empty means any street.
    places: tuple[str, ...] = ()


_RURAL_COAST = ("金石滩街道", "杏树街道", "登沙河街道", "华家街道", "复州湾街道", "炮台街道", "三十里堡街道")
_HILLS = ("七顶山街道", "大李家街道", "炮台街道", "复州湾街道", "石河街道", "亮甲店街道")

# In sectors.json order; full counts add up to 600, small ones to 65.
SECTOR_PROFILES = (
    SectorProfile("hazchem", 120, 12, 0.6, (15, 90), (100, 1200), HIGH_HAZARD_GRADES, (
        Business("C2614", "化工有限公司", 4, LicenceKind.SAFETY_PRODUCTION, in_park=True),
        Business("C2619", "精细化工有限公司", 3, LicenceKind.SAFETY_PRODUCTION, in_park=True),
        Business("C2511", "石化有限公司", 2, LicenceKind.SAFETY_PRODUCTION, in_park=True),
        Business("C2651", "新材料有限公司", 2, LicenceKind.SAFETY_PRODUCTION, in_park=True),
        Business("C2641", "涂料有限公司", 1, LicenceKind.HAZCHEM_USE, in_park=True),
        Business("C2662", "化学助剂有限公司", 2, LicenceKind.HAZCHEM_USE, in_park=True),
        Business("F5169", "化工贸易有限公司", 3, LicenceKind.HAZCHEM_OPERATION),
        Business("F5162", "石油化工销售有限公司", 1, LicenceKind.HAZCHEM_OPERATION),
        Business("F5265", "加油站有限公司", 2, LicenceKind.HAZCHEM_OPERATION),
    )),
    SectorProfile("mining", 12, 2, 0.25, (8, 40), (60, 220), HIGH_HAZARD_GRADES, (
        Business("B1019", "矿业有限公司", 2, LicenceKind.MINING_SAFETY),
        Business("B1011", "石灰石矿业有限公司", 1, LicenceKind.MINING_SAFETY),
        Business("B1012", "石材有限公司", 1, LicenceKind.MINING_SAFETY),
    ), _HILLS),
    SectorProfile("industry_trade", 175, 18, 0.3, (10, 90), (100, 2000), ORDINARY_GRADES, (
        Business("C3484", "机械制造有限公司", 4),
        Business("C3311", "钢结构工程有限公司", 2),
        Business("C3360", "热处理有限公司", 1),
        Business("C3130", "钢材加工有限公司", 1),
        Business("C3670", "汽车零部件有限公司", 2),
        Business("C3451", "轴承有限公司", 2),
        Business("C1361", "水产食品有限公司", 2),
        Business("C2231", "包装制品有限公司", 1),
        Business("C2110", "家具有限公司", 1),
        Business("C2929", "塑料制品有限公司", 1),
    )),
    SectorProfile("power", 15, 2, 0.8, (10, 50), (60, 600), HIGH_HAZARD_GRADES, (
        Business("D4412", "热电有限公司", 2),
        Business("D4415", "风力发电有限公司", 1),
        Business("D4416", "光伏发电有限公司", 1),
        Business("D4420", "供电服务有限公司", 1),
    )),
    SectorProfile("fire_key_unit", 50, 5, 0.4, (20, 150), (150, 1500), LOW_HAZARD_GRADES, (
        Business("H6110", "大酒店有限公司", 2),
        Business("F5211", "商场有限公司", 2),
        Business("F5212", "超市有限公司", 2),
        Business("Q8411", "医院有限公司", 1),
        Business("K7020", "物业管理有限公司", 2),
    )),
    SectorProfile("road_transport", 46, 5, 0.2, (10, 80), (100, 600), ORDINARY_GRADES, (
        Business("G5431", "物流有限公司", 4, LicenceKind.ROAD_TRANSPORT),
        Business("G5433", "集装箱运输有限公司", 2, LicenceKind.ROAD_TRANSPORT),
        Business("G5432", "冷链物流有限公司", 1, LicenceKind.ROAD_TRANSPORT),
        Business("G5435", "危险货物运输有限公司", 2, LicenceKind.ROAD_TRANSPORT),
        Business("G5422", "旅游客运有限公司", 1, LicenceKind.ROAD_TRANSPORT),
    )),
    SectorProfile("transport", 20, 2, 0.5, (20, 120), (150, 1500), ORDINARY_GRADES, (
        Business("G5532", "港务有限公司", 2),
        Business("G5522", "海运有限公司", 1),
        Business("G5411", "公交客运有限公司", 1),
        Business("G5821", "国际货运代理有限公司", 1),
    )),
    SectorProfile("construction", 45, 5, 0.35, (20, 150), (200, 3000), ORDINARY_GRADES, (
        Business("E4710", "建筑工程有限公司", 4, LicenceKind.CONSTRUCTION_SAFETY),
        Business("E4813", "市政工程有限公司", 2, LicenceKind.CONSTRUCTION_SAFETY),
        Business("E4812", "路桥工程有限公司", 1, LicenceKind.CONSTRUCTION_SAFETY),
        Business("E4910", "机电安装工程有限公司", 1, LicenceKind.CONSTRUCTION_SAFETY),
        Business("E5011", "装饰工程有限公司", 1, LicenceKind.CONSTRUCTION_SAFETY),
    )),
    SectorProfile("special_equipment", 35, 4, 0.3, (10, 80), (100, 800), ORDINARY_GRADES, (
        Business("C3435", "电梯有限公司", 2),
        Business("C3332", "压力容器制造有限公司", 1),
        Business("C3411", "锅炉有限公司", 1),
        Business("D4430", "供热有限公司", 2),
    )),
    SectorProfile("functional_zone", 12, 2, 0.4, (10, 60), (80, 400), LOW_HAZARD_GRADES, (
        Business("L7221", "园区运营管理有限公司", 1),
        Business("L7222", "商业管理有限公司", 1),
        Business("G5920", "保税仓储有限公司", 2),
    ), tuple(zone.name for zone in ZONES)),
    SectorProfile("agri_fishery", 30, 3, 0.1, (3, 30), (50, 200), LOW_HAZARD_GRADES, (
        Business("A0411", "水产养殖专业合作社", 3, uscc_prefix="93"),
        Business("A0411", "海珍品养殖有限公司", 2),
        Business("A0421", "海洋渔业有限公司", 1),
        Business("A0151", "果业专业合作社", 2, uscc_prefix="93"),
    ), _RURAL_COAST),
    SectorProfile("fireworks", 25, 3, 0.0, (1, 6), (1, 6), LOW_HAZARD_GRADES, (
        Business("F5239", "烟花爆竹零售店", 5, LicenceKind.FIREWORKS, uscc_prefix="92"),
        Business("F5139", "烟花爆竹批发有限公司", 1, LicenceKind.FIREWORKS),
    )),
    SectorProfile("urban_gas", 15, 2, 0.5, (15, 80), (100, 900), HIGH_HAZARD_GRADES, (
        Business("D4511", "燃气有限公司", 2, LicenceKind.GAS_OPERATION),
        Business("D4511", "天然气有限公司", 1, LicenceKind.GAS_OPERATION),
        Business("D4512", "液化石油气有限公司", 1, LicenceKind.GAS_OPERATION),
    )),
)

# Shares of enterprise status: operating, suspended, closed.
STATUS_WEIGHTS = (90, 6, 4)


class LicenceStyle(NamedTuple):
    number: str  # format string with {year} (year of issue) and {serial}
    issuer: str


LICENCE_STYLES = {
    LicenceKind.SAFETY_PRODUCTION: LicenceStyle("(辽)WH安许证字〔{year}〕{serial:04d}号", "大连市应急管理局"),
    LicenceKind.HAZCHEM_OPERATION: LicenceStyle("辽大金危化经字〔{year}〕{serial:05d}", "大连金普新区应急管理局"),
    LicenceKind.HAZCHEM_USE: LicenceStyle("辽大危化使字〔{year}〕{serial:05d}", "大连市应急管理局"),
    LicenceKind.FIREWORKS: LicenceStyle("(辽大)YH经许证字〔{year}〕{serial:04d}号", "大连金普新区应急管理局"),
    LicenceKind.GAS_OPERATION: LicenceStyle("辽{year}210213{serial:04d}G", "大连市城市管理局"),
    LicenceKind.ROAD_TRANSPORT: LicenceStyle("辽交运管许可大字210213{serial:06d}号", "大连金普新区交通运输局"),
    LicenceKind.CONSTRUCTION_SAFETY: LicenceStyle("(辽)JZ安许证字〔{year}〕{serial:06d}", "辽宁省住房和城乡建设厅"),
    LicenceKind.MINING_SAFETY: LicenceStyle("(辽)FM安许证字〔{year}〕{serial:04d}号", "大连市应急管理局"),
}

# Trade names (字号) that enterprise names are built from: "大连" + trade name + business suffix.
TRADE_NAMES = (
    "恒达", "金泰", "鑫源", "华信", "宏远", "盛泰", "嘉禾", "瑞丰", "永泰", "天宇", "海晟", "北辰", "富华", "长兴",
    "润通", "中扬", "宏图", "鸿运", "凯达", "兴隆", "福源", "安泰", "祥和", "新港", "振华", "博远", "路通", "德润",
    "诚信", "利民", "金达", "金港", "海川", "海纳", "恒信", "永和", "聚鑫", "益丰", "广源", "天成", "宝信", "辽海",
    "渤海", "黄海", "金湾", "滨城", "星海", "东港", "启航", "远帆", "明辉", "鼎盛", "泰和", "隆顺", "佳宁", "诺达",
    "翔宇", "腾飞", "正阳", "弘毅", "达成", "华瑞", "昌盛", "金源", "晟达", "宇恒", "百川", "汇通", "同创", "众诚",
    "万顺", "和信", "信诚", "君泰", "海达", "东盛", "盛达", "兴达", "润泽", "康达", "万隆", "金峰", "龙腾", "丰源",
    "新元", "安顺", "成达", "华远", "泓源", "裕丰", "中恒", "久安", "荣华", "锦程", "奥达", "金石", "连盛", "港城",
)

# Common surnames, with 于, 丛, 曲, 隋, 衣 and 宫, which are frequent on the Liaodong peninsula.
SURNAMES = (
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭",
    "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "曹", "袁", "邓", "许", "沈", "曾", "彭",
    "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶", "姜", "范", "孟", "邹", "姚", "尹", "丛", "曲",
    "隋", "衣", "宫",
)
GIVEN_NAMES = (
    "建国", "志强", "伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "秀兰", "霞", "平", "刚", "桂英", "玉兰", "海燕", "文", "辉", "鹏", "宇", "浩", "红", "雪", "斌",
    "波", "宁", "晶", "东", "亮", "志刚", "春梅", "海涛", "立新", "德胜", "丹", "凯", "俊", "晓东", "凤霞",
    "国庆", "永刚", "长江", "淑珍", "玉梅", "金龙", "红梅",
)

ROADS = (
    "金马路", "辽河西路", "黄海中路", "淮河西路", "东北大街", "双D港路", "铁山西路", "滨海路", "金石路", "振兴路",
    "友谊街", "光明路", "南山路", "北大街", "新港路", "临港路", "开发大道", "站前路", "华农路", "工业园路",
    "永安大街", "和平路", "胜利路", "南关路", "港东路", "兴港路",
)
